"""The ground floor: helpers every layer shares (array typing, coercion, choices, freezing).

Nothing here knows about index systems, YAML or files; any module may import it, and no
module imports another module's private helpers instead.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.texts import msg

__all__ = [
    "BoolArray",
    "FloatArray",
    "IntArray",
    "as_float",
    "check_choice",
    "did_you_mean",
    "freeze",
    "freeze_fields",
    "frozen_map",
    "limit_text",
    "missing_pairs",
    "shown_against",
    "to_float",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def to_float(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a float64 array (no copy if it is one), without checking the values."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {x!r} ({exc})") from None


def as_float(x: ArrayLike, name: str, *, allow_nan: bool = True) -> FloatArray:
    """``x`` as a float64 array; infinities (and NaN unless allowed) are refused by position."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {x!r} ({exc})") from None
    bad = np.isinf(arr) if allow_nan else ~np.isfinite(arr)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "finite or NaN (missing)" if allow_nan else "finite"
        raise InputError(
            f"{name}{list(where)} = {arr[where]} must be {kind}; "
            "replace infinities by a measured value or NaN"
        )
    return arr


def check_choice(value: object, choices: Collection[object], name: str) -> None:
    """Refuse ``value`` unless it is one of ``choices``; the message lists them."""
    if value not in choices:
        hint = did_you_mean(str(value), choices)
        raise InputError(
            msg(
                "core.not_a_choice",
                name=name,
                value=value,
                choices=", ".join(map(str, choices)),
                hint=hint or msg("core.use_one"),
            )
        )


def freeze(arr: ArrayLike, dtype: Any = np.float64) -> Any:
    """A read-only copy of ``arr`` (float64 unless ``dtype``): results share no writable array."""
    out: NDArray[Any] = np.array(arr, dtype=dtype)
    out.setflags(write=False)
    return out


def freeze_fields(obj: Any) -> None:
    """Make every ndarray field of a (frozen) dataclass read-only, in ``__post_init__``."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            value.setflags(write=False)


def frozen_map(items: Mapping[Any, Any] | None = None) -> Mapping[Any, Any]:
    """A read-only view of a copy of ``items``."""
    return MappingProxyType(dict(items or {}))


def did_you_mean(word: str, choices: Any) -> str | None:
    """``"did you mean 'x'?"`` for the closest of ``choices``, or None."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return msg("core.did_you_mean", word=match[0]) if match else None


def shown_against(value: float, limit: float, *, digits: int = 3) -> str:
    """``value`` with enough decimals that, printed beside ``limit``, the comparison reads true.

    ``CR 0.0801`` is over 0.08, but ``0.080 > 0.08`` reads false: the decimals grow (from
    ``digits``, up to 10) until the rounded value is on the same side of the limit as the
    value itself.
    """
    for d in range(digits, 11):
        shown = round(value, d)
        if (shown > limit) == (value > limit) and (shown == limit) == (value == limit):
            return f"{value:.{d}f}"
    return repr(value)


def percent_against(share: float, minimum: float) -> tuple[str, str]:
    """A share and its minimum as percentages that read true side by side: 64.5 % of the
    weight under a 65 % minimum is not printed as "65% (minimum 65%)"."""
    return shown_against(share * 100, minimum * 100, digits=0) + "%", f"{minimum * 100:g}%"


def limit_text(limit: float) -> str:
    """A CR limit as people write it: ``0.10``, ``0.08``, ``0.05`` (and ``0.085`` in full)."""
    return f"{limit:.2f}" if abs(limit - round(limit, 2)) < 1e-12 else f"{limit:g}"


def missing_pairs(ids: Sequence[str], seen: Collection[frozenset[str]]) -> list[str]:
    """Every unordered pair of ``ids`` not in ``seen``, written ``(a, b)`` in the ids' order."""
    return [
        f"({a}, {b})"
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if frozenset((a, b)) not in seen
    ]


def text_cells(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters (汉字) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad_cells(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (``str.ljust`` counts characters,
    so a Chinese name would push the next column right)."""
    return text + " " * max(width - text_cells(text), 0)
