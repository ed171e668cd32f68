"""The store (graph.sqlite): round trip, byte-identical writes, atomic replacement, and every
question answered from it exactly as from the whole graph."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.cli import main
from graph.errors import ExportError, GraphError
from graph.export import get_writer
from graph.export.graphfile import write_graph_json
from graph.export.sqlite import read_sqlite, write_sqlite
from graph.query import example_graph
from graph.store import Store, search

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def same_graph(a, b) -> None:
    assert a.sources == b.sources
    assert a.concepts == b.concepts
    assert a.claims == b.claims
    assert list(a.claims) == list(b.claims)
    assert a.study_links == b.study_links
    assert a.findings == b.findings
    assert a.concept_sources == b.concept_sources
    assert a.concept_mentions == b.concept_mentions
    assert a.source_mentions == b.source_mentions


@pytest.fixture(scope="module")
def seed_dirs(tmp_path_factory, seed_graph):
    """The seed graph written twice: a folder with graph.json only and one with graph.sqlite only."""
    as_json = tmp_path_factory.mktemp("seed-json")
    as_store = tmp_path_factory.mktemp("seed-store")
    write_graph_json(seed_graph, as_json / "graph.json")
    get_writer("graph.sqlite")(seed_graph, as_store / "graph.sqlite")
    return str(as_json), str(as_store)


@pytest.fixture(scope="module")
def example_dirs(tmp_path_factory):
    as_json = tmp_path_factory.mktemp("example-json")
    as_store = tmp_path_factory.mktemp("example-store")
    write_graph_json(example_graph(), as_json / "graph.json")
    write_sqlite(example_graph(), as_store / "graph.sqlite")
    return str(as_json), str(as_store)


# -- the writer and reader ------------------------------------------------------------------------


def test_round_trip_of_the_seed_graph(seed_graph, tmp_path):
    write_sqlite(seed_graph, tmp_path / "graph.sqlite")
    back = read_sqlite(tmp_path / "graph.sqlite")
    same_graph(back, seed_graph)
    assert back.stats() == seed_graph.stats()
    # load_graph prefers the store and still returns the whole graph
    same_graph(graph.load_graph(tmp_path), seed_graph)
    same_graph(graph.load_graph(tmp_path / "graph.sqlite"), seed_graph)


def test_round_trip_keeps_mentions_and_sources_of_concepts_apart():
    from graph.evidence_graph import EvidenceGraph
    from graph.model import Claim, Concept, Evidence, Source

    g = EvidenceGraph(
        [Source("a", "Ketamine eases pain.", title="A"), Source("b", "Nothing here.")],
        [Concept("ketamine", "ketamine", "Drug", synonyms=("ketalar",), xrefs=("MESH:D007649",)),
         Concept("pain", "pain", "Condition", parents=("symptom",), discovered=True, display="Pain"),
         Concept("hopkins_study", "hopkins study", "Study"), Concept("hopkins", "hopkins", "Organization")],
        [Claim("ketamine", "treats", "pain", evidence=(
            Evidence("a", "Ketamine eases pain.", 0, 20, "Intro", "hedged", "hopkins_study", "15%", "Ketamine", "pain",
                     (0, 8), None, "eases"),))],
        study_links=[("hopkins_study", "hopkins")], findings={"hopkins_study": ""},
        concept_sources={"ketamine": ["a"], "pain": ["a", "b"]}, concept_mentions={"ketamine": 1},
        source_mentions={"a": {"ketamine": 1, "hopkins": 2}},
    )
    import tempfile

    path = Path(tempfile.mkdtemp()) / "graph.sqlite"
    write_sqlite(g, path)
    same_graph(read_sqlite(path), g)


def test_equal_graphs_give_equal_bytes(seed_graph, tmp_path):
    write_sqlite(seed_graph, tmp_path / "one.sqlite")
    write_sqlite(seed_graph, tmp_path / "two.sqlite")
    assert (tmp_path / "one.sqlite").read_bytes() == (tmp_path / "two.sqlite").read_bytes()


def test_tables_indexes_and_full_text_index(seed_dirs):
    db = sqlite3.connect(Path(seed_dirs[1]) / "graph.sqlite")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sources", "concepts", "claims", "evidence", "studies", "mentions", "evidence_fts"} <= tables
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM claims WHERE object = 'ptsd'"))
    assert "USING INDEX claims_object" in plan
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM evidence WHERE claim_id = 'x'"))
    assert "USING INDEX evidence_claim" in plan
    (n,), = db.execute("SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH 'ketamine'")
    assert n > 0


def test_a_failed_write_keeps_the_old_store(tmp_path, monkeypatch):
    path = tmp_path / "graph.sqlite"
    write_sqlite(example_graph(), path)
    before = path.read_bytes()
    import graph.export.sqlite as module

    def broken(rows):
        raise sqlite3.OperationalError("disk full (simulated)")

    monkeypatch.setattr(module.StoreRows, "tables", broken)
    with pytest.raises(ExportError, match="disk full"):
        write_sqlite(example_graph(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.sqlite"]


def test_a_foreign_file_is_a_clear_error(tmp_path):
    (tmp_path / "graph.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(GraphError, match="not a readable graph store"):
        read_sqlite(tmp_path / "graph.sqlite")
    db = sqlite3.connect(tmp_path / "other.sqlite")
    db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    db.commit()
    db.close()
    with pytest.raises(GraphError, match="not a graph store of format version"):
        read_sqlite(tmp_path / "other.sqlite")


def test_the_build_writes_the_store(seed_build):
    result, out = seed_build
    assert (out / "graph.sqlite").is_file()
    same_graph(read_sqlite(out / "graph.sqlite"), result.graph)


# -- questions from the store equal questions of the whole graph ------------------------------------


QUESTIONS = [
    ["stats"],
    ["concepts"],
    ["concepts", "pain", "--sort", "mentions"],
    ["concepts", "--category", "Drug,Therapy", "--sort", "category", "--limit", "7"],
    ["concepts", "--sort", "label"],
    ["concepts", "ketamine", "--sort", "claims", "--limit", "3"],
    ["concepts", "--limit", "20"],
    ["concepts", "--sort", "mentions", "--limit", "5"],
    ["concepts", "--category", "Condition", "--limit", "4"],
    ["concepts", "PAIN", "--sort", "label", "--limit", "2"],
    ["neighbors", "ketamine"],
    ["neighbors", "ptsd", "--direction", "in", "--predicate", "treats"],
    ["neighbors", "Chronic Pain", "--category", "Condition", "--certainty", "asserted"],
    ["path", "ketamine", "ptsd"],
    ["path", "ketamine", "depression", "--max-hops", "4", "--limit", "20"],
    ["path", "chronic pain", "serotonin", "--include-negated", "--max-hops", "2"],
    ["claims"],
    ["claims", "--subject", "ketamine", "--predicate", "treats"],
    ["claims", "--concept", "ptsd", "--polarity", "affirmed", "--min-support", "2"],
    ["claims", "--attribution", "unattributed"],
    ["claims", "--attribution", "none", "--certainty", "hedged"],
    ["claims", "--category", "Drug", "--uncited", "--limit", "5"],
    ["claims", "--text", "ketamine", "--quantity"],
]


def _ask(capsys, argv):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("argv", QUESTIONS, ids=lambda a: " ".join(a))
def test_store_answers_equal_whole_graph_answers(capsys, seed_dirs, example_dirs, argv, fmt):
    for as_json, as_store in (seed_dirs, example_dirs):
        from_json = _ask(capsys, [*argv, "--graph", as_json, "--format", fmt])
        from_store = _ask(capsys, [*argv, "--graph", as_store, "--format", fmt])
        assert from_json[0] == 0, from_json[2]
        assert from_store == from_json


def test_evidence_and_claim_id_prefixes_from_the_store(capsys, seed_dirs):
    as_json, as_store = seed_dirs
    status, out, _ = _ask(capsys, ["claims", "--subject", "ketamine", "--graph", as_store, "--format", "json"])
    claim_ids = [row["claim_id"] for row in json.loads(out)]
    assert status == 0 and claim_ids
    for claim_id in claim_ids[:5]:
        for fmt in ("table", "json", "csv"):
            for cid in (claim_id, claim_id[:6]):
                assert _ask(capsys, ["evidence", cid, "--graph", as_store, "--format", fmt]) == \
                    _ask(capsys, ["evidence", cid, "--graph", as_json, "--format", fmt])


def _busiest_claim(as_store) -> tuple[str, int]:
    with Store(Path(as_store) / "graph.sqlite") as store:
        (claim_id, n), = store._rows("SELECT claim_id, n_evidence FROM claims ORDER BY n_evidence DESC, claim_id LIMIT 1")
    return claim_id, n


def test_evidence_limit_shows_the_best_sentences_and_says_how_many_more(capsys, seed_dirs):
    as_json, as_store = seed_dirs
    claim_id, total = _busiest_claim(as_store)
    assert total > 3
    for fmt in ("table", "json", "csv"):
        for limit in ("2", "0"):
            from_store = _ask(capsys, ["evidence", claim_id, "--limit", limit, "--graph", as_store, "--format", fmt])
            assert from_store[0] == 0, from_store[2]
            assert from_store == _ask(capsys, ["evidence", claim_id, "--limit", limit, "--graph", as_json,
                                               "--format", fmt])
    _, out, _ = _ask(capsys, ["evidence", claim_id, "--limit", "2", "--graph", as_store])
    assert f"{total} evidence sentence(s); the best 2 shown; support" in out
    assert "[2] " in out and "[3] " not in out
    assert out.rstrip().endswith(f"(+{total - 2} more sentence(s): python -m graph evidence {claim_id} --limit 0)")
    _, every, _ = _ask(capsys, ["evidence", claim_id, "--limit", "0", "--graph", as_store])
    assert "more sentence(s)" not in every and f"[{total}] " in every
    assert every.split("\n\n")[1:3] == out.split("\n\n")[1:3]  # the same two sentences, best first
    # JSON: every sentence unless --limit, and how many there are
    data = json.loads(_ask(capsys, ["evidence", claim_id, "--graph", as_store, "--format", "json"])[1])
    assert data["n_evidence"] == total == len(data["evidence"])
    data = json.loads(_ask(capsys, ["evidence", claim_id, "--limit", "3", "--graph", as_store, "--format", "json"])[1])
    assert data["n_evidence"] == total and len(data["evidence"]) == 3
    status, out, err = _ask(capsys, ["evidence", claim_id, "--limit", "-1", "--graph", as_store])
    assert status == 1 and "--limit" in err


def test_evidence_page_reads_only_the_sentences_it_shows(seed_dirs):
    from graph.store import evidence_page

    _, as_store = seed_dirs
    claim_id, total = _busiest_claim(as_store)
    with Store(Path(as_store) / "graph.sqlite") as store:
        whole = evidence_page(store, claim_id)
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        page = evidence_page(store, claim_id, limit=2)
    assert (page.total, page.more, len(whole.rows)) == (total, total - 2, total)
    assert page.rows == whole.rows[:2] and page.claim == whole.claim
    reads = [s for s in statements if "sentence" in s and " FROM evidence" in s]
    assert len(reads) == 1 and reads[0].count(",", reads[0].index("evidence_id IN (")) == 1  # two ids


def test_concept_claim_counts_are_stored_and_listed_from_an_index(seed_graph, seed_dirs):
    from graph.frames import concepts_frame
    from graph.store import concept_rows

    _, as_store = seed_dirs
    frame = concepts_frame(seed_graph)
    with Store(Path(as_store) / "graph.sqlite") as store:
        stored = dict(store._rows("SELECT concept_id, n_claims FROM concepts"))
        assert stored == dict(zip(frame.concept_id, frame.claims.astype(int)))
        plan = " ".join(str(r) for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT concept_id FROM concepts ORDER BY "
            "n_claims DESC, coalesce(mentions, 0) DESC, label, concept_id LIMIT 20"))
        assert "concepts_by_claims" in plan and "TEMP B-TREE" not in plan
        top = concept_rows(store, limit=5)
    expected = frame.sort_values(["claims", "mentions", "label"], ascending=[False, False, True], kind="stable")
    assert [r["concept_id"] for r in top] == list(expected.concept_id[:5])


@pytest.mark.parametrize("argv", [
    ["neighbors", "ketamin"], ["concepts", "unicornz"], ["concepts", "--category", "Animal"],
    ["path", "ketamine", "unicorn"], ["path", "ketamine", "ketamine"],
    ["evidence", "ffffffffffff"], ["evidence", "nope"], ["claims", "--predicate", "cures"],
    ["claims", "--source", "nowhere"], ["claims", "--attribution", "ketamine"], ["path", "a", "b", "--max-hops", "9"],
])
def test_store_errors_equal_whole_graph_errors(capsys, example_dirs, argv):
    as_json, as_store = example_dirs
    from_json = _ask(capsys, [*argv, "--graph", as_json])
    from_store = _ask(capsys, [*argv, "--graph", as_store])
    assert from_json[0] == 1 and from_json[2].startswith("error: ")
    assert from_store == from_json


def test_unknown_names_are_read_through_the_vocabulary(capsys, seed_dirs):
    """A spelling the graph does not hold but the vocabulary knows (British spelling, plural)."""
    as_json, as_store = seed_dirs
    for name in ("anaesthetics", "Ketamine infusions"):
        assert _ask(capsys, ["neighbors", name, "--graph", as_store]) == _ask(capsys, ["neighbors", name, "--graph", as_json])


# -- full-text search ---------------------------------------------------------------------------------


def test_search_finds_every_sentence_with_its_claim_and_source(seed_graph, seed_dirs):
    with Store(Path(seed_dirs[1]) / "graph.sqlite") as store:
        hits = search(store, "NMDA", concept="ketamine")
    expected = {
        (c.id, e.source_id, e.start)
        for c in seed_graph.claims.values() if "ketamine" in (c.subject, c.object)
        for e in c.evidence if re.search(r"\bnmda\b", e.sentence, re.I)
    }
    assert expected and {(h.claim_id, h.source_id, h.start) for h in hits} == expected
    assert all(h.source_title == seed_graph.sources[h.source_id].title for h in hits)
    # stemming: "blocks" finds "blocking"; every word must occur
    with Store(Path(seed_dirs[1]) / "graph.sqlite") as store:
        stems = search(store, "blocks")
        both = search(store, "ketamine receptor")
    assert any(re.search(r"\bblocking\b", h.sentence, re.I) for h in stems)
    assert both and all(re.search("ketamine", h.sentence, re.I) and re.search("receptor", h.sentence, re.I) for h in both)


def test_search_command(capsys, seed_dirs):
    as_json, as_store = seed_dirs
    status, out, _ = _ask(capsys, ["search", "NMDA", "--concept", "ketamine", "--graph", as_store, "--format", "json"])
    rows = json.loads(out)
    assert status == 0 and rows and all("nmda" in r["sentence"].lower() for r in rows)
    assert all("ketamine" in (r["subject"], r["object"]) for r in rows)
    status, out, _ = _ask(capsys, ["search", "NMDA", "--graph", as_store, "--limit", "1"])
    assert status == 0 and "1 sentence(s) match 'NMDA'" in out and "[1]" in out and "[2]" not in out
    status, _, err = _ask(capsys, ["search", "NMDA", "--graph", as_json])
    assert status == 1 and "needs the build's store" in err and err.count("\n") == 1
    status, _, err = _ask(capsys, ["search", "!!!", "--graph", as_store])
    assert status == 1 and "nothing to search for" in err


def test_questions_as_a_subprocess_read_only_the_store(seed_dirs, tmp_path):
    """A copy of the store, read-only on disk: the CLI answers without writing or needing graph.json."""
    shutil.copy(Path(seed_dirs[1]) / "graph.sqlite", tmp_path / "graph.sqlite")
    os.chmod(tmp_path / "graph.sqlite", 0o444)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for argv in (["stats", "--format", "json"], ["path", "ketamine", "ptsd", "--format", "json"],
                 ["search", "ketamine", "--limit", "3", "--format", "json"]):
        done = subprocess.run([PYTHON, "-m", "graph", *argv, "--graph", str(tmp_path)], capture_output=True, text=True,
                              timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.sqlite"]


def random_graph(seed: int, n_concepts: int = 120, n_claims: int = 900):
    """Many claims of equal figures (support 1-2, hedged or not, cited or not): ties everywhere."""
    import random

    from graph.evidence_graph import EvidenceGraph
    from graph.model import PREDICATES, Claim, Concept, Evidence, Source

    rng = random.Random(seed)
    sources = [Source(f"s{i}", "text") for i in range(5)]
    concepts = [Concept(f"c{i:03d}", f"concept {i}", "Condition") for i in range(n_concepts)]
    claims = {}
    while len(claims) < n_claims:
        a, b = rng.sample(concepts, 2)
        evidence = tuple(
            Evidence(f"s{rng.randrange(5)}", f"sentence {len(claims)} {k}", k, k + 5,
                     certainty=rng.choice(["asserted", "hedged"]), attribution=rng.choice(["", "unattributed", "c000"]))
            for k in range(rng.randint(1, 2)))
        claim = Claim(a.id, rng.choice(PREDICATES), b.id, rng.choice(["affirmed", "affirmed", "negated"]), evidence)
        claims.setdefault(claim.id, claim)
    return EvidenceGraph(sources, concepts, claims.values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paths_from_the_neighbourhood_equal_paths_over_the_whole_graph(tmp_path, seed):
    import random

    from graph import query, store as stored

    g = random_graph(seed)
    write_sqlite(g, tmp_path / "graph.sqlite")
    rng = random.Random(seed)
    ids = list(g.concepts)
    with Store(tmp_path / "graph.sqlite") as store:
        for _ in range(25):
            a, b = rng.sample(ids, 2)
            for max_hops, limit, negated in ((1, 10, False), (2, 5, True), (3, 10, False), (3, 3, True), (4, 5, False)):
                options = dict(max_hops=max_hops, limit=limit, skip_negated=not negated)
                whole = [(p.score, p.claim_ids) for p in query.paths(g, a, b, **options)]
                read = [(p.score, p.claim_ids) for p in stored.paths(store, a, b, **options)]
                assert read == whole, (a, b, options)


@pytest.mark.parametrize("make", [example_graph, lambda: random_graph(5)], ids=["example", "random"])
def test_stats_counted_in_sql_equal_stats_of_the_whole_graph(tmp_path, make):
    from graph import query, store as stored

    g = make()
    write_sqlite(g, tmp_path / "graph.sqlite")
    with Store(tmp_path / "graph.sqlite") as store:
        assert stored.stats(store) == query.stats(g)  # the figures kept in meta
        assert stored.count_stats(store.db) == query.stats(g)  # counted again now


@pytest.mark.parametrize("seed", [1, 2])
def test_neighbour_rows_from_the_links_equal_neighbours_over_the_whole_graph(tmp_path, seed):
    """``neighbors`` reads the links (no evidence): the rows and their order of the whole graph's
    answer, ties included, with every filter."""
    import random

    from graph import query
    from graph.store import neighbor_rows
    from graph.strength.belief import claim_belief

    g = random_graph(seed)
    write_sqlite(g, tmp_path / "graph.sqlite")
    rng = random.Random(seed)
    filters = [{}, {"direction": "in"}, {"direction": "out", "min_support": 2}, {"predicate": ["treats", "causes"]},
               {"category": "condition"}, {"certainty": "hedged", "polarity": "affirmed"}, {"polarity": "negated"}]
    with Store(tmp_path / "graph.sqlite") as store:
        for concept_id in rng.sample(list(g.concepts), 30):
            for f in filters:
                whole = [dict(n.as_dict(), belief=round(claim_belief(g, n.claim), 3))
                         for n in query.neighbors(g, concept_id, **f)]
                concept, rows = neighbor_rows(store, concept_id, **f)
                assert concept.id == concept_id
                assert [list(r.items()) for r in rows] == [list(r.items()) for r in whole]
        with pytest.raises(GraphError, match="unknown predicate"):
            neighbor_rows(store, "c001", predicate="bogus")
