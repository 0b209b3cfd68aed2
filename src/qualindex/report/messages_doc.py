"""The words of the index document and the Word writer, as the report writers name them:
they live in :mod:`qualindex.texts.document` (the one catalogue)."""

from __future__ import annotations

from qualindex.texts.document import TEXTS as DOCUMENT_TEXT

__all__ = ["DOCUMENT_TEXT"]
