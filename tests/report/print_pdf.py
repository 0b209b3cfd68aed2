"""Print an HTML file to an A4 PDF in Playwright's Chromium (the system binary), and/or
write the computed print styles the print test checks, as JSON.

    python -m tests.report.print_pdf CHROMIUM PAGE.html [--pdf OUT.pdf] [--styles OUT.json]

Run in its own process: Playwright's sync API refuses to start while another test's
Playwright session (the questionnaire tests') holds the event loop of the test process.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from playwright.sync_api import sync_playwright

STYLES = """() => {
    const css = (sel, prop) => [...document.querySelectorAll(sel)].map(
        e => getComputedStyle(e).getPropertyValue(prop));
    const long = [...document.querySelectorAll('.table-wrap')].filter(
        w => w.querySelectorAll('tbody tr').length > 16);
    return {
        h2: css('h2', 'break-after'), h3: css('h3', 'break-after'),
        thead: css('thead', 'display'), figure: css('figure', 'break-inside'),
        tr: css('tbody tr', 'break-inside'),
        long: long.map(w => getComputedStyle(w).getPropertyValue('break-inside')),
        sectionBreaks: css('section', 'break-before'),
    };
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("chromium")
    parser.add_argument("page", type=Path)
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--styles", type=Path)
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(args.page.resolve().as_uri())
        if args.pdf:
            page.pdf(path=str(args.pdf), format="A4", prefer_css_page_size=True)
        if args.styles:
            page.emulate_media(media="print")
            args.styles.write_text(json.dumps(page.evaluate(STYLES)), encoding="utf-8")
        browser.close()


if __name__ == "__main__":
    main()
