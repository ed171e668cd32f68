"""What a build keeps in memory: the same graph and outputs from less.

- assembly from each extraction's :class:`~graph.assemble.AssemblyInput` (no sentences, mentions as
  counts; what ``extract_all(..., keep=...)`` keeps as extractions arrive) gives the very graph;
- the store's rows made table by table as they are inserted equal the rows made whole;
- a build's processes are named after their role (:mod:`graph.proctitle`), as the benchmark reads them.

Real articles and the real extractor throughout (the seed articles and some of the dev collection).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from graph.assemble import AssemblyInput, assemble, assembly_input
from graph.parallel import extract_all
from graph.reassemble import contribution_of, reassemble
from graph.sources import read_sources
from graph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
MORE = ROOT / "tests" / "corpus" / "dev" / "sources"


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


@pytest.fixture(scope="module")
def sources():
    seeds, _ = read_sources(ROOT / "sources")
    dev, _ = read_sources(MORE)
    return seeds + sorted(dev, key=lambda s: s.id)[:16]


@pytest.fixture(scope="module")
def extractions(sources, vocabulary):
    return extract_all(sources, vocabulary, workers=1)


def _same_graph(a, b) -> None:
    assert a.sources == b.sources and a.concepts == b.concepts and a.claims == b.claims
    assert list(a.claims) == list(b.claims) and list(a.concepts) == list(b.concepts)
    assert a.study_links == b.study_links and a.findings == b.findings
    assert a.concept_sources == b.concept_sources and a.concept_mentions == b.concept_mentions
    assert a.source_mentions == b.source_mentions
    assert [list(m) for m in a.source_mentions.values()] == [list(m) for m in b.source_mentions.values()]


def test_assembly_inputs_give_the_graph_of_the_extractions(extractions):
    inputs = [assembly_input(x) for x in extractions]
    assert all(isinstance(x, AssemblyInput) for x in inputs)
    assert sum(x.sentences for x in inputs) == sum(len(x.sentences) for x in extractions) > 0
    assert assembly_input(inputs[0]) is inputs[0]
    _same_graph(assemble(inputs), assemble(extractions))
    for x, slim in zip(extractions, inputs):
        assert contribution_of(slim, "k") == contribution_of(x, "k")


def test_reassembling_from_assembly_inputs_gives_the_graph_of_the_extractions(extractions):
    order = [x.source.id for x in extractions]
    before = extractions[:-2]
    old = assemble(before)
    parts = {x.source.id: contribution_of(x, x.source.id) for x in before}
    fresh = {x.source.id: assembly_input(x) for x in extractions[-2:]}
    got, _ = reassemble(old, parts, order, fresh, gone=set())
    _same_graph(got, assemble(extractions))


def test_extract_all_keeps_what_it_is_asked_to_keep_from_the_cache_and_the_workers(sources, vocabulary, extractions,
                                                                                   tmp_path):
    from graph.cache import CacheStats

    few = sources[:12]
    want = [assembly_input(x) for x in extractions[:12]]
    cold = extract_all(few, vocabulary, workers=1, cache_dir=tmp_path, keep=assembly_input)
    stats = CacheStats()
    warm = extract_all(few, vocabulary, workers=2, cache_dir=tmp_path, keep=assembly_input, stats=stats)
    assert stats.hits == 12
    for got in (cold, warm):
        assert all(isinstance(x, AssemblyInput) for x in got)
        _same_graph(assemble(got), assemble(want))


def test_the_store_written_from_rows_made_as_they_are_read_holds_the_rows_made_whole(extractions, tmp_path):
    from graph.export.sqlite import StoreRows, evidence_key, write_sqlite

    graph = assemble(extractions)
    path = tmp_path / "graph.sqlite"
    write_sqlite(graph, path)
    rows = StoreRows(graph)
    db = sqlite3.connect(path)
    try:
        claims = [c for c in graph.claims.values()]
        whole_claims = sorted((rows.claim(c, i) for i, c in enumerate(claims)), key=lambda r: r[0])
        assert list(rows.claims()) == whole_claims
        stored = [r[0] for r in db.execute("SELECT claim_id FROM claims ORDER BY claim_id")]
        assert stored == [r[0] for r in whole_claims]
        evidence = rows.evidence(claims)
        assert [r[0] for r in evidence] == sorted(evidence_key(c.id, e) for c in claims for e in c.evidence)
        stored = [r[0] for r in db.execute("SELECT evidence_id FROM evidence ORDER BY evidence_id")]
        assert stored == [r[0] for r in evidence]
        mentions = rows.mentions()
        reference: dict = {}
        for sid, counts in graph.source_mentions.items():
            for cid, count in counts.items():
                reference[sid, cid] = [sid, cid, count, 0]
        for cid, sids in graph.concept_sources.items():
            for sid in sids:
                reference.setdefault((sid, cid), [sid, cid, None, 0])[3] = 1
        assert mentions == [reference[k] for k in sorted(reference)]
        assert [list(r) for r in db.execute("SELECT * FROM mentions ORDER BY source_id, concept_id")] == mentions
        some = sorted(graph.sources)[:3]
        assert rows.mentions(some) == [r for r in mentions if r[0] in some]
        links, heads = rows.links()
        assert db.execute("SELECT * FROM links ORDER BY node, rank").fetchall() == links
        assert db.execute("SELECT * FROM nodes ORDER BY node").fetchall() == heads
        node = heads[0][0]
        assert rows.links([node]) == ([r for r in links if r[0] == node], [heads[0]])
    finally:
        db.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process names are Linux's /proc/PID/comm")
def test_a_process_is_named_after_its_role_and_back():
    from graph.proctitle import current_role, role, set_role

    before = current_role()
    with role("eg:test-a-very-long-role-name"):
        assert current_role() == "eg:test-a-very-"  # 15 bytes, as the kernel keeps them
        set_role("eg:inner")
        assert Path("/proc/self/comm").read_text().strip() == "eg:inner"
    assert current_role() == before


def test_a_build_keeps_one_object_per_equal_concept_and_the_same_graph(extractions):
    import pickle

    from graph.rebuild import _Slim

    # Decoded from a pickle (as from a worker process): every article has copies of its own.
    copies = [pickle.loads(pickle.dumps(x)) for x in extractions]
    slim = _Slim()
    kept = [slim(x) for x in copies]
    objects = {id(c) for x in kept for c in x.concepts}
    assert len(objects) == len({c for x in kept for c in x.concepts}) < sum(len(x.concepts) for x in kept)
    _same_graph(assemble(kept), assemble(extractions))
    for x, k in zip(extractions, kept):
        assert contribution_of(k, "k") == contribution_of(x, "k")


def test_annotations_are_kept_and_read_back_through_a_stream_in_the_one_shot_format(extractions, tmp_path):
    import pickle
    import zlib

    from graph.cache import load_annotations, save_annotations
    from graph.strength.evidence_types import Annotations

    memo = Annotations()
    graph = assemble(extractions, memo)
    assert memo.computed and save_annotations(tmp_path, memo)
    (path,) = (tmp_path / "annotations").glob("*.pkl.z")
    data = path.read_bytes()
    raw = zlib.decompress(data)
    assert zlib.compress(raw, 1) == data  # what zlib.compress(pickle.dumps(...), 1) wrote before
    assert pickle.loads(raw)["types"] == {s: memo.types[s] for s in memo.seen_types}
    again = load_annotations(tmp_path)
    assert again.types == pickle.loads(raw)["types"] and again.roles == pickle.loads(raw)["roles"]
    _same_graph(assemble(extractions, again), graph)
    assert again.computed == 0
    path.write_bytes(data[: len(data) // 2])  # cut short: annotated again, as before
    assert load_annotations(tmp_path).types == {}
