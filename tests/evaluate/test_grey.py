"""Grey relational analysis: published worked examples, a corrected textbook solution,
invariants and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.grey import grey_incidence, grey_relational

FOUR_DP = 5e-5 + 1e-12
SIX_DP = 5e-7 + 1e-12

# 刘思峰《灰色系统理论及其应用》 chapter 3 exercise (p. 77 of the edition the solution cites).
LIU_X0 = [30.5, 34.7, 35.9, 38.2, 41.0]
LIU_X1 = [22.1, 25.4, 27.1, 28.3, 31.5]


def test_grey_absolute_degree_liu_sifeng_exercise_corrected() -> None:
    """刘思峰 et al., 灰色系统理论及其应用, ch. 3 exercise: absolute degree of grey incidence of
    X0 = (30.5, 34.7, 35.9, 38.2, 41) and X1 = (22.1, 25.4, 27.1, 28.3, 31.5).

    A circulated solution (360docs "灰色关联分析应用实例") reports 0.9323: it took successive
    differences (0, 4.2, 1.2, 2.3, 2.8) as the zero-starting-point image, so |s0| = 9.1,
    |s1| = 7.8. The definition x0(k) - x0(1) gives the image (0, 4.2, 5.4, 7.7, 10.5), so
    |s0| = 4.2 + 5.4 + 7.7 + 10.5/2 = 22.55, |s1| = 3.3 + 5.0 + 6.2 + 9.4/2 = 19.2,
    |s1 - s0| = 3.35 and epsilon = 42.75 / 46.10 = 0.9273 (4 decimals).
    """
    r = grey_incidence([LIU_X1], LIU_X0)
    assert r.s0 == pytest.approx(22.55, abs=1e-12)
    np.testing.assert_allclose(r.s, [19.2], atol=1e-12)
    np.testing.assert_allclose(r.s_diff, [3.35], atol=1e-12)
    np.testing.assert_allclose(r.degrees, [0.9273], atol=FOUR_DP)
    assert abs(r.degrees[0] - 0.9323) > 1e-3


def test_grey_absolute_degree_liu_sifeng_circulated_error_explained() -> None:
    """The circulated 0.9323 is what the formula gives when the successive differences are
    taken as the zero-starting-point images (|s0| = 9.1, |s1| = 7.8, |s1 - s0| = 1.3 in the
    circulated solution): feeding those images reproduces it, which locates the error."""
    wrong0 = np.concatenate([[0.0], np.diff(LIU_X0)])
    wrong1 = np.concatenate([[0.0], np.diff(LIU_X1)])
    r = grey_incidence([wrong1], wrong0)
    assert r.s0 == pytest.approx(9.1, abs=1e-12)
    np.testing.assert_allclose(r.s, [7.8], atol=1e-12)
    np.testing.assert_allclose(r.degrees, [0.9323], atol=FOUR_DP)


def test_grey_relative_degree_liu_sifeng_exercise_corrected() -> None:
    """Same exercise, relative degree: the circulated solution reports 0.9914 after using
    successive ratios (1, 1.138, 1.035, 1.064, 1.073) as the initial-value image. The
    definition x(k)/x(1) gives X0' = (1, 1.1377, 1.1770, 1.2525, 1.3443) and
    X1' = (1, 1.1493, 1.2262, 1.2805, 1.4253): |s0'| = 0.7393, |s1'| = 0.8688 and
    epsilon = 0.9527 (4 decimals)."""
    r = grey_incidence([LIU_X1], LIU_X0, kind="relative")
    assert r.s0 == pytest.approx(0.7393, abs=FOUR_DP)
    np.testing.assert_allclose(r.s, [0.8688], atol=FOUR_DP)
    np.testing.assert_allclose(r.degrees, [0.9527], atol=FOUR_DP)


SUPPLIERS = np.array(
    [
        [0.83, 0.90, 0.99, 0.92, 0.87, 0.95],
        [326, 295, 340, 287, 310, 303],
        [21, 38, 25, 19, 27, 10],
        [3.2, 2.4, 2.2, 2.0, 0.9, 1.7],
        [0.20, 0.25, 0.12, 0.33, 0.20, 0.09],
        [0.15, 0.20, 0.14, 0.09, 0.15, 0.17],
        [250, 180, 300, 200, 150, 175],
        [0.23, 0.15, 0.27, 0.30, 0.18, 0.26],
        [0.87, 0.95, 0.99, 0.89, 0.82, 0.94],
    ]
).T
SUPPLIER_DIRECTIONS = ["higher", "lower", "lower", "lower"] + ["higher"] * 5


def test_grey_relational_si_shoukui_supplier_example() -> None:
    """司守奎 & 孙玺菁, 数学建模算法与应用, ch. 14 example 14.5: six candidate suppliers on nine
    indicators (quality, price*, location*, after-sales*, technology, benefit, capacity,
    market influence, delivery; * = cost), min-max normalisation with directions,
    reference = per-indicator best, rho = 0.5, equal weights.

    Published (as printed to 6 decimals in a public reproduction of the example): grades
    0.462992, 0.555994, 0.649074, 0.652723, 0.493562, 0.613015, so supplier 4 is chosen
    (order 4, 3, 6, 2, 5, 1); first-indicator coefficients 0.333333, 0.470588, 1,
    0.533333, 0.4, 0.666667.
    """
    r = grey_relational(SUPPLIERS, directions=SUPPLIER_DIRECTIONS)
    np.testing.assert_allclose(
        r.grades, [0.462992, 0.555994, 0.649074, 0.652723, 0.493562, 0.613015], atol=SIX_DP
    )
    np.testing.assert_allclose(
        r.coefficients[:, 0], [0.333333, 0.470588, 1.0, 0.533333, 0.4, 0.666667], atol=SIX_DP
    )
    np.testing.assert_allclose(
        r.coefficients[:, 1], [0.404580, 0.768116, 0.333333, 1.0, 0.535354, 0.623529], atol=SIX_DP
    )
    assert r.ranks.tolist() == [6, 4, 2, 1, 5, 3]
    assert r.delta_min == 0.0 and r.delta_max == 1.0
    np.testing.assert_allclose(r.reference, np.ones(9))


def test_grey_relational_reference_entity_and_vector_agree() -> None:
    """A reference entity is the same as passing its row as the reference vector, and its own
    grade is 1."""
    by_entity = grey_relational(
        SUPPLIERS, reference="entity", reference_index=3, directions=SUPPLIER_DIRECTIONS
    )
    by_vector = grey_relational(
        SUPPLIERS, reference="vector", reference_vector=SUPPLIERS[3], directions=SUPPLIER_DIRECTIONS
    )
    np.testing.assert_allclose(by_entity.grades, by_vector.grades, rtol=1e-12)
    assert by_entity.grades[3] == pytest.approx(1.0)


def test_grey_relational_initial_value_factor_analysis_by_hand() -> None:
    """Factor use (刘思峰 ch. 3): initial-value images, reference = a given series.

    x0 = (2, 4, 6), x1 = (1, 2, 4), x2 = (3, 3, 3): images (1, 2, 3), (1, 2, 4), (1, 1, 1);
    deltas (0, 0, 1) and (0, 1, 2); dmin = 0, dmax = 2, rho = 0.5:
    xi1 = (1, 1, 0.5) -> 0.8333; xi2 = (1, 0.5, 1/3) -> 0.6111.
    """
    r = grey_relational(
        [[1, 2, 4], [3, 3, 3]],
        reference="vector",
        reference_vector=[2, 4, 6],
        normalisation="initial",
    )
    np.testing.assert_allclose(r.coefficients, [[1, 1, 0.5], [1, 0.5, 1 / 3]], rtol=1e-12)
    np.testing.assert_allclose(r.grades, [5 / 6, 11 / 18], rtol=1e-12)


def test_grey_relational_weights_and_rho() -> None:
    """Point weights replace the mean, and a smaller rho spreads the coefficients."""
    w = np.arange(1, 10, dtype=float)
    r = grey_relational(SUPPLIERS, directions=SUPPLIER_DIRECTIONS, weights=w)
    np.testing.assert_allclose(r.grades, r.coefficients @ (w / w.sum()), rtol=1e-12)
    wide = grey_relational(SUPPLIERS, directions=SUPPLIER_DIRECTIONS, rho=0.2)
    assert np.ptp(wide.grades) > np.ptp(
        grey_relational(SUPPLIERS, directions=SUPPLIER_DIRECTIONS).grades
    )


finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(1, 5)), elements=finite),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_grey_relational_grades_in_unit_interval_and_row_equivariant(
    x: np.ndarray, rho: float
) -> None:
    """Degrees lie in (0, 1]; permuting the entities permutes their grades."""
    r = grey_relational(x, rho=rho)
    assert np.all(r.coefficients > 0) and np.all(r.coefficients <= 1 + 1e-12)
    assert np.all(r.grades > 0) and np.all(r.grades <= 1 + 1e-12)
    perm = np.random.default_rng(x.shape[0] * 7 + x.shape[1]).permutation(x.shape[0])
    np.testing.assert_allclose(
        grey_relational(x[perm], rho=rho).grades, r.grades[perm], rtol=1e-10, atol=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 7)), elements=finite),
    arrays(np.float64, 7, elements=finite),
)
def test_grey_incidence_degrees_in_unit_interval(x: np.ndarray, ref: np.ndarray) -> None:
    """Absolute degrees lie in (0, 1] and equal 1 for the reference itself."""
    ref = ref[: x.shape[1]]
    r = grey_incidence(x, ref)
    assert np.all(r.degrees > 0) and np.all(r.degrees <= 1)
    assert grey_incidence(ref, ref).degrees[0] == 1.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rho": 0.0}, "rho"),
        ({"rho": 1.5}, "rho"),
        ({"normalisation": "zscore"}, "normalisation"),
        ({"reference": "entity"}, "reference_index"),
        ({"reference": "entity", "reference_index": 9}, "reference_index"),
        ({"reference": "vector"}, "reference_vector"),
        ({"reference": "vector", "reference_vector": [1, 2]}, "reference_vector"),
        ({"directions": ["higher"]}, "directions"),
        ({"weights": [1, -1, 1]}, "weights"),
    ],
)
def test_grey_relational_input_errors(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match):
        grey_relational([[1.0, 2.0, 3.0], [2.0, 3.0, 1.0]], **kwargs)  # type: ignore[arg-type]


def test_grey_input_errors_zero_divisors() -> None:
    with pytest.raises(InputError, match="initial"):
        grey_relational([[0.0, 1.0], [1.0, 2.0]], normalisation="initial")
    with pytest.raises(InputError, match="first value"):
        grey_incidence([[0.0, 1.0, 2.0]], [1.0, 2.0, 3.0], kind="relative")
    with pytest.raises(InputError, match="length"):
        grey_incidence([[1.0, 2.0, 3.0]], [1.0, 2.0])


def test_grey_results_are_read_only() -> None:
    r = grey_relational(SUPPLIERS, directions=SUPPLIER_DIRECTIONS)
    with pytest.raises(ValueError, match="read-only"):
        r.grades[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        grey_incidence([LIU_X1], LIU_X0).degrees[0] = 0.0
