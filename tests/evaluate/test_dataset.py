"""Reading data: every bad cell is named with file, row and column; all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import DataError
from qualindex.run import AdHocData
from tests.helpers import run_project

INDEX = {
    "qualindex": 1,
    "id": "mini",
    "version": "1",
    "name": {"en": "Mini"},
    "grades": "cn-5",
    "children": [
        {
            "id": "net",
            "name": {"en": "Network"},
            "children": [
                {
                    "id": "availability",
                    "name": {"en": "Availability"},
                    "unit": "%",
                    "direction": "higher",
                    "threshold": 99.0,
                    "target": 99.9,
                    "baseline": 99.5,
                },
                {
                    "id": "latency",
                    "name": {"en": "Latency"},
                    "unit": "ms",
                    "direction": "lower",
                    "threshold": 120,
                    "target": 40,
                },
            ],
        },
        {
            "id": "care",
            "name": {"en": "Care"},
            "children": [
                {
                    "id": "sat",
                    "name": {"en": "Satisfaction"},
                    "direction": "higher",
                    "scale": "likert5",
                },
            ],
        },
    ],
}


def _project(tmp_path: Path, csv: str, index: dict | None = None) -> tuple[Path, Path]:
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(index or INDEX), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(csv, encoding="utf-8")
    return path, data


def _evaluate(path: Path, data: Path, **kw: object):  # type: ignore[no-untyped-def]
    return run_project(path, data=AdHocData((data,), "op", **kw))  # type: ignore[arg-type]


GOOD = "op,availability,latency,sat\nA,99.9,40,5\nB,99.0,120,3\nC,99.45,80,4\n"


def test_good_data_scores_every_row(tmp_path: Path) -> None:
    _, ev = _evaluate(*_project(tmp_path, GOOD))
    assert list(ev.data.entities) == ["A", "B", "C"]
    assert ev.composite[0] == pytest.approx(100.0)  # every indicator at its target
    assert ev.composite[1] == pytest.approx(60.0)  # thresholds -> 60; 3 on likert5 -> 60
    assert list(ev.rank) == [1, 3, 2]


def test_bad_cells_are_all_reported_with_row_and_column(tmp_path: Path) -> None:
    csv = "op,availability,latency,sat\nA,99.9,fast,5\nB,120,40,7\nA,99,50,4\n"
    path, data = _project(tmp_path, csv)
    with pytest.raises(DataError) as info:
        _evaluate(path, data)
    text = str(info.value)
    assert f"{data}:2:3: column 'latency': 'fast' is not a number" in text
    assert f"{data}:3:2: column 'availability': 120 % is outside 0-100" in text
    assert f"{data}:3:4: column 'sat': 7 is outside scale likert5 (1-5)" in text
    # a second row of entity A: each cell that differs is a conflict naming both cells
    assert (
        f"{data}:4:2: column 'availability': 99 conflicts with 99.9 at {data}:2:2 "
        "(entity 'A', indicator 'availability')" in text
    )
    assert f"{data}:4:4: column 'sat': 4 conflicts with 5 at {data}:2:4" in text


def test_a_repeated_row_with_the_same_values_is_accepted(tmp_path: Path) -> None:
    path, data = _project(tmp_path, GOOD + "A,99.9,,5\n")  # A again: same values, one blank
    _, ev = _evaluate(path, data)
    assert list(ev.data.entities) == ["A", "B", "C"]
    assert ev.data.values[0].tolist() == [99.9, 40.0, 5.0]


def test_missing_columns_are_listed_together_with_suggestions(tmp_path: Path) -> None:
    path, data = _project(tmp_path, "op,availabilty,sat\nA,99.9,5\n")
    with pytest.raises(DataError) as info:
        _evaluate(path, data)
    messages = [str(p) for p in info.value.problems]
    assert any(
        "no column 'availability'" in m and "did you mean 'availabilty'" in m for m in messages
    )
    assert any("no column 'latency'" in m for m in messages)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "data file is empty"),
        ("op,availability,latency,sat\n", "no data rows"),
        ("op,op,latency,sat\nA,1,2,3\n", "appears twice"),
    ],
)
def test_empty_or_malformed_files(tmp_path: Path, content: str, message: str) -> None:
    path, data = _project(tmp_path, content)
    with pytest.raises(DataError, match=message):
        _evaluate(path, data)


def test_survey_answers_as_labels_and_bad_answers(tmp_path: Path) -> None:
    index = {**INDEX, "children": [INDEX["children"][1]]}
    path, data = _project(tmp_path, "op,sat\nA,很满意\nA,Satisfied\nA,\nB,very good\n", index)
    with pytest.raises(DataError, match="'very good' is not an answer on scale likert5"):
        _evaluate(path, data, layout="respondent")
    data.write_text("op,sat\nA,很满意\nA,Satisfied\nA,\nB,3\n", encoding="utf-8")
    _, ev = _evaluate(path, data, layout="respondent")
    assert ev.composite.tolist() == pytest.approx([90.0, 60.0])  # mean of 100 and 80; 60


def test_cli_data_error_exits_1_without_traceback(tmp_path: Path) -> None:
    path, data = _project(tmp_path, "op,availability,latency,sat\nA,x,40,5\n")
    result = CliRunner().invoke(app, ["evaluate", str(path), "--data", str(data), "--entity", "op"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "'x' is not a number" in result.output


def test_cli_data_without_entity_is_a_usage_error(tmp_path: Path) -> None:
    path, data = _project(tmp_path, GOOD)
    assert CliRunner().invoke(app, ["evaluate", str(path), "--data", str(data)]).exit_code == 2


def test_xlsx_and_parquet_inputs_read_like_csv(tmp_path: Path) -> None:
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    path, data = _project(tmp_path, GOOD)
    rows = [line.split(",") for line in GOOD.strip().split("\n")]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([row[0], *[float(x) if x[0].isdigit() else x for x in row[1:]]])
    book.save(tmp_path / "data.xlsx")
    cols = {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}
    table = pa.table({k: v if k == "op" else [float(x) for x in v] for k, v in cols.items()})
    pq.write_table(table, tmp_path / "data.parquet")
    expected = _evaluate(path, data)[1].composite
    for name in ("data.xlsx", "data.parquet"):
        got = _evaluate(path, tmp_path / name)[1].composite
        assert got.tolist() == pytest.approx(expected.tolist())


def test_survey_split_over_several_files_keeps_every_file(tmp_path: Path) -> None:
    index = {**INDEX, "children": [INDEX["children"][1]]}
    path, first = _project(tmp_path, "op,q,sat\nA,1,5\nA,1,4\n", index)
    second = tmp_path / "q2.csv"
    second.write_text("op,q,sat\nA,2,3\nB,2,1\n", encoding="utf-8")
    _, ev = run_project(
        path, data=AdHocData((first, second), "op", period="q", layout="respondent")
    )
    got = dict(zip(zip(ev.data.entities, ev.data.periods, strict=True), ev.composite, strict=True))
    assert got == {("A", "1"): 90.0, ("A", "2"): 60.0, ("B", "2"): 20.0}


def test_two_answer_files_for_one_entity_and_period_are_refused(tmp_path: Path) -> None:
    index = {**INDEX, "children": [INDEX["children"][1]]}
    path, first = _project(tmp_path, "op,q,sat\nA,1,5\nA,1,4\n", index)
    second = tmp_path / "q2.csv"
    second.write_text("op,q,sat\nA,1,3\nB,1,1\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        run_project(path, data=AdHocData((first, second), "op", period="q", layout="respondent"))
    (p,) = info.value.problems
    assert p.file == str(second) and "entity 'A', period '1', indicator 'sat'" in p.message
    assert str(first) in p.message  # the other file is named
