"""Reports for clients, fed only by result objects: HTML, Word, Excel and Markdown.

:func:`write_report` is the one way a report reaches a file: it picks the format from the
suffix (or ``kind``), renders it (:func:`qualindex.report.html.render_html`,
:func:`qualindex.report.excel.workbook_bytes`,
:func:`qualindex.report.markdown.render_markdown`) and writes it with
:func:`qualindex.outputs.write_atomic`, which never writes over one of the run's inputs.
No writer computes a weight, a score or an analysis: they read :class:`~qualindex.run.Project`,
:class:`~qualindex.evaluate.results.Evaluation`, the consistency review and the caller's
:class:`Analyses`, and every word comes from :mod:`qualindex.report.messages`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from qualindex.errors import InputError
from qualindex.evaluate.results import Evaluation
from qualindex.outputs import check_target, write_atomic
from qualindex.report.messages import check_lang
from qualindex.report.tables import Analyses
from qualindex.run import Project
from qualindex.texts import msg

__all__ = ["REPORT_SUFFIXES", "Analyses", "ReportKind", "write_report"]

ReportKind = Literal["html", "xlsx", "markdown", "docx"]
#: Suffix -> format written.
REPORT_SUFFIXES: dict[str, ReportKind] = {
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".md": "markdown",
    ".docx": "docx",
}


def write_report(
    project: Project,
    evaluation: Evaluation,
    path: str | Path,
    *,
    lang: str = "zh",
    now: datetime | None = None,
    kind: ReportKind | None = None,
    force: bool = False,
    analyses: Analyses | None = None,
) -> Path:
    """Write the report to ``path`` as HTML, Excel or Markdown (by its suffix, or ``kind``).

    Refuses a suffix it cannot write and a path that is one of the run's input files,
    before any work is done; ``now`` fixes the time stamp of the audit trail; ``force``
    replaces a read-only file; ``analyses`` are the expert statistics and sensitivity the
    caller computed (sections without one are left out).
    """
    target = Path(path)
    if str(path).strip() in ("", "."):
        check_target(path)  # names the empty -o before its missing suffix
    kind = kind or REPORT_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        if target.suffix:
            raise InputError(msg("out.report_suffix", file=str(target), suffix=target.suffix))
        raise InputError(msg("out.report_no_suffix", file=str(target)))
    check_lang(lang)
    check_target(target, project.inputs, force=force)  # before the work of rendering
    content: str | bytes
    if kind == "html":
        from qualindex.report.html import render_html

        content = render_html(project, evaluation, lang=lang, now=now, analyses=analyses)
    elif kind == "xlsx":
        from qualindex.report.excel import workbook_bytes

        content = workbook_bytes(project, evaluation, lang=lang, now=now, analyses=analyses)
    elif kind == "docx":
        from qualindex.report.docx import report_docx
        from qualindex.report.tables import report_data

        rd = report_data(project, evaluation, lang=lang, now=now, analyses=analyses)
        content = report_docx(rd)
    else:
        from qualindex.report.markdown import render_markdown

        content = render_markdown(project, evaluation, lang=lang, now=now, analyses=analyses)
    return write_atomic(target, content, inputs=project.inputs, force=force)
