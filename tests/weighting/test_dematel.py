"""DEMATEL: a published normalised matrix, the total-relation identity, D and R, weights,
threshold map and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.dematel import dematel

THREE_DP = 5e-4 + 1e-12

# Five factors (leadership, staff flexibility, collaboration, technology, absorptive capacity).
ONLINEOUTPUT_A = [
    [0, 4, 3, 1, 0],
    [0, 0, 4, 1, 1],
    [0, 1, 0, 4, 4],
    [0, 0, 1, 0, 0],
    [1, 0, 4, 4, 0],
]


def test_dematel_normalised_matrix_onlineoutput_example() -> None:
    """Online Output DEMATEL report "Business Reputation Index Development" (project 8733,
    soft.onlineoutput.com/dematel): the largest of the row and column sums is 12 (column
    COLLB), and the published normalised matrix to 3 decimals is
    [[0, .333, .25, .083, 0], [0, 0, .333, .083, .083], [0, .083, 0, .333, .333],
    [0, 0, .083, 0, 0], [.083, 0, .333, .333, 0]]."""
    r = dematel(ONLINEOUTPUT_A)
    assert r.scale == 12.0
    published = [
        [0, 0.333, 0.25, 0.083, 0],
        [0, 0, 0.333, 0.083, 0.083],
        [0, 0.083, 0, 0.333, 0.333],
        [0, 0, 0.083, 0, 0],
        [0.083, 0, 0.333, 0.333, 0],
    ]
    np.testing.assert_allclose(r.normalised, published, atol=THREE_DP)


def test_dematel_two_factor_example_by_hand() -> None:
    """A = [[0, 2], [1, 0]]: s = 2, N = [[0, 1], [.5, 0]], (I - N)^-1 = [[2, 2], [1, 2]],
    T = N (I - N)^-1 = [[1, 2], [1, 1]]; D = (3, 2), R = (2, 3), D + R = (5, 5),
    D - R = (1, -1): factor 0 is the cause. Weights (0.5, 0.5); mean of T = 1.25, so the only
    arrow above the threshold is 0 -> 1."""
    r = dematel([[0, 2], [1, 0]])
    np.testing.assert_allclose(r.total, [[1, 2], [1, 1]], rtol=1e-12)
    np.testing.assert_allclose(r.influence, [3, 2], rtol=1e-12)
    np.testing.assert_allclose(r.influenced, [2, 3], rtol=1e-12)
    np.testing.assert_allclose(r.relation, [1, -1], rtol=1e-12)
    np.testing.assert_allclose(r.weights, [0.5, 0.5], rtol=1e-12)
    assert r.threshold == pytest.approx(1.25)
    assert r.relations.tolist() == [[False, True], [False, False]]


def test_dematel_row_normalisation_and_experts_mean() -> None:
    """pyDecision divides by the largest row sum; several experts' matrices are averaged."""
    row = dematel(ONLINEOUTPUT_A, normalisation="row")
    assert row.scale == 9.0
    stacked = dematel([ONLINEOUTPUT_A, np.zeros((5, 5))])
    np.testing.assert_allclose(stacked.direct, np.asarray(ONLINEOUTPUT_A) / 2)
    np.testing.assert_allclose(stacked.normalised, dematel(ONLINEOUTPUT_A).normalised)


def test_dematel_explicit_threshold() -> None:
    r = dematel(ONLINEOUTPUT_A, threshold=0.3)
    np.testing.assert_array_equal(r.relations, r.total > 0.3)


rating = st.integers(min_value=0, max_value=4).map(float)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.integers(2, 6).map(lambda n: (n, n)), elements=rating))
def test_dematel_total_relation_identity(a: np.ndarray) -> None:
    """T = N (I - N)^-1, i.e. T - N T = N; T >= 0; sum D = sum R (so D - R sums to 0);
    prominence weights sum to 1; relabelling the factors relabels every output."""
    np.fill_diagonal(a, 0.0)
    if a.sum() == 0:
        return
    try:
        r = dematel(a)
    except InputError:
        return  # a full-strength closed cycle: I - N singular
    T, N = r.total, r.normalised
    np.testing.assert_allclose(T - N @ T, N, atol=1e-9)
    assert np.all(T >= -1e-12)
    assert r.influence.sum() == pytest.approx(r.influenced.sum())
    assert r.weights.sum() == pytest.approx(1.0)
    perm = np.random.default_rng(a.shape[0]).permutation(a.shape[0])
    p = dematel(a[np.ix_(perm, perm)])
    np.testing.assert_allclose(p.prominence, r.prominence[perm], rtol=1e-9)
    np.testing.assert_allclose(p.relation, r.relation[perm], atol=1e-9)


@pytest.mark.parametrize(
    ("a", "kwargs", "match"),
    [
        ([[0, 1, 2], [1, 0, 1]], {}, "square"),
        ([[0, -1], [1, 0]], {}, ">= 0"),
        ([[1, 1], [1, 0]], {}, r"A\[0, 0\] = 1.0 must be 0"),
        ([[0, 0], [0, 0]], {}, "all zeros"),
        ([[0, 1], [1, 0]], {}, "spectral radius"),
        ([[0, 1], [2, 0]], {"normalisation": "sum"}, "normalisation"),
        ([[0, 1], [2, 0]], {"threshold": float("nan")}, "threshold"),
    ],
)
def test_dematel_input_errors(a: list, kwargs: dict, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=match):
        dematel(a, **kwargs)
