"""Decision models end to end: YAML -> ``qualindex rank`` -> the published numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import QualindexError
from qualindex.run import load_project

DATA = Path(__file__).parent / "data" / "decision"
runner = CliRunner()


def rank_json(target: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["rank", str(target), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def priorities(doc: dict[str, Any]) -> dict[str, float]:
    return {a["id"]: a["priority"] for a in doc["alternatives"]}


def test_ahpy_choosing_a_leader() -> None:
    """AHPy README, "Choosing a leader" (random_index='saaty', precision=3), after
    Wikipedia's "Analytic hierarchy process - leader example":
    target weights Nell 0.493, Moll 0.358, Sue 0.15; Experience local Nell 0.717,
    Moll 0.217, Sue 0.066 with CR 0.035; Education CR 0.062; criteria 0.548 / 0.127 /
    0.27 / 0.056 with CR 0.044."""
    doc = rank_json(DATA / "leader" / "run.yaml")
    p = priorities(doc)
    assert round(p["Nell"], 3) == 0.493 and round(p["Moll"], 3) == 0.358
    # Wikipedia's leader example prints Dick (Nell) .493, Tom (Moll) .358, Harry (Sue) .149;
    # AHPy prints Sue 0.15 because it composes its *rounded* local weights (precision=3
    # inside the algorithm: 0.1495 -> 0.15)
    assert round(p["Sue"], 3) == 0.149
    crit = {c["criterion"]: c for c in doc["criteria"]}
    exp = crit["Experience"]
    assert {k: round(v, 3) for k, v in exp["local"].items()} == {
        "Moll": 0.217,
        "Nell": 0.717,
        "Sue": 0.066,
    }
    assert round(exp["experts"][0]["cr"], 3) == 0.035
    assert round(crit["Education"]["experts"][0]["cr"], 3) == 0.062
    weights = {k: round(c["weight"], 3) for k, c in crit.items()}
    assert weights == {"Experience": 0.548, "Education": 0.127, "Charisma": 0.27, "Age": 0.056}
    assert [a["rank"] for a in doc["alternatives"]] == [2, 1, 3]
    out = runner.invoke(app, ["weights", str(DATA / "leader" / "run.yaml"), "--format", "json"])
    root = json.loads(out.stdout)["nodes"][0]
    assert round(root["cr"], 3) == 0.044


def test_ahpy_purchasing_a_vehicle() -> None:
    """AHPy README, "Purchasing a vehicle" (Donegan-Dodd RI, precision=3): Odyssey 0.219,
    Accord Sedan 0.215, CR-V 0.167, Accord Hybrid 0.15, Element 0.144, Pilot 0.106;
    criteria Cost 0.51, Safety 0.234, Capacity 0.215, Style 0.041 with CR 0.08.
    Uneven depth: Safety and Style are leaves on level 1, the others on level 2."""
    doc = rank_json(DATA / "vehicle" / "run.yaml")
    p = {k: round(v, 3) for k, v in priorities(doc).items()}
    assert p == {
        "odyssey": 0.219,
        "accord_sedan": 0.215,
        "crv": 0.167,
        "accord_hybrid": 0.15,
        "element": 0.144,
        "pilot": 0.106,
    }
    w = runner.invoke(app, ["weights", str(DATA / "vehicle" / "run.yaml"), "--format", "json"])
    nodes = {n["id"]: n for n in json.loads(w.stdout)["nodes"]}
    got = {k: round(nodes[k]["global"], 3) for k in ("cost", "safety", "capacity", "style")}
    assert got == {"cost": 0.51, "safety": 0.234, "capacity": 0.215, "style": 0.041}
    assert round(nodes["purchasing-a-vehicle"]["cr"], 3) == 0.08
    # contributions add up to each alternative's priority
    for a in doc["alternatives"]:
        assert sum(a["contributions"].values()) == pytest.approx(a["priority"], abs=1e-12)


def test_belton_gear_1983_rank_reversal_distributive_not_ideal() -> None:
    """Belton & Gear (1983), Omega 11(3): A 0.45, B 0.47, C 0.08; adding D, a copy of B,
    gives A 0.37, B 0.29, C 0.06, D 0.29 -- B and A swap in the distributive mode.
    The ideal mode keeps B ahead of A (Saaty & Vargas' remedy)."""
    before = priorities(rank_json(DATA / "belton_gear" / "abc.yaml"))
    after = priorities(rank_json(DATA / "belton_gear" / "abcd.yaml"))
    assert {k: round(v, 2) for k, v in before.items()} == {"A": 0.45, "B": 0.47, "C": 0.08}
    assert {k: round(v, 2) for k, v in after.items()} == {
        "A": 0.37,
        "B": 0.29,
        "C": 0.06,
        "D": 0.29,
    }
    assert before["B"] > before["A"] and after["A"] > after["B"]
    ideal_before = rank_json(DATA / "belton_gear" / "abc.yaml", "--mode", "ideal")
    ideal_after = rank_json(DATA / "belton_gear" / "abcd.yaml", "--mode", "ideal")
    score = {a["id"]: a["score"] for a in ideal_after["alternatives"]}
    assert score["B"] == score["D"] > score["A"]
    # ideal scores: A (1/9 + 1 + 8/9)/3 = 2/3 and B (1 + 1/9 + 1)/3 = 19/27, with or without D
    for doc in (ideal_before, ideal_after):
        s = {a["id"]: a["score"] for a in doc["alternatives"]}
        assert s["A"] == pytest.approx(2 / 3, abs=1e-12)
        assert s["B"] == pytest.approx(19 / 27, abs=1e-12)


def test_judged_and_measured_alternatives_in_one_command() -> None:
    """Price and delivery measured (a data file), quality judged pairwise, service rated."""
    target = DATA / "mixed" / "run.yaml"
    doc = rank_json(target)
    crit = {c["criterion"]: c for c in doc["criteria"]}
    assert [c["method"] for c in doc["criteria"]] == ["measured", "measured", "pairwise", "ratings"]
    # price is lower-is-better: 1/x normalised
    inv = 1 / np.array([100.0, 125.0, 80.0])
    assert list(crit["price"]["local"].values()) == pytest.approx(list(inv / inv.sum()), abs=1e-12)
    on_time = np.array([95.0, 90.0, 85.0])
    got = list(crit["delivery"]["local"].values())
    assert got == pytest.approx(list(on_time / on_time.sum()), abs=1e-12)
    # the consistent matrix 2, 4, 2 gives 4/7, 2/7, 1/7
    assert list(crit["quality"]["local"].values()) == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert list(crit["service"]["local"].values()) == pytest.approx([0.6, 1.0, 0.3])
    assert crit["service"]["absolute"] is True
    assert sum(priorities(doc).values()) == pytest.approx(1.0, abs=1e-12)
    table = runner.invoke(app, ["rank", str(target), "--lang", "en"])
    assert table.exit_code == 0 and "Supplier 1" in table.stdout
    csv = runner.invoke(app, ["rank", str(target), "--format", "csv", "--mode", "ideal"])
    assert csv.stdout.splitlines()[0].startswith("alternative,name,rank,priority,score")


def test_ratings_ideal_mode_keeps_absolute_intensities() -> None:
    """Saaty's absolute measurement: in ideal mode a rated criterion is not re-idealised
    (nobody rated 优 under a criterion keeps every score below that criterion's weight)."""
    project = load_project(DATA / "mixed" / "run.yaml")
    from qualindex.decision import decide

    d = decide(project, mode="ideal")
    k = [c.criterion for c in d.criteria].index("service")
    assert d.synthesis.used[k].tolist() == pytest.approx([0.6, 1.0, 0.3])
    d2 = decide(project, mode="distributive")
    assert d2.synthesis.used[k].tolist() == pytest.approx([0.6 / 1.9, 1 / 1.9, 0.3 / 1.9])


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_pair_of_alternatives_is_located(tmp_path: Path) -> None:
    idx = (DATA / "leader" / "leader.yaml").read_text(encoding="utf-8")
    _write(tmp_path, "leader.yaml", idx)
    board = (DATA / "leader" / "judgments" / "board.yaml").read_text(encoding="utf-8")
    board = board.replace("[Moll, Sue, 4], ", "")
    j = _write(tmp_path, "board.yaml", board)
    result = runner.invoke(app, ["rank", str(tmp_path / "leader.yaml"), "-j", str(j)])
    assert result.exit_code == 1
    assert "board.yaml:" in result.output and "(Moll, Sue)" in result.output
    assert "incomplete: lambda-optimal" in result.output


def test_incomplete_alternatives_are_completed_and_said(tmp_path: Path) -> None:
    idx = (DATA / "leader" / "leader.yaml").read_text(encoding="utf-8")
    idx = idx.replace(
        "{id: Experience, name: {en: Experience, zh: 经验}, assess: {method: pairwise}}",
        "{id: Experience, name: {en: Experience}, assess: {method: pairwise, "
        "incomplete: lambda-optimal}}",
    )
    _write(tmp_path, "leader.yaml", idx)
    board = (DATA / "leader" / "judgments" / "board.yaml").read_text(encoding="utf-8")
    j = _write(tmp_path, "board.yaml", board.replace("[Moll, Sue, 4], ", ""))
    result = runner.invoke(app, ["rank", str(tmp_path / "leader.yaml"), "-j", str(j)])
    assert result.exit_code == 0, result.output
    assert "1 missing judgment(s) of alternatives filled by lambda-optimal" in result.output
    doc = json.loads(
        runner.invoke(
            app, ["rank", str(tmp_path / "leader.yaml"), "-j", str(j), "--format", "json"]
        ).stdout
    )
    exp = next(c for c in doc["criteria"] if c["criterion"] == "Experience")
    assert exp["experts"][0]["filled"] == 1 and exp["notes"]
    # λ-optimal completion of a 3x3 with one gap makes it consistent: Moll/Sue = 1/4 * 9
    assert exp["local"]["Moll"] / exp["local"]["Sue"] == pytest.approx(9 / 4, rel=1e-6)


def test_unknown_alternative_in_judgments_is_located(tmp_path: Path) -> None:
    _write(tmp_path, "leader.yaml", (DATA / "leader" / "leader.yaml").read_text("utf-8"))
    board = (DATA / "leader" / "judgments" / "board.yaml").read_text(encoding="utf-8")
    j = _write(tmp_path, "board.yaml", board.replace("[Moll, Nell, 5]", "[Mol, Nell, 5]"))
    result = runner.invoke(app, ["rank", str(tmp_path / "leader.yaml"), "-j", str(j)])
    assert result.exit_code == 1
    assert "board.yaml:15:15" in result.output and "'Mol' is not an alternative" in result.output
    assert "Moll" in result.output


def test_leaf_without_assess_and_index_without_alternatives_are_refused(tmp_path: Path) -> None:
    idx = (DATA / "leader" / "leader.yaml").read_text(encoding="utf-8")
    bad = _write(
        tmp_path,
        "a.yaml",
        idx.replace(
            ", assess: {method: pairwise}}",
            ", unit: x, direction: higher, scoring: {method: minmax}}",
            1,
        ),
    )
    board = (DATA / "leader" / "judgments" / "board.yaml").read_text(encoding="utf-8")
    j = _write(
        tmp_path,
        "board.yaml",
        "\n".join(line for line in board.splitlines() if not line.startswith("  Experience:")),
    )
    with pytest.raises(QualindexError, match="without assess: Experience"):
        from qualindex.decision import decide

        decide(load_project(bad, [j]))
    with_judgments = runner.invoke(
        app, ["rank", str(bad), "-j", str(DATA / "leader" / "judgments" / "board.yaml")]
    )
    assert "assesses alternatives by 'nothing'" in with_judgments.output
    nsq = Path(__file__).parents[1] / "indicators" / "network-service-quality.yaml"
    result = runner.invoke(app, ["rank", str(nsq)])
    assert result.exit_code == 1 and "lists no alternatives" in result.output


def test_alternatives_in_index_and_run_config_is_ambiguous(tmp_path: Path) -> None:
    src = DATA / "leader"
    _write(tmp_path, "leader.yaml", (src / "leader.yaml").read_text("utf-8"))
    (tmp_path / "judgments").mkdir()
    _write(
        tmp_path / "judgments", "board.yaml", (src / "judgments" / "board.yaml").read_text("utf-8")
    )
    run = (src / "run.yaml").read_text("utf-8") + "alternatives: [{id: Moll}]\n"
    target = _write(tmp_path, "run.yaml", run)
    result = runner.invoke(app, ["rank", str(target)])
    assert result.exit_code == 1 and "which list counts" in result.output
    assert "run.yaml:5" in result.output


def test_assess_on_an_indicator_with_scoring_fields_is_refused(tmp_path: Path) -> None:
    idx = (DATA / "leader" / "leader.yaml").read_text(encoding="utf-8")
    bad = _write(
        tmp_path,
        "a.yaml",
        idx.replace(
            "assess: {method: pairwise}}", "direction: higher, assess: {method: pairwise}}", 1
        ),
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert (
        "a.yaml:12" in result.output and "'direction' scores an indicator's value" in result.output
    )


def test_weights_and_consistency_understand_alternatives() -> None:
    target = DATA / "vehicle" / "run.yaml"
    w = json.loads(runner.invoke(app, ["weights", str(target), "--format", "json"]).stdout)
    crit = {c["criterion"]: c for c in w["alternatives"]["criteria"]}
    assert w["alternatives"]["ids"][0] == "accord_sedan"
    assert round(crit["style"]["experts"][0]["cr"], 3) == 0.107  # over 0.10: flagged
    table = runner.invoke(app, ["weights", str(target), "--lang", "en"])
    assert "Local priorities of the alternatives" in table.stdout
    assert "style: expert 'buyer' CR 0.107 > 0.10 (alternatives)" in table.output
    c = runner.invoke(app, ["consistency", str(target), "--format", "json"])
    doc = json.loads(c.stdout)
    assert {x["criterion"] for x in doc["alternatives"]["criteria"]} >= {"price", "cargo"}
    text = runner.invoke(app, ["consistency", str(target)])
    assert "Consistency of the alternatives'" in text.stdout and "donegan-dodd" in text.stdout
    strict = runner.invoke(app, ["rank", str(DATA / "belton_gear" / "abc.yaml"), "--strict"])
    assert strict.exit_code == 0, strict.output  # consistent matrices
    assert runner.invoke(app, ["rank", str(target), "--strict"]).exit_code == 1


def test_validate_checks_judgments_against_run_config_alternatives() -> None:
    result = runner.invoke(app, ["validate", str(DATA / "mixed" / "run.yaml")])
    assert result.exit_code == 0, result.output


def test_ratings_intensities_from_a_consistent_comparison() -> None:
    """The catalogue's quality-system scale: 优:良:中:差 compared 2, 4, 8, 2, 4, 2 is
    consistent, so the priorities are 8:4:2:1, idealised 1, 1/2, 1/4, 1/8, CR 0."""
    doc = rank_json(Path(__file__).parents[1] / "indicators" / "supplier-selection" / "run.yaml")
    qs = next(c for c in doc["criteria"] if c["criterion"] == "quality_system")
    assert qs["provenance"]["idealised"] == pytest.approx([1, 0.5, 0.25, 0.125], abs=1e-12)
    assert qs["cr"] == pytest.approx(0.0, abs=1e-12)
    assert qs["local"] == pytest.approx({"S1": 0.5, "S2": 1.0, "S3": 0.25, "S4": 0.5})


def test_creative_decisions_ahpanplib_ratings_employee_evaluation() -> None:
    """Saaty's ratings model as his Creative Decisions Foundation ships it: AhpAnpLib (MIT),
    Examples/AHP_Ratings_Employee_Evaluation, five employees rated on Dependability,
    Education, Experience, Attitude, Leadership and Work (Quantity, Quality).

    Printed numbers used (files of commit 0f859e7 unless said):
    * Ratings_Employee_Eval_criteriapriorities.xlsx, sheet pairwise_comp: criteria
      "Normal" 0.077 0.193 0.049 0.363 0.083 0.235, "Incons." 0.102 (RI(6) = 1.25, as in
      Super Decisions; Saaty's 1980 RI 1.24 would give 0.103); Work: Quantity 0.61,
      Quality 0.39.
    * Ratings_Employee_Eval_ratingsresults.xlsx, sheet rating_scales: each scale's
      "Normal" and "Ideal" priorities (3 decimals); sheet rating_table, row 11: the global
      weights of the seven rated criteria (16 digits), and in rows 13-17 the totals as
      formulas, =SUMPRODUCT(ideal of each rating, row 11) and =total/SUM(totals): the file
      carries the formulas, not their values, so the expected totals are that formula
      evaluated here on the printed cells (3-decimal ideals, hence abs 5e-4).
    The only total *values* the example prints (rating_table of
    Ratings_Employee_Eval_ratingstable_filled.xlsx, commit d3ebe5a: Jim Kendall 1, Sally
    Brown 0.8677, John Carter 0.5360, Mi Sung 0.8502, Arturo Chavez 0.9325) were estimated
    by that sheet from the Dependability and Leadership comparison grids of all 1s, whose
    "Est. Ideal Priorities" are 1 for every intensity -- the direct values 0.574 ... 0.06
    beside them were not used; Sally Brown's 0.8677 is row 11 . (1, 0.433, 1, 1, 0.546, 1,
    1). They are not the model's result and are not compared."""
    target = DATA / "employee_ratings" / "run.yaml"
    w = runner.invoke(app, ["weights", str(target), "--format", "json"])
    assert w.exit_code == 0, w.output
    nodes = {n["id"]: n for n in json.loads(w.stdout)["nodes"]}
    local = {k: round(nodes[k]["local"], 3) for k in nodes if k != "employee-evaluation"}
    assert local == {
        "dependability": 0.077,
        "education": 0.193,
        "experience": 0.049,
        "attitude": 0.363,
        "work": 0.083,
        "leadership": 0.235,
        "quantity": 0.61,
        "quality": 0.39,
    }
    assert round(nodes["employee-evaluation"]["cr"], 3) == 0.102

    doc = rank_json(target, "--mode", "ideal")
    crit = {c["criterion"]: c for c in doc["criteria"]}
    # rating_table row 11; AhpAnpLib's eigenvector and ours agree to ~1e-11
    row11 = {
        "dependability": 0.07727187447510635,
        "education": 0.1925982192678802,
        "experience": 0.04879821520584188,
        "attitude": 0.3626604749641593,
        "leadership": 0.2353880186521438,
        "quantity": 0.05080275595694478,
        "quality": 0.03248044147792362,
    }
    assert {k: crit[k]["weight"] for k in row11} == pytest.approx(row11, abs=1e-9)
    # rating_scales: (Normal, Ideal) of every intensity, in the sheet's order
    scales = {
        "dependability": ([0.479, 0.275, 0.157, 0.06, 0.029], [1, 0.574, 0.328, 0.125, 0.06]),
        "education": ([0.589, 0.255, 0.104, 0.052], [1, 0.433, 0.177, 0.089]),
        "experience": ([0.6, 0.257, 0.101, 0.042], [1, 0.428, 0.168, 0.07]),
        "attitude": ([0.637, 0.229, 0.098, 0.036], [1, 0.359, 0.153, 0.057]),
        "leadership": ([0.558, 0.253, 0.127, 0.038, 0.024], [1, 0.454, 0.227, 0.069, 0.043]),
        "quantity": ([0.49, 0.268, 0.179, 0.063], [1, 0.546, 0.365, 0.128]),
        "quality": ([0.647, 0.207, 0.107, 0.039], [1, 0.32, 0.166, 0.06]),
    }
    for k, (normal, ideal) in scales.items():
        prov = crit[k]["provenance"]
        assert [round(x, 3) for x in prov["intensity_priorities"]] == normal, k
        assert [round(x, 3) for x in prov["idealised"]] == ideal, k
        assert crit[k]["cr"] == pytest.approx(0.0, abs=1e-6)  # "Incons." 0 on every scale
    # rating_table rows 2-6: the intensity each employee is rated at, looked up in the
    # Ideal column as the sheet's INDEX/MATCH formulas do
    rated = {
        "kendall": [1, 1, 1, 1, 1, 1, 1],
        "brown": [0.574, 0.433, 1, 1, 0.454, 0.546, 1],
        "carter": [1, 0.177, 0.428, 0.359, 0.227, 0.546, 0.32],
        "sung": [0.574, 0.433, 0.168, 1, 0.454, 1, 1],
        "chavez": [0.574, 1, 0.07, 1, 1, 1, 0.32],
    }
    weights = np.array(list(row11.values()))
    totals = {a: float(np.dot(v, weights)) for a, v in rated.items()}
    s = sum(totals.values())
    got = {a["id"]: a for a in doc["alternatives"]}
    for a, total in totals.items():
        assert got[a]["score"] == pytest.approx(total, abs=5e-4), a
        assert got[a]["priority"] == pytest.approx(total / s, abs=5e-4), a
    assert {k: got[k]["rank"] for k in got} == {
        "kendall": 1,
        "chavez": 2,
        "brown": 3,
        "sung": 4,
        "carter": 5,
    }


def test_creative_decisions_ahpanplib_ratings_cars() -> None:
    """Saaty's ratings model, Creative Decisions Foundation's AhpAnpLib (MIT),
    Examples/AHP_Ratings_Cars: six cars rated on Prestige, Price (Initial cost 0.8,
    Maintenance 0.2, given directly), MPG and Comfort.

    Printed numbers (commit f98cd33):
    * carModel_Ratings_Criteria_initialresults.xlsx, sheet pairwise_comp: criteria "Normal"
      0.098 0.424 0.169 0.309, "Incons." 0.079.
    * carModel_Ratings_Results.xlsx, sheet rating_scales: "Normal", "Ideal" and "Incons."
      of each scale; sheet rating_table, row 9: the criteria's global weights (16 digits),
      rows 11-16: each car's ideal priority per criterion (3 decimals), TOTALS and
      PRIORITIES -- Acura TL 0.613571 / 0.214618, Toyota Camry 0.577381 / 0.201959, Honda
      Civic 0.598230 / 0.209252, Fiat 0.277711 / 0.097139, MiniCooper 0.404390 / 0.141450,
      Kia Rio 0.387614 / 0.135582. The library summed the 3-decimal ideals it printed, so
      the totals agree with the unrounded synthesis to 5e-4, not further (Acura TL:
      0.613571 printed, 0.613743 unrounded).
    (The TOTALS of carModel_Ratings_Table_filledIn.xlsx are the sheet's own row-sum
    estimate of the scales, "Est. Ideal Priorities", not the eigenvector, and are not
    compared.)"""
    target = DATA / "car_ratings" / "run.yaml"
    w = runner.invoke(app, ["weights", str(target), "--format", "json"])
    assert w.exit_code == 0, w.output
    nodes = {n["id"]: n for n in json.loads(w.stdout)["nodes"]}
    assert {k: round(nodes[k]["local"], 3) for k in ("prestige", "price", "mpg", "comfort")} == {
        "prestige": 0.098,
        "price": 0.424,
        "mpg": 0.169,
        "comfort": 0.309,
    }
    assert round(nodes["car-ratings"]["cr"], 3) == 0.079

    doc = rank_json(target, "--mode", "ideal")
    crit = {c["criterion"]: c for c in doc["criteria"]}
    row9 = {
        "prestige": 0.09842413418771448,
        "mpg": 0.168654289322659,
        "comfort": 0.3085784539668766,
        "initial_cost": 0.3394744980181998,
        "maintenance": 0.08486862450454995,
    }
    assert {k: crit[k]["weight"] for k in row9} == pytest.approx(row9, abs=1e-9)
    # rating_scales: Normal, Ideal, Incons.
    scales = {
        "prestige": ([0.463, 0.307, 0.142, 0.058, 0.03], [1, 0.664, 0.306, 0.126, 0.065], 0.073),
        "mpg": ([0.701, 0.243, 0.056], [1, 0.347, 0.08], 0.104),
        "comfort": ([0.463, 0.307, 0.142, 0.058, 0.03], [1, 0.664, 0.306, 0.126, 0.065], 0.073),
        "initial_cost": ([0.255, 0.5, 0.196, 0.049], [0.511, 1, 0.393, 0.098], 0.104),
        "maintenance": ([0.061, 0.176, 0.763], [0.08, 0.231, 1], 0.0),
    }
    for k, (normal, ideal, incons) in scales.items():
        prov = crit[k]["provenance"]
        assert [round(x, 3) for x in prov["intensity_priorities"]] == normal, k
        assert [round(x, 3) for x in prov["idealised"]] == ideal, k
        assert round(crit[k]["cr"], 3) == incons, k
    # rating_table rows 11-16, in row 9's column order
    printed_ideal = {
        "acura_tl": [1, 0.08, 1, 0.511, 0.231],
        "camry": [0.664, 0.347, 0.306, 1, 0.231],
        "civic": [0.065, 1, 0.664, 0.393, 1],
        "fiat": [0.306, 1, 0.126, 0.098, 0.08],
        "mini": [1, 0.347, 0.306, 0.393, 0.231],
        "kia_rio": [0.065, 1, 0.306, 0.098, 1],
    }
    printed = {  # TOTALS, PRIORITIES
        "acura_tl": (0.613571052048255, 0.21461809017950498),
        "camry": (0.5773808206882202, 0.20195928186102802),
        "civic": (0.5982300537045689, 0.20925203557999641),
        "fiat": (0.27771095035007365, 0.09713918801596377),
        "mini": (0.40439030947824495, 0.14144975649942207),
        "kia_rio": (0.38761399026905824, 0.13558164786408472),
    }
    got = {a["id"]: a for a in doc["alternatives"]}
    order = list(row9)
    for a, (total, priority) in printed.items():
        local = [crit[k]["local"][a] for k in order]
        assert [round(x, 3) for x in local] == printed_ideal[a], a
        assert got[a]["score"] == pytest.approx(total, abs=5e-4), a
        assert got[a]["priority"] == pytest.approx(priority, abs=5e-4), a
    ranks = {k: got[k]["rank"] for k in got}
    assert ranks == {"acura_tl": 1, "civic": 2, "camry": 3, "mini": 4, "kia_rio": 5, "fiat": 6}


def test_diagram_text_formats_join_the_alternatives_row_to_every_leaf() -> None:
    target = str(DATA / "vehicle" / "run.yaml")
    mermaid = runner.invoke(app, ["diagram", target, "--format", "mermaid", "--lang", "en"])
    assert mermaid.exit_code == 0, mermaid.output
    text = mermaid.stdout
    assert 'subgraph alternatives["Alternatives"]' in text and "CR-V<br/>crv" in text
    assert text.count("--> alternatives") == 8  # one edge per leaf, not 8 x 6
    assert "pairwise" in text  # the leaves say how their alternatives are assessed
    dot = runner.invoke(app, ["diagram", target, "--format", "dot", "--lang", "zh"]).stdout
    assert "cluster_alternatives" in dot and dot.count("lhead=cluster_alternatives") == 8
    assert "方案层" in dot


def test_a_ratings_scale_over_its_cr_limit_is_warned_like_any_comparison() -> None:
    """AhpAnpLib's car scales: MPG (3 intensities, CR 0.104) and Initial cost (4, 0.104)
    are over Saaty's limits 0.05 and 0.08; Prestige and Comfort (5, 0.073) are within 0.10."""
    doc = rank_json(DATA / "car_ratings" / "run.yaml", "--mode", "ideal", "--lang", "en")
    said = [w for w in doc["warnings"] if "ratings scale" in w]
    assert said == [
        "initial_cost: the ratings scale's comparison of intensities has CR 0.104 > 0.08",
        "mpg: the ratings scale's comparison of intensities has CR 0.104 > 0.05",
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "is not a value for comparing two intensities"), ("zh", "不是强度等级比较的取值")],
)
def test_a_ratings_intensity_comparison_that_is_no_ratio_is_refused_in_the_users_language(
    lang: str, said: str, tmp_path: Path
) -> None:
    """0 (or a word) compares no intensities; the fix no longer says "use 1-9", since
    Super Decisions' grids compare intensities past 9 (the employee example's 16.67)."""
    import shutil

    copy = tmp_path / "car_ratings"
    shutil.copytree(DATA / "car_ratings", copy)
    index = copy / "car.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("[k20_25, under_20k, 8]", "[k20_25, under_20k, 0]"), "utf-8")
    result = runner.invoke(app, ["rank", str(copy / "run.yaml"), "--lang", lang])
    assert result.exit_code == 1
    assert said in result.output and "car.yaml:" in result.output
    assert "initial_cost" in result.output
    assert ("past 9" if lang == "en" else "超过 9") in result.output


def test_the_report_of_a_decision_model_ranks_its_alternatives(tmp_path: Path) -> None:
    """Issue 14: ``report`` understands alternatives -- the index document of the supplier
    model shows the ranking of both synthesis modes and the local priorities as composed
    (a ratings row normalised to sum 1 in the distributive mode), in every format."""
    import docx
    import openpyxl

    run = Path(__file__).parents[1] / "indicators" / "supplier-selection" / "run.yaml"
    dist = rank_json(run, "--lang", "en")
    ideal = rank_json(run, "--lang", "en", "--mode", "ideal")
    out = {}
    for suffix in ("md", "html", "docx", "xlsx"):
        target = tmp_path / f"r.{suffix}"
        result = runner.invoke(app, ["report", str(run), "-o", str(target), "--lang", "en"])
        assert result.exit_code == 0, result.output
        out[suffix] = target
    md = out["md"].read_text(encoding="utf-8")
    for a in dist["alternatives"]:
        i = next(x for x in ideal["alternatives"] if x["id"] == a["id"])
        cells = [
            a["rank"],
            a["name"]["en"],
            f"{a['priority']:.4f}",
            i["rank"],
            f"{i['priority']:.4f}",
        ]
        assert "| " + " | ".join(map(str, cells)) + " |" in md
    qs = next(c for c in dist["criteria"] if c["criterion"] == "quality_system")
    assert sum(qs["used"].values()) == pytest.approx(1.0) and max(qs["local"].values()) == 1.0
    assert "| Quality system | " in md and f"{qs['used']['S2']:.4f}" in md
    assert "Ranking of the alternatives" in out["html"].read_text(encoding="utf-8")
    headers = [[c.text for c in t.rows[0].cells] for t in docx.Document(str(out["docx"])).tables]
    assert [
        "Rank",
        "Alternative",
        "Priority (distributive)",
        "Rank (ideal)",
        "Priority (ideal)",
    ] in headers
    book = openpyxl.load_workbook(out["xlsx"], read_only=True)
    cells = {str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r}
    assert {a["name"]["en"] for a in dist["alternatives"]} <= cells


def test_the_index_document_of_a_decision_model_alone_says_what_the_ranking_waits_for(
    tmp_path: Path,
) -> None:
    """The index file without its run configuration has no judgments: no ranking, and a
    note naming the nodes in tree order, never an error."""
    index = Path(__file__).parents[1] / "indicators" / "supplier-selection.yaml"
    target = tmp_path / "index.md"
    result = runner.invoke(app, ["report", str(index), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    md = target.read_text(encoding="utf-8")
    assert "Ranking of the alternatives" not in md
    assert (
        "The ranking of the alternatives needs the experts' judgments on Supplier selection "
        "(AHP decision model), Cost, Quality, Delivery, Service responsiveness"
    ) in md


@pytest.mark.parametrize("orient", ["tb", "lr"])
def test_the_diagram_draws_the_alternatives_as_one_row_joined_to_every_leaf(orient: str) -> None:
    """Issue 14: the figure (not only Mermaid/dot) shows a decision model's alternatives as
    a bottom row (a right-hand column left to right), every leaf criterion joined to it by
    one line into a bar, all inside the figure and clear of the tree's boxes."""
    from matplotlib.transforms import Bbox

    from qualindex.hierarchy.draw import draw_hierarchy

    project = load_project(DATA / "vehicle" / "run.yaml")
    index = project.index
    fig = draw_hierarchy(index, lang="en", orient=orient)  # type: ignore[arg-type]
    ax = fig.axes[0]
    band = next(p for p in ax.patches if p.get_gid() == "box:alternatives")
    names = {t.get_gid(): t for t in ax.texts if str(t.get_gid()).startswith("name:alt:")}
    assert set(names) == {f"name:alt:{a.id}" for a in index.alternatives}
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inside = band.get_window_extent(renderer)
    page = Bbox.from_bounds(0, 0, *fig.bbox.size)
    for t in [*names.values(), next(t for t in ax.texts if t.get_gid() == "alternatives")]:
        e = t.get_window_extent(renderer)
        assert inside.contains(e.x0, e.y0) and inside.contains(e.x1, e.y1), t.get_gid()
    assert page.contains(inside.x0, inside.y0) and page.contains(inside.x1, inside.y1)
    boxes = [p for p in ax.patches if str(p.get_gid()).startswith("box:") and p is not band]
    assert not any(inside.overlaps(b.get_window_extent(renderer)) for b in boxes)
    edges = next(c for c in ax.collections if c.get_gid() == "edges:alternatives")
    leaves = [n for n in index.walk() if not n.children]
    assert len(edges.get_segments()) == len(leaves) + 2  # one per leaf, the bar, its stem
