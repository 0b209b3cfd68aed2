"""Incomplete matrices: Bozóki et al. (2010) examples, Harker's method, graph connectivity."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.weighting.ahp import ahp, reciprocal_matrix
from qualindex.weighting.incomplete import (
    DisconnectedJudgmentsError,
    harker,
    judgment_components,
    lambda_optimal,
)

# Bozóki, Fülöp & Rónyai (2010), Example 3: 4x4 matrix U with u_34 = x missing.
U = reciprocal_matrix({(0, 1): 1, (0, 2): 5, (0, 3): 2, (1, 2): 3, (1, 3): 4}, 4)

# Bozóki, Fülöp & Rónyai (2010): the incomplete 8x8 matrix M (16 of 28 judgments given).
_ITEMS = "abcdefgh"
_M_PAIRS = {("a", "b"): 5, ("a", "c"): 3, ("a", "d"): 7, ("a", "e"): 6, ("a", "f"): 6,
            ("b", "d"): 5, ("b", "f"): 3, ("c", "e"): 3, ("c", "g"): 6, ("f", "d"): 4,
            ("g", "a"): 3, ("g", "e"): 5, ("h", "a"): 4, ("h", "b"): 7, ("h", "d"): 8,
            ("h", "f"): 6}  # fmt: skip
M = reciprocal_matrix({(_ITEMS.index(p), _ITEMS.index(q)): v for (p, q), v in _M_PAIRS.items()}, 8)


def test_lambda_optimal_bozoki_fulop_ronyai_2010_example_3() -> None:
    """Bozóki, Fülöp & Rónyai (2010), Example 3 (p. 330): the missing u_34 of U.

    The paper prints van Uden's triad estimate sqrt(2/5 * 4/3) = 0.73029674334 and its own
    optimiser's result 0.7302965066047, saying they agree "up to 6 digits".  The gradient of
    lambda_max vanishes at van Uden's value (a 40-digit golden-section search confirms
    0.730296743340221...), so the published optimum is checked to the 6 digits the paper vouches
    for and the completion to the 11 printed digits of van Uden's value."""
    res = lambda_optimal(U)
    x = res.matrix[2, 3]
    assert x == pytest.approx(0.7302965066047, rel=1e-6)
    assert x == pytest.approx(0.73029674334, abs=5e-12)
    assert res.matrix[3, 2] == pytest.approx(1 / x, rel=1e-15)
    assert res.missing == ((2, 3),) and res.method == "lambda-optimal"


def test_lambda_optimal_example_3_weights_and_cr_as_in_ahpy() -> None:
    """The same completion in AHPy's test suite (Donegan-Dodd RI, 4 decimals): weights
    a .3738, b .392, c .0985, d .1357 and CR .0372."""
    res = lambda_optimal(U, ri_table="donegan-dodd")
    np.testing.assert_allclose(res.result.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=5e-5)
    assert res.result.cr == pytest.approx(0.0372, abs=5e-5)


def test_lambda_optimal_bozoki_2010_8x8_matrix_m() -> None:
    """The 8x8 incomplete matrix M of Bozóki et al. (2010) (12 missing judgments).  Reference
    values: AHPy's cyclic-coordinates completion, which stops at a 1e-4 tolerance, so the
    comparison is at rtol 1e-4."""
    ahpy = {("b", "c"): 0.3300187496240363, ("b", "e"): 1.7197409185349517,
            ("b", "g"): 0.4663515002203321, ("c", "d"): 9.920512661898753,
            ("c", "f"): 4.852486449214693, ("c", "h"): 0.5696073301509899,
            ("d", "e"): 0.5252768142894285, ("d", "g"): 0.1424438146531802,
            ("e", "f"): 0.9311973564754218, ("e", "h"): 0.10930828182051665,
            ("f", "g"): 0.2912120796181874, ("g", "h"): 0.4030898885178746}  # fmt: skip
    res = lambda_optimal(M)
    assert len(res.missing) == 12
    for (p, q), value in ahpy.items():
        assert res.matrix[_ITEMS.index(p), _ITEMS.index(q)] == pytest.approx(value, rel=1e-4)


def test_lambda_optimal_is_no_worse_than_any_other_completion() -> None:
    """Bozóki et al. (2010): the completion minimises lambda_max, so every other completion
    (Harker's, or random scale values) has at least the same lambda_max."""
    best = lambda_optimal(M).result.lambda_max
    assert harker(M).result.lambda_max >= best - 1e-12
    rng = np.random.default_rng(7)
    gaps = np.argwhere(np.isnan(np.triu(M, 1)) & np.triu(np.ones((8, 8), dtype=bool), 1))
    for _ in range(20):
        filled = M.copy()
        for i, j in gaps:
            v = float(np.exp(rng.normal(0, 1.5)))
            filled[i, j], filled[j, i] = v, 1 / v
        assert ahp(filled).lambda_max >= best - 1e-12


def test_harker_1987_definition_and_fixed_point() -> None:
    """Harker (1987): zero the missing entries, put 1 + (number missing in the row) on the
    diagonal, take the Perron vector.  Filling every gap with w_i / w_j gives a complete matrix
    with the same Perron pair, which is the completion returned."""
    res = harker(M)
    c = np.where(np.isnan(M), 0.0, M)
    c[np.diag_indices(8)] = 1 + np.isnan(M).sum(axis=1)
    vals, vecs = np.linalg.eig(c)
    k = int(np.argmax(vals.real))
    w = vecs[:, k].real / vecs[:, k].real.sum()
    np.testing.assert_allclose(res.result.weights, w, rtol=1e-12)
    assert res.result.lambda_max == pytest.approx(vals[k].real, rel=1e-12)
    for i, j in res.missing:
        assert res.matrix[i, j] == pytest.approx(w[i] / w[j], rel=1e-12)
    assert res.method == "harker"


def test_complete_matrix_is_passed_through() -> None:
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    for fn in (harker, lambda_optimal):
        res = fn(a)
        assert res.missing == ()
        np.testing.assert_allclose(res.result.weights, ahp(a).weights, rtol=1e-14)


# --------------------------------------------------------------------- connectivity / errors


def test_disconnected_judgments_name_the_groups() -> None:
    a = reciprocal_matrix({(0, 2): 3, (1, 3): 2, (3, 4): 5}, 5)
    assert judgment_components(a) == [[0, 2], [1, 3, 4]]
    for fn in (harker, lambda_optimal):
        with pytest.raises(DisconnectedJudgmentsError, match=r"groups \[0, 2\]; \[1, 3, 4\]") as e:
            fn(a)
        assert e.value.components == [[0, 2], [1, 3, 4]]
        assert isinstance(e.value, InputError)
    assert judgment_components(M) == [list(range(8))]


def test_incomplete_rejects_one_sided_missing_and_bad_values() -> None:
    a = U.copy()
    a[3, 2] = 2.0
    with pytest.raises(InputError, match=r"matrix\[2, 3\] is NaN but matrix\[3, 2\] is given"):
        harker(a)
    b = U.copy()
    b[0, 1] = -1
    with pytest.raises(InputError, match=r"matrix\[0, 1\] = -1 must be > 0"):
        lambda_optimal(b)
    with pytest.raises(InputError, match=r"ri_table 'x'"):
        harker(U, ri_table="x")


# --------------------------------------------------------------------- properties


@st.composite
def consistent_incomplete(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(3, 7))
    w = np.array(draw(st.lists(st.floats(0.05, 20.0), min_size=n, max_size=n)))
    a = w[:, None] / w[None, :]
    # a spanning path keeps the graph connected; drop some of the other judgments
    order = draw(st.permutations(range(n)))
    keep = {(min(p, q), max(p, q)) for p, q in itertools.pairwise(order)}
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) not in keep and draw(st.booleans()):
                a[i, j] = a[j, i] = np.nan
    return a, w / w.sum()


@settings(max_examples=40, deadline=None)
@given(case=consistent_incomplete())
def test_consistent_incomplete_matrix_recovers_weights(case: tuple[np.ndarray, np.ndarray]) -> None:
    a, w = case
    for fn in (harker, lambda_optimal):
        res = fn(a)
        np.testing.assert_allclose(res.result.weights, w, rtol=1e-8)
        assert res.result.cr == pytest.approx(0.0, abs=1e-9)
