"""Random hierarchies for the sensitivity property tests."""

from __future__ import annotations

import numpy as np

from qualindex.sensitivity import Hierarchy


def random_tree(
    rng: np.random.Generator, n_aggregates: int = 4, max_children: int = 4
) -> Hierarchy:
    """A random tree: each new aggregate hangs under an earlier one, leaves fill the rest."""
    parent = [-1]
    kids: dict[int, int] = {0: 0}
    for _ in range(n_aggregates - 1):
        p = int(rng.integers(0, len(parent)))
        parent.append(p)
        kids[len(parent) - 1] = 0
        kids[p] = kids.get(p, 0) + 1
    aggregates = list(range(len(parent)))
    for a in aggregates:
        need = max(0, int(rng.integers(2, max_children + 1)) - kids[a])
        parent.extend([a] * need)
    # re-order so that parents precede children (they already do) and compute local weights
    par = np.array(parent)
    local = rng.random(par.size) + 0.05
    local[0] = 1.0
    for a in aggregates:
        ch = np.flatnonzero(par == a)
        local[ch] /= local[ch].sum()
    has = np.bincount(par[1:], minlength=par.size) > 0
    return Hierarchy(par, local, np.flatnonzero(~has))
