"""Mermaid and Graphviz DOT text diagrams parse, escape labels, and match the tree; label
wrapping keeps every character and breaks lines where Chinese typesetting allows."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pydot
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex import load_index
from qualindex.errors import InputError
from qualindex.hierarchy import IndexSystem
from qualindex.hierarchy.textdiagram import _cells as cells
from qualindex.hierarchy.textdiagram import _greedy_wrap as greedy_wrap
from qualindex.hierarchy.textdiagram import _tokens as words
from qualindex.hierarchy.textdiagram import (
    cr_text,
    leaf_mark,
    to_dot,
    to_mermaid,
    weight_text,
    wrap_label,
)
from tests.hierarchy.test_layout import shape_for, tree_index

# pydot's parser uses pyparsing names that newer pyparsing deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:'setParseAction' deprecated")
ROOT = Path(__file__).parents[2]
INDICATORS = sorted((ROOT / "indicators").glob("*.yaml"))
NASTY = 'A "quoted" <b>name</b> & #35; `tick` \\ 50% 指标（测试）'


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> IndexSystem:
    """Names full of quotes, markup, entity look-alikes; ids that clash once sanitised."""
    leaf = {"unit": '"%"', "direction": "higher", "threshold": 0, "target": 1}
    doc = {
        "qualindex": 1,
        "id": "nasty-index",
        "version": "1",
        "name": {"zh": NASTY, "en": NASTY},
        "children": [
            {"id": "end", "name": {"zh": "end"}, **leaf},
            {
                "id": "a-b",
                "name": {"zh": "子维度 <x>"},
                "children": [
                    {"id": "a_b", "name": {"zh": 'say "hi"\n& bye'}, **leaf},
                    {"id": "a.b", "name": {"zh": "#quot; 已编码?"}, **leaf},
                ],
            },
        ],
    }
    path = tmp_path_factory.mktemp("nasty") / "nasty.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_index(path)


def all_indexes(nasty: IndexSystem) -> list[IndexSystem]:
    return [*(load_index(p) for p in INDICATORS), tree_index(shape_for(20)), nasty]


def weights_of(index: IndexSystem) -> dict[str, tuple[float, float]]:
    return {n.id: (0.5, 0.125) for n in index.walk()}


# --- Mermaid -------------------------------------------------------------------------------
MERMAID_NODE = re.compile(r'^    (n_\w+)\["([^"]*)"\]$')
MERMAID_EDGE = re.compile(r"^    (n_\w+) --> (n_\w+)$")
MERMAID_STYLE = re.compile(r"^    (classDef \w+ [\w:#,.\-]+|class [\w,]+ \w+)$")
# a decision model's bottom row (issue 14): a subgraph of alternatives every leaf joins
MERMAID_ALTERNATIVES = re.compile(
    r'^(    subgraph alternatives\["[^"]*"\]|        direction LR|        a_\d+\["[^"]*"\]'
    r"|    end|    n_\w+ --> alternatives)$"
)
ENTITIES = {"#quot;": '"', "#35;": "#", "#lt;": "<", "#gt;": ">", "#amp;": "&", "#96;": "`"}


def parse_mermaid(text: str) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """A small grammar check: header, node definitions, edges, styles; labels decoded."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("%%")]
    header, body = lines[0], lines[1:]
    assert re.fullmatch(r"flowchart (TB|LR)", header)
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for line in body:
        if node := MERMAID_NODE.match(line):
            assert node[1] not in nodes, f"{node[1]} defined twice"
            raw = re.sub(r"#\w+;|<br/>", "", node[2])
            assert not set(raw) & set('"<>#&`'), f"unescaped label {node[2]!r}"
            nodes[node[1]] = decode(node[2])
        elif edge := MERMAID_EDGE.match(line):
            edges.append((edge[1], edge[2]))
        elif MERMAID_ALTERNATIVES.match(line):
            for label in re.findall(r'\["([^"]*)"\]', line):
                assert not set(re.sub(r"#\w+;|<br/>", "", label)) & set('"<>#&`'), line
        else:
            assert MERMAID_STYLE.match(line), f"not Mermaid: {line!r}"
    assert all(a in nodes and b in nodes for a, b in edges), "edge to an undefined node"
    return header, nodes, edges


def decode(label: str) -> str:
    text = label.replace("<br/>", "\n")
    return re.sub(r"#\w+;", lambda m: ENTITIES[m[0]], text)


def node_ids(nodes: dict[str, str], index: IndexSystem) -> dict[str, str]:
    """Mermaid key -> node id, read from the label's id line (the last line starting with an
    id; a leaf's arrow line comes after it)."""
    out = {}
    for key, label in nodes.items():
        firsts = [line.split(" ")[0] for line in label.split("\n")]
        out[key] = [word for word in firsts if word in index.nodes][-1]
    return out


def test_mermaid_parses_and_matches_the_tree(nasty: IndexSystem) -> None:
    for index in all_indexes(nasty):
        _, nodes, edges = parse_mermaid(to_mermaid(index, lang="zh", weights=weights_of(index)))
        ids = node_ids(nodes, index)
        assert sorted(ids.values()) == sorted(index.nodes)  # every node defined exactly once
        assert {(ids[a], ids[b]) for a, b in edges} == set(index.to_digraph().edges)
        assert len(edges) == len(index.nodes) - 1


def test_mermaid_labels_read_name_id_and_weights(nasty: IndexSystem) -> None:
    text = to_mermaid(nasty, lang="zh", weights=weights_of(nasty), show_weights="local")
    _, nodes, _ = parse_mermaid(text)
    labels = {
        node_id: (key, nodes[key].split("\n")) for key, node_id in node_ids(nodes, nasty).items()
    }
    assert labels[nasty.id][1] == [*wrap_label(NASTY, 16), nasty.id]  # no weight 1 on the root
    assert labels["a_b"][1] == ['say "hi" & bye', "a_b (w=0.500)", '↑ "%"']
    assert len({key for key, _ in labels.values()}) == 5  # a-b, a_b, a.b stay apart
    assert labels["end"][0] != "end"  # never the Mermaid keyword itself


def test_mermaid_orientation(nasty: IndexSystem) -> None:
    assert to_mermaid(nasty, lang="en", orient="lr").startswith("flowchart LR\n")
    assert to_mermaid(nasty, lang="en").startswith("flowchart TB\n")  # 3 leaves: top-bottom


# --- DOT -----------------------------------------------------------------------------------
def parse_dot(text: str) -> tuple[pydot.Dot, nx.DiGraph]:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None and len(graphs) == 1
    return graphs[0], nx.DiGraph(nx.nx_pydot.from_pydot(graphs[0]))


def html_label(graph: pydot.Dot, node_id: str) -> ET.Element:
    """The node's HTML-like label as XML: proves the escaping is well formed."""
    (node,) = graph.get_node(f'"{node_id}"')
    label = node.get_attributes()["label"]
    assert label.startswith("<<") and label.endswith(">>")
    return ET.fromstring(label[1:-1])


def test_dot_parses_with_pydot_and_networkx(nasty: IndexSystem) -> None:
    for index in all_indexes(nasty):
        graph, digraph = parse_dot(to_dot(index, lang="zh", weights=weights_of(index)))
        alts = {f"alt:{a.id}" for a in index.alternatives}  # a decision model's bottom row
        if alts:  # (networkx's from_pydot reads only the cluster's hub, the edges' end)
            assert {
                n.get_name().strip('"') for s in graph.get_subgraphs() for n in s.get_nodes()
            } >= alts
            joined = {a for a, b in digraph.edges if b in alts}
            assert joined == {leaf.id for leaf in index.leaves()}  # every leaf, once
            digraph.remove_nodes_from(alts)
        assert set(digraph.nodes) == set(index.nodes)
        assert set(digraph.edges) == set(index.to_digraph().edges)
        assert nx.is_arborescence(digraph)
        for node in index.walk():
            text = "".join("".join(html_label(graph, node.id).itertext()).split())
            assert "".join(node.name.get("zh").split()) in text
            assert node.id in text
            assert ("w=0.500W=0.125" in text) == (node.parent is not None)


def test_dot_labels_escape_markup_and_colour_cr(nasty: IndexSystem) -> None:
    crs = {nasty.id: (0.02, 0.1), "a-b": (0.2, 0.1)}
    graph, _ = parse_dot(to_dot(nasty, lang="en", consistency=crs, orient="lr"))
    assert graph.get_attributes()["rankdir"] == "LR"
    root = html_label(graph, nasty.id)
    assert "".join(root.itertext()).startswith('A "quoted" <b>name</b> & #35;')
    colours = {f.get("color"): "".join(f.itertext()) for f in html_label(graph, "a-b").iter("font")}
    assert colours["#c62828"] == "CR 0.200 > 0.10"
    assert {f.get("color") for f in root.iter("font")} >= {"#1a7f37"}
    assert "↑" in "".join(html_label(graph, "end").itertext())


def test_text_diagrams_reject_bad_values(nasty: IndexSystem) -> None:
    with pytest.raises(InputError, match=r"consistency: 'end' is an indicator"):
        to_dot(nasty, lang="zh", consistency={"end": (0.1, 0.1)})
    with pytest.raises(InputError, match=r"weights: no node 'a_c' in index 'nasty-index'"):
        to_mermaid(nasty, lang="zh", weights={"a_c": (0.1, 0.1)})
    with pytest.raises(InputError, match=r"orient='up' is not one of tb, lr"):
        to_dot(nasty, lang="zh", orient="up")  # type: ignore[arg-type]


# --- label pieces --------------------------------------------------------------------------
def test_label_pieces() -> None:
    assert weight_text(0.25, 0.0625, "both") == "w=0.250  W=0.062"
    assert weight_text(0.25, 0.0625, "global") == "W=0.062"
    assert cr_text(0.1, 0.1) == ("CR 0.100 ≤ 0.10", True)
    # issue 12: printed at the precision that keeps the comparison true, not "0.100 > 0.10"
    assert cr_text(0.1004, 0.1) == ("CR 0.1004 > 0.10", False)
    assert cr_text(0.03, 0.1, ("liu",), 3) == ("CR 0.030 ≤ 0.10 · 1/3 experts over: liu", False)


def test_leaf_mark(nasty: IndexSystem) -> None:
    assert leaf_mark(nasty.node("end")) == '↑ "%"'
    assert leaf_mark(nasty.node("a-b")) == ""


def test_wrap_balances_and_respects_chinese_line_breaking() -> None:
    assert wrap_label("网络服务业服务质量评价指标体系", 24) == [
        "网络服务业服务质量",
        "评价指标体系",
    ]
    assert wrap_label("服务态度", 14) == ["服务态度"]
    assert wrap_label("客户投诉处理及时率（含升级投诉）", 14) == [
        "客户投诉处理",
        "及时率（含",
        "升级投诉）",
    ]
    assert wrap_label("指标，体系。好", 4) == ["指标，", "体系。", "好"]
    assert wrap_label("ab（cd", 4) == ["ab", "（cd"]
    assert wrap_label("Satisfaction with courtesy", 16) == ["Satisfaction", "with courtesy"]
    assert wrap_label("", 10) == [""]


def test_wrap_breaks_between_words_issue_16() -> None:
    """Issue 16: ``--orient tb`` drew 预约挂号便/捷满意度 (a break inside 便捷): Chinese runs
    were cut into single characters, so balancing broke wherever the count fell.  Words come
    from jieba now; a number keeps its measure word, and a word wider than the line is cut
    at character boundaries only then."""
    assert wrap_label("预约挂号便捷满意度", 14) == ["预约挂号", "便捷满意度"]
    assert wrap_label("高危漏洞30天修复率", 14) == ["高危漏洞", "30天修复率"]
    assert wrap_label("outpatient-quality of care", 14) == ["outpatient-quality", "of care"]
    assert wrap_label("满意度", 4) == ["满意", "度"]  # one word wider than the line


label_text = st.text(
    alphabet=st.sampled_from("服务质量评价指标体系ab cdXYZ0123，。（）、 %-_"), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(text=label_text, width=st.integers(2, 30))
def test_wrap_keeps_every_character_and_fits(text: str, width: int) -> None:
    lines = wrap_label(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) == len(greedy_wrap(text, width))  # balancing never adds a line
    for i, line in enumerate(lines):
        assert line == line.strip()
        assert i == 0 or line[0] not in "，。、）%"  # closing marks never open a line
        assert i == len(lines) - 1 or not line.endswith("（") or line == "（"
        # Too wide only for a single long word, hanging closing marks or a carried bracket.
        tokens = words(line, width)  # the wrapper's own words (jieba, numbers + measure words)
        while len(tokens) > 1 and (tokens[-1][0] in "，。、）%" or tokens[-1].isspace()):
            tokens.pop()
        while len(tokens) > 1 and tokens[0] == "（":  # opening brackets go with what they open
            tokens.pop(0)
        while i == 0 and len(tokens) > 1 and tokens[0][0] in "，。、）%":
            tokens.pop(0)  # closing marks that open the label have no line before to hang on
        assert cells("".join(tokens)) <= width or len(tokens) == 1, line
