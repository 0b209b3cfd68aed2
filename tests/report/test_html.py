"""The HTML report: self-contained, every section, audit hashes, both languages, escaping."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses
from qualindex.report.audit import sha256_file
from qualindex.report.html import APPENDICES, SECTIONS, render_html
from qualindex.report.messages import t
from qualindex.run import Project
from qualindex.texts import Msg, in_lang

from .conftest import NOW


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of h2 headings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "h2":  # text in tags inside the heading (the appendix letter) counts too
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_h2 = self._in_h2 and tag != "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2[-1] += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module", params=["zh", "en"])
def report(
    request: pytest.FixtureRequest, nsq: tuple[Project, Evaluation], nsq_analyses: Analyses
) -> tuple[str, str]:
    project, ev = nsq
    html = render_html(project, ev, lang=request.param, now=NOW, analyses=nsq_analyses)
    return html, request.param


def test_self_contained_no_script_no_external_resource(report: tuple[str, str]) -> None:
    html, _ = report
    tags = _parse(html).tags
    names = {tag for tag, _ in tags}
    assert not names & {"link", "script", "img", "iframe", "object", "embed"}
    for tag, attrs in tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value or value.startswith("#"), (tag, name, value)
    assert "http://" not in html and "https://" not in html
    assert "@import" not in html and "url(" not in html.replace("url(#", "")


def test_ids_are_unique_so_inline_charts_do_not_clash(report: tuple[str, str]) -> None:
    ids = [a["id"] for _, a in _parse(report[0]).tags if a.get("id")]
    assert len(ids) == len(set(ids)) and len(ids) > 50
    assert report[0].count("<svg") >= 7  # hierarchy, dimensions, 4 entities, periods, groups


def test_every_section_in_order_from_the_catalogue(report: tuple[str, str]) -> None:
    html, lang = report
    headings = [" ".join(h.split()) for h in _parse(html).h2]
    # the example has judgments, so the ranking's sensitivity ends the body; the appendices
    # (lettered) hold the experts' judgments, the notes and the audit trail
    body = [t(f"section.{s}", lang) for s in (*SECTIONS, "sensitivity")]
    appendices = [
        f"{t('report.appendix', lang, letter=letter)} {t(f'section.{a}', lang)}"
        for letter, a in zip("ABC", APPENDICES, strict=True)
    ]
    assert headings == body + appendices
    # the body reads like a report: digests and file:line locations only in the appendices
    appendix = html.index('id="experts"')
    assert "sha256" not in html[:appendix].lower() and ".yaml:" not in html[:appendix]
    assert f"<title>{t('report.title', lang)}" not in html  # index name comes first
    assert 'lang="zh-CN"' in html if lang == "zh" else 'lang="en"' in html


def test_audit_hashes_and_results_are_in_the_page(
    report: tuple[str, str], nsq: tuple[Project, Evaluation]
) -> None:
    html, lang = report
    project, ev = nsq
    for path in project.inputs:
        assert sha256_file(path) in html
    assert "2026-07-01 08:30:00 UTC" in html
    for r in range(len(ev.data)):
        assert f">{ev.composite[r]:.1f}<" in html
    grades = {g.label.get(lang) for g in ev.grades if g}
    assert "badge tone-grade-" in html and all(g in html for g in grades)
    assert t("quadrant.concentrate_here", lang) in html
    notes = (*ev.notes, *ev.scores.weights.warnings)
    # every note in the page's own language, whatever language the evaluation spoke
    assert notes and all(escape(in_lang(note, lang) or "") in html for note in notes)
    assert all(isinstance(note, Msg) for note in notes)


def test_languages_differ_only_by_catalogue(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    zh, en = (render_html(project, ev, lang=lang, now=NOW) for lang in ("zh", "en"))
    assert t("section.consistency", "zh") in zh and t("section.consistency", "zh") not in en
    assert t("section.consistency", "en") in en
    assert "服务可靠性" in zh and "Reliability" in en and "服务可靠性" not in en


def test_text_from_data_is_escaped(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    hostile = "<b onclick=x>P&1</b>"
    entities = (hostile, *ev.data.entities[1:])
    bad = dataclasses.replace(ev, data=dataclasses.replace(ev.data, entities=entities))
    html = render_html(project, bad, lang="en", now=NOW)
    assert hostile not in html and "&lt;b onclick=x&gt;P&amp;1&lt;/b&gt;" in html


def test_missing_scores_and_single_period(one_period: tuple[Project, Evaluation]) -> None:
    project, ev = one_period
    html = render_html(project, ev, lang="zh", now=NOW)
    assert '<span class="na">–</span>' in html
    assert t("figure.periods", "zh") not in html  # one period: no period chart
    headers = [h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    assert t("col.composite", "zh") in headers
    assert t("col.change", "zh") not in headers and t("col.period", "zh") not in headers
    assert t("section.fce", "zh") not in html  # no survey answers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fce_and_ipa_say_how_to_read_them_in_html_and_markdown(
    lang: str, nsq: tuple[Project, Evaluation]
) -> None:
    """FCE is named a supplementary view beside the composite, and the priorities say where
    the IPA cuts sit (1/k and the cn-5 pass mark 60), in both the HTML and the Markdown."""
    from qualindex.report.markdown import render_markdown

    project, ev = nsq
    k = len(ev.data.leaves)
    ipa = t(
        "explain.ipa_scale", lang, importance=f"{1 / k:.4f}", k=k, performance="60",
        basis=t("ipa.basis_grade", lang, grade=ev.index.grades.bands[3].label.get(lang)),
    )  # fmt: skip
    for text in (
        render_html(project, ev, lang=lang, now=NOW),
        render_markdown(project, ev, lang=lang, now=NOW),
    ):
        flat = " ".join(text.split())
        for needle in (t("explain.fce_relation", lang), ipa):
            words = " ".join(needle.split())
            assert words in flat or str(escape(words)) in flat, words
