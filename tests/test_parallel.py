"""Parallel extraction gives the same result as one worker, in input order."""

from __future__ import annotations

import logging
import random
import sys
from pathlib import Path

import pytest

import graph.parallel as parallel
from graph.assemble import assemble
from graph.export import get_writer
from graph.parallel import extract_all
from graph.sources import read_sources
from graph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus50")
    generate_corpus(folder, 50, seed=11)
    sources, problems = read_sources(folder)
    assert not problems and len(sources) == 50
    return sources


def _claims_csv(extractions, path: Path) -> bytes:
    get_writer("claims.csv")(assemble(extractions), path)
    return path.read_bytes()


def _pool_used(caplog, workers: int) -> bool:
    return any(f"with {workers} worker(s)" in r.getMessage() for r in caplog.records if r.name == "graph.parallel")


def test_two_workers_equal_one_on_seed_sources(vocabulary, tmp_path, monkeypatch, caplog):
    sources, _ = read_sources(ROOT / "sources")
    assert len(sources) >= 5
    monkeypatch.setattr(parallel, "MIN_SOURCES_PER_WORKER", 1)  # 6 sources would not start a pool otherwise
    one = extract_all(sources, vocabulary, workers=1)
    with caplog.at_level(logging.INFO, logger="graph.parallel"):
        two = extract_all(sources, vocabulary, workers=2)
    assert _pool_used(caplog, 2)
    assert two == one
    assert sum(len(x.claims) for x in one) > 0, "the seed sources should yield claims"
    assert _claims_csv(one, tmp_path / "one.csv") == _claims_csv(two, tmp_path / "two.csv")


def test_two_workers_equal_one_on_generated_corpus(vocabulary, corpus, tmp_path, caplog):
    one = extract_all(corpus, vocabulary, workers=1)
    with caplog.at_level(logging.INFO, logger="graph.parallel"):
        two = extract_all(corpus, vocabulary, workers=2)
    assert _pool_used(caplog, 2)
    assert [x.source.id for x in two] == [s.id for s in corpus]
    assert two == one
    assert sum(len(x.claims) for x in one) > 50, "a generated article should yield claims"
    csv_one = _claims_csv(one, tmp_path / "one.csv")
    assert csv_one == _claims_csv(two, tmp_path / "two.csv")
    assert csv_one.count(b"\n") > 50


def test_results_follow_input_order_and_progress_counts(vocabulary, corpus):
    shuffled = list(corpus)
    random.Random(3).shuffle(shuffled)
    seen = []
    out = extract_all(shuffled, vocabulary, workers=2, progress=seen.append)
    assert [x.source.id for x in out] == [s.id for s in shuffled]
    assert sum(seen) == len(shuffled)


def test_workers_zero_means_one_per_cpu_and_empty_input(vocabulary, corpus):
    assert extract_all([], vocabulary, workers=2) == []
    assert extract_all(corpus[:3], vocabulary, workers=0) == extract_all(corpus[:3], vocabulary, workers=1)


def test_benchmark_smoke_run(tmp_path):
    """The benchmark script runs end to end on a tiny corpus and prints its tables."""
    import doctest
    import subprocess

    import benchmarks.corpus

    assert doctest.testmod(benchmarks.corpus).failed == 0
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--sizes", "12", "--workers", "2",
         "--corpus-root", str(tmp_path), "--json", str(tmp_path / "bench.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Cold build" in done.stdout and "Incremental rebuild" in done.stdout
    import json

    (result,) = json.loads((tmp_path / "bench.json").read_text())
    assert result["cold"]["sources"] == 12 and result["cold"]["cache"]["misses"] == 12
    # the 11 unchanged articles come from the kept assembly (graph.rebuild), not from their cache entries
    assert result["rebuild"]["cache"] == {"hits": 11, "misses": 1, "written": 1, "kept": 11}
    assert result["cold"]["sentences"] > 12 * 20


@pytest.mark.parametrize("threads", [False, True], ids=["forked", "fork-server"])
def test_a_warm_worker_extracts_what_the_cache_lacks_as_the_pool_would(vocabulary, corpus, tmp_path, threads):
    """The worker started before the vocabulary is loaded (graph.warm_worker) extracts the one article
    a rebuild finds changed, writes its cache entry, gives what one process gives, and is gone after;
    from a process with other threads, through a fork server, as the pool's workers."""
    import multiprocessing
    import threading

    from graph.cache import CacheStats, ExtractionCache
    from graph.warm_worker import WarmWorker

    stop = threading.Event()
    if threads:
        threading.Thread(target=stop.wait, daemon=True).start()

    sources = corpus[:12]
    extract_all(sources, vocabulary, workers=1, cache_dir=tmp_path / "cache")
    changed = sources[5].replace(text=sources[5].text + "\nKetamine may cause nausea in 12 patients.\n")
    again = sources[:5] + [changed] + sources[6:]
    warm = WarmWorker.start(2)
    assert warm is not None
    stats = CacheStats()
    got = extract_all(again, vocabulary, workers=2, cache_dir=tmp_path / "cache", stats=stats, warm=warm)
    assert (stats.hits, stats.misses) == (11, 1)
    assert ExtractionCache(tmp_path / "cache", vocabulary).get(changed) is not None  # written by the worker
    assert got == extract_all(again, vocabulary, workers=1)
    warm.stop()
    assert multiprocessing.active_children() == []
    # Nothing to extract: the worker is stopped, not used.
    idle = WarmWorker.start(2)
    assert extract_all(again, vocabulary, workers=2, cache_dir=tmp_path / "cache", warm=idle) == got
    assert multiprocessing.active_children() == []
    assert WarmWorker.start(1) is None
    stop.set()
