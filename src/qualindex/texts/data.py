"""Messages of data: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "data.columns_by_name": (
        "{count} 列以指标名称为列名，按名称读入：{pairs}",
        "{count} column(s) headed by an indicator's name, read as that indicator: {pairs}",
    ),
}
