"""Find the judgments that make a pairwise comparison matrix inconsistent, and repair them.

With priorities ``w`` derived from ``A``, the consistent value of judgment ``(i, j)`` is
:math:`w_i / w_j` and its inconsistency factor is

.. math:: \\varepsilon_{ij} = a_{ij} \\frac{w_j}{w_i},

which is 1 for a consistent judgment.  Saaty (2003) ranks judgments by
:math:`\\max(\\varepsilon_{ij}, 1/\\varepsilon_{ij})` and proposes to revise the largest first
toward :math:`w_i/w_j`; AHP-OS (Goepel 2018) shows the top three with a suggested scale value and
ahpsurvey (Cho 2019, ``ahp.md``) replaces them automatically.  Harker (1987) reaches the same
ranking from the derivatives of the Perron root.

:func:`worst_judgments` follows that rule; its suggestion is the value of Saaty's scale
(1/9 ... 1 ... 9) nearest to :math:`w_i/w_j` in log terms.  :func:`repair` goes further: at every
step it tries *every* judgment and *every* scale value, keeps the single change that lowers CR the
most, and stops as soon as CR is at or below the limit (greedy, so few judgments change, though
the minimum is not guaranteed; an exact minimum is a combinatorial problem, see Bozóki, Fülöp &
Poesz 2011).  A change is accepted only if it strictly lowers CR, so repair never raises CR.

References
----------
Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector necessary.
*European Journal of Operational Research* 145(1), 85-91.
Harker, P. T. (1987). Derivatives of the Perron root of a positive reciprocal matrix: with
application to the analytic hierarchy process. *Applied Mathematics and Computation* 22, 217-232.
Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
Process (AHP-OS). *Int. J. of the Analytic Hierarchy Process* 10(3), 469-487.
Cho, F. H. T. (2019). ahpsurvey: Analytic Hierarchy Process for Survey Data. R package 0.4.
Bozóki, S., Fülöp, J. & Poesz, A. (2011). On pairwise comparison matrices that can be made
consistent by the modification of a few elements. *CEJOR* 19, 157-175.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.weighting.ahp import (
    AHPResult,
    _batch,
    _check_method,
    _frozen,
    _priorities,
    check_matrix,
    check_stack,
)
from qualindex.weighting.ri import check_ri_table, default_cr_limit

__all__ = [
    "SAATY_VALUES",
    "JudgmentFix",
    "RepairBatchResult",
    "RepairChange",
    "RepairResult",
    "judgment_errors",
    "nearest_saaty",
    "repair",
    "repair_batch",
    "worst_judgments",
]

#: Saaty's fundamental scale with reciprocals: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
SAATY_VALUES: tuple[float, ...] = tuple([1.0 / v for v in range(9, 1, -1)] + list(range(1, 10)))
_SCALE = np.array(SAATY_VALUES, dtype=np.float64)
_LOG_SCALE = np.log(_SCALE)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class JudgmentFix:
    """One inconsistent judgment ``a[i, j]`` (``i < j``) and the suggested revision.

    ``error`` is :math:`\\varepsilon_{ij} = a_{ij} w_j / w_i`; ``consistent`` is
    :math:`w_i/w_j`; ``suggested`` is the Saaty-scale value nearest to it in log terms; ``cr_after``
    is the CR after changing only this judgment (and its reciprocal) to ``suggested``.
    """

    i: int
    j: int
    current: float
    suggested: float
    consistent: float
    error: float
    cr_after: float


@dataclass(frozen=True, slots=True)
class RepairChange:
    """One accepted change of :func:`repair`: ``a[i, j]`` from ``old`` to ``new`` (``i < j``)."""

    i: int
    j: int
    old: float
    new: float
    cr_before: float
    cr_after: float


@dataclass(frozen=True, slots=True)
class RepairResult:
    """Outcome of :func:`repair`.

    ``matrix`` is the repaired matrix (read-only), ``changes`` every accepted change in order,
    ``cr_before``/``cr`` the CR before and after, ``reached`` whether ``cr <= cr_limit``, and
    ``result`` the :class:`~qualindex.weighting.ahp.AHPResult` of the repaired matrix.
    """

    matrix: FloatArray
    changes: tuple[RepairChange, ...]
    cr_before: float
    cr: float
    cr_limit: float
    reached: bool
    result: AHPResult

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", _frozen(self.matrix))


@dataclass(frozen=True, slots=True)
class RepairBatchResult:
    """:func:`repair` applied to every matrix of a stack (e.g. every expert of a group).

    ``matrices (k, n, n)``, ``cr_before``, ``cr``, ``reached`` and ``n_changes`` ``(k,)`` are
    read-only arrays; ``results[e]`` holds the full :class:`RepairResult` of matrix ``e``.
    """

    results: tuple[RepairResult, ...]
    matrices: FloatArray
    cr_before: FloatArray
    cr: FloatArray
    reached: NDArray[np.bool_]
    n_changes: NDArray[np.int64]

    def __post_init__(self) -> None:
        for name in ("matrices", "cr_before", "cr", "reached", "n_changes"):
            arr = np.array(getattr(self, name))
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)


def nearest_saaty(x: float) -> float:
    """The value of Saaty's scale (1/9 ... 9) nearest to ``x > 0`` in log terms.

    .. math:: s^* = \\arg\\min_{s \\in \\{1/9, \\dots, 1, \\dots, 9\\}} |\\ln s - \\ln x|
    """
    if not np.isfinite(x) or x <= 0:
        raise InputError(f"x = {x!r} must be a finite ratio > 0")
    return float(_SCALE[np.argmin(np.abs(_LOG_SCALE - np.log(x)))])


def _options(method: str, ri_table: str) -> None:
    _check_method(method)
    check_ri_table(ri_table)


def _errors(a: FloatArray, method: str) -> tuple[FloatArray, FloatArray]:
    w = _priorities(a[np.newaxis], method)[0][0]
    return a * w[np.newaxis, :] / w[:, np.newaxis], w


def judgment_errors(matrix: ArrayLike, *, method: str = "eigenvector") -> FloatArray:
    """Inconsistency factors :math:`\\varepsilon_{ij} = a_{ij} w_j / w_i` (an ``(n, n)`` array).

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    method : str
        Priority method giving ``w`` (Saaty's eigenvector by default).

    Returns
    -------
    ndarray, shape (n, n)
        Read-only; :math:`\\varepsilon_{ji} = 1/\\varepsilon_{ij}` and every factor is 1 for a
        consistent matrix.

    References
    ----------
    Saaty (2003), EJOR 145, p. 89 (the matrix of :math:`a_{ij} w_j / w_i`).
    """
    _check_method(method)
    eps, _ = _errors(check_matrix(matrix), method)
    eps.setflags(write=False)
    return eps


def _with_changes(
    a: FloatArray, i: NDArray[np.intp], j: NDArray[np.intp], v: FloatArray
) -> FloatArray:
    """Stack of copies of ``a``, copy ``c`` with ``a[i[c], j[c]] = v[c]`` and its reciprocal."""
    out = np.repeat(a[np.newaxis], len(v), axis=0)
    rows = np.arange(len(v))
    out[rows, i, j] = v
    out[rows, j, i] = 1.0 / v
    return out


def _crs(stack: FloatArray, method: str, ri_table: str) -> FloatArray:
    return _batch(stack, method, ri_table).cr


def worst_judgments(
    matrix: ArrayLike,
    *,
    k: int = 3,
    method: str = "eigenvector",
    ri_table: str = "saaty-1980",
) -> tuple[JudgmentFix, ...]:
    """The ``k`` most inconsistent judgments, each with a suggested Saaty value.

    Judgments ``(i, j)``, ``i < j``, are ranked by :math:`|\\ln \\varepsilon_{ij}|` (Saaty 2003;
    the top three are what AHP-OS highlights).  Ties keep row-major order.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    k : int
        How many judgments to return (at most ``n (n - 1) / 2``).
    method, ri_table : str
        Priority method for ``w`` and the RI table for ``cr_after``.

    Returns
    -------
    tuple of JudgmentFix
        Worst first.
    """
    _options(method, ri_table)
    if isinstance(k, bool) or int(k) != k or k < 1:
        raise InputError(f"k = {k!r} must be an integer >= 1 (how many judgments to report)")
    a = check_matrix(matrix)
    eps, w = _errors(a, method)
    iu, ju = np.triu_indices(a.shape[0], 1)
    # rounded so that ties (e.g. the errors e and 1/e of a 3-cycle) keep row-major order
    # whatever the last bits of w; 1e-9 is far below any difference that matters
    severity = np.round(np.abs(np.log(eps[iu, ju])), 9)
    order = np.argsort(-severity, kind="stable")[: int(k)]
    iu, ju = iu[order], ju[order]
    consistent = w[iu] / w[ju]
    suggested = np.array([nearest_saaty(x) for x in consistent])
    cr_after = _crs(_with_changes(a, iu, ju, suggested), method, ri_table)
    return tuple(
        JudgmentFix(int(i), int(j), float(a[i, j]), float(s), float(c), float(eps[i, j]), float(r))
        for i, j, s, c, r in zip(iu, ju, suggested, consistent, cr_after, strict=True)
    )


def _best_change(a: FloatArray, method: str, ri_table: str) -> tuple[int, int, float, float]:
    """Over every judgment and every Saaty value: the single change with the lowest CR."""
    n = a.shape[0]
    iu, ju = np.triu_indices(n, 1)
    pi = np.repeat(iu, len(_SCALE))
    pj = np.repeat(ju, len(_SCALE))
    values = np.tile(_SCALE, len(iu))
    crs = _crs(_with_changes(a, pi, pj, values), method, ri_table)
    best = int(np.argmin(crs))
    return int(pi[best]), int(pj[best]), float(values[best]), float(crs[best])


def _check_limit(cr_limit: float | None, n: int) -> float:
    if cr_limit is None:
        return default_cr_limit(n)
    limit = float(cr_limit)
    if not np.isfinite(limit) or limit < 0:
        raise InputError(f"cr_limit = {cr_limit!r} must be a finite number >= 0 (e.g. 0.1)")
    return limit


def _check_max_changes(max_changes: int | None) -> int | None:
    if max_changes is None:
        return None
    if isinstance(max_changes, bool) or int(max_changes) != max_changes or max_changes < 0:
        raise InputError(f"max_changes = {max_changes!r} must be an integer >= 0 or None")
    return int(max_changes)


def _repair_valid(
    a: FloatArray, limit: float, method: str, ri_table: str, max_changes: int | None
) -> RepairResult:
    a = a.copy()
    cr = cr_before = float(_crs(a[np.newaxis], method, ri_table)[0])
    changes: list[RepairChange] = []
    while cr > limit and (max_changes is None or len(changes) < max_changes):
        i, j, new, cr_new = _best_change(a, method, ri_table)
        if not cr_new < cr:  # no single change lowers CR any more
            break
        changes.append(RepairChange(i, j, float(a[i, j]), new, cr, cr_new))
        a[i, j], a[j, i] = new, 1.0 / new
        cr = cr_new
    final = _batch(a[np.newaxis], method, ri_table)[0]
    return RepairResult(a, tuple(changes), cr_before, final.cr, limit, final.cr <= limit, final)


def repair(
    matrix: ArrayLike,
    *,
    cr_limit: float | None = None,
    ri_table: str = "saaty-1980",
    method: str = "eigenvector",
    max_changes: int | None = None,
) -> RepairResult:
    """Change as few judgments as possible (greedily) until CR is at or below ``cr_limit``.

    At each step every judgment ``(i, j)``, ``i < j``, is tried at every value of Saaty's scale
    (17 values, reciprocal mirrored); the change giving the lowest CR is kept if it lowers CR.
    The search stops when :math:`CR \\le` ``cr_limit``, when no single change lowers CR, or after
    ``max_changes`` changes.

    .. math:: (i, j, s)^* = \\arg\\min_{i<j,\\ s \\in S} CR(A \\mid a_{ij} \\leftarrow s)

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    cr_limit : float, optional
        Target CR; default :func:`~qualindex.weighting.ri.default_cr_limit` (0.05 / 0.08 / 0.10).
    ri_table, method : str
        RI table and priority method used for every CR.
    max_changes : int, optional
        Upper bound on the number of accepted changes.

    Returns
    -------
    RepairResult
        Repaired matrix, every change with CR before and after, final CR, ``reached``.

    References
    ----------
    Saaty (2003), EJOR 145, pp. 88-90; Goepel (2018), AHP-OS; Cho (2019), ahpsurvey ``ahp.md``.
    """
    _options(method, ri_table)
    a = check_matrix(matrix)
    limit = _check_limit(cr_limit, a.shape[0])
    return _repair_valid(a, limit, method, ri_table, _check_max_changes(max_changes))


def repair_batch(
    stack: ArrayLike,
    *,
    cr_limit: float | None = None,
    ri_table: str = "saaty-1980",
    method: str = "eigenvector",
    max_changes: int | None = None,
) -> RepairBatchResult:
    """:func:`repair` for every matrix of a ``(k, n, n)`` stack, e.g. every expert of a group.

    Matrices already at or below the limit are returned unchanged.  A Python loop over the
    matrices; each repair step is itself vectorised over all candidate changes.

    Parameters
    ----------
    stack : array_like, shape (k, n, n)
        Complete pairwise comparison matrices.
    cr_limit, ri_table, method, max_changes
        As in :func:`repair`, applied to every matrix.

    Returns
    -------
    RepairBatchResult
    """
    _options(method, ri_table)
    a = check_stack(stack)
    limit = _check_limit(cr_limit, a.shape[-1])
    cap = _check_max_changes(max_changes)
    results = tuple(_repair_valid(m, limit, method, ri_table, cap) for m in a)
    return RepairBatchResult(
        results=results,
        matrices=np.stack([r.matrix for r in results]),
        cr_before=np.array([r.cr_before for r in results]),
        cr=np.array([r.cr for r in results]),
        reached=np.array([r.reached for r in results], dtype=bool),
        n_changes=np.array([len(r.changes) for r in results], dtype=np.int64),
    )
