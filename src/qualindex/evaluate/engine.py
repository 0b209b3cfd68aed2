"""Scores up the tree: indicator scores -> node scores with weights, missing-value rules.

Bottom-up, each aggregate node takes its children's scores (entities x children),
applies its missing-value policy (reweight among present siblings, impute, or
fail), gets its weights from the weighting engine (data-driven methods see the
children's scores) and aggregates them by its own rule (weighted mean, weighted
geometric mean, or minimum).  A node whose present children carry less than
``min_coverage`` of its weight is left empty (NaN) and reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, Problem
from qualindex.evaluate.aggregate import aggregate_with_missing, impute
from qualindex.evaluate.dataset import Dataset
from qualindex.evaluate.scoring import score_column, score_leaves
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Missing, Node, frozen_map
from qualindex.weighting.tree import (
    NodeData,
    NodeWeights,
    TreeWeights,
    WeightOptions,
    assemble,
    weigh_node,
)

__all__ = ["EvalOptions", "Scores", "effective_missing", "score_tree"]

FloatArray = NDArray[np.float64]
_AGGREGATION = {
    "weighted-mean": "weighted_mean",
    "geometric-mean": "geometric",
    "minimum": "minimum",
}


@dataclass(frozen=True)
class EvalOptions:
    aggregation: str = "weighted-mean"
    missing: Missing = field(default_factory=Missing)
    top: int = 5
    boxes: int = 2  # top-box share: answers in the top `boxes` scale points
    fce_operator: str = "product-sum"  # M(·,⊕), the weighted average


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


def score_tree(
    index: IndexSystem,
    data: Dataset,
    judgments: Sequence[JudgmentSet],
    *,
    weight_options: WeightOptions | None = None,
    options: EvalOptions | None = None,
) -> Scores:
    """Score every indicator and aggregate up to the root."""
    options = options or EvalOptions()
    weight_options = weight_options or WeightOptions()
    leaves = index.leaves()
    leaf_scores = score_leaves(leaves, data.values, data.item_scores)
    nodes: dict[str, FloatArray] = {leaf.id: leaf_scores[:, j] for j, leaf in enumerate(leaves)}
    coverage: dict[str, FloatArray] = {}
    results: dict[str, NodeWeights] = {}
    notes: list[str] = []
    every = (*index.judgments, *judgments)
    for node in index.aggregates(bottom_up=True):
        child = np.column_stack([nodes[c] for c in node.children])
        rule = effective_missing(index, node, options.missing)
        child = _apply_policy(index, node, child, rule, data)
        complete = child[~np.isnan(child).any(axis=1)]
        node_data = NodeData(child_scores=complete, columns=_importance_columns(node, data))
        res = weigh_node(index, node, every, weight_options, node_data)
        results[node.id] = res
        method = _AGGREGATION[node.aggregation or options.aggregation]
        agg = aggregate_with_missing(
            child,
            res.weights,
            method=method,  # type: ignore[arg-type]
            policy="reweight",
            min_coverage=rule.min_coverage,
        )
        nodes[node.id], coverage[node.id] = agg.values, agg.coverage
        notes += _coverage_notes(node, data, agg.coverage, rule)
    return Scores(
        leaf_scores, frozen_map(nodes), frozen_map(coverage), assemble(index, results), tuple(notes)
    )


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
    strategy = "mean" if rule.policy == "impute-mean" else "median"
    return impute(child, strategy=strategy)  # type: ignore[arg-type]


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


def _importance_columns(node: Node, data: Dataset) -> Mapping[str, FloatArray]:
    if node.weighting is None or node.weighting.name != "importance":
        return {}
    return {}  # importance ratings are read by the pipeline; see pipeline.node_data


def _coverage_notes(node: Node, data: Dataset, coverage: FloatArray, rule: Missing) -> list[str]:
    low = np.flatnonzero(coverage < rule.min_coverage)
    return [
        f"{node.id}: {data.entities[i]}"
        + (f" ({data.periods[i]})" if data.periods[i] else "")
        + f" left empty: only {coverage[i]:.0%} of its weight has data "
        f"(minimum {rule.min_coverage:.0%})"
        for i in low
    ]
