"""Issue 17 weighting methods through the tree: independence and DEMATEL selectable,
objective weights from scores (the default, said so) or from raw values with directions.

Every case runs on a copy of the ``ict-network-qos`` catalogue entry (real files), and
checks the tree's numbers against the kernels applied to the CSV read here independently.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import QualindexError
from qualindex.run import load_project, weigh
from qualindex.weighting import objective
from qualindex.weighting.dematel import dematel
from qualindex.weighting.independence import independence_weights

ROOT = Path(__file__).parents[2]
PERF = ["latency_national", "jitter", "packet_loss"]  # all "lower is better"
FAULT = ["mttr", "repaired_24h", "repaired_48h"]


def project_copy(tmp_path: Path, perf: str, fault: str = "{method: equal}") -> Path:
    """The catalogue entry with network_performance and fault_handling weighted as given."""
    shutil.copytree(ROOT / "indicators/ict-network-qos", tmp_path / "ict-network-qos")
    text = (ROOT / "indicators/ict-network-qos.yaml").read_text("utf-8")
    text = text.replace("weighting: {method: entropy}", f"weighting: {perf}", 1)
    head, sep, tail = text.partition("  - id: fault_handling")
    tail = tail.replace("weighting: {method: equal}", f"weighting: {fault}", 1)
    (tmp_path / "ict-network-qos.yaml").write_text(head + sep + tail, "utf-8")
    return tmp_path / "ict-network-qos/run.yaml"


def kpi_columns(columns: list[str]) -> np.ndarray:
    with (ROOT / "indicators/ict-network-qos/data/kpi.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r[c]) for c in columns] for r in rows])


def node_json(run: Path, node: str) -> dict:
    result = CliRunner().invoke(app, ["weights", str(run), "--format", "json"])
    assert result.exit_code == 0, result.output
    return next(n for n in json.loads(result.stdout)["nodes"] if n["id"] == node)


def test_objective_weights_from_scores_by_default_and_every_output_says_so(
    tmp_path: Path,
) -> None:
    run = project_copy(tmp_path, "{method: entropy}")
    node = node_json(run, "network_performance")
    assert node["input"] == {"data": "scores", "default": True}
    assert node["provenance"]["data"] == "children's 0-100 scores"
    # the run config says report.lang: zh; English asked for, then the Chinese words too
    table = CliRunner().invoke(app, ["weights", str(run), "--lang", "en"], env={"COLUMNS": "200"})
    assert "entropy from scores (default)" in table.stdout
    zh = CliRunner().invoke(app, ["weights", str(run)], env={"COLUMNS": "200"})
    assert "熵权法 由得分计算（默认）" in zh.stdout
    chosen = node_json(
        project_copy(tmp_path / "b", "{method: entropy, input: scores}"), "network_performance"
    )
    assert chosen["input"] == {"data": "scores", "default": False}
    assert chosen["local"] == pytest.approx(node["local"], abs=0)


@pytest.mark.parametrize("method", ["entropy", "critic", "cv", "std", "independence"])
def test_objective_weights_from_raw_values_follow_the_literature(
    method: str, tmp_path: Path
) -> None:
    """input: raw reads the measured values: entropy and CRITIC min-max them with the
    directions (all three are "lower"), CV takes them as they are, SD min-maxes them,
    independence is unchanged by either."""
    run = project_copy(tmp_path, f"{{method: {method}, input: raw}}")
    tw = weigh(load_project(run))
    x = kpi_columns(PERF)
    lower = [-1, -1, -1]
    want = {
        "entropy": lambda: objective.entropy_weights(x, directions=lower, normalisation="minmax"),
        "critic": lambda: objective.critic_weights(x, directions=lower),
        "cv": lambda: objective.cv_weights(x),
        "std": lambda: objective.std_weights(x, normalisation="minmax"),
        "independence": lambda: independence_weights(x),
    }[method]().weights
    np.testing.assert_allclose(tw.nodes["network_performance"].weights, want, rtol=1e-12)
    prov = tw.nodes["network_performance"].provenance
    assert prov["input"] == "raw" and prov["input_default"] is False
    assert prov["entities"] == x.shape[0]


def test_raw_entropy_differs_from_scores_entropy(tmp_path: Path) -> None:
    """The choice changes the numbers (so it must be visible): the catalogue's latency
    weight is 0.83 from the scores and 0.39 from the raw values."""
    scores = weigh(load_project(project_copy(tmp_path / "s", "{method: entropy}")))
    raw = weigh(load_project(project_copy(tmp_path / "r", "{method: entropy, input: raw}")))
    a = scores.nodes["network_performance"].weights
    b = raw.nodes["network_performance"].weights
    assert abs(a[0] - b[0]) > 0.3


def test_raw_input_needs_indicator_children(tmp_path: Path) -> None:
    run = project_copy(tmp_path, "{method: entropy}")
    index = tmp_path / "ict-network-qos.yaml"
    text = index.read_text("utf-8").replace(
        "weighting: {method: ahp}", "weighting: {method: critic, input: raw}", 1
    )
    index.write_text(text, "utf-8")
    # the root's pairwise judgments would now be refused as ignored: the run reads none
    run.write_text(run.read_text("utf-8").replace('judgments: ["judgments/*.yaml"]', ""), "utf-8")
    with pytest.raises(QualindexError) as info:
        weigh(load_project(run))
    p = info.value.problems[0]
    assert "child 'availability' is an aggregate" in p.message
    assert p.file.endswith("ict-network-qos.yaml") and p.line is not None
    assert "input: scores" in (p.fix or "")
    result = CliRunner().invoke(app, ["weights", str(run)])
    assert result.exit_code == 1 and "Traceback" not in result.output


# --- DEMATEL ---------------------------------------------------------------------------------
EXPERT_A = {
    "mttr": {"repaired_24h": 4, "repaired_48h": 3},
    "repaired_24h": {"mttr": 2, "repaired_48h": 4},
    "repaired_48h": {"mttr": 0, "repaired_24h": 1},
}
EXPERT_B = {
    "mttr": {"repaired_24h": 2, "repaired_48h": 3},
    "repaired_24h": {"mttr": 1, "repaired_48h": 2},
    "repaired_48h": {"mttr": 2, "repaired_24h": 1},
}


def write_dematel(folder: Path, expert: str, rows: dict, weight: float = 1.0) -> None:
    lines = [
        "qualindex: 1",
        f"expert: {{id: {expert}, weight: {weight}}}",
        "dematel:",
        "  fault_handling:",
    ]
    for a, row in rows.items():
        cells = ", ".join(f"{b}: {v}" for b, v in row.items())
        lines.append(f"    {a}: {{{cells}}}")
    (folder / f"{expert}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def matrix(rows: dict) -> np.ndarray:
    return np.array([[0 if a == b else rows[a][b] for b in FAULT] for a in FAULT], float)


def test_dematel_node_weights_are_the_kernels_on_the_experts_weighted_mean(
    tmp_path: Path,
) -> None:
    run = project_copy(tmp_path, "{method: entropy}", "{method: dematel}")
    folder = run.parent / "judgments"
    write_dematel(folder, "da", EXPERT_A, weight=3.0)
    write_dematel(folder, "db", EXPERT_B, weight=1.0)
    tw = weigh(load_project(run))
    direct = (3 * matrix(EXPERT_A) + matrix(EXPERT_B)) / 4
    want = dematel(direct)
    res = tw.nodes["fault_handling"]
    assert res.method == "dematel"
    np.testing.assert_allclose(res.weights, want.weights, rtol=1e-12)
    assert res.provenance["experts"] == ["da", "db"]

    node = node_json(run, "fault_handling")
    factors = {f["id"]: f for f in node["dematel"]["factors"]}
    for i, child in enumerate(FAULT):
        assert factors[child]["prominence"] == pytest.approx(want.prominence[i], rel=1e-12)
        assert factors[child]["relation"] == pytest.approx(want.relation[i], rel=1e-12)
        assert factors[child]["role"] == ("cause" if want.relation[i] > 0 else "effect")
    arrows = {(a["from"], a["to"]) for a in node["dematel"]["arrows"]}
    assert arrows == {
        (FAULT[i], FAULT[k])
        for i in range(3)
        for k in range(3)
        if want.total[i, k] > want.threshold
    }
    # the JSON's own matrices satisfy T = N (I - N)^-1 with N = A / s
    prov = node["provenance"]
    n = np.array(prov["direct"]) / prov["scale"]
    np.testing.assert_allclose(
        np.array(prov["total"]), n @ np.linalg.inv(np.eye(3) - n), atol=1e-12
    )
    table = CliRunner().invoke(app, ["weights", str(run)], env={"COLUMNS": "200"})
    assert "D+R" in table.stdout and "cause" in table.stdout


def test_dematel_settings_row_normalisation_and_threshold(tmp_path: Path) -> None:
    run = project_copy(
        tmp_path, "{method: entropy}", "{method: dematel, normalisation: row, threshold: 0.5}"
    )
    write_dematel(run.parent / "judgments", "da", EXPERT_A)
    res = weigh(load_project(run)).nodes["fault_handling"]
    want = dematel(matrix(EXPERT_A), normalisation="row", threshold=0.5)
    np.testing.assert_allclose(res.weights, want.weights, rtol=1e-12)
    assert res.provenance["threshold"] == 0.5 and res.provenance["normalisation"] == "row"


def test_dematel_missing_pair_and_self_rating_are_located(tmp_path: Path) -> None:
    run = project_copy(tmp_path, "{method: entropy}", "{method: dematel}")
    rows = {k: dict(v) for k, v in EXPERT_A.items()}
    del rows["repaired_48h"]["mttr"]
    rows["mttr"]["mttr"] = 2
    write_dematel(run.parent / "judgments", "da", rows)
    with pytest.raises(QualindexError) as info:
        load_project(run)
    messages = [(p.file, p.line, p.message) for p in info.value.problems]
    assert any(
        f.endswith("da.yaml") and "repaired_48h -> mttr" in m and line == 7
        for f, line, m in messages
    ), messages
    assert any("rates its influence on itself" in m and line == 5 for _, line, m in messages)


def test_dematel_without_ratings_says_how_to_give_them(tmp_path: Path) -> None:
    run = project_copy(tmp_path, "{method: entropy}", "{method: dematel}")
    with pytest.raises(QualindexError, match="no expert rated its children's direct") as info:
        weigh(load_project(run))
    assert "dematel:" in (info.value.problems[0].fix or "")


def test_combination_of_dematel_and_raw_independence(tmp_path: Path) -> None:
    run = project_copy(
        tmp_path,
        "{method: entropy}",
        "{method: combination, subjective: dematel, objective: independence, input: raw,"
        " alpha: 0.4}",
    )
    write_dematel(run.parent / "judgments", "da", EXPERT_A)
    res = weigh(load_project(run)).nodes["fault_handling"]
    sub = dematel(matrix(EXPERT_A)).weights
    obj = independence_weights(kpi_columns(FAULT)).weights
    np.testing.assert_allclose(res.weights, 0.4 * sub + 0.6 * obj, rtol=1e-12)
    node = node_json(run, "fault_handling")
    assert node["input"] == {"data": "raw", "default": False}
    assert [f["id"] for f in node["dematel"]["factors"]] == FAULT


@pytest.mark.parametrize("suffix", ["html", "md", "xlsx"])
def test_report_weights_section_shows_dematel_and_the_input(suffix: str, tmp_path: Path) -> None:
    run = project_copy(tmp_path, "{method: critic, input: raw}", "{method: dematel}")
    write_dematel(run.parent / "judgments", "da", EXPERT_A)
    target = tmp_path / f"report.{suffix}"
    result = CliRunner().invoke(app, ["report", str(run), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    if suffix == "xlsx":
        from openpyxl import load_workbook

        cells = [
            str(c.value)
            for ws in load_workbook(target, read_only=True).worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        text = "\n".join(cells)
    else:
        text = target.read_text("utf-8")
    assert "DEMATEL factors" in text and "prominence D+R" in text and "cause" in text
    assert "CRITIC, from raw values" in text
    factors = dematel(matrix(EXPERT_A))
    assert f"{factors.prominence[0]:.3f}" in text  # D + R of mttr as printed


def test_report_says_scores_are_the_default_in_chinese(tmp_path: Path) -> None:
    run = project_copy(tmp_path, "{method: entropy}")
    target = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", str(run), "-o", str(target), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "熵权法，由得分计算（默认）" in target.read_text("utf-8")
