"""The streamed evaluation: one data file scored batch by batch, in bounded memory.

The in-memory engine (:func:`~qualindex.evaluate.dataset.build_dataset`,
:func:`~qualindex.evaluate.engine.score_tree`, :func:`~qualindex.evaluate.results.analyse`)
holds every row at once.  Here the file is read in record batches, up to three times:

1. **statistics** (only when an indicator is scored from the data): per indicator the
   minimum and maximum (min-max) or count, mean and sum of squared deviations (z-score,
   merged batch by batch by Chan, Golub & LeVeque's pairwise update);
2. **scoring**: every batch scored with those statistics and aggregated up the tree by the
   same code as the in-memory engine (:func:`~qualindex.evaluate.engine.score_batch`);
   kept are only the composite and the period code of each row (for the ranks, by one
   sort), the TOPSIS column statistics per period (minimum, maximum, sum of squares over
   the complete rows) and the notes;
3. **output**: every batch scored again, its ranks and TOPSIS closeness filled in, and its
   rows written (CSV, Parquet, JSON Lines) by the same conversion as the in-memory output
   (:func:`~qualindex.evaluate.serialize.evaluation_arrow`), into a temporary file renamed
   at the end.

A report (and a table on the terminal) lists at most ``report.max_rows`` rows:
:func:`evaluate_stream_shown` runs the same passes, keeping in pass 2 only 24 bytes a row
(composite, period, entity hash; 4 more per group column) and the group sums, and in pass 3
only the rows a report lists and their entities' other periods, evaluated as the in-memory
engine would with the statistics of all rows
(:func:`~qualindex.evaluate.results.trim_rows` of the in-memory run gives the same).

Every rule of the in-memory engine works row by row except the statistics above, so the
results are the same numbers (to rounding in the sums: 1e-12) and the same notes.  What
cannot be streamed that way -- answer sheets merged per entity, several files, labels,
rank or relative scoring, data-driven weights, mean/median/carry-forward imputation, the
other evaluation methods, cells that are not plain numbers, the same entity and period on
two rows -- is named by :func:`stream_reason` / :class:`NotStreamable`, and the in-memory
engine runs instead.

References
----------
Chan T.F., Golub G.H., LeVeque R.J. (1979). Updating formulae and a pairwise algorithm for
computing sample variances. Stanford CS report STAN-CS-79-773.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, cast, overload

import numpy as np
from numpy.typing import NDArray

from qualindex.choices import MissingPolicy
from qualindex.errors import InputError
from qualindex.evaluate import normalise
from qualindex.evaluate.dataset import DataLayout, Dataset, plausible
from qualindex.evaluate.engine import (
    BaselineScorer,
    EvalOptions,
    LeftEmpty,
    Scores,
    effective_missing,
    fill_notes,
    missing_notes,
    score_batch,
)
from qualindex.evaluate.io import (
    BatchFile,
    BatchSpill,
    ReadOptions,
    arrow_keys,
    arrow_numbers,
    open_batches,
)
from qualindex.evaluate.periods import order_periods
from qualindex.evaluate.ranking import competition_ranks
from qualindex.evaluate.results import (
    Evaluation,
    RowsShown,
    filled_by_policy,
    grade_codes,
    grades_of,
    row_summaries,
    short_board_codes,
    short_boards_of,
    shown_positions,
    take_rows,
)
from qualindex.evaluate.scoring import check_minmax_range, score_baseline, score_column
from qualindex.evaluate.serialize import evaluation_arrow
from qualindex.evaluate.topsis import TopsisNormaliser
from qualindex.hierarchy.model import IndexSystem, Node, frozen_map
from qualindex.texts import msg
from qualindex.weighting.tree import TreeWeights, data_nodes

__all__ = [
    "AUTO_ROWS",
    "STREAM_FORMATS",
    "NotStreamable",
    "StreamResult",
    "StreamSource",
    "TableWriter",
    "auto_rows",
    "baseline_from",
    "evaluate_stream",
    "evaluate_stream_shown",
    "file_writer",
    "score_from_stats",
    "stream_reason",
]

FloatArray = NDArray[np.float64]
TableFormat = Literal["csv", "parquet", "jsonl"]
STREAM_FORMATS: tuple[str, ...] = ("csv", "parquet", "jsonl")  # row-wise: written by batch
Progress = Callable[[str, int, int | None], None]  # stage, rows done, rows in all (if known)

#: ``--engine auto`` streams from this many rows (Parquet: the footer's count; CSV: the
#: file size over :data:`AUTO_CSV_BYTES`); below it the in-memory engine is as fast.
AUTO_ROWS = 200_000
AUTO_CSV_BYTES = 64 << 20
BATCH_ROWS = 65_536
#: indicator scorings that work row by row, or with the statistics of pass 1
ROW_SCORINGS = frozenset({"linear", "band", "goalposts", "piecewise", "ratio", "points", "likert"})
STAT_SCORINGS = frozenset({"minmax", "zscore"})
ROW_POLICIES = frozenset({"reweight", "zero", "impute-baseline", "fail"})


class NotStreamable(Exception):
    """The run cannot be streamed; ``reason`` says why (shown with ``--engine auto``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StreamSource:
    """The one data file of a streamed run, how it is read and which columns mean what."""

    path: Path
    options: ReadOptions
    layout: DataLayout
    kind: Literal["wide", "respondent"] = "wide"


@dataclass(frozen=True)
class StreamResult:
    """What the command prints after a streamed run: the notes, and the rows written."""

    rows: int
    notes: tuple[str, ...]
    passes: int
    weights: TreeWeights


def stream_reason(
    index: IndexSystem, sources: Sequence[StreamSource], options: EvalOptions
) -> str | None:
    """Why the run cannot be streamed (the first reason found), or None if it can.

    Checked from the settings alone; the data may still refuse (:class:`NotStreamable`
    from :func:`evaluate_stream`: text in a number column, repeated rows ...).
    """
    if len(sources) != 1:
        return msg("stream.why.files", n=len(sources))
    src = sources[0]
    if src.kind != "wide":
        return msg("stream.why.respondent")
    if src.path.suffix.lower() not in (".csv", ".txt", ".tsv", ".parquet", ".pq"):
        return msg("stream.why.suffix", suffix=src.path.suffix)
    if src.layout.label is not None:
        return msg("stream.why.label")
    if src.layout.extra:
        return msg("stream.why.importance")
    if options.methods:
        return msg("stream.why.methods")
    learned = data_nodes(index)
    if learned:
        return msg("stream.why.data_weights", node=learned[0].id)
    for leaf in index.leaves():
        ind = leaf.indicator
        assert ind is not None
        name = ind.scoring.name
        if name not in ROW_SCORINGS | STAT_SCORINGS:
            return msg("stream.why.scoring", leaf=leaf.id, method=name)
        if ind.expectation_column:
            return msg("stream.why.gap", leaf=leaf.id)
    for node in index.aggregates():
        rule = effective_missing(index, node, options)
        if rule.policy not in ROW_POLICIES:
            return msg("stream.why.policy", node=node.id, policy=rule.policy)
    return None


def auto_rows(source: StreamSource) -> int | None:
    """Rows of the file if known without reading it (Parquet), else an estimate from the
    size (CSV), for ``--engine auto``; None when the file cannot be opened that way."""
    try:
        if source.path.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(source.path).metadata.num_rows)
        return int(source.path.stat().st_size * AUTO_ROWS // AUTO_CSV_BYTES)
    except Exception:
        return None


# ------------------------------------------------------------------------- batches


_P1, _P2 = np.uint64(0x100000001B3), np.uint64(0x9E3779B97F4A7C15)  # FNV prime, golden ratio


def key_hashes(entities: Any, periods: NDArray[np.int64]) -> NDArray[np.uint64]:
    """A 64-bit hash of each (entity, period code): a polynomial hash of the UTF-8 bytes,
    vectorised over the Arrow buffers (no Python string per row).

    Equal keys hash equal; two different keys hashing equal (about n^2 / 2^65 of the time)
    only make a repeat be suspected, and the in-memory engine runs: never a wrong result.
    """
    import pyarrow as pa

    arr = pa.array(entities, type=pa.string()) if not isinstance(entities, pa.Array) else entities
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.empty(0, np.uint8)
    lengths = np.diff(offsets).astype(np.int64)
    first = int(offsets[0]) if len(offsets) else 0
    chars = data[first : int(offsets[-1])] if len(offsets) else data[:0]
    pos = np.arange(chars.size, dtype=np.int64) - np.repeat(offsets[:-1] - first, lengths)
    longest = int(lengths.max(initial=0))
    powers = np.ones(max(longest, 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(1, longest):
            powers[k] = powers[k - 1] * _P1
        terms = (chars.astype(np.uint64) + np.uint64(1)) * powers[pos]
        out = np.zeros(len(arr), dtype=np.uint64)
        filled = lengths > 0
        if chars.size:
            out[filled] = np.add.reduceat(terms, (offsets[:-1] - first)[filled])
        out ^= lengths.astype(np.uint64) * _P2
        out += (periods.astype(np.uint64) + np.uint64(1)) * _P2 * _P1
    return out


@dataclass
class _Keys:
    """Row keys seen so far: period numbers in order of first appearance, and a hash of
    every (entity, period), checked for repeats at the end by one sort (8 bytes a row)."""

    periods: dict[str, int] = field(default_factory=dict)
    hashes: list[NDArray[np.uint64]] = field(default_factory=list)

    def add(self, entities: Any, periods: Any) -> None:
        """Record a batch's keys (Arrow string arrays, no nulls)."""
        self.hashes.append(key_hashes(entities, self.codes(periods)))

    @property
    def rows(self) -> int:
        return sum(len(h) for h in self.hashes)

    def codes(self, periods: Any) -> NDArray[np.int64]:
        """Each row's period as its number in order of first appearance (new ones added)."""
        return _numbered(self.periods, periods)

    def check(self, layout: DataLayout) -> tuple[str, ...]:
        """The period order; raises NotStreamable for repeated keys or unordered periods."""
        every = np.concatenate(self.hashes) if self.hashes else np.empty(0, dtype=np.uint64)
        self.hashes = []
        every.sort()
        repeats = int(np.count_nonzero(every[1:] == every[:-1]))
        del every
        if repeats:
            raise NotStreamable(msg("stream.why.repeats", n=f"{repeats:,}"))
        try:
            return order_periods(list(self.periods), layout.periods)
        except InputError as exc:
            raise NotStreamable(msg("stream.why.periods", reason=str(exc))) from None


def _numbered(seen: dict[str, int], values: Any) -> NDArray[np.int64]:
    """Each string of an Arrow array as its number in ``seen``, in order of first appearance
    (new ones added to ``seen``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for v in pc.unique(values).to_pylist():  # in order of first appearance
        seen.setdefault(v, len(seen))
    known = pa.array(list(seen), type=pa.string())
    return np.asarray(pc.index_in(values, value_set=known).to_numpy(), dtype=np.int64)


@dataclass(frozen=True)
class _Batch:
    entities: Any  # Arrow string arrays: keys as read_table gives them
    periods: Any
    groups: dict[str, Any]
    values: FloatArray  # rows x leaves (NaN: not read in this pass)

    def __len__(self) -> int:
        return len(self.values)


class _Texts(Sequence[str]):
    """An Arrow string array as a read-only sequence of str (made when read), so a batch's
    dataset holds no Python string per row (notes name the few rows they need)."""

    def __init__(self, array: Any) -> None:
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return list(self.array[i].to_pylist())
        return str(self.array[i].as_py())

    def __iter__(self) -> Iterator[str]:
        return iter(self.array.to_pylist())


def _readable(batches: Iterator[Any]) -> Iterator[Any]:
    """The batches; a cell pyarrow cannot read as a number makes the run not streamable
    (the in-memory engine then names it with its file, row and column)."""
    import pyarrow as pa

    try:
        yield from batches
    except pa.ArrowInvalid:
        raise NotStreamable(msg("stream.why.cells")) from None


class _Reader:
    """The file's batches as row keys and indicator values, read as :func:`read_table`
    would read them; whatever it would read differently raises :class:`NotStreamable`."""

    def __init__(
        self, index: IndexSystem, source: StreamSource, file: BatchFile, batch_rows: int
    ) -> None:
        self.index, self.source, self.file, self.batch_rows = index, source, file, batch_rows
        layout = source.layout
        self.leaves = list(index.leaves())
        self.columns = [layout.columns.get(x.id) or x.indicator.column or x.id  # type: ignore[union-attr]
                        for x in self.leaves]  # fmt: skip
        missing = [
            c for c in (layout.entity, layout.period, *self.columns) if c and c not in file.names
        ]
        if missing:
            raise NotStreamable(msg("stream.why.column", column=missing[0]))
        self.groups = [g for g in layout.groups if g in file.names]
        self.spill: BatchSpill | None = None  # a CSV file's batches as the first pass parsed them

    def batches(self, leaves: Sequence[int]) -> Iterator[_Batch]:
        import pyarrow as pa
        import pyarrow.compute as pc

        layout = self.source.layout
        keys = [layout.entity, *([layout.period] if layout.period else []), *self.groups]
        cols = list(dict.fromkeys([*keys, *(self.columns[j] for j in leaves)]))
        for rb in _readable(self._record_batches(keys, cols)):
            n = rb.num_rows
            entities = self._keys(rb.column(layout.entity))
            if entities.null_count:
                raise NotStreamable(msg("stream.why.no_entity"))
            blank = pa.scalar("", pa.string())
            if layout.period:
                periods = pc.fill_null(self._keys(rb.column(layout.period)), blank)
            else:
                periods = pa.nulls(n, pa.string()).fill_null(blank)
            groups = {g: pc.fill_null(self._keys(rb.column(g)), blank) for g in self.groups}
            groups |= {g: pa.nulls(n, pa.string()).fill_null(blank) for g in layout.groups
                       if g not in groups}  # fmt: skip
            every = len(leaves) == len(self.leaves)
            values = (
                np.empty((n, len(self.leaves))) if every else np.full((n, len(self.leaves)), np.nan)
            )
            for j in leaves:
                values[:, j] = self._numbers(rb.column(self.columns[j]), j)
            yield _Batch(entities, periods, groups, values)

    def _record_batches(self, keys: Sequence[str], cols: Sequence[str]) -> Iterator[Any]:
        """The file's record batches holding ``cols``.  A CSV file is parsed once: the first
        pass reads every column any pass reads and keeps what it parsed in a
        :class:`~qualindex.evaluate.io.BatchSpill`, which the later passes read back; when
        no spill can be kept, each pass parses the file again."""
        if self.spill is not None:
            yield from self.spill.read(cols)
            return
        if self.file.kind != "csv":
            numbers = set(cols) - set(keys)
            yield from self.file.batches(cols, batch_rows=self.batch_rows, numbers=numbers)
            return
        every = list(dict.fromkeys([*keys, *self.columns]))
        spill = BatchSpill.create(Path(self.file.file).stat().st_size * 3 // 2)
        done = False
        try:
            numbers = set(self.columns) - set(keys)
            for rb in self.file.batches(every, batch_rows=self.batch_rows, numbers=numbers):
                if spill is not None and not spill.write(rb):
                    spill = None  # no room: the later passes parse the file again
                yield rb.select(list(cols))
            done = True
        finally:
            if spill is not None and done:
                spill.finish()
                self.spill = spill
            elif spill is not None:  # a pass stopped early (an error): nothing to keep
                spill.discard()

    def close(self) -> None:
        """Remove the spill, if any."""
        if self.spill is not None:
            self.spill.discard()
            self.spill = None

    def _keys(self, col: Any) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        kind = col.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            return pc.cast(arrow_keys(col, self.source.options), pa.string())
        if pa.types.is_integer(kind) and col.null_count == 0:
            return pc.cast(col, pa.string())
        raise NotStreamable(msg("stream.why.key_type", kind=str(kind)))

    def _numbers(self, col: Any, j: int) -> FloatArray:
        import pyarrow as pa
        import pyarrow.compute as pc

        kind = col.type
        out: FloatArray | None
        if (
            self.file.kind == "csv"
            and pa.types.is_floating(kind)
            and pc.any(pc.is_nan(col)).as_py()
        ):
            raise NotStreamable(msg("stream.why.cells"))  # "nan" written out: not a number
        if pa.types.is_integer(kind) or pa.types.is_floating(kind):
            out = np.asarray(
                pc.fill_null(pc.cast(col, pa.float64()), float("nan")).to_numpy(), dtype=np.float64
            )
        elif pa.types.is_string(kind) and self.file.kind == "csv":
            out = arrow_numbers(col, self.source.options)
        else:
            out = None
        leaf = self.leaves[j]
        if out is None:
            raise NotStreamable(msg("stream.why.text", column=self.columns[j]))
        if not plausible(out, leaf.indicator).all():
            raise NotStreamable(msg("stream.why.range", column=self.columns[j]))
        return out


# ---------------------------------------------------------------------- statistics


@dataclass
class _LeafStats:
    """Pass 1: per indicator min/max, and count, mean, M2 (sum of squared deviations)."""

    k: int
    lo: FloatArray = field(init=False)
    hi: FloatArray = field(init=False)
    n: FloatArray = field(init=False)
    mean: FloatArray = field(init=False)
    m2: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.lo, self.hi = np.full(self.k, np.nan), np.full(self.k, np.nan)
        self.n, self.mean, self.m2 = np.zeros(self.k), np.zeros(self.k), np.zeros(self.k)

    def add(self, x: FloatArray, cols: Sequence[int] | None = None) -> None:
        """Merge a batch (rows x ``cols`` of the indicators; all of them by default)."""
        self.add_bounds(x, cols)
        self.add_moments(x, cols)

    def add_bounds(self, x: FloatArray, cols: Sequence[int] | None = None) -> None:
        at = np.arange(self.k) if cols is None else np.asarray(cols, dtype=np.intp)
        self.lo[at] = np.fmin(self.lo[at], np.fmin.reduce(x, axis=0))
        self.hi[at] = np.fmax(self.hi[at], np.fmax.reduce(x, axis=0))

    def add_moments(self, x: FloatArray, cols: Sequence[int] | None = None) -> None:
        at = np.arange(self.k) if cols is None else np.asarray(cols, dtype=np.intp)
        ok = ~np.isnan(x)
        n_a, mean_a, m2_a = self.n[at], self.mean[at], self.m2[at]
        n_b = ok.sum(axis=0).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_b = np.where(ok, x, 0.0).sum(axis=0) / n_b
            dev = np.where(ok, x - mean_b, 0.0)
            m2_b = np.einsum("ij,ij->j", dev, dev)
            total = n_a + n_b
            delta = mean_b - mean_a
            # Chan, Golub & LeVeque (1979), eq. 1.5: the pairwise update of mean and M2
            new_mean = mean_a + delta * n_b / total
            new_m2 = m2_a + m2_b + delta * delta * n_a * n_b / total
        take = n_b > 0
        self.mean[at] = np.where(take, new_mean, mean_a)
        self.m2[at] = np.where(take, new_m2, m2_a)
        self.n[at] = total

    def score(self, leaf: Node, j: int, x: FloatArray) -> FloatArray:
        """Leaf ``j``'s scores of a batch, with the statistics of all rows."""
        return score_from_stats(leaf, j, x, np.full_like(x, np.nan), self)


@dataclass
class _TopsisStats:
    """Pass 2: per period, TOPSIS column statistics over the rows with every score."""

    k: int
    rows: dict[int, int] = field(default_factory=dict)
    lo: dict[int, FloatArray] = field(default_factory=dict)
    hi: dict[int, FloatArray] = field(default_factory=dict)
    sq: dict[int, FloatArray] = field(default_factory=dict)

    def add(self, scores: FloatArray, codes: NDArray[np.int64]) -> None:
        complete = ~np.isnan(scores).any(axis=1)
        for p in np.unique(codes).tolist():
            block = scores[(codes == p) & complete]
            if p not in self.rows:
                self.rows[p] = 0
                self.lo[p], self.hi[p] = np.full(self.k, np.inf), np.full(self.k, -np.inf)
                self.sq[p] = np.zeros(self.k)
            self.rows[p] += len(block)
            if len(block):
                np.minimum(self.lo[p], block.min(axis=0), out=self.lo[p])
                np.maximum(self.hi[p], block.max(axis=0), out=self.hi[p])
                self.sq[p] += np.einsum("ij,ij->j", block, block)

    def normalisers(self, leaf_w: FloatArray) -> dict[int, TopsisNormaliser]:
        """The periods whose closeness the in-memory engine computes, and their normaliser
        (as ``results._topsis``: two complete rows at least, weights with a positive sum,
        not every alternative identical)."""
        out: dict[int, TopsisNormaliser] = {}
        if self.k == 0 or np.any(leaf_w < 0) or leaf_w.sum() <= 0:
            return out
        w = leaf_w / leaf_w.sum()
        sign = np.ones(self.k)
        for p, count in self.rows.items():
            if count < 2:
                continue
            norm = TopsisNormaliser.from_stats(
                self.lo[p], self.hi[p], self.sq[p], sign, "vector", w
            )
            if np.all(norm.ideal == norm.anti):  # every distance sum 0: closeness 0/0
                continue
            out[p] = norm
        return out


def _closeness(
    scores: FloatArray, codes: NDArray[np.int64], norms: Mapping[int, TopsisNormaliser]
) -> FloatArray:
    """TOPSIS closeness of a batch's rows, each with its period's normaliser."""
    out = np.full(len(scores), np.nan)
    complete = ~np.isnan(scores).any(axis=1)
    for p in np.unique(codes).tolist():
        norm = norms.get(p)
        if norm is None:
            continue
        rows = np.flatnonzero((codes == p) & complete)
        v = norm.weighted(scores[rows])
        diff = v - norm.ideal
        diff *= diff
        d_plus = np.sqrt(np.sum(diff, axis=1))
        np.subtract(v, norm.anti, out=diff)
        diff *= diff
        d_minus = np.sqrt(np.sum(diff, axis=1))
        out[rows] = d_minus / (d_plus + d_minus)
    return out


@dataclass
class _Scan:
    """Per row of all rows: composite, period code (first appearance), entity hash; per group
    column each row's value code and, per (value, period), sums and counts of the composite
    and level-1 scores (the group means)."""

    composite: FloatArray
    codes: NDArray[np.int32]
    entity: NDArray[np.uint64]
    topsis: _TopsisStats
    notes: _Notes
    names: dict[str, dict[str, int]] = field(default_factory=dict)
    groups: dict[str, list[NDArray[np.int32]]] = field(default_factory=dict)
    sums: dict[str, dict[tuple[int, int], tuple[FloatArray, FloatArray]]] = field(
        default_factory=dict
    )

    def add_group(
        self, g: str, values: NDArray[np.int64], periods: NDArray[np.int64], matrix: FloatArray
    ) -> None:
        self.groups.setdefault(g, []).append(values.astype(np.int32))
        key = values * (1 << 31) + periods
        blocks, which = np.unique(key, return_inverse=True)
        which = np.asarray(which).ravel()
        ok = ~np.isnan(matrix)
        sums = np.column_stack([
            np.bincount(which[ok[:, j]], weights=matrix[ok[:, j], j], minlength=blocks.size)
            for j in range(matrix.shape[1])
        ])  # fmt: skip
        counts = np.column_stack([
            np.bincount(which[ok[:, j]], minlength=blocks.size) for j in range(matrix.shape[1])
        ])  # fmt: skip
        table = self.sums.setdefault(g, {})
        for b, k in enumerate(blocks.tolist()):
            at = (k >> 31, k & ((1 << 31) - 1))  # (value code, period code)
            had = table.get(at)
            table[at] = (
                (sums[b], counts[b]) if had is None else (had[0] + sums[b], had[1] + counts[b])
            )

    def group_codes(self) -> dict[str, tuple[NDArray[np.int32], list[str]]]:
        return {g: (np.concatenate(self.groups[g]), list(self.names[g])) for g in self.groups}

    def group_ranks(self) -> dict[str, NDArray[np.int64]]:
        """Ranks within group value and period, as ``results.analyse`` ranks them."""
        p = np.int64(int(self.codes.max(initial=0)) + 1)  # above every period code
        return {
            g: competition_ranks(self.composite, codes.astype(np.int64) * p + self.codes)
            for g, (codes, _) in self.group_codes().items()
        }

    def group_means(
        self, nodes: Sequence[str], period_names: Mapping[int, str], order: Sequence[str]
    ) -> Mapping[str, Mapping[tuple[str, str], Mapping[str, float]]]:
        """group column -> (value, period) -> node -> mean, as ``Evaluation.group_means``."""
        at = {p: i for i, p in enumerate(order)}
        out = {}
        for g, table in self.sums.items():
            names = list(self.names[g])
            means = {}
            for (v, p), (sums, counts) in table.items():
                with np.errstate(invalid="ignore", divide="ignore"):
                    row = (sums / counts).tolist()
                means[(names[v], period_names[p])] = frozen_map(dict(zip(nodes, row, strict=True)))
            keys = sorted(means, key=lambda vp: (vp[0], at.get(vp[1], -1)))
            out[g] = {k: means[k] for k in keys}
        return frozen_map(out)


# --------------------------------------------------------------------------- notes


@dataclass
class _Notes:
    """The notes of the in-memory engine, gathered batch by batch in the same order."""

    index: IndexSystem
    options: EvalOptions
    coverage: dict[str, LeftEmpty] = field(default_factory=dict)  # bounded, however many rows
    fills: dict[str, tuple[MissingPolicy, int]] = field(default_factory=dict)
    gaps: bool = False
    partial: int = 0  # rows whose composite rests on part of the weight

    def add(self, data: Dataset, scores: Scores) -> None:
        for node_id in scores.excluded:
            node = self.index.nodes[node_id]
            tally = self.coverage.get(node_id)
            if tally is None:
                tally = self.coverage[node_id] = LeftEmpty(node, scores.rules[node_id])
            tally.add_rows(data, scores.coverage[node_id])
        for node_id, (policy, mask) in scores.imputed.items():
            _, before = self.fills.get(node_id, (policy, 0))
            self.fills[node_id] = (policy, before + int(mask.sum()))
        self.gaps |= bool((scores.coverage[self.index.id] < 1.0).any())
        self.partial += scores.partial_rows(self.index.id)

    def result(self) -> tuple[str, ...]:
        order = [n.id for n in self.index.aggregates(bottom_up=True)]
        notes = [text for node_id in order if node_id in self.coverage
                 for text in self.coverage[node_id].notes()]  # fmt: skip
        notes += missing_notes(self.index, self.options, {}, self.gaps)
        filled = [c for n in order for c in self.index.nodes[n].children if c in self.fills]
        return (*notes, *fill_notes({c: self.fills[c] for c in filled}))


# -------------------------------------------------------------------------- engine


class _Run:
    """The state of one streamed evaluation across its passes."""

    def __init__(
        self,
        index: IndexSystem,
        source: StreamSource,
        weights: TreeWeights,
        options: EvalOptions,
        progress: Progress,
        batch_rows: int = BATCH_ROWS,
    ) -> None:
        file = open_batches(source.path, source.options)
        if file is None:
            raise NotStreamable(msg("stream.why.whole", file=source.path.name))
        self.index, self.source, self.weights, self.options = index, source, weights, options
        self.reader = _Reader(index, source, file, batch_rows)
        self.rows_total = file.rows
        self.progress = progress
        self.leaves = tuple(x.id for x in self.reader.leaves)
        self.stats = _LeafStats(len(self.leaves))
        self.period_order: tuple[str, ...] = ()
        self.keys = _Keys()

    def batches(self, stage: str, leaves: Sequence[int]) -> Iterator[_Batch]:
        done = 0
        self.progress(stage, 0, self.rows_total)
        for batch in self.reader.batches(leaves):
            yield batch
            done += len(batch)
            self.progress(stage, done, self.rows_total)

    def statistics(self) -> None:
        """Pass 1 (only for indicators scored from the data), and the row keys' checks."""
        kinds = [x.indicator.scoring.name if x.indicator else "" for x in self.reader.leaves]
        bounds = []
        for j in [j for j, name in enumerate(kinds) if name == "minmax"]:
            known = self.reader.file.bounds(self.reader.columns[j])  # Parquet footer
            if known is None:
                bounds.append(j)
            else:
                self.stats.lo[j], self.stats.hi[j] = known
        moments = [j for j, name in enumerate(kinds) if name == "zscore"]
        keys = self.keys
        for batch in self.batches("statistics", [*bounds, *moments]):
            keys.add(batch.entities, batch.periods)
            if bounds:
                self.stats.add_bounds(batch.values[:, bounds], bounds)
            if moments:
                self.stats.add_moments(batch.values[:, moments], moments)
        self.rows_total = keys.rows
        self.period_order = keys.check(self.source.layout)

    def score(self, batch: _Batch) -> tuple[Dataset, Scores, NDArray[np.int64]]:
        leaf_scores = np.empty_like(batch.values, order="F")
        for j, leaf in enumerate(self.reader.leaves):
            leaf_scores[:, j] = self.stats.score(leaf, j, batch.values[:, j])
        data = Dataset(
            cast("tuple[str, ...]", _Texts(batch.entities)),
            cast("tuple[str, ...]", _Texts(batch.periods)),
            frozen_map({g: cast("tuple[str, ...]", _Texts(v)) for g, v in batch.groups.items()}),
            self.leaves,
            batch.values,
            np.broadcast_to(np.float64(np.nan), batch.values.shape),  # no survey item scores
            frozen_map(),
            (),
            (self.reader.file.file,),
            period_order=self.period_order,
        )
        codes = self.keys.codes(batch.periods)
        scores = score_batch(
            self.index, data, self.weights, leaf_scores, self.options, baseline_from(self.stats)
        )
        return data, scores, codes

    def columns(self, batch: _Batch, scores: Scores) -> dict[str, Any]:
        """The output columns made in Arrow (keys, grades, short boards), the same cells
        :func:`~qualindex.evaluate.serialize.evaluation_columns` makes from Python lists."""
        composite = scores.nodes[self.index.id]
        bands = self.index.grades.bands if self.index.grades else ()
        grade = grade_codes(self.index, composite)
        dims, weakest = short_board_codes(self.index, scores, len(batch))
        return {
            "entity": batch.entities,
            "label": batch.entities,  # no data.label (stream_reason): the id
            "period": batch.periods,
            **batch.groups,
            "grade_zh": _take([*(b.label.zh for b in bands), None], grade),
            "grade_en": _take([*(b.label.en for b in bands), None], grade),
            "short_board": _take([*dims, ""], weakest),
        }

    def ranks(self) -> tuple[NDArray[np.int32], dict[int, TopsisNormaliser], tuple[str, ...]]:
        """Pass 2: ranks within periods (one sort), TOPSIS statistics, the notes."""
        everything = range(len(self.leaves))
        total = self.rows_total or 0
        composite, codes = np.empty(total), np.empty(total, dtype=np.int32)  # 12 bytes a row
        topsis = _TopsisStats(len(self.leaves))
        notes = _Notes(self.index, self.options)
        at = 0
        for batch in self.batches("scoring", everything):
            data, scores, code = self.score(batch)
            n = len(batch)
            composite[at : at + n] = scores.nodes[self.index.id]
            codes[at : at + n] = code
            at += n
            topsis.add(scores.leaf_scores, code)
            notes.add(data, scores)
        values, blocks = composite[:at], codes[:at]
        leaf_w = self.weights.leaf_vector(self.leaves)
        return _ranks_by_period(values, blocks), topsis.normalisers(leaf_w), notes.result()

    def scan(self) -> _Scan:
        """Pass 2 of a report's run: :meth:`ranks`' statistics, and per row what choosing
        and summarising the rows shown needs (composite, period, entity hash, groups)."""
        total = self.rows_total or 0
        scan = _Scan(np.empty(total), np.empty(total, dtype=np.int32),
                     np.empty(total, dtype=np.uint64), _TopsisStats(len(self.leaves)),
                     _Notes(self.index, self.options))  # fmt: skip
        nodes = (self.index.id, *(c.id for c in self.index.children(self.index.id)))
        at = 0
        for batch in self.batches("scoring", range(len(self.leaves))):
            data, scores, code = self.score(batch)
            n = len(batch)
            scan.composite[at : at + n] = scores.nodes[self.index.id]
            scan.codes[at : at + n] = code
            scan.entity[at : at + n] = key_hashes(batch.entities, np.zeros(n, dtype=np.int64))
            matrix = np.column_stack([scores.nodes[k] for k in nodes])
            for g, values in batch.groups.items():
                scan.add_group(g, _numbered(scan.names.setdefault(g, {}), values), code, matrix)
            scan.topsis.add(scores.leaf_scores, code)
            scan.notes.add(data, scores)
            at += n
        return scan

    def collect(self, rows: NDArray[np.intp], rank: NDArray[np.int32], scan: _Scan) -> Evaluation:
        """Pass 3 of a report's run: the evaluation of the rows at ``rows`` (ascending) alone,
        scored with all rows' statistics, ranked and TOPSIS-closed among all rows."""
        import pyarrow as pa

        parts: list[_Batch] = []
        at = 0
        for batch in self.batches("writing", range(len(self.leaves))):
            n = len(batch)
            lo, hi = np.searchsorted(rows, [at, at + n])
            if hi > lo:
                take = pa.array(rows[lo:hi] - at)
                parts.append(_Batch(batch.entities.take(take), batch.periods.take(take),
                                    {g: v.take(take) for g, v in batch.groups.items()},
                                    batch.values[rows[lo:hi] - at]))  # fmt: skip
            at += n
        joined = _Batch(
            pa.concat_arrays([b.entities for b in parts]),
            pa.concat_arrays([b.periods for b in parts]),
            {g: pa.concat_arrays([b.groups[g] for b in parts]) for g in parts[0].groups},
            np.concatenate([b.values for b in parts]),
        )
        data, scores, code = self.score(joined)
        data = dataclasses.replace(
            data,
            entities=tuple(joined.entities.to_pylist()),
            periods=tuple(joined.periods.to_pylist()),
            groups=frozen_map({g: tuple(v.to_pylist()) for g, v in joined.groups.items()}),
        )
        composite = scores.nodes[self.index.id]
        norms = scan.topsis.normalisers(self.weights.leaf_vector(self.leaves))
        return Evaluation(
            index=self.index,
            data=data,
            scores=scores,
            grades=grades_of(self.index, composite),
            rank=rank[rows].astype(np.int64),
            rank_in_group=frozen_map({g: r[rows] for g, r in scan.group_ranks().items()}),
            short_board=short_boards_of(self.index, scores, len(data)),
            fce=None,
            topsis=_closeness(scores.leaf_scores, code, norms),
            survey=None,
            notes=scan.notes.result(),
            top=self.options.top,
            ipa=self.options.ipa,
        )

    def output(
        self, rank: NDArray[np.int32], norms: Mapping[int, TopsisNormaliser], writer: TableWriter
    ) -> int:
        """Pass 3: every batch's rows, with their ranks and closeness, to ``writer``."""
        at = 0
        for batch in self.batches("writing", range(len(self.leaves))):
            data, scores, code = self.score(batch)
            n = len(data)
            ev = Evaluation(
                index=self.index,
                data=data,
                scores=scores,
                grades=(),  # given below as columns, as are the keys and short boards
                rank=rank[at : at + n].astype(np.int64),
                rank_in_group=frozen_map(),
                short_board=(),
                fce=None,
                topsis=_closeness(scores.leaf_scores, code, norms),
                survey=None,
                notes=(),
                top=self.options.top,
            )
            writer.write(evaluation_arrow(ev, self.columns(batch, scores)))
            at += n
        return at


#: Rows ranked per binary-search step of :func:`_ranks_by_period` (its temporaries' size).
RANK_CHUNK = 1 << 20


def _ranks_by_period(values: FloatArray, codes: NDArray[np.int32]) -> NDArray[np.int32]:
    """Competition ranks within each period (1 = best, ties share the better rank, NaN 0),
    as :func:`~qualindex.evaluate.ranking.competition_ranks` gives them, in about 12 bytes a
    row: each period's observed values sorted once (8 bytes a row), and every row's rank,
    1 + the number of its period's values strictly above it, found by binary search
    :data:`RANK_CHUNK` rows at a time (sorted first: searches in order stay in cache) into
    an int32 (4 bytes a row).  An argsort of all
    rows would need several int64 temporaries of the rows' size (0.7 GB at 10M rows)."""
    n = len(values)
    out = np.zeros(n, dtype=np.int32)
    ranked: dict[int, FloatArray] = {}
    for p in np.flatnonzero(np.bincount(codes, minlength=1)).tolist():
        s = values[codes == p]
        s.sort()  # NaN last
        ranked[p] = s[: s.size - int(np.count_nonzero(np.isnan(s)))]
    for c0 in range(0, n, RANK_CHUNK):
        x, c = values[c0 : c0 + RANK_CHUNK], codes[c0 : c0 + RANK_CHUNK]
        for p, s in ranked.items():
            rows = np.flatnonzero(c == p) if len(ranked) > 1 else np.arange(len(x))
            rows = rows[np.argsort(x[rows])]  # sorted keys: each search starts where the last ended
            xv = x[rows]
            r = s.size + 1 - np.searchsorted(s, xv, side="right")
            r[np.isnan(xv)] = 0
            out[c0 + rows] = r
    return out


def _take(labels: Sequence[str | None], codes: NDArray[np.intp] | NDArray[np.int64]) -> Any:
    import pyarrow as pa

    return pa.array(list(labels), type=pa.string()).take(pa.array(codes))


def evaluate_stream(
    index: IndexSystem,
    source: StreamSource,
    weights: TreeWeights,
    writer: Callable[[], AbstractContextManager[TableWriter]],
    *,
    options: EvalOptions | None = None,
    progress: Progress = lambda stage, done, total: None,
    batch_rows: int = BATCH_ROWS,
) -> StreamResult:
    """Evaluate ``source`` in batches and write its rows with the writer ``writer()`` opens.

    Raises :class:`NotStreamable` before anything is written when the data cannot be
    streamed (see the module); input errors as the in-memory engine raises them.
    """
    reason = stream_reason(index, [source], options or EvalOptions())
    if reason is not None:
        raise NotStreamable(reason)
    run = _Run(index, source, weights, options or EvalOptions(), progress, batch_rows)
    try:
        run.statistics()
        rank, norms, notes = run.ranks()
        with writer() as out:
            rows = run.output(rank, norms, out)
    finally:
        run.reader.close()
    return StreamResult(rows, notes, 3, weights)


def evaluate_stream_shown(
    index: IndexSystem,
    source: StreamSource,
    weights: TreeWeights,
    *,
    max_rows: int,
    options: EvalOptions | None = None,
    progress: Progress = lambda stage, done, total: None,
    batch_rows: int = BATCH_ROWS,
) -> Evaluation:
    """The evaluation a report over at most ``max_rows`` rows shows, in bounded memory.

    Three passes as :func:`evaluate_stream`; kept are 24 bytes a row (composite, period,
    entity hash; 4 more per group column) and the rows shown: per period the best and worst as
    :func:`~qualindex.evaluate.results.trim_rows` chooses them, plus their entities' rows
    of the other periods (for the change since the previous period), so the result equals
    ``trim_rows`` of the in-memory evaluation, with :class:`RowsShown`'s summaries and the
    group means over all rows.
    """
    options = options or EvalOptions()
    reason = stream_reason(index, [source], options)
    if reason is not None:
        raise NotStreamable(reason)
    run = _Run(index, source, weights, options, progress, batch_rows)
    try:
        return _shown(run, index, max_rows)
    finally:
        run.reader.close()


def _shown(run: _Run, index: IndexSystem, max_rows: int) -> Evaluation:
    """The passes of :func:`evaluate_stream_shown` and the rows it keeps."""
    run.statistics()
    scan = run.scan()
    rank = _ranks_by_period(scan.composite, scan.codes)
    order = run.period_order
    names = {c: p for p, c in run.keys.periods.items()}
    pcode = np.array([order.index(names[c]) for c in range(len(names))], dtype=np.intp)[
        scan.codes
    ] if len(names) else np.zeros(0, dtype=np.intp)  # fmt: skip
    total = len(scan.composite)
    if total <= max_rows:
        return run.collect(np.arange(total, dtype=np.intp), rank, scan)
    each = max(1, max_rows // (2 * max(len(order), 1)))
    kept = shown_positions(rank, pcode, each)
    context = np.flatnonzero(np.isin(scan.entity, scan.entity[kept]))  # their other periods
    ev = run.collect(context, rank, scan)
    summaries = row_summaries(index, scan.composite, (pcode, order), scan.group_codes())
    counts = np.bincount(pcode[kept], minlength=len(order))
    omitted = {p: summaries[i].count - int(counts[i]) for i, p in enumerate(order)}
    shown = RowsShown(max_rows, total, int(np.unique(scan.entity).size), each,
                      frozen_map(omitted), summaries, scan.notes.partial,
                      filled_by_policy(scan.notes.fills.values()))  # fmt: skip
    nodes = (index.id, *(c.id for c in index.children(index.id)))
    means = scan.group_means(nodes, names, order)
    return take_rows(ev, np.searchsorted(context, kept).astype(np.intp), shown, means)


# -------------------------------------------------------------------------- output


def dictionary_columns(schema: Any) -> list[str]:
    """The columns worth Parquet's dictionary encoding: the text ones (entity, period,
    grade, short board repeat a few values).  Scores and weights are continuous: pyarrow
    tries a dictionary for each column chunk and gives it up, which made writing 1M rows x
    61 columns take 7.5 s of CPU instead of 0.9 s (and the file a fifth larger)."""
    import pyarrow as pa

    return [
        f.name for f in schema if not (pa.types.is_floating(f.type) or pa.types.is_integer(f.type))
    ]


class TableWriter:
    """Arrow tables appended to one CSV, Parquet or JSON Lines output, batch by batch.

    CSV as :func:`~qualindex.evaluate.serialize.evaluation_csv` writes it (UTF-8, a BOM
    unless ``bom=False``, quoting where needed, empty cells for null); JSON Lines one
    object per row (null for no value); Parquet one row group per batch.
    """

    def __init__(self, sink: BinaryIO, fmt: TableFormat, *, bom: bool = True) -> None:
        self.sink, self.fmt, self.bom = sink, fmt, bom
        self._writer: Any = None
        self._schema: Any = None

    def write(self, table: Any) -> None:
        if self._schema is None:
            self._open(table.schema)
        elif table.schema != self._schema:
            table = table.cast(self._schema)
        if self.fmt == "jsonl":
            lines = [json.dumps(row, ensure_ascii=False) for row in table.to_pylist()]
            self.sink.write(("\n".join(lines) + "\n").encode("utf-8") if lines else b"")
        else:
            self._writer.write_table(table)

    def _open(self, schema: Any) -> None:
        import pyarrow as pa

        self._schema = schema
        if self.fmt == "csv":
            import pyarrow.csv as pacsv

            if self.bom:
                self.sink.write(b"\xef\xbb\xbf")
            options = pacsv.WriteOptions(quoting_style="needed")
            self._writer = pacsv.CSVWriter(self.sink, schema, write_options=options)
        elif self.fmt == "parquet":
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(
                pa.PythonFile(self.sink, mode="w"),
                schema,
                use_dictionary=dictionary_columns(schema),
            )

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def file_writer(
    path: Path | None, fmt: TableFormat, *, bom: bool, inputs: Sequence[Path], force: bool
) -> Iterator[TableWriter]:
    """A :class:`TableWriter` into ``path`` (atomically: temp file, then renamed) or to
    standard output (``path`` None; CSV and JSON Lines)."""
    from qualindex.outputs import atomic_path

    if path is None:
        writer = TableWriter(sys.stdout.buffer, fmt, bom=bom)
        with writer:
            yield writer
        sys.stdout.buffer.flush()
        return
    with atomic_path(path, inputs=inputs, force=force) as tmp, tmp.open("wb") as fh:
        writer = TableWriter(fh, fmt, bom=bom)
        with writer:
            yield writer


class ColumnStats(Protocol):
    """Per-leaf statistics of all rows: min/max bounds and merged moments (n, mean, M2)."""

    lo: FloatArray
    hi: FloatArray
    n: FloatArray
    mean: FloatArray
    m2: FloatArray


def baseline_from(stats: ColumnStats) -> BaselineScorer:
    """An indicator's baseline scored with ``stats`` of all rows (``impute-baseline``)."""

    def score(leaf: Node, j: int) -> float:
        ind = leaf.indicator
        assert ind is not None and ind.baseline is not None
        if ind.scoring.name not in STAT_SCORINGS:
            return score_baseline(leaf, np.empty(0))
        x = np.array([ind.baseline], dtype=np.float64)
        s = score_from_stats(leaf, j, x, np.full(1, np.nan), stats)
        return float(np.clip(s[0], 0.0, 100.0))  # as score_baseline: the observed range's ends

    return score


def score_from_stats(
    leaf: Node, j: int, x: FloatArray, item: FloatArray, stats: ColumnStats
) -> FloatArray:
    """Leaf ``j``'s scores of some rows; min-max and z-score with ``stats`` of all rows (the
    streamed and the Dask engines), every other scoring row by row as in memory."""
    ind = leaf.indicator
    assert ind is not None
    name = ind.scoring.name
    if name not in STAT_SCORINGS:
        return score_column(leaf, x, item)
    direction = "lower" if ind.direction == "lower" else "higher"
    try:
        if name == "minmax":
            if np.isnan(stats.lo[j]):
                raise InputError("an indicator has no observed value; min-max needs at least one")
            check_minmax_range(leaf, float(stats.lo[j]), float(stats.hi[j]))
            return normalise.minmax(x, direction, bounds=(stats.lo[j], stats.hi[j]))
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.sqrt(stats.m2[j] / (stats.n[j] - 1.0))
        moments = (int(stats.n[j]), stats.mean[j], sd)
        return normalise.zscore(x, direction, to_scale=True, moments=moments)
    except InputError as exc:
        raise InputError(f"indicator {leaf.id!r}: {exc}") from None
