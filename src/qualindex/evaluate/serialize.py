"""An evaluation as plain data: the stable JSON (see README, "JSON output") and CSV rows.

NaN (no score: missing data or coverage below the minimum) is written as null / empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from qualindex.evaluate.results import Evaluation
from qualindex.weighting.serialize import weights_to_dict

__all__ = ["evaluation_rows", "evaluation_to_dict"]


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _imputed(imputed: Mapping[str, tuple[str, Any]], node: str, r: int) -> str | None:
    """The policy that filled ``node``'s score in row ``r``, or None for a measured one."""
    policy, mask = imputed.get(node, (None, None))
    return policy if mask is not None and mask[r] else None


def _missing(ev: Evaluation) -> dict[str, Any]:
    s = ev.scores
    return {
        "rules": {
            node: {
                "policy": rule.policy,
                "min_coverage": rule.min_coverage,
                "source": rule.source,
                "stated_at": rule.stated_at,
            }
            for node, rule in s.rules.items()
        },
        "imputed_cells": s.imputed_cells,
        "excluded_cells": int(sum(int(m.sum()) for m in s.excluded.values())),
    }


def _row(ev: Evaluation, r: int) -> dict[str, Any]:
    data, scores = ev.data, ev.scores
    grade = ev.grades[r]
    leaf_w = scores.weights.leaf_vector(data.leaves)
    row: dict[str, Any] = {
        "entity": data.entities[r],
        "label": data.labels.get(data.entities[r]),
        "period": data.periods[r] or None,
        "groups": {g: v[r] for g, v in data.groups.items()},
        "composite": _num(ev.composite[r]),
        "grade": {"zh": grade.label.zh, "en": grade.label.en} if grade else None,
        "rank": int(ev.rank[r]) or None,
        "rank_in_group": {g: int(v[r]) or None for g, v in ev.rank_in_group.items()},
        "topsis": _num(ev.topsis[r]),
        "short_board": ev.short_board[r] or None,
        "scores": {k: _num(v[r]) for k, v in scores.nodes.items() if k not in data.leaves},
        "coverage": {k: _num(v[r]) for k, v in scores.coverage.items()},
        # node scores filled by the parent's missing-value policy, and nodes left empty
        "imputed": {k: p for k, (p, mask) in scores.imputed.items() if mask[r]},
        "excluded": [k for k, mask in scores.excluded.items() if mask[r]],
        "change": {k: _num(v[r]) for k, v in ev.change.items()},
        "indicators": [
            {
                "id": leaf,
                "value": _num(data.values[r, j]),
                "score": _num(scores.leaf_scores[r, j]),
                "imputed": _imputed(scores.imputed, leaf, r),
                "global_weight": float(leaf_w[j]),
                "contribution": _num(ev.contribution[r, j]),
                "shortfall": _num(ev.shortfall[r, j]),
            }
            for j, leaf in enumerate(data.leaves)
        ],
        "priorities": [
            {
                "id": p.indicator,
                "score": p.score,
                "global_weight": p.global_weight,
                "shortfall": p.shortfall,
                "quadrant": p.quadrant,
            }
            for p in ev.priorities[r]
        ],
    }
    if ev.fce is not None:
        row["fce"] = {
            "b": [_num(b) for b in ev.fce.b[r]],
            "grade": ev.fce.grade[r] or None,
            "score": _num(ev.fce.score[r]),
        }
    return row


def evaluation_to_dict(ev: Evaluation) -> dict[str, Any]:
    weights = weights_to_dict(ev.index, ev.scores.weights)
    return {
        "qualindex": weights["qualindex"],
        "index": weights["index"],
        "files": list(ev.data.files),
        "rows": [_row(ev, r) for r in range(len(ev.data))],
        "groups": {
            g: [
                {
                    "group": key[0],
                    "period": key[1] or None,
                    "scores": {k: _num(v) for k, v in means.items()},
                }
                for key, means in table.items()
            ]
            for g, table in ev.group_means.items()
        },
        "fce": None
        if ev.fce is None
        else {"grades": list(ev.fce.grades), "operator": ev.fce.operator, "scale": ev.fce.scale},
        "survey": None
        if ev.survey is None
        else {
            "boxes": ev.survey.boxes,
            "items": [
                {"id": i.item, "n": i.n, "mean": _num(i.mean), "top_box": i.top_box, "nps": i.nps}
                for i in ev.survey.items
            ],
            "reliability": [
                {
                    "node": r.node,
                    "items": list(r.items),
                    "alpha": _num(r.alpha),
                    "alpha_if_dropped": [_num(a) for a in r.alpha_if_dropped],
                    "n_used": r.n_used,
                }
                for r in ev.survey.reliability
            ],
        },
        "missing": _missing(ev),
        "weights": weights["nodes"],
        "notes": list(ev.notes),
        "warnings": weights["warnings"],
    }


def evaluation_rows(ev: Evaluation) -> list[dict[str, Any]]:
    """One flat row per (entity, period): keys, composite, grade, ranks, every node's score."""
    rows = []
    for r in range(len(ev.data)):
        grade = ev.grades[r]
        row: dict[str, Any] = {
            "entity": ev.data.entities[r],
            "label": ev.data.label(r),
            "period": ev.data.periods[r],
        }
        row |= {g: v[r] for g, v in ev.data.groups.items()}
        row |= {
            "composite": _num(ev.composite[r]),
            "grade_zh": grade.label.zh if grade else None,
            "grade_en": grade.label.en if grade else None,
            "rank": int(ev.rank[r]) or None,
            "topsis": _num(ev.topsis[r]),
            "short_board": ev.short_board[r],
            "imputed": "; ".join(
                f"{k}: {p}" for k, (p, mask) in ev.scores.imputed.items() if mask[r]
            ),
            "excluded": "; ".join(k for k, mask in ev.scores.excluded.items() if mask[r]),
        }
        row |= {
            node.id: _num(ev.scores.nodes[node.id][r])
            for node in ev.index.walk()
            if node.id != ev.index.id
        }
        rows.append(row)
    return rows
