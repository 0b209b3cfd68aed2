"""The streamed engine gives the in-memory engine's rows and notes (issue 11).

Each case writes an index, a run configuration and a data file (CSV and Parquet), runs the
in-memory evaluation (:func:`qualindex.run.evaluate`) and the streamed one in small
batches (so every statistic is merged across batches), and compares every output column:
numbers to 1e-12, text exactly, nulls in the same cells; and the notes, in order.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualindex.evaluate.serialize import evaluation_arrow
from qualindex.evaluate.stream import (
    NotStreamable,
    TableWriter,
    _LeafStats,
    evaluate_stream,
    stream_reason,
)
from qualindex.run import choose_engine, evaluate, load_project, stream_sources, weigh

QUALINDEX = [str(Path(sys.executable).parent / "qualindex")]  # the installed command


def _leaf(i: str, scoring: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": i, "name": {"en": i}, "unit": "1", "scoring": scoring, **extra}


def _index(policy_d2: str = "zero", grades: bool = True) -> dict[str, Any]:
    """Three dimensions over six indicators of every streamable kind of scoring."""
    d1 = {
        "id": "d1",
        "name": {"en": "D1"},
        "weighting": {"method": "direct", "weights": {"a": 3, "b": 2, "c": 1}},
        "missing": {"policy": "reweight", "min_coverage": 0.6},
        "children": [
            _leaf("a", {"method": "minmax"}, direction="higher"),
            _leaf("b", {"method": "minmax"}, direction="lower"),
            _leaf("c", {"method": "zscore"}, direction="higher"),
        ],
    }
    d2 = {
        "id": "d2",
        "name": {"en": "D2"},
        "missing": {"policy": policy_d2},
        "children": [
            _leaf("d", {"method": "goalposts", "lo": 0, "hi": 100}, direction="higher"),
            _leaf("e", {"method": "linear"}, threshold=80, target=20, direction="lower"),
        ],
    }
    d3 = {
        "id": "d3",
        "name": {"en": "D3"},
        "missing": {"policy": "impute-baseline"},
        "children": [
            _leaf(
                "f", {"method": "goalposts", "lo": 0, "hi": 100}, baseline=55, direction="higher"
            ),
            # a z-scored baseline: scored with all rows' mean and s.d., in a batch too
            _leaf("g", {"method": "zscore"}, baseline=30, direction="lower"),
        ],
    }
    doc: dict[str, Any] = {
        "qualindex": 1,
        "id": "root",
        "version": "1",
        "name": {"en": "Root"},
        "weighting": {"method": "direct", "weights": {"d1": 5, "d2": 3, "d3": 2}},
        "children": [d1, d2, d3],
    }
    if grades:
        doc["grades"] = "cn-5"
    return doc


LEAVES = ("a", "b", "c", "d", "e", "f", "g")


def _table(rows: int, seed: int, *, periods: int = 3, blank: float = 0.1) -> pa.Table:
    """Entities x periods with a region group; ``blank`` of the cells missing."""
    rng = np.random.default_rng(seed)
    n = rows
    cols: dict[str, Any] = {
        "entity": pa.array([f"e{i // periods}" for i in range(n)]),
        "year": pa.array([str(2020 + i % periods) for i in range(n)]),
        "region": pa.array([("north", "south", "east")[i % 7 % 3] for i in range(n)]),
    }
    for k, leaf in enumerate(LEAVES):
        x = rng.uniform(0, 100, n).round(k % 3 + 1)
        x[rng.random(n) < blank] = np.nan
        cols[leaf] = pa.array(x, from_pandas=True)
    return pa.table(cols)


def _project(tmp: Path, table: pa.Table, fmt: str, index: dict[str, Any], **evaluate_: Any) -> Path:
    (tmp / "idx.yaml").write_text(yaml.safe_dump(index), encoding="utf-8")
    data = tmp / f"data.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, data, row_group_size=97)
    else:
        pacsv.write_csv(table, data, write_options=pacsv.WriteOptions(quoting_style="needed"))
    config = {
        "qualindex": 1,
        "index": "idx.yaml",
        "data": {
            "entity": "entity",
            "period": "year",
            "group": ["region"],
            "files": [{"path": data.name}],
        },
        "evaluate": evaluate_,
    }
    (tmp / "run.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp / "run.yaml"


def _streamed(run: Path, batch_rows: int = 50) -> tuple[pa.Table, tuple[str, ...]]:
    project = load_project(run)
    sink = io.BytesIO()
    result = evaluate_stream(
        project.index,
        stream_sources(project)[0],
        weigh(project),
        lambda: TableWriter(sink, "parquet"),
        options=project.eval_options,
        batch_rows=batch_rows,
    )
    table = pq.read_table(io.BytesIO(sink.getvalue()))
    assert result.rows == table.num_rows
    return table, result.notes


def _assert_same(memory: pa.Table, streamed: pa.Table) -> None:
    assert memory.column_names == streamed.column_names
    assert memory.num_rows == streamed.num_rows
    for name in memory.column_names:
        a, b = memory.column(name), streamed.column(name)
        assert a.is_null().equals(b.is_null()), name
        if pa.types.is_floating(a.type):
            x = a.to_numpy(zero_copy_only=False)
            y = b.to_numpy(zero_copy_only=False)
            np.testing.assert_allclose(y, x, rtol=0, atol=1e-12, err_msg=name)
        else:
            assert a.to_pylist() == b.to_pylist(), name


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
@pytest.mark.parametrize(
    ("seed", "policy", "blank"),
    [(1, "zero", 0.1), (2, "reweight", 0.3), (3, "fail", 0.0), (4, "impute-baseline", 0.2)],
)
def test_stream_equals_memory(
    tmp_path: Path, fmt: str, seed: int, policy: str, blank: float
) -> None:
    """Missing data (coverage exclusions and their notes), zero and baseline imputation
    (marked per row, counted in the notes), groups and three periods (ranks and TOPSIS
    within each), min-max and z-scores from statistics merged over 50-row batches."""
    table = _table(1200, seed, blank=blank)
    run = _project(tmp_path, table, fmt, _index(policy))
    ev = evaluate(load_project(run))
    streamed, notes = _streamed(run, batch_rows=50)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes
    if blank >= 0.2:
        assert any("left empty" in n for n in notes)  # the case is one with exclusions
    if policy == "zero" and blank:
        assert any("filled by zero" in n for n in notes)


def test_run_config_missing_override_notes_stream(tmp_path: Path) -> None:
    """evaluate.missing overrides the index's rules: the same note, the same rows."""
    run = _project(tmp_path, _table(400, 9), "parquet", _index(), missing={"policy": "zero"})
    ev = evaluate(load_project(run))
    streamed, notes = _streamed(run, batch_rows=33)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes and any("applies at every node" in n for n in notes)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.integers(8, 300),
    batch=st.integers(1, 64),
    seed=st.integers(0, 2**16),
    blank=st.sampled_from([0.0, 0.05, 0.4]),
)
def test_stream_equals_memory_any_batch_size(
    tmp_path: Path, rows: int, batch: int, seed: int, blank: float
) -> None:
    """Property: the batch size never changes a number or a note."""
    run = _project(tmp_path, _table(rows, seed, periods=2, blank=blank), "parquet", _index())
    try:
        ev = evaluate(load_project(run))
    except Exception as exc:
        with pytest.raises(type(exc)):
            _streamed(run, batch_rows=batch)
        return
    streamed, notes = _streamed(run, batch_rows=batch)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=2, max_size=200),
    st.integers(1, 50),
)
def test_merged_moments_chan_golub_leveque_1979(values: list[float], batch: int) -> None:
    """Chan, Golub & LeVeque (1979), eq. 1.5: count, mean and M2 of batches merged pairwise
    equal those of all the values at once (min and max too)."""
    x = np.array(values)[:, None]
    stats = _LeafStats(1)
    for a in range(0, len(x), batch):
        stats.add(x[a : a + batch])
    ok = ~np.isnan(x[:, 0])
    assert stats.n[0] == ok.sum()
    if ok.sum() == 0:
        assert np.isnan(stats.lo[0])
        return
    obs = x[ok, 0]
    assert stats.lo[0] == obs.min() and stats.hi[0] == obs.max()
    scale = max(1.0, float(np.abs(obs).max()))
    np.testing.assert_allclose(stats.mean[0], obs.mean(), rtol=1e-12, atol=1e-12 * scale)
    m2 = float(((obs - obs.mean()) ** 2).sum())
    np.testing.assert_allclose(stats.m2[0], m2, rtol=1e-9, atol=1e-9 * scale**2)


def test_repeated_keys_are_not_streamed(tmp_path: Path) -> None:
    """Two rows of one entity and period are merged in memory: the stream refuses them."""
    table = _table(60, 5)
    table = pa.concat_tables([table, table.slice(0, 1)])
    run = _project(tmp_path, table, "parquet", _index())
    with pytest.raises(NotStreamable, match="repeat an entity and period"):
        _streamed(run)


def test_reasons_name_what_cannot_be_streamed(tmp_path: Path) -> None:
    index = _index()
    index["children"][0]["children"][0]["scoring"] = {"method": "rank"}
    run = _project(tmp_path, _table(30, 1), "parquet", index)
    project = load_project(run)
    reason = stream_reason(project.index, stream_sources(project), project.eval_options)
    assert reason is not None and "'a'" in reason and "'rank'" in reason
    with pytest.raises(Exception, match="cannot run this evaluation"):
        choose_engine(project, "stream", "csv")
    assert choose_engine(project, "auto", "csv") == ("memory", None)  # small: no note


def test_auto_streams_only_large_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = _project(tmp_path, _table(300, 2), "parquet", _index())
    project = load_project(run)
    assert choose_engine(project, None, "csv") == ("memory", None)
    monkeypatch.setattr("qualindex.evaluate.stream.AUTO_ROWS", 100)  # read by choose_engine
    engine, note = choose_engine(project, None, "csv")
    assert engine == "stream" and note is not None and "300 rows" in note
    engine, note = choose_engine(project, None, "table")
    assert engine == "memory" and note is not None and "--format table" in note


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*QUALINDEX, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_cli_engines_write_the_same_file(tmp_path: Path, fmt: str) -> None:
    """``--engine stream`` and ``--engine memory`` write the same CSV / JSON Lines / Parquet."""
    run = _project(tmp_path, _table(500, 3, blank=0.3), "csv", _index())
    outs = {}
    for engine in ("memory", "stream"):
        out = tmp_path / f"{engine}.{fmt}"
        done = _cli("evaluate", run, "--engine", engine, "--format", fmt, "-o", out, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "left empty" in done.stderr  # the notes, on stderr, from both engines
        outs[engine] = out
    if fmt == "parquet":
        _assert_same(pq.read_table(outs["memory"]), pq.read_table(outs["stream"]))
    elif fmt == "csv":
        assert outs["memory"].read_bytes().startswith(b"\xef\xbb\xbf")
        memory = pacsv.read_csv(outs["memory"])
        _assert_same(memory, pacsv.read_csv(outs["stream"]))
    else:
        rows = [
            [json.loads(line) for line in outs[e].read_text(encoding="utf-8").splitlines()]
            for e in ("memory", "stream")
        ]
        assert len(rows[0]) == len(rows[1]) == 500
        assert [r["entity"] for r in rows[0]] == [r["entity"] for r in rows[1]]
        assert [r["rank"] for r in rows[0]] == [r["rank"] for r in rows[1]]


def test_cli_stream_refuses_with_the_reason_and_writes_nothing(tmp_path: Path) -> None:
    table = _table(60, 5)
    run = _project(tmp_path, pa.concat_tables([table, table.slice(0, 1)]), "parquet", _index())
    out = tmp_path / "out.csv"
    done = _cli("evaluate", run, "--engine", "stream", "--format", "csv", "-o", out, cwd=tmp_path)
    assert done.returncode == 1
    assert "repeat an entity and period" in done.stderr and "--engine memory" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))  # no temp file left


def _csv_with(tmp: Path, cells: dict[tuple[int, str], str]) -> Path:
    """The project of a 300-row CSV whose given (row, column) cells are replaced as text."""
    run = _project(tmp, _table(300, 4, blank=0.0), "csv", _index())
    lines = (tmp / "data.csv").read_text(encoding="utf-8").splitlines()
    names = [h.strip('"') for h in lines[0].split(",")]
    for (row, col), text in cells.items():
        parts = lines[row + 1].split(",")
        parts[names.index(col)] = text
        lines[row + 1] = ",".join(parts)
    (tmp / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run


def test_missing_tokens_in_any_case_are_missing_in_both_engines(tmp_path: Path) -> None:
    run = _csv_with(tmp_path, {(3, "a"): "NA", (10, "b"): "n/A", (20, "d"): "-", (30, "e"): "无"})
    ev = evaluate(load_project(run))
    assert np.isnan(ev.data.values[3, 0]) and np.isnan(ev.data.values[10, 1])
    streamed, notes = _streamed(run, batch_rows=40)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes


@pytest.mark.parametrize("text", ["abc", "nan", "1,5", "inf"])
def test_a_cell_that_is_not_a_plain_number_is_left_to_the_memory_engine(
    tmp_path: Path, text: str
) -> None:
    """The stream never reads a cell the in-memory reader would refuse or read otherwise."""
    run = _csv_with(tmp_path, {(250, "c"): f'"{text}"' if "," in text else text})
    with pytest.raises(NotStreamable):
        _streamed(run, batch_rows=40)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=12), st.integers(0, 3)), min_size=1, max_size=60),
    st.integers(0, 5),
)
def test_key_hashes_equal_for_equal_keys_wherever_they_sit(
    keys: list[tuple[str, int]], cut: int
) -> None:
    """Equal (entity, period) keys hash equal, in any batch and at any offset of an Arrow
    array; distinct keys here never collide (a collision would only cost a fallback)."""
    from qualindex.evaluate.stream import key_hashes

    entities = pa.array([e for e, _ in keys], type=pa.string())
    periods = np.array([p for _, p in keys], dtype=np.int64)
    whole = key_hashes(entities, periods)
    k = min(cut, len(keys))
    parts = np.concatenate(
        [key_hashes(entities.slice(0, k), periods[:k]), key_hashes(entities.slice(k), periods[k:])]
    )
    assert (whole == parts).all()
    by_key: dict[tuple[str, int], int] = {}
    for key, h in zip(keys, whole.tolist(), strict=True):
        assert by_key.setdefault(key, h) == h
    assert len(set(by_key.values())) == len(by_key)


def test_parquet_footer_bounds_equal_the_values_bounds(tmp_path: Path) -> None:
    """Min-max bounds come from the Parquet footer's statistics when every row group has
    them: NaN stored as a value (not null), and a row group with no value of a column,
    give the bounds the values give."""
    table = _table(400, 8, blank=0.0)
    a = table.column("a").to_numpy().copy()
    a[::7] = np.nan  # NaN values, not nulls
    b = table.column("b").to_numpy().copy()
    b[:97] = np.nan  # the whole first row group has no b
    table = table.set_column(3, "a", pa.array(a, from_pandas=False))
    table = table.set_column(4, "b", pa.array(b, from_pandas=True))
    run = _project(tmp_path, table, "parquet", _index())
    from qualindex.evaluate.io import open_batches

    file = open_batches(tmp_path / "data.parquet", stream_sources(load_project(run))[0].options)
    assert file is not None
    assert file.bounds("a") == (np.nanmin(a), np.nanmax(a))
    assert file.bounds("b") == (np.nanmin(b), np.nanmax(b))
    ev = evaluate(load_project(run))
    streamed, notes = _streamed(run, batch_rows=64)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes


def test_progress_reports_every_pass_up_to_every_row(tmp_path: Path) -> None:
    """The progress callback (the CLI's bar, on a terminal only) sees each pass reach the end."""
    run = _project(tmp_path, _table(300, 6), "parquet", _index())
    project = load_project(run)
    seen: dict[str, tuple[int, int | None]] = {}
    evaluate_stream(
        project.index,
        stream_sources(project)[0],
        weigh(project),
        lambda: TableWriter(io.BytesIO(), "csv"),
        options=project.eval_options,
        progress=lambda stage, done, total: seen.__setitem__(stage, (done, total)),
        batch_rows=64,
    )
    assert list(seen) == ["statistics", "scoring", "writing"]
    assert all(done == 300 and total == 300 for done, total in seen.values())


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of times a CSV file is parsed (BatchFile.batches on it), as a list."""
    from qualindex.evaluate import io as qio

    parses: list[int] = []
    real = qio.BatchFile.batches

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.kind == "csv":
            parses.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(qio.BatchFile, "batches", counting)
    return parses


def _spills(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith("qualindex-spill-")]


def test_a_csv_file_is_parsed_once_and_its_spill_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three passes, one parse: the first pass keeps what it parsed in a temporary Arrow
    file the later passes read; the numbers are the in-memory engine's; nothing is left."""
    import tempfile

    spill_dir = tmp_path / "tmp"
    spill_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill_dir))
    parses = _counting_parses(monkeypatch)
    run = _project(tmp_path, _table(900, 5, blank=0.2), "csv", _index("reweight"))
    ev = evaluate(load_project(run))
    streamed, notes = _streamed(run, batch_rows=64)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes
    assert len(parses) == 1
    assert _spills(spill_dir) == []


@pytest.mark.parametrize("why", ["memory-backed", "disk-full"])
def test_without_a_spill_every_pass_parses_the_csv_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    """A temporary folder in RAM (tmpfs), or a disk that fills while the spill is written:
    each pass parses the file, with the same numbers, and no spill file stays behind."""
    import tempfile

    import pyarrow.ipc

    from qualindex.evaluate import io as qio

    spill_dir = tmp_path / "tmp"
    spill_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill_dir))
    if why == "memory-backed":
        monkeypatch.setattr(qio, "_memory_backed", lambda folder: True)
    else:
        real = pyarrow.ipc.new_file

        class Full:
            def __init__(self, sink: Any, schema: Any) -> None:
                self.inner, self.n = real(sink, schema), 0

            def write_batch(self, batch: Any) -> None:
                self.n += 1
                if self.n == 3:
                    raise OSError(28, "No space left on device")
                self.inner.write_batch(batch)

            def close(self) -> None:
                self.inner.close()

        monkeypatch.setattr(pyarrow.ipc, "new_file", Full)
    parses = _counting_parses(monkeypatch)
    run = _project(tmp_path, _table(900, 6, blank=0.1), "csv", _index())
    ev = evaluate(load_project(run))
    streamed, notes = _streamed(run, batch_rows=64)
    _assert_same(evaluation_arrow(ev), streamed)
    assert notes == ev.notes
    assert len(parses) == 3  # statistics, scoring, output
    assert _spills(spill_dir) == []


def test_a_ram_backed_folder_is_told_from_a_disk() -> None:
    """/proc/self/mounts: /dev/shm is tmpfs on Linux; the project's folder is on a disk."""
    from qualindex.evaluate.io import _memory_backed

    mounts = Path("/proc/self/mounts")
    if not mounts.exists():
        pytest.skip("no /proc/self/mounts (not Linux)")
    table = {line.split()[1]: line.split()[2] for line in mounts.read_text().splitlines()}
    if table.get("/dev/shm") == "tmpfs":
        assert _memory_backed("/dev/shm")
        assert _memory_backed("/dev/shm/some/folder")
    here = Path(__file__).resolve().parent
    best = max((p for p in table if str(here).startswith(p.rstrip("/") + "/") or p == "/"), key=len)
    assert _memory_backed(str(here)) == (table[best] in ("tmpfs", "ramfs"))


def test_parquet_output_dictionary_encodes_text_columns_only() -> None:
    """Scores are continuous: a dictionary for them is tried and given up, at eight times
    the CPU (1M x 61 columns: 7.5 s, 0.9 s without); text columns repeat and keep theirs."""
    table = pa.table(
        {
            "entity": pa.array([f"E{i % 7}" for i in range(5000)]),
            "score": pa.array(np.random.default_rng(1).uniform(0, 100, 5000)),
            "rank": pa.array(np.arange(5000, dtype=np.int32)),
        }
    )
    sink = io.BytesIO()
    with TableWriter(sink, "parquet") as out:
        out.write(table)
    meta = pq.ParquetFile(io.BytesIO(sink.getvalue())).metadata.row_group(0)
    encodings = {meta.column(k).path_in_schema: meta.column(k).encodings for k in range(3)}
    assert "RLE_DICTIONARY" in encodings["entity"]
    assert "RLE_DICTIONARY" not in encodings["score"] and "RLE_DICTIONARY" not in encodings["rank"]
    assert pq.read_table(io.BytesIO(sink.getvalue())).equals(table)
