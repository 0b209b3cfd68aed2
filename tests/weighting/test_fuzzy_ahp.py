"""Fuzzy AHP (Buckley 1985, Chang 1996): anchored and hand-worked examples, invariants, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.weighting.fuzzy_ahp import (
    TFN_SCALE,
    buckley_weights,
    chang_weights,
    check_fuzzy_matrix,
    fuzzy_ahp,
    middle_matrix,
    tfn_from_crisp,
)

SAATY_3X3 = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def _crisp_tfn(matrix: list[list[float]]) -> np.ndarray:
    a = np.asarray(matrix, dtype=float)
    return np.repeat(a[..., None], 3, axis=2)


# --------------------------------------------------------------------------- examples


def test_buckley_crisp_limit_saaty_3x3() -> None:
    """Saaty's 3 x 3 matrix (1, 3, 5 / 1/3, 1, 3 / 1/5, 1/3, 1) has the published priorities
    w = (0.637, 0.258, 0.105) (3 decimals; the AHP tests check the eigenvector).  For n = 3 the
    principal eigenvector equals the row geometric means (Crawford & Williams 1985), and
    Buckley's method on crisp triangular numbers (l = m = u) is the row geometric-mean method,
    so it must reproduce the published vector; the fuzzy weights collapse to points.
    """
    res = buckley_weights(_crisp_tfn(SAATY_3X3))
    np.testing.assert_allclose(res.weights, [0.637, 0.258, 0.105], rtol=0, atol=5e-4)
    np.testing.assert_allclose(res.fuzzy[:, 0], res.fuzzy[:, 2])


def test_buckley_hand_worked_2x2() -> None:
    """A = [(1,1,1) (2,3,4); (1/4,1/3,1/2) (1,1,1)], worked by hand.

    Row geometric means r1 = (sqrt 2, sqrt 3, 2), r2 = (1/2, 1/sqrt 3, 1/sqrt 2); their sums
    L = sqrt 2 + 1/2, M = sqrt 3 + 1/sqrt 3, U = 2 + 1/sqrt 2; fuzzy weights
    w1 = (sqrt 2 / U, sqrt 3 / M, 2 / L) = (0.5224, 0.75, 1.0448) and
    w2 = (0.5 / U, (1/sqrt 3) / M, (1/sqrt 2) / L); centroids normalised -> (0.7424, 0.2576).
    """
    A = [[(1, 1, 1), (2, 3, 4)], [(1 / 4, 1 / 3, 1 / 2), (1, 1, 1)]]
    s2, s3 = np.sqrt(2), np.sqrt(3)
    L, M, U = s2 + 0.5, s3 + 1 / s3, 2 + 1 / s2
    w1 = np.array([s2 / U, s3 / M, 2 / L])
    w2 = np.array([0.5 / U, (1 / s3) / M, (1 / s2) / L])
    res = buckley_weights(A)
    np.testing.assert_allclose(res.fuzzy, [w1, w2], rtol=1e-12)
    c = np.array([w1.mean(), w2.mean()])
    np.testing.assert_allclose(res.weights, c / c.sum(), rtol=1e-12)
    np.testing.assert_allclose(res.weights, [0.7424, 0.2576], atol=5e-5)


def test_chang_zero_weight_wang_luo_hua_2008() -> None:
    """Chang's extent analysis gives a criterion weight exactly 0 -- the defect analysed by
    Wang, Luo & Hua (2008), EJOR 186(2), 735-747 -- on Saaty's 3 x 3 matrix fuzzified with the
    standard scale (3 -> (2,3,4), 5 -> (4,5,6)).  Worked by hand with exact fractions:

    row sums (7, 9, 11), (13/4, 13/3, 11/2), (17/12, 23/15, 7/4); totals (35/3, 223/15, 73/4);
    S1 = (28/73, 135/223, 33/35), S2 = (13/73, 65/223, 33/70), S3 = (17/219, 23/223, 3/20).
    V(S3 >= S1) = 0 because l(S1) = 28/73 >= u(S3) = 3/20, so w3 = 0; V(S2 >= S1) =
    (l1 - u2) / ((m2 - u2) - (m1 - l1)) ~= 0.2187; every other V is 1 (larger middle value).
    """
    S1 = np.array([28 / 73, 135 / 223, 33 / 35])
    S2 = np.array([13 / 73, 65 / 223, 33 / 70])
    S3 = np.array([17 / 219, 23 / 223, 3 / 20])
    v21 = (S1[0] - S2[2]) / ((S2[1] - S2[2]) - (S1[1] - S1[0]))
    res = chang_weights(tfn_from_crisp(SAATY_3X3))
    np.testing.assert_allclose(res.fuzzy, [S1, S2, S3], rtol=1e-12)
    np.testing.assert_allclose(res.weights, [1 / (1 + v21), v21 / (1 + v21), 0.0], rtol=1e-12)
    assert res.weights[2] == 0.0
    assert res.possibility is not None
    assert res.possibility[1, 0] == pytest.approx(0.2187, abs=5e-5)


def test_chang_crisp_matrix_puts_all_weight_on_one_criterion() -> None:
    """With crisp cells V(S_i >= S_k) is 1 or 0, so extent analysis returns a 0-1 vector
    (Wang, Luo & Hua 2008: it cannot recover crisp priorities); Buckley recovers them."""
    crisp = _crisp_tfn(SAATY_3X3)
    np.testing.assert_allclose(chang_weights(crisp).weights, [1.0, 0.0, 0.0])
    assert buckley_weights(crisp).weights[2] > 0.1


def test_tfn_from_crisp_uses_the_standard_scale() -> None:
    """TFN scale 1 -> (1,1,1), k -> (k-1, k, k+1) for k = 2..8, 9 -> (9,9,9); reciprocals
    1/k -> (1/u, 1/m, 1/l)."""
    assert TFN_SCALE[1] == (1, 1, 1)
    assert TFN_SCALE[3] == (2, 3, 4)
    assert TFN_SCALE[8] == (7, 8, 9)
    assert TFN_SCALE[9] == (9, 9, 9)
    F = tfn_from_crisp([[1, 3, 9], [1 / 3, 1, 1 / 2], [1 / 9, 2, 1]])
    np.testing.assert_allclose(F[0, 1], [2, 3, 4])
    np.testing.assert_allclose(F[1, 0], [1 / 4, 1 / 3, 1 / 2])
    np.testing.assert_allclose(F[0, 2], [9, 9, 9])
    np.testing.assert_allclose(F[2, 0], [1 / 9, 1 / 9, 1 / 9])
    np.testing.assert_allclose(F[2, 1], [1, 2, 3])
    np.testing.assert_allclose(middle_matrix(F), [[1, 3, 9], [1 / 3, 1, 1 / 2], [1 / 9, 2, 1]])


def test_fuzzy_ahp_dispatches_by_name() -> None:
    F = tfn_from_crisp(SAATY_3X3)
    assert fuzzy_ahp(F).method == "buckley"
    assert fuzzy_ahp(F, method="chang").method == "chang"


# --------------------------------------------------------------------------- invariants


@st.composite
def fuzzy_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(2, 6))
    A = np.ones((n, n, 3))
    for i in range(n):
        for j in range(i + 1, n):
            m = draw(st.floats(1 / 9, 9))
            lo = m / draw(st.floats(1.0, 2.0))
            hi = m * draw(st.floats(1.0, 2.0))
            A[i, j] = (lo, m, hi)
            A[j, i] = (1 / hi, 1 / m, 1 / lo)
    return A


@pytest.mark.parametrize("method", ["buckley", "chang"])
@settings(max_examples=60, deadline=None)
@given(A=fuzzy_matrices())
def test_weights_are_a_distribution(method: str, A: np.ndarray) -> None:
    w = fuzzy_ahp(A, method=method).weights  # type: ignore[arg-type]
    assert np.all(w >= 0)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("method", ["buckley", "chang"])
@settings(max_examples=60, deadline=None)
@given(A=fuzzy_matrices(), seed=st.integers(0, 2**32 - 1))
def test_permuting_criteria_permutes_weights(method: str, A: np.ndarray, seed: int) -> None:
    p = np.random.default_rng(seed).permutation(A.shape[0])
    w = fuzzy_ahp(A, method=method).weights  # type: ignore[arg-type]
    w_perm = fuzzy_ahp(A[np.ix_(p, p)], method=method).weights  # type: ignore[arg-type]
    np.testing.assert_allclose(w_perm, w[p], rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    w=st.lists(st.floats(0.05, 1.0), min_size=2, max_size=7),
)
def test_buckley_recovers_consistent_crisp_weights(w: list[float]) -> None:
    v = np.asarray(w) / sum(w)
    res = buckley_weights(_crisp_tfn((v[:, None] / v[None, :]).tolist()))
    np.testing.assert_allclose(res.weights, v, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(A=fuzzy_matrices())
def test_buckley_fuzzy_weights_are_ordered_triangles(A: np.ndarray) -> None:
    f = buckley_weights(A).fuzzy
    assert np.all(f[:, 0] <= f[:, 1] + 1e-15) and np.all(f[:, 1] <= f[:, 2] + 1e-15)


# --------------------------------------------------------------------------- bad input


def test_reciprocity_violation_names_both_cells() -> None:
    A = tfn_from_crisp(SAATY_3X3).copy()
    A[1, 0] = (0.25, 0.3, 0.5)
    with pytest.raises(
        InputError, match=r"matrix\[1, 0\] = .* is not the reciprocal of matrix\[0, 1\]"
    ):
        buckley_weights(A)


def test_unordered_triangle_rejected() -> None:
    A = tfn_from_crisp(SAATY_3X3).copy()
    A[0, 1] = (4, 3, 2)
    with pytest.raises(InputError, match=r"matrix\[0, 1\] = .* is not ordered l <= m <= u"):
        chang_weights(A)


def test_diagonal_must_be_one() -> None:
    A = tfn_from_crisp(SAATY_3X3).copy()
    A[2, 2] = (1, 2, 3)
    with pytest.raises(InputError, match=r"matrix\[2, 2\] = .* must be \(1, 1, 1\)"):
        check_fuzzy_matrix(A)


def test_non_positive_entry_rejected() -> None:
    A = tfn_from_crisp(SAATY_3X3).copy()
    A[0, 2] = (0, 5, 6)
    with pytest.raises(InputError, match=r"matrix\[0, 2\] = .* finite positive"):
        check_fuzzy_matrix(A)


def test_shape_must_be_n_n_3() -> None:
    with pytest.raises(InputError, match=r"expected \(n, n, 3\)"):
        buckley_weights(np.ones((3, 3)))


def test_non_saaty_crisp_value_rejected() -> None:
    with pytest.raises(InputError, match=r"matrix\[0, 1\] = 2.5 is not a Saaty value"):
        tfn_from_crisp([[1, 2.5], [1 / 2.5, 1]])


def test_unknown_method_lists_choices() -> None:
    with pytest.raises(InputError, match=r"method = 'mikhailov' is not one of 'buckley', 'chang'"):
        fuzzy_ahp(tfn_from_crisp(SAATY_3X3), method="mikhailov")  # type: ignore[arg-type]
