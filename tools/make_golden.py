"""Write the golden JSON of `weights`, `consistency` and `evaluate` for every catalogue entry.

Run from the repository root (the outputs hold paths relative to it):
    .venv/bin/python tools/make_golden.py
Only regenerate after a change that is meant to change numbers, and say so in the commit.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from typer.testing import CliRunner

from qualindex.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
COMMANDS = ("weights", "consistency", "evaluate")


DECISION_COMMANDS = ("weights", "consistency", "rank")  # decision models rank, not evaluate


def entries() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "indicators").glob("*/run.yaml"))


def commands_for(entry: str) -> tuple[str, ...]:
    """The commands whose JSON is kept for ``entry``."""
    index = (ROOT / "indicators" / f"{entry}.yaml").read_text(encoding="utf-8")
    decision = any(line.startswith("alternatives:") for line in index.splitlines())
    return DECISION_COMMANDS if decision else COMMANDS


def run(entry: str, command: str) -> object:
    """The command's JSON output, run from the repository root as a user would."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            app, [command, f"indicators/{entry}/run.yaml", "--format", "json"]
        )
    finally:
        os.chdir(cwd)
    if result.exit_code != 0:
        raise SystemExit(f"{command} {entry} failed: {result.output}")
    return json.loads(result.stdout)


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for entry in entries():
        for command in commands_for(entry):
            out = GOLDEN / f"{entry}.{command}.json"
            out.write_text(
                json.dumps(run(entry, command), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
            print("wrote", out.relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
