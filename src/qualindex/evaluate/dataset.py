"""From data files to one row per (entity, period), with every bad cell located.

Wide files give a value per indicator per row.  Respondent files give one answer
sheet per row; their answers are scored through each item's scale (reverse-scored
items first) and averaged per entity and period, and the share of answers at each
scale point is kept for fuzzy comprehensive evaluation.  All problems of all files
are collected and raised together as one :class:`~qualindex.errors.DataError`.

Several files may fill the same (entity, period) row: a blank cell never overwrites
a value, the same value given twice is accepted, and two different values for one
(entity, period, indicator) are refused naming both cells.  Periods are put in time
order by :func:`~qualindex.evaluate.periods.order_periods` (``periods:`` wins).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, InputError, Problem
from qualindex.evaluate.io import (
    PLAIN_NUMBER,
    CellError,
    RawTable,
    ReadOptions,
    TableInfo,
    cell_text,
    key_texts,
    parse_number,
)
from qualindex.evaluate.periods import order_periods
from qualindex.hierarchy.model import IndexSystem, Indicator, Node, did_you_mean, frozen_map
from qualindex.texts import msg

__all__ = ["DataLayout", "Dataset", "RespondentAnswers", "build_dataset", "plausible"]

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
    periods: tuple[str, ...] | None = None  # explicit period order (run config periods:)
    label: str | None = None  # a column with each entity's display name (医院名称)


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
    period_order: tuple[str, ...] = ()  # distinct periods, earliest first
    tables: tuple[TableInfo, ...] = ()  # how each file was read (encoding, delimiter ...)
    labels: Mapping[str, str] = field(default_factory=frozen_map)  # entity -> display name

    def label(self, row: int) -> str:
        """The entity's display name in row ``row`` (its id when the data gives none)."""
        entity = self.entities[row]
        return self.labels.get(entity) or entity

    def __post_init__(self) -> None:
        if not self.period_order:  # a dataset made by hand: order its labels as files would be
            try:
                order = order_periods(self.periods)
            except InputError:
                order = tuple(sorted(set(self.periods)))
            object.__setattr__(self, "period_order", order)

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
        self.items.append(Problem(message, fix=fix, **table.locate(i, col)))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        extra = len(self.items) - MAX_LISTED
        listed = self.items[:MAX_LISTED]
        if extra > 0:
            listed.append(Problem(msg("data.more_like_these", extra=extra)))
        raise DataError(listed)


def _number(table: RawTable, cell: Any, unit: str | None = None) -> float | CellError:
    """A cell as a float (NaN if missing) under the file's options, or why it is not one."""
    try:
        return parse_number(cell, table.options, unit)
    except CellError as exc:
        return exc


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
    _check_layout(layout)
    chosen = [x for x in index.leaves() if leaves is None or x.id in leaves]
    layout, by_name = columns_by_name(chosen, [t.header for t, _ in tables], layout)
    _check_columns(chosen, tables, layout)
    keys: dict[tuple[str, str], int] = {}
    groups: dict[str, dict[int, str]] = {g: {} for g in layout.groups}
    wide_rows: list[tuple[RawTable, list[int]]] = []
    labels: dict[str, str] = {}
    for table, _kind in tables:
        rows = _row_keys(table, layout, keys, problems)
        _collect_groups(table, layout, rows, groups, problems)
        _collect_labels(table, layout, labels)
        wide_rows.append((table, rows))
    n = len(keys)
    # column-major: files are read, checked and scored one indicator column at a time
    fill = _Fill(chosen, layout, problems, np.full((n, len(chosen)), np.nan, order="F"))
    fill.keys = list(keys)
    fill.notes.extend(by_name)
    for (table, kind), (_, rows) in zip(tables, wide_rows, strict=True):
        if kind == "wide":
            fill.wide(table, rows)
        else:
            fill.respondent(table, rows)
    entities = tuple(k[0] for k in keys)
    periods = tuple(k[1] for k in keys)
    order = _period_order(periods, tables, wide_rows, layout, problems)
    problems.raise_if_any()
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
        order,
        tuple(t.info() for t, _ in tables),
        frozen_map(labels),
    )


def _collect_labels(table: RawTable, layout: DataLayout, labels: dict[str, str]) -> None:
    """Entity -> display name from the label column (the first non-blank name wins)."""
    if layout.label is None or layout.label not in table.header:
        return
    for entity, name in zip(table.columns[layout.entity], table.columns[layout.label], strict=True):
        text = cell_text(name)
        if text:
            labels.setdefault(cell_text(entity), text)


def _check_layout(layout: DataLayout) -> None:
    """Column names that are given must not be blank (``entity: ''``)."""
    blank = [
        name
        for name, value in (
            ("data.entity", layout.entity),
            ("data.period", layout.period),
            *((f"data.group[{i}]", g) for i, g in enumerate(layout.groups)),
            *((f"data.columns.{k}", v) for k, v in layout.columns.items()),
        )
        if value is not None and not str(value).strip()
    ]
    if blank:
        raise DataError(
            [
                Problem(msg("data.setting_empty", name=name), fix=msg("data.setting_empty.fix"))
                for name in blank
            ]
        )


def _period_order(
    periods: tuple[str, ...],
    tables: Sequence[tuple[RawTable, str]],
    rows: Sequence[tuple[RawTable, list[int]]],
    layout: DataLayout,
    problems: _Problems,
) -> tuple[str, ...]:
    """Distinct periods earliest first; an unordered label is located at its first cell."""
    explicit = layout.periods
    try:
        return order_periods(periods, explicit)
    except InputError as exc:
        refused = exc.problems[0]
        message = refused.message
    label = next(
        (
            p
            for p in dict.fromkeys(periods)
            if (explicit is not None and p not in explicit) or repr(p) in message
        ),
        None,
    )
    where = _first_cell(label, periods, rows, layout) if label is not None else None
    if where is None:
        problems.items.append(Problem(message, fix=refused.fix or msg("data.period.see")))
    else:
        fix = refused.fix or msg("data.period.see")
        problems.cell(where[0], where[1], str(layout.period), message, fix)
    return tuple(dict.fromkeys(periods))


def _first_cell(
    label: str,
    periods: tuple[str, ...],
    rows: Sequence[tuple[RawTable, list[int]]],
    layout: DataLayout,
) -> tuple[RawTable, int] | None:
    if not layout.period:
        return None
    for table, keys in rows:
        for i, k in enumerate(keys):
            if periods[k] == label and layout.period in table.header:
                return table, i
    return None


def columns_by_name(
    leaves: Sequence[Node], headers: Sequence[Sequence[str]], layout: DataLayout
) -> tuple[DataLayout, list[str]]:
    """Indicators whose column is headed by their name (再入院率) rather than their id.

    Only where nothing else names the column (no ``data.columns`` entry, no ``column:``, no
    column headed by the id) and exactly one header equals one of the indicator's names
    (any language).  The matches are returned as one note: they decide which values are read.
    """
    every = {c for h in headers for c in h}
    found: dict[str, str] = {}
    for leaf in leaves:
        ind = leaf.indicator
        if ind is None or leaf.id in layout.columns or ind.column or leaf.id in every:
            continue
        names = {v.strip() for v in (leaf.name.zh, leaf.name.en) if v and v.strip()}
        hits = sorted(names & every)
        if len(hits) == 1:
            found[leaf.id] = hits[0]
    if not found:
        return layout, []
    pairs = ", ".join(f"{col} → {leaf}" for leaf, col in found.items())
    note = msg("data.columns_by_name", count=len(found), pairs=pairs)
    return replace(layout, columns=frozen_map({**found, **layout.columns})), [note]


def _check_columns(
    leaves: Sequence[Node], tables: Sequence[tuple[RawTable, str]], layout: DataLayout
) -> None:
    """Entity/period columns in every file; every indicator's column in some file."""
    problems: list[Problem] = []
    every = sorted({c for t, _ in tables for c in t.header})
    for table, _kind in tables:
        for col in (layout.entity, layout.period):
            if col and col not in table.header:
                problems.append(_missing_column([table], col, table.header))
    for leaf in leaves:
        for col in _leaf_columns(leaf, layout):
            if col not in every:
                problems.append(_missing_column([t for t, _ in tables], col, every, leaf.id))
    if problems:
        raise DataError(problems)


def _leaf_columns(leaf: Node, layout: DataLayout) -> list[str]:
    ind = leaf.indicator
    assert ind is not None
    cols = [_column(layout, leaf)]
    if ind.expectation_column:
        cols.append(ind.expectation_column)
    return cols


def _missing_column(
    tables: Sequence[RawTable], col: str, header: Sequence[str], leaf: str | None = None
) -> Problem:
    hint = did_you_mean(col, header) or msg(
        "data.columns_are", listed=", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
    )
    if leaf is not None:  # an indicator: its column may be named in the run config
        hint = msg("data.no_column.name_it", hint=hint, leaf=leaf)
    what = (
        msg("data.no_column_for", col=col, who=msg("data.who_indicator", id=leaf))
        if leaf is not None
        else msg("data.no_column", col=col)
    )
    if len(tables) == 1:  # the header row of the one file, with its sheet
        t = tables[0]
        file = f"{t.file}[{t.sheet}]" if t.sheet is not None else t.file
        return Problem(what, file=file, line=t.options.header_row, fix=hint)
    return Problem(what, file=", ".join(t.file for t in tables), fix=hint)


def _row_keys(
    table: RawTable,
    layout: DataLayout,
    keys: dict[tuple[str, str], int],
    problems: _Problems,
) -> list[int]:
    """The dataset row of each table row (rows of one entity and period share one)."""
    entity = table.columns[layout.entity]
    for i in [i for i, cell in enumerate(entity) if cell is None]:
        problems.cell(
            table, i, layout.entity, msg("data.empty_entity"), msg("data.empty_entity.fix")
        )
    entities = key_texts(entity)
    periods = key_texts(table.columns[layout.period]) if layout.period else [""] * len(table)
    return [keys.setdefault(key, len(keys)) for key in zip(entities, periods, strict=True)]


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
            value = cell_text(table.columns[g][i])
            old = groups[g].setdefault(row, value)
            if old != value and value:
                problems.cell(
                    table,
                    i,
                    g,
                    msg("data.group_conflict", group=g, value=value, old=old),
                    msg("data.group_conflict.fix"),
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
        self.keys: list[tuple[str, str]] = []  # (entity, period) of each dataset row
        # which cell gave each value, looked up only to name a conflict: per leaf, the writes
        # in order as (table number, dataset rows, rows in that table), not rows x leaves arrays
        self.writes: dict[int, list[tuple[int, NDArray[np.int64], NDArray[np.int64]]]] = {}
        self.tables: list[RawTable] = []

    def source(self, row: int, j: int) -> tuple[int, int]:
        """Table number and table row of the latest write of (row, leaf j); (-1, -1) if none."""
        for t, at, idx in reversed(self.writes.get(j, [])):
            hit = np.flatnonzero(at == row)
            if hit.size:
                return t, int(idx[hit[-1]])
        return -1, -1

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
        """A value per cell; a blank never overwrites, a different value is a conflict.

        Rows of one entity and period in the same file are merged the same way, in
        passes (the first row of each, then the second ...), so each pass is vectorised.
        """
        self._extra(table)
        self.tables.append(table)
        t = len(self.tables) - 1
        at = np.asarray(rows, dtype=np.int64)
        count: dict[int, int] = {}
        level = np.zeros(len(rows), dtype=np.int64)
        for i, r in enumerate(rows):  # how many earlier rows of the file share this row
            level[i] = count.get(r, 0)
            count[r] = int(level[i]) + 1
        passes = [np.flatnonzero(level == k) for k in range(int(level.max(initial=0)) + 1)]
        for j, leaf, ind, col in self._present(table):
            new = _numbers(table, col, ind, self.problems)
            for idx in passes:
                self._merge(table, t, col, leaf, j, at[idx], new[idx], idx)
            if ind.expectation_column and ind.expectation_column in table.header:
                expect = _numbers(table, ind.expectation_column, ind, self.problems)
                self.item_scores[at, j] = _gap_scores(self.values[at, j], expect, ind)

    def _merge(
        self,
        table: RawTable,
        t: int,
        col: str,
        leaf: Node,
        j: int,
        at: NDArray[np.int64],
        new: FloatArray,
        idx: NDArray[np.int64],
    ) -> None:
        """Write the given cells of one pass; a different earlier value is a conflict."""
        old = self.values[at, j]
        given = ~np.isnan(new)
        for k in np.flatnonzero(given & ~np.isnan(old) & (new != old)).tolist():
            self._conflict(table, int(idx[k]), col, leaf, int(at[k]), float(new[k]))
        if given.all():
            self.values[at, j] = new
            self.writes.setdefault(j, []).append((t, at, idx))
        else:
            self.values[at[given], j] = new[given]
            self.writes.setdefault(j, []).append((t, at[given], idx[given]))

    def _conflict(self, table: RawTable, i: int, col: str, leaf: Node, row: int, x: float) -> None:
        j = self.leaves.index(leaf)
        src, k = self.source(row, j)
        other = self.tables[src]
        entity, period = self.keys[row] if self.keys else ("", "")
        self.problems.cell(
            table,
            i,
            col,
            msg(
                "data.conflict",
                x=x,
                other=float(self.values[row, j]),
                at=other.cell_ref(k, _column(self.layout, leaf)),
                who=_who(entity, period),
                id=leaf.id,
            ),
            msg("data.conflict.fix"),
        )

    def respondent(self, table: RawTable, rows: list[int]) -> None:
        """Score answer sheets; sheets with too many blanks are left out and counted."""
        survey = [(j, leaf, ind, col) for j, leaf, ind, col in self._present(table) if ind.scale]
        answers = {j: _answers(table, col, ind, self.problems) for j, _, ind, col in survey}
        keep = self._screen(table, answers)
        row = np.array(rows, dtype=np.int64)[keep]
        n = self.values.shape[0]
        # only the rows this file covers (other files fill the rest); first sheet of each
        mine, first = np.unique(row, return_index=True)
        self.tables.append(table)
        t, first_sheet = len(self.tables) - 1, np.flatnonzero(keep)[first]
        for j, leaf, ind, _col in survey:
            given = answers[j][keep]
            scores = _scores(given, ind)
            if ind.expectation_column:
                expect = _answers(table, ind.expectation_column, ind, self.problems)[keep]
                scores = _gap_scores(given, expect, ind)
            self._overlap(table, mine, j, leaf)
            self.writes.setdefault(j, []).append((t, mine, first_sheet))
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

    def _overlap(self, table: RawTable, mine: NDArray[np.int64], j: int, leaf: Node) -> None:
        """Answers for rows another file already gave a value: refused, never overwritten."""
        taken = mine[~np.isnan(self.values[mine, j])]
        for row in taken[:1]:
            entity, period = self.keys[row] if self.keys else ("", "")
            src = self.source(int(row), j)[0]
            where = self.tables[int(src)].file if src >= 0 else msg("data.earlier_answers")
            self.problems.items.append(
                Problem(
                    msg(
                        "data.overlap_more" if len(taken) > 1 else "data.overlap",
                        who=_who(entity, period),
                        id=leaf.id,
                        where=where,
                        **({"more": len(taken) - 1} if len(taken) > 1 else {}),
                    ),
                    file=table.file,
                    path=msg("data.where_column", column=_column(self.layout, leaf)),
                    fix=msg("data.overlap.fix"),
                )
            )

    def _screen(self, table: RawTable, answers: Mapping[int, FloatArray]) -> NDArray[np.bool_]:
        """Sheets whose share of blank items is at most ``layout.max_blank_share``."""
        if not answers:
            return np.ones(len(table), dtype=bool)
        blank = np.mean([np.isnan(a) for a in answers.values()], axis=0)
        keep = blank <= self.layout.max_blank_share
        if not keep.all():
            self.notes.append(
                msg(
                    "data.sheets_left_out",
                    file=table.file,
                    n=int((~keep).sum()),
                    total=len(table),
                    share=self.layout.max_blank_share,
                )
            )
        return keep


def _who(entity: str, period: str) -> str:
    if period:
        return msg("data.who_entity_period", entity=entity, period=period)
    return msg("data.who_entity", entity=entity)


def _numbers(table: RawTable, col: str, ind: Indicator | None, problems: _Problems) -> FloatArray:
    """The column as floats (NaN = missing); every bad cell becomes a located problem."""
    column = table.columns[col]
    if isinstance(column, np.ndarray):  # Parquet numbers
        out = np.array(column, dtype=np.float64)
    else:
        out = _parse_column(table, col, column, ind, problems)
    for k in np.flatnonzero(~_plausible(out, ind)).tolist():  # only cells out of a range
        message = _bad_value(float(out[k]), ind, column[k])
        if message:
            problems.cell(table, k, col, message[0], message[1])
            out[k] = np.nan
    return out


def _parse_column(
    table: RawTable, col: str, column: Sequence[Any], ind: Indicator | None, problems: _Problems
) -> FloatArray:
    """Cells to floats; plain ASCII numbers directly, the rest through :func:`parse_number`."""
    options, unit = table.options, ind.unit if ind is not None else None
    match = PLAIN_NUMBER.fullmatch if options.point else None
    values: list[float] = []
    for i, cell in enumerate(column):
        if cell is None:
            values.append(math.nan)
        elif match is not None and type(cell) is str and match(cell):
            values.append(float(cell))
        else:
            x = _number(table, cell, unit)
            if isinstance(x, CellError):
                problems.cell(table, i, col, x.message, x.fix)
                x = math.nan
            values.append(x)
    return np.array(values, dtype=np.float64)


def _plausible(x: FloatArray, ind: Indicator | None) -> NDArray[np.bool_]:
    """Cells that surely pass :func:`_bad_value` (NaN, or finite and inside every range)."""
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(x)
        if ind is not None and ind.scale is not None:
            ok &= (x >= ind.scale.lo) & (x <= ind.scale.hi)
        if ind is not None and ind.unit == "%":
            ok &= (x >= 0) & (x <= 100)
        if ind is not None and ind.points is not None:
            ok &= (x >= 0) & (x <= ind.points)
    return ok | np.isnan(x)


#: the streamed engine checks its batches with the same ranges
plausible = _plausible


def _bad_value(x: float | CellError, ind: Indicator | None, cell: Any) -> tuple[str, str] | None:
    if isinstance(x, CellError):
        return x.message, x.fix
    if math.isnan(x) or ind is None:
        return None
    if not math.isfinite(x):
        return msg("data.not_finite", cell=cell), msg("data.not_number.fix")
    if ind.scale is not None and not ind.scale.lo <= x <= ind.scale.hi:
        return (
            msg("data.off_scale", x=x, scale=ind.scale.id, lo=ind.scale.lo, hi=ind.scale.hi),
            msg("data.off_scale.fix"),
        )
    if ind.unit == "%" and not 0 <= x <= 100:
        return msg("data.percent_range", x=x), msg("data.percent_range.fix")
    if ind.points is not None and not 0 <= x <= ind.points:
        return msg("data.points_range", x=x, points=ind.points), msg("data.points_range.fix")
    return None


def _answer(cell: Any, ind: Indicator, options: ReadOptions) -> float | None:
    """An answer cell as a scale value (number or label); None if it is neither."""
    scale = ind.scale
    assert scale is not None
    if isinstance(cell, str) and cell.strip() in scale.label_map():
        return scale.label_map()[cell.strip()]
    x = _number_plain(cell, options)
    if x is None or (not math.isnan(x) and x not in scale.score_map()):
        return None
    return x


def _number_plain(cell: Any, options: ReadOptions) -> float | None:
    """An answer cell as a number, None if it is not one (answers are scale points)."""
    try:
        return parse_number(cell, options)
    except CellError:
        return None


def _answers(table: RawTable, col: str, ind: Indicator, problems: _Problems) -> FloatArray:
    out = np.full(len(table), np.nan)
    scale = ind.scale
    assert scale is not None
    for i, cell in enumerate(table.columns[col]):
        x = _answer(cell, ind, table.options)
        if x is None:
            points = ", ".join(f"{v:g}" for v in sorted(scale.score_map()))
            problems.cell(
                table,
                i,
                col,
                msg("data.not_answer", cell=cell, scale=scale.id),
                msg("data.not_answer.fix", points=points),
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


answer_scores = _scores  # public for the Dask engine (the same scoring of answers)
