"""VIKOR: published worked examples, the compromise-set rules, invariants and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.vikor import vikor

FOUR_DP = 5e-5 + 1e-12


def test_vikor_opricovic_tzeng_2004_numerical_example() -> None:
    """Opricovic & Tzeng (2004), EJOR 156, 445-455, section 4: alternatives A1-A3 on f1 (cost:
    1, 2, 5) and f2 (benefit: 3000, 3750, 4500), equal weights, v = 0.5.

    Published: Q = (1, 0, 1) with A2 the compromise solution (also pymcdm's reference test
    for this example). S and R are checked by hand from the definition: f1 gaps (0, 1/4, 1),
    f2 gaps (1, 1/2, 0), so S = (0.5, 0.375, 0.5) and R = (0.5, 0.25, 0.5); A2 leads by
    1 >= DQ = 1/2 and is best by S and R, so both conditions hold.
    """
    r = vikor([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], ["lower", "higher"])
    np.testing.assert_allclose(r.S, [0.5, 0.375, 0.5], atol=1e-12)
    np.testing.assert_allclose(r.R, [0.5, 0.25, 0.5], atol=1e-12)
    np.testing.assert_allclose(r.Q, [1.0, 0.0, 1.0], atol=1e-12)
    assert r.leader == 1 and r.dq == 0.5
    assert r.acceptable_advantage and r.acceptable_stability
    assert r.compromise.tolist() == [1]
    assert r.rank_q.tolist() == [2, 1, 2]


def test_vikor_yang_wu_2020_example() -> None:
    """Yang & Wu (2020), IEEE Access 8, 21261-21271: five alternatives, four benefit criteria,
    equal weights, v = 0.5. Published Q = 0.5679, 0.7667, 1, 0.7493, 0 (rounded to 4 decimals;
    the values pymcdm's reference test takes from the paper)."""
    X = [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]]
    r = vikor(X, [0.25] * 4, ["higher"] * 4)
    np.testing.assert_allclose(r.Q, [0.5679, 0.7667, 1.0, 0.7493, 0.0], atol=FOUR_DP)
    assert r.rank_q.tolist() == [2, 4, 5, 3, 1]
    assert r.compromise.tolist() == [4]


def test_vikor_compromise_set_when_advantage_fails() -> None:
    """C1 fails: every alternative whose Q is within DQ of the leader joins the set.

    By hand, benefit criteria on [0, 1], equal weights, v = 1: gaps (0, 1), (.4, .4), (1, 0),
    (1, 1) give S = (.5, .4, .5, 1) and Q = (S - .4)/.6 = (1/6, 0, 1/6, 1). DQ = 1/3 and
    Q(A(2)) - Q(A(1)) = 1/6 < DQ, so the set is A1, A0, A2 (Q - Q(A(1)) < 1/3), best first.
    """
    X = [[1, 0], [0.6, 0.6], [0, 1], [0, 0]]
    r = vikor(X, [1, 1], ["higher", "higher"], v=1.0)
    np.testing.assert_allclose(r.S, [0.5, 0.4, 0.5, 1.0], atol=1e-12)
    np.testing.assert_allclose(r.Q, [1 / 6, 0.0, 1 / 6, 1.0], atol=1e-12)
    assert not r.acceptable_advantage and r.acceptable_stability
    assert r.compromise.tolist() == [1, 0, 2]


def test_vikor_compromise_set_when_stability_fails() -> None:
    """C1 holds but C2 fails: the set is {A(1), A(2)}.

    By hand, weights (.4, .2, .4), benefit criteria with best/worst (5, 0), (4, 0), (5, 1):
    S = (.65, .5, .45, .46, .64), R = (.4, .4, .4, .3, .24),
    Q = (1, .625, .5, .2125, .475). The leader A3 beats A4 by .2625 >= DQ = .25, but the
    best S is A2's and the best R is A4's, so A3 is not stable: compromise {A3, A4}.
    """
    X = [[0, 1, 4], [5, 2, 1], [0, 3, 5], [3, 4, 2], [2, 0, 3]]
    r = vikor(X, [2, 1, 2], ["higher"] * 3)
    np.testing.assert_allclose(r.S, [0.65, 0.5, 0.45, 0.46, 0.64], atol=1e-12)
    np.testing.assert_allclose(r.R, [0.4, 0.4, 0.4, 0.3, 0.24], atol=1e-12)
    np.testing.assert_allclose(r.Q, [1.0, 0.625, 0.5, 0.2125, 0.475], atol=1e-12)
    assert r.leader == 3
    assert r.acceptable_advantage and not r.acceptable_stability
    assert r.compromise.tolist() == [3, 4]


finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(2, 7), st.integers(1, 5)), elements=finite),
    st.floats(min_value=0.0, max_value=1.0),
    st.data(),
)
def test_vikor_invariants(x: np.ndarray, v: float, data: st.DataObject) -> None:
    """Q in [0, 1], 0 <= R <= S <= 1, the leader in the compromise set, row equivariance."""
    n = x.shape[1]
    w = data.draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    dirs = data.draw(st.lists(st.sampled_from(["higher", "lower"]), min_size=n, max_size=n))
    r = vikor(x, w, dirs, v=v)
    assert np.all((r.Q >= -1e-12) & (r.Q <= 1 + 1e-12))
    assert np.all(r.R <= r.S + 1e-12) and np.all(r.S <= 1 + 1e-12) and np.all(r.R >= 0)
    assert r.leader in r.compromise.tolist()
    perm = np.random.default_rng(x.size).permutation(x.shape[0])
    p = vikor(x[perm], w, dirs, v=v)
    np.testing.assert_allclose(p.S, r.S[perm], atol=1e-12)
    np.testing.assert_allclose(p.Q, r.Q[perm], atol=1e-12)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([[1, 2]], [1, 1], ["higher"] * 2), {}, "at least 2"),
        (([[1, 2], [2, 1]], [1], ["higher"] * 2), {}, "one weight"),
        (([[1, 2], [2, 1]], [1, -1], ["higher"] * 2), {}, ">= 0"),
        (([[1, 2], [2, 1]], [1, 1], ["higher"]), {}, "directions"),
        (([[1, 2], [2, 1]], [1, 1], ["up", "higher"]), {}, "up"),
        (([[1, 2], [2, 1]], [1, 1], ["higher"] * 2), {"v": 1.5}, "v = 1.5"),
    ],
)
def test_vikor_input_errors(args: tuple, kwargs: dict, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=match):
        vikor(*args, **kwargs)
