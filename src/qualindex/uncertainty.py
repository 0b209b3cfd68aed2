"""How sure is the ranking: the sensitivity kernels applied to one evaluated run.

Maps a run (index, weights, judgments, leaf scores) onto the arrays of
:mod:`qualindex.sensitivity` and back to ids and names.  What varies (``vary``):

* ``weights`` - exact switch points of every local weight (Triantaphyllou & Sánchez 1997,
  Theorem 1: the weighted sum is linear in one weight with its siblings rescaled), the interval
  of each weight within which the order of the leading entities does not change, and a tornado
  of each node's effect on each entity's composite (child weights ±10 %);
* ``judgments`` - a Monte Carlo over the experts' pairwise judgments (lognormal noise on
  ln a_ij), through every AHP node of the tree at once;
* ``values`` - measurement error of the measured values, per indicator from the run
  configuration's ``sensitivity.values`` (in the indicator's unit, mapped through its scoring,
  or in score points), or ``value_sd`` score points for every indicator;
* ``methods`` - the method choices of ``sensitivity.methods``: each indicator's own scoring or
  min-max / z-score / rank normalisation over the period's entities, weighted arithmetic or
  geometric mean, AIJ or AIP, each an equally likely option (OECD/JRC Handbook, sec. 7).

The Monte Carlo sources give each entity's rank interval (5-95 %) per source and all together,
rank acceptability (SMAA, Lahdelma & Salminen 2001), grade probabilities and the judgment cells
that explain the top ranks; ``sobol`` adds first and total Sobol indices of the leading
entities' composites per uncertain input group (SALib).

The kernels aggregate by the weighted arithmetic mean of the leaf scores; a missing score is
held at its nearest scored ancestor's score (which leaves the composite at the base weights as
evaluated), and rows whose composite cannot be had are left out (and named).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast, get_args

import numpy as np
from numpy.typing import NDArray

from qualindex.choices import GroupRule, SensitivitySource
from qualindex.decision import Decision, decide
from qualindex.errors import IndexFileError, InputError
from qualindex.evaluate import normalise
from qualindex.evaluate.results import Evaluation
from qualindex.evaluate.scoring import score_column
from qualindex.hierarchy.model import Node
from qualindex.hierarchy.schema import AHPWeighting, MethodChoicesSpec, ValueErrorSpec
from qualindex.hierarchy.yamlio import read_yaml
from qualindex.run import Project
from qualindex.sensitivity import (
    Hierarchy,
    RankAccumulator,
    attribute,
    combined_monte_carlo,
    composite,
    composite_sobol,
    draw_local_weights,
    global_weights,
    switch_points,
    tornado,
)
from qualindex.sensitivity.ranks import RankSummary
from qualindex.texts import code, msg
from qualindex.weighting.tree import ahp_settings, complete_stack, expert_weights_at, pairwise_stack

__all__ = [
    "REPORT_DRAWS",
    "SOURCES",
    "Progress",
    "ScoreErrors",
    "Sensitivity",
    "Vary",
    "decision_sensitivity",
    "report_sensitivity",
    "score_errors",
    "sensitivity",
    "sensitivity_rows",
]

Vary = SensitivitySource
SOURCES: tuple[str, ...] = get_args(SensitivitySource)
MC_SOURCES = ("judgments", "values", "methods")  # the sources drawn at random
FloatArray = NDArray[np.float64]
#: progress(stage, done, total): draws done of the current stage
Progress = Callable[[str, int, int], None]
REPORT_DRAWS = 500  # draws behind the report's rank intervals
DATA_SCORED = ("minmax", "zscore", "rank", "relative", "gap")  # scored against the other rows


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity of one period's ranking, with ids, names and plain numbers."""

    period: str
    entities: tuple[str, ...]  # entity ids of the rows analysed, in data order
    names: tuple[str, ...]
    left_out: tuple[str, ...]  # rows with no composite
    notes: tuple[str, ...]
    switches: tuple[dict[str, Any], ...]
    stability: tuple[dict[str, Any], ...]
    tornado: tuple[dict[str, Any], ...]
    monte_carlo: dict[str, Any] | None  # every varied source together
    intervals: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    sobol: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period or None,
            "entities": [
                {"id": e, "name": n} for e, n in zip(self.entities, self.names, strict=True)
            ],
            "left_out": list(self.left_out),
            "notes": list(self.notes),
            "switch_points": list(self.switches),
            "stability": list(self.stability),
            "tornado": list(self.tornado),
            "monte_carlo": self.monte_carlo,
            "intervals": {k: list(v) for k, v in self.intervals.items()},
            "sobol": self.sobol,
        }


@dataclass(frozen=True)
class _Period:
    """One period's rows as the kernels' arrays."""

    tree: Hierarchy
    order: list[str]  # node ids, pre-order
    rows: list[int]  # dataset rows analysed
    ids: tuple[str, ...]
    x: FloatArray  # (entities, leaves) filled scores


def _tree(ev: Evaluation) -> tuple[Hierarchy, list[str]]:
    """The index as arrays (pre-order, parents first)."""
    order = [n.id for n in ev.index.walk()]
    pos = {node: i for i, node in enumerate(order)}
    nodes = ev.index.nodes
    parent = [-1 if (up := nodes[i].parent) is None else pos[up] for i in order]
    local = [ev.scores.weights.local[i] for i in order]
    leaves = [pos[leaf] for leaf in ev.data.leaves]
    return Hierarchy(np.array(parent), np.array(local), np.array(leaves)), order


def _filled_scores(ev: Evaluation, rows: list[int]) -> FloatArray:
    """Leaf scores of ``rows``; a missing one takes its nearest scored ancestor's score.

    Filling a missing child with its parent's reweighted mean leaves the parent's score as
    it is (``(1 - w) v + w v = v``), so the composite at the base weights is the evaluated
    one; under varied weights the fill is held fixed (an approximation, stated in the notes).
    A node left empty (too little of its weight measured) is out of its parent's mean, so
    every leaf under it, measured or not, takes the score of the first scored node above it.
    """
    x = np.array(ev.scores.leaf_scores[rows])
    nodes, scores, at = ev.index.nodes, ev.scores.nodes, np.asarray(rows, dtype=np.int64)
    for j, leaf in enumerate(ev.data.leaves):
        above = nodes[leaf].path[-2::-1]  # the leaf's parent, ..., the root
        # row k of `levels`: the leaf (k = 0), then above[k - 1]; NaN where empty
        levels = np.vstack([x[:, j], *(np.asarray(scores[n])[at] for n in above)])
        empty = np.isnan(levels)
        hit = empty.any(axis=0)
        if not hit.any():
            continue
        top = len(levels) - 1 - np.argmax(empty[::-1], axis=0)  # the highest empty level
        fill = hit & (top < len(above))  # an empty root has nothing above it to take
        x[fill, j] = levels[top[fill] + 1, np.flatnonzero(fill)]
    return x


def _period(ev: Evaluation, period: str | None) -> tuple[_Period, tuple[str, ...], list[str]]:
    tree, order = _tree(ev)
    data = ev.data
    periods = ev.period_order()
    period = periods[-1] if period is None else period
    if period not in periods:
        raise InputError(f"no period {period!r} in the data; periods: {', '.join(periods)}")
    rows = [r for r in range(len(data)) if data.periods[r] == period]
    x = _filled_scores(ev, rows)
    ok = [not np.isnan(row).any() for row in x]
    left_out = tuple(data.entities[r] for r, good in zip(rows, ok, strict=True) if not good)
    rows = [r for r, good in zip(rows, ok, strict=True) if good]
    if len(rows) < 2:
        raise InputError(msg("sensitivity.too_few", period=period, n=len(rows)))
    x = x[np.array(ok)]
    notes: list[str] = []
    if not np.allclose(composite(tree, x), ev.composite[rows], rtol=1e-9, atol=1e-9):
        notes.append(msg("sensitivity.other_aggregation"))
    if left_out:
        notes.append(msg("sensitivity.left_out", entities=", ".join(left_out)))
    gaps = np.isnan(ev.scores.leaf_scores[rows]).sum()
    if gaps:
        notes.append(msg("sensitivity.gaps_held", n=int(gaps)))
    ids = tuple(data.entities[r] for r in rows)
    return _Period(tree, order, rows, ids, x), left_out, notes


def sensitivity(
    project: Project,
    ev: Evaluation,
    *,
    vary: Sequence[Vary] = ("weights", "judgments"),
    draws: int = 1000,
    sigma: float = 0.1,
    seed: int = 0,
    top: int = 10,
    period: str | None = None,
    value_sd: float | None = None,
    sobol: bool = False,
    sobol_base: int = 256,
    progress: Progress | None = None,
) -> Sensitivity:
    """Switch points, tornado, Monte Carlo rank intervals (per source and together) and Sobol
    indices for one period (default: the latest) of an evaluation (module docstring).

    ``value_sd`` is the measurement error, in score points, of every indicator that the run
    configuration's ``sensitivity.values`` does not name; ``sobol_base`` is the Saltelli base
    sample (a power of 2).
    """
    bad = [v for v in vary if v not in SOURCES]
    if bad or not vary:
        raise InputError(f"vary {', '.join(bad) or '(nothing)'}: use {', '.join(SOURCES)}")
    if draws < 1:
        raise InputError(f"draws = {draws} must be >= 1")
    pr, left_out, notes = _period(ev, period)
    out: dict[str, Any] = {"switches": (), "stability": (), "tornado": (), "monte_carlo": None}
    if "weights" in vary:
        out.update(_weights(pr, top))
    sources = [s for s in MC_SOURCES if s in vary]
    inputs = _Inputs.gather(project, ev, pr, sources, sigma, value_sd, notes) if sources else None
    if inputs is not None and inputs.sources:
        out.update(_monte_carlo(ev, pr, inputs, draws, seed, progress))
        if sobol:
            out["sobol"] = _sobol(pr, inputs, seed, sobol_base, top)
    elif sobol:
        raise InputError("Sobol indices need an uncertain input: vary judgments, values or methods")
    names = tuple(ev.data.label(r) for r in pr.rows)
    return Sensitivity(ev.data.periods[pr.rows[0]], pr.ids, names, left_out, tuple(notes), **out)


def report_sensitivity(project: Project, ev: Evaluation) -> Sensitivity | None:
    """The report's section: the latest period, weights, judgments and methods (and values
    when the run configuration gives ``sensitivity.values``), 500 draws, seed 0; None where it
    cannot be had (fewer than two entities with every indicator, a method that cannot run)."""
    given = project.config is not None and bool(project.config.sensitivity.values)
    vary: list[Vary] = ["weights", "judgments", "methods"]
    if given:
        vary.append("values")
    try:
        return sensitivity(project, ev, vary=vary, draws=REPORT_DRAWS, seed=0)
    except InputError:
        return None


def _weights(pr: _Period, top: int) -> dict[str, Any]:
    tree, x, order, ids = pr.tree, pr.x, pr.order, pr.ids
    sp = switch_points(tree, x, top=top)
    switches = tuple(
        {
            "node": order[int(sp.node[k])],
            "child": order[int(sp.child[k])],
            "first": ids[int(sp.first[k])],
            "second": ids[int(sp.second[k])],
            "weight": float(sp.weight[k]),
            "current": float(sp.current[k]),
            "leader_above": ids[int(sp.leader_above[k])],
        }
        for k in np.argsort(np.abs(sp.weight - sp.current), kind="stable")
    )
    stability = tuple(
        {
            "node": order[int(sp.var_node[k])],
            "child": order[int(sp.var_child[k])],
            "current": float(tree.local[int(sp.var_child[k])]),
            "low": float(sp.stable_low[k]),
            "high": float(sp.stable_high[k]),
        }
        for k in range(sp.var_node.size)
    )
    tn = tornado(tree, x, spread=0.1)
    swings = tuple(
        {
            "node": order[int(node)],
            "swing": {e: float(tn.high[k, i] - tn.low[k, i]) for i, e in enumerate(ids)},
            "low": {e: float(tn.low[k, i]) for i, e in enumerate(ids)},
            "high": {e: float(tn.high[k, i]) for i, e in enumerate(ids)},
            "base": {e: float(tn.base[i]) for i, e in enumerate(ids)},
        }
        for k, node in enumerate(tn.nodes)
    )
    return {"switches": switches, "stability": stability, "tornado": swings}


# --- the uncertain inputs of one period ------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    """Everything the Monte Carlo and Sobol draw from, as arrays of one period."""

    sources: tuple[str, ...]
    sigma: float
    group: GroupRule
    method: str
    judged: dict[int, FloatArray]  # node -> (k, n, n), when judgments vary
    experts: dict[int, list[str]]
    all_judged: dict[int, FloatArray]  # every AHP node's stack (for the group-rule choice)
    sd: FloatArray | None  # value errors in score points, (entities, leaves)
    low: FloatArray | None
    high: FloatArray | None
    stacks: FloatArray  # (K, entities, leaves): the normalisation options, own first
    normalisations: tuple[str, ...]
    aggregations: tuple[str, ...]
    groups: tuple[GroupRule, ...]

    @staticmethod
    def gather(
        project: Project,
        ev: Evaluation,
        pr: _Period,
        sources: list[str],
        sigma: float,
        value_sd: float | None,
        notes: list[str],
    ) -> _Inputs:
        spec = project.config.sensitivity if project.config is not None else None
        stacks_all, experts = _ahp_stacks(project, ev, pr)
        judged = stacks_all if "judgments" in sources else {}
        if "judgments" in sources and not judged:
            notes.append(msg("sensitivity.no_judgments"))
        sd = low = high = None
        if "values" in sources:
            sd, low, high = _value_errors(project, ev, pr, value_sd, notes)
        methods = spec.methods if spec is not None else MethodChoicesSpec()
        norms: tuple[str, ...] = ()
        aggs: tuple[str, ...] = ()
        grps: tuple[GroupRule, ...] = ()
        stacks = pr.x[None]
        if "methods" in sources:
            norms = tuple(dict.fromkeys(["own", *methods.normalisation]))
            if len(norms) > 1:
                stacks = np.concatenate([pr.x[None], _normalised(ev, pr, norms[1:], notes)])
            aggs = tuple(dict.fromkeys(methods.aggregation))
            grps = tuple(dict.fromkeys(methods.group)) if stacks_all else ()
        varied = [s for s in sources if s != "judgments" or judged]
        return _Inputs(
            tuple(varied), float(sigma), project.options.group, project.options.priority,
            judged, experts, stacks_all, sd, low, high, stacks, norms, aggs, grps,
        )  # fmt: skip

    def choice_counts(self) -> tuple[int, int, int]:
        return len(self.normalisations), len(self.aggregations), len(self.groups)


def _ahp_stacks(
    project: Project, ev: Evaluation, pr: _Period
) -> tuple[dict[int, FloatArray], dict[int, list[str]]]:
    pos = {node: i for i, node in enumerate(pr.order)}
    judged: dict[int, FloatArray] = {}
    experts: dict[int, list[str]] = {}
    for node in ev.index.aggregates():
        if isinstance(node.weighting, AHPWeighting):
            stack, sets = pairwise_stack(node, project.all_judgments)
            if sets:
                judged[pos[node.id]] = stack
                experts[pos[node.id]] = [s.expert.id for s in sets]
    return judged, experts


@dataclass(frozen=True)
class ScoreErrors:
    """The measurement errors of one period on the score scale (entities x leaves)."""

    entities: tuple[str, ...]
    leaves: tuple[str, ...]
    sd: FloatArray | None
    low: FloatArray | None
    high: FloatArray | None


def score_errors(
    project: Project, ev: Evaluation, *, period: str | None = None, value_sd: float | None = None
) -> ScoreErrors:
    """The errors ``--vary values`` draws from: ``sensitivity.values`` of the run configuration
    mapped through each indicator's scoring (module docstring), ``value_sd`` elsewhere."""
    pr, _, notes = _period(ev, period)
    sd, low, high = _value_errors(project, ev, pr, value_sd, notes)
    return ScoreErrors(pr.ids, tuple(ev.data.leaves), sd, low, high)


def _located(project: Project, path: tuple[str | int, ...], message: str, fix: str) -> Exception:
    """A problem at ``path`` of the run configuration (its line and column)."""
    config = project.config
    assert config is not None
    return IndexFileError(read_yaml(config.file).problem(path, message, fix=fix, key=True))


def _value_errors(
    project: Project, ev: Evaluation, pr: _Period, value_sd: float | None, notes: list[str]
) -> tuple[FloatArray | None, FloatArray | None, FloatArray | None]:
    """Measurement errors in score points: sd (normal) and the interval [low, high]."""
    given = project.config.sensitivity.values if project.config is not None else {}
    leaves = list(ev.data.leaves)
    for key in given:
        if key not in leaves:
            raise _located(
                project, ("sensitivity", "values", key), f"{key!r} is not an indicator",
                "name an indicator id of the index (a leaf), e.g. " + ", ".join(leaves[:3]),
            )  # fmt: skip
    if value_sd is not None and not (np.isfinite(value_sd) and value_sd >= 0):
        raise InputError(f"value_sd = {value_sd} must be >= 0 (score points)")
    if not given and value_sd is None:
        raise InputError(
            "--vary values needs measurement errors: give sensitivity.values in the run "
            "configuration ({indicator: {sd: 0.5}} in its unit, or {sd: 2, units: score}), or "
            "--value-sd POINTS for every indicator"
        )
    e, n_leaves = pr.x.shape
    sd = np.zeros((e, n_leaves))
    low, high = pr.x.copy(), pr.x.copy()
    for j, leaf in enumerate(leaves):
        spec = given.get(leaf)
        if spec is None:
            sd[:, j] = value_sd or 0.0
            continue
        s, lo, hi = _leaf_error(project, ev, pr, j, spec)
        sd[:, j], low[:, j], high[:, j] = s, lo, hi
    if value_sd is not None:
        notes.append(msg("sensitivity.default_sd", sd=value_sd))
    has_interval = bool((high > low).any())
    return (sd if sd.any() else None, low if has_interval else None,
            high if has_interval else None)  # fmt: skip


def _leaf_error(
    project: Project, ev: Evaluation, pr: _Period, j: int, spec: ValueErrorSpec
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One indicator's error on the score scale: sd by the secant slope of its scoring over
    ±1 sd, the interval as the range of its scoring over [x - h, x + h]."""
    x = pr.x[:, j]
    if spec.units == "score":
        h = spec.interval or 0.0
        return np.full(x.shape, spec.sd or 0.0), x - h, x + h
    leaf = ev.index.nodes[ev.data.leaves[j]]
    assert leaf.indicator is not None
    if leaf.indicator.scoring.name in DATA_SCORED:
        raise _located(
            project, ("sensitivity", "values", leaf.id),
            f"indicator {leaf.id!r} is scored by {leaf.indicator.scoring.name} against the "
            "other entities, so an error of its value has no score of its own",
            "give the error in score points: add units: score",
        )  # fmt: skip
    v = ev.data.values[pr.rows, j]
    measured = np.isfinite(v)
    sd = np.zeros(x.shape)
    if spec.sd:
        up, down = _rescore(leaf, v + spec.sd), _rescore(leaf, v - spec.sd)
        sd = np.where(measured, np.abs(up - down) / 2.0, 0.0)
    lo, hi = x.copy(), x.copy()
    if spec.interval:
        ends = _interval_scores(leaf, v, spec.interval)
        lo = np.where(measured, np.minimum(ends.min(axis=0), x), x)
        hi = np.where(measured, np.maximum(ends.max(axis=0), x), x)
    return sd, lo, hi


def _rescore(leaf: Node, v: FloatArray) -> FloatArray:
    return score_column(leaf, v, np.full(v.shape, np.nan))


def _interval_scores(leaf: Node, v: FloatArray, h: float) -> FloatArray:
    """Scores at the interval's ends and at every kink of the scoring inside it (the range of
    a piecewise-linear scoring is reached at one of them)."""
    ind = leaf.indicator
    assert ind is not None
    kinks = [ind.threshold, ind.target, ind.baseline, *(ind.band or ())]
    points = getattr(ind.scoring, "points", None) or []
    kinks += [p[0] for p in points]
    if ind.scale is not None:
        kinks += [p.value for p in ind.scale.points]
    cands = [v - h, v + h]
    for k in (k for k in kinks if k is not None):
        cands.append(np.where((v - h < k) & (k < v + h), k, v))
    return np.stack([_rescore(leaf, c) for c in cands])


def _normalised(
    ev: Evaluation, pr: _Period, options: Sequence[str], notes: list[str]
) -> FloatArray:
    """Leaf scores under each alternative normalisation of the period's measured values.

    Direction ``target`` is oriented as the negative distance to the target (0 inside a band);
    a missing value takes the mean of the others' scores of that indicator (noted).
    """
    nodes = [ev.index.nodes[leaf] for leaf in ev.data.leaves]
    raw = np.array(ev.data.values[pr.rows], dtype=np.float64)
    oriented = np.column_stack([_oriented(n, raw[:, j]) for j, n in enumerate(nodes)])
    out = []
    # an indicator with no value in the period tells no entity apart, like a constant one
    # (nanmax of it would be NaN and a numpy warning); named in the notes
    empty = [j for j in range(len(nodes)) if np.isnan(oriented[:, j]).all()]
    for j in empty:
        notes.append(
            f"alternative normalisations: indicator {nodes[j].id!r} has no value in the period "
            "analysed; it scores 50 for every entity there"
        )
    for name in options:
        cols = []
        for j, n in enumerate(nodes):
            if j in empty:
                cols.append(np.full(len(pr.rows), 50.0))
                continue
            try:
                cols.append(_normalise(name, oriented[:, j]))
            except InputError as exc:
                raise InputError(
                    f"sensitivity.methods.normalisation {name}: indicator {n.id!r}: {exc}",
                ) from None
        s = np.column_stack(cols)
        if np.isnan(s).any():
            s = np.where(np.isnan(s), np.nanmean(s, axis=0), s)
        out.append(s)
    if np.isnan(raw).any():
        notes.append(msg("sensitivity.normalisation_gaps"))
    return np.stack(out)


def _oriented(node: Node, x: FloatArray) -> FloatArray:
    ind = node.indicator
    assert ind is not None
    if ind.direction == "target":
        lo, hi = ind.band if ind.band is not None else (ind.target, ind.target)
        assert lo is not None and hi is not None
        return np.asarray(-np.maximum(np.maximum(lo - x, x - hi), 0.0))
    return x if ind.direction == "higher" else -x


def _normalise(name: str, x: FloatArray) -> FloatArray:
    if name == "minmax":
        if np.nanmax(x) == np.nanmin(x):
            return np.full(x.shape, 50.0)  # a constant indicator tells no entity apart
        return normalise.minmax(x)
    if name == "zscore":
        if np.nanstd(x) == 0:
            return np.full(x.shape, 50.0)
        return normalise.zscore(x, to_scale=True)
    return normalise.rank_score(x)


# --- Monte Carlo ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draws:
    """Per-draw inputs of every source (the same streams for each source and for all)."""

    local: dict[str, FloatArray | None]  # source -> (draws, n_nodes) or None (fixed)
    choice: NDArray[np.int64] | None
    geometric: NDArray[np.bool_] | None
    factors: FloatArray | None  # judgment perturbations (attribution)
    factor_ids: tuple[NDArray[np.int64], ...]


def _draws(inp: _Inputs, pr: _Period, draws: int, seed: int) -> _Draws:
    tree = pr.tree
    jseed, mseed = np.random.SeedSequence(seed).spawn(2)
    judged = inp.judged
    by_rule: dict[GroupRule, FloatArray] = {}
    factors: FloatArray | None = None
    ids: tuple[NDArray[np.int64], ...] = ()
    for rule in dict.fromkeys((inp.group, *inp.groups)):
        if not judged:
            if inp.all_judged:
                by_rule[rule] = np.tile(_base(inp, tree, rule), (draws, 1))
            continue
        # the same stream for every rule: the same perturbations, aggregated either way
        jd = draw_local_weights(tree, judged, draws=draws, sigma=inp.sigma, method=inp.method,
                                group=rule, seed=np.random.default_rng(jseed))  # fmt: skip
        by_rule[rule] = jd.local
        if rule == inp.group:
            factors = jd.factors
            ids = (jd.factor_node, jd.factor_expert, jd.factor_i, jd.factor_j)
    rng = np.random.default_rng(mseed)
    n_norm, n_agg, n_grp = inp.choice_counts()
    choice = rng.integers(0, n_norm, size=draws) if n_norm > 1 else None
    geo = None
    if n_agg > 1 or (n_agg == 1 and inp.aggregations[0] == "geometric-mean"):
        pick = rng.integers(0, n_agg, size=draws)
        geo = np.array([inp.aggregations[i] == "geometric-mean" for i in pick])
    local_m = None
    if n_grp:
        rules = np.array(inp.groups)[rng.integers(0, n_grp, size=draws)]
        local_m = np.tile(np.asarray(tree.local), (draws, 1))
        for rule, w in by_rule.items():
            base = w if not judged else _base(inp, tree, rule)
            local_m[rules == rule] = np.broadcast_to(base, w.shape)[rules == rule]
    local_j = by_rule.get(inp.group) if judged else None
    local_all = local_j
    if n_grp and judged:
        local_all = np.tile(np.asarray(tree.local), (draws, 1))
        for rule, w in by_rule.items():
            local_all[rules == rule] = w[rules == rule]
    elif n_grp:
        local_all = local_m
    return _Draws(
        {"judgments": local_j, "values": None, "methods": local_m, "all": local_all},
        choice, geo, factors, ids,
    )  # fmt: skip


def _base(inp: _Inputs, tree: Hierarchy, rule: GroupRule) -> FloatArray:
    """Unperturbed local weights of every node under a group rule."""
    jd = draw_local_weights(tree, inp.all_judged, draws=1, noise="none", group=rule,
                            method=inp.method)  # fmt: skip
    return np.asarray(jd.local[0])


def _monte_carlo(
    ev: Evaluation,
    pr: _Period,
    inp: _Inputs,
    draws: int,
    seed: int,
    progress: Progress | None,
) -> dict[str, Any]:
    d = _draws(inp, pr, draws, seed)
    base = _base(inp, pr.tree, inp.group) if inp.all_judged else None
    cuts, labels = _grade_cuts(ev)
    runs = [*inp.sources, "all"] if len(inp.sources) > 1 else list(inp.sources)
    summaries: dict[str, RankSummary] = {}
    for k, source in enumerate(runs):
        each = {source} if source != "all" else set(inp.sources)
        kw: dict[str, Any] = {}
        if "values" in each:
            kw.update(sd=inp.sd, low=inp.low, high=inp.high)
        if "methods" in each and inp.stacks.shape[0] > 1:
            kw.update(alternatives=inp.stacks[1:], choice=d.choice)
        if "methods" in each:
            kw.update(geometric=d.geometric)
        local = d.local[source]
        tick = None
        if progress is not None:
            progress(f"drawing: {source} ({k + 1}/{len(runs)})", 0, draws)
            tick = _tick(progress, f"drawing: {source} ({k + 1}/{len(runs)})", draws)
        res = combined_monte_carlo(
            pr.tree, pr.x, draws=draws, local=local, base_local=base, grades=cuts,
            seed=seed, track=10, progress=tick, **kw,
        )  # fmt: skip
        summaries[source] = res.ranks
    together = summaries[runs[-1]]
    options = {"draws": draws, "seed": seed, "sources": list(inp.sources), "sigma": inp.sigma,
               "noise": "lognormal", "group": inp.group,
               "normalisation": list(inp.normalisations), "aggregation": list(inp.aggregations),
               "group_rules": list(inp.groups)}  # fmt: skip
    mc = {"options": options, "entities": _entities(together, pr.ids, labels, cuts)}
    if "judgments" in inp.sources and d.factors is not None:
        mc["judgments"] = _cells(inp, pr, summaries["judgments"], d)
    intervals = {s: tuple(_interval(r, pr.ids)) for s, r in summaries.items()}
    return {"monte_carlo": mc, "intervals": intervals}


def _tick(progress: Progress, stage: str, total: int) -> Callable[[int], None]:
    return lambda done: progress(stage, done, total)


def _grade_cuts(ev: Evaluation) -> tuple[list[float] | None, list[str]]:
    grades = ev.index.grades
    bands = sorted(grades.bands, key=lambda b: b.min) if grades else []
    # the lowest band takes everything below the second band's minimum
    return [b.min for b in bands[1:]] or None, [b.label.get("en") for b in bands]


def _entities(
    r: RankSummary, ids: tuple[str, ...], labels: list[str], cuts: list[float] | None
) -> list[dict[str, Any]]:
    return [
        {
            "id": e,
            "base_rank": int(r.base_rank[i]),
            "median": int(r.median[i]),
            "q05": int(r.q05[i]),
            "q95": int(r.q95[i]),
            "first": float(r.acceptability[i, 0]) if r.acceptability.shape[1] else None,
            # SMAA rank acceptability: share of draws at rank 1, 2, ... (Lahdelma & Salminen)
            "acceptability": [float(v) for v in r.acceptability[i]],
            "grades": dict(zip(labels, map(float, r.grade_probability[i]), strict=bool(cuts))),
        }
        for i, e in enumerate(ids)
    ]


def _interval(r: RankSummary, ids: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"id": e, "median": int(r.median[i]), "q05": int(r.q05[i]), "q95": int(r.q95[i]),
         "first": float(r.acceptability[i, 0]) if r.acceptability.shape[1] else None}
        for i, e in enumerate(ids)
    ]  # fmt: skip


def _cells(inp: _Inputs, pr: _Period, ranks: RankSummary, d: _Draws) -> list[dict[str, Any]]:
    """The judgment cells that explain most of the variance of the top ranks."""
    assert d.factors is not None
    a = attribute(ranks.tracked_ranks, d.factors)
    node, expert, fi, fj = d.factor_ids
    kids = {p: [pr.order[c] for c in pr.tree.children(p)] for p in inp.judged}
    return [
        {
            "node": pr.order[int(node[f])],
            "expert": inp.experts[int(node[f])][int(expert[f])],
            "a": kids[int(node[f])][int(fi[f])],
            "b": kids[int(node[f])][int(fj[f])],
            "explained": float(a.explained[f]),
        }
        for f in a.order[:10]
        if fi[f] >= 0
    ]


# --- Sobol ------------------------------------------------------------------------------------


def _sobol(pr: _Period, inp: _Inputs, seed: int, n_base: int, top: int) -> dict[str, Any]:
    res = composite_sobol(
        pr.tree, pr.x, weight_spread=0.0, value_sd=inp.sd, value_low=inp.low,
        value_high=inp.high, judgments=inp.judged or None, sigma=inp.sigma, method=inp.method,
        group=inp.group, alternatives=inp.stacks[1:] if inp.stacks.shape[0] > 1 else None,
        aggregation=len(inp.aggregations) > 1, group_choice=len(inp.groups) > 1,
        top=top, n_base=n_base, seed=seed,
    )  # fmt: skip
    groups = [_group_name(g, pr, inp) for g in res.groups]
    entities = []
    for k, e in enumerate(res.entities):
        entities.append(
            {
                "id": pr.ids[int(e)],
                "variance": float(res.variance[k]),
                **{
                    key: dict(zip(groups, map(float, getattr(res, key)[k]), strict=True))
                    for key in ("first", "total", "first_conf", "total_conf")
                },
            }
        )
    return {"groups": groups, "entities": entities, "n_runs": res.n_runs, "n_base": n_base}


def _group_name(label: str, pr: _Period, inp: _Inputs) -> str:
    kind, _, rest = label.partition(":")
    if kind in ("w", "j"):
        return f"{kind}:{pr.order[int(rest)]}"
    if kind == "x":
        return f"x:{pr.order[int(pr.tree.leaves[int(rest)])]}"
    return label


def sensitivity_rows(s: Sensitivity) -> list[dict[str, object]]:
    """One row per entity for CSV: base rank, rank median and 5-95 % per source and together,
    the share ranked first, grade probabilities and Sobol indices."""
    mc = s.monte_carlo
    base = {e["id"]: e for e in mc["entities"]} if mc else {}
    sob = {e["id"]: e for e in s.sobol["entities"]} if s.sobol else {}
    rows: list[dict[str, object]] = []
    for e, name in zip(s.entities, s.names, strict=True):
        row: dict[str, object] = {"entity": e, "name": name}
        if e in base:
            row["base_rank"] = base[e]["base_rank"]
        for source, entries in s.intervals.items():
            it = next(x for x in entries if x["id"] == e)
            for key in ("median", "q05", "q95", "first"):
                row[f"{source}_{key}"] = it[key]
        for grade, p in base[e]["grades"].items() if e in base else ():
            row[f"grade_{grade}"] = p
        for group in s.sobol["groups"] if s.sobol else ():
            row[f"S1_{group}"] = sob[e]["first"][group] if e in sob else None
            row[f"ST_{group}"] = sob[e]["total"][group] if e in sob else None
        rows.append(row)
    return rows


# --- decision models: the alternatives' global priorities -----------------------------------


@dataclass(frozen=True)
class _DecisionTree:
    """A decision model as one hierarchy: below every leaf criterion ``k`` a node per
    alternative ``a`` with local weight d_k(a) (its local priority, summing to 1), and an
    "entity" per alternative whose score is ``c_k`` at its own node under every ``k`` and 0
    elsewhere.  Then the composite of alternative ``a`` is Σ_k G_k d_k(a) c_k, with
    c_k = 1 (distributive) or c_k = 1/max_a d_k(a) (ideal; Σ_a of the idealised ratings for a
    ratings criterion): exactly the synthesis score of
    :func:`~qualindex.weighting.alternatives.synthesize`.  The weight kernels
    (switch points, tornado) and the judgment draws then apply unchanged."""

    tree: Hierarchy
    order: list[str]  # criteria node ids (pre-order), then "criterion/alternative"
    n_criteria_nodes: int
    leaf_pos: NDArray[np.int64]  # tree position of each leaf criterion
    x: FloatArray  # (alternatives, criteria leaves x alternatives)
    c: FloatArray  # c_k per leaf criterion at the base
    rescale: NDArray[np.bool_]  # ideal mode, relative row: c_k follows 1/max d_k per draw


#: a judged node: stack (k, n, n), expert weights, priority method, group rule, experts, and
#: whether its children are criteria or alternatives
_Judged = tuple[FloatArray, FloatArray, str, GroupRule, list[str], str]


def _decision_tree(d: Decision) -> _DecisionTree:
    index = d.index
    order = [n.id for n in index.walk()]
    pos = {node: i for i, node in enumerate(order)}
    nodes = index.nodes
    parent = [-1 if (up := nodes[i].parent) is None else pos[up] for i in order]
    local = [1.0 if nodes[i].parent is None else float(d.weights.local[i]) for i in order]
    m = len(d.alternatives)
    used = np.asarray(d.synthesis.used)
    dist = np.stack([np.asarray(c.local) / np.sum(c.local) for c in d.criteria])
    c = used.sum(axis=1)  # used[k] = c_k d_k and Σ_a d_k(a) = 1
    leaf_pos = np.array([pos[c_.criterion] for c_ in d.criteria], dtype=np.int64)
    names = list(order)
    cols: list[int] = []
    for k, crit in enumerate(d.criteria):
        for a, alt in enumerate(d.alternatives):
            cols.append(len(parent))
            parent.append(int(leaf_pos[k]))
            local.append(float(dist[k, a]))
            names.append(f"{crit.criterion}/{alt.id}")
    x = np.zeros((m, len(d.criteria) * m))
    for k in range(len(d.criteria)):
        x[np.arange(m), k * m + np.arange(m)] = c[k]
    tree = Hierarchy(np.array(parent), np.array(local), np.array(cols))
    rescale = np.array([d.mode == "ideal" and not c_.absolute for c_ in d.criteria])
    return _DecisionTree(tree, names, len(order), leaf_pos, x, c, rescale)


def _decision_scores(dt: _DecisionTree, local: FloatArray) -> FloatArray:
    """Synthesis scores (draws, alternatives) for draws of every node's local weight."""
    k = dt.leaf_pos.size
    m = dt.x.shape[0]
    g = global_weights(dt.tree, local)  # (draws, nodes)
    crit = g[:, dt.leaf_pos]  # G_k
    alt = local[:, dt.tree.leaves].reshape(local.shape[0], k, m)  # d_k(a)
    c = np.broadcast_to(dt.c, crit.shape).copy()
    if dt.rescale.any():
        c[:, dt.rescale] = 1.0 / alt[:, dt.rescale].max(axis=2)
    out: FloatArray = np.einsum("dk,dka->da", crit * c, alt)
    return out


def decision_sensitivity(
    project: Project,
    *,
    vary: Sequence[Vary] = ("weights", "judgments"),
    mode: str = "distributive",
    draws: int = 1000,
    sigma: float = 0.1,
    seed: int = 0,
    top: int = 10,
    progress: Progress | None = None,
) -> Sensitivity:
    """Sensitivity of a decision model's ranking of its alternatives.

    ``weights``: exact switch points and stable intervals of every criteria weight (local,
    siblings rescaled; Triantaphyllou & Sánchez 1997, Theorem 1: the synthesis score
    Σ_k G_k used_k(a) is linear in one local weight) and a tornado of each criterion node's
    effect on the alternatives' scores (child weights ±10 %); the alternatives' own local
    priorities are held fixed.  ``judgments``: a Monte Carlo over the criteria judgments and
    the alternatives' pairwise judgments together, lognormal noise on ln a_ij with spread
    ``sigma`` (as :func:`~qualindex.sensitivity.draw_local_weights`), each draw synthesised in
    ``mode`` (ideal: every relative row re-idealised in every draw); rank intervals (5-95 %),
    rank acceptability and P(first) per alternative, per source (criteria, alternatives) and
    together, and the judgment cells that explain the top ranks.  Ratings, measured and
    direct priorities do not vary (they carry no judgment noise)."""
    bad = [v for v in vary if v not in ("weights", "judgments")]
    if bad or not vary:
        raise InputError(
            f"vary {', '.join(bad) or '(nothing)'}: a decision model varies weights and "
            "judgments (values and methods belong to evaluated data)"
        )
    if draws < 1:
        raise InputError(f"draws = {draws} must be >= 1")
    if mode not in ("distributive", "ideal"):
        raise InputError(f"mode {mode!r}: use distributive or ideal")
    d = decide(project, mode=mode)  # type: ignore[arg-type]
    dt = _decision_tree(d)
    ids = tuple(a.id for a in d.alternatives)
    names = tuple(a.name.get("en") or a.id for a in d.alternatives)
    said = code("synthesis", mode)
    notes: list[str] = [
        msg("sens.decision.note_ideal" if mode == "ideal" else "sens.decision.note", mode=said)
    ]
    base = _decision_scores(dt, np.asarray(dt.tree.local)[None])[0]
    if not np.allclose(base, d.synthesis.score, rtol=1e-9, atol=1e-12):
        raise AssertionError("the decision hierarchy does not reproduce the synthesis")
    out: dict[str, Any] = {"switches": (), "stability": (), "tornado": (), "monte_carlo": None}
    crit_nodes = dt.n_criteria_nodes
    if "weights" in vary:
        pr = _Period(dt.tree, dt.order, list(range(len(ids))), ids, dt.x)
        w = _weights(pr, top)
        leaves = {c.criterion for c in d.criteria}
        # the nodes below a leaf criterion are the alternatives' local priorities: held fixed
        keep = {n for n in dt.order[:crit_nodes] if n not in leaves}
        out["switches"] = tuple(s for s in w["switches"] if s["node"] in keep)
        out["stability"] = tuple(s for s in w["stability"] if s["node"] in keep)
        out["tornado"] = tuple(t for t in w["tornado"] if t["node"] in keep)
    if "judgments" in vary:
        opts = project.options
        judged: dict[int, _Judged] = {}
        pos = {n: i for i, n in enumerate(dt.order)}
        for node in d.index.aggregates():
            if not isinstance(node.weighting, AHPWeighting):
                continue
            stack, sets = pairwise_stack(node, project.all_judgments)
            if not sets:
                continue
            stack = complete_stack(node, stack, sets, opts)
            priority = ahp_settings(node, opts)[0]
            group = node.weighting.group or opts.group
            ew = np.asarray(expert_weights_at(node, sets, opts), dtype=float)
            judged[pos[node.id]] = (stack, ew, priority, group,
                                    [s.expert.id for s in sets], "criteria")  # fmt: skip
        for k, c in enumerate(d.criteria):
            if c.judgments is None:
                if c.method == "pairwise":
                    notes.append(f"{c.criterion}: given priorities are averaged in; held fixed")
                continue
            group = cast(GroupRule, c.provenance.get("group", opts.group))
            judged[int(dt.leaf_pos[k])] = (
                np.asarray(c.judgments), np.asarray(c.judgment_weights),
                str(c.provenance.get("priority", opts.priority)), group,
                list(c.judgment_experts), "alternatives",
            )  # fmt: skip
        if not judged:
            notes.append("no judgments to vary (no pairwise comparisons in this model)")
        else:
            out.update(_decision_mc(dt, d, judged, draws, sigma, seed, progress, notes))
    return Sensitivity("", ids, names, (), tuple(notes), **out)


def _decision_mc(
    dt: _DecisionTree,
    d: Decision,
    judged: dict[int, _Judged],
    draws: int,
    sigma: float,
    seed: int,
    progress: Progress | None,
    notes: list[str],
) -> dict[str, Any]:
    """Draws of every judged node (one stream per node, the same for each source), scores,
    rank summaries per source and together."""
    base_local = np.asarray(dt.tree.local)
    drawn: dict[int, Any] = {}
    streams = np.random.SeedSequence(seed).spawn(max(judged) + 1)
    for node, (stack, ew, priority, group, _, _) in sorted(judged.items()):
        jd = draw_local_weights(
            dt.tree, {node: stack}, draws=draws, sigma=sigma, method=priority,
            group=group, expert_weights={node: ew}, seed=np.random.default_rng(streams[node]),
        )  # fmt: skip
        drawn[node] = jd
        kids = dt.tree.children(node)
        plain = draw_local_weights(
            dt.tree, {node: stack}, draws=1, noise="none", method=priority, group=group,
            expert_weights={node: ew},
        )  # fmt: skip
        if not np.allclose(plain.local[0, kids], base_local[kids], rtol=1e-7, atol=1e-9):
            # the kernels aggregate by AIJ/AIP (geometric) over the kept experts; a setting
            # they do not follow (an arithmetic AIP mean, trimming) moves the draws' centre
            notes.append(
                f"{dt.order[node]}: the Monte Carlo's unperturbed priorities differ from the "
                "run's (its group settings are not all followed): the draws centre on "
                + ", ".join(f"{w:.4g}" for w in plain.local[0, kids])
            )
    kinds = sorted({v[5] for v in judged.values()})
    runs = [*kinds, "all"] if len(kinds) > 1 else kinds
    base = _decision_scores(dt, base_local[None])[0]
    summaries: dict[str, RankSummary] = {}
    for r, source in enumerate(runs):
        nodes = [n for n, v in judged.items() if source in ("all", v[5])]
        local = np.tile(base_local, (draws, 1))
        for n in nodes:
            kids = dt.tree.children(n)
            local[:, kids] = drawn[n].local[:, kids]
        acc = RankAccumulator(base, draws, track=10)
        stage = f"drawing: {source} ({r + 1}/{len(runs)})"
        for start in range(0, draws, 256):
            acc.add(_decision_scores(dt, local[start : start + 256]))
            if progress is not None:
                progress(stage, min(start + 256, draws), draws)
        summaries[source] = acc.result()
    together = summaries[runs[-1]]
    options = {"draws": draws, "seed": seed, "sources": ["judgments"], "sigma": sigma,
               "noise": "lognormal", "group": None, "normalisation": [], "aggregation": [],
               "group_rules": sorted({v[3] for v in judged.values()}), "mode": d.mode,
               "judged": kinds}  # fmt: skip
    alt_ids = tuple(x.id for x in d.alternatives)
    mc: dict[str, Any] = {"options": options, "entities": _entities(together, alt_ids, [], None)}
    # which judgment cells explain the top ranks (all sources together)
    factors = np.concatenate([drawn[n].factors for n in sorted(judged)], axis=1)
    node_of = np.concatenate([drawn[n].factor_node for n in sorted(judged)])
    expert = np.concatenate([drawn[n].factor_expert for n in sorted(judged)])
    fi = np.concatenate([drawn[n].factor_i for n in sorted(judged)])
    fj = np.concatenate([drawn[n].factor_j for n in sorted(judged)])
    a = attribute(together.tracked_ranks, factors)
    kid_names = {n: [dt.order[c].rsplit("/", 1)[-1] for c in dt.tree.children(n)] for n in judged}
    mc["judgments"] = [
        {
            "node": dt.order[int(node_of[f])],
            "expert": judged[int(node_of[f])][4][int(expert[f])],
            "a": kid_names[int(node_of[f])][int(fi[f])],
            "b": kid_names[int(node_of[f])][int(fj[f])],
            "explained": float(a.explained[f]),
        }
        for f in a.order[:10]
        if fi[f] >= 0
    ]
    intervals = {s: tuple(_interval(r, alt_ids)) for s, r in summaries.items()}
    return {"monte_carlo": mc, "intervals": intervals}
