"""A wheel carries every package and the catalogue (pyproject lists packages by hand)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).parents[1]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")
def test_every_package_under_src_is_listed_in_pyproject() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    assert set(find_packages(ROOT / "src")) <= listed
    mapped = config["tool"]["setuptools"]["package-dir"]
    assert mapped["qualindex._data.configs"] == "configs"
    assert mapped["qualindex._data.indicators"] == "indicators"
