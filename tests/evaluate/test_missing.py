"""Missing data you can see: coverage from the leaves, every policy, every output marks it.

The index: root = (p, q) equal; p = (p1, p2) equal; p1 = (a, b) equal; p2, q = one leaf each.
Leaves are scored by goalposts 0..100, so a value is its own score and every number below
is worked by hand.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from qualindex.errors import DataError
from qualindex.evaluate.serialize import evaluation_rows, evaluation_to_dict
from qualindex.report import write_report
from qualindex.run import evaluate, load_project


def _leaf(i: str) -> dict[str, Any]:
    return {
        "id": i,
        "name": {"en": i},
        "unit": "%",
        "direction": "higher",
        "scoring": {"method": "goalposts", "lo": 0, "hi": 100},
    }


def _index(missing: dict[str, Any] | None = None) -> dict[str, Any]:
    p1: dict[str, Any] = {"id": "p1", "name": {"en": "P1"}, "children": [_leaf("a"), _leaf("b")]}
    if missing:
        p1["missing"] = missing
    return {
        "qualindex": 1,
        "id": "root",
        "version": "1",
        "name": {"en": "Root"},
        "children": [
            {
                "id": "p",
                "name": {"en": "P"},
                "children": [p1, {"id": "p2", "name": {"en": "P2"}, "children": [_leaf("c")]}],
            },
            {"id": "q", "name": {"en": "Q"}, "children": [_leaf("d")]},
        ],
    }


# H1 measures everything; H2 has no value for `a` in 2026 (it had 40 in 2025).
DATA = (
    "h,year,a,b,c,d\n"
    "H1,2025,80,60,70,90\nH2,2025,40,50,60,70\nH1,2026,90,70,80,100\nH2,2026,,50,60,70\n"
)


def _project(tmp: Path, index: dict[str, Any], evaluate_: dict[str, Any] | None = None) -> Path:
    (tmp / "idx.yaml").write_text(yaml.safe_dump(index, allow_unicode=True), encoding="utf-8")
    (tmp / "data.csv").write_text(DATA, encoding="utf-8")
    config: dict[str, Any] = {
        "qualindex": 1,
        "index": "idx.yaml",
        "data": {"entity": "h", "period": "year", "files": [{"path": "data.csv"}]},
        "report": {"lang": "en"},
    }
    if evaluate_:
        config["evaluate"] = evaluate_
    (tmp / "run.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp / "run.yaml"


H2_2026 = 3  # the row of the blank


def test_one_blank_leaf_never_empties_the_root(tmp_path: Path) -> None:
    """p1 has half its weight (0.5) and is left empty (< 65 %); p has 0.5·0.5 + 0.5 = 0.75
    of its weight measured and root 0.5·0.75 + 0.5 = 0.875, so both keep a score, computed
    from the present children: p = p2 = 60, root = (60 + 70)/2 = 65."""
    ev = evaluate(load_project(_project(tmp_path, _index())))
    cov = {k: float(v[H2_2026]) for k, v in ev.scores.coverage.items()}
    assert cov == {"p1": 0.5, "p2": 1.0, "p": 0.75, "q": 1.0, "root": 0.875}
    assert np.isnan(ev.scores.nodes["p1"][H2_2026])
    assert ev.scores.nodes["p"][H2_2026] == 60.0 and ev.composite[H2_2026] == 65.0
    assert ev.rank[H2_2026] == 2  # still ranked
    doc = evaluation_to_dict(ev)
    row = doc["rows"][H2_2026]
    assert row["excluded"] == ["p1"] and row["coverage"]["root"] == 0.875
    assert doc["missing"]["rules"]["p1"] == {
        "policy": "reweight",
        "min_coverage": 0.65,
        "source": "default",
        "stated_at": None,
    }
    assert any("qualindex's default rule applied" in n for n in ev.notes)
    assert any("p1: H2 (2026) left empty: only 50%" in n for n in ev.notes)


# policy -> the score `a` gets for H2 in 2026 (hand-worked). Means and medians are taken
# within the period: in 2026 only H1 has `a` (90).
FILLS = {"impute-mean": 90.0, "impute-median": 90.0, "carry-forward": 40.0, "zero": 0.0}


@pytest.mark.parametrize("policy", sorted(FILLS))
def test_every_filled_cell_is_marked_in_every_output(tmp_path: Path, policy: str) -> None:
    project = load_project(_project(tmp_path, _index({"policy": policy})))
    ev = evaluate(project)
    want = FILLS[policy]
    a = ev.data.leaves.index("a")
    assert ev.scores.leaf_scores[H2_2026, a] == pytest.approx(want)
    assert ev.scores.nodes["p1"][H2_2026] == pytest.approx((want + 50) / 2)
    assert ev.scores.coverage["p1"][H2_2026] == 0.5  # filled, not measured
    # JSON: the indicator says how it was filled; the others say None
    row = evaluation_to_dict(ev)["rows"][H2_2026]
    marks = {i["id"]: i["imputed"] for i in row["indicators"]}
    assert marks == {"a": policy, "b": None, "c": None, "d": None}
    assert row["indicators"][a]["value"] is None and row["imputed"] == {"a": policy}
    assert evaluation_to_dict(ev)["missing"]["imputed_cells"] == 1
    # CSV
    flat = evaluation_rows(ev)
    assert flat[H2_2026]["imputed"] == f"a: {policy}" and flat[0]["imputed"] == ""
    text = io.StringIO()
    csv.DictWriter(text, fieldnames=list(flat[0])).writeheader()
    assert "imputed" in text.getvalue()
    # terminal / JSON notes
    assert any(f"missing values filled by {policy}: a ×1" in n for n in ev.notes)
    # xlsx: the filled cell has a comment naming the policy; HTML: a marked span + footnote
    book = load_workbook(write_report(project, ev, tmp_path / "r.xlsx", lang="en"))
    comments = [
        c.comment.text for ws in book.worksheets for r in ws.iter_rows() for c in r if c.comment
    ]
    assert comments and all(policy in c for c in comments)
    html = write_report(project, ev, tmp_path / "r.html", lang="en").read_text("utf-8")
    assert f'class="filled" title="a: {policy}"' in html  # p rests on a filled score
    assert "were not measured but filled by the missing-value rule" in html
    zh = write_report(project, ev, tmp_path / "zh.html", lang="zh").read_text("utf-8")
    assert "并非实测" in zh


def test_impute_baseline_uses_the_baselines_score(tmp_path: Path) -> None:
    index = _index({"policy": "impute-baseline"})
    index["children"][0]["children"][0]["children"][0]["baseline"] = 75
    ev = evaluate(load_project(_project(tmp_path, index)))
    assert ev.scores.leaf_scores[H2_2026, 0] == 75.0
    assert ev.scores.imputed["a"][0] == "impute-baseline"


@pytest.mark.parametrize(("baseline", "score"), [(65, 50.0), (30, 0.0), (120, 100.0)])
def test_impute_baseline_on_min_max_uses_every_rows_bounds(
    tmp_path: Path, baseline: float, score: float
) -> None:
    """`a` is min-max scored: observed 80, 40, 90 (H2 2026 blank), so a baseline of 65
    scores 100 (65 - 40)/(90 - 40) = 50; outside [40, 90] it scores 0 or 100, the score of
    the worst and best observed rows (scored alone, a single value has no min-max)."""
    index = _index({"policy": "impute-baseline"})
    leaf = index["children"][0]["children"][0]["children"][0]
    leaf.update(baseline=baseline, scoring={"method": "minmax"})
    ev = evaluate(load_project(_project(tmp_path, index)))
    assert ev.scores.leaf_scores[H2_2026, 0] == pytest.approx(score, abs=1e-12)
    assert ev.scores.imputed["a"][0] == "impute-baseline"


def test_impute_baseline_on_z_scores_uses_every_rows_moments(tmp_path: Path) -> None:
    """T-score 50 + 10 (b - mean)/sd over the observed 80, 40, 90: mean 70, sd 26.458."""
    index = _index({"policy": "impute-baseline"})
    leaf = index["children"][0]["children"][0]["children"][0]
    leaf.update(baseline=75, scoring={"method": "zscore"})
    ev = evaluate(load_project(_project(tmp_path, index)))
    sd = float(np.std([80, 40, 90], ddof=1))
    assert ev.scores.leaf_scores[H2_2026, 0] == pytest.approx(50 + 10 * (75 - 70) / sd, abs=1e-12)


@pytest.mark.parametrize("method", ["rank", "relative"])
def test_impute_baseline_refuses_scorings_relative_to_other_entities(
    tmp_path: Path, method: str
) -> None:
    index = _index({"policy": "impute-baseline"})
    leaf = index["children"][0]["children"][0]["children"][0]
    leaf.update(baseline=65, scoring={"method": method})
    with pytest.raises(DataError, match=rf"'a' is scored by '{method}'.*impute-mean"):
        evaluate(load_project(_project(tmp_path, index)))


def test_fail_refuses_and_names_the_cell(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, _index({"policy": "fail"})))
    with pytest.raises(DataError, match=r"H2 \(2026\) has no score for 'a' under 'p1'"):
        evaluate(project)


def test_the_run_configs_rule_overrides_the_index_and_says_so(tmp_path: Path) -> None:
    """The index asks for mean imputation at p1; the run config says reweight at 60 %:
    the run config wins at every node, the note says so and the audit names 0.6."""
    run = _project(
        tmp_path,
        _index({"policy": "impute-mean"}),
        {"missing": {"policy": "reweight", "min_coverage": 0.6}},
    )
    project = load_project(run)
    ev = evaluate(project)
    assert not ev.scores.imputed and "p1" in ev.scores.excluded
    rules = evaluation_to_dict(ev)["missing"]["rules"]
    assert {r["source"] for r in rules.values()} == {"run config"}
    assert {r["min_coverage"] for r in rules.values()} == {0.6}
    assert any("instead of the index's own rules at p1" in n for n in ev.notes)
    md = write_report(project, ev, tmp_path / "r.md", lang="en").read_text("utf-8")
    assert "reweight (min_coverage 0.6)" in md
    doc = json.loads(json.dumps(evaluation_to_dict(ev)))
    assert "left empty" in " ".join(doc["notes"]) and "60%, run config" in " ".join(doc["notes"])


def test_a_coverage_just_under_its_minimum_never_reads_as_the_minimum() -> None:
    """A hospital with 64.5 % of a dimension's weight measured was "left empty: only 65% of
    its weight has data (minimum 65%)"; the share now shows the decimals that tell."""
    from qualindex.core import percent_against

    assert percent_against(0.6451, 0.65) == ("64.5%", "65%")  # the walk's access node
    assert percent_against(0.649, 0.65) == ("64.9%", "65%")
    assert percent_against(0.4, 0.65) == ("40%", "65%")
    assert percent_against(0.6499999, 0.65)[0] not in ("65%", "65.0%", "65.00%")


@given(st.floats(0, 1), st.floats(0.01, 1))
def test_percent_against_reads_true(share: float, minimum: float) -> None:
    from qualindex.core import percent_against

    shown, _ = percent_against(share, minimum)
    value, s, m = float(shown.rstrip("%")), share * 100, minimum * 100
    assert (value > m) == (s > m) and (value == m) == (s == m)


@pytest.mark.parametrize("blank", [10, 11, 40])
def test_many_rows_left_empty_at_a_node_are_counted_in_one_note(tmp_path: Path, blank: int) -> None:
    """Up to ten rows left empty at a node get a note each; past ten, one note says how
    many, the range of their shares and the first five (a million rows would otherwise be
    a million notes on the terminal and in every report). Every row's node left empty is
    still in the rows output (``excluded``)."""
    lines = ["h,year,a,b,c,d"]
    for i in range(60):  # H0 … H{blank-1} have no `a`: p1 has half its weight measured
        lines.append(f"H{i},2026,{'' if i < blank else 50 + i % 40},{30 + i % 50},60,70")
    run = _project(tmp_path, _index())
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ev = evaluate(load_project(run))
    notes = [n for n in ev.notes if n.startswith("p1:")]
    rows = evaluation_to_dict(ev)["rows"]
    assert [r["entity"] for r in rows if r["excluded"] == ["p1"]] == [f"H{i}" for i in range(blank)]
    if blank <= 10:
        assert notes == [
            f"p1: H{i} (2026) left empty: only 50% of its weight has data (minimum 65%, default)"
            for i in range(blank)
        ]
        return
    assert notes == [
        f"p1: {blank} rows left empty, with only 50% of its weight measured (minimum 65%, "
        "default): H0 (2026), H1 (2026), H2 (2026), H3 (2026), H4 (2026) and "
        f"{blank - 5} more; the 'excluded' column of the rows output names every row's"
    ]
    (note,) = (n for n in ev.notes if n.startswith("p1:"))
    assert note.code == "evaluate.left_empty_rows"  # type: ignore[attr-defined]
    assert note.params["count"] == blank  # type: ignore[attr-defined]  (a number for programs)
