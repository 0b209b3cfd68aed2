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
    "index", "weights", "consistency", "scores", "values", "charts", "diagnostics", "groups",
    "fce", "sensitivity", "matrices", "notes", "audit",
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
        # the matrices are many like tables, each under its title: no header row to freeze
        assert ws.freeze_panes == (None if ws.title == t("sheet.matrices", lang) else "A2")
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
    rows = {
        (r[entity].value, r[period].value): r
        for r in ws.iter_rows(min_row=2)
        if r[period].value is not None  # not the footnotes under the table
    }
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


def test_measured_values_stand_beside_their_scores_with_the_unit(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    wb, lang = book
    _, ev = nsq
    ws = wb[t("sheet.values", lang)]
    header = _header(ws)
    assert len(header) == 2 + 2 * len(ev.data.leaves)
    for j, leaf in enumerate(ev.data.leaves):
        node = ev.index.nodes[leaf]
        name, unit = node.name.get(lang), node.indicator.unit if node.indicator else None
        value_col, score_col = 2 + 2 * j, 3 + 2 * j
        assert header[value_col].startswith(name) and header[score_col].startswith(name)
        assert unit is None or f"{unit}" in header[value_col]
        by_row = {(r[0], r[1]): r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
        for r in range(len(ev.data)):
            got = by_row[(ev.data.label(r), ev.data.periods[r])]
            value, score = ev.data.values[r, j], ev.scores.nodes[leaf][r]
            assert got[value_col] == (None if math.isnan(value) else pytest.approx(value))
            assert got[score_col] == (None if math.isnan(score) else pytest.approx(score))


def test_each_expert_matrix_is_on_one_sheet_as_numbers(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    wb, lang = book
    project, _ = nsq
    cells = list(wb[t("sheet.matrices", lang)].iter_rows(values_only=True))
    titles = [i for i, row in enumerate(cells) if row[0] and " — " in str(row[0])]
    assert len(titles) == sum(len(j.pairwise) for j in project.all_judgments)
    first = titles[0]
    header, matrix = cells[first + 1], cells[first + 2 : first + 2 + len(cells[first + 1]) - 1]
    n = len([h for h in header[1:] if h])
    for i in range(n):
        assert matrix[i][1 + i] == 1
        for j in range(n):
            assert matrix[i][1 + j] * matrix[j][1 + i] == pytest.approx(1.0)


def test_native_excel_charts_draw_the_latest_scores(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    """openpyxl reads the charts back: a bar chart of the composite by entity and a radar of
    the level-1 dimensions (one series per entity), on the sheet's own numbers."""
    from openpyxl.chart import BarChart, RadarChart

    wb, lang = book
    _, ev = nsq
    ws = wb[t("sheet.charts", lang)]
    bar, radar = ws._charts
    assert isinstance(bar, BarChart) and isinstance(radar, RadarChart)
    assert len(bar.series) == 1 and bar.series[0].tx.strRef.f.endswith("!B1")
    latest = [r for r in range(len(ev.data)) if ev.data.periods[r] == ev.period_order()[-1]]
    assert len(radar.series) == len(latest)
    composite = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert composite == {ev.data.label(r): pytest.approx(ev.composite[r]) for r in latest}


def test_fce_and_ipa_are_explained_on_their_sheets(book: tuple[openpyxl.Workbook, str]) -> None:
    wb, lang = book
    texts = {ws.title: {c for row in ws.iter_rows(values_only=True) for c in row} for ws in wb}
    assert t("explain.fce_relation", lang) in texts[t("sheet.fce", lang)]
    diagnostics = " ".join(str(c) for c in texts[t("sheet.diagnostics", lang)] if c)
    assert t("explain.priorities", lang) in diagnostics and "1/k" in diagnostics


def test_a_completed_expert_matrix_gets_its_column_on_the_consistency_sheet(
    tmp_path: Path,
) -> None:
    """A stranger's walk: one expert left a pair out, the node completes it (Harker); the
    consistency sheet, nodes and experts in one table, lacked the experts' "completed"
    column, so writing the workbook raised a zip() ValueError."""
    import shutil

    from typer.testing import CliRunner

    from qualindex.cli import app

    root = Path(__file__).parents[2] / "indicators"
    shutil.copytree(root / "network-service-quality", tmp_path / "nsq")
    index = (root / "network-service-quality.yaml").read_text(encoding="utf-8")
    (tmp_path / "network-service-quality.yaml").write_text(
        index.replace("weighting: {method: ahp}", "weighting: {method: ahp, incomplete: harker}"),
        encoding="utf-8",
    )
    li = tmp_path / "nsq" / "judgments" / "li.yaml"
    text = li.read_text(encoding="utf-8")
    assert text.count("    - [response_time, speed_satisfaction, 2]\n") == 1
    li.write_text(text.replace("    - [response_time, speed_satisfaction, 2]\n", ""), "utf-8")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        app, ["report", str(tmp_path / "nsq" / "run.yaml"), "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)[t("sheet.consistency", "en")]
    header = _header(ws)
    filled = header.index(t("col.filled", "en"))
    values = [row[filled] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert any(v and "response_time" in v and "speed_satisfaction" in v for v in values)


def test_every_note_and_warning_is_in_the_workbook(
    book: tuple[openpyxl.Workbook, str], nsq: tuple[Project, Evaluation]
) -> None:
    """What changes a number is said in every output: the workbook lists the notes and
    warnings the other formats list (a CR over its limit, the missing-value rule ...)."""
    wb, lang = book
    ws = wb[t("sheet.notes", lang)]
    said = [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]
    _, ev = nsq
    assert said and any("zhang" in s and "0.132" in s for s in said)
    assert len(said) >= len(ev.scores.weights.warnings)
