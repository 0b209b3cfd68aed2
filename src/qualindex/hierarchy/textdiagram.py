"""Hierarchy diagrams as text: Mermaid flowcharts and Graphviz DOT, plus the label pieces.

The label helpers (:func:`wrap_label`, :func:`weight_text`, :func:`cr_text`,
:func:`leaf_mark`) are shared with :mod:`qualindex.hierarchy.draw`, so the SVG/PNG
figure, the Mermaid chart and the DOT graph say the same thing in the same words.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from qualindex.choices import ShowWeights
from qualindex.core import limit_text, shown_against, text_cells
from qualindex.errors import InputError
from qualindex.hierarchy.layout import ORIENTS, Orient, auto_orient
from qualindex.hierarchy.model import IndexSystem, Node, did_you_mean
from qualindex.texts import display, msg

__all__ = [
    "ALTERNATIVES_TITLE",
    "DIRECTION_MARKS",
    "SHOW_WEIGHTS",
    "ShowWeights",
    "break_points",
    "check_node_values",
    "cr_text",
    "leaf_mark",
    "node_weights",
    "to_dot",
    "to_mermaid",
    "weight_text",
    "wrap_label",
]

SHOW_WEIGHTS: tuple[ShowWeights, ...] = ("local", "global", "both")

#: higher is better, lower is better, closer to the target is better
DIRECTION_MARKS = {"higher": "↑", "lower": "↓", "target": "◎"}

# Latin words and numbers stay whole, runs of Chinese characters are cut into words
# (:func:`_cjk_words`), every other character is its own token.
_TOKENS = re.compile(
    r"[0-9A-Za-z%.,:;!?'\"()\[\]/+\-_&°]+|\s+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|."
)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Closing punctuation never starts a line (a light version of Chinese line-breaking rules).
_NO_LINE_START = set("，。、；：！？）》」』】〉…,.;:!?)]%")
_NO_LINE_END = set("（《「『【〈([")
_MERMAID_ESCAPES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_MERMAID_CLASSES = (
    "classDef root fill:#d6e4f0,stroke:#41658a,stroke-width:1.5px",
    "classDef aggregate fill:#eaf1f8,stroke:#41658a",
    "classDef leaf fill:#ffffff,stroke:#41658a",
)


def wrap_label(text: str, width: int) -> list[str]:
    """Break ``text`` into balanced lines of at most ``width`` cells (Chinese: 2 cells each).

    Chinese text breaks between words (``预约挂号/便捷满意度``, never ``便/捷``; the words
    come from jieba's dictionary and HMM), and inside a word only when the word alone is
    wider than a line, then at character boundaries; Latin text breaks only at spaces, and a
    word longer than ``width`` keeps a line to itself.  Closing punctuation stays on the
    line before it and opening brackets move to the line after.  Lines are balanced: 15
    characters in two lines become 8 + 7, not 12 + 3.
    """
    return list(_wrapped(text, width))


@functools.lru_cache(maxsize=8192)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """:func:`wrap_label`, kept: a 1,000-leaf diagram wraps few distinct names many times."""
    lines = _greedy_wrap(text, width)
    if len(lines) == 1:
        return tuple(lines)
    # n lines narrower than this cannot hold the text (a break drops at most one space)
    least = (_cells(" ".join(text.split())) - len(lines)) // len(lines)
    for narrower in range(max(1, least), width):
        trial = _greedy_wrap(text, narrower)
        if len(trial) == len(lines):
            return tuple(trial)
    return tuple(lines)


@functools.lru_cache(maxsize=8192)
def break_points(text: str) -> tuple[tuple[str, str], ...]:
    """Where ``text`` may be broken across two lines, as (first line, rest) pairs, the first
    line growing: at the spaces between Latin words and between Chinese words (jieba), never
    before closing or after opening punctuation (the rules of :func:`wrap_label`)."""
    tokens = _tokens(" ".join(text.split()), 10**6)
    out = []
    for i in range(1, len(tokens)):
        before, after = tokens[i - 1], tokens[i]
        if before.isspace():
            continue  # broken where the space starts
        cjk = _CJK_RUN.match(before[-1]) or _CJK_RUN.match(after[0])
        if not (after.isspace() or cjk):
            continue  # two Latin words without a space between them stay together
        head, tail = "".join(tokens[:i]).rstrip(), "".join(tokens[i:]).lstrip()
        if head and tail and tail[0] not in _NO_LINE_START and head[-1] not in _NO_LINE_END:
            out.append((head, tail))
    return tuple(out)


def _greedy_wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split()), width):
        if token.isspace():  # spaces never force a break; they go when the line is cut
            line += token if line else ""
        elif not line or _cells(line + token) <= width or token[0] in _NO_LINE_START:
            line += token
        else:
            head = line.rstrip()
            keep = len(head)  # every opening bracket at the end moves on with the next token
            while keep > 1 and head[keep - 1] in _NO_LINE_END:
                keep -= 1
            carry = head[keep:]
            lines.append(head[:keep].rstrip())
            line = carry + token
    if line.strip():
        lines.append(line.strip())
    return lines or [""]


def _tokens(text: str, width: int) -> list[str]:
    """Unbreakable pieces: Latin words, spaces, Chinese words (split into characters only
    when one word is wider than ``width``) and single other characters."""
    out: list[str] = []
    for token in _TOKENS.findall(text):
        if not _CJK_RUN.fullmatch(token):
            out.append(token)
            continue
        words = list(_cjk_words(token))
        glued = out[-1] + words[0] if out else ""
        if glued[:1] and out[-1][-1].isdigit() and len(words[0]) <= 2 and _cells(glued) <= width:
            out[-1] += words.pop(0)  # a number keeps its measure word: 30天, 24小时
        for word in words:
            out.extend(word if _cells(word) > width else (word,))
    return out


@functools.lru_cache(maxsize=4096)
def _cjk_words(run: str) -> tuple[str, ...]:
    """A run of Chinese characters cut into words (jieba: dictionary + HMM for new words).

    Without the cut a label breaks wherever the line is full, ``预约挂号便/捷满意度``; the
    dictionary knows 便捷 and 满意度 are words.  Single characters when jieba is missing.
    """
    if len(run) <= 1:
        return (run,)
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency
        return tuple(run)
    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." on stderr
    return tuple(jieba.lcut(run, HMM=True))


def weight_text(local: float, global_: float, show: ShowWeights, *, digits: int = 3) -> str:
    """``w=0.250`` (local), ``W=0.062`` (global) or both."""
    parts = {"local": f"w={local:.{digits}f}", "global": f"W={global_:.{digits}f}"}
    return "  ".join(v for k, v in parts.items() if show in (k, "both"))


def cr_text(
    cr: float, limit: float, failing: Sequence[str] = (), experts: int = 0
) -> tuple[str, bool]:
    """``("CR 0.034 ≤ 0.1", True)``: the text and whether the node's judgments are fine.

    With the experts whose own CR is over the limit (``failing``, of ``experts``), the text
    says so (``… · 1/3 experts over: liu``) and the node is not fine even if the group is:
    a green group must never hide a failing expert.  CRs are printed at a precision that
    keeps the comparison true (``0.0801 > 0.08``).
    """
    ok = cr <= limit and not failing
    text = f"CR {shown_against(cr, limit)} {'≤' if cr <= limit else '>'} {limit_text(limit)}"
    if failing:
        text += " · " + msg(
            "diagram.experts_over", n=len(failing), of=experts, experts=", ".join(failing)
        )
    return text, ok


def node_weights(
    node: Node, weights: Mapping[str, tuple[float, float]] | None
) -> tuple[float, float] | None:
    """The (local, global) weights to show for ``node``; never the root's (1 by definition)."""
    if not weights or node.parent is None:
        return None
    return weights.get(node.id)


def leaf_mark(node: Node, lang: str | None = None) -> str:
    """The direction arrow and unit of a leaf (``↓ 件/万户``); empty for aggregates.

    A decision model's leaf criterion shows how its alternatives are assessed, by the name
    of the method in ``lang`` (default: the current language): 测量值, 评级, 两两比较.
    """
    if node.indicator is None:
        return ""
    if node.assess is not None:
        how = display("assess", node.assess.method, lang)
        if node.assess.method == "measured":
            how += " " + DIRECTION_MARKS.get(node.assess.direction, "")
        return f"{how} {node.indicator.unit}" if node.indicator.unit else how
    mark = DIRECTION_MARKS.get(node.indicator.direction, "")
    return f"{mark} {node.indicator.unit}" if node.indicator.unit else mark


def check_node_values(
    index: IndexSystem, values: Mapping[str, object] | None, what: str, *, leaves: bool = True
) -> None:
    """Raise :class:`InputError` for ``values`` keyed by unknown nodes (or by leaves)."""
    for node_id in values or {}:
        if node_id not in index.nodes:
            hint = did_you_mean(node_id, index.nodes)
            raise InputError(
                f"{what}: no node {node_id!r} in index {index.id!r}"
                + (f" ({hint})" if hint else "")
            )
        if not leaves and index.nodes[node_id].is_leaf:
            raise InputError(
                f"{what}: {node_id!r} is an indicator; a CR belongs to the aggregate node "
                "whose children its matrix compares"
            )


def check_show_weights(show: str) -> None:
    if show not in SHOW_WEIGHTS:
        raise InputError(f"show_weights={show!r} is not one of {', '.join(SHOW_WEIGHTS)}")


def to_mermaid(
    index: IndexSystem,
    *,
    lang: str = "zh",
    weights: Mapping[str, tuple[float, float]] | None = None,
    show_weights: ShowWeights = "both",
    orient: Orient | None = None,
    wrap_width: int = 16,
) -> str:
    """A Mermaid ``flowchart`` of the hierarchy; labels read ``name<br/>id (w=0.123)``.

    Node ids are ``n_`` plus the node id with other characters than letters, digits and
    ``_`` replaced (so no id can be a Mermaid keyword); every label is quoted and
    ``" # < > & ``` are written as Mermaid entity codes.
    """
    check_node_values(index, weights, "weights")
    check_show_weights(show_weights)
    keys = _mermaid_ids(index)
    lines = [f"flowchart {_rankdir(index, orient)}"]
    lines.append(f"    %% {index.id} {index.version}: generated by qualindex")
    for node in index.walk():
        parts = [
            "<br/>".join(_mermaid_escape(s) for s in wrap_label(node.name.get(lang), wrap_width))
        ]
        detail = node.id
        if (pair := node_weights(node, weights)) is not None:
            detail += f" ({weight_text(*pair, show_weights)})"
        parts.append(_mermaid_escape(detail))
        if node.is_leaf:
            parts.append(_mermaid_escape(leaf_mark(node, lang)))
        lines.append(f'    {keys[node.id]}["{"<br/>".join(parts)}"]')
    for node in index.walk():
        lines.extend(f"    {keys[node.id]} --> {keys[c]}" for c in node.children)
    lines += _mermaid_alternatives(index, lang, wrap_width)
    lines.extend(f"    {c}" for c in _MERMAID_CLASSES)
    for cls in ("root", "aggregate", "leaf"):
        members = [keys[n.id] for n in index.walk() if _kind(index, n) == cls]
        lines.append(f"    class {','.join(members)} {cls}")
    return "\n".join(lines) + "\n"


def to_dot(
    index: IndexSystem,
    *,
    lang: str = "zh",
    weights: Mapping[str, tuple[float, float]] | None = None,
    consistency: Mapping[str, tuple[Any, ...]] | None = None,
    show_weights: ShowWeights = "both",
    orient: Orient | None = None,
    wrap_width: int = 16,
    fontname: str = "Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif",
) -> str:
    """A Graphviz ``digraph`` with table labels (name, id, weights, CR or direction/unit).

    ``fontname`` is a fontconfig/CSS family list so Chinese renders with ``dot -Tsvg`` and
    in browsers; CR is green when within its limit and red otherwise.
    """
    check_node_values(index, weights, "weights")
    check_node_values(index, consistency, "consistency", leaves=False)
    check_show_weights(show_weights)
    font = _dot_quote(fontname)
    lines = [
        f"digraph {_dot_quote(index.id)} {{",
        f"    rankdir={_rankdir(index, orient)};",
        f'    node [shape=box, style="rounded,filled", color="#41658a", fontname={font}];',
        '    edge [color="#7a8fa6", arrowhead=none];',
    ]
    for node in index.walk():
        label = _dot_label(node, lang, weights, consistency, show_weights, wrap_width)
        fill = {"root": "#d6e4f0", "aggregate": "#eaf1f8"}.get(_kind(index, node), "#ffffff")
        lines.append(f'    {_dot_quote(node.id)} [label=<{label}>, fillcolor="{fill}"];')
    for node in index.walk():
        lines.extend(f"    {_dot_quote(node.id)} -> {_dot_quote(c)};" for c in node.children)
    lines += _dot_alternatives(index, lang, wrap_width)
    return "\n".join([*lines, "}"]) + "\n"


# A decision model's alternatives: one bottom row that every leaf criterion joins (one edge
# per leaf into the row, however many alternatives: compact for many criteria).
ALTERNATIVES_TITLE = {"zh": "方案层", "en": "Alternatives"}


def _mermaid_alternatives(index: IndexSystem, lang: str, wrap_width: int) -> list[str]:
    if not index.alternatives:
        return []
    keys = _mermaid_ids(index)
    lines = [f'    subgraph alternatives["{_mermaid_escape(ALTERNATIVES_TITLE[lang])}"]']
    lines.append("        direction LR")
    for i, alt in enumerate(index.alternatives):
        name = alt.name.get(lang)
        text = "<br/>".join(_mermaid_escape(s) for s in wrap_label(name, wrap_width))
        shown = text if name == alt.id else f"{text}<br/>{_mermaid_escape(alt.id)}"
        lines.append(f'        a_{i}["{shown}"]')
    lines.append("    end")
    lines += [f"    {keys[leaf.id]} --> alternatives" for leaf in index.leaves()]
    lines.append("    classDef alternative fill:#fdf6e3,stroke:#a07d2c")
    lines.append(
        f"    class {','.join(f'a_{i}' for i in range(len(index.alternatives)))} alternative"
    )
    return lines


def _dot_alternatives(index: IndexSystem, lang: str, wrap_width: int) -> list[str]:
    if not index.alternatives:
        return []
    lines = [
        "    compound=true;",
        "    subgraph cluster_alternatives {",
        f"        label={_dot_quote(ALTERNATIVES_TITLE[lang])};",
        '        color="#a07d2c";',
        "        rank=same;",
    ]
    for alt in index.alternatives:
        text = alt.name.get(lang)
        name = "<br/>".join(_html(s) for s in wrap_label(text, wrap_width))
        label = name
        if text != alt.id:
            label += f'<br/><font point-size="9" color="#6b6b6b">{_html(alt.id)}</font>'
        lines.append(
            f'        {_dot_quote("alt:" + alt.id)} [label=<{label}>, fillcolor="#fdf6e3"];'
        )
    lines.append("    }")
    hub = _dot_quote("alt:" + index.alternatives[len(index.alternatives) // 2].id)
    lines += [
        f"    {_dot_quote(leaf.id)} -> {hub} [lhead=cluster_alternatives];"
        for leaf in index.leaves()
    ]
    return lines


def _dot_label(
    node: Node,
    lang: str,
    weights: Mapping[str, tuple[float, float]] | None,
    consistency: Mapping[str, tuple[Any, ...]] | None,
    show: ShowWeights,
    wrap_width: int,
) -> str:
    """A Graphviz HTML-like label: one table row per piece of information."""
    name = "<br/>".join(_html(s) for s in wrap_label(node.name.get(lang), wrap_width))
    rows = [name, f'<font point-size="9" color="#6b6b6b">{_html(node.id)}</font>']
    if (pair := node_weights(node, weights)) is not None:
        rows.append(f'<font point-size="10">{_html(weight_text(*pair, show))}</font>')
    if consistency and node.id in consistency:
        text, ok = cr_text(*consistency[node.id])
        colour = "#1a7f37" if ok else "#c62828"
        rows.append(f'<font point-size="10" color="{colour}">{_html(text)}</font>')
    if node.is_leaf and (mark := leaf_mark(node, lang)):
        rows.append(f'<font point-size="10">{_html(mark)}</font>')
    cells = "".join(f"<tr><td>{row}</td></tr>" for row in rows)
    return f'<table border="0" cellspacing="0" cellpadding="1">{cells}</table>'


def _rankdir(index: IndexSystem, orient: Orient | None) -> str:
    chosen = orient or auto_orient(index)
    if chosen not in ORIENTS:
        raise InputError(f"orient={chosen!r} is not one of {', '.join(ORIENTS)}")
    return chosen.upper()


def _kind(index: IndexSystem, node: Node) -> str:
    return "root" if node.id == index.id else "leaf" if node.is_leaf else "aggregate"


def _mermaid_ids(index: IndexSystem) -> dict[str, str]:
    """``n_<id>`` with unsafe characters replaced; a numeric suffix keeps them unique."""
    keys: dict[str, str] = {}
    for node in index.walk():
        key = "n_" + re.sub(r"[^0-9A-Za-z_]", "_", node.id)
        while key in keys.values():
            key += "_"
        keys[node.id] = key
    return keys


def _mermaid_escape(text: str) -> str:
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in text)


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_cells = text_cells
