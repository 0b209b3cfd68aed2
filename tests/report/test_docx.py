"""The Word output, read back with python-docx: real tables with merged hierarchy cells,
Heading styles, numbered captions, the diagram as a print-resolution picture, East Asian
fonts and A4 pages; and converted to PDF by LibreOffice for a page-image check."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses, write_report
from qualindex.report.docwriters import write_document
from qualindex.report.indexdoc import index_document, structure_table
from qualindex.report.messages import t
from qualindex.run import Project, load_project

from .conftest import NOW, ROOT

INDEX = ROOT / "indicators" / "network-service-quality.yaml"


@pytest.fixture(scope="module", params=["zh", "en"])
def index_docx(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("docx") / f"index-{request.param}.docx"
    write_document(load_project(INDEX), out, lang=request.param, now=NOW)
    return out, request.param


def _structure(word: Document, lang: str) -> object:
    """The Word table under the caption of the structure table."""
    title = t("table.structure", lang)
    body = word.element.body
    seen = False
    for child in body.iterchildren():
        if child.tag == qn("w:p") and title in "".join(child.itertext()):
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return next(tb for tb in word.tables if tb._tbl is child)
    raise AssertionError(f"no table after the caption {title!r}")


def test_structure_table_has_merged_parent_cells(index_docx: tuple[Path, str]) -> None:
    """Each level-1 cell is one Word cell spanning its indicators' rows (w:vMerge), as in the
    model's structure table."""
    path, lang = index_docx
    word = Document(str(path))
    table = _structure(word, lang)
    doc = index_document(load_project(INDEX), lang=lang, now=NOW)
    model = structure_table(doc)
    assert len(table.rows) == len(model.rows) + 1  # type: ignore[attr-defined]
    assert [c.text for c in table.rows[0].cells][: len(model.columns)] == [  # type: ignore[attr-defined]
        c.header for c in model.columns
    ]
    row = 1
    for dim in doc.index.children(doc.index.id):
        n = len(doc.index.leaves(dim.id))
        top, bottom = table.cell(row, 0), table.cell(row + n - 1, 0)  # type: ignore[attr-defined]
        assert top._tc is bottom._tc, dim.id  # one merged cell
        assert top.text.startswith(dim.name.get(lang))
        if n > 1:
            assert top._tc.tcPr.find(qn("w:vMerge")) is not None
        row += n
    assert row == len(table.rows)  # type: ignore[attr-defined]


def test_headings_captions_image_fonts_and_page(index_docx: tuple[Path, str]) -> None:
    path, lang = index_docx
    word = Document(str(path))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert any(t("section.doc_structure", lang) in h for h in headings)
    assert any(t("section.doc_weights", lang) in h for h in headings)
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    seq = [f.get(qn("w:instr")) for p in captions for f in p._p.findall(qn("w:fldSimple"))]
    assert any("SEQ Table" in s for s in seq) and any("SEQ Figure" in s for s in seq)
    assert len(word.inline_shapes) == 1
    shape = word.inline_shapes[0]
    assert shape.width <= Mm(160) + 1
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = word.part.related_parts[blip.embed].image
    assert image.content_type == "image/png"
    assert image.px_width / shape.width.inches >= 299  # print resolution, as placed
    # shrunk at most to 6/6.5 of its size: the ids, 6.5 pt as drawn, print at 6 pt or more
    assert shape.width.inches >= image.px_width / 300 * 6 / 6.5 - 1e-3
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "SimSun"
    section = word.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert section.left_margin.mm == pytest.approx(25, abs=0.1)


def test_a_large_diagram_gets_a_page_of_its_own_and_no_text_under_6_pt(tmp_path: Path) -> None:
    """300 indicators do not fit the A4 text area at 6 pt: the diagram is laid out for a
    larger page, put on a section of that size (said in the caption) at exactly the size it
    was laid out for, and the pages after it are A4 portrait again."""
    from tests.hierarchy.test_layout import shape_for, write_tree

    source = write_tree(tmp_path / "big.yaml", shape_for(300))
    out = write_document(load_project(source), tmp_path / "big.docx", lang="zh", now=NOW)
    word = Document(str(out))
    (shape,) = word.inline_shapes
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = word.part.related_parts[blip.embed].image
    assert shape.width.inches == pytest.approx(image.px_width / 300, rel=0.005)  # not shrunk
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in word.sections]
    assert sizes[0] == sizes[-1] == (210, 297) and len(sizes) == 3
    larger = {(297, 210): "横向页面", (297, 420): "A3页面", (420, 297): "A3横向页面"}
    assert sizes[1] in larger
    caption = next(p.text for p in word.paragraphs if t("figure.hierarchy", "zh") in p.text)
    assert caption.endswith(f"（{larger[sizes[1]]}）")
    text_w = sizes[1][0] - 50
    assert shape.width.mm <= text_w + 0.1


def test_evaluation_report_as_docx(
    nsq: tuple[Project, Evaluation], nsq_analyses: Analyses, tmp_path: Path
) -> None:
    """The evaluation report in Word: the ranking table holds the evaluation's composites."""
    project, ev = nsq
    out = write_report(
        project, ev, tmp_path / "report.docx", lang="zh", now=NOW, analyses=nsq_analyses
    )
    word = Document(str(out))
    ranking = next(tb for tb in word.tables if tb.rows[0].cells[0].text == t("col.rank", "zh"))
    header = [c.text for c in ranking.rows[0].cells]
    composite = header.index(t("col.composite", "zh"))
    latest = ev.period_order()[-1]
    shown = sorted(float(r.cells[composite].text) for r in ranking.rows[1:])
    expected = sorted(
        round(float(ev.composite[r]), 1)
        for r in range(len(ev.data))
        if ev.data.periods[r] == latest
    )
    assert shown == pytest.approx(expected)
    # the diagram, and with a Monte Carlo the rank intervals and the tornado
    mc = nsq_analyses.sensitivity is not None and nsq_analyses.sensitivity.monte_carlo is not None
    assert len(word.inline_shapes) == (3 if mc else 1)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        debian = "apt-get install libreoffice-writer-nogui poppler-utils, or make office"
        message = f"{name} not found (Debian: {debian})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the Word-to-PDF test, not skip it")
        pytest.skip(message)
    return path


def test_docx_converts_to_pdf_and_page_one_is_not_blank(
    index_docx: tuple[Path, str], tmp_path: Path
) -> None:
    """LibreOffice (headless) opens the file and prints it; page 1 rendered at 50 dpi has ink
    on it: the title, the overview table (a page image a person can look at)."""
    from PIL import Image

    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    path, _lang = index_docx
    profile = tmp_path / "profile"  # its own profile: runs beside another soffice
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / f"{path.stem}.pdf"
    assert pdf.stat().st_size > 0
    subprocess.run(
        [pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = page.size
    assert height / width == pytest.approx(297 / 210, rel=0.02)  # A4 portrait
    ink = sum(page.histogram()[:128]) / (width * height)
    assert ink > 0.005, f"page 1 is blank ({ink:.2%} dark pixels)"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet="ab 中文0.1_", min_size=0, max_size=80), min_size=1, max_size=12),
    st.floats(60, 250),
)
def test_column_widths_fill_the_text_width_and_cap_only_the_widest(
    texts: list[str], available: float
) -> None:
    """Invariants of the water-filling: the widths sum to the text width; no column is
    narrower than its longest unbreakable word (while the words fit at all); with room to
    spare every column gets its request plus the same share; without, a column is granted
    its request, held at its word, or cut to one common cap that no granted request exceeds."""
    from qualindex.report.docx import column_least, column_requests, column_widths
    from qualindex.report.tables import Column, Table

    table = Table("t", tuple(Column(f"c{i}") for i in range(len(texts))), (tuple(texts),))
    least = column_least(table, 9.0)
    wanted = [max(r, m) for r, m in zip(column_requests(table, 9.0), least, strict=True)]
    widths = column_widths(table, 9.0, available)
    assert sum(widths) == pytest.approx(available, rel=1e-6)
    if sum(least) >= available:  # even the words do not fit: shared by the words
        assert widths == pytest.approx([m * available / sum(least) for m in least])
        return
    assert all(w >= m - 1e-6 for w, m in zip(widths, least, strict=True))
    if sum(wanted) <= available:
        extra = [w - r for w, r in zip(widths, wanted, strict=True)]
        assert min(extra) >= 0 and max(extra) - min(extra) < 1e-9
        return
    trio = list(zip(widths, wanted, least, strict=True))
    cut = [w for w, r, m in trio if w < r - 1e-6 and w > m + 1e-6]
    assert cut and max(cut) - min(cut) < 1e-6
    granted = [r for w, r, m in trio if w >= r - 1e-6 and r > m + 1e-6]  # not by its word
    assert all(r <= cut[0] + 1e-6 for r in granted)


def test_a_column_is_never_narrower_than_its_longest_word() -> None:
    """The per-expert consistency table wrapped 'Saat/y (1980)/表' in its RI-table column."""
    from qualindex.report.docx import column_least, column_widths
    from qualindex.report.tables import Column, Table

    columns = (Column("专家"), Column("说明"), Column("RI 表"))
    rows = (("liu", "很长的说明文字" * 12, "Saaty (1980) 表"),) * 3
    table = Table("t", columns, rows)
    widths = column_widths(table, 9.0, 100.0)
    em_mm = 9.0 * 25.4 / 72
    assert widths[2] >= 5 * 0.6 * em_mm  # 'Saaty' whole, at 0.6 em a letter
    assert widths[2] >= column_least(table, 9.0)[2] - 1e-9


def test_an_ri_table_the_same_in_every_row_is_said_once(tmp_path: Path) -> None:
    """The per-node and per-expert consistency tables used one RI table throughout: the
    column is left out and the table named once under each table."""
    run = ROOT / "indicators" / "network-service-quality" / "run.yaml"
    out = write_document(load_project(run), tmp_path / "run.docx", lang="zh", now=NOW)
    word = Document(str(out))
    header = t("col.ri_table", "zh")
    assert all(c.text != header for table in word.tables for c in table.rows[0].cells)
    said = [p.text for p in word.paragraphs if p.text.startswith(f"{header}（各行相同）：")]
    assert said and all("Saaty" in s for s in said)
