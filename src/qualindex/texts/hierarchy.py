"""Messages of hierarchy: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # core
    "core.did_you_mean": ("是否应为 {word!r}？", "did you mean {word!r}?"),
    "core.use_one": ("请用其中之一", "use one of these"),
    "core.not_a_choice": (
        "{name} {value!r} 不是 {choices} 之一；{hint}",
        "{name} {value!r} is not one of {choices}; {hint}",
    ),
    # checks across fields of an index system
    "index.no_dimensions": ("指标体系没有任何维度", "the index has no dimensions"),
    "index.no_dimensions.fix": ("添加 children: [...]", "add children: [...]"),
    "index.bad_id": (
        "编号 {id!r} 只能含字母（任何文字）、数字、'_'、'-' 和 '.'",
        "id {id!r} may hold only letters (of any script), digits, '_', '-' and '.'",
    ),
    "index.bad_id.fix": (
        "含空格或标点的名称请写在 name: {{zh, en}} 下",
        "put names with spaces or punctuation under name: {{zh, en}}",
    ),
    "index.duplicate_id": (
        "编号 {id!r} 用了两次（第一次在第 {line} 行）",
        "id {id!r} is used twice (first at line {line})",
    ),
    "index.duplicate_id.fix": (
        "编号在整个文件中必须唯一：请改掉其中一个",
        "ids must be unique across the file: rename one",
    ),
    "index.none_defined": ("尚未定义", "none defined"),
    "index.known_grades": ("已有的等级预设：{listed}", "known grade presets: {listed}"),
    "index.known_scales": ("已有的量表：{listed}", "known scales: {listed}"),
    "index.unknown_grades": ("未知的等级预设 {name!r}", "unknown grade preset {name!r}"),
    "index.grades_same_min": ("有两个等级区间的 min 相同", "two grade bands have the same min"),
    "index.unknown_scale": ("未知的量表 {name!r}", "unknown scale {name!r}"),
    "index.scale_value_twice": (
        "量表 {scale!r} 的取值 {value} 出现了两次",
        "scale {scale!r} lists the answer value {value} twice",
    ),
    "index.scale_value_twice.fix": (
        "每个取值只写一次；第 {first} 个点已用此值",
        "list each value once; point {first} already has it",
    ),
    "index.aggregate_no_children": (
        "汇总节点 {id!r} 没有子节点",
        "aggregate {id!r} has no children",
    ),
    "index.aggregate_no_children.fix": (
        "在其下添加指标，或删去 `children` 使之成为指标",
        "add indicators under it, or remove `children` to make it an indicator",
    ),
    "index.leaf_field_on_aggregate": (
        "{name!r} 用于描述指标，但 {id!r} 有子节点",
        "{name!r} describes an indicator, but {id!r} has children",
    ),
    "index.leaf_field_on_aggregate.fix": (
        "把 {name!r} 移到其下的指标上",
        "move {name!r} to the indicators under it",
    ),
    "index.aggregate_field_on_leaf": (
        "{name!r} 只用于有子节点的节点；指标 {id!r} 没有子节点",
        "{name!r} applies to nodes with children; indicator {id!r} has none",
    ),
    "index.aggregate_field_on_leaf.fix": (
        "删去 {name!r} 或添加子节点",
        "remove {name!r} or add children",
    ),
    "index.no_measurement": (
        "指标 {id!r} 没有说明如何测量",
        "indicator {id!r} does not say how it is measured",
    ),
    "index.no_measurement.fix": (
        "给出单位（如 unit: '%'）、评分量表（scale: likert5-zh）或检查分值（points: 5）",
        "give a unit (e.g. unit: '%'), a rating scale (scale: likert5-zh) "
        "or audit points (points: 5)",
    ),
    "index.no_direction": ("指标 {id!r} 没有方向", "indicator {id!r} has no direction"),
    "index.no_direction.fix": (
        "添加 direction: higher | lower | target",
        "add direction: higher | lower | target",
    ),
    "index.target_needs_value": (
        "方向 'target' 需要目标值或区间",
        "direction 'target' needs a target value or band",
    ),
    "index.target_needs_value.fix": (
        "添加 target: <值> 或 band: [下限, 上限]",
        "add target: <value> or band: [low, high]",
    ),
    "index.band_reversed": (
        "区间 [{lo:g}, {hi:g}] 由高到低",
        "band [{lo:g}, {hi:g}] runs high to low",
    ),
    "index.band_reversed.fix": ("写成 band: [{hi:g}, {lo:g}]", "write band: [{hi:g}, {lo:g}]"),
    "index.threshold_below": (
        "方向为 {direction!r} 时，阈值 {threshold:g} 必须低于目标值 {target:g}",
        "threshold {threshold:g} must lie below target {target:g} when direction is {direction!r}",
    ),
    "index.threshold_above": (
        "方向为 {direction!r} 时，阈值 {threshold:g} 必须高于目标值 {target:g}",
        "threshold {threshold:g} must lie above target {target:g} when direction is {direction!r}",
    ),
    "index.threshold.fix": (
        "交换阈值与目标值，或检查方向",
        "swap threshold and target, or check the direction",
    ),
    "index.no_scoring": ("指标 {id!r} 没有计分规则", "indicator {id!r} has no scoring rule"),
    "index.no_scoring.fix": (
        "给出阈值和目标值（线性计分）、量表，或 "
        "scoring: {{method: minmax | goalposts | piecewise | ratio | zscore | rank}}",
        "give threshold and target (linear scoring), a scale, or "
        "scoring: {{method: minmax | goalposts | piecewise | ratio | zscore | rank}}",
    ),
    "index.scoring_needs": (
        "计分方法 {method!r} 需要 {field!r}",
        "scoring {method!r} needs {field!r}",
    ),
    "index.add": ("添加 {what}", "add {what}"),
    "index.band_needs_target": (
        "计分方法 'band' 需要 direction: target",
        "scoring 'band' needs direction: target",
    ),
    "index.band_needs_target.fix": ("设为 direction: target", "set direction: target"),
    "index.goalposts": ("goalposts 需要 lo < hi", "goalposts need lo < hi"),
    "index.goalposts.fix": ("交换 lo 与 hi", "swap lo and hi"),
    "index.piecewise_order": (
        "分段计分的点必须按值递增，实为 {xs}",
        "piecewise points must have increasing values, got {xs}",
    ),
    "index.piecewise_order.fix": (
        "把 [值, 分数] 按值排序",
        "sort the [value, score] pairs by value",
    ),
    "index.not_a_child": ("{key!r} 不是 {id!r} 的子节点", "{key!r} is not a child of {id!r}"),
    "index.children_are": ("子节点有：{ids}", "children are: {ids}"),
    "index.no_entry": ("缺少 {ids} 的条目", "no entry for {ids}"),
    "index.no_entry.fix": ("每个子节点都要给一个", "give every child one"),
    "index.direct_zero": ("直接给定的权重之和为 0", "direct weights sum to 0"),
    "index.direct_zero.fix": ("请给出正的权重", "give positive weights"),
    # reading YAML
    "yaml.is_folder": ("这是文件夹，不是文件", "it is a folder, not a file"),
    "yaml.cannot_read": ("无法读取文件：{why}", "cannot read file: {why}"),
    "yaml.give_yaml": ("请给出一个 YAML 文件", "give a YAML file"),
    "yaml.too_big": (
        "文件有 {size:,} 字节，超过 {limit:,} 字节的上限",
        "file is {size:,} bytes, over the {limit:,}-byte limit",
    ),
    "yaml.too_big.fix": (
        "拆分指标体系，或确认这是正确的文件",
        "split the index system or check that this is the right file",
    ),
    "yaml.save_utf8": ("请以 UTF-8 编码保存文件", "save the file as UTF-8"),
    "yaml.looks_gbk": (
        "文件看起来是 GBK/GB18030 编码；请另存为 UTF-8",
        "the file looks GBK/GB18030-encoded; save it as UTF-8",
    ),
    "yaml.not_utf8": ("字节 {byte} 不是有效的 UTF-8", "byte {byte} is not valid UTF-8"),
    "yaml.text_too_big": ("文本超过 {limit:,} 字节的上限", "text is over the {limit:,}-byte limit"),
    "yaml.empty": ("文件是空的", "file is empty"),
    "yaml.empty.fix": ("可从 `qualindex init` 开始", "start from `qualindex init`"),
    # the parser's own words stay verbatim, in backticks
    "yaml.invalid": ("YAML 语法错误：`{problem}`", "invalid YAML: {problem}"),
    "yaml.safe_tags": (
        "文本、数字、true/false、null、日期、列表与映射",
        "text, numbers, true/false, null, dates, lists and mappings",
    ),
    "index.needs.threshold": (
        "threshold: <达到及格分的值>",
        "threshold: <value reaching the pass score>",
    ),
    "index.needs.target": ("target", "target"),
    "index.needs.baseline": ("baseline: <基准值>", "baseline: <baseline value>"),
    "index.needs.likert_scale": ("scale: likert5-zh", "scale: likert5-zh"),
    "index.needs.gap_scale": ("scale: likert7-en", "scale: likert7-en"),
    "index.needs.expectation": ("expectation_column", "expectation_column"),
    "index.needs.points": ("points: <可得的审核分值>", "points: <audit points available>"),
    "yaml.control_char": (
        "YAML 中不允许控制字符 {code}",
        "control character {code} is not allowed in YAML",
    ),
    "yaml.control_char.fix": (
        '删除它，或在双引号字符串中写成 "{escape}"',
        'delete it, or write it as "{escape}" inside a double-quoted string',
    ),
    "yaml.too_deep": ("嵌套超过 {depth} 层", "nesting is deeper than {depth} levels"),
    "yaml.too_deep.fix": (
        "请减少嵌套；指标体系很少需要超过 10 层",
        "flatten the structure; an index system rarely needs more than 10",
    ),
    "yaml.tab": ("缩进中有制表符", "tab character in indentation"),
    "yaml.tab.fix": (
        "YAML 只能用空格缩进：请把制表符换成空格",
        "YAML indents with spaces only: replace the tab characters with spaces",
    ),
    "yaml.colon.fix": (
        "含 ': ' 的值请加引号，或检查本行的缩进",
        "quote values that contain ': ' or check the indentation of this line",
    ),
    "yaml.two_documents": (
        "YAML 语法错误：文件含有多个文档",
        "invalid YAML: the file holds more than one document",
    ),
    "yaml.two_documents.fix": (
        "每个文件只保留一个文档（删去第二个 `---`）",
        "keep one document per file (remove the second `---`)",
    ),
    "yaml.no_document": ("文件中没有 YAML 文档", "file holds no YAML document"),
    "yaml.bomb": (
        "文档展开后超过 {limit:,} 个值（别名/锚点膨胀攻击？）",
        "document expands to more than {limit:,} values (alias/anchor expansion bomb?)",
    ),
    "yaml.bomb.fix": ("删去重复的 *别名", "remove the repeated *aliases"),
    "yaml.key_not_text": ("映射的键必须是纯文本", "mapping keys must be plain text"),
    "yaml.key_not_text.fix": ("把键写成文本", "write the key as text"),
    "yaml.recursive_merge": (
        "递归的合并键：`<<: *{name}` 把 &{name} 合并进它自身",
        "recursive merge key: `<<: *{name}` merges &{name} into itself",
    ),
    "yaml.recursive_anchor": (
        "递归的锚点：*{name} 指向 &{name}，而后者包含这个别名",
        "recursive anchor: *{name} refers to &{name}, which contains this alias",
    ),
    "yaml.recursive.fix": (
        "值不能包含它自身；请让别名指向另一个锚点",
        "a value cannot contain itself; point the alias at another anchor",
    ),
    "yaml.undefined_alias": (
        "YAML 语法错误：别名 {name!r} 未定义",
        "invalid YAML: found undefined alias {name!r}",
    ),
    "yaml.anchor.fix": (
        "每个 &锚点 只定义一次，且在使用它的 *别名 之前",
        "define each &anchor once, before any *alias that uses it",
    ),
    "yaml.duplicate_anchor": (
        "YAML 语法错误：锚点 {name!r} 重复",
        "invalid YAML: found duplicate anchor {name!r}",
    ),
    "yaml.duplicate_anchor_at": (
        "YAML 语法错误：锚点 {name!r} 重复（第一次在第 {line} 行）",
        "invalid YAML: found duplicate anchor {name!r} (first at line {line})",
    ),
    "yaml.not_bool": (
        "{text!r} 不是 true 或 false（标记为 !!bool）",
        "{text!r} is not true or false (tagged !!bool)",
    ),
    "yaml.not_bool.fix": (
        "写成 true 或 false，或去掉 !!bool 标记",
        "write true or false, or drop the !!bool tag",
    ),
    "yaml.scalar_as": (
        "单个值 {text!r} 不能是 {kind}",
        "a single value {text!r} cannot be a {kind}",
    ),
    "yaml.noun.int": ("整数", "a whole number"),
    "yaml.noun.float": ("数值", "a number"),
    "yaml.noun.timestamp": ("日期", "a date"),
    "yaml.quote_as_text": ('加引号以保留为文本："{text}"', 'quote it to keep it as text: "{text}"'),
    "yaml.give_or_drop_tag": (
        "请给出{noun}，或去掉 !!{kind} 标记",
        "give {noun}, or drop the !!{kind} tag",
    ),
    "yaml.not_a": ("{text!r} 不是{noun}", "{text!r} is not {noun}"),
    # the parser's reason stays verbatim: in backticks in Chinese
    "yaml.not_a_why": ("{text!r} 不是{noun}（`{why}`）", "{text!r} is not {noun} ({why})"),
    "yaml.tag_not_allowed": ("不允许标记 {tag}", "tag {tag} is not allowed"),
    "yaml.plain_only": (
        "{what}；qualindex 只读取普通 YAML（{tags}）",
        "{what}; qualindex reads plain YAML ({tags})",
    ),
    "yaml.bad_tag.fix": ("删去 {tag} 标记或给值加引号", "remove the {tag} tag or quote the value"),
    "yaml.duplicate_key": (
        "键 {key!r} 出现了两次（第一次在第 {line} 行）",
        "key {key!r} given twice (first at line {line})",
    ),
    "yaml.duplicate_key.fix": (
        "只保留一个；YAML 会悄悄采用最后一个",
        "keep one of them; YAML would silently use the last",
    ),
    "yaml.merge_needs_mapping": (
        "合并键 `<<` 需要一个映射或映射的列表",
        "a merge key `<<` needs a mapping or a list of mappings",
    ),
    "yaml.merge_needs_mapping.fix": (
        "让 `<<:` 指向一个映射的 *锚点",
        "point `<<:` at a mapping's *anchor",
    ),
    # the schema (pydantic errors by their type)
    "schema.top_not_mapping": (
        "文件顶层应是键的映射，实为{got}",
        "expected a mapping of keys at the top, got {got}",
    ),
    "schema.noun.text": ("文本", "text"),
    "schema.noun.list": ("列表", "a list"),
    "schema.noun.mapping": ("映射", "a mapping"),
    "schema.noun.number": ("数值", "a number"),
    "schema.noun.whole": ("整数", "a whole number"),
    "schema.noun.bool": ("true 或 false", "true or false"),
    "schema.noun.listed": ("所列词语之一", "one of the listed words"),
    "schema.noun.none": ("空值", "nothing"),
    "schema.or": ("或", " or "),
    "schema.must_be": ("{value} 必须是{what}", "{value} must be {what}"),
    "schema.missing": ("缺少必需的键 {key!r}", "required key {key!r} is missing"),
    "schema.add_version": ("在第一行添加 `qualindex: 1`", "add `qualindex: 1` as the first line"),
    "schema.add_key": ("添加 {key}:", "add {key}:"),
    "schema.unknown_key": ("未知的键 {key!r}", "unknown key {key!r}"),
    "schema.allowed_keys": ("可用的键：{keys}", "allowed keys: {keys}"),
    "schema.columns_in_index": (
        "指标对应的数据列在指标体系文件中由各指标的 column: 指定，缺省为指标 id；"
        "此处可用的键：{keys}",
        "an indicator's data column is named by column: on that indicator in the index file, "
        "its id by default; allowed keys here: {keys}",
    ),
    "schema.bad_version": (
        "不支持格式版本 {version!r}",
        "format version {version!r} is not supported",
    ),
    "schema.bad_version.fix": ("本版 qualindex 读取版本 1", "this qualindex reads 1"),
    "schema.one_of": ("可选：{choices}", "one of: {choices}"),
    "schema.not_one_of": ("{value} 不是 {choices} 之一", "{value} is not one of {choices}"),
    "schema.needs_tag": ("需要键 {key!r}", "needs a {key!r} key"),
    "schema.needs_tag.fix": ("添加 {key}: <名称>", "add {key}: <name>"),
    "schema.not_finite": ("{value} 不是有限的数值", "{value} is not a finite number"),
    "schema.give_number": ("请给出一个数值", "give a number"),
    "schema.quote_it": ('加上引号："{value}"', 'quote it: "{value}"'),
    "schema.value_said": ("{value}：{text}", "{value}: {text}"),
    "schema.pydantic.greater_than": ("应大于 {gt}", "Input should be greater than {gt}"),
    "schema.pydantic.greater_than_equal": (
        "应大于或等于 {ge}",
        "Input should be greater than or equal to {ge}",
    ),
    "schema.pydantic.less_than": ("应小于 {lt}", "Input should be less than {lt}"),
    "schema.pydantic.less_than_equal": (
        "应小于或等于 {le}",
        "Input should be less than or equal to {le}",
    ),
    "schema.pydantic.too_short": (
        "至少要有 {min_length} 项，实有 {actual_length} 项",
        "should have at least {min_length} items, not {actual_length}",
    ),
    "schema.pydantic.too_long": (
        "至多只能有 {max_length} 项，实有 {actual_length} 项",
        "should have at most {max_length} items, not {actual_length}",
    ),
    "schema.pydantic.string_too_short": (
        "文本至少要有 {min_length} 个字符",
        "String should have at least {min_length} characters",
    ),
    "schema.pydantic.string_too_long": (
        "文本至多只能有 {max_length} 个字符",
        "String should have at most {max_length} characters",
    ),
    "schema.pydantic.string_pattern_mismatch": (
        "文本应符合模式 {pattern!r}",
        "String should match pattern {pattern!r}",
    ),
    "schema.text_needs_language": (
        "请给出中文、英文或两者的文本，如 {{zh: 可靠性, en: Reliability}}",
        "give the text in zh, en or both, e.g. {{zh: 可靠性, en: Reliability}}",
    ),
    "schema.unknown_encoding": (
        "未知的编码 {encoding!r}；可用如 utf-8、utf-8-sig、gb18030、utf-16",
        "encoding {encoding!r} is unknown; e.g. utf-8, utf-8-sig, gb18030, utf-16",
    ),
    "schema.same_marks": (
        "小数点与千位分隔符都是 {mark!r}；请给出不同的符号",
        "decimal and thousands are both {mark!r}; give different marks",
    ),
    "schema.grey_entity": (
        "当且仅当 reference 为 entity 时给出 entity: ID",
        "give entity: ID exactly when reference is entity",
    ),
    "schema.signed_needs_negative": (
        "coding: signed 需要 negative: first（负值偏向第一个元素，如 ahpsurvey 的 city200）"
        "或 negative: second（ahp.mat 的默认）",
        "coding: signed needs negative: first (a negative answer favours the first "
        "element, ahpsurvey's city200) or negative: second (ahp.mat's default)",
    ),
    # run configuration: files it names (qualindex.hierarchy.runconfig, judgments)
    "config.index_not_found": ("找不到指标体系文件 {file!r}", "index file {file!r} not found"),
    "config.looked_in": ("查找位置：{folder}", "looked in {folder}"),
    "config.data_not_found": ("找不到数据文件 {file!r}", "data file {file!r} not found"),
    "config.table_not_found": ("找不到判断表 {file!r}", "judgment table {file!r} not found"),
    "config.alternatives_not_found": (
        "找不到方案数据文件 {file!r}",
        "alternatives data file {file!r} not found",
    ),
    "config.no_judgment_match": (
        "没有与 {pattern!r} 匹配的判断文件",
        "no judgment file matches {pattern!r}",
    ),
    "config.check_glob": ("请检查路径或通配符", "check the path or glob"),
    "config.check_glob_in": (
        "请检查路径或通配符（相对于 {folder}）",
        "check the path or glob (relative to {folder})",
    ),
    "config.alternatives_twice": (
        "指标体系（{file}）与运行配置都列出了方案：以哪一份为准？",
        "alternatives are listed in the index ({file}) and in the run configuration: "
        "which list counts?",
    ),
    "config.alternatives_twice.fix": ("只保留其中一份", "keep one of the two lists"),
    "judgment.no_version": ("缺少 'qualindex: 1'", "missing 'qualindex: 1'"),
    "judgment.no_version.fix": ("在第 1 行加上它", "add it as line 1"),
    # hierarchy diagrams (hierarchy/draw.py)
    "diagram.bad_layout": (
        "layout={layout!r} 不是 auto、tree、columns、packed 之一",
        "layout={layout!r} is not one of auto, tree, columns, packed",
    ),
    "diagram.bad_lang": (
        "lang={lang!r} 不是 {choices} 之一",
        "lang={lang!r} is not one of {choices}",
    ),
    "diagram.bad_orient": (
        "orient={orient!r} 不是 {choices} 之一",
        "orient={orient!r} is not one of {choices}",
    ),
    "diagram.style_too_small": (
        "样式中最小的字号（{size:g}磅）小于{pt:g}磅，打印出来太小；请调大 id_size、detail_size 或 "
        "legend_size",
        "the style's smallest font ({size:g} pt) is below {pt:g} pt: too small to print; "
        "raise id_size, detail_size or legend_size",
    ),
    "diagram.page": ("{page}页面", "{page}"),
    "diagram.page_landscape": ("{page}横向页面", "{page} landscape"),
    "diagram.page_mm": (
        "{width:.0f}×{height:.0f}毫米的版面",
        "a page of {width:.0f} × {height:.0f} mm",
    ),
    "diagram.no_fit": (
        "{n}个指标以不小于{pt:g}磅的字号排不进{page}；请{ways}",
        "{n} indicators do not fit {page} with text of {pt:g} pt or more; {ways}",
    ),
    "diagram.way_part": (
        "只画一部分（--depth N、--root ID）",
        "draw part of the tree (--depth N, --root ID)",
    ),
    "diagram.way_no_ids": ("不显示编号（--no-ids）", "leave the ids out (--no-ids)"),
    "diagram.way_larger": ("换用更大的页面（{options}）", "use a larger page ({options})"),
    "diagram.ways_2": ("{a}或{b}", "{a} or {b}"),
    "diagram.ways_3": ("{a}、{b}或{c}", "{a}, {b} or {c}"),
    "diagram.left_out": (
        "为以不小于{pt:g}磅的字号排进{page}，图中未显示{what}",
        "Left out to fit {page} with text of {pt:g} pt or more: {what}",
    ),
    "diagram.left_out.ids": ("编号", "ids"),
    "diagram.left_out.marks": ("方向与单位", "directions and units"),
    "diagram.left_out.ids_marks": ("编号、方向与单位", "ids, directions and units"),
    "diagram.left_out.warning": (
        "{note}；要全部显示，请只画一部分（--depth N、--root ID）",
        "{note}; to show them, draw part of the tree (--depth N, --root ID)",
    ),
    "diagram.left_out.warning_report": (
        "{note}；要全部显示，请用 qualindex diagram 只画一部分（--depth N、--root ID）",
        "{note}; to show them, draw part of the tree with qualindex diagram (--depth N, --root ID)",
    ),
    "fonts.no_cjk": (
        "未找到中文（CJK）字体：中文标签会显示为空框；请安装一种（Debian/Ubuntu：apt-get install "
        "fonts-wqy-microhei；macOS/Windows 自带），或在运行配置的 report.font 中指定",
        "no CJK font found: Chinese labels would show as empty boxes; install one "
        "(Debian/Ubuntu: apt-get install fonts-wqy-microhei; macOS/Windows have one built in) "
        "or name one with report.font in the run config",
    ),
    "fonts.chart_english": (
        "{warning}；图表改用英文标签",
        "{warning}; drawing English chart labels instead",
    ),
    "fonts.not_installed": (
        "字体 {font!r} 未安装；已找到的中文字体：{found}",
        "font {font!r} is not installed; CJK fonts found: {found}",
    ),
    "fonts.not_installed.fix": (
        "请指定已找到的字体之一、给出字体文件路径，或安装该字体",
        "name one of the fonts found, give a font file path, or install the font",
    ),
    "fonts.no_chinese": (
        "字体 {font!r} 没有中文字形（缺 {chars}）；已找到的中文字体：{found}",
        "font {font!r} has no Chinese glyphs (missing {chars}); CJK fonts found: {found}",
    ),
    "fonts.no_chinese.fix": ("请指定一种含中文字形的字体", "name a font with Chinese glyphs"),
    "fonts.none": ("无", "none"),
    "diagram.missing_glyphs": (
        "字体 {font!r} 没有 {chars} 的字形：它们会显示为空框；请用 report.font 指定含这些字的字体",
        "font {font!r} has no glyph for {chars}: they will show as empty boxes; name a font "
        "that has them with report.font",
    ),
    "diagram.english_instead": (
        "{warning}；改画英文标签（lang='en'）",
        "{warning}; drawing English labels (lang='en') instead",
    ),
    "diagram.bad_suffix": (
        "{target}：不能把图保存为 {suffix!r}；请用 .svg、.png 或 .pdf",
        "{target}: cannot save a diagram as {suffix!r}; use .svg, .png or .pdf",
    ),
    "diagram.no_suffix": (
        "{target}：没有后缀，不知保存为何种格式；请用 .svg、.png 或 .pdf",
        "{target}: cannot save a diagram as a file without suffix; use .svg, .png or .pdf",
    ),
}
