"""A rebuild from a warm cache writes the bytes a cold build of the same sources writes; what the
rebuild reuses (evidence annotations, work shared by the writers) is dropped when its inputs change.
(Here three changes among seven articles: the graph is assembled whole. A rebuild that starts from the
kept assembly and updates the store in place: tests/test_store_update.py.)"""

from __future__ import annotations

import pickle
import shutil
import zlib
from pathlib import Path

import orjson
import pytest

import graph
from graph import pipeline
from graph.buildset import read_manifest
from graph.export import ALL_OUTPUTS
from graph.assembly_state import STATE_FOLDER
from graph.cache import ANNOTATIONS, load_annotations, save_annotations
from graph.strength import evidence_types
from graph.strength.evidence_types import Annotations, rules_fingerprint

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
MORE = ROOT / "tests" / "corpus" / "dev" / "sources"


def _digests(out: Path) -> dict:
    return read_manifest(out)["outputs"]


def _annotation_file(cache: Path) -> Path:
    files = list((cache / ANNOTATIONS).glob("*.pkl.z"))
    assert len(files) == 1, files
    return files[0]


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    return folder


def test_rebuild_equals_a_cold_build_after_a_changed_an_added_and_a_removed_article(sources, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_WRITERS_MIN_CLAIMS", 0)  # writers side by side, as on a large graph
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = graph.build(sources, out, cache_dir=cache, workers=2, curation=False, outputs=ALL_OUTPUTS)
    assert first.counts["annotations_cached"] == 0 and first.counts["annotations_computed"] > 0

    changed = sources / "can-chronic-pain-cause-ptsd.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKetamine may cause nausea and dizziness.\n",
                       encoding="utf-8")
    (sources / "how-can-ketamine-help-manage-chronic-pain.txt").unlink()
    added = sorted(p for p in MORE.iterdir() if p.suffix in (".txt", ".md"))[0]
    shutil.copy(added, sources / added.name)

    again = graph.build(sources, out, cache_dir=cache, workers=2, curation=False, outputs=ALL_OUTPUTS)
    assert again.counts["cache_misses"] == 2  # the changed and the added article
    assert again.counts["annotations_cached"] > again.counts["annotations_computed"] > 0

    cold = graph.build(sources, tmp_path / "cold", cache_dir=tmp_path / "fresh-cache", workers=1, curation=False,
                       outputs=ALL_OUTPUTS)
    assert cold.counts["annotations_cached"] == 0
    assert _digests(out) == _digests(tmp_path / "cold")  # every output's SHA-256
    for name in ("graph.sqlite", "graph.json", "claims.csv", "graph.ttl", "graph.html", "studies.csv"):
        assert (out / name).read_bytes() == (tmp_path / "cold" / name).read_bytes(), name
    # and a build without any cache writes the same
    none = graph.build(sources, tmp_path / "no-cache", curation=False, outputs=ALL_OUTPUTS)
    assert "annotations_cached" not in none.counts
    assert _digests(tmp_path / "no-cache") == _digests(out)
    # the kept annotations follow the articles: the removed article's sentences are gone
    kept = load_annotations(cache)
    sentences = {e.sentence for c in again.graph.claims.values() for e in c.evidence}
    assert set(kept.types) == sentences


def _types(result) -> set[str]:
    return {e.evidence_type for c in result.graph.claims.values() for e in c.evidence}


def test_kept_annotations_are_used_and_dropped_when_the_rules_change(sources, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = graph.build(sources, tmp_path / "out", cache_dir=cache, curation=False)
    assert len(_types(first)) > 2
    # Mark every kept sentence a question: a rebuild that reads the file says so (the file is trusted
    # as the cache is; this only shows it is read)...
    path = _annotation_file(cache)
    payload = pickle.loads(zlib.decompress(path.read_bytes()))
    payload["types"] = {sentence: "question" for sentence in payload["types"]}
    path.write_bytes(zlib.compress(pickle.dumps(payload)))
    shutil.rmtree(cache / STATE_FOLDER)  # the kept assembly would be used first (graph.rebuild)
    assert _types(graph.build(sources, tmp_path / "out", cache_dir=cache, curation=False)) == {"question"}
    # ... and once the rules (or the classifier's code) differ, the file is not used: every
    # sentence is annotated again, and the file of the old rules is removed.
    monkeypatch.setattr(evidence_types, "rules_fingerprint", lambda path=None: "0123456789abcdef")
    shutil.rmtree(cache / STATE_FOLDER)
    third = graph.build(sources, tmp_path / "out", cache_dir=cache, curation=False)
    assert third.counts["annotations_cached"] == 0
    assert _types(third) == _types(first)
    assert _annotation_file(cache).name == "0123456789abcdef.pkl.z"


def test_the_rules_fingerprint_follows_the_rules_file(tmp_path):
    rules = tmp_path / "evidence_types.yaml"
    shutil.copy(evidence_types.RULES_PATH, rules)
    before = rules_fingerprint(rules)
    assert before == rules_fingerprint(rules) == rules_fingerprint(evidence_types.RULES_PATH)
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert rules_fingerprint(rules) != before


def test_a_damaged_annotation_file_is_logged_and_the_build_annotates_again(sources, tmp_path, caplog):
    cache = tmp_path / "cache"
    first = graph.build(sources, tmp_path / "out", cache_dir=cache, curation=False)
    path = _annotation_file(cache)
    path.write_bytes(path.read_bytes()[:100])
    shutil.rmtree(cache / STATE_FOLDER)
    again = graph.build(sources, tmp_path / "again", cache_dir=cache, curation=False)
    assert "annotation cache" in caplog.text and "damaged" in caplog.text
    assert again.counts["annotations_cached"] == 0
    assert _digests(tmp_path / "again") == _digests(tmp_path / "out")
    assert load_annotations(cache).types  # written again, whole
    assert first.graph.claims == again.graph.claims


def test_annotations_are_not_rewritten_when_nothing_changed(tmp_path):
    memo = Annotations()
    memo.type_of("Ketamine may ease depression.")
    memo.role_of("Researchers at Yale found that ketamine eased pain.", "")
    assert save_annotations(tmp_path, memo, fingerprint="f1")
    back = load_annotations(tmp_path, fingerprint="f1")
    assert back.types == {"Ketamine may ease depression.": "hedge"}
    assert back.roles == {("Researchers at Yale found that ketamine eased pain.", ""): "backs"}
    assert back.type_of("Ketamine may ease depression.") == "hedge" and (back.used, back.computed) == (1, 0)
    back.role_of("Researchers at Yale found that ketamine eased pain.", "")
    assert not save_annotations(tmp_path, back, fingerprint="f1")  # all found, none unused
    assert load_annotations(tmp_path, fingerprint="f2").types == {}


def test_graph_file_bytes_are_those_of_the_model_records(seed_graph, tmp_path):
    """graph.json hands model objects to orjson; the bytes are those of graph.codec's records."""
    from graph.codec import to_record
    from graph.export.graphfile import FORMAT_VERSION, write_graph_json

    path = tmp_path / "graph.json"
    write_graph_json(seed_graph, path)
    record = {
        "format": "evidence-graph",
        "format_version": FORMAT_VERSION,
        "sources": [to_record(s) for s in seed_graph.sources.values()],
        "concepts": [to_record(c) for c in seed_graph.concepts.values()],
        "claims": [to_record(c) for c in seed_graph.claims.values()],
        "study_links": [list(link) for link in seed_graph.study_links],
        "findings": seed_graph.findings,
        "concept_sources": {k: list(v) for k, v in seed_graph.concept_sources.items()},
        "concept_mentions": seed_graph.concept_mentions,
        "source_mentions": seed_graph.source_mentions,
    }
    assert path.read_bytes() == orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def test_beliefs_are_counted_once_per_graph_and_match_counting_them_afresh(seed_graph):
    from graph.evidence_graph import EvidenceGraph
    from graph.strength.belief import belief, claim_belief, design_lookup, graph_beliefs, publishers_of

    beliefs = graph_beliefs(seed_graph)
    publishers, design_of = publishers_of(seed_graph), design_lookup(seed_graph)
    assert beliefs == {cid: belief(c, publishers, design_of) for cid, c in seed_graph.claims.items()}
    beliefs["x"] = 1.0  # a copy: the memo is not changed through it
    assert "x" not in graph_beliefs(seed_graph)
    claim = next(iter(seed_graph.claims.values()))
    assert claim_belief(seed_graph, claim) == beliefs[claim.id]
    # a smaller graph (one claim, its sources) counts its own beliefs
    small = EvidenceGraph(
        sources=[seed_graph.sources[s] for s in claim.sources],
        concepts=[seed_graph.concepts[claim.subject], seed_graph.concepts[claim.object]],
        claims=[claim])
    assert graph_beliefs(small) == {claim.id: belief(claim, publishers_of(small), design_lookup(small))}
