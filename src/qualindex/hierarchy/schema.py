"""The YAML formats as frozen pydantic models: the only place that sees YAML-shaped data.

Three documents share these models: an index system (``indicators/*.yaml``), a
judgment set (one expert's pairwise comparisons and scores) and a run
configuration (``configs/*.yaml``).  Presets (grade bands, rating scales, Saaty
labels) live in ``configs/presets.yaml``.  Type and shape errors come from
pydantic; the rules across fields (unique ids, direction vs. target, ids
referenced by judgments) are checked in :mod:`qualindex.hierarchy.checks`, so that
each problem can be reported at its own line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from qualindex.choices import (
    AggregationName,
    AIPMean,
    AlphaMissing,
    BWMModel,
    CensorBy,
    CombinationRule,
    CouplingFormulaName,
    CouplingRescaleName,
    CRPolicy,
    Cycle,
    DematelNormalisationName,
    Direction,
    EngineName,
    EvalWeights,
    FCEOperator,
    FuzzyVariant,
    GreyReferenceName,
    GroupRule,
    IncompleteMethod,
    Kind,
    Lang,
    MethodInput,
    MissingPolicy,
    ObjectiveName,
    PriorityName,
    RelativeMode,
    RITableName,
    RSRRankingName,
    SensitivityAggregation,
    SensitivityNormalisation,
    SimulatedRI,
    SubjectiveName,
    TopsisEntropy,
    TopsisNormalisationName,
    TrimRule,
)
from qualindex.texts import msg

__all__ = [
    "AggregationName",
    "AlternativeSpec",
    "AlternativesDataSpec",
    "AssessMethod",
    "AssessSpec",
    "BWMWeighting",
    "CouplingMethod",
    "DematelWeighting",
    "DirectAssess",
    "Direction",
    "EntropyTopsisMethod",
    "EvalMethod",
    "EvalMethodSpec",
    "ExpertSpec",
    "GradeBandSpec",
    "GreyMethod",
    "IndexSpec",
    "IntensitySpec",
    "JudgmentSpec",
    "MeasuredAssess",
    "MethodChoicesSpec",
    "MissingSpec",
    "NodeSpec",
    "ObjectiveWeighting",
    "ObstacleMethod",
    "PairwiseAssess",
    "PairwiseTableSpec",
    "PresetsSpec",
    "RIValuesSpec",
    "RSRMethod",
    "RatingsAssess",
    "RunConfigSpec",
    "ScaleSpec",
    "ScoringMethod",
    "ScoringSpec",
    "SensitivityRunSpec",
    "TextSpec",
    "TopsisMethod",
    "ValueErrorSpec",
    "VikorMethod",
    "WeightingMethod",
    "WeightingSpec",
]

FORMAT_VERSION = 1


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class _MethodSpec(_Spec):
    """A scoring or weighting method: its settings are typed fields, never a dict of params.

    The same frozen objects are carried from the YAML edge to the kernels' callers.
    """

    method: str

    @property
    def name(self) -> str:
        return self.method


PosFloat = Annotated[float, Field(gt=0)]
Share = Annotated[float, Field(ge=0, le=1)]


class TextSpec(_Spec):
    """A bilingual text; at least one language must be given."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_language(self) -> TextSpec:
        if not (self.zh or self.en):
            raise ValueError(msg("schema.text_needs_language"))
        return self


# --- scoring rules (leaf -> 0..100) ---------------------------------------------------------
class LinearScoring(_MethodSpec):
    """threshold -> threshold_score, target -> target_score, straight line between."""

    method: Literal["linear"]
    threshold_score: float = 60.0
    target_score: float = 100.0
    clip: bool = True


class GoalpostScoring(_MethodSpec):
    method: Literal["goalposts"]
    lo: float
    hi: float


class PiecewiseScoring(_MethodSpec):
    method: Literal["piecewise"]
    points: Annotated[list[tuple[float, float]], Field(min_length=2)]


class BandScoring(_MethodSpec):
    """100 inside the target band, falling linearly to 0 at ``tolerance`` outside it."""

    method: Literal["band"]
    # None: the band's own width, or 10 % of the target for a point target
    tolerance: PosFloat | None = None


class RelativeScoring(_MethodSpec):
    """AHP relative measurement of the entities under this indicator."""

    method: Literal["relative"]
    mode: RelativeMode = "ideal"


class SimpleScoring(_MethodSpec):
    """Methods with no parameters of their own (they use the indicator's fields or the data)."""

    method: Literal["minmax", "ratio", "zscore", "rank", "likert", "gap", "points"]


ScoringMethod = (
    LinearScoring
    | GoalpostScoring
    | PiecewiseScoring
    | BandScoring
    | RelativeScoring
    | SimpleScoring
)
ScoringSpec = Annotated[ScoringMethod, Field(discriminator="method")]


# --- weighting of a node's children ---------------------------------------------------------
class RIValuesSpec(_Spec):
    """A user's own random-index table: ``ri_table: {values: {3: 0.52, 4: 0.89, ...}}``."""

    values: Annotated[dict[Annotated[int, Field(ge=3)], PosFloat], Field(min_length=1)]


# a named table, "simulated" (Monte Carlo, ri_draws / ri_seed) or the user's own values
RITableChoice = RITableName | SimulatedRI | RIValuesSpec
TrimShare = Annotated[float, Field(ge=0, lt=0.5)]
Draws = Annotated[int, Field(ge=100, le=1_000_000)]


class AHPWeighting(_MethodSpec):
    """AHP at one node; every setting left out (None) is the run's (``weighting:``)."""

    method: Literal["ahp"]
    priority: PriorityName | None = None
    ri_table: RITableChoice | None = None
    ri_draws: Draws | None = None
    ri_seed: int | None = None
    cr_limit: Annotated[float, Field(gt=0, lt=1)] | None = None
    incomplete: IncompleteMethod = "none"
    # conventions of the group aggregation (qualindex.weighting.group.group_ahp)
    group: GroupRule | None = None
    aip_mean: AIPMean | None = None
    normalise: bool | None = None
    trim: TrimShare | None = None
    trim_rule: TrimRule | None = None
    censor_by: CensorBy | None = None
    # decision-maker weights at this node: expert id -> weight (overrides expert.weight)
    expert_weights: dict[str, PosFloat] | None = None


class BWMWeighting(_MethodSpec):
    """Best-Worst Method: Rezaei's nonlinear (2015) or linear (2016) model."""

    method: Literal["bwm"]
    model: BWMModel | None = None  # None: the run's weighting.bwm_model


class FuzzyAHPWeighting(_MethodSpec):
    method: Literal["fuzzy-ahp"]
    variant: FuzzyVariant = "buckley"


class DirectWeighting(_MethodSpec):
    method: Literal["direct"]
    weights: dict[str, Annotated[float, Field(ge=0)]]


class ImportanceWeighting(_MethodSpec):
    """Customer-importance weights: one survey importance column per child."""

    method: Literal["importance"]
    columns: dict[str, str]
    scale_min: float = 1.0
    scale_max: float = 5.0


class SimpleWeighting(_MethodSpec):
    method: Literal["equal", "points", "expert-scores"]


class ObjectiveWeighting(_MethodSpec):
    """Objective weights from data: entropy, CRITIC, cv (information), std, independence.

    ``input`` says what the weights are computed from: ``scores`` (the children's 0-100
    scores, every one "higher is better") or ``raw`` (the children's measured values with
    each indicator's direction; every child must be an indicator with direction higher or
    lower).  Left out (None) it is ``scores``, and the outputs say it was not chosen.
    """

    method: ObjectiveName
    input: MethodInput | None = None


class DematelWeighting(_MethodSpec):
    """DEMATEL: experts rate each child's direct influence on each other child (``dematel:``
    in their judgment files); weights are the normalised prominence D + R."""

    method: Literal["dematel"]
    normalisation: DematelNormalisationName = "max"
    # the impact-relation map's cut on T; None: the mean of T
    threshold: Annotated[float, Field(ge=0)] | None = None


class CombinationWeighting(_MethodSpec):
    """Subjective and objective weights combined: linear (alpha) or multiplicative."""

    method: Literal["combination"]
    subjective: SubjectiveName = "ahp"
    objective: ObjectiveName = "entropy"
    input: MethodInput | None = None  # what the objective part reads (None: scores)
    rule: CombinationRule = "linear"
    alpha: Share = 0.5
    weights: dict[str, Annotated[float, Field(ge=0)]] | None = None


WeightingMethod = (
    AHPWeighting
    | BWMWeighting
    | FuzzyAHPWeighting
    | DirectWeighting
    | ImportanceWeighting
    | CombinationWeighting
    | ObjectiveWeighting
    | DematelWeighting
    | SimpleWeighting
)
WeightingSpec = Annotated[WeightingMethod, Field(discriminator="method")]


class MissingSpec(_Spec):
    """What to do with missing values below a node (see README, 'Missing values')."""

    policy: MissingPolicy = "reweight"
    min_coverage: Share = 0.65


# --- alternatives: the bottom level of a decision model (issue 14) -------------------------
class AlternativeSpec(_Spec):
    """One alternative (方案): an id, its name, and optional attributes (shown, not used)."""

    id: str
    name: TextSpec | None = None
    description: TextSpec | None = None
    attributes: dict[str, str | float | bool] = {}


class PairwiseAssess(_MethodSpec):
    """Experts compare the alternatives pairwise under this leaf (judgment files'
    ``alternatives:`` section); settings left out are the run's, as for AHP nodes."""

    method: Literal["pairwise"]
    priority: PriorityName | None = None
    ri_table: RITableChoice | None = None
    cr_limit: Annotated[float, Field(gt=0, lt=1)] | None = None
    incomplete: IncompleteMethod = "none"
    group: GroupRule | None = None
    aip_mean: AIPMean | None = None
    expert_weights: dict[str, PosFloat] | None = None


class IntensitySpec(_Spec):
    """One intensity of a ratings scale (优/良/中/差); ``priority`` when given directly."""

    id: str
    name: TextSpec | None = None
    priority: PosFloat | None = None


class RatingsAssess(_MethodSpec):
    """Saaty's absolute measurement: intensities with priorities (given, or from ``pairwise``
    comparisons of the intensities), idealised to the best intensity = 1, and a rating
    (an intensity id) per alternative."""

    method: Literal["ratings"]
    intensities: Annotated[list[IntensitySpec], Field(min_length=2)]
    pairwise: list[tuple[str, str, float | str]] = []
    ratings: dict[str, str] = {}
    priority: PriorityName | None = None


class MeasuredAssess(_MethodSpec):
    """Measured values -> priorities: x/Σx (distributive synthesis) or x/max x (ideal),
    as the run's synthesis mode says; for ``direction: lower`` the reciprocals 1/x.
    Values inline or from the run's ``alternatives_data`` file (column ``column``,
    default the leaf's id)."""

    method: Literal["measured"]
    direction: Literal["higher", "lower"] = "higher"
    unit: str | None = None
    values: dict[str, float] | None = None
    column: str | None = None


class DirectAssess(_MethodSpec):
    """Priorities given directly: here (``priorities``) or per expert in judgment files
    (each normalised to sum 1; the experts' vectors averaged with their weights)."""

    method: Literal["direct"]
    priorities: dict[str, Annotated[float, Field(ge=0)]] | None = None


AssessMethod = PairwiseAssess | RatingsAssess | MeasuredAssess | DirectAssess
AssessSpec = Annotated[AssessMethod, Field(discriminator="method")]


class AlternativesDataSpec(_Spec):
    """A table of the alternatives' measured values: a row per alternative."""

    path: str
    id: str = "id"  # the column holding the alternative ids
    sheet: str | Annotated[int, Field(ge=1)] | None = None


# --- presets --------------------------------------------------------------------------------
class GradeBandSpec(_Spec):
    """A grade: every score >= ``min`` (and below the next band up) gets ``label``."""

    min: float
    label: TextSpec


class ScalePointSpec(_Spec):
    value: float
    label: TextSpec | None = None
    score: float


class ScaleSpec(_Spec):
    """A rating scale: the answer values, their labels, and the score each maps to."""

    name: TextSpec | None = None
    points: Annotated[list[ScalePointSpec], Field(min_length=2)]


class GradesPresetSpec(_Spec):
    name: TextSpec | None = None
    bands: Annotated[list[GradeBandSpec], Field(min_length=1)]


class PresetsSpec(_Spec):
    qualindex: Literal[1]
    grades: dict[str, GradesPresetSpec] = {}
    scales: dict[str, ScaleSpec] = {}
    saaty_labels: dict[Lang, dict[str, Annotated[int, Field(ge=1, le=9)]]] = {}


# --- the hierarchy --------------------------------------------------------------------------
class NodeSpec(_Spec):
    """One node: an aggregate (with ``children``) or an indicator (a leaf)."""

    id: str
    name: TextSpec
    description: TextSpec | None = None
    source: str | list[str] | None = None
    notes: str | None = None
    verified: bool = True
    # aggregate nodes
    children: list[NodeSpec] | None = None
    weighting: WeightingSpec | None = None
    aggregation: AggregationName | None = None
    missing: MissingSpec | None = None
    # indicators (leaves)
    kind: Kind | None = None
    unit: str | None = None
    direction: Direction | None = None
    target: float | None = None
    threshold: float | None = None
    baseline: float | None = None
    band: tuple[float, float] | None = None
    scoring: ScoringSpec | None = None
    scale: str | None = None
    reverse: bool = False
    points: PosFloat | None = None
    column: str | None = None
    expectation_column: str | None = None
    cycle: Cycle | None = None
    tags: list[str] = []
    # a leaf criterion of a decision model: how the alternatives are assessed under it
    assess: AssessSpec | None = None


class ExpertSpec(_Spec):
    id: str
    name: str | None = None
    title: str | None = None  # 职称, e.g. 主任医师: shown beside the name
    weight: PosFloat = 1.0
    authority: dict[Literal["basis", "familiarity"], Share] | None = None


class BWMSpec(_Spec):
    best: str
    worst: str
    best_to_others: dict[str, Annotated[float, Field(ge=1, le=9)]]
    others_to_worst: dict[str, Annotated[float, Field(ge=1, le=9)]]


PairSpec = tuple[str, str, float | str]


class JudgmentSpec(_Spec):
    """One expert's judgments: pairwise comparisons, importance scores, BWM vectors."""

    qualindex: Literal[1] | None = None
    expert: ExpertSpec
    index: str | None = None
    pairwise: dict[str, list[PairSpec]] = {}
    scores: dict[str, dict[str, float]] = {}
    bwm: dict[str, BWMSpec] = {}
    # DEMATEL direct influences: node -> child -> {other child: rating (e.g. 0-4)}
    dematel: dict[str, dict[str, dict[str, Annotated[float, Field(ge=0)]]]] = {}
    # under a leaf criterion: pairs of alternatives, or priorities {alternative: value}
    alternatives: dict[str, list[PairSpec] | dict[str, Annotated[float, Field(ge=0)]]] = {}


class IndexSpec(_Spec):
    """An index system (评价指标体系): the root node plus metadata and optional judgments."""

    qualindex: Literal[1]
    id: str
    version: str
    name: TextSpec
    description: TextSpec | None = None
    source: str | list[str] | None = None
    notes: str | None = None
    score_range: tuple[float, float] = (0.0, 100.0)
    grades: str | list[GradeBandSpec] | None = None
    scales: dict[str, ScaleSpec] = {}
    weighting: WeightingSpec | None = None
    aggregation: AggregationName | None = None
    missing: MissingSpec | None = None
    children: list[NodeSpec]
    judgments: list[JudgmentSpec] = []
    alternatives: list[AlternativeSpec] = []


# --- run configuration ----------------------------------------------------------------------
class WeightingRunSpec(_Spec):
    priority: PriorityName = "eigenvector"
    ri_table: RITableChoice = "saaty-1980"
    ri_draws: Draws = 10_000  # for ri_table: simulated
    ri_seed: int = 42
    cr_limit: Annotated[float, Field(gt=0, lt=1)] | Literal["auto"] = "auto"
    group: GroupRule = "aij"
    cr_policy: CRPolicy = "flag"
    # AIP conventions (group: aip), see qualindex.weighting.group
    aip_mean: AIPMean = "geometric"
    normalise: bool = True
    trim: TrimShare = 0.0
    trim_rule: TrimRule = "count"
    censor_by: CensorBy = "method"
    bwm_model: BWMModel = "nonlinear"
    # Kendall's W (qualindex experts): correct for tied ranks (Kendall & Smith 1939)
    tie_correction: bool = True
    # "cr": a CR over its limit (any expert's or the group's) makes commands exit 1
    fail_on: Literal["cr"] | None = None


class DataFileSpec(_Spec):
    """One input table: ``wide`` (a row per entity and period) or ``respondent`` (a row per
    survey answer sheet, averaged per entity and period)."""

    path: str
    layout: Literal["wide", "respondent"] = "wide"
    # how the file is read (qualindex.evaluate.io.ReadOptions); None = detect / as in data:
    sheet: str | Annotated[int, Field(ge=1)] | None = None  # a name, or 1 = the first sheet
    header_row: Annotated[int, Field(ge=1)] | None = None  # row of the column names
    header_rows: Annotated[int, Field(ge=1)] | None = None  # rows a merged header spans
    encoding: str | None = None  # utf-8, utf-8-sig, gb18030, gbk, utf-16 ...
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    decimal: Literal[".", ","] | None = None
    thousands: Literal[",", ".", " ", "'"] | None = None
    missing_values: list[str] | None = None  # cells read as "no value"

    @model_validator(mode="after")
    def _reading(self) -> DataFileSpec:
        DataRunSpec.check_reading(self.encoding, self.decimal, self.thousands)
        return self


class DataRunSpec(_Spec):
    """Where the measured values are and which columns identify an entity."""

    entity: str
    period: str | None = None
    group: list[str] = []
    files: Annotated[list[DataFileSpec], Field(min_length=1)]
    columns: dict[str, str] = {}
    # a column holding each entity's display name (医院名称), shown in every output
    label: str | None = None
    # reading settings for every file (a file's own setting wins), see DataFileSpec
    encoding: str | None = None
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    decimal: Literal[".", ","] | None = None
    thousands: Literal[",", ".", " ", "'"] | None = None
    missing_values: list[str] | None = None
    # the periods earliest first; without it period labels sort by their pattern
    periods: list[str | int] | None = None

    @model_validator(mode="after")
    def _reading(self) -> DataRunSpec:
        DataRunSpec.check_reading(self.encoding, self.decimal, self.thousands)
        return self

    @staticmethod
    def check_reading(encoding: str | None, decimal: str | None, thousands: str | None) -> None:
        """A known encoding; different decimal and thousands marks (also for DataFileSpec)."""
        import codecs

        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise ValueError(msg("schema.unknown_encoding", encoding=encoding)) from None
        if thousands is not None and thousands == decimal:
            raise ValueError(msg("schema.same_marks", mark=decimal))


class SurveyRunSpec(_Spec):
    """Rules for answer sheets: leave out those with too many blank items."""

    max_blank_share: Share = 1.0
    top_box: Annotated[int, Field(ge=1)] = 2
    # Cronbach's alpha with blank answers: listwise (SPSS) or pairwise covariances (R psych)
    alpha_missing: AlphaMissing = "listwise"


# --- other evaluation methods: evaluate.methods (issue 17) ---------------------------------
# Each entry names a method and its variant; every method runs within each period over the
# rows with complete inputs (see qualindex.evaluate.methods).


class GreyMethod(_MethodSpec):
    """Deng's grey relational grade (灰色关联度) to the ideal or to a given entity."""

    method: Literal["grey"]
    rho: Annotated[float, Field(gt=0, le=1)] = 0.5
    reference: GreyReferenceName = "ideal"
    entity: str | None = None  # the reference entity, with reference: entity
    input: MethodInput = "scores"
    weights: EvalWeights = "global"

    @model_validator(mode="after")
    def _entity_given(self) -> GreyMethod:
        if (self.reference == "entity") != (self.entity is not None):
            raise ValueError(msg("schema.grey_entity"))
        return self


class RSRMethod(_MethodSpec):
    """Rank-sum ratio (秩和比, 田凤调) with probit grading into 3-7 grades."""

    method: Literal["rsr"]
    ranking: RSRRankingName = "integer"
    grades: Annotated[int, Field(ge=3, le=7)] = 3
    input: MethodInput = "raw"
    weights: EvalWeights = "global"


class CouplingMethod(_MethodSpec):
    """Coupling coordination degree (耦合协调度) of level-1 dimensions as subsystems."""

    method: Literal["coupling"]
    systems: Annotated[tuple[str, ...], Field(min_length=2)]  # level-1 node ids
    formula: CouplingFormulaName = "standard"
    rescale: CouplingRescaleName = "none"
    weights: EvalWeights = "equal"  # alpha_i of T: equal, or the dimensions' own weights


class VikorMethod(_MethodSpec):
    """VIKOR compromise ranking (Opricovic & Tzeng 2004)."""

    method: Literal["vikor"]
    v: Share = 0.5
    input: MethodInput = "scores"
    weights: EvalWeights = "global"


class TopsisMethod(_MethodSpec):
    """TOPSIS with a chosen normalisation and input (scores, or raw values with directions)."""

    method: Literal["topsis"]
    normalisation: TopsisNormalisationName = "vector"
    input: MethodInput = "scores"
    weights: EvalWeights = "global"


class EntropyTopsisMethod(_MethodSpec):
    """Entropy weights of the data, then TOPSIS with those weights (熵权 TOPSIS)."""

    method: Literal["entropy-topsis"]
    entropy: TopsisEntropy = "sum"
    normalisation: TopsisNormalisationName = "vector"
    input: MethodInput = "raw"


class ObstacleMethod(_MethodSpec):
    """Obstacle degree (障碍度) of each indicator and dimension, from scores and global weights."""

    method: Literal["obstacle"]
    top: Annotated[int, Field(ge=1)] = 5


EvalMethod = (
    GreyMethod
    | RSRMethod
    | CouplingMethod
    | VikorMethod
    | TopsisMethod
    | EntropyTopsisMethod
    | ObstacleMethod
)
EvalMethodSpec = Annotated[EvalMethod, Field(discriminator="method")]


class EvaluateRunSpec(_Spec):
    aggregation: AggregationName = "weighted-mean"
    # given here, it applies at every node and overrides the index's own missing: rules
    missing: MissingSpec | None = None
    top: Annotated[int, Field(ge=1)] = 5
    survey: SurveyRunSpec = SurveyRunSpec()
    fce_operator: FCEOperator = "product-sum"
    methods: list[EvalMethodSpec] = []
    # memory: in this process; stream: in batches; auto: chosen by size; dask:
    # dask.dataframe on a LocalCluster or at scheduler:
    engine: EngineName = "auto"
    scheduler: str | None = None  # a Dask scheduler's address, tcp://host:8786 (engine: dask)


class ReportRunSpec(_Spec):
    lang: Lang = "zh"
    out: str = "out"
    font: str | None = None
    # IPA cuts: scale-centred (mean weight 1/k, the pass mark; Bacon 2003) or at the data's
    # means (Martilla & James 1977); the priority list puts "concentrate here" first either way
    ipa: Literal["scale", "data"] = "scale"
    # the report's cover: its title (default: the index's name), for whom, by whom, when
    title: str | None = None
    client: str | None = None
    author: str | None = None
    date: str | None = None
    # entity-period rows past which the report keeps each period's best and worst rows and
    # summarises the rest (null: every row; `report --all-rows`)
    max_rows: Annotated[int, Field(ge=2)] | None = 200


class ValueErrorSpec(_Spec):
    """Measurement error of one indicator (qualindex sensitivity --vary values): a standard
    deviation (normal errors) and/or the half-width of an interval around each value, in the
    indicator's unit (``units: value``, mapped through its scoring) or in score points."""

    sd: Annotated[float, Field(ge=0)] | None = None
    interval: Annotated[float, Field(ge=0)] | None = None  # the value lies in [x - h, x + h]
    units: Literal["value", "score"] = "value"  # the indicator's unit, or score points

    @model_validator(mode="after")
    def _given(self) -> ValueErrorSpec:
        if self.sd is None and self.interval is None:
            raise ValueError("give sd: (a standard deviation) or interval: (a half-width)")
        return self


class MethodChoicesSpec(_Spec):
    """The method choices that vary (qualindex sensitivity --vary methods), each option drawn
    with equal probability; the run's own choice is the reference."""

    normalisation: Annotated[list[SensitivityNormalisation], Field(min_length=1)] = [
        "own",
        "minmax",
        "rank",
    ]
    aggregation: Annotated[list[SensitivityAggregation], Field(min_length=1)] = [
        "weighted-mean",
        "geometric-mean",
    ]
    group: Annotated[list[GroupRule], Field(min_length=1)] = ["aij", "aip"]


class SensitivityRunSpec(_Spec):
    """Uncertain inputs of qualindex sensitivity: measurement errors per indicator id, and the
    alternative methods."""

    values: dict[str, ValueErrorSpec] = {}
    methods: MethodChoicesSpec = MethodChoicesSpec()


class PairwiseTableSpec(_Spec):
    """Survey-style pairwise answers: one row per respondent, one column (or two) per pair.

    Read by :func:`qualindex.hierarchy.pairwise_table.parse_pairwise_table` (see there for
    ``coding``, ``negative`` and the column names).  For ``coding: ab`` verbal values are
    read with the Saaty labels of ``configs/presets.yaml`` (同等重要, 明显重要, strong ...).
    """

    table: str
    coding: Literal["signed", "ab"] = "signed"
    negative: Literal["first", "second"] | None = None  # required for coding: signed
    id_column: str | None = None
    id_prefix: str = ""
    choice_suffix: str = ".choice"
    value_suffix: str = ".value"
    sheet: str | Annotated[int, Field(ge=1)] | None = None
    encoding: str | None = None
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    weight: PosFloat = 1.0  # every respondent's expert weight

    @model_validator(mode="after")
    def _negative(self) -> PairwiseTableSpec:
        if self.coding == "signed" and self.negative is None:
            raise ValueError(msg("schema.signed_needs_negative"))
        return self


def _judgment_kind(value: Any) -> str:
    return "table" if isinstance(value, dict | PairwiseTableSpec) else "glob"


# a judgment file glob, or a survey table (a mapping): each checked only as what it is
JudgmentEntry = Annotated[
    Annotated[str, Tag("glob")] | Annotated[PairwiseTableSpec, Tag("table")],
    Discriminator(_judgment_kind),
]


class RunConfigSpec(_Spec):
    qualindex: Literal[1]
    index: str
    # judgment files (globs) and survey-style pairwise tables
    judgments: list[JudgmentEntry] = []
    weighting: WeightingRunSpec = WeightingRunSpec()
    data: DataRunSpec | None = None
    evaluate: EvaluateRunSpec = EvaluateRunSpec()
    report: ReportRunSpec = ReportRunSpec()
    sensitivity: SensitivityRunSpec = SensitivityRunSpec()
    # a decision model's alternatives (instead of the index's) and their measured values
    alternatives: list[AlternativeSpec] = []
    alternatives_data: AlternativesDataSpec | None = None


def json_schema() -> dict[str, Any]:
    """JSON Schema of the index-system format (for editors' YAML autocompletion)."""
    schema = IndexSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "qualindex index system"
    return schema
