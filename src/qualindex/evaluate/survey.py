"""Survey kernels: Likert scoring, top-box, NPS, SERVQUAL gaps, Cronbach's alpha, ACSI.

Answer matrices are ``respondents x items`` float arrays; ``NaN`` is a blank
(no answer).  Functions that summarise items ignore blanks item by item unless
they say otherwise (Cronbach's alpha uses listwise deletion).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float
from qualindex.errors import InputError
from qualindex.evaluate.normalise import likert

__all__ = [
    "LIKERT5_SCORES",
    "LIKERT7_SCORES",
    "CronbachResult",
    "InvalidResponses",
    "ServqualResult",
    "acsi_index",
    "cronbach_alpha",
    "cronbach_alpha_by_dimension",
    "invalid_responses",
    "item_means",
    "linear_score_map",
    "nps",
    "reverse_score",
    "score_answers",
    "servqual_gaps",
    "top_box",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: 5-point map common in Chinese FCE practice: 5 -> 100 ... 1 -> 20 (a convention).
LIKERT5_SCORES: dict[float, float] = {5: 100.0, 4: 80.0, 3: 60.0, 2: 40.0, 1: 20.0}
#: 7-point map, linear from 1 -> 0 to 7 -> 100 (the SERVPERF 0-100 view (x-1)/6*100).
LIKERT7_SCORES: dict[float, float] = {p: (p - 1.0) / 6.0 * 100.0 for p in range(1, 8)}


def linear_score_map(
    points: int, *, lo: float = 0.0, hi: float = 100.0, first: int = 1
) -> dict[float, float]:
    """Evenly spaced score map: point ``first`` -> ``lo`` ... point ``first+points-1`` -> ``hi``.

    ``linear_score_map(5)`` is ``{1: 0, 2: 25, 3: 50, 4: 75, 5: 100}``.
    """
    if points < 2:
        raise InputError(f"points={points} must be >= 2 for a scale")
    step = (hi - lo) / (points - 1)
    return {float(first + k): lo + k * step for k in range(points)}


def score_answers(
    answers: ArrayLike,
    score_map: Mapping[float, float],
    *,
    reverse: bool | Sequence[bool] = False,
) -> FloatArray:
    """Score a ``respondents x items`` answer matrix with a score map.

    ``reverse`` is one flag for all items or one per item (column); reversed
    items are recoded :math:`x' = \\min + \\max - x` before scoring (see
    :func:`qualindex.evaluate.normalise.likert`).
    """
    a = as_float(answers, "answers")
    flags = np.broadcast_to(np.asarray(reverse, dtype=bool), a.shape[-1:] if a.ndim else ())
    if not flags.any():
        return likert(a, score_map)
    out = likert(a, score_map)
    out[..., flags] = likert(a[..., flags], score_map, reverse=True)
    return out


def reverse_score(x: ArrayLike, *, lo: float, hi: float) -> FloatArray:
    r"""Reverse-score a negatively worded item: :math:`x' = lo + hi - x` (blanks stay NaN)."""
    xa = as_float(x, "x")
    observed = xa[~np.isnan(xa)]
    if np.any((observed < lo) | (observed > hi)):
        raise InputError(f"answers must lie in [{lo}, {hi}] to be reversed on that scale")
    return lo + hi - xa


def item_means(answers: ArrayLike) -> FloatArray:
    """Mean of each item (column) over the respondents who answered it."""
    a = as_float(answers, "answers")
    if a.ndim != 2:
        raise InputError(f"answers has shape {a.shape}; give respondents x items")
    if np.isnan(a).all(axis=0).any():
        col = int(np.flatnonzero(np.isnan(a).all(axis=0))[0])
        raise InputError(f"item {col} has no answer; its mean is undefined")
    return np.asarray(np.nanmean(a, axis=0), dtype=np.float64)


def top_box(answers: ArrayLike, *, scale_max: float, boxes: int = 1) -> FloatArray:
    """Share (0-1) of answers in the top ``boxes`` points of the scale, per item.

    ``boxes=1`` is top-box (e.g. "5" on a 5-point scale), ``boxes=2`` top-two-box
    ("4" or "5").  Blanks are excluded from the denominator.
    """
    if boxes < 1:
        raise InputError(f"boxes={boxes} must be >= 1")
    a = as_float(answers, "answers")
    observed = ~np.isnan(a)
    if not observed.any(axis=0).all():
        raise InputError("an item has no answer; its top-box share is undefined")
    hits = np.sum(observed & (a > scale_max - boxes), axis=0)
    return np.asarray(hits / observed.sum(axis=0), dtype=np.float64)


def nps(answers: ArrayLike) -> float:
    """Net Promoter Score in percentage points: % promoters (9-10) - % detractors (0-6).

    ``answers`` are 0-10 recommendation ratings; blanks are ignored.  The result
    lies in [-100, 100].

    References
    ----------
    Reichheld F.F. (2003). The one number you need to grow. Harvard Business
    Review 81(12), 46-54.
    """
    a = as_float(answers, "answers").ravel()
    a = a[~np.isnan(a)]
    if a.size == 0:
        raise InputError("no answers; NPS needs at least one 0-10 rating")
    if np.any((a < 0) | (a > 10) | (a != np.round(a))):
        bad = a[(a < 0) | (a > 10) | (a != np.round(a))][0]
        raise InputError(f"rating {bad} is not an integer 0-10; NPS uses the 0-10 scale")
    return float((np.mean(a >= 9) - np.mean(a <= 6)) * 100.0)


@dataclass(frozen=True, slots=True)
class ServqualResult:
    """SERVQUAL gap scores (P - E); arrays read-only.

    Attributes
    ----------
    item_gaps : numpy.ndarray, shape (k,)
        Mean over respondents of P - E per item (pairs with a blank are skipped).
    dimension_gaps : numpy.ndarray, shape (d,)
        Mean of the item gaps of each dimension.
    overall : float
        Mean of the dimension gaps, weighted when weights were given.
    """

    item_gaps: FloatArray
    dimension_gaps: FloatArray
    overall: float

    def __post_init__(self) -> None:
        self.item_gaps.setflags(write=False)
        self.dimension_gaps.setflags(write=False)


def servqual_gaps(
    perception: ArrayLike,
    expectation: ArrayLike,
    dimensions: Sequence[Sequence[int]],
    *,
    weights: ArrayLike | None = None,
) -> ServqualResult:
    r"""SERVQUAL gap model: item gap :math:`\overline{P - E}`, dimension and overall means.

    Parameters
    ----------
    perception, expectation : array_like, shape (respondents, items)
        Perception and expectation answers of the same respondents (7-point in PZB 1988).
    dimensions : sequence of sequences of int
        Item columns of each dimension, e.g. tangibles ``[0, 1, 2, 3]``.
    weights : array_like, optional
        Dimension importance (e.g. 100 points shared by the 5 dimensions);
        the overall gap is then the weighted mean of the dimension gaps.

    References
    ----------
    Parasuraman A., Zeithaml V.A., Berry L.L. (1988). SERVQUAL: a multiple-item
    scale for measuring consumer perceptions of service quality. J. Retailing 64(1), 12-40.
    """
    p = as_float(perception, "perception")
    e = as_float(expectation, "expectation")
    if p.shape != e.shape or p.ndim != 2:
        raise InputError(
            f"perception {p.shape} and expectation {e.shape} must be the same respondents x items"
        )
    gaps = item_means(p - e)
    dim_gaps = np.array([gaps[_item_index(d, gaps.size)].mean() for d in dimensions])
    if dim_gaps.size == 0:
        raise InputError("dimensions is empty; give the item columns of each dimension")
    if weights is None:
        overall = float(dim_gaps.mean())
    else:
        w = as_float(weights, "weights", allow_nan=False)
        if w.shape != dim_gaps.shape or np.any(w < 0) or w.sum() <= 0:
            raise InputError(f"weights {w.tolist()} must give one weight >= 0 per dimension")
        overall = float(dim_gaps @ w / w.sum())
    return ServqualResult(gaps, dim_gaps, overall)


def _item_index(items: Sequence[int], k: int) -> NDArray[np.intp]:
    idx = np.asarray(items, dtype=np.intp)
    if idx.ndim != 1 or idx.size == 0 or np.any((idx < 0) | (idx >= k)):
        raise InputError(f"dimension items {list(items)} must be non-empty columns in 0..{k - 1}")
    return idx


@dataclass(frozen=True, slots=True)
class CronbachResult:
    """Cronbach's alpha of one scale; arrays read-only.

    Attributes
    ----------
    alpha : float
        Coefficient alpha of all items.
    alpha_if_dropped : numpy.ndarray, shape (k,)
        Alpha of the remaining items when item i is dropped (``NaN`` when only
        one item would remain or the remaining total has zero variance).
    n_used : int
        Respondents with every item answered (listwise deletion).
    n_dropped : int
        Respondents dropped because of at least one blank.
    """

    alpha: float
    alpha_if_dropped: FloatArray
    n_used: int
    n_dropped: int

    def __post_init__(self) -> None:
        self.alpha_if_dropped.setflags(write=False)


def _alpha(items: FloatArray) -> float:
    """Coefficient alpha; NaN when the total score has zero variance (0/0)."""
    k = items.shape[1]
    item_var = items.var(axis=0, ddof=1).sum()
    total_var = items.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - item_var / total_var))


def cronbach_alpha(items: ArrayLike) -> CronbachResult:
    r"""Cronbach's coefficient alpha with alpha-if-item-dropped.

    .. math::

        \alpha = \frac{k}{k - 1}\Big(1 - \frac{\sum_i s_i^2}{s_T^2}\Big)

    with sample variances (ddof = 1) of the k items and of the total score.
    Respondents with any blank are removed first (listwise deletion, as SPSS
    RELIABILITY and R ``psych::alpha(use="complete.obs")`` do); reverse-score
    negatively worded items before calling.

    References
    ----------
    Cronbach L.J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika 16(3), 297-334.
    """
    x = as_float(items, "items")
    if x.ndim != 2 or x.shape[1] < 2:
        raise InputError(f"items has shape {x.shape}; alpha needs respondents x (>= 2 items)")
    complete = ~np.isnan(x).any(axis=1)
    used = x[complete]
    if used.shape[0] < 2:
        raise InputError(
            f"only {used.shape[0]} respondent(s) answered every item; alpha needs at least 2"
        )
    alpha = _alpha(used)
    if np.isnan(alpha):
        raise InputError("total scores have zero variance; alpha is undefined (0/0)")
    k = used.shape[1]
    dropped = np.full(k, np.nan)
    if k > 2:
        for i in range(k):
            dropped[i] = _alpha(np.delete(used, i, axis=1))
    return CronbachResult(alpha, dropped, int(used.shape[0]), int((~complete).sum()))


def cronbach_alpha_by_dimension(
    items: ArrayLike, dimensions: Sequence[Sequence[int]]
) -> tuple[CronbachResult, ...]:
    """Cronbach's alpha of each dimension's items (listwise deletion per dimension)."""
    x = as_float(items, "items")
    if x.ndim != 2:
        raise InputError(f"items has shape {x.shape}; give respondents x items")
    return tuple(cronbach_alpha(x[:, _item_index(d, x.shape[1])]) for d in dimensions)


@dataclass(frozen=True, slots=True)
class InvalidResponses:
    """Screening of questionnaires; boolean arrays (respondents,), read-only.

    Attributes
    ----------
    invalid : numpy.ndarray of bool
        True where the respondent is invalid for any reason.
    out_of_range : numpy.ndarray of bool
        An answer outside [lo, hi] or not a whole scale point.
    too_many_blanks : numpy.ndarray of bool
        The share of blank items exceeds ``max_blank_share``.
    straight_lining : numpy.ndarray of bool
        Every answered item has the same value (only when requested).
    reasons : tuple of str
        Per respondent, the reasons joined by ``"; "`` (empty when valid).
    """

    invalid: BoolArray
    out_of_range: BoolArray
    too_many_blanks: BoolArray
    straight_lining: BoolArray
    reasons: tuple[str, ...]

    def __post_init__(self) -> None:
        for arr in (self.invalid, self.out_of_range, self.too_many_blanks, self.straight_lining):
            arr.setflags(write=False)


def invalid_responses(
    answers: ArrayLike,
    *,
    lo: float,
    hi: float,
    max_blank_share: float,
    straight_lining: bool = False,
) -> InvalidResponses:
    """Flag invalid questionnaires (剔除无效问卷) before analysis.

    Rules: any answer outside ``[lo, hi]`` or between scale points; a blank
    share above ``max_blank_share`` (0-1); with ``straight_lining=True``, the
    same answer to every answered item when at least 3 items were answered
    (a common careless-responding screen).
    """
    a = as_float(answers, "answers")
    if a.ndim != 2 or a.shape[1] < 1:
        raise InputError(f"answers has shape {a.shape}; give respondents x (>= 1 items)")
    if not 0.0 <= max_blank_share <= 1.0:
        raise InputError(f"max_blank_share={max_blank_share} must lie in [0, 1]")
    blank = np.isnan(a)
    with np.errstate(invalid="ignore"):
        bad = ~blank & ((a < lo) | (a > hi) | (a != np.round(a)))
    out_of_range = bad.any(axis=1)
    too_many = blank.mean(axis=1) > max_blank_share
    flat = np.zeros(a.shape[0], dtype=bool)
    if straight_lining:
        answered = (~blank).sum(axis=1)
        spread = np.fmax.reduce(a, axis=1) - np.fmin.reduce(a, axis=1)  # NaN-ignoring
        flat = (answered >= 3) & (spread == 0)
    labels = ("out of range", "too many blanks", "straight-lining")
    flags = np.column_stack([out_of_range, too_many, flat])
    reasons = tuple(
        "; ".join(lab for lab, f in zip(labels, row, strict=True) if f) for row in flags
    )
    invalid = np.asarray(flags.any(axis=1), dtype=bool)
    return InvalidResponses(invalid, out_of_range, too_many, flat, reasons)


def acsi_index(
    item_means: ArrayLike,
    weights: ArrayLike,
    *,
    scale_min: float = 1.0,
    scale_max: float = 10.0,
) -> float:
    r"""ACSI-style 0-100 index from item means on a ``scale_min..scale_max`` scale.

    .. math::

        \text{ACSI} = 100 \sum_i \tilde w_i\,\frac{\bar x_i - \text{min}}{\text{max} - \text{min}},
        \qquad \tilde w_i = w_i / \sum_j w_j

    On the ACSI 1-10 scale this is :math:`\sum \tilde w_i (\bar x_i - 1)/9 \times 100`.
    Worked example: item means 8.2, 7.6, 7.0 with weights 0.4, 0.35, 0.25 give
    :math:`100(0.4 \cdot 7.2 + 0.35 \cdot 6.6 + 0.25 \cdot 6.0)/9 = 100 \cdot 6.69/9 = 74.33`.

    References
    ----------
    Fornell C., Johnson M.D., Anderson E.W., Cha J., Bryant B.E. (1996). The
    American Customer Satisfaction Index: nature, purpose, and findings.
    J. Marketing 60(4), 7-18.
    """
    m = as_float(item_means, "item_means", allow_nan=False)
    w = as_float(weights, "weights", allow_nan=False)
    if not scale_max > scale_min:
        raise InputError(f"scale_max={scale_max} must exceed scale_min={scale_min}")
    if m.ndim != 1 or w.shape != m.shape:
        raise InputError(f"item_means {m.shape} and weights {w.shape} must be matching 1-D")
    if np.any(w < 0) or w.sum() <= 0:
        raise InputError(f"weights {w.tolist()} must be >= 0 with a positive sum")
    if np.any((m < scale_min) | (m > scale_max)):
        bad = m[(m < scale_min) | (m > scale_max)][0]
        raise InputError(f"item mean {bad} is outside the scale [{scale_min}, {scale_max}]")
    return float(100.0 * np.sum(w / w.sum() * (m - scale_min) / (scale_max - scale_min)))
