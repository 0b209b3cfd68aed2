"""Shared fixtures: the network-service-quality example evaluated once, a fixed clock,
a one-period run with missing data, and the headless Chromium binary."""

from __future__ import annotations

import csv
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses
from qualindex.run import AdHocData, Project
from tests.helpers import report_analyses, run_project

from .chromium import find_chromium

ROOT = Path(__file__).parents[2]
NSQ = ROOT / "indicators" / "network-service-quality"
RUN = NSQ / "run.yaml"
NOW = datetime(2026, 7, 1, 8, 30, 0, tzinfo=timezone.utc)
SATISFACTION = (
    "courtesy_satisfaction",
    "speed_satisfaction",
    "expertise_satisfaction",
    "security_satisfaction",
    "reliability_satisfaction",
)


@pytest.fixture(scope="session")
def nsq() -> tuple[Project, Evaluation]:
    """The main example: 4 providers x 2 quarters, a region group, 3 experts, FCE."""
    return run_project(RUN)


@pytest.fixture(scope="session")
def nsq_analyses(nsq: tuple[Project, Evaluation]) -> Analyses:
    """The expert statistics and sensitivity the report command computes for the example."""
    return report_analyses(*nsq)


@pytest.fixture(scope="session")
def one_period(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Evaluation]:
    """One quarter, no period column, no groups, no survey: P04's satisfaction cells are
    empty, so several of its scores (the composite among them) are missing (NaN)."""
    rows = [
        r for r in csv.DictReader((NSQ / "data" / "kpi.csv").open()) if r["quarter"] == "2026Q3"
    ]
    for i, row in enumerate(rows):
        del row["quarter"], row["region"]
        for j, col in enumerate(SATISFACTION):
            row[col] = "" if row["provider"] == "P04" else f"{2.0 + 0.2 * ((i + j) % 5):.1f}"
    path = tmp_path_factory.mktemp("one") / "kpi-q3.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    judgments = sorted((NSQ / "judgments").glob("*.yaml"))
    return run_project(
        ROOT / "indicators" / "network-service-quality.yaml",
        judgments,
        AdHocData((path,), "provider"),
    )


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary; skipped where it is missing, but a failure on CI (CI=...)."""
    path = find_chromium()
    if path is None:
        message = "headless Chromium not found (Debian/Ubuntu: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the browser tests, not skip them")
        pytest.skip(message)
    return path
