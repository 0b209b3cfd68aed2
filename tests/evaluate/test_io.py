"""Reading tables as people save them: tests/data/real/ (see tools/make_real_files.py).

Every test asserts the numbers read or the located refusal and its fix.  The files
are written as the programs that make them would (Chinese Excel's "CSV (逗号分隔)"
is GBK with CRLF; European Excel separates with ';' and writes decimal commas).
"""

from __future__ import annotations

import math
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from qualindex.errors import DataError
from qualindex.evaluate.io import (
    HEADER_JOINER,
    CellError,
    PercentCell,
    ReadOptions,
    parse_number,
    read_options,
    read_table,
)
from qualindex.hierarchy.schema import DataFileSpec, DataRunSpec

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
STAY = [8.5, 9.1, 7.2]  # 平均住院日 of the three hospitals (tools/make_real_files.py ROWS)
SAT = [91.2, 89.5, 94.0]
BEDS = [88.0, 90.3, 86.1]


def _floats(cells: list[object], unit: str | None = None, **options: object) -> list[float]:
    opts = ReadOptions(**options)  # type: ignore[arg-type]
    return [parse_number(c, opts, unit) for c in cells]


@pytest.mark.parametrize(
    ("name", "encoding", "source", "delimiter"),
    [
        ("gbk.csv", "gb18030", "detected", ","),
        ("utf8-bom-crlf.csv", "utf-8-sig", "bom", ","),
        ("utf16-tab.txt", "utf-16", "bom", "\t"),
    ],
)
def test_encodings_and_delimiters_are_detected(
    name: str, encoding: str, source: str, delimiter: str
) -> None:
    t = read_table(REAL / name)
    assert (t.encoding, t.encoding_source, t.delimiter) == (encoding, source, delimiter)
    assert t.header == ("医院", "年份", "平均住院日", "患者满意度", "床位使用率")
    assert t.columns["医院"] == ["第一人民医院", "中医院", "妇幼保健院"]
    assert _floats(t.columns["平均住院日"]) == STAY
    assert t.rows == [2, 3, 4]  # CRLF: one line per row


def test_gb18030_reads_characters_gbk_lacks() -> None:
    raw = (REAL / "gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gbk")  # the file really needs GB18030
    t = read_table(REAL / "gb18030.csv")
    assert t.encoding == "gb18030"
    assert t.columns["医院"][2] == "𠮷林医院"


def test_a_given_encoding_that_does_not_fit_is_located() -> None:
    with pytest.raises(DataError) as info:
        read_table(REAL / "gbk.csv", options=ReadOptions(encoding="utf-8"))
    (p,) = info.value.problems
    assert p.line == 1 and "not utf-8" in p.message and "gb18030" in (p.fix or "")


def test_semicolon_with_decimal_comma() -> None:
    t = read_table(REAL / "semicolon-decimal-comma.csv", options=ReadOptions(decimal=","))
    assert t.delimiter == ";"
    assert _floats(t.columns["平均住院日"], decimal=",") == STAY
    assert _floats(t.columns["患者满意度"], decimal=",") == SAT


def test_decimal_comma_without_a_setting_is_refused_naming_both_options() -> None:
    t = read_table(REAL / "decimal-comma-unset.csv")
    assert t.columns["平均住院日"] == ["6,5"]  # the quoted cell, kept as text
    with pytest.raises(CellError) as info:
        parse_number("6,5", t.options)
    assert 'decimal: ","' in info.value.fix and 'thousands: ","' in info.value.fix
    with pytest.raises(CellError):
        parse_number("1,234", ReadOptions())  # never 1234 (nor 1.234) without a setting


def test_thousands_and_decimal_settings() -> None:
    assert _floats(["1,234", "1,234.5", "-12,345,678"], thousands=",") == [
        1234.0,
        1234.5,
        -12345678.0,
    ]
    assert _floats(["1.234,5", "6,5"], thousands=".") == [1234.5, 6.5]  # decimal ',' implied
    assert _floats(["1 234,5", "1\u00a0234", "1\u202f234"], decimal=",") == [1234.5, 1234, 1234]
    with pytest.raises(CellError, match="threes"):
        parse_number("6,5", ReadOptions(thousands=","))  # not a thousands grouping
    with pytest.raises(CellError, match=r"decimal mark is ','"):
        parse_number("1.5", ReadOptions(decimal=","))


def test_percent_in_a_percent_column_only() -> None:
    t = read_table(REAL / "percent.csv")
    assert _floats(t.columns["患者满意度"], "%") == SAT
    assert _floats(t.columns["床位使用率"], "%") == BEDS  # "88.0 %"
    with pytest.raises(CellError) as info:
        parse_number("8.5%", ReadOptions(), "天")
    assert "unit is '天'" in info.value.message and "unit: '%'" in info.value.fix
    with pytest.raises(CellError, match="not '%'"):
        parse_number("35%", ReadOptions(), None)
    assert parse_number("3‰", ReadOptions(), "‰") == 3.0


def test_full_width_digits_unicode_minus_and_spaces() -> None:
    t = read_table(REAL / "fullwidth.csv")
    assert _floats(t.columns["平均住院日"]) == STAY
    assert _floats(t.columns["患者满意度"]) == [91.2, 89.5, 94.0]
    assert _floats(t.columns["床位使用率"]) == BEDS  # NBSP around 88.0, full-width ９０．３
    assert _floats(["\u22125", "−1.5", "－２", "\u2009 7 \u2009"]) == [-5.0, -1.5, -2.0, 7.0]


@pytest.mark.parametrize("token", ["", "NA", "n/a", "N/A", "-", "—", "无", "空", "/"])
def test_missing_value_tokens(token: str) -> None:
    assert math.isnan(parse_number(token, ReadOptions()))
    assert not ReadOptions(missing=("缺",)).is_missing(token) or token == ""


def test_custom_missing_tokens_and_other_text_refused() -> None:
    assert math.isnan(parse_number("缺", ReadOptions(missing=("缺",))))
    for bad in ("fast", "1_000", "inf", "nan", "1.2.3", "--1", "0x10", "12abc"):
        with pytest.raises(CellError):
            parse_number(bad, ReadOptions())
    with pytest.raises(CellError, match="date"):
        parse_number(date(2025, 1, 1), ReadOptions())
    with pytest.raises(CellError):
        parse_number(True, ReadOptions())


def test_title_row_xlsx_by_sheet_name_and_index() -> None:
    for sheet in ("考核数据", 2):
        t = read_table(REAL / "title-row.xlsx", options=ReadOptions(sheet=sheet, header_row=3))
        assert t.sheet == "考核数据" and t.rows == [4, 5, 6]
        assert t.columns["医院"] == ["第一人民医院", "中医院", "妇幼保健院"]
        # percent-formatted cells (0.912 shown as 91.2%) read as the number shown
        assert all(isinstance(c, PercentCell) for c in t.columns["患者满意度"])
        assert _floats(t.columns["患者满意度"], "%") == SAT
        assert t.cell_ref(2, "床位使用率") == f"{REAL / 'title-row.xlsx'}[考核数据]!E6"


def test_title_row_without_header_row_names_the_setting() -> None:
    with pytest.raises(DataError) as info:
        read_table(REAL / "title-row.xlsx", sheet="考核数据")
    (p,) = info.value.problems
    assert "looks like a title" in (p.fix or "") and "header_row: 3" in (p.fix or "")
    assert p.file is not None and p.file.endswith("title-row.xlsx[考核数据]!B3")


def test_unknown_sheet_lists_the_sheets() -> None:
    for sheet in ("KPI", 3):
        with pytest.raises(DataError, match=r"1: '说明', 2: '考核数据'"):
            read_table(REAL / "title-row.xlsx", sheet=sheet)


def test_merged_two_row_header_is_joined() -> None:
    t = read_table(REAL / "merged-header.xlsx", options=ReadOptions(header_rows=2))
    assert t.header == (
        "医院",
        "统计截止日",
        f"服务效率{HEADER_JOINER}平均住院日",
        f"服务效率{HEADER_JOINER}床位使用率",
        f"患者体验{HEADER_JOINER}患者满意度",
    )
    assert t.rows == [3, 4, 5, 6, 7, 8]
    assert t.columns["统计截止日"][:1] == [date(2025, 6, 30)]  # a real date, not a serial
    stay = _floats(t.columns["服务效率 / 平均住院日"])
    assert stay[:5] == pytest.approx([8.0, 8.6, 6.7, 8.5, 9.1]) and math.isnan(stay[5])
    assert t.cell_ref(5, "服务效率 / 平均住院日").endswith("merged-header.xlsx[KPI]!C8")


def test_merged_header_read_as_one_row_names_header_rows() -> None:
    with pytest.raises(DataError) as info:
        read_table(REAL / "merged-header.xlsx")
    (p,) = info.value.problems
    assert "header_rows: 2" in (p.fix or "") and (p.file or "").endswith("[KPI]!D1")


def test_two_row_csv_header_joins_group_labels() -> None:
    from qualindex.evaluate.io import _join_header

    head = [["医院", "服务效率", None, "满意度"], [None, "响应时间", "等待时间", None]]
    assert _join_header(head, None) == [
        "医院",
        "服务效率 / 响应时间",
        "服务效率 / 等待时间",
        "满意度",
    ]


def test_csv_title_row_is_refused_with_the_header_row(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("2024年医院数据\n\n医院,平均住院日\nA,8.5\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(f)
    assert "header_row: 3" in (info.value.problems[0].fix or "")
    t = read_table(f, options=ReadOptions(header_row=3))
    assert t.header == ("医院", "平均住院日") and t.rows == [4]


def test_chinese_and_dotted_ids() -> None:
    t = read_table(REAL / "ids.csv")
    assert t.header == ("编号", "年份", "1.2", "绿化率", "qualité")
    assert t.columns["编号"] == ["1.2", "B1-2", "第三医院"]  # text, never the number 1.2


def test_huge_csv_cell_is_read(tmp_path: Path) -> None:
    f = tmp_path / "big.csv"
    f.write_text("op,note\nA," + "x" * 200_000 + "\n", encoding="utf-8")
    assert len(read_table(f).columns["note"][0]) == 200_000


def test_broken_sheet_xml_is_a_clean_error(tmp_path: Path) -> None:
    good = REAL / "title-row.xlsx"
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(DataError) as info:
        read_table(bad, options=ReadOptions(sheet=2, header_row=3))
    (p,) = info.value.problems
    assert "cannot be read" in p.message and (p.file or "").endswith("bad.xlsx[考核数据]")


def test_not_a_workbook_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match="cannot open workbook"):
        read_table(bad)


def _parquet(path: Path, names: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = [pa.array(["A", "B"])] + [pa.array([1.5, None])] * (len(names) - 1)
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)


def test_parquet_numbers_stay_arrays(tmp_path: Path) -> None:
    _parquet(tmp_path / "ok.parquet", ["op", "x"])
    t = read_table(tmp_path / "ok.parquet")
    assert isinstance(t.columns["x"], np.ndarray) and t.columns["x"].dtype == np.float64
    assert t.columns["x"][0] == 1.5 and np.isnan(t.columns["x"][1])
    assert t.columns["op"] == ["A", "B"] and list(t.rows) == [2, 3]


@pytest.mark.parametrize(
    ("names", "message"),
    [(["op", "x", "x"], "column 'x' appears twice"), (["op", " "], "column 2 has no name")],
)
def test_parquet_odd_column_names(tmp_path: Path, names: list[str], message: str) -> None:
    _parquet(tmp_path / "odd.parquet", names)
    with pytest.raises(DataError, match=message):
        read_table(tmp_path / "odd.parquet")


def test_truncated_parquet_is_a_clean_error(tmp_path: Path) -> None:
    _parquet(tmp_path / "ok.parquet", ["op", "x"])
    raw = (tmp_path / "ok.parquet").read_bytes()
    for n, cut in enumerate((raw[: len(raw) // 2], raw[:-9], b"PAR1" + b"\0" * 20 + b"PAR1")):
        (tmp_path / f"cut{n}.parquet").write_bytes(cut)
        with pytest.raises(DataError, match="cannot read the Parquet file"):
            read_table(tmp_path / f"cut{n}.parquet")


def test_bad_options_are_refused() -> None:
    for bad in (
        {"decimal": ";"},
        {"thousands": ".", "decimal": "."},
        {"encoding": "klingon"},
        {"delimiter": ";;"},
        {"header_row": 0},
        {"sheet": 0},
    ):
        with pytest.raises(DataError):
            ReadOptions(**bad)  # type: ignore[arg-type]


def test_read_options_from_the_run_config() -> None:
    run = DataRunSpec(
        entity="医院",
        files=[DataFileSpec(path="a.csv", decimal=".", sheet=2, header_row=3)],
        decimal=",",
        encoding="gb18030",
        missing_values=["缺"],
    )
    assert read_options(run.files[0], run) == ReadOptions(
        encoding="gb18030", decimal=".", sheet=2, header_row=3, missing=("缺",)
    )
    assert read_options(DataFileSpec(path="a.csv")) == ReadOptions()


def test_gbk_after_a_long_ascii_head_is_still_gbk(tmp_path: Path) -> None:
    """charset-normalizer alone reads a few GBK words after ASCII rows as Korean (cp949)."""
    head = "op,x\n" + "".join(f"E{i},{i}.5\n" for i in range(20_000))
    f = tmp_path / "late.csv"
    f.write_bytes((head + "第一医院,3.5\n").encode("gbk"))
    t = read_table(f)
    assert t.encoding == "gb18030" and t.columns["op"][-1] == "第一医院"


@pytest.mark.parametrize(
    ("encoding", "text"), [("cp1252", "Hôpital Saint-Éloi"), ("big5", "臺北醫院")]
)
def test_other_code_pages_are_not_forced_to_gbk(tmp_path: Path, encoding: str, text: str) -> None:
    f = tmp_path / "other.csv"
    f.write_bytes(f"op,x\n{text},3.5\n".encode(encoding))
    t = read_table(f)
    assert t.columns["op"] == [text] and t.encoding != "gb18030"


RUN_YAML = """\
qualindex: 1
index: hospital.yaml
data:
  entity: 医院
  period: 年份
  decimal: ","
  encoding: gb18030
  missing_values: [缺, NA]
  periods: [2024, 2025-9, 一季度]
  files:
    - path: a.csv
      delimiter: ";"
    - path: b.xlsx
      sheet: 2
      header_row: 3
      header_rows: 2
      decimal: "."
      thousands: ","
"""


def test_run_config_reading_settings_parse_and_map_to_options() -> None:
    from qualindex.hierarchy.load import parse_spec
    from qualindex.hierarchy.schema import RunConfigSpec
    from qualindex.hierarchy.yamlio import read_yaml_text

    spec = parse_spec(read_yaml_text(RUN_YAML, "run.yaml"), RunConfigSpec)
    data = spec.data
    assert data is not None and data.periods == [2024, "2025-9", "一季度"]
    a, b = (read_options(f, data) for f in data.files)
    assert a == ReadOptions(encoding="gb18030", delimiter=";", decimal=",", missing=("缺", "NA"))
    assert b == ReadOptions(
        encoding="gb18030",
        decimal=".",
        thousands=",",
        sheet=2,
        header_row=3,
        header_rows=2,
        missing=("缺", "NA"),
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [("  encoding: klingon", "encoding 'klingon' is unknown"), ('  thousands: ","', "both ','")],
)
def test_run_config_bad_reading_settings_are_located(line: str, message: str) -> None:
    from qualindex.errors import IndexFileError
    from qualindex.hierarchy.load import parse_spec
    from qualindex.hierarchy.schema import RunConfigSpec
    from qualindex.hierarchy.yamlio import read_yaml_text

    text = RUN_YAML.replace("  encoding: gb18030", line)
    with pytest.raises(IndexFileError, match=message) as info:
        parse_spec(read_yaml_text(text, "run.yaml"), RunConfigSpec)
    assert info.value.problems[0].file == "run.yaml" and info.value.problems[0].line is not None


def test_workbook_without_readable_sheets_is_clean_and_silent(tmp_path: Path) -> None:
    import warnings

    bad = tmp_path / "norels.xlsx"
    with zipfile.ZipFile(REAL / "title-row.xlsx") as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"Target=", b"Targit=")
            dst.writestr(item, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no openpyxl warning reaches the user
        with pytest.raises(DataError, match=r"no worksheet|cannot open workbook"):
            read_table(bad)


def test_unquoted_decimal_comma_shifting_cells_is_refused(tmp_path: Path) -> None:
    """`A,6,5,91` under a 3-column header: reading it would put 5 under 'sat'."""
    f = tmp_path / "shift.csv"
    f.write_text("op,stay,sat\nA,7,90\nB,6,5,91\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(f)
    (p,) = info.value.problems
    assert (p.line, p.col) == (3, 4) and "decimal comma" in p.message and '"6,5"' in (p.fix or "")


def test_a_note_beside_an_excel_table_is_left_alone(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["op", "stay"])
    ws.append(["A", 7])
    ws["E2"] = "备注：数据来自2024年报"
    book.save(tmp_path / "note.xlsx")
    t = read_table(tmp_path / "note.xlsx")
    assert t.header == ("op", "stay") and t.columns["stay"] == [7]
