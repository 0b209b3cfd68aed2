"""The words of the questionnaires, in zh and en (one catalogue for xlsx and html)."""

from __future__ import annotations

__all__ = ["TEXT", "t"]

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "专家咨询问卷",
        "instructions": "填写说明",
        "expert_sheet": "专家信息",
        "index": "指标体系",
        "version": "版本",
        "structure": "结构校验码",
        "expert_id": "专家编号",
        "expert_name": "姓名",
        "expert_title": "职称",
        "familiarity": "对本指标体系的熟悉程度",
        "basis": "判断依据及其影响程度",
        "step1": "1. 在“专家信息”表填写编号、姓名，并选择熟悉程度和判断依据。",
        "step2": "2. 每个指标层一张表：逐行比较 A 与 B 两个指标对上一层的重要性，"
        "在“回答”列的下拉框中选择。",
        "step3": "3. 只有回答单元格可以编辑；请勿增删行、表或改动隐藏内容。",
        "step4": "4. 填完保存，原文件发回。判断不一致（CR 超过限值）时可能会请您复核个别判断。",
        "html_steps": "在上方填写编号、姓名，选择熟悉程度与判断依据；逐行选择 A 与"
        " B 哪个更重要及其程度；"
        "每个节点下方实时显示一致性比率 CR，超过限值时标红最不一致的判断；全部答完"
        "后点击“保存回答文件”，"
        "把生成的文件发回。",
        "scale": "标度含义",
        "scale_rows": "1 同等重要；3 稍微重要；5 明显重要；7 强烈重要；9 极端重要"
        "；2、4、6、8 介于两者之间。",
        "subset_loss": "{node}：询问 {asked}/{total} 个比较；权重（对数）误差方差约为全部询问时的"
        " {ratio:.2f} 倍；能检验一致性的独立回路 {cycles} 个（全部询问时 {full} 个）；"
        "λ-最优补全后的 CR 不高于该专家全部作答时的 CR，不能与之直接比较。",
        "sheet_for": "各表",
        "not_asked": "以下节点不在本问卷中（权重另行确定）",
        "subset_note": "为减少题量，本问卷在较大节点只询问部分比较（星形生成树加 "
        "{k} 个冗余比较），其余由 λ-最优补全。",
        "pairs_intro": "比较 A 与 B 对“{node}”的重要性：选择 A 侧表示 A 更重要，B"
        " 侧表示 B 更重要。",
        "scores_intro": "为“{node}”下的各指标打重要性分（{lo:g}–{hi:g}，越大越重要）。",
        "children": "本层指标",
        "id": "编号",
        "name": "名称",
        "definition": "含义",
        "unit": "单位",
        "no": "序号",
        "answer": "回答",
        "score": "重要性",
        "note": "备注",
        "round1_own": "您第一轮的回答",
        "round1_median": "第一轮组中位数",
        "round1_q1": "下四分位数",
        "round1_q3": "上四分位数",
        "round2_note": "德尔菲第二轮：右侧列出第一轮全组的中位数和四分位数，以及您"
        "自己第一轮的回答（已预填）。可保留或修改。",
        "cr": "一致性比率 CR",
        "cr_limit": "限值",
        "cr_ok": "通过",
        "cr_bad": "超过限值，请复核标红的判断",
        "cr_wait": "答完本节点全部比较后显示",
        "worst": "最不一致的判断",
        "implied": "可考虑改为",
        "save": "保存回答文件",
        "saved": "已生成文件，请将其发回：",
        "missing": "尚未回答",
        "more_a": "A 更重要",
        "more_b": "B 更重要",
        "equal": "同等",
        "choose": "请选择",
        "subset_cr": "（补全后的矩阵）",
    },
    "en": {
        "title": "Expert questionnaire",
        "instructions": "Instructions",
        "expert_sheet": "Expert",
        "index": "Index system",
        "version": "Version",
        "structure": "Structure check code",
        "expert_id": "Expert id",
        "expert_name": "Name",
        "expert_title": "Title",
        "familiarity": "Familiarity with this index system",
        "basis": "Basis of judgment and its influence",
        "step1": "1. On the 'Expert' sheet give your id and name and choose familiarity and bases.",
        "step2": "2. One sheet per level: on each row judge how much more important A or B is "
        "for the level above, using the drop-down in the 'Answer' column.",
        "step3": "3. Only answer cells can be edited; do not add or delete rows or sheets.",
        "step4": "4. Save and send the file back. If your judgments are inconsistent (CR over "
        "the limit) you may be asked to look at a few of them again.",
        "html_steps": "Give your id and name above and choose familiarity and bases; on each row "
        "choose whether A or B matters more and how much; each node shows its consistency "
        "ratio CR as you answer and marks the most inconsistent judgment red when it is over "
        "the limit; when everything is answered, press 'Save the answer file' and send the "
        "file back.",
        "scale": "Scale",
        "scale_rows": "1 equal; 3 moderately; 5 strongly; 7 very strongly; 9 extremely more "
        "important; 2, 4, 6, 8 in between.",
        "subset_loss": "{node}: asks {asked} of {total} pairs; the error variance of the (log) "
        "weights is about {ratio:.2f} times that of asking every pair; {cycles} independent "
        "consistency checks instead of {full}; the CR of a lambda-optimal completion is no "
        "higher than the expert's full answers would give, so it is not comparable with it.",
        "sheet_for": "Sheets",
        "not_asked": "Not in this questionnaire (weighted otherwise)",
        "subset_note": "To ask fewer questions, large nodes ask a subset of pairs (a star "
        "spanning tree plus {k} redundant pairs); the rest are completed λ-optimally.",
        "pairs_intro": "How much more important is A or B for “{node}”: choose on A's side if A "
        "matters more, on B's side if B does.",
        "scores_intro": "Score the importance of each indicator of “{node}” ({lo:g}–{hi:g}, "
        "higher is more important).",
        "children": "Indicators of this level",
        "id": "Id",
        "name": "Name",
        "definition": "Definition",
        "unit": "Unit",
        "no": "No.",
        "answer": "Answer",
        "score": "Importance",
        "note": "Note",
        "round1_own": "Your round-1 answer",
        "round1_median": "Round-1 group median",
        "round1_q1": "Lower quartile",
        "round1_q3": "Upper quartile",
        "round2_note": "Delphi round 2: the group's round-1 median and quartiles are shown on "
        "the right with your own round-1 answer (filled in). Keep or change it.",
        "cr": "Consistency ratio CR",
        "cr_limit": "limit",
        "cr_ok": "passes",
        "cr_bad": "over the limit: please review the judgment marked red",
        "cr_wait": "shown once every pair of this node is answered",
        "worst": "Most inconsistent judgment",
        "implied": "consider",
        "save": "Save the answer file",
        "saved": "File written; please send it back:",
        "missing": "not answered yet",
        "more_a": "A more important",
        "more_b": "B more important",
        "equal": "equal",
        "choose": "choose",
        "subset_cr": "(completed matrix)",
    },
}


def t(lang: str, key: str, **kw: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``kw``."""
    text = TEXT[lang][key]
    return text.format(**kw) if kw else text
