"""Writing output files safely: atomically (temp file + rename), never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from qualindex.errors import InputError

__all__ = ["check_target", "write_atomic"]


def check_target(path: str | Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output path that is one of ``inputs`` (the files a result was computed from).

    The one input-overwrite guard: :func:`write_atomic` calls it, and writers with much
    work to do call it first, before the work.
    """
    target = Path(path)
    for src in inputs:
        if src.exists() and target.exists() and target.resolve() == src.resolve():
            raise InputError(f"refusing to write {target} over an input file; choose another -o")


def write_atomic(path: str | Path, content: str | bytes, *, inputs: Iterable[Path] = ()) -> Path:
    """Write ``content`` to ``path`` so that a reader never sees a half-written file.

    Refuses to write over any of ``inputs`` (the files the result was computed from).
    """
    target = Path(path)
    check_target(target, inputs)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise InputError(
            f"cannot write {target}: {exc.strerror}; choose a folder you can write to with -o"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600); give it the permissions a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
