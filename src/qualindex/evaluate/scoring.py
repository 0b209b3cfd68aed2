"""Each indicator's measured values to the common 0-100 scale, as its YAML says.

This module only maps an indicator's fields to the pure kernels of
:mod:`qualindex.evaluate.normalise`; survey items arrive already scored
(answers through the scale's score map, averaged) from the dataset builder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from qualindex.errors import InputError
from qualindex.evaluate import normalise
from qualindex.hierarchy.model import Indicator, Node

__all__ = ["score_column", "score_leaves"]

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
    try:
        return _SCORERS[name](ind, x)
    except InputError as exc:
        raise InputError(f"indicator {leaf.id!r}: {exc}") from None


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
    p = ind.scoring.params
    return normalise.linear(
        x,
        threshold=_need(ind.threshold),
        target=_need(ind.target),
        threshold_score=p.get("threshold_score", 60.0),
        target_score=p.get("target_score", 100.0),
        clip=p.get("clip", True),
    )


def _band(ind: Indicator, x: FloatArray) -> FloatArray:
    low, high = ind.band if ind.band is not None else (_need(ind.target), _need(ind.target))
    tolerance = ind.scoring.params.get("tolerance")
    if tolerance is None:  # implied band scoring: the band's own width, or 10 % of the target
        width = high - low if high != low else abs(low or 1.0) * 0.1
        tolerance = width
    return normalise.target_band(x, low=low, high=high, tolerance=tolerance)


def _relative(ind: Indicator, x: FloatArray) -> FloatArray:
    mode = ind.scoring.params.get("mode", "ideal")
    ok = ~np.isnan(x)
    out = np.full_like(x, np.nan)
    values = x[ok] if ind.direction != "lower" else 1.0 / x[ok]
    out[ok] = normalise.ahp_relative(values, mode=mode) * 100.0
    return out


def _direction(ind: Indicator) -> str:
    return "lower" if ind.direction == "lower" else "higher"


_SCORERS: dict[str, Callable[[Indicator, FloatArray], FloatArray]] = {
    "linear": _linear,
    "band": _band,
    "relative": _relative,
    "goalposts": lambda ind, x: normalise.goalposts(
        x, lo=ind.scoring.params["lo"], hi=ind.scoring.params["hi"], direction=_direction(ind)
    ),
    "minmax": lambda ind, x: normalise.minmax(x, _direction(ind)),
    "piecewise": lambda ind, x: normalise.piecewise(x, ind.scoring.params["points"]),
    "ratio": lambda ind, x: normalise.ratio(
        x, baseline=_need(ind.baseline), direction=_direction(ind)
    ),
    "zscore": lambda ind, x: normalise.zscore(x, _direction(ind), to_scale=True),
    "rank": lambda ind, x: normalise.rank_score(x, _direction(ind)),
    "points": lambda ind, x: np.clip(x / ind.points * 100.0, 0.0, 100.0),  # type: ignore[operator]
}
