"""Coupling coordination degree: the normative and modified formulas, SPSSAU's rescaling,
the ten levels, invariants and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualindex.errors import InputError
from qualindex.evaluate.coupling import (
    COORDINATION_LEVELS,
    coordination_level,
    coupling_coordination,
)


def test_coupling_two_systems_normative_formula_by_hand() -> None:
    """王淑佳 et al. (2021) eq. (1), n = 2: C = 2 sqrt(U1 U2)/(U1 + U2).

    U = (0.36, 0.64): C = 2 * 0.48 / 1.0 = 0.96, T = 0.5, D = sqrt(0.48) = 0.6928
    (初级协调, level 7)."""
    r = coupling_coordination([[0.36, 0.64]])
    np.testing.assert_allclose(r.C, [0.96], rtol=1e-12)
    np.testing.assert_allclose(r.T, [0.5], rtol=1e-12)
    np.testing.assert_allclose(r.D, [np.sqrt(0.48)], rtol=1e-12)
    assert r.level.tolist() == [7]
    assert COORDINATION_LEVELS[r.level[0] - 1][1] == "初级协调"


def test_coupling_n_system_forms_agree() -> None:
    """[prod U / (mean U)^n]^(1/n) equals n (prod U)^(1/n) / sum U (two ways of writing the
    normative n-system formula, 王淑佳 et al. 2021 section 2.1)."""
    U = np.array([[0.2, 0.5, 0.9], [0.3, 0.3, 0.3], [0.1, 0.8, 0.6]])
    r = coupling_coordination(U)
    expected = (U.prod(axis=1) / U.mean(axis=1) ** 3) ** (1 / 3)
    np.testing.assert_allclose(r.C, expected, rtol=1e-12)
    assert r.C[1] == pytest.approx(1.0)


def test_coupling_wang_2021_modified_formula_by_hand() -> None:
    """王淑佳 et al. (2021) modified coupling degree, n = 2:
    C = sqrt((1 - |U1 - U2|) * min/max). U = (0.36, 0.64): sqrt(0.72 * 0.5625) = 0.6364.

    Their Table 8 shows the modified C below the original one for every city and year; for
    n = 2 that always holds, since sqrt(r) <= 2 sqrt(r)/(1 + r) for r = min/max."""
    r = coupling_coordination([[0.36, 0.64]], formula="wang")
    np.testing.assert_allclose(r.C, [np.sqrt(0.72 * 0.5625)], rtol=1e-12)
    three = coupling_coordination([[0.2, 0.5, 0.9]], formula="wang")
    gaps = (0.3 + 0.7 + 0.4) / 3
    level = (0.2 / 0.9 * 0.5 / 0.9 * 1.0) ** 0.5
    np.testing.assert_allclose(three.C, [np.sqrt((1 - gaps) * level)], rtol=1e-12)


def test_coupling_wang_2021_scale_argument() -> None:
    """王淑佳 et al.'s validity argument: the normative C only sees the ratio of the
    subsystems, so (0.09, 0.16) and (0.36, 0.64) couple equally (C = 0.96) although the
    second pair is four times as developed; the modified C tells them apart."""
    low, high = [[0.09, 0.16]], [[0.36, 0.64]]
    assert coupling_coordination(low).C[0] == pytest.approx(coupling_coordination(high).C[0])
    assert coupling_coordination(low, formula="wang").C[0] != pytest.approx(
        coupling_coordination(high, formula="wang").C[0]
    )


def test_coupling_fan_formula_by_hand() -> None:
    """Fan et al.: C = 1 - 2 * population SD. U = (0.36, 0.64): SD = 0.14, C = 0.72."""
    r = coupling_coordination([[0.36, 0.64]], formula="fan")
    np.testing.assert_allclose(r.C, [0.72], rtol=1e-12)


def test_coupling_spssau_intervalisation() -> None:
    """SPSSAU's data intervalisation: 0.01 + 0.98 (x - min)/(max - min) per column, so the
    column extremes become 0.01 and 0.99 and no subsystem is 0 (a 0 would force C = 0)."""
    X = [[10.0, 3.0], [20.0, 1.0], [15.0, 2.0]]
    r = coupling_coordination(X, rescale="spssau")
    np.testing.assert_allclose(r.U, [[0.01, 0.99], [0.99, 0.01], [0.5, 0.5]], rtol=1e-12)
    assert np.all(r.C > 0)
    plain = coupling_coordination(X, rescale="minmax")
    assert plain.C[0] == 0.0 and plain.C[1] == 0.0


def test_coupling_weights_for_T() -> None:
    r = coupling_coordination([[0.2, 0.8]], weights=[3, 1])
    np.testing.assert_allclose(r.T, [0.75 * 0.2 + 0.25 * 0.8], rtol=1e-12)


@pytest.mark.parametrize(
    ("d", "level"),
    [
        (0.0, 1),
        (0.0999, 1),
        (0.1, 2),
        (0.45, 5),
        (0.5, 6),
        (0.7, 8),
        (0.8999, 9),
        (0.9, 10),
        (1.0, 10),
    ],
)
def test_coordination_levels_ten_bands(d: float, level: int) -> None:
    """Ten equal bands of D (田深圳 et al. 2021, 地理学报 76(4), Table 1; SPSSAU). The bands
    here are closed below, so 0.7 is 中级协调 (level 8) and 1.0 优质协调 (level 10);
    田深圳 et al. write them closed above (0.6 < D <= 0.7 初级协调): only a D exactly on a
    boundary is graded differently."""
    assert coordination_level([d]).tolist() == [level]


unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)), elements=unit),
    st.sampled_from(["standard", "wang", "fan"]),
)
def test_coupling_C_T_D_in_unit_interval(u: np.ndarray, formula: str) -> None:
    """C, T and D lie in [0, 1]; the standard C is symmetric in the subsystems."""
    r = coupling_coordination(u, formula=formula)  # type: ignore[arg-type]
    for arr in (r.C, r.T, r.D):
        assert np.all((arr >= 0) & (arr <= 1))
    flipped = coupling_coordination(u[:, ::-1], formula=formula)  # type: ignore[arg-type]
    np.testing.assert_allclose(flipped.C, r.C, atol=1e-12)
    if formula == "wang" and u.shape[1] == 2:
        assert np.all(r.C <= coupling_coordination(u).C + 1e-12)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([[0.5]],), {}, "at least 2"),
        (([[0.5, 1.2]],), {}, r"U\[0, 1\] = 1.2"),
        (([[0.5, 0.6]],), {"formula": "liu"}, "formula"),
        (([[0.5, 0.6]],), {"rescale": "zscore"}, "rescale"),
        (([[0.5, 0.6]],), {"weights": [1, -1]}, "weights"),
    ],
)
def test_coupling_input_errors(args: tuple, kwargs: dict, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=match):
        coupling_coordination(*args, **kwargs)
    with pytest.raises(InputError, match="D ="):
        coordination_level([1.5])


# Lyu W., R package ``coupling`` (CRAN), vignette "Coupling Coordination Degree Model and
# Metacoupling Analysis": the first six Guangzhou units of the gzma data (sdsfun), min-max
# normalised and printed to 7 decimals, and the C and D of ccd() for each method.
GZMA_U = np.array(
    [
        [0.8179733, 0.3246648, 0.6590316, 0.1308531],
        [0.3020233, 0.1318888, 0.4046987, 0.5173794],
        [0.9209903, 0.3353516, 0.6921477, 0.3141320],
        [0.9604095, 0.3914758, 0.7099999, 0.4316421],
        [0.9061589, 0.3473603, 0.7297774, 0.6909494],
        [0.9456379, 0.4391423, 0.7304117, 0.4792905],
    ]
)
GZMA_PUBLISHED = {
    "standard": (
        [0.8051958, 0.8914577, 0.8999423, 0.9346128, 0.9440912, 0.9519923],
        [0.6237105, 0.5497290, 0.7134825, 0.7632959, 0.7944703, 0.7858001],
    ),
    "wang": (
        [0.4722274, 0.6211236, 0.5375842, 0.5861986, 0.6640321, 0.6319211],
        [0.4776480, 0.4588675, 0.5514412, 0.6045044, 0.6662930, 0.6402164],
    ),
    "fan": (
        [0.4593785, 0.7164548, 0.4915051, 0.5399620, 0.5951898, 0.5907777],
        [0.4711049, 0.4928249, 0.5272784, 0.5801746, 0.6308098, 0.6190239],
    ),
}


@pytest.mark.parametrize("formula", ["standard", "wang", "fan"])
def test_coupling_lyu_r_package_gzma_vignette(formula: str) -> None:
    """R package ``coupling`` (Lyu), vignette ccd: four subsystems (population stability,
    education, occupation, income) of six Guangzhou units, equal weights for T. Published C
    and D to 7 decimals for the standard, Wang et al. and Fan et al. formulas. The inputs are
    themselves printed to 7 decimals, so agreement is to 2e-7 rather than 5e-8."""
    r = coupling_coordination(GZMA_U, formula=formula)  # type: ignore[arg-type]
    C, D = GZMA_PUBLISHED[formula]
    np.testing.assert_allclose(r.C, C, atol=2e-7)
    np.testing.assert_allclose(r.D, D, atol=2e-7)
