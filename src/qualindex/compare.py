"""Compare two versions of an index system: structure, fields, weights, consistency, results.

A committee revises its index system; a reviewer needs what changed, not two YAML files side
by side.  :func:`diff_projects` takes two loaded projects (:func:`qualindex.run.load_project`),
weighs both with :func:`qualindex.run.weigh`, evaluates both with
:func:`qualindex.run.evaluate` when both have data, and returns a frozen :class:`IndexDiff`.
The comparison itself (:func:`diff_indexes`) is pure: two indexes, optionally their weights
and evaluations, in; a result out.  :func:`open_version` reads a version from a file or from
git (``REV:path``); :func:`diff_markdown`, :func:`diff_to_dict` and :func:`diff_tables`
render a result.

Matching
    Nodes are matched by id; a node left over on both sides is then matched by its name (the
    same Chinese name, else the same English name, and both leaves or both aggregates) and
    reported as renamed with its old and new id.  A matched node whose parent (mapped to the
    new ids) differs is *moved*; a matched node with another name is *renamed*.

JSON (``qualindex diff --format json``)
    One object::

        {"old": {"label": "v1.yaml", "id": "acsi", "version": "1"},
         "new": {"label": "v2.yaml", "id": "acsi", "version": "2"},
         "added":   [{"id", "name": {"zh", "en"}, "parent", "leaf"}],
         "removed": [{"id", "name", "parent", "leaf"}],          # parent: the old parent
         "moved":   [{"id", "old_parent", "new_parent"}],         # ids of the new version
         "renamed": [{"old_id", "new_id", "old_name", "new_name", "matched_by": "id"|"name"}],
         "fields":  [{"id", "field", "old", "new"}],             # values as JSON, null = unset
         "weights": [{"id", "old_local", "new_local", "old_global", "new_global"}],
         "consistency": [{"id", "old_cr", "new_cr", "old_limit", "new_limit"}],
         "entities": null | [{"entity", "period", "old_score", "new_score",
                              "old_grade", "new_grade", "old_rank", "new_rank"}]}

    Ids are the new version's (the old one's for removed nodes); a weight, CR, score, grade or
    rank is ``null`` where that version has none (an added or removed node, an entity not
    scored).  ``fields`` names are ``direction unit target threshold baseline band kind scale
    scoring weighting aggregation missing leaf`` for nodes and ``grades score_range`` for
    the index (reported on the root id).  Weights are full precision; ``entities`` is
    ``null`` unless both versions had data.  Only what changed is listed.
"""

from __future__ import annotations

import fnmatch
import math
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from qualindex.errors import InputError
from qualindex.hierarchy.model import IndexSystem, Node, Text
from qualindex.outputs import exists
from qualindex.run import Project, evaluate, load_project, weigh
from qualindex.texts import Msg, msg, use_lang

if TYPE_CHECKING:
    from rich.console import RenderableType

    from qualindex.evaluate.results import Evaluation
    from qualindex.weighting.tree import TreeWeights

__all__ = [
    "CRChange",
    "EntityChange",
    "FieldChange",
    "IndexDiff",
    "Move",
    "NodeEntry",
    "Rename",
    "WeightChange",
    "diff_indexes",
    "diff_markdown",
    "diff_projects",
    "diff_tables",
    "diff_to_dict",
    "match_nodes",
    "open_version",
]

#: Weight, CR and score differences smaller than this are rounding noise, not changes.
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class NodeEntry:
    """An added or removed node (``parent`` in its own version)."""

    id: str
    name: Text
    parent: str | None
    leaf: bool


@dataclass(frozen=True, slots=True)
class Move:
    id: str
    old_parent: str | None  # mapped to the new version's ids where the parent was matched
    new_parent: str | None


@dataclass(frozen=True, slots=True)
class Rename:
    old_id: str
    new_id: str
    old_name: Text
    new_name: Text
    matched_by: str  # "id" (same id, new name) or "name" (new id, same name)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one node; ``old``/``new`` are JSON values (None: not set)."""

    id: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class WeightChange:
    id: str
    old_local: float | None
    new_local: float | None
    old_global: float | None
    new_global: float | None


@dataclass(frozen=True, slots=True)
class CRChange:
    id: str
    old_cr: float | None
    new_cr: float | None
    old_limit: float | None
    new_limit: float | None


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity: str
    period: str
    old_score: float | None
    new_score: float | None
    old_grade: Text | None
    new_grade: Text | None
    old_rank: int | None
    new_rank: int | None


@dataclass(frozen=True, slots=True)
class Version:
    label: str  # as the user named it: a path or REV:path
    id: str
    version: str


@dataclass(frozen=True, slots=True)
class IndexDiff:
    """Everything that changed from ``old`` to ``new`` (see the module docstring)."""

    old: Version
    new: Version
    added: tuple[NodeEntry, ...]
    removed: tuple[NodeEntry, ...]
    moved: tuple[Move, ...]
    renamed: tuple[Rename, ...]
    fields: tuple[FieldChange, ...]
    weights: tuple[WeightChange, ...] = ()
    consistency: tuple[CRChange, ...] = ()
    entities: tuple[EntityChange, ...] | None = None  # None: not both versions had data
    names: Mapping[str, Text] | None = None  # node id -> name (new version, then old)

    @property
    def empty(self) -> bool:
        parts = (self.added, self.removed, self.moved, self.renamed, self.fields, self.weights)
        return not any(parts) and not self.consistency and not self.entities


# --- matching and structure ------------------------------------------------------------------
def match_nodes(old: IndexSystem, new: IndexSystem) -> dict[str, str]:
    """Old id -> new id: by id first, then leftovers by unique zh name, then en name."""
    mapping = {i: i for i in old.nodes if i in new.nodes}
    for lang in ("zh", "en"):
        left_old = [n for i, n in old.nodes.items() if i not in mapping]
        taken = set(mapping.values())
        left_new = [n for i, n in new.nodes.items() if i not in taken]
        for node in left_old:
            name = getattr(node.name, lang)
            same = [
                m
                for m in left_new
                if name and getattr(m.name, lang) == name and m.is_leaf == node.is_leaf
            ]
            twins = [o for o in left_old if name and getattr(o.name, lang) == name]
            if len(same) == 1 and len(twins) == 1 and same[0].id not in mapping.values():
                mapping[node.id] = same[0].id
    return mapping


def _entry(node: Node) -> NodeEntry:
    return NodeEntry(node.id, node.name, node.parent, node.is_leaf)


def _structure(
    old: IndexSystem, new: IndexSystem, mapping: Mapping[str, str]
) -> tuple[tuple[NodeEntry, ...], tuple[NodeEntry, ...], tuple[Move, ...], tuple[Rename, ...]]:
    matched_new = set(mapping.values())
    added = tuple(_entry(n) for n in new.walk() if n.id not in matched_new)
    removed = tuple(_entry(n) for n in old.walk() if n.id not in mapping)
    moved: list[Move] = []
    renamed: list[Rename] = []
    for node in new.walk():
        old_id = next((o for o, n in mapping.items() if n == node.id), None)
        if old_id is None:
            continue
        before = old.nodes[old_id]
        parent = None if before.parent is None else mapping.get(before.parent, before.parent)
        if parent != node.parent:
            moved.append(Move(node.id, parent, node.parent))
        if old_id != node.id or before.name != node.name:
            by = "id" if old_id == node.id else "name"
            renamed.append(Rename(old_id, node.id, before.name, node.name, by))
    return added, removed, tuple(moved), tuple(renamed)


def _spec(value: Any) -> Any:
    """A pydantic method spec as a plain dict (all settings, defaults included)."""
    return None if value is None else value.model_dump(mode="json")


def node_fields(node: Node) -> dict[str, Any]:
    """The compared fields of a node as JSON values."""
    ind = node.indicator
    if ind is None:
        missing = node.missing
        return {
            "leaf": False,
            "weighting": _spec(node.weighting),
            "aggregation": node.aggregation,
            "missing": None if missing is None else [missing.policy, missing.min_coverage],
        }
    return {
        "leaf": True,
        "kind": ind.kind,
        "direction": ind.direction,
        "unit": ind.unit,
        "target": ind.target,
        "threshold": ind.threshold,
        "baseline": ind.baseline,
        "band": None if ind.band is None else list(ind.band),
        "scale": None if ind.scale is None else ind.scale.id,
        "scoring": _spec(ind.scoring),
    }


def _index_fields(index: IndexSystem) -> dict[str, Any]:
    grades = index.grades
    bands = None if grades is None else [[b.min, b.label.zh, b.label.en] for b in grades.bands]
    return {
        "score_range": list(index.score_range),
        "grades": bands,
    }


def _fields(
    old: IndexSystem, new: IndexSystem, mapping: Mapping[str, str]
) -> tuple[FieldChange, ...]:
    out = [
        FieldChange(new.id, key, value, b)
        for key, value in _index_fields(old).items()
        if (b := _index_fields(new)[key]) != value
    ]
    for old_id, new_id in mapping.items():
        a, b = node_fields(old.nodes[old_id]), node_fields(new.nodes[new_id])
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                out.append(FieldChange(new_id, key, a.get(key), b.get(key)))
    order = {n.id: i for i, n in enumerate(new.walk())}
    return tuple(sorted(out, key=lambda c: order.get(c.id, -1)))


# --- weights, consistency and results ----------------------------------------------------------
def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) != math.isnan(b)
    return abs(a - b) > TOLERANCE


def _weights(
    old: IndexSystem,
    new: IndexSystem,
    mapping: Mapping[str, str],
    tw_old: TreeWeights,
    tw_new: TreeWeights,
) -> tuple[WeightChange, ...]:
    back = {n: o for o, n in mapping.items()}
    out: list[WeightChange] = []
    for node in new.walk():
        if node.parent is None:
            continue
        o = back.get(node.id)
        lo = None if o is None else tw_old.local[o]
        go = None if o is None else tw_old.global_weights[o]
        ln, gn = tw_new.local[node.id], tw_new.global_weights[node.id]
        if _differs(lo, ln) or _differs(go, gn):
            out.append(WeightChange(node.id, lo, ln, go, gn))
    for node in old.walk():
        if node.id not in mapping and node.parent is not None:
            local, glob = tw_old.local[node.id], tw_old.global_weights[node.id]
            out.append(WeightChange(node.id, local, None, glob, None))
    return tuple(out)


def _consistency(
    mapping: Mapping[str, str], tw_old: TreeWeights, tw_new: TreeWeights
) -> tuple[CRChange, ...]:
    olds = {mapping.get(k, k): v for k, v in tw_old.nodes.items() if v.cr is not None}
    news = {k: v for k, v in tw_new.nodes.items() if v.cr is not None}
    out: list[CRChange] = []
    for node_id in dict.fromkeys([*news, *olds]):
        a, b = olds.get(node_id), news.get(node_id)
        ca, cb = (a.cr if a else None), (b.cr if b else None)
        la, lb = (a.cr_limit if a else None), (b.cr_limit if b else None)
        if _differs(ca, cb) or _differs(la, lb):
            out.append(CRChange(node_id, ca, cb, la, lb))
    return tuple(out)


def _rows(ev: Evaluation) -> dict[tuple[str, str], tuple[float | None, Text | None, int | None]]:
    out = {}
    for r, (entity, period) in enumerate(zip(ev.data.entities, ev.data.periods, strict=True)):
        score = float(ev.composite[r])
        grade = ev.grades[r]
        rank = int(ev.rank[r]) or None
        out[(entity, period)] = (
            None if math.isnan(score) else score,
            None if grade is None else grade.label,
            rank,
        )
    return out


def compare_evaluations(old: Evaluation, new: Evaluation) -> tuple[EntityChange, ...]:
    """Each (entity, period) whose composite score, grade or rank changed."""
    a, b = _rows(old), _rows(new)
    out: list[EntityChange] = []
    for key in dict.fromkeys([*b, *a]):
        sa, ga, ra = a.get(key, (None, None, None))
        sb, gb, rb = b.get(key, (None, None, None))
        if _differs(sa, sb) or ga != gb or ra != rb:
            out.append(EntityChange(key[0], key[1], sa, sb, ga, gb, ra, rb))
    return tuple(out)


def diff_indexes(
    old: IndexSystem,
    new: IndexSystem,
    *,
    labels: tuple[str, str] = ("old", "new"),
    weights: tuple[TreeWeights, TreeWeights] | None = None,
    evaluations: tuple[Evaluation, Evaluation] | None = None,
) -> IndexDiff:
    """Compare two index systems, with their weights and evaluations when given. Pure."""
    mapping = match_nodes(old, new)
    added, removed, moved, renamed = _structure(old, new, mapping)
    w: tuple[WeightChange, ...] = ()
    cr: tuple[CRChange, ...] = ()
    if weights is not None:
        w = _weights(old, new, mapping, *weights)
        cr = _consistency(mapping, *weights)
    entities = None if evaluations is None else compare_evaluations(*evaluations)
    names = {n.id: n.name for n in old.walk()} | {n.id: n.name for n in new.walk()}
    return IndexDiff(
        Version(labels[0], old.id, old.version),
        Version(labels[1], new.id, new.version),
        added,
        removed,
        moved,
        renamed,
        _fields(old, new, mapping),
        w,
        cr,
        entities,
        names,
    )


def diff_projects(
    old: Project, new: Project, *, labels: tuple[str, str] = ("old", "new")
) -> IndexDiff:
    """Weigh both projects (and evaluate both when both have data), then compare them."""
    tw_old, tw_new = weigh(old), weigh(new)
    evaluations = None
    if old.has_data and new.has_data:
        evaluations = (evaluate(old, tw_old), evaluate(new, tw_new))
    return diff_indexes(
        old.index, new.index, labels=labels, weights=(tw_old, tw_new), evaluations=evaluations
    )


# --- reading a version from a file or from git -------------------------------------------------
@contextmanager
def open_version(spec: str, judgments: Sequence[Path] = ()) -> Iterator[Project]:
    """Load ``spec``: an index or run configuration path, or ``REV:path`` from git.

    A git version is materialised into a temporary folder that mirrors the repository, with
    every file the configuration names (index, judgment globs, data files), so the relative
    paths inside it keep working; the folder is removed when the block ends.
    """
    if exists(spec) or ":" not in spec or _is_drive(spec):
        yield load_project(spec, judgments)
        return
    rev, _, rel = spec.partition(":")
    top = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).strip())
    inside = PurePosixPath(Path(os.path.relpath(Path.cwd() / rel, top)).as_posix())
    if inside.parts and inside.parts[0] == "..":
        raise InputError(f"{spec}: {rel!r} is outside the git repository at {top}")
    files = _git(["ls-tree", "-r", "--name-only", rev], top).splitlines()
    if str(inside) not in files:
        raise InputError(
            f"{spec}: no file {str(inside)!r} in git revision {rev!r}",
        )
    with tempfile.TemporaryDirectory(prefix="qualindex-diff-") as tmp:
        root = Path(tmp)
        for name in _needed(rev, inside, files, top):
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git_bytes(["show", f"{rev}:{name}"], top))
        yield load_project(root / inside, judgments)


def _is_drive(spec: str) -> bool:
    return len(spec) > 2 and spec[1] == ":" and spec[0].isalpha() and spec[2] in "\\/"


def _needed(rev: str, target: PurePosixPath, files: Sequence[str], top: Path) -> list[str]:
    """The target and, for a run configuration, every file it names (repo-relative)."""
    doc = yaml.safe_load(_git_bytes(["show", f"{rev}:{target}"], top))
    if not isinstance(doc, dict) or "children" in doc or "index" not in doc:
        return [str(target)]
    base = target.parent
    names = [str(doc["index"])]
    data = doc.get("data") or {}
    names += [str(f.get("path")) for f in data.get("files", []) if isinstance(f, dict)]
    patterns = [_norm(base / str(p)) for p in doc.get("judgments", [])]
    wanted = {str(target), *(_norm(base / n) for n in names)}
    wanted |= {f for f in files for p in patterns if fnmatch.fnmatchcase(f, p)}
    return sorted(w for w in wanted if w in files)


def _norm(path: PurePosixPath) -> str:
    return os.path.normpath(str(path)).replace(os.sep, "/")


def _git_bytes(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("reading REV:path needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise InputError(f"git {' '.join(args)} failed: {message}")
    return done.stdout


def _git(args: list[str], cwd: Path) -> str:
    return _git_bytes(args, cwd).decode("utf-8")


# --- rendering -----------------------------------------------------------------------------------
def _plain_text(text: Text | None) -> dict[str, str | None] | None:
    return None if text is None else {"zh": text.zh, "en": text.en}


def diff_to_dict(diff: IndexDiff) -> dict[str, Any]:
    """The JSON document described in the module docstring."""

    def version(v: Version) -> dict[str, str]:
        return {"label": v.label, "id": v.id, "version": v.version}

    def entry(e: NodeEntry) -> dict[str, Any]:
        return {"id": e.id, "name": _plain_text(e.name), "parent": e.parent, "leaf": e.leaf}

    entities = None
    if diff.entities is not None:
        entities = [
            {
                "entity": e.entity,
                "period": e.period,
                "old_score": e.old_score,
                "new_score": e.new_score,
                "old_grade": _plain_text(e.old_grade),
                "new_grade": _plain_text(e.new_grade),
                "old_rank": e.old_rank,
                "new_rank": e.new_rank,
            }
            for e in diff.entities
        ]
    return {
        "old": version(diff.old),
        "new": version(diff.new),
        "added": [entry(e) for e in diff.added],
        "removed": [entry(e) for e in diff.removed],
        "moved": [
            {"id": m.id, "old_parent": m.old_parent, "new_parent": m.new_parent} for m in diff.moved
        ],
        "renamed": [
            {
                "old_id": r.old_id,
                "new_id": r.new_id,
                "old_name": _plain_text(r.old_name),
                "new_name": _plain_text(r.new_name),
                "matched_by": r.matched_by,
            }
            for r in diff.renamed
        ],
        "fields": [{"id": f.id, "field": f.field, "old": f.old, "new": f.new} for f in diff.fields],
        "weights": [
            {
                "id": w.id,
                "old_local": w.old_local,
                "new_local": w.new_local,
                "old_global": w.old_global,
                "new_global": w.new_global,
            }
            for w in diff.weights
        ],
        "consistency": [
            {
                "id": c.id,
                "old_cr": c.old_cr,
                "new_cr": c.new_cr,
                "old_limit": c.old_limit,
                "new_limit": c.new_limit,
            }
            for c in diff.consistency
        ],
        "entities": entities,
    }


def _num(x: float | None, digits: int = 4) -> str:
    return "—" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def _delta(a: float | None, b: float | None, digits: int = 4) -> str:
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return "—"
    d = round(b - a, digits)
    return f"{d:+.{digits}f}" if d else f"{0:.{digits}f}"


def _value(value: Any) -> str:
    """A field value as short text: ``linear (threshold_score=60, target_score=100)``."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "method" in value:
        rest = ", ".join(f"{k}={_value(v)}" for k, v in value.items() if k != "method")
        return f"{value['method']} ({rest})" if rest else str(value["method"])
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return msg("word.yes" if value else "word.no")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _visible(w: WeightChange) -> bool:
    """A weight change that shows at 4 decimals (or a node that exists on one side only)."""
    pairs = ((w.old_local, w.new_local), (w.old_global, w.new_global))
    return any(a is None or b is None or _num(a) != _num(b) for a, b in pairs)


def _label(diff: IndexDiff, node_id: str | None, lang: str) -> str:
    if node_id is None:
        return "—"
    name = diff.names.get(node_id) if diff.names else None
    return f"`{node_id}` {name.get(lang)}" if name else f"`{node_id}`"


def _grade(text: Text | None, lang: str) -> str:
    return "—" if text is None else text.get(lang)


def _rank(r: int | None) -> str:
    return "—" if r is None else str(r)


def _structure_rows(diff: IndexDiff, lang: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = [
        (
            msg("diff.added"),
            _label(diff, e.id, lang),
            msg("diff.under", parent=_label(diff, e.parent, lang)),
        )
        for e in diff.added
    ]
    rows += [
        (
            msg("diff.removed"),
            f"`{e.id}` {e.name.get(lang)}",
            msg("diff.was_under", parent=f"`{e.parent}`"),
        )
        for e in diff.removed
    ]
    rows += [
        (
            msg("diff.moved"),
            _label(diff, m.id, lang),
            f"{_label(diff, m.old_parent, lang)} → {_label(diff, m.new_parent, lang)}",
        )
        for m in diff.moved
    ]
    for r in diff.renamed:
        if r.matched_by == "id":
            rows.append(
                (
                    msg("diff.renamed"),
                    f"`{r.new_id}`",
                    f"{r.old_name.get(lang)} → {r.new_name.get(lang)}",
                )
            )
        else:
            rows.append(
                (
                    msg("diff.id_changed"),
                    f"`{r.old_id}` → `{r.new_id}`",
                    _arrow(r.old_name.get(lang), r.new_name.get(lang)),
                )
            )
    return rows


def _sections(diff: IndexDiff, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every non-empty section, shared by Markdown and rich."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    if rows := _structure_rows(diff, lang):
        header = _cols("change", "node", "detail")
        out.append((msg("diff.section.structure"), header, [list(r) for r in rows]))
    if diff.fields:
        out.append(
            (
                msg("diff.section.fields"),
                _cols("node", "field", "old", "new"),
                [
                    [_label(diff, f.id, lang), f.field, _value(f.old), _value(f.new)]
                    for f in diff.fields
                ],
            )
        )
    if weights := [w for w in diff.weights if _visible(w)]:
        header = _cols(
            "node", "local_old", "local_new", "local_delta", "global_old", "global_new",
            "global_delta",
        )  # fmt: skip
        out.append(
            (
                msg("diff.section.weights"),
                header,
                [
                    [
                        _label(diff, w.id, lang),
                        _num(w.old_local),
                        _num(w.new_local),
                        _delta(w.old_local, w.new_local),
                        _num(w.old_global),
                        _num(w.new_global),
                        _delta(w.old_global, w.new_global),
                    ]
                    for w in weights
                ],
            )
        )
    if diff.consistency:
        out.append(
            (
                msg("diff.section.consistency"),
                _cols("node", "cr_old", "cr_new", "limit_old", "limit_new"),
                [
                    [
                        _label(diff, c.id, lang),
                        _num(c.old_cr),
                        _num(c.new_cr),
                        _num(c.old_limit, 2),
                        _num(c.new_limit, 2),
                    ]
                    for c in diff.consistency
                ],
            )
        )
    if diff.entities:
        header = _cols("entity", "period", "score_old", "score_new", "score_delta", "grade", "rank")
        out.append(
            (
                msg("diff.section.results"),
                header,
                [
                    [
                        e.entity,
                        e.period,
                        _num(e.old_score, 2),
                        _num(e.new_score, 2),
                        _delta(e.old_score, e.new_score, 2),
                        _arrow(_grade(e.old_grade, lang), _grade(e.new_grade, lang)),
                        _arrow(_rank(e.old_rank), _rank(e.new_rank)),
                    ]
                    for e in diff.entities
                ],
            )
        )
    return out


_TEXT_COLUMNS = {"change", "node", "detail", "field", "old", "new", "entity", "period", "grade"}


def _cols(*names: str) -> list[str]:
    """Column headers in the current language (their codes are ``diff.col.<name>``)."""
    return [msg(f"diff.col.{n}") for n in names]


def _left(header: str) -> bool:
    """A text column (left-aligned): numbers are right-aligned."""
    return isinstance(header, Msg) and header.code.removeprefix("diff.col.") in _TEXT_COLUMNS


def _arrow(a: str, b: str) -> str:
    return a if a == b else f"{a} → {b}"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_markdown(diff: IndexDiff, *, lang: str = "zh") -> str:
    """A pull-request review comment: one table per kind of change, only what changed."""
    with use_lang(lang):
        return _markdown(diff, lang)


def _markdown(diff: IndexDiff, lang: str) -> str:
    o, n = diff.old, diff.new
    heading = msg("diff.heading", id=n.id, old=o.version, new=n.version)
    lines = [f"## {heading}", "", f"`{o.label}` → `{n.label}`", ""]
    sections = _sections(diff, lang)
    if not sections:
        lines.append(msg("diff.no_changes"))
    for title, header, rows in sections:
        lines += [
            f"### {title}",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
        ]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    hidden = len(diff.weights) - sum(_visible(w) for w in diff.weights)
    if hidden:
        lines += [msg("diff.hidden_weights", n=hidden), ""]
    if diff.entities is None:
        lines += [msg("diff.no_scores"), ""]
    return "\n".join(lines).rstrip() + "\n"


def diff_tables(diff: IndexDiff, *, lang: str = "zh") -> list[RenderableType]:
    """rich tables for the terminal, one per non-empty section."""
    with use_lang(lang):
        return _tables(diff, lang)


def _tables(diff: IndexDiff, lang: str) -> list[RenderableType]:
    from rich.markup import escape
    from rich.table import Table

    o, n = diff.old, diff.new
    title = msg(
        "diff.title", id=n.id, old=o.label, old_version=o.version, new=n.label,
        new_version=n.version,
    )  # fmt: skip
    out: list[RenderableType] = [title]
    for name, header, rows in _sections(diff, lang) or [(msg("diff.no_changes_title"), [], [])]:
        table = Table(title=name, title_justify="left")
        for h in header:
            table.add_column(escape(h), justify="left" if _left(h) else "right")
        for row in rows:
            table.add_row(*(escape(c.replace("`", "")) for c in row))
        out.append(table)
    return out
