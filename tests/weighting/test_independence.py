"""Independence weights: multiple correlation by two routes, invariants, input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.independence import independence_weights

DATA = np.array(
    [
        [3.0, 21.0, 0.4, 7.0],
        [5.0, 18.0, 0.9, 6.0],
        [2.0, 25.0, 0.3, 9.0],
        [8.0, 11.0, 0.7, 4.0],
        [6.0, 15.0, 0.8, 8.0],
        [4.0, 20.0, 0.2, 5.0],
        [7.0, 12.0, 0.6, 3.0],
    ]
)


def test_independence_weights_match_correlation_matrix_identity() -> None:
    """R_j^2 = 1 - 1 / (C^-1)_jj for the Pearson correlation matrix C (the squared multiple
    correlation, e.g. Cohen et al. 2003, Applied Multiple Regression, 3.5); weights are
    proportional to 1/R_j (SPSSAU, 独立性权重)."""
    r = independence_weights(DATA)
    C = np.corrcoef(DATA, rowvar=False)
    r2 = 1 - 1 / np.diag(np.linalg.inv(C))
    np.testing.assert_allclose(r.multiple_r, np.sqrt(r2), rtol=1e-10)
    inv = 1 / np.sqrt(r2)
    np.testing.assert_allclose(r.weights, inv / inv.sum(), rtol=1e-10)
    np.testing.assert_allclose(r.inverse, inv, rtol=1e-10)


def test_independence_two_indicators_share_one_correlation() -> None:
    """With two indicators each one's multiple correlation is |r|, so the weights are equal."""
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]])
    r = independence_weights(x)
    rho = abs(np.corrcoef(x, rowvar=False)[0, 1])
    np.testing.assert_allclose(r.multiple_r, [rho, rho], rtol=1e-12)
    np.testing.assert_allclose(r.weights, [0.5, 0.5], rtol=1e-12)


def test_independence_redundant_indicator_gets_less_weight() -> None:
    """Adding a near copy of indicator 0 raises its multiple correlation and cuts its weight."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(30, 3))
    copy = base[:, :1] + 0.01 * rng.normal(size=(30, 1))
    r = independence_weights(np.hstack([base, copy]))
    assert r.weights[0] < r.weights[1] and r.weights[3] < r.weights[2]


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, (8, 3), elements=st.floats(-100, 100, allow_nan=False)),
    arrays(np.float64, 3, elements=st.floats(0.1, 50)),
    arrays(np.float64, 3, elements=st.floats(-50, 50)),
)
def test_independence_weights_invariant_to_linear_rescaling(
    x: np.ndarray, scale: np.ndarray, shift: np.ndarray
) -> None:
    """Weights sum to 1 and do not change when any column is rescaled (raw data vs min-max
    data give the same weights)."""
    assume(np.all(np.ptp(x, axis=0) > 1e-3))
    try:
        r = independence_weights(x)
    except InputError:
        return
    assume(np.all(r.multiple_r > 1e-3))
    assert r.weights.sum() == pytest.approx(1.0)
    s = independence_weights(x * scale + shift)
    np.testing.assert_allclose(s.weights, r.weights, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    ("x", "match"),
    [
        ([[1.0, 2.0], [2.0, 3.0]], "n \\+ 1 rows"),
        ([[1.0], [2.0], [3.0]], "n >= 2"),
        ([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], "constant"),
        ([[1.0, np.nan], [2.0, 1.0], [3.0, 2.0]], "not finite"),
        ([[1.0, 1.0], [2.0, -1.0], [3.0, -1.0], [4.0, 1.0]], "infinite"),
    ],
)
def test_independence_input_errors(x: list, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=match):
        independence_weights(x)
