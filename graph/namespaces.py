"""The RDF vocabulary in one place: namespaces, category classes, predicate IRIs, IRI minting.

Two kinds of IRIs:

- the **vocabulary** (classes such as ``eg:Claim``, properties such as ``eg:certainty``,
  the project predicates ``eg:treats`` ...) lives in the fixed namespace :data:`EG`, so
  the SHACL shapes and the example SPARQL queries work on every export;
- the **data** (concepts, claims, evidence, sources) is minted under a configurable base
  IRI by :func:`project_namespaces` (``export --base`` sets it).

Biolink terms were checked in ``biolink_model.yaml`` 4.4.6 (class names are CamelCase,
slots snake_case under ``https://w3id.org/biolink/vocab/``).

>>> ns = project_namespaces("https://data.example.com/kg/")
>>> ns.concept("ketamine")
rdflib.term.URIRef('https://data.example.com/kg/concept/ketamine')
>>> str(CATEGORY_CLASSES["Condition"])
'https://w3id.org/biolink/vocab/DiseaseOrPhenotypicFeature'
>>> str(PREDICATE_IRIS["treats"])
'https://example.org/evidence-graph/vocab#treats'
>>> str(BIOLINK_PREDICATES["has_adverse_effect"])
'https://w3id.org/biolink/vocab/has_adverse_event'
>>> safe_local_name('a "b" <c> d/é')
'a%20%22b%22%20%3Cc%3E%20d%2F%C3%A9'
>>> expand_xrefs(["MESH:D013313", "NOPE:1"])["MESH:D013313"]
'http://id.nlm.nih.gov/mesh/D013313'
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import ExportError
from graph.model import CATEGORIES, PREDICATES

__all__ = [
    "DEFAULT_BASE",
    "EG",
    "BIOLINK",
    "PROV",
    "SKOS",
    "DCTERMS",
    "SCHEMA",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "PREFIXES",
    "ProjectNamespaces",
    "project_namespaces",
    "CATEGORY_CLASSES",
    "PROJECT_CLASSES",
    "RECEPTOR_CLASS",
    "PREDICATE_IRIS",
    "BIOLINK_PREDICATES",
    "PREDICATE_QUALIFIERS",
    "PREDICATE_FALLBACKS",
    "KNOWLEDGE_LEVEL",
    "AGENT_TYPE",
    "safe_local_name",
    "is_receptor",
    "expand_xrefs",
]

log = logging.getLogger(__name__)

#: Where data IRIs are minted unless ``--base`` says otherwise (a placeholder domain:
#: organisations loading the graph into their triple store set their own).
DEFAULT_BASE = "https://example.org/evidence-graph/"

#: The project vocabulary (fixed, independent of the data base IRI).
EG = Namespace("https://example.org/evidence-graph/vocab#")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
SCHEMA = Namespace("http://schema.org/")

#: Prefixes written into Turtle and the JSON-LD context (data prefixes are added per export).
PREFIXES: dict[str, str] = {
    "eg": str(EG),
    "biolink": str(BIOLINK),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


@dataclass(frozen=True)
class ProjectNamespaces:
    """The data namespaces under one base IRI (concepts, claims, evidence, sources)."""

    base: str

    @property
    def concepts(self) -> Namespace:
        return Namespace(self.base + "concept/")

    @property
    def claims(self) -> Namespace:
        return Namespace(self.base + "claim/")

    @property
    def evidence(self) -> Namespace:
        return Namespace(self.base + "evidence/")

    @property
    def sources(self) -> Namespace:
        return Namespace(self.base + "source/")

    def concept(self, concept_id: str) -> URIRef:
        return URIRef(self.base + "concept/" + safe_local_name(concept_id))

    def claim(self, claim_id: str) -> URIRef:
        return URIRef(self.base + "claim/" + safe_local_name(claim_id))

    def evidence_node(self, evidence_id: str) -> URIRef:
        return URIRef(self.base + "evidence/" + safe_local_name(evidence_id))

    def source(self, source_id: str) -> URIRef:
        return URIRef(self.base + "source/" + safe_local_name(source_id))

    @property
    def dataset(self) -> URIRef:
        """The exported graph as a whole (a ``prov:Entity``)."""
        return URIRef(self.base + "graph")

    @property
    def extraction(self) -> URIRef:
        """The extraction run that generated the claims (a ``prov:Activity``)."""
        return URIRef(self.base + "extraction")

    @property
    def prefixes(self) -> dict[str, str]:
        """Data prefixes for serialisers (``concept:``, ``claim:``, ``evidence:``, ``source:``)."""
        return {
            "concept": self.base + "concept/",
            "claim": self.base + "claim/",
            "evidence": self.base + "evidence/",
            "source": self.base + "source/",
        }


# A base must be an absolute http(s) IRI ending in "/" or "#", with no character that
# would need escaping in an IRI.
_BASE_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")


def project_namespaces(base: str = DEFAULT_BASE) -> ProjectNamespaces:
    """The data namespaces under ``base`` (an http(s) IRI ending with ``/`` or ``#``).

    >>> project_namespaces().claim("5bd1fa2bfaf1c8a6")
    rdflib.term.URIRef('https://example.org/evidence-graph/claim/5bd1fa2bfaf1c8a6')
    >>> project_namespaces("not an iri")
    Traceback (most recent call last):
    ...
    graph.errors.ExportError: base IRI must be an absolute http(s) IRI ending with '/' or '#', not 'not an iri'
    """
    if not isinstance(base, str) or not _BASE_RE.match(base):
        raise ExportError(f"base IRI must be an absolute http(s) IRI ending with '/' or '#', not {base!r}")
    return ProjectNamespaces(base)


# -- classes --------------------------------------------------------------

#: Project class of each category (each is ``rdfs:subClassOf`` its Biolink class).
PROJECT_CLASSES: dict[str, URIRef] = {category: EG[category] for category in CATEGORIES}

#: Biolink class of each category (SCHEMA.md; checked in biolink_model.yaml).
CATEGORY_CLASSES: dict[str, URIRef] = {
    "Condition": BIOLINK.DiseaseOrPhenotypicFeature,
    "Drug": BIOLINK.Drug,
    "Therapy": BIOLINK.Treatment,  # inside the domain of the treats predicates (ChemicalOrDrugOrTreatment); Procedure is not
    "Mechanism": BIOLINK.BiologicalProcess,
    "Molecule": BIOLINK.MolecularEntity,
    "RiskFactor": BIOLINK.ExposureEvent,
    "Study": BIOLINK.Study,
    "Organization": BIOLINK.Agent,
}

#: Receptors (Molecule concepts whose label names a receptor) are proteins in Biolink.
RECEPTOR_CLASS: URIRef = BIOLINK.Protein

_RECEPTOR_RE = re.compile(r"\breceptors?\b")


def is_receptor(label: str) -> bool:
    """Whether a Molecule label names a receptor (typed ``biolink:Protein`` as well).

    >>> is_receptor("nmda receptor"), is_receptor("glutamate")
    (True, False)
    """
    return bool(_RECEPTOR_RE.search(label.lower()))


# -- predicates -------------------------------------------------------------

#: The direct-triple predicate of each project predicate (``:ketamine eg:treats :ptsd``).
PREDICATE_IRIS: dict[str, URIRef] = {predicate: EG[predicate] for predicate in PREDICATES}

#: Biolink predicate of each project predicate (SCHEMA.md; every one checked in biolink_model.yaml).
#: Each project predicate is declared ``rdfs:subPropertyOf`` this one.
BIOLINK_PREDICATES: dict[str, URIRef] = {
    "treats": BIOLINK.treats_or_applied_or_studied_to_treat,
    "causes": BIOLINK.causes,
    "risk_factor_for": BIOLINK.associated_with_increased_likelihood_of,
    "co_occurs_with": BIOLINK.coexists_with,
    "has_adverse_effect": BIOLINK.has_adverse_event,
    "inhibits": BIOLINK.affects,
    "increases": BIOLINK.affects,
    "modulates": BIOLINK.regulates,
    "affects": BIOLINK.affects,
    "has_symptom": BIOLINK.has_phenotype,
    "subclass_of": BIOLINK.subclass_of,
}

#: Biolink predicates tried, in order, when the first choice (:data:`BIOLINK_PREDICATES`) does not fit
#: the subject's and object's Biolink categories by the model's domain and range (receptors are
#: proteins, which are no ``OntologyClass`` for ``subclass_of``; a condition named as a symptom
#: may be a disease, outside ``has_phenotype``'s range). ``related_to`` always fits.
PREDICATE_FALLBACKS: dict[str, tuple[URIRef, ...]] = {
    "has_adverse_effect": (BIOLINK.causes,),
    "modulates": (BIOLINK.affects,),
    "has_symptom": (BIOLINK.related_to_at_instance_level,),
    "subclass_of": (BIOLINK.related_to_at_concept_level,),
}

#: Qualifiers that complete a Biolink ``affects`` statement: (qualified predicate, object direction).
PREDICATE_QUALIFIERS: dict[str, tuple[URIRef, str]] = {
    "inhibits": (BIOLINK.causes, "decreased"),
    "increases": (BIOLINK.causes, "increased"),
}

#: Biolink KnowledgeLevelEnum / AgentTypeEnum values of every claim (literals, as LinkML enums).
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "text_mining_agent"


# -- IRI safety ---------------------------------------------------------------

# RFC 3987 iunreserved minus "~" plus nothing else: everything outside is percent-encoded
# as UTF-8, so a local name is always a valid IRI segment (and a valid Turtle local name
# once "%XX" escapes are allowed, which they are).
_SAFE = "-._"
_MAX_LOCAL = 200
# What urllib.parse.quote(text, safe=_SAFE) leaves as it is (its always-safe characters): a short
# id made only of these is its own local name (the common case; quote is slow in a hot loop).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]{1,%d}" % _MAX_LOCAL)


def safe_local_name(text: str) -> str:
    """A local name that is a valid IRI segment whatever ``text`` holds.

    Ids are already slugs; this is the second defence. Every character other than ASCII
    letters, digits, ``-``, ``.`` and ``_`` is percent-encoded (UTF-8); an empty text
    becomes ``_``; a very long one is cut and given a hash tail so it stays unique.

    >>> safe_local_name("post_traumatic_stress_disorder")
    'post_traumatic_stress_disorder'
    >>> safe_local_name("")
    '_'
    >>> len(safe_local_name("é" * 1000)) <= 200
    True
    """
    if _UNQUOTED.fullmatch(text):
        return text
    from graph.model import content_id

    encoded = urllib.parse.quote(text, safe=_SAFE) or "_"
    if len(encoded) > _MAX_LOCAL:
        head, size = [], 0
        for ch in text:  # cut between characters, never inside a character's escapes
            piece = urllib.parse.quote(ch, safe=_SAFE)
            if size + len(piece) > _MAX_LOCAL - 17:
                break
            head.append(piece)
            size += len(piece)
        encoded = "".join(head) + "_" + content_id(text)
    return encoded


def local_name_to_id(local: str) -> str:
    """The id a local name was minted from (inverse of :func:`safe_local_name` for short ids).

    >>> local_name_to_id(safe_local_name("a b/é"))
    'a b/é'
    """
    return urllib.parse.unquote(local)


# -- ontology cross-references (CURIE -> IRI) ------------------------------------

_CURIE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):(\S+)$")


@functools.lru_cache(maxsize=1)
def _canonical_prefix_map() -> dict[str, str]:
    """prefixmaps' packaged ``merged`` context (canonical rows): prefix -> URI prefix, offline.

    Read from the CSV shipped inside the prefixmaps package; nothing is fetched.
    """
    from prefixmaps.io.parser import context_path

    mapping: dict[str, str] = {}
    with open(context_path("merged"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("status") == "canonical":
                mapping.setdefault(row["prefix"], row["namespace"])
    return mapping


@functools.lru_cache(maxsize=64)
def _converter(prefixes: frozenset[str]):
    """A ``curies.Converter`` for only the prefixes in use (building one for all 4,000 takes seconds)."""
    import curies

    canonical = _canonical_prefix_map()
    by_lower: dict[str, list[str]] = {}
    for prefix in canonical:
        by_lower.setdefault(prefix.lower(), []).append(prefix)
    records = {}
    for wanted in sorted(prefixes):
        candidates = [wanted] if wanted in canonical else by_lower.get(wanted.lower(), [])
        if len(candidates) != 1:
            continue
        prefix = candidates[0]
        synonyms = sorted({wanted} - {prefix})
        if prefix in records:
            records[prefix].prefix_synonyms = sorted(set(records[prefix].prefix_synonyms) | set(synonyms))
        else:
            records[prefix] = curies.Record(prefix=prefix, uri_prefix=canonical[prefix], prefix_synonyms=synonyms)
    return curies.Converter(list(records.values()))


def expand_xrefs(curies_: Iterable[str]) -> dict[str, str]:
    """Expand ontology CURIEs (``MESH:D013313``) to IRIs: the Biolink model's prefix map first, then prefixmaps.

    The Biolink prefix map (shipped by the ``biolink-model`` package) is what Biolink graphs and
    KGX use (``MESH:`` is ``http://id.nlm.nih.gov/mesh/``, as in MeSH's own RDF); a prefix it
    lacks falls back to the canonical rows of prefixmaps' registry data. Returns ``{curie: iri}``
    for each CURIE whose prefix either knows (prefix case is forgiven); unknown prefixes and
    malformed CURIEs are left out (logged at debug level). The local part is percent-encoded
    where needed, so every IRI returned is valid.

    >>> expand_xrefs(["CHEBI:6121", "mesh:D013313", "bad curie"])
    {'CHEBI:6121': 'http://purl.obolibrary.org/obo/CHEBI_6121', 'mesh:D013313': 'http://id.nlm.nih.gov/mesh/D013313'}
    """
    from graph.export.biolink import biolink_model

    biolink = {prefix.lower(): namespace for prefix, namespace in biolink_model().prefix_map.items()}
    wanted = {}
    for curie in curies_:
        match = _CURIE_RE.match(curie.strip())
        if match:
            wanted[curie] = match
        else:
            log.debug("not a CURIE: %r", curie)
    if not wanted:
        return {}
    converter = _converter(frozenset(m.group(1) for m in wanted.values()))
    out: dict[str, str] = {}
    for curie, match in wanted.items():
        prefix, local = match.group(1), match.group(2)
        if prefix.lower() in biolink:
            out[curie] = biolink[prefix.lower()] + urllib.parse.quote(local, safe="-._~:/()'!*+,;=@")
            continue
        record_prefix = converter.standardize_prefix(prefix)
        if record_prefix is None:
            log.debug("no registry prefix for %r", curie)
            continue
        uri_prefix = converter.prefix_map[record_prefix]
        out[curie] = uri_prefix + urllib.parse.quote(local, safe="-._~:/()'!*+,;=@")
    return out
