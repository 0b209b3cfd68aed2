"""Reports on runs past ``report.max_rows`` list each period's best and worst rows (issue 11).

Run through the installed command, so the options, the row limit of the run configuration
and every writer are what a user gets.  The numbers in the listed rows are those of the
report with every row (``--all-rows``); what was left out is said in the report's language,
in the notes and in the audit trail; the summary of all rows is in every format.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.evaluate.test_stream import _index, _project, _table

QUALINDEX = str(Path(sys.executable).parent / "qualindex")


def _run(tmp: Path, rows: int = 300, **report: object) -> Path:
    run = _project(tmp, _table(rows, 11, blank=0.05), "parquet", _index("reweight"))
    if report:
        doc = yaml.safe_load(run.read_text(encoding="utf-8"))
        doc["report"] = report
        run.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return run


def _report(run: Path, out: str, *args: str) -> str:
    done = subprocess.run(
        [QUALINDEX, "report", str(run), "-o", out, "--force", *args],
        capture_output=True, text=True, cwd=run.parent, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stderr


def _ranking(md: str) -> list[str]:
    """The ranking table's body lines of a Markdown report."""
    part = md.split("**Ranking in the latest period**")[1].split("\n\n")[1]
    return part.splitlines()[2:]


def test_markdown_lists_best_and_worst_with_the_numbers_of_all_rows(tmp_path: Path) -> None:
    run = _run(tmp_path)
    _report(run, "all.md", "--lang", "en", "--all-rows")
    _report(run, "some.md", "--lang", "en", "--max-rows", "30")
    every = (tmp_path / "all.md").read_text(encoding="utf-8")
    some = (tmp_path / "some.md").read_text(encoding="utf-8")
    full, kept = _ranking(every), _ranking(some)
    assert len(full) == 100  # 300 rows over 3 periods
    ranked = [line for line in full if not line.startswith("| – |")]
    gap = [line for line in kept if "rows not shown" in line]
    assert gap == [f"| … {100 - 10} rows not shown … |" + " – |" * 7]
    assert kept == [*ranked[:5], *gap, *ranked[-5:]]  # the same rows, the same numbers
    assert "Summary of all 300 rows" in some and "Summary of all" not in every
    assert "300 rows (100 entities) exceed the report's limit of 30" in some
    assert "- Entities: 100" in some
    assert "| Rows listed | 30 of 300 (each period's best and worst 5;" in some
    assert "sensitivity section (rank intervals) is left out" in some


def test_every_format_says_so_in_the_report_language(tmp_path: Path) -> None:
    run = _run(tmp_path, max_rows=40)  # report.max_rows of the run configuration
    _report(run, "r.html", "--lang", "zh")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "超过报告上限 40 行" in html and "全部 300 行汇总" in html
    assert re.search(r"…… 未列出 [\d,]+ 行 ……", html)
    _report(run, "r.docx", "--lang", "en")
    with zipfile.ZipFile(tmp_path / "r.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "Summary of all 300 rows" in body and "rows not shown" in body
    _report(run, "r.xlsx", "--lang", "en")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None}  # fmt: skip
    assert "Summary of all 300 rows" in cells
    assert any("rows not shown" in c for c in cells)
    assert any("exceed the report's limit of 40" in c for c in cells)


def test_footnotes_count_every_row_and_those_listed(tmp_path: Path) -> None:
    """Trimmed, "(n in all)" must be n over every row; the HTML contribution charts must not
    send the reader to an Excel report that lists the same rows."""
    run = _run(tmp_path)
    _report(run, "all.md", "--lang", "en", "--all-rows")
    _report(run, "some.md", "--lang", "en", "--max-rows", "30")
    every = (tmp_path / "all.md").read_text(encoding="utf-8")
    some = (tmp_path / "some.md").read_text(encoding="utf-8")
    n_partial = re.search(r"weight used is below 1 \((\d+) in all\)", every)
    n_filled = re.search(r"missing-value rule \([^)]*\): (\d+) in all\.", every)
    assert n_partial and n_filled
    listed = re.search(
        rf"below 1 \({n_partial[1]} in all rows, (\d+) of them among the rows listed\)", some
    )
    assert listed and 0 < int(listed[1]) < int(n_partial[1])
    filled = re.search(rf"\): {n_filled[1]} in all rows, (\d+) of them in the rows listed", some)
    assert filled and int(filled[1]) < int(n_filled[1])
    _report(run, "some.html", "--lang", "en", "--max-rows", "60")
    html = (tmp_path / "some.html").read_text(encoding="utf-8")
    assert "Showing 12 of the 20 rows listed for this period (100 in all)" in html
    assert "the Excel report has them all" not in html
    _report(run, "some-zh.html", "--lang", "zh", "--max-rows", "60")
    zh = (tmp_path / "some-zh.html").read_text(encoding="utf-8")
    assert "本期所列 20 行" in zh and "本期共 100 行" in zh


def test_within_the_limit_the_report_is_unchanged(tmp_path: Path) -> None:
    run = _run(tmp_path, rows=60)
    _report(run, "a.md", "--lang", "en")
    _report(run, "b.md", "--lang", "en", "--all-rows")
    strip = re.compile(r"^- Generated.*$|^\| Generated.*$", re.M)
    a = strip.sub("", (tmp_path / "a.md").read_text(encoding="utf-8"))
    b = strip.sub("", (tmp_path / "b.md").read_text(encoding="utf-8"))
    assert a == b and "rows not shown" not in a


@pytest.mark.parametrize("bad", ["1", "-3"])
def test_max_rows_below_two_is_refused(tmp_path: Path, bad: str) -> None:
    run = _run(tmp_path, rows=30)
    done = subprocess.run(
        [QUALINDEX, "report", str(run), "-o", "r.md", "--max-rows", bad],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_evaluate_table_lists_the_best_and_worst_streamed_or_not(tmp_path: Path) -> None:
    """``evaluate --format table`` lists at most --max-rows rows, with the note, from either
    engine (``--engine stream`` keeps only those rows; the table is no longer refused)."""
    run = _run(tmp_path)
    tables = {}
    for engine in ("memory", "stream"):
        done = subprocess.run(
            [QUALINDEX, "evaluate", str(run), "--engine", engine, "--max-rows", "12",
             "--lang", "en"],
            capture_output=True, text=True, cwd=tmp_path, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "300 rows (100 entities) exceed the report's limit of 12" in done.stderr
        tables[engine] = done.stdout
    lines = tables["memory"].splitlines()
    rows = [line for line in lines if re.match(r"^\s*│?\s*e\d+ ", line)]
    assert len(rows) == 12  # 3 periods x (2 best + 2 worst)
    assert tables["memory"] == tables["stream"]
    assert "Root — 12 of 300 rows listed" in lines[0]
    assert any("⋮ n: n rows of that period not shown" in line for line in lines)
    # by period and rank, the left-out rows said between each period's best and worst
    body = [line for line in lines if re.match(r"^\s*│", line)]
    gaps = [i for i, line in enumerate(body) if re.match(r"^\s*│ ⋮ 96 +│ 20\d\d ", line)]
    assert gaps == [2, 7, 12]
    ranks = [int(line.split("│")[7]) for line in body if re.match(r"^\s*│\s*e\d+ ", line)]
    assert ranks[:2] == [1, 2] and ranks[2] > 90 and ranks[4:6] == [1, 2]
