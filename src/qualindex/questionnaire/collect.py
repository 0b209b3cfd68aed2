"""Read filled questionnaires back into judgment files, refusing anything doubtful.

``qualindex collect FILES... --run RUN -o DIR`` reads

* Excel questionnaires written by ``qualindex questionnaire`` (the hidden sheet says which
  index version, structure hash and expert they were made for, and where each answer is);
* the answer files the HTML questionnaire saves (JSON, the same hidden information);
* survey-platform tables (CSV or xlsx without the hidden sheet; 问卷星, Qualtrics …): one row
  per respondent, a column ``expert`` with the id (``--id-column``), one column per pair named
  ``<a>_vs_<b>`` (or ``<a>|<b>``, ``<a> vs <b>``; reversed names count with the reciprocal)
  holding an answer text (``A 明显重要 (5)`` …) or a signed number -9..-2, 1, 2..9 whose sign
  convention is given by ``--negative first|second``; importance scores in a column named
  after the child, and ``name``, ``familiarity``, ``basis.practice`` … when asked.

and writes one judgment file per expert (the format of ``indicators/*/judgments/``).  Every
problem of every file is collected before anything is written, each located by file, sheet and
cell (or row and column): a blank or unreadable answer, a value off the scale, an answer file
made for another index version (structure hash), a duplicate expert (between the files, or
with the run's own judgments), an output file that exists (nothing is ever overwritten).
Then each expert's CR per node is computed with the library's settings at that node, and the
judgments to send back for a second look are named with the cell they came from.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qualindex.errors import JudgmentError, Problem, QualindexError
from qualindex.hierarchy.checks import ID_PATTERN
from qualindex.hierarchy.judgments import load_judgments
from qualindex.hierarchy.model import JudgmentSet
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.outputs import check_target, is_file, write_atomic
from qualindex.questionnaire.structure import (
    BASES,
    FAMILIARITY,
    LEVELS,
    SCORE_SCALES,
    AskedNode,
    Questionnaire,
    ScoreScale,
    build_questionnaire,
    option_value,
    pair_text,
)
from qualindex.questionnaire.xlsx import META_SHEET, RawAnswers, RawCell, read_xlsx
from qualindex.run import Project
from qualindex.texts import current_lang, msg
from qualindex.weighting.ahp import ahp
from qualindex.weighting.diagnose import SAATY_VALUES, format_judgment, hints, judgment_errors
from qualindex.weighting.expert import CS_TABLE, judgment_coefficient
from qualindex.weighting.incomplete import harker, lambda_optimal

__all__ = [
    "CollectResult",
    "NodeCheck",
    "collect",
    "collect_summary",
    "judgment_yaml",
    "read_answers",
]


def _fix_pair() -> str:
    """Choose an answer from the drop-down, its middle answer in the current language."""
    return msg("collect.fix_pair", equal=pair_text(1.0, current_lang()))


@dataclass(frozen=True)
class NodeCheck:
    """One expert's consistency at one node, and what to ask again when it fails."""

    expert: str
    node: str
    cr: float
    cr_limit: float
    completed: bool  # the matrix was completed from a subset of pairs
    advice: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.cr <= self.cr_limit


@dataclass(frozen=True)
class CollectResult:
    written: tuple[Path, ...]
    checks: tuple[NodeCheck, ...]
    sources: dict[str, str] = field(default_factory=dict)  # expert id -> answer file


@dataclass
class _Checked:
    raw: RawAnswers
    expert: dict[str, Any]
    pairs: dict[str, list[tuple[str, str, float, str]]]  # node -> (a, b, value, where)
    scores: dict[str, dict[str, float]]
    structure: str


# --------------------------------------------------------------------------- reading


def _read_json(path: Path) -> RawAnswers:
    file = str(path)
    try:  # with the YAML reader's limits; a file it cannot read is refused where it fails
        doc = read_yaml(path).data
    except QualindexError as exc:
        raise JudgmentError(exc.problems) from None
    meta = doc.get("questionnaire") if isinstance(doc, dict) else None
    if not isinstance(meta, dict):
        raise JudgmentError(
            Problem(msg("collect.no_section"), file, fix=msg("collect.no_section.fix"))
        )
    raw = RawAnswers(file, "json", meta)
    assert isinstance(doc, dict)
    expert: dict[str, Any] = doc["expert"] if isinstance(doc.get("expert"), dict) else {}
    for key in ("id", "name", "title", "familiarity"):
        raw.expert[key] = RawCell(expert.get(key), f"expert.{key}")
    basis: dict[str, Any] = expert["basis"] if isinstance(expert.get("basis"), dict) else {}
    for key in BASES:
        raw.expert[f"basis.{key}"] = RawCell(basis.get(key), f"expert.basis.{key}")
    for node, pairs in dict(doc.get("pairwise") or {}).items():
        out = []
        for k, item in enumerate(pairs or []):
            where = f"pairwise.{node}[{k}]"
            if isinstance(item, list) and len(item) == 3:
                out.append((str(item[0]), str(item[1]), RawCell(item[2], where)))
            else:
                raw.problems.append(
                    Problem(msg("collect.not_triple", where=where, item=item), file)
                )
        raw.pairs[str(node)] = out
    for node, scores in dict(doc.get("scores") or {}).items():
        raw.scores[str(node)] = {
            str(c): RawCell(v, f"scores.{node}.{c}") for c, v in dict(scores or {}).items()
        }
    return raw


def _is_questionnaire_xlsx(path: Path) -> bool:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:
        return True
    try:
        return META_SHEET in wb.sheetnames
    finally:
        wb.close()


def _column_for(header: Sequence[str], a: str, b: str) -> tuple[int, bool] | None:
    """Column index of pair (a, b) and whether it is named reversed (b vs a)."""
    for sep in ("_vs_", "|", " vs "):
        for name, flipped in ((f"{a}{sep}{b}", False), (f"{b}{sep}{a}", True)):
            if name in header:
                return header.index(name), flipped
    return None


def _read_table(
    path: Path, q: Questionnaire, id_column: str, negative: str | None
) -> list[RawAnswers]:
    from qualindex.evaluate.io import read_table

    table = read_table(path)
    file = str(path) if table.sheet is None else f"{path}[{table.sheet}]"
    header = list(table.header)
    cols = [table.columns[h] for h in header]
    head_row = table.options.header_row
    if id_column not in header:
        raise JudgmentError(
            Problem(
                msg("collect.no_id_column", column=id_column),
                file,
                head_row,
                fix=msg("collect.no_id_column.fix", column=id_column),
            )
        )
    found: dict[tuple[str, str, str], tuple[int, bool]] = {}
    missing: list[str] = []
    for node in q.nodes:
        for a, b in node.pair_ids() if node.kind == "pairwise" else []:
            hit = _column_for(header, a, b)
            if hit is None:
                missing.append(f"{a}_vs_{b}")
            else:
                found[(node.id, a, b)] = hit
    problems = []
    if missing:
        problems.append(
            Problem(
                msg(
                    "collect.no_pair_columns",
                    n=len(missing),
                    pairs=", ".join(missing[:6]) + (" …" if len(missing) > 6 else ""),
                ),
                file,
                head_row,
                fix=msg("collect.no_pair_columns.fix"),
            )
        )
    out = []
    for k, row in enumerate(table.rows):
        r = int(row)
        raw = RawAnswers(file, "table", {"negative": negative})
        raw.problems += problems

        def cell(col: int, r: int = r, k: int = k) -> RawCell:
            return RawCell(
                cols[col][k], msg("collect.where_row", row=r, column=header[col]), r, col + 1
            )

        raw.expert["id"] = cell(header.index(id_column))
        for key in ("name", "title", "familiarity", *(f"basis.{b}" for b in BASES)):
            if key in header:
                raw.expert[key] = cell(header.index(key))
        for node in q.nodes:
            if node.kind == "pairwise":
                pairs = []
                for a, b in node.pair_ids():
                    if (node.id, a, b) in found:
                        col, flipped = found[(node.id, a, b)]
                        c = cell(col)
                        pairs.append((a, b, RawCell((c.value, flipped), c.where, c.line, c.col)))
                raw.pairs[node.id] = pairs
            else:
                raw.scores[node.id] = {
                    it.id: cell(header.index(it.id)) for it in node.items if it.id in header
                }
        out.append(raw)
    return out


def read_answers(
    path: Path, project: Project, *, id_column: str = "expert", negative: str | None = None
) -> list[RawAnswers]:
    """The raw answers of one file (a table gives one per row)."""
    suffix = path.suffix.lower()
    if not is_file(path):
        raise JudgmentError(
            Problem(msg("collect.not_found"), str(path), fix=msg("collect.not_found.fix"))
        )
    if suffix in (".json", ".yaml", ".yml"):
        return [_read_json(path)]
    if suffix in (".xlsx", ".xlsm") and _is_questionnaire_xlsx(path):
        return [read_xlsx(path)]
    if suffix in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt"):
        return _read_table(path, build_questionnaire(project), id_column, negative)
    raise JudgmentError(
        Problem(
            msg("collect.cannot_collect", suffix=suffix)
            if suffix
            else msg("collect.cannot_collect_bare"),
            str(path),
            fix=msg("collect.cannot_collect.fix"),
        )
    )


# --------------------------------------------------------------------------- checking


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def _on_scale(x: float) -> bool:
    return any(abs(x - v) <= 1e-9 * v for v in SAATY_VALUES)


def _signed(x: float, negative: str | None) -> float | None:
    """a_ab of a signed answer (-9..-2, 1, 2..9; -1 and 1 both "equal"), as
    :mod:`qualindex.hierarchy.pairwise_table` reads it; None when off the scale or when the
    sign convention is needed and not given (NaN and ±inf, as "NaN" or "1e309" in a cell,
    are off the scale too)."""
    if not math.isfinite(x) or x != int(x) or not 1 <= abs(x) <= 9:
        return None
    if abs(x) == 1:
        return 1.0
    if negative is None:
        return None
    if x > 0:
        return 1.0 / x if negative == "first" else x
    return -x if negative == "first" else -1.0 / x


def _pair_value(raw: RawAnswers, cell: RawCell) -> tuple[float | None, str, str]:
    """(value or None, what is wrong, the fix)."""
    value = cell.value
    flipped = False
    if raw.kind == "table":
        value, flipped = value
    if _blank(value):
        return None, msg("collect.no_answer"), _fix_pair()
    if isinstance(value, str) and (v := option_value(value)) is not None:
        return (1.0 / v if flipped else v), "", ""
    if raw.kind == "json":
        try:
            x = (
                float(value)
                if not isinstance(value, str) or "/" not in value
                else (float(value.split("/")[0]) / float(value.split("/")[1]))
            )
        except (TypeError, ValueError, ZeroDivisionError):
            return None, msg("collect.not_judgment", value=value), msg("collect.save_again")
        if not math.isfinite(x) or not _on_scale(x):
            return None, msg("collect.off_saaty", value=value), msg("collect.answer_again")
        return x, "", ""
    if raw.kind == "table":
        try:
            x = float(value)
        except (TypeError, ValueError):
            return None, msg("collect.not_answer", value=value), _fix_pair()
        signed = _signed(x, raw.meta.get("negative"))
        if signed is None:
            if math.isfinite(x) and x == int(x) and 2 <= abs(x) <= 9:
                return (
                    None,
                    msg("collect.sign_unknown", value=value),
                    msg("collect.sign_unknown.fix"),
                )
            return None, msg("collect.off_signed", value=value), msg("collect.use_signed")
        return (1.0 / signed if flipped else signed), "", ""
    return None, msg("collect.not_an_option", value=value), _fix_pair()


def _problem(raw: RawAnswers, cell: RawCell, message: str, fix: str | None = None) -> Problem:
    if raw.kind == "table":
        return Problem(message, raw.file, cell.line, cell.col, cell.where.split(", ", 1)[-1], fix)
    return Problem(msg("collect.at", where=cell.where, message=message), raw.file, fix=fix)


def _check_reference(raw: RawAnswers, q: Questionnaire) -> list[Problem]:
    meta = raw.meta
    if raw.kind == "table":
        return []
    made = f"{meta.get('index')}@{meta.get('version')}"
    if meta.get("index") != q.index_id or str(meta.get("version")) != q.version:
        return [
            Problem(
                msg("collect.other_index", made=made, reference=q.reference),
                raw.file,
                fix=msg("collect.other_index.fix", made=made, reference=q.reference),
            )
        ]
    if meta.get("structure") != q.structure:
        return [
            Problem(
                msg(
                    "collect.structure_changed",
                    made=str(meta.get("structure"))[:16],
                    reference=q.reference,
                    now=q.structure[:16],
                ),
                raw.file,
                fix=msg("collect.structure_changed.fix"),
            )
        ]
    return []


def _check_pairs(raw: RawAnswers, node: AskedNode, out: _Checked, problems: list[Problem]) -> None:
    given = {(a, b): cell for a, b, cell in raw.pairs.get(node.id, [])}
    pairs: list[tuple[str, str, float, str]] = []
    for a, b in node.pair_ids():
        cell = given.get((a, b))
        if cell is None:
            if raw.kind == "json":
                said = msg("collect.no_pair_answer", node=node.id, a=a, b=b)
                problems.append(Problem(said, raw.file))
            continue
        value, why, fix = _pair_value(raw, cell)
        if value is None:
            problems.append(_problem(raw, cell, msg("collect.pair", a=a, b=b, why=why), fix))
        else:
            pairs.append((a, b, value, cell.where))
    out.pairs[node.id] = pairs


def _check_scores(raw: RawAnswers, node: AskedNode, out: _Checked, problems: list[Problem]) -> None:
    assert node.scale is not None
    lo, hi = node.scale
    given = raw.scores.get(node.id, {})
    scores: dict[str, float] = {}
    for item in node.items:
        cell = given.get(item.id)
        if cell is None or _blank(cell.value):
            where = cell or RawCell(None, f"scores.{node.id}.{item.id}")
            problems.append(_problem(raw, where, msg("collect.no_score", item=item.id)))
            continue
        try:
            x = float(cell.value)
        except (TypeError, ValueError):
            problems.append(_problem(raw, cell, msg("collect.not_number", value=cell.value)))
            continue
        if not math.isfinite(x) or not lo <= x <= hi:
            said = msg("collect.outside", item=item.id, value=cell.value, lo=lo, hi=hi)
            problems.append(_problem(raw, cell, said))
            continue
        scores[item.id] = x
    out.scores[node.id] = scores


def _label_key(value: Any, table: dict[str, dict[str, str]]) -> str | None:
    text = str(value).strip()
    for key, names in table.items():
        if text in (key, names["zh"], names["en"]):
            return key
    return None


def _check_expert(raw: RawAnswers, out: _Checked, problems: list[Problem]) -> None:
    cells = raw.expert
    ident = cells.get("id", RawCell(None, msg("collect.expert_id")))
    expert_id = "" if _blank(ident.value) else str(ident.value).strip()
    if not expert_id:
        problems.append(_problem(raw, ident, msg("collect.blank_id"), msg("collect.blank_id.fix")))
    elif not ID_PATTERN.match(expert_id):
        problems.append(
            _problem(raw, ident, msg("collect.bad_id", id=expert_id), msg("collect.bad_id.fix"))
        )
    out.expert = {"id": expert_id}
    for key in ("name", "title"):
        cell = cells.get(key)
        if cell is not None and not _blank(cell.value):
            out.expert[key] = str(cell.value).strip()
    keys = ["familiarity", *(f"basis.{b}" for b in BASES)]
    given = {k: cells[k] for k in keys if k in cells and not _blank(cells[k].value)}
    if not given:
        return
    bad = False
    for k in keys:
        cell = cells.get(k, RawCell(None, k))
        table = FAMILIARITY if k == "familiarity" else LEVELS
        if k not in given:
            problems.append(
                _problem(
                    raw,
                    cell,
                    msg("collect.authority_blank", key=k),
                    msg("collect.authority_blank.fix"),
                )
            )
            bad = True
        elif _label_key(cell.value, table) is None:
            names = ", ".join(v[current_lang()] for v in table.values())  # either is read
            said = msg("collect.not_label", value=cell.value, names=names)
            problems.append(_problem(raw, cell, said))
            bad = True
    if bad:
        return
    fam = _label_key(given["familiarity"].value, FAMILIARITY)
    levels = {b: _label_key(given[f"basis.{b}"].value, LEVELS) for b in BASES}
    ca = judgment_coefficient({b: str(v) for b, v in levels.items()})
    # the coefficients are sums of tabulated decimals: 12 digits drop float noise only
    out.expert["authority"] = {"basis": round(ca, 12), "familiarity": CS_TABLE[str(fam)]}


def _check(raw: RawAnswers, q: Questionnaire) -> tuple[_Checked, list[Problem]]:
    problems = list(raw.problems) + _check_reference(raw, q)
    out = _Checked(raw, {}, {}, {}, q.structure)
    if problems:
        return out, problems
    _check_expert(raw, out, problems)
    for node in q.nodes:
        (_check_pairs if node.kind == "pairwise" else _check_scores)(raw, node, out, problems)
    return out, problems


# --------------------------------------------------------------------------- writing


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def judgment_yaml(checked: _Checked, q: Questionnaire) -> str:
    """The judgment file of one expert (the format of ``indicators/*/judgments/*.yaml``)."""
    e = checked.expert
    lines = [
        msg("collect.header.from", file=Path(checked.raw.file).name),
        msg("collect.header.structure", structure=q.structure[:16], reference=q.reference),
        "qualindex: 1",
        "expert:",
        f"  id: {_q(e['id'])}",
    ]
    lines += [f"  {k}: {_q(e[k])}" for k in ("name", "title") if k in e]
    if "authority" in e:
        a = e["authority"]
        lines.append(f"  authority: {{basis: {a['basis']!r}, familiarity: {a['familiarity']!r}}}")
    lines.append(f"index: {_q(q.reference)}")
    if checked.pairs:
        lines.append("pairwise:")
        for node, pairs in checked.pairs.items():
            lines.append(f"  {_q(node)}:")
            for a, b, v, where in pairs:
                text = format_judgment(v)
                shown = text if "/" not in text else _q(text)
                lines.append(f"    - [{_q(a)}, {_q(b)}, {shown}]  # {where}")
    if checked.scores:
        lines.append("scores:")
        for node, scores in checked.scores.items():
            lines.append(f"  {_q(node)}:")
            lines += [f"    {_q(c)}: {v!r}" for c, v in scores.items()]
    return "\n".join(lines) + "\n"


def _duplicates(checked: list[_Checked], project: Project) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {s.expert.id: str(s.loc) for s in project.all_judgments}
    for c in checked:
        eid = c.expert.get("id")
        if not eid:
            continue
        cell = c.raw.expert.get("id", RawCell(eid, msg("collect.expert_id")))
        if eid in seen:
            problems.append(
                _problem(
                    c.raw,
                    cell,
                    msg("collect.twice", expert=eid, where=seen[eid]),
                    msg("collect.twice.fix"),
                )
            )
        seen.setdefault(eid, c.raw.file + (f", {cell.where}" if c.raw.kind == "table" else ""))
    return problems


def _validated(texts: dict[str, str], project: Project) -> tuple[JudgmentSet, ...]:
    """The written judgments as the library loads them (a last check of the whole chain)."""
    with tempfile.TemporaryDirectory(prefix="qi-collect-") as tmp:
        paths = []
        for eid, text in texts.items():
            p = Path(tmp) / f"{eid}.yaml"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
        return load_judgments(paths, project.index)


# --------------------------------------------------------------------------- consistency


def _matrix(node: AskedNode, pairs: Sequence[tuple[str, str, float, str]]) -> np.ndarray:
    pos = {it.id: i for i, it in enumerate(node.items)}
    n = len(pos)
    m = np.full((n, n), np.nan)
    np.fill_diagonal(m, 1.0)
    for a, b, v, _ in pairs:
        m[pos[a], pos[b]], m[pos[b], pos[a]] = v, 1.0 / v
    return m


def _node_check(
    eid: str, node: AskedNode, pairs: list[tuple[str, str, float, str]], lang: str
) -> NodeCheck:
    m = _matrix(node, pairs)
    completed = bool(np.isnan(m).any())
    if completed:
        solve = harker if node.incomplete == "harker" else lambda_optimal
        m = np.array(solve(m, ri_table=node.ri_table).matrix)
    res = ahp(m, method=node.priority, ri_table=node.ri_table)
    advice: list[str] = []
    if res.cr > node.cr_limit:
        where = {(a, b): w for a, b, _, w in pairs}
        names = [it.id for it in node.items]
        if not completed:
            for fix in hints(m, cr_limit=node.cr_limit, ri_table=node.ri_table,
                             method=node.priority, k=3):  # fmt: skip
                a, b = names[fix.i], names[fix.j]
                said = msg(
                    "collect.advice", where=where[(a, b)], a=a, b=b,
                    current=pair_text(fix.current, lang), suggested=pair_text(fix.suggested, lang),
                    step=len(advice) + 1, cr=fix.cr_after,
                )  # fmt: skip
                advice.append(said)
        if not advice:  # a completed matrix, or no same-side change helps: the worst asked pair
            eps = np.abs(np.log(judgment_errors(m, method=node.priority)))
            a, b, _, w = max(pairs, key=lambda p: eps[names.index(p[0]), names.index(p[1])])
            advice.append(msg("collect.least_consistent", where=w, a=a, b=b))
    return NodeCheck(eid, node.id, float(res.cr), node.cr_limit, completed, tuple(advice))


# --------------------------------------------------------------------------- driver


def collect(
    files: Sequence[Path],
    project: Project,
    out_dir: Path,
    *,
    id_column: str = "expert",
    negative: str | None = None,
    lang: str = "zh",
) -> CollectResult:
    """Check every answer of ``files`` against ``project``'s index and write one judgment
    file per expert into ``out_dir`` (never over an existing file); see the module docstring.

    Raises
    ------
    JudgmentError
        With every problem of every file, located; nothing is written then.
    """
    problems: list[Problem] = []
    raws: list[RawAnswers] = []
    for f in files:
        try:
            raws += read_answers(Path(f), project, id_column=id_column, negative=negative)
        except QualindexError as exc:
            problems += exc.problems
    cache: dict[tuple[Any, ScoreScale], Questionnaire] = {}
    checked: list[tuple[_Checked, Questionnaire]] = []
    for raw in raws:
        scale = raw.meta.get("score_scale")
        key: tuple[Any, ScoreScale] = (
            raw.meta.get("subset"),
            scale if scale in SCORE_SCALES else "1-9",
        )
        if key not in cache:
            cache[key] = build_questionnaire(project, subset=key[0], score_scale=key[1])
        c, found = _check(raw, cache[key])
        problems += found
        checked.append((c, cache[key]))
    problems += _duplicates([c for c, _ in checked], project)
    targets: dict[str, Path] = {}
    for c, _ in checked:
        eid = c.expert.get("id")
        if eid:
            path = out_dir / f"{eid}.yaml"
            try:  # the guard first: a name too long makes even path.exists() raise
                check_target(path, [Path(f) for f in files] + list(project.inputs))
            except QualindexError as exc:
                problems += exc.problems
            else:
                if path.exists():
                    problems.append(
                        Problem(
                            msg("collect.exists", path=path),
                            c.raw.file,
                            fix=msg("collect.exists.fix"),
                        )
                    )
            targets[eid] = path
    if problems:
        raise JudgmentError(problems)
    texts = {c.expert["id"]: judgment_yaml(c, q) for c, q in checked}
    _validated(texts, project)
    written = tuple(
        write_atomic(targets[eid], text, inputs=list(project.inputs)) for eid, text in texts.items()
    )
    checks = tuple(
        _node_check(c.expert["id"], node, c.pairs[node.id], lang)
        for c, q in checked
        for node in q.nodes
        if node.kind == "pairwise" and len(node.items) >= 3
    )
    sources = {c.expert["id"]: c.raw.file for c, _ in checked}
    return CollectResult(written, checks, sources)


def collect_summary(result: CollectResult) -> list[str]:
    """Lines for the terminal: each expert's CR per node, then what to send back."""
    lines: list[str] = []
    by_expert: dict[str, list[NodeCheck]] = {}
    for c in result.checks:
        by_expert.setdefault(c.expert, []).append(c)
    for eid, source in result.sources.items():
        parts = [
            f"{c.node} CR {c.cr:.3f} {'<=' if c.passed else '>'} {c.cr_limit:.2f}"
            + (msg("collect.completed") if c.completed else "")
            for c in by_expert.get(eid, [])
        ]
        said = "; ".join(parts) or msg("collect.no_node")
        lines.append(msg("collect.expert_line", expert=eid, source=source, said=said))
    failed = [c for c in result.checks if not c.passed]
    if failed:
        lines.append(msg("collect.send_back"))
        for c in failed:
            lines.append(
                msg(
                    "collect.send_back_node",
                    expert=c.expert,
                    node=c.node,
                    cr=c.cr,
                    limit=c.cr_limit,
                )
            )
            lines += [f"    {a}" for a in c.advice]
    else:
        lines.append(msg("collect.all_within"))
    return lines
