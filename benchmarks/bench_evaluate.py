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
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex.evaluate.aggregate import weighted_mean
from qualindex.evaluate.normalise import linear

FloatArray = NDArray[np.float64]

N_ENTITIES = 1_000_000
N_DIMENSIONS = 5
PER_DIMENSION = 10
N_INDICATORS = N_DIMENSIONS * PER_DIMENSION
BLOCK_ROWS = 16_384
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
    """Yield ``(first_row, block)`` views of the in-memory matrix.

    >>> PARQUET: chunked reading goes here. <<<
    The Parquet reader (pyarrow ``ParquetFile.iter_batches``) will replace this
    in-memory slicer with a generator of the same contract: consecutive float64
    ``rows x indicators`` blocks and the index of their first row.
    """
    for start in range(0, data.shape[0], rows):
        yield start, data[start : start + rows]


def ours(data: FloatArray, model: Model) -> Outputs:
    dims = np.empty((data.shape[0], N_DIMENSIONS))
    composite = np.empty(data.shape[0])
    for start, block in iter_blocks(data, BLOCK_ROWS):
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
    return 0 if time_ok and mem_ok else 1


if __name__ == "__main__":
    sys.exit(main())
