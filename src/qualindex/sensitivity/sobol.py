"""Variance-based global sensitivity of each entity's composite (Sobol indices, via SALib).

Uncertain input groups:

* ``w:<node>`` - the child weights of an aggregate node: every child's local weight is
  multiplied by :math:`u_c \\sim U[1 - s, 1 + s]` and the node's weights renormalised,
  :math:`w'_c = w_c u_c / \\sum_{c'} w_{c'} u_{c'}`;
* ``x:<leaf>`` - the measurement error of a leaf's score, :math:`x'_{el} = x_{el} + \\sigma_{el}
  z_l`, :math:`z_l \\sim N(0, 1)`.  Entity ``e``'s composite depends only on its own errors, so
  one :math:`z_l` per leaf gives every entity's indices exactly as independent errors would
  (an interval of the value: a uniform draw in it);
* ``j:<node>`` - the experts' judgments of an AHP node, every cell
  :math:`\\ln a'_{ij} = \\ln a_{ij} + \\sigma z` (the model of
  :mod:`~qualindex.sensitivity.montecarlo`), then AIJ/AIP and the priority vector;
* ``m:normalisation``, ``m:aggregation``, ``m:group`` - method choices as discrete factors (the
  OECD/JRC Handbook's "trigger" inputs): a uniform :math:`u` picks one of the ``K`` options,
  :math:`\\lfloor K u \\rfloor` (another normalisation's leaf scores; the weighted arithmetic
  or geometric mean; the run's group rule or the other of AIJ/AIP).

For each entity the first-order and total Sobol indices of every group,

.. math:: S_i = \\frac{V[E(Y \\mid X_i)]}{V(Y)}, \\qquad
          S_{T,i} = \\frac{E[V(Y \\mid X_{\\sim i})]}{V(Y)},

are estimated from Saltelli's sampling scheme (Sobol' sequence, ``n_base (G + 2)`` model runs
for ``G`` groups) with Saltelli's (2010) and Jansen's (1999) estimators, as implemented by SALib;
for a composite linear in independent inputs :math:`S_i = S_{T,i}` is input ``i``'s share of the
variance.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. *Math. Comput. Simul.* 55, 271-280.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index. *Comput. Phys. Commun.* 181, 259-270.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
*J. Open Source Software* 2(9), 97.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import GroupRule as Group
from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import Hierarchy, check_scores, freeze_array, global_weights
from qualindex.sensitivity.montecarlo import perturbed_weights
from qualindex.sensitivity.values import geometric_composite

__all__ = ["SobolResult", "composite_sobol"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SobolResult:
    """First-order and total Sobol indices of each selected entity's composite.

    Attributes
    ----------
    groups : tuple of str
        ``"w:<node>"`` and ``"x:<leaf column>"`` labels, one per input group.
    entities : ndarray of int, shape (n_selected,)
    first, total, first_conf, total_conf : ndarray, shape (n_selected, n_groups)
        Indices and the half-widths of their bootstrap confidence intervals.
    variance : ndarray, shape (n_selected,)
        Variance of each composite over the sample.
    n_runs : int
        Model evaluations.
    """

    groups: tuple[str, ...]
    entities: IntArray
    first: FloatArray
    total: FloatArray
    first_conf: FloatArray
    total_conf: FloatArray
    variance: FloatArray
    n_runs: int

    def __post_init__(self) -> None:
        for name in ("entities", "first", "total", "first_conf", "total_conf", "variance"):
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON."""
        out: dict[str, Any] = {"groups": list(self.groups), "n_runs": self.n_runs}
        for name in ("entities", "first", "total", "first_conf", "total_conf", "variance"):
            out[name] = getattr(self, name).tolist()
        return out


@dataclass(frozen=True)
class _Inputs:
    """The uncertain inputs of one analysis, and where each sits in a SALib sample row."""

    weight_spread: float
    weight_nodes: tuple[int, ...]
    judgments: Mapping[int, FloatArray]
    sigma: float
    method: str
    group: Group
    expert_weights: Mapping[int, ArrayLike] | None
    sd: FloatArray | None
    lo: FloatArray | None  # value-interval offsets from the scores, with hi
    hi: FloatArray | None
    stacks: FloatArray  # (n_constructions, n_entities, n_leaves): construction 0 is the scores
    aggregation: bool  # the aggregation (arithmetic or geometric) is an uncertain choice
    group_choice: bool  # the group rule (AIJ or AIP) is an uncertain choice


def _problem(tree: Hierarchy, inp: _Inputs) -> tuple[dict[str, Any], dict[str, Any]]:
    names: list[str] = []
    groups: list[str] = []
    bounds: list[list[float]] = []
    dists: list[str] = []
    where: dict[str, Any] = {"weights": [], "judgments": {}, "values": [], "choices": {}}

    def add(name: str, group: str, bound: list[float], dist: str) -> int:
        names.append(name)
        groups.append(group)
        bounds.append(bound)
        dists.append(dist)
        return len(names) - 1

    for p in inp.weight_nodes:
        for c in tree.children(p):
            col = add(f"u{c}", f"w:{p}", [1.0 - inp.weight_spread, 1.0 + inp.weight_spread], "unif")
            where["weights"].append((p, int(c), col))
    for p, a in sorted(inp.judgments.items()):
        k, m = a.shape[0], a.shape[-1] * (a.shape[-1] - 1) // 2
        cols = [add(f"j{p}_{e}_{c}", f"j:{p}", [0.0, inp.sigma], "norm")
                for e in range(k) for c in range(m)]  # fmt: skip
        where["judgments"][p] = (cols[0], k, m)
    spread = [inp.sd, None if inp.lo is None or inp.hi is None else inp.hi - inp.lo]
    for j in range(tree.n_leaves):
        if any(v is not None and (v[:, j] > 0).any() for v in spread):
            normal = inp.sd is not None and bool((inp.sd[:, j] > 0).any())
            col_z = add(f"z{j}", f"x:{j}", [0.0, 1.0], "norm") if normal else -1
            ranged = spread[1] is not None and bool((spread[1][:, j] > 0).any())
            col_u = add(f"v{j}", f"x:{j}", [0.0, 1.0], "unif") if ranged else -1
            where["values"].append((j, col_z, col_u))
    choices = {"m:normalisation": inp.stacks.shape[0], "m:aggregation": 2 if inp.aggregation
               else 1, "m:group": 2 if inp.group_choice else 1}  # fmt: skip
    for label, count in choices.items():
        if count > 1:
            where["choices"][label] = (add(label[2:], label, [0.0, 1.0], "unif"), count)
    problem = {"num_vars": len(names), "names": names, "bounds": bounds, "dists": dists,
               "groups": groups}  # fmt: skip
    return problem, where


def _choice(sample: FloatArray, where: dict[str, Any], label: str) -> IntArray | None:
    if label not in where["choices"]:
        return None
    col, count = where["choices"][label]
    return np.minimum((sample[:, col] * count).astype(np.int64), count - 1)


def _local(tree: Hierarchy, inp: _Inputs, sample: FloatArray, where: dict[str, Any]) -> FloatArray:
    """Local weights of every node at every sampled point."""
    local = np.tile(np.asarray(tree.local), (sample.shape[0], 1))
    if where["weights"]:
        kids = np.array([c for _, c, _ in where["weights"]])
        local[:, kids] *= sample[:, [col for _, _, col in where["weights"]]]
        sums_t = np.zeros((tree.n_nodes, local.shape[0]))
        np.add.at(sums_t, tree.parent[kids], local[:, kids].T)
        local[:, kids] /= sums_t[tree.parent[kids]].T
    rule = _choice(sample, where, "m:group")
    other: Group = "aip" if inp.group == "aij" else "aij"
    for p, (col, k, m) in where["judgments"].items():
        deltas = sample[:, col : col + k * m].reshape(-1, k, m)
        ew = None if inp.expert_weights is None else inp.expert_weights.get(p)
        w = perturbed_weights(inp.judgments[p], deltas, expert_weights=ew, method=inp.method,
                              group=inp.group, node=p)  # fmt: skip
        if rule is not None:
            alt = perturbed_weights(inp.judgments[p], deltas, expert_weights=ew,
                                    method=inp.method, group=other, node=p)  # fmt: skip
            w = np.where(rule[:, None] == 1, alt, w)
        local[:, tree.children(p)] = w
    return local


def _evaluate(
    tree: Hierarchy, inp: _Inputs, sample: FloatArray, where: dict[str, Any]
) -> FloatArray:
    """Composites (n_runs, n_entities) at every sampled point."""
    g = global_weights(tree, _local(tree, inp, sample, where))[:, tree.leaves]
    pick = _choice(sample, where, "m:normalisation")
    geo = _choice(sample, where, "m:aggregation")
    runs, n_ent = sample.shape[0], inp.stacks.shape[1]
    y = np.empty((runs, n_ent))
    for m in range(inp.stacks.shape[0]):
        rows_m = np.arange(runs) if pick is None else np.flatnonzero(pick == m)
        for step in range(0, rows_m.size, 4096):  # bounded memory: runs x entities x leaves
            rows = rows_m[step : step + 4096]
            xd = np.broadcast_to(inp.stacks[m], (rows.size, *inp.stacks.shape[1:])).copy()
            for j, col_z, col_u in where["values"]:
                if col_z >= 0 and inp.sd is not None:
                    xd[:, :, j] += sample[rows, col_z][:, None] * inp.sd[:, j]
                if col_u >= 0 and inp.lo is not None and inp.hi is not None:
                    u = sample[rows, col_u][:, None]
                    xd[:, :, j] += inp.lo[:, j] + (inp.hi[:, j] - inp.lo[:, j]) * u
            y[rows] = np.einsum("cel,cl->ce", xd, g[rows])
            if geo is not None and (geo[rows] == 1).any():
                gr = rows[geo[rows] == 1]
                y[gr] = geometric_composite(g[gr], xd[geo[rows] == 1])
    return y


def composite_sobol(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    weight_spread: float = 0.2,
    weight_nodes: ArrayLike | None = None,
    value_sd: ArrayLike | None = None,
    value_low: ArrayLike | None = None,
    value_high: ArrayLike | None = None,
    judgments: Mapping[int, ArrayLike] | None = None,
    sigma: float = 0.1,
    expert_weights: Mapping[int, ArrayLike] | None = None,
    method: str = "eigenvector",
    group: Group = "aij",
    alternatives: ArrayLike | None = None,
    aggregation: bool = False,
    group_choice: bool = False,
    entities: ArrayLike | None = None,
    top: int = 10,
    n_base: int = 1024,
    num_resamples: int = 100,
    seed: int | None = None,
) -> SobolResult:
    """First and total Sobol indices of each entity's composite per uncertain input group.

    .. math:: S_i = \\frac{V[E(Y \\mid X_i)]}{V(Y)}, \\qquad
              S_{T,i} = \\frac{E[V(Y \\mid X_{\\sim i})]}{V(Y)}

    Groups (module docstring): ``w:<node>`` child weights ×U[1 ± s], ``j:<node>`` the node's
    judgment cells (:math:`\\ln a_{ij} + \\sigma z`, every expert), ``x:<leaf>`` measurement
    error, and the discrete method choices ``m:normalisation`` (construction 0 or an
    alternative), ``m:aggregation`` (weighted arithmetic or geometric mean), ``m:group``
    (the run's group rule or the other one of AIJ/AIP), each a uniform pick.

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    weight_spread : float
        Relative uniform spread ``s`` of every child weight (0 = weights certain).
    weight_nodes : array_like of int, optional
        Nodes whose child weights vary (default: every aggregate with two or more children
        that has no ``judgments``).
    value_sd : array_like, shape (n_leaves,) or (n_entities, n_leaves), optional
        Standard deviation of each measured value (None = values certain).
    value_low, value_high : array_like, same shapes, optional
        Intervals of each value (containing it): a uniform draw in the interval.
    judgments : mapping node -> (k, n, n), optional
        The experts' matrices of AHP nodes whose judgments vary by lognormal noise ``sigma``.
    sigma : float
        Spread of :math:`\\ln a_{ij}`; > 0 with ``judgments``.
    expert_weights, method, group
        As in :func:`~qualindex.sensitivity.montecarlo.draw_local_weights`.
    alternatives : array_like, shape (n_alternatives, n_entities, n_leaves), optional
        Leaf scores under other normalisations.
    aggregation, group_choice : bool
        Whether the aggregation rule / the group rule is an uncertain choice.
    entities : array_like of int, optional
        Entities to analyse; default the ``top`` best at the base weights.
    n_base : int
        Saltelli base sample size (a power of 2); ``n_base (G + 2)`` runs.
    num_resamples : int
        Bootstrap resamples for the confidence intervals.
    seed : int, optional
        Seeds the scrambled Sobol' sequence and the bootstrap.

    Returns
    -------
    SobolResult

    References
    ----------
    Sobol' (2001); Saltelli et al. (2010); Herman & Usher (2017), SALib ``sample.sobol`` and
    ``analyze.sobol``; OECD/JRC (2008), sec. 7 (discrete choices as uniform factors).
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    inp = _inputs(tree, scores, locals())
    problem, where = _problem(tree, inp)
    if len(set(problem["groups"])) < 2:
        raise InputError(
            "fewer than two uncertain inputs; give weight_spread > 0, value errors, judgments "
            "or method alternatives"
        )
    n = int(n_base)
    if n < 2 or n & (n - 1):
        raise InputError(f"n_base = {n_base} must be a power of 2 (Sobol' sequence)")
    pts = sample.sample(problem, n, calc_second_order=False, seed=seed)
    y = _evaluate(tree, inp, pts, where)
    x = inp.stacks[0]
    base = y.mean(axis=0)
    ids = (np.argsort(-base, kind="stable")[: min(top, x.shape[0])] if entities is None
           else np.asarray(entities, dtype=np.int64))  # fmt: skip
    res = [analyze.analyze(problem, y[:, e], calc_second_order=False, seed=seed,
                           num_resamples=num_resamples) for e in ids]  # fmt: skip
    labels = tuple(dict.fromkeys(problem["groups"]))
    return SobolResult(
        groups=labels,
        entities=ids,
        first=np.array([r["S1"] for r in res]).reshape(ids.size, -1),
        total=np.array([r["ST"] for r in res]).reshape(ids.size, -1),
        first_conf=np.array([r["S1_conf"] for r in res]).reshape(ids.size, -1),
        total_conf=np.array([r["ST_conf"] for r in res]).reshape(ids.size, -1),
        variance=y[:, ids].var(axis=0),
        n_runs=int(pts.shape[0]),
    )


def _inputs(tree: Hierarchy, scores: ArrayLike, kw: dict[str, Any]) -> _Inputs:
    """The arguments of :func:`composite_sobol`, checked."""
    x = check_scores(tree, scores)
    spread = kw["weight_spread"]
    if not (np.isfinite(spread) and 0 <= spread < 1):
        raise InputError(f"weight_spread = {spread} must be in [0, 1)")
    arrays = []
    for name in ("value_sd", "value_low", "value_high"):
        v = kw[name]
        a = None if v is None else np.broadcast_to(np.asarray(v, np.float64), x.shape)
        if a is not None and not np.isfinite(a).all():
            raise InputError(f"{name} must be finite")
        arrays.append(a)
    sd, low, high = arrays
    if sd is not None and (sd < 0).any():
        raise InputError("value_sd must be finite and >= 0")
    if (low is None) != (high is None):
        raise InputError("give both value_low and value_high, or neither")
    if low is not None and high is not None and ((low > x) | (high < x)).any():
        raise InputError("each value interval [value_low, value_high] must contain the value")
    judged = {int(p): np.asarray(a, np.float64) for p, a in (kw["judgments"] or {}).items()}
    if judged and not (np.isfinite(kw["sigma"]) and kw["sigma"] > 0):
        raise InputError(f"sigma = {kw['sigma']} must be > 0 when judgments vary")
    if kw["group"] not in ("aij", "aip"):
        raise InputError(f"group {kw['group']!r} is not supported; use one of 'aij', 'aip'")
    if kw["weight_nodes"] is None:
        nodes = [int(p) for p in tree.aggregates() if tree.children(int(p)).size >= 2]
        nodes = [p for p in nodes if p not in judged] if spread > 0 else []
    else:
        nodes = [int(p) for p in np.asarray(kw["weight_nodes"], np.int64)] if spread > 0 else []
    alt = kw["alternatives"]
    stacks = x[None] if alt is None else np.concatenate([x[None], np.asarray(alt, np.float64)])
    if stacks.ndim != 3 or stacks.shape[1:] != x.shape or not np.isfinite(stacks).all():
        raise InputError(f"alternatives must be finite, shape (n_alternatives, {x.shape[0]}, "
                         f"{x.shape[1]})")  # fmt: skip
    return _Inputs(
        weight_spread=float(spread),
        weight_nodes=tuple(nodes),
        judgments=judged,
        sigma=float(kw["sigma"]),
        method=kw["method"],
        group=kw["group"],
        expert_weights=kw["expert_weights"],
        sd=sd,
        lo=None if low is None else low - x,
        hi=None if high is None else high - x,
        stacks=stacks,
        aggregation=bool(kw["aggregation"]),
        group_choice=bool(kw["group_choice"]) and bool(judged),
    )
