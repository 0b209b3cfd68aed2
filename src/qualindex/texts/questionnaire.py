"""Words of the expert questionnaires (Excel and offline page): code -> (zh, en).

The codes are ``questionnaire.<key>``; :func:`qualindex.questionnaire.text.t` looks them up
by key.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "questionnaire.title": (
        "专家咨询问卷",
        "Expert questionnaire",
    ),
    "questionnaire.instructions": (
        "填写说明",
        "Instructions",
    ),
    "questionnaire.expert_sheet": (
        "专家信息",
        "Expert",
    ),
    "questionnaire.index": (
        "指标体系",
        "Index system",
    ),
    "questionnaire.version": (
        "版本",
        "Version",
    ),
    "questionnaire.structure": (
        "结构校验码",
        "Structure check code",
    ),
    "questionnaire.expert_id": (
        "专家编号",
        "Expert id",
    ),
    "questionnaire.expert_name": (
        "姓名",
        "Name",
    ),
    "questionnaire.expert_title": (
        "职称",
        "Title",
    ),
    "questionnaire.familiarity": (
        "对本指标体系的熟悉程度",
        "Familiarity with this index system",
    ),
    "questionnaire.basis": (
        "判断依据及其影响程度",
        "Basis of judgment and its influence",
    ),
    "questionnaire.step1": (
        "1. 在“专家信息”表填写编号、姓名，并选择熟悉程度和判断依据。",
        "1. On the 'Expert' sheet give your id and name and choose familiarity and bases.",
    ),
    "questionnaire.step2": (
        "2. 每个指标层一张表：逐行比较 A 与 B 两个指标对上一层的重要性，在“回答”列的下拉框中选择。",
        "2. One sheet per level: on each row judge how much more important A or B is "
        "for the level above, using the drop-down in the 'Answer' column.",
    ),
    "questionnaire.step3": (
        "3. 只有回答单元格可以编辑；请勿增删行、表或改动隐藏内容。",
        "3. Only answer cells can be edited; do not add or delete rows or sheets.",
    ),
    "questionnaire.step4": (
        "4. 填完保存，原文件发回。判断不一致（CR 超过限值）时可能会请您复核个别判断。",
        "4. Save and send the file back. If your judgments are inconsistent (CR over "
        "the limit) you may be asked to look at a few of them again.",
    ),
    "questionnaire.html_steps": (
        "在上方填写编号、姓名，选择熟悉程度与判断依据；逐行选择 A 与 B 哪个更重要及其程"
        "度；每个节点下方实时显示一致性比率 CR，超过限值时标红最不一致的判断；全部答完"
        "后点击“保存回答文件”，把生成的文件发回。",
        "Give your id and name above and choose familiarity and bases; on each row "
        "choose whether A or B matters more and how much; each node shows its "
        "consistency ratio CR as you answer and marks the most inconsistent judgment "
        "red when it is over the limit; when everything is answered, press 'Save the "
        "answer file' and send the file back.",
    ),
    "questionnaire.scale": (
        "标度含义",
        "Scale",
    ),
    "questionnaire.scale_rows": (
        "1 同等重要；3 稍微重要；5 明显重要；7 强烈重要；9 极端重要；2、4、6、8 介于两者之间。",
        "1 equal; 3 moderately; 5 strongly; 7 very strongly; 9 extremely more "
        "important; 2, 4, 6, 8 in between.",
    ),
    "questionnaire.subset_loss": (
        "{node}：询问 {asked}/{total} 个比较；权重（对数）误差方差约为全部询问时的 {rat"
        "io:.2f} 倍；能检验一致性的独立回路 {cycles} 个（全部询问时 {full} 个）；λ-最优"
        "补全后的 CR 不高于该专家全部作答时的 CR，不能与之直接比较。",
        "{node}: asks {asked} of {total} pairs; the error variance of the (log) weights "
        "is about {ratio:.2f} times that of asking every pair; {cycles} independent "
        "consistency checks instead of {full}; the CR of a lambda-optimal completion is "
        "no higher than the expert's full answers would give, so it is not comparable "
        "with it.",
    ),
    "questionnaire.sheet_for": (
        "各表",
        "Sheets",
    ),
    "questionnaire.not_asked": (
        "以下节点不在本问卷中（权重另行确定）",
        "Not in this questionnaire (weighted otherwise)",
    ),
    "questionnaire.subset_note": (
        "为减少题量，本问卷在较大节点只询问部分比较（星形生成树加 {k} 个冗余比较），其"
        "余由 λ-最优补全。",
        "To ask fewer questions, large nodes ask a subset of pairs (a star spanning "
        "tree plus {k} redundant pairs); the rest are completed λ-optimally.",
    ),
    "questionnaire.pairs_intro": (
        "比较 A 与 B 对“{node}”的重要性：选择 A 侧表示 A 更重要，B 侧表示 B 更重要。",
        "How much more important is A or B for “{node}”: choose on A's side if A "
        "matters more, on B's side if B does.",
    ),
    "questionnaire.scores_intro": (
        "为“{node}”下的各指标打重要性分（{lo:g}–{hi:g}，越大越重要）。",
        "Score the importance of each indicator of “{node}” ({lo:g}–{hi:g}, higher is "
        "more important).",
    ),
    "questionnaire.children": (
        "本层指标",
        "Indicators of this level",
    ),
    "questionnaire.id": (
        "编号",
        "Id",
    ),
    "questionnaire.name": (
        "名称",
        "Name",
    ),
    "questionnaire.definition": (
        "含义",
        "Definition",
    ),
    "questionnaire.unit": (
        "单位",
        "Unit",
    ),
    "questionnaire.no": (
        "序号",
        "No.",
    ),
    "questionnaire.answer": (
        "回答",
        "Answer",
    ),
    "questionnaire.score": (
        "重要性",
        "Importance",
    ),
    "questionnaire.note": (
        "备注",
        "Note",
    ),
    "questionnaire.round1_own": (
        "您第一轮的回答",
        "Your round-1 answer",
    ),
    "questionnaire.round1_median": (
        "第一轮组中位数",
        "Round-1 group median",
    ),
    "questionnaire.round1_q1": (
        "下四分位数",
        "Lower quartile",
    ),
    "questionnaire.round1_q3": (
        "上四分位数",
        "Upper quartile",
    ),
    "questionnaire.round2_note": (
        "德尔菲第二轮：右侧列出第一轮全组的中位数和四分位数，以及您自己第一轮的回答（已"
        "预填）。可保留或修改。",
        "Delphi round 2: the group's round-1 median and quartiles are shown on the "
        "right with your own round-1 answer (filled in). Keep or change it.",
    ),
    "questionnaire.cr": (
        "一致性比率 CR",
        "Consistency ratio CR",
    ),
    "questionnaire.cr_limit": (
        "限值",
        "limit",
    ),
    "questionnaire.cr_ok": (
        "通过",
        "passes",
    ),
    "questionnaire.cr_bad": (
        "超过限值，请复核标红的判断",
        "over the limit: please review the judgment marked red",
    ),
    "questionnaire.cr_wait": (
        "答完本节点全部比较后显示",
        "shown once every pair of this node is answered",
    ),
    "questionnaire.worst": (
        "最不一致的判断",
        "Most inconsistent judgment",
    ),
    "questionnaire.implied": (
        "可考虑改为",
        "consider",
    ),
    "questionnaire.save": (
        "保存回答文件",
        "Save the answer file",
    ),
    "questionnaire.saved": (
        "已生成文件，请将其发回：",
        "File written; please send it back:",
    ),
    "questionnaire.missing": (
        "尚未回答",
        "not answered yet",
    ),
    "questionnaire.more_a": (
        "A 更重要",
        "A more important",
    ),
    "questionnaire.more_b": (
        "B 更重要",
        "B more important",
    ),
    "questionnaire.equal": (
        "同等",
        "equal",
    ),
    "questionnaire.choose": (
        "请选择",
        "choose",
    ),
    "questionnaire.subset_cr": (
        "（补全后的矩阵）",
        "(completed matrix)",
    ),
    # qualindex questionnaire: what it refuses to write
    "questionnaire.delphi_needs_round1": (
        "德尔菲第二轮需要第一轮的判断",
        "a Delphi second round needs the first round's judgments",
    ),
    "questionnaire.delphi_needs_round1.fix": (
        "请给出一个运行配置，其 judgments: 为第一轮的判断",
        "give a run configuration whose judgments: are the first round",
    ),
    "questionnaire.no_round1": (
        "没有 {experts} 的第一轮判断",
        "no first-round judgments for {experts}",
    ),
    "questionnaire.no_round1.fix": ("第一轮的专家为 {experts}", "round-1 experts are {experts}"),
    "questionnaire.bad_ids": (
        "专家编号 {ids} 不是有效的编号",
        "expert id(s) {ids} are not valid ids",
    ),
    "questionnaire.bad_ids.fix": (
        "请只用字母、数字和 _ - .，如 --experts li,wang",
        "use letters, digits, _ - . (e.g. --experts li,wang)",
    ),
    "questionnaire.nothing_to_ask": (
        "指标体系 {index!r} 没有由专家赋权的节点，无可询问",
        "index {index!r} has no node weighted by experts, so there is nothing to ask",
    ),
    "questionnaire.nothing_to_ask.fix": (
        "请用 ahp、fuzzy-ahp 或 expert-scores 为节点赋权",
        "weight a node by ahp, fuzzy-ahp or expert-scores",
    ),
    # qualindex collect: files that cannot be read, answers made for something else
    "collect.not_found": ("找不到答卷文件", "answer file not found"),
    "collect.not_found.fix": ("请检查路径", "check the path"),
    "collect.cannot_collect": ("无法收集 {suffix} 文件", "cannot collect {suffix}"),
    "collect.cannot_collect_bare": (
        "无法收集无后缀的文件",
        "cannot collect a file without a suffix",
    ),
    "collect.cannot_collect.fix": (
        "请给出 .xlsx 问卷、.json 答卷文件或 .csv/.xlsx 调查表",
        "give .xlsx questionnaires, .json answer files or .csv/.xlsx survey tables",
    ),
    "collect.no_section": (
        "没有 'questionnaire' 部分：这不是 HTML 问卷保存的答卷文件",
        "no 'questionnaire' section: this is not an answer file saved by the HTML questionnaire",
    ),
    "collect.no_section.fix": (
        "请收集问卷页面“保存”按钮写出的文件",
        "collect the file the questionnaire's save button wrote",
    ),
    "collect.not_triple": (
        "{where}：{item!r} 不是 [a, b, 值]",
        "{where}: {item!r} is not [a, b, value]",
    ),
    "collect.no_id_column": (
        "没有存放答卷人专家编号的列 {column!r}",
        "no column {column!r} with the respondents' expert ids",
    ),
    "collect.no_id_column.fix": (
        "请添加列 {column!r}，或用 --id-column 指明编号所在的列",
        "add a column {column!r}, or name the id column with --id-column",
    ),
    "collect.no_pair_columns": (
        "{n} 对比较没有对应的列：{pairs}",
        "no column for {n} pair(s): {pairs}",
    ),
    "collect.no_pair_columns.fix": (
        "请为问卷所问的每一对比较设一列，列名为 <a>_vs_<b>",
        "name a column <a>_vs_<b> for every pair the questionnaire asks",
    ),
    "collect.other_index": (
        "这些答案是为 {made} 制作的，不是为 {reference}",
        "these answers were made for {made}, not for {reference}",
    ),
    "collect.other_index.fix": (
        "请用制作时的指标体系 {made} 收集，或给专家发送 {reference} 的问卷",
        "collect them with the index {made} they were made for, or send the expert a "
        "questionnaire for {reference}",
    ),
    "collect.structure_changed": (
        "问卷的结构码 {made} 与 {reference} 现在的结构码（{now}）不同：其节点或比较对已改变",
        "the questionnaire's structure code {made} is not that of {reference} now ({now}): "
        "its nodes or pairs changed",
    ),
    "collect.structure_changed.fix": (
        "请用 `qualindex questionnaire` 给专家发送新的问卷",
        "send the expert a new questionnaire (`qualindex questionnaire`)",
    ),
    # qualindex collect: answers refused
    "collect.at": ("{where}：{message}", "{where}: {message}"),
    "collect.pair": ("{a} 与 {b}：{why}", "{a} vs {b}: {why}"),
    "collect.no_pair_answer": (
        "pairwise.{node}：{a} 与 {b} 没有回答",
        "pairwise.{node}: no answer for {a} vs {b}",
    ),
    "collect.no_score": ("{item} 没有重要性得分", "no importance score for {item}"),
    "collect.not_number": ("{value!r} 不是数", "{value!r} is not a number"),
    "collect.outside": (
        "{item}：{value!r} 超出 {lo:g}-{hi:g}",
        "{item}: {value!r} is outside {lo:g}-{hi:g}",
    ),
    "collect.expert_id": ("专家编号", "expert id"),
    "collect.blank_id": ("专家编号为空", "the expert id is blank"),
    "collect.blank_id.fix": ("请填写专家编号", "fill in the expert id"),
    "collect.bad_id": ("专家编号 {id!r} 不是有效的编号", "expert id {id!r} is not a valid id"),
    "collect.bad_id.fix": ("请只用字母、数字和 _ - .", "use letters, digits, _ - ."),
    "collect.authority_blank": (
        "{key} 为空，但其他权威程度问题已作答",
        "{key} is blank while other authority answers are given",
    ),
    "collect.authority_blank.fix": (
        "熟悉程度与四项判断依据请全部作答，或全部不答",
        "answer all of familiarity and the four bases, or none",
    ),
    "collect.not_label": ("{value!r} 不是 {names} 之一", "{value!r} is not one of {names}"),
    "collect.twice": (
        "专家 {expert!r} 出现了两次（另见 {where}）",
        "expert {expert!r} is given twice (also in {where})",
    ),
    "collect.twice.fix": (
        "每位专家只收集一次；每位专家的编号须唯一",
        "collect each expert once; give each expert a unique id",
    ),
    "collect.exists": (
        "{path} 已存在；`qualindex collect` 从不覆盖判断文件",
        "{path} exists; collect never overwrites a judgment file",
    ),
    "collect.exists.fix": (
        "请换一个 -o 文件夹，或先把旧文件移走",
        "choose another -o folder, or move the old file away first",
    ),
    # the comment header of a judgment file qualindex collect writes
    "collect.header.from": (
        "# 由 `qualindex collect` 从 {file} 收集",
        "# collected by qualindex collect from {file}",
    ),
    "collect.header.structure": (
        "# 问卷结构码 {structure}（{reference}）",
        "# questionnaire structure {structure} ({reference})",
    ),
    # reading a filled Excel questionnaire (qualindex.questionnaire.xlsx)
    "xlsx.cannot_read": ("无法读取工作簿（`{error}`）", "cannot read the workbook ({error})"),
    "xlsx.cannot_read.fix": ("请另存为 .xlsx", "save it as .xlsx"),
    "xlsx.no_meta": (
        "没有隐藏工作表 {sheet!r}：此工作簿不是 qualindex 问卷",
        "no hidden sheet {sheet!r}: this workbook is not a qualindex questionnaire",
    ),
    "xlsx.no_meta.fix": (
        "请收集 `qualindex questionnaire` 写出的文件，或调查表（每位答卷人一行，每对比较一列）",
        "collect the files `qualindex questionnaire` wrote, or a survey table (one row per "
        "respondent, one column per pair)",
    ),
    "xlsx.meta_damaged": (
        "隐藏工作表 {sheet!r}：条目 {entry!r} 已损坏",
        "hidden sheet {sheet!r}: entry {entry!r} is damaged",
    ),
    "xlsx.meta_damaged.fix": (
        "请让专家填写一份新生成的问卷",
        "ask the expert to fill a freshly generated questionnaire",
    ),
    "xlsx.sheet_missing": ("缺少工作表 {sheet!r}", "sheet {sheet!r} is missing"),
    "xlsx.sheet_missing.fix": ("请不要删除工作表", "do not delete sheets"),
    "xlsx.row_pair": (
        "{where}：第 {row} 行应比较 {a} 与 {b}，实际为 {ids}",
        "{where}: row {row} should compare {a} with {b} but holds {ids}",
    ),
    "xlsx.row_pair.fix": (
        "行被移动或删除了：请使用新生成的问卷",
        "rows were moved or deleted: use a freshly generated questionnaire",
    ),
    "xlsx.row_score": (
        "{where}：第 {row} 行应为 {child} 打分",
        "{where}: row {row} should score {child}",
    ),
    "xlsx.row_score.fix": ("请不要移动行", "do not move rows"),
    # qualindex collect: answers refused, each expert's CR, what to send back
    "collect.fix_pair": (
        "请在下拉框中选一个答案（'A … (5)'、'{equal}'、'B … (5)'）",
        "choose an answer in the drop-down ('A … (5)', '{equal}', 'B … (5)')",
    ),
    "collect.where_cell": ("工作表 {sheet!r}，单元格 {cell}", "sheet {sheet!r}, cell {cell}"),
    "collect.where_row": ("第 {row} 行，列 {column!r}", "row {row}, column {column!r}"),
    "collect.no_answer": ("未作答", "no answer"),
    "collect.not_judgment": ("{value!r} 不是判断值", "{value!r} is not a judgment"),
    "collect.save_again": ("请在页面上重新保存文件", "save the file again from the page"),
    "collect.off_saaty": (
        "{value!r} 超出 Saaty 标度 1/9..9",
        "{value!r} is off Saaty's scale 1/9..9",
    ),
    "collect.answer_again": ("请在页面上重新作答", "answer on the page again"),
    "collect.not_answer": ("{value!r} 不是答案", "{value!r} is not an answer"),
    "collect.sign_unknown": (
        "{value!r}：不知道带符号的数偏向哪个元素",
        "{value!r}: which element a signed number favours is not known",
    ),
    "collect.sign_unknown.fix": (
        "请给出 `--negative first`（-5：前者更重要，5：后者）"
        "或 `--negative second`（-5：后者，5：前者）",
        "give --negative first (-5: the first is more important, 5: the second) "
        "or --negative second (-5: the second, 5: the first)",
    ),
    "collect.off_signed": (
        "{value!r} 超出标度 -9..-2、1、2..9",
        "{value!r} is off the scale -9..-2, 1, 2..9",
    ),
    "collect.use_signed": ("请用带符号的 1-9 标度", "use the signed 1-9 scale"),
    "collect.not_an_option": ("{value!r} 不是可选答案之一", "{value!r} is not one of the answers"),
    "collect.advice": (
        "{where}：{a} 与 {b} 的回答为 {current!r}；其余回答提示 {suggested!r}"
        "（修正第 {step} 步：CR 随后为 {cr:.3f}）",
        "{where}: {a} vs {b} answered {current!r}; the other answers suggest {suggested!r} "
        "(repair step {step}: CR then {cr:.3f})",
    ),
    "collect.least_consistent": (
        "{where}：{a} 与 {b} 是最不一致的回答",
        "{where}: {a} vs {b} is the least consistent answer",
    ),
    "collect.completed": ("（已补全）", " (completed)"),
    "collect.no_node": ("没有 3 个及以上元素的两两比较节点", "no pairwise node of 3+"),
    "collect.expert_line": ("{expert}（{source}）：{said}", "{expert} ({source}): {said}"),
    "collect.send_back": ("请退回复核：", "send back for a second look:"),
    "collect.send_back_node": (
        "  {expert} 在 {node}（CR {cr:.3f} > {limit:.2f}）：",
        "  {expert} at {node} (CR {cr:.3f} > {limit:.2f}):",
    ),
    "collect.all_within": (
        "每位专家在每个节点的 CR 都在限值内",
        "every expert is within the CR limit at every node",
    ),
    "questionnaire.subset_incomplete": (
        "节点 {node!r} 只会问 {asked} 对（共 {pairs} 对），但其赋权不补全缺失的比较",
        "node {node!r} would be asked {asked} of its {pairs} pairs, but its weighting "
        "completes no missing pair",
    ),
    "questionnaire.subset_incomplete.fix": (
        "在 {node!r} 上设置 weighting: {{method: ahp, incomplete: lambda-optimal}}，"
        "或询问全部比较（去掉 --subset）",
        "set weighting: {{method: ahp, incomplete: lambda-optimal}} on {node!r}, "
        "or ask every pair (leave out --subset)",
    ),
}
