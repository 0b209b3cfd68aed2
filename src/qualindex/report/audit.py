"""What a reviewer needs to trust a report: input digests, methods, RI tables, versions, time.

Everything comes from the project (its input files and run settings) and from the
weights' provenance in the evaluation; nothing is recomputed.  The RI values listed
are those the results carry (:attr:`NodeWeights.ri` for each matrix order used).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType

from qualindex import __version__
from qualindex.evaluate.results import Evaluation
from qualindex.run import Project

__all__ = ["Audit", "AuditFile", "NodeMethod", "build_audit", "sha256_file"]

#: Libraries whose version can change a number in the report.
LIBRARIES = ("numpy", "scipy", "matplotlib", "openpyxl", "jinja2")


@dataclass(frozen=True, slots=True)
class AuditFile:
    """One input file: the path as the run named it, its size and SHA-256 digest."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class NodeMethod:
    """How one aggregate node's children were weighted, as the results record it."""

    node: str
    method: str
    default: bool
    priority: str | None
    ri_table: str | None
    cr_limit: float | None
    group: str | None


@dataclass(frozen=True)
class Audit:
    """The audit trail of one report."""

    files: tuple[AuditFile, ...]
    qualindex: str
    python: str
    libraries: Mapping[str, str]
    generated: datetime  # timezone-aware, UTC
    methods: tuple[NodeMethod, ...]
    ri_tables: Mapping[str, Mapping[int, float]]  # table -> matrix order -> RI used
    cr_limits: Mapping[str, float]  # node -> CR limit applied
    settings: Mapping[str, str]  # run-wide settings: priority, ri_table, group, aggregation ...

    @property
    def generated_text(self) -> str:
        return self.generated.strftime("%Y-%m-%d %H:%M:%S UTC")


def sha256_file(path: Path, *, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, read in chunks (data files can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def build_audit(project: Project, ev: Evaluation, *, now: datetime | None = None) -> Audit:
    """The audit trail of ``ev``; ``now`` fixes the time (tests, reproducible builds)."""
    generated = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Audit(
        files=tuple(_file(p) for p in _input_paths(project.inputs, ev.data.files)),
        qualindex=__version__,
        python=platform.python_version(),
        libraries=MappingProxyType({name: _version(name) for name in LIBRARIES}),
        generated=generated.replace(microsecond=0),
        methods=_methods(ev),
        ri_tables=_ri_tables(ev),
        cr_limits=MappingProxyType(
            {n: w.cr_limit for n, w in ev.scores.weights.nodes.items() if w.cr_limit is not None}
        ),
        settings=_settings(project),
    )


def _input_paths(inputs: Iterable[Path], data_files: Iterable[str]) -> list[Path]:
    """Inputs in the run's order, each file once (the same file may be named two ways)."""
    seen: dict[Path, Path] = {}
    for path in (*inputs, *(Path(f) for f in data_files)):
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _file(path: Path) -> AuditFile:
    shown = Path(path.resolve().relative_to(Path.cwd().resolve())) if _under_cwd(path) else path
    return AuditFile(shown.as_posix(), path.stat().st_size, sha256_file(path))


def _under_cwd(path: Path) -> bool:
    return path.resolve().is_relative_to(Path.cwd().resolve())


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _methods(ev: Evaluation) -> tuple[NodeMethod, ...]:
    out = []
    for node in ev.index.aggregates():
        w = ev.scores.weights.nodes[node.id]
        prov = w.provenance
        out.append(
            NodeMethod(
                node.id,
                w.method,
                bool(prov.get("default", False)),
                prov.get("priority"),
                w.ri_table,
                w.cr_limit,
                prov.get("group"),
            )
        )
    return tuple(out)


def _ri_tables(ev: Evaluation) -> Mapping[str, Mapping[int, float]]:
    tables: dict[str, dict[int, float]] = {}
    for w in ev.scores.weights.nodes.values():
        if w.ri_table is not None and w.ri is not None:
            tables.setdefault(w.ri_table, {})[len(w.children)] = w.ri
    return MappingProxyType(
        {name: MappingProxyType(dict(sorted(v.items()))) for name, v in sorted(tables.items())}
    )


def _settings(project: Project) -> Mapping[str, str]:
    opts = project.options
    out = {
        "priority": opts.priority,
        "ri_table": opts.ri_table,
        "cr_limit": "auto" if opts.cr_limit is None else f"{opts.cr_limit:g}",
        "group": opts.group,
        "cr_policy": opts.cr_policy,
    }
    if project.config is not None:
        ev = project.config.evaluate
        out["aggregation"] = ev.aggregation
        out["missing"] = f"{ev.missing.policy} (min_coverage {ev.missing.min_coverage:g})"
    return MappingProxyType(out)
