"""Property: a numeric table written in any supported dialect reads back to the same numbers.

Dialect = encoding (detected, not given) x delimiter (detected) x decimal mark
(given) x thousands grouping (given).  Python's ``csv`` writer quotes a cell that
holds the delimiter, as Excel does.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualindex.evaluate.io import ReadOptions, parse_number, read_table

ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16")
DELIMITERS = (",", ";", "\t")
HEADER = ["医院名称", "平均住院日", "患者满意度", "床位使用率"]

numbers = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(-(10**9), 10**9).map(float),
    st.just(math.nan),
)


def _write(value: float, decimal: str, thousands: str | None) -> str:
    if math.isnan(value):
        return ""
    text = format(value, "," if thousands else "")
    if "e" in text or "E" in text:
        text = repr(value)  # no grouping in scientific notation
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands or "")
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(numbers, min_size=3, max_size=3), min_size=1, max_size=8),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
    decimal=st.sampled_from([".", ","]),
    grouped=st.booleans(),
    crlf=st.booleans(),
)
def test_dialects_read_back_the_same_numbers(
    rows: list[list[float]],
    encoding: str,
    delimiter: str,
    decimal: str,
    grouped: bool,
    crlf: bool,
) -> None:
    thousands = ("." if decimal == "," else ",") if grouped else None
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(HEADER)
    for k, row in enumerate(rows):
        writer.writerow([f"第{k + 1}医院", *[_write(x, decimal, thousands) for x in row]])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        path.write_bytes(buf.getvalue().encode(encoding))
        options = ReadOptions(decimal=decimal, thousands=thousands)  # type: ignore[arg-type]
        table = read_table(path, options=options)
    assert table.delimiter == delimiter
    assert table.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    assert table.header == tuple(HEADER)
    assert table.columns["医院名称"] == [f"第{k + 1}医院" for k in range(len(rows))]
    for j, name in enumerate(HEADER[1:]):
        got = [parse_number(c, table.options) for c in table.columns[name]]
        want = [row[j] for row in rows]
        assert [g if not math.isnan(g) else None for g in got] == [
            w if not math.isnan(w) else None for w in want
        ]
