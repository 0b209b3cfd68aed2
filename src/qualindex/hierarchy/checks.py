"""Rules across fields of an index system, each reported at its own line.

pydantic has already checked types and names; these checks need the whole tree
(unique ids, presets, weights per child) or several fields at once (direction
vs. threshold and target).  Every check returns problems instead of raising, so
that all problems of a file are reported together.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from qualindex.core import missing_pairs
from qualindex.errors import Problem
from qualindex.hierarchy.model import did_you_mean
from qualindex.hierarchy.schema import IndexSpec, NodeSpec, ScaleSpec
from qualindex.hierarchy.yamlio import Located, PathKey
from qualindex.texts import msg

__all__ = ["ID_PATTERN", "check_index", "iter_nodes", "resolve_scoring", "scale_problems"]

# letters of any script (绿化率, qualité), digits, '_', '.', '-': ids as committees write them
# (1.2, B1-2); no spaces, slashes or other punctuation, which data columns and files trip on
ID_PATTERN = re.compile(r"^\w[\w.\-]*$")

_LEAF_FIELDS = [
    "kind",
    "unit",
    "direction",
    "target",
    "threshold",
    "baseline",
    "band",
    "scoring",
    "scale",
    "points",
    "column",
    "expectation_column",
    "cycle",
    "assess",
]
# indicator fields that say how a value is scored: a leaf criterion with assess: has none
_SCORED_FIELDS = ("direction", "target", "threshold", "band", "scoring", "scale", "points")
_AGGREGATE_FIELDS = ("weighting", "aggregation", "missing")


def iter_nodes(spec: IndexSpec) -> Iterator[tuple[NodeSpec, PathKey, str | None]]:
    """Every non-root node with its document path and its parent's id (pre-order)."""
    stack: list[tuple[NodeSpec, PathKey, str]] = [
        (child, ("children", i), spec.id) for i, child in reversed(list(enumerate(spec.children)))
    ]
    while stack:
        node, path, parent = stack.pop()
        yield node, path, parent
        for i, child in reversed(list(enumerate(node.children or []))):
            stack.append((child, (*path, "children", i), node.id))


def check_index(
    spec: IndexSpec, doc: Located, scales: Mapping[str, Any], grades: Mapping[str, Any]
) -> list[Problem]:
    """All cross-field problems of an index system (empty when it is valid)."""
    problems = _check_ids(spec, doc)
    problems += _check_presets(spec, doc, scales, grades)
    if not spec.children:
        problems.append(
            doc.problem(
                ("children",), msg("index.no_dimensions"), fix=msg("index.no_dimensions.fix")
            )
        )
    for node, path, _parent in iter_nodes(spec):
        if node.children is not None:
            problems += _check_aggregate(node, path, doc)
        else:
            problems += _check_leaf(node, path, doc, scales)
    problems += _check_weighting(spec, (), doc)
    for node, path, _parent in iter_nodes(spec):
        if node.children:
            problems += _check_weighting(node, path, doc)
    problems += _check_alternatives(spec, doc)
    return problems


def _check_alternatives(spec: IndexSpec, doc: Located) -> list[Problem]:
    """Alternatives' ids: valid and unique (a node id may be reused: different levels)."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, alt in enumerate(spec.alternatives):
        path: PathKey = ("alternatives", i, "id")
        if not ID_PATTERN.match(alt.id):
            problems.append(
                doc.problem(
                    path,
                    f"alternative id {alt.id!r} may hold only letters, digits, '_', '-' and '.'",
                    fix="put the display name under name: {zh, en}",
                )
            )
        if alt.id in seen:
            line = (doc.pos(("alternatives", seen[alt.id], "id")) or (0, 0))[0]
            problems.append(
                doc.problem(
                    path,
                    f"alternative {alt.id!r} is listed twice (first at line {line})",
                    fix="give each alternative its own id",
                )
            )
        seen.setdefault(alt.id, i)
    return problems


def _check_assessed_leaf(node: NodeSpec, path: PathKey, doc: Located) -> list[Problem]:
    """A leaf criterion of a decision model: its alternatives are assessed, not scored."""
    problems = [
        doc.problem(
            (*path, name),
            f"{name!r} scores an indicator's value; criterion {node.id!r} assesses "
            "alternatives (assess:)",
            fix="remove it (for measured values: assess: {method: measured, direction: lower})",
            key=True,
        )
        for name in _SCORED_FIELDS
        if name in node.model_fields_set
    ]
    assess = node.assess
    if assess is not None and assess.method == "ratings":
        problems += _check_ratings(assess, (*path, "assess"), doc)
    return problems


def _check_ratings(assess: Any, path: PathKey, doc: Located) -> list[Problem]:
    problems: list[Problem] = []
    ids = [i.id for i in assess.intensities]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        problems.append(
            doc.problem((*path, "intensities"), f"intensities listed twice: {', '.join(dup)}")
        )
    given = [i.priority is not None for i in assess.intensities]
    if any(given) and not all(given):
        problems.append(
            doc.problem(
                (*path, "intensities"),
                "some intensities have a priority and some not",
                fix="give every intensity a priority, or none and compare them pairwise",
            )
        )
    if all(given) and assess.pairwise:
        problems.append(
            doc.problem(
                (*path, "pairwise"),
                "intensities have priorities and pairwise comparisons: which one counts?",
                fix="keep one of them",
            )
        )
    if not any(given):
        seen = set()
        for k, (a, b, _v) in enumerate(assess.pairwise):
            for j, x in enumerate((a, b)):
                if x not in ids:
                    problems.append(
                        doc.problem(
                            (*path, "pairwise", k, j),
                            f"{x!r} is not an intensity of this scale",
                            fix=did_you_mean(x, ids) or f"intensities: {', '.join(ids)}",
                        )
                    )
            seen.add(frozenset((a, b)))
        missing = missing_pairs(ids, seen)
        if missing:
            problems.append(
                doc.problem(
                    (*path, "pairwise") if assess.pairwise else path,
                    f"the intensities need priorities or every pair compared; missing "
                    f"{', '.join(missing[:6])}",
                    fix="add pairwise: [[a, b, 3], ...] or priority: on each intensity",
                )
            )
    for alt, rating in assess.ratings.items():
        if rating not in ids:
            problems.append(
                doc.problem(
                    (*path, "ratings", alt),
                    f"rating {rating!r} of {alt!r} is not an intensity of this scale",
                    fix=did_you_mean(rating, ids) or f"intensities: {', '.join(ids)}",
                )
            )
    return problems


def _check_ids(spec: IndexSpec, doc: Located) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, PathKey] = {}
    entries: list[tuple[str, PathKey]] = [(spec.id, ())]
    entries += [(n.id, p) for n, p, _ in iter_nodes(spec)]
    for node_id, path in entries:
        id_path = (*path, "id")
        if not ID_PATTERN.match(node_id):
            problems.append(
                doc.problem(
                    id_path,
                    msg("index.bad_id", id=node_id),
                    fix=msg("index.bad_id.fix"),
                )
            )
        if node_id in seen:
            line = (doc.pos((*seen[node_id], "id")) or (0, 0))[0]
            problems.append(
                doc.problem(
                    id_path,
                    msg("index.duplicate_id", id=node_id, line=line),
                    fix=msg("index.duplicate_id.fix"),
                )
            )
        else:
            seen[node_id] = path
    return problems


def _unknown(name: str, choices: Mapping[str, Any], what: str) -> str:
    hint = did_you_mean(name, choices)
    listed = ", ".join(sorted(choices)) or msg("index.none_defined")
    return hint or msg(f"index.known_{what}", listed=listed)


def _check_presets(
    spec: IndexSpec, doc: Located, scales: Mapping[str, Any], grades: Mapping[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(spec.grades, str) and spec.grades not in grades:
        problems.append(
            doc.problem(
                ("grades",),
                msg("index.unknown_grades", name=spec.grades),
                fix=_unknown(spec.grades, grades, "grades"),
            )
        )
    elif isinstance(spec.grades, list):
        mins = [b.min for b in spec.grades]
        if len(set(mins)) != len(mins):
            problems.append(doc.problem(("grades",), msg("index.grades_same_min")))
    problems += scale_problems(spec.scales, doc)
    for node, path, _ in iter_nodes(spec):
        if node.scale is not None and node.scale not in scales:
            problems.append(
                doc.problem(
                    (*path, "scale"),
                    msg("index.unknown_scale", name=node.scale),
                    fix=_unknown(node.scale, scales, "scales"),
                )
            )
    return problems


def scale_problems(scales: Mapping[str, ScaleSpec], doc: Located) -> list[Problem]:
    """A rating scale's answer values are distinct: a value listed twice maps one answer to
    two scores (and to two columns of the answer distribution)."""
    problems: list[Problem] = []
    for name, scale in scales.items():
        seen: dict[float, int] = {}
        for i, point in enumerate(scale.points):
            if point.value in seen:
                problems.append(
                    doc.problem(
                        ("scales", name, "points", i, "value"),
                        msg("index.scale_value_twice", scale=name, value=f"{point.value:g}"),
                        fix=msg("index.scale_value_twice.fix", first=seen[point.value] + 1),
                    )
                )
            seen.setdefault(point.value, i)
    return problems


def _check_aggregate(node: NodeSpec, path: PathKey, doc: Located) -> list[Problem]:
    problems = []
    if not node.children:
        problems.append(
            doc.problem(
                (*path, "children"),
                msg("index.aggregate_no_children", id=node.id),
                fix=msg("index.aggregate_no_children.fix"),
            )
        )
    problems += _misplaced(
        node,
        path,
        doc,
        _LEAF_FIELDS,
        "index.leaf_field_on_aggregate",
    )
    return problems


def _misplaced(
    node: NodeSpec, path: PathKey, doc: Located, fields: Sequence[str], code: str
) -> list[Problem]:
    """Fields written on the wrong kind of node (an aggregate's on a leaf, or the reverse)."""
    return [
        doc.problem(
            (*path, name),
            msg(code, name=name, id=node.id),
            fix=msg(f"{code}.fix", name=name),
            key=True,
        )
        for name in fields
        if name in node.model_fields_set
    ]


def resolve_scoring(node: NodeSpec) -> tuple[str, bool] | None:
    """The scoring method of a leaf and whether it was implied, or None if it cannot be."""
    if node.scoring is not None:
        return node.scoring.method, False
    if node.expectation_column is not None and node.scale is not None:
        return "gap", True
    if node.scale is not None:
        return "likert", True
    if node.points is not None:
        return "points", True
    if node.direction == "target":
        return "band", True
    if node.threshold is not None and node.target is not None:
        return "linear", True
    return None


def _check_leaf(
    node: NodeSpec, path: PathKey, doc: Located, scales: Mapping[str, Any]
) -> list[Problem]:
    problems = _misplaced(
        node,
        path,
        doc,
        _AGGREGATE_FIELDS,
        "index.aggregate_field_on_leaf",
    )
    if node.assess is not None:
        return problems + _check_assessed_leaf(node, path, doc)
    if node.unit is None and node.scale is None and node.points is None:
        problems.append(
            doc.problem(
                path,
                msg("index.no_measurement", id=node.id),
                fix=msg("index.no_measurement.fix"),
            )
        )
    if node.direction is None and node.scale is None and node.points is None:
        problems.append(
            doc.problem(
                path,
                msg("index.no_direction", id=node.id),
                fix=msg("index.no_direction.fix"),
            )
        )
    problems += _check_direction(node, path, doc)
    problems += _check_scoring(node, path, doc, scales)
    return problems


def _check_direction(node: NodeSpec, path: PathKey, doc: Located) -> list[Problem]:
    problems = []
    if node.direction == "target" and node.target is None and node.band is None:
        problems.append(
            doc.problem(
                (*path, "direction"),
                msg("index.target_needs_value"),
                fix=msg("index.target_needs_value.fix"),
            )
        )
    if node.band is not None and node.band[0] > node.band[1]:
        problems.append(
            doc.problem(
                (*path, "band"),
                msg("index.band_reversed", lo=node.band[0], hi=node.band[1]),
                fix=msg("index.band_reversed.fix", lo=node.band[0], hi=node.band[1]),
            )
        )
    t, th = node.target, node.threshold
    if t is None or th is None or node.direction not in ("higher", "lower"):
        return problems
    wrong = (node.direction == "higher" and th >= t) or (node.direction == "lower" and th <= t)
    if wrong:
        code = "index.threshold_below" if node.direction == "higher" else "index.threshold_above"
        problems.append(
            doc.problem(
                (*path, "threshold"),
                msg(code, threshold=th, target=t, direction=node.direction),
                fix=msg("index.threshold.fix"),
            )
        )
    return problems


#: method -> (field it needs, message code of what to add)
_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "linear": (("threshold", "index.needs.threshold"), ("target", "index.needs.target")),
    "ratio": (("baseline", "index.needs.baseline"),),
    "likert": (("scale", "index.needs.likert_scale"),),
    "gap": (("scale", "index.needs.gap_scale"), ("expectation_column", "index.needs.expectation")),
    "points": (("points", "index.needs.points"),),
}


def _check_scoring(
    node: NodeSpec, path: PathKey, doc: Located, scales: Mapping[str, Any]
) -> list[Problem]:
    resolved = resolve_scoring(node)
    if resolved is None:
        return [
            doc.problem(
                path,
                msg("index.no_scoring", id=node.id),
                fix=msg("index.no_scoring.fix"),
            )
        ]
    method, _implied = resolved
    problems = [
        doc.problem(
            (*path, "scoring"),
            msg("index.scoring_needs", method=method, field=field),
            fix=msg("index.add", what=msg(how)),
        )
        for field, how in _NEEDS.get(method, ())
        if getattr(node, field) is None
    ]
    if method == "band" and node.direction != "target":
        problems.append(
            doc.problem(
                (*path, "scoring"),
                msg("index.band_needs_target"),
                fix=msg("index.band_needs_target.fix"),
            )
        )
    scoring = node.scoring
    if scoring is not None and scoring.method == "goalposts" and scoring.lo >= scoring.hi:
        problems.append(
            doc.problem(
                (*path, "scoring", "lo"), msg("index.goalposts"), fix=msg("index.goalposts.fix")
            )
        )
    if scoring is not None and scoring.method == "piecewise":
        xs = [p[0] for p in scoring.points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            problems.append(
                doc.problem(
                    (*path, "scoring", "points"),
                    msg("index.piecewise_order", xs=xs),
                    fix=msg("index.piecewise_order.fix"),
                )
            )
    return problems


def _check_weighting(node: IndexSpec | NodeSpec, path: PathKey, doc: Located) -> list[Problem]:
    weighting = node.weighting
    children = [c.id for c in node.children or []]
    if weighting is None:
        return []
    keyed: dict[str, Any] | None = None
    if weighting.method == "direct":
        keyed = weighting.weights
    elif weighting.method == "importance":
        keyed = weighting.columns
    elif weighting.method == "combination" and weighting.subjective == "direct":
        keyed = weighting.weights or {}
    if keyed is None:
        return []
    where = (*path, "weighting", "columns" if weighting.method == "importance" else "weights")
    problems = [
        doc.problem(
            (*where, key),
            msg("index.not_a_child", key=key, id=node.id),
            fix=did_you_mean(key, children) or msg("index.children_are", ids=", ".join(children)),
            key=True,
        )
        for key in keyed
        if key not in children
    ]
    missing = [c for c in children if c not in keyed]
    if missing:
        problems.append(
            doc.problem(
                where,
                msg("index.no_entry", ids=", ".join(missing)),
                fix=msg("index.no_entry.fix"),
            )
        )
    if weighting.method == "direct" and keyed and sum(keyed.values()) <= 0:
        problems.append(
            doc.problem(where, msg("index.direct_zero"), fix=msg("index.direct_zero.fix"))
        )
    return problems
