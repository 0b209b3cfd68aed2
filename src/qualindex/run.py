"""One run of qualindex: load every file once, weigh the tree once, evaluate with those weights.

Every command and the Python API go through these three steps::

    project = load_project("configs/run.yaml")   # index, judgments, config: each file read once
    weights = weigh(project)                      # the one weighting driver (batched AHP …)
    result = evaluate(project, weights)           # scores, grades, ranks, diagnoses

A run configuration brings its own judgments, data and options, and ``judgments=`` adds
more files.  Only nodes whose weighting method needs data (entropy, CRITIC, CV, SD,
importance, combinations) make :func:`weigh` read data — and then only the indicators
under those nodes; :func:`evaluate` reads the data once and reuses it for those weights.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qualindex.choices import EngineName
from qualindex.errors import InputError, JudgmentError, Problem
from qualindex.hierarchy.judgments import expand_judgment_paths, load_judgments
from qualindex.hierarchy.load import load_index, load_presets
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Missing, frozen_map
from qualindex.hierarchy.pairwise_table import parse_pairwise_table, to_judgment_sets
from qualindex.hierarchy.runconfig import (
    RunConfig,
    attach_alternatives,
    detect_kind,
    load_run_config,
)
from qualindex.hierarchy.schema import ImportanceWeighting, PairwiseTableSpec
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.outputs import is_file
from qualindex.texts import msg
from qualindex.weighting.ri import ri_table_from
from qualindex.weighting.tree import (
    TreeWeights,
    WeightOptions,
    data_nodes,
    needs_child_scores,
    weigh_tree,
)

__all__ = [
    "AdHocData",
    "Project",
    "choose_engine",
    "dask_entries",
    "data_layout",
    "evaluate",
    "evaluate_on_dask",
    "evaluate_shown",
    "evaluate_streamed",
    "load_project",
    "read_data",
    "read_pairwise_table",
    "stream_sources",
    "weigh",
]

if TYPE_CHECKING:
    from qualindex.evaluate.dask_engine import DaskEntry, DaskResult
    from qualindex.evaluate.dataset import DataLayout, Dataset
    from qualindex.evaluate.engine import EvalOptions
    from qualindex.evaluate.io import ReadOptions
    from qualindex.evaluate.results import Evaluation
    from qualindex.evaluate.stream import Progress as StreamProgress
    from qualindex.evaluate.stream import StreamResult, StreamSource, TableWriter

# The evaluate layer is imported where it is used: `weights`, `validate`, `consistency` and
# the other commands that read no data start without it (issue 11, "Fast CLI": a tenth of a
# second of the `weights` command's start-up).

Progress = Callable[[str], None]


@dataclass(frozen=True)
class AdHocData:
    """Data given on the command line instead of in a run configuration."""

    files: tuple[Path, ...]
    entity: str
    period: str | None = None
    groups: tuple[str, ...] = ()
    layout: Literal["wide", "respondent"] = "wide"
    periods: tuple[str, ...] | None = None  # the periods earliest first (--periods)
    label: str | None = None  # a column of display names (--label)


@dataclass(frozen=True)
class Project:
    """What a run works on: the index, the judgment files, the options and the data source."""

    index: IndexSystem
    judgments: tuple[JudgmentSet, ...]  # from files; the index's inline ones are extra
    options: WeightOptions
    config: RunConfig | None
    inputs: tuple[Path, ...]  # every file read: never written over
    adhoc: AdHocData | None = None

    @property
    def all_judgments(self) -> tuple[JudgmentSet, ...]:
        return (*self.index.judgments, *self.judgments)

    @property
    def has_data(self) -> bool:
        return self.adhoc is not None or (self.config is not None and self.config.data is not None)

    @property
    def eval_options(self) -> EvalOptions:
        from qualindex.evaluate.engine import EvalOptions

        if self.config is None:
            return EvalOptions()
        ev = self.config.evaluate
        given = ev.missing
        missing = Missing() if given is None else Missing(given.policy, given.min_coverage)
        return EvalOptions(
            ev.aggregation,
            missing,
            ev.top,
            ev.survey.top_box,
            ev.fce_operator,
            missing_override=given is not None,
            methods=tuple(ev.methods),
            alpha_missing=ev.survey.alpha_missing,
            ipa=self.config.report.ipa,
        )


def load_project(
    target: str | Path,
    judgments: Sequence[Path] = (),
    *,
    data: AdHocData | None = None,
    judgments_required: bool = True,
) -> Project:
    """Load an index system or a run configuration, plus extra judgment files and data.

    Each YAML file is read and parsed exactly once.  ``judgments_required=False``: the run's
    judgment globs may match nothing yet (questionnaires are made before answers come back).
    """
    target = Path(target)
    doc = read_yaml(target)
    config = (
        load_run_config(doc, judgments_required=judgments_required)
        if detect_kind(doc.data) == "config"
        else None
    )
    index = load_index(config.index if config else target)
    if config is not None and config.alternatives:
        index = attach_alternatives(index, config)
    paths = list(judgments)
    if config is not None:
        paths = (
            expand_judgment_paths(config.judgments, config.base, allow_empty=not judgments_required)
            + paths
        )
    sets = load_judgments(paths, index) if paths else ()
    inputs = [target, *paths]
    if config is not None:
        tables = config.judgment_tables
        sets = (
            *sets,
            *(s for spec, path in tables for s in read_pairwise_table(spec, path, index)),
        )
        inputs += [config.index, *(path for _, path in tables), *config.data_paths]
    if data is not None:
        inputs += data.files
    return Project(index, sets, _weight_options(config), config, tuple(dict.fromkeys(inputs)), data)


def read_pairwise_table(
    spec: PairwiseTableSpec, path: Path, index: IndexSystem
) -> tuple[JudgmentSet, ...]:
    """One judgment set per respondent of a survey-style pairwise table (``judgments:``).

    The file is read here (the hierarchy layer reads no data files) and its cells handed to
    :func:`~qualindex.hierarchy.pairwise_table.parse_pairwise_table`; every unreadable cell
    is one located problem (file, row, column), all raised together.
    """
    from qualindex.evaluate.io import ReadOptions, read_table

    raw = read_table(
        path,
        options=ReadOptions(encoding=spec.encoding, delimiter=spec.delimiter, sheet=spec.sheet),
    )
    cols = [raw.columns[h] for h in raw.header]
    rows = [(int(r), [c[i] for c in cols]) for i, r in enumerate(raw.rows)]
    nodes = {node.id: node.children for node in index.aggregates()}
    table = parse_pairwise_table(
        raw.header,
        rows,
        nodes=nodes,
        coding=spec.coding,
        negative=spec.negative,
        id_column=spec.id_column,
        labels=load_presets().saaty_labels if spec.coding == "ab" else None,
        choice_suffix=spec.choice_suffix,
        value_suffix=spec.value_suffix,
        header_row=raw.options.header_row,
    )
    where = str(path) if raw.sheet is None else f"{path}[{raw.sheet}]"
    if table.problems:
        raise JudgmentError(
            [Problem(p.message, where, p.row, p.column, p.header, p.fix) for p in table.problems]
        )
    if not table.columns:
        raise JudgmentError(
            Problem(
                "no column names a pair of children of one node",
                where,
                raw.options.header_row,
                fix="name pair columns <a>_vs_<b> (or a_b, 'a vs b') after the node's children",
            )
        )
    return to_judgment_sets(table, source=where, id_prefix=spec.id_prefix, weight=spec.weight)


#: run-config weighting keys that are not kernel settings (they steer the commands)
COMMAND_ONLY_WEIGHTING = frozenset({"fail_on"})


def _weight_options(config: RunConfig | None) -> WeightOptions:
    """The run config's ``weighting:`` as the kernels' :class:`WeightOptions`, field by name
    (tests/test_run.py checks that the two list the same fields with the same defaults)."""
    if config is None:
        return WeightOptions()
    w = config.weighting
    given = {
        f.name: getattr(w, f.name)
        for f in dataclasses.fields(WeightOptions)
        if f.name not in ("cr_limit", "ri_table")
    }
    limit = None if w.cr_limit == "auto" else float(w.cr_limit)
    ri = w.ri_table if isinstance(w.ri_table, str) else ri_table_from(w.ri_table.values)
    return WeightOptions(cr_limit=limit, ri_table=ri, **given)


def read_data(project: Project, *, leaves: Collection[str] | None = None) -> Dataset:
    """Read the run's data files (the config's ``data:`` or the ad-hoc files) into a dataset.

    ``leaves`` limits the dataset to those indicators (the others' columns are not read).
    """
    from qualindex.evaluate.dataset import build_dataset
    from qualindex.evaluate.io import read_table

    layout, files = _data_files(project)
    _only_files([path for path, _, _ in files], project.config)
    numbers = _number_columns(project.index, layout)
    tables = [
        (read_table(path, options=options, numbers=numbers), kind) for path, options, kind in files
    ]
    return build_dataset(project.index, tables, layout, leaves=leaves)


DataKind = Literal["wide", "respondent"]


def _data_files(project: Project) -> tuple[DataLayout, list[tuple[Path, ReadOptions, DataKind]]]:
    """The data's layout, and each file with its read options and kind."""
    from qualindex.evaluate.dataset import DataLayout
    from qualindex.evaluate.io import ReadOptions, read_options

    index = project.index
    extra = _importance_columns(index)
    config = project.config
    if project.adhoc is not None:
        a = project.adhoc
        layout = DataLayout(
            a.entity, a.period, a.groups, extra=extra, periods=a.periods, label=a.label
        )
        return layout, [(f, ReadOptions(), a.layout) for f in a.files]
    if config is not None and config.data is not None:
        spec = config.data
        blank = config.evaluate.survey.max_blank_share
        periods = None if spec.periods is None else tuple(str(p) for p in spec.periods)
        layout = DataLayout(
            spec.entity,
            spec.period,
            tuple(spec.group),
            frozen_map(spec.columns),
            extra,
            blank,
            periods=periods,
            label=spec.label,
        )
        return layout, [
            (path, read_options(f, spec), f.layout)
            for path, f in zip(config.data_paths, spec.files, strict=True)
        ]
    raise InputError(
        "no data to evaluate: give a run configuration with a data: section, "
        "or --data FILE --entity COLUMN"
    )


def stream_sources(project: Project) -> list[StreamSource]:
    """The run's data files as sources of the streamed engine."""
    from qualindex.evaluate.stream import StreamSource

    layout, files = _data_files(project)
    return [StreamSource(path, options, layout, kind) for path, options, kind in files]


def choose_engine(
    project: Project, engine: EngineName | None = None, fmt: str = "csv"
) -> tuple[Literal["memory", "stream"], str | None]:
    """The engine that runs the evaluation, and a note saying why when ``auto`` chose.

    ``engine`` (the command's ``--engine``) wins over the run configuration's
    ``evaluate.engine``; ``auto`` streams from :data:`~qualindex.evaluate.stream.AUTO_ROWS`
    rows when every feature used can be streamed, and says why it did not otherwise.
    ``stream`` refuses (with the reason) a run it cannot stream.
    """
    from qualindex.evaluate.stream import AUTO_ROWS, STREAM_FORMATS, auto_rows, stream_reason

    asked = engine or (project.config.evaluate.engine if project.config else "auto")
    if asked == "dask":
        raise InputError("engine dask runs through evaluate_on_dask")  # the CLI routes it
    if asked == "memory":  # an engine named outright runs as asked
        return "memory", None
    if not project.has_data:
        return "memory", None
    sources = stream_sources(project)
    reason = stream_reason(project.index, sources, project.eval_options)
    if reason is None and fmt not in STREAM_FORMATS:
        reason = msg("stream.why.format", fmt=fmt)
    if asked == "stream":
        if reason is not None:
            raise InputError(msg("stream.refused", reason=reason))
        return "stream", None
    rows = auto_rows(sources[0]) if len(sources) == 1 else None
    if rows is None or rows < AUTO_ROWS:
        return "memory", None
    if reason is not None:
        return "memory", msg("stream.auto_memory", rows=f"{rows:,}", reason=reason)
    return "stream", msg("stream.auto_stream", rows=f"{rows:,}")


def evaluate_streamed(
    project: Project,
    writer: Callable[[], AbstractContextManager[TableWriter]],
    *,
    progress: StreamProgress = lambda stage, done, total: None,
) -> StreamResult:
    """The evaluation of :func:`evaluate`, streamed: rows go to ``writer()`` batch by batch.

    Raises :class:`~qualindex.evaluate.stream.NotStreamable` before writing anything when
    the data cannot be streamed (``auto`` then runs :func:`evaluate`).
    """
    from qualindex.evaluate.stream import evaluate_stream

    (source,) = stream_sources(project)
    weights = weigh(project)  # no node's weights come from the data (stream_reason)
    return evaluate_stream(
        project.index,
        source,
        weights,
        writer,
        options=project.eval_options,
        progress=progress,
    )


def evaluate_shown(
    project: Project,
    max_rows: int | None,
    *,
    engine: EngineName | None = None,
    progress: Progress = lambda stage: None,
    rows_progress: StreamProgress = lambda stage, done, total: None,
) -> tuple[Evaluation, str | None]:
    """The evaluation a report (or a table on the terminal) shows, and a note on the engine.

    Past ``max_rows`` entity-period rows only each period's best and worst rows are kept,
    with summaries of all rows (:func:`~qualindex.evaluate.results.trim_rows`); where the
    run streams (``auto`` on a large file, or ``evaluate.engine: stream``) the file is read
    in batches and only those rows are held
    (:func:`~qualindex.evaluate.stream.evaluate_stream_shown`).  ``max_rows`` None: all rows.
    """
    from qualindex.evaluate.results import trim_rows
    from qualindex.evaluate.stream import NotStreamable, evaluate_stream_shown, stream_reason

    if max_rows is None:
        return evaluate(project, progress=progress), None
    asked = engine or (project.config.evaluate.engine if project.config else "auto")
    chosen: str
    why: str | None
    if asked == "stream" and project.has_data:  # streamed where it can be, else in memory
        reason = stream_reason(project.index, stream_sources(project), project.eval_options)
        chosen, why = (
            ("memory", msg("stream.fell_back", reason=reason)) if reason else ("stream", None)
        )
    else:  # (parquet: no row is written here, so any output may stream)
        chosen, why = choose_engine(project, "auto" if asked == "dask" else asked, "parquet")
    if chosen == "stream":
        (source,) = stream_sources(project)
        try:
            ev = evaluate_stream_shown(
                project.index,
                source,
                weigh(project),
                max_rows=max_rows,
                options=project.eval_options,
                progress=rows_progress,
            )
            return ev, why
        except NotStreamable as exc:
            why = msg("stream.fell_back", reason=exc.reason)
    return trim_rows(evaluate(project, progress=progress), max_rows), why


def data_layout(project: Project) -> DataLayout:
    """Which columns identify a row, from the ad-hoc options or the config's ``data:``."""
    return _data_files(project)[0]


def _only_files(paths: Sequence[Path], config: RunConfig | None) -> None:
    """The in-process engine reads files; a folder or glob is the Dask engine's."""
    problems = [
        Problem(
            msg("dask.folder_needs_dask", path=str(p)),
            str(config.file) if config else str(p),
            path=f"data.files[{i}].path" if config else None,
            fix=msg("dask.folder_fix"),
        )
        for i, p in enumerate(paths)
        if not is_file(p)  # the Python API may give names as text
    ]
    if problems:
        raise InputError(problems)


def dask_entries(project: Project) -> list[DaskEntry]:
    """The data entries as the Dask engine reads them: each path's files (folder, glob)."""
    from qualindex.evaluate.dask_engine import DaskEntry, expand_paths

    if project.adhoc is not None:
        a = project.adhoc
        return [DaskEntry(str(f), expand_paths(Path.cwd(), str(f)), a.layout) for f in a.files]
    config = project.config
    if config is None or config.data is None:
        data_layout(project)  # raises: no data
        raise AssertionError  # pragma: no cover
    spec = config.data
    return [
        DaskEntry(
            f.path, expand_paths(config.base, f.path), f.layout, f.delimiter or spec.delimiter
        )
        for f in spec.files
    ]


_READING = ("encoding", "decimal", "thousands", "missing_values", "sheet", "header_row")


def _reading_settings(config: RunConfig | None) -> list[Problem]:
    """Reading settings the Dask engine's Arrow reader does not apply: refused, located."""
    if config is None or config.data is None:
        return []
    spec = config.data
    given = [(f"data.{k}", k) for k in _READING if getattr(spec, k, None) is not None]
    given += [
        (f"data.files[{i}].{k}", k)
        for i, f in enumerate(spec.files)
        for k in (*_READING, "header_rows")
        if getattr(f, k, None) is not None
    ]
    return [
        Problem(
            msg("dask.no_reading", setting=k), str(config.file), path=at, fix=msg("dask.fix_memory")
        )
        for at, k in given
    ]


def evaluate_on_dask(
    project: Project,
    *,
    out: Path,
    scheduler: str | None = None,
    force: bool = False,
    progress: Progress = lambda stage: None,
) -> DaskResult:
    """:func:`evaluate` on Dask (:mod:`qualindex.evaluate.dask_engine`): ``out/rows/`` and
    ``out/summary.json``; ``scheduler`` (or the config's ``evaluate.scheduler``) names a
    running cluster, else a LocalCluster is started for the run."""
    from qualindex.evaluate.dask_engine import evaluate_dask, unsupported

    config = project.config
    where = str(config.file) if config else ""
    entries = dask_entries(project)
    layout = data_layout(project)
    problems = unsupported(project.index, project.eval_options, entries, where)
    problems += _reading_settings(config)
    if problems:
        raise InputError(problems)
    weights = weigh(project)  # judgments only: data-driven weights were refused above
    if scheduler is None and config is not None:
        scheduler = config.evaluate.scheduler
    return evaluate_dask(
        project.index,
        weights,
        project.eval_options,
        layout,
        entries,
        out=out,
        scheduler=scheduler,
        where=where,
        force=force,
        progress=progress,
    )


def _number_columns(index: IndexSystem, layout: DataLayout) -> frozenset[str]:
    """The columns read as numbers (indicators, expectations, ratings), not as keys."""
    cols = set(layout.extra)
    for leaf in index.leaves():
        ind = leaf.indicator
        if ind is not None:
            cols.add(layout.columns.get(leaf.id) or ind.column or leaf.id)
            cols.update([ind.expectation_column] if ind.expectation_column else [])
    keys = {layout.entity, layout.period, layout.label, *layout.groups}
    return frozenset(cols - keys)


def _importance_columns(index: IndexSystem) -> tuple[str, ...]:
    cols: list[str] = []
    for node in index.aggregates():
        if isinstance(node.weighting, ImportanceWeighting):
            cols += node.weighting.columns.values()
    return tuple(dict.fromkeys(cols))


def weigh(project: Project, data: Dataset | None = None) -> TreeWeights:
    """Local and global weights of every node: the one weighting driver.

    Data is read only when a node's method needs it, and then only the indicators under
    such nodes; ``data`` supplies a dataset already read instead.
    """
    nodes = data_nodes(project.index)
    if not nodes:
        return weigh_tree(project.index, project.judgments, options=project.options)
    from qualindex.evaluate.engine import NodeScorer

    if data is None and project.has_data:
        # only the indicators whose scores a node's weights come from (importance needs none)
        under = {
            leaf.id
            for node in nodes
            if needs_child_scores(node)
            for leaf in project.index.leaves(node.id)
        }
        data = read_data(project, leaves=under)
    scorer = None if data is None else NodeScorer(project.index, data, project.eval_options)
    return weigh_tree(project.index, project.judgments, options=project.options, data=scorer)


def evaluate(
    project: Project,
    weights: TreeWeights | None = None,
    *,
    data: Dataset | None = None,
    progress: Progress = lambda stage: None,
) -> Evaluation:
    """Score, grade, rank and diagnose the run's data with ``weights``.

    Without ``weights`` they are computed here by :func:`weigh` from the same data, which
    is read once.
    """
    from qualindex.evaluate.engine import NodeScorer
    from qualindex.evaluate.results import analyse

    if data is None and project.index.alternatives and not project.has_data:
        raise InputError(
            Problem(
                f"{project.index.id!r} is a decision model: its alternatives are ranked, "
                "not scored from data",
                project.index.file,
                fix="run `qualindex rank` on it",
            )
        )
    if data is None:
        progress(msg("cli.stage.data"))
        data = read_data(project)
    options = project.eval_options
    scorer = NodeScorer(project.index, data, options)
    progress(msg("cli.stage.scoring"))
    if weights is None:
        needs = bool(data_nodes(project.index))
        weights = weigh_tree(
            project.index,
            project.judgments,
            options=project.options,
            data=scorer if needs else None,
        )
    scores = scorer.scores(weights)
    progress(msg("cli.stage.ranking"))
    return analyse(
        project.index,
        data,
        scores,
        top=options.top,
        boxes=options.boxes,
        fce_operator=options.fce_operator,
        methods=options.methods,
        alpha_missing=options.alpha_missing,
        ipa=options.ipa,
    )
