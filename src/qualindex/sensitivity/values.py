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

from collections.abc import Mapping
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
    "method_choices",
    "value_monte_carlo",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

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


def _value_inputs(
    x: FloatArray, sd: ArrayLike | None, low: ArrayLike | None, high: ArrayLike | None
) -> tuple[FloatArray | None, FloatArray | None, FloatArray | None]:
    s, lo, hi = (_spread(v, x.shape, n) for v, n in ((sd, "sd"), (low, "low"), (high, "high")))
    if (s is None) == (lo is None or hi is None):
        raise InputError("give either sd (normal errors) or both low and high (intervals)")
    if s is not None and (s < 0).any():
        raise InputError("sd must be >= 0 (standard deviation of each measured value)")
    if lo is not None and hi is not None and (lo > hi).any():
        raise InputError("low must be <= high in every cell of the value intervals")
    return s, lo, hi


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

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
    draws : int
    sd : array_like, shape (n_leaves,) or (n_entities, n_leaves), optional
        Standard deviation of each measured (scored) value: normal errors.
    low, high : array_like, same shapes, optional
        Intervals of each value instead: uniform draws.
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
    x = check_scores(tree, scores)
    _value_inputs(x, sd, low, high)
    return combined_monte_carlo(
        tree, x, draws=draws, sd=sd, low=low, high=high, local=local, grades=grades, seed=seed,
        track=track, max_rank=max_rank,
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
    stacks: FloatArray,
    pick: IntArray,
    errors: tuple[FloatArray | None, FloatArray | None, FloatArray | None],
    rng: np.random.Generator,
) -> FloatArray:
    sd, lo, hi = errors
    xd = stacks[pick]
    if sd is not None:
        xd = xd + sd * rng.standard_normal(xd.shape)
    elif lo is not None and hi is not None:
        xd = lo + (hi - lo) * rng.random(xd.shape)
    return np.asarray(xd)


def combined_monte_carlo(
    tree: Hierarchy,
    scores: ArrayLike,
    *,
    draws: int = 1000,
    alternatives: ArrayLike | None = None,
    sd: ArrayLike | None = None,
    low: ArrayLike | None = None,
    high: ArrayLike | None = None,
    local: ArrayLike | None = None,
    grades: ArrayLike | None = None,
    seed: int | None = None,
    track: int = 10,
    max_rank: int | None = None,
) -> ValueMonteCarloResult:
    """Rank distribution over every uncertain source at once: weights, values and methods.

    Draw ``d`` picks a construction :math:`m_d` uniformly among ``scores`` and the
    ``alternatives`` (a discrete uncertain factor, as in the OECD/JRC Handbook), adds the
    measurement error, and weights with the draw's local weights:

    .. math:: S^{(d)} = \\big(X^{(m_d)} + \\sigma \\circ Z^{(d)}\\big)\\, g^{(d)}_{leaves}

    Parameters
    ----------
    tree : Hierarchy
    scores : array_like, shape (n_entities, n_leaves)
        Reference leaf scores (construction 0); the base ranks use them with ``tree.local``
        (pass a tree carrying the judgments' unperturbed weights).
    draws : int
    alternatives : array_like, shape (n_alternatives, n_entities, n_leaves), optional
        Leaf scores under other constructions (other normalisations, ...); constructions
        ``1..n_alternatives``.
    sd, low, high : array_like, optional
        Measurement error as in :func:`value_monte_carlo` (intervals only without
        ``alternatives``); none: values certain.
    local : array_like, shape (draws, n_nodes), optional
        Local-weight draws (e.g. ``JudgmentDraws.local``); default fixed.
    grades, track, max_rank, seed
        As in :func:`value_monte_carlo`.

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
    given = any(v is not None for v in (sd, low, high))
    errors = _value_inputs(x, sd, low, high) if given else (None, None, None)
    if stacks.shape[0] > 1 and errors[1] is not None:
        raise InputError("value intervals cannot be combined with alternatives; give sd instead")
    d = int(draws)
    w = np.tile(np.asarray(tree.local), (d, 1)) if local is None else np.asarray(local, np.float64)
    if w.shape != (d, tree.n_nodes):
        raise InputError(f"local has shape {w.shape}; give ({d}, {tree.n_nodes})")
    rng = np.random.default_rng(seed)
    choice = rng.integers(0, stacks.shape[0], size=d)
    acc = RankAccumulator(composite(tree, x), d, grades=grades, n_leaves=tree.n_leaves,
                          track=track, max_rank=max_rank)  # fmt: skip
    step = max(1, CHUNK_ELEMENTS // x.size)
    for start in range(0, d, step):
        g = global_weights(tree, w[start : start + step])[:, tree.leaves]
        xd = _chunk_scores(stacks, choice[start : start + step], errors, rng)
        acc.add(np.einsum("cel,cl->ce", xd, g), g)
    kind = "none" if not given else ("normal" if errors[0] is not None else "interval")
    options = {"draws": d, "errors": kind, "weights_vary": local is not None,
               "constructions": int(stacks.shape[0])}  # fmt: skip
    return ValueMonteCarloResult(acc.result(), seed, options, choice)


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
