"""TOPSIS: published worked examples, entropy-weighted TOPSIS, invariants, input errors."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.topsis import topsis
from qualindex.weighting.objective import entropy_weights

FOUR_DP = 5e-5 + 1e-12
Norm = Literal["vector", "minmax"]
NORMS: tuple[Norm, ...] = ("vector", "minmax")
THREE_DP = 5e-4 + 1e-12

# --------------------------------------------------------------------------- published examples


def test_topsis_vector_hodgett_car_example() -> None:
    """Car choice (Corsa, Clio, Fiesta) with vector normalisation, R. E. Hodgett, "TOPSIS in
    Excel" (hodgett.co.uk/topsis-in-excel), reused as the reference test of the R package MCDA
    (tests/TOPSIS.R) and its Python port.

    Criteria: purchase price (lower), economy, aesthetics, boot capacity (higher); weights
    0.35/0.25/0.25/0.15.  Published: ideal (0.179573776, 0.171636015, 0.159499658,
    0.087302767) and anti-ideal (0.212610118, 0.124958799, 0.131352659, 0.085797547) to 9
    decimals; closeness 0.4817, 0.5182, 0.1780 to 4 decimals.
    """
    X = [[5490, 51.4, 8.5, 285], [6500, 70.6, 7, 288], [6489, 54.3, 7.5, 290]]
    r = topsis(X, [0.35, 0.25, 0.25, 0.15], ["lower", "higher", "higher", "higher"])
    np.testing.assert_allclose(
        r.ideal, [0.179573776, 0.171636015, 0.159499658, 0.087302767], atol=5e-10
    )
    np.testing.assert_allclose(
        r.anti_ideal, [0.212610118, 0.124958799, 0.131352659, 0.085797547], atol=5e-10
    )
    np.testing.assert_allclose(r.closeness, [0.4817, 0.5182, 0.1780], atol=FOUR_DP)
    assert r.ranks.tolist() == [2, 1, 3]


def test_topsis_vector_tzeng_huang_2011() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011). *Multiple Attribute Decision Making: Methods and
    Applications*. CRC Press, TOPSIS example (as used in scikit-criteria's test suite).

    Four alternatives, three benefit criteria, weights 0.3/0.4/0.3, vector normalisation.
    Published closeness 0.5037, 0.6581, 0.7482, 0.3340 (4 decimals); ranking 3, 2, 1, 4.
    """
    X = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    r = topsis(X, [0.3, 0.4, 0.3], ["higher"] * 3)
    np.testing.assert_allclose(r.closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=FOUR_DP)
    assert r.ranks.tolist() == [3, 2, 1, 4]


def test_topsis_minmax_opricovic_tzeng_2004() -> None:
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A comparative
    analysis of VIKOR and TOPSIS. *EJOR* 156(2), 445-455, numerical example: A1 (1, 3000),
    A2 (2, 3750), A3 (5, 4500); criterion 1 a cost, criterion 2 a benefit, equal weights.

    With linear (min-max) normalisation the closeness is 0.500, 0.617, 0.500 (3 decimals; the
    values pymcdm's test suite checks against this paper).  Worked by hand: r = (1, 0.75, 0)
    and (0, 0.5, 1); v = r/2; D+ = (0.5, 0.2795, 0.5), D- = (0.5, 0.4507, 0.5).
    """
    r = topsis(
        [[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], ["lower", "higher"], normalisation="minmax"
    )
    np.testing.assert_allclose(r.closeness, [0.500, 0.617, 0.500], atol=THREE_DP)
    np.testing.assert_allclose(r.d_ideal, [0.5, math.hypot(0.125, 0.25), 0.5], rtol=1e-12)
    np.testing.assert_allclose(r.d_anti_ideal, [0.5, math.hypot(0.375, 0.25), 0.5], rtol=1e-12)
    assert r.ranks.tolist() == [2, 1, 2]  # tied alternatives share the better rank


def _topsis_by_the_book(X: np.ndarray, w: np.ndarray, benefit: list[bool]) -> list[float]:
    """Hwang & Yoon's steps written out with explicit loops (an independent transcription)."""
    m, n = X.shape
    norms = [math.sqrt(sum(X[i][j] ** 2 for i in range(m))) for j in range(n)]
    v = [[w[j] * X[i][j] / norms[j] for j in range(n)] for i in range(m)]
    best = [
        max(v[i][j] for i in range(m)) if benefit[j] else min(v[i][j] for i in range(m))
        for j in range(n)
    ]
    worst = [
        min(v[i][j] for i in range(m)) if benefit[j] else max(v[i][j] for i in range(m))
        for j in range(n)
    ]
    out = []
    for i in range(m):
        dp = math.sqrt(sum((v[i][j] - best[j]) ** 2 for j in range(n)))
        dm = math.sqrt(sum((v[i][j] - worst[j]) ** 2 for j in range(n)))
        out.append(dm / (dp + dm))
    return out


def test_entropy_weights_feed_topsis_zavadskas_podvezko_2016() -> None:
    """Entropy-weighted TOPSIS on Zavadskas, E. K. & Podvezko, V. (2016), *IJITDM* 15(2),
    267-283: 4 alternatives x 4 criteria, criteria 1 and 3 are costs.

    The paper publishes the data and the entropy weights (0.1146, 0.1981, 0.4185, 0.2689, 4
    decimals), which ``qualindex.weighting.objective.entropy_weights`` must reproduce; it does
    not publish TOPSIS closeness values, so the TOPSIS step is checked against an independent
    loop-by-loop transcription of Hwang & Yoon's formulas fed with the *published* weights
    (agreement to the 4-decimal precision of those weights).
    """
    X = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
    directions = ["lower", "higher", "lower", "higher"]
    w = entropy_weights(X).weights
    np.testing.assert_allclose(w, [0.1146, 0.1981, 0.4185, 0.2689], atol=FOUR_DP)
    published_w = np.array([0.1146, 0.1981, 0.4185, 0.2689])
    expected = _topsis_by_the_book(X, published_w, [d == "higher" for d in directions])
    got = topsis(X, w, directions)
    np.testing.assert_allclose(got.closeness, expected, atol=1e-3)
    assert got.ranks.tolist() == list(np.argsort(np.argsort(-np.array(expected))) + 1)


# --------------------------------------------------------------------------- behaviour


def test_result_fields_and_read_only() -> None:
    r = topsis([[1, 2], [3, 1], [2, 2]], [1, 3], ["higher", "lower"], keep_weighted=True)
    np.testing.assert_allclose(r.weights, [0.25, 0.75])
    np.testing.assert_allclose(r.closeness, r.d_anti_ideal / (r.d_ideal + r.d_anti_ideal))
    for arr in (r.closeness, r.d_ideal, r.d_anti_ideal, r.ranks, r.ideal, r.weighted):
        assert not arr.flags.writeable
    assert r.normalisation == "vector"


def test_weighted_matrix_only_on_request() -> None:
    x = [[1.0, 2.0], [3.0, 1.0], [2.0, 2.0]]
    lean = topsis(x, [1, 3], ["higher", "lower"])
    kept = topsis(x, [1, 3], ["higher", "lower"], keep_weighted=True)
    assert lean.weighted is None and kept.weighted is not None
    np.testing.assert_array_equal(lean.closeness, kept.closeness)
    v = np.array(x) / np.sqrt(np.sum(np.square(x), axis=0)) * [0.25, 0.75]
    np.testing.assert_allclose(kept.weighted, v, rtol=1e-15)


@pytest.mark.parametrize("normalisation", NORMS)
def test_blocks_give_the_numbers_of_one_block(normalisation: Norm) -> None:
    """Row blocks (tiny here) change nothing but the summation order of the column norms."""
    from qualindex import _blocks

    rng = np.random.default_rng(7)
    x = rng.uniform(1, 9, (500, 6))
    dirs = ["higher", "lower"] * 3
    whole = topsis(x, np.arange(1.0, 7.0), dirs, normalisation=normalisation)
    old = _blocks.BLOCK_BYTES
    try:
        _blocks.BLOCK_BYTES = 8 * 6 * 7  # 7 rows per block
        import qualindex.evaluate.topsis as mod

        blocks = mod.topsis(x, np.arange(1.0, 7.0), dirs, normalisation=normalisation)
    finally:
        _blocks.BLOCK_BYTES = old
    np.testing.assert_allclose(blocks.closeness, whole.closeness, rtol=1e-13)


def test_minmax_constant_column_contributes_nothing() -> None:
    base = topsis([[1, 5], [3, 5], [2, 5]], [1, 1], ["higher", "higher"], normalisation="minmax")
    np.testing.assert_allclose(base.closeness, [0.0, 1.0, 0.5])


# --------------------------------------------------------------------------- properties

value = st.floats(1.0, 100.0, allow_nan=False)


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[str]]:
    m, n = draw(st.integers(2, 6)), draw(st.integers(1, 5))
    X = draw(arrays(np.float64, (m, n), elements=value))
    w = draw(arrays(np.float64, (n,), elements=st.floats(0.05, 5.0)))
    dirs = draw(st.lists(st.sampled_from(["higher", "lower"]), min_size=n, max_size=n))
    if np.all(np.ptp(X, axis=0) == 0):
        X[0, 0] += 1.0
    return X, w, dirs


@settings(max_examples=80, deadline=None)
@given(problems(), st.sampled_from(NORMS))
def test_closeness_is_a_share(case: tuple[np.ndarray, np.ndarray, list[str]], norm: Norm) -> None:
    X, w, dirs = case
    r = topsis(X, w, dirs, normalisation=norm)
    assert np.all((r.closeness >= 0) & (r.closeness <= 1))


@settings(max_examples=80, deadline=None)
@given(problems(), st.data())
def test_permuting_rows_and_criteria_changes_nothing(
    case: tuple[np.ndarray, np.ndarray, list[str]], data: st.DataObject
) -> None:
    X, w, dirs = case
    rows = data.draw(st.permutations(range(X.shape[0])))
    cols = data.draw(st.permutations(range(X.shape[1])))
    for norm in NORMS:
        base = topsis(X, w, dirs, normalisation=norm)
        moved = topsis(X[rows][:, cols], w[cols], [dirs[c] for c in cols], normalisation=norm)
        np.testing.assert_allclose(moved.closeness, base.closeness[rows], atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(problems(), st.data(), st.sampled_from(NORMS))
def test_improving_a_benefit_criterion_never_lowers_closeness(
    case: tuple[np.ndarray, np.ndarray, list[str]], data: st.DataObject, norm: Norm
) -> None:
    """Raising one alternative's value on a benefit criterion never lowers its closeness.

    Its normalised value rises while every other alternative's value in that column stays or
    falls (vector: the column norm grows), so its distance to the ideal cannot grow and its
    distance to the anti-ideal cannot shrink; the other columns are unchanged."""
    X, w, dirs = case
    dirs[0] = "higher"
    i = data.draw(st.integers(0, X.shape[0] - 1))
    better = X.copy()
    better[i, 0] = data.draw(st.floats(X[i, 0], 200.0))
    assume(np.ptp(better, axis=0).any())  # all alternatives equal cannot be ranked
    before = topsis(X, w, dirs, normalisation=norm).closeness[i]
    after = topsis(better, w, dirs, normalisation=norm).closeness[i]
    assert after >= before - 1e-12


@settings(max_examples=60, deadline=None)
@given(problems(), st.floats(0.1, 10.0))
def test_weight_scale_does_not_matter(
    case: tuple[np.ndarray, np.ndarray, list[str]], k: float
) -> None:
    X, w, dirs = case
    np.testing.assert_allclose(
        topsis(X, w * k, dirs).closeness, topsis(X, w, dirs).closeness, atol=1e-12
    )


# --------------------------------------------------------------------------- input errors


def test_missing_value_is_rejected_with_fix() -> None:
    with pytest.raises(InputError, match=r"X\[1, 0\] = nan must be finite"):
        topsis([[1.0, 2.0], [np.nan, 1.0]], [1, 1], ["higher", "higher"])


def test_direction_count_must_match() -> None:
    with pytest.raises(InputError, match=r"one of higher/lower per criterion \(2\)"):
        topsis([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["higher"])


def test_unknown_direction_lists_choices() -> None:
    with pytest.raises(InputError, match="directions 'max' is not one of higher, lower"):
        topsis([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "higher"])


def test_unknown_normalisation_lists_choices() -> None:
    with pytest.raises(InputError, match="normalisation 'sum' is not one of vector, minmax"):
        topsis([[1.0], [2.0]], [1], ["higher"], normalisation="sum")  # type: ignore[arg-type]


def test_identical_alternatives_cannot_be_ranked() -> None:
    with pytest.raises(InputError, match="all alternatives are identical"):
        topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1], ["higher", "lower"])


def test_single_alternative_rejected() -> None:
    with pytest.raises(InputError, match="at least 2 alternatives"):
        topsis([[1.0, 2.0]], [1, 1], ["higher", "lower"])


def test_weights_must_be_nonnegative() -> None:
    with pytest.raises(InputError, match=r"weights \[1\.0, -1\.0\] must be >= 0"):
        topsis([[1.0, 2.0], [2.0, 1.0]], [1, -1], ["higher", "lower"])
