"""Combinations of subjective and objective weights (组合赋权), pure numpy.

Subjective weights (expert scores, AHP, BWM) carry the decision maker's priorities; objective
weights (entropy, CRITIC, ...) carry the information in the data.  Three common ways to merge two
weight vectors ``w_s`` and ``w_o`` over the same criteria are offered:

* :func:`linear_combination` -- the weighted arithmetic mean
  :math:`w = \\alpha w_s + (1 - \\alpha) w_o`.
* :func:`multiplicative_combination` -- the normalised product
  :math:`w_j = w_{s,j} w_{o,j} / \\sum_k w_{s,k} w_{o,k}` (乘法合成归一化).
* :func:`min_entropy_combination` -- the vector closest to both inputs in relative entropy
  (最小相对信息熵), :math:`w_j \\propto w_{s,j}^{\\alpha} w_{o,j}^{1-\\alpha}`, which is
  :math:`\\sqrt{w_{s,j} w_{o,j}}` normalised for the usual :math:`\\alpha = 1/2`.

Both inputs are validated (1-D, same length, finite, non-negative, positive sum) and normalised
to sum to 1 before combining, so rounded published weights (summing to 0.999) or raw importance
scores can be passed directly.  The outputs are non-negative and sum to 1.

References
----------
The three rules are textbook forms; the papers below use them (abstracts read, full texts not):
Deng, L. & Huang, T. (2017). Two-stage TOPSIS based on relative efficiency. *Operations Research
and Fuzziology* 7(4), doi:10.12677/ORF.2017.74013 -- linear combination of AHP and
coefficient-of-variation weights.
Jiang, P. (2025). 基于组合赋权——TOPSIS-GRA的新能源汽车产品更新方案决策方法. *Operations Research
and Fuzziology* 15(3), doi:10.12677/orf.2025.153135 -- expert-score and entropy weights combined
by normalised multiplication.
"Information-theoretic-entropy based weight aggregation method in multiple-attribute group
decision-making". *Entropy* 18(6), 171 (2016), doi:10.3390/e18060171 -- principle of minimum
cross-entropy to aggregate subjective and objective weights.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError

__all__ = [
    "linear_combination",
    "min_entropy_combination",
    "multiplicative_combination",
]

FloatArray = NDArray[np.float64]


def _weights(w: ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.array(w, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a numeric vector; conversion failed: {exc}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(f"{name} has shape {arr.shape}; expected a non-empty 1-D weight vector")
    for j, v in enumerate(arr):
        if not np.isfinite(v) or v < 0:
            raise InputError(
                f"{name}[{j}] = {v} is not a finite non-negative number; weights are shares "
                "of importance (>= 0)"
            )
    total = float(arr.sum())
    if total <= 0.0:
        raise InputError(f"{name} sums to 0; at least one weight must be positive")
    return arr / total


def _pair(w_subj: ArrayLike, w_obj: ArrayLike) -> tuple[FloatArray, FloatArray]:
    ws, wo = _weights(w_subj, "w_subj"), _weights(w_obj, "w_obj")
    if ws.shape != wo.shape:
        raise InputError(
            f"w_subj has {ws.size} weights but w_obj has {wo.size}; both must weight the same "
            "criteria in the same order"
        )
    return ws, wo


def _alpha(alpha: float) -> float:
    a = float(alpha)
    if not (np.isfinite(a) and 0.0 <= a <= 1.0):
        raise InputError(
            f"alpha = {alpha} must lie in [0, 1]; it is the share given to the subjective weights"
        )
    return a


def _renormalise(w: FloatArray, method: str) -> FloatArray:
    total = float(w.sum())
    if total <= 0.0:
        raise InputError(
            f"{method}: no criterion has a positive weight in both w_subj and w_obj, so the "
            "product is zero everywhere; use linear_combination instead"
        )
    return w / total


def linear_combination(w_subj: ArrayLike, w_obj: ArrayLike, *, alpha: float) -> FloatArray:
    """Weighted arithmetic mean of subjective and objective weights.

    .. math:: w_j = \\alpha\\, w_{s,j} + (1 - \\alpha)\\, w_{o,j}, \\qquad 0 \\le \\alpha \\le 1.

    ``alpha = 1`` returns the (normalised) subjective weights, ``alpha = 0`` the objective ones.
    The preference coefficient is a modelling choice; 0.5 is common when no reason favours
    either side.

    Parameters
    ----------
    w_subj, w_obj : array_like, shape (n,)
        Non-negative weights over the same criteria; each is normalised to sum 1 first.
    alpha : float
        Share of the subjective weights, in [0, 1].

    Returns
    -------
    ndarray, shape (n,)
        Combined weights summing to 1.
    """
    ws, wo = _pair(w_subj, w_obj)
    a = _alpha(alpha)
    return a * ws + (1.0 - a) * wo


def multiplicative_combination(w_subj: ArrayLike, w_obj: ArrayLike) -> FloatArray:
    """Normalised product of subjective and objective weights (乘法合成).

    .. math:: w_j = \\frac{w_{s,j}\\, w_{o,j}}{\\sum_k w_{s,k}\\, w_{o,k}}.

    The product sharpens differences: a criterion needs weight on *both* sides to keep weight, and
    a zero on either side removes it.  If the two vectors have no positive entry in common the
    combination is undefined and :class:`InputError` is raised.

    Parameters
    ----------
    w_subj, w_obj : array_like, shape (n,)
        Non-negative weights over the same criteria; each is normalised to sum 1 first.

    Returns
    -------
    ndarray, shape (n,)
        Combined weights summing to 1.

    References
    ----------
    Jiang (2025), *Operations Research and Fuzziology* 15(3), doi:10.12677/orf.2025.153135.
    """
    ws, wo = _pair(w_subj, w_obj)
    return _renormalise(ws * wo, "multiplicative_combination")


def min_entropy_combination(
    w_subj: ArrayLike, w_obj: ArrayLike, *, alpha: float = 0.5
) -> FloatArray:
    """Minimum-relative-entropy combination (最小相对信息熵原理).

    The combined vector minimises the weighted relative entropy (Kullback-Leibler divergence)
    to both inputs,

    .. math::

        \\min_{w} \\; \\alpha \\sum_j w_j \\ln\\frac{w_j}{w_{s,j}}
        + (1 - \\alpha) \\sum_j w_j \\ln\\frac{w_j}{w_{o,j}}
        \\quad \\text{s.t.} \\sum_j w_j = 1,

    whose Lagrange condition :math:`\\ln w_j = \\alpha \\ln w_{s,j} + (1-\\alpha) \\ln w_{o,j}
    + c` gives the normalised weighted geometric mean

    .. math::

        w_j = \\frac{w_{s,j}^{\\alpha}\\, w_{o,j}^{1-\\alpha}}
                    {\\sum_k w_{s,k}^{\\alpha}\\, w_{o,k}^{1-\\alpha}},

    i.e. :math:`w_j \\propto \\sqrt{w_{s,j} w_{o,j}}` for the usual equal split
    :math:`\\alpha = 1/2`.  ``alpha = 1`` returns the subjective weights.  As with the product,
    a zero on either side (for ``0 < alpha < 1``) removes the criterion.

    Parameters
    ----------
    w_subj, w_obj : array_like, shape (n,)
        Non-negative weights over the same criteria; each is normalised to sum 1 first.
    alpha : float, default 0.5
        Share of the subjective weights, in [0, 1].

    Returns
    -------
    ndarray, shape (n,)
        Combined weights summing to 1.

    References
    ----------
    *Entropy* 18(6), 171 (2016), doi:10.3390/e18060171 -- minimum cross-entropy aggregation of
    subjective and objective weights.  The closed form above is derived here from the stated
    objective; no published numerical example of it was checked.
    """
    ws, wo = _pair(w_subj, w_obj)
    a = _alpha(alpha)
    # 0 ** 0 = 1 in numpy, so alpha in {0, 1} returns one input exactly.
    return _renormalise(ws**a * wo ** (1.0 - a), "min_entropy_combination")
