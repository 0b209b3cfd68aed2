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
    Cycle,
    allowed_values,
    format_judgment,
    hints,
    induced_bias,
    judgment_errors,
    nearest_saaty,
    ordinal_cycles,
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
    judgment (Saaty 2003) is (0, 3); restoring 8 crosses 1, so only a repair allowed to reverse
    finds the one-step fix, and with a limit of (almost) 0 it is 8 itself.  Under Saaty's
    limit 0.08 the smallest log change that suffices is 1/2 -> 3."""
    a = CONSISTENT_4.copy()
    a[0, 3], a[3, 0] = 0.5, 2.0
    assert ahp(a).cr > default_cr_limit(4)
    worst = worst_judgments(a, k=2)
    assert (worst[0].i, worst[0].j, worst[0].current) == (0, 3, 0.5)
    assert worst[0].error < 1 and worst[0].consistent > 1
    assert worst[0].suggested == 0.5  # nearest value on the expert's side of 1
    enough = repair(a, allow_reversal=True)
    assert [(c.i, c.j, c.new) for c in enough.changes] == [(0, 3, 3.0)]
    res = repair(a, allow_reversal=True, cr_limit=1e-10)
    assert res.reached and res.status == "repaired" and len(res.changes) == 1
    change = res.changes[0]
    assert (change.i, change.j, change.old, change.new) == (0, 3, 0.5, 8.0)
    assert change.reversal
    assert res.cr == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(res.matrix, CONSISTENT_4, rtol=1e-15)
    kept = repair(a)  # the expert's direction (1 < 4) is kept: other judgments move instead
    assert all(not c.reversal for c in kept.changes)
    assert kept.matrix[0, 3] < 1


def test_the_issue_12_reversal_cannot_happen_by_default() -> None:
    """Issue 12: "experience is 3x as important as clinical" (a = 3 > 1) was turned into 1/8.
    A repair keeps every judgment on its side of 1 unless allowed to reverse."""
    a = matrix_from_upper([3, 1 / 5, 1 / 7, 1 / 3, 5, 3], 4)
    res = repair(a)
    upper = np.triu_indices(4, 1)
    assert np.all(np.sign(np.log(res.matrix[upper])) == np.sign(np.log(a[upper])))


def test_worst_judgments_fields_and_suggestion_rule() -> None:
    """Each fix carries eps_ij, the consistent value w_i/w_j, its nearest Saaty value in log
    terms on the side of 1 of the judgment and the CR after that single change."""
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
        side = [v for v in SAATY_VALUES if np.sign(np.log(v)) == np.sign(np.log(f.current))]
        nearest = min(side, key=lambda v: abs(np.log(v) - np.log(f.consistent)))
        assert f.suggested == nearest
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
        ({"exact_budget": -1}, r"exact_budget = -1 must be an integer >= 0"),
        ({"allow_reversal": 1}, r"allow_reversal = 1 must be True or False"),
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
    res = repair(a, method=method, exact_budget=20_000)
    assert res.cr <= res.cr_before + 1e-15
    assert res.reached == (res.cr <= res.cr_limit)
    previous = res.cr_before
    for change in res.changes:
        assert change.cr_before == pytest.approx(previous, rel=1e-12, abs=1e-15)
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
    batch = repair_batch(np.stack(stack), max_changes=3, exact_budget=5_000)
    for e, m in enumerate(stack):
        single = repair(m, max_changes=3, exact_budget=5_000)
        np.testing.assert_array_equal(batch.matrices[e], single.matrix)
        assert batch.cr[e] == single.cr and batch.reached[e] == single.reached
        assert batch.n_changes[e] == len(single.changes)


# ------------------------------------------------ repairs that respect the expert (issue 12)


def _side(x: float) -> int:
    return 0 if abs(np.log(x)) < 1e-9 else int(np.sign(np.log(x)))


def _brute_force(a: np.ndarray, limit: float, allow_reversal: bool) -> tuple[int, float]:
    """Fewest changed judgments, then least total |log change|, over every allowed matrix."""
    n = a.shape[0]
    iu, ju = np.triu_indices(n, 1)
    choices = [
        sorted({*allowed_values(a[i, j], allow_reversal=allow_reversal), a[i, j]})
        for i, j in zip(iu, ju, strict=True)
    ]
    grids = np.meshgrid(*choices, indexing="ij")
    vals = np.stack([g.ravel() for g in grids], axis=1)
    stack = np.repeat(a[None], len(vals), axis=0)
    stack[:, iu, ju] = vals
    stack[:, ju, iu] = 1 / vals
    from qualindex.weighting.ahp import ahp_batch

    cr = ahp_batch(stack).cr
    changed = np.abs(np.log(vals) - np.log(a[iu, ju])) > 1e-12
    cost = np.where(changed, np.abs(np.log(vals) - np.log(a[iu, ju])), 0).sum(axis=1)
    ok = cr <= limit
    count = changed.sum(axis=1)[ok]
    fewest = int(count.min())
    return fewest, float(cost[ok][count == fewest].min())


def _reachable(a: np.ndarray, limit: float, allow_reversal: bool) -> bool:
    try:
        _brute_force(a, limit, allow_reversal)
    except ValueError:  # min of an empty array: no allowed matrix is within the limit
        return False
    return True


def _matrices(n: int) -> st.SearchStrategy[np.ndarray]:
    size = n * (n - 1) // 2
    return st.lists(st.sampled_from(SAATY_SCALE), min_size=size, max_size=size).map(
        lambda v: matrix_from_upper(v, n)
    )


@settings(max_examples=60, deadline=None)
@given(a=st.one_of(_matrices(3), _matrices(4), _matrices(5)))
def test_repair_never_crosses_1_unless_allowed(a: np.ndarray) -> None:
    res = repair(a, exact_budget=5_000)
    iu, ju = np.triu_indices(a.shape[0], 1)
    for i, j in zip(iu, ju, strict=True):
        assert _side(res.matrix[i, j]) == _side(a[i, j])
    assert not any(c.reversal for c in res.changes)
    assert set(np.round(res.matrix[iu, ju], 12)) <= set(np.round(SAATY_VALUES, 12)) | set(
        np.round(a[iu, ju], 12)
    )


@settings(max_examples=60, deadline=None)
@given(a=_matrices(3), allow=st.booleans())
def test_repair_is_minimal_against_brute_force_n3(a: np.ndarray, allow: bool) -> None:
    """Minimal = fewest changed judgments, then least total |ln a'_ij - ln a_ij| (exhaustive
    check over Saaty's scale, same side of 1 unless reversal is allowed)."""
    limit = default_cr_limit(3)
    res = repair(a, allow_reversal=allow)
    if res.cr_before <= limit:
        assert res.changes == () and res.status == "consistent"
        return
    if not _reachable(a, limit, allow):
        assert not res.reached and res.exact
        return
    fewest, cost = _brute_force(a, limit, allow)
    assert res.reached and res.exact
    assert len({(c.i, c.j) for c in res.changes}) == len(res.changes) == fewest
    assert res.total_log_change == pytest.approx(cost, rel=1e-12, abs=1e-12)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=_matrices(4))
def test_repair_is_minimal_against_brute_force_n4(a: np.ndarray) -> None:
    limit = default_cr_limit(4)
    res = repair(a)
    if res.cr_before <= limit:
        assert res.changes == ()
        return
    if not _reachable(a, limit, False):
        assert not res.reached and res.exact
        return
    fewest, cost = _brute_force(a, limit, False)
    assert res.reached and res.exact and len(res.changes) == fewest
    assert res.total_log_change == pytest.approx(cost, rel=1e-12, abs=1e-12)


def test_repair_minimal_on_the_issue_12_matrix_brute_force() -> None:
    """A fixed 4x4 case checked exhaustively (the hypothesis test above samples others)."""
    a = matrix_from_upper([1 / 8, 1 / 9, 1 / 7, 6, 4, 8], 4)
    res = repair(a)
    fewest, cost = _brute_force(a, 0.08, False)
    assert fewest == 2
    assert res.reached and len(res.changes) == fewest
    assert res.total_log_change == pytest.approx(cost, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(a=st.one_of(_matrices(3), _matrices(4), _matrices(5)), allow=st.booleans())
def test_first_repair_step_equals_first_hint(a: np.ndarray, allow: bool) -> None:
    res = repair(a, allow_reversal=allow, exact_budget=5_000)
    tips = hints(a, allow_reversal=allow, exact_budget=5_000)
    assert len(tips) == len(res.changes)
    if res.changes:
        first, tip = res.changes[0], tips[0]
        assert (tip.i, tip.j, tip.current, tip.suggested) == (
            first.i,
            first.j,
            first.old,
            first.new,
        )
        assert tip.cr_after == first.cr_after
    assert hints(a, k=1, exact_budget=5_000) == tips[:1] or allow


@settings(max_examples=60, deadline=None)
@given(a=st.one_of(_matrices(3), _matrices(4), _matrices(6)), data=st.data())
def test_intransitive_triad_is_reported_as_ordinal_inconsistency(
    a: np.ndarray, data: st.DataObject
) -> None:
    """Kwiesielewicz & van Uden (2004): a > b, b > c, c > a cannot be weighted consistently."""
    n = a.shape[0]
    x, y, z = data.draw(st.permutations(range(n)))[:3]
    big = st.sampled_from([2.0, 3.0, 5.0, 7.0, 9.0])
    for u, v in ((x, y), (y, z), (z, x)):
        value = data.draw(big)
        a[u, v], a[v, u] = value, 1 / value
    cycles = ordinal_cycles(a, max_cycles=10_000)
    assert cycles, "an intransitive triad must be found"
    # the reported cycles are shortest paths: with n > 3 another node may close a shorter
    # cycle through the same strict judgment, so only at n = 3 is the triad itself certain
    if n == 3:
        assert any(set(c.items) == {x, y, z} for c in cycles)
    for c in cycles:
        assert ">" in c.relations
        for k, u in enumerate(c.items):
            v = c.items[(k + 1) % len(c.items)]
            assert (a[u, v] > 1) if c.relations[k] == ">" else a[u, v] == 1
    if n == 3:
        res = repair(a)
        assert res.status == "ordinal" and not res.reached
        text = res.describe(["a", "b", "c"])
        assert text.startswith("ordinal inconsistency: cycle ")
        assert "cannot be fixed without reversing a judgment" in text


def _cycles_by_search_only(a: np.ndarray) -> set[tuple[int, ...]]:
    """Every cycle the breadth-first search finds from every strict judgment, with no
    pruning: the definition ordinal_cycles' transitive-closure shortcut must keep."""
    from qualindex.weighting import diagnose

    logs = np.log(a)
    strict = logs >= diagnose._TIE
    found: dict[tuple[int, ...], Cycle] = {}
    for weak in (False, True):
        reach = strict | (weak & (np.abs(logs) < diagnose._TIE))
        np.fill_diagonal(reach, False)
        adjacent = [np.flatnonzero(row).tolist() for row in reach]
        for i, j in zip(*np.nonzero(strict), strict=True):
            path = diagnose._shortest_path(adjacent, int(j), int(i))
            if path is not None:
                diagnose._add_cycle(found, strict, [int(i), *path[:-1]], 2)
    return set(found)


@settings(max_examples=150, deadline=None)
@given(a=st.one_of(_matrices(3), _matrices(4), _matrices(5), _matrices(7)))
def test_ordinal_cycles_closure_shortcut_finds_what_the_full_search_finds(a: np.ndarray) -> None:
    """Skipping the judgments whose far end cannot reach back (and transitive matrices
    altogether) loses no cycle: the same set as searching from every strict judgment."""
    got = {c.items for c in ordinal_cycles(a, max_cycles=10_000)}
    assert got == _cycles_by_search_only(a)


def test_ordinal_cycle_with_a_tie_and_transitive_matrices() -> None:
    a = matrix_from_upper([1, 3, 1 / 3], 3)  # a = b, a > c, c > b: a > c > b = a
    (cycle,) = ordinal_cycles(a)
    assert cycle.text(["a", "b", "c"]) == "a > c > b = a"
    assert ordinal_cycles(CONSISTENT_4) == ()
    assert ordinal_cycles(DRINKS) == ()
    # ... though DRINKS has "0 > 3 = 5 = 0" (a single step of 2 closed by two ties)
    weak = ordinal_cycles(DRINKS, min_strict=1)
    assert Cycle((0, 3, 5), (">", "=", "=")) in weak
    assert ordinal_cycles(np.ones((4, 4))) == ()  # all ties: no strict relation, no cycle


def test_ordinal_cycle_repaired_only_by_reversal() -> None:
    a = matrix_from_upper([3, 1 / 3, 3], 3)  # 0 > 1, 1 > 2, 2 > 0
    kept = repair(a)
    assert kept.status == "ordinal" and kept.cycles_after
    assert "cycle 0 > 1 > 2 > 0" in kept.describe()
    freed = repair(a, allow_reversal=True)
    assert freed.reached and len(freed.changes) == 1 and freed.changes[0].reversal
    assert freed.cycles_after == ()


def test_cr_compared_at_full_precision() -> None:
    """Issue 12: "CR 0.080 > 0.08" for a true 0.0801; the limit test uses the exact CR."""
    a = matrix_from_upper([3, 1 / 5, 1 / 7, 1 / 3, 5, 3], 4)
    cr = ahp(a).cr
    assert repair(a, cr_limit=cr).status == "consistent"
    assert repair(a, cr_limit=np.nextafter(cr, 0)).status != "consistent"


def test_format_judgment_in_file_notation() -> None:
    assert [format_judgment(v) for v in (1 / 3, 3.0, 1.0, 1 / 9, 9.0)] == [
        "1/3", "3", "1", "1/9", "9",
    ]  # fmt: skip
    assert format_judgment(2.5) == "2.5" and format_judgment(0.4) == "0.4"
    with pytest.raises(InputError, match="must be a finite ratio > 0"):
        format_judgment(0)


def test_allowed_values_keep_the_side_of_1() -> None:
    assert allowed_values(3) == (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
    assert allowed_values(1 / 3) == tuple(1 / v for v in range(9, 1, -1))
    assert allowed_values(1) == (1.0,)
    assert allowed_values(1, allow_reversal=True) == SAATY_VALUES


def test_induced_bias_ergu_2011_theorem() -> None:
    """Ergu et al. (2011), Theorem 1: C = AA - nA is zero iff A is consistent; a single
    perturbed judgment shows as the largest |c_ij| in its row and column."""
    np.testing.assert_allclose(induced_bias(CONSISTENT_4), 0.0, atol=1e-12)
    a = CONSISTENT_4.copy()
    a[0, 3], a[3, 0] = 0.5, 2.0
    c = np.abs(induced_bias(a))
    assert np.unravel_index(np.argmax(c), c.shape) in {(0, 3), (3, 0)}
