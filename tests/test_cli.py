"""The command line: exit codes, output, and no traceback for user errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualindex import __version__
from qualindex.cli import app

ROOT = Path(__file__).parents[1]
NSQ = ROOT / "indicators" / "network-service-quality.yaml"
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
    assert runner.invoke(app, ["show"]).exit_code == 2
    assert runner.invoke(app, ["show", str(NSQ), "--lang", "fr"]).exit_code == 2


def test_validate_ok() -> None:
    result = runner.invoke(app, ["validate", str(NSQ), str(ROOT / "configs" / "presets.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok ") == 2


def test_show_tree_in_both_languages() -> None:
    zh = runner.invoke(app, ["show", str(NSQ), "--lang", "zh"])
    en = runner.invoke(app, ["show", str(NSQ), "--lang", "en", "--depth", "1"])
    assert zh.exit_code == en.exit_code == 0
    assert "服务可靠性" in zh.output and "mttr" in zh.output
    assert "Reliability" in en.output and "mttr" not in en.output


def test_show_invalid_file_exits_1_without_traceback() -> None:
    bad = ROOT / "tests" / "data" / "invalid" / "bad-direction.yaml"
    result = runner.invoke(app, ["show", str(bad)])
    assert result.exit_code == 1
    assert "did you mean 'higher'" in result.output and "Traceback" not in result.output


def test_catalog_lists_built_in_entries() -> None:
    result = runner.invoke(app, ["catalog", "--lang", "en"])
    assert result.exit_code == 0
    assert "network-service-quality" in result.output


def test_init_scaffolds_a_valid_project(tmp_path: Path) -> None:
    dest = tmp_path / "project"
    result = runner.invoke(app, ["init", str(dest), "--from", "network-service-quality"])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in dest.iterdir())
    assert "network-service-quality.yaml" in files and "run.yaml" in files
    check = runner.invoke(app, ["validate", str(dest / "run.yaml")])
    assert check.exit_code == 0, check.output


def test_init_refuses_non_empty_folder_and_unknown_id(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path), "--from", "network-service-quality"])
    assert result.exit_code == 1 and "not empty" in result.output
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--from", "network-servce-quality"])
    assert result.exit_code == 1 and "did you mean 'network-service-quality'" in result.output


def test_diagram_files_and_text_formats(tmp_path: Path) -> None:
    run = ROOT / "indicators" / "network-service-quality" / "run.yaml"
    for suffix in ("svg", "png", "pdf"):
        out = tmp_path / f"tree.{suffix}"
        result = runner.invoke(app, ["diagram", str(run), "--weights", "both", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert "availability" in (tmp_path / "tree.svg").read_text(encoding="utf-8")
    mermaid = runner.invoke(app, ["diagram", str(NSQ), "--format", "mermaid"])
    assert mermaid.exit_code == 0 and mermaid.output.startswith("flowchart")
    dot = runner.invoke(app, ["diagram", str(NSQ), "--format", "dot", "--lang", "en"])
    assert dot.exit_code == 0 and "digraph" in dot.output


def test_diagram_usage_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["diagram", str(NSQ)]).exit_code == 2  # no -o, no --format
    assert runner.invoke(app, ["diagram", str(NSQ), "-o", str(tmp_path / "x.gif")]).exit_code == 2
    result = runner.invoke(
        app, ["diagram", str(NSQ), "--weights", "both", "-o", str(tmp_path / "x.svg")]
    )
    assert result.exit_code == 1 and "no expert compared its children" in result.output


def test_unwritable_output_and_folder_inputs_are_user_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["schema", "-o", str(blocker / "sub" / "s.json")])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "it is a folder" in result.output
    result = runner.invoke(app, ["evaluate", str(NSQ), "--data", str(tmp_path), "--entity", "e"])
    assert result.exit_code == 1 and "is a folder" in result.output


def test_a_read_only_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "weights.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    run = ROOT / "indicators" / "network-service-quality" / "run.yaml"
    args = ["weights", str(run), "--format", "json", "-o", str(target)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "old"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")


def test_validate_checks_judgments_naming_no_index_against_the_one_given(tmp_path: Path) -> None:
    """A stranger's judgment files rarely say ``index:``; given beside one index file they
    are checked against it (a missing pair was passed as "ok ... structure only")."""
    judgment = tmp_path / "zhang.yaml"
    judgment.write_text(
        "qualindex: 1\nexpert: {id: zhang}\npairwise:\n"
        "  network-service-quality: [[reliability, efficiency, 2]]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(NSQ), str(judgment), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{judgment}:4:3" in result.output and "missing judgments" in result.output
    other = tmp_path / "other.yaml"
    other.write_text(
        NSQ.read_text(encoding="utf-8").replace("id: network-service-quality", "id: other", 1),
        "utf-8",
    )
    two = runner.invoke(app, ["validate", str(NSQ), str(other), str(judgment), "--lang", "en"])
    assert (
        "its index: is —, none of the index files given (network-service-quality, other)"
        in two.output
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_names_the_diagram_command_for_what_its_figure_left_out(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A figure fitted to a page says what it left out and how to see it: --depth and --root
    are options of `diagram`, which `report` does not have, so from `report` the way out
    names the command."""
    import warnings

    from qualindex.cli import _font_warnings
    from qualindex.hierarchy.draw import DiagramWarning
    from qualindex.texts import msg, use_lang

    with use_lang(lang):
        note = msg("diagram.left_out", page="A3", pt=6, what=msg("diagram.left_out.ids"))
        for in_report in (False, True):
            with _font_warnings(in_report=in_report):
                warn = msg("diagram.left_out.warning", note=note)
                warnings.warn(warn, DiagramWarning, stacklevel=1)
    diagram, report = capsys.readouterr().err.strip().splitlines()
    assert "--depth" in diagram and "--depth" in report
    assert "qualindex diagram" in report and "qualindex diagram" not in diagram


@pytest.mark.parametrize(
    ("value", "said"), [("x", "应为整数"), ("1.5", "应为整数"), ("-1", "应大于或等于 2")]
)
def test_a_bad_option_value_is_said_in_chinese(value: str, said: str, tmp_path: Path) -> None:
    """typer checks option values with pydantic, in English: under zh the checks our options
    use (whole numbers, numbers, bounds) are said in the catalogue's words."""
    result = runner.invoke(
        app, ["evaluate", str(tmp_path / "run.yaml"), "--max-rows", value, "--lang", "zh"]
    )
    assert result.exit_code == 2
    assert f"错误：--max-rows 的值 {value!r} 无效：{said}（用法见" in result.output
    assert "Input should" not in result.output


def test_chinese_lines_use_full_width_colons_and_semicolons() -> None:
    """zh lines of evaluate (priorities) and consistency (RI caption, what to revisit) use
    ： and ； as Chinese text does; English keeps ": " and "; "."""
    run = str(Path(__file__).resolve().parents[1] / "indicators/network-service-quality/run.yaml")
    zh = runner.invoke(app, ["evaluate", run, "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    lines = zh.output.split("优先改进", 1)[1].splitlines()[1:5]
    assert all("：" in line and "；" in line for line in lines), lines
    assert not any(": " in line or "; " in line for line in lines), lines
    en = runner.invoke(app, ["evaluate", run, "--lang", "en"])
    tail = [line for line in en.output.splitlines() if line.startswith("  ")][-4:]
    assert all(": " in line and "; " in line and "：" not in line for line in tail), tail
    cons = runner.invoke(app, ["consistency", run, "--lang", "zh"])
    assert "RI 表：" in cons.output and "RI 表:" not in cons.output
    assert "：3 → 2（改后 CR 为" in cons.output  # no space before the full-width bracket


def test_validate_speaks_the_run_configurations_report_language(tmp_path: Path) -> None:
    """As every command given a run configuration: its report.lang holds unless --lang
    says otherwise, for the problems too (path and message joined by ： in Chinese)."""
    root = Path(__file__).resolve().parents[1] / "indicators"
    run = root / "network-service-quality" / "run.yaml"  # report.lang: zh
    said = runner.invoke(app, ["validate", str(run)], env={"QUALINDEX_LANG": "en"})
    assert said.exit_code == 0 and said.output.startswith("通过"), said.output
    said = runner.invoke(app, ["validate", str(run), "--lang", "en"])
    assert said.output.startswith("ok"), said.output
    bad = tmp_path / "run.yaml"
    bad.write_text(
        run.read_text(encoding="utf-8")
        .replace("../network-service-quality.yaml", str(root / "network-service-quality.yaml"))
        .replace("judgments/*.yaml", str(run.parent / "judgments" / "*.yaml"))
        .replace("data/", str(run.parent / "data") + "/")
        .replace("top: 5", "top: -1"),
        encoding="utf-8",
    )
    said = runner.invoke(app, ["validate", str(bad)], env={"QUALINDEX_LANG": "en"})
    assert said.exit_code == 1 and "错误：evaluate.top：" in said.output, said.output


def _three_kpis(tmp_path: Path, weighting: str, pairwise: str) -> tuple[str, str]:
    """An index t of three KPIs a, b, c under one AHP node, and one expert e's judgments."""
    index = tmp_path / "i.yaml"
    index.write_text(
        f'qualindex: 1\nid: t\nversion: "1"\nname: {{zh: 测试, en: Test}}\n'
        f"weighting: {weighting}\nchildren:\n"
        + "".join(
            f"  - {{id: {x}, name: {{zh: 指标{x}, en: {x}}}, kind: kpi, unit: '%', "
            "direction: higher, threshold: 60, target: 90}\n"
            for x in "abc"
        ),
        encoding="utf-8",
    )
    judged = tmp_path / "j.yaml"
    judged.write_text(
        f"qualindex: 1\nexpert: {{id: e}}\nindex: t\npairwise:\n  t: {pairwise}\n",
        encoding="utf-8",
    )
    return str(index), str(judged)


def test_an_ordinal_cycle_is_said_in_the_commands_language(tmp_path: Path) -> None:
    """An intransitive expert (a > b > c > a): the consistency advice names the cycle in
    Chinese under --lang zh (it was the kernel's English sentence), in English otherwise."""
    index, judged = _three_kpis(tmp_path, "{method: ahp}", "[[a, b, 5], [b, c, 5], [c, a, 3]]")
    zh = runner.invoke(app, ["consistency", index, "-j", judged, "--lang", "zh"])
    assert "顺序不一致：判断成环 a > b > c > a" in zh.output, zh.output
    assert "ordinal inconsistency" not in zh.output and "t（e）：CR" in zh.output
    en = runner.invoke(app, ["consistency", index, "-j", judged, "--lang", "en"])
    assert "ordinal inconsistency: cycle a > b > c > a" in en.output, en.output


def test_a_completed_judgment_is_named_by_its_method_in_chinese(tmp_path: Path) -> None:
    """The warning about judgments an expert left out names the completion as Chinese
    readers know it (λ-最优补全), not by its code; English keeps the code users write."""
    index, judged = _three_kpis(
        tmp_path, "{method: ahp, incomplete: lambda-optimal}", "[[a, b, 2], [b, c, 2]]"
    )
    zh = runner.invoke(app, ["weights", index, "-j", judged, "--lang", "zh"])
    assert "未给出的 1 个判断已补上（λ-最优补全）：a vs c = 4" in zh.output, zh.output
    en = runner.invoke(app, ["weights", index, "-j", judged, "--lang", "en"])
    assert "completed by lambda-optimal: a vs c = 4" in en.output, en.output
