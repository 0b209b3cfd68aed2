"""Output paths: every mistake is one clean InputError with the path and the fix (issue 18).

The disk-full case is simulated (``os.write`` / ``os.replace`` raising ENOSPC); every
other case uses the real file system.  Running as root (who ignores mode bits), the
unwritable folder is also made immutable with ``chattr +i``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualindex.catalog import init_project
from qualindex.errors import InputError
from qualindex.outputs import write_atomic


def test_writes_atomically_and_replaces_a_writable_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    assert write_atomic(target, "a,b\n") == target
    write_atomic(target, "c\n")
    assert target.read_text() == "c\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]  # no temp file left


@pytest.mark.parametrize("given", ["", "   ", Path("")])
def test_empty_path_is_refused(given: str | Path) -> None:
    with pytest.raises(InputError, match=r"output path \('' or '\.'\) names no file; give a"):
        write_atomic(given, "x")


def test_existing_folder_is_refused_with_a_file_name_suggested(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="it is a folder; give a file name inside it") as info:
        write_atomic(tmp_path, "x")
    assert str(tmp_path) in str(info.value)


def test_too_long_path_is_refused(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".csv")
    with pytest.raises(InputError, match="the path is too long"):
        write_atomic(target, "x")
    deep = tmp_path.joinpath(*(["d" * 200] * 30), "out.csv")  # > PATH_MAX in all
    with pytest.raises(InputError, match="too long"):
        write_atomic(deep, "x")


def test_a_file_used_as_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match=r"not a folder|is a file"):
        write_atomic(tmp_path / "f" / "out.csv", "x")


def test_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(InputError, match=r"is read-only; refusing to replace it: pass --force"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"


def test_output_over_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("data")
    with pytest.raises(InputError, match="over an input file"):
        write_atomic(tmp_path / "." / "in.csv", "x", inputs=[src], force=True)
    assert src.read_text() == "data"


@pytest.mark.parametrize("where", ["write", "replace"])
def test_full_disk_is_a_clean_error_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, where, full)
    with pytest.raises(InputError, match="the disk is full") as info:
        write_atomic(target, "new" * 100_000)
    monkeypatch.undo()
    assert str(target) in str(info.value)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@contextlib.contextmanager
def _unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into: mode 0555, and immutable when we are root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:  # root ignores the mode bits; the immutable flag binds root too
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("running as root without chattr: cannot make a folder unwritable")
        immutable = True
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    with _unwritable(tmp_path) as folder:
        with pytest.raises(InputError) as info:
            write_atomic(folder / "out.csv", "x")
        assert not (folder / "out.csv").exists()
    message = str(info.value)
    assert message.startswith(f"cannot write {folder / 'out.csv'}:")
    assert "choose a folder you can write to" in message


def test_init_onto_an_existing_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine")
    with pytest.raises(InputError, match="is a file, not a folder"):
        init_project(target, "network-service-quality")
    with pytest.raises(InputError, match="is a file, not a folder"):
        init_project(target / "sub", "network-service-quality")
    assert target.read_text() == "mine"


def test_init_into_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    with _unwritable(tmp_path) as folder:
        with pytest.raises(InputError) as info:
            init_project(folder / "proj", "network-service-quality")
        assert not (folder / "proj").exists()
    assert str(info.value).startswith(f"cannot create the project in {folder / 'proj'}")


def test_init_that_fails_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "judgments/li.yaml")

    monkeypatch.setattr(shutil, "copytree", full)
    with pytest.raises(InputError, match="No space left on device"):
        init_project(tmp_path / "proj", "network-service-quality")
    assert not (tmp_path / "proj").exists()


@pytest.mark.parametrize("bad", ["folder", "long", "ro"])
def test_cli_output_mistakes_exit_1_with_the_path_and_no_traceback(
    tmp_path: Path, bad: str
) -> None:
    from typer.testing import CliRunner

    from qualindex.cli import app

    index = Path(__file__).parents[1] / "indicators" / "network-service-quality" / "run.yaml"
    target = {"folder": tmp_path, "long": tmp_path / ("y" * 300 + ".json")}.get(bad)
    if target is None:
        target = tmp_path / "ro.json"
        target.write_text("keep")
        target.chmod(0o444)
    args = ["weights", str(index), "--format", "json", "-o", str(target), "--lang", "en"]
    result = CliRunner().invoke(app, args)  # the run says report.lang: zh
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert ("cannot write" in result.output) or ("read-only" in result.output)
    assert str(target)[:60] in result.output
