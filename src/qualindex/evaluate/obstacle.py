"""Obstacle degree (障碍度): which indicators hold each entity back, as shares summing to 1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.core import as_float
from qualindex.errors import InputError

__all__ = ["ObstacleResult", "obstacle_degree"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ObstacleResult:
    """Result of :func:`obstacle_degree` (all arrays read-only).

    Attributes
    ----------
    degrees : numpy.ndarray, shape (m, n)
        Obstacle degree :math:`O_{ij}` of indicator *j* for entity *i*; each row sums
        to 1 (a row of an entity with no deviation anywhere is all 0).
    deviation : numpy.ndarray, shape (m, n)
        Indicator deviation :math:`I_{ij} = 1 - x_{ij}/\\text{scale}` in [0, 1].
    contribution : numpy.ndarray, shape (n,)
        Factor contribution :math:`F_j` (the indicator's global weight), summing to 1.
    order : numpy.ndarray of int, shape (m, n)
        Per entity, indicator indices from the largest obstacle to the smallest
        (ties by column order).
    group_degrees : numpy.ndarray, shape (m, g) or None
        Obstacle degree of each group (criterion layer), the sum of its indicators'
        degrees, when ``groups`` was given.
    group_labels : tuple of str
        The group labels, in first-appearance order (empty without ``groups``).
    """

    degrees: FloatArray
    deviation: FloatArray
    contribution: FloatArray
    order: NDArray[np.int64]
    group_degrees: FloatArray | None
    group_labels: tuple[str, ...]

    def __post_init__(self) -> None:
        for arr in (self.degrees, self.deviation, self.contribution, self.order):
            arr.setflags(write=False)
        if self.group_degrees is not None:
            self.group_degrees.setflags(write=False)


def obstacle_degree(
    X: ArrayLike,
    weights: ArrayLike,
    *,
    scale: float = 1.0,
    groups: Sequence[str] | None = None,
) -> ObstacleResult:
    r"""Obstacle degree model (障碍度模型) of normalised indicator values.

    With normalised values :math:`x_{ij} \in [0, \text{scale}]` (larger is better),
    factor contribution :math:`F_j = w_j` (the indicator's global weight, i.e. its
    weight times the weights of its ancestors) and indicator deviation
    :math:`I_{ij} = 1 - x_{ij}/\text{scale}`:

    .. math::

        O_{ij} = \frac{F_j I_{ij}}{\sum_k F_k I_{ik}}, \qquad
        U_{ig} = \sum_{j \in g} O_{ij}

    so each entity's obstacle degrees sum to 1 (100 %). :math:`U_{ig}` is the
    obstacle degree of a criterion-layer group *g*. An entity with
    :math:`\sum_k F_k I_{ik} = 0` (at the maximum on every weighted indicator) has no
    obstacle and gets a row of zeros.

    Parameters
    ----------
    X : array_like, shape (m, n) or (n,)
        Normalised indicator values in [0, scale] (min-max standardised data, or
        0-100 scores with ``scale=100``).
    weights : array_like, shape (n,)
        Global indicator weights, ``>= 0`` with a positive sum (normalised to 1).
    scale : float, default 1.0
        The value meaning "no deviation" (1 for [0, 1] data, 100 for scores).
    groups : sequence of str, optional
        Group label (criterion layer) of each indicator, for :math:`U_{ig}`.

    Returns
    -------
    ObstacleResult

    References
    ----------
    杨丽, 孙之淳 (2015). 基于熵值法的西部新型城镇化发展水平测评. 经济问题 (3), 115-119
    (factor contribution, indicator deviation, obstacle degree). The many Chinese
    regional-evaluation studies that use the model all compute this normalised
    product :math:`F_j I_{ij}`; they differ only in how :math:`x_{ij}` was
    standardised, which happens before this function.
    """
    x = as_float(X, "X", allow_nan=False)
    x = x.reshape(1, -1) if x.ndim == 1 else x
    if x.ndim != 2 or x.shape[1] < 1:
        raise InputError(f"X has shape {x.shape}; give entities x indicators")
    n = x.shape[1]
    if not (isinstance(scale, (int, float)) and float(scale) > 0):
        raise InputError(f"scale = {scale!r} must be a positive number (1 or 100)")
    bad = np.argwhere((x < 0) | (x > scale))
    if bad.size:
        i, j = (int(k) for k in bad[0])
        raise InputError(
            f"X[{i}, {j}] = {x[i, j]} must lie in [0, {scale}]; normalise the indicators "
            "first (larger = better) or set scale"
        )
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,) or np.any(w < 0) or w.sum() <= 0:
        raise InputError(
            f"weights {w.tolist()} must give one value >= 0 per indicator ({n}) with a positive sum"
        )
    F = w / w.sum()
    deviation = 1.0 - x / float(scale)
    share = F * deviation
    total = share.sum(axis=1, keepdims=True)
    degrees = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
    order = np.argsort(-degrees, axis=1, kind="stable").astype(np.int64)
    labels, grouped = _groups(degrees, groups)
    return ObstacleResult(
        degrees=degrees,
        deviation=deviation,
        contribution=F,
        order=order,
        group_degrees=grouped,
        group_labels=labels,
    )


def _groups(
    degrees: FloatArray, groups: Sequence[str] | None
) -> tuple[tuple[str, ...], FloatArray | None]:
    if groups is None:
        return (), None
    n = degrees.shape[1]
    if isinstance(groups, str) or len(groups) != n:
        raise InputError(f"groups must give one label per indicator ({n}); got {groups!r}")
    labels = tuple(dict.fromkeys(str(g) for g in groups))
    member = np.array([[str(g) == lab for g in groups] for lab in labels], dtype=np.float64)
    return labels, degrees @ member.T
