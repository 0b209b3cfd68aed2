"""Terminal rendering with rich: trees, tables and problem lists. No computation here."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from qualindex.catalog import CatalogEntry
from qualindex.errors import Problem
from qualindex.hierarchy.model import IndexSystem, Node

__all__ = ["ARROWS", "catalog_table", "index_tree", "print_problems"]

ARROWS = {"higher": "↑", "lower": "↓", "target": "◎"}


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    """One line per problem, compiler style: ``file:line:col: error: path: message (fix)``."""
    for p in problems:
        loc = p.location()
        text = f"{p.path}: {p.message}" if p.path else p.message
        fix = f" [dim]({escape(p.fix)})[/dim]" if p.fix else ""
        prefix = escape(f"{loc}: ") if loc else ""
        line = f"{prefix}[bold red]error:[/bold red] {escape(text)}{fix}"
        console.print(line, highlight=False, soft_wrap=True)


def _leaf_label(node: Node, lang: str) -> str:
    ind = node.indicator
    assert ind is not None
    bits = [ARROWS.get(ind.direction, "")]
    if ind.unit:
        bits.append(ind.unit)
    if ind.scale:
        bits.append(f"scale {ind.scale.id}")
    if ind.threshold is not None and ind.target is not None:
        bits.append(f"{ind.threshold:g}→{ind.target:g}")
    elif ind.target is not None:
        bits.append(f"target {ind.target:g}")
    bits.append(ind.scoring.name)
    return f"[dim]{escape(' · '.join(b for b in bits if b))}[/dim]"


def _node_label(node: Node, lang: str) -> str:
    name = escape(node.name.get(lang))
    head = f"[bold]{name}[/bold] [cyan]{node.id}[/cyan]"
    if node.is_leaf:
        return f"{head}  {_leaf_label(node, lang)}"
    method = node.weighting.name if node.weighting else "equal"
    return f"{head}  [magenta]weights: {method}[/magenta]"


def index_tree(index: IndexSystem, *, lang: str = "zh", depth: int | None = None) -> Tree:
    """The hierarchy as a rich Tree, down to ``depth`` levels below the root."""
    title = f"[bold]{escape(index.name.get(lang))}[/bold] [cyan]{index.id}[/cyan] {index.version}"
    tree = Tree(title)
    stack: list[tuple[Node, Tree]] = [(c, tree) for c in reversed(index.children(index.id))]
    while stack:
        node, parent = stack.pop()
        branch = parent.add(_node_label(node, lang))
        if depth is None or node.level < depth:
            stack.extend((c, branch) for c in reversed(index.children(node.id)))
    return tree


def catalog_table(entries: Sequence[CatalogEntry], *, lang: str = "zh") -> Table:
    table = Table(title="qualindex catalogue")
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("name")
    table.add_column("levels", justify="right")
    table.add_column("indicators", justify="right")
    table.add_column("source", overflow="fold")
    for e in entries:
        if e.index is None:
            table.add_row(e.id, "[red]invalid[/red]", "", "", str(e.problems[0]))
            continue
        source = e.index.sources[0] if e.index.sources else ""
        table.add_row(
            e.id,
            e.index.name.get(lang),
            str(e.index.depth),
            str(len(e.index.leaves())),
            source + (f" (+{len(e.index.sources) - 1})" if len(e.index.sources) > 1 else ""),
        )
    return table
