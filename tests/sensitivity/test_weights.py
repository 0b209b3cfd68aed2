"""Exact weight sensitivity: Triantaphyllou & Sánchez (1997) and switch points vs brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.sensitivity import (
    Hierarchy,
    composite,
    critical_criteria,
    node_columns,
    switch_points,
    tornado,
)
from tests.sensitivity.conftest import random_tree

# Triantaphyllou & Sánchez (1997), WSM numerical example: 4 alternatives x 4 criteria.
TS_SCORES = np.array([
    [0.3088, 0.2897, 0.3867, 0.1922],
    [0.2163, 0.3458, 0.1755, 0.6288],
    [0.4509, 0.2473, 0.1194, 0.0575],
    [0.0240, 0.1172, 0.3184, 0.1215],
])  # fmt: skip
TS_WEIGHTS = np.array([0.3277, 0.3058, 0.2876, 0.0790])
TS_P = np.array([0.3162, 0.2768, 0.2621, 0.1449])  # printed final preferences (4 decimals)
NF = np.nan
# Relative changes delta' (%) per pair (A1,A2), (A1,A3), (A1,A4), (A2,A3), (A2,A4), (A3,A4);
# N.F. = infeasible.
TS_PERCENT = np.array([
    [NF, -229.7, 64.8818, -114.1772],
    [-116.1733, NF, 70.35, NF],
    [NF, NF, NF, NF],
    [-19.1334, 48.7901, 91.1099, 32.5317],
    [NF, NF, -320.9, NF],
    [83.7656, NF, -204.8, -2318.10],
])  # fmt: skip


def test_critical_criteria_triantaphyllou_sanchez_1997() -> None:
    """Triantaphyllou & Sánchez (1997), Decision Sciences 28(1), WSM example, table of delta'.

    The paper computes with the final preferences rounded to four decimals (TS_P), which we
    pass as ``composite``; its table is then matched to the printed precision (the worst cell,
    32.5317, differs by 0.12 % because the paper also rounds the differences).  The table was
    read from a public transcription of the example in which two cells (91.1099 printed as
    "9.1099", and -2318.10 without its sign) are evidently typos: both are recomputed from the
    printed inputs by the formula of Theorem 1 and agree with the other 20 cells' pattern.
    """
    res = critical_criteria(TS_SCORES, TS_WEIGHTS, composite=TS_P)
    np.testing.assert_array_equal(res.order, [0, 1, 2, 3])
    np.testing.assert_array_equal(np.isnan(res.percent), np.isnan(TS_PERCENT))
    np.testing.assert_allclose(res.percent, TS_PERCENT, rtol=1.5e-3)
    # exact composites agree with the printed ones within 2e-4 (the source prints P3 = 0.2621
    # where the printed inputs give 0.26227)
    np.testing.assert_allclose(TS_SCORES @ TS_WEIGHTS, TS_P, atol=2e-4)
    exact = critical_criteria(TS_SCORES, TS_WEIGHTS)
    # percent-top: criterion C3 (64.88 % decrease reverses A1 and A2);
    # percent-any: criterion C1 (about a 19 % increase reverses A2 and A3)
    assert (exact.percent_top, exact.percent_any) == (2, 0)
    assert exact.percent_top_value == pytest.approx(64.88, abs=0.01)
    assert exact.percent_any_value == pytest.approx(-18.87, abs=0.01)
    # absolute-top and absolute-any: C4, the smallest absolute change (a small weight)
    assert (exact.absolute_top, exact.absolute_any) == (3, 3)


def test_critical_change_reverses_the_pair_exactly() -> None:
    res = critical_criteria(TS_SCORES, TS_WEIGHTS)
    for r in range(res.delta.shape[0]):
        for k in np.flatnonzero(~np.isnan(res.delta[r])):
            w = TS_WEIGHTS.copy()
            w[k] -= res.delta[r, k]
            p = TS_SCORES @ w
            assert p[res.pair_first[r]] == pytest.approx(p[res.pair_second[r]], abs=1e-13)


def _vary(t: Hierarchy, p: int, c: int, value: float) -> np.ndarray:
    local = np.array(t.local)
    sib = t.children(p)
    others = sib[sib != c]
    local[others] *= (1 - value) / (1 - local[c])
    local[c] = value
    return local


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_switch_points_agree_with_brute_force_grid(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = random_tree(rng, int(rng.integers(1, 5)))
    x = rng.random((6, t.n_leaves))
    sp = switch_points(t, x, top=6)
    grid = np.linspace(0, 1, 801)
    for p, c in zip(sp.var_node, sp.var_child, strict=True):
        s = np.array([composite(t, x, _vary(t, p, c, v)) for v in grid])  # (grid, entities)
        here = (sp.node == p) & (sp.child == c)
        for a in range(6):
            for b in range(a + 1, 6):
                d = s[:, a] - s[:, b]
                changes = np.flatnonzero(np.sign(d[:-1]) * np.sign(d[1:]) < 0)
                mine = sp.weight[here & (((sp.first == a) & (sp.second == b))
                                         | ((sp.first == b) & (sp.second == a)))]  # fmt: skip
                assert len(mine) == len(changes)
                for k, tt in zip(changes, np.sort(mine), strict=True):
                    assert grid[k] <= tt <= grid[k + 1]
                    tie = composite(t, x, _vary(t, p, c, tt))
                    assert tie[a] == pytest.approx(tie[b], abs=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_order_is_stable_inside_the_reported_interval(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = random_tree(rng, 3)
    x = rng.random((8, t.n_leaves))
    sp = switch_points(t, x, top=5)
    base = np.argsort(-composite(t, x), kind="stable")[:5]
    np.testing.assert_array_equal(sp.entities, base)
    for p, c, lo, hi in zip(sp.var_node, sp.var_child, sp.stable_low, sp.stable_high, strict=True):
        for v in np.linspace(lo, hi, 7)[1:-1]:
            s = composite(t, x, _vary(t, p, c, v))[base]
            assert (np.diff(s) <= 1e-12).all()


def test_tornado_ranges_are_the_composites_at_the_interval_ends() -> None:
    rng = np.random.default_rng(5)
    t = random_tree(rng, 3)
    x = rng.random((9, t.n_leaves))
    tor = tornado(t, x, spread=0.2)
    for r, (p, c) in enumerate(zip(tor.var_node, tor.var_child, strict=True)):
        ends = [composite(t, x, _vary(t, p, c, v)) for v in (tor.t_low[r], tor.t_high[r])]
        np.testing.assert_allclose(tor.child_low[r], np.minimum(*ends), atol=1e-14)
        np.testing.assert_allclose(tor.child_high[r], np.maximum(*ends), atol=1e-14)
    assert (tor.low <= tor.base + 1e-14).all() and (tor.high >= tor.base - 1e-14).all()
    full = tornado(t, x, interval=(0.0, 1.0))
    assert (full.swing >= tor.swing - 1e-14).all()


def test_node_columns_give_the_tree_critical_change() -> None:
    rng = np.random.default_rng(2)
    t = random_tree(rng, 3)
    x = rng.random((5, t.n_leaves))
    cols, w = node_columns(t, x, 0)
    res = critical_criteria(cols, w, composite=composite(t, x))
    r, k = np.argwhere(~np.isnan(res.delta))[0]
    local = np.array(t.local)
    local[t.children(0)[k]] -= res.delta[r, k]  # un-normalised change, as in the paper
    s = composite(t, x, local)
    assert s[res.pair_first[r]] == pytest.approx(s[res.pair_second[r]], abs=1e-12)


def test_switch_points_need_two_entities() -> None:
    t = Hierarchy([-1, 0, 0], [1, 0.5, 0.5], [1, 2])
    with pytest.raises(InputError, match="top = 1 must be >= 2"):
        switch_points(t, np.eye(2), top=1)


def test_leader_above_is_ahead_just_above_the_switch_point() -> None:
    rng = np.random.default_rng(12)
    t = random_tree(rng, 3)
    x = rng.random((8, t.n_leaves))
    sp = switch_points(t, x, top=8)
    assert sp.weight.size > 0
    for r in range(sp.weight.size):
        p, c, w = int(sp.node[r]), int(sp.child[r]), float(sp.weight[r])
        lead = int(sp.leader_above[r])
        other = int(sp.first[r] if sp.second[r] == lead else sp.second[r])
        if w < 1 - 1e-6:
            s = composite(t, x, _vary(t, p, c, w + 1e-6))
            assert s[lead] > s[other]
        if w > 1e-6:
            s = composite(t, x, _vary(t, p, c, w - 1e-6))
            assert s[lead] < s[other]
