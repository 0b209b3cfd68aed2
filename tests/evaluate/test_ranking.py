"""Ranks by sorting: the textbook tie rules, and the O(n^2) definitions they replace."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from qualindex.evaluate.ranking import average_ranks, block_codes, competition_ranks
from qualindex.evaluate.results import _previous_rows, rank_desc


def test_competition_and_fractional_ranks_wikipedia_ranking() -> None:
    """The example of Wikipedia's "Ranking" article (sections "Standard competition ranking
    ('1224' ranking)" and "Fractional ranking ('1 2.5 2.5 4' ranking)"): A ranks ahead of B and
    C, which compare equal, and both rank ahead of D.  Scores 4 > 3 = 3 > 1 (larger is ahead).
    """
    scores = np.array([4.0, 3.0, 3.0, 1.0])
    assert competition_ranks(scores).tolist() == [1, 2, 2, 4]
    assert average_ranks(-scores).tolist() == [1.0, 2.5, 2.5, 4.0]


def brute_force_rank_desc(values: np.ndarray, blocks: list[str]) -> list[int]:
    """The definition: 1 + number of values strictly greater in the same block; NaN -> 0."""
    out = []
    for v, b in zip(values, blocks, strict=True):
        if np.isnan(v):
            out.append(0)
            continue
        same = [x for x, c in zip(values, blocks, strict=True) if c == b and not np.isnan(x)]
        out.append(1 + sum(x > v for x in same))
    return out


values = st.lists(
    st.sampled_from([0.0, -0.0, 1.0, 2.5, 2.5, 7.0, float("nan")]), min_size=0, max_size=40
)


@settings(max_examples=200, deadline=None)
@given(values, st.data())
def test_rank_desc_equals_its_definition(vals: list[float], data: st.DataObject) -> None:
    blocks = data.draw(st.lists(st.sampled_from(["p1", "p2", "p3"]), min_size=len(vals),
                                max_size=len(vals)))  # fmt: skip
    v = np.array(vals, dtype=np.float64)
    assert rank_desc(v, blocks).tolist() == brute_force_rank_desc(v, blocks)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 4),
    st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0, float("nan")]), min_size=24, max_size=24),
)
def test_average_ranks_equal_scipy_rankdata(m: int, k: int, cells: list[float]) -> None:
    x = np.array(cells[: m * k]).reshape(m, k)
    for axis in (0, 1):
        np.testing.assert_array_equal(
            average_ranks(x, axis=axis), rankdata(x, axis=axis, nan_policy="omit")
        )


def test_block_codes_number_blocks_in_order_of_appearance() -> None:
    assert block_codes(["b", "a", "b", ("x", 1), "a"]).tolist() == [0, 1, 0, 2, 1]


def test_ranking_a_million_values_is_quick() -> None:
    """O(n log n): a million values in well under a second (the old loop was O(n^2))."""
    import time

    rng = np.random.default_rng(1)
    v = rng.integers(0, 1000, 1_000_000).astype(np.float64)
    codes = rng.integers(0, 12, v.size)
    start = time.perf_counter()
    ranks = competition_ranks(v, codes)
    assert time.perf_counter() - start < 5.0
    sample = rng.integers(0, v.size, 20)
    for i in sample:
        block = v[codes == codes[i]]
        assert ranks[i] == 1 + np.sum(block > v[i])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(["2023", "2024", "2025"])),
                max_size=25))  # fmt: skip
def test_previous_rows_equal_their_definition(rows: list[tuple[str, str]]) -> None:
    """The row of the same entity in the latest earlier period present (its last row), or -1."""
    entities = [e for e, _ in rows]
    periods = [p for _, p in rows]
    where = {(e, p): i for i, (e, p) in enumerate(rows)}
    order = sorted(set(periods))
    expected = []
    for e, p in rows:
        earlier = [q for q in order[: order.index(p)] if (e, q) in where]
        expected.append(where[(e, earlier[-1])] if earlier else -1)
    assert _previous_rows(entities, periods, order).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 8), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_row_quadrants_equal_importance_performance_row_by_row(m: int, n: int, seed: int) -> None:
    """The vectorised IPA quadrants of results._priorities, one row at a time as the kernel
    :func:`qualindex.evaluate.priority.importance_performance` defines them (Martilla & James
    1977: cut at the means of the observed values; at a cut counts as high)."""
    from qualindex.evaluate.priority import importance_performance
    from qualindex.evaluate.results import _row_quadrants

    rng = np.random.default_rng(seed)
    s = rng.integers(0, 5, (m, n)) * 25.0
    s[rng.random((m, n)) < 0.25] = np.nan
    w = np.full(n, 1.0 / n) if seed % 2 else rng.integers(1, 4, n) / 6.0
    got = _row_quadrants(w, s, ~np.isnan(s))
    for r in range(m):
        ok = ~np.isnan(s[r])
        expected = np.full(n, -1)
        if ok.sum() >= 2:
            expected[ok] = importance_performance(w[ok], s[r, ok]).quadrant
        assert got[r].tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(1, 9), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_priority_list_never_contradicts_the_ipa(m: int, n: int, top: int, seed: int) -> None:
    """Scale-centred quadrants are the kernel's with :func:`scale_cuts` (Bacon 2003), and a
    row's improvement list puts every "concentrate here" indicator it lists before any
    "keep up the good work" one; it lists all of them unless ``top`` cuts the list short."""
    from qualindex.evaluate.priority import importance_performance, scale_cuts
    from qualindex.evaluate.results import _priorities, _row_quadrants

    rng = np.random.default_rng(seed)
    s = rng.integers(0, 21, (m, n)) * 5.0
    s[rng.random((m, n)) < 0.2] = np.nan
    w = rng.dirichlet(np.ones(n))
    cuts = scale_cuts(n, (0.0, 100.0), [90, 80, 70, 60, 0])
    quadrants = _row_quadrants(w, s, ~np.isnan(s), cuts)
    shortfall = w * (100.0 - s)
    table = _priorities([f"x{j}" for j in range(n)], s, w, shortfall, top, cuts)
    for r in range(m):
        ok = ~np.isnan(s[r])
        if ok.any():
            kernel = importance_performance(
                w[ok], s[r, ok], importance_cut=cuts[0], performance_cut=cuts[1]
            )
            assert quadrants[r, ok].tolist() == kernel.quadrant.tolist()
        listed = [p.quadrant for p in table[r]]
        if "keep_up" in listed and "concentrate_here" in listed:
            assert max(i for i, q in enumerate(listed) if q == "concentrate_here") < min(
                i for i, q in enumerate(listed) if q == "keep_up"
            )
        concentrate = int((quadrants[r] == 0).sum())
        assert listed.count("concentrate_here") == min(concentrate, top)


def test_fce_batch_equals_the_one_level_kernel_row_by_row() -> None:
    """results._fce composes all rows that share their present children at once; each row is
    what :func:`qualindex.evaluate.fce.fce` gives for it (the textbook M(·,⊕) ... M(∧,⊕),
    汪培庄 1983), bit for bit."""
    from qualindex.evaluate.fce import fce
    from qualindex.evaluate.results import _fce_batch

    rng = np.random.default_rng(3)
    kept = np.array([0.5, 0.3, 0.2])
    r = rng.dirichlet(np.ones(5), size=(40, 3))
    for op in ("product-sum", "min-max", "product-max", "min-sum"):
        got = _fce_batch(kept, r, op)
        for i in range(r.shape[0]):
            np.testing.assert_array_equal(got[i], fce(kept, r[i], operator=op).b)
