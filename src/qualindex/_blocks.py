"""Row blocks for kernels that stream over a large matrix in cache-sized pieces.

A kernel that would otherwise build several full-size temporaries (``x - lo``, ``p * log p``,
``v - ideal`` ...) runs over row blocks of about :data:`BLOCK_BYTES` instead, so its extra
memory is a few blocks plus its outputs, and each block is still in cache for the next step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import NDArray

__all__ = ["BLOCK_BYTES", "first_where", "row_blocks"]

#: Bytes of float64 per row block (about the size of a per-core L2 cache).
BLOCK_BYTES = 1 << 20


def row_blocks(m: int, n: int, block_bytes: int | None = None) -> Iterator[slice]:
    """Slices of consecutive rows of an ``m x n`` float64 matrix, about ``block_bytes`` each.

    ``block_bytes`` defaults to :data:`BLOCK_BYTES`, read at call time.
    """
    size = BLOCK_BYTES if block_bytes is None else block_bytes
    rows = max(1, size // (8 * max(n, 1)))
    for start in range(0, m, rows):
        yield slice(start, min(start + rows, m))


def first_where(
    x: NDArray[np.float64], test: Callable[[NDArray[np.float64]], NDArray[np.bool_]]
) -> tuple[int, ...] | None:
    """Index (C order) of the first element of a 1-D or 2-D ``x`` where ``test`` holds, or None.

    Runs block by block, so the boolean mask is never full-size.
    """
    if x.ndim != 2:
        hit = np.flatnonzero(test(x.ravel()))
        return None if hit.size == 0 else tuple(int(i) for i in np.unravel_index(hit[0], x.shape))
    for rows in row_blocks(x.shape[0], x.shape[1]):
        mask = test(x[rows])
        if mask.any():
            i, j = np.argwhere(mask)[0]
            return int(i) + (rows.start or 0), int(j)
    return None
