"""The ``qualindex`` command: parse arguments, call the library, render. Nothing else.

Exit codes: 0 success, 1 invalid input (every problem printed, located), 2 usage error.
Heavy modules (numpy, scipy, matplotlib) are imported inside the commands that use them.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import sys
import types
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    NoReturn,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
)

import typer
import typer.main
from rich.console import Console
from typer.core import TyperGroup

from qualindex import __version__
from qualindex.choices import (
    DiagramLayout,
    EngineName,
    Lang,
    Orient,
    PageName,
    SensitivitySource,
    ShowWeights,
)
from qualindex.errors import QualindexError
from qualindex.texts import Msg, choose_lang, current_lang, display, msg, set_lang, use_lang

if TYPE_CHECKING:
    from qualindex.decision import Decision
    from qualindex.evaluate.results import Evaluation
    from qualindex.evaluate.stream import StreamResult
    from qualindex.hierarchy import IndexSystem
    from qualindex.report import Analyses
    from qualindex.run import Project
    from qualindex.weighting.tree import TreeWeights

# output formats of the commands (the YAML never names these)
TextOrJson = Literal["text", "json"]
TableFormat = Literal["table", "json", "csv"]
EvalFormat = Literal["table", "json", "csv", "xlsx", "parquet", "jsonl"]
DiagramFormat = Literal["mermaid", "dot"]

# click's exceptions, or typer's own copy of click (typer >= 0.25 ships one)
_CLICK = sys.modules[typer.BadParameter.__module__]


class _Group(TyperGroup):
    """The ``qualindex`` group.  Under ``--lang zh`` click's own usage errors (a bad
    ``--format`` choice, a missing option: "Usage: … Try … --help", "Invalid value …", all
    English) become one ``错误：`` line from the catalogue, exit 2; in English click's frame
    stays.  The language is read from the command line itself: the error comes while the
    options are parsed, before ``--lang`` has been seen when it follows the bad one."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        given = list(args)  # parsing consumes them
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta["qualindex.argv"] = given
        return ctx

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _CLICK.UsageError as exc:
            argv = ctx.meta.get("qualindex.argv", [])
            if _argv_lang(argv) != "zh" or type(exc).__name__ == "NoArgsIsHelpError":
                raise
            where = exc.ctx or ctx
            path = where.command_path
            name = next((a for a in argv if not a.startswith("-")), None)
            if where is ctx and name in self.commands:  # an error click gave no context
                path = f"{path} {name}"
            with use_lang("zh"):
                _usage_error(_usage_text(exc, self, where, argv), path)


class _App(typer.Typer):
    """The ``qualindex`` program.  Run as ``qualindex COMMAND …`` (the console script), only
    that command is built: typer turns every registered command's signature into click
    parameters before parsing, a twentieth of a second for the eighteen commands, and
    ``weights`` on a small index takes under a second in all (issue 11, "Fast CLI").  With
    no command first (``--help``, ``--version``, a misspelled name) every command is built,
    so the overview and click's "did you mean" stay whole.  Tests call :data:`app` through
    ``CliRunner``, which builds every command."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = sys.argv[1:] if not args and "args" not in kwargs else []
        asked = [c for c in self.registered_commands if argv and argv[0] == _command_name(c)]
        if not asked:
            return super().__call__(*args, **kwargs)
        lean = copy.copy(self)  # the same app, its command list narrowed to the one asked for
        lean.registered_commands = asked
        return typer.Typer.__call__(lean, *args, **kwargs)


def _command_name(info: Any) -> str:
    """A registered command's name as typer gives it (``import_`` is ``import``)."""
    return str(info.name or typer.main.get_command_name(getattr(info.callback, "__name__", "")))


app = _App(
    cls=_Group,
    name="qualindex",
    help="Build, weight and score evaluation index systems (评价指标体系).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(emoji=False, highlight=False)  # print names and values as written (issue 18)
err = Console(stderr=True, emoji=False, highlight=False)


def _word(code: str, **params: object) -> str:
    """A catalogue text in the command's language, as rich markup that prints it exactly."""
    return _lit(msg(code, **params))


def _tag(code: str) -> str:
    """A yellow label (warning:, note: …) before a message: full-width in Chinese, where
    警告： needs no space after it."""
    return f"[yellow]{_word(code)}[/yellow]" + ("" if current_lang() == "zh" else " ")


def _lit(value: object) -> str:
    """A file name or value as rich markup that prints it exactly (``[red]`` stays text)."""
    from rich.markup import escape

    return escape(str(value))


def _usage_error(text: str, command: str | None = None) -> NoReturn:
    """A usage error of ours (exit 2) in the command's language: click's frame around a
    ``BadParameter`` ("Usage: …", "Try … --help", "Invalid value") is English only.
    ``command`` (``qualindex rank``) adds where its usage is told."""
    gap = "" if current_lang() == "zh" else " "  # 错误：needs no space after it
    hint = msg("cli.usage.help", command=command) if command else ""
    err.print(f"[red]{_word('cli.error_label')}[/red]{gap}{_lit(text)}{_lit(hint)}", soft_wrap=True)
    raise typer.Exit(2)


def _argv_lang(argv: Sequence[str]) -> str | None:
    """The language a command line asks for: its last ``--lang``, else by precedence
    (``QUALINDEX_LANG``, the locale); ``None`` for a ``--lang`` we do not speak."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    try:
        return choose_lang(value)
    except ValueError:
        return None


def _given_value(argv: Sequence[str], opts: Sequence[str]) -> str | None:
    """The value an option was given on the command line (its last one)."""
    value = None
    for i, arg in enumerate(argv):
        for opt in opts:
            if arg == opt and i + 1 < len(argv):
                value = argv[i + 1]
            elif arg.startswith(f"{opt}=") and opt.startswith("--"):
                value = arg.split("=", 1)[1]
    return value


def _literal_values(hint: Any) -> tuple[str, ...]:
    """The values of a ``Literal`` annotation (inside ``Annotated`` or ``| None``)."""
    origin = get_origin(hint)
    if origin is Annotated:
        return _literal_values(get_args(hint)[0])
    if origin is Literal:
        return tuple(str(v) for v in get_args(hint))
    if origin in (Union, types.UnionType):
        return next((v for a in get_args(hint) if (v := _literal_values(a))), ())
    return ()


def _choices(ctx: Any, name: str | None) -> tuple[str, ...]:
    """The closed set of values the command's parameter ``name`` takes (empty if open)."""
    import inspect

    callback = getattr(ctx.command, "callback", None)
    if callback is None or not name:
        return ()
    try:
        hints = get_type_hints(inspect.unwrap(callback), include_extras=True)
    except Exception:  # an annotation that does not resolve: say the error without them
        return ()
    return _literal_values(hints.get(name))


# typer checks option values with pydantic: its words for the checks our options declare
_OPTION_CHECKS = (
    (re.compile(r"Input should be a valid integer"), "cli.usage.not_integer", None),
    (re.compile(r"Input should be a valid number"), "cli.usage.not_number", None),
    (re.compile(r"greater than or equal to (\S+)$"), "schema.pydantic.greater_than_equal", "ge"),
    (re.compile(r"greater than (\S+)$"), "schema.pydantic.greater_than", "gt"),
    (re.compile(r"less than or equal to (\S+)$"), "schema.pydantic.less_than_equal", "le"),
    (re.compile(r"less than (\S+)$"), "schema.pydantic.less_than", "lt"),
)


def _option_value_words(detail: str) -> Msg | None:
    """What is wrong with an option's value, in the catalogue's words, when typer's (that is
    pydantic's) text is one of the checks our options use; None otherwise."""
    for pattern, code, param in _OPTION_CHECKS:
        found = pattern.search(detail.rstrip("."))
        if found:
            return msg(code, **({param: found.group(1)} if param else {}))
    return None


def _usage_text(exc: Any, group: TyperGroup, ctx: Any, argv: Sequence[str]) -> str:
    """Click's usage error ``exc`` in the catalogue's words (its own text where it has no
    structure to read, in backticks)."""
    detail = exc.format_message()
    param = getattr(exc, "param", None)
    if isinstance(exc, _CLICK.MissingParameter) and param is not None:
        if getattr(param, "param_type_name", "") == "option":
            return msg("cli.usage.missing_option", option=" / ".join(param.opts))
        return msg("cli.usage.missing_argument", name=param.name)
    if isinstance(exc, _CLICK.BadParameter) and param is not None:
        option = " / ".join(param.opts) if param.param_type_name == "option" else param.name
        value = _given_value(argv, param.opts) if param.param_type_name == "option" else None
        choices = _choices(ctx, param.name)
        if choices and value is not None:
            shown = ", ".join(map(repr, choices))
            return msg("cli.usage.choice", option=option, value=value, choices=shown)
        if value is not None:  # click's words without its "Invalid value for …:" frame
            said = _option_value_words(exc.message)
            if said is not None:
                return msg("cli.usage.invalid_said", option=option, value=value, said=said)
            return msg("cli.usage.invalid", option=option, value=value, detail=exc.message)
    if isinstance(exc, _CLICK.NoSuchOption):
        maybe = ", ".join(exc.possibilities or ())
        return msg("cli.usage.no_such_option", option=exc.option_name) + (
            msg("cli.usage.maybe", names=maybe) if maybe else ""
        )
    if isinstance(exc, _CLICK.BadOptionUsage):
        if "requires" in detail:  # click: "Option '--format' requires an argument."
            return msg("cli.usage.needs_value", option=exc.option_name)
        return msg("cli.usage.option", option=exc.option_name, detail=detail)
    name = next((a for a in argv if not a.startswith("-")), None)
    if ctx.command is group and name is not None and name not in group.commands:
        from difflib import get_close_matches

        maybe = ", ".join(repr(m) for m in get_close_matches(name, list(group.commands)))
        return msg("cli.usage.no_such_command", name=name) + (
            msg("cli.usage.maybe", names=maybe) if maybe else ""
        )
    extra = re.search(
        r"extra argument(?:s|\(s\))? \((.*)\)", detail
    )  # click: "Got unexpected extra …"
    if extra:
        return msg("cli.usage.extra", args=extra.group(1))
    return msg("cli.usage.other", detail=detail)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a QualindexError into located messages on stderr and exit code 1."""
    try:
        yield
    except QualindexError as exc:
        from qualindex.render import print_problems

        print_problems(err, exc.problems)
        raise typer.Exit(1) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"qualindex {__version__}")
        raise typer.Exit()


def _lang_option(ctx: typer.Context, value: str | None) -> str | None:
    """``--lang``: labels and messages of this command in that language from here on."""
    if value:
        ctx.meta["qualindex.lang_given"] = True
        set_lang(value)
    return value


def _target_lang(ctx: typer.Context, value: Path | None) -> Path | None:
    """A run configuration's ``report.lang`` holds from the start of the command, for the
    messages of loading it too, unless ``--lang`` says otherwise (in either order)."""
    from qualindex.hierarchy.runconfig import peek_report_lang

    if value is not None and not ctx.meta.get("qualindex.lang_given"):
        lang = peek_report_lang(value)
        if lang:
            set_lang(lang)
    return value


def _targets_lang(ctx: typer.Context, value: list[Path] | None) -> list[Path] | None:
    """:func:`_target_lang` for commands given several files (``validate``): the first run
    configuration among them that sets ``report.lang``."""
    from qualindex.hierarchy.runconfig import peek_report_lang

    if value and not ctx.meta.get("qualindex.lang_given"):
        lang = next((lang for lang in map(peek_report_lang, value) if lang), None)
        if lang:
            set_lang(lang)
    return value


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        callback=_lang_option,
        help="Language of labels and messages (default: report.lang, QUALINDEX_LANG, locale).",
    ),
]


def _project_lang(project: Project, lang: str | None) -> Lang:
    """The command's language: ``--lang``, else the run config's ``report.lang`` if it sets it."""
    config = project.config
    if not lang and config is not None and "lang" in config.report.model_fields_set:
        set_lang(config.report.lang)
    return current_lang()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Build, weight and score evaluation index systems (评价指标体系)."""
    try:
        ctx.with_resource(use_lang(None))  # one language per command, reset when it ends
    except ValueError as exc:  # a QUALINDEX_LANG that names no language we speak
        raise typer.BadParameter(str(exc)) from None


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Index, judgment, config or preset files.", callback=_targets_lang),
    ],
    fmt: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = "text",
    lang: LangOption = None,
) -> None:
    """Check YAML files and report every problem with file:line:col and a fix."""
    from qualindex.render import print_problems
    from qualindex.validate import validate_paths

    reports = validate_paths(files)
    if fmt == "json":
        out.print_json(json.dumps([r.as_dict() for r in reports], ensure_ascii=False))
    else:
        shown: set[str] = set()  # a run config re-checks its index: each problem once
        for r in reports:
            fresh = [p for p in r.problems if str(p) not in shown]
            shown.update(str(p) for p in fresh)
            print_problems(err, fresh)
            if r.ok:
                notes = "; ".join(r.notes)
                out.print(
                    f"[green]{_word('validate.ok')}[/green] {_lit(r.file)} "
                    f"({_lit(display('file_kind', r.kind or ''))}) {_lit(notes)}",
                    soft_wrap=True,
                )
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="An index system YAML file.")],
    lang: LangOption = None,
    depth: Annotated[int | None, typer.Option(min=1, help="Levels below the root.")] = None,
) -> None:
    """Show the hierarchy with ids, names, units, directions and scoring."""
    from qualindex.hierarchy import load_index
    from qualindex.render import index_tree

    with user_errors():
        index = load_index(file)
    out.print(index_tree(index, lang=lang or current_lang(), depth=depth))


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of the index-system format (for editor autocompletion)."""
    from qualindex.hierarchy.schema import json_schema
    from qualindex.outputs import write_atomic

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        with user_errors():
            write_atomic(output, text)
        err.print(_word("cli.wrote", file=output))


@app.command()
def catalog(lang: LangOption = None) -> None:
    """List the built-in index systems (id, name, levels, indicators, source)."""
    from qualindex.catalog import list_catalog
    from qualindex.render import catalog_table

    with user_errors():
        entries = list_catalog()
    out.print(catalog_table(entries, lang=lang or current_lang()))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="New project folder (must be empty).")],
    source: Annotated[str, typer.Option("--from", help="Catalogue id, see `qualindex catalog`.")],
    lang: LangOption = None,
) -> None:
    """Start a project from a catalogue entry: index, run config and example files."""
    from qualindex.catalog import init_project

    with user_errors():
        files = init_project(folder, source)
    for f in files:
        out.print(_word("cli.created", file=f))
    out.print(_word("cli.init_next", folder=folder))


Judgments = Annotated[
    list[Path] | None,
    typer.Option("--judgments", "-j", help="Expert judgment files (add to the config's)."),
]
Output = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")]
Force = Annotated[bool, typer.Option(help="Replace an -o file even if it is read-only.")]
Bom = Annotated[
    bool, typer.Option(help="Start a CSV file (-o) with a UTF-8 BOM, so Excel reads it right.")
]
Strict = Annotated[
    bool, typer.Option(help="Exit 1 when any CR is over its limit (as weighting.fail_on: cr).")
]
Target = Annotated[
    Path,
    typer.Argument(help="An index system or a run configuration (YAML).", callback=_target_lang),
]


def _emit(
    text: str | bytes, output: Path | None, inputs: tuple[Path, ...], *, force: bool = False
) -> None:
    """Print ``text`` or write it atomically to ``output`` (never over an input); bytes are
    UTF-8 and written as they are."""
    from qualindex.outputs import write_atomic

    if output is None:
        shown = text.decode("utf-8") if isinstance(text, bytes) else text
        typer.echo(shown, nl=not shown.endswith("\n"))
        return
    write_atomic(output, text, inputs=inputs, force=force)
    err.print(_word("cli.wrote", file=output))


def _csv(rows: list[dict[str, object]], *, bom: bool = True) -> str:
    """CSV text; with a UTF-8 byte-order mark by default, so Excel shows 良好, not mojibake."""
    import csv
    import io

    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [])
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@app.command()
def weights(
    target: Target,
    judgments: Judgments = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = "table",
    output: Output = None,
    lang: LangOption = None,
    strict: Strict = False,
    bom: Bom = True,
    force: Force = False,
) -> None:
    """Local and global weights of every node, with CR per AHP node and warnings."""
    from qualindex.render import weights_tree
    from qualindex.run import load_project, weigh
    from qualindex.weighting.serialize import weights_rows, weights_to_dict

    with user_errors():
        project = load_project(target, judgments or [])
        lang = _project_lang(project, lang)
        tw = weigh(project)
        decision = _decision(project, tw)
        if fmt == "json":
            doc = weights_to_dict(project.index, tw) | _experts_json(project)
            doc |= _alternatives_json(decision)
            _emit(
                json.dumps(doc, ensure_ascii=False, indent=2), output, project.inputs, force=force
            )
        elif fmt == "csv":
            text = _csv(weights_rows(project.index, tw), bom=bom and output is not None)
            _emit(text, output, project.inputs, force=force)
    if fmt == "table":
        out.print(weights_tree(project.index, tw, lang=lang))
        if decision is not None:
            from qualindex.render import alternatives_table

            out.print(alternatives_table(decision, lang=lang))
    for warning in tw.warnings if decision is None else decision.warnings:
        err.print(f"{_tag('cli.warning_label')}{_lit(warning)}", soft_wrap=True)
    _fail_on_cr(project, strict, _cr_failed(tw) or _alt_cr_failed(decision))


def _decision(project: Project, tw: TreeWeights) -> Decision | None:
    """A decision model's local priorities of its alternatives (None for an index system)."""
    if not project.index.alternatives:
        return None
    from qualindex.decision import decide

    return decide(project, weights=tw)


def _alternatives_json(decision: Decision | None) -> dict[str, object]:
    if decision is None:
        return {}
    from qualindex.decision import criterion_to_dict

    alts = [a.id for a in decision.alternatives]
    criteria = [criterion_to_dict(c, alts) for c in decision.criteria]
    return {"alternatives": {"ids": alts, "criteria": criteria}}


def _alt_cr_failed(decision: Decision | None) -> bool:
    if decision is None:
        return False
    return any(not x.passed for c in decision.criteria for x in c.experts)


@app.command()
def consistency(
    target: Target,
    judgments: Judgments = None,
    repair: Annotated[bool, typer.Option(help="Write repaired judgment files to -o DIR.")] = False,
    output: Output = None,
    top: Annotated[int, typer.Option(min=1, help="Judgments to suggest per matrix.")] = 3,
    fmt: Annotated[TextOrJson, typer.Option("--format")] = "text",
    allow_reversal: Annotated[
        bool, typer.Option(help="Let a repair move a judgment across 1 (reverse a preference).")
    ] = False,
    strict: Strict = False,
    lang: LangOption = None,
) -> None:
    """Per node and expert: λmax, CI, CR, RI table and the judgments to revisit first."""
    from qualindex.render import advice_lines, consistency_table, repair_lines
    from qualindex.run import load_project, weigh
    from qualindex.weighting import review
    from qualindex.weighting.serialize import checks_to_dict, edits_to_dict

    if repair and output is None:
        _usage_error(msg("cli.repair_needs_output"))
    with user_errors():
        project = load_project(target, judgments or [])
        _project_lang(project, lang)
        sets = project.all_judgments
        rev = allow_reversal
        checks = review.diagnose_tree(
            project.index, sets, project.options, top=top, allow_reversal=rev
        )
        edits = (
            review.repair_tree(project.index, sets, project.options, allow_reversal=rev)
            if repair
            else ()
        )
        decision = _decision(project, weigh(project)) if project.index.alternatives else None
        # written last: an error in the alternatives' data must leave no repaired files behind
        files = review.write_repaired(edits, sets, output) if repair and output else []
    if fmt == "json":
        doc = {
            "checks": checks_to_dict(checks),
            "repairs": edits_to_dict(edits),
            "written": [str(f) for f in files],
        } | _alternatives_json(decision)
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        out.print(consistency_table(checks))
        if decision is not None:
            from qualindex.render import alternatives_consistency_table

            out.print(alternatives_consistency_table(decision))
        lines = advice_lines(checks) + (repair_lines(edits) if repair else [])
        for line in lines:
            out.print(line, soft_wrap=True, highlight=False)
        if repair:
            for f in files:
                out.print(_word("cli.wrote", file=f))
    failed = any(not c.passed for c in checks) or _alt_cr_failed(decision)
    _fail_on_cr(project, strict, failed)


def _experts_json(project: Project) -> dict[str, object]:
    """The expert statistics (``qualindex experts``) as a section of a JSON output."""
    if not project.all_judgments:
        return {}
    from qualindex.experts import expert_statistics, experts_to_dict

    stats = experts_to_dict(expert_statistics(project))
    return {"experts": {"nodes": stats["nodes"], "authority": stats["authority"]}}


def _cr_failed(tw: TreeWeights) -> bool:
    """Any node whose group CR, or any expert's CR, is over its limit."""
    return any(
        (n.cr is not None and n.cr_limit is not None and n.cr > n.cr_limit)
        or any(not x.passed for x in n.experts)
        for n in tw.nodes.values()
    )


def _fail_on_cr(project: Project, strict: bool, failed: bool) -> None:
    """Exit 1 when a CR is over its limit and --strict or weighting.fail_on: cr asks so."""
    config = project.config
    asked = strict or (config is not None and config.weighting.fail_on == "cr")
    if asked and failed:
        why = "--strict" if strict else "weighting.fail_on: cr"
        err.print(_word("cli.cr_over_limit", why=why))
        raise typer.Exit(1)


@contextmanager
def _stages(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar over pipeline stages, shown only on a terminal."""
    from rich.progress import Progress

    if not err.is_terminal:
        yield lambda stage: None
        return
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("starting", total=total)
        yield lambda stage: bar.update(task, advance=1, description=stage)


@app.command()
def evaluate(
    target: Target,
    judgments: Judgments = None,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Data files.")] = None,
    entity: Annotated[str | None, typer.Option(help="Entity column (with --data).")] = None,
    period: Annotated[str | None, typer.Option(help="Period column (with --data).")] = None,
    group: Annotated[list[str] | None, typer.Option(help="Group column(s).")] = None,
    respondent: Annotated[bool, typer.Option(help="--data holds survey answer sheets.")] = False,
    periods: Annotated[
        str | None,
        typer.Option(help="The periods earliest first, comma-separated (with --period)."),
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="Column of the entities' display names (with --data).")
    ] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format")] = "table",
    output: Output = None,
    lang: LangOption = None,
    strict: Strict = False,
    bom: Bom = True,
    force: Force = False,
    engine: Annotated[
        EngineName | None,
        typer.Option(
            "--engine",
            help="memory, stream (in batches: csv, parquet, jsonl), auto (by size; "
            "default: evaluate.engine of the run config, else auto) or dask "
            "(-o DIR/: partitioned Parquet).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="A Dask scheduler, tcp://host:8786 (--engine dask).")
    ] = None,
    max_rows: MaxRows = None,
    all_rows: AllRows = False,
) -> None:
    """Score entities: composite, grade, rank, short boards and improvement priorities."""
    from qualindex.evaluate.serialize import evaluation_csv, evaluation_to_dict
    from qualindex.render import evaluation_table, method_lines, priority_lines, reliability_line
    from qualindex.run import AdHocData, evaluate, evaluate_shown, load_project

    if data and not entity:
        _usage_error(msg("cli.data_needs_entity"))
    if periods is not None and not (data and period):
        _usage_error(msg("cli.periods_need_period"))
    if label is not None and not data:
        _usage_error(msg("cli.label_needs_data"))
    if fmt == "xlsx" and output is None:
        _usage_error(msg("cli.xlsx_needs_output"))
    if fmt == "parquet" and output is None:
        _usage_error(msg("stream.needs_output"))
    adhoc = None
    if data:
        adhoc = AdHocData(
            tuple(data),
            entity or "",
            period,
            tuple(group or ()),
            "respondent" if respondent else "wide",
            None if periods is None else tuple(p.strip() for p in periods.split(",") if p.strip()),
            label,
        )
    with user_errors():
        project = load_project(target, judgments or [], data=adhoc)
        asked = engine or (project.config.evaluate.engine if project.config else "auto")
        if asked == "dask":
            with _stages(4) as progress:
                _evaluate_dask(project, scheduler, fmt, output, force, progress)
            return
        listed = fmt in ("table", "xlsx")  # rows listed, not written: evaluate_shown streams
        chosen, why = _engine(project, engine, "parquet" if listed else fmt)
        if why and not listed:
            _note(why)
        explicit = asked == "stream"
        streamed = None
        if chosen == "stream" and not listed:
            streamed = _streamed(project, fmt, output, explicit=explicit, bom=bom, force=force)
    if streamed is not None:
        for note in streamed.weights.warnings:
            _note(note)
        _fail_on_cr(project, strict, _cr_failed(streamed.weights))
        return
    with user_errors(), _stages(4) as progress:
        progress(msg("cli.stage.loading"))
        lang = _project_lang(project, lang)
        if listed:
            limit = _row_limit(project, max_rows, all_rows)
            ev, why = evaluate_shown(project, limit, engine=engine, progress=progress)
            if why:
                _note(why)
        else:
            ev = evaluate(project, progress=progress)
        if fmt in ("parquet", "jsonl"):
            from qualindex.evaluate.serialize import evaluation_arrow
            from qualindex.evaluate.stream import file_writer

            with file_writer(output, fmt, bom=bom, inputs=project.inputs, force=force) as table_out:
                table_out.write(evaluation_arrow(ev))
            if output is not None:
                err.print(_word("cli.wrote", file=output))
        elif fmt == "json":
            whole = evaluation_to_dict(ev) | _experts_json(project)
            doc = json.dumps(whole, ensure_ascii=False, indent=2)
            _emit(doc, output, project.inputs, force=force)
        elif fmt == "csv":
            body = evaluation_csv(ev, bom=bom and output is not None)
            _emit(body, output, project.inputs, force=force)
        elif fmt == "xlsx":
            from qualindex.report import write_report

            assert output is not None  # checked above
            analyses = _report_analyses(project, ev)
            book = write_report(
                project, ev, output, lang=lang, kind="xlsx", force=force, analyses=analyses
            )
            err.print(_word("cli.wrote", file=book))
    if fmt == "table":
        out.print(evaluation_table(ev, lang=lang))
        alpha = reliability_line(ev, lang=lang)
        lines = [*priority_lines(ev, lang=lang), *method_lines(ev, lang=lang)]
        # one print, not one per line: rich parses and renders the lines as one text, half
        # the time for a trimmed table's 200 entities' priorities
        lines += [alpha] if alpha else []
        if lines:
            out.print("\n".join(lines), soft_wrap=True, highlight=False)
    for note in (*ev.notes, *ev.scores.weights.warnings):
        err.print(f"{_tag('cli.note_label')}{_lit(note)}", soft_wrap=True)
    _fail_on_cr(project, strict, _cr_failed(ev.scores.weights))


def _engine(
    project: Project, engine: EngineName | None, fmt: str
) -> tuple[Literal["memory", "stream"], str | None]:
    from qualindex.run import choose_engine

    return choose_engine(project, engine, fmt)


def _streamed(
    project: Project,
    fmt: str,
    output: Path | None,
    *,
    explicit: bool,
    bom: bool,
    force: bool,
) -> StreamResult | None:
    """Evaluate in batches, writing rows as they are scored (a progress bar on a terminal).

    None, with nothing written, when the data turn out not streamable under ``auto`` (a
    note says why; the in-memory engine runs); an error under ``--engine stream``.
    """
    from qualindex.errors import InputError
    from qualindex.evaluate.stream import NotStreamable, file_writer
    from qualindex.run import evaluate_streamed

    table_fmt = cast("Literal['csv', 'parquet', 'jsonl']", fmt)
    try:
        with _row_progress() as progress:
            result = evaluate_streamed(
                project,
                lambda: file_writer(
                    output, table_fmt, bom=bom and output is not None, inputs=project.inputs,
                    force=force,
                ),
                progress=progress,
            )  # fmt: skip
    except NotStreamable as exc:
        if explicit:
            raise InputError(msg("stream.refused", reason=exc.reason)) from None
        _note(msg("stream.fell_back", reason=exc.reason))
        return None
    if output is not None:
        err.print(_word("cli.wrote", file=output))
    for note in result.notes:
        _note(note)
    return result


def _note(text: str) -> None:
    err.print(f"{_tag('cli.note_label')}{_lit(text)}", soft_wrap=True)


@contextmanager
def _row_progress() -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress bar over the rows of each pass of the streamed engine, on a terminal only."""
    if not err.is_terminal:
        yield lambda stage, done, total: None
        return
    from rich.progress import Progress

    tasks: dict[str, Any] = {}
    with Progress(console=err, transient=True) as bar:

        def show(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(msg(f"stream.stage.{stage}"), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield show


def _evaluate_dask(
    project: Project,
    scheduler: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    progress: Callable[[str], None],
) -> None:
    """evaluate --engine dask: partitioned Parquet and summary.json in the -o folder."""
    from qualindex.run import evaluate_on_dask

    if output is None or fmt not in ("table", "parquet"):
        _usage_error(msg("dask.needs_output"))
    result = evaluate_on_dask(
        project, out=output, scheduler=scheduler, force=force, progress=progress
    )
    err.print(
        _word("dask.wrote", rows=result.rows, partitions=result.partitions, path=output),
        soft_wrap=True,
    )
    for note in (*result.notes, *result.summary["warnings"]):
        err.print(f"{_tag('cli.note_label')}{_lit(note)}", soft_wrap=True)


NodePairs = dict[str, tuple[float, float]]
NodeChecks = dict[str, tuple[float, float, tuple[str, ...], int]]


@contextmanager
def _font_warnings(*, in_report: bool = False) -> Iterator[None]:
    """Show the drawing's font warnings (no CJK font, missing glyphs) and what it left out
    to fit the page as CLI warnings.  ``in_report``: the way to see what was left out is
    the ``diagram`` command (``report`` has no --depth or --root)."""
    from qualindex.fonts import FontWarning
    from qualindex.hierarchy.draw import DiagramWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FontWarning)
        warnings.simplefilter("always", DiagramWarning)
        yield
    for w in caught:
        said = w.message
        text = said.args[0] if isinstance(said, Warning) and said.args else said
        if in_report and isinstance(text, Msg) and text.code == "diagram.left_out.warning":
            text = msg("diagram.left_out.warning_report", **text.params)
        err.print(f"{_tag('cli.warning_label')}{_lit(text)}", soft_wrap=True)


def _diagram_inputs(
    target: Path, judgments: list[Path], weighed: bool
) -> tuple[Project, NodePairs | None, NodeChecks | None]:
    """The project, node id -> (local, global) weights and node id -> (CR, limit)."""
    from qualindex.run import load_project, weigh
    from qualindex.weighting.serialize import consistency_marks, weight_pairs

    project = load_project(target, judgments)
    if not weighed:
        return project, None, None
    tw = weigh(project)
    return project, weight_pairs(tw), consistency_marks(tw)


def _figure_path(output: Path | None) -> Path:
    if output is None or output.suffix.lower() not in {".svg", ".png", ".pdf"}:
        _usage_error(msg("cli.figure_needs_output"))
    return output


def _diagram_text(
    fmt: DiagramFormat | None,
    index: IndexSystem,
    lang: str,
    weights: NodePairs | None,
    crs: NodeChecks | None,
    how: ShowWeights,
    side: Orient | None,
) -> str:
    from qualindex.hierarchy import textdiagram

    if fmt == "mermaid":  # None cannot happen: a figure was asked for then
        return textdiagram.to_mermaid(
            index, lang=lang, weights=weights, show_weights=how, orient=side
        )
    return textdiagram.to_dot(
        index, lang=lang, weights=weights, consistency=crs, show_weights=how, orient=side
    )


@app.command()
def diagram(
    target: Target,
    output: Output = None,
    judgments: Judgments = None,
    lang: LangOption = None,
    show: Annotated[
        ShowWeights | None,
        typer.Option("--weights", help="Weigh the tree; show local, global or both, and CR."),
    ] = None,
    orient: Annotated[Orient | None, typer.Option(help="tb or lr (default: by width).")] = None,
    fmt: Annotated[DiagramFormat | None, typer.Option("--format", help="mermaid or dot.")] = None,
    depth: Annotated[int | None, typer.Option(min=1, help="Levels below the root to draw.")] = None,
    root: Annotated[str | None, typer.Option(help="Draw only the part under this node id.")] = None,
    ids: Annotated[
        bool | None,
        typer.Option(
            "--ids/--no-ids",
            help="Show node ids (default: shown, unless left out to fit --page; --ids insists).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="A title above the diagram.")] = None,
    page: Annotated[
        PageName | None, typer.Option(help="Fit the figure to this page (text >= 6 pt).")
    ] = None,
    landscape: Annotated[bool, typer.Option(help="With --page: landscape.")] = False,
    layout: Annotated[
        DiagramLayout,
        typer.Option(
            help="tree, columns (one row per node), packed (indicators several to a line), or "
            "auto (a tree up to 40 leaves, else columns, packed when needed to fit --page).",
        ),
    ] = "auto",
    force: Force = False,
) -> None:
    """Draw the hierarchy to -o FILE.svg|.png|.pdf, or write it as Mermaid or DOT text."""
    from qualindex.hierarchy import draw
    from qualindex.hierarchy.layout import subtree

    figure = None if fmt else _figure_path(output)
    with user_errors(), _font_warnings():
        project, weights, crs = _diagram_inputs(target, judgments or [], show is not None)
        report = project.config.report if project.config else None
        language = _project_lang(project, lang)
        how: ShowWeights = show or "both"
        side = orient
        if figure is None:
            part = subtree(project.index, root, depth)
            weights = {k: v for k, v in (weights or {}).items() if k in part.nodes} or None
            crs = {k: v for k, v in (crs or {}).items() if k in part.nodes} or None
            text = _diagram_text(fmt, part, language, weights, crs, how, side)
            _emit(text, output, project.inputs, force=force)
            return
        style = draw.DiagramStyle(font=report.font if report else None)
        fig = draw.draw_hierarchy(
            project.index,
            lang=language,
            weights=weights,
            consistency=crs,
            orient=side,
            show_weights=how,
            style=style,
            root=root,
            depth=depth,
            show_ids=ids,
            title=title,
            page=page,
            landscape=landscape,
            layout=layout,
        )
        draw.save_diagram(fig, figure, inputs=project.inputs, force=force)
    err.print(_word("cli.wrote", file=figure))


ReportOutput = Annotated[
    Path,
    typer.Option("-o", "--output", help="report.html, report.docx, report.xlsx or report.md."),
]


def _report_analyses(project: Project, ev: Evaluation) -> Analyses:
    """What a report shows besides the evaluation, computed here so the report only renders."""
    from qualindex.experts import expert_statistics
    from qualindex.report import Analyses
    from qualindex.uncertainty import report_sensitivity

    experts = expert_statistics(project) if project.all_judgments else None
    if ev.shown is not None:  # some rows only: rank intervals among them would mislead
        return Analyses(experts, None)
    return Analyses(experts, report_sensitivity(project, ev))


IPAOption = Annotated[
    Literal["scale", "data"] | None,
    typer.Option(
        "--ipa",
        help="IPA cuts: scale (mean weight 1/k, the pass mark) or data (the means); "
        "default: report.ipa of the run config, else scale.",
    ),
]


MaxRows = Annotated[
    int | None,
    typer.Option(
        "--max-rows",
        min=2,
        help="Entity-period rows past which each period's best and worst rows are listed "
        "and all rows summarised (default: report.max_rows of the run config, else 200).",
    ),
]
AllRows = Annotated[bool, typer.Option("--all-rows", help="List every row (no --max-rows).")]


def _row_limit(project: Project, max_rows: int | None, all_rows: bool) -> int | None:
    """The rows a report or table lists at most (None: all), from the options or report.max_rows."""
    if all_rows:
        return None
    if max_rows is not None:
        return max_rows
    return project.config.report.max_rows if project.config is not None else 200


@app.command()
def report(
    target: Annotated[
        Path,
        typer.Argument(
            help="A run configuration with data (the evaluation report), or an index system "
            "or a run without data (the index document: structure, scoring, weights, CR)."
        ),
    ],
    output: ReportOutput,
    judgments: Judgments = None,
    lang: LangOption = None,
    ipa: IPAOption = None,
    force: Force = False,
    max_rows: MaxRows = None,
    all_rows: AllRows = False,
) -> None:
    """Write the client report, or without data the index document: HTML, Word, Excel or
    Markdown by the suffix of -o."""
    from qualindex.report import write_report
    from qualindex.report.docwriters import write_document
    from qualindex.run import evaluate_shown, load_project

    with user_errors(), _font_warnings(in_report=True), _stages(5) as progress:
        progress(msg("cli.stage.loading"))
        project = load_project(target, judgments or [])
        language = _project_lang(project, lang)
        if not project.has_data:  # the committee's document: the index system itself
            progress(msg("cli.stage.report"))
            written = write_document(project, output, lang=language, force=force)
            err.print(_word("cli.wrote", file=written))
            return
        ev, why = evaluate_shown(
            project, _row_limit(project, max_rows, all_rows), progress=progress
        )
        if why:
            _note(why)
        if ipa is not None:
            ev = dataclasses.replace(ev, ipa=ipa)
        progress(msg("cli.stage.report"))
        analyses = _report_analyses(project, ev)
        if ev.shown is not None:  # rank intervals among the listed rows would mislead
            ev = dataclasses.replace(ev, notes=(*ev.notes, msg("rows.no_sensitivity")))
        written = write_report(project, ev, output, lang=language, force=force, analyses=analyses)
    err.print(_word("cli.wrote", file=written))


SensitivityFormat = Literal["text", "json", "csv"]


@contextmanager
def _draw_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar over the Monte Carlo draws, shown only on a terminal."""
    from rich.progress import Progress

    if not err.is_terminal:
        yield None
        return
    with Progress(console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        yield update


@app.command()
def sensitivity(
    target: Annotated[Path, typer.Argument(help="A run configuration (YAML) with data.")],
    judgments: Judgments = None,
    draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed (the run is reproducible).")] = 0,
    sigma: Annotated[
        float, typer.Option(min=0.0, help="Lognormal spread of each judgment (log scale).")
    ] = 0.1,
    vary: Annotated[
        str,
        typer.Option(
            help="What varies, comma-separated: weights (exact switch points, tornado), "
            "judgments, values (sensitivity.values or --value-sd), methods."
        ),
    ] = "weights,judgments",
    value_sd: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            help="Measurement error (score points) of every indicator that "
            "sensitivity.values does not name.",
        ),
    ] = None,
    sobol: Annotated[
        bool, typer.Option(help="Sobol first/total indices per uncertain input (SALib).")
    ] = False,
    period: Annotated[str | None, typer.Option(help="Period (default: the latest).")] = None,
    mode: Annotated[
        Literal["distributive", "ideal"],
        typer.Option(help="Decision models: the synthesis whose ranking is tested."),
    ] = "distributive",
    fmt: Annotated[SensitivityFormat, typer.Option("--format", help="text, json or csv.")] = "text",
    output: Output = None,
    bom: Bom = True,
    force: Force = False,
    lang: LangOption = None,
) -> None:
    """How sure is the ranking: switch points, rank intervals per source and together, Sobol."""
    from qualindex.render import sensitivity_lines
    from qualindex.run import evaluate, load_project
    from qualindex.uncertainty import SOURCES, sensitivity_rows
    from qualindex.uncertainty import sensitivity as analyse

    parts = [v.strip() for v in vary.split(",") if v.strip()]
    bad = [v for v in parts if v not in SOURCES]
    if bad or not parts:
        _usage_error(
            msg("cli.vary_unknown", bad=", ".join(bad) or repr(vary), use=", ".join(SOURCES))
        )
    chosen = [cast(SensitivitySource, v) for v in SOURCES if v in parts]
    with user_errors():
        project = load_project(target, judgments or [])
        _project_lang(project, lang)
    if project.index.alternatives:  # a decision model: the alternatives' ranking
        from qualindex.uncertainty import decision_sensitivity

        with user_errors(), _draw_bar() as bar:
            if (
                sobol
                or period is not None
                or value_sd is not None
                or set(chosen)
                - {
                    "weights",
                    "judgments",
                }
            ):
                _usage_error(msg("cli.decision_vary"))
            result = decision_sensitivity(project, vary=chosen, mode=mode, draws=draws,
                                          sigma=sigma, seed=seed, progress=bar)  # fmt: skip
    else:
        with user_errors(), _stages(3) as progress:
            progress(msg("cli.stage.loading"))
            ev = evaluate(project, progress=progress)
        with user_errors(), _draw_bar() as bar:
            result = analyse(project, ev, vary=chosen, draws=draws, sigma=sigma, seed=seed,
                             period=period, value_sd=value_sd, sobol=sobol,
                             progress=bar)  # fmt: skip
    with user_errors():
        if fmt == "json":
            doc = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
            _emit(doc, output, project.inputs, force=force)
        elif fmt == "csv":
            _emit(_csv(sensitivity_rows(result), bom=bom), output, project.inputs, force=force)
    if fmt == "text":
        for line in sensitivity_lines(result):
            out.print(line, soft_wrap=True, highlight=False)


DiffFormat = Literal["md", "json", "table"]


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Old version: index or run config, or REV:path.")],
    new: Annotated[str, typer.Argument(help="New version: index or run config, or REV:path.")],
    judgments: Judgments = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="md, json or table.")] = "table",
    output: Output = None,
    lang: LangOption = None,
    force: Force = False,
) -> None:
    """What changed between two versions: nodes, fields, weights, CR and, with data, results."""
    from qualindex import compare

    with (
        user_errors(),
        compare.open_version(old, judgments or []) as a,
        compare.open_version(new, judgments or []) as b,
    ):
        result = compare.diff_projects(a, b, labels=(old, new))
        lang = lang or current_lang()
        inputs = (*a.inputs, *b.inputs)  # -o never writes over a file compared
    if fmt == "table":
        for part in compare.diff_tables(result, lang=lang):
            out.print(part)
        return
    if fmt == "md":
        text = compare.diff_markdown(result, lang=lang)
    else:
        text = json.dumps(compare.diff_to_dict(result), ensure_ascii=False, indent=2)
    with user_errors():
        _emit(text, output, inputs, force=force)


ExpertsFormat = Literal["table", "json"]


@app.command()
def experts(
    target: Target,
    judgments: Judgments = None,
    fmt: Annotated[ExpertsFormat, typer.Option("--format", help="table or json.")] = "table",
    output: Output = None,
    force: Force = False,
    lang: LangOption = None,
) -> None:
    """Expert agreement per node (Kendall's W, χ², p, consensus S*), Delphi statistics and
    authority Cr per expert."""
    from qualindex.experts import expert_statistics, experts_table, experts_to_dict
    from qualindex.run import load_project

    with user_errors():
        project = load_project(target, judgments or [])
        _project_lang(project, lang)
        stats = expert_statistics(project)
        if fmt == "json":
            text = json.dumps(experts_to_dict(stats), ensure_ascii=False, indent=2)
        else:
            text = experts_table(stats)
        _emit(text, output, project.inputs, force=force)


RankMode = Literal["distributive", "ideal"]


@app.command()
def rank(
    target: Target,
    judgments: Judgments = None,
    mode: Annotated[
        RankMode,
        typer.Option(help="Synthesis: distributive (shares sum to 1) or ideal (best = 1)."),
    ] = "distributive",
    fmt: Annotated[TableFormat, typer.Option("--format")] = "table",
    output: Output = None,
    lang: LangOption = None,
    strict: Strict = False,
    bom: Bom = True,
    force: Force = False,
) -> None:
    """A decision model's alternatives: global priorities, ranks, contribution per criterion."""
    from qualindex.decision import decide, decision_rows, decision_to_dict
    from qualindex.render import alternatives_table, rank_table
    from qualindex.run import load_project

    with user_errors():
        project = load_project(target, judgments or [])
        lang_used = _project_lang(project, lang)
        d = decide(project, mode=mode)
        if fmt == "json":
            text = json.dumps(decision_to_dict(d), ensure_ascii=False, indent=2)
            _emit(text, output, project.inputs, force=force)
        elif fmt == "csv":
            rows = decision_rows(d, lang_used)
            _emit(_csv(rows, bom=bom and output is not None), output, project.inputs, force=force)
    if fmt == "table":
        out.print(rank_table(d, lang=lang_used))
        out.print(alternatives_table(d, lang=lang_used))
    for note in d.notes:
        err.print(f"{_tag('cli.note_label')}{_lit(note)}", soft_wrap=True, highlight=False)
    for warning in d.warnings:
        err.print(f"{_tag('cli.warning_label')}{_lit(warning)}", soft_wrap=True, highlight=False)
    alt_failed = any(not x.passed for c in d.criteria for x in c.experts)
    _fail_on_cr(project, strict, _cr_failed(d.weights) or alt_failed)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="An R ahp file (.ahp) or an .xlsx of grids.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write into.")],
    index: Annotated[
        Path | None, typer.Option(help="For .xlsx: the index whose nodes the sheets name.")
    ] = None,
    expert: Annotated[str, typer.Option(help="For .xlsx: the expert id of the grids.")] = "expert",
    force: Force = False,
    lang: LangOption = None,
) -> None:
    """Convert R ahp files, or n x n pairwise grids on Excel sheets, into qualindex files."""
    from qualindex.outputs import write_atomic

    with user_errors():
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            from qualindex.decision import import_grids

            if index is None:
                _usage_error(msg("cli.import_needs_index"))
            files, skipped = import_grids(source, index, expert=expert), []
        else:
            from qualindex.hierarchy.ahpfile import import_ahp_file

            result = import_ahp_file(source)
            files, skipped = result.files, result.skipped
        for name, text in files.items():
            write_atomic(output / name, text, inputs=(source,), force=force)
            err.print(_word("cli.wrote", file=output / name))
    for p in skipped:
        where = f"{p.location()}: " if p.location() else ""
        what = f"{p.path}: {p.message}" if p.path else p.message
        text = where + msg("cli.not_converted", what=what)
        fix = "" if not p.fix else f"（{p.fix}）" if current_lang() == "zh" else f" ({p.fix})"
        err.print(_lit(text + fix), soft_wrap=True)


QuestionnaireFormat = Literal["xlsx", "html"]
ScoreScaleName = Literal["1-5", "1-9", "0-100"]
Negative = Literal["first", "second"]


@app.command()
def questionnaire(
    target: Target,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the files.")],
    experts: Annotated[
        str | None,
        typer.Option(help="Expert ids, comma-separated (one file each); else one blank."),
    ] = None,
    fmt: Annotated[QuestionnaireFormat, typer.Option("--format", help="xlsx or html.")] = "xlsx",
    lang: LangOption = None,
    subset: Annotated[
        int | None,
        typer.Option(min=0, help="Ask a spanning tree plus this many redundant pairs per node."),
    ] = None,
    scores: Annotated[
        ScoreScaleName, typer.Option(help="Scale of importance scores (expert-scores nodes).")
    ] = "1-9",
    delphi: Annotated[
        bool, typer.Option(help="Second round: show the run's judgments' group statistics.")
    ] = False,
    force: Force = False,
) -> None:
    """Questionnaires for the experts: Excel with drop-downs, or an offline page with live CR."""
    from qualindex.questionnaire import write_questionnaires
    from qualindex.run import load_project

    ids = [e.strip() for e in (experts or "").split(",") if e.strip()]
    with user_errors():
        # a first round is asked before any judgment exists: only --delphi needs them
        project = load_project(target, judgments_required=delphi)
        lang = _project_lang(project, lang)
        paths = write_questionnaires(
            project, output, experts=ids, fmt=fmt, lang=lang, subset=subset,
            score_scale=scores, delphi=delphi, force=force,
        )  # fmt: skip
    for path in paths:
        err.print(_word("cli.wrote", file=path))
    if subset is not None:
        from qualindex.questionnaire.structure import build_questionnaire, subset_losses

        with user_errors():
            lines = subset_losses(build_questionnaire(project, subset=subset), lang)
        for line in lines:
            err.print(f"{_tag('cli.fewer_questions_label')}{_lit(line)}", soft_wrap=True)


@app.command()
def collect(
    files: Annotated[list[Path], typer.Argument(help="Filled xlsx, html answer files, tables.")],
    run: Annotated[Path, typer.Option("--run", help="The index or run config they answer.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for judgment files.")],
    id_column: Annotated[str, typer.Option(help="Expert id column of a survey table.")] = "expert",
    negative: Annotated[
        Negative | None, typer.Option(help="In a table, a negative number favours this element.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Read filled questionnaires back into judgment files; print each expert's CR."""
    from qualindex.questionnaire.collect import collect as collect_files
    from qualindex.questionnaire.collect import collect_summary
    from qualindex.run import load_project

    with user_errors():
        project = load_project(run, judgments_required=False)  # answers not collected yet
        lang = _project_lang(project, lang)
        result = collect_files(
            files, project, output, id_column=id_column, negative=negative, lang=lang
        )
    for path in result.written:
        err.print(_word("cli.wrote", file=path))
    for line in collect_summary(result):
        out.print(_lit(line), soft_wrap=True)
