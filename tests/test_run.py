"""The run path: each file read once, one weighting driver, data read only when a node needs it."""

from __future__ import annotations

import builtins
import csv
import io
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qualindex.run import evaluate, load_project, weigh

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "indicators"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[Path]]:
    """Every file opened while the test runs, with the number of times (any reader)."""
    seen: Counter[Path] = Counter()
    real = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path):
            seen[Path(file).resolve()] += 1
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    yield seen


def test_weights_of_a_config_with_data_read_each_yaml_once_and_no_data(
    opened: Counter[Path],
) -> None:
    """network-service-quality: AHP and equal weights only, so the data files stay closed."""
    config = CATALOG / "network-service-quality" / "run.yaml"
    project = load_project(config)
    weigh(project)
    yaml_files = [p for p in opened if p.suffix == ".yaml"]
    assert config.resolve() in yaml_files and (CATALOG / "network-service-quality.yaml") in [
        p.resolve() for p in yaml_files
    ]
    assert len([p for p in yaml_files if "judgments" in p.parts]) == 3
    twice = {p: n for p, n in opened.items() if n > 1}
    assert not twice, f"read more than once: {twice}"
    data = [p for p in opened if p.suffix in {".csv", ".xlsx", ".parquet"}]
    assert not data, f"weights read data no node needs: {data}"


def test_weights_read_only_the_indicators_under_data_driven_nodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ict-network-qos has one entropy node: weigh() builds a dataset of its leaves only, and
    the weights equal those evaluate() computes from the whole dataset."""
    asked: list[Any] = []
    import qualindex.evaluate.dataset as dataset  # run.read_data imports it when called

    real = dataset.build_dataset

    def spy(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("leaves"))
        return real(*args, **kwargs)

    monkeypatch.setattr(dataset, "build_dataset", spy)
    project = load_project(CATALOG / "ict-network-qos" / "run.yaml")
    weights = weigh(project)
    entropy = next(n for n in project.index.aggregates() if n.weighting.name == "entropy")
    assert asked == [{leaf.id for leaf in project.index.leaves(entropy.id)}]
    assert len(asked[0]) < len(project.index.leaves())
    ev = evaluate(project)
    for node_id, node in weights.nodes.items():
        np.testing.assert_allclose(node.weights, ev.scores.weights.nodes[node_id].weights, 1e-12)


def test_evaluate_reads_data_once_and_reuses_given_weights(opened: Counter[Path]) -> None:
    project = load_project(CATALOG / "ict-network-qos" / "run.yaml")
    opened.clear()
    ev = evaluate(project)
    data = {p: n for p, n in opened.items() if p.suffix == ".csv"}
    assert data and all(n == 1 for n in data.values()), data
    again = evaluate(project, ev.scores.weights)
    assert again.scores.weights is ev.scores.weights
    np.testing.assert_allclose(again.composite, ev.composite, rtol=1e-12)


def _mean_allocations(path: Path, columns: list[str]) -> np.ndarray:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sums = [sum(float(r[c]) for r in rows if r[c]) for c in columns]
    counts = [sum(1 for r in rows if r[c]) for c in columns]
    means = np.array(sums) / np.array(counts)
    return means / means.sum()


IMPORTANCE = (
    "weighting: {method: importance, scale_min: 0, scale_max: 100, columns: {tangibles: W1, "
    "reliability: W2, responsiveness: W3, assurance: W4, empathy: W5}}"
)


def test_servqual_importance_recipe_evaluates_end_to_end(tmp_path: Path) -> None:
    """The catalogue's own recipe (its header comment): customers' 100-point allocations W1..W5
    weight the five dimensions (Parasuraman, Zeithaml & Berry 1988, importance-weighted
    SERVQUAL). Weights = each column's mean allocation, normalised — computed here from the
    CSV with the csv module."""
    shutil.copytree(CATALOG / "servqual-22", tmp_path / "servqual-22")
    text = (CATALOG / "servqual-22.yaml").read_text(encoding="utf-8")
    assert "\nweighting: {method: equal}\n" in text
    (tmp_path / "servqual-22.yaml").write_text(
        text.replace("\nweighting: {method: equal}\n", f"\n{IMPORTANCE}\n"), encoding="utf-8"
    )
    project = load_project(tmp_path / "servqual-22" / "run.yaml")
    ev = evaluate(project)
    root = ev.scores.weights.nodes["servqual-22"]
    want = _mean_allocations(
        tmp_path / "servqual-22" / "data" / "survey.csv", ["W1", "W2", "W3", "W4", "W5"]
    )
    np.testing.assert_allclose(root.weights, want, rtol=1e-12)
    assert root.method == "importance" and not np.isnan(ev.composite).all()
    np.testing.assert_allclose(weigh(project).nodes["servqual-22"].weights, want, rtol=1e-12)


def _importance_project(tmp: Path, table: str, layout: str) -> Path:
    (tmp / "mini.yaml").write_text(
        """qualindex: 1
id: mini
version: "1"
name: {en: Mini}
weighting: {method: importance, columns: {speed: imp_speed, care: imp_care}}
children:
  - {id: speed, name: {en: Speed}, scale: likert5, column: sat_speed}
  - {id: care, name: {en: Care}, scale: likert5, column: sat_care}
""",
        encoding="utf-8",
    )
    (tmp / "data.csv").write_text(table, encoding="utf-8")
    (tmp / "run.yaml").write_text(
        f"""qualindex: 1
index: mini.yaml
data: {{entity: shop, files: [{{path: data.csv, layout: {layout}}}]}}
""",
        encoding="utf-8",
    )
    return tmp / "run.yaml"


def test_importance_weights_from_answer_sheets_by_hand(tmp_path: Path) -> None:
    """Three answer sheets rate importance 5/3, 4/2 and 3/(blank) on 1..5: mean ratings
    4 and 2.5 (the blank skipped), so w = (4, 2.5) / 6.5 = (0.6154, 0.3846)."""
    table = "shop,sat_speed,sat_care,imp_speed,imp_care\nA,5,4,5,3\nA,4,4,4,2\nB,3,2,3,\n"
    project = load_project(_importance_project(tmp_path, table, "respondent"))
    w = weigh(project).nodes["mini"].weights
    np.testing.assert_allclose(w, [4 / 6.5, 2.5 / 6.5], rtol=1e-12)
    np.testing.assert_allclose(evaluate(project).scores.weights.nodes["mini"].weights, w)


def test_importance_weights_from_a_wide_table_of_means(tmp_path: Path) -> None:
    """A wide table carries each shop's mean importance: (4.5, 2.5) and (3.5, 1.5) give
    means 4 and 2, so w = (2/3, 1/3)."""
    table = "shop,sat_speed,sat_care,imp_speed,imp_care\nA,4.5,4,4.5,2.5\nB,3,2,3.5,1.5\n"
    project = load_project(_importance_project(tmp_path, table, "wide"))
    np.testing.assert_allclose(weigh(project).nodes["mini"].weights, [2 / 3, 1 / 3])


def test_importance_without_its_columns_names_them(tmp_path: Path) -> None:
    from qualindex.errors import JudgmentError

    table = "shop,sat_speed,sat_care,imp_speed\nA,5,4,5\n"
    project = load_project(_importance_project(tmp_path, table, "respondent"))
    with pytest.raises(JudgmentError, match="need the data columns imp_care"):
        weigh(project)


def test_run_weighting_keys_and_kernel_options_list_the_same_fields() -> None:
    """WeightingRunSpec (the YAML edge) and WeightOptions (what the kernels take) must not
    drift apart: every kernel option is a run-config key with the same default, and every
    run-config key is a kernel option unless it steers the commands only."""
    import dataclasses

    from qualindex.hierarchy.schema import WeightingRunSpec
    from qualindex.run import COMMAND_ONLY_WEIGHTING
    from qualindex.weighting.tree import WeightOptions

    kernel = {f.name: f.default for f in dataclasses.fields(WeightOptions)}
    spec = {k: f.default for k, f in WeightingRunSpec.model_fields.items()}
    assert set(kernel) == set(spec) - COMMAND_ONLY_WEIGHTING
    converted = {"cr_limit": ("auto", None)}  # "auto" in YAML is None (by matrix size)
    for name, default in kernel.items():
        yaml_default, kernel_default = converted.get(name, (default, default))
        assert spec[name] == yaml_default and default == kernel_default, name


@pytest.mark.parametrize(
    ("lang", "says"), [("en", "column: on that indicator"), ("zh", "各指标的 column:")]
)
def test_a_column_mapping_under_data_files_says_columns_belong_to_the_index(
    tmp_path: Path, lang: str, says: str
) -> None:
    """Other tools map columns per data file (``columns:``); the error names where qualindex
    keeps them (``column:`` on each indicator), located at the key."""
    from qualindex.errors import IndexFileError
    from qualindex.texts import use_lang

    run = _importance_project(tmp_path, "shop,sat_speed,sat_care\nA,5,4\n", "wide")
    text = run.read_text(encoding="utf-8").replace(
        "layout: wide}", "layout: wide, columns: {speed: sat_speed}}"
    )
    run.write_text(text, encoding="utf-8")
    with use_lang(lang), pytest.raises(IndexFileError) as caught:
        load_project(run)
    shown = str(caught.value)
    assert says in shown and "run.yaml:3:" in shown and "columns" in shown
