"""Coupling coordination degree (耦合协调度): coupling C, development T, coordination D."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float, check_choice
from qualindex.errors import InputError

__all__ = [
    "COORDINATION_LEVELS",
    "COUPLING_FORMULAS",
    "COUPLING_RESCALES",
    "CouplingFormula",
    "CouplingRescale",
    "CouplingResult",
    "coordination_level",
    "coupling_coordination",
]

FloatArray = NDArray[np.float64]
CouplingFormula = Literal["standard", "wang", "fan"]
CouplingRescale = Literal["none", "minmax", "spssau"]
COUPLING_FORMULAS: tuple[str, ...] = get_args(CouplingFormula)
COUPLING_RESCALES: tuple[str, ...] = get_args(CouplingRescale)

#: The ten coordination levels on D: (lower bound, 中文, English). Level k (1-based) covers
#: [lower_k, lower_{k+1}); level 10 covers [0.9, 1.0]. Some papers close the bands above
#: instead (0.6 < D <= 0.7 初级协调); only a D exactly on a boundary is graded differently.
COORDINATION_LEVELS: tuple[tuple[float, str, str], ...] = (
    (0.0, "极度失调", "extreme imbalance"),
    (0.1, "严重失调", "serious imbalance"),
    (0.2, "中度失调", "moderate imbalance"),
    (0.3, "轻度失调", "mild imbalance"),
    (0.4, "濒临失调", "on the verge of imbalance"),
    (0.5, "勉强协调", "barely coordinated"),
    (0.6, "初级协调", "primary coordination"),
    (0.7, "中级协调", "intermediate coordination"),
    (0.8, "良好协调", "good coordination"),
    (0.9, "优质协调", "high-quality coordination"),
)


@dataclass(frozen=True, slots=True)
class CouplingResult:
    """Result of :func:`coupling_coordination` (all arrays read-only).

    Attributes
    ----------
    C : numpy.ndarray, shape (m,)
        Coupling degree in [0, 1].
    T : numpy.ndarray, shape (m,)
        Comprehensive development index :math:`T = \\sum_i \\alpha_i U_i` in [0, 1].
    D : numpy.ndarray, shape (m,)
        Coupling coordination degree :math:`D = \\sqrt{C T}` in [0, 1].
    level : numpy.ndarray of int, shape (m,)
        Coordination level 1-10 of D (see :data:`COORDINATION_LEVELS`).
    U : numpy.ndarray, shape (m, n)
        The subsystem values used, after rescaling.
    weights : numpy.ndarray, shape (n,)
        The subsystem weights :math:`\\alpha_i`, summing to 1.
    formula, rescale : str
        The coupling formula and input rescaling used.
    """

    C: FloatArray
    T: FloatArray
    D: FloatArray
    level: NDArray[np.int64]
    U: FloatArray
    weights: FloatArray
    formula: str
    rescale: str

    def __post_init__(self) -> None:
        for arr in (self.C, self.T, self.D, self.level, self.U, self.weights):
            arr.setflags(write=False)


def coupling_coordination(
    U: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    formula: CouplingFormula = "standard",
    rescale: CouplingRescale = "none",
) -> CouplingResult:
    r"""Coupling degree C, development index T and coupling coordination degree D.

    Rows are entities (regions, years), columns the *n* >= 2 subsystem indices
    :math:`U_1, \dots, U_n` (each usually itself a composite score in [0, 1]).

    ``formula="standard"`` (the normative form, 王淑佳 et al. 2021 eq. 1; for n = 2
    it is :math:`2\sqrt{U_1U_2}/(U_1+U_2)`):

    .. math::

        C = \Big[\prod_i U_i \Big/ \Big(\tfrac1n\sum_i U_i\Big)^n\Big]^{1/n}
          = \frac{n\,(\prod_i U_i)^{1/n}}{\sum_i U_i}

    ``formula="wang"`` (the modified coupling degree of 王淑佳 et al. 2021, which
    also penalises the gap between subsystems and their level relative to the
    largest):

    .. math::

        C = \sqrt{\Big[1 - \frac{\sum_{i>j} |U_i - U_j|}{\sum_{k=1}^{n-1} k}\Big]
            \Big(\prod_i \frac{U_i}{\max_i U_i}\Big)^{1/(n-1)}}

    ``formula="fan"`` (Fan et al., as in the R package ``coupling``):
    :math:`C = 1 - 2\sqrt{(n\sum U_i^2 - (\sum U_i)^2)/n^2}`, i.e. one minus twice
    the population standard deviation of the :math:`U_i`.

    In every case :math:`T = \sum_i \alpha_i U_i` and :math:`D = \sqrt{C\,T}`. A row
    whose :math:`U` are all 0 has C = 0 ("standard", "wang"; nothing to couple).
    Published studies often drop the coefficient n or the exponent (刘春林 2017;
    王淑佳 et al. 2021 section 2): those variants are not offered.

    Parameters
    ----------
    U : array_like, shape (m, n)
        Subsystem development indices, n >= 2. With ``rescale="none"`` they must lie
        in [0, 1].
    weights : array_like, shape (n,), optional
        Subsystem weights :math:`\alpha_i` for T (default equal), normalised to sum 1.
    formula : {"standard", "wang", "fan"}
        The coupling-degree formula, see above.
    rescale : {"none", "minmax", "spssau"}
        Per-column rescaling applied first: none; min-max to [0, 1]; or SPSSAU's
        "data intervalisation" :math:`0.01 + 0.98 (x-\min)/(\max-\min)` into
        [0.01, 0.99] (a constant column maps to the midpoint of the interval).

    Returns
    -------
    CouplingResult

    References
    ----------
    王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021). 国内耦合协调度模型的误区及修正.
    自然资源学报 36(3), 793-810 (Table 8: C of 13 cities, original and modified model).
    刘春林 (2017). 耦合度计算的常见错误分析. 淮阴师范学院学报(自然科学版) 16(1), 18-22.
    Lyu W. R package ``coupling`` (CRAN), vignette "Coupling Coordination Degree Model
    and Metacoupling Analysis" (C and D of six Guangzhou units for all three formulas,
    printed to 7 decimals from inputs printed to 7 decimals).
    SPSSAU (2024). Coupling coordination degree, https://www.spssau.net/helps/coupling.html.
    """
    check_choice(formula, COUPLING_FORMULAS, "formula")
    check_choice(rescale, COUPLING_RESCALES, "rescale")
    u = as_float(U, "U", allow_nan=False)
    if u.ndim != 2 or u.shape[1] < 2 or u.shape[0] < 1:
        raise InputError(
            f"U has shape {u.shape}; give entities x subsystems with at least 2 subsystems"
        )
    u = _rescale(u, rescale)
    w = _weights(weights, u.shape[1])
    C = {"standard": _standard, "wang": _wang, "fan": _fan}[formula](u)
    C = np.clip(C, 0.0, 1.0)
    T = u @ w
    D = np.sqrt(C * T)
    return CouplingResult(
        C=C,
        T=T,
        D=D,
        level=coordination_level(D),
        U=u,
        weights=w,
        formula=formula,
        rescale=rescale,
    )


def coordination_level(D: ArrayLike) -> NDArray[np.int64]:
    """Level 1-10 of coordination degrees ``D`` in [0, 1] (:data:`COORDINATION_LEVELS`)."""
    d = as_float(D, "D", allow_nan=False)
    if np.any((d < 0) | (d > 1)):
        raise InputError(f"D = {d.tolist()} must lie in [0, 1]; D is a coordination degree")
    bounds = np.array([b for b, _, _ in COORDINATION_LEVELS[1:]])
    # A small tolerance keeps 0.7 computed as 0.69999999999 in level 8, as a reader expects.
    return np.asarray(np.searchsorted(bounds, d + 1e-12, side="right") + 1, dtype=np.int64)


def _rescale(u: FloatArray, rescale: str) -> FloatArray:
    if rescale == "none":
        bad = np.argwhere((u < 0) | (u > 1))
        if bad.size:
            i, j = (int(k) for k in bad[0])
            raise InputError(
                f"U[{i}, {j}] = {u[i, j]} must lie in [0, 1]; normalise the subsystem "
                'indices first or pass rescale="minmax" or "spssau"'
            )
        return u
    lo, hi = u.min(axis=0), u.max(axis=0)
    span = hi - lo
    unit = np.divide(u - lo, span, out=np.full_like(u, 0.5), where=span > 0)
    return unit if rescale == "minmax" else 0.01 + 0.98 * unit


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.full(n, 1.0 / n)
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,) or np.any(w < 0) or w.sum() <= 0:
        raise InputError(
            f"weights {w.tolist()} must give one value >= 0 per subsystem ({n}) with a positive sum"
        )
    return w / w.sum()


def _standard(u: FloatArray) -> FloatArray:
    n = u.shape[1]
    total = u.sum(axis=1)
    geo = np.exp(np.log(np.where(u > 0, u, 1.0)).mean(axis=1))
    geo = np.where(np.all(u > 0, axis=1), geo, 0.0)
    return np.divide(n * geo, total, out=np.zeros_like(total), where=total > 0)


def _wang(u: FloatArray) -> FloatArray:
    n = u.shape[1]
    i, j = np.triu_indices(n, k=1)
    gaps = np.abs(u[:, i] - u[:, j]).sum(axis=1) / (n * (n - 1) / 2)
    top = u.max(axis=1, keepdims=True)
    ratio = np.divide(u, top, out=np.zeros_like(u), where=top > 0)
    level = np.prod(ratio, axis=1) ** (1.0 / (n - 1))
    return np.sqrt(np.clip((1.0 - gaps) * level, 0.0, None))


def _fan(u: FloatArray) -> FloatArray:
    return 1.0 - 2.0 * u.std(axis=1)
