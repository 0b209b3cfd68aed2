"""The Markdown report: pipe tables with right-aligned numbers, the Mermaid hierarchy."""

from __future__ import annotations

import re

import pytest

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses
from qualindex.report.audit import sha256_file
from qualindex.report.markdown import markdown_table, render_markdown
from qualindex.report.messages import t
from qualindex.report.tables import Badge, Column, Table
from qualindex.run import Project

from .conftest import NOW


@pytest.fixture(scope="module", params=["zh", "en"])
def document(
    request: pytest.FixtureRequest, nsq: tuple[Project, Evaluation], nsq_analyses: Analyses
) -> tuple[str, str]:
    project, ev = nsq
    text = render_markdown(project, ev, lang=request.param, now=NOW, analyses=nsq_analyses)
    return text, request.param


def _table_after(text: str, title: str) -> list[list[str]]:
    """The rows (header first) of the pipe table under ``**title**``."""
    block = text.split(f"**{title}**", 1)[1].lstrip("\n").split("\n\n", 1)[0]
    return [
        [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        for line in block.splitlines()
    ]


def test_tables_with_headers_rules_and_right_aligned_numbers(document: tuple[str, str]) -> None:
    text, lang = document
    rows = _table_after(text, t("table.ranking", lang))
    assert rows[0][:2] == [t("col.rank", lang), t("col.entity", lang)]
    assert rows[1][0].startswith("---:") and rows[1][1] == "---"
    for title in ("table.weights", "table.nodes", "table.experts", "table.scores"):
        assert f"**{t(title, lang)}**" in text, title
    assert f"**{t('table.files', lang)}**" in text


def test_scores_match_the_evaluation(
    document: tuple[str, str], nsq: tuple[Project, Evaluation]
) -> None:
    text, lang = document
    _, ev = nsq
    rows = _table_after(text, t("table.scores", lang))
    composite = rows[0].index(t("col.composite", lang))
    period = rows[0].index(t("col.period", lang))  # after the entity (and its name)
    by_key = {(r[0], r[period]): r for r in rows[2:]}
    assert len(by_key) == len(ev.data)
    for r in range(len(ev.data)):
        shown = by_key[(ev.data.entities[r], ev.data.periods[r])][composite]
        assert shown == f"{ev.composite[r]:.1f}"


def test_mermaid_hierarchy_and_audit_hashes(
    document: tuple[str, str], nsq: tuple[Project, Evaluation]
) -> None:
    text, _ = document
    project, ev = nsq
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block and "flowchart" in block.group(1)
    assert block.group(1).count("-->") == len(ev.index.nodes) - 1
    for path in project.inputs:
        assert sha256_file(path) in text


def test_pipes_in_cells_are_escaped() -> None:
    table = Table(
        "a|b", (Column("x|y"), Column("n", "score")), (("p|q", 1.25), (Badge("g", "ok"), None))
    )
    lines = markdown_table(table).splitlines()
    assert lines[0] == r"**a\|b**"
    assert lines[2:] == [r"| x\|y | n |", "|---|---:|", r"| p\|q | 1.2 |", "| g | – |"]


def test_chinese_explanations_join_sentences_without_a_space(
    nsq: tuple[Project, Evaluation],
) -> None:
    """'…从大到小排列。IPA 象限…': Chinese sentences follow each other unspaced (Word and
    Markdown; the HTML template likewise); English keeps its space."""
    from qualindex.report import tables as tb

    from .conftest import NOW

    project, ev = nsq
    said = {
        lang: tb.section_explanations(tb.report_data(project, ev, lang=lang, now=NOW),
                                      "section.priorities")[0]
        for lang in ("zh", "en")
    }  # fmt: skip
    assert "。IPA" in said["zh"] and "。 " not in said["zh"]
    assert ". IPA" in said["en"]
