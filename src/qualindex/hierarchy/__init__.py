"""The index-system format, its loader and the immutable hierarchy model."""

from __future__ import annotations

from qualindex.hierarchy.judgment_checks import parse_pair_value
from qualindex.hierarchy.judgments import load_judgments
from qualindex.hierarchy.load import Presets, load_index, load_presets
from qualindex.hierarchy.model import IndexSystem, JudgmentSet, Node, Text

__all__ = [
    "IndexSystem",
    "JudgmentSet",
    "Node",
    "Presets",
    "Text",
    "load_index",
    "load_judgments",
    "load_presets",
    "parse_pair_value",
]
