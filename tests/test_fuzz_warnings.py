"""No Python warning reaches a user (issue 18): every command on the demo projects and on
degenerate data, in a fresh interpreter run with ``-W error`` and numpy's
``seterr(all="raise")``, so a RuntimeWarning ("All-NaN slice", "Mean of empty slice",
"invalid value in divide"), a matplotlib UserWarning or a floating-point error anywhere
is an exception this test names, with the command and the frame in qualindex.

Degenerate data: every measured value one constant, one indicator with no value at all,
every value missing, one entity only; the demo entries include zero direct weights (acsi),
entropy weights (ict-network-qos) and a decision model (supplier-selection).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
KEYS = {"provider", "provider_name", "quarter", "region", "respondent", "id", "name"}

# Runs in the child: each (folder, args) through the real click command; any exception
# (a warning made an error by -W error, a FloatingPointError) is reported as a JSON line.
DRIVER = r"""
import contextlib, io, json, os, sys, traceback
import numpy as np
np.seterr(all="raise")
import typer.main
from qualindex.cli import app
command = typer.main.get_command(app)
for folder, args in json.loads(sys.stdin.read()):
    os.chdir(folder)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            command.main(args=args, prog_name="qualindex", standalone_mode=True)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except BaseException as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "qualindex" in f.filename]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        print(json.dumps({"folder": folder, "args": args, "raised": f"{type(exc).__name__}: {exc}",
                          "at": where}), flush=True)
        continue
    print(json.dumps({"folder": folder, "args": args, "code": code, "stderr": err.getvalue()}),
          flush=True)
"""


def _rewrite(folder: Path, edit: Callable[[list[list[str]]], list[list[str]]]) -> None:
    for f in sorted(folder.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(edit(rows))
        f.write_text(out.getvalue(), encoding="utf-8")


def _constant(rows: list[list[str]]) -> list[list[str]]:
    measured = [i for i, h in enumerate(rows[0]) if h not in KEYS]
    return [rows[0], *([("3" if i in measured and c else c) for i, c in enumerate(r)]
                       for r in rows[1:])]  # fmt: skip


def _one_blank(rows: list[list[str]]) -> list[list[str]]:
    return [rows[0], *([*r[:-1], ""] for r in rows[1:])]


def _all_blank(rows: list[list[str]]) -> list[list[str]]:
    measured = [i for i, h in enumerate(rows[0]) if h not in KEYS]
    return [rows[0], *([("" if i in measured else c) for i, c in enumerate(r)]
                       for r in rows[1:])]  # fmt: skip


def _one_entity(rows: list[list[str]]) -> list[list[str]]:
    return [rows[0], *(r for r in rows[1:] if r and r[0] == rows[1][0])]


VARIANTS: dict[str, Callable[[list[list[str]]], list[list[str]]] | None] = {
    "demo": None,
    "constant": _constant,
    "one-blank": _one_blank,
    "all-blank": _all_blank,
    "one-entity": _one_entity,
}
ENTRIES = {  # entry -> variants run on it
    "network-service-quality": list(VARIANTS),
    "ict-network-qos": ["demo", "constant", "one-blank", "one-entity"],
    "acsi": ["demo", "all-blank"],
    "supplier-selection": ["demo"],
}


def _commands(entry: str, variant: str) -> list[list[str]]:
    """Every command on the demo; on degenerate data, those that read the data."""
    run, index = f"indicators/{entry}/run.yaml", f"indicators/{entry}.yaml"
    if variant != "demo":
        return [
            ["evaluate", run, "--format", "json"],
            ["report", run, "-o", "report.html"],
            ["report", run, "-o", "report.xlsx"],
            [
                "sensitivity",
                run,
                "--draws",
                "20",
                "--vary",
                "weights,judgments,values,methods",
                "--value-sd",
                "1",
            ],
        ]
    return [
        ["validate", run],
        ["show", index],
        ["weights", run, "--format", "json"],
        ["consistency", run],
        ["evaluate", run],
        ["evaluate", run, "--format", "json"],
        ["diagram", run, "-o", "tree.svg", "--weights", "both"],
        ["report", run, "-o", "report.md"],
        ["report", run, "-o", "report.html"],
        ["report", run, "-o", "report.xlsx"],
        [
            "sensitivity",
            run,
            "--draws",
            "20",
            "--vary",
            "weights,judgments,values,methods",
            "--value-sd",
            "1",
        ],
        ["experts", run],
        ["rank", run],
        ["diff", index, index],
        ["questionnaire", run, "-o", "q", "--format", "html", "--delphi"],
    ]


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_no_python_warning_on_demo_or_degenerate_data(tmp_path: Path, entry: str) -> None:
    jobs = []
    for name in ENTRIES[entry]:
        folder = tmp_path / name / "indicators"
        folder.mkdir(parents=True)
        shutil.copy2(ROOT / "indicators" / f"{entry}.yaml", folder)
        shutil.copytree(ROOT / "indicators" / entry, folder / entry)
        edit = VARIANTS[name]
        if edit is not None:
            _rewrite(folder / entry / "data", edit)
        jobs += [[str(folder.parent), args] for args in _commands(entry, name)]
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", DRIVER],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(jobs)  # every command ran to its end
    raised = [r for r in results if "raised" in r]
    leaked = [r for r in results if "stderr" in r and "Warning" in r["stderr"]]
    report = "\n".join(
        f"{Path(r['folder']).name}: qualindex {' '.join(r['args'])}: "
        f"{r.get('raised') or r['stderr'][:300]} {r.get('at', '')}"
        for r in raised + leaked
    )
    assert not raised and not leaked, report
    assert done.stderr.strip() == "", done.stderr[-3000:]
