"""An evaluation as plain data: the stable JSON (see README, "JSON output") and CSV rows.

NaN (no score: missing data or coverage below the minimum) is written as null / empty.

The ``methods`` section (``evaluate.methods`` of the run configuration; absent when none is
configured, so such runs write what they wrote before) holds one entry per configured
method, in the configuration's order::

    {"key": "grey", "method": "grey",
     "settings": {"rho": 0.5, "reference": "ideal", "entity": null, "input": "scores",
                  "weights": "global"},
     "value": "grade", "better": "higher",
     "weights": {"<period>": [w per criterion]},   # criteria: the leaves, or coupling systems
     "rows": [{"entity": ..., "period": ..., "value": 0.78, "rank": 2,
               "grade": null, "extra": {}}, ...]}

``key`` is the method's name, with ``-2``, ``-3`` … for a repeated method; ``value`` names
the headline value (grey: relational grade, rsr: rank-sum ratio, coupling: D, vikor: Q —
smaller is better —, topsis and entropy-topsis: closeness); ``rank`` is within the period
(null: not computed); ``grade`` is RSR's probit grade or the coupling coordination level as
``{"level": k, "of": n, "zh": ..., "en": ...}``; ``extra`` holds rsr ``fitted``, coupling
``C`` and ``T``, vikor ``S`` and ``R``.  The obstacle-degree entry (``"method": "obstacle"``)
has instead, per row, ``"indicators": {leaf: degree}`` (null: not observed),
``"dimensions": {level-1 id: degree}`` and ``"top": [[leaf, degree], ...]``.

CSV: per method ``<key>_value`` and ``<key>_rank``, plus ``<key>_grade`` for rsr and
coupling; obstacle degree gives ``<key>_first`` (the leaf with the largest degree) and
``<key>_first_degree``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from qualindex.evaluate.results import Evaluation, MethodOutcome, ObstacleOutcome
from qualindex.texts import text_dict
from qualindex.weighting.serialize import weights_to_dict

__all__ = [
    "evaluation_arrow",
    "evaluation_columns",
    "evaluation_csv",
    "evaluation_rows",
    "evaluation_to_dict",
]


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _imputed(imputed: Mapping[str, tuple[str, Any]], node: str, r: int) -> str | None:
    """The policy that filled ``node``'s score in row ``r``, or None for a measured one."""
    policy, mask = imputed.get(node, (None, None))
    return policy if mask is not None and mask[r] else None


def _missing(ev: Evaluation) -> dict[str, Any]:
    s = ev.scores
    return {
        "rules": {
            node: {
                "policy": rule.policy,
                "min_coverage": rule.min_coverage,
                "source": rule.source,
                "stated_at": rule.stated_at,
            }
            for node, rule in s.rules.items()
        },
        "imputed_cells": s.imputed_cells,
        "excluded_cells": int(sum(int(m.sum()) for m in s.excluded.values())),
    }


def _row(ev: Evaluation, r: int) -> dict[str, Any]:
    data, scores = ev.data, ev.scores
    grade = ev.grades[r]
    leaf_w = scores.weights.leaf_vector(data.leaves)
    row: dict[str, Any] = {
        "entity": data.entities[r],
        "label": data.labels.get(data.entities[r]),
        "period": data.periods[r] or None,
        "groups": {g: v[r] for g, v in data.groups.items()},
        "composite": _num(ev.composite[r]),
        "grade": {"zh": grade.label.zh, "en": grade.label.en} if grade else None,
        "rank": int(ev.rank[r]) or None,
        "rank_in_group": {g: int(v[r]) or None for g, v in ev.rank_in_group.items()},
        "topsis": _num(ev.topsis[r]),
        "short_board": ev.short_board[r] or None,
        "scores": {k: _num(v[r]) for k, v in scores.nodes.items() if k not in data.leaves},
        "coverage": {k: _num(v[r]) for k, v in scores.coverage.items()},
        # share of each node's weight its score rests on: below coverage where a child node
        # was left empty for low coverage (its data then adds nothing)
        "weight_used": {k: _num(v[r]) for k, v in scores.basis.items()},
        # node scores filled by the parent's missing-value policy, and nodes left empty
        "imputed": {k: p for k, (p, mask) in scores.imputed.items() if mask[r]},
        "excluded": [k for k, mask in scores.excluded.items() if mask[r]],
        "change": {k: _num(v[r]) for k, v in ev.change.items()},
        "indicators": [
            {
                "id": leaf,
                "value": _num(data.values[r, j]),
                "score": _num(scores.leaf_scores[r, j]),
                "imputed": _imputed(scores.imputed, leaf, r),
                "global_weight": float(leaf_w[j]),
                "contribution": _num(ev.contribution[r, j]),
                "shortfall": _num(ev.shortfall[r, j]),
            }
            for j, leaf in enumerate(data.leaves)
        ],
        "priorities": [
            {
                "id": p.indicator,
                "score": p.score,
                "global_weight": p.global_weight,
                "shortfall": p.shortfall,
                "quadrant": p.quadrant,
            }
            for p in ev.priorities[r]
        ],
    }
    if ev.fce is not None:
        row["fce"] = {
            "b": [_num(b) for b in ev.fce.b[r]],
            "grade": ev.fce.grade[r] or None,
            "score": _num(ev.fce.score[r]),
        }
    return row


def _grade_of(m: MethodOutcome, r: int) -> dict[str, Any] | None:
    k = int(m.grade[r])
    if k == 0 or not m.levels:
        return None
    zh, en = m.levels[k - 1]
    return {"level": k, "of": len(m.levels), "zh": zh, "en": en}


def _method(ev: Evaluation, m: MethodOutcome | ObstacleOutcome) -> dict[str, Any]:
    data = ev.data
    head: dict[str, Any] = {"key": m.key, "method": m.method, "settings": m.settings()}
    keys = [
        {"entity": data.entities[r], "period": data.periods[r] or None} for r in range(len(data))
    ]
    if isinstance(m, ObstacleOutcome):
        head["rows"] = [
            key
            | {
                "indicators": {
                    leaf: _num(v) for leaf, v in zip(m.leaves, m.degrees[r].tolist(), strict=True)
                },
                "dimensions": {
                    d: _num(v)
                    for d, v in zip(m.dimensions, m.dimension_degrees[r].tolist(), strict=True)
                },
                "top": [[leaf, v] for leaf, v in m.top(r)],
            }
            for r, key in enumerate(keys)
        ]
        return head
    head |= {
        "value": m.value,
        "better": m.better,
        "weights": {p or "": [float(x) for x in w] for p, w in m.weights.items()},
        "rows": [
            key
            | {
                "value": _num(m.values[r]),
                "rank": int(m.rank[r]) or None,
                "grade": _grade_of(m, r),
                "extra": {name: _num(v[r]) for name, v in m.extra.items()},
            }
            for r, key in enumerate(keys)
        ],
    }
    return head


def _method_columns(ev: Evaluation) -> dict[str, Any]:
    """The CSV columns of ``evaluate.methods``: value, rank (and grade) per method."""
    cols: dict[str, Any] = {}
    for m in ev.methods:
        if isinstance(m, ObstacleOutcome):
            first = [m.top(r)[:1] for r in range(len(ev.data))]
            cols[f"{m.key}_first"] = [f[0][0] if f else None for f in first]
            cols[f"{m.key}_first_degree"] = np.array([f[0][1] if f else np.nan for f in first])
            continue
        rank = np.asarray(m.rank, dtype=np.float64)
        rank[rank == 0] = np.nan
        cols[f"{m.key}_value"] = m.values
        cols[f"{m.key}_rank"] = rank
        if m.levels:
            cols[f"{m.key}_grade"] = [
                None if g == 0 else m.levels[g - 1][0] for g in m.grade.tolist()
            ]
    return cols


def evaluation_to_dict(ev: Evaluation) -> dict[str, Any]:
    weights = weights_to_dict(ev.index, ev.scores.weights)
    doc: dict[str, Any] = {
        "qualindex": weights["qualindex"],
        "index": weights["index"],
        "files": list(ev.data.files),
        "rows": [_row(ev, r) for r in range(len(ev.data))],
        "groups": {
            g: [
                {
                    "group": key[0],
                    "period": key[1] or None,
                    "scores": {k: _num(v) for k, v in means.items()},
                }
                for key, means in table.items()
            ]
            for g, table in ev.group_means.items()
        },
        "fce": None
        if ev.fce is None
        else {"grades": list(ev.fce.grades), "operator": ev.fce.operator, "scale": ev.fce.scale},
        "survey": None
        if ev.survey is None
        else {
            "boxes": ev.survey.boxes,
            "items": [
                {"id": i.item, "n": i.n, "mean": _num(i.mean), "top_box": i.top_box, "nps": i.nps}
                for i in ev.survey.items
            ],
            "reliability": [
                {
                    "node": r.node,
                    "items": list(r.items),
                    "alpha": _num(r.alpha),
                    "alpha_if_dropped": [_num(a) for a in r.alpha_if_dropped],
                    "n_used": r.n_used,
                }
                for r in ev.survey.reliability
            ],
        },
        "missing": _missing(ev),
        "methods": [_method(ev, m) for m in ev.methods],
        "weights": weights["nodes"],
        "notes": list(ev.notes),
        "warnings": weights["warnings"],
        # the same texts with their stable code and params, for a program to read or re-render
        "notes_coded": [text_dict(n) for n in ev.notes],
        "warnings_coded": weights["warnings_coded"],
    }
    if not ev.methods:
        del doc["methods"]
    return doc


def evaluation_rows(ev: Evaluation) -> list[dict[str, Any]]:
    """One flat row per (entity, period): keys, composite, grade, ranks, every node's score."""
    rows = []
    methods = _method_columns(ev)
    for r in range(len(ev.data)):
        grade = ev.grades[r]
        row: dict[str, Any] = {
            "entity": ev.data.entities[r],
            "label": ev.data.label(r),
            "period": ev.data.periods[r],
        }
        row |= {g: v[r] for g, v in ev.data.groups.items()}
        row |= {
            "composite": _num(ev.composite[r]),
            # share of the weight the composite rests on (< 1: blanks left out, reweighted)
            "weight_used": _num(float(ev.scores.basis[ev.index.id][r])),
            "grade_zh": grade.label.zh if grade else None,
            "grade_en": grade.label.en if grade else None,
            "rank": int(ev.rank[r]) or None,
            "topsis": _num(ev.topsis[r]),
            "short_board": ev.short_board[r],
            "imputed": "; ".join(
                f"{k}: {p}" for k, (p, mask) in ev.scores.imputed.items() if mask[r]
            ),
            "excluded": "; ".join(k for k, mask in ev.scores.excluded.items() if mask[r]),
        }
        row |= {
            node.id: _num(ev.scores.nodes[node.id][r])
            for node in ev.index.walk()
            if node.id != ev.index.id
        }
        row |= {name: _plain(values[r]) for name, values in methods.items()}
        rows.append(row)
    return rows


def _plain(x: Any) -> Any:
    """A column cell as JSON-ready data: NaN -> None, a whole float rank stays a float."""
    if isinstance(x, (float, np.floating)):
        return _num(float(x))
    return x


def _marks(n: int, marks: list[tuple[str, Any]]) -> list[str]:
    """Per row, the ``"; "``-joined labels of the masks that are set in it."""
    out = np.full(n, "", dtype=object)
    for text, mask in marks:
        hit = np.asarray(mask, dtype=bool)
        out[hit] = np.where(out[hit] == "", text, out[hit] + "; " + text)
    return out.tolist()


def evaluation_columns(ev: Evaluation, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """:func:`evaluation_rows` as columns (arrays and lists), built without a loop per row.

    ``given`` supplies columns already made (the streamed engine's Arrow key, grade and
    short-board columns); those are not built from ``ev``.
    """
    data, s, n = ev.data, ev.scores, len(ev.data)
    have = given or {}

    def col(name: str, make: Callable[[], Any]) -> Any:
        return have[name] if name in have else make()

    rank = np.asarray(ev.rank, dtype=np.float64)
    rank[rank == 0] = np.nan
    cols: dict[str, Any] = {
        "entity": col("entity", lambda: list(data.entities)),
        "label": col("label", lambda: [data.labels.get(e) or e for e in data.entities]),
        "period": col("period", lambda: list(data.periods)),
        **{g: have[g] if g in have else list(v) for g, v in data.groups.items()},
        "composite": ev.composite,
        "weight_used": s.basis[ev.index.id],
        "grade_zh": col("grade_zh", lambda: [g.label.zh if g else None for g in ev.grades]),
        "grade_en": col("grade_en", lambda: [g.label.en if g else None for g in ev.grades]),
        "rank": rank,
        "topsis": ev.topsis,
        "short_board": col("short_board", lambda: list(ev.short_board)),
        "imputed": _marks(n, [(f"{k}: {p}", m) for k, (p, m) in s.imputed.items()]),
        "excluded": _marks(n, list(s.excluded.items())),
    }
    cols |= {node.id: s.nodes[node.id] for node in ev.index.walk() if node.id != ev.index.id}
    cols |= _method_columns(ev)
    return cols


def evaluation_arrow(ev: Evaluation, given: Mapping[str, Any] | None = None) -> Any:
    """:func:`evaluation_columns` as a ``pyarrow.Table`` (NaN -> null, ranks as integers).

    The one conversion behind every tabular output (CSV, Parquet, JSON Lines), in memory
    and batch by batch (:mod:`qualindex.evaluate.stream`).
    """
    import pyarrow as pa

    arrays = {}
    ranks = {"rank", *(f"{m.key}_rank" for m in ev.compared)}
    for name, values in evaluation_columns(ev, given).items():
        if isinstance(values, pa.Array):
            arrays[name] = values
        elif isinstance(values, np.ndarray):
            arrays[name] = pa.array(values, from_pandas=True)  # NaN -> null -> empty cell
            if name in ranks:
                arrays[name] = arrays[name].cast(pa.int64())
        else:
            arrays[name] = pa.array(values, type=pa.string())
    return pa.table(arrays)


def evaluation_csv(ev: Evaluation, *, bom: bool = True) -> bytes:
    """The flat rows as CSV bytes (UTF-8, a BOM for Excel unless ``bom=False``; NaN empty).

    Written by pyarrow's CSV writer from the columns: a million rows in seconds, where a
    dict per row and the csv module took minutes.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sink = pa.BufferOutputStream()
    pacsv.write_csv(
        evaluation_arrow(ev), sink, write_options=pacsv.WriteOptions(quoting_style="needed")
    )
    body = sink.getvalue().to_pybytes()
    return (b"\xef\xbb\xbf" if bom else b"") + body


row_marks = _marks  # public for the Dask engine
