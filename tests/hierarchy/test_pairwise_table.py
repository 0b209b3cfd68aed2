"""Survey-style pairwise answers: ahpsurvey's signed coding, A/B + value columns, located
errors, and a round trip against judgment files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qualindex.errors import InputError
from qualindex.hierarchy import load_index
from qualindex.hierarchy.judgments import load_judgments
from qualindex.hierarchy.load import load_presets
from qualindex.hierarchy.pairwise_table import parse_pairwise_table, to_judgment_sets
from qualindex.weighting.ahp import ahp
from qualindex.weighting.diagnose import format_judgment
from qualindex.weighting.tree import pairwise_stack

ROOT = Path(__file__).resolve().parents[2]
CITY = ["cult", "fam", "house", "jobs", "trans"]
CITY_HEADER = [
    "cult_fam", "cult_house", "cult_jobs", "cult_trans", "fam_house", "fam_jobs", "fam_trans",
    "house_jobs", "house_trans", "jobs_trans",
]  # fmt: skip


def _city_rows(count: int) -> list[tuple[int, list[str]]]:
    lines = (ROOT / "tests" / "data" / "ahpsurvey_city200.csv").read_text().splitlines()
    assert lines[0].split(",") == CITY_HEADER
    return [(r + 2, line.split(",")) for r, line in enumerate(lines[1 : count + 1])]


def _matrix(answers: tuple, kids: list[str]) -> np.ndarray:
    pos = {c: i for i, c in enumerate(kids)}
    a = np.eye(len(kids))
    for p in answers:
        a[pos[p.a], pos[p.b]], a[pos[p.b], pos[p.a]] = p.value, 1 / p.value
    return a


def test_signed_coding_ahpsurvey_city200_negative_favours_first() -> None:
    """ahpsurvey README: ``ahp(city200, negconvert = TRUE)`` (a negative answer means the
    left attribute is more important) gives respondent 1 the priorities 0.1709466 0.4587181
    0.08547330 0.2507636 0.03409845 (eigenvector; ahpsurvey iterates 11 times)."""
    table = parse_pairwise_table(
        CITY_HEADER, _city_rows(2), nodes={"city": CITY}, coding="signed", negative="first"
    )
    assert table.ok and len(table.respondents) == 2 and table.negative == "first"
    first = table.respondents[0]
    assert first.id == "row2" and first.row == 2
    a = _matrix(first.answers, CITY)
    assert a[0, 1] == 1 / 2 and a[0, 4] == 6  # "2" in cult_fam: fam 2x; "-6": cult 6x trans
    np.testing.assert_allclose(
        ahp(a).weights, [0.1709466, 0.4587181, 0.08547330, 0.2507636, 0.03409845], rtol=1e-6
    )
    other = parse_pairwise_table(
        CITY_HEADER, _city_rows(2), nodes={"city": CITY}, negative="second"
    )
    np.testing.assert_allclose(_matrix(other.respondents[0].answers, CITY), a.T, rtol=1e-15)


def test_ab_coding_with_chinese_and_english_labels() -> None:
    header = [
        "编号",
        "a_b.choice",
        "a_b.value",
        "a_c.choice",
        "a_c.value",
        "b_c.choice",
        "b_c.value",
    ]
    rows = [
        (2, ["s1", "a", "明显重要", "后者", "3", "equal", ""]),
        (3, ["s2", "B", "strong", "c", "1/3", "", ""]),
    ]
    table = parse_pairwise_table(
        header, rows, nodes={"n": ["a", "b", "c"]}, coding="ab", id_column="编号",
        labels=load_presets().saaty_labels,
    )  # fmt: skip
    (s1,) = [r for r in table.respondents if r.id == "s1"]
    assert [(p.a, p.b, p.value) for p in s1.answers] == [
        ("a", "b", 5.0), ("a", "c", 1 / 3), ("b", "c", 1.0),
    ]  # fmt: skip
    (problem,) = table.problems  # "1/3": the direction belongs in the choice column
    assert (problem.row, problem.column, problem.header) == (3, 5, "a_c.value")
    assert "is not 1-9 or a known verbal label" in problem.message
    assert str(problem).startswith("row 3, column 5 ('a_c.value'): '1/3'")


def test_located_errors_per_cell_and_blanks_are_unanswered() -> None:
    header = ["id", "time", "x_y", "x_z", "y_z"]
    rows = [(2, ["p1", "9:00", "3", "", "-2"]), (3, ["p2", "9:05", "0", "12", "abc"])]
    table = parse_pairwise_table(
        header, rows, nodes={"n": ["x", "y", "z"]}, negative="second", id_column="id"
    )
    assert table.ignored == ("time",)
    assert [(p.row, p.column, p.value) for p in table.problems] == [
        (3, 3, "0"), (3, 4, "12"), (3, 5, "abc"),
    ]  # fmt: skip
    assert "0 is not on the signed scale" in table.problems[0].message
    (p1,) = table.respondents
    assert [(a.a, a.b, a.value) for a in p1.answers] == [("x", "y", 3.0), ("y", "z", 0.5)]
    with pytest.raises(InputError, match=r"survey.csv: 3 problem\(s\): row 3, column 3"):
        to_judgment_sets(table, source="survey.csv")


def test_headers_split_only_between_sibling_ids() -> None:
    kids = ["response_time", "first_contact_resolution", "speed"]
    header = ["response_time_first_contact_resolution", "speed vs response_time", "speed|speed"]
    table = parse_pairwise_table(header, [(2, ["2", "-3", "4"])], nodes={"eff": kids},
                                 negative="second")  # fmt: skip
    assert [(c.a, c.b) for c in table.columns] == [
        ("response_time", "first_contact_resolution"), ("speed", "response_time"),
    ]  # fmt: skip
    assert table.ignored == ("speed|speed",) and table.ok
    ambiguous = parse_pairwise_table(
        ["a_b_c"], [], nodes={"n": ["a", "b_c", "a_b", "c"]}, negative="second"
    )
    assert "header is ambiguous" in ambiguous.problems[0].message
    twice = parse_pairwise_table(["a_b", "b vs a"], [], nodes={"n": ["a", "b"]}, negative="first")
    assert "also in column 1" in twice.problems[0].message
    lonely = parse_pairwise_table(["a_b.choice"], [], nodes={"n": ["a", "b"]}, coding="ab")
    assert "choice column without its value column" in lonely.problems[0].message


def test_options_are_checked() -> None:
    with pytest.raises(InputError, match="say which element a negative answer favours"):
        parse_pairwise_table(["a_b"], [], nodes={"n": ["a", "b"]})
    with pytest.raises(InputError, match="coding = 'wide' is not one of 'signed', 'ab'"):
        parse_pairwise_table(["a_b"], [], nodes={"n": ["a", "b"]}, coding="wide")
    dup = parse_pairwise_table(
        ["id", "a_b"], [(2, ["r", "2"]), (3, ["r", "3"])], nodes={"n": ["a", "b"]},
        negative="second", id_column="id",
    )  # fmt: skip
    assert "also on row 2" in dup.problems[0].message


def test_round_trip_judgment_files_and_signed_table_give_identical_matrices(
    tmp_path: Path,
) -> None:
    """The same answers written as judgment files (one per expert) and as one signed-column
    table (a row per expert) load to identical pairwise matrices at every AHP node."""
    index = load_index(ROOT / "indicators" / "network-service-quality.yaml")
    nodes = [n for n in index.aggregates() if n.weighting is not None and n.weighting.name == "ahp"]
    rng = np.random.default_rng(12)
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9]
    header, rows, files = ["expert"], [], []
    for node in nodes:
        kids = node.children
        header += [f"{a} vs {b}" for i, a in enumerate(kids) for b in kids[i + 1 :]]
    for e in range(3):
        lines = [
            "qualindex: 1",
            f"expert: {{id: e{e}}}",
            f"index: {index.id}@{index.version}",
            "pairwise:",
        ]
        cells = [f"e{e}"]
        for node in nodes:
            kids = node.children
            lines.append(f"  {node.id}:")
            for i, a in enumerate(kids):
                for b in kids[i + 1 :]:
                    v = float(rng.choice(scale))
                    lines.append(f'    - [{a}, {b}, "{format_judgment(v)}"]')
                    cells.append(str(round(v)) if v >= 1 else str(-round(1 / v)))
        path = tmp_path / f"e{e}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
        rows.append((e + 2, cells))
    from_files = load_judgments(files, index)
    table = parse_pairwise_table(
        header, rows, nodes={n.id: n.children for n in nodes}, negative="second",
        id_column="expert",
    )  # fmt: skip
    assert table.ok, table.problems
    from_table = to_judgment_sets(table, source="answers.csv")
    assert [s.expert.id for s in from_table] == [s.expert.id for s in from_files]
    assert from_table[0].pairwise[nodes[0].id][0].loc.line == 2
    for node in nodes:
        a, _ = pairwise_stack(node, from_files)
        b, _ = pairwise_stack(node, from_table)
        np.testing.assert_allclose(b, a, rtol=1e-15)
