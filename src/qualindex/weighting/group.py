"""Group AHP: aggregate the judgments (AIJ) or priorities (AIP) of several experts.

AIJ (aggregation of individual judgments) builds one group matrix from the element-wise weighted
geometric mean of the experts' matrices,

.. math:: a^G_{ij} = \\exp\\Big(\\sum_{k \\in K_{ij}} \\beta_k \\ln a^{(k)}_{ij} \\Big/
          \\sum_{k \\in K_{ij}} \\beta_k\\Big),

where :math:`K_{ij}` are the experts who judged pair ``(i, j)`` (a NaN judgment is skipped) and
:math:`\\beta_k` the expert weights.  The geometric mean is the only mean that keeps the group
matrix reciprocal (Aczél & Saaty 1983).  A pair nobody judged is filled by the lambda-optimal
completion (:func:`~qualindex.weighting.incomplete.lambda_optimal`).  AIP (aggregation of
individual priorities) averages the experts' priority vectors, geometrically (default) or
arithmetically, and normalises (Forman & Peniwati 1998).

Conventions of published sources, selectable by keyword and named in the result:

* ``aip_mean="arithmetic"`` with ``normalise=False`` is ahpsurvey's ``ahp.aggpref`` (Cho 2019):
  the plain mean of the individual vectors, not renormalised (for the geometric mean the sum is
  then below 1, as in ahpsurvey's printed ``AggPref``).
* ``trim`` is the share cut from each end per item before averaging (a trimmed mean).
  ``trim_rule="count"`` drops the :math:`\\lfloor trim \\cdot K \\rfloor` smallest and largest
  values (the usual trimmed mean, ``scipy.stats.trim_mean``); ``trim_rule="quantile"``
  keeps the values strictly between the type-7 quantiles ``trim`` and ``1 - trim``, as ahpsurvey's
  ``tmean``/``tgmean`` do (note that this drops the extremes even at ``trim = 0``, so ``trim = 0``
  means no trimming under either rule here).  The quantiles are unweighted; expert weights
  apply to the values kept.
* ``censor_by="eigenvector"`` judges every expert by the eigenvector CR whatever the priority
  method, as ahpsurvey's ``censorcr`` does (its ``ahp.cr`` always uses the eigenvalue);
  ``"method"`` uses the CR of the priority method.
* ``expert_weights`` are decision-maker weights (Forman & Peniwati 1998).

Experts whose own CR exceeds the limit are handled by ``cr_policy``: ``"include"`` uses them,
``"exclude"`` drops them (listed in ``excluded``), ``"flag"`` uses them but lists them in
``flagged`` so the caller can warn.  An expert with missing judgments is judged on the
lambda-optimal completion of their matrix.

Consensus is Goepel's AHP consensus indicator :math:`S^*` computed from the priority vectors of
the experts used (unweighted, as in AHP-OS), with Shannon entropies of the individual vectors
(alpha) and of their arithmetic mean (gamma):

.. math::

    H_\\alpha = \\frac{1}{K}\\sum_k \\Big(-\\sum_i p_{ki} \\ln p_{ki}\\Big), \\quad
    H_\\gamma = -\\sum_i \\bar p_i \\ln \\bar p_i, \\quad D_\\beta = e^{H_\\gamma - H_\\alpha},

    S^* = \\frac{1/D_\\beta - D_{\\alpha,min}/D_{\\gamma,max}}{1 - D_{\\alpha,min}/D_{\\gamma,max}},
    \\quad D_{\\gamma,max} = n, \\quad
    D_{\\alpha,min} = \\exp\\Big(-\\tfrac{M}{n+M-1}\\ln\\tfrac{M}{n+M-1}
                       - \\tfrac{n-1}{n+M-1}\\ln\\tfrac{1}{n+M-1}\\Big),

with ``M = 9`` the top of Saaty's scale: :math:`D_{\\alpha,min}` is the diversity of the most
extreme vector the scale allows (one item ``M`` times every other) and :math:`D_{\\gamma,max} = n`
that of a uniform group mean.  ``S* = 1`` when all experts agree; ``S* = 0`` when ``n`` experts
each put a different item ``M`` times above the rest.

``dispersion[i, j]`` is the geometric standard deviation of :math:`a_{ij}` over the experts used
who judged the pair, :math:`\\exp(\\mathrm{sd}(\\ln a_{ij}))` with the sample (``k - 1``) standard
deviation as in AHP-OS; 1 means full agreement, NaN means fewer than two judgments.

References
----------
Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *J. Math.
Psychology* 27, 93-102.
Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
analytic hierarchy process. *EJOR* 108, 165-169.
Barzilai, J. & Golany, B. (1994). AHP rank reversal, normalization and aggregation rules.
*INFOR* 32(2), 57-64.
Goepel, K. D. (2013). Implementing the analytic hierarchy process as a standard method for
multi-criteria decision making in corporate enterprises - a new AHP Excel template with multiple
inputs. *Proc. ISAHP 2013*, Kuala Lumpur; and Goepel (2018), *IJAHP* 10(3), 469-487 (AHP-OS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import AIPMean, CensorBy, CRPolicy, TrimRule  # the one declaration
from qualindex.choices import GroupRule as Aggregation
from qualindex.core import freeze
from qualindex.errors import InputError
from qualindex.weighting.ahp import check_method, check_stack, solve_batch
from qualindex.weighting.incomplete import lambda_optimal
from qualindex.weighting.ri import check_ri_table, default_cr_limit

__all__ = [
    "AGGREGATIONS",
    "AIP_MEANS",
    "CENSOR_BY",
    "CR_POLICIES",
    "TRIM_RULES",
    "GroupResult",
    "ahp_consensus",
    "aij_matrix",
    "group_ahp",
]

AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)
CR_POLICIES: tuple[str, ...] = get_args(CRPolicy)
AIP_MEANS: tuple[str, ...] = get_args(AIPMean)
CENSOR_BY: tuple[str, ...] = get_args(CensorBy)
TRIM_RULES: tuple[str, ...] = get_args(TrimRule)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class GroupResult:
    """Group priorities of ``k`` experts over ``n`` items.

    Attributes
    ----------
    weights : ndarray (n,)
        Group priority vector (sums to 1 unless ``normalise`` is False for AIP).
    aggregation, method, ri_table, cr_policy : str
        How the result was computed.
    group_matrix : ndarray (n, n) or None
        AIJ group matrix (completed if some pair was judged by nobody); None for AIP.
    group_cr : float or None
        CR of the group matrix (AIJ); None for AIP.
    expert_priorities : ndarray (k, n)
        Each expert's own priority vector.
    expert_cr : ndarray (k,)
        Each expert's CR; ``expert_pass`` is ``expert_cr <= cr_limit``.
    used : ndarray (k,) of bool
        Experts that entered the aggregation; ``expert_weights`` are their normalised weights
        (0 for experts not used).
    flagged, excluded : tuple of int
        Experts failing the CR limit that were kept (policy ``"flag"``) or dropped (``"exclude"``).
    consensus : float or None
        Goepel's AHP consensus :math:`S^*` of the experts used; None with fewer than two.
    dispersion : ndarray (n, n)
        Geometric standard deviation of each judgment across the experts used.
    cr_limit, cr_policy, method, ri_table
        The settings used.
    aip_mean, normalise, trim, trim_rule : str, bool, float, str
        AIP conventions (recorded for AIJ too, where they do not apply).
    censor_by : {"method", "eigenvector"}
        Which CR decided ``expert_pass``; ``censor_cr (k,)`` holds that CR.
    priority_sd : ndarray (n,)
        Sample standard deviation (``ddof = 1``) of the used experts' priorities per item
        (ahpsurvey's ``SD.AggPref``); NaN with fewer than two experts.
    """

    weights: FloatArray
    aggregation: str
    group_matrix: FloatArray | None
    group_cr: float | None
    expert_priorities: FloatArray
    expert_cr: FloatArray
    expert_pass: BoolArray
    used: BoolArray
    expert_weights: FloatArray
    flagged: tuple[int, ...]
    excluded: tuple[int, ...]
    consensus: float | None
    dispersion: FloatArray
    cr_limit: float
    cr_policy: str
    method: str
    ri_table: str
    aip_mean: str = "geometric"
    normalise: bool = True
    trim: float = 0.0
    trim_rule: str = "count"
    censor_by: str = "method"
    censor_cr: FloatArray | None = None
    priority_sd: FloatArray | None = None

    def __post_init__(self) -> None:
        if self.censor_cr is None:
            object.__setattr__(self, "censor_cr", self.expert_cr)
        if self.priority_sd is None:
            object.__setattr__(self, "priority_sd", np.full(self.weights.shape, np.nan))
        for name in ("weights", "expert_priorities", "expert_cr", "expert_weights", "dispersion",
                     "censor_cr", "priority_sd"):  # fmt: skip
            object.__setattr__(self, name, freeze(getattr(self, name)))
        for name in ("expert_pass", "used"):
            arr = np.array(getattr(self, name), dtype=bool)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if self.group_matrix is not None:
            object.__setattr__(self, "group_matrix", freeze(self.group_matrix))


# --------------------------------------------------------------------------- pieces


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise InputError(f"{what} {value!r} is not supported; use one of {listed}")
    return value


def _expert_weights(expert_weights: ArrayLike | None, k: int) -> FloatArray:
    if expert_weights is None:
        return np.full(k, 1.0 / k)
    w = np.asarray(expert_weights, dtype=np.float64)
    if w.shape != (k,):
        raise InputError(f"expert_weights has shape {w.shape}; give one weight per expert ({k})")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        e = int(np.flatnonzero(bad)[0])
        raise InputError(f"expert_weights[{e}] = {w[e]} must be a finite number >= 0")
    if w.sum() <= 0:
        raise InputError("expert_weights sum to 0; give at least one expert a positive weight")
    return w / w.sum()


def _individual(
    a: FloatArray, method: str, ri_table: str, censor_by: str = "method"
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Priorities (k, n), CR (k,) and censoring CR (k,) of every expert.

    Gaps use the lambda-optimal completion.
    """
    complete = ~np.isnan(a).any(axis=(1, 2))
    full = a if complete.all() else a.copy()  # solve_batch only reads it
    for e in np.flatnonzero(~complete):
        try:
            full[e] = lambda_optimal(a[e], ri_table=ri_table).matrix
        except InputError as exc:
            raise InputError(f"expert {e}: {exc}") from None
    res = solve_batch(full, method, ri_table)
    cr = np.array(res.cr)
    if censor_by == "eigenvector" and method != "eigenvector":
        return np.array(res.weights), cr, np.array(solve_batch(full, "eigenvector", ri_table).cr)
    return np.array(res.weights), cr, cr


def aij_matrix(stack: ArrayLike, *, expert_weights: ArrayLike | None = None) -> FloatArray:
    """Element-wise weighted geometric mean of the experts' matrices (AIJ), NaN-aware.

    .. math:: a^G_{ij} = \\exp\\Big(\\sum_{k \\in K_{ij}} \\beta_k \\ln a^{(k)}_{ij}
              \\Big/ \\sum_{k \\in K_{ij}} \\beta_k\\Big)

    Parameters
    ----------
    stack : array_like, shape (k, n, n)
        One reciprocal matrix per expert, NaN (both sides) for skipped judgments.
    expert_weights : array_like, shape (k,), optional
        Non-negative weights :math:`\\beta_k`; default equal.

    Returns
    -------
    ndarray, shape (n, n)
        The group matrix; a pair judged by nobody stays NaN.

    References
    ----------
    Aczél & Saaty (1983); Forman & Peniwati (1998).
    """
    a = check_stack(stack, allow_missing=True)
    return _aij(np.log(a), _expert_weights(expert_weights, a.shape[0]))


def _aij(logs: FloatArray, beta: FloatArray) -> FloatArray:
    given = ~np.isnan(logs)
    if given.all():
        return np.exp(np.tensordot(beta, logs, axes=1) / beta.sum())
    num = np.tensordot(beta, np.where(given, logs, 0.0), axes=1)
    den = np.tensordot(beta, given.astype(np.float64), axes=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.exp(num / den)
    out[den == 0] = np.nan
    return out


def _aip(priorities: FloatArray, beta: FloatArray, conv: _AIP) -> FloatArray:
    keep = _trim_mask(priorities, conv.trim, conv.trim_rule)
    b = beta[:, np.newaxis] * keep
    den = b.sum(axis=0)
    if np.any(den <= 0):
        j = int(np.flatnonzero(den <= 0)[0])
        raise InputError(
            f"trim = {conv.trim:g} ({conv.trim_rule!r}) leaves no weighted expert for item {j}; "
            "use a smaller trim"
        )
    if conv.mean == "geometric":
        g = np.exp((b * np.log(priorities)).sum(axis=0) / den)
    else:
        g = (b * priorities).sum(axis=0) / den
    return g / g.sum() if conv.normalise else g


def _trim_mask(p: FloatArray, trim: float, rule: str) -> NDArray[np.bool_]:
    """Which experts' values enter each item's mean (``(k, n)`` booleans)."""
    k = p.shape[0]
    if trim == 0:
        return np.ones_like(p, dtype=bool)
    if rule == "quantile":
        lo = np.quantile(p, trim, axis=0)  # numpy's default is R's type 7
        hi = np.quantile(p, 1.0 - trim, axis=0)
        return (p > lo) & (p < hi)
    cut = int(np.floor(trim * k))
    ranks = np.argsort(np.argsort(p, axis=0, kind="stable"), axis=0, kind="stable")
    return (ranks >= cut) & (ranks < k - cut)


@dataclass(frozen=True, slots=True)
class _AIP:
    mean: str
    normalise: bool
    trim: float
    trim_rule: str


def _dispersion(logs: FloatArray) -> FloatArray:
    if logs.shape[0] >= 2 and not np.isnan(logs).any():  # complete: the same sums, no masks
        return np.asarray(np.exp(logs.std(axis=0, ddof=1)))
    given = ~np.isnan(logs)
    count = given.sum(axis=0)
    x = np.where(given, logs, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = x.sum(axis=0) / count
        ss = (np.where(given, logs - mean, 0.0) ** 2).sum(axis=0)
        sd = np.sqrt(ss / (count - 1))
    out = np.exp(sd)
    out[count < 2] = np.nan
    return out


def ahp_consensus(priorities: ArrayLike, *, scale_max: float = 9.0) -> float:
    """Goepel's AHP consensus indicator :math:`S^*` of ``k >= 2`` priority vectors.

    .. math:: S^* = \\frac{1/D_\\beta - D_{\\alpha,min}/n}{1 - D_{\\alpha,min}/n}

    See the module docstring for :math:`D_\\beta` and :math:`D_{\\alpha,min}`.  ``priorities``
    has shape ``(k, n)``; each row is a positive vector (normalised here).  ``scale_max`` is the
    largest judgment of the scale (9 for Saaty's).

    References
    ----------
    Goepel (2013), Proc. ISAHP 2013; AHP-OS ``AhpGroup::getConsensus`` (Goepel 2018).
    """
    p = np.asarray(priorities, dtype=np.float64)
    if p.ndim != 2 or p.shape[0] < 2 or p.shape[1] < 1:
        raise InputError(
            f"priorities has shape {p.shape}; give (k, n) priority vectors of k >= 2 experts"
        )
    if not np.all(np.isfinite(p)) or np.any(p <= 0):
        raise InputError("priorities must be finite and > 0 (one normalised vector per expert)")
    if not np.isfinite(scale_max) or scale_max <= 1:
        raise InputError(f"scale_max = {scale_max!r} must be > 1 (9 for Saaty's scale)")
    n = p.shape[1]
    if n == 1:
        return 1.0
    p = p / p.sum(axis=1, keepdims=True)
    h_alpha = float(np.mean(-(p * np.log(p)).sum(axis=1)))
    pbar = p.mean(axis=0)
    h_gamma = float(-(pbar * np.log(pbar)).sum())
    t = n + scale_max - 1.0
    h_alpha_min = -(scale_max / t) * np.log(scale_max / t) - (n - 1) / t * np.log(1.0 / t)
    floor = float(np.exp(h_alpha_min)) / n  # D_alpha,min / D_gamma,max
    return (float(np.exp(h_alpha - h_gamma)) - floor) / (1.0 - floor)


def _used(passed: BoolArray, policy: str) -> tuple[BoolArray, tuple[int, ...], tuple[int, ...]]:
    failing = tuple(int(e) for e in np.flatnonzero(~passed))
    if policy == "exclude":
        if len(failing) == passed.size:
            raise InputError(
                "every expert fails the CR limit, so cr_policy='exclude' leaves nobody; "
                "repair the matrices (qualindex.weighting.diagnose.repair_batch) or use "
                "cr_policy='flag'"
            )
        return passed.copy(), (), failing
    flagged = failing if policy == "flag" else ()
    return np.ones_like(passed), flagged, ()


def group_ahp(
    stack: ArrayLike,
    *,
    expert_weights: ArrayLike | None = None,
    aggregation: str = "aij",
    cr_policy: str = "include",
    method: str = "eigenvector",
    ri_table: str = "saaty-1980",
    cr_limit: float | None = None,
    aip_mean: str = "geometric",
    normalise: bool = True,
    trim: float = 0.0,
    trim_rule: str = "count",
    censor_by: str = "method",
) -> GroupResult:
    """Group priorities of ``k`` experts' ``(n, n)`` matrices by AIJ or AIP.

    .. math:: \\text{AIJ: } w = \\mathrm{prio}(A^G), \\qquad
              \\text{AIP: } w \\propto \\prod_k (w^{(k)})^{\\beta_k}
              \\ \\text{or}\\ \\sum_k \\beta_k w^{(k)}

    Parameters
    ----------
    stack : array_like, shape (k, n, n)
        One reciprocal matrix per expert; NaN (both sides) marks a judgment the expert skipped.
    expert_weights : array_like, shape (k,), optional
        Non-negative expert weights :math:`\\beta_k` (normalised over the experts used);
        default equal.
    aggregation : {"aij", "aip"}
        Aggregate judgments (geometric mean matrix) or priorities.
    cr_policy : {"include", "exclude", "flag"}
        What to do with experts whose CR exceeds ``cr_limit`` (see the module docstring).
    method, ri_table : str
        Priority method and RI table for every matrix.
    cr_limit : float, optional
        Default :func:`~qualindex.weighting.ri.default_cr_limit` for ``n``.
    aip_mean : {"geometric", "arithmetic"}
        Mean of the priority vectors for AIP.
    normalise : bool
        Rescale the AIP mean to sum 1 (False: ahpsurvey's ``aggpref``, as computed).
    trim : float
        Share in [0, 0.5) trimmed from each end per item for AIP (0: no trimming).
    trim_rule : {"count", "quantile"}
        How ``trim`` is applied (see the module docstring; "quantile" is ahpsurvey's).
    censor_by : {"method", "eigenvector"}
        The CR that decides whether an expert passes ``cr_limit``.

    Returns
    -------
    GroupResult

    References
    ----------
    Forman & Peniwati (1998), EJOR 108; Aczél & Saaty (1983); Goepel (2013, 2018);
    Cho (2019), ahpsurvey ``ahp.aggpref`` and ``ahp`` (``censorcr``).
    """
    check_method(method)
    check_ri_table(ri_table)
    _choice(aggregation, AGGREGATIONS, "aggregation")
    _choice(cr_policy, CR_POLICIES, "cr_policy")
    conv = _aip_conventions(aip_mean, normalise, trim, trim_rule)
    _choice(censor_by, CENSOR_BY, "censor_by")
    a = check_stack(stack, allow_missing=True)
    k, n = a.shape[0], a.shape[-1]
    beta_all = _expert_weights(expert_weights, k)
    limit = default_cr_limit(n) if cr_limit is None else _limit(cr_limit)
    priorities, cr, censor_cr = _individual(a, method, ri_table, censor_by)
    passed = censor_cr <= limit
    used, flagged, excluded = _used(passed, cr_policy)
    beta = np.where(used, beta_all, 0.0)
    if beta.sum() <= 0:
        raise InputError("the experts used all have weight 0; give one of them a positive weight")
    beta = beta / beta.sum()
    logs = np.log(a if used.all() else a[used])
    weights, gmat, gcr = _aggregate(
        logs, priorities, beta, used, aggregation, conv, method, ri_table
    )
    consensus = ahp_consensus(priorities[used]) if used.sum() >= 2 else None
    sd = priorities[used].std(axis=0, ddof=1) if used.sum() >= 2 else np.full(n, np.nan)
    return GroupResult(
        weights, aggregation, gmat, gcr, priorities, cr, passed, used, beta, flagged, excluded,
        consensus, _dispersion(logs), limit, cr_policy, method, ri_table, conv.mean,
        conv.normalise, conv.trim, conv.trim_rule, censor_by, censor_cr, sd,
    )  # fmt: skip


def _aip_conventions(mean: str, normalise: bool, trim: float, rule: str) -> _AIP:
    _choice(mean, AIP_MEANS, "aip_mean")
    _choice(rule, TRIM_RULES, "trim_rule")
    if not isinstance(normalise, bool):
        raise InputError(f"normalise = {normalise!r} must be True or False")
    t = float(trim)
    if not (0.0 <= t < 0.5):
        raise InputError(
            f"trim = {trim!r} must be a share in [0, 0.5) cut from each end (e.g. 0.1)"
        )
    return _AIP(mean, normalise, t, rule)


def _limit(cr_limit: float) -> float:
    limit = float(cr_limit)
    if not np.isfinite(limit) or limit < 0:
        raise InputError(f"cr_limit = {cr_limit!r} must be a finite number >= 0 (e.g. 0.1)")
    return limit


def _aggregate(
    logs: FloatArray,
    priorities: FloatArray,
    beta: FloatArray,
    used: BoolArray,
    aggregation: str,
    conv: _AIP,
    method: str,
    ri_table: str,
) -> tuple[FloatArray, FloatArray | None, float | None]:
    if aggregation == "aip":
        return _aip(priorities[used], beta[used], conv), None, None
    gmat = _aij(logs, beta[used])
    if np.isnan(gmat).any():
        gmat = np.array(lambda_optimal(gmat, ri_table=ri_table).matrix)
    res = solve_batch(gmat[np.newaxis], method, ri_table)[0]
    return np.array(res.weights), gmat, res.cr
