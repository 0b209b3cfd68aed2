"""Messages of the command line, validate and the error frame: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "lang.unknown": (
        "{source} 的语言 {lang!r} 无法识别（可用 zh 或 en）",
        "{source}: language {lang!r} is not zh or en",
    ),
    "error.more_problems": (
        "……另有 {rest:,} 个问题（全部在 .problems 中）",
        "... and {rest:,} more problems (all of them are in .problems)",
    ),
    "cli.error_label": ("错误：", "error:"),
    "error.more_in_file": (
        "…… 该文件另有 {rest:,} 个问题",
        "… and {rest:,} more problems in this file",
    ),
    "cli.warning_label": ("警告：", "warning:"),
    "cli.note_label": ("说明：", "note:"),
    "cli.wrote": ("已写入 {file}", "wrote {file}"),
    "cli.not_converted": ("未转换：{what}", "not converted: {what}"),
    "cli.fewer_questions_label": ("问卷题目减少：", "fewer questions:"),
    # output files (qualindex.outputs): -o that cannot be written
    "out.empty": (
        "输出路径（'' 或 '.'）没有文件名：请用 -o 给出文件名，例如 -o out.html",
        "the output path ('' or '.') names no file; give a file name with -o, e.g. -o out.html",
    ),
    "out.nul": (
        "输出路径 {path!r} 含有 NUL 字节：请给出文件名",
        "the output path {path!r} contains a NUL byte; give a file name",
    ),
    "out.folder": (
        "无法写入 {file}：这是一个文件夹；请给出其中的文件名，例如 -o {example}",
        "cannot write {file}: it is a folder; give a file name inside it, e.g. -o {example}",
    ),
    "out.is_folder": (
        "无法写入 {file}：这是一个文件夹；请用 -o 给出文件名",
        "cannot write {file}: it is a folder; give a file name with -o",
    ),
    "out.over_input": (
        "不会把结果写到输入文件 {file} 上：请另选 -o",
        "refusing to write {file} over an input file; choose another -o",
    ),
    "out.read_only": (
        "{file} 是只读文件，不予替换：如确要替换请加 --force，或另选 -o",
        "{file} is read-only; refusing to replace it: pass --force to replace it anyway, "
        "or choose another -o",
    ),
    "out.disk_full": (
        "无法写入 {file}：磁盘已满；未写入任何内容，原有文件不变：请腾出空间或另选 -o",
        "cannot write {file}: the disk is full; nothing was written and any existing file is "
        "unchanged: free some space or choose another -o",
    ),
    "out.too_long": (
        "无法写入 {file}...：路径过长（{n:,} 个字符，最长的一段 {longest} 个）；请用 -o 选更短的"
        "文件名或文件夹",
        "cannot write {file}...: the path is too long ({n:,} characters, longest name "
        "{longest}); choose a shorter name or folder with -o",
    ),
    "out.no_permission": (
        "无法写入 {file}：没有 {folder} 的写入权限；请用 -o 选一个可写的文件夹",
        "cannot write {file}: no permission to write in {folder}; choose a folder you can "
        "write to with -o",
    ),
    "out.not_dir": (
        "无法写入 {file}：路径中有一段是文件而不是文件夹；请另选 -o",
        "cannot write {file}: a part of the path is a file, not a folder; choose another -o",
    ),
    "out.os_error": (
        "无法写入 {file}：{why}；请用 -o 另选路径",
        "cannot write {file}: {why}; choose another path with -o",
    ),
    "out.report_suffix": (
        "{file}：无法写成 {suffix!r} 格式的报告；请用 .html、.docx、.xlsx 或 .md",
        "{file}: cannot write a report as {suffix!r}; use .html, .docx, .xlsx or .md",
    ),
    "out.report_no_suffix": (
        "{file}：文件名没有后缀，无法判断报告格式；请用 .html、.docx、.xlsx 或 .md",
        "{file}: cannot write a report as a file without suffix; use .html, .docx, .xlsx or .md",
    ),
    "cli.created": ("已创建 {file}", "created {file}"),
    "cli.init_next": (
        "下一步：cd {folder} && qualindex validate *.yaml",
        "next: cd {folder} && qualindex validate *.yaml",
    ),
    "cli.repair_needs_output": (
        "--repair 需要 -o DIR 来存放修正后的判断文件",
        "--repair needs -o DIR for the repaired judgment files",
    ),
    "cli.cr_over_limit": ("错误：有 CR 超过限值（{why}）", "error: a CR is over its limit ({why})"),
    "cli.data_needs_entity": ("--data 需要 --entity COLUMN", "--data needs --entity COLUMN"),
    "cli.periods_need_period": (
        "--periods 需要 --data FILE 和 --period COLUMN（运行配置中请写 data.periods）",
        "--periods needs --data FILE and --period COLUMN (in a run configuration: data.periods)",
    ),
    "cli.label_needs_data": (
        "--label 需要 --data FILE（运行配置中请写 data.label）",
        "--label needs --data FILE (in a run configuration: data.label)",
    ),
    "cli.xlsx_needs_output": (
        "--format xlsx 需要 -o FILE.xlsx",
        "--format xlsx needs -o FILE.xlsx",
    ),
    "cli.figure_needs_output": (
        "请给出 -o FILE.svg、.png 或 .pdf，或 --format mermaid|dot",
        "give -o FILE.svg, .png or .pdf, or --format mermaid|dot",
    ),
    "cli.vary_unknown": ("--vary {bad}：请用 {use}", "--vary {bad}: use {use}"),
    "cli.decision_vary": (
        "--sobol、--period、--value-sd 与 --vary values/methods 只适用于有数据的评价；"
        "决策模型只扰动权重与判断（--vary weights,judgments，--mode）",
        "--sobol, --period, --value-sd and --vary values/methods apply to evaluated data; a "
        "decision model varies weights and judgments (--vary weights,judgments, --mode)",
    ),
    # click's own usage errors, under --lang zh (qualindex.cli._Group)
    "cli.usage.choice": (
        "{option} 的值 {value!r} 无效：应为 {choices} 之一",
        "invalid value {value!r} for {option}: use one of {choices}",
    ),
    "cli.usage.invalid": (
        "{option} 的值 {value!r} 无效（`{detail}`）",
        "invalid value {value!r} for {option} ({detail})",
    ),
    "cli.usage.invalid_said": (
        "{option} 的值 {value!r} 无效：{said}",
        "invalid value {value!r} for {option}: {said}",
    ),
    "cli.usage.not_integer": ("应为整数", "a whole number is needed"),
    "cli.usage.not_number": ("应为数字", "a number is needed"),
    "cli.usage.missing_option": ("缺少选项 {option}", "missing option {option}"),
    "cli.usage.missing_argument": ("缺少参数 {name}", "missing argument {name}"),
    "cli.usage.no_such_option": ("没有选项 {option}", "no such option {option}"),
    "cli.usage.no_such_command": ("没有命令 {name!r}", "no such command {name!r}"),
    "cli.usage.maybe": ("（是否应为 {names}？）", " (did you mean {names}?)"),
    "cli.usage.needs_value": ("选项 {option} 需要一个值", "option {option} needs a value"),
    "cli.usage.option": ("选项 {option} 用法有误（`{detail}`）", "option {option}: {detail}"),
    "cli.usage.extra": ("多余的参数：{args}", "unexpected extra arguments: {args}"),
    "cli.usage.other": ("命令行有误（`{detail}`）", "usage error: {detail}"),
    "cli.usage.help": ("（用法见 `{command} --help`）", " (see `{command} --help`)"),
    "cli.import_needs_index": (
        "导入 .xlsx 判断矩阵需要 --index INDEX.yaml",
        "an .xlsx of grids needs --index INDEX.yaml",
    ),
    "validate.ok": ("通过", "ok"),
    "name.file_kind.index": ("指标体系", "index"),
    "name.file_kind.judgments": ("判断", "judgments"),
    "name.file_kind.config": ("运行配置", "config"),
    "name.file_kind.presets": ("预设", "presets"),
    "cli.bad_vary": (
        "{bad}：请用 weights、judgments 或两者",
        "{bad}: use weights, judgments or both",
    ),
    "cli.stage.loading": ("读取指标体系与判断", "loading index and judgments"),
    "cli.stage.data": ("读取数据", "reading data"),
    "cli.stage.scoring": ("赋权与计分", "weighting and scoring"),
    "cli.stage.ranking": ("排名与诊断", "ranking and diagnosing"),
    "cli.stage.report": ("撰写报告", "writing the report"),
    "cli.stage.varying": ("扰动权重与判断", "varying weights and judgments"),
    # validate
    "validate.index_ok": ("{id} {version}：{n} 个末级指标", "{id} {version}: {n} indicators"),
    "validate.config_ok": (
        "指标体系 {id}，{n} 个判断文件模式",
        "index {id}, {n} judgment pattern(s)",
    ),
    "validate.structure_only": (
        "仅检查了结构：请同时给出其指标体系文件"
        "（qualindex validate INDEX.yaml JUDGMENTS.yaml）以核对编号",
        "checked for structure only: pass its index file too "
        "(qualindex validate INDEX.yaml JUDGMENTS.yaml) to check the ids",
    ),
    "validate.structure_only_which": (
        "仅检查了结构：其 index: 为 {ref}，不是所给的指标体系之一（{ids}）；"
        "请在判断文件中写 index: 编号",
        "checked for structure only: its index: is {ref}, none of the index files given "
        "({ids}); name one with index: ID in the judgment file",
    ),
    "validate.checked_against": (
        "已对照 {id} {version} 检查",
        "checked against {id} {version}",
    ),
    "diagram.experts_over": (
        "{n}/{of} 位专家超限：{experts}",
        "{n}/{of} experts over: {experts}",
    ),
    "validate.unknown_kind": ("无法判断这是什么文件", "cannot tell what this file is"),
    "validate.unknown_kind.fix": (
        "指标体系文件含 children:，判断文件含 expert:，运行配置含 index:",
        "an index system has children:, a judgment file expert:, a run configuration index:",
    ),
}

# the terminal's tables and lines (qualindex.render)
TEXTS.update(
    {
        "cli.show.scale": ("量表 {scale}", "scale {scale}"),
        "cli.show.target": ("目标 {target:g}", "target {target:g}"),
        "cli.show.weights": ("赋权：{method}", "weights: {method}"),
        "cli.catalog.title": ("qualindex 内置指标体系", "qualindex catalogue"),
        "cli.col.id": ("编号", "id"),
        "cli.col.name": ("名称", "name"),
        "cli.col.levels": ("层数", "levels"),
        "cli.col.indicators": ("指标数", "indicators"),
        "cli.col.source": ("来源", "source"),
        "cli.invalid": ("无效", "invalid"),
        "cli.weights": (
            "局部 {local:.4f}  全局 {global_:.4f}",
            "local {local:.4f}  global {global_:.4f}",
        ),
        "cli.from_scores": ("由得分计算", "from scores"),
        "cli.from_raw": ("由原始数据计算", "from raw values"),
        "cli.by_default": ("（默认）", " (default)"),
        "cli.consistency.title": ("各节点与专家的一致性", "Consistency per node and expert"),
        "cli.col.node": ("节点", "node"),
        "cli.col.expert": ("专家", "expert"),
        "cli.col.matrix": ("矩阵", "matrix"),
        "cli.col.limit": ("限值", "limit"),
        "cli.col.ri_table": ("RI 表", "RI table"),
        "cli.matrix.absent": ("未作答", "absent"),
        "cli.matrix.completed": ("已补全（{how}）", "filled ({how})"),
        "cli.matrix.group": ("AIJ ×{n} 位", "AIJ ×{n}"),
        "cli.matrix.complete": ("完整", "full"),
        "cli.filled_by": (
            "{node}（{expert}）：{how}：{pairs}",
            "{node} ({expert}): filled by {how}: {pairs}",
        ),
        "cli.group_aij": ("群组 AIJ", "group, AIJ"),
        "cli.ordinal_cycle": (
            "顺序不一致：判断成环 {cycles}，不改变其中一个判断的方向就无法修正（--allow-reversal）",
            "ordinal inconsistency: cycle {cycles}, cannot be fixed without reversing a judgment "
            "(--allow-reversal)",
        ),
        "cli.cr_would_be": ("（改后 CR 为 {cr:.4f}）", "(CR would be {cr:.4f})"),
        "cli.no_repair": (
            "无需修改任何判断：各 CR 均未超过限值",
            "no judgment needed a change: every CR is within its limit",
        ),
        "cli.eval.title": ("{name} — 共 {n} 行", "{name} — {n} rows"),
        "cli.eval.gap_caption": (
            "⋮ n：该期未列出的 n 行（介于最好与最差的几行之间）",
            "⋮ n: n rows of that period not shown (between its best and its worst)",
        ),
        "cli.eval.title_listed": (
            "{name} — 共 {total} 行，列出 {n} 行",
            "{name} — {n} of {total} rows listed",
        ),
        "cli.col.entity": ("评价对象", "entity"),
        "cli.col.period": ("期次", "period"),
        "cli.col.score": ("得分", "score"),
        "cli.col.grade": ("等级", "grade"),
        "cli.col.rank": ("排名", "rank"),
        "cli.col.weight_used": ("有效权重", "weight used"),
        "cli.eval.partial_caption": (
            "有效权重：有数据的权重占比（空缺不计，其余按比例重分）",
            "weight used: share of the weight with data (blanks out, rest reweighted)",
        ),
        "cli.col.short_board": ("短板维度", "short board"),
        "cli.eval.filled_caption": (
            "* 含按缺失值规则补齐的得分（见说明）",
            "* rests on scores filled by the missing-value rule (see the notes)",
        ),
        "cli.all_rows": ("全部行", "all rows"),
        "cli.improve_first": (
            "优先改进（{period}；标 * 者为修补区（重要而低于分界），其余按失分 = 全局权重 × "
            "(100 − 得分)）：",
            "improve first ({period}; * concentrate here (important, below the cut) first, then "
            "by shortfall = global weight × (100 − score)):",
        ),
        "cli.other_methods": ("其他评价方法（{period}）：", "other methods ({period}):"),
        "cli.method.grey": ("灰色关联度", "grey relational grade"),
        "cli.method.rsr": ("秩和比 RSR", "rank-sum ratio"),
        "cli.method.coupling": ("耦合协调度 D", "coupling coordination D"),
        "cli.method.vikor": ("VIKOR Q（越小越好）", "VIKOR Q (smaller is better)"),
        "cli.method.topsis": ("TOPSIS 贴近度", "TOPSIS closeness"),
        "cli.method.entropy-topsis": ("熵权 TOPSIS 贴近度", "entropy-TOPSIS closeness"),
        "cli.method.obstacle": ("障碍度", "obstacle degree"),
        "cli.alpha_too_few": (
            "（完整答卷不足 2 份）",
            "(fewer than 2 complete answer sheets)",
        ),
        "cli.alpha": ("克朗巴哈 α 系数（题数）：", "Cronbach's α (items):"),
        "cli.sens.head": (
            "排名稳健性（{period}，{n} 个评价对象）",
            "sensitivity ({period}, {n} entities)",
        ),
        "cli.sens.switches": (
            "最接近的切换点（局部权重：现值 → 两家评价对象互换名次处）：",
            "closest switch points (local weight: now → where two entities swap):",
        ),
        "cli.sens.switch": (
            "  {node} 下的 {child}：{current:.3f} → {weight:.3f}：{first} 与 {second} 互换"
            "（高于此值时 {leader} 领先）",
            "  {child} under {node}: {current:.3f} → {weight:.3f}: {first} and {second} swap "
            "({leader} ahead above it)",
        ),
        "cli.sens.intervals": (
            "{draws} 次抽样（{sources}；log a_ij 上 σ = {sigma:g}，种子 {seed}）的名次区间：",
            "rank intervals over {draws} draws of {sources} (σ = {sigma:g} on log a_ij, "
            "seed {seed}):",
        ),
        "cli.sens.intervals_fixed": (
            "{draws} 次抽样（{sources}；种子 {seed}）的名次区间：",
            "rank intervals over {draws} draws of {sources} (seed {seed}):",
        ),
        "cli.sens.entity": (
            "  {id}：名次 {rank}（中位数 {median}，5–95 % {q05}–{q95}，"
            "{first:.0%} 的抽样中排第一{each}）",
            "  {id}: rank {rank} (median {median}, 5–95 % {q05}–{q95}, "
            "first in {first:.0%} of draws{each})",
        ),
        "cli.sens.judgments": (
            "对前几名影响最大的判断：",
            "judgments that move the top ranks most:",
        ),
        "cli.sens.judgment": (
            "  {node}（{expert}）：{a} vs {b} 解释 {share:.0%}",
            "  {node} ({expert}): {a} vs {b} explains {share:.0%}",
        ),
        "cli.sens.sobol": (
            "综合得分的 Sobol 指数（{runs} 次运行；一阶 / 总效应，总效应最大的三项）：",
            "Sobol indices of the composite ({runs} runs; first / total, the three largest total):",
        ),
    }
)
