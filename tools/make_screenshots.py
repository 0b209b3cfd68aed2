"""Screenshots for the README: both questionnaires (docs/images/questionnaire-*.png) and the
first screen of the HTML report (docs/images/report.png).

    .venv/bin/python tools/make_screenshots.py [--out docs/images]

The HTML page is opened in headless Chromium (Playwright on the system binary, no browser
download) and answered with expert zhang's judgments of the built-in example, so the live CR
and the marked judgment show.  The Excel workbook is filled the same way with openpyxl and
printed by LibreOffice (``soffice --convert-to pdf``, then ``pdftoppm``): what Excel shows,
minus the drop-down arrows.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qualindex.questionnaire import build_questionnaire, write_questionnaires  # noqa: E402
from qualindex.questionnaire.delphi import own_answer  # noqa: E402
from qualindex.questionnaire.structure import pair_text  # noqa: E402
from qualindex.run import load_project  # noqa: E402
from qualindex.weighting.diagnose import format_judgment  # noqa: E402

RUN = ROOT / "indicators" / "network-service-quality" / "run.yaml"
EXPERT = "zhang"


def _trim(path: Path, pad: int = 12) -> None:
    im = Image.open(path).convert("RGB")
    bg = Image.new("RGB", im.size, (255, 255, 255))
    box = ImageChops.difference(im, bg).getbbox()
    if box:
        left, top, right, bottom = box
        im = im.crop((max(left - pad, 0), max(top - pad, 0), right + pad, bottom + pad))
    im.save(path)


class Skipped(Exception):
    """A screenshot whose tools are missing here (the others are still made)."""


def html_shot(out: Path, tmp: Path) -> Path:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Skipped("needs playwright (the test extra: pip install -e '.[test]')") from None
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        raise Skipped("needs chromium (Debian/Ubuntu: apt-get install chromium)")

    project = load_project(RUN)
    q = build_questionnaire(project)
    jset = next(s for s in project.judgments if s.expert.id == EXPERT)
    (page_file,) = write_questionnaires(project, tmp, experts=[EXPERT], fmt="html")
    target = out / "questionnaire-html.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1180, "height": 900})
        page.goto(page_file.resolve().as_uri())
        for s, node in enumerate(q.nodes):
            for k, (a, b) in enumerate(node.pair_ids()):
                value = format_judgment(own_answer(jset, node, a, b) or 1.0)
                page.check(f'input[name="p{s}-{k}"][value="{value}"]')
        page.select_option("#qi-familiarity", "familiar")
        for basis, level in (("practice", "high"), ("theory", "medium"),
                             ("literature", "low"), ("intuition", "medium")):  # fmt: skip
            page.select_option(f"#qi-basis-{basis}", level)
        bottom = page.evaluate(
            "document.querySelector('section.node').getBoundingClientRect().bottom + scrollY"
        )
        # a viewport as tall as the page, so the sticky save bar sits at its end, not mid-shot
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": 1180, "height": height})
        page.evaluate("scrollTo(0, 0)")
        page.screenshot(
            path=str(target),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1180, "height": bottom + 16},
        )
        browser.close()
    return target


def report_shot(out: Path, tmp: Path) -> Path:
    """The report of the built-in example (as `qualindex report` writes it), its first
    1200 x 1312 CSS pixels at 80 %."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Skipped("needs playwright (the test extra: pip install -e '.[test]')") from None
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        raise Skipped("needs chromium (Debian/Ubuntu: apt-get install chromium)")
    from qualindex.cli import _report_analyses
    from qualindex.report import write_report
    from qualindex.run import evaluate

    project = load_project(RUN)
    ev = evaluate(project)
    page_file = write_report(
        project, ev, tmp / "report.html", lang="zh", analyses=_report_analyses(project, ev)
    )
    target = out / "report.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1312}, device_scale_factor=0.8)
        page.goto(page_file.resolve().as_uri())
        page.screenshot(path=str(target))
        browser.close()
    return target


def xlsx_shot(out: Path, tmp: Path) -> Path:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        raise Skipped("needs LibreOffice Calc (soffice) and poppler (pdftoppm)")
    project = load_project(RUN)
    q = build_questionnaire(project)
    jset = next(s for s in project.judgments if s.expert.id == EXPERT)
    (book,) = write_questionnaires(project, tmp, experts=[EXPERT], fmt="xlsx")
    wb = openpyxl.load_workbook(book)
    rows = wb["_qualindex"].iter_rows(min_row=2, values_only=True)
    import json

    meta = {r[0]: json.loads(r[1]) for r in rows if r[0]}
    entry = meta["nodes"][0]
    ws = wb[entry["sheet"]]
    for k, (a, b) in enumerate(entry["pairs"]):
        value = own_answer(jset, q.nodes[0], a, b) or 1.0
        ws.cell(entry["first_row"] + k, 4).value = pair_text(value, "zh")
    for name in wb.sheetnames:  # print only the first node's sheet
        if name not in (entry["sheet"], "_scale"):
            del wb[name]
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = True
    printable = tmp / "sheet.xlsx"
    wb.save(printable)
    profile = (tmp / "lo-profile").resolve().as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(printable)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    if not (tmp / "sheet.pdf").is_file():  # LibreOffice Writer alone converts no workbook
        raise Skipped("needs LibreOffice Calc (Debian: libreoffice-calc-nogui)")
    target = out / "questionnaire-xlsx.png"
    subprocess.run(
        [pdftoppm, "-png", "-r", "110", "-singlefile", "-f", "1", "-l", "1",
         str(tmp / "sheet.pdf"), str(target.with_suffix(""))],
        check=True, timeout=120,
    )  # fmt: skip
    _trim(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qi-shots-") as tmp:
        shots = (("HTML questionnaire", html_shot), ("Excel questionnaire", xlsx_shot),
                 ("HTML report", report_shot))  # fmt: skip
        for name, make in shots:
            try:
                print(f"wrote {make(args.out, Path(tmp))}")
            except Skipped as why:
                print(f"note: no screenshot of the {name}: it {why}")


if __name__ == "__main__":
    main()
