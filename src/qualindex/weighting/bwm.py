"""Best-Worst Method (BWM) weights: Rezaei's non-linear (2015) and linear (2016) models.

The decision maker names the best criterion ``B`` and the worst criterion ``W`` and gives two
vectors on a 1-9 scale: best-to-others :math:`a_B = (a_{B1}, \\dots, a_{Bn})` with
:math:`a_{BB} = 1`, and others-to-worst :math:`a_W = (a_{1W}, \\dots, a_{nW})` with
:math:`a_{WW} = 1`; the comparison of ``B`` with ``W`` appears in both, so
:math:`a_{BW}` (entry ``worst`` of ``a_B``) must equal entry ``best`` of ``a_W``.  That is
``2n - 3`` judgements instead of AHP's ``n(n - 1)/2``.

Non-linear model (Rezaei 2015, model (2))
    .. math::

        \\min \\xi \\;\\text{s.t.}\\; \\left|\\frac{w_B}{w_j} - a_{Bj}\\right| \\le \\xi,\\;
        \\left|\\frac{w_j}{w_W} - a_{jW}\\right| \\le \\xi,\\; \\sum_j w_j = 1,\\; w \\ge 0.

    For fixed :math:`\\xi` the constraints are linear in ``w``
    (:math:`(a_{Bj} - \\xi) w_j \\le w_B \\le (a_{Bj} + \\xi) w_j`, likewise for ``W``), so the
    optimum :math:`\\xi^*` is found by bisection on :math:`\\xi` with a linear feasibility problem
    at each step (accurate to about ``1e-8``, the LP solver's feasibility tolerance) instead of a
    local non-linear solver that can stop at a wrong point.  :math:`\\xi^*` is unique but the
    optimal weights need not be (Rezaei 2016): every weight lies in an interval ``[lower, upper]``
    (two linear programmes per criterion at :math:`\\xi^*`, see :func:`bwm_nonlinear`), and the
    reported ``weights`` are the mean of those ``2n`` optimal vertices -- itself optimal, because
    the optimal set is convex.  The consistency ratio
    is :math:`CR = \\xi^* / CI(a_{BW})` with Rezaei's consistency index (:data:`CONSISTENCY_INDEX`).

Linear model (Rezaei 2016, model (19))
    .. math::

        \\min \\xi^L \\;\\text{s.t.}\\; |w_B - a_{Bj} w_j| \\le \\xi^L,\\;
        |w_j - a_{jW} w_W| \\le \\xi^L,\\; \\sum_j w_j = 1,\\; w \\ge 0,

    a linear programme (``scipy.optimize.linprog``, HiGHS) with a unique solution.  :math:`\\xi^L`
    is in weight units, not ratio units: it is a consistency indicator in itself (close to 0 is
    consistent).  The R package BWM (J. Tomczak, ``calculateWeights``) nevertheless
    reports :math:`CR^L = \\xi^L / CI(a_{BW})` with Rezaei's CI table, and so does
    ``consistency_ratio`` here (``cr_convention`` names it); it is far smaller than the
    non-linear CR of the same vectors (0.0024 against 0.0326 for Rezaei's car example), so the
    two are not comparable and a threshold for one does not apply to the other.

References
----------
Rezaei, J. (2015). Best-worst multi-criteria decision-making method. *Omega* 53, 49-57,
doi:10.1016/j.omega.2014.11.009 (model (2); consistency index table).
Rezaei, J. (2016). Best-worst multi-criteria decision-making method: Some properties and a linear
model. *Omega* 64, 126-130, doi:10.1016/j.omega.2015.12.001 (Table 1: CI; Tables 2-3: car
example; Sec. 3: interval weights of the non-linear model; Sec. 4: linear model).
Tomczak, J. BWM: Best-Worst Method, R package (CRAN; github.com/jakub-tomczak/BWM),
``calculateWeights`` and its tests (``tests/testthat/test-example-data.R``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import BWMModel  # the one declaration
from qualindex.errors import InputError

__all__ = [
    "BWM_MODELS",
    "CONSISTENCY_INDEX",
    "LINEAR_CR",
    "NONLINEAR_CR",
    "BWMModel",
    "BWMResult",
    "bwm",
    "bwm_linear",
    "bwm_nonlinear",
    "consistency_index",
]

FloatArray = NDArray[np.float64]
BWM_MODELS: tuple[str, ...] = get_args(BWMModel)

#: Rezaei's consistency index: the largest possible :math:`\xi^*` for a given :math:`a_{BW}`
#: (Rezaei 2015; restated in Rezaei 2016, Table 1), published to 2 decimals.
CONSISTENCY_INDEX: Mapping[int, float] = MappingProxyType(
    {1: 0.00, 2: 0.44, 3: 1.00, 4: 1.63, 5: 2.30, 6: 3.00, 7: 3.73, 8: 4.47, 9: 5.23}
)

#: Names of the consistency-ratio conventions recorded in :attr:`BWMResult.cr_convention`.
NONLINEAR_CR = "xi*/CI (Rezaei 2015)"
LINEAR_CR = "xi^L/CI (R package BWM)"

#: Absolute tolerance of the bisection on the non-linear model's :math:`\xi`.
XI_TOL = 1e-9
_SLACKS = (1e-9, 1e-8, 1e-7, 1e-6, 1e-5)


@dataclass(frozen=True, slots=True)
class BWMResult:
    """BWM weights and consistency.

    Attributes
    ----------
    weights : ndarray, shape (n,)
        Optimal weights, summing to 1.  For the non-linear model, the centre of the optimal set
        (see module docstring); for the linear model, its unique solution.
    xi : float
        :math:`\\xi^*` (non-linear, ratio units) or :math:`\\xi^L` (linear, weight units).
    model : {"nonlinear", "linear"}
    consistency_index : float or None
        :math:`CI(a_{BW})` used for the ratio.
    consistency_ratio : float or None
        :math:`\\xi / CI` (0 when :math:`a_{BW} = 1`); see ``cr_convention``.  Usually in [0, 1],
        but not always: CI is :math:`\\xi^*` of one worst case, not a bound over all inputs, and
        contradictory vectors (a criterion judged equal to both the best and the worst) exceed
        it.  Values near or above 1 mean the vectors should be revised.
    lower, upper : ndarray, shape (n,)
        Range of each weight over all optimal solutions (equal to ``weights`` for the linear
        model, whose solution is unique).
    best, worst : int
        Indices of the best and worst criteria.
    cr_convention : str
        ``"xi*/CI (Rezaei 2015)"`` (non-linear) or ``"xi^L/CI (R package BWM)"`` (linear).
    """

    weights: FloatArray
    xi: float
    model: BWMModel
    consistency_index: float | None
    consistency_ratio: float | None
    lower: FloatArray
    upper: FloatArray
    best: int
    worst: int
    cr_convention: str = ""

    def __post_init__(self) -> None:
        for arr in (self.weights, self.lower, self.upper):
            arr.setflags(write=False)


def consistency_index(a_bw: float) -> float:
    """Rezaei's consistency index for the best-to-worst comparison :math:`a_{BW}`.

    It is the largest :math:`\\xi^*` possible for that :math:`a_{BW}`, reached when
    :math:`a_{Bj} = a_{jW} = a_{BW}`; it solves
    :math:`\\xi^2 - (1 + 2 a_{BW}) \\xi + (a_{BW}^2 - a_{BW}) = 0` (Rezaei 2015).  For integer
    :math:`a_{BW}` in 1..9 the published 2-decimal table :data:`CONSISTENCY_INDEX` is returned, so
    that consistency ratios match the literature; other values use the smaller root.

    Parameters
    ----------
    a_bw : float
        Preference of the best over the worst criterion, >= 1.

    Returns
    -------
    float
    """
    a = float(a_bw)
    if not np.isfinite(a) or a < 1:
        raise InputError(f"a_BW = {a_bw} must be a finite number >= 1")
    if a.is_integer() and int(a) in CONSISTENCY_INDEX:
        return CONSISTENCY_INDEX[int(a)]
    b = 1.0 + 2.0 * a
    return float((b - np.sqrt(b * b - 4.0 * (a * a - a))) / 2.0)


def _vector(v: ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.array(v, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a numeric vector; conversion failed: {exc}") from None
    if arr.ndim != 1 or arr.size < 2:
        raise InputError(f"{name} has shape {arr.shape}; expected a vector of n >= 2 comparisons")
    for j, x in enumerate(arr):
        if not np.isfinite(x) or x < 1:
            raise InputError(
                f"{name}[{j}] = {x} must be a finite number >= 1; BWM comparisons state how many "
                "times more important (1 = equal, 9 = extremely more)"
            )
    return arr


def _validate(
    best_to_others: ArrayLike, others_to_worst: ArrayLike, best: int, worst: int
) -> tuple[FloatArray, FloatArray]:
    a_b = _vector(best_to_others, "best_to_others")
    a_w = _vector(others_to_worst, "others_to_worst")
    n = a_b.size
    if a_w.size != n:
        raise InputError(
            f"best_to_others has {n} entries but others_to_worst has {a_w.size}; both compare "
            "the same criteria"
        )
    for name, idx in (("best", best), ("worst", worst)):
        if not isinstance(idx, int | np.integer) or not 0 <= int(idx) < n:
            raise InputError(f"{name} = {idx!r} must be a criterion index in 0..{n - 1}")
    if best == worst:
        raise InputError(f"best and worst are both criterion {best}; they must differ")
    _check_anchors(a_b, a_w, int(best), int(worst))
    return a_b, a_w


def _check_anchors(a_b: FloatArray, a_w: FloatArray, best: int, worst: int) -> None:
    if a_b[best] != 1:
        raise InputError(
            f"best_to_others[{best}] = {a_b[best]:g} must be 1: the best criterion compared "
            "with itself"
        )
    if a_w[worst] != 1:
        raise InputError(
            f"others_to_worst[{worst}] = {a_w[worst]:g} must be 1: the worst criterion compared "
            "with itself"
        )
    if a_b[worst] != a_w[best]:
        raise InputError(
            f"a_BW differs between the vectors: best_to_others[{worst}] = {a_b[worst]:g} but "
            f"others_to_worst[{best}] = {a_w[best]:g}; both are the best-over-worst judgement "
            "and must be equal"
        )
    if a_b[worst] == 1 and (np.any(a_b != 1) or np.any(a_w != 1)):
        raise InputError(
            "a_BW = 1 says the best and the worst criteria are equally important, so every "
            "comparison must be 1; revise the best/worst choice or the comparisons"
        )


def _ratio_constraints(
    a_b: FloatArray, a_w: FloatArray, best: int, worst: int, xi: float
) -> FloatArray:
    """Rows G with G @ w <= 0 for the non-linear model linearised at a fixed xi."""
    n = a_b.size
    rows = []
    for j in range(n):
        for sign in (1.0, -1.0):
            r = np.zeros(n)  # sign * (w_B - (a_Bj + sign * xi) w_j) <= 0
            r[best] += sign
            r[j] -= sign * (a_b[j] + sign * xi)
            rows.append(r)
            r = np.zeros(n)  # sign * (w_j - (a_jW + sign * xi) w_W) <= 0
            r[j] += sign
            r[worst] -= sign * (a_w[j] + sign * xi)
            rows.append(r)
    return np.array(rows)


def _lp(c: FloatArray, a_ub: FloatArray, n_weights: int) -> Any:
    from scipy.optimize import linprog  # lazy: scipy only when BWM is solved

    a_eq = np.zeros((1, c.size))
    a_eq[0, :n_weights] = 1.0
    return linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(a_ub.shape[0]),
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )


def _feasible(a_b: FloatArray, a_w: FloatArray, best: int, worst: int, xi: float) -> bool:
    res = _lp(np.zeros(a_b.size), _ratio_constraints(a_b, a_w, best, worst, xi), a_b.size)
    return bool(res.status == 0)


def _xi_of(w: FloatArray, a_b: FloatArray, a_w: FloatArray, best: int, worst: int) -> float:
    """Objective of the non-linear model at ``w`` (infinite if a weight is 0)."""
    if np.any(w <= 0):
        return float("inf")
    dev_b = np.abs(w[best] / w - a_b)
    dev_w = np.abs(w / w[worst] - a_w)
    return float(max(dev_b.max(), dev_w.max()))


def _min_xi(a_b: FloatArray, a_w: FloatArray, best: int, worst: int) -> float:
    """Smallest feasible xi by bisection.

    Equal weights make ``max(a) - 1`` feasible; the linear model's solution usually gives a much
    tighter upper bound, which saves bisection steps.
    """
    if _feasible(a_b, a_w, best, worst, 0.0):
        return 0.0
    w_lin = _linear_solution(a_b, a_w, best, worst)[0]
    lo = 0.0
    hi = min(float(max(a_b.max(), a_w.max()) - 1.0), _xi_of(w_lin, a_b, a_w, best, worst))
    while hi - lo > XI_TOL:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if _feasible(a_b, a_w, best, worst, mid) else (mid, hi)
    return hi


def _optimal_vertices(
    a_b: FloatArray, a_w: FloatArray, best: int, worst: int, xi: float
) -> FloatArray:
    """Minimise and maximise every weight over the optimal set (rows: max w_0, min w_0, ...).

    At exactly xi* the optimal set can be a single point that the LP solver's feasibility
    tolerance (about 1e-7) cannot certify, so the set is taken at xi* + slack, with the slack
    grown from 1e-9 until the solver agrees; the intervals are then wider by O(slack).
    """
    n = a_b.size
    for slack in _SLACKS:
        g = _ratio_constraints(a_b, a_w, best, worst, xi + slack)
        vertices = []
        for j in range(n):
            for sign in (-1.0, 1.0):
                c = np.zeros(n)
                c[j] = sign
                res = _lp(c, g, n)
                if res.status != 0:
                    break
                vertices.append(res.x)
            else:
                continue
            break
        else:
            return np.array(vertices)
    raise InputError(  # pragma: no cover - the feasible set at xi* + 1e-5 is never empty
        f"BWM: the LP solver could not describe the optimal set at xi* = {xi:.6g}"
    )


def _linear_solution(
    a_b: FloatArray, a_w: FloatArray, best: int, worst: int
) -> tuple[FloatArray, float]:
    """Solve Rezaei's (2016) linear model; returns (weights, xi^L)."""
    n = a_b.size
    rows = []
    for j in range(n):
        for sign in (1.0, -1.0):  # sign * (w_B - a_Bj w_j) - xi <= 0, likewise for W
            r = np.zeros(n + 1)
            r[best] += sign
            r[j] -= sign * a_b[j]
            r[n] = -1.0
            rows.append(r)
            r = np.zeros(n + 1)
            r[j] += sign
            r[worst] -= sign * a_w[j]
            r[n] = -1.0
            rows.append(r)
    c = np.zeros(n + 1)
    c[n] = 1.0
    res = _lp(c, np.array(rows), n)
    if res.status != 0:  # pragma: no cover - the LP is always feasible (equal weights)
        raise InputError(f"BWM linear programme failed: {res.message}")
    w = np.clip(res.x[:n], 0.0, None)
    return w / w.sum(), float(res.x[n])


def bwm_nonlinear(
    best_to_others: ArrayLike, others_to_worst: ArrayLike, *, best: int, worst: int
) -> BWMResult:
    """Rezaei's (2015) non-linear min-max BWM model, solved exactly.

    See the module docstring for the model, the bisection and the interval weights.

    Parameters
    ----------
    best_to_others : array_like, shape (n,)
        :math:`a_{Bj} \\ge 1`, with ``best_to_others[best] == 1``.
    others_to_worst : array_like, shape (n,)
        :math:`a_{jW} \\ge 1`, with ``others_to_worst[worst] == 1`` and
        ``others_to_worst[best] == best_to_others[worst]``.
    best, worst : int
        Indices of the best and the worst criterion.

    Returns
    -------
    BWMResult
        ``xi`` is :math:`\\xi^*`; ``lower``/``upper`` bound the optimal weights; ``weights`` is
        the centre of the optimal set.  Caveat: different solvers report different points of
        that set, so compare them with the intervals, not with ``weights``.

    References
    ----------
    Rezaei (2015), *Omega* 53, 49-57; Rezaei (2016), *Omega* 64, 126-130, Sec. 3 (intervals
    for the car example, Table 3: :math:`\\xi^* = 0.1459`).
    """
    a_b, a_w = _validate(best_to_others, others_to_worst, best, worst)
    xi = _min_xi(a_b, a_w, best, worst)
    pts = _optimal_vertices(a_b, a_w, best, worst, xi)
    weights = pts.mean(axis=0)
    ci = consistency_index(a_b[worst])
    cr = 0.0 if ci == 0 else xi / ci
    lower, upper = pts[1::2].diagonal().copy(), pts[0::2].diagonal().copy()
    return BWMResult(
        weights, xi, "nonlinear", ci, cr, lower, upper, int(best), int(worst), NONLINEAR_CR
    )


def bwm_linear(
    best_to_others: ArrayLike, others_to_worst: ArrayLike, *, best: int, worst: int
) -> BWMResult:
    """Rezaei's (2016) linear BWM model (unique weights).

    .. math::

        \\min \\xi^L \\;\\text{s.t.}\\; -\\xi^L \\le w_B - a_{Bj} w_j \\le \\xi^L,\\;
        -\\xi^L \\le w_j - a_{jW} w_W \\le \\xi^L,\\; \\sum_j w_j = 1,\\; w \\ge 0.

    Parameters
    ----------
    best_to_others, others_to_worst, best, worst
        As in :func:`bwm_nonlinear`.

    Returns
    -------
    BWMResult
        ``xi`` is :math:`\\xi^L`; ``consistency_ratio`` is :math:`\\xi^L / CI(a_{BW})` as the
        R package BWM reports it (see the module docstring: not comparable with the
        non-linear CR); ``lower == upper == weights``.

    References
    ----------
    Rezaei (2016), *Omega* 64, 126-130, model (19) and Sec. 4 (car example, Table 3:
    w = (0.2295, 0.4481, 0.1148, 0.1530, 0.0546), :math:`\\xi^L = 0.0109`); R package BWM
    ``calculateWeights`` (CR = 0.002444958 for the same vectors).
    """
    a_b, a_w = _validate(best_to_others, others_to_worst, best, worst)
    w, xi = _linear_solution(a_b, a_w, best, worst)
    ci = consistency_index(a_b[worst])
    cr = 0.0 if ci == 0 else xi / ci
    return BWMResult(w, xi, "linear", ci, cr, w.copy(), w.copy(), int(best), int(worst), LINEAR_CR)


def bwm(
    best_to_others: ArrayLike,
    others_to_worst: ArrayLike,
    *,
    best: int,
    worst: int,
    model: BWMModel = "nonlinear",
) -> BWMResult:
    """Best-Worst Method weights with the model chosen by name.

    Parameters
    ----------
    best_to_others, others_to_worst, best, worst
        See :func:`bwm_nonlinear`.
    model : {"nonlinear", "linear"}
        Rezaei (2015) min-max model with interval weights and consistency ratio, or Rezaei (2016)
        linear model with unique weights.

    Returns
    -------
    BWMResult
    """
    if model not in BWM_MODELS:
        raise InputError(f"model = {model!r} is not one of {', '.join(map(repr, BWM_MODELS))}")
    solve = bwm_nonlinear if model == "nonlinear" else bwm_linear
    return solve(best_to_others, others_to_worst, best=best, worst=worst)
