"""A bounded fuzzing run of the real CLI (issue 18): no traceback, hang, partial output,
changed input or memory kill on mutated catalogue material.

The budget is ``FUZZ_TEST_SECONDS`` (default 45 s): the first half replays a fixed
seed, the second a seed that changes every day, printed on failure so the run can be
repeated with ``python tools/fuzz/run.py --seed N --cases M``.  ``make fuzz`` runs the
same harness for 30 minutes.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "tools" / "fuzz"))

import run as fuzz

BUDGET = float(os.environ.get("FUZZ_TEST_SECONDS", "45"))
FIXED_SEED = 20_261_202
ROTATING_SEED = int(datetime.date.today().strftime("%Y%m%d")) * 1000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks its cases")
@pytest.mark.parametrize("seed", [FIXED_SEED, ROTATING_SEED], ids=["fixed", "rotating"])
def test_fuzzing_finds_no_traceback_hang_or_damage(seed: int) -> None:
    counts, findings = fuzz.campaign(seconds=BUDGET / 2, seed=seed, out=None, timeout=60)
    assert sum(counts.values()) >= 5, counts  # the harness really ran cases
    bad = [r for r in findings if r.klass in fuzz.BAD]
    report = "\n".join(
        f"{r.klass} (seed {r.case.seed}, {r.case.kind}: {'; '.join(r.case.notes)}): "
        f"qualindex {' '.join(r.case.args)}\n    {r.detail}"
        for r in bad
    )
    assert not bad, f"seed {seed}: {dict(counts)}\n{report}"


def test_classifier_recognises_each_class(tmp_path: Path) -> None:
    case = fuzz.Case(1, "x", "index", ["validate", "a.yaml"], tmp_path, outputs=["out.csv"])
    same = {"a.yaml": "h"}
    assert fuzz.classify(case, 0, "", "", "", same, same)[0] == "ok"
    assert fuzz.classify(case, 1, "", "", "a.yaml:3:1: error: bad", same, same)[0] == "clean"
    assert fuzz.classify(case, 1, "", "", "error: n = 16 is outside", same, same)[0] == (
        "unlocated"
    )
    tb = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: x'
    assert fuzz.classify(case, 1, "", "", tb, same, same)[0] == "traceback"
    assert fuzz.classify(case, None, "timeout", "", "", same, same)[0] == "hang"
    xcpu = f"signal {fuzz.signal.SIGXCPU}"
    assert fuzz.classify(case, None, xcpu, "", "", same, same)[0] == "hang"
    assert fuzz.classify(case, 1, "", "", "MemoryError", same, same)[0] == "memory"
    assert fuzz.classify(case, 0, "", "", "", same, {"a.yaml": "other"})[0] == "changed"
    partial = {**same, "out.csv": "h2"}
    assert fuzz.classify(case, 1, "", "", "a.yaml:1: error: x", same, partial)[0] == "partial"
    assert fuzz.classify(case, 0, "", "", "", same, {**same, ".out.csv.tmp1": "h"})[0] == (
        "partial"
    )


def test_mutators_are_deterministic_for_a_seed(tmp_path: Path) -> None:
    one = fuzz.build_case(7, tmp_path / "a")
    two = fuzz.build_case(7, tmp_path / "b")
    assert one.args == two.args and one.notes == two.notes
    assert fuzz._snapshot(one.folder) == fuzz._snapshot(two.folder)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks its cases")
def test_a_forked_case_over_its_time_or_memory_is_a_hang_or_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fuzz.preload()
    quick = fuzz.build_case(11, tmp_path / "a", ("cmdline",))
    quick.args = ["validate", f"indicators/{quick.entry}/run.yaml"]
    result = fuzz.execute(quick, timeout=60)
    assert result.klass == "ok" and result.code == 0, result.stderr
    assert result.cpu > 0  # wait4 accounted the case's own process
    slow = fuzz.build_case(11, tmp_path / "b", ("cmdline",))
    slow.args = ["sensitivity", f"indicators/{slow.entry}/run.yaml", "--draws", "100000"]
    assert fuzz.execute(slow, timeout=0.5).klass == "hang"
    monkeypatch.setattr(fuzz, "MEMORY", 8 * 1024 * 1024)  # 8 MB more than the fork holds
    big = fuzz.build_case(11, tmp_path / "c", ("cmdline",))
    # the Monte Carlo's draws x nodes arrays are far over 8 MB
    big.args = ["sensitivity", f"indicators/{big.entry}/run.yaml", "--draws", "1000000"]
    assert fuzz.execute(big, timeout=60).klass == "memory"


def test_a_traceback_in_the_cut_middle_of_a_long_output_is_still_seen() -> None:
    capture = fuzz._Capture()
    capture.add(b"x" * (3 * fuzz.KEEP))
    capture.add(b"Traceback (most recent call last):\n" + b"y" * (2 * fuzz.KEEP))
    text = capture.text()
    assert len(text) < 3 * fuzz.KEEP and "[...]" in text
    assert "Traceback (most recent call last)" in text
