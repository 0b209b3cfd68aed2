"""The audit trail: digests of every input, methods, RI tables and CR limits, UTC time."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from qualindex import __version__
from qualindex.evaluate.results import Evaluation
from qualindex.report.audit import build_audit, sha256_file
from qualindex.run import Project

from .conftest import NOW


def test_sha256_reads_in_chunks_like_one_read(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 1000)
    assert sha256_file(path, chunk=1000) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_input_file_is_listed_once_with_its_digest(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    audit = build_audit(project, ev, now=NOW)
    expected = {p.resolve() for p in project.inputs} | {Path(f).resolve() for f in ev.data.files}
    listed = [Path(f.path).resolve() for f in audit.files]
    assert len(listed) == len(set(listed)) and set(listed) == expected
    for entry in audit.files:
        data = Path(entry.path).read_bytes()
        assert entry.sha256 == hashlib.sha256(data).hexdigest() and entry.size == len(data)


def test_time_is_utc_and_versions_are_recorded(nsq: tuple[Project, Evaluation]) -> None:
    project, ev = nsq
    beijing = NOW.astimezone(timezone(timedelta(hours=8)))
    audit = build_audit(project, ev, now=beijing)
    assert audit.generated == NOW and audit.generated.utcoffset() == timedelta(0)
    assert audit.generated_text == "2026-07-01 08:30:00 UTC"
    assert audit.qualindex == __version__
    assert set(audit.libraries) >= {"numpy", "scipy", "matplotlib"}
    fresh = build_audit(project, ev).generated
    assert abs(fresh - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_ri_tables_and_cr_limits_saaty_1980(nsq: tuple[Project, Evaluation]) -> None:
    """RI values of Saaty (1980), Table 1.7 (n = 2..5: 0, 0.58, 0.90, 1.12) and the limits
    by matrix order of Saaty (1994): 0.05 for n = 3, 0.08 for n = 4, 0.10 for n >= 5;
    the example's run configuration says ``cr_limit: auto`` and ``ri_table: saaty-1980``."""
    project, ev = nsq
    audit = build_audit(project, ev, now=NOW)
    assert dict(audit.ri_tables["saaty-1980"]) == {2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12}
    assert audit.cr_limits["efficiency"] == 0.05  # 3 children
    assert audit.cr_limits["reliability"] == 0.08  # 4 children
    assert audit.cr_limits["network-service-quality"] == 0.10  # 5 children
    assert audit.settings["ri_table"] == "saaty-1980" and audit.settings["cr_limit"] == "auto"
    methods = {m.node: m for m in audit.methods}
    assert methods["professionalism"].method == "direct"
    assert methods["security"].method == "equal" and methods["security"].default
    assert methods["efficiency"].priority == "eigenvector"
