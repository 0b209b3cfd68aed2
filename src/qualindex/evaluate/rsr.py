"""Rank-sum ratio (秩和比, RSR; 田凤调 1988) with probit regression and grading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float, check_choice
from qualindex.errors import InputError
from qualindex.evaluate.normalise import direction_sign

__all__ = [
    "PROBIT_CUTPOINTS",
    "RSR_RANKINGS",
    "RSRRanking",
    "RSRResult",
    "rank_sum_ratio",
]

FloatArray = NDArray[np.float64]
RSRRanking = Literal["integer", "non_integer"]
RSR_RANKINGS: tuple[str, ...] = get_args(RSRRanking)

#: Probit cut-points of 田凤调's grading table (probit = 5 + z), by number of grades; e.g. three
#: grades split at the percentiles P15.866 and P84.134 (probits 4 and 6).
PROBIT_CUTPOINTS: dict[int, tuple[float, ...]] = {
    3: (4.0, 6.0),
    4: (3.5, 5.0, 6.5),
    5: (3.2, 4.4, 5.6, 6.8),
    6: (3.0, 4.0, 5.0, 6.0, 7.0),
    7: (2.86, 3.78, 4.68, 5.32, 6.22, 7.14),
}


@dataclass(frozen=True, slots=True)
class RSRResult:
    """Result of :func:`rank_sum_ratio` (all arrays read-only; entities in input order).

    Attributes
    ----------
    rsr : numpy.ndarray, shape (m,)
        (Weighted) rank-sum ratio in (0, 1], larger is better.
    ranks : numpy.ndarray, shape (m, n)
        The per-indicator ranks :math:`R_{ij}` (1 worst, m best).
    percentile : numpy.ndarray, shape (m,)
        Downward cumulative frequency :math:`p_i = \\bar R / m` of each entity's RSR
        value, the last one corrected to :math:`1 - 1/(4m)`.
    probit : numpy.ndarray, shape (m,)
        :math:`5 + \\Phi^{-1}(p_i)`.
    intercept, slope : float
        The least-squares line :math:`\\widehat{RSR} = a + b \\cdot \\text{probit}`.
    r_squared : float
        Coefficient of determination of that line.
    fitted : numpy.ndarray, shape (m,)
        :math:`\\widehat{RSR}_i`.
    cutpoints : numpy.ndarray, shape (g - 1,)
        The RSR thresholds :math:`a + b \\cdot \\text{probit cut-point}`.
    grades : numpy.ndarray of int, shape (m,)
        Grade 1 (lowest) .. g (highest) of each entity by its fitted RSR.
    weights : numpy.ndarray, shape (n,)
        Indicator weights used, summing to 1.
    ranking : str
        ``"integer"`` or ``"non_integer"``.
    """

    rsr: FloatArray
    ranks: FloatArray
    percentile: FloatArray
    probit: FloatArray
    intercept: float
    slope: float
    r_squared: float
    fitted: FloatArray
    cutpoints: FloatArray
    grades: NDArray[np.int64]
    weights: FloatArray
    ranking: str

    def __post_init__(self) -> None:
        for name in ("rsr", "ranks", "percentile", "probit", "fitted", "cutpoints", "grades"):
            getattr(self, name).setflags(write=False)
        self.weights.setflags(write=False)


def rank_sum_ratio(
    X: ArrayLike,
    directions: Sequence[str],
    *,
    ranking: RSRRanking = "integer",
    weights: ArrayLike | None = None,
    n_grades: int = 3,
    probit_cutpoints: Sequence[float] | None = None,
) -> RSRResult:
    r"""Rank-sum ratio of m entities on n indicators, with probit regression and grades.

    Ranks :math:`R_{ij}` run from 1 (worst) to m (best) in each column:

    * ``"integer"`` (田凤调 1988): ordinary ranks, ascending for "higher" columns and
      descending for "lower" ones, ties given their average rank;
    * ``"non_integer"`` (非整秩次, 戈早川 & 徐春华 1999):
      :math:`R = 1 + (m-1)\frac{x - x_{\min}}{x_{\max} - x_{\min}}` for "higher",
      :math:`1 + (m-1)\frac{x_{\max} - x}{x_{\max} - x_{\min}}` for "lower"
      (a constant column gets the mean rank :math:`(m+1)/2`).

    .. math::

        RSR_i = \frac{1}{m} \sum_j w_j R_{ij}, \qquad \sum_j w_j = 1

    (equal weights give the classical :math:`\sum_j R_{ij}/(mn)`). The distinct RSR
    values, sorted ascending, get the mean of the ranks they occupy, :math:`\bar R`;
    :math:`p = \bar R/m` (the largest corrected to :math:`1 - 1/(4m)`), probit
    :math:`= 5 + \Phi^{-1}(p)`, and least squares over the distinct values gives
    :math:`\widehat{RSR} = a + b\cdot\text{probit}`. Entities are graded by
    :math:`\widehat{RSR}` against :math:`a + b\cdot c` for the probit cut-points *c*
    (田凤调's table, :data:`PROBIT_CUTPOINTS`; a value on a cut-point goes up).

    Parameters
    ----------
    X : array_like, shape (m, n)
        Indicator values, m >= 3 entities, finite.
    directions : sequence of {"higher", "lower"}
        Benefit (高优) or cost (低优) per indicator.
    ranking : {"integer", "non_integer"}
    weights : array_like, shape (n,), optional
        Indicator weights (default equal), ``>= 0`` with a positive sum.
    n_grades : int, default 3
        Number of grades, 3-7, with 田凤调's cut-points.
    probit_cutpoints : sequence of float, optional
        Own increasing probit cut-points instead (then ``n_grades`` is ignored).

    Returns
    -------
    RSRResult

    References
    ----------
    田凤调 (1993). 秩和比法及其应用. 北京: 中国统计出版社 (the method, the
    cumulative-frequency table and the probit grading table).
    戈早川, 徐春华. 非整秩次秩和比法初探 (江西医学院预防医学系), the non-integer ranks.
    """
    check_choice(ranking, RSR_RANKINGS, "ranking")
    x = as_float(X, "X", allow_nan=False)
    if x.ndim != 2 or x.shape[0] < 3 or x.shape[1] < 1:
        raise InputError(f"X has shape {x.shape}; give entities x indicators with >= 3 entities")
    m, n = x.shape
    if isinstance(directions, str) or len(directions) != n:
        raise InputError(
            f"directions must list one of higher/lower per indicator ({n}); got {directions!r}"
        )
    sign = direction_sign(directions, "directions")
    w = _weights(weights, n)
    cuts = _cutpoints(n_grades, probit_cutpoints)
    ranks = _integer_ranks(x, sign) if ranking == "integer" else _noninteger_ranks(x, sign)
    rsr = ranks @ w / m
    percentile = _percentiles(rsr)
    from scipy.stats import norm

    probit = 5.0 + norm.ppf(percentile)
    # The regression runs over the distinct RSR values (one row per group of the
    # cumulative-frequency table), as in 田凤调's worked examples.
    _, first = np.unique(rsr, return_index=True)
    a, b, r2 = _line(probit[first], rsr[first])
    fitted = a + b * probit
    thresholds = a + b * cuts
    grades = np.searchsorted(thresholds, fitted + 1e-12, side="right") + 1
    return RSRResult(
        rsr=rsr,
        ranks=ranks,
        percentile=percentile,
        probit=probit,
        intercept=a,
        slope=b,
        r_squared=r2,
        fitted=fitted,
        cutpoints=thresholds,
        grades=np.asarray(grades, dtype=np.int64),
        weights=w,
        ranking=ranking,
    )


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.full(n, 1.0 / n)
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,) or np.any(w < 0) or w.sum() <= 0:
        raise InputError(
            f"weights {w.tolist()} must give one value >= 0 per indicator ({n}) with a positive sum"
        )
    return w / w.sum()


def _cutpoints(n_grades: int, given: Sequence[float] | None) -> FloatArray:
    if given is not None:
        cuts = as_float(list(given), "probit_cutpoints", allow_nan=False)
        if cuts.ndim != 1 or cuts.size < 1 or np.any(np.diff(cuts) <= 0):
            raise InputError(
                f"probit_cutpoints {cuts.tolist()} must be a non-empty strictly increasing list"
            )
        return cuts
    if n_grades not in PROBIT_CUTPOINTS:
        raise InputError(
            f"n_grades = {n_grades!r} has no standard probit table; use 3-7 or give "
            "probit_cutpoints"
        )
    return np.array(PROBIT_CUTPOINTS[n_grades])


def _integer_ranks(x: FloatArray, sign: FloatArray) -> FloatArray:
    from scipy.stats import rankdata

    return np.asarray(rankdata(x * sign, method="average", axis=0), dtype=np.float64)


def _noninteger_ranks(x: FloatArray, sign: FloatArray) -> FloatArray:
    m = x.shape[0]
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    up = np.divide(x - lo, span, out=np.full_like(x, 0.5), where=span > 0)
    frac = np.where(sign > 0, up, np.where(span > 0, 1.0 - up, 0.5))
    return 1.0 + (m - 1) * frac


def _percentiles(rsr: FloatArray) -> FloatArray:
    from scipy.stats import rankdata

    m = rsr.shape[0]
    # Average rank of each entity's RSR value = the mean of the ranks its group occupies.
    mean_rank = np.asarray(rankdata(rsr, method="average"), dtype=np.float64)
    p = mean_rank / m
    top = rsr == rsr.max()
    p[top] = 1.0 - 1.0 / (4.0 * m)
    return p


def _line(xs: FloatArray, ys: FloatArray) -> tuple[float, float, float]:
    xc = xs - xs.mean()
    sxx = float(xc @ xc)
    if sxx == 0:
        raise InputError(
            "every entity has the same RSR; the probit regression needs at least two "
            "distinct RSR values"
        )
    b = float(xc @ (ys - ys.mean())) / sxx
    a = float(ys.mean() - b * xs.mean())
    resid = ys - (a + b * xs)
    syy = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - float(resid @ resid) / syy if syy > 0 else 1.0
    return a, b, r2
