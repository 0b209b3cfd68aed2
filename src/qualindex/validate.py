"""Validate any mix of qualindex YAML files: index systems, judgments, run configs, presets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualindex.errors import Problem, QualindexError
from qualindex.hierarchy.judgments import expand_judgment_paths, load_judgments
from qualindex.hierarchy.load import load_index, load_presets, parse_spec
from qualindex.hierarchy.model import IndexSystem
from qualindex.hierarchy.runconfig import attach_alternatives, detect_kind, load_run_config
from qualindex.hierarchy.schema import IndexSpec, JudgmentSpec
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.texts import msg, text_dict

__all__ = ["FileReport", "validate_paths"]


@dataclass
class FileReport:
    file: str
    kind: str | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "notes": [text_dict(n) for n in self.notes],
        }


def validate_paths(paths: Sequence[str | Path]) -> list[FileReport]:
    """Check every file; judgment files are checked against index files given alongside."""
    reports: dict[str, FileReport] = {}
    docs: dict[str, Any] = {}
    for path in paths:
        name = str(path)
        try:
            docs[name] = read_yaml(path)
            reports[name] = FileReport(name, detect_kind(docs[name].data))
        except QualindexError as exc:
            reports[name] = FileReport(name, None, list(exc.problems))
    indexes: dict[str, IndexSystem] = {}
    # indexes first, so that judgment files given in the same call can be matched to them
    order = sorted(reports.values(), key=lambda r: r.kind != "index")
    for report in order:
        if report.problems:
            continue
        check = _CHECKS.get(report.kind or "", _unknown_kind)
        try:
            check(report, indexes)
        except QualindexError as exc:
            report.problems.extend(exc.problems)
    return [reports[str(p)] for p in paths]


def _check_index(report: FileReport, indexes: dict[str, IndexSystem]) -> None:
    index = load_index(report.file)
    indexes[index.id] = index
    report.notes.append(
        msg("validate.index_ok", id=index.id, version=index.version, n=len(index.leaves()))
    )


def _check_judgments(report: FileReport, indexes: dict[str, IndexSystem]) -> None:
    spec = parse_spec(read_yaml(report.file), JudgmentSpec)
    ref = (spec.index or "").partition("@")[0]
    if not ref and len(indexes) == 1:
        ref = next(iter(indexes))  # a file naming no index goes with the one given beside it
    if ref in indexes:
        index = indexes[ref]
        load_judgments([report.file], index)
        # say what it was checked against, so an empty line is never mistaken for "not checked"
        report.notes.append(msg("validate.checked_against", id=index.id, version=index.version))
    elif indexes:  # given beside index files, but it names none of them (or several came)
        ids = ", ".join(sorted(indexes))
        report.notes.append(msg("validate.structure_only_which", ref=ref or "—", ids=ids))
    else:
        report.notes.append(msg("validate.structure_only"))


def _check_config(report: FileReport, indexes: dict[str, IndexSystem]) -> None:
    config = load_run_config(report.file)
    index = attach_alternatives(load_index(config.index), config)
    load_judgments(expand_judgment_paths(config.judgments, config.base), index)
    report.notes.append(msg("validate.config_ok", id=index.id, n=len(config.judgments)))


def _check_presets(report: FileReport, indexes: dict[str, IndexSystem]) -> None:
    load_presets(report.file)


def _unknown_kind(report: FileReport, indexes: dict[str, IndexSystem]) -> None:
    doc = read_yaml(report.file)
    if not isinstance(doc.data, dict):
        parse_spec(doc, IndexSpec)  # raises "expected a mapping of keys at the top"
    report.problems.append(
        Problem(
            msg("validate.unknown_kind"),
            file=report.file,
            line=1,
            col=1,
            fix=msg("validate.unknown_kind.fix"),
        )
    )


_CHECKS: dict[str, Callable[[FileReport, dict[str, IndexSystem]], None]] = {
    "index": _check_index,
    "judgments": _check_judgments,
    "config": _check_config,
    "presets": _check_presets,
}
