"""End to end: the ``qualindex evaluate`` command against a plain pyarrow + numpy script.

Both run as whole processes on the same table (``reference_evaluate.py make``: entity, period,
50 indicators), read from Parquet or from CSV, and write their rows in the same format: the
command entity, period, composite, rank, grade, TOPSIS, short board and every node's score
(61 columns), the reference (``run --scores``) entity, period, composite, rank and the 50
indicator scores.  The command's index has the same 50 min-max indicators, weights and
directions as the reference.  Each engine of the command (``--engine memory`` holds every
row; ``--engine stream`` reads record batches, three passes) is timed; printed are seconds,
the ratio to the plain script, and each process's peak RSS; composites must agree to 1e-9.

Run::

    .venv/bin/python benchmarks/bench_evaluate_command.py                  # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_evaluate_command.py --huge           # and 10M
    .venv/bin/python benchmarks/bench_evaluate_command.py --rows 100000 --format csv

The in-memory engine runs up to ``--memory-max`` rows (default 100k: it holds every row).
``--check`` fails when the streamed engine's ratio at the largest size exceeds ``--limit``
(issue 11: 1.5).
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


def run_config(data: Path) -> dict[str, object]:
    """The run configuration of the benchmark's index over one data file."""
    return {
        "qualindex": 1,
        "index": "bench.yaml",
        "data": {"entity": "entity", "period": "period", "files": [{"path": data.name}]},
        "evaluate": {"missing": {"policy": "reweight", "min_coverage": 0.65}},
    }


def _run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, every thread) and peak RSS (MiB) of one
    process.  On a shared machine the wall time varies with the load; the CPU time much less."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", *cmd], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    user, system, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(rss_kib) / 1024


def _composites(path: Path, column: str) -> dict[tuple[str, str], float]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path, columns=["entity", "period", column])
        keys = zip(t.column("entity").to_pylist(), t.column("period").to_pylist(), strict=True)
        return dict(zip(keys, t.column(column).to_pylist(), strict=True))
    with path.open(encoding="utf-8-sig") as fh:
        return {(r["entity"], r["period"]): float(r[column]) for r in csv.DictReader(fh)}


def make_data(rows: int, tmp: Path) -> Path:
    base = tmp / f"kpi{rows}"
    if not base.with_suffix(".parquet").exists():
        subprocess.run(
            [sys.executable, str(HERE / "reference_evaluate.py"), "make", str(base),
             "--rows", str(rows), "--periods", "2"],
            check=True, capture_output=True,
        )  # fmt: skip
    return base


def bench(rows: int, fmt: str, tmp: Path, engines: list[str]) -> dict[str, float]:
    data = make_data(rows, tmp).with_suffix(f".{fmt}")
    (tmp / "bench.yaml").write_text(yaml.safe_dump(index_yaml()), encoding="utf-8")
    (tmp / "run.yaml").write_text(yaml.safe_dump(run_config(data)), encoding="utf-8")
    ref_out = tmp / f"ref{rows}.{fmt}"
    ref = _run([sys.executable, str(HERE / "reference_evaluate.py"), "run", str(data),
                "--scores", "-o", str(ref_out)])  # fmt: skip
    out: dict[str, float] = {"rows": rows, "ref": ref[0], "ref_cpu": ref[1], "ref_mib": ref[2]}
    b = _composites(ref_out, "composite")
    keys = sorted(b)
    for engine in engines:
        ours_out = tmp / f"{engine}{rows}.{fmt}"
        ours = _run([str(QUALINDEX), "evaluate", str(tmp / "run.yaml"), "--engine", engine,
                     "--format", fmt, "-o", str(ours_out)])  # fmt: skip
        a = _composites(ours_out, "composite")
        np.testing.assert_allclose([a[k] for k in keys], [b[k] for k in keys], rtol=1e-9, atol=1e-9)
        out[engine], out[f"{engine}_cpu"], out[f"{engine}_mib"] = ours
        ours_out.unlink()
    ref_out.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--huge", action="store_true", help="also 10,000,000 rows")
    parser.add_argument("--format", choices=("parquet", "csv"), nargs="+",
                        default=["parquet", "csv"])  # fmt: skip
    parser.add_argument("--memory-max", type=int, default=100_000)
    parser.add_argument("--tmp", type=Path, default=None, help="keep the data here")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    sizes = [*args.rows, *([10_000_000] if args.huge else [])]
    print(f"evaluate command vs plain pyarrow+numpy ({K} indicators, 2 periods), "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")  # fmt: skip
    heads = ("input", "rows", "plain s", "cpu s", "memory s", "cpu s", "ratio", "stream s",
             "cpu s", "ratio", "plain MiB", "memory MiB", "stream MiB")  # fmt: skip
    widths = (7, 11, 8, 7, 9, 7, 6, 9, 7, 6, 10, 11, 11)
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    print("(ratio: CPU seconds over the plain script's; wall seconds depend on the machine's load)")
    last = None
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.tmp or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for rows in sizes:
            for fmt in args.format:
                engines = ["memory", "stream"] if rows <= args.memory_max else ["stream"]
                r = bench(rows, fmt, tmp, engines)
                print(_line(fmt, r), flush=True)
                last = r
    if args.check and last is not None and last["stream_cpu"] / last["ref_cpu"] > args.limit:
        raise SystemExit(f"ratio {last['stream_cpu'] / last['ref_cpu']:.2f} > {args.limit}")


def _line(fmt: str, r: dict[str, float]) -> str:
    cells = [f"{fmt:>7}", f"{int(r['rows']):>11,}", f"{r['ref']:>8.1f}", f"{r['ref_cpu']:>7.1f}"]
    for engine in ("memory", "stream"):
        if engine in r:
            ratio = r[f"{engine}_cpu"] / r["ref_cpu"]
            cells += [f"{r[engine]:>9.1f}", f"{r[f'{engine}_cpu']:>7.1f}", f"{ratio:>6.2f}"]
        else:
            cells += [f"{'-':>9}", f"{'-':>7}", f"{'-':>6}"]
    cells += [f"{r['ref_mib']:>10.0f}"]
    cells += [f"{r[f'{e}_mib']:>11.0f}" if e in r else f"{'-':>11}" for e in ("memory", "stream")]
    return " ".join(cells)


if __name__ == "__main__":
    main()
