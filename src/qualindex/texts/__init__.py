"""Every sentence a person reads, in Chinese and English: one catalogue of coded messages.

A message is a stable **code** plus **params** (``msg("data.not_number", value="6,5")``);
its words live in the catalogue modules of this package (``hierarchy``, ``data``,
``weighting``, ``evaluate``, ``cli``, ``names``, ``report``,
``questionnaire``, ``decision``), one ``(zh, en)`` pair per code, and a test
checks that both languages use the same ``{params}``.  :class:`Msg` is a ``str`` (so notes,
warnings and ``Problem.message`` keep working as text) rendered in the language that is
current when it is made, and :meth:`Msg.render` gives it again in any language: a report in
English re-renders the notes an evaluation made while the terminal spoke Chinese.

The language is chosen, highest first, by the command's ``--lang``, the run config's
``report.lang`` (when the file sets it), ``QUALINDEX_LANG``, then the locale
(``LC_ALL``/``LC_MESSAGES``/``LANG`` starting with ``zh`` → Chinese, anything else → English).
The CLI sets it for one command with :func:`use_lang`; the library reads :func:`current_lang`.

This module sits on the ground floor: every layer may import it, it imports none.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, cast

from qualindex.choices import Lang
from qualindex.texts import cli as _cli
from qualindex.texts import data as _data
from qualindex.texts import decision as _decision
from qualindex.texts import document as _document
from qualindex.texts import evaluate as _evaluate
from qualindex.texts import hierarchy as _hierarchy
from qualindex.texts import names as _names
from qualindex.texts import questionnaire as _questionnaire
from qualindex.texts import report as _report
from qualindex.texts import stream as _stream
from qualindex.texts import weighting as _weighting

__all__ = [
    "CATALOGUE",
    "LANGS",
    "Code",
    "Msg",
    "choose_lang",
    "code",
    "current_lang",
    "display",
    "in_lang",
    "msg",
    "param_names",
    "render",
    "text_dict",
    "use_lang",
]

LANGS = ("zh", "en")


def _merge(*parts: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = out.keys() & part.keys()
        if twice:  # pragma: no cover - a catalogue bug, caught by the first import in CI
            raise RuntimeError(f"message codes defined twice: {sorted(twice)}")
        out.update(part)
    return out


#: code -> (zh, en); read-only.
CATALOGUE: Mapping[str, tuple[str, str]] = MappingProxyType(
    _merge(
        _hierarchy.TEXTS,
        _data.TEXTS,
        _weighting.TEXTS,
        _evaluate.TEXTS,
        _cli.TEXTS,
        _names.TEXTS,
        _stream.TEXTS,
        _report.TEXTS,
        _document.TEXTS,
        _questionnaire.TEXTS,
        _decision.TEXTS,
    )
)

_LANG: ContextVar[str | None] = ContextVar("qualindex_lang", default=None)


def _check(lang: str, source: str) -> str:
    low = lang.strip().lower()
    if low.startswith("zh"):
        return "zh"
    if low.startswith("en"):
        return "en"
    # ValueError, not InputError: errors.py builds on this module (the CLI reports it)
    raise ValueError(render("lang.unknown", {"lang": lang, "source": source}, "en"))


def choose_lang(option: str | None = None, config: str | None = None) -> str:
    """The language by precedence: ``option``, ``config``, ``QUALINDEX_LANG``, the locale, en."""
    if option:
        return _check(option, "--lang")
    if config:
        return _check(config, "report.lang")
    env = os.environ.get("QUALINDEX_LANG", "").strip()
    if env:
        return _check(env, "QUALINDEX_LANG")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        # C/POSIX name no language (containers, CI): fall through to the default
        if value and value.split(".")[0].upper() not in ("C", "POSIX"):
            return "zh" if value.lower().startswith("zh") else "en"
    # no language named anywhere: English, so that a message not yet in the catalogue and
    # one that is never mix two languages on one line
    return "en"


def current_lang() -> Lang:
    """The language messages are made in now: the one :func:`use_lang` set, else by precedence."""
    return cast(Lang, _LANG.get() or choose_lang())


@contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Make messages in ``lang`` (``None``: by precedence) inside the block."""
    chosen = _check(lang, "--lang") if lang else current_lang()
    token = _LANG.set(chosen)
    try:
        yield chosen
    finally:
        _LANG.reset(token)


def set_lang(lang: str) -> None:
    """Make messages in ``lang`` from now on in this context (the CLI, for one command)."""
    _LANG.set(_check(lang, "--lang"))


def param_names(text: str) -> frozenset[str]:
    """The ``{placeholders}`` of a catalogue text (format specs and conversions dropped)."""
    return frozenset(
        name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name
    )


def render(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The words of ``code`` in ``lang`` (default: the current one), ``{params}`` filled in."""
    entry = CATALOGUE.get(code)
    if entry is None:
        raise KeyError(f"no message {code!r} in qualindex.texts")
    chosen = lang or current_lang()
    text = entry[0] if chosen == "zh" else entry[1]
    # always formatted, also without params: ``{{`` in a catalogue text is a literal brace
    return text.format(**_in(params or {}, chosen))


def _in(params: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    """Params as words of ``lang``: a nested message or a method code is rendered in it."""
    if not any(isinstance(v, (Msg, Code)) for v in params.values()):
        return params
    return {k: v.render(lang) if isinstance(v, (Msg, Code)) else v for k, v in params.items()}


class Code(str):
    """A raw method code as a message param (``code("missing", "impute-mean")``): Chinese text
    shows its display name (:mod:`qualindex.texts.names`), English the code people write."""

    kind: str

    def __new__(cls, kind: str, value: str) -> Code:
        self = super().__new__(cls, value)
        self.kind = kind
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Code, (self.kind, str(self)))

    def render(self, lang: str) -> str:
        """The name in ``lang``: the display name in zh, the code itself in en."""
        return display(self.kind, str(self), lang) if lang == "zh" else str(self)


def code(kind: str, value: str) -> Code:
    """``value``, a method code of ``kind``, as a message param (see :class:`Code`)."""
    return Code(kind, value)


class Msg(str):
    """A coded message: a ``str`` in the language current when made, re-rendered on demand."""

    code: str
    params: Mapping[str, Any]

    def __new__(
        cls, code: str, params: Mapping[str, Any] | None = None, lang: str | None = None
    ) -> Msg:
        frozen = MappingProxyType(dict(params or {}))
        self = super().__new__(cls, render(code, frozen, lang or current_lang()))
        self.code = code
        self.params = frozen
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (worker processes) keep code and params
        return (Msg, (self.code, dict(self.params)))

    def render(self, lang: str) -> str:
        """These words in ``lang``."""
        return render(self.code, self.params, lang)

    def as_dict(self) -> dict[str, Any]:
        """``{"code", "params", "message"}`` for JSON outputs."""
        return {"code": self.code, "params": _plain(self.params), "message": str(self)}


_MADE: dict[tuple[Any, ...], Msg] = {}  # the same message again (100,000 bad cells) is reused


def msg(code: str, /, **params: Any) -> Msg:
    """The message ``code`` with ``params``, in the current language."""
    lang = current_lang()
    try:
        # a nested message or code is told apart by its own code or kind, not its text alone
        key = (code, lang, *((k, type(v), _tag(v), v) for k, v in params.items()))
        made = _MADE.get(key)
    except TypeError:  # a list among the params: not hashable, made afresh
        return Msg(code, params, lang)
    if made is None:
        made = Msg(code, params, lang)
        if len(_MADE) > 4096:
            _MADE.clear()
        _MADE[key] = made
    return made


def _tag(value: Any) -> Any:
    if isinstance(value, Msg):
        return (value.code, tuple(value.params.items()))
    return value.kind if isinstance(value, Code) else None


def in_lang(text: str | None, lang: str) -> str | None:
    """``text`` in ``lang``: a :class:`Msg` re-rendered, any other text as it is."""
    if isinstance(text, Msg):
        return text.render(lang)
    if text is None:
        return None
    return str(text)


def text_dict(text: str) -> dict[str, Any]:
    """A note or warning for JSON: ``{"code", "params", "message"}`` (code ``None`` if uncoded)."""
    if isinstance(text, Msg):
        return text.as_dict()
    return {"code": None, "params": {}, "message": str(text)}


def display(kind: str, value: str, lang: str | None = None) -> str:
    """The display name of a raw setting (``display("aggregation", "weighted-mean")``).

    Falls back to the raw value when the catalogue has no name for it (a user's own word).
    """
    code = f"name.{kind}.{value}"
    return render(code, None, lang) if code in CATALOGUE else value


def _plain(value: Any) -> Any:
    """Params as JSON values (numpy scalars to numbers, tuples to lists, NaN to null)."""
    if isinstance(value, Msg):
        return value.as_dict()
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return _plain(item())
    return str(value)
