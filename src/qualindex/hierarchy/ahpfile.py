"""Import R ``ahp`` files (``*.ahp``, file format 2.0, Glur's ``ahp`` package) as qualindex files.

An ``.ahp`` file is YAML: ``Alternatives`` (names with attributes), a ``Goal`` tree whose leaf
criteria have the alternatives as children, per-node ``preferences`` (one decision maker, or
one block per decision maker) given as ``pairwise`` triples, ``score`` or ``priority`` lists,
and optional ``decision-makers`` weights.  The conversion gives

* an index system: the criteria tree (``weighting: {method: ahp}`` at every aggregate), the
  alternatives with their attributes, and ``assess:`` on every leaf: ``pairwise`` when every
  decision maker compared the alternatives, ``direct`` when every one gave scores or
  priorities (R ``ahp`` normalises both by their sum, as ``direct`` does), and ``pairwise``
  with ``group: aip, aip_mean: arithmetic`` when they mixed the two;
* one judgment file per decision maker (expert weight = the ``decision-makers`` weight);
* a run configuration naming both.

``pairwiseFunction`` and ``scoreFunction`` are R code: they are not run, and each one is
reported with its place in the file; the decision maker then has no judgment at that node.
Values must be numbers or fractions (``1/4``): other R expressions are reported the same way.
Groups are aggregated by qualindex's rules (AIJ at complete AHP nodes), not by R ``ahp``'s
weighted sum of each decision maker's result, so group numbers can differ from R's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualindex.errors import IndexFileError, Problem
from qualindex.hierarchy.judgment_checks import parse_pair_value
from qualindex.hierarchy.yamlio import Located, PathKey, read_yaml
from qualindex.texts import msg

__all__ = ["AhpImport", "import_ahp_file"]

_SINGLE = "_single"  # the decision maker of a file without per-decision-maker preferences
_KINDS = ("pairwise", "score", "priority")
_FUNCTIONS = ("pairwiseFunction", "scoreFunction")


@dataclass
class AhpImport:
    """The converted files (name -> YAML text) and what could not be converted."""

    files: dict[str, str]
    skipped: list[Problem] = field(default_factory=list)


def _slug(name: str) -> str:
    out = re.sub(r"[^\w.\-]+", "_", str(name).strip()).strip("_")
    return out if out and out[0].isalnum() else f"n_{out}"


@dataclass
class _State:
    doc: Located
    alternatives: list[str]
    dms: dict[str, float]
    ids: dict[str, str] = field(default_factory=dict)  # R name -> qualindex id
    skipped: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # per decision maker: node id -> pairs (criteria) / alternatives section
    pairwise: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    weights: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    alt_section: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id_of(self, name: str, path: PathKey) -> str:
        slug = _slug(name)
        if slug in self.ids.values() and self.ids.get(name) != slug:
            self.problems.append(self.doc.problem(path, msg("ahpfile.same_id", name=name, id=slug)))
        self.ids[name] = slug
        return slug

    def value(self, raw: Any, path: PathKey) -> float | None:
        v = parse_pair_value(raw, {})
        if v is None or v != v:
            self.skipped.append(
                self.doc.problem(
                    path,
                    msg("ahpfile.r_expression", raw=raw),
                    fix=msg("ahpfile.r_expression.fix"),
                )
            )
        return v


def import_ahp_file(path: str | Path) -> AhpImport:
    """Convert an R ``ahp`` file; unconvertible preferences are listed in ``skipped``."""
    doc = read_yaml(path)
    data = doc.data
    if not isinstance(data, dict) or "Goal" not in data or "Alternatives" not in data:
        raise IndexFileError(doc.problem((), msg("ahpfile.not_ahp")))
    alts = data["Alternatives"]
    if not isinstance(alts, dict) or not alts:
        raise IndexFileError(doc.problem(("Alternatives",), msg("ahpfile.no_alternatives")))
    goal = data["Goal"]
    shape = _shape_problems(doc, goal, ("Goal",))
    if shape:
        raise IndexFileError(shape)
    attributes = {str(a): v for a, v in alts.items()}
    st = _State(doc, list(attributes), _decision_makers(doc, goal))
    alt_ids = {a: _slug(a) for a in st.alternatives}
    root_id = _slug(goal.get("name", "goal"))
    st.ids[str(goal.get("name", "goal"))] = root_id
    tree = _node(st, goal, ("Goal",), root_id, alt_ids)
    if st.problems:
        raise IndexFileError(st.problems)
    dms = list(st.dms) or sorted({*st.pairwise, *st.weights, *st.alt_section})
    index = {
        "qualindex": 1,
        "id": root_id,
        "version": "1",
        "name": {"en": str(goal.get("name", root_id))},
        "source": str(msg("ahpfile.source", file=Path(path).name)),
        **tree,
        "alternatives": [
            {"id": alt_ids[a], "name": {"en": a}, "attributes": _attributes(attributes[a])}
            for a in st.alternatives
        ],
    }
    if isinstance(goal.get("description"), str):
        index["description"] = {"en": goal["description"].strip()}
    files = {f"{root_id}.yaml": _dump(index)}
    for dm in dms:
        jdoc: dict[str, Any] = {
            "qualindex": 1,
            "expert": {"id": _slug(dm) if dm != _SINGLE else "dm"}
            | ({"name": dm} if dm != _SINGLE else {})
            | ({"weight": st.dms[dm]} if dm in st.dms else {}),
            "index": f"{root_id}@1",
        }
        if st.pairwise.get(dm):
            jdoc["pairwise"] = st.pairwise[dm]
        if st.alt_section.get(dm):
            jdoc["alternatives"] = st.alt_section[dm]
        name = "dm" if dm == _SINGLE else _slug(dm)
        files[f"judgments/{name}.yaml"] = _dump(jdoc)
    run = {"qualindex": 1, "index": f"{root_id}.yaml", "judgments": ["judgments/*.yaml"]}
    head = [msg("ahpfile.header", file=Path(path).name)] if st.skipped else []
    head += [
        msg("ahpfile.header_line", line=p.line, path=p.path, message=p.message) for p in st.skipped
    ]
    files["run.yaml"] = "".join(f"{h}\n" for h in head) + _dump(run)
    return AhpImport(files, st.skipped)


def _shape_problems(doc: Located, node: Any, path: PathKey) -> list[Problem]:
    """Where the file's structure is not the one R ``ahp`` reads (a node, its children and
    its preferences are mappings; pairwise, score and priority are lists), each located.

    Checked before converting, so a list where a mapping belongs is refused by name instead
    of being read wrongly or dropped."""
    if node is None and path != ("Goal",):
        return []
    if not isinstance(node, dict):
        return [doc.problem(path, msg("ahpfile.node_mapping", kind=_kind(node)))]
    out: list[Problem] = []
    if path == ("Goal",):
        dms = node.get("decision-makers")
        if dms is not None and not isinstance(dms, list):
            out.append(doc.problem((*path, "decision-makers"), msg("ahpfile.dms_list")))
        for i, entry in enumerate(dms if isinstance(dms, list) else []):
            if entry is not None and not isinstance(entry, dict):
                out.append(doc.problem((*path, "decision-makers", i), msg("ahpfile.dm_entry")))
    prefs = node.get("preferences")
    if prefs is not None and not isinstance(prefs, dict):
        out.append(
            doc.problem((*path, "preferences"), msg("ahpfile.prefs_mapping", kind=_kind(prefs)))
        )
    elif isinstance(prefs, dict):
        blocks = [(path, prefs)] if set(prefs) & {*_KINDS, *_FUNCTIONS} else [
            ((*path, dm), p) for dm, p in prefs.items()
        ]  # fmt: skip
        for where, block in blocks:
            if not isinstance(block, dict):
                what = msg("ahpfile.dm_prefs_mapping", kind=_kind(block))
                out.append(doc.problem((*where[:-1], "preferences", where[-1]), what))
                continue
            for kind in _KINDS:
                at = (*path, "preferences", *where[len(path) :], kind)
                value = block.get(kind)
                if value is not None and not isinstance(value, list):
                    out.append(
                        doc.problem(at, msg("ahpfile.kind_list", key=kind, kind=_kind(value)))
                    )
                elif kind != "pairwise":
                    bad = [i for i, e in enumerate(value or []) if not isinstance(e, dict | None)]
                    said = msg("ahpfile.entry", key=kind)
                    out += [doc.problem((*at, i), said) for i in bad]
    kids = node.get("children")
    if kids is not None and not isinstance(kids, dict):
        out.append(
            doc.problem((*path, "children"), msg("ahpfile.children_mapping", kind=_kind(kids)))
        )
    for name, child in (kids if isinstance(kids, dict) else {}).items():
        out += _shape_problems(doc, child, (*path, "children", name))
    return out


def _kind(value: Any) -> str:
    """What ``value`` is, in words of the current language (a scalar as it is written)."""
    names: dict[type, str] = {list: "list", dict: "mapping", str: "text"}
    kind = names.get(type(value))
    if kind is None:  # a number or another scalar, as written
        return msg("ahpfile.kind.value", value=repr(value))
    return msg(f"ahpfile.kind.{kind}")


def _decision_makers(doc: Located, goal: dict[str, Any]) -> dict[str, float]:
    given = goal.get("decision-makers") or []
    out: dict[str, float] = {}
    for i, entry in enumerate(given):
        for name, raw in (entry or {}).items():
            v = parse_pair_value(raw, {})
            if v is None or v <= 0:
                raise IndexFileError(
                    doc.problem(
                        ("Goal", "decision-makers", i, name), msg("ahpfile.weight", raw=raw)
                    )
                )
            out[str(name)] = v
    return out


def _attributes(attrs: Any) -> dict[str, Any]:
    if not isinstance(attrs, dict):
        return {}
    return {str(k): v for k, v in attrs.items() if isinstance(v, str | int | float | bool)}


def _per_dm(st: _State, prefs: Any) -> dict[str, dict[str, Any]]:
    """``{dm: {kind: value}}`` for single- and multi-decision-maker preferences."""
    if not isinstance(prefs, dict):
        return {}
    if set(prefs) & {*_KINDS, *_FUNCTIONS}:
        return {_SINGLE: prefs}
    return {str(dm): p for dm, p in prefs.items() if isinstance(p, dict)}


def _node(
    st: _State, node: dict[str, Any], path: PathKey, node_id: str, alt_ids: dict[str, str]
) -> dict[str, Any]:
    kids = node.get("children") or {}
    prefs = _per_dm(st, node.get("preferences"))
    for other in ("decision-makers",):
        if other in node and path != ("Goal",):
            st.skipped.append(
                st.doc.problem(
                    (*path, other),
                    msg("ahpfile.dm_below_goal"),
                    fix=msg("ahpfile.dm_below_goal.fix"),
                )
            )
    is_leaf = isinstance(kids, dict) and set(map(str, kids)) == set(st.alternatives)
    if is_leaf:
        return {"assess": _leaf(st, prefs, (*path, "preferences"), node_id, alt_ids)}
    children = []
    names = [str(k) for k in kids]
    ids = {n: st.id_of(n, (*path, "children", n)) for n in names}
    for dm, p in prefs.items():
        _criteria_prefs(
            st, dm, p, (*path, "preferences", *(() if dm == _SINGLE else (dm,))), node_id, ids
        )
    for key, child in kids.items():  # the keys as written (a key may be a number)
        name = str(key)
        child = child or {}
        spec = {"id": ids[name], "name": {"en": name}}
        spec |= _node(st, child, (*path, "children", name), ids[name], alt_ids)
        children.append(spec)
    return {"weighting": {"method": "ahp"}, "children": children}


def _criteria_prefs(
    st: _State, dm: str, p: dict[str, Any], path: PathKey, node_id: str, ids: dict[str, str]
) -> None:
    for fn in _FUNCTIONS:
        if fn in p:
            st.skipped.append(_function(st, dm, fn, (*path, fn)))
    if "pairwise" in p:
        st.pairwise.setdefault(dm, {})[node_id] = _pairs(
            st, p["pairwise"], (*path, "pairwise"), ids
        )
    for kind in ("score", "priority"):
        if kind in p:
            st.skipped.append(
                st.doc.problem(
                    (*path, kind),
                    msg("ahpfile.criteria_direct_single", key=kind)
                    if dm == _SINGLE
                    else msg("ahpfile.criteria_direct", key=kind, dm=dm),
                    fix=msg("ahpfile.criteria_direct.fix"),
                )
            )


def _leaf(
    st: _State, prefs: dict[str, dict[str, Any]], path: PathKey, leaf: str, alt_ids: dict[str, str]
) -> dict[str, Any]:
    kinds: set[str] = set()
    for dm, p in prefs.items():
        where = (*path, *(() if dm == _SINGLE else (dm,)))
        for fn in _FUNCTIONS:
            if fn in p:
                st.skipped.append(_function(st, dm, fn, (*where, fn)))
        if "pairwise" in p:
            kinds.add("pairwise")
            pairs = _pairs(st, p["pairwise"], (*where, "pairwise"), alt_ids)
            st.alt_section.setdefault(dm, {})[leaf] = pairs
        for kind in ("score", "priority"):
            if kind in p:
                kinds.add("direct")
                st.alt_section.setdefault(dm, {})[leaf] = _keyed(
                    st, p[kind], (*where, kind), alt_ids
                )
    if kinds == {"direct"}:
        return {"method": "direct"}
    if kinds == {"pairwise", "direct"}:
        return {"method": "pairwise", "group": "aip", "aip_mean": "arithmetic"}
    return {"method": "pairwise"}


def _function(st: _State, dm: str, fn: str, path: PathKey) -> Problem:
    said = (
        msg("ahpfile.function", fn=fn)
        if dm == _SINGLE
        else msg("ahpfile.function_of", fn=fn, dm=dm)
    )
    return st.doc.problem(path, said, fix=msg("ahpfile.function.fix"))


def _pairs(st: _State, raw: Any, path: PathKey, ids: dict[str, str]) -> list[list[Any]]:
    out = []
    for i, item in enumerate(raw or []):
        if not (isinstance(item, list) and len(item) == 3):
            st.problems.append(st.doc.problem((*path, i), msg("ahpfile.pair_entry")))
            continue
        a, b, v = item
        unknown = [x for x in (a, b) if str(x) not in ids]
        if unknown:
            st.problems.append(
                st.doc.problem(
                    (*path, i), msg("ahpfile.not_child", names=", ".join(map(str, unknown)))
                )
            )
            continue
        value = st.value(v, (*path, i, 2))
        if value is not None:
            out.append([ids[str(a)], ids[str(b)], v if isinstance(v, int | float) else str(v)])
    return out


def _keyed(st: _State, raw: Any, path: PathKey, ids: dict[str, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for i, entry in enumerate(raw or []):
        for name, v in (entry or {}).items():
            if str(name) not in ids:
                st.problems.append(
                    st.doc.problem((*path, i), msg("ahpfile.not_alternative", name=name))
                )
                continue
            value = st.value(v, (*path, i, name))
            if value is not None:
                out[ids[str(name)]] = value
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(x, dict | list) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(doc: dict[str, Any]) -> str:
    text: str = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text
