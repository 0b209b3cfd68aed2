"""A report over its row limit keeps the best and worst rows per period (issue 11).

:func:`~qualindex.evaluate.results.trim_rows` trims an in-memory evaluation;
:func:`~qualindex.evaluate.stream.evaluate_stream_shown` streams the file and keeps only
those rows.  Both must show the same rows with the same numbers, and every number that
reads other rows (ranks, group ranks, TOPSIS, change since the previous period, group
means, the summaries) must be the one computed over all rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qualindex.evaluate.results import Evaluation, filled_by_policy, shown_note, trim_rows
from qualindex.evaluate.stream import evaluate_stream_shown
from qualindex.run import evaluate, load_project, stream_sources, weigh
from tests.evaluate.test_stream import _index, _project, _table


def _keys(ev: Evaluation) -> list[tuple[str, str]]:
    return list(zip(ev.data.entities, ev.data.periods, strict=True))


def _by_key(ev: Evaluation) -> dict[tuple[str, str], int]:
    return {k: r for r, k in enumerate(_keys(ev))}


def _memory_and_streamed(
    tmp: Path, fmt: str, max_rows: int, rows: int = 600
) -> tuple[Evaluation, Evaluation, Evaluation]:
    run = _project(tmp, _table(rows, 7, blank=0.15), fmt, _index("reweight"))
    project = load_project(run)
    full = evaluate(project)
    streamed = evaluate_stream_shown(
        project.index,
        stream_sources(project)[0],
        weigh(project),
        max_rows=max_rows,
        options=project.eval_options,
        batch_rows=64,
    )
    return full, trim_rows(full, max_rows), streamed


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_streamed_report_rows_equal_trimmed_memory_rows(tmp_path: Path, fmt: str) -> None:
    full, trimmed, streamed = _memory_and_streamed(tmp_path, fmt, max_rows=60)
    assert trimmed.shown is not None and streamed.shown is not None
    assert sorted(_keys(trimmed)) == sorted(_keys(streamed))
    assert len(trimmed.data) == 60  # 3 periods x (10 best + 10 worst)
    a, b = _by_key(trimmed), _by_key(streamed)
    order = [b[k] for k in _keys(trimmed)]
    for node, values in trimmed.scores.nodes.items():
        np.testing.assert_allclose(streamed.scores.nodes[node][order], values, atol=1e-12)
    np.testing.assert_array_equal(streamed.rank[order], trimmed.rank)
    for g, ranks in trimmed.rank_in_group.items():
        np.testing.assert_array_equal(streamed.rank_in_group[g][order], ranks)
    np.testing.assert_allclose(streamed.topsis[order], trimmed.topsis, atol=1e-12)
    for node, change in trimmed.change.items():
        np.testing.assert_allclose(streamed.change[node][order], change, atol=1e-12)
    assert [streamed.grades[i] for i in order] == list(trimmed.grades)
    assert [streamed.short_board[i] for i in order] == list(trimmed.short_board)
    assert streamed.notes == trimmed.notes == (*full.notes, shown_note(trimmed.shown))
    x, y = streamed.shown, trimmed.shown
    assert (x.limit, x.total, x.entities, x.each, x.omitted) == (
        y.limit, y.total, y.entities, y.each, y.omitted
    )  # fmt: skip
    assert len(x.summaries) == len(y.summaries)
    for s, t in zip(x.summaries, y.summaries, strict=True):
        assert (s.period, s.group, s.value, s.count, s.scored, s.grades) == (
            t.period, t.group, t.value, t.count, t.scored, t.grades
        )  # fmt: skip
        np.testing.assert_allclose([s.mean, *s.quantiles], [t.mean, *t.quantiles], atol=1e-12)
    for g, table in full.group_means.items():
        assert list(streamed.group_means[g]) == list(table)
        for key, means in table.items():
            np.testing.assert_allclose(
                list(streamed.group_means[g][key].values()), list(means.values()), atol=1e-12
            )
    assert set(a) == set(b)


def test_trimmed_rows_are_the_best_and_worst_of_each_period(tmp_path: Path) -> None:
    full, trimmed, _ = _memory_and_streamed(tmp_path, "parquet", max_rows=60)
    shown = trimmed.shown
    assert shown is not None and shown.each == 10 and shown.total == 600
    assert shown.entities == len(set(full.data.entities))
    kept = set(_keys(trimmed))
    for period in full.period_order():
        rows = [r for r in range(len(full.data)) if full.data.periods[r] == period]
        ranked = sorted((r for r in rows if full.rank[r]), key=lambda r: (full.rank[r], r))
        assert len(ranked) < len(rows)  # unranked rows are not "the worst": left out
        expected = {_keys(full)[r] for r in ranked[:10] + ranked[-10:]}
        assert {k for k in kept if k[1] == period} == expected
        assert shown.omitted[period] == len(rows) - 20
    # ranks, change and group ranks are those over all rows, not re-ranked among the kept
    at = _by_key(full)
    for r, key in enumerate(_keys(trimmed)):
        assert trimmed.rank[r] == full.rank[at[key]]
        np.testing.assert_allclose(
            trimmed.change[full.index.id][r], full.change[full.index.id][at[key]]
        )
        assert trimmed.rank_in_group["region"][r] == full.rank_in_group["region"][at[key]]
    assert trimmed.group_means == full.group_means


def test_summaries_describe_all_rows(tmp_path: Path) -> None:
    full, trimmed, _ = _memory_and_streamed(tmp_path, "parquet", max_rows=60)
    assert trimmed.shown is not None
    composite, periods = full.composite, np.asarray(full.data.periods)
    regions = np.asarray(full.data.groups["region"])
    bands = full.index.grades.bands if full.index.grades else ()
    for s in trimmed.shown.summaries:
        mask = periods == s.period
        if s.group:
            mask &= regions == s.value
        x = composite[mask]
        ok = x[~np.isnan(x)]
        assert (s.count, s.scored) == (mask.sum(), ok.size)
        assert s.mean == pytest.approx(ok.mean(), abs=1e-12)
        np.testing.assert_allclose(s.quantiles, np.quantile(ok, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]))
        graded = [sum(1 for r in np.flatnonzero(mask) if full.grades[r] == b) for b in bands]
        assert s.grades == (*graded, int(mask.sum()) - sum(graded))
    groups = {(s.group, s.value) for s in trimmed.shown.summaries}
    assert groups == {("", "")} | {("region", v) for v in ("east", "north", "south")}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_partial_and_filled_counts_are_of_all_rows(tmp_path: Path, fmt: str) -> None:
    """The report's footnotes say how many composites rest on part of the weight and how many
    scores were filled: counted over all rows, in memory and streamed alike, not over the
    rows listed (which would say "3 in all" of a table of a million rows)."""
    full, trimmed, streamed = _memory_and_streamed(tmp_path, fmt, max_rows=60)
    root = full.index.id
    basis = np.asarray(full.scores.basis_of(root))
    partial = int((basis < 1.0).sum())
    policies: dict[str, int] = {}
    for policy, mask in full.scores.imputed.values():
        policies[policy] = policies.get(policy, 0) + int(mask.sum())
    assert partial > trimmed.scores.partial_rows(root) > 0  # some, not all, listed
    assert sum(policies.values()) > trimmed.scores.imputed_cells
    assert dict(filled_by_policy(full.scores.imputed.values())) == {
        p: n for p, n in policies.items() if n
    }
    for ev in (trimmed, streamed):
        assert ev.shown is not None
        assert ev.shown.partial == partial
        assert dict(ev.shown.filled) == {p: n for p, n in policies.items() if n}


def test_within_the_limit_nothing_is_left_out(tmp_path: Path) -> None:
    full, trimmed, streamed = _memory_and_streamed(tmp_path, "csv", max_rows=600)
    assert trimmed is full and streamed.shown is None
    assert sorted(_keys(streamed)) == sorted(_keys(full))


@pytest.mark.parametrize("periods", [1, 3])
def test_ranks_by_period_equal_competition_ranks(
    periods: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streamed engine's lean ranks (binary search, int32) equal the sort-based ones,
    ties and NaN included, also across the chunks of the search."""
    from qualindex.evaluate import stream
    from qualindex.evaluate.ranking import competition_ranks

    rng = np.random.default_rng(3)
    values = rng.integers(0, 40, 5_000).astype(np.float64)  # many ties
    values[rng.random(values.size) < 0.1] = np.nan
    codes = rng.integers(0, periods, values.size).astype(np.int32)
    monkeypatch.setattr(stream, "RANK_CHUNK", 777)
    got = stream._ranks_by_period(values, codes)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, competition_ranks(values, codes))


def test_a_run_set_to_stream_is_streamed_or_evaluated_in_memory_saying_why(
    tmp_path: Path,
) -> None:
    """``engine: stream`` in the run config streams the report's rows where it can, and
    evaluates in memory with a note where it cannot (a report never refuses for that)."""
    import yaml

    from qualindex.run import evaluate_shown

    run = _project(tmp_path, _table(300, 5), "parquet", _index("reweight"), engine="stream")
    streamed, why = evaluate_shown(load_project(run), 40)
    assert why is None and streamed.shown is not None
    doc = yaml.safe_load(run.read_text(encoding="utf-8"))
    doc["data"]["label"] = "entity"  # display names: not streamed
    run.write_text(yaml.safe_dump(doc), encoding="utf-8")
    project = load_project(run)
    in_memory, why = evaluate_shown(project, 40)
    assert why is not None and "label" in why
    assert sorted(_keys(in_memory)) == sorted(_keys(streamed))
    assert in_memory.shown == trim_rows(evaluate(project), 40).shown
