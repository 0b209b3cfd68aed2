"""Benchmark: judgment Monte Carlo through a 64-leaf tree against plain numpy of the same math.

Case: 10,000 draws of lognormal noise (sigma 0.2 on ln a_ij) on the pairwise judgments of 3
experts at each of the 21 aggregate nodes of a 4 x 4 x 4 tree (64 leaves), AIJ + eigenvector
weights for all draws of a node at once, global weights, composites of 10,000 entities, ranks,
rank histogram (median / 5-95 %), acceptability for the top 100 ranks, grade probabilities and
the tracked top-10 ranks, processed in chunks of 256 draws.  The entities have one score per
leaf (10,000 x 64).

"reference" is the same math written inline in plain numpy (batched ``np.linalg.eig``,
``np.argsort``, ``np.bincount``), with the same random stream, so both must give the same
numbers.  Times are the best of ``REPEATS`` interleaved runs; the peak of traced memory is
measured in a separate run.  Exits 1 if ours is slower than ``LIMIT`` x reference or disagrees.

Run: ``.venv/bin/python benchmarks/bench_sensitivity.py [--quick]``
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qualindex.sensitivity import Hierarchy, judgment_monte_carlo

FloatArray = NDArray[np.float64]

LIMIT = 1.5
REPEATS = 3
SEED = 20240601
SIGMA = 0.2
CHUNK = 256
CUTS = np.array([0.4, 0.5, 0.6])
SAATY = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])


def build_tree(branching: int = 4, depth: int = 3) -> Hierarchy:
    parent, level = [-1], [0]
    for _ in range(depth):
        nxt = []
        for p in level:
            for _ in range(branching):
                parent.append(p)
                nxt.append(len(parent) - 1)
        level = nxt
    par = np.array(parent)
    local = np.full(par.size, 1.0 / branching)
    local[0] = 1.0
    return Hierarchy(par, local, np.array(level))


def build_judgments(tree: Hierarchy, k: int, rng: np.random.Generator) -> dict[int, FloatArray]:
    out = {}
    for node in tree.aggregates():
        n = tree.children(int(node)).size
        stack = np.ones((k, n, n))
        iu, ju = np.triu_indices(n, 1)
        vals = rng.choice(SAATY, size=(k, iu.size))
        stack[:, iu, ju], stack[:, ju, iu] = vals, 1 / vals
        out[int(node)] = stack
    return out


def reference(
    tree: Hierarchy, x: FloatArray, judgments: dict[int, FloatArray], draws: int
) -> dict[str, Any]:
    """The same math in plain numpy (no validation, no result objects)."""
    rng = np.random.default_rng(SEED)
    parent = np.asarray(tree.parent)
    local = np.tile(np.asarray(tree.local), (draws, 1))
    for node in sorted(judgments):
        a = judgments[node]
        k, n = a.shape[0], a.shape[-1]
        iu, ju = np.triu_indices(n, 1)
        logs = np.log(a[:, iu, ju]) + SIGMA * rng.standard_normal((draws, k, iu.size))
        group = logs.mean(axis=1)
        m = np.zeros((draws, n, n))
        m[:, iu, ju], m[:, ju, iu] = group, -group
        vals, vecs = np.linalg.eig(np.exp(m))
        idx = np.argmax(vals.real, axis=-1)
        w = vecs[np.arange(draws), :, idx].real
        local[:, parent == node] = w / w.sum(axis=1, keepdims=True)

    def ranks(s: FloatArray) -> NDArray[np.int64]:
        order = np.argsort(-s, axis=-1, kind="stable")
        r = np.empty(s.shape, dtype=np.int64)
        np.put_along_axis(r, order, np.arange(1, s.shape[-1] + 1), axis=-1)
        return r

    n_ent = x.shape[0]
    width = -(-n_ent // 1000)
    nb = -(-n_ent // width)
    hist = np.zeros(n_ent * nb, dtype=np.int64)
    acc = np.zeros(n_ent * 100, dtype=np.int64)
    grade = np.zeros(n_ent * (CUTS.size + 1), dtype=np.int64)
    rows = np.arange(n_ent)
    depth_levels = tree.levels
    xt = np.ascontiguousarray(x.T)
    base_local = np.array(tree.local)
    for node in sorted(judgments):
        vals, vecs = np.linalg.eig(np.exp(np.log(judgments[node]).mean(axis=0)))
        w = vecs[:, np.argmax(vals.real)].real
        base_local[parent == node] = w / w.sum()
    bg = np.empty_like(base_local)
    bg[0] = 1.0
    for idx in depth_levels:
        bg[idx] = bg[parent[idx]] * base_local[idx]
    base = x @ bg[tree.leaves]
    tracked = np.argsort(-base, kind="stable")[:10]
    tracked_ranks = np.zeros((draws, 10), dtype=np.int64)
    for start in range(0, draws, CHUNK):
        w = local[start : start + CHUNK]
        g = np.empty_like(w)
        g[:, 0] = 1.0
        for idx in depth_levels:
            g[:, idx] = g[:, parent[idx]] * w[:, idx]
        s = g[:, tree.leaves] @ xt
        r = ranks(s)
        hist += np.bincount((rows * nb + (r - 1) // width).ravel(), minlength=hist.size)
        ok = r <= 100
        acc += np.bincount((rows * 100 + r - 1)[ok], minlength=acc.size)
        gi = np.searchsorted(CUTS, s, side="right")
        grade += np.bincount((rows * (CUTS.size + 1) + gi).ravel(), minlength=grade.size)
        tracked_ranks[start : start + CHUNK] = r[:, tracked]
    cum = np.cumsum(hist.reshape(n_ent, nb), axis=1)
    q = [np.argmax(cum >= np.ceil(p * draws), axis=1) * width + 1 for p in (0.05, 0.5, 0.95)]
    return {
        "local": local,
        "q": q,
        "acc": acc.reshape(n_ent, 100) / draws,
        "tracked": tracked_ranks,
    }


def ours(
    tree: Hierarchy, x: FloatArray, judgments: dict[int, FloatArray], draws: int
) -> dict[str, Any]:
    res = judgment_monte_carlo(tree, x, judgments, draws=draws, noise="lognormal", sigma=SIGMA,
                               seed=SEED, grades=CUTS, chunk=CHUNK, track=10)  # fmt: skip
    r = res.ranks
    return {"local": res.draws.local, "q": [r.q05, r.median, r.q95], "acc": r.acceptability,
            "tracked": r.tracked_ranks}  # fmt: skip


def best_of(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    draws, n_ent = (1000, 2000) if quick else (10_000, 10_000)
    rng = np.random.default_rng(SEED + 1)
    tree = build_tree()
    x = rng.random((n_ent, tree.n_leaves))
    judgments = build_judgments(tree, 3, rng)
    # interleaved, so that load from other processes hits both alike
    t_ours = t_ref = float("inf")
    for _ in range(REPEATS):
        t, a = best_of(lambda: ours(tree, x, judgments, draws), 1)
        t_ours = min(t_ours, t)
        t, b = best_of(lambda: reference(tree, x, judgments, draws), 1)
        t_ref = min(t_ref, t)
    agrees = bool(
        np.allclose(a["local"], b["local"], rtol=1e-9, atol=1e-12)
        and all(np.array_equal(x, y) for x, y in zip(a["q"], b["q"], strict=True))
        and np.allclose(a["acc"], b["acc"])
        and np.array_equal(a["tracked"], b["tracked"])
    )
    m_ours = peak_mib(lambda: ours(tree, x, judgments, draws))
    m_ref = peak_mib(lambda: reference(tree, x, judgments, draws))
    ratio = t_ours / t_ref
    ok = agrees and ratio <= LIMIT
    print(f"judgment Monte Carlo: {draws} draws, 64-leaf tree (21 nodes x 3 experts), "
          f"{n_ent} entities x {tree.n_leaves} leaf scores, chunks of {CHUNK}")  # fmt: skip
    print(f"{'case':<12} {'time s':>8} {'peak MiB':>9}")
    print(f"{'ours':<12} {t_ours:8.2f} {m_ours:9.1f}")
    print(f"{'reference':<12} {t_ref:8.2f} {m_ref:9.1f}")
    print(f"ratio {ratio:.2f} (limit {LIMIT}), agrees: {agrees} -> {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
