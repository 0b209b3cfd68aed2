"""Words of the index document (the index system without data) and of the Word writer:
code -> (zh, en).  Part of the one catalogue; :mod:`qualindex.report.messages` serves them to
the report writers with the evaluation report's words.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "doc.title": ("指标体系说明", "The index system"),
    "doc.subtitle": ("指标、计分方法与权重", "Indicators, scoring and weights"),
    "word.pending_data": ("（由评价数据确定）", " (set from the data)"),
    "word.pending_judgments": ("（待专家判断）", " (awaiting the experts' judgments)"),
    "doc.unit": ("单位：{unit}。", "Unit: {unit}."),
    "word.unverified": ("未核实", "not verified"),
    "heading.numbered": ("{n}\u3000{title}", "{n} {title}"),
    "caption.table_word": ("表", "Table"),
    "caption.figure_word": ("图", "Figure"),
    "caption.title": ("　{title}", ". {title}"),  # after the number
    "word.same_in_every_row": (
        "{column}（各行相同）：{value}。",
        "{column} (the same in every row): {value}.",
    ),
    "caption.diagram_landscape": ("（横向页面）", " (on a landscape page)"),
    "caption.diagram_a3": ("（A3页面）", " (on an A3 page)"),
    "caption.diagram_a3_landscape": ("（A3横向页面）", " (on an A3 landscape page)"),
    "caption.diagram_part": (
        "：{name}（按一级指标分图，第{i}幅，共{n}幅）",
        ": {name} (one figure per level-1 indicator, {i} of {n})",
    ),
    "caption.diagram_too_large": (
        "“{name}”的结构图太大，无法以不小于6磅的字号印在A3页面上；"
        "请用 qualindex diagram --root {id} --depth N 分部分绘制。",
        "The diagram of {name!r} is too large to print on an A3 page with text of 6 pt or "
        "more; draw it in parts with qualindex diagram --root {id} --depth N.",
    ),
    "section.doc_overview": ("概述", "Overview"),
    "section.doc_structure": ("指标体系结构", "Structure of the index system"),
    "section.doc_indicators": ("指标定义与计分方法", "Indicator definitions and scoring"),
    "section.doc_weights": ("权重与一致性检验", "Weights and consistency"),
    "section.doc_grades": ("等级划分", "Grades"),
    "section.doc_alternatives": ("方案排序", "Ranking of the alternatives"),
    "table.alt_ranking": (
        "方案的全局优先级与排名",
        "Global priorities and ranks of the alternatives",
    ),
    "table.alt_local": (
        "各准则下方案的局部优先级（分配模式）",
        "Local priorities of the alternatives under each criterion (distributive mode)",
    ),
    "col.alternative": ("方案", "Alternative"),
    "col.criterion": ("准则", "Criterion"),
    "col.assessed": ("评估方式", "Assessed by"),
    "col.priority_distributive": ("优先级（分配模式）", "Priority (distributive)"),
    "col.rank_ideal": ("排名（理想模式）", "Rank (ideal)"),
    "col.priority_ideal": ("优先级（理想模式）", "Priority (ideal)"),
    "explain.ranking_waits": (
        "方案排序需要专家对以下节点的判断：{nodes}；请在运行配置中列出判断文件，"
        "再用 qualindex report RUN 生成。",
        "The ranking of the alternatives needs the experts' judgments on {nodes}: list the "
        "judgment files in a run configuration and run qualindex report RUN.",
    ),
    "explain.doc_alternatives": (
        "方案的全局优先级由各末级准则的全局权重与方案在该准则下的局部优先级合成。"
        "分配模式下每个准则的局部优先级之和为 1，理想模式下每个准则的最优方案记为 1"
        "（评级准则保持评定值）；理想模式在增删方案时不改变其余方案的次序。"
        "两种模式排名不同时，请说明采用哪一种（qualindex rank --mode ideal）。",
        "An alternative's global priority composes each leaf criterion's global weight with "
        "the alternative's local priority under it. In the distributive mode each criterion's "
        "local priorities sum to 1; in the ideal mode the best alternative under each "
        "criterion counts 1 (a ratings criterion keeps its ratings), and adding or removing an "
        "alternative leaves the others' order as it was. Where the two modes rank differently, "
        "say which one is used (qualindex rank --mode ideal).",
    ),
    "section.doc_sources": ("来源与参考文献", "Sources and references"),
    "section.doc_notes": ("说明", "Notes"),
    "table.structure": ("指标体系结构与权重", "Structure and weights of the index system"),
    "table.indicators": (
        "末级指标的定义、单位、方向与计分方法",
        "Indicators: definition, unit, direction and scoring",
    ),
    "table.scales": ("量表及其计分", "Answer scales and their scores"),
    "col.scale": ("量表", "Scale"),
    "col.scale_points": ("选项 = 得分", "Answer = score"),
    "table.grades": ("等级划分", "Grades"),
    "table.sources": ("来源与参考文献", "Sources and references"),
    "col.level_1": ("一级指标", "Level 1"),
    "col.level_2": ("二级指标", "Level 2"),
    "col.level_3": ("三级指标", "Level 3"),
    "col.level_4": ("四级指标", "Level 4"),
    "col.level_5": ("五级指标", "Level 5"),
    "col.level_n": ("第 {n} 级指标", "Level {n}"),
    "col.weight": ("权重", "Weight"),
    "col.remark": ("说明", "Notes"),
    "col.definition": ("定义", "Definition"),
    "col.source": ("来源", "Source"),
    "col.min_score": ("最低得分", "From score"),
    "col.band": ("目标区间", "Target band"),
    "meta.weighting": ("赋权方法", "Weighting"),
    "meta.levels": ("层级数", "Levels"),
    "meta.aggregates": ("上级指标", "Aggregate nodes"),
    "meta.score_range": ("得分范围", "Score range"),
    "meta.sources": ("来源", "Sources"),
    "explain.structure": (
        "指标名称后括号内为其在上级指标下的局部权重；“权重”列为末级指标的全局权重，"
        "即自一级指标起各级局部权重之积，全部末级指标的全局权重之和为 1。",
        "The number after each name is its local weight within its parent; the Weight column "
        "is the indicator's global weight, the product of the local weights from level 1 "
        "down, and the global weights of all indicators sum to 1.",
    ),
    "explain.indicators": (
        "x 为测量值；各计分方法把测量值换算为 {lo}–{hi} 分。“按数据”的方法在评价时由各评价对象"
        "的测量值确定参数。",
        "x is the measured value; each scoring rule turns it into a score from {lo} to {hi}. "
        "Rules marked “over the data” take their parameters from the entities' values at "
        "evaluation time.",
    ),
    "explain.doc_weights": (
        "各上级指标下的赋权方法、局部与全局权重；有判断矩阵的节点给出 λmax、CI、RI 与 CR，"
        "有多位专家时逐一给出各专家矩阵的检验结果。",
        "Each aggregate's weighting method and the local and global weights; nodes weighted "
        "from judgment matrices show λmax, CI, RI and CR, and with several experts each "
        "expert's own matrix is checked.",
    ),
    "explain.pending": (
        "{nodes} 的权重由评价数据按客观赋权法（{methods}）确定，本文件中以“–”表示；"
        "其下各指标的全局权重同样在评价时确定。",
        "The weights under {nodes} are computed from the evaluation data by an objective "
        "method ({methods}) and are shown as “–” here; the global weights of the indicators "
        "below them are set at evaluation time too.",
    ),
    "explain.pending_judgments": (
        "{nodes} 的权重待专家给出判断（{methods}）后确定，本文件中以“–”表示；可用 "
        "qualindex questionnaire 生成专家问卷。",
        "The weights under {nodes} await the experts' judgments ({methods}) and are shown as "
        "“–” here; qualindex questionnaire writes the questionnaire for the experts.",
    ),
    "explain.unverified": (
        "以下条目尚未与其来源核对（verified: false）：{nodes}。",
        "These entries have not been checked against their source (verified: false): {nodes}.",
    ),
    "explain.no_judgments": (
        "本指标体系没有判断矩阵，故无一致性检验。",
        "No node is weighted from judgment matrices, so there is no consistency check.",
    ),
    # scoring rules as formulas (x: the measured value)
    "scoring.linear": (
        "线性：x = {threshold} 记 {low} 分，x = {target} 记 {high} 分，其间线性插值{clip}",
        "linear: x = {threshold} scores {low}, x = {target} scores {high}, straight line "
        "between{clip}",
    ),
    "scoring.point_sep": ("；", "; "),
    "scoring.clip": ("，截断于 0–100 分", ", clipped to 0–100"),
    "scoring.goalposts": (
        "（x − {lo}）/（{hi} − {lo}）× 100，截断",
        "(x − {lo})/({hi} − {lo}) × 100, capped",
    ),
    "scoring.goalposts_lower": (
        "（{hi} − x）/（{hi} − {lo}）× 100，截断",
        "({hi} − x)/({hi} − {lo}) × 100, capped",
    ),
    "scoring.minmax": (
        "（x − min）/（max − min）× 100，按数据",
        "(x − min)/(max − min) × 100 over the data",
    ),
    "scoring.minmax_lower": (
        "（max − x）/（max − min）× 100，按数据",
        "(max − x)/(max − min) × 100 over the data",
    ),
    "scoring.piecewise": (
        "分段线性（测量值 → 得分）：{points}，两端外取端点值",
        "piecewise linear (value → score): {points}, flat beyond the ends",
    ),
    "scoring.band": (
        "区间 [{low}, {high}] 内 100 分，偏离 {tolerance} 时降至 0 分",
        "100 inside [{low}, {high}], falling linearly to 0 at {tolerance} outside",
    ),
    "scoring.band_auto": ("区间宽度或目标值的 10%", "the band's width or 10 % of the target"),
    "scoring.ratio": ("x / {baseline} × 100，上限 100", "x / {baseline} × 100, at most 100"),
    "scoring.ratio_lower": ("{baseline} / x × 100，上限 100", "{baseline} / x × 100, at most 100"),
    "scoring.zscore": (
        "50 + 10·z（z 为按数据的标准分），截断于 0–100",
        "50 + 10·z (z-score over the data), clipped to 0–100",
    ),
    "scoring.rank": ("按数据的百分位排名", "percentile rank over the data"),
    "scoring.likert": ("按量表“{scale}”计分{reverse}，取均值", "{scale} scale{reverse}, averaged"),
    "scoring.reverse": ("（反向计分）", " (reverse-scored)"),
    "scoring.gap": (
        "SERVQUAL 差距 P − E（量表 {scale}）映射至 0–100",
        "SERVQUAL gap P − E (scale {scale}) mapped to 0–100",
    ),
    "scoring.points": (
        "实得分 / {points} × 100；不适用项不计入基数",
        "points earned / {points} × 100; N/A items leave the base",
    ),
    "scoring.relative": ("AHP 相对测量：x / max × 100", "AHP relative measurement: x / max × 100"),
    "scoring.relative_distributive": (
        "AHP 相对测量：x / Σx × 100",
        "AHP relative measurement: x / Σx × 100",
    ),
}
