"""Hostile input at the YAML door and in problem reporting (issue 18, issue 11 item 3).

Recursive anchors, bad scalars and unsafe tags have their regression files in
``tests/data/invalid/`` (run by ``test_invalid_files.py``); this module checks what a
single file cannot: time and size bounds, the capped listing, caches, literal printing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import MAX_MESSAGE_PROBLEMS, IndexFileError, Problem, QualindexError
from qualindex.hierarchy import load_index, load_presets
from qualindex.hierarchy.yamlio import MAX_DEPTH, read_yaml, read_yaml_text
from qualindex.render import MAX_PRINTED, literal, print_problems
from qualindex.resources import presets_file

INVALID = Path(__file__).parents[1] / "data" / "invalid"
runner = CliRunner()


def _index_with_source(tmp_path: Path, source: str) -> Path:
    text = (INVALID / "unknown-key.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    path = tmp_path / "many.yaml"
    path.write_text(text.replace("source: test fixture", f"source: {source}"), encoding="utf-8")
    return path


def test_100000_bad_items_are_refused_fast_with_every_problem_kept(tmp_path: Path) -> None:
    """0.3 MB, 100,000 list items that must be text: linear collection (was > 90 s)."""
    (tmp_path / "warm").mkdir()
    warm = _index_with_source(tmp_path / "warm", "[" + ", ".join(["1"] * 10) + "]")
    with pytest.raises(IndexFileError):  # the validators are built on first use: not timed
        load_index(warm)
    path = _index_with_source(tmp_path, "[" + ", ".join(["1"] * 100_000) + "]")
    assert 0.29e6 < path.stat().st_size < 0.32e6
    seconds = []
    for _ in range(3):  # CPU time, the best of three: the test machine is shared (and a VM)
        start = time.process_time()
        with pytest.raises(IndexFileError) as info:
            load_index(path)
        seconds.append(time.process_time() - start)
    assert min(seconds) < 2.0, seconds
    problems = info.value.problems
    items = [p for p in problems if p.path and p.path.startswith("source[")]
    assert len(items) == 100_000
    assert items[-1].path == "source[99999]" and items[-1].line == 5
    assert items[-1].col == len("source: [") + 3 * 99_999 + 1
    assert any("untis" in p.message for p in problems)  # the other mistake is still found
    assert str(info.value).count("\n") == MAX_MESSAGE_PROBLEMS  # 50 lines + "... and N more"
    assert f"and {len(problems) - MAX_MESSAGE_PROBLEMS:,} more problems" in str(info.value)


def test_cli_prints_50_problems_per_file_and_json_carries_all(tmp_path: Path) -> None:
    path = _index_with_source(tmp_path, "[" + ", ".join(["1"] * 500) + "]")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert sum("error:" in line for line in lines) == MAX_PRINTED
    assert lines[-1] == f"{path}: … and {501 - MAX_PRINTED:,} more problems in this file"
    as_json = runner.invoke(app, ["validate", str(path), "--format", "json"])
    report = json.loads(as_json.output)
    assert len(report[0]["problems"]) == 501


def test_print_problems_caps_each_file_separately() -> None:
    problems = [Problem("bad", file="a.yaml", line=i) for i in range(1, 61)]
    problems += [Problem("bad", file="b.yaml", line=i) for i in range(1, 4)]
    console = Console(record=True, width=200)
    print_problems(console, problems, limit=10)
    text = console.export_text()
    assert text.count("a.yaml:") == 11 and "a.yaml: … and 50 more problems in this file" in text
    assert text.count("b.yaml:") == 3


@pytest.mark.parametrize("name", ["file:100:16.yaml", "[red]x[/red].yaml", "esc\x1b[31m.yaml"])
def test_problems_print_file_names_and_values_literally(name: str) -> None:
    """rich turned ``file:100:16`` into ``file💯16`` and ate ``[red]``; ESC reached the tty."""
    value = "bad:100:value [red]x[/red] \x1b[2J"
    problem = Problem(f"{value!r} is wrong", file=name, line=100, col=16, fix=f"not {value}")
    console = Console(record=True, width=300, force_terminal=True)  # emoji + markup on
    print_problems(console, [problem])
    text = console.export_text()
    shown = name.replace("\x1b", "\\x1b")
    assert f"{shown}:100:16: error:" in text
    assert "💯" not in text and "[red]x[/red]" in text
    assert "\x1b" not in text and "\\x1b[2J" in text


def test_cli_console_prints_emoji_codes_and_markup_from_files_literally(tmp_path: Path) -> None:
    folder = tmp_path / "[red]dir:100:"
    folder.mkdir()
    bad = folder / "x:1234:5.yaml"
    bad.write_text((INVALID / "bad-direction.yaml").read_text(encoding="utf-8"), "utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "💯" not in result.output


def test_literal_escapes_markup_and_control_characters() -> None:
    assert literal("[bold]x\x1b[0m\u202e") == "\\[bold]x\\x1b[0m\\u202e"
    assert literal("tab\tand\nnewline kept") == "tab\tand\nnewline kept"


def test_presets_are_reread_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "presets.yaml"
    original = Path(presets_file()).read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    first = load_presets(str(path))
    assert load_presets(str(path)) is first  # unchanged file: cached
    assert "cn-5" in first.grades
    path.write_text(original.replace("cn-5:", "cn-five:", 1), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse-clock file systems
    second = load_presets(str(path))
    assert "cn-five" in second.grades and "cn-5" not in second.grades


def test_same_file_parsed_once_and_reparsed_after_a_change(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert read_yaml(path) is read_yaml(path)
    path.write_text("a: 2\n", encoding="utf-8")  # same size, same coarse mtime possibly
    assert read_yaml(path).data == {"a": 2}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [*a]\n", "1:8: a[0]: recursive anchor: *a refers to &a"),
        ("a: &a {<<: *a}\n", "1:12: a.<<: recursive merge key: `<<: *a` merges &a into itself"),
        ("a: &a [1, {b: [*a]}]\n", "1:16: a[1].b[0]: recursive anchor"),
        ("a: !!int abc\n", "1:4: a: 'abc' is not a whole number"),
        ("a: !!bool maybe\n", "1:4: a: 'maybe' is not true or false"),
        ("a: !!timestamp nope\n", "1:4: a: 'nope' is not a date"),
        ("a: !!float\n", "1:4: a: '' is not a number"),
        ("a: !!int 99999999999999999999999999999999999999999\n", None),
        ("version: 2026-02-30\n", "1:10: version: '2026-02-30' is not a date"),
        ("a: !!set {x}\n", "1:4: a: tag !!set is not allowed"),
        ("a: !!omap [x: 1]\n", "1:4: a: tag !!omap is not allowed"),
        ("a: !custom 1\n", "1:4: a: tag !custom is not allowed"),
        ("a: !!map x\n", "1:4: a: a single value 'x' cannot be a map"),
        ("a: 1\nb: \x00\n", "2:4: control character U+0000 is not allowed in YAML"),
        ('a: "x\x85y"\n', None),  # NEL is a YAML line break, not a control character
        ("a: *nope\n", "1:4: a: invalid YAML: found undefined alias 'nope'"),
        ("a: &x 1\nb: &x 2\n", "2:4: b: invalid YAML: found duplicate anchor 'x' (first at line"),
        ("a: 1\n---\nb: 2\n", "2:1: invalid YAML: the file holds more than one document"),
        ("? [a, b]\n: 1\n", "1:3: mapping keys must be plain text"),
        ("b: &b [1]\na: {<<: *b}\n", "2:9: a: a merge key `<<` needs a mapping"),
    ],
)
def test_hostile_yaml_is_a_located_problem(text: str, message: str | None) -> None:
    try:
        read_yaml_text(text, "f.yaml")
    except QualindexError as exc:
        assert message is not None, str(exc)
        assert len(exc.problems) == 1
        assert f"f.yaml:{message}" in str(exc)
    else:
        assert message is None


def test_merge_keys_keep_explicit_keys_and_the_first_source() -> None:
    doc = read_yaml_text("b: &b {x: 1, y: 1}\nc: &c {y: 2, z: 2}\na: {<<: [*b, *c], x: 0}\n")
    assert doc.data["a"] == {"y": 1, "z": 2, "x": 0}


def test_positions_of_values_keys_and_alias_targets() -> None:
    doc = read_yaml_text('a:\n  - x\n  - {b: "名字", c: 3}\nd: &d [1]\ne: *d\n')
    assert doc.pos(("a", 1, "b")) == (3, 9)
    assert doc.pos(("a", 1, "c"), key=True) == (3, 15)
    assert doc.pos(("e",)) == (5, 4) and doc.pos(("e", 0)) == (5, 4)
    assert doc.data["e"] == [1]


def test_deep_nesting_in_flow_and_block_style_stops_at_the_limit() -> None:
    for text in ("a: " + "[" * 100_000, "a:\n" + "".join(" " * i + "- \n" for i in range(200))):
        with pytest.raises(IndexFileError) as info:
            read_yaml_text(text, "deep.yaml")
        assert f"deeper than {MAX_DEPTH} levels" in str(info.value)


def test_yaml_scalar_types_are_those_of_yaml_1_1_safe_load() -> None:
    import yaml

    text = "a: 0x1F\nb: 1_000\nc: .inf\nd: 2020-01-01\ne: ~\nf: yes\ng: '1'\nh: 010\ni: -1.5e3\n"
    assert read_yaml_text(text).data == yaml.safe_load(text)


def test_10000_unknown_keys_in_a_judgment_file_are_listed_fast(tmp_path: Path) -> None:
    """Each unknown key gets its own located problem and suggestion (was 39 s)."""
    from qualindex.hierarchy.load import parse_spec
    from qualindex.hierarchy.schema import JudgmentSpec

    head = ["qualindex: 1", "expert:", "  id: e", "index: x@1"]
    path = tmp_path / "keys.yaml"
    path.write_text("\n".join(head + [f"extra_{i}: 1" for i in range(10_000)]) + "\n", "utf-8")
    start = time.process_time()
    with pytest.raises(IndexFileError) as info:
        parse_spec(read_yaml(path), JudgmentSpec)
    assert time.process_time() - start < 2.0
    problems = info.value.problems
    assert len(problems) == 10_000
    assert (problems[-1].line, problems[-1].col) == (10_004, 1)
    assert problems[-1].message == "unknown key 'extra_9999'"
