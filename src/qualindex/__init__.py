"""qualindex: build, weight and score evaluation index systems (评价指标体系)."""

from __future__ import annotations

from qualindex.errors import QualindexError
from qualindex.hierarchy import load_index, load_judgments

__version__ = "0.1.0"
__all__ = ["QualindexError", "__version__", "load_index", "load_judgments"]
