"""The ``text`` RDF engine (graph/export/rdftext.py): real parsers read what it writes.

Its Turtle and N-Triples are parsed with rdflib and with Debian's ``rapper`` (raptor2) and
compared, triple for triple, with the rdflib engine's graph (:func:`to_rdflib`); its bytes are
compared with the Oxigraph engine's (the engine it replaced as the default). Hostile text
(quotes, backslashes, newlines, tabs, every control character, U+FFFE, emoji, ``\"\"\"``) and
hostile ids (spaces, ``>``, ``%``) go through every literal and every data IRI.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import re
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import graph as graph_api
from graph.errors import ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export import get_writer, rdftext
from graph.namespaces import DEFAULT_BASE
from graph.export.rdf import DEFAULT_ENGINE, ENGINES, FORMATS, _RdflibTerms, iter_triples, read_rdf, to_rdflib, write_rdf
from graph.model import Claim, Concept, Evidence, Source

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "rdf_sample"
EXT = {"turtle": "ttl", "ntriples": "nt"}
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt"}
TEXT_FORMATS = ("turtle", "ntriples")

CONTROLS = "".join(chr(c) for c in range(0x20)) + "\x7f"
#: Text an article may hold, in every literal of the hostile graph.
HOSTILE_TEXT = [
    'He said "it works" and left.',
    'triple """quotes""" and a final quote"',
    '"',
    "back\\slash, \\n that is no newline, \\u0041 no escape, a final backslash\\",
    "line one\nline two\r\nline three\rend",
    "tab\there\tand\vvertical\fform feed\bbackspace",
    "controls: " + CONTROLS[1:],  # U+0001..U+001F and DEL (U+0000 below: rapper cuts it)
    "nul \x00 inside",
    "non-characters \ufffe and \uffff",
    "emoji 😀🧠 astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and a flag 🇫🇷",
    "> angle < brackets > and {braces} |pipe| ^caret `tick`",
    "line separator \u2028 paragraph \u2029 next line \u0085 bom \ufeff zero\u200bwidth",
    "combining e\u0301 and right-to-left \u202e text",
    "@en ^^<http://example.org/type> _:blank .",
    " ",
]
#: Of those, what rapper (raptor2 2.0.x) reads back exactly: it ends a string at U+0000 and
#: refuses U+FFFE/U+FFFF ("Illegal Unicode character"), even escaped as the grammar allows.
RAPPER_UNSAFE = ("\x00", "\ufffe", "\uffff")
#: Ids that become data IRIs (percent-encoded when minted).
HOSTILE_IDS = ["spaces in id", "a>b<c", 'quote"id', "100%", "%zz", "-dash", ".dot", "dot.", "~tilde", "é", "😀", "a/b#c?d", "x" * 300]


def hostile_graph(texts=HOSTILE_TEXT, ids=HOSTILE_IDS) -> EvidenceGraph:
    """Each hostile text in a source (title, publisher, URL, ...), a concept (label, synonym, display
    name, description) and a claim's evidence (sentence, section, quantity, cue, object text); each
    hostile id as a concept's and (prefixed) a source's id."""
    sources, concepts, claims = [], [Concept("drug x", "drug x", "Drug")], []
    for i in range(max(len(texts), len(ids))):
        text, ident = texts[i % len(texts)], ids[i] if i < len(ids) else f"id {i}"
        source = Source(f"src {ident}", "body " + text, title=text, publisher=text, url=f"https://example.org/{text}", kind=text, date=text, path=text)
        concept = Concept(ident, f"label {i} {text}", "Condition", synonyms=(text, f"syn {i}"), display=text, description=text)
        sentence = f"Drug x treats {text}."
        ev = Evidence(source.id, sentence, 0, len(sentence), section=text, quantity=text, cue=text, subject_text="Drug x",
                      object_text=text, subject_span=(0, 6), object_span=(7, 8), certainty="hedged" if i % 2 else "asserted")
        sources.append(source)
        concepts.append(concept)
        claims.append(Claim("drug x", "treats", concept.id, "negated" if i % 3 == 0 else "affirmed", evidence=(ev,)))
    return EvidenceGraph(sources, concepts, claims)


@pytest.fixture(scope="module")
def sample() -> EvidenceGraph:
    return graph_api.load_graph(SAMPLE)


@pytest.fixture(scope="module")
def hostile() -> EvidenceGraph:
    return hostile_graph()


@pytest.fixture(scope="module")
def rapper_safe() -> EvidenceGraph:
    texts = [t for t in HOSTILE_TEXT if not any(ch in t for ch in RAPPER_UNSAFE)]
    return hostile_graph(texts)


def _parse_rdflib(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=RDFLIB_FORMAT[fmt])


def _parse_oxigraph(path: Path, fmt: str) -> set:
    with open(path, "rb") as handle:
        return set(ox.parse(handle, FORMATS[fmt][0]))


needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="Debian's rapper (raptor2-utils) is not installed: scripts/system-deps.sh")


def _parse_rapper(path: Path, fmt: str) -> rdflib.Graph:
    """What rapper reads from the file, written back by rapper as N-Triples and loaded with rdflib."""
    done = subprocess.run(["rapper", "-q", "-i", {"turtle": "turtle", "ntriples": "ntriples"}[fmt], "-o", "ntriples", str(path)],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert not done.stderr.strip(), done.stderr.decode("utf-8", "replace")
    return rdflib.Graph().parse(data=done.stdout.decode("utf-8"), format="nt")


def _literals(g: rdflib.Graph) -> set[str]:
    return {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}


# -- the engines -----------------------------------------------------------------------------


def test_engines_are_registered_in_one_dict_and_text_is_the_default(sample, tmp_path):
    assert list(ENGINES) == ["text", "oxigraph", "rdflib"]
    assert DEFAULT_ENGINE == "text" == inspect.signature(write_rdf).parameters["engine"].default
    with pytest.raises(ExportError, match="unknown RDF engine 'rdf4j'; choose one of text, oxigraph, rdflib"):
        write_rdf(sample, tmp_path / "x.ttl", engine="rdf4j")
    with pytest.raises(ExportError, match="text engine writes turtle and ntriples"):
        rdftext.TextSerializer("jsonld")


def _expand_final_escaped_dots(turtle: bytes, base: str) -> bytes:
    """Oxigraph's Turtle with each prefixed name ending in an escaped '.' (``concept:dot\\.``, which
    rdflib cannot read) written as the full IRI, as the text engine writes it."""
    namespaces = {name: base + name + "/" for name in ("concept", "source", "claim", "evidence")}

    def full(match: re.Match) -> bytes:
        return b"<" + namespaces[match.group(1).decode()].encode() + match.group(2).replace(b"\\", b"") + b">"

    return re.sub(rb"\b(concept|source|claim|evidence):((?:\\.|[^\s\\])*\\\.)(?=\s)", full, turtle)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_engine_writes_the_bytes_of_the_oxigraph_engine(sample, hostile, seed_graph, tmp_path, fmt):
    for name, g in (("sample", sample), ("hostile", hostile), ("seed", seed_graph)):
        for options in ({}, {"direct_triples": False, "infores": "infores:other-kg", "base": "https://kg.example.net/x#"}):
            text, oxi = tmp_path / f"{name}.text.{EXT[fmt]}", tmp_path / f"{name}.ox.{EXT[fmt]}"
            write_rdf(g, text, fmt, **options)
            write_rdf(g, oxi, fmt, engine="oxigraph", **options)
            expected = oxi.read_bytes()
            if fmt == "turtle" and name == "hostile":  # the ids "dot." and "src dot."
                fixed = _expand_final_escaped_dots(expected, options.get("base", DEFAULT_BASE))
                assert fixed.count(b"dot.>") == expected.count(b"dot\\.") > 0
                expected = fixed
            assert text.read_bytes() == expected, (name, options)


def test_build_writers_use_the_text_engine(sample, tmp_path, monkeypatch):
    used = []
    original = ENGINES["text"]
    monkeypatch.setitem(ENGINES, "text", lambda *args: used.append(args[2]) or original(*args))
    for name in ("graph.ttl", "graph.nt"):
        get_writer(name)(sample, tmp_path / name, base="https://kg.example.net/x/")
    assert used == ["turtle", "ntriples"]
    assert read_rdf(tmp_path / "graph.ttl").claims == read_rdf(tmp_path / "graph.nt").claims == sample.claims


# -- real parsers: rdflib, Oxigraph, rapper ------------------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_rdflib_reads_the_triples_of_the_rdflib_engine(sample, hostile, tmp_path, fmt):
    for name, g in (("sample", sample), ("hostile", hostile)):
        path = tmp_path / f"{name}.{EXT[fmt]}"
        write_rdf(g, path, fmt)
        parsed, expected = _parse_rdflib(path, fmt), to_rdflib(g)
        assert len(parsed) == len(expected) and set(parsed) == set(expected), name
        assert isomorphic(parsed, expected)
        # and the rdflib engine's own file holds the same triples
        rdflib_file = tmp_path / f"{name}.rdflib.{EXT[fmt]}"
        write_rdf(g, rdflib_file, fmt, engine="rdflib")
        assert set(_parse_rdflib(rdflib_file, fmt)) == set(parsed), name


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_hostile_text_round_trips_through_rdflib_and_oxigraph(hostile, tmp_path, fmt):
    path = tmp_path / f"hostile.{EXT[fmt]}"
    write_rdf(hostile, path, fmt)
    literals = _literals(_parse_rdflib(path, fmt))
    for text in HOSTILE_TEXT:
        assert text in literals, repr(text)
        assert f"Drug x treats {text}." in literals, repr(text)
    oxi = {t.object.value for t in _parse_oxigraph(path, fmt) if isinstance(t.object, ox.Literal)}
    assert oxi == literals
    back = read_rdf(path)  # the project's reader gives the claims and their evidence back
    assert back.claims == hostile.claims
    assert {k: c.description for k, c in back.concepts.items()} == {k: c.description for k, c in hostile.concepts.items()}


@needs_rapper
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_rapper_reads_the_triples_of_the_rdflib_engine(sample, rapper_safe, tmp_path, fmt):
    for name, g in (("sample", sample), ("hostile", rapper_safe)):
        path = tmp_path / f"{name}.{EXT[fmt]}"
        write_rdf(g, path, fmt)
        parsed, expected = _parse_rapper(path, fmt), to_rdflib(g)
        assert len(parsed) == len(expected), name
        assert set(parsed) == set(expected), name
    literals = _literals(parsed)
    assert all(text in literals for text in HOSTILE_TEXT if not any(ch in text for ch in RAPPER_UNSAFE))


@needs_rapper
def test_rapper_reads_the_seed_build(seed_graph, tmp_path):
    path = tmp_path / "seed.ttl"
    write_rdf(seed_graph, path)
    assert set(_parse_rapper(path, "turtle")) == set(to_rdflib(seed_graph))


@needs_rapper
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_rapper_reads_every_triple_when_a_literal_holds_nul(tmp_path, fmt):
    """raptor keeps strings as C strings: it cuts a literal at U+0000, but reads every triple."""
    g = hostile_graph([t for t in HOSTILE_TEXT if "\ufffe" not in t])
    path = tmp_path / f"nul.{EXT[fmt]}"
    write_rdf(g, path, fmt)
    parsed = _parse_rapper(path, fmt)
    assert len(parsed) == len(to_rdflib(g))
    assert "nul " in _literals(parsed) and "nul \x00 inside" in _literals(_parse_rdflib(path, fmt))


# -- escaping, unit by unit ---------------------------------------------------------------------


def _one_triple_bytes(engine: str, fmt: str, subject: str, literal: str) -> bytes:
    buffer = io.BytesIO()
    if engine == "oxigraph":
        ox.serialize([ox.Triple(ox.NamedNode(subject), ox.NamedNode("http://example.org/p"), ox.Literal(literal, language="en"))], buffer,
                     FORMATS[fmt][0], prefixes={"ex": "http://example.org/", "n": "http://example.org/ns/"} if fmt == "turtle" else None)
        return buffer.getvalue()
    serializer = rdftext.TextSerializer(fmt, {"ex": "http://example.org/", "n": "http://example.org/ns/"} if fmt == "turtle" else None)
    t = serializer.terms
    text = io.StringIO()
    serializer.write([t.triple(t.iri(subject), t.iri("http://example.org/p"), t.lang(literal))], text)
    return text.getvalue().encode("utf-8")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_character_is_escaped_as_oxigraph_escapes_it(fmt):
    every = "".join(chr(c) for c in range(0x250)) + "\u2028\u2029\ud7ff\ue000\ufeff\ufffd\ufffe\uffff\U0001f600\U0010ffff"
    assert _one_triple_bytes("text", fmt, "http://example.org/s", every) == _one_triple_bytes("oxigraph", fmt, "http://example.org/s", every)
    assert rdftext.escape_string('"\\\n\r\t\b\f\x00\x1f\x7f\ufffe😀') == '\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001F\\u007F\\uFFFE😀'


@pytest.mark.parametrize("local", ["plain", "a%20b", "-x", ".x", "x.", "a.b", "9a", "a:b", "a~b", "é", "\u00b7x", "x\u00b7", "_x", "a/b",
                                   "a?b", "", "\u0300x", "x\u0300", "a\u203f", "!$&'()*+,;=@", "😀", "日本"])
def test_prefixed_names_are_those_oxigraph_writes_and_parse_back(local):
    iri = "http://example.org/ns/" + local
    ours = _one_triple_bytes("text", "turtle", iri, "x")
    if local.endswith("."):  # Oxigraph writes n:x\\. which rdflib cannot read
        assert f"<{iri}>".encode() in ours
    else:
        assert ours == _one_triple_bytes("oxigraph", "turtle", iri, "x")
    assert {str(s) for s in rdflib.Graph().parse(data=ours.decode("utf-8"), format="turtle").subjects()} == {iri}


def test_prefixed_name_only_when_the_local_part_is_a_pn_local():
    terms = rdftext.TurtleTerms({"concept": "https://example.org/concept/"})
    assert terms.iri("https://example.org/concept/ketamine") == "concept:ketamine"
    assert terms.iri("https://example.org/concept/a%20b") == "concept:a\\%20b"  # PN_LOCAL_ESC
    assert terms.iri("https://example.org/concept/x.y") == "concept:x.y"
    assert terms.iri("https://example.org/concept/x.") == "<https://example.org/concept/x.>"  # concept:x\\. is valid; rdflib refuses it
    assert terms.iri("https://example.org/concept/a\u00d7b") == "<https://example.org/concept/a\u00d7b>"  # × is no PN_CHARS
    assert terms.iri("https://example.org/concepts") == "<https://example.org/concepts>"
    assert rdftext.escape_local_name("a b") is None


@pytest.mark.parametrize("iri", ["https://example.org/a b", "https://example.org/a>b", 'https://example.org/a"b', "https://example.org/{x}",
                                 "https://example.org/a|b", "https://example.org/a^b", "https://example.org/a`b", "https://example.org/a\\b",
                                 "https://example.org/a\nb", "https://example.org/a\x00b", "https://example.org/100%", "https://example.org/%zz",
                                 "relative/path", "", "😀:x y"])
def test_iris_an_iriref_cannot_hold_are_refused(iri):
    for terms in (rdftext.NTriplesTerms(), rdftext.TurtleTerms({"ex": "https://example.org/"})):
        with pytest.raises(ExportError):
            terms.iri(iri)
    with pytest.raises(ExportError):
        rdftext.check_iri(iri)


def test_an_invalid_iri_in_the_graph_is_an_export_error_with_every_engine(sample, tmp_path, monkeypatch):
    import graph.export.rdf as rdf
    from graph.export.identifiers import ground

    def grounded(concept):  # every concept "verified" as an id that expands to an IRI with a space
        return dataclasses.replace(ground(concept), ids=("MESH:D000001",))

    monkeypatch.setattr(rdf, "ground", grounded)
    monkeypatch.setattr(rdf, "expand_curie", lambda curie: "http://id.nlm.nih.gov/mesh/D 1")
    for engine in ("text", "oxigraph"):
        for fmt in TEXT_FORMATS:
            with pytest.raises(ExportError):
                write_rdf(sample, tmp_path / f"bad.{EXT[fmt]}", fmt, engine=engine)
            assert not (tmp_path / f"bad.{EXT[fmt]}").exists()  # nothing half-written


def test_escaping_property_against_oxigraph():
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=40), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
    def check(literal, local):
        # Not what an IRIREF cannot hold (test_iris_an_iriref_cannot_hold_are_refused), nor Unicode spaces (U+00A0, U+2003:
        # valid in an IRI, but rdflib's N-Triples parser ends an IRI at any of them; data IRIs are ASCII, percent-encoded).
        local = rdftext._BAD_IRI.sub("", "".join(ch for ch in local if not ch.isspace()))
        iri = "http://example.org/ns/" + local
        try:
            ox.NamedNode(iri)
        except ValueError:  # Oxigraph's IRI rules are RFC 3987's, stricter than the grammar's
            return
        for fmt in TEXT_FORMATS:
            ours = _one_triple_bytes("text", fmt, iri, literal)
            if not (fmt == "turtle" and iri.endswith(".")):  # the one difference (test_prefixed_names_...)
                assert ours == _one_triple_bytes("oxigraph", fmt, iri, literal)
            parsed = list(rdflib.Graph().parse(data=ours.decode("utf-8"), format=RDFLIB_FORMAT[fmt]))
            assert [(str(s), str(o)) for s, _, o in parsed] == [(iri, literal)]

    check()


# -- streaming -------------------------------------------------------------------------------


class _Sink(io.TextIOBase):
    """A text handle that keeps only the number of characters written."""

    def __init__(self):
        self.size = 0
        self.writes = 0

    def writable(self):
        return True

    def write(self, text):
        self.size += len(text)
        self.writes += 1
        return len(text)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_triples_are_written_as_they_come_in_constant_memory(fmt):
    serializer = rdftext.TextSerializer(fmt, {"ex": "http://example.org/"})
    t = serializer.terms
    sink = _Sink()
    seen_while_generating = []
    n = 100_000

    def triples():
        p = t.iri("http://example.org/says")
        for i in range(n):
            if i == n // 2:
                seen_while_generating.append(sink.size)
            # each triple a new subject and a new 100-character literal: 10 MB of text in all
            yield t.triple(t.uncached_iri(f"http://example.org/item/{i}"), p, t.lang(f"{i:0100d}"))

    tracemalloc.start()
    try:
        assert serializer.write(triples(), sink) == n
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen_while_generating[0] > 0  # half the file was out before the last triple was made
    assert sink.size > 10_000_000 and sink.writes > 10
    assert peak < 3_000_000, peak  # a few chunks, not the file


def test_iter_triples_with_text_terms_gives_the_rdflib_triples(sample):
    """The text terms are the N-Triples forms of the rdflib engine's terms, triple for triple and in order."""
    texts = list(iter_triples(sample, terms=rdftext.NTriplesTerms()))
    terms = list(iter_triples(sample, terms=_RdflibTerms()))
    assert [" ".join(t) for t in texts] == [" ".join(term.n3() for term in triple) for triple in terms]
