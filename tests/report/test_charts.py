"""Charts as inline SVG: no prolog, glyphs as paths, ids scoped, one mark per data item."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.evaluate.results import Evaluation
from qualindex.report import charts
from qualindex.run import Project

IDS = re.compile(r'\bid="([^"]+)"')
REFS = re.compile(r'(?:href="#|url\(#)([^")]+)')


def _check_inline(svg: str, scope: str) -> list[str]:
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert "<text" not in svg  # glyphs are outlines: Chinese shows without the font
    assert 'class="chart"' in svg and "max-width:" in svg
    ids = IDS.findall(svg)
    assert ids and all(i.startswith(f"{scope}-") for i in ids)
    assert set(REFS.findall(svg)) <= set(ids)  # every reference points inside the chart
    return ids


def test_dimension_radar_has_one_ring_per_entity_of_the_latest_period(
    nsq: tuple[Project, Evaluation],
) -> None:
    _, ev = nsq
    ids = _check_inline(charts.dimension_chart(ev, lang="zh"), "dims")
    latest = ev.period_order()[-1]
    expected = {
        f"dims-entity:{e}"
        for e, p in zip(ev.data.entities, ev.data.periods, strict=True)
        if p == latest
    }
    assert {i for i in ids if i.startswith("dims-entity:")} == expected


def test_many_entities_fall_back_to_bars(nsq: tuple[Project, Evaluation]) -> None:
    _, ev = nsq
    style = charts.ChartStyle(max_radar_entities=2)
    svg = charts.dimension_chart(ev, lang="en", style=style)
    assert "dims-entity:" not in svg and 'id="dims-patch_' in svg


def test_contribution_bars_name_every_scored_indicator(nsq: tuple[Project, Evaluation]) -> None:
    _, ev = nsq
    row = int(np.flatnonzero(ev.rank == 1)[-1])
    ids = _check_inline(charts.contribution_chart(ev, row, lang="en"), f"contrib{row}")
    scored = [
        leaf
        for leaf, s in zip(ev.data.leaves, ev.scores.leaf_scores[row], strict=True)
        if not np.isnan(s)
    ]
    for kind in ("contribution", "shortfall"):
        named = [i.split(":", 1)[1] for i in ids if i.startswith(f"contrib{row}-{kind}:")]
        assert sorted(named) == sorted(scored)


@pytest.mark.parametrize(
    ("lang", "width", "times"), [("zh", 7.2, 3), ("en", 7.2, 3), ("en", 4.0, 1)]
)
def test_contribution_chart_laid_out_by_hand_keeps_every_text_inside_and_apart(
    nsq: tuple[Project, Evaluation],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    width: float,
    times: int,
) -> None:
    """The chart places its axes from measured texts (no layout engine): long names wrapped
    over lines, the value labels beyond the longest bars (a narrow chart leaves them less
    room than the axis's 14 % beyond the longest bar), the ticks, the axis label and the
    note of indicators left out all lie inside the figure, the names left of the axes and
    clear of each other."""
    import matplotlib

    _, ev = nsq
    figs: list[object] = []
    real_svg, real_wrapped = charts.svg_text, charts._wrapped

    def keep(fig: object, **kw: object) -> str:
        figs.append(fig)
        return real_svg(fig, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "svg_text", keep)
    monkeypatch.setattr(charts, "_wrapped", lambda text, cells: real_wrapped(text * times, cells))
    style = dataclasses.replace(charts.ChartStyle(), max_bars=6, width=width)
    row = int(np.flatnonzero(ev.rank == ev.rank.max())[-1])  # the largest shortfalls
    charts.contribution_chart(ev, row, lang=lang, style=style)
    fig = figs[-1]
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):  # measured as drawn
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        fig.draw(renderer)  # type: ignore[attr-defined]
        (ax,) = fig.axes  # type: ignore[attr-defined]
        frame, axes = fig.bbox, ax.get_window_extent(renderer)  # type: ignore[attr-defined]
        lo, hi = ax.get_xlim()  # the ticks drawn: those within the axis
        drawn = [x for v, x in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
                 if lo <= v <= hi]  # fmt: skip
        texts = [*fig.texts, *ax.texts, ax.xaxis.label, *drawn]  # type: ignore[attr-defined]
        shown = [t for t in texts if t.get_text() and t.get_visible()]
        assert any(t.get_gid() == "more" for t in shown)  # the note is there
        for text in shown:
            box = text.get_window_extent(renderer)
            assert frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5, text.get_text()
            assert frame.y0 - 0.5 <= box.y0 and box.y1 <= frame.y1 + 0.5, text.get_text()
        names = sorted(
            (t.get_window_extent(renderer) for t in ax.texts if t.get_ha() == "right"),
            key=lambda b: b.y0,
        )
        assert len(names) == 6 and all(b.x1 <= axes.x0 for b in names)
        assert all(a.y1 <= b.y0 + 0.5 for a, b in itertools.pairwise(names))
        labels = [t for t in ax.texts if t.get_ha() == "left"]
        assert labels and all(t.get_window_extent(renderer).x1 <= frame.x1 for t in labels)
        xlabel = ax.xaxis.label.get_window_extent(renderer)
        note = next(t for t in fig.texts if t.get_gid() == "more").get_window_extent(renderer)
        ticks = [t.get_window_extent(renderer) for t in drawn if t.get_text()]
        assert note.y1 <= xlabel.y0 and all(xlabel.y1 <= t.y0 + 0.5 for t in ticks)


def test_periods_and_groups_only_when_there_are_some(
    nsq: tuple[Project, Evaluation], one_period: tuple[Project, Evaluation]
) -> None:
    _, ev = nsq
    ids = _check_inline(charts.period_chart(ev, lang="zh") or "", "periods")
    assert {i for i in ids if i.startswith("periods-entity:")} == {
        f"periods-entity:{e}" for e in set(ev.data.entities)
    }
    ids = _check_inline(charts.group_chart(ev, "region", lang="zh") or "", "group-region")
    assert "group-region-group:north:security" in ids
    _, single = one_period
    assert charts.period_chart(single, lang="zh") is None
    assert charts.group_chart(single, "region", lang="zh") is None


def test_hierarchy_diagram_is_inline_and_scoped(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    ids = _check_inline(charts.hierarchy_chart(project, ev, lang="en"), "hierarchy")
    assert {f"hierarchy-box:{n}" for n in ev.index.nodes} <= set(ids)


def test_the_same_results_give_the_same_svg(nsq: tuple[Project, Evaluation]) -> None:
    _, ev = nsq
    first = charts.dimension_chart(ev, lang="zh")
    again = charts.dimension_chart(dataclasses.replace(ev), lang="zh")
    assert first == again


def test_a_long_list_says_how_many_bars_it_leaves_out(nsq: tuple[Project, Evaluation]) -> None:
    _, ev = nsq
    style = charts.ChartStyle(max_bars=5)
    full = charts.contribution_chart(ev, 0, lang="en")
    short = charts.contribution_chart(ev, 0, lang="en", style=style)
    assert short.count('id="contrib0-shortfall:') == 5 < full.count('id="contrib0-shortfall:')
    assert 'id="contrib0-more"' in short and 'id="contrib0-more"' not in full


def test_ipa_chart_puts_each_indicator_where_the_priority_list_says(
    nsq: tuple[Project, Evaluation],
) -> None:
    """Every scored indicator is one point, named by its quadrant; the listed priorities'
    quadrants are the chart's (scale-centred by default, data-centred on request), and both
    cuts are drawn."""
    _, ev = nsq
    for centred in (ev, dataclasses.replace(ev, ipa="data")):
        for r in range(len(centred.data)):
            ids = _check_inline(charts.ipa_chart(centred, r, lang="zh"), f"ipa{r}")
            points = dict(i.split(":")[1:] for i in ids if i.startswith(f"ipa{r}-ipa:"))
            scored = ~np.isnan(centred.scores.leaf_scores[r])
            assert set(points) == {
                leaf for leaf, ok in zip(ev.data.leaves, scored, strict=True) if ok
            }
            for p in centred.priorities[r]:
                assert points[p.indicator] == p.quadrant
            assert {f"ipa{r}-cut:importance", f"ipa{r}-cut:performance"} <= set(ids)


def _named(ids: list[str], r: int) -> list[str]:
    return [i.split(":", 1)[1] for i in ids if i.startswith(f"ipa{r}-ipa-name:")]


def test_ipa_names_stand_beside_their_points_when_they_fit(
    nsq: tuple[Project, Evaluation],
) -> None:
    """A small index: the "concentrate here" points are named in the chart, no key."""
    _, ev = nsq
    seen = 0
    for r in range(len(ev.data)):
        ids = _check_inline(charts.ipa_chart(ev, r, lang="zh"), f"ipa{r}")
        here = [i.split(":")[1] for i in ids if i.endswith(":concentrate_here")]
        assert set(_named(ids, r)) <= set(here)
        assert len(_named(ids, r)) == min(len(here), charts.IPA_NAMED)
        assert f"ipa{r}-ipa-key" not in ids
        seen += bool(here)
    assert seen  # some row has points to name


def test_ipa_numbers_its_points_and_keys_them_when_names_do_not_fit(
    nsq: tuple[Project, Evaluation],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Names too wide to stand anywhere beside their points: numbers there, and a key under
    the axes that says which is which (the 300-indicator case)."""
    _, ev = nsq
    real = charts._text_size

    def wide_names(text: str, size: float) -> tuple[float, float]:
        w, h = real(text, size)
        return (w if text.isdigit() else 10_000.0), h

    monkeypatch.setattr(charts, "_text_size", wide_names)
    r = next(
        r
        for r in range(len(ev.data))
        if any(p.quadrant == "concentrate_here" for p in ev.priorities[r])
    )
    with caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
        svg = charts.ipa_chart(ev, r, lang="zh")
    ids = _check_inline(svg, f"ipa{r}")
    assert f"ipa{r}-ipa-key" in ids and _named(ids, r)
    # the numbers are bold only in a font that has a bold face: no "findfont: Failed to
    # find font weight bold" line on the user's terminal with a one-weight CJK font
    assert not [m for m in caplog.messages if "findfont" in m], caplog.messages


@settings(max_examples=200, deadline=None)
@given(
    spots=st.lists(
        st.tuples(st.floats(0, 300), st.floats(0, 160)), min_size=1, max_size=8, unique=True
    ),
    dots=st.lists(st.tuples(st.floats(0, 300), st.floats(0, 160)), max_size=40),
    long=st.booleans(),
)
def test_placed_labels_stay_inside_and_clear_of_each_other(
    spots: list[tuple[float, float]], dots: list[tuple[float, float]], long: bool
) -> None:
    """Where :func:`_place_labels` places every label, each is inside the axes and clear of
    the others, of the corner label and of the other points; forced, it always places."""
    frame = charts._IPAFrame(7.2 * 0.62, 3.0, 1.0, 0.0, 104.0)
    labels = [("Indicator name " if long else "") + str(k + 1) for k in range(len(spots))]
    corner = frame.corner_box("Concentrate here", 8.0)
    placed = charts._place_labels(spots, labels, 7.0, frame, [corner], [*spots, *dots])
    forced = charts._place_labels(spots, labels, 7.0, frame, [corner], dots, force=True)
    assert forced is not None and len(forced) == len(spots)
    if placed is None:
        return
    w, h = frame.size
    boxes = []
    for (px, py), label, (dx, dy, ha, va) in zip(spots, labels, placed, strict=True):
        bw, bh = charts._text_size(label, 7.0)
        x0 = px + dx - {"left": 0.0, "right": bw, "center": bw / 2}[ha]
        y0 = py + dy - (bh if va == "top" else 0.0)
        boxes.append((x0, y0, x0 + bw, y0 + bh))
    for i, b in enumerate(boxes):
        assert b[0] >= 0 and b[1] >= 0 and b[2] <= w and b[3] <= h
        assert not charts._overlap(b, corner)
        assert not any(charts._overlap(b, c) for c in boxes[:i])
        marks = [(x - 2.5, y - 2.5, x + 2.5, y + 2.5) for x, y in [*spots, *dots]]
        assert not any(charts._overlap(b, m) for m in marks)
