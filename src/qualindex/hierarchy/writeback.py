"""Writing judgments back to YAML: changed pair values edited in place, comments kept.

A repaired judgment file must read like the expert's own: the same layout, comments and
notation, with only the repaired values changed, so each value is replaced at the line and
column the loader recorded for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from qualindex.hierarchy.model import Pair
from qualindex.outputs import write_atomic

__all__ = ["format_saaty", "rewrite_pair_values"]


def rewrite_pair_values(
    changes: Sequence[tuple[Pair, float]], out: Path, *, inputs: Iterable[Path] = ()
) -> list[Path]:
    """Copies of the files holding ``changes`` (pair -> new value of ``pair.a`` over
    ``pair.b``) in folder ``out``; never over one of ``inputs``."""
    by_file: dict[str, list[tuple[Pair, float]]] = {}
    for pair, value in changes:
        by_file.setdefault(pair.loc.file, []).append((pair, value))
    inputs = list(inputs)
    written = []
    for file, mine in by_file.items():
        text = _edit_values(Path(file).read_text(encoding="utf-8-sig"), mine)
        written.append(write_atomic(out / Path(file).name, text, inputs=inputs))
    return written


def format_saaty(value: float) -> str:
    """3 -> ``3``; 0.333 -> ``"1/3"`` (quoted, as YAML needs for a fraction)."""
    if value >= 1 - 1e-9:
        return f"{value:g}" if not math.isclose(value, round(value)) else str(round(value))
    return f'"1/{round(1 / value)}"'


def _edit_values(text: str, changes: Sequence[tuple[Pair, float]]) -> str:
    """Replace each pair's value token at its recorded line/column."""
    lines = text.split("\n")
    for pair, value in sorted(changes, key=lambda c: (-(c[0].loc.line or 0), -(c[0].loc.col or 0))):
        row = (pair.loc.line or 1) - 1
        col = (pair.loc.col or 1) - 1
        line = lines[row]
        end = _token_end(line, col)
        lines[row] = f"{line[:col]}{format_saaty(value)}{line[end:]}"
    return "\n".join(lines)


def _token_end(line: str, start: int) -> int:
    if line[start] in "\"'":
        close = line.find(line[start], start + 1)
        return close + 1 if close > 0 else len(line)
    end = start
    while end < len(line) and line[end] not in ",]}#":
        end += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return end
