"""The Excel questionnaire: generated for the built-in example, filled with openpyxl, collected."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from qualindex.errors import JudgmentError
from qualindex.hierarchy.judgments import load_judgments
from qualindex.hierarchy.model import JudgmentSet
from qualindex.questionnaire import build_questionnaire, collect, write_questionnaires
from qualindex.questionnaire.structure import answer_options, option_value
from qualindex.run import Project, load_project, weigh

from .fill import fill_xlsx, from_judgments, meta

ROOT = Path(__file__).parents[2]
INDEX = ROOT / "indicators" / "network-service-quality.yaml"
Hand = dict[str, JudgmentSet]
HAND = sorted((ROOT / "indicators" / "network-service-quality" / "judgments").glob("*.yaml"))


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(INDEX)


@pytest.fixture(scope="module")
def hand(project: Project) -> dict[str, JudgmentSet]:
    return {s.expert.id: s for s in load_judgments(HAND, project.index)}


def _filled(project: Project, hand: Hand, folder: Path, lang: str = "zh") -> list[Path]:
    q = build_questionnaire(project)
    paths = write_questionnaires(project, folder, experts=list(hand), lang=lang)
    for path in paths:
        eid = path.stem.removeprefix("network-service-quality-")
        fill_xlsx(path, from_judgments(hand[eid], q, lang), expert={"name": hand[eid].expert.name})
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_gives_the_weights_of_the_hand_written_judgments(
    project, hand, tmp_path: Path, lang: str
) -> None:
    paths = _filled(project, hand, tmp_path / "q", lang)
    result = collect(paths, project, tmp_path / "judgments")
    assert sorted(p.name for p in result.written) == ["li.yaml", "wang.yaml", "zhang.yaml"]
    by_hand = weigh(load_project(INDEX, HAND))
    collected = weigh(load_project(INDEX, list(result.written)))
    assert dict(collected.global_weights) == dict(by_hand.global_weights)  # exactly
    for node in ("network-service-quality", "reliability"):
        assert collected.nodes[node].cr == by_hand.nodes[node].cr
    # each expert's CR is the library's; zhang is over the limit at the root and sent back
    failed = [(c.expert, c.node) for c in result.checks if not c.passed]
    assert failed == [("zhang", "network-service-quality")]
    advice = next(c for c in result.checks if not c.passed).advice
    assert advice and "cell D" in advice[0] and "sheet '1 " in advice[0]


def test_the_workbook_has_drop_downs_protection_and_a_hidden_structure_sheet(
    project, tmp_path: Path
) -> None:
    (path,) = write_questionnaires(project, tmp_path, lang="zh")
    assert path.name == "network-service-quality-blank.xlsx"
    wb = openpyxl.load_workbook(path)
    m = meta(wb)
    q = build_questionnaire(project)
    assert (m["index"], m["version"], m["structure"]) == (
        "network-service-quality",
        "2026.1",
        q.structure,
    )
    assert wb["_qualindex"].sheet_state == "veryHidden"
    root = wb[m["nodes"][0]["sheet"]]
    assert root.protection.sheet
    first = m["nodes"][0]["first_row"]
    answer = root.cell(first, 4)
    assert answer.protection.locked is False
    assert root.cell(first, 2).protection.locked is True  # names are locked
    (dv,) = [d for d in root.data_validations.dataValidation if answer.coordinate in d.sqref]
    assert dv.type == "list"
    options = [c.value for c in wb["_scale"]["A"]]
    assert options == [text for text, _ in answer_options("zh")]
    assert (
        options[4] == "A 明显重要 (5)"
        and options[8] == "同等重要 (1)"
        and options[12] == "B 明显重要 (5)"
    )
    assert root.cell(first, 2).value == "服务态度" and root.cell(first, 3).value == "服务效率"


def test_answer_texts_in_both_languages_and_nothing_else() -> None:
    for lang in ("zh", "en"):
        values = [option_value(text) for text, _ in answer_options(lang)]
        assert values == [v for _, v in answer_options(lang)]
    for bad in ("5", "A 明显重要 (11)", "A 明显重要 (3)", "B 同等重要 (1)", "明显重要", None, 5):
        assert option_value(bad) is None


def _errors(exc: pytest.ExceptionInfo[JudgmentError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_blank_and_out_of_scale_cells_are_refused_with_file_sheet_and_cell(
    project, hand, tmp_path: Path
) -> None:
    q = build_questionnaire(project)
    (path,) = write_questionnaires(project, tmp_path / "q", experts=["li"])
    fill = from_judgments(hand["li"], q)

    def answer(node: str, a: str, b: str) -> str | None:
        if (a, b) == ("attitude", "efficiency"):
            return None
        if (a, b) == ("availability", "mttr"):
            return "A 极端重要 (11)"
        return fill(node, a, b)

    fill_xlsx(path, answer)
    with pytest.raises(JudgmentError) as exc:
        collect([path], project, tmp_path / "out")
    errors = _errors(exc)
    assert len(errors) == 2
    assert errors[0].startswith(f"{path}: sheet '1 网络服务业服务质量评价指标体系', cell D13:")
    assert "attitude vs efficiency: no answer" in errors[0]
    assert (
        "sheet '4 服务可靠性', cell D13: availability vs mttr: 'A 极端重要 (11)' is not one"
        in errors[1]
    )
    assert not (tmp_path / "out").exists()  # nothing written


def test_answers_for_another_index_version_are_refused(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    text = INDEX.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2025.4"')
    (old / INDEX.name).write_text(text, encoding="utf-8")
    old_project = load_project(old / INDEX.name)
    q = build_questionnaire(old_project)
    (path,) = write_questionnaires(old_project, tmp_path / "q", experts=["li"])
    fill_xlsx(path, from_judgments(hand["li"], q))
    with pytest.raises(JudgmentError) as exc:
        collect([path], project, tmp_path / "out")
    (error,) = _errors(exc)
    assert error.startswith(f"{path}: these answers were made for network-service-quality@2025.4, ")
    assert "not for network-service-quality@2026.1" in error


def test_a_changed_structure_of_the_same_version_is_refused(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    (path,) = _filled(project, {"li": hand["li"]}, tmp_path / "q")
    wb = openpyxl.load_workbook(path)
    ws = wb["_qualindex"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "structure":
            row[1].value = '"' + "0" * 64 + '"'
    wb.save(path)
    with pytest.raises(JudgmentError) as exc:
        collect([path], project, tmp_path / "out")
    (error,) = _errors(exc)
    assert "structure code 0000000000000000 is not that of network-service-quality@2026.1" in error


def test_a_duplicate_expert_is_refused_at_the_second_file(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    (first,) = _filled(project, {"li": hand["li"]}, tmp_path / "a")
    second = tmp_path / "b" / "li-again.xlsx"
    second.parent.mkdir()
    shutil.copy(first, second)
    with pytest.raises(JudgmentError) as exc:
        collect([first, second], project, tmp_path / "out")
    (error,) = _errors(exc)
    assert error.startswith(
        f"{second}: sheet '专家信息', cell B3: expert 'li' is given twice (also in {first})"
    )
    # and against the run's own judgments
    run = load_project(ROOT / "indicators" / "network-service-quality" / "run.yaml")
    with pytest.raises(JudgmentError) as exc:
        collect([first], run, tmp_path / "out")
    assert "judgments/li.yaml:" in _errors(exc)[0]


def test_collect_never_overwrites(project: Project, hand: Hand, tmp_path: Path) -> None:
    (path,) = _filled(project, {"li": hand["li"]}, tmp_path / "q")
    out = tmp_path / "out"
    out.mkdir()
    (out / "li.yaml").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(JudgmentError) as exc:
        collect([path], project, out)
    assert "li.yaml exists; collect never overwrites" in _errors(exc)[0]
    assert (out / "li.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_a_blank_expert_id_and_half_given_authority_are_refused(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    q = build_questionnaire(project)
    (path,) = write_questionnaires(project, tmp_path / "q")  # blank: the expert fills the id
    fill_xlsx(path, from_judgments(hand["li"], q), expert={"familiarity": "熟悉"})
    with pytest.raises(JudgmentError) as exc:
        collect([path], project, tmp_path / "out")
    errors = _errors(exc)
    assert "sheet '专家信息', cell B3: the expert id is blank" in errors[0]
    assert "cell B9: basis.practice is blank while other authority answers are given" in errors[1]
    assert len(errors) == 5  # the four bases


def test_familiarity_and_bases_give_the_authority_coefficient(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    q = build_questionnaire(project)
    (path,) = write_questionnaires(project, tmp_path / "q")
    cells = {"id": "chen", "name": "陈工", "familiarity": "熟悉", "basis.practice": "大",
             "basis.theory": "中", "basis.literature": "小", "basis.intuition": "中"}  # fmt: skip
    fill_xlsx(path, from_judgments(hand["li"], q), expert=cells)
    result = collect([path], project, tmp_path / "out")
    (jset,) = load_judgments(result.written, project.index)
    # Ca = 0.5 + 0.2 + 0.05 + 0.1 (CA_TABLE), Cs = 0.8 (CS_TABLE), Cr = (Ca + Cs) / 2
    assert jset.expert.basis == pytest.approx(0.85, abs=1e-12)
    assert jset.expert.familiarity == 0.8
    assert jset.expert.authority == pytest.approx(0.825, abs=1e-12)
    assert jset.expert.name == "陈工"


def test_collected_pairs_point_back_to_their_cells(
    project: Project, hand: Hand, tmp_path: Path
) -> None:
    (path,) = _filled(project, {"wang": hand["wang"]}, tmp_path / "q")
    result = collect([path], project, tmp_path / "out")
    text = result.written[0].read_text(encoding="utf-8")
    assert 'index: "network-service-quality@2026.1"' in text
    assert "# sheet '4 服务可靠性', cell D12" in text
