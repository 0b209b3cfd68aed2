"""Inconsistency diagnosis and greedy repair: published rules, invariants and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.weighting.ahp import METHODS, ahp, matrix_from_upper
from qualindex.weighting.diagnose import (
    SAATY_VALUES,
    judgment_errors,
    nearest_saaty,
    repair,
    repair_batch,
    worst_judgments,
)
from qualindex.weighting.ri import default_cr_limit

# Saaty (2008), Int. J. Services Sciences 1(1), Table 2 (drinks), CR = .022.
DRINKS = np.array(
    [
        [1, 9, 5, 2, 1, 1, 1 / 2],
        [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
        [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
        [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [1, 9, 4, 2, 1, 2, 1 / 2],
        [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [2, 9, 9, 3, 2, 3, 1],
    ]
)

# Consistent matrix with every ratio on Saaty's scale: w = (8, 4, 2, 1).
CONSISTENT_4 = np.array([8.0, 4.0, 2.0, 1.0])[:, None] / np.array([8.0, 4.0, 2.0, 1.0])[None, :]

SAATY_SCALE = list(SAATY_VALUES)


def test_saaty_scale_has_seventeen_values_with_reciprocals() -> None:
    assert len(SAATY_VALUES) == 17
    assert SAATY_VALUES[0] == pytest.approx(1 / 9) and SAATY_VALUES[-1] == 9
    assert SAATY_VALUES[8] == 1


def test_judgment_errors_saaty_2003_definition_on_saaty_2008_drinks() -> None:
    """Saaty (2003), EJOR 145, p. 89: eps_ij = a_ij w_j / w_i with w the principal eigenvector;
    eps_ji = 1 / eps_ij.  Checked on Saaty's (2008) published drinks matrix."""
    eps = judgment_errors(DRINKS)
    w = ahp(DRINKS).weights
    np.testing.assert_allclose(eps, DRINKS * w[None, :] / w[:, None], rtol=1e-14)
    np.testing.assert_allclose(eps * eps.T, np.ones((7, 7)), rtol=1e-13)
    np.testing.assert_allclose(np.diag(eps), 1.0, rtol=1e-14)


def test_repair_leaves_saaty_2008_drinks_unchanged() -> None:
    """Saaty (2008) Table 2 reports C.R. = .022, within Saaty's 10 % limit for n = 7:
    nothing must be changed."""
    res = repair(DRINKS)
    assert res.reached and res.changes == ()
    assert res.cr == pytest.approx(0.022, abs=5e-4)
    np.testing.assert_array_equal(res.matrix, DRINKS)


def test_single_wrong_judgment_found_and_undone_bozoki_fulop_poesz_2011() -> None:
    """Bozóki, Fülöp & Poesz (2011), CEJOR 19: a matrix that differs from a consistent one in a
    single element can be made consistent by modifying that one element.  Mis-entering
    a_14 = 1/2 instead of 8 in the consistent matrix of w = (8, 4, 2, 1): the most inconsistent
    judgment (Saaty 2003) is (0, 3), and one repair step restores 8 and CR = 0."""
    a = CONSISTENT_4.copy()
    a[0, 3], a[3, 0] = 0.5, 2.0
    assert ahp(a).cr > default_cr_limit(4)
    worst = worst_judgments(a, k=2)
    assert (worst[0].i, worst[0].j, worst[0].current) == (0, 3, 0.5)
    assert worst[0].error < 1 and worst[0].consistent > 1
    res = repair(a)
    assert res.reached and len(res.changes) == 1
    change = res.changes[0]
    assert (change.i, change.j, change.old, change.new) == (0, 3, 0.5, 8.0)
    assert res.cr == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(res.matrix, CONSISTENT_4, rtol=1e-15)


def test_worst_judgments_fields_and_suggestion_rule() -> None:
    """Each fix carries eps_ij, the consistent value w_i/w_j, its nearest Saaty value in log
    terms (AHP-OS style suggestion) and the CR after that single change."""
    a = matrix_from_upper([5, 1 / 3, 7, 1 / 5, 1 / 4, 3, 7, 9, 1 / 2, 3], 5)
    w = ahp(a).weights
    fixes = worst_judgments(a, k=3)
    assert len(fixes) == 3
    errors = [abs(np.log(f.error)) for f in fixes]
    assert errors == sorted(errors, reverse=True)
    for f in fixes:
        assert f.i < f.j and f.current == a[f.i, f.j]
        assert f.consistent == pytest.approx(w[f.i] / w[f.j], rel=1e-12)
        assert f.error == pytest.approx(a[f.i, f.j] * w[f.j] / w[f.i], rel=1e-12)
        assert f.suggested == nearest_saaty(f.consistent)
        changed = a.copy()
        changed[f.i, f.j], changed[f.j, f.i] = f.suggested, 1 / f.suggested
        assert f.cr_after == pytest.approx(ahp(changed).cr, rel=1e-10)
    assert len(worst_judgments(a, k=50)) == 10


def test_nearest_saaty_uses_log_distance() -> None:
    assert nearest_saaty(1.0) == 1.0
    assert nearest_saaty(2.9) == 3.0
    assert nearest_saaty(1 / 2.9) == pytest.approx(1 / 3)
    # sqrt(2) = 1.4142 is the log midpoint of 1 and 2 (linear rounding would give 1 for 1.42)
    assert nearest_saaty(1.41) == 1.0 and nearest_saaty(1.42) == 2.0
    assert nearest_saaty(7.6) == 8.0 and nearest_saaty(7.4) == 7.0
    assert nearest_saaty(500.0) == 9.0 and nearest_saaty(1e-4) == pytest.approx(1 / 9)
    with pytest.raises(InputError, match=r"x = -1 must be a finite ratio > 0"):
        nearest_saaty(-1)


def test_repair_respects_max_changes_and_explicit_limit() -> None:
    a = matrix_from_upper([5, 1 / 3, 7, 1 / 5, 1 / 4, 3, 7, 9, 1 / 2, 3], 5)
    one = repair(a, max_changes=1)
    assert len(one.changes) == 1 and one.cr < one.cr_before and not one.reached
    zero = repair(a, max_changes=0)
    assert zero.changes == () and zero.cr == zero.cr_before
    strict = repair(a, cr_limit=0.02)
    assert strict.cr_limit == 0.02 and (strict.cr <= 0.02) == strict.reached


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"cr_limit": -0.1}, r"cr_limit = -0.1 must be a finite number >= 0"),
        ({"max_changes": -1}, r"max_changes = -1 must be an integer >= 0 or None"),
        ({"method": "lsm"}, r"method 'lsm' is not a priority method"),
        ({"ri_table": "nope"}, r"ri_table 'nope' is not a known random-index table"),
    ],
)
def test_repair_rejects_bad_options(kwargs: dict[str, object], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        repair(DRINKS, **kwargs)  # type: ignore[arg-type]


def test_worst_judgments_rejects_bad_k_and_matrix() -> None:
    with pytest.raises(InputError, match=r"k = 0 must be an integer >= 1"):
        worst_judgments(DRINKS, k=0)
    with pytest.raises(InputError, match=r"matrix\[0, 1\] = -9 must be > 0"):
        worst_judgments(np.where(DRINKS == 9, -9, DRINKS))


# --------------------------------------------------------------------- properties

matrices = st.integers(3, 7).flatmap(
    lambda n: st.lists(
        st.sampled_from(SAATY_SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2
    ).map(lambda v, n=n: matrix_from_upper(v, n))
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=matrices, method=st.sampled_from(METHODS))
def test_repair_never_raises_cr_and_reports_success_honestly(a: np.ndarray, method: str) -> None:
    res = repair(a, method=method)
    assert res.cr <= res.cr_before + 1e-15
    assert res.reached == (res.cr <= res.cr_limit)
    previous = res.cr_before
    for change in res.changes:
        assert change.cr_before == pytest.approx(previous, rel=1e-12, abs=1e-15)
        assert change.cr_after < change.cr_before
        assert change.new in SAATY_VALUES and change.i < change.j
        previous = change.cr_after
    assert res.cr == pytest.approx(previous, rel=1e-12, abs=1e-15)
    final = ahp(res.matrix, method=method)
    assert final.cr == pytest.approx(res.cr, rel=1e-12, abs=1e-15)


five_by_five = st.lists(st.sampled_from(SAATY_SCALE), min_size=10, max_size=10).map(
    lambda v: matrix_from_upper(v, 5)
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stack=st.lists(five_by_five, min_size=1, max_size=4))
def test_repair_batch_equals_repair_per_matrix(stack: list[np.ndarray]) -> None:
    batch = repair_batch(np.stack(stack), max_changes=3)
    for e, m in enumerate(stack):
        single = repair(m, max_changes=3)
        np.testing.assert_array_equal(batch.matrices[e], single.matrix)
        assert batch.cr[e] == single.cr and batch.reached[e] == single.reached
        assert batch.n_changes[e] == len(single.changes)
