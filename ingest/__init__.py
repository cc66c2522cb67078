"""Extraction: documents in, ParsedDocument (graph.model) out.

``DocumentParser`` and ``IngestError`` are the public entry points; the heavy parts
(spaCy, lexicons) load when a DocumentParser is constructed, not on import.
"""

from __future__ import annotations

from ingest.errors import IngestError

__all__ = ["DocumentParser", "IngestError"]


def __getattr__(name: str):
    if name == "DocumentParser":
        from ingest.pipeline import DocumentParser

        return DocumentParser
    raise AttributeError(name)
