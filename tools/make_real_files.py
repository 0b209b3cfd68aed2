"""Write tests/data/real/: data files as people save them (the files are committed).

Each file is written the way the program that makes it would: Chinese Excel's
"CSV (逗号分隔)" is GBK (cp936) with CRLF and no byte-order mark; "CSV UTF-8" has a
BOM; European Excel separates with ';' and writes decimal commas; "Unicode text" is
UTF-16 LE with a BOM, tab-separated.  Excel workbooks are made with openpyxl (title
rows, merged two-row headers, percent-formatted cells, real dates).

Run: ``python tools/make_real_files.py`` (rewrites every file; the tests read them).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"

HEADER = ["医院", "年份", "平均住院日", "患者满意度", "床位使用率"]
ROWS = [
    ["第一人民医院", "2024", "8.5", "91.2", "88.0"],
    ["中医院", "2024", "9.1", "89.5", "90.3"],
    ["妇幼保健院", "2024", "7.2", "94.0", "86.1"],
]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def write_text_files() -> None:
    table = [HEADER, *ROWS]
    (OUT / "gbk.csv").write_bytes(_csv(table).encode("gbk"))
    # GB18030 holds characters GBK lacks (CJK extension B: 𠮷)
    rare = [HEADER, *ROWS[:2], ["𠮷林医院", "2024", "7.9", "92.5", "87.4"]]
    (OUT / "gb18030.csv").write_bytes(_csv(rare).encode("gb18030"))
    (OUT / "utf8-bom-crlf.csv").write_bytes(_csv(table).encode("utf-8-sig"))
    (OUT / "utf16-tab.txt").write_bytes(_csv(table, "\t").encode("utf-16"))
    comma = [[c.replace(".", ",") for c in row] for row in table]
    (OUT / "semicolon-decimal-comma.csv").write_bytes(_csv(comma, ";").encode("utf-8"))
    # European decimals in a comma-separated file (the cells quoted): "6,5" must not be 65
    unset = [HEADER, ["第一人民医院", "2024", "6,5", "91,2", "88,0"]]
    (OUT / "decimal-comma-unset.csv").write_bytes(_csv(unset).encode("utf-8"))
    percent = [HEADER, *[[*r[:3], r[3] + "%", r[4] + " %"] for r in ROWS]]
    (OUT / "percent.csv").write_bytes(_csv(percent).encode("utf-8"))
    wrong = [HEADER, ["第一人民医院", "2024", "8.5%", "91.2", "88.0"]]
    (OUT / "percent-wrong-unit.csv").write_bytes(_csv(wrong).encode("utf-8"))
    full = [
        HEADER,
        ["第一人民医院", "２０２４", "８．５", "９１.２", "\u00a088.0\u00a0"],
        ["中医院", "2024", "9.1", "89.5", "９０．３"],
        ["妇幼保健院", "2024", "7.2", "94", "86.1"],
    ]
    (OUT / "fullwidth.csv").write_bytes(_csv(full).encode("utf-8"))
    ids = [
        ["编号", "年份", "1.2", "绿化率", "qualité"],
        ["1.2", "2024", "8.5", "91.2", "88.0"],
        ["B1-2", "2024", "9.1", "89.5", "90.3"],
        ["第三医院", "2024", "7.2", "94.0", "86.1"],
    ]
    (OUT / "ids.csv").write_bytes(_csv(ids).encode("utf-8"))
    months = [HEADER[:2] + HEADER[2:], *_series(["2025-10", "2025-9", "2025-11"])]
    months[0][1] = "月份"
    (OUT / "months.csv").write_bytes(_csv(months).encode("utf-8"))
    quarter_names = ["三季度", "一季度", "四季度", "二季度"]
    quarters = [[HEADER[0], "季度", *HEADER[2:]], *_series(quarter_names)]
    (OUT / "quarters.csv").write_bytes(_csv(quarters).encode("gbk"))
    a = [HEADER, ["第一人民医院", "2024", "8.5", "91.2", ""]]
    b = [HEADER, ["第一人民医院", "2024", "8.7", "", "88.0"]]
    same = [HEADER, ["第一人民医院", "2024", "8.5", "", "88.0"]]
    (OUT / "conflict-a.csv").write_bytes(_csv(a).encode("utf-8"))
    (OUT / "conflict-b.csv").write_bytes(_csv(b).encode("utf-8"))
    (OUT / "conflict-same.csv").write_bytes(_csv(same).encode("utf-8"))


def _series(periods: list[str]) -> list[list[str]]:
    """One hospital over the periods (given out of order); its stay falls 0.5 a period."""
    order = sorted(periods, key=_rank)
    stay = {p: f"{10 - 0.5 * order.index(p):.1f}" for p in periods}
    return [["第一人民医院", p, stay[p], "90.0", "88.0"] for p in periods]


def _rank(label: str) -> tuple[int, int]:
    quarters = "一二三四"
    if label.endswith("季度"):
        return (0, quarters.index(label[0]))
    year, month = label.split("-")
    return (int(year), int(month))


def write_workbooks() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes["A1"] = "数据来源：医院填报"
    ws = book.create_sheet("考核数据")
    ws["A1"] = "2024年度医院绩效考核数据"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(HEADER)
    for name, year, stay, sat, beds in ROWS:
        ws.append([name, int(year), float(stay), float(sat) / 100, float(beds) / 100])
    for row in ws.iter_rows(min_row=4, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "0.0%"
    book.save(OUT / "title-row.xlsx")

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "KPI"
    ws.append(["医院", "统计截止日", "服务效率", None, "患者体验"])
    ws.append([None, None, "平均住院日", "床位使用率", "患者满意度"])
    for cells in ("A1:A2", "B1:B2", "C1:D1"):
        ws.merge_cells(cells)
    dates = [datetime(2025, 6, 30), datetime(2024, 12, 31)]
    for when in dates:
        for name, _year, stay, sat, beds in ROWS:
            shift = 0.5 if when.year == 2025 else 0.0
            ws.append([name, when, float(stay) - shift, float(beds), float(sat)])
    for row in ws.iter_rows(min_row=3, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm-dd"
    ws["C8"] = "n/a"  # a missing-value token (妇幼保健院, 2024-12-31)
    book.save(OUT / "merged-header.xlsx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_text_files()
    write_workbooks()


if __name__ == "__main__":
    main()
