"""The Excel report: one workbook with the index, weights, consistency, scores (each
indicator's measured value beside its score), diagnostics, each expert's pairwise matrices,
native Excel charts and the audit trail, written atomically.

Cells hold numbers as numbers with a number format (``0.0`` for scores, ``0.0000`` for
weights and ratios), so a client can sort, filter and recompute in Excel.  Every sheet has
a bold, frozen header row and column widths set from its content.  The tables are the ones
the HTML and Markdown reports show (:mod:`qualindex.report.tables`).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from qualindex.evaluate.results import Evaluation
from qualindex.report import tables as tb
from qualindex.report.matrices import expert_matrices, matrix_table
from qualindex.report.tables import (
    Badge,
    Cell,
    Column,
    Filled,
    Flag,
    Label,
    ReportData,
    Table,
)
from qualindex.run import Project

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["NUMBER_FORMATS", "build_workbook", "values_table", "workbook_bytes"]

#: Excel number format per column kind (the same decimals as the HTML report).
NUMBER_FORMATS: dict[str, str] = {
    "int": "0",
    "score": "0.0",
    "change": "+0.0;-0.0;0.0",
    "weight": "0.0000",
    "ratio": "0.0000",
    "limit": "0.00",
    "share": "0.000",
    "points": "0.00",
    "value": "General",
}

HEADER_FILL = "E9EEF4"
BAD_COLOUR = "B42318"
FILLED_FILL = "FFF4D6"  # filled (imputed) scores
MIN_WIDTH, MAX_WIDTH = 6.0, 48.0


def workbook_bytes(
    project: Project,
    evaluation: Evaluation,
    *,
    lang: str = "zh",
    now: datetime | None = None,
    analyses: tb.Analyses | None = None,
) -> bytes:
    """The workbook as the bytes of an .xlsx file (built in memory)."""
    book = build_workbook(
        tb.report_data(project, evaluation, lang=lang, now=now, analyses=analyses)
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_workbook(rd: ReportData) -> Workbook:
    """The workbook in memory: one sheet per part of the report."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    diagnostics = [tb.priorities_table(rd), tb.short_board_table(rd)]
    if rd.ev.obstacle is not None:  # obstacle degree, beside the priorities
        diagnostics += [tb.obstacle_table(rd), tb.obstacle_dimension_table(rd)]
    sheets: list[tuple[str, Sequence[Table]]] = [
        ("sheet.index", [tb.index_table(rd)]),
        ("sheet.weights", [tb.weights_table(rd), *tb.dematel_tables(rd)]),
        (
            "sheet.consistency",
            [
                tb.consistency_table(rd),
                tb.advice_table(rd),
                tb.agreement_table(rd),
                tb.authority_table(rd),
            ],
        ),
        ("sheet.scores", [tb.scores_table(rd, all_nodes=True), *tb.summary_tables(rd)]),
        ("sheet.values", [values_table(rd)]),
        ("sheet.diagnostics", diagnostics),
    ]
    if rd.ev.group_means:
        sheets.append(("sheet.groups", [tb.group_table(rd, g) for g in rd.ev.group_means]))
    if rd.ev.fce is not None:
        sheets.append(("sheet.fce", [tb.fce_table(rd)]))
    if rd.ev.compared:
        sheets.append(("sheet.evalmethods", [tb.methods_run_table(rd), *tb.method_tables(rd)]))
    audit = [tb.files_table(rd.audit, rd.lang), tb.settings_table(rd), tb.methods_table(rd)]
    if rd.sensitivity is not None and rd.sensitivity.monte_carlo is not None:
        sure = [tb.rank_interval_table(rd), tb.source_interval_table(rd), tb.tornado_table(rd)]
        sheets.append(("sheet.sensitivity", [*sure, tb.switch_table(rd)]))
    matrices = [matrix_table(rd, m, numbers=True) for m in expert_matrices(rd)]
    if matrices:
        sheets.append(("sheet.matrices", matrices))
    # every note and warning, as the other formats list them (rows left empty, the
    # missing-value rule, judgments completed, CRs over their limit ...)
    said = tb.notes(rd) or (rd.t("explain.no_notes"),)
    notes_table = tb.Table(
        rd.t("section.notes"), (tb.Column(rd.t("section.notes")),), tuple((n,) for n in said)
    )
    sheets.append(("sheet.notes", [notes_table]))
    sheets.append(("sheet.audit", [*audit, tb.ri_table(rd)]))
    notes = {
        "sheet.scores": [  # what the marked cells mean, and the rows left out
            *(n for n in (tb.filled_note(rd), tb.partial_note(rd)) if n),
            *tb.section_explanations(rd, "section.summary"),
        ],
        "sheet.values": [rd.t("explain.values")],
        "sheet.diagnostics": tb.section_explanations(rd, "section.priorities"),
        "sheet.fce": tb.section_explanations(rd, "section.fce"),
        "sheet.matrices": [rd.t("explain.matrices")],
        "sheet.sensitivity": tb.section_explanations(rd, "section.sensitivity"),
    }
    for key, parts in sheets:
        shown = [p for p in parts if p.rows or p is parts[0]]
        ws = book.create_sheet(rd.t(key))
        _sheet(ws, shown, notes=notes.get(key, ()), titled=key == "sheet.matrices")
        if key == "sheet.sensitivity":
            _sensitivity_charts(book[rd.t(key)], rd)
        if key == "sheet.values":
            _charts(book.create_sheet(rd.t("sheet.charts")), rd)
    book.properties.creator = f"qualindex {rd.audit.qualindex}"
    book.properties.title = rd.index.name.get(rd.lang)
    book.properties.created = rd.audit.generated.replace(tzinfo=None)
    return book


def values_table(rd: ReportData) -> Table:
    """Per row: each indicator's measured value (with its unit) beside its 0-100 score."""
    ev = rd.ev
    columns = [Column(rd.t("col.entity")), Column(rd.t("col.period"))]
    leaves = [rd.index.nodes[leaf] for leaf in ev.data.leaves]
    for node in leaves:
        name = node.name.get(rd.lang)
        unit = node.indicator.unit if node.indicator else None
        header = rd.t("col.value_of", name=name, unit=unit) if unit else None
        columns.append(Column(header or rd.t("col.value_plain", name=name), "value"))
        columns.append(Column(rd.t("col.score_of", name=name), "score"))
    rows = []
    for r in tb.ordered_rows(ev):
        row: list[Cell] = [ev.data.label(r), ev.data.periods[r]]
        for j, node in enumerate(leaves):
            value = float(ev.data.values[r, j])
            row += [None if value != value else value, tb.score_cell(ev, node.id, r)]
        rows.append(tuple(row))
    return Table(rd.t("table.values"), tuple(columns), tuple(rows))


def _charts(ws: Worksheet, rd: ReportData) -> None:
    """Native Excel charts of the latest period, on the data they draw (so a client can
    restyle them in Excel): composite by entity (bars) and the level-1 dimension scores
    (a radar with three or more dimensions, else grouped bars)."""
    from openpyxl.chart import BarChart, RadarChart, Reference

    ev = rd.ev
    rows = tb.latest_rows(ev)
    latest = ev.period_order()[-1]
    dims = tb.dimension_ids(rd.index)
    ws.append([rd.t("col.entity"), rd.t("col.composite"), *(rd.name(d) for d in dims)])
    for r in rows:
        values = [ev.scores.nodes[n][r] for n in (rd.index.id, *dims)]
        ws.append([ev.data.label(r), *(None if v != v else float(v) for v in values)])
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = NUMBER_FORMATS["score"]
    for c in range(1, len(dims) + 3):
        ws.cell(1, c).font = _font(bold=True)
        width = _text_width(str(ws.cell(1, c).value))
        ws.column_dimensions[_column_letter(c)].width = min(max(width, 10.0), MAX_WIDTH)
    ws.freeze_panes = "A2"
    last, anchor = 1 + len(rows), _column_letter(len(dims) + 4)
    lo, hi = rd.index.score_range
    bar = BarChart()
    bar.type, bar.title, bar.legend = "col", rd.t("table.chart_composite", period=latest), None
    bar.add_data(Reference(ws, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    bar.y_axis.scaling.min, bar.y_axis.scaling.max = lo, hi
    bar.height, bar.width = 8, 16
    ws.add_chart(bar, f"{anchor}1")
    if not dims:
        return
    dim_chart = RadarChart() if len(dims) >= 3 else BarChart()
    dim_chart.title = rd.t("table.chart_dimensions", period=latest)
    for i, r in enumerate(rows):  # one series per entity, across the dimension columns
        series = Reference(ws, min_col=3, max_col=2 + len(dims), min_row=2 + i)
        dim_chart.add_data(series, from_rows=True, titles_from_data=False)
        dim_chart.series[-1].tx = _series_title(ev.data.label(r))
    dim_chart.set_categories(Reference(ws, min_col=3, max_col=2 + len(dims), min_row=1))
    dim_chart.y_axis.scaling.min, dim_chart.y_axis.scaling.max = lo, hi
    dim_chart.height, dim_chart.width = 10, 16
    ws.add_chart(dim_chart, f"{anchor}18")


def _series_title(text: str) -> object:
    from openpyxl.chart.series import SeriesLabel

    return SeriesLabel(v=text)


def _column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _sensitivity_charts(ws: Worksheet, rd: ReportData) -> None:
    """The rank-interval plot and the tornado as pictures right of the tables (PNG: Excel
    shows no SVG), each with its caption above it."""
    from openpyxl.drawing.image import Image
    from openpyxl.utils import get_column_letter

    from qualindex.report import charts

    assert rd.sensitivity is not None
    font = rd.project.config.report.font if rd.project.config is not None else None
    style = charts.ChartStyle().resolved(font)
    top = min(4, len(rd.sensitivity.entities))
    made = [
        (rd.t("figure.rank_intervals"), charts.rank_interval_chart(
            rd.sensitivity, lang=rd.lang, style=style, png=True)),
        (rd.t("figure.tornado", n=top), charts.tornado_chart(
            rd.sensitivity, rd.index, lang=rd.lang, style=style, png=True, top=top)),
    ]  # fmt: skip
    col = get_column_letter(ws.max_column + 2)
    row = 1
    for caption, png in made:
        if not isinstance(png, bytes):
            continue
        ws[f"{col}{row}"] = caption
        ws[f"{col}{row}"].font = _font(bold=True, size=12)
        image = Image(io.BytesIO(png))
        image.width, image.height = image.width * 0.5, image.height * 0.5  # 150 dpi -> 75 %
        ws.add_image(image, f"{col}{row + 1}")
        row += 2 + int(image.height / 20)  # default row height: 20 px


def _sheet(
    ws: Worksheet, parts: Sequence[Table], *, notes: Sequence[str] = (), titled: bool = False
) -> None:
    """The first table from A1 with a frozen header; later tables below it, each titled
    (``titled``: the first too, and no frozen header: a sheet of like tables, such as the
    matrices); ``notes`` below them, one line each."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    row = 1
    if titled:
        row = 0
    for i, table in enumerate(parts):
        if i > 0 or titled:
            row += 1
            ws.cell(row, 1, table.title).font = _font(bold=True, size=12)
            row += 1
        _header(ws, row, table.columns, widths)
        if i == 0 and not titled:
            ws.freeze_panes = ws.cell(row + 1, 1)
            if len(parts) == 1 and table.rows:
                last = get_column_letter(len(table.columns))
                ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        for cells in table.rows:
            row += 1
            for col, (column, cell) in enumerate(zip(table.columns, cells, strict=True), 1):
                _write(ws, row, col, column, cell, widths)
        row += 1
    for note in notes:  # long lines: Excel shows them across the empty cells to the right
        row += 1
        ws.cell(row, 1, note).font = _font(italic=True, colour="5F6B7A")
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)


def _header(ws: Worksheet, row: int, columns: Sequence[Column], widths: dict[int, float]) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    for col, column in enumerate(columns, 1):
        cell = ws.cell(row, col, column.header)
        cell.font = _font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.border = Border(bottom=Side(style="thin", color="8A96A3"))
        cell.alignment = Alignment(
            horizontal="right" if column.numeric else "left", vertical="top", wrap_text=True
        )
        widths[col] = max(widths.get(col, 0.0), min(_text_width(column.header), 28.0))


def _write(
    ws: Worksheet, row: int, col: int, column: Column, cell: Cell, widths: dict[int, float]
) -> None:
    from openpyxl.styles import Alignment

    target = ws.cell(row, col)
    number = tb.numeric_value(cell)
    if number is not None and column.numeric:
        target.value = number
        target.number_format = NUMBER_FORMATS[column.kind]
    elif cell is not None:
        target.value = tb.format_cell(cell, column.kind)
    if isinstance(cell, Label) and cell.level:
        target.alignment = Alignment(indent=cell.level)
    if (isinstance(cell, Flag) and not cell.ok) or (isinstance(cell, Badge) and cell.tone == "bad"):
        target.font = _font(colour=BAD_COLOUR, bold=True)
    if isinstance(cell, Filled):  # not measured: italic on a tinted fill, the rule in a comment
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        target.font = _font(italic=True)
        target.fill = PatternFill("solid", fgColor=FILLED_FILL)
        target.comment = Comment(f"{tb.FILLED_MARK} {cell.policy}", "qualindex")
    shown = tb.format_cell(cell, column.kind) if cell is not None else ""
    indent = cell.level * 1.5 if isinstance(cell, Label) else 0.0
    widths[col] = max(widths.get(col, 0.0), _text_width(shown) + indent)


def _font(
    *, bold: bool = False, size: float = 11, colour: str | None = None, italic: bool = False
) -> object:
    from openpyxl.styles import Font

    return Font(bold=bold, size=size, color=colour, italic=italic)


def _text_width(text: str) -> float:
    """Excel column width of ``text``: wide (CJK) characters count two, plus padding."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) + 2.0
