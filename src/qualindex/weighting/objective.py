"""Objective (data-driven) criterion weights from a decision matrix (pure numpy).

Every function takes a decision matrix ``X`` of ``m`` alternatives (rows) by ``n`` criteria
(columns) and returns an :class:`ObjectiveWeights` record with the weights, the matrix the
criterion scores were computed from, and the per-criterion scores that were normalised into
weights.  ``directions`` is an optional array of ``+1`` (benefit, higher is better) and ``-1``
(cost, lower is better); it is the same argument for all four methods so that callers can dispatch
on the method name, but it only changes the result where the method depends on it:

* **entropy** -- ``normalisation="sum"`` (default): :math:`p_{ij} = x_{ij} / \\sum_i x_{ij}` on
  raw non-negative data, direction not used (raw proportions do not know which end is better);
  ``"minmax"``: min-max per criterion with cost columns inverted, then :math:`p = r / \\sum r`.
* **critic** -- min-max per criterion with cost columns inverted (Diakoulaki et al. 1995); the
  direction changes the signs of the correlations and hence the weights.
* **cv** -- no normalisation, :math:`CV_j = s_j / \\bar x_j` on raw non-negative data; direction
  not used (the dispersion of raw ratio-scale data has no direction).
* **std** -- ``normalisation="minmax"`` (default, Mukhametzyanov 2021) or ``"none"`` (data already
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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex._blocks import first_where, row_blocks
from qualindex.choices import ObjectiveName as ObjectiveMethod  # the one declaration
from qualindex.errors import InputError

__all__ = [
    "ENTROPY_NORMALISATIONS",
    "STD_NORMALISATIONS",
    "EntropyNormalisation",
    "ObjectiveMethod",
    "ObjectiveWeights",
    "StdNormalisation",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "std_weights",
]

FloatArray = NDArray[np.float64]
EntropyNormalisation = Literal["sum", "minmax"]
StdNormalisation = Literal["minmax", "none"]
ENTROPY_NORMALISATIONS: tuple[str, ...] = get_args(EntropyNormalisation)
STD_NORMALISATIONS: tuple[str, ...] = get_args(StdNormalisation)

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
    normalised : ndarray, shape (m, n), or None
        The matrix the scores were computed from (proportions ``p`` for entropy, min-max values
        ``r`` for CRITIC and min-max SD, the raw data for CV and ``normalisation="none"``);
        kept only with ``keep_normalised=True`` (it is as large as the input).
    scores : ndarray, shape (n,)
        The per-criterion quantity normalised into the weights: the degree of diversification
        :math:`d_j = 1 - e_j` (entropy), the information :math:`C_j` (CRITIC), the coefficient of
        variation (cv) or the sample standard deviation (std).
    correlation : ndarray, shape (n, n) or None
        Pearson correlations of the min-max columns (CRITIC only).
    """

    weights: FloatArray
    method: ObjectiveMethod
    normalised: FloatArray | None
    scores: FloatArray
    correlation: FloatArray | None = None

    def __post_init__(self) -> None:
        for arr in (self.weights, self.normalised, self.scores, self.correlation):
            if arr is not None:
                arr.setflags(write=False)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Per-column minimum, maximum and sum of a finite matrix (one blocked pass)."""

    lo: FloatArray
    hi: FloatArray
    total: FloatArray


def _matrix(X: ArrayLike) -> tuple[FloatArray, _Columns]:
    """X as float64 (not copied if it already is) and its column statistics; X must be finite."""
    try:
        arr = np.asarray(X, dtype=np.float64)
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
    lo, hi, total = np.full(n, np.inf), np.full(n, -np.inf), np.zeros(n)
    for rows in row_blocks(m, n):
        block = arr[rows]
        np.minimum(lo, block.min(axis=0), out=lo)  # NaN propagates into lo and hi
        np.maximum(hi, block.max(axis=0), out=hi)
        total += block.sum(axis=0)
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        i, j = first_where(arr, lambda b: ~np.isfinite(b)) or (0, 0)
        raise InputError(
            f"X[{i}, {j}] = {arr[i, j]} is not finite; remove or impute missing values before "
            "computing objective weights"
        )
    return arr, _Columns(lo, hi, total)


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


def _span(cols: _Columns, method: str) -> FloatArray:
    """max - min per column; a constant column makes min-max undefined."""
    lo, hi = cols.lo, cols.hi
    flat = np.flatnonzero(hi == lo)
    if flat.size:
        j = int(flat[0])
        raise InputError(
            f"column {j} of X is constant (every value = {lo[j]:g}); min-max normalisation "
            f"divides by max - min = 0, so {method} is undefined for it: drop the column or "
            "give it a fixed weight outside this method"
        )
    return hi - lo


def _minmax_block(
    block: FloatArray, lo: FloatArray, span: FloatArray, dirs: FloatArray
) -> FloatArray:
    """Min-max normalise a row block to [0, 1]; cost columns are inverted."""
    R = (block - lo) / span
    return np.where(dirs > 0, R, 1.0 - R)


def _minmax(X: FloatArray, cols: _Columns, dirs: FloatArray, method: str) -> FloatArray:
    """The whole min-max matrix (used where it is kept or needed whole)."""
    span = _span(cols, method)
    out = np.empty_like(X)
    for rows in row_blocks(*X.shape):
        out[rows] = _minmax_block(X[rows], cols.lo, span, dirs)
    return out


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


def _plogp_sum(P: FloatArray) -> FloatArray:
    """Column sums of p ln p with 0 ln 0 = 0, for one row block."""
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.log(P)
        plogp *= P
    zero = P == 0.0
    if zero.any():
        plogp[zero] = 0.0
    return np.asarray(plogp.sum(axis=0))


def _entropy_scores(
    X: FloatArray, transform: Callable[[FloatArray], FloatArray], keep: bool
) -> tuple[FloatArray, FloatArray | None]:
    """d_j = 1 - e_j of the proportions of the transformed columns, block by block."""
    m, n = X.shape
    total = np.zeros(n)
    for rows in row_blocks(m, n):
        total += transform(X[rows]).sum(axis=0)
    acc = np.zeros(n)
    P_all = np.empty_like(X) if keep else None
    for rows in row_blocks(m, n):
        P = transform(X[rows]) / total
        acc += _plogp_sum(P)
        if P_all is not None:
            P_all[rows] = P
    e = -acc / np.log(m)
    return np.clip(1.0 - e, 0.0, None), P_all


def entropy_weights(
    X: ArrayLike,
    *,
    directions: ArrayLike | None = None,
    normalisation: EntropyNormalisation = "sum",
    keep_normalised: bool = False,
) -> ObjectiveWeights:
    """Shannon-entropy weights of the criteria of a decision matrix.

    .. math::

        p_{ij} = \\frac{y_{ij}}{\\sum_{i=1}^m y_{ij}}, \\quad
        e_j = -\\frac{1}{\\ln m} \\sum_{i=1}^m p_{ij} \\ln p_{ij}, \\quad
        w_j = \\frac{1 - e_j}{\\sum_k (1 - e_k)},

    with :math:`0 \\cdot \\ln 0 = 0` (a zero entry contributes nothing), so zeros are allowed.
    ``normalisation="sum"`` (default; Hwang & Yoon 1981, Zavadskas & Podvezko 2016) uses the raw
    data, :math:`y = x`, which must be non-negative with a positive sum per column; the direction
    of a criterion does not enter.  ``normalisation="minmax"`` first maps every column to
    :math:`r \\in [0, 1]` with cost columns inverted and uses :math:`y = r` (Mukhametzyanov 2021,
    Eqs. 1-3); the worst alternative then always gets :math:`r = 0`.  A constant column has
    :math:`e_j = 1` and weight 0 under ``"sum"`` and is rejected under ``"minmax"``.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix, ``m >= 2`` alternatives by ``n`` criteria.
    directions : array_like of +1/-1, optional
        Benefit (+1) or cost (-1) per criterion; used only by ``normalisation="minmax"``.
    normalisation : {"sum", "minmax"}
        See above.
    keep_normalised : bool
        Also return the matrix :math:`p_{ij}` (as large as ``X``); the weights are computed
        in row blocks either way, with no full-size temporary.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`d_j = 1 - e_j`; ``normalised`` holds :math:`p_{ij}` (or None).

    References
    ----------
    Xu, X. (2004). A note on the subjective and objective integrated approach to determine
    attribute weights. *EJOR* 156(2), 530-532 (4 x 4 example).
    Zavadskas, E. K. & Podvezko, V. (2016). Integrated determination of objective criteria weights
    in MCDM. *IJITDM* 15(2), 267-283.
    Krishnan, A. R. et al. (2021). A modified CRITIC method to estimate the objective weights of
    decision criteria. *Symmetry* 13(6), 973, Table 5 ("Entropy" on min-max data).
    """
    _check_choice("normalisation", normalisation, ENTROPY_NORMALISATIONS)
    arr, cols = _matrix(X)
    dirs = _directions(directions, arr.shape[1])
    if normalisation == "minmax":
        lo, span = cols.lo, _span(cols, "min-max entropy")
        d, P = _entropy_scores(arr, lambda b: _minmax_block(b, lo, span, dirs), keep_normalised)
    else:
        _nonnegative_columns(arr, cols, "entropy (normalisation='sum')")
        d, P = _entropy_scores(arr, lambda b: b, keep_normalised)
        # A constant column has p = 1/m and e = 1 exactly; remove the rounding residue of ln.
        d[cols.hi == cols.lo] = 0.0
    return ObjectiveWeights(_normalise(d, "entropy", "1 - e_j"), "entropy", P, d)


def _nonnegative_columns(X: FloatArray, cols: _Columns, method: str) -> None:
    if np.any(cols.lo < 0.0):
        i, j = first_where(X, lambda b: b < 0.0) or (0, 0)
        raise InputError(
            f"X[{i}, {j}] = {X[i, j]:g} is negative; {method} needs non-negative ratio-scale "
            "data: shift the column, or use normalisation='minmax' / critic_weights"
        )
    zero = np.flatnonzero(cols.hi == 0.0)
    if zero.size:
        j = int(zero[0])
        raise InputError(
            f"column {j} of X is all zeros; {method} divides by the column sum, so it is "
            "undefined: drop the column or give it a fixed weight"
        )


def critic_weights(
    X: ArrayLike, *, directions: ArrayLike | None = None, keep_normalised: bool = False
) -> ObjectiveWeights:
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
    keep_normalised : bool
        Also return the min-max matrix ``r`` (as large as ``X``).

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`C_j`, ``normalised`` the min-max matrix ``r`` (or None),
        ``correlation`` the matrix :math:`\\rho`.

    Notes
    -----
    Min-max is affine per column, so :math:`s_j(r) = s_j(x) / (x_j^{max} - x_j^{min})` and
    :math:`\\rho_{jk}(r) = \\delta_j \\delta_k \\rho_{jk}(x)` with :math:`\\delta = \\pm 1` the
    directions; both come from the centred cross-product matrix of ``X``, accumulated over
    row blocks (no full-size temporary).

    References
    ----------
    Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). *Computers & Operations Research*
    22(7), 763-770.
    Krishnan, A. R., Kasim, M. M., Hamid, R. & Ghazali, M. F. (2021). *Symmetry* 13(6), 973,
    Table 1 (data) and Table 5 ("CRITIC" weights).
    """
    arr, cols = _matrix(X)
    dirs = _directions(directions, arr.shape[1])
    span = _span(cols, "CRITIC")
    s, rho = _std_corr(arr, cols.total / arr.shape[0])
    s = s / span  # min-max is affine per column
    rho *= dirs[:, np.newaxis] * dirs[np.newaxis, :]
    C = s * (1.0 - rho).sum(axis=0)
    R = _minmax(arr, cols, dirs, "CRITIC") if keep_normalised else None
    if C.sum() <= _DEGENERATE_RTOL * s.sum():
        # Every pair of columns is perfectly correlated; what is left of C is rounding noise.
        C = np.zeros_like(C)
    why = "all min-max columns are identical, i.e. perfectly correlated"
    return ObjectiveWeights(_normalise(C, "CRITIC", "information C_j", why), "critic", R, C, rho)


def _std_corr(X: FloatArray, mean: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sample standard deviations (ddof 1) and Pearson correlations of the columns of X."""
    m, n = X.shape
    gram = np.zeros((n, n))
    for rows in row_blocks(m, n):
        centred = X[rows] - mean
        gram += centred.T @ centred
    cov = gram / (m - 1)
    s = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = cov / s[:, np.newaxis] / s[np.newaxis, :]
    return s, np.clip(rho, -1.0, 1.0)


def cv_weights(
    X: ArrayLike, *, directions: ArrayLike | None = None, keep_normalised: bool = False
) -> ObjectiveWeights:
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
    keep_normalised : bool
        Also return (a copy of) the raw matrix as ``normalised``.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`CV_j`; ``normalised`` is the raw matrix (or None).

    References
    ----------
    Shuai, D. et al. (2012). A new angular method to determine the objective weights. *Proc. 24th
    Chinese Control and Decision Conference*, 3889-3892 (coefficient-of-variation weights on the
    4 x 4 matrix of Xu 2004).
    """
    arr, cols = _matrix(X)
    _directions(directions, arr.shape[1])
    _nonnegative_columns(arr, cols, "cv_weights")
    cv = arr.std(axis=0, ddof=1) / arr.mean(axis=0)
    kept = arr.copy() if keep_normalised else None
    return ObjectiveWeights(_normalise(cv, "CV", "coefficient of variation"), "cv", kept, cv)


def std_weights(
    X: ArrayLike,
    *,
    directions: ArrayLike | None = None,
    normalisation: StdNormalisation = "minmax",
    keep_normalised: bool = False,
) -> ObjectiveWeights:
    """Standard-deviation weights.

    .. math:: w_j = \\frac{s_j}{\\sum_k s_k},

    where :math:`s_j` is the sample standard deviation of column ``j`` after
    ``normalisation="minmax"`` (default; Mukhametzyanov 2021, Sec. 2.3 — makes criteria in
    different units comparable, and a constant column raises :class:`InputError`) or of the raw
    data with ``normalisation="none"`` (only meaningful when all criteria already share one scale,
    e.g. 0-1 scores; a constant column then gets weight 0).  ``directions`` is validated but has no
    effect: :math:`1 - r` has the same standard deviation as :math:`r`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix.
    directions : array_like of +1/-1, optional
        Accepted for a uniform signature; no effect.
    normalisation : {"minmax", "none"}
        See above.
    keep_normalised : bool
        Also return the matrix the deviations were computed from.

    Returns
    -------
    ObjectiveWeights
        ``scores`` holds :math:`s_j`; ``normalised`` the matrix they were computed from (or
        None).

    References
    ----------
    Mukhametzyanov, I. Z. (2021). *DMAME* 4(2), 76-105, Table 1 (data), Table 2 "SD" (weights).
    Sałabun, W., Wątróbski, J. & Shekhovtsov, A. (2020). Are MCDA methods benchmarkable? A
    comparative study of TOPSIS, VIKOR, COPRAS, and PROMETHEE II methods. *Symmetry* 12(9), 1549
    (SD weights of a matrix already on [0, 1]).
    """
    _check_choice("normalisation", normalisation, STD_NORMALISATIONS)
    arr, cols = _matrix(X)
    dirs = _directions(directions, arr.shape[1])
    s = _std(arr, cols.total / arr.shape[0])
    kept: FloatArray | None = None
    if normalisation == "minmax":  # min-max is affine: s(r) = s(x) / (max - min)
        s = s / _span(cols, "min-max SD weighting")
        kept = _minmax(arr, cols, dirs, "min-max SD weighting") if keep_normalised else None
    elif keep_normalised:
        kept = arr.copy()
    return ObjectiveWeights(_normalise(s, "SD", "standard deviation"), "std", kept, s)


def _std(X: FloatArray, mean: FloatArray) -> FloatArray:
    """Sample standard deviation (ddof 1) of every column, accumulated over row blocks."""
    ss = np.zeros(X.shape[1])
    for rows in row_blocks(*X.shape):
        centred = X[rows] - mean
        ss += np.einsum("ij,ij->j", centred, centred)
    return np.asarray(np.sqrt(ss / (X.shape[0] - 1)))
