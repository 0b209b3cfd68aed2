"""The README is executed: every shell example runs, in order, in a temporary folder.

The set-up blocks (``make …``, ``git clone``, activating the venv) are what ``make test``
itself runs, so they are the only ones left out; every ``qualindex`` command in the README
runs here as written, and the Python API block runs from the repository root.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
SETUP = re.compile(r"^\s*(make\b|git clone\b|\. \.venv/)")


def blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCK.findall(README) if kind == lang]


def shell_examples() -> list[str]:
    """The README's sh blocks that a user types once the project is installed."""
    return [b for b in blocks("sh") if not any(SETUP.match(line) for line in b.splitlines())]


def test_the_readme_has_shell_examples_and_only_setup_is_left_out() -> None:
    left_out = [b for b in blocks("sh") if b not in shell_examples()]
    assert len(shell_examples()) >= 2
    for block in left_out:
        assert all(SETUP.match(x) or not x.strip() or x.startswith("#") for x in block.splitlines())


def test_every_shell_example_runs(tmp_path: Path) -> None:
    script = "set -euo pipefail\n" + "\n".join(shell_examples())
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    project = tmp_path / "myproject"
    for made in ("tree.svg", "weights.csv", "scores.xlsx", "tree.png", "out/report.html"):
        assert (project / made).stat().st_size > 0, made
    assert (tmp_path / "sq.json").stat().st_size > 0


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
