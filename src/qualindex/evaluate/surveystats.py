"""Survey diagnostics from the answer sheets: item statistics and reliability per dimension.

Answers are reverse-scored first (``reverse: true`` items mirrored on their scale), so
"top box" and means always point the favourable way.  Cronbach's alpha is computed for
every aggregate with at least two survey items among its direct children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualindex.evaluate.dataset import Dataset, RespondentAnswers
from qualindex.evaluate.survey import cronbach_alpha, nps, top_box
from qualindex.hierarchy.model import IndexSystem

__all__ = ["ItemStats", "Reliability", "SurveyStats", "survey_stats"]

FloatArray = NDArray[np.float64]


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


def survey_stats(index: IndexSystem, data: Dataset, *, boxes: int = 2) -> SurveyStats | None:
    """Item statistics and Cronbach's alpha per dimension, or None without answer sheets."""
    items: list[ItemStats] = []
    reliability: list[Reliability] = []
    for block in _merged(data):
        answers = _favourable(index, block)
        for j, item in enumerate(block.items):
            items.append(_item(index, item, answers[:, j], boxes))
        reliability += _reliability(index, block.items, answers)
    if not items:
        return None
    return SurveyStats(tuple(items), tuple(reliability), boxes)


def _item(index: IndexSystem, item: str, col: FloatArray, boxes: int) -> ItemStats:
    scale = index.nodes[item].indicator.scale  # type: ignore[union-attr]
    assert scale is not None
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
    index: IndexSystem, items: tuple[str, ...], answers: FloatArray
) -> list[Reliability]:
    out = []
    position = {item: j for j, item in enumerate(items)}
    for node in index.aggregates():
        cols = [position[c] for c in node.children if c in position]
        if len(cols) < 2:
            continue
        res = cronbach_alpha(answers[:, cols])
        out.append(
            Reliability(
                node.id,
                tuple(items[c] for c in cols),
                float(res.alpha),
                tuple(float(a) for a in res.alpha_if_dropped),
                res.n_used,
            )
        )
    return out
