"""End to end: ``qualindex report`` on large tables, beside ``qualindex evaluate``.

The table and index of :mod:`bench_evaluate_command` (entity, period, 50 min-max indicators,
2 periods, Parquet).  Timed as whole processes: ``qualindex report RUN -o report.html`` (and
``.md``) with the default row limit (``report.max_rows`` 200: each period's best and worst
50 rows listed, all rows summarised; from 200,000 rows the file is streamed and only those
rows are held), and ``qualindex evaluate RUN --engine stream -o rows.parquet``, which writes
every row.  A report has no plain-script counterpart; printed are wall and CPU seconds, the
report's CPU over the evaluation's, and each process's peak RSS.

Run::

    .venv/bin/python benchmarks/bench_report_command.py                   # 100k, 1M
    .venv/bin/python benchmarks/bench_report_command.py --rows 1000000 --tmp /work/bench-data

``--check`` fails when a report's peak RSS exceeds ``--max-mib`` (default 1024) or its CPU
time exceeds ``--limit`` (default 3) times the streamed evaluation's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_evaluate_command import QUALINDEX, K, _run, index_yaml, make_data, run_config


def bench(rows: int, tmp: Path, suffixes: list[str]) -> dict[str, float]:
    data = make_data(rows, tmp).with_suffix(".parquet")
    (tmp / "bench.yaml").write_text(yaml.safe_dump(index_yaml()), encoding="utf-8")
    config = tmp / f"run{rows}.yaml"
    config.write_text(yaml.safe_dump(run_config(data)), encoding="utf-8")
    out: dict[str, float] = {"rows": rows}
    rows_out = tmp / f"rows{rows}.parquet"
    cmd = [str(QUALINDEX), "evaluate", str(config), "--engine", "stream", "--format", "parquet",
           "-o", str(rows_out)]  # fmt: skip
    out["eval"], out["eval_cpu"], out["eval_mib"] = _run(cmd)
    rows_out.unlink()
    for suffix in suffixes:
        doc = tmp / f"report{rows}{suffix}"
        cmd = [str(QUALINDEX), "report", str(config), "-o", str(doc), "--lang", "en", "--force"]
        out[suffix], out[f"{suffix}_cpu"], out[f"{suffix}_mib"] = _run(cmd)
        out[f"{suffix}_kib"] = doc.stat().st_size / 1024
        doc.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--suffix", nargs="+", default=[".html", ".md"])
    parser.add_argument("--tmp", type=Path, default=None, help="keep the data here")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--limit", type=float, default=3.0)
    parser.add_argument("--max-mib", type=float, default=1024.0)
    args = parser.parse_args()
    print(f"report command on {K} indicators, 2 periods, Parquet; {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d')}")  # fmt: skip
    print(f"{'rows':>11} {'output':>7} {'wall s':>7} {'cpu s':>6} {'/ eval':>7} "
          f"{'peak MiB':>9} {'size KiB':>9}")  # fmt: skip
    failed = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.tmp or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for rows in args.rows:
            r = bench(rows, tmp, args.suffix)
            print(f"{rows:>11,} {'evaluate':>7} {r['eval']:>7.1f} {r['eval_cpu']:>6.1f} "
                  f"{'':>7} {r['eval_mib']:>9.0f} {'':>9}")  # fmt: skip
            for s in args.suffix:
                ratio = r[f"{s}_cpu"] / r["eval_cpu"]
                print(f"{'':>11} {s:>7} {r[s]:>7.1f} {r[f'{s}_cpu']:>6.1f} {ratio:>7.2f} "
                      f"{r[f'{s}_mib']:>9.0f} {r[f'{s}_kib']:>9.0f}", flush=True)  # fmt: skip
                if ratio > args.limit or r[f"{s}_mib"] > args.max_mib:
                    failed.append(f"{rows:,} {s}: cpu ratio {ratio:.2f}, {r[f'{s}_mib']:.0f} MiB")
    if args.check and failed:
        raise SystemExit("; ".join(failed))


if __name__ == "__main__":
    main()
