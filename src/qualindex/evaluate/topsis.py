"""TOPSIS: rank alternatives by relative closeness to the ideal solution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex._blocks import row_blocks
from qualindex.core import as_float, check_choice, to_float
from qualindex.errors import InputError
from qualindex.evaluate.normalise import direction_sign
from qualindex.evaluate.ranking import competition_ranks

__all__ = ["NORMALISATIONS", "TopsisResult", "topsis"]

FloatArray = NDArray[np.float64]
Normalisation = Literal["vector", "minmax", "none"]
NORMALISATIONS: tuple[str, ...] = ("vector", "minmax", "none")


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
    weighted : numpy.ndarray, shape (m, n), or None
        The weighted normalised decision matrix :math:`v_{ij} = w_j r_{ij}`; kept only with
        ``topsis(..., keep_weighted=True)`` (it is as large as the input).
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
    weighted: FloatArray | None
    weights: FloatArray
    normalisation: str

    def __post_init__(self) -> None:
        for name in ("closeness", "d_ideal", "d_anti_ideal", "ranks", "ideal", "anti_ideal"):
            getattr(self, name).setflags(write=False)
        if self.weighted is not None:
            self.weighted.setflags(write=False)
        self.weights.setflags(write=False)


def topsis(
    X: ArrayLike,
    weights: ArrayLike,
    directions: Sequence[str],
    *,
    normalisation: Normalisation = "vector",
    keep_weighted: bool = False,
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
      nothing to either distance);
    * ``"none"``: :math:`r_{ij} = x_{ij}` (data already on one scale, e.g. 0-100
      scores); ideal and anti-ideal as for ``"vector"``.

    .. math::

        D_i^\pm = \Big(\sum_j (v_{ij} - v_j^\pm)^2\Big)^{1/2}, \qquad
        C_i = \frac{D_i^-}{D_i^+ + D_i^-}

    Weights are normalised to sum 1 (closeness does not depend on their scale).
    Missing values are not allowed: impute first.  The matrix is read in row blocks: one
    pass for the column statistics (norms or min/max, which give the ideal points because
    :math:`v` is monotone in :math:`x`), one for the distances; no full-size temporary.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix, finite values.
    weights : array_like, shape (n,)
        Criterion weights, ``>= 0`` with a positive sum.
    directions : sequence of {"higher", "lower"}
        Benefit ("higher") or cost ("lower") per criterion.
    normalisation : {"vector", "minmax", "none"}
        Column normalisation, see above.
    keep_weighted : bool
        Also return the weighted normalised matrix :math:`v` (as large as ``X``).

    References
    ----------
    Hwang C.L., Yoon K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer, Berlin.
    Opricovic S., Tzeng G.H. (2004). Compromise solution by MCDM methods: A
    comparative analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455.
    """
    check_choice(normalisation, NORMALISATIONS, "normalisation")
    x = to_float(X, "X")
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
    norm = _Normaliser(x, sign, normalisation, w)
    d_plus, d_minus, v = _distances(x, norm, keep_weighted)
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
        ranks=competition_ranks(closeness),
        ideal=norm.ideal,
        anti_ideal=norm.anti,
        weighted=v,
        weights=w,
        normalisation=normalisation,
    )


def _criterion_weights(weights: ArrayLike, n: int) -> FloatArray:
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,):
        raise InputError(f"weights has shape {w.shape}; give one weight per criterion ({n})")
    if np.any(w < 0) or w.sum() <= 0:
        raise InputError(f"weights {w.tolist()} must be >= 0 with a positive sum")
    return w / w.sum()


class _Normaliser:
    """Column statistics of X and the map of a row block to the weighted normalised v."""

    def __init__(self, x: FloatArray, sign: FloatArray, how: str, w: FloatArray) -> None:
        n = x.shape[1]
        lo, hi, sq = np.empty(n), np.empty(n), np.zeros(n)
        lo.fill(np.inf)
        hi.fill(-np.inf)
        for rows in row_blocks(*x.shape):
            block = x[rows]
            np.minimum(lo, block.min(axis=0), out=lo)  # NaN propagates: caught below
            np.maximum(hi, block.max(axis=0), out=hi)
            if how == "vector":
                sq += np.einsum("ij,ij->j", block, block)
        if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
            as_float(x, "X", allow_nan=False)  # names the first non-finite value
        self._setup(lo, hi, sq, sign, how, w)

    @classmethod
    def from_stats(
        cls, lo: FloatArray, hi: FloatArray, sq: FloatArray, sign: FloatArray, how: str,
        w: FloatArray,
    ) -> _Normaliser:  # fmt: skip
        """The normaliser of column minima, maxima and sums of squares gathered elsewhere
        (batch by batch: the streamed evaluation's statistics pass)."""
        norm = cls.__new__(cls)
        norm._setup(lo, hi, sq, sign, how, w)
        return norm

    def _setup(
        self, lo: FloatArray, hi: FloatArray, sq: FloatArray, sign: FloatArray, how: str,
        w: FloatArray,
    ) -> None:  # fmt: skip
        self.how, self.sign, self.w, self.lo, self.hi = how, sign, w, lo, hi
        if how == "vector":
            self.scale = np.sqrt(sq)
        elif how == "none":
            self.scale = np.ones(len(lo))
        else:
            self.scale = hi - lo
            self.up = sign > 0
        at_lo, at_hi = self.weighted(lo[np.newaxis])[0], self.weighted(hi[np.newaxis])[0]
        best, worst = np.maximum(at_lo, at_hi), np.minimum(at_lo, at_hi)
        signed = how != "minmax"  # vector and none keep each column's direction
        self.ideal = np.where(sign > 0, best, worst) if signed else best
        self.anti = np.where(sign > 0, worst, best) if signed else worst

    def weighted(self, block: FloatArray) -> FloatArray:
        """v = w r of a row block (a new array), r as in :func:`topsis`."""
        ok = self.scale > 0
        if self.how != "minmax":
            r = np.divide(block, self.scale, out=np.zeros_like(block), where=ok)
        else:
            r = np.zeros_like(block)
            up, down = ok & self.up, ok & ~self.up
            np.divide(block - self.lo, self.scale, out=r, where=up)
            np.divide(self.hi - block, self.scale, out=r, where=down)
        r *= self.w
        return r


def _distances(
    x: FloatArray, norm: _Normaliser, keep: bool
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    m = x.shape[0]
    d_plus, d_minus = np.empty(m), np.empty(m)
    v_all = np.empty_like(x) if keep else None
    for rows in row_blocks(*x.shape):
        v = norm.weighted(x[rows])
        if v_all is not None:
            v_all[rows] = v
        diff = v - norm.ideal
        diff *= diff
        d_plus[rows] = np.sqrt(np.sum(diff, axis=1))
        np.subtract(v, norm.anti, out=diff)
        diff *= diff
        d_minus[rows] = np.sqrt(np.sum(diff, axis=1))
    return d_plus, d_minus, v_all
