"""Word output (python-docx): the index document and the evaluation report as ``.docx``.

Both are laid out from the shared tables (:mod:`qualindex.report.tables`,
:mod:`qualindex.report.indexdoc`); nothing is computed here.  What a committee needs from
a Word file, and what this writer does for it:

* real Word tables, a hierarchy's parent cell merged over its children's rows
  (``Table.merged``) and a grouped table's first cell over its run, header rows repeated
  on every page;
* the built-in styles Heading 1/2 (Word's navigation pane and table of contents use them),
  Caption for "Table n" above each table and "Figure n" below each figure (in the
  report's language), numbered with SEQ
  fields so Word's table of figures finds them;
* an East Asian font (``w:eastAsia``: SimSun body, SimHei headings, as GB/T 1.1 documents
  use,
  or ``report.font``) beside a Latin one, so Chinese text does not fall back to whatever
  the reader's Word picks;
* A4 paper with 25 mm margins; the diagram as a PNG at 300 dpi fitted to the text width.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualindex.report import tables as tb
from qualindex.report.tables import Badge, Cell, Column, Filled, Flag, Label, Table

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph
    from matplotlib.figure import Figure as MplFigure

    from qualindex.report.indexdoc import IndexDocument
    from qualindex.report.tables import ReportData
    from qualindex.run import Project
    from qualindex.weighting.tree import TreeWeights

__all__ = [
    "DocxStyle",
    "column_least",
    "column_requests",
    "column_widths",
    "diagram_figure",
    "document_docx",
    "known_weights",
    "report_docx",
]

PRINT_DPI = 300  # the diagram's resolution: sharp when printed
BAD_RGB = (0xB4, 0x23, 0x18)
HEADER_SHADE = "E9EEF4"


@dataclass(frozen=True, slots=True)
class DocxStyle:
    """Page and type of the Word file (sizes in points, lengths in millimetres).

    Sizes follow Chinese documents: size 5 (10.5 pt) body text, small 5 (9 pt) in tables.
    """

    latin: str = "Times New Roman"
    east_asian: str = "SimSun"  # Word shows it under its Chinese name
    heading_east_asian: str = "SimHei"
    body_size: float = 10.5
    table_size: float = 9.0
    wide_table_size: float = 7.5  # tables of more than WIDE columns
    wide: int = 8
    page_width: float = 210.0
    page_height: float = 297.0
    margin: float = 25.0

    @property
    def text_width_mm(self) -> float:
        return self.page_width - 2 * self.margin

    @property
    def text_height_mm(self) -> float:
        return self.page_height - 2 * self.margin


class _Writer:
    """Appends headings, paragraphs, tables and figures to one python-docx Document,
    numbering tables and figures as it goes."""

    def __init__(self, lang: str, t: object, style: DocxStyle) -> None:
        from docx import Document as new_document

        self.lang = lang
        self.t = t  # the report's word lookup: key, **fields -> text
        self.style = style
        self.doc: Document = new_document()
        self.tables = 0
        self.figures = 0
        self.sheet = (style.page_width, style.page_height)  # the current pages' size (mm)
        _page(self.doc, style)
        _styles(self.doc, style)

    def word(self, key: str, **fields: object) -> str:
        return self.t(key, **fields)  # type: ignore[operator]

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level)

    def paragraph(self, text: str, *, style: str | None = None) -> Paragraph:
        return self.doc.add_paragraph(text, style=style)

    def title(self, text: str, subtitle: str | None = None) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.doc.add_paragraph(text, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        if subtitle:
            p = self.doc.add_paragraph(subtitle, style="Subtitle")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def items(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Label / value pairs as a two-column table without a caption (front matter)."""
        pairs = list(pairs)
        table = self.doc.add_table(rows=len(pairs), cols=2)
        table.style = self.doc.styles["Table Grid"]
        _widths(table, [self.style.text_width_mm * 0.3, self.style.text_width_mm * 0.7])
        for row, (label, value) in zip(table.rows, pairs, strict=True):
            _text(row.cells[0], label, self.style.table_size)  # shaded like a header row
            _shade(row.cells[0], HEADER_SHADE)
            _text(row.cells[1], value, self.style.table_size)
        self.doc.add_paragraph()

    def bullets(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.doc.add_paragraph(line, style="List Bullet")

    def table(self, table: Table, *, caption: bool = True) -> DocxTable | None:
        """``table`` as a Word table under its numbered caption (nothing when it is empty)."""
        if not table.rows:
            return None
        from docx.shared import Pt

        table, same = _said_once(table, self.word("col.ri_table"))
        if caption:
            self.tables += 1
            self._caption("caption.table_word", self.tables, table.title)
        out = _table(self.doc, table, self.style)
        if same is not None:  # the column left out, said under the table
            column, value = same
            words = self.word("word.same_in_every_row", column=column, value=value)
            self.doc.paragraphs[-1].add_run(words).font.size = Pt(self.style.table_size)
        return out

    def page(self, width: float, height: float) -> None:
        """Go on on pages of width x height mm (a new section on a new page; the margins and
        the page number as before), unless the pages are that size already."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Mm

        if (width, height) == self.sheet:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        self.sheet = (width, height)

    def figure(self, png: bytes, title: str, aspect: float, *, natural_mm: float) -> None:
        """A picture at its natural width (never enlarged), shrunk to the text width and to
        :data:`FIGURE_HEIGHT` of the text height, centred, its numbered caption below."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        text_w = self.sheet[0] - 2 * self.style.margin
        text_h = self.sheet[1] - 2 * self.style.margin
        width = min(natural_mm, text_w)
        height_max = text_h * FIGURE_HEIGHT
        if width * aspect > height_max:
            width = height_max / aspect
        self.doc.add_picture(io.BytesIO(png), width=Mm(width))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.figures += 1
        self._caption("caption.figure_word", self.figures, title)

    def _caption(self, word_key: str, number: int, title: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        word = self.word(word_key)
        p = self.doc.add_paragraph(style="Caption")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = word_key == "caption.table_word"
        p.add_run(word + ("\u00a0" if self.lang == "en" else ""))
        _seq_field(p, "Table" if word_key == "caption.table_word" else "Figure", number)
        p.add_run(self.word("caption.title", title=title))

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# --- the two documents ---------------------------------------------------------------------


def document_docx(doc: IndexDocument, *, style: DocxStyle | None = None) -> bytes:
    """The index document (no data) as the bytes of a .docx file."""
    from qualindex.report import indexdoc

    style = _font_style(style or DocxStyle(), doc.project)
    w = _Writer(doc.lang, doc.t, style)
    _properties(w, doc.index.name.get(doc.lang), doc.version_line, doc.generated)
    w.title(doc.index.name.get(doc.lang), doc.t("doc.subtitle"))
    number = 1
    w.heading(w.word("heading.numbered", n=number, title=doc.t("section.doc_overview")), 1)
    if doc.index.description:
        w.paragraph(doc.index.description.get(doc.lang))
    w.items(indexdoc.overview(doc))
    for key, parts, explain in indexdoc.document_tables(doc):
        number += 1
        w.heading(w.word("heading.numbered", n=number, title=doc.t(key)), 1)
        if explain:
            w.paragraph(explain)
        for part in parts:
            w.table(part)
        if key == "section.doc_structure":  # after the table, which can start on this page
            _diagram(w, doc.project, doc.weights, doc.lang, doc.t("figure.hierarchy"))
    notes = indexdoc.notes(doc)
    if notes:
        number += 1
        w.heading(w.word("heading.numbered", n=number, title=doc.t("section.doc_notes")), 1)
        w.bullets(notes)
    w.paragraph(doc.version_line, style="Caption")
    return w.bytes()


def report_docx(rd: ReportData, *, style: DocxStyle | None = None) -> bytes:
    """The evaluation report as the bytes of a .docx file: the sections of the Markdown
    report, the hierarchy diagram as a picture, the audit trail last."""
    style = _font_style(style or DocxStyle(), rd.project)
    w = _Writer(rd.lang, rd.t, style)
    title = rd.index.name.get(rd.lang)
    _properties(
        w, title, rd.t("report.generated_by", version=rd.audit.qualindex), rd.audit.generated
    )
    w.title(title, rd.t("report.title"))
    w.items(_report_meta(rd))
    sections = _report_sections(rd)
    for number, (key, parts) in enumerate(sections, start=1):
        w.heading(w.word("heading.numbered", n=number, title=rd.t(key)), 1)
        if key == "section.hierarchy":
            _diagram(w, rd.project, rd.weights, rd.lang, rd.t("figure.hierarchy"))
        for line in tb.section_explanations(rd, key):
            w.paragraph(line)
        if key == "section.sensitivity":
            _sensitivity_figures(w, rd)
        for part in parts:
            w.table(part)
    number = len(sections) + 1
    w.heading(w.word("heading.numbered", n=number, title=rd.t("section.notes")), 1)
    notes = tb.notes(rd)
    w.bullets(notes) if notes else w.paragraph(rd.t("explain.no_notes"))
    w.heading(w.word("heading.numbered", n=number + 1, title=rd.t("section.audit")), 1)
    w.paragraph(rd.t("explain.audit"))
    audit = [tb.files_table(rd.audit, rd.lang), tb.settings_table(rd), tb.methods_table(rd)]
    for part in (*audit, *([tb.ri_table(rd)] if rd.audit.ri_tables else [])):
        w.table(part)
    return w.bytes()


def _sensitivity_figures(w: _Writer, rd: ReportData) -> None:
    """The rank-interval plot and the tornado, as the HTML report shows them (PNG here)."""
    from PIL import Image

    from qualindex.report import charts

    s = rd.sensitivity
    assert s is not None
    font = rd.project.config.report.font if rd.project.config is not None else None
    style = charts.ChartStyle().resolved(font)
    top = min(4, len(s.entities))
    made = [
        (rd.t("figure.rank_intervals"), charts.rank_interval_chart(
            s, lang=rd.lang, style=style, png=True)),
        (rd.t("figure.tornado", n=top), charts.tornado_chart(
            s, rd.index, lang=rd.lang, style=style, png=True, top=top)),
    ]  # fmt: skip
    for caption, png in made:
        if isinstance(png, bytes):
            width, height = Image.open(io.BytesIO(png)).size  # at 150 dpi
            w.figure(png, caption, height / width, natural_mm=width / 150 * 25.4)


def _report_meta(rd: ReportData) -> list[tuple[str, str]]:
    ev = rd.ev
    periods = " · ".join(p for p in ev.period_order() if p) or rd.t("report.no_period")
    return [
        (rd.t("meta.index"), f"{rd.index.id} {rd.index.version}"),
        (rd.t("meta.generated"), rd.audit.generated_text),
        (rd.t("meta.entities"), str(tb.entity_count(rd))),
        (rd.t("meta.periods"), periods),
        (rd.t("meta.indicators"), str(len(rd.index.leaves()))),
    ]


def _report_sections(rd: ReportData) -> list[tuple[str, list[Table]]]:
    """The evaluation report's sections and tables, in the Markdown report's order."""
    ev = rd.ev
    latest = tb.latest_rows(ev)
    consistency = [
        tb.node_consistency_table(rd),
        tb.expert_table(rd),
        tb.advice_table(rd),
        tb.agreement_table(rd),
        tb.authority_table(rd),
    ]
    priorities = [tb.priorities_table(rd, latest)]
    if ev.obstacle is not None:
        priorities += [tb.obstacle_table(rd, latest), tb.obstacle_dimension_table(rd, latest)]
    sections = [
        ("section.summary", [tb.trim_periods(rd, tb.ranking_table(rd)), *tb.summary_tables(rd)]),
        ("section.hierarchy", [tb.weights_table(rd), *tb.dematel_tables(rd)]),
        ("section.consistency", consistency),
        ("section.scores", [tb.trim_periods(rd, tb.scores_table(rd))]),
        ("section.diagnosis", [tb.short_board_table(rd)]),
        ("section.priorities", priorities),
        ("section.comparison", [tb.group_table(rd, g) for g in ev.group_means]),
    ]
    if ev.fce is not None:
        sections.append(("section.fce", [tb.trim_periods(rd, tb.fce_table(rd))]))
    if ev.compared:
        sections.append(
            ("section.evalmethods", [tb.trim_periods(rd, m) for m in tb.method_tables(rd)])
        )
    if rd.sensitivity is not None and rd.sensitivity.monte_carlo is not None:
        sure = [tb.rank_interval_table(rd), tb.source_interval_table(rd), tb.tornado_table(rd)]
        sections.append(("section.sensitivity", [*sure, tb.switch_table(rd)]))
    kept = [(k, [p for p in parts if p.rows]) for k, parts in sections]
    return [(k, parts) for k, parts in kept if parts or k == "section.hierarchy"]


def known_weights(weights: TreeWeights) -> dict[str, tuple[float, float]]:
    """Node id -> (local, global) weight for the nodes whose weights are known (not pending)."""
    from qualindex.weighting.serialize import weight_pairs

    return {
        k: v for k, v in weight_pairs(weights).items() if not (math.isnan(v[0]) or math.isnan(v[1]))
    }


def diagram_figure(
    project: Project,
    weights: TreeWeights,
    lang: str,
    *,
    page: str | tuple[float, float] | None = None,
    root: str | None = None,
) -> MplFigure:
    """The hierarchy diagram with the weights that are known (a weight still to come from
    data or judgments is left out, not drawn as NaN) and the CR marks; ``page`` (a paper
    name, or (width, height) in inches) fits it to that page, text never under 6 pt;
    ``root`` draws the part under that node."""
    from qualindex.hierarchy.draw import DiagramStyle, draw_hierarchy
    from qualindex.weighting.serialize import consistency_marks

    pairs = known_weights(weights)
    font = project.config.report.font if project.config is not None else None
    marks = consistency_marks(weights) or None
    if root is not None:  # the marks of the nodes drawn
        keep = {n.id for n in project.index.walk(root)}
        pairs = {k: v for k, v in pairs.items() if k in keep}
        marks = {k: v for k, v in (marks or {}).items() if k in keep} or None
    return draw_hierarchy(
        project.index,
        lang=lang,
        weights=pairs or None,
        consistency=marks,
        style=DiagramStyle(font=font),
        page=page,
        root=root,
    )


FIGURE_HEIGHT = 0.92  # of the text height: a figure and its caption on one page
# Where a diagram too large for the text area goes, in this order: a page of its own, A4
# landscape, A3 portrait, A3 landscape (mm, and the words the caption adds).
SHEETS = (
    ((297.0, 210.0), "caption.diagram_landscape"),
    ((297.0, 420.0), "caption.diagram_a3"),
    ((420.0, 297.0), "caption.diagram_a3_landscape"),
)


def _diagram(w: _Writer, project: Project, weights: TreeWeights, lang: str, title: str) -> None:
    """The diagram as a PNG at print resolution, no text printed under 6 pt: as drawn when
    it fits the text area so; else laid out for the text area (fonts shrunk, never under
    6 pt), else for a landscape or A3 page of its own (said in the caption), else one
    figure per level-1 node (said in each caption)."""
    import matplotlib.pyplot as plt

    fig = diagram_figure(project, weights, lang)
    if _legible(fig, w.style, w.style.page_width, w.style.page_height):
        _place(w, fig, title)
        return
    plt.close(fig)
    placed = _fitted(w, project, weights, lang, None)
    if placed is not None:
        _place_on(w, placed, title)
        w.page(w.style.page_width, w.style.page_height)  # the document's pages again
        return
    index = project.index
    parts = [index.nodes[c] for c in index.nodes[index.id].children]
    for number, node in enumerate(parts, start=1):
        name = node.name.get(lang)
        part = w.word("caption.diagram_part", name=name, i=number, n=len(parts))
        placed = _fitted(w, project, weights, lang, node.id)
        if placed is None:
            w.paragraph(w.word("caption.diagram_too_large", name=name, id=node.id))
        else:
            _place_on(w, placed, title + part)
    w.page(w.style.page_width, w.style.page_height)


def _fitted(
    w: _Writer, project: Project, weights: TreeWeights, lang: str, root: str | None
) -> tuple[MplFigure, tuple[float, float], str] | None:
    """The diagram (or the part under ``root``) laid out for the text area of the
    document's page, else of the first of :data:`SHEETS` it fits; with that page's size
    and the caption's words for it."""
    from qualindex.errors import InputError

    own = ((w.style.page_width, w.style.page_height), "")
    for (width, height), key in (own, *SHEETS):
        area = _text_area(w.style, width, height)
        try:
            fig = diagram_figure(project, weights, lang, page=area, root=root)
        except InputError:
            continue
        return fig, (width, height), w.word(key) if key else ""
    return None


def _text_area(style: DocxStyle, width: float, height: float) -> tuple[float, float]:
    """(width, height) in inches a figure may take on a page of width x height mm."""
    text_w, text_h = width - 2 * style.margin, (height - 2 * style.margin) * FIGURE_HEIGHT
    return text_w / 25.4 * 0.999, text_h / 25.4 * 0.999  # a hair less: no rounding over


def _legible(fig: MplFigure, style: DocxStyle, width: float, height: float) -> bool:
    """Whether ``fig`` placed on a page of width x height mm prints no text under 6 pt."""
    from qualindex.hierarchy.draw import MIN_PRINT_PT

    fig_w, fig_h = (v * 25.4 for v in fig.get_size_inches())
    area = _text_area(style, width, height)
    shrink = min(area[0] * 25.4 / fig_w, area[1] * 25.4 / fig_h, 1.0)
    smallest = min((t.get_fontsize() for t in fig.axes[0].texts), default=MIN_PRINT_PT)
    return float(smallest) * shrink >= MIN_PRINT_PT - 1e-9


def _place_on(w: _Writer, placed: tuple[MplFigure, tuple[float, float], str], title: str) -> None:
    fig, (width, height), words = placed
    w.page(width, height)
    _place(w, fig, title + words)


def _place(w: _Writer, fig: MplFigure, title: str) -> None:
    import matplotlib.pyplot as plt

    from qualindex.report.charts import png_bytes

    inches = fig.get_size_inches()
    png = png_bytes(fig, dpi=PRINT_DPI)
    plt.close(fig)
    w.figure(png, title, float(inches[1] / inches[0]), natural_mm=float(inches[0] * 25.4))


# --- page, styles and fonts ----------------------------------------------------------------


def _font_style(style: DocxStyle, project: object) -> DocxStyle:
    """``report.font`` of the run configuration, when set, is the East Asian font."""
    import dataclasses

    config = getattr(project, "config", None)
    font = config.report.font if config is not None else None
    if font and "/" not in font and "." not in font:  # a family name, not a font file
        return dataclasses.replace(style, east_asian=font, heading_east_asian=font)
    return style


def _page(doc: Document, style: DocxStyle) -> None:
    """A4 with equal margins, and the page number centred in the footer (a PAGE field)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(style.page_width), Mm(style.page_height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(style.margin))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)


def _fonts(element: object, latin: str, east_asian: str) -> None:
    """Set the run properties' w:rFonts: Latin (ascii, hAnsi) and East Asian separately."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names above


def _styles(doc: Document, style: DocxStyle) -> None:
    """Body, headings, title and caption: black, in the chosen fonts and Chinese sizes."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.size = Pt(style.body_size)
    _fonts(normal.element, style.latin, style.east_asian)
    sizes = {"Title": 18.0, "Subtitle": 12.0, "Heading 1": 14.0, "Heading 2": 12.0}
    for name, size in sizes.items():
        s = doc.styles[name]
        s.font.size = Pt(size)
        s.font.color.rgb = RGBColor(0, 0, 0)
        s.font.bold = name != "Subtitle"
        s.font.italic = False
        _fonts(s.element, style.latin, style.heading_east_asian)
    title = doc.styles["Title"].element.pPr
    if title is not None:  # the default template rules a blue line under the title
        for border in title.findall(qn("w:pBdr")):
            title.remove(border)
    caption = doc.styles["Caption"]
    caption.font.size = Pt(style.table_size)
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.font.italic = False
    caption.font.bold = False
    _fonts(caption.element, style.latin, style.heading_east_asian)


def _properties(w: _Writer, title: str, creator: str, when: object) -> None:
    props = w.doc.core_properties
    props.title = title
    props.author = creator
    props.created = when.replace(tzinfo=None)  # type: ignore[attr-defined]
    props.modified = props.created
    props.language = "zh-CN" if w.lang == "zh" else "en"


def _seq_field(p: Paragraph, sequence: str, number: int) -> None:
    """A SEQ field (Word numbers tables and figures with it) holding its current value."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {sequence} \\* ARABIC ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = str(number)
    run.append(text)
    field.append(run)
    p._p.append(field)


# --- tables --------------------------------------------------------------------------------


def _said_once(table: Table, header: str) -> tuple[Table, tuple[str, str] | None]:
    """``table`` without its column ``header`` when that column repeats one value in every
    row (the RI table of each expert's matrices), and (header, value) to say it once."""
    import dataclasses

    at = next((i for i, c in enumerate(table.columns) if c.header == header), None)
    if at is None or len(table.rows) < 2 or at < table.merged:
        return table, None
    values = {tb.format_cell(row[at], table.columns[at].kind) for row in table.rows}
    if len(values) != 1:
        return table, None
    columns = table.columns[:at] + table.columns[at + 1 :]
    rows = tuple(row[:at] + row[at + 1 :] for row in table.rows)
    return dataclasses.replace(table, columns=columns, rows=rows), (header, values.pop())


def _table(doc: Document, table: Table, style: DocxStyle) -> DocxTable:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    size = style.wide_table_size if len(table.columns) > style.wide else style.table_size
    out = doc.add_table(rows=len(table.rows) + 1, cols=len(table.columns))
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(out, column_widths(table, size, style.text_width_mm))
    for cell, column in zip(out.rows[0].cells, table.columns, strict=True):
        _text(cell, column.header, size, bold=True, centre=True)
        _shade(cell, HEADER_SHADE)
    _repeat_header(out.rows[0])
    spans = tb.cell_spans(table)
    # the grid's cells once, before any merge: out.cell(r, c) lays out the whole table on
    # every call, and filling a 300-row table that way took 8 minutes
    grid = out._cells
    width = len(table.columns)
    for (r, c), (down, across) in spans.items():
        cell = grid[(r + 1) * width + c]
        if down > 1 or across > 1:
            cell = cell.merge(grid[(r + down) * width + c + across - 1])
        _cell(cell, table.rows[r][c], table.columns[c], size, merged=down > 1)
    doc.add_paragraph()
    return out


CELL_MARGIN_MM = 1.0  # left and right cell margins (Word's default 1.9 mm wastes a narrow table)
CELL_PADDING_MM = 2 * CELL_MARGIN_MM + 1.2  # the margins, the rules and rounding slack
MAX_EMS = 30.0  # a cell's text longer than this wraps in any case


def _ems(text: str) -> float:
    """Width of ``text`` in ems: a CJK character is one, anything else 0.6 (DejaVu's digits;
    Times is narrower, so a column is never too narrow for its numbers)."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def column_requests(table: Table, size: float) -> list[float]:
    """Each column's width in mm for its longest text (at most :data:`MAX_EMS`) at ``size``."""
    em_mm = size * 25.4 / 72
    wanted = []
    for c, column in enumerate(table.columns):
        texts = [tb.format_cell(row[c], column.kind) for row in table.rows]
        bold = _ems(column.header) * 1.1  # the header is bold
        longest = max(min(bold, MAX_EMS), *(min(_ems(t), MAX_EMS) for t in texts))
        wanted.append(max(longest, 2.0) * em_mm + CELL_PADDING_MM)
    return wanted


# what a line never breaks inside: a Latin word, a number, an id (Chinese breaks anywhere)
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def column_least(table: Table, size: float) -> list[float]:
    """Each column's width in mm for its longest unbreakable word (``Saaty``, ``(1980)``,
    ``courtesy_satisfaction``) at ``size``: narrower, a word wraps mid-word."""
    em_mm = size * 25.4 / 72
    least = []
    for c, column in enumerate(table.columns):
        texts = [tb.format_cell(row[c], column.kind) for row in table.rows]
        words = [(w, 1.1) for w in _UNBROKEN.findall(column.header)]
        words += [(w, 1.0) for text in texts for w in _UNBROKEN.findall(text)]
        widest = max([_ems(w) * bold for w, bold in words], default=1.0)
        least.append(max(widest, 1.0) * em_mm + CELL_PADDING_MM)
    return least


def column_widths(table: Table, size: float, available: float) -> list[float]:
    """Column widths in mm filling ``available``: each column asks for its longest text (up
    to :data:`MAX_EMS`) and gets at least its longest unbreakable word; when the requests do
    not all fit, the widest are capped at one level (water-filling) but never below that
    word, so short columns (numbers, ids) never wrap and long texts wrap between words.
    When even the words do not fit, every column gets its share of the room by its word."""
    least = column_least(table, size)
    wanted = [max(w, m) for w, m in zip(column_requests(table, size), least, strict=True)]
    if sum(wanted) <= available:
        spare = (available - sum(wanted)) / len(wanted)
        return [w + spare for w in wanted]
    if sum(least) >= available:
        return [m * available / sum(least) for m in least]

    def total(cap: float) -> float:
        return sum(min(w, max(m, cap)) for w, m in zip(wanted, least, strict=True))

    lo, hi = 0.0, max(wanted)
    for _ in range(60):  # bisect the cap: total(cap) = available
        cap = (lo + hi) / 2
        lo, hi = (cap, hi) if total(cap) < available else (lo, cap)
    return [min(w, max(m, hi)) for w, m in zip(wanted, least, strict=True)]


def _widths(out: DocxTable, widths: Sequence[float]) -> None:
    """Fixed column widths, on the grid (LibreOffice) and on every cell (Word)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    out.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(CELL_MARGIN_MM * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    out._tbl.tblPr.append(margins)
    for column, width in zip(out.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _cell(cell: object, value: Cell, column: Column, size: float, *, merged: bool) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    text = tb.format_cell(value, column.kind) if value is not None else ""
    if text == "" and column.numeric:
        text = "–"
    bad = (isinstance(value, Flag) and not value.ok) or (
        isinstance(value, Badge) and value.tone == "bad"
    )
    indent = value.level if isinstance(value, Label) else 0
    _text(
        cell,
        text,
        size,
        right=column.numeric,
        colour=BAD_RGB if bad else None,
        italic=isinstance(value, Filled),
        indent=indent,
    )
    if merged:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # type: ignore[attr-defined]


def _text(
    cell: object,
    text: str,
    size: float,
    *,
    bold: bool = False,
    right: bool = False,
    centre: bool = False,
    colour: tuple[int, int, int] | None = None,
    italic: bool = False,
    indent: int = 0,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if right or centre:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.left_indent = Pt(size * indent)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if colour is not None:
        run.font.color.rgb = RGBColor(*colour)


def _shade(cell: object, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _repeat_header(row: object) -> None:
    """Mark the header row to repeat at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
