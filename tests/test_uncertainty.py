"""qualindex sensitivity: the kernels applied to a run, mapped back to ids, from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.run import evaluate, load_project
from qualindex.uncertainty import sensitivity

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "indicators" / "network-service-quality" / "run.yaml"


def test_switch_points_are_exact_at_the_evaluated_scores() -> None:
    """At each reported switch point the two entities' composites are equal: recompute the
    composites of the latest period with that one local weight moved (siblings rescaled)."""
    project = load_project(RUN)
    ev = evaluate(project)
    s = sensitivity(project, ev, vary=["weights"])
    assert s.switches and s.monte_carlo is None
    rows = [r for r in range(len(ev.data)) if ev.data.periods[r] == s.period]
    assert len(s.entities) == len(rows)  # P04's blank cell does not remove it
    tw, index = ev.scores.weights, ev.index
    for w in s.switches[:5]:
        kids = index.nodes[w["node"]].children
        local = dict(tw.local)
        others = 1 - tw.local[w["child"]]
        for c in kids:
            local[c] = w["weight"] if c == w["child"] else tw.local[c] * (1 - w["weight"]) / others
        glob = {index.id: 1.0}
        for node in index.walk():
            for c in node.children:
                glob[c] = glob[node.id] * local[c]
        g = np.array([glob[leaf] for leaf in ev.data.leaves])
        x = {ev.data.entities[r]: ev.scores.leaf_scores[r] for r in rows}
        pair = (x[w["first"]], x[w["second"]])
        if any(np.isnan(v).any() for v in pair):
            continue  # a missing score is held at its parent's: exact at the base weights only
        assert abs(pair[0] @ g - pair[1] @ g) < 1e-9


def test_zero_spread_gives_the_evaluated_ranks() -> None:
    project = load_project(RUN)
    ev = evaluate(project)
    s = sensitivity(project, ev, vary=["judgments"], draws=50, sigma=0.0)
    assert s.monte_carlo is not None
    rows = {ev.data.entities[r]: r for r in range(len(ev.data)) if ev.data.periods[r] == s.period}
    for e in s.monte_carlo["entities"]:
        assert e["q05"] == e["median"] == e["q95"] == e["base_rank"] == ev.rank[rows[e["id"]]]


def test_cli_sensitivity_json_is_reproducible(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["sensitivity", str(RUN), "--draws", "200", "--seed", "7", "--format", "json"]
    first = runner.invoke(app, [*args, "-o", str(tmp_path / "a.json")])
    second = runner.invoke(app, [*args, "-o", str(tmp_path / "b.json")])
    assert first.exit_code == second.exit_code == 0, first.output
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert a == json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert {"switch_points", "stability", "tornado", "monte_carlo"} <= set(a)
    # SMAA acceptability: every entity's shares over ranks, and every rank's over entities,
    # sum to 1 (all ranks are tracked for a handful of entities); "first" is its rank-1 share
    acc = np.array([e["acceptability"] for e in a["monte_carlo"]["entities"]])
    np.testing.assert_allclose(acc.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(acc.sum(axis=0), 1.0, atol=1e-12)
    assert [e["first"] for e in a["monte_carlo"]["entities"]] == acc[:, 0].tolist()
    # the run configuration says report.lang: zh; the terminal speaks it unless told otherwise
    text = runner.invoke(app, ["sensitivity", str(RUN), "--draws", "100", "--lang", "en"])
    assert text.exit_code == 0 and "rank intervals over 100 draws" in text.output
    zh = runner.invoke(app, ["sensitivity", str(RUN), "--draws", "100"])
    assert zh.exit_code == 0 and "100 次抽样" in zh.output
    bad = runner.invoke(app, ["sensitivity", str(RUN), "--vary", "colours"])
    assert bad.exit_code == 2


def test_a_node_left_empty_is_filled_as_the_evaluation_reweights_it(tmp_path: Path) -> None:
    """A stranger's walk: one blank cell left a dimension below its coverage minimum, so the
    evaluation drops the whole dimension; the sensitivity kernels filled only the blank leaf
    (its measured sibling still counted), took different base composites, and said "this
    index aggregates some node otherwise" -- the switch points were off (0.898 for 0.887).
    Every leaf under the empty node now takes the score of the first scored node above it."""
    import shutil

    shutil.copytree(RUN.parent, tmp_path / "nsq")
    shutil.copy(ROOT / "indicators" / "network-service-quality.yaml", tmp_path)
    run = tmp_path / "nsq" / "run.yaml"
    text = run.read_text(encoding="utf-8")
    run.write_text(text.replace("min_coverage: 0.65", "min_coverage: 0.7"), encoding="utf-8")
    project = load_project(run)
    ev = evaluate(project)
    empty = [n for n, v in ev.scores.nodes.items() if n != ev.index.id and np.isnan(v).any()]
    assert empty == ["vulnerability_fix_30d", "security"], (
        empty
    )  # 2/3 of its weight measured, the root keeps 72 %
    s = sensitivity(project, ev, vary=["judgments"], draws=20, sigma=0.0)
    assert not [n for n in s.notes if getattr(n, "code", "") == "sensitivity.other_aggregation"]
    assert s.monte_carlo is not None
    rows = {ev.data.entities[r]: r for r in range(len(ev.data)) if ev.data.periods[r] == s.period}
    for e in s.monte_carlo["entities"]:
        assert e["base_rank"] == ev.rank[rows[e["id"]]]
