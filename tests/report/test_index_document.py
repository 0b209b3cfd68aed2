"""The index document: ``report`` on an index system (or a run without data) writes the
structure, scoring rules, weights and consistency as HTML, Word, Markdown and Excel."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.report.indexdoc import index_document, notes, structure_table
from qualindex.report.messages import t
from qualindex.report.messages_doc import DOCUMENT_TEXT
from qualindex.report.tables import Column, Label, Table, cell_spans
from qualindex.run import load_project
from qualindex.texts.report import TEXTS as _TEXT

from .conftest import NOW, ROOT

CATALOGUE = sorted((ROOT / "indicators").glob("*.yaml"))
ICT = ROOT / "indicators" / "ict-network-qos"
runner = CliRunner()


@pytest.mark.parametrize("index", CATALOGUE, ids=[p.stem for p in CATALOGUE])
def test_report_writes_the_index_document_for_every_catalogue_index(
    index: Path, tmp_path: Path
) -> None:
    """No data: html, docx, md and xlsx, each holding the structure table of this index."""
    from docx import Document
    from openpyxl import load_workbook

    project = load_project(index)
    name = project.index.name.get("zh")
    for suffix in ("html", "docx", "md", "xlsx"):
        out = tmp_path / f"index.{suffix}"
        result = runner.invoke(app, ["report", str(index), "-o", str(out), "--lang", "zh"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert t("table.structure", "zh") in html and name in html and "<svg" in html
    md = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {name}")
    leaves = project.index.leaves()
    assert all(leaf.name.get("zh") in md for leaf in leaves)
    book = load_workbook(tmp_path / "index.xlsx")
    assert t("section.doc_structure", "zh") in book.sheetnames
    word = Document(str(tmp_path / "index.docx"))
    assert len(word.tables[1].rows) == len(leaves) + 1  # after the front-matter table


def _tree_runs(table: Table, index_depth: int) -> dict[str, int]:
    """Node id -> rows its merged cell spans in the structure table's level columns."""
    spans = cell_spans(table)
    out = {}
    for (r, c), (down, _across) in spans.items():
        cell = table.rows[r][c]
        if c < index_depth and isinstance(cell, Label):
            out[cell.id] = down
    return out


@pytest.mark.parametrize("index", CATALOGUE, ids=[p.stem for p in CATALOGUE])
def test_structure_table_merges_each_parent_over_its_indicators(index: Path) -> None:
    """Each node's cell spans exactly as many rows as it has indicators, and every weight
    shown is the product of the local weights down its path (or a dash when pending)."""
    doc = index_document(load_project(index), lang="zh", now=NOW)
    table = structure_table(doc)
    tree = doc.index
    assert len(table.rows) == len(tree.leaves())
    runs = _tree_runs(table, tree.depth)
    for node in tree.walk():
        if node.parent is not None:
            assert runs[node.id] == len(tree.leaves(node.id)), node.id
    weight = table.columns.index(next(c for c in table.columns if c.kind == "weight"))
    for leaf, row in zip(tree.leaves(), table.rows, strict=True):
        product = math.prod(doc.weights.local[n] for n in leaf.path[1:])  # path ends at the leaf
        shown = row[weight]
        assert (shown is None and math.isnan(product)) or shown == pytest.approx(product)


def _random_table(sizes: list[int]) -> Table:
    """A structure-like table from a random tree: level 1 has len(sizes) nodes, node i has
    sizes[i] children (0: it is a leaf at level 1)."""
    rows = []
    for i, kids in enumerate(sizes):
        top = Label(f"n{i}", f"n{i}", 0)
        if kids == 0:
            rows.append((top, None, 1.0))
        for k in range(kids):
            rows.append((top, Label(f"n{i}.{k}", f"n{i}.{k}", 1), 1.0))
    return Table("t", (Column("a"), Column("b"), Column("w", "weight")), tuple(rows), merged=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=8))
def test_cell_spans_cover_the_grid_exactly_once(sizes: list[int]) -> None:
    """Invariant of the merged layout: the spans tile the table (no cell twice, none left
    out), a leaf at level 1 spans both level columns, a parent spans its children's rows."""
    table = _random_table(sizes)
    spans = cell_spans(table)
    covered: list[tuple[int, int]] = []
    for (r, c), (down, across) in spans.items():
        covered += [(r + i, c + j) for i in range(down) for j in range(across)]
    grid = [(r, c) for r in range(len(table.rows)) for c in range(len(table.columns))]
    assert sorted(covered) == grid
    for (r, c), (down, across) in spans.items():
        cell = table.rows[r][c]
        if c == 0:
            i = int(str(cell.text)[1:]) if isinstance(cell, Label) else -1
            assert down == max(sizes[i], 1)
            assert across == (2 if sizes[i] == 0 else 1)


def _run_without_data(tmp_path: Path) -> Path:
    """The ict-network-qos run configuration with its data: section taken out."""
    config = (ICT / "run.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^data:.*?(?=^evaluate:)", "", config)
    config = config.replace(
        "../ict-network-qos.yaml", str(ROOT / "indicators" / "ict-network-qos.yaml")
    )
    config = config.replace('"judgments/*.yaml"', f'"{ICT / "judgments"}/*.yaml"')
    run = tmp_path / "run.yaml"
    run.write_text(config, encoding="utf-8")
    assert not load_project(run).has_data
    return run


def test_weights_from_data_are_dashes_with_a_note_not_numbers(tmp_path: Path) -> None:
    """ict-network-qos weighs network performance by entropy: without data its children's
    weights are unknown, shown as "–" (never a made-up number) and named in the notes."""
    project = load_project(ICT / "run.yaml")
    doc = index_document(load_project(_run_without_data(tmp_path)), lang="en", now=NOW)
    entropy = [
        n for n in project.index.aggregates() if getattr(n.weighting, "name", "") == "entropy"
    ]
    assert entropy
    for node in entropy:
        assert doc.weights.nodes[node.id].provenance["pending"] == "data"
        for child in node.children:
            assert math.isnan(doc.weights.local[child])
    text = " ".join(notes(doc))
    assert all(n.name.get("en") in text for n in entropy)
    # the AHP root has its judgments: real weights, the same as the weighting's with data
    from qualindex.run import weigh

    full = weigh(project)
    root = doc.index.id
    assert list(doc.weights.nodes[root].weights) == pytest.approx(list(full.nodes[root].weights))


def test_run_without_data_shows_each_experts_consistency(tmp_path: Path) -> None:
    """With judgments, the document checks every expert's matrix: the expert table has one
    row per node and expert, its CR equal to the weighting's per-expert CR."""
    from qualindex.report import tables as tb

    doc = index_document(load_project(_run_without_data(tmp_path)), lang="zh", now=NOW)
    table = tb.expert_table(doc)
    expected = [(node, x.expert, x.cr) for node, w in doc.weights.nodes.items() for x in w.experts]
    assert len(table.rows) == len(expected) > 1
    shown = [(row[0].id, row[1], row[6].value) for row in table.rows]  # type: ignore[union-attr]
    assert sorted(shown) == sorted(expected)


def test_index_without_judgments_says_the_weights_await_them() -> None:
    """supplier-selection's index alone has no judgments: no weight is invented, and the note
    says what is awaited."""
    doc = index_document(load_project(ROOT / "indicators" / "supplier-selection.yaml"), lang="en")
    root = doc.weights.nodes[doc.index.id]
    assert root.provenance["pending"] == "judgments"
    assert any("judgments" in n for n in notes(doc))


def test_english_document_has_english_headers(tmp_path: Path) -> None:
    out = tmp_path / "index.md"
    index = ROOT / "indicators" / "tcsi.yaml"
    result = runner.invoke(app, ["report", str(index), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    header = next(
        line for line in text.splitlines() if line.startswith(f"| {t('col.level_1', 'en')}")
    )
    assert not re.search(r"[\u4e00-\u9fff]", header)


def test_unknown_suffix_is_refused_with_the_choices(tmp_path: Path) -> None:
    index = ROOT / "indicators" / "tcsi.yaml"
    result = runner.invoke(app, ["report", str(index), "-o", str(tmp_path / "index.pdf")])
    assert result.exit_code == 1
    assert ".docx" in result.output and "Traceback" not in result.output


def test_document_words_do_not_shadow_report_words() -> None:
    """The document's catalogue adds keys; it never silently redefines a report word."""
    assert not set(DOCUMENT_TEXT) & set(_TEXT)


def test_judgments_that_are_there_but_incomplete_are_refused_not_pending(tmp_path: Path) -> None:
    """Only judgments nobody gave are pending: a matrix an expert left incomplete is an
    error located in the expert's file, naming the option that completes it."""
    part = tmp_path / "solo.yaml"
    part.write_text(
        "qualindex: 1\nexpert: {id: solo}\nindex: network-service-quality@2026.1\n"
        "pairwise:\n  network-service-quality:\n    - [attitude, efficiency, 3]\n",
        encoding="utf-8",
    )
    index = ROOT / "indicators" / "network-service-quality.yaml"
    out = tmp_path / "index.md"
    result = runner.invoke(app, ["report", str(index), "-j", str(part), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{part}:5:" in result.output and "incomplete: lambda-optimal" in result.output
    assert "Traceback" not in result.output and not out.exists()
