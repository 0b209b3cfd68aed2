"""Real files through the dataset builder: the numbers read, or a located refusal and its fix.

The files are in tests/data/real/ (tools/make_real_files.py).  The index scores three
hospital indicators: 平均住院日 (days, lower is better), 患者满意度 and 床位使用率 (%).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from qualindex.errors import DataError
from qualindex.evaluate.dataset import DataLayout, Dataset, build_dataset
from qualindex.evaluate.io import ReadOptions, read_table
from qualindex.hierarchy.load import load_index
from qualindex.hierarchy.model import IndexSystem
from qualindex.run import AdHocData
from tests.helpers import run_project

REAL = Path(__file__).resolve().parent.parent / "data" / "real"


def _leaf(id_: str, column: str, unit: str, direction: str, lo: float, hi: float) -> dict:
    good, bad = (hi, lo) if direction == "higher" else (lo, hi)
    return {
        "id": id_,
        "name": {"zh": column},
        "column": column,
        "unit": unit,
        "direction": direction,
        "threshold": bad,
        "target": good,
    }


INDEX = {
    "qualindex": 1,
    "id": "hospital",
    "version": "1",
    "name": {"zh": "医院绩效"},
    "grades": "cn-5",
    "children": [
        {
            "id": "efficiency",
            "name": {"zh": "服务效率"},
            "children": [
                _leaf("stay", "平均住院日", "天", "lower", 7.0, 12.0),
                _leaf("beds", "床位使用率", "%", "higher", 85.0, 93.0),
            ],
        },
        {
            "id": "experience",
            "name": {"zh": "患者体验"},
            "children": [_leaf("sat", "患者满意度", "%", "higher", 80.0, 95.0)],
        },
    ],
}


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hospital") / "hospital.yaml"
    path.write_text(yaml.safe_dump(INDEX, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index(index_path: Path) -> IndexSystem:
    return load_index(index_path)


def _dataset(
    index: IndexSystem,
    files: list[tuple[str, ReadOptions]],
    period: str | None = "年份",
    **layout: object,
) -> Dataset:
    tables = [(read_table(REAL / name, options=o), "wide") for name, o in files]
    return build_dataset(index, tables, DataLayout("医院", period, **layout))  # type: ignore[arg-type]


def _values(data: Dataset) -> dict[str, list[float]]:
    return {leaf: data.values[:, j].tolist() for j, leaf in enumerate(data.leaves)}


EXPECTED = {"stay": [8.5, 9.1, 7.2], "beds": [88.0, 90.3, 86.1], "sat": [91.2, 89.5, 94.0]}


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("gbk.csv", ReadOptions()),
        ("utf8-bom-crlf.csv", ReadOptions()),
        ("utf16-tab.txt", ReadOptions()),
        ("semicolon-decimal-comma.csv", ReadOptions(decimal=",")),
        ("percent.csv", ReadOptions()),
        ("fullwidth.csv", ReadOptions()),
        ("title-row.xlsx", ReadOptions(sheet="考核数据", header_row=3)),
    ],
)
def test_every_dialect_reads_the_same_numbers(
    index: IndexSystem, name: str, options: ReadOptions
) -> None:
    data = _dataset(index, [(name, options)])
    assert data.entities == ("第一人民医院", "中医院", "妇幼保健院")
    assert data.periods == ("2024",) * 3  # 2024, ２０２４ (full width) and Excel's 2024
    assert _values(data) == EXPECTED


def test_decimal_comma_without_setting_is_a_located_refusal(index: IndexSystem) -> None:
    with pytest.raises(DataError) as info:
        _dataset(index, [("decimal-comma-unset.csv", ReadOptions())])
    p = info.value.problems[0]
    assert len(info.value.problems) == 3  # every cell with a comma, none read as 65
    assert (p.line, p.col, p.path) == (2, 3, "column '平均住院日'")
    assert p.file == str(REAL / "decimal-comma-unset.csv")
    assert "'6,5' has a comma" in p.message
    assert 'decimal: ","' in (p.fix or "") and 'thousands: ","' in (p.fix or "")
    fixed = _dataset(index, [("decimal-comma-unset.csv", ReadOptions(decimal=","))])
    assert fixed.values[0].tolist() == [6.5, 88.0, 91.2]


def test_percent_sign_in_a_day_column_is_refused(index: IndexSystem) -> None:
    with pytest.raises(DataError) as info:
        _dataset(index, [("percent-wrong-unit.csv", ReadOptions())])
    text = str(info.value)
    assert f"{REAL / 'percent-wrong-unit.csv'}:2:3: column '平均住院日': '8.5%'" in text
    assert "unit: '%'" in text


def test_merged_header_dates_and_missing_token(index: IndexSystem) -> None:
    columns = {
        "stay": "服务效率 / 平均住院日",
        "beds": "服务效率 / 床位使用率",
        "sat": "患者体验 / 患者满意度",
    }
    data = _dataset(
        index,
        [("merged-header.xlsx", ReadOptions(header_rows=2))],
        "统计截止日",
        columns=columns,
    )
    assert data.periods[:1] == ("2025-06-30",) and data.periods[3:4] == ("2024-12-31",)
    assert data.period_order == ("2024-12-31", "2025-06-30")
    assert np.isnan(data.values[5, 0])  # n/a
    assert data.values[:5, 0].tolist() == pytest.approx([8.0, 8.6, 6.7, 8.5, 9.1])


def test_chinese_and_dotted_ids(index: IndexSystem) -> None:
    tables = [(read_table(REAL / "ids.csv"), "wide")]
    layout = DataLayout("编号", "年份", columns={"stay": "1.2", "sat": "绿化率", "beds": "qualité"})
    data = build_dataset(index, tables, layout)
    assert data.entities == ("1.2", "B1-2", "第三医院")
    assert _values(data) == EXPECTED


def test_a_bad_xlsx_cell_is_located_by_sheet_and_cell(index: IndexSystem, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "KPI"
    ws.append(["医院", "年份", "平均住院日", "患者满意度", "床位使用率"])
    ws.append(["A", 2024, "fast", 90, 88])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(DataError) as info:
        tables = [(read_table(tmp_path / "bad.xlsx"), "wide")]
        build_dataset(index, tables, DataLayout("医院", "年份"))
    assert f"{tmp_path / 'bad.xlsx'}[KPI]!C2: column '平均住院日': 'fast' is not a number" in str(
        info.value
    )


def test_two_files_disagreeing_is_refused_naming_both_cells(index: IndexSystem) -> None:
    with pytest.raises(DataError) as info:
        _dataset(index, [("conflict-a.csv", ReadOptions()), ("conflict-b.csv", ReadOptions())])
    (p,) = info.value.problems
    assert (p.file, p.line, p.col) == (str(REAL / "conflict-b.csv"), 2, 3)
    assert f"8.7 conflicts with 8.5 at {REAL / 'conflict-a.csv'}:2:3" in p.message
    assert "entity '第一人民医院', period '2024', indicator 'stay'" in p.message


def test_two_files_agreeing_or_completing_each_other_are_merged(index: IndexSystem) -> None:
    files = [("conflict-a.csv", ReadOptions()), ("conflict-same.csv", ReadOptions())]
    data = _dataset(index, files)
    # a blank cell never overwrites: sat from a, beds from the second file, stay in both
    assert _values(data) == {"stay": [8.5], "beds": [88.0], "sat": [91.2]}


def test_blank_entity_setting_is_a_clean_message(index: IndexSystem) -> None:
    tables = [(read_table(REAL / "gbk.csv"), "wide")]
    for layout in (DataLayout(""), DataLayout("医院", " "), DataLayout("医院", columns={"x": ""})):
        with pytest.raises(DataError, match=r"data\.\S+ is empty"):
            build_dataset(index, tables, layout)


def test_explicit_periods_missing_a_label_is_located(index: IndexSystem) -> None:
    with pytest.raises(DataError) as info:
        _dataset(index, [("months.csv", ReadOptions())], "月份", periods=("2025-9", "2025-10"))
    (p,) = info.value.problems
    assert (p.line, p.col) == (4, 2) and "'2025-11' is not in periods:" in p.message


def test_unordered_labels_are_located_and_name_periods(index: IndexSystem, tmp_path: Path) -> None:
    f = tmp_path / "waves.csv"
    f.write_text(
        "医院,轮次,平均住院日,患者满意度,床位使用率\nA,基线,8,90,88\nA,随访,7,90,88\n",
        encoding="utf-8",
    )
    tables = [(read_table(f), "wide")]
    with pytest.raises(DataError) as info:
        build_dataset(index, tables, DataLayout("医院", "轮次"))
    (p,) = info.value.problems
    assert (p.line, p.col) == (2, 2) and "periods: [...]" in (p.fix or "")
    data = build_dataset(index, tables, DataLayout("医院", "轮次", periods=("基线", "随访")))
    assert data.period_order == ("基线", "随访")


@pytest.mark.parametrize(
    ("name", "period", "order"),
    [
        ("months.csv", "月份", ["2025-9", "2025-10", "2025-11"]),
        ("quarters.csv", "季度", ["一季度", "二季度", "三季度", "四季度"]),
    ],
)
def test_change_and_latest_follow_period_order(
    index_path: Path, name: str, period: str, order: list[str]
) -> None:
    """The hospital's stay falls 0.5 days a period, so its score rises every period."""
    _, ev = run_project(index_path, data=AdHocData((REAL / name,), "医院", period=period))
    assert ev.period_order() == order
    assert ev.data.period_order == tuple(order)
    at = {p: i for i, p in enumerate(ev.data.periods)}
    change = ev.change[ev.index.id]
    assert np.isnan(change[at[order[0]]])  # the first period has no previous one
    for p in order[1:]:
        assert change[at[p]] > 0  # with text order 2025-10 would come first: a fall
    from qualindex.render import priority_lines

    assert f"({order[-1]};" in priority_lines(ev, lang="en")[0]  # the CLI's "latest period"


def test_parquet_out_of_range_cell_is_located(index: IndexSystem, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {"医院": ["A", "B"], "平均住院日": [8.0, 9.0], "患者满意度": [90.0, 120.0]}
    table = pa.table({**columns, "床位使用率": [88.0, None]})
    pq.write_table(table, tmp_path / "d.parquet")
    tables = [(read_table(tmp_path / "d.parquet"), "wide")]
    with pytest.raises(DataError, match=r"d\.parquet:3:3: column '患者满意度': 120 % is outside"):
        build_dataset(index, tables, DataLayout("医院"))


def test_dataset_names_how_each_file_was_read(index: IndexSystem) -> None:
    data = _dataset(
        index,
        [
            ("gbk.csv", ReadOptions()),
            ("semicolon-decimal-comma.csv", ReadOptions(decimal=",")),
        ],
    )
    gbk, semi = data.tables
    assert (gbk.encoding, gbk.encoding_source, gbk.delimiter, gbk.rows) == (
        "gb18030",
        "detected",
        ",",
        3,
    )
    assert (semi.encoding, semi.delimiter, semi.decimal) == ("utf-8", ";", ",")
