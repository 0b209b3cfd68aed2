"""Messages of weighting: code -> (zh, en).

Both texts of a code take the same ``{params}`` (a test checks).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "weights.filled": (
        "{node}：专家 {expert!r} 未给出的 {count} 个判断由 {method} 补全：{pairs}",
        "{node}: expert {expert!r} left {count} judgment(s) out, completed by {method}: {pairs}",
    ),
}
