"""Run extraction over many sources: in worker processes, with an incremental cache.

:func:`extract_all` gives one :class:`~graph.model.SourceExtraction` per source,
in the order of the sources, whatever the number of workers: extraction is a pure
function of the source and the vocabulary, so one worker and eight give equal
results.

- ``workers > 1`` spreads the sources over a pool of processes. Each worker gets
  the vocabulary once, through the pool's initializer (never pickled per task);
  sources go out in chunks (``Executor.map(chunksize=...)``) and results come
  back in input order.
- ``cache_dir`` turns on the extraction cache (:mod:`graph.cache`): cached
  sources are read back in the main process, only the misses are extracted, and
  the workers write the new entries atomically as they finish, so a killed build
  keeps every entry it completed. With ``workers > 1``, the sources that have no
  entry (a rebuild's changed and new articles) go to the workers first, and the
  main process reads the other entries back meanwhile.
- workers die with the build: each asks the kernel for ``SIGKILL`` when its parent
  dies (``PR_SET_PDEATHSIG`` on Linux), so a build killed by any signal, ``SIGKILL``
  included, leaves no worker behind; a build interrupted by an exception
  (``KeyboardInterrupt``, ``SIGTERM`` from the command line) stops its workers
  before the exception goes on.

>>> from graph.model import Source
>>> from graph.vocab import load_vocabulary
>>> out = extract_all([Source("a", "Ketamine relieves pain."), Source("b", "PTSD hurts.")], load_vocabulary())
>>> [e.source.id for e in out]
['a', 'b']
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from graph.cache import CacheStats, ExtractionCache
from graph.errors import ExtractionError, Problem
from graph.model import Source, SourceExtraction
from graph.proctitle import set_role
from graph.vocab import Vocabulary

__all__ = ["extract_all", "default_workers", "MIN_SOURCES_PER_WORKER"]

log = logging.getLogger(__name__)

# Below this many sources to extract per worker, a pool costs more than it saves.
MIN_SOURCES_PER_WORKER = 4

# In extract_all's results: a source its caller did not want after all (``meanwhile``).
_UNWANTED = object()

# Per-process state of a pool worker, set once by the initializer.
_WORKER: dict = {}


def default_workers() -> int:
    """The number of CPUs this process may use (at least 1).

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExtractionFailure:
    """A source the extractor failed on: reported and skipped, never fatal to the build."""

    source_id: str
    path: str
    reason: str

    def problem(self) -> Problem:
        return Problem(self.path or self.source_id, f"extraction failed ({self.reason}); please report it", "skipped")


def _extract(source: Source, vocabulary: Vocabulary) -> SourceExtraction | ExtractionFailure:
    from graph.extract import extract_source

    try:
        return extract_source(source, vocabulary)
    except Exception as error:  # a bug on one article must not lose the others
        log.exception("extraction failed on source %r (%s)", source.id, source.path or "no path")
        return ExtractionFailure(source.id, source.path, f"{type(error).__name__}: {error}")


# Articles extracted together: their sentences go through the parser in one batch (faster than
# one article's few sentences at a time; graph.extract.extract_sources).
BATCH = 32


def _extract_batch(sources: Sequence[Source], vocabulary: Vocabulary) -> list[SourceExtraction | ExtractionFailure]:
    from graph.extract import extract_sources

    try:
        results = extract_sources(list(sources), vocabulary)
    except Exception:  # the parser itself failed (e.g. not installed): each article says so
        return [_extract(source, vocabulary) for source in sources]
    out: list[SourceExtraction | ExtractionFailure] = []
    for source, result in zip(sources, results):
        if isinstance(result, Exception):  # a bug on one article must not lose the others
            log.error("extraction failed on source %r (%s): %s: %s", source.id, source.path or "no path",
                      type(result).__name__, result)
            out.append(ExtractionFailure(source.id, source.path, f"{type(result).__name__}: {result}"))
        else:
            out.append(result)
    return out


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _die_with_parent(parent: int | None) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit now if it already has."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable")
    if parent is not None and os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _init_worker(vocabulary: Vocabulary, cache_root: str | None, extractor_version: str | None,
                 parent: int | None = None) -> None:
    import signal

    # A worker is stopped by its parent: SIGTERM kills it outright (not the parent's handler, inherited by
    # fork), and a Ctrl-C meant for the build does not print a traceback per worker.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    set_role("eg:extractor")
    gc.enable()  # forked from a build that pauses its collector while it reads entries (graph.rebuild)
    _WORKER["vocabulary"] = vocabulary
    _WORKER["cache"] = ExtractionCache(cache_root, vocabulary, extractor_version) if cache_root else None


def _work(batch: list[Source]) -> list[SourceExtraction | ExtractionFailure]:
    extractions = _extract_batch(batch, _WORKER["vocabulary"])
    cache = _WORKER["cache"]
    if cache is not None:
        for source, extraction in zip(batch, extractions):
            if not isinstance(extraction, ExtractionFailure):
                cache.put(source, extraction)
    return extractions


def _kept(extraction: SourceExtraction | ExtractionFailure, keep: Callable[[SourceExtraction], Any] | None):
    """What is kept of one extraction: ``keep(extraction)``, or it whole (a failure as it is)."""
    if keep is None or isinstance(extraction, ExtractionFailure):
        return extraction
    return keep(extraction)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: queued work cancelled, workers terminated (not waited for)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():  # pragma: no cover - ignored SIGTERM
            process.kill()


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` when this process has no other threads (fast, nothing re-imported), else ``forkserver``/``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _chunksize(count: int, workers: int) -> int:
    """Chunks small enough to balance the load (about 8 per worker), large enough to amortise pickling."""
    return max(1, min(64, count // (workers * 8)))


class _Pool:
    """Worker processes extracting ``todo`` (indices into the sources), started at once; their
    results are read in order by :meth:`collect`."""

    def __init__(self, pool: ProcessPoolExecutor, todo: list[int], results, workers: int):
        self.pool, self.todo, self.results, self.workers = pool, todo, results, workers

    @classmethod
    def start(cls, todo: list[int], sources: Sequence[Source], vocabulary: Vocabulary, cache: ExtractionCache | None,
              workers: int) -> "_Pool":
        pending = [sources[i] for i in todo]
        context = _context()
        # A forked worker's parent is this process; a forkserver's or spawn's is the server / this process.
        parent = os.getpid() if context.get_start_method() != "forkserver" else None
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(vocabulary, str(cache.root) if cache is not None else None,
                      cache.extractor_version if cache is not None else None, parent),
        )
        try:
            size = min(BATCH, _chunksize(len(pending), workers))
            results = pool.map(_work, _batches(pending, size))
        except BaseException:
            _stop_pool(pool)
            raise
        return cls(pool, todo, results, workers)

    def collect(self, results: list, progress: Callable[[int], None] | None,
                keep: Callable[[SourceExtraction], Any] | None = None) -> None:
        """Put each extraction (or what ``keep`` makes of it) in its place in ``results``; the pool is
        stopped at once on any exception."""
        try:
            indices = iter(self.todo)
            for extractions in self.results:
                for extraction in extractions:
                    results[next(indices)] = _kept(extraction, keep)
                if progress:
                    progress(len(extractions))
        except BaseException:
            _stop_pool(self.pool)
            raise
        self.pool.shutdown(wait=True)


def extract_all(
    sources: Sequence[Source],
    vocabulary: Vocabulary,
    *,
    workers: int = 1,
    cache_dir: str | os.PathLike | None = None,
    progress: Callable[[int], None] | None = None,
    stats: CacheStats | None = None,
    extractor_version: str | None = None,
    problems: list[Problem] | None = None,
    meanwhile: Callable[[], Collection[int]] | None = None,
    warm=None,
    keep: Callable[[SourceExtraction], Any] | None = None,
) -> list[SourceExtraction]:
    """Extract every source, in the order given.

    A source the extractor fails on is left out and reported: as a
    :class:`~graph.errors.Problem` appended to ``problems`` when a list is given
    (the build's way), else by raising :class:`~graph.errors.ExtractionError`
    after all the others were extracted.

    ``workers``: number of processes (``1`` runs in this process; ``0`` or less
    means one per CPU). ``cache_dir``: folder of the extraction cache, or
    ``None``. ``progress(n)`` is called as sources finish (cached ones included).
    ``stats``, if given, receives the cache's hit/miss counts.
    ``extractor_version`` overrides :data:`graph.extract.EXTRACTOR_VERSION` in the
    cache key (for tests and tools; leave it ``None``).

    ``meanwhile`` (with a cache): called in this process once the sources that have no entry
    are on their way to the worker processes, before any entry is read; it returns the indices
    of the sources not wanted after all (a build that kept its last assembly needs only the
    changed articles), which are then neither read nor returned (those already sent to a
    worker are returned anyway).

    ``warm``: a :class:`graph.warm_worker.WarmWorker` the caller started earlier (its parser loaded
    or loading), which extracts the sources that have no entry when one worker's share is all
    there is (a rebuild's changed articles); it is stopped otherwise.

    ``keep``: what to keep of each extraction, made from it as it arrives (from a worker, the cache
    or this process) and returned in its place (a build keeps what assembly reads of it,
    :func:`graph.assemble.assembly_input`, rather than every article's sentences and mentions at once).
    """
    sources = list(sources)
    started = time.perf_counter()
    workers = default_workers() if workers is None or workers <= 0 else int(workers)
    results: list[SourceExtraction | None] = [None] * len(sources)
    cache = ExtractionCache(cache_dir, vocabulary, extractor_version) if cache_dir is not None else None

    todo: list[int] = []
    early: _Pool | None = None
    if cache is not None:
        # With two workers or more, the articles that have no entry (the changed and the new ones)
        # are extracted in worker processes while this process reads the others' entries back.
        absent = [i for i, s in enumerate(sources) if not cache.path(cache.key(s)).exists()] if workers >= 2 else []
        if absent and len(absent) < len(sources):
            share = max(1, min(workers, len(absent) // MIN_SOURCES_PER_WORKER))
            if warm is not None and share == 1:
                pending = [sources[i] for i in absent]
                early = _Pool(warm.pool, absent, warm.map(vocabulary, cache, _batches(pending, BATCH)), 1)
                warm = None  # the pool is the early one's now
            else:
                early = _Pool.start(absent, sources, vocabulary, cache, share)
            cache.stats.misses += len(absent)
        if warm is not None:
            warm.stop()
            warm = None
        skip = set(absent) if early is not None else set()
        try:
            if meanwhile is not None:
                unwanted = set(meanwhile()) - skip
                skip |= unwanted
                for index in unwanted:
                    results[index] = _UNWANTED
                if progress and unwanted:
                    progress(len(unwanted))
            for index, source in enumerate(sources):
                if index in skip:
                    continue
                hit = cache.get(source)
                if hit is None:
                    todo.append(index)
                else:
                    results[index] = _kept(hit, keep)
            if progress and len(sources) > len(todo) + len(skip):
                progress(len(sources) - len(todo) - len(skip))
            if early is not None:
                early.collect(results, progress, keep)
                cache.stats.written += len(early.todo)
        except BaseException:
            if early is not None:
                _stop_pool(early.pool)
            raise
    else:
        if warm is not None:
            warm.stop()
        todo = list(range(len(sources)))
        if meanwhile is not None:
            unwanted = set(meanwhile())
            todo = [i for i in todo if i not in unwanted]
            for index in unwanted:
                results[index] = _UNWANTED

    pending = [sources[i] for i in todo]
    pool_workers = min(workers, len(pending) // MIN_SOURCES_PER_WORKER)
    if pool_workers >= 2:
        pool = _Pool.start(todo, sources, vocabulary, cache, pool_workers)
        pool.collect(results, progress, keep)
        if cache is not None:
            cache.stats.written += len(pending)
    else:
        indices = iter(todo)
        for batch in _batches(pending, BATCH):
            for source, extraction in zip(batch, _extract_batch(batch, vocabulary)):
                if cache is not None and not isinstance(extraction, ExtractionFailure):
                    cache.put(source, extraction)
                results[next(indices)] = _kept(extraction, keep)
            if progress:
                progress(len(batch))
    if early is not None:
        pending += [sources[i] for i in early.todo]
        pool_workers = max(pool_workers, early.workers)

    if cache is not None:
        log.info("extraction cache %s: %s", cache.directory, cache.stats)
        if stats is not None:
            stats.add(cache.stats)
    log.info(
        "extracted %d source(s) (%d from cache) with %d worker(s) in %.2f s",
        len(sources),
        len(sources) - len(pending),
        max(1, pool_workers),
        time.perf_counter() - started,
    )
    failures = [r for r in results if isinstance(r, ExtractionFailure)]
    if failures:
        if problems is None:
            raise ExtractionError("; ".join(str(f.problem()) for f in failures))
        problems.extend(f.problem() for f in failures)
    return [r for r in results if not isinstance(r, ExtractionFailure) and r is not _UNWANTED]  # type: ignore[misc]
