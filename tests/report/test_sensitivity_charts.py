"""The report's 'how sure is the ranking' section carries its two charts: the rank-interval
plot (one interval per entity, from every uncertainty source together) and the tornado of
the leading entities, as SVG in HTML and as pictures on the xlsx sheet."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from qualindex.cli import app

RUN = Path(__file__).resolve().parents[2] / "indicators/network-service-quality/run.yaml"
PROVIDERS = ("P01", "P02", "P03", "P04")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sens-report")
    made = {}
    for suffix in ("html", "xlsx"):
        path = folder / f"report.{suffix}"
        res = CliRunner().invoke(app, ["report", str(RUN), "-o", str(path), "--lang", "en"])
        assert res.exit_code == 0, res.output
        made[suffix] = path
    return made


def test_html_has_a_rank_interval_per_entity_and_tornado_bars(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text("utf-8")
    intervals = set(re.findall(r'id="ranks-interval:all:(\w+)"', html))
    assert intervals == set(PROVIDERS)
    bars = re.findall(r'id="tornado-tornado:(\w+):([\w-]+)"', html)
    leaders = {e for e, _ in bars}
    assert leaders and leaders <= set(PROVIDERS)
    assert len({node for _, node in bars}) >= 2  # several nodes' weights varied


def test_xlsx_sensitivity_sheet_has_both_pictures(outputs: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(outputs["xlsx"])
    with_images = {ws.title: len(ws._images) for ws in wb.worksheets if ws._images}  # type: ignore[attr-defined]
    assert list(with_images.values()) == [2], with_images


@pytest.mark.parametrize(
    ("entry", "judged"), [("network-service-quality", True), ("after-sales-gbt27922", False)]
)
def test_the_section_says_what_was_drawn_and_names_sigma_only_for_judgments(
    entry: str, judged: bool, tmp_path: Path
) -> None:
    """A run whose weights come from no pairwise judgment perturbs none: its report and its
    terminal output must not describe a lognormal σ on log a_ij (they used to, always)."""
    run = RUN.parents[1] / entry / "run.yaml"
    md = tmp_path / "report.md"
    res = CliRunner().invoke(app, ["report", str(run), "-o", str(md), "--lang", "en"])
    assert res.exit_code == 0, res.output
    section = md.read_text("utf-8").split("How sure the ranking is", 1)[1]
    assert "draws of" in section and "the method choices" in section
    assert ("σ = 0.1 on log a_ij" in section) is judged
    vary = ["--vary", "judgments,methods"]
    term = CliRunner().invoke(app, ["sensitivity", str(run), *vary, "--lang", "en"])
    assert term.exit_code == 0, term.output
    assert "rank intervals over" in term.output
    assert ("on log a_ij" in term.output) is judged
