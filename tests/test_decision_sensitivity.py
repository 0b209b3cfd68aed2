"""``qualindex sensitivity`` on decision models: switch points of the criteria weights, tornado
and a Monte Carlo over the criteria and the alternatives' pairwise judgments.

The switch points are checked against the model itself: the criteria weights are moved to the
reported switch weight ± ε (siblings rescaled proportionally, as the kernels define it) and the
model is synthesised again through :func:`qualindex.decision.decide`; the two alternatives
must change places there and nowhere else in between.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.decision import Decision, decide
from qualindex.run import Project, load_project, weigh
from qualindex.uncertainty import decision_sensitivity
from qualindex.weighting.tree import TreeWeights

DATA = Path(__file__).parent / "data" / "decision"
VEHICLE = DATA / "vehicle" / "run.yaml"
SUPPLIERS = Path(__file__).parents[1] / "indicators" / "supplier-selection" / "run.yaml"
runner = CliRunner()


def sensitivity_json(target: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["sensitivity", str(target), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def moved(project: Project, node: str, child: str, t: float) -> TreeWeights:
    """The run's weights with ``child``'s local weight under ``node`` set to ``t`` and its
    siblings rescaled by (1 - t) / (1 - w), global weights recomposed down the tree."""
    w = weigh(project)
    index = project.index
    local = dict(w.local)
    kids = index.nodes[node].children
    scale = (1 - t) / (1 - local[child])
    for k in kids:
        local[k] = t if k == child else local[k] * scale
    glob: dict[str, float] = {}
    for n in index.walk():
        glob[n.id] = 1.0 if n.parent is None else glob[n.parent] * local[n.id]
    return TreeWeights(w.index, w.nodes, local, glob)


def score(d: Decision, alt: str) -> float:
    i = [a.id for a in d.alternatives].index(alt)
    return float(d.synthesis.score[i])


@pytest.mark.parametrize("mode", ["distributive", "ideal"])
def test_vehicle_switch_points_are_where_the_model_swaps(mode: str) -> None:
    """AHPy's "Purchasing a vehicle": every reported switch point of a criteria weight is where
    the two alternatives' synthesis scores cross (checked at t* ± 1e-6 through decide)."""
    doc = sensitivity_json(VEHICLE, "--vary", "weights", "--mode", mode)
    project = load_project(VEHICLE)
    leaves = {n.id for n in project.index.leaves()}
    switches = doc["switch_points"]
    assert switches
    for s in switches[:12]:
        assert s["node"] not in leaves  # only criteria weights, never alternatives' priorities
        t, eps = s["weight"], 1e-6
        below = decide(project, mode=mode, weights=moved(project, s["node"], s["child"], t - eps))
        above = decide(project, mode=mode, weights=moved(project, s["node"], s["child"], t + eps))
        at = decide(project, mode=mode, weights=moved(project, s["node"], s["child"], t))
        a, b = s["first"], s["second"]
        before = score(below, a) - score(below, b)
        after = score(above, a) - score(above, b)
        assert before * after < 0, s
        assert score(at, a) == pytest.approx(score(at, b), abs=1e-12)
        lead = s["leader_above"]
        other = b if lead == a else a
        assert score(above, lead) > score(above, other)


def test_vehicle_tornado_brackets_the_base_and_names_criteria_only() -> None:
    doc = sensitivity_json(VEHICLE, "--vary", "weights")
    project = load_project(VEHICLE)
    d = decide(project)
    leaves = {n.id for n in project.index.leaves()}
    assert doc["tornado"]
    for row in doc["tornado"]:
        assert row["node"] not in leaves
        for alt, base in row["base"].items():
            assert base == pytest.approx(score(d, alt), abs=1e-12)
            assert row["low"][alt] <= base + 1e-12 <= row["high"][alt] + 2e-12


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**31 - 1),
    mode=st.sampled_from(["distributive", "ideal"]),
    draws=st.integers(1, 40),
    target=st.sampled_from([VEHICLE, SUPPLIERS, DATA / "leader" / "run.yaml"]),
)
def test_no_noise_every_draw_gives_the_base_ranking(
    seed: int, mode: str, draws: int, target: Path
) -> None:
    """σ = 0: every draw of the criteria and alternatives judgments is the model itself, so
    every alternative's rank interval is its rank from ``decide`` and the leader is first in
    every draw (one expert or three, AIJ with expert weights)."""
    project = load_project(target)
    ranks = decide(project, mode=mode).synthesis.ranks  # type: ignore[arg-type]
    s = decision_sensitivity(project, vary=["judgments"], mode=mode, draws=draws, sigma=0.0,
                             seed=seed)  # fmt: skip
    assert s.monte_carlo is not None
    for e, r in zip(s.monte_carlo["entities"], ranks, strict=True):
        assert e["base_rank"] == e["median"] == e["q05"] == e["q95"] == int(r)
        assert e["first"] == (1.0 if r == 1 else 0.0)
    assert set(s.intervals) == {"criteria", "alternatives", "all"}
    assert not [n for n in s.notes if "differ from the run's" in n]


def test_vehicle_judgment_noise_moves_the_close_leaders() -> None:
    """Odyssey and Accord Sedan are 0.004 apart (AHPy: 0.219 / 0.215): lognormal noise of
    σ = 0.2 on the judgments lets either lead, the shares of first place sum to 1 over the
    alternatives, and a draw of the alternatives' judgments alone moves them too."""
    doc = sensitivity_json(VEHICLE, "--vary", "judgments", "--draws", "400", "--sigma", "0.2")
    firsts = {e["id"]: e["first"] for e in doc["monte_carlo"]["entities"]}
    assert sum(firsts.values()) == pytest.approx(1.0)
    assert 0 < firsts["odyssey"] < 1 and 0 < firsts["accord_sedan"] < 1
    alt = {e["id"]: e for e in doc["intervals"]["alternatives"]}
    assert alt["odyssey"]["q05"] < alt["odyssey"]["q95"]
    cells = doc["monte_carlo"]["judgments"]
    assert cells and all(0 <= c["explained"] <= 1 for c in cells)


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    project = load_project(VEHICLE)
    one = decision_sensitivity(project, vary=["judgments"], draws=200, sigma=0.3, seed=1)
    two = decision_sensitivity(project, vary=["judgments"], draws=200, sigma=0.3, seed=1)
    other = decision_sensitivity(project, vary=["judgments"], draws=200, sigma=0.3, seed=2)
    assert one.to_dict() == two.to_dict()
    assert one.to_dict()["monte_carlo"] != other.to_dict()["monte_carlo"]


def test_supplier_selection_mixed_model_runs_and_says_what_is_fixed() -> None:
    """The catalogue's supplier selection: measured and rated criteria carry no judgments,
    only the criteria and the service comparisons vary; text output lists the intervals."""
    doc = sensitivity_json(SUPPLIERS, "--draws", "100", "--mode", "ideal")
    assert [e["id"] for e in doc["entities"]] == ["S1", "S2", "S3", "S4"]
    assert doc["monte_carlo"]["options"]["judged"] == ["alternatives", "criteria"]
    assert any("ideal" in n for n in doc["notes"])
    d = decide(load_project(SUPPLIERS), mode="ideal")
    ranks = {a.id: int(r) for a, r in zip(d.alternatives, d.synthesis.ranks, strict=True)}
    assert {e["id"]: e["base_rank"] for e in doc["monte_carlo"]["entities"]} == ranks
    text = runner.invoke(app, ["sensitivity", str(SUPPLIERS), "--draws", "50"])
    assert text.exit_code == 0, text.output
    assert "rank intervals over 50 draws" in text.stdout


@pytest.mark.parametrize(
    "args",
    [["--vary", "values"], ["--vary", "weights,methods"], ["--sobol"], ["--value-sd", "1"]],
)
def test_decision_model_refuses_what_belongs_to_data(args: list[str]) -> None:
    result = runner.invoke(app, ["sensitivity", str(VEHICLE), *args])
    assert result.exit_code == 2
    assert "decision model" in result.output
    assert "Traceback" not in result.output


def test_base_scores_are_the_synthesis() -> None:
    """The decision hierarchy behind the kernels reproduces the synthesis in both modes (its
    tornado base equals the scores of ``decide``, whose priorities AHPy prints)."""
    project = load_project(VEHICLE)
    for mode in ("distributive", "ideal"):
        s = decision_sensitivity(project, vary=["weights"], mode=mode)
        d = decide(project, mode=mode)  # type: ignore[arg-type]
        base = s.tornado[0]["base"]
        got = np.array([base[a.id] for a in d.alternatives])
        np.testing.assert_allclose(got, d.synthesis.score, rtol=1e-12)


def test_a_group_setting_the_draws_do_not_follow_is_said(tmp_path: Path) -> None:
    """AIP with the arithmetic mean is not the kernels' (geometric) AIP: the draws would
    centre elsewhere than the run's priorities, and every output says so, node by node."""
    import shutil

    root = Path(__file__).parents[1] / "indicators"
    shutil.copy(root / "supplier-selection.yaml", tmp_path / "supplier-selection.yaml")
    shutil.copytree(root / "supplier-selection", tmp_path / "run")
    run = tmp_path / "run" / "run.yaml"
    text = run.read_text(encoding="utf-8")
    run.write_text(text + "weighting: {group: aip, aip_mean: arithmetic}\n", encoding="utf-8")
    doc = sensitivity_json(run, "--vary", "judgments", "--draws", "20")
    said = [n for n in doc["notes"] if "differ from the run's" in n]
    assert {n.split(":")[0] for n in said} >= {"supplier-selection", "service"}
    plain = sensitivity_json(SUPPLIERS, "--vary", "judgments", "--draws", "20")
    assert not [n for n in plain["notes"] if "differ from the run's" in n]
