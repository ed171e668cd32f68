"""Which articles a build extracts and assembles again, given what the last build kept.

With an extraction cache, a build reads the state the last build kept (:mod:`graph.assembly_state`)
while worker processes extract the articles the cache lacks; it then reads back from the cache
only the changed and added articles the state does not hold, and assembles only what they and
the removed articles touch (:func:`graph.reassemble.reassemble`). Without a usable state (the
first build, another version of the code or the vocabulary, a damaged file) or when more than
:data:`REASSEMBLE_MAX_SHARE` of the articles changed, every article's extraction is read and the
graph assembled whole, as before; the graph is the same either way.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.assemble import AssemblyInput, assembly_input
from graph.assembly_state import AssemblyState, load_state
from graph.cache import CacheStats, ExtractionCache
from graph.errors import Problem
from graph.evidence_graph import EvidenceGraph
from graph.model import Source, SourceExtraction
from graph.parallel import extract_all
from graph.proctitle import set_role
from graph.reassemble import contribution_of, reassemble
from graph.vocab import Vocabulary

__all__ = ["Assembly", "REASSEMBLE_MAX_SHARE", "extract_and_assemble"]

log = logging.getLogger(__name__)

# Above this share of changed, added and removed articles, the whole graph is assembled again
# (about as fast, and nothing of the last graph is worth keeping).
REASSEMBLE_MAX_SHARE = 0.3


@dataclass
class Assembly:
    """A build's assembly: the graph before curation, and what the build keeps for the next one."""

    graph: EvidenceGraph
    namespace: str | None = None  # the extraction cache's namespace (None: no cache, nothing kept)
    previous: AssemblyState | None = None  # the last build's state, when this one started from it
    state: AssemblyState | None = None  # this build's, to keep (its ``final`` set after curation)
    counts: dict[str, int] = field(default_factory=dict)


class _Slim:
    """What a build keeps of each extraction as it arrives: its :func:`~graph.assemble.assembly_input`,
    with every concept equal to one kept before replaced by that one (the articles of a collection
    list the same concepts again and again; an extraction decoded from a worker's pickle has copies
    of its own, kept for each article in the build's assembly state)."""

    def __init__(self) -> None:
        self.concepts: dict = {}

    def __call__(self, x: SourceExtraction) -> AssemblyInput:
        x = assembly_input(x)
        concepts = tuple(self.concepts.setdefault(c, c) for c in x.concepts)
        if any(a is not b for a, b in zip(concepts, x.concepts)):
            x = dataclasses.replace(x, concepts=concepts)
        return x


def _full(extractions, cache_dir: str | Path | None, counts: dict[str, int]) -> EvidenceGraph:
    from graph.assemble import assemble

    if cache_dir is None:
        return assemble(extractions)
    from graph.cache import load_annotations, save_annotations

    annotations = load_annotations(cache_dir)
    graph = assemble(extractions, annotations)
    save_annotations(cache_dir, annotations)
    log.debug("annotations: %d from the cache, %d computed", annotations.used, annotations.computed)
    counts.update(annotations_cached=annotations.used, annotations_computed=annotations.computed)
    return graph


def extract_and_assemble(
    sources: Sequence[Source],
    vocabulary: Vocabulary,
    *,
    workers: int = 1,
    cache_dir: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
    problems: list[Problem] | None = None,
    stats: CacheStats | None = None,
    timings: dict[str, float] | None = None,
    idle: Callable[[], object] | None = None,
    warm=None,
) -> Assembly:
    """Extract (or read back) what the graph of ``sources`` needs and assemble it.

    ``timings`` receives ``extract`` (extraction, reading the cache and the kept state) and
    ``assemble``; the assembly's ``counts`` has the number of ``sentences`` of the articles,
    ``kept`` (articles taken from the kept state),
    ``reassembled`` (1 when only what changed was assembled) and, for a whole assembly with a
    cache, the evidence annotations found (``annotations_cached``) and computed. ``idle``: work for
    this process while worker processes extract (after the kept state is read), such as importing
    what the writers need. ``warm``: a :class:`graph.warm_worker.WarmWorker` for
    :func:`graph.parallel.extract_all`.
    """
    timings = {} if timings is None else timings
    stats = stats if stats is not None else CacheStats()
    sources = list(sources)
    counts: dict[str, int] = {}
    namespace = keys = previous = None
    if cache_dir is not None:
        cache = ExtractionCache(cache_dir, vocabulary)
        namespace = cache.namespace
        keys = {s.id: cache.key(s) for s in sources}
    holder: dict[str, object] = {}

    def meanwhile() -> list[int]:
        """Read the kept state while the workers extract; the articles it holds unchanged are not wanted."""
        state = load_state(cache_dir, namespace)
        if idle is not None:
            idle()
        if state is None:
            return []
        kept = state.keys()
        same = [i for i, s in enumerate(sources) if kept.get(s.id) == keys[s.id]]
        changed = len(sources) - len(same) + len(set(kept) - set(keys))
        if changed > REASSEMBLE_MAX_SHARE * max(len(sources), len(kept)):
            log.info("%d of %d articles changed, added or removed: assembling the whole graph", changed, len(sources))
            return []
        holder["state"] = state
        return same

    t0 = time.perf_counter()
    set_role("eg:extract")
    # Building many long-lived objects (decoded entries, the kept graph) with the cyclic collector
    # running costs its passes over every object made so far (as much again as the work itself):
    # it is paused meanwhile; none of this makes reference cycles.
    paused = gc.isenabled()
    gc.disable()
    try:
        # Of each extraction, only what assembly reads is kept (not every article's sentences and mentions).
        extractions = extract_all(sources, vocabulary, workers=workers, cache_dir=cache_dir, progress=progress,
                                  problems=problems, stats=stats, warm=warm,
                                  meanwhile=meanwhile if cache_dir is not None else None, keep=_Slim())
        timings["extract"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        set_role("eg:assemble")
        previous = holder.get("state")
        if isinstance(previous, AssemblyState):
            fresh = {x.source.id: x for x in extractions}
            order = [s.id for s in sources if s.id in fresh or s.id in previous.contributions]
            # An article whose extraction failed is left out, as a whole assembly leaves it out.
            order = [sid for sid in order if sid in fresh or previous.contributions[sid].key == keys[sid]]
            gone = {sid for sid, part in previous.contributions.items() if keys.get(sid) != part.key}
            graph, parts = reassemble(previous.graph, previous.contributions, order, fresh, gone=gone, keys=keys)
            counts.update(kept=len(order) - len(fresh), reassembled=1,
                          sentences=sum(part.sentences for part in parts.values()))
            log.info("assembled again what %d changed or added and %d removed article(s) touch",
                     len(fresh), len(set(previous.contributions) - set(keys)))
        else:
            graph = _full(extractions, cache_dir, counts)
            counts["sentences"] = sum(x.sentences for x in extractions)
            parts = {x.source.id: contribution_of(x, keys[x.source.id]) for x in extractions} if keys else {}
        timings["assemble"] = time.perf_counter() - t0
    finally:
        if paused:
            gc.enable()
    state = AssemblyState(list(parts), parts, graph, graph) if namespace is not None else None
    return Assembly(graph, namespace, previous if isinstance(previous, AssemblyState) else None, state, counts)
