"""write_report: the format by suffix, no writing over inputs, unknown suffixes refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from qualindex.errors import InputError
from qualindex.evaluate.results import Evaluation
from qualindex.report import write_report
from qualindex.run import Project

from .conftest import NOW


@pytest.mark.parametrize("suffix", [".html", ".xlsx", ".md"])
def test_format_by_suffix(suffix: str, nsq: tuple[Project, Evaluation], tmp_path: Path) -> None:
    project, ev = nsq
    path = write_report(project, ev, tmp_path / f"out{suffix}", lang="en", now=NOW)
    assert path.exists() and [p.name for p in tmp_path.iterdir()] == [f"out{suffix}"]
    if suffix == ".xlsx":
        assert "Scores" in openpyxl.load_workbook(path).sheetnames
    else:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>" if suffix == ".html" else "# ")


def test_refuses_inputs_and_unknown_suffixes(
    nsq: tuple[Project, Evaluation], tmp_path: Path
) -> None:
    project, ev = nsq
    data = tmp_path / "data.xlsx"  # e.g. a client's data workbook named as the output
    data.write_bytes(b"not really a workbook")
    project = dataclasses.replace(project, inputs=(*project.inputs, data))
    with pytest.raises(InputError, match=r"refusing to write .* over an input file"):
        write_report(project, ev, tmp_path / "." / "data.xlsx", lang="zh")
    assert data.read_bytes() == b"not really a workbook"
    with pytest.raises(InputError, match=r"'\.pdf'; use \.html, \.docx, \.xlsx or \.md"):
        write_report(project, ev, tmp_path / "r.pdf")
    with pytest.raises(InputError, match="lang='de'"):
        write_report(project, ev, tmp_path / "r.md", lang="de")
    assert [p.name for p in tmp_path.iterdir()] == ["data.xlsx"]
