"""Safe YAML reading that keeps the line and column of every value.

PyYAML's ``safe_load`` silently keeps the last of two equal keys, expands alias
bombs without limit, recurses (a recursive anchor ``a: &a [*a]`` ends in
``RecursionError``), lets scalar constructors raise bare ``ValueError`` /
``KeyError`` and forgets where each value came from.  This module reads the
parser's *event stream* once -- with libyaml's C parser (``yaml.CSafeLoader``)
when PyYAML was built with it, PyYAML's pure-Python parser otherwise -- and
builds plain Python values from the events itself, with an explicit stack (no
recursion).  On the way it enforces the nesting limit, counts every value
(aliases count as the size of what they repeat, so an alias bomb stops after
``MAX_VALUES``), refuses recursive anchors and merge keys by name, refuses tags
outside the safe set, turns every scalar-construction error into a located
problem, and records every value's position in a :class:`Located` document
under its path (a tuple of keys and list indices).

A parsed file is cached by its name and the digest of its bytes, so several
loaders reading the same file in one run parse it once, and a changed file is
always parsed again.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualindex.errors import IndexFileError, Problem
from qualindex.texts import msg

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "SAFE_TAGS",
    "Located",
    "PathKey",
    "format_path",
    "paused_gc",
    "read_yaml",
    "read_yaml_text",
]

MAX_BYTES = 5 * 1024 * 1024  # an index system of 10,000 indicators is well under 5 MiB
MAX_DEPTH = 64  # nesting of YAML collections; a 20-level hierarchy needs about 42
MAX_VALUES = 500_000  # scalars + collections after alias expansion
_CACHE_SIZE = 16  # parsed files kept (keyed by name + content digest)

PathKey = tuple[str | int, ...]

_Y = "tag:yaml.org,2002:"
SAFE_TAGS = frozenset(
    _Y + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_MERGE = _Y + "merge"
# YAML 1.1 printable set (yaml.reader.Reader.NON_PRINTABLE): anything else is refused
_NON_PRINTABLE = re.compile(
    r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_EVENT_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# first characters for which an implicit (untagged, unquoted) scalar may not be text
_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
# the only such scalars starting with a letter: YAML 1.1 booleans and null
_WORDS = frozenset(
    w
    for base in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (base, base.capitalize(), base.upper())
)


@dataclass(frozen=True)
class Located:
    """A parsed YAML document with the position of every value and mapping key.

    ``value_pos[path]`` records where the value at ``path`` starts;
    ``key_pos[path]`` where the key of the mapping entry at ``path`` starts (a
    ``(line, col)`` pair, or a character offset into the text that ``lines``
    converts: read them through :meth:`pos`, which gives 1-based ``(line, col)``).
    Values inside an ``*alias`` are located at the alias.
    """

    file: str
    data: Any
    value_pos: Mapping[PathKey, Any] = field(repr=False)  # read through pos()
    key_pos: Mapping[PathKey, Any] = field(repr=False)
    lines: _Lines | None = field(default=None, repr=False, compare=False)

    def pos(self, path: PathKey, *, key: bool = False) -> tuple[int, int] | None:
        """Position of ``path``, or of its nearest located ancestor."""
        table = self.key_pos if key else self.value_pos
        probe = tuple(path)
        while probe:
            if probe in table:
                return _lc(table[probe], self.lines)
            if not key and probe in self.key_pos:
                return _lc(self.key_pos[probe], self.lines)
            probe = probe[:-1]
        return _lc(self.value_pos.get(()), self.lines)

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


_cache: OrderedDict[tuple[str, int, bytes], Located] = OrderedDict()


def read_yaml(path: str | Path) -> Located:
    """Read and parse a YAML file with every safety limit applied.

    Raises :class:`IndexFileError` with one located problem when the file is
    missing, too large, not UTF-8, empty, malformed or hostile.
    """
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise IsADirectoryError(21, msg("yaml.is_folder"))
        size = p.stat().st_size
        raw = p.read_bytes() if size <= MAX_BYTES else b""
    except OSError as exc:
        raise IndexFileError(
            Problem(
                msg("yaml.cannot_read", why=exc.strerror or exc),
                file=name,
                fix=msg("yaml.give_yaml"),
            )
        ) from None
    except ValueError as exc:  # a NUL byte or an unencodable character in the name
        raise IndexFileError(
            Problem(msg("yaml.cannot_read", why=exc), file=repr(name), fix=msg("yaml.give_yaml"))
        ) from None
    if size > MAX_BYTES or len(raw) > MAX_BYTES:
        raise IndexFileError(
            Problem(
                msg("yaml.too_big", size=max(size, len(raw)), limit=MAX_BYTES),
                file=name,
                fix=msg("yaml.too_big.fix"),
            )
        )
    key = (name, len(raw), hashlib.blake2b(raw, digest_size=16).digest())
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    doc = read_yaml_text(_decode(raw, name), name)
    _cache[key] = doc
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return doc


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # UTF-8 with or without BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = msg("yaml.save_utf8")
        try:
            raw.decode("gb18030")
            hint = msg("yaml.looks_gbk")
        except UnicodeDecodeError:
            pass
        raise IndexFileError(
            Problem(
                msg("yaml.not_utf8", byte=f"0x{raw[exc.start]:02x}"),
                file=name,
                line=line,
                col=col,
                fix=hint,
            )
        ) from None


def read_yaml_text(text: str, name: str = "<string>") -> Located:
    """Parse YAML text (see :func:`read_yaml`)."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise IndexFileError(Problem(msg("yaml.text_too_big", limit=MAX_BYTES), file=name))
    if not text.strip() or _only_comments(text):
        raise IndexFileError(
            Problem(msg("yaml.empty"), file=name, line=1, col=1, fix=msg("yaml.empty.fix"))
        )
    _check_characters(text, name)
    builder = _Builder(name, text)
    with paused_gc():
        try:
            data = builder.run(_events(text))
        except yaml.MarkedYAMLError as exc:
            _check_flow_depth(text, exc, name)
            raise IndexFileError(_yaml_problem(exc, name, text)) from None
        except yaml.YAMLError as exc:  # pragma: no cover - text input gives marked errors
            raise IndexFileError(Problem(msg("yaml.invalid", problem=exc), file=name)) from None
    return Located(name, data, builder.value_pos, builder.key_pos, builder.lines)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is built or validated.

    Building a document makes about one object per byte and no reference cycles; the
    collector would rescan the growing document over and over (its full collections
    run each time the number of objects grows by a quarter), which cost 30-40 % of
    loading a 10,000-leaf index.  Reference counting still frees everything; the
    collector resumes (if it was running) when the block ends.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _events(text: str) -> Iterator[Any]:
    loader = _EVENT_LOADER(text)
    get = loader.get_event
    end = yaml.StreamEndEvent
    try:
        while True:
            event = get()
            if event is None:
                return
            yield event
            if type(event) is end:
                return
    finally:
        loader.dispose()


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def _check_characters(text: str, name: str) -> None:
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return
    at = bad.start()
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    code = ord(bad.group())
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    raise IndexFileError(
        Problem(
            msg("yaml.control_char", code=f"U+{code:04X}"),
            file=name,
            line=line,
            col=col,
            fix=msg("yaml.control_char.fix", escape=escape),
        )
    )


_BRACKET = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, exc: yaml.MarkedYAMLError, name: str) -> None:
    """Report over-deep ``[[[...`` nesting rather than the parse error it ends in.

    libyaml scans a flow collection to its end before it yields the first event, so
    the depth limit of the event loop never sees ``a: [[[[...`` without its closing
    brackets.  Counting brackets before the error (quotes ignored: this only picks the
    message of a file that fails anyway) finds where the nesting passed the limit.
    """
    mark = exc.problem_mark or exc.context_mark
    end = mark.index if mark is not None else len(text)
    depth = 0
    for match in _BRACKET.finditer(text, 0, end + 1):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            at = match.start()
            line = text.count("\n", 0, at) + 1
            col = at - (text.rfind("\n", 0, at) + 1) + 1
            raise IndexFileError(
                Problem(
                    msg("yaml.too_deep", depth=MAX_DEPTH),
                    file=name,
                    line=line,
                    col=col,
                    fix=msg("yaml.too_deep.fix"),
                )
            ) from None


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    """A parser error as a located problem.

    The error comes from libyaml when it is used, whose messages do not show the bad
    character: it is read from the text at the mark.  (Re-parsing with PyYAML's pure-
    Python parser for its wording is not an option: it is quadratic in flow nesting,
    10,000 ``[`` take 30 s.)
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = exc.problem or "invalid YAML"
    at = text[mark.index : mark.index + 1] if mark is not None and text else ""
    if at and "found character" in problem and repr(at) not in problem:
        problem = problem.replace("found character", f"found character {at!r}", 1)
    fix = None
    if "'\\t'" in problem or "\\t" in problem or "tab character" in problem:
        problem, fix = msg("yaml.tab"), msg("yaml.tab.fix")
    elif "mapping values are not allowed" in problem:
        fix = msg("yaml.colon.fix")
    elif exc.context:
        problem = f"{exc.context}: {problem}"
    return Problem(msg("yaml.invalid", problem=problem), file=name, line=line, col=col, fix=fix)


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML line breaks


class _Lines:
    """Character offset -> 1-based (line, col), from the line starts of the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def lc(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _BREAK.finditer(self.text))]
        line = bisect.bisect_right(self._starts, offset)
        return (line, offset - self._starts[line - 1] + 1)


def _lc(pos: Any, lines: _Lines | None) -> tuple[int, int]:
    """A stored position as 1-based (line, col): a tuple already, or a character offset.

    The builder stores the parser's offset (an int: no allocation, nothing for the
    garbage collector to track) for the common values and a tuple elsewhere.
    """
    if pos is None:
        return (1, 1)
    if type(pos) is tuple:
        return pos
    return lines.lc(pos) if lines is not None else (1, 1)


def _mark(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_MISSING = object()


class _Frame:
    """An open collection while its events arrive."""

    __slots__ = ("anchor", "first_seen", "key", "merge", "merges", "path", "start", "value")

    def __init__(self, value: Any, path: PathKey, anchor: str | None, start: int) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.start = start  # value count when the collection opened (anchor size)
        self.key: Any = _MISSING  # mapping: the key waiting for its value
        self.merge = False  # mapping: the waiting value belongs to a `<<` merge key
        self.merges: list[tuple[Any, tuple[int, int]]] = []
        self.first_seen: dict[Any, Any] = {}  # key -> (line, col) or Mark


class _Builder:
    """Builds plain Python values from a YAML event stream, recording positions."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = _Lines(text)
        self.count = 0
        self.value_pos: dict[PathKey, Any] = {}  # (line, col) or a parser Mark
        self.key_pos: dict[PathKey, Any] = {}
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, tuple[int, int]]] = {}
        self.open_anchors: set[str] = set()
        self.constructor = yaml.constructor.SafeConstructor()
        self.resolver = yaml.resolver.Resolver()
        self.plain: dict[str, Any] = {}  # plain scalar text -> value (immutable values only)
        self.documents = 0
        self.result: Any = _MISSING

    # --- errors --------------------------------------------------------------------------
    def fail(self, message: str, at: tuple[int, int], fix: str | None = None) -> IndexFileError:
        line, col = at
        path = self._path_here()
        return IndexFileError(
            Problem(message, file=self.name, line=line, col=col, path=path or None, fix=fix)
        )

    def _path_here(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.value, list):
            return format_path((*top.path, len(top.value)))
        if top.key is not _MISSING:
            return format_path((*top.path, _path_part(top.key)))
        return format_path(top.path)

    # --- the event loop ------------------------------------------------------------------
    def run(self, events: Iterator[Any]) -> Any:
        scalar_event = yaml.ScalarEvent
        stack = self.stack
        value_pos = self.value_pos
        plain = self.plain
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                # fast path: an unanchored, untagged scalar in a list or as a mapping value
                text = event.value
                if event.tag is None and event.anchor is None and stack and self.count < MAX_VALUES:
                    first = text[:1]
                    if (
                        not event.implicit[0]
                        or (first and first not in _FIRST)
                        or (first.isalpha() and text not in _WORDS)
                    ):
                        value: Any = text
                    else:
                        value = plain.get(text, _MISSING)
                    top = stack[-1]
                    container = top.value
                    if value is not _MISSING and (type(container) is list or not top.merge):
                        mark = event.start_mark.index  # see _lc
                        self.count += 1
                        if type(container) is list:
                            here = (*top.path, len(container))
                            value_pos[here] = mark
                            container.append(value)
                        elif top.key is _MISSING:
                            if type(value) is str and value not in top.first_seen:
                                top.first_seen[value] = mark
                                here = (*top.path, value)
                                self.key_pos[here] = mark
                                top.key = value
                            else:
                                self._take_key(top, value, self.lines.lc(mark))
                        else:
                            key = top.key
                            here = (*top.path, key if type(key) is str else str(key))
                            value_pos[here] = mark
                            container[key] = value
                            top.key = _MISSING
                        continue
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(
                        msg("yaml.two_documents"),
                        _mark(event),
                        fix=msg("yaml.two_documents.fix"),
                    )
        if self.result is _MISSING:
            raise IndexFileError(Problem(msg("yaml.no_document"), file=self.name, line=1, col=1))
        return self.result

    def _count(self, n: int, at: tuple[int, int]) -> None:
        self.count += n
        if self.count > MAX_VALUES:
            raise self.fail(
                msg("yaml.bomb", limit=MAX_VALUES),
                at,
                fix=msg("yaml.bomb.fix"),
            )

    def _child_path(self) -> PathKey | None:
        """Path of the value about to be placed (None when it is a mapping key)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.key is _MISSING:
            return None
        if top.merge:
            return (*top.path, "<<")
        return (*top.path, _path_part(top.key))

    def _start(self, event: Any, value: dict[Any, Any] | list[Any]) -> None:
        at = _mark(event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(msg("yaml.too_deep", depth=MAX_DEPTH), at, fix=msg("yaml.too_deep.fix"))
        tag = event.tag
        if tag is not None and tag != "!" and tag not in SAFE_TAGS:
            raise self._bad_tag(tag, at)
        path = self._child_path()
        if path is None:
            raise self.fail(msg("yaml.key_not_text"), at, fix=msg("yaml.key_not_text.fix"))
        self._count(1, at)
        self.value_pos.setdefault(path, at)
        anchor = event.anchor
        if anchor is not None:
            self._check_new_anchor(anchor, at)
            self.open_anchors.add(anchor)
        self.stack.append(_Frame(value, path, anchor, self.count))

    def _end(self) -> None:
        frame = self.stack.pop()
        value = frame.value
        if frame.merges:
            value = self._apply_merges(frame)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            size = self.count - frame.start + 1
            at = _lc(self.value_pos.get(frame.path), self.lines)
            self.anchors[frame.anchor] = (value, size, at)
        self._place(value, _lc(self.value_pos.get(frame.path), self.lines))

    def _alias(self, event: Any) -> None:
        at = _mark(event)
        name = event.anchor
        if name in self.open_anchors:
            top = self.stack[-1] if self.stack else None
            if top is not None and top.merge:
                what = msg("yaml.recursive_merge", name=name)
            else:
                what = msg("yaml.recursive_anchor", name=name)
            raise self.fail(what, at, fix=msg("yaml.recursive.fix"))
        if name not in self.anchors:
            raise self.fail(
                msg("yaml.undefined_alias", name=name),
                at,
                fix=msg("yaml.anchor.fix"),
            )
        value, size, _ = self.anchors[name]
        path = self._child_path()
        if path is not None:
            self.value_pos.setdefault(path, at)
        self._count(size, at)
        self._place(value, at)

    def _check_new_anchor(self, anchor: str, at: tuple[int, int]) -> None:
        if anchor in self.anchors or anchor in self.open_anchors:
            first = self.anchors[anchor][2][0] if anchor in self.anchors else None
            what = (
                msg("yaml.duplicate_anchor_at", name=anchor, line=first)
                if first
                else msg("yaml.duplicate_anchor", name=anchor)
            )
            raise self.fail(what, at, fix=msg("yaml.anchor.fix"))

    # --- scalars -------------------------------------------------------------------------
    def _scalar(self, event: Any) -> None:
        mark = event.start_mark
        at = (mark.line + 1, mark.column + 1)
        text: str = event.value
        if event.tag is None and (not event.implicit[0] or (text and text[0] not in _FIRST)):
            value: Any = text  # quoted, or plain text no implicit type can match
        else:
            value = self._construct(event, at)
        stack = self.stack
        if stack:
            top = stack[-1]
            container = top.value
            if type(container) is list:
                self.value_pos.setdefault((*top.path, len(container)), at)
            elif top.key is not _MISSING:
                self.value_pos.setdefault(
                    (*top.path, "<<" if top.merge else _path_part(top.key)), at
                )
        else:
            self.value_pos.setdefault((), at)
        self.count += 1
        if self.count > MAX_VALUES:
            self._count(0, at)
        if event.anchor is not None:
            self._check_new_anchor(event.anchor, at)
            self.anchors[event.anchor] = (value, 1, at)
        self._place(value, at)

    def _construct(self, event: Any, at: tuple[int, int]) -> Any:
        text: str = event.value
        tag = event.tag
        plain = tag is None and event.implicit[0]
        if plain:
            hit = self.plain.get(text, _MISSING)
            if hit is not _MISSING:
                return hit
            tag = self.resolver.resolve(yaml.ScalarNode, text, (True, False))
        elif tag is None or tag == "!":
            return text
        if tag == _Y + "str":
            return text
        if tag == _MERGE and self._awaiting_key():
            return _MERGE_KEY
        if tag not in SAFE_TAGS:
            if plain:  # implicit `=` (value) or `<<` outside a key: YAML 1.1 oddities
                return text
            raise self._bad_tag(tag, at)
        value = self._typed(tag, text, event, at)
        if plain:
            self.plain[text] = value
        return value

    def _typed(self, tag: str, text: str, event: Any, at: tuple[int, int]) -> Any:
        kind = tag.removeprefix(_Y)
        if kind == "null":
            return None
        if kind == "bool":
            value = self.constructor.bool_values.get(text.lower())
            if value is None:
                raise self.fail(
                    msg("yaml.not_bool", text=text),
                    at,
                    fix=msg("yaml.not_bool.fix"),
                )
            return value
        if kind in ("seq", "map"):
            raise self._bad_tag(tag, at, detail=msg("yaml.scalar_as", text=text, kind=kind))
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark)
        try:
            return getattr(self.constructor, f"construct_yaml_{kind}")(node)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError) as e:
            noun = msg(f"yaml.noun.{kind}")
            why = str(e) if kind == "timestamp" and type(e) is ValueError else ""
            fix = (
                msg("yaml.quote_as_text", text=text)
                if event.tag is None
                else msg("yaml.give_or_drop_tag", noun=noun, kind=kind)
            )
            said = (
                msg("yaml.not_a_why", text=text, noun=noun, why=why)
                if why
                else msg("yaml.not_a", text=text, noun=noun)
            )
            raise self.fail(said, at, fix=fix) from None

    def _bad_tag(self, tag: str, at: tuple[int, int], detail: str | None = None) -> IndexFileError:
        shown = "!!" + tag.removeprefix(_Y) if tag.startswith(_Y) else tag
        message = detail or msg("yaml.tag_not_allowed", tag=shown)
        return self.fail(
            msg("yaml.plain_only", what=message, tags=msg("yaml.safe_tags")),
            at,
            fix=msg("yaml.bad_tag.fix", tag=shown),
        )

    def _awaiting_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].value, dict)
            and (self.stack[-1].key is _MISSING)
        )

    # --- placing values into the open collection -----------------------------------------
    def _place(self, value: Any, at: tuple[int, int]) -> None:
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        container = top.value
        if isinstance(container, list):
            container.append(value)
        elif top.key is _MISSING:
            self._take_key(top, value, at)
        else:
            if top.merge:
                top.merges.append((value, at))
                top.merge = False
            else:
                container[top.key] = value
            top.key = _MISSING

    def _take_key(self, top: _Frame, key: Any, at: tuple[int, int]) -> None:
        if key is _MERGE_KEY:
            top.key, top.merge = "<<", True
            return
        if key is None or isinstance(key, (list, dict)):
            raise self.fail(msg("yaml.key_not_text"), at, fix=msg("yaml.key_not_text.fix"))
        if not isinstance(key, (str, int, float, bool)):
            key = str(key)
        if key in top.first_seen:
            top.key = key
            raise self.fail(
                msg("yaml.duplicate_key", key=key, line=_lc(top.first_seen[key], self.lines)[0]),
                at,
                fix=msg("yaml.duplicate_key.fix"),
            )
        top.first_seen[key] = at
        here = (*top.path, _path_part(key))
        self.key_pos[here] = at
        top.key = key

    def _apply_merges(self, frame: _Frame) -> dict[Any, Any]:
        """``<<: *anchor`` merge keys applied: explicit keys win, then the first source."""
        merged: dict[Any, Any] = {}
        for source, at in frame.merges:
            sources = source if isinstance(source, list) else [source]
            for src in sources:
                if not isinstance(src, dict):
                    raise IndexFileError(
                        Problem(
                            msg("yaml.merge_needs_mapping"),
                            file=self.name,
                            line=at[0],
                            col=at[1],
                            path=format_path(frame.path) or None,
                            fix=msg("yaml.merge_needs_mapping.fix"),
                        )
                    )
                for k, v in src.items():
                    if k not in frame.value and k not in merged:
                        merged[k] = v
        merged.update(frame.value)
        return merged


class _MergeKey:
    """The ``<<`` key of a mapping (a distinct object, never a real key)."""

    __slots__ = ()


_MERGE_KEY = _MergeKey()


def _path_part(key: Any) -> str | int:
    return key if isinstance(key, str) else str(key)
