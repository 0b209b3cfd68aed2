"""Monte Carlo over judgments: point masses, SMAA acceptability (Lahdelma & Salminen 2001)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.sensitivity import (
    Hierarchy,
    RankAccumulator,
    attribute,
    composite,
    draw_local_weights,
    global_weights,
    judgment_monte_carlo,
    ranks_of,
)
from qualindex.weighting.group import group_ahp

A3 = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
B3 = np.array([[1, 2, 4], [1 / 2, 1, 3], [1 / 4, 1 / 3, 1]])
C2 = np.array([[1, 2], [1 / 2, 1]])


def _tree() -> Hierarchy:
    # root -> (1, 2); 1 -> leaves 3, 4, 5; 2 -> leaves 6, 7
    return Hierarchy([-1, 0, 0, 1, 1, 1, 2, 2], [1, 0.5, 0.5, 0.5, 0.3, 0.2, 0.6, 0.4],
                     [3, 4, 5, 6, 7])  # fmt: skip


def _judgments() -> dict[int, np.ndarray]:
    return {0: np.stack([C2, C2.T]), 1: np.stack([A3, B3, A3]), 2: np.stack([C2])}


def _scores(n: int = 8, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, 5))


def test_zero_noise_gives_a_point_mass_at_the_deterministic_ranks() -> None:
    t, x = _tree(), _scores()
    res = judgment_monte_carlo(t, x, _judgments(), draws=50, noise="lognormal", sigma=0.0, seed=1)
    # the deterministic weights: AIJ + eigenvector at every judged node
    local = np.array(t.local)
    for node, stack in _judgments().items():
        local[t.children(node)] = group_ahp(stack).weights
    expected = ranks_of(composite(t, x, local))
    r = res.ranks
    np.testing.assert_allclose(res.draws.local, np.tile(local, (50, 1)), rtol=1e-12)
    for q in (r.q05, r.median, r.q95):
        np.testing.assert_array_equal(q, expected)
    np.testing.assert_array_equal(r.acceptability, np.eye(8)[expected - 1])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["lognormal", "saaty"]), st.booleans())
def test_acceptability_sums_to_one_per_entity_and_per_rank(
    seed: int, noise: str, bootstrap: bool
) -> None:
    res = judgment_monte_carlo(_tree(), _scores(6, seed % 1000), _judgments(), draws=97,
                               noise=noise, sigma=0.5, steps=2, bootstrap=bootstrap, seed=seed,
                               chunk=10, grades=[0.3, 0.5, 0.7])  # fmt: skip
    b = res.ranks.acceptability
    np.testing.assert_allclose(b.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(b.sum(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(res.ranks.grade_probability.sum(axis=1), 1.0, rtol=1e-12)
    assert (res.ranks.q05 <= res.ranks.median).all() and (res.ranks.median <= res.ranks.q95).all()


def test_one_expert_and_bootstrap_collapses_the_intervals() -> None:
    t, x = _tree(), _scores()
    one = {0: np.stack([C2]), 1: np.stack([A3]), 2: np.stack([C2])}
    res = judgment_monte_carlo(t, x, one, draws=40, noise="none", bootstrap=True, seed=3)
    np.testing.assert_array_equal(res.ranks.q05, res.ranks.q95)
    np.testing.assert_array_equal(res.ranks.median, res.ranks.base_rank)


def test_bootstrap_with_several_experts_does_spread_the_weights() -> None:
    res = draw_local_weights(_tree(), _judgments(), draws=200, noise="none", bootstrap=True,
                             seed=4)  # fmt: skip
    assert res.local[:, 1].std() > 0.05  # root weights of node 1: C2 vs C2.T resampled


def test_runs_are_reproducible_with_a_seed() -> None:
    kw = {"draws": 60, "sigma": 0.3, "seed": 11}
    a = judgment_monte_carlo(_tree(), _scores(), _judgments(), **kw)
    b = judgment_monte_carlo(_tree(), _scores(), _judgments(), **kw)
    np.testing.assert_array_equal(a.draws.local, b.draws.local)
    np.testing.assert_array_equal(a.ranks.tracked_ranks, b.ranks.tracked_ranks)
    c = judgment_monte_carlo(_tree(), _scores(), _judgments(), **{**kw, "seed": 12})
    assert not np.array_equal(a.draws.local, c.draws.local)


def test_lognormal_noise_has_the_given_spread_on_log_judgments() -> None:
    """For a 2x2 matrix w1/w2 = a12 exactly, so ln(w1/w2) ~ N(ln 2, sigma^2)."""
    t = Hierarchy([-1, 0, 0], [1, 0.5, 0.5], [1, 2])
    jd = draw_local_weights(t, {0: np.stack([C2])}, draws=20000, sigma=0.4, seed=5)
    ratio = np.log(jd.local[:, 1] / jd.local[:, 2])
    assert ratio.mean() == pytest.approx(np.log(2), abs=0.01)
    assert ratio.std() == pytest.approx(0.4, rel=0.02)
    np.testing.assert_allclose(jd.factors[:, 0], ratio - np.log(2), atol=1e-12)


def test_saaty_steps_move_along_the_scale() -> None:
    t = Hierarchy([-1, 0, 0], [1, 0.5, 0.5], [1, 2])
    m = np.array([[1, 3], [1 / 3, 1]])
    jd = draw_local_weights(t, {0: np.stack([m])}, draws=3000, noise="saaty", steps=1, seed=6)
    values = np.unique(np.round(jd.local[:, 1] / jd.local[:, 2], 9))
    np.testing.assert_allclose(values, [2, 3, 4])
    top = np.array([[1, 9], [1 / 9, 1]])
    jd = draw_local_weights(t, {0: np.stack([top])}, draws=500, noise="saaty", steps=2, seed=6)
    assert set(np.round(jd.local[:, 1] / jd.local[:, 2], 9)) == {7.0, 8.0, 9.0}


def test_attribution_points_at_the_judgments_that_matter() -> None:
    """Node 2's children score the same for everybody, so its judgments explain nothing."""
    t, x = _tree(), _scores(10, 7)
    x[:, 4] = x[:, 3]  # leaves 6 and 7 (columns 3 and 4) are identical
    res = judgment_monte_carlo(t, x, _judgments(), draws=2000, sigma=0.6, seed=8, track=5)
    d = res.draws
    node2 = d.factor_node == 2
    assert res.attribution.explained[node2].max() < 0.01
    assert res.attribution.explained[~node2].max() > 0.05
    assert d.factor_node[res.attribution.order[0]] != 2


def test_attribute_recovers_a_planted_linear_dependence() -> None:
    rng = np.random.default_rng(9)
    f = rng.standard_normal((5000, 3))
    r = (2 * f[:, [1]] + rng.standard_normal((5000, 1))).round()
    att = attribute(r, f)
    assert att.order[0] == 1
    assert att.r2[0, 1] == pytest.approx(4 / 5, abs=0.03)


def test_central_weights_are_the_base_weights_when_nothing_varies() -> None:
    t, x = _tree(), _scores()
    res = judgment_monte_carlo(t, x, _judgments(), draws=10, noise="none", seed=0)
    top = int(np.argmin(res.ranks.base_rank))
    g = global_weights(t, res.draws.local[0])[t.leaves]
    np.testing.assert_allclose(res.ranks.central_weights[top], g, rtol=1e-12)
    others = np.arange(8) != top
    assert np.isnan(res.ranks.central_weights[others]).all()


def test_binned_rank_histogram_reports_bin_lower_edges() -> None:
    rng = np.random.default_rng(10)
    s = rng.random((200, 50))
    acc = RankAccumulator(s.mean(axis=0), 200, max_bins=10)
    acc.add(s[:120])
    acc.add(s[120:])
    res = acc.result()
    assert res.bin_width == 5
    exact = np.quantile(ranks_of(s), 0.5, axis=0, method="inverted_cdf")
    assert ((res.median <= exact) & (exact < res.median + 5)).all()
    assert ((res.median - 1) % 5 == 0).all()


def test_judgments_must_match_the_children() -> None:
    with pytest.raises(InputError, match="node 2 has 2 children"):
        draw_local_weights(_tree(), {2: np.stack([A3])}, draws=5)
    with pytest.raises(InputError, match="noise 'gauss' is not supported"):
        draw_local_weights(_tree(), _judgments(), draws=5, noise="gauss")  # type: ignore[arg-type]


@pytest.mark.parametrize("group", ["aij", "aip"])
@pytest.mark.parametrize("method", ["eigenvector", "geometric"])
def test_unperturbed_draws_match_group_ahp(group: str, method: str) -> None:
    """Every draw's batched weights equal weighting.group.group_ahp (Forman & Peniwati 1998)."""
    t = _tree()
    beta = {1: np.array([0.5, 0.3, 0.2])}
    jd = draw_local_weights(t, _judgments(), draws=4, noise="none", group=group,  # type: ignore[arg-type]
                            method=method, expert_weights=beta)  # fmt: skip
    for node, stack in _judgments().items():
        ref = group_ahp(stack, aggregation=group, method=method, expert_weights=beta.get(node))
        np.testing.assert_allclose(jd.local[:, t.children(node)], np.tile(ref.weights, (4, 1)),
                                   rtol=1e-12)  # fmt: skip


@pytest.mark.parametrize("group", ["aij", "aip"])
def test_missing_judgments_are_handled_like_group_ahp(group: str) -> None:
    t = Hierarchy([-1, 0, 0, 0], [1, 0.4, 0.3, 0.3], [1, 2, 3])
    gap = A3.copy()
    gap[0, 2] = gap[2, 0] = np.nan
    stack = np.stack([gap, B3])
    jd = draw_local_weights(t, {0: stack}, draws=2, noise="none", group=group)  # type: ignore[arg-type]
    ref = group_ahp(stack, aggregation=group).weights
    np.testing.assert_allclose(jd.local[0, 1:], ref, rtol=1e-9)
    noisy = draw_local_weights(t, {0: stack}, draws=50, sigma=0.3, seed=1, group=group)  # type: ignore[arg-type]
    assert np.isfinite(noisy.local).all()
    both = np.stack([gap, gap])
    with pytest.raises(InputError, match="NaN for every expert"):
        draw_local_weights(t, {0: both}, draws=2)


def test_results_serialise_to_json() -> None:
    import json

    res = judgment_monte_carlo(_tree(), _scores(), _judgments(), draws=20, sigma=0.2, seed=2,
                               grades=[0.5])  # fmt: skip
    out = json.loads(json.dumps(res.to_dict()))
    assert out["ranks"]["n_draws"] == 20
    assert len(out["judgment_cells"]) == res.draws.factors.shape[1] == 12  # 2 + 9 + 1 cells
    assert "tracked_ranks" not in out["ranks"]
    with pytest.raises(ValueError, match="read-only"):
        res.ranks.median[0] = 3
