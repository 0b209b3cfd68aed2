"""Draw an index system as a hierarchy diagram with matplotlib, and save it as SVG/PNG/PDF.

The three layers stay apart: :mod:`~qualindex.hierarchy.layout` says where boxes go (in
inches), this module only turns nodes into text and boxes, and :mod:`qualindex.fonts`
picks a font that has every glyph.  matplotlib is imported inside the functions, and the
figure is a plain :class:`~matplotlib.figure.Figure` with an Agg canvas: nothing here
touches pyplot, the global backend or ``plt.show()``.

Boxes are sized from the measured text, so labels never overflow: first every label is
created and measured, then the layout places the boxes, then the texts are moved in.

Two layouts: a box tree (elbow connectors) up to 40 leaves, and above that an indented
outline poured into balanced columns — each node one row, groups on a tinted band, a
column that starts inside a group repeating its name (续 / cont.).  The outline was chosen
over a radial or sunburst chart because its text stays horizontal and reads like the
standard's own table: a sunburst's labels stand at every angle, and on a circle that fits
A3 (about 83 cm round) 300 labels get 2.8 mm of arc each — one 6 pt line, no room for the
id or unit beside it — and 1,000 get 0.8 mm, too little for any legible text.
``page`` fits the figure to A4/A3 by shrinking fonts and lengths, never below 6 pt.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualindex.errors import InputError
from qualindex.fonts import FontChoice, find_cjk_font, warn_once
from qualindex.hierarchy.layout import (
    LARGE_LEAVES,
    ORIENTS,
    DiagramLayout,
    Orient,
    Spacing,
    auto_orient,
    figure_size,
    flow_columns,
    page_size,
    subtree,
    tips,
    tree_layout,
)
from qualindex.hierarchy.model import IndexSystem, Node
from qualindex.hierarchy.textdiagram import (
    ALTERNATIVES_TITLE,
    DIRECTION_MARKS,
    ShowWeights,
    check_node_values,
    check_show_weights,
    cr_text,
    leaf_mark,
    node_weights,
    weight_text,
    wrap_label,
)
from qualindex.outputs import check_target, write_atomic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text as MplText

__all__ = [
    "MIN_PRINT_PT",
    "PNG_DPI",
    "SAVE_FORMATS",
    "DiagramStyle",
    "draw_hierarchy",
    "save_diagram",
]

SAVE_FORMATS = ("svg", "png", "pdf")
LANGS = ("zh", "en")
NodeValues = Mapping[str, tuple[float, float]]
# node id -> (CR, limit) or (CR, limit, failing experts, number of experts)
NodeChecks = Mapping[str, tuple[Any, ...]]

PNG_DPI = 200.0  # sharp when a page-wide figure is printed
MIN_PRINT_PT = 6.0  # no text smaller than this on a page-fitted figure (legible in print)
_COLUMNS_AIM = (16.54, 11.69)  # without a page, columns are balanced to A3 landscape
_MAX_PIXELS = 32_000  # per side of a PNG; larger trees get a lower dpi instead of failing

_LEGEND = {
    "higher": ("↑ 越大越好", "↑ higher is better"),
    "lower": ("↓ 越小越好", "↓ lower is better"),
    "target": ("◎ 越接近目标越好", "◎ closer to the target is better"),
    "local": ("w 局部权重", "w local weight"),
    "global": ("W 全局权重", "W global weight"),
    "cr": (
        "CR 一致性比率（绿：未超限值，红：超限）",
        "CR consistency ratio (green: within limit, red: over)",
    ),
}


@dataclass(frozen=True, slots=True)
class DiagramStyle:
    """Fonts, colours and spacing of a hierarchy diagram (sizes in points, lengths in inches).

    ``font`` is a family name or font file (``report.font``); ``None`` picks the best
    installed CJK font.  ``wrap_tb``/``wrap_lr`` are the name widths in cells (a Chinese
    character is two cells) for top-to-bottom and left-to-right trees.
    """

    font: str | None = None
    root_size: float = 10.5
    name_size: float = 9.0
    id_size: float = 6.5
    detail_size: float = 7.0
    legend_size: float = 7.5
    wrap_tb: int = 14
    wrap_lr: int = 32
    padding: float = 0.07
    line_gap: float = 0.025
    cross_gap: float = 0.12
    level_gap: float = 0.35
    margin: float = 0.15
    corner: float = 0.05
    text_color: str = "#1a1a1a"
    id_color: str = "#6b6b6b"
    ok_color: str = "#1a7f37"
    bad_color: str = "#c62828"
    border_color: str = "#41658a"
    edge_color: str = "#7a8fa6"
    root_fill: str = "#d6e4f0"
    aggregate_fill: str = "#eaf1f8"
    leaf_fill: str = "#ffffff"
    border_width: float = 0.8
    edge_width: float = 0.8
    legend: bool = True
    title_size: float = 13.0
    indent: float = 0.16  # columns layout: indentation per level
    row_gap: float = 0.035  # columns layout: air above and below a row's text
    column_gap: float = 0.25  # columns layout: space between columns
    wrap_columns: int = 26  # columns layout: name width in cells

    def scaled(self, factor: float, *, floor: float = 0.0) -> DiagramStyle:
        """The same style with every font size and length times ``factor``; no font size
        below ``floor`` points (small texts stop shrinking there, the others go on)."""
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and f.name not in {"font", "legend"}:
                font = f.name.endswith("_size")
                changes[f.name] = max(value * factor, floor) if font else value * factor
        return dataclasses.replace(self, **changes)

    def smallest(self, *, ids: bool = True) -> float:
        """The smallest font size used (points)."""
        sizes = [self.name_size, self.detail_size, self.legend_size]
        return min([*sizes, self.id_size] if ids else sizes)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One text artist inside a box: ``kind`` is name, id, detail (arrow, unit, weights) or cr."""

    kind: str
    text: str
    color: str
    size: float
    symbols: bool = False  # arrows, numbers: draw with the Latin font first


@dataclass(frozen=True, slots=True)
class _Job:
    """Everything one drawing needs, checked once."""

    index: IndexSystem
    lang: str
    orient: Orient
    style: DiagramStyle
    font: FontChoice
    weights: NodeValues | None
    consistency: NodeChecks | None
    show: ShowWeights
    ids: bool = True
    title: str | None = None


@dataclass(frozen=True, slots=True)
class _Label:
    """A node's text artists and the (width, height) of each, in inches."""

    texts: tuple[MplText, ...]
    sizes: tuple[tuple[float, float], ...]


def draw_hierarchy(
    index: IndexSystem,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    weights: NodeValues | None = None,
    consistency: NodeChecks | None = None,
    orient: Orient | None = None,
    show_weights: ShowWeights = "both",
    style: DiagramStyle | None = None,
    root: str | None = None,
    depth: int | None = None,
    show_ids: bool = True,
    title: str | None = None,
    page: str | None = None,
    landscape: bool = False,
    layout: DiagramLayout = "auto",
) -> Figure:
    """Draw ``index`` as a tree of boxes (or, when large, as an outline in columns).

    Each box holds the name (wrapped), the id in small grey, the weights when ``weights``
    maps node id -> (local, global), "CR 0.034 ≤ 0.10" in green or red for aggregates in
    ``consistency`` (node id -> (CR, limit)), and for indicators the direction arrow (↑ higher
    is better, ↓ lower, ◎ target) and unit.  ``orient`` defaults to
    :func:`~qualindex.hierarchy.layout.auto_orient`.  Without ``ax`` the figure is sized
    so nothing overlaps; a given ``ax`` is drawn in data units of inches, so it should be
    at least :func:`~qualindex.hierarchy.layout.figure_size` large.

    ``root`` and ``depth`` draw only the part under ``root``, ``depth`` levels deep;
    ``show_ids=False`` leaves the ids out; ``title`` is printed above the diagram.
    ``layout="auto"`` draws a box tree up to :data:`~qualindex.hierarchy.layout.LARGE_LEAVES`
    tips and an indented outline flowed into columns above that (a box tree of 300 leaves
    is a strip 100 inches long; a sunburst of 300 labels needs 6 pt text on a 1.5 m circle).
    ``page`` ("A4", "A3", with ``landscape``) makes the figure exactly that page: the
    drawing is shrunk to fit when needed, never below :data:`MIN_PRINT_PT` points (else
    the tree is drawn in columns, and if even that does not fit an :class:`InputError` says
    what to leave out).

    Without a CJK font this warns once and draws English labels instead of empty boxes.
    """
    check_node_values(index, weights, "weights")  # against the whole tree, then cut
    check_node_values(index, consistency, "consistency", leaves=False)
    part = subtree(index, root, depth)
    weights = _within(part, weights)
    consistency = _within(part, consistency)
    base = style or DiagramStyle()
    job = _job(part, lang, weights, consistency, orient, show_weights, base)
    job = dataclasses.replace(job, ids=show_ids, title=title)
    kind = _pick_layout(part, layout)
    if page is None or ax is not None:
        paper = page_size(page, landscape=landscape) if page else _COLUMNS_AIM
        return _render(job, kind, ax, paper)
    paper = page_size(page, landscape=landscape)
    if orient is None and kind == "tree":
        job = dataclasses.replace(job, orient=_page_orient(job, paper))
    # auto: a box tree, else one row per node in columns, else (the largest trees) each
    # group's indicators flowed several to a line
    kinds = {"tree": ["tree", "columns", "packed"], "columns": ["columns", "packed"]}
    kinds_tried = kinds.get(kind, [kind]) if layout == "auto" else [kind]
    for chosen in kinds_tried:
        fig = _fit(job, chosen, paper)
        if fig is not None:
            return fig
    name = f"{page.upper()}{' landscape' if landscape else ''}"
    ways = ["draw part of the tree (--depth N, --root ID)"]
    if show_ids and _fit(dataclasses.replace(job, ids=False), kinds_tried[-1], paper):
        ways.append("leave the ids out (--no-ids)")  # only when that is enough
    taken = (("A3", page.upper() == "A3"), ("--landscape", landscape))
    larger = [way for way, used in taken if not used]
    if larger:  # only the ways not taken already
        ways.append(f"use a larger page ({', '.join(larger)})")
    ways_text = ways[0] if len(ways) == 1 else f"{', '.join(ways[:-1])} or {ways[-1]}"
    raise InputError(
        f"{len(tips(part))} indicators do not fit {name} with text of {MIN_PRINT_PT:g} pt or "
        f"more; {ways_text}"
    )


def _page_orient(job: _Job, paper: tuple[float, float]) -> Orient:
    """The orientation that needs less shrinking to fit the page; when both fit as drawn,
    the one shaped more like the page (a wide tree on a landscape page)."""

    def score(orient: Orient) -> tuple[float, float]:
        fig = _render(dataclasses.replace(job, orient=orient), "tree", None, paper)
        width, height = fig.get_size_inches()
        room = min(paper[0] / width, paper[1] / height, 1.0)
        return float(room), -abs(math.log((width / height) / (paper[0] / paper[1])))

    return max(ORIENTS, key=score)


def _within(index: IndexSystem, values: NodeValues | None) -> NodeValues | None:
    """The values of the nodes drawn (a subtree leaves the others out)."""
    if values is None:
        return None
    return {k: v for k, v in values.items() if k in index.nodes}


def _pick_layout(index: IndexSystem, layout: str) -> str:
    if layout not in ("auto", "tree", "columns", "packed"):
        raise InputError(f"layout={layout!r} is not one of auto, tree, columns, packed")
    if layout != "auto":
        return layout
    return "columns" if len(tips(index)) > LARGE_LEAVES else "tree"


def _fit(job: _Job, kind: str, paper: tuple[float, float]) -> Figure | None:
    """The figure of ``kind`` on a page of ``paper`` inches, shrunk to fit; None when the
    text would fall below :data:`MIN_PRINT_PT`."""
    if job.style.smallest(ids=job.ids) < MIN_PRINT_PT - 1e-9:
        raise InputError(
            f"the style's smallest font ({job.style.smallest(ids=job.ids):g} pt) is below "
            f"{MIN_PRINT_PT:g} pt: too small to print; raise id_size, detail_size or legend_size"
        )
    scale = 1.0
    for _ in range(6):
        style = job.style.scaled(scale, floor=MIN_PRINT_PT) if scale != 1.0 else job.style
        fig = _render(dataclasses.replace(job, style=style), kind, None, paper)
        width, height = fig.get_size_inches()
        room = min(paper[0] / width, paper[1] / height)
        if room >= 1.0:
            _pad_to(fig, paper)
            return fig
        if style.name_size <= MIN_PRINT_PT + 1e-9:
            return None  # every text at the smallest legible size and still too large
        scale *= room * 0.995
    return None


def _pad_to(fig: Figure, paper: tuple[float, float]) -> None:
    """Make ``fig`` exactly the page: the drawing centred across, at the top."""
    ax = fig.axes[0]
    width, height = fig.get_size_inches()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    dx, dy = (paper[0] - width) / 2, paper[1] - height
    ax.set_xlim(x0 - dx, x1 + dx)
    ax.set_ylim(y0 - dy, y1)
    fig.set_size_inches(*paper)


def _render(job: _Job, kind: str, ax: Axes | None, paper: tuple[float, float]) -> Figure:
    import matplotlib

    fig, ax, own = _axes(ax)
    # Hinting snaps glyphs to the pixel grid, so text widths at 72-150 dpi differ by up to 11 %
    # from the outlines; measured unhinted, a label fits its box in SVG, PDF and PNG alike.
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        if kind in ("columns", "packed"):
            _draw_columns(ax, job, fig if own else None, paper, packed=kind == "packed")
        else:
            _draw_tree(ax, job, fig if own else None)
    return fig


def _draw_tree(ax: Axes, job: _Job, fig: Figure | None) -> None:
    index = job.index
    labels = {n.id: _label(ax, n, job) for n in index.walk()}
    spacing = _spacing(job, labels)
    width, height = figure_size(index, job.orient, spacing=spacing)
    row = _alternative_labels(ax, job) if index.alternatives else []
    # a decision model's alternatives: one row past the deepest level, joined to every leaf
    depth = (
        (max(s[1] for s in _row_sizes(row)) if job.orient == "tb" else _row_cross(row))
        if row
        else 0.0
    )
    extra = spacing.level_gap + depth + 2 * job.style.padding if row else 0.0
    if job.orient == "tb":
        height += extra
    else:
        width += extra
    legend = _legend(ax, job, width) if job.style.legend else None
    title = _title(ax, job) if job.title else None
    _check_glyphs(job, [*labels.values(), *row])
    _frame(ax, width, height, legend, fig=fig, margin=job.style.margin, title=title)
    positions = tree_layout(index, orient=job.orient, spacing=spacing)
    if job.orient == "tb":  # laid out for the tree's own height: lift it above the row
        positions = {k: (x, y + extra) for k, (x, y) in positions.items()}
    for node in index.walk():
        box = spacing.box(node.level, job.orient)
        _place_box(ax, node, positions[node.id], box, labels[node.id], job)
    _connectors(ax, job, positions, spacing)
    if row:
        _place_alternatives(ax, job, row, positions, spacing, (width, height, extra))


def _alternative_labels(ax: Axes, job: _Job) -> list[_Label]:
    """The row's title (方案层 / Alternatives) and one label per alternative: its name, and
    its id in small grey when ids are shown and differ from the name."""
    st = job.style
    wrap = st.wrap_tb if job.orient == "tb" else st.wrap_lr
    out = []
    title = [_Piece("name", ALTERNATIVES_TITLE[job.lang], st.id_color, st.name_size)]
    items: list[tuple[str, list[_Piece]]] = [("alternatives", title)]
    for alt in job.index.alternatives:
        name = _drawable(alt.name.get(job.lang) or alt.id, alt.id, job.font)
        pieces = [_Piece("name", "\n".join(wrap_label(name, wrap)), st.text_color, st.name_size)]
        if job.ids and alt.id != name:
            pieces.append(_Piece("id", alt.id, st.id_color, st.id_size))
        items.append((f"alt:{alt.id}", pieces))
    for key, pieces in items:
        texts = tuple(
            _centred_text(ax, p, job, key if key == "alternatives" else f"{p.kind}:{key}")
            for p in pieces
        )
        out.append(_Label(texts, tuple(_extent(t) for t in texts)))
    return out


def _row_sizes(row: list[_Label]) -> list[tuple[float, float]]:
    """(width, height) of each label's text block, without padding."""
    return [(max(w for w, _ in lab.sizes), sum(h for _, h in lab.sizes)) for lab in row]


def _row_cross(row: list[_Label]) -> float:
    """A left-to-right tree's row is a column: as wide as its widest label."""
    return max(w for w, _ in _row_sizes(row))


def _place_alternatives(
    ax: Axes,
    job: _Job,
    row: list[_Label],
    positions: Mapping[str, tuple[float, float]],
    sp: Spacing,
    frame: tuple[float, float, float],
) -> None:
    """The row of alternatives in one band along the far side of the tree, its cells side by
    side (stacked in a left-to-right tree), and one line from every leaf into a bar above
    the band (not a line per leaf and alternative: compact for many criteria)."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import FancyBboxPatch

    st = job.style
    width, height, extra = frame
    tb = job.orient == "tb"
    depth = extra - sp.level_gap  # the band's extent along the level axis
    lo, hi = sp.margin, (width if tb else height) - sp.margin  # across the whole figure
    near = sp.margin + depth if tb else width - sp.margin - depth  # the band's tree side
    band = (lo, sp.margin, hi - lo, depth) if tb else (near, lo, depth, hi - lo)
    ax.add_patch(
        FancyBboxPatch(
            band[:2],
            band[2],
            band[3],
            boxstyle=f"round,pad=0,rounding_size={st.corner}",
            facecolor=st.aggregate_fill,
            edgecolor=st.border_color,
            linewidth=st.border_width,
            gid="box:alternatives",
            zorder=2,
        )
    )
    cell = (hi - lo) / len(row)
    for k, label in enumerate(row):
        centre = lo + (k + 0.5) * cell
        block = sum(h for _, h in label.sizes) + st.line_gap * (len(label.sizes) - 1)
        x, top = (centre, sp.margin + depth / 2 + block / 2) if tb else (near + depth / 2, 0.0)
        if not tb:
            top = height - centre + block / 2  # cells run down the band, first at the top
        for text, (_, h) in zip(label.texts, label.sizes, strict=True):
            text.set_position((x, top))
            top -= h + st.line_gap
    segments: list[list[tuple[float, float]]] = []
    tips_at = []
    for node in job.index.walk():
        if node.children:
            continue
        x, y = positions[node.id]
        half = sp.box(node.level, job.orient)[1 if tb else 0] / 2
        tips_at.append((x, y - half) if tb else (x + half, y))
    bar = near + sp.level_gap / 2 if tb else near - sp.level_gap / 2
    for x, y in tips_at:
        segments.append([(x, y), (x, bar)] if tb else [(x, y), (bar, y)])
    crosses = [p[0] if tb else p[1] for p in tips_at]
    a, b = min(crosses), max(crosses)
    if tb:
        segments += [[(a, bar), (b, bar)], [((a + b) / 2, bar), ((a + b) / 2, near)]]
    else:
        segments += [[(bar, a), (bar, b)], [(bar, (a + b) / 2), (near, (a + b) / 2)]]
    lines = LineCollection(segments, colors=st.edge_color, linewidths=st.edge_width, zorder=1)
    lines.set_gid("edges:alternatives")
    ax.add_collection(lines)


def _title(ax: Axes, job: _Job, text: str | None = None) -> MplText:
    st = job.style
    return ax.text(
        0.0,
        0.0,
        text or job.title or "",
        fontsize=st.title_size,
        color=st.text_color,
        family=list(job.font.families),
        ha="center",
        va="top",
        gid="title",
        zorder=3,
    )


def save_diagram(
    fig: Figure,
    path: str | Path,
    *,
    dpi: float | None = None,
    inputs: Iterable[Path] = (),
    force: bool = False,
) -> Path:
    """Write ``fig`` to ``path`` (.svg, .png or .pdf) atomically; return the path.

    SVG glyphs are outlines so Chinese shows on machines without the font; PDF embeds
    TrueType subsets; PNG uses ``dpi`` (default 200, lowered for very large trees).
    """
    import matplotlib

    target = Path(path)
    if str(path).strip() in ("", "."):
        check_target(path)  # names the empty -o before its missing suffix
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in SAVE_FORMATS:
        raise InputError(
            f"{target}: cannot save a diagram as {target.suffix or 'a file without suffix'!r}; "
            "use .svg, .png or .pdf"
        )
    buffer = io.BytesIO()
    # Glyphs as outlines in SVG (Chinese renders without the font installed), TrueType subsets
    # in PDF (text stays searchable), a fixed hash salt so the same diagram gives the same SVG,
    # and PNG text unhinted as it was measured.
    rc: dict[Any, Any] = {
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "svg.hashsalt": "qi",
        "text.hinting": "no_hinting",
    }
    with matplotlib.rc_context(rc):
        fig.savefig(buffer, format=fmt, **_save_options(fig, fmt, dpi))
    return write_atomic(target, buffer.getvalue(), inputs=inputs, force=force)


def _save_options(fig: Figure, fmt: str, dpi: float | None) -> dict[str, Any]:
    if fmt == "png":
        chosen = dpi or PNG_DPI
        return {"dpi": min(chosen, _MAX_PIXELS / max(fig.get_size_inches()))}
    # No creation date: the same index gives byte-identical files, which keeps diffs quiet.
    return {"metadata": {"Date": None} if fmt == "svg" else {"CreationDate": None}}


def _job(
    index: IndexSystem,
    lang: str,
    weights: NodeValues | None,
    consistency: NodeChecks | None,
    orient: Orient | None,
    show: ShowWeights,
    style: DiagramStyle,
) -> _Job:
    """Check the options once and pick the font and the language actually drawn."""
    if lang not in LANGS:
        raise InputError(f"lang={lang!r} is not one of {', '.join(LANGS)}")
    if orient is not None and orient not in ORIENTS:
        raise InputError(f"orient={orient!r} is not one of {', '.join(ORIENTS)}")
    check_show_weights(show)
    check_node_values(index, weights, "weights")
    check_node_values(index, consistency, "consistency", leaves=False)
    font = find_cjk_font(style.font)
    if not font.cjk and lang == "zh":
        if any(font.missing(n.name.get("zh")) for n in index.walk()):
            warn_once(f"{font.warning}; drawing English labels (lang='en') instead")
        lang = "en"  # the legend too: without Chinese names there is nothing to warn about
    chosen = orient or auto_orient(index)
    return _Job(index, lang, chosen, style, font, weights, consistency, show)


def _axes(ax: Axes | None) -> tuple[Figure, Axes, bool]:
    """The figure and axes to draw on; True when the figure is ours to size."""
    if ax is not None:
        return ax.figure.figure, ax, False  # a SubFigure's .figure is the root Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    return fig, fig.add_axes((0.0, 0.0, 1.0, 1.0)), True


def _pieces(node: Node, job: _Job) -> list[_Piece]:
    """What a node's box says, top to bottom: name, id, weights, CR; a leaf's arrow and
    unit share the weights line."""
    st = job.style
    wrap = st.wrap_tb if job.orient == "tb" else st.wrap_lr
    name = _drawable(node.name.get(job.lang), node.id, job.font)
    size = st.root_size if node.parent is None else st.name_size
    pieces = [_Piece("name", "\n".join(wrap_label(name, wrap)), st.text_color, size)]
    # an id is never broken (outpatient-quality, not outpatient-/quality), and not repeated
    # when it is the name itself (ids written in Chinese: 医疗质量)
    if job.ids and node.id != name:
        pieces.append(_Piece("id", node.id, st.id_color, st.id_size))
    detail = [_leaf_mark(node, job.font)]
    if (pair := node_weights(node, job.weights)) is not None:
        detail.append(weight_text(*pair, job.show))
    if any(detail):
        text = "   ".join(d for d in detail if d)
        pieces.append(_Piece("detail", text, st.text_color, st.detail_size, symbols=True))
    if job.consistency and node.id in job.consistency:
        text, ok = cr_text(*job.consistency[node.id])
        colour = st.ok_color if ok else st.bad_color
        pieces.append(_Piece("cr", text, colour, st.detail_size, symbols=True))
    return pieces


def _leaf_mark(node: Node, font: FontChoice) -> str:
    """Direction arrow and unit; only the arrow when the font cannot draw the unit."""
    if node.indicator is None:
        return ""
    return _drawable(leaf_mark(node), DIRECTION_MARKS.get(node.indicator.direction, ""), font)


def _label(ax: Axes, node: Node, job: _Job) -> _Label:
    """Create a node's text artists (placed later) and measure them."""
    texts = tuple(
        _centred_text(ax, piece, job, f"{piece.kind}:{node.id}") for piece in _pieces(node, job)
    )
    return _Label(texts, tuple(_extent(t) for t in texts))


def _centred_text(ax: Axes, piece: _Piece, job: _Job, gid: str) -> MplText:
    """One piece of a box's text, centred, hung from its top (placed later)."""
    return ax.text(
        0.0,
        0.0,
        piece.text,
        fontsize=piece.size,
        color=piece.color,
        family=list(job.font.symbol_families if piece.symbols else job.font.families),
        ha="center",
        va="top",
        multialignment="center",
        linespacing=1.15,
        gid=gid,
        zorder=3,
    )


def _extent(artist: MplText) -> tuple[float, float]:
    """(width, height) in inches of a text artist as it will be drawn."""
    dpi = artist.figure.dpi
    box = artist.get_window_extent()
    return box.width / dpi, box.height / dpi


def _block(label: _Label, style: DiagramStyle) -> tuple[float, float]:
    """(width, height) of the box that holds ``label`` with padding."""
    width = max(w for w, _ in label.sizes)
    height = sum(h for _, h in label.sizes) + style.line_gap * (len(label.sizes) - 1)
    return width + 2 * style.padding, height + 2 * style.padding


def _spacing(job: _Job, labels: Mapping[str, _Label]) -> Spacing:
    """Box extents from the measured labels: the largest of each level, on both axes."""
    depth = job.index.depth
    cross, along = [0.0] * (depth + 1), [0.0] * (depth + 1)
    flip = job.orient == "lr"
    for node in job.index.walk():
        width, height = _block(labels[node.id], job.style)
        c, a = (height, width) if flip else (width, height)
        cross[node.level] = max(cross[node.level], c)
        along[node.level] = max(along[node.level], a)
    st = job.style
    return Spacing(
        cross=tuple(cross),
        along=tuple(along),
        cross_gap=st.cross_gap,
        level_gap=st.level_gap,
        margin=st.margin,
    )


def _place_box(
    ax: Axes,
    node: Node,
    centre: tuple[float, float],
    size: tuple[float, float],
    label: _Label,
    job: _Job,
) -> None:
    """Draw the box and move the node's texts into it, centred as one block."""
    from matplotlib.patches import FancyBboxPatch

    st = job.style
    (x, y), (w, h) = centre, size
    fill = {0: st.root_fill}.get(node.level, st.leaf_fill if node.is_leaf else st.aggregate_fill)
    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={st.corner}",
        facecolor=fill,
        edgecolor=st.border_color,
        linewidth=st.border_width,
        gid=f"box:{node.id}",
        zorder=2,
    )
    ax.add_patch(patch)
    top = y + (_block(label, st)[1] - 2 * st.padding) / 2
    for text, (_, height) in zip(label.texts, label.sizes, strict=True):
        text.set_position((x, top))
        top -= height + st.line_gap


def _connectors(
    ax: Axes, job: _Job, positions: Mapping[str, tuple[float, float]], sp: Spacing
) -> None:
    """Elbow connectors: parent -> the middle of the gap, a bar across, down to each child."""
    from matplotlib.collections import LineCollection

    segments: list[list[tuple[float, float]]] = []
    for node in job.index.walk():
        if node.children:
            kids = [positions[c] for c in node.children]
            segments.extend(_elbow(positions[node.id], kids, node.level, sp, job.orient))
    lines = LineCollection(
        segments, colors=job.style.edge_color, linewidths=job.style.edge_width, zorder=1
    )
    lines.set_gid("edges")
    ax.add_collection(lines)


def _elbow(
    parent: tuple[float, float],
    children: list[tuple[float, float]],
    level: int,
    sp: Spacing,
    orient: Orient,
) -> list[list[tuple[float, float]]]:
    """The segments from one parent to its children, built on (along, cross) axes."""

    def point(along: float, cross: float) -> tuple[float, float]:
        return (cross, -along) if orient == "tb" else (along, cross)

    def axes_of(p: tuple[float, float]) -> tuple[float, float]:
        return (-p[1], p[0]) if orient == "tb" else p

    p_along, p_cross = axes_of(parent)
    start = p_along + sp.along_at(level) / 2
    end = axes_of(children[0])[0] - sp.along_at(level + 1) / 2
    mid = (start + end) / 2
    crosses = [axes_of(c)[1] for c in children]
    lo, hi = min([*crosses, p_cross]), max([*crosses, p_cross])
    segments = [[point(start, p_cross), point(mid, p_cross)], [point(mid, lo), point(mid, hi)]]
    segments.extend([point(mid, c), point(end, c)] for c in crosses)
    return segments


def _legend(ax: Axes, job: _Job, width: float) -> MplText | None:
    """A key to the marks used (arrows, w/W, CR), wrapped to the figure width."""
    zh = job.lang == "zh"
    keys = sorted({n.indicator.direction for n in job.index.leaves() if n.indicator})
    if job.weights:
        keys += [k for k in ("local", "global") if job.show in (k, "both")]
    if job.consistency:
        keys.append("cr")
    if not keys:
        return None
    st = job.style
    text = ax.text(0.0, 0.0, "", fontsize=st.legend_size, color=st.id_color, ha="left", va="bottom")
    text.set(family=list(job.font.symbol_families), gid="legend", zorder=3)
    room = width - 2 * st.margin
    lines: list[str] = []
    for item in (_LEGEND[k][0 if zh else 1] for k in keys):
        trial = f"{lines[-1]}{'　' if zh else '    '}{item}" if lines else item
        text.set_text(trial)
        if lines and _extent(text)[0] <= room:
            lines[-1] = trial
        else:
            lines.append(item)
    text.set_text("\n".join(lines))
    return text


def _frame(
    ax: Axes,
    width: float,
    height: float,
    legend: MplText | None,
    *,
    fig: Figure | None,
    margin: float,
    title: MplText | None = None,
) -> None:
    """Size ``fig`` (given when it is ours) and map data units to inches; room for the legend
    below and the title above."""
    legend_w, legend_h = _extent(legend) if legend is not None else (0.0, 0.0)
    title_w, title_h = _extent(title) if title is not None else (0.0, 0.0)
    widest = max(legend_w, title_w)
    extra = max(0.0, widest + 2 * margin - width)  # a legend or title wider than a tiny tree
    band = legend_h + margin if legend is not None else 0.0
    top = height + (title_h + margin if title is not None else 0.0)
    left, right, bottom = -extra / 2, width + extra / 2, -band
    if legend is not None:
        legend.set_position((left + margin, bottom + margin))
    if title is not None:
        title.set_position(((left + right) / 2, top - margin))
    if fig is not None:
        fig.set_size_inches(right - left, top - bottom)
    else:
        ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()


def _check_glyphs(job: _Job, labels: Iterable[_Label]) -> None:
    """Warn once about characters no font can draw (rare characters, a named Latin font)."""
    drawn = "".join(t.get_text() for label in labels for t in label.texts)
    missing = job.font.missing(drawn)
    if missing:
        warn_once(
            f"font {job.font.family!r} has no glyph for {' '.join(sorted(missing))}: they will "
            "show as empty boxes; name a font that has them with report.font"
        )


def _drawable(text: str, fallback: str, font: FontChoice) -> str:
    """``text``, or ``fallback`` when the (Latin-only) font cannot draw it."""
    return text if font.cjk or not font.missing(text) else fallback


# --- the columns layout: an indented outline poured into balanced columns ----------------------
@dataclass(frozen=True, slots=True)
class _Row:
    """One outline row: the node's name and its grey details, measured (inches)."""

    node: Node
    name: MplText
    meta: tuple[MplText, ...]
    width: float
    height: float


def _row_texts(ax: Axes, node: Node, job: _Job, suffix: str = "") -> tuple[MplText, ...]:
    """Name (bold for aggregates), then id, details and CR as separate grey/coloured texts."""
    st = job.style
    wrap = st.wrap_columns
    name = _drawable(node.name.get(job.lang), node.id, job.font) + suffix
    pieces = [p for p in _pieces(node, job) if p.kind != "name"]
    texts = [
        ax.text(
            0.0,
            0.0,
            "\n".join(wrap_label(name, wrap)),
            fontsize=st.name_size,
            color=st.id_color if suffix else st.text_color,
            family=list(job.font.families),
            ha="left",
            va="top",
            linespacing=1.15,
            gid=f"{'cont' if suffix else 'name'}:{node.id}",
            zorder=3,
        )
    ]
    for piece in [] if suffix else pieces:
        families = job.font.symbol_families if piece.symbols or piece.kind == "id" else None
        texts.append(
            ax.text(
                0.0,
                0.0,
                piece.text,
                fontsize=piece.size,
                color=piece.color,
                family=list(families or job.font.families),
                ha="left",
                va="top",
                gid=f"{piece.kind}:{node.id}",
                zorder=3,
            )
        )
    return tuple(texts)


def _make_row(ax: Axes, node: Node, job: _Job, suffix: str = "") -> _Row:
    st = job.style
    texts = _row_texts(ax, node, job, suffix)
    sizes = [_extent(t) for t in texts]
    width = sum(w for w, _ in sizes) + st.padding * (len(sizes) + 1)
    height = max(h for _, h in sizes) + 2 * st.row_gap
    indent = st.indent * (node.level - 1)
    return _Row(node, texts[0], texts[1:], indent + width, height)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a column: an aggregate's heading, or one or more of a parent's leaves."""

    node: Node  # the first node on the line (its level and path)
    items: tuple[_Row, ...]
    height: float
    heading: bool


def _lines(rows: list[_Row]) -> list[_Line]:
    return [_Line(r.node, (r,), r.height, bool(r.node.children)) for r in rows]


def _draw_columns(
    ax: Axes, job: _Job, fig: Figure | None, paper: tuple[float, float], *, packed: bool = False
) -> None:
    """The tree as an outline: a title, then every node a row, indented by level, poured
    into as many balanced columns as fit the page's shape best.  A column that starts inside
    a group repeats the group's name, marked 续 / cont.  ``packed``: a group's indicators
    follow each other on a line as long as they fit the column (the page's width shared
    by the columns), for trees too large for one row per node."""
    st = job.style
    rows = [_make_row(ax, n, job) for n in job.index.walk() if n.parent is not None]
    root = _drawable(job.index.name.get(job.lang), job.index.id, job.font)
    title = _title(ax, job, job.title or root)
    if packed:
        col_w, lines, starts = _best_packing(rows, paper, st)
    else:
        col_w = max([r.width for r in rows], default=1.0)
        lines = _lines(rows)
        starts = _best_columns(lines, col_w, paper, st)
    columns = _columns_with_context(ax, job, lines, starts)
    tall = max(sum(line.height for line in col) for col in columns)
    width = len(columns) * col_w + (len(columns) - 1) * st.column_gap + 2 * st.margin
    title_h = _extent(title)[1] + st.margin
    height = tall + title_h + 2 * st.margin
    for c, col in enumerate(columns):
        x = st.margin + c * (col_w + st.column_gap)
        y = height - st.margin - title_h
        for line in col:
            indent = st.indent * (line.node.level - 1)
            left = x + indent  # where the next item's text starts
            for row in line.items:
                _place_row(ax, row, left - indent, y, col_w, job)
                left += row.width - indent + _ITEM_GAP * st.padding
            y -= line.height
    legend = _legend(ax, job, width) if st.legend else None
    texts = [(r.name, *r.meta) for col in columns for line in col for r in line.items]
    _check_glyphs(job, [_Label(t, ()) for t in texts])
    _frame(ax, width, height - title_h, legend, fig=fig, margin=st.margin, title=title)


_ITEM_GAP = 3.0  # packed lines: space between two indicators, in paddings


def _packed_lines(rows: list[_Row], col_w: float, st: DiagramStyle) -> list[_Line]:
    """Headings alone on their line; each run of one parent's leaves flowed greedily into
    lines no wider than the column."""
    lines: list[_Line] = []
    run: list[_Row] = []
    used = 0.0

    def close() -> None:
        if run:
            lines.append(_Line(run[0].node, tuple(run), max(r.height for r in run), False))

    for row in rows:
        indent = st.indent * (row.node.level - 1)
        own = row.width - indent
        same = bool(run) and run[0].node.parent == row.node.parent and not row.node.children
        if same and used + _ITEM_GAP * st.padding + own <= col_w - indent + 1e-9:
            run.append(row)
            used += _ITEM_GAP * st.padding + own
            continue
        close()
        run, used = [], 0.0
        if row.node.children:
            lines.append(_Line(row.node, (row,), row.height, True))
        else:
            run, used = [row], own
    close()
    return lines


def _best_packing(
    rows: list[_Row], paper: tuple[float, float], st: DiagramStyle
) -> tuple[float, list[_Line], list[int]]:
    """Column width, packed lines and column starts: for k columns sharing the page's width
    (at the drawing's current scale), the k whose tallest column is lowest."""
    widest = max([r.width for r in rows], default=1.0)
    avail = paper[0] - 2 * st.margin
    best: tuple[float, float, list[_Line], list[int]] | None = None
    for k in range(1, 41):
        col_w = (avail - (k - 1) * st.column_gap) / k
        if col_w < widest:
            if best is not None:
                break
            col_w = widest  # even one column is narrower than the widest row
        lines = _packed_lines(rows, col_w, st)
        heights = [line.height for line in lines]
        starts = flow_columns(heights, k, keep_with_next=[line.heading for line in lines])
        ends = [*starts[1:], len(lines)]
        tall = max(sum(heights[a:b]) for a, b in zip(starts, ends, strict=True))
        if best is None or tall < best[0] - 1e-9:
            best = (tall, col_w, lines, starts)
        if col_w == widest:
            break
    assert best is not None
    return best[1], best[2], best[3]


def _best_columns(
    lines: list[_Line], col_w: float, paper: tuple[float, float], st: DiagramStyle
) -> list[int]:
    """Column starts for the number of columns whose figure fits ``paper`` at the largest
    scale."""
    heights = [line.height for line in lines]
    keep = [line.heading for line in lines]
    best: tuple[float, list[int]] | None = None
    for k in range(1, max(1, len(lines)) + 1):
        starts = flow_columns(heights, k, keep_with_next=keep)
        ends = [*starts[1:], len(lines)]
        tall = max(sum(heights[a:b]) for a, b in zip(starts, ends, strict=True))
        wide = len(starts) * col_w + (len(starts) - 1) * st.column_gap
        fit = min(paper[0] / wide, paper[1] / (tall + 1.0))
        if best is None or fit > best[0] + 1e-9:
            best = (fit, starts)
        if wide > paper[0] * 1.5:
            break
    assert best is not None
    return best[1]


def _columns_with_context(
    ax: Axes, job: _Job, lines: list[_Line], starts: list[int]
) -> list[list[_Line]]:
    """Split ``lines`` at ``starts``; a column beginning inside a group first repeats the
    names of the groups it continues."""
    by_id = {line.node.id: line.node for line in lines if line.heading}
    mark = "（续）" if job.lang == "zh" else " (cont.)"
    out = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        first = lines[a].node
        chain = [p for p in first.path[1:-1] if p in by_id and p != first.id]
        context = []
        for p in chain:
            row = _make_row(ax, by_id[p], job, mark)
            context.append(_Line(row.node, (row,), row.height, True))
        out.append([*context, *lines[a:b]])
    return out


def _place_row(ax: Axes, row: _Row, x: float, y: float, col_w: float, job: _Job) -> None:
    """Put a row's texts at (x, y) = its top left; aggregates get a filled band."""
    from matplotlib.patches import Rectangle

    st = job.style
    indent = st.indent * (row.node.level - 1)
    if row.node.children:
        fill = st.root_fill if row.node.level == 1 else st.aggregate_fill
        band = Rectangle(
            (x + indent, y - row.height),
            col_w - indent,
            row.height * 0.98,
            facecolor=fill,
            edgecolor="none",
            gid=f"band:{row.node.id}",
            zorder=1,
        )
        ax.add_patch(band)
    left = x + indent + st.padding
    for text in (row.name, *row.meta):
        # smaller grey texts sit on the name's first baseline, not hung from its top
        drop = (float(row.name.get_fontsize()) - float(text.get_fontsize())) * 0.8 / 72
        text.set_position((left, y - st.row_gap - drop))
        left += _extent(text)[0] + st.padding
