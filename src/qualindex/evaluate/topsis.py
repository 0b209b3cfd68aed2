"""TOPSIS: rank alternatives by relative closeness to the ideal solution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.evaluate.normalise import _as_float, _check_choice, direction_sign

__all__ = ["NORMALISATIONS", "TopsisResult", "topsis"]

FloatArray = NDArray[np.float64]
Normalisation = Literal["vector", "minmax"]
NORMALISATIONS: tuple[str, ...] = ("vector", "minmax")


@dataclass(frozen=True, slots=True)
class TopsisResult:
    """Result of :func:`topsis` (all arrays read-only).

    Attributes
    ----------
    closeness : numpy.ndarray, shape (m,)
        Relative closeness :math:`C_i = D_i^- / (D_i^+ + D_i^-)` in [0, 1], 1 best.
    d_ideal, d_anti_ideal : numpy.ndarray, shape (m,)
        Euclidean distances to the ideal (:math:`D^+`) and anti-ideal (:math:`D^-`).
    ranks : numpy.ndarray of int, shape (m,)
        1 = highest closeness; tied alternatives share the best rank of their tie
        ("competition" ranking 1, 2, 2, 4).
    ideal, anti_ideal : numpy.ndarray, shape (n,)
        The ideal and anti-ideal points in the weighted normalised space.
    weighted : numpy.ndarray, shape (m, n)
        The weighted normalised decision matrix :math:`v_{ij} = w_j r_{ij}`.
    weights : numpy.ndarray, shape (n,)
        The weights used, normalised to sum 1.
    normalisation : str
        ``"vector"`` or ``"minmax"``.
    """

    closeness: FloatArray
    d_ideal: FloatArray
    d_anti_ideal: FloatArray
    ranks: NDArray[np.int64]
    ideal: FloatArray
    anti_ideal: FloatArray
    weighted: FloatArray
    weights: FloatArray
    normalisation: str

    def __post_init__(self) -> None:
        for name in ("closeness", "d_ideal", "d_anti_ideal", "ranks", "ideal", "anti_ideal"):
            getattr(self, name).setflags(write=False)
        self.weighted.setflags(write=False)
        self.weights.setflags(write=False)


def topsis(
    X: ArrayLike,
    weights: ArrayLike,
    directions: Sequence[str],
    *,
    normalisation: Normalisation = "vector",
) -> TopsisResult:
    r"""Technique for Order Preference by Similarity to Ideal Solution.

    With the decision matrix :math:`x_{ij}` (m alternatives x n criteria):

    * ``"vector"`` (Hwang & Yoon 1981): :math:`r_{ij} = x_{ij}/\sqrt{\sum_k x_{kj}^2}`;
      the ideal takes the column maximum of :math:`v_{ij} = w_j r_{ij}` for
      "higher" criteria and the minimum for "lower" ones, the anti-ideal the opposite;
    * ``"minmax"``: :math:`r_{ij} = (x_{ij}-\min_j)/(\max_j-\min_j)` for "higher" and
      :math:`(\max_j-x_{ij})/(\max_j-\min_j)` for "lower", so every column is
      "higher is better" and the ideal/anti-ideal are column max/min of :math:`v`.
      A constant column is mapped to 0 (it carries no information and adds
      nothing to either distance).

    .. math::

        D_i^\pm = \Big(\sum_j (v_{ij} - v_j^\pm)^2\Big)^{1/2}, \qquad
        C_i = \frac{D_i^-}{D_i^+ + D_i^-}

    Weights are normalised to sum 1 (closeness does not depend on their scale).
    Missing values are not allowed: impute first.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix, finite values.
    weights : array_like, shape (n,)
        Criterion weights, ``>= 0`` with a positive sum.
    directions : sequence of {"higher", "lower"}
        Benefit ("higher") or cost ("lower") per criterion.
    normalisation : {"vector", "minmax"}
        Column normalisation, see above.

    References
    ----------
    Hwang C.L., Yoon K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer, Berlin.
    Opricovic S., Tzeng G.H. (2004). Compromise solution by MCDM methods: A
    comparative analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455.
    """
    _check_choice(normalisation, NORMALISATIONS, "normalisation")
    x = _as_float(X, "X", allow_nan=False)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise InputError(
            f"X has shape {x.shape}; give alternatives x criteria with at least 2 alternatives"
        )
    w = _criterion_weights(weights, x.shape[1])
    if isinstance(directions, str) or len(directions) != x.shape[1]:
        raise InputError(
            f"directions must list one of higher/lower per criterion ({x.shape[1]}); "
            f"got {directions!r}"
        )
    sign = direction_sign(directions, "directions")
    r = _vector(x) if normalisation == "vector" else _minmax(x, sign)
    v = r * w
    if normalisation == "vector":
        ideal = np.where(sign > 0, v.max(axis=0), v.min(axis=0))
        anti = np.where(sign > 0, v.min(axis=0), v.max(axis=0))
    else:
        ideal, anti = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(np.sum((v - ideal) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((v - anti) ** 2, axis=1))
    total = d_plus + d_minus
    if np.any(total == 0):
        raise InputError(
            "all alternatives are identical on every weighted criterion; TOPSIS cannot rank "
            "them (closeness is 0/0)"
        )
    closeness = d_minus / total
    return TopsisResult(
        closeness=closeness,
        d_ideal=d_plus,
        d_anti_ideal=d_minus,
        ranks=_competition_ranks(closeness),
        ideal=ideal,
        anti_ideal=anti,
        weighted=v,
        weights=w,
        normalisation=normalisation,
    )


def _criterion_weights(weights: ArrayLike, n: int) -> FloatArray:
    w = _as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,):
        raise InputError(f"weights has shape {w.shape}; give one weight per criterion ({n})")
    if np.any(w < 0) or w.sum() <= 0:
        raise InputError(f"weights {w.tolist()} must be >= 0 with a positive sum")
    return w / w.sum()


def _vector(x: FloatArray) -> FloatArray:
    norm = np.sqrt(np.sum(x * x, axis=0))
    return np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)


def _minmax(x: FloatArray, sign: FloatArray) -> FloatArray:
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    up = np.divide(x - lo, span, out=np.zeros_like(x), where=span > 0)
    down = np.divide(hi - x, span, out=np.zeros_like(x), where=span > 0)
    return np.where(sign > 0, up, down)


def _competition_ranks(closeness: FloatArray) -> NDArray[np.int64]:
    from scipy.stats import rankdata

    return np.asarray(rankdata(-closeness, method="min"), dtype=np.int64)
