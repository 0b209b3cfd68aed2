"""Messages of evaluate: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
TEXTS.update(
    {
        # engine: missing values (notes in every output)
        "evaluate.left_empty": (
            "{node}：{who} 留空：其权重中只有 {share_pct} 有数据（最低 {minimum_pct}，{source}）",
            "{node}: {who} left empty: only {share_pct} of its weight has data "
            "(minimum {minimum_pct}, {source})",
        ),
        "evaluate.left_empty_rows": (
            "{node}：共 {count:,} 行留空，其权重中只有 {range} 有数据（最低 {minimum_pct}，"
            "{source}）：{examples} 及另外 {more:,} 行；逐行输出的 excluded 列列出每行留空的节点",
            "{node}: {count:,} rows left empty, with only {range} of its weight measured "
            "(minimum {minimum_pct}, {source}): {examples} and {more:,} more; the 'excluded' "
            "column of the rows output names every row's",
        ),
        "evaluate.minmax_constant": (
            "指标 {leaf!r} 在每一行的取值都是 {value}：极差（min-max）计分无从计算",
            "indicator {leaf!r} has the value {value} in every row: min-max scoring is undefined",
        ),
        "evaluate.minmax_constant.fix": (
            "请在指标体系中给它固定的计分方法（如 threshold 与 target，或 scoring: {{method: "
            "goalposts, lo: …, hi: …}}），或去掉这个指标",
            "give it a fixed scoring in the index (threshold and target, or scoring: {{method: "
            "goalposts, lo: …, hi: …}}), or leave the indicator out",
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
        "evaluate.baseline_relative": (
            "指标 {leaf!r} 的计分方法 {scoring!r} 按其他评价对象的数值定分，基准值单独没有得分，"
            "无法以基准值插补（impute-baseline）",
            "indicator {leaf!r} is scored by {scoring!r}, relative to the other entities' values: "
            "its baseline has no score of its own, so it cannot be imputed with the baseline "
            "(impute-baseline)",
        ),
        "evaluate.baseline_relative.fix": (
            "改用 missing: {{policy: impute-mean}}（或 impute-median、reweight），"
            "或为该指标选用固定界限的计分方法（goalposts、linear）",
            "use missing: {{policy: impute-mean}} (or impute-median, reweight), or score the "
            "indicator with fixed bounds (goalposts, linear)",
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

# the Dask engine (qualindex.evaluate.dask_engine)
TEXTS.update(
    {
        # the Dask engine (qualindex.evaluate.dask_engine): what it refuses, and why
        "dask.fix_memory": (
            "用 --engine memory(或运行配置 evaluate.engine: memory)在一台机器的内存中计算",
            "run with --engine memory (or evaluate.engine: memory in the run configuration)",
        ),
        "dask.no_methods": (
            "Dask 引擎不支持 evaluate.methods(其他评价方法需要同一期的全部行)",
            "the Dask engine does not run evaluate.methods (they need every row of a period "
            "at once)",
        ),
        "dask.no_data_weights": (
            "节点 {node!r} 的权重由数据计算(熵权、CRITIC 等),Dask 引擎不支持",
            "node {node!r} takes its weights from the data (entropy, CRITIC ...): "
            "not supported by the Dask engine",
        ),
        "dask.no_policy": (
            "节点 {node!r} 的缺失值规则 {policy} 需要全部行,Dask 引擎不支持",
            "missing-value policy {policy} at {node!r} needs every row at once: "
            "not supported by the Dask engine",
        ),
        "dask.no_scoring": (
            "指标 {leaf!r} 的计分方法 {scoring} 需要全部行,Dask 引擎不支持",
            "scoring {scoring} of indicator {leaf!r} needs every row at once: "
            "not supported by the Dask engine",
        ),
        "dask.no_expectation": (
            "指标 {leaf!r} 的 SERVQUAL 期望列,Dask 引擎不支持",
            "the SERVQUAL expectation column of indicator {leaf!r} is not supported by the "
            "Dask engine",
        ),
        "dask.no_files": (
            "{path!r} 不指向任何 Parquet 或 CSV 文件",
            "{path!r} names no Parquet or CSV file",
        ),
        "dask.not_numbers": (
            "该列是 {type},不是数值;Dask 引擎只读数值列",
            "the column holds {type}, not numbers; the Dask engine reads number columns only",
        ),
        "dask.bad_value": (
            "{value} 超出该指标的取值范围(量表、百分比 0-100 或满分)",
            "{value} is outside the indicator's range (scale, 0-100 %, or its points)",
        ),
        "dask.off_scale": (
            "{value} 不是量表 {scale} 上的答案",
            "{value} is not an answer on scale {scale}",
        ),
        "dask.off_scale_fix": (
            "用 {points};无回答请留空",
            "use {points}; leave blank for no answer",
        ),
        "dask.duplicate_rows": (
            "{count} 个(实体, 期间)在 {path!r} 中出现多于一行(例如 {entity!r} {period!r})",
            "{count} (entity, period) pairs have more than one row in {path!r} "
            "(e.g. {entity!r} {period!r})",
        ),
        "dask.duplicate_fix": (
            "每个实体和期间一行;或用 --engine memory(合并各行并指出冲突)",
            "give one row per entity and period, or run with --engine memory "
            "(it merges the rows and names conflicts)",
        ),
        "dask.leaf_twice": (
            "指标 {leaf!r} 在多个数据条目中给出({paths})",
            "indicator {leaf!r} is given by more than one data entry ({paths})",
        ),
        "dask.group_conflict": (
            "{count} 个(实体, 期间)的分组 {group!r} 不一致(例如 {entity!r} {period!r})",
            "{count} (entity, period) pairs have more than one value of group {group!r} "
            "(e.g. {entity!r} {period!r})",
        ),
        "dask.group_fix": (
            "每个实体和期间给一个分组值",
            "give an entity one group value per period",
        ),
        "dask.out_exists": (
            "输出目录 {path} 已有结果",
            "the output folder {path} already holds results",
        ),
        "dask.out_fix": (
            "加 --force 覆盖,或选另一个目录",
            "add --force to replace them, or choose another folder",
        ),
        "dask.folder_needs_dask": (
            "{path!r} 是目录或通配符:由 --engine dask 读取",
            "{path!r} is a folder or a glob: read by --engine dask",
        ),
        "dask.folder_fix": (
            "用 --engine dask(或 evaluate.engine: dask),或给出一个文件",
            "run with --engine dask (or evaluate.engine: dask), or name one file",
        ),
        "dask.needs_output": (
            "--engine dask 需要 -o DIR/ --format parquet",
            "--engine dask needs -o DIR/ --format parquet",
        ),
        "dask.no_reading": (
            "读取设置 {setting}: Dask 引擎不支持(它读 UTF-8 CSV 与 Parquet 的数值列)",
            "reading setting {setting}: not supported by the Dask engine "
            "(it reads UTF-8 CSV and Parquet number columns)",
        ),
        "dask.parquet_needs_dask": (
            "--format parquet 需要 --engine dask",
            "--format parquet needs --engine dask",
        ),
        "dask.wrote": (
            "写入 {rows} 行({partitions} 个分区)到 {path}",
            "wrote {rows} rows ({partitions} partitions) to {path}",
        ),
    }
)
