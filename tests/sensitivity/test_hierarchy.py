"""Hierarchy arrays: global weights by hierarchic composition (Saaty 1980, ch. 4)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.sensitivity import Hierarchy, composite, global_weights, ranks_of, sub_composites
from qualindex.sensitivity.hierarchy import descending_order
from tests.sensitivity.conftest import random_tree


def _tree() -> Hierarchy:
    return Hierarchy([-1, 0, 0, 1, 1, 2, 2, 2], [1, 0.6, 0.4, 0.5, 0.5, 0.2, 0.3, 0.5],
                     [3, 4, 5, 6, 7])  # fmt: skip


def test_global_weights_are_products_down_the_path() -> None:
    g = global_weights(_tree())
    np.testing.assert_allclose(g, [1, 0.6, 0.4, 0.3, 0.3, 0.08, 0.12, 0.2], rtol=1e-15)


def test_batched_global_weights_match_one_at_a_time() -> None:
    t = _tree()
    rng = np.random.default_rng(0)
    batch = np.tile(np.array(t.local), (5, 1)) * rng.uniform(0.5, 1.5, (5, t.n_nodes))
    g = global_weights(t, batch)
    for d in range(5):
        np.testing.assert_allclose(g[d], global_weights(t, batch[d]), rtol=1e-15)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_root_sub_composite_is_the_composite(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = random_tree(rng, int(rng.integers(1, 6)))
    x = rng.random((7, t.n_leaves))
    np.testing.assert_allclose(sub_composites(t, x)[:, 0], composite(t, x), rtol=1e-12)
    np.testing.assert_allclose(global_weights(t)[t.leaves].sum(), 1.0, rtol=1e-12)


def test_ranks_are_one_for_the_highest_and_break_ties_by_position() -> None:
    np.testing.assert_array_equal(ranks_of([0.2, 0.9, 0.2, 0.5]), [3, 1, 4, 2])


@pytest.mark.parametrize(
    ("parent", "local", "leaves", "match"),
    [
        ([-1, 2, 0, 0], [1, 0.5, 0.5, 0.5], [1, 3], "parent\\[1\\] = 2"),
        ([-1, 0, 0], [1, 0.5, 0.6], [1, 2], "summing to 1.1"),
        ([-1, 0, 0], [1, 0.5, 0.5], [1], "every childless node"),
        ([-1, 0, 0], [1, -0.5, 1.5], [1, 2], "must be in \\[0, 1\\]"),
    ],
)
def test_invalid_hierarchy_is_rejected_with_the_rule(
    parent: list[int], local: list[float], leaves: list[int], match: str
) -> None:
    with pytest.raises(InputError, match=match):
        Hierarchy(parent, local, leaves)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_descending_order_equals_a_stable_sort_even_with_ties(seed: int, levels: int) -> None:
    rng = np.random.default_rng(seed)
    s = rng.integers(0, levels + 1, size=(7, 9)).astype(float)  # many ties
    s[0] = rng.random(9)  # one row without ties
    s[1, :2] = [0.0, -0.0]
    np.testing.assert_array_equal(descending_order(s), np.argsort(-s, axis=1, kind="stable"))
    np.testing.assert_array_equal(descending_order(s[3]), np.argsort(-s[3], kind="stable"))
