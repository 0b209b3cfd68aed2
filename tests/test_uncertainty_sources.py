"""qualindex sensitivity --vary judgments,weights,values,methods: the run-level driver.

Value errors from the run configuration go through each indicator's own scoring (checked by
hand on a linear and a piecewise indicator), method choices and value errors give rank
intervals per source and all together, and Sobol indices come out per input group.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import IndexFileError, InputError
from qualindex.run import evaluate, load_project
from qualindex.uncertainty import score_errors, sensitivity, sensitivity_rows

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "indicators" / "network-service-quality"


def _project(tmp_path: Path, extra: str) -> Path:
    """A copy of the example run with ``extra`` appended to its run.yaml."""
    shutil.copytree(EXAMPLE, tmp_path / "nsq")
    shutil.copy(ROOT / "indicators" / "network-service-quality.yaml", tmp_path)
    run = tmp_path / "nsq" / "run.yaml"
    run.write_text(run.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return run


VALUES = """
sensitivity:
  values:
    first_contact_resolution: {sd: 1}     # linear 70 -> 60, 80 -> 100: 4 points per %
    response_time: {interval: 5}          # piecewise (10, 100) (20, 80) (60, 40) (120, 0)
    courtesy_satisfaction: {sd: 3, units: score}
"""


def test_value_errors_go_through_each_indicators_scoring(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, VALUES))
    ev = evaluate(project)
    errs = score_errors(project, ev)
    assert errs.sd is not None and errs.low is not None and errs.high is not None
    rows = [r for r in range(len(ev.data)) if ev.data.periods[r] == ev.period_order()[-1]]
    leaves = list(errs.leaves)
    fcr, rt, cs = (leaves.index(k) for k in ("first_contact_resolution", "response_time",
                                              "courtesy_satisfaction"))  # fmt: skip
    for i, r in enumerate(rows):
        v = ev.data.values[r, fcr]
        # secant over +-1 %: 4 points per % inside [70, 80]; half that one step past a clip
        inside = np.clip([v - 1, v + 1], 60, 80)
        slope = (inside[1] - inside[0]) / 2 * 4
        assert errs.sd[i, fcr] == pytest.approx(slope, abs=1e-9)
        t = ev.data.values[r, rt]
        grid = np.linspace(t - 5, t + 5, 2001)
        score = np.interp(grid, [10, 20, 60, 120], [100, 80, 40, 0])
        assert errs.low[i, rt] == pytest.approx(score.min(), abs=1e-9)
        assert errs.high[i, rt] == pytest.approx(score.max(), abs=1e-9)
        assert errs.sd[i, cs] == 3.0
    others = [j for j in range(len(leaves)) if j not in (fcr, rt, cs)]
    assert not errs.sd[:, others].any()


def test_unknown_indicator_and_data_scored_errors_are_located(tmp_path: Path) -> None:
    run = _project(tmp_path, "\nsensitivity:\n  values:\n    availabilty: {sd: 0.1}\n")
    project = load_project(run)
    ev = evaluate(project)
    with pytest.raises(IndexFileError) as info:
        sensitivity(project, ev, vary=["values"], draws=10)
    problem = info.value.problems[0]
    assert "'availabilty' is not an indicator" in problem.message
    assert problem.file == str(run) and problem.line == run.read_text().count("\n")
    with pytest.raises(InputError, match="--value-sd"):
        sensitivity(load_project(EXAMPLE / "run.yaml"), ev, vary=["values"], draws=10)


def test_sources_separately_and_together(tmp_path: Path) -> None:
    """Each source's intervals come from the same draws as the combined run; a source that is
    certain (zero error, the run's own method only) gives a point mass at the base ranks."""
    own = "{normalisation: [own], aggregation: [weighted-mean], group: [aij]}"
    extra = f"\nsensitivity:\n  methods: {own}\n"
    project = load_project(_project(tmp_path, extra))
    ev = evaluate(project)
    s = sensitivity(project, ev, vary=["methods", "values"], draws=60, value_sd=0.0, seed=3)
    assert s.monte_carlo is not None
    assert set(s.intervals) == {"values", "methods", "all"}
    for source in s.intervals.values():
        for e, base in zip(source, s.monte_carlo["entities"], strict=True):
            assert e["q05"] == e["median"] == e["q95"] == base["base_rank"]
    full = sensitivity(
        load_project(EXAMPLE / "run.yaml"), ev, draws=200, seed=5, value_sd=3.0,
        vary=["judgments", "values", "methods"],
    )  # fmt: skip
    assert set(full.intervals) == {"judgments", "values", "methods", "all"}
    assert full.monte_carlo is not None
    for row, e in zip(full.intervals["all"], full.monte_carlo["entities"], strict=True):
        assert (row["q05"], row["median"], row["q95"]) == (e["q05"], e["median"], e["q95"])
    widths = {k: [e["q95"] - e["q05"] for e in v] for k, v in full.intervals.items()}
    assert max(widths["values"]) > 0  # 3 score points of error do move a rank
    rows = sensitivity_rows(full)
    assert rows[0]["entity"] == full.entities[0] and "values_q95" in rows[0]


def test_cli_vary_everything_with_sobol_as_json_and_csv(tmp_path: Path) -> None:
    runner = CliRunner()
    run = str(EXAMPLE / "run.yaml")
    args = ["sensitivity", run, "--vary", "weights,judgments,values,methods", "--value-sd",
            "2", "--draws", "100", "--seed", "4", "--sobol"]  # fmt: skip
    a = runner.invoke(app, [*args, "--format", "json", "-o", str(tmp_path / "a.json")])
    b = runner.invoke(app, [*args, "--format", "json", "-o", str(tmp_path / "b.json")])
    assert a.exit_code == b.exit_code == 0, a.output
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert doc == json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert doc["monte_carlo"]["options"]["sources"] == ["judgments", "values", "methods"]
    sob = doc["sobol"]
    assert {"j:network-service-quality", "x:availability", "m:normalisation"} <= set(sob["groups"])
    for e in sob["entities"]:
        assert set(e["first"]) == set(e["total"]) == set(sob["groups"])
    c = runner.invoke(app, [*args, "--format", "csv", "--no-bom"])
    assert c.exit_code == 0, c.output
    table = list(csv.DictReader(io.StringIO(c.stdout)))
    assert len(table) == len(doc["entities"])
    assert {"all_q05", "judgments_q95", "S1_m:normalisation", "ST_x:availability"} <= set(table[0])
    usage = runner.invoke(app, ["sensitivity", run, "--vary", "values,colours"])
    assert usage.exit_code == 2
    refused = runner.invoke(app, ["sensitivity", run, "--vary", "values"])
    assert refused.exit_code == 1 and "--value-sd" in refused.output
