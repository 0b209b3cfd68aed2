"""Messages of the decision model (``rank``), expert statistics (``experts``) and version
comparison (``diff``): code -> (zh, en).

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
