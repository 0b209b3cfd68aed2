"""How sure is the ranking: the sensitivity kernels applied to one evaluated run.

Maps a run (index, weights, judgments, leaf scores) onto the arrays of
:mod:`qualindex.sensitivity` and back to ids and names:

* exact switch points of every local weight (Triantaphyllou & Sánchez 1997, Theorem 1: the
  weighted sum is linear in one weight with its siblings rescaled) and the interval of each
  weight within which the order of the leading entities does not change;
* a tornado of each node's effect on each entity's composite (child weights ±``spread``);
* a Monte Carlo over the experts' pairwise judgments (lognormal noise on log a_ij, or ±k
  Saaty steps, or bootstrap of experts), through every AHP node of the tree at once, to each
  entity's rank interval (5–95 %), rank acceptability (SMAA, Lahdelma & Salminen 2001) and
  grade probabilities, and the judgment cells that explain the top ranks.

The kernels aggregate by the weighted arithmetic mean of the leaf scores; rows with a
missing indicator are left out (and counted), since their composite is computed another way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from qualindex.errors import InputError
from qualindex.evaluate.results import Evaluation
from qualindex.hierarchy.schema import AHPWeighting
from qualindex.run import Project
from qualindex.sensitivity import (
    Hierarchy,
    composite,
    judgment_monte_carlo,
    switch_points,
    tornado,
)
from qualindex.weighting.tree import pairwise_stack

__all__ = ["Sensitivity", "Vary", "sensitivity"]

Vary = Literal["weights", "judgments"]


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity of one period's ranking, with ids, names and plain numbers."""

    period: str
    entities: tuple[str, ...]  # entity ids of the rows analysed, in data order
    names: tuple[str, ...]
    left_out: tuple[str, ...]  # rows with a missing indicator
    notes: tuple[str, ...]
    switches: tuple[dict[str, Any], ...]
    stability: tuple[dict[str, Any], ...]
    tornado: tuple[dict[str, Any], ...]
    monte_carlo: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period or None,
            "entities": [
                {"id": e, "name": n} for e, n in zip(self.entities, self.names, strict=True)
            ],
            "left_out": list(self.left_out),
            "switch_points": list(self.switches),
            "stability": list(self.stability),
            "tornado": list(self.tornado),
            "monte_carlo": self.monte_carlo,
        }


def _tree(ev: Evaluation) -> tuple[Hierarchy, list[str], list[int]]:
    """The index as arrays (pre-order, parents first) and the score column of each leaf."""
    order = [n.id for n in ev.index.walk()]
    pos = {node: i for i, node in enumerate(order)}
    nodes = ev.index.nodes
    parent = [-1 if (up := nodes[i].parent) is None else pos[up] for i in order]
    local = [ev.scores.weights.local[i] for i in order]
    leaves = [pos[leaf] for leaf in ev.data.leaves]
    return Hierarchy(np.array(parent), np.array(local), np.array(leaves)), order, leaves


def _filled_scores(ev: Evaluation, rows: list[int]) -> np.ndarray:
    """Leaf scores of ``rows``; a missing one takes its nearest scored ancestor's score.

    Filling a missing child with its parent's reweighted mean leaves the parent's score as
    it is (``(1 - w) v + w v = v``), so the composite at the base weights is the evaluated
    one; under varied weights the fill is held fixed (an approximation, stated in the notes).
    """
    x = np.array(ev.scores.leaf_scores[rows])
    nodes = ev.index.nodes
    for i, j in zip(*np.nonzero(np.isnan(x)), strict=True):
        parent = nodes[ev.data.leaves[j]].parent
        while parent is not None and np.isnan(ev.scores.nodes[parent][rows[i]]):
            parent = nodes[parent].parent
        if parent is not None:
            x[i, j] = ev.scores.nodes[parent][rows[i]]
    return x


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
) -> Sensitivity:
    """Weight switch points, tornado and judgment Monte Carlo for one period (default: the
    latest) of an evaluation."""
    tree, order, _ = _tree(ev)
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
        raise InputError(
            f"sensitivity needs at least 2 entities with every indicator in period "
            f"{period!r}; {len(rows)} have them"
        )
    x = x[np.array(ok)]
    names = tuple(data.label(r) for r in rows)
    ids = tuple(data.entities[r] for r in rows)
    notes = []
    if not np.allclose(composite(tree, x), ev.composite[rows], rtol=1e-9, atol=1e-9):
        notes.append(
            "the sensitivity kernels aggregate by the weighted arithmetic mean of the leaf "
            "scores; this index aggregates some node otherwise, so its composites differ"
        )
    if left_out:
        notes.append(f"left out (an indicator has no score): {', '.join(left_out)}")
    gaps = np.isnan(ev.scores.leaf_scores[rows]).sum()
    if gaps:
        notes.append(
            f"{int(gaps)} missing indicator score(s) held at their parent's score while the "
            "weights vary (the reweighting of missing values, frozen at the base weights)"
        )
    out: dict[str, Any] = {"switches": (), "stability": (), "tornado": (), "monte_carlo": None}
    if "weights" in vary:
        out.update(_weights(tree, x, order, ids, top))
    if "judgments" in vary:
        out["monte_carlo"] = _judgments(project, ev, tree, x, order, ids, draws, sigma, seed)
    return Sensitivity(period, ids, names, left_out, tuple(notes), **out)


def _weights(
    tree: Hierarchy, x: np.ndarray, order: list[str], ids: tuple[str, ...], top: int
) -> dict[str, Any]:
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
        }
        for k, node in enumerate(tn.nodes)
    )
    return {"switches": switches, "stability": stability, "tornado": swings}


def _judgments(
    project: Project,
    ev: Evaluation,
    tree: Hierarchy,
    x: np.ndarray,
    order: list[str],
    ids: tuple[str, ...],
    draws: int,
    sigma: float,
    seed: int,
) -> dict[str, Any] | None:
    pos = {node: i for i, node in enumerate(order)}
    judged: dict[int, np.ndarray] = {}
    experts: dict[int, list[str]] = {}
    for node in ev.index.aggregates():
        if isinstance(node.weighting, AHPWeighting):
            stack, sets = pairwise_stack(node, project.all_judgments)
            if sets:
                judged[pos[node.id]] = stack
                experts[pos[node.id]] = [s.expert.id for s in sets]
    if not judged:
        return None
    grades = ev.index.grades
    bands = sorted(grades.bands, key=lambda b: b.min) if grades else []
    # the lowest band takes everything below the second band's minimum
    cuts = [b.min for b in bands[1:]] or None
    mc = judgment_monte_carlo(
        tree,
        x,
        judged,
        draws=draws,
        sigma=sigma,
        seed=seed,
        grades=cuts,
        group=project.options.group,
    )
    r = mc.ranks
    labels = [b.label.get("en") for b in bands]
    entities = [
        {
            "id": e,
            "base_rank": int(r.base_rank[i]),
            "median": int(r.median[i]),
            "q05": int(r.q05[i]),
            "q95": int(r.q95[i]),
            "first": float(r.acceptability[i, 0]) if r.acceptability.shape[1] else None,
            "grades": dict(zip(labels, map(float, r.grade_probability[i]), strict=bool(cuts))),
        }
        for i, e in enumerate(ids)
    ]
    d, a = mc.draws, mc.attribution
    kids = {p: [order[c] for c in tree.children(p)] for p in judged}
    cells = [
        {
            "node": order[int(d.factor_node[f])],
            "expert": experts[int(d.factor_node[f])][int(d.factor_expert[f])],
            "a": kids[int(d.factor_node[f])][int(d.factor_i[f])],
            "b": kids[int(d.factor_node[f])][int(d.factor_j[f])],
            "explained": float(a.explained[f]),
        }
        for f in a.order[:10]
        if d.factor_i[f] >= 0  # a bootstrap count, not a judgment cell
    ]
    return {"options": dict(mc.options) | {"seed": seed}, "entities": entities, "judgments": cells}
