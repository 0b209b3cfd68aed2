"""Reports for clients, fed only by result objects: HTML, Excel and Markdown.

:func:`write_report` picks the format from the file suffix.  Each writer also has its own
entry point (:func:`qualindex.report.html.write_html`,
:func:`qualindex.report.excel.write_workbook`,
:func:`qualindex.report.markdown.write_markdown`).  No writer recomputes a weight or a
score: they read :class:`~qualindex.project.Project`,
:class:`~qualindex.evaluate.results.Evaluation` and the consistency review, and every word
comes from :mod:`qualindex.report.messages`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qualindex.errors import InputError
from qualindex.evaluate.results import Evaluation
from qualindex.project import Project
from qualindex.report.messages import check_lang

__all__ = ["REPORT_SUFFIXES", "write_report"]

#: Suffix -> format written.
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "markdown"}


def write_report(
    project: Project,
    evaluation: Evaluation,
    path: str | Path,
    *,
    lang: str = "zh",
    now: datetime | None = None,
) -> Path:
    """Write the report to ``path`` as HTML, Excel or Markdown by its suffix.

    Refuses a suffix it cannot write and a path that is one of the run's input files,
    before any work is done; ``now`` fixes the time stamp of the audit trail.
    """
    target = Path(path)
    kind = REPORT_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        raise InputError(
            f"{target}: cannot write a report as {target.suffix or 'a file without suffix'!r}; "
            "use .html, .xlsx or .md"
        )
    check_lang(lang)
    _refuse_inputs(target, project.inputs)
    if kind == "html":
        from qualindex.report.html import write_html

        return write_html(project, evaluation, target, lang=lang, now=now)
    if kind == "xlsx":
        from qualindex.report.excel import write_workbook

        return write_workbook(project, evaluation, target, lang=lang, now=now)
    from qualindex.report.markdown import write_markdown

    return write_markdown(project, evaluation, target, lang=lang, now=now)


def _refuse_inputs(target: Path, inputs: tuple[Path, ...]) -> None:
    resolved = target.resolve()
    for src in inputs:
        if src.resolve() == resolved:
            raise InputError(
                f"refusing to write the report over input file {src}; choose another -o"
            )
