"""Reading data tables (CSV, Excel .xlsx, Parquet) as people save them.

A :class:`RawTable` keeps every cell as read (text, number or None) with the row
number a user sees in their spreadsheet or text editor, so that the dataset
builder can name the file, sheet, row and column of every bad cell: CSV cells as
``file.csv:9:6``, Excel cells as ``file.xlsx[Sheet]!F9``.  Parquet columns of
numbers stay numpy arrays.  openpyxl, pyarrow and charset-normalizer are imported
only when such a file is read.

How a table is read is set by :class:`ReadOptions` (the run configuration's
``data:`` entries, see :func:`read_options`); what is not set is detected:

* **encoding** - a byte-order mark (UTF-8, UTF-16) wins; else UTF-8 if the bytes
  decode as UTF-8; else charset-normalizer's best guess, where any Chinese code page
  (GB2312, GBK, HZ) is read as GB18030, its superset.  The encoding used is kept in
  :attr:`RawTable.encoding`.
* **delimiter** - of comma, semicolon and tab, the one that splits the first lines
  into the same number (at least 2) of columns.
* **numbers** (:func:`parse_number`) - without ``decimal:`` or ``thousands:`` a
  number written with a comma (``6,5``, ``1,234``) is refused, never guessed.
  ``35%`` reads as 35 in an indicator whose unit is ``%`` (``‰`` likewise) and is
  refused elsewhere.  Full-width digits, the Unicode minus and non-breaking or thin
  spaces are read as the ASCII they stand for; spaces may group thousands
  (``1 234``).
* **missing values** - an empty cell, or one equal to one of ``missing`` (default:
  NA, N/A, -, —, 无, 空, /; compared ignoring case), is read as no value.
* **header** - ``header_row`` is the row of the column names (title rows above are
  skipped); a header over ``header_rows`` rows (merged cells) is joined top to
  bottom with :data:`HEADER_JOINER`: ``服务效率 / 响应时间``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
import sys
import unicodedata
import warnings
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, Problem
from qualindex.outputs import is_dir, is_file
from qualindex.texts import msg

FloatArray = NDArray[np.float64]

if TYPE_CHECKING:
    from qualindex.hierarchy.schema import DataFileSpec, DataRunSpec

__all__ = [
    "DEFAULT_MISSING",
    "HEADER_JOINER",
    "PLAIN_NUMBER",
    "BatchFile",
    "BatchSpill",
    "CellError",
    "PercentCell",
    "RawTable",
    "ReadOptions",
    "TableInfo",
    "arrow_keys",
    "arrow_numbers",
    "arrow_texts",
    "cell_text",
    "iter_parquet_batches",
    "key_texts",
    "open_batches",
    "parse_number",
    "read_options",
    "read_table",
]

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet", ".pq")
DEFAULT_MISSING = ("", "NA", "N/A", "-", "—", "无", "空", "/")
HEADER_JOINER = " / "
DELIMITERS = (",", ";", "\t")
_SAMPLE = 65_536  # bytes used to detect the encoding and the delimiter


@dataclass(frozen=True)
class ReadOptions:
    """How to read one data file; ``None`` means detect (encoding, delimiter) or default.

    ``decimal``/``thousands`` left ``None`` read ``.`` as the decimal point and refuse a
    number written with a comma.  ``sheet`` is a sheet name or a 1-based index
    (``1`` = the first sheet).  ``header_row`` is the 1-based row of the column names;
    ``header_rows`` how many rows (from ``header_row`` down) the header spans.
    """

    encoding: str | None = None
    delimiter: str | None = None
    decimal: Literal[".", ","] | None = None
    thousands: Literal[",", ".", " ", "'"] | None = None
    sheet: str | int | None = None
    header_row: int = 1
    header_rows: int = 1
    missing: tuple[str, ...] = DEFAULT_MISSING
    _tokens: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        problems = _option_problems(self)
        if problems:
            raise DataError([Problem(m, fix=f) for m, f in problems])
        tokens = frozenset(str(t).strip().casefold() for t in self.missing)
        object.__setattr__(self, "_tokens", tokens)

    @property
    def point(self) -> bool:
        """Whether '.' is the decimal mark (``decimal`` '.', or not set and not implied ',')."""
        return (self.decimal or ("," if self.thousands == "." else ".")) == "."

    def is_missing(self, text: str) -> bool:
        """Whether a (stripped) cell text is empty or one of the missing-value tokens."""
        return not text or text.casefold() in self._tokens


def _option_problems(o: ReadOptions) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if o.decimal not in (None, ".", ","):
        out.append((msg("data.opt.decimal", value=o.decimal), msg("data.opt.decimal.fix")))
    if o.thousands not in (None, ",", ".", " ", "'"):
        out.append((msg("data.opt.thousands", value=o.thousands), msg("data.opt.thousands.fix")))
    if o.thousands is not None and o.thousands == o.decimal:
        out.append(
            (
                msg("data.opt.thousands_is_decimal", value=o.thousands),
                msg("data.opt.thousands_is_decimal.fix"),
            )
        )
    if o.delimiter is not None and len(o.delimiter) != 1:
        out.append((msg("data.opt.delimiter", value=o.delimiter), msg("data.opt.delimiter.fix")))
    if o.encoding is not None:
        try:
            codecs.lookup(o.encoding)
        except LookupError:
            out.append((msg("data.opt.encoding", value=o.encoding), msg("data.opt.encoding.fix")))
    if o.header_row < 1 or o.header_rows < 1:
        out.append((msg("data.opt.header_row"), msg("data.opt.header_row.fix")))
    if isinstance(o.sheet, int) and not isinstance(o.sheet, bool) and o.sheet < 1:
        out.append((msg("data.opt.sheet", value=o.sheet), msg("data.opt.sheet.fix")))
    return out


def read_options(file: DataFileSpec | None = None, run: DataRunSpec | None = None) -> ReadOptions:
    """The :class:`ReadOptions` of one ``data.files`` entry; the file's own settings
    win over those given for every file in ``data:``."""
    values: dict[str, Any] = {}
    for spec in (run, file):
        if spec is None:
            continue
        for name in _SPEC_FIELDS:
            value = getattr(spec, name, None)
            if value is not None:
                values[name] = value
        tokens = getattr(spec, "missing_values", None)
        if tokens is not None:
            values["missing"] = tuple(str(t) for t in tokens)
    return ReadOptions(**values)


_SPEC_FIELDS = ("encoding", "delimiter", "decimal", "thousands", "sheet", "header_row",
                "header_rows")  # fmt: skip


@dataclass(frozen=True)
class TableInfo:
    """How one file was read, for ``validate`` and the audit trail (no cells)."""

    file: str
    rows: int
    columns: int
    sheet: str | None = None
    encoding: str | None = None
    encoding_source: Literal["given", "bom", "detected"] | None = None
    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    header_row: int = 1
    header_rows: int = 1


class PercentCell(float):
    """A number Excel shows as a percentage: the value is the number shown (35 for 35%)."""


@dataclass(frozen=True)
class RawTable:
    """Columns of raw cells; ``rows[i]`` is the spreadsheet/text row number of cell ``i``.

    A column is a list of cells, or a float array (Parquet numbers, NaN = missing).
    ``sheet`` is set for Excel files, ``encoding``/``delimiter`` for text files (the
    ones used, given or detected, named in ``encoding_source``).
    """

    file: str
    header: tuple[str, ...]
    columns: dict[str, Any]
    rows: Sequence[int] | NDArray[np.int64]
    sheet: str | None = None
    encoding: str | None = None
    encoding_source: Literal["given", "bom", "detected"] | None = None
    delimiter: str | None = None
    options: ReadOptions = field(default_factory=ReadOptions)

    def __len__(self) -> int:
        return len(self.rows)

    def info(self) -> TableInfo:
        """How the file was read (encoding, delimiter, number marks, header rows)."""
        o = self.options
        return TableInfo(self.file, len(self), len(self.header), self.sheet, self.encoding,
                         self.encoding_source, self.delimiter, o.decimal, o.thousands,
                         o.header_row, o.header_rows)  # fmt: skip

    def cell_ref(self, i: int, col: str) -> str:
        """``file.csv:9:6`` or ``file.xlsx[Sheet]!F9`` of cell ``i`` of column ``col``."""
        row, col_no = int(self.rows[i]), self.header.index(col) + 1
        if self.sheet is not None:
            return f"{self.file}[{self.sheet}]!{_letters(col_no)}{row}"
        return f"{self.file}:{row}:{col_no}"

    def locate(self, i: int, col: str) -> dict[str, Any]:
        """Keyword arguments of :class:`Problem` that place cell ``i`` of ``col``."""
        where = msg("data.where_column", column=col)
        if self.sheet is not None:
            return {"file": self.cell_ref(i, col), "path": where}
        return {
            "file": self.file,
            "line": int(self.rows[i]),
            "col": self.header.index(col) + 1,
            "path": where,
        }


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


# ---------------------------------------------------------------------------- numbers


class CellError(ValueError):
    """A cell that is not a number under the file's options: ``(message, fix)``."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u200a\u2008\u3000 "), " ")
_MINUS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63\uff0d"), "-")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
PLAIN_NUMBER = _PLAIN  # an ASCII number float() reads as written (with '.' as the mark)
_LOOKS = re.compile(r"[+-]?[\d.,' ]*\d[\d.,' ]*(?:[eE][+-]?\d+)?")


def parse_number(cell: Any, options: ReadOptions, unit: str | None = None) -> float:
    """A cell as a float (NaN if missing) under the file's decimal/thousands options.

    Raises :class:`CellError` naming the option that would read it, or the reason.
    ``unit`` is the indicator's unit: ``35%`` is 35 when it is ``%`` (``‰`` likewise).
    """
    if cell is None:
        return float("nan")
    if isinstance(cell, (bool, datetime, date, time)):
        raise CellError(msg("data.not_number", cell=_shown(cell)), msg("data.not_number.fix"))
    if isinstance(cell, PercentCell):
        return _percent(float(cell), f"{float(cell):g}%", unit)
    if isinstance(cell, (int, float, np.integer, np.floating)):
        return float(cell)
    if isinstance(cell, str) and options.point and _PLAIN.fullmatch(cell):  # the common case
        return float(cell)
    text = unicodedata.normalize("NFKC", str(cell)).translate(_SPACES).translate(_MINUS).strip()
    if options.is_missing(text):
        return float("nan")
    sign = text[-1:] if text[-1:] in ("%", "‰") else ""
    body = text[: -len(sign)].strip() if sign else text
    value = _plain_number(body, options, cell)
    return _percent(value, str(cell), unit, sign) if sign else value


def _percent(value: float, shown: str, unit: str | None, sign: str = "%") -> float:
    if unit == sign:
        return value
    raise CellError(
        msg(
            "data.sign_unit",
            cell=shown,
            sign=sign,
            unit=repr(unit) if unit else msg("data.sign_unit.none", sign=sign),
        ),
        msg("data.sign_unit.fix", sign=sign),
    )


def _plain_number(body: str, o: ReadOptions, cell: Any) -> float:
    if not _LOOKS.fullmatch(body):
        raise CellError(
            msg("data.not_number", cell=_shown(cell)), msg("data.not_number_or_blank.fix")
        )
    decimal = o.decimal or ("," if o.thousands == "." else ".")
    grouped = _ungroup(body, o.thousands, decimal, cell)
    if decimal == ",":
        if "." in grouped:
            raise CellError(
                msg("data.point_with_comma_decimal", cell=_shown(cell)),
                msg("data.point_with_comma_decimal.fix"),
            )
        grouped = grouped.replace(",", ".")
    elif "," in grouped:
        raise CellError(
            msg("data.comma", cell=_shown(cell)),
            msg("data.comma.fix"),
        )
    if not _PLAIN.fullmatch(grouped):
        raise CellError(msg("data.not_number", cell=_shown(cell)), msg("data.not_number.fix"))
    return float(grouped)


def _ungroup(body: str, thousands: str | None, decimal: str, cell: Any) -> str:
    """Remove thousands separators (always spaces; ``thousands`` if set) checking groups."""
    marks = [" "] + ([thousands] if thousands and thousands != " " else [])
    if not any(m in body for m in marks):
        return body
    mantissa = re.split(r"[eE]", body)[0]
    whole = mantissa.split(decimal)[0].lstrip("+-")
    sep = "[" + re.escape("".join(marks)) + "]"
    if not re.fullmatch(rf"\d{{1,3}}(?:{sep}\d{{3}})+", whole) or decimal in "".join(marks):
        raise CellError(
            msg("data.bad_grouping", cell=_shown(cell)),
            msg("data.bad_grouping.fix"),
        )
    return re.sub(sep, "", body)


def _shown(cell: Any) -> str:
    if isinstance(cell, datetime | date):
        return msg("data.shown_date", date=cell.isoformat())
    return repr(cell)


# ---------------------------------------------------------------------------- reading


def read_table(
    path: str | Path,
    *,
    options: ReadOptions | None = None,
    sheet: str | int | None = None,
    numbers: Collection[str] = (),
) -> RawTable:
    """Read a CSV/TSV, .xlsx or Parquet file (chosen by suffix); ``sheet`` overrides
    ``options.sheet``.

    ``numbers`` names the columns that will be read as numbers (indicator columns): in a
    large CSV file each of them whose every cell is a plain number (or missing) is kept as a
    float array, parsed by pyarrow, as Parquet numbers are; any other column stays text.
    """
    p = Path(path)
    opts = options or ReadOptions()
    if sheet is not None:
        opts = replace(opts, sheet=sheet)
    suffix = p.suffix.lower()
    if not is_file(p):
        what = msg("data.is_folder" if is_dir(p) else "data.not_found")
        raise DataError(Problem(what, file=str(p), fix=msg("data.not_found.fix")))
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(p, opts, frozenset(numbers))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, opts)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(p, opts)
    if suffix in (".xls", ".et", ".ods", ".numbers"):
        raise DataError(
            Problem(
                msg("data.old_workbook", suffix=suffix),
                file=str(p),
                fix=msg("data.old_workbook.fix"),
            )
        )
    raise DataError(
        Problem(
            msg("data.unknown_suffix", suffix=suffix or msg("data.no_suffix")),
            file=str(p),
            fix=msg("data.unknown_suffix.fix", suffixes=", ".join(SUFFIXES)),
        )
    )


_Records = list[tuple[int, list[Any]]]


def _split_header(
    file: str,
    rows: Iterable[tuple[int, list[Any]]],
    o: ReadOptions,
    merged: list[tuple[int, int, int, int]] | None = None,
    sheet: str | None = None,
) -> tuple[list[str], _Records]:
    """Skip title rows, join the header rows, keep the non-blank data rows."""
    head: list[list[Any]] = []
    records: _Records = []
    for number, cells in rows:
        if number < o.header_row:
            continue
        if len(head) < o.header_rows:
            head.append(cells)
        elif cells.count(None) != len(cells):  # not a blank row
            records.append((number, cells))
    if not head or not any(c is not None for c in head[0]):
        raise DataError(
            Problem(
                msg("data.empty_header", row=o.header_row),
                fix=msg("data.empty_header.fix"),
                **_at(file, sheet, o.header_row),
            )
        )
    names = _join_header(head, _relative(merged, o) if merged else None)
    _check_names(file, names, o, sheet, _title_fix(names, records, o))
    if not records:
        raise DataError(
            Problem(
                msg("data.no_rows"),
                fix=msg("data.no_rows.fix"),
                **_at(file, sheet, o.header_row + o.header_rows),
            )
        )
    _check_width(file, names, records, o, sheet)
    return names, records


def _at(file: str, sheet: str | None, line: int, col: int | None = None) -> dict[str, Any]:
    """Problem keywords placing a header cell: ``f.csv:3:2`` or ``f.xlsx[S]!B3``."""
    if sheet is None:
        return {"file": file, "line": line, "col": col}
    cell = f"{_letters(col)}{line}" if col else f"{line}:{line}"
    return {"file": f"{file}[{sheet}]!{cell}"}


def _title_fix(names: list[str], records: _Records, o: ReadOptions) -> str | None:
    """If the header row looks like a title (one cell), the row to give as header_row."""
    if len([n for n in names if n]) != 1 or not names[0]:
        return None
    below = next((r for r, cells in records if sum(c is not None for c in cells) >= 2), None)
    guess = below if below is not None else o.header_row + 1
    return msg("data.title_row.fix", row=o.header_row, title=names[0], guess=guess)


def _check_width(
    file: str, names: list[str], records: _Records, o: ReadOptions, sheet: str | None
) -> None:
    """A value right of the last named column.

    In a text file the row has more cells than the header: an unquoted delimiter (a
    decimal comma ``6,5`` in a comma-separated file) would shift every value after it,
    so it is refused.  In a sheet, cells keep their columns: a note beside the table is
    left alone, unless the header row looks like a title.
    """
    title = _title_fix(names, records, o)
    if sheet is not None and title is None:
        return
    width = len(names)
    for number, cells in records:
        extra = [k for k, c in enumerate(cells[width:], start=width + 1) if c is not None]
        if not extra:
            continue
        if title is None:
            message = msg(
                "data.row_too_wide", row=number, cells=len(cells), header=o.header_row, width=width
            )
            fix: str = msg("data.row_too_wide.fix")
        else:
            message = msg(
                "data.value_beyond_header" if width > 1 else "data.value_beyond_header.one",
                row=number,
                col=extra[0],
                header=o.header_row,
                width=width,
            )
            fix = title
        raise DataError(Problem(message, fix=fix, **_at(file, sheet, number, extra[0])))


def _relative(
    ranges: list[tuple[int, int, int, int]], o: ReadOptions
) -> list[tuple[int, int, int, int]]:
    """Merged ranges whose top-left cell is in the header, as 0-based grid offsets."""
    last = o.header_row + o.header_rows - 1
    return [
        (r0 - o.header_row, c0 - 1, min(r1, last) - o.header_row, c1 - 1)
        for c0, r0, c1, r1 in ranges
        if o.header_row <= r0 <= last
    ]


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return _date_text(cell)
    return str(cell).strip()


def _join_header(
    head: list[list[Any]], merged: list[tuple[int, int, int, int]] | None
) -> list[str]:
    """Column names from header rows, top to bottom, joined by :data:`HEADER_JOINER`.

    With Excel's merged ranges (``merged``: 0-based ``(row0, col0, row1, col1)`` in the
    header) every cell of a range carries its top-left value.  Without them (CSV), a
    blank cell above a named cell takes the name on its left when that column is also
    named below: the group label of a merged ``服务效率`` over ``响应时间 | 等待时间``.
    """
    width = max(len(r) for r in head)
    grid = [[_header_text(c) for c in [*r, *[None] * (width - len(r))]] for r in head]
    for r0, c0, r1, c1 in merged or ():
        for r in range(r0, r1 + 1):
            for c in range(c0, min(c1 + 1, width)):
                grid[r][c] = grid[r0][c0] if c0 < width else ""
    if merged is None:
        for r in range(len(grid) - 1):
            for c in range(1, width):
                below = [grid[k][c] for k in range(r + 1, len(grid))]
                left_below = [grid[k][c - 1] for k in range(r + 1, len(grid))]
                if not grid[r][c] and any(below) and any(left_below):
                    grid[r][c] = grid[r][c - 1]
    names = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(grid)):
            if grid[r][c] and (not parts or parts[-1] != grid[r][c]):
                parts.append(grid[r][c])
        names.append(HEADER_JOINER.join(parts))
    while names and not names[-1]:
        names.pop()
    return names


def _check_names(
    file: str,
    names: list[str],
    o: ReadOptions,
    sheet: str | None = None,
    title_fix: str | None = None,
) -> None:
    seen: dict[str, int] = {}
    for col, name in enumerate(names, start=1):
        if not name:
            fix = title_fix or msg("data.unnamed_column.fix", rows=o.header_rows + 1)
            raise DataError(
                Problem(
                    msg("data.unnamed_column", col=col),
                    fix=fix,
                    **_at(file, sheet, o.header_row, col),
                )
            )
        if name in seen:
            raise DataError(
                Problem(
                    msg("data.duplicate_column", name=name, first=seen[name], col=col),
                    fix=msg("data.duplicate_column.fix"),
                    **_at(file, sheet, o.header_row, col),
                )
            )
        seen[name] = col


def _cell(value: Any, o: ReadOptions) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return None if not text or o.is_missing(text) else text
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def cell_text(cell: Any) -> str:
    """A key cell (entity, period, group) as text: ``2025`` not ``2025.0``, dates ISO,
    full-width letters and digits as ASCII (``２０２４`` is ``2024``)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return _date_text(cell)
    return str(cell).translate(_FULL_WIDTH).strip()


def key_texts(cells: Iterable[Any]) -> list[str]:
    """:func:`cell_text` of every cell; ASCII text (most keys) without a call per cell."""
    return [c.strip() if type(c) is str and c.isascii() else cell_text(c) for c in cells]


_FULL_WIDTH: dict[int, str | int | None] = {0x3000: " "}
_FULL_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})


def _date_text(value: date) -> str:
    if isinstance(value, datetime) and value.time() != time(0):
        return value.isoformat(sep=" ")
    return value.strftime("%Y-%m-%d")


def _columns(names: list[str], records: _Records) -> dict[str, list[Any]]:
    """Rows to columns (cells right of the last name were checked empty)."""
    width = len(names)
    rows = [c if len(c) == width else [*c[:width], *[None] * (width - len(c))] for _, c in records]
    return {name: list(col) for name, col in zip(names, zip(*rows, strict=True), strict=True)}


# ---------------------------------------------------------------------------- CSV


def _read_csv(p: Path, o: ReadOptions, numbers: frozenset[str] = frozenset()) -> RawTable:
    raw = p.read_bytes()
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DataError(
            Problem(msg("data.empty_file"), file=str(p), line=1, fix=msg("data.empty_file.fix"))
        )
    text, encoding, source = _decode(p, raw, o.encoding)
    delimiter = o.delimiter or _sniff(text)
    if len(text) >= csv.field_size_limit():  # a cell is never longer than the file
        csv.field_size_limit(min(len(text) + 1, sys.maxsize))
    fast = _csv_by_arrow(str(p), text, delimiter, o, numbers)
    if fast is not None:
        names, columns = fast
        numbered = np.arange(2, len(next(iter(columns.values()))) + 2, dtype=np.int64)
        return RawTable(str(p), tuple(names), columns, numbered, encoding=encoding,
                        encoding_source=source, delimiter=delimiter, options=o)  # fmt: skip
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    tokens = o._tokens

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                yield (
                    reader.line_num,
                    [t if (t := c.strip()) and t.casefold() not in tokens else None for c in cells],
                )
        except csv.Error as exc:
            raise DataError(
                Problem(
                    msg("data.bad_csv", error=str(exc)),
                    file=str(p),
                    line=reader.line_num,
                    fix=msg("data.bad_csv.fix"),
                )
            ) from None

    names, records = _split_header(str(p), rows(), o)
    return RawTable(
        str(p),
        tuple(names),
        _columns(names, records),
        [r for r, _ in records],
        encoding=encoding,
        encoding_source=source,
        delimiter=delimiter,
        options=o,
    )


_ARROW_MIN = 1 << 20  # characters: smaller files are read by the csv module, as always
_HEAD = 50  # lines read by the csv module first, for the header checks


def _csv_by_arrow(
    file: str, text: str, delimiter: str, o: ReadOptions, numbers: frozenset[str]
) -> tuple[list[str], dict[str, Any]] | None:
    """Names and columns of a large, regular CSV text read by pyarrow's CSV reader; None
    when the file is irregular (its problems are then found and located cell by cell).

    Regular: the header is row 1 on one line, there is no blank line, and every line is
    one row of as many cells as the header (so a cell's line is its row number).  The first
    lines go through the same header checks as every file.  Cells are the same as the csv
    module's: stripped, missing-value tokens None; see :func:`_arrow_number_column`.
    """
    if not numbers or len(text) < _ARROW_MIN or o.header_row != 1 or o.header_rows != 1:
        return None
    if "\n\n" in text or "\n\r\n" in text or text.startswith(("\n", "\r")):
        return None
    tokens = o._tokens
    try:
        head = _head(text, delimiter, tokens)
    except csv.Error:
        return None
    names, records = _split_header(file, head, o)  # the header's problems, as always
    if len(records) != len(head) - 1:
        return None  # a blank row: the csv module's path skips it and numbers the rest
    import pyarrow as pa
    import pyarrow.csv as pacsv

    keys = [f"c{k}" for k in range(len(names))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=keys, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(keys, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None  # a row of another width, a quote left open ...
    lines = text.count("\n") + (not text.endswith("\n"))
    if table.num_rows != lines - 1:
        return None  # a cell spanning lines: rows and lines differ
    columns: dict[str, Any] = {}
    blank = None
    for key, name in zip(keys, names, strict=True):
        floats, missing = _arrow_number_column(table.column(key), o, name in numbers)
        blank = missing if blank is None else _and(blank, missing)
        columns[name] = floats if floats is not None else arrow_texts(table.column(key), o)
    if blank is not None and _any(blank):
        return None  # a row of empty cells: the csv module's path skips it
    return names, columns


def _head(text: str, delimiter: str, tokens: frozenset[str]) -> _Records:
    """The first :data:`_HEAD` lines as the csv module's path reads them (a line each)."""
    sample = text[: text.rfind("\n", 0, _SAMPLE * 4) + 1]
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    return [
        (k, [t if (t := c.strip()) and t.casefold() not in tokens else None for c in cells])
        for k, cells in enumerate(itertools.islice(reader, _HEAD), 1)
    ]


def _and(a: Any, b: Any) -> Any:
    import pyarrow.compute as pc

    return pc.and_(a, b)


def _any(a: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(a).as_py())


def _arrow_number_column(col: Any, o: ReadOptions, number: bool) -> tuple[FloatArray | None, Any]:
    """A text column as floats if it is to be a number column and every cell is a plain
    ASCII number (read by ``float()`` as written) or missing; and its missing-cell mask
    (used only to find rows of empty cells)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(col, characters=_ASCII_SPACE)
    tokens = pa.array(sorted(o._tokens), type=pa.string())
    # lower() is casefold() but for a few letters (ß, ς ...), and casefold(lower(c)) is
    # casefold(c): a token found by lower() is one casefold() finds; the rare others make
    # the column text, read cell by cell
    missing = pc.or_(pc.equal(trimmed, ""), pc.is_in(pc.utf8_lower(trimmed), tokens))
    if not (number and o.point):
        return None, missing
    plain = pc.match_substring_regex(trimmed, f"^(?:{_PLAIN.pattern})$")
    if not pc.all(pc.or_(missing, plain)).as_py():
        return None, missing
    try:
        values = pc.cast(pc.if_else(missing, "0", trimmed), pa.float64())
    except pa.ArrowInvalid:
        return None, missing
    floats = pc.if_else(missing, float("nan"), values)
    return np.asarray(floats.to_numpy(), dtype=np.float64), missing


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = ("gb2312", "gbk", "gb18030", "hz", "hz_gb_2312", "cp936")


def _decode(
    p: Path, raw: bytes, given: str | None
) -> tuple[str, str, Literal["given", "bom", "detected"]]:
    """Text, the encoding used and where it came from."""
    if given:
        return _decode_as(p, raw, given), given, "given"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return _decode_as(p, raw, name), name, "bom"
    try:
        return raw.decode("utf-8"), "utf-8", "detected"
    except UnicodeDecodeError:
        pass
    name = _detect(raw)
    return _decode_as(p, raw, name), name, "detected"


def _detect(raw: bytes) -> str:
    """charset-normalizer's guess on the bytes around the first non-ASCII one
    (a long ASCII head says nothing); Chinese code pages become GB18030."""
    from charset_normalizer import from_bytes

    first = re.search(rb"[\x80-\xff]", raw)
    start = 0 if first is None or b"\x00" in raw[:1024] else first.start()
    start = raw.rfind(b"\n", 0, start) + 1  # from the start of that line
    sample = raw[start : start + _SAMPLE * 4]
    if _looks_chinese(sample):
        return "gb18030"
    best = from_bytes(sample).best()
    name = best.encoding if best is not None else "gb18030"
    if codecs.lookup(name).name in {codecs.lookup(c).name for c in _CHINESE}:
        return "gb18030"  # superset of GB2312/GBK: every Chinese Excel export decodes
    try:
        raw.decode(name)
    except UnicodeDecodeError:
        try:  # the guess fails further on: the files this tool meets are mostly Chinese
            raw.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            pass
    return name


def _looks_chinese(sample: bytes) -> bool:
    """Whether the bytes read as GB18030 text whose non-ASCII characters are nearly all
    two-byte GB2312 characters (both bytes 0xA1-0xFE), as Chinese text is.

    charset-normalizer alone takes a few Chinese words for Korean (cp949) or Big5;
    Latin-1 accents read as GBK pair with an ASCII byte and fail this test.
    """
    text = sample.decode("gb18030", errors="ignore")
    wide = [ch for ch in text[:-1] if ord(ch) > 0x7F]  # the last may be cut in two
    if not wide:
        return False
    gb2312 = sum(1 for ch in wide if min(ch.encode("gb18030")) >= 0xA1)
    return gb2312 >= 0.9 * len(wide)


def _decode_as(p: Path, raw: bytes, encoding: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            Problem(
                msg("data.bad_encoding", encoding=encoding, byte=exc.start + 1),
                file=str(p),
                line=line,
                fix=msg("data.bad_encoding.fix"),
            )
        ) from None
    return text.removeprefix("\ufeff")


def _sniff(text: str) -> str:
    """Of comma, semicolon, tab: the one giving the same >= 2 columns on the first lines."""
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE:
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, score = ",", (0.0, 0)
    for d in DELIMITERS:
        try:
            counts = [
                len(r)
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d)
                if any(c.strip() for c in r)
            ][:50]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        width = max(set(counts), key=counts.count)
        share = counts.count(width) / len(counts)
        if (share, width) > score:
            best, score = d, (share, width)
    return best


# ---------------------------------------------------------------------------- Excel


def _read_xlsx(p: Path, o: ReadOptions) -> RawTable:
    """A sheet of a workbook; openpyxl's warnings (unsupported extensions, no default
    style, odd relationships) say nothing about the data and are not passed on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_book(p, o)


def _read_book(p: Path, o: ReadOptions) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataError(
            Problem(
                msg("data.bad_workbook", reason=_reason(exc)),
                file=str(p),
                fix=msg("data.bad_workbook.fix"),
            )
        ) from None
    try:
        ws = _sheet(p, book, o.sheet)
        merged = _merged_ranges(ws) if o.header_rows > 1 else None
        rows = _xlsx_rows(p, ws, o)
        names, records = _split_header(str(p), rows, o, merged, ws.title)
    finally:
        book.close()
    return RawTable(
        str(p),
        tuple(names),
        _columns(names, records),
        [r for r, _ in records],
        sheet=ws.title,
        options=o,
    )


def _sheet(p: Path, book: Any, sheet: str | int | None) -> Any:
    names = book.sheetnames
    listed = ", ".join(f"{i}: {n!r}" for i, n in enumerate(names, start=1))
    if not book.worksheets:
        raise DataError(
            Problem(
                msg("data.no_worksheet"),
                file=str(p),
                fix=msg("data.no_worksheet.fix"),
            )
        )
    if sheet is None:
        return book.worksheets[0]
    if isinstance(sheet, str) and sheet in names:
        return book[sheet]
    if isinstance(sheet, int) and 1 <= sheet <= len(names):
        return book.worksheets[sheet - 1]
    what = msg("data.no_sheet" if isinstance(sheet, str) else "data.no_sheet_number", sheet=sheet)
    raise DataError(Problem(what, file=str(p), fix=msg("data.no_sheet.fix", listed=listed)))


def _xlsx_rows(p: Path, ws: Any, o: ReadOptions) -> Iterator[tuple[int, list[Any]]]:
    row = 0
    try:
        for row, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
            yield row, [_xlsx_cell(c, o) for c in cells]
    except DataError:
        raise
    except Exception as exc:  # a damaged sheet XML: ParseError, KeyError, ValueError ...
        raise DataError(
            Problem(
                f"sheet {ws.title!r} cannot be read after row {row}: {_reason(exc)}",
                file=f"{p}[{ws.title}]",
                fix="open and save the workbook again in Excel, or export the sheet as CSV",
            )
        ) from None


def _xlsx_cell(c: Any, o: ReadOptions) -> Any:
    value = getattr(c, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = getattr(c, "number_format", "") or ""
        if "%" in fmt.replace('"%"', "").replace("\\%", ""):
            return PercentCell(float(Decimal(repr(float(value))) * 100))
    return _cell(value, o)


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]] | None:
    """The sheet's merged ranges ``(min_col, min_row, max_col, max_row)``, 1-based.

    Read-only workbooks do not load them, so the sheet XML is scanned for
    ``<mergeCell ref=...>`` (written after the cells); None if that fails.
    """
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import range_boundaries

    ranges = []
    try:
        src = ws._get_source()
        try:
            for _, el in ET.iterparse(src):
                if el.tag.endswith("}mergeCell") and el.get("ref"):
                    ranges.append(range_boundaries(el.get("ref")))
                elif el.tag.endswith("}row"):
                    el.clear()
        finally:
            src.close()
    except Exception:  # the cells are read (and a damage reported) by the row reader
        return None
    return ranges


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


# ---------------------------------------------------------------------------- Parquet


def _read_parquet(p: Path, o: ReadOptions) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:  # the footer first: names are checked before any column is read
        names = [str(n).strip() for n in pq.read_schema(p).names]
        _check_names(str(p), names, replace(o, header_row=1, header_rows=1), None,
                     "name every column when writing the file")  # fmt: skip
        table = pq.ParquetFile(p).read()
    except (pa.ArrowException, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(
            Problem(
                f"cannot read the Parquet file: {_reason(exc)}",
                file=str(p),
                fix="the file is damaged or not Parquet: write it again",
            )
        ) from None
    if table.num_rows == 0:
        raise DataError(Problem("the file has no data rows", file=str(p), line=2))
    columns = {name: _arrow_column(table.column(i), o) for i, name in enumerate(names)}
    # Parquet has no spreadsheet rows; number them as if row 1 were a header
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return RawTable(str(p), tuple(names), columns, rows, options=o)


def _arrow_column(col: Any, o: ReadOptions) -> Any:
    """Numbers as a float array (nulls -> NaN); anything else as a list of cells."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = col.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        floats = pc.fill_null(pc.cast(col, pa.float64()), float("nan"))
        return np.asarray(floats.to_numpy(), dtype=np.float64)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return arrow_texts(col, o)
    return [_cell(v, o) for v in col.to_pylist()]


_ASCII_SPACE = " \t\n\v\f\r\x1c\x1d\x1e\x1f"  # what str.strip() strips from ASCII text


def arrow_texts(col: Any, o: ReadOptions) -> list[Any]:
    """An Arrow text column as cells (as :func:`_cell` gives them), computed column-wise.

    Stripped, and None where empty or a missing-value token.  Vectorised when the column is
    ASCII (``lower`` is then ``casefold``); other text goes cell by cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(col, characters=_ASCII_SPACE)
    if pc.all(pc.string_is_ascii(trimmed)).as_py() is False:
        return [_cell(v, o) for v in col.to_pylist()]
    tokens = pa.array(sorted(o._tokens), type=pa.string())
    missing = pc.or_kleene(pc.equal(trimmed, ""), pc.is_in(pc.utf8_lower(trimmed), tokens))
    return pc.if_else(missing, pa.scalar(None, pa.string()), trimmed).to_pylist()


def iter_parquet_batches(
    path: str | Path, columns: Sequence[str], *, batch_rows: int = 65_536
) -> Iterator[Any]:
    """Record batches of a Parquet file, so large files are scored in bounded memory.

    Row group by row group, without pre-buffering and with buffered column reads: pyarrow's
    ``iter_batches`` over the whole file pre-buffers every row group it will read (the
    whole file: 715 MiB peak for a 505 MB file, against 290 MiB this way).
    """
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
    for group in range(file.num_row_groups):
        yield from file.iter_batches(
            batch_size=batch_rows, row_groups=[group], columns=list(columns)
        )


# ------------------------------------------------------------------ batches (streamed engine)


@dataclass(frozen=True)
class BatchFile:
    """A CSV or Parquet file read in record batches, once per pass (the streamed engine).

    ``names`` are the checked column names (the same checks as :func:`read_table`);
    :meth:`batches` reads chosen columns, CSV cells as text (stripped and missing-value
    tokens applied later, as :func:`read_table` does), Parquet columns as stored.
    ``rows`` is known up front for Parquet only.
    """

    file: str
    names: tuple[str, ...]
    kind: Literal["csv", "parquet"]
    options: ReadOptions
    rows: int | None = None
    encoding: str = "utf8"
    delimiter: str = ","

    def bounds(self, column: str) -> tuple[float, float] | None:
        """Minimum and maximum of a Parquet DOUBLE column from the footer's row-group
        statistics (which leave NaN out), without reading it; None when some row group
        with values has none (then the values are read)."""
        if self.kind != "parquet":
            return None
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(self.file).metadata
        if meta.num_columns != len(self.names) or column not in self.names:
            return None
        k = self.names.index(column)
        lo, hi = math.inf, -math.inf
        for g in range(meta.num_row_groups):
            chunk = meta.row_group(g).column(k)
            stats = chunk.statistics
            if chunk.physical_type != "DOUBLE" or stats is None:
                return None
            if not stats.has_min_max:
                if stats.num_values == 0:  # non-null values: none in this row group
                    continue
                return None
            if math.isnan(stats.min) or math.isnan(stats.max):
                return None
            lo, hi = min(lo, stats.min), max(hi, stats.max)
        return (lo, hi) if lo <= hi else None

    def batches(
        self,
        columns: Sequence[str],
        *,
        batch_rows: int = 65_536,
        numbers: Collection[str] = (),
    ) -> Iterator[Any]:
        """Record batches holding ``columns`` (by name) and nothing else.

        CSV ``numbers`` are parsed by pyarrow as float64, a missing-value token (in any
        letter case) as null; a cell that is neither raises ``pyarrow.ArrowInvalid`` (then
        :func:`read_table` must read the file, to locate it).
        """
        if self.kind == "parquet":
            yield from iter_parquet_batches(self.file, columns, batch_rows=batch_rows)
            return
        import pyarrow as pa
        import pyarrow.csv as pacsv

        keys = [f"c{k}" for k in range(len(self.names))]
        at = {name: keys[k] for k, name in enumerate(self.names)}
        wanted = [at[c] for c in columns]
        types = {
            k: pa.float64() if c in numbers else pa.string()
            for k, c in zip(wanted, columns, strict=True)
        }
        reader = pacsv.open_csv(
            self.file,
            read_options=pacsv.ReadOptions(
                skip_rows=1,
                column_names=keys,
                # small blocks, joined into batches below: pyarrow's streaming reader held
                # 1 GiB for 1M x 52 with 54 MB blocks, 234 MiB with 4 MiB ones (and is faster)
                block_size=max(1 << 14, min(4 << 20, batch_rows * 16 * len(self.names))),
                encoding=self.encoding,
            ),
            parse_options=pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                include_columns=wanted,
                null_values=_token_spellings(self.options),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        held: list[Any] = []
        count = 0
        for batch in reader:
            held.append(batch)
            count += batch.num_rows
            if count >= batch_rows:
                yield _joined(held, columns)
                held, count = [], 0
        if held:
            yield _joined(held, columns)


class BatchSpill:
    """Parsed record batches kept in a temporary Arrow IPC file, read back batch by batch.

    The streamed engine reads a CSV file up to three times (statistics, scoring, output);
    parsing text is most of a pass's cost (about 4 s of CPU for 1M rows x 52 columns here),
    reading Arrow's own format back almost none.  The first pass writes what it parsed here
    and the later passes read it: one parse.  The file lives in a private temporary folder
    (``TMPDIR``), about 8 bytes a number cell, removed by :meth:`discard` (and when the
    object is collected).  :meth:`create` gives None where a spill would cost memory rather
    than disk (a RAM-backed tmpfs) or the folder has less room than twice ``size`` bytes;
    :meth:`write` gives False and removes the file when the disk fills: the later passes
    then parse the CSV again, as they did before.
    """

    def __init__(self) -> None:
        import tempfile

        self._dir: Any = tempfile.TemporaryDirectory(prefix="qualindex-spill-")
        self.path = Path(self._dir.name) / "batches.arrow"
        self._sink: Any = None
        self._writer: Any = None
        self.batches = 0

    @classmethod
    def create(cls, size: int) -> BatchSpill | None:
        """A new spill for about ``size`` bytes, or None where it should not be made."""
        import shutil
        import tempfile

        where = tempfile.gettempdir()
        try:
            if _memory_backed(where) or shutil.disk_usage(where).free < 2 * size:
                return None
            return cls()
        except OSError:
            return None

    def write(self, batch: Any) -> bool:
        """Append ``batch``; False (the spill removed) when it could not be written."""
        import pyarrow as pa

        try:
            if self._writer is None:
                self._sink = pa.OSFile(str(self.path), "wb")
                self._writer = pa.ipc.new_file(self._sink, batch.schema)
            self._writer.write_batch(batch)
        except OSError:  # pyarrow's IO errors are OSErrors: a full disk, a lost folder
            self.discard()
            return False
        self.batches += 1
        return True

    def finish(self) -> None:
        """Close the file for reading."""
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None

    def read(self, columns: Sequence[str]) -> Iterator[Any]:
        """The batches written, holding ``columns`` (by name), one at a time in memory."""
        import pyarrow as pa

        if not self.batches:
            return
        with pa.OSFile(str(self.path), "rb") as source:  # not memory-mapped: bounded RSS
            reader = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i).select(list(columns))

    def discard(self) -> None:
        """Remove the file (idempotent)."""
        for closing in (self._writer, self._sink):
            try:
                if closing is not None:
                    closing.close()
            except OSError:
                pass
        self._writer = self._sink = None
        self.batches = 0
        self._dir.cleanup()


def _memory_backed(folder: str) -> bool:
    """Whether ``folder`` is on a RAM-backed file system (Linux tmpfs/ramfs, by
    /proc/self/mounts: the mount point that is the longest prefix of its real path)."""
    import os

    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            table = [line.split()[1:3] for line in mounts if len(line.split()) >= 3]
    except OSError:
        return False  # not Linux: its temporary folder is on disk
    real = os.path.realpath(folder)
    best, kind = "", ""
    for point, fs in table:
        point = point.replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fs
    return kind in ("tmpfs", "ramfs")


def _joined(batches: list[Any], names: Sequence[str]) -> Any:
    """Record batches of one schema as one batch, its columns named ``names``."""
    import pyarrow as pa

    if len(batches) == 1:
        one = batches[0]
    else:
        one = pa.Table.from_batches(batches).combine_chunks().to_batches()[0]
    return pa.RecordBatch.from_arrays(one.columns, names=list(names))


def _token_spellings(o: ReadOptions) -> list[str]:
    """Every letter case of the missing-value tokens (pyarrow matches nulls exactly)."""
    out: set[str] = set()
    for token in o._tokens:
        if token.isascii() and len(token) <= 8:
            cases = [(c.lower(), c.upper()) if c.isalpha() else (c,) for c in token]
            out.update("".join(t) for t in itertools.product(*cases))
        else:
            out.add(token)
    return sorted(out)


def open_batches(path: str | Path, options: ReadOptions) -> BatchFile | None:
    """A CSV or Parquet file for reading in batches, its header checked as
    :func:`read_table` checks it; None when the file must be read whole to be read as
    :func:`read_table` reads it (another layout of the header, decimal commas ...)."""
    p = Path(path)
    suffix = p.suffix.lower()
    o = options
    if o.header_row != 1 or o.header_rows != 1 or not o.point or o.thousands is not None:
        return None
    if suffix in (".parquet", ".pq"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(p).metadata
            names = [str(n).strip() for n in meta.schema.to_arrow_schema().names]
        except (pa.ArrowException, OSError, ValueError, EOFError):
            return None  # read_table names the problem
        _check_names(str(p), names, o, None, "name every column when writing the file")
        return BatchFile(str(p), tuple(names), "parquet", o, meta.num_rows)
    if suffix not in (".csv", ".txt", ".tsv"):
        return None
    with p.open("rb") as fh:
        raw = fh.read(_SAMPLE * 4)
    cut = raw.rfind(b"\n") + 1
    if cut == 0:
        return None  # one line or an empty file: read whole, as always
    text, encoding, _source = _decode(p, raw[:cut], o.encoding)
    if "\n\n" in text or "\n\r\n" in text or text.startswith(("\n", "\r")):
        return None  # blank lines: the csv module's path numbers rows around them
    delimiter = o.delimiter or _sniff(text)
    try:
        head = _head(text, delimiter, o._tokens)
    except csv.Error:
        return None
    names, _ = _split_header(str(p), head, o)
    arrow_encoding = "utf8" if encoding in ("utf-8", "utf-8-sig", "utf8") else encoding
    return BatchFile(str(p), tuple(names), "csv", o, None, arrow_encoding, delimiter)


def arrow_numbers(col: Any, o: ReadOptions) -> FloatArray | None:
    """An Arrow text column as floats when every cell is a plain number or missing (the
    cells :func:`read_table` reads without a message); None otherwise."""
    return _arrow_number_column(col, o, True)[0]


def arrow_keys(col: Any, o: ReadOptions) -> Any:
    """An Arrow text column of keys (entity, period, group) as :func:`key_texts` of
    :func:`arrow_texts` gives them, kept in Arrow: stripped, null where missing.

    Column-wise for ASCII text, whose ``str.strip`` is the trim of :data:`_ASCII_SPACE`;
    other text cell by cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(col, characters=_ASCII_SPACE)
    if pc.all(pc.string_is_ascii(trimmed)).as_py() is False:
        cells = arrow_texts(col, o)
        texts = key_texts(cells)
        return pa.array([None if c is None else t for c, t in zip(cells, texts, strict=True)],
                        type=pa.string())  # fmt: skip
    tokens = pa.array(sorted(o._tokens), type=pa.string())
    missing = pc.or_kleene(pc.equal(trimmed, ""), pc.is_in(pc.utf8_lower(trimmed), tokens))
    return pc.if_else(missing, pa.scalar(None, pa.string()), trimmed)
