"""One language per output: every command with ``--lang zh`` shows no English prose, and with
``--lang en`` no Chinese prose (issue #10, item 5).

The scan runs each command on the demo project and ``validate`` on every bad input in
``tests/data/invalid``.  What may stay in the other script is what the user wrote or what has
one name in both languages: ids, entity and expert ids, group values, file paths, numbers,
method symbols (CR, AHP, TOPSIS ...) and anything in backticks (commands, options).  English
prose is a run of three or more English words left after those are taken out.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from typer.testing import CliRunner

from qualindex import choices
from qualindex.cli import app
from qualindex.run import load_project

ROOT = Path(__file__).parents[1]
DEMO = ROOT / "indicators" / "network-service-quality"
RUN = str(DEMO / "run.yaml")
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))
runner = CliRunner()

# the same in both languages: symbols, method acronyms, authors and tools
_SAME = """CR CI RI AHP AIJ AIP TOPSIS VIKOR RSR DEMATEL CRITIC BWM FCE IPA KPI Saaty Sobol
Kendall Babington Smith Ca Cs Cr
Cronbach Harker Buckley Chang Donegan Dodd Alonso Lamata ahpsurvey qualindex YAML JSON
CSV UTF SVG PNG PDF HTML Excel xlsx vs log a_ij n W S D R T Q C"""
# and the codes a user writes in the YAML files (choices offered by name in messages)
_CODES = {
    str(v)
    for name in dir(choices)
    if get_origin(getattr(choices, name)) is Literal
    for v in get_args(getattr(choices, name))
}
_SCORING = "linear goalposts piecewise band relative minmax ratio zscore rank likert gap points"
SYMBOLS = set(_SAME.split()) | _CODES | set(_SCORING.split())
WORD = r"[A-Za-z][A-Za-z'’]*"
PROSE = re.compile(rf"(?<![\w/.-]){WORD}(?:[ ,;:()]+{WORD}){{2,}}(?![\w/.-])")
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def _user_words() -> set[str]:
    """What the demo's files name: node, expert, entity ids, column names and group values."""
    project = load_project(RUN)
    index = project.index
    words = set(index.nodes)
    for node in index.nodes.values():  # names and units as the index file writes them
        words |= {node.name.get("zh"), node.name.get("en")}
        if node.indicator is not None and node.indicator.unit:
            words.add(node.indicator.unit)
    words |= {j.expert.id for j in project.all_judgments}
    words |= {j.expert.display for j in project.all_judgments}
    for table in ("kpi.csv", "survey.csv"):
        for line in (DEMO / "data" / table).read_text(encoding="utf-8").splitlines():
            words |= set(re.split(r"[,\s]+", line))
    return {w for w in words if w}


USER = _user_words()


def _strip(text: str, user: set[str] | None = None) -> str:
    """The text without what may be in either language (see the module docstring)."""
    user = USER if user is None else user
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # quoted values: the user's words
    text = re.sub(r"\S*[/\\]\S*|\S+\.(?:ya?ml|csv|xlsx|json|html|svg|png|md)\b", " ", text)
    # a YAML key or path a message names ("data.files[0]:", in Chinese "pairwise.school：")
    text = re.sub(r"\b[A-Za-z][\w.-]*[:：](?![/\\])", " ", text)
    tokens = re.split(r"(\s+|[,;:()（），。；：、]+)", text)
    kept = [
        "〇" if (t in user or t in SYMBOLS or re.search(r"[\d_=<>+*#@{}\[\]|-]", t)) else t
        for t in tokens
    ]
    return "".join(kept)


MERMAID = re.compile(r"^\s*(classDef|class|flowchart|%%) ")  # diagram syntax, not words


def english_prose(text: str, user: set[str] | None = None) -> list[str]:
    """Runs of three or more English words left when ``user``'s words (default: the demo's)
    and the symbols are taken out."""
    lines = [line for line in text.splitlines() if not MERMAID.match(line)]
    return [m.group(0) for line in lines for m in PROSE.finditer(_strip(line, user))]


def chinese_prose(text: str, user: set[str] | None = None) -> list[str]:
    """Runs of Chinese characters that are not part of a name in ``user``'s words."""
    user = USER if user is None else user
    names = {w for w in user if CJK_RUN.search(w)} | {"指标体系"}  # the catalogue's own name
    found = []
    for line in text.splitlines():
        for m in CJK_RUN.finditer(line):
            if not any(m.group(0) in n for n in names):
                found.append(m.group(0))
    return found


def _json_texts(doc: object) -> list[str]:
    """The sentences a JSON output holds for people: its messages, notes and warnings."""
    if isinstance(doc, dict):
        out = []
        for k, v in doc.items():
            if k in ("message", "fix", "notes", "warnings") and isinstance(v, str):
                out.append(v)
            elif k in ("notes", "warnings") and isinstance(v, list):
                out += [x for x in v if isinstance(x, str)]
            else:
                out += _json_texts(v)
        return out
    if isinstance(doc, list):
        return [t for x in doc for t in _json_texts(x)]
    return []


INDEX = str(ROOT / "indicators" / "network-service-quality.yaml")
JUDGMENTS = [str(p) for p in sorted((DEMO / "judgments").glob("*.yaml"))]
COMMANDS = [
    ["validate", INDEX, RUN, *JUDGMENTS],
    ["show", INDEX],
    ["diagram", RUN, "--weights", "both", "--format", "mermaid"],
    ["weights", RUN],
    ["consistency", RUN],
    ["evaluate", RUN],
    ["sensitivity", RUN, "--draws", "40", "--seed", "1"],
]
JSON_COMMANDS = [
    ["weights", RUN, "--format", "json"],
    ["evaluate", RUN, "--format", "json"],
]


def _run(args: list[str], lang: str, *, stdout: bool = False) -> str:
    result = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    return result.stdout if stdout else result.output


def test_the_scanner_sees_prose_and_lets_names_pass() -> None:
    """The scan must be able to fail: English sentences are found, ids and symbols are not."""
    assert english_prose("left empty: only 40% of its weight has data")
    assert english_prose("网络：expert 'zhang' CR 0.132 > 0.10 (excluded from the group)")
    assert not english_prose("network-service-quality：专家 zhang 的 CR 0.132 > 0.10")
    assert not english_prose("见 `qualindex consistency --lang zh` 与 data/kpi.csv")
    assert chinese_prose("expert zhang: 超过限值") and not chinese_prose("expert zhang")


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_zh_output_has_no_english_prose(args: list[str]) -> None:
    assert english_prose(_run(args, "zh")) == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_en_output_has_no_chinese_prose(args: list[str]) -> None:
    text = _run(args, "en")
    assert chinese_prose(text) == []


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: a[0])
def test_zh_json_messages_are_chinese_and_keep_their_codes(args: list[str]) -> None:
    doc = json.loads(_run(args, "zh", stdout=True))
    texts = _json_texts(doc)
    assert texts and all(english_prose(t) == [] for t in texts), texts
    coded = doc.get("warnings_coded", [])
    assert coded and all(w["code"] and w["message"] in texts for w in coded)


def test_zh_report_has_no_english_prose(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    _run(["report", RUN, "-o", str(out)], "zh")
    text = out.read_text(encoding="utf-8")
    # the mermaid diagram holds ids only; the audit lists library names and versions
    text = re.sub(r"```mermaid.*?```", "", text, flags=re.S)
    assert english_prose(text) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_zh_errors_have_no_english_prose(path: Path) -> None:
    out = _run(["validate", str(path)], "zh")
    assert english_prose(out) == [], out


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "1/3 位专家超限：zhang"), ("en", "1/3 experts over")]
)
def test_the_diagram_names_failing_experts_in_its_language(
    tmp_path: Path, lang: str, said: str
) -> None:
    out = tmp_path / "tree.svg"
    _run(["diagram", RUN, "--weights", "both", "-o", str(out)], lang)
    svg = out.read_text(encoding="utf-8")
    assert said in svg
    assert ("experts over" in svg) == (lang == "en")


def test_zh_html_report_has_no_english_prose(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    _run(["report", RUN, "-o", str(out)], "zh")
    page = out.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    assert english_prose(text) == []
