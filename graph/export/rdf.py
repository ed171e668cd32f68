"""RDF export and import: Turtle, JSON-LD (with a context) and N-Triples, and the reader back.

Each claim is a node of its own (a reified ``biolink:Association``) carrying subject,
predicate, object, polarity (``biolink:negated``), certainty, attribution, quantities,
support, ``biolink:publications`` (the articles), ``biolink:knowledge_level`` and
``biolink:agent_type``; it is ``prov:wasDerivedFrom`` its evidence nodes, each with the
quote (``biolink:supporting_text``), ``prov:wasQuotedFrom`` the article, the section, the
character span, and the subject/object offsets in the quote. Affirmed claims are also
written as a direct triple (``concept:ketamine eg:treats concept:ptsd``) so a plain
SPARQL pattern finds them; negated claims never are. See ``docs/rdf.md``.

The triples are produced once, in a fixed order, by :func:`iter_triples`; the writers
stream them to the file as they come, by one of the :data:`ENGINES`: ``text`` (the default,
:mod:`graph.export.rdftext`: every term made directly as its Turtle or N-Triples text, no RDF
objects, no store), ``oxigraph`` (Oxigraph's serialisers; the same bytes, slower) or
``rdflib`` (a whole ``rdflib.Graph`` first; slowest; the same triples in another layout). The
triples are written in the order given, so the same graph always gives byte-identical files
(``benchmarks/bench_rdf.py --engines`` times the engines). :func:`to_rdflib` builds an
``rdflib.Graph`` for Python users and pySHACL.

>>> import tempfile, pathlib
>>> from graph.evidence_graph import EvidenceGraph
>>> from graph.model import Source, Concept, Claim, Evidence
>>> text = "Ketamine may relieve PTSD."
>>> g = EvidenceGraph([Source("a", text, title="A")],
...     [Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition", display="PTSD")],
...     [Claim("ketamine", "treats", "ptsd", evidence=(Evidence("a", text, 0, 26, certainty="hedged"),))])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
>>> write_turtle(g, path)
>>> "eg:treats concept:ptsd" in path.read_text()
True
>>> read_rdf(path).claims == g.claims
True
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from graph.errors import ExportError, GraphError
from graph.evidence_graph import EvidenceGraph
from graph.export import rdftext
from graph.export.biolink import claim_predicate
from graph.export.identifiers import expand_curie, ground
from graph.export.settings import DEFAULT_INFORES
from graph.fileio import atomic_write
from graph.model import (
    CATEGORIES,
    PREDICATES,
    SYMMETRIC_PREDICATES,
    UNATTRIBUTED,
    Claim,
    Concept,
    Evidence,
    Source,
    content_id,
)
from graph.namespaces import (
    AGENT_TYPE,
    BIOLINK,
    BIOLINK_PREDICATES,
    CATEGORY_CLASSES,
    DCTERMS,
    DEFAULT_BASE,
    EG,
    KNOWLEDGE_LEVEL,
    OWL,
    PREDICATE_IRIS,
    PREDICATE_QUALIFIERS,
    PREFIXES,
    PROJECT_CLASSES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    ProjectNamespaces,
    local_name_to_id,
    project_namespaces,
)

__all__ = [
    "FORMATS",
    "ENGINES",
    "DEFAULT_ENGINE",
    "iter_triples",
    "to_rdflib",
    "to_oxigraph",
    "write_rdf",
    "write_turtle",
    "write_jsonld",
    "write_ntriples",
    "read_rdf",
    "format_for_path",
    "evidence_id",
    "jsonld_context",
    "validate_rdf",
    "SHAPES_PATH",
]

log = logging.getLogger(__name__)

#: Export format name -> (Oxigraph format, file extensions).
FORMATS: dict[str, tuple[ox.RdfFormat, tuple[str, ...]]] = {
    "turtle": (ox.RdfFormat.TURTLE, (".ttl",)),
    "jsonld": (ox.RdfFormat.JSON_LD, (".jsonld", ".json")),
    "ntriples": (ox.RdfFormat.N_TRIPLES, (".nt",)),
}

_OWL_SYMMETRIC = str(OWL.SymmetricProperty)

#: Language tag of text literals (labels, quotes, titles): the articles are English.
LANGUAGE = "en"


def format_for_path(path: str | os.PathLike) -> str:
    """The export format of a file name (``.ttl``, ``.jsonld``/``.json``, ``.nt``).

    >>> format_for_path("build/graph.nt")
    'ntriples'
    """
    suffix = Path(path).suffix.lower()
    for name, (_, extensions) in FORMATS.items():
        if suffix in extensions:
            return name
    raise ExportError(f"cannot tell the RDF format of {str(path)!r}: use .ttl, .jsonld or .nt")


_EVIDENCE_FIELDS = tuple(f.name for f in dataclasses.fields(Evidence))


def evidence_id(claim_id: str, evidence: Evidence) -> str:
    """A stable id for one evidence record of a claim (from its content, not its position).

    >>> evidence_id("c1", Evidence("a", "Text.", 0, 5))
    'c1-...'
    """
    return claim_id + "-" + content_id(repr(tuple(getattr(evidence, name) for name in _EVIDENCE_FIELDS)), length=12)


# -- term factories ---------------------------------------------------------------
# iter_triples builds terms through one of these, so the same code feeds Oxigraph and rdflib.


class _OxTerms:
    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}
        self._int = ox.NamedNode(str(XSD.integer))
        self._any_uri = ox.NamedNode(str(XSD.anyURI))

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)  # raises on an invalid IRI
        return node

    def text(self, value: str) -> ox.Literal:
        return ox.Literal(value)

    def lang(self, value: str) -> ox.Literal:
        return ox.Literal(value, language=LANGUAGE)

    def integer(self, value: int) -> ox.Literal:
        return ox.Literal(str(int(value)), datatype=self._int)

    def boolean(self, value: bool) -> ox.Literal:
        return ox.Literal(bool(value))

    def decimal(self, value: float) -> ox.Literal:
        return ox.Literal(f"{float(value):.6f}", datatype=ox.NamedNode(str(XSD.decimal)))

    def any_uri(self, value: str) -> ox.Literal:
        return ox.Literal(value, datatype=self._any_uri)

    def datetime(self, value: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(str(XSD.dateTime)))

    def triple(self, s, p, o) -> ox.Triple:
        return ox.Triple(s, p, o)


class _RdflibTerms:
    def iri(self, value: str) -> rdflib.URIRef:
        return rdflib.URIRef(value)

    def text(self, value: str) -> rdflib.Literal:
        return rdflib.Literal(value)

    def lang(self, value: str) -> rdflib.Literal:
        return rdflib.Literal(value, lang=LANGUAGE)

    def integer(self, value: int) -> rdflib.Literal:
        return rdflib.Literal(int(value))

    def boolean(self, value: bool) -> rdflib.Literal:
        return rdflib.Literal(bool(value))

    def decimal(self, value: float) -> rdflib.Literal:
        return rdflib.Literal(f"{float(value):.6f}", datatype=XSD.decimal)

    def any_uri(self, value: str) -> rdflib.Literal:
        return rdflib.Literal(value, datatype=XSD.anyURI)

    def datetime(self, value: str) -> rdflib.Literal:
        return rdflib.Literal(value, datatype=XSD.dateTime)

    def triple(self, s, p, o) -> tuple:
        return (s, p, o)


# -- the triples ---------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _u(namespace: str, name: str) -> str:
    """A vocabulary IRI as a plain string (cached: rdflib's Namespace lookups are slow in a hot loop)."""
    return str(namespace) + name


class _Minter:
    """Data IRIs (as strings) for one export, cached per id."""

    def __init__(self, ns: ProjectNamespaces):
        self.ns = ns
        self.base = ns.base
        self.dataset, self.extraction = str(ns.dataset), str(ns.extraction)
        self.concept = functools.lru_cache(maxsize=None)(lambda i: str(ns.concept(i)))
        self.source = functools.lru_cache(maxsize=None)(lambda i: str(ns.source(i)))
        self.claim = lambda i: str(ns.claim(i))
        self.evidence_node = lambda i: str(ns.evidence_node(i))


def _ontology(t, ns: "_Minter") -> Iterator:
    """The vocabulary's mapping to Biolink, PROV and SKOS (so an export is self-describing)."""
    a, iri = t.iri(_u(RDF, "type")), t.iri
    sub_class, sub_prop, label = iri(_u(RDFS, "subClassOf")), iri(_u(RDFS, "subPropertyOf")), iri(_u(RDFS, "label"))
    rdfs_class, rdf_property = iri(_u(RDFS, "Class")), iri(_u(RDF, "Property"))
    concept = iri(_u(EG, "Concept"))
    yield t.triple(concept, a, rdfs_class)
    yield t.triple(concept, label, t.lang("Concept"))
    yield t.triple(concept, sub_class, iri(_u(BIOLINK, "NamedThing")))
    for category in CATEGORIES:
        cls = iri(str(PROJECT_CLASSES[category]))
        yield t.triple(cls, a, rdfs_class)
        yield t.triple(cls, label, t.lang(category))
        yield t.triple(cls, sub_class, concept)
        yield t.triple(cls, sub_class, iri(str(CATEGORY_CLASSES[category])))
    for cls, parent, name in (
        (EG.Claim, BIOLINK.Association, "Claim"),
        (EG.Evidence, PROV.Entity, "Evidence"),
    ):
        yield t.triple(iri(str(cls)), a, rdfs_class)
        yield t.triple(iri(str(cls)), label, t.lang(name))
        yield t.triple(iri(str(cls)), sub_class, iri(str(parent)))
    for predicate in PREDICATES:
        prop = iri(str(PREDICATE_IRIS[predicate]))
        yield t.triple(prop, a, rdf_property)
        if predicate in SYMMETRIC_PREDICATES:
            yield t.triple(prop, a, iri(_OWL_SYMMETRIC))
        yield t.triple(prop, label, t.lang(predicate.replace("_", " ")))
        yield t.triple(prop, sub_prop, iri(str(BIOLINK_PREDICATES[predicate])))


def _source_triples(t, ns: "_Minter", source: Source) -> Iterator:
    iri = t.iri
    s = iri((ns.source(source.id)))
    yield t.triple(s, iri(_u(RDF, "type")), iri(_u(BIOLINK, "Article")))
    yield t.triple(s, iri(_u(BIOLINK, "category")), iri(_u(BIOLINK, "Article")))
    yield t.triple(s, iri(_u(DCTERMS, "identifier")), t.text(source.id))
    if source.title:
        yield t.triple(s, iri(_u(DCTERMS, "title")), t.lang(source.title))
    if source.publisher:
        yield t.triple(s, iri(_u(DCTERMS, "publisher")), t.text(source.publisher))
    if source.url:
        yield t.triple(s, iri(_u(SCHEMA, "url")), t.any_uri(source.url))
    if source.date:
        yield t.triple(s, iri(_u(DCTERMS, "date")), t.text(source.date))
    if source.kind:
        yield t.triple(s, iri(_u(EG, "kind")), t.text(source.kind))
    if source.path:
        yield t.triple(s, iri(_u(EG, "path")), t.text(source.path))
    if source.text:
        yield t.triple(s, iri(str(EG.textSha256)), t.text(source.sha256))


def _biolink_iri(curie: str) -> str:
    return _u(BIOLINK, curie.split(":", 1)[1])


def _concept_triples(t, ns: "_Minter", graph: EvidenceGraph, concept: Concept) -> Iterator:
    iri = t.iri
    c = iri((ns.concept(concept.id)))
    a = iri(_u(RDF, "type"))
    grounding = ground(concept)
    yield t.triple(c, a, iri(str(PROJECT_CLASSES[concept.category])))
    for category in grounding.categories:  # the Biolink class, refined by grounding (Disease, PhenotypicFeature, Protein)
        yield t.triple(c, a, iri(_biolink_iri(category)))
        yield t.triple(c, iri(_u(BIOLINK, "category")), iri(_biolink_iri(category)))
    if concept.category == "Organization":
        yield t.triple(c, a, iri(_u(PROV, "Agent")))
    yield t.triple(c, iri(_u(DCTERMS, "identifier")), t.text(concept.id))
    yield t.triple(c, iri(_u(SKOS, "prefLabel")), t.lang(concept.label))
    yield t.triple(c, iri(_u(RDFS, "label")), t.lang(concept.name))
    if concept.display:
        yield t.triple(c, iri(_u(EG, "display")), t.lang(concept.display))
    for synonym in concept.synonyms:
        if synonym != concept.label:  # SKOS: a preferred label is never also an alternative label
            yield t.triple(c, iri(_u(SKOS, "altLabel")), t.lang(synonym))
    for curie in concept.xrefs:
        yield t.triple(c, iri(_u(EG, "xref")), t.text(curie))
    for curie in grounding.ids:  # verified in shipped data, expanded by the Biolink prefix map
        expanded = expand_curie(curie)
        if expanded:
            yield t.triple(c, iri(_u(SKOS, "exactMatch")), iri(expanded))
    for parent in concept.parents:
        yield t.triple(c, iri(_u(SKOS, "broader")), iri((ns.concept(parent))))
    if concept.discovered:
        yield t.triple(c, iri(_u(EG, "discovered")), t.boolean(True))
    if concept.description:
        yield t.triple(c, iri(_u(DCTERMS, "description")), t.lang(concept.description))
    for source_id in graph.concept_sources.get(concept.id, ()):
        yield t.triple(c, iri(_u(EG, "mentionedIn")), iri((ns.source(source_id))))
    if concept.id in graph.concept_mentions:
        yield t.triple(c, iri(_u(EG, "mentionCount")), t.integer(graph.concept_mentions[concept.id]))
    if concept.category == "Study":
        for org_id in graph.organizations_of(concept.id):
            yield t.triple(c, iri(_u(PROV, "wasAssociatedWith")), iri((ns.concept(org_id))))
        if graph.findings.get(concept.id):
            yield t.triple(c, iri(_u(EG, "finding")), t.lang(graph.findings[concept.id]))
        from graph.strength.studies import record_of  # what the articles say of the study (docs/evidence.md)

        record = record_of(graph, concept.id)
        if record is not None:
            yield t.triple(c, iri(_u(EG, "design")), t.text(record.design))
            for prop, value in (("population", record.population), ("sampleSize", record.sample_size),
                                ("studyDuration", record.duration), ("result", record.result)):
                if value:
                    yield t.triple(c, iri(_u(EG, prop)), t.lang(value))
            if record.role:
                yield t.triple(c, iri(_u(EG, "studyRole")), t.text(record.role))
            for claim_id in record.claims:
                claim = graph.claims[claim_id]
                if any(e.attribution == concept.id and e.cited for e in claim.evidence):
                    yield t.triple(c, iri(_u(EG, "hasFinding")), iri(ns.claim(claim_id)))


def _claim_predicate(graph: EvidenceGraph, claim: Claim) -> str:
    """The claim's Biolink predicate, fitting its concepts' Biolink categories (see :func:`claim_predicate`)."""
    subject, obj = graph.concepts.get(claim.subject), graph.concepts.get(claim.object)
    if subject is None or obj is None:  # a broken graph (the shapes report it): the first choice
        return "biolink:" + str(BIOLINK_PREDICATES[claim.predicate]).rsplit("/", 1)[-1]
    return claim_predicate(claim.predicate, ground(subject).categories, ground(obj).categories)


def _claim_triples(t, ns: "_Minter", graph: EvidenceGraph, claim: Claim, infores: str) -> Iterator:
    iri = t.iri
    k = iri((ns.claim(claim.id)))
    a = iri(_u(RDF, "type"))
    subject, obj = iri((ns.concept(claim.subject))), iri((ns.concept(claim.object)))
    yield t.triple(k, a, iri(_u(EG, "Claim")))
    yield t.triple(k, a, iri(_u(BIOLINK, "Association")))
    yield t.triple(k, iri(_u(BIOLINK, "category")), iri(_u(BIOLINK, "Association")))
    yield t.triple(k, iri(_u(DCTERMS, "identifier")), t.text(claim.id))
    s_label = graph.concepts[claim.subject].label if claim.subject in graph.concepts else claim.subject
    o_label = graph.concepts[claim.object].label if claim.object in graph.concepts else claim.object
    verb = claim.predicate.replace("_", " ")
    yield t.triple(k, iri(_u(RDFS, "label")), t.lang(f"{s_label} {'NOT ' if claim.polarity == 'negated' else ''}{verb} {o_label}"))
    yield t.triple(k, iri(_u(BIOLINK, "subject")), subject)
    yield t.triple(k, iri(_u(BIOLINK, "predicate")), iri(_biolink_iri(_claim_predicate(graph, claim))))
    yield t.triple(k, iri(_u(BIOLINK, "object")), obj)
    yield t.triple(k, iri(_u(EG, "predicate")), iri(str(PREDICATE_IRIS[claim.predicate])))
    if claim.predicate in PREDICATE_QUALIFIERS:
        qualified, direction = PREDICATE_QUALIFIERS[claim.predicate]
        yield t.triple(k, iri(_u(BIOLINK, "qualified_predicate")), iri(str(qualified)))
        yield t.triple(k, iri(_u(BIOLINK, "object_direction_qualifier")), t.text(direction))
    yield t.triple(k, iri(_u(BIOLINK, "negated")), t.boolean(claim.polarity == "negated"))
    yield t.triple(k, iri(_u(EG, "polarity")), t.text(claim.polarity))
    yield t.triple(k, iri(_u(EG, "certainty")), t.text(claim.certainty))
    yield t.triple(k, iri(_u(EG, "support")), t.integer(claim.support))
    yield t.triple(k, iri(_u(EG, "cited")), t.boolean(claim.cited))
    from graph.strength.belief import claim_belief  # docs/evidence.md

    yield t.triple(k, iri(_u(EG, "belief")), t.decimal(claim_belief(graph, claim)))
    for quantity in claim.quantities:
        yield t.triple(k, iri(_u(EG, "quantity")), t.lang(quantity))
    for attribution in claim.attributions:
        if attribution and attribution != UNATTRIBUTED:
            yield t.triple(k, iri(_u(EG, "attributedTo")), iri((ns.concept(attribution))))
    for source_id in claim.sources:
        yield t.triple(k, iri(_u(BIOLINK, "publications")), iri((ns.source(source_id))))
    yield t.triple(k, iri(_u(BIOLINK, "primary_knowledge_source")), t.text(infores))
    yield t.triple(k, iri(_u(BIOLINK, "knowledge_level")), t.text(KNOWLEDGE_LEVEL))
    yield t.triple(k, iri(_u(BIOLINK, "agent_type")), t.text(AGENT_TYPE))
    yield t.triple(k, iri(_u(PROV, "wasGeneratedBy")), iri(str(ns.extraction)))
    evidence_nodes = [(iri((ns.evidence_node(evidence_id(claim.id, ev)))), ev) for ev in claim.evidence]
    for node, _ in evidence_nodes:
        yield t.triple(k, iri(_u(PROV, "wasDerivedFrom")), node)
    for node, ev in evidence_nodes:
        yield from _evidence_triples(t, ns, node, ev)


def _evidence_triples(t, ns: "_Minter", e, ev: Evidence) -> Iterator:
    iri = t.iri
    yield t.triple(e, iri(_u(RDF, "type")), iri(_u(EG, "Evidence")))
    yield t.triple(e, iri(_u(BIOLINK, "supporting_text")), t.lang(ev.sentence))
    yield t.triple(e, iri(_u(PROV, "wasQuotedFrom")), iri((ns.source(ev.source_id))))
    if ev.section:
        yield t.triple(e, iri(_u(EG, "section")), t.lang(ev.section))
    yield t.triple(e, iri(_u(EG, "start")), t.integer(ev.start))
    yield t.triple(e, iri(_u(EG, "end")), t.integer(ev.end))
    yield t.triple(e, iri(_u(EG, "certainty")), t.text(ev.certainty))
    if ev.attribution == UNATTRIBUTED:
        yield t.triple(e, iri(_u(EG, "attribution")), t.text(UNATTRIBUTED))
    elif ev.attribution:
        yield t.triple(e, iri(_u(EG, "attributedTo")), iri((ns.concept(ev.attribution))))
    if ev.quantity:
        yield t.triple(e, iri(_u(EG, "quantity")), t.lang(ev.quantity))
    if ev.cue:
        yield t.triple(e, iri(_u(EG, "cue")), t.lang(ev.cue))
    if ev.evidence_type:  # what the sentence is (graph.strength.evidence_types)
        yield t.triple(e, iri(_u(EG, "evidenceType")), t.text(ev.evidence_type))
    if ev.study_role:
        yield t.triple(e, iri(_u(EG, "studyRole")), t.text(ev.study_role))
    yield t.triple(e, iri(_u(EG, "countsAsSupport")), t.boolean(ev.supports))
    # Offsets of the subject/object mentions within the quote (Biolink: "in the supporting text").
    for span, text, location, text_prop, name in (
        (ev.subject_span, ev.subject_text, BIOLINK.subject_location_in_text, EG.subjectText, "subject"),
        (ev.object_span, ev.object_text, BIOLINK.object_location_in_text, EG.objectText, "object"),
    ):
        if text:
            yield t.triple(e, iri(str(text_prop)), t.lang(text))
        if span is not None:  # the mention's span in the article text (like eg:start/eg:end)
            yield t.triple(e, iri(_u(EG, name + "Start")), t.integer(span[0]))
            yield t.triple(e, iri(_u(EG, name + "End")), t.integer(span[1]))
        # Only a mention inside the quote has a location in it; an argument resolved from
        # another sentence (a pronoun, "symptoms" of an earlier condition) has none.
        if span is not None and ev.start <= span[0] < span[1] <= ev.start + len(ev.sentence):
            for offset in (span[0] - ev.start, span[1] - ev.start):
                yield t.triple(e, iri(str(location)), t.integer(offset))


_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _curation_triples(t, ns: "_Minter", graph: EvidenceGraph) -> Iterator:
    """A writer's decisions (:mod:`graph.curation`) as PROV: each decision a ``prov:Entity`` of class
    ``eg:CurationDecision`` with who (``prov:wasAttributedTo`` a ``prov:Person``), when
    (``prov:generatedAtTime``) and why (``rdfs:comment``); a curated claim or concept points to it with
    ``prov:wasInfluencedBy``, a rejected claim (absent from the graph) with ``prov:wasInvalidatedBy``."""
    from graph.model import slugify

    curation = getattr(graph, "curation", None)
    if not curation:
        return
    iri, a = t.iri, t.iri(_u(RDF, "type"))
    people: set[str] = set()
    decisions: dict[str, tuple] = {}
    for kind, table, live in (("claim", curation.claims, graph.claims), ("concept", curation.concepts, graph.concepts)):
        for key, marks in table.items():
            node = iri(ns.claim(key) if kind == "claim" else ns.concept(key))
            for mark in marks:
                if not mark.decision:
                    continue
                d = iri(ns.base + "curation/" + mark.decision)
                if mark.action == "rejected" and key not in live:
                    yield t.triple(node, iri(_u(PROV, "wasInvalidatedBy")), d)
                elif key in live:
                    yield t.triple(node, iri(_u(PROV, "wasInfluencedBy")), d)
                decisions.setdefault(mark.decision, (d, mark))
    for _, (d, mark) in sorted(decisions.items()):
        yield t.triple(d, a, iri(_u(PROV, "Entity")))
        yield t.triple(d, a, iri(_u(EG, "CurationDecision")))
        yield t.triple(d, iri(_u(RDFS, "label")), t.lang(mark.action + (f" ({mark.detail})" if mark.detail else "")))
        yield t.triple(d, iri(_u(EG, "curationAction")), t.text(mark.action))
        if mark.note:
            yield t.triple(d, iri(_u(RDFS, "comment")), t.lang(mark.note))
        if mark.at and _DATETIME.match(mark.at):
            yield t.triple(d, iri(_u(PROV, "generatedAtTime")), t.datetime(mark.at))
        if mark.by:
            person = ns.base + "curator/" + slugify(mark.by)
            yield t.triple(d, iri(_u(PROV, "wasAttributedTo")), iri(person))
            if person not in people:
                people.add(person)
                yield t.triple(iri(person), a, iri(_u(PROV, "Agent")))
                yield t.triple(iri(person), a, iri(_u(PROV, "Person")))
                yield t.triple(iri(person), iri(_u(RDFS, "label")), t.lang(mark.by))


def iter_triples(graph: EvidenceGraph, base: str = DEFAULT_BASE, *, terms: Any = None, infores: str = DEFAULT_INFORES,
                 direct_triples: bool = True) -> Iterator:
    """Every triple of the export, in a fixed order (vocabulary, dataset, sources, concepts, claims).

    ``terms`` is the term factory (Oxigraph by default; :func:`to_rdflib` passes rdflib's, the
    ``text`` engine those of :mod:`graph.export.rdftext`).
    ``infores`` is every claim's ``biolink:primary_knowledge_source``. With ``direct_triples``
    (the default) each concept's outgoing direct triples (affirmed claims only) follow the
    concept, so serialisers that group consecutive triples write each subject once; the dataset
    says whether they are there (``eg:directTriples``), for the shapes.
    """
    t = terms or _OxTerms()
    ns = _Minter(project_namespaces(base))
    iri = t.iri
    a = iri(_u(RDF, "type"))
    yield from _ontology(t, ns)
    # The dataset and the extraction run (PROV-O).
    dataset, extraction = iri(str(ns.dataset)), iri(str(ns.extraction))
    agent = iri(ns.base + "agent/extractor")
    yield t.triple(dataset, a, iri(_u(PROV, "Entity")))
    yield t.triple(dataset, iri(_u(RDFS, "label")), t.lang("evidence graph"))
    yield t.triple(dataset, iri(_u(PROV, "wasGeneratedBy")), extraction)
    yield t.triple(dataset, iri(_u(EG, "directTriples")), t.boolean(direct_triples))
    yield t.triple(extraction, a, iri(_u(PROV, "Activity")))
    yield t.triple(extraction, iri(_u(RDFS, "label")), t.lang("claim extraction from the source articles"))
    yield t.triple(extraction, iri(_u(PROV, "wasAssociatedWith")), agent)
    for source_id in graph.sources:
        yield t.triple(extraction, iri(_u(PROV, "used")), iri((ns.source(source_id))))
    yield t.triple(agent, a, iri(_u(PROV, "SoftwareAgent")))
    yield t.triple(agent, iri(_u(RDFS, "label")), t.lang("evidence-graph text miner"))
    yield t.triple(agent, iri(_u(BIOLINK, "agent_type")), t.text(AGENT_TYPE))

    for source in graph.sources.values():
        yield from _source_triples(t, ns, source)
    direct: dict[str, list[Claim]] = defaultdict(list)
    for claim in graph.claims.values():
        if claim.polarity == "affirmed" and direct_triples:
            direct[claim.subject].append(claim)
    for concept in graph.concepts.values():
        yield from _concept_triples(t, ns, graph, concept)
        c = iri((ns.concept(concept.id)))
        for claim in direct.pop(concept.id, ()):
            yield t.triple(c, iri(str(PREDICATE_IRIS[claim.predicate])), iri((ns.concept(claim.object))))
    for subject_id in sorted(direct):  # claims whose subject is not a concept (a bad graph; shapes will say)
        for claim in direct[subject_id]:
            yield t.triple(iri((ns.concept(subject_id))), iri(str(PREDICATE_IRIS[claim.predicate])), iri((ns.concept(claim.object))))
    for claim in graph.claims.values():
        yield from _claim_triples(t, ns, graph, claim, infores)
    yield from _curation_triples(t, ns, graph)


def _triple_options(options: dict) -> dict:
    """The options :func:`iter_triples` takes (``infores``, ``direct_triples``), from writer options."""
    return {k: options[k] for k in ("infores", "direct_triples") if options.get(k) is not None}


def _prefixes(base: str) -> dict[str, str]:
    return {**PREFIXES, **project_namespaces(base).prefixes}


def to_rdflib(graph: EvidenceGraph, base: str = DEFAULT_BASE, **options) -> rdflib.Graph:
    """The export as an ``rdflib.Graph`` (prefixes bound), for Python users and pySHACL.

    >>> from graph.evidence_graph import EvidenceGraph
    >>> len(to_rdflib(EvidenceGraph())) > 0   # the vocabulary mapping alone
    True
    """
    g = rdflib.Graph()
    for prefix, namespace in _prefixes(base).items():
        g.bind(prefix, namespace, override=True, replace=True)
    add = g.add
    for triple in iter_triples(graph, base, terms=_RdflibTerms(), **_triple_options(options)):
        add(triple)
    return g


def to_oxigraph(graph: EvidenceGraph, base: str = DEFAULT_BASE, **options) -> ox.Store:
    """The export loaded in an in-memory Oxigraph store (fast SPARQL)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in iter_triples(graph, base, **_triple_options(options)))
    return store


# -- JSON-LD ------------------------------------------------------------------------


def jsonld_context(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The JSON-LD ``@context`` of an export: the prefixes, nothing remote.

    >>> jsonld_context()["biolink"]
    'https://w3id.org/biolink/vocab/'
    """
    return dict(sorted(_prefixes(base).items()))


def _compactor(prefixes: dict[str, str]):
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def compact(value: str) -> str:
        for prefix, namespace in ordered:
            if value.startswith(namespace) and len(value) > len(namespace):
                local = value[len(namespace):]
                if not local.startswith("//"):
                    return f"{prefix}:{local}"
        return value

    return compact


class _JsonTerms:
    """Terms as JSON-LD values directly (no RDF objects: the JSON-LD writer's hot loop)."""

    def __init__(self, compact):
        self._compact = functools.lru_cache(maxsize=None)(compact)
        self._any_uri = compact(str(XSD.anyURI))

    def iri(self, value: str):
        return _JsonIri(self._compact(value))

    def text(self, value: str) -> str:
        return value

    def lang(self, value: str) -> dict:
        return {"@value": value, "@language": LANGUAGE}

    def integer(self, value: int) -> int:
        return int(value)

    def boolean(self, value: bool) -> bool:
        return bool(value)

    def decimal(self, value: float) -> dict:
        return {"@value": f"{float(value):.6f}", "@type": self._compact(str(XSD.decimal))}

    def any_uri(self, value: str) -> dict:
        return {"@value": value, "@type": self._any_uri}

    def datetime(self, value: str) -> dict:
        return {"@value": value, "@type": self._compact(str(XSD.dateTime))}

    def triple(self, s, p, o) -> tuple:
        return (s, p, o)


class _JsonIri(str):
    """A compacted IRI (to tell it from a string literal)."""


def _jsonld_document(graph: EvidenceGraph, base: str, **options) -> dict:
    context = jsonld_context(base)
    terms = _JsonTerms(_compactor(context))
    rdf_type = terms.iri(str(RDF.type))
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in iter_triples(graph, base, terms=terms, **_triple_options(options)):
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {}
        if p == rdf_type:
            node.setdefault("@type", []).append(str(o))
            continue
        node.setdefault(p, []).append({"@id": str(o)} if isinstance(o, _JsonIri) else o)
    graph_nodes = []
    for subject, properties in nodes.items():
        item: dict[str, Any] = {"@id": str(subject)}
        for key in sorted(properties, key=lambda k: (k != "@type", k)):
            values = properties[key]
            item[key] = values[0] if len(values) == 1 else values
        graph_nodes.append(item)
    return {"@context": context, "@graph": graph_nodes}


# -- writers --------------------------------------------------------------------------


def _write_text(graph: EvidenceGraph, path: Path, format: str, base: str, options: dict) -> None:
    """The ``text`` engine: Turtle and N-Triples written as text, triple by triple (:mod:`graph.export.rdftext`)."""
    if format == "jsonld":
        return _write_jsonld_file(graph, path, base, options)
    serializer = rdftext.TextSerializer(format, _prefixes(base) if format == "turtle" else None)
    with atomic_write(path) as handle:
        count = serializer.write(iter_triples(graph, base, terms=serializer.terms, **_triple_options(options)), handle)
    log.debug("wrote %s triples to %s", count, path)


def _write_oxigraph(graph: EvidenceGraph, path: Path, format: str, base: str, options: dict) -> None:
    """The ``oxigraph`` engine: Oxigraph's streaming serialisers fed with Oxigraph terms."""
    if format == "jsonld":
        return _write_jsonld_file(graph, path, base, options)
    prefixes = _prefixes(base) if format == "turtle" else None
    with atomic_write(path, "wb") as handle:
        ox.serialize(iter_triples(graph, base, **_triple_options(options)), handle, FORMATS[format][0], prefixes=prefixes)


def _write_rdflib(graph: EvidenceGraph, path: Path, format: str, base: str, options: dict) -> None:
    """The ``rdflib`` engine: a whole ``rdflib.Graph`` in memory, then rdflib's serialisers (slow; for comparison)."""
    rdflib_format = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}[format]
    kwargs = {"context": jsonld_context(base), "auto_compact": True} if format == "jsonld" else {}
    data = to_rdflib(graph, base, **options).serialize(format=rdflib_format, encoding="utf-8", **kwargs)
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def _write_jsonld_file(graph: EvidenceGraph, path: Path, base: str, options: dict) -> None:
    """JSON-LD by the project's own compact writer (the same for the ``text`` and ``oxigraph`` engines)."""
    document = _jsonld_document(graph, base, **options)
    with atomic_write(path) as handle:
        # One node per line: readable, diffable, and small.
        handle.write('{"@context": ' + json.dumps(document["@context"], ensure_ascii=False, indent=1) + ',\n"@graph": [\n')
        handle.write(",\n".join(json.dumps(node, ensure_ascii=False) for node in document["@graph"]))
        handle.write("\n]}\n")


#: RDF writing engines, by name: ``engine(graph, path, format, base, options)``. The first is the default.
ENGINES: dict[str, Callable[[EvidenceGraph, Path, str, str, dict], None]] = {
    "text": _write_text,
    "oxigraph": _write_oxigraph,
    "rdflib": _write_rdflib,
}
DEFAULT_ENGINE = "text"


def write_rdf(graph: EvidenceGraph, path: str | os.PathLike, format: str = "turtle", *, base: str = DEFAULT_BASE,
              engine: str = DEFAULT_ENGINE, **options) -> None:
    """Write the graph as RDF (``turtle``, ``jsonld`` or ``ntriples``) atomically.

    ``engine`` is one of :data:`ENGINES`: ``text`` (the default: Turtle and N-Triples written as
    text, triple by triple, :mod:`graph.export.rdftext`), ``oxigraph`` (Oxigraph's serialisers; the
    same bytes, slower) or ``rdflib`` (a whole ``rdflib.Graph`` first; much slower, other layout,
    the same triples). JSON-LD is the project's own compact writer except with ``rdflib``.
    Options ``infores`` (the claims' primary knowledge source) and ``direct_triples`` (default
    true) go to :func:`iter_triples`; unknown ``options`` are ignored (writer protocol).
    """
    if format not in FORMATS:
        raise ExportError(f"unknown RDF format {format!r}; choose one of {', '.join(FORMATS)}")
    writer = ENGINES.get(engine)
    if writer is None:
        raise ExportError(f"unknown RDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    path = Path(path)
    try:
        writer(graph, path, format, base, options)
    except (ValueError, OSError) as error:
        if isinstance(error, GraphError):
            raise
        raise ExportError(f"could not write {path}: {error}") from error


def write_turtle(graph: EvidenceGraph, path: Path, **options) -> None:
    """Writer of ``graph.ttl`` (Turtle). Options: ``base`` (data IRI base), ``engine``."""
    write_rdf(graph, path, "turtle", **options)


def write_jsonld(graph: EvidenceGraph, path: Path, **options) -> None:
    """Writer of ``graph.jsonld`` (JSON-LD with an inline ``@context`` of prefixes)."""
    write_rdf(graph, path, "jsonld", **options)


def write_ntriples(graph: EvidenceGraph, path: Path, **options) -> None:
    """Writer of ``graph.nt`` (N-Triples)."""
    write_rdf(graph, path, "ntriples", **options)


# -- reader ---------------------------------------------------------------------------


class _Iri(str):
    """An IRI value read back (to tell it from a string literal)."""


def _python(term) -> Any:
    if isinstance(term, ox.NamedNode):
        return _Iri(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == _u(XSD, "integer"):
            return int(term.value)
        if datatype == _u(XSD, "boolean"):
            return term.value in ("true", "1")
        return term.value
    return _Iri("_:" + term.value)  # blank node


def _parse(path: Path, format: str | None) -> Iterator:
    fmt = format or format_for_path(path)
    if fmt not in FORMATS:
        raise ExportError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        with open(path, "rb") as handle:
            yield from ox.parse(handle, FORMATS[fmt][0])
    except SyntaxError as error:
        raise ExportError(f"{path}: not valid {fmt}: {error}") from error


def read_rdf(path: str | os.PathLike, format: str | None = None) -> EvidenceGraph:
    """Load an exported RDF file (any of the three formats) back into an :class:`EvidenceGraph`.

    Claims, evidence, concepts, study links, findings and source metadata come back as
    they were written. Not stored in RDF, so not restored: source texts (only their
    SHA-256) and per-source mention counts; the order of a concept's synonyms, xrefs and
    parents (they come back sorted).
    """
    path = Path(path)
    if not path.exists():
        raise ExportError(f"no RDF file at {path}")
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for triple in _parse(path, format):
        props[_python(triple.subject)][triple.predicate.value].append(_python(triple.object))

    a = _u(RDF, "type")
    ident = _u(DCTERMS, "identifier")

    def one(node: dict, prop, default: Any = "") -> Any:
        values = node.get(str(prop), ())
        return values[0] if values else default

    def ids(values: Iterable[str]) -> list[str]:
        out = []
        for value in values:
            target = props.get(value)
            if target and target.get(ident):
                out.append(target[ident][0])
            else:  # a node we have no record of: decode its IRI
                out.append(local_name_to_id(value.rsplit("/", 1)[-1]))
        return out

    category_of = {str(cls): category for category, cls in PROJECT_CLASSES.items()}
    predicate_of = {str(iri): predicate for predicate, iri in PREDICATE_IRIS.items()}
    sources, concepts, claims = [], [], []
    study_links, findings, concept_sources, concept_mentions = [], {}, {}, {}
    for subject, node in props.items():
        types = set(node.get(a, ()))
        if _u(BIOLINK, "Article") in types:
            sources.append(
                Source(
                    id=one(node, DCTERMS.identifier),
                    text="",
                    title=one(node, DCTERMS.title),
                    publisher=one(node, DCTERMS.publisher),
                    url=one(node, SCHEMA.url),
                    kind=one(node, EG.kind),
                    path=one(node, EG.path),
                    date=one(node, DCTERMS.date),
                )
            )
        categories = sorted(category_of[t] for t in types if t in category_of)
        if categories and node.get(ident):
            if len(categories) != 1:
                raise ExportError(f"{path}: {subject} has several categories {categories}")
            concept_id = one(node, DCTERMS.identifier)
            concepts.append(
                Concept(
                    id=concept_id,
                    label=one(node, SKOS.prefLabel),
                    category=categories[0],
                    synonyms=tuple(sorted(node.get(_u(SKOS, "altLabel"), ()))),
                    xrefs=tuple(sorted(node.get(_u(EG, "xref"), ()))),
                    parents=tuple(sorted(ids(node.get(_u(SKOS, "broader"), ())))),
                    discovered=bool(one(node, EG.discovered, False)),
                    display=one(node, EG.display),
                    description=one(node, DCTERMS.description),
                )
            )
            if node.get(_u(EG, "mentionedIn")):
                concept_sources[concept_id] = tuple(ids(node[_u(EG, "mentionedIn")]))
            if node.get(_u(EG, "mentionCount")):
                concept_mentions[concept_id] = one(node, EG.mentionCount)
            if categories[0] == "Study":
                for org in ids(node.get(_u(PROV, "wasAssociatedWith"), ())):
                    study_links.append((concept_id, org))
                if node.get(_u(EG, "finding")):
                    findings[concept_id] = one(node, EG.finding)
        if _u(EG, "Claim") in types:
            predicate = predicate_of.get(one(node, EG.predicate))
            if predicate is None:
                raise ExportError(f"{path}: claim {subject} has no known eg:predicate")
            evidence = tuple(_read_evidence(props[e], ids) for e in node.get(_u(PROV, "wasDerivedFrom"), ()))
            (subject_id,), (object_id,) = ids(node.get(_u(BIOLINK, "subject"), ())), ids(node.get(_u(BIOLINK, "object"), ()))
            claims.append(Claim(subject_id, predicate, object_id, one(node, EG.polarity, "affirmed"), evidence=evidence))
    return EvidenceGraph(
        sources,
        concepts,
        claims,
        study_links=study_links,
        findings=findings,
        concept_sources=concept_sources,
        concept_mentions=concept_mentions,
    )


def _read_evidence(node: dict, ids) -> Evidence:
    def one(prop, default: Any = "") -> Any:
        values = node.get(str(prop), ())
        return values[0] if values else default

    start = one(EG.start, 0)
    attribution = one(EG.attribution)
    if node.get(_u(EG, "attributedTo")):
        attribution = ids(node[_u(EG, "attributedTo")])[0]
    spans = []
    for name, location in (("subject", BIOLINK.subject_location_in_text), ("object", BIOLINK.object_location_in_text)):
        absolute = (node.get(_u(EG, name + "Start")), node.get(_u(EG, name + "End")))
        offsets = sorted(node.get(str(location), ()))
        if absolute[0] and absolute[1]:
            spans.append((absolute[0][0], absolute[1][0]))
        else:  # an export without the absolute span: from the offsets in the quote
            spans.append((start + offsets[0], start + offsets[-1]) if offsets else None)
    (source_id,) = ids(node.get(_u(PROV, "wasQuotedFrom"), ()))
    return Evidence(
        source_id=source_id,
        sentence=one(BIOLINK.supporting_text),
        start=start,
        end=one(EG.end, 0),
        section=one(EG.section),
        certainty=one(EG.certainty, "asserted"),
        attribution=attribution,
        quantity=one(EG.quantity),
        subject_text=one(EG.subjectText),
        object_text=one(EG.objectText),
        subject_span=spans[0],
        object_span=spans[1],
        cue=one(EG.cue),
        evidence_type=one(EG.evidenceType),
        study_role=one(EG.studyRole),
        supports=bool(one(EG.countsAsSupport, True)),
    )


# -- SHACL ----------------------------------------------------------------------------

SHAPES_PATH = Path(__file__).with_name("shapes.ttl")


def validate_rdf(data: "EvidenceGraph | rdflib.Graph | str | os.PathLike", base: str = DEFAULT_BASE) -> tuple[bool, str, rdflib.Graph]:
    """Check RDF against the shipped SHACL shapes with pySHACL: ``(conforms, report text, report graph)``.

    ``data`` is an :class:`EvidenceGraph` (exported first), an ``rdflib.Graph``, or an RDF file.

    >>> from graph.evidence_graph import EvidenceGraph
    >>> validate_rdf(EvidenceGraph())[0]
    True
    """
    import pyshacl

    if isinstance(data, EvidenceGraph):
        data_graph = to_rdflib(data, base)
    elif isinstance(data, rdflib.Graph):
        data_graph = data
    else:
        path = Path(data)
        if not path.exists():
            raise ExportError(f"no RDF file at {path}")
        data_graph = rdflib.Graph()
        data_graph.parse(path, format={"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}[format_for_path(path)])
    shapes = rdflib.Graph().parse(SHAPES_PATH, format="turtle")
    conforms, report_graph, report_text = pyshacl.validate(data_graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    return bool(conforms), str(report_text), report_graph
