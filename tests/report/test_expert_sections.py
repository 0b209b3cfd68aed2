"""Expert statistics in every output: report tables (HTML, Markdown, xlsx) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.evaluate.surveystats import cronbach_alpha_missing
from qualindex.experts import expert_statistics
from qualindex.report import Analyses, write_report
from qualindex.report.messages import t
from qualindex.run import evaluate, load_project

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "indicators" / "network-service-quality" / "run.yaml"


def test_report_shows_kendalls_w_and_consensus(tmp_path: Path) -> None:
    project = load_project(RUN)
    ev = evaluate(project)
    stats = expert_statistics(project)
    root = next(n for n in stats.nodes if n.node == project.index.id)
    assert root.kendall is not None
    given = Analyses(experts=stats)  # the caller computes them; the report only renders
    for lang in ("zh", "en"):
        html = write_report(project, ev, tmp_path / f"r-{lang}.html", lang=lang, analyses=given)
        assert t("table.agreement", lang) in html.read_text("utf-8")
        assert f"{root.kendall.w:.4f}" in html.read_text("utf-8")
        md = write_report(project, ev, tmp_path / f"r-{lang}.md", lang=lang, analyses=given)
        assert t("table.agreement", lang) in md.read_text("utf-8")
    book = load_workbook(write_report(project, ev, tmp_path / "r.xlsx", lang="en", analyses=given))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert t("table.agreement", "en") in values and root.kendall.w in values


def test_weights_and_evaluate_json_carry_the_expert_statistics() -> None:
    runner = CliRunner()
    for command in ("weights", "evaluate"):
        result = runner.invoke(app, [command, str(RUN), "--format", "json"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        nodes = {n["node"]: n for n in doc["experts"]["nodes"]}
        assert nodes["network-service-quality"]["kendall"]["w"] > 0


def test_alpha_with_blank_answers_follows_the_run_config(tmp_path: Path) -> None:
    """evaluate.survey.alpha_missing: pairwise gives psych's alpha (pairwise covariances),
    listwise SPSS's; both equal the kernel on the same answers."""
    import shutil

    shutil.copytree(ROOT / "indicators" / "servqual-22", tmp_path / "s")
    shutil.copy(ROOT / "indicators" / "servqual-22.yaml", tmp_path / "servqual-22.yaml")
    run = tmp_path / "s" / "run.yaml"
    config = yaml.safe_load(run.read_text(encoding="utf-8"))
    got = {}
    for how in ("listwise", "pairwise"):
        config["evaluate"] = {**config.get("evaluate", {}), "survey": {"alpha_missing": how}}
        run.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        ev = evaluate(load_project(run))
        assert ev.survey is not None and ev.survey.reliability
        got[how] = ev.survey.reliability[0]
        block = ev.data.respondents[0]
        cols = [block.items.index(i) for i in got[how].items]
        want = cronbach_alpha_missing(block.answers[:, cols], missing=how).alpha
        assert abs(got[how].alpha - want) < 1e-12
    assert got["listwise"].alpha != got["pairwise"].alpha  # the data have blank answers


def test_report_has_a_sensitivity_section_with_the_commands_numbers(tmp_path: Path) -> None:
    """The report command's numbers: those of `qualindex sensitivity` with the report's
    settings (weights, judgments and methods, 500 draws, seed 0)."""
    from qualindex.uncertainty import REPORT_DRAWS, Vary, sensitivity

    project = load_project(RUN)
    ev = evaluate(project)
    vary: list[Vary] = ["weights", "judgments", "methods"]
    s = sensitivity(project, ev, vary=vary, draws=REPORT_DRAWS, seed=0)
    assert s.monte_carlo is not None
    given = Analyses(sensitivity=s)
    for lang in ("zh", "en"):
        page = write_report(project, ev, tmp_path / f"s-{lang}.html", lang=lang, analyses=given)
        html = page.read_text("utf-8")
        assert t("section.sensitivity", lang) in html
        for e in s.monte_carlo["entities"]:
            assert f"{e['q05']}–{e['q95']}" in html
    book = load_workbook(write_report(project, ev, tmp_path / "s.xlsx", lang="en", analyses=given))
    assert t("sheet.sensitivity", "en") in book.sheetnames
    bare = write_report(project, ev, tmp_path / "bare.html", lang="en").read_text("utf-8")
    assert t("section.sensitivity", "en") not in bare  # nothing computed, nothing shown
