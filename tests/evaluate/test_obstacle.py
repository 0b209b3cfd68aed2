"""Obstacle degree (障碍度): the three-step model by hand, groups, invariants, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.obstacle import obstacle_degree


def test_obstacle_degree_three_step_model_by_hand() -> None:
    """Factor contribution F = w, deviation I = 1 - x, O = F I / sum(F I).

    x = (0.8, 0.5, 0.2), w = (0.5, 0.3, 0.2): F I = (0.10, 0.15, 0.16), sum 0.41,
    O = (0.2439, 0.3659, 0.3902); the largest obstacle is indicator 2."""
    r = obstacle_degree([[0.8, 0.5, 0.2]], [0.5, 0.3, 0.2])
    np.testing.assert_allclose(r.deviation, [[0.2, 0.5, 0.8]], rtol=1e-12)
    np.testing.assert_allclose(r.degrees, [[0.10 / 0.41, 0.15 / 0.41, 0.16 / 0.41]], rtol=1e-12)
    assert r.order[0].tolist() == [2, 1, 0]


def test_obstacle_degree_scores_on_100_and_groups() -> None:
    """0-100 scores with scale=100 give the same degrees as [0, 1] values; a criterion
    layer's obstacle degree is the sum of its indicators' degrees."""
    scores = [[80.0, 50.0, 20.0, 100.0]]
    w = [0.4, 0.3, 0.2, 0.1]
    r = obstacle_degree(scores, w, scale=100, groups=["A", "A", "B", "B"])
    unit = obstacle_degree(np.asarray(scores) / 100, w)
    np.testing.assert_allclose(r.degrees, unit.degrees, rtol=1e-12)
    assert r.group_labels == ("A", "B")
    np.testing.assert_allclose(
        r.group_degrees, [[r.degrees[0, :2].sum(), r.degrees[0, 2:].sum()]], rtol=1e-12
    )
    assert r.degrees[0, 3] == 0.0  # at the maximum: no obstacle


def test_obstacle_degree_entity_without_deviation() -> None:
    r = obstacle_degree([[1.0, 1.0], [0.5, 1.0]], [0.5, 0.5])
    np.testing.assert_array_equal(r.degrees[0], [0.0, 0.0])
    np.testing.assert_allclose(r.degrees[1], [1.0, 0.0])


unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=unit),
    st.data(),
)
def test_obstacle_degrees_sum_to_one_and_column_equivariant(
    x: np.ndarray, data: st.DataObject
) -> None:
    """Each entity with some deviation has degrees in [0, 1] summing to 1; permuting the
    indicators (with their weights) permutes the degrees."""
    n = x.shape[1]
    w = data.draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    r = obstacle_degree(x, w)
    sums = r.degrees.sum(axis=1)
    has_gap = (w * (1 - x)).sum(axis=1) > 0
    np.testing.assert_allclose(sums[has_gap], 1.0, rtol=1e-12)
    assert np.all((r.degrees >= 0) & (r.degrees <= 1 + 1e-12))
    perm = np.random.default_rng(n).permutation(n)
    np.testing.assert_allclose(
        obstacle_degree(x[:, perm], w[perm]).degrees, r.degrees[:, perm], atol=1e-12
    )


@pytest.mark.parametrize(
    ("x", "w", "kwargs", "match"),
    [
        ([[1.2, 0.5]], [1, 1], {}, r"X\[0, 0\] = 1.2"),
        ([[0.2, 0.5]], [1], {}, "weights"),
        ([[0.2, 0.5]], [1, -1], {}, "weights"),
        ([[0.2, 0.5]], [1, 1], {"scale": 0}, "scale"),
        ([[0.2, 0.5]], [1, 1], {"groups": ["A"]}, "groups"),
    ],
)
def test_obstacle_input_errors(x: list, w: list, kwargs: dict, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=match):
        obstacle_degree(x, w, **kwargs)
