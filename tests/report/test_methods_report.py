"""evaluate.methods in the reports: the "其他评价方法 / Other evaluation methods" section with
one table per method, and 障碍度 / obstacle degree beside the improvement priorities."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from qualindex.evaluate.results import Evaluation
from qualindex.report import write_report
from qualindex.report.messages import t
from qualindex.run import Project, evaluate, load_project
from tests.evaluate.test_methods_run import _project_copy

from .conftest import NOW

METHODS = """  methods:
    - {method: grey, rho: 0.5, reference: ideal}
    - {method: rsr, ranking: non_integer, grades: 3}
    - {method: coupling, systems: [attitude, efficiency, professionalism], rescale: spssau}
    - {method: vikor, v: 0.5}
    - {method: topsis, normalisation: minmax, input: raw}
    - {method: entropy-topsis}
    - {method: obstacle}
"""
NAMES = ("grey", "rsr", "coupling", "vikor", "topsis", "entropy-topsis")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Evaluation]:
    project = load_project(_project_copy(tmp_path_factory.mktemp("m"), METHODS))
    return project, evaluate(project)


def _write(run: tuple[Project, Evaluation], path: Path, lang: str) -> Path:
    return write_report(run[0], run[1], path, lang=lang, now=NOW)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_has_the_section_with_a_table_per_method(
    run: tuple[Project, Evaluation], tmp_path: Path, lang: str
) -> None:
    html = _write(run, tmp_path / "r.html", lang).read_text(encoding="utf-8")
    section = t("section.evalmethods", lang)
    assert section == ("其他评价方法" if lang == "zh" else "Other evaluation methods")
    assert f'<a href="#evalmethods">{section}</a>' in html  # in the contents
    body = html.split('<section id="evalmethods">', 1)[1].split("</section>", 1)[0]
    assert f"<h2>{section}</h2>" in body
    for name in NAMES:
        assert t(f"evalmethod.{name}", lang) in body
    assert "rho=0.5, reference=ideal" in body and "systems=attitude, efficiency" in body
    # the methods section comes before the notes
    assert html.index('id="evalmethods"') < html.index('id="notes"')
    # 障碍度 beside the priorities
    prio = html.split('<section id="priorities">', 1)[1].split("</section>", 1)[0]
    assert t("evalmethod.obstacle", lang) in prio and t("table.obstacle_dimensions", lang) in prio
    assert ("障碍度" if lang == "zh" else "Obstacle degree") in prio


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_has_the_section_and_the_values(
    run: tuple[Project, Evaluation], tmp_path: Path, lang: str
) -> None:
    md = _write(run, tmp_path / "r.md", lang).read_text(encoding="utf-8")
    heading = re.search(rf"^## \d+\. {re.escape(t('section.evalmethods', lang))}$", md, re.M)
    assert heading is not None
    ev = run[1]
    grey = next(m for m in ev.compared if m.key == "grey")
    best = next(r for r in range(len(ev.data)) if grey.rank[r] == 1)
    assert f"| {grey.values[best]:.4f} | 1 |" in md
    assert t("table.obstacle", lang) in md
    coupling = next(m for m in ev.compared if m.key == "coupling")
    levels = {coupling.levels[k - 1][0 if lang == "zh" else 1] for k in coupling.grade if k}
    assert levels and all(level in md for level in levels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_has_a_methods_sheet_and_obstacle_tables(
    run: tuple[Project, Evaluation], tmp_path: Path, lang: str
) -> None:
    wb = openpyxl.load_workbook(_write(run, tmp_path / "r.xlsx", lang))
    assert t("sheet.evalmethods", lang) in wb.sheetnames
    cells = [c.value for row in wb[t("sheet.evalmethods", lang)].iter_rows() for c in row]
    texts = [v for v in cells if isinstance(v, str)]
    at = [
        next(i for i, v in enumerate(texts) if v.startswith(t(f"evalmethod.{n}", lang) + " ("))
        for n in NAMES
    ]
    assert at == sorted(at)  # one titled table per method, in the configuration's order
    vikor = next(m for m in run[1].compared if m.key == "vikor")
    numbers = {round(float(v), 12) for v in cells if isinstance(v, (int, float))}
    assert {round(float(q), 12) for q in vikor.values if q == q} <= numbers
    diag = [c.value for row in wb[t("sheet.diagnostics", lang)].iter_rows() for c in row]
    assert t("table.obstacle", lang) in diag


def test_without_methods_the_report_has_no_such_section(
    nsq: tuple[Project, Evaluation], tmp_path: Path
) -> None:
    html = write_report(*nsq, tmp_path / "r.html", lang="zh", now=NOW).read_text(encoding="utf-8")
    assert 'id="evalmethods"' not in html and t("section.evalmethods", "zh") not in html
    assert t("table.obstacle", "zh") not in html
