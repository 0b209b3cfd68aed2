"""Whole-tree weighting: hierarchic composition, per-node methods, provenance, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import JudgmentError
from qualindex.hierarchy import load_index, load_judgments
from qualindex.hierarchy.model import Expert, JudgmentSet, Location, Pair
from qualindex.weighting.tree import (
    NodeData,
    WeightOptions,
    _complete_stacks,
    pairwise_stack,
    weigh_tree,
)

CRITERIA = ["experience", "education", "charisma", "age"]
CANDIDATES = ["tom", "dick", "harry"]
# Wikipedia, "Analytic hierarchy process – leader example" (upper triangles, row-wise)
CRITERIA_UPPER = [4, 3, 7, "1/3", 3, 5]
LOCAL_UPPER = {
    "experience": ["1/4", 4, 9],
    "education": [3, "1/5", "1/7"],
    "charisma": [5, 9, 4],
    "age": ["1/3", 5, 9],
}


def _pairs(ids: list[str], upper: list[Any]) -> list[list[Any]]:
    it = iter(upper)
    return [[a, b, next(it)] for i, a in enumerate(ids) for b in ids[i + 1 :]]


def _leader_index(tmp_path: Path, *, inline: bool = True) -> Path:
    children = [
        {
            "id": c,
            "name": {"en": c.title()},
            "weighting": {"method": "ahp"},
            "children": [
                {
                    "id": f"{c}_{p}",
                    "name": {"en": p.title()},
                    "direction": "higher",
                    "scale": "likert5",
                }
                for p in CANDIDATES
            ],
        }
        for c in CRITERIA
    ]
    pairwise = {"leader": _pairs(CRITERIA, CRITERIA_UPPER)}
    for c, upper in LOCAL_UPPER.items():
        pairwise[c] = _pairs([f"{c}_{p}" for p in CANDIDATES], upper)
    doc: dict[str, Any] = {
        "qualindex": 1,
        "id": "leader",
        "version": "1",
        "name": {"en": "Choosing a leader"},
        "weighting": {"method": "ahp"},
        "children": children,
    }
    if inline:
        doc["judgments"] = [{"expert": {"id": "wiki"}, "pairwise": pairwise}]
    else:
        (tmp_path / "expert.yaml").write_text(
            yaml.safe_dump({"qualindex": 1, "expert": {"id": "wiki"}, "pairwise": pairwise}),
            "utf-8",
        )
    path = tmp_path / "leader.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_hierarchic_composition_wikipedia_leader_example(tmp_path: Path) -> None:
    """Wikipedia, "Analytic hierarchy process – leader example": criteria Experience .547,
    Education .127, Charisma .270, Age .056; overall Tom .358, Dick .493, Harry .149 (three
    decimals; the article truncates Experience 0.5476, hence atol 1e-3 on the criteria)."""
    index = load_index(_leader_index(tmp_path))
    tw = weigh_tree(index)
    np.testing.assert_allclose(
        [tw.global_weights[c] for c in CRITERIA], [0.547, 0.127, 0.270, 0.056], atol=1e-3
    )
    overall = [sum(tw.global_weights[f"{c}_{p}"] for c in CRITERIA) for p in CANDIDATES]
    np.testing.assert_allclose(overall, [0.358, 0.493, 0.149], atol=5e-4)
    root = tw.nodes["leader"]
    assert root.method == "ahp" and root.ri_table == "saaty-1980"
    assert root.cr is not None and root.cr < 0.1 and root.consistent
    assert root.provenance["experts"] == ["wiki"]


def test_judgments_from_separate_file_equal_inline(tmp_path: Path) -> None:
    inline = weigh_tree(load_index(_leader_index(tmp_path)))
    other = tmp_path / "sep"
    other.mkdir()
    index = load_index(_leader_index(other, inline=False))
    sets = load_judgments([other / "expert.yaml"], index)
    separate = weigh_tree(index, sets)
    assert dict(inline.global_weights) == pytest.approx(dict(separate.global_weights))


def test_ri_table_is_named_and_changes_cr(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    a = weigh_tree(index, options=WeightOptions(ri_table="saaty-1980")).nodes["leader"]
    b = weigh_tree(index, options=WeightOptions(ri_table="donegan-dodd")).nodes["leader"]
    assert a.ri_table == "saaty-1980" and b.ri_table == "donegan-dodd"
    assert a.cr != b.cr and np.allclose(a.weights, b.weights)


def test_ahp_node_without_judgments_is_a_located_error(tmp_path: Path) -> None:
    path = _leader_index(tmp_path, inline=False)
    with pytest.raises(JudgmentError, match="no expert compared its children") as info:
        weigh_tree(load_index(path))
    assert info.value.problems[0].file == str(path) and info.value.problems[0].line


def test_identical_experts_give_the_single_expert_weights(tmp_path: Path) -> None:
    index = load_index(_leader_index(tmp_path))
    single = weigh_tree(index)
    twice = weigh_tree(index, [_renamed(index.judgments[0], "copy")])
    assert dict(single.global_weights) == pytest.approx(dict(twice.global_weights))


def _renamed(jset: Any, expert_id: str) -> Any:
    import dataclasses

    return dataclasses.replace(jset, expert=dataclasses.replace(jset.expert, id=expert_id))


def _flat_index(tmp_path: Path, weighting: dict[str, Any], n: int = 4) -> Path:
    doc = {
        "qualindex": 1,
        "id": "flat",
        "version": "1",
        "name": {"en": "Flat"},
        "weighting": weighting,
        "children": [
            {
                "id": f"k{i}",
                "name": {"en": f"K{i}"},
                "unit": "%",
                "direction": "higher",
                "threshold": 50,
                "target": 90,
            }
            for i in range(n)
        ],
    }
    path = tmp_path / "flat.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_objective_method_without_data_says_what_it_needs(tmp_path: Path) -> None:
    index = load_index(_flat_index(tmp_path, {"method": "entropy"}))
    with pytest.raises(JudgmentError, match="'entropy', which needs data"):
        weigh_tree(index)


def test_objective_method_uses_child_scores(tmp_path: Path) -> None:
    index = load_index(_flat_index(tmp_path, {"method": "cv"}))
    scores = np.array([[60.0, 70, 80, 90], [62, 50, 80, 40], [61, 90, 80, 65]])
    tw = weigh_tree(index, data=lambda node, done: NodeData(child_scores=scores))
    cv = scores.std(axis=0, ddof=1) / scores.mean(axis=0)
    np.testing.assert_allclose(tw.nodes["flat"].weights, cv / cv.sum(), rtol=1e-6)
    assert tw.nodes["flat"].weights[2] == 0.0  # a constant column carries no information


def test_direct_and_combination(tmp_path: Path) -> None:
    direct = {"method": "direct", "weights": {"k0": 1, "k1": 1, "k2": 2, "k3": 4}}
    tw = weigh_tree(load_index(_flat_index(tmp_path, direct)))
    np.testing.assert_allclose(tw.nodes["flat"].weights, [0.125, 0.125, 0.25, 0.5])
    combo = {
        "method": "combination",
        "subjective": "direct",
        "objective": "std",
        "alpha": 0.5,
        "weights": direct["weights"],
    }
    scores = np.array([[60.0, 70, 80, 90], [62, 50, 80, 40], [61, 90, 81, 65]])
    tw = weigh_tree(
        load_index(_flat_index(tmp_path, combo)),
        data=lambda node, done: NodeData(child_scores=scores),
    )
    sd = scores.std(axis=0, ddof=1)
    expected = 0.5 * np.array([0.125, 0.125, 0.25, 0.5]) + 0.5 * sd / sd.sum()
    np.testing.assert_allclose(tw.nodes["flat"].weights, expected, rtol=1e-6)
    assert tw.nodes["flat"].provenance["rule"] == "linear"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=5))
def test_global_weights_of_leaves_sum_to_one(tmp_path_factory: Any, sizes: list[int]) -> None:
    children = [
        {
            "id": f"d{i}",
            "name": {"en": f"D{i}"},
            "children": [
                {"id": f"d{i}_{j}", "name": {"en": "x"}, "scale": "sat3", "direction": "higher"}
                for j in range(n)
            ],
        }
        for i, n in enumerate(sizes)
    ]
    doc = {"qualindex": 1, "id": "g", "version": "1", "name": {"en": "G"}, "children": children}
    path = tmp_path_factory.mktemp("g") / "g.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    index = load_index(path)
    tw = weigh_tree(index)
    assert sum(tw.global_weights[leaf.id] for leaf in index.leaves()) == pytest.approx(1.0)


def test_fuzzy_ahp_node_reports_its_consistency(tmp_path: Path) -> None:
    """A fuzzy AHP node's provenance carries the CR of the middle values of the group's TFN
    matrix and each expert's crisp CR; for one expert on Saaty's scale both are the crisp
    matrix's CR (the TFN middle of a crisp judgment is the judgment itself)."""
    from qualindex.hierarchy.model import Expert, JudgmentSet, Location, Pair
    from qualindex.weighting.ahp import ahp

    index = load_index(_flat_index(tmp_path, {"method": "fuzzy-ahp"}, n=3))
    loc = Location("j.yaml", 1, 1)
    pairs = (
        Pair("k0", "k1", 3.0, 3, loc),
        Pair("k0", "k2", 5.0, 5, loc),
        Pair("k1", "k2", 3.0, 3, loc),
    )
    jset = JudgmentSet(Expert("li"), loc, pairwise={"flat": pairs})
    prov = weigh_tree(index, [jset]).nodes["flat"].provenance
    crisp = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]).cr
    assert prov["expert_cr"] == {"li": pytest.approx(crisp)}
    assert prov["cr_middle"] == pytest.approx(crisp)


def test_batched_stacks_equal_pairwise_stack_bit_for_bit(tmp_path: Path) -> None:
    """The batched path builds every node's matrices in one scatter per order; they are
    :func:`pairwise_stack`'s to the bit, and a node where an expert left a pair out (or gave
    none) is left to the general path.  Orders 1 to 5, three experts, one of them partial."""
    sizes = [1, 2, 3, 4, 5, 3]
    children = [
        {
            "id": f"d{i}",
            "name": {"en": f"D{i}"},
            "weighting": {"method": "ahp"},
            "children": [
                {"id": f"d{i}_{j}", "name": {"en": "x"}, "scale": "sat3", "direction": "higher"}
                for j in range(n)
            ],
        }
        for i, n in enumerate(sizes)
    ]
    doc = {"qualindex": 1, "id": "g", "version": "1", "name": {"en": "G"}, "children": children}
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    index = load_index(path)
    rng = np.random.default_rng(7)
    loc = Location("j.yaml")

    def pairs(kids: tuple[str, ...], skip: int | None = None) -> tuple[Pair, ...]:
        out = []
        for i, a in enumerate(kids):
            for b in kids[i + 1 :]:
                value = float(rng.uniform(1 / 9, 9))
                flip = rng.uniform() < 0.3  # some judgments name the pair the other way round
                out.append(Pair(b, a, value, value, loc) if flip else Pair(a, b, value, value, loc))
        return tuple(p for k, p in enumerate(out) if k != skip)

    nodes = index.aggregates()
    sets = [
        JudgmentSet(expert, loc, {n.id: pairs(n.children) for n in nodes})
        for expert in (Expert("a"), Expert("b", weight=2.0))
    ]
    partial = {n.id: pairs(n.children, skip=0 if n.id in ("d3", "d4") else None) for n in nodes}
    del partial["d2"]  # this expert did not judge d2 at all
    sets.append(JudgmentSet(Expert("c"), loc, partial))
    given = [(n, tuple(s for s in sets if n.id in s.pairwise)) for n in nodes]
    batched = _complete_stacks(given)
    assert set(batched) == {n.id for n in nodes} - {"d3", "d4"}
    for node in nodes:
        stack, _ = pairwise_stack(node, sets)
        if node.id in batched:
            assert batched[node.id].shape == stack.shape
            assert batched[node.id].tobytes() == stack.tobytes()
        else:
            assert np.isnan(stack).any()
