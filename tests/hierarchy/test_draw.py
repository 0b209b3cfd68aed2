"""Hierarchy diagrams with matplotlib (Agg): boxes, labels, glyphs, layout and saved files.

No pixel comparisons: the tests read the artists back (gids ``box:<id>``, ``name:<id>``,
``id:<id>``, ``detail:<id>``, ``cr:<id>``, ``legend``), measure them with the renderer and
look inside the saved files.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text as MplText
from matplotlib.transforms import Bbox

from qualindex import fonts, load_index
from qualindex.errors import InputError
from qualindex.hierarchy import IndexSystem
from qualindex.hierarchy.draw import PNG_DPI, DiagramStyle, draw_hierarchy, save_diagram
from qualindex.hierarchy.layout import auto_orient
from tests.hierarchy.test_layout import overlapping_pairs, shape_for, tree_index

ROOT = Path(__file__).parents[2]
INDICATORS = sorted((ROOT / "indicators").glob("*.yaml"))
GENERATED = [1, 3, 20, 100, 300]
HAS_CJK = fonts.find_cjk_font().cjk
needs_cjk = pytest.mark.skipif(
    not HAS_CJK, reason="no CJK font installed: `make` installs fonts-wqy-microhei (needs root)"
)


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees the once-only font warnings afresh."""
    monkeypatch.setattr(fonts, "_WARNED", set())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[int, IndexSystem]:
    folder = tmp_path_factory.mktemp("generated")
    out = {}
    for n in GENERATED:
        (folder / str(n)).mkdir()
        out[n] = tree_index(shape_for(n), folder / str(n))
    return out


def made_up_values(index: IndexSystem) -> tuple[dict[str, tuple[float, float]], dict]:
    """Equal local weights with their global products, and a CR per aggregate (some > 0.1)."""
    weights: dict[str, tuple[float, float]] = {index.id: (1.0, 1.0)}
    for node in index.walk():
        for child in node.children:
            local = 1 / len(node.children)
            weights[child] = (local, local * weights[node.id][1])
    crs = {n.id: (0.03 * (i % 5), 0.1) for i, n in enumerate(index.aggregates())}
    return weights, crs


def artists(fig: Figure) -> tuple[dict[str, FancyBboxPatch], dict[str, MplText]]:
    ax = fig.axes[0]
    boxes = {p.get_gid(): p for p in ax.patches if str(p.get_gid()).startswith("box:")}
    texts = {t.get_gid(): t for t in ax.texts}
    return boxes, texts  # type: ignore[return-value]


def family_paths(text: MplText) -> Iterator[tuple[str, int]]:
    for family in text.get_fontfamily():
        found = findfont(FontProperties(family=family), fallback_to_default=False)
        yield str(found), int(getattr(found, "face_index", 0))


def undrawable(text: MplText) -> set[str]:
    """Characters of ``text`` that none of its fonts has (checked with fonts.covers)."""
    missing = set(text.get_text())
    for path, index in family_paths(text):
        missing = fonts.covers(path, "".join(missing), index=index)
    return missing


def check_figure(fig: Figure, index: IndexSystem, *, weights: bool, crs: dict | None) -> None:
    """Boxes and labels as promised, every glyph available, no overlap, nothing clipped."""
    boxes, texts = artists(fig)
    ids = [n.id for n in index.walk()]
    row = ["box:alternatives"] if index.alternatives else []  # a decision model's row
    assert sorted(boxes) == sorted([*(f"box:{i}" for i in ids), *row])
    assert {f"name:{i}" for i in ids} | {f"id:{i}" for i in ids} <= set(texts)
    details = {f"detail:{n.id}" for n in index.walk() if n.is_leaf or (weights and n.parent)}
    assert {k for k in texts if k.startswith("detail:")} == details
    assert {k for k in texts if k.startswith("cr:")} == {f"cr:{i}" for i in crs or {}}
    for gid, text in texts.items():
        assert text.get_text().strip(), f"{gid} is empty"
        assert not undrawable(text), f"{gid}: no glyph for {undrawable(text)}"
    check_geometry(fig, boxes, texts)


def check_geometry(
    fig: Figure, boxes: dict[str, FancyBboxPatch], texts: dict[str, MplText]
) -> None:
    """At screen and print resolution, measured as the saved files draw (unhinted)."""
    with rc_context({"text.hinting": "no_hinting"}):
        for dpi in (72, PNG_DPI):
            fig.set_dpi(dpi)
            check_geometry_at(fig, boxes, texts)


def check_geometry_at(
    fig: Figure, boxes: dict[str, FancyBboxPatch], texts: dict[str, MplText]
) -> None:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    page = Bbox.from_bounds(0, 0, *fig.bbox.size)
    extents = {gid: box.get_window_extent(renderer) for gid, box in boxes.items()}
    bounds = np.array([[e.x0, e.y0, e.x1, e.y1] for e in extents.values()])
    assert not overlapping_pairs(bounds, tol=1e-6), "boxes overlap"
    air = 0.03 * fig.dpi  # text keeps at least 0.03 in from a box edge: not cramped
    for gid, text in texts.items():
        inner = text.get_window_extent(renderer)
        outer = extents.get("box:" + gid.partition(":")[2], page).padded(-air)
        assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1, f"{gid} touches its box"
        assert outer.y0 <= inner.y0 and inner.y1 <= outer.y1, f"{gid} touches its box"
    assert all(page.x0 <= e.x0 and e.x1 <= page.x1 + 0.5 for e in extents.values())
    assert all(page.y0 <= e.y0 and e.y1 <= page.y1 + 0.5 for e in extents.values())


def check_saved(fig: Figure, folder: Path) -> None:
    """Non-empty .svg/.png/.pdf with no tofu glyph (matplotlib warns and uses LastResort)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        for suffix in ("svg", "png", "pdf"):
            path = save_diagram(fig, folder / f"diagram.{suffix}")
            assert path.stat().st_size > 1000
    svg = (folder / "diagram.svg").read_text(encoding="utf-8")
    glyphs = set(re.findall(r'<path id="([^"]+)"', svg))
    assert glyphs and not [g for g in glyphs if "LastResort" in g or g.endswith("-0")]
    assert "<text" not in svg  # glyphs are outlines: renders without the font installed
    assert (folder / "diagram.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "diagram.pdf").read_bytes()[:5] == b"%PDF-"


@needs_cjk
@pytest.mark.parametrize("path", INDICATORS, ids=lambda p: p.stem)
def test_builtin_index_systems(path: Path, tmp_path: Path) -> None:
    index = load_index(path)
    weights, crs = made_up_values(index)
    fig = draw_hierarchy(index, weights=weights, consistency=crs)
    check_figure(fig, index, weights=True, crs=crs)
    check_saved(fig, tmp_path)
    plain = draw_hierarchy(index, lang="en")
    check_figure(plain, index, weights=False, crs=None)


@needs_cjk
@pytest.mark.parametrize("n_leaves", GENERATED)
def test_generated_trees(n_leaves: int, generated: dict[int, IndexSystem], tmp_path: Path) -> None:
    index = generated[n_leaves]
    weights, crs = made_up_values(index)
    for orient in ("tb", "lr") if n_leaves <= 20 else (auto_orient(index),):
        fig = draw_hierarchy(index, weights=weights, consistency=crs, orient=orient, layout="tree")
        check_figure(fig, index, weights=True, crs=crs)
    check_saved(fig, tmp_path)


@needs_cjk
def test_box_contents(generated: dict[int, IndexSystem]) -> None:
    index = generated[3]
    weights, _ = made_up_values(index)
    crs = {index.id: (0.034, 0.1), "g2": (0.134, 0.1)}
    style = DiagramStyle()
    fig = draw_hierarchy(index, weights=weights, consistency=crs, show_weights="local")
    _, texts = artists(fig)
    assert texts["name:x1"].get_text() == "服务礼貌满意度" and texts["id:x1"].get_text() == "x1"
    assert texts["detail:x1"].get_text() == "↑ %   w=0.500"
    assert texts["detail:x3"].get_text() == "↓ 件/万户   w=0.500"
    assert texts["detail:x4"].get_text() == "◎ h   w=0.500"
    assert f"detail:{index.id}" not in texts  # the root's weight is 1 by definition
    assert texts[f"cr:{index.id}"].get_text() == "CR 0.034 ≤ 0.10"
    assert texts[f"cr:{index.id}"].get_color() == style.ok_color
    assert texts["cr:g2"].get_text() == "CR 0.134 > 0.10"
    assert texts["cr:g2"].get_color() == style.bad_color
    assert texts["id:x1"].get_color() == style.id_color
    assert "w 局部权重" in texts["legend"].get_text() and "W 全局" not in texts["legend"].get_text()


def test_long_names_wrap_and_boxes_grow(generated: dict[int, IndexSystem]) -> None:
    index = generated[20]
    fig = draw_hierarchy(index, orient="tb")
    _, texts = artists(fig)
    assert texts["name:x5"].get_text() == "客户投诉处理\n及时率（含\n升级投诉）"  # words kept
    check_geometry(fig, *artists(fig))


def test_no_cjk_font_warns_once_and_draws_english(
    generated: dict[int, IndexSystem], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "_cjk_entries", lambda exhaustive=False: [])
    monkeypatch.setattr(fonts, "_register_new_system_fonts", lambda: False)
    index = generated[3]
    with pytest.warns(fonts.FontWarning, match=r"^no CJK font found: .*English labels") as seen:
        fig = draw_hierarchy(index, lang="zh")
    assert len(seen) == 1 and "fonts-wqy-microhei" in str(seen[0].message)
    _, texts = artists(fig)
    assert texts["name:x1"].get_text() == "Satisfaction\nwith courtesy"
    assert texts["detail:x3"].get_text() == "↓"  # the unit 件/万户 cannot be drawn: left out
    assert all(not undrawable(t) for t in texts.values())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_saved(draw_hierarchy(index, lang="zh"), tmp_path)  # second time: silent


def test_no_cjk_font_falls_back_to_ids_for_chinese_only_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_cjk_entries", lambda exhaustive=False: [])
    monkeypatch.setattr(fonts, "_register_new_system_fonts", lambda: False)
    path = tmp_path / "zh-only.yaml"
    path.write_text(
        "qualindex: 1\nid: zh-only\nversion: '1'\nname: {zh: 仅中文}\nchildren:\n"
        "  - {id: rate, name: {zh: 比率}, unit: '%', direction: higher, threshold: 0, target: 1}\n",
        encoding="utf-8",
    )
    with pytest.warns(fonts.FontWarning):
        fig = draw_hierarchy(load_index(path), lang="zh")
    _, texts = artists(fig)
    assert texts["name:zh-only"].get_text() == "zh-only" and texts["name:rate"].get_text() == "rate"


def test_english_index_without_cjk_font_does_not_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_cjk_entries", lambda exhaustive=False: [])
    monkeypatch.setattr(fonts, "_register_new_system_fonts", lambda: False)
    path = tmp_path / "en.yaml"
    path.write_text(
        "qualindex: 1\nid: en\nversion: '1'\nname: {en: English only}\nchildren:\n"
        "  - {id: rate, name: {en: Rate}, unit: '%', direction: higher, threshold: 0, target: 1}\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw_hierarchy(load_index(path), lang="zh")


def test_draws_into_a_given_axes(generated: dict[int, IndexSystem]) -> None:
    fig = Figure(figsize=(8, 4))
    ax = fig.add_subplot()
    assert draw_hierarchy(generated[3], ax=ax) is fig
    boxes = [p for p in ax.patches if str(p.get_gid()).startswith("box:")]
    assert len(boxes) == len(generated[3].nodes) == 5
    assert tuple(fig.get_size_inches()) == (8, 4)  # the caller's figure keeps its size
    assert not ax.axison


def test_bad_options_name_the_choices(generated: dict[int, IndexSystem]) -> None:
    index = generated[3]
    with pytest.raises(InputError, match=r"lang='fr' is not one of zh, en"):
        draw_hierarchy(index, lang="fr")
    with pytest.raises(InputError, match=r"show_weights='all' is not one of local, global, both"):
        draw_hierarchy(index, show_weights="all")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"orient='rl' is not one of tb, lr"):
        draw_hierarchy(index, orient="rl")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"weights: no node 'g22' .*did you mean 'g2'"):
        draw_hierarchy(index, weights={"g22": (0.5, 0.5)})
    with pytest.raises(InputError, match=r"consistency: 'x1' is an indicator"):
        draw_hierarchy(index, consistency={"x1": (0.01, 0.1)})


def test_save_rejects_unknown_suffix_and_writes_atomically(
    generated: dict[int, IndexSystem], tmp_path: Path
) -> None:
    fig = draw_hierarchy(generated[1])
    with pytest.raises(
        InputError, match=r"cannot save a diagram as '.jpg'; use .svg, .png or .pdf"
    ):
        save_diagram(fig, tmp_path / "d.jpg")
    target = tmp_path / "d.svg"
    target.write_text("old", encoding="utf-8")
    save_diagram(fig, target)
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["d.svg"]  # no temporary file left behind


def test_svg_is_reproducible(generated: dict[int, IndexSystem], tmp_path: Path) -> None:
    index = generated[3]
    save_diagram(draw_hierarchy(index), tmp_path / "a.svg")
    save_diagram(draw_hierarchy(index), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


# --- diagrams of any size on a page (issue 16) ----------------------------------------------
PAGE_SIZES = [15, 60, 300]


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> dict[int, IndexSystem]:
    folder = tmp_path_factory.mktemp("sized")
    out = {}
    for n in [*PAGE_SIZES, 450, 1000]:
        (folder / str(n)).mkdir()
        out[n] = tree_index(shape_for(n), folder / str(n))
    return out


def _breaks_at_words(drawn: str, name: str) -> bool:
    """Every line break of ``drawn`` falls where wrap_label may break ``name``: between two
    Latin words, or at a boundary of a Chinese word (jieba) when the words are Chinese."""
    from qualindex.hierarchy.textdiagram import _tokens

    lines = drawn.split("\n")
    if " ".join(lines) == name:
        return True  # Latin: broken at spaces only
    bounds = {0}
    for token in _tokens(name, 10**6):  # no width: the natural word boundaries
        bounds.add(max(bounds) + len(token))
    at, cuts = 0, []
    for line in lines[:-1]:
        at += len(line)
        cuts.append(at)
    return "".join(lines) == name and all(c in bounds for c in cuts)


def check_page(
    fig: Figure, index: IndexSystem, paper: tuple[float, float], lang: str = "zh"
) -> None:
    """Exactly the page, no text under 6 pt, every text inside the figure and clear of the
    others, names whole (a name broken across two lines of a packed outline, ``name:ID``
    then ``name+:ID``, only between words)."""
    from qualindex.hierarchy.draw import MIN_PRINT_PT

    assert tuple(np.round(fig.get_size_inches(), 6)) == paper
    texts = fig.axes[0].texts
    assert min(t.get_fontsize() for t in texts) >= MIN_PRINT_PT
    with rc_context({"text.hinting": "no_hinting"}):
        fig.set_dpi(72)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        page = Bbox.from_bounds(0, 0, *fig.bbox.size)
        extents = [t.get_window_extent(renderer) for t in texts]
        for t, e in zip(texts, extents, strict=True):
            assert page.x0 <= e.x0 and e.x1 <= page.x1 and page.y0 <= e.y0 and e.y1 <= page.y1, (
                t.get_gid()
            )
    bounds = np.array([[e.x0, e.y0, e.x1, e.y1] for e in extents])
    clash = overlapping_pairs(bounds, tol=0.5)  # half a point: glyph boxes may touch
    assert not clash, [(texts[i].get_gid(), texts[j].get_gid()) for i, j in clash[:5]]
    names: dict[str, str] = {}
    for t in texts:
        kind, _, node_id = str(t.get_gid()).partition(":")
        if kind == "name":
            names[node_id] = t.get_text()
        elif kind == "name+":
            names[node_id] += "\n" + t.get_text()
    below_root = {n.id for n in index.walk() if n.parent is not None}
    assert set(names) in (below_root, set(index.nodes))
    for node_id, text in names.items():
        assert _breaks_at_words(text, index.nodes[node_id].name.get(lang) or ""), text


@needs_cjk
@pytest.mark.parametrize("n_leaves", PAGE_SIZES)
@pytest.mark.parametrize("landscape", [False, True])
def test_fits_a3_legibly(n_leaves: int, landscape: bool, sized: dict[int, IndexSystem]) -> None:
    index = sized[n_leaves]
    fig = draw_hierarchy(index, page="A3", landscape=landscape)
    paper = (16.54, 11.69) if landscape else (11.69, 16.54)
    check_page(fig, index, paper)
    boxes, _ = artists(fig)
    assert bool(boxes) == (n_leaves <= 40)  # a box tree when small, columns above 40 leaves


@needs_cjk
def test_a_larger_tree_fits_a3_by_flowing_each_groups_indicators(
    sized: dict[int, IndexSystem],
) -> None:
    """450 indicators in one row each do not fit A3 at 6 pt; flowed several to a line per
    group (the packed layout, which auto falls back to) they do, every name whole."""
    index = sized[450]
    with pytest.raises(InputError, match="450 indicators do not fit A3 landscape"):
        draw_hierarchy(index, page="A3", landscape=True, layout="columns")
    fig = draw_hierarchy(index, page="A3", landscape=True)
    check_page(fig, index, (16.54, 11.69))
    # some line holds two indicators: their names start at the same height
    tops = [
        round(t.get_position()[1], 6)
        for t in fig.axes[0].texts
        if str(t.get_gid()).startswith("name:") and not index.nodes[t.get_gid()[5:]].children
    ]
    assert len(set(tops)) < len(tops)


@needs_cjk
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("landscape", [True, False])
def test_a_thousand_leaves_fit_a3_and_the_figure_says_what_it_left_out(
    lang: str, landscape: bool, sized: dict[int, IndexSystem]
) -> None:
    """1,000 names, ids and units at 6 pt need about twice an A3 page: auto leaves out the
    ids, then the direction marks and units, then runs the outline on in one paragraph
    (names broken between words); the figure and a DiagramWarning say what is missing."""
    from qualindex.hierarchy.draw import DiagramWarning

    index = sized[1000]
    paper = (16.54, 11.69) if landscape else (11.69, 16.54)
    started = time.perf_counter()
    with pytest.warns(DiagramWarning, match="ids, directions and units") as seen:
        fig = draw_hierarchy(index, page="A3", landscape=landscape, lang=lang)
    assert time.perf_counter() - started < 20
    assert len(seen) == 1 and "--depth" in str(seen[0].message)
    check_page(fig, index, paper, lang)
    _, texts = artists(fig)
    note = texts["note"].get_text()
    if lang == "zh":
        assert note.startswith("为以不小于6磅的字号排进A3") and note.endswith("编号、方向与单位")
    else:
        assert note.startswith("Left out to fit A3") and note.endswith("ids, directions and units")
    assert not [k for k in texts if k.startswith(("id:", "detail:"))]
    assert "↑" not in texts.get("legend", texts["note"]).get_text()  # no key to marks not drawn


@needs_cjk
def test_what_the_caller_asked_for_is_kept_or_refused(sized: dict[int, IndexSystem]) -> None:
    """--ids insists: the ids stay, only the marks and units go; --no-ids is not a thing
    left out to fit; a layout named is not changed; one level less fits with everything."""
    from qualindex.hierarchy.draw import DiagramWarning

    index = sized[1000]
    for ids in (True, False):
        with pytest.warns(DiagramWarning, match=r": directions and units;"):
            fig = draw_hierarchy(index, page="A3", landscape=True, show_ids=ids)
        check_page(fig, index, (16.54, 11.69))
        shown = {k for k in artists(fig)[1] if k.startswith("id:")}
        assert shown == ({f"id:{n.id}" for n in index.walk() if n.parent} if ids else set())
    with pytest.raises(InputError, match="do not fit A3 landscape"):
        draw_hierarchy(index, page="A3", landscape=True, layout="packed")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one level less fits with every detail
        fig = draw_hierarchy(index, page="A3", landscape=True, depth=2)
    assert tuple(np.round(fig.get_size_inches(), 6)) == (16.54, 11.69)
    assert "note" not in artists(fig)[1]


def test_a_tree_far_too_large_is_refused_at_once(tmp_path: Path) -> None:
    index = tree_index(shape_for(5000), tmp_path)
    for landscape in (True, False):
        started = time.perf_counter()
        with pytest.raises(InputError, match=r"5000 indicators do not fit A3.*--depth N, --root"):
            draw_hierarchy(index, page="A3", landscape=landscape)
        assert time.perf_counter() - started < 5
    with pytest.raises(InputError, match=r"do not fit A4 .*larger page \(--page A3, --landscape\)"):
        draw_hierarchy(index, page="A4")


@needs_cjk
def test_root_depth_ids_and_title(generated: dict[int, IndexSystem]) -> None:
    index = generated[20]
    fig = draw_hierarchy(index, root="g2", show_ids=False, title="维度二")
    boxes, texts = artists(fig)
    assert sorted(boxes) == sorted(f"box:{n.id}" for n in index.walk("g2"))
    assert not [k for k in texts if k.startswith("id:")]
    assert texts["title"].get_text() == "维度二"
    shallow = draw_hierarchy(index, depth=1, layout="tree")
    boxes, _ = artists(shallow)
    assert sorted(boxes) == sorted(f"box:{n.id}" for n in index.walk() if n.level <= 1)
    with pytest.raises(InputError, match="no node 'nope'"):
        draw_hierarchy(index, root="nope")
    with pytest.raises(InputError, match="page='A5' is not one of A4, A3"):
        draw_hierarchy(index, page="A5")


def test_ids_are_never_broken(tmp_path: Path) -> None:
    """Issue 16: ``outpatient-/quality`` was an id cut after its hyphen to fit the box."""
    path = tmp_path / "ids.yaml"
    path.write_text(
        "qualindex: 1\nid: hospital\nversion: '1'\nname: {zh: 医院, en: Hospital}\nchildren:\n"
        "  - {id: outpatient-quality, name: {zh: 预约挂号便捷满意度, en: Outpatient quality},"
        " unit: '%', direction: higher, threshold: 0, target: 1}\n",
        encoding="utf-8",
    )
    fig = draw_hierarchy(load_index(path), orient="tb")
    _, texts = artists(fig)
    assert texts["id:outpatient-quality"].get_text() == "outpatient-quality"
    if HAS_CJK:
        assert texts["name:outpatient-quality"].get_text() == "预约挂号\n便捷满意度"
    check_geometry(fig, *artists(fig))


@needs_cjk
def test_cli_diagram_page_options(sized: dict[int, IndexSystem], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from qualindex.cli import app

    source = sized[300].file
    target = tmp_path / "d.svg"
    args = ["diagram", source, "-o", str(target), "--page", "A3", "--landscape", "--lang", "zh"]
    result = CliRunner().invoke(app, [*args, "--no-ids", "--title", "三百项"])
    assert result.exit_code == 0, result.output
    svg = target.read_text(encoding="utf-8")
    assert 'width="1190.88pt" height="841.68pt"' in svg  # A3 landscape in points
    mermaid = CliRunner().invoke(app, ["diagram", source, "--format", "mermaid", "--depth", "1"])
    assert mermaid.exit_code == 0 and "x4[" not in mermaid.output and "n_x4" not in mermaid.output
    big = CliRunner().invoke(app, ["diagram", sized[1000].file, "-o", str(target), "--page", "A4"])
    assert big.exit_code == 1 and "do not fit A4" in big.output
    args = ["diagram", sized[1000].file, "-o", str(target), "--page", "A3", "--landscape"]
    fits = CliRunner().invoke(app, [*args, "--lang", "zh", "--force"])
    assert fits.exit_code == 0, fits.output
    assert "为以不小于6磅的字号排进A3横向页面，图中未显示编号、方向与单位" in fits.output  # said
