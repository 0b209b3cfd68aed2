"""Objective weights: published worked examples, invariants and input errors."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.objective import (
    ObjectiveWeights,
    critic_weights,
    cv_weights,
    entropy_weights,
    std_weights,
)

# Xu (2004), EJOR 156(2), 530-532: 4 alternatives x 4 benefit attributes.
XU_2004 = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]

# Krishnan, Kasim, Hamid & Ghazali (2021), Symmetry 13(6), 973, Table 1: five smartphones;
# price, screen size, pixel density, thickness, mass.
KRISHNAN_2021 = [
    [649, 4.7, 326, 7.1, 143],
    [749, 5.5, 401, 7.3, 192],
    [740, 5.7, 520, 7.6, 171],
    [400, 5.7, 520, 11.1, 179],
    [600, 5.5, 538, 8.9, 152],
]
KRISHNAN_DIRECTIONS = [-1, 1, 1, -1, -1]

# Mukhametzyanov (2021), DMAME 4(2), 76-105, Table 1, decision matrices DM-1 and DM-2.
MUKHAMETZYANOV_DM1 = [
    [71, 4500, 150, 1056, 478],
    [85, 5800, 145, 2680, 564],
    [76, 5600, 135, 1230, 620],
    [74, 4200, 160, 1480, 448],
    [82, 6200, 183, 1350, 615],
    [81, 6000, 178, 2065, 580],
    [80, 5900, 160, 1650, 610],
    [85, 6500, 140, 1650, 667],
]
MUKHAMETZYANOV_DM2 = [
    [83, 5322, 170, 1682, 500],
    [84, 6021, 155, 2140, 513],
    [76, 4219, 155, 1613, 454],
    [73, 6154, 157, 2047, 582],
    [78, 5453, 173, 2136, 598],
    [82, 6030, 174, 1238, 587],
    [80, 4344, 172, 1365, 507],
    [77, 6114, 158, 1585, 592],
]
MUKHAMETZYANOV_DIRECTIONS = [1, -1, 1, 1, -1]

# Half a unit in the last published decimal.
FOUR_DP = 5e-5 + 1e-12
THREE_DP = 5e-4 + 1e-12


# --------------------------------------------------------------------------- published examples


def test_entropy_weights_xu_2004() -> None:
    """Xu, X. (2004). A note on the subjective and objective integrated approach to determine
    attribute weights. *European Journal of Operational Research* 156(2), 530-532.

    Entropy weights of the 4 x 4 example matrix, printed to 4 decimals; the fourth attribute is
    almost constant (29, 29, 28.9, 29) and rounds to 0.0000.  Raw proportions p = x / sum(x).
    """
    got = entropy_weights(XU_2004).weights
    np.testing.assert_allclose(got, [0.4630, 0.3992, 0.1378, 0.0000], rtol=0, atol=FOUR_DP)


def test_entropy_weights_zavadskas_podvezko_2016() -> None:
    """Zavadskas, E. K. & Podvezko, V. (2016). Integrated determination of objective criteria
    weights in MCDM. *Int. J. Information Technology & Decision Making* 15(2), 267-283.

    4 alternatives x 4 criteria (criteria 1 and 3 are costs); entropy weights on the raw data,
    printed to 4 decimals.  Directions do not enter the raw-proportion variant, which the
    published numbers confirm: they are reproduced with and without the cost flags.
    """
    X = [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]]
    published = [0.1146, 0.1981, 0.4185, 0.2689]
    for dirs in (None, [-1, 1, -1, 1]):
        got = entropy_weights(X, directions=dirs).weights
        np.testing.assert_allclose(got, published, rtol=0, atol=FOUR_DP)


def test_entropy_weights_minmax_krishnan_2021() -> None:
    """Krishnan et al. (2021), *Symmetry* 13(6), 973, Table 5, column "Entropy".

    Entropy on min-max normalised data with cost criteria inverted (price, thickness and mass are
    costs), printed to 4 decimals.
    """
    got = entropy_weights(
        KRISHNAN_2021, directions=KRISHNAN_DIRECTIONS, normalisation="minmax"
    ).weights
    np.testing.assert_allclose(got, [0.3481, 0.1360, 0.1690, 0.1463, 0.2006], rtol=0, atol=FOUR_DP)


def test_entropy_weights_minmax_mukhametzyanov_2021() -> None:
    """Mukhametzyanov (2021), *DMAME* 4(2), 76-105, Table 2, block "Entropy", row DM-1.

    Min-max normalisation (Eqs. 1-3), weights printed to 3 decimals.
    """
    got = entropy_weights(
        MUKHAMETZYANOV_DM1, directions=MUKHAMETZYANOV_DIRECTIONS, normalisation="minmax"
    ).weights
    np.testing.assert_allclose(got, [0.146, 0.228, 0.211, 0.223, 0.191], rtol=0, atol=THREE_DP)


def test_critic_krishnan_2021() -> None:
    """Krishnan et al. (2021), *Symmetry* 13(6), 973: CRITIC as in Diakoulaki et al. (1995).

    Table 2 gives the sample standard deviations of the min-max columns and Table 5 (column
    "CRITIC") the weights, both to 4 decimals.
    """
    res = critic_weights(KRISHNAN_2021, directions=KRISHNAN_DIRECTIONS, keep_normalised=True)
    assert res.normalised is not None
    np.testing.assert_allclose(
        res.weights, [0.1872, 0.1838, 0.1691, 0.2599, 0.2000], rtol=0, atol=FOUR_DP
    )
    sd = res.normalised.std(axis=0, ddof=1)
    np.testing.assert_allclose(sd, [0.4062, 0.4147, 0.4394, 0.4161, 0.4063], rtol=0, atol=FOUR_DP)
    assert res.correlation is not None
    np.testing.assert_allclose(np.diag(res.correlation), 1.0)


def test_std_weights_mukhametzyanov_2021() -> None:
    """Mukhametzyanov (2021), *DMAME* 4(2), 76-105: SD weights on min-max data.

    Table 4, row "Max-Min", gives the sample SDs of DM-1; Table 2, block "SD", the weights of DM-1
    and DM-2.  All printed to 3 decimals.
    """
    res = std_weights(MUKHAMETZYANOV_DM1, directions=MUKHAMETZYANOV_DIRECTIONS)
    np.testing.assert_allclose(res.scores, [0.366, 0.354, 0.361, 0.319, 0.341], atol=THREE_DP)
    np.testing.assert_allclose(
        res.weights, [0.210, 0.203, 0.207, 0.183, 0.196], rtol=0, atol=THREE_DP
    )
    got2 = std_weights(MUKHAMETZYANOV_DM2, directions=MUKHAMETZYANOV_DIRECTIONS).weights
    np.testing.assert_allclose(got2, [0.175, 0.206, 0.231, 0.195, 0.192], rtol=0, atol=THREE_DP)


def test_std_weights_raw_salabun_2020() -> None:
    """Sałabun, Wątróbski & Shekhovtsov (2020). Are MCDA methods benchmarkable? *Symmetry*
    12(9), 1549.

    A 5 x 3 matrix already on [0, 1]; SD weights of the raw columns, printed to 3 decimals.
    """
    X = [
        [0.619, 0.449, 0.447],
        [0.862, 0.466, 0.006],
        [0.458, 0.698, 0.771],
        [0.777, 0.631, 0.491],
        [0.567, 0.992, 0.968],
    ]
    got = std_weights(X, normalisation="none").weights
    np.testing.assert_allclose(got, [0.217, 0.294, 0.488], rtol=0, atol=THREE_DP)


def test_cv_weights_shuai_2012() -> None:
    """Shuai, Zongzhun, Yongji & Lei (2012). A new angular method to determine the objective
    weights. *24th Chinese Control and Decision Conference (CCDC)*, 3889-3892.

    Coefficient-of-variation weights of the Xu (2004) matrix, printed to 4 decimals.
    """
    got = cv_weights(XU_2004).weights
    np.testing.assert_allclose(got, [0.4258, 0.3610, 0.2121, 0.0011], rtol=0, atol=FOUR_DP)


# --------------------------------------------------------------------------- invariants

METHODS = [
    lambda X, d: entropy_weights(X, directions=d),
    lambda X, d: entropy_weights(X, directions=d, normalisation="minmax"),
    lambda X, d: critic_weights(X, directions=d),
    lambda X, d: cv_weights(X, directions=d),
    lambda X, d: std_weights(X, directions=d),
    lambda X, d: std_weights(X, directions=d, normalisation="none"),
]


@st.composite
def decision_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m = draw(st.integers(4, 8))
    n = draw(st.integers(2, 5))
    X = draw(arrays(np.float64, (m, n), elements=st.floats(0.5, 100.0, width=32)))
    ranges = X.max(axis=0) - X.min(axis=0)
    assume(bool(np.all(ranges > 1e-2 * X.max(axis=0))))
    dirs = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    # CRITIC is undefined when every min-max column is the same (tested separately).
    R = (X - X.min(axis=0)) / ranges
    R = np.where(dirs > 0, R, 1 - R)
    assume(bool(np.ptp(R, axis=1).max() > 1e-3))
    return X, dirs


@pytest.mark.parametrize("method", range(len(METHODS)))
@settings(max_examples=40, deadline=None)
@given(data=decision_matrices())
def test_weights_are_a_distribution(method: int, data: tuple[np.ndarray, np.ndarray]) -> None:
    X, dirs = data
    w = METHODS[method](X, dirs).weights
    assert np.all(w >= 0)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("method", range(len(METHODS)))
@settings(max_examples=40, deadline=None)
@given(data=decision_matrices(), seed=st.integers(0, 2**32 - 1))
def test_permuting_criteria_permutes_weights(
    method: int, data: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    X, dirs = data
    perm = np.random.default_rng(seed).permutation(X.shape[1])
    w = METHODS[method](X, dirs).weights
    w_perm = METHODS[method](X[:, perm], dirs[perm]).weights
    np.testing.assert_allclose(w_perm, w[perm], rtol=1e-9, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    col=arrays(np.float64, 6, elements=st.floats(0.0, 50.0, width=32)),
    scales=st.lists(st.floats(0.01, 1000.0), min_size=2, max_size=4),
)
def test_entropy_equal_for_identical_columns_up_to_scale(
    col: np.ndarray, scales: list[float]
) -> None:
    assume(col.sum() > 0 and np.ptp(col) > 1e-3)
    X = np.column_stack([s * col for s in scales])
    w = entropy_weights(X).weights
    np.testing.assert_allclose(w, np.full(len(scales), 1 / len(scales)), rtol=1e-9)


def test_entropy_constant_column_gets_zero_weight() -> None:
    w = entropy_weights([[1, 5], [2, 5], [3, 5]]).weights
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-12)


def test_entropy_zero_entries_use_zero_log_zero() -> None:
    # Column 0 puts all mass on one alternative: e = 0, d = 1 (0 * ln 0 = 0, no NaN).
    res = entropy_weights([[0, 1], [0, 2], [6, 3]])
    assert np.all(np.isfinite(res.weights))
    assert res.scores[0] == pytest.approx(1.0)


def test_critic_cost_direction_changes_correlation_sign() -> None:
    X = [[1, 10, 3], [2, 30, 1], [3, 20, 2], [4, 40, 5]]
    benefit = critic_weights(X)
    mixed = critic_weights(X, directions=[1, -1, 1])
    assert benefit.correlation is not None and mixed.correlation is not None
    np.testing.assert_allclose(mixed.correlation[0, 1], -benefit.correlation[0, 1])


def test_result_arrays_are_read_only() -> None:
    res = critic_weights(KRISHNAN_2021, directions=KRISHNAN_DIRECTIONS)
    with pytest.raises(ValueError, match="read-only"):
        res.weights[0] = 1.0


# --------------------------------------------------------------------------- bad input


def test_critic_constant_column_names_column_and_fix() -> None:
    with pytest.raises(InputError, match=r"column 1 of X is constant .*drop the column"):
        critic_weights([[1, 7, 2], [2, 7, 5], [3, 7, 4]])


def test_critic_perfectly_correlated_columns_raise() -> None:
    with pytest.raises(InputError, match=r"CRITIC weights are undefined.*perfectly correlated"):
        critic_weights([[1, 10], [2, 20], [4, 40]])


def test_std_minmax_constant_column_raises() -> None:
    with pytest.raises(InputError, match=r"column 0 of X is constant"):
        std_weights([[4, 1], [4, 2], [4, 3]])


def test_entropy_negative_value_points_to_minmax() -> None:
    with pytest.raises(InputError, match=r"X\[1, 0\] = -2 is negative.*normalisation='minmax'"):
        entropy_weights([[1, 2], [-2, 3], [4, 1]])


def test_entropy_zero_column_raises() -> None:
    with pytest.raises(InputError, match=r"column 1 of X is all zeros"):
        entropy_weights([[1, 0], [2, 0], [3, 0]])


def test_entropy_all_columns_constant_raises() -> None:
    with pytest.raises(InputError, match=r"entropy weights are undefined.*equal weights"):
        entropy_weights([[2, 5], [2, 5], [2, 5]])


def test_cv_negative_value_points_to_std_weights() -> None:
    with pytest.raises(InputError, match=r"cv_weights needs non-negative ratio-scale data"):
        cv_weights([[1, -1], [2, 3], [3, 4]])


def test_non_finite_value_is_located() -> None:
    with pytest.raises(InputError, match=r"X\[2, 1\] = nan is not finite"):
        critic_weights([[1, 2], [2, 3], [3, float("nan")]])


def test_directions_must_be_plus_or_minus_one() -> None:
    with pytest.raises(InputError, match=r"directions\[1\] = 0.0 is not \+1 or -1"):
        critic_weights([[1, 2], [2, 3], [3, 1]], directions=[1, 0])


def test_directions_length_must_match() -> None:
    with pytest.raises(InputError, match=r"directions has 3 entries but X has 2 criteria"):
        critic_weights([[1, 2], [2, 3], [3, 1]], directions=[1, 1, 1])


def test_matrix_shape_is_checked() -> None:
    with pytest.raises(InputError, match=r"expected a 2-D matrix"):
        entropy_weights([1, 2, 3])
    with pytest.raises(InputError, match=r"at least 2 alternatives"):
        entropy_weights([[1, 2, 3]])


def test_unknown_normalisation_lists_choices() -> None:
    with pytest.raises(InputError, match=r"normalisation = 'zscore' is not one of 'sum', 'minmax'"):
        entropy_weights(XU_2004, normalisation="zscore")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- row blocks


@pytest.mark.parametrize(
    "method",
    [
        lambda X, d, **k: entropy_weights(X, directions=d, **k),
        lambda X, d, **k: entropy_weights(X, directions=d, normalisation="minmax", **k),
        lambda X, d, **k: critic_weights(X, directions=d, **k),
        lambda X, d, **k: std_weights(X, directions=d, **k),
        lambda X, d, **k: cv_weights(X, directions=d, **k),
    ],
    ids=["entropy", "entropy-minmax", "critic", "std", "cv"],
)
def test_row_blocks_change_only_the_summation_order(
    method: Callable[..., ObjectiveWeights], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of 7 rows give the weights of one block to 1e-13; the full matrix is returned
    only on request."""
    from qualindex import _blocks

    rng = np.random.default_rng(5)
    X = rng.uniform(1.0, 50.0, (400, 5))
    d = [1, -1, 1, -1, 1]
    whole = method(X, d)
    kept = method(X, d, keep_normalised=True)
    assert whole.normalised is None and kept.normalised is not None
    assert kept.normalised.shape == X.shape
    monkeypatch.setattr(_blocks, "BLOCK_BYTES", 8 * 5 * 7)
    blocked = method(X, d)
    np.testing.assert_allclose(blocked.weights, whole.weights, rtol=1e-13)
    np.testing.assert_allclose(kept.weights, whole.weights, rtol=1e-13)


def test_critic_from_the_covariance_of_x_equals_the_min_max_matrix() -> None:
    """CRITIC via s(r) = s(x)/span and rho(r) = d_j d_k rho(x) equals the textbook computation
    on the min-max matrix r (Diakoulaki et al. 1995, eqs. 1-4)."""
    rng = np.random.default_rng(9)
    X = rng.uniform(0.0, 10.0, (60, 4))
    d = np.array([1.0, -1.0, -1.0, 1.0])
    r = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    r = np.where(d > 0, r, 1.0 - r)
    s = r.std(axis=0, ddof=1)
    c = s * (1.0 - np.corrcoef(r, rowvar=False)).sum(axis=0)
    np.testing.assert_allclose(critic_weights(X, directions=d).weights, c / c.sum(), rtol=1e-13)
