"""The message catalogue: one table for the whole tool, both languages for every code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualindex.texts import CATALOGUE, Msg, display, msg, param_names, render, use_lang

SRC = Path(__file__).parents[1] / "src" / "qualindex"
CJK = re.compile(r"[\u3400-\u9fff]")
ZH = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")  # Chinese or its punctuation
# codes whose words are symbols or names, the same in both languages
# codes whose English words show a Chinese example of what to write
EXAMPLES = {"schema.text_needs_language"}
SYMBOLS = re.compile(
    r"col\.(lambda_max|ci|ri|cr|sha256|chi2)$|name\..*"
    r"|index\.needs\.(target|likert_scale|gap_scale|expectation)$"  # YAML keys to write
)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_zh_and_en_with_the_same_params(code: str) -> None:
    zh, en = CATALOGUE[code]
    assert zh.strip() and en.strip(), code
    assert param_names(zh) == param_names(en), code
    if not SYMBOLS.match(code):
        assert ZH.search(zh), f"{code}: the zh text has no Chinese: {zh!r}"
    if code not in EXAMPLES:
        assert not CJK.search(en), f"{code}: the en text has Chinese: {en!r}"


def test_a_message_keeps_its_code_and_params_and_renders_in_either_language() -> None:
    with use_lang("zh"):
        note = msg("cli.wrote", file="out.html")
    assert note == "已写入 out.html"
    assert isinstance(note, Msg)
    assert note.render("en") == "wrote out.html"
    assert note.as_dict() == {
        "code": "cli.wrote",
        "params": {"file": "out.html"},
        "message": "已写入 out.html",
    }


def test_the_report_and_questionnaire_words_are_in_the_one_catalogue() -> None:
    """No second table of words outside qualindex.texts (the report and questionnaires used to
    keep their own); their lookups read the catalogue."""
    from qualindex.questionnaire.text import t as qt
    from qualindex.report.messages import t as rt

    assert rt("section.audit", "zh") == render("section.audit", None, "zh") == "审计追踪"
    assert qt("en", "title") == render("questionnaire.title", None, "en")
    assert "_TEXT" not in (SRC / "report" / "messages.py").read_text(encoding="utf-8")
    assert not CJK.search((SRC / "questionnaire" / "text.py").read_text(encoding="utf-8"))


def test_raw_codes_have_display_names_in_both_languages() -> None:
    assert display("aggregation", "weighted-mean", "zh") != "weighted-mean"
    assert display("group", "aij", "zh") != "aij"
    assert display("cr_policy", "flag", "zh") != "flag"
    assert display("aggregation", "my-own", "zh") == "my-own"  # a user's own word stays
