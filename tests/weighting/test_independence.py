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


# Longley (1967), JASA 62:819-841: the six explanatory columns (GNP deflator, GNP,
# unemployed, armed forces, population, year), 1947-1962, as in R's datasets::longley.
LONGLEY = np.array(
    [
        [83.0, 234.289, 235.6, 159.0, 107.608, 1947],
        [88.5, 259.426, 232.5, 145.6, 108.632, 1948],
        [88.2, 258.054, 368.2, 161.6, 109.773, 1949],
        [89.5, 284.599, 335.1, 165.0, 110.929, 1950],
        [96.2, 328.975, 209.9, 309.9, 112.075, 1951],
        [98.1, 346.999, 193.2, 359.4, 113.270, 1952],
        [99.0, 365.385, 187.0, 354.7, 115.094, 1953],
        [100.0, 363.112, 357.8, 335.0, 116.219, 1954],
        [101.2, 397.469, 290.4, 304.8, 117.388, 1955],
        [104.6, 419.180, 282.2, 285.7, 118.734, 1956],
        [108.4, 442.769, 293.6, 279.8, 120.445, 1957],
        [110.8, 444.546, 468.1, 263.7, 121.950, 1958],
        [112.6, 482.704, 381.3, 255.2, 123.366, 1959],
        [114.2, 502.601, 393.1, 251.4, 125.368, 1960],
        [115.7, 518.173, 480.6, 257.2, 127.852, 1961],
        [116.9, 554.894, 400.7, 282.7, 130.081, 1962],
    ]
)
# the variance inflation factors VIF_j = 1 / (1 - R_j^2) of Longley's regression, as R's
# car::vif(lm(Employed ~ ., longley)) prints them (5 decimals) and regression texts quote
# them as the classic example of collinearity
LONGLEY_VIF = [135.53244, 1788.51348, 33.61889, 3.58893, 399.15102, 758.98060]
# the same VIFs as printed in Friendly's genridge package README ("Variance Inflation
# Factors", vif(lridge) at ridge constant 0.000, i.e. OLS; Friendly 2013, J. Comput. Graph.
# Statist. 22(1):50-68), in the column order of LONGLEY and at their printed precision
GENRIDGE_PRINTED_VIF = [(135.53, 0.005), (1788.51, 0.005), (33.619, 5e-4), (3.589, 5e-4),
                        (399.15, 0.005), (758.98, 0.005)]  # fmt: skip


def test_independence_weights_longley1967_multiple_correlations_from_published_vif() -> None:
    """Each R_j is the multiple correlation of column j with the other five, the same
    regression as the VIF: R_j = sqrt(1 - 1/VIF_j) with the printed VIFs (to their 5 printed
    decimals). Independence weights w_j = (1/R_j) / sum(1/R_k); by the definition
    from the printed VIFs, Armed.Forces (VIF 3.59, the only weakly collinear column) gets
    the largest weight, 0.1899, and GNP (VIF 1788.5) the smallest, 0.1614."""
    r = independence_weights(LONGLEY)
    vif = np.array(LONGLEY_VIF)
    np.testing.assert_allclose(1 / (1 - r.multiple_r**2), vif, rtol=0, atol=5e-6 + 1e-9)
    for got, (printed, half_unit) in zip(
        1 / (1 - r.multiple_r**2), GENRIDGE_PRINTED_VIF, strict=True
    ):
        assert abs(got - printed) <= half_unit + 1e-12, (got, printed)
    from_vif = 1 / np.sqrt(1 - 1 / vif)
    np.testing.assert_allclose(r.weights, from_vif / from_vif.sum(), rtol=1e-8)
    np.testing.assert_allclose(
        r.weights, [0.1619, 0.1614, 0.1638, 0.1899, 0.1615, 0.1614], atol=5e-5 + 1e-12
    )
    assert int(np.argmax(r.weights)) == 3 and int(np.argmin(r.weights)) == 1
