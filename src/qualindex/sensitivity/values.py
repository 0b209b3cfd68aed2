"""Uncertainty of the measured values and of the method choices, as rank distributions.

Measured values: each draw replaces the leaf scores by

.. math:: x^{(d)}_{el} = x_{el} + \\sigma_{el} z^{(d)}_{el}, \\quad z \\sim N(0, 1)
          \\qquad\\text{or}\\qquad x^{(d)}_{el} \\sim U[\\ell_{el}, h_{el}],

optionally together with draws of the local weights (all sources at once), and ranks the
composites :math:`S^{(d)} = X^{(d)} g^{(d)}_{leaves}` (:mod:`qualindex.sensitivity.ranks`).

Method choices: every alternative construction of the index (another normalisation, geometric
instead of arithmetic aggregation, AIP instead of AIJ, ...) is one composite vector; treating
each as an equally likely draw gives the rank distribution over choices, and the average shift
in rank against the reference construction (Saisana, Saltelli & Tarantola 2005, eq. 9),

.. math:: \\bar R_{S,e} = \\frac{1}{M} \\sum_{m=1}^{M} |r^{(m)}_e - r^{(ref)}_e|.

References
----------
OECD/JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User Guide*.
OECD Publishing, sec. 7 (uncertainty and sensitivity analysis).
Saisana, M., Saltelli, A. & Tarantola, S. (2005). Uncertainty and sensitivity analysis techniques
as tools for the quality assessment of composite indicators. *J. R. Statist. Soc. A* 168(2),
307-323.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import (
    Hierarchy,
    check_scores,
    composite,
    freeze_array,
    global_weights,
    ranks_of,
)
from qualindex.sensitivity.ranks import RankAccumulator, RankSummary

__all__ = [
    "MethodChoices",
    "ValueMonteCarloResult",
    "combined_monte_carlo",
    "geometric_composite",
    "method_choices",
    "value_monte_carlo",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Scores below this are raised to it before a geometric mean (as evaluate.aggregate does).
GEOMETRIC_FLOOR = 1e-3

#: Elements of one chunk of perturbed score matrices (draws x entities x leaves).
CHUNK_ELEMENTS = 8_000_000


@dataclass(frozen=True, slots=True)
class ValueMonteCarloResult:
    """Rank summary under measurement error, weight draws and/or method choices.

    ``choice`` is the construction used by each draw (all 0 without alternatives).
    """

    ranks: RankSummary
    seed: int | None
    options: Mapping[str, Any]
    choice: IntArray

    def __post_init__(self) -> None:
        object.__setattr__(self, "choice", freeze_array(self.choice, np.int64))

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON."""
        return {"seed": self.seed, "options": dict(self.options), "ranks": self.ranks.to_dict()}


def _spread(arr: ArrayLike | None, shape: tuple[int, int], name: str) -> FloatArray | None:
    if arr is None:
        return None
    try:
        a = np.broadcast_to(np.asarray(arr, dtype=np.float64), shape)
    except ValueError:
        a = np.full(shape, np.nan)
    if not np.isfinite(a).all():
        raise InputError(f"{name} must be finite: a number, shape (n_leaves,) or {shape}")
    return np.asarray(a)


@dataclass(frozen=True, slots=True)
class _Errors:
    """Measurement error as offsets from the reference scores: ``sd * z + lo + (hi - lo) u``."""

    sd: FloatArray | None
    lo: FloatArray | None  # offsets (low - x), with hi
    hi: FloatArray | None

    @property
    def kind(self) -> str:
        if self.sd is None and self.lo is None:
            return "none"
        if self.lo is None:
            return "normal"
        return "interval" if self.sd is None else "normal+interval"


def _value_inputs(
    x: FloatArray, sd: ArrayLike | None, low: ArrayLike | None, high: ArrayLike | None
) -> _Errors:
    s, lo, hi = (_spread(v, x.shape, n) for v, n in ((sd, "sd"), (low, "low"), (high, "high")))
    if (lo is None) != (hi is None):
        raise InputError("give both low and high (the interval of each value), or neither")
    if s is not None and (s < 0).any():
        raise InputError("sd must be >= 0 (standard deviation of each measured value)")
    if lo is not None and hi is not None:
        if (lo > hi).any():
            raise InputError("low must be <= high in every cell of the value intervals")
        if (lo > x + 1e-12 * np.abs(x)).any() or (hi < x - 1e-12 * np.abs(x)).any():
            raise InputError("each value interval [low, high] must contain the value itself")
        return _Errors(s, lo - x, hi - x)
    return _Errors(s, None, None)


def value_monte_carlo(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    draws: int = 1000,
    sd: ArrayLike | None = None,
    low: ArrayLike | None = None,
    high: ArrayLike | None = None,
    local: ArrayLike | None = None,
    grades: ArrayLike | None = None,
    seed: int | None = None,
    track: int = 10,
    max_rank: int | None = None,
) -> ValueMonteCarloResult:
    """Rank distribution under measurement error of the leaf scores (module docstring).

    .. math:: x^{(d)}_{el} = x_{el} + \\sigma_{el} z^{(d)}_{el} \\quad\\text{or}\\quad
              x^{(d)}_{el} \\sim U[\\ell_{el}, h_{el}]

    :func:`combined_monte_carlo` with one construction, which insists on an error.

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    draws : int
    sd : array_like, shape (n_leaves,) or (n_entities, n_leaves), optional
        Standard deviation of each measured (scored) value: normal errors.
    low, high : array_like, same shapes, optional
        Intervals of each value (containing it): uniform draws; with ``sd`` too, both are added.
    local : array_like, shape (draws, n_nodes), optional
        Local-weight draws to combine with (e.g. ``JudgmentDraws.local``); default fixed.
    grades, track, max_rank
        See :class:`~qualindex.sensitivity.ranks.RankAccumulator`.
    seed : int, optional

    Returns
    -------
    ValueMonteCarloResult

    References
    ----------
    OECD/JRC (2008), sec. 7; Saisana, Saltelli & Tarantola (2005).
    """
    if sd is None and low is None and high is None:
        raise InputError("give either sd (normal errors) or both low and high (intervals)")
    return combined_monte_carlo(
        tree, scores, draws=draws, sd=sd, low=low, high=high, local=local, grades=grades,
        seed=seed, track=track, max_rank=max_rank,
    )  # fmt: skip


def _alternatives(tree: Hierarchy, x: FloatArray, alternatives: ArrayLike | None) -> FloatArray:
    if alternatives is None:
        return x[np.newaxis]
    alt = np.asarray(alternatives, dtype=np.float64)
    if alt.ndim != 3 or alt.shape[1:] != x.shape or not np.isfinite(alt).all():
        raise InputError(
            f"alternatives has shape {alt.shape}; give finite leaf scores (n_alternatives, "
            f"{x.shape[0]}, {x.shape[1]}), one matrix per alternative construction"
        )
    return np.concatenate([x[np.newaxis], alt])


def _chunk_scores(
    stacks: FloatArray, pick: IntArray, errors: _Errors, rng: np.random.Generator
) -> FloatArray:
    xd = stacks[pick]
    if errors.sd is not None:
        xd = xd + errors.sd * rng.standard_normal(xd.shape)
    if errors.lo is not None and errors.hi is not None:
        xd = xd + errors.lo + (errors.hi - errors.lo) * rng.random(xd.shape)
    return np.asarray(xd)


def geometric_composite(g: FloatArray, x: FloatArray, floor: float = GEOMETRIC_FLOOR) -> FloatArray:
    """Composites of a tree aggregated by the weighted geometric mean at every node.

    Nested weighted geometric means compose into one over the leaves with the global weights,
    :math:`\\prod_c (\\prod_l x_l^{w_l})^{w_c} = \\prod_l x_l^{g_l}`, so

    .. math:: S_e = \\exp \\sum_l g_l \\ln \\max(x_{el}, \\text{floor})

    (the floor of :func:`~qualindex.evaluate.aggregate.weighted_geometric_mean`, 1e-3 on a 0-100
    scale).  ``g`` is ``(c, n_leaves)`` and ``x`` ``(c, n_entities, n_leaves)`` or
    ``(n_entities, n_leaves)``; the result is ``(c, n_entities)``.
    """
    logs = np.log(np.maximum(x, floor))
    if logs.ndim == 2:
        return np.asarray(np.exp(g @ logs.T))
    return np.asarray(np.exp(np.einsum("cel,cl->ce", logs, g)))


def _per_draw(arr: ArrayLike | None, d: int, name: str, dtype: Any) -> NDArray[Any] | None:
    if arr is None:
        return None
    a = np.asarray(arr)
    if a.shape != (d,):
        raise InputError(f"{name} has shape {a.shape}; give one value per draw ({d},)")
    return np.asarray(a, dtype=dtype)


def combined_monte_carlo(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    draws: int = 1000,
    alternatives: ArrayLike | None = None,
    choice: ArrayLike | None = None,
    geometric: ArrayLike | None = None,
    sd: ArrayLike | None = None,
    low: ArrayLike | None = None,
    high: ArrayLike | None = None,
    local: ArrayLike | None = None,
    base_local: ArrayLike | None = None,
    grades: ArrayLike | None = None,
    seed: int | None = None,
    track: int = 10,
    max_rank: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ValueMonteCarloResult:
    """Rank distribution over every uncertain source at once: weights, values and methods.

    Draw ``d`` takes a construction :math:`m_d` among ``scores`` and the ``alternatives`` (a
    discrete uncertain factor, as in the OECD/JRC Handbook; uniformly at random unless
    ``choice`` gives it), adds the measurement error, weights with the draw's local weights
    and aggregates arithmetically, or geometrically where ``geometric[d]``
    (:func:`geometric_composite`):

    .. math:: S^{(d)} = \\big(X^{(m_d)} + \\sigma \\circ Z^{(d)} + L + (H - L) \\circ U^{(d)}
              \\big)\\, g^{(d)}_{leaves}

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
        Reference leaf scores (construction 0); the base ranks use them with ``base_local``.
    draws : int
    alternatives : array_like, shape (n_alternatives, n_entities, n_leaves), optional
        Leaf scores under other constructions (other normalisations, ...); constructions
        ``1..n_alternatives``.
    choice : array_like of int, shape (draws,), optional
        The construction of each draw (default: uniform at random).
    geometric : array_like of bool, shape (draws,), optional
        Draws aggregated by the weighted geometric mean (default: none).
    sd, low, high : array_like, optional
        Measurement error as in :func:`value_monte_carlo`; intervals enter as offsets
        ``low - x, high - x`` from the reference scores, so they also move the alternatives.
    local : array_like, shape (draws, n_nodes), optional
        Local-weight draws (e.g. ``JudgmentDraws.local``); default fixed.
    base_local : array_like, shape (n_nodes,), optional
        Weights of the base ranks (default ``tree.local``).
    grades, track, max_rank, seed
        As in :func:`value_monte_carlo`.
    progress : callable, optional
        Called with the number of draws done after each chunk.

    Returns
    -------
    ValueMonteCarloResult
        ``choice`` holds :math:`m_d` of every draw (use :func:`~qualindex.sensitivity.
        montecarlo.attribute` on its one-hot encoding to see how much the choice explains).

    References
    ----------
    OECD/JRC (2008), sec. 7; Saisana, Saltelli & Tarantola (2005).
    """
    x = check_scores(tree, scores)
    stacks = _alternatives(tree, x, alternatives)
    errors = _value_inputs(x, sd, low, high)
    d = int(draws)
    w = np.tile(np.asarray(tree.local), (d, 1)) if local is None else np.asarray(local, np.float64)
    if w.shape != (d, tree.n_nodes):
        raise InputError(f"local has shape {w.shape}; give ({d}, {tree.n_nodes})")
    rng = np.random.default_rng(seed)
    picked = _per_draw(choice, d, "choice", np.int64)
    if picked is not None and ((picked < 0) | (picked >= stacks.shape[0])).any():
        raise InputError(f"choice must be in 0..{stacks.shape[0] - 1} (one per construction)")
    picks = rng.integers(0, stacks.shape[0], size=d) if picked is None else picked
    geo = _per_draw(geometric, d, "geometric", np.bool_)
    acc = RankAccumulator(composite(tree, x, base_local), d, grades=grades,
                          n_leaves=tree.n_leaves, track=track, max_rank=max_rank)  # fmt: skip
    step = max(1, CHUNK_ELEMENTS // x.size)
    for start in range(0, d, step):
        part = slice(start, start + step)
        g = global_weights(tree, w[part])[:, tree.leaves]
        xd = _chunk_scores(stacks, picks[part], errors, rng)
        s = np.einsum("cel,cl->ce", xd, g)
        if geo is not None and geo[part].any():
            rows = np.flatnonzero(geo[part])
            s[rows] = geometric_composite(g[rows], xd[rows])
        acc.add(s, g)
        if progress is not None:
            progress(min(start + step, d))
    options = {"draws": d, "errors": errors.kind, "weights_vary": local is not None,
               "constructions": int(stacks.shape[0]),
               "geometric_share": 0.0 if geo is None else float(geo.mean())}  # fmt: skip
    return ValueMonteCarloResult(acc.result(), seed, options, picks)


@dataclass(frozen=True, slots=True)
class MethodChoices:
    """Ranks of every entity under every alternative construction of the index.

    Attributes
    ----------
    names : tuple of str
        One label per alternative (the first is the reference).
    ranks : ndarray of int, shape (n_alternatives, n_entities)
    rank_min, rank_max : ndarray of int, shape (n_entities,)
    mean_shift : ndarray, shape (n_entities,)
        :math:`\\bar R_{S,e}` against the reference (module docstring).
    summary : RankSummary
        The alternatives as equally likely draws.
    """

    names: tuple[str, ...]
    ranks: IntArray
    rank_min: IntArray
    rank_max: IntArray
    mean_shift: FloatArray
    summary: RankSummary

    def __post_init__(self) -> None:
        for name in ("ranks", "rank_min", "rank_max", "mean_shift"):
            arr = getattr(self, name)
            object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON."""
        return {
            "names": list(self.names),
            "ranks": self.ranks.tolist(),
            "rank_min": self.rank_min.tolist(),
            "rank_max": self.rank_max.tolist(),
            "mean_shift": self.mean_shift.tolist(),
            "summary": self.summary.to_dict(),
        }


def method_choices(
    alternatives: ArrayLike,
    *,
    names: tuple[str, ...] | None = None,
    grades: ArrayLike | None = None,
    track: int = 10,
) -> MethodChoices:
    """Rank spread over alternative constructions (normalisations, aggregations, group rules).

    .. math:: \\bar R_{S,e} = \\frac{1}{M} \\sum_m |r^{(m)}_e - r^{(1)}_e|

    Parameters
    ----------
    alternatives : array_like, shape (n_alternatives, n_entities)
        Composite of every entity under each construction; row 0 is the reference.  Build
        each row with the evaluate kernels (e.g. another normaliser, or the geometric mean).
    names : tuple of str, optional
        Labels (default ``"m0", "m1", ...``).
    grades, track
        See :class:`~qualindex.sensitivity.ranks.RankAccumulator`.

    Returns
    -------
    MethodChoices

    References
    ----------
    Saisana, Saltelli & Tarantola (2005), eq. 9; OECD/JRC (2008), sec. 7.
    """
    s = np.asarray(alternatives, dtype=np.float64)
    if s.ndim != 2 or s.shape[0] < 1 or s.shape[1] < 1 or not np.isfinite(s).all():
        raise InputError(
            f"alternatives has shape {s.shape}; give finite composites (n_alternatives, n_entities)"
        )
    labels = names if names is not None else tuple(f"m{i}" for i in range(s.shape[0]))
    if len(labels) != s.shape[0]:
        raise InputError(f"{len(labels)} names for {s.shape[0]} alternatives; give one each")
    r = ranks_of(s)
    acc = RankAccumulator(s[0], s.shape[0], grades=grades, track=track)
    acc.add(s)
    shift = np.abs(r - r[0]).mean(axis=0)
    return MethodChoices(tuple(labels), r, r.min(axis=0), r.max(axis=0), shift, acc.result())
