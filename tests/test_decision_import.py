"""``qualindex import``: R ahp files and n x n Excel grids -> the same numbers as by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from qualindex.cli import app

DATA = Path(__file__).parent / "data" / "decision"
runner = CliRunner()


def _by_name(target: Path) -> dict[str, float]:
    result = runner.invoke(app, ["rank", str(target), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return {a["name"]["en"]: a["priority"] for a in doc["alternatives"]}


def test_r_ahp_vehicle_file_matches_the_hand_model_and_ahpy(tmp_path: Path) -> None:
    """A car.ahp-style file (one decision maker, uneven depth, names with spaces)."""
    result = runner.invoke(
        app, ["import", str(DATA / "rahp" / "vehicle.ahp"), "-o", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "not converted" not in result.output
    (tmp_path / "run.yaml").write_text(
        (tmp_path / "run.yaml").read_text("utf-8") + "weighting: {ri_table: donegan-dodd}\n",
        encoding="utf-8",
    )
    imported = _by_name(tmp_path / "run.yaml")
    by_hand = _by_name(DATA / "vehicle" / "run.yaml")
    assert imported.keys() == by_hand.keys()
    for name, p in by_hand.items():
        assert imported[name] == pytest.approx(p, abs=1e-12)
    assert round(imported["Odyssey"], 3) == 0.219 and round(imported["Pilot"], 3) == 0.106
    index = (tmp_path / "Buy_Car.yaml").read_text("utf-8")
    assert "Accord_Sedan" in index and "price: 20360" in index  # attributes kept


def test_r_ahp_holiday_file_matches_the_hand_model(tmp_path: Path) -> None:
    """A vacation.ahp-style file: weighted decision makers, pairwise / score / priority
    mixed under one criterion, and R functions that are listed, not run."""
    result = runner.invoke(
        app, ["import", str(DATA / "rahp" / "holiday.ahp"), "-o", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "holiday.ahp:38:13: not converted" in out and "pairwiseFunction" in out
    assert "holiday.ahp:41:13: not converted" in out and "scoreFunction" in out
    assert "line 38" in (tmp_path / "run.yaml").read_text("utf-8")  # kept with the files
    imported = _by_name(tmp_path / "run.yaml")
    by_hand = _by_name(DATA / "holiday" / "run.yaml")
    assert imported.keys() == by_hand.keys() == {"Coast", "Lakes", "City"}
    for name, p in by_hand.items():
        assert imported[name] == pytest.approx(p, abs=1e-12)
    ben = (tmp_path / "judgments" / "Ben.yaml").read_text("utf-8")
    assert "weight: 0.3" in ben


def test_r_ahp_unreadable_expression_is_located(tmp_path: Path) -> None:
    text = (
        (DATA / "rahp" / "holiday.ahp")
        .read_text("utf-8")
        .replace("[Coast, Lakes, 3]", "[Coast, Lakes, sqrt(9)]")
    )
    src = tmp_path / "h.ahp"
    src.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert "h.ahp:52:30" in result.output and "'sqrt(9)' is an R expression" in result.output
    bad = tmp_path / "x.ahp"
    bad.write_text("Version: 2.0\nGoal: {name: x}\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "-o", str(tmp_path / "o2"), "--lang", "en"])
    assert result.exit_code == 1 and "needs Alternatives: and Goal:" in result.output


def _grid_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


LEADER_GRIDS: dict[str, list[list[Any]]] = {
    "choosing-a-leader": [
        [None, "Experience", "Education", "Charisma", "Age"],
        ["Experience", 1, 4, 3, 7],
        ["Education", 0.25, 1, "1/3", 3],
        ["Charisma", None, 3, 1, 5],
        ["Age", None, None, None, 1],
    ],
    "Experience": [
        [None, "Moll", "Nell", "Sue"],
        ["Moll", 1, "1/4", 4],
        ["Nell", None, 1, 9],
        ["Sue", None, None, 1],
    ],
    "Education": [
        [None, "Moll", "Nell", "Sue"],
        ["Moll", 1, 3, "1/5"],
        ["Nell", None, 1, "1/7"],
        ["Sue", None, None, 1],
    ],
    "Charisma": [
        [None, "Moll", "Nell", "Sue"],
        ["Moll", 1, 5, 9],
        ["Nell", None, 1, 4],
        ["Sue", None, None, 1],
    ],
    "Age": [
        [None, "Moll", "Nell", "Sue"],
        ["Moll", 1, "1/3", 5],
        ["Nell", None, 1, 9],
        ["Sue", None, None, 1],
    ],
}


def test_excel_grids_give_the_same_ranking_as_the_yaml_judgments(tmp_path: Path) -> None:
    book = _grid_book(tmp_path / "grids.xlsx", LEADER_GRIDS)
    index = DATA / "leader" / "leader.yaml"
    result = runner.invoke(
        app, ["import", str(book), "--index", str(index), "--expert", "board", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    judged = runner.invoke(
        app, ["rank", str(index), "-j", str(tmp_path / "board.yaml"), "--format", "json"]
    )
    by_hand = runner.invoke(
        app,
        [
            "rank",
            str(index),
            "-j",
            str(DATA / "leader" / "judgments" / "board.yaml"),
            "--format",
            "json",
        ],
    )
    a = {x["id"]: x["priority"] for x in json.loads(judged.stdout)["alternatives"]}
    b = {x["id"]: x["priority"] for x in json.loads(by_hand.stdout)["alternatives"]}
    assert a == pytest.approx(b, abs=1e-12)


def test_excel_grid_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    grids = dict(LEADER_GRIDS)
    grids["Experience"] = [
        [None, "Moll", "Nell", "Sue"],
        ["Moll", 1, "1/4", 4],
        ["Nell", 3, 1, 9],
        ["Sue", None, "x", 1],
    ]
    grids["Charism"] = grids.pop("Charisma")
    book = _grid_book(tmp_path / "g.xlsx", grids)
    index = DATA / "leader" / "leader.yaml"
    result = runner.invoke(
        app, ["import", str(book), "--index", str(index), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    out = result.output
    assert "g.xlsx[Experience]" in out and "B3" in out and "not the reciprocal of '1/4'" in out
    assert "C4" in out and "'x' is not a positive number" in out
    assert "sheet 'Charism'" in out and "Charisma" in out
