"""Regressions of what ``make fuzz`` (tools/fuzz/) found outside YAML files (issue 18).

YAML findings live in tests/data/invalid/ with their ``# expect:`` line; a finding in a
table, a command line or an output path is reproduced here on real files through the
real CLI, and must exit 1 with a located message and no traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualindex.cli import app

ROOT = Path(__file__).parents[1]
NSQ = ROOT / "indicators" / "network-service-quality"
runner = CliRunner()


def _refused(args: list[str]) -> str:
    """The refusal in English (the words asserted; the demos' run configs say report.lang: zh)."""
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("cell", ["NaN", "1e309", "-inf"])
def test_a_survey_answer_that_is_not_finite_is_off_the_scale(tmp_path: Path, cell: str) -> None:
    # fuzz seed 1081: "NaN" in a signed-answer column raised "cannot convert float NaN to
    # integer" in collect._signed
    shutil.copytree(NSQ, tmp_path / NSQ.name)
    shutil.copy2(NSQ.with_suffix(".yaml"), tmp_path)
    table = tmp_path / NSQ.name / "answers" / "survey-export.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = cell
    lines[1] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _refused(
        ["collect", str(table), "--run", str(tmp_path / NSQ.name / "run.yaml"),
         "--negative", "first", "-o", str(tmp_path / "out")]
    )  # fmt: skip
    assert f"{table}:2:3:" in output and "off the scale -9..-2, 1, 2..9" in output


RAHP = ROOT / "tests" / "data" / "decision" / "rahp"


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [  # fuzz seeds 100408, 100864, 100946: AttributeError / TypeError in hierarchy/ahpfile.py
        ("    - Ben: 3/10\n", "    - 0.3\n", "Goal.decision-makers[1]: each decision maker is"),
        ("  decision-makers:\n", "  decision-makers: 3\n  x:\n", "decision-makers is a list"),
        (
            "        Ann:\n          pairwise:\n",
            "        Ann:\n          pairwise: abc\n          x:\n",
            "pairwise is a list, not text",
        ),
        ("  children:\n", "  children: [a, b]\n  x:\n", "Goal.children: children is a mapping"),
        ("  preferences:\n", "  preferences: [1]\n  x:\n", "preferences is a mapping, not a list"),
    ],
)
def test_an_r_ahp_file_of_the_wrong_shape_is_refused_by_place(
    tmp_path: Path, old: str, new: str, expect: str
) -> None:
    text = (RAHP / "holiday.ahp").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "holiday.ahp"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    output = _refused(["import", str(bad), "-o", str(tmp_path / "out")])
    assert f"{bad}:" in output and expect in output
    assert not (tmp_path / "out").exists()


def test_init_from_an_entry_with_a_broken_run_config_is_located_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fuzz seed 200356: init read the example's run.yaml with a bare yaml.safe_load (a
    # RecursionError on deep [[[ nesting) after it had copied the entry into the new folder
    home = tmp_path / "home"
    shutil.copytree(ROOT / "configs", home / "configs")
    entry = "servperf-22"
    (home / "indicators").mkdir()
    shutil.copy2(ROOT / "indicators" / f"{entry}.yaml", home / "indicators" / f"{entry}.yaml")
    shutil.copytree(ROOT / "indicators" / entry, home / "indicators" / entry)
    run = home / "indicators" / entry / "run.yaml"
    run.write_text(run.read_text(encoding="utf-8") + "x: " + "[" * 5000 + "\n", "utf-8")
    monkeypatch.setenv("QUALINDEX_HOME", str(home))
    output = _refused(["init", str(tmp_path / "new"), "--from", entry])
    assert f"{run}:" in output and "nesting is deeper than 64 levels" in output
    assert not (tmp_path / "new").exists()


def test_consistency_repair_writes_nothing_when_the_alternatives_data_is_refused(
    tmp_path: Path,
) -> None:
    # fuzz seed 20263338: the repaired judgment files were written before the alternatives'
    # data was read, so a refused table (exit 1) left out/*.yaml behind
    entry = "supplier-selection"
    shutil.copy2(ROOT / "indicators" / f"{entry}.yaml", tmp_path)
    shutil.copytree(ROOT / "indicators" / entry, tmp_path / entry)
    table = tmp_path / entry / "data" / "alternatives.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace(",12.8,", ",abc,", 1), encoding="utf-8"
    )
    run = tmp_path / entry / "run.yaml"
    output = _refused(["consistency", str(run), "--repair", "-o", str(tmp_path / "out")])
    assert f"{table}:2:3:" in output and "unit_price" in output
    assert not (tmp_path / "out").exists()


def test_collect_into_a_folder_name_too_long_is_a_located_refusal(tmp_path: Path) -> None:
    # fuzz seed 20263657: Path.exists() raised ENAMETOOLONG before the output guard ran
    shutil.copytree(NSQ, tmp_path / NSQ.name)
    shutil.copy2(NSQ.with_suffix(".yaml"), tmp_path)
    table = tmp_path / NSQ.name / "answers" / "survey-export.csv"
    too_long = tmp_path / ("x" * 300)
    output = _refused(
        ["collect", str(table), "--run", str(tmp_path / NSQ.name / "run.yaml"),
         "--negative", "second", "-o", str(too_long)]
    )  # fmt: skip
    assert "the path is too long" in output


@pytest.mark.parametrize("entry", ["supplier-selection", "network-service-quality"])
def test_an_empty_output_name_is_named_before_its_missing_suffix(entry: str) -> None:
    # fuzz seed 1796248875: `report RUN -o ''` said ".: cannot write ... a file without suffix"
    # (typer turns '' into Path('.')), naming neither the option nor the empty value
    output = _refused(["report", str(ROOT / "indicators" / entry / "run.yaml"), "-o", ""])
    assert "the output path ('' or '.') names no file" in output


def test_an_index_name_too_long_in_the_run_config_is_a_located_refusal(tmp_path: Path) -> None:
    # fuzz seed 1796250128: Path.is_file() raised ENAMETOOLONG on the run config's index:
    shutil.copytree(NSQ, tmp_path / NSQ.name)
    run = tmp_path / NSQ.name / "run.yaml"
    name = "名字" * 100 + ".yaml"  # 600 bytes of UTF-8: over any file system's 255
    run.write_text(
        run.read_text("utf-8").replace("../network-service-quality.yaml", f"../{name}"),
        encoding="utf-8",
    )
    for command in ("experts", "validate", "weights"):
        output = _refused([command, str(run)])
        assert "run.yaml" in output and "not found" in output


def test_a_data_file_listed_thousands_of_times_is_refused_at_once(tmp_path: Path) -> None:
    # fuzz seed 1796263683: a YAML alias listed the survey 5,001 times; every copy was read
    # (MemoryError after 84 s), and listed twice its respondents would silently count twice
    entry = ROOT / "indicators" / "servqual-22"
    shutil.copytree(entry, tmp_path / entry.name)
    shutil.copy2(entry.with_suffix(".yaml"), tmp_path)
    run = tmp_path / entry.name / "run.yaml"
    text = run.read_text("utf-8")
    one = "    - {path: data/survey.csv, layout: respondent}"
    assert one in text
    run.write_text(text.replace(one, "\n".join([one] * 5001)), encoding="utf-8")
    output = _refused(["evaluate", str(run)])
    assert "data file 'data/survey.csv' is listed already as data.files[0]" in output
    assert "run.yaml:" in output and "more problems" in output  # located, and capped


@pytest.mark.parametrize(
    ("entry", "command"), [("acsi", "report"), ("gov-service-haochaping", "evaluate")]
)
def test_a_preset_scale_listing_a_value_twice_is_located(
    entry: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fuzz seeds 1796296395 / 1796303455: a presets scale listing an answer value twice
    reached the answer distribution (one column per point) as a broadcasting ValueError."""
    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    shutil.copytree(ROOT / "indicators", tmp_path / "indicators")
    presets = tmp_path / "configs" / "presets.yaml"
    text = presets.read_text(encoding="utf-8")
    line = "{value: 1, score: 0, label: {zh: 非常不满意, en: Very dissatisfied}}"
    assert text.count(line) == 1  # the last point of acsi10
    presets.write_text(text.replace(line, line + "\n      - {value: 6, score: 55.6}"), "utf-8")
    monkeypatch.setenv("QUALINDEX_HOME", str(tmp_path))
    run = tmp_path / "indicators" / entry / "run.yaml"
    args = [command, str(run), "--lang", "en"] + (
        ["-o", str(tmp_path / "r.html")] * (command == "report")
    )
    found = _refused(args)
    assert f"{presets}:" in found and "scale 'acsi10' lists the answer value 6 twice" in found
    assert not (tmp_path / "r.html").exists()


def test_a_min_max_indicator_with_one_value_in_every_row_is_located(tmp_path: Path) -> None:
    """Fuzz seed 1796314933 (kpi.csv -> kpi.xlsx, cells mutated): every airline's
    complaint_rate became 9.0; min-max has no range, and the kernel's message named
    "indicator 0" and goalposts(lo=..., hi=...) with no file or line."""
    shutil.copytree(ROOT / "indicators" / "acsi", tmp_path / "acsi")
    shutil.copy(ROOT / "indicators" / "acsi.yaml", tmp_path)
    kpi = tmp_path / "acsi" / "data" / "kpi.csv"
    lines = kpi.read_text(encoding="utf-8").splitlines()
    kpi.write_text(
        "\n".join([lines[0], *(line.rsplit(",", 1)[0] + ",9.0" for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    found = _refused(["evaluate", str(tmp_path / "acsi" / "run.yaml")])
    assert "acsi.yaml:138:" in found
    assert "indicator 'complaint_rate' has the value 9 in every row" in found
    assert "scoring: {method: goalposts" in found and "indicator 0" not in found
