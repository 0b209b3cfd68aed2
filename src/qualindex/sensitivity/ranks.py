"""Rank distributions over draws, accumulated in chunks (bounded memory).

For draws :math:`d = 1..D` of the composites :math:`S^{(d)}`, entity ``e`` has rank
:math:`r^{(d)}_e` (1 = best, ties by position).  This module accumulates, chunk by chunk,

* the rank histogram of every entity (bins of ``bin_width`` ranks; width 1, i.e. exact, for up
  to ``max_bins`` entities), from which the median and the 5 % / 95 % rank quantiles are read as
  :math:`q_p = \\min\\{r : \\hat F_e(r) \\ge p\\}` (inverted empirical CDF, at a bin's lower edge);
* SMAA rank acceptability indices (Lahdelma & Salminen 2001), the share of draws in which ``e``
  takes rank ``r``, :math:`b^r_e = \\#\\{d : r^{(d)}_e = r\\} / D`, for ranks ``1..max_rank``;
  with ``max_rank = n_entities`` every row and every column sums to 1;
* grade probabilities :math:`P(S_e \\in [c_{g-1}, c_g))` for ascending cut-points ``c``
  (grade 0 is below the first cut);
* SMAA central weights, the mean leaf-weight vector of the draws in which ``e`` ranks first,
  :math:`w^c_e = \\sum_{d: r^{(d)}_e = 1} w^{(d)} / \\#\\{d: r^{(d)}_e = 1\\}` (NaN if never first).

References
----------
Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis for
group decision making. *Operations Research* 49(3), 444-454 (rank acceptability indices,
central weight vectors).
Saisana, M., Saltelli, A. & Tarantola, S. (2005). Uncertainty and sensitivity analysis techniques
as tools for the quality assessment of composite indicators. *J. R. Statist. Soc. A* 168(2),
307-323 (rank intervals: median and 5-95 % of the simulated ranks).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError
from qualindex.sensitivity.hierarchy import descending_order, freeze_array, ranks_of

__all__ = ["RankAccumulator", "RankSummary"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class RankSummary:
    """Per-entity rank distribution over ``n_draws`` draws (see the module docstring).

    Attributes
    ----------
    base_rank : ndarray of int, shape (n_entities,)
        Rank at the base (unperturbed) composites.
    median, q05, q95 : ndarray of int, shape (n_entities,)
        Rank quantiles (exact when ``bin_width == 1``, else a bin's lower edge).
    mean_rank : ndarray, shape (n_entities,)
    acceptability : ndarray, shape (n_entities, max_rank)
        :math:`b^r_e`, ranks ``1..max_rank``.
    grade_probability : ndarray, shape (n_entities, n_grades)
        Empty second axis when no cut-points were given.
    central_weights : ndarray, shape (n_entities, n_leaves)
        Mean leaf weights of the draws where the entity ranks first (NaN if never; empty
        second axis when weights did not vary).
    tracked : ndarray of int, shape (n_tracked,)
        Entities whose rank in every draw is kept in ``tracked_ranks (n_draws, n_tracked)``.
    n_draws, bin_width : int
    """

    base_rank: IntArray
    median: IntArray
    q05: IntArray
    q95: IntArray
    mean_rank: FloatArray
    acceptability: FloatArray
    grade_probability: FloatArray
    central_weights: FloatArray
    tracked: IntArray
    tracked_ranks: IntArray
    n_draws: int
    bin_width: int

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            arr = getattr(self, name)
            if isinstance(arr, np.ndarray):
                object.__setattr__(self, name, freeze_array(arr, arr.dtype))

    def to_dict(self, *, include_draws: bool = False) -> dict[str, Any]:
        """Plain lists for JSON; ``tracked_ranks`` (one row per draw) only if asked."""
        out = {}
        for key, value in asdict(self).items():
            if key == "tracked_ranks" and not include_draws:
                continue
            out[key] = value.tolist() if isinstance(value, np.ndarray) else value
        return out


class RankAccumulator:
    """Mutable helper that folds chunks of composites into a :class:`RankSummary`.

    Parameters
    ----------
    base : array_like, shape (n_entities,)
        Composites at the base weights/values (for ``base_rank`` and the tracked entities).
    n_draws : int
        Total number of draws that will be added.
    grades : array_like, optional
        Ascending grade cut-points on the composite scale.
    n_leaves : int
        Length of the weight vectors passed to :meth:`add` (0: no central weights).
    track : int
        Keep every draw's rank of the ``track`` best base entities.
    max_rank : int, optional
        Acceptability for ranks ``1..max_rank`` (default all ranks up to 1000 entities, else 100).
    max_bins : int
        Rank-histogram resolution; ``bin_width = ceil(n_entities / max_bins)``.
    """

    def __init__(
        self,
        base: ArrayLike,
        n_draws: int,
        *,
        grades: ArrayLike | None = None,
        n_leaves: int = 0,
        track: int = 10,
        max_rank: int | None = None,
        max_bins: int = 1000,
    ) -> None:
        self.base = np.asarray(base, dtype=np.float64)
        n = self.base.size
        self.n, self.n_draws, self.done = n, int(n_draws), 0
        self.cuts = _cuts(grades)
        self.width = max(1, -(-n // max_bins))
        self.n_bins = -(-n // self.width)
        self.hist = np.zeros(n * self.n_bins, dtype=np.int32)
        self.max_rank = min(n, max_rank if max_rank is not None else (n if n <= 1000 else 100))
        self.acc = np.zeros(n * self.max_rank, dtype=np.int64)
        self.grade = np.zeros(n * (self.cuts.size + 1 if self.cuts.size else 0), dtype=np.int64)
        self.rank_sum = np.zeros(n)
        self.central = np.zeros((n, n_leaves))
        self.tracked = np.argsort(-self.base, kind="stable")[: min(track, n)]
        self.tracked_ranks = np.zeros((self.n_draws, self.tracked.size), dtype=np.int64)
        self.rows = np.arange(n, dtype=np.int64)
        self.positions = np.arange(1, n + 1, dtype=np.int64)
        self.pos_bin = (self.positions - 1) // self.width

    def add(self, s: ArrayLike, leaf_weights: ArrayLike | None = None) -> None:
        """Fold a chunk of composites ``(c, n_entities)`` (and their leaf weights ``(c, L)``)."""
        s = np.asarray(s, dtype=np.float64)
        c = s.shape[0]
        if self.done + c > self.n_draws:
            raise InputError(
                f"{self.done + c} draws added; the accumulator was sized for {self.n_draws}"
            )
        order = descending_order(s)  # order[d, p]: the entity at rank p + 1 in draw d
        r = np.empty_like(order)
        np.put_along_axis(r, order, self.positions, axis=1)
        self.rank_sum += r.sum(axis=0)
        self.hist += np.bincount((order * self.n_bins + self.pos_bin).ravel(),
                                 minlength=self.hist.size)  # fmt: skip
        top = order[:, : self.max_rank]
        self.acc += np.bincount((top * self.max_rank + self.positions[: self.max_rank] - 1).ravel(),
                                minlength=self.acc.size)  # fmt: skip
        if self.cuts.size:
            g = np.zeros(s.shape, dtype=np.int64)
            for cut in self.cuts:  # grade = number of cut-points <= S (few cuts: fast)
                g += s >= cut
            self.grade += np.bincount((self.rows * (self.cuts.size + 1) + g).ravel(),
                                      minlength=self.grade.size)  # fmt: skip
        if self.central.shape[1] and leaf_weights is not None:
            np.add.at(self.central, order[:, 0], np.asarray(leaf_weights))
        self.tracked_ranks[self.done : self.done + c] = r[:, self.tracked]
        self.done += c

    def result(self) -> RankSummary:
        """The summary; every announced draw must have been added."""
        if self.done != self.n_draws:
            raise InputError(f"{self.done} of {self.n_draws} draws were added")
        d = float(self.n_draws)
        cum = np.cumsum(self.hist.reshape(self.n, self.n_bins), axis=1, dtype=np.int64)
        acc = self.acc.reshape(self.n, self.max_rank)
        first = acc[:, 0] if self.max_rank else np.zeros(self.n)
        with np.errstate(invalid="ignore", divide="ignore"):
            central = self.central / first[:, None]
        grade = self.grade.reshape(self.n, -1) / d if self.cuts.size else np.zeros((self.n, 0))
        return RankSummary(
            base_rank=ranks_of(self.base),
            median=self._quantile(cum, 0.5),
            q05=self._quantile(cum, 0.05),
            q95=self._quantile(cum, 0.95),
            mean_rank=self.rank_sum / d,
            acceptability=acc / d,
            grade_probability=grade,
            central_weights=central,
            tracked=self.tracked,
            tracked_ranks=self.tracked_ranks,
            n_draws=self.n_draws,
            bin_width=self.width,
        )

    def _quantile(self, cum: IntArray, p: float) -> IntArray:
        need = np.ceil(p * self.n_draws - 1e-9)
        b = np.argmax(cum >= max(need, 1), axis=1)
        return np.asarray(b * self.width + 1, dtype=np.int64)


def _cuts(grades: ArrayLike | None) -> FloatArray:
    if grades is None:
        return np.zeros(0)
    c = np.asarray(grades, dtype=np.float64).ravel()
    if not np.isfinite(c).all() or (np.diff(c) <= 0).any():
        raise InputError(f"grade cut-points {c.tolist()} must be finite and strictly ascending")
    return c
