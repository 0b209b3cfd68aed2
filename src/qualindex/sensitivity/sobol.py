"""Variance-based global sensitivity of each entity's composite (Sobol indices, via SALib).

Uncertain input groups:

* ``w:<node>`` - the child weights of an aggregate node: every child's local weight is
  multiplied by :math:`u_c \\sim U[1 - s, 1 + s]` and the node's weights renormalised,
  :math:`w'_c = w_c u_c / \\sum_{c'} w_{c'} u_{c'}`;
* ``x:<leaf>`` - the measurement error of a leaf's score, :math:`x'_{el} = x_{el} + \\sigma_{el}
  z_l`, :math:`z_l \\sim N(0, 1)`.  Entity ``e``'s composite depends only on its own errors, so
  one :math:`z_l` per leaf gives every entity's indices exactly as independent errors would.

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

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import Hierarchy, check_scores, freeze_array, global_weights

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


def _problem(
    tree: Hierarchy, weight_spread: float, sd: FloatArray | None
) -> tuple[dict[str, Any], list[tuple[int, int]], list[int]]:
    names, groups, bounds, dists = [], [], [], []
    varied = []
    if weight_spread > 0:
        for p in tree.aggregates():
            kids = tree.children(int(p))
            if kids.size < 2:
                continue
            for c in kids:
                varied.append((int(p), int(c)))
                names.append(f"u{c}")
                groups.append(f"w:{p}")
                bounds.append([1.0 - weight_spread, 1.0 + weight_spread])
                dists.append("unif")
    leaves = [] if sd is None else [j for j in range(tree.n_leaves) if (sd[:, j] > 0).any()]
    for j in leaves:
        names.append(f"z{j}")
        groups.append(f"x:{j}")
        bounds.append([0.0, 1.0])
        dists.append("norm")
    problem = {"num_vars": len(names), "names": names, "bounds": bounds, "dists": dists,
               "groups": groups}  # fmt: skip
    return problem, varied, leaves


def _evaluate(
    tree: Hierarchy,
    x: FloatArray,
    sample: FloatArray,
    varied: list[tuple[int, int]],
    leaves: list[int],
    sd: FloatArray | None,
) -> FloatArray:
    """Composites (n_runs, n_entities) at every sampled point."""
    local = np.tile(np.asarray(tree.local), (sample.shape[0], 1))
    if varied:
        kids = np.array([c for _, c in varied])
        local[:, kids] *= sample[:, : len(varied)]
        sums_t = np.zeros((tree.n_nodes, local.shape[0]))
        np.add.at(sums_t, tree.parent[kids], local[:, kids].T)
        local[:, kids] /= sums_t[tree.parent[kids]].T
    g = global_weights(tree, local)[:, tree.leaves]
    y = g @ x.T
    if leaves and sd is not None:
        z = sample[:, len(varied) :]
        y += (g[:, leaves] * z) @ sd[:, leaves].T
    return np.asarray(y)


def composite_sobol(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    weight_spread: float = 0.2,
    value_sd: ArrayLike | None = None,
    entities: ArrayLike | None = None,
    top: int = 10,
    n_base: int = 1024,
    num_resamples: int = 100,
    seed: int | None = None,
) -> SobolResult:
    """First and total Sobol indices of each entity's composite per uncertain input group.

    .. math:: S_i = \\frac{V[E(Y \\mid X_i)]}{V(Y)}, \\qquad
              S_{T,i} = \\frac{E[V(Y \\mid X_{\\sim i})]}{V(Y)}

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    weight_spread : float
        Relative uniform spread ``s`` of every child weight (0 = weights certain).
    value_sd : array_like, shape (n_leaves,) or (n_entities, n_leaves), optional
        Standard deviation of each measured value (None = values certain).
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
    ``analyze.sobol``.
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    x = check_scores(tree, scores)
    if not (np.isfinite(weight_spread) and 0 <= weight_spread < 1):
        raise InputError(f"weight_spread = {weight_spread} must be in [0, 1)")
    sd = None if value_sd is None else np.broadcast_to(np.asarray(value_sd, np.float64), x.shape)
    if sd is not None and (~np.isfinite(sd) | (sd < 0)).any():
        raise InputError("value_sd must be finite and >= 0")
    problem, varied, leaves = _problem(tree, float(weight_spread), sd)
    if problem["num_vars"] < 2:
        raise InputError("fewer than two uncertain inputs; give weight_spread > 0 or value_sd")
    n = int(n_base)
    if n < 2 or n & (n - 1):
        raise InputError(f"n_base = {n_base} must be a power of 2 (Sobol' sequence)")
    pts = sample.sample(problem, n, calc_second_order=False, seed=seed)
    y = _evaluate(tree, x, pts, varied, leaves, sd)
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
