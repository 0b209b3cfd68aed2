"""From data files to one row per (entity, period), with every bad cell located.

Wide files give a value per indicator per row.  Respondent files give one answer
sheet per row; their answers are scored through each item's scale (reverse-scored
items first) and averaged per entity and period, and the share of answers at each
scale point is kept for fuzzy comprehensive evaluation.  All problems of all files
are collected and raised together as one :class:`~qualindex.errors.DataError`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, Problem
from qualindex.evaluate.io import RawTable
from qualindex.hierarchy.model import IndexSystem, Indicator, Node, did_you_mean, frozen_map

__all__ = ["DataLayout", "Dataset", "RespondentAnswers", "build_dataset"]

FloatArray = NDArray[np.float64]
MAX_LISTED = 40  # problems listed before "... and N more"


@dataclass(frozen=True)
class DataLayout:
    """Which columns identify a row, and which column holds each indicator."""

    entity: str
    period: str | None = None
    groups: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=frozen_map)  # indicator id -> column
    extra: tuple[str, ...] = ()  # respondent columns kept as they are (importance ratings)
    max_blank_share: float = 1.0  # answer sheets with more blank items are left out


@dataclass(frozen=True)
class RespondentAnswers:
    """Respondent-level answers of the survey items (for alpha, top-box, NPS)."""

    items: tuple[str, ...]
    answers: FloatArray  # respondents x items, on the scale values, NaN = no answer
    row: NDArray[np.int64]  # the dataset row (entity, period) of each respondent


@dataclass(frozen=True)
class Dataset:
    """Measured values per (entity, period) row and indicator (leaf order of the index)."""

    entities: tuple[str, ...]
    periods: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]]
    leaves: tuple[str, ...]
    values: FloatArray  # rows x leaves: raw values (wide) or mean answers (respondent)
    item_scores: FloatArray  # rows x leaves: mean answer scores (survey items), else NaN
    distributions: Mapping[str, FloatArray]  # leaf -> rows x scale points (shares)
    respondents: tuple[RespondentAnswers, ...]  # one per respondent file
    files: tuple[str, ...]
    extra: Mapping[str, FloatArray] = field(default_factory=frozen_map)  # column -> respondents
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.entities)


def _column(layout: DataLayout, node: Node) -> str:
    ind = node.indicator
    assert ind is not None
    return layout.columns.get(node.id) or ind.column or node.id


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def cell(self, table: RawTable, i: int, col: str, message: str, fix: str) -> None:
        col_no = table.header.index(col) + 1
        self.items.append(
            Problem(message, table.file, table.rows[i], col_no, f"column {col!r}", fix)
        )

    def raise_if_any(self) -> None:
        if not self.items:
            return
        extra = len(self.items) - MAX_LISTED
        listed = self.items[:MAX_LISTED]
        if extra > 0:
            listed.append(Problem(f"... and {extra} more problems like these"))
        raise DataError(listed)


def _number(cell: Any) -> float | None:
    """A cell as a float; None for text that is not a number."""
    if cell is None:
        return math.nan
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    try:
        return float(str(cell).replace(",", ""))
    except ValueError:
        return None


def build_dataset(
    index: IndexSystem,
    tables: Sequence[tuple[RawTable, str]],
    layout: DataLayout,
    *,
    leaves: Collection[str] | None = None,
) -> Dataset:
    """Merge ``(table, layout)`` pairs (layout ``"wide"`` or ``"respondent"``) into a dataset.

    ``leaves`` keeps only those indicators (in the index's order); the others' columns
    are neither required nor read.
    """
    problems = _Problems()
    chosen = [x for x in index.leaves() if leaves is None or x.id in leaves]
    _check_columns(chosen, tables, layout)
    keys: dict[tuple[str, str], int] = {}
    groups: dict[str, dict[int, str]] = {g: {} for g in layout.groups}
    wide_rows: list[tuple[RawTable, list[int]]] = []
    for table, kind in tables:
        rows = _row_keys(table, layout, keys, problems, unique=kind == "wide")
        _collect_groups(table, layout, rows, groups, problems)
        wide_rows.append((table, rows))
    n = len(keys)
    fill = _Fill(chosen, layout, problems, np.full((n, len(chosen)), np.nan))
    for (table, kind), (_, rows) in zip(tables, wide_rows, strict=True):
        if kind == "wide":
            fill.wide(table, rows)
        else:
            fill.respondent(table, rows)
    problems.raise_if_any()
    entities = tuple(k[0] for k in keys)
    periods = tuple(k[1] for k in keys)
    group_cols = {g: tuple(groups[g].get(i, "") for i in range(n)) for g in layout.groups}
    return Dataset(
        entities,
        periods,
        frozen_map(group_cols),
        tuple(x.id for x in chosen),
        fill.values,
        fill.item_scores,
        frozen_map(fill.distributions),
        tuple(fill.respondents),
        tuple(t.file for t, _ in tables),
        frozen_map({c: np.concatenate(parts) for c, parts in fill.extra.items()}),
        tuple(fill.notes),
    )


def _check_columns(
    leaves: Sequence[Node], tables: Sequence[tuple[RawTable, str]], layout: DataLayout
) -> None:
    """Entity/period columns in every file; every indicator's column in some file."""
    problems: list[Problem] = []
    every = sorted({c for t, _ in tables for c in t.header})
    for table, _kind in tables:
        for col in (layout.entity, layout.period):
            if col and col not in table.header:
                problems.append(_missing_column(table.file, col, table.header))
    for leaf in leaves:
        for col in _leaf_columns(leaf, layout):
            if col not in every:
                problems.append(
                    _missing_column(
                        ", ".join(t.file for t, _ in tables), col, every, f"indicator {leaf.id!r}"
                    )
                )
    if problems:
        raise DataError(problems)


def _leaf_columns(leaf: Node, layout: DataLayout) -> list[str]:
    ind = leaf.indicator
    assert ind is not None
    cols = [_column(layout, leaf)]
    if ind.expectation_column:
        cols.append(ind.expectation_column)
    return cols


def _missing_column(file: str, col: str, header: Sequence[str], who: str = "") -> Problem:
    hint = did_you_mean(col, header) or "columns: " + ", ".join(header[:12]) + (
        " ..." if len(header) > 12 else ""
    )
    what = f"no column {col!r}" + (f" for {who}" if who else "")
    return Problem(what, file=file, line=1, fix=hint)


def _row_keys(
    table: RawTable,
    layout: DataLayout,
    keys: dict[tuple[str, str], int],
    problems: _Problems,
    *,
    unique: bool,
) -> list[int]:
    out = []
    seen: dict[tuple[str, str], int] = {}
    for i in range(len(table)):
        entity = table.columns[layout.entity][i]
        period = table.columns[layout.period][i] if layout.period else None
        if entity is None:
            problems.cell(table, i, layout.entity, "empty entity id", "give every row an entity")
        key = (_text(entity), _text(period))
        if unique and key in seen:
            problems.cell(
                table,
                i,
                layout.entity,
                f"entity {key[0]!r}{' in ' + key[1] if key[1] else ''} appears twice "
                f"(first at row {table.rows[seen[key]]})",
                "keep one row per entity and period",
            )
        seen.setdefault(key, i)
        out.append(keys.setdefault(key, len(keys)))
    return out


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _collect_groups(
    table: RawTable,
    layout: DataLayout,
    rows: list[int],
    groups: dict[str, dict[int, str]],
    problems: _Problems,
) -> None:
    for g in layout.groups:
        if g not in table.header:
            continue
        for i, row in enumerate(rows):
            value = _text(table.columns[g][i])
            old = groups[g].setdefault(row, value)
            if old != value and value:
                problems.cell(
                    table,
                    i,
                    g,
                    f"group {g!r} is {value!r} here but {old!r} elsewhere",
                    "give an entity one group value per period",
                )


class _Fill:
    """Accumulates every file's values into the rows x leaves arrays of the dataset."""

    def __init__(
        self, leaves: Sequence[Node], layout: DataLayout, problems: _Problems, values: FloatArray
    ) -> None:
        self.leaves, self.layout, self.problems = leaves, layout, problems
        self.values = values
        self.item_scores = np.full_like(values, np.nan)
        self.distributions: dict[str, FloatArray] = {}
        # importance columns: every file's ratings in file order (answer sheets, or one mean
        # per entity row of a wide table)
        self.extra: dict[str, list[FloatArray]] = {}
        self.respondents: list[RespondentAnswers] = []
        self.notes: list[str] = []

    def _present(self, table: RawTable) -> list[tuple[int, Node, Indicator, str]]:
        out = []
        for j, leaf in enumerate(self.leaves):
            col = _column(self.layout, leaf)
            if leaf.indicator is not None and col in table.header:
                out.append((j, leaf, leaf.indicator, col))
        return out

    def _extra(self, table: RawTable, keep: NDArray[np.bool_] | None = None) -> None:
        for col in self.layout.extra:
            if col in table.header:
                ratings = _numbers(table, col, None, self.problems)
                self.extra.setdefault(col, []).append(ratings if keep is None else ratings[keep])

    def wide(self, table: RawTable, rows: list[int]) -> None:
        self._extra(table)
        for j, _leaf, ind, col in self._present(table):
            self.values[rows, j] = _numbers(table, col, ind, self.problems)
            if ind.expectation_column and ind.expectation_column in table.header:
                expect = _numbers(table, ind.expectation_column, ind, self.problems)
                self.item_scores[rows, j] = _gap_scores(self.values[rows, j], expect, ind)

    def respondent(self, table: RawTable, rows: list[int]) -> None:
        """Score answer sheets; sheets with too many blanks are left out and counted."""
        survey = [(j, leaf, ind, col) for j, leaf, ind, col in self._present(table) if ind.scale]
        answers = {j: _answers(table, col, ind, self.problems) for j, _, ind, col in survey}
        keep = self._screen(table, answers)
        row = np.array(rows, dtype=np.int64)[keep]
        n = self.values.shape[0]
        mine = np.unique(row)  # only the rows this file covers: other files fill the rest
        for j, leaf, ind, _col in survey:
            given = answers[j][keep]
            scores = _scores(given, ind)
            if ind.expectation_column:
                expect = _answers(table, ind.expectation_column, ind, self.problems)[keep]
                scores = _gap_scores(given, expect, ind)
            self.values[mine, j] = _group_mean(given, row, n)[mine]
            self.item_scores[mine, j] = _group_mean(scores, row, n)[mine]
            assert ind.scale is not None
            shares = self.distributions.setdefault(
                leaf.id, np.full((n, len(ind.scale.points)), np.nan)
            )
            shares[mine] = _shares(given, row, n, ind)[mine]
        items = tuple(leaf.id for _, leaf, _, _ in survey)
        matrix = np.column_stack([answers[j][keep] for j, *_ in survey]) if survey else None
        if matrix is not None:
            self.respondents.append(RespondentAnswers(items, matrix, row))
        self._extra(table, keep)

    def _screen(self, table: RawTable, answers: Mapping[int, FloatArray]) -> NDArray[np.bool_]:
        """Sheets whose share of blank items is at most ``layout.max_blank_share``."""
        if not answers:
            return np.ones(len(table), dtype=bool)
        blank = np.mean([np.isnan(a) for a in answers.values()], axis=0)
        keep = blank <= self.layout.max_blank_share
        if not keep.all():
            self.notes.append(
                f"{table.file}: {int((~keep).sum())} of {len(table)} answer sheets left out: "
                f"more than {self.layout.max_blank_share:.0%} of their items blank"
            )
        return keep


def _numbers(table: RawTable, col: str, ind: Indicator | None, problems: _Problems) -> FloatArray:
    out = np.full(len(table), np.nan)
    for i, cell in enumerate(table.columns[col]):
        x = _number(cell)
        message = _bad_value(x, ind, cell)
        if message:
            problems.cell(table, i, col, message[0], message[1])
        elif x is not None:
            out[i] = x
    return out


def _bad_value(x: float | None, ind: Indicator | None, cell: Any) -> tuple[str, str] | None:
    if x is None:
        return f"{cell!r} is not a number", "write a number, or leave the cell empty if missing"
    if math.isnan(x) or ind is None:
        return None
    if not math.isfinite(x):
        return f"{cell!r} is not a finite number", "write a number"
    if ind.scale is not None and not ind.scale.lo <= x <= ind.scale.hi:
        return (
            f"{x:g} is outside scale {ind.scale.id} ({ind.scale.lo:g}-{ind.scale.hi:g})",
            "check the scale or the answer coding",
        )
    if ind.unit == "%" and not 0 <= x <= 100:
        return f"{x:g} % is outside 0-100", "give percentages as 0-100 (not 0-1 or >100)"
    if ind.points is not None and not 0 <= x <= ind.points:
        return f"{x:g} points is outside 0-{ind.points:g}", "check the audit points awarded"
    return None


def _answer(cell: Any, ind: Indicator) -> float | None:
    """An answer cell as a scale value (number or label); None if it is neither."""
    scale = ind.scale
    assert scale is not None
    if isinstance(cell, str) and cell.strip() in scale.label_map():
        return scale.label_map()[cell.strip()]
    x = _number(cell)
    if x is None or (not math.isnan(x) and x not in scale.score_map()):
        return None
    return x


def _fill_respondent(
    table: RawTable,
    rows: list[int],
    leaves: Sequence[Node],
    layout: DataLayout,
    values: FloatArray,
    item_scores: FloatArray,
    distributions: dict[str, FloatArray],
    problems: _Problems,
    n_rows: int,
) -> RespondentAnswers:
    row_index = np.array(rows, dtype=np.int64)
    items, columns = [], []
    for j, leaf in enumerate(leaves):
        ind = leaf.indicator
        col = _column(layout, leaf)
        if ind is None or ind.scale is None or col not in table.header:
            continue
        answers = _answers(table, col, ind, problems)
        scores = _scores(answers, ind)
        if ind.expectation_column:
            expect = _answers(table, ind.expectation_column, ind, problems)
            scores = _gap_scores(answers, expect, ind)
        values[:, j] = _group_mean(answers, row_index, n_rows)
        item_scores[:, j] = _group_mean(scores, row_index, n_rows)
        distributions[leaf.id] = _shares(answers, row_index, n_rows, ind)
        items.append(leaf.id)
        columns.append(answers)
    matrix = np.column_stack(columns) if columns else np.empty((len(rows), 0))
    return RespondentAnswers(tuple(items), matrix, row_index)


def _answers(table: RawTable, col: str, ind: Indicator, problems: _Problems) -> FloatArray:
    out = np.full(len(table), np.nan)
    scale = ind.scale
    assert scale is not None
    for i, cell in enumerate(table.columns[col]):
        x = _answer(cell, ind)
        if x is None:
            points = ", ".join(f"{v:g}" for v in sorted(scale.score_map()))
            problems.cell(
                table,
                i,
                col,
                f"{cell!r} is not an answer on scale {scale.id}",
                f"use {points} or their labels; leave blank for no answer",
            )
        else:
            out[i] = x
    return out


def _scores(answers: FloatArray, ind: Indicator) -> FloatArray:
    """Answer -> score through the scale's map (reverse-scored items mirrored first)."""
    scale = ind.scale
    assert scale is not None
    x = scale.lo + scale.hi - answers if ind.reverse else answers
    pts = sorted(scale.score_map().items())
    return np.interp(x, [p for p, _ in pts], [s for _, s in pts]) + 0 * x  # keeps NaN


def _gap_scores(perception: FloatArray, expectation: FloatArray, ind: Indicator) -> FloatArray:
    """SERVQUAL gap P - E (reverse items mirrored), mapped from -(hi-lo)..+(hi-lo) to 0-100."""
    scale = ind.scale
    assert scale is not None
    span = scale.hi - scale.lo
    p = scale.lo + scale.hi - perception if ind.reverse else perception
    e = scale.lo + scale.hi - expectation if ind.reverse else expectation
    return (p - e + span) / (2 * span) * 100.0


def _group_mean(x: FloatArray, row: NDArray[np.int64], n: int) -> FloatArray:
    ok = ~np.isnan(x)
    total = np.bincount(row[ok], weights=x[ok], minlength=n)
    count = np.bincount(row[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _shares(answers: FloatArray, row: NDArray[np.int64], n: int, ind: Indicator) -> FloatArray:
    """rows x scale points (highest point first): share of the answers at each point."""
    scale = ind.scale
    assert scale is not None
    points = sorted(scale.score_map(), reverse=True)
    x = scale.lo + scale.hi - answers if ind.reverse else answers
    counts = np.stack([np.bincount(row[x == p], minlength=n) for p in points], axis=1).astype(float)
    total = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, counts / np.maximum(total, 1), np.nan)
