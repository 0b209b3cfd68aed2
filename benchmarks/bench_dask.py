"""``qualindex evaluate --engine dask`` on a respondent table of up to 100 million answer sheets.

The table is generated on disk once (``--dir``): entity (int32), quarter (int8), region
(int8) and four survey items answered on a 5-point scale (int8, about 5 % blank), in
``--files`` Parquet files of 1,000,000-row row groups (one Dask partition each).  As float64
the answers alone would take 32 bytes a row (3.2 GB per 100 million rows); on disk the table
is about 0.6 bytes per cell.  The command runs as a whole process on a LocalCluster (2
worker processes, 1 thread each); its time and the peak RSS of the command and every process
it started, summed (psutil, sampled every 0.2 s), are printed.

Run::

    .venv/bin/python benchmarks/bench_dask.py --rows 100000000 --dir /tmp/qualindex-dask-100m
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.parquet as pq

QUALINDEX = Path(sys.executable).parent / "qualindex"
ITEMS = ("q1", "q2", "q3", "q4")
ROW_GROUP = 1_000_000

INDEX = """\
qualindex: 1
id: sheets
version: "1"
name: {zh: 问卷, en: Survey}
score_range: [0, 100]
grades: cn-5
weighting: {method: direct, weights: {service: 0.6, product: 0.4}}
children:
  - id: service
    name: {en: Service}
    weighting: {method: direct, weights: {q1: 0.5, q2: 0.5}}
    children:
      - {id: q1, name: {en: Q1}, kind: survey, scale: likert5, direction: higher}
      - {id: q2, name: {en: Q2}, kind: survey, scale: likert5, direction: higher}
  - id: product
    name: {en: Product}
    weighting: {method: direct, weights: {q3: 0.7, q4: 0.3}}
    children:
      - {id: q3, name: {en: Q3}, kind: survey, scale: likert5, direction: higher}
      - {id: q4, name: {en: Q4}, kind: survey, scale: likert5, direction: higher}
"""

RUN = """\
qualindex: 1
index: index.yaml
data:
  entity: entity
  period: quarter
  group: [region]
  files:
    - {path: sheets/, layout: respondent}
evaluate: {engine: dask, survey: {max_blank_share: 0.5}}
"""


def make(folder: Path, rows: int, files: int, entities: int) -> None:
    """The respondent table, written file by file (memory: one row group at a time)."""
    (folder / "sheets").mkdir(parents=True, exist_ok=True)
    (folder / "index.yaml").write_text(INDEX, encoding="utf-8")
    (folder / "run.yaml").write_text(RUN, encoding="utf-8")
    rng = np.random.default_rng(11)
    per_file = -(-rows // files)
    done = 0
    for k in range(files):
        n_file = min(per_file, rows - done)
        path = folder / "sheets" / f"part-{k:03d}.parquet"
        schema = pa.schema(
            [("entity", pa.int32()), ("quarter", pa.int8()), ("region", pa.int8())]
            + [(q, pa.int8()) for q in ITEMS]
        )
        with pq.ParquetWriter(path, schema) as writer:
            for a in range(0, n_file, ROW_GROUP):
                n = min(ROW_GROUP, n_file - a)
                entity = rng.integers(0, entities, n, dtype=np.int32)
                cols = {
                    "entity": pa.array(entity),
                    "quarter": pa.array(rng.integers(1, 5, n, dtype=np.int8)),
                    "region": pa.array((entity % 7).astype(np.int8)),
                }
                for q in ITEMS:
                    answers = rng.integers(1, 6, n, dtype=np.int8)
                    cols[q] = pa.array(answers, mask=rng.random(n) < 0.05)
                writer.write_table(pa.table(cols, schema=schema), row_group_size=ROW_GROUP)
        done += n_file


def run(folder: Path) -> tuple[float, float, int]:
    """Seconds and peak RSS (GiB, the command and its children summed) of the command."""
    out = folder / "out"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(QUALINDEX), "evaluate", str(folder / "run.yaml"), "-o", str(out), "--force"],
        stderr=subprocess.PIPE,
        text=True,
    )
    watched = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"qualindex evaluate failed:\n{err[-3000:]}")
    print(err.strip().splitlines()[0] if err.strip() else "")
    rows = pq.ParquetDataset(out / "rows").read(columns=["composite"]).num_rows
    return seconds, peak / 2**30, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--files", type=int, default=0, help="default: one per 5M rows")
    ap.add_argument("--entities", type=int, default=250_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/qualindex-dask-bench"))
    args = ap.parse_args()
    files = args.files or max(1, args.rows // 5_000_000)
    marker = args.dir / f"made-{args.rows}-{files}-{args.entities}"
    if not marker.exists():
        t = time.perf_counter()
        make(args.dir, args.rows, files, args.entities)
        marker.touch()
        print(f"generated {args.rows:,} sheets in {time.perf_counter() - t:.0f} s")
    size = sum(p.stat().st_size for p in (args.dir / "sheets").glob("*.parquet"))
    seconds, peak, rows = run(args.dir)
    print(
        f"{args.rows:,} answer sheets ({size / 2**30:.2f} GiB Parquet, "
        f"{args.rows * len(ITEMS) * 8 / 2**30:.1f} GiB as float64 answers) -> {rows:,} rows: "
        f"{seconds:.0f} s, peak RSS {peak:.2f} GiB (command + scheduler + 2 workers)"
    )


if __name__ == "__main__":
    main()
