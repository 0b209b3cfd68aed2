"""The words of the questionnaires, in zh and en: a view of :mod:`qualindex.texts`.

The words live in :mod:`qualindex.texts.questionnaire` under ``questionnaire.<key>``; this
module keeps the questionnaire writers' lookup by key (:func:`t`) and the per-language
table the offline page's script reads (:data:`TEXT`).
"""

from __future__ import annotations

from qualindex.texts import CATALOGUE, LANGS, render
from qualindex.texts import questionnaire as _questionnaire

__all__ = ["TEXT", "t"]

_PREFIX = "questionnaire."

#: lang -> key -> text (plain dicts: the page's script gets them as JSON).
TEXT: dict[str, dict[str, str]] = {
    lang: {
        code.removeprefix(_PREFIX): CATALOGUE[code][LANGS.index(lang)]
        for code in _questionnaire.TEXTS
    }
    for lang in LANGS
}


def t(lang: str, key: str, **kw: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``kw``."""
    return render(_PREFIX + key, kw, lang)
