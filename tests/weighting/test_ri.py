"""Random-index tables: published values, ranges, interpolation and error messages."""

from __future__ import annotations

import numpy as np
import pytest

from qualindex.errors import InputError
from qualindex.weighting.ahp import ahp
from qualindex.weighting.ri import (
    RI_TABLE_NAMES,
    RITable,
    default_cr_limit,
    random_index,
    ri_table_from,
    ri_table_range,
    simulated_ri,
    simulated_ri_table,
)

SAATY_3X3 = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def test_table_names_are_the_documented_seven() -> None:
    assert set(RI_TABLE_NAMES) == {
        "saaty-1980",
        "saaty-2005",
        "donegan-dodd",
        "cn-1-15",
        "alonso-lamata",
        "alonso-lamata-table",
        "ahpsurvey",
    }


def test_random_index_saaty_1980_table_1_7() -> None:
    """Saaty (1980), *The Analytic Hierarchy Process*, Table 1.7 p. 21, n = 1..15.

    The dip at n = 12 (1.48 < 1.51) is in the published table.
    """
    published = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
    got = [random_index(n, "saaty-1980") for n in range(1, 16)]
    np.testing.assert_allclose(got, published, rtol=0, atol=1e-12)


def test_random_index_saaty_2005_anp_book_p31() -> None:
    """Saaty (2005), *Theory and Applications of the ANP*, p. 31 (AHPy's 'saaty' table)."""
    published = [0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59]
    got = [random_index(n, "saaty-2005") for n in range(3, 16)]
    np.testing.assert_allclose(got, published, rtol=0, atol=1e-12)


def test_random_index_donegan_dodd_1991_table() -> None:
    """Donegan & Dodd (1991), *Math. Comput. Modelling* 15(10), as tabulated in AHPy ('dd')."""
    published = {3: 0.4914, 4: 0.8286, 7: 1.2519, 10: 1.4055, 15: 1.4969, 20: 1.5371,
                 25: 1.5619, 50: 1.6102, 90: 1.6213, 100: 1.6339}  # fmt: skip
    for n, ri in published.items():
        assert random_index(n, "donegan-dodd") == pytest.approx(ri, abs=1e-12)


def test_random_index_donegan_dodd_interpolates_between_tabulated_sizes() -> None:
    """AHPy interpolates linearly between tabulated sizes (n = 22 lies between 20 and 25)."""
    expected = 1.5371 + (1.5619 - 1.5371) * (22 - 20) / (25 - 20)
    assert random_index(22, "donegan-dodd") == pytest.approx(expected, abs=1e-12)
    assert random_index(20, "donegan-dodd") < random_index(22, "donegan-dodd") < 1.5619


def test_random_index_cn_1_15_textbook_table() -> None:
    """The Chinese simulation table (domain catalogue §4, source S31), n = 1..15."""
    published = [0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59]
    got = [random_index(n, "cn-1-15") for n in range(1, 16)]
    np.testing.assert_allclose(got, published, rtol=0, atol=1e-12)


def test_random_index_alonso_lamata_2006_linear_fit() -> None:
    """Alonso & Lamata (2006): mean random lambda_max = 2.7699 n - 4.3513, so RI = CI of it.

    AHP-OS (Goepel) computes the same CR as (lambda_max - n) / (2.7699 n - 4.3513 - n).
    """
    for n in (3, 4, 9, 16, 40, 250):
        mean_lambda = 2.7699 * n - 4.3513
        assert random_index(n, "alonso-lamata") == pytest.approx(
            (mean_lambda - n) / (n - 1), rel=1e-15
        )
    res = ahp(SAATY_3X3, ri_table="alonso-lamata")
    assert res.cr == pytest.approx((res.lambda_max - 3) / (2.7699 * 3 - 4.3513 - 3), rel=1e-12)
    assert random_index(3, "alonso-lamata") == pytest.approx(0.4792, abs=1e-12)


@pytest.mark.parametrize("table", RI_TABLE_NAMES)
def test_random_index_is_zero_for_orders_one_and_two(table: str) -> None:
    assert random_index(1, table) == 0.0
    assert random_index(2, table) == 0.0


@pytest.mark.parametrize(("table", "top"), [("saaty-1980", 15), ("saaty-2005", 15),
                                            ("cn-1-15", 15), ("donegan-dodd", 100)])  # fmt: skip
def test_random_index_out_of_range_names_range_and_suggests_alonso_lamata(
    table: str, top: int
) -> None:
    assert ri_table_range(table) == (1, top)
    with pytest.raises(InputError, match=rf"n = {top + 1} .*'{table}'.*n = 1\.\.{top}.*alonso"):
        random_index(top + 1, table)


def test_random_index_alonso_lamata_has_no_upper_bound() -> None:
    assert ri_table_range("alonso-lamata") == (1, None)
    assert random_index(1000, "alonso-lamata") == pytest.approx(1.7699 - 2.5814 / 999, rel=1e-12)


def test_random_index_unknown_table_lists_choices() -> None:
    with pytest.raises(InputError, match=r"ri_table 'saaty'.*'saaty-1980'.*'alonso-lamata'"):
        random_index(4, "saaty")


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_random_index_rejects_bad_orders(n: object) -> None:
    with pytest.raises(InputError, match=r"n = .* must be an integer >= 1"):
        random_index(n, "saaty-1980")  # type: ignore[arg-type]


def test_saaty_3x3_cr_differs_by_table_as_in_peers_brief() -> None:
    """Saaty's 3x3 matrix (1,3,5 / 1/3,1,3 / 1/5,1/3,1): CR 0.0332 with RI 0.58 (Saaty 1980)
    and 0.0392 with RI 0.4914 (Donegan-Dodd), as tabulated in the peers brief (4 decimals)."""
    assert ahp(SAATY_3X3, ri_table="saaty-1980").cr == pytest.approx(0.0332, abs=5e-5)
    assert ahp(SAATY_3X3, ri_table="donegan-dodd").cr == pytest.approx(0.0392, abs=5e-5)


def test_default_cr_limit_by_order() -> None:
    """Saaty's thresholds: 5 % for n = 3, 8 % for n = 4, 10 % from n = 5."""
    assert [default_cr_limit(n) for n in (3, 4, 5, 9, 30)] == [0.05, 0.08, 0.10, 0.10, 0.10]
    assert default_cr_limit(1) >= 0 and default_cr_limit(2) >= 0
    with pytest.raises(InputError, match="must be an integer >= 1"):
        default_cr_limit(0)


def test_alonso_lamata_2006_tabulated_values_distinct_from_the_fit() -> None:
    """Alonso & Lamata (2006), IJUFKS 14(4): the simulated RI (100 000 matrices per size),
    n = 3..15, as published; the linear fit of the same paper is a separate table."""
    published = [0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141,
                 1.5365, 1.5551, 1.5713, 1.5838]  # fmt: skip
    got = [random_index(n, "alonso-lamata-table") for n in range(3, 16)]
    np.testing.assert_allclose(got, published, rtol=0, atol=1e-12)
    fit = [random_index(n, "alonso-lamata") for n in range(3, 16)]
    assert fit[0] == pytest.approx((1.7699 * 3 - 4.3513) / 2, abs=1e-12)
    assert max(abs(a - b) for a, b in zip(got, fit, strict=True)) > 0.01
    with pytest.raises(InputError, match=r"n = 16 is outside the 'alonso-lamata-table'"):
        random_index(16, "alonso-lamata-table")


def test_ahpsurvey_table_cho_2019_ahp_cr() -> None:
    """Cho (2019), ahpsurvey R/ahp_cr.R: RI(3) = 0.5251686, RI(5) = 1.1081014, RI(50) =
    1.7060381; the package covers n = 1..50."""
    assert random_index(3, "ahpsurvey") == 0.5251686
    assert random_index(5, "ahpsurvey") == 1.1081014
    assert random_index(50, "ahpsurvey") == 1.7060381
    assert ri_table_range("ahpsurvey") == (1, 50)


def test_simulated_ri_matches_ahpsurvey_ri5_within_monte_carlo_error() -> None:
    """ahpsurvey's RI(5) = 1.1081014 is the mean CI of random 5x5 matrices with judgments
    drawn uniformly from Saaty's 17 values (ahp.ri).  Our simulation draws the same way with
    NumPy's generator: it must agree within 4 standard errors."""
    draws = 20_000
    est = simulated_ri(5, draws, seed=7)
    # standard error: sd of the per-matrix CI is about 0.51 at n = 5 (checked by simulation)
    assert abs(est - 1.1081014) < 4 * 0.51 / np.sqrt(draws)
    assert simulated_ri(5, 500, seed=3) == simulated_ri(5, 500, seed=3)  # seeded, reproducible
    assert simulated_ri(5, 500, seed=3) != simulated_ri(5, 500, seed=4)


def test_simulated_table_is_a_named_table() -> None:
    table = simulated_ri_table(4, draws=2_000, seed=1)
    assert isinstance(table, RITable) and str(table) == "simulated-2000-seed-1"
    assert set(table.values) == {3, 4} and random_index(2, table) == 0.0
    assert ahp(SAATY_3X3, ri_table=table).ri == table.values[3]


def test_user_ri_values_become_a_table() -> None:
    table = ri_table_from({3: 0.52, 4: 0.89, 5: 1.11})
    assert str(table) == "user" and random_index(4, table) == 0.89
    res = ahp(SAATY_3X3, ri_table=table)
    assert res.cr == pytest.approx(res.ci / 0.52, rel=1e-15)
    assert ri_table_range(table) == (1, 5)
    assert table == ri_table_from({5: 1.11, 4: 0.89, 3: 0.52})
    assert table != ri_table_from({3: 0.58, 4: 0.89, 5: 1.11})
    with pytest.raises(InputError, match=r"n = 6 is not in the random-index table 'user' "):
        random_index(6, table)


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        ({}, r"must be a non-empty mapping"),
        ({3: -0.5}, r"RI\(3\) = -0.5 must be a finite number > 0"),
        ({2: 0.3}, r"RI\(2\) = 0.3 must be 0"),
        ({"x": 0.5}, r"key 'x' must be an integer matrix order"),
        ({3: "a"}, r"RI\(3\) = 'a' must be a number"),
    ],
)
def test_user_ri_values_rejected_with_the_rule(values: dict, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        ri_table_from(values)
