"""Objective (data-driven) criterion weights from a decision matrix (pure numpy).

Every function takes a decision matrix ``X`` of ``m`` alternatives (rows) by ``n`` criteria
(columns) and returns an :class:`ObjectiveWeights` record with the weights, the matrix the
criterion scores were computed from, and the per-criterion scores that were normalised into
weights.  ``directions`` is an optional array of ``+1`` (benefit, higher is better) and ``-1``
(cost, lower is better); it is the same argument for all four methods so that callers can dispatch
on the method name, but it only changes the result where the method depends on it:

* **entropy** -- ``normalization="sum"`` (default): :math:`p_{ij} = x_{ij} / \\sum_i x_{ij}` on
  raw non-negative data, direction not used (raw proportions do not know which end is better);
  ``"minmax"``: min-max per criterion with cost columns inverted, then :math:`p = r / \\sum r`.
* **critic** -- min-max per criterion with cost columns inverted (Diakoulaki et al. 1995); the
  direction changes the signs of the correlations and hence the weights.
* **cv** -- no normalisation, :math:`CV_j = s_j / \\bar x_j` on raw non-negative data; direction
  not used (the dispersion of raw ratio-scale data has no direction).
* **std** -- ``normalization="minmax"`` (default, Mukhametzyanov 2021) or ``"none"`` (data already
  on one common scale); direction not used, because :math:`1 - r` has the same standard deviation
  as :math:`r`.

Standard deviations use the sample form (``ddof=1``, Excel ``STDEV``); the weights do not depend
on this choice because the factor :math:`\\sqrt{m/(m-1)}` is common to all criteria and cancels.

Where a method is undefined for a column (a constant column under min-max, a column of zeros for
entropy, a non-positive mean for the coefficient of variation) an :class:`InputError` names the
column and the fix; nothing returns NaN.

References
----------
Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical Journal*
27(3), 379-423 (entropy).
Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer (entropy weights).
Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective weights in multiple
criteria problems: The CRITIC method. *Computers & Operations Research* 22(7), 763-770.
Mukhametzyanov, I. Z. (2021). Specific character of objective methods for determining weights of
criteria in MCDM problems: Entropy, CRITIC, SD. *Decision Making: Applications in Management and
Engineering* 4(2), 76-105 (min-max SD weights, Sec. 2.3).
Shuai, D., Zongzhun, Z., Yongji, W. & Lei, L. (2012). A new angular method to determine the
objective weights. *24th Chinese Control and Decision Conference*, 3889-3892 (CV weights example).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError

__all__ = [
    "ENTROPY_NORMALIZATIONS",
    "STD_NORMALIZATIONS",
    "EntropyNormalization",
    "ObjectiveMethod",
    "ObjectiveWeights",
    "StdNormalization",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "std_weights",
]

FloatArray = NDArray[np.float64]
ObjectiveMethod = Literal["entropy", "critic", "cv", "std"]
EntropyNormalization = Literal["sum", "minmax"]
StdNormalization = Literal["minmax", "none"]
ENTROPY_NORMALIZATIONS: tuple[str, ...] = get_args(EntropyNormalization)
STD_NORMALIZATIONS: tuple[str, ...] = get_args(StdNormalization)

#: CRITIC information below this fraction of the summed contrasts is treated as zero: it can only
#: arise from columns that are identical after min-max normalisation, up to floating-point noise.
_DEGENERATE_RTOL = 1e-12


@dataclass(frozen=True, slots=True)
class ObjectiveWeights:
    """Objective weights and the quantities they were derived from.

    Attributes
    ----------
    weights : ndarray, shape (n,)
        Non-negative criterion weights summing to 1.
    method : {"entropy", "critic", "cv", "std"}
        The method that produced them.
    normalized : ndarray, shape (m, n)
        The matrix the scores were computed from (proportions ``p`` for entropy, min-max values
        ``r`` for CRITIC and min-max SD, the raw data for CV and ``normalization="none"``).
    scores : ndarray, shape (n,)
        The per-criterion quantity normalised into the weights: the degree of diversification
        :math:`d_j = 1 - e_j` (entropy), the information :math:`C_j` (CRITIC), the coefficient of
        variation (cv) or the sample standard deviation (std).
    correlation : ndarray, shape (n, n) or None
        Pearson correlations of the min-max columns (CRITIC only).
    """

    weights: FloatArray
    method: ObjectiveMethod
    normalized: FloatArray
    scores: FloatArray
    correlation: FloatArray | None = None

    def __post_init__(self) -> None:
        for arr in (self.weights, self.normalized, self.scores, self.correlation):
            if arr is not None:
                arr.setflags(write=False)


def _matrix(X: ArrayLike) -> FloatArray:
    try:
        arr = np.array(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"X must be a numeric matrix; conversion failed: {exc}") from None
    if arr.ndim != 2:
        raise InputError(
            f"X has {arr.ndim} dimension(s); expected a 2-D matrix of m alternatives (rows) "
            "by n criteria (columns)"
        )
    m, n = arr.shape
    if m < 2 or n < 1:
        raise InputError(
            f"X has shape {arr.shape}; objective weights need at least 2 alternatives (rows) "
            "and 1 criterion (column)"
        )
    bad = np.argwhere(~np.isfinite(arr))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InputError(
            f"X[{i}, {j}] = {arr[i, j]} is not finite; remove or impute missing values before "
            "computing objective weights"
        )
    return arr


def _directions(directions: ArrayLike | None, n: int) -> FloatArray:
    if directions is None:
        return np.ones(n)
    arr = np.asarray(directions, dtype=np.float64).reshape(-1)
    if arr.shape != (n,):
        raise InputError(
            f"directions has {arr.size} entries but X has {n} criteria; give one +1 (benefit) "
            "or -1 (cost) per column"
        )
    bad = np.flatnonzero((arr != 1.0) & (arr != -1.0))
    if bad.size:
        j = int(bad[0])
        raise InputError(
            f"directions[{j}] = {arr[j]} is not +1 or -1; use +1 for benefit (higher is better) "
            "and -1 for cost (lower is better) criteria"
        )
    return arr


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InputError(f"{name} = {value!r} is not one of {', '.join(map(repr, choices))}")


def _minmax(X: FloatArray, dirs: FloatArray, method: str) -> FloatArray:
    """Min-max normalise every column to [0, 1]; cost columns are inverted."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    flat = np.flatnonzero(hi == lo)
    if flat.size:
        j = int(flat[0])
        raise InputError(
            f"column {j} of X is constant (every value = {lo[j]:g}); min-max normalisation "
            f"divides by max - min = 0, so {method} is undefined for it: drop the column or "
            "give it a fixed weight outside this method"
        )
    R = (X - lo) / (hi - lo)
    return np.where(dirs > 0, R, 1.0 - R)


def _normalise(
    scores: FloatArray, method: str, what: str, reason: str = "no column varies"
) -> FloatArray:
    total = float(scores.sum())
    if total <= 0.0:
        raise InputError(
            f"every criterion has {what} = 0, so {method} weights are undefined ({reason}); "
            "use equal weights or a subjective method instead"
        )
    return scores / total


def _entropy_scores(P: FloatArray) -> FloatArray:
    """Degree of diversification d_j = 1 - e_j with 0 * ln 0 = 0."""
    m = P.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0.0, P * np.log(P), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    return np.clip(1.0 - e, 0.0, None)


def entropy_weights(
    X: ArrayLike,
    *,
    directions: ArrayLike | None = None,
    normalization: EntropyNormalization = "sum",
) -> ObjectiveWeights:
    """Shannon-entropy weights of the criteria of a decision matrix.

    .. math::

        p_{ij} = \\frac{y_{ij}}{\\sum_{i=1}^m y_{ij}}, \\quad
        e_j = -\\frac{1}{\\ln m} \\sum_{i=1}^m p_{ij} \\ln p_{ij}, \\quad
        w_j = \\frac{1 - e_j}{\\sum_k (1 - e_k)},

    with :math:`0 \\cdot \\ln 0 = 0` (a zero entry contributes nothing), so zeros are allowed.
    ``normalization="sum"`` (default; Hwang & Yoon 1981, Zavadskas & Podvezko 2016) uses the raw
    data, :math:`y = x`, which must be non-negative with a positive sum per column; the direction
    of a criterion does not enter.  ``normalization="minmax"`` first maps every column to
    :math:`r \\in [0, 1]` with cost columns inverted and uses :math:`y = r` (Mukhametzyanov 2021,
    Eqs. 1-3); the worst alternative then always gets :math:`r = 0`.  A constant column has
    :math:`e_j = 1` and weight 0 under ``"sum"`` and is rejected under ``"minmax"``.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix, ``m >= 2`` alternatives by ``n`` criteria.
    directions : array_like of +1/-1, optional
        Benefit (+1) or cost (-1) per criterion; used only by ``normalization="minmax"``.
    normalization : {"sum", "minmax"}
        See above.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`d_j = 1 - e_j`; ``normalized`` holds :math:`p_{ij}`.

    References
    ----------
    Xu, X. (2004). A note on the subjective and objective integrated approach to determine
    attribute weights. *EJOR* 156(2), 530-532 (4 x 4 example).
    Zavadskas, E. K. & Podvezko, V. (2016). Integrated determination of objective criteria weights
    in MCDM. *IJITDM* 15(2), 267-283.
    Krishnan, A. R. et al. (2021). A modified CRITIC method to estimate the objective weights of
    decision criteria. *Symmetry* 13(6), 973, Table 5 ("Entropy" on min-max data).
    """
    _check_choice("normalization", normalization, ENTROPY_NORMALIZATIONS)
    arr = _matrix(X)
    dirs = _directions(directions, arr.shape[1])
    if normalization == "minmax":
        Y = _minmax(arr, dirs, "min-max entropy")
    else:
        Y = _nonnegative_columns(arr, "entropy (normalization='sum')")
    P = Y / Y.sum(axis=0)
    d = _entropy_scores(P)
    # A constant column has p = 1/m and e = 1 exactly; remove the rounding residue of ln.
    d[np.ptp(Y, axis=0) == 0.0] = 0.0
    return ObjectiveWeights(_normalise(d, "entropy", "1 - e_j"), "entropy", P, d)


def _nonnegative_columns(X: FloatArray, method: str) -> FloatArray:
    neg = np.argwhere(X < 0.0)
    if neg.size:
        i, j = (int(v) for v in neg[0])
        raise InputError(
            f"X[{i}, {j}] = {X[i, j]:g} is negative; {method} needs non-negative ratio-scale "
            "data: shift the column, or use normalization='minmax' / critic_weights"
        )
    zero = np.flatnonzero(X.sum(axis=0) == 0.0)
    if zero.size:
        j = int(zero[0])
        raise InputError(
            f"column {j} of X is all zeros; {method} divides by the column sum, so it is "
            "undefined: drop the column or give it a fixed weight"
        )
    return X


def critic_weights(X: ArrayLike, *, directions: ArrayLike | None = None) -> ObjectiveWeights:
    """CRITIC weights (CRiteria Importance Through Intercriteria Correlation).

    .. math::

        r_{ij} = \\frac{x_{ij} - x_j^{min}}{x_j^{max} - x_j^{min}} \\; (\\text{benefit}), \\quad
        r_{ij} = \\frac{x_j^{max} - x_{ij}}{x_j^{max} - x_j^{min}} \\; (\\text{cost}),

    .. math::

        C_j = s_j \\sum_{k=1}^n (1 - \\rho_{jk}), \\qquad w_j = \\frac{C_j}{\\sum_k C_k},

    where :math:`s_j` is the sample standard deviation of column ``j`` of ``r`` (contrast) and
    :math:`\\rho_{jk}` the Pearson correlation of columns ``j`` and ``k`` (conflict).  This is the
    original method: signed correlations, no absolute value (Mukhametzyanov 2021 proposes
    :math:`1 - |\\rho|`, which is a different method).  A constant column makes the min-max step
    divide by zero and raises :class:`InputError`; so do columns that are all identical after
    min-max normalisation (every :math:`\\rho_{jk} = 1`, so every :math:`C_j = 0`).  With
    ``m <= 3`` alternatives the correlations are ``+-1`` or unstable; read such weights with care.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix (negative values are fine).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`C_j`, ``normalized`` the min-max matrix ``r``, ``correlation``
        the matrix :math:`\\rho`.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). *Computers & Operations Research*
    22(7), 763-770.
    Krishnan, A. R., Kasim, M. M., Hamid, R. & Ghazali, M. F. (2021). *Symmetry* 13(6), 973,
    Table 1 (data) and Table 5 ("CRITIC" weights).
    """
    arr = _matrix(X)
    R = _minmax(arr, _directions(directions, arr.shape[1]), "CRITIC")
    s = R.std(axis=0, ddof=1)
    rho = np.atleast_2d(np.corrcoef(R, rowvar=False))
    C = s * (1.0 - rho).sum(axis=0)
    if C.sum() <= _DEGENERATE_RTOL * s.sum():
        # Every pair of columns is perfectly correlated; what is left of C is rounding noise.
        C = np.zeros_like(C)
    why = "all min-max columns are identical, i.e. perfectly correlated"
    return ObjectiveWeights(_normalise(C, "CRITIC", "information C_j", why), "critic", R, C, rho)


def cv_weights(X: ArrayLike, *, directions: ArrayLike | None = None) -> ObjectiveWeights:
    """Coefficient-of-variation weights (变异系数法).

    .. math::

        CV_j = \\frac{s_j}{\\bar x_j}, \\qquad w_j = \\frac{CV_j}{\\sum_k CV_k},

    on the raw data, with :math:`s_j` the sample standard deviation.  The coefficient of variation
    only means something on ratio-scale data, so every value must be non-negative and every
    column mean positive; otherwise :class:`InputError` suggests :func:`std_weights`.  A constant
    column gets weight 0.  ``directions`` is validated but has no effect: the dispersion of raw data
    does not depend on which end is better.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Non-negative decision matrix.
    directions : array_like of +1/-1, optional
        Accepted for a uniform signature; no effect.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`CV_j`; ``normalized`` is the raw matrix.

    References
    ----------
    Shuai, D. et al. (2012). A new angular method to determine the objective weights. *Proc. 24th
    Chinese Control and Decision Conference*, 3889-3892 (coefficient-of-variation weights on the
    4 x 4 matrix of Xu 2004).
    """
    arr = _matrix(X)
    _directions(directions, arr.shape[1])
    _nonnegative_columns(arr, "cv_weights")
    cv = arr.std(axis=0, ddof=1) / arr.mean(axis=0)
    return ObjectiveWeights(_normalise(cv, "CV", "coefficient of variation"), "cv", arr, cv)


def std_weights(
    X: ArrayLike,
    *,
    directions: ArrayLike | None = None,
    normalization: StdNormalization = "minmax",
) -> ObjectiveWeights:
    """Standard-deviation weights.

    .. math:: w_j = \\frac{s_j}{\\sum_k s_k},

    where :math:`s_j` is the sample standard deviation of column ``j`` after
    ``normalization="minmax"`` (default; Mukhametzyanov 2021, Sec. 2.3 — makes criteria in
    different units comparable, and a constant column raises :class:`InputError`) or of the raw
    data with ``normalization="none"`` (only meaningful when all criteria already share one scale,
    e.g. 0-1 scores; a constant column then gets weight 0).  ``directions`` is validated but has no
    effect: :math:`1 - r` has the same standard deviation as :math:`r`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix.
    directions : array_like of +1/-1, optional
        Accepted for a uniform signature; no effect.
    normalization : {"minmax", "none"}
        See above.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`s_j`; ``normalized`` the matrix they were computed from.

    References
    ----------
    Mukhametzyanov, I. Z. (2021). *DMAME* 4(2), 76-105, Table 1 (data), Table 2 "SD" (weights).
    Sałabun, W., Wątróbski, J. & Shekhovtsov, A. (2020). Are MCDA methods benchmarkable? A
    comparative study of TOPSIS, VIKOR, COPRAS, and PROMETHEE II methods. *Symmetry* 12(9), 1549
    (SD weights of a matrix already on [0, 1]).
    """
    _check_choice("normalization", normalization, STD_NORMALIZATIONS)
    arr = _matrix(X)
    dirs = _directions(directions, arr.shape[1])
    Y = _minmax(arr, dirs, "min-max SD weighting") if normalization == "minmax" else arr
    s = Y.std(axis=0, ddof=1)
    return ObjectiveWeights(_normalise(s, "SD", "standard deviation"), "std", Y, s)
