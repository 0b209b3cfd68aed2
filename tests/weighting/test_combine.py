"""Combining subjective and objective weights: worked examples, invariants, input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.combine import (
    linear_combination,
    min_entropy_combination,
    multiplicative_combination,
)

# "最简朴的权重计算方法" (m.zixin.com.cn/doc/4737296), mate-selection index with four indicators
# (appearance, character, achievement, potential).  Table 2: three experts allocate 100 points,
# printed means 30, 26.67, 23.33, 20, and step 3 divides them by 100 -> expert weights;
# Table 1: 100 students' importance ratings -> printed survey weights 0.266, 0.234, 0.226, 0.274.
ZIXIN_EXPERT = [0.30, 0.2667, 0.2333, 0.20]
ZIXIN_SURVEY = [0.266, 0.234, 0.226, 0.274]


def test_combinations_of_published_weight_vectors_zixin() -> None:
    """Combine the two published weight vectors of the zixin.com.cn worked example.

    The source prints both input vectors (to 3-4 decimals) but combines neither, and no
    published combined weights were found for any of the three rules; the expected values are
    therefore the rules applied by hand to the printed inputs, written out term by term.
    Both inputs already sum to 1, so the normalisation step does not change them.
    """
    ws, wo = ZIXIN_EXPERT, ZIXIN_SURVEY
    linear = [0.5 * 0.30 + 0.5 * 0.266, 0.5 * 0.2667 + 0.5 * 0.234]
    linear += [0.5 * 0.2333 + 0.5 * 0.226, 0.5 * 0.20 + 0.5 * 0.274]
    np.testing.assert_allclose(linear_combination(ws, wo, alpha=0.5), linear, rtol=1e-12)

    products = [0.30 * 0.266, 0.2667 * 0.234, 0.2333 * 0.226, 0.20 * 0.274]
    expected = [p / sum(products) for p in products]
    np.testing.assert_allclose(multiplicative_combination(ws, wo), expected, rtol=1e-12)

    roots = [p**0.5 for p in products]
    expected = [r / sum(roots) for r in roots]
    np.testing.assert_allclose(min_entropy_combination(ws, wo), expected, rtol=1e-12)


def test_hand_worked_three_criteria() -> None:
    """Mirror-image inputs (0.5, 0.3, 0.2) and (0.2, 0.3, 0.5), worked by hand.

    linear (alpha = 0.5): (0.35, 0.30, 0.35); product: (0.10, 0.09, 0.10) / 0.29;
    geometric mean: (sqrt 0.1, 0.3, sqrt 0.1) / (0.3 + 2 sqrt 0.1).
    """
    ws, wo = [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]
    np.testing.assert_allclose(linear_combination(ws, wo, alpha=0.5), [0.35, 0.30, 0.35])
    np.testing.assert_allclose(
        multiplicative_combination(ws, wo), [0.10 / 0.29, 0.09 / 0.29, 0.10 / 0.29]
    )
    r = np.sqrt(0.1)
    den = 0.3 + 2 * r
    np.testing.assert_allclose(min_entropy_combination(ws, wo), [r / den, 0.3 / den, r / den])


def test_unnormalised_inputs_are_normalised_first() -> None:
    # Raw importance scores (3, 5, 2) are the weights (0.3, 0.5, 0.2).
    got = linear_combination([3, 5, 2], [0.3, 0.5, 0.2], alpha=0.25)
    np.testing.assert_allclose(got, [0.3, 0.5, 0.2])


# --------------------------------------------------------------------------- invariants


@st.composite
def weight_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 7))
    ws = draw(arrays(np.float64, n, elements=st.floats(0.001, 1.0)))
    wo = draw(arrays(np.float64, n, elements=st.floats(0.001, 1.0)))
    return ws / ws.sum(), wo / wo.sum()


@settings(max_examples=60, deadline=None)
@given(pair=weight_pairs(), alpha=st.floats(0.0, 1.0))
def test_results_are_distributions(pair: tuple[np.ndarray, np.ndarray], alpha: float) -> None:
    ws, wo = pair
    for w in (
        linear_combination(ws, wo, alpha=alpha),
        multiplicative_combination(ws, wo),
        min_entropy_combination(ws, wo, alpha=alpha),
    ):
        assert np.all(w >= 0)
        assert w.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(pair=weight_pairs())
def test_alpha_one_returns_subjective_and_zero_objective(
    pair: tuple[np.ndarray, np.ndarray],
) -> None:
    ws, wo = pair
    np.testing.assert_allclose(linear_combination(ws, wo, alpha=1.0), ws, rtol=1e-12)
    np.testing.assert_allclose(min_entropy_combination(ws, wo, alpha=1.0), ws, rtol=1e-12)
    np.testing.assert_allclose(linear_combination(ws, wo, alpha=0.0), wo, rtol=1e-12)
    np.testing.assert_allclose(min_entropy_combination(ws, wo, alpha=0.0), wo, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(pair=weight_pairs(), alpha=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_permuting_criteria_permutes_result(
    pair: tuple[np.ndarray, np.ndarray], alpha: float, seed: int
) -> None:
    ws, wo = pair
    p = np.random.default_rng(seed).permutation(ws.size)
    for f in (
        lambda a, b: linear_combination(a, b, alpha=alpha),
        multiplicative_combination,
        lambda a, b: min_entropy_combination(a, b, alpha=alpha),
    ):
        np.testing.assert_allclose(f(ws[p], wo[p]), f(ws, wo)[p], rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(pair=weight_pairs(), alpha=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_min_entropy_combination_minimises_its_objective(
    pair: tuple[np.ndarray, np.ndarray], alpha: float, seed: int
) -> None:
    """The closed form beats random points of the simplex on the stated objective."""
    ws, wo = pair

    def objective(w: np.ndarray) -> float:
        return float(alpha * np.sum(w * np.log(w / ws)) + (1 - alpha) * np.sum(w * np.log(w / wo)))

    best = objective(min_entropy_combination(ws, wo, alpha=alpha))
    rng = np.random.default_rng(seed)
    for _ in range(20):
        trial = rng.dirichlet(np.ones(ws.size))
        assume(np.all(trial > 0))
        assert best <= objective(trial) + 1e-12


def test_multiplicative_zero_on_either_side_removes_criterion() -> None:
    w = multiplicative_combination([0.5, 0.5, 0.0], [0.2, 0.3, 0.5])
    np.testing.assert_allclose(w, [0.4, 0.6, 0.0])


# --------------------------------------------------------------------------- bad input


def test_length_mismatch_names_both_lengths() -> None:
    with pytest.raises(InputError, match=r"w_subj has 3 weights but w_obj has 2"):
        linear_combination([0.2, 0.3, 0.5], [0.5, 0.5], alpha=0.5)


def test_negative_weight_is_located() -> None:
    with pytest.raises(InputError, match=r"w_obj\[1\] = -0.1 is not a finite non-negative"):
        multiplicative_combination([0.5, 0.5], [1.1, -0.1])


def test_alpha_outside_unit_interval() -> None:
    with pytest.raises(InputError, match=r"alpha = 1.5 must lie in \[0, 1\]"):
        linear_combination([0.5, 0.5], [0.5, 0.5], alpha=1.5)


def test_disjoint_supports_point_to_linear_combination() -> None:
    with pytest.raises(InputError, match=r"product is zero everywhere; use linear_combination"):
        multiplicative_combination([1.0, 0.0], [0.0, 1.0])


def test_all_zero_vector_rejected() -> None:
    with pytest.raises(InputError, match=r"w_subj sums to 0"):
        min_entropy_combination([0.0, 0.0], [0.5, 0.5])


def test_matrix_input_rejected() -> None:
    with pytest.raises(InputError, match=r"expected a non-empty 1-D weight vector"):
        linear_combination([[0.5, 0.5]], [0.5, 0.5], alpha=0.5)
