"""Paths answered from the store (graph.store.paths: the links table, read as the search reaches
each concept) equal the paths of the whole graph (graph.query.paths) hop for hop: the same paths
in the same order, the same scores, directions, claims and evidence. On the seed build and on a
generated corpus; for hub-to-hub pairs, random pairs, pairs with no path, a concept with itself,
and every max_hops; from the library and from the command line."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import pytest

import graph
from graph import query, store as stored
from graph.cli import main
from graph.errors import GraphError, QueryError
from graph.export.graphfile import write_graph_json
from graph.export.sqlite import write_sqlite
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate_corpus  # noqa: E402

OPTIONS = [  # (max_hops, limit, skip_negated)
    (1, 10, True), (2, 10, True), (2, None, False), (3, 10, True), (3, 3, False), (3, 1, True), (3, 25, True),
    (4, 5, True),
]


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory):
    """A graph of 40 generated articles (benchmarks/corpus.py): dense, with hubs and many ties."""
    folder = tmp_path_factory.mktemp("corpus40")
    generate_corpus(folder, 40, seed=5)
    return graph.build_graph(folder, curation=False)


@pytest.fixture(scope="module", params=["seed", "generated"])
def written(request, seed_graph, generated_graph, tmp_path_factory):
    """(whole graph, folder with graph.json only, folder with graph.sqlite only)."""
    g = seed_graph if request.param == "seed" else generated_graph
    as_json = tmp_path_factory.mktemp(f"{request.param}-json")
    as_store = tmp_path_factory.mktemp(f"{request.param}-store")
    write_graph_json(g, as_json / "graph.json")
    write_sqlite(g, as_store / "graph.sqlite")
    return g, as_json, as_store


def _answer(found) -> list:
    return [(p.score, [(h.start, h.end, h.direction, h.score, h.claim) for h in p.hops]) for p in found]


def _pairs(g, n_random: int = 25) -> list[tuple[str, str]]:
    """Hub to hub (the expensive case), random pairs, and concepts without claims (no path)."""
    degree: dict[str, int] = {}
    for c in g.claims.values():
        for end in {c.subject, c.object}:
            degree[end] = degree.get(end, 0) + 1
    hubs = sorted(degree, key=lambda cid: (-degree[cid], cid))[:5]
    pairs = [(a, b) for a in hubs for b in hubs if a != b]
    rng = random.Random(7)
    linked = sorted(degree)
    pairs += [tuple(rng.sample(linked, 2)) for _ in range(n_random)]
    isolated = sorted(set(g.concepts) - set(degree))
    if isolated:
        pairs += [(isolated[0], hubs[0]), (hubs[1], isolated[-1])]
    return pairs


def test_store_paths_equal_whole_graph_paths(written):
    g, _, as_store = written
    seen = {"empty": 0, "found": 0, "three_hops": 0, "one_hop_none": 0}
    with Store(as_store / "graph.sqlite") as store:
        for a, b in _pairs(g):
            for max_hops, limit, skip in OPTIONS:
                options = dict(max_hops=max_hops, limit=limit, skip_negated=skip)
                whole = _answer(query.paths(g, a, b, **options))
                read = _answer(stored.paths(store, a, b, **options))
                assert read == whole, (a, b, options)
                seen["empty" if not whole else "found"] += 1
                seen["three_hops"] += any(len(hops) == 3 for _, hops in whole)
                seen["one_hop_none"] += max_hops == 1 and not whole
    # the pairs reach every case: no path at all, no path of one hop, paths of three hops
    assert all(seen.values()), seen


def test_the_same_concept_twice_is_the_same_error(written):
    g, _, as_store = written
    some = sorted(g.concepts)[len(g.concepts) // 2]
    label = g.concepts[some].label
    with Store(as_store / "graph.sqlite") as store:
        for source, target in ((some, some), (label, some), (label.upper(), label)):
            with pytest.raises(QueryError) as whole:
                query.paths(g, source, target)
            with pytest.raises(QueryError) as read:
                stored.paths(store, source, target)
            assert str(read.value) == str(whole.value) and "same concept" in str(read.value)
        for bad in (0, 9):
            with pytest.raises(QueryError, match="max_hops"):
                stored.paths(store, some, sorted(g.concepts)[0], max_hops=bad)


def _ask(capsys, argv):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_path_command_prints_the_same_from_the_store(capsys, written, fmt):
    g, as_json, as_store = written
    pairs = _pairs(g, n_random=3)
    asked = [pairs[0], pairs[-1], pairs[len(pairs) // 2]]
    for (a, b), extra in zip(asked, (["--max-hops", "3"], ["--max-hops", "1"], ["--include-negated", "--sentences", "0"])):
        argv = ["path", g.concepts[a].label, g.concepts[b].label, *extra, "--format", fmt]
        from_json = _ask(capsys, [*argv, "--graph", str(as_json)])
        from_store = _ask(capsys, [*argv, "--graph", str(as_store)])
        assert from_json[0] == 0, from_json[2]
        assert from_store == from_json


def test_a_three_hop_search_reads_only_what_it_reaches(written):
    """The links of the concepts the search reaches, never the whole table; the claims of the paths found."""
    g, _, as_store = written
    a, b = _pairs(g)[0]
    statements: list[str] = []
    with Store(as_store / "graph.sqlite") as store:
        store.db.set_trace_callback(statements.append)
        found = stored.paths(store, a, b, max_hops=3)
    assert found
    reads = [s for s in statements if " FROM links" in s]
    assert reads and all("WHERE node = " in s for s in reads)
    claim_reads = [s for s in statements if s.startswith("SELECT claim_id, subject, predicate, object, polarity FROM claims")]
    assert claim_reads and all("claim_id IN (" in s for s in claim_reads)


def test_a_store_of_an_older_format_asks_for_a_rebuild(capsys, tmp_path):
    write_sqlite(query.example_graph(), tmp_path / "graph.sqlite")
    db = sqlite3.connect(tmp_path / "graph.sqlite")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'format_version'")
    db.commit()
    db.close()
    with pytest.raises(GraphError, match=r"format version 2, written by another version.*rebuild it"):
        Store(tmp_path / "graph.sqlite")
    status, out, err = _ask(capsys, ["path", "ketamine", "ptsd", "--graph", str(tmp_path)])
    assert status == 1 and out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert "rebuild it" in err and "build_graph.py" in err
