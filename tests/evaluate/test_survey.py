"""Survey kernels: published alpha, hand-worked scales, NPS, SERVQUAL, ACSI, screening."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate import survey as sv

# Real Statistics Using Excel, "Cronbach's Alpha", Example 1 (15 respondents x 10 questions,
# scores 1-7); the same data ship as pingouin's "cronbach_alpha" dataset (rows = respondents).
REAL_STATISTICS_ALPHA = np.array(
    [
        [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
        [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
        [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
        [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
        [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
        [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
        [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
        [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
        [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
        [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
        [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
        [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
        [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
        [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
        [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
    ],
    dtype=float,
)

# --------------------------------------------------------------------------- published examples


def test_cronbach_alpha_real_statistics_example_1() -> None:
    """Zaiontz, C. Real Statistics Using Excel, "Cronbach's Alpha" (real-statistics.com),
    Example 1, Figure 1: alpha = 0.59172 (5 decimals); pingouin's test suite checks the same
    data against R psych::alpha (0.592).  No blanks, so listwise deletion keeps all 15.
    """
    r = sv.cronbach_alpha(REAL_STATISTICS_ALPHA)
    np.testing.assert_allclose(r.alpha, 0.59172, atol=5e-6)
    assert (r.n_used, r.n_dropped) == (15, 0)


def test_nps_reichheld_definition() -> None:
    """Reichheld (2003): NPS = % promoters (9-10) - % detractors (0-6), on 0-10 answers.

    Ten answers 10, 10, 9, 9, 9, 8, 7, 6, 3, 0: 5 promoters (50 %), 2 passives, 3 detractors
    (30 %) -> NPS = +20 points; blanks are ignored.
    """
    answers = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0, np.nan]
    assert sv.nps(answers) == pytest.approx(20.0)
    assert sv.nps([9, 10]) == 100.0 and sv.nps([0, 6]) == -100.0


def test_acsi_formula_hand_worked() -> None:
    """ACSI = sum w_i (x_i - 1)/9 x 100 with weights normalised (Fornell et al. 1996).

    Item means 8.2, 7.6, 7.0 (overall satisfaction, vs expectation, vs ideal) with weights
    0.40, 0.35, 0.25: (0.4 x 7.2 + 0.35 x 6.6 + 0.25 x 6.0)/9 x 100 = (2.88 + 2.31 + 1.5)/9
    x 100 = 6.69/9 x 100 = 74.333.  Unnormalised weights 40/35/25 give the same; all items
    at 10 give 100 and all at 1 give 0.
    """
    assert sv.acsi_index([8.2, 7.6, 7.0], [0.4, 0.35, 0.25]) == pytest.approx(669 / 9)
    assert sv.acsi_index([8.2, 7.6, 7.0], [40, 35, 25]) == pytest.approx(669 / 9)
    assert sv.acsi_index([10, 10, 10], [1, 2, 3]) == pytest.approx(100.0)
    assert sv.acsi_index([1, 1, 1], [1, 2, 3]) == pytest.approx(0.0)


# --------------------------------------------------------------------------- hand-worked


def test_cronbach_alpha_and_if_dropped_hand_worked() -> None:
    """Items (columns) over 4 respondents: (1, 2, 3, 4), (2, 2, 4, 4), (3, 4, 4, 5).

    Item variances 5/3, 4/3, 2/3 (sum 11/3); totals 6, 8, 11, 13 with variance 29/3;
    alpha = 3/2 (1 - 11/29) = 27/29.  Dropping item 1: variances 4/3 + 2/3 = 2, totals
    5, 6, 8, 9 (variance 10/3), alpha = 2 (1 - 0.6) = 0.8; dropping item 2: 7/3 over 13/3,
    alpha = 12/13; dropping item 3: 3 over 17/3, alpha = 16/17.  A fifth respondent with a
    blank is removed (listwise deletion) and changes nothing.
    """
    X = np.array([[1, 2, 3], [2, 2, 4], [3, 4, 4], [4, 4, 5], [5, np.nan, 1]], dtype=float)
    r = sv.cronbach_alpha(X)
    np.testing.assert_allclose(r.alpha, 27 / 29, rtol=1e-12)
    np.testing.assert_allclose(r.alpha_if_dropped, [0.8, 12 / 13, 16 / 17], rtol=1e-12)
    assert (r.n_used, r.n_dropped) == (4, 1)
    assert not r.alpha_if_dropped.flags.writeable


def test_cronbach_alpha_by_dimension() -> None:
    X = REAL_STATISTICS_ALPHA
    parts = sv.cronbach_alpha_by_dimension(X, [[0, 1, 2], [3, 4, 5, 6]])
    assert len(parts) == 2
    np.testing.assert_allclose(parts[0].alpha, sv.cronbach_alpha(X[:, :3]).alpha)
    assert np.isnan(sv.cronbach_alpha(X[:, :2]).alpha_if_dropped).all()  # one item would remain


def test_score_answers_5_and_7_point_maps_with_reverse_items() -> None:
    """5-point 100/80/60/40/20; item 2 negatively worded: 2 -> 1 + 5 - 2 = 4 -> 80."""
    got = sv.score_answers(
        np.array([[5, 2], [1, np.nan]]), sv.LIKERT5_SCORES, reverse=[False, True]
    )
    np.testing.assert_allclose(got, np.array([[100, 80], [20, np.nan]]))
    np.testing.assert_allclose(sv.score_answers([7, 4, 1], sv.LIKERT7_SCORES), [100, 50, 0])
    assert sv.linear_score_map(5) == {1.0: 0.0, 2.0: 25.0, 3.0: 50.0, 4.0: 75.0, 5.0: 100.0}


def test_reverse_score_and_item_means() -> None:
    np.testing.assert_allclose(sv.reverse_score([1, 7, np.nan, 4], lo=1, hi=7), [7, 1, np.nan, 4])
    np.testing.assert_allclose(sv.item_means(np.array([[1, 4], [3, np.nan], [5, 2]])), [3, 3])


def test_top_box_shares() -> None:
    """Item 1 answers 5, 4, 3 (one blank): top-box 1/3, top-two-box 2/3."""
    X = np.array([[5, 4], [4, 4], [3, 5], [np.nan, 1]])
    np.testing.assert_allclose(sv.top_box(X, scale_max=5), [1 / 3, 1 / 4])
    np.testing.assert_allclose(sv.top_box(X, scale_max=5, boxes=2), [2 / 3, 3 / 4])


def test_servqual_gaps_hand_worked() -> None:
    """Two respondents, 4 items, dimensions {0, 1} and {2, 3} on the 7-point scale.

    P - E per respondent: (-1, -2, 0, 1) and (-3, 0, 1, 1); item gaps (-2, -1, 0.5, 1);
    dimension gaps -1.5 and 0.75; overall mean -0.375, or with weights 60/40:
    0.6 x -1.5 + 0.4 x 0.75 = -0.6.
    """
    P = [[5, 4, 6, 7], [3, 6, 7, 6]]
    E = [[6, 6, 6, 6], [6, 6, 6, 5]]
    r = sv.servqual_gaps(P, E, [[0, 1], [2, 3]])
    np.testing.assert_allclose(r.item_gaps, [-2, -1, 0.5, 1])
    np.testing.assert_allclose(r.dimension_gaps, [-1.5, 0.75])
    assert r.overall == pytest.approx(-0.375)
    assert sv.servqual_gaps(P, E, [[0, 1], [2, 3]], weights=[60, 40]).overall == pytest.approx(-0.6)


def test_invalid_responses_reasons() -> None:
    answers = np.array(
        [
            [1, 2, 3, 4],  # valid
            [3, 3, 3, 3],  # straight-lining
            [1, np.nan, np.nan, np.nan],  # 75 % blank
            [6, 1, 2, 3],  # out of range
            [1.5, 2, 2, 3],  # between scale points
        ]
    )
    r = sv.invalid_responses(answers, lo=1, hi=5, max_blank_share=0.5, straight_lining=True)
    assert r.invalid.tolist() == [False, True, True, True, True]
    assert r.reasons == ("", "straight-lining", "too many blanks", "out of range", "out of range")
    plain = sv.invalid_responses(answers, lo=1, hi=5, max_blank_share=0.5)
    assert not plain.straight_lining.any() and not plain.invalid[1]


# --------------------------------------------------------------------------- properties

likert_block = arrays(
    np.float64,
    st.tuples(st.integers(3, 12), st.integers(2, 6)),
    elements=st.integers(1, 7).map(float),
)


@settings(max_examples=80, deadline=None)
@given(likert_block, st.data())
def test_alpha_invariant_to_order_and_item_shift(X: np.ndarray, data: st.DataObject) -> None:
    if X.sum(axis=1).var() == 0:
        return
    base = sv.cronbach_alpha(X)
    rows = data.draw(st.permutations(range(X.shape[0])))
    cols = data.draw(st.permutations(range(X.shape[1])))
    moved = sv.cronbach_alpha(X[rows][:, cols] + 3.0)
    np.testing.assert_allclose(moved.alpha, base.alpha, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        moved.alpha_if_dropped, base.alpha_if_dropped[cols], rtol=1e-9, atol=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(likert_block)
def test_reverse_scoring_twice_is_the_identity(X: np.ndarray) -> None:
    np.testing.assert_allclose(sv.reverse_score(sv.reverse_score(X, lo=1, hi=7), lo=1, hi=7), X)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 40), elements=st.integers(0, 10).map(float)))
def test_nps_is_within_bounds(x: np.ndarray) -> None:
    assert -100.0 <= sv.nps(x) <= 100.0


# --------------------------------------------------------------------------- input errors


def test_nps_rejects_non_0_10_answers() -> None:
    with pytest.raises(InputError, match=r"rating 11\.0 is not an integer 0-10"):
        sv.nps([10, 11])


def test_alpha_needs_complete_respondents() -> None:
    with pytest.raises(InputError, match=r"only 1 respondent\(s\) answered every item"):
        sv.cronbach_alpha([[1.0, 2.0], [np.nan, 3.0]])


def test_alpha_zero_total_variance() -> None:
    with pytest.raises(InputError, match="zero variance"):
        sv.cronbach_alpha([[3, 3], [3, 3], [3, 3]])


def test_acsi_item_mean_off_scale() -> None:
    with pytest.raises(InputError, match=r"item mean 11\.0 is outside the scale \[1, 10\]"):
        sv.acsi_index([8.0, 11.0], [1, 1], scale_min=1, scale_max=10)


def test_servqual_shape_mismatch() -> None:
    with pytest.raises(InputError, match="must be the same respondents x items"):
        sv.servqual_gaps([[1, 2]], [[1, 2, 3]], [[0]])


def test_servqual_item_out_of_range() -> None:
    with pytest.raises(InputError, match=r"dimension items \[0, 5\] must be non-empty columns"):
        sv.servqual_gaps([[1, 2]], [[1, 2]], [[0, 5]])


def test_unknown_likert_point_is_named() -> None:
    with pytest.raises(InputError, match=r"answer 6\.0 is not in the score map"):
        sv.score_answers([[6]], sv.LIKERT5_SCORES)


def test_max_blank_share_is_a_share() -> None:
    with pytest.raises(InputError, match=r"max_blank_share=50 must lie in \[0, 1\]"):
        sv.invalid_responses([[1, 2]], lo=1, hi=5, max_blank_share=50)


# ------------------------------------------- Cronbach's alpha: listwise or pairwise (issue 12)

from pathlib import Path  # noqa: E402

from qualindex.evaluate.surveystats import cronbach_alpha_missing  # noqa: E402

BFI_A = Path(__file__).resolve().parents[1] / "data" / "psych_bfi_agreeableness.csv"


def _agreeableness() -> np.ndarray:
    """psych's ``bfi`` items A1-A5 (2800 respondents, 104 blanks), from data/bfi.rda of the
    psych package (CRAN mirror github.com/cran/psych), A1 reverse-keyed as 7 - A1."""
    x = np.genfromtxt(BFI_A, delimiter=",", skip_header=1)
    x[:, 0] = 7 - x[:, 0]
    return x


def test_alpha_pairwise_reproduces_psych_alpha_bfi_agreeableness() -> None:
    """psych::alpha(AgreeItems) (default use = "pairwise"), printed in the Psyc6263
    reliability demonstration (github.com/CaseyGio/Psyc6263, Wk05): raw_alpha 0.70,
    std.alpha 0.71, average_r 0.33; alpha if an item is dropped (raw) 0.72 0.62 0.60 0.69
    0.64; std.alpha if dropped, 3 decimals, 0.725 0.625 0.613 0.693 0.655.  Listwise
    deletion gives 0.627 / 0.694 / 0.657 for A2 / A4 / A5, so the last check tells the two
    treatments apart."""
    res = cronbach_alpha_missing(_agreeableness(), missing="pairwise")
    assert res.alpha == pytest.approx(0.70, abs=0.005)
    assert res.std_alpha == pytest.approx(0.71, abs=0.005)
    assert res.average_r == pytest.approx(0.33, abs=0.005)
    np.testing.assert_allclose(res.alpha_if_dropped, [0.72, 0.62, 0.60, 0.69, 0.64], atol=0.005)
    np.testing.assert_allclose(
        res.std_alpha_if_dropped, [0.725, 0.625, 0.613, 0.693, 0.655], atol=0.0005
    )
    assert res.missing == "pairwise" and res.n_used == 2800
    assert res.n_pairs[0, 0] == 2784 and res.n_pairs[1, 1] == 2773  # psych's item n


def test_alpha_listwise_equals_the_existing_kernel_and_differs_from_pairwise() -> None:
    x = _agreeableness()
    listwise = cronbach_alpha_missing(x, missing="listwise")
    assert listwise.alpha == pytest.approx(sv.cronbach_alpha(x).alpha, rel=1e-12)
    assert listwise.n_used == sv.cronbach_alpha(x).n_used == 2709
    pairwise = cronbach_alpha_missing(x, missing="pairwise")
    assert abs(listwise.std_alpha_if_dropped[1] - pairwise.std_alpha_if_dropped[1]) > 1e-3


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(3, 30), st.integers(2, 5)),
        elements=st.integers(1, 5).map(float),
    )
)
def test_alpha_listwise_and_pairwise_agree_without_blanks(x: np.ndarray) -> None:
    try:
        a = cronbach_alpha_missing(x, missing="listwise")
    except InputError:
        return  # zero variance: undefined either way
    b = cronbach_alpha_missing(x, missing="pairwise")
    np.testing.assert_allclose(
        [a.alpha, a.std_alpha, *a.alpha_if_dropped],
        [b.alpha, b.std_alpha, *b.alpha_if_dropped],
        rtol=1e-12, atol=1e-12, equal_nan=True,
    )  # fmt: skip


def test_alpha_missing_rejects_unknown_option() -> None:
    with pytest.raises(InputError, match="missing = 'mean' is not one of 'listwise', 'pair"):
        cronbach_alpha_missing([[1, 2], [2, 3]], missing="mean")
