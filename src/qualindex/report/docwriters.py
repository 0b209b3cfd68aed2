"""The index document (no data) as HTML, Markdown and Excel, and :func:`write_document`.

One model (:mod:`qualindex.report.indexdoc`), several writers: each lays out the same
tables — the structure table's merged cells as ``rowspan``/``colspan`` in HTML, merged
ranges in Excel, and in Markdown (which cannot merge) a parent written once at the top of
its run — and none computes a weight or a score.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from qualindex.errors import InputError
from qualindex.outputs import check_target, write_atomic
from qualindex.report import indexdoc
from qualindex.report import tables as tb
from qualindex.report.docx import known_weights
from qualindex.report.indexdoc import IndexDocument
from qualindex.report.tables import Cell, Column, Label, Table
from qualindex.run import Project

if TYPE_CHECKING:
    import jinja2
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DOCUMENT_SUFFIXES",
    "document_html",
    "document_markdown",
    "document_xlsx",
    "write_document",
]

#: Suffix -> writer of the index document.
DOCUMENT_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".xlsx": "xlsx",
    ".docx": "docx",
}


def write_document(
    project: Project,
    path: str | Path,
    *,
    lang: str = "zh",
    now: datetime | None = None,
    force: bool = False,
) -> Path:
    """Write the index document of ``project`` (no data needed) by the suffix of ``path``."""
    target = Path(path)
    if str(path).strip() in ("", "."):
        check_target(path)  # names the empty -o before its missing suffix
    kind = DOCUMENT_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        raise InputError(
            f"{target}: cannot write the index document as "
            f"{target.suffix or 'a file without suffix'!r}; use .html, .docx, .md or .xlsx"
        )
    check_target(target, project.inputs, force=force)  # before the work of rendering
    doc = indexdoc.index_document(project, lang=lang, now=now)
    content: str | bytes
    if kind == "html":
        content = document_html(doc)
    elif kind == "markdown":
        content = document_markdown(doc)
    elif kind == "xlsx":
        content = document_xlsx(doc)
    else:
        from qualindex.report.docx import document_docx

        content = document_docx(doc)
    return write_atomic(target, content, inputs=project.inputs, force=force)


# --- HTML ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    caption: str
    svg: Markup


@dataclass(frozen=True)
class _Section:
    anchor: str
    heading: str
    explain: str
    tables: list[Markup]
    figure: _Figure | None = None


def document_html(doc: IndexDocument) -> str:
    """The index document as one self-contained HTML file."""
    sections = []
    for key, parts, explain in indexdoc.document_tables(doc):
        figure = _diagram_svg(doc) if key == "section.doc_structure" else None
        tables = [html_table(p) for p in parts if p.rows]
        sections.append(_Section(key.split(".")[-1], doc.t(key), explain, tables, figure))
    index = doc.index
    return (
        _environment()
        .get_template("indexdoc.html.j2")
        .render(
            lang=doc.lang,
            t=doc.t,
            title=index.name.get(doc.lang),
            description=index.description.get(doc.lang) if index.description else "",
            overview=indexdoc.overview(doc),
            sections=sections,
            notes=indexdoc.notes(doc),
            version_line=doc.version_line,
        )
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("qualindex.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _diagram_svg(doc: IndexDocument) -> _Figure:
    from qualindex.report.charts import svg_text
    from qualindex.report.docx import diagram_figure

    fig = diagram_figure(doc.project, doc.weights, doc.lang)
    import matplotlib.pyplot as plt

    svg = svg_text(fig, scope="hierarchy")
    plt.close(fig)
    # the SVG comes from matplotlib (glyphs drawn as paths, no user text unescaped)
    return _Figure(doc.t("figure.hierarchy"), Markup(svg))


def html_table(table: Table) -> Markup:
    """``table`` as an HTML table, merged cells as rowspan/colspan."""
    from qualindex.report.html import cell_html

    css = "structure" if table.merged else ""
    head = "".join(
        str(Markup('<th scope="col"{}>{}</th>').format(_num(c), c.header)) for c in table.columns
    )
    spans = tb.cell_spans(table)
    body = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            if (r, c) not in spans:
                continue
            down, across = spans[(r, c)]
            attrs = (f' rowspan="{down}"' if down > 1 else "") + (
                f' colspan="{across}"' if across > 1 else ""
            )
            cls = (
                ' class="num"' if column.numeric else (' class="level"' if c < table.merged else "")
            )
            cells.append(f"<td{attrs}{cls}>{_cell(value, column, cell_html)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(
        '<div class="table-wrap"><table class="{}"><caption>{}</caption><thead><tr>{}</tr>'
        "</thead><tbody>{}</tbody></table></div>"
    ).format(css, table.title, Markup(head), Markup("".join(body)))


def _num(column: Column) -> Markup:
    return Markup(' class="num"') if column.numeric else Markup("")


def _cell(value: Cell, column: Column, cell_html: Callable[[Cell, Column], Markup]) -> Markup:
    if isinstance(value, Label) and value.weight is not None:
        weight = tb.format_number(value.weight, "weight")
        return Markup('{} <span class="w">({})</span>').format(value.text, weight)
    return cell_html(value, column)


# --- Markdown ------------------------------------------------------------------------------


def document_markdown(doc: IndexDocument) -> str:
    """The index document as Markdown: pipe tables, a parent shown once per run."""
    return "\n".join(_markdown(doc)).rstrip() + "\n"


def _markdown(doc: IndexDocument) -> Iterator[str]:
    from qualindex.report.markdown import markdown_table

    index = doc.index
    yield f"# {index.name.get(doc.lang)} — {doc.t('doc.title')}"
    yield ""
    if index.description:
        yield index.description.get(doc.lang)
        yield ""
    yield from (f"- {label}: {value}" for label, value in indexdoc.overview(doc))
    yield ""
    number = 0
    for number, (key, parts, explain) in enumerate(indexdoc.document_tables(doc), start=1):
        yield f"## {number}. {doc.t(key)}"
        yield ""
        if explain:
            yield explain
            yield ""
        for part in parts:
            if part.rows:
                yield markdown_table(_blank_runs(part))
        if key == "section.doc_structure":
            yield from _mermaid(doc)
    notes = indexdoc.notes(doc)
    if notes:
        yield f"## {number + 1}. {doc.t('section.doc_notes')}"
        yield ""
        yield from (f"- {n}" for n in notes)
        yield ""
    yield f"_{doc.version_line}_"


def _mermaid(doc: IndexDocument) -> Iterator[str]:
    """The diagram as a Mermaid flowchart, with the weights that are known."""
    from qualindex.hierarchy.textdiagram import to_mermaid

    yield f"**{doc.t('figure.hierarchy')}**"
    yield ""
    yield "```mermaid"
    yield to_mermaid(doc.index, lang=doc.lang, weights=known_weights(doc.weights) or None).rstrip()
    yield "```"
    yield ""


def _blank_runs(table: Table) -> Table:
    """``table`` with every merged-over cell blank (Markdown has no merged cells)."""
    if not table.merged:
        return table
    spans = tb.cell_spans(table)
    rows = tuple(
        tuple(cell if (r, c) in spans or c >= table.merged else "" for c, cell in enumerate(row))
        for r, row in enumerate(table.rows)
    )
    return Table(table.title, table.columns, rows)


# --- Excel ---------------------------------------------------------------------------------


def document_xlsx(doc: IndexDocument) -> bytes:
    """The index document as a workbook: one sheet per section, merged hierarchy cells."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for key, parts, _explain in indexdoc.document_tables(doc):
        ws = book.create_sheet(_sheet_name(doc.t(key)))
        _sheet(ws, [p for p in parts if p.rows] or parts[:1])
        if key == "section.doc_structure":
            _picture(ws, doc)
    book.properties.creator = doc.version_line
    book.properties.title = doc.index.name.get(doc.lang)
    book.properties.created = doc.generated.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _picture(ws: Worksheet, doc: IndexDocument) -> None:
    """The diagram as a picture right of the structure table, its caption above it."""
    import matplotlib.pyplot as plt
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from qualindex.report.charts import png_bytes
    from qualindex.report.docx import diagram_figure

    fig = diagram_figure(doc.project, doc.weights, doc.lang)
    png = png_bytes(fig, dpi=150)
    plt.close(fig)
    col = get_column_letter(ws.max_column + 2)
    ws[f"{col}1"] = doc.t("figure.hierarchy")
    ws[f"{col}1"].font = Font(bold=True, size=12)
    image = Image(io.BytesIO(png))
    image.width, image.height = image.width * 0.5, image.height * 0.5  # 150 dpi -> 75 %
    ws.add_image(image, f"{col}2")


def _sheet_name(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


def _sheet(ws: Worksheet, parts: Sequence[Table]) -> None:
    """Each table under its title, header bold, merged ranges as the spans say."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from qualindex.report.excel import NUMBER_FORMATS

    widths: dict[int, float] = {}
    row = 1
    for table in parts:
        ws.cell(row, 1, table.title).font = Font(bold=True, size=12)
        row += 1
        for c, column in enumerate(table.columns, 1):
            ws.cell(row, c, column.header).font = Font(bold=True)
            widths[c] = max(widths.get(c, 0.0), _width(column.header))
        spans = tb.cell_spans(table)
        for r, cells in enumerate(table.rows):
            for c, (column, cell) in enumerate(zip(table.columns, cells, strict=True)):
                if (r, c) not in spans:
                    continue
                target = ws.cell(row + 1 + r, c + 1)
                number = tb.numeric_value(cell)
                if number is not None and column.numeric:
                    target.value = number
                    target.number_format = NUMBER_FORMATS[column.kind]
                elif cell is not None:
                    target.value = tb.format_cell(cell, column.kind)
                target.alignment = Alignment(vertical="center", wrap_text=True)
                down, across = spans[(r, c)]
                if down > 1 or across > 1:
                    ws.merge_cells(
                        start_row=row + 1 + r,
                        start_column=c + 1,
                        end_row=row + r + down,
                        end_column=c + across,
                    )
                shown = tb.format_cell(cell, column.kind) if cell is not None else ""
                widths[c + 1] = max(widths.get(c + 1, 0.0), _width(shown))
        row += len(table.rows) + 2
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 6.0), 48.0)


def _width(text: str) -> float:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) + 2.0
