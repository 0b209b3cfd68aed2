"""Survey diagnostics from the answer sheets: item statistics and reliability per dimension.

Answers are reverse-scored first (``reverse: true`` items mirrored on their scale), so
"top box" and means always point the favourable way.  Cronbach's alpha is computed for
every aggregate with at least two survey items among its direct children, with blanks handled
by listwise deletion (SPSS RELIABILITY) or pairwise deletion (R ``psych::alpha``, whose
default is ``use = "pairwise"``), see :func:`cronbach_alpha_missing`.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
*Psychometrika* 16(3), 297-334.
Revelle, W. psych: Procedures for Psychological, Psychometric, and Personality Research,
R package, ``alpha`` (R/alpha.R: ``C <- cov(x, use = "pairwise")``,
``alpha.raw <- (1 - tr(C)/sum(C)) * (n/(n - 1))``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.evaluate.dataset import Dataset, RespondentAnswers
from qualindex.evaluate.survey import nps, top_box
from qualindex.hierarchy.model import IndexSystem

__all__ = [
    "ALPHA_MISSING",
    "AlphaResult",
    "ItemStats",
    "Reliability",
    "SurveyStats",
    "cronbach_alpha_missing",
    "survey_stats",
]

FloatArray = NDArray[np.float64]
from qualindex.choices import AlphaMissing  # noqa: E402  (the one declaration)

ALPHA_MISSING: tuple[str, ...] = get_args(AlphaMissing)


@dataclass(frozen=True, slots=True)
class ItemStats:
    item: str
    n: int
    mean: float
    top_box: float  # share of answers in the top ``boxes`` points
    nps: float | None  # for 0-10 items (scale nps11)


@dataclass(frozen=True, slots=True)
class Reliability:
    node: str
    items: tuple[str, ...]
    alpha: float
    alpha_if_dropped: tuple[float, ...]
    n_used: int
    missing: str = "listwise"
    std_alpha: float = float("nan")


@dataclass(frozen=True, slots=True)
class AlphaResult:
    """Cronbach's alpha with a stated treatment of blanks.

    Attributes
    ----------
    alpha : float
        Raw alpha from the item covariances.
    std_alpha : float
        Standardised alpha from the item correlations, :math:`k \\bar r / (1 + (k-1) \\bar r)`
        (NaN when an item has no variance).
    alpha_if_dropped, std_alpha_if_dropped : ndarray (k,)
        The same with each item left out (NaN when ``k = 2``).
    average_r : float
        Mean inter-item correlation :math:`\\bar r`.
    n_used : int
        Respondents used: complete ones (listwise) or those with at least one answer
        (pairwise).
    n_pairs : ndarray (k, k) of int
        Respondents behind each covariance (both items answered).
    missing : {"listwise", "pairwise"}
    """

    alpha: float
    std_alpha: float
    alpha_if_dropped: FloatArray
    std_alpha_if_dropped: FloatArray
    average_r: float
    n_used: int
    n_pairs: NDArray[np.int64]
    missing: str

    def __post_init__(self) -> None:
        for arr in (self.alpha_if_dropped, self.std_alpha_if_dropped, self.n_pairs):
            arr.setflags(write=False)


def _pairwise_cov(x: FloatArray) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Covariances and correlations over the rows where both items are answered (ddof 1).

    Means and standard deviations of each pair are taken over that pair's rows, as R's
    ``cov``/``cor`` with ``use = "pairwise.complete.obs"`` do.
    """
    k = x.shape[1]
    c, r = np.empty((k, k)), np.empty((k, k))
    n = np.empty((k, k), dtype=np.int64)
    for i in range(k):
        for j in range(i, k):
            both = ~np.isnan(x[:, i]) & ~np.isnan(x[:, j])
            n[i, j] = n[j, i] = int(both.sum())
            if n[i, j] < 2:
                raise InputError(
                    f"items {i} and {j} are answered together by {n[i, j]} respondent(s); "
                    "pairwise alpha needs at least 2 for every pair"
                )
            a, b = x[both, i], x[both, j]
            da, db = a - a.mean(), b - b.mean()
            c[i, j] = c[j, i] = float(da @ db) / (n[i, j] - 1)
            denom = float(np.sqrt((da @ da) * (db @ db)))
            r[i, j] = r[j, i] = float(da @ db) / denom if denom > 0 else np.nan
    return c, r, n


def _alpha_of(c: FloatArray) -> float:
    k = c.shape[0]
    total = float(c.sum())
    return float("nan") if total == 0 else (1.0 - float(np.trace(c)) / total) * k / (k - 1)


def _dropped(c: FloatArray) -> FloatArray:
    k = c.shape[0]
    if k <= 2:
        return np.full(k, np.nan)
    keep = [np.delete(np.arange(k), i) for i in range(k)]
    return np.array([_alpha_of(c[np.ix_(idx, idx)]) for idx in keep])


def cronbach_alpha_missing(items: ArrayLike, *, missing: str = "listwise") -> AlphaResult:
    """Cronbach's alpha with listwise or pairwise deletion of blanks (NaN).

    .. math::

        \\alpha = \\frac{k}{k - 1}\\Big(1 - \\frac{\\operatorname{tr} C}{\\sum_{ij} C_{ij}}\\Big),
        \\qquad
        \\alpha_{std} = \\frac{k}{k - 1}\\Big(1 - \\frac{k}{\\sum_{ij} R_{ij}}\\Big),

    with ``C`` and ``R`` the item covariance and correlation matrices (ddof 1).  ``"listwise"``
    first drops every respondent with a blank (SPSS; ``psych::alpha(use = "complete.obs")``);
    ``"pairwise"`` computes each entry of ``C`` and ``R`` from the respondents who answered
    both items (``psych::alpha``'s default).  Without blanks the two agree.

    Parameters
    ----------
    items : array_like, shape (respondents, k)
        Scores, reverse-keyed items already reversed; NaN = blank.  ``k >= 2``.
    missing : {"listwise", "pairwise"}

    Returns
    -------
    AlphaResult

    References
    ----------
    Cronbach (1951); psych ``alpha`` (Revelle), R/alpha.R.
    """
    if missing not in ALPHA_MISSING:
        raise InputError(f"missing = {missing!r} is not one of 'listwise', 'pairwise'")
    x = np.array(items, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise InputError(f"items has shape {x.shape}; alpha needs respondents x (>= 2 items)")
    if np.isinf(x).any():
        raise InputError("items contain an infinite value; use NaN for a blank")
    if missing == "listwise":
        x = x[~np.isnan(x).any(axis=1)]
        if x.shape[0] < 2:
            raise InputError(
                f"only {x.shape[0]} respondent(s) answered every item; alpha needs at least 2"
            )
    c, r, n = _pairwise_cov(x)
    alpha = _alpha_of(c)
    if np.isnan(alpha):
        raise InputError("total scores have zero variance; alpha is undefined (0/0)")
    # an item without variance has no correlations: std_alpha and average_r are then NaN
    k = c.shape[0]
    avg_r = float((r.sum() - k) / (k * (k - 1)))
    used = int((~np.isnan(x)).any(axis=1).sum())
    return AlphaResult(alpha, _alpha_of(r), _dropped(c), _dropped(r), avg_r, used, n, missing)


@dataclass(frozen=True)
class SurveyStats:
    items: tuple[ItemStats, ...]
    reliability: tuple[Reliability, ...]
    boxes: int


def _merged(data: Dataset) -> list[RespondentAnswers]:
    """Answer sheets of files that ask the same items, stacked."""
    groups: dict[tuple[str, ...], list[RespondentAnswers]] = {}
    for r in data.respondents:
        groups.setdefault(r.items, []).append(r)
    return [
        RespondentAnswers(
            items, np.vstack([r.answers for r in rs]), np.concatenate([r.row for r in rs])
        )
        for items, rs in groups.items()
    ]


def _favourable(index: IndexSystem, block: RespondentAnswers) -> FloatArray:
    out = block.answers.copy()
    for j, item in enumerate(block.items):
        ind = index.nodes[item].indicator
        if ind is not None and ind.reverse and ind.scale is not None:
            out[:, j] = ind.scale.lo + ind.scale.hi - out[:, j]
    return out


def survey_stats(
    index: IndexSystem, data: Dataset, *, boxes: int = 2, alpha_missing: str = "listwise"
) -> SurveyStats | None:
    """Item statistics and Cronbach's alpha per dimension, or None without answer sheets.

    ``alpha_missing`` is ``"listwise"`` (SPSS) or ``"pairwise"`` (psych), see
    :func:`cronbach_alpha_missing`.
    """
    if alpha_missing not in ALPHA_MISSING:
        raise InputError(f"alpha_missing = {alpha_missing!r} is not one of 'listwise', 'pairwise'")
    items: list[ItemStats] = []
    reliability: list[Reliability] = []
    for block in _merged(data):
        answers = _favourable(index, block)
        for j, item in enumerate(block.items):
            items.append(_item(index, item, answers[:, j], boxes))
        reliability += _reliability(index, block.items, answers, alpha_missing)
    if not items:
        return None
    return SurveyStats(tuple(items), tuple(reliability), boxes)


def _item(index: IndexSystem, item: str, col: FloatArray, boxes: int) -> ItemStats:
    ind = index.nodes[item].indicator
    scale = ind.scale if ind is not None else None
    assert scale is not None  # survey items have a scale (the loader checked)
    given = col[~np.isnan(col)]
    share = (
        float(top_box(given[:, None], scale_max=scale.hi, boxes=boxes)[0]) if given.size else 0.0
    )
    return ItemStats(
        item,
        int(given.size),
        float(given.mean()) if given.size else float("nan"),
        share,
        nps(given) if scale.id == "nps11" and given.size else None,
    )


def _reliability(
    index: IndexSystem, items: tuple[str, ...], answers: FloatArray, missing: str = "listwise"
) -> list[Reliability]:
    out = []
    position = {item: j for j, item in enumerate(items)}
    for node in index.aggregates():
        cols = [position[c] for c in node.children if c in position]
        if len(cols) < 2:
            continue
        try:
            res = cronbach_alpha_missing(answers[:, cols], missing=missing)
        except InputError:
            # too few complete answer sheets: alpha is a diagnostic, so it is left empty (NaN)
            # for this node instead of failing the evaluation; the report shows a dash
            nan = float("nan")
            out.append(
                Reliability(
                    node.id, tuple(items[c] for c in cols), nan, (nan,) * len(cols), 0, missing
                )
            )
            continue
        out.append(
            Reliability(
                node.id,
                tuple(items[c] for c in cols),
                float(res.alpha),
                tuple(float(a) for a in res.alpha_if_dropped),
                res.n_used,
                missing,
                res.std_alpha,
            )
        )
    return out
