"""Three experts as a user brings them: one intransitive (CR far over), one with a missing pair.

The root compares experience, clinical and research. chen is consistent; liu says
experience > clinical > research > experience (an intransitive cycle); wang leaves one pair
out and the node completes it by lambda-optimal completion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.run import load_project
from qualindex.weighting.review import diagnose_tree, repair_tree

runner = CliRunner()

INDEX = {
    "qualindex": 1,
    "id": "hospital",
    "version": "1",
    "name": {"zh": "医院", "en": "Hospital"},
    "weighting": {"method": "ahp", "incomplete": "lambda-optimal"},
    "children": [
        {"id": k, "name": {"en": k}, "unit": "%", "direction": "higher",
         "threshold": 60, "target": 100}
        for k in ("experience", "clinical", "research")
    ],
}  # fmt: skip

EXPERTS = {
    "chen": [["experience", "clinical", 3], ["experience", "research", 5],
             ["clinical", "research", 2]],
    "liu": [["experience", "clinical", 3], ["clinical", "research", 5],
            ["research", "experience", 7]],
    "wang": [["experience", "clinical", "1/3"], ["experience", "research", 2]],
}  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "idx.yaml").write_text(yaml.safe_dump(INDEX), encoding="utf-8")
    (tmp_path / "j").mkdir()
    for who, pairs in EXPERTS.items():
        doc = {"qualindex": 1, "expert": {"id": who}, "pairwise": {"hospital": pairs}}
        (tmp_path / "j" / f"{who}.yaml").write_text(
            f"# {who}'s judgments\n" + yaml.safe_dump(doc), encoding="utf-8"
        )
    run = {"qualindex": 1, "index": "idx.yaml", "judgments": ["j/*.yaml"]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(run), encoding="utf-8")
    return tmp_path / "run.yaml"


def test_consistency_lists_every_expert_and_the_group(project: Path) -> None:
    result = runner.invoke(app, ["consistency", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    checks = json.loads(result.stdout)["checks"]
    rows = {c["expert"]: c for c in checks if c["node"] == "hospital"}
    assert set(rows) == {"chen", "liu", "wang", "group"}
    assert rows["wang"]["status"] == "completed" and rows["wang"]["completion"] == "lambda-optimal"
    assert [(f["a"], f["b"]) for f in rows["wang"]["filled"]] == [("clinical", "research")]
    assert rows["group"]["status"] == "group" and rows["group"]["experts"] == 3
    liu = rows["liu"]
    assert not liu["passed"] and liu["ordinal"] and "cycle" in liu["outcome"]
    assert len(liu["consistency_vector"]) == 3 and len(liu["matrix"]) == 3


def test_no_repair_reverses_the_experts_direction(project: Path) -> None:
    p = load_project(project)
    for edit in repair_tree(p.index, p.all_judgments, p.options):
        assert (edit.old > 1) == (edit.new > 1) and (edit.old < 1) == (edit.new < 1), edit
    for check in diagnose_tree(p.index, p.all_judgments, p.options):
        for a in check.advice:
            assert (a.current > 1) == (a.suggested > 1), a


def test_strict_exits_1_on_a_cr_over_its_limit(project: Path) -> None:
    assert runner.invoke(app, ["weights", str(project)]).exit_code == 0
    result = runner.invoke(app, ["weights", str(project), "--strict"])
    assert result.exit_code == 1 and "--strict" in result.output
    assert runner.invoke(app, ["consistency", str(project), "--strict"]).exit_code == 1
    assert "expert 'liu' CR" in runner.invoke(app, ["weights", str(project)]).output


def test_repair_writes_the_complete_set_with_notes(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "reviewed"
    result = runner.invoke(
        app, ["consistency", str(project), "--repair", "-o", str(out), "--allow-reversal"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["chen.yaml", "liu.yaml", "wang.yaml"]
    liu = (out / "liu.yaml").read_text(encoding="utf-8")
    assert "# liu's judgments" in liu and "# qualindex: was " in liu
    before = (tmp_path / "j" / "chen.yaml").read_text(encoding="utf-8")
    assert (out / "chen.yaml").read_text(encoding="utf-8") == before  # unchanged: copied


def test_the_diagram_names_the_failing_expert(project: Path, tmp_path: Path) -> None:
    """liu's CR is far over the limit: the drawing says so at the root (never a green node),
    in SVG and in DOT text alike."""
    svg = tmp_path / "tree.svg"
    result = runner.invoke(app, ["diagram", str(project), "--weights", "both", "-o", str(svg)])
    assert result.exit_code == 0, result.output
    assert "experts over: liu" in svg.read_text(encoding="utf-8")
    dot = runner.invoke(app, ["diagram", str(project), "--weights", "both", "--format", "dot"])
    assert dot.exit_code == 0 and "experts over: liu" in dot.stdout


def test_weights_say_which_judgment_was_completed_and_to_what(project: Path) -> None:
    """A completed pair changes the weights: weights' terminal and JSON output both show it."""
    shown = runner.invoke(app, ["weights", str(project), "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert "expert 'wang' left 1 judgment(s) out, completed by lambda-optimal" in shown.output
    as_json = runner.invoke(app, ["weights", str(project), "--format", "json"])
    node = next(n for n in json.loads(as_json.stdout)["nodes"] if n["id"] == "hospital")
    filled = {x["id"]: x["filled"] for x in node["experts"]}
    assert filled["chen"] == [] and filled["liu"] == []
    (pair,) = filled["wang"]
    assert (pair["a"], pair["b"]) == ("clinical", "research")
    # wang: experience/clinical = 1/3, experience/research = 2 -> consistent clinical/research = 6
    assert pair["value"] == pytest.approx(6.0, rel=1e-6)
