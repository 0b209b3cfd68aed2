"""Messages of data reading (CSV, xlsx, Parquet; cells, headers, encodings): code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the data: entry's reading options
    "data.file_repeated": (
        "数据文件 {path!r} 已在 data.files[{first}] 列出（工作表 {sheet}），重复读入会使每行计两次",
        "data file {path!r} is listed already as data.files[{first}] (sheet {sheet}); read "
        "twice, every row would count twice",
    ),
    "data.file_repeated.fix": (
        "删去重复的条目；同一文件的不同工作表请用 sheet: 分别列出",
        "remove the repeated entry; list different sheets of one file with sheet:",
    ),
    "data.opt.decimal": (
        "decimal: {value!r} 不是 '.' 或 ','",
        "decimal: {value!r} is not '.' or ','",
    ),
    "data.opt.decimal.fix": ('写 decimal: "," 或 "."', 'write decimal: "," or "."'),
    "data.opt.thousands": (
        "thousands: {value!r} 不是千位分隔符",
        "thousands: {value!r} is not a separator",
    ),
    "data.opt.thousands.fix": ("可用 ','、'.'、' ' 或 \"'\"", "use ',', '.', ' ' or \"'\""),
    "data.opt.thousands_is_decimal": (
        "thousands: {value!r} 与小数点相同",
        "thousands: {value!r} is also the decimal mark",
    ),
    "data.opt.thousands_is_decimal.fix": ("请给出不同的符号", "give different marks"),
    "data.opt.delimiter": (
        "delimiter: {value!r} 不是单个字符",
        "delimiter: {value!r} is not one character",
    ),
    "data.opt.delimiter.fix": ('例如 delimiter: ";"', 'e.g. delimiter: ";"'),
    "data.opt.encoding": ("encoding: {value!r} 无法识别", "encoding: {value!r} is unknown"),
    "data.opt.encoding.fix": ("例如 utf-8、gb18030、utf-16", "e.g. utf-8, gb18030, utf-16"),
    "data.opt.header_row": (
        "header_row 与 header_rows 从 1 开始计数",
        "header_row and header_rows count from 1",
    ),
    "data.opt.header_row.fix": ("例如 header_row: 3", "e.g. header_row: 3"),
    "data.opt.sheet": (
        "sheet: {value}：工作表从 1 开始编号",
        "sheet: {value} - sheets are numbered from 1",
    ),
    "data.opt.sheet.fix": ("sheet: 1 为第一张", "sheet: 1 is the first"),
    # cells
    "data.where_column": ("列 {column!r}", "column {column!r}"),
    "data.shown_date": ("日期 {date}", "date {date}"),
    "data.not_number": ("{cell} 不是数字", "{cell} is not a number"),
    "data.not_number.fix": ("请写数字", "write a number"),
    "data.not_number_or_blank.fix": (
        "请写数字；缺失则留空",
        "write a number, or leave the cell empty if missing",
    ),
    "data.sign_unit": (
        "{cell!r} 带有 {sign} 号，但该指标的单位是 {unit}",
        "{cell!r} has a {sign} sign but the indicator's unit is {unit}",
    ),
    "data.sign_unit.none": ("非 {sign!r}", "not {sign!r}"),
    "data.sign_unit.fix": (
        "去掉 {sign}，或为该指标写上 unit: '{sign}'",
        "write it without {sign}, or give the indicator unit: '{sign}'",
    ),
    "data.point_with_comma_decimal": (
        "{cell} 含有 '.'，但该文件的小数点是 ','",
        "{cell} has a '.' but this file's decimal mark is ','",
    ),
    "data.point_with_comma_decimal.fix": (
        "若此处 '.' 是千位分隔符，请给出 thousands: \".\"；否则请检查该单元格",
        "give thousands: \".\" if '.' groups thousands here, or check the cell",
    ),
    "data.comma": (
        "{cell} 含有逗号：是小数逗号（6,5 = 6.5）还是千位分隔符（1,234 = 1234）？",
        "{cell} has a comma: is it a decimal comma (6,5 = 6.5) or a thousands "
        "separator (1,234 = 1234)?",
    ),
    "data.comma.fix": (
        '在运行配置的 data: 条目中说明：decimal: "," 或 thousands: ","',
        'say which in the run configuration\'s data: entry: decimal: "," or thousands: ","',
    ),
    "data.bad_grouping": (
        "{cell} 的千位分组不是每三位一组",
        "{cell} does not group thousands in threes",
    ),
    "data.bad_grouping.fix": (
        "请检查该单元格，或 data: 条目的 decimal:/thousands: 设置",
        "check the cell, or the data: entry's decimal:/thousands: settings",
    ),
    # files
    "data.is_folder": ("这是文件夹，不是数据文件", "is a folder, not a data file"),
    "data.not_found": ("找不到数据文件", "data file not found"),
    "data.not_found.fix": ("请检查 data.files.path 或 --data", "check data.files.path or --data"),
    "data.old_workbook": ("无法读取 {suffix} 工作簿", "cannot read {suffix} workbooks"),
    "data.old_workbook.fix": (
        "打开后另存为 Excel 工作簿（.xlsx）或 CSV UTF-8",
        "open it and save it as Excel Workbook (.xlsx) or CSV UTF-8",
    ),
    "data.unknown_suffix": ("无法读取 {suffix} 文件", "cannot read {suffix}"),
    "data.no_suffix": ("无后缀名的文件", "files without a suffix"),
    "data.unknown_suffix.fix": ("请使用以下之一：{suffixes}", "use one of {suffixes}"),
    "data.empty_header": ("第 {row} 行（表头行）为空", "row {row} (the header row) is empty"),
    "data.empty_header.fix": (
        "在表头行写上列名，或在 data: 中设置 header_row:",
        "put column names in the header row, or set header_row: in data:",
    ),
    "data.no_rows": ("文件有表头但没有数据行", "the file has a header but no data rows"),
    "data.no_rows.fix": (
        "每个评价对象（或答卷）一行",
        "add one row per entity (or respondent)",
    ),
    "data.title_row.fix": (
        "第 {row} 行像是标题（{title!r}）：请在 data: 条目中给出列名所在的行，"
        "例如 header_row: {guess}",
        "row {row} looks like a title ({title!r}): give the row of the column "
        "names in the data: entry, e.g. header_row: {guess}",
    ),
    "data.row_too_wide": (
        "第 {row} 行有 {cells} 个单元格，但表头（第 {header} 行）只有 {width} 个："
        "是否有单元格内含分隔符，例如小数逗号（6,5）？",
        "row {row} has {cells} cells but the header (row {header}) has "
        "{width}: a delimiter inside a cell, such as a decimal comma (6,5)?",
    ),
    "data.row_too_wide.fix": (
        '给这样的单元格加引号（"6,5"），或以 ";" 分隔另存该文件',
        'quote such cells ("6,5") or save the file separated by ";"',
    ),
    "data.value_beyond_header": (
        "第 {row} 行第 {col} 列有值，但表头（第 {header} 行）只有 {width} 列",
        "row {row} has a value in column {col} but the header (row {header}) names only "
        "{width} columns",
    ),
    "data.value_beyond_header.one": (
        "第 {row} 行第 {col} 列有值，但表头（第 {header} 行）只有 {width} 列",
        "row {row} has a value in column {col} but the header (row {header}) names only "
        "{width} column",
    ),
    "data.unnamed_column": ("第 {col} 列没有列名", "column {col} has no name"),
    "data.unnamed_column.fix": (
        "为每一列命名；若表头占两行（合并单元格），请在 data: 条目中设置 header_rows: {rows}",
        "name every column; if the header spans two rows (merged cells), "
        "set header_rows: {rows} in the data: entry",
    ),
    "data.duplicate_column": (
        "列名 {name!r} 出现两次（第 {first} 列和第 {col} 列）",
        "column {name!r} appears twice (columns {first} and {col})",
    ),
    "data.duplicate_column.fix": ("请重命名其中一列", "rename one of them"),
    "data.empty_file": ("数据文件为空", "data file is empty"),
    "data.empty_file.fix": ("导出时请包含表头行", "export the table with a header row"),
    "data.bad_csv": ("无法读取该 CSV：{error}", "cannot read the CSV: {error}"),
    "data.bad_csv.fix": ('请检查该行的引号（"）', 'check the quotes (") on this line'),
    "data.bad_encoding": (
        "该文件不是 {encoding} 编码（第 {byte} 个字节无法解码）",
        "the file is not {encoding} (byte {byte} cannot be decoded)",
    ),
    "data.bad_encoding.fix": (
        "在 data: 条目中给出文件的 encoding:（utf-8、gb18030、utf-16），"
        "或另存为 CSV UTF-8 或 .xlsx",
        "give the file's encoding: in the data: entry (utf-8, gb18030, utf-16), "
        "or save it as CSV UTF-8 or .xlsx",
    ),
    "data.bad_workbook": ("无法打开工作簿：{reason}", "cannot open workbook: {reason}"),
    "data.bad_workbook.fix": (
        "请在 Excel 中打开并重新保存，或导出为 CSV",
        "open and save it again in Excel, or export it as CSV",
    ),
    "data.no_worksheet": (
        "该工作簿没有可读取的工作表",
        "the workbook has no worksheet that can be read",
    ),
    "data.no_worksheet.fix": (
        "请在 Excel 中打开并重新保存，或将该表导出为 CSV",
        "open and save it again in Excel, or export the sheet as CSV",
    ),
    "data.no_sheet": ("没有名为 {sheet!r} 的工作表", "no sheet {sheet!r}"),
    "data.no_sheet_number": ("没有第 {sheet} 张工作表", "no sheet number {sheet}"),
    "data.no_sheet.fix": ("工作表：{listed}", "sheets: {listed}"),
    "data.columns_by_name": (
        "{count} 列以指标名称为列名，按名称读入：{pairs}",
        "{count} column(s) headed by an indicator's name, read as that indicator: {pairs}",
    ),
}

TEXTS.update(
    {
        # periods (evaluate.periods): message, then its fix
        "data.period.unknown": (
            "期次 {label!r} 无法判断先后（期次：{labels}）",
            "period {label!r} has no known order (labels: {labels})",
        ),
        "data.period.unknown.fix": (
            "请在运行配置的 data: 中按从早到晚列出 periods: [...]",
            "list the periods earliest first as periods: [...] in the run configuration's data:",
        ),
        "data.period.mixed": ("期次写法不一：{shown}", "period labels mix patterns: {shown}"),
        "data.period.mixed.fix": (
            "请统一写法，或在运行配置的 data: 中按从早到晚列出 periods: [...]",
            "write them one way, or list the periods earliest first as periods: [...] in the "
            "run configuration's data:",
        ),
        "data.period.same": (
            "期次 {first!r} 与 {label!r} 指同一期",
            "periods {first!r} and {label!r} name the same period",
        ),
        "data.period.same.fix": ("请在所有文件中用同一种写法", "write it one way in every file"),
        "data.period.twice": ("periods: 中 {label!r} 列了两次", "periods: lists {label!r} twice"),
        "data.period.twice.fix": ("每个期次只列一次", "list each period once"),
        "data.period.not_listed": (
            "期次 {label!r} 不在 periods: [{order}] 中",
            "period {label!r} is not in periods: [{order}]",
        ),
        "data.period.not_listed.fix": (
            "把它加入期次列表（从早到晚；运行配置中为 data.periods，配合 --data 时为 --periods）",
            "add it to the list of periods, earliest first (data.periods in a run "
            "configuration, --periods with --data)",
        ),
        "data.period.see": ("见运行配置中的 periods:", "see periods: in the run configuration"),
        "name.period.date": ("日期", "date"),
        "name.period.half": ("半年", "half"),
        "name.period.month": ("月", "month"),
        "name.period.number": ("数字", "number"),
        "name.period.quarter": ("季度", "quarter"),
        "name.period.year": ("年", "year"),
        "name.period.span": ("跨年学年/财年", "school or fiscal year"),
        # dataset (evaluate.dataset)
        "data.more_like_these": (
            "……另有 {extra} 个同类问题",
            "... and {extra} more problems like these",
        ),
        "data.setting_empty": ("{name} 为空", "{name} is empty"),
        "data.setting_empty.fix": (
            "请写数据文件中的一个列名，例如 医院",
            "name a column of the data files, e.g. hospital",
        ),
        "data.no_column": ("没有列 {col!r}", "no column {col!r}"),
        "data.no_column_for": ("没有{who}的列 {col!r}", "no column {col!r} for {who}"),
        "data.no_column.name_it": (
            "{hint}；或在运行配置中指定其列名：data: {{columns: {{{leaf}: ...}}}}",
            "{hint}; or name its column in the run config: data: {{columns: {{{leaf}: ...}}}}",
        ),
        "data.who_indicator": ("指标 {id!r} ", "indicator {id!r}"),
        "data.columns_are": ("已有的列：{listed}", "columns: {listed}"),
        "data.empty_entity": ("评价对象编号为空", "empty entity id"),
        "data.empty_entity.fix": ("每一行都要有评价对象", "give every row an entity"),
        "data.group_conflict": (
            "分组 {group!r} 此处为 {value!r}，别处为 {old!r}",
            "group {group!r} is {value!r} here but {old!r} elsewhere",
        ),
        "data.group_conflict.fix": (
            "同一评价对象在同一期只能有一个分组值",
            "give an entity one group value per period",
        ),
    }
)

TEXTS.update(
    {
        "data.who_entity": ("评价对象 {entity!r}", "entity {entity!r}"),
        "data.who_entity_period": (
            "评价对象 {entity!r}，期次 {period!r}",
            "entity {entity!r}, period {period!r}",
        ),
        "data.conflict": (
            "{x:g} 与 {at} 处的 {other:g} 矛盾（{who}，指标 {id!r}）",
            "{x:g} conflicts with {other:g} at {at} ({who}, indicator {id!r})",
        ),
        "data.conflict.fix": (
            "每个评价对象、期次与指标只给一个值：改正或删去其中一个",
            "give each entity, period and indicator one value: correct or delete one of them",
        ),
        "data.earlier_answers": ("先前的答卷文件", "an earlier answer file"),
        "data.overlap": (
            "{who}、指标 {id!r} 的答卷也在 {where} 中给出",
            "answers for {who}, indicator {id!r} are also given in {where}",
        ),
        "data.overlap_more": (
            "{who}、指标 {id!r} 的答卷也在 {where} 中给出（另有 {more} 行）",
            "answers for {who}, indicator {id!r} are also given in {where} (and {more} more rows)",
        ),
        "data.overlap.fix": (
            "同一评价对象与期次的答卷请放在一个文件中",
            "give the answers of one entity and period in one file",
        ),
        "data.sheets_left_out": (
            "{file}：{n} / {total} 份答卷未计入：超过 {share:.0%} 的题目未作答",
            "{file}: {n} of {total} answer sheets left out: "
            "more than {share:.0%} of their items blank",
        ),
        "data.not_finite": ("{cell!r} 不是有限的数", "{cell!r} is not a finite number"),
        "data.off_scale": (
            "{x:g} 超出量表 {scale} 的范围（{lo:g}-{hi:g}）",
            "{x:g} is outside scale {scale} ({lo:g}-{hi:g})",
        ),
        "data.off_scale.fix": ("请检查量表或答案编码", "check the scale or the answer coding"),
        "data.percent_range": ("{x:g} % 超出 0-100", "{x:g} % is outside 0-100"),
        "data.percent_range.fix": (
            "百分数请写作 0-100（不是 0-1，也不超过 100）",
            "give percentages as 0-100 (not 0-1 or >100)",
        ),
        "data.points_range": ("{x:g} 分超出 0-{points:g}", "{x:g} points is outside 0-{points:g}"),
        "data.points_range.fix": ("请检查所给的审核分值", "check the audit points awarded"),
        "data.not_answer": (
            "{cell!r} 不是量表 {scale} 上的答案",
            "{cell!r} is not an answer on scale {scale}",
        ),
        "data.not_answer.fix": (
            "请用 {points} 或其标签；未作答则留空",
            "use {points} or their labels; leave blank for no answer",
        ),
    }
)
