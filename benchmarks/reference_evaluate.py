"""Plain pyarrow + numpy reference for the end-to-end ``evaluate`` benchmark (issue 11).

The same math as an evaluation with 50 min-max indicators under one weighted mean: read the
entity table, min-max every indicator over all rows (mixed directions), take the weighted
mean, rank within the period (competition ranks, 1 = best), write entity, period, composite
and rank.  No qualindex import: this is what the ``evaluate`` command is compared with.

* ``make``: write the test table (``entity``, ``period``, ``k0`` .. ``k49``) as Parquet and as
  CSV, ``--rows`` rows over ``--periods`` periods, fixed seed, in row groups of 65,536 rows;
* ``run``: evaluate a Parquet or CSV file, whole (one table in memory) or ``--streamed`` (two
  passes over record batches: bounds, then scores; only the composite vector is kept for the
  ranks), and print seconds, rows/s and peak RSS; ``--scores`` (whole) also writes the 50
  indicator scores, as the ``evaluate`` command does.

Run::

    .venv/bin/python benchmarks/reference_evaluate.py make /tmp/kpi --rows 1000000
    .venv/bin/python benchmarks/reference_evaluate.py run /tmp/kpi.parquet -o /tmp/out.parquet
    .venv/bin/python benchmarks/reference_evaluate.py run /tmp/kpi.csv --streamed -o /tmp/o.csv

Weights are ``1 + (j mod 5)`` for indicator ``kj``, normalised; indicator ``kj`` is "lower is
better" when ``j mod 3 == 0``.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
N_INDICATORS = 50
COLUMNS = [f"k{j}" for j in range(N_INDICATORS)]
WEIGHTS = np.array([1.0 + j % 5 for j in range(N_INDICATORS)])
WEIGHTS /= WEIGHTS.sum()
LOWER = np.array([j % 3 == 0 for j in range(N_INDICATORS)])
ROW_GROUP = 65_536
SEED = 20261202


def make(
    stem: Path, rows: int, periods: int, formats: tuple[str, ...] = ("parquet", "csv")
) -> None:
    """Write ``stem.parquet`` and ``stem.csv`` (``formats``) with the same rows, batch by batch."""
    rng = np.random.default_rng(SEED)
    schema = pa.schema(
        [("entity", pa.string()), ("period", pa.string())] + [(c, pa.float64()) for c in COLUMNS]
    )
    with contextlib.ExitStack() as stack:
        pw = (
            stack.enter_context(pq.ParquetWriter(f"{stem}.parquet", schema))
            if "parquet" in formats
            else None
        )
        cw = (
            stack.enter_context(pacsv.CSVWriter(f"{stem}.csv", schema))
            if "csv" in formats
            else None
        )
        for start in range(0, rows, ROW_GROUP):
            n = min(ROW_GROUP, rows - start)
            ids = np.arange(start, start + n)
            cols = {
                "entity": pa.array([f"e{i // periods}" for i in ids]),
                "period": pa.array([f"2026-{1 + i % periods:02d}" for i in ids]),
            }
            values = rng.uniform(0.0, 100.0, (n, N_INDICATORS))
            cols.update({c: pa.array(values[:, j]) for j, c in enumerate(COLUMNS)})
            batch = pa.record_batch(cols, schema=schema)
            for writer in (pw, cw):
                if writer is not None:
                    writer.write_batch(batch)


def batches(path: Path, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """Record batches of ``columns`` from a Parquet or CSV file (bounded memory)."""
    if path.suffix == ".parquet":
        yield from pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP, columns=columns)
        return
    types = {c: pa.float64() for c in COLUMNS} | {"entity": pa.string(), "period": pa.string()}
    convert = pacsv.ConvertOptions(column_types=types, include_columns=columns)
    reader = pacsv.open_csv(
        path, read_options=pacsv.ReadOptions(block_size=1 << 24), convert_options=convert
    )
    yield from reader


def matrix(batch: pa.RecordBatch | pa.Table) -> FloatArray:
    out = np.empty((batch.num_rows, N_INDICATORS))
    for j, c in enumerate(COLUMNS):
        out[:, j] = batch.column(c).to_numpy()
    return out


def scores(x: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    s = (x - lo) / (hi - lo)
    s[:, LOWER] = 1.0 - s[:, LOWER]
    s *= 100.0
    return np.asarray(s @ WEIGHTS)


def ranks_within(composite: FloatArray, period: NDArray[np.int64]) -> NDArray[np.int64]:
    """Competition ranks within each period by one sort: 1 + number strictly better."""
    order = np.lexsort((-composite, period))
    v, p = composite[order], period[order]
    new_p = np.r_[True, p[1:] != p[:-1]]
    new_v = new_p | np.r_[True, v[1:] != v[:-1]]
    pos = np.arange(v.size)
    start = np.maximum.accumulate(np.where(new_p, pos, 0))
    tie = np.maximum.accumulate(np.where(new_v, pos, 0))
    out = np.empty(v.size, dtype=np.int64)
    out[order] = tie - start + 1
    return out


def evaluate_whole(path: Path, *, with_scores: bool = False) -> pa.Table:
    """The whole table in memory; ``with_scores`` also writes every indicator's 0-100 score
    (the columns ``qualindex evaluate`` writes beside the composite)."""
    table = (
        pq.read_table(path)
        if path.suffix == ".parquet"
        else pa.Table.from_batches(list(batches(path, ["entity", "period", *COLUMNS])))
    )
    x = matrix(table)
    lo, hi = x.min(axis=0), x.max(axis=0)
    composite = scores(x, lo, hi)
    period = pc.dictionary_encode(table.column("period")).combine_chunks()
    codes = period.indices.to_numpy().astype(np.int64)
    out = {
        "entity": table.column("entity"),
        "period": table.column("period"),
        "composite": composite,
        "rank": ranks_within(composite, codes),
    }
    if with_scores:
        s = (x - lo) / (hi - lo)
        s[:, LOWER] = 1.0 - s[:, LOWER]
        s *= 100.0
        out |= {c: s[:, j] for j, c in enumerate(COLUMNS)}
    return pa.table(out)


def evaluate_streamed(path: Path) -> pa.Table:
    lo, hi = np.full(N_INDICATORS, np.inf), np.full(N_INDICATORS, -np.inf)
    for batch in batches(path, COLUMNS):  # pass 1: bounds
        x = matrix(batch)
        np.minimum(lo, x.min(axis=0), out=lo)
        np.maximum(hi, x.max(axis=0), out=hi)
    parts, keys = [], []
    for batch in batches(path, ["entity", "period", *COLUMNS]):  # pass 2: scores
        parts.append(scores(matrix(batch), lo, hi))
        keys.append(batch.select(["entity", "period"]))
    composite = np.concatenate(parts)
    ids = pa.Table.from_batches(keys)
    period = pc.dictionary_encode(ids.column("period")).combine_chunks()
    codes = period.indices.to_numpy().astype(np.int64)
    return ids.append_column("composite", pa.array(composite)).append_column(
        "rank", pa.array(ranks_within(composite, codes))
    )


def write(table: pa.Table, out: Path) -> None:
    if out.suffix == ".parquet":
        pq.write_table(table, out)
    else:
        pacsv.write_csv(table, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    mk = sub.add_parser("make", help="write STEM.parquet and STEM.csv")
    mk.add_argument("stem", type=Path)
    mk.add_argument("--rows", type=int, default=1_000_000)
    mk.add_argument("--periods", type=int, default=1)
    mk.add_argument("--formats", nargs="+", choices=("parquet", "csv"), default=["parquet", "csv"])
    rn = sub.add_parser("run", help="evaluate a .parquet or .csv file")
    rn.add_argument("path", type=Path)
    rn.add_argument("-o", "--output", type=Path)
    rn.add_argument("--streamed", action="store_true")
    rn.add_argument("--scores", action="store_true", help="also write the indicator scores")
    args = parser.parse_args(argv)
    if args.command == "make":
        make(args.stem, args.rows, args.periods, tuple(args.formats))
        return 0
    start = time.perf_counter()
    table = (
        evaluate_streamed(args.path)
        if args.streamed
        else evaluate_whole(args.path, with_scores=args.scores)
    )
    if args.output is not None:
        write(table, args.output)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB (Linux)
    mode = "streamed" if args.streamed else "whole"
    print(
        f"reference evaluate ({mode}) {args.path.name}: {table.num_rows:,} rows in "
        f"{seconds:.2f} s ({table.num_rows / seconds:,.0f} rows/s), peak RSS {rss:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
