"""Each expert's pairwise matrices in the appendix: the judgments as given, reciprocal."""

from __future__ import annotations

import numpy as np

from qualindex.evaluate.results import Evaluation
from qualindex.report import tables as tb
from qualindex.report.html import render_html
from qualindex.report.matrices import expert_matrices, matrix_table, saaty_text
from qualindex.run import Project

from .conftest import NOW


def test_matrices_hold_the_judgment_files_values(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    rd = tb.report_data(project, ev, lang="en", now=NOW)
    found = expert_matrices(rd)
    given = [(j, node) for j in project.all_judgments for node in j.pairwise]
    assert len(found) == len(given) >= 3
    by_key = {(m.expert, m.node): m for m in found}
    for judgments, node in given:
        m = by_key[(judgments.expert.display, node)]
        np.testing.assert_array_equal(np.diag(m.matrix), 1.0)
        for p in judgments.pairwise[node]:
            i, j = m.children.index(p.a), m.children.index(p.b)
            assert m.matrix[i, j] == p.value and m.matrix[j, i] * p.value == 1.0
    table = matrix_table(rd, found[0])
    assert len(table.rows) == len(found[0].children) == len(table.columns) - 1
    assert matrix_table(rd, found[0], numbers=True).rows[0][1] == 1.0


def test_saaty_text_writes_judgments_as_experts_do() -> None:
    assert [saaty_text(v) for v in (1.0, 3.0, 1 / 3, 0.2, float("nan"))] == [
        "1",
        "3",
        "1/3",
        "1/5",
        "–",
    ]


def test_the_appendix_shows_every_matrix(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    html = render_html(project, ev, lang="en", now=NOW)
    rd = tb.report_data(project, ev, lang="en", now=NOW)
    appendix = html.index('id="experts"')
    for m in expert_matrices(rd):
        assert html.index(matrix_table(rd, m).title.replace("'", "&#39;"), appendix) > appendix
