"""End to end: the CLI's start-up and small runs against a bare ``import numpy, yaml, pydantic``.

Issue 11 ("Fast CLI"): on small inputs a command should cost little more than starting Python
with the three libraries every command needs.  Generated in a temporary directory:

* a 60-indicator index (6 dimensions x 10 KPIs, AHP at every node, 3 experts' judgment files)
  and a CSV of 1,000 entities;
* a 300-leaf index (6 dimensions x 5 sub-dimensions x 10 KPIs, AHP at every node, 3 experts)
  and a CSV of 10 entities.

The judgments are Saaty ratios of a hidden weight vector rounded to the 1-9 scale, with a
different vector per expert (consistent: no CR warnings).  Timed as whole processes, output to
files:

========================================  =========================================
``qualindex weights run.yaml``            CPU <= 1.5 x the bare import
``qualindex evaluate run.yaml -o t.txt``  CPU <= 2.0 x the bare import (table output)
``qualindex report run300.yaml -o r.html`` CPU <= 5 s (absolute; wall printed too)
========================================  =========================================

The bare import is ``python -c "import numpy, yaml, pydantic"`` with this interpreter.  The
children run with bytecode caches (``PYTHONDONTWRITEBYTECODE`` removed from their environment;
the warm-up run writes them), as an installed package has them.  Times
are CPU seconds (user + system of the child, from ``os.wait4``): on a shared machine wall time
follows the load.  The runs are interleaved (baseline, weights, evaluate, report, baseline, ...)
so that load hits all alike; a case's time is the best of ``--repeats`` (default 7), the median
is printed beside it.

The *floor* is the same interpreter importing what every command needs before a line of
qualindex runs (numpy, yaml, pydantic, typer, rich) and building one pydantic model; each
case's time is also given as a multiple of it.  On the machine of issue 11 the floor alone is
about 1.6 x the bare import, so the 1.5 x limit of ``weights`` is out of reach while typer and
pydantic are the command line's and the schema's libraries; the table says how far above the
floor each command is.

Run::

    .venv/bin/python benchmarks/bench_cli.py [--check] [--repeats 7] [--tmp DIR]

``--check`` exits 1 when a case misses its limit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

QUALINDEX = Path(sys.executable).parent / "qualindex"
BASELINE = [sys.executable, "-c", "import numpy, yaml, pydantic"]
# What every command loads before any qualindex code runs: the baseline's three, the two
# libraries of the command line (typer, which parses options through pydantic TypeAdapters,
# and rich) and one pydantic model built and used.  Printed beside the limits: a limit below
# it cannot be met with these dependencies (the user chose them).
FLOOR = [
    sys.executable,
    "-c",
    "import numpy, yaml, pydantic, typer.main, rich.console\n"
    "class M(pydantic.BaseModel):\n    x: int\n"
    "M(x=1)",
]
# Bytecode caches on, as an installed package has them: with PYTHONDONTWRITEBYTECODE set (some
# CI shells set it) an editable install recompiles every module of the package on each start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SEED = 20261203
SCALE = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2,
                  1, 2, 3, 4, 5, 6, 7, 8, 9])  # fmt: skip
EXPERTS = ("li", "wang", "zhang")


def _kpi(node_id: str, j: int) -> dict[str, object]:
    lower = j % 3 == 0
    return {
        "id": node_id,
        "name": {"en": f"Indicator {node_id}"},
        "kind": "kpi",
        "unit": "%",
        "direction": "lower" if lower else "higher",
        "threshold": 40 if lower else 60,
        "target": 5 if lower else 95,
    }


def _branch(node_id: str, children: list[dict[str, object]]) -> dict[str, object]:
    return {
        "id": node_id,
        "name": {"en": f"Dimension {node_id}"},
        "weighting": {"method": "ahp"},
        "children": children,
    }


def index_yaml(index_id: str, shape: tuple[int, ...]) -> dict[str, object]:
    """An AHP index of the given shape (children per level, leaves last): (6, 10) is 6
    dimensions of 10 KPIs, (6, 5, 10) adds 5 sub-dimensions to each."""

    def level(prefix: str, depth: int) -> list[dict[str, object]]:
        if depth == len(shape) - 1:
            return [_kpi(f"{prefix}k{j}", j) for j in range(shape[depth])]
        return [_branch(f"{prefix}d{i}", level(f"{prefix}d{i}_", depth + 1))
                for i in range(shape[depth])]  # fmt: skip

    return {
        "qualindex": 1,
        "id": index_id,
        "version": "1",
        "name": {"en": f"Benchmark index {index_id}"},
        "score_range": [0, 100],
        "weighting": {"method": "ahp"},
        "children": level("", 0),
    }


def _ratio(x: float) -> object:
    """The Saaty scale value nearest to ``x`` (log scale), as the YAML writes it."""
    v = SCALE[np.argmin(np.abs(np.log(SCALE) - np.log(x)))]
    return round(float(v)) if v >= 1 else f"1/{round(1 / float(v))}"


def judgments(index: dict[str, object], expert: str, rng: np.random.Generator) -> dict[str, object]:
    """One expert's pairwise comparisons of every AHP node's children."""
    pairwise: dict[str, list[list[object]]] = {}

    def walk(node: dict[str, object]) -> None:
        kids = node.get("children")
        if not isinstance(kids, list):
            return
        w = rng.uniform(1.0, 4.0, len(kids))
        ids = [str(k["id"]) for k in kids]
        pairwise[str(node["id"])] = [
            [ids[a], ids[b], _ratio(w[a] / w[b])]
            for a in range(len(ids))
            for b in range(a + 1, len(ids))
        ]
        for k in kids:
            walk(k)

    walk(index)
    return {
        "qualindex": 1,
        "expert": {"id": expert, "name": f"Expert {expert}", "weight": 1.0},
        "index": f"{index['id']}@{index['version']}",
        "pairwise": pairwise,
    }


def _leaves(node: dict[str, object]) -> list[dict[str, object]]:
    kids = node.get("children")
    if not isinstance(kids, list):
        return [node]
    return [leaf for k in kids for leaf in _leaves(k)]


def data_csv(index: dict[str, object], entities: int, rng: np.random.Generator) -> str:
    leaves = _leaves(index)
    head = ["entity", *(str(leaf["id"]) for leaf in leaves)]
    lines = [",".join(head)]
    values = rng.uniform(0.0, 100.0, (entities, len(leaves))).round(2)
    for e in range(entities):
        lines.append(",".join([f"E{e:04d}", *(f"{v:g}" for v in values[e])]))
    return "\n".join(lines) + "\n"


def make_project(tmp: Path, name: str, shape: tuple[int, ...], entities: int, seed: int) -> Path:
    """Index, judgments, data and run config under ``tmp/name``; the run config's path."""
    rng = np.random.default_rng(seed)
    root = tmp / name
    (root / "judgments").mkdir(parents=True, exist_ok=True)
    index = index_yaml(name, shape)
    (root / "index.yaml").write_text(yaml.safe_dump(index, sort_keys=False), encoding="utf-8")
    for expert in EXPERTS:
        doc = judgments(index, expert, rng)
        (root / "judgments" / f"{expert}.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    (root / "data.csv").write_text(data_csv(index, entities, rng), encoding="utf-8")
    run = {
        "qualindex": 1,
        "index": "index.yaml",
        "judgments": ["judgments/*.yaml"],
        "weighting": {"group": "aij"},
        "data": {"entity": "entity", "files": [{"path": "data.csv"}]},
        "report": {"lang": "en"},
    }
    config = root / "run.yaml"
    config.write_text(yaml.safe_dump(run, sort_keys=False), encoding="utf-8")
    return config


@dataclass
class Case:
    """One timed command; ``limit`` is a ratio to the baseline, or absolute CPU seconds when
    ``absolute``."""

    name: str
    cmd: list[str]
    limit: float
    absolute: bool = False
    output: Path | None = None  # a file the command writes
    stdout: Path | None = None  # where its printed output goes (a table)


def timed(
    cmd: list[str], output: Path | None = None, stdout: Path | None = None
) -> tuple[float, float]:
    """CPU seconds (user + system of the child) and wall seconds of one process."""
    if output is not None and output.exists():
        output.unlink()
    sink = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, env=ENV)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    proc.stderr.close()
    if stdout is not None:
        sink.close()  # type: ignore[union-attr]
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr.decode()[-2000:]}")
    if output is not None and not output.exists():
        raise SystemExit(f"{' '.join(cmd)} wrote no {output}")
    if stdout is not None and stdout.stat().st_size == 0:
        raise SystemExit(f"{' '.join(cmd)} printed nothing")
    return usage.ru_utime + usage.ru_stime, wall


def cases(tmp: Path) -> list[Case]:
    run60 = make_project(tmp, "i60", (6, 10), 1_000, SEED)
    run300 = make_project(tmp, "i300", (6, 5, 10), 10, SEED + 1)
    qi = str(QUALINDEX)
    html = tmp / "r.html"
    return [
        Case("weights (60 indicators)", [qi, "weights", str(run60)], 1.5,
             stdout=tmp / "weights.txt"),
        Case("evaluate (1,000 entities, table)", [qi, "evaluate", str(run60)], 2.0,
             stdout=tmp / "evaluate.txt"),
        Case("report HTML (300 leaves)", [qi, "report", str(run300), "-o", str(html), "--force"],
             5.0, absolute=True, output=html),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--tmp", type=Path, default=None, help="keep the inputs here")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--only", nargs="+", default=None, help="cases whose name starts so")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.tmp or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        todo = [c for c in cases(tmp) if not args.only or c.name.startswith(tuple(args.only))]
        return _measure(todo, args.repeats, args.check)


def _measure(todo: list[Case], repeats: int, check: bool) -> int:
    base: list[float] = []
    floor: list[float] = []
    cpu: dict[str, list[float]] = {c.name: [] for c in todo}
    wall: dict[str, list[float]] = {c.name: [] for c in todo}
    timed(BASELINE)  # warm the file cache
    for case in todo:
        timed(case.cmd, case.output, case.stdout)
    for _ in range(repeats):
        floor.append(timed(FLOOR)[0])
        for case in todo:
            base.append(timed(BASELINE)[0])
            c, w = timed(case.cmd, case.output, case.stdout)
            cpu[case.name].append(c)
            wall[case.name].append(w)
    b = min(base)
    load = os.getloadavg()[0]
    print(f"CLI vs bare `import numpy, yaml, pydantic` ({b:.3f} s CPU); best of {repeats}, "
          f"interleaved; {os.cpu_count()} cores, load {load:.1f}, "
          f"{time.strftime('%Y-%m-%d')}")  # fmt: skip
    f = min(floor)
    print(f"floor (numpy, yaml, pydantic, typer, rich and one model, no qualindex code): "
          f"{f:.3f} s CPU, {f / b:.2f}x the bare import")  # fmt: skip
    heads = ("case", "ours CPU s", "median", "baseline CPU s", "ratio", "limit", "wall s", "ok",
             "vs floor")  # fmt: skip
    widths = (34, 10, 7, 14, 6, 7, 7, 3, 8)
    print(" ".join(f"{h:<{w}}" if i == 0 else f"{h:>{w}}"
                   for i, (h, w) in enumerate(zip(heads, widths, strict=True))))  # fmt: skip
    failed = 0
    for case in todo:
        best = min(cpu[case.name])
        ratio = best / b
        ok = (best if case.absolute else ratio) <= case.limit
        failed += not ok
        limit = f"{case.limit:g} s" if case.absolute else f"{case.limit:g}x"
        cells = (f"{case.name:<34}", f"{best:>10.3f}", f"{statistics.median(cpu[case.name]):>7.3f}",
                 f"{b:>14.3f}", f"{ratio:>6.2f}", f"{limit:>7}",
                 f"{min(wall[case.name]):>7.2f}", f"{'yes' if ok else 'NO':>3}",
                 f"{best / f:>8.2f}")  # fmt: skip
        print(" ".join(cells), flush=True)
    return 1 if check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
