"""The message catalogue: both languages for every key, and no report text elsewhere."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from qualindex.errors import InputError
from qualindex.evaluate.priority import IPA_LABELS
from qualindex.report.html import SECTIONS
from qualindex.report.messages import LANGS, MESSAGES, t

REPORT = Path(__file__).parents[2] / "src" / "qualindex" / "report"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
        assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_chinese_text_is_chinese_and_english_text_is_not() -> None:
    symbols = {k for k, v in MESSAGES.items() if v["zh"] == v["en"]}  # λmax, CI, CR, RI ...
    assert symbols <= {"col.lambda_max", "col.ci", "col.ri", "col.cr", "col.sha256", "col.chi2"}
    for key, entry in MESSAGES.items():
        if key not in symbols:
            assert CJK.search(entry["zh"]), key
            assert not CJK.search(entry["en"].replace("（", "")), key


def test_lookup_fills_placeholders_and_names_unknown_keys() -> None:
    assert t("report.latest", "zh", period="2026Q3") == "最新一期：2026Q3"
    assert t("report.latest", "en", period="2026Q3") == "Latest period: 2026Q3"
    with pytest.raises(KeyError, match=r"did you mean 'section\.audit'"):
        t("section.audti", "zh")
    with pytest.raises(InputError, match="lang='fr' is not one of zh, en"):
        t("section.audit", "fr")


def test_quadrant_names_are_the_evaluation_s_own() -> None:
    for key, labels in IPA_LABELS.items():
        assert t(f"quadrant.{key}", "zh") == labels["zh"]
        assert t(f"quadrant.{key}", "en") == labels["en"]


def test_templates_and_writers_hold_no_report_text_of_their_own() -> None:
    """Chinese text anywhere but the catalogue would be a literal that escaped it."""
    sources = [p for p in REPORT.rglob("*") if p.suffix in (".py", ".j2", ".css")]
    assert any(p.suffix == ".j2" for p in sources)
    for path in sources:
        if path.name not in ("messages.py", "messages_doc.py"):  # the catalogue's two parts
            assert not CJK.search(path.read_text(encoding="utf-8")), path.name


def test_every_key_the_template_asks_for_exists() -> None:
    template = (REPORT / "templates" / "report.html.j2").read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(\s*["']([a-z_.-]+)["']\s*[,)]""", template))
    keys |= {f"section.{s}" for s in SECTIONS}  # asked for as t("section." ~ s)
    assert keys and keys <= set(MESSAGES), keys - set(MESSAGES)
