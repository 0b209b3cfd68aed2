"""The Excel report: sheets, headers, numbers as numbers, formats, frozen headers, atomic."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from qualindex.errors import InputError
from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses, write_report
from qualindex.report.messages import t
from qualindex.run import Project

from .conftest import NOW

SHEETS = (
    "index", "weights", "consistency", "scores", "diagnostics", "groups", "fce", "sensitivity",
    "audit",
)  # fmt: skip


@pytest.fixture(scope="module", params=["zh", "en"])
def book(
    request: pytest.FixtureRequest,
    nsq: tuple[Project, Evaluation],
    nsq_analyses: Analyses,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[openpyxl.Workbook, str]:
    project, ev = nsq
    path = tmp_path_factory.mktemp("xlsx") / f"report-{request.param}.xlsx"
    write_report(project, ev, path, lang=request.param, now=NOW, analyses=nsq_analyses)
    return openpyxl.load_workbook(path), request.param


def _header(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheets_in_order_with_bold_frozen_headers(book: tuple[openpyxl.Workbook, str]) -> None:
    wb, lang = book
    assert wb.sheetnames == [t(f"sheet.{s}", lang) for s in SHEETS]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in ws[1] if c.value is not None), ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1] if c.value]
        assert all(w and w >= 6 for w in widths), ws.title


def test_scores_are_number_cells_equal_to_the_evaluation(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    wb, lang = book
    _, ev = nsq
    ws = wb[t("sheet.scores", lang)]
    header = _header(ws)
    entity, period = header.index(t("col.entity", lang)), header.index(t("col.period", lang))
    composite = header.index(t("col.composite", lang))
    rank = header.index(t("col.rank", lang))
    rows = {(r[entity].value, r[period].value): r for r in ws.iter_rows(min_row=2)}
    assert len(rows) == len(ev.data)
    for r in range(len(ev.data)):
        row = rows[(ev.data.entities[r], ev.data.periods[r])]
        cell = row[composite]
        assert cell.data_type == "n" and cell.number_format == "0.0"
        assert cell.value == pytest.approx(ev.composite[r], abs=1e-12)
        assert row[rank].value == ev.rank[r]
    # every node's score, named with its id
    security = header.index(next(h for h in header if h.endswith("[security]")))
    first = rows[(ev.data.entities[0], ev.data.periods[0])]
    assert first[security].value == pytest.approx(ev.scores.nodes["security"][0])


def test_weights_and_consistency_are_numbers_with_four_decimals(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    wb, lang = book
    _, ev = nsq
    tw = ev.scores.weights
    ws = wb[t("sheet.weights", lang)]
    header = _header(ws)
    ids = header.index(t("col.id", lang))
    local, glob = header.index(t("col.local", lang)), header.index(t("col.global", lang))
    for row in ws.iter_rows(min_row=2):
        node = row[ids].value
        assert row[local].value == pytest.approx(tw.local[node])
        assert row[glob].value == pytest.approx(tw.global_weights[node])
        assert row[glob].number_format == "0.0000"
    ws = wb[t("sheet.consistency", lang)]
    header = _header(ws)
    cr, expert = header.index(t("col.cr", lang)), header.index(t("col.expert", lang))
    zhang = [r for r in ws.iter_rows(min_row=2) if r[expert].value == "zhang"]
    root = tw.nodes[ev.index.id]
    check = next(x for x in root.experts if x.expert == "zhang")
    assert zhang[0][cr].data_type == "n" and zhang[0][cr].value == pytest.approx(check.cr)
    assert zhang[0][cr].font.color.rgb.endswith("B42318")  # over its limit: red


def test_index_diagnostics_and_audit(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    project, ev = nsq
    wb, lang = book
    index = wb[t("sheet.index", lang)]
    assert [r[0].value for r in index.iter_rows(min_row=2)] == [n.id for n in ev.index.walk()]
    diag = wb[t("sheet.diagnostics", lang)]
    header = _header(diag)
    shortfall = header.index(t("col.shortfall", lang))
    first = ev.priorities[0][0]
    assert diag.cell(2, shortfall + 1).value == pytest.approx(first.shortfall)
    assert sum(len(p) for p in ev.priorities) + 1 < diag.max_row  # short boards below
    audit = wb[t("sheet.audit", lang)]
    digests = {r[2].value for r in audit.iter_rows(min_row=2) if r[2].value}
    from qualindex.report.audit import sha256_file

    assert {sha256_file(p) for p in project.inputs} <= digests


def test_missing_scores_are_empty_cells_not_text(
    one_period: tuple[Project, Evaluation], tmp_path: Path
) -> None:
    project, ev = one_period
    path = write_report(project, ev, tmp_path / "one.xlsx", lang="en", now=NOW)
    ws = openpyxl.load_workbook(path)["Scores"]
    composite = _header(ws).index("Composite")
    values = {r[0].value: r[composite].value for r in ws.iter_rows(min_row=2)}
    missing = [e for e, s in zip(ev.data.entities, ev.composite, strict=True) if math.isnan(s)]
    assert missing and all(values[e] is None for e in missing)


def test_never_over_an_input_and_no_temporary_files_left(
    nsq: tuple[Project, Evaluation], tmp_path: Path
) -> None:
    project, ev = nsq
    target = project.inputs[-1]  # a data file
    before = target.read_bytes()
    with pytest.raises(InputError, match="refusing to write"):
        write_report(project, ev, target, kind="xlsx")
    assert target.read_bytes() == before
    write_report(project, ev, tmp_path / "r.xlsx", now=NOW)
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
