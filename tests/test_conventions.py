"""Conventions of published sources, selected in a run configuration or on a node (issue 12).

Each test goes through the run layer (``load_project`` -> ``weigh``), so the YAML keys, the
typed options and the provenance are exercised together; the numbers are the published ones
(ahpsurvey's vignette and README, Rezaei 2016) or the kernel's on the same input.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualindex import choices
from qualindex.errors import InputError, JudgmentError
from qualindex.run import load_project, weigh
from qualindex.weighting import ri
from qualindex.weighting.bwm import bwm_linear
from qualindex.weighting.group import group_ahp
from qualindex.weighting.ri import simulated_ri
from qualindex.weighting.tree import WeightOptions, pairwise_stack, weigh_tree

DATA = Path(__file__).parent / "data"
CITY = ("cult", "fam", "house", "jobs", "trans")


def _city_index(tmp: Path, weighting: str = "{method: ahp}") -> None:
    kids = "\n".join(
        f"  - {{id: {c}, name: {{en: {c}}}, column: {c}, scale: likert5}}" for c in CITY
    )
    (tmp / "city.yaml").write_text(
        f'qualindex: 1\nid: city\nversion: "1"\nname: {{en: City}}\n'
        f"weighting: {weighting}\nchildren:\n{kids}\n",
        encoding="utf-8",
    )
    shutil.copy(DATA / "ahpsurvey_city200.csv", tmp / "city200.csv")


def _city_run(tmp: Path, weighting: str = "{}") -> Path:
    (tmp / "run.yaml").write_text(
        "qualindex: 1\nindex: city.yaml\n"
        "judgments: [{table: city200.csv, coding: signed, negative: first}]\n"
        f"weighting: {weighting}\n",
        encoding="utf-8",
    )
    return tmp / "run.yaml"


def test_literal_names_match_the_kernels() -> None:
    assert get_args(choices.RITableName) == ri.RI_TABLE_NAMES
    from qualindex.weighting import bwm, group

    assert get_args(choices.AIPMean) == group.AIP_MEANS
    assert get_args(choices.CensorBy) == group.CENSOR_BY
    assert get_args(choices.TrimRule) == group.TRIM_RULES
    assert set(get_args(choices.BWMModel)) == set(bwm.BWM_MODELS)


def test_ahpsurvey_vignette_censored_aggpref_from_a_run_config(tmp_path: Path) -> None:
    """ahpsurvey vignette: ``ahp(city200, method = 'arithmetic', aggmethod = 'arithmetic',
    censorcr = 0.1)`` -> 70 censored, AggPref 0.1581 0.4430 0.0757 0.2820 0.0412; selected
    run-wide in YAML, city200 read as a survey table with negative answers favouring the
    first attribute."""
    _city_index(tmp_path)
    run = _city_run(
        tmp_path,
        "{priority: column, group: aip, aip_mean: arithmetic, normalise: false, "
        "cr_policy: exclude, cr_limit: 0.1, censor_by: eigenvector, ri_table: ahpsurvey}",
    )
    node = weigh(load_project(run)).nodes["city"]
    np.testing.assert_allclose(node.weights, [0.1581, 0.4430, 0.0757, 0.2820, 0.0412], atol=5e-5)
    assert sum(not x.used for x in node.experts) == 70
    p = node.provenance
    assert (p["group"], p["aip_mean"], p["normalise"], p["censor_by"], p["ri_table"]) == (
        "aip",
        "arithmetic",
        False,
        "eigenvector",
        "ahpsurvey",
    )
    assert p["trim"] == 0.0 and p["trim_rule"] == "count"
    assert node.ri == pytest.approx(1.1081014, abs=1e-12)  # ahpsurvey RI(5)


def test_ahpsurvey_vignette_arithmetic_aggpref_set_on_the_node(tmp_path: Path) -> None:
    """``ahp.aggpref(cityahp, atts, method = "arithmetic")`` printed 0.1620 0.4367 0.0761
    0.2827 0.0424; here the node's own weighting selects the convention over the run's."""
    _city_index(
        tmp_path,
        "{method: ahp, priority: column, group: aip, aip_mean: arithmetic, normalise: false}",
    )
    node = weigh(load_project(_city_run(tmp_path, "{group: aij}"))).nodes["city"]
    np.testing.assert_allclose(node.weights, [0.1620, 0.4367, 0.0761, 0.2827, 0.0424], atol=5e-5)
    assert node.provenance["group"] == "aip" and node.provenance["censor_by"] == "method"


def test_ahpsurvey_readme_geometric_unnormalised_and_trimmed_equal_the_kernel(
    tmp_path: Path,
) -> None:
    """README: ``ahp(city200, negconvert = TRUE, agg = TRUE)`` AggPref 0.15261018 0.44827276
    0.07052519 0.27579123 0.03965027 (geometric, not renormalised); and a quantile-trimmed
    mean equals the kernel's on the same matrices."""
    _city_index(tmp_path)
    project = load_project(_city_run(tmp_path, "{group: aip, normalise: false}"))
    node = weigh(project).nodes["city"]
    published = [0.15261018, 0.44827276, 0.07052519, 0.27579123, 0.03965027]
    np.testing.assert_allclose(node.weights, published, rtol=2e-6)
    trimmed = load_project(
        _city_run(tmp_path, "{group: aip, aip_mean: arithmetic, trim: 0.1, trim_rule: quantile}")
    )
    got = weigh(trimmed).nodes["city"]
    stack, _ = pairwise_stack(trimmed.index.root, trimmed.all_judgments)
    want = group_ahp(
        stack, aggregation="aip", aip_mean="arithmetic", trim=0.1, trim_rule="quantile"
    )
    np.testing.assert_allclose(got.weights, want.weights, rtol=1e-12)
    assert got.provenance["trim"] == 0.1 and got.provenance["trim_rule"] == "quantile"


def _mini(tmp: Path, weighting: str, run_weighting: str = "{}", n: int = 4) -> Path:
    kids = "abcde"[:n]
    leaves = "\n".join(
        f"  - {{id: {c}, name: {{en: {c}}}, column: {c}, scale: likert5}}" for c in kids
    )
    (tmp / "mini.yaml").write_text(
        f'qualindex: 1\nid: mini\nversion: "1"\nname: {{en: Mini}}\n'
        f"weighting: {weighting}\nchildren:\n{leaves}\n",
        encoding="utf-8",
    )
    full = [(kids[i], kids[j]) for i in range(n) for j in range(i + 1, n)]
    for k, (name, base) in enumerate((("li", 2), ("wang", 3), ("zhang", 4))):
        pairs = ", ".join(f"[{a}, {b}, {base + (i % 3) - k % 2}]" for i, (a, b) in enumerate(full))
        (tmp / f"{name}.yaml").write_text(
            f"qualindex: 1\nexpert: {{id: {name}}}\npairwise:\n  mini: [{pairs}]\n",
            encoding="utf-8",
        )
    (tmp / "run.yaml").write_text(
        "qualindex: 1\nindex: mini.yaml\njudgments: [li.yaml, wang.yaml, zhang.yaml]\n"
        f"weighting: {run_weighting}\n",
        encoding="utf-8",
    )
    return tmp / "run.yaml"


def test_user_ri_values_are_used_and_named(tmp_path: Path) -> None:
    run = _mini(tmp_path, "{method: ahp}", "{ri_table: {values: {3: 0.52, 4: 0.89}}}")
    node = weigh(load_project(run)).nodes["mini"]
    assert node.ri == 0.89 and node.ri_table == "user"
    assert node.provenance["ri_values"] == {"3": 0.52, "4": 0.89}
    assert node.provenance["ri_source"] == "user"
    assert node.cr == pytest.approx(node.ci / 0.89, rel=1e-12)


def test_user_ri_values_without_the_nodes_order_is_a_located_error(tmp_path: Path) -> None:
    run = _mini(tmp_path, "{method: ahp, ri_table: {values: {3: 0.52}}}")
    with pytest.raises(JudgmentError) as exc:
        weigh(load_project(run))
    (problem,) = exc.value.problems
    assert problem.file is not None and problem.file.endswith("mini.yaml")
    assert problem.line == 1 and problem.path == "mini"
    assert "'mini'" in problem.message and "ri_table:" in problem.message
    assert "n = 3" in problem.message and "4" in (problem.fix or "")


def test_simulated_ri_table(tmp_path: Path) -> None:
    run = _mini(tmp_path, "{method: ahp}", "{ri_table: simulated, ri_draws: 2000, ri_seed: 7}")
    node = weigh(load_project(run)).nodes["mini"]
    assert node.ri == pytest.approx(simulated_ri(4, 2000, 7), rel=1e-12)
    assert node.ri_table == "simulated-2000-seed-7"
    assert node.provenance["ri_source"] == "simulated (2000 draws)"


def test_named_alonso_lamata_table_is_the_tabulated_value(tmp_path: Path) -> None:
    """Alonso & Lamata (2006) tabulate RI(4) = 0.8815; their linear fit gives another value."""
    run = _mini(tmp_path, "{method: ahp, ri_table: alonso-lamata-table}")
    node = weigh(load_project(run)).nodes["mini"]
    assert node.ri == 0.8815 and node.provenance["ri_table"] == "alonso-lamata-table"
    fit = weigh(load_project(_mini(tmp_path, "{method: ahp, ri_table: alonso-lamata}")))
    assert fit.nodes["mini"].ri == pytest.approx((1.7699 * 4 - 4.3513) / 3)


def test_decision_maker_weights_per_node_override_the_files(tmp_path: Path) -> None:
    run = _mini(tmp_path, "{method: ahp, expert_weights: {li: 2, wang: 1, zhang: 1}}")
    project = load_project(run)
    node = weigh(project).nodes["mini"]
    stack, sets = pairwise_stack(project.index.root, project.all_judgments)
    assert [s.expert.id for s in sets] == ["li", "wang", "zhang"]
    want = group_ahp(stack, expert_weights=[2, 1, 1], cr_policy="flag")
    equal = group_ahp(stack, cr_policy="flag")
    np.testing.assert_allclose(node.weights, want.weights, rtol=1e-12)
    assert not np.allclose(want.weights, equal.weights, rtol=1e-6)  # the weights matter
    assert node.provenance["expert_weights"] == {"li": 2, "wang": 1, "zhang": 1}


def test_decision_maker_weights_must_name_every_expert(tmp_path: Path) -> None:
    run = _mini(tmp_path, "{method: ahp, expert_weights: {li: 2, wang: 1}}")
    with pytest.raises(JudgmentError, match="zhang"):
        weigh(load_project(run))


def test_censor_by_eigenvector_with_geometric_priorities_equals_the_kernel(
    tmp_path: Path,
) -> None:
    run = _mini(tmp_path, "{method: ahp}", "{priority: geometric, censor_by: eigenvector}")
    project = load_project(run)
    node = weigh(project).nodes["mini"]
    stack, _ = pairwise_stack(project.index.root, project.all_judgments)
    want = group_ahp(stack, method="geometric", censor_by="eigenvector", cr_policy="flag")
    assert [x.passed for x in node.experts] == want.expert_pass.tolist()
    np.testing.assert_allclose(node.weights, want.weights, rtol=1e-12)
    assert node.provenance["censor_by"] == "eigenvector"


def test_defaults_are_the_former_numbers(tmp_path: Path) -> None:
    """A run config naming every default gives the numbers of no settings at all."""
    run = _mini(
        tmp_path,
        "{method: ahp}",
        "{aip_mean: geometric, normalise: true, trim: 0, trim_rule: count, censor_by: method, "
        "bwm_model: nonlinear, tie_correction: true, ri_table: saaty-1980}",
    )
    project = load_project(run)
    assert project.options == WeightOptions()
    got = weigh(project).nodes["mini"]
    plain = weigh_tree(project.index, project.judgments).nodes["mini"]
    np.testing.assert_array_equal(got.weights, plain.weights)


EX2_BO = [2, 1, 4, 3, 8]  # Rezaei (2016) car example 2: best = 2nd, worst = 5th
EX2_OW = [4, 8, 2, 3, 1]  # Table 3


def _bwm_project(tmp: Path, weighting: str, run_weighting: str = "{}") -> Path:
    kids = ["price", "quality", "comfort", "safety", "style"]
    leaves = "\n".join(
        f"  - {{id: {c}, name: {{en: {c}}}, column: {c}, scale: likert5}}" for c in kids
    )
    (tmp / "car.yaml").write_text(
        f'qualindex: 1\nid: car\nversion: "1"\nname: {{en: Car}}\nweighting: {weighting}\n'
        f"children:\n{leaves}\n",
        encoding="utf-8",
    )
    bo = ", ".join(f"{c}: {v}" for c, v in zip(kids, EX2_BO, strict=True))
    ow = ", ".join(f"{c}: {v}" for c, v in zip(kids, EX2_OW, strict=True))
    (tmp / "dm.yaml").write_text(
        "qualindex: 1\nexpert: {id: dm}\nbwm:\n  car: {best: quality, worst: style, "
        f"best_to_others: {{{bo}}}, others_to_worst: {{{ow}}}}}\n",
        encoding="utf-8",
    )
    (tmp / "run.yaml").write_text(
        f"qualindex: 1\nindex: car.yaml\njudgments: [dm.yaml]\nweighting: {run_weighting}\n",
        encoding="utf-8",
    )
    return tmp / "run.yaml"


def test_bwm_linear_model_rezaei_2016_car_example_2(tmp_path: Path) -> None:
    """Rezaei (2016) car example 2, linear model: w = (0.2295, 0.4481, 0.1148, 0.1530,
    0.0546), xi^L = 0.0109; CR = xi^L / CI as the R package BWM reports it."""
    node = weigh(load_project(_bwm_project(tmp_path, "{method: bwm, model: linear}"))).nodes["car"]
    np.testing.assert_allclose(node.weights, [0.2295, 0.4481, 0.1148, 0.1530, 0.0546], atol=5e-5)
    p = node.provenance
    (dm,) = p["bwm"]
    assert p["bwm_model"] == "linear" and dm["xi"] == pytest.approx(0.0109, abs=5e-5)
    kernel = bwm_linear(EX2_BO, EX2_OW, best=1, worst=4)
    assert dm["cr"] == kernel.consistency_ratio and dm["ci"] == kernel.consistency_index
    assert p["cr_convention"] == kernel.cr_convention


def test_bwm_model_run_wide_and_default(tmp_path: Path) -> None:
    linear = weigh(load_project(_bwm_project(tmp_path, "{method: bwm}", "{bwm_model: linear}")))
    assert linear.nodes["car"].provenance["bwm_model"] == "linear"
    default = weigh(load_project(_bwm_project(tmp_path, "{method: bwm}"))).nodes["car"]
    assert default.provenance["model"] == "Rezaei 2015 nonlinear"
    (dm,) = default.provenance["bwm"]
    assert dm["cr"] is not None and len(dm["lower"]) == 5
    assert all(lo <= up for lo, up in zip(dm["lower"], dm["upper"], strict=True))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    group=st.sampled_from(["aij", "aip"]),
    aip_mean=st.sampled_from(["geometric", "arithmetic"]),
    normalise=st.booleans(),
    trim=st.sampled_from([0.0, 0.2, 0.4]),
    trim_rule=st.sampled_from(["count", "quantile"]),
    censor_by=st.sampled_from(["method", "eigenvector"]),
    priority=st.sampled_from(["eigenvector", "geometric", "column"]),
    ri_table=st.sampled_from(["saaty-1980", "ahpsurvey", "alonso-lamata-table"]),
)
def test_any_convention_through_the_tree_equals_the_kernel(
    tmp_path: Path,
    group: str,
    aip_mean: str,
    normalise: bool,
    trim: float,
    trim_rule: str,
    censor_by: str,
    priority: str,
    ri_table: str,
) -> None:
    """Property: whatever the options, the tree passes them unchanged to group_ahp."""
    project = load_project(_mini(tmp_path, "{method: ahp}"))
    opts = WeightOptions(
        priority=priority,  # type: ignore[arg-type]
        ri_table=ri_table,  # type: ignore[arg-type]
        group=group,  # type: ignore[arg-type]
        aip_mean=aip_mean,  # type: ignore[arg-type]
        normalise=normalise,
        trim=trim,
        trim_rule=trim_rule,  # type: ignore[arg-type]
        censor_by=censor_by,  # type: ignore[arg-type]
    )
    stack, _ = pairwise_stack(project.index.root, project.all_judgments)
    try:
        want = group_ahp(
            stack, aggregation=group, cr_policy="flag", method=priority, ri_table=ri_table,
            aip_mean=aip_mean, normalise=normalise, trim=trim, trim_rule=trim_rule,
            censor_by=censor_by,
        )  # fmt: skip
    except InputError as exc:  # e.g. a trim that leaves no expert: located at the node
        with pytest.raises(JudgmentError) as located:
            weigh_tree(project.index, project.judgments, options=opts)
        (problem,) = located.value.problems
        assert problem.path == "mini" and str(exc) in problem.message
        return
    got = weigh_tree(project.index, project.judgments, options=opts).nodes["mini"]
    np.testing.assert_allclose(got.weights, want.weights, rtol=1e-12)
    assert [x.passed for x in got.experts] == want.expert_pass.tolist()
    assert got.provenance["censor_by"] == censor_by and got.ri_table == ri_table
    assert ("aip_mean" in got.provenance) == (group == "aip")
