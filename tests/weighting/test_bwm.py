"""Best-Worst Method: Rezaei's published car example, consistency index, invariants, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.bwm import (
    CONSISTENCY_INDEX,
    bwm,
    bwm_linear,
    bwm_nonlinear,
    consistency_index,
)

# Rezaei (2016), Omega 64, 126-130: buying a car; criteria quality, price, comfort, safety, style;
# best = price (index 1), worst = style (index 4).
BEST, WORST = 1, 4
EX1_BO, EX1_OW = [2, 1, 4, 2, 8], [4, 8, 2, 4, 1]  # Table 2, fully consistent
EX2_BO, EX2_OW = [2, 1, 4, 3, 8], [4, 8, 2, 3, 1]  # Table 3
EX3_BO, EX3_OW = [2, 1, 4, 3, 8], [4, 8, 4, 2, 1]  # Table 4

FOUR_DP = 5e-5 + 1e-9


def test_bwm_rezaei_2016_car_example1_consistent() -> None:
    """Rezaei, J. (2016). Best-worst multi-criteria decision-making method: Some properties and a
    linear model. *Omega* 64, 126-130, Table 2 (car example, fully consistent:
    a_Bj * a_jW = a_BW = 8 for every j).

    Published: weights 0.2105, 0.4211, 0.1053, 0.2105, 0.0526 (4 decimals) and xi = 0 for both
    models; the consistent solution is unique, so the non-linear interval collapses to it.
    """
    published = [0.2105, 0.4211, 0.1053, 0.2105, 0.0526]
    for model in ("linear", "nonlinear"):
        res = bwm(EX1_BO, EX1_OW, best=BEST, worst=WORST, model=model)  # type: ignore[arg-type]
        np.testing.assert_allclose(res.weights, published, rtol=0, atol=FOUR_DP)
        assert res.xi == pytest.approx(0.0, abs=1e-8)
    nl = bwm_nonlinear(EX1_BO, EX1_OW, best=BEST, worst=WORST)
    np.testing.assert_allclose(nl.upper - nl.lower, 0.0, atol=1e-6)
    assert nl.consistency_ratio == pytest.approx(0.0, abs=1e-8)


def test_bwm_linear_rezaei_2016_car_example2() -> None:
    """Rezaei (2016), *Omega* 64, Sec. 4, linear model (19) on the Table 3 vectors.

    Published: w = (0.2295, 0.4481, 0.1148, 0.1530, 0.0546) and xi^L = 0.0109, 4 decimals.
    """
    res = bwm_linear(EX2_BO, EX2_OW, best=BEST, worst=WORST)
    np.testing.assert_allclose(
        res.weights, [0.2295, 0.4481, 0.1148, 0.1530, 0.0546], rtol=0, atol=FOUR_DP
    )
    assert res.xi == pytest.approx(0.0109, abs=FOUR_DP)
    assert res.consistency_index == 4.47 and res.cr_convention == "xi^L/CI (R package BWM)"


def test_bwm_linear_cr_r_package_bwm() -> None:
    """R package BWM (J. Tomczak), tests/testthat/test-example-data.R: for the car
    vectors calculateWeights gives w = (0.22950820, 0.44808743, 0.11475410, 0.15300546,
    0.05464481) and consistencyRatio = xi^L / CI(8) = 0.002444958 (tolerance 1e-8 there);
    the consistent vectors give CR 0 and w = (4, 8, 2, 4, 1) / 19."""
    res = bwm(EX2_BO, EX2_OW, best=BEST, worst=WORST, model="linear")
    np.testing.assert_allclose(
        res.weights, [0.22950820, 0.44808743, 0.11475410, 0.15300546, 0.05464481], atol=1e-8
    )
    assert res.consistency_ratio == pytest.approx(0.002444958, abs=1e-8)
    consistent = bwm(EX1_BO, EX1_OW, best=BEST, worst=WORST, model="linear")
    np.testing.assert_allclose(consistent.weights, np.array([4, 8, 2, 4, 1]) / 19, atol=1e-8)
    assert consistent.consistency_ratio == pytest.approx(0.0, abs=1e-8)
    nonlinear = bwm(EX2_BO, EX2_OW, best=BEST, worst=WORST)
    assert nonlinear.cr_convention == "xi*/CI (Rezaei 2015)"
    assert nonlinear.consistency_ratio > 10 * res.consistency_ratio  # not comparable scales


def test_bwm_nonlinear_rezaei_2016_car_example2_intervals() -> None:
    """Rezaei (2016), *Omega* 64, Sec. 3: the non-linear model (Rezaei 2015) on Table 3 has
    multiple optima; xi* = 0.1459 and the optimal weights span
    w1 in [0.2145, 0.2289], w2 in [0.4461, 0.4571], w3 in [0.1085, 0.1176],
    w4 in [0.1563, 0.1602], w5 in [0.0548, 0.0561] (4 decimals).
    """
    res = bwm_nonlinear(EX2_BO, EX2_OW, best=BEST, worst=WORST)
    assert res.xi == pytest.approx(0.1459, abs=FOUR_DP)
    np.testing.assert_allclose(
        res.lower, [0.2145, 0.4461, 0.1085, 0.1563, 0.0548], rtol=0, atol=FOUR_DP
    )
    np.testing.assert_allclose(
        res.upper, [0.2289, 0.4571, 0.1176, 0.1602, 0.0561], rtol=0, atol=FOUR_DP
    )
    assert np.all(res.lower <= res.weights + 1e-12) and np.all(res.weights <= res.upper + 1e-12)
    assert res.consistency_index == CONSISTENCY_INDEX[8]
    assert res.consistency_ratio == pytest.approx(res.xi / 4.47)


def test_bwm_nonlinear_rezaei_2016_car_example3() -> None:
    """Rezaei (2016), *Omega* 64, Table 4: OW has comfort 4 and safety 2 while BO rates safety 3,
    a deliberately inconsistent case; the paper reports xi* = 1 for the non-linear model."""
    res = bwm_nonlinear(EX3_BO, EX3_OW, best=BEST, worst=WORST)
    assert res.xi == pytest.approx(1.0, abs=1e-6)


def test_consistency_index_rezaei_2015_table() -> None:
    """Rezaei (2015), *Omega* 53, 49-57 (restated in Rezaei 2016, Table 1): CI for a_BW = 1..9 is
    0, 0.44, 1.00, 1.63, 2.30, 3.00, 3.73, 4.47, 5.23 (2 decimals).

    CI is defined as the xi* of the most inconsistent input, a_Bj = a_jW = a_BW for a middle
    criterion j; solving that input with the non-linear model must reproduce the table, and the
    closed form used for non-integer a_BW must round to it.
    """
    published = [0.00, 0.44, 1.00, 1.63, 2.30, 3.00, 3.73, 4.47, 5.23]
    assert [consistency_index(a) for a in range(1, 10)] == published
    for a, ci in zip(range(2, 10), published[1:], strict=True):
        res = bwm_nonlinear([1, a, a], [a, a, 1], best=0, worst=2)
        assert res.xi == pytest.approx(ci, abs=5e-3 + 1e-9)
        assert consistency_index(a + 1e-12) == pytest.approx(ci, abs=5e-3)


def test_consistency_ratio_can_exceed_one() -> None:
    """The CI table is xi* of one worst case (a_Bj = a_jW = a_BW), not a bound over all inputs.

    BO = (1, 1, 2, 2), OW = (2, 1, 2, 1), best 0, worst 3, a_BW = 2: criterion 1 is judged equal
    to the best *and* to the worst.  Worked by hand with x = w_B/w_W, y_j = w_j/w_W: criterion 1
    gives x <= (1 + xi) y_1 <= (1 + xi)^2, criterion 2 gives x >= (2 - xi) y_2 >= (2 - xi)^2, so
    xi >= 1/2; at xi = 1/2 everything holds with x = 2.25, y_1 = y_2 = 1.5, i.e. the unique
    weights (2.25, 1.5, 1.5, 1) / 6.25.  CR = 0.5 / 0.44 > 1.
    """
    res = bwm_nonlinear([1, 1, 2, 2], [2, 1, 2, 1], best=0, worst=3)
    assert res.xi == pytest.approx(0.5, abs=1e-7)
    np.testing.assert_allclose(res.weights, [0.36, 0.24, 0.24, 0.16], atol=1e-6)
    assert res.consistency_ratio == pytest.approx(0.5 / 0.44, abs=1e-6)


# --------------------------------------------------------------------------- invariants


@st.composite
def consistent_inputs(draw: st.DrawFn) -> tuple[np.ndarray, list[float], list[float], int, int]:
    n = draw(st.integers(3, 6))
    w = draw(arrays(np.float64, n, elements=st.floats(0.05, 1.0), unique=True))
    w = w / w.sum()
    best, worst = int(np.argmax(w)), int(np.argmin(w))
    a_b = [float(w[best] / w[j]) for j in range(n)]
    a_w = [float(w[j] / w[worst]) for j in range(n)]
    a_b[best] = a_w[worst] = 1.0
    a_w[best] = a_b[worst]
    return w, a_b, a_w, best, worst


@settings(max_examples=15, deadline=None)
@given(data=consistent_inputs())
def test_consistent_input_gives_zero_xi_and_true_weights(
    data: tuple[np.ndarray, list[float], list[float], int, int],
) -> None:
    w, a_b, a_w, best, worst = data
    for model in ("linear", "nonlinear"):
        res = bwm(a_b, a_w, best=best, worst=worst, model=model)  # type: ignore[arg-type]
        assert res.xi == pytest.approx(0.0, abs=1e-7)
        np.testing.assert_allclose(res.weights, w, atol=1e-6)


@st.composite
def judgement_inputs(draw: st.DrawFn) -> tuple[list[int], list[int], int, int]:
    n = draw(st.integers(3, 5))
    best, worst = draw(st.permutations(range(n)))[:2]
    a_bw = draw(st.integers(2, 9))
    a_b = [draw(st.integers(1, a_bw)) for _ in range(n)]
    a_w = [draw(st.integers(1, a_bw)) for _ in range(n)]
    a_b[best], a_w[worst] = 1, 1
    a_b[worst] = a_w[best] = a_bw
    return a_b, a_w, best, worst


@settings(max_examples=15, deadline=None)
@given(data=judgement_inputs())
def test_nonlinear_weights_are_optimal_and_inside_intervals(
    data: tuple[list[int], list[int], int, int],
) -> None:
    a_b, a_w, best, worst = data
    res = bwm_nonlinear(a_b, a_w, best=best, worst=worst)
    w = res.weights
    assert np.all(w > 0) and w.sum() == pytest.approx(1.0)
    xi_at_w = max(
        max(abs(w[best] / w[j] - a_b[j]) for j in range(len(w))),
        max(abs(w[j] / w[worst] - a_w[j]) for j in range(len(w))),
    )
    assert xi_at_w <= res.xi + 1e-5
    assert np.all(res.lower <= w + 1e-9) and np.all(w <= res.upper + 1e-9)
    # CR >= 0 but not always <= 1: see test_consistency_ratio_can_exceed_one.
    assert res.consistency_ratio is not None and res.consistency_ratio >= 0


@settings(max_examples=15, deadline=None)
@given(data=judgement_inputs(), seed=st.integers(0, 2**32 - 1))
def test_linear_model_permutation_equivariant(
    data: tuple[list[int], list[int], int, int], seed: int
) -> None:
    a_b, a_w, best, worst = data
    p = np.random.default_rng(seed).permutation(len(a_b))
    inv = np.argsort(p)
    res = bwm_linear(a_b, a_w, best=best, worst=worst)
    perm = bwm_linear(
        [a_b[i] for i in p], [a_w[i] for i in p], best=int(inv[best]), worst=int(inv[worst])
    )
    assert perm.xi == pytest.approx(res.xi, abs=1e-9)
    np.testing.assert_allclose(perm.weights, res.weights[p], atol=1e-8)


def test_result_arrays_are_read_only() -> None:
    res = bwm_linear(EX2_BO, EX2_OW, best=BEST, worst=WORST)
    with pytest.raises(ValueError, match="read-only"):
        res.weights[0] = 0.5


# --------------------------------------------------------------------------- bad input


def test_best_self_comparison_must_be_one() -> None:
    with pytest.raises(InputError, match=r"best_to_others\[1\] = 2 must be 1"):
        bwm([2, 2, 4, 3, 8], EX2_OW, best=BEST, worst=WORST)


def test_worst_self_comparison_must_be_one() -> None:
    with pytest.raises(InputError, match=r"others_to_worst\[4\] = 3 must be 1"):
        bwm(EX2_BO, [4, 8, 2, 3, 3], best=BEST, worst=WORST)


def test_a_bw_must_agree() -> None:
    with pytest.raises(InputError, match=r"best_to_others\[4\] = 8 but others_to_worst\[1\] = 7"):
        bwm(EX2_BO, [4, 7, 2, 3, 1], best=BEST, worst=WORST)


def test_best_and_worst_must_differ() -> None:
    with pytest.raises(InputError, match=r"best and worst are both criterion 1"):
        bwm(EX2_BO, EX2_OW, best=1, worst=1)


def test_index_out_of_range() -> None:
    with pytest.raises(InputError, match=r"worst = 5 must be a criterion index in 0..4"):
        bwm(EX2_BO, EX2_OW, best=1, worst=5)


def test_comparison_below_one() -> None:
    with pytest.raises(InputError, match=r"best_to_others\[2\] = 0.5 must be a finite number >= 1"):
        bwm([2, 1, 0.5, 3, 8], EX2_OW, best=BEST, worst=WORST)


def test_length_mismatch() -> None:
    with pytest.raises(InputError, match=r"best_to_others has 5 entries but others_to_worst has 4"):
        bwm(EX2_BO, [4, 8, 2, 1], best=BEST, worst=WORST)


def test_a_bw_one_requires_all_ones() -> None:
    with pytest.raises(InputError, match=r"a_BW = 1 says the best and the worst"):
        bwm([1, 1, 2], [1, 1, 1], best=0, worst=1)


def test_unknown_model_lists_choices() -> None:
    with pytest.raises(InputError, match=r"model = 'exact' is not one of 'nonlinear', 'linear'"):
        bwm(EX2_BO, EX2_OW, best=BEST, worst=WORST, model="exact")  # type: ignore[arg-type]


def test_consistency_index_rejects_below_one() -> None:
    with pytest.raises(InputError, match=r"a_BW = 0.5 must be a finite number >= 1"):
        consistency_index(0.5)
