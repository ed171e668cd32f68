"""Extraction: one source in, its sentences, mentions, concepts and claims out.

:func:`extract_source` is a pure function of the source and the vocabulary, so it
can run in any process (``--workers``), be cached by content, or run on a cluster.
"""

from __future__ import annotations

from graph.model import Source, SourceExtraction
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["extract_source", "EXTRACTOR_VERSION"]

# Bump when extraction rules change in code: it is part of the cache key
# (with the vocabulary's own version, which hashes the data files).
EXTRACTOR_VERSION = "0.1"


def extract_source(source: Source, vocabulary: Vocabulary | None = None) -> SourceExtraction:
    """Extract everything from one source (being written: returns sentences only for now)."""
    from graph.extract.segment import segment

    vocabulary = vocabulary or load_vocabulary()
    sentences = segment(source)
    return SourceExtraction(source=source, sentences=tuple(sentences), mentions=(), concepts=(), claims=())
