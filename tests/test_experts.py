"""``qualindex experts``: Kendall's W, consensus S*, Delphi statistics and authority (issue 12).

The numbers are recomputed here from the judgment files read as plain YAML (not through the
run layer), then compared with what :func:`qualindex.experts.expert_statistics` reports.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.experts import expert_statistics, experts_table, experts_to_dict
from qualindex.hierarchy.load import load_presets
from qualindex.run import load_project
from qualindex.weighting.ahp import ahp
from qualindex.weighting.expert import delphi_stats, kendall_w
from qualindex.weighting.group import ahp_consensus

ROOT = Path(__file__).resolve().parents[1]
NSQ = ROOT / "indicators" / "network-service-quality"


def _matrix(pairs: list[list[object]], kids: list[str]) -> np.ndarray:
    n = len(kids)
    a = np.eye(n)
    for x, y, v in pairs:
        i, j = kids.index(str(x)), kids.index(str(y))
        text = str(v).strip()
        labels = load_presets().saaty_labels
        a[i, j] = float(labels[text.lower()]) if text.lower() in labels else float(Fraction(text))
        a[j, i] = 1 / a[i, j]
    return a


def test_network_service_quality_equals_the_kernels() -> None:
    project = load_project(NSQ / "run.yaml")
    stats = expert_statistics(project)
    files = sorted((NSQ / "judgments").glob("*.yaml"))
    docs = [yaml.safe_load(f.read_text("utf-8")) for f in files]
    by_node = {n.node: n for n in stats.nodes}
    ahp_nodes = [n for n in project.index.aggregates() if n.weighting.name == "ahp"]
    assert set(by_node) == {n.id for n in ahp_nodes}
    for node in ahp_nodes:
        kids = list(node.children)
        judged = [d for d in docs if node.id in d.get("pairwise", {})]
        p = np.array([ahp(_matrix(d["pairwise"][node.id], kids)).weights for d in judged])
        got = by_node[node.id]
        assert list(got.experts) == [d["expert"]["id"] for d in judged]
        want = kendall_w(p)
        assert got.kendall is not None
        assert (got.kendall.w, got.kendall.chi2, got.kendall.p_value) == pytest.approx(
            (want.w, want.chi2, want.p_value), rel=1e-12
        )
        assert got.kendall.df == len(kids) - 1 and got.kendall.tie_corrected
        assert got.consensus == pytest.approx(ahp_consensus(p), rel=1e-12)
    authority = {a.expert: a for a in stats.authority}
    for d in docs:
        e = d["expert"]
        cr = (e["authority"]["basis"] + e["authority"]["familiarity"]) / 2
        assert authority[e["id"]].authority == pytest.approx(cr, rel=1e-15)
        assert authority[e["id"]].accepted == (cr >= 0.7)


def test_kendall_w_worked_by_hand_for_the_root() -> None:
    """Root of network-service-quality: li, wang, zhang rank the five dimensions
    identically but for two swaps; W = 12 S / (m^2 (n^3 - n)) with S from the rank sums."""
    stats = expert_statistics(load_project(NSQ / "run.yaml"))
    root = next(n for n in stats.nodes if n.node == "network-service-quality")
    assert root.priorities is not None
    ranks = np.argsort(np.argsort(root.priorities, axis=1), axis=1) + 1.0  # no ties here
    r = ranks.sum(axis=0)
    m, n = ranks.shape
    s = float(((r - m * (n + 1) / 2) ** 2).sum())
    assert root.kendall is not None
    assert root.kendall.w == pytest.approx(12 * s / (m**2 * (n**3 - n)), rel=1e-12)
    assert root.kendall.chi2 == pytest.approx(m * (n - 1) * root.kendall.w, rel=1e-12)


def _delphi_project(tmp: Path, tie_correction: bool = True) -> Path:
    kids = ["a", "b", "c", "d"]
    leaves = "\n".join(
        f"  - {{id: {c}, name: {{en: {c}}}, column: {c}, scale: likert5}}" for c in kids
    )
    (tmp / "idx.yaml").write_text(
        'qualindex: 1\nid: idx\nversion: "1"\nname: {en: Idx}\nweighting: {method: expert-scores}\n'
        f"children:\n{leaves}\n",
        encoding="utf-8",
    )
    scores = {"e1": [5, 4, 4, 2], "e2": [5, 3, 4, 1], "e3": [4, 4, 3, 2]}
    for e, s in scores.items():
        body = ", ".join(f"{c}: {v}" for c, v in zip(kids, s, strict=True))
        (tmp / f"{e}.yaml").write_text(
            f"qualindex: 1\nexpert: {{id: {e}}}\nscores:\n  idx: {{{body}}}\n", encoding="utf-8"
        )
    tc = "true" if tie_correction else "false"
    (tmp / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments: ['e*.yaml']\n"
        f"weighting: {{tie_correction: {tc}}}\n",
        encoding="utf-8",
    )
    return tmp / "run.yaml"


SCORES = np.array([[5, 4, 4, 2], [5, 3, 4, 1], [4, 4, 3, 2]], dtype=float)


def test_delphi_statistics_of_expert_scores(tmp_path: Path) -> None:
    """Means (14/3, 11/3, 11/3, 5/3), sample SDs, CV = SD/mean, full score 5 given twice to a."""
    stats = expert_statistics(load_project(_delphi_project(tmp_path)))
    (node,) = stats.nodes
    d = node.delphi
    assert d is not None and node.method == "expert-scores"
    np.testing.assert_allclose(d.mean, SCORES.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(d.sd, SCORES.std(axis=0, ddof=1), rtol=1e-15)
    np.testing.assert_allclose(d.cv, d.sd / d.mean, rtol=1e-15)
    np.testing.assert_allclose(d.full_score_frequency, [2 / 3, 0, 0, 0])
    want = delphi_stats(SCORES).kendall
    assert node.kendall is not None and want is not None and node.kendall.w == want.w
    doc = experts_to_dict(stats)
    ind = doc["nodes"][0]["delphi"]["indicators"]
    assert [i["id"] for i in ind] == ["a", "b", "c", "d"] and doc["nodes"][0]["kendall"][
        "tie_corrected"
    ]
    assert "Delphi statistics at idx" in experts_table(stats)


def test_tie_correction_switch_in_the_run_config(tmp_path: Path) -> None:
    """The scores have ties (e1 gives b and c both 4): without the correction W is smaller."""
    on = expert_statistics(load_project(_delphi_project(tmp_path, True))).nodes[0].kendall
    off = expert_statistics(load_project(_delphi_project(tmp_path, False))).nodes[0].kendall
    assert on is not None and off is not None
    assert off.w == pytest.approx(kendall_w(SCORES, tie_correction=False).w, rel=1e-15)
    assert off.w < on.w and not off.tie_corrected


def test_cli_experts_json_and_table(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["experts", str(NSQ / "run.yaml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert {a["expert"] for a in doc["authority"]} == {"li", "wang", "zhang"}
    assert doc["nodes"][0]["kendall"]["df"] == 4
    out = tmp_path / "experts.json"
    res = runner.invoke(app, ["experts", str(NSQ / "run.yaml"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text("utf-8")) == doc
    res = runner.invoke(app, ["experts", str(NSQ / "run.yaml")])
    assert (res.exit_code == 0 and "Kendall" in res.stdout) or "W" in res.stdout


def test_cli_experts_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    shutil.copytree(NSQ.parent / "network-service-quality", tmp_path / "nsq")
    bad = tmp_path / "nsq" / "judgments" / "li.yaml"
    bad.write_text(
        bad.read_text("utf-8").replace("[attitude, efficiency,", "[attitude, nobody,"), "utf-8"
    )
    (tmp_path / "network-service-quality.yaml").write_bytes(
        (NSQ.parent / "network-service-quality.yaml").read_bytes()
    )
    res = runner.invoke(app, ["experts", str(tmp_path / "nsq" / "run.yaml")])
    assert res.exit_code == 1 and "nobody" in res.output
    res = runner.invoke(app, ["experts", str(NSQ / "run.yaml"), "--format", "xml"])
    assert res.exit_code == 2
    res = runner.invoke(
        app, ["experts", str(NSQ / "run.yaml"), "-o", str(NSQ / "run.yaml")]
    )  # never writes over an input
    assert res.exit_code == 1


def test_plain_table_aligns_chinese_expert_ids(tmp_path: Path) -> None:
    """The authority table pads by terminal columns: 刘教授 takes six, not three, so the
    Ca column starts at the same column on every row."""
    from qualindex.core import text_cells

    shutil.copytree(NSQ, tmp_path / "nsq")
    shutil.copy(NSQ.parent / "network-service-quality.yaml", tmp_path)
    judgments = tmp_path / "nsq" / "judgments"
    text = (judgments / "li.yaml").read_text("utf-8")
    (judgments / "li.yaml").unlink()
    (judgments / "刘教授.yaml").write_text(text.replace("id: li", "id: 刘教授", 1), "utf-8")
    stats = expert_statistics(load_project(tmp_path / "nsq" / "run.yaml"))
    assert "刘教授" in {a.expert for a in stats.authority}
    lines = experts_table(stats).splitlines()
    first = lines.index(next(x for x in lines if x.startswith("expert ")))
    rows = [x for x in lines[first + 2 :] if x.strip()][: len(stats.authority)]
    ca_at = {text_cells(r[: r.index("0.") if "0." in r else len(r)]) for r in rows}
    assert len(ca_at) == 1, rows
