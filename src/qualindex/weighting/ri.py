"""Random-index (RI) tables for Saaty's consistency ratio, selectable by name.

The consistency ratio of an ``n x n`` pairwise comparison matrix is

.. math::

    CI = \\frac{\\lambda_{max} - n}{n - 1}, \\qquad CR = \\frac{CI}{RI_n},

where :math:`RI_n` is the mean CI of random reciprocal matrices of order ``n``.  Published
simulations disagree (at ``n = 3`` from 0.4792 to 0.58, so the same matrix has a CR that differs
by ~20 %), which is why every result in :mod:`qualindex.weighting` names the table it used.

Tables
------
``"saaty-1980"``
    Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill, Table 1.7 (p. 21), n = 1..15:
    0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59.
    The dip at n = 12 (1.48) is in the source (small simulation samples) and is kept as published.
    Some secondary sources print 1.51 for n = 10 (the n = 11 value shifted); we follow the book.
``"saaty-2005"``
    Saaty (2005), *Theory and Applications of the Analytic Network Process*, RWS, p. 31,
    n = 3..15: 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59.
    This is AHPy's ``random_index='saaty'`` table.
``"donegan-dodd"``
    Donegan & Dodd (1991), "A note on Saaty's random indexes", *Mathematical and Computer
    Modelling* 15(10), 135-137, n = 3..20, 25, 30, 40, ..., 100, exactly as tabulated in AHPy's
    ``random_index='dd'`` (its default).  Sizes between tabulated ones are interpolated linearly,
    as AHPy does.  The n = 90 entry (1.6213) is lower than n = 80 (1.6277); it is reproduced as
    tabulated.
``"cn-1-15"``
    The simulation table common in Chinese textbooks and standards, n = 1..15:
    0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59.
``"alonso-lamata"``
    Alonso & Lamata (2006), "Consistency in the analytic hierarchy process: a new approach",
    *Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems* 14(4), 445-459: the linear fit
    :math:`\\bar\\lambda_{max} = 2.7699 n - 4.3513` of random matrices' mean eigenvalue, hence
    :math:`RI_n = (1.7699 n - 4.3513)/(n - 1)` for any ``n >= 3`` (the form AHP-OS uses).
``"alonso-lamata-table"``
    The values Alonso & Lamata (2006) tabulate from their simulation of 100 000 matrices per
    size, n = 3..15: 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141,
    1.5365, 1.5551, 1.5713, 1.5838 (the fit above differs from them by up to ~0.02 at small n).
``"ahpsurvey"``
    The table of the R package ahpsurvey (Cho 2019, ``ahp.cr``), n = 1..50, from the package's
    own simulation (``ahp.ri``); e.g. RI(5) = 1.1081014.

Besides a name, a table can be a :class:`RITable`: the user's own values (:func:`ri_table_from`,
e.g. ``ri_table_from({3: 0.52, 4: 0.89})``) or a Monte Carlo simulation
(:func:`simulated_ri_table`).  An :class:`RITable` is a ``str`` (its name, so results and
provenance show it wherever a table name goes) that carries its values.

For every table ``random_index(n) == 0.0`` when ``n <= 2``: every reciprocal matrix of order 1 or 2
is consistent and its CR is defined as 0.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from types import MappingProxyType
from typing import get_args

import numpy as np

from qualindex.choices import RITableName  # the one declaration
from qualindex.errors import InputError

__all__ = [
    "RI_TABLE_NAMES",
    "RITable",
    "RITableName",
    "check_ri_table",
    "default_cr_limit",
    "random_index",
    "ri_table_from",
    "ri_table_range",
    "simulated_ri",
    "simulated_ri_table",
]

RI_TABLE_NAMES: tuple[str, ...] = get_args(RITableName)

# Index i holds RI for n = i + 1.
_SAATY_1980 = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
               1.51, 1.48, 1.56, 1.57, 1.59)  # fmt: skip
_SAATY_2005 = (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49,
               1.52, 1.54, 1.56, 1.58, 1.59)  # fmt: skip
_CN_1_15 = (0.0, 0.0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49,
            1.52, 1.54, 1.56, 1.58, 1.59)  # fmt: skip
_DONEGAN_DODD: dict[int, float] = {
    3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733, 10: 1.4055,
    11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153,
    18: 1.5262, 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976, 50: 1.6102,
    60: 1.6178, 70: 1.6237, 80: 1.6277, 90: 1.6213, 100: 1.6339,
}  # fmt: skip
_DD_SIZES = tuple(_DONEGAN_DODD)
_ALONSO_LAMATA_TABLE = (0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499,
                        1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838)  # fmt: skip
# Cho (2019), ahpsurvey R/ahp_cr.R, n = 1..50.
_AHPSURVEY = (0.0, 0.0, 0.5251686, 0.8836651, 1.1081014, 1.2492774, 1.3415514, 1.4048466,
    1.4507197, 1.4857266, 1.5141022, 1.5356638, 1.5545925, 1.5703498, 1.5839958, 1.5955704,
    1.6053208, 1.6140648, 1.6218900, 1.6288505, 1.6355145, 1.6410749, 1.6462439, 1.6509834,
    1.6554325, 1.6592237, 1.6631050, 1.6662368, 1.6696396, 1.6723214, 1.6751007, 1.6778474,
    1.6801459, 1.6824754, 1.6844494, 1.6865981, 1.6884438, 1.6901943, 1.6918461, 1.6935071,
    1.6950605, 1.6965334, 1.6979425, 1.6992006, 1.7004654, 1.7016392, 1.7027780, 1.7038778,
    1.7050314, 1.7060381)  # fmt: skip
_LISTS: dict[str, tuple[float, ...]] = {
    "saaty-1980": _SAATY_1980,
    "saaty-2005": _SAATY_2005,
    "cn-1-15": _CN_1_15,
    "alonso-lamata-table": _ALONSO_LAMATA_TABLE,
    "ahpsurvey": _AHPSURVEY,
}

# Largest n each table covers (None: no upper bound).
_MAX_N: dict[str, int | None] = {
    "saaty-1980": 15,
    "saaty-2005": 15,
    "donegan-dodd": 100,
    "cn-1-15": 15,
    "alonso-lamata": None,
    "alonso-lamata-table": 15,
    "ahpsurvey": 50,
}


class RITable(str):
    """A random-index table given by its values: a ``str`` (its name) carrying ``values``.

    ``values`` maps matrix order ``n >= 3`` to :math:`RI_n > 0` (read-only); ``n <= 2`` is
    always 0.  ``source`` says where the values come from.  Equality and hashing include the
    values, so two tables with one name but different values differ.  Build one with
    :func:`ri_table_from` or :func:`simulated_ri_table`.
    """

    values: Mapping[int, float]
    source: str

    def __new__(cls, name: str, values: Mapping[int, float], source: str = "user") -> RITable:
        obj = super().__new__(cls, name)
        obj.values = MappingProxyType(dict(sorted(values.items())))
        obj.source = source
        return obj

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RITable):
            return str(self) == str(other) and dict(self.values) == dict(other.values)
        return False

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((str(self), tuple(self.values.items())))

    def __reduce__(self) -> tuple[type, tuple[str, dict[int, float], str]]:
        return (RITable, (str(self), dict(self.values), self.source))


def ri_table_from(values: Mapping[int, float], *, name: str = "user") -> RITable:
    """A user's own random-index table, e.g. ``ri_table_from({3: 0.52, 4: 0.89, 5: 1.12})``.

    Keys are matrix orders ``n >= 3`` (entries for ``n <= 2`` must be 0 and are dropped),
    values are :math:`RI_n > 0`.  Orders not given are rejected when used (no interpolation).
    """
    if not isinstance(values, Mapping) or not values:
        raise InputError(
            f"ri_table values {values!r} must be a non-empty mapping of n to RI, e.g. "
            "{3: 0.52, 4: 0.89}"
        )
    out: dict[int, float] = {}
    for key, raw in values.items():
        n = _order(key, f"ri_table {name!r} key {key!r}")
        try:
            ri = float(raw)
        except (TypeError, ValueError):
            raise InputError(f"ri_table {name!r}: RI({n}) = {raw!r} must be a number") from None
        if n <= 2:
            if ri != 0:
                raise InputError(
                    f"ri_table {name!r}: RI({n}) = {ri:g} must be 0; every matrix of order "
                    "1 or 2 is consistent"
                )
            continue
        if not np.isfinite(ri) or ri <= 0:
            raise InputError(f"ri_table {name!r}: RI({n}) = {ri:g} must be a finite number > 0")
        out[n] = ri
    return RITable(name, out, "user")


def _order(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer | str):
        raise InputError(f"{what} must be an integer matrix order >= 1")
    try:
        value = int(n)
    except ValueError:
        raise InputError(f"{what} must be an integer matrix order >= 1") from None
    if value < 1 or str(value) != str(n).strip():
        raise InputError(f"{what} must be an integer matrix order >= 1")
    return value


def simulated_ri(n: int, draws: int = 10_000, seed: int = 42) -> float:
    """Monte Carlo random index: mean CI of ``draws`` random reciprocal matrices of order ``n``.

    Each judgment above the diagonal is drawn uniformly from the 17 values of Saaty's scale
    (1/9, ..., 1, ..., 9), as ahpsurvey's ``ahp.ri`` does, and

    .. math:: RI_n = \\frac{1}{D}\\sum_{d=1}^{D} \\frac{\\lambda_{max}(A_d) - n}{n - 1}.

    The standard error is about ``sd(CI) / sqrt(draws)`` (sd(CI) is about 0.51 at n = 5, so
    ~0.005 for 10 000 draws).
    NumPy's generator differs from R's, so the values match ahpsurvey's within Monte Carlo
    error, not digit for digit.

    Parameters
    ----------
    n : int
        Matrix order, ``n >= 3``.
    draws : int
        Number of random matrices.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    float

    References
    ----------
    Cho (2019), ahpsurvey ``ahp.ri``; Saaty (1980) ch. 1 (the definition of RI).
    """
    n = _order(n, f"n = {n!r}")
    if n < 3:
        raise InputError(f"n = {n} must be >= 3; RI is 0 for n <= 2")
    d = _order(draws, f"draws = {draws!r}")
    rng = np.random.default_rng(seed)
    scale = np.array([1 / v for v in range(9, 1, -1)] + list(range(1, 10)), dtype=np.float64)
    iu, ju = np.triu_indices(n, 1)
    total, done = 0.0, 0
    while done < d:
        m = min(20_000, d - done)
        a = np.ones((m, n, n))
        v = scale[rng.integers(0, scale.size, size=(m, iu.size))]
        a[:, iu, ju], a[:, ju, iu] = v, 1.0 / v
        lam = np.linalg.eigvals(a).real.max(axis=1)
        total += float(((lam - n) / (n - 1)).sum())
        done += m
    return total / d


def simulated_ri_table(max_n: int, draws: int = 10_000, seed: int = 42) -> RITable:
    """:func:`simulated_ri` for ``n = 3..max_n`` as a table named ``simulated-D-seed-S``."""
    top = _order(max_n, f"max_n = {max_n!r}")
    if top < 3:
        raise InputError(f"max_n = {top} must be >= 3")
    values = {n: simulated_ri(n, draws, seed) for n in range(3, top + 1)}
    return RITable(f"simulated-{draws}-seed-{seed}", values, f"simulated ({draws} draws)")


def check_ri_table(table: str) -> str:
    """Return ``table`` if it names a random-index table (or is an :class:`RITable`)."""
    if isinstance(table, RITable):
        return table
    if table not in RI_TABLE_NAMES:
        choices = ", ".join(repr(t) for t in RI_TABLE_NAMES)
        raise InputError(
            f"ri_table {table!r} is not a known random-index table; use one of {choices}"
        )
    return table


def ri_table_range(table: str) -> tuple[int, int | None]:
    """Smallest and largest matrix order ``table`` covers (``None``: no upper bound).

    For an :class:`RITable` the smallest is 1 and the largest its largest ``n`` (orders in
    between that it does not give are still rejected by :func:`random_index`).
    """
    if isinstance(table, RITable):
        return 1, max(table.values, default=2)
    return 1, _MAX_N[check_ri_table(table)]


def random_index(n: int, table: str = "saaty-1980") -> float:
    """Random index :math:`RI_n` of the named table.

    .. math:: CR = \\frac{\\lambda_{max} - n}{(n - 1)\\, RI_n}

    Parameters
    ----------
    n : int
        Matrix order, ``n >= 1``.
    table : str
        One of :data:`RI_TABLE_NAMES` (see the module docstring for the sources).

    Returns
    -------
    float
        :math:`RI_n`; ``0.0`` for ``n <= 2`` in every table.

    References
    ----------
    Saaty (1980) Table 1.7, p. 21; Saaty (2005) p. 31; Donegan & Dodd (1991) Table 1;
    Alonso & Lamata (2006) eq. for :math:`\\bar\\lambda_{max}`.
    """
    check_ri_table(table)
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"matrix order n = {n!r} must be an integer >= 1")
    n = int(n)
    if isinstance(table, RITable):
        return _own(n, table)
    top = _MAX_N[table]
    if top is not None and n > top:
        raise InputError(
            f"n = {n} is outside the {table!r} random-index table (n = 1..{top}); "
            "use ri_table='alonso-lamata' (any n >= 3)"
            + (" or 'donegan-dodd' (n <= 100)" if top < 100 else "")
        )
    if n <= 2:
        return 0.0
    if table == "alonso-lamata":
        return (1.7699 * n - 4.3513) / (n - 1)
    if table == "donegan-dodd":
        return _donegan_dodd(n)
    return _LISTS[table][n - 1]


def _own(n: int, table: RITable) -> float:
    if n <= 2:
        return 0.0
    if n not in table.values:
        given = ", ".join(str(k) for k in table.values)
        raise InputError(
            f"n = {n} is not in the random-index table {str(table)!r} (given for n = {given}); "
            f"add RI({n}) to its values or use a named table such as 'alonso-lamata'"
        )
    return table.values[n]


def _donegan_dodd(n: int) -> float:
    """Tabulated value, or linear interpolation between the neighbouring tabulated sizes."""
    if n in _DONEGAN_DODD:
        return _DONEGAN_DODD[n]
    hi = _DD_SIZES[bisect.bisect_left(_DD_SIZES, n)]
    lo = _DD_SIZES[bisect.bisect_left(_DD_SIZES, n) - 1]
    slope = (_DONEGAN_DODD[hi] - _DONEGAN_DODD[lo]) / (hi - lo)
    return _DONEGAN_DODD[lo] + slope * (n - lo)


def default_cr_limit(n: int) -> float:
    """Saaty's acceptance threshold for the consistency ratio of an ``n x n`` matrix.

    0.05 for ``n = 3``, 0.08 for ``n = 4`` and 0.10 for ``n >= 5``, the thresholds Saaty gives
    in *Fundamentals of Decision Making and Priority Theory with the AHP* (RWS, 1994).  Matrices
    with ``n <= 2`` are always consistent; the limit returned for them (0.10) can never be exceeded
    since their CR is 0.
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"matrix order n = {n!r} must be an integer >= 1")
    if n == 3:
        return 0.05
    if n == 4:
        return 0.08
    return 0.10
