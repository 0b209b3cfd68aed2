"""What a questionnaire asks: the nodes, the pairs, the scales and a hash of all of it.

:func:`build_questionnaire` reads a loaded :class:`~qualindex.run.Project` and lists, in the
index's pre-order, every aggregate whose weights come from experts:

* ``ahp`` and ``fuzzy-ahp`` nodes (and combinations whose subjective part is one of them):
  pairwise comparisons of the children, every pair or -- with ``subset`` -- a spanning tree
  plus ``k`` redundant pairs (:mod:`qualindex.questionnaire.subset`);
* ``expert-scores`` nodes: an importance score per child on a 1-5, 1-9 or 0-100 scale.

Nodes weighted otherwise (BWM, direct, data) are listed in ``skipped`` and named in the
instructions.  Each pairwise node carries the priority method, RI table, RI value and CR limit
the library will use there, so the offline page computes the same CR.

The *structure hash* is the SHA-256 of a canonical JSON text of the index id and version and,
per asked node, its kind, children and asked pairs (or score scale).  Every questionnaire file
carries it; :mod:`qualindex.questionnaire.collect` refuses answers whose hash differs from the
one the index gives now (an answer made for another version, or for another set of pairs).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from qualindex.errors import JudgmentError, Problem
from qualindex.hierarchy.judgment_checks import uses_method
from qualindex.hierarchy.model import JudgmentSet, Node, Text
from qualindex.questionnaire.subset import spanning_subset, subset_cost
from qualindex.questionnaire.text import t
from qualindex.run import Project
from qualindex.texts import msg
from qualindex.weighting.ri import default_cr_limit, random_index
from qualindex.weighting.tree import ahp_settings

__all__ = [
    "BASES",
    "FAMILIARITY",
    "FORMAT_VERSION",
    "LEVELS",
    "SCORE_SCALES",
    "AskedNode",
    "ExpertSheet",
    "Item",
    "Questionnaire",
    "ScoreScale",
    "answer_options",
    "build_questionnaire",
    "option_value",
    "pair_text",
    "saaty_label",
    "structure_hash",
    "subset_losses",
]

#: Version of the questionnaire files' own layout (hidden sheet, JSON export).
FORMAT_VERSION = 1

ScoreScale = Literal["1-5", "1-9", "0-100"]
SCORE_SCALES: dict[str, tuple[float, float]] = {"1-5": (1, 5), "1-9": (1, 9), "0-100": (0, 100)}

_LABELS = {
    "zh": {
        1: "同等重要", 2: "同等~稍微", 3: "稍微重要", 4: "稍微~明显", 5: "明显重要",
        6: "明显~强烈", 7: "强烈重要", 8: "强烈~极端", 9: "极端重要",
    },
    "en": {
        1: "equally important", 2: "equal to moderate", 3: "moderately more important",
        4: "moderate to strong", 5: "strongly more important", 6: "strong to very strong",
        7: "very strongly more important", 8: "very strong to extreme",
        9: "extremely more important",
    },
}  # fmt: skip

#: Familiarity (熟悉程度) answers -> the keys of qualindex.weighting.expert.CS_TABLE.
FAMILIARITY: dict[str, dict[str, str]] = {
    "very_familiar": {"zh": "很熟悉", "en": "very familiar"},
    "familiar": {"zh": "熟悉", "en": "familiar"},
    "moderately_familiar": {"zh": "一般", "en": "moderately familiar"},
    "slightly_familiar": {"zh": "不太熟悉", "en": "slightly familiar"},
    "unfamiliar": {"zh": "不熟悉", "en": "unfamiliar"},
}
#: Bases of judgment (判断依据) -> the keys of qualindex.weighting.expert.CA_TABLE.
BASES: dict[str, dict[str, str]] = {
    "practice": {"zh": "实践经验", "en": "practical experience"},
    "theory": {"zh": "理论分析", "en": "theoretical analysis"},
    "literature": {"zh": "国内外文献", "en": "literature"},
    "intuition": {"zh": "直觉", "en": "intuition"},
}
LEVELS: dict[str, dict[str, str]] = {
    "high": {"zh": "大", "en": "high"},
    "medium": {"zh": "中", "en": "medium"},
    "low": {"zh": "小", "en": "low"},
}


def saaty_label(value: int, lang: str) -> str:
    """The verbal label of a Saaty value 1..9 (intermediate values name their neighbours)."""
    return _LABELS[lang][value]


def answer_options(lang: str) -> tuple[tuple[str, float], ...]:
    """The 17 answers of a pair, A's side first: ``("A 明显重要 (5)", 5.0)`` ...
    ``("同等重要 (1)", 1.0)`` ... ``("B 明显重要 (5)", 0.2)``."""
    left = [(f"A {saaty_label(v, lang)} ({v})", float(v)) for v in range(9, 1, -1)]
    right = [(f"B {saaty_label(v, lang)} ({v})", 1.0 / v) for v in range(2, 10)]
    return (*left, (f"{saaty_label(1, lang)} (1)", 1.0), *right)


_OPTION = re.compile(r"^\s*(?:([AB])\s+)?(.*?)\s*[(（]\s*(\d+)\s*[)）]\s*$")


def option_value(text: object) -> float | None:
    """The judgment "A over B" of an answer text in either language; None if it is none.

    The text must be one of :func:`answer_options` (zh or en), spaces aside: a number alone,
    or a label whose value in brackets does not match it, is not an answer.
    """
    if not isinstance(text, str):
        return None
    match = _OPTION.match(text)
    if not match:
        return None
    side, label, digits = match.groups()
    value = int(digits)
    if not 1 <= value <= 9 or (side is None) != (value == 1):
        return None
    if label not in (_LABELS["zh"][value], _LABELS["en"][value]):
        return None
    return float(value) if side != "B" else 1.0 / value


@dataclass(frozen=True)
class Item:
    """One child of an asked node: its id, name and what it means."""

    id: str
    name: Text
    definition: Text | None
    unit: str | None


@dataclass(frozen=True)
class AskedNode:
    """One node of the questionnaire.

    ``pairs`` are index pairs ``(i, j)``, ``i < j`` (the answer is "item i over item j");
    ``complete`` says whether every pair is asked.  ``priority``, ``ri_table``, ``ri`` and
    ``cr_limit`` are the library's settings at this node; ``incomplete`` its completion method.
    """

    id: str
    name: Text
    kind: Literal["pairwise", "scores"]
    items: tuple[Item, ...]
    pairs: tuple[tuple[int, int], ...] = ()
    priority: str = "eigenvector"
    ri_table: str = "saaty-1980"
    ri: float = 0.0
    cr_limit: float = 0.1
    incomplete: str = "none"
    scale: tuple[float, float] | None = None

    @property
    def complete(self) -> bool:
        n = len(self.items)
        return len(self.pairs) == n * (n - 1) // 2

    def pair_ids(self) -> list[tuple[str, str]]:
        return [(self.items[i].id, self.items[j].id) for i, j in self.pairs]


@dataclass(frozen=True)
class Questionnaire:
    """Everything a questionnaire file shows and asks, and the hash that ties answers to it."""

    index_id: str
    version: str
    name: Text
    nodes: tuple[AskedNode, ...]
    skipped: tuple[tuple[str, str], ...]  # (node id, method) not asked here
    structure: str  # SHA-256 hex of the structure
    subset: int | None = None  # redundant pairs beyond a spanning tree, when asked
    score_scale: str = "1-9"

    @property
    def reference(self) -> str:
        return f"{self.index_id}@{self.version}"

    def node(self, node_id: str) -> AskedNode:
        return next(n for n in self.nodes if n.id == node_id)


@dataclass(frozen=True)
class ExpertSheet:
    """Who a file is for (``id`` empty: a blank questionnaire) and their first-round answers."""

    id: str = ""
    name: str = ""
    round1: JudgmentSet | None = None
    group: tuple[JudgmentSet, ...] = field(default_factory=tuple)


def _kind(node: Node) -> Literal["pairwise", "scores"] | None:
    if uses_method(node, "ahp") or uses_method(node, "fuzzy-ahp"):
        return "pairwise"
    if uses_method(node, "expert-scores"):
        return "scores"
    return None


def _items(project: Project, node: Node) -> tuple[Item, ...]:
    kids = project.index.children(node.id)
    return tuple(
        Item(c.id, c.name, c.description, c.indicator.unit if c.indicator else None) for c in kids
    )


def _pairwise(project: Project, node: Node, subset: int | None) -> AskedNode:
    items = _items(project, node)
    n = len(items)
    priority, table, limit = ahp_settings(node, project.options)
    incomplete = str(getattr(node.weighting, "incomplete", "none"))
    full = tuple((i, j) for i in range(n) for j in range(i + 1, n))
    pairs = full
    if subset is not None and n - 1 + subset < len(full):
        if incomplete == "none":
            loc = node.loc
            raise JudgmentError(
                Problem(
                    msg(
                        "questionnaire.subset_incomplete",
                        node=node.id,
                        asked=n - 1 + subset,
                        pairs=len(full),
                    ),
                    loc.file,
                    loc.line,
                    loc.col,
                    node.id,
                    msg("questionnaire.subset_incomplete.fix", node=node.id),
                )
            )
        pairs = spanning_subset(n, subset)
    return AskedNode(
        node.id,
        node.name,
        "pairwise",
        items,
        pairs,
        priority,
        str(table),
        random_index(n, table),
        default_cr_limit(n) if limit is None else float(limit),
        incomplete,
    )


def build_questionnaire(
    project: Project, *, subset: int | None = None, score_scale: ScoreScale = "1-9"
) -> Questionnaire:
    """The questionnaire of ``project``'s index (see the module docstring).

    Parameters
    ----------
    project : Project
        A loaded index or run configuration (its weighting options give RI tables and limits).
    subset : int, optional
        Ask a spanning tree plus ``subset`` redundant pairs at every pairwise node that has
        more pairs than that; such a node must complete missing pairs (``incomplete:``).
    score_scale : {"1-5", "1-9", "0-100"}
        The importance scale of ``expert-scores`` nodes.
    """
    nodes: list[AskedNode] = []
    skipped: list[tuple[str, str]] = []
    for node in project.index.aggregates():
        kind = _kind(node)
        if kind is None:
            if node.weighting is not None and node.weighting.name == "bwm":
                skipped.append((node.id, "bwm"))
            continue
        if len(node.children) < 2:
            continue
        if kind == "pairwise":
            nodes.append(_pairwise(project, node, subset))
        else:
            scale = SCORE_SCALES[score_scale]
            nodes.append(
                AskedNode(node.id, node.name, "scores", _items(project, node), scale=scale)
            )
    if not nodes:
        raise JudgmentError(
            Problem(
                msg("questionnaire.nothing_to_ask", index=project.index.id),
                project.index.file,
                fix=msg("questionnaire.nothing_to_ask.fix"),
            )
        )
    index = project.index
    return Questionnaire(
        index.id,
        index.version,
        index.name,
        tuple(nodes),
        tuple(skipped),
        structure_hash(index.id, index.version, nodes),
        subset,
        score_scale,
    )


def structure_hash(index_id: str, version: str, nodes: Sequence[AskedNode]) -> str:
    """SHA-256 of the canonical JSON of what is asked (ids, order, pairs, scales)."""
    doc = {
        "format": FORMAT_VERSION,
        "index": index_id,
        "version": version,
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "children": [it.id for it in n.items],
                "pairs": [list(p) for p in n.pairs],
                "scale": list(n.scale) if n.scale else None,
            }
            for n in nodes
        ],
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pair_text(value: float, lang: str) -> str:
    """A judgment "A over B" as an answer text when it is on the scale, else ``A 2.45``."""
    for text, v in answer_options(lang):
        if abs(v - value) <= 1e-9 * max(v, 1.0):
            return text
    side, x = ("A", value) if value >= 1 else ("B", 1.0 / value)
    return f"{side} {x:.3g}"


def subset_losses(q: Questionnaire, lang: str) -> list[str]:
    """What asking a subset costs at each node that asks one (precision and checks)."""
    out = []
    for node in q.nodes:
        if node.kind == "pairwise" and not node.complete:
            n = len(node.items)
            cost = subset_cost(n, node.pairs)
            out.append(
                t(
                    lang,
                    "subset_loss",
                    node=node.name.get(lang),
                    asked=cost.asked,
                    total=cost.total,
                    ratio=cost.variance_ratio,
                    cycles=cost.cycles,
                    full=cost.total - (n - 1),
                )
            )
    return out
