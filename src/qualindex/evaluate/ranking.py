"""Ranks by sorting, O(n log n), without scipy.

Two tie rules are used in qualindex:

* **competition** ("1224") ranks, best first: a value's rank is one plus the number of values
  strictly better than it, so tied values share the better rank (entity ranks, TOPSIS ranks);
* **average** (fractional, "1 2.5 2.5 4") ranks, smallest first: tied values share the mean of
  the positions they occupy (percentile scoring, Kendall's W).

``NaN`` takes no rank: it gets rank 0 in the integer competition ranks and ``NaN`` in the
average ranks, and is not counted among the values it would be compared with.

References
----------
Knuth, D. E. (1998). *The Art of Computer Programming*, vol. 3, 2nd ed., sec. 5 (ranking by
sorting).  Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3),
239-251 (average ranks of ties).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["average_ranks", "block_codes", "competition_ranks"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def block_codes(blocks: Sequence[Hashable]) -> IntArray:
    """Integer code per element, numbered in order of first appearance (one O(n) pass)."""
    seen: dict[Hashable, int] = {}
    return np.fromiter(
        (seen.setdefault(b, len(seen)) for b in blocks), dtype=np.int64, count=len(blocks)
    )


def competition_ranks(values: ArrayLike, codes: ArrayLike | None = None) -> IntArray:
    r"""Descending competition ranks within blocks: :math:`r_i = 1 + \#\{k : v_k > v_i\}`.

    .. math:: r_i = 1 + \#\{k \ne i : b_k = b_i,\ v_k > v_i\}

    Parameters
    ----------
    values : array_like, shape (m,)
        Values, larger is better; ``NaN`` gets rank 0 and is not compared.
    codes : array_like of int, shape (m,), optional
        Block of each value (see :func:`block_codes`); ranks are counted within a block.
        Default: one block.

    Returns
    -------
    numpy.ndarray of int64, shape (m,)
        1 = best of its block; ties share the better rank (1, 2, 2, 4).

    References
    ----------
    Knuth (1998), sec. 5; the "standard competition ranking" of sports tables.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    out = np.zeros(v.size, dtype=np.int64)
    ok = np.flatnonzero(~np.isnan(v))
    if ok.size == 0:
        return out
    key = v[ok]
    new_block = np.zeros(key.size, dtype=bool)
    new_block[0] = True
    if codes is None:
        order = np.argsort(-key)  # any order of ties: a tie's rank depends only on its value
        ks = key[order]
    else:
        c = np.asarray(codes)[ok]
        order = np.lexsort((-key, c))  # by block, then best first
        ks, cs = key[order], c[order]
        new_block[1:] = cs[1:] != cs[:-1]
    new_value = new_block.copy()
    new_value[1:] |= ks[1:] != ks[:-1]
    pos = np.arange(ks.size)
    block_start = np.maximum.accumulate(np.where(new_block, pos, 0))
    tie_start = np.maximum.accumulate(np.where(new_value, pos, 0))
    out[ok[order]] = tie_start - block_start + 1
    return out


def average_ranks(values: ArrayLike, *, axis: int = 0) -> FloatArray:
    """Ascending average ranks along ``axis`` (1 = smallest), NaN kept out and left NaN.

    .. math:: r_i = \\frac{1}{|T_i|} \\sum_{k \\in T_i} k, \\quad T_i = \\text{the positions
              (1-based, among the observed values) of the values equal to } v_i

    Equal to ``scipy.stats.rankdata(values, axis=axis, nan_policy="omit")``.

    References
    ----------
    Kendall (1945), *Biometrika* 33(3), 239-251.
    """
    x = np.moveaxis(np.asarray(values, dtype=np.float64), axis, -1)
    shape = x.shape
    flat = np.ascontiguousarray(x.reshape(-1, shape[-1]) if x.ndim else x.reshape(1, 1))
    m = flat.shape[1]
    order = np.argsort(flat, axis=1, kind="stable")  # NaN sort last
    s = np.take_along_axis(flat, order, axis=1)
    start = np.ones(s.shape, dtype=bool)
    start[:, 1:] = s[:, 1:] != s[:, :-1]  # NaN != NaN: every NaN its own run (masked below)
    pos = np.broadcast_to(np.arange(m), s.shape)
    first = np.maximum.accumulate(np.where(start, pos, 0), axis=1)
    end = np.ones(s.shape, dtype=bool)
    end[:, :-1] = start[:, 1:]
    last = np.flip(np.minimum.accumulate(np.flip(np.where(end, pos, m), axis=1), axis=1), axis=1)
    ranks = (first + last) / 2.0 + 1.0
    ranks[np.isnan(s)] = np.nan
    out = np.empty_like(ranks)
    np.put_along_axis(out, order, ranks, axis=1)
    return np.moveaxis(out.reshape(shape), -1, axis) if x.ndim else out.reshape(())
