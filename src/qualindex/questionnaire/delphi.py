"""Delphi second round: the first round's group statistics beside each expert's own answer.

For a pair the statistics are taken of :math:`\\ln a_{ij}` (so "A 3" and "B 3" are symmetric
about "equal") and mapped back: median and quartiles are
:math:`\\exp(Q_p(\\ln a_{ij}))`.  For an importance score they are taken of the scores.  The
quantiles are numpy's default linear interpolation (Hyndman & Fan 1996, type 7, as R's
``quantile`` and Excel's ``QUARTILE.INC``); an expert who gave a pair reversed (``[b, a]``)
counts with the reciprocal.

References
----------
Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
Statistician* 50(4), 361-365.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qualindex.hierarchy.model import JudgmentSet
from qualindex.questionnaire.structure import AskedNode

__all__ = ["GroupStats", "own_answer", "pair_stats", "score_stats"]


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Median and quartiles of one question over ``m`` experts of the first round."""

    median: float
    q1: float
    q3: float
    m: int


def own_answer(jset: JudgmentSet | None, node: AskedNode, a: str, b: str) -> float | None:
    """The judgment "a over b" of ``jset`` at ``node`` (reciprocal if given as [b, a])."""
    if jset is None:
        return None
    for p in jset.pairwise.get(node.id, ()):
        if (p.a, p.b) == (a, b):
            return p.value
        if (p.a, p.b) == (b, a):
            return 1.0 / p.value
    return None


def _stats(values: list[float], log: bool) -> GroupStats | None:
    if not values:
        return None
    x = np.log(values) if log else np.asarray(values, dtype=np.float64)
    q1, med, q3 = np.percentile(x, [25, 50, 75])
    back = np.exp if log else (lambda v: v)
    return GroupStats(float(back(med)), float(back(q1)), float(back(q3)), len(values))


def pair_stats(sets: Sequence[JudgmentSet], node: AskedNode, a: str, b: str) -> GroupStats | None:
    """Group statistics of "a over b" at ``node`` over the experts who answered it."""
    values = [v for s in sets if (v := own_answer(s, node, a, b)) is not None]
    return _stats(values, log=True)


def score_stats(sets: Sequence[JudgmentSet], node: AskedNode, child: str) -> GroupStats | None:
    """Group statistics of the importance score of ``child`` at ``node``."""
    values = [s.scores[node.id][child] for s in sets if child in s.scores.get(node.id, {})]
    return _stats(values, log=False)
