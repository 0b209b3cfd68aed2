"""Aggregation kernels: published examples, missing-value policy, invariants, input errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate import aggregate as ag

# --------------------------------------------------------------------------- published examples


def test_weighted_geometric_mean_hdi_undp_2020_norway() -> None:
    """UNDP HDR 2020, Technical note 1: HDI = (I_health x I_education x I_income)^(1/3).

    Norway (HDR 2020 Table 1): life expectancy 82.4, expected/mean years of schooling 18.1
    (capped at 18) / 12.9, GNI per capita 66,494.  Dimension indices computed here from the
    published goalposts; published HDI 0.957 (3 decimals).
    """
    health = (82.4 - 20) / (85 - 20)
    education = (1.0 + 12.9 / 15) / 2
    income = (math.log(66_494) - math.log(100)) / (math.log(75_000) - math.log(100))
    hdi = ag.weighted_geometric_mean([health, education, income], [1, 1, 1], zero="error")
    np.testing.assert_allclose(hdi, 0.957, atol=5e-4)


def test_coverage_rule_jrc_65_percent() -> None:
    """JRC/COIN practice (OECD & JRC 2008 Handbook on Constructing Composite Indicators;
    COIN Tool data-availability threshold): aggregate only where at least 65 % of the
    (weighted) children are present.  Hand-worked: weights 0.5/0.3/0.2.

    * row 0: child 2 missing -> coverage 0.8, mean (0.5 x 80 + 0.3 x 60) / 0.8 = 72.5;
    * row 1: children 1, 2 missing -> coverage 0.5 < 0.65 -> NaN;
    * row 2: complete -> coverage 1, mean 50.
    """
    scores = np.array([[80, 60, np.nan], [90, np.nan, np.nan], [50, 50, 50]], dtype=float)
    values, coverage = ag.aggregate_with_missing(scores, [0.5, 0.3, 0.2])
    np.testing.assert_allclose(coverage, [0.8, 0.5, 1.0])
    np.testing.assert_allclose(values, [72.5, np.nan, 50.0])
    relaxed = ag.aggregate_with_missing(scores, [0.5, 0.3, 0.2], min_coverage=0.5)
    np.testing.assert_allclose(relaxed.values, [72.5, 90.0, 50.0])


# --------------------------------------------------------------------------- hand-worked


def test_weighted_mean_normalises_weights() -> None:
    """Points out of 100 or AHP priorities give the same mean: (2 x 80 + 1 x 50)/3 = 70."""
    np.testing.assert_allclose(ag.weighted_mean([80, 50], [2, 1]), 70.0)
    np.testing.assert_allclose(ag.weighted_mean([[80, 50], [0, 100]], [40, 20]), [70, 100 / 3])


def test_weighted_mean_propagates_missing() -> None:
    assert np.isnan(ag.weighted_mean([80, np.nan], [1, 1]))


def test_geometric_mean_zero_rules() -> None:
    """(0, 50, 100), equal weights: 'zero' -> 0; 'floor' -> (1e-3 x 50 x 100)^(1/3) = 1.70998;
    'error' raises naming the zero."""
    row = [0.0, 50.0, 100.0]
    assert ag.weighted_geometric_mean(row, [1, 1, 1], zero="zero") == 0.0
    np.testing.assert_allclose(
        ag.weighted_geometric_mean(row, [1, 1, 1]), (1e-3 * 50 * 100) ** (1 / 3)
    )
    with pytest.raises(InputError, match=r"scores\[0\] = 0 has no logarithm; use zero='floor'"):
        ag.weighted_geometric_mean(row, [1, 1, 1], zero="error")


def test_geometric_mean_ignores_zero_weight_child() -> None:
    np.testing.assert_allclose(ag.weighted_geometric_mean([0.0, 25.0, 100.0], [0, 1, 1]), 50.0)


def test_minimum_is_the_short_board() -> None:
    np.testing.assert_allclose(ag.minimum([[70, 40, 90], [55, 60, 65]]), [40, 55])


def test_missing_geometric_and_minimum_use_present_children() -> None:
    """Row (25, 100, NaN), weights 1/1/2: coverage 0.5; geometric over present children
    (25 x 100)^(1/2) = 50; minimum 25."""
    s = np.array([[25.0, 100.0, np.nan]])
    geo = ag.aggregate_with_missing(s, [1, 1, 2], method="geometric-mean", min_coverage=0.5)
    np.testing.assert_allclose(geo.values, [50.0])
    low = ag.aggregate_with_missing(s, [1, 1, 2], method="minimum", min_coverage=0.5)
    np.testing.assert_allclose(low.values, [25.0])
    np.testing.assert_allclose(low.coverage, [0.5])


def test_policy_fail_names_first_missing_value() -> None:
    s = np.array([[1.0, 2.0], [3.0, np.nan], [np.nan, np.nan]])
    with pytest.raises(InputError, match=r"scores\[1, 1\] is missing \(3 missing in all\)"):
        ag.aggregate_with_missing(s, [1, 1], policy="fail")


def test_result_is_read_only_and_unpacks() -> None:
    result = ag.aggregate_with_missing(np.array([[1.0, 2.0]]), [1, 1])
    values, coverage = result
    assert not values.flags.writeable and not coverage.flags.writeable


def test_impute_strategies() -> None:
    x = np.array([[1.0, np.nan], [3.0, 10.0], [np.nan, 20.0], [8.0, 60.0]])
    np.testing.assert_allclose(ag.impute(x, "mean")[[2, 0], [0, 1]], [4.0, 30.0])
    np.testing.assert_allclose(ag.impute(x, "median")[[2, 0], [0, 1]], [3.0, 20.0])
    filled = ag.impute(x, "baseline", baseline=[5.0, 15.0])
    np.testing.assert_allclose(filled[[2, 0], [0, 1]], [5.0, 15.0])
    assert np.isnan(x[2, 0])  # the input is untouched


# --------------------------------------------------------------------------- properties

score = st.floats(0.0, 100.0, allow_nan=False)
weight = st.floats(0.01, 10.0, allow_nan=False)


@st.composite
def block(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    s = draw(arrays(np.float64, (m, n), elements=score))
    w = draw(arrays(np.float64, (n,), elements=weight))
    return s, w


@settings(max_examples=80, deadline=None)
@given(block(), st.data())
def test_improving_one_child_never_lowers_the_aggregate(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    s, w = case
    i = data.draw(st.integers(0, s.shape[0] - 1))
    j = data.draw(st.integers(0, s.shape[1] - 1))
    better = s.copy()
    better[i, j] = data.draw(st.floats(s[i, j], 100.0))
    for fn in (ag.weighted_mean, ag.weighted_geometric_mean):
        assert fn(better, w)[i] >= fn(s, w)[i] - 1e-9
    assert ag.minimum(better)[i] >= ag.minimum(s)[i]


@settings(max_examples=80, deadline=None)
@given(block(), st.data())
def test_permuting_rows_and_children_alike_changes_nothing(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    s, w = case
    rows = data.draw(st.permutations(range(s.shape[0])))
    cols = data.draw(st.permutations(range(s.shape[1])))
    for fn in (ag.weighted_mean, ag.weighted_geometric_mean):
        np.testing.assert_allclose(fn(s[rows][:, cols], w[cols]), fn(s, w)[rows], rtol=1e-12)


@settings(max_examples=80, deadline=None)
@given(block())
def test_reweighting_without_missing_values_is_the_identity(
    case: tuple[np.ndarray, np.ndarray],
) -> None:
    s, w = case
    for method, fn in (
        ("weighted-mean", ag.weighted_mean),
        ("geometric-mean", ag.weighted_geometric_mean),
    ):
        result = ag.aggregate_with_missing(s, w, method=method)  # type: ignore[arg-type]
        np.testing.assert_allclose(result.values, fn(s, w), rtol=1e-12)
        np.testing.assert_allclose(result.coverage, 1.0)


@settings(max_examples=60, deadline=None)
@given(block(), st.data())
def test_reweighted_mean_equals_mean_over_present_children(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    s, w = case
    assume(s.shape[1] >= 2)
    j = data.draw(st.integers(0, s.shape[1] - 1))
    holed = s.copy()
    holed[:, j] = np.nan
    keep = np.arange(s.shape[1]) != j
    result = ag.aggregate_with_missing(holed, w, min_coverage=0.0)
    expected = ag.weighted_mean(s[:, keep], w[keep])
    np.testing.assert_allclose(result.values, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.coverage, w[keep].sum() / w.sum())


@settings(max_examples=60, deadline=None)
@given(block())
def test_means_stay_between_min_and_max(case: tuple[np.ndarray, np.ndarray]) -> None:
    s, w = case
    floored = np.maximum(s, 1e-3)  # the default zero rule raises scores below 1e-3
    for fn, x in ((ag.weighted_mean, s), (ag.weighted_geometric_mean, floored)):
        out = fn(s, w)
        assert np.all((out >= x.min(axis=1) - 1e-9) & (out <= x.max(axis=1) + 1e-9))


# --------------------------------------------------------------------------- input errors


def test_weight_count_must_match_children() -> None:
    with pytest.raises(InputError, match=r"weights has shape \(2,\) but scores have 3 children"):
        ag.weighted_mean([1.0, 2.0, 3.0], [1, 1])


def test_negative_weight_is_located() -> None:
    with pytest.raises(InputError, match=r"weights\[1\] = -0\.5 must be >= 0"):
        ag.weighted_mean([1.0, 2.0], [1, -0.5])


def test_zero_weights_rejected() -> None:
    with pytest.raises(InputError, match="weights sum to 0"):
        ag.weighted_mean([1.0, 2.0], [0, 0])


def test_infinite_score_rejected() -> None:
    with pytest.raises(InputError, match="infinite value"):
        ag.weighted_mean([[1.0, np.inf]], [1, 1])


def test_negative_score_rejected_by_geometric_mean() -> None:
    with pytest.raises(InputError, match=r"scores\[0, 1\] = -5\.0 must be >= 0"):
        ag.weighted_geometric_mean([[1.0, -5.0]], [1, 1])


def test_unknown_method_lists_choices() -> None:
    with pytest.raises(
        InputError, match="method 'median' is not one of weighted-mean, geometric-mean"
    ):
        ag.aggregate_with_missing([[1.0]], [1], method="median")  # type: ignore[arg-type]


def test_min_coverage_must_be_a_share() -> None:
    with pytest.raises(InputError, match=r"min_coverage=65 must lie in \[0, 1\]"):
        ag.aggregate_with_missing([[1.0]], [1], min_coverage=65)


def test_impute_empty_column_points_to_baseline() -> None:
    with pytest.raises(InputError, match=r"indicator 1 has no observed value.*baseline"):
        ag.impute(np.array([[1.0, np.nan], [2.0, np.nan]]))


def test_impute_baseline_needs_values() -> None:
    with pytest.raises(InputError, match="needs baseline"):
        ag.impute(np.array([[1.0, np.nan]]), "baseline")


def test_blocks_keep_the_numbers_and_the_row_named_in_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """aggregate_with_missing runs in row blocks (no full-size mask or copy); with blocks of 3
    rows the aggregates equal one block to rounding and an error names the row of the whole."""
    from qualindex import _blocks
    from qualindex.evaluate.aggregate import aggregate_with_missing

    rng = np.random.default_rng(4)
    s = rng.integers(0, 5, (50, 4)) * 25.0
    s[rng.random(s.shape) < 0.2] = np.nan
    w = np.array([1.0, 2.0, 3.0, 4.0])
    whole = {m: aggregate_with_missing(s, w, method=m) for m in ("weighted-mean", "geometric-mean")}
    monkeypatch.setattr(_blocks, "BLOCK_BYTES", 8 * 4 * 3)
    for m, res in whole.items():
        got = aggregate_with_missing(s, w, method=m)
        np.testing.assert_allclose(got.values, res.values, rtol=1e-14, equal_nan=True)
        np.testing.assert_allclose(got.coverage, res.coverage, rtol=1e-15)
    s[:, :] = 50.0
    s[41, 2] = -1.0
    with pytest.raises(InputError, match=r"scores\[41, 2\] = -1.0 must be >= 0"):
        aggregate_with_missing(s, w, method="geometric-mean")
    s[41, 2] = np.nan
    with pytest.raises(InputError, match=r"scores\[41, 2\] is missing \(1 missing in all\)"):
        aggregate_with_missing(s, w, policy="fail")
