"""The ``qualindex`` command: parse arguments, call the library, render. Nothing else.

Exit codes: 0 success, 1 invalid input (every problem printed, located), 2 usage error.
Heavy modules (numpy, scipy, matplotlib) are imported inside the commands that use them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from qualindex import __version__
from qualindex.errors import QualindexError

app = typer.Typer(
    name="qualindex",
    help="Build, weight and score evaluation index systems (评价指标体系).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


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


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Build, weight and score evaluation index systems (评价指标体系)."""


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Index, judgment, config or preset files.")],
    fmt: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.text,
) -> None:
    """Check YAML files and report every problem with file:line:col and a fix."""
    from qualindex.render import print_problems
    from qualindex.validate import validate_paths

    reports = validate_paths(files)
    if fmt is TextOrJson.json:
        out.print_json(json.dumps([r.as_dict() for r in reports], ensure_ascii=False))
    else:
        for r in reports:
            print_problems(err, r.problems)
            if r.ok:
                notes = "; ".join(r.notes)
                out.print(f"[green]ok[/green] {r.file} ({r.kind}) {notes}", soft_wrap=True)
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="An index system YAML file.")],
    lang: Annotated[Lang, typer.Option(help="Label language.")] = Lang.zh,
    depth: Annotated[int | None, typer.Option(min=1, help="Levels below the root.")] = None,
) -> None:
    """Show the hierarchy with ids, names, units, directions and scoring."""
    from qualindex.hierarchy import load_index
    from qualindex.render import index_tree

    with user_errors():
        index = load_index(file)
    out.print(index_tree(index, lang=lang.value, depth=depth))


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
        err.print(f"wrote {output}")


@app.command()
def catalog(lang: Annotated[Lang, typer.Option(help="Label language.")] = Lang.zh) -> None:
    """List the built-in index systems (id, name, levels, indicators, source)."""
    from qualindex.catalog import list_catalog
    from qualindex.render import catalog_table

    with user_errors():
        entries = list_catalog()
    out.print(catalog_table(entries, lang=lang.value))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="New project folder (must be empty).")],
    source: Annotated[str, typer.Option("--from", help="Catalogue id, see `qualindex catalog`.")],
) -> None:
    """Start a project from a catalogue entry: index, run config and example files."""
    from qualindex.catalog import init_project

    with user_errors():
        files = init_project(folder, source)
    for f in files:
        out.print(f"created {f}")
    out.print(f"next: cd {folder} && qualindex validate *.yaml")
