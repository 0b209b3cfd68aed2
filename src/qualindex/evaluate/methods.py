"""The other evaluation methods of a run (``evaluate.methods:``), run on the evaluation's data.

Each entry of ``evaluate.methods`` (a frozen spec of :mod:`qualindex.hierarchy.schema`)
calls one kernel — :func:`~qualindex.evaluate.grey.grey_relational`,
:func:`~qualindex.evaluate.rsr.rank_sum_ratio`,
:func:`~qualindex.evaluate.coupling.coupling_coordination`,
:func:`~qualindex.evaluate.vikor.vikor`, :func:`~qualindex.evaluate.topsis.topsis`
(after :func:`~qualindex.weighting.objective.entropy_weights` for ``entropy-topsis``) or
:func:`~qualindex.evaluate.obstacle.obstacle_degree` — on arrays taken from the run:

* ``input: scores``: the 0-100 indicator scores, every indicator "higher is better";
  ``input: raw``: the measured values with each indicator's direction (higher/lower; an
  indicator with a target needs scores);
* ``weights: global``: the tree's global leaf weights; ``equal``: equal weights;
* coupling: the scores of the level-1 dimensions named in ``systems``, divided by the full
  score (so in [0, 1]); obstacle: the leaf scores over the full score with global weights.

Methods that compare entities (all but obstacle) run within each period, over the rows whose
inputs are complete (a row with a missing input gets no value, rank 0); ranks are within the
period, like the composite's.  Obstacle degrees are per row, over the row's observed leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.core import did_you_mean
from qualindex.errors import InputError
from qualindex.evaluate.coupling import COORDINATION_LEVELS, coupling_coordination
from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.engine import Scores
from qualindex.evaluate.grey import grey_relational
from qualindex.evaluate.obstacle import obstacle_degree
from qualindex.evaluate.ranking import block_codes, competition_ranks
from qualindex.evaluate.rsr import rank_sum_ratio
from qualindex.evaluate.topsis import topsis
from qualindex.evaluate.vikor import vikor
from qualindex.hierarchy.model import IndexSystem, frozen_map
from qualindex.hierarchy.schema import (
    CouplingMethod,
    EntropyTopsisMethod,
    EvalMethod,
    GreyMethod,
    ObstacleMethod,
    RSRMethod,
    TopsisMethod,
    VikorMethod,
)
from qualindex.weighting.objective import entropy_weights

__all__ = ["MethodOutcome", "ObstacleOutcome", "method_inputs", "method_notes", "run_methods"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: The value each method reports per row, and whether larger is better.
VALUE_NAMES: dict[str, tuple[str, Literal["higher", "lower"]]] = {
    "grey": ("grade", "higher"),
    "rsr": ("rsr", "higher"),
    "coupling": ("D", "higher"),
    "vikor": ("Q", "lower"),
    "topsis": ("closeness", "higher"),
    "entropy-topsis": ("closeness", "higher"),
}
#: Fewest complete rows in a period a method needs.
MIN_ROWS = {"rsr": 3, "vikor": 2, "topsis": 2, "entropy-topsis": 2, "grey": 1, "coupling": 1}


@dataclass(frozen=True)
class MethodOutcome:
    """One entity-comparing method's results, row by row ((entity, period) pairs).

    ``values`` is the method's headline value (:data:`VALUE_NAMES`; NaN: not computed),
    ``rank`` its competition rank within the period (1 = best, 0 = none), ``grade`` a
    level 1..k (0 = none) named by ``levels[k - 1]`` as (中文, English): RSR's probit grade
    (1 lowest) or the coupling coordination level.  ``extra`` holds the other per-row
    values (coupling C and T, VIKOR S and R, RSR's fitted value); ``weights`` the criterion
    weights used per period (entropy-topsis: the entropy weights).
    """

    key: str  # unique within the run: the method name, "-2", "-3" … when repeated
    spec: EvalMethod
    value: str
    better: Literal["higher", "lower"]
    values: FloatArray
    rank: IntArray
    grade: IntArray
    levels: tuple[tuple[str, str], ...] = ()
    extra: Mapping[str, FloatArray] = field(default_factory=frozen_map)
    weights: Mapping[str, FloatArray] = field(default_factory=frozen_map)  # period -> weights
    notes: tuple[str, ...] = ()
    left_out: Mapping[str, int] = field(default_factory=frozen_map)  # period -> rows (missing)

    @property
    def method(self) -> str:
        return self.spec.method

    def settings(self) -> dict[str, object]:
        """The variant settings as given (defaults filled), without the method name."""
        return {k: v for k, v in self.spec.model_dump(mode="json").items() if k != "method"}


@dataclass(frozen=True)
class ObstacleOutcome:
    """Obstacle degree (障碍度) of every leaf and level-1 dimension, row by row.

    ``degrees`` (rows x leaves) sum to 1 over a row's observed leaves (NaN: leaf not
    observed; a row with no deviation anywhere is all 0); ``dimension_degrees`` (rows x
    dimensions) are the sums over each dimension's leaves.
    """

    key: str
    spec: ObstacleMethod
    leaves: tuple[str, ...]
    degrees: FloatArray
    dimensions: tuple[str, ...]
    dimension_degrees: FloatArray
    notes: tuple[str, ...] = ()

    @property
    def method(self) -> str:
        return self.spec.method

    def settings(self) -> dict[str, object]:
        return {k: v for k, v in self.spec.model_dump(mode="json").items() if k != "method"}

    def top(self, r: int) -> list[tuple[str, float]]:
        """Row ``r``'s leaves by obstacle degree, largest first, up to ``spec.top`` (> 0)."""
        d = np.nan_to_num(self.degrees[r], nan=-1.0)
        order = np.argsort(-d, kind="stable")[: self.spec.top]
        return [(self.leaves[j], float(d[j])) for j in order.tolist() if d[j] > 0]


Outcome = MethodOutcome | ObstacleOutcome


def run_methods(
    index: IndexSystem, data: Dataset, scores: Scores, methods: Sequence[EvalMethod]
) -> tuple[Outcome, ...]:
    """Every configured method, in the order of ``evaluate.methods``."""
    seen: dict[str, int] = {}
    out: list[Outcome] = []
    for spec in methods:
        seen[spec.method] = seen.get(spec.method, 0) + 1
        key = spec.method if seen[spec.method] == 1 else f"{spec.method}-{seen[spec.method]}"
        if isinstance(spec, ObstacleMethod):
            out.append(_obstacle(index, data, scores, spec, key))
        else:
            out.append(_compare(index, data, scores, spec, key))
    return tuple(out)


def method_notes(outcomes: Sequence[Outcome]) -> tuple[str, ...]:
    """Each method's own notes, and one line per period naming the methods that left rows
    with a missing input out (and how many)."""
    notes = [n for o in outcomes for n in o.notes]
    by_period: dict[str, list[str]] = {}
    for o in outcomes:
        if isinstance(o, MethodOutcome):
            for p, k in o.left_out.items():
                by_period.setdefault(p, []).append(f"{o.key} {k}")
    for p, items in by_period.items():
        where = f", period {p}" if p else ""
        notes.append(
            f"evaluate.methods{where}: rows with a missing input left out ({', '.join(items)})"
        )
    return tuple(notes)


def method_inputs(
    index: IndexSystem, data: Dataset, scores: Scores, spec: EvalMethod
) -> tuple[FloatArray, list[str], FloatArray]:
    """The matrix (rows x criteria), directions and criterion weights ``spec`` works on.

    For ``coupling`` the columns are the ``systems`` dimensions' scores over the full
    score and the weights their global weights (or equal); otherwise the leaves.
    """
    lo, hi = index.score_range
    if isinstance(spec, CouplingMethod):
        dims = [c.id for c in index.children(index.id)]
        for s in spec.systems:
            if s not in dims:
                hint = did_you_mean(s, dims)
                raise InputError(
                    f"evaluate.methods coupling: systems names {s!r}, which is not a level-1 "
                    f"dimension of {index.id!r}"
                    + (f"; {hint}" if hint else f"; give some of {', '.join(dims)}")
                )
        u = np.column_stack([(scores.nodes[s] - lo) / (hi - lo) for s in spec.systems])
        gw = scores.weights.global_weights
        w = (
            np.array([gw[s] for s in spec.systems])
            if spec.weights == "global"
            else np.ones(len(spec.systems))
        )
        return u, ["higher"] * len(spec.systems), w / w.sum()
    leaves = list(data.leaves)
    kind = getattr(spec, "input", "scores")
    if kind == "scores":
        x = scores.leaf_scores
        directions = ["higher"] * len(leaves)
    else:
        x = data.values
        directions = []
        for leaf in leaves:
            ind = index.nodes[leaf].indicator
            d = ind.direction if ind is not None else "higher"
            if d not in ("higher", "lower"):
                raise InputError(
                    f"evaluate.methods {spec.method}: indicator {leaf!r} has direction {d!r}; "
                    "input: raw needs higher or lower for every indicator; use input: scores "
                    "(the scores already point the same way)"
                )
            directions.append(d)
    if getattr(spec, "weights", "global") == "global":
        w = scores.weights.leaf_vector(leaves)
    else:
        w = np.ones(len(leaves))
    return np.asarray(x, dtype=np.float64), directions, w


def _compare(
    index: IndexSystem, data: Dataset, scores: Scores, spec: EvalMethod, key: str
) -> MethodOutcome:
    x, directions, w = method_inputs(index, data, scores, spec)
    n = len(data)
    values = np.full(n, np.nan)
    grade = np.zeros(n, dtype=np.int64)
    extra_names = {"coupling": ("C", "T"), "vikor": ("S", "R"), "rsr": ("fitted",)}.get(
        spec.method, ()
    )
    extra = {name: np.full(n, np.nan) for name in extra_names}
    used: dict[str, FloatArray] = {}
    notes: list[str] = []
    left_out: dict[str, int] = {}
    periods = np.asarray(data.periods, dtype=object)
    for p in data.period_order or tuple(dict.fromkeys(data.periods)):
        idx = np.flatnonzero(periods == p)
        block = x[idx]
        ok = ~np.isnan(block).any(axis=1)
        rows = idx[ok]
        where = f"{key}" + (f", period {p}" if p else "")
        if rows.size < MIN_ROWS[spec.method]:
            if rows.size:
                notes.append(
                    f"{where}: {rows.size} complete row(s), fewer than the "
                    f"{MIN_ROWS[spec.method]} the method needs; not computed"
                )
            continue
        try:
            got = _kernel(spec, data, x[rows], directions, w, rows)
        except InputError as exc:
            notes.append(f"{where}: not computed ({exc})")
            continue
        values[rows] = got.value
        if got.grade is not None:
            grade[rows] = got.grade
        for name, v in got.extra.items():
            extra[name][rows] = v
        used[p] = got.weights
        if int((~ok).sum()):
            left_out[p] = int((~ok).sum())
    value, better = VALUE_NAMES[spec.method]
    signed = values if better == "higher" else -values
    rank = competition_ranks(signed, block_codes(list(data.periods)))
    return MethodOutcome(
        key=key,
        spec=spec,
        value=value,
        better=better,
        values=values,
        rank=rank,
        grade=grade,
        levels=_levels(spec),
        extra=frozen_map(extra),
        weights=frozen_map(used),
        notes=tuple(notes),
        left_out=frozen_map(left_out),
    )


@dataclass(frozen=True)
class _Got:
    value: FloatArray
    weights: FloatArray
    grade: IntArray | None = None
    extra: Mapping[str, FloatArray] = field(default_factory=dict)


def _kernel(
    spec: EvalMethod,
    data: Dataset,
    x: FloatArray,
    directions: list[str],
    w: FloatArray,
    rows: IntArray,
) -> _Got:
    """One period's complete rows through the method's kernel."""
    wn = w / w.sum()
    if isinstance(spec, GreyMethod):
        ref_index = None
        if spec.reference == "entity":
            ents = [data.entities[r] for r in rows.tolist()]
            if spec.entity not in ents:
                raise InputError(f"the reference entity {spec.entity!r} has no complete row here")
            ref_index = ents.index(spec.entity)
        g = grey_relational(
            x,
            reference=spec.reference,
            reference_index=ref_index,
            directions=directions,
            rho=spec.rho,
            weights=wn,
        )
        return _Got(g.grades, g.weights)
    if isinstance(spec, RSRMethod):
        r = rank_sum_ratio(x, directions, ranking=spec.ranking, weights=wn, n_grades=spec.grades)
        return _Got(r.rsr, r.weights, r.grades, {"fitted": r.fitted})
    if isinstance(spec, CouplingMethod):
        c = coupling_coordination(x, weights=wn, formula=spec.formula, rescale=spec.rescale)
        return _Got(c.D, c.weights, c.level, {"C": c.C, "T": c.T})
    if isinstance(spec, VikorMethod):
        v = vikor(x, wn, directions, v=spec.v)
        return _Got(v.Q, v.weights, None, {"S": v.S, "R": v.R})
    if isinstance(spec, TopsisMethod):
        t = topsis(x, wn, directions, normalisation=spec.normalisation)
        return _Got(t.closeness, t.weights)
    if isinstance(spec, EntropyTopsisMethod):
        sign = np.array([1.0 if d == "higher" else -1.0 for d in directions])
        ew = entropy_weights(x, directions=sign, normalisation=spec.entropy).weights
        t = topsis(x, ew, directions, normalisation=spec.normalisation)
        return _Got(t.closeness, t.weights)
    raise AssertionError(spec)  # pragma: no cover - obstacle is handled by _obstacle


def _levels(spec: EvalMethod) -> tuple[tuple[str, str], ...]:
    if isinstance(spec, RSRMethod):
        g = spec.grades
        return tuple((f"{k}/{g}", f"{k}/{g}") for k in range(1, g + 1))
    if isinstance(spec, CouplingMethod):
        return tuple((zh, en) for _, zh, en in COORDINATION_LEVELS)
    return ()


def _obstacle(
    index: IndexSystem, data: Dataset, scores: Scores, spec: ObstacleMethod, key: str
) -> ObstacleOutcome:
    """Obstacle degrees per row over its observed leaves (rows sharing a pattern together)."""
    lo, hi = index.score_range
    x = (scores.leaf_scores - lo) / (hi - lo)
    w = scores.weights.leaf_vector(data.leaves)
    dims = tuple(c.id for c in index.children(index.id))
    group = _leaf_dimension(index, data.leaves)
    n, k = x.shape
    degrees = np.full((n, k), np.nan)
    notes: list[str] = []
    observed = ~np.isnan(x)
    if n:
        patterns, which = np.unique(observed, axis=0, return_inverse=True)
        which = np.asarray(which).ravel()
        for p, cols_mask in enumerate(patterns):
            rows = np.flatnonzero(which == p)
            cols = np.flatnonzero(cols_mask)
            if cols.size == 0 or w[cols].sum() <= 0:
                continue
            # scores lie in the score range; the clip only absorbs rounding at its ends
            res = obstacle_degree(np.clip(x[np.ix_(rows, cols)], 0.0, 1.0), w[cols])
            degrees[np.ix_(rows, cols)] = res.degrees
    dim_deg = (
        np.column_stack([np.nansum(np.where(group == d, degrees, 0.0), axis=1) for d in dims])
        if dims
        else np.empty((n, 0))
    )
    dim_deg[~observed.any(axis=1)] = np.nan
    return ObstacleOutcome(key, spec, tuple(data.leaves), degrees, dims, dim_deg, tuple(notes))


def _leaf_dimension(index: IndexSystem, leaves: Sequence[str]) -> NDArray[np.object_]:
    """The level-1 dimension above each leaf (a leaf directly under the root: itself)."""
    of: dict[str, str] = {}
    for dim in index.children(index.id):
        for leaf in index.leaves(dim.id):
            of[leaf.id] = dim.id
    return np.array([of.get(leaf, leaf) for leaf in leaves], dtype=object)[np.newaxis, :]
