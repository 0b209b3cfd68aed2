"""A weighted hierarchy as flat arrays, and its global weights and composites (pure numpy).

A hierarchy of ``n_nodes`` nodes is given by

``parent``  int array ``(n_nodes,)``
    ``parent[i]`` is the index of node ``i``'s parent, ``-1`` for the root (node 0).  Parents come
    before their children (``parent[i] < i``), so one pass per depth level suffices.
``local``   float array ``(n_nodes,)`` (or ``(..., n_nodes)`` for a batch of weight draws)
    Local weight of every node among its siblings; the children of an aggregate node sum to 1.
``leaves``  int array ``(n_leaves,)``
    ``leaves[j]`` is the node whose scores are column ``j`` of the score matrix.

Global weights are the products of local weights down the path from the root (Saaty 1980,
hierarchic composition),

.. math:: g_{root} = 1, \\qquad g_i = g_{parent(i)}\\, w_i,

and the composite of entity ``e`` is the weighted sum of its leaf scores,
:math:`S_e = \\sum_j g_{leaf(j)} x_{ej}`.  The sub-composite of node ``n`` is the composite of
its own subtree with its own local weights, :math:`V_n = \\sum_{c \\in ch(n)} w_c V_c`
(:math:`V_{leaf} = x`), so that :math:`S = V_{root}`.

References
----------
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill, ch. 4 (hierarchic
composition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.errors import InputError

__all__ = [
    "Hierarchy",
    "composite",
    "descending_order",
    "global_weights",
    "ranks_of",
    "sub_composites",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Tolerance of the "children's local weights sum to 1" check.
SUM_TOL = 1e-9


def freeze_array(arr: ArrayLike, dtype: Any = np.float64) -> Any:
    """A read-only copy (results of the kernels share no writable array)."""
    out: NDArray[Any] = np.array(arr, dtype=dtype)
    out.setflags(write=False)
    return out


def _check_parent(parent: IntArray) -> None:
    if parent.ndim != 1 or parent.size == 0 or parent[0] != -1:
        raise InputError(
            f"parent has shape {parent.shape} and parent[0] = {parent[:1]}; give one parent per "
            "node with the root first (parent[0] = -1)"
        )
    idx = np.arange(parent.size)
    bad = (parent[1:] < 0) | (parent[1:] >= idx[1:])
    if bad.any():
        i = int(np.flatnonzero(bad)[0]) + 1
        raise InputError(
            f"parent[{i}] = {parent[i]} must be a node before {i} (0 <= parent[i] < i); "
            "order nodes so that every parent comes before its children, one root only"
        )


def _check_local(local: FloatArray, parent: IntArray) -> None:
    if local.shape[-1] != parent.size:
        raise InputError(
            f"local has {local.shape[-1]} weights for {parent.size} nodes; give one per node"
        )
    bad = ~np.isfinite(local) | (local < 0) | (local > 1 + SUM_TOL)
    if bad.any():
        i = int(np.argwhere(bad)[0][-1])
        raise InputError(f"local weight of node {i} must be in [0, 1]; got {local[..., i]}")
    sums_t = np.zeros((parent.size, *local.shape[:-1]))
    np.add.at(sums_t, parent[1:], np.moveaxis(local, -1, 0)[1:])
    sums = np.moveaxis(sums_t, 0, -1)
    has = np.bincount(parent[1:], minlength=parent.size) > 0
    off = np.abs(sums[..., has] - 1.0) > SUM_TOL
    if off.any():
        node = int(np.flatnonzero(has)[np.argwhere(off)[0][-1]])
        raise InputError(
            f"the children of node {node} have local weights summing to "
            f"{sums[..., node].ravel()[0]:.12g}; local weights of siblings must sum to 1"
        )


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """A validated hierarchy (see the module docstring); arrays are read-only.

    Attributes
    ----------
    parent : ndarray of int, shape (n_nodes,)
    local : ndarray, shape (n_nodes,)
        Base local weights (the root's entry is 1).
    leaves : ndarray of int, shape (n_leaves,)
        Node of each score column.
    levels : tuple of ndarray
        Node indices at depth 1, 2, ... (the root is depth 0).
    """

    parent: IntArray
    local: FloatArray
    leaves: IntArray
    levels: tuple[IntArray, ...] = field(init=False)

    def __post_init__(self) -> None:
        parent = np.asarray(self.parent, dtype=np.int64)
        _check_parent(parent)
        local = np.array(self.local, dtype=np.float64)
        _check_local(local, parent)
        local[0] = 1.0
        leaves = np.asarray(self.leaves, dtype=np.int64)
        self._check_leaves(parent, leaves)
        depth = np.zeros(parent.size, dtype=np.int64)
        for i in range(1, parent.size):
            depth[i] = depth[parent[i]] + 1
        levels = tuple(
            freeze_array(np.flatnonzero(depth == d), np.int64) for d in range(1, depth.max() + 1)
        )
        object.__setattr__(self, "parent", freeze_array(parent, np.int64))
        object.__setattr__(self, "local", freeze_array(local))
        object.__setattr__(self, "leaves", freeze_array(leaves, np.int64))
        object.__setattr__(self, "levels", levels)

    @staticmethod
    def _check_leaves(parent: IntArray, leaves: IntArray) -> None:
        has_children = np.bincount(parent[1:], minlength=parent.size) > 0
        expected = np.flatnonzero(~has_children)
        if leaves.ndim != 1 or sorted(leaves.tolist()) != expected.tolist():
            raise InputError(
                f"leaves = {leaves.tolist()} must list every childless node exactly once "
                f"(these are {expected.tolist()}); give the node of each score column"
            )

    @property
    def n_nodes(self) -> int:
        return int(self.parent.size)

    @property
    def n_leaves(self) -> int:
        return int(self.leaves.size)

    def children(self, node: int) -> IntArray:
        """Indices of the children of ``node`` (ascending)."""
        return np.flatnonzero(self.parent == node)

    def aggregates(self) -> IntArray:
        """Indices of the nodes that have children."""
        return np.flatnonzero(np.bincount(self.parent[1:], minlength=self.n_nodes) > 0)

    def with_local(self, local: ArrayLike) -> Hierarchy:
        """The same tree with other local weights (validated)."""
        return Hierarchy(self.parent, np.asarray(local, dtype=np.float64), self.leaves)


def global_weights(tree: Hierarchy, local: ArrayLike | None = None) -> FloatArray:
    """Global weights of every node, for one or a batch of local-weight vectors.

    .. math:: g_{root} = 1, \\qquad g_i = g_{parent(i)}\\, w_i

    Parameters
    ----------
    tree : Hierarchy
    local : array_like, shape (..., n_nodes), optional
        Local weights (default ``tree.local``); not re-validated, so a kernel can pass draws.

    Returns
    -------
    ndarray, shape (..., n_nodes)
        One vectorised pass per depth level.

    References
    ----------
    Saaty (1980), ch. 4.
    """
    w = np.asarray(tree.local if local is None else local, dtype=np.float64)
    g = np.empty(w.shape, dtype=np.float64)
    g[..., 0] = 1.0
    for idx in tree.levels:
        g[..., idx] = g[..., tree.parent[idx]] * w[..., idx]
    return g


def check_scores(tree: Hierarchy, scores: ArrayLike) -> FloatArray:
    """Finite scores, one column per leaf of ``tree``."""
    x = np.asarray(scores, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != tree.n_leaves:
        raise InputError(
            f"scores has shape {x.shape}; give (n_entities, {tree.n_leaves}), one column per leaf"
        )
    if not np.isfinite(x).all():
        e, j = (int(v) for v in np.argwhere(~np.isfinite(x))[0])
        raise InputError(f"scores[{e}, {j}] = {x[e, j]} is not finite; impute missing scores first")
    return x


def composite(tree: Hierarchy, scores: ArrayLike, local: ArrayLike | None = None) -> FloatArray:
    """Composite scores :math:`S = X g_{leaves}` (weighted arithmetic mean down the tree).

    ``scores`` is ``(n_entities, n_leaves)``; with ``local`` of shape ``(d, n_nodes)`` the result
    is ``(d, n_entities)``, else ``(n_entities,)``.
    """
    x = check_scores(tree, scores)
    g = global_weights(tree, local)[..., tree.leaves]
    return np.asarray(g @ x.T, dtype=np.float64)


def sub_composites(tree: Hierarchy, scores: ArrayLike) -> FloatArray:
    """Sub-composite :math:`V_n` of every node for every entity, shape (n_entities, n_nodes).

    .. math:: V_{leaf(j)} = x_{\\cdot j}, \\qquad V_n = \\sum_{c \\in ch(n)} w_c V_c
    """
    x = check_scores(tree, scores)
    v = np.zeros((x.shape[0], tree.n_nodes))
    v[:, tree.leaves] = x
    vt = v.T  # a view: one row per node
    for idx in reversed(tree.levels):
        np.add.at(vt, tree.parent[idx], vt[idx] * tree.local[idx][:, None])
    return v


def descending_order(values: ArrayLike) -> IntArray:
    """Indices that sort the last axis from highest to lowest, ties by position (stable).

    Equal to ``np.argsort(-values, kind="stable")`` but about 3x faster: an introsort, and the
    stable sort only for the rows that contain a tie (where the orders could differ).
    """
    s = np.asarray(values, dtype=np.float64)
    flat = s.reshape(-1, s.shape[-1]) if s.ndim else s.reshape(1, 1)
    order = np.argsort(-flat, axis=1)
    v = np.take_along_axis(flat, order, axis=1)
    tied = (v[:, 1:] == v[:, :-1]).any(axis=1)
    if tied.any():
        order[tied] = np.argsort(-flat[tied], axis=1, kind="stable")
    return order.reshape(s.shape)


def ranks_of(values: ArrayLike) -> IntArray:
    """Ranks along the last axis, 1 = highest value; ties broken by position (ordinal).

    .. math:: r_e = 1 + \\#\\{f : S_f > S_e\\} + \\#\\{f < e : S_f = S_e\\}
    """
    s = np.asarray(values, dtype=np.float64)
    order = descending_order(s)
    ranks = np.empty(s.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.arange(1, s.shape[-1] + 1), axis=-1)
    return ranks
