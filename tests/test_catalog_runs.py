"""Every catalogue entry runs end to end from a fresh `qualindex init` project."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qualindex.catalog import init_project, list_catalog
from qualindex.cli import app
from qualindex.run import load_project
from qualindex.validate import validate_paths
from tests.helpers import run_project

ENTRIES = [e.id for e in list_catalog()]


@pytest.fixture(scope="module", params=ENTRIES)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("init") / request.param
    init_project(dest, request.param)
    return dest


def test_initialised_project_validates(project: Path) -> None:
    files = [project / "run.yaml", *sorted(project.glob("*.yaml"))]
    files += sorted((project / "judgments").glob("*.yaml"))
    reports = validate_paths(files)
    assert all(r.ok for r in reports), [str(p) for r in reports for p in r.problems]


def test_initialised_project_weighs_and_evaluates(project: Path) -> None:
    if load_project(project / "run.yaml").index.alternatives:
        # a decision model ranks its alternatives instead (tests/test_decision.py)
        result = CliRunner().invoke(app, ["rank", str(project / "run.yaml"), "--format", "json"])
        assert result.exit_code == 0, result.output
        shares = [a["priority"] for a in json.loads(result.stdout)["alternatives"]]
        assert len(shares) >= 3 and sum(shares) == pytest.approx(1.0)
        return
    proj, ev = run_project(project / "run.yaml")
    assert len(set(ev.data.entities)) >= 3
    composite = ev.composite[~np.isnan(ev.composite)]
    assert composite.size and np.all((composite >= 0) & (composite <= 100))
    leaf_sum = sum(ev.scores.weights.global_weights[leaf.id] for leaf in proj.index.leaves())
    assert leaf_sum == pytest.approx(1.0)
    assert all(g is not None for g, c in zip(ev.grades, ev.composite, strict=True) if c == c)


def test_cli_evaluate_json_from_the_project(project: Path) -> None:
    if load_project(project / "run.yaml").index.alternatives:
        result = CliRunner().invoke(app, ["evaluate", str(project / "run.yaml")])
        assert result.exit_code == 1 and "rank" in result.output  # evaluate points to rank
        return
    result = CliRunner().invoke(app, ["evaluate", str(project / "run.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"composite"' in result.output
