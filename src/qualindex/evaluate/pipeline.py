"""One evaluation run: project (index, judgments, config) + data files -> :class:`Evaluation`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualindex.errors import InputError
from qualindex.evaluate.dataset import DataLayout, Dataset, build_dataset
from qualindex.evaluate.engine import EvalOptions, score_tree
from qualindex.evaluate.io import read_table
from qualindex.evaluate.results import Evaluation, analyse
from qualindex.hierarchy.model import IndexSystem, Missing, frozen_map
from qualindex.project import Project, load_project

__all__ = ["AdHocData", "evaluate_project", "read_dataset"]


@dataclass(frozen=True)
class AdHocData:
    """Data given on the command line instead of in a run configuration."""

    files: tuple[Path, ...]
    entity: str
    period: str | None = None
    groups: tuple[str, ...] = ()
    layout: str = "wide"


def _importance_columns(index: IndexSystem) -> tuple[str, ...]:
    cols: list[str] = []
    for node in index.aggregates():
        if node.weighting is not None and node.weighting.name == "importance":
            cols += node.weighting.params["columns"].values()
    return tuple(dict.fromkeys(cols))


def read_dataset(project: Project, adhoc: AdHocData | None = None) -> Dataset:
    """Read every data file of the run (config's ``data:`` or ``adhoc``) into one dataset."""
    config = project.config
    extra = _importance_columns(project.index)
    if adhoc is not None:
        layout = DataLayout(adhoc.entity, adhoc.period, adhoc.groups, extra=extra)
        tables = [(read_table(f), adhoc.layout) for f in adhoc.files]
    elif config is not None and config.data is not None:
        spec = config.data
        blank = config.evaluate.survey.max_blank_share
        layout = DataLayout(
            spec.entity, spec.period, tuple(spec.group), frozen_map(spec.columns), extra, blank
        )
        tables = [
            (read_table(path, sheet=f.sheet), f.layout)
            for path, f in zip(config.data_paths, spec.files, strict=True)
        ]
    else:
        raise InputError(
            "no data to evaluate: give a run configuration with a data: section, "
            "or --data FILE --entity COLUMN"
        )
    return build_dataset(project.index, tables, layout)


def _options(project: Project) -> EvalOptions:
    if project.config is None:
        return EvalOptions()
    ev = project.config.evaluate
    missing = Missing(ev.missing.policy, ev.missing.min_coverage)
    return EvalOptions(ev.aggregation, missing, ev.top, ev.survey.top_box, ev.fce_operator)


def evaluate_project(
    target: Path,
    judgments: Sequence[Path] = (),
    adhoc: AdHocData | None = None,
    *,
    progress: Callable[[str], None] = lambda stage: None,
) -> tuple[Project, Evaluation]:
    """Load, read data, score up the tree and analyse; ``progress`` hears each stage."""
    progress("loading index and judgments")
    project = load_project(target, judgments)
    if adhoc is not None:
        project = Project(
            project.index,
            project.judgments,
            project.options,
            project.config,
            (*project.inputs, *adhoc.files),
        )
    progress("reading data")
    data = read_dataset(project, adhoc)
    options = _options(project)
    progress("scoring and weighting")
    scores = score_tree(
        project.index, data, project.judgments, weight_options=project.options, options=options
    )
    progress("ranking and diagnosing")
    return project, analyse(
        project.index,
        data,
        scores,
        top=options.top,
        boxes=options.boxes,
        fce_operator=options.fce_operator,
    )
