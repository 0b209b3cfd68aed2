"""The Markdown report: the report's tables as pipe tables, for pasting into documents.

The same tables as the HTML and Excel reports (:mod:`qualindex.report.tables`), numbers
with the same fixed decimals and right-aligned, plus the hierarchy as a Mermaid
flowchart (rendered by GitHub, GitLab, Typora, Obsidian and most wiki engines).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from qualindex.evaluate.results import Evaluation
from qualindex.hierarchy.textdiagram import to_mermaid
from qualindex.report import tables as tb
from qualindex.report.matrices import expert_matrices, matrix_table
from qualindex.report.tables import ReportData, Table
from qualindex.run import Project
from qualindex.weighting.serialize import weight_pairs

__all__ = ["markdown_table", "render_markdown"]


def render_markdown(
    project: Project,
    ev: Evaluation,
    *,
    lang: str = "zh",
    now: datetime | None = None,
    analyses: tb.Analyses | None = None,
) -> str:
    """The report as one Markdown document in ``lang``."""
    rd = tb.report_data(project, ev, lang=lang, now=now, analyses=analyses)
    return "\n".join(_document(rd)).rstrip() + "\n"


def markdown_table(table: Table, *, title: bool = True) -> str:
    """``table`` as a pipe table (numbers right-aligned), under a bold title line."""
    head = "| " + " | ".join(_escape(c.header) for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|"
    body = [
        "| "
        + " | ".join(
            _escape(tb.format_cell(cell, col.kind))
            for col, cell in zip(table.columns, row, strict=True)
        )
        + " |"
        for row in table.rows
    ]
    lines = ([f"**{_escape(table.title)}**", ""] if title else []) + [head, rule, *body]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _document(rd: ReportData) -> Iterator[str]:
    ev = rd.ev
    yield f"# {rd.index.name.get(rd.lang)} — {rd.t('report.title')}"
    yield ""
    yield from _meta(rd)
    sections = [
        ("section.summary", [tb.trim_periods(rd, tb.ranking_table(rd)), *tb.summary_tables(rd)]),
        ("section.hierarchy", [tb.weights_table(rd), *tb.dematel_tables(rd)]),
        ("section.consistency", [tb.node_consistency_table(rd)]),
        ("section.scores", [tb.trim_periods(rd, tb.scores_table(rd))]),
        ("section.diagnosis", [tb.short_board_table(rd)]),
        ("section.priorities", [tb.priorities_table(rd, tb.latest_rows(ev)), *_obstacle(rd)]),
        ("section.comparison", [tb.group_table(rd, g) for g in ev.group_means]),
    ]
    if ev.fce is not None:
        sections.append(("section.fce", [tb.trim_periods(rd, tb.fce_table(rd))]))
    if ev.compared:
        methods = [tb.trim_periods(rd, m) for m in tb.method_tables(rd)]
        sections.append(("section.evalmethods", methods))
    if rd.sensitivity is not None and rd.sensitivity.monte_carlo is not None:
        parts = [tb.rank_interval_table(rd), tb.source_interval_table(rd), tb.tornado_table(rd)]
        sections.append(("section.sensitivity", [*parts, tb.switch_table(rd)]))
    for number, (key, parts) in enumerate(sections, start=1):
        yield f"## {number}. {rd.t(key)}"
        yield ""
        if key == "section.hierarchy":
            yield from _mermaid(rd)
        for line in tb.section_explanations(rd, key):
            yield from (_escape(line), "")
        for table in parts:
            if table.rows:
                yield markdown_table(table)
    yield from _tail(rd, len(sections) + 1)


def _obstacle(rd: ReportData) -> list[Table]:
    """Obstacle degree beside the priorities (latest period), when evaluate.methods asks for it."""
    if rd.ev.obstacle is None:
        return []
    latest = tb.latest_rows(rd.ev)
    return [tb.obstacle_table(rd, latest), tb.obstacle_dimension_table(rd, latest)]


def _meta(rd: ReportData) -> Iterator[str]:
    ev, audit = rd.ev, rd.audit
    periods = " · ".join(p for p in ev.period_order() if p) or rd.t("report.no_period")
    yield f"- {rd.t('meta.index')}: `{rd.index.id}` {rd.index.version}"
    yield f"- {rd.t('meta.generated')}: {audit.generated_text}"
    yield f"- {rd.t('meta.entities')}: {tb.entity_count(rd)}"
    yield f"- {rd.t('meta.periods')}: {periods}"
    yield f"- {rd.t('meta.indicators')}: {len(rd.index.leaves())}"
    yield ""


def _mermaid(rd: ReportData) -> Iterator[str]:
    yield "```mermaid"
    yield to_mermaid(rd.index, lang=rd.lang, weights=weight_pairs(rd.ev.scores.weights)).rstrip()
    yield "```"
    yield ""


def _tail(rd: ReportData, number: int) -> Iterator[str]:
    """The appendices, lettered: the experts' judgments (with any), the notes, the audit."""
    del number  # the appendices are lettered, not numbered on with the body
    experts = [tb.expert_table(rd), tb.agreement_table(rd), tb.authority_table(rd)]
    experts += [tb.advice_table(rd)]
    experts += [matrix_table(rd, m) for m in expert_matrices(rd)]
    experts = [table for table in experts if table.rows]
    letters = iter("ABCDEF")
    if experts:
        yield f"## {rd.t('report.appendix', letter=next(letters))} {rd.t('section.experts')}"
        yield ""
        yield from (markdown_table(table) for table in experts)
    yield f"## {rd.t('report.appendix', letter=next(letters))} {rd.t('section.notes')}"
    yield ""
    notes = tb.notes(rd)
    yield from (f"- {_escape(n)}" for n in notes) if notes else [rd.t("explain.no_notes")]
    yield ""
    yield f"## {rd.t('report.appendix', letter=next(letters))} {rd.t('section.audit')}"
    yield ""
    for table in (tb.files_table(rd.audit, rd.lang), tb.settings_table(rd), tb.methods_table(rd)):
        yield markdown_table(table)
    if rd.audit.ri_tables:
        yield markdown_table(tb.ri_table(rd))
