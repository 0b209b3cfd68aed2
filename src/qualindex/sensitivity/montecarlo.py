"""Monte Carlo over the experts' pairwise judgments, through the whole tree to every rank.

For every aggregate node ``p`` with a stack of ``k`` experts' matrices :math:`A^{(e)}`, each draw
``d`` perturbs every upper-triangle judgment and keeps reciprocity:

``"lognormal"``  :math:`\\ln a'_{ij} = \\ln a_{ij} + \\sigma \\varepsilon`,
                 :math:`\\varepsilon \\sim N(0, 1)` (Hahn 2003);
``"saaty"``      :math:`a'_{ij}` moves :math:`u \\sim U\\{-s..s\\}` steps along Saaty's scale
                 :math:`1/9, 1/8, \\dots, 1, \\dots, 9` (clipped at its ends);
``"none"``       no change;

:math:`a'_{ji} = 1 / a'_{ij}`.  With ``bootstrap`` the ``k`` experts of each node are resampled
with replacement.  Then AIJ (the weighted geometric mean of the draw's matrices, Aczél & Saaty
1983) and the priority vector (:func:`~qualindex.weighting.ahp.ahp_batch`) give the node's local
weights for all draws of the node in one array operation,

.. math:: w^{(d)}_p = \\mathrm{AHP}\\Big(\\exp \\sum_e \\beta^{(d)}_e \\ln A'^{(e,d)}\\Big),

and global weights, composites and ranks follow in chunks of draws
(:mod:`qualindex.sensitivity.ranks`).

Attribution: each judgment cell ``(node, expert, i, j)`` is a factor whose value in draw ``d``
is its log-perturbation :math:`\\ln a'_{ij} - \\ln a_{ij}` (for ``bootstrap``, each
``(node, expert)`` factor is the number of times the expert was drawn).  The share of the
variance of a tracked entity's rank explained by a factor alone is the squared Pearson
correlation :math:`\\rho^2(r_e, f)` (the first-order linear-regression :math:`R^2`); factors are
ranked by its mean over the tracked (top) entities.

References
----------
Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *J. Math.
Psychology* 27, 93-102.
Hahn, E. D. (2003). Decision making with uncertain judgments: a stochastic formulation of the
analytic hierarchy process. *Decision Sciences* 34(3), 443-466.
Lahdelma, R. & Salminen, P. (2001). SMAA-2. *Operations Research* 49(3), 444-454.
Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, sec. 1.2.5
(squared standardised regression / correlation coefficients).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import GroupRule as Group  # the one declaration
from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import (
    Hierarchy,
    check_scores,
    composite,
    freeze_array,
    global_weights,
)
from qualindex.sensitivity.ranks import RankAccumulator, RankSummary
from qualindex.weighting.ahp import ahp_batch, check_stack
from qualindex.weighting.incomplete import lambda_optimal

__all__ = [
    "GROUPS",
    "NOISES",
    "SAATY_SCALE",
    "Attribution",
    "JudgmentDraws",
    "MonteCarloResult",
    "attribute",
    "draw_local_weights",
    "judgment_monte_carlo",
    "perturbed_weights",
    "rank_distribution",
]

Noise = Literal["none", "saaty", "lognormal"]
NOISES: tuple[str, ...] = get_args(Noise)
GROUPS: tuple[str, ...] = get_args(Group)
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Saaty's 1-9 scale and its reciprocals, ascending (17 values).
SAATY_SCALE = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2,
                        1, 2, 3, 4, 5, 6, 7, 8, 9])  # fmt: skip


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


@dataclass(frozen=True, slots=True)
class JudgmentDraws:
    """Local weights of every node in every draw, and the perturbation factors behind them.

    Attributes
    ----------
    local : ndarray, shape (n_draws, n_nodes)
    factors : ndarray, shape (n_draws, n_factors)
        Value of every factor in every draw (module docstring).
    factor_node, factor_expert, factor_i, factor_j : ndarray of int, shape (n_factors,)
        Which cell each factor is: node, expert, and child positions ``i < j`` within the node
        (``-1, -1`` for a bootstrap count factor).
    """

    local: FloatArray
    factors: FloatArray
    factor_node: IntArray
    factor_expert: IntArray
    factor_i: IntArray
    factor_j: IntArray

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))


def _check_judgments(tree: Hierarchy, judgments: Mapping[int, ArrayLike]) -> dict[int, FloatArray]:
    out = {}
    for node, stack in judgments.items():
        kids = tree.children(int(node))
        a = check_stack(stack, allow_missing=True, name=f"judgments[{node}]")
        nobody = np.isnan(a).all(axis=0)
        if nobody.any():
            i, j = (int(v) for v in np.argwhere(nobody)[0])
            raise InputError(
                f"judgments[{node}][:, {i}, {j}] is NaN for every expert; have someone judge the "
                "pair, or complete the matrices with weighting.incomplete.lambda_optimal() first"
            )
        if a.shape[-1] != kids.size or kids.size < 2:
            raise InputError(
                f"judgments[{node}] is {a.shape[-1]}x{a.shape[-1]} but node {node} has "
                f"{kids.size} children; give one row/column per child (ascending node index), "
                "for nodes with at least two children"
            )
        out[int(node)] = a
    return out


def _complete(a: FloatArray, node: int) -> FloatArray:
    """Fill each expert's missing (NaN) judgments by the lambda-optimal completion."""
    out = a.copy()
    for e in np.flatnonzero(np.isnan(a).any(axis=(1, 2))):
        try:
            out[e] = lambda_optimal(a[e]).matrix
        except InputError as exc:
            raise InputError(f"judgments[{node}], expert {e}: {exc}") from None
    return out


def _perturb(
    logs: FloatArray, draws: int, noise: str, sigma: float, steps: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Perturbed upper-triangle logs (draws, k, m) and their change from the base."""
    base = np.broadcast_to(logs, (draws, *logs.shape))
    if noise == "lognormal":
        delta = sigma * rng.standard_normal(base.shape)
        return base + delta, np.nan_to_num(delta * np.isfinite(base))
    if noise == "saaty":
        grid = np.log(SAATY_SCALE)
        pos = np.abs(np.nan_to_num(logs)[..., None] - grid).argmin(axis=-1)
        step = rng.integers(-steps, steps + 1, size=base.shape)
        new = np.where(step == 0, base, grid[np.clip(pos + step, 0, grid.size - 1)])
        new = np.where(np.isnan(base), np.nan, new)
        return new, np.nan_to_num(new - base)
    return base.copy(), np.zeros(base.shape)


def _node_draws(
    a: FloatArray,
    beta: FloatArray,
    draws: int,
    options: dict[str, Any],
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray, int]:
    """Weights (draws, n) of one node, its factors (draws, f), and k."""
    if options["group"] == "aip":
        a = _complete(a, options["node"])
    k, n = a.shape[0], a.shape[-1]
    iu, ju = np.triu_indices(n, 1)
    upper, delta = _perturb(np.log(a[:, iu, ju]), draws, options["noise"], options["sigma"],
                            options["steps"], rng)  # fmt: skip
    factors = delta.reshape(draws, -1)
    b = np.broadcast_to(beta, (draws, k))
    if options["bootstrap"]:
        pick = rng.integers(0, k, size=(draws, k))
        upper = np.take_along_axis(upper, pick[..., None], axis=1)
        b = beta[pick]
        counts = (pick[..., None] == np.arange(k)).sum(axis=1).astype(np.float64)
        factors = np.concatenate([factors, counts], axis=1)
    return _group_weights(upper, b, n, options["method"], options["group"]), factors, k


def _group_weights(upper: FloatArray, b: FloatArray, n: int, method: str, group: str) -> FloatArray:
    """Local weights (draws, n) from each draw's upper-triangle logs (draws, k, m) of ``k``
    experts and their weights ``b`` (draws, k): AIJ or AIP, then the priority vectors."""
    draws, k = b.shape
    b = b / b.sum(axis=1, keepdims=True)
    if group == "aip":
        each = _full(upper.reshape(draws * k, -1), n)
        w = np.asarray(ahp_batch(each, method=method).weights).reshape(draws, k, n)
        g = np.exp(np.einsum("dk,dkn->dn", b, np.log(w)))
        return np.asarray(g / g.sum(axis=1, keepdims=True))
    given = ~np.isnan(upper)
    num = np.einsum("dk,dkm->dm", b, np.where(given, upper, 0.0))
    full = _full(num / np.einsum("dk,dkm->dm", b, given.astype(np.float64)), n)
    return np.asarray(ahp_batch(full, method=method).weights)


def perturbed_weights(
    judgments: ArrayLike,
    deltas: ArrayLike,
    *,
    expert_weights: ArrayLike | None = None,
    method: str = "eigenvector",
    group: Group = "aij",
    node: int = 0,
) -> FloatArray:
    """One node's local weights for given changes of its experts' log judgments.

    .. math:: \\ln a'^{(e,d)}_{ij} = \\ln a^{(e)}_{ij} + \\delta^{(d)}_{e,ij}, \\qquad
              w^{(d)} = \\mathrm{AHP}(\\text{AIJ or AIP of } A'^{(\\cdot,d)})

    The deterministic half of :func:`draw_local_weights` (which draws the changes), for
    samplers that choose them, such as the Saltelli design of
    :func:`~qualindex.sensitivity.sobol.composite_sobol`.

    Parameters
    ----------
    judgments : array_like, shape (k, n, n)
        The experts' reciprocal matrices (NaN = missing; AIP completes them first).
    deltas : array_like, shape (draws, k, n (n - 1) / 2)
        Changes of the upper-triangle logs, in ``numpy.triu_indices(n, 1)`` order.
    expert_weights : array_like, shape (k,), optional
    method, group
        As in :func:`draw_local_weights`.
    node : int
        Named in messages.

    Returns
    -------
    ndarray, shape (draws, n)
    """
    a = check_stack(judgments, allow_missing=True, name=f"judgments[{node}]")
    if group == "aip":
        a = _complete(a, node)
    k, n = a.shape[0], a.shape[-1]
    iu, ju = np.triu_indices(n, 1)
    dl = np.asarray(deltas, dtype=np.float64)
    if dl.ndim != 3 or dl.shape[1:] != (k, iu.size):
        raise InputError(f"deltas has shape {dl.shape}; give (draws, {k}, {iu.size})")
    beta = _beta(None if expert_weights is None else {node: expert_weights}, node, k)
    upper = np.log(a[:, iu, ju])[None] + dl
    return _group_weights(upper, np.broadcast_to(beta, (dl.shape[0], k)), n, method, group)


def _full(upper: FloatArray, n: int) -> FloatArray:
    """Reciprocal matrices (d, n, n) from upper-triangle logs (d, m)."""
    iu, ju = np.triu_indices(n, 1)
    logs = np.zeros((upper.shape[0], n, n))
    logs[:, iu, ju], logs[:, ju, iu] = upper, -upper
    return np.exp(logs)


def _factor_ids(node: int, k: int, n: int, bootstrap: bool) -> list[IntArray]:
    iu, ju = np.triu_indices(n, 1)
    e = np.repeat(np.arange(k), iu.size)
    ids = [np.full(e.size, node), e, np.tile(iu, k), np.tile(ju, k)]
    if bootstrap:
        extra = [np.full(k, node), np.arange(k), np.full(k, -1), np.full(k, -1)]
        ids = [np.concatenate([x, y]) for x, y in zip(ids, extra, strict=True)]
    return ids


def _options(
    noise: str, sigma: float, steps: int, bootstrap: bool, method: str, group: str
) -> dict[str, Any]:
    if group not in GROUPS:
        raise InputError(f"group {group!r} is not supported; use one of 'aij', 'aip'")
    if noise not in NOISES:
        listed = ", ".join(map(repr, NOISES))
        raise InputError(f"noise {noise!r} is not supported; use one of {listed}")
    if not (np.isfinite(sigma) and sigma >= 0):
        raise InputError(f"sigma = {sigma} must be >= 0 (spread of ln a_ij)")
    if int(steps) != steps or steps < 0:
        raise InputError(f"steps = {steps} must be a whole number >= 0 (Saaty-scale steps)")
    return {"noise": noise, "sigma": float(sigma), "steps": int(steps),
            "bootstrap": bool(bootstrap), "method": method, "group": group}  # fmt: skip


def draw_local_weights(
    tree: Hierarchy,
    judgments: Mapping[int, ArrayLike],
    *,
    draws: int,
    noise: Noise = "lognormal",
    sigma: float = 0.0,
    steps: int = 1,
    bootstrap: bool = False,
    expert_weights: Mapping[int, ArrayLike] | None = None,
    method: str = "eigenvector",
    group: Group = "aij",
    seed: int | np.random.Generator | None = None,
) -> JudgmentDraws:
    """Perturbed local weights of every node for ``draws`` draws (module docstring).

    Parameters
    ----------
    tree : Hierarchy
        Nodes without judgments keep ``tree.local``.
    judgments : mapping node -> array_like (k, n, n)
        Reciprocal matrices of the node's experts, rows/columns in the order of
        ``tree.children(node)``.  A missing judgment (NaN on both sides) is skipped by AIJ's
        geometric mean (every pair needs one expert), or, for AIP, filled by the
        lambda-optimal completion of that expert's matrix, both as in
        :func:`~qualindex.weighting.group.group_ahp`.
    draws : int
    noise : {"none", "saaty", "lognormal"}
    sigma : float
        Standard deviation of :math:`\\ln a_{ij}` for ``"lognormal"``.
    steps : int
        Maximum Saaty-scale steps for ``"saaty"``.
    bootstrap : bool
        Resample each node's experts with replacement in every draw.
    expert_weights : mapping node -> array_like (k,), optional
        AIJ expert weights :math:`\\beta` (default equal).
    method : {"eigenvector", "geometric", "column"}
        Priority method of :func:`~qualindex.weighting.ahp.ahp_batch`.
    group : {"aij", "aip"}
        Aggregate the experts' judgments (AIJ, weighted geometric mean of the matrices) or
        their priority vectors (AIP, weighted geometric mean of the vectors, normalised;
        Forman & Peniwati 1998).
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    JudgmentDraws

    References
    ----------
    Aczél & Saaty (1983); Hahn (2003); Saaty (1980), ch. 1.
    """
    if int(draws) < 1:
        raise InputError(f"draws = {draws} must be >= 1")
    opts = _options(noise, sigma, steps, bootstrap, method, group)
    stacks, rng = _check_judgments(tree, judgments), _rng(seed)
    local = np.tile(np.asarray(tree.local), (int(draws), 1))
    factors, ids = [], []
    for node in sorted(stacks):
        a = stacks[node]
        beta = _beta(expert_weights, node, a.shape[0])
        w, f, k = _node_draws(a, beta, int(draws), {**opts, "node": node}, rng)
        local[:, tree.children(node)] = w
        factors.append(f)
        ids.append(_factor_ids(node, k, a.shape[-1], opts["bootstrap"]))
    cols = [np.concatenate([x[c] for x in ids]) if ids else np.zeros(0, np.int64) for c in range(4)]
    f_all = np.concatenate(factors, axis=1) if factors else np.zeros((int(draws), 0))
    return JudgmentDraws(local, f_all, *(c.astype(np.int64) for c in cols))


def _beta(expert_weights: Mapping[int, ArrayLike] | None, node: int, k: int) -> FloatArray:
    if expert_weights is None or node not in expert_weights:
        return np.full(k, 1.0 / k)
    b = np.asarray(expert_weights[node], dtype=np.float64)
    if b.shape != (k,) or not np.isfinite(b).all() or (b < 0).any() or b.sum() <= 0:
        raise InputError(f"expert_weights[{node}] must be {k} finite weights >= 0, not all 0")
    return b / b.sum()


def rank_distribution(
    tree: Hierarchy,
    scores: ArrayLike,
    local: ArrayLike,
    *,
    grades: ArrayLike | None = None,
    chunk: int = 256,
    track: int = 10,
    max_rank: int | None = None,
    base_local: ArrayLike | None = None,
    progress: Callable[[int], None] | None = None,
) -> RankSummary:
    """Rank distribution of every entity over draws of the local weights, in chunks.

    .. math:: S^{(d)} = X\\, g^{(d)}_{leaves}, \\qquad g^{(d)}_i = g^{(d)}_{parent(i)} w^{(d)}_i

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    local : array_like, shape (n_draws, n_nodes)
        Local weights of every draw (e.g. :attr:`JudgmentDraws.local`).
    grades : array_like, optional
        Ascending grade cut-points on the composite scale.
    chunk : int
        Draws per chunk; peak memory is about ``chunk * n_entities * 8 * 4`` bytes.
    track, max_rank
        See :class:`~qualindex.sensitivity.ranks.RankAccumulator`.
    base_local : array_like, shape (n_nodes,), optional
        Unperturbed local weights for ``base_rank`` and the tracked entities (default
        ``tree.local``).
    progress : callable, optional
        Called with the number of draws done after each chunk.

    Returns
    -------
    RankSummary

    References
    ----------
    Lahdelma & Salminen (2001); Saisana, Saltelli & Tarantola (2005).
    """
    x = check_scores(tree, scores)
    w = np.asarray(local, dtype=np.float64)
    if w.ndim != 2 or w.shape[1] != tree.n_nodes:
        raise InputError(f"local has shape {w.shape}; give (n_draws, {tree.n_nodes})")
    if int(chunk) < 1:
        raise InputError(f"chunk = {chunk} must be >= 1")
    base = composite(tree, x, base_local)
    acc = RankAccumulator(base, w.shape[0], grades=grades, n_leaves=tree.n_leaves, track=track,
                          max_rank=max_rank)  # fmt: skip
    xt = np.ascontiguousarray(x.T)
    for start in range(0, w.shape[0], int(chunk)):
        g = global_weights(tree, w[start : start + int(chunk)])[:, tree.leaves]
        acc.add(g @ xt, g)
        if progress is not None:
            progress(min(start + int(chunk), w.shape[0]))
    return acc.result()


@dataclass(frozen=True, slots=True)
class Attribution:
    """How much of the variance of the tracked entities' ranks each factor explains alone.

    Attributes
    ----------
    r2 : ndarray, shape (n_tracked, n_factors)
        :math:`\\rho^2(r_e, f)`; 0 when the rank or the factor does not vary.
    explained : ndarray, shape (n_factors,)
        Mean of ``r2`` over the tracked entities.
    order : ndarray of int, shape (n_factors,)
        Factors by ``explained``, largest first.
    """

    r2: FloatArray
    explained: FloatArray
    order: IntArray

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))


def attribute(ranks: ArrayLike, factors: ArrayLike) -> Attribution:
    """Squared correlation of every tracked rank with every perturbation factor.

    .. math:: \\rho^2(r_e, f) = \\frac{\\mathrm{cov}(r_e, f)^2}{\\mathrm{var}(r_e)\\,
              \\mathrm{var}(f)}

    Parameters
    ----------
    ranks : array_like, shape (n_draws, n_tracked)
    factors : array_like, shape (n_draws, n_factors)

    Returns
    -------
    Attribution

    References
    ----------
    Saltelli et al. (2008), sec. 1.2.5.
    """
    r = np.asarray(ranks, dtype=np.float64)
    f = np.asarray(factors, dtype=np.float64)
    if r.ndim != 2 or f.ndim != 2 or r.shape[0] != f.shape[0]:
        raise InputError(f"ranks {r.shape} and factors {f.shape} need one row per draw")
    rc, fc = r - r.mean(axis=0), f - f.mean(axis=0)
    cov = rc.T @ fc / max(r.shape[0], 1)
    var = np.outer((rc**2).mean(axis=0), (fc**2).mean(axis=0))
    scale = np.maximum(np.outer(np.abs(r).max(axis=0), np.abs(f).max(axis=0)), 1.0) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = np.where(var > 1e-24 * scale, cov**2 / var, 0.0)
    explained = r2.mean(axis=0) if r2.shape[0] else np.zeros(f.shape[1])
    return Attribution(r2, explained, np.argsort(-explained, kind="stable"))


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """Result of :func:`judgment_monte_carlo`: rank summary, draws and attribution."""

    ranks: RankSummary
    draws: JudgmentDraws
    attribution: Attribution
    seed: int | None
    options: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Rank summary, option values and the 20 most explaining judgment cells, for JSON."""
        top = self.attribution.order[:20]
        d = self.draws
        cells = [
            {"node": int(d.factor_node[f]), "expert": int(d.factor_expert[f]),
             "i": int(d.factor_i[f]), "j": int(d.factor_j[f]),
             "explained": float(self.attribution.explained[f])}
            for f in top
        ]  # fmt: skip
        return {"seed": self.seed, "options": dict(self.options),
                "ranks": self.ranks.to_dict(), "judgment_cells": cells}  # fmt: skip


def judgment_monte_carlo(
    tree: Hierarchy,
    scores: ArrayLike,
    judgments: Mapping[int, ArrayLike],
    *,
    draws: int = 1000,
    noise: Noise = "lognormal",
    sigma: float = 0.1,
    steps: int = 1,
    bootstrap: bool = False,
    expert_weights: Mapping[int, ArrayLike] | None = None,
    method: str = "eigenvector",
    group: Group = "aij",
    grades: ArrayLike | None = None,
    seed: int | None = None,
    chunk: int = 256,
    track: int = 10,
    max_rank: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> MonteCarloResult:
    """Monte Carlo from the experts' judgments to every entity's rank (module docstring).

    Parameters are those of :func:`draw_local_weights` and :func:`rank_distribution`; ``seed``
    makes the run reproducible (``numpy.random.default_rng(seed)``).

    Returns
    -------
    MonteCarloResult
        ``ranks`` (per-entity rank quantiles, acceptability, grade probabilities, central
        weights), ``draws`` (local weights and factors), ``attribution`` (judgment cells that
        explain the tracked ranks).

    References
    ----------
    Hahn (2003); Lahdelma & Salminen (2001); Saltelli et al. (2008), sec. 1.2.5.
    """
    jd = draw_local_weights(tree, judgments, draws=draws, noise=noise, sigma=sigma, steps=steps,
                            bootstrap=bootstrap, expert_weights=expert_weights, method=method,
                            group=group, seed=seed)  # fmt: skip
    base = draw_local_weights(tree, judgments, draws=1, noise="none",
                              expert_weights=expert_weights, method=method,
                              group=group).local[0]  # fmt: skip
    summary = rank_distribution(tree, scores, jd.local, grades=grades, chunk=chunk, track=track,
                                max_rank=max_rank, base_local=base,
                                progress=progress)  # fmt: skip
    options = {"draws": int(draws), "noise": noise, "sigma": float(sigma), "steps": int(steps),
               "bootstrap": bool(bootstrap), "method": method, "group": group}  # fmt: skip
    return MonteCarloResult(summary, jd, attribute(summary.tracked_ranks, jd.factors), seed,
                            options)  # fmt: skip
