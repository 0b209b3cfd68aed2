"""Write the illustrative example data of the built-in catalogue.

Every catalogue entry ``indicators/<id>.yaml`` has its example material in
``indicators/<id>/``; this script writes the CSV files under ``data/`` there.  The
data are invented (no real provider, outlet or firm is described); each entry has
its own fixed seed, so a rerun rewrites the committed files byte for byte.

Item and indicator columns are read from the index files themselves (with
:func:`qualindex.load_index`), so renaming a column in a YAML file and rerunning
keeps data and index in step.

Usage (from the repository root)::

    .venv/bin/python tools/make_examples.py            # every entry
    .venv/bin/python tools/make_examples.py servqual-22 ict-network-qos
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from qualindex import load_index
from qualindex.hierarchy.model import IndexSystem, Node

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "indicators"

Rng = np.random.Generator
Row = list[object]


# --- helpers ---------------------------------------------------------------------------------
def write_csv(entry: str, name: str, header: Sequence[str], rows: Iterable[Row]) -> Path:
    """Write ``indicators/<entry>/data/<name>``: UTF-8, header row, '' for a missing value."""
    path = CATALOG / entry / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def fmt(x: float | None, digits: int) -> str | None:
    """A number with a fixed number of decimals (None stays None, i.e. a blank cell)."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    return f"{x:.{digits}f}"


def index(entry: str) -> IndexSystem:
    return load_index(CATALOG / f"{entry}.yaml")


def leaves(ix: IndexSystem, kind: str | None = None) -> list[Node]:
    """Indicators in file order, optionally only those of one ``kind``."""
    out = [n for n in ix.nodes.values() if n.is_leaf]
    return [n for n in out if kind is None or (n.indicator and n.indicator.kind == kind)]


def column(node: Node) -> str:
    assert node.indicator is not None
    return node.indicator.column or node.id


def answers(rng: Rng, latent: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Round a latent rating to the scale's integer points lo..hi."""
    return np.clip(np.rint(latent + rng.normal(0.0, 0.6, latent.shape)), lo, hi).astype(int)


def exact_counts(latent: np.ndarray, counts: Sequence[int], values: Sequence[int]) -> np.ndarray:
    """Answers with exactly ``counts[k]`` respondents at ``values[k]``, best latent first.

    ``values`` run from the best answer to the worst; the respondents with the highest
    latent satisfaction get the best answers, so entities with a better latent mean get
    a better share while the pooled counts stay exactly as given.
    """
    if sum(counts) != latent.size:
        raise ValueError(f"counts {list(counts)} do not add up to {latent.size} respondents")
    order = np.argsort(-latent, kind="stable")
    out = np.empty(latent.size, dtype=int)
    start = 0
    for count, value in zip(counts, values, strict=True):
        out[order[start : start + count]] = value
        start += count
    return out


def cell(value: int | float, blank: bool) -> object:
    return None if blank else value


# --- network-service-quality -----------------------------------------------------------------
NSQ_PROVIDERS = [  # id, name, region, respondents in 2026Q3 (sum 1,000)
    ("P01", "华信网络", "east", 300),
    ("P02", "联拓通信", "north", 280),
    ("P03", "云桥数据", "east", 250),
    ("P04", "星河宽带", "north", 170),
]
NSQ_QUARTERS = ("2026Q2", "2026Q3")
# The seed documents' survey of 1,000 valid questionnaires (seed digest §4), satisfied /
# neutral / dissatisfied per dimension; 2026Q3 reproduces these counts exactly.
NSQ_SEED_COUNTS = {
    "courtesy_satisfaction": (683, 202, 115),
    "speed_satisfaction": (456, 321, 223),
    "expertise_satisfaction": (629, 247, 124),
    "security_satisfaction": (705, 183, 112),
    "reliability_satisfaction": (694, 206, 100),
}
# Provider effect on each survey item (latent units): P01 reliable, P02 fast but less secure,
# P03 secure and expert, P04 behind on most.
NSQ_EFFECTS = {
    "P01": (0.3, 0.1, 0.2, 0.2, 0.6),
    "P02": (0.1, 0.5, -0.1, -0.3, 0.0),
    "P03": (0.2, -0.2, 0.5, 0.6, 0.2),
    "P04": (-0.4, -0.6, -0.5, -0.4, -0.7),
}
# 2026Q2 KPI values per provider (columns: NSQ_KPI); 2026Q3 drifts from them.
NSQ_KPI = {  # indicator id -> (decimals, drift sd per period, low, high)
    "attitude_complaint_rate": (1, 0.3, 0.0, None),
    "response_time": (0, 2.0, 5.0, None),
    "first_contact_resolution": (1, 1.5, 0.0, 100.0),
    "first_time_fix": (1, 1.0, 0.0, 100.0),
    "certified_staff": (1, 1.0, 0.0, 100.0),
    "security_incidents": (0, 0.8, 0.0, None),
    "vulnerability_fix_30d": (1, 2.0, 0.0, 100.0),
    "availability": (2, 0.03, 0.0, 100.0),
    "fault_repair_24h": (1, 1.5, 0.0, 100.0),
    "mttr": (1, 0.3, 0.5, None),
}
NSQ_KPI_BASE = {
    "P01": (2.1, 16, 76, 92, 97, 1, 93, 99.93, 94, 2.6),
    "P02": (2.8, 11, 81, 89, 94, 3, 84, 99.80, 88, 3.4),
    "P03": (1.6, 24, 73, 95, 99, 0, 98, 99.88, 90, 3.1),
    "P04": (4.4, 38, 67, 84, 89, 4, 78, 99.52, 79, 5.6),
}


def kpi_rows(
    rng: Rng,
    entities: Sequence[Sequence[str]],
    periods: Sequence[str],
    spec: dict[str, tuple[int, float, float | None, float | None]],
    base: dict[str, Sequence[float | None]],
    missing: Iterable[tuple[str, str, str]] = (),
) -> list[Row]:
    """Rows of a wide KPI table: ``[*entity, period, *values]`` for every period and entity.

    The first period holds ``base``; each later period drifts from the one before by a
    normal step of the column's ``sd``, clipped to its bounds and rounded to its decimals.
    A ``None`` base value and the ``(entity, period, column)`` cells in ``missing`` are
    left blank.
    """
    blank = set(missing)
    current = {e[0]: [None if v is None else float(v) for v in base[e[0]]] for e in entities}
    rows: list[Row] = []
    for k, period in enumerate(periods):
        for ent in entities:
            values = current[ent[0]]
            cells = []
            for j, (col, (digits, sd, lo, hi)) in enumerate(spec.items()):
                x = values[j]
                if x is not None and k > 0:
                    step = x + rng.normal(0.0, sd)
                    x = values[j] = float(
                        np.clip(step, -np.inf if lo is None else lo, np.inf if hi is None else hi)
                    )
                if x is not None:
                    x = round(x, digits)
                cells.append(None if (ent[0], period, col) in blank else fmt(x, digits))
            rows.append([ent[0], *ent[1:2], period, *ent[2:], *cells])
    return rows


def check_columns(ix: IndexSystem, kind: str, wanted: Iterable[str]) -> list[str]:
    """The ``kind`` indicator columns of ``ix``, which must be exactly ``wanted`` (in order)."""
    cols = [column(n) for n in leaves(ix, kind)]
    if cols != list(wanted):
        raise ValueError(f"{ix.id}: {kind} columns {cols} differ from the generator's {wanted}")
    return cols


def network_service_quality(rng: Rng) -> list[Path]:
    entry = "network-service-quality"
    ix = index(entry)
    kpis = check_columns(ix, "kpi", NSQ_KPI)
    entities = [(p[0], p[1], p[2]) for p in NSQ_PROVIDERS]
    missing = [("P04", "2026Q3", "vulnerability_fix_30d")]
    rows = kpi_rows(rng, entities, NSQ_QUARTERS, NSQ_KPI, NSQ_KPI_BASE, missing)
    header = ["provider", "provider_name", "quarter", "region", *kpis]
    return [write_csv(entry, "kpi.csv", header, rows), _nsq_survey(entry, ix, rng)]


def _nsq_survey(entry: str, ix: IndexSystem, rng: Rng) -> Path:
    items = [column(n) for n in leaves(ix, "survey")]
    if sorted(items) != sorted(NSQ_SEED_COUNTS):
        raise ValueError(f"survey items {items} differ from the seed table {list(NSQ_SEED_COUNTS)}")
    rows: list[Row] = []
    for quarter in NSQ_QUARTERS:
        q3 = quarter == "2026Q3"
        sizes = (
            [p[3] for p in NSQ_PROVIDERS]
            if q3
            else list(rng.multinomial(1012, [0.3, 0.27, 0.25, 0.18]))
        )
        who = np.repeat(np.arange(len(NSQ_PROVIDERS)), sizes)
        general = rng.normal(0.0, 0.8, who.size)  # a respondent's overall mood, shared by items
        table = {}
        for k, item in enumerate(items):
            effect = np.array([NSQ_EFFECTS[p[0]][k] for p in NSQ_PROVIDERS])[who]
            latent = effect + general + rng.normal(0.0, 1.0, who.size)
            seed = NSQ_SEED_COUNTS[item]
            if q3:
                counts = seed
            else:  # an earlier quarter: shares near the seed's, efficiency a little weaker
                p = np.array(seed, dtype=float) / 1000
                if item == "speed_satisfaction":
                    p = p + np.array([-0.03, 0.0, 0.03])
                counts = tuple(rng.multinomial(who.size, p))
            answer = exact_counts(latent, counts, (3, 2, 1))
            blank = np.zeros(who.size, dtype=bool) if q3 else rng.random(who.size) < 0.006
            table[item] = [cell(int(a), b) for a, b in zip(answer, blank, strict=True)]
        for r in range(who.size):
            pid, _, region, _ = NSQ_PROVIDERS[who[r]]
            rows.append(
                [pid, quarter, region, f"{quarter}-{r + 1:04d}", *(table[i][r] for i in items)]
            )
    header = ["provider", "quarter", "region", "respondent", *items]
    return write_csv(entry, "survey.csv", header, rows)


# --- servqual-22 / servperf-22 --------------------------------------------------------------
SQ_DIMS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
# Mean expectation per dimension (7-point), and each entity's perception per dimension.
SQ_EXPECT = (5.6, 6.4, 6.1, 6.2, 5.8)
SQ_OUTLETS = {  # id, name -> perception means per dimension
    ("S01", "东区服务网点"): (6.1, 5.4, 4.6, 5.5, 5.0),  # new premises, queues at the counter
    ("S02", "西区服务网点"): (5.0, 6.0, 5.5, 6.0, 5.4),  # dependable, well-trained staff
    ("S03", "南区服务网点"): (4.5, 5.1, 5.0, 5.2, 4.4),  # old premises, little personal care
}
SP_HOTELS = {
    ("H01", "锦程酒店"): (5.8, 5.6, 5.2, 5.7, 5.1),
    ("H02", "悦途酒店"): (5.0, 5.9, 5.8, 5.6, 5.6),
    ("H03", "云栖酒店"): (6.2, 5.0, 4.7, 5.1, 4.8),
}
SQ_IMPORTANCE = (11, 32, 22, 19, 16)  # mean 100-point allocation (illustrative)


def _likert_block(
    rng: Rng,
    ix: IndexSystem,
    means: np.ndarray,
    person: np.ndarray,
    column_of: Callable[[Node], str],
) -> dict[str, list[object]]:
    """7-point answers per item column: dimension mean + respondent effect + noise.

    Negatively worded (``reverse``) items are written as the respondent would answer the
    negative statement, 8 - x, so that the tool's reverse scoring restores them.
    """
    out: dict[str, list[object]] = {}
    for d, dim in enumerate(SQ_DIMS):
        for node in (ix.nodes[c] for c in ix.nodes[dim].children):
            assert node.indicator is not None
            x = answers(rng, means[:, d] + person, 1, 7)
            if node.indicator.reverse:
                x = 8 - x
            blank = rng.random(x.size) < 0.01
            out[column_of(node)] = [cell(int(v), b) for v, b in zip(x, blank, strict=True)]
    return out


def _importance(rng: Rng, n: int) -> np.ndarray:
    """100 points shared among the five dimensions by each respondent."""
    shares = rng.dirichlet(np.array(SQ_IMPORTANCE, dtype=float) / 2.0, n) * 100
    points = np.floor(shares).astype(int)
    points[:, 1] += 100 - points.sum(axis=1)  # rounding remainder to reliability
    return points


def _servqual_like(
    rng: Rng,
    entry: str,
    key: str,
    entities: dict[tuple[str, str], tuple[float, ...]],
    periods: Sequence[str],
    *,
    gap: bool,
) -> Path:
    ix = index(entry)
    items = leaves(ix, "survey")
    header = [key, f"{key}_name", "period", "respondent"]
    header += [column(n) for n in items]
    if gap:
        header += [n.indicator.expectation_column or "" for n in items if n.indicator]
        header += [f"W{d + 1}" for d in range(len(SQ_DIMS))]
    rows: list[Row] = []
    for k, period in enumerate(periods):
        for (eid, name), perception in entities.items():
            n = int(rng.integers(60, 91))
            person = rng.normal(0.0, 0.5, n)
            p_means = np.tile(np.array(perception) + 0.15 * k, (n, 1))
            block = _likert_block(rng, ix, p_means, person, column)
            if gap:
                e_means = np.tile(np.array(SQ_EXPECT), (n, 1))
                e_person = rng.normal(0.0, 0.4, n)
                expect = _likert_block(
                    rng, ix, e_means, e_person, lambda m: m.indicator.expectation_column
                )
                block.update(expect)
                for d, col in enumerate(_importance(rng, n).T):
                    block[f"W{d + 1}"] = [int(v) for v in col]
            for r in range(n):
                respondent = f"{eid}-{period}-{r + 1:03d}"
                rows.append([eid, name, period, respondent, *(block[c][r] for c in header[4:])])
    return write_csv(entry, "survey.csv", header, rows)


def servqual_22(rng: Rng) -> list[Path]:
    return [
        _servqual_like(rng, "servqual-22", "outlet", SQ_OUTLETS, ("2026H1", "2026H2"), gap=True)
    ]


def servperf_22(rng: Rng) -> list[Path]:
    return [_servqual_like(rng, "servperf-22", "hotel", SP_HOTELS, ("2026Q2", "2026Q3"), gap=False)]


# --- generic respondent blocks ---------------------------------------------------------------
def survey_items(ix: IndexSystem, under: str) -> list[Node]:
    """The survey indicators below node ``under``, in file order."""
    return [n for n in leaves(ix, "survey") if under in n.path]


def dim_answers(
    rng: Rng,
    ix: IndexSystem,
    means: dict[str, float],
    person: np.ndarray,
    *,
    lo: int,
    hi: int,
    noise: float = 0.6,
    answered: np.ndarray | None = None,
) -> dict[str, list[object]]:
    """Answers for every survey item below each node of ``means`` (mean + person + noise).

    Respondents where ``answered`` is False leave the items blank.
    """
    out: dict[str, list[object]] = {}
    for node_id, mean in means.items():
        for item in survey_items(ix, node_id):
            latent = mean + person + rng.normal(0.0, noise, person.size)
            x = np.clip(np.rint(latent), lo, hi).astype(int)
            keep = np.ones(person.size, bool) if answered is None else answered
            out[column(item)] = [cell(int(v), not k) for v, k in zip(x, keep, strict=True)]
    return out


def respondent_table(
    header: Sequence[str], key_rows: Sequence[Row], block: dict[str, list[object]]
) -> list[Row]:
    """Join respondent key columns with item answers in ``header`` order."""
    first = len(key_rows[0])
    return [[*keys, *(block[c][r] for c in header[first:])] for r, keys in enumerate(key_rows)]


# --- e-s-qual --------------------------------------------------------------------------------
ESQ_SITES = {  # id, name -> dimension means (5-point) and share with a non-routine encounter
    ("W01", "优选商城"): (
        dict(
            efficiency=4.2,
            system_availability=4.3,
            fulfillment=3.9,
            privacy=4.0,
            responsiveness=3.6,
            compensation=3.0,
            contact=3.8,
        ),
        0.30,
    ),
    ("W02", "速达购"): (
        dict(
            efficiency=3.7,
            system_availability=3.5,
            fulfillment=4.4,
            privacy=3.8,
            responsiveness=4.1,
            compensation=3.7,
            contact=4.2,
        ),
        0.22,
    ),
    ("W03", "乐家网"): (
        dict(
            efficiency=3.4,
            system_availability=3.2,
            fulfillment=3.3,
            privacy=3.5,
            responsiveness=2.9,
            compensation=2.6,
            contact=3.1,
        ),
        0.38,
    ),
}
ESQ_RECOVERY = ("responsiveness", "compensation", "contact")


def e_s_qual(rng: Rng) -> list[Path]:
    entry = "e-s-qual"
    ix = index(entry)
    header = ["site", "site_name", "quarter", "respondent", "nonroutine_encounter"]
    header += [column(n) for n in leaves(ix, "survey")]
    rows: list[Row] = []
    for k, quarter in enumerate(("2026Q2", "2026Q3")):
        for (sid, name), (means, share) in ESQ_SITES.items():
            n = int(rng.integers(120, 181))
            person = rng.normal(0.0, 0.45, n)
            routine = {d: m + 0.1 * k for d, m in means.items() if d not in ESQ_RECOVERY}
            block = dim_answers(rng, ix, routine, person, lo=1, hi=5)
            encounter = rng.random(n) < share
            recovery = {d: means[d] + 0.1 * k for d in ESQ_RECOVERY}
            block |= dim_answers(rng, ix, recovery, person, lo=1, hi=5, answered=encounter)
            keys = [
                [sid, name, quarter, f"{sid}-{quarter}-{r + 1:03d}", int(encounter[r])]
                for r in range(n)
            ]
            rows += respondent_table(header, keys, block)
    return [write_csv(entry, "survey.csv", header, rows)]


# --- ccsi / acsi / tcsi ----------------------------------------------------------------------
CSI_CONSTRUCTS = ("image", "expectations", "quality", "value", "satisfaction", "loyalty")
# entity id, name -> (construct means on 1..10 in CSI_CONSTRUCTS order, complaint share,
# mean satisfaction with complaint handling)
CCSI_BRANDS = {
    ("B01", "青禾电器"): ((8.1, 7.9, 7.8, 7.2, 7.7, 7.4), 0.0, 0.0),
    ("B02", "北辰家电"): ((7.4, 7.6, 7.3, 7.5, 7.4, 7.1), 0.0, 0.0),
    ("B03", "云帆电器"): ((7.0, 7.2, 6.7, 6.6, 6.8, 6.3), 0.0, 0.0),
    ("B04", "森屿家电"): ((7.7, 7.5, 7.9, 7.8, 7.9, 7.8), 0.0, 0.0),
}
ACSI_AIRLINES = {
    ("A01", "蓝鹊航空"): ((0, 7.8, 7.6, 7.0, 7.5, 7.2), 0.09, 0.0),
    ("A02", "远航航空"): ((0, 7.4, 6.9, 6.4, 6.8, 6.5), 0.15, 0.0),
    ("A03", "天衡航空"): ((0, 7.1, 7.3, 7.6, 7.4, 7.3), 0.07, 0.0),
}
TCSI_OPERATORS = {
    ("T01", "联信移动"): ((7.9, 7.7, 7.6, 6.9, 7.6, 7.5), 0.12, 6.4),
    ("T02", "华通电信"): ((7.5, 7.6, 7.4, 7.1, 7.4, 7.0), 0.16, 5.6),
    ("T03", "广域通信"): ((7.1, 7.3, 7.2, 7.4, 7.3, 6.8), 0.10, 6.9),
}


def _csi_latents(rng: Rng, n: int) -> dict[str, np.ndarray]:
    """Standardised construct scores linked as in the ACSI/ECSI models (illustrative paths)."""
    image = rng.normal(0.0, 1.0, n)
    expectations = 0.5 * image + rng.normal(0.0, 0.87, n)
    quality = 0.3 * expectations + 0.2 * image + rng.normal(0.0, 0.9, n)
    value = 0.6 * quality + rng.normal(0.0, 0.8, n)
    satisfaction = 0.55 * quality + 0.3 * value + rng.normal(0.0, 0.7, n)
    loyalty = 0.6 * satisfaction + 0.2 * image + rng.normal(0.0, 0.75, n)
    z = dict(
        image=image,
        expectations=expectations,
        quality=quality,
        value=value,
        satisfaction=satisfaction,
        loyalty=loyalty,
    )
    return {k: v / v.std() for k, v in z.items()}


def _csi(
    rng: Rng,
    entry: str,
    key: str,
    entities: dict[tuple[str, str], tuple[tuple[float, ...], float, float]],
    dims: dict[str, str],
) -> list[Path]:
    """Respondent survey (+ a wide complaint table when the index has a complaint KPI)."""
    ix = index(entry)
    items = leaves(ix, "survey")
    header = [key, f"{key}_name", "year", "respondent", *(column(n) for n in items)]
    rows: list[Row] = []
    kpi: list[Row] = []
    for k, year in enumerate(("2025", "2026")):
        for (eid, name), (means, complaint_share, handling) in entities.items():
            n = int(rng.integers(180, 241))
            z = _csi_latents(rng, n)
            block: dict[str, list[object]] = {}
            for dim, construct in dims.items():
                mean = means[CSI_CONSTRUCTS.index(construct)] + 0.1 * k
                block |= dim_answers(
                    rng, ix, {dim: mean}, 1.3 * z[construct], lo=1, hi=10, noise=0.9
                )
            if complaint_share:
                propensity = -0.8 * z["satisfaction"] + rng.normal(0.0, 0.6, n)
                complained = propensity > np.quantile(
                    propensity, 1.0 - complaint_share * (1 - 0.1 * k)
                )
                kpi.append([eid, name, year, fmt(100.0 * complained.mean(), 1)])
                if "complaint_handling" in ix.nodes:
                    block |= dim_answers(
                        rng,
                        ix,
                        {"complaint_handling": handling},
                        1.2 * z["satisfaction"],
                        lo=1,
                        hi=10,
                        noise=1.0,
                        answered=complained,
                    )
            keys = [[eid, name, year, f"{eid}-{year}-{r + 1:03d}"] for r in range(n)]
            rows += respondent_table(header, keys, block)
    out = [write_csv(entry, "survey.csv", header, rows)]
    if kpi:
        kpis = check_columns(ix, "kpi", ["complaint_rate"])
        out.append(write_csv(entry, "kpi.csv", [key, f"{key}_name", "year", *kpis], kpi))
    return out


def ccsi(rng: Rng) -> list[Path]:
    dims = dict(
        image="image",
        expected_quality="expectations",
        perceived_quality="quality",
        perceived_value="value",
        satisfaction="satisfaction",
        loyalty="loyalty",
    )
    return _csi(rng, "ccsi", "brand", CCSI_BRANDS, dims)


def acsi(rng: Rng) -> list[Path]:
    dims = dict(
        expectations="expectations",
        perceived_quality="quality",
        perceived_value="value",
        satisfaction="satisfaction",
        loyalty="loyalty",
    )
    return _csi(rng, "acsi", "airline", ACSI_AIRLINES, dims)


def tcsi(rng: Rng) -> list[Path]:
    dims = dict(
        image="image",
        expected_quality="expectations",
        perceived_quality="quality",
        perceived_value="value",
        satisfaction="satisfaction",
        loyalty="loyalty",
    )
    return _csi(rng, "tcsi", "operator", TCSI_OPERATORS, dims)


# --- ict-network-qos -------------------------------------------------------------------------
# fmt: off
ICT_OPERATORS = [
    ("O01", "东方通信"), ("O02", "长风电信"), ("O03", "蓝海宽带"), ("O04", "恒远通信"),
    ("O05", "百川网络"),
]
# fmt: on
ICT_KPI = {  # indicator id -> (decimals, drift sd per period, low, high)
    "service_availability": (3, 0.01, 0.0, 100.0),
    "fault_rate": (2, 0.04, 0.0, None),
    "latency_national": (0, 3.0, 1.0, None),
    "jitter": (1, 1.0, 0.1, None),
    "packet_loss": (2, 0.05, 0.0, 100.0),
    "mttr": (1, 0.5, 0.1, None),
    "repaired_24h": (1, 1.5, 0.0, 100.0),
    "repaired_48h": (1, 1.0, 0.0, 100.0),
    "call_setup_success": (2, 0.15, 0.0, 100.0),
    "dropped_call_rate": (2, 0.15, 0.0, 100.0),
    "sms_completion": (1, 0.4, 0.0, 100.0),
    "service_level_20s": (1, 2.0, 0.0, 100.0),
    "answer_success": (1, 0.3, 0.0, 100.0),
    "first_call_resolution": (1, 1.5, 0.0, 100.0),
    "abandonment_rate": (1, 0.6, 0.0, 100.0),
    "complaints_resolved_5d": (1, 0.8, 0.0, 100.0),
    "billing_complaints": (3, 0.01, 0.0, 100.0),
    "billing_error_rate": (4, 0.001, 0.0, 100.0),
}
# 2026Q2 values, columns in ICT_KPI order:
# availability, fault rate, latency, jitter, loss, MTTR, 24 h / 48 h repair, call setup;
# dropped calls, SMS, service level, answer success, FCR, abandonment, complaints, billing x2
# fmt: off
ICT_BASE = {
    # incumbent: strong fixed network, good care
    "O01": (99.95, 0.35, 88, 6, 0.30, 4.2, 86, 95, 99.1,
            1.2, 97.5, 84, 98.6, 76, 5.8, 97.5, 0.06, 0.006),
    # mobile-first: best radio KPIs, slower repairs
    "O02": (99.90, 0.48, 104, 9, 0.45, 6.5, 81, 92, 99.4,
            0.9, 98.6, 80, 98.2, 72, 6.9, 96.0, 0.08, 0.0085),
    # broadband: best latency, weak customer care
    "O03": (99.93, 0.40, 79, 4, 0.20, 5.0, 84, 93, 98.3,
            1.9, 96.0, 71, 97.1, 66, 9.5, 93.0, 0.11, 0.007),
    # behind on most KPIs, below several thresholds
    "O04": (99.82, 0.62, 131, 18, 0.90, 9.5, 76, 88, 97.8,
            2.7, 95.2, 68, 96.5, 63, 11.0, 91.0, 0.14, 0.012),
    # average
    "O05": (99.91, 0.45, 112, 11, 0.55, 5.5, 83, 93, 98.8,
            1.5, 97.0, 78, 98.0, 71, 7.5, 95.5, 0.09, 0.009),
}
# fmt: on


def ict_network_qos(rng: Rng) -> list[Path]:
    entry = "ict-network-qos"
    ix = index(entry)
    kpis = check_columns(ix, "kpi", ICT_KPI)
    missing = [("O03", "2026Q3", "sms_completion")]
    rows = kpi_rows(rng, ICT_OPERATORS, ("2026Q2", "2026Q3"), ICT_KPI, ICT_BASE, missing)
    header = ["operator", "operator_name", "quarter", *kpis]
    return [write_csv(entry, "kpi.csv", header, rows)]


# --- it-service-25011 ------------------------------------------------------------------------
ITS_PROVIDERS = [("V01", "启明运维"), ("V02", "恒信IT服务"), ("V03", "博远科技")]
ITS_KPI = {  # indicator id -> (decimals, drift sd per period, low, high)
    "sla_compliance": (1, 0.8, 0.0, 100.0),
    "self_service_rate": (1, 3.0, 0.0, 100.0),
    "security_incidents": (0, 0.7, 0.0, None),
    "patch_compliance_30d": (1, 3.0, 0.0, 100.0),
    "availability": (3, 0.02, 0.0, 100.0),
    "major_incidents": (0, 0.8, 0.0, None),
    "report_on_time": (1, 2.0, 0.0, 100.0),
    "response_within_target": (1, 1.0, 0.0, 100.0),
    "first_contact_resolution": (1, 2.0, 0.0, 100.0),
    "change_success_rate": (1, 1.0, 0.0, 100.0),
    "change_lead_time": (1, 0.8, 0.5, None),
    "mttr": (1, 0.6, 0.2, None),
    "reopen_rate": (1, 0.8, 0.0, 100.0),
}
# fmt: off
ITS_BASE = {  # 2026Q2, columns in ITS_KPI order; V03 had no self-service portal yet
    "V01": (98.2, 48, 0, 95, 99.96, 1, 100, 96.5, 78, 97.0, 4.5, 2.8, 4.0),
    "V02": (96.1, 35, 1, 88, 99.92, 2, 92, 93.0, 72, 94.5, 6.0, 4.5, 6.5),
    "V03": (94.0, None, 3, 76, 99.85, 4, 83, 88.0, 64, 91.0, 9.0, 7.5, 9.5),
}
ITS_CSAT = {  # mean answer (1..5) per survey item: fit, ease, materials
    "V01": (4.3, 4.1, 4.2),
    "V02": (4.0, 3.9, 3.6),
    "V03": (3.6, 3.3, 3.4),
}
# fmt: on


def it_service_25011(rng: Rng) -> list[Path]:
    entry = "it-service-25011"
    ix = index(entry)
    kpis = check_columns(ix, "kpi", ITS_KPI)
    quarters = ("2026Q2", "2026Q3")
    rows = kpi_rows(rng, ITS_PROVIDERS, quarters, ITS_KPI, ITS_BASE)
    out = [write_csv(entry, "kpi.csv", ["provider", "provider_name", "quarter", *kpis], rows)]
    items = check_columns(ix, "survey", ["csat_fit", "csat_ease", "csat_materials"])
    header = ["provider", "provider_name", "quarter", "ticket", *items]
    survey: list[Row] = []
    for k, quarter in enumerate(quarters):
        for pid, name in ITS_PROVIDERS:
            n = int(rng.integers(80, 151))
            person = rng.normal(0.0, 0.5, n)
            block: dict[str, list[object]] = {}
            for item, mean in zip(items, ITS_CSAT[pid], strict=True):
                latent = mean + 0.1 * k + person + rng.normal(0.0, 0.6, n)
                x = np.clip(np.rint(latent), 1, 5).astype(int)
                blank = rng.random(n) < 0.05  # survey questions skipped
                block[item] = [cell(int(v), b) for v, b in zip(x, blank, strict=True)]
            keys = [[pid, name, quarter, f"T{quarter[-2:]}-{pid}-{r + 1:04d}"] for r in range(n)]
            survey += respondent_table(header, keys, block)
    out.append(write_csv(entry, "csat.csv", header, survey))
    return out


# --- gov-service-haochaping ------------------------------------------------------------------
GOV_HALLS = {  # id, name -> online mean, offline mean (1..5), share of online ratings,
    # share of bad reviews rectified within 15 working days, share called back
    ("G01", "市民中心政务服务大厅"): (4.5, 4.6, 0.55, 1.00, 1.00),
    ("G02", "高新区政务服务中心"): (4.6, 4.2, 0.70, 0.90, 1.00),
    ("G03", "临港片区政务服务中心"): (4.0, 4.3, 0.40, 0.80, 0.90),
}


def gov_service_haochaping(rng: Rng) -> list[Path]:
    entry = "gov-service-haochaping"
    ix = index(entry)
    items = [column(n) for n in leaves(ix, "survey")]
    header = ["hall", "hall_name", "quarter", "review", "channel", *items]
    rows: list[Row] = []
    kpi: list[Row] = []
    for k, quarter in enumerate(("2026Q2", "2026Q3")):
        for (hid, name), (on_mean, off_mean, online_share, fixed, called) in GOV_HALLS.items():
            n = int(rng.integers(800, 1201))
            online = rng.random(n) < online_share
            person = rng.normal(0.0, 0.6, n)
            block = dim_answers(
                rng,
                ix,
                {"online": on_mean + 0.05 * k},
                person,
                lo=1,
                hi=5,
                noise=0.5,
                answered=online,
            )
            block |= dim_answers(
                rng,
                ix,
                {"offline": off_mean + 0.05 * k},
                person,
                lo=1,
                hi=5,
                noise=0.5,
                answered=~online,
            )
            overall = [
                a if a is not None else b
                for a, b in zip(block["on_overall"], block["off_overall"], strict=True)
            ]
            bad = sum(1 for v in overall if v is not None and float(str(v)) <= 2)
            n_fixed = round(bad * min(1.0, fixed + 0.02 * k))
            n_called = round(bad * min(1.0, called + 0.02 * k))
            kpi.append(
                [hid, name, quarter, bad, fmt(100 * n_fixed / bad, 1), fmt(100 * n_called / bad, 1)]
            )
            keys = [
                [
                    hid,
                    name,
                    quarter,
                    f"{hid}-{quarter}-{r + 1:04d}",
                    "online" if online[r] else "offline",
                ]
                for r in range(n)
            ]
            rows += respondent_table(header, keys, block)
    kpis = check_columns(ix, "kpi", ["bad_review_fixed_15d", "callback_rate"])
    return [
        write_csv(entry, "reviews.csv", header, rows),
        write_csv(entry, "kpi.csv", ["hall", "hall_name", "quarter", "bad_reviews", *kpis], kpi),
    ]


# --- after-sales-gbt27922 --------------------------------------------------------------------
AS_FIRMS = {  # id, name -> share of points earned, items not applicable (blank)
    ("F01", "鼎盛家电"): (0.93, ()),
    ("F02", "优品电商"): (0.85, ("technical_support",)),  # sells simple goods: no tech support
    ("F03", "顺达家居"): (0.74, ("delivery_repair",)),  # installation and repair by the makers
}


def after_sales_gbt27922(rng: Rng) -> list[Path]:
    entry = "after-sales-gbt27922"
    ix = index(entry)
    items = leaves(ix, "audit")
    rows: list[Row] = []
    for k, year in enumerate(("2025", "2026")):
        for (fid, name), (share, not_applicable) in AS_FIRMS.items():
            values = []
            for node in items:
                points = node.indicator.points if node.indicator else None
                assert points is not None
                earned = points * float(np.clip(share + 0.02 * k + rng.normal(0.0, 0.06), 0, 1))
                earned = round(earned * 2) / 2  # auditors score in half points
                values.append(None if node.id in not_applicable else fmt(earned, 1))
            rows.append([fid, name, year, *values])
    header = ["firm", "firm_name", "year", *(column(n) for n in items)]
    return [write_csv(entry, "audit.csv", header, rows)]


# --- driver ----------------------------------------------------------------------------------
ENTRIES: dict[str, tuple[int, Callable[[Rng], list[Path]]]] = {
    "network-service-quality": (20260701, network_service_quality),
    "servqual-22": (19880101, servqual_22),
    "servperf-22": (19920701, servperf_22),
    "e-s-qual": (20050301, e_s_qual),
    "ccsi": (20260101, ccsi),
    "acsi": (19940101, acsi),
    "tcsi": (20010101, tcsi),
    "ict-network-qos": (20260401, ict_network_qos),
    "it-service-25011": (25011, it_service_25011),
    "gov-service-haochaping": (39734, gov_service_haochaping),
    "after-sales-gbt27922": (27922, after_sales_gbt27922),
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "entries", nargs="*", help=f"entries to write (default all: {', '.join(ENTRIES)})"
    )
    args = parser.parse_args(argv)
    unknown = [e for e in args.entries if e not in ENTRIES]
    if unknown:
        parser.error(f"unknown entries {unknown}; choose from {', '.join(ENTRIES)}")
    for entry in args.entries or ENTRIES:
        seed, make = ENTRIES[entry]
        for path in make(np.random.default_rng(seed)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
