"""Messages of evaluate: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
TEXTS.update(
    {
        # engine: missing values (notes in every output)
        "evaluate.left_empty": (
            "{node}：{who} 留空：其权重中只有 {share:.0%} 有数据（最低 {minimum:.0%}，{source}）",
            "{node}: {who} left empty: only {share:.0%} of its weight has data "
            "(minimum {minimum:.0%}, {source})",
        ),
        "evaluate.rule_source.run config": ("运行配置", "run config"),
        "evaluate.rule_source.index": ("指标体系", "index"),
        "evaluate.rule_source.default": ("默认", "default"),
        "evaluate.missing_override": (
            "缺失值：运行配置的 evaluate.missing（{policy}，最低覆盖率 {minimum:.0%}）适用于所有"
            "节点，取代指标体系在 {nodes} 的规则",
            "missing values: evaluate.missing of the run configuration ({policy}, minimum "
            "coverage {minimum:.0%}) applies at every node, instead of the index's own "
            "rules at {nodes}",
        ),
        "evaluate.missing_default": (
            "缺失值：采用 qualindex 的默认规则（{policy}，最低覆盖率 {minimum:.0%}）；"
            "可在运行配置中设置 evaluate.missing 自行选择",
            "missing values: qualindex's default rule applied ({policy}, minimum coverage "
            "{minimum:.0%}); set evaluate.missing in the run configuration to choose",
        ),
        "evaluate.missing_filled": (
            "缺失值已补齐（{policy}）：{cells}",
            "missing values filled by {policy}: {cells}",
        ),
        "evaluate.no_score_fail": (
            "{who} 在 {node!r} 下没有 {child!r} 的得分，而该节点的缺失值规则为 'fail'",
            "{who} has no score for {child!r} under {node!r}, whose missing-value policy is 'fail'",
        ),
        "evaluate.no_score_fail.fix": (
            "补上该值，或在该节点设置 missing: {{policy: reweight}}",
            "supply the value, or set missing: {{policy: reweight}} on the node",
        ),
        "evaluate.nothing_to_impute": (
            "{node!r} 下的 {child!r} 在期次 {period!r} 没有任何值，无法取{strategy}（{policy}）",
            "{child!r} under {node!r} has no value in period {period!r} "
            "to take the {strategy} from ({policy})",
        ),
        "evaluate.nothing_to_impute.fix": (
            "补上数值，或改用 missing: {{policy: reweight}} 或 carry-forward",
            "supply values, or use missing: {{policy: reweight}} or carry-forward",
        ),
        "evaluate.strategy.mean": ("均值", "mean"),
        "evaluate.strategy.median": ("中位数", "median"),
        "evaluate.no_period": ("（无）", "(none)"),
    }
)

# the sensitivity analysis (qualindex.uncertainty): notes in its outputs
TEXTS.update(
    {
        "sensitivity.too_few": (
            "敏感性分析需要期次 {period!r} 至少有 2 个指标齐全的评价对象；现有 {n} 个",
            "sensitivity needs at least 2 entities with every indicator in period "
            "{period!r}; {n} have them",
        ),
        "sensitivity.other_aggregation": (
            "敏感性分析按末级指标得分的加权算术平均汇总；本指标体系有节点采用其他汇总方法，"
            "故综合得分与之不同",
            "the sensitivity kernels aggregate by the weighted arithmetic mean of the leaf "
            "scores; this index aggregates some node otherwise, so its composites differ",
        ),
        "sensitivity.left_out": (
            "未纳入（有指标缺少得分）：{entities}",
            "left out (an indicator has no score): {entities}",
        ),
        "sensitivity.gaps_held": (
            "权重变动时，{n} 个缺失的指标得分取其上级节点的得分（即缺失值的重分权重，"
            "固定在基准权重上）",
            "{n} missing indicator score(s) held at their parent's score while the "
            "weights vary (the reweighting of missing values, frozen at the base weights)",
        ),
        "sensitivity.no_judgments": (
            "没有带判断的层次分析法节点：专家判断不变动",
            "no AHP node has judgments: the judgments do not vary",
        ),
        "sensitivity.default_sd": (
            "未在 sensitivity.values 中给出的指标：测量误差标准差取 {sd:g}",
            "indicators without sensitivity.values: measurement error sd {sd:g}",
        ),
        "sensitivity.normalisation_gaps": (
            "其他标准化方法下，缺失值取其余评价对象得分的均值",
            "alternative normalisations: a missing value takes the others' mean score",
        ),
    }
)
