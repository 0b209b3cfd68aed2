"""Safe YAML reading that keeps the line and column of every value.

PyYAML's ``safe_load`` silently keeps the last of two equal keys, expands alias
bombs without limit, recurses without a depth guard and forgets where each value
came from.  This module parses with PyYAML's event stream (no recursion, so a
depth limit can be enforced before composing), composes the node graph, and
converts it to plain Python values itself, counting every value produced so an
alias bomb stops after ``MAX_VALUES``.  Every value's position is recorded in a
:class:`Located` document under its path (a tuple of keys and list indices).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualindex.errors import IndexFileError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Located",
    "PathKey",
    "format_path",
    "read_yaml",
    "read_yaml_text",
]

MAX_BYTES = 5 * 1024 * 1024  # an index system of 10,000 indicators is well under 5 MiB
MAX_DEPTH = 64  # nesting of YAML collections; a 20-level hierarchy needs about 42
MAX_VALUES = 500_000  # scalars + collections after alias expansion

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A parsed YAML document with the position of every value and mapping key.

    ``value_pos[path]`` is the (line, col) where the value at ``path`` starts;
    ``key_pos[path]`` is where the key of the mapping entry at ``path`` starts.
    Lines and columns are 1-based.
    """

    file: str
    data: Any
    value_pos: Mapping[PathKey, tuple[int, int]] = field(repr=False)
    key_pos: Mapping[PathKey, tuple[int, int]] = field(repr=False)

    def pos(self, path: PathKey, *, key: bool = False) -> tuple[int, int] | None:
        """Position of ``path``, or of its nearest located ancestor."""
        table = self.key_pos if key else self.value_pos
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_pos:
                return self.key_pos[probe]
            probe = probe[:-1]
        return self.value_pos.get((), (1, 1))

    def problem(
        self, path: PathKey, message: str, *, fix: str | None = None, key: bool = False
    ) -> Problem:
        line, col = self.pos(path, key=key) or (None, None)
        return Problem(
            message, file=self.file, line=line, col=col, path=format_path(path) or None, fix=fix
        )


def format_path(path: PathKey) -> str:
    """``('children', 0, 'unit')`` -> ``children[0].unit``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_yaml(path: str | Path) -> Located:
    """Read and parse a YAML file with every safety limit applied.

    Raises :class:`IndexFileError` with one located problem when the file is
    missing, too large, not UTF-8, empty, malformed or hostile.
    """
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise IsADirectoryError(21, "it is a folder, not a file")
        size = p.stat().st_size
        raw = p.read_bytes() if size <= MAX_BYTES else b""
    except OSError as exc:
        raise IndexFileError(
            Problem(f"cannot read file: {exc.strerror}", file=name, fix="give a YAML file")
        ) from None
    if size > MAX_BYTES:
        raise IndexFileError(
            Problem(
                f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
                file=name,
                fix="split the index system or check that this is the right file",
            )
        )
    return read_yaml_text(_decode(raw, name), name)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # UTF-8 with or without BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "the file looks GBK/GB18030-encoded; save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise IndexFileError(
            Problem(
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", file=name, line=line, fix=hint
            )
        ) from None


def read_yaml_text(text: str, name: str = "<string>") -> Located:
    """Parse YAML text (see :func:`read_yaml`)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise IndexFileError(Problem(f"text is over the {MAX_BYTES:,}-byte limit", file=name))
    if not text.strip() or _only_comments(text):
        raise IndexFileError(
            Problem("file is empty", file=name, line=1, col=1, fix="start from `qualindex init`")
        )
    try:
        _check_depth(text, name)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise IndexFileError(_yaml_problem(exc, name)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise IndexFileError(Problem(f"invalid YAML: {exc}", file=name)) from None
    if node is None:
        raise IndexFileError(Problem("file holds no YAML document", file=name, line=1, col=1))
    builder = _Builder(name)
    data = builder.build(node, ())
    return Located(name, data, builder.value_pos, builder.key_pos)


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def _check_depth(text: str, name: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _mark(event)
                raise IndexFileError(
                    Problem(
                        f"nesting is deeper than {MAX_DEPTH} levels",
                        file=name,
                        line=line,
                        col=col,
                        fix="flatten the structure; an index system rarely needs more than 10",
                    )
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_TAB_HINT = "YAML indents with spaces only: replace the tab characters with spaces"


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = exc.problem or "invalid YAML"
    fix = None
    if "'\\t'" in problem or "\\t" in problem:
        problem, fix = "tab character in indentation", _TAB_HINT
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        fix = "define each &anchor once, before any *alias that uses it"
    elif "mapping values are not allowed" in problem:
        fix = "quote values that contain ': ' or check the indentation of this line"
    elif exc.context:
        problem = f"{exc.context}: {problem}"
    return Problem(f"invalid YAML: {problem}", file=name, line=line, col=col, fix=fix)


class _Builder:
    """Converts composed YAML nodes into Python values, recording positions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.value_pos: dict[PathKey, tuple[int, int]] = {}
        self.key_pos: dict[PathKey, tuple[int, int]] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise IndexFileError(
                Problem(
                    f"document expands to more than {MAX_VALUES:,} values "
                    "(alias/anchor expansion bomb?)",
                    file=self.name,
                    line=node.start_mark.line + 1,
                    col=node.start_mark.column + 1,
                    fix="remove the repeated *aliases",
                )
            )
        self.value_pos.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise IndexFileError(
                Problem(
                    f"cannot read value: {exc.problem}",
                    file=self.name,
                    line=node.start_mark.line + 1,
                    col=node.start_mark.column + 1,
                    path=format_path(path) or None,
                    fix="quote the value",
                )
            ) from None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in _merged_pairs(node):
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                raise IndexFileError(
                    Problem(
                        "mapping keys must be plain text",
                        file=self.name,
                        line=key_node.start_mark.line + 1,
                        col=key_node.start_mark.column + 1,
                        path=format_path(path) or None,
                    )
                )
            key = str(key) if not isinstance(key, (str, int, float, bool)) else key
            if key in first_seen:
                line, col = _mark(key_node)
                raise IndexFileError(
                    Problem(
                        f"key {key!r} given twice (first at line {first_seen[key]})",
                        file=self.name,
                        line=line,
                        col=col,
                        path=format_path((*path, str(key))),
                        fix="keep one of them; YAML would silently use the last",
                    )
                )
            first_seen[key] = key_node.start_mark.line + 1
            child = (*path, key if isinstance(key, str) else str(key))
            self.key_pos[child] = _mark(key_node)
            out[key] = self.build(value_node, child)
        return out


def _merged_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Mapping pairs with ``<<: *anchor`` merge keys applied (explicit keys win)."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for src in sources:
                if isinstance(src, yaml.MappingNode):
                    merged.extend(_merged_pairs(src))
                if len(merged) > MAX_VALUES:
                    raise IndexFileError(
                        Problem(
                            f"merge keys expand to more than {MAX_VALUES:,} entries",
                            line=key_node.start_mark.line + 1,
                            col=key_node.start_mark.column + 1,
                            fix="remove the nested `<<: *anchor` merges",
                        )
                    )
        else:
            pairs.append((key_node, value_node))
    explicit = {k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)}
    seen: set[Any] = set()
    extra = []
    for k, v in merged:
        if k.value not in explicit and k.value not in seen:
            seen.add(k.value)
            extra.append((k, v))
    return extra + pairs


def _mark(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
