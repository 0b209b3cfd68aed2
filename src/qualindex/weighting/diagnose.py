"""Find the judgments that make a pairwise comparison matrix inconsistent, and repair them.

With priorities ``w`` derived from ``A``, the consistent value of judgment ``(i, j)`` is
:math:`w_i / w_j` and its inconsistency factor is

.. math:: \\varepsilon_{ij} = a_{ij} \\frac{w_j}{w_i},

which is 1 for a consistent judgment.  Saaty (2003) ranks judgments by
:math:`\\max(\\varepsilon_{ij}, 1/\\varepsilon_{ij})` (:func:`worst_judgments`); Ergu, Kou, Peng &
Shi (2011) reach the same ranking from the induced bias matrix :math:`C = AA - nA`, whose
largest entries point at the same judgments; Harker (1987) from the derivatives of the Perron
root.

Repair that respects the expert
-------------------------------
:func:`repair` and :func:`hints` are **one** algorithm: the hints are the repair's changes, in the
order the repair applies them, so the first hint is always the repair's first step.

*Direction.*  The side of 1 of a judgment is the expert's stated direction (``a > 1``: the first
element is more important; ``a < 1``: less; ``a = 1``: no preference).  By default a repair keeps
every judgment on its side: ``a > 1`` may move within {2, ..., 9}, ``a < 1`` within
{1/9, ..., 1/2}, and a judgment of exactly 1 ("no preference") stays 1.  Moving to 1 counts as
crossing, because it withdraws the stated preference.  ``allow_reversal=True`` lifts the rule
(every value of the 17-point scale is allowed), e.g. for a judgment entered the wrong way round.

*Minimal.*  Among all matrices obtained by replacing some judgments by allowed Saaty values whose
CR is at or below the limit, the repair returns one that changes the **fewest judgments**, then,
among those, has the **least total log change** :math:`\\sum |\\ln a'_{ij} - \\ln a_{ij}|`, then
the lowest CR (the minimal-number-of-changes problem of Bozóki, Fülöp & Poesz 2015,
restricted here to values of Saaty's scale and solved by exhaustive search).  The search is
exact: it tries 1, 2, ... changed judgments, all value combinations at each size ordered by total
log change, and stops at the first size with a feasible matrix.  It enumerates at most
``exact_budget`` candidates (default 600 000, enough for every ``n <= 4`` matrix when
directions are kept, since each judgment then has at most 8 alternatives and
:math:`\\sum_k \\binom{6}{k} 8^k = 9^6 - 1`; with ``allow_reversal`` every ``n = 3`` matrix and,
for ``n = 4``, up to 3 changes).  When the next size would exceed the budget it continues
greedily (one change at a time: the smallest change reaching the limit if one does, else the
change giving the lowest CR) and the result says ``exact=False``.  Cost: about 5 microseconds
per candidate at ``n = 5``, so the default budget bounds one repair to a few seconds.

*Order of the changes.*  The changes of the minimal set are applied one at a time, each time the
one that gives the lowest CR next (Saaty's "revise the most inconsistent judgment first" made
concrete); intermediate CRs need not fall monotonically, the final CR is at or below the limit.

Ordinal inconsistency
---------------------
If the directions alone are intransitive -- ``A > B``, ``B > C`` and ``C > A``, or with a tie
``A = B``, ``B > C``, ``C > A`` -- no positive numbers on the same sides of 1 can be consistent
(Kwiesielewicz & van Uden 2004): the matrix is *ordinally* (logically) inconsistent and only
reversing a judgment can fix it.  :func:`ordinal_cycles` lists the shortest such cycles;
:meth:`RepairResult.describe` names them ("ordinal inconsistency: cycle a > b > c > a, cannot be
fixed without reversing a judgment") when the limit is out of reach.

CR comparisons use the full-precision CR (``cr <= cr_limit``), never a rounded one.

References
----------
Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector necessary.
*European Journal of Operational Research* 145(1), 85-91.
Ergu, D., Kou, G., Peng, Y. & Shi, Y. (2011). A simple method to improve the consistency ratio of
the pair-wise comparison matrix in ANP. *European Journal of Operational Research* 213(1),
246-259 (induced bias matrix).
Bozóki, S., Fülöp, J. & Poesz, A. (2015). On reducing inconsistency of pairwise comparison
matrices below an acceptance threshold. *CEJOR* 23(4), 849-866 (minimal number of changes).
Bozóki, S., Fülöp, J. & Poesz, A. (2011). On pairwise comparison matrices that can be made
consistent by the modification of a few elements. *CEJOR* 19, 157-175.
Kwiesielewicz, M. & van Uden, E. (2004). Inconsistent and contradictory judgements in pairwise
comparison method in the AHP. *Computers & Operations Research* 31(5), 713-719.
Harker, P. T. (1987). Derivatives of the Perron root of a positive reciprocal matrix: with
application to the analytic hierarchy process. *Applied Mathematics and Computation* 22, 217-232.
Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
Process (AHP-OS). *Int. J. of the Analytic Hierarchy Process* 10(3), 469-487.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import freeze
from qualindex.errors import InputError
from qualindex.weighting.ahp import (
    AHPResult,
    check_matrix,
    check_method,
    check_stack,
    priority_stack,
    solve_batch,
)
from qualindex.weighting.ri import check_ri_table, default_cr_limit

__all__ = [
    "DEFAULT_EXACT_BUDGET",
    "SAATY_VALUES",
    "Cycle",
    "JudgmentFix",
    "RepairBatchResult",
    "RepairChange",
    "RepairResult",
    "RepairStatus",
    "allowed_values",
    "format_judgment",
    "hints",
    "induced_bias",
    "judgment_errors",
    "nearest_saaty",
    "ordinal_cycles",
    "repair",
    "repair_batch",
    "worst_judgments",
]

#: Saaty's fundamental scale with reciprocals: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
SAATY_VALUES: tuple[float, ...] = tuple([1.0 / v for v in range(9, 1, -1)] + list(range(1, 10)))
_SCALE = np.array(SAATY_VALUES, dtype=np.float64)
_LOG_SCALE = np.log(_SCALE)
#: Candidates enumerated by the exact search before it turns greedy (covers every n <= 4).
DEFAULT_EXACT_BUDGET = 600_000
_CHUNK = 20_000
_TIE = 1e-9  # |ln a| below this is a judgment of 1 ("no preference")

FloatArray = NDArray[np.float64]
RepairStatus = Literal["consistent", "repaired", "ordinal", "unreachable"]


@dataclass(frozen=True, slots=True)
class JudgmentFix:
    """One judgment ``a[i, j]`` (``i < j``) and a suggested revision.

    ``error`` is :math:`\\varepsilon_{ij} = a_{ij} w_j / w_i` and ``consistent`` is
    :math:`w_i/w_j`, both in the matrix the fix starts from; ``suggested`` is the new value and
    ``cr_after`` the CR once it (and, for :func:`hints`, every earlier hint) is applied.
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
    """One change of :func:`repair`: ``a[i, j]`` from ``old`` to ``new`` (``i < j``).

    ``cr_before``/``cr_after`` are the CR before and after this step; ``error`` and
    ``consistent`` are :math:`\\varepsilon_{ij}` and :math:`w_i/w_j` before it; ``reversal`` is
    True when the change moves the judgment across (or onto / off) 1.
    """

    i: int
    j: int
    old: float
    new: float
    cr_before: float
    cr_after: float
    error: float = float("nan")
    consistent: float = float("nan")
    reversal: bool = False

    @property
    def log_change(self) -> float:
        """:math:`|\\ln new - \\ln old|`."""
        return abs(float(np.log(self.new) - np.log(self.old)))


@dataclass(frozen=True, slots=True)
class Cycle:
    """An intransitive cycle of directions: ``items[0] rel[0] items[1] rel[1] ... items[0]``.

    ``relations[k]`` is ``">"`` (``a[items[k], items[k+1]] > 1``) or ``"="`` (a judgment of 1);
    at least one is ``">"``.  ``items`` does not repeat the closing element.
    """

    items: tuple[int, ...]
    relations: tuple[str, ...]

    def text(self, labels: Sequence[str] | None = None) -> str:
        """``"a > b > c > a"`` with ``labels`` (default: the indices)."""
        name = (lambda i: str(labels[i])) if labels is not None else str
        parts = [name(self.items[0])]
        for k, rel in enumerate(self.relations):
            parts += [rel, name(self.items[(k + 1) % len(self.items)])]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class RepairResult:
    """Outcome of :func:`repair`.

    Attributes
    ----------
    matrix : ndarray (n, n)
        The repaired matrix (read-only).
    changes : tuple of RepairChange
        Every change, in the order applied (the first is the first hint).
    cr_before, cr, cr_limit : float
        CR before and after, and the limit; ``reached`` is ``cr <= cr_limit`` (full precision).
    result : AHPResult
        Priorities and consistency of the repaired matrix.
    status : {"consistent", "repaired", "ordinal", "unreachable"}
        Already within the limit; repaired; out of reach because of an ordinal cycle (reversal
        not allowed); out of reach otherwise (``max_changes`` or no improving change).
    cycles, cycles_after : tuple of Cycle
        Ordinal (intransitive) cycles of the input and of the repaired matrix.
    exact : bool
        True when the search was exhaustive: the change set is minimal (fewest changes, then
        least total log change), or, if the limit was not reached, no allowed change set within
        ``max_changes`` reaches it (the changes shown are then the greedy improvement).  False
        when ``exact_budget`` ran out and the changes come from the greedy continuation.
    allow_reversal : bool
        Whether changes could cross 1.
    """

    matrix: FloatArray
    changes: tuple[RepairChange, ...]
    cr_before: float
    cr: float
    cr_limit: float
    reached: bool
    result: AHPResult
    status: RepairStatus = "repaired"
    cycles: tuple[Cycle, ...] = ()
    cycles_after: tuple[Cycle, ...] = ()
    exact: bool = True
    allow_reversal: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", freeze(self.matrix))

    @property
    def total_log_change(self) -> float:
        """:math:`\\sum |\\ln a'_{ij} - \\ln a_{ij}|` over the changed judgments."""
        changed = np.triu(self.matrix != self._start(), 1)
        return float(np.abs(np.log(self.matrix) - np.log(self._start()))[changed].sum())

    def _start(self) -> FloatArray:
        a = np.array(self.matrix)
        for ch in reversed(self.changes):
            a[ch.i, ch.j], a[ch.j, ch.i] = ch.old, 1.0 / ch.old
        return a

    def describe(self, labels: Sequence[str] | None = None) -> str:
        """One sentence on the outcome, naming cycles with ``labels`` (default: indices)."""
        # fixed decimals: a consistent matrix's CR of 4e-16 (rounding) reads as 0.0000
        head = f"CR {self.cr_before:.4f} -> {self.cr:.4f} (limit {self.cr_limit:g})"
        if self.status == "consistent":
            text = f"CR {self.cr:.4f} <= {self.cr_limit:g}: nothing to repair"
        elif self.status == "repaired":
            text = f"{head} by changing {len(self.changes)} judgment(s)"
        elif self.status == "ordinal":
            cycles = "; ".join(c.text(labels) for c in self.cycles)
            text = (
                f"ordinal inconsistency: cycle {cycles}, cannot be fixed without reversing a "
                "judgment (allow_reversal=True)"
            )
        else:
            text = f"{head}: the limit was not reached"
        if self.status != "ordinal" and self.cycles_after:
            text += "; ordinal cycle left: " + "; ".join(c.text(labels) for c in self.cycles_after)
        return text


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


# --------------------------------------------------------------------------- scale helpers


def nearest_saaty(x: float) -> float:
    """The value of Saaty's scale (1/9 ... 9) nearest to ``x > 0`` in log terms.

    .. math:: s^* = \\arg\\min_{s \\in \\{1/9, \\dots, 1, \\dots, 9\\}} |\\ln s - \\ln x|
    """
    if not np.isfinite(x) or x <= 0:
        raise InputError(f"x = {x!r} must be a finite ratio > 0")
    return float(_SCALE[np.argmin(np.abs(_LOG_SCALE - np.log(x)))])


def _side(x: float) -> int:
    lx = float(np.log(x))
    return 0 if abs(lx) < _TIE else (1 if lx > 0 else -1)


def allowed_values(current: float, *, allow_reversal: bool = False) -> tuple[float, ...]:
    """Saaty values a repair may give a judgment now equal to ``current``.

    Same side of 1 as ``current`` (``> 1``: 2..9; ``< 1``: 1/9..1/2; ``1``: only 1), or the
    whole 17-value scale with ``allow_reversal``.
    """
    if not np.isfinite(current) or current <= 0:
        raise InputError(f"judgment {current!r} must be a finite ratio > 0")
    if allow_reversal:
        return SAATY_VALUES
    side = _side(current)
    return tuple(v for v in SAATY_VALUES if _side(v) == side)


def format_judgment(value: float) -> str:
    """A judgment in the notation of judgment files: ``3``, ``"1/3"``, ``1``; else ``%.4g``.

    Whole numbers print as integers and reciprocals of whole numbers as ``1/k``, so 1/3 is
    ``"1/3"``, not ``0.333``.
    """
    v = float(value)
    if not np.isfinite(v) or v <= 0:
        raise InputError(f"judgment {value!r} must be a finite ratio > 0")
    for x, fmt in ((v, "{}"), (1.0 / v, "1/{}")):
        r = round(x)
        if r >= 1 and abs(x - r) <= 1e-9 * x:
            return fmt.format(r) if (r > 1 or fmt == "{}") else "1"
    return f"{v:.4g}"


def _options(method: str, ri_table: str) -> None:
    check_method(method)
    check_ri_table(ri_table)


def _errors(a: FloatArray, method: str) -> tuple[FloatArray, FloatArray]:
    w = priority_stack(a[np.newaxis], method)[0][0]
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
    check_method(method)
    eps, _ = _errors(check_matrix(matrix), method)
    eps.setflags(write=False)
    return eps


def induced_bias(matrix: ArrayLike) -> FloatArray:
    """Ergu et al.'s (2011) induced bias matrix :math:`C = A A - n A` (zero iff consistent).

    .. math:: c_{ij} = \\sum_k a_{ik} a_{kj} - n\\, a_{ij}

    References
    ----------
    Ergu, Kou, Peng & Shi (2011), EJOR 213, 246-259, Theorem 1 and eq. (5).
    """
    a = check_matrix(matrix)
    c = a @ a - a.shape[0] * a
    c.setflags(write=False)
    return c


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
    return solve_batch(stack, method, ri_table).cr


def _nearest_allowed(x: float, current: float, allow_reversal: bool) -> float:
    values = np.array(allowed_values(current, allow_reversal=allow_reversal))
    return float(values[np.argmin(np.abs(np.log(values) - np.log(x)))])


def worst_judgments(
    matrix: ArrayLike,
    *,
    k: int = 3,
    method: str = "eigenvector",
    ri_table: str = "saaty-1980",
    allow_reversal: bool = False,
) -> tuple[JudgmentFix, ...]:
    """Saaty's ranking: the ``k`` most inconsistent judgments, each with a one-change suggestion.

    Judgments ``(i, j)``, ``i < j``, are ranked by :math:`|\\ln \\varepsilon_{ij}|` (Saaty 2003;
    the top three are what AHP-OS highlights).  Ties keep row-major order.  ``suggested`` is the
    allowed Saaty value (same side of 1 unless ``allow_reversal``, see :func:`allowed_values`)
    nearest to :math:`w_i/w_j` in log terms.  This is a diagnostic ranking; the advice to act on
    is :func:`hints` (the repair's own steps).

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    k : int
        How many judgments to return (at most ``n (n - 1) / 2``).
    method, ri_table : str
        Priority method for ``w`` and the RI table for ``cr_after``.
    allow_reversal : bool
        Let the suggestion cross 1.

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
    suggested = np.array(
        [
            _nearest_allowed(c, a[i, j], allow_reversal)
            for i, j, c in zip(iu, ju, consistent, strict=True)
        ]
    )
    cr_after = _crs(_with_changes(a, iu, ju, suggested), method, ri_table)
    return tuple(
        JudgmentFix(int(i), int(j), float(a[i, j]), float(s), float(c), float(eps[i, j]), float(r))
        for i, j, s, c, r in zip(iu, ju, suggested, consistent, cr_after, strict=True)
    )


# --------------------------------------------------------------------------- ordinal cycles


def _shortest_path(adjacent: Sequence[list[int]], start: int, goal: int) -> list[int] | None:
    """Breadth-first search over ``adjacent[u]`` (the nodes ``u`` points to, ascending)."""
    prev = {start: start}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        if u == goal:
            path = [u]
            while path[-1] != start:
                path.append(prev[path[-1]])
            return path[::-1]
        for v in adjacent[u]:
            if v not in prev:
                prev[v] = u
                queue.append(v)
    return None


def _canonical(items: list[int]) -> tuple[int, ...]:
    k = items.index(min(items))
    return tuple(items[k:] + items[:k])


def ordinal_cycles(
    matrix: ArrayLike, *, max_cycles: int = 10, min_strict: int = 2
) -> tuple[Cycle, ...]:
    """Intransitive cycles of the judgments' directions (ordinal inconsistency).

    Direction ``i > j`` when :math:`a_{ij} > 1`, ``i = j`` when :math:`a_{ij} = 1` (to within
    :math:`|\\ln a_{ij}| < 10^{-9}`).  A cycle is a closed path of ``>`` and ``=`` relations with
    at least one ``>``: no weights can respect it, so the matrix is ordinally inconsistent
    (Kwiesielewicz & van Uden 2004).  For every strict judgment ``i > j`` the shortest path back
    from ``j`` to ``i`` is found by breadth-first search; distinct cycles (up to rotation) with
    at least ``min_strict`` strict relations are returned shortest first, at most
    ``max_cycles``.

    The default ``min_strict = 2`` reports ``a > b > c > a`` and ``a > b > c = a`` but not
    ``a > b = c = a``: a single smallest step closed by two "equal" judgments is a granularity
    effect of the 1-9 scale (2 is its smallest preference, and experts use 1 for "about equal";
    Saaty's (2008) published drinks matrix, CR 0.022, has three).  ``min_strict=1`` reports them.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    max_cycles : int
        Upper bound on the number of cycles returned.
    min_strict : int
        Fewest ``>`` relations a reported cycle has (>= 1).

    Returns
    -------
    tuple of Cycle
        Empty when the directions are transitive (ordinally consistent).

    References
    ----------
    Kwiesielewicz, M. & van Uden, E. (2004), *Computers & Operations Research* 31, 713-719.
    """
    a = check_matrix(matrix)
    if _check_count(min_strict, "min_strict", 1) is None:
        raise InputError("min_strict = None must be an integer >= 1")
    logs = np.log(a)
    strict = logs >= _TIE
    # a strict i > j closes a cycle only if j reaches i through ">" and "=": the transitive
    # closure (Warshall) finds the candidates in n vector steps, so a transitive matrix (the
    # usual case, checked for every expert matrix of a report) needs no search at all
    tie = np.abs(logs) < _TIE
    closure = strict | tie
    np.fill_diagonal(closure, False)
    for k in range(closure.shape[0]):
        closure |= closure[:, k : k + 1] & closure[k : k + 1, :]
    candidates = strict & closure.T
    found: dict[tuple[int, ...], Cycle] = {}
    # strict-only paths first, so a > b > c > a is found as such
    for weak in (False, True) if candidates.any() else ():
        reach = strict | (weak & tie)
        np.fill_diagonal(reach, False)
        adjacent = [np.flatnonzero(row).tolist() for row in reach]
        for i, j in zip(*np.nonzero(candidates), strict=True):
            path = _shortest_path(adjacent, int(j), int(i))
            if path is not None:
                _add_cycle(found, strict, [int(i), *path[:-1]], min_strict)
    cycles = sorted(found.values(), key=lambda c: (len(c.items), c.items))
    return tuple(cycles[: max(int(max_cycles), 0)])


def _add_cycle(
    found: dict[tuple[int, ...], Cycle], strict: NDArray[np.bool_], path: list[int], least: int
) -> None:
    items = _canonical(path)
    nxt = items[1:] + items[:1]
    rel = tuple(">" if strict[u, v] else "=" for u, v in zip(items, nxt, strict=True))
    if items not in found and rel.count(">") >= least:
        found[items] = Cycle(items, rel)


# --------------------------------------------------------------------------- repair search


def _check_limit(cr_limit: float | None, n: int) -> float:
    if cr_limit is None:
        return default_cr_limit(n)
    limit = float(cr_limit)
    if not np.isfinite(limit) or limit < 0:
        raise InputError(f"cr_limit = {cr_limit!r} must be a finite number >= 0 (e.g. 0.1)")
    return limit


def _check_count(value: int | None, name: str, minimum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise InputError(f"{name} = {value!r} must be an integer >= {minimum} or None")
    return int(value)


@dataclass(frozen=True, slots=True)
class _Search:
    a: FloatArray
    limit: float
    method: str
    ri_table: str
    allow_reversal: bool

    def candidates(self, i: int, j: int) -> FloatArray:
        values = np.array(allowed_values(self.a[i, j], allow_reversal=self.allow_reversal))
        return values[np.abs(np.log(values) - np.log(self.a[i, j])) > 1e-12]

    def apply(self, pos: NDArray[np.intp], vals: FloatArray) -> FloatArray:
        """Stack: copy ``c`` of ``a`` with judgments ``pos[c, :]`` set to ``vals[c, :]``."""
        iu, ju = np.triu_indices(self.a.shape[0], 1)
        out = np.repeat(self.a[np.newaxis], len(vals), axis=0)
        rows = np.arange(len(vals))[:, None]
        out[rows, iu[pos], ju[pos]] = vals
        out[rows, ju[pos], iu[pos]] = 1.0 / vals
        return out


def _level(s: _Search, size: int) -> tuple[NDArray[np.intp], FloatArray, FloatArray]:
    """Every way to change ``size`` judgments: positions, values, total log change (sorted)."""
    iu, ju = np.triu_indices(s.a.shape[0], 1)
    cands = [s.candidates(int(i), int(j)) for i, j in zip(iu, ju, strict=True)]
    pos_parts, val_parts = [], []
    for combo in itertools.combinations(range(len(iu)), size):
        grids = np.meshgrid(*[cands[c] for c in combo], indexing="ij")
        vals = np.stack([g.ravel() for g in grids], axis=1)
        pos_parts.append(np.broadcast_to(np.array(combo), vals.shape))
        val_parts.append(vals)
    if not val_parts or sum(v.shape[0] for v in val_parts) == 0:
        return np.zeros((0, size), np.intp), np.zeros((0, size)), np.zeros(0)
    pos, vals = np.concatenate(pos_parts), np.concatenate(val_parts)
    cost = np.abs(np.log(vals) - np.log(s.a[iu[pos], ju[pos]])).sum(axis=1)
    order = np.argsort(cost, kind="stable")
    return pos[order], vals[order], cost[order]


def _level_size(s: _Search, size: int) -> int:
    iu, ju = np.triu_indices(s.a.shape[0], 1)
    counts = [len(s.candidates(int(i), int(j))) for i, j in zip(iu, ju, strict=True)]
    return sum(int(np.prod([counts[c] for c in combo])) for combo in
               itertools.combinations(range(len(counts)), size))  # fmt: skip


def _best_of_level(s: _Search, size: int) -> tuple[NDArray[np.intp], FloatArray] | None:
    """The feasible change set of this size with least log change (then lowest CR), or None."""
    pos, vals, cost = _level(s, size)
    for start in range(0, len(cost), _CHUNK):
        stop = min(start + _CHUNK, len(cost))
        crs = _crs(s.apply(pos[start:stop], vals[start:stop]), s.method, s.ri_table)
        ok = np.flatnonzero(crs <= s.limit)
        if ok.size:
            first = cost[start + ok[0]]
            ties = np.flatnonzero(np.abs(cost - first) <= 1e-12 * max(first, 1.0))
            crs_t = _crs(s.apply(pos[ties], vals[ties]), s.method, s.ri_table)
            ties = ties[crs_t <= s.limit]
            best = ties[np.argmin(crs_t[crs_t <= s.limit])]
            return pos[best], vals[best]
    return None


def _exact(s: _Search, cap: int, budget: int) -> tuple[list[tuple[int, int, float]] | None, bool]:
    """Minimal change set (or None) and whether the search was exhaustive up to ``cap``."""
    iu, ju = np.triu_indices(s.a.shape[0], 1)
    spent = 0
    for size in range(1, min(cap, len(iu)) + 1):
        spent += _level_size(s, size)
        if spent > budget:
            return None, False
        found = _best_of_level(s, size)
        if found is not None:
            pos, vals = found
            return [
                (int(iu[p]), int(ju[p]), float(v)) for p, v in zip(pos, vals, strict=True)
            ], True
    return None, True


def _ordered(s: _Search, chosen: list[tuple[int, int, float]]) -> list[RepairChange]:
    """Apply ``chosen`` one at a time, each time the change giving the lowest CR next."""
    a, left = s.a.copy(), list(chosen)
    out: list[RepairChange] = []
    cr = float(_crs(a[np.newaxis], s.method, s.ri_table)[0])
    while left:
        ii = np.array([c[0] for c in left])
        jj = np.array([c[1] for c in left])
        crs = _crs(_with_changes(a, ii, jj, np.array([c[2] for c in left])), s.method, s.ri_table)
        k = int(np.argmin(crs))
        i, j, v = left.pop(k)
        eps, w = _errors(a, s.method)
        out.append(_change(a, i, j, v, cr, float(crs[k]), eps, w))
        a[i, j], a[j, i] = v, 1.0 / v
        cr = float(crs[k])
    return out


def _change(
    a: FloatArray, i: int, j: int, v: float, cr0: float, cr1: float, eps: FloatArray, w: FloatArray
) -> RepairChange:
    rev = _side(a[i, j]) != _side(v)
    return RepairChange(
        i, j, float(a[i, j]), float(v), cr0, cr1, float(eps[i, j]), float(w[i] / w[j]), rev
    )


def _greedy(s: _Search, cap: int | None) -> list[RepairChange]:
    """One change at a time: the least log change that reaches the limit, else the lowest CR."""
    a = s.a.copy()
    out: list[RepairChange] = []
    cr = float(_crs(a[np.newaxis], s.method, s.ri_table)[0])
    iu, ju = np.triu_indices(a.shape[0], 1)
    while cr > s.limit and (cap is None or len(out) < cap):
        step = _Search(a, s.limit, s.method, s.ri_table, s.allow_reversal)
        pos, vals, _cost = _level(step, 1)
        crs = _crs(step.apply(pos, vals), s.method, s.ri_table)
        ok = np.flatnonzero(crs <= s.limit)
        k = int(ok[0]) if ok.size else int(np.argmin(crs))
        if not crs[k] < cr:
            break
        i, j, v = int(iu[pos[k, 0]]), int(ju[pos[k, 0]]), float(vals[k, 0])
        eps, w = _errors(a, s.method)
        out.append(_change(a, i, j, v, cr, float(crs[k]), eps, w))
        a[i, j], a[j, i] = v, 1.0 / v
        cr = float(crs[k])
    return out


def _repair_valid(
    a: FloatArray, limit: float, method: str, ri_table: str, opts: tuple[int | None, bool, int]
) -> RepairResult:
    cap, allow_reversal, budget = opts
    s = _Search(a.copy(), limit, method, ri_table, allow_reversal)
    cr_before = float(_crs(a[np.newaxis], method, ri_table)[0])
    cycles = ordinal_cycles(a)
    changes: list[RepairChange] = []
    exact = True
    if cr_before > limit and cap != 0:
        n_judgments = a.shape[0] * (a.shape[0] - 1) // 2
        chosen, exhaustive = _exact(s, n_judgments if cap is None else cap, budget)
        exact = exhaustive
        # None: no change set within the cap reaches the limit (proven when exhaustive), or
        # the budget ran out; either way improve greedily as far as allowed changes go.
        changes = _ordered(s, chosen) if chosen is not None else _greedy(s, cap)
    out = a.copy()
    for ch in changes:
        out[ch.i, ch.j], out[ch.j, ch.i] = ch.new, 1.0 / ch.new
    final = solve_batch(out[np.newaxis], method, ri_table)[0]
    reached = bool(final.cr <= limit)
    status: RepairStatus = (
        "consistent" if cr_before <= limit else
        "repaired" if reached else
        "ordinal" if cycles and not allow_reversal else "unreachable"
    )  # fmt: skip
    return RepairResult(
        out, tuple(changes), cr_before, final.cr, limit, reached, final, status,
        cycles, ordinal_cycles(out), exact, allow_reversal,
    )  # fmt: skip


def repair(
    matrix: ArrayLike,
    *,
    cr_limit: float | None = None,
    ri_table: str = "saaty-1980",
    method: str = "eigenvector",
    max_changes: int | None = None,
    allow_reversal: bool = False,
    exact_budget: int = DEFAULT_EXACT_BUDGET,
) -> RepairResult:
    """The fewest, smallest judgment changes on Saaty's scale that bring CR to ``cr_limit``.

    .. math::

        \\min_{A'} \\Big(\\#\\{i<j : a'_{ij} \\ne a_{ij}\\},\\;
        \\sum_{i<j} |\\ln a'_{ij} - \\ln a_{ij}|\\Big) \\text{ (lexicographic)}
        \\quad\\text{s.t.}\\quad CR(A') \\le \\text{limit},\\;
        a'_{ij} \\in S(a_{ij}),

    with :math:`S(a)` the Saaty values on the side of 1 of ``a`` (:func:`allowed_values`), or the
    whole scale with ``allow_reversal``.  See the module docstring for the search, its bound
    (``exact_budget``) and the order of the changes.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    cr_limit : float, optional
        Target CR; default :func:`~qualindex.weighting.ri.default_cr_limit` (0.05 / 0.08 / 0.10).
    ri_table, method : str
        RI table and priority method used for every CR.
    max_changes : int, optional
        Upper bound on the number of changed judgments.
    allow_reversal : bool
        Allow changes across 1 (reversing or withdrawing the expert's direction).
    exact_budget : int
        Candidates the exact search may enumerate before it continues greedily.

    Returns
    -------
    RepairResult
        Repaired matrix, every change with CR before and after, final CR, ``reached``,
        ``status``, the ordinal cycles and whether the change set is proven minimal.

    References
    ----------
    Saaty (2003), EJOR 145, pp. 88-90; Ergu et al. (2011), EJOR 213; Bozóki, Fülöp & Poesz
    (2015), CEJOR 23; Kwiesielewicz & van Uden (2004), COR 31.
    """
    _options(method, ri_table)
    a = check_matrix(matrix)
    limit = _check_limit(cr_limit, a.shape[0])
    opts = _opts(max_changes, allow_reversal, exact_budget)
    return _repair_valid(a, limit, method, ri_table, opts)


def _opts(
    max_changes: int | None, allow_reversal: bool, exact_budget: int
) -> tuple[int | None, bool, int]:
    cap = _check_count(max_changes, "max_changes", 0)
    budget = _check_count(exact_budget, "exact_budget", 0)
    if budget is None:
        raise InputError("exact_budget = None must be an integer >= 0 (e.g. 600000)")
    if not isinstance(allow_reversal, bool):
        raise InputError(f"allow_reversal = {allow_reversal!r} must be True or False")
    return cap, allow_reversal, budget


def hints(
    matrix: ArrayLike,
    *,
    cr_limit: float | None = None,
    ri_table: str = "saaty-1980",
    method: str = "eigenvector",
    allow_reversal: bool = False,
    k: int | None = None,
    exact_budget: int = DEFAULT_EXACT_BUDGET,
) -> tuple[JudgmentFix, ...]:
    """The repair's changes as advice, in the order :func:`repair` applies them.

    ``hints(A)[0]`` is ``repair(A).changes[0]``: one algorithm for both.  ``cr_after`` of hint
    ``m`` is the CR once hints ``0..m`` are applied; ``error`` and ``consistent`` are taken in
    the matrix the hint starts from.  ``k`` keeps the first ``k`` hints.  Empty when the matrix
    is within the limit or no allowed change helps (see :func:`repair` and its ``status``).
    """
    res = repair(
        matrix, cr_limit=cr_limit, ri_table=ri_table, method=method,
        allow_reversal=allow_reversal, exact_budget=exact_budget,
    )  # fmt: skip
    fixes = tuple(
        JudgmentFix(c.i, c.j, c.old, c.new, c.consistent, c.error, c.cr_after) for c in res.changes
    )
    top = _check_count(k, "k", 1)
    return fixes if top is None else fixes[:top]


def repair_batch(
    stack: ArrayLike,
    *,
    cr_limit: float | None = None,
    ri_table: str = "saaty-1980",
    method: str = "eigenvector",
    max_changes: int | None = None,
    allow_reversal: bool = False,
    exact_budget: int = DEFAULT_EXACT_BUDGET,
) -> RepairBatchResult:
    """:func:`repair` for every matrix of a ``(k, n, n)`` stack, e.g. every expert of a group.

    Matrices already at or below the limit are returned unchanged.  A Python loop over the
    matrices; each search is itself vectorised over all candidate changes.

    Parameters
    ----------
    stack : array_like, shape (k, n, n)
        Complete pairwise comparison matrices.
    cr_limit, ri_table, method, max_changes, allow_reversal, exact_budget
        As in :func:`repair`, applied to every matrix.

    Returns
    -------
    RepairBatchResult
    """
    _options(method, ri_table)
    a = check_stack(stack)
    limit = _check_limit(cr_limit, a.shape[-1])
    opts = _opts(max_changes, allow_reversal, exact_budget)
    results = tuple(_repair_valid(m, limit, method, ri_table, opts) for m in a)
    return RepairBatchResult(
        results=results,
        matrices=np.stack([r.matrix for r in results]),
        cr_before=np.array([r.cr_before for r in results]),
        cr=np.array([r.cr for r in results]),
        reached=np.array([r.reached for r in results], dtype=bool),
        n_changes=np.array([len(r.changes) for r in results], dtype=np.int64),
    )
