"""Scores up the tree: indicator scores -> node scores with given weights, missing-value rules.

Bottom-up, each aggregate node takes its children's scores (entities x children),
applies its missing-value policy (reweight among present siblings, impute, or
fail) and aggregates them with its weights by its own rule (weighted mean,
weighted geometric mean, or minimum).  A node whose present children carry less
than ``min_coverage`` of its weight is left empty (NaN) and reported.

Weights are computed once, by :func:`qualindex.weighting.tree.weigh_tree`, before
scoring; for data-driven nodes (entropy, CRITIC, importance …) that driver asks a
:class:`NodeScorer` for the children's scores, which it aggregates by the same code
as :func:`score_tree`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.choices import AggregationName, AlphaMissing, FCEOperator, MissingPolicy
from qualindex.core import percent_against
from qualindex.errors import DataError, Problem
from qualindex.evaluate.aggregate import aggregate_with_missing, impute
from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.scoring import score_baseline, score_leaves
from qualindex.hierarchy.model import IndexSystem, Missing, Node, frozen_map
from qualindex.hierarchy.schema import EvalMethod, ImportanceWeighting
from qualindex.texts import code, msg
from qualindex.weighting.tree import (
    NodeData,
    NodeWeights,
    TreeWeights,
    needs_child_scores,
    needs_raw_values,
)

__all__ = [
    "AppliedRule",
    "BaselineScorer",
    "EvalOptions",
    "LeftEmpty",
    "NodeScorer",
    "Scores",
    "coverage_notes",
    "effective_missing",
    "fill_notes",
    "missing_notes",
    "score_batch",
    "score_tree",
    "who_row",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
# the score of leaf (node, its column j)'s baseline, with the statistics of every row
BaselineScorer = Callable[[Node, int], float]
_ROWS = 65_536  # rows per block where a rows x children temporary is avoided
_COVERAGE_EPS = 1e-12  # 0.65 stated, 0.6499999999 computed: still enough


@dataclass(frozen=True)
class EvalOptions:
    aggregation: AggregationName = "weighted-mean"
    missing: Missing = field(default_factory=Missing)
    top: int = 5
    boxes: int = 2  # top-box share: answers in the top `boxes` scale points
    fce_operator: FCEOperator = "product-sum"  # M(·,⊕), the weighted average
    # the run configuration states evaluate.missing: it applies at every node
    missing_override: bool = False
    # evaluate.methods: the other evaluation methods to run (grey, RSR, coupling ...)
    methods: tuple[EvalMethod, ...] = ()
    alpha_missing: AlphaMissing = "listwise"  # Cronbach's alpha with blank answers
    ipa: Literal["scale", "data"] = "scale"  # report.ipa: where the IPA cuts sit


RuleSource = Literal["run config", "index", "default"]


@dataclass(frozen=True, slots=True)
class AppliedRule:
    """The missing-value rule applied at one node, and where it came from."""

    policy: MissingPolicy
    min_coverage: float
    source: RuleSource  # "default": neither the run config nor the index chose one
    stated_at: str | None = None  # the node whose missing: it is (source "index")


@dataclass(frozen=True)
class Scores:
    """Scores of every node for every row, the coverage behind them, and the weights used.

    ``coverage[node]`` is the share of the node's weight (by the weights of its leaves
    below it) whose indicators have measured data in that row — imputed values do not
    count — so one blank leaf lowers its ancestors' coverage only by its own weight.
    ``imputed[id]`` marks the rows where a node's (or indicator's) score was filled by its
    parent's policy; ``excluded[node]`` the rows left empty for lack of coverage.
    """

    leaf_scores: FloatArray  # rows x leaves (imputed cells filled)
    nodes: Mapping[str, FloatArray]  # node id -> rows (leaves included)
    coverage: Mapping[str, FloatArray]  # aggregate id -> rows (share of weight with data)
    weights: TreeWeights
    notes: tuple[str, ...]
    imputed: Mapping[str, tuple[MissingPolicy, BoolArray]] = field(default_factory=frozen_map)
    excluded: Mapping[str, BoolArray] = field(default_factory=frozen_map)
    rules: Mapping[str, AppliedRule] = field(default_factory=frozen_map)
    # share of each aggregate's weight its score rests on (measured leaves and scored child
    # nodes); below ``coverage`` where a child node was left empty for low coverage
    basis: Mapping[str, FloatArray] = field(default_factory=frozen_map)

    @property
    def imputed_cells(self) -> int:
        return int(sum(mask.sum() for _, mask in self.imputed.values()))

    def partial_rows(self, node: str) -> int:
        """Rows whose score of ``node`` rests on part of its weight (basis below 1)."""
        cov = self.basis.get(node, self.coverage.get(node))
        return 0 if cov is None else int(np.count_nonzero(cov < 1.0))

    def filled_rows(self) -> list[bool]:
        """Per row: does its composite rest on any score filled by a missing-value rule?"""
        n = self.leaf_scores.shape[0]
        filled = np.zeros(n, dtype=bool)
        for _, mask in self.imputed.values():
            filled |= mask
        return filled.tolist()

    def basis_of(self, node: str) -> list[float]:
        """Per row, the share of ``node``'s weight its score rests on (1.0 for a leaf)."""
        cov = self.basis.get(node, self.coverage.get(node))
        return [1.0] * self.leaf_scores.shape[0] if cov is None else cov.tolist()


def effective_missing(index: IndexSystem, node: Node, options: EvalOptions) -> AppliedRule:
    """The rule at ``node``: the run config's if it states one, else the nearest node's on
    the path that does, else qualindex's default (reweight, 65 %)."""
    m = options.missing
    if options.missing_override:
        return AppliedRule(m.policy, m.min_coverage, "run config")
    for node_id in reversed(node.path):
        rule = index.nodes[node_id].missing
        if rule is not None:
            return AppliedRule(rule.policy, rule.min_coverage, "index", node_id)
    return AppliedRule(m.policy, m.min_coverage, "default")


class _Tree:
    """Node scores of one dataset, aggregated bottom-up with the weights it is given."""

    def __init__(
        self,
        index: IndexSystem,
        data: Dataset,
        options: EvalOptions,
        leaf_scores: FloatArray | None = None,
        baseline: BaselineScorer | None = None,
    ) -> None:
        self.index, self.data, self.options = index, data, options
        # in memory every row is here; a batch engine gives the statistics of all rows
        self.baseline = baseline or (lambda leaf, j: score_baseline(leaf, data.values[:, j]))
        leaves = [index.nodes[i] for i in data.leaves]
        if leaf_scores is None:
            leaf_scores = score_leaves(leaves, data.values, data.item_scores)
        self.leaf_scores = leaf_scores
        self.values: dict[str, FloatArray] = {
            leaf: self.leaf_scores[:, j] for j, leaf in enumerate(data.leaves)
        }
        # measured data per leaf (imputation never changes it); a leaf's coverage (1 or 0)
        # is made from it when a node asks, the aggregates' coverage is kept
        self.measured = ~np.isnan(self.leaf_scores)
        self.position = {leaf: j for j, leaf in enumerate(data.leaves)}
        self.coverage: dict[str, FloatArray] = {}
        self.basis: dict[str, FloatArray] = {}
        self.imputed: dict[str, tuple[MissingPolicy, BoolArray]] = {}
        self.excluded: dict[str, BoolArray] = {}
        self.rules: dict[str, AppliedRule] = {}
        self.notes: list[str] = []

    def rule(self, node: Node) -> AppliedRule:
        if node.id not in self.rules:
            self.rules[node.id] = effective_missing(self.index, node, self.options)
        return self.rules[node.id]

    def children(self, node: Node) -> FloatArray:
        """entities x children, after the node's missing-value policy (fills recorded)."""
        block = self._leaf_block(node)
        if block is None:
            child = np.column_stack([self.values[c] for c in node.children])
        else:  # the leaves' own columns, side by side already (fills are written into them)
            child = self.leaf_scores[:, block]
            child.flags.writeable = False
        rule = self.rule(node)
        filled = _apply_policy(self, node, child, rule)
        for j in np.flatnonzero((np.isnan(child) & ~np.isnan(filled)).any(axis=0)):
            self._fill(node.children[j], filled[:, j], np.isnan(child[:, j]), rule.policy)
        return filled

    def _fill(self, child: str, column: FloatArray, mask: BoolArray, policy: MissingPolicy) -> None:
        self.values[child] = column
        mask = mask & ~np.isnan(column)
        if child in self.data.leaves:  # the tree's own array: imputed scores show as scores
            self.leaf_scores[:, self.data.leaves.index(child)] = column
        self.imputed[child] = (policy, mask)

    def aggregate(self, node: Node, weights: FloatArray) -> None:
        rule = self.rule(node)
        method = node.aggregation or self.options.aggregation
        agg = aggregate_with_missing(
            self.children(node),
            weights,
            method=method,
            policy="reweight",
            min_coverage=0.0,
        )
        coverage = self._coverage(node, weights)
        self.basis[node.id] = self._basis(node, weights, coverage)
        values = np.array(agg.values)
        if rule.policy == "reweight":  # the other policies fill the gaps they find
            low = coverage < rule.min_coverage - _COVERAGE_EPS
            values[low] = np.nan
            if low.any():
                self.excluded[node.id] = low
                self.notes += _coverage_notes(node, self.data, coverage, rule)
        self.values[node.id], self.coverage[node.id] = values, coverage

    def _leaf_block(self, node: Node) -> slice | None:
        """The node's children as a slice of the leaf columns, if they are consecutive leaves."""
        at = [self.position.get(c, -1) for c in node.children]
        if not at or at[0] < 0 or at != list(range(at[0], at[0] + len(at))):
            return None
        return slice(at[0], at[0] + len(at))

    def _coverage(self, node: Node, weights: FloatArray) -> FloatArray:
        """Share of the node's weight whose leaves below have measured data, per row."""
        block = self._leaf_block(node)
        if block is None:
            parts = [
                self.coverage[c] if c in self.coverage else self.measured[:, self.position[c]]
                for c in node.children
            ]
            return np.column_stack(parts).astype(np.float64) @ weights
        out = np.empty(len(self.leaf_scores))
        for a in range(0, len(out), _ROWS):  # by rows: no rows x children temporary
            out[a : a + _ROWS] = self.measured[a : a + _ROWS, block].astype(np.float64) @ weights
        return out

    def _basis(self, node: Node, weights: FloatArray, coverage: FloatArray) -> FloatArray:
        """Share of the node's weight its score rests on: measured leaves, and child nodes
        with a score (a child left empty for low coverage adds nothing, whatever data it has)."""
        if not any(c in self.coverage for c in node.children):
            return coverage  # leaves only: the two shares are the same
        parts = []
        for c in node.children:
            if c not in self.coverage:
                parts.append(self.measured[:, self.position[c]].astype(np.float64))
                continue
            used = self.basis[c]
            left_out = self.excluded.get(c)
            parts.append(used if left_out is None else np.where(left_out, 0.0, used))
        return np.column_stack(parts) @ weights

    def finish(self, weights: TreeWeights) -> Scores:
        """Aggregate the nodes not yet scored, bottom-up, and return every node's scores."""
        for node in self.index.aggregates(bottom_up=True):
            if node.id not in self.values:
                self.aggregate(node, weights.nodes[node.id].weights)
        leaves = set(self.data.leaves)
        gaps = bool((self.coverage[self.index.id] < 1.0).any())
        self.notes += _missing_notes(self.index, self.options, self.imputed, gaps)
        return Scores(
            self.leaf_scores,
            frozen_map(self.values),
            frozen_map({k: v for k, v in self.coverage.items() if k not in leaves}),
            weights,
            tuple(self.notes),
            frozen_map(self.imputed),
            frozen_map(self.excluded),
            frozen_map(self.rules),
            frozen_map({k: v for k, v in self.basis.items() if k not in leaves}),
        )


def score_tree(
    index: IndexSystem,
    data: Dataset,
    weights: TreeWeights,
    *,
    options: EvalOptions | None = None,
) -> Scores:
    """Score every indicator and aggregate up to the root with ``weights``."""
    return _Tree(index, data, options or EvalOptions()).finish(weights)


def score_batch(
    index: IndexSystem,
    data: Dataset,
    weights: TreeWeights,
    leaf_scores: FloatArray,
    options: EvalOptions,
    baseline: BaselineScorer | None = None,
) -> Scores:
    """:func:`score_tree` of one batch of rows whose indicator scores are given (scored with
    statistics of all the data: the streamed evaluation, :mod:`qualindex.evaluate.stream`).

    Every aggregation and missing-value rule works row by row, so a batch's node scores are
    those rows' scores of the whole data set (the streamed engine streams only then).
    ``baseline`` scores an indicator's baseline with the statistics of all rows (the
    ``impute-baseline`` policy on min-max or z-score indicators).
    """
    return _Tree(index, data, options, leaf_scores, baseline).finish(weights)


class NodeScorer:
    """The inputs of data-driven weighting nodes, from a dataset (a ``NodeInputs``).

    The dataset may hold only the leaves under data-driven nodes (``qualindex weights``
    reads no more); the children's scores are aggregated with the weights already found
    below the node, exactly as :func:`score_tree` will aggregate them.
    """

    def __init__(
        self, index: IndexSystem, data: Dataset, options: EvalOptions | None = None
    ) -> None:
        self._tree = _Tree(index, data, options or EvalOptions())

    def __call__(self, node: Node, done: Mapping[str, NodeWeights]) -> NodeData:
        columns = _importance_columns(node, self._tree.data)
        if not needs_child_scores(node):
            return NodeData(columns=columns)
        if needs_raw_values(node):  # input: raw (the tree checks every child is an indicator)
            data = self._tree.data
            at = [data.leaves.index(c) for c in node.children if c in data.leaves]
            values = data.values[:, at] if len(at) == len(node.children) else None
            if values is not None:
                values = values[~np.isnan(values).any(axis=1)]
            return NodeData(child_values=values, columns=columns)
        for child in node.children:
            self._ensure(self._tree.index.nodes[child], done)
        scores = self._tree.children(node)
        complete = scores[~np.isnan(scores).any(axis=1)]
        return NodeData(child_scores=complete, columns=columns)

    def scores(self, weights: TreeWeights) -> Scores:
        """Every node's scores with the final ``weights`` (nodes scored for weighting reused).

        Needs a dataset with every leaf.
        """
        return self._tree.finish(weights)

    def _ensure(self, node: Node, done: Mapping[str, NodeWeights]) -> None:
        if node.id in self._tree.values:
            return
        for child in node.children:
            self._ensure(self._tree.index.nodes[child], done)
        self._tree.aggregate(node, done[node.id].weights)


def _importance_columns(node: Node, data: Dataset) -> Mapping[str, FloatArray]:
    m = node.weighting
    if not isinstance(m, ImportanceWeighting):
        return frozen_map()
    return frozen_map({c: data.extra[c] for c in m.columns.values() if c in data.extra})


def _apply_policy(tree: _Tree, node: Node, child: FloatArray, rule: AppliedRule) -> FloatArray:
    data = tree.data
    if not np.isnan(child).any() or rule.policy == "reweight":
        return child
    if rule.policy == "fail":
        row, col = (int(v) for v in np.argwhere(np.isnan(child))[0])
        who = f"{data.entities[row]}" + (f" ({data.periods[row]})" if data.periods[row] else "")
        raise DataError(
            Problem(
                msg("evaluate.no_score_fail", who=who, child=node.children[col], node=node.id),
                fix=msg("evaluate.no_score_fail.fix"),
            )
        )
    if rule.policy == "impute-baseline":
        return _impute_baseline(tree, node, child)
    if rule.policy == "zero":
        return np.where(np.isnan(child), 0.0, child)
    if rule.policy == "carry-forward":
        return _carry_forward(child, data)
    return _impute_within_periods(node, child, rule, data)


def _impute_within_periods(
    node: Node, child: FloatArray, rule: AppliedRule, data: Dataset
) -> FloatArray:
    """Mean or median imputation per column, within each period (entities of one period
    are compared with each other, never with another period's)."""
    strategy: Literal["mean", "median"] = "mean" if rule.policy == "impute-mean" else "median"
    out = child.copy()
    periods = np.asarray(data.periods, dtype=object)
    for period in dict.fromkeys(data.periods):
        rows = np.flatnonzero(periods == period)
        block = child[rows]
        gaps = np.isnan(block).any(axis=0) & np.isnan(block).all(axis=0)
        if gaps.any():
            col = node.children[int(np.flatnonzero(gaps)[0])]
            raise DataError(
                Problem(
                    msg(
                        "evaluate.nothing_to_impute",
                        child=col,
                        node=node.id,
                        period=period or msg("evaluate.no_period"),
                        strategy=msg(f"evaluate.strategy.{strategy}"),
                        policy=code("missing", rule.policy),
                    ),
                    fix=msg("evaluate.nothing_to_impute.fix"),
                )
            )
        out[rows] = impute(block, strategy=strategy)
    return out


def _carry_forward(child: FloatArray, data: Dataset) -> FloatArray:
    """A missing score takes the same entity's score of its latest earlier period."""
    order = {p: i for i, p in enumerate(data.period_order)}
    entities = {e: i for i, e in enumerate(dict.fromkeys(data.entities))}
    ent = np.array([entities[e] for e in data.entities])
    per = np.array([order[p] for p in data.periods])
    idx = np.lexsort((per, ent))  # rows by entity, then period
    x = child[idx]
    pos = np.arange(len(idx))
    start = np.r_[0, np.flatnonzero(np.diff(ent[idx])) + 1]
    first = np.repeat(start, np.diff(np.r_[start, len(idx)]))  # each row's entity start
    out = x.copy()
    for j in range(x.shape[1]):
        last = np.maximum.accumulate(np.where(~np.isnan(x[:, j]), pos, -1))
        ok = np.isnan(x[:, j]) & (last >= first)
        out[ok, j] = x[last[ok], j]
    result = np.empty_like(out)
    result[idx] = out
    return result


def _impute_baseline(tree: _Tree, node: Node, child: FloatArray) -> FloatArray:
    """Missing indicator values take the score of the indicator's baseline (基准值),
    scored as :func:`~qualindex.evaluate.scoring.score_baseline` says (min-max and z-score
    with the statistics of every row)."""
    out = child.copy()
    for j, child_id in enumerate(node.children):
        leaf = tree.index.nodes[child_id]
        ind = leaf.indicator
        gaps = np.isnan(out[:, j])
        if ind is None or ind.baseline is None or not gaps.any():
            continue  # aggregates and indicators without a baseline are reweighted
        out[gaps, j] = tree.baseline(leaf, tree.position[child_id])
    return out


NOTE_ROWS = 10  # up to this many rows left empty at a node get a note each
NOTE_EXAMPLES = 5  # past it, one note names the first few and counts the rest


@dataclass
class LeftEmpty:
    """The rows left empty at one node for low coverage, tallied in bounded memory.

    A run of ten million rows may leave a dimension empty in a million of them: one note
    per row would fill the terminal and every report, and the streamed engines would hold
    them all.  Kept are the first ``NOTE_ROWS + 1`` rows (who, share), the count and the
    range of the shares; :meth:`notes` says each row while there are at most ``NOTE_ROWS``,
    else one note with the count, the range and the first ``NOTE_EXAMPLES`` rows (the rows
    output's ``excluded`` column names every row's).
    """

    node: Node
    rule: AppliedRule
    first: list[tuple[str, float]] = field(default_factory=list)
    count: int = 0
    low: float = np.inf
    high: float = -np.inf

    def add_rows(self, data: Dataset, coverage: FloatArray) -> None:
        """The rows of ``data`` whose ``coverage`` is below the rule's minimum."""
        low = np.flatnonzero(coverage < self.rule.min_coverage - _COVERAGE_EPS)
        if not low.size:
            return
        room = max(NOTE_ROWS + 1 - len(self.first), 0)
        who = [who_row(data.entities[i], data.periods[i]) for i in low[:room].tolist()]
        shares = coverage[low]
        self.add(who, shares[:room], count=len(shares), low=shares.min(), high=shares.max())

    def add(
        self, who: list[str], shares: FloatArray, *, count: int, low: float, high: float
    ) -> None:
        """``count`` rows left empty, the least and most share among them, and the first of
        them (in the order of the run's rows) by name and share."""
        self.count += count
        self.low, self.high = min(self.low, float(low)), max(self.high, float(high))
        room = max(NOTE_ROWS + 1 - len(self.first), 0)
        self.first += list(zip(who[:room], shares[:room].tolist(), strict=True))

    def notes(self) -> list[str]:
        rule, source = self.rule, msg(f"evaluate.rule_source.{self.rule.source}")
        minimum = rule.min_coverage
        if self.count <= NOTE_ROWS:
            return [self._one(who, share, source) for who, share in self.first]
        low_pct, minimum_pct = percent_against(self.low, minimum)
        high_pct, _ = percent_against(self.high, minimum)
        return [
            msg(
                "evaluate.left_empty_rows",
                node=self.node.id,
                count=self.count,
                range=low_pct if low_pct == high_pct else f"{low_pct}–{high_pct}",
                minimum_pct=minimum_pct,
                source=source,
                examples=", ".join(who for who, _ in self.first[:NOTE_EXAMPLES]),
                more=self.count - NOTE_EXAMPLES,
            )
        ]

    def _one(self, who: str, share: float, source: str) -> str:
        share_pct, minimum_pct = percent_against(share, self.rule.min_coverage)
        return msg(
            "evaluate.left_empty",
            node=self.node.id,
            who=who,
            share=share,
            minimum=self.rule.min_coverage,
            share_pct=share_pct,
            minimum_pct=minimum_pct,
            source=source,
        )


def who_row(entity: str, period: str) -> str:
    """A row as the notes name it: ``entity (period)``, or the entity alone."""
    return f"{entity} ({period})" if period else f"{entity}"


def _coverage_notes(
    node: Node, data: Dataset, coverage: FloatArray, rule: AppliedRule
) -> list[str]:
    tally = LeftEmpty(node, rule)
    tally.add_rows(data, coverage)
    return tally.notes()


def _missing_notes(
    index: IndexSystem,
    options: EvalOptions,
    imputed: Mapping[str, tuple[MissingPolicy, BoolArray]],
    gaps: bool,
) -> list[str]:
    """What a reader must know of the rules applied: an override, a default, the fills."""
    notes: list[str] = []
    stated = [n.id for n in index.aggregates() if n.missing is not None]
    m = options.missing
    if options.missing_override and stated:
        notes.append(
            msg(
                "evaluate.missing_override",
                policy=code("missing", m.policy),
                minimum=m.min_coverage,
                nodes=", ".join(stated),
            )
        )
    elif gaps and not options.missing_override and not stated:
        notes.append(
            msg(
                "evaluate.missing_default", policy=code("missing", m.policy), minimum=m.min_coverage
            )
        )
    counts = {node_id: (policy, int(mask.sum())) for node_id, (policy, mask) in imputed.items()}
    return notes + fill_notes(counts)


def fill_notes(counts: Mapping[str, tuple[MissingPolicy, int]]) -> list[str]:
    """The fills per policy: node id -> (policy, cells filled), in the order filled."""
    by_policy: dict[str, list[str]] = {}
    for node_id, (policy, count) in counts.items():
        if count:
            by_policy.setdefault(policy, []).append(f"{node_id} ×{count}")
    return [
        msg("evaluate.missing_filled", policy=code("missing", p), cells=", ".join(c))
        for p, c in by_policy.items()
    ]


coverage_notes = _coverage_notes
missing_notes = _missing_notes
