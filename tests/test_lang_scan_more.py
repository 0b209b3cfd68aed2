"""One language per output on the paths tests/test_lang_scan.py does not take (issue #10, item 5).

The decision model (``rank``, ``report``), ``experts``, ``questionnaire``/``collect``,
``diff``, ``import``, ``weights``/``consistency`` with an inconsistent expert and a missing
pair, output-path errors, run-config errors, judgment-file errors and data-reading errors
from tests/data/real/, each with ``--lang zh`` (no English prose, no English table cell) and
``--lang en`` (no Chinese prose).  The scanner is test_lang_scan's; the words a project's own
files write (ids, names, column names, cells) may appear in either language.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import JudgmentError
from qualindex.hierarchy.judgments import load_judgments
from qualindex.questionnaire import build_questionnaire, write_questionnaires
from qualindex.questionnaire.xlsx import read_xlsx
from qualindex.run import load_project
from qualindex.texts import use_lang
from tests.questionnaire.fill import fill_xlsx, from_judgments
from tests.test_lang_scan import (
    COMMANDS,
    DEMO,
    INDEX,
    JUDGMENTS,
    MERMAID,
    ROOT,
    RUN,
    SYMBOLS,
    USER,
    _strip,
    chinese_prose,
    english_prose,
)

SUPPLIER = ROOT / "indicators" / "supplier-selection"
SUPPLIER_RUN = str(SUPPLIER / "run.yaml")
SUPPLIER_INDEX = str(ROOT / "indicators" / "supplier-selection.yaml")
REAL = ROOT / "tests" / "data" / "real"
RAHP = ROOT / "tests" / "data" / "decision" / "rahp"
runner = CliRunner()


def _table_words(path: Path) -> set[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        words |= set(re.split(r"[,;\s]+", line))
    return words


def _prose_words(texts: tuple[str, ...]) -> set[str]:
    """The words of what the user's file cites (sources, in whatever language they were)."""
    return {w.strip("().,;:") for t in texts for w in t.split()}


def project_words(run: str) -> set[str]:
    """What a project's files name: node, alternative and expert ids and names, data cells."""
    project = load_project(run)
    index = project.index
    words = set(index.nodes) | _prose_words(index.sources)
    for node in index.nodes.values():
        words |= {node.name.get("zh"), node.name.get("en")} | _prose_words(node.sources)
        if node.indicator is not None and node.indicator.unit:
            words.add(node.indicator.unit)
        words |= {i.id for i in getattr(node.assess, "intensities", None) or ()}
    for alt in index.alternatives:
        words |= {alt.id, alt.name.get("zh"), alt.name.get("en")}
        words |= {str(v) for v in alt.attributes.values()}
    for j in project.all_judgments:
        words |= {j.expert.id, j.expert.display, j.expert.name, j.expert.title}
    for data in sorted(Path(run).parent.glob("data/*.csv")):
        words |= _table_words(data)
    return {w for w in words if w}


SUPPLIER_USER = project_words(SUPPLIER_RUN)
WORD = re.compile(r"(?<![\w/.\\-])[A-Za-z][A-Za-z'’]+(?![\w/.\\-])")


# symbols of the expert statistics and the audit, units, and the index fields diff names
SAME = SYMBOLS | set(["df", "Ca", "Cs", "Cr", "UTC", "ID", "ms", "unit"])


def english_words(text: str, user: set[str]) -> list[str]:
    """Every English word left in a Chinese output: a table header, a label (``ok``), a raw
    code shown as a cell — too short for :func:`english_prose`, which wants three in a row."""
    lines = [line for line in text.splitlines() if not MERMAID.match(line)]
    return [w for line in lines for w in WORD.findall(_strip(line, user)) if w not in SAME]


def scan_zh(text: str, user: set[str]) -> list[str]:
    return english_prose(text, user) + english_words(text, user)


def _run(args: list[str], lang: str, code: int | None = None) -> str:
    result = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    if code is not None:
        assert result.exit_code == code, result.output
    return result.output


def _check(text: str, lang: str, user: set[str]) -> None:
    """No words of the other language in ``text`` (the lines holding them are shown)."""
    scan = scan_zh if lang == "zh" else chinese_prose
    lines = [line for line in text.splitlines() if scan(line, user)]
    assert lines == [], {"found": scan(text, user), "lines": lines}


LANGS = ["zh", "en"]


def test_the_word_scan_sees_a_header_and_lets_names_pass() -> None:
    assert english_words("┃ largest contribution ┃ 方案 ┃", set()) == ["largest", "contribution"]
    assert english_words("ok data/kpi.csv (config)", set()) == ["ok", "config"]
    assert english_words("专家 zhang 的 CR 0.132 > 0.10 `qualindex rank`", {"zhang"}) == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_demo_commands_have_no_english_word(args: list[str]) -> None:
    out = _run(args, "zh")
    _check(out + "\n" + diagram_labels(out), "zh", USER)  # a diagram's labels are quoted


# --- the decision model ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "args",
    [
        ["rank", SUPPLIER_RUN],
        ["rank", SUPPLIER_RUN, "--mode", "ideal"],
        ["rank", SUPPLIER_RUN, "--format", "csv"],
        ["weights", SUPPLIER_RUN],
        ["consistency", SUPPLIER_RUN],
        ["experts", SUPPLIER_RUN],
        ["sensitivity", SUPPLIER_RUN, "--draws", "30", "--seed", "1"],
    ],
    ids=lambda a: "-".join(a[0:1] + a[2:4]),
)
def test_decision_model_commands(args: list[str], lang: str) -> None:
    out = _run(args, lang, 0)
    if "csv" in args:  # the CSV header holds column codes, the same in both languages
        out = out.split("\n", 1)[1]
    _check(out, lang, SUPPLIER_USER)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", ["rank", "weights", "consistency"])
def test_the_criteria_tables_name_each_criterion_in_the_language(command: str, lang: str) -> None:
    """Each row of the local priorities (rank, weights) and of the alternatives' consistency
    starts with the criterion's name in the command's language, its id after it."""
    out = _run([command, SUPPLIER_RUN], lang, 0)
    index = load_project(SUPPLIER_RUN).index
    rows = {"rank": index.leaves(), "weights": index.leaves(), "consistency": [
        index.nodes["quality_system"], index.nodes["service"]]}[command]  # fmt: skip
    for leaf in rows:
        assert re.search(rf"│ {re.escape(leaf.name.get(lang))} {leaf.id} +│", out), (leaf, out)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("suffix", ["md", "html"])
def test_decision_model_report(tmp_path: Path, suffix: str, lang: str) -> None:
    out = tmp_path / f"report.{suffix}"
    _run(["report", SUPPLIER_RUN, "-o", str(out)], lang, 0)
    _check(_page_text(out), lang, SUPPLIER_USER)


_MERMAID_LABEL = re.compile(r'^\s*(?:subgraph )?[\w]+\["(.*)"\]\s*$')
_DOT_LABEL = re.compile(r"label=(?:<(.*)>|\"([^\"]*)\")[,;\]]")
_MERMAID_ENTITIES = {
    "#quot;": '"',
    "#35;": "#",
    "#lt;": "<",
    "#gt;": ">",
    "#amp;": "&",
    "#96;": "`",
}


def diagram_labels(text: str) -> str:
    """The words a Mermaid or DOT diagram shows, one label line a line (the syntax, the
    node keys and the quotes the scan would take for a user's words, left out)."""
    import html

    out = []
    for line in text.splitlines():
        if m := _MERMAID_LABEL.match(line):
            label = m.group(1)
            for code, ch in _MERMAID_ENTITIES.items():
                label = label.replace(code, ch)
            out += label.split("<br/>")
        elif m := _DOT_LABEL.search(line):
            label = m.group(1) or m.group(2) or ""
            out += html.unescape(re.sub(r"<[^>]+>", "\n", label)).splitlines()
    return "\n".join(t for t in out if t.strip())


def test_the_diagram_scan_reads_the_labels() -> None:
    mermaid = '    n_a["单价<br/>unit_price<br/>measured ↓ 元#quot;件"]\n    n_a --> n_b\n'
    assert diagram_labels(mermaid).splitlines() == ["单价", "unit_price", 'measured ↓ 元"件']
    dot = '    "a" [label=<<table><tr><td>单价</td></tr><tr><td>x &amp; y</td></tr></table>>];'
    assert diagram_labels(dot).splitlines() == ["单价", "x & y"]
    assert english_words(diagram_labels(mermaid), {"unit_price"}) == ["measured"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_decision_model_diagrams(fmt: str, lang: str) -> None:
    """A criterion's assessment (测量值, 评级, 两两比较), the alternatives' row, the names."""
    out = _run(["diagram", SUPPLIER_RUN, "--format", fmt, "--weights", "both"], lang, 0)
    labels = diagram_labels(out)
    assert ("测量值" in labels) == ("两两比较" in labels) == (lang == "zh")
    _check(labels, lang, SUPPLIER_USER)


def _page_text(path: Path) -> str:
    import html

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```mermaid(.*?)```", lambda m: diagram_labels(m.group(1)), text, flags=re.S)
    if path.suffix == ".html":
        text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    return text


# --- experts, questionnaires and collect, diff, import ---------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_experts(lang: str) -> None:
    _check(_run(["experts", RUN], lang, 0), lang, USER)


@pytest.mark.parametrize("lang", LANGS)
def test_collect_a_survey_table(tmp_path: Path, lang: str) -> None:
    table = DEMO / "answers" / "survey-export.csv"
    args = ["collect", str(table), "--run", INDEX, "--negative", "second", "-o", str(tmp_path)]
    _check(_run(args, lang, 0), lang, USER | _table_words(table))


@pytest.mark.parametrize("lang", LANGS)
def test_collect_refusals(tmp_path: Path, lang: str) -> None:
    """Blank questionnaires, a table without --negative, a bad cell: every refusal."""
    _run(["questionnaire", RUN, "--experts", "li", "-o", str(tmp_path / "q")], lang, 0)
    table = tmp_path / "survey.csv"
    text = (DEMO / "answers" / "survey-export.csv").read_text(encoding="utf-8")
    table.write_text(text.replace(",3,", ",11,", 1), encoding="utf-8")
    files = [*map(str, sorted((tmp_path / "q").iterdir())), str(table)]
    out = _run(["collect", *files, "--run", INDEX, "-o", str(tmp_path / "c")], lang, 1)
    _check(out, lang, USER | _table_words(table))


def _json_answers(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _meta(run: str = INDEX) -> dict[str, object]:
    """The hidden part of an answer file the HTML questionnaire saves for ``run``'s index."""
    q = build_questionnaire(load_project(run))
    return {"index": q.index_id, "version": q.version, "structure": q.structure}


def _xlsx(tmp_path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """li's questionnaire, filled with his judgments, then ``change``d."""
    project = load_project(INDEX)
    q = build_questionnaire(project)
    (path,) = write_questionnaires(project, tmp_path / "q", experts=["li"])
    (li,) = load_judgments([Path(JUDGMENTS[0])], project.index)
    assert li.expert.id == "li"
    fill_xlsx(path, from_judgments(li, q))
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _damage_meta(wb: openpyxl.Workbook) -> None:
    for row in wb["_qualindex"].iter_rows(min_row=2):
        if row[0].value == "nodes":
            row[1].value = "[{"


def _move_rows(wb: openpyxl.Workbook) -> None:
    ws = wb[wb.sheetnames[2]]  # the first node's sheet: its first asked row names other ids
    first = next(r for r in range(1, 40) if ws.cell(r, 11).value)
    ws.cell(first, 11).value, ws.cell(first, 12).value = "x", "y"


def _half_authority(wb: openpyxl.Workbook) -> None:
    ws = wb["专家信息"]
    ws["B3"], ws["B6"], ws["B9"] = "li wang", "很熟", None  # a bad id, a bad label, a blank


SCORED = {
    "qualindex": 1,
    "id": "scored",
    "version": "3",
    "name": {"zh": "打分体系", "en": "Scored index"},
    "weighting": {"method": "expert-scores"},
    "children": [
        {"id": k, "name": {"zh": z, "en": k.upper()}, "unit": "%", "direction": "higher",
         "threshold": 1, "target": 2}
        for k, z in (("a", "甲"), ("b", "乙"), ("c", "丙"))
    ],
}  # fmt: skip


def _collect_case(tmp_path: Path, case: str) -> tuple[list[str], str]:
    """The answer files of ``case`` and the --run they are collected against."""
    run = INDEX
    if case == "not-found":
        return [str(tmp_path / "nowhere.xlsx")], run
    if case == "suffix":
        for name in ("answers.pdf", "answers"):
            (tmp_path / name).write_text("x", encoding="utf-8")
        return [str(tmp_path / "answers.pdf"), str(tmp_path / "answers")], run
    if case == "unreadable":
        (tmp_path / "a.json").write_text("questionnaire: [1", encoding="utf-8")
        (tmp_path / "b.xlsx").write_text("not a workbook", encoding="utf-8")
        return [str(tmp_path / "a.json"), str(tmp_path / "b.xlsx")], run
    if case == "json":
        other = {"index": "other", "version": "1"}
        changed = {**_meta(), "structure": "0" * 64}
        answers = {"questionnaire": _meta(), "expert": {"id": "li", "familiarity": "很熟"},
                   "pairwise": {"attitude": [["courtesy", "empathy"]]}}  # fmt: skip
        files = [
            _json_answers(tmp_path, "none.json", {"expert": {"id": "li"}}),
            _json_answers(tmp_path, "other.json", {"questionnaire": other}),
            _json_answers(tmp_path, "changed.json", {"questionnaire": changed}),
            _json_answers(tmp_path, "li.json", answers),
            _json_answers(tmp_path, "blank.json", {"questionnaire": _meta()}),
        ]
        return [str(f) for f in files], run
    if case == "scores":
        scored = tmp_path / "scored.yaml"
        scored.write_text(yaml.safe_dump(SCORED, allow_unicode=True), encoding="utf-8")
        answers = {"questionnaire": _meta(str(scored)), "expert": {"id": "e1"},
                   "scores": {"scored": {"a": "many", "b": 120}}}  # fmt: skip
        return [str(_json_answers(tmp_path, "e1.json", answers))], str(scored)
    if case == "table":
        (tmp_path / "no-id.csv").write_text("who,attitude_vs_efficiency\nli,3\n", "utf-8")
        (tmp_path / "no-pairs.csv").write_text("expert,remark\nli,ok\n", "utf-8")
        return [str(tmp_path / "no-id.csv"), str(tmp_path / "no-pairs.csv")], run
    changes = {"damaged": _damage_meta, "rows": _move_rows, "authority": _half_authority,
               "sheet": lambda wb: wb.remove(wb[wb.sheetnames[3]])}  # fmt: skip
    if case in changes:
        return [str(_xlsx(tmp_path, changes[case]))], run
    assert case == "twice"  # twice the same expert, who has a judgment file in -o already
    path = _xlsx(tmp_path, lambda wb: None)
    again = tmp_path / "again.xlsx"
    shutil.copy(path, again)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "li.yaml").write_text("# mine\n", encoding="utf-8")
    return [str(path), str(again)], run


COLLECT_CASES = ["not-found", "suffix", "unreadable", "json", "scores", "table", "damaged",
                 "rows", "authority", "sheet", "twice"]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", COLLECT_CASES)
def test_collect_refuses_answer_files(tmp_path: Path, case: str, lang: str) -> None:
    """Every refusal of an answer file, a survey table or a questionnaire that was changed."""
    files, run = _collect_case(tmp_path, case)
    out = _run(["collect", *files, "--run", run, "-o", str(tmp_path / "c")], lang, 1)
    label = "错误：" if lang == "zh" else "error:"
    assert out.count(label) >= (2 if case in ("suffix", "unreadable", "table", "twice") else 1)
    user = USER | {
        "remark",
        "who",
        "many",
        "x",
        "y",
        "打分体系",
        "甲",
        "乙",
        "丙",
        "很熟",
        "专家信息",
    }
    _check(out, lang, user | {"other", "scored", "e1", "a", "b", "c", "li wang", "nodes"})


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", ["bad-ids", "no-round-1", "not-in-round-1", "nothing-to-ask"])
def test_questionnaire_refusals(tmp_path: Path, case: str, lang: str) -> None:
    plain = tmp_path / "plain.yaml"  # weighted by no expert: equal weights at every node
    text = Path(INDEX).read_text(encoding="utf-8")
    plain.write_text(
        re.sub(r"weighting: \{method: ahp\}", "weighting: {method: equal}", text), "utf-8"
    )
    args = {
        "bad-ids": [RUN, "--experts", "li wang"],
        "no-round-1": [INDEX, "--delphi"],
        "not-in-round-1": [RUN, "--delphi", "--experts", "nobody"],
        "nothing-to-ask": [str(plain)],
    }[case]
    out = _run(["questionnaire", *args, "-o", str(tmp_path / "q")], lang, 1)
    _check(out, lang, USER | {"nobody", "li wang"})


def test_read_xlsx_refuses_a_workbook_without_the_hidden_sheet(tmp_path: Path) -> None:
    """``collect`` reads such a workbook as a survey table; the reader alone refuses it."""
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    for lang in LANGS:
        with use_lang(lang), pytest.raises(JudgmentError) as exc:
            read_xlsx(path)
        _check(exc.value.problems[0].render(lang), lang, set())


@pytest.mark.parametrize("lang", LANGS)
def test_collected_judgment_files_say_where_they_came_from(tmp_path: Path, lang: str) -> None:
    path = _xlsx(tmp_path, lambda wb: None)
    _run(["collect", str(path), "--run", INDEX, "-o", str(tmp_path / "c")], lang, 0)
    text = (tmp_path / "c" / "li.yaml").read_text(encoding="utf-8")
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    assert len(comments) > 2 and ("收集" in comments[0]) == (lang == "zh")
    _check("\n".join(comments), lang, USER | {"网络服务业服务质量评价指标体系"})


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_questionnaire_with_fewer_questions(tmp_path: Path, fmt: str, lang: str) -> None:
    args = ["questionnaire", RUN, "-o", str(tmp_path), "--format", fmt, "--subset", "1"]
    _check(_run(args, lang), lang, USER)


def _changed_index(tmp_path: Path) -> Path:
    doc = yaml.safe_load(Path(INDEX).read_text(encoding="utf-8"))
    first = doc["children"][0]
    first["name"] = {"zh": "网络性能（新）", "en": "Network (new)"}
    first["children"][0]["unit"] = "ms"
    path = tmp_path / "network-service-quality.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_diff(tmp_path: Path, fmt: str, lang: str) -> None:
    new = _changed_index(tmp_path)
    args = ["diff", INDEX, str(new), *[a for j in JUDGMENTS for a in ("-j", j)], "--format", fmt]
    _check(_run(args, lang, 0), lang, USER | {"网络性能（新）", "Network (new)"})


@pytest.mark.parametrize("lang", LANGS)
def test_diff_of_run_configs_with_data(tmp_path: Path, lang: str) -> None:
    shutil.copytree(DEMO, tmp_path / "p")
    run = tmp_path / "p" / "run.yaml"
    run.write_text(
        run.read_text(encoding="utf-8").replace("min_coverage: 0.65", "min_coverage: 0.9"),
        encoding="utf-8",
    )
    shutil.copy(INDEX, tmp_path)
    _check(_run(["diff", RUN, str(run), "--format", "md"], lang, 0), lang, USER)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["vehicle.ahp", "holiday.ahp"])  # holiday: R code not converted
def test_import_r_ahp(tmp_path: Path, name: str, lang: str) -> None:
    """The notes on what is not converted, and the files written: the run config's comment
    header repeats those notes, the index names its source."""
    text = (RAHP / name).read_text(encoding="utf-8")
    user = {w.strip(" :-[],'\"") for w in re.split(r"[\s,]+", text)}
    out = _run(["import", str(RAHP / name), "-o", str(tmp_path)], lang, 0)
    said = [  # what the files say to people (the rest is ids and YAML keys)
        line
        for p in sorted(tmp_path.rglob("*.yaml"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith(("#", "source:"))
    ]
    assert said, "the index names its source"
    _check("\n".join([out, *said]), lang, user)
    if name == "holiday.ahp":  # the header repeats the notes, in the command's language
        header = (tmp_path / "run.yaml").read_text(encoding="utf-8").split("qualindex:")[0]
        assert len(header.splitlines()) == 3  # the title, then one line per note
        assert ("未转换" in header) == ("未转换" in out) == (lang == "zh")


_AHP_HEAD = "Version: 2.0\nAlternatives: {A: {cost: 1}, B: {cost: 2}}\nGoal:\n  name: G\n"
_AHP_LEAF = "      children: {A: {}, B: {}}\n"
AHP_FILES: dict[str, tuple[str, int]] = {  # R ahp files qualindex refuses or converts in part
    "shape": (
        _AHP_HEAD + "  decision-makers: Ann\n  preferences: [x]\n  children:\n    C1: [x]\n"
        "    C2:\n      preferences: {Ann: [x], Ben: {pairwise: 3, score: [[A]]}}\n"
        + _AHP_LEAF + "    C3:\n      children: [A, B]\n",
        1,
    ),
    "decision-makers": (_AHP_HEAD + "  decision-makers: [x]\n  children: {A: {}, B: {}}\n", 1),
    "weight": (_AHP_HEAD + "  decision-makers: [{Ann: -1}]\n  children: {A: {}, B: {}}\n", 1),
    "entries": (
        _AHP_HEAD + "  preferences:\n    pairwise: [[C1, C2], [C1, C9, 2]]\n  children:\n"
        "    C1:\n      preferences: {score: [{A: 1, Z: 2}]}\n" + _AHP_LEAF
        + "    C2:\n" + _AHP_LEAF,
        1,
    ),
    "same-id": (_AHP_HEAD + "  children:\n    C 1:\n" + _AHP_LEAF + "    C_1:\n" + _AHP_LEAF, 1),
    "not-ahp": ("Version: 2.0\nGoal: {name: x}\n", 1),
    "no-options": ("Version: 2.0\nAlternatives: []\nGoal: {name: x}\n", 1),
    "skipped": (
        _AHP_HEAD + "  preferences:\n    score: [{C1: 1}, {C2: 2}]\n    pairwiseFunction: f\n"
        "  children:\n    C1:\n      decision-makers: [{Ann: 1}]\n"
        "      preferences: {pairwise: [[A, B, sqrt(2)]]}\n" + _AHP_LEAF
        + "    C2:\n      preferences: {scoreFunction: g}\n" + _AHP_LEAF,
        0,
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(AHP_FILES))
def test_import_r_ahp_refusals_and_notes(tmp_path: Path, case: str, lang: str) -> None:
    text, code = AHP_FILES[case]
    bad = tmp_path / "h.ahp"
    bad.write_text(text, encoding="utf-8")
    out = _run(["import", str(bad), "-o", str(tmp_path / "o")], lang, code)
    said = {"zh": ("错误", "未转换"), "en": ("error", "not converted")}[lang][code == 0]
    assert said in out, out
    user = {"G", "A", "B", "C1", "C2", "C3", "C9", "Z", "Ann", "Ben", "x", "f", "g", "C_1"}
    _check(out, lang, user)


@pytest.mark.parametrize("lang", LANGS)
def test_import_errors(tmp_path: Path, lang: str) -> None:
    bad = tmp_path / "x.ahp"
    bad.write_text("Version: 2.0\nGoal: {name: x}\n", encoding="utf-8")
    _check(_run(["import", str(bad), "-o", str(tmp_path / "o")], lang, 1), lang, set())
    grid = tmp_path / "g.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "nowhere"
    wb.save(grid)
    out = _run(["import", str(grid), "-o", str(tmp_path / "o2")], lang)
    out += _run(["import", str(grid), "--index", INDEX, "-o", str(tmp_path / "o3")], lang, 1)
    _check(out, lang, USER | {"nowhere"})


# --- weights and consistency: an inconsistent expert and a missing pair ----------------------


def _three_experts(tmp_path: Path, incomplete: bool) -> Path:
    """The demo with zhang over his CR limit (as shipped) and li missing one pair."""
    shutil.copytree(DEMO, tmp_path / "p")
    li = tmp_path / "p" / "judgments" / "li.yaml"
    lines = li.read_text(encoding="utf-8").splitlines(keepends=True)
    pair = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- ["))
    li.write_text("".join(lines[:pair] + lines[pair + 1 :]), encoding="utf-8")
    doc = yaml.safe_load(Path(INDEX).read_text(encoding="utf-8"))
    if incomplete:
        doc["weighting"] = {**doc.get("weighting", {}), "incomplete": "harker"}
    (tmp_path / "network-service-quality.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
    )
    return tmp_path / "p" / "run.yaml"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("incomplete", [False, True], ids=["refused", "completed"])
@pytest.mark.parametrize("command", ["weights", "consistency", "validate"])
def test_an_inconsistent_expert_and_a_missing_pair(
    tmp_path: Path, command: str, incomplete: bool, lang: str
) -> None:
    run = _three_experts(tmp_path, incomplete)
    args = [command, str(run)]
    if command == "validate":
        args = ["validate", str(tmp_path / "network-service-quality.yaml"), str(run)]
        args += [str(p) for p in sorted((run.parent / "judgments").glob("*.yaml"))]
    _check(_run(args, lang), lang, USER)


# --- errors: output paths, run configs, judgment files, data files ---------------------------


def _output_cases(tmp_path: Path) -> list[list[str]]:
    locked = tmp_path / "locked.csv"
    locked.write_text("x\n", encoding="utf-8")
    locked.chmod(0o444)
    return [
        ["weights", RUN, "--format", "csv", "-o", str(tmp_path)],
        ["report", RUN, "-o", ""],
        ["report", RUN, "-o", str(tmp_path / "report.pdfx")],
        ["evaluate", RUN, "--format", "csv", "-o", str(locked)],
        ["weights", RUN, "--format", "csv", "-o", RUN],
        ["diagram", RUN, "-o", str(tmp_path / "tree.bmp")],
        ["evaluate", RUN, "--format", "xlsx"],
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", range(7))
def test_output_path_errors(tmp_path: Path, case: int, lang: str) -> None:
    args = _output_cases(tmp_path)[case]
    out = _run(args, lang)
    assert out.strip(), args
    _check(out, lang, USER)


CONFIG_KEYS = {"qualindex", "index", "judgments", "weighting", "data", "evaluate", "report",
               "sensitivity", "alternatives", "alternatives_data", "supplier"}  # fmt: skip
RUN_CONFIG_ERRORS: dict[str, Callable[[str], str]] = {
    "unknown-key": lambda t: t + "colour: blue\n",
    "missing-index": lambda t: t.replace("../network-service-quality.yaml", "../nowhere.yaml"),
    "missing-data": lambda t: t.replace("data/kpi.csv", "data/nowhere.csv"),
    "data-twice": lambda t: t.replace(
        "- {path: data/kpi.csv}", "- {path: data/kpi.csv}\n    - {path: data/kpi.csv}"
    ),
    "no-judgments": lambda t: t.replace('"judgments/*.yaml"', '"nobody/*.yaml"'),
    "bad-policy": lambda t: t.replace("policy: reweight", "policy: guess"),
    "bad-column": lambda t: t.replace("entity: provider", "entity: supplier"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", ["validate", "evaluate"])
@pytest.mark.parametrize("case", sorted(RUN_CONFIG_ERRORS))
def test_run_config_errors(tmp_path: Path, case: str, command: str, lang: str) -> None:
    shutil.copytree(DEMO, tmp_path / "p")
    shutil.copy(INDEX, tmp_path)
    run = tmp_path / "p" / "run.yaml"
    run.write_text(RUN_CONFIG_ERRORS[case](run.read_text(encoding="utf-8")), encoding="utf-8")
    code = None if (case, command) == ("bad-column", "validate") else 1  # validate reads no data
    _check(_run([command, str(run)], lang, code), lang, USER | CONFIG_KEYS | {"colour", "blue"})


JUDGMENT_ERRORS: dict[str, Callable[[str], str]] = {
    "unknown-node": lambda t: t.replace("network-service-quality:", "nowhere:", 1),
    "bad-value": lambda t: re.sub(r"(- \[\w+, \w+, )[^\]]+\]", r"\g<1>12]", t, count=1),
    "wrong-index": lambda t: re.sub(r"index: \S+", "index: other@1", t),
    "self-pair": lambda t: re.sub(r"- \[(\w+), \w+, ", r"- [\1, \1, ", t, count=1),
    "not-yaml": lambda t: t.replace("pairwise:", "pairwise: [", 1),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", ["validate", "weights"])
@pytest.mark.parametrize("case", sorted(JUDGMENT_ERRORS))
def test_judgment_file_errors(tmp_path: Path, case: str, command: str, lang: str) -> None:
    bad = tmp_path / "li.yaml"
    bad.write_text(JUDGMENT_ERRORS[case](Path(JUDGMENTS[0]).read_text("utf-8")), "utf-8")
    args = [command, INDEX, str(bad)] if command == "validate" else [command, INDEX, "-j", str(bad)]
    _check(_run(args, lang, 1), lang, USER | {"nowhere", "other"})


HOSPITAL = {
    "qualindex": 1,
    "id": "hospital",
    "version": "1",
    "name": {"zh": "医院绩效", "en": "Hospital"},
    "children": [
        {
            "id": "efficiency",
            "name": {"zh": "服务效率", "en": "Efficiency"},
            "children": [
                {"id": "stay", "name": {"zh": "平均住院日"}, "column": "平均住院日",
                 "unit": "天", "direction": "lower", "threshold": 12.0, "target": 7.0},
                {"id": "beds", "name": {"zh": "床位使用率"}, "column": "床位使用率",
                 "unit": "%", "direction": "higher", "threshold": 85.0, "target": 93.0},
            ],
        },
        {
            "id": "experience",
            "name": {"zh": "患者体验", "en": "Experience"},
            "children": [
                {"id": "sat", "name": {"zh": "患者满意度"}, "column": "患者满意度",
                 "unit": "%", "direction": "higher", "threshold": 80.0, "target": 95.0},
            ],
        },
    ],
}  # fmt: skip
DATA_ERRORS: dict[str, tuple[str, str]] = {  # file, extra settings of its data: entry
    "decimal-comma-unset": ("decimal-comma-unset.csv", ""),
    "percent-wrong-unit": ("percent-wrong-unit.csv", ""),
    "wrong-encoding": ("gbk.csv", ", encoding: utf-8"),
    "title-row": ("title-row.xlsx", ", sheet: 考核数据"),
    "unknown-sheet": ("title-row.xlsx", ", sheet: 数据"),
    "merged-header": ("merged-header.xlsx", ""),
    "months-unordered": ("months.csv", ""),
    "conflict": ("conflict-a.csv", ""),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(DATA_ERRORS))
def test_data_reading_errors(tmp_path: Path, case: str, lang: str) -> None:
    name, extra = DATA_ERRORS[case]
    (tmp_path / "hospital.yaml").write_text(yaml.safe_dump(HOSPITAL, allow_unicode=True), "utf-8")
    period = "月份" if name == "months.csv" else "年份"
    files = f"[{{path: {REAL / name}{extra}}}]"
    if case == "conflict":
        files = f"[{{path: {REAL / name}}}, {{path: {REAL / 'conflict-b.csv'}}}]"
    run = tmp_path / "run.yaml"
    run.write_text(
        f"qualindex: 1\nindex: hospital.yaml\n"
        f"data: {{entity: 医院, period: {period}, files: {files}}}\n",
        encoding="utf-8",
    )
    user = {"hospital", "说明", "考核数据", "数据", "2024年度医院绩效考核数据"}
    user |= _table_words(REAL / "conflict-a.csv")
    user |= {w for n in HOSPITAL["children"] for w in (n["name"]["zh"], n["name"]["en"])}
    out = _run(["evaluate", str(run)], lang) + _run(["validate", str(run)], lang)
    _check(out, lang, user | {"KPI", "Sheet"})


# --- click's own usage errors ----------------------------------------------------------------

USAGE_ERRORS = {
    "choice": ["rank", SUPPLIER_RUN, "--format", "bogus"],
    "missing-argument": ["rank"],
    "missing-option": ["import", "x.ahp"],
    "no-such-option": ["rank", SUPPLIER_RUN, "--bogus"],
    "no-such-command": ["rnk"],
    "extra-arguments": ["rank", SUPPLIER_RUN, "y", "z"],
    "not-a-number": ["sensitivity", SUPPLIER_RUN, "--draws", "abc"],
    "below-minimum": ["show", SUPPLIER_INDEX, "--depth", "0"],
    "needs-a-value": ["rank", SUPPLIER_RUN, "--lang", "{lang}", "--format"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_usage_errors(case: str, lang: str) -> None:
    """Under --lang zh (given after the bad option too) one 错误： line names the option, the
    value and the choices, and where the usage is told; in English click's own frame."""
    args = [lang if a == "{lang}" else a for a in USAGE_ERRORS[case]]
    args += [] if "--lang" in args else ["--lang", lang]  # after the bad option, or before
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    if lang == "zh":
        (line,) = result.output.splitlines()
        assert line.startswith("错误：") and "--help`）" in line, line
    _check(result.output, lang, SUPPLIER_USER | {"bogus", "rnk", "abc"})


def test_a_usage_error_names_the_choices_and_the_command() -> None:
    out = runner.invoke(app, ["rank", SUPPLIER_RUN, "--format", "bogus", "--lang", "zh"]).output
    said = "错误：--format 的值 'bogus' 无效：应为 'table', 'json', 'csv' 之一"
    assert out == said + "（用法见 `qualindex rank --help`）\n"
    out = runner.invoke(app, ["rnk", "--lang", "zh"]).output
    assert "没有命令 'rnk'（是否应为 'rank'？）" in out
