"""VIKOR: compromise ranking by group utility S, individual regret R and the index Q."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float
from qualindex.errors import InputError
from qualindex.evaluate.normalise import direction_sign

__all__ = ["VikorResult", "vikor"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class VikorResult:
    """Result of :func:`vikor` (all arrays read-only; alternatives in input order).

    Attributes
    ----------
    S, R, Q : numpy.ndarray, shape (m,)
        Group utility (weighted Manhattan distance to the best values), individual
        regret (weighted Chebyshev distance) and the VIKOR index; smaller is better.
        ``Q`` lies in [0, 1].
    rank_s, rank_r, rank_q : numpy.ndarray of int, shape (m,)
        Competition ranks (1 = smallest value, ties share the best rank) of S, R and Q.
    best, worst : numpy.ndarray, shape (n,)
        :math:`f_j^*` and :math:`f_j^-` per criterion (max / min for "higher",
        min / max for "lower").
    weights : numpy.ndarray, shape (n,)
        The weights used, normalised to sum 1.
    v : float
        Weight of the strategy of maximum group utility.
    dq : float
        :math:`DQ = 1/(m-1)`, the acceptable-advantage threshold.
    leader : int
        Index of :math:`A^{(1)}`, the alternative ranked first by Q (ties broken by
        input order).
    acceptable_advantage, acceptable_stability : bool
        Opricovic & Tzeng's conditions C1 and C2 for the leader.
    compromise : numpy.ndarray of int
        Indices of the compromise solution set, best Q first.
    """

    S: FloatArray
    R: FloatArray
    Q: FloatArray
    rank_s: IntArray
    rank_r: IntArray
    rank_q: IntArray
    best: FloatArray
    worst: FloatArray
    weights: FloatArray
    v: float
    dq: float
    leader: int
    acceptable_advantage: bool
    acceptable_stability: bool
    compromise: IntArray

    def __post_init__(self) -> None:
        for name in ("S", "R", "Q", "rank_s", "rank_r", "rank_q", "best", "worst"):
            getattr(self, name).setflags(write=False)
        self.weights.setflags(write=False)
        self.compromise.setflags(write=False)


def vikor(
    X: ArrayLike,
    weights: ArrayLike,
    directions: Sequence[str],
    *,
    v: float = 0.5,
) -> VikorResult:
    r"""VIKOR compromise ranking (Opricovic 1998; Opricovic & Tzeng 2004).

    With :math:`f_{ij}` the value of alternative *i* on criterion *j*, the best and
    worst values :math:`f_j^*, f_j^-` (max/min for "higher", min/max for "lower"
    criteria) and weights :math:`w_j` summing to 1:

    .. math::

        S_i = \sum_j w_j \frac{f_j^* - f_{ij}}{f_j^* - f_j^-}, \qquad
        R_i = \max_j w_j \frac{f_j^* - f_{ij}}{f_j^* - f_j^-},

        Q_i = v \frac{S_i - S^*}{S^- - S^*} + (1 - v) \frac{R_i - R^*}{R^- - R^*}

    with :math:`S^* = \min S`, :math:`S^- = \max S` (likewise for R). A constant
    criterion (:math:`f_j^* = f_j^-`) contributes 0, and a term of Q whose range is 0
    (all S, or all R, equal) contributes 0, so Q stays in [0, 1].

    Compromise (step 5 of Opricovic & Tzeng 2004): with :math:`A^{(1)}, A^{(2)}`
    first and second by Q and :math:`DQ = 1/(m-1)`,

    * C1 acceptable advantage: :math:`Q(A^{(2)}) - Q(A^{(1)}) \ge DQ`;
    * C2 acceptable stability: :math:`A^{(1)}` is also best ranked by S or by R.

    If both hold the compromise set is :math:`\{A^{(1)}\}`; if only C2 fails it is
    :math:`\{A^{(1)}, A^{(2)}\}`; if C1 fails it is :math:`A^{(1)}, \dots, A^{(M)}`
    with *M* the largest position such that :math:`Q(A^{(M)}) - Q(A^{(1)}) < DQ`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Decision matrix (m >= 2 alternatives, finite values).
    weights : array_like, shape (n,)
        Criterion weights, ``>= 0`` with a positive sum (normalised to sum 1).
    directions : sequence of {"higher", "lower"}
        Benefit ("higher") or cost ("lower") per criterion.
    v : float, default 0.5
        Weight of the "majority of criteria" strategy, in [0, 1]; 0.5 is
        "by consensus".

    Returns
    -------
    VikorResult

    References
    ----------
    Opricovic S., Tzeng G.H. (2004). Compromise solution by MCDM methods: A
    comparative analysis of VIKOR and TOPSIS. European Journal of Operational
    Research 156(2), 445-455 (numerical example, section 4: three alternatives,
    two criteria; Q = 1, 0, 1 exactly).
    Yang W., Wu Y. (2020). A new improvement method to avoid rank reversal in
    VIKOR. IEEE Access 8, 21261-21271 (five alternatives, four criteria; Q printed
    to 4 decimals).
    """
    x = as_float(X, "X", allow_nan=False)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise InputError(
            f"X has shape {x.shape}; give alternatives x criteria with at least 2 alternatives"
        )
    w = _weights(weights, x.shape[1])
    sign = _signs(directions, x.shape[1])
    if not (isinstance(v, (int, float)) and 0.0 <= float(v) <= 1.0):
        raise InputError(f"v = {v!r} must be a number in [0, 1]; 0.5 is the usual consensus")
    best = np.where(sign > 0, x.max(axis=0), x.min(axis=0))
    worst = np.where(sign > 0, x.min(axis=0), x.max(axis=0))
    span = best - worst
    gap = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    terms = w * gap
    S, R = terms.sum(axis=1), terms.max(axis=1)
    Q = float(v) * _unit(S) + (1.0 - float(v)) * _unit(R)
    return _assemble(S, R, Q, best, worst, w, float(v))


def _assemble(
    S: FloatArray,
    R: FloatArray,
    Q: FloatArray,
    best: FloatArray,
    worst: FloatArray,
    w: FloatArray,
    v: float,
) -> VikorResult:
    m = S.shape[0]
    dq = 1.0 / (m - 1)
    order = np.argsort(Q, kind="stable")
    lead = int(order[0])
    advantage = bool(Q[order[1]] - Q[lead] >= dq)
    stability = bool(S[lead] == S.min() or R[lead] == R.min())
    if not advantage:
        compromise = order[Q[order] - Q[lead] < dq]
    elif not stability:
        compromise = order[:2]
    else:
        compromise = order[:1]
    return VikorResult(
        S=S,
        R=R,
        Q=Q,
        rank_s=_ranks(S),
        rank_r=_ranks(R),
        rank_q=_ranks(Q),
        best=best,
        worst=worst,
        weights=w,
        v=v,
        dq=dq,
        leader=lead,
        acceptable_advantage=advantage,
        acceptable_stability=stability,
        compromise=np.asarray(compromise, dtype=np.int64),
    )


def _unit(a: FloatArray) -> FloatArray:
    span = a.max() - a.min()
    if span == 0:
        return np.zeros_like(a)
    return (a - a.min()) / span


def _weights(weights: ArrayLike, n: int) -> FloatArray:
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,):
        raise InputError(f"weights has shape {w.shape}; give one weight per criterion ({n})")
    if np.any(w < 0) or w.sum() <= 0:
        raise InputError(f"weights {w.tolist()} must be >= 0 with a positive sum")
    return w / w.sum()


def _signs(directions: Sequence[str], n: int) -> FloatArray:
    if isinstance(directions, str) or len(directions) != n:
        raise InputError(
            f"directions must list one of higher/lower per criterion ({n}); got {directions!r}"
        )
    return direction_sign(directions, "directions")


def _ranks(values: FloatArray) -> IntArray:
    from scipy.stats import rankdata

    return np.asarray(rankdata(values, method="min"), dtype=np.int64)
