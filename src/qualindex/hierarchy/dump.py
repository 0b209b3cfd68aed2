"""The model back to YAML-shaped data (defaults that qualindex chose are left out).

``load_index(write(index_to_data(x)))`` gives back ``x``: the round trip is tested.
"""

from __future__ import annotations

from typing import Any

import yaml

from qualindex.hierarchy.model import IndexSystem, Node, Text
from qualindex.hierarchy.schema import ScoringMethod, WeightingMethod

__all__ = ["dump_index", "index_to_data"]


def _text(text: Text | None) -> dict[str, str] | None:
    if text is None:
        return None
    return {k: v for k, v in (("zh", text.zh), ("en", text.en)) if v is not None}


def _method(method: ScoringMethod | WeightingMethod | None, default: bool) -> dict[str, Any] | None:
    if method is None or default:
        return None
    # the file's own keys only: settings left at their defaults are not written back
    return _plain(method.model_dump(exclude_unset=True) | {"method": method.method})


def _plain(value: Any) -> Any:
    """Tuples to lists, read-only mappings to dicts, for YAML."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], (), {})}


def _node(index: IndexSystem, node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node.id,
        "name": _text(node.name),
        "description": _text(node.description),
        "source": list(node.sources),
        "notes": node.notes,
        "verified": None if node.verified else False,
    }
    ind = node.indicator
    if ind is None:
        data |= {
            "weighting": _method(node.weighting, node.weighting_default),
            "aggregation": node.aggregation,
            "missing": node.missing
            and {"policy": node.missing.policy, "min_coverage": node.missing.min_coverage},
            "children": [_node(index, c) for c in index.children(node.id)],
        }
    else:
        data |= {
            "kind": ind.kind,
            "unit": ind.unit,
            "direction": ind.direction,
            "target": ind.target,
            "threshold": ind.threshold,
            "baseline": ind.baseline,
            "band": _plain(ind.band),
            "scoring": _method(ind.scoring, ind.scoring_default),
            "scale": ind.scale.id if ind.scale else None,
            "reverse": ind.reverse or None,
            "points": ind.points,
            "column": ind.column,
            "expectation_column": ind.expectation_column,
            "cycle": ind.cycle,
            "tags": list(ind.tags),
        }
    return _drop_empty(data)


def index_to_data(index: IndexSystem) -> dict[str, Any]:
    """The index system as YAML-shaped data (judgments and inline presets not included)."""
    root = _node(index, index.root)
    head = {
        "qualindex": 1,
        "id": index.id,
        "version": index.version,
        "name": root.pop("name"),
        "score_range": list(index.score_range),
        "grades": index.grades.id if index.grades and index.grades.id != "inline" else None,
    }
    root.pop("id")
    return _drop_empty(head) | root


def dump_index(index: IndexSystem) -> str:
    """YAML text of :func:`index_to_data`, Unicode kept readable."""
    return yaml.safe_dump(index_to_data(index), allow_unicode=True, sort_keys=False)
