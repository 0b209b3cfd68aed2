"""Headless Chromium for the HTML questionnaire, driven by Playwright with the system binary."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.report.chromium import find_chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A Playwright Chromium on /usr/bin/chromium (never a downloaded browser); skipped with
    the reason when either is missing, but a failure on CI (CI=...)."""
    path = find_chromium()
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install playwright; no browser download)"
    if path is None:
        reason = "headless Chromium not found (Debian/Ubuntu: apt-get install chromium)"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests, not skip them")
        pytest.skip(reason)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield chromium
        chromium.close()
