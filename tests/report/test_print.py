"""The HTML report printed on A4 by real headless Chromium (Playwright on the system binary):
few pages, none mostly empty but the last, the radar chart on page 1, and the print rules
that keep headings with what follows, repeat table headers and never split a figure.

The PDF's pages are rendered with poppler's ``pdftoppm`` and measured: how far down the
page the last non-white pixel row lies.  The page images are left in the test's tmp_path
for a person to look at.  Skipped without Chromium, Playwright or poppler, except on CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses, write_report
from qualindex.report.messages import t
from qualindex.run import Project

from .chromium import find_chromium
from .conftest import NOW

pytestmark = pytest.mark.browser

A4 = (595.3, 841.9)  # points
MIN_FILL = 0.5  # every page but the last is at least half used, top to last line


def _require(reason: str | None) -> None:
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the print tests, not skip them")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> str:
    """The Chromium binary, once Playwright and poppler are known to be there."""
    path = find_chromium()
    _require(None if path else "headless Chromium not found (apt-get install chromium)")
    _require(
        None if shutil.which("pdftoppm") else "pdftoppm not found (apt-get install poppler-utils)"
    )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require("playwright is not installed (the test extra)")
    assert path is not None
    return path


def _playwright(chromium: str, html: Path, *options: str) -> None:
    """tests/report/print_pdf.py in its own process (see there why)."""
    root = Path(__file__).parents[2]
    command = [sys.executable, "-m", "tests.report.print_pdf", chromium, str(html), *options]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def _fill(png: Path) -> float:
    """How far down the page its content reaches: the last row with a non-white pixel."""
    im = Image.open(png).convert("L")
    width, height = im.size
    rows = [y for y in range(height) if im.crop((0, y, width, y + 1)).getextrema()[0] < 235]
    return (rows[-1] + 1) / height if rows else 0.0


def _print(browser: str, html: Path, pdf: Path) -> list[float]:
    _playwright(browser, html, "--pdf", str(pdf))
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    return [_fill(p) for p in pages]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_prints_on_a4_without_half_empty_pages(
    lang: str,
    browser: str,
    nsq: tuple[Project, Evaluation],
    nsq_analyses: Analyses,
    tmp_path: Path,
) -> None:
    """The example printed: 13 pages before (a break before every section left several 60-80 %
    blank); now at most 12 with the IPA charts added, each but the last at least half full,
    the level-1 radar chart on page 1 and the appendices (audit trail) last."""
    project, ev = nsq
    html = write_report(
        project, ev, tmp_path / f"report-{lang}.html", lang=lang, now=NOW, analyses=nsq_analyses
    )
    pdf = tmp_path / f"report-{lang}.pdf"
    fills = _print(browser, html, pdf)
    assert 6 <= len(fills) <= 12, fills
    assert all(f >= MIN_FILL for f in fills[:-1]), fills
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    latest = ev.period_order()[-1]
    assert t("figure.dimensions", lang, period=latest) in " ".join(first.split())
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) == len(fills)
    assert all(abs(float(w) - A4[0]) < 1 and abs(float(h) - A4[1]) < 1 for w, h in boxes)


def test_print_rules_keep_headings_repeat_headers_and_never_split_figures(
    browser: str, nsq: tuple[Project, Evaluation], nsq_analyses: Analyses, tmp_path: Path
) -> None:
    """Under print media: headings avoid a break after them, table headers repeat on every
    page (table-header-group), long tables may break (no keep class) and figures and table
    rows never split."""
    project, ev = nsq
    html = write_report(project, ev, tmp_path / "r.html", lang="en", now=NOW, analyses=nsq_analyses)
    out = tmp_path / "styles.json"
    _playwright(browser, html, "--styles", str(out))
    styles = json.loads(out.read_text(encoding="utf-8"))
    assert styles["h2"] and set(styles["h2"]) == {"avoid"}
    assert set(styles["h3"]) <= {"avoid"}
    assert set(styles["thead"]) == {"table-header-group"}
    assert styles["figure"] and set(styles["figure"]) == {"avoid"}
    assert set(styles["tr"]) == {"avoid"}
    assert styles["long"] and set(styles["long"]) == {"auto"}  # long tables break
    assert "page" not in styles["sectionBreaks"]


@pytest.mark.parametrize("entry", ["gov-service-haochaping", "acsi"])
def test_catalogue_reports_print_without_half_empty_pages(
    entry: str, browser: str, tmp_path: Path
) -> None:
    """Two more shapes: 11 indicators with a wide hierarchy (the radar once went to page 2,
    leaving page 2 half empty before the diagram) and ACSI (a tall tornado chart once left
    a page 46 % full)."""
    from tests.helpers import report_analyses, run_project

    from .conftest import ROOT

    project, ev = run_project(ROOT / "indicators" / entry / "run.yaml")
    html = write_report(
        project, ev, tmp_path / "r.html", lang="zh", now=NOW,
        analyses=report_analyses(project, ev),
    )  # fmt: skip
    fills = _print(browser, html, tmp_path / "r.pdf")
    assert all(f >= MIN_FILL for f in fills[:-1]), fills
