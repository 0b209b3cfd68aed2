"""What a command works on: an index (or a run configuration), its judgments and options.

Every command that takes ``INDEX|CONFIG [--judgments ...]`` resolves its inputs here, so
they behave alike: a run configuration brings its own judgments, data and options, and
``--judgments`` adds more files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qualindex.config import RunConfig, detect_kind, load_run_config
from qualindex.hierarchy.judgments import expand_judgment_paths, load_judgments
from qualindex.hierarchy.load import load_index
from qualindex.hierarchy.model import IndexSystem, JudgmentSet
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.weighting.tree import TreeWeights, WeightOptions, weigh_tree

__all__ = ["Project", "load_project", "weigh_project"]


@dataclass(frozen=True)
class Project:
    index: IndexSystem
    judgments: tuple[JudgmentSet, ...]
    options: WeightOptions
    config: RunConfig | None
    inputs: tuple[Path, ...]

    @property
    def all_judgments(self) -> tuple[JudgmentSet, ...]:
        return (*self.index.judgments, *self.judgments)


def load_project(target: Path, judgments: Sequence[Path] = ()) -> Project:
    """Load an index system or a run configuration, plus extra judgment files."""
    config = load_run_config(target) if detect_kind(read_yaml(target).data) == "config" else None
    index = load_index(config.index if config else target)
    paths = list(judgments)
    if config is not None:
        paths = expand_judgment_paths(config.judgments, config.base) + paths
    sets = load_judgments(paths, index) if paths else ()
    options = WeightOptions()
    if config is not None:
        w = config.weighting
        limit = None if w.cr_limit == "auto" else float(w.cr_limit)
        options = WeightOptions(w.priority, w.ri_table, limit, w.group, w.cr_policy)
    inputs = [target, *paths] + ([config.index, *config.data_paths] if config else [])
    return Project(index, sets, options, config, tuple(dict.fromkeys(inputs)))


def weigh_project(target: Path, judgments: Sequence[Path] = ()) -> tuple[Project, TreeWeights]:
    """Load a project and weight its tree; data-driven nodes read the config's data."""
    project = load_project(target, judgments)
    if project.config is not None and project.config.data is not None:
        # data-driven nodes are weighted from their children's scores: score the data first
        from qualindex.evaluate.pipeline import evaluate_project

        project, evaluation = evaluate_project(target, judgments)
        return project, evaluation.scores.weights
    return project, weigh_tree(project.index, project.judgments, options=project.options)
