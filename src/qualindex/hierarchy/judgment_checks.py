"""Checks of expert judgments: pairwise comparisons, importance scores and BWM vectors.

Judgments live inline in an index file (``judgments: [...]``) or in one file per
expert.  A pairwise value is a number, a fraction (``"1/3"``) or a Saaty verbal
label in zh or en (``明显重要``, ``strong``).  This module checks that every id a
judgment names exists where it should, that values are on Saaty's 1/9..9 scale,
that no pair is given twice with different values, and that a node weighted by
AHP has a complete set of pairs unless it asks for an incomplete-matrix method.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualindex.core import missing_pairs
from qualindex.errors import IndexFileError, Problem
from qualindex.hierarchy.checks import ID_PATTERN
from qualindex.hierarchy.model import (
    BWMJudgment,
    Expert,
    IndexSystem,
    JudgmentSet,
    Location,
    Node,
    Pair,
    Presets,
    did_you_mean,
    frozen_map,
)
from qualindex.hierarchy.schema import (
    AHPWeighting,
    BWMSpec,
    CombinationWeighting,
    IndexSpec,
    JudgmentSpec,
)
from qualindex.hierarchy.yamlio import Located, PathKey
from qualindex.texts import msg

__all__ = [
    "check_inline_judgments",
    "check_judgment_set",
    "duplicate_experts",
    "parse_pair_value",
    "uses_method",
]

SAATY_MIN, SAATY_MAX = 1 / 9, 9.0
_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def parse_pair_value(raw: Any, labels: dict[str, int] | Any) -> float | None:
    """A pairwise value as a float: number, ``"a/b"`` or a verbal label; None if unreadable."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip()
    match = _FRACTION.match(text)
    if match:
        den = float(match.group(2))
        return float(match.group(1)) / den if den else None
    try:
        return float(text)
    except ValueError:
        value = labels.get(text.lower())
        return float(value) if value is not None else None


def _shown(raw: Any) -> str:
    """A judgment value as the user wrote it (YAML's 3 arrives as 3.0)."""
    return f"{raw:g}" if isinstance(raw, float) else repr(raw)


def uses_method(node: Node, family: str) -> bool:
    """Whether ``node`` is weighted by ``family`` alone or as the subjective part."""
    w = node.weighting
    if w is None:
        return False
    return w.name == family or (isinstance(w, CombinationWeighting) and w.subjective == family)


def check_inline_judgments(
    index: IndexSystem, spec: IndexSpec, doc: Located, presets: Presets
) -> IndexSystem:
    """Validate ``judgments:`` inside an index file and attach them to the model."""
    problems: list[Problem] = []
    sets = []
    for i, jspec in enumerate(spec.judgments):
        found, jset = check_judgment_set(jspec, doc, ("judgments", i), index, presets)
        problems += found
        if jset is not None:
            sets.append(jset)
    problems += duplicate_experts(sets)
    if problems:
        raise IndexFileError(problems)
    return dataclasses.replace(index, judgments=tuple(sets))


def duplicate_experts(sets: Sequence[JudgmentSet]) -> list[Problem]:
    """An expert id given by two judgment sets, located at the second."""
    seen: dict[str, Location] = {}
    problems = []
    for s in sets:
        if s.expert.id in seen:
            problems.append(
                Problem(
                    msg("judgments.expert_twice", expert=s.expert.id, at=str(seen[s.expert.id])),
                    file=s.loc.file,
                    line=s.loc.line,
                    col=s.loc.col,
                    fix=msg("judgments.expert_twice.fix"),
                )
            )
        seen.setdefault(s.expert.id, s.loc)
    return problems


def check_judgment_set(
    spec: JudgmentSpec, doc: Located, prefix: PathKey, index: IndexSystem, presets: Presets
) -> tuple[list[Problem], JudgmentSet | None]:
    """The problems of one expert's judgments (at ``prefix`` in ``doc``), or its model."""
    ctx = _Ctx(doc, prefix, index, presets)
    ctx.check_reference(spec.index)
    if not ID_PATTERN.match(spec.expert.id):
        ctx.add(("expert", "id"), f"expert id {spec.expert.id!r} is not a valid id")
    pairwise = {n: ctx.pairs(n, pairs) for n, pairs in spec.pairwise.items()}
    scores = {n: ctx.scores(n, s) for n, s in spec.scores.items()}
    bwm = {n: ctx.bwm(n, b) for n, b in spec.bwm.items()}
    dematel = {n: ctx.dematel(n, rows) for n, rows in spec.dematel.items()}
    alt_pairs: dict[str, tuple[Pair, ...]] = {}
    alt_given: dict[str, dict[str, float]] = {}
    for crit, given in spec.alternatives.items():
        if isinstance(given, list):
            pairs = ctx.alt_pairs(crit, given)
            if pairs is not None:
                alt_pairs[crit] = pairs
        else:
            values = ctx.alt_priorities(crit, given)
            if values is not None:
                alt_given[crit] = values
    if ctx.problems:
        return ctx.problems, None
    authority = spec.expert.authority or {}
    expert = Expert(
        spec.expert.id,
        spec.expert.name,
        spec.expert.weight,
        authority.get("basis"),
        authority.get("familiarity"),
        spec.expert.title,
    )
    return [], JudgmentSet(
        expert=expert,
        loc=ctx.loc(("expert",)),
        pairwise=frozen_map({k: v for k, v in pairwise.items() if v is not None}),
        scores=frozen_map({k: frozen_map(v) for k, v in scores.items() if v is not None}),
        bwm=frozen_map({k: v for k, v in bwm.items() if v is not None}),
        dematel=frozen_map({k: v for k, v in dematel.items() if v is not None}),
        alternatives=frozen_map(alt_pairs),
        alt_priorities=frozen_map({k: frozen_map(v) for k, v in alt_given.items()}),
        alt_locs=frozen_map({k: ctx.loc(("alternatives", k)) for k in (*alt_pairs, *alt_given)}),
    )


class _Ctx:
    """Checks of one judgment set, collecting located problems."""

    def __init__(self, doc: Located, prefix: PathKey, index: IndexSystem, presets: Presets):
        self.doc, self.prefix, self.index, self.presets = doc, prefix, index, presets
        self.problems: list[Problem] = []

    def add(self, path: PathKey, message: str, fix: str | None = None, key: bool = False) -> None:
        self.problems.append(self.doc.problem((*self.prefix, *path), message, fix=fix, key=key))

    def _once(
        self,
        path: PathKey,
        seen: dict[frozenset[str], Pair],
        key: frozenset[str],
        pair: Pair,
        a: str,
        b: str,
        raw: object,
    ) -> None:
        """A pair given twice with different values is refused, naming both places."""
        first = seen.get(key)
        value = pair.value if (first is None or first.a == a) else 1 / pair.value
        if first is not None and not math.isclose(value, first.value, rel_tol=1e-9):
            there = _shown(first.raw)
            self.add(
                path,
                msg(
                    "judgments.twice", a=a, b=b, here=_shown(raw), there=there, line=first.loc.line
                ),
                msg("judgments.twice.fix"),
            )
        seen.setdefault(key, pair)

    def loc(self, path: PathKey) -> Location:
        line, col = self.doc.pos((*self.prefix, *path)) or (None, None)
        return Location(self.doc.file, line, col)

    def check_reference(self, ref: str | None) -> None:
        if ref is None:
            return
        ref_id, _, version = ref.partition("@")
        if ref_id != self.index.id or (version and version != self.index.version):
            want = f"{self.index.id}@{self.index.version}"
            said = msg("judgments.wrong_index", ref=ref, want=want)
            self.add(("index",), said, f"index: {want}")

    def aggregate(self, section: str, node_id: str, *families: str) -> Node | None:
        node = self.index.nodes.get(node_id)
        where = (section, node_id)
        if node is None:
            hint = did_you_mean(node_id, [n.id for n in self.index.aggregates()])
            said = msg("judgments.no_node", node=node_id, index=self.index.id)
            self.add(where, said, hint, key=True)
            return None
        if node.is_leaf:
            said = msg("judgments.is_indicator", node=node_id, section=section)
            self.add(where, said, key=True)
            return None
        if not any(uses_method(node, f) for f in families):
            method = node.weighting.name if node.weighting else "equal"
            self.add(
                where,
                msg("judgments.ignored", node=node_id, method=method, section=section),
                msg("judgments.ignored.fix", family=families[0], node=node_id),
                key=True,
            )
        return node

    def child(self, node: Node, child_id: str, path: PathKey) -> bool:
        if child_id in node.children:
            return True
        hint = did_you_mean(child_id, node.children) or msg(
            "judgments.children", children=", ".join(node.children)
        )
        self.add(path, msg("judgments.not_a_child", child=child_id, node=node.id), hint)
        return False

    def pairs(self, node_id: str, pairs: list[tuple[str, str, Any]]) -> tuple[Pair, ...] | None:
        node = self.aggregate("pairwise", node_id, "ahp", "fuzzy-ahp")
        if node is None:
            return None
        out: list[Pair] = []
        seen: dict[frozenset[str], Pair] = {}
        for i, (a, b, raw) in enumerate(pairs):
            pair = self.pair(node, (i,), a, b, raw)
            if pair is None:
                continue
            key = frozenset((a, b))
            self._once(("pairwise", node_id, i), seen, key, pair, a, b, raw)
            out.append(pair)
        self.completeness(node, seen)
        return tuple(out)

    def pair(self, node: Node, sub: PathKey, a: str, b: str, raw: Any) -> Pair | None:
        path = ("pairwise", node.id, *sub)
        ok = self.child(node, a, (*path, 0)) & self.child(node, b, (*path, 1))
        if ok and a == b:
            self.add(path, msg("judgments.itself", a=a), msg("judgments.itself.fix"))
            return None
        value = parse_pair_value(raw, self.presets.saaty_labels)
        if value is None:
            hint = did_you_mean(str(raw), self.presets.saaty_labels)
            self.add(
                (*path, 2),
                msg("judgments.not_a_value", raw=_shown(raw)),
                hint or msg("judgments.not_a_value.fix", labels="明显重要 / strong"),
            )
            return None
        if not math.isfinite(value) or not SAATY_MIN - 1e-9 <= value <= SAATY_MAX + 1e-9:
            self.add(
                (*path, 2),
                msg("judgments.off_scale", raw=_shown(raw)),
                msg("judgments.off_scale.fix"),
            )
            return None
        return Pair(a, b, value, raw, self.loc((*path, 2))) if ok else None

    def completeness(self, node: Node, seen: dict[frozenset[str], Pair]) -> None:
        w = node.weighting
        if not seen or (isinstance(w, AHPWeighting) and w.incomplete != "none"):
            return
        kids = node.children
        missing = missing_pairs(kids, seen)
        if missing:
            self.add(
                ("pairwise", node.id),
                msg(
                    "judgments.missing_pairs",
                    n=len(missing),
                    pairs=", ".join(missing[:6]) + (" ..." if len(missing) > 6 else ""),
                ),
                msg(
                    "judgments.missing_pairs.fix",
                    node=node.id,
                    index=Path(self.index.file).name if self.index.file else self.index.id,
                ),
                key=True,
            )

    # --- decision models: judgments of the alternatives under a leaf criterion -------------
    def criterion(self, crit: str, *methods: str) -> Node | None:
        """The leaf ``crit`` whose assess method is one of ``methods``, else a problem."""
        node = self.index.nodes.get(crit)
        where = ("alternatives", crit)
        if node is None or not node.is_leaf:
            leaves = [n.id for n in self.index.leaves() if n.assess is not None]
            what = "no leaf criterion" if node is None else f"{crit!r} has children, so no"
            self.add(
                where,
                f"{what} {crit!r} assesses alternatives in index {self.index.id!r}",
                did_you_mean(crit, leaves) or f"criteria: {', '.join(leaves) or 'none'}",
                key=True,
            )
            return None
        if not self.index.alternatives:
            self.add(
                where,
                "judgments of alternatives, but the index lists no alternatives",
                "add alternatives: [{id: a, name: {zh: …}}, …] to the index or run config",
                key=True,
            )
            return None
        method = node.assess.method if node.assess is not None else None
        if method not in methods:
            self.add(
                where,
                f"criterion {crit!r} assesses alternatives by {method or 'nothing'!r}, so "
                "these judgments would be ignored",
                f"set assess: {{method: {methods[0]}}} on {crit!r} or remove them",
                key=True,
            )
            return None
        return node

    def alternative(self, alt: str, path: PathKey) -> bool:
        ids = [a.id for a in self.index.alternatives]
        if alt in ids:
            return True
        self.add(path, f"{alt!r} is not an alternative", did_you_mean(alt, ids) or ", ".join(ids))
        return False

    def alt_pairs(self, crit: str, pairs: list[tuple[str, str, Any]]) -> tuple[Pair, ...] | None:
        node = self.criterion(crit, "pairwise")
        if node is None:
            return None
        out: list[Pair] = []
        seen: dict[frozenset[str], Pair] = {}
        for i, (a, b, raw) in enumerate(pairs):
            path = ("alternatives", crit, i)
            ok = self.alternative(a, (*path, 0)) & self.alternative(b, (*path, 1))
            if ok and a == b:
                self.add(path, f"{a!r} is compared with itself", "compare two alternatives")
                continue
            value = parse_pair_value(raw, self.presets.saaty_labels)
            if value is None or not SAATY_MIN - 1e-9 <= value <= SAATY_MAX + 1e-9:
                self.add(
                    (*path, 2),
                    f"{_shown(raw)} is not a value on Saaty's scale 1/9..9",
                    "use 1-9, a fraction like '1/3' or a label such as 明显重要 / strong",
                )
                continue
            if not ok:
                continue
            pair = Pair(a, b, value, raw, self.loc((*path, 2)))
            key = frozenset((a, b))
            self._once(path, seen, key, pair, a, b, raw)
            out.append(pair)
        assess = node.assess
        if getattr(assess, "incomplete", "none") == "none":
            ids = [x.id for x in self.index.alternatives]
            missing = missing_pairs(ids, seen)
            if missing:
                self.add(
                    ("alternatives", crit),
                    msg(
                        "judgments.missing_alt_pairs",
                        n=len(missing),
                        pairs=", ".join(missing[:6]) + (" ..." if len(missing) > 6 else ""),
                    ),
                    msg("judgments.missing_alt_pairs.fix"),
                    key=True,
                )
        return tuple(out)

    def alt_priorities(self, crit: str, given: dict[str, float]) -> dict[str, float] | None:
        node = self.criterion(crit, "direct", "pairwise")
        if node is None:
            return None
        for alt in given:
            self.alternative(alt, ("alternatives", crit, alt))
        missing = [a.id for a in self.index.alternatives if a.id not in given]
        if missing:
            self.add(
                ("alternatives", crit),
                f"no priority for {', '.join(missing)}",
                "give every alternative a value (0 is allowed)",
                key=True,
            )
        if sum(given.values()) <= 0:
            self.add(("alternatives", crit), "priorities sum to 0", "give some a positive value")
        return dict(given)

    def scores(self, node_id: str, scores: dict[str, float]) -> dict[str, float] | None:
        node = self.aggregate("scores", node_id, "expert-scores")
        if node is None:
            return None
        for child in scores:
            self.child(node, child, ("scores", node_id, child))
        missing = [c for c in node.children if c not in scores]
        if missing:
            self.add(("scores", node_id), f"no score for {', '.join(missing)}", "score every child")
        return dict(scores)

    def bwm(self, node_id: str, spec: BWMSpec) -> BWMJudgment | None:
        node = self.aggregate("bwm", node_id, "bwm")
        if node is None:
            return None
        path = ("bwm", node_id)
        self.child(node, spec.best, (*path, "best"))
        self.child(node, spec.worst, (*path, "worst"))
        for name in ("best_to_others", "others_to_worst"):
            vector = getattr(spec, name)
            for key in vector:
                self.child(node, key, (*path, name, key))
            missing = [c for c in node.children if c not in vector]
            if missing:
                self.add((*path, name), f"no value for {', '.join(missing)}", "give every child")
        if spec.best_to_others.get(spec.best, 1) != 1:
            self.add((*path, "best_to_others", spec.best), "best compared with itself must be 1")
        if spec.others_to_worst.get(spec.worst, 1) != 1:
            self.add((*path, "others_to_worst", spec.worst), "worst compared with itself must be 1")
        return BWMJudgment(
            spec.best,
            spec.worst,
            frozen_map(spec.best_to_others),
            frozen_map(spec.others_to_worst),
            self.loc(path),
        )

    def dematel(
        self, node_id: str, rows: dict[str, dict[str, float]]
    ) -> Mapping[str, Mapping[str, float]] | None:
        """Every ordered pair of different children rated once: no pair is taken as 0 unseen."""
        node = self.aggregate("dematel", node_id, "dematel")
        if node is None:
            return None
        path = ("dematel", node_id)
        for source, row in rows.items():
            if not self.child(node, source, (*path, source)):
                continue
            for target in row:
                if self.child(node, target, (*path, source, target)) and target == source:
                    self.add(
                        (*path, source, target),
                        f"{source!r} rates its influence on itself",
                        "leave the diagonal out: DEMATEL rates influences between two children",
                    )
        for a in node.children:  # located at the row that lacks them, else at the node
            missing = [b for b in node.children if b != a and b not in rows.get(a, {})]
            if missing:
                self.add(
                    (*path, a) if a in rows else path,
                    f"no direct-influence rating for {', '.join(f'{a} -> {b}' for b in missing)}",
                    f"rate every ordered pair, 0 for no influence (e.g. {a}: {{{missing[0]}: 0}})",
                    key=True,
                )
        return frozen_map({a: frozen_map(dict(r)) for a, r in rows.items()})
