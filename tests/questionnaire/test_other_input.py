"""Importance scores, familiarity and bases, survey-platform tables, the Delphi second round,
fewer questions at large nodes, and the two commands."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import JudgmentError
from qualindex.hierarchy.judgments import load_judgments
from qualindex.hierarchy.model import Expert, JudgmentSet, Location, Text, frozen_map
from qualindex.questionnaire import build_questionnaire, collect, write_questionnaires
from qualindex.questionnaire.delphi import own_answer, score_stats
from qualindex.questionnaire.structure import AskedNode, pair_text
from qualindex.questionnaire.subset import spanning_subset, subset_cost
from qualindex.run import load_project, weigh
from qualindex.weighting.expert import expert_score_weights
from qualindex.weighting.incomplete import judgment_components

from .fill import fill_xlsx, from_judgments, meta

ROOT = Path(__file__).parents[2]
NSQ = ROOT / "indicators" / "network-service-quality"
INDEX = ROOT / "indicators" / "network-service-quality.yaml"
HAND = sorted((NSQ / "judgments").glob("*.yaml"))
runner = CliRunner()

SCORED = """\
qualindex: 1
id: scored
version: "3"
name: {zh: 打分体系, en: Scored index}
weighting: {method: expert-scores}
children:
  - {id: a, name: {zh: 甲, en: A}, unit: "%", direction: higher, threshold: 1, target: 2}
  - {id: b, name: {zh: 乙, en: B}, unit: "%", direction: higher, threshold: 1, target: 2}
  - {id: c, name: {zh: 丙, en: C}, unit: "%", direction: higher, threshold: 1, target: 2}
"""


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    path = tmp_path / "scored.yaml"
    path.write_text(SCORED, encoding="utf-8")
    return path


def test_importance_scores_on_0_100_are_asked_checked_and_weighted(
    scored: Path, tmp_path: Path
) -> None:
    project = load_project(scored)
    paths = write_questionnaires(project, tmp_path / "q", experts=["e1", "e2"], score_scale="0-100")
    given_scores = {"e1": {"a": 80, "b": 60, "c": 100}, "e2": {"a": 70, "b": 90, "c": 50.5}}
    for path, eid in zip(paths, ("e1", "e2"), strict=True):
        fill_xlsx(path, lambda *_: None, scores=lambda node, child, e=eid: given_scores[e][child])
    result = collect(paths, project, tmp_path / "j")
    w = weigh(load_project(scored, list(result.written)))
    expected = expert_score_weights([[80, 60, 100], [70, 90, 50.5]])
    np.testing.assert_allclose([w.global_weights[c] for c in "abc"], expected, rtol=0, atol=1e-15)
    # a blank and an out-of-scale score are refused, located
    bad = write_questionnaires(project, tmp_path / "bad", experts=["e3"], score_scale="0-100")[0]
    fill_xlsx(bad, lambda *_: None, scores=lambda node, child: {"a": None, "b": 120}.get(child, 5))
    with pytest.raises(JudgmentError) as exc:
        collect([bad], project, tmp_path / "j3")
    errors = [str(p) for p in exc.value.problems]
    assert errors[0] == f"{bad}: sheet '1 打分体系', cell D5: no importance score for a"
    assert errors[1] == f"{bad}: sheet '1 打分体系', cell D6: b: 120 is outside 0-100"
    # the scale is part of the structure: a 1-9 questionnaire is not a 0-100 one
    assert (
        build_questionnaire(project, score_scale="1-9").structure
        != build_questionnaire(project, score_scale="0-100").structure
    )


def _table(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _survey_rows(negative: str) -> list[dict[str, object]]:
    """The three hand-written experts as a survey platform exports them: signed numbers."""
    project = load_project(INDEX)
    q = build_questionnaire(project)
    rows = []
    for jset in load_judgments(HAND, project.index):
        row: dict[str, object] = {"submitted": "2026-07-01 10:00", "expert": jset.expert.id}
        for node in q.nodes:
            for a, b in node.pair_ids():
                v = own_answer(jset, node, a, b)
                assert v is not None
                first = v >= 1  # the first element is (at least equally) more important
                k = round(v if first else 1 / v)
                row[f"{a}_vs_{b}"] = k if (first == (negative == "second")) or k == 1 else -k
        rows.append(row)
    return rows


@pytest.mark.parametrize("negative", ["first", "second"])
def test_a_survey_table_collects_into_the_hand_written_weights(
    tmp_path: Path, negative: str
) -> None:
    table = _table(tmp_path / "wjx.csv", _survey_rows(negative))
    project = load_project(INDEX)
    result = collect([table], project, tmp_path / "j", negative=negative)
    assert sorted(p.name for p in result.written) == ["li.yaml", "wang.yaml", "zhang.yaml"]
    w = weigh(load_project(INDEX, list(result.written)))
    assert dict(w.global_weights) == dict(weigh(load_project(INDEX, HAND)).global_weights)


def test_a_survey_table_with_blanks_or_no_sign_rule_is_refused_by_row_and_column(
    tmp_path: Path,
) -> None:
    rows = _survey_rows("second")
    rows[1]["attitude_vs_efficiency"] = ""
    rows[2]["expert"] = "li"
    table = _table(tmp_path / "wjx.csv", rows)
    project = load_project(INDEX)
    with pytest.raises(JudgmentError) as exc:
        collect([table], project, tmp_path / "j")
    errors = [str(p) for p in exc.value.problems]
    assert errors[0].startswith(f"{table}:2:3: column 'attitude_vs_efficiency': attitude vs ")
    assert "which element a signed number favours is not known (give --negative first" in errors[0]
    assert any(e.startswith(f"{table}:3:3: column 'attitude_vs_efficiency': ") and "no answer" in e
               for e in errors)  # fmt: skip
    assert errors[-1].startswith(f"{table}:4:2: column 'expert': expert 'li' is given twice")


def test_score_quartiles_are_hyndman_fan_type_7() -> None:
    # R: quantile(1:10) -> 25% 3.25, 50% 5.50, 75% 7.75 (type 7, R's default)
    sets = [
        JudgmentSet(Expert(f"e{k}"), Location("x"), scores=frozen_map({"n": frozen_map({"a": k})}))
        for k in range(1, 11)
    ]
    stats = score_stats(sets, AskedNode("n", Text(en="n"), "scores", ()), "a")
    assert stats is not None
    assert (stats.q1, stats.median, stats.q3, stats.m) == (3.25, 5.5, 7.75, 10)


def test_the_delphi_round_shows_the_group_next_to_the_experts_own_answer(tmp_path: Path) -> None:
    run = load_project(NSQ / "run.yaml")
    (path,) = write_questionnaires(run, tmp_path, experts=["li"], delphi=True)
    assert path.name == "network-service-quality-li-round2.xlsx"
    wb = openpyxl.load_workbook(path)
    m = meta(wb)
    assert m["round"] == 2
    entry = m["nodes"][0]
    ws = wb[entry["sheet"]]
    r = entry["first_row"]  # attitude vs efficiency
    sets = {s.expert.id: s for s in run.judgments}
    node = build_questionnaire(run).nodes[0]
    values = [own_answer(sets[e], node, "attitude", "efficiency") for e in ("li", "wang", "zhang")]
    assert values == [1 / 3, 1 / 2, 1 / 2]  # as the three files give them
    # type-7 quartiles of ln a over (1/3, 1/2, 1/2): Q1 halfway between ln 1/3 and ln 1/2,
    # median and Q3 at ln 1/2; mapped back by exp
    q1, med, q3 = np.exp(np.percentile(np.log(values), [25, 50, 75]))
    assert (q1, med, q3) == pytest.approx((np.sqrt(1 / 6), 1 / 2, 1 / 2), rel=1e-12)
    assert ws.cell(r - 1, 6).value == "您第一轮的回答"
    assert ws.cell(r, 6).value == ws.cell(r, 4).value == "B 稍微重要 (3)"  # own answer, filled in
    assert ws.cell(r, 7).value == pair_text(med, "zh") == "B 同等~稍微 (2)"
    assert (ws.cell(r, 8).value, ws.cell(r, 9).value) == ("B 2.45", "B 同等~稍微 (2)")
    # the prefilled round-2 file collects as it is (against the index: round 1 is elsewhere)
    result = collect([path], load_project(INDEX), tmp_path / "round2")
    (jset,) = load_judgments(result.written, run.index)
    assert own_answer(jset, node, "attitude", "efficiency") == pytest.approx(1 / 3, abs=1e-15)


def test_kirchhoff_index_of_the_star_and_the_complete_graph_klein_randic_1993() -> None:
    # Klein & Randic (1993), Resistance distance, J. Math. Chem. 12: Kf(K_n) = n - 1 and
    # Kf(star) = (n - 1)^2, Kf = n tr(L+); so the star's variance is n - 1 times the full one's
    for n in range(3, 12):
        star = spanning_subset(n, 0)
        assert star == tuple((0, j) for j in range(1, n))
        cost = subset_cost(n, star)
        assert cost.variance_ratio == pytest.approx(n - 1, rel=1e-12)
        assert (cost.asked, cost.total, cost.cycles) == (n - 1, n * (n - 1) // 2, 0)
        full = spanning_subset(n, n * n)
        assert len(full) == n * (n - 1) // 2
        assert subset_cost(n, full).variance_ratio == pytest.approx(1.0, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 9), st.integers(0, 12))
def test_a_subset_is_connected_and_more_pairs_never_cost_precision(n: int, k: int) -> None:
    pairs = spanning_subset(n, k)
    assert len(pairs) == min(n - 1 + k, n * (n - 1) // 2)
    assert len(set(pairs)) == len(pairs) and all(i < j for i, j in pairs)
    m = np.full((n, n), np.nan)
    np.fill_diagonal(m, 1.0)
    for i, j in pairs:
        m[i, j] = m[j, i] = 1.0
    assert len(judgment_components(m)) == 1
    more = spanning_subset(n, k + 1)
    assert set(pairs) <= set(more)
    assert subset_cost(n, more).variance_ratio <= subset_cost(n, pairs).variance_ratio + 1e-12


def test_fewer_questions_need_a_completion_method(tmp_path: Path) -> None:
    project = load_project(INDEX)
    with pytest.raises(JudgmentError) as exc:
        build_questionnaire(project, subset=1)
    (problem,) = exc.value.problems
    assert "node 'network-service-quality' would be asked 5 of its 10 pairs" in problem.message
    assert "incomplete: lambda-optimal" in (problem.fix or "")


def test_the_commands_write_collect_and_refuse(tmp_path: Path) -> None:
    made = runner.invoke(
        app, ["questionnaire", str(INDEX), "--experts", "li", "-o", str(tmp_path / "q")]
    )
    assert made.exit_code == 0, made.output
    path = tmp_path / "q" / "network-service-quality-li.xlsx"
    project = load_project(INDEX)
    hand = {s.expert.id: s for s in load_judgments(HAND, project.index)}
    fill_xlsx(path, from_judgments(hand["li"], build_questionnaire(project)))
    args = ["collect", str(path), "--run", str(INDEX), "-o", str(tmp_path / "j")]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "li (" in done.stdout and "network-service-quality CR 0.015 <= 0.10" in done.stdout
    assert "every expert is within the CR limit" in done.stdout
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "li.yaml exists; collect never overwrites" in again.output
    assert "Traceback" not in again.output


def test_the_shipped_survey_export_is_the_three_experts_judgments(tmp_path: Path) -> None:
    # indicators/network-service-quality/answers/survey-export.csv (the README's example):
    # li, wang and zhang as a survey platform exports them, negative numbers for the second
    export = NSQ / "answers" / "survey-export.csv"
    result = collect([export], load_project(INDEX), tmp_path / "j", negative="second")
    w = weigh(load_project(INDEX, list(result.written)))
    assert dict(w.global_weights) == dict(weigh(load_project(INDEX, HAND)).global_weights)
