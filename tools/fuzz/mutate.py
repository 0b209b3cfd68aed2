"""Structure-aware, seeded mutators for qualindex inputs (issue 18).

Every mutator takes a ``random.Random`` and returns new content, so a case is fully
reproduced by its seed.  YAML documents (index systems, judgments, run configurations,
presets) are mutated as trees -- a key deleted, renamed or added, a value replaced by
a hostile one, a list duplicated or nested -- and as text (recursive anchors, unsafe
tags, bad scalars, control characters, truncation, tabs).  Data files are corrupted
at the byte level (CSV/xlsx/Parquet) and at the cell level (long cells, blank or
duplicate headers, non-numbers, conflicting duplicate rows).
"""

from __future__ import annotations

import copy
import csv
import io
import math
import random
import zipfile
from collections.abc import Callable
from typing import Any

import yaml

__all__ = [
    "HOSTILE_TEXT",
    "corrupt_bytes",
    "mutate_csv",
    "mutate_yaml_text",
    "mutate_yaml_tree",
    "to_parquet",
    "to_xlsx",
]

HOSTILE_TEXT = [
    "",
    " ",
    ":100:",
    "[red]x[/red]",
    "\x1b[31mred",
    "a" * 300,
    "名字" * 50,
    "../../etc/passwd",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0",
    "1/0",
    "9/1",
    "1/9",
    "null",
    "~",
    "yes",
    "2026-02-30",
    "x" * 200_000,
]
HOSTILE_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    9,
    10,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    0.5,
    [],
    {},
    [None],
    {"": None},
    [[[]]],
    *HOSTILE_TEXT[:-1],
]


# --- YAML trees ---------------------------------------------------------------------------
def _nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out = [(path, data)]
    stack = [(path, data)]
    while stack:
        p, d = stack.pop()
        items = d.items() if isinstance(d, dict) else enumerate(d) if isinstance(d, list) else []
        for k, v in items:
            out.append(((*p, k), v))
            stack.append(((*p, k), v))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    parent[path[-1]] = value
    return data


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for k in path[:-1]:
        data = data[k]
    return data


def mutate_yaml_tree(rng: random.Random, data: Any, rounds: int = 1) -> Any:
    """``data`` (a parsed YAML document) with ``rounds`` structure-aware mutations."""
    data = copy.deepcopy(data)
    for _ in range(rounds):
        nodes = _nodes(data)
        path, value = rng.choice(nodes)
        op = rng.choice(_TREE_OPS)
        data = op(rng, data, path, value)
    return data


def _replace(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    return _set(data, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))


def _delete(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return data
    parent = _parent(data, path)
    del parent[path[-1]]
    return data


def _rename(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path or not isinstance(path[-1], str):
        return data
    parent = _parent(data, path)
    key = path[-1]
    new = rng.choice([key[:-1], key + "s", key.upper(), "", " " + key, key.replace("_", "-")])
    parent[new] = parent.pop(key)
    return data


def _add_key(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if isinstance(value, dict):
        value[rng.choice(["extra", "unit", "weighting", "children", "id", "<<", "1"])] = (
            copy.deepcopy(rng.choice(HOSTILE_VALUES))
        )
    return data


def _duplicate(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if isinstance(value, list) and value:
        item = copy.deepcopy(rng.choice(value))
        value.insert(rng.randrange(len(value) + 1), item)
    elif path and isinstance(_parent(data, path), list):
        _parent(data, path).append(copy.deepcopy(value))
    return data


def _wrap(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    wrapped = rng.choice([[value], {"value": value}, [value, value], [[value]]])
    return _set(data, path, wrapped)


def _retype(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        new: Any = str(value)
    elif isinstance(value, (int, float)):
        new = rng.choice(
            [str(value), -value, value * 1000, int(value) if math.isfinite(value) else 0]
        )
    elif isinstance(value, str):
        new = rng.choice([len(value), [value], {value: value}, value * 2, value[: len(value) // 2]])
    elif isinstance(value, list):
        new = {str(i): v for i, v in enumerate(value)}
    else:
        new = list(value.values()) if isinstance(value, dict) else value
    return _set(data, path, new)


def _swap(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if isinstance(value, list) and len(value) > 1:
        rng.shuffle(value)
        if rng.random() < 0.3:
            value.reverse()
    return data


def _many(rng: random.Random, data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """Many copies of a value: big but bounded lists (error-collection time)."""
    if isinstance(value, list):
        n = rng.choice([100, 1000, 5000])
        filler = copy.deepcopy(value[0]) if value else rng.choice(HOSTILE_VALUES)
        value.extend(copy.deepcopy(filler) for _ in range(n))
    return data


_TREE_OPS: list[Callable[[random.Random, Any, tuple[Any, ...], Any], Any]] = [
    _replace,
    _replace,
    _delete,
    _rename,
    _add_key,
    _duplicate,
    _wrap,
    _retype,
    _retype,
    _swap,
    _many,
]


def dump_yaml(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 5-10x the Python one
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=200)


# --- YAML text ----------------------------------------------------------------------------
_TEXT_SNIPPETS = [
    "a: &a [*a]\n",
    "a: &a {<<: *a}\n",
    "b: &b [1, 2, 3]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
    "version: 2026-02-30\n",
    "x: !!int abc\n",
    "x: !!bool maybe\n",
    "x: !!timestamp nope\n",
    "x: !!float\n",
    "x: !!python/object/apply:os.system ['echo pwned']\n",
    "x: !!binary aGk=\n",
    "x: !custom 1\n",
    "x: *undefined\n",
    "x: &d 1\ny: &d 2\n",
    "---\nanother: document\n",
    "x: " + "[" * 70 + "]" * 70 + "\n",
    "x: " + "[" * 5000 + "\n",
    "? [complex, key]\n: 1\n",
    "\tx: tab\n",
    "x: 'unterminated\n",
    "x: \x1b[31m\n",
    "x: a\x7fb\n",
    "x: \x00\n",
    "x: \ufeffbom\n",
    "~: null key\n",
    "1: int key\n",
    "x: " + "y" * 100_000 + "\n",
]


def mutate_yaml_text(rng: random.Random, text: str) -> str:
    """Text-level damage: a hostile snippet inserted, lines dropped/duplicated, a cut."""
    lines = text.splitlines(keepends=True) or [""]
    op = rng.randrange(7)
    at = rng.randrange(len(lines) + 1)
    if op <= 1:
        snippet = rng.choice(_TEXT_SNIPPETS)
        if op == 1 and at < len(lines):  # indent like the line it goes before
            indent = len(lines[at]) - len(lines[at].lstrip(" "))
            snippet = "".join(" " * indent + ln for ln in snippet.splitlines(keepends=True))
        lines.insert(at, snippet)
    elif op == 2 and lines:
        del lines[rng.randrange(len(lines))]
    elif op == 3 and lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif op == 4:
        cut = rng.randrange(len(text) + 1)
        return text[:cut]
    elif op == 5 and lines:
        i = rng.randrange(len(lines))
        lines[i] = lines[i].replace("  ", "\t", 1)
    else:
        i = rng.randrange(len(lines))
        pos = rng.randrange(len(lines[i]) + 1)
        lines[i] = (
            lines[i][:pos]
            + rng.choice([*HOSTILE_TEXT[:-1], "{", "]", ":", "- ", "&", "*", "!"])
            + lines[i][pos:]
        )
    return "".join(lines)


# --- data files -------------------------------------------------------------------------
def corrupt_bytes(rng: random.Random, data: bytes) -> bytes:
    """Byte-level damage: flipped bytes, a truncation, a repeated or dropped block."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    buf = bytearray(data)
    op = rng.randrange(5)
    if op == 0:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif op == 1:
        del buf[rng.randrange(len(buf)) :]
    elif op == 2:
        i = rng.randrange(len(buf))
        buf[i:i] = buf[i : i + rng.randint(1, 4096)]
    elif op == 3:
        i = rng.randrange(len(buf))
        del buf[i : i + rng.randint(1, 4096)]
    else:
        i = rng.randrange(len(buf))
        buf[i:i] = rng.choice([b"\x00", b"\xff\xfe", b"\r", b'"', b",", b"\n\n", b"\xe4\xb8"])
    return bytes(buf)


def _rows(text: str) -> list[list[str]]:
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        return [["x"]]


def mutate_csv(rng: random.Random, text: str) -> str:
    """Cell-level damage of a CSV table (headers, cells, rows)."""
    rows = _rows(text) or [["x"]]
    header, body = rows[0], rows[1:]
    op = rng.randrange(9)
    if op == 0 and header:
        header[rng.randrange(len(header))] = rng.choice(["", " ", header[0], ":100:", "[red]"])
    elif op == 1 and body:
        r = rng.choice(body)
        if r:
            r[rng.randrange(len(r))] = rng.choice(HOSTILE_TEXT)
    elif op == 2 and body:  # the same entity/period twice with other values: a conflict
        dup = list(rng.choice(body))
        for i in range(1, len(dup)):
            if rng.random() < 0.5:
                dup[i] = str(rng.uniform(-10, 1000))
        body.insert(rng.randrange(len(body) + 1), dup)
    elif op == 3 and len(header) > 1:
        i = rng.randrange(len(header))
        for r in [header, *body]:
            if i < len(r):
                del r[i]
    elif op == 4:
        body = body[: rng.randrange(len(body) + 1)]
    elif op == 5 and body:
        rng.choice(body).append("extra")
    elif op == 6:
        for r in body:
            for i in range(1, len(r)):
                if rng.random() < 0.3:
                    r[i] = ""
    elif op == 7 and body:
        col = rng.randrange(len(header)) if header else 0
        for r in body:
            if col < len(r):
                r[col] = rng.choice(["1e309", "NaN", "-", "1,5", " 3 ", "0x10"])
    else:
        # up to 50 times, but at most ~20,000 rows: a bigger table only makes the case (and
        # its xlsx conversion) slow without reaching new code
        times = min(rng.choice([2, 50]), max(2, 20_000 // max(len(body), 1)))
        rows = [header, *(body * times)]
        return _csv_text(rows)
    return _csv_text([header, *body])


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def to_xlsx(rng: random.Random, text: str) -> bytes:
    """The CSV table as an .xlsx workbook, sometimes with damaged sheet XML."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in _rows(text):
        ws.append([_number(c) for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if rng.random() < 0.4:
        data = _damage_zip_member(rng, data, "xl/worksheets/sheet1.xml")
    return data


def _number(cell: str) -> Any:
    try:
        return float(cell)
    except ValueError:
        return cell


def _damage_zip_member(rng: random.Random, data: bytes, member: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == member:
                body = rng.choice(
                    [body[: len(body) // 2], body.replace(b"<row", b"<rw", 1), b"<<<", b""]
                )
            dst.writestr(info, body)
    return out.getvalue()


def to_parquet(rng: random.Random, text: str) -> bytes:
    """The CSV table as Parquet: sometimes duplicate or blank column names."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _rows(text) or [["x"]]
    header, body = rows[0], rows[1:]
    names = list(header)
    if names and rng.random() < 0.25:
        names[rng.randrange(len(names))] = rng.choice(["", names[0]])
    columns = []
    for i in range(len(names)):
        cells = [r[i] if i < len(r) else None for r in body]
        try:
            columns.append(pa.array([float(c) if c not in (None, "") else None for c in cells]))
        except ValueError:
            columns.append(pa.array(cells, type=pa.string()))
    table = pa.Table.from_arrays(columns, names=names)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()
