"""Scoring kernels: map raw indicator values onto a common 0-100 scale.

Every scorer takes a float array (``NaN`` marks a missing value and stays ``NaN``)
and returns a new float64 array of the same shape.  A 2-D input is an
``entities x indicators`` block; per-indicator parameters (threshold, target,
goalposts, direction, ...) are given as scalars or as arrays that broadcast
along the last axis, so one call scores a whole block.  Infinite values are
rejected: a measurement is finite or missing.

Conventions shared by all scorers
---------------------------------
* The scale is 0-100, 100 best.  ``direction="higher"`` means larger raw values
  are better, ``"lower"`` means smaller raw values are better.
* Scorers never round; rounding is for display.
* ``SCORERS`` maps the method names used in index files to the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex._blocks import row_blocks
from qualindex.core import as_float, check_choice, to_float
from qualindex.errors import InputError
from qualindex.evaluate.ranking import average_ranks
from qualindex.weighting.ahp import ahp

__all__ = [
    "DIRECTIONS",
    "SCORERS",
    "Direction",
    "ScoreMap",
    "ahp_relative",
    "direction_sign",
    "goalposts",
    "likert",
    "linear",
    "minmax",
    "minmax_bounds",
    "piecewise",
    "rank_score",
    "ratio",
    "target_band",
    "zscore",
]

FloatArray = NDArray[np.float64]
Direction = Literal["higher", "lower"]
#: Answer point -> score; int or float keys (``{5: 100, 4: 80, ...}``).
ScoreMap = Mapping[int, float] | Mapping[float, float]
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
SCALE_MIN = 0.0
SCALE_MAX = 100.0


# --------------------------------------------------------------------------- helpers


def _param(value: ArrayLike, name: str, shape: tuple[int, ...]) -> FloatArray:
    """A finite scoring parameter that must broadcast against the data's shape."""
    arr = as_float(value, name, allow_nan=False)
    try:
        np.broadcast_shapes(arr.shape, shape)
    except ValueError:
        raise InputError(
            f"{name} has shape {arr.shape} but the data has shape {shape}; give a scalar "
            f"or one value per indicator (last axis, length {shape[-1] if shape else 1})"
        ) from None
    return arr


def direction_sign(direction: str | Sequence[str], name: str = "direction") -> FloatArray:
    """Map ``"higher"``/``"lower"`` (scalar or one per indicator) to +1.0 / -1.0."""
    items = [direction] if isinstance(direction, str) else list(direction)
    for item in items:
        check_choice(item, DIRECTIONS, name)
    signs = np.array([1.0 if d == "higher" else -1.0 for d in items])
    return np.asarray(signs[0]) if isinstance(direction, str) else signs


def _clip(out: FloatArray) -> FloatArray:
    """Clip to the scale in place (a 0-d result is first made an array)."""
    arr = np.asarray(out, dtype=np.float64)
    np.clip(arr, SCALE_MIN, SCALE_MAX, out=arr)
    return arr


# --------------------------------------------------------------------------- scorers


def linear(
    x: ArrayLike,
    *,
    threshold: ArrayLike,
    target: ArrayLike,
    threshold_score: float = 60.0,
    target_score: float = 100.0,
    clip: bool = True,
) -> FloatArray:
    r"""Threshold/target linear scoring (a qualindex convention, not a standard).

    The score is the straight line through ``(threshold, threshold_score)`` and
    ``(target, target_score)``:

    .. math::

        s(x) = s_t + (x - t)\,\frac{s_T - s_t}{T - t}

    The direction follows from the parameters: ``target > threshold`` scores a
    "higher is better" indicator, ``target < threshold`` a "lower is better" one.
    Beyond the target the line keeps rising and, with ``clip=True``, is clipped at
    100; below the threshold it keeps falling linearly and reaches 0 at the
    line's zero crossing :math:`x_0 = t - s_t (T - t)/(s_T - s_t)`, below which
    the score is clipped at 0.  With the defaults (60 at the threshold, 100 at the
    target) an availability threshold of 99.0 % and target of 99.9 % gives 0 at
    97.65 %.

    Parameters
    ----------
    x : array_like
        Raw values (``NaN`` = missing); 1-D or ``entities x indicators``.
    threshold, target : array_like
        Scalars or one value per indicator (last axis); must differ everywhere.
    threshold_score, target_score : float
        Scores at the two anchor points, ``0 <= threshold_score < target_score <= 100``.
    clip : bool
        Clip to [0, 100] (default).  Without clipping the raw line is returned.

    Returns
    -------
    numpy.ndarray
        Scores with the shape of ``x``.
    """
    xa = as_float(x, "x")
    thr = _param(threshold, "threshold", xa.shape)
    tgt = _param(target, "target", xa.shape)
    if not 0.0 <= threshold_score < target_score <= SCALE_MAX:
        raise InputError(
            f"threshold_score={threshold_score}, target_score={target_score} must satisfy "
            "0 <= threshold_score < target_score <= 100; the target scores above the threshold"
        )
    same = np.broadcast_to(thr == tgt, np.broadcast_shapes(thr.shape, tgt.shape))
    if same.any():
        where = tuple(int(i) for i in np.argwhere(same)[0])
        raise InputError(
            f"threshold == target == {np.broadcast_to(thr, same.shape)[where]} at {list(where)}; "
            "a linear scale needs two different anchor values"
        )
    slope = (target_score - threshold_score) / (tgt - thr)
    intercept = threshold_score - slope * thr
    out = xa * slope
    out += intercept
    return _clip(out) if clip else out


def goalposts(
    x: ArrayLike,
    *,
    lo: ArrayLike,
    hi: ArrayLike,
    direction: str | Sequence[str] = "higher",
) -> FloatArray:
    r"""Goalpost (fixed min-max) scoring, values outside the goalposts capped.

    .. math::

        s = 100\,\frac{x - lo}{hi - lo}\ \text{(higher)},\qquad
        s = 100\,\frac{hi - x}{hi - lo}\ \text{(lower)},\qquad s \in [0, 100]

    This is COINr's ``n_goalposts`` and the UNDP Human Development Index dimension
    index (scaled to 100 instead of 1).

    Parameters
    ----------
    x : array_like
        Raw values (``NaN`` = missing).
    lo, hi : array_like
        Goalposts, ``lo < hi``, scalar or one per indicator.
    direction : {"higher", "lower"} or sequence of them
        Which end is best; one value or one per indicator.

    References
    ----------
    UNDP (2020). Human Development Report 2020, Technical notes, Technical note 1
    (goalposts 20-85 years for life expectancy, ln 100 - ln 75 000 for income).
    Becker W. et al. (2022). COINr: An R package for developing composite indicators.
    """
    xa = as_float(x, "x")
    low, high = _param(lo, "lo", xa.shape), _param(hi, "hi", xa.shape)
    if np.any(low >= high):
        raise InputError(f"goalposts lo={low} must be < hi={high}; swap or widen them")
    sign = _param(direction_sign(direction), "direction", xa.shape)
    frac = (xa - low) / (high - low)
    out = np.where(sign > 0, frac, 1.0 - frac) * SCALE_MAX
    return _clip(out)


def minmax_bounds(x: ArrayLike, *, axis: int = 0) -> tuple[FloatArray, FloatArray]:
    r"""Per-indicator minimum and maximum over the observed values (the statistics pass).

    .. math:: lo_j = \min_i x_{ij}, \qquad hi_j = \max_i x_{ij} \quad (x_{ij} \ne \text{NaN})

    One read of the data with no full-size temporary.  The bounds of several batches combine
    by ``np.fmin`` / ``np.fmax``; give them to :func:`minmax` (``bounds=``) to score batch by
    batch.  An indicator with no observed value, or an infinite value, raises
    :class:`~qualindex.errors.InputError`.

    Returns
    -------
    (lo, hi) : tuple of numpy.ndarray
        Shape of ``x`` without ``axis``.
    """
    xa = to_float(x, "x")
    lo = np.fmin.reduce(xa, axis=axis)
    hi = np.fmax.reduce(xa, axis=axis)
    if np.isinf(lo).any() or np.isinf(hi).any():
        as_float(xa, "x")  # names the first infinite value
    if np.isnan(lo).any():
        raise InputError("an indicator has no observed value; min-max needs at least one")
    return np.asarray(lo), np.asarray(hi)


def minmax(
    x: ArrayLike,
    direction: str | Sequence[str] = "higher",
    *,
    axis: int = 0,
    bounds: tuple[ArrayLike, ArrayLike] | None = None,
) -> FloatArray:
    r"""Min-max scoring over the observed data (per indicator, along ``axis``).

    .. math::

        s = 100\,\frac{x - \min x}{\max x - \min x}\ \text{(higher)},\qquad
        s = 100\,\frac{\max x - x}{\max x - \min x}\ \text{(lower)}

    Minimum and maximum ignore missing values.  A constant indicator carries no
    information and raises :class:`~qualindex.errors.InputError`; use
    :func:`goalposts` with fixed bounds instead.  The result is computed block by block
    into the output (no full-size temporary).

    Parameters
    ----------
    x : array_like
        Raw values (``NaN`` = missing).
    direction : {"higher", "lower"} or sequence of them
        Which end is best; one value or one per indicator (last axis).
    axis : int
        The axis along which min and max are taken (the entities).
    bounds : (lo, hi), optional
        Bounds from :func:`minmax_bounds` over all the data, for scoring one batch of a
        larger data set (the scoring pass); values outside them score outside [0, 100].

    References
    ----------
    OECD/JRC (2008). *Handbook on Constructing Composite Indicators*, sec. 5.2 (min-max).
    """
    xa = to_float(x, "x")  # infinities are found by minmax_bounds, without a full-size mask
    lo, hi = minmax_bounds(xa, axis=axis) if bounds is None else _bounds(bounds)
    if np.any(hi == lo):
        col = int(np.flatnonzero(np.ravel(hi == lo))[0])
        raise InputError(
            f"indicator {col} is constant ({np.ravel(lo)[col]}); min-max is undefined, "
            "score it with goalposts(lo=..., hi=...) or drop it"
        )
    sign = direction_sign(direction)
    ax = axis % max(xa.ndim, 1)
    if xa.ndim <= 2 and ax == 0:
        return _minmax_rows(xa, lo, hi, sign)
    lo, hi = np.expand_dims(lo, ax), np.expand_dims(hi, ax)
    frac = (xa - lo) / (hi - lo)
    return np.where(sign > 0, frac, 1.0 - frac) * SCALE_MAX


def _bounds(bounds: tuple[ArrayLike, ArrayLike]) -> tuple[FloatArray, FloatArray]:
    lo = as_float(bounds[0], "bounds lo", allow_nan=False)
    hi = as_float(bounds[1], "bounds hi", allow_nan=False)
    if lo.shape != hi.shape or np.any(lo > hi):
        raise InputError(
            f"bounds lo={lo.tolist()}, hi={hi.tolist()} must have one shape and lo <= hi; "
            "take them from minmax_bounds()"
        )
    return lo, hi


def _minmax_rows(xa: FloatArray, lo: FloatArray, hi: FloatArray, sign: FloatArray) -> FloatArray:
    """Min-max along axis 0 of a 1-D or 2-D array, block by block into the output."""
    x2 = xa.reshape(xa.shape[0], -1)
    k = x2.shape[1]
    span = np.broadcast_to(hi - lo, (k,))
    lo_k = np.broadcast_to(lo, (k,))
    low = np.flatnonzero(np.broadcast_to(sign < 0, (k,)))
    all_low = low.size == k
    out = np.empty_like(x2)
    for rows in row_blocks(*x2.shape):
        o = out[rows]
        np.subtract(x2[rows], lo_k, out=o)
        o /= span
        if all_low:
            np.subtract(1.0, o, out=o)
        elif low.size:
            o[:, low] = 1.0 - o[:, low]
        o *= SCALE_MAX
    return out.reshape(xa.shape)


def target_band(
    x: ArrayLike, *, low: ArrayLike, high: ArrayLike, tolerance: ArrayLike
) -> FloatArray:
    r"""Score 100 inside ``[low, high]``, falling linearly to 0 at ``tolerance`` outside.

    .. math::

        s = 100\,\max\!\left(0,\ 1 - \frac{\max(low - x,\ x - high,\ 0)}{tolerance}\right)

    For "target" indicators such as a temperature set point or a staffing ratio.
    """
    xa = as_float(x, "x")
    lo, hi = _param(low, "low", xa.shape), _param(high, "high", xa.shape)
    tol = _param(tolerance, "tolerance", xa.shape)
    if np.any(lo > hi):
        raise InputError(f"band low={lo} must be <= high={hi}; swap them")
    if np.any(tol <= 0):
        raise InputError(f"tolerance={tol} must be > 0; it is the distance at which 0 is reached")
    dist = np.maximum(np.maximum(lo - xa, xa - hi), 0.0)
    return _clip((1.0 - dist / tol) * SCALE_MAX)


def piecewise(x: ArrayLike, points: Sequence[tuple[float, float]] | ArrayLike) -> FloatArray:
    r"""Piecewise-linear interpolation in a table of ``(value, score)`` points.

    Between two points the score is interpolated linearly; beyond the first and
    last points it stays flat at their scores.  Points may be given in any order
    of value but values must be distinct; scores must lie in [0, 100].  The same
    table applies to every element of ``x``.

    Examples
    --------
    Response time in seconds: ``[(1, 100), (3, 80), (10, 40), (30, 0)]`` scores
    2 s as 90 and 60 s as 0.
    """
    xa = as_float(x, "x")
    pts = as_float(points, "points", allow_nan=False)
    if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] < 2:
        raise InputError(f"points has shape {pts.shape}; give at least two (value, score) pairs")
    order = np.argsort(pts[:, 0], kind="stable")
    vals, scores = pts[order, 0], pts[order, 1]
    if np.any(np.diff(vals) == 0):
        dup = vals[1:][np.diff(vals) == 0][0]
        raise InputError(f"points value {dup} appears twice; each value needs one score")
    if np.any((scores < SCALE_MIN) | (scores > SCALE_MAX)):
        raise InputError(f"points scores {scores.tolist()} must lie in [0, 100]")
    out = np.interp(xa, vals, scores)
    # interpolation's rounding can step an ulp past the end points (100 + 1.4e-14)
    np.clip(out, min(scores), max(scores), out=out)
    out[np.isnan(xa)] = np.nan
    return out


def ratio(
    x: ArrayLike,
    *,
    baseline: ArrayLike,
    direction: str | Sequence[str] = "higher",
    clip: bool = True,
) -> FloatArray:
    r"""Ratio to a baseline (基准值): :math:`100\,x/b` (higher) or :math:`100\,b/x` (lower).

    With ``clip=True`` (default) the result is capped to [0, 100], i.e. reaching the
    baseline is full marks; ``clip=False`` shows over-achievement above 100.
    Values must be ``>= 0`` (and ``> 0`` for "lower", which divides by ``x``);
    the baseline must be ``> 0``.
    """
    xa = as_float(x, "x")
    base = _param(baseline, "baseline", xa.shape)
    if np.any(base <= 0):
        raise InputError(f"baseline={base} must be > 0; a ratio needs a positive reference")
    sign = _param(direction_sign(direction), "direction", xa.shape)
    low = np.broadcast_to(sign < 0, xa.shape)
    if np.any(xa < 0) or np.any((xa == 0) & low):
        raise InputError("ratio scoring needs x >= 0 (x > 0 for 'lower'); use linear scoring")
    with np.errstate(divide="ignore"):
        out = np.where(low, base / xa, xa / base) * SCALE_MAX
    return _clip(out) if clip else out


def zscore(
    x: ArrayLike,
    direction: str | Sequence[str] = "higher",
    *,
    to_scale: bool = False,
    axis: int = 0,
    moments: tuple[int, ArrayLike, ArrayLike] | None = None,
) -> FloatArray:
    r"""Standardise per indicator: :math:`z = \pm (x - \bar x)/s` (sample s.d., ddof = 1).

    The sign flips for ``"lower"`` so that a larger z is always better.  With
    ``to_scale=True`` the z-score is mapped to a 0-100 display as the T-score
    :math:`50 + 10 z` clipped to [0, 100] (5 standard deviations either side).
    Missing values are ignored in the mean and s.d.; a constant indicator raises.
    ``moments`` = (count, mean, s.d.) over all the data (1-D ``x`` only), from the streamed
    evaluation's statistics pass, scores one batch of a larger data set.
    """
    xa = as_float(x, "x")
    counts = np.sum(~np.isnan(xa), axis=axis) if moments is None else np.asarray(moments[0])
    if np.any(counts < 2):
        raise InputError("z-scores need at least two observed values per indicator")
    if moments is None:
        mean = np.nanmean(xa, axis=axis, keepdims=True)
        std = np.nanstd(xa, axis=axis, ddof=1, keepdims=True)
    else:
        mean, std = as_float(moments[1], "mean"), as_float(moments[2], "s.d.")
    if np.any(std == 0):
        raise InputError("an indicator is constant (s.d. 0); z-scores are undefined")
    z = (xa - mean) / std * direction_sign(direction)
    return _clip(50.0 + 10.0 * z) if to_scale else z


def rank_score(
    x: ArrayLike, direction: str | Sequence[str] = "higher", *, axis: int = 0
) -> FloatArray:
    r"""Percentile rank per indicator: :math:`s = 100\,(r - 1)/(n - 1)`.

    ``r`` is the average rank (ties share it, 1 = worst) among the ``n`` observed
    values; missing values stay ``NaN``.  A single observed value, or all values
    tied, scores 50 (the middle).
    """

    xa = as_float(x, "x")
    oriented = xa * direction_sign(direction)
    ranks = average_ranks(oriented, axis=axis)
    n = np.sum(~np.isnan(xa), axis=axis, keepdims=True).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 1, (ranks - 1.0) / (n - 1.0) * SCALE_MAX, 50.0)
    out[np.isnan(xa)] = np.nan
    return np.asarray(out, dtype=np.float64)


def likert(x: ArrayLike, score_map: ScoreMap, *, reverse: bool = False) -> FloatArray:
    r"""Map Likert points (or category codes) to scores with a score map.

    ``score_map`` maps each answer point to its score, e.g. the 5-point map
    ``{5: 100, 4: 80, 3: 60, 2: 40, 1: 20}``.  With ``reverse=True`` a
    negatively worded item is reverse-scored first, :math:`x' = \min + \max - x`
    over the map's points.  Missing answers stay ``NaN``; an answer that is not
    in the map raises.
    """
    xa = as_float(x, "x")
    if not score_map:
        raise InputError("score_map is empty; map every answer point to a score")
    pairs = sorted((float(k), float(v)) for k, v in score_map.items())
    keys = np.array([k for k, _ in pairs], dtype=np.float64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    if np.any(np.diff(keys) == 0):
        raise InputError(f"score_map has the point {keys[1:][np.diff(keys) == 0][0]} twice")
    if reverse:
        xa = keys[0] + keys[-1] - xa
    idx = np.searchsorted(keys, xa)
    idx_c = np.clip(idx, 0, len(keys) - 1)
    known = keys[idx_c] == xa
    observed = ~np.isnan(xa)
    if np.any(observed & ~known):
        bad = xa[observed & ~known][0]
        raise InputError(
            f"answer {bad} is not in the score map (points {keys.tolist()}); "
            "recode it or mark it missing (NaN)"
        )
    out = values[idx_c]
    out[~observed] = np.nan
    return out


def ahp_relative(
    pairwise_or_values: ArrayLike, mode: Literal["distributive", "ideal"] = "distributive"
) -> FloatArray:
    r"""AHP relative measurement of alternatives, distributive or ideal synthesis.

    A square reciprocal matrix of pairwise comparisons is reduced to its
    principal right eigenvector (:func:`qualindex.weighting.ahp.ahp`, which
    also checks positivity and reciprocity); a 1-D array is taken as priorities/ratings
    already.  ``mode="distributive"`` normalises to sum 1; ``mode="ideal"``
    divides by the largest value, so the best alternative gets 1 and adding or
    removing an alternative cannot reverse the ranks of the others (Saaty's
    remedy for rank reversal).  Multiply by 100 for a 0-100 display.

    References
    ----------
    Saaty T.L. (1994). How to make a decision: the analytic hierarchy process.
    Interfaces 24(6), 19-43 (distributive and ideal modes).
    Belton V., Gear T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega 11(3), 228-230.
    """
    check_choice(mode, ("distributive", "ideal"), "mode")
    arr = as_float(pairwise_or_values, "pairwise_or_values", allow_nan=False)
    if arr.ndim == 2:
        values = _principal_eigenvector(arr)
    elif arr.ndim == 1 and arr.size >= 1:
        values = arr.copy()
    else:
        raise InputError(
            f"pairwise_or_values has shape {arr.shape}; give a square matrix or a 1-D vector"
        )
    if np.any(values < 0) or not np.any(values > 0):
        raise InputError(f"priorities {values.tolist()} must be >= 0 with at least one > 0")
    return values / (values.sum() if mode == "distributive" else values.max())


def _principal_eigenvector(matrix: FloatArray) -> FloatArray:
    """Saaty's principal eigenvector via the AHP kernel (which validates the matrix)."""

    return np.array(ahp(matrix, method="eigenvector").weights, dtype=np.float64)


Scorer = Callable[..., Any]

SCORERS: dict[str, Scorer] = {
    "linear": linear,
    "goalposts": goalposts,
    "minmax": minmax,
    "target_band": target_band,
    "piecewise": piecewise,
    "ratio": ratio,
    "zscore": zscore,
    "rank": rank_score,
    "likert": likert,
    "ahp_relative": ahp_relative,
}
