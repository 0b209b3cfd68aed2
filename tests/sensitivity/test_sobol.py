"""Sobol indices via SALib on analytic cases (Sobol' 2001; Saltelli et al. 2010)."""

from __future__ import annotations

import numpy as np
import pytest

from qualindex.errors import InputError
from qualindex.sensitivity import Hierarchy, composite_sobol, global_weights


def _tree() -> Hierarchy:
    return Hierarchy([-1, 0, 0, 1, 1, 2, 2, 2], [1, 0.6, 0.4, 0.5, 0.5, 0.2, 0.3, 0.5],
                     [3, 4, 5, 6, 7])  # fmt: skip


def test_linear_composite_with_independent_errors_has_variance_shares() -> None:
    """Y_e = const + sum_l g_l sd_l z_l: S_l = S_T,l = (g_l sd_l)^2 / sum (Sobol' 2001)."""
    t = _tree()
    x = np.random.default_rng(0).random((4, 5))
    sd = np.array([0.1, 0.2, 0.3, 0.1, 0.05])
    res = composite_sobol(t, x, weight_spread=0.0, value_sd=sd, n_base=8192, seed=3, top=2)
    g = global_weights(t)[t.leaves]
    share = (g * sd) ** 2 / ((g * sd) ** 2).sum()
    assert res.groups == ("x:0", "x:1", "x:2", "x:3", "x:4")
    for e in range(2):
        np.testing.assert_allclose(res.first[e], share, atol=0.02)
        np.testing.assert_allclose(res.total[e], share, atol=0.02)
    assert res.n_runs == 8192 * (5 + 2)


def test_per_entity_errors_give_per_entity_shares() -> None:
    t = _tree()
    x = np.full((2, 5), 0.5)
    sd = np.array([[0.1, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.2]])
    res = composite_sobol(t, x, weight_spread=0.0, value_sd=sd, n_base=2048, seed=1,
                          entities=[0, 1])  # fmt: skip
    assert res.groups == ("x:0", "x:4")
    np.testing.assert_allclose(res.first, [[1, 0], [0, 1]], atol=0.03)


def test_a_node_whose_children_score_alike_has_no_influence() -> None:
    t = _tree()
    rng = np.random.default_rng(4)
    x = rng.random((3, 5))
    x[:, 2:] = x[:, [2]]  # node 2's leaves (columns 2, 3, 4) are identical
    res = composite_sobol(t, x, weight_spread=0.3, n_base=2048, seed=5, top=3)
    i2 = res.groups.index("w:2")
    assert np.abs(res.total[:, i2]).max() < 0.01
    assert res.total[:, res.groups.index("w:0")].min() > 0.1


def test_sobol_needs_uncertain_inputs() -> None:
    with pytest.raises(InputError, match="fewer than two uncertain inputs"):
        composite_sobol(_tree(), np.ones((2, 5)), weight_spread=0.0)
    with pytest.raises(InputError, match="power of 2"):
        composite_sobol(_tree(), np.ones((2, 5)), n_base=1000)


def test_a_discrete_method_choice_has_its_share_of_the_variance() -> None:
    """Y = S + g_0 sd z + B c with B a fair pick between two constructions that differ by c in
    one leaf: V = (g_0 sd)^2 + (g_l c)^2 / 4, each input's first = total index its share."""
    t = _tree()
    x = np.random.default_rng(2).random((3, 5))
    alt = x.copy()
    alt[:, 4] += 0.5
    sd = np.array([0.2, 0, 0, 0, 0])
    res = composite_sobol(t, x, weight_spread=0.0, value_sd=sd, alternatives=alt[None],
                          n_base=8192, seed=2, entities=[0, 1, 2])  # fmt: skip
    g = global_weights(t)[t.leaves]
    parts = np.array([(g[0] * 0.2) ** 2, (g[4] * 0.5) ** 2 / 4])
    assert res.groups == ("x:0", "m:normalisation")
    for e in range(3):
        np.testing.assert_allclose(res.first[e], parts / parts.sum(), atol=0.03)
        np.testing.assert_allclose(res.total[e], parts / parts.sum(), atol=0.03)


def test_judgment_cells_of_a_node_whose_children_score_alike_do_not_matter() -> None:
    """j:<node> groups: the experts' log-judgments of node 2 move only its children's weights;
    with identical children they explain nothing, while node 1's judgments explain a share."""
    t = _tree()
    x = np.random.default_rng(6).random((3, 5))
    x[:, 2:] = x[:, [2]]
    x[:, :2] = [0.9, 0.1]  # node 1's children differ for every entity
    judged = {
        1: np.array([[[1, 2], [1 / 2, 1]], [[1, 3], [1 / 3, 1]]]),
        2: np.array([[[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]]),
    }
    res = composite_sobol(t, x, weight_spread=0.2, judgments=judged, sigma=0.3, n_base=2048,
                          seed=3, top=3, group_choice=True)  # fmt: skip
    assert res.groups == ("w:0", "j:1", "j:2", "m:group")
    assert np.abs(res.total[:, res.groups.index("j:2")]).max() < 0.01
    assert res.total[:, res.groups.index("j:1")].min() > 0.01
