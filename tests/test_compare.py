"""Version against version: a second version of a catalogue index, made here by moving,
renaming, re-weighting and deleting nodes, must diff to exactly those changes; with data, the
score, grade and rank changes must be those of two separate evaluations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.compare import (
    diff_indexes,
    diff_markdown,
    diff_projects,
    diff_to_dict,
    match_nodes,
    open_version,
)
from qualindex.errors import InputError
from qualindex.run import evaluate, load_project, weigh

ROOT = Path(__file__).parents[1]
NAME = "it-service-25011"
runner = CliRunner()


def _find(children: list[dict[str, Any]], node_id: str) -> tuple[list[dict[str, Any]], int]:
    """The sibling list holding ``node_id`` and its position there."""
    for i, child in enumerate(children):
        if child["id"] == node_id:
            return children, i
        if "children" in child:
            try:
                return _find(child["children"], node_id)
            except KeyError:
                pass
    raise KeyError(node_id)


def revise(doc: dict[str, Any]) -> dict[str, Any]:
    """The second version: every edit here is one expected line of the diff."""
    doc["version"] = "2026.2"
    siblings, i = _find(doc["children"], "mttr")  # move mttr: maintainability -> reliability
    mttr = siblings.pop(i)
    reliability, _ = _find(doc["children"], "availability")
    reliability.append(mttr)
    siblings, i = _find(doc["children"], "major_incidents")  # delete major_incidents
    siblings.pop(i)
    siblings, i = _find(doc["children"], "csat_ease")  # rename, same id
    siblings[i]["name"] = {"zh": "服务易获取性满意度", "en": "Ease of access"}
    siblings, i = _find(doc["children"], "first_contact_resolution")  # new id, same name
    siblings[i]["id"] = "fcr"
    siblings[i]["column"] = "first_contact_resolution"  # the data keeps its column name
    siblings, i = _find(doc["children"], "sla_compliance")
    siblings[i]["target"] = 99.5  # a field: 99 -> 99.5
    ids = [c["id"] for c in doc["children"]]
    weights = dict.fromkeys(ids, 0.1)
    weights["security"], weights["reliability"] = 0.2, 0.2  # re-weight the dimensions
    doc["weighting"] = {"method": "direct", "weights": weights}
    return doc


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two project folders, each with index + run config + data: v1 as shipped, v2 revised."""
    out = []
    for tag in ("v1", "v2"):
        folder = tmp_path_factory.mktemp(tag)
        shutil.copytree(ROOT / "indicators" / NAME, folder / NAME)
        text = (ROOT / "indicators" / f"{NAME}.yaml").read_text(encoding="utf-8")
        if tag == "v2":
            text = yaml.safe_dump(revise(yaml.safe_load(text)), allow_unicode=True)
        (folder / f"{NAME}.yaml").write_text(text, encoding="utf-8")
        out.append(folder / NAME / "run.yaml")
    return out[0], out[1]


def test_diff_reports_exactly_the_edits(versions: tuple[Path, Path]) -> None:
    old, new = (load_project(p) for p in versions)
    diff = diff_projects(old, new)
    assert (diff.old.version, diff.new.version) == ("2026.1", "2026.2")
    assert diff.added == ()
    assert [(e.id, e.parent) for e in diff.removed] == [("major_incidents", "reliability")]
    assert [(m.id, m.old_parent, m.new_parent) for m in diff.moved] == [
        ("mttr", "maintainability", "reliability")
    ]
    renamed = {(r.old_id, r.new_id, r.matched_by) for r in diff.renamed}
    assert renamed == {
        ("csat_ease", "csat_ease", "id"),
        ("first_contact_resolution", "fcr", "name"),
    }
    fields = {(f.id, f.field): (f.old, f.new) for f in diff.fields}
    assert set(fields) == {("sla_compliance", "target"), (NAME, "weighting")}
    assert fields["sla_compliance", "target"] == (99.0, 99.5)
    assert fields[NAME, "weighting"][0] == {"method": "equal"}
    assert fields[NAME, "weighting"][1]["method"] == "direct"


def test_weight_changes_are_those_of_two_weighings(versions: tuple[Path, Path]) -> None:
    old, new = (load_project(p) for p in versions)
    diff = diff_projects(old, new)
    a, b = weigh(old), weigh(new)
    mapping = match_nodes(old.index, new.index)
    back = {n: o for o, n in mapping.items()}
    expected = {}
    for node_id in new.index.nodes:
        o = back.get(node_id)
        pair_old = (a.local[o], a.global_weights[o]) if o else (None, None)
        pair_new = (b.local[node_id], b.global_weights[node_id])
        if node_id != NAME and pair_old != pair_new:
            expected[node_id] = (*pair_old, *pair_new)
    gone = "major_incidents"
    expected[gone] = (a.local[gone], a.global_weights[gone], None, None)
    got = {w.id: (w.old_local, w.old_global, w.new_local, w.new_global) for w in diff.weights}
    assert got == expected
    # by hand: reliability had 1/8 of the root, now 0.2; mttr is one of its two children
    assert got["reliability"][0::2] == pytest.approx((1 / 8, 0.2))
    assert got["mttr"] == pytest.approx((0.5, 1 / 16, 0.5, 0.1))
    assert got["reopen_rate"][2:] == pytest.approx((1.0, 0.1))  # alone under maintainability
    assert diff.consistency == ()  # no AHP node in this index


def test_result_changes_match_two_evaluations(versions: tuple[Path, Path]) -> None:
    old, new = (load_project(p) for p in versions)
    diff = diff_projects(old, new)
    ea, eb = evaluate(old), evaluate(new)
    assert diff.entities is not None and len(diff.entities) > 0
    keys = list(zip(ea.data.entities, ea.data.periods, strict=True))
    assert keys == list(zip(eb.data.entities, eb.data.periods, strict=True))
    changed = 0
    by_key = {(e.entity, e.period): e for e in diff.entities}
    for r, key in enumerate(keys):
        sa, sb = float(ea.composite[r]), float(eb.composite[r])
        ga, gb = ea.grades[r], eb.grades[r]
        ra, rb = int(ea.rank[r]), int(eb.rank[r])
        if abs(sa - sb) > 1e-9 or ga != gb or ra != rb:
            changed += 1
            e = by_key[key]
            assert (e.old_score, e.new_score) == (pytest.approx(sa), pytest.approx(sb))
            assert (e.old_grade, e.new_grade) == (
                ga.label if ga else None,
                gb.label if gb else None,
            )
            assert (e.old_rank, e.new_rank) == (ra, rb)
        else:
            assert key not in by_key
    assert changed == len(diff.entities)


def test_no_change_is_an_empty_diff(versions: tuple[Path, Path]) -> None:
    project = load_project(versions[0])
    diff = diff_projects(project, project)
    assert diff.empty and diff.entities == ()
    assert "No changes." in diff_markdown(diff, lang="en")


def test_markdown_lists_only_what_changed(versions: tuple[Path, Path]) -> None:
    diff = diff_projects(*(load_project(p) for p in versions))
    md = diff_markdown(diff, lang="en")
    assert "| removed | `major_incidents` " in md and "| was under `reliability` |" in md
    assert "| moved | `mttr`" in md and "`maintainability`" in md
    assert "| id changed | `first_contact_resolution` → `fcr` | First-contact resolution |" in md
    assert "| `sla_compliance`" in md and "| target | 99 | 99.5 |" in md
    assert "### Weights" in md and "0.1250" in md and "0.2000" in md
    assert "### Results" in md
    # every weight in the table has 4 decimals
    weights = md.split("### Weights")[1].split("###")[0]
    numbers = [c.strip() for line in weights.splitlines()[4:] for c in line.split("|")[2:-1]]
    assert numbers and all(c == "—" or len(c.split(".")[1]) == 4 for c in numbers)


def test_json_follows_the_documented_shape(versions: tuple[Path, Path]) -> None:
    doc = diff_to_dict(diff_projects(*(load_project(p) for p in versions)))
    text = json.dumps(doc, ensure_ascii=False)
    assert set(doc) == {
        "old",
        "new",
        "added",
        "removed",
        "moved",
        "renamed",
        "fields",
        "weights",
        "consistency",
        "entities",
    }
    assert doc["moved"] == [
        {"id": "mttr", "old_parent": "maintainability", "new_parent": "reliability"}
    ]
    assert {
        "entity",
        "period",
        "old_score",
        "new_score",
        "old_grade",
        "new_grade",
        "old_rank",
        "new_rank",
    } == set(doc["entities"][0])
    assert json.loads(text) == doc


def test_index_files_without_data_compare_structure_and_weights(tmp_path: Path) -> None:
    src = ROOT / "indicators" / f"{NAME}.yaml"
    doc = revise(yaml.safe_load(src.read_text(encoding="utf-8")))
    new = tmp_path / "v2.yaml"
    new.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    diff = diff_projects(load_project(src), load_project(new))
    assert diff.entities is None and len(diff.removed) == 1 and diff.weights
    pure = diff_indexes(load_project(src).index, load_project(new).index)
    assert pure.weights == () and pure.moved == diff.moved  # without weights: structure only
    assert "Scores not compared" in diff_markdown(diff, lang="en")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_old_version_from_git_keeps_relative_paths(
    versions: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """v1 committed, v2 in the work tree: ``HEAD:path`` reads v1's config, index and data."""
    repo = tmp_path / "repo"
    shutil.copytree(versions[0].parents[1], repo)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1")
    shutil.copy(versions[1].parents[1] / f"{NAME}.yaml", repo / f"{NAME}.yaml")
    monkeypatch.chdir(repo / NAME)
    with open_version("HEAD:run.yaml") as old:
        assert old.index.version == "2026.1" and old.has_data
        folder = old.index.file
    assert not Path(folder).exists()  # the materialised revision is cleaned up
    result = runner.invoke(app, ["diff", "HEAD:run.yaml", "run.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["old"]["label"] == "HEAD:run.yaml" and doc["new"]["version"] == "2026.2"
    assert [r["id"] for r in doc["removed"]] == ["major_incidents"] and doc["entities"]
    md = runner.invoke(app, ["diff", "HEAD:run.yaml", "run.yaml", "--format", "md", "-o", "d.md"])
    assert md.exit_code == 0 and (repo / NAME / "d.md").read_text(encoding="utf-8").startswith(
        "## "
    )
    table = runner.invoke(app, ["diff", "HEAD:run.yaml", "run.yaml"])
    assert table.exit_code == 0 and "mttr" in table.output
    bad = runner.invoke(app, ["diff", "HEAD:nope.yaml", "run.yaml"])
    assert bad.exit_code == 1 and "no file" in bad.output


def test_unknown_revision_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    with (
        pytest.raises(InputError, match=r"git ls-tree .*nosuchrev"),
        open_version("nosuchrev:x.yaml"),
    ):
        pass


def test_cr_changes_are_those_of_two_weighings(tmp_path: Path) -> None:
    """One expert revises one judgment of the network-service-quality root: the diff reports
    the root's CR from two separate weighings, and no other node's."""
    nsq = "network-service-quality"
    for tag in ("v1", "v2"):
        shutil.copytree(ROOT / "indicators" / nsq, tmp_path / tag / nsq)
        shutil.copy(ROOT / "indicators" / f"{nsq}.yaml", tmp_path / tag)
    li = tmp_path / "v2" / nsq / "judgments" / "li.yaml"
    text = li.read_text(encoding="utf-8")
    assert '[attitude, reliability, "1/5"]' in text
    li.write_text(text.replace('[attitude, reliability, "1/5"]', "[attitude, reliability, 3]"))
    old, new = (load_project(tmp_path / t / nsq / "run.yaml") for t in ("v1", "v2"))
    diff = diff_projects(old, new)
    a, b = weigh(old), weigh(new)
    assert [c.id for c in diff.consistency] == [nsq]
    change = diff.consistency[0]
    assert (change.old_cr, change.new_cr) == (a.nodes[nsq].cr, b.nodes[nsq].cr)
    assert change.new_cr is not None and change.old_cr is not None
    assert change.new_cr > change.old_cr  # 3 where 1/5 was: less consistent
    assert (diff.added, diff.removed, diff.moved, diff.renamed, diff.fields) == ((),) * 5
    assert "### Consistency (CR)" in diff_markdown(diff, lang="en")


def test_scoring_settings_and_grades_are_field_changes(tmp_path: Path) -> None:
    src = ROOT / "indicators" / f"{NAME}.yaml"
    doc = yaml.safe_load(src.read_text(encoding="utf-8"))
    siblings, i = _find(doc["children"], "mttr")
    siblings[i]["scoring"] = {"method": "linear", "threshold_score": 50}
    doc["grades"] = [
        {"min": 80, "label": {"zh": "好", "en": "Good"}},
        {"min": 0, "label": {"zh": "差", "en": "Poor"}},
    ]
    new = tmp_path / "v2.yaml"
    new.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    diff = diff_indexes(load_project(src).index, load_project(new).index)
    fields = {(f.id, f.field): (f.old, f.new) for f in diff.fields}
    assert set(fields) == {("mttr", "scoring"), (NAME, "grades")}
    old_scoring, new_scoring = fields["mttr", "scoring"]
    assert old_scoring["threshold_score"] == 60 and new_scoring["threshold_score"] == 50
    assert fields[NAME, "grades"][1] == [[80.0, "好", "Good"], [0.0, "差", "Poor"]]
    md = diff_markdown(diff, lang="en")
    assert "linear (threshold_score=50, target_score=100, clip=yes)" in md
