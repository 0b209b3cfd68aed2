"""Each indicator's measured values to the common 0-100 scale, as its YAML says.

This module only maps an indicator's fields to the pure kernels of
:mod:`qualindex.evaluate.normalise`; survey items arrive already scored
(answers through the scale's score map, averaged) from the dataset builder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import DataError, InputError, Problem
from qualindex.evaluate import normalise
from qualindex.hierarchy.model import Indicator, Node
from qualindex.hierarchy.schema import (
    BandScoring,
    GoalpostScoring,
    LinearScoring,
    PiecewiseScoring,
    RelativeScoring,
)
from qualindex.texts import msg

__all__ = ["DATA_RELATIVE", "score_baseline", "score_column", "score_leaves"]

FloatArray = NDArray[np.float64]


def score_leaves(leaves: Sequence[Node], values: FloatArray, item_scores: FloatArray) -> FloatArray:
    """rows x leaves scores; a column per leaf, each by its own scoring method."""
    out = np.empty_like(values)
    for j, leaf in enumerate(leaves):
        assert leaf.indicator is not None
        out[:, j] = score_column(leaf, values[:, j], item_scores[:, j])
    return out


def score_column(leaf: Node, x: FloatArray, item_score: FloatArray) -> FloatArray:
    """Scores of one indicator; ``item_score`` holds pre-scored survey answers (or NaN)."""
    ind = leaf.indicator
    assert ind is not None
    name = ind.scoring.name
    if name in ("likert", "gap"):
        # respondent answers arrive scored one by one (item_score); a wide file holds mean
        # answers, mapped through the scale (gaps of wide files are scored by the dataset)
        fallback = _scale_interp(ind, x) if name == "likert" else np.full_like(x, np.nan)
        return np.where(np.isnan(item_score), fallback, item_score)
    if name == "minmax":
        seen = x[~np.isnan(x)]
        if seen.size:
            check_minmax_range(leaf, float(seen.min()), float(seen.max()))
    try:
        return _SCORERS[name](ind, x)
    except InputError as exc:
        raise InputError(f"indicator {leaf.id!r}: {exc}") from None


def check_minmax_range(leaf: Node, lo: float, hi: float) -> None:
    """Min-max scoring needs two different values: an indicator with one value in every row
    (a fuzzed table; a KPI every entity meets) is refused at its place in the index, with
    the fixed scorings that do not depend on the others' values."""
    if lo == hi:
        loc = leaf.loc
        raise DataError(
            Problem(
                msg("evaluate.minmax_constant", leaf=leaf.id, value=f"{lo:g}"),
                loc.file,
                loc.line,
                loc.col,
                leaf.id,
                msg("evaluate.minmax_constant.fix"),
            )
        )


# scorings whose score of a value depends on the other rows' values
DATA_RELATIVE = frozenset({"minmax", "zscore", "rank", "relative"})


def score_baseline(leaf: Node, observed: FloatArray) -> float:
    r"""The score of ``leaf``'s baseline (基准值), imputed for a missing value.

    A fixed scoring (linear, band, goalposts, piecewise, ratio, points, a Likert scale)
    scores the baseline on its own.  Min-max and z-score score it with the statistics of
    the ``observed`` values of every row (not of the baseline alone, which has none), and
    clip to [0, 100]: a baseline outside the observed range scores 0 or 100, as the best
    and worst observed rows do.  Rank and relative scoring place a value among the other
    entities, so a baseline has no score there; they raise :class:`InputError` naming the
    policies that work.
    """
    ind = leaf.indicator
    assert ind is not None and ind.baseline is not None
    name = ind.scoring.name
    x = np.array([ind.baseline], dtype=np.float64)
    if name in ("rank", "relative"):
        raise DataError(
            Problem(
                msg("evaluate.baseline_relative", leaf=leaf.id, scoring=name),
                fix=msg("evaluate.baseline_relative.fix"),
            )
        )
    if name not in DATA_RELATIVE:
        return float(score_column(leaf, x, np.full(1, np.nan))[0])
    seen = observed[~np.isnan(observed)]
    direction = _direction(ind)
    try:
        if name == "minmax":
            if seen.size == 0:
                raise InputError("an indicator has no observed value; min-max needs at least one")
            check_minmax_range(leaf, float(seen.min()), float(seen.max()))
            s = normalise.minmax(x, direction, bounds=(seen.min(), seen.max()))
        else:
            sd = float(np.std(seen, ddof=1)) if seen.size > 1 else float("nan")
            s = normalise.zscore(x, direction, to_scale=True, moments=(seen.size, seen.mean(), sd))
    except InputError as exc:
        raise InputError(f"indicator {leaf.id!r}: {exc}") from None
    return float(np.clip(s[0], 0.0, 100.0))


def _scale_interp(ind: Indicator, x: FloatArray) -> FloatArray:
    """A mean answer mapped through the scale's score map (linear between points)."""
    scale = ind.scale
    if scale is None:
        raise InputError("likert scoring needs a scale")
    y = scale.lo + scale.hi - x if ind.reverse else x
    pts = sorted(scale.score_map().items())
    out = np.interp(y, [p for p, _ in pts], [s for _, s in pts])
    return np.where(np.isnan(x), np.nan, out)


def _need(value: float | None) -> float:
    assert value is not None  # the loader checked that the method's fields are present
    return value


def _linear(ind: Indicator, x: FloatArray) -> FloatArray:
    m = ind.scoring
    assert isinstance(m, LinearScoring)
    return normalise.linear(
        x,
        threshold=_need(ind.threshold),
        target=_need(ind.target),
        threshold_score=m.threshold_score,
        target_score=m.target_score,
        clip=m.clip,
    )


def _band(ind: Indicator, x: FloatArray) -> FloatArray:
    low, high = ind.band if ind.band is not None else (_need(ind.target), _need(ind.target))
    assert isinstance(ind.scoring, BandScoring)
    tolerance = ind.scoring.tolerance
    if tolerance is None:  # implied band scoring: the band's own width, or 10 % of the target
        width = high - low if high != low else abs(low or 1.0) * 0.1
        tolerance = width
    return normalise.target_band(x, low=low, high=high, tolerance=tolerance)


def _relative(ind: Indicator, x: FloatArray) -> FloatArray:
    assert isinstance(ind.scoring, RelativeScoring)
    mode = ind.scoring.mode
    ok = ~np.isnan(x)
    out = np.full_like(x, np.nan)
    values = x[ok] if ind.direction != "lower" else 1.0 / x[ok]
    out[ok] = normalise.ahp_relative(values, mode=mode) * 100.0
    return out


def _direction(ind: Indicator) -> Literal["higher", "lower"]:
    return "lower" if ind.direction == "lower" else "higher"


def _goalposts(ind: Indicator, x: FloatArray) -> FloatArray:
    m = ind.scoring
    assert isinstance(m, GoalpostScoring)
    return normalise.goalposts(x, lo=m.lo, hi=m.hi, direction=_direction(ind))


def _piecewise(ind: Indicator, x: FloatArray) -> FloatArray:
    m = ind.scoring
    assert isinstance(m, PiecewiseScoring)
    return normalise.piecewise(x, m.points)


_SCORERS: dict[str, Callable[[Indicator, FloatArray], FloatArray]] = {
    "linear": _linear,
    "band": _band,
    "relative": _relative,
    "goalposts": _goalposts,
    "minmax": lambda ind, x: normalise.minmax(x, _direction(ind)),
    "piecewise": _piecewise,
    "ratio": lambda ind, x: normalise.ratio(
        x, baseline=_need(ind.baseline), direction=_direction(ind)
    ),
    "zscore": lambda ind, x: normalise.zscore(x, _direction(ind), to_scale=True),
    "rank": lambda ind, x: normalise.rank_score(x, _direction(ind)),
    "points": lambda ind, x: np.clip(x / _need(ind.points) * 100.0, 0.0, 100.0),
}
