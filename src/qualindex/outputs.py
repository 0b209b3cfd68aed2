"""Writing output files safely: atomically (temp file + rename), never over an input.

Every way an output path can be wrong -- empty, a folder, too long, in a folder that
cannot be written, a read-only file, a full disk -- ends in one :class:`InputError`
naming the path and the fix, and leaves no partial file behind (the old file, if
any, is untouched).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qualindex.errors import InputError
from qualindex.texts import msg

__all__ = ["atomic_path", "check_target", "exists", "is_dir", "is_file", "write_atomic"]


# Path.is_file()/is_dir()/exists() ignore only "no such file" errors: a name over the
# system's limit (ENAMETOOLONG), or a folder that cannot be searched, raises OSError from
# what reads as a yes/no question.  For a path a user gave, any such error means "no".
def is_file(path: str | Path) -> bool:
    """Is ``path`` a file? False, not an exception, for a name too long or unreadable."""
    try:
        return Path(path).is_file()
    except OSError:
        return False


def is_dir(path: str | Path) -> bool:
    """Is ``path`` a folder? False, not an exception, for a name too long or unreadable."""
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def exists(path: str | Path) -> bool:
    """Does ``path`` exist? False, not an exception, for a name too long or unreadable."""
    try:
        return Path(path).exists()
    except OSError:
        return False


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_atomic(
    path: str | Path,
    content: str | bytes,
    *,
    inputs: Iterable[Path] = (),
    force: bool = False,
) -> Path:
    """Write ``content`` to ``path`` so that a reader never sees a half-written file.

    Refuses to write over any of ``inputs`` (the files the result was computed from),
    and over an existing read-only file unless ``force`` is true.  Raises
    :class:`~qualindex.errors.InputError` for every unusable path (see the module).
    """
    target = check_target(path, inputs, force=force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(target, inputs=inputs, force=force) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            _write_all(fd, data)
            os.fsync(fd)  # a full disk may only show here
        finally:
            os.close(fd)
    return target


@contextmanager
def atomic_path(
    path: str | Path, *, inputs: Iterable[Path] = (), force: bool = False
) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; renamed to ``path`` on success.

    For writers that produce a file batch by batch (the streamed evaluation): a reader
    never sees a half-written file, and on any error the temporary file is removed and an
    existing ``path`` is left as it was.  The same checks as :func:`write_atomic`.
    """
    target = check_target(path, inputs, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _error(target, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def check_target(path: str | Path, inputs: Iterable[Path] = (), *, force: bool = False) -> Path:
    """The output path, once it is known to be usable: not empty, not a folder, not one of
    ``inputs`` (the files the result was computed from), not read-only unless ``force``.

    The one output guard: :func:`write_atomic` calls it, and writers with much work to do
    call it first, before the work.
    """
    # a command line's -o '' arrives as Path('') == Path('.'): both mean no file name
    if str(path).strip() in ("", "."):
        raise InputError(msg("out.empty"))
    if "\x00" in str(path):
        raise InputError(msg("out.nul", path=str(path)))
    target = Path(path)
    try:
        st = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:  # too long, a file used as a folder, no permission ...
        raise _error(target, exc) from None
    if stat.S_ISDIR(st.st_mode):
        example = target / ("result" + _suffix_hint(path))
        raise InputError(msg("out.folder", file=str(target), example=str(example)))
    for src in inputs:
        if exists(src) and target.resolve() == src.resolve():
            raise InputError(msg("out.over_input", file=str(target)))
    if not force and not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(msg("out.read_only", file=str(target)))
    return target


def _suffix_hint(path: str | Path) -> str:
    return Path(path).suffix or ".out"


def _error(target: Path, exc: OSError) -> InputError:
    """An OS error on ``target`` as a message with the path and the fix."""
    code = exc.errno
    if code in _FULL:
        return InputError(msg("out.disk_full", file=str(target)))
    if code == errno.ENAMETOOLONG:
        longest = max((len(p) for p in target.parts), default=0)
        return InputError(
            msg("out.too_long", file=str(target)[:80], n=len(str(target)), longest=longest)
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InputError(msg("out.no_permission", file=str(target), folder=str(target.parent)))
    if code == errno.ENOTDIR:
        return InputError(msg("out.not_dir", file=str(target)))
    if code == errno.EISDIR:
        return InputError(msg("out.is_folder", file=str(target)))
    return InputError(msg("out.os_error", file=str(target), why=str(exc.strerror or exc)))
