"""Messages of weighting (judgments, CR, completion, expert weights): code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # CR over its limit (weighting.tree): warnings in every output
    "weighting.ratings_scale_cr_over": (
        "{leaf}：评级标度各强度等级两两比较的 CR {cr} > {limit}",
        "{leaf}: the ratings scale's comparison of intensities has CR {cr} > {limit}",
    ),
    "decision.intensity_not_a_value": (
        "{raw} 不是强度等级比较的取值",
        "{raw} is not a value for comparing two intensities",
    ),
    "decision.intensity_not_a_value.fix": (
        "请用正数或形如 '1/3' 的分数（强度等级之间的比较可以超过 9）",
        "use a positive number or a fraction like '1/3' (intensities may be compared past 9)",
    ),
    "weighting.expert_cr_over": (
        "{node}：专家 {expert} 的 CR {cr} > {limit}",
        "{node}: expert {expert!r} CR {cr} > {limit}",
    ),
    "weighting.expert_cr_over_excluded": (
        "{node}：专家 {expert} 的 CR {cr} > {limit}（已剔除，不参与合成）",
        "{node}: expert {expert!r} CR {cr} > {limit} (excluded)",
    ),
    "weighting.group_cr_over": (
        "{node}：群组 CR {cr} > {limit}；需复核的判断见 `qualindex consistency`",
        "{node}: group CR {cr} > {limit}; see `qualindex consistency` for the judgments to revisit",
    ),
    "weighting.single_cr_over": (
        "{node}：专家 {expert} 的 CR {cr} > {limit}；需复核的判断见 `qualindex consistency`",
        "{node}: expert {expert!r} CR {cr} > {limit}; "
        "see `qualindex consistency` for the judgments to revisit",
    ),
    # weighting.tree: errors
    "weighting.points_missing": (
        "`points` 赋权需要各指标的审核分值，缺少：{ids}",
        "weighting 'points' needs audit points on {ids}",
    ),
    "weighting.points_missing.fix": (
        "为每个指标写上 points: <满分>",
        "give each indicator points: <max points>",
    ),
    "weighting.ri_table_short": (
        "节点 {node!r}（{file}）有 {n} 个子节点，但{where} {table!r} 只给出 n = {given} 的 RI",
        "node {node!r} ({file}) has {n} children but {where} {table!r} "
        "gives RI only for n = {given}",
    ),
    "weighting.ri_table_short.own": ("其 weighting 的 ri_table:", "its weighting's ri_table:"),
    "weighting.ri_table_short.run": (
        "运行配置的 weighting.ri_table:",
        "the run configuration's weighting.ri_table:",
    ),
    "weighting.ri_table_short.fix": (
        "在 ri_table: {{values: ...}} 中加上 {n}: <RI({n})>，或指定如 ri_table: alonso-lamata 的表",
        "add {n}: <RI({n})> to ri_table: {{values: ...}}, or name a table such as "
        "ri_table: alonso-lamata",
    ),
    "weighting.expert_weights_missing": (
        "{node!r} 的 expert_weights 未给出 {missing} 的权重（已给出：{given}）",
        "expert_weights at {node!r} name no weight for {missing} (given: {given})",
    ),
    "weighting.expert_weights_missing.fix": (
        "为评判了该节点的每位专家给出权重",
        "give every expert who judged this node a weight",
    ),
    "weighting.unconnected": (
        "专家 {expert!r} 在 {node!r} 的判断分成互不相连的几组：{groups}",
        "expert {expert!r}: judgments at {node!r} fall into unconnected groups: {groups}",
    ),
    "weighting.unconnected.fix": (
        "每组至少拿一个元素与另一组的元素比较",
        "compare at least one element of each group with another group",
    ),
    "weighting.no_judgments": (
        "节点 {node!r} 用层次分析法赋权，但没有专家比较其子节点",
        "node {node!r} is weighted by AHP but no expert compared its children",
    ),
    "weighting.no_judgments.fix": (
        "在判断文件（--judgments）或指标体系中加上 pairwise: {{{node}: [[a, b, 3], ...]}}",
        "add pairwise: {{{node}: [[a, b, 3], ...]}} to a judgment file (--judgments) or inline",
    ),
    "weighting.ahp_failed": ("{node!r} 的层次分析法：{error}", "AHP at {node!r}: {error}"),
    "weighting.ahp_failed.fix": (
        "修改该节点或运行配置的 weighting 设置",
        "change the node's or the run's weighting settings",
    ),
    "weights.filled": (
        "{node}：专家 {expert} 未给出的 {count} 个判断已补上（{method}）：{pairs}",
        "{node}: expert {expert!r} left {count} judgment(s) out, completed by {method}: {pairs}",
    ),
}

# judgment files checked against their index (hierarchy.judgment_checks)
TEXTS.update(
    {
        "judgments.expert_twice": (
            "专家编号 {expert!r} 出现两次（另见 {at}）",
            "expert id {expert!r} appears twice (also at {at})",
        ),
        "judgments.expert_twice.fix": ("每位专家用唯一的编号", "give each expert a unique id"),
        "judgments.wrong_index": (
            "这些判断针对 {ref!r}，而不是 {want!r}",
            "judgments are for {ref!r}, not for {want!r}",
        ),
        "judgments.no_node": (
            "指标体系 {index!r} 中没有节点 {node!r}",
            "no node {node!r} in index {index!r}",
        ),
        "judgments.is_indicator": (
            "{node!r} 是末级指标；{section} 比较的是子节点",
            "{node!r} is an indicator; {section} compares children",
        ),
        "judgments.ignored": (
            "节点 {node!r} 的赋权方法为 {method!r}，这些 {section} 将被忽略",
            "node {node!r} is weighted by {method!r}, so these {section} would be ignored",
        ),
        "judgments.ignored.fix": (
            "在 {node!r} 上设置 weighting: {{method: {family}}}，或删去它们",
            "set weighting: {{method: {family}}} on {node!r} or remove them",
        ),
        "judgments.children": ("子节点：{children}", "children: {children}"),
        "judgments.not_a_child": (
            "{child!r} 不是 {node!r} 的子节点",
            "{child!r} is not a child of {node!r}",
        ),
        "judgments.twice": (
            "比较对 ({a}, {b}) 给了两次：此处为 {here}，第 {line} 行为 {there}",
            "pair ({a}, {b}) given twice: {here} here and {there} at line {line}",
        ),
        "judgments.twice.fix": ("只保留其中一个", "keep one of them"),
        "judgments.itself": ("{a!r} 与自身比较", "{a!r} is compared with itself"),
        "judgments.itself.fix": ("请比较两个不同的子节点", "compare two different children"),
        "judgments.not_a_value": (
            "{raw} 不是数字、形如 '1/3' 的分数或 Saaty 标度词",
            "{raw} is not a number, a fraction like '1/3' or a Saaty label",
        ),
        "judgments.not_a_value.fix": (
            "请用 1-9、1/2-1/9 或标度词，如 {labels}",
            "use 1-9, 1/2-1/9 or a label such as {labels}",
        ),
        "judgments.off_scale": (
            "{raw} 超出 Saaty 标度 1/9..9",
            "{raw} is off Saaty's scale 1/9..9",
        ),
        "judgments.off_scale.fix": (
            "前者更重要时用 1-9，较不重要时用 1/2-1/9",
            "use 1-9 when the first is more important, 1/2-1/9 when less",
        ),
        "judgments.missing_pairs": (
            "缺少 {n} 个比较对的判断：{pairs}",
            "missing judgments for {n} pair(s): {pairs}",
        ),
        "judgments.missing_pairs.fix": (
            "请补上，或在指标体系 {index} 中给节点 {node} 设置 "
            "weighting: {{method: ahp, incomplete: lambda-optimal}}",
            "give them, or set weighting: {{method: ahp, incomplete: lambda-optimal}} on node "
            "{node} in the index {index}",
        ),
        "judgments.missing_alt_pairs": (
            "缺少 {n} 个备选方案比较对的判断：{pairs}",
            "missing judgments for {n} pair(s) of alternatives: {pairs}",
        ),
        "judgments.missing_alt_pairs.fix": (
            "请补上，或设置 assess: {{method: pairwise, incomplete: lambda-optimal}}",
            "give them, or set assess: {{method: pairwise, incomplete: lambda-optimal}}",
        ),
    }
)
