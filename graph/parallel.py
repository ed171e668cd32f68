"""Run extraction over many sources (serial; processes and the cache come with the scale work)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graph.extract import extract_source
from graph.model import Source, SourceExtraction
from graph.vocab import Vocabulary

__all__ = ["extract_all"]


def extract_all(
    sources: Sequence[Source],
    vocabulary: Vocabulary,
    *,
    workers: int = 1,
    cache_dir=None,
    progress: Callable[[int], None] | None = None,
) -> list[SourceExtraction]:
    """Extract every source, in the order given."""
    results = []
    for source in sources:
        results.append(extract_source(source, vocabulary))
        if progress:
            progress(1)
    return results
