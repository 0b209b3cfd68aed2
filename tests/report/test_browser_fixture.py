"""The browser tests skip where Chromium is missing but fail on CI, which must run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
TEST = "tests/report/test_browser.py::test_the_checks_can_fail"


def _run(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["QUALINDEX_CHROMIUM"] = "/nonexistent/chromium"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("ci", [False, True])
def test_missing_chromium_skips_locally_and_fails_on_ci(ci: bool) -> None:
    done = _run(ci)
    assert "headless Chromium not found" in done.stdout
    if ci:
        assert done.returncode == 1 and "1 error" in done.stdout
        assert "CI must run the browser tests" in done.stdout
    else:
        assert done.returncode == 0 and "1 skipped" in done.stdout
