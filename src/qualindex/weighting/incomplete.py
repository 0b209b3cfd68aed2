"""Incomplete pairwise comparison matrices: Harker's method and the lambda-optimal completion.

A missing judgment is NaN on both sides of the diagonal (``a[i, j]`` and ``a[j, i]``).  Weights
are unique only if the *judgment graph* (items as vertices, given judgments as edges) is
connected (Harker 1987; Bozóki, Fülöp & Rónyai 2010, Theorem 2); otherwise
:class:`DisconnectedJudgmentsError` names the groups that are never compared with each other.

Harker (1987)
    Replace every missing entry by 0 and add to each diagonal entry the number of judgments
    missing in its row, :math:`c_{ii} = 1 + m_i`; the Perron vector of this matrix ``C`` is the
    priority vector.  It is the fixed point of "fill every gap with :math:`w_i/w_j`": the
    completion :math:`\\bar a_{ij} = w_i / w_j` has the same Perron pair,
    :math:`\\bar A w = C w = \\lambda w`, which is the completed matrix returned here.
Bozóki, Fülöp & Rónyai (2010)
    Choose the missing entries that minimise :math:`\\lambda_{max}`, i.e. the completion with the
    smallest CR.  In log coordinates :math:`a_{ij} = e^{x_{ij}}` the Perron root is a convex
    function of ``x`` (strictly convex on a connected graph, so the optimum is unique); it is
    minimised with BFGS on the exact gradient

    .. math:: \\frac{\\partial \\lambda_{max}}{\\partial x_{ij}} =
              \\frac{v_i u_j a_{ij} - v_j u_i a_{ji}}{v^\\top u},

    where ``u``/``v`` are the right/left Perron vectors (Harker's derivative formula), started
    from Harker's completion (gradient tolerance 1e-13), then polished by Newton steps on a
    central-difference Hessian of that exact gradient until the largest gradient component is
    below 1e-14 (BFGS alone can stop ~1e-7 short in ``x`` on flat, many-gap problems).

Both return the completed matrix and the eigenvector :class:`~qualindex.weighting.ahp.AHPResult`
of it; CI and CR use the full order ``n``.

References
----------
Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
*Mathematical Modelling* 9(11), 837-848.
Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of incomplete pairwise
comparison matrices. *Mathematical and Computer Modelling* 52(1-2), 318-333 (Example 3, p. 330).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import freeze
from qualindex.errors import InputError
from qualindex.weighting.ahp import AHPResult, check_matrix, perron_vector, solve_batch
from qualindex.weighting.ri import check_ri_table

__all__ = [
    "DisconnectedJudgmentsError",
    "IncompleteResult",
    "harker",
    "judgment_components",
    "lambda_optimal",
]

FloatArray = NDArray[np.float64]


class DisconnectedJudgmentsError(InputError):
    """The given judgments split the items into groups never compared with each other.

    ``components`` lists the groups as sorted lists of item indices (the caller maps them to ids).
    """

    def __init__(self, components: list[list[int]]) -> None:
        self.components = components
        groups = "; ".join(str(c) for c in components)
        super().__init__(
            f"the judgments do not connect all items: groups {groups} are never compared with "
            "each other, so their relative weights are undetermined; add at least one judgment "
            "between every two groups"
        )


@dataclass(frozen=True, slots=True)
class IncompleteResult:
    """A completed matrix and its priorities.

    ``matrix`` is the completed reciprocal matrix (read-only), ``result`` its eigenvector
    :class:`AHPResult`, ``missing`` the ``(i, j)``, ``i < j``, positions that were filled and
    ``method`` either ``"harker"`` or ``"lambda-optimal"``.
    """

    matrix: FloatArray
    result: AHPResult
    missing: tuple[tuple[int, int], ...]
    method: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", freeze(self.matrix))


def _components(known: NDArray[np.bool_]) -> list[list[int]]:
    n = known.shape[0]
    seen = np.zeros(n, dtype=bool)
    groups: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        stack, group = [start], [start]
        while stack:
            for nxt in np.flatnonzero(known[stack.pop()] & ~seen):
                seen[nxt] = True
                stack.append(int(nxt))
                group.append(int(nxt))
        groups.append(sorted(group))
    return groups


def judgment_components(matrix: ArrayLike) -> list[list[int]]:
    """Connected components of the judgment graph (one list of item indices per group).

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Reciprocal matrix with NaN (both sides) for missing judgments.

    Returns
    -------
    list of list of int
        Groups in order of their smallest index; one group means the weights are determined.

    References
    ----------
    Bozóki, Fülöp & Rónyai (2010), Theorem 2 (unique completion iff the graph is connected).
    """
    a = check_matrix(matrix, allow_missing=True)
    return _components(~np.isnan(a))


def _validated(
    matrix: ArrayLike, ri_table: str
) -> tuple[FloatArray, NDArray[np.intp], NDArray[np.intp]]:
    check_ri_table(ri_table)
    a = check_matrix(matrix, allow_missing=True)
    groups = _components(~np.isnan(a))
    if len(groups) > 1:
        raise DisconnectedJudgmentsError(groups)
    iu, ju = np.triu_indices(a.shape[0], 1)
    gap = np.isnan(a[iu, ju])
    return a, iu[gap], ju[gap]


def _filled(
    a: FloatArray, i: NDArray[np.intp], j: NDArray[np.intp], values: FloatArray
) -> FloatArray:
    out = a.copy()
    out[i, j] = values
    out[j, i] = 1.0 / values
    return out


def _result(
    a: FloatArray, i: NDArray[np.intp], j: NDArray[np.intp], ri_table: str, method: str
) -> IncompleteResult:
    res = solve_batch(a[np.newaxis], "eigenvector", ri_table)[0]
    missing = tuple((int(p), int(q)) for p, q in zip(i, j, strict=True))
    return IncompleteResult(a, res, missing, method)


def _harker_weights(a: FloatArray) -> FloatArray:
    gaps = np.isnan(a)
    c = np.where(gaps, 0.0, a)
    c[np.diag_indices_from(c)] += gaps.sum(axis=1)
    return perron_vector(c[np.newaxis])[0][0]


def harker(matrix: ArrayLike, *, ri_table: str = "saaty-1980") -> IncompleteResult:
    """Priorities of an incomplete matrix by Harker's (1987) method.

    .. math:: c_{ij} = \\begin{cases} a_{ij} & \\text{given} \\\\ 0 & \\text{missing}
              \\end{cases}, \\quad c_{ii} = 1 + m_i, \\quad C w = \\lambda_{max} w

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Reciprocal matrix with NaN for missing judgments (both sides); the judgment graph must
        be connected.
    ri_table : str
        Random-index table for the CR of the completed matrix.

    Returns
    -------
    IncompleteResult
        Gaps filled with :math:`w_i / w_j`; ``result.weights`` equals Harker's ``w``.

    References
    ----------
    Harker (1987), *Mathematical Modelling* 9(11), 837-848.
    """
    a, i, j = _validated(matrix, ri_table)
    if len(i) == 0:
        return _result(a, i, j, ri_table, "harker")
    w = _harker_weights(a)
    return _result(_filled(a, i, j, w[i] / w[j]), i, j, ri_table, "harker")


def _lambda_and_gradient(
    x: FloatArray, a: FloatArray, i: NDArray[np.intp], j: NDArray[np.intp]
) -> tuple[float, FloatArray]:
    full = _filled(a, i, j, np.exp(x))
    u, lam = perron_vector(full[np.newaxis])
    v, _ = perron_vector(full.T[np.newaxis])
    u, v = u[0], v[0]
    grad = (v[i] * u[j] * full[i, j] - v[j] * u[i] * full[j, i]) / (v @ u)
    return float(lam[0]), grad


def lambda_optimal(matrix: ArrayLike, *, ri_table: str = "saaty-1980") -> IncompleteResult:
    """Completion of an incomplete matrix that minimises :math:`\\lambda_{max}` (and so CR).

    .. math:: \\min_{x} \\lambda_{max}\\big(A(e^{x})\\big), \\quad
              a_{ij} = e^{x_{ij}},\\ a_{ji} = e^{-x_{ij}} \\text{ for missing } (i, j)

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Reciprocal matrix with NaN for missing judgments (both sides); the judgment graph must
        be connected, which makes the optimum unique.
    ri_table : str
        Random-index table for the CR of the completed matrix.

    Returns
    -------
    IncompleteResult
        The optimal completion and its eigenvector priorities.

    References
    ----------
    Bozóki, Fülöp & Rónyai (2010), *Math. Comput. Modelling* 52, 318-333: Theorem 2
    (uniqueness), Section 5 (convexity in log coordinates), Example 3 (reproduced in the tests).
    """
    a, i, j = _validated(matrix, ri_table)
    if len(i) == 0:
        return _result(a, i, j, ri_table, "lambda-optimal")
    from scipy.optimize import minimize  # lazy: scipy is only needed here

    w0 = _harker_weights(a)
    x0 = np.log(w0[i] / w0[j])
    opt = minimize(
        _lambda_and_gradient,
        x0,
        args=(a, i, j),
        jac=True,
        method="BFGS",
        options={"gtol": 1e-13, "maxiter": 200 * (len(i) + 1)},
    )
    x = _newton_polish(np.asarray(opt.x, dtype=np.float64), a, i, j)
    return _result(_filled(a, i, j, np.exp(x)), i, j, ri_table, "lambda-optimal")


def _newton_polish(
    x: FloatArray, a: FloatArray, i: NDArray[np.intp], j: NDArray[np.intp], steps: int = 10
) -> FloatArray:
    """Newton steps on the exact gradient; a step is kept only if it shrinks the gradient."""
    lam, g = _lambda_and_gradient(x, a, i, j)
    h = 1e-5
    for _ in range(steps):
        if np.abs(g).max() < 1e-14:
            break
        eye = np.eye(len(x)) * h
        cols = [
            _lambda_and_gradient(x + e, a, i, j)[1] - _lambda_and_gradient(x - e, a, i, j)[1]
            for e in eye
        ]
        hess = np.array(cols).T / (2 * h)
        try:
            step = np.linalg.solve((hess + hess.T) / 2, g)
        except np.linalg.LinAlgError:
            break
        lam_new, g_new = _lambda_and_gradient(x - step, a, i, j)
        # lambda itself is only known to ~1e-14 (eigen-solver noise); the gradient decides
        if not (np.abs(g_new).max() < np.abs(g).max() and lam_new <= lam * (1 + 1e-12)):
            break
        x, lam, g = x - step, lam_new, g_new
    return x
