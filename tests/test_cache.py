"""The extraction cache: hits and misses across rebuilds, invalidation, damage, a killed build."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import graph.extract
from graph.cache import CacheStats, ExtractionCache
from graph.parallel import extract_all
from graph.sources import read_sources, source_id_for
from graph.vocab import DATA_DIR, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    generate_corpus(folder, 12, seed=5)
    return folder


def _build(folder, vocabulary, cache_dir, workers=1, **kwargs):
    sources, problems = read_sources(folder)
    assert not problems
    stats = CacheStats()
    out = extract_all(sources, vocabulary, workers=workers, cache_dir=cache_dir, stats=stats, **kwargs)
    return out, stats


def test_rebuild_reextracts_only_the_changed_article(corpus_dir, vocabulary, tmp_path):
    cache = tmp_path / "cache"
    first, stats = _build(corpus_dir, vocabulary, cache, workers=2)
    assert (stats.hits, stats.misses, stats.written, stats.corrupt) == (0, 12, 12, 0)
    assert len(ExtractionCache(cache, vocabulary).entries()) == 12

    again, stats = _build(corpus_dir, vocabulary, cache, workers=2)
    assert (stats.hits, stats.misses, stats.written) == (12, 0, 0)
    assert again == first

    changed = sorted(corpus_dir.iterdir())[4]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKetamine may cause nausea.\n", encoding="utf-8")
    third, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses, stats.written) == (11, 1, 1)
    fresh, _ = _build(corpus_dir, vocabulary, None)
    assert third == fresh
    assert third[4] != first[4] and third[:4] == first[:4]


def test_metadata_change_is_a_miss(corpus_dir, vocabulary, tmp_path):
    cache = tmp_path / "cache"
    _build(corpus_dir, vocabulary, cache)
    path = sorted(corpus_dir.iterdir())[0]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8")
    _, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses) == (11, 1)


def test_vocabulary_change_invalidates_everything(corpus_dir, vocabulary, tmp_path):
    cache = tmp_path / "cache"
    _build(corpus_dir, vocabulary, cache)
    vocab_dir = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, vocab_dir, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (vocab_dir / "concepts" / "zz_added.yaml").write_text(
        "category: Drug\nconcepts:\n  - {label: zorbaquine, synonyms: [zorbaquine hydrochloride]}\n", encoding="utf-8"
    )
    changed = load_vocabulary(str(vocab_dir))
    assert changed.version != vocabulary.version and changed.lookup("zorbaquine")
    out, stats = _build(corpus_dir, changed, cache)
    assert (stats.hits, stats.misses) == (0, 12)
    # The old version's entries are still there and still hit with the old vocabulary.
    _, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses) == (12, 0)
    assert ExtractionCache(cache, changed).prune() == [ExtractionCache(cache, vocabulary).namespace]
    _, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses) == (0, 12)


def test_extractor_version_change_invalidates_everything(corpus_dir, vocabulary, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _build(corpus_dir, vocabulary, cache)
    monkeypatch.setattr(graph.extract, "EXTRACTOR_VERSION", str(graph.extract.EXTRACTOR_VERSION) + "-changed")
    _, stats = _build(corpus_dir, vocabulary, cache, workers=2)
    assert (stats.hits, stats.misses) == (0, 12)
    _, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses) == (12, 0)


def test_corrupt_and_truncated_entries_are_recomputed(corpus_dir, vocabulary, tmp_path, caplog):
    cache = tmp_path / "cache"
    first, _ = _build(corpus_dir, vocabulary, cache)
    entries = ExtractionCache(cache, vocabulary).entries()
    entries[0].write_bytes(b"not a cache entry")
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # a partial entry
    entries[2].write_bytes(entries[3].read_bytes())  # a complete entry under the wrong name
    with caplog.at_level(logging.WARNING, logger="graph.cache"):
        again, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.misses, stats.corrupt, stats.written) == (9, 3, 3, 3)
    assert sum("damaged" in r.getMessage() for r in caplog.records) == 3
    assert again == first
    _, stats = _build(corpus_dir, vocabulary, cache)
    assert (stats.hits, stats.corrupt) == (12, 0)


def test_with_two_workers_new_articles_are_extracted_while_the_others_are_read_back(corpus_dir, vocabulary, tmp_path,
                                                                                  monkeypatch):
    """The articles without an entry go to a worker process before the other entries are read; an
    entry found damaged while reading is extracted after; the result is that of a cold extraction."""
    import graph.parallel as parallel

    cache = tmp_path / "cache"
    _build(corpus_dir, vocabulary, cache)
    files = sorted(corpus_dir.iterdir())
    files[3].write_text(files[3].read_text(encoding="utf-8") + "\nKetamine may cause nausea.\n", encoding="utf-8")
    generate_corpus(tmp_path / "more", 13, seed=9)
    added = sorted((tmp_path / "more").iterdir())[-1]
    shutil.copy(added, corpus_dir / ("zz-" + added.name))
    entries = ExtractionCache(cache, vocabulary)
    unchanged = read_sources(corpus_dir)[0][0]
    entries.path(entries.key(unchanged)).write_bytes(b"damaged")
    started = []
    start = parallel._Pool.start.__func__

    def spy(cls, todo, *args, **kwargs):
        started.append(list(todo))
        return start(cls, todo, *args, **kwargs)

    monkeypatch.setattr(parallel._Pool, "start", classmethod(spy))
    again, stats = _build(corpus_dir, vocabulary, cache, workers=2)
    sources, _ = read_sources(corpus_dir)
    ids = [s.id for s in sources]
    assert [[ids[i] for i in todo] for todo in started] == [[source_id_for(files[3]), source_id_for("zz-" + added.name)]]
    assert (stats.hits, stats.misses, stats.corrupt, stats.written) == (10, 3, 1, 3)
    fresh, _ = _build(corpus_dir, vocabulary, None)
    assert again == fresh
    _, stats = _build(corpus_dir, vocabulary, cache, workers=2)
    assert (stats.hits, stats.misses, stats.corrupt) == (13, 0, 0)


CHILD = textwrap.dedent(
    """
    import sys
    from graph.parallel import extract_all
    from graph.sources import read_sources
    from graph.vocab import load_vocabulary
    sources, _ = read_sources(sys.argv[1])
    extract_all(sources, load_vocabulary(), workers=2, cache_dir=sys.argv[2])
    print("finished")
    """
)


def test_killed_build_leaves_a_usable_cache(tmp_path, vocabulary):
    folder = tmp_path / "corpus"
    total = 40
    generate_corpus(folder, total, seed=9)
    cache = tmp_path / "cache"
    entries = ExtractionCache(cache, vocabulary)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(cache)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while len(entries.entries()) < 3:
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the build wrote no cache entries"
            time.sleep(0.005)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # the build and its worker processes
        child.wait()
    left = len(entries.entries())
    assert 3 <= left < total, "the build should have been killed part-way"

    sources, _ = read_sources(folder)
    stats = CacheStats()
    rebuilt = extract_all(sources, vocabulary, workers=2, cache_dir=cache, stats=stats)
    assert stats.corrupt == 0
    assert stats.hits == left  # every entry the killed build left is complete
    assert stats.hits + stats.misses == total
    assert rebuilt == extract_all(sources, vocabulary, workers=2)
    assert len(entries.entries()) == total


def test_vocabulary_concepts_are_stored_as_references_and_read_back_as_the_vocabularys(corpus_dir, vocabulary,
                                                                                        tmp_path):
    import pickle
    import zlib

    from graph.cache import decode_extraction, encode_extraction

    cache = tmp_path / "cache"
    first, _ = _build(corpus_dir, vocabulary, cache)
    again, stats = _build(corpus_dir, vocabulary, cache)
    assert stats.hits == len(first) and again == first
    shared = [c for x in again for c in x.concepts if c.id in vocabulary.concepts and not c.discovered]
    assert shared and all(c is vocabulary.concepts[c.id] for c in shared if c == vocabulary.concepts[c.id])
    # an entry written before (whole concepts) reads the same; one with references needs the vocabulary
    extraction, key = first[0], "k"
    whole = zlib.compress(pickle.dumps({"key": key, "extraction": extraction}), 1)
    referring = encode_extraction(extraction, key, vocabulary.concepts)
    assert len(referring) < len(whole)
    assert decode_extraction(whole, key, vocabulary.concepts) == extraction == decode_extraction(
        referring, key, vocabulary.concepts)
    with pytest.raises(ValueError, match="lacks"):
        decode_extraction(referring, key, {})
    # a cache that knows only the vocabulary's version treats such an entry as a miss, not an error
    by_version = ExtractionCache(cache, vocabulary.version)
    assert by_version.get(extraction.source) is None and by_version.stats.corrupt == 1
