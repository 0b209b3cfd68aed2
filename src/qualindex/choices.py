"""The closed sets of names that the YAML, the options, the Python API and the CLI share.

Each set is declared once, here, as a ``Literal``: the schema validates YAML against it, the
typed settings carry it, the kernels check it at run time (:func:`qualindex.core.check_choice`)
and the CLI builds its choices from it (``typing.get_args``).  Nothing else re-declares them.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "AIPMean",
    "AggregationName",
    "AlphaMissing",
    "BWMModel",
    "CRPolicy",
    "CensorBy",
    "CombinationRule",
    "CouplingFormulaName",
    "CouplingRescaleName",
    "Cycle",
    "DematelNormalisationName",
    "DiagramLayout",
    "Direction",
    "EvalMethodName",
    "EvalWeights",
    "FCEOperator",
    "FuzzyVariant",
    "GreyReferenceName",
    "GroupRule",
    "IncompleteMethod",
    "Kind",
    "Lang",
    "MethodInput",
    "MissingPolicy",
    "ObjectiveName",
    "Orient",
    "PageName",
    "PriorityName",
    "RITableName",
    "RSRRankingName",
    "RelativeMode",
    "SensitivityAggregation",
    "SensitivityNormalisation",
    "SensitivitySource",
    "ShowWeights",
    "SimulatedRI",
    "SubjectiveName",
    "TopsisEntropy",
    "TopsisNormalisationName",
    "TrimRule",
]

Lang = Literal["zh", "en"]
# diagrams: which weights a node shows, and the direction the tree grows
ShowWeights = Literal["local", "global", "both"]
Orient = Literal["tb", "lr"]
# diagrams: box tree or outline in columns (auto: by size), and the page to fit
DiagramLayout = Literal["auto", "tree", "columns", "packed"]
PageName = Literal["A4", "A3"]
Direction = Literal["higher", "lower", "target"]
Kind = Literal["kpi", "survey", "audit", "expert", "derived"]
Cycle = Literal["daily", "weekly", "monthly", "quarterly", "yearly", "per-event"]

# --- weighting ----------------------------------------------------------------------------
PriorityName = Literal["eigenvector", "geometric", "column"]
RITableName = Literal[
    "saaty-1980",
    "saaty-2005",
    "donegan-dodd",
    "cn-1-15",
    "alonso-lamata",
    "alonso-lamata-table",
    "ahpsurvey",
]
# an RI table simulated here (weighting.ri.simulated_ri_table, ri_draws / ri_seed)
SimulatedRI = Literal["simulated"]
# AIP conventions (weighting.group): mean of the priority vectors, how a trim share is cut,
# and which CR decides whether an expert passes the limit
AIPMean = Literal["geometric", "arithmetic"]
TrimRule = Literal["count", "quantile"]
CensorBy = Literal["method", "eigenvector"]
BWMModel = Literal["nonlinear", "linear"]
GroupRule = Literal["aij", "aip"]
CRPolicy = Literal["include", "exclude", "flag"]
IncompleteMethod = Literal["none", "harker", "lambda-optimal"]
FuzzyVariant = Literal["buckley", "chang"]
SubjectiveName = Literal["ahp", "fuzzy-ahp", "expert-scores", "bwm", "direct", "dematel"]
# objective weights from data: entropy, CRITIC, coefficient of variation (information), SD
# and independence (1/R); what they read is a MethodInput (scores by default, or raw values)
ObjectiveName = Literal["entropy", "critic", "cv", "std", "independence"]
# DEMATEL: divide the direct-relation matrix by the largest row-or-column sum, or row sum
DematelNormalisationName = Literal["max", "row"]
CombinationRule = Literal["linear", "multiplicative"]

# --- scoring and aggregation --------------------------------------------------------------
RelativeMode = Literal["distributive", "ideal"]
AggregationName = Literal["weighted-mean", "geometric-mean", "minimum"]
MissingPolicy = Literal[
    "reweight",
    "impute-mean",
    "impute-median",
    "impute-baseline",
    "carry-forward",
    "zero",
    "fail",
]
AlphaMissing = Literal["listwise", "pairwise"]
# fuzzy comprehensive evaluation operator M(inner, outer): product-sum = M(·,⊕) (weighted
# average), min-max = M(∧,∨), product-max = M(·,∨), min-sum = M(∧,⊕)
FCEOperator = Literal["product-sum", "min-max", "product-max", "min-sum"]

# --- other evaluation methods (evaluate.methods: in a run configuration) ------------------
EvalMethodName = Literal["grey", "rsr", "coupling", "vikor", "topsis", "entropy-topsis", "obstacle"]
# what a method reads: the 0-100 indicator scores (every one "higher is better"), or the
# measured values with each indicator's direction (higher/lower; target needs scores)
MethodInput = Literal["scores", "raw"]
# the criterion weights a method uses: the tree's global leaf weights, or equal weights
EvalWeights = Literal["global", "equal"]
GreyReferenceName = Literal["ideal", "entity"]
RSRRankingName = Literal["integer", "non_integer"]
CouplingFormulaName = Literal["standard", "wang", "fan"]
CouplingRescaleName = Literal["none", "minmax", "spssau"]
TopsisNormalisationName = Literal["vector", "minmax", "none"]
TopsisEntropy = Literal["sum", "minmax"]  # entropy-topsis: the entropy weights' normalisation

# --- qualindex sensitivity (issue 13) ---------------------------------------------------------
# what varies: exact weight sensitivity, the experts' judgments, measured values, method choices
SensitivitySource = Literal["weights", "judgments", "values", "methods"]
# alternative normalisations of the indicators: "own" = each indicator's own scoring; the others
# re-score every indicator's measured values over the period's entities (OECD/JRC Handbook)
SensitivityNormalisation = Literal["own", "minmax", "zscore", "rank"]
SensitivityAggregation = Literal["weighted-mean", "geometric-mean"]
