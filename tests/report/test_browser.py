"""The HTML report in a real browser: headless Chromium loads it from a file with no console
message, no script error and no network request, and draws and prints it.

Skipped where Chromium is missing, except on CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses, write_report
from qualindex.run import Project

from .chromium import FLAGS, load_page
from .conftest import NOW

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF (Chromium writes plain MediaBoxes)."""
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_loads_cleanly_renders_and_prints_on_a4(
    lang: str,
    chromium: str,
    nsq: tuple[Project, Evaluation],
    nsq_analyses: Analyses,
    tmp_path: Path,
) -> None:
    project, ev = nsq
    page = write_report(
        project, ev, tmp_path / f"report-{lang}.html", lang=lang, now=NOW, analyses=nsq_analyses
    )
    result = load_page(chromium, page)
    assert result.console == [] and result.exceptions == [] and result.log_errors == []
    assert result.requests == []  # self-contained: nothing fetched besides the file
    assert result.width <= 1280  # no horizontal overflow at desktop width
    width, height = _png_size(result.screenshot)
    assert width == 1280 and height == result.height > 4000
    (tmp_path / f"report-{lang}.png").write_bytes(result.screenshot)
    pages = _pdf_pages(result.pdf)
    assert len(pages) >= 5  # a page break before each section
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in pages)  # A4


def test_the_checks_can_fail(chromium: str, tmp_path: Path) -> None:
    """A page with a script error, a console message and a remote image is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><img src='http://example.invalid/x.png'>"
        "<script>console.error('boom'); missing();</script></body></html>",
        encoding="utf-8",
    )
    result = load_page(chromium, page, pdf=False)
    assert result.console == ["error: boom"]
    assert len(result.exceptions) == 1 and "missing is not defined" in result.exceptions[0]
    assert result.requests == ["http://example.invalid/x.png"]


def test_plain_command_line_screenshot(
    chromium: str, nsq: tuple[Project, Evaluation], tmp_path: Path
) -> None:
    """The one-shot form CI scripts use: ``--screenshot`` and console lines on stderr."""
    project, ev = nsq
    page = write_report(project, ev, tmp_path / "report.html", lang="zh", now=NOW)
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={shot}",
            "--window-size=1280,4000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [
        line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    assert _png_size(shot.read_bytes()) == (1280, 4000)
