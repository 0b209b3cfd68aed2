"""A pairwise matrix laid out as an n x n grid (one spreadsheet sheet per node).

Consultants and yaahp exports keep judgments as a square table: the elements across the
first row and down the first column, ``a_ij`` in row *i*, column *j* ("row element over
column element").  This module reads such a grid from cells already read (no file I/O):

* the column headers and the row labels name the same elements in the same order, by id or
  by name (zh or en);
* the diagonal is 1 or blank;
* a judgment is taken from the upper triangle; a lower-triangle cell may be blank or must be
  its reciprocal (within 1 %, so 0.333 for 1/3 passes); an upper cell left blank takes the
  reciprocal of the lower one, and a pair blank on both sides is not judged (for
  ``incomplete:`` nodes).

Every unreadable or contradictory cell is one problem naming its cell (``B3``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qualindex.hierarchy.judgment_checks import parse_pair_value
from qualindex.texts import msg

__all__ = ["GridPairs", "cell_name", "parse_grid"]


@dataclass(frozen=True)
class GridPairs:
    """The pairs read from a grid (``[a, b, value as written]``) and the cells' problems."""

    pairs: list[list[Any]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (cell, message, fix)


def cell_name(row: int, col: int) -> str:
    """1-based row and column -> ``A1`` notation."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_grid(
    grid: Sequence[Sequence[Any]],
    names: Mapping[str, str],
    *,
    first_row: int = 1,
    first_col: int = 1,
) -> GridPairs:
    """Pairs of a square grid whose first row and column label the elements.

    ``names`` maps every accepted label (id, zh name, en name) to the element's id;
    ``first_row`` / ``first_col`` are the sheet coordinates of the grid's corner cell.
    """
    out = GridPairs()
    header = list(grid[0][1:]) if grid else []
    while header and _blank(header[-1]):
        header.pop()
    n = len(header)
    rows = [r for r in grid[1:] if any(not _blank(c) for c in r)]

    def where(i: int, j: int) -> str:
        return cell_name(first_row + i, first_col + j)

    cols = [_label(out, names, h, where(0, j + 1)) for j, h in enumerate(header)]
    labels = [_label(out, names, r[0] if r else None, where(i + 1, 0)) for i, r in enumerate(rows)]
    if len(rows) != n or labels != cols:
        out.problems.append(
            (
                where(0, 0),
                msg(
                    "grids.not_square",
                    rows=", ".join(map(str, labels)),
                    cols=", ".join(map(str, cols)),
                ),
                msg("grids.not_square.fix"),
            )
        )
        return out
    values = [
        [_value(out, r[j + 1] if j + 1 < len(r) else None, where(i + 1, j + 1)) for j in range(n)]
        for i, r in enumerate(rows)
    ]
    raw = [[r[j + 1] if j + 1 < len(r) else None for j in range(n)] for r in rows]
    for i in range(n):
        diag = values[i][i]
        if diag is not None and not math.isclose(diag, 1.0):
            said = msg("grids.diagonal")
            out.problems.append((where(i + 1, i + 1), said, msg("grids.diagonal.fix")))
        for j in range(i + 1, n):
            up, low = values[i][j], values[j][i]
            if up is not None and low is not None and not math.isclose(up * low, 1.0, rel_tol=0.01):
                out.problems.append(
                    (
                        where(j + 1, i + 1),
                        msg(
                            "grids.not_reciprocal",
                            low=raw[j][i],
                            up=raw[i][j],
                            at=where(i + 1, j + 1),
                        ),
                        msg("grids.not_reciprocal.fix"),
                    )
                )
            elif up is not None:
                out.pairs.append([cols[i], cols[j], _as_written(raw[i][j])])
            elif low is not None:
                out.pairs.append([cols[j], cols[i], _as_written(raw[j][i])])
    return out


def _label(out: GridPairs, names: Mapping[str, str], cell: Any, where: str) -> str | None:
    if _blank(cell):
        out.problems.append((where, msg("grids.blank_label"), msg("grids.blank_label.fix")))
        return None
    text = str(cell).strip()
    if text not in names:
        known = ", ".join(dict.fromkeys(names.values()))
        said = msg("grids.not_element", text=text)
        out.problems.append((where, said, msg("grids.not_element.fix", known=known)))
        return None
    return names[text]


def _value(out: GridPairs, cell: Any, where: str) -> float | None:
    if _blank(cell):
        return None
    v = parse_pair_value(cell, {})
    if v is None or not math.isfinite(v) or v <= 0:
        out.problems.append(
            (where, msg("grids.not_positive", value=cell), msg("grids.not_positive.fix"))
        )
        return None
    return v


def _as_written(cell: Any) -> Any:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell.strip() if isinstance(cell, str) else cell
