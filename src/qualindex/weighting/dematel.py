"""DEMATEL: total relation, prominence D+R, relation D-R, threshold map and weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualindex.choices import DematelNormalisationName as DematelNormalisation
from qualindex.errors import InputError

__all__ = [
    "DEMATEL_NORMALISATIONS",
    "DematelNormalisation",
    "DematelResult",
    "dematel",
]

FloatArray = NDArray[np.float64]
DEMATEL_NORMALISATIONS: tuple[str, ...] = get_args(DematelNormalisation)


@dataclass(frozen=True, slots=True)
class DematelResult:
    """Result of :func:`dematel` (all arrays read-only; factors in input order).

    Attributes
    ----------
    direct : numpy.ndarray, shape (n, n)
        The direct-relation matrix A (the experts' mean when several were given).
    normalised : numpy.ndarray, shape (n, n)
        :math:`N = A / s`.
    scale : float
        The normalising constant *s*.
    total : numpy.ndarray, shape (n, n)
        Total relation matrix :math:`T = N (I - N)^{-1}`.
    influence : numpy.ndarray, shape (n,)
        D, the row sums of T (影响度, influence given).
    influenced : numpy.ndarray, shape (n,)
        R, the column sums of T (被影响度, influence received).
    prominence : numpy.ndarray, shape (n,)
        D + R (中心度).
    relation : numpy.ndarray, shape (n,)
        D - R (原因度); > 0 a cause factor, < 0 an effect factor.
    weights : numpy.ndarray, shape (n,)
        :math:`w_i = (D_i + R_i) / \\sum_k (D_k + R_k)`.
    threshold : float
        The threshold used for the impact-relation map.
    relations : numpy.ndarray of bool, shape (n, n)
        ``total > threshold``: the arrows of the impact-relation map.
    normalisation : str
        ``"max"`` or ``"row"``.
    """

    direct: FloatArray
    normalised: FloatArray
    scale: float
    total: FloatArray
    influence: FloatArray
    influenced: FloatArray
    prominence: FloatArray
    relation: FloatArray
    weights: FloatArray
    threshold: float
    relations: NDArray[np.bool_]
    normalisation: str

    def __post_init__(self) -> None:
        for name in ("direct", "normalised", "total", "influence", "influenced"):
            getattr(self, name).setflags(write=False)
        for arr in (self.prominence, self.relation, self.weights, self.relations):
            arr.setflags(write=False)


def dematel(
    A: ArrayLike,
    *,
    normalisation: DematelNormalisation = "max",
    threshold: float | None = None,
) -> DematelResult:
    r"""Decision-making trial and evaluation laboratory (DEMATEL).

    From the direct-relation matrix :math:`A` (:math:`a_{ij}` = influence of factor
    *i* on factor *j*, zero diagonal; a stack of expert matrices is averaged first):

    .. math::

        N = A / s, \qquad T = N + N^2 + \dots = N (I - N)^{-1},

        D_i = \sum_j t_{ij}, \quad R_j = \sum_i t_{ij}, \qquad
        w_i = \frac{D_i + R_i}{\sum_k (D_k + R_k)}

    with :math:`s = \max(\max_i \sum_j a_{ij}, \max_j \sum_i a_{ij})` for
    ``normalisation="max"`` (Fontela & Gabus; SPSSAU) or the largest row sum for
    ``"row"`` (as pyDecision). D + R (prominence) ranks the factors' importance, D - R
    (relation) splits cause (> 0) from effect (< 0) factors, and the arrows of the
    impact-relation map are the entries of T above the threshold (default the mean
    of T, a common choice; Li & Tzeng 2009 discuss alternatives). The weights are
    the normalised prominence, as in SPSSAU and pyDecision.

    Parameters
    ----------
    A : array_like, shape (n, n) or (k, n, n)
        Direct-relation matrix (or k experts' matrices), finite, ``>= 0``, zero diagonal.
    normalisation : {"max", "row"}
    threshold : float, optional
        Threshold for the impact-relation map; default the mean of T.

    Returns
    -------
    DematelResult

    References
    ----------
    Fontela E., Gabus A. (1976). The DEMATEL Observer. Battelle Geneva Research Centre.
    Si S.L., You X.Y., Liu H.C., Zhang P. (2018). DEMATEL technique: a systematic
    review of the state-of-the-art literature on methodologies and applications.
    Mathematical Problems in Engineering 2018, 3696457.
    Li C.W., Tzeng G.H. (2009). Identification of a threshold value for the DEMATEL
    method using the maximum mean de-entropy algorithm. Expert Systems with
    Applications 36, 9891-9898.
    SPSSAU (2024). DEMATEL, https://www.spssau.net/helps/dematel.html.
    """
    if normalisation not in DEMATEL_NORMALISATIONS:
        raise InputError(
            f"normalisation {normalisation!r} is not one of "
            f"{', '.join(DEMATEL_NORMALISATIONS)}; use one of these"
        )
    a = _direct(A)
    n = a.shape[0]
    rows, cols = a.sum(axis=1), a.sum(axis=0)
    s = float(max(rows.max(), cols.max()) if normalisation == "max" else rows.max())
    if s <= 0:
        raise InputError("A is all zeros; rate at least one direct influence")
    N = a / s
    eye = np.eye(n)
    # N >= 0 with row (or column) sums <= 1, so its spectral radius is <= 1 and, by
    # Perron-Frobenius, equals 1 exactly when 1 is an eigenvalue: then I - N is singular and
    # the series N + N^2 + ... diverges.
    radius = float(np.max(np.abs(np.linalg.eigvals(N))))
    if radius >= 1.0 - 1e-12:
        raise InputError(
            f"N = A / {s:g} has spectral radius {radius:.6g}; the total relation "
            "N + N^2 + ... diverges (I - N is singular) because the influences form a closed "
            "cycle at full strength: revise A, e.g. weaken one influence on the cycle"
        )
    T = N @ np.linalg.inv(eye - N)
    D, R = T.sum(axis=1), T.sum(axis=0)
    cut = float(T.mean()) if threshold is None else _threshold(threshold)
    return DematelResult(
        direct=a,
        normalised=N,
        scale=s,
        total=T,
        influence=D,
        influenced=R,
        prominence=D + R,
        relation=D - R,
        weights=(D + R) / (D + R).sum(),
        threshold=cut,
        relations=np.greater(T, cut),
        normalisation=normalisation,
    )


def _threshold(value: float) -> float:
    if not isinstance(value, (int, float)) or not np.isfinite(value):
        raise InputError(f"threshold = {value!r} must be a finite number (or None for mean of T)")
    return float(value)


def _direct(A: ArrayLike) -> FloatArray:
    try:
        a = np.array(A, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"A must be a numeric matrix; conversion failed: {exc}") from None
    if a.ndim == 3:
        a = a.mean(axis=0)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 2:
        raise InputError(
            f"A has shape {a.shape}; give a square n x n direct-relation matrix (n >= 2) "
            "or a stack of them"
        )
    bad = np.argwhere(~np.isfinite(a) | (a < 0))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InputError(
            f"A[{i}, {j}] = {a[i, j]} must be finite and >= 0; direct influences are ratings "
            "such as 0-4"
        )
    diag = np.flatnonzero(np.diag(a) != 0)
    if diag.size:
        i = int(diag[0])
        raise InputError(
            f"A[{i}, {i}] = {a[i, i]} must be 0; a factor's influence on itself is not rated"
        )
    return a
