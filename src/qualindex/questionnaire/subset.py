"""Fewer questions at a large node: a connected subset of the pairs (pure numpy).

Asking every pair of ``n`` items takes :math:`n(n-1)/2` answers (45 at ``n = 10``).  Weights
are determined as soon as the asked pairs connect every item (a spanning tree, ``n - 1``
pairs); the missing judgments are then completed by the node's ``incomplete:`` method
(:mod:`qualindex.weighting.incomplete`).

Which pairs
    Under the log-least-squares model of pairwise judgments (:math:`\\ln a_{ij} = \\ln w_i -
    \\ln w_j + e_{ij}`, independent errors of equal variance :math:`\\sigma^2`) the covariance of
    the estimated log weights is :math:`\\sigma^2 L^+`, with :math:`L` the Laplacian of the graph
    of asked pairs.  :func:`spanning_subset` picks an A-optimal design greedily: the star
    around the first item (the spanning tree with the least :math:`\\operatorname{tr} L^+`),
    then, ``k`` times, the pair that lowers :math:`\\operatorname{tr} L^+` most (ties: the
    first in row-major order).

What is lost (:func:`subset_cost`)
    *Precision*: the error variance of the log weights is
    :math:`\\operatorname{tr} L^+ / \\operatorname{tr} L_{K_n}^+` times that of the full
    questionnaire (:math:`\\operatorname{tr} L_{K_n}^+ = (n-1)/n`).
    *Checks*: a tree completes to a perfectly consistent matrix whatever the answers, so its
    CR is 0 and says nothing; only the ``k`` redundant pairs (``k`` independent cycles) can
    reveal an inconsistent judgment, and a slip in a pair on no cycle is never seen.  The CR
    of a completed matrix is computed with RI of the full order ``n`` and is not comparable
    with the CR of a full questionnaire: it is lower for the same expert.

References
----------
Kiefer, J. (1974). General equivalence theory for optimum designs. *Annals of Statistics*
2(5), 849-879 (A-optimality).
Szádoczki, Zs., Bozóki, S., Juhász, P., Kadenko, S. V. & Tsyganok, V. (2023). Incomplete
pairwise comparison matrices based on graphs with average degree approximately 3.
*Annals of Operations Research* 326, 783-807 (the star and graph designs compared).
Bozóki, S., Fülöp, J. & Rónyai, L. (2010), see :mod:`qualindex.weighting.incomplete`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import InputError

__all__ = ["SubsetCost", "spanning_subset", "subset_cost"]


def _laplacian(n: int, pairs: list[tuple[int, int]]) -> NDArray[np.float64]:
    lap = np.zeros((n, n))
    for i, j in pairs:
        lap[i, j] -= 1.0
        lap[j, i] -= 1.0
        lap[i, i] += 1.0
        lap[j, j] += 1.0
    return lap


def _trace_pinv(lap: NDArray[np.float64]) -> float:
    n = lap.shape[0]
    # L^+ = (L + J/n)^-1 - J/n for a connected graph
    return float(np.trace(np.linalg.inv(lap + 1.0 / n)) - 1.0)


def spanning_subset(n: int, k: int) -> tuple[tuple[int, int], ...]:
    """The star around item 0 plus ``k`` redundant pairs chosen A-optimally (module docstring).

    Returns ``min(n - 1 + k, n(n-1)/2)`` pairs ``(i, j)``, ``i < j``, in row-major order.
    """
    if isinstance(n, bool) or int(n) != n or n < 2:
        raise InputError(f"n = {n!r} must be an integer >= 2 (items compared at a node)")
    if isinstance(k, bool) or int(k) != k or k < 0:
        raise InputError(f"k = {k!r} must be an integer >= 0 (redundant pairs)")
    chosen = [(0, j) for j in range(1, n)]
    rest = [(i, j) for i in range(1, n) for j in range(i + 1, n)]
    for _ in range(min(int(k), len(rest))):
        lap = _laplacian(n, chosen)
        best = min(
            range(len(rest)),
            key=lambda p: (round(_trace_pinv(lap + _laplacian(n, [rest[p]])), 12), p),
        )
        chosen.append(rest.pop(best))
    return tuple(sorted(chosen))


@dataclass(frozen=True, slots=True)
class SubsetCost:
    """What asking ``asked`` of ``total`` pairs costs: ``variance_ratio`` (>= 1) and the number
    of independent consistency checks (``cycles`` = asked - (n - 1))."""

    n: int
    asked: int
    total: int
    variance_ratio: float
    cycles: int


def subset_cost(n: int, pairs: tuple[tuple[int, int], ...]) -> SubsetCost:
    """The precision and checks lost by asking only ``pairs`` (see the module docstring)."""
    lap = _laplacian(n, list(pairs))
    full = (n - 1) / n
    total = n * (n - 1) // 2
    return SubsetCost(n, len(pairs), total, _trace_pinv(lap) / full, len(pairs) - (n - 1))
