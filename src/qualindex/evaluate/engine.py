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

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from qualindex.choices import AggregationName, FCEOperator
from qualindex.errors import DataError, Problem
from qualindex.evaluate.aggregate import aggregate_with_missing, impute
from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.scoring import score_column, score_leaves
from qualindex.hierarchy.model import IndexSystem, Missing, Node, frozen_map
from qualindex.hierarchy.schema import ImportanceWeighting
from qualindex.weighting.tree import NodeData, NodeWeights, TreeWeights, needs_child_scores

__all__ = ["EvalOptions", "NodeScorer", "Scores", "effective_missing", "score_tree"]

FloatArray = NDArray[np.float64]
_AGGREGATION = {
    "weighted-mean": "weighted_mean",
    "geometric-mean": "geometric",
    "minimum": "minimum",
}


@dataclass(frozen=True)
class EvalOptions:
    aggregation: AggregationName = "weighted-mean"
    missing: Missing = field(default_factory=Missing)
    top: int = 5
    boxes: int = 2  # top-box share: answers in the top `boxes` scale points
    fce_operator: FCEOperator = "product-sum"  # M(·,⊕), the weighted average


@dataclass(frozen=True)
class Scores:
    """Scores of every node for every row, the coverage behind them, and the weights used."""

    leaf_scores: FloatArray  # rows x leaves
    nodes: Mapping[str, FloatArray]  # node id -> rows (leaves included)
    coverage: Mapping[str, FloatArray]  # aggregate id -> rows (share of weight present)
    weights: TreeWeights
    notes: tuple[str, ...]


def effective_missing(index: IndexSystem, node: Node, default: Missing) -> Missing:
    """The missing-value rule of the nearest node on the path that states one."""
    for node_id in reversed(node.path):
        rule = index.nodes[node_id].missing
        if rule is not None:
            return rule
    return default


class _Tree:
    """Node scores of one dataset, aggregated bottom-up with the weights it is given."""

    def __init__(self, index: IndexSystem, data: Dataset, options: EvalOptions) -> None:
        self.index, self.data, self.options = index, data, options
        leaves = [index.nodes[i] for i in data.leaves]
        self.leaf_scores = score_leaves(leaves, data.values, data.item_scores)
        self.values: dict[str, FloatArray] = {
            leaf: self.leaf_scores[:, j] for j, leaf in enumerate(data.leaves)
        }
        self.coverage: dict[str, FloatArray] = {}
        self.notes: list[str] = []

    def children(self, node: Node) -> FloatArray:
        """entities x children, after the node's missing-value policy."""
        child = np.column_stack([self.values[c] for c in node.children])
        rule = effective_missing(self.index, node, self.options.missing)
        return _apply_policy(self.index, node, child, rule, self.data)

    def aggregate(self, node: Node, weights: FloatArray) -> None:
        rule = effective_missing(self.index, node, self.options.missing)
        method = _AGGREGATION[node.aggregation or self.options.aggregation]
        agg = aggregate_with_missing(
            self.children(node),
            weights,
            method=method,  # type: ignore[arg-type]
            policy="reweight",
            min_coverage=rule.min_coverage,
        )
        self.values[node.id], self.coverage[node.id] = agg.values, agg.coverage
        self.notes += _coverage_notes(node, self.data, agg.coverage, rule)

    def finish(self, weights: TreeWeights) -> Scores:
        """Aggregate the nodes not yet scored, bottom-up, and return every node's scores."""
        for node in self.index.aggregates(bottom_up=True):
            if node.id not in self.values:
                self.aggregate(node, weights.nodes[node.id].weights)
        return Scores(
            self.leaf_scores,
            frozen_map(self.values),
            frozen_map(self.coverage),
            weights,
            tuple(self.notes),
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


def _apply_policy(
    index: IndexSystem, node: Node, child: FloatArray, rule: Missing, data: Dataset
) -> FloatArray:
    if not np.isnan(child).any() or rule.policy == "reweight":
        return child
    if rule.policy == "fail":
        row, col = (int(v) for v in np.argwhere(np.isnan(child))[0])
        who = f"{data.entities[row]}" + (f" ({data.periods[row]})" if data.periods[row] else "")
        raise DataError(
            Problem(
                f"{who} has no score for {node.children[col]!r} under {node.id!r}, whose "
                "missing-value policy is 'fail'",
                fix="supply the value, or set missing: {policy: reweight} on the node",
            )
        )
    if rule.policy == "impute-baseline":
        return _impute_baseline(index, node, child)
    return impute(child, strategy="mean" if rule.policy == "impute-mean" else "median")


def _impute_baseline(index: IndexSystem, node: Node, child: FloatArray) -> FloatArray:
    """Missing indicator values take the score of the indicator's baseline (基准值)."""
    out = child.copy()
    for j, child_id in enumerate(node.children):
        leaf = index.nodes[child_id]
        ind = leaf.indicator
        if ind is None or ind.baseline is None:
            continue  # aggregates and indicators without a baseline are reweighted
        base = score_column(leaf, np.array([ind.baseline]), np.array([np.nan]))[0]
        out[np.isnan(out[:, j]), j] = base
    return out


def _coverage_notes(node: Node, data: Dataset, coverage: FloatArray, rule: Missing) -> list[str]:
    low = np.flatnonzero(coverage < rule.min_coverage)
    return [
        f"{node.id}: {data.entities[i]}"
        + (f" ({data.periods[i]})" if data.periods[i] else "")
        + f" left empty: only {coverage[i]:.0%} of its weight has data "
        f"(minimum {rule.min_coverage:.0%})"
        for i in low
    ]
