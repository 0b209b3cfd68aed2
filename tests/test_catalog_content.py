"""Content checks of the built-in catalogue: ``indicators/*.yaml`` and their example material.

Each entry ``indicators/<id>.yaml`` must load, name every node in zh and en, say how each
indicator is measured and in which direction, cite its sources, and come with an example
folder ``indicators/<id>/`` whose run configuration, judgment files and data agree with the
index.  The network-service-quality survey must reproduce the seed documents' table of
1,000 questionnaires exactly (seed digest §4).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from qualindex import load_index, load_judgments
from qualindex.hierarchy.model import IndexSystem, Node
from qualindex.hierarchy.runconfig import load_run_config
from qualindex.validate import validate_paths
from qualindex.weighting.ahp import ahp
from qualindex.weighting.ri import default_cr_limit

CATALOG = Path(__file__).resolve().parents[1] / "indicators"
INDEX_FILES = sorted(CATALOG.glob("*.yaml"))
RUN_FILES = sorted(CATALOG.glob("*/run.yaml"))
ENTRY_IDS = [p.stem for p in INDEX_FILES]


def _ids(paths: list[Path]) -> list[str]:
    return [p.parent.name if p.name == "run.yaml" else p.stem for p in paths]


def _raw_nodes(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node mapping of an index file as written (root excluded), pre-order."""
    stack = list(reversed(doc["children"]))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children") or []))


def _layout(node: Node) -> str:
    """The data layout an indicator is measured in: survey items per respondent, else wide."""
    assert node.indicator is not None
    return "respondent" if node.indicator.kind == "survey" else "wide"


def _columns(node: Node) -> list[str]:
    ind = node.indicator
    assert ind is not None
    cols = [ind.column or node.id]
    if ind.expectation_column:
        cols.append(ind.expectation_column)
    return cols


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _decision_model(path: Path) -> bool:
    """A decision model (alternatives under leaf criteria): ranked, not scored or graded."""
    return bool(load_index(path).alternatives)


DECISION_ENTRIES = {"supplier-selection"}


def _ahp_nodes(index: IndexSystem) -> list[Node]:
    return [
        n
        for n in index.nodes.values()
        if not n.is_leaf and n.weighting is not None and n.weighting.name == "ahp"
    ]


# --- index files ----------------------------------------------------------------------------
# The built-in entries the product promises (README, `qualindex catalog`).
EXPECTED_ENTRIES = {
    "network-service-quality",
    "servqual-22",
    "servperf-22",
    "e-s-qual",
    "ccsi",
    "acsi",
    "tcsi",
    "ict-network-qos",
    "it-service-25011",
    "gov-service-haochaping",
    "after-sales-gbt27922",
    *DECISION_ENTRIES,
}


def test_catalogue_has_every_promised_entry() -> None:
    missing = EXPECTED_ENTRIES - set(ENTRY_IDS)
    assert not missing, f"catalogue entries missing: {sorted(missing)}"


@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_index_loads_and_is_named_after_its_file(path: Path) -> None:
    index = load_index(path)
    assert index.id == path.stem
    assert index.sources, "the index needs a source: list"
    assert index.grades is not None or index.alternatives, "the index needs a grades: preset"
    assert index.name.zh and index.name.en
    assert index.description is not None and index.description.zh and index.description.en


@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_every_node_has_zh_and_en_names(path: Path) -> None:
    index = load_index(path)
    unnamed = [n.id for n in index.nodes.values() if not (n.name.zh and n.name.en)]
    assert not unnamed, f"nodes without both zh and en names: {unnamed}"


@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_every_indicator_has_measure_and_explicit_direction(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["qualindex"] == 1 and isinstance(doc["version"], str)
    leaves = [n for n in _raw_nodes(doc) if "children" not in n]
    if doc.get("alternatives"):
        # a decision model's leaves say how the alternatives are assessed (direction in it)
        unassessed = [n["id"] for n in leaves if "assess" not in n]
        assert not unassessed, f"leaf criteria without assess: {unassessed}"
        measured = [n for n in leaves if n["assess"]["method"] == "measured"]
        assert all(n.get("unit") for n in measured), "measured criteria need a unit"
        assert all(n["assess"].get("direction") for n in measured), "and an explicit direction"
        return
    no_measure = [n["id"] for n in leaves if not (n.get("unit") or n.get("scale"))]
    no_direction = [
        n["id"] for n in leaves if n.get("direction") not in ("higher", "lower", "target")
    ]
    assert not no_measure, f"indicators without unit or scale: {no_measure}"
    assert not no_direction, f"indicators without an explicit direction: {no_direction}"


@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_unverified_nodes_say_what_is_unverified(path: Path) -> None:
    index = load_index(path)
    silent = [n.id for n in index.nodes.values() if not n.verified and not n.notes]
    assert not silent, f"verified: false without notes: {silent}"


# --- example material -----------------------------------------------------------------------
@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_every_entry_has_examples(path: Path) -> None:
    folder = path.with_suffix("")
    assert (folder / "run.yaml").is_file()
    readme = folder / "README.md"
    assert readme.is_file()
    text = readme.read_text(encoding="utf-8")
    assert "illustrative" in text and "tools/make_examples.py" in text
    assert list((folder / "data").glob("*.csv")), "no example data"


@pytest.mark.parametrize("run", RUN_FILES, ids=_ids(RUN_FILES))
def test_run_config_validates(run: Path) -> None:
    reports = validate_paths([run])
    problems = [str(p) for r in reports for p in r.problems]
    assert all(r.ok for r in reports), problems
    config = load_run_config(run)
    assert config.index.resolve() == (CATALOG / f"{run.parent.name}.yaml").resolve()


@pytest.mark.parametrize("run", RUN_FILES, ids=_ids(RUN_FILES))
def test_data_files_have_the_columns_of_their_run(run: Path) -> None:
    config = load_run_config(run)
    index = load_index(config.index)
    if index.alternatives:  # a decision model: its measured criteria's columns
        assert config.alternatives_data_path is not None
        header, rows = _read_csv(config.alternatives_data_path)
        ids = {a.id for a in index.alternatives}
        assert {r["id"] for r in rows} == ids
        measured = [n.id for n in index.leaves() if getattr(n.assess, "method", "") == "measured"]
        assert set(measured) <= set(header), f"columns missing: {set(measured) - set(header)}"
        return
    assert config.data is not None, "the example run needs a data: section"
    keys = [config.data.entity, *([config.data.period] if config.data.period else [])]
    keys += config.data.group
    leaves = [n for n in index.nodes.values() if n.is_leaf]
    layouts = [f.layout for f in config.data.files]
    for spec, path in zip(config.data.files, config.data_paths, strict=True):
        header, rows = _read_csv(path)
        assert rows, f"{path.name} has no rows"
        missing_keys = [k for k in keys if k not in header]
        assert not missing_keys, f"{path.name} lacks key columns {missing_keys}"
        wanted = [c for n in leaves if _layout(n) == spec.layout for c in _columns(n)]
        missing = [c for c in wanted if c not in header]
        assert not missing, f"{path.name} ({spec.layout}) lacks indicator columns {missing}"
        for n in leaves:
            if _layout(n) == spec.layout:
                _check_values(n, rows, path.name)
    uncovered = [n.id for n in leaves if _layout(n) not in layouts]
    assert not uncovered, f"no data file of the right layout for {uncovered}"


def _check_values(node: Node, rows: list[dict[str, str]], name: str) -> None:
    """Non-blank cells are numbers, and survey answers are points of the item's scale."""
    ind = node.indicator
    assert ind is not None
    points = {p.value for p in ind.scale.points} if ind.scale else None
    for col in _columns(node):
        values = [float(r[col]) for r in rows if r[col].strip()]
        assert values, f"{name}: column {col} is empty"
        if points is not None:
            off = sorted(set(values) - points)
            assert not off, f"{name}: {col} has answers {off} off the scale {ind.scale.id}"
        if ind.points is not None:
            assert all(0 <= v <= ind.points for v in values), f"{name}: {col} exceeds its points"


@pytest.mark.parametrize("path", INDEX_FILES, ids=_ids(INDEX_FILES))
def test_judgment_files_load_against_their_index(path: Path) -> None:
    index = load_index(path)
    files = sorted((path.with_suffix("") / "judgments").glob("*.yaml"))
    needed = _ahp_nodes(index)
    if not needed:
        assert not files, "judgment files for an index without AHP nodes"
        return
    assert len(files) >= 3, "an index weighted by AHP needs judgments from at least 3 experts"
    sets = load_judgments(files, index)
    for jset in sets:
        missing = [n.id for n in needed if n.id not in jset.pairwise]
        assert not missing, f"expert {jset.expert.id} gives no judgments for {missing}"


# --- the seed survey ------------------------------------------------------------------------
# Seed digest §4: 1,000 valid questionnaires, satisfied / neutral / dissatisfied per dimension
# (68.3 % / 20.2 % / 11.5 % etc. of 1,000).
SEED_TABLE = {
    "courtesy_satisfaction": (683, 202, 115),  # service attitude 服务态度
    "speed_satisfaction": (456, 321, 223),  # service efficiency 服务效率
    "expertise_satisfaction": (629, 247, 124),  # professionalism 服务专业性
    "security_satisfaction": (705, 183, 112),  # security 服务安全性
    "reliability_satisfaction": (694, 206, 100),  # reliability 服务可靠性
}


def test_nsq_survey_2026q3_reproduces_the_seed_table() -> None:
    _, rows = _read_csv(CATALOG / "network-service-quality" / "data" / "survey.csv")
    q3 = [r for r in rows if r["quarter"] == "2026Q3"]
    assert len(q3) == 1000
    for item, (satisfied, neutral, dissatisfied) in SEED_TABLE.items():
        counts = Counter(r[item] for r in q3)
        assert (counts["3"], counts["2"], counts["1"]) == (satisfied, neutral, dissatisfied), item
    providers = Counter(r["provider"] for r in q3)
    assert len(providers) == 4 and len(set(providers.values())) > 1, "split should be uneven"


def test_nsq_providers_differ_in_the_survey() -> None:
    _, rows = _read_csv(CATALOG / "network-service-quality" / "data" / "survey.csv")
    q3 = [r for r in rows if r["quarter"] == "2026Q3"]
    means = {
        p: np.mean([int(r["speed_satisfaction"]) for r in q3 if r["provider"] == p])
        for p in {r["provider"] for r in q3}
    }
    assert max(means.values()) - min(means.values()) > 0.2


def test_nsq_exactly_one_inconsistent_matrix_for_the_demo() -> None:
    """One expert's matrix at one node is a little over the CR limit; all others pass."""
    index = load_index(CATALOG / "network-service-quality.yaml")
    files = sorted((CATALOG / "network-service-quality" / "judgments").glob("*.yaml"))
    over = []
    for jset in load_judgments(files, index):
        for node_id, pairs in jset.pairwise.items():
            kids = list(index.nodes[node_id].children)
            a = np.ones((len(kids), len(kids)))
            for p in pairs:
                i, j = kids.index(p.a), kids.index(p.b)
                a[i, j], a[j, i] = p.value, 1 / p.value
            cr = ahp(a).cr
            if cr > default_cr_limit(len(kids)):
                over.append((jset.expert.id, node_id, cr))
    assert len(over) == 1, over
    assert over[0][2] < 0.2, "the inconsistency should be mild"
