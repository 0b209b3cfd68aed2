"""Terminal rendering with rich: trees, tables and problem lists. No computation here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from qualindex.core import shown_against
from qualindex.errors import Problem
from qualindex.texts import code, current_lang, display, in_lang, msg, render
from qualindex.weighting.diagnose import format_judgment

if TYPE_CHECKING:  # types only: `weights` must not import the evaluation layer to print
    from qualindex.catalog import CatalogEntry
    from qualindex.decision import Decision
    from qualindex.evaluate.results import Evaluation
    from qualindex.hierarchy.model import IndexSystem, Node
    from qualindex.uncertainty import Sensitivity
    from qualindex.weighting.review import MatrixCheck, RepairEdit
    from qualindex.weighting.tree import NodeWeights, TreeWeights

__all__ = [
    "ARROWS",
    "MAX_PRINTED",
    "advice_lines",
    "alternatives_consistency_table",
    "alternatives_table",
    "catalog_table",
    "consistency_table",
    "evaluation_table",
    "index_tree",
    "literal",
    "method_lines",
    "plain",
    "print_problems",
    "priority_lines",
    "rank_table",
    "reliability_line",
    "repair_lines",
    "sensitivity_lines",
    "weights_tree",
]

ARROWS = {"higher": "↑", "lower": "↓", "target": "◎"}


MAX_PRINTED = 50  # problems printed per file; the exception and the JSON output keep all

# C0/C1 control characters (tab and newline kept) and the bidirectional overrides, which
# would let a file name or a value move the cursor, recolour the terminal or reorder text
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: object) -> str:
    """``text`` made safe to embed in rich markup: printed exactly as written.

    Markup (``[red]``) is escaped and control characters (``\\x1b`` ...) are shown as
    ``\\x1b``; emoji codes (``:100:``) are left alone, so the console must be made with
    ``emoji=False`` (the CLI's are).  Use :func:`plain` where no markup is wanted at all.
    """
    return escape(_CONTROL.sub(_escape_control, str(text)))


def plain(text: object, style: str | None = None) -> Text:
    """``text`` as a rich :class:`~rich.text.Text`: never parsed for markup or emoji codes."""
    return Text(_CONTROL.sub(_escape_control, str(text)), style=style or "")


def print_problems(
    console: Console, problems: Sequence[Problem], *, limit: int = MAX_PRINTED
) -> None:
    """One line per problem, compiler style: ``file:line:col: error: path: message (fix)``.

    At most ``limit`` problems per file are printed, then one line with the number left
    out ("… and 99,950 more problems in this file").  Every part is printed literally,
    whatever the console's markup/emoji settings.
    """
    lang = current_lang()
    shown: dict[str | None, int] = {}
    for p in problems:
        count = shown.get(p.file, 0) + 1
        shown[p.file] = count
        if count > limit:
            continue
        loc = p.location()
        line = Text()
        if loc:
            line.append_text(plain(f"{loc}: "))
        line.append(render("cli.error_label", None, lang), style="bold red")
        message, fix = in_lang(p.message, lang), in_lang(p.fix, lang)
        # Chinese punctuation is full width: no space after 错误：, the fix in （）
        gap, (left, right) = ("", "（）") if lang == "zh" else (" ", "()")
        where = f"{p.path}{_colon(lang)}" if p.path else ""
        line.append_text(plain(f"{gap}{where}{message}"))
        if fix:
            line.append_text(plain(f"{gap}{left}{fix}{right}", style="dim"))
        console.print(line, highlight=False, soft_wrap=True, emoji=False, markup=False)
    for file, count in shown.items():
        if count > limit:
            line = plain(f"{file}: " if file else "")
            line.append(render("error.more_in_file", {"rest": count - limit}, lang), style="bold")
            console.print(line, highlight=False, soft_wrap=True, emoji=False, markup=False)


def _leaf_label(node: Node, lang: str) -> str:
    ind = node.indicator
    assert ind is not None
    bits = [ARROWS.get(ind.direction, "")]
    if ind.unit:
        bits.append(ind.unit)
    if ind.scale:
        bits.append(render("cli.show.scale", {"scale": ind.scale.id}, lang))
    if ind.threshold is not None and ind.target is not None:
        bits.append(f"{ind.threshold:g}→{ind.target:g}")
    elif ind.target is not None:
        bits.append(render("cli.show.target", {"target": ind.target}, lang))
    bits.append(code("scoring", ind.scoring.name).render(lang))
    return f"[dim]{literal(' · '.join(b for b in bits if b))}[/dim]"


def _node_label(node: Node, lang: str) -> str:
    name = literal(node.name.get(lang))
    head = f"[bold]{name}[/bold]" + (f" [cyan]{literal(node.id)}[/cyan]" if node.id != name else "")
    if node.is_leaf:
        return f"{head}  {_leaf_label(node, lang)}"
    method = node.weighting.name if node.weighting else "equal"
    said = render("cli.show.weights", {"method": code("weighting", method)}, lang)
    return f"{head}  [magenta]{said}[/magenta]"


def index_tree(index: IndexSystem, *, lang: str = "zh", depth: int | None = None) -> Tree:
    """The hierarchy as a rich Tree, down to ``depth`` levels below the root."""
    name, version = literal(index.name.get(lang)), literal(index.version)
    title = f"[bold]{name}[/bold] [cyan]{index.id}[/cyan] {version}"
    tree = Tree(title)
    stack: list[tuple[Node, Tree]] = [(c, tree) for c in reversed(index.children(index.id))]
    while stack:
        node, parent = stack.pop()
        branch = parent.add(_node_label(node, lang))
        if depth is None or node.level < depth:
            stack.extend((c, branch) for c in reversed(index.children(node.id)))
    return tree


def catalog_table(entries: Sequence[CatalogEntry], *, lang: str = "zh") -> Table:
    """Id, name, levels, indicators and the first source (shortened: see the file for all)."""
    table = Table(title=render("cli.catalog.title", None, lang))
    widest = max((len(e.id) for e in entries), default=2)
    table.add_column(render("cli.col.id", None, lang), style="cyan", no_wrap=True, min_width=widest)
    table.add_column(render("cli.col.name", None, lang))
    table.add_column(render("cli.col.levels", None, lang), justify="right")
    table.add_column(render("cli.col.indicators", None, lang), justify="right")
    table.add_column(render("cli.col.source", None, lang))
    for e in entries:
        if e.index is None:
            invalid = render("cli.invalid", None, lang)
            table.add_row(
                literal(e.id), f"[red]{invalid}[/red]", "", "", literal(str(e.problems[0]))
            )
            continue
        sources = e.index.sources
        first = sources[0] if sources else ""
        first = first if len(first) <= 32 else first[:31] + "…"
        more = f" (+{len(sources) - 1})" if len(sources) > 1 else ""
        table.add_row(
            literal(e.id),
            literal(e.index.name.get(lang)),
            str(e.index.depth),
            str(len(e.index.leaves())),
            literal(first + more),
        )
    return table


def _cr_text(cr: float | None, limit: float | None) -> str:
    if cr is None or limit is None:
        return ""
    colour = "green" if cr <= limit else "red"
    return f" [{colour}]CR {cr:.3f}{' ≤ ' if cr <= limit else ' > '}{limit:.2f}[/{colour}]"


def _method_text(res: NodeWeights) -> str:
    """The method, and for objective weights what they were computed from (and whether
    that was the default nobody chose)."""
    from qualindex.weighting.serialize import objective_source

    source = objective_source(res)
    method = code("weighting", res.method).render(current_lang())
    if source is None:
        return f"[magenta]{method}[/magenta]"
    data, default = source
    text = msg("cli.from_scores" if data == "scores" else "cli.from_raw")
    return (
        f"[magenta]{method}[/magenta] [dim]{text}{msg('cli.by_default') if default else ''}[/dim]"
    )


def weights_tree(index: IndexSystem, tw: TreeWeights, *, lang: str = "zh") -> Tree:
    """The hierarchy with local and global weights, method and CR per aggregate."""

    from qualindex.weighting.serialize import dematel_factors

    factors = {
        f["id"]: f for res in tw.nodes.values() for f in dematel_factors(res)
    }  # children of DEMATEL nodes: D + R and D - R beside their weights

    def label(node: Node) -> str:
        label = node.name.get(lang)
        head = f"[bold]{literal(label)}[/bold]" + (
            f" [cyan]{literal(node.id)}[/cyan]" if node.id != label else ""
        )
        weights = render(
            "cli.weights",
            {"local": tw.local[node.id], "global_": tw.global_weights[node.id]},
            lang,
        )
        f = factors.get(node.id)
        if f is not None:
            weights += f"  D+R {f['prominence']:.3f}  D−R {f['relation']:+.3f} {f['role']}"
        res = tw.nodes.get(node.id)
        extra = f"  {_method_text(res)}{_cr_text(res.cr, res.cr_limit)}" if res else ""
        return f"{head}  [dim]{weights}[/dim]{extra}"

    root = tw.nodes[index.id]
    tree = Tree(
        f"[bold]{literal(index.name.get(lang))}[/bold] [cyan]{index.id}[/cyan]  "
        f"{_method_text(root)}{_cr_text(root.cr, root.cr_limit)}"
    )
    stack: list[tuple[Node, Tree]] = [(c, tree) for c in reversed(index.children(index.id))]
    while stack:
        node, parent = stack.pop()
        branch = parent.add(label(node))
        stack.extend((c, branch) for c in reversed(index.children(node.id)))
    return tree


def _expert_cell(c: MatrixCheck) -> str:
    """The expert column: the id and name, or the group's word for the aggregated matrix."""
    if c.status == "group":
        return literal(msg("cli.expert.group"))
    return literal(f"{c.expert} {c.name}" if c.name else c.expert)


def consistency_table(checks: Sequence[MatrixCheck]) -> Table:
    """Every expert at every AHP node (complete, completed, absent) and the group matrix.

    Grouped by node (its id on the first row only) so it fits an 80-column terminal; the RI
    table goes into the caption when every matrix uses the same one.
    """
    ri_tables = {c.ri_table for c in checks if c.status != "absent"}
    one_ri = len(ri_tables) == 1
    zh = current_lang() == "zh"

    def ri_name(name: str) -> str:
        return literal(display("ri_table", name) if zh else name)

    ri_head = msg("cli.col.ri_table")
    table = Table(
        title=msg("cli.consistency.title"),
        caption=f"{ri_head}{_colon()}{ri_name(next(iter(ri_tables)))}" if one_ri else None,
    )
    node_h, limit_h = msg("cli.col.node"), msg("cli.col.limit")
    cols: tuple[str, ...] = (node_h, msg("cli.col.expert"), msg("cli.col.matrix"), "n", "λmax")
    cols += ("CI", "CR", limit_h, ri_head)
    for col in cols[:-1] if one_ri else cols:
        table.add_column(
            col,
            justify="right" if col in ("n", "λmax", "CI", "CR") else "left",
            no_wrap=col in (node_h, "n", "λmax", "CI", "CR", limit_h),
        )
    for i, c in enumerate(checks):
        node = literal(c.node) if i == 0 or checks[i - 1].node != c.node else ""
        last = i + 1 == len(checks) or checks[i + 1].node != c.node
        if c.status == "absent":
            dashes = ["–"] * (4 if one_ri else 5)
            absent = msg("cli.matrix.absent")
            table.add_row(node, literal(c.expert), absent, str(c.n), *dashes, end_section=last)
            continue
        colour = "green" if c.passed else "red"
        kind = {  # short words: the table must fit 80 columns
            "complete": msg("cli.matrix.complete"),
            "completed": msg("cli.matrix.completed", how=code("incomplete", str(c.completion))),
            "group": msg("cli.matrix.group", n=c.experts),
        }
        table.add_row(
            node,
            _expert_cell(c),
            kind.get(c.status, c.status),
            str(c.n),
            f"{c.lambda_max:.4f}",
            f"{c.ci:.4f}",
            f"[{colour}]{shown_against(c.cr, c.cr_limit, digits=4)}[/{colour}]",
            f"{c.cr_limit:g}",
            *(() if one_ri else (ri_name(c.ri_table),)),
            end_section=last,
        )
    return table


def _colon(lang: str | None = None) -> str:
    """``": "`` in English; in Chinese the full-width colon, which needs no space after it."""
    return "：" if (lang or current_lang()) == "zh" else ": "


def _semicolon(lang: str | None = None) -> str:
    """``"; "`` between the items of a line in English, the full-width ``；`` in Chinese."""
    return "；" if (lang or current_lang()) == "zh" else "; "


def advice_lines(checks: Sequence[MatrixCheck]) -> list[str]:
    """For every matrix over its limit: the judgments to revisit first, located, in the
    file's own notation; an intransitive cycle is named as such; absent experts said."""
    lines = []
    gap = "" if current_lang() == "zh" else " "  # （改后 CR 为 …） brings its own space
    for c in checks:
        if c.status == "absent":
            lines.append(f"[dim]{literal(c.node)}{_colon()}{literal(c.reason)}[/dim]")
            continue
        if c.filled:
            pairs = ", ".join(f"{a} vs {b} = {format_judgment(v)}" for a, b, v in c.filled)
            how = code("incomplete", str(c.completion))
            filled = msg("cli.filled_by", node=c.node, expert=c.expert, how=how, pairs=pairs)
            lines.append(literal(filled))
        if c.passed:
            continue
        who = msg("cli.group_aij") if c.status == "group" else c.expert
        left, right = ("（", "）") if current_lang() == "zh" else (" (", ")")
        lines.append(
            f"[bold]{literal(c.node)}[/bold]{left}{literal(who)}{right}{_colon()}{c.cr_text}"
        )
        if c.ordinal:  # the kernel's sentence names its keyword: the reader types the option
            lines.append(f"  {literal(msg('cli.ordinal_cycle', cycles='; '.join(c.cycles)))}")
        for a in c.advice:
            at = f"  [dim]{literal(str(a.loc))}[/dim]" if a.loc else ""
            lines.append(
                f"  {literal(a.a)} vs {literal(a.b)}{_colon()}{literal(a.current_text)} → "
                f"{literal(a.suggested_text)}{gap}{msg('cli.cr_would_be', cr=a.cr_after)}{at}"
            )
    return lines


def repair_lines(edits: Sequence[RepairEdit]) -> list[str]:
    """One line per changed judgment: pair, old -> new, CR before -> after, where."""
    if not edits:
        return [msg("cli.no_repair")]
    return [
        f"[bold]{e.node}[/bold] ({e.expert}): {e.a} vs {e.b} "
        f"{format_judgment(e.old)} → {format_judgment(e.new)}, "
        f"CR {e.cr_before:.4f} → {e.cr_after:.4f}"
        + (f"  [dim]{literal(str(e.loc))}[/dim]" if e.loc else "")
        for e in edits
    ]


def _fmt(x: float, spec: str = ".1f") -> str:
    return "–" if x != x else format(x, spec)  # NaN -> dash


def evaluation_table(ev: Evaluation, *, lang: str = "zh") -> Table:
    """Per entity and period: composite, grade, rank, change since last period, short board."""
    from qualindex.evaluate.results import gaps_after, rows_by_period_and_rank

    index = ev.index
    name = literal(index.name.get(lang))
    shown = ev.shown
    title = (
        render("cli.eval.title", {"name": name, "n": len(ev.data)}, lang)
        if shown is None
        else render(
            "cli.eval.title_listed",
            {"name": name, "n": f"{len(ev.data):,}", "total": f"{shown.total:,}"},
            lang,
        )
    )
    table = Table(title=title, title_justify="left")
    has_period = any(ev.data.periods)
    change = ev.change.get(index.id)
    filled = ev.scores.filled_rows()
    # a row scored from part of the weight (blank indicators left out, the rest reweighted)
    # gets its coverage shown: its number would change if the blanks were filled
    coverage = ev.scores.basis_of(index.id)
    partial = [c < 1.0 and c == c and not f for c, f in zip(coverage, filled, strict=True)]

    def word(key: str) -> str:
        return render(f"cli.col.{key}", None, lang)

    right = {word("score"), word("weight_used"), word("rank"), "Δ"}
    for col in [
        word("entity"),
        *([word("period")] if has_period else []),
        *ev.data.groups,
        word("score"),
        *([word("weight_used")] if any(partial) else []),
        word("grade"),
        word("rank"),
        "Δ",
        word("short_board"),
    ]:
        table.add_column(literal(col), justify="right" if col in right else "left")
    captions = []
    if any(filled):
        captions.append(render("cli.eval.filled_caption", None, lang))
    if any(partial):
        captions.append(render("cli.eval.partial_caption", None, lang))
    if shown is not None and any(shown.omitted.values()):
        captions.append(render("cli.eval.gap_caption", None, lang))
    table.caption = "\n".join(captions) or None
    width = len(table.columns)
    # trimmed: by period and rank, the best and the worst rows as the two ends of one
    # ranking, a "⋮ k" row between them
    order = list(range(len(ev.data))) if shown is None else rows_by_period_and_rank(ev)
    gaps = gaps_after(ev, order)
    for i, r in enumerate(order):
        grade = ev.grades[r]
        board = ev.short_board[r]
        cells = [
            ev.data.label(r),
            *([ev.data.periods[r]] if has_period else []),
            *(v[r] for v in ev.data.groups.values()),
            _fmt(ev.composite[r]) + ("*" if filled[r] else ""),
            *([f"{coverage[r]:.0%}" if partial[r] else ""] if any(partial) else []),
            grade.label.get(lang) if grade else "–",
            str(ev.rank[r] or "–"),
            _fmt(change[r], "+.1f") if change is not None else "",
            index.nodes[board].name.get(lang) if board else "",
        ]
        table.add_row(*(literal(str(c)) for c in cells))
        if i in gaps:
            gap = [f"⋮ {gaps[i]:,}", *([ev.data.periods[r]] if has_period else [])]
            table.add_row(*(literal(c) for c in gap), *("",) * (width - len(gap)))
    return table


def priority_lines(ev: Evaluation, *, lang: str = "zh", top: int = 3) -> list[str]:
    """The latest period's improvement priorities per entity: the IPA's "concentrate here"
    quadrant first, then the rest, each by shortfall (largest first)."""
    latest = ev.period_order()[-1] if ev.data.periods else ""  # time order, not text order
    period = latest or render("cli.all_rows", None, lang)
    lines = [f"[bold]{render('cli.improve_first', {'period': literal(period)}, lang)}[/bold]"]
    for r in range(len(ev.data)):
        if ev.data.periods[r] != latest or not ev.priorities[r]:
            continue
        items = _semicolon(lang).join(
            f"{'*' if p.quadrant == 'concentrate_here' else ''}"
            f"{literal(ev.index.nodes[p.indicator].name.get(lang))} {p.score:.0f} "
            f"[dim](−{p.shortfall:.2f})[/dim]"
            for p in ev.priorities[r][:top]
        )
        lines.append(f"  {literal(ev.data.label(r))}{_colon(lang)}{items}")
    return lines


def method_lines(ev: Evaluation, *, lang: str = "zh", top: int = 3) -> list[str]:
    """The latest period's results of each ``evaluate.methods`` entry, one line per entity:
    value and rank of every entity-comparing method (grade in brackets), and the ``top``
    indicators by obstacle degree (障碍度)."""
    if not ev.methods:
        return []
    latest = ev.period_order()[-1] if ev.data.periods else ""
    rows = [r for r in range(len(ev.data)) if ev.data.periods[r] == latest]
    period = latest or render("cli.all_rows", None, lang)
    lines = [f"[bold]{render('cli.other_methods', {'period': literal(period)}, lang)}[/bold]"]
    zh = lang == "zh"
    for m in ev.compared:
        name = render(f"cli.method.{m.method}", None, lang)
        parts = []
        for r in sorted(rows, key=lambda r: (m.rank[r] == 0, m.rank[r])):
            if m.rank[r] == 0:
                continue
            k = int(m.grade[r])
            grade = f" [dim]({literal(m.levels[k - 1][0 if zh else 1])})[/dim]" if k else ""
            parts.append(f"{literal(ev.data.label(r))} {m.values[r]:.4f} #{m.rank[r]}{grade}")
        lines.append(
            f"  {literal(m.key)} · {literal(name)}{_colon(lang)}"
            + (_semicolon(lang).join(parts) or "–")
        )
    ob = ev.obstacle
    if ob is not None:
        lines.append(f"  {render('cli.method.obstacle', None, lang)}{_colon(lang).rstrip()}")
        for r in rows:
            items = _semicolon(lang).join(
                f"{literal(ev.index.nodes[leaf].name.get(lang))} {100 * d:.1f}%"
                for leaf, d in ob.top(r)[:top]
            )
            lines.append(f"    {literal(ev.data.label(r))}{_colon(lang)}{items or '–'}")
    return lines


def reliability_line(ev: Evaluation, *, lang: str = "zh") -> str | None:
    """Cronbach's alpha per dimension, flagged below the usual 0.7."""
    if ev.survey is None or not ev.survey.reliability:
        return None
    parts = []
    for r in ev.survey.reliability:
        name = literal(ev.index.nodes[r.node].name.get(lang))
        if r.alpha != r.alpha:  # NaN: too few complete answer sheets
            parts.append(f"{name} – {render('cli.alpha_too_few', None, lang)}")
            continue
        colour = "green" if r.alpha >= 0.7 else "yellow"
        parts.append(f"{name} [{colour}]{r.alpha:.2f}[/{colour}] ({len(r.items)})")
    return f"[bold]{render('cli.alpha', None, lang)}[/bold] " + "; ".join(parts)


def sensitivity_lines(s: Sensitivity) -> list[str]:
    """The closest switch points, the stable interval of each weight, and rank intervals."""
    period = literal(s.period or msg("cli.all_rows"))
    lines = [f"[bold]{msg('cli.sens.head', period=period, n=len(s.entities))}[/bold]"]
    lines += [f"[dim]{literal(n)}[/dim]" for n in s.notes]
    if s.switches:
        lines.append(msg("cli.sens.switches"))
        for w in s.switches[:8]:
            said = msg(
                "cli.sens.switch",
                child=w["child"],
                node=w["node"],
                current=w["current"],
                weight=w["weight"],
                first=w["first"],
                second=w["second"],
                leader=w["leader_above"],
            )
            lines.append(literal(said))
    mc = s.monte_carlo
    if mc:
        o = mc["options"]
        sources = ", ".join(
            code("sensitivity_source", k).render(current_lang()) for k in o["sources"]
        )
        lines.append(
            msg(
                # σ is the judgments' perturbation: named only when judgments were drawn
                "cli.sens.intervals" if "judgments" in o["sources"] else "cli.sens.intervals_fixed",
                draws=o["draws"],
                sources=sources,
                sigma=o["sigma"],
                seed=o["seed"],
            )
        )
        per = {k: {e["id"]: e for e in v} for k, v in s.intervals.items() if k != "all"}
        for e in sorted(mc["entities"], key=lambda e: e["base_rank"]):
            each = "".join(
                msg(
                    "cli.sens.each",
                    source=display("interval_source", k),
                    q05=v[e["id"]]["q05"],
                    q95=v[e["id"]]["q95"],
                )
                for k, v in per.items()
            )
            said = msg(
                "cli.sens.entity",
                id=e["id"],
                rank=e["base_rank"],
                median=e["median"],
                q05=e["q05"],
                q95=e["q95"],
                first=e["first"],
                each=each if len(per) > 1 else "",
            )
            lines.append(literal(said))
        cells = [c for c in mc.get("judgments", ()) if c["explained"] > 0][:3]
        if cells:
            lines.append(msg("cli.sens.judgments"))
            lines += [
                literal(
                    msg(
                        "cli.sens.judgment",
                        node=c["node"],
                        expert=c["expert"],
                        a=c["a"],
                        b=c["b"],
                        share=c["explained"],
                    )
                )
                for c in cells
            ]
    if s.sobol:
        lines.append(msg("cli.sens.sobol", runs=s.sobol["n_runs"]))
        for e in s.sobol["entities"]:
            big = sorted(e["total"], key=lambda g: -e["total"][g])[:3]
            parts = [f"{literal(g)} {e['first'][g]:.2f} / {e['total'][g]:.2f}" for g in big]
            lines.append(f"  {literal(e['id'])}{_colon()}" + _semicolon().join(parts))
    return lines


# --- decision models (qualindex rank; weights/consistency with alternatives) --------------
def rank_table(d: Decision, *, lang: str = "zh") -> Table:
    """Alternatives by rank: global priority, score, and the contribution of each leaf."""
    s = d.synthesis
    mode = msg(f"rank.mode.{d.mode}")
    table = Table(title=literal(msg("rank.title", name=d.index.name.get(lang), mode=mode)))
    table.add_column(msg("rank.col.rank"), justify="right")
    table.add_column(msg("rank.col.alternative"))
    table.add_column(msg("rank.col.priority"), justify="right")
    if d.mode == "ideal":
        table.add_column(msg("rank.col.score"), justify="right")
    wide = len(d.criteria) > 4  # then only the largest contribution: the table stays legible
    names = [d.index.nodes[c.criterion].name.get(lang) for c in d.criteria]
    if wide:
        table.add_column(msg("rank.col.largest"))
    for name in [] if wide else names:
        table.add_column(literal(name), justify="right")
    for i in np.argsort(s.ranks, kind="stable"):
        a = d.alternatives[i]
        name = a.name.get(lang)
        cells = [str(int(s.ranks[i])), literal(name if name == a.id else f"{name} ({a.id})")]
        cells.append(f"{s.priorities[i]:.4f}")
        if d.mode == "ideal":
            cells.append(f"{s.score[i]:.4f}")
        if wide:
            k = int(np.argmax(s.contributions[:, i]))
            cells.append(f"{literal(names[k])} {s.contributions[k, i]:.4f}")
        else:
            cells += [f"{s.contributions[k, i]:.4f}" for k in range(len(d.criteria))]
        table.add_row(*cells)
    return table


def _criterion_cell(d: Decision, criterion: str, lang: str) -> str:
    """A criterion by its name in ``lang``, its id after it (as ``weights`` prints a node)."""
    name = d.index.nodes[criterion].name.get(lang)
    return literal(name) + (f" [cyan]{literal(criterion)}[/cyan]" if name != criterion else "")


def alternatives_table(d: Decision, *, lang: str = "zh") -> Table:
    """Local priorities of the alternatives under each leaf criterion, with CR."""
    methods = sorted({c.method for c in d.criteria})
    shown = ", ".join(display("assess", m, lang) for m in methods)
    table = Table(title=literal(msg("rank.local.title", methods=shown)))
    table.add_column(msg("rank.col.criterion"))
    table.add_column(msg("rank.col.weight"), justify="right")
    if len(methods) > 1:
        table.add_column(msg("rank.col.assessed"))
    for a in d.alternatives:
        table.add_column(literal(a.id), justify="right")
    table.add_column("CR", justify="right")
    for c, used in zip(d.criteria, d.synthesis.used, strict=True):
        cr = "" if c.cr is None else f"{c.cr:.3f}"
        if c.cr is not None and c.cr_limit is not None and c.cr > c.cr_limit:
            cr = f"[red]{cr}[/red]"
        cells = [_criterion_cell(d, c.criterion, lang), f"{c.weight:.3f}"]
        cells += [display("assess", c.method, lang)] if len(methods) > 1 else []
        # as the mode composes them: a ratings row (ideal, best = 1) sums to 1 when distributive
        table.add_row(*cells, *[f"{x:.3f}" for x in used], cr)
    return table


def _ri_table_name(name: str | None) -> str:
    """An RI table by its name in Chinese, by the code the YAML writes in English."""
    if not name:
        return ""
    return display("ri_table", name) if current_lang() == "zh" else name


def alternatives_consistency_table(d: Decision) -> Table:
    """CR per criterion and expert for the pairwise comparisons of alternatives.

    Grouped by criterion (its name and id on the first row only), as the consistency table
    of the criteria is grouped by node."""
    table = Table(title=literal(msg("rank.consistency.title")))
    cols = ("rank.col.criterion", "cli.col.expert", "cli.col.matrix", "", "cli.col.limit")
    for col in (*cols, "cli.col.ri_table"):
        head = msg(col) if col else "CR"
        table.add_column(head, justify="right" if head == "CR" else "left")
    lang = current_lang()
    for c in d.criteria:
        rows: list[tuple[str, ...]] = []
        if c.cr is not None and c.method == "ratings":
            rows.append((msg("rank.intensities"), msg("rank.ratings_scale"), f"{c.cr:.4f}"))
        for x in c.experts:
            if x.cr is None:
                rows.append((literal(x.expert), msg("rank.priorities_given"), "–"))
                continue
            colour = "green" if x.passed else "red"
            kind = msg("rank.completed", n=x.filled) if x.filled else msg("rank.complete")
            limit = c.cr_limit if c.cr_limit is not None else float("nan")
            rows.append(
                (
                    literal(x.expert),
                    kind + ("" if x.used else msg("rank.excluded")),
                    f"[{colour}]{shown_against(x.cr, limit, digits=4)}[/{colour}]",
                    f"{limit:g}",
                    literal(_ri_table_name(c.ri_table)),
                )
            )
        if len(c.experts) > 1 and c.cr is not None and c.method == "pairwise":
            rows.append((msg("cli.expert.group"), "AIJ", f"{c.cr:.4f}", "", ""))
        for k, row in enumerate(rows):
            first = _criterion_cell(d, c.criterion, lang) if k == 0 else ""
            table.add_row(first, *row, end_section=k + 1 == len(rows))
    return table
