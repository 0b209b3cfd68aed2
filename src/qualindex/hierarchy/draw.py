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
import functools
import io
import math
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
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
    break_points,
    check_node_values,
    check_show_weights,
    cr_text,
    leaf_mark,
    node_weights,
    weight_text,
    wrap_label,
)
from qualindex.outputs import check_target, write_atomic
from qualindex.texts import Msg, msg

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text as MplText

__all__ = [
    "MIN_PRINT_PT",
    "PNG_DPI",
    "SAVE_FORMATS",
    "DiagramStyle",
    "DiagramWarning",
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


class DiagramWarning(UserWarning):
    """The drawing left something out to fit its page (ids, units): said on the figure too."""


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
    item_gap: float = 0.21  # packed layout: space between two indicators on a line
    wrap_columns: int = 26  # columns layout: name width in cells
    wrap_packed: int = 60  # packed layout: name width in cells (one line keeps lines low)

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
    marks: bool = True  # a leaf's direction arrow and unit
    dense: bool = False  # packed: the groups of one parent run on in one paragraph
    note: str = ""  # what was left out to fit the page, in the figure's language


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
    show_ids: bool | None = None,
    title: str | None = None,
    page: str | tuple[float, float] | None = None,
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
    ``show_ids=False`` leaves the ids out and ``True`` keeps them (``None``: shown unless
    left out to fit ``page``); ``title`` is printed above the diagram.
    ``layout="auto"`` draws a box tree up to :data:`~qualindex.hierarchy.layout.LARGE_LEAVES`
    tips and an indented outline flowed into columns above that (a box tree of 300 leaves
    is a strip 100 inches long; a sunburst of 300 labels needs 6 pt text on a 1.5 m circle).
    ``page`` ("A4", "A3", with ``landscape``; or (width, height) in inches, such as a
    document's text area) makes the figure exactly that page: the
    drawing is shrunk to fit when needed, never below :data:`MIN_PRINT_PT` points.  With
    ``layout="auto"`` what does not fit goes in this order: the box tree becomes columns,
    then each group's indicators are flowed several to a line after the group's name
    (packed), then the ids and then the direction marks and units are left out; a note on
    the figure and a :class:`DiagramWarning` say what was left out.  When even that does
    not fit, an :class:`InputError` names the ways out (``--depth``, ``--root``, a larger page).

    Without a CJK font this warns once and draws English labels instead of empty boxes.
    """
    check_node_values(index, weights, "weights")  # against the whole tree, then cut
    check_node_values(index, consistency, "consistency", leaves=False)
    part = subtree(index, root, depth)
    weights = _within(part, weights)
    consistency = _within(part, consistency)
    base = style or DiagramStyle()
    job = _job(part, lang, weights, consistency, orient, show_weights, base)
    job = dataclasses.replace(job, ids=show_ids is not False, title=title)
    kind = _pick_layout(part, layout)
    if page is None or ax is not None:
        return _render(job, kind, ax, _paper(page, landscape) if page else _COLUMNS_AIM)
    paper = _paper(page, landscape)
    if isinstance(page, tuple):
        where = msg("diagram.page_mm", width=paper[0] * 25.4, height=paper[1] * 25.4)
        larger: list[str] = []
    else:
        where = msg("diagram.page_landscape" if landscape else "diagram.page", page=page.upper())
        taken = (("--page A3", page.upper() == "A3"), ("--landscape", landscape))
        larger = [way for way, used in taken if not used]
    if orient is None and kind == "tree":
        job = dataclasses.replace(job, orient=_page_orient(job, paper))
    tried = job
    for tried, chosen, left_out in _attempts(job, kind, layout == "auto", show_ids is None):
        note = msg("diagram.left_out", page=where, pt=MIN_PRINT_PT, what=left_out or "")
        if left_out is not None:
            tried = dataclasses.replace(tried, note=note.render(job.lang))
        fig = _fit(tried, chosen, paper)
        if fig is not None:
            if left_out is not None:
                warn = msg("diagram.left_out.warning", note=note)
                warnings.warn(warn, DiagramWarning, stacklevel=2)
            return fig
    raise _no_fit(tried, chosen, paper, where, larger)


def _paper(page: str | tuple[float, float], landscape: bool) -> tuple[float, float]:
    if isinstance(page, tuple):
        return float(page[0]), float(page[1])
    return page_size(page, landscape=landscape)


def _attempts(
    job: _Job, kind: str, auto: bool, ids_free: bool
) -> Iterator[tuple[_Job, str, Msg | None]]:
    """The drawings to try on a page, roomiest first, each with what it leaves out: the
    layouts of ``kind`` onwards, then (auto) the packed outline without ids (unless the
    caller asked for them) and without direction marks and units."""
    kinds = {"tree": ("tree", "columns", "packed"), "columns": ("columns", "packed")}
    for chosen in kinds.get(kind, (kind,)) if auto else (kind,):
        yield job, chosen, None
    if not auto:
        return
    nodes = list(job.index.walk())
    drop_ids = job.ids and ids_free and any(n.id != n.name.get(job.lang) for n in nodes)
    if drop_ids:
        yield dataclasses.replace(job, ids=False), "packed", msg("diagram.left_out.ids")
    marks = any(_leaf_mark(n, job.font) for n in nodes)
    codes = {(True, True): "ids_marks", (True, False): "ids", (False, True): "marks"}
    less = dataclasses.replace(job, ids=job.ids and not drop_ids, marks=False)
    if marks:
        yield less, "packed", msg(f"diagram.left_out.{codes[drop_ids, True]}")
    # the last resort: one parent's groups run on in one paragraph, the spacing tighter
    st = job.style
    tight = dataclasses.replace(st, row_gap=st.row_gap / 2, item_gap=st.item_gap / 2)
    code = codes.get((drop_ids, marks))
    said = msg(f"diagram.left_out.{code}") if code else None
    yield dataclasses.replace(less, dense=True, style=tight), "packed", said


def _no_fit(
    job: _Job, kind: str, paper: tuple[float, float], where: Msg, larger: list[str]
) -> InputError:
    """The refusal: the ways out not yet taken (``--no-ids`` only when that is enough)."""
    ways = [msg("diagram.way_part")]
    if job.ids and _fit(dataclasses.replace(job, ids=False), kind, paper) is not None:
        ways.append(msg("diagram.way_no_ids"))
    if larger:  # only the ways not taken already
        ways.append(msg("diagram.way_larger", options=", ".join(larger)))
    named = dict(zip("abc", ways, strict=False))
    joined = ways[0] if len(ways) == 1 else msg(f"diagram.ways_{len(ways)}", **named)
    n = len(tips(job.index))
    return InputError(msg("diagram.no_fit", n=n, page=where, pt=MIN_PRINT_PT, ways=joined))


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
        raise InputError(msg("diagram.bad_layout", layout=layout))
    if layout != "auto":
        return layout
    return "columns" if len(tips(index)) > LARGE_LEAVES else "tree"


def _fit(job: _Job, kind: str, paper: tuple[float, float]) -> Figure | None:
    """The figure of ``kind`` on a page of ``paper`` inches, shrunk to fit; None when the
    text would fall below :data:`MIN_PRINT_PT` (and the spacing below :data:`_LEAST`)."""
    smallest = job.style.smallest(ids=job.ids)
    if smallest < MIN_PRINT_PT - 1e-9:
        raise InputError(msg("diagram.style_too_small", size=smallest, pt=MIN_PRINT_PT))
    if kind != "tree":
        return _fit_outline(job, paper, packed=kind == "packed")
    scale = 1.0
    for _ in range(8):
        style = job.style.scaled(scale, floor=MIN_PRINT_PT) if scale != 1.0 else job.style
        fig = _render(dataclasses.replace(job, style=style), kind, None, paper)
        width, height = fig.get_size_inches()
        room = min(paper[0] / width, paper[1] / height)
        if room >= 1.0:
            _pad_to(fig, paper)
            return fig
        if scale <= _LEAST + 1e-9:
            return None  # every text at the smallest legible size and still too large
        scale = max(scale * room * 0.995, _LEAST)
    return None


def _fit_outline(job: _Job, paper: tuple[float, float], *, packed: bool) -> Figure | None:
    """:func:`_fit` for the outline, laid out in numbers at each scale and drawn once."""
    if _surely_too_large(job, paper) or _hopeless(job, paper, packed=packed):
        return None
    scale = 1.0
    for _ in range(8):
        style = job.style.scaled(scale, floor=MIN_PRINT_PT) if scale != 1.0 else job.style
        sized = dataclasses.replace(job, style=style)
        plan = _plan(sized, paper, packed=packed)
        room = min(paper[0] / plan.size[0], paper[1] / plan.size[1])
        if room >= 1.0:
            fig, ax, _ = _axes(None)
            _draw_plan(ax, sized, plan, fig)
            _pad_to(fig, paper)
            return fig
        if scale <= _LEAST + 1e-9:
            return None
        scale = max(scale * room * 0.995, _LEAST)
    return None


def _surely_too_large(job: _Job, paper: tuple[float, float]) -> bool:
    """True when the names alone, counted at less than their width (a Chinese character
    0.9 em, any other 0.2 em) and one 6 pt line high with the tightest spacing, cover more
    than the page: 5,000 indicators are refused before any text is measured."""
    st = job.style.scaled(_LEAST, floor=MIN_PRINT_PT)
    em = MIN_PRINT_PT / 72
    pad, gap = 2 * st.padding, st.row_gap / 2
    area = 0.0
    for node in job.index.walk():
        name = node.name.get(job.lang) or node.id
        wide = sum(1 for ch in name if _CJK.match(ch))
        area += ((0.9 * wide + 0.2 * (len(name) - wide)) * em + pad) * (em + gap)
    return area > paper[0] * paper[1]


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _hopeless(job: _Job, paper: tuple[float, float], *, packed: bool) -> bool:
    """True when the outline cannot fit ``paper`` even at the smallest sizes, by a bound on
    the area (packed) or the column length (one row per node) its texts need: a tree far
    too large is refused at once, not after a dozen trial layouts."""
    st = job.style.scaled(_LEAST, floor=MIN_PRINT_PT)
    items = _outline(dataclasses.replace(job, style=st), packed)
    high = paper[1] - 3 * st.margin - st.title_size / 72
    wide = paper[0] - 2 * st.margin
    if packed:
        return sum(i.width * i.height for i in items) > wide * high
    col_w = max([_indent(i.node, st) + i.width for i in items], default=0.0)
    k = max(1, int((wide + st.column_gap) // (col_w + st.column_gap)))
    return sum(i.height for i in items) > k * high


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
    if kind in ("columns", "packed"):
        _draw_plan(ax, job, _plan(job, paper, packed=kind == "packed"), fig if own else None)
        return fig
    # Hinting snaps glyphs to the pixel grid, so text widths at 72-150 dpi differ by up to 11 %
    # from the outlines; measured unhinted, a label fits its box in SVG, PDF and PNG alike.
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        _draw_tree(ax, job, fig if own else None)
    return fig


def _draw_tree(ax: Axes, job: _Job, fig: Figure | None) -> None:
    index = job.index
    labels = {n.id: _label(ax, n, job) for n in index.walk()}
    spacing = _spacing(job, labels)
    width, height = figure_size(index, job.orient, spacing=spacing)
    row = _alternative_labels(ax, job) if index.alternatives else []
    # a decision model's alternatives: one row past the deepest level, joined to every leaf
    # the band is as deep as its tallest label (a left-to-right tree's: its widest)
    axis = 1 if job.orient == "tb" else 0
    extra = spacing.level_gap + max(_block(lab, job.style)[axis] for lab in row) if row else 0.0
    if job.orient == "tb":
        height += extra
    else:
        width += extra
    legend = _legend(ax, job, width) if job.style.legend else None
    title = _title(ax, job) if job.title else None
    shown = [*labels.values(), *row]
    _check_glyphs(job, (t.get_text() for label in shown for t in label.texts))
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
        block = _block(label, st)[1] - 2 * st.padding
        if tb:
            x, top = centre, sp.margin + depth / 2 + block / 2
        else:  # cells run down the band, the first at the top
            x, top = near + depth / 2, height - centre + block / 2
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
        code = "diagram.bad_suffix" if target.suffix else "diagram.no_suffix"
        raise InputError(msg(code, target=str(target), suffix=target.suffix))
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
        raise InputError(msg("diagram.bad_lang", lang=lang, choices=", ".join(LANGS)))
    if orient is not None and orient not in ORIENTS:
        raise InputError(msg("diagram.bad_orient", orient=orient, choices=", ".join(ORIENTS)))
    check_show_weights(show)
    check_node_values(index, weights, "weights")
    check_node_values(index, consistency, "consistency", leaves=False)
    font = find_cjk_font(style.font)
    if not font.cjk and lang == "zh":
        if any(font.missing(n.name.get("zh")) for n in index.walk()):
            warn_once(msg("diagram.english_instead", warning=font.warning))
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
    return [
        _Piece("name", "\n".join(wrap_label(name, wrap)), st.text_color, size),
        *_meta(node, job),
    ]


def _meta(node: Node, job: _Job) -> list[_Piece]:
    """What a node shows after its name: id, weights, CR."""
    st = job.style
    name = _drawable(node.name.get(job.lang), node.id, job.font)
    pieces = []
    # an id is never broken (outpatient-quality, not outpatient-/quality), and not repeated
    # when it is the name itself (ids written in Chinese: 医疗质量)
    if job.ids and node.id != name:
        pieces.append(_Piece("id", node.id, st.id_color, st.id_size))
    detail = [_leaf_mark(node, job.font)] if job.marks else []
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
    """The key to the marks used, as a text artist of the tree's width."""
    st = job.style
    legend = _legend_text(job, width - 2 * st.margin)
    if legend is None:
        return None
    text = ax.text(0.0, 0.0, legend, fontsize=st.legend_size, color=st.id_color, ha="left")
    text.set(family=list(job.font.symbol_families), va="bottom", gid="legend", zorder=3)
    return text


def _legend_text(job: _Job, room: float) -> str | None:
    """A key to the marks used (arrows, w/W, CR), wrapped to ``room`` inches."""
    zh = job.lang == "zh"
    keys: list[str] = []
    if job.marks:
        keys += sorted({n.indicator.direction for n in job.index.leaves() if n.indicator})
    if job.weights:
        keys += [k for k in ("local", "global") if job.show in (k, "both")]
    if job.consistency:
        keys.append("cr")
    if not keys:
        return None
    families = tuple(job.font.symbol_families)
    lines: list[str] = []
    for item in (_LEGEND[k][0 if zh else 1] for k in keys):
        trial = f"{lines[-1]}{'　' if zh else '    '}{item}" if lines else item
        if lines and _measured(trial, job.style.legend_size, families)[0] <= room:
            lines[-1] = trial
        else:
            lines.append(item)
    return "\n".join(lines)


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


def _check_glyphs(job: _Job, strings: Iterable[str]) -> None:
    """Warn once about characters no font can draw (rare characters, a named Latin font)."""
    missing = job.font.missing("".join(strings))
    if missing:
        chars = " ".join(sorted(missing))
        warn_once(msg("diagram.missing_glyphs", font=job.font.family, chars=chars))


def _drawable(text: str, fallback: str, font: FontChoice) -> str:
    """``text``, or ``fallback`` when the (Latin-only) font cannot draw it."""
    return text if font.cjk or not font.missing(text) else fallback


# --- the columns layout: an indented outline poured into balanced columns ----------------------
# Laid out in numbers first (every text measured once per string, see _measured), drawn once:
# fitting a 1,000-leaf outline to a page tries a dozen scales and stages, and creating and
# measuring 2,500 text artists for each took 15 s.
_REF_PT = 10.0  # texts are measured at this size and scaled: an unhinted extent is linear in it
_LEAST = 0.5  # fitting a page shrinks spacing to at most half (the text stops at 6 pt before)


@functools.cache
def _probe() -> MplText:
    """A text artist on a scratch figure, to measure strings with."""
    _, ax, _ = _axes(None)
    return ax.text(0.0, 0.0, "", fontsize=_REF_PT, linespacing=1.15, ha="left", va="top")


@functools.lru_cache(maxsize=1 << 15)
def _ref_extent(text: str, families: tuple[str, ...]) -> tuple[float, float]:
    import matplotlib

    probe = _probe()
    probe.set_text(text)
    probe.set_fontfamily(list(families))
    # unhinted, as the texts are drawn (see _render); set and put back by hand, since an
    # rc_context copies every setting and took 60 % of the time of 1,500 measurements
    params = matplotlib.rcParams
    hinting = params["text.hinting"]
    params["text.hinting"] = "no_hinting"
    try:
        return _extent(probe)
    finally:
        params["text.hinting"] = hinting


def _measured(text: str, size: float, families: tuple[str, ...]) -> tuple[float, float]:
    """(width, height) in inches of ``text`` at ``size`` points, drawn unhinted: measured at
    :data:`_REF_PT` once and scaled (at 6 pt the scaled width is 0.1 % over the measured)."""
    width, height = _ref_extent(text, families)
    factor = size / _REF_PT
    return width * factor, height * factor


@dataclass(frozen=True, slots=True)
class _Text:
    """A text still to draw: its words, font, gid and measured size (inches)."""

    text: str
    size: float
    color: str
    families: tuple[str, ...]
    gid: str
    width: float
    height: float


def _text(text: str, size: float, color: str, families: Iterable[str], gid: str) -> _Text:
    fams = tuple(families)
    return _Text(text, size, color, fams, gid, *_measured(text, size, fams))


@dataclass(frozen=True, slots=True)
class _Item:
    """One node of the outline: the name, then id, details and CR side by side (inches)."""

    node: Node
    texts: tuple[_Text, ...]
    width: float
    height: float


def _item(node: Node, job: _Job, wrap: int, suffix: str = "") -> _Item:
    """Name (grey when it repeats a group's name, ``suffix`` 续), then id, details and CR."""
    st = job.style
    name = _drawable(node.name.get(job.lang), node.id, job.font) + suffix
    kind = "cont" if suffix else "name"
    colour = st.id_color if suffix else st.text_color
    label = "\n".join(wrap_label(name, wrap))
    texts = [_text(label, st.name_size, colour, job.font.families, f"{kind}:{node.id}")]
    for piece in [] if suffix else _meta(node, job):
        symbols = piece.symbols or piece.kind == "id"
        families = job.font.symbol_families if symbols else job.font.families
        gid = f"{piece.kind}:{node.id}"
        texts.append(_text(piece.text, piece.size, piece.color, families, gid))
    width = sum(t.width for t in texts) + st.padding * (len(texts) + 1)
    height = max(t.height for t in texts) + 2 * st.row_gap
    return _Item(node, tuple(texts), width, height)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a column: an aggregate's heading, or leaves one after another (packed: a
    group's heading first, its leaves run in after it)."""

    items: tuple[_Item, ...]
    indent: float  # from the column's left edge
    heading: bool  # a heading alone: never the last line of a column
    dots: tuple[bool, ...] = ()  # packed: a dot after the item, before the next indicator

    @property
    def node(self) -> Node:
        return self.items[0].node

    @property
    def height(self) -> float:
        return max(item.height for item in self.items)


@dataclass(frozen=True, slots=True)
class _Plan:
    """An outline laid out: columns of lines, the title, the note and legend below (inches)."""

    columns: tuple[tuple[_Line, ...], ...]
    col_w: float
    title: _Text
    below: tuple[_Text, ...]
    size: tuple[float, float]


def _indent(node: Node, st: DiagramStyle) -> float:
    return st.indent * (node.level - 1)


def _outline(job: _Job, packed: bool) -> list[_Item]:
    wrap = job.style.wrap_packed if packed else job.style.wrap_columns
    return [_item(n, job, wrap) for n in job.index.walk() if n.parent is not None]


def _plan(job: _Job, paper: tuple[float, float], *, packed: bool) -> _Plan:
    """Every node a row (``packed``: each group's leaves flowed after its name), poured into
    balanced columns; a column that starts inside a group repeats its name, marked 续 / cont."""
    st = job.style
    items = _outline(job, packed)
    root = _drawable(job.index.name.get(job.lang), job.index.id, job.font)
    title = _text(job.title or root, st.title_size, st.text_color, job.font.families, "title")
    if packed:
        col_w, lines, starts = _best_packing(items, paper, job)
    else:
        lines = [_Line((it,), _indent(it.node, st), bool(it.node.children)) for it in items]
        col_w = max([line.indent + it.width for line in lines for it in line.items], default=1.0)
        starts = _best_columns(lines, col_w, paper, st)
    wrap = st.wrap_packed if packed else st.wrap_columns
    columns = _with_context(job, lines, starts, wrap)
    tall = max(sum(line.height for line in col) for col in columns)
    inner = max(len(columns) * col_w + (len(columns) - 1) * st.column_gap, title.width)
    below = _below(job, inner)
    width = max([inner, *(t.width for t in below)]) + 2 * st.margin
    height = title.height + tall + 3 * st.margin + sum(t.height + st.margin for t in below)
    return _Plan(tuple(map(tuple, columns)), col_w, title, tuple(below), (width, height))


def _below(job: _Job, room: float) -> list[_Text]:
    """The note on what was left out to fit the page, and the legend, wrapped to ``room``."""
    st = job.style
    out = []
    if job.note:
        out.append(_text(job.note, st.legend_size, st.id_color, job.font.families, "note"))
    legend = _legend_text(job, room) if st.legend else None
    if legend:
        out.append(_text(legend, st.legend_size, st.id_color, job.font.symbol_families, "legend"))
    return out


def _flow(items: list[_Item], col_w: float, first: float, rest: float, job: _Job) -> list[_Line]:
    """``items`` one after another in lines no wider than the column: the first line from
    ``first``, the others from ``rest`` (a hanging indent under a run-in heading); a dot
    between two indicators.  ``job.dense``: a name that does not fit the end of a line is
    broken there between two words, the rest starting the next line."""
    gap = job.style.item_gap
    lines: list[_Line] = []
    run: list[_Item] = []
    dots: list[bool] = []
    used, indent = 0.0, first
    todo = items[::-1]  # a stack: a broken name's rest goes back on top
    while todo:
        item = todo.pop()
        need = used + gap + item.width if run else item.width
        if run and item.node.children and todo and job.dense:  # a name, not alone at the end
            after = col_w - indent - need - gap
            nxt = todo[-1]
            if nxt.width > after + 1e-9 and _split(nxt, after, job) is None:
                need = math.inf
        if run and need > col_w - indent + 1e-9:
            parts = _split(item, col_w - indent - used - gap, job) if job.dense else None
            if parts is not None:
                run.append(parts[0])
                dots.append(False)  # no dot: the name goes on
            todo.append(parts[1] if parts is not None else item)
            lines.append(_Line(tuple(run), indent, all(i.node.children for i in run), tuple(dots)))
            run, dots, used, indent = [], [], 0.0, rest
            continue
        run.append(item)
        dots.append(bool(todo) and not item.node.children and not todo[-1].node.children)
        used = need
    if run:
        lines.append(_Line(tuple(run), indent, all(i.node.children for i in run), tuple(dots)))
    return lines


def _split(item: _Item, room: float, job: _Job) -> tuple[_Item, _Item] | None:
    """``item`` broken after the longest first part of its name that fits ``room``: the
    part alone, and the rest of the name with the item's other texts (gid ``name+:ID``)."""
    st = job.style
    name = item.texts[0]
    if item.node.children or "\n" in name.text:
        return None
    pairs = break_points(name.text)
    lo, hi, best = 0, len(pairs) - 1, None
    while lo <= hi:  # the first parts grow, and so do their widths
        mid = (lo + hi) // 2
        width, height = _measured(pairs[mid][0], name.size, name.families)
        if width + 2 * st.padding <= room + 1e-9:
            best, lo = (mid, width, height), mid + 1
        else:
            hi = mid - 1
    if best is None:
        return None
    at, width, height = best
    head_text = dataclasses.replace(name, text=pairs[at][0], width=width, height=height)
    head = _Item(item.node, (head_text,), width + 2 * st.padding, height + 2 * st.row_gap)
    rest = pairs[at][1]
    tail_text = _text(rest, name.size, name.color, name.families, f"name+:{item.node.id}")
    texts = (tail_text, *item.texts[1:])
    width = sum(t.width for t in texts) + st.padding * (len(texts) + 1)
    tail = _Item(item.node, texts, width, max(t.height for t in texts) + 2 * st.row_gap)
    return head, tail


def _packed_lines(items: list[_Item], col_w: float, job: _Job) -> list[_Line]:
    """A group of indicators is one paragraph: its name, then its indicators flowed after
    it; other aggregates head a line of their own, and indicators beside groups (under a
    mixed parent) flow in runs of their own.  ``job.dense``: everything runs on in one
    paragraph, each aggregate's name on its band showing where its part starts."""
    st = job.style
    if job.dense:  # the last resort: the whole outline one paragraph, its names on bands
        return _flow(items, col_w, 0.0, 0.0, job)
    lines: list[_Line] = []
    for part in _paragraphs(items):
        first = part[0].node
        if len(part) == 1 and first.children:
            lines.append(_Line(tuple(part), _indent(first, st), True))
            continue
        level = _indent(first, st)
        hang = level + st.indent if first.children else level
        lines += _flow(part, col_w, level, hang, job)
    return lines


def _paragraphs(items: list[_Item]) -> list[list[_Item]]:
    """``items`` cut into headings alone and paragraphs to flow: a group of leaves with its
    name first, or a run of leaves of one parent."""
    out: list[list[_Item]] = []
    i = 0
    while i < len(items):
        node = items[i].node
        if node.children:
            kids = items[i + 1 : i + 1 + len(node.children)]
            if not all(not k.node.children and k.node.parent == node.id for k in kids):
                out.append([items[i]])
                i += 1
                continue
            part, i = items[i : i + 1 + len(kids)], i + 1 + len(kids)
        else:
            j = i
            while j < len(items) and not items[j].node.children:
                if items[j].node.parent != node.parent:
                    break
                j += 1
            part, i = items[i:j], j
        out.append(list(part))
    return out


def _best_packing(
    items: list[_Item], paper: tuple[float, float], job: _Job
) -> tuple[float, list[_Line], list[int]]:
    """Column width, packed lines and column starts for k columns sharing the page's width
    (at the drawing's current scale): the most columns (the shortest lines) whose tallest
    column fits the page's height, else the k whose tallest column is lowest."""
    st = job.style
    widest = max([_indent(it.node, st) + it.width for it in items], default=1.0)
    avail = paper[0] - 2 * st.margin
    # the page's height less the title, note and legend (two lines) and the margins
    high = paper[1] - 4 * st.margin - (st.title_size + 3 * st.legend_size) * 1.25 / 72
    lowest: tuple[float, float, list[_Line], list[int]] | None = None
    fitting = None
    for k in range(1, 41):
        col_w = (avail - (k - 1) * st.column_gap) / k
        if col_w < widest:
            if lowest is not None:
                break
            col_w = widest  # even one column is narrower than the widest row
        lines = _packed_lines(items, col_w, job)
        heights = [line.height for line in lines]
        starts = flow_columns(heights, k, keep_with_next=[line.heading for line in lines])
        ends = [*starts[1:], len(lines)]
        tall = max(sum(heights[a:b]) for a, b in zip(starts, ends, strict=True))
        if lowest is None or tall < lowest[0] - 1e-9:
            lowest = (tall, col_w, lines, starts)
        if tall <= high:
            fitting = (tall, col_w, lines, starts)
        if col_w == widest:
            break
    chosen = fitting or lowest
    assert chosen is not None
    return chosen[1], chosen[2], chosen[3]


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


def _with_context(job: _Job, lines: list[_Line], starts: list[int], wrap: int) -> list[list[_Line]]:
    """Split ``lines`` at ``starts``; a column beginning inside a group first repeats the
    names of the groups it continues."""
    mark = "（续）" if job.lang == "zh" else " (cont.)"
    nodes = job.index.nodes
    out = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        first = lines[a].node
        chain = [p for p in first.path[1:-1] if p in nodes and p not in (first.id, job.index.id)]
        context = []
        for p in chain:
            item = _item(nodes[p], job, wrap, mark)
            context.append(_Line((item,), _indent(item.node, job.style), True))
        out.append([*context, *lines[a:b]])
    return out


def _put(ax: Axes, text: _Text, x: float, y: float, ha: str = "left") -> MplText:
    return ax.text(
        x,
        y,
        text.text,
        fontsize=text.size,
        color=text.color,
        family=list(text.families),
        ha=ha,
        va="top",
        linespacing=1.15,
        gid=text.gid,
        zorder=3,
    )


def _draw_plan(ax: Axes, job: _Job, plan: _Plan, fig: Figure | None) -> None:
    """Draw a laid-out outline; data units are inches from the bottom left."""
    st = job.style
    width, height = plan.size
    _put(ax, plan.title, width / 2, height - st.margin, ha="center")
    k = len(plan.columns)
    left = (width - k * plan.col_w - (k - 1) * st.column_gap) / 2
    top = height - 2 * st.margin - plan.title.height
    dots: list[tuple[float, float]] = []
    for c, col in enumerate(plan.columns):
        x, y = left + c * (plan.col_w + st.column_gap), top
        for line in col:
            dots += _draw_line(ax, line, x, y, plan.col_w, job)
            y -= line.height
    if dots:  # one artist for all the separators
        xs, ys = zip(*dots, strict=True)
        size = (st.name_size * 0.22) ** 2
        ax.scatter(xs, ys, s=size, c=st.id_color, marker="o", linewidths=0, gid="dots", zorder=3)
    y = st.margin
    for text in reversed(plan.below):  # the legend at the bottom, the note above it
        _put(ax, text, st.margin, y + text.height)
        y += text.height + st.margin
    strings = [plan.title.text, *(t.text for t in plan.below)]
    strings += [t.text for col in plan.columns for line in col for i in line.items for t in i.texts]
    _check_glyphs(job, strings)
    if fig is not None:
        fig.set_size_inches(width, height)
    else:
        ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_axis_off()


def _draw_line(
    ax: Axes, line: _Line, x: float, y: float, col_w: float, job: _Job
) -> list[tuple[float, float]]:
    """Put a line's texts below (x, y), its top left; aggregates get a filled band (the
    column's width when alone on the line, the name's when its leaves run in after it).
    Returns where the dots between indicators go."""
    from matplotlib.patches import Rectangle

    st = job.style
    left = x + line.indent
    dots = []
    for k, item in enumerate(line.items):
        node = item.node
        if node.children:
            wide = col_w - line.indent if len(line.items) == 1 else item.width
            band = Rectangle(
                (left, y - line.height),
                wide,
                line.height * 0.98,
                facecolor=st.root_fill if node.level == 1 else st.aggregate_fill,
                edgecolor="none",
                gid=f"band:{node.id}",
                zorder=1,
            )
            ax.add_patch(band)
        at = left + st.padding
        name_size = item.texts[0].size
        for text in item.texts:
            # smaller grey texts sit on the name's first baseline, not hung from its top
            drop = (name_size - text.size) * 0.8 / 72
            _put(ax, text, at, y - st.row_gap - drop)
            at += text.width + st.padding
        if line.dots and line.dots[k]:  # halfway to the next name, at the height of its middle
            dots.append(
                (left + item.width + st.item_gap / 2, y - st.row_gap - name_size * 0.6 / 72)
            )
        left += item.width + st.item_gap
    return dots
