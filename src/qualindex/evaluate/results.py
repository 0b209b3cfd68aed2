"""From node scores to what a consultant hands over: grades, ranks, diagnoses, comparisons.

Everything here is derived from :class:`~qualindex.evaluate.engine.Scores` and the
dataset's row keys; no weights or scores are recomputed.  Ranks are within a
period (and within group and period); the priority list orders a row's
indicators by shortfall = global weight x (100 - score), i.e. importance times the
gap to the full score (GB/T 19038-2009, annex D's importance-satisfaction logic).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import InputError
from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.engine import Scores
from qualindex.evaluate.methods import MethodOutcome, ObstacleOutcome, method_notes, run_methods
from qualindex.evaluate.priority import IPA_QUADRANTS, IPACentre, scale_cuts
from qualindex.evaluate.ranking import block_codes, competition_ranks
from qualindex.evaluate.surveystats import SurveyStats, survey_stats
from qualindex.hierarchy.model import GradeBand, IndexSystem, frozen_map
from qualindex.hierarchy.schema import EvalMethod
from qualindex.texts import msg
from qualindex.weighting.tree import TreeWeights

__all__ = [
    "SUMMARY_QUANTILES",
    "Evaluation",
    "FCEOutcome",
    "MethodOutcome",
    "ObstacleOutcome",
    "Priority",
    "PriorityTable",
    "RowSummary",
    "RowsShown",
    "analyse",
    "block_summaries",
    "filled_by_policy",
    "gaps_after",
    "grade_codes",
    "rank_desc",
    "row_summaries",
    "rows_by_period_and_rank",
    "short_board_codes",
    "shown_note",
    "shown_positions",
    "take_rows",
    "trim_rows",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Priority:
    """One indicator on a row's improvement list."""

    indicator: str
    score: float
    global_weight: float
    shortfall: float
    quadrant: str  # IPA quadrant key


class PriorityTable(Sequence[tuple[Priority, ...]]):
    """Every row's improvement list, held as flat arrays (one entry per listed indicator).

    ``table[r]`` is row ``r``'s tuple of :class:`Priority`, made when asked for, so a million
    rows cost a few arrays, not five million objects.  Entries are sorted by row, and within
    a row by shortfall, largest first; ``bounds[r]:bounds[r + 1]`` are row ``r``'s entries.
    """

    __slots__ = ("bounds", "leaf", "leaves", "quadrant", "score", "shortfall", "weight")

    def __init__(
        self,
        leaves: Sequence[str],
        bounds: NDArray[np.intp],
        leaf: NDArray[np.intp],
        score: FloatArray,
        weight: FloatArray,
        shortfall: FloatArray,
        quadrant: NDArray[np.int64],
    ) -> None:
        self.leaves = tuple(leaves)
        self.bounds, self.leaf, self.score = bounds, leaf, score
        self.weight, self.shortfall, self.quadrant = weight, shortfall, quadrant
        for a in (bounds, leaf, score, weight, shortfall, quadrant):
            a.flags.writeable = False

    @classmethod
    def empty(cls, leaves: Sequence[str], rows: int) -> PriorityTable:
        none = np.empty(0)
        return cls(
            leaves,
            np.zeros(rows + 1, dtype=np.intp),
            np.empty(0, dtype=np.intp),
            none,
            none.copy(),
            none.copy(),
            np.empty(0, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @overload
    def __getitem__(self, r: int) -> tuple[Priority, ...]: ...
    @overload
    def __getitem__(self, r: slice) -> Sequence[tuple[Priority, ...]]: ...
    def __getitem__(self, r: int | slice) -> Any:
        if isinstance(r, slice):
            return [self[i] for i in range(*r.indices(len(self)))]
        n = len(self)
        if not -n <= r < n:
            raise IndexError(r)
        r %= n
        a, b = int(self.bounds[r]), int(self.bounds[r + 1])
        return tuple(
            Priority(self.leaves[j], sc, w, sf, IPA_QUADRANTS[q] if q >= 0 else "")
            for j, sc, w, sf, q in zip(
                self.leaf[a:b].tolist(),
                self.score[a:b].tolist(),
                self.weight[a:b].tolist(),
                self.shortfall[a:b].tolist(),
                self.quadrant[a:b].tolist(),
                strict=True,
            )
        )


@dataclass(frozen=True)
class FCEOutcome:
    """Fuzzy comprehensive evaluation of the survey part of the tree, per row."""

    grades: tuple[str, ...]  # labels of the scale points, best first
    b: FloatArray  # rows x grades
    grade: tuple[str, ...]  # grade by maximum membership, per row
    score: FloatArray  # B . grade scores
    operator: str
    scale: str


#: The quantiles of a :class:`RowSummary` (minimum, deciles and quartiles, median, maximum).
SUMMARY_QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


@dataclass(frozen=True, slots=True)
class RowSummary:
    """The composites of one block of rows: every row of a period, or of one group value in a
    period (``group`` and ``value`` empty for the whole period)."""

    period: str
    group: str
    value: str
    count: int  # rows
    scored: int  # rows with a composite
    mean: float  # NaN when no row is scored
    quantiles: tuple[float, ...]  # at SUMMARY_QUANTILES
    grades: tuple[int, ...]  # rows per grade band (index.grades order), then rows with none


@dataclass(frozen=True)
class RowsShown:
    """What an evaluation kept for a report when its rows exceeded the report's limit.

    Kept are, per period, the ``each`` best and the ``each`` worst rows (unranked rows count
    as the worst); every other number of the report that reads all rows (group means,
    change since the previous period, the notes) was computed from all rows first, and
    :attr:`summaries` describe all rows.
    """

    limit: int  # report.max_rows
    total: int  # entity-period rows in all
    entities: int  # distinct entities in all
    each: int  # best and worst rows kept per period
    omitted: Mapping[str, int]  # period -> rows not shown
    summaries: tuple[RowSummary, ...]
    # over all rows, for the report's footnotes: composites resting on part of the weight,
    # and scores filled by a missing-value rule
    partial: int = 0
    filled: Mapping[str, int] = field(default_factory=frozen_map)  # policy -> cells
    # over all rows, for the rows kept: Evaluation.change and Evaluation.group_means
    change: Mapping[str, FloatArray] = field(default_factory=frozen_map, compare=False)
    group_means: Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]] = field(
        default_factory=frozen_map, compare=False
    )

    @property
    def shown(self) -> int:
        return self.total - sum(self.omitted.values())


@dataclass(frozen=True)
class Evaluation:
    """Every result of one evaluation run, row by row ((entity, period) pairs)."""

    index: IndexSystem
    data: Dataset
    scores: Scores
    grades: tuple[GradeBand | None, ...]
    rank: NDArray[np.int64]  # within period
    rank_in_group: Mapping[str, NDArray[np.int64]]  # group column -> rank within group and period
    short_board: tuple[str, ...]  # the weakest level-1 dimension per row
    fce: FCEOutcome | None
    topsis: FloatArray  # closeness per row (within its period)
    survey: SurveyStats | None
    notes: tuple[str, ...]
    # evaluate.methods, in the configuration's order (obstacle degree included)
    methods: tuple[MethodOutcome | ObstacleOutcome, ...] = ()
    top: int = 5  # entries per row on the improvement list
    # IPA cuts: "scale" (mean weight 1/k, the pass mark) or "data" (each row's own means)
    ipa: IPACentre = "scale"
    # set when only some rows were kept (a report over its row limit): what was left out
    shown: RowsShown | None = None

    # Derived row x leaf tables, computed when first read: a CSV of a million rows needs
    # none of them, a report all of them (the same numbers either way).
    @cached_property
    def contribution(self) -> FloatArray:
        """rows x leaves: global weight x score."""
        return self.scores.leaf_scores * self._leaf_weights

    @cached_property
    def shortfall(self) -> FloatArray:
        """rows x leaves: global weight x (full score - score)."""
        return (self.index.score_range[1] - self.scores.leaf_scores) * self._leaf_weights

    @cached_property
    def priorities(self) -> PriorityTable:
        """row -> tuple of :class:`Priority` (a sequence, built from arrays)."""
        w = self._leaf_weights
        s = self.scores.leaf_scores
        return _priorities(self.data.leaves, s, w, self.shortfall, self.top, self.ipa_cuts)

    @property
    def ipa_cuts(self) -> tuple[float, float] | None:
        """(importance cut, performance cut) of the scale-centred IPA; None when data-centred
        (each row is cut at its own means)."""
        if self.ipa == "data":
            return None
        minima = [b.min for b in self.index.grades.bands] if self.index.grades else []
        return scale_cuts(max(len(self.data.leaves), 1), self.index.score_range, minima)

    @cached_property
    def change(self) -> Mapping[str, FloatArray]:
        """node id -> change since the entity's previous period."""
        if self.shown is not None:  # some rows only: from all rows
            return self.shown.change
        return _changes(self.index, self.data, self.scores)

    @cached_property
    def group_means(self) -> Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]]:
        """group column -> (group value, period) -> node id -> mean score."""
        if self.shown is not None:  # some rows only: from all rows
            return self.shown.group_means
        return _group_means(self.index, self.data, self.scores)

    @property
    def _leaf_weights(self) -> FloatArray:
        return self.scores.weights.leaf_vector(self.data.leaves)

    @property
    def composite(self) -> FloatArray:
        return self.scores.nodes[self.index.id]

    @property
    def compared(self) -> tuple[MethodOutcome, ...]:
        """The methods that score and rank entities (all but obstacle degree)."""
        return tuple(m for m in self.methods if isinstance(m, MethodOutcome))

    @property
    def obstacle(self) -> ObstacleOutcome | None:
        """The first obstacle-degree entry of ``evaluate.methods``, if any."""
        return next((m for m in self.methods if isinstance(m, ObstacleOutcome)), None)

    def period_order(self) -> list[str]:
        return list(self.data.period_order)


def rank_desc(values: FloatArray, blocks: Sequence[str]) -> NDArray[np.int64]:
    """Competition ranks (1 = best; ties share the better rank) within each block; NaN -> 0.

    By sorting (O(n log n)), see :func:`qualindex.evaluate.ranking.competition_ranks`.
    """
    return competition_ranks(values, block_codes(blocks))


def analyse(
    index: IndexSystem,
    data: Dataset,
    scores: Scores,
    *,
    top: int = 5,
    fce_operator: str = "product-sum",
    boxes: int = 2,
    methods: Sequence[EvalMethod] = (),
    alpha_missing: str = "listwise",
    ipa: IPACentre = "scale",
) -> Evaluation:
    """All derived results of an evaluation; ``methods``: the run's ``evaluate.methods``."""
    composite = scores.nodes[index.id]
    grades = _grades(index, composite)
    periods = list(data.periods)
    rank_in_group = {
        g: competition_ranks(composite, block_codes(list(zip(periods, vals, strict=True))))
        for g, vals in data.groups.items()
    }
    leaf_w = scores.weights.leaf_vector(data.leaves)
    outcomes = run_methods(index, data, scores, methods)
    return Evaluation(
        index=index,
        data=data,
        scores=scores,
        grades=grades,
        rank=rank_desc(composite, periods),
        rank_in_group=frozen_map(rank_in_group),
        short_board=_short_boards(index, scores, len(data)),
        fce=_fce(index, data, scores, fce_operator),
        topsis=_topsis(data, scores, leaf_w),
        survey=survey_stats(index, data, boxes=boxes, alpha_missing=alpha_missing),
        notes=(*data.notes, *scores.notes, *method_notes(outcomes)),
        methods=outcomes,
        top=top,
        ipa=ipa,
    )


def _grades(index: IndexSystem, composite: FloatArray) -> tuple[GradeBand | None, ...]:
    """The first band (highest first) whose minimum the score reaches; None for NaN or below all."""
    if not index.grades:
        return (None,) * len(composite)
    choices = (*index.grades.bands, None)
    return tuple(choices[int(b)] for b in grade_codes(index, composite))


def grade_codes(index: IndexSystem, composite: FloatArray) -> NDArray[np.int64]:
    """Per row the position of its grade band in ``index.grades.bands`` (that length: none)."""
    bands = index.grades.bands if index.grades else ()
    which = np.full(len(composite), len(bands), dtype=np.int64)  # len(bands) = no band
    for b in range(len(bands) - 1, -1, -1):  # later bands first, earlier ones overwrite
        which[composite >= bands[b].min] = b
    return which


def _priorities(
    leaves: Sequence[str],
    s: FloatArray,
    leaf_w: FloatArray,
    shortfall: FloatArray,
    top: int,
    cuts: tuple[float, float] | None = None,
) -> PriorityTable:
    """Per row of ``s`` (rows x leaves scores): up to ``top`` observed leaves with shortfall
    > 0, the IPA's "concentrate here" quadrant first, then the rest, each by shortfall
    (largest first).

    Shortfall alone would put an important indicator above the pass mark (keep up the good
    work) before an important one below it whenever its weight is larger; the list and the
    quadrant badge beside it would then contradict each other.
    """
    ok = ~np.isnan(s)
    quadrant = _row_quadrants(leaf_w, s, ok, cuts)
    if s.size == 0:
        return PriorityTable.empty(leaves, len(s))
    # stable: equal shortfalls in one tier keep the index's order of the leaves
    later = (quadrant != 0).astype(np.int64)
    order = np.lexsort((-np.nan_to_num(shortfall, nan=-1.0), later), axis=1)
    ok_sorted = np.take_along_axis(ok, order, axis=1)
    first = ok_sorted & (np.cumsum(ok_sorted, axis=1) <= top)
    pick = first & (np.take_along_axis(shortfall, order, axis=1) > 0)
    rows, slots = np.nonzero(pick)
    cols = order[rows, slots]
    return PriorityTable(
        leaves,
        np.searchsorted(rows, np.arange(len(s) + 1)),
        cols,
        s[rows, cols],
        leaf_w[cols],
        shortfall[rows, cols],
        quadrant[rows, cols],
    )


def _row_quadrants(
    leaf_w: FloatArray,
    s: FloatArray,
    ok: NDArray[np.bool_],
    cuts: tuple[float, float] | None = None,
) -> NDArray[np.int64]:
    """IPA quadrant code per row and leaf over the row's observed leaves (-1: not assigned).

    With ``cuts`` (scale-centred: :func:`~qualindex.evaluate.priority.scale_cuts`) every
    observed leaf of every row is split at the same two cuts.  Without (data-centred):
    the cuts are those of :func:`~qualindex.evaluate.priority.importance_performance` on the
    row's observed leaves: the importance cut is ``np.mean`` of their weights, computed once
    per pattern of observed leaves; the performance cut is the row's mean observed score,
    from masked sums, recomputed with ``np.mean`` for the rows where a score is so close to
    it (1e-9) that the order of summation could decide the comparison.
    """
    out = np.full(s.shape, -1, dtype=np.int64)
    if s.size == 0:
        return out
    if cuts is not None:
        code = _quadrant_codes(leaf_w[np.newaxis, :] >= cuts[0], s >= cuts[1])
        out[ok] = code[ok]
        return out
    count = ok.sum(axis=1)
    if ok.all():  # one pattern (every leaf observed): no sort of the rows' patterns
        first, which = np.zeros(1, dtype=np.intp), np.zeros(len(s), dtype=np.intp)
    else:
        _, first, which = np.unique(
            np.packbits(ok, axis=1), axis=0, return_index=True, return_inverse=True
        )
    cut_i = np.array([np.mean(leaf_w[ok[r]]) if count[r] >= 2 else np.nan for r in first])
    cut_i = cut_i[np.asarray(which).ravel()]
    with np.errstate(invalid="ignore", divide="ignore"):
        cut_p = np.where(ok, s, 0.0).sum(axis=1) / count
    near = ok & (np.abs(s - cut_p[:, np.newaxis]) <= 1e-9 * (np.abs(cut_p) + 1.0)[:, np.newaxis])
    for r in np.flatnonzero(near.any(axis=1) & (count >= 2)):
        cut_p[r] = np.mean(s[r, ok[r]])
    code = _quadrant_codes(leaf_w[np.newaxis, :] >= cut_i[:, np.newaxis], s >= cut_p[:, np.newaxis])
    assigned = ok & (count >= 2)[:, np.newaxis]
    out[assigned] = code[assigned]
    return out


def _quadrant_codes(high_i: NDArray[np.bool_], high_p: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Index into :data:`~qualindex.evaluate.priority.IPA_QUADRANTS` from the two splits."""
    conditions = [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p]
    return np.asarray(np.select(conditions, [0, 1, 2], default=3), dtype=np.int64)


def _short_boards(index: IndexSystem, scores: Scores, n: int) -> tuple[str, ...]:
    dims, codes = short_board_codes(index, scores, n)
    names = np.array([*dims, ""], dtype=object)
    return tuple(names[codes].tolist())


def short_board_codes(
    index: IndexSystem, scores: Scores, n: int
) -> tuple[list[str], NDArray[np.intp]]:
    """The level-1 dimensions, and per row the position of its weakest (that count: none)."""
    dims = [c.id for c in index.children(index.id)]
    if not dims:
        return dims, np.zeros(n, dtype=np.intp)
    matrix = np.column_stack([scores.nodes[d] for d in dims])
    missing = np.isnan(matrix)
    empty = missing.all(axis=1)
    worst = np.argmin(np.where(missing, np.inf, matrix), axis=1)
    return dims, np.where(empty, len(dims), worst)


def _changes(index: IndexSystem, data: Dataset, scores: Scores) -> Mapping[str, FloatArray]:
    """Per node: score minus the same entity's score in the previous period present."""
    order = list(data.period_order)
    prev = _previous_rows(data.entities, data.periods, order)
    out = {}
    for node_id in (index.id, *[c.id for c in index.children(index.id)]):
        v = scores.nodes[node_id]
        out[node_id] = np.where(prev >= 0, v - v[np.maximum(prev, 0)], np.nan)
    return frozen_map(out)


def _previous_rows(
    entities: Sequence[str], periods: Sequence[str], order: Sequence[str]
) -> NDArray[np.int64]:
    """Row of the same entity in the latest earlier period present (the last such row), or -1.

    ``order`` lists every period, earliest first.  Sorting rows by (entity, period), O(n log n).
    """
    n = len(entities)
    prev = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return prev
    rank = {p: i for i, p in enumerate(order)}
    pcode = np.fromiter((rank[p] for p in periods), dtype=np.int64, count=n)
    ecode = block_codes(entities)
    by = np.lexsort((np.arange(n), pcode, ecode))
    e, p = ecode[by], pcode[by]
    new = np.ones(n, dtype=bool)
    new[1:] = (e[1:] != e[:-1]) | (p[1:] != p[:-1])
    group = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    last_row = by[np.append(starts[1:], n) - 1]  # the last row (largest index) of each group
    g_entity = e[starts]
    has_prev = np.zeros(starts.size, dtype=bool)
    has_prev[1:] = g_entity[1:] == g_entity[:-1]
    prev_of_group = np.where(has_prev, np.roll(last_row, 1), -1)
    prev[by] = prev_of_group[group]
    return prev


def _group_means(
    index: IndexSystem, data: Dataset, scores: Scores
) -> Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]]:
    """group column -> (group value, period) -> node id -> mean score."""
    nodes = (index.id, *[c.id for c in index.children(index.id)])
    matrix = np.column_stack([scores.nodes[n] for n in nodes])
    out: dict[str, dict[tuple[str, str], Mapping[str, float]]] = {}
    for g, values in data.groups.items():
        at = {p: k for k, p in enumerate(data.period_order)}
        keys = sorted(
            set(zip(values, data.periods, strict=True)), key=lambda vp: (vp[0], at.get(vp[1], -1))
        )
        code = {k: i for i, k in enumerate(keys)}
        which = np.fromiter(
            (code[k] for k in zip(values, data.periods, strict=True)),
            dtype=np.int64,
            count=len(values),
        )
        means = _nanmeans_by(matrix, which, len(keys))
        out[g] = {
            k: frozen_map(dict(zip(nodes, row, strict=True)))
            for k, row in zip(keys, means.tolist(), strict=True)
        }
    return frozen_map(out)


def _nanmeans_by(matrix: FloatArray, which: NDArray[np.int64], k: int) -> FloatArray:
    """Column means ignoring NaN, per group code 0..k-1 (NaN for a group with no value)."""
    out = np.empty((k, matrix.shape[1]))
    for j in range(matrix.shape[1]):
        col = matrix[:, j]
        observed = ~np.isnan(col)
        sums = np.bincount(which[observed], weights=col[observed], minlength=k)
        counts = np.bincount(which[observed], minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, j] = sums / counts
    return out


def _topsis(data: Dataset, scores: Scores, leaf_w: FloatArray) -> FloatArray:
    """TOPSIS closeness on the 0-100 indicator scores with global weights, per period."""
    from qualindex.evaluate.topsis import topsis

    out = np.full(len(data), np.nan)
    periods = np.asarray(data.periods, dtype=object)
    for p in dict.fromkeys(data.periods):
        idx = np.flatnonzero(periods == p)
        block = scores.leaf_scores[idx]
        ok = ~np.isnan(block).any(axis=1)
        if ok.sum() < 2:
            continue
        try:
            res = topsis(block[ok], leaf_w, ["higher"] * block.shape[1])
        except InputError:
            continue  # identical entities: closeness undefined
        out[idx[ok]] = res.closeness
    return out


def _fce(index: IndexSystem, data: Dataset, scores: Scores, operator: str) -> FCEOutcome | None:
    """Multi-level FCE over the survey items (one shared scale) with the tree's weights."""
    if not data.distributions:
        return None
    scale_ids = {index.nodes[i].indicator.scale.id for i in data.distributions}  # type: ignore[union-attr]
    if len(scale_ids) != 1:
        return None
    scale = index.nodes[next(iter(data.distributions))].indicator.scale  # type: ignore[union-attr]
    assert scale is not None
    points = sorted(scale.points, key=lambda p: -p.value)
    grade_scores = np.array([p.score for p in points])
    b = _fce_rows(index, index.id, data, scores.weights, operator, len(points))
    labels = tuple((p.label.get("zh") if p.label else f"{p.value:g}") for p in points)
    empty = np.asarray(np.isnan(b).any(axis=1), dtype=bool)
    best = np.argmax(np.where(np.isnan(b), -np.inf, b), axis=1)
    grade = tuple(
        "" if e else labels[i] for e, i in zip(empty.tolist(), best.tolist(), strict=True)
    )
    return FCEOutcome(labels, b, grade, b @ grade_scores, operator, scale.id)


def _fce_rows(
    index: IndexSystem, node_id: str, data: Dataset, weights: TreeWeights, operator: str, g: int
) -> FloatArray:
    """B of one node for every row (NaN rows: no child with memberships), weights renormalised
    over the children present; rows with the same children present are composed together."""
    node = index.nodes[node_id]
    if node.is_leaf:
        dist = data.distributions.get(node_id)
        if dist is None:
            return np.full((len(data), g), np.nan)
        return np.where(np.isnan(dist).any(axis=1, keepdims=True), np.nan, dist)
    local = weights.nodes[node_id]
    subs = [_fce_rows(index, c, data, weights, operator, g) for c in local.children]
    present = np.column_stack([~np.isnan(sb).any(axis=1) for sb in subs])
    out = np.full((len(data), g), np.nan)
    for rows, cols in _row_patterns(present):
        if cols.size:
            stacked = np.stack([subs[c][rows] for c in cols], axis=1)
            out[rows] = _fce_batch(np.asarray(local.weights)[cols], stacked, operator)
    return out


def _row_patterns(mask: NDArray[np.bool_]) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """(rows, columns set) for every distinct row of a boolean matrix."""
    if mask.shape[0] == 0:
        return []
    patterns, which = np.unique(np.packbits(mask, axis=1), axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(patterns.shape[0] + 1))
    groups = [order[a:z] for a, z in pairwise(bounds.tolist())]
    return [(rows, np.flatnonzero(mask[rows[0]])) for rows in groups]


def _fce_batch(kept: FloatArray, r: FloatArray, operator: str) -> FloatArray:
    """:func:`qualindex.evaluate.fce.fce` ``.b`` of many rows sharing the weights ``kept``.

    ``r`` is rows x factors x grades; row by row the same operations as the one-level kernel.
    """
    from qualindex.evaluate.fce import check_fce_inputs, check_operator

    op = check_operator(operator)
    a, _ = check_fce_inputs(kept, r[0])
    if np.any((r < 0) | (r > 1)):
        k = int(np.flatnonzero(((r < 0) | (r > 1)).any(axis=(1, 2)))[0])
        check_fce_inputs(kept, r[k])  # raises, naming the cell
    col = a[:, None]
    if op == "product-sum":
        raw = np.minimum(1.0, a @ r)
    elif op == "min-max":
        raw = np.minimum(col, r).max(axis=1)
    elif op == "product-max":
        raw = (col * r).max(axis=1)
    else:
        raw = np.minimum(1.0, np.minimum(col, r).sum(axis=1))
    total = raw.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        raise InputError("every grade has membership 0 (B = 0); check the weights and R")
    return np.asarray(raw / total)


# public for the Dask engine, which grades and finds short boards the same way
grades_of = _grades
short_boards_of = _short_boards


# --------------------------------------------------------------- rows shown by a report


def shown_positions(
    rank: NDArray[np.integer[Any]], period_codes: NDArray[Any], each: int
) -> NDArray[np.intp]:
    """Rows a report keeps: per period the ``each`` best and ``each`` worst ranked rows,
    ascending positions; ties by position.  A period with at most ``2 * each`` rows is kept
    whole; otherwise its unranked rows (no composite) are left out.  O(n log n).
    """
    n = len(rank)
    codes_all = np.asarray(period_codes, dtype=np.int64)
    size = np.bincount(codes_all, minlength=1)[codes_all] if n else np.zeros(0, np.int64)
    ranked = np.flatnonzero(rank > 0)
    order = ranked[np.lexsort((ranked, rank[ranked], codes_all[ranked]))]
    codes = codes_all[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if order.size else order[:0]
    ends = np.r_[starts[1:], order.size].astype(np.intp)
    pos = np.arange(order.size) - np.repeat(starts, ends - starts)  # place among the ranked
    count = np.repeat(ends - starts, ends - starts)
    keep = np.zeros(n, dtype=bool)
    keep[order[(pos < each) | (pos >= count - each)]] = True
    keep |= size <= 2 * each
    return np.flatnonzero(keep).astype(np.intp)


def block_summaries(
    index: IndexSystem,
    composite: FloatArray,
    block: NDArray[Any],
    labels: Sequence[tuple[str, str, str]],
) -> list[RowSummary]:
    """A :class:`RowSummary` per block code ``0 .. len(labels) - 1`` (labels: period, group,
    value) of the rows' composites: count, mean, :data:`SUMMARY_QUANTILES`, grade counts."""
    k = len(labels)
    bands = len(index.grades.bands) if index.grades else 0
    ok = ~np.isnan(composite)
    count = np.bincount(block, minlength=k)
    scored = np.bincount(block[ok], minlength=k)
    sums = np.bincount(block[ok], weights=composite[ok], minlength=k)
    grades = np.bincount(
        block * (bands + 1) + grade_codes(index, composite), minlength=k * (bands + 1)
    ).reshape(k, bands + 1)
    order = np.lexsort((composite, block))  # NaN last within each block
    starts = np.r_[0, np.cumsum(count)[:-1]].astype(np.intp)
    out = []
    for b, (period, group, value) in enumerate(labels):
        m = int(scored[b])
        ranked = composite[order[starts[b] : starts[b] + m]]
        q = np.quantile(ranked, SUMMARY_QUANTILES) if m else np.full(len(SUMMARY_QUANTILES), np.nan)
        mean = float(sums[b] / m) if m else float("nan")
        out.append(
            RowSummary(period, group, value, int(count[b]), m, mean, tuple(q.tolist()),
                       tuple(grades[b].tolist()))
        )  # fmt: skip
    return out


def _codes(values: Sequence[str]) -> tuple[NDArray[np.intp], list[str]]:
    names, inverse = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    return np.asarray(inverse, dtype=np.intp).ravel(), [str(v) for v in names]


def row_summaries(
    index: IndexSystem,
    composite: FloatArray,
    periods: tuple[NDArray[Any], Sequence[str]],
    groups: Mapping[str, tuple[NDArray[Any], Sequence[str]]],
) -> tuple[RowSummary, ...]:
    """Per period, then per group column, value and period: :func:`block_summaries`.

    ``periods`` and each group are (code per row, name per code); periods come in the
    order of their names (earliest first), group values sorted.
    """
    pcode, pnames = periods
    p = len(pnames)
    out = block_summaries(index, composite, pcode, [(name, "", "") for name in pnames])
    for g, (gcode, gnames) in groups.items():
        order = sorted(range(len(gnames)), key=lambda i: gnames[i])
        at = np.empty(len(gnames), dtype=np.intp)
        at[order] = np.arange(len(gnames))
        labels = [(pn, g, gnames[i]) for i in order for pn in pnames]
        out += block_summaries(index, composite, at[gcode] * p + pcode, labels)
    return tuple(out)


def take_rows(
    ev: Evaluation,
    rows: NDArray[np.intp],
    shown: RowsShown,
    group_means: Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]] | None = None,
) -> Evaluation:
    """``ev`` restricted to ``rows``, marked with ``shown``: ranks, closeness and changes
    stay those computed among ``ev``'s rows, group means ``group_means`` (default ``ev``'s)."""
    pick = rows.tolist()

    def tup(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(values[r] for r in pick)

    d = ev.data
    data = dataclasses.replace(
        d,
        entities=tup(d.entities),
        periods=tup(d.periods),
        groups=frozen_map({g: tup(v) for g, v in d.groups.items()}),
        values=d.values[rows],
        item_scores=d.item_scores[rows],
        distributions=frozen_map({k: v[rows] for k, v in d.distributions.items()}),
        respondents=(),  # answer sheets point at all rows; the survey statistics are made
        extra=frozen_map(),
    )
    s = ev.scores
    scores = dataclasses.replace(
        s,
        leaf_scores=s.leaf_scores[rows],
        nodes=frozen_map({k: v[rows] for k, v in s.nodes.items()}),
        coverage=frozen_map({k: v[rows] for k, v in s.coverage.items()}),
        imputed=frozen_map({k: (p, m[rows]) for k, (p, m) in s.imputed.items()}),
        excluded=frozen_map({k: v[rows] for k, v in s.excluded.items()}),
        basis=frozen_map({k: v[rows] for k, v in s.basis.items()}),
    )
    fce = ev.fce
    if fce is not None:
        fce = dataclasses.replace(fce, b=fce.b[rows], grade=tup(fce.grade), score=fce.score[rows])
    return dataclasses.replace(
        ev,
        data=data,
        scores=scores,
        grades=tup(ev.grades),
        rank=ev.rank[rows],
        rank_in_group=frozen_map({g: v[rows] for g, v in ev.rank_in_group.items()}),
        short_board=tup(ev.short_board),
        fce=fce,
        topsis=ev.topsis[rows],
        methods=tuple(_take_method(m, rows) for m in ev.methods),
        notes=(*ev.notes, shown_note(shown)),
        shown=dataclasses.replace(
            shown,
            change=frozen_map({k: v[rows] for k, v in ev.change.items()}),
            group_means=ev.group_means if group_means is None else group_means,
        ),
    )


def rows_by_period_and_rank(ev: Evaluation) -> list[int]:
    """Rows by period (time order), then rank (unranked last), then entity: the order of
    every ranking a report or the terminal lists."""
    at = {p: i for i, p in enumerate(ev.period_order())}
    periods, entities = ev.data.periods, ev.data.entities
    return sorted(
        range(len(ev.data)),
        key=lambda r: (at[periods[r]], ev.rank[r] == 0, ev.rank[r], entities[r]),
    )


def gaps_after(ev: Evaluation, order: Sequence[int]) -> dict[int, int]:
    """Where a trimmed listing (``ev.shown``) of the rows in ``order`` (by period, then
    rank) says what it left out: position in ``order`` -> rows of that period not shown,
    after each period's best rows; empty when nothing was left out."""
    shown = ev.shown
    if shown is None:
        return {}
    out: dict[int, int] = {}
    seen: dict[str, int] = {}
    for i, r in enumerate(order):
        p = ev.data.periods[r]
        seen[p] = seen.get(p, 0) + 1
        if seen[p] == shown.each and shown.omitted.get(p, 0) > 0:
            out[i] = shown.omitted[p]
    return out


def filled_by_policy(imputed: Iterable[tuple[str, NDArray[np.bool_] | int]]) -> Mapping[str, int]:
    """Filled scores per missing-value policy, from (policy, mask or count) per node."""
    out: dict[str, int] = {}
    for policy, filled in imputed:
        count = filled if isinstance(filled, int) else int(np.count_nonzero(filled))
        if count:
            out[policy] = out.get(policy, 0) + count
    return frozen_map(dict(sorted(out.items())))


def shown_note(shown: RowsShown) -> str:
    """The note of a trimmed evaluation: what is listed, what is summarised, how to get all."""
    return msg(
        "rows.shown_note",
        total=f"{shown.total:,}",
        entities=f"{shown.entities:,}",
        limit=f"{shown.limit:,}",
        each=f"{shown.each:,}",
        shown=f"{shown.shown:,}",
        omitted=f"{shown.total - shown.shown:,}",
    )


def _take_method(
    m: MethodOutcome | ObstacleOutcome, rows: NDArray[np.intp]
) -> MethodOutcome | ObstacleOutcome:
    if isinstance(m, ObstacleOutcome):
        return dataclasses.replace(
            m, degrees=m.degrees[rows], dimension_degrees=m.dimension_degrees[rows]
        )
    return dataclasses.replace(
        m,
        values=m.values[rows],
        rank=m.rank[rows],
        grade=m.grade[rows],
        extra=frozen_map({k: v[rows] for k, v in m.extra.items()}),
    )


def trim_rows(ev: Evaluation, max_rows: int) -> Evaluation:
    """``ev`` as a report over ``max_rows`` entity-period rows shows it: unchanged within the
    limit, else per period the best and worst ``max_rows // (2 * periods)`` rows (at least
    one each) and :class:`RowsShown` with the summaries of all rows."""
    n = len(ev.data)
    if n <= max_rows:
        return ev
    order = ev.period_order()
    at = {p: i for i, p in enumerate(order)}
    pcode = np.fromiter((at[p] for p in ev.data.periods), dtype=np.intp, count=n)
    each = max(1, max_rows // (2 * max(len(order), 1)))
    rows = shown_positions(ev.rank, pcode, each)
    groups = {g: _codes(v) for g, v in ev.data.groups.items()}
    summaries = row_summaries(ev.index, ev.composite, (pcode, order), groups)
    kept = np.bincount(pcode[rows], minlength=len(order))
    omitted = {p: summaries[i].count - int(kept[i]) for i, p in enumerate(order)}
    shown = RowsShown(max_rows, n, len(set(ev.data.entities)), each, frozen_map(omitted),
                      summaries, ev.scores.partial_rows(ev.index.id),
                      filled_by_policy(ev.scores.imputed.values()))  # fmt: skip
    return take_rows(ev, rows, shown)
