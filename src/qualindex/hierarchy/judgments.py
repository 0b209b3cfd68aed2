"""Expert judgment files: one file per expert, found by path or glob, checked together.

The checks of each set's content live in :mod:`qualindex.hierarchy.judgment_checks`
(shared with the ``judgments:`` inline in an index file).
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from qualindex.errors import JudgmentError, Problem, QualindexError
from qualindex.hierarchy.judgment_checks import check_judgment_set, duplicate_experts
from qualindex.hierarchy.load import load_presets, parse_spec
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Presets
from qualindex.hierarchy.schema import JudgmentSpec
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.texts import msg

__all__ = ["expand_judgment_paths", "load_judgments"]


def expand_judgment_paths(
    patterns: Iterable[str], base: Path | None = None, *, allow_empty: bool = False
) -> list[Path]:
    """Expand globs (relative to ``base``); a pattern that matches nothing is an error
    unless ``allow_empty`` (a run whose judgments are still being collected)."""
    out: list[Path] = []
    for pattern in patterns:
        full = str(base / pattern) if base and not Path(pattern).is_absolute() else pattern
        hits = sorted(glob.glob(full))
        if not hits and not allow_empty:
            raise JudgmentError(
                Problem(
                    msg("config.no_judgment_match", pattern=pattern), fix=msg("config.check_glob")
                )
            )
        out.extend(Path(h) for h in hits)
    return out


def load_judgments(
    paths: Sequence[str | Path], index: IndexSystem, *, presets: Presets | None = None
) -> tuple[JudgmentSet, ...]:
    """Load per-expert judgment files for ``index``; all problems of all files together."""
    presets = presets or load_presets()
    problems: list[Problem] = []
    sets: list[JudgmentSet] = []
    for path in paths:
        try:
            doc = read_yaml(path)
            spec = parse_spec(doc, JudgmentSpec)
        except QualindexError as exc:
            problems.extend(exc.problems)
            continue
        if spec.qualindex is None:
            problems.append(
                doc.problem((), msg("judgment.no_version"), fix=msg("judgment.no_version.fix"))
            )
        found, jset = check_judgment_set(spec, doc, (), index, presets)
        problems += found
        if jset is not None:
            sets.append(jset)
    problems += duplicate_experts([*index.judgments, *sets])
    if problems:
        raise JudgmentError(problems)
    return tuple(sets)
