"""Regressions of what ``make fuzz`` (tools/fuzz/) found outside YAML files (issue 18).

YAML findings live in tests/data/invalid/ with their ``# expect:`` line; a finding in a
table, a command line or an output path is reproduced here on real files through the
real CLI, and must exit 1 with a located message and no traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualindex.cli import app

ROOT = Path(__file__).parents[1]
NSQ = ROOT / "indicators" / "network-service-quality"
runner = CliRunner()


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("cell", ["NaN", "1e309", "-inf"])
def test_a_survey_answer_that_is_not_finite_is_off_the_scale(tmp_path: Path, cell: str) -> None:
    # fuzz seed 1081: "NaN" in a signed-answer column raised "cannot convert float NaN to
    # integer" in collect._signed
    shutil.copytree(NSQ, tmp_path / NSQ.name)
    shutil.copy2(NSQ.with_suffix(".yaml"), tmp_path)
    table = tmp_path / NSQ.name / "answers" / "survey-export.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = cell
    lines[1] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _refused(
        ["collect", str(table), "--run", str(tmp_path / NSQ.name / "run.yaml"),
         "--negative", "first", "-o", str(tmp_path / "out")]
    )  # fmt: skip
    assert f"{table}:2:3:" in output and "off the scale -9..-2, 1, 2..9" in output
