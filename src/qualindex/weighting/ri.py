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

For every table ``random_index(n) == 0.0`` when ``n <= 2``: every reciprocal matrix of order 1 or 2
is consistent and its CR is defined as 0.
"""

from __future__ import annotations

import bisect
from typing import Literal, get_args

from qualindex.errors import InputError

__all__ = [
    "RI_TABLE_NAMES",
    "RITableName",
    "check_ri_table",
    "default_cr_limit",
    "random_index",
    "ri_table_range",
]

RITableName = Literal["saaty-1980", "saaty-2005", "donegan-dodd", "cn-1-15", "alonso-lamata"]
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

# Largest n each table covers (None: no upper bound).
_MAX_N: dict[str, int | None] = {
    "saaty-1980": 15,
    "saaty-2005": 15,
    "donegan-dodd": 100,
    "cn-1-15": 15,
    "alonso-lamata": None,
}


def check_ri_table(table: str) -> str:
    """Return ``table`` if it names a random-index table, else raise :class:`InputError`."""
    if table not in RI_TABLE_NAMES:
        choices = ", ".join(repr(t) for t in RI_TABLE_NAMES)
        raise InputError(
            f"ri_table {table!r} is not a known random-index table; use one of {choices}"
        )
    return table


def ri_table_range(table: str) -> tuple[int, int | None]:
    """Smallest and largest matrix order ``table`` covers (``None``: no upper bound)."""
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
    values = {"saaty-1980": _SAATY_1980, "saaty-2005": _SAATY_2005, "cn-1-15": _CN_1_15}[table]
    return values[n - 1]


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
