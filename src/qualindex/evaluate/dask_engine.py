"""Evaluation on Dask (``qualindex evaluate --engine dask``): data past one machine.

The same two passes as the in-process engine, on :mod:`dask.dataframe` over partitioned
Parquet or CSV (a folder, a glob or a file per ``data:`` entry; one partition per Parquet row
group or CSV file):

1. **Statistics.**  Every partition's cells are checked (numbers, ranges, scale points);
   answer sheets with too many blank items are left out (counted per entry, as the
   in-process note says); respondent rows are reduced per entity and period with Dask's own
   group-by (sums and counts of answers and of their scores: the means of
   :func:`qualindex.evaluate.dataset.build_dataset`); entries are joined on (entity,
   period).  The per-indicator statistics of data-driven normalisation (min-max bounds,
   count/mean/M2 for z-scores, merged by Chan et al.'s pairwise update) are gathered per
   partition and combined.
2. **Scoring.**  Each partition becomes a :class:`~qualindex.evaluate.dataset.Dataset` of its
   rows and is scored by :func:`~qualindex.evaluate.engine.score_batch` with indicator
   scores from the kernels of :mod:`qualindex.evaluate.normalise` and the statistics of
   pass 1: every aggregation and missing-value rule the engine accepts works row by row, so
   a partition's scores are its rows' scores of the whole data set.  TOPSIS closeness uses
   per-period column statistics (sums of squares, minima, maxima of the complete rows);
   ranks are exact competition ranks by a global sort (``sort_values``: equal values fall in
   one partition, so a row's rank is 1 + the rows of its block in earlier partitions + the
   greater ones in its own); group means by Dask's group-by.

Outputs: ``rows/`` (partitioned Parquet, one row per entity and period, best first) and
``summary.json`` (weights, missing-value audit, group means, notes — the in-process notes in
the in-process order, rows ordered by their first appearance in the files).

Features needing all rows in one place (``evaluate.methods``, imputation by mean, median or
carry-forward, rank and AHP-relative scoring, data-driven weights, SERVQUAL expectations,
wide files with several rows per entity and period) are refused with the fix
``--engine memory``; the per-row diagnoses (improvement priorities, change since the previous
period, fuzzy comprehensive evaluation, survey reliability) are not computed, and the summary
says so under ``not_computed``.

References
----------
Chan T.F., Golub G.H., LeVeque R.J. (1983). Algorithms for computing the sample variance:
analysis and recommendations. *The American Statistician* 37(3), 242-247 (pairwise update).
Dask Development Team (2016). Dask: library for dynamic task scheduling, https://dask.org.
"""

from __future__ import annotations

import copyreg
import glob
import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, InputError, Problem
from qualindex.evaluate.dataset import DataLayout, Dataset, answer_scores, plausible
from qualindex.evaluate.engine import (
    NOTE_ROWS,
    EvalOptions,
    LeftEmpty,
    Scores,
    effective_missing,
    fill_notes,
    missing_notes,
    score_batch,
    who_row,
)
from qualindex.evaluate.io import key_texts
from qualindex.evaluate.periods import order_periods
from qualindex.evaluate.stream import baseline_from, score_from_stats
from qualindex.evaluate.topsis import TopsisNormaliser
from qualindex.hierarchy.model import IndexSystem, Node
from qualindex.outputs import is_dir, is_file
from qualindex.texts import msg
from qualindex.weighting.serialize import weights_to_dict
from qualindex.weighting.tree import TreeWeights, data_nodes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DaskEntry", "DaskResult", "evaluate_dask", "expand_paths", "unsupported"]

FloatArray = NDArray[np.float64]
Layout = Literal["wide", "respondent"]

# the index, weights and options travel to the workers by pickle; their read-only mappings
# (MappingProxyType) do not pickle by themselves, a copy of the dict behind them does
copyreg.pickle(MappingProxyType, lambda m: (MappingProxyType, (dict(m),)))

# _order, a row's first appearance: entry number, file number within the entry, row in file
_ENTRY_STEP, _FILE_STEP = 1 << 48, 1 << 32
_UNSUPPORTED_SCORINGS = ("rank", "relative")
_UNSUPPORTED_POLICIES = ("impute-mean", "impute-median", "carry-forward")
NOT_COMPUTED = ("priorities", "change", "fce", "survey", "contribution", "shortfall")
MAX_PROBLEMS = 40


@dataclass(frozen=True)
class DaskEntry:
    """One ``data:`` entry: its path as written, the files it names, and its layout."""

    name: str
    files: tuple[Path, ...]
    layout: Layout = "wide"
    delimiter: str | None = None


@dataclass(frozen=True)
class DaskResult:
    """What :func:`evaluate_dask` wrote and the notes of the run."""

    out: Path
    rows: int
    partitions: int
    notes: tuple[str, ...]
    summary: Mapping[str, Any]


def expand_paths(base: Path, pattern: str) -> tuple[Path, ...]:
    """The Parquet/CSV files a ``data:`` path names: a file, a folder (its files, sorted,
    subfolders included) or a glob."""
    full = Path(pattern) if Path(pattern).is_absolute() else base / pattern
    if is_file(full):
        return (full,)
    if is_dir(full):
        found = sorted(p for p in full.rglob("*") if p.suffix.lower() in (".parquet", ".csv"))
    else:
        found = sorted(Path(p) for p in glob.glob(str(full), recursive=True))
    return tuple(p for p in found if p.is_file() and p.suffix.lower() in (".parquet", ".csv"))


# ---------------------------------------------------------------------- what is refused


def unsupported(
    index: IndexSystem, options: EvalOptions, entries: Sequence[DaskEntry], where: str
) -> list[Problem]:
    """Each feature of the run the Dask engine does not support, located, fix included."""
    fix = msg("dask.fix_memory")
    out: list[Problem] = []
    if options.methods:
        out.append(Problem(msg("dask.no_methods"), where, path="evaluate.methods", fix=fix))
    for node in data_nodes(index):
        out.append(
            Problem(msg("dask.no_data_weights", node=node.id), index.file, path=node.id, fix=fix)
        )
    for node in index.aggregates():
        rule = effective_missing(index, node, options)
        if rule.policy in _UNSUPPORTED_POLICIES:
            if rule.source == "run config":  # one rule for every node: said once
                if not any(p.path == "evaluate.missing" for p in out):
                    text = msg("dask.no_policy", policy=rule.policy, node=index.id)
                    out.append(Problem(text, where, path="evaluate.missing", fix=fix))
                continue
            text = msg("dask.no_policy", policy=rule.policy, node=node.id)
            out.append(Problem(text, index.file, path=f"{rule.stated_at}.missing", fix=fix))
    for leaf in index.leaves():
        ind = leaf.indicator
        if ind is None:
            continue
        if ind.scoring.name in _UNSUPPORTED_SCORINGS:
            problem = msg("dask.no_scoring", scoring=ind.scoring.name, leaf=leaf.id)
            out.append(Problem(problem, index.file, path=leaf.id, fix=fix))
        if ind.expectation_column:
            problem = msg("dask.no_expectation", leaf=leaf.id)
            out.append(Problem(problem, index.file, path=leaf.id, fix=fix))
    for i, e in enumerate(entries):
        if not e.files:
            out.append(
                Problem(msg("dask.no_files", path=e.name), where, path=f"data.files[{i}].path")
            )
    return out


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Part:
    """One partition: a Parquet row group or a CSV file of entry ``entry``."""

    entry: int
    number: int  # of the file within the entry
    file: str
    row_group: int | None
    offset: int  # rows of the file before this partition


def _parts(entry_no: int, entry: DaskEntry) -> list[_Part]:
    import pyarrow.parquet as pq

    parts = []
    for k, f in enumerate(entry.files):
        if f.suffix.lower() == ".csv":
            parts.append(_Part(entry_no, k, str(f), None, 0))
            continue
        meta = pq.ParquetFile(f).metadata
        offset = 0
        for g in range(meta.num_row_groups):
            parts.append(_Part(entry_no, k, str(f), g, offset))
            offset += meta.row_group(g).num_rows
    return parts


def _header(path: Path, delimiter: str | None) -> list[str]:
    if path.suffix.lower() == ".csv":
        import pyarrow.csv as pacsv

        parse = pacsv.ParseOptions(delimiter=delimiter or ",")
        with pacsv.open_csv(path, parse_options=parse) as reader:
            return list(reader.schema.names)
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def _keys(column: Any) -> Any:
    """Key cells (entity, period, group, label) as the in-process reader's texts, kept in
    Arrow (no Python string per cell) where the reader's rule is a plain cast or trim."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_integer(column.type):
        text = pc.cast(column, pa.string()).fill_null("")
        return text.to_pandas()
    is_text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    if is_text and pc.all(pc.string_is_ascii(column)).as_py() is not False:
        return pc.utf8_trim_whitespace(column).fill_null("").to_pandas()
    return key_texts(column.to_pylist())


@dataclass(frozen=True)
class _Reader:
    """Reads one partition: key columns as text, indicator columns as float64, renamed to
    the internal names (``_entity``, ``_period``, ``_g:<group>``, ``_label``, ``v:<leaf>``)."""

    keys: Mapping[str, str]  # internal name -> column of the file
    values: Mapping[str, str]
    delimiter: str | None = None

    def __call__(self, part: _Part) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
        import pandas as pd

        table = self.table(part)
        cols: dict[str, Any] = {k: _keys(table.column(c)) for k, c in self.keys.items()}
        if "_period" not in cols:
            cols["_period"] = [""] * table.num_rows
        problems: list[dict[str, Any]] = []
        for k, c in self.values.items():
            cols[k] = self.numbers(table.column(c), part, c, problems)
        frame = pd.DataFrame(cols)
        frame["_order"] = np.arange(len(frame), dtype=np.int64) + (
            part.entry * _ENTRY_STEP + part.number * _FILE_STEP + part.offset
        )
        return frame, problems

    def table(self, part: _Part) -> Any:
        import pyarrow as pa

        names = [*self.keys.values(), *self.values.values()]
        if part.row_group is None:
            import pyarrow.csv as pacsv

            return pacsv.read_csv(
                part.file,
                parse_options=pacsv.ParseOptions(delimiter=self.delimiter or ","),
                convert_options=pacsv.ConvertOptions(
                    include_columns=names,
                    column_types={k: pa.string() for k in self.keys.values()},
                ),
            )
        import pyarrow.parquet as pq

        return pq.ParquetFile(part.file).read_row_group(part.row_group, columns=names)

    def numbers(self, column: Any, part: _Part, name: str, problems: list[Any]) -> FloatArray:
        import pyarrow as pa

        t = column.type
        if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_null(t)):
            if len(column):
                problems.append(_cell(part, 0, name, msg("dask.not_numbers", type=str(t))))
            return np.full(len(column), np.nan)
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)


def _cell(part: _Part, i: int, col: str, message: str, fix: str | None = None) -> dict[str, Any]:
    """A located problem as plain data (it crosses from a worker in a data frame)."""
    row = part.offset + i
    csv = part.row_group is None
    return {
        "_row": i,
        "message": str(message),
        "file": part.file,
        "line": row + 2 if csv else None,  # the header is line 1
        "path": f"column {col!r}" if csv else f"row {row + 1}, column {col!r}",
        "fix": None if fix is None else str(fix),
    }


# ------------------------------------------------------------------------ pass 1 pieces


@dataclass(frozen=True)
class _Entry:
    """One entry's partition function: read, check, score answers, screen sheets."""

    reader: _Reader
    leaves: tuple[Node, ...]  # the index's leaves present in the entry (column order)
    layout: Layout
    max_blank: float
    lang: str
    header: tuple[str, ...] = ()

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple(self.reader.values)

    @property
    def group_keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.reader.keys if k.startswith("_g:") or k == "_label")

    def frame(self, part: _Part) -> pd.DataFrame:
        from qualindex.texts import use_lang

        with use_lang(self.lang):  # located problems in the client's language
            return self._frame(part)

    def _frame(self, part: _Part) -> pd.DataFrame:
        frame, problems = self.reader(part)
        where = list(self.reader.values.values())
        cols = self.value_names
        if self.layout == "respondent":
            answers = [frame[c].to_numpy() for c in cols]
            for a, c, leaf in zip(answers, where, self.leaves, strict=True):
                problems += _off_scale(a, part, c, leaf)
            blank = np.mean([np.isnan(a) for a in answers], axis=0) if answers else None
            drop = np.zeros(len(frame), dtype=bool) if blank is None else blank > self.max_blank
            frame["_sheets"] = np.ones(len(frame), dtype=np.int64)
            frame["_dropped"] = drop.astype(np.int64)
            for a, c, leaf in zip(answers, cols, self.leaves, strict=True):
                a = np.where(drop, np.nan, a)
                s = answer_scores(a, leaf.indicator)  # type: ignore[arg-type]
                frame[c] = np.where(np.isnan(a), 0.0, a)  # sums and counts: the group means
                frame[f"_n:{c}"] = (~np.isnan(a)).astype(np.int64)
                frame[f"_s:{c}"] = np.where(np.isnan(s), 0.0, s)
        else:
            for c, src, leaf in zip(cols, where, self.leaves, strict=True):
                x = frame[c].to_numpy()
                for k in np.flatnonzero(~plausible(x, leaf.indicator))[:MAX_PROBLEMS].tolist():
                    problems.append(_cell(part, k, src, msg("dask.bad_value", value=f"{x[k]:g}")))
        # a problem rides on the row it is found in, so pass 1 gathers it with the data
        if not problems:
            frame["_problem"] = ""  # one scalar: no list of a million empty texts
            return frame
        marks = [""] * len(frame)
        for p in problems:
            k = p.pop("_row")
            marks[k] = (marks[k] + "\n" if marks[k] else "") + json.dumps(p, ensure_ascii=False)
        frame["_problem"] = marks
        return frame


def _off_scale(a: FloatArray, part: _Part, col: str, leaf: Node) -> list[dict[str, Any]]:
    ind = leaf.indicator
    assert ind is not None and ind.scale is not None
    points = np.array(sorted(ind.scale.score_map()))
    bad = ~np.isnan(a) & ~np.isin(a, points)
    listed = ", ".join(f"{v:g}" for v in points)
    return [
        _cell(
            part,
            k,
            col,
            msg("dask.off_scale", value=f"{a[k]:g}", scale=ind.scale.id),
            msg("dask.off_scale_fix", points=listed),
        )
        for k in np.flatnonzero(bad)[:MAX_PROBLEMS].tolist()
    ]


@dataclass
class _LeafStats:
    """Per indicator: min/max, and count, mean, M2 (sum of squared deviations)."""

    lo: FloatArray
    hi: FloatArray
    n: FloatArray
    mean: FloatArray
    m2: FloatArray

    @classmethod
    def of(cls, x: FloatArray) -> _LeafStats:
        ok = ~np.isnan(x)
        n = ok.sum(axis=0).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(ok, x, 0.0).sum(axis=0) / n
            dev = np.where(ok, x - mean, 0.0)
        mean = np.where(n > 0, mean, 0.0)
        lo = np.fmin.reduce(x, axis=0) if len(x) else np.full(x.shape[1], np.nan)
        hi = np.fmax.reduce(x, axis=0) if len(x) else np.full(x.shape[1], np.nan)
        return cls(lo, hi, n, mean, np.einsum("ij,ij->j", dev, dev))

    def merge(self, other: _LeafStats) -> _LeafStats:
        """Chan, Golub & LeVeque (1983), eq. 2.1: the moments of two parts combined."""
        total = self.n + other.n
        delta = other.mean - self.mean
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(total > 0, self.mean + delta * other.n / total, 0.0)
            m2 = np.where(
                total > 0, self.m2 + other.m2 + delta * delta * self.n * other.n / total, 0.0
            )
        return _LeafStats(np.fmin(self.lo, other.lo), np.fmax(self.hi, other.hi), total, mean, m2)


@dataclass(frozen=True)
class _Scorer:
    """Pass 2 on one partition: indicator scores with the statistics, then the tree."""

    index: IndexSystem
    weights: TreeWeights
    options: EvalOptions
    leaves: tuple[str, ...]
    columns: tuple[str, ...]  # the reduced table's value column per leaf
    groups: tuple[str, ...]
    stats: _LeafStats
    period_order: tuple[str, ...]

    def leaf_scores(self, values: FloatArray, items: FloatArray) -> FloatArray:
        out = np.empty_like(values)
        for j, leaf_id in enumerate(self.leaves):
            out[:, j] = self.score(self.index.nodes[leaf_id], j, values[:, j], items[:, j])
        return out

    def score(self, leaf: Node, j: int, x: FloatArray, item: FloatArray) -> FloatArray:
        """Leaf ``j``'s scores, data-driven ones with the statistics of all rows."""
        return score_from_stats(leaf, j, x, item, self.stats)

    def dataset(self, frame: pd.DataFrame) -> tuple[Dataset, FloatArray]:
        values = np.column_stack([frame[c].to_numpy(np.float64) for c in self.columns])
        items = np.column_stack(
            [
                frame[f"_i:{c}"].to_numpy(np.float64)
                if f"_i:{c}" in frame
                else np.full(len(frame), np.nan)
                for c in self.columns
            ]
        )
        data = Dataset(
            tuple(frame["_entity"].tolist()),
            tuple(frame["_period"].tolist()),
            MappingProxyType({g: tuple(frame[f"_g:{g}"].tolist()) for g in self.groups}),
            self.leaves,
            values,
            items,
            MappingProxyType({}),
            (),
            (),
            period_order=self.period_order,
        )
        return data, self.leaf_scores(values, items)

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The partition's rows: keys, composite, grade, node scores, coverage and marks."""
        import pandas as pd

        data, leaf_scores = self.dataset(frame)
        scores = score_batch(
            self.index, data, self.weights, leaf_scores, self.options, baseline_from(self.stats)
        )
        entity = frame["_entity"].to_numpy()
        label = frame["_label"].fillna("").to_numpy()
        out = pd.DataFrame({"entity": entity, "label": np.where(label == "", entity, label)})
        out["period"] = frame["_period"].to_numpy()
        for g in self.groups:
            out[g] = frame[f"_g:{g}"].to_numpy()
        composite = scores.nodes[self.index.id]
        out["composite"] = composite
        out["weight_used"] = scores.basis[self.index.id]  # share of the weight it rests on
        zh, en = _grade_labels(self.index, composite)
        out["grade_zh"], out["grade_en"] = zh, en
        out["short_board"] = _short_board(self.index, scores, len(frame))
        out["imputed"] = _marks(
            len(frame), [(f"{k}: {p}", m) for k, (p, m) in scores.imputed.items()]
        )
        out["excluded"] = _marks(len(frame), list(scores.excluded.items()))
        for node in self.index.walk():
            if node.id != self.index.id:
                out[node.id] = scores.nodes[node.id]
        for node_id, cov in scores.coverage.items():
            out[f"coverage:{node_id}"] = cov
        for node_id, used in scores.basis.items():
            out[f"weight_used:{node_id}"] = used
        for j, leaf in enumerate(self.leaves):
            out[f"score:{leaf}"] = scores.leaf_scores[:, j]
        none = np.zeros(len(frame), dtype=bool)  # every partition has the same columns
        for node in self.index.walk():
            if node.id != self.index.id:
                out[f"_imp:{node.id}"] = scores.imputed.get(node.id, (None, none))[1]
        for node in self.index.aggregates():
            out[f"_exc:{node.id}"] = scores.excluded.get(node.id, none)
        out["_order"] = frame["_order"].to_numpy()
        return out.reset_index(drop=True)


def _grade_labels(index: IndexSystem, composite: FloatArray) -> tuple[list[Any], list[Any]]:
    from qualindex.evaluate.results import grades_of as _grades

    grades = _grades(index, composite)
    return (
        [g.label.zh if g else None for g in grades],
        [g.label.en if g else None for g in grades],
    )


def _short_board(index: IndexSystem, scores: Scores, n: int) -> list[str]:
    from qualindex.evaluate.results import short_boards_of as _short_boards

    return list(_short_boards(index, scores, n))


def _marks(n: int, marks: list[tuple[str, Any]]) -> list[str]:
    from qualindex.evaluate.serialize import row_marks as marks_of

    return marks_of(n, marks)


# ------------------------------------------------------------------------ the passes


def _column(layout: DataLayout, leaf: Node) -> str:
    ind = leaf.indicator
    assert ind is not None
    return layout.columns.get(leaf.id) or ind.column or leaf.id


@dataclass
class _Run:
    """One Dask evaluation: the client side of the passes."""

    index: IndexSystem
    weights: TreeWeights
    options: EvalOptions
    layout: DataLayout
    entries: Sequence[DaskEntry]
    lang: str
    leaves: tuple[Node, ...] = field(init=False)
    notes: list[str] = field(default_factory=list)
    partitions: int = 0
    readers: list[tuple[DaskEntry, _Entry]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.leaves = tuple(x for x in self.index.leaves() if x.indicator is not None)

    def entry_frame(self, i: int, entry: DaskEntry) -> tuple[Any, _Entry]:
        """The entry's partitions as a dask data frame with internal column names."""
        import dask.dataframe as dd

        lay = self.layout
        header = _header(entry.files[0], entry.delimiter)
        missing = [c for c in (lay.entity, lay.period) if c and c not in header]
        if missing:
            raise DataError([_no_column(str(entry.files[0]), c, header) for c in missing])
        keys = {"_entity": lay.entity}
        keys |= {"_period": lay.period} if lay.period else {}
        keys |= {f"_g:{g}": g for g in lay.groups if g in header}
        keys |= {"_label": lay.label} if lay.label and lay.label in header else {}
        leaves = tuple(
            leaf
            for leaf in self.leaves
            if _column(lay, leaf) in header
            and (entry.layout == "wide" or leaf.indicator.scale is not None)  # type: ignore[union-attr]
        )
        values = {f"v:{x.id}": _column(lay, x) for x in leaves}
        reader = _Reader(keys, values, entry.delimiter)
        fn = _Entry(reader, leaves, entry.layout, lay.max_blank_share, self.lang, tuple(header))
        self.readers.append((entry, fn))
        parts = _parts(i, entry)
        self.partitions += len(parts)
        return dd.from_map(fn.frame, parts), fn

    def reduced(self) -> Any:
        """Pass 1: the rows per (entity, period) of every entry, joined; problems raised."""
        import dask

        frames, problems, screens, dups = [], [], [], []
        conflicts: list[tuple[DaskEntry, str, Any]] = []
        for i, entry in enumerate(self.entries):
            raw, fn = self.entry_frame(i, entry)
            problems.append(raw["_problem"][raw["_problem"] != ""])
            if entry.layout == "respondent":
                reduced = _reduce_answers(raw, fn)
                frames.append(reduced)
                screens.append(raw[["_sheets", "_dropped"]].sum())
                for g in fn.group_keys:
                    if g.startswith("_g:"):
                        flagged = reduced.loc[reduced[f"_conflict{g}"].astype(bool)]
                        conflicts.append((entry, g, flagged[["_entity", "_period"]]))
            else:
                keep = ["_entity", "_period", *fn.group_keys, "_order", *fn.value_names]
                frames.append(raw[[c for c in keep if c in raw.columns]])
                size = raw.groupby(["_entity", "_period"]).size()
                dups.append(size[size > 1])
        self.check_leaves()
        joined = _join(frames, self.entries)
        flagged = [c[2] for c in conflicts]
        joined, problems, screens, dups, flagged = dask.persist(
            joined, problems, screens, dups, flagged
        )
        self.raise_problems(dask.compute(problems)[0])
        self.check_duplicates(dask.compute(dups)[0])
        self.check_groups(
            [(e, g, f) for (e, g, _), f in zip(conflicts, dask.compute(flagged)[0], strict=True)]
        )
        for entry, (sheets, dropped) in zip(
            [e for e in self.entries if e.layout == "respondent"],
            [tuple(int(v) for v in s) for s in dask.compute(screens)[0]],
            strict=True,
        ):
            if dropped:
                self.notes.append(
                    f"{entry.name}: {dropped} of {sheets} answer sheets left out: more than "
                    f"{self.layout.max_blank_share:.0%} of their items blank"
                )
        return joined

    def raise_problems(self, found: Sequence[Any]) -> None:
        listed = [
            Problem(d["message"], d["file"], d["line"], None, d["path"], d["fix"])
            for series in found
            for text in series.tolist()
            for d in map(json.loads, text.split("\n"))
        ]
        if listed:
            extra = len(listed) - MAX_PROBLEMS
            listed = listed[:MAX_PROBLEMS]
            if extra > 0:
                listed.append(Problem(f"... and {extra} more problems like these"))
            raise DataError(listed)

    def check_leaves(self) -> None:
        """Every indicator's column in some entry (as in-process), and in one entry only."""
        where: dict[str, list[str]] = {}
        headers: list[str] = []
        for entry, fn in self.readers:
            headers += [c for c in fn.header if c not in headers]
            for leaf in fn.leaves:
                where.setdefault(leaf.id, []).append(entry.name)
        names = ", ".join(e.name for e in self.entries)
        problems = [
            _no_column(names, _column(self.layout, x), headers, x.id)
            for x in self.leaves
            if x.id not in where
        ]
        problems += [
            Problem(
                msg("dask.leaf_twice", leaf=leaf, paths=", ".join(paths)),
                fix=msg("dask.fix_memory"),
            )
            for leaf, paths in where.items()
            if len(paths) > 1
        ]
        if problems:
            raise DataError(problems)

    def check_groups(self, found: Sequence[tuple[DaskEntry, str, Any]]) -> None:
        """An entity with two values of a group column in one period: refused, as in-process."""
        out = []
        for entry, g, rows in found:
            if len(rows):
                first = rows.iloc[0]
                text = msg(
                    "dask.group_conflict",
                    count=len(rows),
                    group=g[3:],
                    entity=first["_entity"],
                    period=first["_period"],
                )
                out.append(Problem(text, entry.name, fix=msg("dask.group_fix")))
        if out:
            raise DataError(out)

    def check_duplicates(self, found: Sequence[Any]) -> None:
        wide = [e for e in self.entries if e.layout == "wide"]
        out = []
        for entry, dup in zip(wide, found, strict=True):
            if len(dup):
                (entity, period), _ = next(iter(dup.items()))
                text = msg(
                    "dask.duplicate_rows",
                    count=len(dup),
                    path=entry.name,
                    entity=entity,
                    period=period,
                )
                out.append(Problem(text, entry.name, fix=msg("dask.duplicate_fix")))
        if out:
            raise DataError(out)


def _no_column(file: str, col: str, header: Sequence[str], leaf: str | None = None) -> Problem:
    """A column missing from the data, with the closest name or the columns there are."""
    from qualindex.hierarchy.model import did_you_mean

    hint = did_you_mean(col, header) or "columns: " + ", ".join(header[:12]) + (
        " ..." if len(header) > 12 else ""
    )
    what = f"no column {col!r}" + (f" for indicator {leaf!r}" if leaf is not None else "")
    return Problem(what, file=file, line=1, fix=hint)


def _reduce_answers(raw: Any, fn: _Entry) -> Any:
    """Answer sheets -> one row per (entity, period) by Dask's group-by: sums and counts."""
    sums = {c: "sum" for c in fn.value_names}
    sums |= {f"_n:{c}": "sum" for c in fn.value_names}
    sums |= {f"_s:{c}": "sum" for c in fn.value_names}
    sums |= {"_order": "min"}
    sums |= {g: "max" for g in fn.group_keys}
    sums |= {f"_min{g}": "min" for g in fn.group_keys}
    frame = raw.assign(**{f"_min{g}": raw[g] for g in fn.group_keys})
    grouped = frame.groupby(["_entity", "_period"]).agg(sums, split_out=True)
    return grouped.reset_index().map_partitions(_answer_means, fn.value_names, fn.group_keys)


def _answer_means(frame: pd.DataFrame, values: Sequence[str], groups: Sequence[str]) -> Any:
    """Mean answer and mean answer score per (entity, period), NaN where none was given."""
    out = frame[["_entity", "_period", "_order", *groups]].copy()
    for c in values:
        n = frame[f"_n:{c}"].to_numpy(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[c] = np.where(n > 0, frame[c].to_numpy(np.float64) / n, np.nan)
            out[f"_i:{c}"] = np.where(n > 0, frame[f"_s:{c}"].to_numpy(np.float64) / n, np.nan)
    for g in groups:
        out[f"_conflict{g}"] = (frame[g].fillna("") != frame[f"_min{g}"].fillna("")).to_numpy(
            dtype=bool
        )
    return out


def _join(frames: Sequence[Any], entries: Sequence[DaskEntry]) -> Any:
    """The entries' rows joined on (entity, period); the first appearance kept."""
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, on=["_entity", "_period"], how="outer", suffixes=("", "_r"))
        out = out.map_partitions(_coalesce)
    return out


def _coalesce(frame: pd.DataFrame) -> pd.DataFrame:
    """After a join: one ``_order`` (the earlier) and one value per group column."""
    frame = frame.copy()
    frame["_order"] = np.fmin(
        frame["_order"].to_numpy(np.float64), frame["_order_r"].to_numpy(np.float64)
    ).astype(np.int64)
    for c in [c for c in frame.columns if c.endswith("_r") and c != "_order_r"]:
        base = c[:-2]
        left = frame[base].fillna("")
        frame[base] = left.where(left != "", frame[c].fillna(""))
    return frame.drop(columns=[c for c in frame.columns if c.endswith("_r")])


def _stats_of(frame: pd.DataFrame, columns: Sequence[str]) -> _LeafStats:
    x = np.column_stack([frame[c].to_numpy(np.float64) for c in columns]) if columns else None
    return _LeafStats.of(x if x is not None else np.empty((len(frame), 0)))


def _merge_stats(parts: Sequence[_LeafStats]) -> _LeafStats:
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p)
    return out


@dataclass(frozen=True)
class _PartInfo:
    """What the client needs of one scored partition: notes, fills, TOPSIS statistics."""

    # node -> first rows' (orders, entities, periods, coverage), then count, least, most share
    excluded: Mapping[str, tuple[Any, ...]]
    fills: Mapping[str, int]  # node -> cells filled
    gaps: bool
    topsis: Mapping[str, tuple[int, FloatArray, FloatArray, FloatArray]]  # period -> n, lo, hi, sq


def _part_info(frame: pd.DataFrame, index: IndexSystem, leaves: Sequence[str]) -> _PartInfo:
    excluded = {}
    for c in [c for c in frame.columns if c.startswith("_exc:")]:
        node_id = c[5:]
        rows = frame[frame[c].fillna(False).astype(bool)]
        if not len(rows):
            continue
        shares = rows[f"coverage:{node_id}"].to_numpy(np.float64)
        order = rows["_order"].to_numpy()
        # the client names the first rows of the run only (LeftEmpty): a partition sends its
        # first ones, the count and the range, however many rows it left empty
        first = np.argsort(order, kind="stable")[: NOTE_ROWS + 1]
        excluded[node_id] = (
            order[first],
            rows["entity"].iloc[first].tolist(),
            rows["period"].iloc[first].tolist(),
            shares[first],
            len(shares),
            float(shares.min()),
            float(shares.max()),
        )
    fills = {}
    for c in [c for c in frame.columns if c.startswith("_imp:")]:
        fills[c[5:]] = int(frame[c].fillna(False).astype(bool).sum())
    root = frame[f"coverage:{index.id}"].to_numpy(np.float64) if len(frame) else np.empty(0)
    scores = np.column_stack([frame[f"score:{x}"].to_numpy(np.float64) for x in leaves])
    complete = ~np.isnan(scores).any(axis=1)
    periods = frame["period"].to_numpy()
    stats = {}
    for p in dict.fromkeys(periods.tolist()):
        block = scores[(periods == p) & complete]
        k = scores.shape[1]
        lo = block.min(axis=0) if len(block) else np.full(k, np.inf)
        hi = block.max(axis=0) if len(block) else np.full(k, -np.inf)
        stats[p] = (len(block), lo, hi, np.einsum("ij,ij->j", block, block))
    return _PartInfo(excluded, fills, bool((root < 1.0).any()), stats)


def _normalisers(infos: Sequence[_PartInfo], leaf_w: FloatArray) -> dict[str, TopsisNormaliser]:
    """Per period, TOPSIS's normaliser over the complete rows (as ``results._topsis``: two
    complete rows at least, and not every alternative identical)."""
    merged: dict[str, list[Any]] = {}
    for info in infos:
        for p, (n, lo, hi, sq) in info.topsis.items():
            if p not in merged:
                merged[p] = [n, lo, hi, sq]
            else:
                m = merged[p]
                m[0] += n
                m[1], m[2], m[3] = np.minimum(m[1], lo), np.maximum(m[2], hi), m[3] + sq
    k = len(leaf_w)
    if k == 0 or np.any(leaf_w < 0) or leaf_w.sum() <= 0:
        return {}
    w = leaf_w / leaf_w.sum()
    out = {}
    for p, (n, lo, hi, sq) in merged.items():
        if n < 2:
            continue
        norm = TopsisNormaliser.from_stats(lo, hi, sq, np.ones(k), "vector", w)
        if not np.all(norm.ideal == norm.anti):  # else every distance sum 0: closeness 0/0
            out[p] = norm
    return out


def _closeness(
    frame: pd.DataFrame, leaves: Sequence[str], norms: Mapping[str, TopsisNormaliser]
) -> pd.DataFrame:
    """TOPSIS closeness of a partition's rows, each with its period's normaliser."""
    scores = np.column_stack([frame[f"score:{x}"].to_numpy(np.float64) for x in leaves])
    out = np.full(len(frame), np.nan)
    complete = ~np.isnan(scores).any(axis=1)
    periods = frame["period"].to_numpy()
    for p in dict.fromkeys(periods.tolist()):
        norm = norms.get(p)
        if norm is None:
            continue
        rows = np.flatnonzero((periods == p) & complete)
        v = norm.weighted(scores[rows])
        d_plus = np.sqrt(np.sum((v - norm.ideal) ** 2, axis=1))
        d_minus = np.sqrt(np.sum((v - norm.anti) ** 2, axis=1))
        out[rows] = d_minus / (d_plus + d_minus)
    frame = frame.copy()
    frame["topsis"] = out
    return frame


def _blocks(frame: pd.DataFrame, groups: Sequence[str]) -> dict[str, Any]:
    """Per rank kind, the block key of every row: period, or (period, group value)."""
    period = frame["period"].astype(str)
    out = {"rank": period}
    for g in groups:
        out[f"rank_in_group:{g}"] = period + "\x00" + frame[g].astype(str)
    return out


def _block_counts(frame: pd.DataFrame, groups: Sequence[str]) -> dict[str, dict[str, int]]:
    ok = ~np.isnan(frame["composite"].to_numpy(np.float64))
    return {
        kind: {str(k): int(v) for k, v in keys[ok].value_counts().items()}
        for kind, keys in _blocks(frame, groups).items()
    }


def _ranks(
    frame: pd.DataFrame,
    groups: Sequence[str],
    offsets: Sequence[Mapping[str, Mapping[str, int]]],
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Exact competition ranks: the rows of a block in earlier partitions are all better
    (a global sort keeps equal values in one partition), so rank = offset + rank here."""
    import pandas as pd

    from qualindex.evaluate.ranking import block_codes, competition_ranks

    number = 0 if partition_info is None else int(partition_info["number"])
    before = offsets[number] if number < len(offsets) else {}
    frame = frame.copy()
    composite = frame["composite"].to_numpy(np.float64)
    for kind, keys in _blocks(frame, groups).items():
        texts = keys.tolist()
        local = competition_ranks(composite, block_codes(texts)) if len(texts) else np.empty(0)
        add = np.array([before.get(kind, {}).get(t, 0) for t in texts], dtype=np.int64)
        rank = np.where(local > 0, local + add, 0)
        frame[kind] = pd.array(np.where(rank > 0, rank, 0), dtype="Int64")
        frame.loc[rank == 0, kind] = pd.NA
    return frame


def _offsets(counts: Sequence[Mapping[str, Mapping[str, int]]]) -> list[dict[str, dict[str, int]]]:
    """Per partition, per rank kind and block: the rows of that block in earlier partitions."""
    out = []
    running: dict[str, dict[str, int]] = {}
    for part in counts:
        out.append({kind: dict(blocks) for kind, blocks in running.items()})
        for kind, blocks in part.items():
            mine = running.setdefault(kind, {})
            for k, v in blocks.items():
                mine[k] = mine.get(k, 0) + v
    return out


# ------------------------------------------------------------------------ the engine


def _client(scheduler: str | None, workers: int) -> Any:
    """A client of the cluster at ``scheduler``, or of a LocalCluster started for the run
    (processes: the kernels release no GIL while pandas glue runs; 1 thread per worker)."""
    import logging
    from contextlib import ExitStack

    from dask.distributed import Client, LocalCluster

    stack = ExitStack()
    if scheduler:
        client = stack.enter_context(Client(scheduler))
    else:
        cluster = stack.enter_context(
            LocalCluster(
                processes=True,
                n_workers=workers,
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
        client = stack.enter_context(Client(cluster))
    return stack, client


def evaluate_dask(
    index: IndexSystem,
    weights: TreeWeights,
    options: EvalOptions,
    layout: DataLayout,
    entries: Sequence[DaskEntry],
    *,
    out: Path,
    scheduler: str | None = None,
    workers: int = 2,
    where: str | None = None,
    force: bool = False,
    progress: Callable[[str], None] = lambda stage: None,
) -> DaskResult:
    """Score, grade and rank the data of ``entries`` on Dask; write ``out/rows/`` (Parquet)
    and ``out/summary.json``.  ``where``: the run configuration, named by refusals."""
    from qualindex.texts import current_lang

    problems = unsupported(index, options, entries, where or "")
    if problems:
        raise InputError(problems)
    _check_out(out, force)
    run = _Run(index, weights, options, layout, entries, current_lang())
    stack, _ = _client(scheduler, workers)
    with stack:
        progress(msg("cli.stage.data"))
        summary, rows = _evaluate(run, out, progress)
    return DaskResult(out, rows, run.partitions, tuple(summary["notes"]), summary)


def _check_out(out: Path, force: bool) -> None:
    taken = [p for p in (out / "rows", out / "summary.json") if p.exists()]
    if taken and not force:
        raise InputError(
            Problem(msg("dask.out_exists", path=out), str(out), fix=msg("dask.out_fix"))
        )
    for p in taken:
        shutil.rmtree(p) if p.is_dir() else p.unlink()


def _evaluate(run: _Run, out: Path, progress: Callable[[str], None]) -> tuple[dict[str, Any], int]:
    import dask

    index = run.index
    joined = run.reduced()
    leaf_ids = tuple(x.id for x in run.leaves)
    columns = tuple(f"v:{x}" for x in leaf_ids)
    for c in columns:
        if c not in joined.columns:
            joined = joined.assign(**{c: np.nan})
    periods = joined["_period"].unique().compute().tolist()
    explicit = run.layout.periods
    order = order_periods(periods, explicit)
    stats = _merge_stats(
        dask.compute(*[dask.delayed(_stats_of)(p, columns) for p in joined.to_delayed()])
    )
    groups = tuple(run.layout.groups)
    for g in groups:
        if f"_g:{g}" not in joined.columns:
            joined = joined.assign(**{f"_g:{g}": ""})
    if "_label" not in joined.columns:
        joined = joined.assign(_label="")
    scorer = _Scorer(index, run.weights, run.options, leaf_ids, columns, groups, stats, order)
    for leaf_id, j in zip(leaf_ids, range(len(leaf_ids)), strict=True):  # errors here, once
        scorer.score(index.nodes[leaf_id], j, np.full(1, np.nan), np.full(1, np.nan))
    progress(msg("cli.stage.scoring"))
    scored = joined.map_partitions(scorer).persist()
    infos = dask.compute(
        *[dask.delayed(_part_info)(p, index, leaf_ids) for p in scored.to_delayed()]
    )
    leaf_w = run.weights.leaf_vector(leaf_ids)
    scored = scored.map_partitions(_closeness, leaf_ids, _normalisers(infos, leaf_w))
    progress(msg("cli.stage.ranking"))
    ranked = scored.sort_values("composite", ascending=False).persist()
    counts = dask.compute(*[dask.delayed(_block_counts)(p, groups) for p in ranked.to_delayed()])
    ranked = ranked.map_partitions(_ranks, groups, _offsets(counts))
    means = _group_means(ranked, index, groups, order)
    keep = [c for c in ranked.columns if not c.startswith(("_", "score:"))]
    ranked = ranked[keep]
    # a dictionary for the text columns only (stream.dictionary_columns says why)
    text = [c for c, kind in ranked.dtypes.items() if getattr(kind, "kind", "O") not in "fiub"]
    ranked.to_parquet(out / "rows", write_index=False, use_dictionary=text)
    rows = int(sum(sum(c["rank"].values()) for c in counts)) + _unranked(ranked)
    return _summary(run, infos, means, out), rows


def _unranked(frame: Any) -> int:
    return int(frame["composite"].isna().sum().compute())


def _group_means(
    frame: Any, index: IndexSystem, groups: Sequence[str], order: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """group column -> [(group value, period, mean score per node)], sorted as in-process."""
    nodes = [index.id, *[c.id for c in index.children(index.id)]]
    frame = frame.assign(**{"_root": frame["composite"]})
    cols = ["_root" if n == index.id else n for n in nodes]
    at = {p: k for k, p in enumerate(order)}
    out: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        means = frame.groupby([g, "period"])[cols].mean().compute()
        entries = []
        for (value, period), row in means.iterrows():
            scores = {n: _num(row[c]) for n, c in zip(nodes, cols, strict=True)}
            entries.append((value, at.get(period, -1), period, scores))
        entries.sort(key=lambda e: (e[0], e[1]))
        out[g] = [{"group": v, "period": p or None, "scores": s} for v, _, p, s in entries]
    return out


def _num(x: Any) -> float | None:
    x = float(x)
    return None if np.isnan(x) else x


def _notes(run: _Run, infos: Sequence[_PartInfo]) -> tuple[list[str], dict[str, int], int]:
    """The in-process notes in the in-process order: coverage notes per node (bottom-up), rows
    by first appearance; the default-rule note; the fills per policy."""
    index, options = run.index, run.options
    order = [n.id for n in index.aggregates(bottom_up=True)]
    notes: list[str] = []
    excluded_cells = 0
    for node_id in order:
        parts = [info.excluded[node_id] for info in infos if node_id in info.excluded]
        if not parts:
            continue
        first = np.concatenate([p[0] for p in parts])
        entities = [e for p in parts for e in p[1]]
        periods = [q for p in parts for q in p[2]]
        coverage = np.concatenate([p[3] for p in parts])
        by = np.argsort(first, kind="stable")[: NOTE_ROWS + 1]
        node = index.nodes[node_id]
        tally = LeftEmpty(node, effective_missing(index, node, options))
        count = sum(p[4] for p in parts)  # every partition's rows, not only those sent
        low, high = min(p[5] for p in parts), max(p[6] for p in parts)
        who = [who_row(entities[i], periods[i]) for i in by.tolist()]
        tally.add(who, coverage[by], count=count, low=low, high=high)
        notes += tally.notes()
        excluded_cells += count
    gaps = any(info.gaps for info in infos)
    notes += missing_notes(index, options, {}, gaps)
    counts: dict[str, int] = {}
    for info in infos:
        for node_id, n in info.fills.items():
            counts[node_id] = counts.get(node_id, 0) + n
    rules = {n.id: effective_missing(index, n, options) for n in index.aggregates(bottom_up=True)}
    policy = {c: rules[n].policy for n in order for c in index.nodes[n].children}
    filled = [c for n in order for c in index.nodes[n].children if c in counts]
    notes += fill_notes({c: (policy[c], counts[c]) for c in filled})
    return notes, counts, excluded_cells


def _summary(
    run: _Run, infos: Sequence[_PartInfo], means: Mapping[str, Any], out: Path
) -> dict[str, Any]:
    """``summary.json``: the in-process JSON without its row-level parts (they are in rows/)."""
    index = run.index
    notes, counts, excluded = _notes(run, infos)
    weights = weights_to_dict(index, run.weights)
    rules = {
        n.id: effective_missing(index, n, run.options) for n in index.aggregates(bottom_up=True)
    }
    doc: dict[str, Any] = {
        "qualindex": weights["qualindex"],
        "index": weights["index"],
        "files": [e.name for e in run.entries],
        "engine": {"name": "dask", "partitions": run.partitions},
        "rows": "rows/",
        "not_computed": list(NOT_COMPUTED),
        "groups": dict(means),
        "missing": {
            "rules": {
                node: {
                    "policy": r.policy,
                    "min_coverage": r.min_coverage,
                    "source": r.source,
                    "stated_at": r.stated_at,
                }
                for node, r in rules.items()
            },
            "imputed_cells": int(sum(counts.values())),
            "excluded_cells": excluded,
        },
        "weights": weights["nodes"],
        "notes": [*run.notes, *notes],
        "warnings": weights["warnings"],
    }
    (out / "summary.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return doc
