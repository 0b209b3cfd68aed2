"""Load YAML documents into validated, immutable models, with located errors.

The pipeline is: :func:`~qualindex.hierarchy.yamlio.read_yaml` (positions, limits)
-> pydantic spec (types, names; errors mapped back to ``file:line:col``) ->
:mod:`~qualindex.hierarchy.checks` (rules across fields) -> the frozen model of
:mod:`~qualindex.hierarchy.model`.  All problems of a stage are raised together
as one :class:`~qualindex.errors.IndexFileError`.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from qualindex.errors import IndexFileError, Problem
from qualindex.hierarchy import checks
from qualindex.hierarchy.judgment_checks import check_inline_judgments
from qualindex.hierarchy.model import (
    Alternative,
    GradeBand,
    Grades,
    IndexSystem,
    Indicator,
    Location,
    Missing,
    Node,
    Presets,
    Scale,
    ScalePoint,
    Text,
    did_you_mean,
    frozen_map,
)
from qualindex.hierarchy.schema import (
    AlternativeSpec,
    GradeBandSpec,
    IndexSpec,
    MissingSpec,
    NodeSpec,
    PresetsSpec,
    RelativeScoring,
    ScaleSpec,
    ScoringMethod,
    ScoringSpec,
    SimpleWeighting,
    TextSpec,
)
from qualindex.hierarchy.yamlio import Located, PathKey, paused_gc, read_yaml
from qualindex.resources import presets_file
from qualindex.texts import CATALOGUE, Msg, current_lang, msg, use_lang

_SCORING: TypeAdapter[ScoringMethod] = TypeAdapter(ScoringSpec)
_EQUAL = SimpleWeighting(method="equal")  # a node that names no weighting: equal weights

__all__ = ["Presets", "build_alternatives", "load_index", "load_presets", "parse_spec"]

SpecT = TypeVar("SpecT", bound=BaseModel)


# --- pydantic errors -> located problems ----------------------------------------------------
def parse_spec(doc: Located, model: type[SpecT]) -> SpecT:
    """Validate ``doc.data`` against ``model``; every error located in the file."""
    if not isinstance(doc.data, dict):
        raise IndexFileError(doc.problem((), msg("schema.top_not_mapping", got=_kind(doc.data))))
    try:
        with paused_gc():
            return model.model_validate(doc.data)
    except ValidationError as exc:
        with paused_gc():  # 100,000 problems, no cycles: no rescans of the caller's heap
            problems = schema_problems(exc, doc, model)
        raise IndexFileError(problems) from None


# pydantic error type -> the catalogue code of what the value must be (qualindex.texts)
_TYPE_NOUNS = {
    "string_type": "schema.noun.text",
    "list_type": "schema.noun.list",
    "tuple_type": "schema.noun.list",
    "dict_type": "schema.noun.mapping",
    "model_type": "schema.noun.mapping",
    "model_attributes_type": "schema.noun.mapping",
    "float_type": "schema.noun.number",
    "float_parsing": "schema.noun.number",
    "int_type": "schema.noun.whole",
    "int_parsing": "schema.noun.whole",
    "bool_type": "schema.noun.bool",
    "bool_parsing": "schema.noun.bool",
    "literal_error": None,
}


def schema_problems(exc: ValidationError, doc: Located, model: type[BaseModel]) -> list[Problem]:
    """One problem per located pydantic error (type alternatives of a union merged)."""
    # one dict and one Problem per error: 100,000 of them for a bad list; the language is
    # looked up once for them all
    with paused_gc(), use_lang(None):
        return _schema_problems(exc, doc, model)


def _schema_problems(exc: ValidationError, doc: Located, model: type[BaseModel]) -> list[Problem]:
    by_path: dict[PathKey, list[dict[str, Any]]] = {}
    resolved: dict[tuple[Any, ...], tuple[Any, PathKey]] = {}
    for err in exc.errors(include_url=False):
        path = _real_path(doc.data, err["loc"], resolved, missing=err["type"] == "missing")
        by_path.setdefault(path, []).append(dict(err))
    problems = []
    # every proper prefix of an error path: "is there a deeper error?" in O(1) per path
    # (scanning all paths per path was quadratic: 100,000 bad items never finished)
    ancestors = {p[:k] for p in by_path for k in range(len(p))}
    for path, errs in by_path.items():
        if path in ancestors and all(e["type"] in _TYPE_NOUNS for e in errs):
            continue  # a union alternative that failed on type; the deeper error says more
        problems.append(_problem(errs, path, doc, model))
    return problems


def _real_path(
    data: Any,
    loc: tuple[Any, ...],
    resolved: dict[tuple[Any, ...], tuple[Any, PathKey]],
    *,
    missing: bool = False,
) -> PathKey:
    """The part of a pydantic ``loc`` that exists in the data (drops union-branch labels).

    ``resolved`` memoises the walk of each ``loc[:-1]``: the errors of one long list share
    it, so the work per error stays constant whatever the depth.
    """
    parent = loc[:-1]
    hit = resolved.get(parent)
    if hit is None:
        cur: Any = data
        path: PathKey = ()
        for el in parent:
            cur, path = _step(cur, path, el)
        resolved[parent] = hit = (cur, path)
    cur, path = hit
    if not loc:
        return path
    el = loc[-1]
    _, path2 = _step(cur, path, el)
    if path2 is path and missing:
        return (*path, el)  # the name of the missing field
    return path2


def _step(cur: Any, path: PathKey, el: Any) -> tuple[Any, PathKey]:
    if (isinstance(cur, dict) and el in cur) or (
        isinstance(cur, list) and isinstance(el, int) and 0 <= el < len(cur)
    ):
        return cur[el], (*path, el)
    return cur, path


@functools.lru_cache(maxsize=64)
def _wanted(codes: tuple[str, ...], lang: str) -> str:
    """ "a number or text": made once per kind of mistake (100,000 bad items, one phrase)."""
    with use_lang(lang):
        return msg("schema.or").join(msg(c) for c in codes)


# The words of one kind of mistake for one value, made once: a list of 100,000 numbers
# where text belongs is 100,000 times the same two messages (typed: 1 and 1.0 differ).
@functools.lru_cache(maxsize=1024, typed=True)
def _number_not_text(value: float, lang: str) -> tuple[Msg, Msg]:
    with use_lang(lang):
        what = msg("schema.noun.text")
        return msg("schema.must_be", value=repr(value), what=what), msg(
            "schema.quote_it", value=value
        )


@functools.lru_cache(maxsize=1024, typed=True)
def _not_the_type(kind: str, value: str | float | None, lang: str) -> Msg:
    with use_lang(lang):
        what = msg(_TYPE_NOUNS[kind] or "schema.noun.listed")
        return msg("schema.must_be", value=_show(value), what=what)


#: Keys other tools use for a data file's column mapping (qualindex keeps it in the index).
_COLUMN_MAPS = frozenset({"columns", "column", "mapping", "map", "rename", "fields"})


def _problem(
    errs: list[dict[str, Any]], path: PathKey, doc: Located, model: type[BaseModel]
) -> Problem:
    err = errs[0]
    kind = err["type"]
    value = err.get("input")
    field = str(path[-1]) if path else ""
    if len(errs) > 1 and all(e["type"] in _TYPE_NOUNS for e in errs):
        codes = tuple(sorted({_TYPE_NOUNS[e["type"]] or "schema.noun.listed" for e in errs}))
        wants = _wanted(codes, current_lang())
        return doc.problem(path, msg("schema.must_be", value=_show(value), what=wants))
    if kind == "missing":
        parent = path[:-1]
        fix = (
            msg("schema.add_version") if field == "qualindex" else msg("schema.add_key", key=field)
        )
        return doc.problem(parent, msg("schema.missing", key=field), fix=fix)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, doc.data, path[:-1])
        keys = ", ".join(allowed)
        hint: str | Msg = did_you_mean(field, allowed) or msg("schema.allowed_keys", keys=keys)
        under = tuple(k for k in path[:-1] if isinstance(k, str))  # data.files[i] -> data, files
        if field in _COLUMN_MAPS and under == ("data", "files"):
            # a column mapping where other tools have one: say where qualindex keeps it
            hint = msg("schema.columns_in_index", keys=keys)
        return doc.problem(path, msg("schema.unknown_key", key=field), fix=hint, key=True)
    if kind in ("literal_error", "union_tag_invalid"):
        ctx = err.get("ctx", {})
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", ctx.get("expected_tags", ""))))
        shown = ctx.get("tag", value)
        if field == "qualindex":
            return doc.problem(
                path, msg("schema.bad_version", version=shown), fix=msg("schema.bad_version.fix")
            )
        listed = ", ".join(choices)
        near: str | Msg = did_you_mean(str(shown), choices) or msg("schema.one_of", choices=listed)
        return doc.problem(
            path, msg("schema.not_one_of", value=_show(shown), choices=listed), fix=near
        )
    if kind == "union_tag_not_found":
        key = err.get("ctx", {}).get("discriminator", "method").strip("'")
        return doc.problem(
            path, msg("schema.needs_tag", key=key), fix=msg("schema.needs_tag.fix", key=key)
        )
    if kind == "finite_number":
        return doc.problem(
            path, msg("schema.not_finite", value=_show(value)), fix=msg("schema.give_number")
        )
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        message, fix = _number_not_text(value, current_lang())
        return doc.problem(path, message, fix=fix)
    if kind in _TYPE_NOUNS:
        if isinstance(value, (str, int, float, type(None))):
            return doc.problem(path, _not_the_type(kind, value, current_lang()))
        what = msg(_TYPE_NOUNS[kind] or "schema.noun.listed")
        return doc.problem(path, msg("schema.must_be", value=_show(value), what=what))
    return doc.problem(path, _pydantic_text(err, value))


def _pydantic_text(err: dict[str, Any], value: Any) -> str:
    """A pydantic error the table above does not name: our validator's coded message, or
    pydantic's own words for a constraint (``greater_than`` ...) by its error type."""
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Msg):
        text: str = cause.args[0]
    elif f"schema.pydantic.{err['type']}" in CATALOGUE:
        shown = {k: v for k, v in ctx.items() if k not in ("error", "field_type")}
        text = msg(f"schema.pydantic.{err['type']}", **shown)
    else:
        text = str(err["msg"]).removeprefix("Value error, ")
    if value is None:
        return text
    return msg("schema.value_said", value=_show(value), text=text)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _kind(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    code = {dict: "schema.noun.mapping", list: "schema.noun.list", type(None): "schema.noun.none"}
    return msg(code[type(value)]) if type(value) in code else repr(value)


def _fields_at(model: type[BaseModel], data: Any, path: PathKey) -> list[str]:
    """Field names of the model that describes the mapping at ``path``."""
    tp: Any = model
    cur = data
    for el in path:
        tp = _concrete(tp, cur)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(str(el))
            tp = info.annotation if info else None
        elif origin in (list, tuple, dict):
            tp = typing.get_args(tp)[-1] if origin is not tuple else typing.get_args(tp)[0]
        cur = _child(cur, el)
    tp = _concrete(tp, cur)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _child(value: Any, key: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(key)
    if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        return value[key]
    return None


def _concrete(tp: Any, value: Any) -> Any:
    """Strip Annotated/Optional and pick the union member that fits ``value``."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    args = typing.get_args(tp)
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return tp
    models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
    if isinstance(value, dict) and models:
        for m in models:
            tag = m.model_fields.get("method")
            if tag is None or value.get("method") in typing.get_args(tag.annotation):
                return m
        return models[0]
    for a in args:
        a = _concrete(a, value)
        if typing.get_origin(a) in (list, tuple) and isinstance(value, list):
            return a
    return args[0]


# --- presets --------------------------------------------------------------------------------
def load_presets(path: str | Path | None = None) -> Presets:
    """Read the presets file (default: the built-in ``configs/presets.yaml``).

    Cached by the file's path, modification time and size, so a notebook or a server
    that calls this again after the file changed gets the new presets.
    """
    target = Path(path) if path is not None else Path(presets_file())
    try:
        st = target.stat()
        stamp: tuple[int, int, int] = (st.st_mtime_ns, st.st_size, st.st_ino)
    except (OSError, ValueError):
        stamp = (-1, -1, -1)  # read_yaml reports the missing/unreadable file
    return _load_presets(str(target), stamp)


@functools.lru_cache(maxsize=8)
def _load_presets(path: str, stamp: tuple[int, int, int]) -> Presets:
    """The presets of ``path`` as it was at ``stamp`` (mtime_ns, size, inode)."""
    doc = read_yaml(path)
    spec = parse_spec(doc, PresetsSpec)
    problems = checks.scale_problems(spec.scales, doc)
    if problems:
        raise IndexFileError(problems)
    labels: dict[str, int] = {}
    for table in spec.saaty_labels.values():
        labels.update({label.strip().lower(): value for label, value in table.items()})
    return Presets(
        grades=frozen_map({k: _grades(k, v.bands, v.name) for k, v in spec.grades.items()}),
        scales=frozen_map({k: _scale(k, v) for k, v in spec.scales.items()}),
        saaty_labels=frozen_map(labels),
        file=doc.file,
    )


def _text(spec: TextSpec | None) -> Text | None:
    return Text(spec.zh, spec.en) if spec is not None else None


def _grades(key: str, bands: list[GradeBandSpec], name: TextSpec | None = None) -> Grades:
    ordered = sorted(bands, key=lambda b: -b.min)
    return Grades(
        key, tuple(GradeBand(b.min, Text(b.label.zh, b.label.en)) for b in ordered), _text(name)
    )


def _scale(key: str, spec: ScaleSpec) -> Scale:
    points = tuple(ScalePoint(p.value, p.score, _text(p.label)) for p in spec.points)
    return Scale(key, points, _text(spec.name))


# --- index systems --------------------------------------------------------------------------
def load_index(path: str | Path, *, presets: Presets | None = None) -> IndexSystem:
    """Load and validate an index system file (see README, "The YAML format").

    Raises :class:`~qualindex.errors.IndexFileError` listing every problem found.
    """

    doc = read_yaml(path)
    presets = presets or load_presets()
    spec = parse_spec(doc, IndexSpec)
    with paused_gc():  # tens of thousands of frozen nodes, no cycles (see paused_gc)
        scales = {**presets.scales, **{k: _scale(k, v) for k, v in spec.scales.items()}}
        problems = checks.check_index(spec, doc, scales, presets.grades)
        if problems:
            raise IndexFileError(problems)
        index = _build_index(spec, doc, scales, presets)
        return check_inline_judgments(index, spec, doc, presets)


def _loc(doc: Located, path: PathKey) -> Location:
    line, col = doc.pos(path) or (None, None)
    return Location(doc.file, line, col)


def _implied_scoring(name: str) -> ScoringMethod:
    """The scoring method a leaf's fields imply (``checks.resolve_scoring``), with defaults."""
    return _SCORING.validate_python({"method": name})


def _missing(spec: MissingSpec | None) -> Missing | None:
    return Missing(spec.policy, spec.min_coverage) if spec else None


def _build_index(
    spec: IndexSpec, doc: Located, scales: Mapping[str, Scale], presets: Presets
) -> IndexSystem:
    nodes: dict[str, Node] = {}
    nodes[spec.id] = Node(
        id=spec.id,
        name=Text(spec.name.zh, spec.name.en),
        level=0,
        parent=None,
        children=tuple(c.id for c in spec.children),
        path=(spec.id,),
        loc=_loc(doc, ()),
        description=_text(spec.description),
        sources=_sources(spec.source),
        notes=spec.notes,
        weighting=spec.weighting or _EQUAL,
        weighting_default=spec.weighting is None,
        aggregation=spec.aggregation,
        missing=_missing(spec.missing),
    )
    for node, path, parent in checks.iter_nodes(spec):
        nodes[node.id] = _build_node(node, path, nodes[parent or spec.id], doc, scales)
    grades = None
    if isinstance(spec.grades, str):
        grades = presets.grades[spec.grades]
    elif isinstance(spec.grades, list):
        grades = _grades("inline", spec.grades)
    return IndexSystem(
        id=spec.id,
        version=spec.version,
        name=Text(spec.name.zh, spec.name.en),
        file=doc.file,
        nodes=frozen_map(nodes),
        description=_text(spec.description),
        sources=_sources(spec.source),
        notes=spec.notes,
        score_range=spec.score_range,
        grades=grades,
        alternatives=build_alternatives(spec.alternatives, doc, ("alternatives",)),
    )


def build_alternatives(
    specs: list[AlternativeSpec], doc: Located, path: PathKey
) -> tuple[Alternative, ...]:
    """The alternatives of an index or a run configuration, located in ``doc``."""
    return tuple(
        Alternative(
            id=a.id,
            name=Text(a.name.zh, a.name.en) if a.name else Text(en=a.id),
            loc=_loc(doc, (*path, i)),
            description=_text(a.description),
            attributes=frozen_map(dict(a.attributes)),
        )
        for i, a in enumerate(specs)
    )


def _sources(source: str | list[str] | None) -> tuple[str, ...]:
    if source is None:
        return ()
    return (source,) if isinstance(source, str) else tuple(source)


def _build_node(
    spec: NodeSpec, path: PathKey, parent: Node, doc: Located, scales: Mapping[str, Scale]
) -> Node:
    is_leaf = spec.children is None
    return Node(
        id=spec.id,
        name=Text(spec.name.zh, spec.name.en),
        level=parent.level + 1,
        parent=parent.id,
        children=tuple(c.id for c in spec.children or []),
        path=(*parent.path, spec.id),
        loc=_loc(doc, path),
        description=_text(spec.description),
        sources=_sources(spec.source),
        notes=spec.notes,
        verified=spec.verified,
        weighting=None if is_leaf else (spec.weighting or _EQUAL),
        weighting_default=not is_leaf and spec.weighting is None,
        aggregation=spec.aggregation,
        missing=_missing(spec.missing),
        indicator=_indicator(spec, scales) if is_leaf else None,
        assess=spec.assess,
    )


def _indicator(spec: NodeSpec, scales: Mapping[str, Scale]) -> Indicator:
    if spec.assess is not None:
        # a decision model's leaf criterion: its "entities" are the alternatives, assessed
        # by AHP relative measurement (qualindex.decision); kept as an indicator so the
        # tree, the weights and the diagram treat it as a leaf
        lower = spec.assess.method == "measured" and spec.assess.direction == "lower"
        return Indicator(
            scoring=RelativeScoring(method="relative", mode="distributive"),
            scoring_default=True,
            kind=spec.kind,
            unit=spec.unit,
            direction="lower" if lower else "higher",
            column=spec.column,
            tags=tuple(spec.tags),
        )
    resolved = checks.resolve_scoring(spec)
    assert resolved is not None  # checked in checks._check_scoring
    method, implied = resolved
    scoring = _implied_scoring(method) if implied else spec.scoring
    assert scoring is not None
    return Indicator(
        scoring=scoring,
        scoring_default=implied,
        kind=spec.kind,
        unit=spec.unit,
        direction=spec.direction or "higher",
        target=spec.target,
        threshold=spec.threshold,
        baseline=spec.baseline,
        band=spec.band,
        scale=scales[spec.scale] if spec.scale else None,
        reverse=spec.reverse,
        points=spec.points,
        column=spec.column,
        expectation_column=spec.expectation_column,
        cycle=spec.cycle,
        tags=tuple(spec.tags),
    )
