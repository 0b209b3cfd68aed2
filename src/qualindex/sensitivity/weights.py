"""Exact one-at-a-time weight sensitivity: switch points, tornado ranges, critical criteria.

Vary the local weight :math:`w_c` of child ``c`` of node ``p`` to ``t`` and rescale its siblings
proportionally, :math:`w_s(t) = w_s (1 - t)/(1 - w_c)`.  Every entity's composite is then linear
in ``t``:

.. math::

    S_e(t) = \\alpha_e + \\beta_e t, \\qquad
    \\beta_e = g_p (V_{c,e} - R_e), \\qquad
    \\alpha_e = S_e - g_p V_{p,e} + g_p R_e, \\qquad
    R_e = \\frac{V_{p,e} - w_c V_{c,e}}{1 - w_c},

with :math:`g_p` the global weight of ``p`` and :math:`V` the sub-composites
(:func:`~qualindex.sensitivity.hierarchy.sub_composites`); :math:`R` is the siblings' weighted
mean (their plain mean when :math:`w_c = 1`).  Two entities ``a, b`` swap exactly at

.. math:: t^*_{ab} = -\\frac{\\alpha_a - \\alpha_b}{\\beta_a - \\beta_b}, \\quad
          t^* \\in [0, 1],

and a node's tornado range is :math:`[\\min_t S_e(t), \\max_t S_e(t)]`, reached at the ends of
the interval of ``t`` because :math:`S_e` is linear.

:func:`critical_criteria` is Triantaphyllou & Sánchez's (1997) measure for the weighted sum
model: the smallest change :math:`\\delta_{i,j,k}` of criterion ``k``'s weight that reverses
alternatives ``i`` (ranked above) and ``j``,

.. math:: \\delta_{i,j,k} = \\frac{P_j - P_i}{a_{jk} - a_{ik}}, \\qquad
          \\text{feasible iff } \\delta_{i,j,k} < w_k, \\qquad
          \\delta'_{i,j,k} = 100\\,\\delta_{i,j,k} / w_k,

where :math:`w_k - \\delta` is the new (un-normalised) weight; renormalising all weights does not
change the ranking, so this is the same reversal as the proportional rescaling above at
:math:`t = (w_k - \\delta)/(1 - \\delta)`.  The *absolute-top* / *percent-top* critical criterion
minimises :math:`|\\delta|` / :math:`|\\delta'|` over pairs with the best alternative, the
*absolute-any* / *percent-any* one over all pairs.

References
----------
Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some deterministic
multi-criteria decision-making methods. *Decision Sciences* 28(1), 151-194 (Theorem 1,
Definitions of the AT/AA/PT/PA critical criterion, WSM example).
Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1 (tornado /
one-at-a-time ranges).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import (
    Hierarchy,
    check_scores,
    freeze_array,
    global_weights,
    sub_composites,
)

__all__ = [
    "CriticalCriteria",
    "SwitchPoints",
    "Tornado",
    "critical_criteria",
    "node_columns",
    "switch_points",
    "tornado",
    "weight_lines",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _to_dict(obj: Any) -> dict[str, Any]:
    out = {}
    for key, value in asdict(obj).items():
        out[key] = value.tolist() if isinstance(value, np.ndarray) else value
    return out


def _varied(tree: Hierarchy) -> list[tuple[int, int]]:
    """(node, child) pairs whose weight can vary: children of nodes with >= 2 children."""
    rows: list[tuple[int, int]] = []
    for p in tree.aggregates():
        kids = tree.children(int(p))
        if kids.size >= 2:
            rows.extend((int(p), int(c)) for c in kids)
    return rows


def weight_lines(
    tree: Hierarchy, scores: ArrayLike, node: int, child: int
) -> tuple[FloatArray, FloatArray]:
    """Intercepts and slopes ``(alpha, beta)`` of :math:`S_e(t) = \\alpha_e + \\beta_e t`.

    ``t`` is child ``child``'s local weight under ``node``, siblings rescaled proportionally
    (formula in the module docstring).  Both arrays have shape ``(n_entities,)``.
    """
    if tree.parent[child] != node or node < 0:
        raise InputError(f"node {child} is not a child of node {node}; pick a (parent, child) pair")
    v = sub_composites(tree, scores)
    return _lines(tree, v, global_weights(tree), node, child)


def _lines(
    tree: Hierarchy, v: FloatArray, g: FloatArray, node: int, child: int
) -> tuple[FloatArray, FloatArray]:
    w_c = float(tree.local[child])
    if w_c < 1.0:
        rest = (v[:, node] - w_c * v[:, child]) / (1.0 - w_c)
    else:
        sib = tree.children(node)
        rest = v[:, sib[sib != child]].mean(axis=1)
    beta = g[node] * (v[:, child] - rest)
    alpha = v[:, 0] - g[node] * v[:, node] + g[node] * rest
    return alpha, beta


@dataclass(frozen=True, slots=True)
class SwitchPoints:
    """Weights at which two entities swap, one row per (node, child, pair) switch.

    Attributes
    ----------
    node, child : ndarray of int, shape (n_switches,)
        The varied weight: ``child``'s local weight under ``node``.
    first, second : ndarray of int
        The two entities (``first`` ranks above ``second`` at the base weights).
    weight : ndarray
        Exact local weight :math:`t^*` at which they tie (in ``[0, 1]``).
    current : ndarray
        The base local weight of ``child``.
    leader_above : ndarray of int
        The entity ranked higher when the weight exceeds ``weight``.
    entities : ndarray of int
        The entities compared, best first.
    var_node, var_child, stable_low, stable_high : ndarray, shape (n_varied,)
        For each varied weight, the interval around its base value within which the order of
        ``entities`` does not change.
    """

    node: IntArray
    child: IntArray
    first: IntArray
    second: IntArray
    weight: FloatArray
    current: FloatArray
    leader_above: IntArray
    entities: IntArray
    var_node: IntArray
    var_child: IntArray
    stable_low: FloatArray
    stable_high: FloatArray

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON."""
        return _to_dict(self)


def _selected(s: FloatArray, entities: ArrayLike | None, top: int) -> IntArray:
    if entities is not None:
        ids = np.asarray(entities, dtype=np.int64)
        if ids.ndim != 1 or ids.size < 2 or ids.min() < 0 or ids.max() >= s.size:
            raise InputError(f"entities = {ids.tolist()} must be >= 2 indices below {s.size}")
        return ids[np.argsort(-s[ids], kind="stable")]
    if top < 2:
        raise InputError(f"top = {top} must be >= 2; switch points compare pairs of entities")
    return np.argsort(-s, kind="stable")[: min(top, s.size)]


def _pair_switches(
    alpha: FloatArray, beta: FloatArray, w_c: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """Exact ties in [0, 1] of every pair (i < j) of lines, excluding ties at the base weight."""
    i, j = np.triu_indices(alpha.size, 1)
    da, db = alpha[i] - alpha[j], beta[i] - beta[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -da / db
    keep = (db != 0) & (t >= 0) & (t <= 1) & ~np.isclose(t, w_c, rtol=0, atol=1e-15)
    return i[keep], j[keep], t[keep]


def switch_points(
    tree: Hierarchy, scores: ArrayLike, *, entities: ArrayLike | None = None, top: int = 10
) -> SwitchPoints:
    """Exact switch points of every varied local weight for pairs of entities.

    For each aggregate node ``p`` with at least two children and each child ``c``, the local
    weight :math:`w_c` moves over ``[0, 1]`` with siblings rescaled proportionally; the
    composites are linear in it, so two entities tie at :math:`t^* = -\\Delta\\alpha /
    \\Delta\\beta` (module docstring).  Only ties inside ``[0, 1]`` are reported.

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    entities : array_like of int, optional
        Entities to compare pairwise; default the ``top`` best at the base weights.
    top : int
        How many best entities to compare when ``entities`` is not given.

    Returns
    -------
    SwitchPoints

    References
    ----------
    Triantaphyllou & Sánchez (1997), Theorem 1 (linearity of the WSM in one weight).
    """
    x = check_scores(tree, scores)
    v, g = sub_composites(tree, x), global_weights(tree)
    ids = _selected(v[:, 0], entities, top)
    rows: dict[str, list[Any]] = {k: [] for k in ("node", "child", "i", "j", "t", "w", "lead")}
    var: dict[str, list[Any]] = {k: [] for k in ("node", "child", "low", "high")}
    for p, c in _varied(tree):
        alpha, beta = (a[ids] for a in _lines(tree, v, g, p, c))
        i, j, t = _pair_switches(alpha, beta, float(tree.local[c]))
        w_c = float(tree.local[c])
        for key, val in zip(("node", "child", "w"), (p, c, w_c), strict=True):
            rows[key].append(np.full(t.size, val))
        rows["i"].append(ids[i])
        rows["j"].append(ids[j])
        rows["t"].append(t)
        rows["lead"].append(np.where(beta[i] > beta[j], ids[i], ids[j]))
        below, above = t[t < w_c], t[t > w_c]
        var["node"].append(p)
        var["child"].append(c)
        var["low"].append(below.max() if below.size else 0.0)
        var["high"].append(above.min() if above.size else 1.0)
    return _switch_result(rows, var, ids)


def _switch_result(
    rows: dict[str, list[Any]], var: dict[str, list[Any]], ids: IntArray
) -> SwitchPoints:
    def cat(key: str, dtype: type) -> NDArray[Any]:
        return np.concatenate(rows[key]).astype(dtype) if rows[key] else np.zeros(0, dtype)

    return SwitchPoints(
        node=cat("node", np.int64),
        child=cat("child", np.int64),
        first=cat("i", np.int64),
        second=cat("j", np.int64),
        weight=cat("t", np.float64),
        current=cat("w", np.float64),
        leader_above=cat("lead", np.int64),
        entities=ids,
        var_node=np.asarray(var["node"], dtype=np.int64),
        var_child=np.asarray(var["child"], dtype=np.int64),
        stable_low=np.asarray(var["low"], dtype=np.float64),
        stable_high=np.asarray(var["high"], dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class Tornado:
    """Range of every entity's composite when one node's child weights vary one at a time.

    Attributes
    ----------
    var_node, var_child : ndarray of int, shape (n_varied,)
        The varied weight of each row of ``child_low`` / ``child_high``.
    t_low, t_high : ndarray, shape (n_varied,)
        Interval of the varied local weight.
    child_low, child_high : ndarray, shape (n_varied, n_entities)
        Composite at the ends of the interval (min and max).
    nodes : ndarray of int, shape (n_tornado,)
        Aggregate nodes with at least two children.
    low, high : ndarray, shape (n_tornado, n_entities)
        Per node, the min / max over its children's rows; ``swing = high - low``.
    base : ndarray, shape (n_entities,)
        Composite at the base weights.
    """

    var_node: IntArray
    var_child: IntArray
    t_low: FloatArray
    t_high: FloatArray
    child_low: FloatArray
    child_high: FloatArray
    nodes: IntArray
    low: FloatArray
    high: FloatArray
    base: FloatArray

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    @property
    def swing(self) -> FloatArray:
        """``high - low`` per node and entity (the bar length of the tornado chart)."""
        return np.asarray(self.high - self.low)

    def to_dict(self) -> dict[str, Any]:
        """Plain lists (with ``swing``), for JSON."""
        return {**_to_dict(self), "swing": self.swing.tolist()}


def _interval(
    w: float, spread: float | None, interval: tuple[float, float] | None
) -> tuple[float, float]:
    if interval is not None:
        return float(interval[0]), float(interval[1])
    assert spread is not None
    return max(0.0, w * (1 - spread)), min(1.0, w * (1 + spread))


def tornado(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    spread: float | None = 0.1,
    interval: tuple[float, float] | None = None,
) -> Tornado:
    """Tornado data: each entity's composite range when each node's child weights vary.

    Each child weight moves (one at a time, siblings rescaled proportionally) over
    :math:`[w_c(1-\\text{spread}), w_c(1+\\text{spread})] \\cap [0, 1]`, or over ``interval``.
    Since :math:`S_e(t) = \\alpha_e + \\beta_e t` is linear, the extremes are at the ends.

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    spread : float, optional
        Relative change of each weight (0.1 = ±10 %).
    interval : (float, float), optional
        Absolute interval of every varied weight instead (e.g. ``(0, 1)``).

    Returns
    -------
    Tornado

    References
    ----------
    Saltelli et al. (2008), ch. 1; Triantaphyllou & Sánchez (1997), Theorem 1.
    """
    if interval is None and (spread is None or spread < 0):
        raise InputError(f"spread = {spread} must be >= 0 (0.1 = ±10 %), or give interval")
    if interval is not None and not 0 <= interval[0] <= interval[1] <= 1:
        raise InputError(f"interval = {interval} must satisfy 0 <= low <= high <= 1")
    x = check_scores(tree, scores)
    v, g = sub_composites(tree, x), global_weights(tree)
    varied = _varied(tree)
    t_lo, t_hi, lo, hi = [], [], [], []
    for p, c in varied:
        alpha, beta = _lines(tree, v, g, p, c)
        a, b = _interval(float(tree.local[c]), spread, interval)
        ends = np.stack([alpha + beta * a, alpha + beta * b])
        t_lo.append(a)
        t_hi.append(b)
        lo.append(ends.min(axis=0))
        hi.append(ends.max(axis=0))
    var_node = np.array([p for p, _ in varied], dtype=np.int64)
    nodes = np.unique(var_node)
    low = np.array([np.min([lo[r] for r in np.flatnonzero(var_node == n)], axis=0) for n in nodes])
    high = np.array([np.max([hi[r] for r in np.flatnonzero(var_node == n)], axis=0) for n in nodes])
    empty = np.zeros((0, x.shape[0]))
    return Tornado(
        var_node=var_node,
        var_child=np.array([c for _, c in varied], dtype=np.int64),
        t_low=np.array(t_lo, dtype=np.float64),
        t_high=np.array(t_hi, dtype=np.float64),
        child_low=np.array(lo) if lo else empty,
        child_high=np.array(hi) if hi else empty,
        nodes=nodes,
        low=low if nodes.size else empty,
        high=high if nodes.size else empty,
        base=v[:, 0],
    )


@dataclass(frozen=True, slots=True)
class CriticalCriteria:
    """Triantaphyllou & Sánchez (1997) critical weight changes of a weighted sum model.

    Attributes
    ----------
    order : ndarray of int, shape (m,)
        Alternatives best first (by ``composite``).
    pair_first, pair_second : ndarray of int, shape (n_pairs,)
        Alternative indices of each pair, ``pair_first`` ranked above.
    delta : ndarray, shape (n_pairs, n)
        Absolute change :math:`\\delta_{i,j,k}` (new weight :math:`w_k - \\delta`) that makes the
        two tie; NaN when infeasible (:math:`\\delta \\ge w_k`, or the two score equally on k).
    percent : ndarray, shape (n_pairs, n)
        :math:`\\delta' = 100\\,\\delta / w_k`.
    absolute_top, absolute_any, percent_top, percent_any : int
        Index of the critical criterion in each sense (-1 if no change reverses any pair).
    absolute_top_value, absolute_any_value, percent_top_value, percent_any_value : float
        The signed critical change (NaN if none).
    """

    order: IntArray
    pair_first: IntArray
    pair_second: IntArray
    delta: FloatArray
    percent: FloatArray
    absolute_top: int
    absolute_any: int
    percent_top: int
    percent_any: int
    absolute_top_value: float
    absolute_any_value: float
    percent_top_value: float
    percent_any_value: float

    def __post_init__(self) -> None:
        for name in ("order", "pair_first", "pair_second", "delta", "percent"):
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists (NaN stays NaN; write it as null when serialising to strict JSON)."""
        return _to_dict(self)


def _critical(table: FloatArray, rows: NDArray[np.bool_]) -> tuple[int, float]:
    sub = np.where(rows[:, None], np.abs(table), np.nan)
    if np.isnan(sub).all():
        return -1, float("nan")
    r, k = np.unravel_index(np.nanargmin(sub), sub.shape)
    return int(k), float(table[r, k])


def _criteria_inputs(
    scores: ArrayLike, weights: ArrayLike, composite_: ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    a = np.asarray(scores, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if a.ndim != 2 or w.shape != (a.shape[1],) or a.shape[0] < 2:
        raise InputError(
            f"scores {a.shape} and weights {w.shape} must be (m >= 2, n) and (n,); one weight "
            "per criterion column"
        )
    if not (np.isfinite(a).all() and np.isfinite(w).all()) or (w <= 0).any():
        raise InputError("scores must be finite and weights finite and > 0")
    p = a @ w if composite_ is None else np.asarray(composite_, dtype=np.float64)
    if p.shape != (a.shape[0],):
        raise InputError(f"composite has shape {p.shape}; give one value per alternative")
    return a, w, p


def critical_criteria(
    scores: ArrayLike,
    weights: ArrayLike,
    *,
    composite: ArrayLike | None = None,
    top: int | None = None,
) -> CriticalCriteria:
    """Most critical criterion of a weighted sum model (Triantaphyllou & Sánchez 1997).

    .. math:: \\delta_{i,j,k} = \\frac{P_j - P_i}{a_{jk} - a_{ik}}, \\quad \\text{feasible iff }
              \\delta_{i,j,k} < w_k, \\quad \\delta'_{i,j,k} = 100\\,\\delta_{i,j,k} / w_k

    for every pair ``i`` ranked above ``j``.

    Parameters
    ----------
    scores : array_like, shape (m, n)
        Performance :math:`a_{ik}` of alternative ``i`` on criterion ``k``.
    weights : array_like, shape (n,)
        Criterion weights :math:`w_k > 0`.
    composite : array_like, shape (m,), optional
        The composites :math:`P_i` if computed elsewhere (a tree's full composite when the
        columns are :func:`node_columns`, or a published table's rounded values); default
        ``scores @ weights``.
    top : int, optional
        Only pairs among the ``top`` best alternatives (default all pairs).

    Returns
    -------
    CriticalCriteria

    References
    ----------
    Triantaphyllou & Sánchez (1997), *Decision Sciences* 28(1), Theorem 1 and the WSM numerical
    example (reproduced in ``tests/sensitivity/test_weights.py``).
    """
    a, w, p = _criteria_inputs(scores, weights, composite)
    order = np.argsort(-p, kind="stable")
    if top is not None:
        order = order[: max(2, int(top))]
    ri, rj = np.triu_indices(order.size, 1)
    i, j = order[ri], order[rj]
    diff = a[j] - a[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (p[j] - p[i])[:, None] / diff
    delta[(diff == 0) | (delta >= w)] = np.nan
    percent = 100.0 * delta / w
    top_rows, all_rows = i == order[0], np.ones(i.size, dtype=bool)
    (at, atv), (aa, aav) = _critical(delta, top_rows), _critical(delta, all_rows)
    (pt, ptv), (pa, pav) = _critical(percent, top_rows), _critical(percent, all_rows)
    return CriticalCriteria(order, i, j, delta, percent, at, aa, pt, pa, atv, aav, ptv, pav)


def node_columns(tree: Hierarchy, scores: ArrayLike, node: int) -> tuple[FloatArray, FloatArray]:
    """Criterion columns of ``node`` for :func:`critical_criteria` on a tree.

    Changing child ``c``'s local weight by :math:`-\\delta` (others fixed, no renormalisation)
    changes every composite by :math:`-\\delta\\, g_p V_c`, so the columns are
    :math:`g_p V_c` and the weights the local weights; pass ``composite(tree, scores)`` as
    ``composite``.  Returns ``(columns (n_entities, n_children), local weights (n_children,))``.
    """
    kids = tree.children(node)
    if kids.size < 2:
        raise InputError(f"node {node} has {kids.size} children; pick a node with at least two")
    v, g = sub_composites(tree, scores), global_weights(tree)
    return g[node] * v[:, kids], np.array(tree.local[kids])
