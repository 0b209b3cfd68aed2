"""Filling questionnaires as an expert would, with openpyxl (the cells the drop-downs write)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from qualindex.hierarchy.model import JudgmentSet
from qualindex.questionnaire.delphi import own_answer
from qualindex.questionnaire.structure import Questionnaire, pair_text

Answer = Callable[[str, str, str], Any]  # (node, a, b) -> cell value


def meta(wb: openpyxl.Workbook) -> dict[str, Any]:
    rows = wb["_qualindex"].iter_rows(min_row=2, values_only=True)
    return {r[0]: json.loads(r[1]) for r in rows if r[0]}


def fill_xlsx(
    path: Path,
    answer: Answer,
    *,
    expert: Mapping[str, Any] | None = None,
    scores: Callable[[str, str], Any] | None = None,
) -> None:
    """Write ``answer(node, a, b)`` into every answer cell and ``expert`` into the expert sheet."""
    wb = openpyxl.load_workbook(path)
    m = meta(wb)
    for entry in m["nodes"]:
        ws = wb[entry["sheet"]]
        if entry["kind"] == "pairwise":
            for k, (a, b) in enumerate(entry["pairs"]):
                ws.cell(entry["first_row"] + k, 4).value = answer(entry["node"], a, b)
        elif scores is not None:
            for k, child in enumerate(entry["children"]):
                ws.cell(entry["first_row"] + k, 4).value = scores(entry["node"], child)
    sheet = wb[m["expert_sheet"]]
    for key, value in (expert or {}).items():
        sheet[m["expert_cells"][key]] = value
    wb.save(path)


def from_judgments(jset: JudgmentSet, q: Questionnaire, lang: str = "zh") -> Answer:
    """The drop-down answer that gives each of ``jset``'s judgments."""

    def answer(node: str, a: str, b: str) -> str:
        value = own_answer(jset, q.node(node), a, b)
        assert value is not None, (node, a, b)
        return pair_text(value, lang)

    return answer
