"""Loading valid files: the model, its helpers, encodings and inline judgments."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import qualindex
from qualindex.errors import InputError, JudgmentError
from qualindex.hierarchy import load_index, load_judgments, parse_pair_value
from qualindex.hierarchy.load import load_presets
from qualindex.hierarchy.schema import PiecewiseScoring

ROOT = Path(__file__).parents[2]
NSQ = ROOT / "indicators" / "network-service-quality.yaml"


@pytest.fixture(scope="module")
def nsq() -> qualindex.hierarchy.IndexSystem:
    return qualindex.load_index(NSQ)


def test_tree_shape_and_order(nsq: qualindex.hierarchy.IndexSystem) -> None:
    assert nsq.root.id == "network-service-quality" and nsq.root.level == 0
    assert [n.id for n in nsq.children(nsq.id)] == [
        "attitude",
        "efficiency",
        "professionalism",
        "security",
        "reliability",
    ]
    assert [n.id for n in nsq.leaves("reliability")] == [
        "availability",
        "fault_repair_24h",
        "mttr",
        "reliability_satisfaction",
    ]
    assert nsq.node("mttr").path == ("network-service-quality", "reliability", "mttr")
    assert nsq.node("mttr").parent == "reliability"
    assert nsq.depth == 2
    assert len(nsq.leaves()) == 15


def test_bottom_up_aggregates_put_children_before_parents(
    nsq: qualindex.hierarchy.IndexSystem,
) -> None:
    order = [n.id for n in nsq.aggregates(bottom_up=True)]
    assert order[-1] == nsq.id


def test_indicator_fields_resolved(nsq: qualindex.hierarchy.IndexSystem) -> None:
    mttr = nsq.node("mttr").indicator
    assert mttr is not None
    assert (mttr.direction, mttr.threshold, mttr.target, mttr.unit) == ("lower", 5, 2, "h")
    assert mttr.scoring.name == "linear" and mttr.scoring_default
    sat = nsq.node("courtesy_satisfaction").indicator
    assert sat is not None and sat.scale is not None and sat.scale.id == "sat3"
    assert sat.scoring.name == "likert"
    rt = nsq.node("response_time").indicator
    assert rt is not None and isinstance(rt.scoring, PiecewiseScoring)
    assert rt.scoring.points[0] == (10, 100)


def test_weighting_and_grades(nsq: qualindex.hierarchy.IndexSystem) -> None:
    assert nsq.root.weighting is not None and nsq.root.weighting.name == "ahp"
    security = nsq.node("security").weighting
    assert security is not None and security.name == "equal"
    assert nsq.node("security").weighting_default
    assert nsq.grades is not None and nsq.grades.grade(85).label.en == "Good"  # type: ignore[union-attr]
    assert nsq.grades.grade(59.9).label.zh == "差"  # type: ignore[union-attr]


def test_digraph_view(nsq: qualindex.hierarchy.IndexSystem) -> None:
    graph = nsq.to_digraph()
    assert graph.number_of_nodes() == len(nsq.nodes)
    assert graph.number_of_edges() == len(nsq.nodes) - 1
    assert list(graph.successors("reliability")) == [
        "availability",
        "fault_repair_24h",
        "mttr",
        "reliability_satisfaction",
    ]
    assert graph.nodes["mttr"]["leaf"]


def test_model_is_immutable(nsq: qualindex.hierarchy.IndexSystem) -> None:
    with pytest.raises(AttributeError):
        nsq.node("mttr").id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        nsq.nodes["x"] = nsq.root  # type: ignore[index]


def test_unknown_node_id_suggests(nsq: qualindex.hierarchy.IndexSystem) -> None:
    with pytest.raises(InputError, match="did you mean 'mttr'"):
        nsq.node("mtr")


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_with_or_without_bom_loads(tmp_path: Path, bom: bool) -> None:
    raw = NSQ.read_bytes()
    path = tmp_path / "bom.yaml"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + raw)
    assert load_index(path).id == "network-service-quality"


def test_pair_values_numbers_fractions_labels() -> None:
    labels = load_presets().saaty_labels
    assert parse_pair_value(3, labels) == 3
    assert parse_pair_value("1/3", labels) == pytest.approx(1 / 3)
    assert parse_pair_value(" 1 / 5 ", labels) == pytest.approx(0.2)
    assert parse_pair_value("明显重要", labels) == 5
    assert parse_pair_value("Very Strong", labels) == 7
    assert parse_pair_value("nonsense", labels) is None
    assert parse_pair_value(True, labels) is None


def _judgment_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "expert.yaml"
    path.write_text("qualindex: 1\nexpert: {id: li, name: 李工, weight: 2}\n" + body, "utf-8")
    return path


def test_judgment_file_loads_against_index(
    tmp_path: Path, nsq: qualindex.hierarchy.IndexSystem
) -> None:
    path = _judgment_file(
        tmp_path,
        "index: network-service-quality@2026.1\npairwise:\n  attitude:\n"
        "    - [courtesy_satisfaction, attitude_complaint_rate, 稍微重要]\n",
    )
    (jset,) = load_judgments([path], nsq)
    pair = jset.pairwise["attitude"][0]
    assert (pair.a, pair.b, pair.value) == ("courtesy_satisfaction", "attitude_complaint_rate", 3)
    assert pair.loc.line == 6 and jset.expert.weight == 2


def test_judgment_file_for_another_version_is_refused(
    tmp_path: Path, nsq: qualindex.hierarchy.IndexSystem
) -> None:
    path = _judgment_file(tmp_path, "index: network-service-quality@2025.1\n")
    with pytest.raises(JudgmentError, match=r"index: network-service-quality@2026\.1"):
        load_judgments([path], nsq)


def test_expert_authority_coefficient() -> None:
    from qualindex.hierarchy.model import Expert

    assert Expert("a", basis=0.9, familiarity=0.8).authority == pytest.approx(0.85)
    assert Expert("a").authority is None
