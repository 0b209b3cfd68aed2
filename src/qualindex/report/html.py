"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network).

:func:`render_html` fills the jinja2 template ``templates/report.html.j2`` (autoescaped)
from the shared tables (:mod:`qualindex.report.tables`) and charts
(:mod:`qualindex.report.charts`); the template only lays them out.  Cells are turned
into HTML here, so numbers get their fixed decimals in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from qualindex.evaluate.results import Evaluation
from qualindex.report import tables as tb
from qualindex.report.tables import (
    Badge,
    Cell,
    Column,
    Filled,
    Flag,
    Label,
    ReportData,
    Table,
)
from qualindex.run import Project

if TYPE_CHECKING:
    import jinja2

    from qualindex.report.charts import ChartStyle

__all__ = ["APPENDICES", "SECTIONS", "cell_html", "render_html", "table_rows"]

#: Section anchors of the report's body in page order; each is headed by
#: ``t("section.<anchor>")``.
SECTIONS = (
    "summary",
    "hierarchy",
    "consistency",
    "scores",
    "diagnosis",
    "priorities",
    "comparison",
    "fce",
)

#: The appendices after the body (lettered A, B, ...): what a reviewer checks, not what a
#: client reads: each expert's judgments, the notes, the audit trail.  "experts" only when
#: the run has expert judgments.
APPENDICES = ("experts", "notes", "audit")

MAX_CONTRIBUTION_CHARTS = 12


@dataclass(frozen=True)
class Figure:
    """An inline SVG chart with its caption."""

    caption: str
    svg: Markup


def render_html(
    project: Project,
    ev: Evaluation,
    *,
    lang: str = "zh",
    now: datetime | None = None,
    analyses: tb.Analyses | None = None,
) -> str:
    """The whole report as one HTML document in ``lang`` (``now`` fixes the time stamp)."""
    rd = tb.report_data(project, ev, lang=lang, now=now, analyses=analyses)
    return _environment().get_template("report.html.j2").render(**_context(rd))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("qualindex.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["cell"] = cell_html
    env.globals["rows"] = table_rows
    return env


def table_rows(table: Table) -> list[tuple[str, list[tuple[Column, Markup]]]]:
    """Each row's CSS class and cells as HTML; in a grouped table the first cell is shown
    once per run and each run starts with a rule."""
    out = []
    for i, row in enumerate(table.rows):
        cells = [(col, cell_html(c, col)) for col, c in zip(table.columns, row, strict=True)]
        css = ""
        if table.grouped and i > 0 and row[0] == table.rows[i - 1][0]:
            cells[0] = (cells[0][0], Markup(""))
        elif table.grouped:
            css = "run"
        out.append((css, cells))
    return out


def cell_html(cell: Cell, column: Column | None = None) -> Markup:
    """One table cell's content as HTML (escaped text, badges, coloured numbers)."""
    column = column or Column("")
    if isinstance(cell, Badge):
        return Markup('<span class="badge tone-{}">{}</span>').format(cell.tone, cell.text)
    if isinstance(cell, Flag):
        text = tb.format_number(cell.value, column.kind)
        return Markup('<span class="flag {}">{}</span>').format("ok" if cell.ok else "bad", text)
    if isinstance(cell, Filled):
        text = tb.format_cell(cell, column.kind)
        return Markup('<span class="filled" title="{}">{}</span>').format(cell.policy, text)
    if isinstance(cell, Label):
        return Markup('<span class="node lvl-{}" title="{}">{}</span>').format(
            cell.level, cell.id, cell.text
        )
    text = tb.format_cell(cell, column.kind)
    if column.kind == "change" and isinstance(cell, float) and text != "–":
        trend = "up" if cell > 0 else "down" if cell < 0 else "flat"
        return Markup('<span class="{}">{}</span>').format(trend, text)
    if text == "–" and (cell is None or column.numeric):
        return Markup('<span class="na">–</span>')
    return escape(text)


def _context(rd: ReportData) -> dict[str, object]:
    from qualindex.report.charts import ChartStyle
    from qualindex.report.matrices import expert_matrices, matrix_table
    from qualindex.report.messages import t

    font = rd.project.config.report.font if rd.project.config is not None else None
    style = ChartStyle().resolved(font)
    ev = rd.ev
    return {
        "lang": rd.lang,
        "t": lambda key, **fields: t(key, rd.lang, **fields),
        "meta": _meta(rd),
        "sections": _sections(
            ev, rd.sensitivity is not None and rd.sensitivity.monte_carlo is not None
        ),
        "appendices": _appendices(rd),
        "matrices": [matrix_table(rd, m) for m in expert_matrices(rd)],
        "tables": _tables(rd),
        "figures": _figures(rd, style),
        "contributions": _contributions(rd, style),
        "ipa_charts": _ipa_charts(rd, style),
        "truncated": _truncated(rd),
        "quadrants": [
            (Badge(t(f"quadrant.{k}", rd.lang), k), t(f"quadrant_rule.{k}", rd.lang))
            for k in ("concentrate_here", "keep_up", "low_priority", "overkill")
        ],
        "notes": tb.notes(rd),
        "ipa": tb.ipa_note(rd),
        "sensitivity_note": tb.sensitivity_note(rd),
        "fce": ev.fce,
        "audit": rd.audit,
    }


def _has_sensitivity(rd: ReportData) -> bool:
    return rd.sensitivity is not None and rd.sensitivity.monte_carlo is not None


def _sections(ev: Evaluation, sensitivity: bool = False) -> list[str]:
    """The anchors of this report's body: :data:`SECTIONS` (fce only with survey
    memberships), then "evalmethods" (other evaluation methods) when the run configures
    evaluate.methods and "sensitivity" with a Monte Carlo analysis."""
    out = [s for s in SECTIONS if s != "fce" or ev.fce is not None]
    if ev.compared:
        out.append("evalmethods")
    if sensitivity:
        out.append("sensitivity")
    return out


def _appendices(rd: ReportData) -> list[tuple[str, str]]:
    """(anchor, letter) of each appendix: :data:`APPENDICES`, "experts" only with judgments."""
    shown = [a for a in APPENDICES if a != "experts" or _has_expert_detail(rd)]
    return [(a, chr(ord("A") + i)) for i, a in enumerate(shown)]


def _has_expert_detail(rd: ReportData) -> bool:
    from qualindex.report.matrices import expert_matrices

    tables = (tb.expert_table, tb.agreement_table, tb.authority_table, tb.advice_table)
    return any(f(rd).rows for f in tables) or bool(expert_matrices(rd))


def _meta(rd: ReportData) -> dict[str, object]:
    ev, index = rd.ev, rd.index
    config = rd.project.config
    experts = sorted({j.expert.display for j in rd.project.all_judgments})
    periods = [p for p in ev.period_order() if p]
    cover = config.report if config is not None else None
    return {
        "title": (cover.title if cover else None) or index.name.get(rd.lang),
        "client": cover.client if cover else None,
        "author": cover.author if cover else None,
        "id": index.id,
        "version": index.version,
        "date": (cover.date if cover else None) or rd.audit.generated.date().isoformat(),
        "generated": rd.audit.generated_text,
        "config": rd.audit.files[0].path if config is not None else "",
        "entities": tb.entity_count(rd),
        "periods": " · ".join(periods) or rd.t("report.no_period"),
        "latest": periods[-1] if periods else "",
        "indicators": len(index.leaves()),
        "experts": ", ".join(experts) or rd.t("word.none"),
        "version_line": rd.t("report.generated_by", version=rd.audit.qualindex),
    }


def _tables(rd: ReportData) -> dict[str, object]:
    latest = tb.latest_rows(rd.ev)
    period = rd.t("col.period")
    return {
        "ranking": tb.trim_periods(rd, tb.ranking_table(rd)),
        "row_summaries": tb.summary_tables(rd),
        "rows_note": tb.rows_note(rd),
        "weights": tb.weights_table(rd),
        "dematel": tb.dematel_tables(rd),
        "nodes": tb.node_consistency_table(rd),
        "experts": tb.expert_table(rd),
        "agreement": tb.agreement_table(rd),
        "rank_intervals": tb.rank_interval_table(rd),
        "switches": tb.switch_table(rd),
        "source_intervals": tb.source_interval_table(rd),
        "authority": tb.authority_table(rd),
        "advice": tb.advice_table(rd),
        "scores": tb.trim_periods(rd, tb.scores_table(rd)),
        "priorities": tb.drop_column(tb.priorities_table(rd, latest), period),
        "short_boards": tb.drop_column(tb.short_board_table(rd, latest), period),
        "groups": [tb.group_table(rd, g) for g in rd.ev.group_means],
        "fce": tb.trim_periods(rd, tb.fce_table(rd)) if rd.ev.fce is not None else None,
        "eval_methods": [tb.trim_periods(rd, m) for m in tb.method_tables(rd)],
        "obstacle": None
        if rd.ev.obstacle is None
        else tb.drop_column(tb.obstacle_table(rd, latest), period),
        "obstacle_dimensions": None
        if rd.ev.obstacle is None
        else tb.drop_column(tb.obstacle_dimension_table(rd, latest), period),
        "files": tb.files_table(rd.audit, rd.lang),
        "settings": tb.settings_table(rd),
        "methods": tb.methods_table(rd),
        "ri": tb.ri_table(rd),
    }


def _figures(rd: ReportData, style: ChartStyle) -> dict[str, object]:
    from qualindex.report import charts

    ev, lang = rd.ev, rd.lang
    latest = ev.period_order()[-1]
    groups = []
    for g in ev.group_means:
        svg = charts.group_chart(ev, g, lang=lang, style=style)
        if svg is not None:
            caption = (
                rd.t("figure.groups", group=g, period=latest)
                if latest
                else rd.t("figure.groups_single", group=g)
            )
            groups.append(_figure(caption, svg))
    periods = charts.period_chart(ev, lang=lang, style=style)
    return {
        **_sensitivity_figures(rd, style),
        "hierarchy": _figure(
            rd.t("figure.hierarchy"), charts.hierarchy_chart(rd.project, ev, lang=lang)
        ),
        "dimensions": _figure(
            rd.t("figure.dimensions", period=latest)
            if latest
            else rd.t("figure.dimensions_single"),
            charts.dimension_chart(ev, lang=lang, style=style),
        ),
        "periods": _figure(rd.t("figure.periods"), periods) if periods else None,
        "groups": groups,
    }


def _sensitivity_figures(rd: ReportData, style: ChartStyle) -> dict[str, Figure | None]:
    """The rank-interval plot and the tornado of the sensitivity section (None without)."""
    from qualindex.report import charts

    s = rd.sensitivity
    out: dict[str, Figure | None] = {"rank_intervals": None, "tornado": None}
    if s is None:
        return out
    ranks = charts.rank_interval_chart(s, lang=rd.lang, style=style)
    if isinstance(ranks, str):
        out["rank_intervals"] = _figure(rd.t("figure.rank_intervals"), ranks)
    top = min(4, len(s.entities))
    tornado = charts.tornado_chart(s, rd.index, lang=rd.lang, style=style, top=top)
    if isinstance(tornado, str):
        out["tornado"] = _figure(rd.t("figure.tornado", n=top), tornado)
    return out


def _contributions(rd: ReportData, style: ChartStyle) -> list[Figure]:
    from qualindex.report.charts import contribution_chart

    ev = rd.ev
    rows = tb.latest_rows(ev)[:MAX_CONTRIBUTION_CHARTS]
    return [
        _figure(
            _row_caption(rd, "figure.contribution", r),
            contribution_chart(ev, r, lang=rd.lang, style=style),
        )
        for r in rows
    ]


def _ipa_charts(rd: ReportData, style: ChartStyle) -> list[Figure]:
    """The IPA grid of each entity in the latest period (as many as contribution charts)."""
    from qualindex.report.charts import ipa_chart

    ev = rd.ev
    return [
        _figure(
            _row_caption(rd, "figure.ipa", r),
            ipa_chart(ev, r, lang=rd.lang, style=style),
        )
        for r in tb.latest_rows(ev)[:MAX_CONTRIBUTION_CHARTS]
    ]


def _truncated(rd: ReportData) -> str:
    total = len(tb.latest_rows(rd.ev))
    if total <= MAX_CONTRIBUTION_CHARTS:
        return ""
    shown = rd.ev.shown
    if shown is not None:  # trimmed: the Excel report lists the same rows, not every row
        latest = rd.ev.period_order()[-1]
        (every,) = (s.count for s in shown.summaries if s.period == latest and not s.group)
        return rd.t("explain.truncated_listed", shown=MAX_CONTRIBUTION_CHARTS, total=total,
                    all=f"{every:,}")  # fmt: skip
    return rd.t("explain.truncated", shown=MAX_CONTRIBUTION_CHARTS, total=total)


def _row_caption(rd: ReportData, key: str, r: int) -> str:
    """A row's chart caption: "entity (period)", or the entity alone in a run without periods
    (it said "E0000 ()")."""
    period = rd.ev.data.periods[r]
    return rd.t(key, entity=rd.ev.data.label(r), period=period) if period else rd.ev.data.label(r)


def _figure(caption: str, svg: str) -> Figure:
    # The SVG comes from matplotlib via charts.svg_text (no user text is unescaped in it:
    # glyphs are paths), so it is inserted as markup.
    return Figure(caption, Markup(svg))
