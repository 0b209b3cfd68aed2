"""Scoring kernels: published examples, hand-worked conventions, invariants, input errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate import normalise as nm
from qualindex.evaluate.aggregate import weighted_geometric_mean

# --------------------------------------------------------------------------- published examples


def test_goalposts_hdi_undp_2020_norway() -> None:
    """UNDP Human Development Report 2020, Table 1 and Technical note 1 (HDI 2019 values).

    Norway: life expectancy 82.4 years, expected years of schooling 18.1, mean years 12.9,
    GNI per capita 66,494 (2017 PPP $).  Goalposts: 20-85 years, 0-18 and 0-15 years of
    schooling, ln 100 - ln 75,000 for income; the education index is the mean of its two
    sub-indices and the HDI the geometric mean of the three dimension indices.  Expected
    schooling above 18 is capped at the goalpost.  Published HDI: 0.957 (3 decimals).
    """
    health = nm.goalposts(82.4, lo=20, hi=85) / 100
    schooling = nm.goalposts([18.1, 12.9], lo=[0, 0], hi=[18, 15]) / 100
    income = nm.goalposts(math.log(66_494), lo=math.log(100), hi=math.log(75_000)) / 100
    assert schooling[0] == 1.0  # 18.1 > 18: capped
    dims = [health, schooling.mean(), income]
    hdi = weighted_geometric_mean(np.array(dims) * 100, [1, 1, 1], zero="error") / 100
    np.testing.assert_allclose(hdi, 0.957, atol=5e-4)


def test_ahp_relative_saaty_1980_three_by_three() -> None:
    """Saaty's 3 x 3 reciprocal matrix (1, 3, 5 / 1/3, 1, 3 / 1/5, 1/3, 1).

    Published principal eigenvector (Saaty 1980, The Analytic Hierarchy Process; reproduced in
    many AHP texts): 0.637, 0.258, 0.105 (3 decimals).  Ideal mode divides by the largest:
    1, 0.258/0.637, 0.105/0.637.
    """
    matrix = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    dist = nm.ahp_relative(matrix, "distributive")
    np.testing.assert_allclose(dist, [0.637, 0.258, 0.105], atol=5e-4)
    ideal = nm.ahp_relative(matrix, "ideal")
    np.testing.assert_allclose(ideal, dist / dist[0], rtol=1e-12)
    assert ideal[0] == 1.0


def test_ahp_ideal_mode_is_unaffected_by_adding_a_copy() -> None:
    """Rank reversal (Belton & Gear 1983): adding a copy of an alternative changes the
    distributive shares of the others but not their ideal-mode priorities, because each
    criterion's priorities are divided by that criterion's best value, which a copy does not
    change.  Ratings are criteria x alternatives."""
    ratings = np.array([[1, 9, 1], [9, 1, 9], [8, 9, 8]], dtype=float)
    with_copy = np.column_stack([ratings, ratings[:, 1]])

    def synthesis(r: np.ndarray, mode: str) -> np.ndarray:
        return np.mean([nm.ahp_relative(row, mode) for row in r], axis=0)  # type: ignore[arg-type]

    before, after = synthesis(ratings, "ideal"), synthesis(with_copy, "ideal")
    np.testing.assert_allclose(after[:3], before, rtol=1e-12)
    before, after = synthesis(ratings, "distributive"), synthesis(with_copy, "distributive")
    assert not np.allclose(after[:3] / after[0], before / before[0])


# --------------------------------------------------------------------------- hand-worked


def test_linear_threshold_target_convention_hand_worked() -> None:
    """qualindex convention: threshold -> 60, target -> 100, line continued and clipped.

    Availability, threshold 99.0 %, target 99.9 %: slope 40/0.9 points per %-point, so 99.45 %
    scores 80, the zero crossing is 99.0 - 60 x 0.9/40 = 97.65 %, and 100 % clips to 100.
    """
    got = nm.linear([99.0, 99.9, 99.45, 97.65, 90.0, 100.0], threshold=99.0, target=99.9)
    np.testing.assert_allclose(got, [60, 100, 80, 0, 0, 100], atol=1e-9)


def test_linear_lower_is_better_hand_worked() -> None:
    """Response time, threshold 20 s, target 5 s: 10 s -> 60 + 10 x 40/15 = 86.67;
    30 s -> 60 - 10 x 40/15 = 33.33; zero crossing 20 + 60 x 15/40 = 42.5 s."""
    got = nm.linear([10.0, 5.0, 30.0, 42.5, 60.0, 1.0], threshold=20, target=5)
    np.testing.assert_allclose(got, [260 / 3, 100, 100 / 3, 0, 0, 100], atol=1e-9)


def test_linear_per_column_parameters_and_missing() -> None:
    data = np.array([[99.45, 10.0], [np.nan, 30.0]])
    got = nm.linear(data, threshold=[99.0, 20.0], target=[99.9, 5.0])
    np.testing.assert_allclose(got, np.array([[80, 260 / 3], [np.nan, 100 / 3]]), atol=1e-9)


def test_linear_custom_anchor_scores_and_no_clip() -> None:
    got = nm.linear(
        [0.0, 10.0, 20.0], threshold=10, target=20, threshold_score=50, target_score=90, clip=False
    )
    np.testing.assert_allclose(got, [10, 50, 90])


def test_piecewise_table_from_format_sketch() -> None:
    """points [(1, 100), (3, 80), (10, 40), (30, 0)]: 2 s -> 90, 6.5 s -> 60, 20 s -> 20,
    flat beyond the ends (0.5 s -> 100, 60 s -> 0)."""
    pts = [(1, 100), (3, 80), (10, 40), (30, 0)]
    got = nm.piecewise([2, 6.5, 20, 0.5, 60, np.nan], pts)
    np.testing.assert_allclose(got, [90, 60, 20, 100, 0, np.nan])
    np.testing.assert_allclose(nm.piecewise([2.0], pts[::-1]), [90])  # order does not matter


def test_target_band_hand_worked() -> None:
    got = nm.target_band([21, 18, 17, 28, 30, np.nan], low=20, high=24, tolerance=4)
    np.testing.assert_allclose(got, [100, 50, 25, 0, 0, np.nan])


def test_ratio_both_directions_and_cap() -> None:
    np.testing.assert_allclose(nm.ratio([45, 90, 120], baseline=90), [50, 100, 100])
    np.testing.assert_allclose(
        nm.ratio([45, 90, 120], baseline=90, direction="lower"), [100, 100, 75]
    )
    np.testing.assert_allclose(nm.ratio([120], baseline=90, clip=False), [400 / 3])


def test_minmax_over_data_mixed_directions() -> None:
    data = np.array([[1.0, 10.0], [3.0, 20.0], [2.0, np.nan]])
    got = nm.minmax(data, ["higher", "lower"])
    np.testing.assert_allclose(got, np.array([[0, 100], [100, 0], [50, np.nan]]))


def test_zscore_sample_sd_and_t_display() -> None:
    """[2, 4, 6]: mean 4, sample s.d. 2, so z = -1, 0, 1; T-display 40, 50, 60."""
    np.testing.assert_allclose(nm.zscore([2, 4, 6]), [-1, 0, 1])
    np.testing.assert_allclose(nm.zscore([2, 4, 6], "lower"), [1, 0, -1])
    np.testing.assert_allclose(nm.zscore([2, 4, 6], to_scale=True), [40, 50, 60])


def test_rank_score_ties_and_missing() -> None:
    got = nm.rank_score([10, 30, 20, 20, np.nan])
    np.testing.assert_allclose(got, [0, 100, 50, 50, np.nan])
    np.testing.assert_allclose(nm.rank_score([10, 30, 20], "lower"), [100, 0, 50])
    np.testing.assert_allclose(nm.rank_score([7.0]), [50])


def test_likert_map_and_reverse() -> None:
    smap = {5: 100, 4: 80, 3: 60, 2: 40, 1: 20}
    np.testing.assert_allclose(nm.likert([5, 3, 1, np.nan], smap), [100, 60, 20, np.nan])
    np.testing.assert_allclose(nm.likert([5, 2], smap, reverse=True), [20, 80])


def test_registry_names_every_scorer() -> None:
    assert set(nm.SCORERS) == {
        "linear",
        "goalposts",
        "minmax",
        "target_band",
        "piecewise",
        "ratio",
        "zscore",
        "rank",
        "likert",
        "ahp_relative",
    }
    assert nm.SCORERS["linear"] is nm.linear


# --------------------------------------------------------------------------- properties

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
values = arrays(np.float64, st.integers(1, 30), elements=finite)


@settings(max_examples=60, deadline=None)
@given(values, finite, finite, st.booleans())
def test_bounded_scorers_stay_within_scale(x: np.ndarray, a: float, b: float, up: bool) -> None:
    if abs(a - b) < 1e-6 * max(1.0, abs(a), abs(b)):
        return
    lo, hi = min(a, b), max(a, b)
    direction = "higher" if up else "lower"
    scored = [
        nm.linear(x, threshold=a, target=b),
        nm.goalposts(x, lo=lo, hi=hi, direction=direction),
        nm.target_band(x, low=lo, high=hi, tolerance=hi - lo),
        nm.piecewise(x, [(lo, 0.0), (hi, 100.0)]),
        nm.ratio(np.abs(x) + 1.0, baseline=hi - lo, direction=direction),
        nm.rank_score(x, direction),
    ]
    if np.ptp(x) > 1e-9 * max(1.0, float(np.abs(x).max())):
        scored += [nm.minmax(x, direction), nm.zscore(x, direction, to_scale=True)]
    for s in scored:
        assert s.shape == x.shape
        assert np.all((s >= 0) & (s <= 100))


@settings(max_examples=60, deadline=None)
@given(values, finite, finite)
def test_linear_is_monotone_in_its_direction(x: np.ndarray, a: float, b: float) -> None:
    if abs(a - b) < 1e-6 * max(1.0, abs(a), abs(b)):
        return
    xs = np.sort(x)
    s = nm.linear(xs, threshold=a, target=b)
    steps = np.diff(s)
    assert np.all(steps >= -1e-9) if b > a else np.all(steps <= 1e-9)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (6, 3), elements=finite), st.permutations(range(6)))
def test_column_scorers_are_row_permutation_equivariant(x: np.ndarray, perm: list[int]) -> None:
    if np.any(np.ptp(x, axis=0) == 0):
        return
    for fn in (nm.minmax, nm.rank_score):
        np.testing.assert_allclose(fn(x[perm]), fn(x)[perm])


def test_missing_values_stay_missing_everywhere() -> None:
    x = np.array([1.0, np.nan, 3.0])
    for s in (
        nm.linear(x, threshold=1, target=3),
        nm.goalposts(x, lo=0, hi=4),
        nm.minmax(x),
        nm.target_band(x, low=1, high=2, tolerance=1),
        nm.piecewise(x, [(0, 0), (4, 100)]),
        nm.ratio(x, baseline=2),
        nm.zscore(x),
        nm.rank_score(x),
        nm.likert(x, {1: 0, 2: 50, 3: 100}),
    ):
        assert np.isnan(s[1]) and not np.isnan(s[0]) and not np.isnan(s[2])


# --------------------------------------------------------------------------- input errors


def test_infinite_value_is_located() -> None:
    with pytest.raises(InputError, match=r"x\[1\] = inf must be finite or NaN"):
        nm.linear([1.0, np.inf], threshold=0, target=1)


def test_threshold_equal_target_is_rejected() -> None:
    with pytest.raises(InputError, match=r"threshold == target == 5.0 at \[1\].*two different"):
        nm.linear([[1.0, 2.0]], threshold=[1, 5], target=[2, 5])


def test_anchor_scores_must_increase() -> None:
    with pytest.raises(InputError, match="threshold_score=90, target_score=80"):
        nm.linear([1.0], threshold=0, target=1, threshold_score=90, target_score=80)


def test_parameter_shape_must_match_indicators() -> None:
    with pytest.raises(InputError, match=r"threshold has shape \(3,\).*one value per indicator"):
        nm.linear(np.ones((4, 2)), threshold=[1, 2, 3], target=5)


def test_unknown_direction_lists_choices() -> None:
    with pytest.raises(InputError, match="direction 'up' is not one of higher, lower"):
        nm.goalposts([1.0], lo=0, hi=2, direction="up")


def test_goalposts_must_be_ordered() -> None:
    with pytest.raises(InputError, match="must be < hi"):
        nm.goalposts([1.0], lo=5, hi=2)


def test_minmax_constant_column_points_to_goalposts() -> None:
    with pytest.raises(InputError, match=r"indicator 1 is constant \(7.0\).*goalposts"):
        nm.minmax([[1.0, 7.0], [2.0, 7.0]])


def test_piecewise_duplicate_value_is_rejected() -> None:
    with pytest.raises(InputError, match=r"points value 3\.0 appears twice"):
        nm.piecewise([1.0], [(1, 100), (3, 80), (3, 70)])


def test_piecewise_scores_must_be_on_scale() -> None:
    with pytest.raises(InputError, match=r"must lie in \[0, 100\]"):
        nm.piecewise([1.0], [(1, 120), (3, 80)])


def test_ratio_needs_positive_baseline() -> None:
    with pytest.raises(InputError, match=r"baseline=0\.0 must be > 0"):
        nm.ratio([1.0], baseline=0)


def test_target_band_needs_positive_tolerance() -> None:
    with pytest.raises(InputError, match=r"tolerance=0\.0 must be > 0"):
        nm.target_band([1.0], low=0, high=2, tolerance=0)


def test_likert_unknown_answer_is_named() -> None:
    with pytest.raises(InputError, match=r"answer 6.0 is not in the score map.*mark it missing"):
        nm.likert([5, 6], {1: 0, 5: 100})


def test_ahp_relative_needs_reciprocal_matrix() -> None:
    with pytest.raises(
        InputError, match=r"matrix\[1, 0\] = 0\.5 is not the reciprocal of matrix\[0, 1\] = 3"
    ):
        nm.ahp_relative(np.array([[1, 3], [0.5, 1]]))


def test_ahp_relative_needs_positive_judgments() -> None:
    with pytest.raises(
        InputError, match=r"matrix\[0, 1\] = -3 must be > 0; pairwise judgments are positive"
    ):
        nm.ahp_relative(np.array([[1, -3], [-1 / 3, 1]]))


def test_ahp_relative_unknown_mode() -> None:
    with pytest.raises(InputError, match="mode 'global' is not one of distributive, ideal"):
        nm.ahp_relative([1.0, 2.0], "global")  # type: ignore[arg-type]


def test_minmax_by_batches_with_bounds_equals_minmax_of_the_whole() -> None:
    """The statistics pass (minmax_bounds) and the scoring pass (minmax(bounds=)) of a streamed
    evaluation give the numbers of one whole-matrix call, bit for bit."""
    from qualindex.evaluate.normalise import minmax_bounds

    rng = np.random.default_rng(11)
    x = rng.uniform(-5.0, 80.0, (1000, 4))
    x[rng.random(x.shape) < 0.1] = np.nan
    directions = ["higher", "lower", "lower", "higher"]
    whole = nm.minmax(x, directions)
    parts = [x[i : i + 97] for i in range(0, 1000, 97)]
    lo = np.fmin.reduce([minmax_bounds(p)[0] for p in parts])
    hi = np.fmax.reduce([minmax_bounds(p)[1] for p in parts])
    scored = np.vstack([nm.minmax(p, directions, bounds=(lo, hi)) for p in parts])
    np.testing.assert_array_equal(scored, whole)
    np.testing.assert_array_equal(np.nanmin(x, axis=0), lo)


def test_minmax_bounds_reject_infinity_and_empty_columns() -> None:
    from qualindex.evaluate.normalise import minmax_bounds

    with pytest.raises(InputError, match=r"x\[1, 0\] = inf must be finite or NaN"):
        minmax_bounds([[1.0, 2.0], [np.inf, 3.0]])
    with pytest.raises(InputError, match="no observed value"):
        nm.minmax([[1.0, np.nan], [2.0, np.nan]])
    with pytest.raises(InputError, match="lo <= hi"):
        nm.minmax([[1.0], [2.0]], bounds=([3.0], [1.0]))
