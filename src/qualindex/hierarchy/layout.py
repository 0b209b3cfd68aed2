"""Where each box of a hierarchy diagram goes: numbers only, no matplotlib.

A tidy tree by level: leaves take evenly spaced slots in file order, each parent is
centred over its first and last child, and every level gets its own band.  Two nodes of
one level sit at least one slot apart, so a slot pitch of the widest box of a level plus a
gap keeps the boxes of that level apart; the bands keep levels apart.  All coordinates
are inches with the origin at the bottom left of a figure of :func:`figure_size`, so a
drawing can use them as data coordinates directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from qualindex.choices import DiagramLayout, Orient, PageName
from qualindex.errors import InputError
from qualindex.hierarchy.model import IndexSystem

__all__ = [
    "LARGE_LEAVES",
    "ORIENTS",
    "PAGES",
    "WIDE_LEAVES",
    "DiagramLayout",
    "Orient",
    "PageName",
    "Spacing",
    "auto_orient",
    "figure_size",
    "flow_columns",
    "leaf_slots",
    "page_size",
    "slot_pitch",
    "subtree",
    "tree_layout",
]

ORIENTS: tuple[Orient, ...] = ("tb", "lr")

# DiagramLayout: ``tree``, boxes joined by elbow lines; ``columns``, an indented outline flowed
# into columns; ``auto``, the tree up to LARGE_LEAVES tips (and while it fits the page).

#: Above this many leaves a top-to-bottom tree is wider than a page: lay it out left-to-right.
WIDE_LEAVES = 7


@dataclass(frozen=True, slots=True)
class Spacing:
    """Box sizes per level and the gaps between boxes, in inches.

    ``cross`` is the box extent across the leaf axis (the width of a top-to-bottom tree's
    boxes, the height of a left-to-right tree's), ``along`` the extent along the level axis,
    one value per level (the last value repeats for deeper levels): boxes of one level are
    alike, and a level of one-line boxes does not take the room of a level of five-line ones.
    """

    cross: tuple[float, ...] = (1.3,)
    along: tuple[float, ...] = (0.7,)
    cross_gap: float = 0.15
    level_gap: float = 0.4
    margin: float = 0.15

    def cross_at(self, level: int) -> float:
        return self.cross[min(level, len(self.cross) - 1)]

    def along_at(self, level: int) -> float:
        return self.along[min(level, len(self.along) - 1)]

    def box(self, level: int, orient: Orient) -> tuple[float, float]:
        """(width, height) of a box at ``level``."""
        cross, along = self.cross_at(level), self.along_at(level)
        return (cross, along) if orient == "tb" else (along, cross)


def auto_orient(index: IndexSystem) -> Orient:
    """``"tb"`` for narrow trees, ``"lr"`` when there are more than :data:`WIDE_LEAVES` leaves."""
    return "lr" if len(tips(index)) > WIDE_LEAVES else "tb"


def tips(index: IndexSystem) -> list[str]:
    """Ids of the nodes without children, in file order (leaves, and aggregates cut off)."""
    return [n.id for n in index.walk() if not n.children]


def leaf_slots(index: IndexSystem) -> dict[str, float]:
    """Slot of every node on the leaf axis: leaves 0, 1, 2, ... in file order, parents
    halfway between their first and last child.

    Two nodes of one level cover disjoint runs of leaves and each sits inside its run, so
    they are at least one slot apart.
    """
    slots = {leaf: float(i) for i, leaf in enumerate(tips(index))}
    for node in reversed(list(index.walk())):  # pre-order reversed: children before parents
        if node.children:
            slots[node.id] = (slots[node.children[0]] + slots[node.children[-1]]) / 2
    return slots


def slot_pitch(index: IndexSystem, spacing: Spacing) -> float:
    """Distance between neighbouring slots: the least that keeps every level's boxes apart.

    0 for a single leaf, where every node is in slot 0.
    """
    by_level: dict[int, list[float]] = {}
    for node_id, slot in leaf_slots(index).items():
        by_level.setdefault(index.nodes[node_id].level, []).append(slot)
    pitch = 0.0
    for level, slots in by_level.items():
        ordered = sorted(slots)
        need = spacing.cross_at(level) + spacing.cross_gap
        pitch = max([pitch, *(need / (b - a) for a, b in pairwise(ordered))])
    return pitch


def tree_layout(
    index: IndexSystem, *, orient: Orient = "tb", spacing: Spacing | None = None
) -> dict[str, tuple[float, float]]:
    """Centre (x, y) in inches of every node's box; the root is at the top or the left."""
    _check_orient(orient)
    sp = spacing or Spacing()
    _, height = figure_size(index, orient, spacing=sp)
    pitch, low, _ = _cross_frame(index, sp)
    starts = _level_starts(index.depth, sp)
    pos: dict[str, tuple[float, float]] = {}
    for node_id, slot in leaf_slots(index).items():
        level = index.nodes[node_id].level
        cross = sp.margin - low + slot * pitch
        along = starts[level] + sp.along_at(level) / 2
        pos[node_id] = (cross, height - along) if orient == "tb" else (along, height - cross)
    return pos


def figure_size(
    index: IndexSystem, orient: Orient = "tb", *, spacing: Spacing | None = None
) -> tuple[float, float]:
    """(width, height) in inches that holds every box of :func:`tree_layout` plus margins."""
    _check_orient(orient)
    sp = spacing or Spacing()
    _, low, high = _cross_frame(index, sp)
    cross = high - low + 2 * sp.margin
    depth = index.depth
    along = _level_starts(depth, sp)[depth] + sp.along_at(depth) + sp.margin
    return (cross, along) if orient == "tb" else (along, cross)


def _cross_frame(index: IndexSystem, sp: Spacing) -> tuple[float, float, float]:
    """Slot pitch and the lowest and highest box edge on the leaf axis (slot 0 at 0)."""
    pitch = slot_pitch(index, sp)
    edges = [
        (slot * pitch - sp.cross_at(lvl) / 2, slot * pitch + sp.cross_at(lvl) / 2)
        for node_id, slot in leaf_slots(index).items()
        for lvl in (index.nodes[node_id].level,)
    ]
    return pitch, min(lo for lo, _ in edges), max(hi for _, hi in edges)


def _level_starts(depth: int, sp: Spacing) -> list[float]:
    """Distance from the top (or left) edge to the near side of each level's band."""
    starts = [sp.margin]
    for level in range(depth):
        starts.append(starts[-1] + sp.along_at(level) + sp.level_gap)
    return starts


def _check_orient(orient: str) -> None:
    if orient not in ORIENTS:
        raise InputError(
            f"orient={orient!r} is not one of {', '.join(ORIENTS)} (top-bottom, left-right)"
        )


#: Above this many leaves a box tree is a strip too long to read or print: the diagram is drawn
#: as an outline flowed into columns (see :func:`flow_columns`).
LARGE_LEAVES = 40

#: Paper sizes (width, height) in inches, portrait.
PAGES = {"A4": (8.27, 11.69), "A3": (11.69, 16.54)}


def subtree(index: IndexSystem, root: str | None = None, depth: int | None = None) -> IndexSystem:
    """The part of ``index`` under ``root`` (default: the whole tree), ``depth`` levels deep.

    Nodes keep their ids, names and indicators; levels count from the new root, and an
    aggregate cut at ``depth`` has no children (it is drawn as a leaf of the picture).
    """
    import dataclasses

    top = index.node(root or index.id)
    if depth is not None and depth < 1:
        raise InputError(f"depth={depth} must be at least 1 (levels below the root to draw)")
    limit = top.level + depth if depth is not None else None
    nodes = {}
    for node in index.walk(top.id):
        if limit is not None and node.level > limit:
            continue
        cut = limit is not None and node.level == limit
        nodes[node.id] = dataclasses.replace(
            node,
            level=node.level - top.level,
            parent=None if node.id == top.id else node.parent,
            children=() if cut else node.children,
        )
    if root is None and depth is None:
        return index
    return dataclasses.replace(index, id=top.id, name=top.name, nodes=nodes)


def page_size(page: str, *, landscape: bool = False) -> tuple[float, float]:
    """(width, height) in inches of ``page`` (A4 or A3)."""
    key = page.upper()
    if key not in PAGES:
        raise InputError(f"page={page!r} is not one of {', '.join(PAGES)}")
    w, h = PAGES[key]
    return (h, w) if landscape else (w, h)


def flow_columns(
    heights: list[float], columns: int, *, keep_with_next: list[bool], slack: float = 0.35
) -> list[int]:
    """Where each column starts when entries of ``heights`` are poured into ``columns`` columns.

    The columns are balanced: the smallest column height (found by bisection) at which
    pouring needs no more than ``columns`` columns.  Pouring is greedy: a column is full at
    that height; an entry marked ``keep_with_next`` (a heading) never ends a column, and a
    column ends before a heading when one is within ``slack`` of the column's height back
    (so groups start columns rather than being cut after one line).  Returns the index of
    each column's first entry (the first is 0); fewer columns when fewer are needed.
    """
    if not heights:
        return [0]
    lo = max(sum(heights) / columns, max(heights))
    hi = sum(heights) + 1e-9
    best = _pour(heights, keep_with_next, hi, slack)
    for _ in range(40):
        if hi - lo <= 1e-6 * hi:
            break
        mid = (lo + hi) / 2
        starts = _pour(heights, keep_with_next, mid, slack)
        if len(starts) <= columns:
            hi, best = mid, starts
        else:
            lo = mid
    return best


def _pour(heights: list[float], heading: list[bool], goal: float, slack: float) -> list[int]:
    """Greedy column starts for columns ``goal`` high (as many columns as that takes)."""
    starts, used = [0], 0.0
    for i, h in enumerate(heights):
        if used + h > goal + 1e-9 and i > starts[-1]:
            back = _break_before(heights, heading, starts[-1], i, slack * goal)
            # no orphan: a heading with fewer than two of its rows under it moves on too
            group = max((j for j in range(starts[-1] + 1, back) if heading[j]), default=None)
            if group is not None and back - group < 3:
                back = group
                while back - 1 > starts[-1] and heading[back - 1]:
                    back -= 1
            starts.append(back)
            used = sum(heights[back:i])
        used += h
    return starts


def _break_before(
    heights: list[float], heading: list[bool], start: int, at: int, room: float
) -> int:
    """The entry to start the next column with: before the nearest run of headings within
    ``room`` above ``at``, else ``at`` with the headings just before it."""
    j, tail = at, 0.0
    while j - 1 > start and tail + heights[j - 1] <= room:
        j -= 1
        tail += heights[j]
        if heading[j] and not heading[j - 1]:
            return j
    back = at
    while back - 1 > start and heading[back - 1]:
        back -= 1  # move the headings down with what they head
    return back
