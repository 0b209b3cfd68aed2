"""qualindex: build, weight and score evaluation index systems (评价指标体系)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qualindex.errors import QualindexError

if TYPE_CHECKING:
    from qualindex.hierarchy import load_index, load_judgments

__version__ = "0.1.0"
__all__ = ["QualindexError", "__version__", "load_index", "load_judgments"]


def __getattr__(name: str) -> Any:
    # the loader builds pydantic schemas (~0.2 s): import it on first use, so that
    # `qualindex --help` and `import qualindex` stay fast
    if name in ("load_index", "load_judgments"):
        from qualindex import hierarchy

        return getattr(hierarchy, name)
    raise AttributeError(f"module 'qualindex' has no attribute {name!r}")
