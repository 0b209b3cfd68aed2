"""Periods in their order: explicit ``periods:`` wins, else the natural order of a pattern."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.evaluate.periods import order_periods, period_key


@pytest.mark.parametrize(
    "ordered",
    [
        ["2023", "2024", "2025"],
        ["2025-9", "2025-10", "2025-11", "2026-1"],
        ["2024/12", "2025/01", "2025/2"],
        ["2025年9月", "2025年10月", "2025年11月"],
        ["9月", "10月", "11月"],
        ["2024Q4", "2025-Q1", "2025 Q2", "2025q3"],
        ["Q1", "Q2", "Q3", "Q4"],
        ["一季度", "二季度", "三季度", "四季度"],
        ["第一季度", "第二季度", "第三季度", "第四季度"],
        ["2024年四季度", "2025年一季度", "2025年第二季度", "2025年3季度"],
        ["H1", "H2"],
        ["2024H2", "2025H1", "2025-H2"],
        ["上半年", "下半年"],
        ["2024-12-31", "2025-01-05", "2025-10-01"],
        ["2025/1/31", "2025/2/28", "2025/10/1"],
        ["2025年1月31日", "2025年2月1日"],
        ["2024-12-31 00:00:00", "2025-06-30 00:00:00"],
        ["1", "2", "10"],
        ["第1期", "第2期", "第10期"],
        ["2022学年", "2023学年", "2024学年"],
        ["2023年度", "2024年度"],
        ["2023届", "2024届", "2025届"],
        ["FY2023", "FY2024"],
        ["2022-2023学年", "2023—2024学年", "2024-2025学年"],
        ["2022-23", "2023-24"],
        ["2021/2022", "2022/2023"],
    ],
)
def test_natural_order(ordered: list[str]) -> None:
    shuffled = ordered[::-1] + ordered  # repeats are fine
    random.Random(0).shuffle(shuffled)
    assert order_periods(shuffled) == tuple(ordered)


def test_text_order_would_be_wrong() -> None:
    """The defect of issue 10: as text, 2025-10 sorts before 2025-9 and 三季度 before 二季度."""
    assert sorted(["2025-9", "2025-10"]) == ["2025-10", "2025-9"]
    assert order_periods(["2025-10", "2025-9"]) == ("2025-9", "2025-10")
    assert sorted(["一季度", "二季度", "三季度"]) != ["一季度", "二季度", "三季度"]
    assert order_periods(["三季度", "一季度", "二季度"]) == ("一季度", "二季度", "三季度")


def test_explicit_order_wins() -> None:
    explicit = ["baseline", "after pilot", "2025-10", "2025-9"]
    assert order_periods(["2025-9", "baseline", "2025-10"], explicit) == (
        "baseline",
        "2025-10",
        "2025-9",
    )


def test_label_missing_from_explicit_order() -> None:
    with pytest.raises(InputError, match=r"'2026' is not in periods: \[2024, 2025\]"):
        order_periods(["2024", "2026"], ["2024", "2025"])
    with pytest.raises(InputError, match="twice"):
        order_periods(["2024"], ["2024", "2024"])


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["2025", "2025Q1"], "mix patterns"),
        (["一季度", "2025Q2"], "mix patterns"),
        (["2025-9", "2025-10-01"], "mix patterns"),
        (["baseline", "follow-up"], "no known order"),
        (["2025-13", "2025-1"], "no known order"),
        (["2025-9", "2025-09"], "name the same period"),
    ],
)
def test_refusals_name_periods_setting(labels: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        order_periods(labels)
    if message != "name the same period":
        assert "periods: [...]" in str(info.value)


def test_single_label_needs_no_pattern() -> None:
    assert order_periods(["", ""]) == ("",)
    assert order_periods(["baseline"]) == ("baseline",)


def test_period_key_kinds() -> None:
    assert period_key("2025-Q1") == ("quarter", (2025, 1))
    assert period_key("一季度") == ("quarter without a year", (0, 1))
    assert period_key("2025年9月") == period_key("2025-9")
    assert period_key("next year") is None


@given(st.lists(st.tuples(st.integers(1990, 2100), st.integers(1, 12)), min_size=1, unique=True))
def test_months_sort_like_dates(months: list[tuple[int, int]]) -> None:
    """Property: any set of year-month labels orders as the (year, month) pairs."""
    labels = [f"{y}-{m}" for y, m in months]
    assert order_periods(labels) == tuple(f"{y}-{m}" for y, m in sorted(months))


def test_school_and_fiscal_years() -> None:
    """2023学年, 2023年度 and 2023 are one period (two spellings refused, as 2025-9 and
    2025-09); a span's second year must follow the first; 2011-12 stays December 2011
    unless it says 学年, and then it is a span that a set of months refuses as mixed."""
    assert period_key("2023学年") == period_key("2023") == period_key("2023年度")
    assert period_key("2023-2024学年") == period_key("2023—24") == ("span", (2023,))
    assert period_key("2023-2025学年") is None
    assert period_key("2011-12") == ("month", (2011, 12, 0))
    assert period_key("2011-12学年") == ("span", (2011,))
    with pytest.raises(InputError):
        order_periods(["2023", "2023学年"])
    with pytest.raises(InputError):
        order_periods(["2011-12", "2012-13"])  # a month and a span: say periods:
