"""Value and method-choice uncertainty (Saisana, Saltelli & Tarantola 2005; OECD/JRC 2008)."""

from __future__ import annotations

import numpy as np
import pytest

from qualindex.errors import InputError
from qualindex.sensitivity import (
    Hierarchy,
    combined_monte_carlo,
    composite,
    method_choices,
    ranks_of,
    value_monte_carlo,
)


def _tree() -> Hierarchy:
    return Hierarchy([-1, 0, 0, 0], [1, 0.5, 0.3, 0.2], [1, 2, 3])


def test_zero_error_gives_the_deterministic_ranks() -> None:
    x = np.random.default_rng(0).random((7, 3))
    res = value_monte_carlo(_tree(), x, draws=30, sd=np.zeros(3), seed=1)
    expected = ranks_of(composite(_tree(), x))
    np.testing.assert_array_equal(res.ranks.q05, expected)
    np.testing.assert_array_equal(res.ranks.q95, expected)
    same = value_monte_carlo(_tree(), x, draws=30, low=x, high=x, seed=1)
    np.testing.assert_array_equal(same.ranks.median, expected)


def test_measurement_error_spreads_the_composite_as_predicted() -> None:
    """Var(S_e) = sum_l g_l^2 sd_l^2 for independent normal errors; checked via grades."""
    x = np.array([[0.5, 0.5, 0.5], [0.9, 0.9, 0.9]])
    sd = np.array([0.1, 0.2, 0.3])
    res = value_monte_carlo(_tree(), x, draws=40000, sd=sd, seed=2, grades=[0.5])
    # entity 0 has composite 0.5: P(S < 0.5) = 1/2 by symmetry
    assert res.ranks.grade_probability[0, 0] == pytest.approx(0.5, abs=0.01)
    sigma = np.sqrt(((np.array([0.5, 0.3, 0.2]) * sd) ** 2).sum())
    from scipy.stats import norm

    assert res.ranks.grade_probability[1, 0] == pytest.approx(norm.cdf((0.5 - 0.9) / sigma),
                                                              abs=0.005)  # fmt: skip


def test_average_shift_in_rank_saisana_2005() -> None:
    """Saisana et al. (2005) eq. 9 on a hand example: ranks (1,2,3), (2,1,3), (3,2,1)."""
    alt = np.array([[3.0, 2.0, 1.0], [2.0, 3.0, 1.0], [1.0, 2.0, 3.0]])
    res = method_choices(alt, names=("ref", "swap", "reverse"))
    np.testing.assert_array_equal(res.ranks, [[1, 2, 3], [2, 1, 3], [3, 2, 1]])
    np.testing.assert_allclose(res.mean_shift, [(0 + 1 + 2) / 3, (0 + 1 + 0) / 3, (0 + 0 + 2) / 3])
    np.testing.assert_array_equal(res.rank_min, [1, 1, 1])
    np.testing.assert_array_equal(res.rank_max, [3, 2, 3])
    np.testing.assert_allclose(res.summary.acceptability.sum(axis=0), 1.0)


def test_value_inputs_are_checked() -> None:
    x = np.ones((2, 3))
    with pytest.raises(InputError, match="either sd"):
        value_monte_carlo(_tree(), x, draws=3)
    with pytest.raises(InputError, match="low must be <= high"):
        value_monte_carlo(_tree(), x, draws=3, low=x, high=x - 1)


def test_combined_draws_pick_every_construction_and_keep_its_ranks() -> None:
    """Without errors or weight draws, each draw's ranks are those of the chosen construction."""
    t = _tree()
    rng = np.random.default_rng(3)
    x = rng.random((6, 3))
    alt = np.stack([x**2, np.sqrt(x)])
    res = combined_monte_carlo(t, x, alternatives=alt, draws=300, seed=4, track=6)
    assert set(np.unique(res.choice)) == {0, 1, 2}
    stacks = np.concatenate([x[None], alt])
    expected = ranks_of(np.stack([composite(t, m) for m in stacks]))  # (3, entities)
    tracked = res.ranks.tracked
    np.testing.assert_array_equal(res.ranks.tracked_ranks, expected[res.choice][:, tracked])
    share = np.bincount(res.choice, minlength=3) / 300
    np.testing.assert_allclose(res.ranks.acceptability[:, 0],
                               share @ (expected == 1), rtol=1e-12)  # fmt: skip


def test_combined_draws_reduce_to_the_value_kernel() -> None:
    x = np.random.default_rng(5).random((5, 3))
    a = combined_monte_carlo(_tree(), x, draws=50, sd=0.1, seed=6)
    b = value_monte_carlo(_tree(), x, draws=50, sd=0.1, seed=6)
    np.testing.assert_array_equal(a.ranks.tracked_ranks, b.ranks.tracked_ranks)
    with pytest.raises(InputError, match="must contain the value"):
        combined_monte_carlo(_tree(), x, low=x + 0.1, high=x + 0.2, draws=5)


def test_interval_offsets_move_every_construction() -> None:
    """A degenerate interval shifted by +c (low = high = x + c is refused; the offsets of
    [x, x + 2c] average +c): ranks under an alternative are those of the alternative's
    scores moved within the same offsets, whatever the construction."""
    t = _tree()
    x = np.random.default_rng(8).random((6, 3))
    alt = (x**2)[None]
    res = combined_monte_carlo(t, x, alternatives=alt, low=x, high=x, draws=40, seed=1,
                               choice=np.ones(40, dtype=int), track=6)  # fmt: skip
    expected = ranks_of(composite(t, alt[0]))
    np.testing.assert_array_equal(res.ranks.tracked_ranks, np.tile(expected[res.ranks.tracked],
                                                                   (40, 1)))  # fmt: skip


def test_geometric_draws_match_nested_weighted_geometric_means() -> None:
    """The geometric composite of a two-level tree is the evaluate kernel's weighted geometric
    mean applied node by node (prod_c (prod_l x^w_l)^w_c = prod_l x^g_l)."""
    from qualindex.evaluate.aggregate import weighted_geometric_mean
    from qualindex.sensitivity import geometric_composite, global_weights

    t = Hierarchy([-1, 0, 0, 1, 1, 2, 2], [1, 0.6, 0.4, 0.7, 0.3, 0.5, 0.5], [3, 4, 5, 6])
    x = np.random.default_rng(9).uniform(0, 100, (5, 4))
    x[0, 1] = 0.0  # floored at 1e-3 by both
    a = weighted_geometric_mean(x[:, :2], np.array([0.7, 0.3]))
    b = weighted_geometric_mean(x[:, 2:], np.array([0.5, 0.5]))
    nested = weighted_geometric_mean(np.stack([a, b], axis=1), np.array([0.6, 0.4]))
    g = global_weights(t)[t.leaves]
    np.testing.assert_allclose(geometric_composite(g[None], x)[0], nested, rtol=1e-12)
    res = combined_monte_carlo(t, x, draws=10, geometric=np.ones(10, bool), track=5, seed=0)
    np.testing.assert_array_equal(res.ranks.tracked_ranks[0],
                                  ranks_of(nested)[res.ranks.tracked])  # fmt: skip
