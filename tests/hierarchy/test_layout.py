"""Tidy-tree layout: slots, centring, orientation, figure size and no overlapping boxes.

``write_tree``/``tree_index`` build index systems of any shape through the real loader;
the drawing and text-diagram tests import them from here.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.hierarchy import IndexSystem, load_index
from qualindex.hierarchy.layout import (
    WIDE_LEAVES,
    Orient,
    Spacing,
    auto_orient,
    figure_size,
    flow_columns,
    leaf_slots,
    page_size,
    slot_pitch,
    subtree,
    tips,
    tree_layout,
)

# A shape is None for a leaf or a list of child shapes for an aggregate node.
Shape = Any
LEAF_NAMES = (
    ("服务礼貌满意度", "Satisfaction with courtesy"),
    ("高危漏洞30天修复率", "Critical vulnerabilities fixed within 30 days"),
    ("率", "Rate"),
    ("客户投诉处理及时率（含升级投诉）", "Complaints handled on time (escalations included)"),
    ("平均故障修复时间", "Mean time to repair"),
)
LEAF_KINDS = (
    {"unit": "%", "direction": "higher", "threshold": 60, "target": 95},
    {"unit": "件/万户", "direction": "lower", "threshold": 5, "target": 1},
    {
        "unit": "h",
        "direction": "target",
        "target": 4,
        "scoring": {"method": "goalposts", "lo": 0, "hi": 8},
    },
)


def shape_for(n_leaves: int, fanout: int = 5) -> Shape:
    """Root -> dimensions of ``fanout`` leaves; above 60 leaves a third level of groups;
    with more than one leaf, one indicator hangs directly under the root (an uneven tree)."""
    if n_leaves == 1:
        return [None]
    dims: list[Any] = [
        [None] * min(fanout, n_leaves - 1 - i) for i in range(0, n_leaves - 1, fanout)
    ]
    if n_leaves > 60:
        dims = [dims[i : i + 4] for i in range(0, len(dims), 4)]
    return [None, *dims]


def _node(
    shape: Shape, ids: itertools.count[int], leaves: itertools.count[int], level: int
) -> dict:
    """Ids count all nodes (g0, x1, g2, ...); names and kinds cycle over the leaves in order."""
    i = next(ids)
    if shape is None:
        j = next(leaves)
        zh, en = LEAF_NAMES[j % len(LEAF_NAMES)]
        return {"id": f"x{i}", "name": {"zh": zh, "en": en}, **LEAF_KINDS[j % len(LEAF_KINDS)]}
    children = [_node(s, ids, leaves, level + 1) for s in shape]
    name = {"zh": f"第{level}层维度{i}", "en": f"Dimension {i}"}
    return {"id": f"g{i}", "name": name, "children": children}


def write_tree(path: Path, shape: Shape, *, name: str = "生成的评价指标体系") -> Path:
    """Write an index-system YAML with the given shape (the root must be a list)."""
    root = _node(shape, itertools.count(), itertools.count(), 0)
    doc = {
        "qualindex": 1,
        "id": "generated",
        "version": "1",
        "name": {"zh": name, "en": "Generated index system"},
        "children": root["children"],
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def tree_index(shape: Shape, folder: Path | None = None) -> IndexSystem:
    """Load a generated index system (in ``folder`` or a throw-away temporary folder)."""
    if folder is not None:
        return load_index(write_tree(folder / "generated.yaml", shape))
    with tempfile.TemporaryDirectory() as tmp:
        return load_index(write_tree(Path(tmp) / "generated.yaml", shape))


def box_bounds(
    index: IndexSystem, pos: dict[str, tuple[float, float]], spacing: Spacing, orient: Orient
) -> np.ndarray:
    """(n, 4) array of x0, y0, x1, y1 per node box."""
    rows = []
    for node in index.walk():
        (x, y), (w, h) = pos[node.id], spacing.box(node.level, orient)
        rows.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return np.array(rows)


def overlapping_pairs(bounds: np.ndarray, tol: float = 1e-9) -> list[tuple[int, int]]:
    x0, y0, x1, y1 = bounds.T
    apart_x = (x1[:, None] <= x0[None, :] + tol) | (x1[None, :] <= x0[:, None] + tol)
    apart_y = (y1[:, None] <= y0[None, :] + tol) | (y1[None, :] <= y0[:, None] + tol)
    clash = ~(apart_x | apart_y)
    np.fill_diagonal(clash, False)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(clash)), strict=True)]


def assert_tidy(index: IndexSystem, spacing: Spacing, orient: Orient) -> None:
    """No two boxes overlap and every box lies inside the figure with its margin."""
    pos = tree_layout(index, orient=orient, spacing=spacing)
    bounds = box_bounds(index, pos, spacing, orient)
    ids = [n.id for n in index.walk()]
    clashes = [(ids[i], ids[j]) for i, j in overlapping_pairs(bounds)]
    assert not clashes, f"overlapping boxes: {clashes[:5]}"
    width, height = figure_size(index, orient, spacing=spacing)
    m = spacing.margin - 1e-9
    assert bounds[:, 0].min() >= m and bounds[:, 1].min() >= m
    assert bounds[:, 2].max() <= width - m and bounds[:, 3].max() <= height - m


@pytest.mark.parametrize("orient", ["tb", "lr"])
@pytest.mark.parametrize("n_leaves", [1, 2, 3, 7, 8, 20, 100, 300])
def test_no_boxes_overlap_for_1_to_300_leaves(
    n_leaves: int, orient: Orient, tmp_path: Path
) -> None:
    index = tree_index(shape_for(n_leaves), tmp_path)
    assert len(index.leaves()) == n_leaves
    uneven = Spacing(cross=(2.5, 1.8, 1.2, 0.9), along=(0.9, 0.5, 0.7, 0.6))
    for spacing in (Spacing(), uneven):
        assert_tidy(index, spacing, orient)


def test_leaves_evenly_spaced_in_file_order_and_parents_centred(tmp_path: Path) -> None:
    index = tree_index([[None, None, None], None, [[None, None], None]], tmp_path)
    spacing = Spacing(cross=(1.0,), along=(0.5,), cross_gap=0.2)
    pos = tree_layout(index, orient="tb", spacing=spacing)
    xs = [pos[leaf.id][0] for leaf in index.leaves()]
    np.testing.assert_allclose(np.diff(xs), 1.2)  # pitch = box + gap, left to right in file order
    for node in index.aggregates():
        first, last = pos[node.children[0]][0], pos[node.children[-1]][0]
        assert pos[node.id][0] == pytest.approx((first + last) / 2)
    levels = {node.level: pos[node.id][1] for node in index.walk()}
    assert all(pos[n.id][1] == pytest.approx(levels[n.level]) for n in index.walk())
    assert levels[0] > levels[1] > levels[2] > levels[3]  # root on top


def test_left_to_right_puts_the_root_left_and_the_first_leaf_on_top(tmp_path: Path) -> None:
    index = tree_index(shape_for(12), tmp_path)
    pos = tree_layout(index, orient="lr")
    leaves = [pos[leaf.id] for leaf in index.leaves()]
    assert all(a[1] > b[1] for a, b in itertools.pairwise(leaves))
    assert pos[index.id][0] < min(pos[c.id][0] for c in index.children(index.id))


def test_slots_are_integers_for_leaves_and_midpoints_for_parents(tmp_path: Path) -> None:
    index = tree_index([[None, None], [None]], tmp_path)
    slots = leaf_slots(index)
    assert [slots[leaf.id] for leaf in index.leaves()] == [0.0, 1.0, 2.0]
    assert slots["g1"] == 0.5 and slots["g4"] == 2.0
    assert slots[index.id] == 1.25  # over its first and last child, not the mean of leaves


def test_pitch_makes_room_for_wide_upper_levels(tmp_path: Path) -> None:
    index = tree_index([[None], [None]], tmp_path)  # the two dimensions are one slot apart
    spacing = Spacing(cross=(1.0, 2.0, 1.0), cross_gap=0.1)
    assert slot_pitch(index, spacing) == pytest.approx(2.1)
    assert slot_pitch(tree_index([None], tmp_path), spacing) == 0.0
    assert_tidy(index, spacing, "tb")


@pytest.mark.parametrize("orient", ["tb", "lr"])
def test_figure_grows_with_leaves_and_levels(orient: Orient, tmp_path: Path) -> None:
    def size(shape: Shape) -> tuple[float, float]:
        return figure_size(tree_index(shape, tmp_path), orient)

    cross_axis = 0 if orient == "tb" else 1
    narrow, wide, deep = size([[None, None]]), size([[None] * 6]), size([[[None, None]]])
    assert wide[cross_axis] > narrow[cross_axis] and wide[1 - cross_axis] == narrow[1 - cross_axis]
    assert deep[1 - cross_axis] > narrow[1 - cross_axis]


def test_auto_orient_turns_wide_trees_sideways(tmp_path: Path) -> None:
    assert auto_orient(tree_index([[None] * WIDE_LEAVES], tmp_path)) == "tb"
    assert auto_orient(tree_index([[None] * (WIDE_LEAVES + 1)], tmp_path)) == "lr"


def test_unknown_orientation_lists_the_choices(tmp_path: Path) -> None:
    index = tree_index([None], tmp_path)
    with pytest.raises(InputError, match=r"orient='bt' is not one of tb, lr"):
        tree_layout(index, orient="bt")  # type: ignore[arg-type]


shapes = st.recursive(
    st.none(), lambda kids: st.lists(kids, min_size=1, max_size=5), max_leaves=30
).filter(lambda s: isinstance(s, list))
extents = st.lists(st.floats(0.2, 3.0), min_size=1, max_size=5).map(tuple)


@settings(max_examples=60, deadline=None)
@given(shape=shapes, cross=extents, along=extents, orient=st.sampled_from(["tb", "lr"]))
def test_random_trees_and_box_sizes_never_overlap(
    shape: Shape, cross: tuple[float, ...], along: tuple[float, ...], orient: Orient
) -> None:
    index = tree_index(shape)
    spacing = Spacing(cross=cross, along=along, cross_gap=0.05, level_gap=0.1)
    assert_tidy(index, spacing, orient)


def test_subtree_rebases_levels_and_cuts_at_depth(tmp_path: Path) -> None:
    index = tree_index(shape_for(100), tmp_path)
    assert subtree(index) is index
    part = subtree(index, "g2")
    assert part.id == "g2" and part.root.parent is None and part.root.level == 0
    assert set(part.nodes) == {n.id for n in index.walk("g2")}
    assert {n.level for n in part.walk()} == {0, 1, 2}
    shallow = subtree(index, depth=1)
    assert shallow.depth == 1 and all(not n.children for n in shallow.walk() if n.level == 1)
    assert tips(shallow) == [c for c in index.root.children]
    with pytest.raises(InputError, match="depth=0 must be at least 1"):
        subtree(index, depth=0)
    with pytest.raises(InputError, match="no node 'g22x'"):
        subtree(index, "g22x")


def test_page_sizes_are_iso_216() -> None:
    """ISO 216: A4 210 x 297 mm, A3 297 x 420 mm (to 0.01 in)."""
    assert page_size("A4") == pytest.approx((210 / 25.4, 297 / 25.4), abs=0.01)
    assert page_size("a3", landscape=True) == pytest.approx((420 / 25.4, 297 / 25.4), abs=0.01)
    with pytest.raises(InputError, match="page='B5' is not one of A4, A3"):
        page_size("B5")


def test_flow_columns_balances_and_keeps_headings_with_their_rows() -> None:
    assert flow_columns([1.0] * 10, 2, keep_with_next=[False] * 10) == [0, 5]
    assert flow_columns([1.0] * 9, 3, keep_with_next=[False] * 9) == [0, 3, 6]
    assert flow_columns([], 3, keep_with_next=[]) == [0]
    assert flow_columns([1.0] * 4, 10, keep_with_next=[False] * 4) == [0, 1, 2, 3]
    # a heading (True) at 4 would end column 1: it starts column 2 instead
    heads = [True, False, False, False, True, False, False, False]
    assert flow_columns([1.0] * 8, 2, keep_with_next=heads) == [0, 4]
    heads = [True, False, False, True, False, False, False, False]
    starts = flow_columns([1.0] * 8, 2, keep_with_next=heads)
    assert starts == [0, 3]  # the group at 3 starts column 2 rather than being cut after 1 row


@settings(max_examples=100, deadline=None)
@given(
    heights=st.lists(st.floats(0.1, 3.0), min_size=1, max_size=60),
    columns=st.integers(1, 12),
    data=st.data(),
)
def test_flow_columns_never_ends_a_column_with_a_heading(
    heights: list[float], columns: int, data: st.DataObject
) -> None:
    heads = data.draw(st.lists(st.booleans(), min_size=len(heights), max_size=len(heights)))
    starts = flow_columns(heights, columns, keep_with_next=heads)
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) <= columns
    assert all(0 < s < len(heights) for s in starts[1:])
    for s, prev in zip(starts[1:], starts, strict=False):
        if s - 1 > prev:  # a column of more than one entry does not end on a heading
            assert not heads[s - 1]
