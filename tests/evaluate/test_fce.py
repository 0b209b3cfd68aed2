"""Fuzzy comprehensive evaluation: textbook examples, the seed survey, invariants, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.fce import fce, fce_multilevel, membership_from_counts

THREE_DP = 5e-4 + 1e-12

# Clothing evaluation (服装评判): factors colour, style, durability, price; grades
# very welcome / welcome / not very welcome / unwelcome (很欢迎/较欢迎/不太欢迎/不欢迎).
CLOTHING_R = np.array(
    [[0.2, 0.5, 0.2, 0.1], [0.7, 0.2, 0.1, 0.0], [0.0, 0.4, 0.5, 0.1], [0.2, 0.3, 0.5, 0.0]]
)

# Si Shoukui personnel appraisal (人事考核), two levels: 4 criteria with 4/5/5/4 factors,
# grades excellent/good/fair/poor/bad (优秀/良好/一般/较差/差).
PERSONNEL_R = [
    np.array(
        [
            [0.8, 0.15, 0.05, 0, 0],
            [0.2, 0.6, 0.1, 0.1, 0],
            [0.5, 0.4, 0.1, 0, 0],
            [0.1, 0.3, 0.5, 0.05, 0.05],
        ]
    ),
    np.array(
        [
            [0.3, 0.5, 0.15, 0.05, 0],
            [0.2, 0.2, 0.4, 0.1, 0.1],
            [0.4, 0.4, 0.1, 0.1, 0],
            [0.1, 0.3, 0.3, 0.2, 0.1],
            [0.3, 0.2, 0.2, 0.2, 0.1],
        ]
    ),
    np.array(
        [
            [0.1, 0.3, 0.5, 0.1, 0],
            [0.2, 0.3, 0.3, 0.1, 0.1],
            [0.2, 0.3, 0.35, 0.15, 0],
            [0.1, 0.3, 0.4, 0.1, 0.1],
            [0.1, 0.4, 0.3, 0.1, 0.1],
        ]
    ),
    np.array(
        [
            [0.3, 0.4, 0.2, 0.1, 0],
            [0.1, 0.4, 0.3, 0.1, 0.1],
            [0.2, 0.3, 0.4, 0.1, 0],
            [0.4, 0.3, 0.2, 0.1, 0],
        ]
    ),
]
PERSONNEL_W = [
    [0.2, 0.3, 0.3, 0.2],
    [0.3, 0.2, 0.1, 0.2, 0.2],
    [0.1, 0.2, 0.3, 0.2, 0.2],
    [0.3, 0.2, 0.2, 0.3],
]

# --------------------------------------------------------------------------- published examples


def test_fce_weighted_average_spssau_clothing() -> None:
    """SPSSAU help, "模糊综合评价" case (also blog.csdn.net/m0_37228052/article/details/
    122450039): a new clothing style judged on colour, style, price, durability and comfort
    over 很欢迎/欢迎/一般/不欢迎 with weights (0.1, 0.1, 0.15, 0.3, 0.35) and M(·,+).

    Published B = (0.205, 0.320, 0.390, 0.085) to 3 decimals; maximum membership "一般".
    """
    R = [
        [0.2, 0.5, 0.3, 0.0],
        [0.1, 0.3, 0.5, 0.1],
        [0.0, 0.1, 0.6, 0.3],
        [0.0, 0.4, 0.5, 0.1],
        [0.5, 0.3, 0.2, 0.0],
    ]
    r = fce([0.1, 0.1, 0.15, 0.3, 0.35], R, operator="M(·,⊕)")
    np.testing.assert_allclose(r.b, [0.205, 0.320, 0.390, 0.085], atol=THREE_DP)
    assert r.grade == 2
    np.testing.assert_allclose(r.max_membership, 0.390, atol=THREE_DP)


def test_fce_max_min_clothing_wang() -> None:
    """Clothing evaluation with the main-factor-decisive model M(∧,∨) (汪培庄 1983, 模糊集合论
    及其应用; the standard textbook example, e.g. e-com-net.com/article/1276296104417181696
    "Example8_4" and the MCM notes github.com/hiyouga/hiyouga-blog-project/issues/19).

    Two customer groups weight colour/style/durability/price as A1 = (0.1, 0.2, 0.3, 0.4) and
    A2 = (0.4, 0.35, 0.15, 0.1).  Published: B1 = (0.2, 0.3, 0.4, 0.1) -> 不太欢迎 and
    B2 = (0.35, 0.4, 0.2, 0.1) -> 较欢迎 (exact); B2 normalised (0.33, 0.38, 0.19, 0.1) to 2
    decimals.
    """
    b1 = fce([0.1, 0.2, 0.3, 0.4], CLOTHING_R, operator="M(∧,∨)", normalise=False)
    np.testing.assert_allclose(b1.b, [0.2, 0.3, 0.4, 0.1], atol=1e-12)
    assert b1.grade == 2
    b2 = fce([0.4, 0.35, 0.15, 0.1], CLOTHING_R, operator="min-max", normalise=False)
    np.testing.assert_allclose(b2.b, [0.35, 0.4, 0.2, 0.1], atol=1e-12)
    assert b2.grade == 1
    b2n = fce([0.4, 0.35, 0.15, 0.1], CLOTHING_R, operator="min-max")
    np.testing.assert_allclose(b2n.b, [0.33, 0.38, 0.19, 0.1], atol=5e-3)
    np.testing.assert_allclose(b2n.b_raw, b2.b)


def test_fce_weighted_average_si_shoukui_personnel_one_level() -> None:
    """司守奎, 孙兆亮 《数学建模算法与应用》 (国防工业出版社), fuzzy comprehensive evaluation
    chapter, "一级模糊综合评判在人事考核中的应用": political performance, ability, attitude
    and results weighted (0.25, 0.2, 0.25, 0.3) over 优秀/良好/一般/较差/差.

    Published B = A·R = (0.175, 0.53, 0.275, 0.02, 0) (exact to 3 decimals) -> 良好.
    """
    R = [
        [0.1, 0.5, 0.4, 0, 0],
        [0.2, 0.5, 0.2, 0.1, 0],
        [0.2, 0.5, 0.3, 0, 0],
        [0.2, 0.6, 0.2, 0, 0],
    ]
    r = fce([0.25, 0.2, 0.25, 0.3], R, operator="weighted-average")
    np.testing.assert_allclose(r.b, [0.175, 0.53, 0.275, 0.02, 0.0], atol=1e-12)
    assert r.grade == 1


def test_fce_two_level_si_shoukui_personnel() -> None:
    """司守奎, 孙兆亮 《数学建模算法与应用》, "多层次模糊综合评判在人事考核中的应用": 18 factors
    in 4 criteria (work performance, attitude, ability, learning), criterion weights (0.4,
    0.3, 0.2, 0.1) and factor weights per criterion; M(·,⊕) at both levels, each criterion's
    B becoming a membership row of the top level.

    Published B = (0.288, 0.354, 0.2355, 0.0865, 0.036) (exact to 4 decimals) -> 良好.
    """
    tree = ([0.4, 0.3, 0.2, 0.1], [(w, R) for w, R in zip(PERSONNEL_W, PERSONNEL_R, strict=True)])
    r = fce_multilevel(tree)
    np.testing.assert_allclose(r.b, [0.288, 0.354, 0.2355, 0.0865, 0.036], atol=1e-12)
    assert r.grade == 1
    assert len(r.children) == 4
    np.testing.assert_allclose(r.children[0].b, np.array(PERSONNEL_W[0]) @ PERSONNEL_R[0])


def test_fce_seed_survey_1000_respondents() -> None:
    """Seed digest section 4: 1,000 valid questionnaires, share satisfied/neutral/dissatisfied
    per dimension (service attitude, efficiency, professionalism, security, reliability).

    Documented weights: equal, 0.2 each (no weights are given in the source).  Grade values
    100 / 60 / 0 (satisfied / neutral / dissatisfied; a tool convention for a 3-grade set).
    Worked by hand with M(·,⊕):

    * satisfied    = (68.3 + 45.6 + 62.9 + 70.5 + 69.4) / 5 % = 316.7 / 5 % = 63.34 %
    * neutral      = (20.2 + 32.1 + 24.7 + 18.3 + 20.6) / 5 % = 115.9 / 5 % = 23.18 %
    * dissatisfied = (11.5 + 22.3 + 12.4 + 11.2 + 10.0) / 5 % =  67.4 / 5 % = 13.48 %

    B = (0.6334, 0.2318, 0.1348), maximum membership "satisfied" (0.6334); score
    100 x 0.6334 + 60 x 0.2318 = 63.34 + 13.908 = 77.248.  Per dimension the scores are
    attitude 68.3 + 0.6 x 20.2 = 80.42, efficiency 45.6 + 19.26 = 64.86, professionalism
    62.9 + 14.82 = 77.72, security 70.5 + 10.98 = 81.48, reliability 69.4 + 12.36 = 81.76:
    efficiency is the short board, as the source concludes.

    With AHP-style weights (0.25, 0.25, 0.2, 0.15, 0.15) instead: satisfied = 0.25 x 68.3 +
    0.25 x 45.6 + 0.2 x 62.9 + 0.15 x 70.5 + 0.15 x 69.4 = 17.075 + 11.4 + 12.58 + 10.575 +
    10.41 = 62.04 %; neutral = 5.05 + 8.025 + 4.94 + 2.745 + 3.09 = 23.85 %; dissatisfied
    = 2.875 + 5.575 + 2.48 + 1.68 + 1.5 = 14.11 %; score 62.04 + 0.6 x 23.85 = 76.35.
    """
    shares = [
        [68.3, 20.2, 11.5],
        [45.6, 32.1, 22.3],
        [62.9, 24.7, 12.4],
        [70.5, 18.3, 11.2],
        [69.4, 20.6, 10.0],
    ]
    R = membership_from_counts(shares)
    grades = [100, 60, 0]
    r = fce([0.2] * 5, R, grade_values=grades)
    np.testing.assert_allclose(r.b, [0.6334, 0.2318, 0.1348], atol=1e-12)
    assert r.grade == 0
    np.testing.assert_allclose(r.score, 77.248, atol=1e-9)
    per_dimension = [fce([1.0], R[i : i + 1], grade_values=grades).score for i in range(5)]
    np.testing.assert_allclose(per_dimension, [80.42, 64.86, 77.72, 81.48, 81.76], atol=1e-9)
    assert int(np.argmin(per_dimension)) == 1  # efficiency
    weighted = fce([0.25, 0.25, 0.2, 0.15, 0.15], R, grade_values=grades)
    np.testing.assert_allclose(weighted.b, [0.6204, 0.2385, 0.1411], atol=1e-12)
    np.testing.assert_allclose(weighted.score, 76.35, atol=1e-9)


# --------------------------------------------------------------------------- hand-worked


def test_other_operators_clothing_hand_worked() -> None:
    """Clothing data, A1 = (0.1, 0.2, 0.3, 0.4):

    * M(·,∨): b_j = max_i a_i r_ij = (max(.02, .14, 0, .08), max(.05, .04, .12, .12),
      max(.02, .02, .15, .20), max(.01, 0, .03, 0)) = (0.14, 0.12, 0.20, 0.03);
    * M(∧,⊕): b_j = min(1, sum_i min(a_i, r_ij)) = (.1+.2+0+.2, .1+.2+.3+.3, .1+.1+.3+.4,
      .1+0+.1+0) = (0.5, 0.9, 0.9, 0.2) - grades 1 and 2 tie; the first is reported.
    """
    a1 = [0.1, 0.2, 0.3, 0.4]
    pm = fce(a1, CLOTHING_R, operator="M(·,∨)", normalise=False)
    np.testing.assert_allclose(pm.b, [0.14, 0.12, 0.20, 0.03], atol=1e-12)
    ms = fce(a1, CLOTHING_R, operator="M(∧,⊕)", normalise=False)
    np.testing.assert_allclose(ms.b, [0.5, 0.9, 0.9, 0.2], atol=1e-12)
    assert ms.grade == 1
    np.testing.assert_allclose(fce(a1, CLOTHING_R, operator="product-max").b, pm.b / 0.49)


def test_membership_from_counts() -> None:
    np.testing.assert_allclose(
        membership_from_counts([[683, 202, 115], [0, 1, 3]]),
        [[0.683, 0.202, 0.115], [0, 0.25, 0.75]],
    )


def test_multilevel_accepts_mixed_rows_and_nodes() -> None:
    """A top level with one leaf row and one sub-node: B = 0.5 x (1, 0) + 0.5 x B_sub,
    B_sub = 0.5 x (0, 1) + 0.5 x (0.5, 0.5) = (0.25, 0.75) -> B = (0.625, 0.375)."""
    tree = ([1, 1], [[1.0, 0.0], ([1, 1], np.array([[0.0, 1.0], [0.5, 0.5]]))])
    r = fce_multilevel(tree)
    np.testing.assert_allclose(r.b, [0.625, 0.375])
    assert len(r.children) == 1


def test_result_arrays_are_read_only() -> None:
    r = fce([1, 1], [[0.5, 0.5], [1.0, 0.0]])
    assert not r.b.flags.writeable and not r.b_raw.flags.writeable
    assert np.isnan(r.score)


# --------------------------------------------------------------------------- properties


@st.composite
def fce_inputs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n, g = draw(st.integers(1, 6)), draw(st.integers(2, 5))
    counts = draw(arrays(np.float64, (n, g), elements=st.floats(0.0, 100.0)))
    counts[:, 0] += 1.0  # every factor has at least one answer
    w = draw(arrays(np.float64, (n,), elements=st.floats(0.01, 1.0)))
    return w / w.sum(), membership_from_counts(counts)


@settings(max_examples=100, deadline=None)
@given(fce_inputs())
def test_weighted_average_b_sums_to_one(case: tuple[np.ndarray, np.ndarray]) -> None:
    """M(·,⊕) with weights and membership rows summing to 1 gives sum(B) = 1 before any
    normalisation (a convex combination of probability vectors)."""
    w, R = case
    r = fce(w, R, normalise=False)
    np.testing.assert_allclose(r.b.sum(), 1.0, rtol=1e-12)
    assert np.all((r.b >= 0) & (r.b <= 1))


@settings(max_examples=100, deadline=None)
@given(fce_inputs(), st.sampled_from(["M(·,⊕)", "M(∧,∨)", "M(·,∨)", "M(∧,⊕)"]), st.data())
def test_reordering_factors_changes_nothing(
    case: tuple[np.ndarray, np.ndarray], op: str, data: st.DataObject
) -> None:
    w, R = case
    perm = data.draw(st.permutations(range(len(w))))
    a, b = fce(w, R, operator=op), fce(w[perm], R[perm], operator=op)
    np.testing.assert_allclose(a.b, b.b, atol=1e-12)
    np.testing.assert_allclose(a.b.sum(), 1.0)


# --------------------------------------------------------------------------- input errors


def test_membership_outside_unit_interval_points_to_counts() -> None:
    with pytest.raises(
        InputError,
        match=r"membership\[1, 0\] = 68\.3 must lie in \[0, 1\].*"
        r"membership_from_counts",
    ):
        fce([1, 1], [[0.5, 0.5], [68.3, 31.7]])


def test_weight_count_must_match_factors() -> None:
    with pytest.raises(InputError, match=r"weights has shape \(3,\) but membership has 2"):
        fce([1, 1, 1], [[0.5, 0.5], [1.0, 0.0]])


def test_unknown_operator_lists_choices() -> None:
    with pytest.raises(InputError, match=r"operator 'max-product' is not one of M\(·,⊕\)"):
        fce([1], [[1.0, 0.0]], operator="max-product")


def test_zero_count_row_is_named() -> None:
    with pytest.raises(InputError, match="row 1 of counts sums to 0"):
        membership_from_counts([[1, 2], [0, 0]])


def test_negative_count_is_located() -> None:
    with pytest.raises(InputError, match=r"counts\[0, 1\] = -2\.0 must be >= 0"):
        membership_from_counts([[1, -2]])


def test_grade_values_need_one_per_grade() -> None:
    with pytest.raises(InputError, match=r"one value per grade \(2\)"):
        fce([1], [[0.5, 0.5]], grade_values=[100, 50, 0])


def test_multilevel_rows_must_share_grades() -> None:
    with pytest.raises(InputError, match="all need g grades"):
        fce_multilevel(([1, 1], [[0.5, 0.5], [0.2, 0.3, 0.5]]))
