"""The report's tables as plain data, shared by the HTML, Excel and Markdown writers.

Each builder reads the result objects (project, evaluation, consistency checks, audit)
and returns a :class:`Table`: translated headers, a number kind per column, and raw
cells.  Numbers stay numbers here; each writer formats them (fixed decimals in HTML and
Markdown, number formats in Excel), so the three reports cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

import numpy as np

from qualindex.evaluate.results import (
    SUMMARY_QUANTILES,
    Evaluation,
    MethodOutcome,
    ObstacleOutcome,
    gaps_after,
    rows_by_period_and_rank,
    shown_note,
)
from qualindex.experts import ExpertStatistics
from qualindex.hierarchy.model import IndexSystem, Node
from qualindex.report.audit import Audit
from qualindex.report.messages import MESSAGES, check_lang, t
from qualindex.run import Project
from qualindex.texts import display, in_lang
from qualindex.uncertainty import Sensitivity
from qualindex.weighting.diagnose import format_judgment
from qualindex.weighting.review import MatrixCheck
from qualindex.weighting.serialize import dematel_arrows, dematel_factors, objective_source
from qualindex.weighting.tree import TreeWeights

__all__ = [
    "Analyses",
    "Badge",
    "Cell",
    "Column",
    "Filled",
    "Flag",
    "Kind",
    "Label",
    "ReportData",
    "ReportWords",
    "Table",
    "WeightsView",
    "advice_table",
    "agreement_table",
    "authority_table",
    "cell_spans",
    "consistency_table",
    "dematel_tables",
    "dimension_ids",
    "drop_column",
    "entity_count",
    "expert_table",
    "fce_labels",
    "fce_table",
    "files_table",
    "filled_note",
    "format_cell",
    "format_number",
    "group_table",
    "index_table",
    "ipa_note",
    "latest_rows",
    "method_tables",
    "methods_run_table",
    "methods_table",
    "node_consistency_table",
    "notes",
    "numeric_value",
    "obstacle_dimension_table",
    "obstacle_table",
    "ordered_rows",
    "partial_note",
    "priorities_table",
    "rank_interval_table",
    "ranking_table",
    "report_data",
    "ri_table",
    "rows_note",
    "score_cell",
    "scores_table",
    "section_explanations",
    "sensitivity_note",
    "setting_name",
    "settings_table",
    "short_board_table",
    "source_interval_table",
    "summary_tables",
    "switch_table",
    "tornado_table",
    "trim_periods",
    "weights_table",
]

Kind = Literal[
    "text", "int", "score", "change", "weight", "ratio", "limit", "share", "points", "value"
]

#: Decimals shown per number kind (Excel uses the same through its number formats).
DIGITS: dict[str, int] = {
    "score": 1,
    "change": 1,
    "weight": 4,
    "ratio": 4,
    "limit": 2,
    "share": 3,
    "points": 2,
    "int": 0,
}

SWITCHES_SHOWN = 8
FILLED_MARK = "*"  # after a filled (not measured) score, explained under the table
GRADE_TONES = 5  # badge colours grade-0 (best) ... grade-4 (worst)


@dataclass(frozen=True, slots=True)
class Badge:
    """A short label drawn as a coloured badge in HTML: a grade, quadrant, pass or fail."""

    text: str
    tone: str


@dataclass(frozen=True, slots=True)
class Flag:
    """A number shown in green or red: a CR within or over its limit."""

    value: float
    ok: bool


@dataclass(frozen=True, slots=True)
class Label:
    """A node's name, with its id (shown small) and its level (indentation)."""

    text: str
    id: str = ""
    level: int = 0
    weight: float | None = None  # the node's local weight, in the structure table


@dataclass(frozen=True, slots=True)
class Filled:
    """A score that was not measured but filled by a missing-value policy (imputed, carried
    forward, zero …): every report shows it marked, with the policy in a note or comment."""

    value: float
    policy: str


Cell = str | int | float | Badge | Flag | Label | Filled | None


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Table:
    """A titled table; ``rows`` hold raw cells in the order of ``columns``.

    ``grouped``: rows come in runs with the same first cell (an entity, a node), which
    HTML shows once per run.  ``merged``: the first ``merged`` columns are the levels of a
    hierarchy, printed as Chinese standards print an index system: a run of equal cells in
    one of them is one cell spanning those rows, and a None right of a node (a leaf above
    the deepest level) is part of that node's cell.
    """

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    grouped: bool = False
    merged: int = 0


@dataclass(frozen=True)
class Analyses:
    """What the caller computed for a report besides the evaluation: the expert statistics
    (:func:`qualindex.experts.expert_statistics`) and how sure the ranking is
    (:func:`qualindex.uncertainty.report_sensitivity`); a section whose analysis is None is
    left out.  The report only renders them."""

    experts: ExpertStatistics | None = None
    sensitivity: Sensitivity | None = None


class WeightsView(Protocol):
    """What the weight and consistency tables read: the evaluation report
    (:class:`ReportData`) and the index document without data
    (:class:`qualindex.report.indexdoc.IndexDocument`) both provide it."""

    @property
    def project(self) -> Project: ...
    @property
    def checks(self) -> tuple[MatrixCheck, ...]: ...
    @property
    def lang(self) -> str: ...
    @property
    def index(self) -> IndexSystem: ...
    @property
    def weights(self) -> TreeWeights: ...
    def t(self, key: str, **fields: object) -> str: ...
    def name(self, node_id: str) -> str: ...
    def label(self, node_id: str) -> Label: ...
    def method(self, name: str) -> str: ...
    def code(self, kind: str, value: str | None) -> str: ...


class ReportWords:
    """The words every report model looks up in its language: catalogue texts, node names
    and labels, method and setting names (the model gives ``lang`` and ``index``)."""

    lang: str

    @property
    def index(self) -> IndexSystem:
        raise NotImplementedError

    def t(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    def name(self, node_id: str) -> str:
        return self.index.nodes[node_id].name.get(self.lang) if node_id else ""

    def label(self, node_id: str) -> Label:
        node = self.index.nodes[node_id]
        return Label(node.name.get(self.lang), node.id, node.level)

    def method(self, name: str) -> str:
        key = f"method.{name}"
        return self.t(key) if key in MESSAGES else name

    def code(self, kind: str, value: str | None) -> str:
        return setting_name(kind, value, self.lang)


@dataclass(frozen=True)
class ReportData(ReportWords):
    """What every report is made of: the results, their checks, the audit and the language."""

    project: Project
    ev: Evaluation
    checks: tuple[MatrixCheck, ...]
    audit: Audit
    lang: str
    experts: ExpertStatistics | None = None  # agreement and authority (qualindex.experts)
    sensitivity: Sensitivity | None = None  # how sure the latest ranking is

    @property
    def index(self) -> IndexSystem:
        return self.ev.index

    @property
    def weights(self) -> TreeWeights:
        return self.ev.scores.weights


def setting_name(kind: str, value: str | None, lang: str) -> str:
    """A raw setting (``aij``, ``flag``) as a zh report names it; en keeps the code the run
    configuration uses."""
    if not value:
        return ""
    return display(kind, value, lang) if lang == "zh" else value


def format_number(value: float | int | None, kind: Kind) -> str:
    """Fixed decimals per kind; ``–`` for a missing value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "change":
        return f"{value:+.{DIGITS['change']}f}".replace("-", "−")
    if kind in DIGITS:
        return f"{value:.{DIGITS[kind]}f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_cell(cell: Cell, kind: Kind) -> str:
    """A cell as plain text (Markdown, and the text inside HTML cells)."""
    if isinstance(cell, Badge):
        return cell.text
    if isinstance(cell, Label):
        if cell.weight is None:
            return cell.text
        return f"{cell.text} ({format_number(cell.weight, 'weight')})"
    if isinstance(cell, Flag):
        return format_number(cell.value, kind)
    if isinstance(cell, Filled):
        return format_number(cell.value, kind) + FILLED_MARK
    if isinstance(cell, str):
        return cell
    return format_number(cell, kind)


def _num(x: float | None) -> float | None:
    return None if x is None or math.isnan(float(x)) else float(x)


def dimension_ids(index: IndexSystem) -> tuple[str, ...]:
    return index.root.children


def latest_rows(ev: Evaluation) -> list[int]:
    """Rows of the latest period, best rank first (unranked rows last)."""
    latest = ev.period_order()[-1]
    rows = [r for r in range(len(ev.data)) if ev.data.periods[r] == latest]
    return sorted(rows, key=lambda r: (ev.rank[r] == 0, ev.rank[r], ev.data.entities[r]))


def _ordered_rows(ev: Evaluation) -> list[int]:
    return rows_by_period_and_rank(ev)


#: The row order of the report's tables (period, then rank), for the workbook's own tables.
def ordered_rows(ev: Evaluation) -> list[int]:
    return _ordered_rows(ev)


def _grade(rd: ReportData, r: int) -> Badge | None:
    band = rd.ev.grades[r]
    grades = rd.index.grades
    if band is None or grades is None:
        return None
    pos = grades.bands.index(band)
    tone = round(pos * (GRADE_TONES - 1) / max(len(grades.bands) - 1, 1))
    return Badge(band.label.get(rd.lang), f"grade-{tone}")


def _pass(rd: WeightsView, ok: bool) -> Badge:
    return Badge(rd.t("word.pass"), "ok") if ok else Badge(rd.t("word.fail"), "bad")


# --- index and weights ---------------------------------------------------------------------


def index_table(rd: ReportData) -> Table:
    """The hierarchy: one row per node in file order, indicator fields for leaves."""
    cols = ("id", "parent", "level", "name_zh", "name_en", "unit", "direction")
    columns = [Column(rd.t(f"col.{c}"), "int" if c == "level" else "text") for c in cols]
    columns += [Column(rd.t("col.threshold"), "value"), Column(rd.t("col.target"), "value")]
    columns.append(Column(rd.t("col.scoring")))
    rows = []
    for node in rd.index.walk():
        ind = node.indicator
        rows.append(
            (
                node.id,
                node.parent or "",
                node.level,
                Label(node.name.zh or "", node.id, node.level),
                node.name.en or "",
                (ind.unit or "") if ind else "",
                rd.t(f"direction.{ind.direction}") if ind else "",
                ind.threshold if ind else None,
                ind.target if ind else None,
                ind.scoring.name if ind else "",
            )
        )
    return Table(rd.t("table.index"), tuple(columns), tuple(rows))


def weights_table(rd: WeightsView) -> Table:
    """Local and global weight of every node; the method for aggregates."""
    tw = rd.weights
    columns = (
        Column(rd.t("col.name")),
        Column(rd.t("col.id")),
        Column(rd.t("col.method")),
        Column(rd.t("col.local"), "weight"),
        Column(rd.t("col.global"), "weight"),
        Column(rd.t("col.cr"), "ratio"),
    )
    rows = []
    for node in rd.index.walk():
        res = tw.nodes.get(node.id)
        method = rd.method(res.method) if res else ""
        if res is not None and res.provenance.get("default"):
            method += rd.t("word.default")
        pending = res.provenance.get("pending") if res is not None else None
        if pending:  # index document: weights from data or judgments that are not there yet
            method += rd.t(f"word.pending_{pending}")
        source = objective_source(res) if res is not None else None
        if source is not None:  # objective weights: from scores (default) or raw values
            method += rd.t(f"weights.from_{source[0]}")
            if source[1]:
                method += rd.t("word.default")
        cr = None if res is None or res.cr is None else _flag(res.cr, res.cr_limit)
        rows.append(
            (rd.label(node.id), node.id, method, tw.local[node.id], tw.global_weights[node.id], cr)
        )
    return Table(rd.t("table.weights"), columns, tuple(rows))


def dematel_tables(rd: WeightsView) -> list[Table]:
    """One table per DEMATEL node: each child's D, R, prominence D + R, relation D - R
    and cause/effect, then the arrows of the causal diagram (T above the threshold)."""
    tw = rd.weights
    out = []
    for node in rd.index.aggregates():
        res = tw.nodes.get(node.id)
        factors = dematel_factors(res) if res is not None else []
        if not factors:
            continue
        columns = (
            Column(rd.t("col.name")),
            Column(rd.t("col.id")),
            Column(rd.t("dematel.influence"), "ratio"),
            Column(rd.t("dematel.influenced"), "ratio"),
            Column(rd.t("dematel.prominence"), "ratio"),
            Column(rd.t("dematel.relation"), "ratio"),
            Column(rd.t("dematel.role")),
            Column(rd.t("dematel.arrows")),
        )
        arrows = dematel_arrows(res) if res is not None else {}
        rows = tuple(
            (
                rd.label(f["id"]),
                f["id"],
                f["influence"],
                f["influenced"],
                f["prominence"],
                f["relation"],
                rd.t(f"dematel.{f['role']}"),
                ", ".join(rd.index.nodes[b].name.get(rd.lang) for b in arrows.get(f["id"], ())),
            )
            for f in factors
        )
        title = rd.t("table.dematel", node=node.name.get(rd.lang))
        out.append(Table(title, columns, rows))
    return out


def _flag(cr: float, limit: float | None) -> Flag:
    return Flag(cr, limit is None or cr <= limit)


# --- consistency ---------------------------------------------------------------------------


def _check_columns(rd: WeightsView, first: Sequence[str]) -> list[Column]:
    return [Column(rd.t(f"col.{c}")) for c in first] + [
        Column(rd.t("col.n"), "int"),
        Column(rd.t("col.lambda_max"), "ratio"),
        Column(rd.t("col.ci"), "ratio"),
        Column(rd.t("col.ri"), "limit"),
        Column(rd.t("col.cr"), "ratio"),
        Column(rd.t("col.cr_limit"), "limit"),
        Column(rd.t("col.ri_table")),
    ]


def node_consistency_table(rd: WeightsView) -> Table:
    """Per node with a CR: the (group) matrix's λmax, CI, RI, CR against its limit."""
    columns = _check_columns(rd, ("node", "method"))
    columns += [Column(rd.t("col.consensus"), "ratio"), Column(rd.t("col.passed"))]
    rows = []
    for node in rd.index.aggregates():
        w = rd.weights.nodes[node.id]
        if w.cr is None:
            continue
        rows.append(
            (
                rd.label(node.id),
                rd.method(w.method),
                len(w.children),
                w.lambda_max,
                w.ci,
                w.ri,
                _flag(w.cr, w.cr_limit),
                w.cr_limit,
                rd.code("ri_table", w.ri_table),
                w.consensus,
                _pass(rd, w.consistent is not False),
            )
        )
    return Table(rd.t("table.nodes"), tuple(columns), tuple(rows))


def expert_table(rd: WeightsView) -> Table:
    """Per node and expert: the expert's own matrix (λmax, CI, RI from the consistency
    review where the matrix is complete), CR, pass and whether it entered the group."""
    found = {(c.node, c.expert): c for c in rd.checks}
    columns = _check_columns(rd, ("node", "expert"))
    columns += [Column(rd.t("col.passed")), Column(rd.t("col.used")), Column(rd.t("col.name"))]
    weights = rd.weights.nodes
    # judgments an expert left out and the node completed: they change the weights, so the
    # table names them (only shown when some expert has any)
    any_filled = any(x.filled for n in rd.index.aggregates() for x in weights[n.id].experts)
    if any_filled:
        columns.append(Column(rd.t("col.filled")))
    names = {j.expert.id: j.expert.display for j in rd.project.all_judgments}
    rows = []
    for node in rd.index.aggregates():
        w = weights[node.id]
        for x in w.experts:
            c = found.get((node.id, x.expert))
            filled = "; ".join(f"{a} : {b} = {format_judgment(v)}" for a, b, v in x.filled)
            rows.append(
                (
                    rd.label(node.id),
                    x.expert,
                    len(w.children),
                    c.lambda_max if c else None,
                    c.ci if c else None,
                    c.ri if c else w.ri,
                    _flag(x.cr, w.cr_limit),
                    w.cr_limit,
                    rd.code("ri_table", w.ri_table),
                    _pass(rd, x.passed),
                    rd.t("word.yes" if x.used else "word.no"),
                    names.get(x.expert, ""),
                    *([filled] if any_filled else []),
                )
            )
    return Table(rd.t("table.experts"), tuple(columns), tuple(rows), grouped=True)


def _saaty(value: float) -> str:
    """3 -> ``3``, 0.333 -> ``1/3``: a judgment as experts write it."""
    if value >= 1 - 1e-9:
        return f"{value:.3g}"
    return f"1/{1 / value:.3g}"


def advice_table(rd: WeightsView) -> Table:
    """For each failing expert matrix, the judgments worth revisiting (from the review)."""
    columns = (
        Column(rd.t("col.node")),
        Column(rd.t("col.expert")),
        Column(rd.t("col.pair")),
        Column(rd.t("col.current"), "value"),
        Column(rd.t("col.suggested"), "value"),
        Column(rd.t("col.cr_after"), "ratio"),
        Column(rd.t("col.location")),
    )
    rows = []
    for c in rd.checks:
        if c.passed or c.expert == "group":
            continue
        for a in c.advice:
            pair = f"{rd.name(a.a)} : {rd.name(a.b)}"
            loc = str(a.loc) if a.loc else ""
            row = (rd.label(c.node), c.expert, pair, _saaty(a.current), _saaty(a.suggested))
            rows.append((*row, _flag(a.cr_after, c.cr_limit), loc))
    return Table(rd.t("table.advice"), columns, tuple(rows), grouped=True)


# --- scores --------------------------------------------------------------------------------


def _group_columns(rd: ReportData) -> list[Column]:
    return [Column(g) for g in rd.ev.data.groups]


def _entity_columns(rd: ReportData) -> list[Column]:
    """The entity's id, and its display name when the data gives names (data.label)."""
    named = bool(rd.ev.data.labels)
    return [Column(rd.t("col.entity")), *([Column(rd.t("col.name"))] if named else [])]


def _entity_cells(rd: ReportData, r: int) -> list[Cell]:
    data = rd.ev.data
    return [data.entities[r], *([data.label(r)] if data.labels else [])]


def ranking_table(rd: ReportData) -> Table:
    """The latest period, best first: rank, entity, composite, grade, change, short board."""
    ev = rd.ev
    columns = [Column(rd.t("col.rank"), "int"), *_entity_columns(rd), *_group_columns(rd)]
    latest = latest_rows(ev)
    cover = _coverage(ev, latest)
    columns += [
        Column(rd.t("col.composite"), "score"),
        *([Column(rd.t("col.coverage"), "share")] if cover else []),
        Column(rd.t("col.grade")),
        Column(rd.t("col.change"), "change"),
        Column(rd.t("col.short_board")),
    ]
    rows = []
    for r in latest:
        groups = [v[r] for v in ev.data.groups.values()]
        rows.append(
            (
                int(ev.rank[r]) or None,
                *_entity_cells(rd, r),
                *groups,
                _num(ev.composite[r]),
                *([cover[r]] if cover else []),
                _grade(rd, r),
                _num(ev.change[ev.index.id][r]),
                rd.name(ev.short_board[r]),
            )
        )
    title = rd.t("table.ranking" if any(ev.period_order()) else "table.ranking_single")
    return Table(title, tuple(columns), _with_gaps(rd, latest, rows, len(columns)))


def _with_gaps(
    rd: ReportData, order: Sequence[int], rows: Sequence[tuple[Cell, ...]], width: int
) -> tuple[tuple[Cell, ...], ...]:
    """``rows`` (one per row of ``order``: by period, then rank) with a line "… k rows not
    shown …" after each period's best rows where the evaluation left rows out."""
    gaps = gaps_after(rd.ev, order)
    out: list[tuple[Cell, ...]] = []
    for i, row in enumerate(rows):
        out.append(row)
        if i in gaps:
            out.append((rd.t("rows.gap", n=f"{gaps[i]:,}"), *(None,) * (width - 1)))
    return tuple(out)


def summary_tables(rd: ReportData) -> list[Table]:
    """When rows were left out: per period, and per group value and period, the composites
    of all rows (rows, scored, mean, quantiles, rows per grade); empty otherwise."""
    shown = rd.ev.shown
    if shown is None:
        return []
    bands = rd.index.grades.bands if rd.index.grades else ()
    columns = [
        Column(rd.t("col.period")),
        Column(rd.t("col.group_column")),
        Column(rd.t("col.group_value")),
        Column(rd.t("col.rows"), "int"),
        Column(rd.t("col.scored"), "int"),
        Column(rd.t("col.mean"), "score"),
    ]
    for q in SUMMARY_QUANTILES:
        key = {0.0: "col.min", 0.5: "col.median", 1.0: "col.max"}.get(q, "col.quantile")
        columns.append(Column(rd.t(key, q=f"{q * 100:g}"), "score"))
    columns += [Column(b.label.get(rd.lang), "int") for b in bands]
    if bands:
        columns.append(Column(rd.t("rows.none"), "int"))
    rows = []
    for s in shown.summaries:
        grades = s.grades if bands else ()
        rows.append(
            (s.period, s.group or rd.t("rows.all"), s.value or rd.t("rows.all"), s.count,
             s.scored, _num(s.mean), *(_num(q) for q in s.quantiles), *grades)
        )  # fmt: skip
    title = rd.t("rows.summary", total=f"{shown.total:,}")
    return [trim_periods(rd, Table(title, tuple(columns), tuple(rows)))]


def rows_note(rd: ReportData) -> str:
    """What a report over its row limit lists and summarises, in its language ("" if all)."""
    shown = rd.ev.shown
    return "" if shown is None else in_lang(shown_note(shown), rd.lang) or ""


def entity_count(rd: ReportData) -> int:
    """Distinct entities evaluated (of all rows, also when only some are listed)."""
    shown = rd.ev.shown
    return shown.entities if shown is not None else len(set(rd.ev.data.entities))


def _score_nodes(rd: ReportData, all_nodes: bool) -> list[Node]:
    if all_nodes:
        return [n for n in rd.index.walk() if n.parent is not None]
    return list(rd.index.children(rd.index.id))


def scores_table(rd: ReportData, *, all_nodes: bool = False) -> Table:
    """One row per (entity, period), by period and rank; level-1 dimensions, or every node
    with ``all_nodes`` (headers then read ``name [id]``)."""
    ev = rd.ev
    nodes = _score_nodes(rd, all_nodes)
    ordered = _ordered_rows(ev)
    cover = _coverage(ev, ordered)
    columns = [*_entity_columns(rd), Column(rd.t("col.period")), *_group_columns(rd)]
    columns += [
        Column(rd.t("col.composite"), "score"),
        *([Column(rd.t("col.coverage"), "share")] if cover else []),
        Column(rd.t("col.change"), "change"),
        Column(rd.t("col.grade")),
        Column(rd.t("col.rank"), "int"),
        *(Column(rd.t("col.rank_in_group", group=g), "int") for g in ev.rank_in_group),
    ]
    if all_nodes:
        columns += [Column(rd.t("col.topsis"), "ratio"), Column(rd.t("col.short_board"))]
    columns += [Column(_node_header(rd, n, all_nodes), "score") for n in nodes]
    rows = []
    for r in ordered:
        row: list[Cell] = [*_entity_cells(rd, r), ev.data.periods[r]]
        row += [v[r] for v in ev.data.groups.values()]
        row += [_score(ev, ev.index.id, r), *([cover[r]] if cover else [])]
        row += [_num(ev.change[ev.index.id][r]), _grade(rd, r)]
        row += [int(ev.rank[r]) or None, *(int(v[r]) or None for v in ev.rank_in_group.values())]
        if all_nodes:
            row += [_num(ev.topsis[r]), rd.name(ev.short_board[r])]
        row += [_score(ev, n.id, r) for n in nodes]
        rows.append(tuple(row))
    return Table(rd.t("table.scores"), tuple(columns), _with_gaps(rd, ordered, rows, len(columns)))


def _score(ev: Evaluation, node: str, r: int) -> float | Filled | None:
    """A node's score in row ``r``, marked when it was filled or rests on filled scores."""
    value = _num(ev.scores.nodes[node][r])
    if value is None:
        return None
    imputed = ev.scores.imputed
    own = imputed.get(node)
    if own is not None and own[1][r]:
        return Filled(value, own[0])
    below = {d.id for d in ev.index.walk(node)} & set(imputed)
    filled = [f"{d}: {imputed[d][0]}" for d in sorted(below) if imputed[d][1][r]]
    return Filled(value, "; ".join(filled)) if filled else value


def score_cell(ev: Evaluation, node: str, r: int) -> float | Filled | None:
    """A node's score in row ``r`` as the report shows it (marked when filled)."""
    return _score(ev, node, r)


def _coverage(ev: Evaluation, rows: Sequence[int]) -> dict[int, float | None]:
    """Root coverage per row when some row among ``rows`` is scored from part of the weight
    (blank indicators left out, the rest reweighted); empty when every row has full data."""
    cov = ev.scores.basis_of(ev.index.id)
    if all(not cov[r] < 1.0 for r in rows):
        return {}
    return {r: _num(cov[r]) for r in rows}


def partial_note(rd: ReportData) -> str | None:
    """The footnote of the coverage column: such composites rest on the indicators with data."""
    listed = rd.ev.scores.partial_rows(rd.ev.index.id)
    shown = rd.ev.shown
    if shown is not None:  # some rows listed: the count of all rows, and of those listed
        n = shown.partial
        return rd.t("note.partial_listed", n=n, listed=listed) if n else None
    return rd.t("note.partial", n=listed) if listed else None


def filled_note(rd: ReportData) -> str | None:
    """The footnote that explains the marked cells: what was filled, how, and how many."""
    s, shown = rd.ev.scores, rd.ev.shown
    used = (
        {p for p, m in s.imputed.values() if m.any()} if shown is None else set(shown.filled)
    )  # trimmed: the rules met in all rows, not only in those listed
    if not used:
        return None
    policies = rd.t("word.list_sep").join(rd.t(f"policy.{p}") for p in sorted(used))
    if shown is not None:
        return rd.t("note.filled_listed", mark=FILLED_MARK, n=sum(shown.filled.values()),
                    listed=s.imputed_cells, policies=policies)  # fmt: skip
    return rd.t("note.filled", mark=FILLED_MARK, n=s.imputed_cells, policies=policies)


def _node_header(rd: ReportData, node: Node, with_id: bool) -> str:
    name = node.name.get(rd.lang)
    return f"{name} [{node.id}]" if with_id else name


# --- diagnosis -----------------------------------------------------------------------------


def priorities_table(rd: ReportData, rows: Sequence[int] | None = None) -> Table:
    """Each row's improvement list: indicator, score, global weight, shortfall, quadrant."""
    ev = rd.ev
    columns = (
        Column(rd.t("col.entity")),
        Column(rd.t("col.period")),
        Column(rd.t("col.order"), "int"),
        Column(rd.t("col.indicator")),
        Column(rd.t("col.score"), "score"),
        Column(rd.t("col.global"), "weight"),
        Column(rd.t("col.shortfall"), "points"),
        Column(rd.t("col.quadrant")),
    )
    out = []
    for r in _ordered_rows(ev) if rows is None else rows:
        for i, p in enumerate(ev.priorities[r], start=1):
            quadrant = Badge(rd.t(f"quadrant.{p.quadrant}"), p.quadrant) if p.quadrant else None
            out.append(
                (
                    ev.data.label(r),
                    ev.data.periods[r],
                    i,
                    rd.label(p.indicator),
                    p.score,
                    p.global_weight,
                    p.shortfall,
                    quadrant,
                )
            )
    return Table(rd.t("table.priorities"), columns, tuple(out), grouped=True)


def section_explanations(rd: ReportData, key: str) -> list[str]:
    """The sentences a section needs to be read right (Markdown and Word; the HTML template
    places the same texts): how the IPA cuts and orders the priorities, that FCE is a
    supplementary view beside the composite, what the rank intervals were drawn over."""
    if key == "section.summary":
        return [rows_note(rd)] if rd.ev.shown is not None else []
    if key == "section.priorities":
        gap = "" if rd.lang == "zh" else " "  # Chinese sentences follow each other unspaced
        return [f"{rd.t('explain.priorities')}{gap}{ipa_note(rd)}"]
    if key == "section.fce":
        return [rd.t("explain.fce_relation")]
    if key == "section.sensitivity":
        return [sensitivity_note(rd)]
    return []


def sensitivity_note(rd: ReportData) -> str:
    """What the rank intervals were drawn over, in words: only the sources that varied
    (a run with direct weights perturbs no judgment, so the note names no σ)."""
    s = rd.sensitivity
    mc = s.monte_carlo if s is not None else None
    if mc is None:
        return ""
    o = mc["options"]
    parts = [
        rd.t(f"explain.sensitivity.{k}", sigma=o["sigma"])
        for k in ("judgments", "methods", "values")
        if k in o["sources"]
    ]
    what = (
        rd.t("explain.sensitivity.sep").join(parts[:-1])
        + rd.t("explain.sensitivity.and")
        + parts[-1]
        if len(parts) > 1
        else "".join(parts)
    )
    return rd.t("explain.sensitivity", what=what, draws=o["draws"])


def ipa_note(rd: ReportData) -> str:
    """Where the IPA quadrants are cut, in words (scale-centred: both cuts and their basis)."""
    cuts = rd.ev.ipa_cuts
    if cuts is None:
        return rd.t("explain.ipa_data")
    importance, performance = cuts
    bands = rd.index.grades.bands if rd.index.grades else ()
    band = next((b for b in bands if b.min == performance), None)
    basis = (
        rd.t("ipa.basis_grade", grade=band.label.get(rd.lang))
        if band is not None
        else rd.t("ipa.basis_mid")
    )
    k = len(rd.ev.data.leaves)
    return rd.t(
        "explain.ipa_scale", importance=f"{importance:.4f}", k=k, performance=f"{performance:g}",
        basis=basis,
    )  # fmt: skip


def short_board_table(rd: ReportData, rows: Sequence[int] | None = None) -> Table:
    """Each row's weakest level-1 dimension and its score."""
    ev = rd.ev
    columns = (
        Column(rd.t("col.entity")),
        Column(rd.t("col.period")),
        Column(rd.t("col.dimension")),
        Column(rd.t("col.score"), "score"),
    )
    out = []
    for r in _ordered_rows(ev) if rows is None else rows:
        dim = ev.short_board[r]
        if dim:
            score = _num(ev.scores.nodes[dim][r])
            out.append((ev.data.label(r), ev.data.periods[r], rd.label(dim), score))
    return Table(rd.t("table.short_boards"), columns, tuple(out))


def group_table(rd: ReportData, group: str) -> Table:
    """Mean composite and level-1 scores per group value and period."""
    ev = rd.ev
    dims = dimension_ids(rd.index)
    columns = [
        Column(rd.t("col.group_value")),
        Column(rd.t("col.period")),
        Column(rd.t("col.composite"), "score"),
    ]
    columns += [Column(rd.name(d), "score") for d in dims]
    order = {p: i for i, p in enumerate(ev.period_order())}
    table = ev.group_means[group]
    rows = []
    for key in sorted(table, key=lambda k: (order.get(k[1], 0), k[0])):
        means = table[key]
        rows.append((key[0], key[1], _num(means[ev.index.id]), *(_num(means[d]) for d in dims)))
    return Table(rd.t("table.groups", group=group), tuple(columns), tuple(rows))


def fce_labels(rd: ReportData) -> tuple[str, ...]:
    """The FCE grade labels in the report language (the outcome stores the Chinese ones)."""
    fce = rd.ev.fce
    assert fce is not None
    for leaf in rd.index.leaves():
        scale = leaf.indicator.scale if leaf.indicator else None
        if scale is not None and scale.id == fce.scale and len(scale.points) == len(fce.grades):
            points = sorted(scale.points, key=lambda p: -p.value)
            return tuple(p.label.get(rd.lang) if p.label else f"{p.value:g}" for p in points)
    return fce.grades


def fce_table(rd: ReportData) -> Table:
    """Per row: membership of each grade, the grade by maximum membership, the score."""
    ev = rd.ev
    fce = ev.fce
    assert fce is not None
    labels = fce_labels(rd)
    columns = [Column(rd.t("col.entity")), Column(rd.t("col.period"))]
    columns += [Column(label, "share") for label in labels]
    columns += [Column(rd.t("col.fce_grade")), Column(rd.t("col.fce_score"), "score")]
    rows = []
    for r in _ordered_rows(ev):
        pos = fce.grades.index(fce.grade[r]) if fce.grade[r] in fce.grades else -1
        tone = round(pos * (GRADE_TONES - 1) / max(len(labels) - 1, 1))
        grade = Badge(labels[pos], f"grade-{tone}") if pos >= 0 else None
        members = [_num(b) for b in fce.b[r]]
        rows.append((ev.data.label(r), ev.data.periods[r], *members, grade, _num(fce.score[r])))
    return Table(rd.t("table.fce"), tuple(columns), tuple(rows))


# --- other evaluation methods (evaluate.methods) -------------------------------------------


def _settings_text(m: MethodOutcome | ObstacleOutcome) -> str:
    """The variant as given in the run configuration, e.g. ``rho=0.5, reference=ideal``."""
    parts = []
    for k, v in m.settings().items():
        if v is None:
            continue
        text = (
            ", ".join(str(x) for x in v)
            if isinstance(v, (list, tuple))
            else f"{v:g}"
            if isinstance(v, float)
            else str(v)
        )
        parts.append(f"{k}={text}")
    return ", ".join(parts)


def _method_order(ev: Evaluation, m: MethodOutcome) -> list[int]:
    order = {p: i for i, p in enumerate(ev.period_order())}
    return sorted(
        range(len(ev.data)),
        key=lambda r: (order[ev.data.periods[r]], m.rank[r] == 0, m.rank[r], ev.data.entities[r]),
    )


def method_table(rd: ReportData, m: MethodOutcome) -> Table:
    """One configured method: per row its value, rank within the period, grade and the
    method's other values (coupling C and T, VIKOR S and R, RSR's fitted value)."""
    ev = rd.ev
    columns = [*_entity_columns(rd), Column(rd.t("col.period"))]
    columns += [Column(rd.t(f"evalvalue.{m.value}"), "ratio"), Column(rd.t("col.rank"), "int")]
    if m.levels:
        columns.append(Column(rd.t(f"evalgrade.{m.method}")))
    columns += [Column(rd.t(f"evalvalue.{name}"), "ratio") for name in m.extra]
    lang = 0 if rd.lang == "zh" else 1
    rows = []
    for r in _method_order(ev, m):
        row: list[Cell] = [*_entity_cells(rd, r), ev.data.periods[r]]
        row += [_num(m.values[r]), int(m.rank[r]) or None]
        if m.levels:
            k = int(m.grade[r])
            n = len(m.levels)
            tone = round((n - k) * (GRADE_TONES - 1) / max(n - 1, 1))  # level n is best
            row.append(Badge(m.levels[k - 1][lang], f"grade-{tone}") if k else None)
        row += [_num(v[r]) for v in m.extra.values()]
        rows.append(tuple(row))
    title = f"{rd.t(f'evalmethod.{m.method}')} ({_settings_text(m)})"
    return Table(title, tuple(columns), tuple(rows))


def methods_run_table(rd: ReportData) -> Table:
    """The configured methods (obstacle degree included): key, method and variant settings."""
    columns = (Column(rd.t("col.key")), Column(rd.t("col.evalmethod")), Column(rd.t("col.variant")))
    rows = tuple((m.key, rd.t(f"evalmethod.{m.method}"), _settings_text(m)) for m in rd.ev.methods)
    return Table(rd.t("table.evalmethods"), columns, rows)


def method_tables(rd: ReportData) -> list[Table]:
    """One table per configured entity-comparing method, in the configuration's order."""
    return [method_table(rd, m) for m in rd.ev.compared]


def obstacle_table(rd: ReportData, rows: Sequence[int] | None = None) -> Table:
    """Obstacle degree: each row's indicators by obstacle degree, largest first (up to ``top``)."""
    ev = rd.ev
    ob = ev.obstacle
    assert ob is not None
    columns = (
        Column(rd.t("col.entity")),
        Column(rd.t("col.period")),
        Column(rd.t("col.order"), "int"),
        Column(rd.t("col.indicator")),
        Column(rd.t("col.obstacle"), "share"),
    )
    out = []
    for r in _ordered_rows(ev) if rows is None else rows:
        for i, (leaf, degree) in enumerate(ob.top(r), start=1):
            out.append((ev.data.label(r), ev.data.periods[r], i, rd.label(leaf), degree))
    return Table(rd.t("table.obstacle"), columns, tuple(out), grouped=True)


def obstacle_dimension_table(rd: ReportData, rows: Sequence[int] | None = None) -> Table:
    """Obstacle degree of each level-1 dimension (the sum over its indicators), per row."""
    ev = rd.ev
    ob = ev.obstacle
    assert ob is not None
    columns = [Column(rd.t("col.entity")), Column(rd.t("col.period"))]
    columns += [Column(rd.name(d), "share") for d in ob.dimensions]
    out = []
    for r in _ordered_rows(ev) if rows is None else rows:
        degrees = [_num(v) for v in ob.dimension_degrees[r].tolist()]
        out.append((ev.data.label(r), ev.data.periods[r], *degrees))
    return Table(rd.t("table.obstacle_dimensions"), tuple(columns), tuple(out))


def notes(rd: ReportData) -> tuple[str, ...]:
    """What filled cells mean, the evaluation's notes and the weights' warnings, each once."""
    first = tuple(n for n in (filled_note(rd), partial_note(rd)) if n)
    made = (*rd.ev.notes, *rd.ev.scores.weights.warnings)
    # coded notes were made in the language of the run; the report speaks its own
    return tuple(dict.fromkeys((*first, *(in_lang(n, rd.lang) or "" for n in made))))


# --- audit ---------------------------------------------------------------------------------


def files_table(audit: Audit, lang: str) -> Table:
    columns = (
        Column(t("col.file", lang)),
        Column(t("col.bytes", lang), "int"),
        Column(t("col.sha256", lang)),
    )
    rows = tuple((f.path, f.size, f.sha256) for f in audit.files)
    return Table(t("table.files", lang), columns, rows)


#: audit settings whose values are method codes, by the kind of name they have (texts.names)
_CODED = {
    "priority": "priority",
    "ri_table": "ri_table",
    "group": "group",
    "cr_policy": "cr_policy",
    "aggregation": "aggregation",
    "missing": "missing",
}


def settings_table(rd: ReportData) -> Table:
    """Run-wide settings and software versions as item / value pairs."""
    audit = rd.audit
    items: list[tuple[str, str]] = [
        (rd.t("audit.generated"), audit.generated_text),
        (rd.t("audit.qualindex"), audit.qualindex),
        (rd.t("audit.python"), audit.python),
        (rd.t("audit.libraries"), ", ".join(f"{k} {v}" for k, v in audit.libraries.items())),
    ]
    for key, value in audit.settings.items():
        shown = rd.t("audit.cr_limit_auto") if key == "cr_limit" and value == "auto" else value
        if key in _CODED:
            # "reweight (min_coverage 0.65)": the policy is a code, the rest its setting
            head, sep, rest = shown.partition(" ")
            shown = rd.code(_CODED[key], head) + sep + rest
        items.append((rd.t(f"audit.{key}"), shown))
    if rd.ev.fce is not None:
        items.append((rd.t("audit.fce_operator"), rd.code("fce", rd.ev.fce.operator)))
    items.append((rd.t("audit.ipa"), f"{rd.ev.ipa}: {rd.t(f'ipa.{rd.ev.ipa}')}"))
    kept = rd.ev.shown
    if kept is not None:
        count = {k: f"{getattr(kept, k):,}" for k in ("shown", "total", "each", "limit")}
        items.append((rd.t("audit.rows_shown"), rd.t("audit.rows_shown_value", **count)))
    columns = (Column(rd.t("col.item")), Column(rd.t("col.value")))
    return Table(rd.t("table.methods"), columns, tuple(items))


def methods_table(rd: ReportData) -> Table:
    """How each aggregate node was weighted, with the AHP settings it used."""
    columns = (
        Column(rd.t("col.node")),
        Column(rd.t("col.method")),
        Column(rd.t("audit.priority")),
        Column(rd.t("col.ri_table")),
        Column(rd.t("col.cr_limit"), "limit"),
        Column(rd.t("audit.group")),
    )
    rows = []
    for m in rd.audit.methods:
        method = rd.method(m.method) + (rd.t("word.default") if m.default else "")
        codes = (rd.code("priority", m.priority), rd.code("ri_table", m.ri_table))
        rows.append((rd.label(m.node), method, *codes, m.cr_limit, rd.code("group", m.group)))
    return Table(rd.t("audit.methods_used"), columns, tuple(rows))


def ri_table(rd: ReportData) -> Table:
    """The RI value used for each RI table and matrix order."""
    columns = (
        Column(rd.t("col.ri_table")),
        Column(rd.t("col.n"), "int"),
        Column(rd.t("col.ri"), "ratio"),
    )
    rows = tuple(
        (rd.code("ri_table", name), n, ri)
        for name, table in rd.audit.ri_tables.items()
        for n, ri in table.items()
    )
    return Table(rd.t("table.ri"), columns, rows)


def numeric_value(cell: Cell) -> float | int | None:
    """The number inside a cell (for Excel), or None when it holds no number."""
    if isinstance(cell, Flag | Filled):
        return cell.value
    if isinstance(cell, bool) or not isinstance(cell, (int, float, np.floating)):
        return None
    return None if math.isnan(float(cell)) else cell


def report_data(
    project: Project,
    ev: Evaluation,
    *,
    lang: str,
    now: datetime | None = None,
    analyses: Analyses | None = None,
) -> ReportData:
    """Gather what every report needs: consistency checks per expert, the audit trail, and the
    caller's ``analyses`` (computed by the caller: the report only renders them)."""
    from qualindex.report.audit import build_audit
    from qualindex.weighting.review import diagnose_tree

    check_lang(lang)
    checks = diagnose_tree(project.index, project.all_judgments, project.options)
    audit = build_audit(project, ev, now=now)
    given = analyses or Analyses()
    return ReportData(project, ev, checks, audit, lang, given.experts, given.sensitivity)


def rank_interval_table(rd: ReportData) -> Table:
    """Per entity: its rank, and the median and 5-95 % interval of its rank over draws of the
    experts' judgments, the share of draws it ranks first, and each grade's probability."""
    s = rd.sensitivity
    mc = s.monte_carlo if s is not None else None
    grades = list(mc["entities"][0]["grades"]) if mc and mc["entities"] else []  # en labels
    bands = sorted(rd.index.grades.bands, key=lambda b: b.min) if rd.index.grades else []
    shown = {b.label.get("en"): b.label.get(rd.lang) for b in bands}
    columns = (
        Column(rd.t("col.entity")),
        Column(rd.t("col.name")),
        Column(rd.t("col.rank"), "int"),
        Column(rd.t("col.rank_median"), "int"),
        Column(rd.t("col.rank_interval")),
        Column(rd.t("col.first_share"), "share"),
        *(Column(rd.t("col.grade_share", grade=shown.get(g, g)), "share") for g in grades),
    )
    names = dict(zip(s.entities, s.names, strict=True)) if s is not None else {}
    rows = (
        tuple(
            (
                e["id"],
                names.get(e["id"], ""),
                e["base_rank"],
                e["median"],
                f"{e['q05']}–{e['q95']}",
                e["first"],
                *(e["grades"][g] for g in grades),
            )
            for e in sorted(mc["entities"], key=lambda e: e["base_rank"])
        )
        if mc
        else ()
    )
    title = rd.t("table.rank_intervals", draws=mc["options"]["draws"] if mc else 0)
    return Table(title, columns, rows)


SOURCES_SHOWN = ("judgments", "values", "methods", "all")


def source_interval_table(rd: ReportData) -> Table:
    """Per entity, its rank's 5-95 % interval under each uncertain source alone and all
    together (empty when only one source varied: the rank-interval table says it all)."""
    s = rd.sensitivity
    given = [k for k in SOURCES_SHOWN if s is not None and k in s.intervals]
    columns = (
        Column(rd.t("col.entity")),
        Column(rd.t("col.name")),
        Column(rd.t("col.rank"), "int"),
        *(Column(rd.t("col.source_interval", source=rd.t(f"source.{k}"))) for k in given),
    )
    mc = s.monte_carlo if s is not None else None
    if s is None or mc is None or len(given) < 2:
        return Table(rd.t("table.source_intervals"), columns, ())
    names = dict(zip(s.entities, s.names, strict=True))
    per = {k: {e["id"]: e for e in s.intervals[k]} for k in given}
    rows = tuple(
        (
            e["id"],
            names[e["id"]],
            e["base_rank"],
            *(f"{per[k][e['id']]['q05']}–{per[k][e['id']]['q95']}" for k in given),
        )
        for e in sorted(mc["entities"], key=lambda e: e["base_rank"])
    )
    return Table(rd.t("table.source_intervals"), columns, rows)


def tornado_table(rd: ReportData, top: int = 10) -> Table:
    """Per node, the swing (max - min) of each leading entity's composite while one of the
    node's child weights moves ±10 % (the numbers of the tornado chart)."""
    s = rd.sensitivity
    mc = s.monte_carlo if s is not None else None
    shown: list[str] = []
    if s is not None and s.tornado:
        ranks = {e["id"]: e["base_rank"] for e in mc["entities"]} if mc else {}
        base = s.tornado[0]["base"]
        shown = sorted(s.entities, key=lambda e: ranks.get(e, 0) or -base[e])[:top]
    names = dict(zip(s.entities, s.names, strict=True)) if s is not None else {}
    columns = (Column(rd.t("col.node")), *(Column(names[e], "ratio") for e in shown))
    rows = tuple(
        (rd.label(r["node"]), *(r["swing"][e] for e in shown))
        for r in (s.tornado if s is not None else ())
    )
    return Table(rd.t("table.tornado"), columns, rows)


def switch_table(rd: ReportData) -> Table:
    """The weights closest to changing the order of the leading entities, with the exact
    weight at which two of them swap."""
    columns = (
        Column(rd.t("col.weight_of")),
        Column(rd.t("col.local"), "weight"),
        Column(rd.t("col.switch_at"), "weight"),
        Column(rd.t("col.swapping")),
        Column(rd.t("col.ahead_above")),
    )
    s = rd.sensitivity
    rows = tuple(
        (
            f"{rd.name(w['child'])} / {rd.name(w['node'])}",
            w["current"],
            w["weight"],
            f"{w['first']} ↔ {w['second']}",
            w["leader_above"],
        )
        for w in (s.switches[:SWITCHES_SHOWN] if s is not None else ())
    )
    return Table(rd.t("table.switch_points"), columns, rows)


def agreement_table(rd: ReportData) -> Table:
    """Per node the experts judged: Kendall's W of their priorities (or scores) with chi-square
    and p, and the consensus S* of their AHP priorities; each expert's authority Cr."""
    columns = (
        Column(rd.t("col.node")),
        Column(rd.t("col.method")),
        Column(rd.t("col.experts"), "int"),
        Column(rd.t("col.kendall_w"), "ratio"),
        Column(rd.t("col.chi2"), "points"),
        Column(rd.t("col.p_value"), "ratio"),
        Column(rd.t("col.consensus"), "ratio"),
    )
    stats = rd.experts
    rows: list[tuple[Cell, ...]] = []
    for n in stats.nodes if stats is not None else ():
        k = n.kendall
        rows.append(
            (
                rd.label(n.node),
                rd.method(n.method),
                len(n.experts),
                None if k is None else k.w,
                None if k is None else k.chi2,
                None if k is None else k.p_value,
                n.consensus,
            )
        )
    return Table(rd.t("table.agreement"), columns, tuple(rows))


def authority_table(rd: ReportData) -> Table:
    """Each expert's authority Cr = (Ca + Cs) / 2 from the judgment files (accepted at 0.7)."""
    columns = (
        Column(rd.t("col.expert")),
        Column(rd.t("col.basis"), "ratio"),
        Column(rd.t("col.familiarity"), "ratio"),
        Column(rd.t("col.authority"), "ratio"),
        Column(rd.t("col.passed")),
    )
    rows = tuple(
        (a.name or a.expert, a.basis, a.familiarity, a.authority, _pass(rd, a.accepted))
        for a in (rd.experts.authority if rd.experts is not None else ())
    )
    return Table(rd.t("table.authority"), columns, rows)


def drop_column(table: Table, header: str) -> Table:
    """``table`` without the column titled ``header`` (e.g. the period in a one-period list)."""
    keep = [i for i, c in enumerate(table.columns) if c.header != header]
    return Table(
        table.title,
        tuple(table.columns[i] for i in keep),
        tuple(tuple(row[i] for i in keep) for row in table.rows),
        table.grouped,
        sum(1 for i in keep if i < table.merged),
    )


def consistency_table(rd: ReportData) -> Table:
    """Nodes and experts in one table (for spreadsheets): each node's group matrix on a
    row of its own (expert "group"), then its experts."""
    nodes, experts = node_consistency_table(rd), expert_table(rd)
    columns = [*_check_columns(rd, ("node", "expert")), Column(rd.t("col.consensus"), "ratio")]
    columns += [Column(rd.t("col.passed")), Column(rd.t("col.used")), Column(rd.t("col.name"))]
    # the experts' own columns past their name (the judgments completed, when any were)
    extra = experts.columns[len(columns) - 1 :]
    columns += extra
    by_node: dict[str, list[tuple[Cell, ...]]] = {}
    for row in experts.rows:
        assert isinstance(row[0], Label)
        by_node.setdefault(row[0].id, []).append((*row[:9], None, *row[9:]))
    rows: list[tuple[Cell, ...]] = []
    for row in nodes.rows:
        assert isinstance(row[0], Label)
        group = rd.t("word.group")
        rows.append((row[0], group, *row[2:9], row[9], row[10], "", "", *([""] * len(extra))))
        rows.extend(by_node.get(row[0].id, []))
    return Table(rd.t("sheet.consistency"), tuple(columns), tuple(rows))


def trim_periods(rd: ReportData, table: Table) -> Table:
    """Without the period column when the data has no periods, and without the change
    column when there is only one period (both would be empty)."""
    periods = rd.ev.period_order()
    if len(periods) < 2:
        table = drop_column(table, rd.t("col.change"))
    if not any(periods):
        table = drop_column(table, rd.t("col.period"))
    return table


def cell_spans(table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of every cell that is written -> (rows down, columns across) it spans.

    In the ``merged`` columns a run of equal cells is one cell, and a None right of a
    node joins that node's cell; a grouped table's first column merges its runs.  Every
    writer that can merge cells (Word, HTML, Excel) lays a table out from this one map."""
    rows, n = table.rows, len(table.columns)
    vertical = table.merged or (1 if table.grouped else 0)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        c = 0
        while c < n:
            if c < vertical and r > 0 and _same(rows[r - 1], row, c) and row[c] is not None:
                c += 1
                continue  # inside the run that starts above
            across = 1
            while c + across < table.merged and row[c] is not None and row[c + across] is None:
                across += 1
            down = 1
            if c < vertical and row[c] is not None:
                while r + down < len(rows) and _same(rows[r + down - 1], rows[r + down], c):
                    down += 1
            spans[(r, c)] = (down, across)
            c += across
    return spans


def _same(a: Sequence[Cell], b: Sequence[Cell], c: int) -> bool:
    """Whether two rows hold the same node in column ``c`` (and the same ones left of it)."""
    return a[c] is not None and all(a[k] == b[k] for k in range(c + 1))
