"""From node scores to what a consultant hands over: grades, ranks, diagnoses, comparisons.

Everything here is derived from :class:`~qualindex.evaluate.engine.Scores` and the
dataset's row keys; no weights or scores are recomputed.  Ranks are within a
period (and within group and period); the priority list orders a row's
indicators by shortfall = global weight x (100 - score), i.e. importance times the
gap to the full score (GB/T 19038-2009, annex D's importance-satisfaction logic).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.engine import Scores
from qualindex.evaluate.priority import IPA_QUADRANTS, importance_performance
from qualindex.evaluate.surveystats import SurveyStats, survey_stats
from qualindex.hierarchy.model import GradeBand, IndexSystem, frozen_map
from qualindex.weighting.tree import TreeWeights

__all__ = ["Evaluation", "FCEOutcome", "Priority", "analyse", "rank_desc"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Priority:
    """One indicator on a row's improvement list."""

    indicator: str
    score: float
    global_weight: float
    shortfall: float
    quadrant: str  # IPA quadrant key


@dataclass(frozen=True)
class FCEOutcome:
    """Fuzzy comprehensive evaluation of the survey part of the tree, per row."""

    grades: tuple[str, ...]  # labels of the scale points, best first
    b: FloatArray  # rows x grades
    grade: tuple[str, ...]  # grade by maximum membership, per row
    score: FloatArray  # B . grade scores
    operator: str
    scale: str


@dataclass(frozen=True)
class Evaluation:
    """Every result of one evaluation run, row by row ((entity, period) pairs)."""

    index: IndexSystem
    data: Dataset
    scores: Scores
    grades: tuple[GradeBand | None, ...]
    rank: NDArray[np.int64]  # within period
    rank_in_group: Mapping[str, NDArray[np.int64]]  # group column -> rank within group and period
    contribution: FloatArray  # rows x leaves
    shortfall: FloatArray  # rows x leaves
    priorities: tuple[tuple[Priority, ...], ...]
    short_board: tuple[str, ...]  # the weakest level-1 dimension per row
    change: Mapping[str, FloatArray]  # node id -> change since the entity's previous period
    group_means: Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]]
    fce: FCEOutcome | None
    topsis: FloatArray  # closeness per row (within its period)
    survey: SurveyStats | None
    notes: tuple[str, ...]

    @property
    def composite(self) -> FloatArray:
        return self.scores.nodes[self.index.id]

    def period_order(self) -> list[str]:
        return list(self.data.period_order)


def rank_desc(values: FloatArray, blocks: Sequence[str]) -> NDArray[np.int64]:
    """Competition ranks (1 = best; ties share the better rank) within each block; NaN -> 0."""
    out = np.zeros(len(values), dtype=np.int64)
    labels = np.asarray(blocks, dtype=object)
    for block in dict.fromkeys(blocks):
        idx = np.flatnonzero(labels == block)
        v = values[idx]
        ok = ~np.isnan(v)
        for i, x in zip(idx[ok], v[ok], strict=True):
            out[i] = 1 + int(np.sum(v[ok] > x))
    return out


def analyse(
    index: IndexSystem,
    data: Dataset,
    scores: Scores,
    *,
    top: int = 5,
    fce_operator: str = "product-sum",
    boxes: int = 2,
) -> Evaluation:
    """All derived results of an evaluation."""
    composite = scores.nodes[index.id]
    grades = tuple(
        index.grades.grade(s) if index.grades and not np.isnan(s) else None for s in composite
    )
    periods = list(data.periods)
    rank_in_group = {
        g: rank_desc(composite, [f"{p}\x00{v}" for p, v in zip(periods, vals, strict=True)])
        for g, vals in data.groups.items()
    }
    leaf_w = scores.weights.leaf_vector(data.leaves)
    full = index.score_range[1]
    contribution = scores.leaf_scores * leaf_w
    shortfall = (full - scores.leaf_scores) * leaf_w
    return Evaluation(
        index=index,
        data=data,
        scores=scores,
        grades=grades,
        rank=rank_desc(composite, periods),
        rank_in_group=frozen_map(rank_in_group),
        contribution=contribution,
        shortfall=shortfall,
        priorities=_priorities(data, scores, leaf_w, shortfall, top),
        short_board=_short_boards(index, scores, len(data)),
        change=_changes(index, data, scores),
        group_means=_group_means(index, data, scores),
        fce=_fce(index, data, scores, fce_operator),
        topsis=_topsis(data, scores, leaf_w),
        survey=survey_stats(index, data, boxes=boxes),
        notes=(*data.notes, *scores.notes),
    )


def _priorities(
    data: Dataset, scores: Scores, leaf_w: FloatArray, shortfall: FloatArray, top: int
) -> tuple[tuple[Priority, ...], ...]:
    out = []
    for r in range(len(data)):
        s = scores.leaf_scores[r]
        ok = ~np.isnan(s)
        quadrant = np.full(len(s), "", dtype=object)
        if ok.sum() >= 2:
            ipa = importance_performance(leaf_w[ok], s[ok])
            quadrant[ok] = [IPA_QUADRANTS[q] for q in ipa.quadrant]
        order = [j for j in np.argsort(-np.nan_to_num(shortfall[r], nan=-1.0)) if ok[j]]
        out.append(
            tuple(
                Priority(
                    data.leaves[j],
                    float(s[j]),
                    float(leaf_w[j]),
                    float(shortfall[r, j]),
                    str(quadrant[j]),
                )
                for j in order[:top]
                if shortfall[r, j] > 0
            )
        )
    return tuple(out)


def _short_boards(index: IndexSystem, scores: Scores, n: int) -> tuple[str, ...]:
    dims = [c.id for c in index.children(index.id)]
    matrix = np.column_stack([scores.nodes[d] for d in dims])
    out = []
    for r in range(n):
        row = matrix[r]
        out.append(dims[int(np.nanargmin(row))] if not np.isnan(row).all() else "")
    return tuple(out)


def _changes(index: IndexSystem, data: Dataset, scores: Scores) -> Mapping[str, FloatArray]:
    """Per node: score minus the same entity's score in the previous period present."""
    order = list(data.period_order)
    where = {(e, p): i for i, (e, p) in enumerate(zip(data.entities, data.periods, strict=True))}
    prev = np.full(len(data), -1)
    for i, (e, p) in enumerate(zip(data.entities, data.periods, strict=True)):
        earlier = [q for q in order[: order.index(p)] if (e, q) in where]
        if earlier:
            prev[i] = where[(e, earlier[-1])]
    out = {}
    for node_id in (index.id, *[c.id for c in index.children(index.id)]):
        v = scores.nodes[node_id]
        out[node_id] = np.where(prev >= 0, v - v[np.maximum(prev, 0)], np.nan)
    return frozen_map(out)


def _group_means(
    index: IndexSystem, data: Dataset, scores: Scores
) -> Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]]:
    """group column -> (group value, period) -> node id -> mean score."""
    nodes = (index.id, *[c.id for c in index.children(index.id)])
    out: dict[str, dict[tuple[str, str], Mapping[str, float]]] = {}
    for g, values in data.groups.items():
        table: dict[tuple[str, str], Mapping[str, float]] = {}
        at = {p: k for k, p in enumerate(data.period_order)}
        keys = set(zip(values, data.periods, strict=True))
        for key in sorted(keys, key=lambda vp: (vp[0], at.get(vp[1], -1))):
            mask = np.array([(v, p) == key for v, p in zip(values, data.periods, strict=True)])
            table[key] = frozen_map({n: float(np.nanmean(scores.nodes[n][mask])) for n in nodes})
        out[g] = table
    return frozen_map(out)


def _topsis(data: Dataset, scores: Scores, leaf_w: FloatArray) -> FloatArray:
    """TOPSIS closeness on the 0-100 indicator scores with global weights, per period."""
    from qualindex.errors import InputError
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
    b = np.full((len(data), len(points)), np.nan)
    for r in range(len(data)):
        root = _fce_node(index, index.id, data, scores.weights, r, operator, grade_scores)
        if root is not None:
            b[r] = root
    labels = tuple((p.label.get("zh") if p.label else f"{p.value:g}") for p in points)
    grade = tuple(labels[int(np.argmax(row))] if not np.isnan(row).any() else "" for row in b)
    return FCEOutcome(labels, b, grade, b @ grade_scores, operator, scale.id)


def _fce_node(
    index: IndexSystem,
    node_id: str,
    data: Dataset,
    weights: TreeWeights,
    r: int,
    operator: str,
    grade_scores: FloatArray,
) -> FloatArray | None:
    """B of one node for row r: children with memberships, weights renormalised."""
    from qualindex.evaluate.fce import fce

    node = index.nodes[node_id]
    if node.is_leaf:
        dist = data.distributions.get(node_id)
        return None if dist is None or np.isnan(dist[r]).any() else dist[r]
    rows, kept = [], []
    local = weights.nodes[node_id]
    for child, w in zip(local.children, local.weights, strict=True):
        sub = _fce_node(index, child, data, weights, r, operator, grade_scores)
        if sub is not None:
            rows.append(sub)
            kept.append(w)
    if not rows:
        return None
    return fce(np.array(kept), np.array(rows), operator=operator, grade_values=grade_scores).b
