"""SPARQL: read-only by parsing, example queries checked against the model objects, CLI output.

Each example query's rows are compared with the same question answered directly from the
EvidenceGraph's claims and evidence (an independent path), on the hand-made graph
``tests/data/rdf_sample`` and on the graph built from the seed articles.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

import graph as graph_api
from graph.cli import main
from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph
from graph.export.rdf import write_rdf
from graph.model import UNATTRIBUTED
from graph.sparql import QUERIES_DIR, check_read_only, example_queries, load_query, run_sparql, sparql_frame

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "rdf_sample"


@pytest.fixture(scope="module")
def sample() -> EvidenceGraph:
    return graph_api.load_graph(SAMPLE)


# -- read-only -------------------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "delete data { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX eg: <https://example.org/evidence-graph/vocab#>\nDELETE { ?c eg:certainty ?x } INSERT { ?c eg:certainty 'asserted' } WHERE { ?c eg:certainty ?x }",
    "LOAD <http://example.com/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://a>",
    "CREATE GRAPH <http://a>",
    "ADD DEFAULT TO <http://a>",
    "MOVE DEFAULT TO <http://a>",
    "COPY DEFAULT TO <http://a>",
    "# a comment first\n  CLEAR DEFAULT",
    "PREFIX eg: <https://example.org/evidence-graph/vocab#> LOAD <http://a> ; DROP ALL",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_with_a_clear_message(sample, update):
    with pytest.raises(QueryError, match="not allowed: queries are read-only"):
        run_sparql(sample, update)


def test_update_words_inside_strings_and_comments_are_fine(sample):
    query = 'SELECT ?c WHERE { ?c a eg:Claim . FILTER (?c != "DELETE WHERE { ?s ?p ?o }") } # DROP ALL'
    assert check_read_only(query) == "SELECT"
    assert len(run_sparql(sample, query).rows) == len(sample.claims)


def test_service_and_syntax_errors_are_refused(sample):
    with pytest.raises(QueryError, match="syntax error"):  # a query glued to an update is neither
        run_sparql(sample, "SELECT * WHERE { ?s ?p ?o } ; DROP ALL")
    with pytest.raises(QueryError, match="SERVICE"):
        run_sparql(sample, "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="syntax error"):
        run_sparql(sample, "SELECT ?x WHERE { ?x")
    with pytest.raises(QueryError, match="empty"):
        run_sparql(sample, "   ")


def test_query_forms(sample):
    assert run_sparql(sample, "ASK { ?c eg:polarity 'negated' }").rows == [(True,)]
    construct = run_sparql(sample, "CONSTRUCT { ?d eg:helps ?c } WHERE { ?d eg:treats ?c }")
    assert construct.columns == ["subject", "predicate", "object"]
    affirmed_treats = {(c.subject, c.object) for c in sample.claims.values() if c.predicate == "treats" and c.polarity == "affirmed"}
    assert {(s.rsplit("/", 1)[1], o.rsplit("/", 1)[1]) for s, _, o in construct.rows} == affirmed_treats
    described = run_sparql(sample, "DESCRIBE concept:ptsd")
    assert ("https://example.org/evidence-graph/concept/ptsd", "http://www.w3.org/2004/02/skos/core#prefLabel", "ptsd") in described.rows


def test_typed_values_and_dataframe(sample, tmp_path):
    query = "SELECT ?id ?support ?negated WHERE { ?c a eg:Claim ; dcterms:identifier ?id ; eg:support ?support ; biolink:negated ?negated } ORDER BY ?id"
    frame = sparql_frame(sample, query)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["id", "support", "negated"]
    expected = sorted((c.id, c.support, c.polarity == "negated") for c in sample.claims.values())
    assert list(frame.itertuples(index=False, name=None)) == expected
    # the same from an exported file, a build folder, and an rdflib graph
    write_rdf(sample, tmp_path / "g.ttl")
    assert sparql_frame(tmp_path / "g.ttl", query).equals(frame)
    assert sparql_frame(SAMPLE, query).equals(frame)
    from graph.export.rdf import to_rdflib

    assert sparql_frame(to_rdflib(sample), query).equals(frame)


def test_load_query_from_file_name_and_text(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert load_query(str(path)).startswith("SELECT")
    assert load_query("hedged_treatment_claims") == (QUERIES_DIR / "hedged_treatment_claims.rq").read_text(encoding="utf-8")
    assert load_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(QueryError):
        load_query(str(tmp_path / "missing.rq"))


# -- example queries against the model objects --------------------------------------------------


def expected_hedged(g: EvidenceGraph) -> list[tuple]:
    label = {cid: c.label for cid, c in g.concepts.items()}
    rows = {
        (label[c.subject], label[c.object], ev.sentence, ev.source_id, ev.section or None)
        for c in g.claims.values()
        if c.predicate == "treats" and c.certainty == "hedged" and c.polarity == "affirmed"
        for ev in c.evidence
    }
    return sorted(rows, key=lambda r: (r[0], r[1], r[3], r[2]))


def expected_pain_and_ptsd(g: EvidenceGraph) -> list[tuple]:
    def names(cid):
        c = g.concepts[cid]
        return {n.lower() for n in (c.label, *c.synonyms)}

    treated = {}
    for c in g.claims.values():
        if c.predicate == "treats" and c.polarity == "affirmed" and g.concepts[c.subject].category == "Drug":
            treated.setdefault(c.subject, set()).update(names(c.object))
    ptsd = {"ptsd", "post-traumatic stress disorder", "posttraumatic stress disorder"}
    return sorted({(g.concepts[d].label,) for d, n in treated.items() if "chronic pain" in n and n & ptsd})


def expected_citing(g: EvidenceGraph) -> set[tuple]:
    org = {s: o for s, o in g.study_links}
    rows = set()
    for c in g.claims.values():
        for ev in c.evidence:
            if ev.attribution and ev.attribution != UNATTRIBUTED and ev.attribution in g.concepts:
                organization = g.concepts[org[ev.attribution]].label if ev.attribution in org else None
                rows.add((g.concepts[ev.attribution].label, organization, g.concepts[c.subject].label, c.predicate,
                          g.concepts[c.object].label, c.polarity, ev.sentence, ev.source_id))
    return rows


def expected_contradictions(g: EvidenceGraph) -> set[tuple]:
    by_key = {c.key: c for c in g.claims.values()}
    return {
        (g.concepts[c.subject].label, c.predicate, g.concepts[c.object].label, c.support, by_key[(*c.key[:3], "negated")].support)
        for c in g.claims.values()
        if c.polarity == "affirmed" and (*c.key[:3], "negated") in by_key
    }


def check_examples(g: EvidenceGraph) -> dict[str, list]:
    results = {name: run_sparql(g, name) for name in example_queries()}
    assert results["hedged_treatment_claims"].rows == expected_hedged(g)
    assert results["drugs_for_pain_and_ptsd"].rows == expected_pain_and_ptsd(g)
    assert set(results["claims_citing_a_study"].rows) == expected_citing(g)
    assert len(results["claims_citing_a_study"].rows) == len(expected_citing(g))
    assert set(results["contradictions"].rows) == expected_contradictions(g)
    return {name: r.rows for name, r in results.items()}


def test_example_queries_on_the_hand_made_graph(sample):
    rows = check_examples(sample)
    # the sample was written so that every example query has rows
    assert rows["hedged_treatment_claims"] and rows["claims_citing_a_study"] and rows["contradictions"]
    assert rows["drugs_for_pain_and_ptsd"] == [("ketamine",)]  # opioids' PTSD claim is negated


def test_every_shipped_query_is_documented_and_read_only():
    docs = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    queries = example_queries()
    assert len(queries) >= 3
    for name, (summary, text) in queries.items():
        assert summary, name
        assert check_read_only(text) == "SELECT"
        assert name in docs, f"{name} is not described in docs/rdf.md"


# -- command line ------------------------------------------------------------------------------


def test_cli_sparql_formats(sample, capsys):
    query = "SELECT ?drug ?condition WHERE { ?d eg:treats ?c ; skos:prefLabel ?drug . ?c skos:prefLabel ?condition } ORDER BY ?drug ?condition"
    expected = sorted((sample.concepts[c.subject].label, sample.concepts[c.object].label) for c in sample.claims.values() if c.predicate == "treats" and c.polarity == "affirmed")
    assert main(["sparql", query, "--graph", str(SAMPLE), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["drug", "condition"] and [tuple(r) for r in rows[1:]] == expected
    assert main(["sparql", query, "--graph", str(SAMPLE), "--format", "json"]) == 0
    assert [(r["drug"], r["condition"]) for r in json.loads(capsys.readouterr().out)] == expected
    assert main(["sparql", query, "--graph", str(SAMPLE)]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["drug", "condition"] and f"({len(expected)} rows)" in table


def test_cli_sparql_shipped_query_file_and_rdf_file(tmp_path, capsys, sample):
    write_rdf(sample, tmp_path / "g.nt", "ntriples")
    assert main(["sparql", str(QUERIES_DIR / "drugs_for_pain_and_ptsd.rq"), "--graph", str(tmp_path / "g.nt"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["drug", "ketamine"]
    assert main(["sparql", "contradictions", "--graph", str(SAMPLE), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(expected_contradictions(sample))


def test_cli_sparql_refuses_updates_and_missing_graphs(capsys, tmp_path):
    assert main(["sparql", "DROP ALL", "--graph", str(SAMPLE)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "read-only" in err and len(err.strip().splitlines()) == 1
    assert main(["sparql", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(tmp_path / "nothing")]) == 1
    assert "no graph" in capsys.readouterr().err


def test_cli_queries_lists_the_shipped_files(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    for path in QUERIES_DIR.glob("*.rq"):
        assert path.stem in out
    assert main(["queries", "--show", "contradictions"]) == 0
    assert capsys.readouterr().out == (QUERIES_DIR / "contradictions.rq").read_text(encoding="utf-8")
    assert main(["queries", "--show", "nope"]) == 1


# -- the seed articles -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> EvidenceGraph:
    if not hasattr(graph_api, "build_graph"):
        pytest.skip("graph.build_graph does not exist yet")
    return graph_api.build_graph(ROOT / "sources", cache_dir=tmp_path_factory.getbasetemp() / "seed_cache")


def test_example_queries_on_the_seed_articles(seed_graph):
    rows = check_examples(seed_graph)
    # The seed articles are about ketamine for chronic pain and for PTSD.
    assert ("ketamine",) in rows["drugs_for_pain_and_ptsd"]
    assert rows["hedged_treatment_claims"], "the seeds hedge some treatment claims (\"may help\")"
    assert rows["claims_citing_a_study"], "the seeds cite named studies (Johns Hopkins, University of Chicago)"
