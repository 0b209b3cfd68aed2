"""Decision models: rank alternatives that share every leaf criterion (classic AHP).

The criteria tree is weighted by :func:`qualindex.run.weigh` (any weighting method);
under each leaf criterion the alternatives get local priorities by the leaf's
``assess:`` method, and :func:`~qualindex.weighting.alternatives.synthesize` composes
them with the leaves' global weights::

    project = load_project("run.yaml")       # alternatives in the index or the run config
    result = decide(project, mode="ideal")   # global priorities, ranks, contributions

``pairwise``
    each expert's comparisons of the alternatives under the leaf (judgment files,
    section ``alternatives:``), completed and aggregated exactly as at an AHP node
    (incomplete matrices, AIJ/AIP, CR per expert, the run's ``weighting:`` settings);
``ratings``
    Saaty's absolute measurement: an intensity scale whose priorities are given or come
    from comparing the intensities pairwise, idealised (best intensity = 1), and a rating
    per alternative;
``measured``
    values (inline or from ``alternatives_data``) -> x/Σx or x/max (1/x when lower is
    better);
``direct``
    priorities given in the index or per expert, normalised, averaged with the experts'
    weights.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qualindex.choices import RelativeMode
from qualindex.core import FloatArray, limit_text, shown_against
from qualindex.errors import InputError, JudgmentError, Problem
from qualindex.evaluate.io import read_table
from qualindex.hierarchy.judgment_checks import parse_pair_value
from qualindex.hierarchy.load import load_presets
from qualindex.hierarchy.model import (
    Alternative,
    IndexSystem,
    JudgmentSet,
    Node,
    did_you_mean,
    frozen_map,
)
from qualindex.hierarchy.schema import (
    AHPWeighting,
    DirectAssess,
    MeasuredAssess,
    PairwiseAssess,
    RatingsAssess,
)
from qualindex.run import Project, weigh
from qualindex.texts import msg
from qualindex.weighting.ahp import ahp
from qualindex.weighting.alternatives import (
    Synthesis,
    direct_group,
    measured_priorities,
    ratings_priorities,
    synthesize,
)
from qualindex.weighting.group import group_ahp
from qualindex.weighting.ri import default_cr_limit
from qualindex.weighting.tree import (
    TreeWeights,
    ahp_settings,
    complete_stack,
    expert_weights_at,
    pairwise_stack,
    resolve_ri_table,
)

__all__ = [
    "CriterionExpert",
    "CriterionPriorities",
    "Decision",
    "criterion_to_dict",
    "decide",
    "decision_leaves",
    "decision_rows",
    "decision_to_dict",
    "import_grids",
]


@dataclass(frozen=True, slots=True)
class CriterionExpert:
    """One expert's judgments of the alternatives under one criterion."""

    expert: str
    cr: float | None  # None: the expert gave priorities, not comparisons
    passed: bool
    used: bool
    filled: int = 0  # judgments filled by the incomplete-matrix method
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class CriterionPriorities:
    """The alternatives' local priorities under one leaf criterion."""

    criterion: str
    method: str
    local: FloatArray  # one per alternative, in the order of Decision.alternatives
    weight: float  # the leaf's global weight
    absolute: bool = False  # ratings: idealised intensities (kept as they are in ideal mode)
    cr: float | None = None
    cr_limit: float | None = None
    ri_table: str | None = None
    experts: tuple[CriterionExpert, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=frozen_map)
    notes: tuple[str, ...] = ()  # what changed a number (completion, exclusion)
    warnings: tuple[str, ...] = ()
    # the comparisons behind ``local`` (pairwise only, every expert's matrix as completed, the
    # experts the CR policy kept, and their weights): what ``qualindex sensitivity`` perturbs
    judgments: FloatArray | None = None
    judgment_weights: tuple[float, ...] = ()
    judgment_experts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        arr = np.array(self.local, dtype=float)
        arr.setflags(write=False)
        object.__setattr__(self, "local", arr)
        if self.judgments is not None:
            stack = np.array(self.judgments, dtype=float)
            stack.setflags(write=False)
            object.__setattr__(self, "judgments", stack)


@dataclass(frozen=True)
class Decision:
    """Global priorities, ranks and contributions of a decision model's alternatives."""

    index: IndexSystem
    alternatives: tuple[Alternative, ...]
    criteria: tuple[CriterionPriorities, ...]
    weights: TreeWeights
    synthesis: Synthesis

    @property
    def mode(self) -> RelativeMode:
        return self.synthesis.mode

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(n for c in self.criteria for n in c.notes)

    @property
    def warnings(self) -> tuple[str, ...]:
        return (*self.weights.warnings, *(w for c in self.criteria for w in c.warnings))


def decision_leaves(index: IndexSystem) -> tuple[Node, ...]:
    """The leaf criteria of a decision model; an error names leaves that assess nothing."""
    leaves = index.leaves()
    if not index.alternatives:
        raise InputError(
            Problem(
                f"index {index.id!r} lists no alternatives, so there is nothing to rank",
                index.file,
                fix="add alternatives: [{id: a, name: {zh: …, en: …}}, …] to the index or the run "
                "configuration, and assess: {method: pairwise | ratings | measured | direct} on "
                "every leaf",
            )
        )
    missing = [n for n in leaves if n.assess is None]
    if missing:
        first = missing[0].loc
        raise InputError(
            Problem(
                f"leaf criteria without assess: {', '.join(n.id for n in missing)}",
                first.file,
                first.line,
                first.col,
                missing[0].id,
                "say how the alternatives are assessed under each: assess: {method: "
                "pairwise | ratings | measured | direct}",
            )
        )
    return leaves


def decide(
    project: Project, *, mode: RelativeMode = "distributive", weights: TreeWeights | None = None
) -> Decision:
    """Rank the alternatives of ``project`` (see the module text)."""
    index = project.index
    leaves = decision_leaves(index)
    weights = weights if weights is not None else weigh(project)
    ctx = _Ctx(project, tuple(a.id for a in index.alternatives))
    criteria = tuple(ctx.criterion(leaf, weights.global_weights[leaf.id]) for leaf in leaves)
    synthesis = synthesize(
        np.stack([c.local for c in criteria]),
        np.array([c.weight for c in criteria]),
        mode=mode,
        absolute=[c.absolute for c in criteria],
    )
    return Decision(index, index.alternatives, criteria, weights, synthesis)


@dataclass(frozen=True)
class _Ctx:
    project: Project
    alts: tuple[str, ...]

    def fail(self, leaf: Node, message: str, fix: str) -> JudgmentError:
        loc = leaf.loc
        return JudgmentError(Problem(message, loc.file, loc.line, loc.col, leaf.id, fix))

    def criterion(self, leaf: Node, weight: float) -> CriterionPriorities:
        a = leaf.assess
        if isinstance(a, PairwiseAssess):
            return self.pairwise(leaf, a, weight)
        if isinstance(a, RatingsAssess):
            return self.ratings(leaf, a, weight)
        if isinstance(a, MeasuredAssess):
            return self.measured(leaf, a, weight)
        assert isinstance(a, DirectAssess)
        return self.direct(leaf, a, weight)

    def keyed(self, leaf: Node, given: Mapping[str, Any], what: str) -> list[Any]:
        """Values keyed by alternative, in the alternatives' order; all named, none extra."""
        extra = [k for k in given if k not in self.alts]
        missing = [k for k in self.alts if k not in given]
        if extra or missing:
            parts = [f"no {what} for {', '.join(missing)}"] if missing else []
            if extra:
                parts.append(f"not alternatives: {', '.join(extra)}")
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r}: " + "; ".join(parts),
                f"give one {what} per alternative ({', '.join(self.alts)})",
            )
        return [given[k] for k in self.alts]

    # --- pairwise --------------------------------------------------------------------------
    def pairwise(self, leaf: Node, a: PairwiseAssess, weight: float) -> CriterionPriorities:
        opts = self.project.options
        node = dataclasses.replace(
            leaf,
            children=self.alts,
            indicator=None,
            weighting=AHPWeighting(
                method="ahp",
                priority=a.priority,
                ri_table=a.ri_table,
                cr_limit=a.cr_limit,
                incomplete=a.incomplete,
                group=a.group,
                aip_mean=a.aip_mean,
                expert_weights=a.expert_weights,
            ),
        )
        every = self.project.all_judgments
        sets = tuple(
            JudgmentSet(
                j.expert, j.alt_locs.get(leaf.id, j.loc), {leaf.id: j.alternatives[leaf.id]}
            )
            for j in every
            if leaf.id in j.alternatives
        )
        given = [j for j in every if leaf.id in j.alt_priorities]
        if not sets and not given:
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r} compares alternatives pairwise, but no expert did",
                f"add alternatives: {{{leaf.id}: [[{self.alts[0]}, {self.alts[-1]}, 3], ...]}} "
                "to a judgment file",
            )
        group = a.group or opts.group
        if given and group != "aip":
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r}: expert(s) {', '.join(j.expert.id for j in given)} gave "
                "priorities, which AIJ (aggregating judgments) cannot use",
                "set assess: {method: pairwise, group: aip} to average the experts' priorities",
            )
        priority, ri_table, cr_limit = ahp_settings(node, opts)
        experts: list[CriterionExpert] = []
        notes: list[str] = []
        vectors: list[FloatArray] = []
        vweights: list[float] = []
        res = None
        stack = None
        ew: list[float] = []
        if sets:
            stack, sets = pairwise_stack(node, sets)
            holes = np.isnan(stack).sum(axis=(1, 2)) // 2
            stack = complete_stack(node, stack, sets, opts)
            ew = expert_weights_at(node, sets, opts)
            res = group_ahp(
                stack,
                expert_weights=ew,
                aggregation=group,
                cr_policy=opts.cr_policy,
                method=priority,
                ri_table=ri_table,
                cr_limit=cr_limit,
                aip_mean=a.aip_mean or opts.aip_mean,
                normalise=opts.normalise,
                trim=opts.trim,
                trim_rule=opts.trim_rule,
                censor_by=opts.censor_by,
            )
            for e, s in enumerate(sets):
                filled = int(holes[e])
                experts.append(
                    CriterionExpert(
                        s.expert.id,
                        float(res.expert_cr[e]),
                        bool(res.expert_pass[e]),
                        bool(res.used[e]),
                        filled,
                        s.loc.file,
                        s.loc.line,
                    )
                )
                if filled:
                    notes.append(
                        f"{leaf.id}: expert {s.expert.id!r}: {filled} missing judgment(s) of "
                        f"alternatives filled by {a.incomplete}"
                    )
                if not res.used[e]:
                    notes.append(f"{leaf.id}: expert {s.expert.id!r} excluded (CR over limit)")
            vectors += list(res.expert_priorities)
            vweights += [s.expert.weight for s in sets]
        for j in given:
            v = np.array(self.keyed(leaf, j.alt_priorities[leaf.id], "priority"), dtype=float)
            vectors.append(v / v.sum())
            vweights.append(j.expert.weight)
            experts.append(
                CriterionExpert(j.expert.id, None, True, True, 0, j.alt_locs[leaf.id].file, None)
            )
        if given:
            local = _aip(np.array(vectors), np.array(vweights), a.aip_mean or opts.aip_mean)
            notes.append(
                f"{leaf.id}: priorities given by {', '.join(j.expert.id for j in given)} averaged "
                f"with the others' ({a.aip_mean or opts.aip_mean} mean)"
            )
        else:
            assert res is not None
            local = res.weights
        limit = res.cr_limit if res is not None else cr_limit
        kept = np.asarray(res.used, dtype=bool) if res is not None else np.zeros(0, bool)
        judged = None if given or stack is None else stack[kept]
        warnings = [
            f"{leaf.id}: expert {x.expert!r} CR {shown_against(x.cr, limit)} > "
            f"{limit_text(limit)} (alternatives)"
            for x in experts
            if x.cr is not None and limit is not None and not x.passed
        ]
        return CriterionPriorities(
            leaf.id,
            "pairwise",
            local,
            weight,
            cr=None if res is None else res.group_cr,
            cr_limit=limit,
            ri_table=str(ri_table),
            experts=tuple(experts),
            provenance={
                "priority": priority,
                "group": group,
                "incomplete": a.incomplete,
                "experts": [x.expert for x in experts],
            },
            notes=tuple(notes),
            warnings=tuple(warnings),
            judgments=judged,
            judgment_weights=tuple(float(w) for w, k in zip(ew, kept, strict=True) if k)
            if judged is not None
            else (),
            judgment_experts=tuple(s.expert.id for s, k in zip(sets, kept, strict=True) if k)
            if judged is not None
            else (),
        )

    # --- ratings ---------------------------------------------------------------------------
    def ratings(self, leaf: Node, a: RatingsAssess, weight: float) -> CriterionPriorities:
        ids = [i.id for i in a.intensities]
        cr = None
        warnings: list[str] = []
        if all(i.priority is not None for i in a.intensities):
            q = np.array([float(i.priority or 0) for i in a.intensities])
            how = "given"
        else:
            m = np.eye(len(ids))
            labels = load_presets().saaty_labels
            for x, y, raw in a.pairwise:
                v = parse_pair_value(raw, labels)
                # intensities may be compared past 9: Super Decisions' ratings grids hold
                # ratios of given priorities (AhpAnpLib's employee example has 16.67)
                if v is None or not math.isfinite(v) or v <= 0:
                    said = msg("decision.intensity_not_a_value", raw=repr(raw))
                    raise self.fail(leaf, said, msg("decision.intensity_not_a_value.fix"))
                m[ids.index(x), ids.index(y)], m[ids.index(y), ids.index(x)] = v, 1 / v
            method = a.priority or self.project.options.priority
            opts = self.project.options
            table = resolve_ri_table(
                opts.ri_table, len(ids), draws=opts.ri_draws, seed=opts.ri_seed
            )
            res = ahp(m, method=method, ri_table=table)
            q, cr, how = res.weights, res.cr, f"pairwise ({method})"
            # the intensities' comparison is judged like any other: over the limit is said
            limit = opts.cr_limit if opts.cr_limit is not None else default_cr_limit(len(ids))
            if len(ids) >= 3 and cr > limit + 1e-12:
                said = msg(
                    "weighting.ratings_scale_cr_over",
                    leaf=leaf.id,
                    cr=shown_against(cr, limit),
                    limit=limit_text(limit),
                )
                warnings.append(str(said))
        rated = self.keyed(leaf, a.ratings, "rating")
        local = ratings_priorities(q, [ids.index(r) for r in rated])
        return CriterionPriorities(
            leaf.id,
            "ratings",
            local,
            weight,
            absolute=True,
            cr=cr,
            provenance={
                "intensities": ids,
                "intensity_priorities": (q / q.sum()).tolist(),
                "idealised": (q / q.max()).tolist(),
                "from": how,
                "ratings": dict(zip(self.alts, rated, strict=True)),
            },
            warnings=tuple(warnings),
        )

    # --- measured --------------------------------------------------------------------------
    def measured(self, leaf: Node, a: MeasuredAssess, weight: float) -> CriterionPriorities:
        if a.values is not None:
            values = [float(v) for v in self.keyed(leaf, a.values, "value")]
            source = "inline"
        else:
            values, source = self.column(leaf, a.column or leaf.id)
        try:
            local = measured_priorities(values, direction=a.direction, mode="distributive")
        except InputError as exc:
            raise self.fail(leaf, f"criterion {leaf.id!r}: {exc}", "check the values") from None
        return CriterionPriorities(
            leaf.id,
            "measured",
            local,
            weight,
            provenance={
                "values": dict(zip(self.alts, values, strict=True)),
                "direction": a.direction,
                "source": source,
            },
        )

    def column(self, leaf: Node, name: str) -> tuple[list[float], str]:
        config = self.project.config
        if config is None or config.alternatives_data_path is None:
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r} is measured but gives no values and the run has no "
                "alternatives_data",
                "add values: {alternative: x, …} to its assess:, or alternatives_data: "
                "{path: alternatives.csv, id: id} to the run configuration",
            )
        spec = config.alternatives_data
        assert spec is not None
        raw = read_table(config.alternatives_data_path, sheet=spec.sheet)
        where = raw.file if raw.sheet is None else f"{raw.file}[{raw.sheet}]"
        for col in (spec.id, name):
            if col not in raw.header:
                raise InputError(
                    Problem(
                        f"no column {col!r}",
                        where,
                        fix=f"columns: {', '.join(raw.header)}",
                    )
                )
        ids = [str(c).strip() for c in raw.columns[spec.id]]
        out: dict[str, float] = {}
        for i, (alt, cell) in enumerate(zip(ids, raw.columns[name], strict=True)):
            try:
                out[alt] = float(str(cell).strip())
            except ValueError:
                raise InputError(
                    Problem(
                        f"column {name!r}: {cell!r} is not a number",
                        where,
                        int(raw.rows[i]),
                        raw.header.index(name) + 1,
                        fix="give the measured value as a number",
                    )
                ) from None
        values = [float(v) for v in self.keyed(leaf, out, f"row in {where}")]
        return values, where

    # --- direct ----------------------------------------------------------------------------
    def direct(self, leaf: Node, a: DirectAssess, weight: float) -> CriterionPriorities:
        given = [j for j in self.project.all_judgments if leaf.id in j.alt_priorities]
        if a.priorities is not None and given:
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r} has priorities in the index and from experts "
                f"{', '.join(j.expert.id for j in given)}: which ones count?",
                "keep one of them",
            )
        if a.priorities is not None:
            rows = [self.keyed(leaf, a.priorities, "priority")]
            ws = [1.0]
            experts: tuple[CriterionExpert, ...] = ()
        elif given:
            rows = [self.keyed(leaf, j.alt_priorities[leaf.id], "priority") for j in given]
            ws = [j.expert.weight for j in given]
            experts = tuple(
                CriterionExpert(j.expert.id, None, True, True, 0, j.alt_locs[leaf.id].file)
                for j in given
            )
        else:
            raise self.fail(
                leaf,
                f"criterion {leaf.id!r} takes given priorities but none are given",
                "add priorities: {alternative: p, …} to its assess:, or alternatives: "
                f"{{{leaf.id}: {{alternative: p, …}}}} to judgment files",
            )
        try:
            local = direct_group(np.array(rows, dtype=float), np.array(ws))
        except InputError as exc:
            raise self.fail(leaf, f"criterion {leaf.id!r}: {exc}", "check the values") from None
        return CriterionPriorities(
            leaf.id,
            "direct",
            local,
            weight,
            experts=experts,
            provenance={"experts": [x.expert for x in experts]},
        )


def _aip(vectors: FloatArray, weights: FloatArray, mean: str) -> FloatArray:
    """Weighted mean of priority vectors (arithmetic, or geometric renormalised)."""
    w = weights / weights.sum()
    if mean == "arithmetic":
        out: FloatArray = w @ vectors
        return out / out.sum()
    with np.errstate(divide="ignore"):
        g = np.exp(w @ np.log(vectors))
    return g / g.sum()


# --- outputs ---------------------------------------------------------------------------------
def _r(x: float | None) -> float | None:
    return None if x is None else float(x)


def criterion_to_dict(c: CriterionPriorities, alts: Sequence[str]) -> dict[str, Any]:
    """One criterion's local priorities, CR and experts (JSON; keys only ever added)."""
    return {
        "criterion": c.criterion,
        "method": c.method,
        "weight": c.weight,
        "local": dict(zip(alts, c.local.tolist(), strict=True)),
        "absolute": c.absolute,
        "cr": _r(c.cr),
        "cr_limit": _r(c.cr_limit),
        "ri_table": c.ri_table,
        "experts": [
            {
                "id": x.expert,
                "cr": _r(x.cr),
                "passed": x.passed,
                "used": x.used,
                "filled": x.filled,
                "file": x.file,
                "line": x.line,
            }
            for x in c.experts
        ],
        "provenance": dict(c.provenance),
        "notes": list(c.notes),
    }


def decision_to_dict(d: Decision) -> dict[str, Any]:
    """``qualindex rank --format json``: the alternatives' global priorities and why."""
    alts = [a.id for a in d.alternatives]
    s = d.synthesis
    return {
        "index": {"id": d.index.id, "version": d.index.version, "file": d.index.file},
        "mode": d.mode,
        "alternatives": [
            {
                "id": a.id,
                "name": {"zh": a.name.zh, "en": a.name.en},
                "priority": float(s.priorities[i]),
                "score": float(s.score[i]),
                "rank": int(s.ranks[i]),
                "contributions": {
                    c.criterion: float(s.contributions[k, i]) for k, c in enumerate(d.criteria)
                },
            }
            for i, a in enumerate(d.alternatives)
        ],
        "criteria": [
            # ``used``: the local priorities as this mode composes them (distributive: summing
            # to 1, ratings included; ideal: best = 1, ratings as rated)
            {**criterion_to_dict(c, alts), "used": dict(zip(alts, s.used[k].tolist(), strict=True))}
            for k, c in enumerate(d.criteria)
        ],
        "notes": list(d.notes),
        "warnings": list(d.warnings),
    }


def decision_rows(d: Decision, lang: str = "zh") -> list[dict[str, object]]:
    """``qualindex rank --format csv``: a row per alternative, a column per contribution."""
    s = d.synthesis
    rows: list[dict[str, object]] = []
    for i in np.argsort(s.ranks, kind="stable"):
        a = d.alternatives[i]
        row: dict[str, object] = {
            "alternative": a.id,
            "name": a.name.get(lang),
            "rank": int(s.ranks[i]),
            "priority": float(s.priorities[i]),
            "score": float(s.score[i]),
        }
        row |= {
            f"contribution.{c.criterion}": float(s.contributions[k, i])
            for k, c in enumerate(d.criteria)
        }
        rows.append(row)
    return rows


# --- importing n x n grids from a workbook -------------------------------------------------
def import_grids(
    book: str | Path, index_path: str | Path, *, expert: str = "expert"
) -> dict[str, str]:
    """One expert's judgment file from a workbook with one n x n grid per sheet.

    A sheet named after an aggregate node gives that node's ``pairwise:``; a sheet named
    after a leaf criterion that compares alternatives gives its ``alternatives:`` section.
    The grid starts at the sheet's first non-empty cell (see
    :mod:`qualindex.hierarchy.pairwise_grid`).  Every problem names its sheet and cell.
    """
    import warnings

    import openpyxl
    import yaml

    from qualindex.hierarchy.load import load_index
    from qualindex.hierarchy.pairwise_grid import parse_grid

    index = load_index(index_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several unrelated types
            raise InputError(Problem(msg("grids.cannot_open", error=exc), str(book))) from None
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
        wb.close()
    problems: list[Problem] = []
    pairwise: dict[str, list[list[Any]]] = {}
    alternatives: dict[str, list[list[Any]]] = {}
    for title, cells in sheets.items():
        node = index.nodes.get(title.strip())
        where = f"{book}[{title}]"
        if node is None or (node.is_leaf and not isinstance(node.assess, PairwiseAssess)):
            targets = [n.id for n in index.aggregates()]
            targets += [n.id for n in index.leaves() if isinstance(n.assess, PairwiseAssess)]
            problems.append(
                Problem(
                    msg("grids.no_node", sheet=title),
                    where,
                    fix=did_you_mean(title, targets)
                    or msg("grids.no_node.fix", targets=", ".join(targets)),
                )
            )
            continue
        elements = (
            [(a.id, a.name) for a in index.alternatives]
            if node.is_leaf
            else [(c.id, c.name) for c in index.children(node.id)]
        )
        names = {k: i for i, t in elements for k in (i, t.zh, t.en) if k}
        r0, c0 = _corner(cells, names)
        grid = [row[c0:] for row in cells[r0:]]
        got = parse_grid(grid, names, first_row=r0 + 1, first_col=c0 + 1)
        problems += [Problem(m, where, path=c, fix=f) for c, m, f in got.problems]
        (alternatives if node.is_leaf else pairwise)[node.id] = got.pairs
    if problems:
        raise InputError(problems)
    doc: dict[str, Any] = {
        "qualindex": 1,
        "expert": {"id": expert},
        "index": f"{index.id}@{index.version}",
    }
    if pairwise:
        doc["pairwise"] = pairwise
    if alternatives:
        doc["alternatives"] = alternatives
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return {f"{expert}.yaml": text}


def _corner(cells: list[list[Any]], names: Mapping[str, str]) -> tuple[int, int]:
    """Row and column (0-based) of the grid's corner: the first non-empty cell, or the cell
    left of it when that one is already an element's label (a blank corner)."""
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if cell is not None and str(cell).strip():
                return (r, max(c - 1, 0)) if str(cell).strip() in names else (r, c)
    return 0, 0
