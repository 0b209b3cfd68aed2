"""Messages with a place (issue 18): judgment globs, RI tables too short, thin survey blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from qualindex.errors import QualindexError
from qualindex.evaluate.surveystats import _reliability
from qualindex.hierarchy import load_index
from qualindex.run import load_project, weigh


def test_a_judgment_glob_that_matches_nothing_names_the_run_config_line(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "run.yaml").write_text(
        "qualindex: 1\nindex: %s\njudgments:\n  - experts/*.yaml\n"
        % (root / "indicators" / "network-service-quality.yaml"),
        encoding="utf-8",
    )
    with pytest.raises(QualindexError) as err:
        load_project(tmp_path / "run.yaml")
    text = str(err.value)
    assert "run.yaml:4:5" in text and "no judgment file matches 'experts/*.yaml'" in text


def test_a_node_too_big_for_its_ri_table_is_named(tmp_path: Path) -> None:
    kids = [f"k{i:02d}" for i in range(16)]
    index = {
        "qualindex": 1,
        "id": "big",
        "version": "1",
        "name": {"en": "Big"},
        "weighting": {"method": "ahp", "ri_table": "saaty-1980"},
        "children": [
            {"id": k, "name": {"en": k}, "unit": "%", "direction": "higher",
             "threshold": 60, "target": 100}
            for k in kids
        ],
        "judgments": [
            {"expert": {"id": "li"},
             "pairwise": {"big": [[a, b, 1] for i, a in enumerate(kids) for b in kids[i + 1 :]]}}
        ],
    }  # fmt: skip
    (tmp_path / "big.yaml").write_text(yaml.safe_dump(index), encoding="utf-8")
    with pytest.raises(QualindexError) as err:
        weigh(load_project(tmp_path / "big.yaml"))
    text = str(err.value)
    assert "node 'big' (16 children)" in text and "ri_table: alonso-lamata" in text
    assert load_index(tmp_path / "big.yaml").id == "big"


def test_alpha_of_a_block_with_one_complete_sheet_is_empty_not_an_error() -> None:
    root = Path(__file__).resolve().parents[1]
    index = load_index(root / "indicators" / "servperf-22.yaml")
    dim = index.aggregates()[1]
    items = tuple(dim.children)
    answers = np.full((5, len(items)), np.nan)
    answers[0] = 4.0  # one respondent answered every item; the others left blanks
    answers[1:, 0] = 3.0
    (rel,) = [r for r in _reliability(index, items, answers) if r.node == dim.id]
    assert np.isnan(rel.alpha) and rel.n_used == 0
