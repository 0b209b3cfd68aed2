"""The validated, immutable index system that the rest of qualindex trusts.

Built once by :mod:`qualindex.hierarchy.load` from a checked YAML document; never
mutated afterwards.  Nodes are kept in pre-order (the order of the file), so
"children of X in order" and "all leaves under X" are stable and match what a
reviewer reads.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualindex.choices import AggregationName, MissingPolicy
from qualindex.core import did_you_mean, frozen_map
from qualindex.errors import InputError
from qualindex.hierarchy.schema import AssessMethod, ScoringMethod, WeightingMethod

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Alternative",
    "BWMJudgment",
    "Expert",
    "GradeBand",
    "Grades",
    "IndexSystem",
    "Indicator",
    "JudgmentSet",
    "Location",
    "Missing",
    "Node",
    "Pair",
    "Presets",
    "Scale",
    "ScalePoint",
    "Text",
    "did_you_mean",
    "frozen_map",
]


@dataclass(frozen=True, slots=True)
class Text:
    """A bilingual label; :meth:`get` falls back to the other language."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: str = "zh") -> str:
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or ""


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        return ":".join(str(p) for p in (self.file, self.line, self.col) if p is not None)


@dataclass(frozen=True, slots=True)
class ScalePoint:
    value: float
    score: float
    label: Text | None = None


@dataclass(frozen=True, slots=True)
class Scale:
    """A rating scale: allowed answer values, their labels and the score of each."""

    id: str
    points: tuple[ScalePoint, ...]
    name: Text | None = None

    @property
    def lo(self) -> float:
        return min(p.value for p in self.points)

    @property
    def hi(self) -> float:
        return max(p.value for p in self.points)

    def score_map(self) -> dict[float, float]:
        return {p.value: p.score for p in self.points}

    def label_map(self) -> dict[str, float]:
        """Every label (zh and en) -> answer value, for data given as words."""
        out: dict[str, float] = {}
        for p in self.points:
            if p.label:
                for text in (p.label.zh, p.label.en):
                    if text:
                        out[text] = p.value
        return out


@dataclass(frozen=True, slots=True)
class GradeBand:
    min: float
    label: Text


@dataclass(frozen=True, slots=True)
class Grades:
    """Grade bands, highest first; a score gets the first band whose ``min`` it reaches."""

    id: str
    bands: tuple[GradeBand, ...]
    name: Text | None = None

    def grade(self, score: float) -> GradeBand | None:
        for band in self.bands:
            if score >= band.min:
                return band
        return None


@dataclass(frozen=True, slots=True)
class Missing:
    policy: MissingPolicy = "reweight"
    min_coverage: float = 0.65


@dataclass(frozen=True)
class Presets:
    """Named grade bands, rating scales and Saaty verbal labels (``configs/presets.yaml``)."""

    grades: Mapping[str, Grades]
    scales: Mapping[str, Scale]
    saaty_labels: Mapping[str, int]
    file: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """How a leaf is measured and scored."""

    scoring: ScoringMethod
    scoring_default: bool = False  # True when the file did not say and qualindex chose
    kind: str | None = None
    unit: str | None = None
    direction: str = "higher"
    target: float | None = None
    threshold: float | None = None
    baseline: float | None = None
    band: tuple[float, float] | None = None
    scale: Scale | None = None
    reverse: bool = False
    points: float | None = None
    column: str | None = None
    expectation_column: str | None = None
    cycle: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the tree; ``indicator`` is set exactly for leaves."""

    id: str
    name: Text
    level: int
    parent: str | None
    children: tuple[str, ...]
    path: tuple[str, ...]
    loc: Location
    description: Text | None = None
    sources: tuple[str, ...] = ()
    notes: str | None = None
    verified: bool = True
    weighting: WeightingMethod | None = None
    weighting_default: bool = False  # True when the file did not say and qualindex chose
    aggregation: AggregationName | None = None
    missing: Missing | None = None
    indicator: Indicator | None = None
    # a leaf criterion of a decision model: how the alternatives are assessed under it
    assess: AssessMethod | None = None

    @property
    def is_leaf(self) -> bool:
        return self.indicator is not None


@dataclass(frozen=True, slots=True)
class Alternative:
    """One alternative of a decision model (方案), shared by every leaf criterion."""

    id: str
    name: Text
    loc: Location
    description: Text | None = None
    attributes: Mapping[str, Any] = field(default_factory=frozen_map)


@dataclass(frozen=True, slots=True)
class Pair:
    """One pairwise judgment: ``a`` is ``value`` times as important as ``b``."""

    a: str
    b: str
    value: float
    raw: Any
    loc: Location


@dataclass(frozen=True, slots=True)
class BWMJudgment:
    best: str
    worst: str
    best_to_others: Mapping[str, float]
    others_to_worst: Mapping[str, float]
    loc: Location


@dataclass(frozen=True, slots=True)
class Expert:
    id: str
    name: str | None = None
    weight: float = 1.0
    basis: float | None = None
    familiarity: float | None = None
    title: str | None = None  # 职称

    @property
    def display(self) -> str:
        """``陈教授（主任医师）``: the name and title, or the id when the file gives no name."""
        name = self.name or self.id
        return f"{name}（{self.title}）" if self.title else name

    @property
    def authority(self) -> float | None:
        """Delphi authority coefficient Cr = (Ca + Cs) / 2, when both are given."""
        if self.basis is None or self.familiarity is None:
            return None
        return (self.basis + self.familiarity) / 2


@dataclass(frozen=True, slots=True)
class JudgmentSet:
    """One expert's judgments, keyed by the id of the node whose children they compare."""

    expert: Expert
    loc: Location
    pairwise: Mapping[str, tuple[Pair, ...]] = field(default_factory=frozen_map)
    scores: Mapping[str, Mapping[str, float]] = field(default_factory=frozen_map)
    bwm: Mapping[str, BWMJudgment] = field(default_factory=frozen_map)
    # DEMATEL: node -> influencing child -> influenced child -> direct-influence rating
    dematel: Mapping[str, Mapping[str, Mapping[str, float]]] = field(default_factory=frozen_map)
    # decision models: per leaf criterion, pairs of alternatives or given priorities
    alternatives: Mapping[str, tuple[Pair, ...]] = field(default_factory=frozen_map)
    alt_priorities: Mapping[str, Mapping[str, float]] = field(default_factory=frozen_map)
    alt_locs: Mapping[str, Location] = field(default_factory=frozen_map)


@dataclass(frozen=True)
class IndexSystem:
    """A validated index system: metadata, the node tree and any inline judgments."""

    id: str
    version: str
    name: Text
    file: str
    nodes: Mapping[str, Node]
    description: Text | None = None
    sources: tuple[str, ...] = ()
    notes: str | None = None
    score_range: tuple[float, float] = (0.0, 100.0)
    grades: Grades | None = None
    judgments: tuple[JudgmentSet, ...] = ()
    alternatives: tuple[Alternative, ...] = ()

    @property
    def root(self) -> Node:
        return self.nodes[self.id]

    def node(self, node_id: str) -> Node:
        """The node with this id; an unknown id raises with a did-you-mean."""
        try:
            return self.nodes[node_id]
        except KeyError:
            hint = did_you_mean(node_id, self.nodes)
            raise InputError(
                f"no node {node_id!r} in index {self.id!r}" + (f" ({hint})" if hint else "")
            ) from None

    def children(self, node_id: str) -> tuple[Node, ...]:
        return tuple(self.nodes[c] for c in self.node(node_id).children)

    @functools.cached_property
    def _preorder(self) -> tuple[Node, ...]:
        # computed once: the model never changes, and weighting walks it on every run
        return tuple(self._walk(self.id))

    def walk(self, node_id: str | None = None) -> Iterator[Node]:
        """Pre-order (file order) from ``node_id`` (default: the root)."""
        return iter(self._preorder) if node_id in (None, self.id) else self._walk(node_id)

    def _walk(self, node_id: str) -> Iterator[Node]:
        stack = [self.node(node_id)]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(self.nodes[c] for c in reversed(node.children))

    def leaves(self, node_id: str | None = None) -> tuple[Node, ...]:
        """All indicators under ``node_id`` (default: all), in file order."""
        return tuple(n for n in self.walk(node_id) if n.is_leaf)

    def aggregates(self, *, bottom_up: bool = False) -> tuple[Node, ...]:
        """Aggregate nodes in pre-order, or deepest first with ``bottom_up``."""
        return self._bottom_up if bottom_up else self._aggregates

    @functools.cached_property
    def _aggregates(self) -> tuple[Node, ...]:
        # computed once, like _preorder: weighting asks for them three times per run
        return tuple(n for n in self._preorder if not n.is_leaf)

    @functools.cached_property
    def _bottom_up(self) -> tuple[Node, ...]:
        return tuple(sorted(self._aggregates, key=lambda n: -n.level))

    @property
    def depth(self) -> int:
        return max(n.level for n in self.nodes.values())

    def to_digraph(self) -> nx.DiGraph:
        """A networkx DiGraph (parent -> child) with every node's fields as attributes."""
        import networkx as nx

        graph = nx.DiGraph(id=self.id, version=self.version)
        for node in self.walk():
            graph.add_node(node.id, node=node, level=node.level, leaf=node.is_leaf)
            if node.parent is not None:
                graph.add_edge(node.parent, node.id)
        return graph
