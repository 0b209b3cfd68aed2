"""Ad-hoc data (--data) can say what a run configuration says: the period order and the
display-name column, so monthly files are not sorted as text (2025-10 before 2025-9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    index = {
        "qualindex": 1, "id": "k", "version": "1", "name": {"en": "K"},
        "weighting": {"method": "equal"},
        "children": [{"id": "a", "name": {"en": "a"}, "unit": "%", "direction": "higher",
                      "threshold": 0, "target": 100}],
    }  # fmt: skip
    (tmp_path / "k.yaml").write_text(yaml.safe_dump(index), "utf-8")
    rows = ["id,name,month,a", "X,甲厂,2025-9,50", "X,甲厂,2025-10,70", "X,甲厂,2025-11,60"]
    (tmp_path / "d.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return tmp_path / "k.yaml", tmp_path / "d.csv"


def _run(index: Path, data: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    args = ["evaluate", str(index), "--data", str(data), "--entity", "id", "--period", "month"]
    res = runner.invoke(app, [*args, *extra, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_periods_option_orders_the_changes(files: tuple[Path, Path]) -> None:
    doc = _run(*files, "--periods", "2025-11, 2025-10, 2025-9", "--label", "name")
    change = {r["period"]: r["change"]["k"] for r in doc["rows"]}
    # linear scoring, threshold -> 60 and target -> 100: score = 60 + 0.4 * value.
    # given order 11 -> 10 -> 9: 2025-10 is 0.4 * (70 - 60) above 11, 2025-9 0.4 * 20 below 10
    assert change["2025-11"] is None
    assert change["2025-10"] == pytest.approx(4.0) and change["2025-9"] == pytest.approx(-8.0)
    assert {r["label"] for r in doc["rows"]} == {"甲厂"}


def test_natural_order_without_the_option(files: tuple[Path, Path]) -> None:
    change = {r["period"]: r["change"]["k"] for r in _run(*files)["rows"]}
    assert change["2025-10"] == pytest.approx(8.0) and change["2025-11"] == pytest.approx(-4.0)


def test_periods_without_period_column_is_a_usage_error(files: tuple[Path, Path]) -> None:
    index, data = files
    res = runner.invoke(app, ["evaluate", str(index), "--data", str(data), "--entity", "id",
                              "--periods", "a,b"])  # fmt: skip
    assert res.exit_code == 2 and "--period" in res.output
