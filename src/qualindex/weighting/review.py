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
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.core import limit_text, shown_against
from qualindex.errors import InputError
from qualindex.hierarchy.judgment_checks import uses_method
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Location, Node, Pair
from qualindex.hierarchy.schema import AHPWeighting
from qualindex.hierarchy.writeback import rewrite_pair_values
from qualindex.weighting.ahp import ahp
from qualindex.weighting.diagnose import RepairChange, format_judgment, repair
from qualindex.weighting.group import aij_matrix
from qualindex.weighting.ri import default_cr_limit
from qualindex.weighting.tree import (
    WeightOptions,
    ahp_settings,
    complete_stack,
    pairwise_stack,
)

FloatArray = NDArray[np.float64]

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
    """A judgment worth revisiting: ``a`` vs ``b`` from ``current`` to ``suggested``.

    ``a``/``b`` follow the judgment as the expert wrote it, and ``current_text`` /
    ``suggested_text`` are in the file's own notation (``"1/3" -> "1/2"``).  It is a step of
    the repair (:func:`qualindex.weighting.diagnose.repair`): the first advice is the
    repair's first change, and it never crosses 1 unless reversals are allowed.
    """

    a: str
    b: str
    current: float
    suggested: float
    error: float
    cr_after: float
    loc: Location | None
    current_text: str = ""
    suggested_text: str = ""


CheckStatus = Literal["complete", "completed", "group", "absent"]


@dataclass(frozen=True)
class MatrixCheck:
    """Consistency of one expert's (or the group's) matrix at one node.

    ``status``: ``complete`` (every pair given), ``completed`` (missing pairs filled by the
    node's incomplete-matrix method, listed in ``filled``), ``group`` (the AIJ matrix of the
    experts' matrices), ``absent`` (the expert compared nothing here: ``reason`` says so).
    ``consistency_vector`` is :math:`(Aw)_i / w_i`, whose mean is :math:`\\lambda_{max}`.
    """

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
    status: CheckStatus = "complete"
    completion: str | None = None
    filled: tuple[tuple[str, str, float], ...] = ()
    weights: tuple[float, ...] = ()
    consistency_vector: tuple[float, ...] = ()
    matrix: tuple[tuple[float, ...], ...] = ()
    outcome: str = ""  # the repair's verdict: nothing to do, repaired, ordinal cycle …
    ordinal: bool = False  # an intransitive cycle: no nudge fixes it without a reversal
    cycles: tuple[str, ...] = ()  # those cycles, "a > b > c > a" by child id
    reason: str = ""
    experts: int = 1
    name: str = ""  # the expert's display name (expert.name in the judgment file)

    @property
    def passed(self) -> bool:
        return self.status == "absent" or self.cr <= self.cr_limit

    @property
    def cr_text(self) -> str:
        """``CR 0.0801 > 0.08``: printed at a precision that keeps the comparison true."""
        sign = "≤" if self.passed else ">"
        return f"CR {shown_against(self.cr, self.cr_limit)} {sign} {limit_text(self.cr_limit)}"


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
    return (n for n in index.aggregates() if uses_method(n, "ahp"))


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
    allow_reversal: bool = False,
) -> tuple[MatrixCheck, ...]:
    """Per AHP node: every expert's matrix (complete, completed or absent), then the group.

    Advice is the repair's own steps (:func:`qualindex.weighting.diagnose.repair`), at most
    ``top`` per matrix.
    """
    options = options or WeightOptions()
    checks: list[MatrixCheck] = []
    experts = [j for j in judgments if j.pairwise]
    for node in _ahp_nodes(index):
        stack, sets = pairwise_stack(node, judgments)
        if not sets:
            continue
        done = complete_stack(node, stack, sets, options)
        how = node.weighting.incomplete if isinstance(node.weighting, AHPWeighting) else "none"
        for jset, given, matrix in zip(sets, stack, done, strict=True):
            filled = _filled(node, given, matrix)
            status: CheckStatus = "completed" if filled else "complete"
            ctx = _CheckCtx(node, options, top, allow_reversal, jset)
            checks.append(_check(ctx, jset.expert.id, matrix, status, how, filled))
        judged = {s.expert.id for s in sets}
        checks += [_absent(node, j.expert.id) for j in experts if j.expert.id not in judged]
        if len(sets) > 1:
            group = aij_matrix(done, expert_weights=[s.expert.weight for s in sets])
            ctx = _CheckCtx(node, options, top, allow_reversal, None)
            checks.append(_check(ctx, "group", group, "group", None, (), experts=len(sets)))
    return tuple(checks)


@dataclass(frozen=True)
class _CheckCtx:
    node: Node
    options: WeightOptions
    top: int
    allow_reversal: bool
    jset: JudgmentSet | None


def _filled(
    node: Node, given: np.ndarray, matrix: np.ndarray
) -> tuple[tuple[str, str, float], ...]:
    kids = node.children
    i, j = np.nonzero(np.triu(np.isnan(given), 1))
    return tuple((kids[a], kids[b], float(matrix[a, b])) for a, b in zip(i, j, strict=True))


def _absent(node: Node, expert: str) -> MatrixCheck:
    nan = math.nan
    return MatrixCheck(
        node.id, expert, len(node.children), nan, nan, nan, nan, "", nan, (),
        status="absent", reason=f"{expert!r} gave no pairwise judgments at {node.id!r}",
    )  # fmt: skip


def _check(
    ctx: _CheckCtx,
    who: str,
    matrix: np.ndarray,
    status: CheckStatus,
    completion: str | None,
    filled: tuple[tuple[str, str, float], ...],
    *,
    experts: int = 1,
) -> MatrixCheck:
    node = ctx.node
    priority, ri_table, cr_limit = ahp_settings(node, ctx.options)
    res = ahp(matrix, method=priority, ri_table=ri_table)
    limit = cr_limit if cr_limit is not None else default_cr_limit(res.n)
    fix = repair(
        matrix, cr_limit=limit, ri_table=ri_table, method=priority,
        allow_reversal=ctx.allow_reversal,
    )  # fmt: skip
    advice = tuple(_advice(ctx, who, ch) for ch in fix.changes[: ctx.top])
    w = res.weights
    return MatrixCheck(
        node.id, who, res.n, res.lambda_max, res.ci, res.cr, res.ri, res.ri_table, limit,
        advice, status=status, completion=completion if status == "completed" else None,
        filled=filled, weights=tuple(map(float, w)),
        consistency_vector=tuple(map(float, (matrix @ w) / w)),
        matrix=tuple(tuple(map(float, row)) for row in matrix),
        outcome=fix.describe(node.children), ordinal=fix.status == "ordinal", experts=experts,
        cycles=tuple(c.text(node.children) for c in fix.cycles) if fix.status == "ordinal" else (),
        name=ctx.jset.expert.display if ctx.jset is not None and ctx.jset.expert.name else "",
    )  # fmt: skip


def _advice(ctx: _CheckCtx, who: str, ch: RepairChange) -> Advice:
    kids = ctx.node.children
    a, b, old, new = kids[ch.i], kids[ch.j], ch.old, ch.new
    pair = _find_pair(ctx.jset, ctx.node.id, a, b) if ctx.jset is not None else None
    if pair is not None and pair.a != a:  # as the expert wrote it
        a, b, old, new = b, a, 1 / old, 1 / new
    return Advice(
        a, b, old, new, ch.error, ch.cr_after, pair.loc if pair else None,
        format_judgment(old), format_judgment(new),
    )  # fmt: skip


def repair_tree(
    index: IndexSystem,
    judgments: Sequence[JudgmentSet],
    options: WeightOptions | None = None,
    *,
    allow_reversal: bool = False,
) -> tuple[RepairEdit, ...]:
    """Minimal judgment changes, per expert and AHP node, until each CR is within its limit.

    A judgment never crosses 1 (the expert's direction) unless ``allow_reversal``; an
    intransitive cycle is then left as it is (see :func:`diagnose_tree`'s ``outcome``).
    """
    options = options or WeightOptions()
    edits: list[RepairEdit] = []
    for node in _ahp_nodes(index):
        stack, sets = pairwise_stack(node, judgments)
        priority, ri_table, cr_limit = ahp_settings(node, options)
        for jset, matrix in zip(sets, stack, strict=True):
            if np.isnan(matrix).any():
                continue  # completed matrices: the filled values are not the expert's
            result = repair(
                matrix, cr_limit=cr_limit, ri_table=ri_table, method=priority,
                allow_reversal=allow_reversal,
            )  # fmt: skip
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
    """The complete set of judgment files in folder ``out`` (never over an input): those with
    repaired judgments edited in place, each changed line noted (``# qualindex: was 3; CR
    0.132 → 0.071``), the others copied unchanged."""
    changes: list[tuple[Pair, float, str]] = []
    for edit in edits:
        jset = next(j for j in judgments if j.expert.id == edit.expert)
        pair = _find_pair(jset, edit.node, edit.a, edit.b)
        if pair is None:
            raise InputError(f"no written judgment for ({edit.a}, {edit.b}) at {edit.node!r}")
        forward = pair.a == edit.a
        old, new = (edit.old, edit.new) if forward else (1 / edit.old, 1 / edit.new)
        note = f"was {format_judgment(old)}; CR {edit.cr_before:.3f} → {edit.cr_after:.3f}"
        changes.append((pair, new, note))
    files = list(dict.fromkeys(j.loc.file for j in judgments if j.pairwise))
    inputs = [Path(f) for f in dict.fromkeys(j.loc.file for j in judgments)]
    return rewrite_pair_values(changes, out, files=files, inputs=inputs)
