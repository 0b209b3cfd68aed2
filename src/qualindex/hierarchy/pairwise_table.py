"""Survey-style pairwise answers: one row per respondent, one column (or two) per pair.

Questionnaire tools (问卷星 / Wenjuanxing, Qualtrics, ahpsurvey's ``city200``) export AHP
questions as a table.  This module turns such a table, given as a header and rows of cell
values (no file I/O: the caller reads CSV/XLSX and passes the cells with their row numbers),
into per-respondent pairwise judgments, and those into
:class:`~qualindex.hierarchy.model.JudgmentSet` objects for the weighting code.

Columns
-------
A pair column is named after the two children it compares, ``<a><sep><b>`` with ``sep`` one of
``_vs_``, `` vs ``, ``|``, ``/``, ``:``, ``-``, ``_`` or a space (ahpsurvey writes
``cult_fam``).  Ids may themselves contain ``_``: a header is split only where both halves are
children of the same node, and a header that splits in two ways is reported as ambiguous.
Other columns (time stamps, IP, ...) are ignored and listed in ``PairwiseTable.ignored``.

Codings
-------
``coding="signed"``: one column per pair holding -9 ... -1, 1 ... 9; ``|x|`` is the Saaty
value and the sign says which element is preferred; 1 and -1 both mean "equal".  Which side a
negative number favours differs between sources, so it is a required choice:

* ``negative="second"``: a negative answer favours the **second** element, ``a_ab = 1/|x|``.
  This is ahpsurvey's ``ahp.mat`` default (``negconvert = FALSE``: "the attribute coming first
  is rated positively").
* ``negative="first"``: a negative answer favours the **first** element, ``a_ab = |x|``.  This
  is how ahpsurvey's own ``city200`` data are coded (read with ``negconvert = TRUE``: "if the
  attribute in the left is more important the data is negative"), and how left-to-right
  slider questions (left = first element) are often exported.

0 is not on this scale and is rejected (some tools code "equal" as 0 on a 0..8 scale; shift it).

``coding="ab"``: two columns per pair, ``<pair><choice_suffix>`` (which element is more
important: its id, ``A``/``B``, ``1``/``2``, ``first``/``second``, ``前者``/``后者``, or
``equal``/``同等``) and ``<pair><value_suffix>`` (how much: 1-9, a fraction such as ``1/3`` is
rejected here because the direction is in the choice column, or a verbal label from
``labels``, e.g. 明显重要 / strong).

Blank cells mean "not answered": the pair is left out for that respondent (incomplete
matrices are completed later).  Every unreadable cell is reported with its row, column and
header, and the table is parsed completely before any problem is raised.

References
----------
Cho, F. H. T. (2019). ahpsurvey: Analytic Hierarchy Process for Survey Data, R package,
``ahp.mat`` (``negconvert``, ``reciprocal``) and the ``city200`` data set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from qualindex.errors import InputError
from qualindex.hierarchy.model import Expert, JudgmentSet, Location, Pair, frozen_map

__all__ = [
    "CODINGS",
    "NEGATIVE_FAVOURS",
    "SEPARATORS",
    "CellProblem",
    "PairAnswer",
    "PairColumn",
    "PairwiseTable",
    "RespondentPairs",
    "parse_pairwise_table",
    "to_judgment_sets",
]

Coding = Literal["signed", "ab"]
NegativeFavours = Literal["first", "second"]
CODINGS: tuple[str, ...] = get_args(Coding)
NEGATIVE_FAVOURS: tuple[str, ...] = get_args(NegativeFavours)
#: Separators tried between the two ids of a pair header, longest first.
SEPARATORS: tuple[str, ...] = ("_vs_", " vs ", "|", "/", ":", "-", "_", " ")

_FIRST = {"a", "1", "first", "left", "前者", "左", "左边", "前"}
_SECOND = {"b", "2", "second", "right", "后者", "右", "右边", "后"}
_EQUAL = {"equal", "same", "=", "同等", "同等重要", "同样重要", "一样"}
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")

Cell = Any
Row = tuple[int, Sequence[Cell]]


@dataclass(frozen=True, slots=True)
class CellProblem:
    """An unreadable cell (or header) at ``row`` / ``column`` (1-based), with the fix."""

    row: int
    column: int | None
    header: str | None
    value: Any
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        where += f" ({self.header!r})" if self.header else ""
        return f"{where}: {self.message}" + (f"; {self.fix}" if self.fix else "")


@dataclass(frozen=True, slots=True)
class PairColumn:
    """A header recognised as a pair ``a`` vs ``b`` of ``node``; ``role``: signed/choice/value."""

    node: str
    a: str
    b: str
    column: int
    header: str
    role: str


@dataclass(frozen=True, slots=True)
class PairAnswer:
    """One judgment: ``a`` is ``value`` times as important as ``b`` (``value`` in 1/9..9)."""

    node: str
    a: str
    b: str
    value: float
    raw: Any
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class RespondentPairs:
    """The answers of one respondent (one row)."""

    id: str
    row: int
    answers: tuple[PairAnswer, ...]

    def by_node(self) -> Mapping[str, tuple[PairAnswer, ...]]:
        """Answers grouped by node id (read-only)."""
        out: dict[str, list[PairAnswer]] = {}
        for ans in self.answers:
            out.setdefault(ans.node, []).append(ans)
        return frozen_map({k: tuple(v) for k, v in out.items()})


@dataclass(frozen=True, slots=True)
class PairwiseTable:
    """Parsed table: respondents, recognised columns, ignored headers and every problem."""

    respondents: tuple[RespondentPairs, ...]
    columns: tuple[PairColumn, ...]
    ignored: tuple[str, ...]
    problems: tuple[CellProblem, ...]
    coding: str
    negative: str | None
    header_row: int = 1
    options: Mapping[str, Any] = field(default_factory=frozen_map)

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- headers


def _pair_keys(nodes: Mapping[str, Sequence[str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Every spelling ``a<sep>b`` of a pair of siblings -> [(node, a, b), ...]."""
    keys: dict[str, list[tuple[str, str, str]]] = {}
    for node, kids in nodes.items():
        for a in kids:
            for b in kids:
                if a == b:
                    continue
                for sep in SEPARATORS:
                    hits = keys.setdefault(f"{a}{sep}{b}", [])
                    if (node, a, b) not in hits:
                        hits.append((node, a, b))
    return keys


@dataclass(frozen=True, slots=True)
class _Header:
    columns: tuple[PairColumn, ...]
    ignored: tuple[str, ...]
    id_col: int | None
    problems: tuple[CellProblem, ...]


def _match(
    text: str, keys: Mapping[str, list[tuple[str, str, str]]], suffix: str
) -> list[tuple[str, str, str]] | None:
    if suffix and not text.endswith(suffix):
        return None
    stem = text[: len(text) - len(suffix)] if suffix else text
    return keys.get(stem.strip())


def _roles(coding: str, suffixes: tuple[str, str]) -> list[tuple[str, str]]:
    if coding == "signed":
        return [("signed", "")]
    return [("choice", suffixes[0]), ("value", suffixes[1])]


def _read_header(
    header: Sequence[Any],
    nodes: Mapping[str, Sequence[str]],
    coding: str,
    suffixes: tuple[str, str],
    id_column: str | None,
    header_row: int,
) -> _Header:
    keys = _pair_keys(nodes)
    cols: list[PairColumn] = []
    ignored: list[str] = []
    problems: list[CellProblem] = []
    id_col = None
    for c, raw in enumerate(header, start=1):
        text = "" if raw is None else str(raw).strip()
        if id_column is not None and text == id_column:
            id_col = c
            continue
        found = None
        for role, suffix in _roles(coding, suffixes):
            hits = _match(text, keys, suffix)
            if hits:
                found = (role, hits)
                break
        if found is None:
            ignored.append(text)
            continue
        role, hits = found
        if len(hits) > 1:
            names = ", ".join(f"{n}: {a} vs {b}" for n, a, b in hits)
            problems.append(
                CellProblem(
                    header_row,
                    c,
                    text,
                    raw,
                    f"header is ambiguous ({names})",
                    "rename it with a separator such as ' vs ' or '|'",
                )
            )
            continue
        node, a, b = hits[0]
        cols.append(PairColumn(node, a, b, c, text, role))
    problems += _header_checks(cols, coding, id_column, id_col, header_row)
    return _Header(tuple(cols), tuple(ignored), id_col, tuple(problems))


def _header_checks(
    cols: list[PairColumn], coding: str, id_column: str | None, id_col: int | None, row: int
) -> list[CellProblem]:
    problems = []
    if id_column is not None and id_col is None:
        problems.append(
            CellProblem(
                row,
                None,
                id_column,
                None,
                f"no column named {id_column!r}",
                "name the respondent id column, or pass id_column=None",
            )
        )
    seen: dict[tuple[str, frozenset[str], str], PairColumn] = {}
    for col in cols:
        key = (col.node, frozenset((col.a, col.b)), col.role)
        if key in seen:
            first = seen[key]
            problems.append(
                CellProblem(
                    row,
                    col.column,
                    col.header,
                    None,
                    f"pair {col.a} vs {col.b} also in column {first.column} ({first.header!r})",
                    "keep one column per pair",
                )
            )
        seen.setdefault(key, col)
    if coding == "ab":
        for col in cols:
            other = "value" if col.role == "choice" else "choice"
            if (col.node, frozenset((col.a, col.b)), other) not in seen:
                problems.append(
                    CellProblem(
                        row,
                        col.column,
                        col.header,
                        None,
                        f"{col.role} column without its {other} column",
                        f"add the {other} column of {col.a} vs {col.b}",
                    )
                )
    if not cols:
        problems.append(
            CellProblem(
                row,
                None,
                None,
                None,
                "no column names a pair of sibling children",
                "name pair columns like 'a_b' or 'a vs b' with the children's ids",
            )
        )
    return problems


# --------------------------------------------------------------------------- cells


def _blank(cell: Any) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and cell.strip() == ""


def _number(cell: Any) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    return float(text) if _NUMBER.match(text) else None


def _signed_problem(cell: Any) -> str | None:
    """Why a signed answer is unreadable, or None."""
    x = _number(cell)
    if x is None or not math.isfinite(x):
        return "is not a number -9..-1 or 1..9"
    if x == 0:
        return "0 is not on the signed scale (1 and -1 mean equal)"
    if not 1 <= abs(x) <= 9:
        return "is outside -9..-1, 1..9"
    return None


def _signed_value(x: float, negative: str) -> float:
    """:math:`a_{ab}` of a signed answer ``x`` (``|x| >= 1``) under the ``negative`` rule."""
    if x > 0:
        return 1.0 / x if negative == "first" else x
    return -x if negative == "first" else -1.0 / x


def _strength(cell: Any, labels: Mapping[str, float]) -> tuple[float | None, str | None]:
    x = _number(cell)
    if x is None:
        x = labels.get(str(cell).strip().lower())
        if x is None:
            return None, "is not 1-9 or a known verbal label"
    if not math.isfinite(x) or not 1 <= x <= 9:
        return None, "must lie in 1..9 (the choice column gives the direction)"
    return float(x), None


def _choice(cell: Any, a: str, b: str) -> tuple[int | None, str | None]:
    """+1 if ``a`` is chosen, -1 for ``b``, 0 for equal."""
    text = str(cell).strip()
    low = text.lower()
    if text == a or low in _FIRST:
        return 1, None
    if text == b or low in _SECOND:
        return -1, None
    if low in _EQUAL:
        return 0, None
    return None, f"is neither {a!r} nor {b!r} (nor A/B, 1/2, first/second, equal)"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class _Opts:
    coding: str
    negative: str
    labels: Mapping[str, float]


def _signed_row(
    row: int, cells: Sequence[Cell], cols: Sequence[PairColumn], o: _Opts
) -> tuple[list[PairAnswer], list[CellProblem]]:
    answers, problems = [], []
    for col in cols:
        cell = cells[col.column - 1] if col.column - 1 < len(cells) else None
        if _blank(cell):
            continue
        msg = _signed_problem(cell)
        x = _number(cell)
        if msg is not None or x is None:
            problems.append(
                CellProblem(
                    row,
                    col.column,
                    col.header,
                    cell,
                    f"{cell!r} {msg}",
                    "answer -9..-1 or 1..9, or leave the cell blank",
                )
            )
            continue
        answers.append(
            PairAnswer(col.node, col.a, col.b, _signed_value(x, o.negative), cell, row, col.column)
        )
    return answers, problems


def _ab_row(
    row: int, cells: Sequence[Cell], cols: Sequence[PairColumn], o: _Opts
) -> tuple[list[PairAnswer], list[CellProblem]]:
    answers, problems = [], []
    values = {(c.node, c.a, c.b): c for c in cols if c.role == "value"}
    for ch in (c for c in cols if c.role == "choice"):
        vc = values.get((ch.node, ch.a, ch.b)) or next(
            c
            for c in cols
            if c.role == "value" and {c.a, c.b} == {ch.a, ch.b} and c.node == ch.node
        )
        pick = cells[ch.column - 1] if ch.column - 1 < len(cells) else None
        how = cells[vc.column - 1] if vc.column - 1 < len(cells) else None
        found = _ab_cell(row, ch, vc, pick, how, o.labels)
        if isinstance(found, CellProblem):
            problems.append(found)
        elif found is not None:
            answers.append(found)
    return answers, problems


def _ab_cell(
    row: int, ch: PairColumn, vc: PairColumn, pick: Cell, how: Cell, labels: Mapping[str, float]
) -> PairAnswer | CellProblem | None:
    if _blank(pick) and _blank(how):
        return None
    strength, msg = (1.0, None) if _blank(how) else _strength(how, labels)
    if strength is None:
        return CellProblem(
            row,
            vc.column,
            vc.header,
            how,
            f"{how!r} {msg}",
            "use 1-9 or a label such as 明显重要 / strong",
        )
    if _blank(pick):
        if strength == 1:
            return PairAnswer(ch.node, ch.a, ch.b, 1.0, how, row, vc.column)
        return CellProblem(
            row,
            ch.column,
            ch.header,
            pick,
            "no element chosen",
            f"say which of {ch.a!r} and {ch.b!r} is more important",
        )
    side, msg = _choice(pick, ch.a, ch.b)
    if side is None:
        return CellProblem(
            row, ch.column, ch.header, pick, f"{pick!r} {msg}", f"write {ch.a!r} or {ch.b!r}"
        )
    value = 1.0 if side == 0 else (strength if side > 0 else 1.0 / strength)
    return PairAnswer(ch.node, ch.a, ch.b, value, (pick, how), row, ch.column)


def _respondent_id(row: int, cells: Sequence[Cell], id_col: int | None) -> str | None:
    if id_col is None:
        return f"row{row}"
    cell = cells[id_col - 1] if id_col - 1 < len(cells) else None
    if _blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --------------------------------------------------------------------------- API


def _check_options(coding: str, negative: str | None) -> None:
    if coding not in CODINGS:
        raise InputError(f"coding = {coding!r} is not one of {', '.join(map(repr, CODINGS))}")
    if coding == "signed" and negative not in NEGATIVE_FAVOURS:
        raise InputError(
            f"negative = {negative!r}: say which element a negative answer favours, 'first' "
            "(ahpsurvey's city200, negconvert = TRUE) or 'second' (ahp.mat's default)"
        )


def parse_pairwise_table(
    header: Sequence[Any],
    rows: Sequence[Row],
    *,
    nodes: Mapping[str, Sequence[str]],
    coding: str = "signed",
    negative: str | None = None,
    id_column: str | None = None,
    labels: Mapping[str, float] | None = None,
    choice_suffix: str = ".choice",
    value_suffix: str = ".value",
    header_row: int = 1,
) -> PairwiseTable:
    """Per-respondent pairwise judgments from a survey table (see the module docstring).

    .. math:: \\text{signed } x:\\quad a_{ab} = |x|^{\\pm 1}
              \\ \\text{(the sign convention chosen by ``negative``)}

    Parameters
    ----------
    header : sequence
        Column names, in order.
    rows : sequence of (row_number, cells)
        Data rows with the row number to report (e.g. the line in the file).
    nodes : mapping
        Node id -> its children's ids, for every node whose pairs the table may hold.
    coding : {"signed", "ab"}
        One signed column per pair, or a choice and a value column per pair.
    negative : {"first", "second"}
        For ``coding="signed"`` (required): which element a negative answer favours.
    id_column : str, optional
        Header of the respondent id column; default ids ``row<N>``.
    labels : mapping, optional
        Verbal label (lower case) -> Saaty value for ``coding="ab"`` value cells, e.g.
        ``load_presets().saaty_labels`` (同等重要 1, 明显重要 5, strong 5, ...).
    choice_suffix, value_suffix : str
        Header suffixes of the two columns of a pair for ``coding="ab"``.
    header_row : int
        Row number of the header, for header problems.

    Returns
    -------
    PairwiseTable
        Respondents (rows with at least one answer), recognised columns, ignored headers and
        every problem (``ok`` is True when there is none).  Nothing is raised for bad cells.
    """
    _check_options(coding, negative)
    head = _read_header(header, nodes, coding, (choice_suffix, value_suffix), id_column, header_row)
    opts = _Opts(coding, negative or "", frozen_map(labels or {}))
    parse = _signed_row if coding == "signed" else _ab_row
    problems = list(head.problems)
    people: list[RespondentPairs] = []
    seen: dict[str, int] = {}
    for row, cells in rows:
        answers, found = parse(row, cells, head.columns, opts) if head.columns else ([], [])
        problems += found
        rid = _respondent_id(row, cells, head.id_col)
        if rid is None:
            problems.append(
                CellProblem(
                    row,
                    head.id_col,
                    id_column,
                    None,
                    "respondent id is blank",
                    "give every row an id",
                )
            )
            continue
        if rid in seen:
            problems.append(
                CellProblem(
                    row,
                    head.id_col,
                    id_column,
                    rid,
                    f"respondent id {rid!r} also on row {seen[rid]}",
                    "give every row a unique id",
                )
            )
            continue
        seen[rid] = row
        if answers:
            people.append(RespondentPairs(rid, row, tuple(answers)))
    return PairwiseTable(
        tuple(people),
        head.columns,
        head.ignored,
        tuple(problems),
        coding,
        negative if coding == "signed" else None,
        header_row,
        frozen_map({"choice_suffix": choice_suffix, "value_suffix": value_suffix}),
    )


def to_judgment_sets(
    table: PairwiseTable, *, source: str, id_prefix: str = "", weight: float = 1.0
) -> tuple[JudgmentSet, ...]:
    """One :class:`JudgmentSet` per respondent, each pair located at ``source:row:column``.

    ``source`` is only a label for the locations (e.g. the file name); ``id_prefix`` is put
    before every respondent id (``"r"`` turns ``17`` into a valid expert id ``r17``).

    Raises
    ------
    InputError
        If the table has problems (they are listed, located, in the message).
    """
    if table.problems:
        shown = "; ".join(str(p) for p in table.problems[:10])
        more = f" (and {len(table.problems) - 10} more)" if len(table.problems) > 10 else ""
        raise InputError(f"{source}: {len(table.problems)} problem(s): {shown}{more}")
    out = []
    for person in table.respondents:
        pairwise = {
            node: tuple(
                Pair(p.a, p.b, p.value, p.raw, Location(source, p.row, p.column)) for p in answers
            )
            for node, answers in person.by_node().items()
        }
        out.append(
            JudgmentSet(
                expert=Expert(f"{id_prefix}{person.id}", weight=weight),
                loc=Location(source, person.row, None),
                pairwise=frozen_map(pairwise),
            )
        )
    return tuple(out)
