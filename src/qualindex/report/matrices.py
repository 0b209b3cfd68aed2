"""Each expert's pairwise comparison matrix per node, as report tables (appendix and xlsx).

A reviewer checking a weight wants the judgments behind it: the body of a report shows the
weights and their consistency, the appendix (and one worksheet) the matrices themselves,
one per node and expert, entry :math:`a_{ij}` = how many times more important row *i* is
than column *j* (Saaty 1980), reciprocal below the diagonal.  Pairs an expert left out
are shown as missing, never filled in here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex.report.tables import Cell, Column, Kind, ReportData, Table
from qualindex.weighting.ahp import reciprocal_matrix

__all__ = ["ExpertMatrix", "expert_matrices", "matrix_table", "saaty_text"]


@dataclass(frozen=True)
class ExpertMatrix:
    """One expert's reciprocal matrix at one node (NaN where a pair was not given)."""

    node: str
    expert: str  # the expert's display name
    children: tuple[str, ...]
    matrix: NDArray[np.float64]


def expert_matrices(rd: ReportData) -> list[ExpertMatrix]:
    """Every pairwise judgment set of the run, node by node in tree order, experts in file order."""
    out = []
    for node in rd.index.aggregates():
        children = tuple(c.id for c in rd.index.children(node.id))
        where = {c: i for i, c in enumerate(children)}
        for judgments in rd.project.all_judgments:
            pairs = judgments.pairwise.get(node.id)
            if not pairs:
                continue
            given = {
                (where[p.a], where[p.b]): p.value for p in pairs if p.a in where and p.b in where
            }
            matrix = reciprocal_matrix(given, len(children))
            out.append(ExpertMatrix(node.id, judgments.expert.display, children, matrix))
    return out


def saaty_text(value: float) -> str:
    """A judgment as experts write it: 3 -> ``3``, 0.333... -> ``1/3``, NaN -> ``–``."""
    if np.isnan(value):
        return "–"
    if value >= 1 - 1e-9:
        return f"{value:.3g}"
    return f"1/{1 / value:.3g}"


def matrix_table(rd: ReportData, m: ExpertMatrix, *, numbers: bool = False) -> Table:
    """One matrix as a table titled "node — expert": a row and a column per child.

    ``numbers``: cells hold the values (for a workbook) rather than Saaty's ``1/3`` text.
    """
    names = [rd.name(c) for c in m.children]
    kind: Kind = "ratio" if numbers else "value"
    columns = (Column(""), *(Column(n, kind) for n in names))
    rows: list[tuple[Cell, ...]] = []
    for i, name in enumerate(names):
        values = m.matrix[i].tolist()
        cells: list[Cell] = [
            (None if np.isnan(v) else float(v)) if numbers else saaty_text(v) for v in values
        ]
        rows.append((name, *cells))
    return Table(f"{rd.name(m.node)} — {m.expert}", columns, tuple(rows))
