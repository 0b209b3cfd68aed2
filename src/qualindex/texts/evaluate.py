"""Messages of evaluate: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the Dask engine (qualindex.evaluate.dask_engine): what it refuses, and why
    "dask.fix_memory": (
        "用 --engine memory(或运行配置 evaluate.engine: memory)在一台机器的内存中计算",
        "run with --engine memory (or evaluate.engine: memory in the run configuration)",
    ),
    "dask.no_methods": (
        "Dask 引擎不支持 evaluate.methods(其他评价方法需要同一期的全部行)",
        "the Dask engine does not run evaluate.methods (they need every row of a period at once)",
    ),
    "dask.no_data_weights": (
        "节点 {node!r} 的权重由数据计算(熵权、CRITIC 等),Dask 引擎不支持",
        "node {node!r} takes its weights from the data (entropy, CRITIC ...): "
        "not supported by the Dask engine",
    ),
    "dask.no_policy": (
        "节点 {node!r} 的缺失值规则 {policy} 需要全部行,Dask 引擎不支持",
        "missing-value policy {policy} at {node!r} needs every row at once: "
        "not supported by the Dask engine",
    ),
    "dask.no_scoring": (
        "指标 {leaf!r} 的计分方法 {scoring} 需要全部行,Dask 引擎不支持",
        "scoring {scoring} of indicator {leaf!r} needs every row at once: "
        "not supported by the Dask engine",
    ),
    "dask.no_expectation": (
        "指标 {leaf!r} 的 SERVQUAL 期望列,Dask 引擎不支持",
        "the SERVQUAL expectation column of indicator {leaf!r} is not supported by the Dask engine",
    ),
    "dask.no_files": (
        "{path!r} 不指向任何 Parquet 或 CSV 文件",
        "{path!r} names no Parquet or CSV file",
    ),
    "dask.not_numbers": (
        "该列是 {type},不是数值;Dask 引擎只读数值列",
        "the column holds {type}, not numbers; the Dask engine reads number columns only",
    ),
    "dask.bad_value": (
        "{value} 超出该指标的取值范围(量表、百分比 0-100 或满分)",
        "{value} is outside the indicator's range (scale, 0-100 %, or its points)",
    ),
    "dask.off_scale": (
        "{value} 不是量表 {scale} 上的答案",
        "{value} is not an answer on scale {scale}",
    ),
    "dask.off_scale_fix": (
        "用 {points};无回答请留空",
        "use {points}; leave blank for no answer",
    ),
    "dask.duplicate_rows": (
        "{count} 个(实体, 期间)在 {path!r} 中出现多于一行(例如 {entity!r} {period!r})",
        "{count} (entity, period) pairs have more than one row in {path!r} "
        "(e.g. {entity!r} {period!r})",
    ),
    "dask.duplicate_fix": (
        "每个实体和期间一行;或用 --engine memory(合并各行并指出冲突)",
        "give one row per entity and period, or run with --engine memory "
        "(it merges the rows and names conflicts)",
    ),
    "dask.leaf_twice": (
        "指标 {leaf!r} 在多个数据条目中给出({paths})",
        "indicator {leaf!r} is given by more than one data entry ({paths})",
    ),
    "dask.group_conflict": (
        "{count} 个(实体, 期间)的分组 {group!r} 不一致(例如 {entity!r} {period!r})",
        "{count} (entity, period) pairs have more than one value of group {group!r} "
        "(e.g. {entity!r} {period!r})",
    ),
    "dask.group_fix": (
        "每个实体和期间给一个分组值",
        "give an entity one group value per period",
    ),
    "dask.out_exists": (
        "输出目录 {path} 已有结果",
        "the output folder {path} already holds results",
    ),
    "dask.out_fix": (
        "加 --force 覆盖,或选另一个目录",
        "add --force to replace them, or choose another folder",
    ),
    "dask.folder_needs_dask": (
        "{path!r} 是目录或通配符:由 --engine dask 读取",
        "{path!r} is a folder or a glob: read by --engine dask",
    ),
    "dask.folder_fix": (
        "用 --engine dask(或 evaluate.engine: dask),或给出一个文件",
        "run with --engine dask (or evaluate.engine: dask), or name one file",
    ),
    "dask.needs_output": (
        "--engine dask 需要 -o DIR/ --format parquet",
        "--engine dask needs -o DIR/ --format parquet",
    ),
    "dask.no_reading": (
        "读取设置 {setting}: Dask 引擎不支持(它读 UTF-8 CSV 与 Parquet 的数值列)",
        "reading setting {setting}: not supported by the Dask engine "
        "(it reads UTF-8 CSV and Parquet number columns)",
    ),
    "dask.parquet_needs_dask": (
        "--format parquet 需要 --engine dask",
        "--format parquet needs --engine dask",
    ),
    "dask.wrote": (
        "写入 {rows} 行({partitions} 个分区)到 {path}",
        "wrote {rows} rows ({partitions} partitions) to {path}",
    ),
}
