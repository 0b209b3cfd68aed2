"""Questionnaires: expert judgments collected in Excel or an offline web page, and read back.

``qualindex questionnaire RUN -o DIR`` writes one file per expert (or one blank) with every
question the index's expert-weighted nodes need (:mod:`.structure`): an Excel workbook
(:mod:`.xlsx`) or a self-contained HTML page that shows the expert's CR live (:mod:`.html`).
``qualindex collect FILES --run RUN -o DIR`` reads the filled files, the page's answer files
and survey-platform tables back into judgment files (:mod:`.collect`).  ``--delphi`` makes a
second-round file showing the first round's group statistics (:mod:`.delphi`), and
``--subset K`` asks fewer pairs at large nodes (:mod:`.subset`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from qualindex.errors import JudgmentError, Problem
from qualindex.outputs import write_atomic
from qualindex.questionnaire.collect import CollectResult, NodeCheck, collect
from qualindex.questionnaire.structure import (
    ExpertSheet,
    Questionnaire,
    ScoreScale,
    build_questionnaire,
)
from qualindex.run import Project
from qualindex.texts import msg

__all__ = [
    "CollectResult",
    "ExpertSheet",
    "NodeCheck",
    "Questionnaire",
    "build_questionnaire",
    "collect",
    "expert_sheets",
    "write_questionnaires",
]

QuestionnaireFormat = Literal["xlsx", "html"]


def expert_sheets(project: Project, experts: Sequence[str], *, delphi: bool) -> list[ExpertSheet]:
    """Who to write files for: each id (its name from the run's judgments when known), or
    one blank; with ``delphi`` each expert's first-round judgments and the whole group's."""
    sets = project.all_judgments
    by_id = {s.expert.id: s for s in sets}
    if delphi:
        if not sets:
            raise JudgmentError(
                Problem(
                    msg("questionnaire.delphi_needs_round1"),
                    str(project.inputs[0]),
                    fix=msg("questionnaire.delphi_needs_round1.fix"),
                )
            )
        experts = list(experts) or list(by_id)
        unknown = [e for e in experts if e not in by_id]
        if unknown:
            raise JudgmentError(
                Problem(
                    msg("questionnaire.no_round1", experts=", ".join(unknown)),
                    str(project.inputs[0]),
                    fix=msg("questionnaire.no_round1.fix", experts=", ".join(by_id)),
                )
            )
        return [ExpertSheet(e, by_id[e].expert.name or "", by_id[e], tuple(sets)) for e in experts]
    if not experts:
        return [ExpertSheet()]
    return [ExpertSheet(e, (by_id[e].expert.name or "") if e in by_id else "") for e in experts]


def write_questionnaires(
    project: Project,
    out_dir: Path,
    *,
    experts: Sequence[str] = (),
    fmt: QuestionnaireFormat = "xlsx",
    lang: str = "zh",
    subset: int | None = None,
    score_scale: ScoreScale = "1-9",
    delphi: bool = False,
    force: bool = False,
) -> list[Path]:
    """Write one questionnaire per expert (or one blank) into ``out_dir``; return the paths."""
    from qualindex.hierarchy.checks import ID_PATTERN

    bad = [e for e in experts if not ID_PATTERN.match(e)]
    if bad:
        raise JudgmentError(
            Problem(
                msg("questionnaire.bad_ids", ids=", ".join(map(repr, bad))),
                fix=msg("questionnaire.bad_ids.fix"),
            )
        )
    q = build_questionnaire(project, subset=subset, score_scale=score_scale)
    sheets = expert_sheets(project, experts, delphi=delphi)
    paths = []
    for sheet in sheets:
        stem = f"{q.index_id}-{sheet.id or 'blank'}" + ("-round2" if delphi else "")
        if fmt == "xlsx":
            from qualindex.questionnaire.xlsx import xlsx_bytes

            content: str | bytes = xlsx_bytes(q, sheet, lang)
        else:
            from qualindex.questionnaire.html import render_html

            content = render_html(q, sheet, lang)
        path = out_dir / f"{stem}.{fmt}"
        paths.append(write_atomic(path, content, inputs=project.inputs, force=force))
    return paths
