"""Alternatives under leaf criteria: local priorities and their synthesis (pure kernels).

The classic AHP decision model (Saaty 1980; Saaty 2008, *Int. J. Services Sciences*
1(1):83-98) puts the alternatives as the bottom level, shared by every leaf criterion.
Each leaf gives a vector of local priorities of the alternatives; the synthesis weighs
them with the leaves' global weights:

* **distributive** mode: each leaf's vector sums to 1, and the global priority of
  alternative *a* is Σₖ wₖ pₖ(a).  The priorities of all alternatives sum to 1, and a
  leaf's weight is shared among the alternatives — so adding a copy of an alternative
  takes priority from the others and can reverse their order (Belton & Gear 1983).
  Use it when the alternatives' number matters (dominance of a share: market shares,
  allocation among a fixed set).
* **ideal** mode: each leaf's vector is divided by its largest entry (the best
  alternative under that leaf gets the full weight of the leaf), score(a) =
  Σₖ wₖ pₖ(a)/maxₐ pₖ, and the scores are normalised to sum 1 for display.  Adding or
  removing an alternative that is not the best under any criterion leaves the others'
  order unchanged (Saaty & Vargas 1993; Belton & Gear's remedy).  Use it to choose the
  best one.

Rows marked ``absolute`` (Saaty's ratings model: idealised intensity priorities) are
already on an ideal scale where 1 is the best *intensity*, not the best alternative; the
ideal mode keeps them as they are (absolute measurement) and the distributive mode
normalises them to sum 1 like the others.

Everything here takes and returns numpy arrays; nothing is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import RelativeMode
from qualindex.core import FloatArray
from qualindex.errors import InputError

__all__ = [
    "Synthesis",
    "competition_ranks",
    "direct_group",
    "measured_priorities",
    "ratings_priorities",
    "synthesize",
]


@dataclass(frozen=True)
class Synthesis:
    """Global priorities of m alternatives from k leaf criteria.

    ``used`` is the k x m matrix actually composed (distributive: rows summing to 1;
    ideal: rows divided by their maximum, absolute rows as given); ``score`` = wᵀ·used;
    ``priorities`` = score / Σ score; ``contributions[k, a]`` = wₖ·used[k, a] / Σ score
    (a column sums to the alternative's priority).
    """

    mode: RelativeMode
    weights: FloatArray
    used: FloatArray
    score: FloatArray
    priorities: FloatArray
    contributions: FloatArray
    ranks: NDArray[np.int64]

    def __post_init__(self) -> None:
        for name in ("weights", "used", "score", "priorities", "contributions", "ranks"):
            arr = np.array(getattr(self, name))
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)


def competition_ranks(values: ArrayLike, *, rtol: float = 1e-12) -> NDArray[np.int64]:
    """1 = largest; ties (within ``rtol`` of the largest value) share the better rank."""
    v = np.asarray(values, dtype=float)
    tol = rtol * max(float(np.max(np.abs(v))) if v.size else 0.0, 1e-300)
    return (1 + (v[None, :] > v[:, None] + tol).sum(axis=1)).astype(np.int64)


def synthesize(
    local: ArrayLike,
    weights: ArrayLike,
    *,
    mode: RelativeMode = "distributive",
    absolute: ArrayLike | None = None,
) -> Synthesis:
    """Compose local priorities (k leaves x m alternatives) with leaf weights (k,).

    ``absolute`` (k booleans) marks ratings rows (see the module text).  Rows must be
    non-negative with a positive maximum; weights non-negative, not all zero.

    Examples
    --------
    >>> s = synthesize([[0.5, 0.5], [0.8, 0.2]], [0.5, 0.5])
    >>> s.priorities.round(2).tolist()
    [0.65, 0.35]
    >>> synthesize([[0.5, 0.5], [0.8, 0.2]], [0.5, 0.5], mode="ideal").score.tolist()
    [1.0, 0.625]
    """
    p = np.array(local, dtype=float, ndmin=2)
    w = np.asarray(weights, dtype=float)
    if p.ndim != 2 or w.shape != (p.shape[0],):
        raise InputError(f"local priorities {p.shape} and weights {w.shape} do not match")
    if not np.all(np.isfinite(p)) or (p < 0).any():
        raise InputError("local priorities must be finite and non-negative")
    if not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
        raise InputError("leaf weights must be finite, non-negative and not all zero")
    top = p.max(axis=1)
    if (top <= 0).any():
        raise InputError(f"leaf row {int(np.argmin(top))} gives every alternative 0")
    absolute_rows = (
        np.zeros(p.shape[0], dtype=bool) if absolute is None else np.asarray(absolute, bool)
    )
    if mode == "distributive":
        used = p / p.sum(axis=1, keepdims=True)
    elif mode == "ideal":
        used = np.where(absolute_rows[:, None], p, p / top[:, None])
    else:
        raise InputError(f"synthesis mode {mode!r} is not one of distributive, ideal")
    score = w @ used
    total = score.sum()
    return Synthesis(
        mode=mode,
        weights=w,
        used=used,
        score=score,
        priorities=score / total,
        contributions=w[:, None] * used / total,
        ranks=competition_ranks(score),
    )


def measured_priorities(
    values: ArrayLike, *, direction: str = "higher", mode: RelativeMode = "distributive"
) -> FloatArray:
    """Priorities of alternatives from measured values (AHP relative measurement).

    ``higher``: p ∝ x; ``lower`` (a cost): p ∝ 1/x (Saaty 1980 §5: the reciprocal makes
    half the cost twice as good).  ``distributive`` divides by the sum, ``ideal`` by the
    maximum.  ``higher`` needs x ≥ 0 (not all 0); ``lower`` needs x > 0.

    >>> measured_priorities([20, 30, 50]).tolist()
    [0.2, 0.3, 0.5]
    >>> measured_priorities([10, 20], direction="lower", mode="ideal").tolist()
    [1.0, 0.5]
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise InputError("measured values must be a finite vector")
    if direction == "lower":
        if (x <= 0).any():
            raise InputError("a 'lower is better' value must be > 0 (its reciprocal is used)")
        x = 1.0 / x
    elif (x < 0).any() or x.max() <= 0:
        raise InputError("measured values must be >= 0 and not all 0")
    return x / (x.max() if mode == "ideal" else x.sum())


def ratings_priorities(intensity_priorities: ArrayLike, ratings: ArrayLike) -> FloatArray:
    """Saaty's ratings (absolute measurement): each alternative gets the idealised
    priority of the intensity it is rated at (the best intensity = 1).

    >>> ratings_priorities([0.5, 0.3, 0.2], [0, 2, 1]).tolist()
    [1.0, 0.4, 0.6]
    """
    q = np.asarray(intensity_priorities, dtype=float)
    idx = np.asarray(ratings, dtype=np.int64)
    if q.ndim != 1 or (q <= 0).any() or not np.all(np.isfinite(q)):
        raise InputError("intensity priorities must be positive and finite")
    if idx.size and (idx.min() < 0 or idx.max() >= q.size):
        raise InputError("a rating names no intensity of the scale")
    return (q / q.max())[idx]


def direct_group(vectors: ArrayLike, weights: ArrayLike) -> FloatArray:
    """Experts' given priorities (e x m): each normalised to sum 1, then the weighted
    arithmetic mean (zeros stay possible, as in R ``ahp``'s scores).

    >>> direct_group([[1, 1], [3, 1]], [1, 1]).tolist()
    [0.625, 0.375]
    """
    v = np.array(vectors, dtype=float, ndmin=2)
    w = np.asarray(weights, dtype=float)
    if (v < 0).any() or (v.sum(axis=1) <= 0).any() or not np.all(np.isfinite(v)):
        raise InputError("given priorities must be non-negative and not all 0")
    if w.shape != (v.shape[0],) or (w <= 0).any():
        raise InputError("one positive weight per expert")
    v = v / v.sum(axis=1, keepdims=True)
    out: FloatArray = (w @ v) / w.sum()
    return out
