"""Property: a random valid tree, dumped to YAML and loaded, comes back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.hierarchy import load_index
from qualindex.hierarchy.dump import index_to_data
from qualindex.hierarchy.schema import IndexSpec

names = st.text(
    alphabet=st.sampled_from("可靠性响应安全服务质量 abcdefgXYZ-:#'\"[]{}&*!%@`,"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s)
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def leaf(draw: Any, node_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["linear", "scale", "piecewise", "target"]))
    data: dict[str, Any] = {"id": node_id, "name": {"zh": draw(names), "en": draw(names)}}
    if kind == "scale":
        return data | {"direction": "higher", "scale": draw(st.sampled_from(["likert5", "sat3"]))}
    lo, hi = sorted(draw(st.lists(finite, min_size=2, max_size=2, unique=True)))
    data["unit"] = draw(st.sampled_from(["%", "s", "件/万户"]))
    if kind == "linear":
        direction = draw(st.sampled_from(["higher", "lower"]))
        threshold, target = (lo, hi) if direction == "higher" else (hi, lo)
        return data | {"direction": direction, "threshold": threshold, "target": target}
    if kind == "target":
        return data | {
            "direction": "target",
            "band": [lo, hi],
            "scoring": {"method": "band", "tolerance": abs(hi - lo) + 1},
        }
    return data | {
        "direction": "lower",
        "scoring": {"method": "piecewise", "points": [[lo, 100.0], [hi, 0.0]]},
    }


@st.composite
def tree(draw: Any, depth: int = 0, counter: list[int] | None = None) -> list[dict[str, Any]]:
    counter = counter if counter is not None else [0]
    children = []
    for _ in range(draw(st.integers(1, 3))):
        counter[0] += 1
        node_id = f"n{counter[0]}"
        if depth < 3 and draw(st.booleans()):
            node: dict[str, Any] = {"id": node_id, "name": {"en": draw(names)}}
            node["weighting"] = draw(st.sampled_from([{"method": "ahp"}, {"method": "entropy"}]))
            node["children"] = draw(tree(depth + 1, counter))
            children.append(node)
        else:
            children.append(draw(leaf(node_id)))
    return children


@st.composite
def index_doc(draw: Any) -> dict[str, Any]:
    return {
        "qualindex": 1,
        "id": "generated",
        "version": draw(st.sampled_from(["1", "2026.1", "v3"])),
        "name": {"zh": draw(names)},
        "score_range": [0.0, 100.0],
        "grades": draw(st.sampled_from(["cn-5", "gbt27922-stars"])),
        "children": draw(tree()),
    }


@settings(max_examples=60, deadline=None)
@given(index_doc())
def test_random_tree_round_trips(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        index = load_index(path)
    assert IndexSpec.model_validate(index_to_data(index)) == IndexSpec.model_validate(doc)
    assert len(index.nodes) == 1 + _count(doc["children"])


def _count(children: list[dict[str, Any]]) -> int:
    return sum(1 + _count(c.get("children", [])) for c in children)
