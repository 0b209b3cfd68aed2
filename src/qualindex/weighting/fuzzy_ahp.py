"""Fuzzy AHP with triangular fuzzy numbers: Buckley (1985) and Chang (1996), pure numpy.

A fuzzy pairwise comparison matrix is an ``(n, n, 3)`` array whose cell ``[i, j]`` is a triangular
fuzzy number (TFN) :math:`\\tilde a_{ij} = (l_{ij}, m_{ij}, u_{ij})`, ``0 < l <= m <= u``, with a
``(1, 1, 1)`` diagonal and fuzzy reciprocity
:math:`\\tilde a_{ji} = (1/u_{ij}, 1/m_{ij}, 1/l_{ij})` (checked with relative tolerance
:data:`qualindex.weighting.ahp.RECIPROCAL_RTOL`).  :func:`tfn_from_crisp` builds one from a crisp
Saaty matrix with the scale :data:`TFN_SCALE`.

Buckley (1985), fuzzy geometric mean -- :func:`buckley_weights`
    .. math::

        \\tilde r_i = \\Big(\\prod_j l_{ij}\\Big)^{1/n}, \\Big(\\prod_j m_{ij}\\Big)^{1/n},
        \\Big(\\prod_j u_{ij}\\Big)^{1/n}, \\qquad
        \\tilde w_i = \\tilde r_i \\otimes \\Big(\\sum_k \\tilde r_k\\Big)^{-1}
        = \\Big(\\frac{l_i}{\\sum_k u_k}, \\frac{m_i}{\\sum_k m_k}, \\frac{u_i}{\\sum_k l_k}\\Big),

    defuzzified by the centroid :math:`(l + m + u)/3` and normalised to sum 1.  With crisp
    cells (``l = m = u``) it is the crisp row geometric-mean method (Crawford & Williams 1985).

Chang (1996), extent analysis -- :func:`chang_weights`
    .. math::

        \\tilde S_i = \\sum_j \\tilde a_{ij} \\otimes
        \\Big(\\sum_k \\sum_j \\tilde a_{kj}\\Big)^{-1}, \\qquad
        d_i = \\min_{k \\ne i} V(\\tilde S_i \\ge \\tilde S_k), \\qquad
        w_i = \\frac{d_i}{\\sum_k d_k},

    with the degree of possibility of :math:`M_1 = (l_1, m_1, u_1) \\ge M_2 = (l_2, m_2, u_2)`

    .. math::

        V(M_1 \\ge M_2) = \\begin{cases} 1 & m_1 \\ge m_2 \\\\ 0 & l_2 \\ge u_1 \\\\
        \\dfrac{l_2 - u_1}{(m_1 - u_1) - (m_2 - l_2)} & \\text{otherwise.} \\end{cases}

    **Caveat.** The weights are degrees of possibility, not ratio-scale priorities: whenever one
    synthetic extent lies entirely above another the lower criterion gets weight exactly 0, and a
    crisp matrix (``l = m = u``) gives all the weight to one criterion.  Wang, Luo & Hua (2008)
    showed that extent analysis cannot estimate the true weights from a fuzzy or crisp comparison
    matrix, and Wang & Chin (2011) call its weights invalid as measures of relative importance.
    Prefer :func:`buckley_weights`; use Chang only to reproduce studies that used it.

Consistency: the usual practice is a crisp check on the middle values,
``qualindex.weighting.ahp.consistency(middle_matrix(A))`` with CR < 0.1.

References
----------
Buckley, J. J. (1985). Fuzzy hierarchical analysis. *Fuzzy Sets and Systems* 17(3), 233-247.
Chang, D.-Y. (1996). Applications of the extent analysis method on fuzzy AHP. *European Journal of
Operational Research* 95(3), 649-655.
Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment matrices.
*Journal of Mathematical Psychology* 29, 387-405.
Wang, Y.-M., Luo, Y. & Hua, Z. (2008). On the extent analysis method for fuzzy AHP and its
applications. *European Journal of Operational Research* 186(2), 735-747.
Wang, Y.-M. & Chin, K.-S. (2011). Fuzzy analytic hierarchy process: A logarithmic fuzzy
preference programming methodology. *International Journal of Approximate Reasoning* 52(4),
541-553 (abstract: extent-analysis weights "do not represent the relative importance").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import FuzzyVariant as FuzzyAHPMethod  # the one declaration
from qualindex.errors import InputError
from qualindex.weighting.ahp import RECIPROCAL_RTOL, check_matrix

__all__ = [
    "FUZZY_AHP_METHODS",
    "TFN_SCALE",
    "FuzzyAHPMethod",
    "FuzzyAHPResult",
    "buckley_weights",
    "chang_weights",
    "check_fuzzy_matrix",
    "fuzzy_ahp",
    "middle_matrix",
    "tfn_from_crisp",
]

FloatArray = NDArray[np.float64]
FUZZY_AHP_METHODS: tuple[str, ...] = get_args(FuzzyAHPMethod)

#: Triangular fuzzy number for each Saaty value: 1 -> (1, 1, 1), k -> (k - 1, k, k + 1) for
#: k = 2..8, 9 -> (9, 9, 9); reciprocal judgements 1/k map to (1/u, 1/m, 1/l).
TFN_SCALE: Mapping[int, tuple[float, float, float]] = MappingProxyType(
    {
        1: (1.0, 1.0, 1.0),
        **{k: (k - 1.0, float(k), k + 1.0) for k in range(2, 9)},
        9: (9.0, 9.0, 9.0),
    }
)


@dataclass(frozen=True, slots=True)
class FuzzyAHPResult:
    """Crisp and fuzzy results of a fuzzy AHP priority derivation.

    Attributes
    ----------
    weights : ndarray, shape (n,)
        Crisp weights summing to 1.
    fuzzy : ndarray, shape (n, 3)
        Buckley: the fuzzy weights :math:`\\tilde w_i`; Chang: the synthetic extents
        :math:`\\tilde S_i`.
    method : {"buckley", "chang"}
    possibility : ndarray, shape (n, n) or None
        Chang only: :math:`V(\\tilde S_i \\ge \\tilde S_k)` (diagonal 1).
    """

    weights: FloatArray
    fuzzy: FloatArray
    method: FuzzyAHPMethod
    possibility: FloatArray | None = None

    def __post_init__(self) -> None:
        for arr in (self.weights, self.fuzzy, self.possibility):
            if arr is not None:
                arr.setflags(write=False)


def _cell(i: int, j: int) -> str:
    return f"matrix[{i}, {j}]"


def _tfn(t: ArrayLike) -> str:
    return "(" + ", ".join(f"{float(x):.6g}" for x in np.asarray(t).reshape(-1)) + ")"


def _check_shape_and_order(a: FloatArray) -> None:
    if a.ndim != 3 or a.shape[0] != a.shape[1] or a.shape[2] != 3 or a.shape[0] < 1:
        raise InputError(
            f"fuzzy matrix has shape {a.shape}; expected (n, n, 3): one (l, m, u) triangular "
            "fuzzy number per pair"
        )
    bad = np.argwhere(~np.all(np.isfinite(a) & (a > 0), axis=2))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InputError(
            f"{_cell(i, j)} = {_tfn(a[i, j])} must hold finite positive numbers; pairwise "
            "judgements are ratios"
        )
    bad = np.argwhere((a[..., 0] > a[..., 1]) | (a[..., 1] > a[..., 2]))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InputError(
            f"{_cell(i, j)} = {_tfn(a[i, j])} is not ordered l <= m <= u; write the "
            "triangular number as (lower, middle, upper)"
        )


def check_fuzzy_matrix(matrix: ArrayLike) -> FloatArray:
    """Validate a fuzzy pairwise comparison matrix and return it as a float array.

    Checks the ``(n, n, 3)`` shape, finite positive entries, ``l <= m <= u``, a ``(1, 1, 1)``
    diagonal and fuzzy reciprocity :math:`\\tilde a_{ji} = (1/u_{ij}, 1/m_{ij}, 1/l_{ij})`.

    Parameters
    ----------
    matrix : array_like, shape (n, n, 3)

    Returns
    -------
    ndarray, shape (n, n, 3)
    """
    try:
        a = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"fuzzy matrix must be numeric; conversion failed: {exc}") from None
    _check_shape_and_order(a)
    n = a.shape[0]
    for i in range(n):
        if not np.allclose(a[i, i], 1.0, rtol=RECIPROCAL_RTOL, atol=0.0):
            raise InputError(f"{_cell(i, i)} = {_tfn(a[i, i])} must be (1, 1, 1)")
    expected = 1.0 / a[..., ::-1].transpose(1, 0, 2)  # a_ji = (1/u_ij, 1/m_ij, 1/l_ij)
    mismatch = ~np.all(np.isclose(a, expected, rtol=RECIPROCAL_RTOL, atol=0.0), axis=2)
    bad = np.argwhere(np.tril(mismatch, k=-1))  # report the lower cell of each broken pair
    if bad.size:
        j, i = (int(v) for v in bad[0])
        raise InputError(
            f"{_cell(j, i)} = {_tfn(a[j, i])} is not the reciprocal of {_cell(i, j)} = "
            f"{_tfn(a[i, j])}; expected (1/u, 1/m, 1/l) = {_tfn(expected[j, i])}"
        )
    return a


def tfn_from_crisp(
    matrix: ArrayLike, *, scale: Mapping[int, tuple[float, float, float]] = TFN_SCALE
) -> FloatArray:
    """Fuzzify a crisp Saaty pairwise comparison matrix.

    Every cell ``k`` in 1..9 becomes ``scale[k]`` and every cell ``1/k`` becomes
    :math:`(1/u, 1/m, 1/l)` of ``scale[k]``, so the result is fuzzy-reciprocal.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Positive reciprocal matrix whose entries are integers 1..9 or their reciprocals.
    scale : mapping, default :data:`TFN_SCALE`
        Saaty value -> (l, m, u).

    Returns
    -------
    ndarray, shape (n, n, 3)
    """
    a = check_matrix(matrix)
    n = a.shape[0]
    out = np.empty((n, n, 3))
    for i in range(n):
        for j in range(n):
            v = a[i, j]
            k = round(v) if v >= 1 else round(1.0 / v)
            exact = k if v >= 1 else 1.0 / k
            if k not in scale or not np.isclose(v, exact, rtol=RECIPROCAL_RTOL, atol=0.0):
                raise InputError(
                    f"matrix[{i}, {j}] = {v:g} is not a Saaty value (1..9 or 1/9..1/2); "
                    "give integer judgements or build the fuzzy matrix directly"
                )
            tfn = np.asarray(scale[k], dtype=np.float64)
            out[i, j] = tfn if v >= 1 else 1.0 / tfn[::-1]
    return check_fuzzy_matrix(out)


def middle_matrix(matrix: ArrayLike) -> FloatArray:
    """The crisp matrix of middle values :math:`m_{ij}`, for the usual consistency check."""
    return check_fuzzy_matrix(matrix)[..., 1].copy()


def buckley_weights(matrix: ArrayLike) -> FuzzyAHPResult:
    """Buckley's (1985) fuzzy geometric-mean weights (see the module docstring).

    Parameters
    ----------
    matrix : array_like, shape (n, n, 3)
        Fuzzy-reciprocal TFN comparison matrix.

    Returns
    -------
    FuzzyAHPResult
        ``fuzzy`` holds :math:`\\tilde w_i = (l_i/\\sum u, m_i/\\sum m, u_i/\\sum l)`;
        ``weights`` the normalised centroids.
    """
    a = check_fuzzy_matrix(matrix)
    n = a.shape[0]
    r = np.exp(np.log(a).sum(axis=1) / n)  # (n, 3) row geometric means of l, m, u
    totals = r.sum(axis=0)
    fuzzy = r / totals[::-1]  # l / sum(u), m / sum(m), u / sum(l)
    centroid = fuzzy.mean(axis=1)
    return FuzzyAHPResult(centroid / centroid.sum(), fuzzy, "buckley")


def _possibility(s: FloatArray) -> FloatArray:
    """V[i, k] = V(S_i >= S_k) for TFN rows s = (l, m, u)."""
    m1, u1 = s[:, None, 1], s[:, None, 2]
    l2, m2 = s[None, :, 0], s[None, :, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = (l2 - u1) / ((m1 - u1) - (m2 - l2))
    v = np.where(m1 >= m2, 1.0, np.where(l2 >= u1, 0.0, partial))
    return np.asarray(v, dtype=np.float64)


def chang_weights(matrix: ArrayLike) -> FuzzyAHPResult:
    """Chang's (1996) extent-analysis weights (see the module docstring and its caveat).

    Parameters
    ----------
    matrix : array_like, shape (n, n, 3)
        Fuzzy-reciprocal TFN comparison matrix.

    Returns
    -------
    FuzzyAHPResult
        ``fuzzy`` holds the synthetic extents :math:`\\tilde S_i`, ``possibility`` the matrix
        :math:`V(\\tilde S_i \\ge \\tilde S_k)`, ``weights`` the normalised minima (some may be 0).
    """
    a = check_fuzzy_matrix(matrix)
    rows = a.sum(axis=1)  # (n, 3) fuzzy row sums
    total = rows.sum(axis=0)
    s = rows / total[::-1]  # l / sum(u), m / sum(m), u / sum(l)
    v = _possibility(s)
    d = v.min(axis=1)  # the diagonal is 1 and never the binding minimum
    return FuzzyAHPResult(d / d.sum(), s, "chang", v)


def fuzzy_ahp(matrix: ArrayLike, *, method: FuzzyAHPMethod = "buckley") -> FuzzyAHPResult:
    """Fuzzy AHP weights by method name (``"buckley"`` default, or ``"chang"``)."""
    if method not in FUZZY_AHP_METHODS:
        raise InputError(
            f"method = {method!r} is not one of {', '.join(map(repr, FUZZY_AHP_METHODS))}"
        )
    return buckley_weights(matrix) if method == "buckley" else chang_weights(matrix)
