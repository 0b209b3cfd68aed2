"""Golden outputs: `weights`, `consistency` and `evaluate` JSON of every catalogue entry.

Written by ``tools/make_golden.py`` before the run-path refactor (issue 9), so a refactor
that changes a number, a string or the shape of the JSON fails here.  Numbers are compared
at 1e-12 (relative, or absolute near zero); everything else exactly.  Regenerate only for a
change meant to change outputs, and say which in the commit.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from make_golden import commands_for, entries, run  # noqa: E402

CASES = [(e, c) for e in entries() for c in commands_for(e)]


def differences(want: object, got: object, where: str = "$") -> list[str]:
    """Every place where ``got`` differs from ``want`` (floats within 1e-12)."""
    if isinstance(want, float) or isinstance(got, float):
        if not isinstance(want, int | float) or not isinstance(got, int | float):
            return [f"{where}: {want!r} != {got!r}"]
        if math.isclose(want, got, rel_tol=1e-12, abs_tol=1e-12):
            return []
        return [f"{where}: {want!r} != {got!r}"]
    if isinstance(want, dict) and isinstance(got, dict):
        if list(want) != list(got):
            return [f"{where}: keys {list(want)} != {list(got)}"]
        return [d for k in want for d in differences(want[k], got[k], f"{where}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            return [f"{where}: length {len(want)} != {len(got)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(want, got, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    return [] if want == got else [f"{where}: {want!r} != {got!r}"]


def test_every_catalogue_entry_has_golden_files() -> None:
    assert len(CASES) == 3 * 12
    missing = [
        f"{e}.{c}.json" for e, c in CASES if not (ROOT / "tests/golden" / f"{e}.{c}.json").exists()
    ]
    assert not missing, f"run tools/make_golden.py: {missing}"


def test_differences_catches_a_changed_number() -> None:
    assert differences({"a": [1.0, 2.0]}, {"a": [1.0, 2.0 + 1e-9]}) == [
        "$.a[1]: 2.0 != 2.000000001"
    ]
    assert differences({"a": 1.0}, {"a": 1.0 + 1e-15}) == []


@pytest.mark.parametrize(("entry", "command"), CASES, ids=[f"{e}-{c}" for e, c in CASES])
def test_output_matches_golden(entry: str, command: str) -> None:
    want = json.loads((ROOT / "tests/golden" / f"{entry}.{command}.json").read_text("utf-8"))
    diff = differences(want, run(entry, command))
    assert not diff, "\n".join(diff[:20])
