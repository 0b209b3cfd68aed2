"""Reading data tables (CSV, Excel .xlsx, Parquet) into columns that remember their rows.

A :class:`RawTable` keeps every cell as read (text, number or None) with the row
number a user sees in their spreadsheet (the header is row 1), so that the
dataset builder can name the file, row and column of every bad cell.  openpyxl
and pyarrow are imported only when such a file is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualindex.errors import DataError, Problem

__all__ = ["RawTable", "iter_parquet_batches", "read_table"]

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq")


@dataclass(frozen=True)
class RawTable:
    """Columns of raw cells; ``rows[i]`` is the spreadsheet row number of cell ``i``."""

    file: str
    header: tuple[str, ...]
    columns: dict[str, list[Any]]
    rows: list[int]

    def __len__(self) -> int:
        return len(self.rows)


def read_table(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read a CSV, .xlsx or Parquet file (chosen by suffix)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file():
        what = "is a folder, not a data file" if p.is_dir() else "data file not found"
        raise DataError(Problem(what, file=str(p), fix="check data.files.path or --data"))
    if suffix in (".csv", ".txt"):
        header, records = _read_csv(p)
    elif suffix in (".xlsx", ".xlsm"):
        header, records = _read_xlsx(p, sheet)
    elif suffix in (".parquet", ".pq"):
        return _read_parquet(p)
    else:
        raise DataError(
            Problem(
                f"cannot read {suffix or 'files without a suffix'}",
                file=str(p),
                fix=f"use one of {', '.join(SUFFIXES)}",
            )
        )
    return _table(str(p), header, records)


def _table(file: str, header: Sequence[Any], records: list[tuple[int, list[Any]]]) -> RawTable:
    names = [str(h).strip() if h is not None else "" for h in header]
    if not any(names):
        raise DataError(
            Problem(
                "the file has no header row", file=file, line=1, fix="put column names in row 1"
            )
        )
    seen: dict[str, int] = {}
    for col, name in enumerate(names, start=1):
        if not name:
            raise DataError(
                Problem(
                    f"column {col} has no name",
                    file=file,
                    line=1,
                    col=col,
                    fix="name every column in row 1",
                )
            )
        if name in seen:
            raise DataError(
                Problem(
                    f"column {name!r} appears twice (columns {seen[name]} and {col})",
                    file=file,
                    line=1,
                    col=col,
                    fix="rename one of them",
                )
            )
        seen[name] = col
    if not records:
        raise DataError(
            Problem(
                "the file has a header but no data rows",
                file=file,
                line=2,
                fix="add one row per entity (or respondent)",
            )
        )
    columns: dict[str, list[Any]] = {n: [] for n in names}
    for _row, cells in records:
        cells = list(cells) + [None] * (len(names) - len(cells))
        for name, cell in zip(names, cells, strict=False):
            columns[name].append(cell)
    return RawTable(file, tuple(names), columns, [r for r, _ in records])


def _read_csv(p: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    raw = p.read_bytes()
    if not raw.strip():
        raise DataError(
            Problem(
                "data file is empty", file=str(p), line=1, fix="export the table with a header row"
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            Problem(
                "the file is not UTF-8 (Excel's 'CSV UTF-8' format is)",
                file=str(p),
                line=line,
                fix="save it as CSV UTF-8, or as .xlsx",
            )
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    records = []
    for cells in reader:
        if any(c.strip() for c in cells):
            records.append((reader.line_num, [c.strip() or None for c in cells]))
    return header, records


def _read_xlsx(p: Path, sheet: str | None) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataError(Problem(f"cannot open workbook: {exc}", file=str(p))) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(
                Problem(
                    f"no sheet {sheet!r}", file=str(p), fix=f"sheets: {', '.join(book.sheetnames)}"
                )
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        records = [
            (i, [c.strip() or None if isinstance(c, str) else c for c in cells])
            for i, cells in enumerate(rows, start=2)
            if any(c is not None and str(c).strip() for c in cells)
        ]
    finally:
        book.close()
    if not header:
        raise DataError(Problem("data sheet is empty", file=str(p), line=1))
    return header, records


def _read_parquet(p: Path) -> RawTable:
    import pyarrow.parquet as pq

    table = pq.read_table(p)
    if table.num_rows == 0:
        raise DataError(Problem("the file has no data rows", file=str(p), line=2))
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    # Parquet has no spreadsheet rows; number them as if row 1 were a header
    return RawTable(str(p), tuple(table.column_names), columns, list(range(2, table.num_rows + 2)))


def iter_parquet_batches(
    path: str | Path, columns: Sequence[str], *, batch_rows: int = 65_536
) -> Iterator[Any]:
    """Record batches of a Parquet file, so large files are scored in bounded memory."""
    import pyarrow.parquet as pq

    yield from pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=list(columns))
