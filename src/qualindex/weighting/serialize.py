"""Weights and consistency checks as plain data: the stable JSON that scripts and reports read.

The layout is documented in the README ("JSON output"); keys are only ever added.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from qualindex import __version__
from qualindex.hierarchy.model import IndexSystem, Text
from qualindex.weighting.review import MatrixCheck, RepairEdit
from qualindex.weighting.tree import NodeWeights, TreeWeights

__all__ = [
    "checks_to_dict",
    "consistency_marks",
    "dematel_arrows",
    "dematel_factors",
    "edits_to_dict",
    "objective_source",
    "weight_pairs",
    "weights_rows",
    "weights_to_dict",
]


def _text(text: Text | None) -> dict[str, str | None] | None:
    return {"zh": text.zh, "en": text.en} if text else None


def _round(x: float | None) -> float | None:
    return None if x is None else float(x)


def weight_pairs(tw: TreeWeights) -> dict[str, tuple[float, float]]:
    """Node id -> (local, global) weight, for every node but the root (whose weight is 1)."""
    return {k: (tw.local[k], tw.global_weights[k]) for k in tw.local if k != tw.index}


def consistency_marks(tw: TreeWeights) -> dict[str, tuple[float, float, tuple[str, ...], int]]:
    """Node id -> (CR, limit, experts over the limit, number of experts) for every drawing.

    Every drawing (CLI diagram, report) uses this one rule: nodes with a CR and a limit and
    more than two children — a 2 x 2 matrix is consistent by construction; a node where
    any expert fails is marked even when the group passes.
    """
    return {
        k: (
            n.cr,
            n.cr_limit,
            tuple(x.expert for x in n.experts if not x.passed) if len(n.experts) > 1 else (),
            len(n.experts),
        )
        for k, n in tw.nodes.items()
        if n.cr is not None and n.cr_limit is not None and len(n.children) > 2
    }


def objective_source(res: NodeWeights) -> tuple[str, bool] | None:
    """What a node's objective weights were computed from: (``scores`` | ``raw``, default?).

    ``default`` is True when the index did not choose (``input:`` left out): every output
    says "from scores (default)" then.  None for a node whose weights read no data.
    """
    p = res.provenance
    part = p.get("objective") if res.method == "combination" else p
    if not isinstance(part, Mapping) or "input" not in part:
        return None
    return str(part["input"]), bool(part.get("input_default"))


def _dematel_provenance(res: NodeWeights) -> Mapping[str, Any] | None:
    p = res.provenance
    if res.method == "combination":
        p = p.get("subjective", {})
    return p if p.get("method") == "dematel" else None


def dematel_arrows(res: NodeWeights) -> dict[str, list[str]]:
    """A DEMATEL node's causal diagram: child -> the children it influences above the
    threshold (the total-relation entries t_ij > threshold)."""
    p = _dematel_provenance(res) or {"arrows": []}
    out: dict[str, list[str]] = {}
    for a in p["arrows"]:
        out.setdefault(a["from"], []).append(a["to"])
    return out


def dematel_factors(res: NodeWeights) -> list[dict[str, Any]]:
    """A DEMATEL node's children with D, R, prominence D + R, relation D - R and the role
    (cause when D - R > 0, effect when < 0, neutral at 0); empty for other nodes."""
    p = _dematel_provenance(res)
    if p is None:
        return []
    return [
        {
            "id": child,
            "influence": p["influence"][i],
            "influenced": p["influenced"][i],
            "prominence": p["prominence"][i],
            "relation": p["relation"][i],
            "role": "cause"
            if p["relation"][i] > 1e-12
            else ("effect" if p["relation"][i] < -1e-12 else "neutral"),
        }
        for i, child in enumerate(res.children)
    ]


def weights_to_dict(index: IndexSystem, tw: TreeWeights) -> dict[str, Any]:
    """Every node in file order with local/global weight and, for aggregates, the method."""
    nodes = []
    for node in index.walk():
        entry: dict[str, Any] = {
            "id": node.id,
            "name": _text(node.name),
            "level": node.level,
            "parent": node.parent,
            "leaf": node.is_leaf,
            "local": tw.local[node.id],
            "global": tw.global_weights[node.id],
        }
        res = tw.nodes.get(node.id)
        if res is not None:
            entry |= {
                "method": res.method,
                "children": list(res.children),
                "cr": _round(res.cr),
                "cr_limit": _round(res.cr_limit),
                "lambda_max": _round(res.lambda_max),
                "ci": _round(res.ci),
                "ri": _round(res.ri),
                "ri_table": res.ri_table,
                "consistent": res.consistent,
                "consensus": _round(res.consensus),
                "experts": [
                    {
                        "id": x.expert,
                        "cr": x.cr,
                        "passed": x.passed,
                        "used": x.used,
                        "filled": [{"a": a, "b": b, "value": v} for a, b, v in x.filled],
                    }
                    for x in res.experts
                ],
                "provenance": dict(res.provenance),
            }
            source = objective_source(res)
            if source is not None:
                entry["input"] = {"data": source[0], "default": source[1]}
            factors = dematel_factors(res)
            if factors:
                p = _dematel_provenance(res) or {}
                entry["dematel"] = {
                    "factors": factors,
                    "threshold": p["threshold"],
                    "arrows": p["arrows"],
                }
        nodes.append(entry)
    return {
        "qualindex": __version__,
        "index": {"id": index.id, "version": index.version, "file": index.file},
        "nodes": nodes,
        "warnings": list(tw.warnings),
    }


def weights_rows(index: IndexSystem, tw: TreeWeights) -> list[dict[str, Any]]:
    """One flat row per node, for CSV."""
    rows = []
    for node in index.walk():
        res = tw.nodes.get(node.id)
        rows.append(
            {
                "id": node.id,
                "parent": node.parent or "",
                "level": node.level,
                "name_zh": node.name.zh or "",
                "name_en": node.name.en or "",
                "method": res.method if res else "",
                "local": tw.local[node.id],
                "global": tw.global_weights[node.id],
                "cr": "" if res is None or res.cr is None else res.cr,
            }
        )
    return rows


def _finite(x: float) -> float | None:
    """NaN (an absent expert's matrix) as null: JSON has no NaN."""
    return None if math.isnan(x) else x


def checks_to_dict(checks: Sequence[MatrixCheck]) -> list[dict[str, Any]]:
    return [
        {
            "node": c.node,
            "expert": c.expert,
            "name": c.name or None,
            "n": c.n,
            "lambda_max": _finite(c.lambda_max),
            "ci": _finite(c.ci),
            "cr": _finite(c.cr),
            "ri": _finite(c.ri),
            "ri_table": c.ri_table,
            "cr_limit": _finite(c.cr_limit),
            "passed": c.passed,
            "status": c.status,
            "reason": c.reason or None,
            "completion": c.completion,
            "filled": [{"a": a, "b": b, "value": v} for a, b, v in c.filled],
            "experts": c.experts,
            "weights": list(c.weights),
            "consistency_vector": list(c.consistency_vector),
            "matrix": [list(row) for row in c.matrix],
            "ordinal": c.ordinal,
            "outcome": c.outcome or None,
            "advice": [
                {
                    "a": a.a,
                    "b": a.b,
                    "current": a.current,
                    "suggested": a.suggested,
                    "current_text": a.current_text,
                    "suggested_text": a.suggested_text,
                    "error": a.error,
                    "cr_after": a.cr_after,
                    "at": str(a.loc) if a.loc else None,
                }
                for a in c.advice
            ],
        }
        for c in checks
    ]


def edits_to_dict(edits: Sequence[RepairEdit]) -> list[dict[str, Any]]:
    return [
        {
            "node": e.node,
            "expert": e.expert,
            "a": e.a,
            "b": e.b,
            "old": e.old,
            "new": e.new,
            "cr_before": e.cr_before,
            "cr_after": e.cr_after,
            "at": str(e.loc) if e.loc else None,
        }
        for e in edits
    ]
