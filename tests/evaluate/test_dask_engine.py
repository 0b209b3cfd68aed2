"""The Dask engine against the in-process engine, on a real LocalCluster with processes.

One generated project: a wide KPI table (min-max, z-score, linear and piecewise scoring, blank
cells, a missing-value rule that imputes baselines under one node and leaves rows empty under
another, ties) and a respondent table (two survey items on a 5-point scale, blank answers,
sheets screened out), both split into several Parquet files with several row groups each, so
every pass crosses partitions.  The in-process engine reads the same rows from one file.
Every output the Dask engine writes is compared: composite, node scores, coverage, grades,
short boards, fill and exclusion marks, TOPSIS closeness, ranks overall and per group within
each period, group means, the missing-value audit, weights and notes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("distributed")

from qualindex.errors import InputError  # noqa: E402
from qualindex.evaluate.serialize import evaluation_columns, evaluation_to_dict  # noqa: E402
from qualindex.run import evaluate, evaluate_on_dask, load_project  # noqa: E402

INDEX = """\
qualindex: 1
id: shop
version: "1"
name: {zh: 门店评价, en: Shop evaluation}
score_range: [0, 100]
grades: cn-5
weighting: {method: direct, weights: {ops: 0.5, people: 0.3, voice: 0.2}}
children:
  - id: ops
    name: {zh: 运营, en: Operations}
    weighting: {method: direct, weights: {sales: 0.4, wait: 0.35, stock: 0.25}}
    missing: {policy: impute-baseline}
    children:
      - {id: sales, name: {zh: 销售, en: Sales}, kind: kpi, unit: k, direction: higher,
         scoring: {method: minmax}}
      - {id: wait, name: {zh: 等待, en: Wait}, kind: kpi, unit: min, direction: lower,
         scoring: {method: zscore}}
      - {id: stock, name: {zh: 缺货, en: Stock-outs}, kind: kpi, unit: "%", direction: lower,
         threshold: 20, target: 2, baseline: 8}
  - id: people
    name: {zh: 人员, en: People}
    weighting: {method: direct, weights: {training: 0.6, turnover: 0.4}}
    missing: {policy: reweight, min_coverage: 0.7}
    children:
      - {id: training, name: {zh: 培训, en: Training}, kind: kpi, unit: h, direction: higher,
         scoring: {method: piecewise, points: [[0, 0], [10, 60], [40, 100]]}}
      - {id: turnover, name: {zh: 流失, en: Turnover}, kind: kpi, unit: "%", direction: lower,
         threshold: 30, target: 5}
  - id: voice
    name: {zh: 顾客, en: Customers}
    weighting: {method: direct, weights: {friendly: 0.5, quick: 0.5}}
    children:
      - {id: friendly, name: {zh: 友好, en: Friendly}, kind: survey, scale: likert5,
         direction: higher}
      - {id: quick, name: {zh: 快捷, en: Quick}, kind: survey, scale: likert5, direction: higher}
"""

SHOPS, PERIODS = 420, ("2026Q1", "2026Q2", "2026Q3")


def _tables(rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    """A wide table (a row per shop and quarter) and answer sheets (several per row)."""
    shop = np.repeat([f"S{i:04d}" for i in range(SHOPS)], len(PERIODS))
    period = np.tile(PERIODS, SHOPS)
    n = len(shop)
    region = np.array(["east", "west", "north", "south"])[np.arange(n) // len(PERIODS) % 4]

    def blanks(x: np.ndarray, share: float) -> np.ndarray:
        x = x.astype(float)
        x[rng.random(n) < share] = np.nan
        return x

    # rounded values: ties in composite scores (exact ranks must share them)
    wide = pa.table(
        {
            "shop": shop,
            "quarter": period,
            "region": region,
            "sales": blanks(np.round(rng.normal(80, 20, n)), 0.05),
            "wait": blanks(np.round(rng.gamma(4, 2, n)), 0.05),
            "stock": blanks(np.round(rng.uniform(0, 25, n)), 0.03),
            "training": blanks(np.round(rng.uniform(0, 50, n)), 0.1),
            "turnover": blanks(np.round(rng.uniform(2, 35, n)), 0.1),
        }
    )
    sheets = rng.integers(1, 6, n)
    at = np.repeat(np.arange(n), sheets)
    m = len(at)

    def answers(share: float) -> np.ndarray:
        a = rng.integers(1, 6, m).astype(float)
        a[rng.random(m) < share] = np.nan
        return a

    survey = pa.table(
        {
            "shop": shop[at],
            "quarter": period[at],
            "region": region[at],
            "friendly": answers(0.15),
            "quick": answers(0.15),
        }
    )
    return wide, survey


def _split(table: pa.Table, folder: Path, files: int) -> pa.Table:
    """Several files of several row groups each, rows in a shuffled order (returned: the
    in-process engine reads the same rows in the same order from one file)."""
    folder.mkdir()
    order = np.random.default_rng(7).permutation(table.num_rows)
    table = table.take(pa.array(order))
    for k, part in enumerate(np.array_split(np.arange(table.num_rows), files)):
        chunk = table.take(pa.array(part))
        pq.write_table(chunk, folder / f"part-{k}.parquet", row_group_size=max(1, len(part) // 3))
    return table


def _project(tmp_path: Path, data: str) -> Path:
    (tmp_path / "shop.yaml").write_text(INDEX, encoding="utf-8")
    wide, survey = data.split(",")
    run = f"""\
qualindex: 1
index: shop.yaml
data:
  entity: shop
  period: quarter
  group: [region]
  files:
    - {{path: {wide}}}
    - {{path: {survey}, layout: respondent}}
evaluate:
  survey: {{max_blank_share: 0.5}}
"""
    path = tmp_path / f"run-{'dask' if '/' in wide else 'memory'}.yaml"
    path.write_text(run, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("dask")
    wide, survey = _tables(np.random.default_rng(2026))
    pq.write_table(_split(wide, tmp / "kpi", 3), tmp / "kpi.parquet")
    pq.write_table(_split(survey, tmp / "survey", 4), tmp / "survey.parquet")
    memory = _project(tmp, "kpi.parquet,survey.parquet")
    dask = _project(tmp, "kpi/,survey/*.parquet")
    out = tmp / "out"
    evaluate_on_dask(load_project(dask), out=out)
    return memory, dask, out


def _memory_rows(memory: Path) -> tuple[pd.DataFrame, dict[str, object]]:
    ev = evaluate(load_project(memory))
    cols = evaluation_columns(ev)
    frame = pd.DataFrame({k: list(v) for k, v in cols.items()})
    for g, ranks in ev.rank_in_group.items():
        frame[f"rank_in_group:{g}"] = np.where(ranks > 0, ranks, np.nan)
    for node, cov in ev.scores.coverage.items():
        frame[f"coverage:{node}"] = cov
    for node, used in ev.scores.basis.items():
        frame[f"weight_used:{node}"] = used
    return frame, evaluation_to_dict(ev)


def test_every_output_equals_the_in_process_engine(runs: tuple[Path, Path, Path]) -> None:
    memory, _, out = runs
    expected, doc = _memory_rows(memory)
    got = pd.read_parquet(out / "rows")
    assert len(got) == len(expected) == SHOPS * len(PERIODS)
    assert len(list((out / "rows").glob("*.parquet"))) > 1  # written as partitions
    both = expected.merge(got, on=["entity", "period"], suffixes=("", "_dask"), validate="1:1")
    numeric = [c for c in expected.columns if expected[c].dtype.kind == "f"]
    assert {"composite", "rank", "rank_in_group:region", "topsis", "ops", "sales"} <= set(numeric)
    for c in numeric:
        np.testing.assert_allclose(
            both[c + "_dask"].astype("float64").to_numpy(),
            both[c].to_numpy(dtype=np.float64),
            rtol=0,
            atol=1e-9,
            err_msg=c,
        )
    for c in ("label", "region", "grade_zh", "grade_en", "short_board", "imputed", "excluded"):
        assert both[c + "_dask"].fillna("").tolist() == both[c].fillna("").tolist(), c
    # the data exercises what it should: fills, empty rows, ties, screened sheets
    assert (both["imputed"] != "").any() and (both["excluded"] != "").any()
    assert both["composite"].duplicated().any()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["missing"] == doc["missing"]
    assert summary["weights"] == doc["weights"]
    assert summary["warnings"] == doc["warnings"]
    names = {"survey.parquet": "survey/*.parquet"}
    assert summary["notes"] == [_renamed(n, names) for n in doc["notes"]]
    assert any("answer sheets left out" in n for n in summary["notes"])
    assert any("left empty" in n for n in summary["notes"])
    _same_group_means(summary["groups"], doc["groups"])


def _renamed(note: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        note = note.replace(str(Path(note.split(":")[0]).parent / old), new)
    return note


def _same_group_means(got: dict[str, list], expected: dict[str, list]) -> None:  # type: ignore[type-arg]
    assert got.keys() == expected.keys()
    for g in expected:
        assert [(e["group"], e["period"]) for e in got[g]] == [
            (e["group"], e["period"]) for e in expected[g]
        ]
        for a, b in zip(got[g], expected[g], strict=True):
            assert a["scores"].keys() == b["scores"].keys()
            for k, v in b["scores"].items():
                assert a["scores"][k] == pytest.approx(v, abs=1e-9)


def test_scheduler_connects_to_a_running_cluster(
    runs: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """--scheduler: the run uses a cluster started elsewhere (and leaves it running); the
    wide table read from a folder of CSV files instead of Parquet gives the same results."""
    import pyarrow.csv as pacsv
    from dask.distributed import LocalCluster

    _, dask, out = runs
    (dask.parent / "kpi-csv").mkdir(exist_ok=True)
    for f in sorted((dask.parent / "kpi").glob("*.parquet")):
        pacsv.write_csv(pq.read_table(f), dask.parent / "kpi-csv" / f"{f.stem}.csv")
    csv = dask.with_name("run-csv.yaml")
    csv.write_text(dask.read_text(encoding="utf-8").replace("kpi/", "kpi-csv/"), "utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        result = evaluate_on_dask(
            load_project(csv), out=tmp_path / "o", scheduler=cluster.scheduler_address
        )
        assert len(cluster.scheduler.workers) == 1  # still up after the run
    assert result.rows == SHOPS * len(PERIODS)
    first = pd.read_parquet(out / "rows").sort_values(["entity", "period"])
    again = pd.read_parquet(tmp_path / "o" / "rows").sort_values(["entity", "period"])
    np.testing.assert_array_equal(again["composite"].to_numpy(), first["composite"].to_numpy())
    np.testing.assert_array_equal(again["rank"].to_numpy(), first["rank"].to_numpy())
    assert again["excluded"].tolist() == first["excluded"].tolist()


def test_unsupported_features_are_refused_with_the_fix(
    runs: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, dask, _ = runs
    text = dask.read_text(encoding="utf-8").replace(
        "evaluate:\n", "evaluate:\n  missing: {policy: impute-mean}\n"
    )
    changed = dask.with_name("run-mean.yaml")
    changed.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        evaluate_on_dask(load_project(changed), out=tmp_path / "x")
    [problem] = caught.value.problems
    assert problem.path == "evaluate.missing"
    assert "impute-mean" in problem.message and "--engine memory" in str(problem.fix)


def test_the_memory_engine_refuses_a_folder_with_the_fix(runs: tuple[Path, Path, Path]) -> None:
    _, dask, _ = runs
    with pytest.raises(InputError) as caught:
        evaluate(load_project(dask))
    assert caught.value.problems[0].path == "data.files[0].path"
    assert "--engine dask" in str(caught.value.problems[0].fix)


def test_the_default_path_never_imports_dask(runs: tuple[Path, Path, Path]) -> None:
    """`qualindex evaluate` in memory, in a fresh interpreter: no dask module is loaded."""
    memory, _, _ = runs
    code = (
        "import sys; from qualindex.cli import app\n"
        f"try:\n    app([ 'evaluate', {str(memory)!r}, '--format', 'json', '-o', "
        f"{str(memory.with_suffix('.json'))!r}])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert memory.with_suffix(".json").stat().st_size > 0


def test_the_command_refuses_a_reading_setting_located_exit_1(
    runs: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """`evaluate --engine dask` with `decimal:` on a file: one located message, no traceback."""
    _, dask, _ = runs
    text = dask.read_text(encoding="utf-8").replace("{path: kpi/}", '{path: kpi/, decimal: ","}')
    changed = dask.with_name("run-decimal.yaml")
    changed.write_text(text, encoding="utf-8")
    qualindex = str(Path(sys.executable).parent / "qualindex")
    out = str(tmp_path / "out")
    result = subprocess.run(
        [qualindex, "evaluate", str(changed), "--engine", "dask", "-o", out, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "data.files[0].decimal" in result.stderr and "--engine memory" in result.stderr


# ------------------------------------------------------------- properties of the pieces

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qualindex.evaluate import dask_engine  # noqa: E402
from qualindex.evaluate.ranking import block_codes, competition_ranks  # noqa: E402

VALUES = st.lists(
    st.one_of(st.integers(0, 6).map(float), st.just(float("nan"))), min_size=1, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(VALUES, st.data())
def test_partition_ranks_equal_whole_table_ranks(values: list[float], data: st.DataObject) -> None:
    """Sorted partitions (ties never split, as a global sort by value keeps them), each ranked
    on its own plus the block counts of the partitions before it: the whole table's ranks."""
    n = len(values)
    frame = pd.DataFrame(
        {
            "composite": values,
            "period": data.draw(st.lists(st.sampled_from("AB"), min_size=n, max_size=n)),
            "g": data.draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n)),
        }
    )
    frame = frame.sort_values("composite", ascending=False, na_position="last")
    distinct = list(dict.fromkeys(frame["composite"].fillna(-1.0)))
    cuts = data.draw(st.sets(st.sampled_from(distinct)))
    key = frame["composite"].fillna(-1.0).to_numpy()
    first = np.r_[True, key[1:] != key[:-1]]  # a partition starts at a new value only
    part = np.cumsum(first & np.isin(key, list(cuts)))
    parts = [frame[part == k] for k in np.unique(part)]
    counts = [dask_engine._block_counts(p, ["g"]) for p in parts]
    offsets = dask_engine._offsets(counts)
    ranked = pd.concat(
        dask_engine._ranks(p, ["g"], offsets, {"number": k}) for k, p in enumerate(parts)
    )
    whole = frame["composite"].to_numpy()
    periods = frame["period"].tolist()
    expected = competition_ranks(whole, block_codes(periods))
    in_group = competition_ranks(whole, block_codes(list(zip(periods, frame["g"], strict=True))))
    got = ranked["rank"].fillna(0).to_numpy(dtype=np.int64)
    np.testing.assert_array_equal(got, expected)
    got_g = ranked["rank_in_group:g"].fillna(0).to_numpy(dtype=np.int64)
    np.testing.assert_array_equal(got_g, in_group)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=2, max_size=80),
    st.data(),
)
def test_merged_statistics_equal_whole_column_statistics(
    values: list[float], data: st.DataObject
) -> None:
    """Chan, Golub & LeVeque's pairwise update over any split: the whole column's count, mean,
    sample s.d. (numpy's two-pass nanmean/nanstd) and bounds."""
    x = np.array(values)[:, np.newaxis]
    cuts = sorted(data.draw(st.sets(st.integers(1, len(values) - 1))))
    stats = dask_engine._merge_stats(
        [dask_engine._LeafStats.of(p) for p in np.split(x, cuts) if len(p)]
    )
    ok = ~np.isnan(x[:, 0])
    assert stats.n[0] == ok.sum()
    if ok.sum() >= 2:
        obs = x[ok, 0]
        scale = max(1.0, float(np.abs(obs).max()))
        assert stats.mean[0] == pytest.approx(obs.mean(), abs=1e-9 * scale)
        sd = np.sqrt(stats.m2[0] / (stats.n[0] - 1))
        assert sd == pytest.approx(obs.std(ddof=1), abs=1e-9 * scale)
        assert (stats.lo[0], stats.hi[0]) == (obs.min(), obs.max())
