"""Every word a report shows, in Chinese and English: the report's view of :mod:`qualindex.texts`.

Templates, tables and charts never hold literal text; they ask :func:`t` for a code, so a
wording changes in one place and both languages always cover the same codes (a test checks
that).  The words themselves live in :mod:`qualindex.texts.report` (one catalogue for the
whole tool, so a note an evaluation makes and the report that shows it speak alike).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from qualindex.errors import InputError
from qualindex.hierarchy.model import did_you_mean
from qualindex.texts import CATALOGUE, LANGS, render
from qualindex.texts import document as _document
from qualindex.texts import report as _report

__all__ = ["LANGS", "MESSAGES", "check_lang", "t"]

#: key -> {"zh": ..., "en": ...}; read-only (the report codes of the catalogue).
MESSAGES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        key: MappingProxyType({"zh": CATALOGUE[key][0], "en": CATALOGUE[key][1]})
        for key in {**_report.TEXTS, **_document.TEXTS}
    }
)


def check_lang(lang: str) -> str:
    """Return ``lang`` if reports exist in it, else raise :class:`InputError`."""
    if lang not in LANGS:
        raise InputError(f"lang={lang!r} is not one of {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str, /, **fields: Any) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` placeholders filled from ``fields``."""
    if key not in MESSAGES:
        hint = did_you_mean(key, MESSAGES)
        raise KeyError(f"no report message {key!r}" + (f" ({hint})" if hint else ""))
    return render(key, fields, check_lang(lang))
