"""Large CSV files are read by pyarrow's CSV reader: the same cells, numbers and located refusals
as the csv module's path (which reads every file given no number columns)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from qualindex.errors import DataError
from qualindex.evaluate.io import RawTable, ReadOptions, read_table

ROWS = 40_000  # over a million characters: the size from which pyarrow reads the file
NUMBERS = frozenset({"x", "y", "z"})


def _write(path: Path, rows: list[str], newline: str = "\n") -> Path:
    path.write_text(newline.join(["entity, period ,x,y,z,note", *rows]) + newline, "utf-8")
    return path


def _rows(n: int = ROWS) -> list[str]:
    cells = []
    for i in range(n):
        name = f'"医院 {i}"' if i % 7 == 0 else f" h{i} "  # quoted, non-ASCII, spaced
        missing = ("NA", "-", "无", "", " n/a ", "/")[i % 6]
        x = f"{(i * 37) % 1000 / 7:.6f}" if i % 5 else missing
        y = ("1e3", "+2.5", ".5", "7.", "-0.25", "12")[i % 6]
        cells.append(f'{name},2024-{1 + i % 12:02d},{x},{y}, {i} ,"a, b {i}"')
    return cells


def _same(fast: RawTable, slow: RawTable) -> None:
    assert fast.header == slow.header
    assert list(fast.rows) == list(slow.rows)
    for name in fast.header:
        a, b = fast.columns[name], slow.columns[name]
        if isinstance(a, np.ndarray):  # a number column: float(text) of the csv module's cell
            want = [math.nan if c is None else float(c) for c in b]
            np.testing.assert_array_equal(a, want)
        else:
            assert a == b, name


def test_a_large_regular_file_reads_the_same_cells_and_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.csv", _rows())
    fast, slow = read_table(path, numbers=NUMBERS), read_table(path)
    assert {n for n in fast.header if isinstance(fast.columns[n], np.ndarray)} == NUMBERS
    _same(fast, slow)
    assert fast.columns["entity"][7] == "医院 7" and fast.columns["entity"][1] == "h1"
    assert fast.columns["x"][0] != fast.columns["x"][0]  # "NA": missing, NaN


def test_crlf_and_a_bom_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _write(tmp_path / "x.csv", _rows(), "\r\n").read_bytes())
    fast, slow = read_table(path, numbers=NUMBERS), read_table(path)
    _same(fast, slow)
    assert fast.encoding == slow.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("bad", "at"),
    [
        ("6,5", None),  # a decimal comma: a cell more than the header, refused where it is
        ("abc", None),  # not a number: the column stays text, its cell is refused later
    ],
)
def test_a_bad_cell_is_refused_at_the_same_place(tmp_path: Path, bad: str, at: None) -> None:
    rows = _rows()
    rows[30_000] = rows[30_000].replace(",2024-", ",2024-", 1).split(",")[0] + (
        f",2024-01,{bad},1,2,note"
    )
    path = _write(tmp_path / "bad.csv", rows)

    def outcome(numbers: frozenset[str]) -> object:
        try:
            table = read_table(path, numbers=numbers)
        except DataError as exc:
            return str(exc)
        return table.columns["x"][30_000], table.cell_ref(30_000, "x")

    slow, fast = outcome(frozenset()), outcome(NUMBERS)
    assert fast == slow
    if bad == "6,5":
        assert re.search(r"bad\.csv:30002", str(slow))
    else:
        assert slow == ("abc", f"{path}:30002:3")


@pytest.mark.parametrize("gap", ["\n\n", "\n,,,,,\n", '\n"h", "2024-01", "1\n2", 1, 2, n\n'])
def test_blank_rows_and_multiline_cells_keep_their_line_numbers(tmp_path: Path, gap: str) -> None:
    rows = _rows()
    text = "\n".join(["entity, period ,x,y,z,note", *rows[:100]]) + gap + "\n".join(rows[100:])
    path = tmp_path / "gaps.csv"
    path.write_text(text + "\n", "utf-8")
    _same(read_table(path, numbers=NUMBERS), read_table(path))


def test_options_that_change_numbers_keep_the_text_path(tmp_path: Path) -> None:
    path = _write(tmp_path / "comma.csv", _rows())
    opts = ReadOptions(decimal=",", delimiter=",")
    table = read_table(path, options=opts, numbers=NUMBERS)
    assert not any(isinstance(c, np.ndarray) for c in table.columns.values())
