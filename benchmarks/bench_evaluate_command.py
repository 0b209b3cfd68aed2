"""End to end: the ``qualindex evaluate`` command against a plain pyarrow + numpy script.

Both run as whole processes on the same table (``reference_evaluate.py make``: entity, period,
50 indicators) and write entity, period, composite and rank; the command's index has the
same 50 min-max indicators, weights and directions as the reference.  Prints seconds, the
ratio and each process's peak RSS, and checks that the composites agree to 1e-9.

Run::

    .venv/bin/python benchmarks/bench_evaluate_command.py --rows 10000 100000 1000000
    .venv/bin/python benchmarks/bench_evaluate_command.py --rows 100000 --format csv

``--check`` fails when the ratio at the largest size exceeds ``--limit`` (issue 11: 1.5).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
QUALINDEX = Path(sys.executable).parent / "qualindex"
K = 50


def index_yaml() -> dict[str, object]:
    """50 min-max indicators, weights 1 + (j mod 5), k_j lower-is-better when j mod 3 == 0."""
    kids = [
        {
            "id": f"k{j}",
            "name": {"en": f"k{j}"},
            "unit": "1",
            "direction": "lower" if j % 3 == 0 else "higher",
            "scoring": {"method": "minmax"},
        }
        for j in range(K)
    ]
    weights = {f"k{j}": 1 + j % 5 for j in range(K)}
    return {
        "qualindex": 1,
        "id": "bench",
        "version": "1",
        "name": {"en": "Benchmark"},
        "weighting": {"method": "direct", "weights": weights},
        "children": kids,
    }


def _run(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    rss_kib = int(done.stderr.strip().splitlines()[-1])
    return seconds, rss_kib / 1024


def _composites(path: Path, column: str) -> dict[tuple[str, str], float]:
    with path.open(encoding="utf-8-sig") as fh:
        return {(r["entity"], r["period"]): float(r[column]) for r in csv.DictReader(fh)}


def bench(rows: int, fmt: str, tmp: Path) -> dict[str, float]:
    base = tmp / f"kpi{rows}"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "reference_evaluate.py"),
            "make",
            str(base),
            "--rows",
            str(rows),
        ],
        check=True,
        capture_output=True,
    )
    data = base.with_suffix(f".{fmt}")
    (tmp / "bench.yaml").write_text(yaml.safe_dump(index_yaml()), encoding="utf-8")
    run = {
        "qualindex": 1,
        "index": "bench.yaml",
        "data": {"entity": "entity", "period": "period", "files": [{"path": data.name}]},
        "evaluate": {"missing": {"policy": "reweight", "min_coverage": 0.65}},
    }
    (tmp / "run.yaml").write_text(yaml.safe_dump(run), encoding="utf-8")
    ours_out, ref_out = tmp / f"ours{rows}.csv", tmp / f"ref{rows}.csv"
    ours = _run(
        [str(QUALINDEX), "evaluate", str(tmp / "run.yaml"), "--format", "csv", "-o", str(ours_out)]
    )
    ref = _run(
        [sys.executable, str(HERE / "reference_evaluate.py"), "run", str(data), "-o", str(ref_out)]
    )
    a, b = _composites(ours_out, "composite"), _composites(ref_out, "composite")
    keys = sorted(b)
    np.testing.assert_allclose([a[k] for k in keys], [b[k] for k in keys], rtol=1e-9, atol=1e-9)
    return {"rows": rows, "ours": ours[0], "ref": ref[0], "ours_mib": ours[1], "ref_mib": ref[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    print(f"evaluate command vs plain pyarrow+numpy ({args.format}, {K} indicators), "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"{'rows':>10} {'ours s':>9} {'ref s':>8} {'ratio':>7} {'ours MiB':>9} {'ref MiB':>8}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            r = bench(rows, args.format, Path(tmp))
            results.append(r)
            print(
                f"{rows:>10,} {r['ours']:>9.2f} {r['ref']:>8.2f} {r['ours'] / r['ref']:>7.2f} "
                f"{r['ours_mib']:>9.0f} {r['ref_mib']:>8.0f}",
                flush=True,
            )
    last = results[-1]
    if args.check and last["ours"] / last["ref"] > args.limit:
        raise SystemExit(f"ratio {last['ours'] / last['ref']:.2f} > {args.limit}")


if __name__ == "__main__":
    main()
