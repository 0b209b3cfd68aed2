"""Expert scoring (专家打分法), Delphi statistics and survey importance weights (pure numpy).

Score matrices are ``m`` experts (rows) by ``n`` items or indicators (columns).

* :func:`expert_score_weights` -- weights from the (optionally expert-weighted) mean importance
  score of each item.
* :func:`delphi_stats` -- the per-indicator statistics reported after a Delphi round: mean,
  sample standard deviation, coefficient of variation, full-score frequency, and Kendall's W.
* :func:`kendall_w` -- Kendall's coefficient of concordance with the tie correction and its
  chi-square test.
* :func:`authority` -- the expert authority coefficient :math:`C_r = (C_a + C_s)/2` with the usual
  lookup tables :data:`CA_TABLE` / :data:`CS_TABLE` and the customary acceptance
  :data:`AUTHORITY_THRESHOLD` = 0.7.
* :func:`importance_weights` -- customer-importance weights from survey importance ratings,
  skipping unanswered (NaN) cells.

References
----------
Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings. *Annals of Mathematical
Statistics* 10(3), 275-287.
Siegel, S. & Castellan, N. J. (1988). *Nonparametric Statistics for the Behavioral Sciences*,
2nd ed., McGraw-Hill, ch. 9 (W with the tie correction and its chi-square approximation;
section and equation numbers not checked here).
NAG Library, routine G08DAF (Kendall's coefficient of concordance), example program results.
SPSSAU Delphi method help page, https://www.spssau.net/helps/delphi.html (mean, SD with n - 1,
CV, full-score frequency against the maximum observed score).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError

__all__ = [
    "AUTHORITY_THRESHOLD",
    "CA_TABLE",
    "CA_TABLE_FLAT",
    "CS_TABLE",
    "DelphiStats",
    "ImportanceWeights",
    "KendallResult",
    "authority",
    "chi2_sf",
    "delphi_stats",
    "expert_score_weights",
    "importance_weights",
    "judgment_coefficient",
    "kendall_w",
]

FloatArray = NDArray[np.float64]

#: Judgment-basis coefficient :math:`C_a` (判断依据): contribution of each basis of an expert's
#: judgement by its degree of influence (high / medium / low).  The four contributions of one
#: expert are summed, so :math:`C_a \\le 1`.  This is the most common version in Chinese Delphi
#: studies (实践经验 0.5/0.4/0.3, 理论分析 0.3/0.2/0.1, 国内外文献 0.1/0.1/0.05,
#: 直觉 0.1/0.1/0.05).
CA_TABLE: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "practice": MappingProxyType({"high": 0.5, "medium": 0.4, "low": 0.3}),
        "theory": MappingProxyType({"high": 0.3, "medium": 0.2, "low": 0.1}),
        "literature": MappingProxyType({"high": 0.1, "medium": 0.1, "low": 0.05}),
        "intuition": MappingProxyType({"high": 0.1, "medium": 0.1, "low": 0.05}),
    }
)

#: Variant of :data:`CA_TABLE` that scores literature/peers and intuition 0.1 at every level; it is
#: the table behind the worked Ca of the BMJ Open Delphi study cited in the tests (Table 4).
CA_TABLE_FLAT: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "practice": CA_TABLE["practice"],
        "theory": CA_TABLE["theory"],
        "literature": MappingProxyType({"high": 0.1, "medium": 0.1, "low": 0.1}),
        "intuition": MappingProxyType({"high": 0.1, "medium": 0.1, "low": 0.1}),
    }
)

#: Familiarity coefficient :math:`C_s` (熟悉程度): 很熟悉 1.0, 熟悉 0.8, 一般 0.6, 不太熟悉 0.4,
#: 不熟悉 0.2.
CS_TABLE: Mapping[str, float] = MappingProxyType(
    {
        "very_familiar": 1.0,
        "familiar": 0.8,
        "moderately_familiar": 0.6,
        "slightly_familiar": 0.4,
        "unfamiliar": 0.2,
    }
)

#: Customary acceptance: an expert (or panel) is considered authoritative when :math:`C_r \\ge 0.7`.
AUTHORITY_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class KendallResult:
    """Kendall's coefficient of concordance and its chi-square test.

    Attributes
    ----------
    w : float
        :math:`W \\in [0, 1]`, tie-corrected unless ``tie_corrected`` is False.
    chi2 : float
        :math:`\\chi^2 = m (n - 1) W`.
    df : int
        Degrees of freedom ``n - 1``.
    p_value : float
        Upper-tail chi-square probability (reliable for ``n > 7``; Siegel & Castellan 1988 give
        exact tables for small ``n``).
    rank_sums : ndarray, shape (n,)
        :math:`R_j`, the sum over experts of the within-expert ranks of item ``j``.
    s : float
        :math:`S = \\sum_j (R_j - \\bar R)^2`.
    tie_correction : float
        :math:`\\sum_i T_i` with :math:`T_i = \\sum (t^3 - t)` over the tie groups of expert ``i``.
    m, n : int
        Number of experts and items.
    tie_corrected : bool
        Whether the denominator subtracts :math:`m \\sum_i T_i` (``tie_correction``).
    """

    w: float
    chi2: float
    df: int
    p_value: float
    rank_sums: FloatArray
    s: float
    tie_correction: float
    m: int
    n: int
    tie_corrected: bool = True

    def __post_init__(self) -> None:
        self.rank_sums.setflags(write=False)


@dataclass(frozen=True, slots=True)
class DelphiStats:
    """Per-indicator statistics of one Delphi round.

    Attributes
    ----------
    mean, sd, cv : ndarray, shape (n,)
        Mean score, sample standard deviation (``ddof=1``) and coefficient of variation
        ``sd / mean``.
    full_score_frequency : ndarray, shape (n,)
        Share of experts who gave the indicator the full score.
    full_score : float
        The score counted as "full".
    kendall : KendallResult or None
        Kendall's W over all indicators; ``None`` when it is undefined (a single indicator, or
        every expert gave every indicator the same score).
    """

    mean: FloatArray
    sd: FloatArray
    cv: FloatArray
    full_score_frequency: FloatArray
    full_score: float
    kendall: KendallResult | None

    def __post_init__(self) -> None:
        for arr in (self.mean, self.sd, self.cv, self.full_score_frequency):
            arr.setflags(write=False)


@dataclass(frozen=True, slots=True)
class ImportanceWeights:
    """Survey importance weights.

    Attributes
    ----------
    weights : ndarray, shape (n,)
        Mean rating of each item divided by the sum of the means.
    mean : ndarray, shape (n,)
        Mean rating over the respondents who answered the item.
    n_answers : ndarray of int, shape (n,)
        Number of non-missing answers per item.
    """

    weights: FloatArray
    mean: FloatArray
    n_answers: NDArray[np.int64]

    def __post_init__(self) -> None:
        for arr in (self.weights, self.mean, self.n_answers):
            arr.setflags(write=False)


def _score_matrix(scores: ArrayLike, name: str, *, allow_nan: bool = False) -> FloatArray:
    try:
        arr = np.array(scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a numeric matrix; conversion failed: {exc}") from None
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise InputError(
            f"{name} has shape {arr.shape}; expected a 2-D matrix of raters (rows) by items "
            "(columns)"
        )
    bad = ~np.isfinite(arr) & ~(allow_nan & np.isnan(arr))
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        hint = "" if allow_nan else "; drop the rater or impute the value"
        raise InputError(f"{name}[{i}, {j}] = {arr[i, j]} is not finite{hint}")
    neg = np.argwhere(arr < 0)
    if neg.size:
        i, j = (int(v) for v in neg[0])
        raise InputError(
            f"{name}[{i}, {j}] = {arr[i, j]:g} is negative; importance scores must be >= 0 "
            "(shift a bipolar scale such as -2..2 to 1..5)"
        )
    return arr


def _require(count: int, minimum: int, what: str, purpose: str) -> None:
    if count < minimum:
        raise InputError(f"{purpose} needs at least {minimum} {what}; got {count}")


def expert_score_weights(
    scores: ArrayLike, *, expert_weights: ArrayLike | None = None
) -> FloatArray:
    """Weights from expert importance scores (专家打分法).

    .. math::

        \\bar s_j = \\frac{\\sum_i \\lambda_i s_{ij}}{\\sum_i \\lambda_i}, \\qquad
        w_j = \\frac{\\bar s_j}{\\sum_k \\bar s_k},

    where :math:`s_{ij} \\ge 0` is the importance expert ``i`` gives item ``j`` (a 1-5 or 1-10
    rating, or a 100-point allocation) and :math:`\\lambda_i` the expert's weight (equal by
    default; the authority coefficient :math:`C_r` is a common choice).  The scale does not matter
    because the mean scores are normalised.

    Parameters
    ----------
    scores : array_like, shape (m, n)
        Non-negative scores, experts by items; no missing values.
    expert_weights : array_like, shape (m,), optional
        Non-negative weights of the experts (normalised internally).

    Returns
    -------
    ndarray, shape (n,)
        Item weights summing to 1.
    """
    arr = _score_matrix(scores, "scores")
    lam = np.ones(arr.shape[0]) if expert_weights is None else _expert_weights(expert_weights, arr)
    mean = lam @ arr / lam.sum()
    total = float(mean.sum())
    if total <= 0.0:
        raise InputError("every item has mean score 0, so no weights can be derived")
    return mean / total


def _expert_weights(expert_weights: ArrayLike, scores: FloatArray) -> FloatArray:
    lam = np.asarray(expert_weights, dtype=np.float64).reshape(-1)
    if lam.size != scores.shape[0]:
        raise InputError(
            f"expert_weights has {lam.size} entries but scores has {scores.shape[0]} experts "
            "(rows); give one weight per expert"
        )
    bad = np.flatnonzero(~np.isfinite(lam) | (lam < 0))
    if bad.size:
        i = int(bad[0])
        raise InputError(f"expert_weights[{i}] = {lam[i]} must be a finite number >= 0")
    if lam.sum() <= 0:
        raise InputError("expert_weights sum to 0; at least one expert needs a positive weight")
    return lam


def _rank_rows(arr: FloatArray) -> FloatArray:
    """Average ranks (1-based, ties share the mean of their places) within each row: the
    arithmetic of ``scipy.stats.rankdata(arr, method="average", axis=1)``, whose import
    costs a report more than a second of CPU; ``arr`` is finite (checked by the caller)."""
    m, n = arr.shape
    order = np.argsort(arr, axis=1, kind="mergesort")
    ordered = np.take_along_axis(arr, order, axis=1)
    ranks = np.empty((m, n), dtype=np.float64)
    for i in range(m):
        row = ordered[i]
        starts = np.concatenate(([True], row[1:] != row[:-1]))
        dense = np.cumsum(starts)  # 1-based tie group of each sorted place
        count = np.concatenate((np.flatnonzero(starts), [n]))
        ranks[i, order[i]] = 0.5 * (count[dense] + count[dense - 1] + 1)
    return ranks


def _tie_sum(row: FloatArray) -> float:
    _, counts = np.unique(row, return_counts=True)
    return float(np.sum(counts.astype(np.float64) ** 3 - counts))


def kendall_w(scores: ArrayLike, *, tie_correction: bool = True) -> KendallResult:
    """Kendall's coefficient of concordance W, with or without the correction for ties.

    Each expert's scores are ranked within the expert (average ranks for ties; ranking by
    ascending score, which gives the same W as descending).  With :math:`R_j` the rank sum of
    item ``j``,

    .. math::

        S = \\sum_{j=1}^n \\left(R_j - \\frac{m (n + 1)}{2}\\right)^2, \\qquad
        W = \\frac{12 S}{m^2 (n^3 - n) - m \\sum_i T_i}, \\qquad
        T_i = \\sum_{\\text{tie groups}} (t^3 - t),

    and the large-sample test :math:`\\chi^2 = m (n - 1) W` with ``n - 1`` degrees of freedom
    (p-value from :func:`chi2_sf`).  Without ties the correction vanishes and ``W`` is
    Kendall & Babington Smith's original statistic.  ``tie_correction=False`` drops the
    :math:`m \\sum_i T_i` term even when there are ties (R ``irr::kendall`` and
    ``DescTools::KendallW`` default ``correct = FALSE``; SPSS and Siegel & Castellan correct).

    Parameters
    ----------
    scores : array_like, shape (m, n)
        Scores or ranks, ``m >= 2`` experts by ``n >= 2`` items, no missing values.
    tie_correction : bool
        Subtract the tie term from the denominator (default True).

    Returns
    -------
    KendallResult

    Raises
    ------
    InputError
        If every expert gives all items the same score (the denominator is 0 and W undefined).

    References
    ----------
    Siegel & Castellan (1988), ch. 9 (Kendall coefficient of concordance).
    NAG G08DAF example: 3 comparisons of 10 objects with ties, W = 0.828, significance 0.008.
    """
    arr = _score_matrix(scores, "scores")
    m, n = arr.shape
    _require(m, 2, "experts (rows)", "Kendall's W")
    _require(n, 2, "items (columns)", "Kendall's W")
    ranks = _rank_rows(arr)
    rank_sums = ranks.sum(axis=0)
    s = float(np.sum((rank_sums - m * (n + 1) / 2.0) ** 2))
    if not isinstance(tie_correction, bool):
        raise InputError(f"tie_correction = {tie_correction!r} must be True or False")
    ties = float(sum(_tie_sum(row) for row in arr))
    denom = m**2 * (n**3 - n) - (m * ties if tie_correction else 0.0)
    if denom <= 0:
        raise InputError(
            "every expert gave all items the same score, so Kendall's W is undefined (no "
            "ranking to agree on); collect scores that discriminate between items"
        )
    w = 12.0 * s / denom
    chi2 = m * (n - 1) * w
    p = chi2_sf(n - 1, chi2)
    return KendallResult(w, chi2, n - 1, p, rank_sums, s, ties, m, n, tie_correction)


def chi2_sf(df: int, x: float) -> float:
    """Upper tail :math:`P(\\chi^2_{df} > x)` of the chi-square distribution, integer ``df``.

    For integer degrees of freedom the regularised upper incomplete gamma function is a finite
    sum (Abramowitz & Stegun 1964, 26.4.4 and 26.4.5, written as Poisson terms):

    .. math::

        Q = \\sum_{i=0}^{df/2 - 1} e^{-x/2} \\frac{(x/2)^i}{i!} \\quad (df \\text{ even}),
        \\qquad
        Q = \\operatorname{erfc}\\sqrt{x/2} + \\sum_{i=1}^{(df-1)/2} e^{-x/2}
            \\frac{(x/2)^{i - 1/2}}{\\Gamma(i + 1/2)} \\quad (df \\text{ odd}).

    Each term is computed in logarithms, so neither ``e^{-x/2}`` underflows nor ``(x/2)^i``
    overflows for large ``x`` and ``df``; equal to ``scipy.special.chdtrc`` to about 1e-12
    relative (``tests/weighting/test_expert.py``), without importing scipy (0.15 s) on the
    report's path.
    """
    k = int(df)
    if k < 1:
        raise InputError(f"df = {df!r} must be an integer >= 1")
    if not x > 0:
        return 1.0
    half = x / 2.0
    log_half = math.log(half)
    if k % 2:
        total = math.erfc(math.sqrt(half))
        terms = (i - 0.5 for i in range(1, (k - 1) // 2 + 1))
    else:
        total = 0.0
        terms = (float(i) for i in range(k // 2))
    for a in terms:  # e^{-x/2} (x/2)^a / Gamma(a + 1)
        total += math.exp(a * log_half - half - math.lgamma(a + 1.0))
    return min(total, 1.0)


def delphi_stats(
    scores: ArrayLike, *, full_score: float | None = None, tie_correction: bool = True
) -> DelphiStats:
    """Statistics of one Delphi consultation round.

    For each indicator ``j`` over the ``m`` experts:

    .. math::

        \\bar x_j = \\frac{1}{m} \\sum_i x_{ij}, \\quad
        s_j = \\sqrt{\\frac{1}{m - 1} \\sum_i (x_{ij} - \\bar x_j)^2}, \\quad
        CV_j = \\frac{s_j}{\\bar x_j}, \\quad
        K_j = \\frac{\\#\\{i : x_{ij} = \\text{full score}\\}}{m},

    plus Kendall's W over all indicators (:func:`kendall_w`).  The standard deviation is the
    sample one (``ddof=1``), as in SPSSAU and SPSS.  Usual screening rules (not applied here):
    mean >= 3.5 on a 5-point scale, CV < 0.25, W significant at p < 0.05.

    Parameters
    ----------
    scores : array_like, shape (m, n)
        Non-negative scores, ``m >= 2`` experts by ``n`` indicators, no missing values.
    full_score : float, optional
        The scale maximum counted as "full score".  Default: the largest score observed in the
        whole matrix (SPSSAU's rule) -- pass the scale maximum explicitly when no expert may have
        used it.
    tie_correction : bool
        Passed to :func:`kendall_w`.

    Returns
    -------
    DelphiStats
    """
    arr = _score_matrix(scores, "scores")
    m = arr.shape[0]
    _require(m, 2, "experts (rows)", "the sample standard deviation")
    top = float(arr.max()) if full_score is None else _full_score(arr, full_score)
    mean = arr.mean(axis=0)
    zero = np.flatnonzero(mean == 0)
    if zero.size:
        raise InputError(
            f"indicator {int(zero[0])} has mean score 0, so its coefficient of variation is "
            "undefined; use a scale whose lowest point is positive (e.g. 1-5)"
        )
    sd = arr.std(axis=0, ddof=1)
    freq = np.count_nonzero(arr == top, axis=0) / m
    return DelphiStats(mean, sd, sd / mean, freq, top, _kendall_or_none(arr, tie_correction))


def _full_score(arr: FloatArray, full_score: float) -> float:
    top = float(full_score)
    over = np.argwhere(arr > top)
    if over.size:
        i, j = (int(v) for v in over[0])
        raise InputError(
            f"scores[{i}, {j}] = {arr[i, j]:g} exceeds full_score = {top:g}; fix the score or "
            "pass the scale maximum as full_score"
        )
    return top


def _kendall_or_none(arr: FloatArray, tie_correction: bool = True) -> KendallResult | None:
    if arr.shape[1] < 2 or all(np.ptp(row) == 0 for row in arr):
        return None
    return kendall_w(arr, tie_correction=tie_correction)


def judgment_coefficient(
    levels: Mapping[str, str], *, table: Mapping[str, Mapping[str, float]] = CA_TABLE
) -> float:
    """Judgment coefficient :math:`C_a` of one expert from the influence of each basis.

    .. math:: C_a = \\sum_{b} \\text{table}[b][\\text{level}_b],

    over the bases ``practice``, ``theory``, ``literature`` and ``intuition``, each rated
    ``"high"``, ``"medium"`` or ``"low"``.

    Parameters
    ----------
    levels : mapping
        Basis name -> level, one entry for every basis of ``table``.
    table : mapping, default :data:`CA_TABLE`
        Use :data:`CA_TABLE_FLAT` for the variant without 0.05 entries.

    Returns
    -------
    float
    """
    missing = sorted(set(table) - set(levels))
    extra = sorted(set(levels) - set(table))
    if missing or extra:
        raise InputError(
            f"levels must rate exactly the bases {sorted(table)}; missing {missing}, "
            f"unknown {extra}"
        )
    total = 0.0
    for basis, level in levels.items():
        if level not in table[basis]:
            raise InputError(
                f"level {level!r} for basis {basis!r} is not one of {sorted(table[basis])}"
            )
        total += table[basis][level]
    return total


def authority(ca: ArrayLike, cs: ArrayLike) -> FloatArray:
    """Expert authority coefficient (权威系数) :math:`C_r = (C_a + C_s) / 2`.

    Vectorised over experts (or rounds): ``ca`` and ``cs`` broadcast against each other.
    :math:`C_a` is the judgment coefficient (:func:`judgment_coefficient`, :data:`CA_TABLE`) and
    :math:`C_s` the familiarity coefficient (:data:`CS_TABLE`); both lie in [0, 1].  A panel is
    usually accepted when :math:`C_r \\ge` :data:`AUTHORITY_THRESHOLD` (0.7).

    Parameters
    ----------
    ca, cs : array_like
        Judgment and familiarity coefficients in [0, 1].

    Returns
    -------
    ndarray
        :math:`C_r` with the broadcast shape (0-d for scalar inputs).
    """
    a = _unit_interval(ca, "ca")
    s = _unit_interval(cs, "cs")
    try:
        return np.asarray((a + s) / 2.0, dtype=np.float64)
    except ValueError:
        raise InputError(
            f"ca has shape {a.shape} and cs has shape {s.shape}; they must broadcast "
            "(one value per expert in each)"
        ) from None


def _unit_interval(x: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(x, dtype=np.float64)
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > 1)
    if bad.any():
        idx = tuple(int(v) for v in np.argwhere(bad)[0]) if arr.ndim else ()
        value = arr[idx] if idx else arr
        where = f"{name}{list(idx)}" if idx else name
        raise InputError(f"{where} = {float(value)} must lie in [0, 1]; see CA_TABLE / CS_TABLE")
    return arr


def importance_weights(
    ratings: ArrayLike, *, scale_min: float, scale_max: float
) -> ImportanceWeights:
    """Customer-importance weights from survey importance ratings.

    .. math::

        \\bar r_j = \\frac{1}{|A_j|} \\sum_{i \\in A_j} r_{ij}, \\qquad
        w_j = \\frac{\\bar r_j}{\\sum_k \\bar r_k},

    where :math:`A_j` is the set of respondents who answered item ``j`` (NaN cells are skipped,
    so each item is averaged over its own respondents).  Ratings outside
    ``[scale_min, scale_max]`` are rejected as data-entry errors.  ``scale_min`` must be >= 0:
    the weights are ratios of mean ratings, which needs a scale with a true zero or a positive
    bottom (1-5, 1-7, 0-10); shift bipolar scales first.

    Parameters
    ----------
    ratings : array_like, shape (respondents, items)
        Importance ratings; NaN = not answered.
    scale_min, scale_max : float
        Bounds of the rating scale.

    Returns
    -------
    ImportanceWeights
    """
    lo, hi = float(scale_min), float(scale_max)
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
        raise InputError(
            f"scale [{scale_min}, {scale_max}] is invalid; need 0 <= scale_min < scale_max "
            "(shift a bipolar scale such as -2..2 to 1..5)"
        )
    arr = _score_matrix(ratings, "ratings", allow_nan=True)
    out = np.argwhere((arr < lo) | (arr > hi))
    if out.size:
        i, j = (int(v) for v in out[0])
        raise InputError(
            f"ratings[{i}, {j}] = {arr[i, j]:g} is outside the scale [{lo:g}, {hi:g}]; "
            "correct the entry or set it to NaN (not answered)"
        )
    answered = np.count_nonzero(~np.isnan(arr), axis=0)
    empty = np.flatnonzero(answered == 0)
    if empty.size:
        raise InputError(f"item {int(empty[0])} has no answers; drop it or collect ratings for it")
    mean = np.nansum(arr, axis=0) / answered
    if mean.sum() <= 0:
        raise InputError("every item has mean rating 0, so no weights can be derived")
    return ImportanceWeights(mean / mean.sum(), mean, answered.astype(np.int64))
