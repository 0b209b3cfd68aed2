"""Benchmark: the data kernels on 1,000,000 x 50 against the same math in plain numpy.

Cases (issue 11, "kernels near the limit"):

* ``minmax + weighted sum``: min-max bounds in one pass (``normalise.minmax_bounds``), then
  blocks scored with ``normalise.minmax(..., bounds=...)`` and aggregated with
  ``aggregate.weighted_mean`` (the two passes a streamed evaluation makes); mixed directions;
* ``topsis`` (vector normalisation, mixed directions): closeness and ranks;
* ``entropy``: ``objective.entropy_weights`` (sum normalisation);
* ``critic``: ``objective.critic_weights`` (mixed directions).

"reference" is the same math written as plain whole-matrix numpy, with no validation.  Both
run in this process on the same matrix and must agree (1e-9 relative); a time is the best of
``--repeats`` interleaved runs.  The extra peak memory is measured with tracemalloc (which
sees numpy's allocations) as peak minus the memory held before the call, over the input size;
it includes the outputs.  With ``--check`` the script exits 1 when a kernel is slower than
1.5x its reference or needs more extra memory than the input (issue 11's limits).

Run: ``.venv/bin/python benchmarks/bench_kernels.py [--rows 1000000] [--check]``
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex._blocks import row_blocks
from qualindex.evaluate.aggregate import weighted_mean
from qualindex.evaluate.normalise import minmax, minmax_bounds
from qualindex.evaluate.topsis import topsis
from qualindex.weighting.objective import critic_weights, entropy_weights

FloatArray = NDArray[np.float64]

N_COLUMNS = 50
TIME_LIMIT = 1.5  # ours / reference
MEMORY_LIMIT = 1.0  # extra peak / input size
SEED = 20261202
SCORE_BLOCK_ROWS = 16_384  # rows per block of the scoring pass of "minmax + weighted sum"


@dataclass(frozen=True)
class Case:
    """A kernel and its plain-numpy reference on the same data."""

    name: str
    ours: Callable[[], object]
    reference: Callable[[], object]
    same: Callable[[object, object], bool]


@dataclass(frozen=True)
class Row:
    name: str
    ours: float
    reference: float
    memory: float  # extra peak / input size, ours
    memory_ref: float

    @property
    def ratio(self) -> float:
        return self.ours / self.reference

    @property
    def ok(self) -> bool:
        return self.ratio <= TIME_LIMIT and self.memory <= MEMORY_LIMIT


# ------------------------------------------------------------------ data and parameters


def make_data(rows: int) -> tuple[FloatArray, FloatArray, list[str]]:
    rng = np.random.default_rng(SEED)
    x = rng.uniform(1.0, 100.0, size=(rows, N_COLUMNS))
    weights = rng.uniform(0.5, 2.0, N_COLUMNS)
    directions = ["higher" if j % 3 else "lower" for j in range(N_COLUMNS)]
    return x, weights, directions


# ------------------------------------------------------------------ plain-numpy references


def ref_minmax_wsum(x: FloatArray, w: FloatArray, directions: list[str]) -> FloatArray:
    low = np.array([d == "lower" for d in directions])
    lo, hi = x.min(axis=0), x.max(axis=0)
    s = (x - lo) / (hi - lo)
    s[:, low] = 1.0 - s[:, low]
    s *= 100.0
    return np.asarray(s @ (w / w.sum()))


def ref_topsis(x: FloatArray, w: FloatArray, directions: list[str]) -> FloatArray:
    up = np.array([d == "higher" for d in directions])
    v = x / np.sqrt((x * x).sum(axis=0)) * (w / w.sum())
    vmax, vmin = v.max(axis=0), v.min(axis=0)
    ideal, anti = np.where(up, vmax, vmin), np.where(up, vmin, vmax)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    closeness = d_minus / (d_plus + d_minus)
    ranks = np.empty(closeness.size, dtype=np.int64)
    ranks[np.argsort(-closeness)] = np.arange(1, closeness.size + 1)
    return closeness


def ref_entropy(x: FloatArray) -> FloatArray:
    p = x / x.sum(axis=0)
    plogp = p * np.log(p, out=np.zeros_like(p), where=p > 0)
    d = 1.0 + plogp.sum(axis=0) / np.log(x.shape[0])
    return np.asarray(d / d.sum())


def ref_critic(x: FloatArray, directions: list[str]) -> FloatArray:
    low = np.array([d == "lower" for d in directions])
    lo, hi = x.min(axis=0), x.max(axis=0)
    r = (x - lo) / (hi - lo)
    r[:, low] = 1.0 - r[:, low]
    s = r.std(axis=0, ddof=1)
    rho = np.corrcoef(r, rowvar=False)
    c = s * (1.0 - rho).sum(axis=0)
    return np.asarray(c / c.sum())


# ------------------------------------------------------------------ ours


def ours_minmax_wsum(x: FloatArray, w: FloatArray, directions: list[str]) -> FloatArray:
    bounds = minmax_bounds(x)
    out = np.empty(x.shape[0])
    block_bytes = SCORE_BLOCK_ROWS * 8 * x.shape[1]
    for rows in row_blocks(*x.shape, block_bytes=block_bytes):
        out[rows] = weighted_mean(minmax(x[rows], directions, bounds=bounds), w)
    return out


def cases(x: FloatArray, w: FloatArray, directions: list[str]) -> list[Case]:
    signs = np.array([1.0 if d == "higher" else -1.0 for d in directions])

    def close(a: object, b: object) -> bool:
        return bool(np.allclose(np.asarray(a), np.asarray(b), rtol=1e-9, atol=0))

    return [
        Case(
            "minmax + weighted sum",
            lambda: ours_minmax_wsum(x, w, directions),
            lambda: ref_minmax_wsum(x, w, directions),
            close,
        ),
        Case(
            "topsis (vector), closeness + ranks",
            lambda: topsis(x, w, directions).closeness,
            lambda: ref_topsis(x, w, directions),
            close,
        ),
        Case("entropy weights", lambda: entropy_weights(x).weights, lambda: ref_entropy(x), close),
        Case(
            "critic weights",
            lambda: critic_weights(x, directions=signs).weights,
            lambda: ref_critic(x, directions),
            close,
        ),
    ]


# ------------------------------------------------------------------ measuring


def seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    """Peak traced memory during ``fn()`` above what was held before (outputs included)."""
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base


def measure(case: Case, input_bytes: int, repeats: int) -> Row:
    if not case.same(case.ours(), case.reference()):  # also the warm-up
        raise SystemExit(f"{case.name}: ours and the reference disagree")
    t_ours = t_ref = float("inf")
    for _ in range(repeats):  # interleaved, so load from other processes hits both alike
        t_ours = min(t_ours, seconds(case.ours))
        t_ref = min(t_ref, seconds(case.reference))
    mem = peak_extra_bytes(case.ours) / input_bytes
    mem_ref = peak_extra_bytes(case.reference) / input_bytes
    return Row(case.name, t_ours, t_ref, mem, mem_ref)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 if a limit is missed")
    args = parser.parse_args(argv)
    x, w, directions = make_data(args.rows)
    print(
        f"bench_kernels: {args.rows:,} x {N_COLUMNS} float64 ({x.nbytes / 2**20:.0f} MiB), "
        f"best of {args.repeats}; memory = extra peak / input (tracemalloc, outputs included)"
    )
    header = (
        f"{'kernel':<36}{'ours s':>9}{'ref s':>9}{'ratio':>7}{'limit':>7}"
        f"{'mem':>7}{'ref mem':>9}{'limit':>7}  ok"
    )
    print(header)
    print("-" * len(header))
    rows = [measure(c, x.nbytes, args.repeats) for c in cases(x, w, directions)]
    for r in rows:
        print(
            f"{r.name:<36}{r.ours:>9.3f}{r.reference:>9.3f}{r.ratio:>7.2f}{TIME_LIMIT:>7.2f}"
            f"{r.memory:>7.2f}{r.memory_ref:>9.2f}{MEMORY_LIMIT:>7.2f}  {'yes' if r.ok else 'NO'}"
        )
    return 0 if all(r.ok for r in rows) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
