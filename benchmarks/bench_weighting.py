"""Benchmark: AHP kernels against the same math written as plain numpy.

Cases
-----
1. ``ahp_batch`` on 10,000 random reciprocal 7x7 matrices (weights + CR).
2. ``group_ahp`` (AIJ) on 1,000 experts' 9x9 matrices: per-expert CR, the AIJ group matrix and
   the group weights (ours also computes consensus and dispersion, and validates every cell).
3. ``weigh_tree`` on a 64-leaf, 2-level hierarchy (one expert): global weights and every node's
   CR, against a per-node plain-numpy script.
4. ``weigh_tree`` on a 10,000-leaf, 4-level hierarchy (1,111 AHP nodes of 10 children): the
   same, against a batched script (one stack and one solve per matrix order, global weights
   level by level with array operations).

The references are inline plain-numpy implementations of the same math, two of them (cases 1, 2
and 4) for the eigenvector: batched ``np.linalg.eig`` ("eig"), and repeated squaring of the
stack with a fixed number of squarings and no convergence test ("squaring"), given the smallest
number of squarings that reproduces ``eig`` to 1e-12 on this data (found beforehand, which no
real script would know).  The ratio is ours over the faster reference.  For the group case the
references also compute the consensus indicator and the dispersion that ``group_ahp`` returns.
Both run in this process on the same data, interleaved; a time is the best of ``REPEATS`` runs
(50 and 15 for the trees).  Each case checks that ours and the references give the same numbers
(1e-12).  The script prints a table; with ``--check`` it exits 1 if a case is slower than its
limit x reference or disagrees.

Run: ``.venv/bin/python benchmarks/bench_weighting.py [--check]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from qualindex.hierarchy import IndexSystem, load_index
from qualindex.weighting.ahp import ahp_batch
from qualindex.weighting.group import group_ahp
from qualindex.weighting.ri import random_index
from qualindex.weighting.tree import TreeWeights, weigh_tree

FloatArray = NDArray[np.float64]

REPEATS = 25
SEED = 20240601
SAATY_SCALE = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2,
                        1, 2, 3, 4, 5, 6, 7, 8, 9])  # fmt: skip


@dataclass(frozen=True)
class CaseResult:
    """One row of the table."""

    name: str
    ours: float
    reference: float
    limit: float
    agrees: bool
    reference_eig: float | None = None  # the eig reference when ``reference`` is squaring

    @property
    def ratio(self) -> float:
        return self.ours / self.reference

    @property
    def ok(self) -> bool:
        return self.agrees and self.ratio <= self.limit


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """Best wall time of ``repeats`` calls (after one warm-up call)."""
    return interleaved([fn], repeats)[0]


def interleaved(fns: list[Callable[[], object]], repeats: int = REPEATS) -> list[float]:
    """Best wall time of each function, the calls interleaved so that load hits all alike."""
    for fn in fns:
        fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def random_reciprocal(k: int, n: int, rng: np.random.Generator) -> FloatArray:
    """``k`` reciprocal ``n x n`` matrices with upper judgments drawn from Saaty's scale."""
    a = np.ones((k, n, n))
    iu, ju = np.triu_indices(n, 1)
    values = rng.choice(SAATY_SCALE, size=(k, iu.size))
    a[:, iu, ju] = values
    a[:, ju, iu] = 1.0 / values
    return a


# ------------------------------------------------------------------ plain-numpy reference


def reference_weights_cr(stack: FloatArray, ri: float) -> tuple[FloatArray, FloatArray]:
    """Perron vector (normalised) and CR of every matrix, straight numpy."""
    n = stack.shape[-1]
    vals, vecs = np.linalg.eig(stack)
    idx = np.argmax(vals.real, axis=1)
    rows = np.arange(stack.shape[0])
    lam = vals.real[rows, idx]
    w = vecs[rows, :, idx].real
    w = w / w.sum(axis=1, keepdims=True)
    return w, (lam - n) / (n - 1) / ri


def reference_squaring(
    stack: FloatArray, ri: float, squarings: int
) -> tuple[FloatArray, FloatArray]:
    """Perron vector and CR by a fixed number of squarings of the whole stack, straight numpy."""
    n = stack.shape[-1]
    b = stack / stack.sum(axis=(1, 2), keepdims=True)
    for _ in range(squarings):
        b = b @ b
        b /= b.sum(axis=(1, 2), keepdims=True)
    w = b.sum(axis=2)
    w /= w.sum(axis=1, keepdims=True)
    lam = np.einsum("kij,kj->ki", stack, w).sum(axis=1)
    return w, (lam - n) / (n - 1) / ri


def squarings_needed(stack: FloatArray, ri: float) -> int:
    """The fewest squarings with which :func:`reference_squaring` matches eig to 1e-12."""
    w_eig, cr_eig = reference_weights_cr(stack, ri)
    for k in range(1, 64):
        w, cr = reference_squaring(stack, ri, k)
        if np.allclose(w, w_eig, rtol=1e-12, atol=0) and np.allclose(cr, cr_eig, atol=1e-12):
            return k
    raise SystemExit("repeated squaring did not reach eig's vectors")


Solver = Callable[[FloatArray], tuple[FloatArray, FloatArray]]


def reference_group(
    stack: FloatArray, solve: Solver
) -> tuple[FloatArray, FloatArray, float, FloatArray]:
    """Per-expert CR, AIJ group matrix (geometric mean) and its weights, consensus, dispersion."""
    w_experts, cr = solve(stack)
    logs = np.log(stack)
    group = np.exp(logs.mean(axis=0))
    w, _ = solve(group[np.newaxis])
    return cr, w[0], reference_consensus(w_experts), np.exp(logs.std(axis=0, ddof=1))


def reference_consensus(p: FloatArray, scale_max: float = 9.0) -> float:
    """Goepel's S* of the experts' priority vectors (see qualindex.weighting.group)."""
    n = p.shape[1]
    h_alpha = np.mean(-(p * np.log(p)).sum(axis=1))
    pbar = p.mean(axis=0)
    h_gamma = -(pbar * np.log(pbar)).sum()
    t = n + scale_max - 1.0
    h_min = -(scale_max / t) * np.log(scale_max / t) - (n - 1) / t * np.log(1.0 / t)
    floor = np.exp(h_min) / n
    return float((np.exp(h_alpha - h_gamma) - floor) / (1.0 - floor))


# ------------------------------------------------------------------ cases


def case_batch_7x7() -> CaseResult:
    """10,000 random reciprocal 7x7 matrices: weights + CR."""
    stack = random_reciprocal(10_000, 7, np.random.default_rng(SEED))
    ri = random_index(7, "saaty-1980")
    k = squarings_needed(stack, ri)
    ours = ahp_batch(stack)
    agrees = True
    for w_ref, cr_ref in (reference_weights_cr(stack, ri), reference_squaring(stack, ri, k)):
        agrees &= bool(np.allclose(ours.weights, w_ref, rtol=1e-12, atol=0))
        agrees &= bool(np.allclose(ours.cr, cr_ref, rtol=0, atol=1e-12))
    t_ours, t_eig, t_sq = interleaved(
        [
            lambda: ahp_batch(stack),
            lambda: reference_weights_cr(stack, ri),
            lambda: reference_squaring(stack, ri, k),
        ]
    )
    return CaseResult(
        f"ahp_batch: 10,000 x 7x7, weights + CR ({k} sq.)", t_ours, min(t_eig, t_sq), 1.5,
        agrees, t_eig,
    )  # fmt: skip


def case_group_9x9() -> CaseResult:
    """1,000 experts' 9x9 matrices: per-expert CR + AIJ + group weights + consensus + dispersion."""
    stack = random_reciprocal(1_000, 9, np.random.default_rng(SEED + 1))
    ri = random_index(9, "saaty-1980")
    k = squarings_needed(stack, ri)

    def by_eig(a: FloatArray) -> tuple[FloatArray, FloatArray]:
        return reference_weights_cr(a, ri)

    def by_squaring(a: FloatArray) -> tuple[FloatArray, FloatArray]:
        return reference_squaring(a, ri, k)

    ours = group_ahp(stack, aggregation="aij")
    agrees = True
    for solve in (by_eig, by_squaring):
        cr_ref, w_ref, consensus, dispersion = reference_group(stack, solve)
        agrees &= bool(np.allclose(ours.expert_cr, cr_ref, rtol=0, atol=1e-12))
        agrees &= bool(np.allclose(ours.weights, w_ref, rtol=1e-12, atol=0))
        agrees &= abs((ours.consensus or 0.0) - consensus) <= 1e-12
        agrees &= bool(np.allclose(ours.dispersion, dispersion, rtol=1e-12, atol=0))
    t_ours, t_eig, t_sq = interleaved(
        [
            lambda: group_ahp(stack, aggregation="aij"),
            lambda: reference_group(stack, by_eig),
            lambda: reference_group(stack, by_squaring),
        ]
    )
    return CaseResult(
        f"group_ahp: 1,000 x 9x9, CR+AIJ+S*+disp ({k} sq.)", t_ours, min(t_eig, t_sq), 1.5,
        agrees, t_eig,
    )  # fmt: skip


def _hierarchy(rng: np.random.Generator, branching: tuple[int, ...]) -> IndexSystem:
    """A tree with ``branching[k]`` children under every node of level ``k``, AHP at every
    aggregate, one expert's judgments inline (near-consistent: ratios of random weights, each
    perturbed by up to 25 %, clipped to Saaty's 1/9..9).

    Ids: the root is ``h``, its children ``d0, d1, ...``, a node ``x``'s children ``x_0, x_1,
    ...``; judgments are drawn node by node in pre-order (file order), so ``(8, 8)`` gives the
    same document, and the same numbers, as the 64-leaf case always had.  The index is written
    as YAML and loaded with :func:`load_index`, the way a user's file is (outside the timing).
    """

    def pairs(ids: list[str]) -> list[list[object]]:
        w = rng.uniform(1, 9, len(ids))
        return [
            [a, b, float(np.clip(w[i] / w[j] * rng.uniform(0.8, 1.25), 1 / 9, 9))]
            for i, a in enumerate(ids)
            for j, b in enumerate(ids)
            if j > i
        ]

    judgments: dict[str, list[list[object]]] = {}

    def node(node_id: str, level: int) -> dict[str, object]:
        out: dict[str, object] = {"id": node_id, "name": {"en": node_id}}
        if level == len(branching):
            return out | {"unit": "%", "direction": "higher", "threshold": 50, "target": 90}
        prefix = "d" if level == 0 else f"{node_id}_"
        kids = [f"{prefix}{j}" for j in range(branching[level])]
        judgments[node_id] = pairs(kids)
        return out | {
            "weighting": {"method": "ahp"},
            "children": [node(k, level + 1) for k in kids],
        }

    root = node("h", 0)
    doc = {
        "qualindex": 1,
        "version": "1",
        **root,
        "name": {"en": f"{int(np.prod(branching))} leaves"},
        "judgments": [{"expert": {"id": "e"}, "pairwise": judgments}],
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.yaml"  # JSON is YAML, and json writes 10,000 leaves in no time
        path.write_text(json.dumps(doc), encoding="utf-8")
        return load_index(path)


def _tree_inputs(
    index: IndexSystem,
) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str, float]]]]:
    """What a plain script would read from the file: children per node, the judgments."""
    children = {n.id: list(n.children) for n in index.aggregates()}
    (jset,) = index.judgments
    judgments = {k: [(p.a, p.b, p.value) for p in v] for k, v in jset.pairwise.items()}
    return children, judgments


def _tree_agrees(ours: TreeWeights, ref_w: dict[str, float], ref_cr: dict[str, float]) -> bool:
    """Global weights and every node's CR equal to 1e-12."""
    return all(abs(ours.global_weights[k] - v) < 1e-12 for k, v in ref_w.items()) and all(
        abs((ours.nodes[k].cr or 0.0) - v) < 1e-12 for k, v in ref_cr.items()
    )


def reference_tree(
    children: dict[str, list[str]], judgments: dict[str, list[tuple[str, str, float]]], ri: float
) -> tuple[dict[str, float], dict[str, float]]:
    """Plain numpy: matrices from the same judgments, eigenvector, CR, product down the tree."""
    global_w: dict[str, float] = {"h": 1.0}
    crs: dict[str, float] = {}
    for node in ["h", *children["h"]]:
        kids = children[node]
        pos = {c: i for i, c in enumerate(kids)}
        n = len(kids)
        a = np.ones((n, n))
        for x, y, v in judgments[node]:
            a[pos[x], pos[y]], a[pos[y], pos[x]] = v, 1.0 / v
        vals, vecs = np.linalg.eig(a)
        k = int(np.argmax(vals.real))
        w = np.abs(vecs[:, k].real)
        w /= w.sum()
        crs[node] = (vals[k].real - n) / (n - 1) / ri
        for c, wc in zip(kids, w, strict=True):
            global_w[c] = global_w[node] * wc
    return global_w, crs


class _Layout(NamedTuple):
    """A tree as flat arrays: one row per node, pre-order, the root first."""

    ids: list[str]
    row: dict[str, int]
    parent: NDArray[np.intp]
    slot: NDArray[np.intp]  # position among its siblings
    level: NDArray[np.intp]


def _layout(children: dict[str, list[str]], root: str) -> _Layout:
    ids, row = [root], {root: 0}
    parent, slot, level = [-1], [0], [0]
    for node in children:  # pre-order: a parent before its children
        p = row[node]
        for i, c in enumerate(children[node]):
            row[c] = len(ids)
            ids.append(c)
            parent.append(p)
            slot.append(i)
            level.append(level[p] + 1)
    return _Layout(ids, row, np.array(parent), np.array(slot), np.array(level))


def tree_stacks(
    children: dict[str, list[str]],
    judgments: dict[str, list[tuple[str, str, float]]],
    tree: _Layout,
) -> Iterator[tuple[list[str], FloatArray]]:
    """Per matrix order, the nodes of that order and their matrices as one ``(k, n, n)`` stack,
    filled from index arrays of all the judgments at once."""
    nodes = list(children)
    sizes = np.array([len(children[n]) for n in nodes])
    for n in np.unique(sizes).tolist():
        group = [nodes[i] for i in np.flatnonzero(sizes == n)]
        row = tree.row
        flat = [(g, row[x], row[y], v) for g, nd in enumerate(group) for x, y, v in judgments[nd]]
        g_idx, x_idx, y_idx, v = (np.array(col) for col in zip(*flat, strict=True))
        i, j = tree.slot[x_idx], tree.slot[y_idx]
        a = np.ones((len(group), n, n))
        a[g_idx, i, j] = v
        a[g_idx, j, i] = 1.0 / v
        yield group, a


def reference_tree_batched(
    children: dict[str, list[str]],
    judgments: dict[str, list[tuple[str, str, float]]],
    solve: Solver,
    root: str = "h",
) -> tuple[dict[str, float], dict[str, float]]:
    """Plain numpy, batched: the same math as :func:`reference_tree` for a tree of any size.

    Every node gets a row of flat arrays (parent's row, position among its siblings, level);
    the matrices of each order are built by one scatter into a stack (:func:`tree_stacks`) and
    solved by one call of ``solve`` (weights and CR of a stack: :func:`reference_weights_cr`,
    i.e. one ``np.linalg.eig``, or :func:`reference_squaring`); global weights are then one
    gather-multiply per level, top-down.
    """
    tree = _layout(children, root)
    local = np.empty(len(tree.ids))
    crs: dict[str, float] = {}
    for group, a in tree_stacks(children, judgments, tree):
        w, cr = solve(a)
        crs.update(zip(group, cr.tolist(), strict=True))
        local[[tree.row[c] for nd in group for c in children[nd]]] = w.ravel()
    global_w = np.empty(len(tree.ids))
    global_w[0] = 1.0
    for lv in range(1, int(tree.level.max()) + 1):
        at = np.flatnonzero(tree.level == lv)
        global_w[at] = global_w[tree.parent[at]] * local[at]
    return dict(zip(tree.ids, global_w.tolist(), strict=True)), crs


def case_hierarchy_64() -> CaseResult:
    """Global weights (and CR per node) of a 64-leaf, 2-level AHP hierarchy."""
    index = _hierarchy(np.random.default_rng(SEED + 2), (8, 8))
    children, judgments = _tree_inputs(index)
    ri = random_index(8, "saaty-1980")
    ours = weigh_tree(index)
    agrees = _tree_agrees(ours, *reference_tree(children, judgments, ri))
    t_ours, t_ref = interleaved(
        [lambda: weigh_tree(index), lambda: reference_tree(children, judgments, ri)], repeats=50
    )
    return CaseResult(
        "weigh_tree: 64-leaf hierarchy, global weights + CR", t_ours, t_ref, 2.0, agrees
    )


def case_hierarchy_10000() -> CaseResult:
    """Global weights (and CR per node) of a 10,000-leaf, 4-level AHP hierarchy.

    10 x 10 x 10 x 10: 1,111 AHP nodes of 10 children each (49,995 judgments), the shape of
    ``bench_load.py``.  Flatter shapes (10 x 10 x 100, 100 x 100) would need 100 x 100
    matrices: beyond the default RI table (saaty-1980 stops at n = 15, as do most published
    tables) and beyond what anyone compares pairwise (Saaty's 7 +- 2).  The references are
    :func:`reference_tree_batched` with one ``eig`` of the whole stack, and with a fixed
    number of squarings (found beforehand, as in the other cases); the ratio is over the
    faster.  The index is loaded once, outside the timing (loading is ``bench_load.py``'s).
    """
    index = _hierarchy(np.random.default_rng(SEED + 3), (10, 10, 10, 10))
    children, judgments = _tree_inputs(index)
    stacks = list(tree_stacks(children, judgments, _layout(children, "h")))
    (n,) = {a.shape[-1] for _, a in stacks}
    ri = random_index(n, "saaty-1980")
    k = max(squarings_needed(a, ri) for _, a in stacks)

    def by_eig(a: FloatArray) -> tuple[FloatArray, FloatArray]:
        return reference_weights_cr(a, ri)

    def by_squaring(a: FloatArray) -> tuple[FloatArray, FloatArray]:
        return reference_squaring(a, ri, k)

    ours = weigh_tree(index)
    agrees = len(ours.global_weights) == len(index.nodes) == 11_111
    for solve in (by_eig, by_squaring):
        agrees &= _tree_agrees(ours, *reference_tree_batched(children, judgments, solve))
    t_ours, t_eig, t_sq = interleaved(
        [
            lambda: weigh_tree(index),
            lambda: reference_tree_batched(children, judgments, by_eig),
            lambda: reference_tree_batched(children, judgments, by_squaring),
        ],
        repeats=15,
    )
    return CaseResult(
        f"weigh_tree: 10,000-leaf hierarchy, 4 levels ({k} sq.)", t_ours, min(t_eig, t_sq),
        2.0, agrees, t_eig,
    )  # fmt: skip


# ------------------------------------------------------------------ case list
# Add a case by appending a zero-argument function that returns a CaseResult.
CASES: list[Callable[[], CaseResult]] = [
    case_batch_7x7,
    case_group_9x9,
    case_hierarchy_64,
    case_hierarchy_10000,
]


def main(argv: list[str] | None = None) -> int:
    """Run every case and print the table; with --check return 1 if a case fails."""
    parser = argparse.ArgumentParser(description="AHP kernels against plain numpy")
    parser.add_argument("--check", action="store_true", help="exit 1 if a limit is missed")
    args = parser.parse_args(argv)
    results = [case() for case in CASES]
    header = f"{'case':<52} {'ours s':>9} {'ref s':>9} {'eig s':>9} {'ratio':>6} {'limit':>6}  ok"
    print(header)
    print("-" * len(header))
    for r in results:
        mark = "yes" if r.ok else ("NO (results differ)" if not r.agrees else "NO")
        eig = f"{r.reference_eig:>9.4f}" if r.reference_eig is not None else f"{'':>9}"
        times = f"{r.ours:>9.4f} {r.reference:>9.4f} {eig} {r.ratio:>6.2f} {r.limit:>6.2f}"
        print(f"{r.name:<52} {times}  {mark}")
    return 0 if all(r.ok for r in results) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
