"""Fuzzy comprehensive evaluation (FCE, 模糊综合评价).

Factor set U (n factors), comment (grade) set V (g grades), weight vector A
(n,), membership matrix R (n x g) whose row i is factor i's membership in each
grade.  The evaluation is the fuzzy composition :math:`B = A \\circ R`.

Operator names
--------------
Each operator is named by its two parts: the "multiplication" that combines a
weight with a membership and the "addition" that combines the factors.  The
usual symbols and the accepted ASCII names (inner-outer order) are:

=============  =====================  ==========================================
symbol         ASCII                  :math:`b_j`
=============  =====================  ==========================================
``M(∧,∨)``     ``"min-max"``          :math:`\\max_i \\min(a_i, r_{ij})` (主因素决定型)
``M(·,∨)``     ``"product-max"``      :math:`\\max_i a_i r_{ij}` (主因素突出型)
``M(∧,⊕)``     ``"min-sum"``          :math:`\\min(1, \\sum_i \\min(a_i, r_{ij}))`
``M(·,⊕)``     ``"product-sum"``      :math:`\\min(1, \\sum_i a_i r_{ij})` (加权平均型)
=============  =====================  ==========================================

``"weighted-average"`` is accepted as a second name for ``M(·,⊕)``, the usual
default; ``⊕`` is the bounded sum :math:`\\min(1, a + b)`.  Weights are normalised
to sum 1 before composition (all textbook examples use normalised weights; for
the ``∧`` operators the scale of the weights matters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float
from qualindex.errors import InputError

__all__ = [
    "OPERATORS",
    "FCEResult",
    "FCETree",
    "fce",
    "fce_multilevel",
    "membership_from_counts",
]

FloatArray = NDArray[np.float64]

OPERATORS: dict[str, str] = {
    "M(·,⊕)": "product-sum",
    "M(∧,∨)": "min-max",
    "M(·,∨)": "product-max",
    "M(∧,⊕)": "min-sum",
    "product-sum": "product-sum",
    "weighted-average": "product-sum",
    "min-max": "min-max",
    "product-max": "product-max",
    "min-sum": "min-sum",
}

#: A multi-level FCE node: ``(weights, children)``.  ``children`` is either a
#: membership matrix (rows are the factors of this node) or a sequence whose
#: items are membership rows or further ``(weights, children)`` nodes.
FCETree = tuple[ArrayLike, ArrayLike | Sequence[Any]]


@dataclass(frozen=True, slots=True)
class FCEResult:
    """Result of :func:`fce` / :func:`fce_multilevel` (arrays read-only).

    Attributes
    ----------
    b : numpy.ndarray, shape (g,)
        The evaluation vector B, normalised to sum 1 when ``normalise=True``.
    b_raw : numpy.ndarray, shape (g,)
        B as composed, before normalisation.
    grade : int
        Index of the grade with the largest membership (maximum-membership
        principle); the first of tied grades.
    max_membership : float
        That largest membership, ``b[grade]``.
    score : float
        :math:`\\sum_j \\hat b_j v_j` with :math:`\\hat b = B/\\sum B` and the
        grade values ``v``; ``NaN`` when no grade values were given.
    operator : str
        Canonical ASCII operator name.
    children : tuple of FCEResult
        Sub-evaluations of a multi-level FCE (empty for one level).
    """

    b: FloatArray
    b_raw: FloatArray
    grade: int
    max_membership: float
    score: float
    operator: str
    children: tuple[FCEResult, ...] = ()

    def __post_init__(self) -> None:
        self.b.setflags(write=False)
        self.b_raw.setflags(write=False)


def check_operator(name: str) -> str:
    if name not in OPERATORS:
        raise InputError(
            f"operator {name!r} is not one of {', '.join(OPERATORS)}; use one of these"
        )
    return OPERATORS[name]


def _compose(a: FloatArray, r: FloatArray, op: str) -> FloatArray:
    col = a[:, None]
    if op == "product-sum":
        return np.minimum(1.0, a @ r)
    if op == "min-max":
        return np.asarray(np.minimum(col, r).max(axis=0), dtype=np.float64)
    if op == "product-max":
        return np.asarray((col * r).max(axis=0), dtype=np.float64)
    return np.minimum(1.0, np.minimum(col, r).sum(axis=0))


def check_fce_inputs(weights: ArrayLike, membership: ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = as_float(weights, "weights", allow_nan=False)
    r = as_float(membership, "membership", allow_nan=False)
    if r.ndim != 2 or r.shape[1] < 1:
        raise InputError(f"membership has shape {r.shape}; give factors x grades")
    if a.shape != (r.shape[0],):
        raise InputError(
            f"weights has shape {a.shape} but membership has {r.shape[0]} factor rows; "
            "give one weight per factor"
        )
    if np.any(a < 0) or a.sum() <= 0:
        raise InputError(f"weights {a.tolist()} must be >= 0 with a positive sum")
    if np.any((r < 0) | (r > 1)):
        i, j = (int(v) for v in np.argwhere((r < 0) | (r > 1))[0])
        raise InputError(
            f"membership[{i}, {j}] = {r[i, j]} must lie in [0, 1]; "
            "convert counts with membership_from_counts()"
        )
    return a / a.sum(), r


def fce(
    weights: ArrayLike,
    membership: ArrayLike,
    *,
    operator: str = "M(·,⊕)",
    normalise: bool = True,
    grade_values: ArrayLike | None = None,
) -> FCEResult:
    r"""One-level fuzzy comprehensive evaluation :math:`B = A \circ R`.

    Parameters
    ----------
    weights : array_like, shape (n,)
        Factor weights A (normalised to sum 1 internally).
    membership : array_like, shape (n, g)
        Membership matrix R, entries in [0, 1] (rows usually sum to 1; see
        :func:`membership_from_counts` for survey grade counts or shares).
    operator : str
        Composition operator, see the module docstring (default ``"M(·,⊕)"``).
    normalise : bool
        Divide B by its sum (default).  Under ``M(·,⊕)`` with rows summing to 1,
        B already sums to 1.
    grade_values : array_like, shape (g,), optional
        A value per grade (e.g. 100/80/60/40/20) for the score
        :math:`\sum_j \hat b_j v_j`.

    References
    ----------
    汪培庄 (1983). 模糊集合论及其应用. 上海科学技术出版社 (the M(∧,∨) ... M(·,⊕) models).
    """
    op = check_operator(operator)
    a, r = check_fce_inputs(weights, membership)
    raw = _compose(a, r, op)
    return _result(raw, op, normalise, grade_values, ())


def _result(
    raw: FloatArray,
    op: str,
    normalise: bool,
    grade_values: ArrayLike | None,
    children: tuple[FCEResult, ...],
) -> FCEResult:
    total = float(raw.sum())
    if total <= 0:
        raise InputError("every grade has membership 0 (B = 0); check the weights and R")
    b = raw / total if normalise else raw.copy()
    score = float("nan")
    if grade_values is not None:
        v = as_float(grade_values, "grade_values", allow_nan=False)
        if v.shape != raw.shape:
            raise InputError(
                f"grade_values has shape {v.shape}; give one value per grade ({raw.shape[0]})"
            )
        score = float(raw @ v / total)
    grade = int(np.argmax(b))
    return FCEResult(b, raw, grade, float(b[grade]), score, op, children)


def fce_multilevel(
    tree: FCETree,
    *,
    operator: str = "M(·,⊕)",
    normalise: bool = True,
    grade_values: ArrayLike | None = None,
) -> FCEResult:
    """Multi-level FCE: each sub-node's B becomes a membership row one level up.

    ``tree`` is ``(weights, children)``.  ``children`` is either a membership
    matrix (the leaves of this node) or a sequence whose items are membership
    rows (leaf factors) or nested ``(weights, children)`` nodes.  Every node is
    evaluated with the same operator and normalisation; normalising the sub-level
    B vectors keeps them valid membership rows for the level above.  The result's
    ``children`` holds the sub-node results in order (leaf rows have none).

    Examples
    --------
    Two levels, two criteria with three and two factors over four grades::

        fce_multilevel(([0.6, 0.4], [([0.5, 0.3, 0.2], R1), ([0.7, 0.3], R2)]))
    """
    op = check_operator(operator)
    if not (isinstance(tree, tuple) and len(tree) == 2):
        raise InputError("tree must be a (weights, children) pair")
    weights, children = tree
    rows, subs = _expand(children, operator, normalise, grade_values)
    a, r = check_fce_inputs(weights, rows)
    return _result(_compose(a, r, op), op, normalise, grade_values, subs)


def _expand(
    children: object, operator: str, normalise: bool, grade_values: ArrayLike | None
) -> tuple[FloatArray, tuple[FCEResult, ...]]:
    if isinstance(children, np.ndarray) and children.ndim == 2:
        return children, ()
    if not isinstance(children, (list, tuple)) or not children:
        raise InputError("children must be a membership matrix or a non-empty list")
    rows: list[FloatArray] = []
    subs: list[FCEResult] = []
    for child in children:
        if isinstance(child, tuple) and len(child) == 2 and not np.isscalar(child[0]):
            sub = fce_multilevel(
                child, operator=operator, normalise=normalise, grade_values=grade_values
            )
            subs.append(sub)
            rows.append(np.asarray(sub.b))
        else:
            rows.append(as_float(child, "membership row"))
    lengths = {row.shape for row in rows}
    if len(lengths) != 1 or rows[0].ndim != 1:
        raise InputError(f"membership rows have shapes {sorted(lengths)}; all need g grades")
    return np.vstack(rows), tuple(subs)


def membership_from_counts(counts: ArrayLike) -> FloatArray:
    """Membership rows from survey grade counts or shares (each row divided by its sum).

    ``counts[i, j]`` is the number (or percentage) of respondents who put factor
    ``i`` in grade ``j``; e.g. the 1,000-respondent table (68.3 %, 20.2 %, 11.5 %)
    becomes the row (0.683, 0.202, 0.115).
    """
    c = as_float(counts, "counts", allow_nan=False)
    if c.ndim != 2:
        raise InputError(f"counts has shape {c.shape}; give factors x grades")
    if np.any(c < 0):
        i, j = (int(v) for v in np.argwhere(c < 0)[0])
        raise InputError(f"counts[{i}, {j}] = {c[i, j]} must be >= 0; counts are frequencies")
    sums = c.sum(axis=1)
    if np.any(sums <= 0):
        i = int(np.flatnonzero(sums <= 0)[0])
        raise InputError(f"row {i} of counts sums to 0; every factor needs at least one answer")
    return c / sums[:, None]
