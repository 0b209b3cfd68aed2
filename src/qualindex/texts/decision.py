"""Messages of the decision model (``rank``), expert statistics (``experts``), the import of
R ahp files (``import``) and version comparison (``diff``): code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # qualindex rank: qualindex.render.rank_table / alternatives_table
    "rank.title": ("{name} — 方案排序（{mode}）", "{name} — alternatives, {mode}"),
    "rank.mode.distributive": ("分配模式", "distributive"),
    "rank.mode.ideal": ("理想模式，得分 ÷ Σ", "ideal (scores ÷ Σ)"),
    "rank.col.rank": ("名次", "rank"),
    "rank.col.alternative": ("方案", "alternative"),
    "rank.col.priority": ("优先级", "priority"),
    "rank.col.score": ("得分", "score"),
    "rank.col.largest": ("贡献最大的准则", "largest contribution"),
    "rank.col.name": ("名称", "name"),
    "rank.col.contribution": ("贡献.{criterion}", "contribution.{criterion}"),
    "rank.local.title": (
        "各准则下方案的局部优先级（{methods}）",
        "Local priorities of the alternatives ({methods})",
    ),
    "name.assess.measured": ("测量值", "measured"),
    "name.assess.ratings": ("评级", "ratings"),
    "name.assess.pairwise": ("两两比较", "pairwise"),
    "name.assess.direct": ("直接给出", "direct"),
    "rank.col.criterion": ("准则", "criterion"),
    "rank.col.weight": ("权重", "weight"),
    "rank.col.assessed": ("评估方式", "assessed"),
    "rank.consistency.title": (
        "各准则下方案两两比较的一致性（按专家）",
        "Consistency of the alternatives' comparisons per criterion and expert",
    ),
    "rank.intensities": ("（评级强度）", "(intensities)"),
    "rank.ratings_scale": ("评级量表", "ratings scale"),
    "rank.priorities_given": ("直接给出优先级", "priorities given"),
    "rank.complete": ("完整", "complete"),
    "rank.completed": ("已补全（{n} 处）", "completed ({n} filled)"),
    "rank.excluded": ("，已剔除", ", excluded"),
    "cli.expert.group": ("群组", "group"),
    # qualindex sensitivity on a decision model (qualindex.uncertainty)
    "sens.decision.note": (
        "决策模型：对方案的综合得分（{mode}）做检验，综合得分即其优先级",
        "decision model: the alternatives' synthesis scores ({mode} mode), which are their "
        "priorities",
    ),
    "sens.decision.note_ideal": (
        "决策模型：对方案的综合得分（{mode}）做检验；优先级 = 得分 / Σ 得分",
        "decision model: the alternatives' synthesis scores ({mode} mode); priorities = "
        "score / Σ score",
    ),
    "name.synthesis.distributive": ("分配模式", "distributive"),
    "name.synthesis.ideal": ("理想模式", "ideal"),
    "cli.sens.each": ("；{source} {q05}–{q95}", "; {source} {q05}–{q95}"),
    "name.interval_source.criteria": ("准则判断", "criteria"),
    "name.interval_source.alternatives": ("方案判断", "alternatives"),
    # qualindex experts (qualindex.experts.experts_table)
    "experts.title": (
        "专家意见一致性（{index} {version}）",
        "Expert agreement ({index} {version})",
    ),
    "experts.col.node": ("节点", "node"),
    "experts.col.method": ("方法", "method"),
    "experts.col.indicator": ("指标", "indicator"),
    "experts.col.mean": ("均值", "mean"),
    "experts.col.sd": ("标准差", "SD"),
    "experts.col.cv": ("变异系数", "CV"),
    "experts.col.full": ("满分比", "full"),
    "experts.col.expert": ("专家", "expert"),
    "experts.col.accepted": ("采纳", "accepted"),
    "experts.note.two_experts": (
        "Kendall W 至少需要两位专家",
        "Kendall's W needs at least two experts",
    ),
    "experts.note.two_children": (
        "Kendall W 至少需要两个下级指标",
        "Kendall's W needs at least two children",
    ),
    "experts.note.all_equal": (
        "每位专家对各下级指标的评价都相同：W 无定义",
        "every expert rated every child equally: W is undefined",
    ),
    "experts.note.no_judgments": ("无判断", "no judgments"),
    "experts.note.delphi_two": (
        "德尔菲统计至少需要两位专家的打分",
        "Delphi statistics need at least two experts' scores",
    ),
    "experts.note.all_scored_equal": (
        "每位专家对各下级指标的打分都相同",
        "every expert scored every child equally",
    ),
    "experts.tie_corrected": (
        "W 已作结校正（Kendall & Babington Smith 1939）",
        "W tie-corrected (Kendall & Babington Smith 1939)",
    ),
    "experts.no_tie_correction": ("W 未作结校正", "W without tie correction"),
    "experts.delphi": (
        "{node} 的德尔菲统计（满分 {full:g}）",
        "Delphi statistics at {node} (full score {full:g})",
    ),
    "experts.authority": (
        "权威系数 Cr = (Ca + Cs) / 2，≥ {threshold:g} 者采纳",
        "Authority Cr = (Ca + Cs) / 2, accepted at >= {threshold:g}",
    ),
    # qualindex import FILE.ahp (qualindex.hierarchy.ahpfile)
    "ahpfile.not_ahp": (
        "不是 R ahp 文件：需要 Alternatives: 与 Goal:",
        "not an R ahp file: it needs Alternatives: and Goal:",
    ),
    "ahpfile.no_alternatives": (
        "Alternatives: 必须列出方案",
        "Alternatives must name options",
    ),
    "ahpfile.same_id": (
        "{name!r} 与另一个名称都会变成编号 {id!r}",
        "{name!r} and another name both become id {id!r}",
    ),
    "ahpfile.r_expression": (
        "{raw!r} 是 qualindex 不求值的 R 表达式",
        "{raw!r} is an R expression qualindex does not evaluate",
    ),
    "ahpfile.r_expression.fix": (
        "请把它的值写成数或分数，如 1/4",
        "write its value as a number or a fraction like 1/4",
    ),
    "ahpfile.source": ("由 R ahp 文件 {file} 导入", "imported from R ahp file {file}"),
    "ahpfile.header": (
        "# 由 {file}（R ahp）导入；未转换：",
        "# imported from {file} (R ahp); not converted:",
    ),
    "ahpfile.header_line": (
        "#   第 {line} 行：{path}：{message}",
        "#   line {line}: {path}: {message}",
    ),
    "ahpfile.kind.list": ("列表", "a list"),
    "ahpfile.kind.mapping": ("映射", "a mapping"),
    "ahpfile.kind.text": ("文本", "text"),
    "ahpfile.kind.value": ("值 {value}", "{value}"),
    "ahpfile.node_mapping": (
        "节点应为映射（name:、children:、preferences:），而不是{kind}",
        "a node is a mapping (name:, children:, preferences:), not {kind}",
    ),
    "ahpfile.dms_list": (
        "decision-makers: 应为 名称: 权重 的列表",
        "decision-makers is a list of name: weight",
    ),
    "ahpfile.dm_entry": ("每位决策者应写作 名称: 权重", "each decision maker is name: weight"),
    "ahpfile.prefs_mapping": (
        "preferences: 应为映射，而不是{kind}",
        "preferences is a mapping, not {kind}",
    ),
    "ahpfile.dm_prefs_mapping": (
        "决策者的 preferences: 应为映射，而不是{kind}",
        "a decision maker's preferences are a mapping, not {kind}",
    ),
    "ahpfile.kind_list": ("{key}: 应为列表，而不是{kind}", "{key} is a list, not {kind}"),
    "ahpfile.entry": ("{key}: 的每一项应写作 名称: 值", "each {key} entry is name: value"),
    "ahpfile.children_mapping": (
        "children: 应为名称的映射，而不是{kind}",
        "children is a mapping of names, not {kind}",
    ),
    "ahpfile.weight": ("权重 {raw!r} 不大于 0", "weight {raw!r} is not > 0"),
    "ahpfile.dm_below_goal": (
        "目标以下节点的决策者权重未转换",
        "decision-maker weights below the goal are not converted",
    ),
    "ahpfile.dm_below_goal.fix": (
        "请在指标体系中该节点的 weighting: 下设置 expert_weights:",
        "set expert_weights: on that node's weighting in the index",
    ),
    "ahpfile.criteria_direct": (
        "准则的 {key}:（决策者 {dm!r}）未转换：AHP 节点只接受两两比较判断",
        "{key} of criteria (decision maker {dm!r}) is not converted: an AHP node takes "
        "pairwise judgments",
    ),
    "ahpfile.criteria_direct_single": (
        "准则的 {key}: 未转换：AHP 节点只接受两两比较判断",
        "{key} of criteria is not converted: an AHP node takes pairwise judgments",
    ),
    "ahpfile.criteria_direct.fix": (
        "请两两比较这些准则，或在指标体系中给出 weighting: {{method: direct, weights: …}}",
        "compare the criteria pairwise, or give weighting: {{method: direct, weights: …}} "
        "in the index",
    ),
    "ahpfile.function": (
        "{fn}: 是 R 代码，未转换（该判断被略去）",
        "{fn} is R code and is not converted (that judgment is left out)",
    ),
    "ahpfile.function_of": (
        "决策者 {dm!r} 的 {fn}: 是 R 代码，未转换（该判断被略去）",
        "{fn} of decision maker {dm!r} is R code and is not converted (that judgment is left out)",
    ),
    "ahpfile.function.fix": (
        "请在判断文件中把它给出的值写成 pairwise: 或 score:",
        "write the values it gives as pairwise: or score: in the judgment file",
    ),
    "ahpfile.pair_entry": ("两两比较项应写作 [a, b, 值]", "a pairwise entry is [a, b, value]"),
    "ahpfile.not_child": ("{names}：不是此处的下级", "{names}: not a child here"),
    "ahpfile.not_alternative": ("{name!r} 不是方案", "{name!r} is not an alternative"),
    # qualindex import BOOK.xlsx: n x n grids (decision.import_grids, hierarchy.pairwise_grid)
    "grids.cannot_open": ("无法打开工作簿：`{error}`", "cannot open workbook: {error}"),
    "grids.no_node": (
        "工作表 {sheet!r} 不是任何做两两比较的节点（比较其下级或方案）的名称",
        "sheet {sheet!r} names no node whose children (or alternatives) are compared pairwise",
    ),
    "grids.no_node.fix": ("工作表请以这些节点命名：{targets}", "name sheets after: {targets}"),
    "grids.not_square": (
        "矩阵的行（{rows}）与列（{cols}）未按同一顺序列出同样的元素",
        "the grid's rows ({rows}) and columns ({cols}) do not name the same elements in the "
        "same order",
    ),
    "grids.not_square.fix": (
        "请在首行与首列按同一顺序列出元素",
        "list the elements in the same order across the first row and down the first column",
    ),
    "grids.diagonal": ("对角线必须为 1", "the diagonal must be 1"),
    "grids.diagonal.fix": ("请写 1", "write 1"),
    "grids.not_reciprocal": (
        "{low!r} 不是 {at} 处 {up!r} 的倒数",
        "{low!r} is not the reciprocal of {up!r} at {at}",
    ),
    "grids.not_reciprocal.fix": (
        "请清空下三角，或使其为上三角的 1/x",
        "clear the lower triangle, or make it 1/x of the upper one",
    ),
    "grids.blank_label": ("元素标签为空", "an element label is blank"),
    "grids.blank_label.fix": ("请写出元素的编号", "write the element's id"),
    "grids.not_element": ("{text!r} 不是此节点的元素", "{text!r} is not an element of this node"),
    "grids.not_element.fix": ("可用：{known}", "one of: {known}"),
    "grids.not_positive": (
        "{value!r} 不是正数或分数",
        "{value!r} is not a positive number or fraction",
    ),
    "grids.not_positive.fix": ("例如 3 或 1/3", "e.g. 3 or 1/3"),
    # qualindex diff (qualindex.compare)
    "diff.title": (
        "{id}：{old}（版本 {old_version}）→ {new}（版本 {new_version}）",
        "{id}: {old} (version {old_version}) → {new} (version {new_version})",
    ),
    "diff.heading": ("{id}：版本 {old} → {new}", "{id}: version {old} → {new}"),
    "diff.no_changes": ("没有变化。", "No changes."),
    "diff.no_changes_title": ("没有变化", "No changes"),
    "diff.hidden_weights": (
        "另有 {n} 处小于 0.00005 的权重变化未列出。",
        "{n} weight change(s) below 0.00005 not shown.",
    ),
    "diff.no_scores": (
        "未比较得分：请给出两个含 data: 部分的运行配置。",
        "Scores not compared: give two run configurations with a data: section.",
    ),
    "diff.section.structure": ("结构", "Structure"),
    "diff.section.fields": ("字段变化", "Changed fields"),
    "diff.section.weights": ("权重", "Weights"),
    "diff.section.consistency": ("一致性（CR）", "Consistency (CR)"),
    "diff.section.results": ("评价结果", "Results"),
    "diff.col.change": ("变化", "change"),
    "diff.col.node": ("节点", "node"),
    "diff.col.detail": ("详情", "detail"),
    "diff.col.field": ("字段", "field"),
    "diff.col.old": ("原值", "old"),
    "diff.col.new": ("新值", "new"),
    "diff.col.local_old": ("原局部权重", "local old"),
    "diff.col.local_new": ("新局部权重", "local new"),
    "diff.col.local_delta": ("Δ 局部", "Δ local"),
    "diff.col.global_old": ("原全局权重", "global old"),
    "diff.col.global_new": ("新全局权重", "global new"),
    "diff.col.global_delta": ("Δ 全局", "Δ global"),
    "diff.col.cr_old": ("原 CR", "CR old"),
    "diff.col.cr_new": ("新 CR", "CR new"),
    "diff.col.limit_old": ("原限值", "limit old"),
    "diff.col.limit_new": ("新限值", "limit new"),
    "diff.col.entity": ("评价对象", "entity"),
    "diff.col.period": ("期次", "period"),
    "diff.col.score_old": ("原得分", "score old"),
    "diff.col.score_new": ("新得分", "score new"),
    "diff.col.score_delta": ("Δ 得分", "Δ score"),
    "diff.col.grade": ("等级", "grade"),
    "diff.col.rank": ("排名", "rank"),
    "diff.added": ("新增", "added"),
    "diff.removed": ("删除", "removed"),
    "diff.moved": ("移动", "moved"),
    "diff.renamed": ("改名", "renamed"),
    "diff.id_changed": ("编号变更", "id changed"),
    "diff.under": ("位于 {parent} 下", "under {parent}"),
    "diff.was_under": ("原位于 {parent} 下", "was under {parent}"),
}
