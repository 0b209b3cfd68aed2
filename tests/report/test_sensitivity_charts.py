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
