"""The index document: an index system as a standards committee publishes it, without data.

:func:`index_document` gathers what the document is made of — the hierarchy, the weights
that judgments alone settle (:func:`qualindex.weighting.tree.weigh_tree` with
``pending=True``: a node weighted from data gets NaN weights, shown as a dash and named in
a note, never a guess), the consistency check of every judgment matrix per expert — and
the builders below turn it into :class:`~qualindex.report.tables.Table` objects, the same
model the evaluation report uses, so the HTML, Markdown, Excel and Word writers
(:mod:`qualindex.report.docwriters`, :mod:`qualindex.report.docx`) only lay them out.

The structure table is printed the way Chinese standards print an index system
(level 1 / level 2 / level 3 / weight / scoring / notes): one row per indicator, a parent's
cell spanning its indicators' rows (``Table.merged``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from qualindex import __version__
from qualindex.hierarchy.model import IndexSystem, Indicator, Node, Scale
from qualindex.report import tables as tb
from qualindex.report.messages import MESSAGES, check_lang
from qualindex.report.tables import Cell, Column, Label, ReportWords, Table
from qualindex.run import Project
from qualindex.weighting.review import MatrixCheck
from qualindex.weighting.tree import TreeWeights

if TYPE_CHECKING:
    from qualindex.decision import Decision

__all__ = [
    "IndexDocument",
    "alternatives_tables",
    "document_tables",
    "grades_table",
    "index_document",
    "indicator_table",
    "notes",
    "overview",
    "scales_table",
    "scoring_text",
    "sources_table",
    "structure_table",
]

LEVEL_HEADERS = 5  # col.level_1 .. col.level_5; deeper levels use col.level_n


@dataclass(frozen=True)
class IndexDocument(ReportWords):
    """What the index document shows: the project, its weights without data, the checks of
    every judgment matrix (per node and expert), the language and the time of writing."""

    project: Project
    weights: TreeWeights
    checks: tuple[MatrixCheck, ...]
    lang: str
    generated: datetime
    # a decision model: its synthesis in the distributive and the ideal mode (else empty)
    decisions: tuple[Decision, ...] = ()
    ranking_waits_for: tuple[str, ...] = ()  # nodes whose judgments the ranking needs

    @property
    def index(self) -> IndexSystem:
        return self.project.index

    @property
    def version_line(self) -> str:
        return self.t("report.generated_by", version=__version__)


def index_document(project: Project, *, lang: str, now: datetime | None = None) -> IndexDocument:
    """Weigh ``project`` without data and check its judgments: the index document's model."""
    from qualindex.weighting.review import diagnose_tree
    from qualindex.weighting.tree import weigh_tree

    check_lang(lang)
    tw = weigh_tree(project.index, project.judgments, options=project.options, pending=True)
    checks = diagnose_tree(project.index, project.all_judgments, project.options)
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    decisions: tuple[Decision, ...] = ()
    waiting = _ranking_waits_for(project, tw)
    if project.index.alternatives and not waiting:
        from qualindex.decision import decide

        distributive = decide(project, mode="distributive")
        decisions = (distributive, decide(project, mode="ideal", weights=distributive.weights))
    return IndexDocument(project, tw, tuple(checks), lang, when, decisions, waiting)


def _ranking_waits_for(project: Project, tw: TreeWeights) -> tuple[str, ...]:
    """The nodes a decision model's ranking still needs judgments on: aggregates whose weights
    wait for them, and criteria whose alternatives the experts compare but none has yet (the
    index file alone, without its run configuration)."""
    from qualindex.hierarchy.schema import PairwiseAssess

    if not project.index.alternatives:
        return ()
    waits = {w.node for w in tw.nodes.values() if w.provenance.get("pending") == "judgments"}
    pending = [n.id for n in project.index.walk() if n.id in waits]
    judged = {c for j in project.all_judgments for c in j.alternatives}
    compared = [
        leaf.id
        for leaf in project.index.leaves()
        if isinstance(leaf.assess, PairwiseAssess) and leaf.id not in judged
    ]
    return (*pending, *compared)


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def _level_header(doc: IndexDocument, level: int) -> str:
    if level <= LEVEL_HEADERS:
        return doc.t(f"col.level_{level}")
    return doc.t("col.level_n", n=level)


def structure_table(doc: IndexDocument) -> Table:
    """One row per indicator: its ancestors from level 1 down (each name with its local
    weight, a parent's cell spanning its indicators), the global weight, the scoring rule
    and the indicator's definition."""
    index = doc.index
    depth = index.depth
    columns = [Column(_level_header(doc, k)) for k in range(1, depth + 1)]
    columns += [Column(doc.t("col.weight"), "weight"), Column(doc.t("col.scoring"))]
    columns.append(Column(doc.t("col.remark")))
    rows = []
    for leaf in index.leaves():
        levels: list[Cell] = [None] * depth
        for node_id in leaf.path[1:]:  # from level 1 down to the leaf itself
            node = index.nodes[node_id]
            if node.level >= 1:
                local = _number(doc.weights.local.get(node.id))
                levels[node.level - 1] = Label(node.name.get(doc.lang), node.id, 0, local)
        scoring = scoring_text(doc, leaf)
        definition = _remark(doc, leaf)
        weight = _number(doc.weights.global_weights.get(leaf.id))
        rows.append((*levels, weight, scoring, definition))
    table = Table(doc.t("table.structure"), tuple(columns), tuple(rows), merged=depth)
    if not any(row[-1] for row in rows):  # no definitions or units: no empty column
        table = tb.drop_column(table, doc.t("col.remark"))
    return table


def _remark(doc: IndexDocument, leaf: Node) -> str:
    """The definition, and the unit (the one measurement fact the structure table lacks)."""
    ind = leaf.indicator
    parts = [leaf.description.get(doc.lang)] if leaf.description else []
    if ind is not None and ind.unit:
        parts.append(doc.t("doc.unit", unit=ind.unit))
    return ("" if doc.lang == "zh" else " ").join(parts)


def indicator_table(doc: IndexDocument) -> Table:
    """Per indicator: id, name, unit, direction, threshold, target (or band), scoring rule."""
    columns = (
        Column(doc.t("col.id")),
        Column(doc.t("col.indicator")),
        Column(doc.t("col.unit")),
        Column(doc.t("col.direction")),
        Column(doc.t("col.threshold"), "value"),
        Column(doc.t("col.target"), "value"),
        Column(doc.t("col.scoring")),
    )
    rows = []
    for leaf in doc.index.leaves():
        ind = leaf.indicator
        assert ind is not None  # a leaf is an indicator
        target: Cell = ind.target
        if ind.band is not None:
            target = f"[{ind.band[0]:g}, {ind.band[1]:g}]"
        unit = ind.unit or (ind.scale.id if ind.scale is not None else "")
        name = leaf.name.get(doc.lang)
        rows.append(
            (
                leaf.id,
                name,
                unit,
                doc.t(f"direction.{ind.direction}"),
                ind.threshold,
                target,
                scoring_text(doc, leaf),
            )
        )
    return Table(doc.t("table.indicators"), columns, tuple(rows))


def _g(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def scoring_text(doc: IndexDocument, leaf: Node) -> str:
    """The indicator's scoring rule as a formula in the document's language."""
    ind = leaf.indicator
    assert ind is not None
    rule = ind.scoring
    name = rule.name
    text = _scoring_formula(doc, ind, name)
    if ind.scoring_default:
        text += doc.t("word.default")
    return text


def _scoring_formula(doc: IndexDocument, ind: Indicator, name: str) -> str:
    rule = ind.scoring
    lower = ind.direction == "lower"
    if name == "linear":
        clip = doc.t("scoring.clip") if getattr(rule, "clip", True) else ""
        low, high = getattr(rule, "threshold_score", 60.0), getattr(rule, "target_score", 100.0)
        return doc.t(
            "scoring.linear",
            threshold=_g(ind.threshold),
            target=_g(ind.target),
            low=_g(low),
            high=_g(high),
            clip=clip,
        )
    if name == "goalposts":
        key = "scoring.goalposts_lower" if lower else "scoring.goalposts"
        return doc.t(key, lo=_g(getattr(rule, "lo", None)), hi=_g(getattr(rule, "hi", None)))
    if name in ("minmax", "ratio"):
        key = f"scoring.{name}_lower" if lower else f"scoring.{name}"
        return doc.t(key, baseline=_g(ind.baseline))
    if name == "piecewise":
        shown = doc.t("scoring.point_sep").join(
            f"{v:g} → {s:g}" for v, s in getattr(rule, "points", ())
        )
        return doc.t("scoring.piecewise", points=shown)
    if name == "band":
        return _band_text(doc, ind)
    if name in ("likert", "gap"):
        return _scale_text(doc, ind, name)
    if name == "points":
        return doc.t("scoring.points", points=_g(ind.points))
    if name == "relative":
        mode = getattr(rule, "mode", "ideal")
        return doc.t(
            "scoring.relative_distributive" if mode == "distributive" else "scoring.relative"
        )
    return doc.t(f"scoring.{name}") if f"scoring.{name}" in MESSAGES else name


def _band_text(doc: IndexDocument, ind: Indicator) -> str:
    low, high = ind.band if ind.band is not None else (ind.target, ind.target)
    tolerance = getattr(ind.scoring, "tolerance", None)
    tol = _g(tolerance) if tolerance is not None else doc.t("scoring.band_auto")
    return doc.t("scoring.band", low=_g(low), high=_g(high), tolerance=tol)


def _scale_text(doc: IndexDocument, ind: Indicator, name: str) -> str:
    """The rule names its scale; the scale's points are listed once, in the scales table."""
    scale = ind.scale
    if scale is None:
        return name
    label = scale.name.get(doc.lang) if scale.name else scale.id
    reverse = doc.t("scoring.reverse") if ind.reverse else ""
    if name == "gap":
        return doc.t("scoring.gap", scale=label)
    return doc.t("scoring.likert", scale=label, reverse=reverse)


def scales_table(doc: IndexDocument) -> Table | None:
    """Each answer scale the indicators use, once: its answers and the score of each."""
    scales: dict[str, Scale] = {}
    for leaf in doc.index.leaves():
        ind = leaf.indicator
        if ind is not None and ind.scale is not None:
            scales.setdefault(ind.scale.id, ind.scale)
    if not scales:
        return None
    sep = doc.t("word.list_sep")
    columns = (Column(doc.t("col.scale")), Column(doc.t("col.scale_points")))
    rows = tuple(
        (
            scale.name.get(doc.lang) if scale.name else scale.id,
            sep.join(
                f"{p.label.get(doc.lang) if p.label else f'{p.value:g}'} = {p.score:g}"
                for p in scale.points
            ),
        )
        for scale in scales.values()
    )
    return Table(doc.t("table.scales"), columns, rows)


def grades_table(doc: IndexDocument) -> Table | None:
    """The grade bands, best first: label and the lowest score that earns it."""
    grades = doc.index.grades
    if grades is None:
        return None
    columns = (Column(doc.t("col.grade")), Column(doc.t("col.min_score"), "value"))
    bands = sorted(grades.bands, key=lambda b: -b.min)
    rows = tuple((b.label.get(doc.lang), b.min) for b in bands)
    return Table(doc.t("table.grades"), columns, rows)


def alternatives_tables(doc: IndexDocument) -> list[Table]:
    """A decision model's ranking (both synthesis modes side by side: a rank reversal shows)
    and the local priorities under each criterion as the distributive mode composes them."""
    if not doc.decisions:
        return []
    dist, ideal = doc.decisions
    d, i = dist.synthesis, ideal.synthesis
    names = [a.name.get(doc.lang) or a.id for a in dist.alternatives]
    ranking = Table(
        doc.t("table.alt_ranking"),
        (
            Column(doc.t("col.rank"), "int"),
            Column(doc.t("col.alternative")),
            Column(doc.t("col.priority_distributive"), "weight"),
            Column(doc.t("col.rank_ideal"), "int"),
            Column(doc.t("col.priority_ideal"), "weight"),
        ),
        tuple(
            (
                int(d.ranks[k]),
                names[k],
                float(d.priorities[k]),
                int(i.ranks[k]),
                float(i.priorities[k]),
            )
            for k in sorted(range(len(names)), key=lambda k: (d.ranks[k], k))
        ),
    )
    columns = [
        Column(doc.t("col.criterion")),
        Column(doc.t("col.weight"), "weight"),
        Column(doc.t("col.assessed")),
        *(Column(n, "ratio") for n in names),
        Column(doc.t("col.cr"), "ratio"),
    ]
    rows = tuple(
        (
            doc.label(c.criterion),
            c.weight,
            doc.code("assess", c.method),
            *(float(x) for x in used),
            c.cr,
        )
        for c, used in zip(dist.criteria, d.used, strict=True)
    )
    return [ranking, Table(doc.t("table.alt_local"), tuple(columns), rows)]


def sources_table(doc: IndexDocument) -> Table:
    """Every source the index cites: the index's own, then each node's, in file order."""
    columns = (Column(doc.t("col.node")), Column(doc.t("col.source")))
    rows: list[tuple[Cell, ...]] = []
    for node in doc.index.walk():
        cited = doc.index.sources if node.id == doc.index.id else node.sources
        rows.extend((node.name.get(doc.lang), s) for s in cited)
    return Table(doc.t("table.sources"), columns, tuple(rows), grouped=True)


def overview(doc: IndexDocument) -> list[tuple[str, str]]:
    """The document's front matter as label / value pairs."""
    index = doc.index
    methods = sorted(
        {doc.method(w.method) for w in doc.weights.nodes.values()}, key=lambda m: (len(m), m)
    )
    lo, hi = index.score_range
    items = [
        (doc.t("meta.index"), index.name.get(doc.lang)),
        ("ID", index.id),
        (doc.t("meta.version"), index.version),
        (doc.t("meta.levels"), str(index.depth)),
        (doc.t("meta.aggregates"), str(len(index.aggregates()))),
        (doc.t("meta.indicators"), str(len(index.leaves()))),
        (doc.t("meta.weighting"), doc.t("word.list_sep").join(methods)),
        (doc.t("meta.score_range"), f"{lo:g}–{hi:g}"),
    ]
    experts = sorted({j.expert.display for j in doc.project.all_judgments})
    if experts:
        items.append((doc.t("meta.experts"), doc.t("word.list_sep").join(experts)))
    items.append((doc.t("meta.generated"), doc.generated.strftime("%Y-%m-%d %H:%M")))
    return items


def notes(doc: IndexDocument) -> tuple[str, ...]:
    """Weights set later from data, entries not yet checked, and the weights' warnings."""
    out: list[str] = []
    sep = doc.t("word.list_sep")
    for waiting, key in (("data", "explain.pending"), ("judgments", "explain.pending_judgments")):
        pending = [w for w in doc.weights.nodes.values() if w.provenance.get("pending") == waiting]
        if pending:
            nodes = sep.join(doc.name(w.node) for w in pending)
            methods = sep.join(dict.fromkeys(doc.method(w.method) for w in pending))
            out.append(doc.t(key, nodes=nodes, methods=methods))
    unverified = [n.name.get(doc.lang) for n in doc.index.walk() if not n.verified]
    if unverified:
        out.append(doc.t("explain.unverified", nodes=sep.join(unverified)))
    if doc.ranking_waits_for:
        nodes = sep.join(doc.name(n) for n in doc.ranking_waits_for)
        out.append(doc.t("explain.ranking_waits", nodes=nodes))
    decided = [(*d.notes, *d.warnings) for d in doc.decisions[:1]]  # the same in both modes
    return tuple(dict.fromkeys((*out, *doc.weights.warnings, *(n for ns in decided for n in ns))))


def document_tables(doc: IndexDocument) -> Iterator[tuple[str, list[Table], str]]:
    """The sections in order: heading key, tables, the explanation under the heading."""
    index = doc.index
    lo, hi = index.score_range
    yield "section.doc_structure", [structure_table(doc)], doc.t("explain.structure")
    scales = scales_table(doc)
    yield (
        "section.doc_indicators",
        [indicator_table(doc), *([scales] if scales is not None else [])],
        doc.t("explain.indicators", lo=f"{lo:g}", hi=f"{hi:g}"),
    )
    consistency = [tb.node_consistency_table(doc), tb.expert_table(doc)]
    consistency = [c for c in consistency if c.rows]
    weights = [tb.weights_table(doc), *tb.dematel_tables(doc), *consistency]
    explain = doc.t("explain.doc_weights")
    if not consistency:
        explain += (" " if doc.lang == "en" else "") + doc.t("explain.no_judgments")
    yield "section.doc_weights", weights, explain
    if doc.decisions:
        yield (
            "section.doc_alternatives",
            alternatives_tables(doc),
            doc.t("explain.doc_alternatives"),
        )
    grades = grades_table(doc)
    if grades is not None:
        yield "section.doc_grades", [grades], ""
    sources = sources_table(doc)
    if sources.rows:
        yield "section.doc_sources", [sources], ""
