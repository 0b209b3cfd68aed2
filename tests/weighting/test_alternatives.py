"""Synthesis kernels for alternatives: published numbers and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.weighting.alternatives import (
    competition_ranks,
    direct_group,
    measured_priorities,
    ratings_priorities,
    synthesize,
)


def test_belton_gear_1983_distributive_priorities() -> None:
    """Belton & Gear (1983), Omega 11(3):228-230, three equally weighted criteria."""
    local = [[1 / 11, 9 / 11, 1 / 11], [9 / 11, 1 / 11, 1 / 11], [8 / 18, 9 / 18, 1 / 18]]
    s = synthesize(local, [1 / 3] * 3)
    assert s.priorities.round(2).tolist() == [0.45, 0.47, 0.08]
    assert s.ranks.tolist() == [2, 1, 3]


def test_direct_group_normalises_each_expert_then_weights() -> None:
    # R ahp's `score`: priority = score / sum(scores); experts then averaged with weights
    got = direct_group([[2, 5, 10], [1, 1, 0]], [3, 1])
    assert got.tolist() == pytest.approx(
        [(3 * 2 / 17 + 0.5) / 4, (3 * 5 / 17 + 0.5) / 4, 3 * 10 / 17 / 4]
    )


def test_measured_lower_is_reciprocal() -> None:
    assert measured_priorities([10, 20, 40], direction="lower").tolist() == pytest.approx(
        [4 / 7, 2 / 7, 1 / 7]
    )
    with pytest.raises(InputError, match="must be > 0"):
        measured_priorities([0, 1], direction="lower")
    with pytest.raises(InputError, match="not all 0"):
        measured_priorities([0, 0])


def test_ratings_use_idealised_intensities() -> None:
    assert ratings_priorities([4, 2, 1], [1, 0, 2, 2]).tolist() == [0.5, 1.0, 0.25, 0.25]
    with pytest.raises(InputError, match="names no intensity"):
        ratings_priorities([4, 2, 1], [3])


def test_ties_share_the_better_rank() -> None:
    assert competition_ranks([0.3, 0.5, 0.3, 0.1]).tolist() == [2, 1, 2, 4]


def test_synthesis_refuses_bad_input() -> None:
    with pytest.raises(InputError, match="do not match"):
        synthesize([[0.5, 0.5]], [0.5, 0.5])
    with pytest.raises(InputError, match="every alternative 0"):
        synthesize([[0.0, 0.0]], [1.0])
    with pytest.raises(InputError, match="not one of"):
        synthesize([[1.0, 0.0]], [1.0], mode="other")  # type: ignore[arg-type]


def _local(k: int, m: int) -> st.SearchStrategy[np.ndarray]:
    return arrays(float, (k, m), elements=st.floats(0.01, 1.0))


@st.composite
def models(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    k = draw(st.integers(1, 6))
    m = draw(st.integers(2, 7))
    local = draw(_local(k, m))
    w = draw(arrays(float, (k,), elements=st.floats(0.01, 1.0)))
    return local / local.sum(axis=1, keepdims=True), w / w.sum()


@settings(max_examples=60, deadline=None)
@given(models())
def test_distributive_priorities_sum_to_one(model: tuple[np.ndarray, np.ndarray]) -> None:
    local, w = model
    s = synthesize(local, w)
    assert s.priorities.sum() == pytest.approx(1.0, abs=1e-12)
    assert s.score.sum() == pytest.approx(1.0, abs=1e-12)  # rows sum to 1 already
    assert s.contributions.sum(axis=0) == pytest.approx(s.priorities, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(models())
def test_ideal_mode_best_per_criterion_is_one(model: tuple[np.ndarray, np.ndarray]) -> None:
    local, w = model
    s = synthesize(local, w, mode="ideal")
    assert s.used.max(axis=1) == pytest.approx(np.ones(len(w)), abs=1e-12)
    assert s.priorities.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(models())
def test_invariant_to_the_order_of_alternatives(model: tuple[np.ndarray, np.ndarray]) -> None:
    local, w = model
    perm = np.random.default_rng(len(w) * 31 + local.shape[1]).permutation(local.shape[1])
    for mode in ("distributive", "ideal"):
        a = synthesize(local, w, mode=mode)  # type: ignore[arg-type]
        b = synthesize(local[:, perm], w, mode=mode)  # type: ignore[arg-type]
        assert b.priorities == pytest.approx(a.priorities[perm], abs=1e-12)
        assert b.ranks.tolist() == a.ranks[perm].tolist()


@settings(max_examples=40, deadline=None)
@given(models())
def test_ideal_mode_is_unmoved_by_a_dominated_copy(model: tuple[np.ndarray, np.ndarray]) -> None:
    """Adding a copy of an alternative that is nowhere the best leaves the ideal scores of
    the others unchanged (Saaty & Vargas 1993); the distributive ones may move."""
    local, w = model
    best = local.argmax(axis=1)
    worst = [j for j in range(local.shape[1]) if j not in set(best.tolist())]
    if not worst:
        return
    j = worst[0]
    raw = np.concatenate([local, local[:, [j]]], axis=1)
    before = synthesize(local, w, mode="ideal").score
    after = synthesize(raw / raw.sum(axis=1, keepdims=True), w, mode="ideal").score
    assert after[:-1] == pytest.approx(before, rel=1e-12)
