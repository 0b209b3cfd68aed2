"""A client's Excel as it comes: columns headed by the indicators' Chinese names, a title row
and one blank cell.  The columns are read by name (said in a note), and the hospital with the
blank is ranked from the rest of its weight with its coverage shown in every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app

runner = CliRunner()

LEAVES = {"readmission": "再入院率", "infection": "院内感染率", "waiting": "平均候诊时间"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    index = {
        "qualindex": 1, "id": "hosp", "version": "1", "name": {"zh": "医院"},
        "weighting": {"method": "direct", "weights": {"care": 0.6, "waiting": 0.4}},
        "children": [
            {"id": "care", "name": {"zh": "医疗质量"}, "weighting": {"method": "equal"},
             "children": [
                 {"id": k, "name": {"zh": LEAVES[k]}, "unit": "%", "direction": "lower",
                  "scoring": {"method": "minmax"}} for k in ("readmission", "infection")]},
            {"id": "waiting", "name": {"zh": LEAVES["waiting"]}, "unit": "min",
             "direction": "lower", "scoring": {"method": "minmax"}},
        ],
    }  # fmt: skip
    (tmp_path / "hosp.yaml").write_text(yaml.safe_dump(index, allow_unicode=True), "utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI"
    ws.append(["2025年各医院指标"])
    ws.append([])
    ws.append(["医院编号", "再入院率", "院内感染率", "平均候诊时间"])
    for row in (["H1", 5.0, 1.0, 20], ["H2", 6.0, None, 30], ["H3", 4.0, 2.0, 40]):
        ws.append(row)
    wb.save(tmp_path / "kpi.xlsx")
    run = {
        "qualindex": 1, "index": "hosp.yaml",
        "data": {"entity": "医院编号", "files": [{"path": "kpi.xlsx", "header_row": 3}]},
    }  # fmt: skip
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(run, allow_unicode=True), "utf-8")
    return tmp_path / "run.yaml"


def test_columns_headed_by_indicator_names_are_read_and_said(project: Path) -> None:
    res = runner.invoke(app, ["evaluate", str(project), "--format", "json", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    notes = " ".join(n if isinstance(n, str) else n["message"] for n in doc["notes"])
    assert "再入院率 → readmission" in notes and "平均候诊时间 → waiting" in notes
    h1 = next(r for r in doc["rows"] if r["entity"] == "H1")
    values = {i["id"]: i["value"] for i in h1["indicators"]}
    assert values == {"readmission": 5.0, "infection": 1.0, "waiting": 20.0}


def test_a_blank_cell_keeps_the_hospital_ranked_with_its_coverage_shown(
    project: Path, tmp_path: Path
) -> None:
    res = runner.invoke(app, ["evaluate", str(project), "--format", "json"])
    h2 = next(r for r in json.loads(res.stdout)["rows"] if r["entity"] == "H2")
    # infection carries 0.6 * 0.5 = 0.3 of the weight: 70 % of H2's weight has data, but care
    # has data for half its weight (< 65 %, the default minimum) and is left empty, so the
    # composite rests on waiting alone (0.4 of the weight): 30 min -> 50, and says so
    assert h2["rank"] is not None and h2["coverage"]["hosp"] == pytest.approx(0.7)
    assert h2["excluded"] == ["care"] and h2["weight_used"]["hosp"] == pytest.approx(0.4)
    assert h2["weight_used"]["care"] == pytest.approx(0.5)
    assert h2["composite"] == pytest.approx(50.0)

    out = tmp_path / "scores.csv"
    assert (
        runner.invoke(app, ["evaluate", str(project), "--format", "csv", "-o", str(out)]).exit_code
        == 0
    )
    with out.open(encoding="utf-8-sig") as f:
        rows = {r["entity"]: r for r in csv.DictReader(f)}
    assert float(rows["H2"]["weight_used"]) == pytest.approx(0.4)
    assert float(rows["H1"]["weight_used"]) == 1.0

    shown = runner.invoke(app, ["evaluate", str(project)], env={"COLUMNS": "120"})
    assert "weight used" in shown.output and "40%" in shown.output

    md = tmp_path / "report.md"
    assert (
        runner.invoke(app, ["report", str(project), "-o", str(md), "--lang", "zh"]).exit_code == 0
    )
    text = md.read_text("utf-8")
    assert "有效权重占比" in text and "0.400" in text
