"""Group AHP: AIJ/AIP aggregation, CR policies, Goepel's consensus, dispersion."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualindex.errors import InputError
from qualindex.weighting.ahp import ahp, ahp_batch, matrix_from_upper
from qualindex.weighting.group import ahp_consensus, aij_matrix, group_ahp
from qualindex.weighting.incomplete import lambda_optimal

DATA = Path(__file__).resolve().parents[1] / "data"

SAATY_SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
SAATY_3X3 = matrix_from_upper([3, 5, 3], 3)  # CR 0.0332 (passes 0.05)
INCONSISTENT_3X3 = matrix_from_upper([5, 1 / 5, 7], 3)  # strongly intransitive, CR >> 0.05


def _experts(seed: int, k: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack(
        [matrix_from_upper(rng.choice(SAATY_SCALE, n * (n - 1) // 2), n) for _ in range(k)]
    )


# --------------------------------------------------------------------- published results


def test_aij_geometric_equals_aip_geometric_barzilai_golany_1994() -> None:
    """Barzilai & Golany (1994): with row-geometric-mean priorities, aggregating judgments by the
    weighted geometric mean (AIJ) and aggregating priorities by the weighted geometric mean
    (AIP) give the same group vector."""
    stack = _experts(3, 5, 6)
    beta = [0.1, 0.3, 0.2, 0.25, 0.15]
    aij = group_ahp(stack, expert_weights=beta, aggregation="aij", method="geometric")
    aip = group_ahp(stack, expert_weights=beta, aggregation="aip", method="geometric")
    np.testing.assert_allclose(aij.weights, aip.weights, rtol=1e-12)


def test_aij_keeps_reciprocity_and_unanimity_aczel_saaty_1983() -> None:
    """Aczél & Saaty (1983): the weighted geometric mean is the synthesis that keeps the group
    matrix reciprocal and returns a unanimous judgment unchanged."""
    stack = _experts(4, 4, 5)
    stack[:, 0, 1], stack[:, 1, 0] = 7.0, 1 / 7
    g = aij_matrix(stack, expert_weights=[1, 2, 3, 4])
    np.testing.assert_allclose(g * g.T, np.ones((5, 5)), rtol=1e-14)
    assert g[0, 1] == pytest.approx(7.0, rel=1e-14)
    w = np.array([1, 2, 3, 4]) / 10
    expected = np.exp(np.tensordot(w, np.log(stack), axes=1))
    np.testing.assert_allclose(g, expected, rtol=1e-14)


def test_consensus_goepel_bounds_identical_and_opposed_experts() -> None:
    """Goepel (2013; AHP-OS): S* = 1 when all priority vectors coincide, and S* = 0 when n
    experts each rate a different item M = 9 times above all others (the extreme vector that
    defines D_alpha,min, whose mean is uniform, D_gamma,max = n)."""
    for n in (2, 3, 5, 9):
        p = np.full((n, n), 1.0)
        np.fill_diagonal(p, 9.0)
        p /= p.sum(axis=1, keepdims=True)
        assert ahp_consensus(p) == pytest.approx(0.0, abs=1e-12)
        same = np.tile(p[0], (4, 1))
        assert ahp_consensus(same) == pytest.approx(1.0, abs=1e-12)


def test_consensus_of_extreme_vectors_comes_from_the_judgments() -> None:
    """The extreme vector is what AHP itself derives when one item is judged 9 times every
    other: group_ahp's consensus of n such experts is 0, of n identical experts 1."""
    n = 4
    stack = []
    for top in range(n):
        a = np.ones((n, n))
        a[top, :], a[:, top] = 9.0, 1 / 9
        a[top, top] = 1.0
        stack.append(a)
    res = group_ahp(np.stack(stack))
    assert res.consensus == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(res.weights, np.full(n, 1 / n), rtol=1e-12)
    same = group_ahp(np.stack([stack[0]] * 3))
    assert same.consensus == pytest.approx(1.0, abs=1e-12)


def test_consensus_decreases_as_experts_disagree() -> None:
    base = np.array([0.5, 0.3, 0.2])
    near = np.array([base, [0.48, 0.32, 0.2], [0.52, 0.28, 0.2]])
    far = np.array([base, [0.2, 0.3, 0.5], [0.3, 0.5, 0.2]])
    assert 1 > ahp_consensus(near) > ahp_consensus(far) > 0


def test_dispersion_is_ahp_os_geometric_sd() -> None:
    """AHP-OS (AhpGroup::pwcGeoMean): exp of the sample standard deviation of ln a_ij.
    Two experts saying 2 and 8: sd of (ln 2, ln 8) is sqrt(2) ln 2, so the spread is 2**sqrt(2)."""
    a = matrix_from_upper([2, 1, 1], 3)
    b = matrix_from_upper([8, 1, 1], 3)
    res = group_ahp(np.stack([a, b]))
    assert res.dispersion[0, 1] == pytest.approx(2 ** np.sqrt(2), rel=1e-14)
    assert res.dispersion[1, 0] == pytest.approx(2 ** np.sqrt(2), rel=1e-14)
    assert res.dispersion[1, 2] == 1.0 and np.all(np.diag(res.dispersion) == 1.0)
    assert res.group_matrix is not None and res.group_matrix[0, 1] == pytest.approx(4.0)


# --------------------------------------------------------------------- behaviour


def test_cr_policies() -> None:
    stack = np.stack([SAATY_3X3, INCONSISTENT_3X3, SAATY_3X3])
    inc = group_ahp(stack, cr_policy="include")
    assert inc.expert_pass.tolist() == [True, False, True]
    assert inc.used.all() and inc.flagged == () and inc.excluded == ()
    flag = group_ahp(stack, cr_policy="flag")
    assert flag.used.all() and flag.flagged == (1,)
    np.testing.assert_allclose(flag.weights, inc.weights, rtol=1e-15)
    exc = group_ahp(stack, cr_policy="exclude")
    assert exc.used.tolist() == [True, False, True] and exc.excluded == (1,)
    assert exc.expert_weights.tolist() == [0.5, 0.0, 0.5]
    np.testing.assert_allclose(exc.weights, ahp(SAATY_3X3).weights, rtol=1e-12)
    assert exc.cr_limit == 0.05
    with pytest.raises(InputError, match=r"every expert fails the CR limit.*repair_batch"):
        group_ahp(np.stack([INCONSISTENT_3X3] * 2), cr_policy="exclude")


def test_expert_results_match_individual_ahp() -> None:
    stack = _experts(5, 6, 5)
    res = group_ahp(stack, ri_table="donegan-dodd", method="column")
    single = ahp_batch(stack, ri_table="donegan-dodd", method="column")
    np.testing.assert_allclose(res.expert_priorities, single.weights, rtol=1e-14)
    np.testing.assert_allclose(res.expert_cr, single.cr, rtol=1e-14)
    assert res.group_cr == pytest.approx(
        ahp(res.group_matrix, ri_table="donegan-dodd", method="column").cr, rel=1e-12
    )


def test_aip_arithmetic_mean() -> None:
    stack = _experts(6, 3, 4)
    res = group_ahp(stack, aggregation="aip", aip_mean="arithmetic", expert_weights=[1, 1, 2])
    w = ahp_batch(stack).weights
    np.testing.assert_allclose(res.weights, (w[0] + w[1] + 2 * w[2]) / 4, rtol=1e-14)
    assert res.group_matrix is None and res.group_cr is None


def test_missing_judgments_use_experts_who_gave_the_pair() -> None:
    """AIJ with NaN: the geometric mean runs over the experts who judged the pair; the expert's
    own priorities come from the lambda-optimal completion of their matrix."""
    stack = _experts(8, 3, 5)
    stack[0, 1, 3] = stack[0, 3, 1] = np.nan
    res = group_ahp(stack, expert_weights=[2, 1, 1])
    assert res.group_matrix is not None
    assert res.group_matrix[1, 3] == pytest.approx(np.sqrt(stack[1, 1, 3] * stack[2, 1, 3]))
    assert res.group_matrix[0, 1] == pytest.approx(
        np.exp(0.5 * np.log(stack[0, 0, 1]) + 0.25 * np.log(stack[1:, 0, 1]).sum())
    )
    own = ahp(lambda_optimal(stack[0]).matrix)
    np.testing.assert_allclose(res.expert_priorities[0], own.weights, rtol=1e-12)
    assert res.expert_cr[0] == pytest.approx(own.cr, rel=1e-12)


def test_pair_judged_by_nobody_is_completed() -> None:
    stack = _experts(9, 2, 4)
    stack[:, 0, 3] = stack[:, 3, 0] = np.nan
    res = group_ahp(stack)
    assert res.group_matrix is not None and np.isfinite(res.group_matrix).all()
    assert np.isnan(res.dispersion[0, 3])


def test_disconnected_expert_is_named() -> None:
    stack = _experts(10, 2, 4)
    stack[1, 0, 1:] = stack[1, 1:, 0] = np.nan
    with pytest.raises(InputError, match=r"expert 1: the judgments do not connect all items"):
        group_ahp(stack)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"aggregation": "mean"}, r"aggregation 'mean' is not supported; use one of 'aij', 'aip'"),
        ({"cr_policy": "drop"}, r"cr_policy 'drop' .* 'include', 'exclude', 'flag'"),
        ({"aip_mean": "median"}, r"aip_mean 'median' .* 'geometric', 'arithmetic'"),
        ({"expert_weights": [1, 2]}, r"expert_weights has shape \(2,\); .* \(3\)"),
        ({"expert_weights": [1, -1, 1]}, r"expert_weights\[1\] = -1.0 must be a finite number"),
        ({"expert_weights": [0, 0, 0]}, r"expert_weights sum to 0"),
        ({"cr_limit": -1}, r"cr_limit = -1 must be a finite number >= 0"),
        ({"method": "x"}, r"method 'x' is not a priority method"),
        ({"censor_by": "gm"}, r"censor_by 'gm' is not supported; use one of 'method', 'eig"),
        ({"trim": 0.5}, r"trim = 0.5 must be a share in \[0, 0.5\)"),
        ({"trim_rule": "x"}, r"trim_rule 'x' .* 'count', 'quantile'"),
        ({"normalise": "no"}, r"normalise = 'no' must be True or False"),
    ],
)
def test_group_rejects_bad_options(kwargs: dict[str, object], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        group_ahp(_experts(11, 3, 4), **kwargs)  # type: ignore[arg-type]


def test_group_rejects_bad_stack() -> None:
    stack = _experts(12, 2, 3)
    stack[1, 0, 2] = 0.0
    with pytest.raises(InputError, match=r"stack\[1\]\[0, 2\] = 0 must be > 0"):
        group_ahp(stack)
    with pytest.raises(InputError, match=r"give \(k, n\) priority vectors of k >= 2 experts"):
        ahp_consensus([[0.5, 0.5]])


def test_single_expert_has_no_consensus() -> None:
    res = group_ahp(SAATY_3X3[np.newaxis])
    assert res.consensus is None
    np.testing.assert_allclose(res.weights, ahp(SAATY_3X3).weights, rtol=1e-14)
    assert np.isnan(res.dispersion[0, 1]) and res.group_cr == pytest.approx(ahp(SAATY_3X3).cr)


# --------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 8),
    k=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    aggregation=st.sampled_from(["aij", "aip"]),
)
def test_identical_experts_equal_the_single_expert(
    n: int, k: int, seed: int, aggregation: str
) -> None:
    one = _experts(seed, 1, n)
    stack = np.repeat(one, k, axis=0)
    beta = np.random.default_rng(seed).uniform(0.1, 1.0, size=k)
    res = group_ahp(stack, expert_weights=beta, aggregation=aggregation)
    single = ahp(one[0])
    np.testing.assert_allclose(res.weights, single.weights, rtol=1e-10)
    if aggregation == "aij":
        assert res.group_matrix is not None
        np.testing.assert_allclose(res.group_matrix, one[0], rtol=1e-13)
        assert res.group_cr == pytest.approx(single.cr, rel=1e-9, abs=1e-14)
    if k >= 2:
        assert res.consensus == pytest.approx(1.0, abs=1e-12)
        np.testing.assert_allclose(res.dispersion, np.ones((n, n)), rtol=1e-12)


# ------------------------------------------------- conventions of ahpsurvey (Cho 2019)


def _city200() -> np.ndarray:
    """ahpsurvey's ``city200`` data (200 respondents x 10 signed pairs of cult, fam, house,
    jobs, trans), exported from ``data/city200.rda`` of github.com/frankiecho/ahpsurvey to
    tests/data/ahpsurvey_city200.csv.  A negative answer means the left attribute is more
    important (``ahp.mat(negconvert = TRUE)``)."""
    raw = np.genfromtxt(DATA / "ahpsurvey_city200.csv", delimiter=",", skip_header=1)
    x = -raw
    values = np.where(x > 0, x, 1 / -x)
    return np.stack([matrix_from_upper(v, 5) for v in values])


def test_aip_arithmetic_aggpref_ahpsurvey_vignette_city200() -> None:
    """ahpsurvey vignette (Cho 2019), ``ahp.aggpref(cityahp, atts, method = "arithmetic")``
    printed 0.1620 0.4367 0.0761 0.2827 0.0424: individual priorities by the row means of the
    column-normalised matrix (our ``method="column"``), averaged arithmetically, not
    renormalised."""
    res = group_ahp(
        _city200(), aggregation="aip", method="column", aip_mean="arithmetic", normalise=False
    )
    np.testing.assert_allclose(res.weights, [0.1620, 0.4367, 0.0761, 0.2827, 0.0424], atol=5e-5)
    assert res.aip_mean == "arithmetic" and res.normalise is False


def test_censored_aggpref_ahpsurvey_vignette_city200_canned_routine() -> None:
    """ahpsurvey vignette, the canned routine ``ahp(city200, method = 'arithmetic',
    aggmethod = 'arithmetic', censorcr = 0.1)``: "Number of observations censored = 70",
    AggPref 0.1581 0.4430 0.0757 0.2820 0.0412, SD.AggPref 0.02970 0.05422 0.00768 0.04593
    0.00559.  ahpsurvey censors by the eigenvalue CR with its own RI table (RI(5) =
    1.1081014) whatever the priority method."""
    res = group_ahp(
        _city200(), aggregation="aip", method="column", aip_mean="arithmetic", normalise=False,
        cr_policy="exclude", cr_limit=0.1, censor_by="eigenvector", ri_table="ahpsurvey",
    )  # fmt: skip
    assert len(res.excluded) == 70 and res.used.sum() == 130
    np.testing.assert_allclose(res.weights, [0.1581, 0.4430, 0.0757, 0.2820, 0.0412], atol=5e-5)
    np.testing.assert_allclose(
        res.priority_sd, [0.02970, 0.05422, 0.00768, 0.04593, 0.00559], atol=5e-6
    )
    eig = ahp_batch(_city200(), ri_table="ahpsurvey").cr
    np.testing.assert_allclose(res.censor_cr, eig, rtol=1e-12)
    assert res.censor_by == "eigenvector" and not np.allclose(res.expert_cr, eig, rtol=1e-9)


def test_geometric_aggpref_unnormalised_ahpsurvey_readme_city200() -> None:
    """ahpsurvey README: ``ahp(city200, negconvert = TRUE, agg = TRUE)`` (eigen priorities,
    geometric aggregation) prints AggPref 0.15261018 0.44827276 0.07052519 0.27579123
    0.03965027 (sum 0.987: not renormalised) and SD.AggPref 0.033564038 0.057695635
    0.008844754 0.053734270 0.006700507.  ahpsurvey's "eigen" stops after 11 power iterations,
    so it agrees with the exact eigenvector to about 1e-7.  Its printed individual CRs (first
    respondent 0.06125366) were made with RI(5) = 1.11, Saaty's 2005 value."""
    stack = _city200()
    res = group_ahp(stack, aggregation="aip", normalise=False)
    published = [0.15261018, 0.44827276, 0.07052519, 0.27579123, 0.03965027]
    np.testing.assert_allclose(res.weights, published, rtol=2e-6)
    sd = [0.033564038, 0.057695635, 0.008844754, 0.053734270, 0.006700507]
    np.testing.assert_allclose(res.priority_sd, sd, rtol=2e-5)  # power-iteration residue
    first = ahp_batch(stack[:6], ri_table="saaty-2005")
    cr = [0.06125366, 0.02962755, 0.06327989, 0.09308731, 0.10604443, 0.10740624]
    np.testing.assert_allclose(first.cr, cr, rtol=1e-5)
    np.testing.assert_allclose(
        first.weights[0], [0.1709466, 0.4587181, 0.08547330, 0.2507636, 0.03409845], rtol=1e-6
    )
    normalised = group_ahp(stack, aggregation="aip")
    np.testing.assert_allclose(normalised.weights, res.weights / res.weights.sum(), rtol=1e-14)


def test_trimmed_aip_count_and_quantile_rules() -> None:
    """Trimmed means of the individual priorities: "count" drops floor(trim K) values at each
    end (scipy.stats.trim_mean); "quantile" keeps values strictly between the type-7
    quantiles, as ahpsurvey's tmean does."""
    from scipy.stats import trim_mean

    stack = _city200()[:40]
    p = ahp_batch(stack, method="column").weights
    res = group_ahp(
        stack, aggregation="aip", method="column", aip_mean="arithmetic", normalise=False,
        trim=0.1,
    )  # fmt: skip
    np.testing.assert_allclose(res.weights, trim_mean(p, 0.1, axis=0), rtol=1e-13)
    q = group_ahp(
        stack, aggregation="aip", method="column", aip_mean="arithmetic", normalise=False,
        trim=0.2, trim_rule="quantile",
    )  # fmt: skip
    lo, hi = np.quantile(p, 0.2, axis=0), np.quantile(p, 0.8, axis=0)
    expected = [p[(p[:, j] > lo[j]) & (p[:, j] < hi[j]), j].mean() for j in range(5)]
    np.testing.assert_allclose(q.weights, expected, rtol=1e-13)
    assert q.trim == 0.2 and q.trim_rule == "quantile"
    untrimmed = group_ahp(stack, aggregation="aip", trim=0.0, trim_rule="quantile")
    np.testing.assert_allclose(untrimmed.weights, group_ahp(stack, aggregation="aip").weights)
    with pytest.raises(InputError, match=r"leaves no weighted expert for item 0"):
        group_ahp(np.stack([SAATY_3X3] * 3), aggregation="aip", trim=0.2, trim_rule="quantile")


def test_decision_maker_weights_in_aip_and_aij() -> None:
    """Forman & Peniwati (1998): weighted geometric mean of judgments (AIJ) or priorities."""
    stack = _experts(21, 3, 4)
    beta = np.array([3.0, 1.0, 1.0])
    aip = group_ahp(stack, aggregation="aip", expert_weights=beta)
    w = ahp_batch(stack).weights
    g = np.exp((beta[:, None] * np.log(w)).sum(axis=0) / beta.sum())
    np.testing.assert_allclose(aip.weights, g / g.sum(), rtol=1e-13)
    aij = group_ahp(stack, expert_weights=beta)
    gm = np.exp(np.tensordot(beta / beta.sum(), np.log(stack), axes=1))
    np.testing.assert_allclose(aij.group_matrix, gm, rtol=1e-13)
