"""RDF export: independent parsers, SHACL shapes, round trips, determinism, IRI safety, CLI.

The hand-made graph is ``tests/data/rdf_sample/graph.json`` (a build folder with quotes,
angle brackets, non-ASCII, a negated claim, a contradiction, a study and its organization).
The seed tests build the real graph from ``sources/`` with :func:`graph.build_graph`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import graph as graph_api
from graph.cli import main
from graph.errors import ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export import get_writer
from graph.export.rdf import FORMATS, iter_triples, read_rdf, to_rdflib, validate_rdf, write_rdf
from graph.model import Claim, Concept, Evidence, Source
from graph.namespaces import (
    BIOLINK,
    BIOLINK_PREDICATES,
    CATEGORY_CLASSES,
    DEFAULT_BASE,
    EG,
    PROV,
    RDF,
    SKOS,
    expand_xrefs,
    project_namespaces,
    safe_local_name,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "rdf_sample"
EXT = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt"}
RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples"}

NASTY = [
    'quote"inside',
    "angle<brackets>",
    "spaces and\ttabs\nnewline",
    "non-ascii ünïcödé 痛み ✓",
    "emoji 😀 and zero\u200bwidth",
    "back\\slash and `tick` {brace} |pipe| ^caret",
    "percent%20already%zz",
    "hash#and?query=1&x=2",
    "slash/../dots",
    "x" * 5000,
    "é" * 300,
    "",
    " ",
    "'; DROP TABLE claims; --",
    "_:blank",
    "http://not.a.base/iri",
    "\x00\x01control",
]


@pytest.fixture(scope="module")
def sample() -> EvidenceGraph:
    return graph_api.load_graph(SAMPLE)


def _normalised_concepts(g: EvidenceGraph) -> dict:
    # A synonym equal to the label is not written (SKOS: no prefLabel is also an altLabel).
    return {k: c.replace(synonyms=tuple(sorted(set(c.synonyms) - {c.label})), xrefs=tuple(sorted(c.xrefs)), parents=tuple(sorted(c.parents))) for k, c in g.concepts.items()}


def assert_same_graph(back: EvidenceGraph, original: EvidenceGraph) -> None:
    """Everything the RDF carries came back (source texts are not exported, only their hash)."""
    assert back.claims == original.claims
    assert _normalised_concepts(back) == _normalised_concepts(original)
    assert {k: s.replace(text="") for k, s in back.sources.items()} == {k: s.replace(text="") for k, s in original.sources.items()}
    assert back.study_links == original.study_links
    assert back.findings == original.findings
    assert back.concept_sources == original.concept_sources
    assert back.concept_mentions == original.concept_mentions


def _ox_count(path: Path, fmt: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in ox.parse(handle, FORMATS[fmt][0]))


def _rapper_count(path: Path, syntax: str) -> int:
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    return int(done.stderr.split("returned")[1].split()[0])


needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="Debian's rapper (raptor2-utils) is not installed; CI installs it")


# -- formats, parsers, round trip ---------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_gives_the_same_claims_and_evidence(sample, tmp_path, fmt):
    path = tmp_path / f"graph.{EXT[fmt]}"
    write_rdf(sample, path, fmt)
    back = read_rdf(path)
    assert len(back.claims) == len(sample.claims) == 6
    assert_same_graph(back, sample)
    # and exporting what was read gives the same triples again (source hashes aside)
    again = tmp_path / f"again.{EXT[fmt]}"
    write_rdf(back, again, fmt)
    drop = str(EG.textSha256)
    first = {t for t in ox.parse(path.read_bytes(), FORMATS[fmt][0]) if t.predicate.value != drop}
    second = set(ox.parse(again.read_bytes(), FORMATS[fmt][0]))
    assert first == second


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_holds_the_same_triples_for_rdflib_and_oxigraph(sample, tmp_path, fmt):
    path = tmp_path / f"graph.{EXT[fmt]}"
    write_rdf(sample, path, fmt)
    parsed = rdflib.Graph().parse(path, format={"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}[fmt])
    expected = to_rdflib(sample)
    assert len(parsed) == len(expected) == _ox_count(path, fmt)
    assert set(parsed) == set(expected)


def test_jsonld_has_a_context_and_compact_names(sample, tmp_path):
    import json

    path = tmp_path / "graph.jsonld"
    write_rdf(sample, path, "jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["biolink"] == str(BIOLINK)
    assert document["@context"]["concept"] == DEFAULT_BASE + "concept/"
    claims = [n for n in document["@graph"] if "eg:Claim" in n.get("@type", [])]
    assert len(claims) == len(sample.claims)
    assert all(isinstance(c["biolink:negated"], bool) and isinstance(c["eg:support"], int) for c in claims)


@needs_rapper
@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_rapper_parses_the_export(sample, tmp_path, fmt):
    path = tmp_path / f"graph.{EXT[fmt]}"
    write_rdf(sample, path, fmt)
    assert _rapper_count(path, RAPPER_SYNTAX[fmt]) == _ox_count(path, fmt) == len(to_rdflib(sample))


def test_export_is_byte_identical_across_runs_and_hash_seeds(sample, tmp_path):
    write_rdf(sample, tmp_path / "a.ttl")
    write_rdf(sample, tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    code = (
        "import sys, graph; from graph.export.rdf import write_rdf; g = graph.load_graph(sys.argv[1])\n"
        "for fmt, ext in (('turtle', 'ttl'), ('jsonld', 'jsonld'), ('ntriples', 'nt')): write_rdf(g, sys.argv[2] + '.' + ext, fmt)"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path / f"seed{seed}")], check=True, env=env, cwd=ROOT, timeout=120)
    for fmt in FORMATS:
        first, second = (tmp_path / f"seed{seed}.{EXT[fmt]}" for seed in ("1", "2"))
        assert first.read_bytes() == second.read_bytes(), fmt
    assert (tmp_path / "seed1.ttl").read_bytes() == (tmp_path / "a.ttl").read_bytes()


def test_registered_writers_write_the_three_formats(sample, tmp_path):
    for name in ("graph.ttl", "graph.jsonld", "graph.nt"):
        get_writer(name)(sample, tmp_path / name, base="https://kg.example.net/x/", unrelated_option=1)
        assert read_rdf(tmp_path / name).claims == sample.claims
    assert "https://kg.example.net/x/concept/ketamine" in (tmp_path / "graph.nt").read_text(encoding="utf-8")


def test_base_iri_is_configurable_and_checked(sample, tmp_path):
    g = to_rdflib(sample, base="https://kg.example.net/data#")
    assert (rdflib.URIRef("https://kg.example.net/data#concept/ptsd"), RDF.type, EG.Condition) in g
    with pytest.raises(ExportError):
        write_rdf(sample, tmp_path / "x.ttl", base="ftp://bad base/")
    with pytest.raises(ExportError):
        write_rdf(sample, tmp_path / "x.ttl", base="https://no-trailing-slash")


def test_unknown_format_and_unwritable_path_are_export_errors(sample, tmp_path):
    with pytest.raises(ExportError):
        write_rdf(sample, tmp_path / "x.rdf", "rdfxml")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises((ExportError, OSError)):
        write_rdf(sample, blocker / "sub" / "x.ttl")


# -- the model in RDF ----------------------------------------------------------------------


def test_claims_are_reified_biolink_associations_with_provenance(sample):
    g = to_rdflib(sample)
    ns = project_namespaces()
    claim = next(c for c in sample.claims.values() if (c.subject, c.predicate, c.object, c.polarity) == ("ketamine", "treats", "ptsd", "affirmed"))
    node = ns.claim(claim.id)
    assert (node, RDF.type, BIOLINK.Association) in g
    assert (node, BIOLINK.subject, ns.concept("ketamine")) in g
    assert (node, BIOLINK.predicate, BIOLINK.treats_or_applied_or_studied_to_treat) in g
    assert (node, BIOLINK.negated, rdflib.Literal(False)) in g
    assert (node, BIOLINK.knowledge_level, rdflib.Literal("knowledge_assertion")) in g
    assert (node, BIOLINK.agent_type, rdflib.Literal("text_mining_agent")) in g
    assert (node, EG.certainty, rdflib.Literal("hedged")) in g
    assert (node, EG.attributedTo, ns.concept("jh_study")) in g
    assert (node, BIOLINK.publications, ns.source("a")) in g
    (evidence,) = g.objects(node, PROV.wasDerivedFrom)
    ev = claim.evidence[0]
    assert (evidence, BIOLINK.supporting_text, rdflib.Literal(ev.sentence, lang="en")) in g
    assert (evidence, PROV.wasQuotedFrom, ns.source("a")) in g
    assert sorted(int(o) for o in g.objects(evidence, BIOLINK.subject_location_in_text)) == [ev.subject_span[0] - ev.start, ev.subject_span[1] - ev.start]
    # offsets point into the quote
    lo, hi = sorted(int(o) for o in g.objects(evidence, BIOLINK.object_location_in_text))
    assert ev.sentence[lo:hi] == "PTSD"
    # sources, studies, organizations
    assert (ns.source("a"), RDF.type, BIOLINK.Article) in g
    assert str(g.value(ns.source("a"), rdflib.namespace.DCTERMS.title)) == sample.sources["a"].title
    assert (ns.concept("jh_study"), PROV.wasAssociatedWith, ns.concept("jh")) in g
    assert (ns.concept("jh"), RDF.type, BIOLINK.Agent) in g
    assert str(g.value(ns.concept("jh_study"), EG.finding)) == sample.findings["jh_study"]


def test_direct_triples_for_affirmed_claims_only(sample):
    g = to_rdflib(sample)
    ns = project_namespaces()
    for claim in sample.claims.values():
        direct = (ns.concept(claim.subject), EG[claim.predicate], ns.concept(claim.object))
        affirmed_twin = any(c.key[:3] == claim.key[:3] and c.polarity == "affirmed" for c in sample.claims.values())
        assert (direct in g) == affirmed_twin, claim.key
    assert (ns.concept("opioids"), EG.treats, ns.concept("ptsd")) not in g  # negated, no affirmed twin
    result = g.query("SELECT ?d WHERE { ?d eg:treats concept:ptsd }", initNs={"eg": EG, "concept": ns.concepts})
    assert {str(r.d) for r in result} == {str(ns.concept("ketamine"))}


def test_vocabulary_maps_to_biolink_and_skos(sample):
    g = to_rdflib(sample)
    ns = project_namespaces()
    for category, biolink_class in CATEGORY_CLASSES.items():
        assert (EG[category], rdflib.RDFS.subClassOf, biolink_class) in g
    for predicate, biolink_predicate in BIOLINK_PREDICATES.items():
        assert (EG[predicate], rdflib.RDFS.subPropertyOf, biolink_predicate) in g
    ketamine = ns.concept("ketamine")
    assert (ketamine, RDF.type, BIOLINK.Drug) in g
    assert (ketamine, SKOS.prefLabel, rdflib.Literal("ketamine", lang="en")) in g
    assert (ketamine, BIOLINK.category, BIOLINK.Drug) in g
    assert {str(o) for o in g.objects(ketamine, SKOS.altLabel)} == set(sample.concepts["ketamine"].synonyms)
    assert (ns.concept("nmda_receptor"), RDF.type, BIOLINK.Protein) in g
    inhibits = next(c for c in sample.claims.values() if c.predicate == "inhibits")
    assert (ns.claim(inhibits.id), BIOLINK.object_direction_qualifier, rdflib.Literal("decreased")) in g
    assert (ns.claim(inhibits.id), BIOLINK.qualified_predicate, BIOLINK.causes) in g


def test_xrefs_become_exact_match_iris_from_the_registry_without_network(sample, monkeypatch):
    import graph.namespaces as namespaces

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    namespaces._canonical_prefix_map.cache_clear()
    namespaces._converter.cache_clear()
    expanded = expand_xrefs(["MESH:D007649", "chebi:6121", "FOO:bar baz", "not a curie"])
    assert expanded == {"MESH:D007649": "http://id.nlm.nih.gov/mesh/D007649", "chebi:6121": "http://purl.obolibrary.org/obo/CHEBI_6121"}
    assert expand_xrefs(["GTIN:123"]) == {}  # neither the Biolink map nor the registry knows it
    g = to_rdflib(sample)
    ketamine = project_namespaces().concept("ketamine")
    # exactMatch: the ids shipped data verifies, expanded with the Biolink model's prefix map
    # (MeSH as id.nlm.nih.gov, as MeSH's own RDF and Biolink write it)
    assert {str(o) for o in g.objects(ketamine, SKOS.exactMatch)} == {"http://id.nlm.nih.gov/mesh/D007649", "http://purl.obolibrary.org/obo/CHEBI_6121"}
    assert {str(o) for o in g.objects(ketamine, EG.xref)} == {"MESH:D007649", "CHEBI:6121", "FOO:bar baz"}


# -- SHACL ----------------------------------------------------------------------------------


def test_sample_conforms_to_the_shapes(sample, tmp_path):
    conforms, report, _ = validate_rdf(sample)
    assert conforms, report
    write_rdf(sample, tmp_path / "g.nt", "ntriples")
    assert validate_rdf(tmp_path / "g.nt")[0]


def test_shapes_catch_broken_graphs(sample):
    """Independent breakages in one graph: the report names each of them."""
    g = to_rdflib(sample)
    ns = project_namespaces()
    negated = next(c for c in sample.claims.values() if c.polarity == "negated" and c.subject == "opioids")
    other = next(c for c in sample.claims.values() if c.predicate == "inhibits")
    evidence = next(iter(g.objects(ns.claim(other.id), PROV.wasDerivedFrom)))
    g.remove((evidence, BIOLINK.supporting_text, None))  # a quote lost
    g.add((ns.concept("opioids"), EG.treats, ns.concept("ptsd")))  # a negated claim stated as fact
    g.remove((ns.concept("anxiety"), SKOS.prefLabel, None))  # a concept without its label
    g.set((ns.claim(negated.id), EG.certainty, rdflib.Literal("certain")))  # not a SCHEMA.md value
    g.add((ns.concept("pain"), RDF.type, EG.Drug))  # two categories
    g.remove((ns.claim(other.id), PROV.wasDerivedFrom, None))  # a claim without evidence
    polar = next(c for c in sample.claims.values() if c.predicate == "co_occurs_with")
    g.set((ns.claim(polar.id), BIOLINK.negated, rdflib.Literal(True)))  # disagrees with eg:polarity "affirmed"
    conforms, report, report_graph = validate_rdf(g)
    assert not conforms
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    failures = {(str(report_graph.value(r, SH.focusNode)), str(report_graph.value(r, SH.resultPath) or ""), str(report_graph.value(r, SH.resultMessage)))
                for r in report_graph.subjects(RDF.type, SH.ValidationResult)}
    def failed(focus, text):
        return any(f == str(focus) and (text in path or text in message) for f, path, message in failures)
    assert failed(evidence, "supporting_text")
    assert failed(ns.claim(negated.id), "direct triple mismatch")
    assert failed(ns.concept("anxiety"), "prefLabel")
    assert failed(ns.claim(negated.id), "certainty")
    assert failed(ns.concept("pain"), "exactly one category")
    assert failed(ns.claim(other.id), "keeps its evidence")
    assert any(f == str(ns.claim(polar.id)) for f, _, _ in failures)
    assert not any(f == str(ns.concept("ketamine")) for f, _, _ in failures)  # untouched nodes are fine


# -- IRI safety -------------------------------------------------------------------------------


def _nasty_graph() -> EvidenceGraph:
    sources, concepts, claims = [], [], []
    for i, text in enumerate(NASTY):
        label = text or "empty"
        sources.append(Source(f"src {text}"[:300], "x" * 20, title=text, publisher=text, url=text, kind=text))
        concepts.append(Concept(f"id {i} {text}", label, "Condition", synonyms=(text,) if text else (), xrefs=(f"MESH:{text}",) if text.strip() else ()))
    concepts.append(Concept('drug "x" <y>', 'drug "x" <y>', "Drug"))
    for i, text in enumerate(NASTY):
        ev = Evidence(sources[i].id, text or "-", 0, 1, section=text, quantity=text, cue=text, subject_text=text, object_text=text, subject_span=(0, 1), object_span=(0, 1))
        claims.append(Claim('drug "x" <y>', "treats", concepts[i].id, evidence=(ev,)))
    return EvidenceGraph(sources, concepts, claims)


def test_nasty_ids_and_text_give_valid_rdf_that_round_trips(tmp_path):
    nasty = _nasty_graph()
    for fmt in FORMATS:
        path = tmp_path / f"nasty.{EXT[fmt]}"
        write_rdf(nasty, path, fmt)
        assert _ox_count(path, fmt) > 0
        rdflib.Graph().parse(path, format={"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}[fmt])
        assert_same_graph(read_rdf(path), nasty)
        if fmt in RAPPER_SYNTAX and shutil.which("rapper"):
            assert _rapper_count(path, RAPPER_SYNTAX[fmt]) == _ox_count(path, fmt)
    assert validate_rdf(nasty)[0]


@pytest.mark.parametrize("text", NASTY)
def test_safe_local_name_is_a_valid_iri_segment(text):
    local = safe_local_name(text)
    ox.NamedNode(DEFAULT_BASE + "concept/" + local)  # raises on an invalid IRI
    assert len(local) <= 200
    assert all(ch.isascii() and (ch.isalnum() or ch in "-._%") for ch in local)


def test_safe_local_name_property():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from urllib.parse import quote, unquote

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=120))
    def check(text):
        local = safe_local_name(text)
        ox.NamedNode(DEFAULT_BASE + "concept/" + local)
        if len(quote(text, safe="-._")) <= 200:
            assert unquote(local) == (text or "_")  # short ids are kept whole
        else:
            assert len(local) <= 200 and unquote(local[:-17]) == text[: len(unquote(local[:-17]))]
        # distinct ids never share an IRI
        assert safe_local_name(text + "x") != local

    check()
    assert hypothesis


def test_every_triple_of_a_nasty_export_has_valid_iris():
    for triple in iter_triples(_nasty_graph()):
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                assert " " not in term.value and "<" not in term.value and '"' not in term.value


# -- command line ---------------------------------------------------------------------------


def test_cli_export_and_validate(tmp_path, capsys):
    build = tmp_path / "build"
    shutil.copytree(SAMPLE, build)
    assert main(["export", "--graph", str(build), "--format", "jsonld"]) == 0
    assert (build / "graph.jsonld").exists()
    out = tmp_path / "custom.nt"
    assert main(["export", "--graph", str(build), "--format", "ntriples", "--out", str(out), "--base", "https://kg.example.net/"]) == 0
    assert "https://kg.example.net/claim/" in out.read_text(encoding="utf-8")
    assert main(["export", "--graph", str(build / "graph.jsonld"), "--out", str(tmp_path / "from_jsonld.ttl")]) == 0
    assert read_rdf(tmp_path / "from_jsonld.ttl").claims == graph_api.load_graph(build).claims
    capsys.readouterr()
    assert main(["validate", "--graph", str(build)]) == 0
    assert "conforms" in capsys.readouterr().out
    broken = tmp_path / "broken.ttl"
    turtle = (tmp_path / "from_jsonld.ttl").read_text(encoding="utf-8")
    assert "biolink:negated false" in turtle
    broken.write_text(turtle.replace("biolink:negated false", "biolink:negated 7"), encoding="utf-8")
    assert main(["validate", "--graph", str(broken)]) == 1
    assert main(["export", "--graph", str(tmp_path / "missing")]) == 1


# -- the seed articles -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> EvidenceGraph:
    if not hasattr(graph_api, "build_graph"):
        pytest.skip("graph.build_graph does not exist yet")
    return graph_api.build_graph(ROOT / "sources", cache_dir=tmp_path_factory.getbasetemp() / "seed_cache")


@pytest.fixture(scope="module")
def seed_turtle(seed_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "graph.ttl"
    get_writer("graph.ttl")(seed_graph, path)
    return path


def test_seed_turtle_parses_with_pyoxigraph_and_rdflib(seed_graph, seed_turtle):
    assert len(seed_graph.claims) > 0
    n = _ox_count(seed_turtle, "turtle")
    assert n == len(rdflib.Graph().parse(seed_turtle, format="turtle")) == len(to_rdflib(seed_graph))


@needs_rapper
def test_seed_turtle_parses_with_rapper(seed_turtle):
    assert _rapper_count(seed_turtle, "turtle") == _ox_count(seed_turtle, "turtle")


def test_seed_turtle_conforms_to_the_shapes(seed_turtle):
    conforms, report, _ = validate_rdf(seed_turtle)
    assert conforms, report


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_seed_round_trip(seed_graph, tmp_path, fmt):
    path = tmp_path / f"graph.{EXT[fmt]}"
    write_rdf(seed_graph, path, fmt)
    assert_same_graph(read_rdf(path), seed_graph)


def test_seed_negated_claims_have_no_direct_triple(seed_graph):
    g = to_rdflib(seed_graph)
    ns = project_namespaces()
    affirmed = {c.key[:3] for c in seed_graph.claims.values() if c.polarity == "affirmed"}
    for claim in seed_graph.claims.values():
        direct = (ns.concept(claim.subject), EG[claim.predicate], ns.concept(claim.object))
        assert (direct in g) == (claim.key[:3] in affirmed)


# -- issue 14: Biolink categories, offsets, language tags, direct triples -----------------------------


def test_shapes_catch_bad_offsets_missing_categories_and_repeated_labels(sample):
    g = to_rdflib(sample)
    ns = project_namespaces()
    claim = next(c for c in sample.claims.values() if (c.subject, c.predicate, c.object, c.polarity) == ("ketamine", "treats", "ptsd", "affirmed"))
    evidence = next(iter(g.objects(ns.claim(claim.id), PROV.wasDerivedFrom)))
    other = next(c for c in sample.claims.values() if c.predicate == "inhibits")
    far = next(iter(g.objects(ns.claim(other.id), PROV.wasDerivedFrom)))
    g.remove((evidence, BIOLINK.subject_location_in_text, None))
    g.add((evidence, BIOLINK.subject_location_in_text, rdflib.Literal(-161)))  # before the quote
    g.add((evidence, BIOLINK.subject_location_in_text, rdflib.Literal(3)))
    g.remove((far, BIOLINK.object_location_in_text, None))
    g.add((far, BIOLINK.object_location_in_text, rdflib.Literal(5000)))  # past the quote, and no start
    g.remove((ns.concept("anxiety"), BIOLINK.category, None))  # KGX would call it a NamedThing
    label = g.value(ns.concept("pain"), SKOS.prefLabel)
    g.add((ns.concept("pain"), SKOS.altLabel, label))  # SKOS forbids it
    conforms, _, report_graph = validate_rdf(g)
    assert not conforms
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    failures = {(str(report_graph.value(r, SH.focusNode)), str(report_graph.value(r, SH.resultMessage)))
                for r in report_graph.subjects(RDF.type, SH.ValidationResult)}
    assert (str(evidence), "mention offsets are within the quote: never negative") in failures
    assert any(f == str(far) and "within the quote" in m for f, m in failures)
    assert any(f == str(ns.concept("anxiety")) and "Biolink category" in m for f, m in failures)
    assert any(f == str(ns.concept("pain")) and "preferred label is never also" in m for f, m in failures)


def test_seed_offsets_lie_within_their_quotes(seed_graph):
    g = to_rdflib(seed_graph)
    checked = 0
    for evidence in g.subjects(RDF.type, EG.Evidence):
        quote = str(g.value(evidence, BIOLINK.supporting_text))
        for location in (BIOLINK.subject_location_in_text, BIOLINK.object_location_in_text):
            offsets = sorted(int(o) for o in g.objects(evidence, location))
            if offsets:
                start, end = offsets
                assert 0 <= start < end <= len(quote)
                checked += 1
    assert checked > 300


def test_every_node_has_a_biolink_category_and_text_a_language_tag(seed_graph):
    g = to_rdflib(seed_graph)
    for node in set(g.subjects(RDF.type, EG.Claim)) | set(g.subjects(RDF.type, BIOLINK.Article)):
        assert g.value(node, BIOLINK.category) is not None
    ns = project_namespaces()
    for concept_id in seed_graph.concepts:
        categories = set(g.objects(ns.concept(concept_id), BIOLINK.category))
        assert categories and all(str(c).startswith(str(BIOLINK)) for c in categories)
    assert (ns.concept("cognitive_behavioral_therapy"), BIOLINK.category, BIOLINK.Treatment) in g
    for prop in (SKOS.prefLabel, BIOLINK.supporting_text, rdflib.namespace.DCTERMS.title):
        values = list(g.objects(None, prop))
        assert values and all(v.language == "en" for v in values), prop
    for prop in (rdflib.namespace.DCTERMS.identifier, EG.polarity, BIOLINK.knowledge_level):
        assert all(v.language is None for v in g.objects(None, prop)), prop
    assert {str(v) for v in g.objects(None, BIOLINK.primary_knowledge_source)} == {"infores:evidence-graph"}


def test_direct_triples_are_optional(sample, tmp_path, capsys):
    out = tmp_path / "bare.ttl"
    assert main(["export", "--graph", str(SAMPLE), "--out", str(out), "--no-direct-triples"]) == 0
    bare = rdflib.Graph().parse(out)
    assert not any(p.startswith(str(EG)) and str(p)[len(str(EG)):] in BIOLINK_PREDICATES for p in bare.predicates())
    assert validate_rdf(out)[0]
    full = to_rdflib(sample)
    assert len(full) > len(bare) and validate_rdf(full)[0]
    assert read_rdf(out).claims == sample.claims  # the claim nodes carry everything
