"""AHP priority vectors and consistency ratios of pairwise comparison matrices (pure numpy).

A pairwise comparison matrix :math:`A = (a_{ij})` is square, positive, reciprocal
(:math:`a_{ji} = 1/a_{ij}`) and has a unit diagonal; :math:`a_{ij}` says how many times item
``i`` matters more than item ``j`` (Saaty's 1-9 scale and its reciprocals).  Three ways to derive
the priority vector ``w`` are offered:

``"eigenvector"``
    Saaty's principal right eigenvector, :math:`A w = \\lambda_{max} w`, computed by repeated
    squaring of :math:`A` until the vector settles (its error then is below rounding; it agrees
    with ``numpy.linalg.eig`` to 1e-12), falling back to
    ``numpy.linalg.eig`` (LAPACK ``geev``, the eigenvalue with the largest real part) for a
    matrix that does not settle.  Nothing is rounded.
``"geometric"``
    Row geometric means (Crawford & Williams 1985), :math:`w_i \\propto (\\prod_j a_{ij})^{1/n}`.
``"column"``
    Saaty's additive normalisation: normalise every column to sum 1, then average the rows.

For the eigenvector method :math:`\\lambda_{max}` is the Perron eigenvalue.  For the two
approximate methods it is Saaty's estimate from the derived vector,

.. math:: \\hat\\lambda_{max} = \\frac{1}{n} \\sum_i \\frac{(A w)_i}{w_i},

which equals the Perron eigenvalue when ``w`` is the eigenvector.  Then

.. math:: CI = \\frac{\\lambda_{max} - n}{n - 1}, \\qquad CR = \\frac{CI}{RI_n}.

:math:`\\lambda_{max} \\ge n` holds for every positive reciprocal matrix and every positive ``w``
(each reciprocal pair contributes :math:`x + 1/x \\ge 2`), so floating-point noise below ``n`` is
clamped to ``n``; ``n <= 2`` matrices are consistent by construction and get ``CI = CR = 0``.

References
----------
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill, ch. 1 and 3.
Saaty, T. L. (2008). Decision making with the analytic hierarchy process. *Int. J. Services
Sciences* 1(1), 83-98.
Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment matrices.
*J. Mathematical Psychology* 29, 387-405.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import PriorityName as Method  # the one declaration
from qualindex.core import freeze
from qualindex.errors import InputError
from qualindex.weighting.ri import check_ri_table, random_index

__all__ = [
    "METHODS",
    "RECIPROCAL_RTOL",
    "AHPBatchResult",
    "AHPResult",
    "ConsistencyResult",
    "Method",
    "ahp",
    "ahp_batch",
    "check_matrix",
    "check_stack",
    "consistency",
    "matrix_from_upper",
    "reciprocal_matrix",
]

METHODS: tuple[str, ...] = get_args(Method)

#: Relative tolerance of the reciprocity and unit-diagonal checks.
RECIPROCAL_RTOL = 1e-6

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class AHPResult:
    """Priorities and consistency of one pairwise comparison matrix.

    Attributes
    ----------
    weights : ndarray, shape (n,)
        Priority vector, positive, sums to 1 (read-only).
    lambda_max : float
        Principal eigenvalue (``"eigenvector"``) or Saaty's estimate (other methods).
    ci, cr : float
        Consistency index and ratio; 0 for ``n <= 2``.
    ri : float
        Random index used for ``cr``; ``ri_table`` names its table.
    n : int
        Matrix order.
    method : str
        Priority method used.
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    ri: float
    ri_table: str
    n: int
    method: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", freeze(self.weights))


@dataclass(frozen=True, slots=True)
class AHPBatchResult:
    """Priorities and consistency of a stack of ``k`` matrices of the same order ``n``.

    ``weights`` has shape ``(k, n)``; ``lambda_max``, ``ci`` and ``cr`` have shape ``(k,)``
    (all read-only).  ``result[i]`` returns the :class:`AHPResult` of matrix ``i``.
    """

    weights: FloatArray
    lambda_max: FloatArray
    ci: FloatArray
    cr: FloatArray
    ri: float
    ri_table: str
    n: int
    method: str

    def __post_init__(self) -> None:
        for name in ("weights", "lambda_max", "ci", "cr"):
            object.__setattr__(self, name, freeze(getattr(self, name)))

    def __len__(self) -> int:
        return int(self.cr.shape[0])

    def __getitem__(self, i: int) -> AHPResult:
        return AHPResult(
            weights=self.weights[i],
            lambda_max=float(self.lambda_max[i]),
            ci=float(self.ci[i]),
            cr=float(self.cr[i]),
            ri=self.ri,
            ri_table=self.ri_table,
            n=self.n,
            method=self.method,
        )


@dataclass(frozen=True, slots=True)
class ConsistencyResult:
    """Saaty's consistency measures of a matrix for a given priority vector."""

    lambda_max: float
    ci: float
    cr: float
    ri: float
    ri_table: str
    n: int


# --------------------------------------------------------------------------- validation


def check_method(method: str) -> str:
    if method not in METHODS:
        choices = ", ".join(repr(m) for m in METHODS)
        raise InputError(f"method {method!r} is not a priority method; use one of {choices}")
    return method


def _cell(name: str, idx: Sequence[int], single: bool) -> str:
    k, i, j = (int(x) for x in idx)
    return f"{name}[{i}, {j}]" if single else f"{name}[{k}][{i}, {j}]"


def _first(mask: NDArray[np.bool_]) -> tuple[int, int, int]:
    k, i, j = np.argwhere(mask)[0]
    return int(k), int(i), int(j)


def _as_float_stack(values: ArrayLike, name: str, ndim: int) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a numeric array of judgments ({exc})") from None
    what = "a square matrix (n, n)" if ndim == 2 else "a stack of square matrices (k, n, n)"
    if arr.ndim != ndim or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        raise InputError(
            f"{name} has shape {arr.shape}; it must be {what} with one row and one column per item"
        )
    if ndim == 3 and arr.shape[0] == 0:
        raise InputError(f"{name} holds no matrices; give at least one (k >= 1)")
    return arr if ndim == 3 else arr[np.newaxis]


def _check_missing(a: FloatArray, name: str, single: bool, allow_missing: bool) -> None:
    nan = np.isnan(a)
    if not nan.any():
        return
    if not allow_missing:
        cell = _cell(name, _first(nan), single)
        raise InputError(
            f"{cell} is NaN (a missing judgment); give every judgment, or complete the matrix "
            "with qualindex.weighting.incomplete.lambda_optimal() or harker()"
        )
    diag = nan & np.eye(a.shape[-1], dtype=bool)
    if diag.any():
        cell = _cell(name, _first(diag), single)
        raise InputError(f"{cell} is NaN; the diagonal of a pairwise comparison matrix is 1")
    lone = nan & ~np.swapaxes(nan, -1, -2)
    if lone.any():
        k, i, j = _first(lone)
        raise InputError(
            f"{_cell(name, (k, i, j), single)} is NaN but {_cell(name, (k, j, i), single)} is "
            "given; mark a missing judgment as NaN on both sides of the diagonal"
        )


def _check_values(a: FloatArray, name: str, single: bool) -> None:
    inf = np.isinf(a)
    if inf.any():
        k, i, j = _first(inf)
        raise InputError(
            f"{_cell(name, (k, i, j), single)} = {a[k, i, j]} is not finite; "
            "pairwise judgments are finite positive ratios (Saaty scale 1/9..9)"
        )
    bad = a <= 0
    if bad.any():
        k, i, j = _first(bad)
        raise InputError(
            f"{_cell(name, (k, i, j), single)} = {a[k, i, j]:g} must be > 0; pairwise judgments "
            "are positive ratios (write 1/3, not -3, for 'j is moderately more important')"
        )
    diag = np.abs(np.diagonal(a, axis1=1, axis2=2) - 1.0) > RECIPROCAL_RTOL
    if diag.any():
        k, i = (int(x) for x in np.argwhere(diag)[0])
        raise InputError(
            f"{_cell(name, (k, i, i), single)} = {a[k, i, i]:g} must be 1; an item is equally "
            "important as itself"
        )


def _check_reciprocal(a: FloatArray, name: str, single: bool) -> None:
    with np.errstate(invalid="ignore"):
        bad = np.abs(a * np.swapaxes(a, -1, -2) - 1.0) > RECIPROCAL_RTOL
    bad &= np.triu(np.ones(a.shape[-2:], dtype=bool), 1)
    if bad.any():
        k, i, j = _first(bad)
        upper, lower = _cell(name, (k, i, j), single), _cell(name, (k, j, i), single)
        raise InputError(
            f"{lower} = {a[k, j, i]:.6g} is not the reciprocal of {upper} = {a[k, i, j]:.6g} "
            f"(their product is {a[k, i, j] * a[k, j, i]:.6g}, it must be 1 within "
            f"{RECIPROCAL_RTOL:g}); set {lower} = 1/{a[k, i, j]:.6g} = {1 / a[k, i, j]:.6g}, or "
            "build the matrix from its upper triangle with matrix_from_upper()"
        )


def _plainly_valid(a: FloatArray) -> bool:
    """One cheap pass for the common case: complete, finite, positive, unit diagonal and
    reciprocal within tolerance.  False sends the stack through the checks that name the cell."""
    n = a.shape[-1]
    if not ((a > 0) & (a < np.inf)).all():  # NaN fails both comparisons
        return False
    if not (np.abs(np.diagonal(a, axis1=1, axis2=2) - 1.0) <= RECIPROCAL_RTOL).all():
        return False
    if n < 2:
        return True
    # every a_ij a_ji at once (the diagonal's a_ii^2 too: a stricter test there only sends a
    # stack to the checks below, which decide); a transposed view, no gather of index pairs
    p = a * a.transpose(0, 2, 1)
    return bool(((p >= 1.0 - RECIPROCAL_RTOL) & (p <= 1.0 + RECIPROCAL_RTOL)).all())


def check_stack(
    stack: ArrayLike, *, allow_missing: bool = False, name: str = "stack"
) -> FloatArray:
    """Validate a ``(k, n, n)`` stack of pairwise comparison matrices; return it as float64.

    Every matrix must be positive, finite, have a unit diagonal and be reciprocal within
    :data:`RECIPROCAL_RTOL` (``|a_ij a_ji - 1| <= 1e-6``).  With ``allow_missing`` a judgment
    may be NaN if its mirror is NaN too.  The first offending cell is named in the
    :class:`~qualindex.errors.InputError`.
    """
    a = _as_float_stack(stack, name, 3)
    if _plainly_valid(a):
        return a
    _check_missing(a, name, False, allow_missing)
    _check_values(a, name, False)
    _check_reciprocal(a, name, False)
    return a


def check_matrix(
    matrix: ArrayLike, *, allow_missing: bool = False, name: str = "matrix"
) -> FloatArray:
    """Validate one ``(n, n)`` pairwise comparison matrix (see :func:`check_stack`)."""
    a = _as_float_stack(matrix, name, 2)
    if _plainly_valid(a):
        return a[0]
    _check_missing(a, name, True, allow_missing)
    _check_values(a, name, True)
    _check_reciprocal(a, name, True)
    return a[0]


# --------------------------------------------------------------------------- kernels


#: Largest number of squarings, A^(2^40), before a matrix falls back to ``numpy.linalg.eig``.
MAX_SQUARINGS = 40
#: Summed relative change of the vector between two squarings after which squaring stops: the
#: power :math:`B = A^{2^k}` then contracts the error by about the square of it per product.
SWITCH_RTOL = 1e-4
#: Summed relative change of the vector between two products with :math:`B` that counts as
#: converged; the error left is this change times the contraction of ``B`` (about 1e-8 or less),
#: far below rounding.
SQUARING_RTOL = 1e-9
#: Products with ``B`` allowed before a matrix falls back to ``numpy.linalg.eig``.
MAX_POWER_STEPS = 8


def perron_vector(stack: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Principal eigenvalue and normalised eigenvector of every matrix of a valid stack.

    Repeated squaring :math:`B \\leftarrow B^2 / \\mathbf 1^T B^2 \\mathbf 1`: for a positive
    matrix :math:`A^{2^k}` tends to :math:`w v^T` (Perron-Frobenius), with error
    :math:`O(|\\lambda_2/\\lambda_1|^{2^k})`; every product is of positive numbers, so nothing
    cancels.  Once the row sums of :math:`B` settle to :data:`SWITCH_RTOL`, products
    :math:`u \\leftarrow B u` (which contract the error by :math:`|\\lambda_2/\\lambda_1|^{2^k}`)
    finish the vector to :data:`SQUARING_RTOL`; one product :math:`A w` polishes it and gives
    :math:`\\lambda_{max} = \\mathbf 1^T A w / \\mathbf 1^T w`.  A matrix that does not settle
    is solved by ``numpy.linalg.eig``.

    References
    ----------
    Saaty (1980), ch. 1 (the eigenvector as the limit of normalised row sums of powers of A);
    Golub, G. H. & Van Loan, C. F. (2013). *Matrix Computations*, 4th ed., sec. 7.3.1 (power
    iteration).
    """
    k, n = stack.shape[0], stack.shape[-1]
    one = np.ones(n)  # sums as products with ones: much faster than reductions over n items
    powers, u, unsettled = _square_until_settled(stack, one)
    bad = np.zeros(k, dtype=bool)
    bad[unsettled] = True
    for _ in range(MAX_POWER_STEPS):
        nxt = (powers @ u[:, :, np.newaxis])[:, :, 0]
        nxt /= (nxt @ one)[:, np.newaxis]
        change = (np.abs(nxt - u) / nxt) @ one
        u = nxt
        if np.all(change[~bad] <= SQUARING_RTOL):
            break
    else:
        bad |= ~(change <= SQUARING_RTOL)
    aw = (stack @ u[:, :, np.newaxis])[:, :, 0]
    lam = (aw @ one) / (u @ one)
    w = aw / (aw @ one)[:, np.newaxis]
    bad |= ~(np.isfinite(lam) & np.all(w > 0, axis=1))
    if bad.any():
        w[bad], lam[bad] = _perron_eig(stack[bad])
    return w, lam


def _square_until_settled(
    stack: FloatArray, one: FloatArray
) -> tuple[FloatArray, FloatArray, NDArray[np.intp]]:
    """Normalised powers A^(2^k), their row sums, and the matrices that never settled.

    Matrices that settle go on being squared with the rest (more squarings only bring
    A^(2^k) closer to its limit) until three quarters of the stack have settled; only then is
    the stack compacted, as copying settled matrices out costs more than a round of squaring.
    """
    todo = np.arange(stack.shape[0])
    b = stack * (1.0 / stack.sum(axis=(1, 2)))[:, np.newaxis, np.newaxis]
    spare = np.empty_like(b)  # squares go back and forth between two buffers
    for _ in range(2):  # A^2 and A^4 are not compared: hardly any matrix settles before A^8
        b, spare = np.matmul(b, b, out=spare), b
        b *= (1.0 / b.sum(axis=(1, 2)))[:, np.newaxis, np.newaxis]
    prev = b @ one
    prev /= (prev @ one)[:, np.newaxis]
    powers: FloatArray | None = None  # made when the stack is first compacted
    u = prev
    for _ in range(MAX_SQUARINGS):
        b, spare = np.matmul(b, b, out=spare[: b.shape[0]]), b
        cur = b @ one
        scale = 1.0 / (cur @ one)
        b *= scale[:, np.newaxis, np.newaxis]  # keeps the entries of A^(2^k) in range
        cur *= scale[:, np.newaxis]
        change = np.abs(cur - prev)
        change /= cur
        done = change @ one <= SWITCH_RTOL
        if done.all():
            if powers is None:
                return b, cur, todo[:0]
            powers[todo], u[todo] = b, cur
            return powers, u, todo[:0]
        if 4 * np.count_nonzero(done) >= 3 * done.size:
            if powers is None:
                powers, u = np.empty_like(stack), np.empty(stack.shape[:2])
            powers[todo[done]], u[todo[done]] = b[done], cur[done]
            todo, b, cur = todo[~done], b[~done], cur[~done]
            spare = spare[: b.shape[0]]
        prev = cur
    if powers is None:
        return b, prev, todo
    powers[todo], u[todo] = b, prev
    return powers, u, todo


def _perron_eig(stack: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Perron root and vector by ``numpy.linalg.eig`` (LAPACK ``geev``)."""
    vals, vecs = np.linalg.eig(stack)
    idx = np.argmax(vals.real, axis=-1)
    rows = np.arange(stack.shape[0])
    lam = vals.real[rows, idx]
    w = vecs[rows, :, idx].real
    return w / w.sum(axis=1, keepdims=True), lam


def _saaty_lambda(stack: FloatArray, w: FloatArray) -> FloatArray:
    aw = np.einsum("kij,kj->ki", stack, w)
    return np.mean(aw / w, axis=1)


def priority_stack(stack: FloatArray, method: str) -> tuple[FloatArray, FloatArray]:
    """Weights ``(k, n)`` and lambda_max ``(k,)`` of a validated stack (no checks)."""
    if method == "eigenvector":
        w, lam = perron_vector(stack)
    elif method == "geometric":
        w = np.exp(np.log(stack).mean(axis=2))
        w /= w.sum(axis=1, keepdims=True)
        lam = _saaty_lambda(stack, w)
    else:
        w = (stack / stack.sum(axis=1, keepdims=True)).mean(axis=2)
        w /= w.sum(axis=1, keepdims=True)
        lam = _saaty_lambda(stack, w)
    n = stack.shape[-1]
    return w, np.maximum(lam, float(n))


def _ci_cr(lam: FloatArray, n: int, ri: float) -> tuple[FloatArray, FloatArray]:
    if n <= 2:
        zero = np.zeros_like(lam)
        return zero, zero.copy()
    ci = (lam - n) / (n - 1)
    return ci, ci / ri


def solve_batch(stack: FloatArray, method: str, ri_table: str) -> AHPBatchResult:
    n = stack.shape[-1]
    ri = random_index(n, ri_table)
    w, lam = priority_stack(stack, method)
    ci, cr = _ci_cr(lam, n, ri)
    return AHPBatchResult(w, lam, ci, cr, ri, ri_table, n, method)


def ahp_batch(
    stack: ArrayLike, *, method: str = "eigenvector", ri_table: str = "saaty-1980"
) -> AHPBatchResult:
    """Priority vectors and consistency ratios of ``k`` matrices at once (vectorised).

    .. math:: A_k w_k = \\lambda_{max,k} w_k, \\quad
              CR_k = \\frac{\\lambda_{max,k} - n}{(n - 1) RI_n}

    Parameters
    ----------
    stack : array_like, shape (k, n, n)
        Complete pairwise comparison matrices (see :func:`check_stack`).
    method : {"eigenvector", "geometric", "column"}
        Priority method; see the module docstring for how ``lambda_max`` is obtained.
    ri_table : str
        Random-index table, one of :data:`qualindex.weighting.ri.RI_TABLE_NAMES`.

    Returns
    -------
    AHPBatchResult
        ``weights (k, n)``, ``lambda_max``, ``ci``, ``cr`` ``(k,)``, and the RI used.

    References
    ----------
    Saaty (1980), ch. 1-3; Saaty (2008), pp. 85-87.
    """
    check_method(method)
    check_ri_table(ri_table)
    return solve_batch(check_stack(stack), method, ri_table)


def ahp(
    matrix: ArrayLike, *, method: str = "eigenvector", ri_table: str = "saaty-1980"
) -> AHPResult:
    """Priority vector and consistency ratio of one pairwise comparison matrix.

    .. math:: A w = \\lambda_{max} w, \\quad CI = \\frac{\\lambda_{max} - n}{n - 1},
              \\quad CR = \\frac{CI}{RI_n}

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Positive reciprocal matrix with unit diagonal; ``n = 1`` and ``n = 2`` are valid (CR 0).
    method : {"eigenvector", "geometric", "column"}
        Priority method (default Saaty's principal eigenvector).
    ri_table : str
        Random-index table for CR (default ``"saaty-1980"``); named in the result.

    Returns
    -------
    AHPResult

    References
    ----------
    Saaty (1980), *The Analytic Hierarchy Process*, ch. 1; Saaty (2008), *Int. J. Services
    Sciences* 1(1), Table 2 (the drinks example, reproduced in the tests).
    """
    check_method(method)
    check_ri_table(ri_table)
    return solve_batch(check_matrix(matrix)[np.newaxis], method, ri_table)[0]


def consistency(
    matrix: ArrayLike, weights: ArrayLike, *, ri_table: str = "saaty-1980"
) -> ConsistencyResult:
    """Saaty's consistency measures of ``matrix`` judged against a given priority vector.

    .. math:: \\hat\\lambda_{max} = \\frac{1}{n} \\sum_i \\frac{(A w)_i}{w_i}

    With the principal eigenvector this is the Perron eigenvalue; with any other positive ``w``
    it is Saaty's estimate (never below ``n``).

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Complete pairwise comparison matrix.
    weights : array_like, shape (n,)
        Positive priority vector (need not be normalised).
    ri_table : str
        Random-index table for CR.

    Returns
    -------
    ConsistencyResult
        ``lambda_max``, ``ci``, ``cr`` and the RI used.

    References
    ----------
    Saaty (1980), ch. 1 (the lambda_max estimate of the approximate methods).
    """
    check_ri_table(ri_table)
    a = check_matrix(matrix)
    w = np.asarray(weights, dtype=np.float64)
    n = a.shape[0]
    if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise InputError(
            f"weights must be {n} finite positive numbers (one per row of matrix); got {w!r}"
        )
    lam = np.maximum(_saaty_lambda(a[np.newaxis], w[np.newaxis]), float(n))
    ri = random_index(n, ri_table)
    ci, cr = _ci_cr(lam, n, ri)
    return ConsistencyResult(float(lam[0]), float(ci[0]), float(cr[0]), ri, ri_table, n)


# --------------------------------------------------------------------------- builders


def _judgment(value: float | str, where: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{where} = {value!r} is not a number; use a positive ratio") from None
    if np.isnan(x):
        return x
    if not np.isfinite(x) or x <= 0:
        raise InputError(f"{where} = {value!r} must be a finite number > 0 (NaN marks missing)")
    return x


def matrix_from_upper(values: Sequence[float] | ArrayLike, n: int) -> FloatArray:
    """Full reciprocal matrix from the upper-triangle judgments, row by row.

    .. math:: a_{ji} = 1 / a_{ij}, \\quad a_{ii} = 1

    Parameters
    ----------
    values : sequence of float
        :math:`a_{12}, a_{13}, \\dots, a_{1n}, a_{23}, \\dots, a_{n-1,n}` (``n (n - 1) / 2``
        positive numbers); NaN marks a missing judgment and stays NaN on both sides.
    n : int
        Number of items.

    Returns
    -------
    ndarray, shape (n, n)
        A new (writable) reciprocal matrix.
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"n = {n!r} must be an integer >= 1")
    flat = np.asarray(values, dtype=object).ravel()
    need = n * (n - 1) // 2
    if flat.size != need:
        raise InputError(
            f"got {flat.size} upper-triangle judgments for n = {n}; need n(n-1)/2 = {need}"
        )
    a = np.ones((n, n))
    iu, ju = np.triu_indices(n, 1)
    for pos, (i, j) in enumerate(zip(iu, ju, strict=True)):
        x = _judgment(flat[pos], f"values[{pos}] (a[{i}, {j}])")
        a[i, j], a[j, i] = x, 1.0 / x
    return a


def reciprocal_matrix(pairs: Mapping[tuple[int, int], float], n: int) -> FloatArray:
    """Reciprocal matrix from ``{(i, j): a_ij}`` judgments; pairs not given are NaN (missing).

    Parameters
    ----------
    pairs : mapping of (int, int) to float
        Judgment "item i over item j"; giving both ``(i, j)`` and ``(j, i)`` is allowed only if
        they are reciprocal.
    n : int
        Number of items.

    Returns
    -------
    ndarray, shape (n, n)
        A new reciprocal matrix with unit diagonal and NaN for pairs not given.
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"n = {n!r} must be an integer >= 1")
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    for key, value in pairs.items():
        i, j = key
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise InputError(f"pair {key!r} must name two different items in 0..{n - 1}")
        x = _judgment(value, f"pairs[{key!r}]")
        if not np.isnan(a[i, j]) and abs(a[i, j] * (1.0 / x) - 1.0) > RECIPROCAL_RTOL:
            raise InputError(
                f"pairs[{key!r}] = {x:g} contradicts pairs[{(j, i)!r}] = {1 / a[i, j]:g}; "
                "give each pair once"
            )
        a[i, j], a[j, i] = x, 1.0 / x
    return a
