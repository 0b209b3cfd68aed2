"""Expert statistics of a run: agreement per node and each expert's authority.

``qualindex experts RUN`` and the Python API compute, from the run's judgments:

* at every AHP node judged by two or more experts: Kendall's coefficient of concordance W of
  the experts' own priority vectors (each expert's matrix completed by the node's
  ``incomplete:`` method, priorities by the node's priority method), its χ² = m (n − 1) W,
  degrees of freedom and p-value, whether ties were corrected (``weighting.tie_correction``),
  and Goepel's consensus indicator S* (:func:`qualindex.weighting.group.ahp_consensus`);
* at every expert-scores node: the Delphi statistics of the scores — per child the mean,
  sample SD, CV and full-score frequency (:func:`qualindex.weighting.expert.delphi_stats`,
  full score = the largest score given at the node) — and Kendall's W of the scores;
* per expert with ``authority: {basis: Ca, familiarity: Cs}`` in a judgment file: the
  authority coefficient Cr = (Ca + Cs) / 2 (:func:`qualindex.weighting.expert.authority`) and
  whether it reaches the customary 0.7.

JSON (``qualindex experts RUN --format json``; keys are only ever added)::

    {
      "qualindex": "<version>",
      "index": {"id": ..., "version": ..., "file": ...},
      "tie_correction": true,
      "nodes": [
        {"node": "root", "method": "ahp", "children": [...], "experts": ["li", ...],
         "kendall": {"w": 0.84, "chi2": 10.1, "df": 4, "p_value": 0.04,
                     "tie_corrected": true, "m": 3, "n": 5} | null,
         "consensus": 0.71 | null,
         "priorities": {"li": [...], ...},                  # ahp only
         "delphi": {"full_score": 9.0,                      # expert-scores only, else null
                    "indicators": [{"id": ..., "mean": ..., "sd": ..., "cv": ...,
                                    "full_score_frequency": ...}, ...]},
         "note": null | "why a statistic is missing"}
      ],
      "authority": [{"expert": "li", "name": ..., "basis": 0.9, "familiarity": 0.8,
                     "authority": 0.85, "accepted": true}],
      "authority_threshold": 0.7
    }

References
----------
Kendall & Babington Smith (1939); Goepel (2013, 2018); SPSSAU Delphi help page (see
:mod:`qualindex.weighting.expert` and :mod:`qualindex.weighting.group`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qualindex import __version__
from qualindex.core import pad_cells, text_cells
from qualindex.hierarchy.model import JudgmentSet, Node
from qualindex.hierarchy.schema import AHPWeighting, SimpleWeighting
from qualindex.run import Project
from qualindex.texts import current_lang, display, msg
from qualindex.weighting.expert import (
    AUTHORITY_THRESHOLD,
    DelphiStats,
    KendallResult,
    authority,
    delphi_stats,
    kendall_w,
)
from qualindex.weighting.group import ahp_consensus, group_ahp
from qualindex.weighting.tree import ahp_settings, complete_stack, pairwise_stack

__all__ = [
    "ExpertAuthority",
    "ExpertStatistics",
    "NodeAgreement",
    "expert_statistics",
    "experts_table",
    "experts_to_dict",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class NodeAgreement:
    """The experts' agreement at one node."""

    node: str
    method: str
    children: tuple[str, ...]
    experts: tuple[str, ...]
    kendall: KendallResult | None
    consensus: float | None = None
    priorities: FloatArray | None = None  # ahp: one row per expert
    delphi: DelphiStats | None = None  # expert-scores
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExpertAuthority:
    expert: str
    name: str | None
    basis: float
    familiarity: float
    authority: float

    @property
    def accepted(self) -> bool:
        return self.authority >= AUTHORITY_THRESHOLD


@dataclass(frozen=True)
class ExpertStatistics:
    index: str
    version: str
    file: str
    nodes: tuple[NodeAgreement, ...]
    authority: tuple[ExpertAuthority, ...]
    tie_correction: bool


def _kendall(scores: FloatArray, tie_correction: bool) -> tuple[KendallResult | None, str | None]:
    m, n = scores.shape
    if m < 2:
        return None, msg("experts.note.two_experts")
    if n < 2:
        return None, msg("experts.note.two_children")
    if all(np.ptp(row) == 0 for row in scores):
        return None, msg("experts.note.all_equal")
    return kendall_w(scores, tie_correction=tie_correction), None


def _ahp_node(project: Project, node: Node, judgments: Sequence[JudgmentSet]) -> NodeAgreement:
    stack, sets = pairwise_stack(node, judgments)
    names = tuple(s.expert.id for s in sets)
    if not sets:
        return NodeAgreement(
            node.id, "ahp", node.children, (), None, note=msg("experts.note.no_judgments")
        )
    priority, ri_table, cr_limit = ahp_settings(node, project.options)
    stack = complete_stack(node, stack, sets, project.options)
    res = group_ahp(stack, method=priority, ri_table=ri_table, cr_limit=cr_limit)
    p = np.asarray(res.expert_priorities, dtype=float)
    kendall, note = _kendall(p, project.options.tie_correction)
    consensus = ahp_consensus(p) if len(sets) >= 2 else None
    return NodeAgreement(node.id, "ahp", node.children, names, kendall, consensus, p, note=note)


def _scores_node(project: Project, node: Node, judgments: Sequence[JudgmentSet]) -> NodeAgreement:
    sets = [j for j in judgments if node.id in j.scores]
    names = tuple(j.expert.id for j in sets)
    if len(sets) < 2:
        why = msg("experts.note.delphi_two")
        return NodeAgreement(node.id, "expert-scores", node.children, names, None, note=why)
    scores = np.array([[j.scores[node.id][c] for c in node.children] for j in sets], float)
    stats = delphi_stats(scores, tie_correction=project.options.tie_correction)
    note = None if stats.kendall is not None else msg("experts.note.all_scored_equal")
    return NodeAgreement(
        node.id, "expert-scores", node.children, names, stats.kendall, delphi=stats, note=note
    )


def expert_statistics(project: Project) -> ExpertStatistics:
    """Agreement at every AHP and expert-scores node, and every expert's authority."""
    judgments = project.all_judgments
    nodes = []
    for node in project.index.aggregates():
        w = node.weighting
        if isinstance(w, AHPWeighting):
            nodes.append(_ahp_node(project, node, judgments))
        elif isinstance(w, SimpleWeighting) and w.method == "expert-scores":
            nodes.append(_scores_node(project, node, judgments))
    seen: dict[str, ExpertAuthority] = {}
    for j in judgments:
        e = j.expert
        if e.basis is None or e.familiarity is None or e.id in seen:
            continue
        cr = float(authority(e.basis, e.familiarity))
        seen[e.id] = ExpertAuthority(e.id, e.name, e.basis, e.familiarity, cr)
    idx = project.index
    return ExpertStatistics(
        idx.id,
        idx.version,
        str(idx.file),
        tuple(nodes),
        tuple(seen.values()),
        project.options.tie_correction,
    )


def _kendall_dict(k: KendallResult | None) -> dict[str, Any] | None:
    if k is None:
        return None
    return {
        "w": k.w,
        "chi2": k.chi2,
        "df": k.df,
        "p_value": k.p_value,
        "tie_corrected": k.tie_corrected,
        "m": k.m,
        "n": k.n,
    }


def _delphi_dict(node: NodeAgreement) -> dict[str, Any] | None:
    d = node.delphi
    if d is None:
        return None
    return {
        "full_score": d.full_score,
        "indicators": [
            {
                "id": c,
                "mean": float(d.mean[i]),
                "sd": float(d.sd[i]),
                "cv": float(d.cv[i]),
                "full_score_frequency": float(d.full_score_frequency[i]),
            }
            for i, c in enumerate(node.children)
        ],
    }


def experts_to_dict(stats: ExpertStatistics) -> dict[str, Any]:
    """The JSON layout documented in the module docstring."""
    nodes: list[dict[str, Any]] = []
    for n in stats.nodes:
        entry: dict[str, Any] = {
            "node": n.node,
            "method": n.method,
            "children": list(n.children),
            "experts": list(n.experts),
            "kendall": _kendall_dict(n.kendall),
            "consensus": n.consensus,
        }
        if n.priorities is not None:
            entry["priorities"] = {
                e: [float(x) for x in n.priorities[i]] for i, e in enumerate(n.experts)
            }
        entry["delphi"] = _delphi_dict(n)
        entry["note"] = n.note
        nodes.append(entry)
    return {
        "qualindex": __version__,
        "index": {"id": stats.index, "version": stats.version, "file": stats.file},
        "tie_correction": stats.tie_correction,
        "nodes": nodes,
        "authority": [
            {
                "expert": a.expert,
                "name": a.name,
                "basis": a.basis,
                "familiarity": a.familiarity,
                "authority": a.authority,
                "accepted": a.accepted,
            }
            for a in stats.authority
        ],
        "authority_threshold": AUTHORITY_THRESHOLD,
    }


def _fmt(x: float | None, digits: int = 4) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal columns (a Chinese header is 2 a char)."""
    return " " * max(width - text_cells(text), 0) + text


def _head(*cols: tuple[str, int]) -> str:
    """A header line: the first column left-aligned, the others right (negative: left)."""
    cells = [pad_cells(cols[0][0], cols[0][1])]
    cells += [pad_cells(t, -w) if w < 0 else _right(t, w) for t, w in cols[1:]]
    return " ".join(cells).rstrip()


def _method(name: str) -> str:
    """A weighting method by its Chinese name, by the code the YAML writes in English."""
    return display("weighting", name) if current_lang() == "zh" else name


def experts_table(stats: ExpertStatistics) -> str:
    """Plain-text tables (node and indicator ids): agreement, Delphi statistics, authority."""
    lines = [msg("experts.title", index=stats.index, version=stats.version), ""]
    head = _head(
        (msg("experts.col.node"), 24), (msg("experts.col.method"), -14), ("m", 3), ("W", 7),
        ("χ²", 8), ("df", 3), ("p", 7), ("S*", 7),
    )  # fmt: skip
    lines += [head, "-" * text_cells(head)]
    for n in stats.nodes:
        k = n.kendall
        lines.append(
            f"{pad_cells(n.node, 24)} {pad_cells(_method(n.method), 14)} "
            f"{len(n.experts):>3} "
            f"{_fmt(k.w if k else None):>7} {_fmt(k.chi2 if k else None, 3):>8} "
            f"{(str(k.df) if k else '-'):>3} {_fmt(k.p_value if k else None):>7} "
            f"{_fmt(n.consensus):>7}" + (f"  ({n.note})" if n.note else "")
        )
    lines.append(
        msg("experts.tie_corrected") if stats.tie_correction else msg("experts.no_tie_correction")
    )
    for n in stats.nodes:
        d = n.delphi
        if d is None:
            continue
        lines += ["", msg("experts.delphi", node=n.node, full=d.full_score)]
        head = _head(
            (msg("experts.col.indicator"), 24), (msg("experts.col.mean"), 8),
            (msg("experts.col.sd"), 8), (msg("experts.col.cv"), 8), (msg("experts.col.full"), 6),
        )  # fmt: skip
        lines += [head, "-" * text_cells(head)]
        for i, c in enumerate(n.children):
            lines.append(
                f"{pad_cells(c, 24)} {d.mean[i]:>8.3f} {d.sd[i]:>8.3f} {d.cv[i]:>8.3f} "
                f"{d.full_score_frequency[i]:>6.2f}"
            )
    if stats.authority:
        lines += ["", msg("experts.authority", threshold=AUTHORITY_THRESHOLD)]
        head = _head(
            (msg("experts.col.expert"), 16), ("Ca", 6), ("Cs", 6), ("Cr", 6),
            (" " + msg("experts.col.accepted"), -9),
        )  # fmt: skip
        lines += [head, "-" * text_cells(head)]
        for a in stats.authority:
            lines.append(
                f"{pad_cells(a.expert, 16)} {a.basis:>6.3f} {a.familiarity:>6.3f} "
                f"{a.authority:>6.3f}  " + msg("word.yes" if a.accepted else "word.no")
            )
    return "\n".join(lines) + "\n"
