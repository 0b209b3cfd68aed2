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
    "validate.unknown_kind": ("无法判断这是什么文件", "cannot tell what this file is"),
    "validate.unknown_kind.fix": (
        "指标体系文件含 children:，判断文件含 expert:，运行配置含 index:",
        "an index system has children:, a judgment file expert:, a run configuration index:",
    ),
}
