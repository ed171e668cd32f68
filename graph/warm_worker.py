"""A worker process that loads the parser while the build is still finding out what to extract.

After one changed article, the build's longest wait is a worker process importing spaCy,
loading its pipeline and indexing the phenotype names of the HPO (three to five seconds) before
it extracts that one article; the build's own
process meanwhile loads the vocabulary, reads the articles and works out which ones changed. A
:class:`WarmWorker` is started first thing, so both happen at once: it loads all that
straight away and then extracts what it is sent, as a worker of :func:`graph.parallel.extract_all`
would (the vocabulary comes with its first task; it writes the cache entries). When nothing
needs extracting, or more than one worker's share, it is stopped. Like the pool's workers, it dies
with the build (``PR_SET_PDEATHSIG``) and ignores the build's Ctrl-C.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["WarmWorker"]

log = logging.getLogger(__name__)

# This worker's vocabulary and cache, by the vocabulary's version (set by its first task).
_STATE: dict[str, Any] = {}


def _init(parent: int | None) -> None:
    import signal

    from graph.parallel import _die_with_parent
    from graph.proctitle import set_role

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    set_role("eg:warm")
    gc.enable()  # as the pool's workers (graph.parallel._init_worker)
    try:
        from graph.extract.ontology import phenotype_index
        from graph.extract.parse import load_model

        load_model(None)  # as graph.extract.extract_sources asks for it (its cache is by argument)
        phenotype_index()  # the HPO's phenotype names, indexed on first use (seconds)
    except Exception as error:  # the articles' extraction will say what is wrong
        log.debug("the warm worker could not load the parser: %s", error)


def _ready() -> bool:
    return True


def _work(task: tuple) -> list:
    """Extract one batch (as :func:`graph.parallel._work`) with the vocabulary of the task."""
    from graph import parallel
    from graph.cache import ExtractionCache

    version, vocabulary, cache_root, extractor_version, batch = task
    if _STATE.get("version") != version:
        vocabulary = pickle.loads(vocabulary)
        _STATE.update(version=version)
        parallel._WORKER["vocabulary"] = vocabulary
        parallel._WORKER["cache"] = ExtractionCache(cache_root, vocabulary, extractor_version) if cache_root else None
    return parallel._work(batch)


class WarmWorker:
    """One worker process, started now, loading the parser until it is sent articles."""

    def __init__(self) -> None:
        from graph.parallel import _context

        context = _context()  # as the pool's: fork, or a fork server from a process with threads
        # A forked worker's parent is this process; a fork server's child's is the server.
        parent = os.getpid() if context.get_start_method() != "forkserver" else None
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init, initargs=(parent,))
        self.pool.submit(_ready)  # the process starts (and loads the parser) now

    @classmethod
    def start(cls, workers: int) -> "WarmWorker | None":
        """A warm worker for a build of ``workers`` processes (two or more), else ``None``."""
        if workers < 2:
            return None
        try:
            return cls()
        except OSError as error:  # no process could be started: the build starts its pool as before
            log.debug("no warm worker: %s", error)
            return None

    def map(self, vocabulary, cache, batches: list[list]):
        """Extract ``batches`` (as :func:`graph.parallel._work` does): the results, in order."""
        data = pickle.dumps(vocabulary, protocol=pickle.HIGHEST_PROTOCOL)
        root = str(cache.root) if cache is not None else None
        version = cache.extractor_version if cache is not None else None
        tasks = [(vocabulary.version, data, root, version, batch) for batch in batches]
        return self.pool.map(_work, tasks)

    def stop(self) -> None:
        """Stop the process at once (nothing left for it, or the build is over)."""
        from graph.parallel import _stop_pool

        _stop_pool(self.pool)
