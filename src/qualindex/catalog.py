"""The built-in catalogue of index systems and project scaffolding (``qualindex init``).

Each entry is ``indicators/<id>.yaml``; its example material (judgment files,
illustrative data, a run configuration ``run.yaml``) sits in ``indicators/<id>/``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from qualindex.errors import InputError, Problem, QualindexError
from qualindex.hierarchy.load import load_index
from qualindex.hierarchy.model import IndexSystem, did_you_mean
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.outputs import is_file
from qualindex.resources import catalog_dir

__all__ = ["CatalogEntry", "init_project", "list_catalog"]

RUN_CONFIG = "run.yaml"


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    path: Path
    index: IndexSystem | None
    problems: tuple[Problem, ...] = ()

    @property
    def examples(self) -> Path:
        return self.path.with_suffix("")


def list_catalog(folder: Path | None = None) -> list[CatalogEntry]:
    """Every ``*.yaml`` in the catalogue folder, loaded (or with its problems)."""
    entries = []
    for path in sorted((folder or catalog_dir()).glob("*.yaml")):
        try:
            index = load_index(path)
            entries.append(CatalogEntry(index.id, path, index))
        except QualindexError as exc:
            entries.append(CatalogEntry(path.stem, path, None, exc.problems))
    return entries


def init_project(dest: Path, entry_id: str, *, folder: Path | None = None) -> list[Path]:
    """Scaffold a project in ``dest`` from catalogue entry ``entry_id``; returns files written.

    ``dest`` must not exist or be empty, so that nothing a user wrote is overwritten.
    """
    source = (folder or catalog_dir()) / f"{entry_id}.yaml"
    if not is_file(source):
        ids = [p.stem for p in (folder or catalog_dir()).glob("*.yaml")]
        hint = did_you_mean(entry_id, ids) or f"available: {', '.join(sorted(ids))}"
        raise InputError(f"no catalogue entry {entry_id!r} ({hint})")
    existed = _check_dest(dest)
    index = load_index(source)
    examples = source.with_suffix("")
    # read before writing anything: a broken example config leaves no half-made project
    config_text = _run_config(index, source.name, examples / RUN_CONFIG)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / source.name)
        if examples.is_dir():
            shutil.copytree(examples, dest, dirs_exist_ok=True)
        (dest / RUN_CONFIG).write_text(config_text, encoding="utf-8")
    except OSError as exc:
        if not existed:  # leave nothing half-made behind
            shutil.rmtree(dest, ignore_errors=True)
        raise InputError(
            f"cannot create the project in {dest}: {exc.strerror or exc}"
            f"{f' ({exc.filename})' if exc.filename else ''}; "
            "choose a folder you can write to (with free space)"
        ) from None
    return sorted(p for p in dest.rglob("*") if p.is_file())


def _check_dest(dest: Path) -> bool:
    """Refuse a target that is a file, not empty, or not writable; True if it exists."""
    try:
        if dest.exists() and not dest.is_dir():
            raise InputError(f"{dest} is a file, not a folder; choose a new folder name")
        if dest.is_dir():
            if any(dest.iterdir()):
                raise InputError(
                    f"{dest} is not empty; choose a new folder so nothing is overwritten"
                )
            writable = os.access(dest, os.W_OK)
            where = dest
        else:
            where = next((p for p in dest.parents if p.exists()), Path("."))
            if not where.is_dir():
                raise InputError(f"{where} is a file, not a folder; choose another place")
            writable = os.access(where, os.W_OK | os.X_OK)
    except OSError as exc:  # a name too long, no permission to look ...
        raise InputError(
            f"cannot use {dest}: {exc.strerror or exc}; choose another folder"
        ) from None
    if not writable:
        raise InputError(
            f"cannot create the project in {dest}: {where} is not writable; "
            "choose a folder you can write to"
        )
    return dest.exists()


def _run_config(index: IndexSystem, index_file: str, existing: Path) -> str:
    """The example's run configuration pointed at the copied index (or a fresh one)."""
    if existing.is_file():  # through the guarded reader: a broken example is a located error
        doc = read_yaml(existing)
        # a copy: read_yaml's documents are cached and shared; init must not edit them
        data = dict(doc.data) if isinstance(doc.data, dict) else doc.data
        if not isinstance(data, dict):
            what = "a run configuration is a mapping (qualindex: 1, index: …)"
            fix = "restore the catalogue entry's run.yaml"
            raise QualindexError([doc.problem((), what, fix=fix)])
    else:
        data = {"qualindex": 1}
        if (existing.parent / "judgments").is_dir():
            data["judgments"] = ["judgments/*.yaml"]
    data["index"] = index_file
    header = (
        f"# Run configuration for {index.id} ({index.name.get('zh')}), made by qualindex init\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
