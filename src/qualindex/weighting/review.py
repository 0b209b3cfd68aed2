"""Consistency review of every AHP node and every expert: diagnosis, repair, repaired files.

:func:`diagnose_tree` checks each expert's matrix and the group matrix at every node
weighted by AHP and names the judgments most worth revisiting, each located in its
file.  :func:`repair_tree` changes as few judgments as possible per expert and node
(:func:`qualindex.weighting.diagnose.repair`), and :func:`write_repaired` writes
copies of the judgment files with only those values edited in place, so comments and
layout survive review.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qualindex.errors import InputError
from qualindex.hierarchy.judgment_checks import uses_method
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Location, Node, Pair
from qualindex.hierarchy.writeback import rewrite_pair_values
from qualindex.weighting.ahp import ahp
from qualindex.weighting.diagnose import repair, worst_judgments
from qualindex.weighting.group import aij_matrix
from qualindex.weighting.ri import default_cr_limit
from qualindex.weighting.tree import WeightOptions, ahp_settings, pairwise_stack

__all__ = [
    "Advice",
    "MatrixCheck",
    "RepairEdit",
    "diagnose_tree",
    "repair_tree",
    "write_repaired",
]


@dataclass(frozen=True, slots=True)
class Advice:
    """A judgment worth revisiting: change ``a`` vs ``b`` from ``current`` to ``suggested``."""

    a: str
    b: str
    current: float
    suggested: float
    error: float
    cr_after: float
    loc: Location | None


@dataclass(frozen=True)
class MatrixCheck:
    """Consistency of one expert's (or the group's) matrix at one node."""

    node: str
    expert: str  # an expert id, or "group"
    n: int
    lambda_max: float
    ci: float
    cr: float
    ri: float
    ri_table: str
    cr_limit: float
    advice: tuple[Advice, ...]

    @property
    def passed(self) -> bool:
        return self.cr <= self.cr_limit


@dataclass(frozen=True, slots=True)
class RepairEdit:
    node: str
    expert: str
    a: str
    b: str
    old: float
    new: float
    cr_before: float
    cr_after: float
    loc: Location | None


def _ahp_nodes(index: IndexSystem) -> Iterator[Node]:
    return (n for n in index.aggregates() if uses_method(n, "ahp") and len(n.children) > 2)


def _find_pair(jset: JudgmentSet, node: str, a: str, b: str) -> Pair | None:
    for pair in jset.pairwise.get(node, ()):
        if {pair.a, pair.b} == {a, b}:
            return pair
    return None


def diagnose_tree(
    index: IndexSystem,
    judgments: Sequence[JudgmentSet],
    options: WeightOptions | None = None,
    *,
    top: int = 3,
) -> tuple[MatrixCheck, ...]:
    """Per AHP node: each expert's matrix, then the group (AIJ) matrix, with advice."""

    options = options or WeightOptions()
    checks: list[MatrixCheck] = []
    for node in _ahp_nodes(index):
        stack, sets = pairwise_stack(node, judgments)
        complete = [not np.isnan(m).any() for m in stack]
        for jset, matrix, ok in zip(sets, stack, complete, strict=True):
            if ok:  # incomplete matrices are completed, not diagnosed, in this release
                checks.append(_check(node, jset.expert.id, matrix, options, top, [jset]))
        if len(sets) > 1 and all(complete):
            group = aij_matrix(stack, expert_weights=[s.expert.weight for s in sets])
            checks.append(_check(node, "group", group, options, top, []))
    return tuple(checks)


def _check(
    node: Node,
    who: str,
    matrix: np.ndarray,
    options: WeightOptions,
    top: int,
    sets: Sequence[JudgmentSet],
) -> MatrixCheck:

    priority, ri_table, cr_limit = ahp_settings(node, options)
    res = ahp(matrix, method=priority, ri_table=ri_table)
    kids = node.children
    advice = []
    for fix in worst_judgments(matrix, k=top, method=priority, ri_table=ri_table):
        if math.isclose(fix.suggested, fix.current, rel_tol=1e-9):
            continue  # already the nearest Saaty value: nothing to suggest
        pair = _find_pair(sets[0], node.id, kids[fix.i], kids[fix.j]) if sets else None
        advice.append(
            Advice(
                kids[fix.i],
                kids[fix.j],
                fix.current,
                fix.suggested,
                fix.error,
                fix.cr_after,
                pair.loc if pair else None,
            )
        )
    limit = cr_limit if cr_limit is not None else default_cr_limit(res.n)
    return MatrixCheck(
        node.id,
        who,
        res.n,
        res.lambda_max,
        res.ci,
        res.cr,
        res.ri,
        res.ri_table,
        limit,
        tuple(advice),
    )


def repair_tree(
    index: IndexSystem, judgments: Sequence[JudgmentSet], options: WeightOptions | None = None
) -> tuple[RepairEdit, ...]:
    """Minimal judgment changes, per expert and AHP node, until each CR is within its limit."""

    options = options or WeightOptions()
    edits: list[RepairEdit] = []
    for node in _ahp_nodes(index):
        stack, sets = pairwise_stack(node, judgments)
        priority, ri_table, cr_limit = ahp_settings(node, options)
        for jset, matrix in zip(sets, stack, strict=True):
            if np.isnan(matrix).any():
                continue
            result = repair(matrix, cr_limit=cr_limit, ri_table=ri_table, method=priority)
            for ch in result.changes:
                a, b = node.children[ch.i], node.children[ch.j]
                pair = _find_pair(jset, node.id, a, b)
                edits.append(
                    RepairEdit(
                        node.id,
                        jset.expert.id,
                        a,
                        b,
                        ch.old,
                        ch.new,
                        ch.cr_before,
                        ch.cr_after,
                        pair.loc if pair else None,
                    )
                )
    return tuple(edits)


def write_repaired(
    edits: Sequence[RepairEdit], judgments: Sequence[JudgmentSet], out: Path
) -> list[Path]:
    """Copies of the edited judgment files in folder ``out`` (never over an input)."""
    changes: list[tuple[Pair, float]] = []
    for edit in edits:
        jset = next(j for j in judgments if j.expert.id == edit.expert)
        pair = _find_pair(jset, edit.node, edit.a, edit.b)
        if pair is None:
            raise InputError(f"no written judgment for ({edit.a}, {edit.b}) at {edit.node!r}")
        changes.append((pair, edit.new if pair.a == edit.a else 1 / edit.new))
    inputs = [Path(j.loc.file) for j in judgments]
    return rewrite_pair_values(changes, out, inputs=inputs)
