"""Small helpers shared by the tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualindex.evaluate.results import Evaluation
from qualindex.report import Analyses
from qualindex.run import AdHocData, Project, evaluate, load_project


def run_project(
    target: Path, judgments: Sequence[Path] = (), data: AdHocData | None = None
) -> tuple[Project, Evaluation]:
    """load_project + evaluate, as the `evaluate` command does."""
    project = load_project(target, judgments, data=data)
    return project, evaluate(project)


def report_analyses(project: Project, ev: Evaluation) -> Analyses:
    """The expert statistics and sensitivity the report command computes for a report."""
    from qualindex.experts import expert_statistics
    from qualindex.uncertainty import report_sensitivity

    experts = expert_statistics(project) if project.all_judgments else None
    return Analyses(experts, report_sensitivity(project, ev))
