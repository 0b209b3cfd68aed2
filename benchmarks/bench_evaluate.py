"""Benchmark: score and aggregate 1,000,000 entities x 50 indicators.

Case: linear threshold/target scoring per column (mixed directions, 25 "higher"
and 25 "lower" indicators), weighted-mean aggregation into 5 dimensions of 10
indicators, then a weighted-mean composite.  The data are float64 and already in
memory.

* "ours" runs the qualindex kernels (``normalise.linear``, ``aggregate.weighted_mean``)
  over row blocks, so its extra memory is the outputs plus one block of scores;
* "reference" is the same math written as plain whole-matrix numpy.

Both run in this process; the time is the best of ``REPEATS`` runs.  The script
prints a table and exits 1 when ours is slower than ``TIME_LIMIT`` x reference or
its extra peak memory (tracemalloc, which sees numpy's allocations) exceeds the
size of the input matrix.

Run: ``.venv/bin/python benchmarks/bench_evaluate.py``
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from qualindex.evaluate.aggregate import weighted_mean
from qualindex.evaluate.io import iter_parquet_batches
from qualindex.evaluate.normalise import linear

FloatArray = NDArray[np.float64]

N_ENTITIES = 1_000_000
N_DIMENSIONS = 5
PER_DIMENSION = 10
N_INDICATORS = N_DIMENSIONS * PER_DIMENSION
BLOCK_ROWS = 16_384
ROW_GROUP_ROWS = 4 * BLOCK_ROWS  # rows per Parquet row group in the file case
REPEATS = 3
TIME_LIMIT = 1.5  # ours / reference
MEMORY_LIMIT = 1.0  # extra peak / input size


@dataclass(frozen=True)
class Model:
    """Per-indicator scoring parameters and the two weight levels."""

    threshold: FloatArray
    target: FloatArray
    indicator_weights: FloatArray
    dimension_weights: FloatArray

    def columns(self, d: int) -> slice:
        return slice(d * PER_DIMENSION, (d + 1) * PER_DIMENSION)


@dataclass(frozen=True)
class Outputs:
    dimensions: FloatArray
    composite: FloatArray


def make_case(seed: int = 20260101) -> tuple[FloatArray, Model]:
    rng = np.random.default_rng(seed)
    higher = np.arange(N_INDICATORS) % 2 == 0
    threshold = np.where(higher, 60.0, 40.0) + rng.uniform(-5, 5, N_INDICATORS)
    target = np.where(higher, 95.0, 5.0) + rng.uniform(-3, 3, N_INDICATORS)
    data = rng.uniform(0.0, 100.0, size=(N_ENTITIES, N_INDICATORS))
    model = Model(
        threshold=threshold,
        target=target,
        indicator_weights=rng.uniform(0.5, 2.0, N_INDICATORS),
        dimension_weights=np.array([0.3, 0.25, 0.2, 0.15, 0.1]),
    )
    return data, model


def iter_blocks(data: FloatArray, rows: int) -> Iterator[tuple[int, FloatArray]]:
    """Yield ``(first_row, block)`` views of the in-memory matrix."""
    for start in range(0, data.shape[0], rows):
        yield start, data[start : start + rows]


def iter_parquet_blocks(path: Path, rows: int) -> Iterator[tuple[int, FloatArray]]:
    """The same contract from a Parquet file, one record batch at a time (bounded memory)."""
    columns = [f"k{j}" for j in range(N_INDICATORS)]
    start = 0
    for batch in iter_parquet_batches(path, columns, batch_rows=rows):
        block = np.column_stack([batch.column(j).to_numpy() for j in range(N_INDICATORS)])
        yield start, block
        start += block.shape[0]


def ours(data: FloatArray, model: Model) -> Outputs:
    return score_blocks(iter_blocks(data, BLOCK_ROWS), data.shape[0], model)


def score_blocks(blocks: Iterator[tuple[int, FloatArray]], n_rows: int, model: Model) -> Outputs:
    dims = np.empty((n_rows, N_DIMENSIONS))
    composite = np.empty(n_rows)
    for start, block in blocks:
        stop = start + block.shape[0]
        scores = linear(block, threshold=model.threshold, target=model.target)
        for d in range(N_DIMENSIONS):
            cols = model.columns(d)
            dims[start:stop, d] = weighted_mean(scores[:, cols], model.indicator_weights[cols])
        composite[start:stop] = weighted_mean(dims[start:stop], model.dimension_weights)
    return Outputs(dims, composite)


def reference(data: FloatArray, model: Model) -> Outputs:
    slope = 40.0 / (model.target - model.threshold)
    intercept = 60.0 - slope * model.threshold
    scores = np.clip(data * slope + intercept, 0.0, 100.0)
    dims = np.empty((data.shape[0], N_DIMENSIONS))
    for d in range(N_DIMENSIONS):
        cols = model.columns(d)
        w = model.indicator_weights[cols]
        dims[:, d] = scores[:, cols] @ (w / w.sum())
    dw = model.dimension_weights
    return Outputs(dims, dims @ (dw / dw.sum()))


def best_time(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base


def main() -> int:
    data, model = make_case()
    mine, ref = ours(data, model), reference(data, model)  # warm-up and cross-check
    np.testing.assert_allclose(mine.dimensions, ref.dimensions, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(mine.composite, ref.composite, rtol=1e-12, atol=1e-9)
    del mine, ref
    t_ours = t_ref = float("inf")
    for _ in range(REPEATS):  # interleave so drift affects both alike
        t_ours = min(t_ours, best_time(lambda: ours(data, model), 1))
        t_ref = min(t_ref, best_time(lambda: reference(data, model), 1))
    mem_ours = peak_extra_bytes(lambda: ours(data, model))
    mem_ref = peak_extra_bytes(lambda: reference(data, model))
    ratio = t_ours / t_ref
    mem_ratio = mem_ours / data.nbytes
    time_ok, mem_ok = ratio <= TIME_LIMIT, mem_ratio <= MEMORY_LIMIT
    mib = 1024.0**2
    print(
        f"bench_evaluate: {N_ENTITIES:,} entities x {N_INDICATORS} indicators, float64 "
        f"({data.nbytes / mib:.0f} MiB), blocks of {BLOCK_ROWS:,} rows, best of {REPEATS}"
    )
    print(f"{'case':<34}{'ours':>10}{'reference':>12}{'ratio':>8}{'limit':>8}  ok")
    print(
        f"{'score + 5 dims + composite (s)':<34}{t_ours:>10.3f}{t_ref:>12.3f}"
        f"{ratio:>8.2f}{TIME_LIMIT:>8.2f}  {'yes' if time_ok else 'NO'}"
    )
    print(
        f"{'extra peak memory (MiB)':<34}{mem_ours / mib:>10.1f}{mem_ref / mib:>12.1f}"
        f"{mem_ratio:>8.2f}{MEMORY_LIMIT:>8.2f}  {'yes' if mem_ok else 'NO'}"
    )
    print("(memory ratio = ours / input size; the limit is the size of the input)")
    parquet_ok = parquet_case(data, model)
    return 0 if time_ok and mem_ok and parquet_ok else 1


def parquet_case(data: FloatArray, model: Model) -> bool:
    """Score the same matrix read from a Parquet file in record batches; report rows/s."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kpi.parquet"
        table = pa.table({f"k{j}": data[:, j] for j in range(N_INDICATORS)})
        pq.write_table(table, path, row_group_size=ROW_GROUP_ROWS)
        del table
        expected = reference(data, model).composite
        # a fresh pool for the read alone: its peak is what chunked reading needs
        pool = pa.proxy_memory_pool(pa.system_memory_pool())
        previous = pa.default_memory_pool()
        pa.set_memory_pool(pool)
        tracemalloc.start()
        t0 = time.perf_counter()
        got = score_blocks(iter_parquet_blocks(path, BLOCK_ROWS), data.shape[0], model)
        seconds = time.perf_counter() - t0
        _, numpy_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        arrow_peak = pool.max_memory()
        pa.set_memory_pool(previous)
        np.testing.assert_allclose(got.composite, expected, rtol=1e-12, atol=1e-9)
    # the outputs (dimensions + composite) are part of any run; the rest must stay bounded
    outputs = got.dimensions.nbytes + got.composite.nbytes
    working = max(numpy_peak - outputs, 0) + max(arrow_peak, 0)
    # Arrow decodes a whole row group; a block of scores sits beside it: bounded, not O(rows)
    row_group = ROW_GROUP_ROWS * N_INDICATORS * 8
    limit = 3 * row_group
    ok = working <= limit
    mib = 1024.0**2
    print(
        f"parquet, batches of {BLOCK_ROWS:,} rows: {data.shape[0] / seconds:,.0f} rows/s "
        f"({seconds:.2f} s), working memory beyond the outputs {working / mib:.1f} MiB "
        f"(limit 3 row groups = {limit / mib:.0f} MiB; input {data.nbytes / mib:.0f} MiB)  "
        f"{'yes' if ok else 'NO'}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
