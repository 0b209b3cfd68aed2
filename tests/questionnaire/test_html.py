"""The offline HTML questionnaire in a real browser: loads from file://, shows the library's CR
for random answers (to 1e-9), marks the library's worst judgment, saves a file that collects
into the same weights."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qualindex.hierarchy.judgments import load_judgments
from qualindex.questionnaire import build_questionnaire, collect, write_questionnaires
from qualindex.questionnaire.delphi import own_answer
from qualindex.questionnaire.html import VALUES
from qualindex.run import load_project, weigh
from qualindex.weighting.ahp import ahp
from qualindex.weighting.diagnose import format_judgment, worst_judgments
from qualindex.weighting.incomplete import harker, lambda_optimal

ROOT = Path(__file__).parents[2]
INDEX = ROOT / "indicators" / "network-service-quality.yaml"
HAND = sorted((ROOT / "indicators" / "network-service-quality" / "judgments").glob("*.yaml"))

pytestmark = pytest.mark.browser


def _num(v: str) -> float:
    return 1.0 / float(v.split("/")[1]) if "/" in v else float(v)


class Page:
    """One questionnaire page, with every console message, error and request recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def answer(self, section: int, k: int, value: str) -> None:
        self.page.check(
            f'section[data-index="{section}"] input[name="p{section}-{k}"][value="{value}"]'
        )

    def cr(self, section: int) -> tuple[float, int, bool]:
        box = self.page.locator(f'section[data-index="{section}"] .cr')
        worst = self.page.locator(f'section[data-index="{section}"] tr.pair.worst')
        marked = int(worst.get_attribute("data-k")) if worst.count() else -1
        return float(box.get_attribute("data-cr")), marked, "bad" in box.get_attribute("class")


def _matrix(n: int, pairs: list[tuple[int, int]], values: list[str]) -> np.ndarray:
    m = np.full((n, n), np.nan)
    np.fill_diagonal(m, 1.0)
    for (i, j), v in zip(pairs, values, strict=True):
        m[i, j], m[j, i] = _num(v), 1 / _num(v)
    return m


def test_the_page_loads_from_file_without_errors_or_network(browser: Any, tmp_path: Path) -> None:
    project = load_project(INDEX)
    for lang in ("zh", "en"):
        (path,) = write_questionnaires(project, tmp_path / lang, fmt="html", lang=lang)
        page = Page(browser, path)
        assert page.console == []
        assert set(page.requests) == {page.url}
        text = page.page.locator("section.node").first.inner_text()
        assert ("服务态度" if lang == "zh" else "Service attitude") in text
        page.page.close()


def test_random_answers_show_the_library_cr_and_worst_judgment(
    browser: Any, tmp_path: Path
) -> None:
    project = load_project(INDEX)
    q = build_questionnaire(project)
    (path,) = write_questionnaires(project, tmp_path, fmt="html")
    page = Page(browser, path)
    rng = random.Random(20261202)
    over = 0
    for _ in range(12):
        for s, node in enumerate(q.nodes):
            values = [rng.choice(VALUES) for _ in node.pairs]
            for k, v in enumerate(values):
                page.answer(s, k, v)
            m = _matrix(len(node.items), list(node.pairs), values)
            lib = ahp(m, method=node.priority, ri_table=node.ri_table)
            cr, marked, bad = page.cr(s)
            assert cr == pytest.approx(lib.cr, abs=1e-9, rel=0)
            assert bad == (lib.cr > node.cr_limit)
            if bad:
                over += 1
                fix = worst_judgments(m, k=1, method=node.priority, ri_table=node.ri_table)[0]
                assert node.pairs[marked] == (fix.i, fix.j)
            else:
                assert marked == -1
    assert over > 5  # random answers are mostly inconsistent: the marking was exercised
    assert page.console == []


SUBSET_INDEX = """\
qualindex: 1
id: big-node
version: "1"
name: {zh: 大节点, en: Big node}
weighting: {method: ahp, incomplete: lambda-optimal}
children:
""" + "".join(
    f"""  - id: c{k}
    name: {{zh: 指标{k}, en: Item {k}}}
    weighting: {{method: ahp, incomplete: harker}}
    children:
      - {{id: c{k}a, name: {{en: A{k}}}, unit: "%", direction: higher, threshold: 1, target: 2}}
      - {{id: c{k}b, name: {{en: B{k}}}, unit: "%", direction: higher, threshold: 1, target: 2}}
      - {{id: c{k}c, name: {{en: C{k}}}, unit: "%", direction: higher, threshold: 1, target: 2}}
      - {{id: c{k}d, name: {{en: D{k}}}, unit: "%", direction: higher, threshold: 1, target: 2}}
"""
    for k in range(1, 8)
)


def test_a_subset_page_completes_as_the_library_does(browser: Any, tmp_path: Path) -> None:
    index = tmp_path / "big.yaml"
    index.write_text(SUBSET_INDEX, encoding="utf-8")
    project = load_project(index)
    q = build_questionnaire(project, subset=2)
    root, child = q.nodes[0], q.nodes[1]
    assert (len(root.pairs), len(child.pairs)) == (8, 5)  # of 21 and 6
    (path,) = write_questionnaires(project, tmp_path / "q", fmt="html", subset=2)
    page = Page(browser, path)
    # what is lost is stated: the star plus 2 pairs of 21 (variance ratio of subset_cost)
    steps = page.page.locator("ol.steps").inner_text()
    assert "大节点：询问 8/21 个比较" in steps and "独立回路 2 个（全部询问时 15 个）" in steps
    rng = random.Random(7)
    for _ in range(4):
        for s, node, solve in ((0, root, lambda_optimal), (1, child, harker)):
            values = [rng.choice(VALUES) for _ in node.pairs]
            for k, v in enumerate(values):
                page.answer(s, k, v)
            m = _matrix(len(node.items), list(node.pairs), values)
            lib = ahp(solve(m, ri_table=node.ri_table).matrix, ri_table=node.ri_table)
            assert page.cr(s)[0] == pytest.approx(lib.cr, abs=1e-9, rel=0)
    assert page.console == []


def test_the_saved_file_collects_into_the_same_weights(browser: Any, tmp_path: Path) -> None:
    project = load_project(INDEX)
    q = build_questionnaire(project)
    hand = {s.expert.id: s for s in load_judgments(HAND, project.index)}
    saved = []
    for eid, jset in hand.items():
        (path,) = write_questionnaires(project, tmp_path / "q", experts=[eid], fmt="html")
        page = Page(browser, path)
        for s, node in enumerate(q.nodes):
            for k, (a, b) in enumerate(node.pair_ids()):
                value = own_answer(jset, node, a, b)
                assert value is not None
                page.answer(s, k, format_judgment(value))
        page.page.select_option("#qi-familiarity", "familiar")
        for basis, level in (("practice", "high"), ("theory", "medium"), ("literature", "low"),
                             ("intuition", "medium")):  # fmt: skip
            page.page.select_option(f"#qi-basis-{basis}", level)
        if eid == "zhang":
            shot = tmp_path / "zhang.png"  # tools/make_screenshots.py makes the README's
            page.page.screenshot(path=str(shot), full_page=True)
            assert shot.read_bytes().startswith(b"\x89PNG")
            assert page.cr(0)[2]  # zhang's root is over the limit: marked
        with page.page.expect_download() as info:
            page.page.click("#qi-save")
        target = tmp_path / "answers" / info.value.suggested_filename
        info.value.save_as(target)
        saved.append(target)
        assert page.console == []
        page.page.close()
    assert sorted(p.name for p in saved) == [
        f"network-service-quality-{e}-answers.json" for e in ("li", "wang", "zhang")
    ]
    result = collect(saved, project, tmp_path / "judgments")
    collected = weigh(load_project(INDEX, list(result.written)))
    assert dict(collected.global_weights) == dict(weigh(load_project(INDEX, HAND)).global_weights)
    (jset,) = load_judgments([tmp_path / "judgments" / "li.yaml"], project.index)
    assert jset.expert.authority == pytest.approx((0.5 + 0.2 + 0.05 + 0.1 + 0.8) / 2, abs=1e-12)


def test_saving_with_unanswered_pairs_marks_them_and_writes_nothing(
    browser: Any, tmp_path: Path
) -> None:
    project = load_project(INDEX)
    (path,) = write_questionnaires(project, tmp_path, experts=["li"], fmt="html")
    page = Page(browser, path)
    page.answer(0, 0, "3")
    page.page.click("#qi-save")
    status = page.page.locator("#qi-status")
    assert status.get_attribute("class") == "bad"
    assert status.inner_text().startswith("19 ")  # 20 pairs, one answered
    assert page.page.locator("tr.pair.unanswered").count() == 19
