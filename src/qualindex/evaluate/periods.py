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
year               ``2025``, ``2025年``
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

from qualindex.errors import InputError

__all__ = ["order_periods", "period_key"]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?P<y>\d{4})"
_SEP = r"\s*[-/._]?\s*"
_QN = r"(?P<q>[1-4])"
_CNQ = r"第?(?P<q>[一二三四1-4])季度?"
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, has_year, re.compile(rx, re.IGNORECASE))
    for kind, has_year, rx in (
        ("year", "y", rf"{_Y}年?"),
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
        raise InputError(
            f"period {unknown[0]!r} has no known order (labels: {_some(distinct)}); "
            "list the periods earliest first as periods: [...] in the run configuration's data:"
        )
    kinds = {key[0] for key in keys.values() if key is not None}
    if len(kinds) > 1:
        first = {k: next(lb for lb, key in keys.items() if key and key[0] == k) for k in kinds}
        shown = ", ".join(f"{v!r} ({k})" for k, v in sorted(first.items()))
        raise InputError(
            f"period labels mix patterns: {shown}; write them one way, or list the periods "
            "earliest first as periods: [...] in the run configuration's data:"
        )
    return _by_key(keys)


def _by_key(keys: dict[str, tuple[str, tuple[int, ...]] | None]) -> tuple[str, ...]:
    seen: dict[tuple[int, ...], str] = {}
    for label, key in keys.items():
        assert key is not None
        if key[1] in seen:
            raise InputError(
                f"periods {seen[key[1]]!r} and {label!r} name the same period; "
                "write it one way in every file"
            )
        seen[key[1]] = label
    return tuple(seen[k] for k in sorted(seen))


def _explicit(distinct: list[str], explicit: Sequence[str]) -> tuple[str, ...]:
    order = [str(p) for p in explicit]
    twice = [p for i, p in enumerate(order) if p in order[:i]]
    if twice:
        raise InputError(f"periods: lists {twice[0]!r} twice; list each period once")
    missing = [label for label in distinct if label not in order]
    if missing:
        raise InputError(
            f"period {missing[0]!r} is not in periods: [{', '.join(order)}]; "
            "add it to the list of periods, earliest first (data.periods in a run "
            "configuration, --periods with --data)"
        )
    present = set(distinct)
    return tuple(p for p in order if p in present)


def _some(labels: Sequence[str], n: int = 6) -> str:
    shown = ", ".join(repr(x) for x in labels[:n])
    return shown + (" ..." if len(labels) > n else "")
