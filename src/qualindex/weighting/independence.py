"""Independence weights (独立性权重): weight each indicator by 1 / its multiple correlation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError

__all__ = ["IndependenceWeights", "independence_weights"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class IndependenceWeights:
    """Result of :func:`independence_weights` (all arrays read-only).

    Attributes
    ----------
    weights : numpy.ndarray, shape (n,)
        Weights :math:`w_j \\propto 1/R_j`, summing to 1.
    multiple_r : numpy.ndarray, shape (n,)
        Multiple correlation coefficient :math:`R_j` of indicator *j* with all the others.
    inverse : numpy.ndarray, shape (n,)
        :math:`1/R_j` (SPSSAU's "复相关系数倒数").
    """

    weights: FloatArray
    multiple_r: FloatArray
    inverse: FloatArray

    def __post_init__(self) -> None:
        for arr in (self.weights, self.multiple_r, self.inverse):
            arr.setflags(write=False)


def independence_weights(X: ArrayLike) -> IndependenceWeights:
    r"""Independence weights from each indicator's multiple correlation with the others.

    For every column *j*, regress :math:`x_j` on the other columns by ordinary least
    squares with an intercept; the multiple correlation :math:`R_j` is the Pearson
    correlation of :math:`x_j` with its fitted values (:math:`R_j^2` is that
    regression's coefficient of determination). An indicator well explained by the
    others is redundant and gets a small weight:

    .. math::

        w_j = \frac{1/R_j}{\sum_k 1/R_k}

    The weights do not depend on a linear rescaling of any column, so raw data and
    min-max normalised data give the same weights (SPSSAU's default uses the raw data).

    Parameters
    ----------
    X : array_like, shape (m, n)
        Indicator data, n >= 2 columns, m >= n + 1 rows, finite, no constant column.

    Returns
    -------
    IndependenceWeights

    Raises
    ------
    InputError
        If an indicator is uncorrelated with every other one (:math:`R_j = 0`, an
        infinite weight).

    Examples
    --------
    Longley's (1967) six collinear columns: :math:`R_j = \sqrt{1 - 1/VIF_j}` with the
    printed variance inflation factors (135.53244, 1788.51348, 33.61889, 3.58893,
    399.15102, 758.98060); weights 0.1619, 0.1614, 0.1638, 0.1899, 0.1615, 0.1614
    (``tests/weighting/test_independence.py``).

    References
    ----------
    Longley J.W. (1967). An appraisal of least squares programs for the electronic computer
    from the point of view of the user. JASA 62, 819-841 (the data).
    SPSSAU (2024). Independence weight (独立性权重), https://www.spssau.net/helps/independence.html.
    """
    x = _matrix(X)
    m, n = x.shape
    r = np.empty(n)
    for j in range(n):
        others = np.column_stack([np.ones(m), np.delete(x, j, axis=1)])
        coef, *_ = np.linalg.lstsq(others, x[:, j], rcond=None)
        fitted = others @ coef
        r[j] = _correlation(x[:, j], fitted)
    bad = np.flatnonzero(r <= 1e-12)
    if bad.size:
        j = int(bad[0])
        raise InputError(
            f"column {j} has multiple correlation {r[j]:.3g} with the other indicators; its "
            "independence weight 1/R is infinite: drop it or use another weighting method"
        )
    inverse = 1.0 / r
    return IndependenceWeights(weights=inverse / inverse.sum(), multiple_r=r, inverse=inverse)


def _correlation(a: FloatArray, b: FloatArray) -> float:
    ac, bc = a - a.mean(), b - b.mean()
    denom = float(np.sqrt((ac @ ac) * (bc @ bc)))
    return float(ac @ bc) / denom if denom > 0 else 0.0


def _matrix(X: ArrayLike) -> FloatArray:
    try:
        x = np.array(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"X must be a numeric matrix; conversion failed: {exc}") from None
    if x.ndim != 2 or x.shape[1] < 2 or x.shape[0] < x.shape[1] + 1:
        raise InputError(
            f"X has shape {x.shape}; independence weights need n >= 2 indicators (columns) and "
            "at least n + 1 rows for the regressions"
        )
    bad = np.argwhere(~np.isfinite(x))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InputError(f"X[{i}, {j}] = {x[i, j]} is not finite; impute or drop it first")
    const = np.flatnonzero(np.ptp(x, axis=0) == 0)
    if const.size:
        j = int(const[0])
        raise InputError(
            f"column {j} is constant ({x[0, j]}); it has no correlation to measure, drop it"
        )
    return x
