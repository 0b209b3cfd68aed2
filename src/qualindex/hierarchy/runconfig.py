"""Run configurations (``configs/*.yaml``): which index, judgments, data and options.

Paths inside a run configuration are relative to the configuration file, so a
project folder can be moved or shared as a whole.
"""

from __future__ import annotations

import dataclasses
import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualindex.errors import IndexFileError, InputError, Problem
from qualindex.hierarchy.load import build_alternatives, parse_spec
from qualindex.hierarchy.model import Alternative, IndexSystem
from qualindex.hierarchy.schema import (
    AlternativesDataSpec,
    DataFileSpec,
    DataRunSpec,
    EvaluateRunSpec,
    PairwiseTableSpec,
    ReportRunSpec,
    RunConfigSpec,
    SensitivityRunSpec,
    WeightingRunSpec,
)
from qualindex.hierarchy.yamlio import Located, read_yaml
from qualindex.outputs import is_file
from qualindex.texts import msg

__all__ = ["RunConfig", "attach_alternatives", "detect_kind", "load_run_config"]


@dataclass(frozen=True)
class RunConfig:
    """A run configuration with every path resolved against the file's folder."""

    file: Path
    index: Path
    judgments: tuple[str, ...]
    weighting: WeightingRunSpec
    evaluate: EvaluateRunSpec
    report: ReportRunSpec
    data: DataRunSpec | None
    data_paths: tuple[Path, ...]
    # survey-style pairwise tables among judgments: (spec, path resolved against base)
    judgment_tables: tuple[tuple[PairwiseTableSpec, Path], ...] = ()
    # qualindex sensitivity's inputs: measurement errors, alternative methods
    sensitivity: SensitivityRunSpec = field(default_factory=SensitivityRunSpec)
    # a decision model: the alternatives (instead of the index's) and their measured values
    alternatives: tuple[Alternative, ...] = ()
    alternatives_data: AlternativesDataSpec | None = None
    alternatives_data_path: Path | None = None

    @property
    def base(self) -> Path:
        return self.file.parent


def _matches(base: Path, pattern: str) -> bool:
    full = pattern if Path(pattern).is_absolute() else str(base / pattern)
    return bool(glob.glob(full))


def _repeated_files(doc: Located, files: Sequence[DataFileSpec]) -> list[Problem]:
    """A data file (and sheet) listed twice: its rows would count twice (respondents
    doubled, or wide rows given twice), a number no one meant."""
    seen: dict[tuple[str, str | int | None], int] = {}
    problems = []
    for i, f in enumerate(files):
        key = (os.path.normpath(f.path), f.sheet)
        if key in seen:
            sheet = "-" if f.sheet is None else repr(f.sheet)
            problems.append(
                doc.problem(
                    ("data", "files", i, "path"),
                    msg("data.file_repeated", path=f.path, first=seen[key], sheet=sheet),
                    fix=msg("data.file_repeated.fix"),
                )
            )
        else:
            seen[key] = i
    return problems


def load_run_config(source: str | Path | Located, *, judgments_required: bool = True) -> RunConfig:
    """Validate a run configuration (a path, or a document already read); the index must exist.

    ``judgments_required=False`` accepts judgment globs that match nothing yet: questionnaires
    are made, and answers collected, before the run has any judgment file.
    """
    doc = source if isinstance(source, Located) else read_yaml(source)
    path = Path(doc.file)
    spec = parse_spec(doc, RunConfigSpec)
    base = path.parent
    index = base / spec.index
    if not is_file(index):
        raise IndexFileError(
            doc.problem(
                ("index",),
                msg("config.index_not_found", file=spec.index),
                fix=msg("config.looked_in", folder=str(base)),
            )
        )
    files = spec.data.files if spec.data else []
    repeated = _repeated_files(doc, files)
    if repeated:  # before any file is looked at: a list of 5,000 copies is refused at once
        raise IndexFileError(repeated)
    missing = (
        [
            doc.problem(("data", "files", i, "path"), msg("config.data_not_found", file=f.path))
            for i, f in enumerate(files)
            if not is_file(base / f.path) and not _matches(base, f.path)
        ]
        + [
            doc.problem(("judgments", i, "table"), msg("config.table_not_found", file=j.table))
            for i, j in enumerate(spec.judgments)
            if isinstance(j, PairwiseTableSpec) and not is_file(base / j.table)
        ]
        + [
            doc.problem(
                ("judgments", i),
                msg("config.no_judgment_match", pattern=j),
                fix=msg("config.check_glob_in", folder=str(base)),
            )
            for i, j in enumerate(spec.judgments)
            if judgments_required and isinstance(j, str) and not _matches(base, j)
        ]
        + [
            doc.problem(
                ("alternatives_data", "path"),
                msg("config.alternatives_not_found", file=spec.alternatives_data.path),
                fix=msg("config.looked_in", folder=str(base)),
            )
            for _ in [0]
            if spec.alternatives_data is not None
            and not is_file(base / spec.alternatives_data.path)
        ]
    )
    if missing:
        raise IndexFileError(missing)
    return RunConfig(
        file=path,
        index=index,
        judgments=tuple(j for j in spec.judgments if isinstance(j, str)),
        weighting=spec.weighting,
        evaluate=spec.evaluate,
        report=spec.report,
        data=spec.data,
        data_paths=tuple(base / f.path for f in files),
        judgment_tables=tuple(
            (j, base / j.table) for j in spec.judgments if isinstance(j, PairwiseTableSpec)
        ),
        sensitivity=spec.sensitivity,
        alternatives=build_alternatives(spec.alternatives, doc, ("alternatives",)),
        alternatives_data=spec.alternatives_data,
        alternatives_data_path=(
            None if spec.alternatives_data is None else base / spec.alternatives_data.path
        ),
    )


def detect_kind(data: object) -> str | None:
    """What a YAML document is, from its top-level keys."""
    if not isinstance(data, dict):
        return None
    if "children" in data:
        return "index"
    if "expert" in data:
        return "judgments"
    if "index" in data:
        return "config"
    if {"grades", "scales", "saaty_labels"} & set(data):
        return "presets"
    return None


_PEEK_BYTES = 256 * 1024  # run configurations are small; an index file is not read twice


def peek_report_lang(path: str | Path) -> str | None:
    """A run configuration's ``report.lang``, read before the configuration is loaded, so
    that the messages of loading it (and its index, judgments, data) are in that language.
    None for anything else, or anything unreadable: loading then says what is wrong."""
    import yaml

    try:
        target = Path(path)
        if not target.is_file() or target.stat().st_size > _PEEK_BYTES:
            return None
        data = yaml.load(target.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # a peek: every problem is the loader's to report
        return None
    if detect_kind(data) != "config" or not isinstance(data, dict):
        return None
    report = data.get("report")
    lang = report.get("lang") if isinstance(report, dict) else None
    return lang if lang in ("zh", "en") else None


def attach_alternatives(index: IndexSystem, config: RunConfig) -> IndexSystem:
    """The index with the run configuration's alternatives (a decision model whose index
    lists none); both lists given is ambiguous and refused."""
    if not config.alternatives:
        return index
    if index.alternatives:
        first = config.alternatives[0].loc
        raise InputError(
            Problem(
                msg("config.alternatives_twice", file=str(index.file)),
                first.file,
                first.line,
                first.col,
                fix=msg("config.alternatives_twice.fix"),
            )
        )
    return dataclasses.replace(index, alternatives=config.alternatives)
