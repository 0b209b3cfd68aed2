"""Aggregation kernels: combine child scores with weights along the last axis.

``scores`` has shape ``(..., n)`` (e.g. ``entities x children``) and ``weights``
has shape ``(n,)``.  Weights must be finite and ``>= 0`` with a positive sum; they
are normalised to sum 1 inside every kernel, so raw AHP priorities, points out of
100 or percentages can be passed as they are.

Missing values
--------------
The plain kernels (:func:`weighted_mean`, :func:`weighted_geometric_mean`,
:func:`minimum`) propagate ``NaN``: one missing child makes the aggregate
missing.  :func:`aggregate_with_missing` applies an explicit policy instead:
``"reweight"`` re-normalises the weights over the children that are present and
reports the *coverage* (the share of the original weight that was present); the
aggregate is ``NaN`` where coverage falls below ``min_coverage`` (0.65 by
default, the JRC/COIN rule of thumb of a 65 % data-availability threshold).
``"fail"`` raises on the first missing value.  :func:`impute` fills missing values
before aggregation when that is preferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex._blocks import first_where, row_blocks
from qualindex.choices import AggregationName
from qualindex.core import as_float, check_choice
from qualindex.errors import InputError

__all__ = [
    "AGGREGATORS",
    "MissingAggregate",
    "aggregate_with_missing",
    "impute",
    "minimum",
    "weighted_geometric_mean",
    "weighted_mean",
]

FloatArray = NDArray[np.float64]
ZeroRule = Literal["floor", "zero", "error"]
AggregateMethod = AggregationName  # the names the YAML uses, one spelling everywhere
AGGREGATORS: tuple[str, ...] = get_args(AggregationName)
_COVERAGE_EPS = 1e-12


def _weights(weights: ArrayLike, n: int) -> FloatArray:
    """Validate and normalise a weight vector for ``n`` children."""
    w = as_float(weights, "weights", allow_nan=False)
    if w.shape != (n,):
        raise InputError(
            f"weights has shape {w.shape} but scores have {n} children on the last axis; "
            "give one weight per child"
        )
    if np.any(w < 0):
        i = int(np.flatnonzero(w < 0)[0])
        raise InputError(f"weights[{i}] = {w[i]} must be >= 0; weights are importances")
    total = float(w.sum())
    if total <= 0:
        raise InputError("weights sum to 0; give at least one positive weight")
    return w / total


def _scores(scores: ArrayLike) -> FloatArray:
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim == 0:
        raise InputError("scores must have at least one axis (the children on the last axis)")
    return s


def _reject_infinite(scores: FloatArray, result: FloatArray) -> None:
    """Infinite scores show up as non-finite results; look for them only there."""
    bad_rows = ~np.isfinite(result)
    if not bad_rows.any():
        return
    suspects = scores[bad_rows] if scores.ndim > 1 else scores
    if np.isinf(suspects).any():
        raise InputError("scores contain an infinite value; scores must be finite or NaN (missing)")


def weighted_mean(scores: ArrayLike, weights: ArrayLike) -> FloatArray:
    r"""Weighted arithmetic mean along the last axis (compensatory).

    .. math::

        \bar s = \sum_i w_i s_i \Big/ \sum_i w_i

    ``NaN`` propagates; see :func:`aggregate_with_missing` for a missing-value policy.
    Returns an array of shape ``scores.shape[:-1]`` (a 0-d array for 1-D input).
    """
    s = _scores(scores)
    w = _weights(weights, s.shape[-1])
    out = np.asarray(np.matmul(s, w), dtype=np.float64)
    _reject_infinite(s, out)
    return out


def weighted_geometric_mean(
    scores: ArrayLike,
    weights: ArrayLike,
    *,
    zero: ZeroRule = "floor",
    floor: float = 1e-3,
) -> FloatArray:
    r"""Weighted geometric mean along the last axis (partially compensatory).

    .. math::

        G = \prod_i s_i^{w_i / \sum w} = \exp\Big(\sum_i \tilde w_i \ln s_i\Big)

    Scores must be ``>= 0``.  A zero score has no logarithm, so the rule for
    zeros is explicit:

    * ``"floor"`` (default): scores below ``floor`` are raised to ``floor``
      (1e-3 on a 0-100 scale), so one zero pulls the aggregate down strongly
      but not to exactly 0 and the other children still rank the entities;
    * ``"zero"``: any zero (with positive weight) makes the aggregate 0 - the
      strict, non-compensatory reading of the product;
    * ``"error"``: a zero raises :class:`~qualindex.errors.InputError` naming it.

    ``NaN`` propagates.  This is the aggregation of the UNDP Human Development
    Index (equal weights on the three dimension indices).
    """
    check_choice(zero, ("floor", "zero", "error"), "zero")
    if not floor > 0:
        raise InputError(f"floor={floor} must be > 0; it replaces zero scores before the log")
    s = _scores(scores)
    w = _weights(weights, s.shape[-1])
    if np.any(s < 0):
        where = tuple(int(i) for i in np.argwhere(s < 0)[0])
        raise InputError(
            f"scores{list(where)} = {s[where]} must be >= 0 for a geometric mean; "
            "rescale to 0-100 first"
        )
    zeros = (s == 0) & (w > 0)
    if zero == "error" and zeros.any():
        where = tuple(int(i) for i in np.argwhere(zeros)[0])
        raise InputError(
            f"scores{list(where)} = 0 has no logarithm; use zero='floor' or zero='zero'"
        )
    with np.errstate(divide="ignore"):
        logs = np.log(np.maximum(s, floor) if zero == "floor" else s)
    logs[(w == 0) & ~np.isnan(s)] = 0.0  # zero weight: a child that does not count
    with np.errstate(invalid="ignore"):
        out = np.exp(np.sum(logs * w, axis=-1))
    _reject_infinite(s, out)
    return np.asarray(out, dtype=np.float64)


def minimum(scores: ArrayLike) -> FloatArray:
    r"""Short-board (木桶) aggregation: the smallest child score, :math:`\min_i s_i`.

    Fully non-compensatory; weights play no role.  ``NaN`` propagates.
    """
    s = _scores(scores)
    out = np.asarray(np.min(s, axis=-1), dtype=np.float64)
    _reject_infinite(s, out)
    return out


@dataclass(frozen=True, slots=True)
class MissingAggregate:
    """Aggregate values with the weight coverage behind each of them.

    Attributes
    ----------
    values : numpy.ndarray
        Aggregates, ``NaN`` where coverage is below ``min_coverage``.
    coverage : numpy.ndarray
        Share (0-1) of the normalised weight whose children were present.
    """

    values: FloatArray
    coverage: FloatArray

    def __post_init__(self) -> None:
        self.values.setflags(write=False)
        self.coverage.setflags(write=False)

    def __iter__(self) -> Iterator[FloatArray]:
        """Allow ``values, coverage = aggregate_with_missing(...)``."""
        return iter((self.values, self.coverage))


def aggregate_with_missing(
    scores: ArrayLike,
    weights: ArrayLike,
    *,
    method: AggregateMethod = "weighted-mean",
    policy: Literal["reweight", "fail"] = "reweight",
    min_coverage: float = 0.65,
    zero: ZeroRule = "floor",
) -> MissingAggregate:
    r"""Aggregate with an explicit missing-value policy and a coverage rule.

    With ``policy="reweight"`` each aggregate uses only the present children,
    with their weights re-normalised:

    .. math::

        c = \sum_{i\ \text{present}} \tilde w_i, \qquad
        \bar s = \frac{1}{c}\sum_{i\ \text{present}} \tilde w_i s_i
        \quad (\text{weighted mean}),

    and analogously for the geometric mean; ``"minimum"`` takes the smallest
    present score.  Where :math:`c < min\_coverage` the aggregate is ``NaN``.
    With no missing value the result equals the plain kernel (coverage 1).
    ``policy="fail"`` raises :class:`~qualindex.errors.InputError` naming the
    first missing value and how many there are.
    """
    check_choice(method, AGGREGATORS, "method")
    check_choice(policy, ("reweight", "fail"), "policy")
    if not 0.0 <= min_coverage <= 1.0:
        raise InputError(f"min_coverage={min_coverage} must lie in [0, 1]; 0.65 is customary")
    s = _scores(scores)
    w = _weights(weights, s.shape[-1])
    where = first_where(s, np.isnan) if policy == "fail" else None
    if where is not None:
        raise InputError(
            f"scores{list(where)} is missing ({int(np.count_nonzero(np.isnan(s)))} missing in "
            "all); impute them or use policy='reweight'"
        )
    if method == "geometric-mean":
        _check_geometric(s, w, zero)  # here, so that a message names the row of the whole
    if s.ndim != 2:
        values, coverage = _aggregate_block(s, w, method, zero, min_coverage)
        return MissingAggregate(values=values, coverage=coverage)
    values, coverage = np.empty(s.shape[0]), np.empty(s.shape[0])
    for rows in row_blocks(*s.shape):  # no full-size mask or float copy of it
        values[rows], coverage[rows] = _aggregate_block(s[rows], w, method, zero, min_coverage)
    return MissingAggregate(values=values, coverage=coverage)


def _aggregate_block(
    s: FloatArray, w: FloatArray, method: str, zero: ZeroRule, min_coverage: float
) -> tuple[FloatArray, FloatArray]:
    missing = np.isnan(s)
    coverage = np.asarray(np.matmul(~missing, w), dtype=np.float64)
    values = _reweighted(s, w, missing, coverage, method, zero)
    values[coverage < min_coverage - _COVERAGE_EPS] = np.nan
    return values, coverage


def _check_geometric(s: FloatArray, w: FloatArray, zero: ZeroRule) -> None:
    """The input errors of :func:`weighted_geometric_mean`, found block by block."""
    where = first_where(s, lambda b: b < 0)
    if where is not None:
        raise InputError(
            f"scores{list(where)} = {s[where]} must be >= 0 for a geometric mean; "
            "rescale to 0-100 first"
        )
    where = first_where(s, lambda b: (b == 0) & (w > 0)) if zero == "error" else None
    if where is not None:
        raise InputError(
            f"scores{list(where)} = 0 has no logarithm; use zero='floor' or zero='zero'"
        )


def _reweighted(
    s: FloatArray,
    w: FloatArray,
    missing: NDArray[np.bool_],
    coverage: FloatArray,
    method: str,
    zero: ZeroRule,
) -> FloatArray:
    if not missing.any():
        if method == "weighted-mean":
            return weighted_mean(s, w)
        if method == "geometric-mean":
            return weighted_geometric_mean(s, w, zero=zero)
        return minimum(s)
    if method == "minimum":
        present = np.where(missing, np.inf, s)
        out = np.min(present, axis=-1)
        out[np.isinf(out)] = np.nan
        return np.asarray(out, dtype=np.float64)
    filled = np.where(missing, 1.0 if method == "geometric-mean" else 0.0, s)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "weighted-mean":
            out = np.matmul(filled, w) / coverage
        else:  # geometric: log-mean over present children; log(1) = 0 for the missing
            log_mean = np.log(weighted_geometric_mean(filled, w, zero=zero)) / coverage
            out = np.exp(log_mean)
    return np.asarray(out, dtype=np.float64)


def impute(
    x: ArrayLike,
    strategy: Literal["mean", "median", "baseline"] = "mean",
    baseline: ArrayLike | None = None,
) -> FloatArray:
    """Fill missing values per indicator (column of an ``entities x indicators`` block).

    * ``"mean"`` / ``"median"``: the indicator's mean / median over observed entities;
    * ``"baseline"``: the indicator's baseline value (基准值), one per column or a scalar.

    Returns a new array; observed values are unchanged.  An indicator with no
    observed value cannot be filled from the data and raises (use ``"baseline"``).
    """
    check_choice(strategy, ("mean", "median", "baseline"), "strategy")
    xa = as_float(x, "x")
    if xa.ndim == 0:
        raise InputError("x must be 1-D or entities x indicators, not a scalar")
    if strategy == "baseline":
        if baseline is None:
            raise InputError("strategy='baseline' needs baseline=...; give one value per column")
        fill = as_float(baseline, "baseline", allow_nan=False)
        try:
            fill = np.broadcast_to(fill, xa.shape[1:])
        except ValueError:
            raise InputError(
                f"baseline has shape {fill.shape}; give a scalar or one value per column "
                f"(shape {xa.shape[1:]})"
            ) from None
    else:
        empty = np.isnan(xa).all(axis=0)
        if np.any(empty):
            col = int(np.flatnonzero(np.ravel(empty))[0])
            raise InputError(
                f"indicator {col} has no observed value; impute it with strategy='baseline'"
            )
        fill = np.nanmean(xa, axis=0) if strategy == "mean" else np.nanmedian(xa, axis=0)
    return np.where(np.isnan(xa), fill, xa)
