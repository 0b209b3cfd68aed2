"""Every broken file in tests/data/invalid/ fails with its own located message.

Each file's first line says what must be reported: ``# expect: LINE:COL: path: message``
(or a part of it).  The command must exit 1 and never print a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualindex.cli import app
from qualindex.errors import QualindexError
from qualindex.hierarchy import load_index
from qualindex.hierarchy.yamlio import MAX_BYTES

INVALID = sorted((Path(__file__).parents[1] / "data" / "invalid").glob("*.yaml"))
runner = CliRunner()


def _expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect: "), f"{path.name} lacks its '# expect:' line"
    return first.removeprefix("# expect: ")


def test_there_are_at_least_25_kinds_of_mistake() -> None:
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_cli_reports_expected_message(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    output = result.output.replace("error: ", "")
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert f"{path}:" in output, "the message must name the file"
    assert _expected(path) in output


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_library_raises_one_valueerror_with_located_problems(path: Path) -> None:
    if "judgment" not in path.name and "top-level" not in path.name:
        with pytest.raises(QualindexError) as info:
            load_index(path)
        assert isinstance(info.value, ValueError)
        assert all(p.file == str(path) for p in info.value.problems)
        assert all(p.line is not None for p in info.value.problems)


def test_all_problems_of_a_file_are_reported_together(tmp_path: Path) -> None:
    text = (INVALID[0].parent / "unknown-key.yaml").read_text(encoding="utf-8")
    text = text.replace("direction: higher", "direction: higer")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QualindexError) as info:
        load_index(path)
    messages = [p.message for p in info.value.problems]
    assert any("untis" in m for m in messages) and any("higer" in m for m in messages)


def test_file_over_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "over the 5,242,880-byte limit" in result.output


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "cannot read file" in result.output


def test_multi_file_validate_reports_each_file(tmp_path: Path) -> None:
    good = Path(__file__).parents[2] / "indicators" / "network-service-quality.yaml"
    bad = INVALID[0]
    result = runner.invoke(app, ["validate", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 1
    assert '"ok": true' in result.output and '"ok": false' in result.output
