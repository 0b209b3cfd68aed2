"""The offline HTML questionnaire: one self-contained page (no server, no network).

Each node's pairs are rows of 17 radio buttons (A's side 9 … 2, equal, B's side 2 … 9).  After
every answer the page computes the node's CR with the library's algorithm -- the principal
eigenvector by the same repeated squaring as :func:`qualindex.weighting.ahp.perron_vector`
(or the geometric / column method the node uses), the RI of the node's table (computed here,
embedded as a number), CR = (λmax − n)/((n − 1) RI), and for a node asked as a subset the
completion of :mod:`qualindex.weighting.incomplete` -- and, over the limit, marks the most
inconsistent judgment as :func:`qualindex.weighting.diagnose.worst_judgments` ranks them.  The
save button writes the answers as a JSON file that ``qualindex collect`` reads.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from markupsafe import Markup

from qualindex import __version__
from qualindex.questionnaire.delphi import own_answer, pair_stats, score_stats
from qualindex.questionnaire.structure import (
    BASES,
    FAMILIARITY,
    FORMAT_VERSION,
    LEVELS,
    AskedNode,
    ExpertSheet,
    Questionnaire,
    answer_options,
    pair_text,
    saaty_label,
    subset_losses,
)
from qualindex.questionnaire.text import TEXT, t
from qualindex.weighting.diagnose import format_judgment

__all__ = ["VALUES", "render_html"]

#: The radio buttons of a pair, left (A more important) to right.
VALUES = tuple([str(v) for v in range(9, 1, -1)] + ["1"] + [f"1/{v}" for v in range(2, 10)])

_SHORT = {
    "zh": {1: "同等", 3: "稍微", 5: "明显", 7: "强烈", 9: "极端"},
    "en": {1: "equal", 3: "moderate", 5: "strong", 7: "very", 9: "extreme"},
}


def _scale_head(lang: str) -> list[str]:
    short = _SHORT[lang]
    left = [short.get(v, "") for v in range(9, 1, -1)]
    return [*left, short[1], *reversed(left)]


def _round1_pair(expert: ExpertSheet, node: AskedNode, a: str, b: str, lang: str) -> str:
    if expert.round1 is None:
        return ""
    own = own_answer(expert.round1, node, a, b)
    stats = pair_stats(expert.group, node, a, b)
    parts = []
    if own is not None:
        parts.append(f"{t(lang, 'round1_own')}: {pair_text(own, lang)}")
    if stats is not None:
        parts.append(
            f"{t(lang, 'round1_median')}: {pair_text(stats.median, lang)} "
            f"({t(lang, 'round1_q1')} {pair_text(stats.q1, lang)}, "
            f"{t(lang, 'round1_q3')} {pair_text(stats.q3, lang)})"
        )
    return " · ".join(parts)


def _pair_rows(node: AskedNode, expert: ExpertSheet, lang: str) -> list[dict[str, str]]:
    rows = []
    for i, j in node.pairs:
        a, b = node.items[i], node.items[j]
        own = own_answer(expert.round1, node, a.id, b.id)
        rows.append(
            {
                "a": a.name.get(lang),
                "b": b.name.get(lang),
                "a_id": a.id,
                "b_id": b.id,
                "prefill": format_judgment(own) if own is not None else "",
                "round1": _round1_pair(expert, node, a.id, b.id, lang),
            }
        )
    return rows


def _score_rows(node: AskedNode, expert: ExpertSheet, lang: str) -> list[dict[str, Any]]:
    rows = []
    for item in node.items:
        own = expert.round1.scores.get(node.id, {}).get(item.id) if expert.round1 else None
        stats = score_stats(expert.group, node, item.id) if expert.round1 else None
        note = ""
        if stats is not None:
            note = (
                f"{t(lang, 'round1_median')} {stats.median:g} ({t(lang, 'round1_q1')} "
                f"{stats.q1:g}, {t(lang, 'round1_q3')} {stats.q3:g})"
            )
            if own is not None:
                note = f"{t(lang, 'round1_own')} {own:g} · {note}"
        rows.append(
            {
                "id": item.id,
                "name": item.name.get(lang),
                "prefill": "" if own is None else own,
                "round1": note,
            }
        )
    return rows


def _node_view(node: AskedNode, expert: ExpertSheet, lang: str) -> dict[str, Any]:
    name = node.name.get(lang)
    items = [
        {
            "id": it.id,
            "name": it.name.get(lang),
            "definition": it.definition.get(lang) if it.definition else "",
            "unit": it.unit or "",
        }
        for it in node.items
    ]
    view: dict[str, Any] = {"id": node.id, "name": name, "kind": node.kind, "children": items}
    if node.kind == "pairwise":
        view["intro"] = t(lang, "pairs_intro", node=name)
        view["rows"] = _pair_rows(node, expert, lang)
    else:
        assert node.scale is not None
        lo, hi = node.scale
        view |= {
            "intro": t(lang, "scores_intro", node=name, lo=lo, hi=hi),
            "lo": f"{lo:g}",
            "hi": f"{hi:g}",
            "rows": _score_rows(node, expert, lang),
        }
    return view


def _data(q: Questionnaire, expert: ExpertSheet, lang: str) -> dict[str, Any]:
    """What the page's script needs: the settings of every node and the file's identity."""
    options = dict(zip(VALUES, (text for text, _ in answer_options(lang)), strict=True))
    return {
        "text": TEXT[lang],
        "option_text": options,
        "bases": list(BASES),
        "meta": {
            "format": FORMAT_VERSION,
            "made_by": "html",
            "index": q.index_id,
            "version": q.version,
            "structure": q.structure,
            "expert": expert.id,
            "lang": lang,
            "round": 2 if expert.round1 is not None else 1,
            "subset": q.subset,
            "score_scale": q.score_scale,
        },
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "items": [{"id": it.id, "name": it.name.get(lang)} for it in n.items],
                "pairs": [list(p) for p in n.pairs],
                "complete": n.complete,
                "priority": n.priority,
                "ri": n.ri,
                "ri_table": n.ri_table,
                "cr_limit": n.cr_limit,
                "incomplete": n.incomplete,
            }
            for n in q.nodes
        ],
    }


def render_html(q: Questionnaire, expert: ExpertSheet, lang: str) -> str:
    """The page for ``expert`` (blank when ``expert.id`` is empty)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("qualindex.questionnaire", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    script = resources.files("qualindex.questionnaire").joinpath("templates/questionnaire.js")
    # "<" as \u003c keeps any name such as "</script>" from closing the data block
    data = json.dumps(_data(q, expert, lang), ensure_ascii=False).replace("<", "\\u003c")
    options = dict(zip(VALUES, (text for text, _ in answer_options(lang)), strict=True))
    return env.get_template("questionnaire.html.j2").render(
        q=q,
        lang=lang,
        t=TEXT[lang],
        version=__version__,
        expert=expert,
        delphi=expert.round1 is not None,
        subset_note=t(lang, "subset_note", k=q.subset) if q.subset is not None else "",
        losses=subset_losses(q, lang),
        skipped=", ".join(f"{n} ({m})" for n, m in q.skipped),
        familiarity=FAMILIARITY,
        bases=BASES,
        levels=LEVELS,
        nodes=[_node_view(n, expert, lang) for n in q.nodes],
        values=VALUES,
        option_text=options,
        scale_head=_scale_head(lang),
        data_json=Markup(data),
        script=Markup(script.read_text(encoding="utf-8")),
        label=saaty_label,
    )
