"""Diagnosis kernels: contributions, shortfalls, improvement priority, IPA, short boards.

All scores are on the 0-100 scale; weights are *global* weights (the product of
the local weights down the hierarchy), so contributions add up to the composite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float
from qualindex.errors import InputError
from qualindex.texts import render

__all__ = [
    "IPA_LABELS",
    "IPA_QUADRANTS",
    "IPACentre",
    "IPAResult",
    "ShortBoards",
    "contribution",
    "importance_performance",
    "improvement_priority",
    "pass_mark",
    "scale_cuts",
    "short_boards",
    "shortfall",
]

FloatArray = NDArray[np.float64]

#: Where the IPA cuts sit: on the scale (mean weight 1/k, pass mark) or at the data's means.
IPACentre = Literal["scale", "data"]

#: Quadrant keys in a fixed order (the codes of :attr:`IPAResult.quadrant`).
IPA_QUADRANTS: tuple[str, ...] = ("concentrate_here", "keep_up", "low_priority", "overkill")

#: Quadrant labels, English after Martilla & James (1977) and Chinese as used with the
#: importance-satisfaction matrix (GB/T 19038-2009, informative annex D); the words live in
#: the message catalogue (``quadrant.<key>``, ``quadrant_rule.<key>``).
IPA_LABELS: dict[str, dict[str, str]] = {
    key: {
        "en": render(f"quadrant.{key}", None, "en"),
        "zh": render(f"quadrant.{key}", None, "zh"),
        "rule_en": render(f"quadrant_rule.{key}", None, "en"),
        "rule_zh": render(f"quadrant_rule.{key}", None, "zh"),
    }
    for key in IPA_QUADRANTS
}


def _pair(a: ArrayLike, b: ArrayLike, names: tuple[str, str]) -> tuple[FloatArray, FloatArray]:
    x = as_float(a, names[0])
    y = as_float(b, names[1])
    try:
        shape = np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise InputError(
            f"{names[0]} {x.shape} and {names[1]} {y.shape} do not match; "
            "give one value per indicator"
        ) from None
    return np.broadcast_to(x, shape), np.broadcast_to(y, shape)


def contribution(global_weights: ArrayLike, scores: ArrayLike) -> FloatArray:
    r"""Points each indicator adds to the composite: :math:`c_i = W_i s_i`.

    With global weights summing to 1 the contributions sum to the composite score.
    """
    w, s = _pair(global_weights, scores, ("global_weights", "scores"))
    return np.asarray(w * s, dtype=np.float64)


def shortfall(global_weights: ArrayLike, scores: ArrayLike, *, full: float = 100.0) -> FloatArray:
    r"""Points lost against full marks: :math:`l_i = W_i (100 - s_i)`.

    ``sum(shortfall) = 100 - composite`` when the global weights sum to 1.
    """
    w, s = _pair(global_weights, scores, ("global_weights", "scores"))
    return np.asarray(w * (full - s), dtype=np.float64)


def improvement_priority(
    importance: ArrayLike, scores: ArrayLike, target: ArrayLike = 100.0
) -> FloatArray:
    r"""Improvement priority :math:`p_i = I_i \max(0, T_i - s_i)`.

    Importance (a global weight, or stated/derived importance) times the gap to
    the target; indicators at or above target get priority 0.
    """
    imp, s = _pair(importance, scores, ("importance", "scores"))
    t = as_float(target, "target", allow_nan=False)
    return np.asarray(imp * np.maximum(t - s, 0.0), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class IPAResult:
    """Importance-performance quadrants; arrays read-only.

    Attributes
    ----------
    quadrant : numpy.ndarray of int
        Index into :data:`IPA_QUADRANTS` per indicator (-1 when a value is missing).
    importance_cut, performance_cut : float
        The cut points used (the means unless given).
    """

    quadrant: NDArray[np.int64]
    importance_cut: float
    performance_cut: float

    def __post_init__(self) -> None:
        self.quadrant.setflags(write=False)

    def keys(self) -> tuple[str, ...]:
        """Quadrant key per indicator (``""`` where a value is missing)."""
        return tuple(IPA_QUADRANTS[q] if q >= 0 else "" for q in self.quadrant)

    def labels(self, lang: str = "en") -> tuple[str, ...]:
        """Quadrant label per indicator in ``lang`` (``"en"`` or ``"zh"``)."""
        if lang not in ("en", "zh"):
            raise InputError(f"lang {lang!r} is not one of en, zh")
        return tuple(IPA_LABELS[k][lang] if k else "" for k in self.keys())


def importance_performance(
    importance: ArrayLike,
    performance: ArrayLike,
    *,
    importance_cut: float | None = None,
    performance_cut: float | None = None,
) -> IPAResult:
    r"""Importance-performance analysis (IPA) / importance-satisfaction matrix.

    Indicators are split at the cut points (an indicator *at* a cut counts as high).
    Quadrants: high importance & low performance = "concentrate here" (修补区), high & high =
    "keep up the good work" (优势区), low & low = "low priority" (机会区), low importance &
    high performance = "possible overkill" (维持区).

    Without cuts this is the *data-centred* variant: each cut is the mean of the observed
    values, :math:`\bar I = \frac1k\sum_i I_i`, :math:`\bar P = \frac1k\sum_i P_i`.  Data
    centring makes every set of indicators look half good and half bad, however high the
    scores are; Bacon (2003) shows that quadrant membership then depends on the spread of
    the data, and that *scale-centred* cuts (a fixed point of the measurement scale) answer
    "is this good enough?".  :func:`scale_cuts` gives those cuts: the mean weight
    :math:`1/k` (weights sum to 1) and the scale's pass mark (:func:`pass_mark`).

    References
    ----------
    Martilla J.A., James J.C. (1977). Importance-performance analysis.
    J. Marketing 41(1), 77-79.
    Bacon D.R. (2003). A comparison of approaches to importance-performance analysis.
    Int. J. Market Research 45(1), 55-71 (scale-centred vs data-centred cuts).
    GB/T 19038-2009 顾客满意测评模型和方法指南, annex D (informative).
    """
    imp, perf = _pair(importance, performance, ("importance", "performance"))
    if imp.ndim != 1:
        raise InputError(f"importance has shape {imp.shape}; give one value per indicator")
    seen = ~(np.isnan(imp) | np.isnan(perf))
    if not seen.any():
        raise InputError("no indicator has both importance and performance")
    ic = float(np.mean(imp[seen])) if importance_cut is None else float(importance_cut)
    pc = float(np.mean(perf[seen])) if performance_cut is None else float(performance_cut)
    high_i, high_p = imp >= ic, perf >= pc
    quadrant = np.select(
        [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p], [0, 1, 2], default=3
    ).astype(np.int64)
    quadrant[~seen] = -1
    return IPAResult(quadrant, ic, pc)


def pass_mark(score_range: tuple[float, float], grade_minima: Sequence[float] = ()) -> float:
    r"""The scale-centred performance cut: the lowest grade threshold above the scale's floor
    (the pass mark: 60 for 优秀/良好/中等/合格/差 with 差 below 60), else the scale's
    midpoint :math:`(lo + hi) / 2` (50 on 0-100).

    Bacon (2003) centres the performance axis on the scale rather than on the data; a grade
    threshold the index defines says where "good enough" starts more precisely than the
    midpoint does.
    """
    lo, hi = float(score_range[0]), float(score_range[1])
    above = [float(m) for m in grade_minima if lo < float(m) <= hi]
    return min(above) if above else (lo + hi) / 2.0


def scale_cuts(
    k: int, score_range: tuple[float, float], grade_minima: Sequence[float] = ()
) -> tuple[float, float]:
    r"""Scale-centred IPA cuts for ``k`` indicators: (:math:`1/k`, :func:`pass_mark`).

    :math:`1/k` is the mean of any ``k`` weights that sum to 1 (the global weights), so an
    indicator is "important" when it weighs more than an equal share (Bacon 2003).
    """
    if k < 1:
        raise InputError(f"k = {k} indicators; the IPA needs at least one")
    return 1.0 / k, pass_mark(score_range, grade_minima)


@dataclass(frozen=True, slots=True)
class ShortBoards:
    """Indicators ordered from the worst (short board, 短板) onwards; arrays read-only.

    Attributes
    ----------
    order : numpy.ndarray of int
        Indicator indices, worst first (missing scores last).
    gap : numpy.ndarray
        Per indicator (original order): score - target, or the score itself
        when no target was given.  Negative = below target.
    below_target : numpy.ndarray of bool
        Per indicator: score below target (all False without targets).
    """

    order: NDArray[np.int64]
    gap: FloatArray
    below_target: NDArray[np.bool_]

    def __post_init__(self) -> None:
        self.order.setflags(write=False)
        self.gap.setflags(write=False)
        self.below_target.setflags(write=False)

    def worst(self, k: int = 1) -> NDArray[np.int64]:
        """The ``k`` worst indicators."""
        return self.order[:k]


def short_boards(scores: ArrayLike, *, targets: ArrayLike | None = None) -> ShortBoards:
    """Rank indicators from the weakest: lowest score, or furthest below target.

    Without targets the order is by score (ascending); with targets (baseline or
    target score per indicator) by ``score - target`` (ascending), so the
    indicator furthest below its target comes first.  Ties keep input order.
    """
    s = as_float(scores, "scores")
    if s.ndim != 1 or s.size == 0:
        raise InputError(f"scores has shape {s.shape}; give one score per indicator")
    if targets is None:
        gap = s.copy()
        below = np.zeros(s.shape, dtype=bool)
    else:
        s, t = _pair(s, targets, ("scores", "targets"))
        gap = np.asarray(s - t, dtype=np.float64)
        below = np.asarray(gap < 0)
    key = np.where(np.isnan(gap), np.inf, gap)
    order = np.argsort(key, kind="stable").astype(np.int64)
    return ShortBoards(order, gap, below)
