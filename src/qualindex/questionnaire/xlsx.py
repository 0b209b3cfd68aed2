"""The Excel questionnaire: written with openpyxl, and read back cell by cell.

Sheets: instructions; the expert (id, name, title, familiarity, bases of judgment); one per
asked node with the children's names and definitions and one row per pair (a drop-down of
the 17 answers of :func:`~qualindex.questionnaire.structure.answer_options`) or per child (a
score with a numeric validation); a hidden ``_scale`` sheet with the drop-down lists and a
very hidden ``_qualindex`` sheet with the index id, version, structure hash, the expert it was
made for and where each node's questions are.  Every sheet is protected; only answer cells
are unlocked.  The protection has no password: it prevents slips, not a determined edit, so
:mod:`~qualindex.questionnaire.collect` checks every answer again.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualindex.errors import JudgmentError, Problem
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
    subset_losses,
)
from qualindex.questionnaire.text import t
from qualindex.texts import msg

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["META_SHEET", "RawAnswers", "RawCell", "read_xlsx", "xlsx_bytes"]

META_SHEET = "_qualindex"
SCALE_SHEET = "_scale"
ANSWER_FILL = "FFF8DC"
HEADER_FILL = "E9EEF4"
ROUND1_FILL = "EEF6EE"
# columns of a node sheet
C_NO, C_A, C_B, C_ANSWER, C_NOTE = 1, 2, 3, 4, 5
C_OWN, C_MED, C_Q1, C_Q3 = 6, 7, 8, 9
C_AID, C_BID = 11, 12


@dataclass(frozen=True)
class RawCell:
    """One answer as found in a file, with where it is (``where`` names sheet and cell)."""

    value: Any
    where: str
    line: int | None = None
    col: int | None = None


@dataclass
class RawAnswers:
    """The unchecked content of one answer file (xlsx, html export or one table row)."""

    file: str
    kind: str  # xlsx | json | table
    meta: dict[str, Any]
    expert: dict[str, RawCell] = field(default_factory=dict)
    pairs: dict[str, list[tuple[str, str, RawCell]]] = field(default_factory=dict)
    scores: dict[str, dict[str, RawCell]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- writing


def _sheet_names(q: Questionnaire, lang: str) -> list[str]:
    names: list[str] = []
    bad = str.maketrans({c: " " for c in "[]:*?/\\"})
    for k, node in enumerate(q.nodes, start=1):
        base = f"{k} {node.name.get(lang)}".translate(bad)[:31].strip()
        names.append(base)
    return names


def _unlock(cell: Any) -> None:
    from openpyxl.styles import PatternFill, Protection

    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor=ANSWER_FILL)


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row, col, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False  # experts may widen a column to read a long name


def _scale_sheet(wb: Workbook, lang: str) -> None:
    ws = wb.create_sheet(SCALE_SHEET)
    for r, (text, _) in enumerate(answer_options(lang), start=1):
        ws.cell(r, 1, text)
    for r, key in enumerate(FAMILIARITY, start=1):
        ws.cell(r, 2, FAMILIARITY[key][lang])
    for r, key in enumerate(LEVELS, start=1):
        ws.cell(r, 3, LEVELS[key][lang])
    ws.sheet_state = "hidden"
    _protect(ws)


def _list_validation(ws: Worksheet, ref: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True)
    ws.add_data_validation(dv)
    return dv


def _instructions(wb: Workbook, q: Questionnaire, expert: ExpertSheet, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.active
    ws.title = t(lang, "instructions")
    rows: list[tuple[str, str]] = [
        (t(lang, "title"), ""),
        (t(lang, "index"), f"{q.name.get(lang)} ({q.index_id})"),
        (t(lang, "version"), q.version),
        (t(lang, "expert_id"), expert.id or "—"),
        (t(lang, "structure"), q.structure[:16]),
        ("", ""),
        (t(lang, "step1"), ""),
        (t(lang, "step2"), ""),
        (t(lang, "step3"), ""),
        (t(lang, "step4"), ""),
        ("", ""),
        (t(lang, "scale"), t(lang, "scale_rows")),
    ]
    if expert.round1 is not None:
        rows.append((t(lang, "round2_note"), ""))
    if q.subset is not None:
        rows.append((t(lang, "subset_note", k=q.subset), ""))
        rows += [("", line) for line in subset_losses(q, lang)]
    rows.append(("", ""))
    rows.append((t(lang, "sheet_for"), ""))
    rows += [(name, node.id) for name, node in zip(_sheet_names(q, lang), q.nodes, strict=True)]
    if q.skipped:
        rows.append((t(lang, "not_asked"), ", ".join(f"{n} ({m})" for n, m in q.skipped)))
    for r, (a, b) in enumerate(rows, start=1):
        ws.cell(r, 1, a).alignment = Alignment(wrap_text=False)
        ws.cell(r, 2, b)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    _protect(ws)


def _expert_sheet(wb: Workbook, expert: ExpertSheet, lang: str) -> dict[str, str]:
    """The expert's sheet; returns field -> cell reference for the meta sheet."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(t(lang, "expert_sheet"))
    ws.cell(1, 1, t(lang, "expert_sheet")).font = Font(bold=True, size=14)
    cells: dict[str, str] = {}
    fields = [
        ("id", t(lang, "expert_id"), expert.id),
        ("name", t(lang, "expert_name"), expert.name),
        ("title", t(lang, "expert_title"), ""),
        ("familiarity", t(lang, "familiarity"), ""),
    ]
    fam = _list_validation(ws, f"={SCALE_SHEET}!$B$1:$B${len(FAMILIARITY)}")
    lvl = _list_validation(ws, f"={SCALE_SHEET}!$C$1:$C${len(LEVELS)}")
    row = 3
    for key, label, value in fields:
        ws.cell(row, 1, label)
        cell = ws.cell(row, 2, value or None)
        if not (key == "id" and expert.id):  # an expert's own file keeps its id
            _unlock(cell)
        if key == "familiarity":
            fam.add(cell)
        cells[key] = cell.coordinate
        row += 1
    row += 1
    ws.cell(row, 1, t(lang, "basis")).font = Font(bold=True)
    row += 1
    for key, names in BASES.items():
        ws.cell(row, 1, names[lang])
        cell = ws.cell(row, 2)
        _unlock(cell)
        lvl.add(cell)
        cells[f"basis.{key}"] = cell.coordinate
        row += 1
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 30
    _protect(ws)
    return cells


def _children_table(ws: Worksheet, node: AskedNode, lang: str, row: int) -> int:
    from openpyxl.styles import Alignment, Font

    ws.cell(row, 1, t(lang, "children")).font = Font(bold=True)
    row += 1
    _header(ws, row, [t(lang, "id"), t(lang, "name"), t(lang, "definition"), t(lang, "unit")])
    for item in node.items:
        row += 1
        ws.cell(row, 1, item.id)
        ws.cell(row, 2, item.name.get(lang))
        ws.cell(row, 3, item.definition.get(lang) if item.definition else None)
        ws.cell(row, 3).alignment = Alignment(wrap_text=True)
        ws.cell(row, 4, item.unit)
    return row + 2


def _round1_header(expert: ExpertSheet, lang: str) -> list[str]:
    if expert.round1 is None:
        return []
    return [t(lang, k) for k in ("round1_own", "round1_median", "round1_q1", "round1_q3")]


def _pair_sheet(
    wb: Workbook, name: str, node: AskedNode, expert: ExpertSheet, lang: str
) -> dict[str, Any]:
    from openpyxl.styles import Font, PatternFill

    ws = wb.create_sheet(name)
    ws.cell(1, 1, f"{node.name.get(lang)} ({node.id})").font = Font(bold=True, size=14)
    ws.cell(2, 1, t(lang, "pairs_intro", node=node.name.get(lang)))
    row = _children_table(ws, node, lang, 4)
    head = [t(lang, "no"), "A", "B", t(lang, "answer"), t(lang, "note")]
    _header(ws, row, head + _round1_header(expert, lang))
    first = row + 1
    dv = _list_validation(ws, f"={SCALE_SHEET}!$A$1:$A$17")
    for k, (i, j) in enumerate(node.pairs):
        r = first + k
        a, b = node.items[i], node.items[j]
        ws.cell(r, C_NO, k + 1)
        ws.cell(r, C_A, a.name.get(lang))
        ws.cell(r, C_B, b.name.get(lang))
        answer = ws.cell(r, C_ANSWER)
        _unlock(answer)
        dv.add(answer)
        _unlock(ws.cell(r, C_NOTE))
        ws.cell(r, C_AID, a.id)
        ws.cell(r, C_BID, b.id)
        if expert.round1 is not None:
            own = own_answer(expert.round1, node, a.id, b.id)
            if own is not None:
                answer.value = pair_text(own, lang)
                ws.cell(r, C_OWN, pair_text(own, lang))
            stats = pair_stats(expert.group, node, a.id, b.id)
            if stats is not None:
                for col, v in ((C_MED, stats.median), (C_Q1, stats.q1), (C_Q3, stats.q3)):
                    ws.cell(r, col, pair_text(v, lang))
            for col in (C_OWN, C_MED, C_Q1, C_Q3):
                ws.cell(r, col).fill = PatternFill("solid", fgColor=ROUND1_FILL)
    _finish(ws, expert)
    return {"sheet": name, "first_row": first, "kind": "pairwise", "pairs": node.pair_ids()}


def _score_sheet(
    wb: Workbook, name: str, node: AskedNode, expert: ExpertSheet, lang: str
) -> dict[str, Any]:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    assert node.scale is not None
    lo, hi = node.scale
    ws = wb.create_sheet(name)
    ws.cell(1, 1, f"{node.name.get(lang)} ({node.id})").font = Font(bold=True, size=14)
    ws.cell(2, 1, t(lang, "scores_intro", node=node.name.get(lang), lo=lo, hi=hi))
    head = [t(lang, "no"), t(lang, "name"), t(lang, "definition")]
    head += [f"{t(lang, 'score')} ({lo:g}-{hi:g})", t(lang, "note")]
    _header(ws, 4, head + _round1_header(expert, lang))
    dv = DataValidation(
        type="decimal",
        operator="between",
        formula1=str(lo),
        formula2=str(hi),
        showErrorMessage=True,
    )
    ws.add_data_validation(dv)
    for k, item in enumerate(node.items):
        r = 5 + k
        ws.cell(r, C_NO, k + 1)
        ws.cell(r, C_A, item.name.get(lang))
        ws.cell(r, C_B, item.definition.get(lang) if item.definition else None)
        answer = ws.cell(r, C_ANSWER)
        _unlock(answer)
        dv.add(answer)
        _unlock(ws.cell(r, C_NOTE))
        ws.cell(r, C_AID, item.id)
        if expert.round1 is not None:
            own = expert.round1.scores.get(node.id, {}).get(item.id)
            if own is not None:
                answer.value = own
                ws.cell(r, C_OWN, own)
            stats = score_stats(expert.group, node, item.id)
            if stats is not None:
                ws.cell(r, C_MED, stats.median)
                ws.cell(r, C_Q1, stats.q1)
                ws.cell(r, C_Q3, stats.q3)
            for col in (C_OWN, C_MED, C_Q1, C_Q3):
                ws.cell(r, col).fill = PatternFill("solid", fgColor=ROUND1_FILL)
    _finish(ws, expert)
    return {"sheet": name, "first_row": 5, "kind": "scores", "children": [i.id for i in node.items]}


def _finish(ws: Worksheet, expert: ExpertSheet) -> None:
    from openpyxl.utils import get_column_letter

    widths = {C_NO: 20, C_A: 30, C_B: 30, C_ANSWER: 26, C_NOTE: 20}
    if expert.round1 is not None:
        widths |= {C_OWN: 20, C_MED: 20, C_Q1: 16, C_Q3: 16}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for col in (C_AID, C_BID):
        ws.column_dimensions[get_column_letter(col)].hidden = True
    _protect(ws)


def _meta_sheet(wb: Workbook, meta: dict[str, Any]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.cell(1, 1, "qualindex questionnaire")
    for r, (key, value) in enumerate(meta.items(), start=2):
        ws.cell(r, 1, key)
        ws.cell(r, 2, json.dumps(value, ensure_ascii=False))
    ws.sheet_state = "veryHidden"
    _protect(ws)


def build_xlsx(q: Questionnaire, expert: ExpertSheet, lang: str) -> Workbook:
    """The questionnaire workbook for ``expert`` (a blank one when ``expert.id`` is empty)."""
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb, q, expert, lang)
    expert_cells = _expert_sheet(wb, expert, lang)
    layout = []
    for name, node in zip(_sheet_names(q, lang), q.nodes, strict=True):
        build = _pair_sheet if node.kind == "pairwise" else _score_sheet
        layout.append({"node": node.id, **build(wb, name, node, expert, lang)})
    _scale_sheet(wb, lang)
    meta = {
        "format": FORMAT_VERSION,
        "index": q.index_id,
        "version": q.version,
        "structure": q.structure,
        "expert": expert.id,
        "lang": lang,
        "round": 2 if expert.round1 is not None else 1,
        "subset": q.subset,
        "score_scale": q.score_scale,
        "expert_sheet": t(lang, "expert_sheet"),
        "expert_cells": expert_cells,
        "nodes": layout,
    }
    _meta_sheet(wb, meta)
    return wb


def xlsx_bytes(q: Questionnaire, expert: ExpertSheet, lang: str) -> bytes:
    buf = io.BytesIO()
    build_xlsx(q, expert, lang).save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- reading


def _read_meta(wb: Any, file: str) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        raise JudgmentError(
            Problem(msg("xlsx.no_meta", sheet=META_SHEET), file, fix=msg("xlsx.no_meta.fix"))
        )
    ws = wb[META_SHEET]
    meta: dict[str, Any] = {}
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if row[0] is None:
            continue
        try:
            meta[str(row[0])] = json.loads(str(row[1]))
        except json.JSONDecodeError:
            raise JudgmentError(
                Problem(
                    msg("xlsx.meta_damaged", sheet=META_SHEET, entry=row[0]),
                    file,
                    fix=msg("xlsx.meta_damaged.fix"),
                )
            ) from None
    return meta


def _sheet(wb: Any, name: str, file: str, raw: RawAnswers) -> Any:
    if name not in wb.sheetnames:
        said = msg("xlsx.sheet_missing", sheet=name)
        raw.problems.append(Problem(said, file, fix=msg("xlsx.sheet_missing.fix")))
        return None
    return wb[name]


def _read_node(wb: Any, entry: dict[str, Any], raw: RawAnswers) -> None:
    ws = _sheet(wb, entry["sheet"], raw.file, raw)
    if ws is None:
        return
    first = int(entry["first_row"])
    if entry["kind"] == "pairwise":
        found: list[tuple[str, str, RawCell]] = []
        for k, (a, b) in enumerate(entry["pairs"]):
            r = first + k
            ids = (ws.cell(r, C_AID).value, ws.cell(r, C_BID).value)
            where = msg(
                "collect.where_cell", sheet=entry["sheet"], cell=ws.cell(r, C_ANSWER).coordinate
            )
            if ids != (a, b):
                raw.problems.append(
                    Problem(
                        msg("xlsx.row_pair", where=where, row=r, a=a, b=b, ids=ids),
                        raw.file,
                        fix=msg("xlsx.row_pair.fix"),
                    )
                )
                continue
            found.append((a, b, RawCell(ws.cell(r, C_ANSWER).value, where, r, C_ANSWER)))
        raw.pairs[entry["node"]] = found
    else:
        scores: dict[str, RawCell] = {}
        for k, child in enumerate(entry["children"]):
            r = first + k
            where = msg(
                "collect.where_cell", sheet=entry["sheet"], cell=ws.cell(r, C_ANSWER).coordinate
            )
            if ws.cell(r, C_AID).value != child:
                raw.problems.append(
                    Problem(
                        msg("xlsx.row_score", where=where, row=r, child=child),
                        raw.file,
                        fix=msg("xlsx.row_score.fix"),
                    )
                )
                continue
            scores[child] = RawCell(ws.cell(r, C_ANSWER).value, where, r, C_ANSWER)
        raw.scores[entry["node"]] = scores


def read_xlsx(path: Path) -> RawAnswers:
    """The answers of a filled Excel questionnaire, unchecked, each with its sheet and cell."""
    from openpyxl import load_workbook

    file = str(path)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise JudgmentError(
            Problem(msg("xlsx.cannot_read", error=exc), file, fix=msg("xlsx.cannot_read.fix"))
        ) from None
    meta = _read_meta(wb, file)
    raw = RawAnswers(file, "xlsx", meta)
    ws = _sheet(wb, str(meta.get("expert_sheet")), file, raw)
    if ws is not None:
        for key, ref in dict(meta.get("expert_cells", {})).items():
            where = msg("collect.where_cell", sheet=ws.title, cell=ref)
            raw.expert[key] = RawCell(ws[ref].value, where)
    for entry in meta.get("nodes", []):
        _read_node(wb, entry, raw)
    return raw
