"""The command's start-up (issue 11, "Fast CLI"): the console script builds only the command
asked for, and the commands that read no data do not import the evaluate layer.  Both must
leave what the user sees unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import qualindex.cli as cli

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "indicators" / "network-service-quality" / "run.yaml"  # AHP only: no data read
# the full app, every command built (typer's own entry), for comparison with the lean one
FULL = "import sys, typer; from qualindex.cli import app; typer.Typer.__call__(app)"
LEAN = "from qualindex.cli import app; app()"
ENV = {**os.environ, "QUALINDEX_LANG": "en", "COLUMNS": "100"}


def _run(entry: str, *args: str) -> tuple[int, str, str]:
    code = f"import sys; sys.argv[0] = 'qualindex'; {entry}"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_console_script_builds_only_the_command_asked_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer.main

    built: list[str] = []
    real = typer.main.get_command_from_info

    def counting(command_info: Any, **kwargs: Any) -> Any:
        built.append(cli._command_name(command_info))
        return real(command_info, **kwargs)

    monkeypatch.setattr(typer.main, "get_command_from_info", counting)
    monkeypatch.setattr(sys, "argv", ["qualindex", "weights", "--help"])
    with pytest.raises(SystemExit) as done:
        cli.app()
    assert done.value.code == 0
    assert built == ["weights"]
    assert "weights [OPTIONS]" in capsys.readouterr().out
    built.clear()
    monkeypatch.setattr(sys, "argv", ["qualindex", "--help"])  # the overview: every command
    with pytest.raises(SystemExit):
        cli.app()
    assert set(built) == {cli._command_name(c) for c in cli.app.registered_commands}
    assert "import" in built and len(built) > 10


@pytest.mark.parametrize(
    "args",
    [
        ("weights", str(RUN)),
        ("weights", "--help"),
        ("evaluate", str(RUN), "--max-rows", "-1", "--lang", "zh"),  # a usage error in zh
        ("weights", "missing.yaml"),  # an input error, located
        ("weigths", str(RUN)),  # misspelled: click's "did you mean" needs every name
        ("--version",),
    ],
    ids=["weights", "help", "usage-zh", "missing-file", "misspelled", "version"],
)
def test_console_script_says_what_the_full_app_says(args: tuple[str, ...]) -> None:
    assert _run(LEAN, *args) == _run(FULL, *args)


def test_weights_starts_without_the_evaluate_layer() -> None:
    code = (
        "import sys; sys.argv = ['qualindex', 'weights', sys.argv[1]]\n"
        "from qualindex.cli import app\n"
        "try:\n    app()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('qualindex.evaluate')),"
        " file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(RUN)], capture_output=True, text=True, env=ENV, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()  # the weights were printed
    assert proc.stderr.strip().splitlines()[-1] == "[]"
