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
import operator
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
    safe_local_name,
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
_evidence_values = operator.attrgetter(*_EVIDENCE_FIELDS)  # one C call for the tuple of field values


def evidence_id(claim_id: str, evidence: Evidence) -> str:
    """A stable id for one evidence record of a claim (from its content, not its position).

    >>> evidence_id("c1", Evidence("a", "Text.", 0, 5))
    'c1-...'
    """
    return claim_id + "-" + content_id(repr(_evidence_values(evidence)), length=12)


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

    def uncached_iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        return ox.NamedNode(value) if node is None else node

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


_VOCAB_NAMESPACES = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "eg": EG, "biolink": BIOLINK, "prov": PROV, "skos": SKOS,
                     "dcterms": DCTERMS, "schema": SCHEMA}


class _Vocabulary:
    """The vocabulary's terms of one export, each made on first use: ``v.eg_start`` is the term of
    ``eg:start``, ``v.biolink_supporting_text`` of ``biolink:supporting_text`` (prefix, ``_``, local name)."""

    def __init__(self, t) -> None:
        self._iri = t.iri

    def __getattr__(self, name: str):
        prefix, _, local = name.partition("_")
        if prefix not in _VOCAB_NAMESPACES or not local:
            raise AttributeError(name)
        term = self._iri(_u(_VOCAB_NAMESPACES[prefix], local))
        setattr(self, name, term)  # later look-ups are plain attribute reads
        return term


class _Export:
    """One export: its term factory, the data IRIs, and what triples use again and again, made once.

    Cached per export: the vocabulary's terms (:class:`_Vocabulary`), each concept's and source's
    IRI, each concept's Biolink categories (its grounding), the Biolink predicate of each
    (predicate, subject categories, object categories), the project predicates' terms and short
    literals that recur (polarity, certainty, infores, ...). Claim and evidence IRIs, used by a
    few triples each, are not kept (``uncached_iri`` of the term factory, where it has one).
    """

    def __init__(self, t, ns: ProjectNamespaces, graph: EvidenceGraph) -> None:
        self.t = t
        self.graph = graph
        self.base = base = ns.base
        self.dataset, self.extraction = str(ns.dataset), str(ns.extraction)
        self.v = _Vocabulary(t)
        self._concept_base, self._source_base = base + "concept/", base + "source/"
        self._claim_base, self._evidence_base = base + "claim/", base + "evidence/"
        self._fresh_iri = getattr(t, "uncached_iri", t.iri)
        self._concepts: dict[str, Any] = {}
        self._sources: dict[str, Any] = {}
        self._categories: dict[str, tuple[str, ...]] = {}
        self._biolink_predicates: dict[tuple, Any] = {}
        self._literals: dict[str, Any] = {}
        self.predicates = {p: t.iri(str(PREDICATE_IRIS[p])) for p in PREDICATES}
        self.qualifiers = {p: (t.iri(str(q)), t.text(d)) for p, (q, d) in PREDICATE_QUALIFIERS.items()}
        self.true, self.false = t.boolean(True), t.boolean(False)
        self.extraction_term = t.iri(self.extraction)
        self._beliefs = None

    def belief(self, claim: Claim) -> float:
        """The claim's belief (:func:`graph.strength.belief.claim_belief`; every claim's at once, on first use)."""
        from graph.strength.belief import beliefs_of, claim_belief

        if self._beliefs is None:
            self._beliefs = beliefs_of(self.graph)
        value = self._beliefs.get(claim.id) if self.graph.claims.get(claim.id) is claim else None
        return claim_belief(self.graph, claim) if value is None else value

    # Data IRIs as strings (the same as ProjectNamespaces' URIRefs, without making them).
    def concept(self, concept_id: str) -> str:
        return self._concept_base + safe_local_name(concept_id)

    def source(self, source_id: str) -> str:
        return self._source_base + safe_local_name(source_id)

    def claim(self, claim_id: str) -> str:
        return self._claim_base + safe_local_name(claim_id)

    # Terms.
    def concept_term(self, concept_id: str):
        term = self._concepts.get(concept_id)
        if term is None:
            term = self._concepts[concept_id] = self.t.iri(self.concept(concept_id))
        return term

    def source_term(self, source_id: str):
        term = self._sources.get(source_id)
        if term is None:
            term = self._sources[source_id] = self.t.iri(self.source(source_id))
        return term

    def claim_term(self, claim_id: str):
        return self._fresh_iri(self.claim(claim_id))

    def evidence_term(self, evidence_id: str):
        return self._fresh_iri(self._evidence_base + safe_local_name(evidence_id))

    def literal(self, value: str):
        """A plain literal of a short text that recurs (a polarity, a certainty, an infores id)."""
        term = self._literals.get(value)
        if term is None:
            term = self._literals[value] = self.t.text(value)
        return term

    def categories(self, concept_id: str) -> tuple[str, ...] | None:
        """A concept's Biolink categories (from its grounding), ``None`` for an id that is no concept."""
        cats = self._categories.get(concept_id)
        if cats is None and concept_id not in self._categories:
            concept = self.graph.concepts.get(concept_id)
            cats = self._categories[concept_id] = None if concept is None else tuple(ground(concept).categories)
        return cats

    def biolink_predicate(self, claim: Claim):
        """The term of the claim's Biolink predicate (:func:`_claim_predicate`), made once per predicate and categories."""
        key = (claim.predicate, self.categories(claim.subject), self.categories(claim.object))
        term = self._biolink_predicates.get(key)
        if term is None:
            if key[1] is None or key[2] is None:  # a broken graph (the shapes report it): the first choice
                curie = "biolink:" + str(BIOLINK_PREDICATES[claim.predicate]).rsplit("/", 1)[-1]
            else:
                curie = claim_predicate(*key)
            term = self._biolink_predicates[key] = self.t.iri(_biolink_iri(curie))
        return term


def _ontology(t, x: _Export) -> Iterator:
    """The vocabulary's mapping to Biolink, PROV and SKOS (so an export is self-describing)."""
    iri, v = t.iri, x.v
    a, sub_class, sub_prop, label = v.rdf_type, v.rdfs_subClassOf, v.rdfs_subPropertyOf, v.rdfs_label
    rdfs_class, rdf_property = v.rdfs_Class, v.rdf_Property
    concept = v.eg_Concept
    yield t.triple(concept, a, rdfs_class)
    yield t.triple(concept, label, t.lang("Concept"))
    yield t.triple(concept, sub_class, v.biolink_NamedThing)
    for category in CATEGORIES:
        cls = iri(str(PROJECT_CLASSES[category]))
        yield t.triple(cls, a, rdfs_class)
        yield t.triple(cls, label, t.lang(category))
        yield t.triple(cls, sub_class, concept)
        yield t.triple(cls, sub_class, iri(str(CATEGORY_CLASSES[category])))
    for cls, parent, name in (
        (v.eg_Claim, v.biolink_Association, "Claim"),
        (v.eg_Evidence, v.prov_Entity, "Evidence"),
    ):
        yield t.triple(cls, a, rdfs_class)
        yield t.triple(cls, label, t.lang(name))
        yield t.triple(cls, sub_class, parent)
    for predicate in PREDICATES:
        prop = x.predicates[predicate]
        yield t.triple(prop, a, rdf_property)
        if predicate in SYMMETRIC_PREDICATES:
            yield t.triple(prop, a, iri(_OWL_SYMMETRIC))
        yield t.triple(prop, label, t.lang(predicate.replace("_", " ")))
        yield t.triple(prop, sub_prop, iri(str(BIOLINK_PREDICATES[predicate])))


def _source_triples(t, x: _Export, source: Source) -> Iterator:
    T, v = t.triple, x.v
    s = x.source_term(source.id)
    yield T(s, v.rdf_type, v.biolink_Article)
    yield T(s, v.biolink_category, v.biolink_Article)
    yield T(s, v.dcterms_identifier, t.text(source.id))
    if source.title:
        yield T(s, v.dcterms_title, t.lang(source.title))
    if source.publisher:
        yield T(s, v.dcterms_publisher, t.text(source.publisher))
    if source.url:
        yield T(s, v.schema_url, t.any_uri(source.url))
    if source.date:
        yield T(s, v.dcterms_date, t.text(source.date))
    if source.kind:
        yield T(s, v.eg_kind, t.text(source.kind))
    if source.path:
        yield T(s, v.eg_path, t.text(source.path))
    if source.text:
        yield T(s, v.eg_textSha256, t.text(source.sha256))


def _biolink_iri(curie: str) -> str:
    return _u(BIOLINK, curie.split(":", 1)[1])


def _concept_triples(t, x: _Export, graph: EvidenceGraph, concept: Concept) -> Iterator:
    T, iri, v = t.triple, t.iri, x.v
    c = x.concept_term(concept.id)
    a = v.rdf_type
    grounding = ground(concept)
    yield T(c, a, iri(str(PROJECT_CLASSES[concept.category])))
    for category in grounding.categories:  # the Biolink class, refined by grounding (Disease, PhenotypicFeature, Protein)
        yield T(c, a, iri(_biolink_iri(category)))
        yield T(c, v.biolink_category, iri(_biolink_iri(category)))
    if concept.category == "Organization":
        yield T(c, a, v.prov_Agent)
    yield T(c, v.dcterms_identifier, t.text(concept.id))
    yield T(c, v.skos_prefLabel, t.lang(concept.label))
    yield T(c, v.rdfs_label, t.lang(concept.name))
    if concept.display:
        yield T(c, v.eg_display, t.lang(concept.display))
    for synonym in concept.synonyms:
        if synonym != concept.label:  # SKOS: a preferred label is never also an alternative label
            yield T(c, v.skos_altLabel, t.lang(synonym))
    for curie in concept.xrefs:
        yield T(c, v.eg_xref, t.text(curie))
    for curie in grounding.ids:  # verified in shipped data, expanded by the Biolink prefix map
        expanded = expand_curie(curie)
        if expanded:
            yield T(c, v.skos_exactMatch, iri(expanded))
    for parent in concept.parents:
        yield T(c, v.skos_broader, x.concept_term(parent))
    if concept.discovered:
        yield T(c, v.eg_discovered, x.true)
    if concept.description:
        yield T(c, v.dcterms_description, t.lang(concept.description))
    for source_id in graph.concept_sources.get(concept.id, ()):
        yield T(c, v.eg_mentionedIn, x.source_term(source_id))
    if concept.id in graph.concept_mentions:
        yield T(c, v.eg_mentionCount, t.integer(graph.concept_mentions[concept.id]))
    if concept.category == "Study":
        for org_id in graph.organizations_of(concept.id):
            yield T(c, v.prov_wasAssociatedWith, x.concept_term(org_id))
        if graph.findings.get(concept.id):
            yield T(c, v.eg_finding, t.lang(graph.findings[concept.id]))
        from graph.strength.studies import record_of  # what the articles say of the study (docs/evidence.md)

        record = record_of(graph, concept.id)
        if record is not None:
            yield T(c, v.eg_design, t.text(record.design))
            for prop, value in (("population", record.population), ("sampleSize", record.sample_size),
                                ("studyDuration", record.duration), ("result", record.result)):
                if value:
                    yield T(c, getattr(v, "eg_" + prop), t.lang(value))
            if record.role:
                yield T(c, v.eg_studyRole, t.text(record.role))
            for claim_id in record.claims:
                claim = graph.claims[claim_id]
                if any(e.attribution == concept.id and e.cited for e in claim.evidence):
                    yield T(c, v.eg_hasFinding, x.claim_term(claim_id))


def _claim_predicate(graph: EvidenceGraph, claim: Claim) -> str:
    """The claim's Biolink predicate, fitting its concepts' Biolink categories (see :func:`claim_predicate`)."""
    subject, obj = graph.concepts.get(claim.subject), graph.concepts.get(claim.object)
    if subject is None or obj is None:  # a broken graph (the shapes report it): the first choice
        return "biolink:" + str(BIOLINK_PREDICATES[claim.predicate]).rsplit("/", 1)[-1]
    return claim_predicate(claim.predicate, ground(subject).categories, ground(obj).categories)


def _claim_triples(t, x: _Export, graph: EvidenceGraph, claim: Claim, infores) -> Iterator:
    """A claim's triples, then its evidence's; ``infores`` is the literal term of the knowledge source."""
    T, v = t.triple, x.v
    literal = x.literal
    k = x.claim_term(claim.id)
    a = v.rdf_type
    subject, obj = x.concept_term(claim.subject), x.concept_term(claim.object)
    yield T(k, a, v.eg_Claim)
    yield T(k, a, v.biolink_Association)
    yield T(k, v.biolink_category, v.biolink_Association)
    yield T(k, v.dcterms_identifier, t.text(claim.id))
    concepts = graph.concepts
    s_label = concepts[claim.subject].label if claim.subject in concepts else claim.subject
    o_label = concepts[claim.object].label if claim.object in concepts else claim.object
    verb = claim.predicate.replace("_", " ")
    yield T(k, v.rdfs_label, t.lang(f"{s_label} {'NOT ' if claim.polarity == 'negated' else ''}{verb} {o_label}"))
    yield T(k, v.biolink_subject, subject)
    yield T(k, v.biolink_predicate, x.biolink_predicate(claim))
    yield T(k, v.biolink_object, obj)
    yield T(k, v.eg_predicate, x.predicates[claim.predicate])
    if claim.predicate in x.qualifiers:
        qualified, direction = x.qualifiers[claim.predicate]
        yield T(k, v.biolink_qualified_predicate, qualified)
        yield T(k, v.biolink_object_direction_qualifier, direction)
    yield T(k, v.biolink_negated, x.true if claim.polarity == "negated" else x.false)
    yield T(k, v.eg_polarity, literal(claim.polarity))
    yield T(k, v.eg_certainty, literal(claim.certainty))
    yield T(k, v.eg_support, t.integer(claim.support))
    yield T(k, v.eg_cited, x.true if claim.cited else x.false)
    yield T(k, v.eg_belief, t.decimal(x.belief(claim)))  # docs/evidence.md
    for quantity in claim.quantities:
        yield T(k, v.eg_quantity, t.lang(quantity))
    for attribution in claim.attributions:
        if attribution and attribution != UNATTRIBUTED:
            yield T(k, v.eg_attributedTo, x.concept_term(attribution))
    for source_id in claim.sources:
        yield T(k, v.biolink_publications, x.source_term(source_id))
    yield T(k, v.biolink_primary_knowledge_source, infores)
    yield T(k, v.biolink_knowledge_level, literal(KNOWLEDGE_LEVEL))
    yield T(k, v.biolink_agent_type, literal(AGENT_TYPE))
    yield T(k, v.prov_wasGeneratedBy, x.extraction_term)
    evidence_nodes = [(x.evidence_term(evidence_id(claim.id, ev)), ev) for ev in claim.evidence]
    derived = v.prov_wasDerivedFrom
    for node, _ in evidence_nodes:
        yield T(k, derived, node)
    for node, ev in evidence_nodes:
        yield from _evidence_triples(t, x, node, ev)


def _evidence_triples(t, x: _Export, e, ev: Evidence) -> Iterator:
    T, v, integer = t.triple, x.v, t.integer
    yield T(e, v.rdf_type, v.eg_Evidence)
    yield T(e, v.biolink_supporting_text, t.lang(ev.sentence))
    yield T(e, v.prov_wasQuotedFrom, x.source_term(ev.source_id))
    if ev.section:
        yield T(e, v.eg_section, t.lang(ev.section))
    yield T(e, v.eg_start, integer(ev.start))
    yield T(e, v.eg_end, integer(ev.end))
    yield T(e, v.eg_certainty, x.literal(ev.certainty))
    if ev.attribution == UNATTRIBUTED:
        yield T(e, v.eg_attribution, x.literal(UNATTRIBUTED))
    elif ev.attribution:
        yield T(e, v.eg_attributedTo, x.concept_term(ev.attribution))
    if ev.quantity:
        yield T(e, v.eg_quantity, t.lang(ev.quantity))
    if ev.cue:
        yield T(e, v.eg_cue, t.lang(ev.cue))
    if ev.evidence_type:  # what the sentence is (graph.strength.evidence_types)
        yield T(e, v.eg_evidenceType, x.literal(ev.evidence_type))
    if ev.study_role:
        yield T(e, v.eg_studyRole, x.literal(ev.study_role))
    yield T(e, v.eg_countsAsSupport, x.true if ev.supports else x.false)
    # Offsets of the subject/object mentions within the quote (Biolink: "in the supporting text").
    for span, text, location, text_prop, start_prop, end_prop in (
        (ev.subject_span, ev.subject_text, v.biolink_subject_location_in_text, v.eg_subjectText, v.eg_subjectStart, v.eg_subjectEnd),
        (ev.object_span, ev.object_text, v.biolink_object_location_in_text, v.eg_objectText, v.eg_objectStart, v.eg_objectEnd),
    ):
        if text:
            yield T(e, text_prop, t.lang(text))
        if span is not None:  # the mention's span in the article text (like eg:start/eg:end)
            yield T(e, start_prop, integer(span[0]))
            yield T(e, end_prop, integer(span[1]))
            # Only a mention inside the quote has a location in it; an argument resolved from
            # another sentence (a pronoun, "symptoms" of an earlier condition) has none.
            if ev.start <= span[0] < span[1] <= ev.start + len(ev.sentence):
                yield T(e, location, integer(span[0] - ev.start))
                yield T(e, location, integer(span[1] - ev.start))


_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _curation_triples(t, x: _Export, graph: EvidenceGraph) -> Iterator:
    """A writer's decisions (:mod:`graph.curation`) as PROV: each decision a ``prov:Entity`` of class
    ``eg:CurationDecision`` with who (``prov:wasAttributedTo`` a ``prov:Person``), when
    (``prov:generatedAtTime``) and why (``rdfs:comment``); a curated claim or concept points to it with
    ``prov:wasInfluencedBy``, a rejected claim (absent from the graph) with ``prov:wasInvalidatedBy``."""
    from graph.model import slugify

    curation = getattr(graph, "curation", None)
    if not curation:
        return
    iri, v = t.iri, x.v
    a = v.rdf_type
    people: set[str] = set()
    decisions: dict[str, tuple] = {}
    for kind, table, live in (("claim", curation.claims, graph.claims), ("concept", curation.concepts, graph.concepts)):
        for key, marks in table.items():
            node = iri(x.claim(key) if kind == "claim" else x.concept(key))
            for mark in marks:
                if not mark.decision:
                    continue
                d = iri(x.base + "curation/" + mark.decision)
                if mark.action == "rejected" and key not in live:
                    yield t.triple(node, v.prov_wasInvalidatedBy, d)
                elif key in live:
                    yield t.triple(node, v.prov_wasInfluencedBy, d)
                decisions.setdefault(mark.decision, (d, mark))
    for _, (d, mark) in sorted(decisions.items()):
        yield t.triple(d, a, v.prov_Entity)
        yield t.triple(d, a, v.eg_CurationDecision)
        yield t.triple(d, v.rdfs_label, t.lang(mark.action + (f" ({mark.detail})" if mark.detail else "")))
        yield t.triple(d, v.eg_curationAction, t.text(mark.action))
        if mark.note:
            yield t.triple(d, v.rdfs_comment, t.lang(mark.note))
        if mark.at and _DATETIME.match(mark.at):
            yield t.triple(d, v.prov_generatedAtTime, t.datetime(mark.at))
        if mark.by:
            person = x.base + "curator/" + slugify(mark.by)
            yield t.triple(d, v.prov_wasAttributedTo, iri(person))
            if person not in people:
                people.add(person)
                yield t.triple(iri(person), a, v.prov_Agent)
                yield t.triple(iri(person), a, v.prov_Person)
                yield t.triple(iri(person), v.rdfs_label, t.lang(mark.by))


def iter_triples(graph: EvidenceGraph, base: str = DEFAULT_BASE, *, terms: Any = None, infores: str = DEFAULT_INFORES,
                 direct_triples: bool = True) -> Iterator:
    """Every triple of the export, in a fixed order (vocabulary, dataset, sources, concepts, claims).

    ``terms`` is the term factory (Oxigraph by default; :func:`to_rdflib` passes rdflib's, the
    ``text`` engine those of :mod:`graph.export.rdftext`). ``infores`` is every claim's
    ``biolink:primary_knowledge_source``. With ``direct_triples`` (the default) each concept's
    outgoing direct triples (affirmed claims only) follow the concept, so serialisers that group
    consecutive triples write each subject once; the dataset says whether they are there
    (``eg:directTriples``), for the shapes. What triples use again and again (vocabulary terms,
    concept IRIs and categories, Biolink predicates) is made once per call (:class:`_Export`).
    """
    t = terms or _OxTerms()
    x = _Export(t, project_namespaces(base), graph)
    iri, v = t.iri, x.v
    a = v.rdf_type
    yield from _ontology(t, x)
    # The dataset and the extraction run (PROV-O).
    dataset, extraction = iri(x.dataset), x.extraction_term
    agent = iri(x.base + "agent/extractor")
    yield t.triple(dataset, a, v.prov_Entity)
    yield t.triple(dataset, v.rdfs_label, t.lang("evidence graph"))
    yield t.triple(dataset, v.prov_wasGeneratedBy, extraction)
    yield t.triple(dataset, v.eg_directTriples, x.true if direct_triples else x.false)
    yield t.triple(extraction, a, v.prov_Activity)
    yield t.triple(extraction, v.rdfs_label, t.lang("claim extraction from the source articles"))
    yield t.triple(extraction, v.prov_wasAssociatedWith, agent)
    for source_id in graph.sources:
        yield t.triple(extraction, v.prov_used, x.source_term(source_id))
    yield t.triple(agent, a, v.prov_SoftwareAgent)
    yield t.triple(agent, v.rdfs_label, t.lang("evidence-graph text miner"))
    yield t.triple(agent, v.biolink_agent_type, x.literal(AGENT_TYPE))

    for source in graph.sources.values():
        yield from _source_triples(t, x, source)
    direct: dict[str, list[Claim]] = defaultdict(list)
    for claim in graph.claims.values():
        if claim.polarity == "affirmed" and direct_triples:
            direct[claim.subject].append(claim)
    predicates = x.predicates
    for concept in graph.concepts.values():
        yield from _concept_triples(t, x, graph, concept)
        c = x.concept_term(concept.id)
        for claim in direct.pop(concept.id, ()):
            yield t.triple(c, predicates[claim.predicate], x.concept_term(claim.object))
    for subject_id in sorted(direct):  # claims whose subject is not a concept (a bad graph; shapes will say)
        for claim in direct[subject_id]:
            yield t.triple(x.concept_term(subject_id), predicates[claim.predicate], x.concept_term(claim.object))
    infores_term = x.literal(infores)
    for claim in graph.claims.values():
        yield from _claim_triples(t, x, graph, claim, infores_term)
    yield from _curation_triples(t, x, graph)


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
        self._compact_once = compact
        self._compact = functools.lru_cache(maxsize=None)(compact)
        self._any_uri = compact(str(XSD.anyURI))

    def iri(self, value: str):
        return _JsonIri(self._compact(value))

    def uncached_iri(self, value: str):
        return _JsonIri(self._compact_once(value))

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
