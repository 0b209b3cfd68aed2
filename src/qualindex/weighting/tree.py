"""Weights for a whole index system, node by node, with the provenance of every weight.

Each aggregate node says how its children are weighted (``weighting: {method: ...}``);
this module gathers that node's inputs (experts' pairwise judgments, scores, BWM
vectors, or the children's scores for data-driven methods), calls the pure kernel
and records how the weights came about.  Global weights are the product of local
weights down the path from the root (Saaty 1980, hierarchic composition).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import TypeAdapter

from qualindex.choices import (
    AIPMean,
    BWMModel,
    CensorBy,
    CRPolicy,
    GroupRule,
    MethodInput,
    ObjectiveName,
    PriorityName,
    RITableName,
    SimulatedRI,
    TrimRule,
)
from qualindex.core import limit_text, shown_against
from qualindex.errors import InputError, JudgmentError, Problem
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Node, frozen_map
from qualindex.hierarchy.schema import (
    AHPWeighting,
    BWMWeighting,
    CombinationWeighting,
    DematelWeighting,
    DirectWeighting,
    FuzzyAHPWeighting,
    ImportanceWeighting,
    ObjectiveWeighting,
    RIValuesSpec,
    SimpleWeighting,
    WeightingMethod,
    WeightingSpec,
)
from qualindex.texts import code, msg
from qualindex.weighting import fuzzy_ahp, objective
from qualindex.weighting.ahp import ahp, ahp_batch
from qualindex.weighting.bwm import bwm
from qualindex.weighting.combine import linear_combination, multiplicative_combination
from qualindex.weighting.dematel import dematel
from qualindex.weighting.diagnose import format_judgment
from qualindex.weighting.expert import expert_score_weights, importance_weights
from qualindex.weighting.group import GroupResult, ahp_consensus, aij_matrix, group_ahp
from qualindex.weighting.incomplete import harker, judgment_components, lambda_optimal
from qualindex.weighting.independence import independence_weights
from qualindex.weighting.ri import (
    RITable,
    default_cr_limit,
    random_index,
    ri_table_from,
    simulated_ri_table,
)

__all__ = [
    "ExpertCheck",
    "NodeData",
    "NodeInputs",
    "NodeWeights",
    "TreeWeights",
    "WeightOptions",
    "ahp_settings",
    "assemble",
    "complete_stack",
    "data_nodes",
    "needs_child_scores",
    "needs_data",
    "needs_raw_values",
    "objective_input",
    "pairwise_stack",
    "resolve_ri_table",
    "weigh_tree",
]

FloatArray = NDArray[np.float64]
OBJECTIVE: tuple[ObjectiveName, ...] = ("entropy", "critic", "cv", "std", "independence")
_WEIGHTING: TypeAdapter[WeightingMethod] = TypeAdapter(WeightingSpec)
_EQUAL = SimpleWeighting(method="equal")


# an RI table: a name, "simulated", or a table of values (ri.ri_table_from / RITable)
RIChoice = RITableName | SimulatedRI | RITable


@dataclass(frozen=True)
class WeightOptions:
    """Run-wide AHP settings; a node's own ``weighting:`` keys override them.

    The defaults are qualindex's conventions; the others are those of published sources
    (see :func:`qualindex.weighting.group.group_ahp` and :mod:`qualindex.weighting.ri`):
    ``aip_mean="arithmetic", normalise=False`` is ahpsurvey's ``aggpref``; ``trim`` with
    ``trim_rule="quantile"`` its ``tmean``; ``censor_by="eigenvector"`` its ``censorcr``;
    ``ri_table="ahpsurvey"`` its RI table, ``"simulated"`` a Monte Carlo table of
    ``ri_draws`` matrices per order (seed ``ri_seed``), and
    ``ri_table_from({3: 0.52, ...})`` the user's own values; ``bwm_model="linear"`` is
    Rezaei (2016) with the R package BWM's CR.
    ``tie_correction`` is used by :mod:`qualindex.experts` (Kendall's W).
    """

    priority: PriorityName = "eigenvector"
    ri_table: RIChoice = "saaty-1980"
    cr_limit: float | None = None  # None: by matrix size (0.05 / 0.08 / 0.10)
    group: GroupRule = "aij"
    cr_policy: CRPolicy = "flag"
    aip_mean: AIPMean = "geometric"
    normalise: bool = True
    trim: float = 0.0
    trim_rule: TrimRule = "count"
    censor_by: CensorBy = "method"
    ri_draws: int = 10_000
    ri_seed: int = 42
    bwm_model: BWMModel = "nonlinear"
    tie_correction: bool = True


@lru_cache(maxsize=64)
def _simulated(n: int, draws: int, seed: int) -> RITable:
    return simulated_ri_table(max(n, 3), draws, seed)


def resolve_ri_table(
    table: RIChoice | RIValuesSpec, n: int, *, draws: int = 10_000, seed: int = 42
) -> str:
    """The RI table a kernel takes (a name or an :class:`RITable`) for an ``n x n`` node.

    ``"simulated"`` becomes :func:`~qualindex.weighting.ri.simulated_ri_table` up to ``n``
    (each order is simulated with its own generator seeded ``seed``, so a node's value does
    not depend on the other nodes); values become :func:`~qualindex.weighting.ri.ri_table_from`.
    """
    if isinstance(table, RITable):
        return table
    if isinstance(table, RIValuesSpec):
        return ri_table_from(table.values, name="user")
    if table == "simulated":
        return _simulated(n, draws, seed)
    return table


@dataclass(frozen=True)
class NodeData:
    """What data-driven methods need at one node.

    ``child_scores`` is entities x children on the common 0-100 scale (directions
    already applied by scoring, rows with a missing child left out); ``child_values`` the
    children's measured values for ``input: raw``; ``columns`` maps a
    data column named by ``importance`` weighting -> its importance ratings (one per
    answer sheet, or one mean per entity from a wide table).
    """

    child_scores: FloatArray | None = None
    columns: Mapping[str, FloatArray] = field(default_factory=frozen_map)
    # entities x children: the children's measured values (``input: raw``; rows with a
    # missing value left out); every child is then an indicator
    child_values: FloatArray | None = None


class NodeInputs(Protocol):
    """Supplies a data-driven node's inputs; ``done`` holds the nodes weighted so far.

    Nodes are weighted bottom-up, so every node below ``node`` is in ``done``: the
    evaluation layer aggregates the children's scores with those weights.
    """

    def __call__(self, node: Node, done: Mapping[str, NodeWeights]) -> NodeData: ...


@dataclass(frozen=True, slots=True)
class ExpertCheck:
    """One expert's consistency at one node."""

    expert: str
    cr: float
    passed: bool
    used: bool
    # judgments the expert left out, as completed by the node's incomplete-matrix method:
    # (a, b, value of a over b); shown in every output because they change the weights
    filled: tuple[tuple[str, str, float], ...] = ()


@dataclass(frozen=True)
class NodeWeights:
    """Local weights of one node's children and how they were obtained."""

    node: str
    children: tuple[str, ...]
    weights: FloatArray
    method: str
    provenance: Mapping[str, Any]
    cr: float | None = None
    cr_limit: float | None = None
    lambda_max: float | None = None
    ci: float | None = None
    ri: float | None = None
    ri_table: str | None = None
    experts: tuple[ExpertCheck, ...] = ()
    consensus: float | None = None
    matrix: FloatArray | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("weights", "matrix"):
            arr = getattr(self, name)
            if arr is not None:
                arr = np.array(arr, dtype=float)
                arr.setflags(write=False)
                object.__setattr__(self, name, arr)

    @property
    def consistent(self) -> bool | None:
        if self.cr is None or self.cr_limit is None:
            return None
        return self.cr <= self.cr_limit


@dataclass(frozen=True)
class TreeWeights:
    """Local and global weights of every node, and the per-node details."""

    index: str
    nodes: Mapping[str, NodeWeights]
    local: Mapping[str, float]
    global_weights: Mapping[str, float]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for n in self.nodes.values() for w in n.warnings)

    def leaf_vector(self, leaf_ids: Sequence[str]) -> FloatArray:
        return np.array([self.global_weights[i] for i in leaf_ids], dtype=float)


def weigh_tree(
    index: IndexSystem,
    judgments: Sequence[JudgmentSet] = (),
    *,
    options: WeightOptions | None = None,
    data: NodeInputs | None = None,
    pending: bool = False,
) -> TreeWeights:
    """Weights of every aggregate node of ``index`` (``judgments`` add to the inline ones).

    The one weighting driver: AHP nodes with complete judgments are solved together in
    batches, the others node by node, bottom-up.  ``data`` is asked for the inputs of
    nodes whose method needs data (:func:`needs_data`); without it such a node is an error
    that says so — unless ``pending`` (the index document, written before any data exists):
    then its children's weights are NaN, marked ``provenance["pending"] = "data"``, never a
    guess; likewise a node weighted from judgments that no expert has given yet
    (``"judgments"``).
    """
    options = options or WeightOptions()
    every = (*index.judgments, *judgments)
    results = _batched_ahp(index, every, options)
    for node in index.aggregates(bottom_up=True):
        if node.id in results:
            continue
        if pending and data is None and needs_data(node):
            results[node.id] = _pending(node, "data")
            continue
        node_data = data(node, results) if data is not None and needs_data(node) else None
        try:
            results[node.id] = _weigh_node(index, node, every, options, node_data)
        except JudgmentError:
            if not pending or _judged(node, every):
                raise  # judgments that are there but wrong are never passed over
            results[node.id] = _pending(node, "judgments")
    return assemble(index, results)


def _pending(node: Node, waiting_for: str) -> NodeWeights:
    """A node whose weights come from data or judgments that are not there yet: NaN, so
    every product below it is NaN too and every writer shows a dash, not a number."""
    method = node.weighting.name if node.weighting is not None else "equal"
    nan = np.full(len(node.children), np.nan)
    return NodeWeights(node.id, node.children, nan, method, {"pending": waiting_for})


def _judged(node: Node, judgments: Sequence[JudgmentSet]) -> bool:
    """Whether any expert gave judgments of any kind on ``node``'s children."""
    return any(
        node.id in j.pairwise or node.id in j.scores or node.id in j.bwm or node.id in j.dematel
        for j in judgments
    )


def assemble(index: IndexSystem, results: Mapping[str, NodeWeights]) -> TreeWeights:
    """Local weights per child and global weights (product down the path from the root)."""
    local: dict[str, float] = {index.id: 1.0}
    global_: dict[str, float] = {index.id: 1.0}
    for node in index.aggregates():  # pre-order: a parent's global weight comes first
        res = results[node.id]
        above = global_[node.id]
        weights = res.weights.tolist()  # Python floats, as float(w) of each
        for child, w in zip(res.children, weights, strict=True):
            local[child] = w
            global_[child] = above * w
    return TreeWeights(index.id, frozen_map(results), frozen_map(local), frozen_map(global_))


def needs_data(node: Node) -> bool:
    """Whether ``node``'s weights are computed from measured data (objective, importance)."""
    w = node.weighting
    return isinstance(w, ImportanceWeighting | CombinationWeighting) or (
        w is not None and w.name in OBJECTIVE
    )


def needs_child_scores(node: Node) -> bool:
    """Whether ``node``'s weights come from its children's data (objective, combination)."""
    return needs_data(node) and not isinstance(node.weighting, ImportanceWeighting)


def objective_input(node: Node) -> tuple[MethodInput, bool]:
    """What ``node``'s objective weights read, and whether that is the default (not chosen).

    ``scores`` (the children's 0-100 scores) unless the node's weighting says ``input: raw``.
    """
    w = node.weighting
    given = w.input if isinstance(w, ObjectiveWeighting | CombinationWeighting) else None
    return (given or "scores"), given is None


def needs_raw_values(node: Node) -> bool:
    """Whether ``node``'s objective weights are computed from its children's measured values."""
    return needs_child_scores(node) and objective_input(node)[0] == "raw"


def data_nodes(index: IndexSystem) -> tuple[Node, ...]:
    """The aggregate nodes whose weights need data, top-down."""
    return tuple(node for node in index.aggregates() if needs_data(node))


def _weigh_node(
    index: IndexSystem,
    node: Node,
    judgments: Sequence[JudgmentSet],
    options: WeightOptions,
    data: NodeData | None = None,
) -> NodeWeights:
    """Local weights of ``node``'s children by the node's own method."""
    method = node.weighting or _EQUAL
    ctx = _Ctx(index, node, judgments, options, data, method, node.weighting_default)
    if isinstance(method, CombinationWeighting):
        return _combination(ctx, method)
    return _HANDLERS[method.name](ctx)


@dataclass(frozen=True)
class _Ctx:
    index: IndexSystem
    node: Node
    judgments: Sequence[JudgmentSet]
    options: WeightOptions
    data: NodeData | None
    method: WeightingMethod
    default: bool = False  # the file named no method: equal weights chosen by qualindex

    def result(self, weights: Any, method: str, **extra: Any) -> NodeWeights:
        provenance = {"method": method, **extra.pop("provenance", {})}
        if self.default:
            provenance["default"] = True
        return NodeWeights(
            self.node.id,
            self.node.children,
            np.asarray(weights, float),
            method,
            frozen_map(provenance),
            **extra,
        )

    def fail(self, message: str, fix: str) -> JudgmentError:
        loc = self.node.loc
        return JudgmentError(Problem(message, loc.file, loc.line, loc.col, self.node.id, fix))

    @property
    def ahp(self) -> AHPWeighting:
        """The node's AHP settings (all left to the run's when AHP is a combination's part)."""
        m = self.method
        return m if isinstance(m, AHPWeighting) else AHPWeighting(method="ahp")


def _equal(ctx: _Ctx) -> NodeWeights:
    n = len(ctx.node.children)
    return ctx.result(np.full(n, 1.0 / n), "equal")


def _direct(ctx: _Ctx) -> NodeWeights:
    assert isinstance(ctx.method, DirectWeighting)
    given = ctx.method.weights
    raw = np.array([given[c] for c in ctx.node.children], dtype=float)
    return ctx.result(raw / raw.sum(), "direct", provenance={"given": dict(given)})


def _points(ctx: _Ctx) -> NodeWeights:
    def points(node_id: str) -> float:
        leaves = ctx.index.leaves(node_id)
        missing = [leaf.id for leaf in leaves if leaf.indicator.points is None]  # type: ignore[union-attr]
        if missing:
            raise ctx.fail(
                msg("weighting.points_missing", ids=", ".join(missing)),
                msg("weighting.points_missing.fix"),
            )
        return float(sum(leaf.indicator.points for leaf in leaves))  # type: ignore[misc, union-attr]

    raw = np.array([points(c) for c in ctx.node.children])
    return ctx.result(raw / raw.sum(), "points", provenance={"points": raw.tolist()})


def pairwise_stack(
    node: Node, judgments: Sequence[JudgmentSet]
) -> tuple[FloatArray, tuple[JudgmentSet, ...]]:
    """Experts' pairwise matrices for ``node`` as (k, n, n); NaN where a pair is missing."""
    pos = {c: i for i, c in enumerate(node.children)}
    n = len(pos)
    sets = tuple(j for j in judgments if node.id in j.pairwise)
    stack = np.full((len(sets), n, n), np.nan)
    diag = np.arange(n)
    for e, jset in enumerate(sets):
        pairs = jset.pairwise[node.id]
        i = [pos[p.a] for p in pairs]
        j = [pos[p.b] for p in pairs]
        v = np.array([p.value for p in pairs])
        stack[e, i, j], stack[e, j, i], stack[e, diag, diag] = v, 1.0 / v, 1.0
    return stack, sets


def ahp_settings(node: Node, options: WeightOptions) -> tuple[PriorityName, str, float | None]:
    """Priority method, RI table and CR limit at an AHP node: the node's own, else the run's.

    The RI table is resolved (:func:`resolve_ri_table`); a table of values that lacks the
    node's order is a located error naming the node, its file and ``ri_table:``.
    """
    m = node.weighting if isinstance(node.weighting, AHPWeighting) else AHPWeighting(method="ahp")
    n = len(node.children)
    own = m.ri_table is not None
    table = resolve_ri_table(
        m.ri_table if m.ri_table is not None else options.ri_table,
        n,
        draws=m.ri_draws if m.ri_draws is not None else options.ri_draws,
        seed=m.ri_seed if m.ri_seed is not None else options.ri_seed,
    )
    if isinstance(table, RITable) and n >= 3 and n not in table.values:
        given = ", ".join(str(k) for k in table.values)
        where = msg("weighting.ri_table_short.own" if own else "weighting.ri_table_short.run")
        loc = node.loc
        raise JudgmentError(
            Problem(
                msg(
                    "weighting.ri_table_short",
                    node=node.id,
                    file=loc.file,
                    n=n,
                    where=str(where),
                    table=str(table),
                    given=given,
                ),
                loc.file,
                loc.line,
                loc.col,
                node.id,
                msg("weighting.ri_table_short.fix", n=n),
            )
        )
    return (
        m.priority or options.priority,
        table,
        options.cr_limit if m.cr_limit is None else m.cr_limit,
    )


def _ahp_settings(ctx: _Ctx) -> tuple[PriorityName, str, float | None]:
    return ahp_settings(ctx.node, ctx.options)


@dataclass(frozen=True)
class _GroupConventions:
    """The group-AHP conventions at one node: the node's own, else the run's."""

    group: GroupRule
    aip_mean: AIPMean
    normalise: bool
    trim: float
    trim_rule: TrimRule
    censor_by: CensorBy
    expert_weights: Mapping[str, float] | None

    @property
    def default(self) -> bool:
        """Whether the batched AIJ path gives these numbers."""
        return self.group == "aij" and self.censor_by == "method" and not self.expert_weights

    def provenance(self) -> dict[str, Any]:
        out: dict[str, Any] = {"censor_by": self.censor_by}
        if self.group == "aip":
            out |= {
                "aip_mean": self.aip_mean,
                "normalise": self.normalise,
                "trim": self.trim,
                "trim_rule": self.trim_rule,
            }
        if self.expert_weights:
            out["expert_weights"] = dict(self.expert_weights)
        return out


def _conventions(node: Node, options: WeightOptions) -> _GroupConventions:
    m = node.weighting if isinstance(node.weighting, AHPWeighting) else AHPWeighting(method="ahp")

    def pick(own: Any, run: Any) -> Any:
        return run if own is None else own

    return _GroupConventions(
        pick(m.group, options.group),
        pick(m.aip_mean, options.aip_mean),
        pick(m.normalise, options.normalise),
        pick(m.trim, options.trim),
        pick(m.trim_rule, options.trim_rule),
        pick(m.censor_by, options.censor_by),
        m.expert_weights,
    )


def expert_weights_at(
    node: Node, sets: Sequence[JudgmentSet], options: WeightOptions | None = None
) -> list[float]:
    """Decision-maker weights at ``node``: the node's ``expert_weights:``, else each file's.

    An expert the node's mapping does not name is a located error (a silent weight of 1 would
    hide a typo).
    """
    given = _conventions(node, options or WeightOptions()).expert_weights
    if not given:
        return [s.expert.weight for s in sets]
    missing = [s.expert.id for s in sets if s.expert.id not in given]
    if missing:
        loc = node.loc
        raise JudgmentError(
            Problem(
                msg(
                    "weighting.expert_weights_missing",
                    node=node.id,
                    missing=", ".join(missing),
                    given=", ".join(given),
                ),
                loc.file,
                loc.line,
                loc.col,
                node.id,
                msg("weighting.expert_weights_missing.fix"),
            )
        )
    return [float(given[s.expert.id]) for s in sets]


def complete_stack(
    node: Node, stack: FloatArray, sets: Sequence[JudgmentSet], options: WeightOptions
) -> FloatArray:
    """Fill each expert's missing judgments at ``node`` by its incomplete-matrix method.

    The stack is returned as it is when nothing is missing or the node names no method.
    """
    m = node.weighting if isinstance(node.weighting, AHPWeighting) else None
    how = m.incomplete if m is not None else "none"
    if how == "none" or not np.isnan(stack).any():
        return stack
    out = stack.copy()
    ri_table = ahp_settings(node, options)[1]  # the node's own: a 16-child node may need it
    for e, matrix in enumerate(stack):
        groups = judgment_components(matrix)
        if len(groups) > 1:
            names = " | ".join(", ".join(node.children[i] for i in g) for g in groups)
            loc = node.loc
            raise JudgmentError(
                Problem(
                    msg(
                        "weighting.unconnected",
                        expert=sets[e].expert.id,
                        node=node.id,
                        groups=names,
                    ),
                    loc.file,
                    loc.line,
                    loc.col,
                    node.id,
                    msg("weighting.unconnected.fix"),
                )
            )
        solver = harker if how == "harker" else lambda_optimal
        out[e] = solver(matrix, ri_table=ri_table).matrix
    return out


@dataclass(frozen=True)
class _AHPOutcome:
    """What an AHP node's weights rest on, however they were computed."""

    weights: FloatArray
    group_matrix: FloatArray | None
    cr: float | None
    expert_cr: FloatArray
    expert_pass: NDArray[np.bool_]
    used: NDArray[np.bool_]
    consensus: float | None
    cr_limit: float
    ri_table: str
    method: str


def _no_judgments(ctx: _Ctx) -> JudgmentError:
    return ctx.fail(
        msg("weighting.no_judgments", node=ctx.node.id),
        msg("weighting.no_judgments.fix", node=ctx.node.id),
    )


def _ahp(ctx: _Ctx) -> NodeWeights:

    stack, sets = pairwise_stack(ctx.node, ctx.judgments)
    if not sets:
        raise _no_judgments(ctx)
    priority, ri_table, cr_limit = _ahp_settings(ctx)
    conv = _conventions(ctx.node, ctx.options)
    given = stack
    stack = complete_stack(ctx.node, stack, sets, ctx.options)
    try:
        res = _group(ctx, stack, sets, priority, ri_table, cr_limit, conv)
    except InputError as exc:  # e.g. a trim that leaves no expert: say where
        raise ctx.fail(
            msg("weighting.ahp_failed", node=ctx.node.id, error=str(exc)),
            msg("weighting.ahp_failed.fix"),
        ) from None
    outcome = _AHPOutcome(
        res.weights,
        res.group_matrix,
        res.group_cr,
        res.expert_cr,
        res.expert_pass,
        res.used,
        res.consensus,
        res.cr_limit,
        res.ri_table,
        res.method,
    )
    return _ahp_result(ctx, outcome, sets, filled=_filled_pairs(ctx.node, given, stack))


def _filled_pairs(
    node: Node, given: FloatArray, completed: FloatArray
) -> list[tuple[tuple[str, str, float], ...]]:
    """Per expert, the upper-triangle pairs missing in ``given`` and their completed value."""
    out = []
    for before, after in zip(given, completed, strict=True):
        rows, cols = np.nonzero(np.triu(np.isnan(before) & ~np.isnan(after), 1))
        out.append(
            tuple(
                (node.children[i], node.children[j], float(after[i, j]))
                for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
            )
        )
    return out


def _group(
    ctx: _Ctx,
    stack: FloatArray,
    sets: Sequence[JudgmentSet],
    priority: PriorityName,
    ri_table: str,
    cr_limit: float | None,
    conv: _GroupConventions,
) -> GroupResult:
    return group_ahp(
        stack,
        expert_weights=expert_weights_at(ctx.node, sets, ctx.options),
        aggregation=conv.group,
        cr_policy=ctx.options.cr_policy,
        method=priority,
        ri_table=ri_table,
        cr_limit=cr_limit,
        aip_mean=conv.aip_mean,
        normalise=conv.normalise,
        trim=conv.trim,
        trim_rule=conv.trim_rule,
        censor_by=conv.censor_by,
    )


def _ahp_result(
    ctx: _Ctx,
    res: _AHPOutcome,
    sets: Sequence[JudgmentSet],
    ri: float | None = None,
    *,
    filled: Sequence[tuple[tuple[str, str, float], ...]] | None = None,
    conv: _GroupConventions | None = None,
) -> NodeWeights:

    experts = tuple(
        ExpertCheck(
            s.expert.id,
            float(res.expert_cr[e]),
            bool(res.expert_pass[e]),
            bool(res.used[e]),
            filled[e] if filled else (),
        )
        for e, s in enumerate(sets)
    )
    limit = res.cr_limit
    warnings = [
        msg(
            "weighting.expert_cr_over" if x.used else "weighting.expert_cr_over_excluded",
            node=ctx.node.id,
            expert=x.expert,
            cr=shown_against(x.cr, limit),
            limit=limit_text(limit),
        )
        for x in experts
        if not x.passed and len(experts) > 1  # one expert: the line below says it
    ]
    how = ctx.ahp.incomplete
    warnings += [
        msg(
            "weights.filled",
            node=ctx.node.id,
            expert=x.expert,
            count=len(x.filled),
            method=code("incomplete", how),  # zh: its display name (λ-最优补全)
            pairs=", ".join(f"{a} vs {b} = {format_judgment(v)}" for a, b, v in x.filled),
        )
        for x in experts
        if x.filled
    ]
    if res.cr is not None and res.cr > limit:
        warnings.append(
            msg(
                "weighting.group_cr_over" if len(experts) > 1 else "weighting.single_cr_over",
                node=ctx.node.id,
                cr=shown_against(res.cr, limit),
                limit=limit_text(limit),
                **({} if len(experts) > 1 else {"expert": experts[0].expert}),
            )
        )
    n = len(ctx.node.children)
    conv = _conventions(ctx.node, ctx.options) if conv is None else conv
    ri = random_index(n, res.ri_table) if ri is None else ri
    ci = None if res.cr is None else res.cr * ri  # CR = CI / RI, and CI = (λmax − n)/(n − 1)
    return ctx.result(
        res.weights,
        "ahp",
        cr=res.cr,
        cr_limit=res.cr_limit,
        lambda_max=None if ci is None else n + ci * (n - 1),
        ci=ci,
        ri=ri,
        ri_table=str(res.ri_table),
        experts=experts,
        consensus=res.consensus,
        matrix=res.group_matrix,
        warnings=tuple(warnings),
        provenance={
            "priority": res.method,
            "ri_table": str(res.ri_table),
            **_ri_provenance(res.ri_table),
            "cr_limit": res.cr_limit,
            "group": conv.group,
            **conv.provenance(),
            "cr_policy": ctx.options.cr_policy,
            "incomplete": ctx.ahp.incomplete,
            "experts": [s.expert.id for s in sets],
            "files": sorted({s.loc.file for s in sets}),
        },
    )


def _ri_provenance(table: str) -> dict[str, Any]:
    """A table given by values names its source and values (JSON keys are strings)."""
    if not isinstance(table, RITable):
        return {}
    return {"ri_source": table.source, "ri_values": {str(k): v for k, v in table.values.items()}}


def _batched_ahp(
    index: IndexSystem, judgments: Sequence[JudgmentSet], options: WeightOptions
) -> dict[str, NodeWeights]:
    """AHP nodes with complete judgments, solved together: one batch per size and settings.

    Gives the same numbers as :func:`_ahp` (AIJ, no expert excluded); other nodes are
    left to the general path.  A whole tree then costs a few batched eigen-solves, and its
    matrices a few scatters (:func:`_complete_stacks`): at 10,000 leaves (1,111 nodes) the
    per-node numpy calls of :func:`pairwise_stack` took more time than the eigenvectors.
    """

    if options.cr_policy == "exclude":
        return {}
    candidates: list[tuple[_Ctx, tuple[JudgmentSet, ...], _GroupConventions]] = []
    for node in index.aggregates():
        if not isinstance(node.weighting, AHPWeighting):
            continue
        conv = _conventions(node, options)
        if not conv.default:
            continue  # AIP, eigenvector censoring or per-node expert weights: the general path
        sets = tuple(j for j in judgments if node.id in j.pairwise)
        if sets:
            ctx = _Ctx(index, node, judgments, options, None, node.weighting)
            candidates.append((ctx, sets, conv))
    stacks = _complete_stacks([(ctx.node, sets) for ctx, sets, _ in candidates])
    Item = tuple[_Ctx, FloatArray, tuple[JudgmentSet, ...], float | None, _GroupConventions]
    batches: dict[tuple[int, PriorityName, str], list[Item]] = {}
    for ctx, sets, conv in candidates:
        stack = stacks.get(ctx.node.id)
        if stack is None:
            continue  # a judgment is missing: the general path completes or refuses it
        priority, ri_table, limit = _ahp_settings(ctx)
        key = (stack.shape[-1], priority, ri_table)
        batches.setdefault(key, []).append((ctx, stack, sets, limit, conv))
    out = {}
    for (n, priority, ri_table), items in batches.items():
        groups = np.stack(
            [
                st[0]
                if len(sets) == 1
                else aij_matrix(st, expert_weights=[x.expert.weight for x in sets])
                for _, st, sets, _, _ in items
            ]
        )
        try:
            group = ahp_batch(groups, method=priority, ri_table=ri_table)
        except InputError as exc:  # e.g. no RI for n = 16 in the table: name the node
            node = items[0][0].node
            raise JudgmentError(
                Problem(
                    f"node {node.id!r} ({n} children): {exc}",
                    node.loc.file,
                    node.loc.line,
                    node.loc.col,
                    node.id,
                    "set ri_table: alonso-lamata (n up to 100) on the node or in the run config",
                )
            ) from None
        single = all(len(sets) == 1 for _, _, sets, _, _ in items)  # then experts are groups
        experts = (
            group
            if single
            else ahp_batch(
                np.concatenate([st for _, st, _, _, _ in items]),
                method=priority,
                ri_table=ri_table,
            )
        )
        group_cr = group.cr.tolist()  # Python floats once per batch, not one read per node
        first = 0
        for i, (ctx, _, sets, given, conv) in enumerate(items):
            k = len(sets)
            cr_e = experts.cr[first : first + k]
            limit = default_cr_limit(n) if given is None else given
            consensus = ahp_consensus(experts.weights[first : first + k]) if k >= 2 else None
            outcome = _AHPOutcome(
                group.weights[i],
                groups[i],
                group_cr[i],
                cr_e,
                cr_e <= limit,
                np.ones(k, dtype=bool),
                consensus,
                limit,
                ri_table,
                priority,
            )
            out[ctx.node.id] = _ahp_result(ctx, outcome, sets, group.ri, conv=conv)
            first += k
    return out


def _complete_stacks(
    nodes: Sequence[tuple[Node, tuple[JudgmentSet, ...]]],
) -> dict[str, FloatArray]:
    """:func:`pairwise_stack` of many nodes at once: node id -> its experts' ``(k, n, n)``
    matrices, for the nodes where every expert gave every judgment (the others left out).

    One scatter per matrix order instead of a few numpy calls per node; every cell is written
    in the same order as there (the judgments, their reciprocals, then the diagonal), so the
    matrices are the same to the bit.
    """
    by_order: dict[int, list[tuple[Node, tuple[JudgmentSet, ...]]]] = {}
    for node, sets in nodes:
        by_order.setdefault(len(node.children), []).append((node, sets))
    out: dict[str, FloatArray] = {}
    for n, group in by_order.items():
        rows: list[int] = []  # a over b: a's row, b's column, the value; per pair
        cols: list[int] = []
        values: list[float] = []
        counts: list[int] = []  # pairs per matrix (one per node and expert)
        for node, sets in group:
            pos = {c: i for i, c in enumerate(node.children)}
            for jset in sets:
                pairs = jset.pairwise[node.id]
                rows += [pos[p.a] for p in pairs]
                cols += [pos[p.b] for p in pairs]
                values += [p.value for p in pairs]
                counts.append(len(pairs))
        e = len(counts)
        i, j = np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
        base = np.repeat(np.arange(e, dtype=np.intp) * (n * n), counts)
        flat = np.full(e * n * n, np.nan)
        v = np.array(values, dtype=float)
        flat[base + i * n + j] = v
        flat[base + j * n + i] = 1.0 / v
        cells = flat.reshape(e, n * n)
        cells[:, :: n + 1] = 1.0
        missing = np.isnan(cells).any(axis=1).tolist()
        stack = flat.reshape(e, n, n)
        first = 0
        for node, sets in group:
            k = len(sets)
            if not any(missing[first : first + k]):
                out[node.id] = stack[first : first + k]
            first += k
    return out


def _expert_scores(ctx: _Ctx) -> NodeWeights:

    sets = [j for j in ctx.judgments if ctx.node.id in j.scores]
    if not sets:
        raise ctx.fail(
            f"node {ctx.node.id!r} is weighted by expert scores but no expert scored it",
            f"add scores: {{{ctx.node.id}: {{child: 8, ...}}}} to a judgment file",
        )
    scores = np.array([[j.scores[ctx.node.id][c] for c in ctx.node.children] for j in sets])
    weights = expert_score_weights(scores, expert_weights=[j.expert.weight for j in sets])
    experts = [j.expert.id for j in sets]
    return ctx.result(weights, "expert-scores", provenance={"experts": experts})


def _bwm(ctx: _Ctx) -> NodeWeights:

    sets = [j for j in ctx.judgments if ctx.node.id in j.bwm]
    if not sets:
        raise ctx.fail(
            f"node {ctx.node.id!r} is weighted by BWM but no expert gave best/worst vectors",
            f"add bwm: {{{ctx.node.id}: {{best: ..., worst: ..., best_to_others: ..., "
            "others_to_worst: ...}}}} to a judgment file",
        )
    kids = ctx.node.children
    m = ctx.method
    model: BWMModel = (
        m.model if isinstance(m, BWMWeighting) and m.model is not None else ctx.options.bwm_model
    )
    per_expert = []
    details = []
    for j in sets:
        b = j.bwm[ctx.node.id]
        res = bwm(
            [b.best_to_others[c] for c in kids],
            [b.others_to_worst[c] for c in kids],
            best=kids.index(b.best),
            worst=kids.index(b.worst),
            model=model,
        )
        per_expert.append(res.weights)
        details.append(
            {
                "id": j.expert.id,
                "xi": res.xi,
                "ci": res.consistency_index,
                "cr": res.consistency_ratio,
                "weights": res.weights.tolist(),
                "lower": res.lower.tolist(),
                "upper": res.upper.tolist(),
            }
        )
    beta = np.array([j.expert.weight for j in sets], dtype=float)
    weights = (beta[:, None] * np.array(per_expert)).sum(axis=0) / beta.sum()
    label = "Rezaei 2015 nonlinear" if model == "nonlinear" else "Rezaei 2016 linear"
    return ctx.result(
        weights,
        "bwm",
        provenance={
            "experts": [j.expert.id for j in sets],
            "model": label,
            "bwm_model": model,
            "cr_convention": res.cr_convention,
            "bwm": details,
        },
    )


def _fuzzy_ahp(ctx: _Ctx) -> NodeWeights:

    stack, sets = pairwise_stack(ctx.node, ctx.judgments)
    if not sets:
        raise ctx.fail(
            f"node {ctx.node.id!r} is weighted by fuzzy AHP but no expert compared its children",
            f"add pairwise: {{{ctx.node.id}: [...]}} to a judgment file",
        )
    # fuzzify each expert's judgments, then aggregate the TFNs by weighted geometric mean
    beta = np.array([s.expert.weight for s in sets], dtype=float)
    fuzzy = np.stack([fuzzy_ahp.tfn_from_crisp(m) for m in stack])
    tfn = np.exp(np.tensordot(beta / beta.sum(), np.log(fuzzy), axes=1))
    assert isinstance(ctx.method, FuzzyAHPWeighting)
    variant = ctx.method.variant
    ri = ctx.options.ri_table if isinstance(ctx.options.ri_table, str) else "saaty-1980"
    solve = fuzzy_ahp.buckley_weights if variant == "buckley" else fuzzy_ahp.chang_weights
    res = solve(tfn)
    return ctx.result(
        res.weights,
        "fuzzy-ahp",
        provenance={
            "variant": variant,
            "experts": [s.expert.id for s in sets],
            "aggregation": "TFN scale per expert, then weighted geometric mean of the TFNs",
            # consistency as fuzzy AHP checks it: the CR of the middle (modal) values, of the
            # group's TFN matrix and of each expert's crisp judgments (Buckley 1985)
            "cr_middle": float(ahp(fuzzy_ahp.middle_matrix(tfn), ri_table=ri).cr),
            "expert_cr": {
                s.expert.id: float(ahp(m, ri_table=ri).cr)
                for s, m in zip(sets, stack, strict=True)
                if not np.isnan(m).any()
            },
        },
    )


def _child_scores(ctx: _Ctx, method: str) -> FloatArray:
    if ctx.data is None or ctx.data.child_scores is None:
        raise ctx.fail(
            f"node {ctx.node.id!r} is weighted by {method!r}, which needs data",
            "give a run configuration with a data: section (qualindex weights CONFIG), "
            "or weigh it with qualindex.run.weigh(project, data)",
        )
    return ctx.data.child_scores


def raw_directions(ctx: _Ctx, method: str) -> list[int]:
    """+1/-1 per child for ``input: raw``: every child an indicator, higher or lower."""
    out = []
    for child in ctx.node.children:
        ind = ctx.index.nodes[child].indicator
        direction = ind.direction if ind is not None else None
        if direction not in ("higher", "lower"):
            what = "an aggregate" if ind is None else f"direction {direction!r}"
            raise ctx.fail(
                f"{method} weights at {ctx.node.id!r} with input: raw: child {child!r} is "
                f"{what}; raw values need indicators that are higher or lower is better",
                "use input: scores (the 0-100 scores already point the same way), or move "
                "the method to a node whose children are such indicators",
            )
        out.append(1 if direction == "higher" else -1)
    return out


# what each method computes from, per input (the text every output shows)
_RAW_TEXT = {
    "entropy": "measured values, min-max with directions (正向化), then p = r / sum r",
    "critic": "measured values, min-max with directions (Diakoulaki et al. 1995)",
    "cv": "measured values as they are (ratio scale; direction does not change s / mean)",
    "std": "measured values, min-max (direction does not change the SD)",
    "independence": "measured values (R is unchanged by rescaling or reversing a column)",
}


def _objective_kernel(
    name: ObjectiveName, x: FloatArray, raw: bool, dirs: list[int]
) -> tuple[FloatArray, dict[str, Any]]:
    if name == "independence":
        ind = independence_weights(x)
        return ind.weights, {"multiple_r": ind.multiple_r.tolist()}
    if name == "entropy":
        res = (
            objective.entropy_weights(x, directions=dirs, normalisation="minmax")
            if raw
            else objective.entropy_weights(x)
        )
    elif name == "critic":
        res = objective.critic_weights(x, directions=dirs if raw else None)
    elif name == "cv":
        res = objective.cv_weights(x)
    else:  # scores share the 0-100 scale: SD needs no further normalisation
        res = objective.std_weights(x, normalisation="minmax" if raw else "none")
    return res.weights, {"criterion_scores": res.scores.tolist()}


def _objective(ctx: _Ctx, method: ObjectiveName | None = None) -> NodeWeights:

    name: ObjectiveName = method or ctx.method.name  # type: ignore[assignment]
    kind, default = objective_input(ctx.node)
    raw = kind == "raw"
    dirs = raw_directions(ctx, name) if raw else []
    if raw:
        values = ctx.data.child_values if ctx.data is not None else None
        if values is None:
            _child_scores(ctx, name)  # the located "needs data" message
            raise ctx.fail(f"node {ctx.node.id!r}: no measured values", "see the message")
        x = values
    else:
        x = _child_scores(ctx, name)
    rows = x[~np.isnan(x).any(axis=1)]
    try:
        weights, details = _objective_kernel(name, rows, raw, dirs)
    except InputError as exc:
        raise ctx.fail(
            f"{name} weights at {ctx.node.id!r} (input: {kind}): {exc}",
            "see the message" if raw else "see the message, or try input: raw",
        ) from None
    return ctx.result(
        weights,
        name,
        provenance={
            "entities": int(rows.shape[0]),
            "input": kind,
            "input_default": default,
            "data": _RAW_TEXT[name] if raw else "children's 0-100 scores",
            **details,
        },
    )


def _dematel(ctx: _Ctx) -> NodeWeights:

    kids = ctx.node.children
    sets = [j for j in ctx.judgments if ctx.node.id in j.dematel]
    if not sets:
        raise ctx.fail(
            f"node {ctx.node.id!r} is weighted by DEMATEL but no expert rated its children's "
            "direct influences",
            f"add dematel: {{{ctx.node.id}: {{{kids[0]}: {{{kids[-1]}: 3, ...}}, ...}}}} to a "
            "judgment file (every ordered pair, 0 for no influence)",
        )
    stack = np.array(
        [
            [[0.0 if a == b else j.dematel[ctx.node.id][a][b] for b in kids] for a in kids]
            for j in sets
        ]
    )
    beta = np.array([j.expert.weight for j in sets], dtype=float)
    direct = np.tensordot(beta / beta.sum(), stack, axes=1)  # the experts' weighted mean
    m = ctx.method
    settings = m if isinstance(m, DematelWeighting) else DematelWeighting(method="dematel")
    try:
        res = dematel(direct, normalisation=settings.normalisation, threshold=settings.threshold)
    except InputError as exc:
        raise ctx.fail(f"DEMATEL at {ctx.node.id!r}: {exc}", "revise the ratings") from None
    return ctx.result(
        res.weights,
        "dematel",
        provenance={
            "experts": [j.expert.id for j in sets],
            "files": sorted({j.loc.file for j in sets}),
            "aggregation": "expert-weighted mean of the direct-relation matrices",
            "normalisation": res.normalisation,
            "scale": res.scale,
            "direct": res.direct.tolist(),
            "total": res.total.tolist(),
            "influence": res.influence.tolist(),  # D, row sums of T
            "influenced": res.influenced.tolist(),  # R, column sums of T
            "prominence": res.prominence.tolist(),  # D + R
            "relation": res.relation.tolist(),  # D - R: > 0 cause, < 0 effect
            "threshold": res.threshold,
            "threshold_rule": "mean of T" if settings.threshold is None else "given",
            # the causal (impact-relation) diagram: arrows where T exceeds the threshold
            "arrows": [
                {"from": kids[i], "to": kids[k], "t": float(res.total[i, k])}
                for i, k in zip(*np.nonzero(res.relations), strict=True)
            ],
        },
    )


def _importance(ctx: _Ctx) -> NodeWeights:

    m = ctx.method
    assert isinstance(m, ImportanceWeighting)
    given = ctx.data.columns if ctx.data is not None else {}
    missing = [m.columns[c] for c in ctx.node.children if m.columns.get(c) not in given]
    if missing:
        raise ctx.fail(
            f"importance weights at {ctx.node.id!r} need the data columns {', '.join(missing)}",
            "add them to a data file of the run configuration (one rating per answer sheet, "
            "or one mean per entity in a wide table)",
        )
    ratings = np.column_stack([given[m.columns[c]] for c in ctx.node.children])
    try:
        res = importance_weights(ratings, scale_min=m.scale_min, scale_max=m.scale_max)
    except InputError as exc:
        raise ctx.fail(
            f"importance weights at {ctx.node.id!r}: {exc}",
            "set scale_min/scale_max of the node's weighting to the rating scale used "
            "(e.g. 0 and 100 for 100-point allocations)",
        ) from None
    return ctx.result(
        res.weights,
        "importance",
        provenance={
            "columns": dict(m.columns),
            "scale": [m.scale_min, m.scale_max],
            "ratings": int(ratings.shape[0]),
        },
    )


def _combination(ctx: _Ctx, m: CombinationWeighting) -> NodeWeights:

    given = {"weights": m.weights} if m.weights is not None else {}
    sub_method = _WEIGHTING.validate_python({"method": m.subjective, **given})
    sub_ctx = _Ctx(ctx.index, ctx.node, ctx.judgments, ctx.options, ctx.data, sub_method)
    subjective = _HANDLERS[sub_method.name](sub_ctx)
    objective = _objective(ctx, m.objective)
    if m.rule == "linear":
        weights = linear_combination(subjective.weights, objective.weights, alpha=m.alpha)
    else:
        weights = multiplicative_combination(subjective.weights, objective.weights)
    return ctx.result(
        weights,
        "combination",
        cr=subjective.cr,
        cr_limit=subjective.cr_limit,
        ri_table=subjective.ri_table,
        experts=subjective.experts,
        warnings=subjective.warnings,
        provenance={
            "rule": m.rule,
            "alpha": m.alpha,
            "subjective": dict(subjective.provenance),
            "subjective_weights": subjective.weights.tolist(),
            "objective": dict(objective.provenance),
            "objective_weights": objective.weights.tolist(),
        },
    )


_HANDLERS: dict[str, Callable[[_Ctx], NodeWeights]] = {
    "equal": _equal,
    "direct": _direct,
    "points": _points,
    "ahp": _ahp,
    "fuzzy-ahp": _fuzzy_ahp,
    "expert-scores": _expert_scores,
    "bwm": _bwm,
    "importance": _importance,
    "dematel": _dematel,
    **{name: _objective for name in OBJECTIVE},
}
