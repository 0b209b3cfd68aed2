"""Sensitivity and uncertainty of composite scores and ranks (pure kernels, arrays in).

A hierarchy is given as arrays (:class:`~qualindex.sensitivity.hierarchy.Hierarchy`: ``parent``,
``local`` weights, ``leaves``), leaf scores as ``(n_entities, n_leaves)`` and the experts'
judgments as ``{node: (k, n, n)}``.

* :mod:`.weights` - exact one-at-a-time weight sensitivity: switch points, tornado ranges and
  Triantaphyllou & Sánchez's (1997) critical criteria;
* :mod:`.montecarlo` - Monte Carlo over the experts' judgments through the whole tree, rank
  intervals, SMAA acceptability, grade probabilities and the judgment cells behind rank changes;
* :mod:`.values` - measurement error of the values, and alternative method choices;
* :mod:`.sobol` - first and total Sobol indices per input group (SALib).
"""

from __future__ import annotations

from qualindex.sensitivity.hierarchy import (
    Hierarchy,
    composite,
    global_weights,
    ranks_of,
    sub_composites,
)
from qualindex.sensitivity.montecarlo import (
    Attribution,
    JudgmentDraws,
    MonteCarloResult,
    attribute,
    draw_local_weights,
    judgment_monte_carlo,
    perturbed_weights,
    rank_distribution,
)
from qualindex.sensitivity.ranks import RankAccumulator, RankSummary
from qualindex.sensitivity.sobol import SobolResult, composite_sobol
from qualindex.sensitivity.values import (
    MethodChoices,
    ValueMonteCarloResult,
    combined_monte_carlo,
    geometric_composite,
    method_choices,
    value_monte_carlo,
)
from qualindex.sensitivity.weights import (
    CriticalCriteria,
    SwitchPoints,
    Tornado,
    critical_criteria,
    node_columns,
    switch_points,
    tornado,
    weight_lines,
)

__all__ = [
    "Attribution",
    "CriticalCriteria",
    "Hierarchy",
    "JudgmentDraws",
    "MethodChoices",
    "MonteCarloResult",
    "RankAccumulator",
    "RankSummary",
    "SobolResult",
    "SwitchPoints",
    "Tornado",
    "ValueMonteCarloResult",
    "attribute",
    "combined_monte_carlo",
    "composite",
    "composite_sobol",
    "critical_criteria",
    "draw_local_weights",
    "geometric_composite",
    "global_weights",
    "judgment_monte_carlo",
    "method_choices",
    "node_columns",
    "perturbed_weights",
    "rank_distribution",
    "ranks_of",
    "sub_composites",
    "switch_points",
    "tornado",
    "value_monte_carlo",
    "weight_lines",
]
