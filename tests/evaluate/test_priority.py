"""Diagnosis kernels: the seed survey's short board, IPA quadrants, invariants, input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate import priority as pr
from qualindex.evaluate.aggregate import weighted_mean

# Seed digest section 4, per-dimension scores with grade values 100/60/0 (satisfied/neutral/
# dissatisfied): attitude, efficiency, professionalism, security, reliability - worked by hand
# in tests/evaluate/test_fce.py::test_fce_seed_survey_1000_respondents.
SEED_SCORES = np.array([80.42, 64.86, 77.72, 81.48, 81.76])
SEED_WEIGHTS = np.array([0.25, 0.25, 0.2, 0.15, 0.15])


def test_seed_survey_short_board_is_efficiency() -> None:
    """The seed digest concludes that service efficiency (服务效率) is the weakest dimension and
    the first improvement target.

    Worked by hand with weights 0.25/0.25/0.2/0.15/0.15 and target 80: shortfalls W(100 - s) =
    4.895, 8.785, 4.456, 2.778, 2.736; improvement priorities W max(0, 80 - s) = 0, 3.785,
    0.456, 0, 0.  Efficiency is lowest, furthest below target and first by both measures.
    """
    boards = pr.short_boards(SEED_SCORES)
    assert boards.worst(1).tolist() == [1]
    assert boards.order.tolist() == [1, 2, 0, 3, 4]
    lost = pr.shortfall(SEED_WEIGHTS, SEED_SCORES)
    np.testing.assert_allclose(lost, [4.895, 8.785, 4.456, 2.778, 2.736], atol=1e-9)
    prio = pr.improvement_priority(SEED_WEIGHTS, SEED_SCORES, 80.0)
    np.testing.assert_allclose(prio, [0, 3.785, 0.456, 0, 0], atol=1e-9)
    targeted = pr.short_boards(SEED_SCORES, targets=80.0)
    assert targeted.below_target.tolist() == [False, True, True, False, False]
    np.testing.assert_allclose(targeted.gap, SEED_SCORES - 80.0)


def test_contributions_add_up_to_the_composite() -> None:
    """Contributions W s sum to the weighted mean; shortfalls to 100 minus it."""
    composite = float(weighted_mean(SEED_SCORES, SEED_WEIGHTS))
    np.testing.assert_allclose(pr.contribution(SEED_WEIGHTS, SEED_SCORES).sum(), composite)
    np.testing.assert_allclose(pr.shortfall(SEED_WEIGHTS, SEED_SCORES).sum(), 100 - composite)


def test_ipa_quadrants_martilla_james_hand_worked() -> None:
    """Importance-performance analysis (Martilla & James 1977) split at the means.

    Importance (0.30, 0.25, 0.20, 0.15, 0.10), mean 0.20; performance (60, 85, 70, 90, 65),
    mean 74.  Indicator 0: important, poor -> concentrate here (修补区); 1: important, good ->
    keep up the good work (优势区); 2: importance at the mean counts as high, performance
    70 < 74 -> concentrate here; 3: unimportant, good -> possible overkill (维持区);
    4: unimportant, poor -> low priority (机会区).
    """
    r = pr.importance_performance([0.30, 0.25, 0.20, 0.15, 0.10], [60, 85, 70, 90, 65])
    assert r.importance_cut == pytest.approx(0.20) and r.performance_cut == pytest.approx(74)
    assert r.keys() == (
        "concentrate_here",
        "keep_up",
        "concentrate_here",
        "overkill",
        "low_priority",
    )
    assert r.labels("zh") == ("修补区", "优势区", "修补区", "维持区", "机会区")
    assert r.labels("en")[1] == "Keep up the good work"


def test_ipa_given_cut_points_and_missing_values() -> None:
    r = pr.importance_performance(
        [0.5, 0.1, np.nan], [40, 95, 80], importance_cut=0.3, performance_cut=80
    )
    assert r.quadrant.tolist() == [0, 3, -1]
    assert r.keys()[2] == "" and not r.quadrant.flags.writeable


def test_ipa_scale_centred_cuts_bacon_2003_hand_worked() -> None:
    """Scale-centred cuts (Bacon 2003): importance at the mean weight 1/k, performance at a
    fixed point of the scale, so a uniformly good set is not split half good, half bad.

    Weights (0.30, 0.25, 0.20, 0.15, 0.10), k = 5, cut 1/5 = 0.2; scores (60, 85, 70, 90,
    65) are all above the cn-5 pass mark 60.  Data-centred (cut at the mean 74) indicators 0
    and 2 would be "concentrate here"; scale-centred none is: 0, 1, 2 keep up the good work
    (0.2 counts as high), 3 and 4 possible overkill.  Hand-worked.
    """
    w, s = [0.30, 0.25, 0.20, 0.15, 0.10], [60, 85, 70, 90, 65]
    ic, pc = pr.scale_cuts(5, (0.0, 100.0), [90, 80, 70, 60, 0])
    assert ic == pytest.approx(0.2) and pc == 60
    r = pr.importance_performance(w, s, importance_cut=ic, performance_cut=pc)
    assert r.keys() == ("keep_up", "keep_up", "keep_up", "overkill", "overkill")
    assert pr.importance_performance(w, s).keys()[0] == "concentrate_here"  # data-centred


def test_pass_mark_is_the_lowest_grade_threshold_above_the_floor() -> None:
    """The lowest band minimum above the scale's floor (cn-5: 60, GB/T 27922 stars: 70,
    A-grades: 50); without grades, or with only a band at the floor, the midpoint."""
    assert pr.pass_mark((0, 100), [90, 80, 70, 60, 0]) == 60
    assert pr.pass_mark((0, 100), [95, 90, 80, 70, 0]) == 70
    assert pr.pass_mark((0, 100), [90, 80, 70, 60, 50, 0]) == 50
    assert pr.pass_mark((0, 100), [90, 75]) == 75  # no band at the floor: below 75 is ungraded
    assert pr.pass_mark((0, 100)) == 50 and pr.pass_mark((0, 100), [0]) == 50
    assert pr.pass_mark((1, 5)) == 3
    with pytest.raises(InputError, match="k = 0 indicators"):
        pr.scale_cuts(0, (0, 100))


def test_labels_cover_every_quadrant_in_both_languages() -> None:
    for key in pr.IPA_QUADRANTS:
        assert pr.IPA_LABELS[key]["en"] and pr.IPA_LABELS[key]["zh"]


# --------------------------------------------------------------------------- properties

scores = arrays(np.float64, st.integers(1, 8), elements=st.floats(0.0, 100.0))


@settings(max_examples=80, deadline=None)
@given(scores, st.data())
def test_reordering_indicators_permutes_results(s: np.ndarray, data: st.DataObject) -> None:
    w = data.draw(arrays(np.float64, s.shape, elements=st.floats(0.01, 1.0)))
    perm = data.draw(st.permutations(range(s.size)))
    np.testing.assert_allclose(pr.contribution(w[perm], s[perm]), pr.contribution(w, s)[perm])
    ipa, ipa_p = pr.importance_performance(w, s), pr.importance_performance(w[perm], s[perm])
    assert ipa_p.quadrant.tolist() == ipa.quadrant[perm].tolist()
    order = pr.short_boards(s).order
    assert np.all(np.diff(s[order]) >= 0)


@settings(max_examples=80, deadline=None)
@given(scores, st.floats(0.0, 100.0))
def test_priority_is_zero_at_or_above_target(s: np.ndarray, target: float) -> None:
    p = pr.improvement_priority(np.ones_like(s), s, target)
    assert np.all(p >= 0)
    assert np.all(p[s >= target] == 0)


# --------------------------------------------------------------------------- input errors


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(InputError, match=r"global_weights \(3,\) and scores \(2,\) do not match"):
        pr.contribution([0.2, 0.3, 0.5], [50.0, 60.0])


def test_ipa_needs_one_value_per_indicator() -> None:
    with pytest.raises(InputError, match="one value per indicator"):
        pr.importance_performance(np.ones((2, 2)), np.ones((2, 2)))


def test_unknown_label_language() -> None:
    r = pr.importance_performance([1.0, 2.0], [3.0, 4.0])
    with pytest.raises(InputError, match="lang 'fr' is not one of en, zh"):
        r.labels("fr")


def test_short_boards_need_scores() -> None:
    with pytest.raises(InputError, match="one score per indicator"):
        pr.short_boards([])
