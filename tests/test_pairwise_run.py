"""Survey-style pairwise answers in a run configuration's ``judgments:`` (issue 12, item 5)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from qualindex.errors import JudgmentError, QualindexError
from qualindex.run import load_project, weigh

KIDS = ("speed", "care", "price")
# two respondents' answers per pair, as Saaty values a_ab of (a, b)
ANSWERS = {
    "r1": {
        ("speed", "care"): 3,
        ("speed", "price"): Fraction(1, 2),
        ("care", "price"): Fraction(1, 4),
    },
    "r2": {("speed", "care"): 5, ("speed", "price"): 2, ("care", "price"): Fraction(1, 3)},
}


def _index(tmp: Path) -> None:
    leaves = "\n".join(
        f"  - {{id: {c}, name: {{en: {c}}}, column: {c}, scale: likert5}}" for c in KIDS
    )
    (tmp / "idx.yaml").write_text(
        'qualindex: 1\nid: shop\nversion: "1"\nname: {en: Shop}\nweighting: {method: ahp}\n'
        f"children:\n{leaves}\n",
        encoding="utf-8",
    )


def _signed(value: Fraction | int) -> int:
    """negative: first -> a negative answer favours the first element (a_ab = |x|)."""
    v = Fraction(value)
    return -int(v) if v > 1 else (1 if v == 1 else int(1 / v))


def test_judgment_files_and_a_signed_table_give_identical_weights(tmp_path: Path) -> None:
    _index(tmp_path)
    for rid, pairs in ANSWERS.items():
        body = ", ".join(f'[{a}, {b}, "{v}"]' for (a, b), v in pairs.items())
        (tmp_path / f"{rid}.yaml").write_text(
            f"qualindex: 1\nexpert: {{id: {rid}}}\npairwise:\n  shop: [{body}]\n", encoding="utf-8"
        )
    (tmp_path / "files.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments: ['r*.yaml']\n", encoding="utf-8"
    )
    header = ["respondent", *(f"{a}_vs_{b}" for a, b in ANSWERS["r1"])]
    lines = [",".join(header)] + [
        ",".join([rid.removeprefix("r"), *(str(_signed(v)) for v in pairs.values())])
        for rid, pairs in ANSWERS.items()
    ]
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "table.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments:\n"
        "  - {table: answers.csv, coding: signed, negative: first, id_column: respondent, "
        "id_prefix: r}\n",
        encoding="utf-8",
    )
    by_files = weigh(load_project(tmp_path / "files.yaml")).nodes["shop"]
    project = load_project(tmp_path / "table.yaml")
    by_table = weigh(project).nodes["shop"]
    assert [s.expert.id for s in project.judgments] == ["r1", "r2"]
    np.testing.assert_array_equal(by_table.weights, by_files.weights)
    assert by_table.cr == by_files.cr
    assert [x.expert for x in by_table.experts] == ["r1", "r2"]
    assert tmp_path / "answers.csv" in project.inputs
    # the other sign convention reverses every judgment, and so the order of the weights
    (tmp_path / "second.yaml").write_text(
        (tmp_path / "table.yaml").read_text("utf-8").replace("first", "second"), encoding="utf-8"
    )
    flipped = weigh(load_project(tmp_path / "second.yaml")).nodes["shop"]
    assert np.argmax(flipped.weights) != np.argmax(by_table.weights)


def test_mixed_globs_and_tables(tmp_path: Path) -> None:
    _index(tmp_path)
    (tmp_path / "lee.yaml").write_text(
        "qualindex: 1\nexpert: {id: lee}\npairwise:\n  shop: [[speed, care, 2], [speed, price, 2], "
        "[care, price, 1]]\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text("speed_care,speed_price,care_price\n-3,2,4\n", encoding="utf-8")
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments:\n  - lee.yaml\n"
        "  - {table: a.csv, negative: second}\n",
        encoding="utf-8",
    )
    project = load_project(tmp_path / "run.yaml")
    assert [s.expert.id for s in project.judgments] == ["lee", "row2"]
    pair = {(p.a, p.b): p.value for p in project.judgments[1].pairwise["shop"]}
    assert pair == {("speed", "care"): 1 / 3, ("speed", "price"): 2.0, ("care", "price"): 4.0}


def test_bad_cells_are_located_each(tmp_path: Path) -> None:
    _index(tmp_path)
    (tmp_path / "a.csv").write_text(
        "id,speed_vs_care,speed_vs_price,care_vs_price\n1,3,0,2\n2,abc,2,12\n", encoding="utf-8"
    )
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\n"
        "judgments: [{table: a.csv, coding: signed, negative: first, id_column: id}]\n",
        encoding="utf-8",
    )
    with pytest.raises(JudgmentError) as exc:
        load_project(tmp_path / "run.yaml")
    where = sorted((p.line, p.col) for p in exc.value.problems)
    assert where == [(2, 3), (3, 2), (3, 4)]
    assert all(p.file is not None and p.file.endswith("a.csv") for p in exc.value.problems)


def test_signed_coding_needs_the_sign_convention(tmp_path: Path) -> None:
    _index(tmp_path)
    (tmp_path / "a.csv").write_text("speed_care\n3\n", encoding="utf-8")
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments: [{table: a.csv}]\n", encoding="utf-8"
    )
    with pytest.raises(QualindexError, match="negative"):
        load_project(tmp_path / "run.yaml")


def test_a_missing_table_is_reported(tmp_path: Path) -> None:
    _index(tmp_path)
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments: [{table: nope.csv, negative: first}]\n",
        encoding="utf-8",
    )
    with pytest.raises(QualindexError, match=r"nope\.csv"):
        load_project(tmp_path / "run.yaml")


def test_a_table_without_pair_columns_is_an_error(tmp_path: Path) -> None:
    _index(tmp_path)
    (tmp_path / "a.csv").write_text("when,who\n1,2\n", encoding="utf-8")
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: idx.yaml\njudgments: [{table: a.csv, negative: first}]\n",
        encoding="utf-8",
    )
    with pytest.raises(JudgmentError, match="no column names a pair"):
        load_project(tmp_path / "run.yaml")
