"""Messages of the streamed evaluation (evaluate --engine): code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # why a run is evaluated in memory (stream.stream_reason, NotStreamable)
    "stream.why.files": (
        "{n} 个数据文件（按对象合并需在内存中进行）",
        "{n} data files (their rows are merged by entity in memory)",
    ),
    "stream.why.respondent": (
        "答卷数据（layout: respondent）需在内存中按对象求均值",
        "answer sheets (layout: respondent) are averaged per entity in memory",
    ),
    "stream.why.suffix": (
        "{suffix} 文件需整体读取（可流式处理 CSV 或 Parquet）",
        "{suffix} files are read whole (CSV or Parquet can be streamed)",
    ),
    "stream.why.label": (
        "data.label：对象名称可能出现在其任一行",
        "data.label: an entity's display name may come from any of its rows",
    ),
    "stream.why.importance": (
        "重要性评分权重来自数据",
        "importance ratings are weights from the data",
    ),
    "stream.why.methods": (
        "evaluate.methods 需比较所有对象",
        "evaluate.methods compare every entity with every other",
    ),
    "stream.why.data_weights": (
        "节点 {node!r} 的权重来自数据",
        "node {node!r} takes its weights from the data",
    ),
    "stream.why.scoring": (
        "指标 {leaf!r} 的计分方法 {method!r} 需同时使用所有行",
        "indicator {leaf!r} is scored by {method!r} over all rows at once",
    ),
    "stream.why.gap": (
        "指标 {leaf!r} 有期望值列（差距计分）",
        "indicator {leaf!r} has an expectation column (gap scores)",
    ),
    "stream.why.policy": (
        "节点 {node!r} 的缺失值规则 {policy!r} 需使用所有行",
        "node {node!r}: missing-value policy {policy!r} uses every row",
    ),
    "stream.why.format": (
        "--format {fmt} 显示全部行（流式输出 csv、parquet、jsonl）",
        "--format {fmt} shows every row (csv, parquet and jsonl are streamed)",
    ),
    "stream.why.whole": (
        "{file} 需整体读取（表头布局或数字格式）",
        "{file} is read whole (header layout or number marks)",
    ),
    "stream.why.column": (
        "缺少列 {column!r}（内存引擎会给出修正建议）",
        "no column {column!r} (named with its fix in memory)",
    ),
    "stream.why.no_entity": (
        "有一行没有对象编号（内存引擎会定位）",
        "a row has no entity id (located in memory)",
    ),
    "stream.why.key_type": (
        "键列类型为 {kind}（内存引擎逐格读取）",
        "a key column of type {kind} (read cell by cell in memory)",
    ),
    "stream.why.text": (
        "列 {column!r} 含文本（内存引擎会定位）",
        "column {column!r} holds text (located in memory)",
    ),
    "stream.why.cells": (
        "有单元格不是普通数字（内存引擎会定位）",
        "a cell is not a plain number (located in memory)",
    ),
    "stream.why.range": (
        "列 {column!r} 有超出范围的值（内存引擎会定位）",
        "column {column!r} has values out of range (located in memory)",
    ),
    "stream.why.repeats": (
        "{n} 行重复了对象与期间（需在内存中合并）",
        "{n} rows repeat an entity and period (merged in memory)",
    ),
    "stream.why.periods": ("期间标签：{reason}", "period labels: {reason}"),
    # what the command says about the engine it chose
    "stream.auto_memory": (
        "engine auto：{rows} 行，在内存中评价，因为{reason}",
        "engine auto: {rows} rows, evaluated in memory because {reason}",
    ),
    "stream.auto_stream": (
        "engine auto：{rows} 行，分批流式评价（--engine memory 则整体载入内存）",
        "engine auto: {rows} rows, streamed in batches (--engine memory holds them all in memory)",
    ),
    "stream.fell_back": ("在内存中评价，因为{reason}", "evaluated in memory because {reason}"),
    "stream.refused": (
        "流式引擎无法运行本次评价：{reason}；请用 --engine memory 或 auto",
        "the streamed engine cannot run this evaluation: {reason}; use --engine memory (or auto)",
    ),
    "stream.needs_output": (
        "--format parquet 需要 -o FILE.parquet",
        "--format parquet needs -o FILE.parquet",
    ),
    "stream.stage.statistics": ("统计（第 1 遍）", "statistics (pass 1)"),
    "stream.stage.scoring": ("计分与排名（第 2 遍）", "scoring and ranking (pass 2)"),
    "stream.stage.writing": ("写出结果（第 3 遍）", "writing results (pass 3)"),
}
