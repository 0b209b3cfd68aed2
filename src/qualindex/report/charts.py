"""Charts for the HTML report as inline SVG text, drawn with matplotlib (Agg, no pyplot).

Every function takes result data and returns an ``<svg>`` element ready to paste into
HTML: glyphs are outlines (``svg.fonttype="path"``) so Chinese renders without fonts in
the browser, the XML prolog and metadata are stripped, ids are prefixed so several charts
can share one page, and the size is a ``max-width`` so charts shrink on narrow screens
and in print.  matplotlib is imported inside the functions.

Without a CJK font a Chinese chart would show empty boxes; the charts then warn once
and draw English labels instead, as :func:`qualindex.hierarchy.draw.draw_hierarchy` does.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from qualindex.evaluate.results import Evaluation
from qualindex.fonts import FontChoice, find_cjk_font, warn_once
from qualindex.hierarchy.model import IndexSystem
from qualindex.hierarchy.textdiagram import wrap_label
from qualindex.report.messages import t
from qualindex.report.tables import dimension_ids, latest_rows
from qualindex.run import Project
from qualindex.texts import msg
from qualindex.uncertainty import Sensitivity
from qualindex.weighting.serialize import consistency_marks, weight_pairs

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes
    from matplotlib.ticker import MaxNLocator

__all__ = [
    "ChartStyle",
    "contribution_chart",
    "dimension_chart",
    "group_chart",
    "hierarchy_chart",
    "ipa_chart",
    "period_chart",
    "png_bytes",
    "rank_interval_chart",
    "svg_text",
    "tornado_chart",
]


@dataclass(frozen=True, slots=True)
class ChartStyle:
    """Colours and sizes shared by the charts (sizes in points, widths in inches)."""

    font: FontChoice | None = None
    width: float = 7.2
    size: float = 10.0
    small: float = 9.0
    text: str = "#1f2933"
    muted: str = "#6b7785"
    grid: str = "#dde3ea"
    contribution: str = "#41658a"
    shortfall: str = "#e9b8ae"
    # IPA quadrants in the tones of their badges: concentrate here, keep up, low, overkill
    quadrants: tuple[str, ...] = ("#b42318", "#1a7f37", "#7a7f87", "#2f5f8f")
    palette: tuple[str, ...] = (
        "#41658a",
        "#c8793a",
        "#5b9a68",
        "#a4527c",
        "#7a7f87",
        "#b39c3c",
        "#4e9fb4",
        "#8c6a4a",
    )
    max_radar_entities: int = 8
    max_bars: int = 40

    def resolved(self, preferred: str | None = None) -> ChartStyle:
        """This style with its font looked up (``report.font`` or the best CJK font)."""
        if self.font is not None:
            return self
        return replace(self, font=find_cjk_font(preferred))


def _lang(lang: str, style: ChartStyle) -> str:
    """``lang``, or English when Chinese would be drawn without a CJK font."""
    font = style.font
    if lang == "zh" and font is not None and not font.cjk:
        warn_once(msg("fonts.chart_english", warning=font.warning or ""))
        return "en"
    return lang


@contextmanager
def _rc(style: ChartStyle) -> Iterator[None]:
    import matplotlib

    assert style.font is not None
    with matplotlib.rc_context(
        {
            "font.family": list(style.font.families),
            "font.size": style.size,
            "svg.fonttype": "path",
            "svg.hashsalt": "qualindex",
            "axes.edgecolor": style.grid,
            "axes.labelcolor": style.text,
            "xtick.color": style.muted,
            "ytick.color": style.muted,
            "text.color": style.text,
            "axes.unicode_minus": True,
        }
    ):
        yield


def _figure(
    width: float, height: float, *, layout: Literal["constrained"] | None = "constrained"
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)
    return fig


# The prolog, doctype and RDF metadata (which names http:// namespaces), and the comments
# matplotlib writes with each text drawn as paths: inline SVG in HTML needs none of them.
_STRIP = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>|<!--.*?-->", re.S)
_SIZE = re.compile(r'<svg([^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(id="|href="#)([^"]+)(?=")|(url\(#)([^)]+)(?=\))')


def svg_text(fig: Figure, *, scope: str, marks: Mapping[str, Sequence[str]] | None = None) -> str:
    """``fig`` as an inline ``<svg>`` element: no prolog, ids prefixed with ``scope``.

    ``marks`` names the markers of a marker line: ``{gid: ids}`` gives the markers of the
    line with that gid, in the order of its points, those ids (see :func:`_name_marks`)."""
    import matplotlib

    buffer = io.StringIO()
    # unhinted: the SVG draws its texts as unhinted outlines, so the layout (measured on the
    # Agg canvas) measures them the same way rather than hinted for pixels
    with matplotlib.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "qualindex", "text.hinting": "no_hinting"}
    ):
        _lay_out(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _STRIP.sub("", buffer.getvalue())
    for gid, names in (marks or {}).items():
        svg = _name_marks(svg, gid, names)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "")
    svg = svg.replace("xlink:href=", "href=")
    svg = _scope_ids(svg, scope)
    return _SIZE.sub(_responsive, svg, count=1).strip()


def png_bytes(fig: Figure, *, dpi: int = 150) -> bytes:
    """``fig`` as PNG bytes (for the Excel workbook, which cannot show SVG)."""
    buffer = io.BytesIO()
    # laid out at the dpi it is drawn at: hinted glyphs are not the same width at every dpi,
    # and a legend laid out at the figure's 100 dpi touched the edge of a 300 dpi picture
    shown = fig.dpi
    fig.set_dpi(dpi)
    try:
        _lay_out(fig)
    finally:
        fig.set_dpi(shown)
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _lay_out(fig: Figure) -> None:
    """Run the figure's constrained layout once, on its Agg canvas, and fix it.

    ``savefig`` with a layout engine draws the whole figure twice: a dry run with the output
    format's renderer (itself found by a first, aborted print) that lays out every text and
    runs the layout, then the real drawing.  Laid out here and switched to no engine, the
    figure is drawn once, with the same positions (the layout is kept in figure fractions,
    which do not depend on the renderer's dpi)."""
    import matplotlib

    engine = fig.get_layout_engine()
    if engine is None:
        return
    engine.execute(fig)
    # no engine at all: "none" leaves a placeholder engine, for which savefig still makes
    # its dry run; None means no engine while these two settings are off
    with matplotlib.rc_context(
        {"figure.autolayout": False, "figure.constrained_layout.use": False}
    ):
        fig.set_layout_engine(None)


_USE = re.compile(r"<use ")


def _name_marks(svg: str, gid: str, names: Sequence[str]) -> str:
    """The markers (``<use>`` elements) in the group ``id="gid"``, given the ids ``names`` in
    order.  One marker line for many points draws far faster than a line per point (each
    an artist matplotlib lays out and draws), and matplotlib's SVG writer puts one ``<use>``
    per point, in the order of the points, in the line's group: each point stays findable."""
    start = svg.find(f'<g id="{gid}">')
    if start < 0:  # an empty line draws nothing
        if names:
            raise ValueError(f"no marker group {gid!r} in the chart")
        return svg
    # the markers come before the first group end: their clip group's, or the line's own
    # (the marker's <defs> holds no group)
    end = svg.index("</g>", start)
    body = svg[start:end]
    if body.count("<use ") != len(names):
        raise ValueError(f"{gid!r}: {body.count('<use ')} markers for {len(names)} ids")
    named = iter(names)
    body = _USE.sub(lambda _: f'<use id="{next(named)}" ', body)
    return svg[:start] + body + svg[end:]


def _responsive(m: re.Match[str]) -> str:
    """Fixed pt size -> a max-width in CSS pixels (1 pt = 4/3 px) and a scalable height."""
    width_px = float(m.group(2)) * 4 / 3
    return f'<svg{m.group(1)} class="chart" style="max-width:{width_px:.0f}px" role="img"'


def _scope_ids(svg: str, scope: str) -> str:
    """Prefix every id and every reference to it, so charts on one page never clash."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg

    # one pattern for every candidate, the id looked up in the set: an alternation of
    # thousands of ids (a 300-leaf chart's glyphs and gids) cost a second per report
    def scoped(m: re.Match[str]) -> str:
        head, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return f"{head}{scope}-{name}" if name in ids else m.group(0)

    return _REF.sub(scoped, svg)


def _tidy(ax: Axes, style: ChartStyle, *, grid: Literal["x", "y"] = "x") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid, color=style.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(length=0, labelsize=style.small)


def _wrapped(text: str, width: int) -> str:
    return "\n".join(wrap_label(text, width))


def _colour(style: ChartStyle, i: int) -> str:
    return style.palette[i % len(style.palette)]


# --- level-1 dimensions --------------------------------------------------------------------


def dimension_chart(ev: Evaluation, *, lang: str, style: ChartStyle | None = None) -> str:
    """Level-1 dimension scores per entity in the latest period: a radar chart, or
    grouped bars when there are fewer than three dimensions or many entities."""
    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    dims = dimension_ids(ev.index)
    rows = latest_rows(ev)
    with _rc(style):
        if len(dims) >= 3 and len(rows) <= style.max_radar_entities:
            fig = _radar(ev, dims, rows, lang, style)
        else:
            fig = _dimension_bars(ev, dims, rows, lang, style)
        return svg_text(fig, scope="dims")


def _radar(
    ev: Evaluation, dims: Sequence[str], rows: Sequence[int], lang: str, style: ChartStyle
) -> Figure:
    fig = _figure(style.width * 0.85, 4.3)
    ax = cast("PolarAxes", fig.add_subplot(projection="polar"))
    angles = np.linspace(0, 2 * np.pi, len(dims), endpoint=False)
    closed = np.append(angles, angles[0])
    lo, hi = ev.index.score_range
    for i, r in enumerate(rows):
        values = np.array([ev.scores.nodes[d][r] for d in dims])
        ring = np.append(values, values[0])
        colour = _colour(style, i)
        ax.plot(closed, ring, color=colour, linewidth=1.6, label=ev.data.label(r))
        ax.lines[-1].set_gid(f"entity:{ev.data.entities[r]}")
        ax.fill(closed, ring, color=colour, alpha=0.035)
        ax.plot(angles, values, "o", color=colour, markersize=3)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles, [_wrapped(ev.index.nodes[d].name.get(lang), 12) for d in dims])
    ax.set_ylim(lo, hi)
    ax.set_yticks(np.linspace(lo, hi, 6)[1:], labels=[f"{v:g}" for v in np.linspace(lo, hi, 6)[1:]])
    ax.tick_params(axis="y", labelsize=style.small - 1, labelcolor=style.muted)
    ax.tick_params(axis="x", labelsize=style.size, pad=8)
    ax.grid(color=style.grid, linewidth=0.6)
    ax.spines["polar"].set_color(style.grid)
    ax.legend(loc="upper left", bbox_to_anchor=(1.12, 1.0), frameon=False, fontsize=style.small)
    return fig


def _dimension_bars(
    ev: Evaluation, dims: Sequence[str], rows: Sequence[int], lang: str, style: ChartStyle
) -> Figure:
    height = max(2.4, 0.9 + 0.22 * len(dims) * max(len(rows), 1) ** 0.6)
    fig = _figure(style.width, min(height, 9.0))
    ax = fig.add_subplot()
    y = np.arange(len(dims))
    band = 0.8 / max(len(rows), 1)
    for i, r in enumerate(rows):
        values = [ev.scores.nodes[d][r] for d in dims]
        offset = y - 0.4 + band * (i + 0.5)
        colour = _colour(style, i)
        ax.barh(offset, values, height=band, color=colour, label=ev.data.label(r))
    ax.set_yticks(y, [_wrapped(ev.index.nodes[d].name.get(lang), 16) for d in dims])
    ax.invert_yaxis()
    ax.set_xlim(*ev.index.score_range)
    ax.set_xlabel(t("chart.score", lang))
    _tidy(ax, style)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=style.small)
    return fig


# --- contribution and shortfall ------------------------------------------------------------


def contribution_chart(
    ev: Evaluation, row: int, *, lang: str, style: ChartStyle | None = None
) -> str:
    """One row's indicators as bars of full length global weight x 100: the dark part is the
    contribution, the light part the shortfall; sorted by shortfall, largest first."""
    from matplotlib.ticker import MaxNLocator

    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    shortfall = ev.shortfall[row]
    order = [
        j for j in np.argsort(-np.nan_to_num(shortfall, nan=-1.0)) if not np.isnan(shortfall[j])
    ]
    hidden = max(len(order) - style.max_bars, 0)
    order = order[: style.max_bars]
    names = [_wrapped(ev.index.nodes[ev.data.leaves[j]].name.get(lang), 30) for j in order]
    lines = max((n.count("\n") + 1 for n in names), default=1)
    pitch = 0.24 if lines == 1 else 0.06 + 0.13 * lines  # room for wrapped names
    with _rc(style):
        # placed by _contribution_margins, not by the constrained layout (which measured
        # every one of the chart's ~90 texts twice: a quarter of the chart's time)
        fig = _figure(style.width * 0.62, 0.75 + pitch * len(order), layout=None)
        ax = fig.add_subplot()
        ends = _contribution_bars(ax, ev, row, order, style)
        # the names as plain texts beside the axis, not forty tick marks: each tick is
        # four artists matplotlib lays out twice (constrained layout, then the drawing)
        ax.set_yticks([])
        beside = ax.get_yaxis_transform()  # x in axes fractions, y in data
        for yi, name in enumerate(names):
            ax.text(-0.012, yi, name, transform=beside, ha="right", va="center",
                    fontsize=style.small, color=style.muted)  # fmt: skip
        ax.set_ylim(max(len(order), 1) - 0.5, -0.5)  # the largest shortfall on top
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        # one scale for every entity's chart, so bars compare across charts; no scored
        # indicator at all (or zero weights) leaves the full 0-100 scale, not a NaN limit
        full = ev.contribution + ev.shortfall
        top = float(np.nanmax(full)) if np.isfinite(full).any() else 0.0
        xmax = (top if top > 0 else 100.0) * 1.14
        ax.set_xlim(0, xmax)
        ax.set_xlabel(t("chart.points", lang), fontsize=style.small)
        more = t("chart.more", lang, n=hidden) if hidden else ""
        # wrapped to the figure's width (a Latin character ~0.55 em, see _text_size)
        more = _wrapped(more, max(int(fig.get_figwidth() * 72 / (0.55 * (style.small - 1))), 12))
        if more:  # the smallest shortfalls are left out; say so under the axis
            note = fig.text(0.5, _PAD / 72 / fig.get_figheight(), more, ha="center",
                            va="bottom", fontsize=style.small - 1)  # fmt: skip
            note.set(color=style.muted, gid="more")
        _tidy(ax, style)
        _contribution_margins(fig, names, ends, xmax, (t("chart.points", lang), more), style)
        return svg_text(fig, scope=f"contrib{row}")


_PAD = 3.0  # points of margin around a chart laid out by hand (constrained layout's w_pad)


@functools.lru_cache(maxsize=4096)
def _measure(text: str, size: float, families: tuple[str, ...]) -> tuple[float, float]:
    """(width, height) in points of ``text`` at ``size`` pt as matplotlib draws it into the
    SVG (unhinted outlines): the widest line, and the lines at matplotlib's line spacing."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=list(families), size=size)
    lines = text.split("\n")
    width = max(text_to_path.get_text_width_height_descent(x, prop, False)[0] for x in lines)
    _, line, _ = text_to_path.get_text_width_height_descent("lp", prop, False)
    return width, line * (1 + 1.2 * (len(lines) - 1))


def _contribution_margins(
    fig: Figure,
    names: Sequence[str],
    ends: Sequence[tuple[float, str]],
    xmax: float,
    under: tuple[str, str],
    style: ChartStyle,
) -> None:
    """The contribution chart's axes, placed from its texts' measured sizes.

    Left: the widest name and its gap (1.2 % of the axes) beside the axis; below: the tick
    labels (3.5 pt from the axis), the axis label (4 pt below them) and the note of
    indicators left out (``under``: those two texts); right: room for the value label beyond
    the longest bar, half a tick label at the axis end, and the axis label, centred under
    the axes, where the axes are narrower than it."""
    xlabel, more = under
    assert style.font is not None
    fams = style.font.families
    width, height = fig.get_figwidth() * 72, fig.get_figheight() * 72
    name_w = max((_measure(n, style.small, fams)[0] for n in names), default=0.0)
    line = _measure("0", style.small, fams)[1]
    right = _PAD + _measure("100", style.small, fams)[0] / 2
    left = _PAD + name_w
    axes_w = (width - left - right) / 1.012  # the names' gap is 1.2 % of the axes width
    left += 0.012 * axes_w
    # a value label past the axes end widens the right margin by as much (axes_w shrinks a
    # little with it, which only moves the bar ends left)
    for end, label in ends:
        over = end / xmax * axes_w + _measure(label, style.small - 1, fams)[0] - axes_w
        right = max(right, _PAD + over)
    # the axis label's right end, left + (width - left - right) / 2 + its half width, within
    # the figure less the pad
    right = max(right, left + _measure(xlabel, style.small, fams)[0] + 2 * _PAD - width)
    bottom = _PAD + 3.5 + line + 4.0 + line
    if more:
        bottom += _measure(more, style.small - 1, fams)[1] + 2 * _PAD
    fig.subplots_adjust(left=left / width, right=1 - right / width,
                        bottom=bottom / height, top=1 - (_PAD + 2.0) / height)  # fmt: skip


def _contribution_bars(
    ax: Axes, ev: Evaluation, row: int, order: Sequence[int], style: ChartStyle
) -> list[tuple[float, str]]:
    """Stacked bars (contribution, then shortfall) named by indicator, shortfall labelled;
    returns each label's bar end and text."""
    contribution, shortfall = ev.contribution[row], ev.shortfall[row]
    y = np.arange(len(order))
    done = ax.barh(y, contribution[order], color=style.contribution, height=0.62)
    lost = ax.barh(
        y, shortfall[order], left=contribution[order], color=style.shortfall, height=0.62
    )
    ends: list[tuple[float, str]] = []
    for yi, j, a, b in zip(y, order, done, lost, strict=True):
        a.set_gid(f"contribution:{ev.data.leaves[j]}")  # named bars: findable in the SVG
        b.set_gid(f"shortfall:{ev.data.leaves[j]}")
        if shortfall[j] >= 0.005:  # nothing to say where nothing is lost
            end = float(contribution[j] + shortfall[j])
            label = f" −{shortfall[j]:.2f}"
            ax.text(end, float(yi), label, va="center", fontsize=style.small - 1)
            ends.append((end, label))
    return ends


# --- importance-performance analysis --------------------------------------------------------


def ipa_chart(ev: Evaluation, row: int, *, lang: str, style: ChartStyle | None = None) -> str:
    """One row's indicators on the importance-performance grid (Martilla & James 1977):
    global weight across, score up, the two cuts dashed and named in the chart, each point
    in its quadrant's colour; "concentrate here" points are named.

    The cuts are the evaluation's own (:attr:`Evaluation.ipa_cuts`: scale-centred, Bacon
    2003), or the row's means when it is data-centred, so the chart and the priority table
    beside it always agree.
    """
    from qualindex.evaluate.priority import IPA_QUADRANTS, importance_performance

    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    s = ev.scores.leaf_scores[row]
    ok = ~np.isnan(s)
    cuts = ev.ipa_cuts
    if cuts is None:
        ipa = importance_performance(w[ok], s[ok])
    else:
        ipa = importance_performance(w[ok], s[ok], importance_cut=cuts[0], performance_cut=cuts[1])
    leaves = [leaf for leaf, seen in zip(ev.data.leaves, ok, strict=True) if seen]
    # named: the "concentrate here" points of largest shortfall (weight x points to the top),
    # the order of the improvement list
    here = np.flatnonzero(ipa.quadrant == 0)
    lo, top = ev.index.score_range
    by_shortfall = here[np.argsort(-(w[ok][here] * (top - s[ok][here])), kind="stable")]
    named = by_shortfall[:IPA_NAMED].tolist()
    width, height = style.width * 0.62, 3.0
    right = _ipa_right(ev, ipa.importance_cut)
    small = style.small - 2
    names = [_wrapped(ev.index.nodes[leaves[i]].name.get(lang), 12) for i in named]
    quadrant = t("quadrant.concentrate_here", lang)
    corner = quadrant
    if len(named) < here.size:
        corner = t("chart.ipa_named", lang, quadrant=quadrant, named=len(named), total=here.size)
    frame = _IPAFrame(width, height, right, lo, top + (top - lo) * 0.04)
    spots = [frame.spot(float(w[ok][i]), float(s[ok][i])) for i in named]
    dots = [frame.spot(float(x), float(y)) for x, y in zip(w[ok], s[ok], strict=True)]
    avoid = [frame.corner_box(corner, style.small - 1)]
    placed = _place_labels(spots, names, small, frame, avoid, dots)
    numbered = placed is None  # the names do not fit beside their points: numbers and a key
    if placed is None:  # the key says how many are named: the corner only names its quadrant
        corner = quadrant
        numbers = [str(k + 1) for k in range(len(named))]
        avoid = [frame.corner_box(corner, style.small - 1)]
        placed = _place_labels(spots, numbers, small, frame, avoid, dots, force=True)
    assert placed is not None
    with _rc(style):
        fig = _figure(width, height)
        ax = fig.add_subplot()
        # _ipa_frame sets both limits: no autoscaling after each of the (hundreds of) points
        ax.set_autoscale_on(False)
        # one marker line per quadrant, each marker then named by its indicator
        # (svg_text's marks): a line per point cost 0.1 s a chart of 300 indicators
        marks: dict[str, list[str]] = {}
        for q, colour in enumerate(style.quadrants[: len(IPA_QUADRANTS)]):
            here_q = np.flatnonzero(ipa.quadrant == q)
            if here_q.size:
                (dots_q,) = ax.plot(w[ok][here_q], s[ok][here_q], marker="o", markersize=4.7,
                                    linestyle="none", color=colour, zorder=3)  # fmt: skip
                dots_q.set_gid(f"ipa-points-{q}")
                marks[f"ipa-points-{q}"] = [f"ipa:{leaves[i]}:{IPA_QUADRANTS[q]}" for i in here_q]
        for k, (i, (dx, dy, ha, va)) in enumerate(zip(named, placed, strict=True)):
            label = str(k + 1) if numbered else names[k]
            note = ax.annotate(label, (float(w[ok][i]), float(s[ok][i])), xytext=(dx, dy),
                               textcoords="offset points", fontsize=small, ha=ha, va=va,
                               color=style.quadrants[0], zorder=6,  # over the grounds
                               fontweight=_bold(style) if numbered else "normal")  # fmt: skip
            note.set_gid(f"ipa-name:{leaves[i]}")
        if numbered:  # the key under the axes: "1 name · 2 name · …", wrapped to the width
            head = (t("chart.ipa_key", lang, named=len(named), total=here.size)
                    if len(named) < here.size else t("chart.ipa_key_all", lang))  # fmt: skip
            items = [f"{k + 1} {' '.join(n.splitlines())}" for k, n in enumerate(names)]
            key = fig.supxlabel(_key_lines(head, items, width * 72 / (0.55 * small)),
                                fontsize=small)  # fmt: skip
            key.set(color=style.quadrants[0], gid="ipa-key")
        _ipa_frame(ax, ev, ipa.importance_cut, ipa.performance_cut, lang, style,
                   corner=corner)  # fmt: skip
        return svg_text(fig, scope=f"ipa{row}", marks=marks)


def _bold(style: ChartStyle) -> str:
    """ "bold" when the chart font has a bold face, else "normal": matplotlib would otherwise
    print "findfont: Failed to find font weight bold ..." on the user's terminal for each
    chart (WenQuanYi Micro Hei, a usual Linux CJK font, has one weight) and draw it normal
    anyway."""
    assert style.font is not None
    return "bold" if _has_bold(style.font.family) else "normal"


@functools.cache
def _has_bold(family: str) -> bool:
    from matplotlib import font_manager

    def weight(w: int | str) -> int:
        return w if isinstance(w, int) else int(font_manager.weight_dict.get(w, 400))

    faces = font_manager.fontManager.ttflist
    return any(f.name == family and weight(f.weight) >= 600 for f in faces)


@dataclass(frozen=True)
class _IPAFrame:
    """Where the IPA chart's points fall, in points from the axes' lower left corner, before
    it is drawn: the axes take the figure less about 0.85 in for the score axis and 0.65 in
    for the weight axis (constrained layout puts them within a few points of that)."""

    width: float  # figure, inches
    height: float
    right: float  # x limit (global weight)
    lo: float  # y limits (score)
    hi: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.width - 0.85) * 72, (self.height - 0.65) * 72

    def spot(self, x: float, y: float) -> tuple[float, float]:
        w, h = self.size
        return x / self.right * w, (y - self.lo) / (self.hi - self.lo) * h

    def corner_box(self, text: str, size: float) -> tuple[float, float, float, float]:
        """The lower right corner's label ("concentrate here …"), as placed by _ipa_frame."""
        w, h = self.size
        bw, bh = _text_size(text, size)
        return w * 0.98 - bw, h * 0.02, w * 0.98, h * 0.02 + bh


def _text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in points of ``text`` at ``size`` pt, estimated: a Latin character is
    0.55 em, a CJK one 1.1 (two cells); 1.25 em a line."""
    from qualindex.core import text_cells

    lines = text.splitlines() or [""]
    return max(text_cells(line) for line in lines) * 0.55 * size, len(lines) * 1.25 * size


#: Where a name may go beside its point: offset in points and alignment, right-below first.
_SLOTS = ((4.0, -2.0, "left", "top"), (4.0, 2.0, "left", "bottom"),
          (-4.0, -2.0, "right", "top"), (-4.0, 2.0, "right", "bottom"),
          (0.0, -5.0, "center", "top"), (0.0, 5.0, "center", "bottom"))  # fmt: skip


def _place_labels(
    spots: Sequence[tuple[float, float]],
    labels: Sequence[str],
    size: float,
    frame: _IPAFrame,
    avoid: Sequence[tuple[float, float, float, float]],
    dots: Sequence[tuple[float, float]] = (),
    *,
    force: bool = False,
) -> list[tuple[float, float, str, str]] | None:
    """A slot of :data:`_SLOTS` for each label, greedily in order: inside the axes, clear of
    the labels placed before, of ``avoid`` and of the other points (``dots``).  None when a
    label finds no such slot; with ``force`` it takes the first slot clear of labels and
    ``avoid`` only, else its first slot inside the axes, else its first slot."""
    w, h = frame.size
    taken = list(avoid)
    marks = [(x - 2.5, y - 2.5, x + 2.5, y + 2.5) for x, y in dots]  # a 4.7 pt marker
    chosen: list[tuple[float, float, str, str]] = []
    for (px, py), label in zip(spots, labels, strict=True):
        bw, bh = _text_size(label, size)
        tries = []
        for slot in _SLOTS:
            dx, dy, ha, va = slot
            x0 = px + dx - {"left": 0.0, "right": bw, "center": bw / 2}[ha]
            y0 = py + dy - (bh if va == "top" else 0.0)
            box = (x0, y0, x0 + bw, y0 + bh)
            inside = x0 >= 0 and y0 >= 0 and box[2] <= w and box[3] <= h
            free = inside and not any(_overlap(box, b) for b in taken)
            tries.append((free, inside, box, slot))
            if free and not any(_overlap(box, m) for m in marks):
                break
        else:
            if not force:
                return None
            best = next((t for t in tries if t[0]), None) or next((t for t in tries if t[1]), None)
            tries.append(best or tries[0])
        box, slot = tries[-1][2], tries[-1][3]
        taken.append(box)
        chosen.append(slot)
    return chosen


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _key_lines(head: str, items: Sequence[str], cells: float) -> str:
    """``head``, then ``items`` joined by " · ", in lines of at most ``cells`` terminal cells."""
    from qualindex.core import text_cells

    lines = [head]
    for i, item in enumerate(items):
        gap = " " if i == 0 else " · "
        if text_cells(lines[-1]) + len(gap) + text_cells(item) <= cells:
            lines[-1] += f"{gap}{item}"
        else:
            lines.append(item)
    return "\n".join(lines)


#: At most this many "concentrate here" points are named in an IPA chart: a 300-indicator
#: index puts a hundred there, and a hundred names on one quadrant cover each other.
IPA_NAMED = 8


def _ipa_right(ev: Evaluation, ic: float) -> float:
    """The IPA chart's right limit: past the heaviest indicator, and at least twice 1/k."""
    w = ev.scores.weights.leaf_vector(ev.data.leaves)
    return max(float(np.nanmax(w)) * 1.12, ic * 2.0)


#: Behind the labels set over the points (quadrant names, what the cuts are): a white
#: ground, so a label over a cloud of 300 points stays legible.
_GROUND = {"facecolor": "white", "alpha": 0.65, "edgecolor": "none", "pad": 1.0}


def _ipa_frame(
    ax: Axes,
    ev: Evaluation,
    ic: float,
    pc: float,
    lang: str,
    style: ChartStyle,
    *,
    corner: str | None = None,
) -> None:
    """Axes, the two dashed cuts with what they are, and the quadrant names in the corners
    (``corner``: the "concentrate here" corner's text, when it says how many are named)."""
    lo, hi = ev.index.score_range
    right = _ipa_right(ev, ic)
    ax.set_xlim(0, right)
    ax.set_ylim(lo, hi + (hi - lo) * 0.04)
    i_text, p_text = _cut_texts(ev, ic, pc, lang)
    small = style.small - 2
    ax.axvline(ic, color=style.muted, linestyle="--", linewidth=0.9).set_gid("cut:importance")
    ax.axhline(pc, color=style.muted, linestyle="--", linewidth=0.9).set_gid("cut:performance")
    ax.text(ic, hi, f" {i_text}", fontsize=small, color=style.muted, va="top", zorder=5,
            bbox=_GROUND)  # fmt: skip
    ax.text(right, pc, f"{p_text} ", fontsize=small, color=style.muted, ha="right",
            va="bottom", zorder=5, bbox=_GROUND)  # fmt: skip
    corners = (("concentrate_here", 0.98, 0.02, "right", "bottom"),
               ("keep_up", 0.98, 0.90, "right", "top"),
               ("low_priority", 0.02, 0.02, "left", "bottom"),
               ("overkill", 0.02, 0.90, "left", "top"))  # fmt: skip
    for i, (key, x, y, ha, va) in enumerate(corners):
        label = t(f"quadrant.{key}", lang)
        if key == "concentrate_here" and corner is not None:
            label = corner
        ax.text(x, y, label, transform=ax.transAxes, ha=ha, va=va, zorder=5, bbox=_GROUND,
                fontsize=style.small - 1, color=style.quadrants[i], alpha=0.85)  # fmt: skip
    ax.set_xlabel(t("chart.importance", lang), fontsize=style.small)
    ax.set_ylabel(t("chart.performance", lang), fontsize=style.small)
    _tidy(ax, style, grid="y")


def _cut_texts(ev: Evaluation, ic: float, pc: float, lang: str) -> tuple[str, str]:
    """What each cut is: 1/k and the pass mark (or the scale's midpoint), or the means."""
    if ev.ipa_cuts is None:
        return t("chart.cut_mean", lang, value=f"{ic:.3f}"), t(
            "chart.cut_mean", lang, value=f"{pc:.1f}"
        )
    bands = ev.index.grades.bands if ev.index.grades else ()
    key = "chart.cut_performance" if any(b.min == pc for b in bands) else "chart.cut_midpoint"
    return t("chart.cut_importance", lang, value=f"{ic:.3f}"), t(key, lang, value=f"{pc:g}")


# --- periods and groups --------------------------------------------------------------------


def period_chart(ev: Evaluation, *, lang: str, style: ChartStyle | None = None) -> str | None:
    """Composite per entity across periods (None with fewer than two periods)."""
    periods = ev.period_order()
    if len(periods) < 2:
        return None
    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    where = {
        (e, p): r for r, (e, p) in enumerate(zip(ev.data.entities, ev.data.periods, strict=True))
    }
    entities = list(dict.fromkeys(ev.data.entities[r] for r in latest_rows(ev)))
    entities += [e for e in dict.fromkeys(ev.data.entities) if e not in entities]
    with _rc(style):
        fig = _figure(style.width, 3.4)
        ax = fig.add_subplot()
        x = np.arange(len(periods))
        for i, entity in enumerate(entities):
            ys = [
                ev.composite[where[(entity, p)]] if (entity, p) in where else np.nan
                for p in periods
            ]
            ax.plot(x, ys, "o-", color=_colour(style, i), linewidth=1.6, markersize=4, label=entity)
            ax.lines[-1].set_gid(f"entity:{entity}")
        ax.set_xticks(x, periods)
        ax.set_ylabel(t("chart.composite", lang))
        ax.margins(x=0.08)
        _tidy(ax, style, grid="y")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=style.small)
        return svg_text(fig, scope="periods")


def group_chart(
    ev: Evaluation, group: str, *, lang: str, style: ChartStyle | None = None
) -> str | None:
    """Mean composite and level-1 scores per group value in the latest period."""
    latest = ev.period_order()[-1]
    table = ev.group_means.get(group, {})
    values = [k[0] for k in table if k[1] == latest]
    if not values:
        return None
    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    nodes = [ev.index.id, *dimension_ids(ev.index)]
    labels = [t("chart.composite", lang)] + [ev.index.nodes[n].name.get(lang) for n in nodes[1:]]
    with _rc(style):
        fig = _figure(style.width, 3.2)
        ax = fig.add_subplot()
        x = np.arange(len(nodes))
        band = 0.8 / len(values)
        for i, value in enumerate(values):
            means = table[(value, latest)]
            heights = [means[n] for n in nodes]
            offset = x - 0.4 + band * (i + 0.5)
            bars = ax.bar(offset, heights, width=band * 0.92, color=_colour(style, i), label=value)
            for node, bar in zip(nodes, bars, strict=True):
                bar.set_gid(f"group:{value}:{node}")
        ax.set_xticks(x, [_wrapped(label, 10) for label in labels])
        ax.set_ylim(*ev.index.score_range)
        ax.set_ylabel(t("chart.score", lang))
        _tidy(ax, style, grid="y")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=style.small)
        return svg_text(fig, scope=f"group-{_safe(group)}")


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]", "_", text)


# --- hierarchy -----------------------------------------------------------------------------


def hierarchy_chart(project: Project, ev: Evaluation, *, lang: str) -> str:
    """The hierarchy diagram with local/global weights and CR colours, as inline SVG."""
    from qualindex.hierarchy.draw import DiagramStyle, draw_hierarchy

    tw = ev.scores.weights
    weights, consistency = weight_pairs(tw), consistency_marks(tw)
    font = project.config.report.font if project.config is not None else None
    fig = draw_hierarchy(
        ev.index,
        lang=lang,
        weights=weights,
        consistency=consistency,
        style=DiagramStyle(font=font),
    )
    return svg_text(fig, scope="hierarchy")


# --- how sure the ranking is ---------------------------------------------------------------

SOURCE_ORDER = ("judgments", "values", "methods")  # each keeps its colour in every chart


def _output(fig: Figure, scope: str, png: bool) -> str | bytes:
    return png_bytes(fig) if png else svg_text(fig, scope=scope)


def rank_interval_chart(
    s: Sensitivity,
    *,
    lang: str,
    style: ChartStyle | None = None,
    png: bool = False,
    limit: int = 30,
) -> str | bytes | None:
    """Each entity's rank interval (5-95 %) over the draws: one thin line per uncertain source
    and a wide band for all sources together, a tick at each median, a ring at today's rank;
    entities by today's rank, at most ``limit`` (None without a Monte Carlo)."""
    mc = s.monte_carlo
    if mc is None or not s.intervals:
        return None
    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    entities = sorted(mc["entities"], key=lambda e: e["base_rank"])[:limit]
    names = dict(zip(s.entities, s.names, strict=True))
    sources = [k for k in SOURCE_ORDER if k in s.intervals]
    together = s.intervals.get("all") or s.intervals[sources[0]]
    with _rc(style):
        fig = _figure(style.width * 0.8, 0.9 + 0.34 * len(entities) * max(1, len(sources)) ** 0.5)
        ax = fig.add_subplot()
        _rank_lines(ax, entities, together, sources, s, style, lang)
        shown = {e["id"] for e in entities}
        # the ranks the shown entities reach (with many entities the top ones stay legible)
        reach = [e["q95"] for v in s.intervals.values() for e in v if e["id"] in shown]
        n = max(*reach, *(e["base_rank"] for e in entities))
        ax.set_yticks(range(len(entities)), [_wrapped(names[e["id"]], 14) for e in entities])
        ax.set_ylim(len(entities) - 0.5, -0.5)
        ax.set_xlim(0.5, n + 0.5)
        ax.xaxis.set_major_locator(_rank_locator(n))
        ax.set_xlabel(t("chart.rank", lang), fontsize=style.small)
        _tidy(ax, style)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=style.small,
                  handlelength=2.4, handletextpad=0.9)  # fmt: skip
        return _output(fig, "ranks", png)


def _rank_locator(n: int) -> MaxNLocator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=min(n, 10), integer=True, min_n_ticks=1)


def _rank_lines(
    ax: Axes,
    entities: Sequence[dict[str, Any]],
    together: Sequence[dict[str, Any]],
    sources: Sequence[str],
    s: Sensitivity,
    style: ChartStyle,
    lang: str,
) -> None:
    """The band (all together), a line per source, medians and today's ranks."""
    where = {e["id"]: e for e in together}
    per = {k: {e["id"]: e for e in s.intervals[k]} for k in sources}
    offsets = np.linspace(-0.22, 0.22, len(sources)) if len(sources) > 1 else np.zeros(1)
    for y, e in enumerate(entities):
        a = where[e["id"]]
        label = t("source.all", lang) if y == 0 else None
        ax.plot([a["q05"], a["q95"]], [y, y], color=style.grid, linewidth=11,
                solid_capstyle="round", label=label, zorder=1)  # fmt: skip
        ax.lines[-1].set_gid(f"interval:all:{e['id']}")
        if len(sources) > 1:
            for source, dy in zip(sources, offsets, strict=True):
                b = per[source][e["id"]]
                colour = _colour(style, SOURCE_ORDER.index(source) + 1)
                ax.plot([b["q05"], b["q95"]], [y + dy, y + dy], color=colour,
                        linewidth=2.2, solid_capstyle="round", zorder=2,
                        label=t(f"source.{source}", lang) if y == 0 else None)  # fmt: skip
                ax.lines[-1].set_gid(f"interval:{source}:{e['id']}")
                ax.plot([b["median"]], [y + dy], "o", color=colour, markersize=3.2,
                        zorder=3)  # fmt: skip
        ax.plot([a["median"]], [y], "|", color=style.text, markersize=12, markeredgewidth=1.6,
                zorder=3, label=t("chart.median", lang) if y == 0 else None)  # fmt: skip
        ax.plot([e["base_rank"]], [y], "o", markerfacecolor="white", markeredgecolor=style.text,
                markersize=5.5, zorder=4,
                label=t("chart.base_rank", lang) if y == 0 else None)  # fmt: skip


def tornado_chart(
    s: Sensitivity,
    index: IndexSystem,
    *,
    lang: str,
    style: ChartStyle | None = None,
    png: bool = False,
    top: int = 4,
) -> str | bytes | None:
    """Per leading entity (at most ``top``), each node's effect on its composite: the range of
    the composite while one child weight of the node moves ±10 % (siblings rescaled), drawn
    about today's composite; nodes by their mean swing, largest on top (None without data)."""
    if not s.tornado:
        return None
    style = (style or ChartStyle()).resolved()
    lang = _lang(lang, style)
    mc = s.monte_carlo
    base = s.tornado[0]["base"]
    order = sorted(s.entities, key=lambda e: -base[e])[:top]
    if mc is not None:
        ranks = {e["id"]: e["base_rank"] for e in mc["entities"]}
        order = sorted(s.entities, key=lambda e: ranks[e])[:top]
    rows = sorted(s.tornado, key=lambda r: -float(np.mean([r["swing"][e] for e in order])))
    names = dict(zip(s.entities, s.names, strict=True))
    cols = 2 if len(order) > 1 else 1
    lines = [
        t("chart.level1", lang) if r["node"] == index.id else
        _wrapped(index.nodes[r["node"]].name.get(lang), 12)
        for r in rows
    ]  # fmt: skip
    with _rc(style):
        height = 0.7 + (0.3 * len(rows) + 0.5) * -(-len(order) // cols)
        fig = _figure(style.width * (0.95 if cols == 2 else 0.6), height)
        axes = fig.subplots(-(-len(order) // cols), cols, sharey=True, squeeze=False)
        span = max(max(r["high"][e] - r["base"][e], r["base"][e] - r["low"][e])
                   for r in rows for e in order) or 1.0  # fmt: skip
        for k, ax in enumerate(axes.flat):
            if k >= len(order):
                ax.set_visible(False)
                continue
            _tornado_bars(ax, rows, order[k], style)
            title = f"{names[order[k]]}  ({base[order[k]]:.1f})"
            ax.set_title(title, fontsize=style.size, loc="left")
            ax.set_xlim(-span * 1.15, span * 1.15)
            ax.set_yticks(range(len(rows)), lines)
            _tidy(ax, style)
        axes[0][0].invert_yaxis()
        fig.supxlabel(t("chart.composite_change", lang), fontsize=style.small)
        return _output(fig, "tornado", png)


def _tornado_bars(ax: Axes, rows: Sequence[dict[str, Any]], e: str, style: ChartStyle) -> None:
    for y, r in enumerate(rows):
        base = r["base"][e]
        lo, hi = r["low"][e] - base, r["high"][e] - base
        bar = ax.barh(y, hi - lo, left=lo, height=0.58, color=style.contribution)
        bar[0].set_gid(f"tornado:{e}:{r['node']}")
    ax.axvline(0, color=style.text, linewidth=0.8)
