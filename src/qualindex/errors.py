"""One exception family for every user error, so the CLI can translate them in one place.

Every error carries a list of located :class:`Problem` records.  A library caller
catches :class:`QualindexError` (a ``ValueError``) and reads ``.problems``; the CLI
prints each problem on one line (at most 50 per file, then a count of the rest) and
exits with code 1; ``str(error)`` likewise lists the first 50.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from qualindex.texts import Msg, in_lang, msg

__all__ = [
    "MAX_MESSAGE_PROBLEMS",
    "DataError",
    "IndexFileError",
    "InputError",
    "JudgmentError",
    "Problem",
    "QualindexError",
]


MAX_MESSAGE_PROBLEMS = 50  # problems in str(error); ``.problems`` always holds every one


@dataclass(frozen=True)
class Problem:
    """One located problem: where it is, what is wrong, and how to fix it.

    ``file``/``line``/``col`` are 1-based and optional (a kernel called from a
    notebook has no file); ``path`` is the dotted location inside the document
    (``children[0].children[1].direction``) or a data location (``row 7, column 'latency'``).
    """

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    path: str | None = None
    fix: str | None = None

    @property
    def code(self) -> str | None:
        """The stable message code (``None`` for a text made without the catalogue)."""
        return self.message.code if isinstance(self.message, Msg) else None

    @property
    def params(self) -> Mapping[str, Any]:
        """The values the message names (empty for an uncoded text)."""
        return self.message.params if isinstance(self.message, Msg) else {}

    def render(self, lang: str) -> str:
        """The problem on one line, its words in ``lang``."""
        text = in_lang(self.message, lang) or ""
        fix = in_lang(self.fix, lang)
        return self._line(text, fix)

    def as_dict(self) -> dict[str, Any]:
        """For JSON: the location, ``code``/``params``, and ``message``/``fix`` as rendered."""
        data = self.message.as_dict() if isinstance(self.message, Msg) else None
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "code": data["code"] if data else None,
            "params": data["params"] if data else {},
            "message": str(self.message),
            "fix": None if self.fix is None else str(self.fix),
        }

    def location(self) -> str:
        parts = [p for p in (self.file, self.line, self.col) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        return self._line(str(self.message), self.fix)

    def _line(self, message: str, fix: str | None) -> str:
        head = self.location()
        text = f"{self.path}: {message}" if self.path else message
        if fix:
            text = f"{text} ({fix})"
        return f"{head}: {text}" if head else text


class QualindexError(ValueError):
    """Base class: a user error with one or more located problems."""

    def __init__(self, problems: str | Problem | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = [str(p) for p in self.problems[:MAX_MESSAGE_PROBLEMS]]
        if len(self.problems) > MAX_MESSAGE_PROBLEMS:
            rest = len(self.problems) - MAX_MESSAGE_PROBLEMS
            shown.append(msg("error.more_problems", rest=rest))
        super().__init__("\n".join(shown))


class InputError(QualindexError):
    """Bad arguments to a numeric kernel (shape, sign, non-finite values)."""


class IndexFileError(QualindexError):
    """An index-system, preset or run-config YAML file is malformed or invalid."""


class JudgmentError(QualindexError):
    """Judgments (pairwise, scores) are malformed, missing, contradictory or inconsistent."""


class DataError(QualindexError):
    """A data file (CSV, xlsx, Parquet) has bad cells, missing columns or duplicate entities."""
