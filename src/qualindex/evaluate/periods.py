"""The order of period labels: an explicit list wins, else the natural order of a pattern.

Period labels are text as people write them (``2025-9``, ``2025Q1``, ``一季度``).
Sorting them as text puts ``2025-10`` before ``2025-9``; a change "since the
previous period" computed in that order runs backwards.  :func:`order_periods`
therefore recognises the common patterns below and sorts by their meaning.
Every label of a set must match the same kind of pattern; a mixed set, or one
that matches none, is refused with a message that names ``periods:``, the run
configuration's explicit order.

=================  ==========================================================
kind               labels (examples)
=================  ==========================================================
number             ``1``, ``2``, ``第3期``, ``第2轮`` (waves, rounds: 1 to 3 digits)
year               ``2025``, ``2025年``, ``2025年度``, ``2025学年``, ``2025届``, ``FY2025``
span               ``2024-2025学年``, ``2024—25``, ``2024/2025`` (school or fiscal years)
half-year          ``H1``, ``2025H1``, ``2025-H2``, ``上半年``, ``2025年下半年``
quarter            ``2025Q1``, ``2025-Q1``, ``2025 Q1``, ``Q1 2025``, ``Q1``,
                   ``2025年一季度``, ``2025年第1季度``, ``一季度``, ``第四季度``
month              ``2025-9``, ``2025/09``, ``2025.9``, ``2025年9月``, ``9月``
date               ``2025-09-30``, ``2025/9/30``, ``2025年9月30日``, ``2025-09-30 00:00:00``
=================  ==========================================================

A label without a year (``一季度``, ``H2``, ``9月``) sorts within one year; a set
mixing labels with and without a year is a mixed set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qualindex.errors import InputError, Problem
from qualindex.texts import display, msg

__all__ = ["order_periods", "period_key"]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?P<y>\d{4})"
_SEP = r"\s*[-/._]?\s*"
_QN = r"(?P<q>[1-4])"
_CNQ = r"第?(?P<q>[一二三四1-4])季度?"
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, has_year, re.compile(rx, re.IGNORECASE))
    for kind, has_year, rx in (
        # a year as Chinese tables name it: 2025年度, 2025学年, 2025财年, 2025届, FY2025
        ("year", "y", rf"(?:FY\s*)?{_Y}\s*(?:年度|学年|财年|届|年|FY)?"),
        # a school or fiscal year over two calendar years: 2024-2025学年, 2024—25, 2024/2025
        ("span", "y", rf"{_Y}\s*[-/—–~～至到]\s*(?P<y2>\d{{4}}|\d{{2}})\s*(?P<sy>学年|年度|财年)?"),
        ("number", "y", r"第?\s*(?P<n>\d{1,3})\s*[期轮次]?"),
        ("half", "y", rf"{_Y}{_SEP}H(?P<h>[12])"),
        ("half", "y", rf"{_Y}年?(?P<cnh>[上下])半年"),
        ("half", "", r"H(?P<h>[12])"),
        ("half", "", r"(?P<cnh>[上下])半年"),
        ("quarter", "y", rf"{_Y}{_SEP}Q{_QN}"),
        ("quarter", "y", rf"Q{_QN}{_SEP}{_Y}"),
        ("quarter", "y", rf"{_Y}年?\s*{_CNQ}"),
        ("quarter", "", rf"Q{_QN}"),
        ("quarter", "", _CNQ),
        ("month", "y", rf"{_Y}\s*[-/.]\s*(?P<m>\d{{1,2}})"),
        ("month", "y", rf"{_Y}年\s*(?P<m>\d{{1,2}})\s*月"),
        ("month", "", r"(?P<m>\d{1,2})\s*月"),
        (
            "date",
            "y",
            rf"{_Y}\s*[-/.]\s*(?P<m>\d{{1,2}})\s*[-/.]\s*(?P<d>\d{{1,2}})"
            r"(?:[ T]00:00(?::00(?:\.0+)?)?)?",
        ),
        ("date", "y", rf"{_Y}年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"),
    )
)


def period_key(label: str) -> tuple[str, tuple[int, ...]] | None:
    """``(kind, sort key)`` of one label, or None if it matches no pattern.

    The kind includes whether the label names a year (``quarter`` vs ``quarter/no-year``),
    so that ``2025Q1`` and ``一季度`` are not silently ordered together.
    """
    text = label.strip()
    for kind, has_year, rx in _PATTERNS:
        m = rx.fullmatch(text)
        if m is None:
            continue
        parts = m.groupdict()
        year = int(parts["y"]) if parts.get("y") else 0
        if parts.get("y2"):  # the second year follows the first: 2024-2025, 2024-25
            y2 = parts["y2"]
            follows = int(y2) == (year + 1 if len(y2) == 4 else (year + 1) % 100)
            # 2011-12 is December 2011 unless it says 学年/年度/财年 (then a span)
            month = len(y2) == 2 and int(y2) <= 12 and not parts.get("sy")
            if not follows or month:
                continue
            return ("span", (year,))
        if parts.get("n"):
            return ("number", (int(parts["n"]),))
        if parts.get("h"):
            sub: tuple[int, ...] = (int(parts["h"]),)
        elif parts.get("cnh"):
            sub = (1 if parts["cnh"] == "上" else 2,)
        elif parts.get("q"):
            sub = (_CN_DIGITS[parts["q"]],)
        elif parts.get("m"):
            sub = (int(parts["m"]), int(parts["d"]) if parts.get("d") else 0)
            if not 1 <= sub[0] <= 12 or (kind == "date" and not 1 <= sub[1] <= 31):
                return None
        else:
            sub = ()
        return (kind if has_year else f"{kind} without a year", (year, *sub))
    return None


def order_periods(labels: Iterable[str], explicit: Sequence[str] | None = None) -> tuple[str, ...]:
    """The distinct labels, earliest first.

    Parameters
    ----------
    labels
        Period labels as they appear in the data (repeats allowed).
    explicit
        The run configuration's ``periods:`` list; when given it is the order, and a
        label missing from it is an error.

    Returns
    -------
    tuple of str
        Every distinct label once, in time order.

    Raises
    ------
    InputError
        A label outside ``explicit``; a set mixing patterns or matching none; two
        spellings of one period (``2025-9`` and ``2025-09``).
    """
    distinct = list(dict.fromkeys(labels))
    if explicit is not None:
        return _explicit(distinct, explicit)
    if len(distinct) <= 1:
        return tuple(distinct)
    keys = {label: period_key(label) for label in distinct}
    unknown = [label for label, key in keys.items() if key is None]
    if unknown:
        raise _refuse(
            msg("data.period.unknown", label=unknown[0], labels=_some(distinct)),
            msg("data.period.unknown.fix"),
        )
    kinds = {key[0] for key in keys.values() if key is not None}
    if len(kinds) > 1:
        first = {k: next(lb for lb, key in keys.items() if key and key[0] == k) for k in kinds}
        shown = ", ".join(f"{v!r} ({display('period', k)})" for k, v in sorted(first.items()))
        raise _refuse(msg("data.period.mixed", shown=shown), msg("data.period.mixed.fix"))
    return _by_key(keys)


def _by_key(keys: dict[str, tuple[str, tuple[int, ...]] | None]) -> tuple[str, ...]:
    seen: dict[tuple[int, ...], str] = {}
    for label, key in keys.items():
        assert key is not None
        if key[1] in seen:
            raise _refuse(
                msg("data.period.same", first=seen[key[1]], label=label),
                msg("data.period.same.fix"),
            )
        seen[key[1]] = label
    return tuple(seen[k] for k in sorted(seen))


def _explicit(distinct: list[str], explicit: Sequence[str]) -> tuple[str, ...]:
    order = [str(p) for p in explicit]
    twice = [p for i, p in enumerate(order) if p in order[:i]]
    if twice:
        raise _refuse(msg("data.period.twice", label=twice[0]), msg("data.period.twice.fix"))
    missing = [label for label in distinct if label not in order]
    if missing:
        raise _refuse(
            msg("data.period.not_listed", label=missing[0], order=", ".join(order)),
            msg("data.period.not_listed.fix"),
        )
    present = set(distinct)
    return tuple(p for p in order if p in present)


def _refuse(message: str, fix: str) -> InputError:
    """The refusal, its fix apart (the data reader places it at the label's first cell)."""
    return InputError(Problem(message, fix=fix))


def _some(labels: Sequence[str], n: int = 6) -> str:
    shown = ", ".join(repr(x) for x in labels[:n])
    return shown + (" ..." if len(labels) > n else "")
