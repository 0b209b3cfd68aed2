"""evaluate.methods run through ``evaluate`` on a catalogue entry (network-service-quality).

Each method's per-row values must equal its kernel called directly on arrays built here from
the evaluation's own scores, raw values and weights, period by period over complete rows; the
obstacle degree must also equal its definition, the shortfall's share of the row's total.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from qualindex.errors import IndexFileError, InputError
from qualindex.evaluate.coupling import coupling_coordination
from qualindex.evaluate.grey import grey_relational
from qualindex.evaluate.obstacle import obstacle_degree
from qualindex.evaluate.ranking import competition_ranks
from qualindex.evaluate.results import Evaluation, MethodOutcome
from qualindex.evaluate.rsr import rank_sum_ratio
from qualindex.evaluate.serialize import evaluation_csv, evaluation_rows, evaluation_to_dict
from qualindex.evaluate.topsis import topsis
from qualindex.evaluate.vikor import vikor
from qualindex.run import evaluate, load_project
from qualindex.weighting.objective import entropy_weights

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "network-service-quality"
DIMS = ["attitude", "efficiency", "professionalism"]

METHODS = f"""  methods:
    - {{method: grey, rho: 0.5, reference: ideal}}
    - {{method: grey, rho: 0.3, reference: entity, entity: P01, input: raw, weights: equal}}
    - {{method: rsr, ranking: non_integer, grades: 3}}
    - {{method: rsr, ranking: integer, input: scores}}
    - {{method: coupling, systems: [{", ".join(DIMS)}], formula: standard, rescale: spssau}}
    - {{method: coupling, systems: [attitude, security], formula: wang, weights: global}}
    - {{method: vikor, v: 0.5}}
    - {{method: vikor, v: 0.3, input: raw}}
    - {{method: topsis}}
    - {{method: topsis, normalisation: minmax, input: raw}}
    - {{method: topsis, normalisation: none}}
    - {{method: entropy-topsis}}
    - {{method: entropy-topsis, entropy: minmax, normalisation: minmax, input: scores}}
    - {{method: obstacle, top: 3}}
"""


def _project_copy(tmp_path: Path, methods: str) -> Path:
    """The catalogue entry copied to ``tmp_path`` with ``methods`` under ``evaluate:``."""
    shutil.copy(ROOT / "indicators" / f"{ENTRY}.yaml", tmp_path / f"{ENTRY}.yaml")
    folder = tmp_path / ENTRY
    shutil.copytree(ROOT / "indicators" / ENTRY, folder)
    run = folder / "run.yaml"
    text = run.read_text(encoding="utf-8")
    flow = re.search(r"^evaluate: \{(.*)\}$", text, flags=re.M)
    assert flow is not None, "the entry's run.yaml changed shape; adapt this test"
    block = "evaluate:\n" + "".join(
        f"  {item.strip()}\n" for item in re.split(r",\s*(?![^{]*\})", flow.group(1))
    )
    run.write_text(text.replace(flow.group(0), block + methods.rstrip("\n")), encoding="utf-8")
    return run


@pytest.fixture(scope="module")
def ev(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    run = _project_copy(tmp_path_factory.mktemp("methods"), METHODS)
    return evaluate(load_project(run))


def _by_key(ev: Evaluation, key: str) -> MethodOutcome:
    found = [m for m in ev.compared if m.key == key]
    assert found, [m.key for m in ev.methods]
    return found[0]


def _blocks(ev: Evaluation, x: np.ndarray) -> list[np.ndarray]:
    """Per period, the rows whose inputs ``x`` are all present."""
    periods = np.asarray(ev.data.periods, dtype=object)
    out = []
    for p in ev.data.period_order:
        rows = np.flatnonzero(periods == p)
        out.append(rows[~np.isnan(x[rows]).any(axis=1)])
    return out


def _directions(ev: Evaluation) -> list[str]:
    return [ev.index.nodes[leaf].indicator.direction for leaf in ev.data.leaves]  # type: ignore[union-attr]


def _check(ev: Evaluation, key: str, x: np.ndarray, kernel, *, lower: bool = False) -> None:  # type: ignore[no-untyped-def]
    m = _by_key(ev, key)
    expected = np.full(len(ev.data), np.nan)
    computed = 0
    for rows in _blocks(ev, x):
        expected[rows] = kernel(x[rows], rows)
        computed += rows.size
    assert computed >= 6  # both quarters: the test compares real numbers, not NaN with NaN
    np.testing.assert_allclose(m.values, expected, rtol=0, atol=1e-12, equal_nan=True)
    # ranks within the period, like the composite's
    periods = list(ev.data.periods)
    for p in ev.data.period_order:
        rows = [r for r in range(len(periods)) if periods[r] == p and not np.isnan(expected[r])]
        v = -expected[rows] if lower else expected[rows]
        assert m.rank[rows].tolist() == competition_ranks(v).tolist()


def test_the_entry_has_two_periods_and_a_missing_raw_value(ev: Evaluation) -> None:
    assert len(ev.data.period_order) == 2
    assert np.isnan(ev.data.values).any(axis=1).sum() >= 1  # so "complete rows" matters
    assert len(ev.methods) == 14


def test_grey_on_scores_equals_the_kernel(ev: Evaluation) -> None:
    s, w = ev.scores.leaf_scores, ev.scores.weights.leaf_vector(ev.data.leaves)
    _check(ev, "grey", s, lambda x, rows: grey_relational(x, rho=0.5, weights=w).grades)


def test_grey_on_raw_data_with_an_entity_reference_equals_the_kernel(ev: Evaluation) -> None:
    x, d = ev.data.values, _directions(ev)

    def kernel(block: np.ndarray, rows: np.ndarray) -> np.ndarray:
        ref = [ev.data.entities[r] for r in rows].index("P01")
        return grey_relational(
            block, reference="entity", reference_index=ref, directions=d, rho=0.3
        ).grades

    _check(ev, "grey-2", x, kernel)
    p01 = [r for r, e in enumerate(ev.data.entities) if e == "P01"]
    assert np.allclose(_by_key(ev, "grey-2").values[p01], 1.0)  # its own grade is 1


def test_rsr_on_raw_data_equals_the_kernel_with_grades(ev: Evaluation) -> None:
    x, d = ev.data.values, _directions(ev)
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    _check(
        ev,
        "rsr",
        x,
        lambda b, rows: rank_sum_ratio(b, d, ranking="non_integer", weights=w).rsr,
    )
    m = _by_key(ev, "rsr")
    for rows in _blocks(ev, x):
        res = rank_sum_ratio(x[rows], d, ranking="non_integer", weights=w, n_grades=3)
        assert m.grade[rows].tolist() == res.grades.tolist()
        np.testing.assert_allclose(m.extra["fitted"][rows], res.fitted, atol=1e-12)
    assert [lv[1] for lv in m.levels] == ["1/3", "2/3", "3/3"]


def test_rsr_on_scores_equals_the_kernel(ev: Evaluation) -> None:
    s = ev.scores.leaf_scores
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    up = ["higher"] * s.shape[1]
    _check(ev, "rsr-2", s, lambda b, rows: rank_sum_ratio(b, up, weights=w).rsr)


def test_coupling_of_three_dimensions_equals_the_kernel(ev: Evaluation) -> None:
    u = np.column_stack([ev.scores.nodes[d] / 100.0 for d in DIMS])
    _check(
        ev,
        "coupling",
        u,
        lambda b, rows: coupling_coordination(b, formula="standard", rescale="spssau").D,
    )
    m = _by_key(ev, "coupling")
    for rows in _blocks(ev, u):
        res = coupling_coordination(u[rows], formula="standard", rescale="spssau")
        assert m.grade[rows].tolist() == res.level.tolist()
        np.testing.assert_allclose(m.extra["C"][rows], res.C, atol=1e-12)
        np.testing.assert_allclose(m.extra["T"][rows], res.T, atol=1e-12)
    assert m.levels[9] == ("优质协调", "high-quality coordination")


def test_coupling_with_the_dimensions_global_weights_equals_the_kernel(ev: Evaluation) -> None:
    pair = ["attitude", "security"]
    u = np.column_stack([ev.scores.nodes[d] / 100.0 for d in pair])
    gw = np.array([ev.scores.weights.global_weights[d] for d in pair])
    _check(
        ev, "coupling-2", u, lambda b, rows: coupling_coordination(b, weights=gw, formula="wang").D
    )


def test_vikor_on_scores_and_raw_equals_the_kernel(ev: Evaluation) -> None:
    s, x, d = ev.scores.leaf_scores, ev.data.values, _directions(ev)
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    up = ["higher"] * s.shape[1]
    _check(ev, "vikor", s, lambda b, rows: vikor(b, w, up, v=0.5).Q, lower=True)
    _check(ev, "vikor-2", x, lambda b, rows: vikor(b, w, d, v=0.3).Q, lower=True)
    m = _by_key(ev, "vikor")
    for rows in _blocks(ev, s):
        assert m.rank[rows].tolist() == vikor(s[rows], w, up, v=0.5).rank_q.tolist()


def test_topsis_variants_equal_the_kernel(ev: Evaluation) -> None:
    s, x, d = ev.scores.leaf_scores, ev.data.values, _directions(ev)
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    up = ["higher"] * s.shape[1]
    _check(ev, "topsis", s, lambda b, rows: topsis(b, w, up).closeness)
    _check(ev, "topsis-2", x, lambda b, rows: topsis(b, w, d, normalisation="minmax").closeness)
    _check(ev, "topsis-3", s, lambda b, rows: topsis(b, w, up, normalisation="none").closeness)
    # the default method (on scores, vector) is today's TOPSIS column
    np.testing.assert_allclose(_by_key(ev, "topsis").values, ev.topsis, atol=1e-12, equal_nan=True)


def test_entropy_topsis_uses_entropy_weights_of_the_raw_data(ev: Evaluation) -> None:
    x, d = ev.data.values, _directions(ev)

    def kernel(b: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return topsis(b, entropy_weights(b).weights, d).closeness

    _check(ev, "entropy-topsis", x, kernel)
    m = _by_key(ev, "entropy-topsis")
    for p, rows in zip(ev.data.period_order, _blocks(ev, x), strict=True):
        np.testing.assert_allclose(m.weights[p], entropy_weights(x[rows]).weights, atol=1e-12)
    s = ev.scores.leaf_scores
    up = ["higher"] * s.shape[1]

    def on_scores(b: np.ndarray, rows: np.ndarray) -> np.ndarray:
        ew = entropy_weights(b, directions=np.ones(b.shape[1]), normalisation="minmax").weights
        return topsis(b, ew, up, normalisation="minmax").closeness

    _check(ev, "entropy-topsis-2", s, on_scores)


def test_obstacle_degree_equals_the_kernel_and_the_shortfall_share(ev: Evaluation) -> None:
    ob = ev.obstacle
    assert ob is not None
    s = ev.scores.leaf_scores
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    complete = ~np.isnan(s).any(axis=1)
    assert complete.sum() >= 6
    res = obstacle_degree(s[complete], w, scale=100.0)
    np.testing.assert_allclose(ob.degrees[complete], res.degrees, atol=1e-12)
    # 障碍度 is the shortfall's share: weight x (100 - score) over the row's total
    share = ev.shortfall / np.nansum(ev.shortfall, axis=1, keepdims=True)
    np.testing.assert_allclose(ob.degrees, share, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(np.nansum(ob.degrees, axis=1), 1.0, atol=1e-12)
    # a dimension's degree is the sum over its leaves
    for j, dim in enumerate(ob.dimensions):
        cols = [ev.data.leaves.index(leaf.id) for leaf in ev.index.leaves(dim)]
        np.testing.assert_allclose(
            ob.dimension_degrees[:, j], np.nansum(ob.degrees[:, cols], axis=1), atol=1e-12
        )
    # its order is the shortfall's (the improvement list puts "concentrate here" first, then
    # orders by the same quantity)
    for r in range(len(ev.data)):
        top = [leaf for leaf, _ in ob.top(r)]
        lost = np.nan_to_num(ev.shortfall[r], nan=-1.0)
        by_shortfall = [ev.data.leaves[j] for j in np.argsort(-lost, kind="stable")]
        assert top == by_shortfall[: len(top)]


def test_json_has_a_methods_section_with_the_variant_settings(ev: Evaluation) -> None:
    doc = json.loads(json.dumps(evaluation_to_dict(ev), allow_nan=False))
    entries = {e["key"]: e for e in doc["methods"]}
    assert list(entries)[:3] == ["grey", "grey-2", "rsr"]
    assert entries["grey"]["settings"] == {
        "rho": 0.5,
        "reference": "ideal",
        "entity": None,
        "input": "scores",
        "weights": "global",
    }
    assert entries["vikor"]["better"] == "lower"
    m = _by_key(ev, "coupling")
    rows = entries["coupling"]["rows"]
    assert [row["value"] for row in rows] == pytest.approx(m.values.tolist())
    assert rows[0]["grade"]["of"] == 10 and set(rows[0]["extra"]) == {"C", "T"}
    ob = entries["obstacle"]["rows"][0]
    assert set(ob) == {"entity", "period", "indicators", "dimensions", "top"}
    assert len(ob["top"]) <= 3


def test_csv_has_a_value_and_rank_column_per_method(ev: Evaluation) -> None:
    text = evaluation_csv(ev, bom=False).decode("utf-8")
    header = text.splitlines()[0].replace('"', "").split(",")
    for key in ("grey", "rsr", "coupling", "vikor", "topsis-2", "entropy-topsis"):
        assert f"{key}_value" in header and f"{key}_rank" in header
    assert "rsr_grade" in header and "coupling_grade" in header and "obstacle_first" in header
    assert "topsis" in header  # today's column is kept beside the configured method's
    rows = evaluation_rows(ev)
    got = [np.nan if r["vikor_value"] is None else r["vikor_value"] for r in rows]
    assert got == pytest.approx(_by_key(ev, "vikor").values.tolist(), nan_ok=True)


def test_without_methods_nothing_changes(tmp_path: Path) -> None:
    run = _project_copy(tmp_path, "")
    ev = evaluate(load_project(run))
    assert ev.methods == () and ev.obstacle is None
    assert "methods" not in evaluation_to_dict(ev)  # the JSON of such runs is unchanged
    assert not any(k.endswith("_value") for k in evaluation_rows(ev)[0])


BAD_NAME = "  methods:\n    - {method: grey}\n    - {method: vikro, v: 0.5}\n"


def _line_of(run: Path, text: str) -> int:
    """The 1-based line of ``run`` that holds ``text``."""
    lines = run.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_bad_method_name_is_located_at_its_run_yaml_line(tmp_path: Path) -> None:
    run = _project_copy(tmp_path, BAD_NAME)
    line = _line_of(run, "vikro")
    with pytest.raises(IndexFileError) as info:
        load_project(run)
    message = str(info.value)
    assert f"run.yaml:{line}:" in message
    assert "evaluate.methods[1]" in message and "did you mean 'vikor'" in message


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("{method: grey, rho: 2}", "rho"),
        ("{method: rsr, grades: 9}", "grades"),
        ("{method: topsis, normalisation: sum}", "normalisation"),
        ("{method: vikor, q: 0.5}", "q"),
        ("{method: grey, reference: entity}", "entity"),
    ],
)
def test_a_bad_method_setting_is_located(tmp_path: Path, entry: str, words: str) -> None:
    run = _project_copy(tmp_path, f"  methods:\n    - {entry}\n")
    line = _line_of(run, entry)
    with pytest.raises(IndexFileError) as info:
        load_project(run)
    assert f"run.yaml:{line}:" in str(info.value) and words in str(info.value)


def test_coupling_systems_must_be_level_one_dimensions(tmp_path: Path) -> None:
    typo = "  methods:\n    - {method: coupling, systems: [atitude, security]}"
    run = _project_copy(tmp_path, typo)
    with pytest.raises(InputError, match=r"'atitude'.*did you mean 'attitude'"):
        evaluate(load_project(run))


def test_topsis_without_normalisation_follows_the_definition() -> None:
    """normalisation="none": v = w x, ideal = column best by direction (hand computation)."""
    X = np.array([[3.0, 10.0], [1.0, 30.0], [2.0, 20.0]])
    w = np.array([0.5, 0.5])
    res = topsis(X, w, ["higher", "lower"], normalisation="none")
    v = X * w  # [[1.5, 5], [0.5, 15], [1, 10]]; ideal (1.5, 5), anti-ideal (0.5, 15)
    d_plus = np.sqrt(((v - [1.5, 5.0]) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - [0.5, 15.0]) ** 2).sum(axis=1))
    np.testing.assert_allclose(res.closeness, d_minus / (d_plus + d_minus), atol=1e-15)
    assert res.closeness.tolist()[:2] == [1.0, 0.0]
    np.testing.assert_allclose(res.closeness[2], 0.5, atol=1e-15)


def test_rows_left_out_are_noted_once_per_period(ev: Evaluation) -> None:
    missing = np.isnan(ev.data.values).any(axis=1)
    periods = {ev.data.periods[r] for r in np.flatnonzero(missing)}
    lines = [n for n in ev.notes if "missing input left out" in n]
    assert len(lines) == len(periods)
    raw = [m.key for m in ev.compared if getattr(m.spec, "input", "scores") == "raw"]
    assert raw and all(f"{key} " in lines[0] for key in raw)
    assert _by_key(ev, "grey-2").left_out  # raw input: the row with a missing value is left out
