"""Messages of hierarchy: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # core
    "core.did_you_mean": ("是否应为 {word!r}？", "did you mean {word!r}?"),
    "core.use_one": ("请用其中之一", "use one of these"),
    "core.not_a_choice": (
        "{name} {value!r} 不是 {choices} 之一；{hint}",
        "{name} {value!r} is not one of {choices}; {hint}",
    ),
    # checks across fields of an index system
    "index.no_dimensions": ("指标体系没有任何维度", "the index has no dimensions"),
    "index.no_dimensions.fix": ("添加 children: [...]", "add children: [...]"),
    "index.bad_id": (
        "编号 {id!r} 只能含字母（任何文字）、数字、'_'、'-' 和 '.'",
        "id {id!r} may hold only letters (of any script), digits, '_', '-' and '.'",
    ),
    "index.bad_id.fix": (
        "含空格或标点的名称请写在 name: {{zh, en}} 下",
        "put names with spaces or punctuation under name: {{zh, en}}",
    ),
    "index.duplicate_id": (
        "编号 {id!r} 用了两次（第一次在第 {line} 行）",
        "id {id!r} is used twice (first at line {line})",
    ),
    "index.duplicate_id.fix": (
        "编号在整个文件中必须唯一：请改掉其中一个",
        "ids must be unique across the file: rename one",
    ),
    "index.none_defined": ("尚未定义", "none defined"),
    "index.known_grades": ("已有的等级预设：{listed}", "known grade presets: {listed}"),
    "index.known_scales": ("已有的量表：{listed}", "known scales: {listed}"),
    "index.unknown_grades": ("未知的等级预设 {name!r}", "unknown grade preset {name!r}"),
    "index.grades_same_min": ("有两个等级区间的 min 相同", "two grade bands have the same min"),
    "index.unknown_scale": ("未知的量表 {name!r}", "unknown scale {name!r}"),
    "index.aggregate_no_children": (
        "汇总节点 {id!r} 没有子节点",
        "aggregate {id!r} has no children",
    ),
    "index.aggregate_no_children.fix": (
        "在其下添加指标，或删去 `children` 使之成为指标",
        "add indicators under it, or remove `children` to make it an indicator",
    ),
    "index.leaf_field_on_aggregate": (
        "{name!r} 用于描述指标，但 {id!r} 有子节点",
        "{name!r} describes an indicator, but {id!r} has children",
    ),
    "index.leaf_field_on_aggregate.fix": (
        "把 {name!r} 移到其下的指标上",
        "move {name!r} to the indicators under it",
    ),
    "index.aggregate_field_on_leaf": (
        "{name!r} 只用于有子节点的节点；指标 {id!r} 没有子节点",
        "{name!r} applies to nodes with children; indicator {id!r} has none",
    ),
    "index.aggregate_field_on_leaf.fix": (
        "删去 {name!r} 或添加子节点",
        "remove {name!r} or add children",
    ),
    "index.no_measurement": (
        "指标 {id!r} 没有说明如何测量",
        "indicator {id!r} does not say how it is measured",
    ),
    "index.no_measurement.fix": (
        "给出单位（如 unit: '%'）、评分量表（scale: likert5-zh）或检查分值（points: 5）",
        "give a unit (e.g. unit: '%'), a rating scale (scale: likert5-zh) "
        "or audit points (points: 5)",
    ),
    "index.no_direction": ("指标 {id!r} 没有方向", "indicator {id!r} has no direction"),
    "index.no_direction.fix": (
        "添加 direction: higher | lower | target",
        "add direction: higher | lower | target",
    ),
    "index.target_needs_value": (
        "方向 'target' 需要目标值或区间",
        "direction 'target' needs a target value or band",
    ),
    "index.target_needs_value.fix": (
        "添加 target: <值> 或 band: [下限, 上限]",
        "add target: <value> or band: [low, high]",
    ),
    "index.band_reversed": (
        "区间 [{lo:g}, {hi:g}] 由高到低",
        "band [{lo:g}, {hi:g}] runs high to low",
    ),
    "index.band_reversed.fix": ("写成 band: [{hi:g}, {lo:g}]", "write band: [{hi:g}, {lo:g}]"),
    "index.threshold_below": (
        "方向为 {direction!r} 时，阈值 {threshold:g} 必须低于目标值 {target:g}",
        "threshold {threshold:g} must lie below target {target:g} when direction is "
        "{direction!r}",
    ),
    "index.threshold_above": (
        "方向为 {direction!r} 时，阈值 {threshold:g} 必须高于目标值 {target:g}",
        "threshold {threshold:g} must lie above target {target:g} when direction is "
        "{direction!r}",
    ),
    "index.threshold.fix": (
        "交换阈值与目标值，或检查方向",
        "swap threshold and target, or check the direction",
    ),
    "index.no_scoring": ("指标 {id!r} 没有计分规则", "indicator {id!r} has no scoring rule"),
    "index.no_scoring.fix": (
        "给出阈值和目标值（线性计分）、量表，或 "
        "scoring: {{method: minmax | goalposts | piecewise | ratio | zscore | rank}}",
        "give threshold and target (linear scoring), a scale, or "
        "scoring: {{method: minmax | goalposts | piecewise | ratio | zscore | rank}}",
    ),
    "index.scoring_needs": (
        "计分方法 {method!r} 需要 {field!r}",
        "scoring {method!r} needs {field!r}",
    ),
    "index.add": ("添加 {what}", "add {what}"),
    "index.band_needs_target": (
        "计分方法 'band' 需要 direction: target",
        "scoring 'band' needs direction: target",
    ),
    "index.band_needs_target.fix": ("设为 direction: target", "set direction: target"),
    "index.goalposts": ("goalposts 需要 lo < hi", "goalposts need lo < hi"),
    "index.goalposts.fix": ("交换 lo 与 hi", "swap lo and hi"),
    "index.piecewise_order": (
        "分段计分的点必须按值递增，实为 {xs}",
        "piecewise points must have increasing values, got {xs}",
    ),
    "index.piecewise_order.fix": (
        "把 [值, 分数] 按值排序",
        "sort the [value, score] pairs by value",
    ),
    "index.not_a_child": ("{key!r} 不是 {id!r} 的子节点", "{key!r} is not a child of {id!r}"),
    "index.children_are": ("子节点有：{ids}", "children are: {ids}"),
    "index.no_entry": ("缺少 {ids} 的条目", "no entry for {ids}"),
    "index.no_entry.fix": ("每个子节点都要给一个", "give every child one"),
    "index.direct_zero": ("直接给定的权重之和为 0", "direct weights sum to 0"),
    "index.direct_zero.fix": ("请给出正的权重", "give positive weights"),
}
