"""Whole evaluation runs: FCE from respondent answers, missing values, ACSI, invariants."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import DataError
from qualindex.evaluate.survey import acsi_index
from qualindex.run import AdHocData
from tests.helpers import run_project

from .test_dataset import GOOD, INDEX, _evaluate, _project

ROOT = Path(__file__).parents[2]
# Seed digest §4: 1,000 respondents, satisfied / neutral / dissatisfied per dimension
SEED = {
    "attitude": (683, 202, 115),
    "efficiency": (456, 321, 223),
    "professionalism": (629, 247, 124),
    "security": (705, 183, 112),
    "reliability": (694, 206, 100),
}
SEED_WEIGHTS = {
    "attitude": 0.25,
    "efficiency": 0.20,
    "professionalism": 0.20,
    "security": 0.15,
    "reliability": 0.20,
}


def _seed_project(tmp_path: Path) -> tuple[Path, Path]:
    index = {
        "qualindex": 1,
        "id": "seed",
        "version": "1",
        "name": {"zh": "网络服务满意度"},
        "weighting": {"method": "direct", "weights": SEED_WEIGHTS},
        "children": [
            {
                "id": d,
                "name": {"en": d},
                "children": [
                    {"id": f"{d}_sat", "name": {"en": d}, "direction": "higher", "scale": "sat3"}
                ],
            }
            for d in SEED
        ],
    }
    columns = {f"{d}_sat": [3] * s + [2] * n + [1] * x for d, (s, n, x) in SEED.items()}
    lines = ["who," + ",".join(columns)]
    lines += [f"industry,{','.join(str(c[i]) for c in columns.values())}" for i in range(1000)]
    return _project(tmp_path, "\n".join(lines) + "\n", index)


def test_fce_of_the_seed_digest_survey_table(tmp_path: Path) -> None:
    """Seed digest §4 (1,000 respondents) with dimension weights A = (.25, .20, .20, .15, .20)
    and M(·,⊕):  B = A·R, worked by hand:
      satisfied    .25·.683 + .20·.456 + .20·.629 + .15·.705 + .20·.694 = .63230
      neutral      .25·.202 + .20·.321 + .20·.247 + .15·.183 + .20·.206 = .23275
      dissatisfied .25·.115 + .20·.223 + .20·.124 + .15·.112 + .20·.100 = .13495
    Maximum membership: 满意 (satisfied).  Score with the sat3 grade values 100/60/20:
    63.230 + 13.965 + 2.699 = 79.894, which must equal the weighted-mean composite.
    Efficiency (45.6 % satisfied) is the short board, as the document concludes."""
    path, data = _seed_project(tmp_path)
    _, ev = run_project(path, data=AdHocData((data,), "who", layout="respondent"))
    assert ev.fce is not None and ev.fce.grades == ("满意", "一般", "不满意")
    np.testing.assert_allclose(ev.fce.b[0], [0.63230, 0.23275, 0.13495], atol=5e-6)
    assert ev.fce.grade[0] == "满意"
    assert ev.fce.score[0] == pytest.approx(79.894, abs=5e-4)
    assert ev.composite[0] == pytest.approx(79.894, abs=5e-4)
    assert ev.short_board[0] == "efficiency"


MISSING = "op,availability,latency,sat\nA,99.9,40,5\nB,,40,5\nC,,,5\n"


def _with_missing(policy: str, min_coverage: float = 0.65) -> dict[str, Any]:
    return {**INDEX, "missing": {"policy": policy, "min_coverage": min_coverage}}


def test_missing_reweights_and_leaves_low_coverage_empty(tmp_path: Path) -> None:
    _, ev = _evaluate(*_project(tmp_path, MISSING, _with_missing("reweight", 0.4)))
    net = ev.scores.nodes["net"]
    assert net[1] == pytest.approx(100.0)  # availability missing: latency carries 50 %
    assert ev.scores.coverage["net"][1] == pytest.approx(0.5)
    assert np.isnan(net[2]) and any("C left empty" in n for n in ev.notes)
    assert ev.composite[2] == pytest.approx(100.0)  # root reweights to 'care' (50 % >= 40 %)
    _, strict = _evaluate(*_project(tmp_path, MISSING, _with_missing("reweight", 0.65)))
    assert np.isnan(strict.scores.nodes["net"][1])  # 50 % < 65 %: left empty, reported
    assert any("B left empty: only 50% of its weight" in n for n in strict.notes)


def test_missing_fail_policy_names_entity_and_indicator(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="B has no score for 'availability' under 'net'"):
        _evaluate(*_project(tmp_path, MISSING, _with_missing("fail")))


def test_missing_impute_baseline_uses_the_baseline_score(tmp_path: Path) -> None:
    _, ev = _evaluate(*_project(tmp_path, MISSING, _with_missing("impute-baseline", 0.1)))
    baseline_score = 60 + (99.5 - 99.0) / (99.9 - 99.0) * 40
    assert ev.scores.nodes["net"][1] == pytest.approx((baseline_score + 100) / 2)


def test_acsi_index_equals_weighted_mean_on_the_acsi10_scale(tmp_path: Path) -> None:
    """Fornell et al. (1996): ACSI = Σ w_i (x̄_i − 1) / 9 × 100.  Scoring each 1-10 item by
    the acsi10 scale ((x − 1)/9 × 100) and taking the weighted mean is the same formula."""
    weights = {"overall": 0.40, "expectation": 0.35, "ideal": 0.25}
    index = {
        "qualindex": 1,
        "id": "acsi",
        "version": "1",
        "name": {"en": "ACSI"},
        "weighting": {"method": "direct", "weights": weights},
        "children": [
            {"id": k, "name": {"en": k}, "direction": "higher", "scale": "acsi10"} for k in weights
        ],
    }
    rng = np.random.default_rng(7)
    answers = rng.integers(1, 11, size=(50, 3))
    csv = "op,overall,expectation,ideal\n" + "".join(f"F,{a},{b},{c}\n" for a, b, c in answers)
    path, data = _project(tmp_path, csv, index)
    _, ev = _evaluate(path, data, layout="respondent")
    expected = acsi_index(answers.mean(axis=0), list(weights.values()))
    assert ev.composite[0] == pytest.approx(expected, rel=1e-9)


values = st.tuples(st.floats(98.0, 100.0), st.floats(10.0, 200.0), st.integers(1, 5))


@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=2, max_size=6), st.randoms(use_true_random=False))
def test_row_order_does_not_change_results(
    tmp_path_factory: Any, rows: list[tuple[float, float, int]], rnd: Any
) -> None:
    lines = [f"E{i},{a},{b},{c}" for i, (a, b, c) in enumerate(rows)]
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    results = []
    for body in (lines, shuffled):
        tmp = tmp_path_factory.mktemp("r")
        _, ev = _evaluate(*_project(tmp, "op,availability,latency,sat\n" + "\n".join(body)))
        results.append(dict(zip(ev.data.entities, ev.composite.tolist(), strict=True)))
        assert np.all((ev.composite >= 0) & (ev.composite <= 100))
    assert results[0] == pytest.approx(results[1])


@settings(max_examples=40, deadline=None)
@given(values, st.floats(0.0, 2.0))
def test_improving_a_benefit_indicator_never_lowers_the_composite(
    tmp_path_factory: Any, row: tuple[float, float, int], gain: float
) -> None:
    a, b, c = row
    tmp = tmp_path_factory.mktemp("m")
    body = f"op,availability,latency,sat\nX,{a},{b},{c}\nY,{min(a + gain, 100.0)},{b},{c}\n"
    _, ev = _evaluate(*_project(tmp, body))
    assert ev.composite[1] >= ev.composite[0] - 1e-12


def test_cli_json_csv_and_refusal_to_overwrite_inputs(tmp_path: Path) -> None:
    path, data = _project(tmp_path, GOOD)
    runner = CliRunner()
    base = ["evaluate", str(path), "--data", str(data), "--entity", "op"]
    result = runner.invoke(app, [*base, "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["rows"][0]["entity"] == "A" and doc["rows"][0]["grade"]["zh"] == "优秀"
    assert {"rows", "weights", "groups", "notes", "warnings", "index"} <= set(doc)
    out = tmp_path / "scores.csv"
    assert runner.invoke(app, [*base, "--format", "csv", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 right only with the BOM
    header = next(csv.reader(io.StringIO(text[1:])))
    assert header[:4] == ["entity", "label", "period", "composite"]
    before = data.read_text()
    result = runner.invoke(app, [*base, "--format", "csv", "-o", str(data)])
    assert result.exit_code == 1 and "over an input" in result.output
    assert data.read_text() == before


def test_catalogue_example_runs_from_its_run_config() -> None:
    run = ROOT / "indicators" / "network-service-quality" / "run.yaml"
    project, ev = run_project(run)
    assert len(set(ev.data.entities)) >= 3 and len(set(ev.data.periods)) == 2
    assert not np.isnan(ev.composite).any()
    assert ev.scores.weights.nodes[project.index.id].method == "ahp"
    assert len(ev.scores.weights.nodes[project.index.id].experts) >= 3


def test_survey_screening_reverse_items_and_reliability(tmp_path: Path) -> None:
    index = {
        "qualindex": 1,
        "id": "s",
        "version": "1",
        "name": {"en": "S"},
        "children": [
            {
                "id": "dim",
                "name": {"en": "Dim"},
                "children": [
                    {
                        "id": f"q{i}",
                        "name": {"en": f"Q{i}"},
                        "direction": "higher",
                        "scale": "likert5",
                        **({"reverse": True} if i == 3 else {}),
                    }
                    for i in (1, 2, 3)
                ],
            }
        ],
    }
    rows = ["op,q1,q2,q3", "A,5,4,1", "A,4,4,2", "A,2,1,5", "A,3,,", "B,1,2,4", "B,5,5,1"]
    _project(tmp_path, "\n".join(rows) + "\n", index)
    run = tmp_path / "run.yaml"
    run.write_text(
        "qualindex: 1\nindex: mini.yaml\ndata: {entity: op, files: [{path: data.csv, "
        "layout: respondent}]}\nevaluate: {survey: {max_blank_share: 0.5, top_box: 1}}\n",
        encoding="utf-8",
    )
    _, ev = run_project(run)
    assert any("1 of 6 answer sheets left out" in n for n in ev.notes)
    assert ev.survey is not None
    q3 = next(i for i in ev.survey.items if i.item == "q3")
    assert q3.n == 5 and q3.mean == pytest.approx((5 + 4 + 1 + 2 + 5) / 5)  # reversed: 6 - x
    assert q3.top_box == pytest.approx(2 / 5)
    (rel,) = ev.survey.reliability
    answers = np.array([[5, 4, 5], [4, 4, 4], [2, 1, 1], [1, 2, 2], [5, 5, 5]], dtype=float)
    k = 3
    total = answers.sum(axis=1)
    alpha = k / (k - 1) * (1 - answers.var(axis=0, ddof=1).sum() / total.var(ddof=1))
    assert rel.node == "dim" and rel.alpha == pytest.approx(alpha) and rel.n_used == 5


def test_fce_operator_from_the_run_config_max_min(tmp_path: Path) -> None:
    """The seed table with M(∧,∨), worked by hand: b_j = max_i min(a_i, r_ij), then
    normalised.  b = (max(.25, .2, .2, .15, .2), max(.202, .2, .2, .15, .2),
    max(.115, .2, .124, .112, .1)) = (.25, .202, .2); sum .652 ->
    (.383436, .309816, .306748)."""
    _seed_project(tmp_path)
    run = tmp_path / "run.yaml"
    run.write_text(
        "qualindex: 1\nindex: mini.yaml\ndata: {entity: who, files: [{path: data.csv, "
        "layout: respondent}]}\nevaluate: {fce_operator: min-max}\n",
        encoding="utf-8",
    )
    _, ev = run_project(run)
    assert ev.fce is not None
    np.testing.assert_allclose(ev.fce.b[0], [0.383436, 0.309816, 0.306748], atol=5e-7)


def test_ipa_is_scale_centred_unless_the_run_config_says_data(tmp_path: Path) -> None:
    """The example's index grades with cn-5, so the performance cut is the pass mark 60 and
    the importance cut 1/k; P04 (the weakest provider) has indicators below 60 and every one
    of them that is important comes first on its list, before any "keep up the good work".
    ``report.ipa: data`` cuts each row at its own means (Martilla & James 1977) instead."""
    nsq = ROOT / "indicators" / "network-service-quality"
    _, ev = run_project(nsq / "run.yaml")
    k = len(ev.data.leaves)
    assert ev.ipa == "scale" and ev.ipa_cuts == pytest.approx((1 / k, 60.0))
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    for r in range(len(ev.data)):
        listed = ev.priorities[r]
        quadrants = [p.quadrant for p in listed]
        tail = quadrants[quadrants.count("concentrate_here") :]
        assert "concentrate_here" not in tail  # all of them first
        for p in listed:
            j = ev.data.leaves.index(p.indicator)
            high_i, high_p = w[j] >= 1 / k, p.score >= 60.0
            assert (p.quadrant == "concentrate_here") == (high_i and not high_p)
    p04 = [r for r in range(len(ev.data)) if ev.data.entities[r] == "P04"]
    assert all(ev.priorities[r][0].quadrant == "concentrate_here" for r in p04)

    shutil.copytree(nsq, tmp_path / nsq.name)
    shutil.copy(nsq.with_suffix(".yaml"), tmp_path)
    run = tmp_path / nsq.name / "run.yaml"
    text = run.read_text(encoding="utf-8")
    run.write_text(text.replace("report: {lang: zh", "report: {ipa: data, lang: zh"), "utf-8")
    _, by_data = run_project(run)
    assert by_data.ipa == "data" and by_data.ipa_cuts is None
    assert [p.quadrant for p in by_data.priorities[p04[-1]]] != [
        p.quadrant for p in ev.priorities[p04[-1]]
    ]
