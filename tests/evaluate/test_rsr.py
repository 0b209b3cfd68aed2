"""Rank-sum ratio: the probit grading table, the RSR definition on a worked example, the
non-integer ranks, invariants and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import norm

from qualindex.errors import InputError
from qualindex.evaluate.rsr import PROBIT_CUTPOINTS, rank_sum_ratio

# 田凤调's hospital example (某医院 1983-1992 工作质量, six indicators: cure rate, case
# fatality*, bed turnover, bed working days, bed occupancy, mean stay*; * = lower is better),
# as reprinted in 司守奎《数学建模算法与应用》ex. 14.8 with weights 0.093 ... 0.159.
HOSPITAL = np.array(
    [
        [75.2, 3.5, 38.2, 370.1, 101.5, 10.0],
        [76.1, 3.3, 36.7, 369.6, 101.0, 10.3],
        [80.4, 2.7, 30.5, 309.7, 84.8, 10.0],
        [77.8, 2.7, 36.3, 370.1, 101.4, 10.2],
        [75.9, 2.3, 38.9, 369.4, 101.2, 9.61],
        [74.3, 2.4, 36.7, 335.3, 91.9, 9.2],
        [74.6, 2.2, 37.5, 356.2, 97.6, 9.3],
        [72.1, 1.8, 40.3, 401.7, 101.1, 10.0],
        [72.8, 1.9, 37.1, 372.8, 102.1, 10.0],
        [72.1, 1.5, 33.2, 358.1, 97.8, 10.4],
    ]
)
HOSPITAL_DIRS = ["higher", "lower", "higher", "higher", "higher", "lower"]


@pytest.mark.parametrize(
    ("grades", "percentiles"),
    [
        (3, [15.866, 84.134]),
        (4, [6.681, 50.0, 93.319]),
        (5, [3.593, 27.425, 72.575, 96.407]),
        (6, [2.275, 15.866, 50.0, 84.134, 97.725]),
        (7, [1.618, 11.107, 37.346, 62.654, 88.893, 98.382]),
    ],
)
def test_rsr_probit_grading_table_tian_fengdiao(grades: int, percentiles: list[float]) -> None:
    """田凤调 (1993), 秩和比法及其应用, the table of grades, percentiles and probits (reprinted
    in the medical-statistics textbooks): each cut-point is 5 + z of its printed percentile,
    to the table's 2 decimals."""
    probits = 5.0 + norm.ppf(np.array(percentiles) / 100.0)
    np.testing.assert_allclose(PROBIT_CUTPOINTS[grades], probits, atol=5e-3 + 1e-12)


def test_rsr_integer_ranks_hospital_example_by_definition() -> None:
    """Integer ranks with tied values averaged (MATLAB's tiedrank, as in 司守奎 ex. 14.8);
    RSR = sum of ranks / (m n), WRSR = sum w_j R_ij / m.

    Checked by hand for 1983 (row 0): cure rate 75.2 is 6th smallest (72.1 twice, 72.8,
    74.3, 74.6 below it); fatality 3.5 is the worst (rank 1); bed working days 370.1 ties
    with 1986 at ranks 7-8 (7.5); mean stay 10.0 ties four ways at ranks 4-7 of the
    descending order (5.5). Ranks 6, 1, 8, 7.5, 9, 5.5.
    """
    r = rank_sum_ratio(HOSPITAL, HOSPITAL_DIRS)
    np.testing.assert_allclose(r.ranks[0], [6, 1, 8, 7.5, 9, 5.5])
    np.testing.assert_allclose(r.rsr, r.ranks.sum(axis=1) / (10 * 6), rtol=1e-12)
    w = np.array([0.093, 0.418, 0.132, 0.100, 0.098, 0.159])
    wr = rank_sum_ratio(HOSPITAL, HOSPITAL_DIRS, weights=w)
    np.testing.assert_allclose(wr.rsr, wr.ranks @ (w / w.sum()) / 10, rtol=1e-12)


def test_rsr_cumulative_frequency_table_with_ties() -> None:
    """The distribution table: distinct RSR values get the mean of the ranks they occupy,
    p = mean rank / m, the largest corrected to 1 - 1/(4m); probit = 5 + z(p).

    Two indicators, five entities (hand-ranked): ranks (1, 2), (2, 1), (3, 3), (4, 5),
    (5, 4) -> RSR = 0.3, 0.3, 0.6, 0.9, 0.9. Groups: 0.3 at ranks 1-2 (mean 1.5, p = 0.3),
    0.6 at rank 3 (p = 0.6), 0.9 at ranks 4-5 (corrected p = 1 - 1/20 = 0.95).
    """
    X = [[1, 2], [2, 1], [3, 3], [4, 5], [5, 4]]
    r = rank_sum_ratio(X, ["higher", "higher"])
    np.testing.assert_allclose(r.rsr, [0.3, 0.3, 0.6, 0.9, 0.9], rtol=1e-12)
    np.testing.assert_allclose(r.percentile, [0.3, 0.3, 0.6, 0.95, 0.95], rtol=1e-12)
    np.testing.assert_allclose(r.probit, 5 + norm.ppf([0.3, 0.3, 0.6, 0.95, 0.95]), rtol=1e-12)
    # the line is fitted over the three distinct (probit, RSR) points
    xs = 5 + norm.ppf([0.3, 0.6, 0.95])
    b, a = np.polyfit(xs, [0.3, 0.6, 0.9], 1)
    assert r.slope == pytest.approx(b, rel=1e-10) and r.intercept == pytest.approx(a, rel=1e-10)
    np.testing.assert_allclose(r.cutpoints, a + b * np.array([4.0, 6.0]), rtol=1e-10)


def test_rsr_non_integer_ranks_ge_xu() -> None:
    """戈早川 & 徐春华's non-integer ranks: R = 1 + (m - 1)(x - min)/(max - min), reversed for
    lower-is-better columns; min and max keep the integer ranks 1 and m.

    1983 cure rate 75.2 on [72.1, 80.4]: 1 + 9 * 3.1/8.3 = 4.3614."""
    r = rank_sum_ratio(HOSPITAL, HOSPITAL_DIRS, ranking="non_integer")
    assert r.ranks[0, 0] == pytest.approx(1 + 9 * 3.1 / 8.3, rel=1e-12)
    assert r.ranks[2, 0] == 10.0 and r.ranks[7, 0] == 1.0
    assert r.ranks[9, 1] == 10.0 and r.ranks[0, 1] == 1.0


def test_rsr_grades_follow_fitted_thresholds() -> None:
    r = rank_sum_ratio(HOSPITAL, HOSPITAL_DIRS, n_grades=4)
    expected = np.searchsorted(r.cutpoints, r.fitted, side="right") + 1
    np.testing.assert_array_equal(r.grades, expected)
    assert set(r.grades.tolist()) <= {1, 2, 3, 4}
    own = rank_sum_ratio(HOSPITAL, HOSPITAL_DIRS, probit_cutpoints=[5.0])
    np.testing.assert_array_equal(own.grades, (r.probit >= 5.0) + 1)


finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(3, 9), st.integers(1, 5)), elements=finite),
    st.sampled_from(["integer", "non_integer"]),
)
def test_rsr_in_unit_interval_and_row_equivariant(x: np.ndarray, ranking: str) -> None:
    """RSR lies in (0, 1] (ranks run from 1 to m); permuting entities permutes RSR."""
    try:
        r = rank_sum_ratio(x, ["higher"] * x.shape[1], ranking=ranking)  # type: ignore[arg-type]
    except InputError:
        return  # every entity has the same RSR: the regression is undefined
    assert np.all(r.rsr > 0) and np.all(r.rsr <= 1 + 1e-12)
    assert np.all((r.percentile > 0) & (r.percentile < 1))
    perm = np.random.default_rng(x.size).permutation(x.shape[0])
    p = rank_sum_ratio(x[perm], ["higher"] * x.shape[1], ranking=ranking)  # type: ignore[arg-type]
    np.testing.assert_allclose(p.rsr, r.rsr[perm], rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ranking": "fractional"}, "ranking"),
        ({"n_grades": 9}, "n_grades"),
        ({"probit_cutpoints": [6, 4]}, "increasing"),
        ({"weights": [1, 1]}, "weights"),
    ],
)
def test_rsr_input_errors(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match):
        rank_sum_ratio([[1, 2, 3], [2, 3, 1], [3, 1, 2]], ["higher"] * 3, **kwargs)  # type: ignore[arg-type]


def test_rsr_input_errors_shape_and_constant() -> None:
    with pytest.raises(InputError, match=">= 3 entities"):
        rank_sum_ratio([[1], [2]], ["higher"])
    with pytest.raises(InputError, match="same RSR"):
        rank_sum_ratio([[1, 3], [2, 2], [3, 1]], ["higher", "higher"])
    with pytest.raises(InputError, match="directions"):
        rank_sum_ratio([[1], [2], [3]], ["higher", "lower"])
