"""A rebuild updates the last build's store in place, and the store it gives holds, table by table and
row by row, what a cold build of the same sources writes (the files' bytes differ: SQLite lays out
pages by the order of the writes, and the full-text index keeps its segments)."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest

import graph
from graph import pipeline
from graph.assembly_state import STATE_FOLDER
from graph.buildset import read_manifest
from graph.export import ALL_OUTPUTS, DEFAULT_OUTPUTS
from graph.export.sqlite import TABLES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
MORE = ROOT / "tests" / "corpus" / "dev" / "sources"
WORDS = ("ketamine", "pain", "depress*", "trial", "nausea", "ptsd", "may")


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in the order a query without ORDER BY reads them."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: db.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES}
    finally:
        db.close()


def searches(path: Path) -> dict[str, list[tuple]]:
    """What the full-text index finds for a few words (and its own integrity check passes)."""
    db = sqlite3.connect(path)
    try:
        db.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')")
        return {w: db.execute("SELECT rowid, rank FROM evidence_fts WHERE evidence_fts MATCH ? ORDER BY rank, rowid",
                              (w,)).fetchall() for w in WORDS}
    finally:
        db.close()


def assert_same_store(got: Path, want: Path) -> None:
    a, b = table_rows(got), table_rows(want)
    for table in TABLES:
        assert len(a[table]) == len(b[table]), table
        assert a[table] == b[table], table
    assert searches(got) == searches(want)


def assert_same_outputs(got: Path, want: Path) -> None:
    """The store's rows and every other output's bytes."""
    assert_same_store(got / "graph.sqlite", want / "graph.sqlite")
    a, b = read_manifest(got)["outputs"], read_manifest(want)["outputs"]
    assert set(a) == set(b)
    for name in a:
        if name != "graph.sqlite":
            assert a[name] == b[name], name


@pytest.fixture
def sources(tmp_path):
    """The seed articles and ten dev articles (so that three changes are under the share at which a
    build assembles everything again, graph.rebuild.REASSEMBLE_MAX_SHARE)."""
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    for path in sorted(p for p in MORE.iterdir() if p.suffix in (".txt", ".md"))[:10]:
        shutil.copy(path, folder / path.name)
    return folder


def _cold(sources: Path, cache: Path, out: Path, **options):
    """A build of ``sources`` without the kept assembly: the cache's entries (the same
    extractions), neither its state nor the last store."""
    fresh = out.parent / (out.name + "-cache")
    shutil.copytree(cache, fresh, ignore=shutil.ignore_patterns(STATE_FOLDER))
    return graph.build(sources, out, cache_dir=fresh, **options)


def _copied(caplog) -> int:
    """How many builds copied rows of claims.csv from the last build's (graph.export.claims_update logs it)."""
    return sum("claims.csv: the rows of" in r.getMessage() for r in caplog.records)


def _updated(caplog) -> int:
    """How many builds updated their store in place (graph.export.store_update logs it)."""
    return sum("store updated in place" in r.getMessage() for r in caplog.records)


def test_a_rebuild_updates_the_store_to_the_rows_of_a_cold_build(sources, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache, curation=False)
    assert not _updated(caplog)

    changed = sources / "can-chronic-pain-cause-ptsd.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKetamine may cause nausea and dizziness in 40 "
                       "patients, a randomized trial at Yale University found.\n", encoding="utf-8")
    (sources / "how-can-ketamine-help-manage-chronic-pain.txt").unlink()
    added = sorted(p for p in MORE.iterdir() if p.suffix in (".txt", ".md"))[12]
    shutil.copy(added, sources / added.name)
    before = (out / "graph.sqlite").read_bytes()
    again = graph.build(sources, out, cache_dir=cache, curation=False)
    assert again.counts["reassembled"] == 1 and again.counts["cache_misses"] == 2
    assert _updated(caplog) == 1 and _copied(caplog) == 1

    cold = _cold(sources, cache, tmp_path / "cold", curation=False)
    assert "reassembled" not in cold.counts
    assert_same_outputs(out, tmp_path / "cold")
    assert (out / "graph.sqlite").read_bytes() != before
    # The same questions get the same answers from both stores.
    from graph.store import Store, search

    with Store(out / "graph.sqlite") as a, Store(tmp_path / "cold" / "graph.sqlite") as b:
        assert search(a, "nausea") == search(b, "nausea") != []


def test_updates_follow_one_another_and_agree_with_one_worker_or_two(sources, tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache, curation=False, workers=2)
    texts = sorted(sources.glob("*.txt"))
    for i, path in enumerate(texts[:3]):
        path.write_text(path.read_text(encoding="utf-8") + f"\nKetamine may ease pain for {i + 2} weeks.\n",
                        encoding="utf-8")
        graph.build(sources, out, cache_dir=cache, curation=False, workers=2)
    assert _updated(caplog) == 3
    _cold(sources, cache, tmp_path / "cold", curation=False, workers=1)
    assert_same_outputs(out, tmp_path / "cold")
    # The writers side by side in forked processes (as on a large graph) write the same.
    monkeypatch.setattr(pipeline, "PARALLEL_WRITERS_MIN_CLAIMS", 0)
    texts[4].write_text(texts[4].read_text(encoding="utf-8") + "\nPTSD may worsen chronic pain.\n", encoding="utf-8")
    graph.build(sources, out, cache_dir=cache, curation=False, workers=2)
    _cold(sources, cache, tmp_path / "cold2", curation=False, workers=1)
    assert_same_outputs(out, tmp_path / "cold2")


def test_curation_applies_on_every_rebuild(sources, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = graph.build(sources, out, cache_dir=cache)
    claim, checked = [c for c in first.graph.claims.values() if c.predicate == "treats"][:2]
    concept = next(c for c in first.graph.concepts.values() if c.category == "Condition" and not c.discovered)
    (sources / "curation.yaml").write_text(
        f"- action: reject\n  claim: {claim.id}\n  note: not what the article says\n"
        f"- action: accept\n  claim: {checked.id}\n  note: checked against the trial\n"
        f"- action: rename\n  concept: {concept.id}\n  label: Renamed {concept.label}\n", encoding="utf-8")
    again = graph.build(sources, out, cache_dir=cache)
    assert again.counts["reassembled"] == 1
    assert claim.id not in again.graph.claims and again.graph.concepts[concept.id].label.startswith("renamed")
    _cold(sources, cache, tmp_path / "cold")
    assert_same_outputs(out, tmp_path / "cold")
    # An article changes: the decisions still apply to the reassembled graph.
    path = sorted(sources.glob("*.txt"))[1]
    path.write_text(path.read_text(encoding="utf-8") + "\nKetamine may help with depression.\n", encoding="utf-8")
    third = graph.build(sources, out, cache_dir=cache)
    assert claim.id not in third.graph.claims and third.graph.curation.summary() == {"applied": 3}
    assert "checked against the trial" in (out / "claims.csv").read_text(encoding="utf-8")
    assert _updated(caplog) == 2 and _copied(caplog) == 2
    _cold(sources, cache, tmp_path / "cold2")
    assert_same_outputs(out, tmp_path / "cold2")


def test_a_store_changed_since_its_build_is_written_whole(sources, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache, curation=False)
    db = sqlite3.connect(out / "graph.sqlite")
    db.execute("UPDATE claims SET belief = 0.5")  # someone edited the store by hand
    db.commit()
    db.close()
    path = sorted(sources.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nKetamine may ease pain.\n", encoding="utf-8")
    graph.build(sources, out, cache_dir=cache, curation=False)
    assert not _updated(caplog) and "is not the store the last build wrote" in caplog.text
    _cold(sources, cache, tmp_path / "cold", curation=False)
    assert_same_outputs(out, tmp_path / "cold")


def test_a_store_the_state_does_not_link_is_written_whole(sources, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache, curation=False, outputs=("claims.csv",))
    graph.build(sources, out, cache_dir=cache, curation=False, outputs=DEFAULT_OUTPUTS)  # no store to update
    assert not _updated(caplog)
    # Another output folder built from the same cache after a change: the kept state is now that
    # build's, and links its store, not the one in ``out``.
    path, other = sorted(sources.glob("*.txt"))[:2]
    path.write_text(path.read_text(encoding="utf-8") + "\nKetamine may ease pain.\n", encoding="utf-8")
    graph.build(sources, tmp_path / "elsewhere", cache_dir=cache, curation=False)
    other.write_text(other.read_text(encoding="utf-8") + "\nPTSD may worsen pain.\n", encoding="utf-8")
    graph.build(sources, out, cache_dir=cache, curation=False, outputs=ALL_OUTPUTS)
    assert not _updated(caplog)
    _cold(sources, cache, tmp_path / "cold", curation=False, outputs=ALL_OUTPUTS)
    assert_same_outputs(out, tmp_path / "cold")


def test_a_rebuild_of_unchanged_sources_gives_the_same_bytes(sources, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="graph.export")
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache, workers=2)
    before = (out / "build.json").read_bytes()
    again = graph.build(sources, out, cache_dir=cache, workers=2)
    assert again.counts["reassembled"] == 1 and again.counts["cache_misses"] == 0
    assert "store updated in place: nothing changed" in caplog.text
    assert (out / "build.json").read_bytes() == before  # every output's SHA-256, the store's too
