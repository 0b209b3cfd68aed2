"""Expert scoring, Delphi statistics, Kendall's W, authority and survey importance weights."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.expert import (
    AUTHORITY_THRESHOLD,
    CA_TABLE,
    CA_TABLE_FLAT,
    CS_TABLE,
    authority,
    chi2_sf,
    delphi_stats,
    expert_score_weights,
    importance_weights,
    judgment_coefficient,
    kendall_w,
)

# NAG Library G08DAF example data: k = 3 comparisons (rows) of n = 10 objects, with ties.
NAG_G08DAF = [
    [1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
    [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
    [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
]

# "最简朴的权重计算方法" (m.zixin.com.cn/doc/4737296), Table 2: three experts allocate 100 points
# over four indicators (appearance, character, achievement, potential); rows are experts.
ZIXIN_EXPERTS = [[30, 20, 40, 10], [40, 20, 10, 30], [20, 40, 20, 20]]


# --------------------------------------------------------------------------- Kendall's W


def test_kendall_w_nag_g08daf() -> None:
    """NAG Library Manual, routine G08DAF (Kendall's coefficient of concordance), example
    program results (Mark 26.2): "Kendall's coefficient = 0.828, Significance = 0.008".

    The data contain tied scores in every comparison, so this checks the tie-corrected
    denominator; NAG prints both values to 3 decimals.  The significance is the chi-square
    approximation with n - 1 = 9 degrees of freedom.
    """
    res = kendall_w(NAG_G08DAF)
    assert res.w == pytest.approx(0.828, abs=5e-4)
    assert res.p_value == pytest.approx(0.008, abs=5e-4)
    assert res.df == 9
    assert res.chi2 == pytest.approx(3 * 9 * res.w)
    # Rank sums add up to m n (n + 1) / 2 whatever the ties.
    assert res.rank_sums.sum() == pytest.approx(3 * 10 * 11 / 2)


def test_kendall_w_tie_correction_on_and_off_siegel_1956() -> None:
    """Siegel (1956), *Nonparametric Statistics*, pp. 229-238 (and Siegel & Castellan 1988,
    ch. 9): three executives ranking six applicants, no ties, W = 0.16 whatever the
    correction; for the tied example (NAG G08DAF's data) S = 591 and W = 0.828 corrected.
    Without the correction the denominator is m^2 (n^3 - n) = 8910, so W = 12 * 591 / 8910
    (R irr::kendall(correct = FALSE), the default there)."""
    untied = [[1, 6, 3, 2, 5, 4], [1, 5, 6, 4, 2, 3], [6, 3, 2, 5, 4, 1]]
    for flag in (True, False):
        assert kendall_w(untied, tie_correction=flag).w == pytest.approx(0.16, abs=5e-3)
    corrected = kendall_w(NAG_G08DAF)
    plain = kendall_w(NAG_G08DAF, tie_correction=False)
    assert corrected.s == plain.s == 591.0 and corrected.tie_corrected and not plain.tie_corrected
    assert corrected.w == pytest.approx(0.828, abs=5e-4)
    assert plain.w == pytest.approx(12 * 591 / 8910, rel=1e-14)
    assert plain.chi2 == pytest.approx(3 * 9 * plain.w) and plain.p_value > corrected.p_value
    assert delphi_stats(NAG_G08DAF, tie_correction=False).kendall.w == plain.w  # type: ignore[union-attr]
    with pytest.raises(InputError, match="tie_correction = 1 must be True or False"):
        kendall_w(untied, tie_correction=1)  # type: ignore[arg-type]


def test_kendall_w_without_ties_hand_example() -> None:
    """Three experts ranking four items; worked by hand.

    Rank sums 3, 7, 8, 12 around the mean 7.5 give S = 20.25 + 0.25 + 0.25 + 20.25 = 41 and
    W = 12 * 41 / (9 * 60) = 492 / 540.
    """
    res = kendall_w([[1, 2, 3, 4], [1, 3, 2, 4], [1, 2, 3, 4]])
    np.testing.assert_allclose(res.rank_sums, [3, 7, 8, 12])
    assert res.s == pytest.approx(41.0)
    assert res.w == pytest.approx(492 / 540)
    assert res.tie_correction == 0


@st.composite
def score_matrices(draw: st.DrawFn) -> np.ndarray:
    m = draw(st.integers(2, 6))
    n = draw(st.integers(2, 7))
    return draw(arrays(np.float64, (m, n), elements=st.integers(1, 5).map(float)))


@settings(max_examples=80, deadline=None)
@given(scores=score_matrices())
def test_kendall_w_in_unit_interval(scores: np.ndarray) -> None:
    if all(np.ptp(row) == 0 for row in scores):
        with pytest.raises(InputError):
            kendall_w(scores)
        return
    res = kendall_w(scores)
    assert -1e-12 <= res.w <= 1 + 1e-12
    assert 0 <= res.p_value <= 1


@settings(max_examples=60, deadline=None)
@given(
    row=arrays(np.float64, st.integers(2, 8), elements=st.integers(1, 9).map(float)),
    m=st.integers(2, 6),
)
def test_identical_rankings_give_w_one_even_with_ties(row: np.ndarray, m: int) -> None:
    if np.ptp(row) == 0:
        return
    res = kendall_w(np.tile(row, (m, 1)))
    assert res.w == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(scores=score_matrices())
def test_kendall_w_same_for_ascending_and_descending_scores(scores: np.ndarray) -> None:
    if all(np.ptp(row) == 0 for row in scores):
        return
    assert kendall_w(scores).w == pytest.approx(kendall_w(-scores + 10).w, abs=1e-12)


def test_kendall_w_all_ties_is_undefined() -> None:
    with pytest.raises(InputError, match=r"Kendall's W is undefined"):
        kendall_w([[3, 3, 3], [5, 5, 5]])


def test_kendall_w_needs_two_experts() -> None:
    with pytest.raises(InputError, match=r"Kendall's W needs at least 2 experts \(rows\); got 1"):
        kendall_w([[1, 2, 3]])


# --------------------------------------------------------------------------- Delphi statistics


def test_delphi_stats_nist_numacc1() -> None:
    """NIST StRD Univariate Summary Statistics, data set NumAcc1 (Simon & Lesage 1989):
    y = 10000001, 10000003, 10000002; certified sample mean 10000002 (exact) and sample standard
    deviation with denominator n - 1 equal to 1 (exact).

    Read as three experts scoring one indicator: this pins down the ddof = 1 standard deviation.
    The full score is the observed maximum 10000003, given by one expert of three.
    """
    res = delphi_stats([[10000001.0], [10000003.0], [10000002.0]])
    assert res.mean[0] == 10000002.0
    assert res.sd[0] == pytest.approx(1.0, rel=1e-12)
    assert res.cv[0] == pytest.approx(1.0 / 10000002.0, rel=1e-12)
    assert res.full_score == 10000003.0
    assert res.full_score_frequency[0] == pytest.approx(1 / 3)
    assert res.kendall is None  # one indicator: nothing to rank


def test_delphi_stats_nist_numacc4() -> None:
    """NIST StRD NumAcc4: 10000000.2 followed by 500 pairs (10000000.1, 10000000.3); certified
    sample mean 10000000.2 and sample standard deviation 0.1 (both exact).

    1001 raters of one indicator; "higher difficulty" because the values differ only in the
    ninth significant digit.  Checked to 1e-9 relative (mean) and 1e-6 relative (SD).
    """
    y = np.array([10000000.2] + [10000000.1, 10000000.3] * 500)
    res = delphi_stats(y[:, None])
    assert res.mean[0] == pytest.approx(10000000.2, rel=1e-9)
    assert res.sd[0] == pytest.approx(0.1, rel=1e-6)


def test_delphi_stats_kendall_matches_nag() -> None:
    """The W reported with the Delphi statistics is kendall_w on the same matrix (NAG G08DAF)."""
    res = delphi_stats(NAG_G08DAF)
    assert res.kendall is not None
    assert res.kendall.w == pytest.approx(0.828, abs=5e-4)


def test_delphi_stats_full_score_frequency_hand_example() -> None:
    """Four experts on a 1-5 scale; worked by hand.  Column 0: two of four gave 5 -> 0.5;
    column 1: nobody gave 5 -> 0 (only visible when full_score=5 is passed; the observed maximum
    would be 5 anyway here).  Means 4.25 and 3.5; SD of column 1 = sqrt(1/3)."""
    scores = [[5, 4], [5, 3], [4, 4], [3, 3]]
    res = delphi_stats(scores, full_score=5)
    np.testing.assert_allclose(res.full_score_frequency, [0.5, 0.0])
    np.testing.assert_allclose(res.mean, [4.25, 3.5])
    assert res.sd[1] == pytest.approx(np.sqrt(1 / 3))


def test_delphi_stats_default_full_score_is_observed_maximum() -> None:
    res = delphi_stats([[4, 3], [4, 4], [2, 3]])
    assert res.full_score == 4
    np.testing.assert_allclose(res.full_score_frequency, [2 / 3, 1 / 3])


def test_delphi_stats_score_above_full_score() -> None:
    with pytest.raises(InputError, match=r"scores\[1, 0\] = 6 exceeds full_score = 5"):
        delphi_stats([[5, 4], [6, 3]], full_score=5)


def test_delphi_stats_missing_value_is_located() -> None:
    with pytest.raises(InputError, match=r"scores\[0, 1\] = nan is not finite; drop the rater"):
        delphi_stats([[5, float("nan")], [4, 3]])


def test_delphi_stats_zero_mean_indicator() -> None:
    with pytest.raises(InputError, match=r"indicator 1 has mean score 0"):
        delphi_stats([[5, 0], [4, 0]])


def test_delphi_stats_result_is_read_only() -> None:
    res = delphi_stats([[5, 4], [4, 3], [3, 5]])
    with pytest.raises(ValueError, match="read-only"):
        res.mean[0] = 0.0


# --------------------------------------------------------------------------- authority


def test_authority_bmj_open_delphi_table_4() -> None:
    """BMJ Open Delphi study (16 experts), Table 4 "Expert authority coefficients".

    Round 1 prints the working: Ca = (16*0.5 + 7*0.3 + 9*0.2 + 3*0.1 + 11*0.1 + 2*0.1 + 2*0.1
    + 8*0.1 + 6*0.1)/16 = 0.944, i.e. every expert's practice basis "high", theory high/medium
    7/9, literature high/medium/low 3/11/2 and intuition 2/8/6, all literature and intuition
    levels scored 0.1 (the CA_TABLE_FLAT variant); Cs = (1*1 + 12*0.8 + 3*0.6)/16 = 0.775;
    Cr = 0.860 (round 1) and 0.894 (round 2, from Ca 0.963 and Cs 0.825).

    The source averages the *rounded* Ca (0.944 + 0.775)/2 = 0.8595 -> 0.860; from the unrounded
    Ca 15.1/16 = 0.94375 the mean is 0.859375.  Round 2's printed working sums to 15.3/16 =
    0.956, not the printed 0.963, so only its printed Cr is checked.
    """
    t = CA_TABLE_FLAT
    counts = {
        ("practice", "high"): 16,
        ("theory", "high"): 7,
        ("theory", "medium"): 9,
        ("literature", "high"): 3,
        ("literature", "medium"): 11,
        ("literature", "low"): 2,
        ("intuition", "high"): 2,
        ("intuition", "medium"): 8,
        ("intuition", "low"): 6,
    }
    ca = sum(k * t[basis][level] for (basis, level), k in counts.items()) / 16
    cs = (1 * CS_TABLE["very_familiar"] + 12 * CS_TABLE["familiar"]) / 16
    cs += 3 * CS_TABLE["moderately_familiar"] / 16
    assert ca == pytest.approx(0.944, abs=5e-4)
    assert cs == pytest.approx(0.775, abs=5e-4)
    cr = authority([0.944, 0.963], [0.775, 0.825])
    np.testing.assert_allclose(cr, [0.860, 0.894], rtol=0, atol=5e-4 + 1e-9)
    assert np.all(cr >= AUTHORITY_THRESHOLD)


def test_judgment_coefficient_uses_table() -> None:
    levels = {"practice": "high", "theory": "high", "literature": "low", "intuition": "low"}
    assert judgment_coefficient(levels) == pytest.approx(0.5 + 0.3 + 0.05 + 0.05)
    assert judgment_coefficient(levels, table=CA_TABLE_FLAT) == pytest.approx(1.0)
    top = {b: "high" for b in CA_TABLE}
    assert judgment_coefficient(top) == pytest.approx(1.0)


def test_judgment_coefficient_rejects_unknown_level() -> None:
    levels = {"practice": "huge", "theory": "high", "literature": "low", "intuition": "low"}
    with pytest.raises(InputError, match=r"level 'huge' for basis 'practice' is not one of"):
        judgment_coefficient(levels)


def test_judgment_coefficient_requires_every_basis() -> None:
    with pytest.raises(InputError, match=r"missing \['intuition'\]"):
        judgment_coefficient({"practice": "high", "theory": "high", "literature": "low"})


def test_tables_are_immutable() -> None:
    with pytest.raises(TypeError):
        CS_TABLE["familiar"] = 0.9  # type: ignore[index]


@settings(max_examples=60, deadline=None)
@given(
    ca=arrays(np.float64, 5, elements=st.floats(0, 1)),
    cs=arrays(np.float64, 5, elements=st.floats(0, 1)),
)
def test_authority_is_the_mean_and_vectorised(ca: np.ndarray, cs: np.ndarray) -> None:
    cr = authority(ca, cs)
    assert cr.shape == (5,)
    np.testing.assert_allclose(cr, [(a + s) / 2 for a, s in zip(ca, cs, strict=True)])


def test_authority_scalar_and_range_check() -> None:
    assert float(authority(0.9, 0.8)) == pytest.approx(0.85)
    with pytest.raises(InputError, match=r"cs\[1\] = 1.2 must lie in \[0, 1\]"):
        authority([0.9, 0.9], [0.8, 1.2])


# --------------------------------------------------------------------------- expert score weights


def test_expert_score_weights_zixin_expert_table() -> None:
    """Document "最简朴的权重计算方法" (m.zixin.com.cn/doc/4737296), section "二、专家评估法",
    Table 2: three experts allocate 100 points over four indicators; the printed means are 30,
    26.67, 23.33, 20 and the weights are mean / 100.  The source rounds the means to 2 decimals,
    i.e. the weights to 4.
    """
    w = expert_score_weights(ZIXIN_EXPERTS)
    np.testing.assert_allclose(w, [0.30, 0.2667, 0.2333, 0.20], rtol=0, atol=5e-5 + 1e-12)


def test_expert_weights_hand_example() -> None:
    """Expert weights 2:1 on two experts: means (2*1 + 3)/3 = 5/3 and (2*3 + 1)/3 = 7/3."""
    w = expert_score_weights([[1, 3], [3, 1]], expert_weights=[2, 1])
    np.testing.assert_allclose(w, [5 / 12, 7 / 12])


@settings(max_examples=60, deadline=None)
@given(scores=score_matrices(), scale=st.floats(0.1, 10.0))
def test_equal_expert_weights_change_nothing(scores: np.ndarray, scale: float) -> None:
    plain = expert_score_weights(scores)
    weighted = expert_score_weights(scores, expert_weights=np.full(scores.shape[0], scale))
    np.testing.assert_allclose(weighted, plain, rtol=1e-12)
    assert plain.sum() == pytest.approx(1.0)
    assert np.all(plain >= 0)


@settings(max_examples=60, deadline=None)
@given(scores=score_matrices(), seed=st.integers(0, 2**32 - 1))
def test_expert_score_weights_permutation(scores: np.ndarray, seed: int) -> None:
    p = np.random.default_rng(seed).permutation(scores.shape[1])
    np.testing.assert_allclose(
        expert_score_weights(scores[:, p]), expert_score_weights(scores)[p], rtol=1e-12
    )


def test_expert_weights_length_mismatch() -> None:
    with pytest.raises(InputError, match=r"expert_weights has 3 entries but scores has 2 experts"):
        expert_score_weights([[1, 2], [3, 4]], expert_weights=[1, 1, 1])


def test_negative_score_suggests_shifting() -> None:
    with pytest.raises(InputError, match=r"scores\[1, 1\] = -1 is negative.*shift a bipolar"):
        expert_score_weights([[1, 2], [3, -1]])


# --------------------------------------------------------------------------- importance weights


def test_importance_weights_zixin_expert_table() -> None:
    """Same published 100-point table read as importance ratings on a 0-100 scale: the weights
    are the printed means 30, 26.67, 23.33, 20 over their sum 100 (source rounds to 2 dp)."""
    res = importance_weights(ZIXIN_EXPERTS, scale_min=0, scale_max=100)
    np.testing.assert_allclose(res.mean, [30, 26.67, 23.33, 20], rtol=0, atol=5e-3 + 1e-12)
    np.testing.assert_allclose(res.weights, [0.30, 0.2667, 0.2333, 0.20], atol=5e-5 + 1e-12)
    np.testing.assert_array_equal(res.n_answers, [3, 3, 3, 3])


def test_importance_weights_skip_unanswered_cells() -> None:
    """Item 1 answered by two of three respondents: its mean is (4 + 2)/2 = 3, not 6/3 = 2.
    Means 4, 3, 5 -> weights 4/12, 3/12, 5/12."""
    nan = float("nan")
    res = importance_weights([[5, 4, 5], [3, nan, 5], [4, 2, 5]], scale_min=1, scale_max=5)
    np.testing.assert_allclose(res.mean, [4, 3, 5])
    np.testing.assert_allclose(res.weights, [4 / 12, 3 / 12, 5 / 12])
    np.testing.assert_array_equal(res.n_answers, [3, 2, 3])


def test_importance_rating_outside_scale() -> None:
    with pytest.raises(InputError, match=r"ratings\[0, 1\] = 55 is outside the scale \[1, 5\]"):
        importance_weights([[5, 55], [4, 4]], scale_min=1, scale_max=5)


def test_importance_item_without_answers() -> None:
    nan = float("nan")
    with pytest.raises(InputError, match=r"item 1 has no answers"):
        importance_weights([[5, nan], [4, nan]], scale_min=1, scale_max=5)


def test_importance_bipolar_scale_rejected() -> None:
    with pytest.raises(InputError, match=r"need 0 <= scale_min < scale_max"):
        importance_weights([[1, 2]], scale_min=-2, scale_max=2)


def test_importance_infinite_value_rejected() -> None:
    with pytest.raises(InputError, match=r"ratings\[0, 0\] = inf is not finite"):
        importance_weights([[float("inf"), 2]], scale_min=1, scale_max=5)


# Percentage points of the chi-square distribution, Abramowitz & Stegun (1964) Table 26.8
# (the upper 5 % and 1 % points): P(chi2_df > x) = Q at these x, to the table's 6 figures.
AS_TABLE_26_8 = [
    (1, 3.84146, 0.05), (1, 6.63490, 0.01), (2, 5.99146, 0.05), (2, 9.21034, 0.01),
    (10, 18.3070, 0.05), (10, 23.2093, 0.01), (30, 43.7730, 0.05), (30, 50.8922, 0.01),
    (100, 124.342, 0.05), (100, 135.807, 0.01),
]  # fmt: skip


@pytest.mark.parametrize(("df", "x", "q"), AS_TABLE_26_8)
def test_chi2_sf_abramowitz_stegun_table_26_8(df: int, x: float, q: float) -> None:
    """The tail at the tabled percentage points is the tabled probability (6 figures of x:
    the tail moves by at most 2e-6 within the rounding of x at these points)."""
    assert chi2_sf(df, x) == pytest.approx(q, abs=2e-6)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3000), st.floats(1e-6, 2e4, allow_nan=False))
def test_chi2_sf_equals_scipy_chdtrc(df: int, x: float) -> None:
    """The finite sums equal scipy's incomplete-gamma routine (the reference it replaces on
    the report's path) to 1e-11 relative wherever scipy's value is a normal float."""
    from scipy.special import chdtrc

    expected = float(chdtrc(df, x))
    got = chi2_sf(df, x)
    assert 0.0 <= got <= 1.0
    if expected > 1e-300:
        assert got == pytest.approx(expected, rel=1e-11, abs=0.0)


def test_chi2_sf_edges() -> None:
    """No tail below 0, the whole mass above; df must be a positive integer."""
    assert chi2_sf(3, 0.0) == 1.0
    assert chi2_sf(3, -1.0) == 1.0
    with pytest.raises(InputError, match="df"):
        chi2_sf(0, 1.0)
