"""Tree-wide consistency review: located advice, minimal repair, repaired copies of files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import InputError
from qualindex.hierarchy import load_index
from qualindex.hierarchy.writeback import format_saaty
from qualindex.weighting.review import diagnose_tree, repair_tree, write_repaired
from qualindex.weighting.tree import weigh_tree

from .test_tree import _leader_index


def test_diagnosis_names_located_judgments_for_failing_nodes(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    checks = {c.node: c for c in diagnose_tree(index, index.judgments)}
    assert set(checks) == {"leader", "experience", "education", "charisma", "age"}
    assert checks["leader"].passed and not checks["education"].passed  # 0.056 > 0.05 (n = 3)
    advice = checks["education"].advice
    assert advice and all(a.loc is not None and a.loc.file == index.file for a in advice)
    assert all(a.suggested != a.current for a in advice)


def test_repair_reaches_limits_and_written_copy_reloads_consistent(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    edits = repair_tree(index, index.judgments)
    assert {e.node for e in edits} == {"education", "charisma"}
    assert all(e.cr_after < e.cr_before for e in edits)
    (written,) = write_repaired(edits, index.judgments, tmp_path / "out")
    repaired = load_index(written)
    assert all(c.passed for c in diagnose_tree(repaired, repaired.judgments))
    before = Path(index.file).read_text().splitlines()
    after = written.read_text().splitlines()
    changed = [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y]
    assert len(changed) == len(edits)  # only the edited values differ, layout kept


def test_repair_never_writes_over_its_input(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    edits = repair_tree(index, index.judgments)
    with pytest.raises(InputError, match="over an input"):
        write_repaired(edits, index.judgments, tmp_path)


def test_repair_does_not_change_consistent_trees(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    edits = repair_tree(index, index.judgments)
    fixed = load_index(write_repaired(edits, index.judgments, tmp_path / "o")[0])
    assert repair_tree(fixed, fixed.judgments) == ()
    assert weigh_tree(fixed).warnings == ()


@pytest.mark.parametrize(
    ("value", "text"), [(3.0, "3"), (1 / 3, '"1/3"'), (1.0, "1"), (2.5, "2.5")]
)
def test_format_saaty(value: float, text: str) -> None:
    assert format_saaty(value) == text


def test_cli_consistency_and_repair(tmp_path: Path) -> None:
    path = _leader_index(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["consistency", str(path)])
    assert result.exit_code == 0 and "CR would be" in result.output
    result = runner.invoke(app, ["consistency", str(path), "--repair"])
    assert result.exit_code == 2  # --repair needs -o
    result = runner.invoke(app, ["consistency", str(path), "--repair", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0 and (tmp_path / "r" / "leader.yaml").is_file()
    result = runner.invoke(app, ["weights", str(path), "--format", "json"])
    assert result.exit_code == 0 and '"ri_table": "saaty-1980"' in result.output
