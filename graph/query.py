"""Questions over an :class:`~graph.evidence_graph.EvidenceGraph`: plain functions, each with evidence.

Every answer keeps the claims it rests on, and every claim keeps its sentences,
so a medical writer can always go back to the text.

>>> g = example_graph()
>>> find_concept(g, "Post-Traumatic Stress Disorder").label
'ptsd'
>>> [n.concept.label for n in neighbors(g, "ketamine", predicate="treats")]
['chronic pain', 'ptsd', 'depression']
>>> for p in paths(g, "ketamine", "PTSD", limit=3):
...     print(p)
ketamine -treats-> ptsd
ketamine -treats-> chronic pain -causes-> ptsd
ketamine -treats-> chronic pain <-co_occurs_with-> ptsd

Names are matched case-insensitively against labels, display names and
synonyms (folded with :func:`graph.vocab.normalize`); an unknown name raises
:class:`~graph.errors.ConceptNotFoundError` with the closest suggestions.

Path ranking (see :func:`hop_score`): a hop scores the claim's belief
(:mod:`graph.strength.belief`, docs/evidence.md: what each sentence is, hedged or not,
backed by a study and its design, independent publishers), times 0.25 if it is negated
(only when negated hops are allowed). A path scores the product of its hops, so every
extra hop costs at least half the score: well-supported, asserted, study-backed hops come
first, and shorter paths first among equals. Neighbours are ranked by the same score.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import heapq
import itertools
import logging
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from graph.errors import ClaimNotFoundError, ConceptNotFoundError, QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import (
    CATEGORIES,
    CERTAINTIES,
    POLARITIES,
    PREDICATES,
    SYMMETRIC_PREDICATES,
    UNATTRIBUTED,
    Claim,
    Concept,
    Evidence,
    Source,
)
from graph.vocab import normalize

__all__ = [
    "SCORE_WEIGHTS",
    "PREDICATE_FAMILIES",
    "PREDICATE_IMPLIES",
    "OPPOSITE_PREDICATES",
    "QUANTITY_TOLERANCE",
    "ANY_STUDY",
    "CLAIM_FILTERS",
    "Neighbor",
    "Hop",
    "Path",
    "EvidenceRow",
    "Quantity",
    "ContradictionSide",
    "Contradiction",
    "UncitedClaim",
    "SourceComparison",
    "Hub",
    "example_graph",
    "find_concept",
    "concept_names",
    "claim_edges",
    "index_from_edges",
    "ranked_paths",
    "materialize_paths",
    "find_source",
    "resolve_claim",
    "neighbors",
    "hop_score",
    "paths",
    "evidence",
    "claims",
    "parse_quantity",
    "compare_quantities",
    "contradictions",
    "uncited",
    "compare_sources",
    "hubs",
    "stats",
]

log = logging.getLogger(__name__)

# Factors of a hop's score (see the module docstring and :func:`hop_score`).
SCORE_WEIGHTS: dict[str, float] = {
    "hedged": 0.7,  # only hedged occurrences ("may", "suggests")
    "uncited": 0.85,  # no named study behind any occurrence
    "negated": 0.25,  # a negated claim used as a hop (only with skip_negated=False)
}

# Predicates close in meaning: "A p1 B" affirmed beside "A p2 B" negated is worth a look.
PREDICATE_FAMILIES: dict[str, frozenset[str]] = {
    "causal": frozenset({"causes", "risk_factor_for", "affects", "has_symptom"}),
    "regulation": frozenset({"inhibits", "increases", "modulates", "affects"}),
}

# "A p1 B" implies "A p2 B" (p1 -> the weaker p2s). Affirming the stronger and negating the weaker
# disagrees; affirming the weaker and negating the stronger ("a risk factor, not a direct cause") is
# compatible.
PREDICATE_IMPLIES: dict[str, frozenset[str]] = {
    "causes": frozenset({"risk_factor_for", "affects"}),
    "inhibits": frozenset({"modulates", "affects"}),
    "increases": frozenset({"modulates", "affects"}),
    "modulates": frozenset({"affects"}),
}

# Predicates that disagree when both are affirmed for the same subject and object.
OPPOSITE_PREDICATES: frozenset[frozenset[str]] = frozenset({frozenset({"increases", "inhibits"})})

# Values of the ``attribution`` filter meaning "any named study" (backing or only investigating).
ANY_STUDY: frozenset[str] = frozenset({"study", "studies", "any study", "named study"})

# Two quantities within this relative difference are "practically the same".
QUANTITY_TOLERANCE = 0.10

# Keyword filters of :func:`claims`, with what each one matches.
CLAIM_FILTERS: dict[str, str] = {
    "claim_id": "claim id or a unique prefix of it",
    "subject": "subject concept (name, synonym or id)",
    "object": "object concept (name, synonym or id)",
    "concept": "either end of the claim (name, synonym or id)",
    "subject_category": "category of the subject",
    "object_category": "category of the object",
    "category": "category of either end",
    "categories": "alias of category",
    "predicate": "predicate",
    "polarity": "affirmed or negated",
    "certainty": "asserted or hedged (the claim's: asserted if any occurrence is)",
    "cited": "True: backed by a named study somewhere; False: by none",
    "min_support": "at least this many sources whose sentence counts as support (0: also claims only promotion, advice or questions state)",
    "max_support": "at most this many sources",
    "attribution": "an occurrence attributed to this study (id or label), 'study' (any named study), 'unattributed', "
                   "or '' (the article's own)",
    "quantity": "an occurrence whose quantity contains this text (True: any quantity)",
    "source_id": "an occurrence in this source (id, unique prefix or title)",
    "section": "an occurrence under a section heading containing this text",
    "sentence": "an occurrence whose sentence contains this text",
}


# -- result records ---------------------------------------------------------------------------


def _claim_dict(graph: EvidenceGraph, claim: Claim) -> dict[str, Any]:
    subject, obj = graph.concepts[claim.subject], graph.concepts[claim.object]
    return {
        "claim_id": claim.id,
        "subject": subject.label,
        "predicate": claim.predicate,
        "object": obj.label,
        "polarity": claim.polarity,
        "certainty": claim.certainty,
        "support": claim.support,
        "cited": claim.cited,
        "sources": list(claim.sources),
    }


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "source_id": ev.source_id,
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "section": ev.section,
        "certainty": ev.certainty,
        "attribution": ev.attribution,
        "quantity": ev.quantity,
    }


@dataclass(frozen=True)
class Neighbor:
    """A concept linked to the queried one by a claim; ``direction`` is ``out`` (the
    queried concept is the subject), ``in`` (it is the object) or ``both`` (a symmetric
    predicate such as ``co_occurs_with``)."""

    concept: Concept
    claim: Claim
    direction: str
    # with neighbors(..., narrower=True): the narrower concepts (labels) through which the claim
    # rolls up to the queried one, e.g. ("chronic pain", "neuropathic pain"); () for its own claims
    via: tuple[str, ...] = ()

    @property
    def predicate(self) -> str:
        return self.claim.predicate

    def as_dict(self) -> dict[str, Any]:
        out = {
            "direction": self.direction,
            "predicate": self.claim.predicate,
            "neighbor": self.concept.label,
            "category": self.concept.category,
            "polarity": self.claim.polarity,
            "certainty": self.claim.certainty,
            "support": self.claim.support,
            "cited": self.claim.cited,
            "claim_id": self.claim.id,
        }
        if self.via:
            out["via"] = " > ".join(self.via)
        return out


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``start`` to ``end`` along ``claim``.

    ``direction`` says how the claim edge was traversed: ``forward`` (start is the
    claim's subject), ``backward`` (start is its object) or ``symmetric``.
    """

    start: Concept
    end: Concept
    claim: Claim
    direction: str
    score: float

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.claim.evidence

    def arrow(self) -> str:
        p = self.claim.predicate + ("[negated]" if self.claim.polarity == "negated" else "")
        if self.direction == "symmetric":
            return f"<-{p}->"
        return f"-{p}->" if self.direction == "forward" else f"<-{p}-"

    def __str__(self) -> str:
        return f"{self.start.label} {self.arrow()} {self.end.label}"


@dataclass(frozen=True)
class Path:
    """A chain of claims from one concept to another, with its score (product of hop scores)."""

    hops: tuple[Hop, ...]
    score: float

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return (self.hops[0].start, *(h.end for h in self.hops))

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(h.claim.id for h in self.hops)

    def __str__(self) -> str:
        text = self.hops[0].start.label
        for hop in self.hops:
            text += f" {hop.arrow()} {hop.end.label}"
        return text

    def as_dict(self, graph: EvidenceGraph) -> dict[str, Any]:
        return {
            "path": str(self),
            "hops": self.length,
            "score": round(self.score, 6),
            "steps": [
                {
                    "from": h.start.label,
                    "to": h.end.label,
                    "direction": h.direction,
                    "score": round(h.score, 6),
                    "claim": _claim_dict(graph, h.claim),
                    "evidence": [_evidence_dict(e) for e in h.claim.evidence],
                }
                for h in self.hops
            ],
        }


@dataclass(frozen=True)
class EvidenceRow:
    """One sentence behind a claim, with where it stands and who (if anyone) backs it."""

    claim_id: str
    source_id: str
    source_title: str
    sentence: str
    start: int
    end: int
    section: str
    certainty: str
    attribution: str
    study: str
    organization: str
    quantity: str
    cue: str = ""
    evidence_type: str = ""  # finding, assertion, hedge, definition, advice, promotion, question
    study_role: str = ""  # backs, investigates or mentions (a sentence naming a study)
    supports: bool = True  # counts towards the claim's support

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: a duration in days, or a percentage, with its comparator.

    ``low``/``high`` are equal for a single value; ``comparator`` is one of
    ``>``, ``>=``, ``<``, ``<=``, ``~``, ``=`` or ``range``.
    """

    text: str
    kind: str  # duration | percent
    low: float
    high: float
    comparator: str = "="
    unit: str = ""

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2

    def describe(self) -> str:
        if self.kind == "duration":
            if self.low == self.high:
                return f"{_fmt(self.low)} days = {_fmt(self.low / 7)} weeks"
            return f"{_fmt(self.low)}-{_fmt(self.high)} days = {_fmt(self.low / 7)}-{_fmt(self.high / 7)} weeks"
        if self.low == self.high:
            return f"{_fmt(self.low)}%"
        return f"{_fmt(self.low)}-{_fmt(self.high)}%"


@dataclass(frozen=True)
class ContradictionSide:
    """One side of a disagreement: the claim and the evidence rows that make this side."""

    claim: Claim
    evidence: tuple[Evidence, ...]
    quantity: str = ""

    def as_dict(self, graph: EvidenceGraph) -> dict[str, Any]:
        out = _claim_dict(graph, self.claim)
        if self.quantity:
            out["quantity"] = self.quantity
        out["evidence"] = [_evidence_dict(e) for e in self.evidence]
        return out


@dataclass(frozen=True)
class Contradiction:
    """Two places that disagree about the same subject and object.

    ``kind``: ``polarity`` (same predicate, affirmed vs negated), ``related_predicate``
    (affirmed vs negated, predicates of one family, e.g. ``causes``/``risk_factor_for``),
    ``cross_predicate`` (affirmed vs negated, unrelated predicates: weaker),
    ``opposite_effect`` (``increases`` vs ``inhibits``, both affirmed) or ``quantity``
    (the same claim stated with different quantities).

    ``verdict``: ``contradiction`` (both asserted, opposite), ``tension`` (opposite
    but one side hedged), ``qualification`` (opposite within one source, one side
    hedged: the article nuances itself), ``compatible`` (a weaker predicate affirmed, a
    stronger one negated, see :data:`PREDICATE_IMPLIES`), ``hint`` (a ``cross_predicate``
    pair: both can be true), ``differs``/``overlap``/``equivalent``/``incomparable`` for
    quantities. ``explanation`` says why in one or two sentences.
    """

    kind: str
    verdict: str
    subject: Concept
    object: Concept
    a: ContradictionSide
    b: ContradictionSide
    explanation: str

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({e.source_id for e in self.a.evidence + self.b.evidence}))

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject.label} / {self.object.label} ({self.verdict})"

    def as_dict(self, graph: EvidenceGraph) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "verdict": self.verdict,
            "subject": self.subject.label,
            "object": self.object.label,
            "explanation": self.explanation,
            "a": self.a.as_dict(graph),
            "b": self.b.as_dict(graph),
        }


@dataclass(frozen=True)
class UncitedClaim:
    """A claim that, in ``source_id``, is backed by no named study.

    ``backing`` is ``unattributed`` when the source says "studies have shown" without
    naming one, ``none`` when it is the article's own assertion.
    ``cited_elsewhere`` tells whether another source cites a study for it.
    """

    source_id: str
    claim: Claim
    evidence: tuple[Evidence, ...]
    backing: str
    cited_elsewhere: bool

    def as_dict(self, graph: EvidenceGraph) -> dict[str, Any]:
        out = {"source_id": self.source_id, "backing": self.backing, "cited_elsewhere": self.cited_elsewhere}
        out.update(_claim_dict(graph, self.claim))
        out["sentences"] = [e.sentence for e in self.evidence]
        return out


@dataclass(frozen=True)
class SourceComparison:
    """Claims two sources share, claims only one makes, and where they disagree."""

    a: Source
    b: Source
    shared: tuple[Claim, ...]
    only_a: tuple[Claim, ...]
    only_b: tuple[Claim, ...]
    disagreements: tuple[Contradiction, ...] = ()

    def as_dict(self, graph: EvidenceGraph) -> dict[str, Any]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "shared": [_claim_dict(graph, c) for c in self.shared],
            "only_a": [_claim_dict(graph, c) for c in self.only_a],
            "only_b": [_claim_dict(graph, c) for c in self.only_b],
            "disagreements": [d.as_dict(graph) for d in self.disagreements],
        }


@dataclass(frozen=True)
class Hub:
    """A well-connected concept: distinct claims it takes part in, distinct neighbours,
    summed support of those claims, and sources that mention it."""

    concept: Concept
    claims: int
    neighbors: int
    support: int
    sources: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.concept.category,
            "concept": self.concept.label,
            "claims": self.claims,
            "neighbors": self.neighbors,
            "support": self.support,
            "sources": self.sources,
        }


# -- a small hand-made graph for examples and tests -----------------------------------------


def example_graph() -> EvidenceGraph:
    """A small hand-made graph in the spirit of the seed articles (for docs and tests).

    Three sources, eleven concepts (one cited study and its organization), and claims
    that include a negated one, a hedged one, "studies have shown" ones, and one
    definition stated with two different durations.

    >>> g = example_graph()
    >>> g
    <EvidenceGraph 3 sources, 11 concepts, 13 claims>
    >>> sorted({e.attribution for c in g.claims.values() for e in c.evidence})
    ['', 'hopkins_ketamine_study', 'unattributed']
    """
    S_PAIN_PTSD, S_KET_PTSD, S_KET_PAIN = "pain-and-ptsd", "ketamine-for-ptsd", "ketamine-for-pain"
    texts: dict[str, list[tuple[str, str]]] = {  # source -> [(section, sentence)]
        S_PAIN_PTSD: [
            ("", "Chronic pain and PTSD are two commonly co-existing conditions."),
            ("", "An estimated 15-35% of people with chronic pain also struggle with PTSD."),
            ("What is Chronic Pain?", "Chronic pain is a persistent pain that lasts for more than three months."),
            ("The Link", "Currently, there is no clear evidence to suggest that chronic pain can directly lead to PTSD."),
            ("The Link", "Research suggests that chronic pain caused by a traumatic event can trigger the onset of PTSD."),
            ("The Link", "They share risk factors, such as exposure to traumatic events."),
            ("Ketamine", "Ketamine infusion therapy may be an effective solution for chronic pain."),
        ],
        S_KET_PTSD: [
            ("Treatment", "Ketamine therapy is an effective treatment option for PTSD."),
            ("Treatment", "Studies have shown that ketamine can rapidly reduce symptoms of PTSD."),
            ("Treatment", "Ketamine works by blocking NMDA receptors in the brain."),
            ("Biology", "Studies have shown that people with PTSD have lower levels of serotonin."),
            ("Trauma", "Trauma is the most significant risk factor for PTSD."),
        ],
        S_KET_PAIN: [
            ("What Is Chronic Pain?", "Chronic pain is defined as pain that lasts for more than 12 weeks."),
            ("Research", "A Johns Hopkins study found that ketamine infusions relieve chronic pain."),
            ("Research", "Ketamine blocks the NMDA receptor and reduces central sensitization."),
            ("Research", "Chronic pain can lead to depression."),
            ("Research", "Ketamine may ease depression."),
        ],
    }
    titles = {
        S_PAIN_PTSD: "Can Chronic Pain Cause PTSD?",
        S_KET_PTSD: "What Causes PTSD and How Ketamine Can Help",
        S_KET_PAIN: "How Can Ketamine Help Manage Chronic Pain?",
    }
    sources, spans = [], {}
    for sid, rows in texts.items():
        text, offset = "", 0
        for section, sentence in rows:
            spans[sentence] = (sid, offset, offset + len(sentence), section)
            text += sentence + "\n"
            offset = len(text)
        sources.append(Source(sid, text, title=titles[sid], kind="blog"))

    def ev(sentence: str, certainty: str = "asserted", attribution: str = "", quantity: str = "") -> Evidence:
        sid, start, end, section = spans[sentence]
        return Evidence(sid, sentence, start, end, section, certainty=certainty, attribution=attribution, quantity=quantity)

    concepts = [
        Concept("ketamine", "ketamine", "Drug", synonyms=("ketamine infusion", "ketamine therapy")),
        Concept("ptsd", "ptsd", "Condition", synonyms=("PTSD", "post-traumatic stress disorder"), display="PTSD"),
        Concept("chronic_pain", "chronic pain", "Condition", synonyms=("persistent pain",)),
        Concept("pain", "pain", "Condition"),
        Concept("depression", "depression", "Condition"),
        Concept("nmda_receptor", "nmda receptor", "Molecule", synonyms=("NMDA", "nmda receptors"), display="NMDA receptor"),
        Concept("serotonin", "serotonin", "Molecule"),
        Concept("central_sensitization", "central sensitization", "Mechanism"),
        Concept("traumatic_event_exposure", "traumatic event exposure", "RiskFactor", synonyms=("trauma",)),
        Concept("hopkins_ketamine_study", "johns hopkins study on ketamine infusions", "Study"),
        Concept("johns_hopkins", "johns hopkins school of medicine", "Organization"),
    ]
    study = "hopkins_ketamine_study"
    claims = [
        Claim("ketamine", "treats", "ptsd", evidence=(
            ev("Ketamine therapy is an effective treatment option for PTSD."),
            ev("Studies have shown that ketamine can rapidly reduce symptoms of PTSD.", attribution=UNATTRIBUTED),
        )),
        Claim("ketamine", "treats", "chronic_pain", evidence=(
            ev("A Johns Hopkins study found that ketamine infusions relieve chronic pain.", attribution=study),
            ev("Ketamine infusion therapy may be an effective solution for chronic pain.", certainty="hedged"),
        )),
        Claim("ketamine", "treats", "depression", evidence=(ev("Ketamine may ease depression.", certainty="hedged"),)),
        Claim("ketamine", "inhibits", "nmda_receptor", evidence=(
            ev("Ketamine works by blocking NMDA receptors in the brain."),
            ev("Ketamine blocks the NMDA receptor and reduces central sensitization."),
        )),
        Claim("ketamine", "inhibits", "central_sensitization", evidence=(
            ev("Ketamine blocks the NMDA receptor and reduces central sensitization."),
        )),
        Claim("chronic_pain", "co_occurs_with", "ptsd", evidence=(
            ev("Chronic pain and PTSD are two commonly co-existing conditions."),
            ev("An estimated 15-35% of people with chronic pain also struggle with PTSD.", quantity="15-35%"),
        )),
        Claim("chronic_pain", "causes", "ptsd", "negated", evidence=(
            ev("Currently, there is no clear evidence to suggest that chronic pain can directly lead to PTSD."),
        )),
        Claim("chronic_pain", "causes", "ptsd", evidence=(
            ev("Research suggests that chronic pain caused by a traumatic event can trigger the onset of PTSD.",
               certainty="hedged", attribution=UNATTRIBUTED),
        )),
        Claim("chronic_pain", "causes", "depression", evidence=(ev("Chronic pain can lead to depression."),)),
        Claim("chronic_pain", "subclass_of", "pain", evidence=(
            ev("Chronic pain is a persistent pain that lasts for more than three months.", quantity="more than three months"),
            ev("Chronic pain is defined as pain that lasts for more than 12 weeks.", quantity="more than 12 weeks"),
        )),
        Claim("traumatic_event_exposure", "risk_factor_for", "ptsd", evidence=(
            ev("They share risk factors, such as exposure to traumatic events."),
            ev("Trauma is the most significant risk factor for PTSD."),
        )),
        Claim("traumatic_event_exposure", "risk_factor_for", "chronic_pain", evidence=(
            ev("They share risk factors, such as exposure to traumatic events."),
        )),
        Claim("ptsd", "inhibits", "serotonin", evidence=(
            ev("Studies have shown that people with PTSD have lower levels of serotonin.", attribution=UNATTRIBUTED),
        )),
    ]
    concept_sources: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        for e in claim.evidence:
            concept_sources[claim.subject].add(e.source_id)
            concept_sources[claim.object].add(e.source_id)
    concept_sources[study].add(S_KET_PAIN)
    concept_sources["johns_hopkins"].add(S_KET_PAIN)
    return EvidenceGraph(
        sources=sources,
        concepts=concepts,
        claims=claims,
        study_links=[(study, "johns_hopkins")],
        findings={study: "ketamine infusions relieve chronic pain"},
        concept_sources=concept_sources,
        concept_mentions={cid: len(srcs) for cid, srcs in concept_sources.items()},
    )


# -- the per-graph index (names, adjacency), built once per graph ------------------------------


@dataclass(slots=True)
class _Edge:
    neighbor: str
    claim: Claim | None  # None in a skeleton index (figures only, see claim_edges)
    direction: str  # forward | backward | symmetric (seen from the node the edge is listed under)
    score: float
    claim_id: str
    support: int
    certainty: str
    polarity: str


@dataclass
class _Index:
    n_claims: int
    n_concepts: int
    names: dict[str, str]  # folded name -> concept id
    adjacency: dict[str, list[_Edge]]  # concept id -> edges, best hop first
    pairs: dict[str, dict[str, list[_Edge]]]  # concept id -> neighbour id -> edges, best hop first
    best_incident: dict[str, float]  # concept id -> best hop score of its edges
    # concept id -> number of its adjacency entries in the whole graph, when ``adjacency`` holds
    # only part of them (a path search's neighbourhood read from the store); else None
    degrees: dict[str, int] | None = None
    _undirected: "nx.Graph | None" = None

    @property
    def undirected(self) -> "nx.Graph":
        """Concept ids, one edge per linked pair (any polarity); built on first use."""
        if self._undirected is None:
            import networkx as nx

            g = nx.Graph()
            g.add_nodes_from(self.names.values())
            g.add_edges_from((u, v) for u, nbrs in self.pairs.items() for v in nbrs if u != v)
            self._undirected = g
        return self._undirected


_INDEXES: "weakref.WeakKeyDictionary[EvidenceGraph, _Index]" = weakref.WeakKeyDictionary()


def _fold(text: str) -> str:
    """The matching key of a name: :func:`graph.vocab.normalize`, underscores as spaces, one space."""
    return " ".join(normalize(str(text)).replace("_", " ").split())


def _index(graph: EvidenceGraph) -> _Index:
    cached = _INDEXES.get(graph)
    if cached is not None and cached.n_claims == len(graph.claims) and cached.n_concepts == len(graph.concepts):
        return cached
    # The build allocates two small records per claim and creates no reference cycles; on a
    # large graph the cyclic collector would rescan the whole heap many times meanwhile
    # (about 4x the build time at 50,000 claims), so it is paused for the build only.
    paused = gc.isenabled()
    gc.disable()
    try:
        index = _build_index(graph)
    finally:
        if paused:
            gc.enable()
    _INDEXES[graph] = index
    return index


def concept_names(concepts: Iterable[Concept]) -> dict[str, str]:
    """Every folded name of the concepts -> concept id, as :func:`find_concept` reads names.

    Priority: labels, then display names, then ids, then synonyms (the first concept, in
    the order given, wins a shared name).

    >>> concept_names([Concept("ptsd", "ptsd", "Condition", synonyms=("Post-traumatic stress disorder",))])
    {'ptsd': 'ptsd', 'post-traumatic stress disorder': 'ptsd'}
    """
    concepts = list(concepts)
    names: dict[str, str] = {}
    for attr in ("label", "display", "id"):
        for concept in concepts:
            key = _fold(getattr(concept, attr))
            if key:
                names.setdefault(key, concept.id)
    for concept in concepts:
        for synonym in concept.synonyms:
            key = _fold(synonym)
            if key:
                names.setdefault(key, concept.id)
    return names


def claim_edges(claim_id: str, subject: str, obj: str, predicate: str, polarity: str, support: int, certainty: str,
                cited: bool, claim: Claim | None = None, *, score: float | None = None) -> Iterable[tuple[str, _Edge]]:
    """The adjacency entries of one claim: (concept id, edge seen from it), one per end.

    ``claim`` may be left out when only the claim's figures are known (a skeleton read
    from the store); the edge then carries the id alone. ``score`` is the hop score
    (:func:`hop_score`); without it, the older figure-based :func:`_score`.
    """
    hop = _score(support, certainty, cited, polarity) if score is None else score
    facts = (hop, claim_id, support, certainty, polarity)
    symmetric = predicate in SYMMETRIC_PREDICATES
    yield subject, _Edge(obj, claim, "symmetric" if symmetric else "forward", *facts)
    if obj != subject:
        yield obj, _Edge(subject, claim, "symmetric" if symmetric else "backward", *facts)


def index_from_edges(names: dict[str, str], entries: Iterable[tuple[str, _Edge]], n_claims: int, n_concepts: int,
                     *, best_incident: dict[str, float] | None = None, degrees: dict[str, int] | None = None) -> _Index:
    """The search index of :func:`paths` and :func:`neighbors` from :func:`claim_edges` entries.

    For an index of part of a graph, ``best_incident`` and ``degrees`` give the whole graph's
    figures of the concepts whose edges are not all there, so the search takes the same turns.
    """
    adjacency: dict[str, list[_Edge]] = defaultdict(list)
    for node, edge in entries:
        adjacency[node].append(edge)
    pairs: dict[str, dict[str, list[_Edge]]] = {}
    for node, edges in adjacency.items():
        edges.sort(key=lambda e: (-e.score, e.neighbor, e.claim_id))
        by_neighbor: dict[str, list[_Edge]] = {}
        for edge in edges:
            by_neighbor.setdefault(edge.neighbor, []).append(edge)
        pairs[node] = by_neighbor
    best = {node: edges[0].score for node, edges in adjacency.items()}
    best.update(best_incident or {})
    return _Index(n_claims, n_concepts, names, dict(adjacency), pairs, best, degrees)


def _build_index(graph: EvidenceGraph) -> _Index:
    from graph.strength.belief import graph_beliefs

    beliefs = graph_beliefs(graph)

    def entries():
        for claim_id, claim in graph.claims.items():
            support, certainty, cited = _claim_facts(claim)
            yield from claim_edges(claim_id, claim.subject, claim.object, claim.predicate, claim.polarity, support,
                                   certainty, cited, claim, score=_belief_score(beliefs[claim_id], claim.polarity))

    return index_from_edges(concept_names(graph.concepts.values()), entries(), len(graph.claims), len(graph.concepts))


# -- finding things -----------------------------------------------------------------------------


def find_concept(graph: EvidenceGraph, name: str) -> Concept:
    """The concept named ``name``: its label, display name, id or any synonym, case-insensitively.

    Names are folded with :func:`graph.vocab.normalize` (typographic quotes and dashes,
    case); if nothing matches, the package vocabulary is asked for spelling variants
    and plurals. An unknown name raises :class:`~graph.errors.ConceptNotFoundError`
    carrying the closest labels.

    >>> g = example_graph()
    >>> find_concept(g, "PTSD").id, find_concept(g, "post‑traumatic stress disorder").id
    ('ptsd', 'ptsd')
    >>> find_concept(g, "Chronic  Pain").label
    'chronic pain'
    >>> find_concept(g, "ketamin")
    Traceback (most recent call last):
    graph.errors.ConceptNotFoundError: no concept named 'ketamin'; did you mean 'ketamine'...?
    """
    index = _index(graph)
    key = _fold(name)
    concept_id = index.names.get(key)
    if concept_id is None and key:
        concept_id = _vocabulary_lookup(graph, name)
    if concept_id is None:
        raise ConceptNotFoundError(name, _suggestions(graph, index, key))
    return graph.concepts[concept_id]


def _vocabulary_lookup(graph: EvidenceGraph, name: str) -> str | None:
    """The package vocabulary's reading of a name (spelling variants, plurals), if in this graph."""
    try:
        from graph.vocab import load_vocabulary

        concept_id = load_vocabulary().lookup(name)
    except Exception as error:  # noqa: BLE001 - a broken vocabulary must not break a lookup
        log.debug("vocabulary lookup of %r failed: %s", name, error)
        return None
    return concept_id if concept_id in graph.concepts else None


def _suggestions(graph: EvidenceGraph, index: _Index, key: str, n: int = 5) -> list[str]:
    if not key:
        return []
    found: list[str] = []
    for candidate in difflib.get_close_matches(key, list(index.names), n=n * 3, cutoff=0.6):
        label = graph.concepts[index.names[candidate]].label
        if label not in found:
            found.append(label)
    if len(found) < n and len(key) >= 3:  # "hopkins" -> labels containing it
        for candidate, concept_id in index.names.items():
            label = graph.concepts[concept_id].label
            if key in candidate and label not in found:
                found.append(label)
            if len(found) >= n:
                break
    return found[:n]


def find_source(graph: EvidenceGraph, name: str) -> Source:
    """A source by id, unique id prefix, or (case-insensitive) title or unique part of a title.

    >>> find_source(example_graph(), "Can Chronic Pain Cause PTSD?").id
    'pain-and-ptsd'
    >>> find_source(example_graph(), "ketamine-for-pa").id
    'ketamine-for-pain'
    """
    if name in graph.sources:
        return graph.sources[name]
    key = _fold(name)
    for finder in (
        lambda s: s.id.startswith(name),
        lambda s: _fold(s.title) == key,
        lambda s: key and key in _fold(s.title),
    ):
        found = [s for s in graph.sources.values() if finder(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise QueryError(f"source {name!r} is ambiguous: " + ", ".join(s.id for s in found[:6]))
    close = difflib.get_close_matches(name, list(graph.sources), n=3, cutoff=0.5)
    hint = ("; did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""
    raise QueryError(f"no source {name!r}{hint}")


def resolve_claim(graph: EvidenceGraph, claim_id: str) -> Claim:
    """A claim by id or by a unique prefix of at least 4 characters.

    >>> g = example_graph()
    >>> cid = next(iter(g.claims))
    >>> resolve_claim(g, cid[:6]).id == cid
    True
    >>> resolve_claim(g, "nope")
    Traceback (most recent call last):
    graph.errors.ClaimNotFoundError: no claim with id 'nope'
    """
    claim_id = str(claim_id).strip()
    if claim_id in graph.claims:
        return graph.claims[claim_id]
    if len(claim_id) >= 4:
        found = [c for cid, c in graph.claims.items() if cid.startswith(claim_id)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ClaimNotFoundError(f"claim id prefix {claim_id!r} is ambiguous ({len(found)} claims)")
    raise ClaimNotFoundError(f"no claim with id {claim_id!r}")


# -- value checks -------------------------------------------------------------------------------


def _as_set(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (str, bool, int, float)):
        return [value]
    return list(value)


def _choices(name: str, value: Any, allowed: Iterable[str]) -> set[str] | None:
    """Values of a fixed-vocabulary filter, checked and put in their canonical spelling
    ("drug" -> "Drug", "risk factor" -> "RiskFactor", "risk-factor-for" -> "risk_factor_for")."""
    values = _as_set(value)
    if not values:
        return None
    allowed = tuple(allowed)
    canon = {re.sub(r"[\s_-]+", "", a.lower()): a for a in allowed}
    out = set()
    for v in values:
        key = re.sub(r"[\s_-]+", "", str(v).strip().lower())
        if key not in canon:
            raise QueryError(f"unknown {name} {v!r}; one of: {', '.join(allowed)}")
        out.add(canon[key])
    return out


# -- neighbours ----------------------------------------------------------------------------------

_DIRECTION_NAMES = {"forward": "out", "backward": "in", "symmetric": "both"}
_PREDICATE_ORDER = {p: i for i, p in enumerate(PREDICATES)}


def neighbors(
    graph: EvidenceGraph,
    name: str,
    *,
    predicate: str | Iterable[str] | None = None,
    direction: str = "both",
    category: str | Iterable[str] | None = None,
    certainty: str | None = None,
    polarity: str | None = None,
    min_support: int = 0,
    narrower: bool = False,
) -> list[Neighbor]:
    """Concepts linked to ``name`` by a claim, best supported first.

    ``direction``: ``out`` (``name`` is the subject), ``in`` (it is the object) or
    ``both``; claims of a symmetric predicate count in every direction. ``category``
    filters the neighbour's category; the other filters apply to the claim. With ``narrower``
    the claims of narrower concepts roll up too (:func:`graph.hierarchy.narrower`: vocabulary
    parents and ``subclass_of`` claims), each marked with the chain it came ``via``; the
    hierarchy's own ``subclass_of`` links are left out.

    >>> [(n.via, n.predicate, n.concept.label) for n in neighbors(example_graph(), "pain", narrower=True)][:2]
    [((), 'subclass_of', 'chronic pain'), (('chronic pain',), 'treats', 'ketamine')]

    >>> g = example_graph()
    >>> [(n.direction, n.predicate, n.concept.label) for n in neighbors(g, "ptsd", direction="in", polarity="affirmed")]
    [('in', 'risk_factor_for', 'traumatic event exposure'), ('in', 'treats', 'ketamine'), ('in', 'causes', 'chronic pain'), ('both', 'co_occurs_with', 'chronic pain')]
    >>> [n.concept.label for n in neighbors(g, "ketamine", category="Molecule")]
    ['nmda receptor']
    """
    if direction not in ("both", "out", "in"):
        raise QueryError(f"direction must be both, out or in, not {direction!r}")
    concept = find_concept(graph, name)
    predicates = _choices("predicate", predicate, PREDICATES)
    categories = _choices("category", category, CATEGORIES)
    certainties = _choices("certainty", certainty, CERTAINTIES)
    polarities = _choices("polarity", polarity, POLARITIES)
    kept: list[tuple[tuple, Neighbor]] = []
    rolled: list[tuple[str, tuple[str, ...]]] = [(concept.id, ())]
    if narrower:
        from graph.hierarchy import narrower as narrower_concepts

        below = narrower_concepts(graph, concept.id)
        rolled += [(cid, tuple(graph.concepts[c].label for c in chain)) for cid, chain in below.items()]
        hierarchy = {concept.id, *below}
    for node, via, edge in ((n, v, e) for n, v in rolled for e in _index(graph).adjacency.get(n, ())):
        if via and edge.neighbor in hierarchy and edge.claim.predicate == "subclass_of":
            continue  # the link that puts the narrower concept under the queried one
        claim = edge.claim
        d = _DIRECTION_NAMES[edge.direction]
        if direction != "both" and d not in (direction, "both"):
            continue
        other = graph.concepts[edge.neighbor]
        if predicates and claim.predicate not in predicates:
            continue
        if categories and other.category not in categories:
            continue
        if certainties and edge.certainty not in certainties:
            continue
        if polarities and claim.polarity not in polarities:
            continue
        if edge.support < min_support:
            continue
        key = (len(via), -round(edge.score, 9), -edge.support, _PREDICATE_ORDER[claim.predicate], other.label, edge.claim_id, via)
        kept.append((key, Neighbor(other, claim, d, via)))
    kept.sort(key=lambda item: item[0])
    return [n for _, n in kept]


# -- paths ------------------------------------------------------------------------------------


def hop_score(claim: Claim, graph: EvidenceGraph | None = None) -> float:
    """How much a claim is worth as a hop of a path, in [0, 1): its belief
    (:func:`graph.strength.belief.claim_belief`; with ``graph``, one publisher's articles count
    once), times :data:`SCORE_WEIGHTS` ``negated`` (0.25) for a negated claim.

    >>> g = example_graph()
    >>> [(c.object, round(hop_score(c, g), 3)) for c in claims(g, subject="ketamine", predicate="treats")]
    [('chronic_pain', 0.761), ('depression', 0.321), ('ptsd', 0.522)]
    """
    from graph.strength.belief import belief, claim_belief

    value = claim_belief(graph, claim) if graph is not None else belief(claim)
    return _belief_score(value, claim.polarity)


def _belief_score(belief: float, polarity: str) -> float:
    """The hop score of a claim of this belief and polarity."""
    return belief * (SCORE_WEIGHTS["negated"] if polarity == "negated" else 1.0)


def _claim_facts(claim: Claim) -> tuple[int, str, bool]:
    """(support, certainty, cited) of a claim in one pass over its evidence."""
    sources, asserted, cited = set(), False, False
    for ev in claim.evidence:
        if ev.supports:  # a call to action, a question or advice is not support (graph.strength)
            sources.add(ev.source_id)
        asserted = asserted or ev.certainty == "asserted"
        cited = cited or ev.cited
    return len(sources), ("asserted" if asserted else "hedged"), cited


def _score(support: int, certainty: str, cited: bool, polarity: str) -> float:
    score = support / (support + 1)
    if certainty == "hedged":
        score *= SCORE_WEIGHTS["hedged"]
    if not cited:
        score *= SCORE_WEIGHTS["uncited"]
    if polarity == "negated":
        score *= SCORE_WEIGHTS["negated"]
    return score


def paths(
    graph: EvidenceGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 3,
    skip_negated: bool = True,
    limit: int | None = 10,
) -> list[Path]:
    """The best chains of claims linking ``source`` to ``target``: "how is ketamine linked to PTSD?".

    Claim edges are followed in either direction (each :class:`Hop` says which);
    no concept is visited twice. Paths are ranked by score (the product of
    :func:`hop_score` over their hops), then by length; ``limit=None`` gives all
    paths of at most ``max_hops`` hops.

    The search is a branch-and-bound depth-first search over adjacency lists sorted
    best hop first: a branch is cut as soon as even the best possible completion
    (its score so far, times this hop, times the target's best incident hop) cannot
    beat the ``limit``-th best path found so far; the last two hops meet in the middle
    (the common neighbours of a concept and the target, from the smaller side); and for
    ``max_hops`` of 4 or more a bounded breadth-first search (networkx) from the target
    drops concepts too far from it. It returns exactly the best ``limit`` paths of
    ``nx.all_simple_paths(undirected_claim_graph, source, target, cutoff=max_hops)``
    (one path per choice of claim at each hop) without enumerating them all.

    >>> g = example_graph()
    >>> best = paths(g, "ketamine", "ptsd")[0]
    >>> best.length, best.hops[0].claim.predicate, best.hops[0].direction
    (1, 'treats', 'forward')
    >>> [str(p) for p in paths(g, "serotonin", "traumatic event exposure", max_hops=2)]
    ['serotonin <-inhibits- ptsd <-risk_factor_for- traumatic event exposure']
    """
    if not isinstance(max_hops, int) or not 1 <= max_hops <= 8:
        raise QueryError(f"max_hops must be between 1 and 8, not {max_hops!r}")
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit!r}")
    start, goal = find_concept(graph, source), find_concept(graph, target)
    if start.id == goal.id:
        raise QueryError(f"source and target are the same concept ({start.label!r})")
    ranked = ranked_paths(_index(graph), start.id, goal.id, max_hops=max_hops, skip_negated=skip_negated, limit=limit)
    return materialize_paths(graph, start.id, ranked)


def materialize_paths(graph: EvidenceGraph, start_id: str, ranked: list[tuple[float, tuple[_Edge, ...]]]) -> list[Path]:
    """:class:`Path` records from :func:`ranked_paths` results; ``graph`` holds (at least) their claims and concepts."""
    out = []
    for score, edges in ranked:
        hops, here = [], start_id
        for edge in edges:
            claim = edge.claim if edge.claim is not None else graph.claims[edge.claim_id]
            hops.append(Hop(graph.concepts[here], graph.concepts[edge.neighbor], claim, edge.direction, edge.score))
            here = edge.neighbor
        out.append(Path(tuple(hops), score))
    return out


def ranked_paths(index: _Index, start_id: str, goal_id: str, *, max_hops: int = 3, skip_negated: bool = True,
                 limit: int | None = 10) -> list[tuple[float, tuple[_Edge, ...]]]:
    """The search of :func:`paths` over an index: the best (score, edges) from ``start_id`` to ``goal_id``, best first."""
    adjacency, pairs = index.adjacency, index.pairs

    def allowed(edge: _Edge) -> bool:
        return not (skip_negated and edge.polarity == "negated")

    # The target's side: its neighbours with their allowed edges, best first.
    to_goal: dict[str, list[_Edge]] = {}  # b -> the edges b -> target as seen from b
    for b in pairs.get(goal_id, {}):
        kept = [e for e in pairs[b].get(goal_id, ()) if allowed(e)] if b != goal_id else []
        if kept:
            to_goal[b] = kept
    if not to_goal:
        return []
    goal_side = sorted(((b, edges[0].score) for b, edges in to_goal.items()), key=lambda item: (-item[1], item[0]))
    best_to_goal = goal_side[0][1]
    # Hop distances to the target prune deep searches (only needed beyond two remaining hops).
    distance = None
    if max_hops >= 4:
        import networkx as nx

        distance = nx.single_source_shortest_path_length(index.undirected, goal_id, cutoff=max_hops - 1)

    # The best results so far in a min-heap whose top is the worst kept result:
    # entries (score, -hops, -order, edges): lowest score, then longest, then latest found.
    results: list[tuple[float, int, int, tuple[_Edge, ...]]] = []
    counter = itertools.count()

    def can_beat(score: float, hops: int) -> bool:
        """Could a path of this score and length enter the results?"""
        if limit is None or len(results) < limit:
            return True
        w_score, w_hops = results[0][0], -results[0][1]
        return score > w_score + 1e-12 or (abs(score - w_score) <= 1e-12 and hops < w_hops)

    def push(score: float, edges: tuple[_Edge, ...]) -> None:
        if not can_beat(score, len(edges)):
            return
        entry = (round(score, 12), -len(edges), -next(counter), edges)
        if limit is None or len(results) < limit:
            heapq.heappush(results, entry)
        else:
            heapq.heapreplace(results, entry)

    visited = {start_id}
    chain: list[_Edge] = []

    def finish_via(b: str, first: _Edge, score: float) -> None:
        """Complete chain + first (ending at b) with each edge b -> target, best first."""
        hops = len(chain) + 2
        for last in to_goal[b]:
            total = score * last.score
            if not can_beat(total, hops):
                break
            push(total, (*chain, first, last))

    def two_hops(u: str, score: float) -> None:
        """Paths u -> b -> target: the common neighbours of u and the target, from the smaller side."""
        hops = len(chain) + 2
        mine = pairs.get(u, {})
        degree = index.degrees.get(u) if index.degrees is not None else None
        if (len(adjacency.get(u, ())) if degree is None else degree) <= len(goal_side):
            for first in adjacency.get(u, ()):
                b = first.neighbor
                if b == goal_id or b in visited or b not in to_goal or not allowed(first):
                    continue
                if not can_beat(score * first.score * best_to_goal, hops):
                    break
                finish_via(b, first, score * first.score)
        else:
            best_u = index.best_incident.get(u, 0.0)
            for b, best_b in goal_side:
                if not can_beat(score * best_u * best_b, hops):
                    break
                if b in visited or b not in mine:
                    continue
                for first in mine[b]:
                    if not allowed(first):
                        continue
                    if not can_beat(score * first.score * best_b, hops):
                        break
                    finish_via(b, first, score * first.score)

    def search(u: str, score: float) -> None:
        remaining = max_hops - len(chain)
        for last in pairs.get(u, {}).get(goal_id, ()):
            if allowed(last):
                push(score * last.score, (*chain, last))
        if remaining == 1:
            return
        if remaining == 2:
            two_hops(u, score)
            return
        hops = len(chain) + 2  # at least two more hops through a neighbour
        for edge in adjacency.get(u, ()):
            v = edge.neighbor
            if v == goal_id or v in visited or not allowed(edge):
                continue
            if not can_beat(score * edge.score * best_to_goal, hops):
                break
            if distance is not None and distance.get(v, max_hops) > remaining - 1:
                continue
            visited.add(v)
            chain.append(edge)
            search(v, score * edge.score)
            chain.pop()
            visited.discard(v)

    search(start_id, 1.0)
    ranked = sorted(results, key=lambda e: (-e[0], -e[1], -e[2]))
    return [(score, edges) for score, _, _, edges in ranked]


# -- evidence and claims -----------------------------------------------------------------------


def _study_labels(graph: EvidenceGraph, attribution: str) -> tuple[str, str]:
    if not attribution or attribution == UNATTRIBUTED:
        return "", ""
    study = graph.concepts.get(attribution)
    org_id = graph.organization_of(attribution)
    org = graph.concepts.get(org_id) if org_id else None
    return (study.label if study else attribution), (org.label if org else org_id)


def evidence(graph: EvidenceGraph, claim_id: str) -> list[EvidenceRow]:
    """Every sentence behind a claim: source title, section, study and organization, certainty, quantity.

    ``claim_id`` may be a unique prefix of at least 4 characters; an unknown id
    raises :class:`~graph.errors.ClaimNotFoundError`.

    >>> g = example_graph()
    >>> [claim] = [c for c in g.claims.values() if c.object == "chronic_pain" and c.predicate == "treats"]
    >>> [(r.source_title, r.certainty, r.study, r.organization) for r in evidence(g, claim.id)]
    [('How Can Ketamine Help Manage Chronic Pain?', 'asserted', 'johns hopkins study on ketamine infusions', 'johns hopkins school of medicine'), ('Can Chronic Pain Cause PTSD?', 'hedged', '', '')]
    """
    claim = resolve_claim(graph, claim_id)
    rows = []
    for ev in claim.evidence:
        source = graph.sources.get(ev.source_id)
        study, org = _study_labels(graph, ev.attribution)
        rows.append(
            EvidenceRow(
                claim_id=claim.id,
                source_id=ev.source_id,
                source_title=source.title if source else "",
                sentence=ev.sentence,
                start=ev.start,
                end=ev.end,
                section=ev.section,
                certainty=ev.certainty,
                attribution=ev.attribution,
                study=study,
                organization=org,
                quantity=ev.quantity,
                cue=ev.cue,
                evidence_type=ev.evidence_type,
                study_role=ev.study_role,
                supports=ev.supports,
            )
        )
    return rows


def _concept_ids(graph: EvidenceGraph, value: Any) -> set[str]:
    return {find_concept(graph, str(v)).id for v in _as_set(value)}


def _attribution_ids(graph: EvidenceGraph, value: Any) -> set[str]:
    out = set()
    for v in _as_set(value):
        v = "" if v is None else str(v).strip()
        if v.lower() in ("", "none", "own"):
            out.add("")
        elif v.lower() == UNATTRIBUTED:
            out.add(UNATTRIBUTED)
        elif v.lower() in ANY_STUDY and v not in graph.concepts:
            out.update(cid for cid, c in graph.concepts.items() if c.category == "Study")
        else:
            concept = graph.concepts[v] if v in graph.concepts else find_concept(graph, v)
            if concept.category != "Study":
                raise QueryError(f"attribution {v!r} is a {concept.category}, not a Study")
            out.add(concept.id)
    return out


def claims(graph: EvidenceGraph, **filters: Any) -> list[Claim]:
    """Claims matching every filter, best supported first (see :data:`CLAIM_FILTERS`).

    Claim-level filters (ends, categories, predicate, polarity, certainty, cited,
    support) test the claim; occurrence-level filters (attribution, quantity,
    source_id, section, sentence) need one evidence sentence that passes them all.
    A filter value may be a list (any of). Unknown filters raise
    :class:`~graph.errors.QueryError`.

    >>> g = example_graph()
    >>> [(c.subject, c.object) for c in claims(g, predicate="treats", certainty="hedged")]
    [('ketamine', 'depression')]
    >>> [c.predicate for c in claims(g, attribution="unattributed", source_id="ketamine-for-ptsd")]
    ['treats', 'inhibits']
    >>> claims(g, colour="red")
    Traceback (most recent call last):
    graph.errors.QueryError: unknown claim filter 'colour'; known: claim_id, subject, ...
    """
    unknown = [k for k in filters if k not in CLAIM_FILTERS]
    if unknown:
        raise QueryError(f"unknown claim filter {unknown[0]!r}; known: {', '.join(CLAIM_FILTERS)}")
    f = {k: v for k, v in filters.items() if v is not None and not (isinstance(v, (list, tuple, set)) and not v)}
    if "categories" in f:
        f["category"] = f.pop("categories")
    subjects = _concept_ids(graph, f["subject"]) if "subject" in f else None
    objects = _concept_ids(graph, f["object"]) if "object" in f else None
    either = _concept_ids(graph, f["concept"]) if "concept" in f else None
    s_cats = _choices("category", f.get("subject_category"), CATEGORIES)
    o_cats = _choices("category", f.get("object_category"), CATEGORIES)
    cats = _choices("category", f.get("category"), CATEGORIES)
    predicates = _choices("predicate", f.get("predicate"), PREDICATES)
    polarities = _choices("polarity", f.get("polarity"), POLARITIES)
    certainties = _choices("certainty", f.get("certainty"), CERTAINTIES)
    claim_ids = {resolve_claim(graph, v).id for v in _as_set(f["claim_id"])} if "claim_id" in f else None
    attributions = _attribution_ids(graph, f["attribution"]) if "attribution" in f else None
    source_ids = {find_source(graph, str(v)).id for v in _as_set(f["source_id"])} if "source_id" in f else None
    quantity = f.get("quantity")
    section = _fold(f["section"]) if "section" in f else None
    sentence = _fold(f["sentence"]) if "sentence" in f else None
    min_support = int(f.get("min_support", 0))
    max_support = int(f["max_support"]) if "max_support" in f else None
    cited = f.get("cited")
    if isinstance(cited, str):
        cited = cited.strip().lower() in ("1", "true", "yes", "cited")

    def evidence_ok(ev: Evidence) -> bool:
        if attributions is not None and ev.attribution not in attributions:
            return False
        if source_ids is not None and ev.source_id not in source_ids:
            return False
        if quantity is not None:
            if quantity is True:
                if not ev.quantity:
                    return False
            elif quantity is False:
                if ev.quantity:
                    return False
            elif _fold(quantity) not in _fold(ev.quantity) or not ev.quantity:
                return False
        if section is not None and section not in _fold(ev.section):
            return False
        if sentence is not None and sentence not in _fold(ev.sentence):
            return False
        return True

    needs_evidence = any(x is not None for x in (attributions, source_ids, quantity, section, sentence))
    out = []
    for claim in graph.claims.values():
        if claim_ids is not None and claim.id not in claim_ids:
            continue
        if subjects is not None and claim.subject not in subjects:
            continue
        if objects is not None and claim.object not in objects:
            continue
        if either is not None and claim.subject not in either and claim.object not in either:
            continue
        s_cat, o_cat = graph.concepts[claim.subject].category, graph.concepts[claim.object].category
        if s_cats and s_cat not in s_cats or o_cats and o_cat not in o_cats:
            continue
        if cats and s_cat not in cats and o_cat not in cats:
            continue
        if predicates and claim.predicate not in predicates:
            continue
        if polarities and claim.polarity not in polarities:
            continue
        if certainties and claim.certainty not in certainties:
            continue
        if cited is not None and claim.cited != bool(cited):
            continue
        if claim.support < min_support or (max_support is not None and claim.support > max_support):
            continue
        if needs_evidence and not any(evidence_ok(ev) for ev in claim.evidence):
            continue
        out.append(claim)
    return _rank_claims(graph, out)


def _rank_claims(graph: EvidenceGraph, items: Iterable[Claim]) -> list[Claim]:
    return sorted(
        items,
        key=lambda c: (-c.support, graph.concepts[c.subject].label, PREDICATES.index(c.predicate), graph.concepts[c.object].label, c.polarity),
    )


# -- quantities ---------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}
_UNIT_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_COMPARATORS = {
    "more than": ">", "longer than": ">", "over": ">", "greater than": ">", "beyond": ">", "past": ">",
    "at least": ">=", "a minimum of": ">=", "or more": ">=",
    "less than": "<", "fewer than": "<", "under": "<", "shorter than": "<",
    "up to": "<=", "within": "<=", "at most": "<=", "no more than": "<=",
    "about": "~", "around": "~", "approximately": "~", "roughly": "~", "nearly": "~", "almost": "~", "some": "~",
    "between": "range",
}
_CMP = "|".join(sorted((re.escape(k) for k in _COMPARATORS if k != "or more"), key=len, reverse=True))
_DURATION = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s+)?(?P<low>{_NUM})(?:\s*(?:-|to|and)\s*(?P<high>{_NUM}))?\s*"
    r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b(?P<more>\s+or\s+more|\s+or\s+longer)?"
)
_PERCENT = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s+)?(?P<low>\d+(?:\.\d+)?)\s*(?:%|percent)?(?:\s*(?:-|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?:%|percent)"
)
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
              "one quarter": 25.0, "three quarters": 75.0, "a fifth": 20.0, "one fifth": 20.0}
_ONE_IN = re.compile(rf"(?P<cmp>{_CMP})?\s*(?:one|1)\s+(?:in|out of)\s+(?P<n>{_NUM})\b")


def _number(text: str) -> float:
    text = text.strip().lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text.replace(",", "."))


def _fmt(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def parse_quantity(text: str) -> Quantity | None:
    """A duration (in days) or a percentage read from free text, or None.

    >>> q = parse_quantity("more than three months")
    >>> q.kind, q.comparator, round(q.low, 1), q.describe()
    ('duration', '>', 91.3, '91.3 days = 13 weeks')
    >>> q = parse_quantity("15-35%")
    >>> q.kind, q.low, q.high
    ('percent', 15.0, 35.0)
    >>> parse_quantity("half of patients").low, parse_quantity("up to 3 weeks").comparator
    (50.0, '<=')
    >>> parse_quantity("several") is None
    True
    """
    if not text:
        return None
    folded = _fold(text)
    m = _DURATION.search(folded)
    if m:
        try:
            low = _number(m["low"])
            high = _number(m["high"]) if m["high"] else low
        except ValueError:
            return None
        unit = m["unit"].rstrip("s")
        cmp = _COMPARATORS.get(m["cmp"] or "", "range" if m["high"] else "=")
        if m["more"]:
            cmp = ">="
        factor = _UNIT_DAYS[unit]
        return Quantity(text, "duration", low * factor, high * factor, cmp, unit)
    m = _PERCENT.search(folded)
    if m:
        low = float(m["low"])
        high = float(m["high"]) if m["high"] else low
        cmp = _COMPARATORS.get(m["cmp"] or "", "range" if m["high"] else "=")
        return Quantity(text, "percent", low, high, cmp, "%")
    for words, value in sorted(_FRACTIONS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{words}\b", folded):
            return Quantity(text, "percent", value, value, "~", "%")
    m = _ONE_IN.search(folded)
    if m:
        try:
            value = 100 / _number(m["n"])
        except (ValueError, ZeroDivisionError):
            return None
        return Quantity(text, "percent", value, value, "~", "%")
    return None


def compare_quantities(a: str, b: str) -> tuple[str, str]:
    """Whether two quantities of the same claim really differ: (verdict, explanation).

    Durations are compared in days (a month is 365.25/12 days); values within
    :data:`QUANTITY_TOLERANCE` (10 %) with the same comparator are ``equivalent``.
    Percent ranges that overlap are ``equivalent`` only if equal, else ``overlap``.

    >>> compare_quantities("more than three months", "more than 12 weeks")[0]
    'equivalent'
    >>> compare_quantities("more than 3 months", "more than 6 months")[0]
    'differs'
    >>> compare_quantities("several weeks", "a while")[0]
    'incomparable'
    """
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None or qb is None or qa.kind != qb.kind:
        return "incomparable", f"{a!r} and {b!r} cannot be compared automatically; read both sentences."
    da, db = f"{a!r} ({qa.describe()})", f"{b!r} ({qb.describe()})"
    if qa.kind == "duration":
        if _cmp_family(qa.comparator) != _cmp_family(qb.comparator):
            return "differs", f"{da} and {db} bound the duration in different ways ({qa.comparator} vs {qb.comparator})."
        va, vb = qa.value, qb.value
        gap = abs(va - vb)
        rel = gap / max(va, vb) if max(va, vb) else 0.0
        if gap < 1e-9:
            return "equivalent", f"{da} and {db} are the same duration written differently."
        if rel <= QUANTITY_TOLERANCE:
            return "equivalent", (
                f"{da} vs {db}: about {_fmt(gap)} days ({rel:.0%}) apart, within {QUANTITY_TOLERANCE:.0%}; "
                f"practically the same threshold written in other units (months rounded to weeks), not a real disagreement."
            )
        return "differs", f"{da} vs {db}: {_fmt(gap)} days ({rel:.0%}) apart; the sources state different values."
    # percentages
    if (qa.low, qa.high) == (qb.low, qb.high):
        return "equivalent", f"{da} and {db} are the same proportion."
    if qa.low <= qb.high and qb.low <= qa.high:
        return "overlap", f"{da} and {db} overlap but are not the same estimate."
    gap = min(abs(qa.low - qb.high), abs(qb.low - qa.high))
    if max(qa.high, qb.high) and gap / max(qa.high, qb.high) <= QUANTITY_TOLERANCE:
        return "equivalent", f"{da} and {db} are within {QUANTITY_TOLERANCE:.0%} of each other."
    return "differs", f"{da} vs {db}: the sources give different proportions."


def _cmp_family(cmp: str) -> str:
    return {">": "min", ">=": "min", "<": "max", "<=": "max"}.get(cmp, "point")


# -- contradictions -------------------------------------------------------------------------------


def _related(p1: str, p2: str) -> bool:
    return (
        any(p1 in family and p2 in family for family in PREDICATE_FAMILIES.values())
        or p2 in PREDICATE_IMPLIES.get(p1, ())
        or p1 in PREDICATE_IMPLIES.get(p2, ())
    )


def _polarity_verdict(graph: EvidenceGraph, affirmed: Claim, negated: Claim, kind: str) -> tuple[str, str]:
    s, o = graph.concepts[affirmed.subject].label, graph.concepts[affirmed.object].label
    srcs_a, srcs_n = set(affirmed.sources), set(negated.sources)
    one_source = srcs_a == srcs_n and len(srcs_a) == 1
    hedged = [side for side, c in (("affirmation", affirmed), ("negation", negated)) if c.certainty == "hedged"]
    if kind == "related_predicate" and affirmed.predicate in PREDICATE_IMPLIES.get(negated.predicate, ()):
        return "compatible", (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while the stronger "
            f"'{s} {negated.predicate} {o}' is negated ({', '.join(sorted(srcs_n))}): {negated.predicate} implies "
            f"{affirmed.predicate}, not the reverse, so both can hold (e.g. a risk factor that is not a direct cause); "
            f"not a contradiction, but the two sentences belong together."
        )
    if kind == "cross_predicate":
        return "hint", (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while '{s} {negated.predicate} {o}' "
            f"is negated ({', '.join(sorted(srcs_n))}). Different, unrelated predicates: both can be true, so this is "
            f"not a contradiction, only a pair worth reading together."
        )
    if kind == "polarity":
        what = f"'{s} {affirmed.predicate} {o}' is affirmed in {', '.join(sorted(srcs_a))} and negated in {', '.join(sorted(srcs_n))}"
    else:
        what = (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while "
            f"'{s} {negated.predicate} {o}' is negated ({', '.join(sorted(srcs_n))})"
        )
        what += f" ({affirmed.predicate} and {negated.predicate} are related predicates)"
    if one_source and hedged:
        return "qualification", (
            f"{what}. Both come from the same article and the {' and '.join(hedged)} is hedged: the article nuances its "
            f"own statement (e.g. no evidence of a direct effect, but a possible one in some cases) rather than "
            f"contradicting itself; check the wording before reporting either side alone."
        )
    if hedged:
        return "tension", f"{what}. The {' and '.join(hedged)} is hedged, so this is a tension rather than a flat contradiction."
    if one_source:
        return "contradiction", f"{what}. Both sides are asserted in the same article."
    return "contradiction", f"{what}. Both sides are asserted."


def contradictions(graph: EvidenceGraph, *, kinds: Iterable[str] | None = None) -> list[Contradiction]:
    """Where the sources (or one source) disagree, each with both sides and their evidence.

    Looks for, over every subject/object pair (either order for symmetric predicates):
    affirmed vs negated with the same predicate (``polarity``), with related predicates
    (``related_predicate``, see :data:`PREDICATE_FAMILIES`) or with any other predicate
    (``cross_predicate``); affirmed ``increases`` vs affirmed ``inhibits``
    (``opposite_effect``); and one claim stated with different quantities
    (``quantity``: durations and percentages are normalised and compared, the verdict
    says whether they truly differ; two free-text quantities are reported as
    ``incomparable``, a duration beside a percentage is not reported, as they measure
    different things). See :class:`Contradiction` for verdicts.

    >>> for c in contradictions(example_graph()):
    ...     print(c.kind, c.subject.label, c.object.label, c.verdict)
    polarity chronic pain ptsd qualification
    cross_predicate chronic pain ptsd hint
    quantity chronic pain pain equivalent
    """
    allowed = set(kinds) if kinds else None
    known = {"polarity", "related_predicate", "cross_predicate", "opposite_effect", "quantity"}
    if allowed and allowed - known:
        raise QueryError(f"unknown contradiction kind {sorted(allowed - known)[0]!r}; one of: {', '.join(sorted(known))}")
    out: list[Contradiction] = []
    by_pair: dict[frozenset[str], list[Claim]] = defaultdict(list)
    for claim in graph.claims.values():
        by_pair[frozenset((claim.subject, claim.object))].append(claim)

    def same_direction(c1: Claim, c2: Claim) -> bool:
        if c1.predicate in SYMMETRIC_PREDICATES or c2.predicate in SYMMETRIC_PREDICATES:
            return True
        return c1.subject == c2.subject and c1.object == c2.object

    for pair_claims in by_pair.values():
        if len(pair_claims) < 2:
            continue
        affirmed = [c for c in pair_claims if c.polarity == "affirmed"]
        negated = [c for c in pair_claims if c.polarity == "negated"]
        for a in affirmed:
            for n in negated:
                if not same_direction(a, n):
                    continue
                if a.predicate == n.predicate:
                    kind = "polarity"
                elif _related(a.predicate, n.predicate):
                    kind = "related_predicate"
                else:
                    kind = "cross_predicate"
                verdict, why = _polarity_verdict(graph, a, n, kind)
                out.append(Contradiction(kind, verdict, graph.concepts[a.subject], graph.concepts[a.object],
                                         ContradictionSide(a, a.evidence), ContradictionSide(n, n.evidence), why))
        for a, b in itertools.combinations(affirmed, 2):
            if frozenset((a.predicate, b.predicate)) in OPPOSITE_PREDICATES and same_direction(a, b):
                s, o = graph.concepts[a.subject], graph.concepts[a.object]
                verdict = "tension" if "hedged" in (a.certainty, b.certainty) else "contradiction"
                why = (f"'{s.label} {a.predicate} {o.label}' ({', '.join(a.sources)}) and "
                       f"'{s.label} {b.predicate} {o.label}' ({', '.join(b.sources)}) are both affirmed but point in opposite directions.")
                out.append(Contradiction("opposite_effect", verdict, s, o, ContradictionSide(a, a.evidence), ContradictionSide(b, b.evidence), why))
    for claim in graph.claims.values():
        by_quantity: dict[str, list[Evidence]] = defaultdict(list)
        for ev in claim.evidence:
            if ev.quantity:
                by_quantity[_fold(ev.quantity)].append(ev)
        if len(by_quantity) < 2:
            continue
        groups = sorted(by_quantity.values(), key=lambda evs: (evs[0].source_id, evs[0].start))
        for ga, gb in itertools.combinations(groups, 2):
            qa, qb = parse_quantity(ga[0].quantity), parse_quantity(gb[0].quantity)
            if (qa is None) != (qb is None) or (qa and qb and qa.kind != qb.kind):
                continue  # a percentage and a duration (or free text) measure different things
            verdict, why = compare_quantities(ga[0].quantity, gb[0].quantity)
            out.append(Contradiction(
                "quantity", verdict, graph.concepts[claim.subject], graph.concepts[claim.object],
                ContradictionSide(claim, tuple(ga), ga[0].quantity), ContradictionSide(claim, tuple(gb), gb[0].quantity), why,
            ))
    order = {"polarity": 0, "related_predicate": 1, "opposite_effect": 2, "cross_predicate": 3, "quantity": 4}
    out.sort(key=lambda c: (order[c.kind], c.subject.label, c.object.label, c.a.claim.id, c.b.claim.id, c.a.quantity, c.b.quantity))
    if allowed:
        out = [c for c in out if c.kind in allowed]
    return out


# -- citations, sources, hubs, stats ---------------------------------------------------------------


def uncited(graph: EvidenceGraph, source_id: str | None = None, *, backing: str | None = None) -> list[UncitedClaim]:
    """Claims that a source makes without naming a study, per source.

    ``backing`` is ``unattributed`` (the source says "studies have shown" or "research
    suggests" without naming one) or ``none`` (the article's own assertion); give
    ``backing=`` to keep one kind. ``source_id`` may be an id, a unique prefix or a title.

    >>> for u in uncited(example_graph(), backing="unattributed"):
    ...     print(u.source_id, u.claim.subject, u.claim.predicate, u.claim.object)
    ketamine-for-ptsd ketamine treats ptsd
    ketamine-for-ptsd ptsd inhibits serotonin
    pain-and-ptsd chronic_pain causes ptsd
    """
    if backing is not None and backing not in (UNATTRIBUTED, "none"):
        raise QueryError(f"backing must be 'unattributed' or 'none', not {backing!r}")
    only = find_source(graph, source_id).id if source_id else None
    out = []
    for claim in graph.claims.values():
        per_source: dict[str, list[Evidence]] = defaultdict(list)
        for ev in claim.evidence:
            per_source[ev.source_id].append(ev)
        for sid, evs in per_source.items():
            if only and sid != only:
                continue
            if any(e.cited for e in evs):
                continue
            kind = UNATTRIBUTED if any(e.attribution == UNATTRIBUTED for e in evs) else "none"
            if backing and kind != backing:
                continue
            elsewhere = any(e.cited for e in claim.evidence if e.source_id != sid)
            out.append(UncitedClaim(sid, claim, tuple(evs), kind, elsewhere))
    out.sort(key=lambda u: (u.source_id, u.backing != UNATTRIBUTED, min(e.start for e in u.evidence), u.claim.id))
    return out


def compare_sources(graph: EvidenceGraph, a: str, b: str) -> SourceComparison:
    """Claims two sources share, claims only one of them makes, and where they disagree.

    >>> cmp = compare_sources(example_graph(), "pain-and-ptsd", "ketamine-for-pain")
    >>> [(c.subject, c.predicate, c.object) for c in cmp.shared]
    [('chronic_pain', 'subclass_of', 'pain'), ('ketamine', 'treats', 'chronic_pain')]
    >>> len(cmp.only_a), len(cmp.only_b), [d.kind for d in cmp.disagreements]
    (5, 4, ['quantity'])
    """
    sa, sb = find_source(graph, a), find_source(graph, b)
    if sa.id == sb.id:
        raise QueryError(f"both names give the same source ({sa.id})")
    in_a = {cid for cid, c in graph.claims.items() if sa.id in c.sources}
    in_b = {cid for cid, c in graph.claims.items() if sb.id in c.sources}
    pick = lambda ids: tuple(_rank_claims(graph, (graph.claims[i] for i in ids)))  # noqa: E731
    between = []
    for c in contradictions(graph):
        side_a = {e.source_id for e in c.a.evidence}
        side_b = {e.source_id for e in c.b.evidence}
        if (sa.id in side_a and sb.id in side_b) or (sb.id in side_a and sa.id in side_b):
            between.append(c)
    return SourceComparison(sa, sb, pick(in_a & in_b), pick(in_a - in_b), pick(in_b - in_a), tuple(between))


def hubs(graph: EvidenceGraph, category: str | None = None, top: int = 10) -> dict[str, list[Hub]]:
    """The most connected concepts of each category (or of one), by number of distinct claims.

    >>> {cat: [h.concept.label for h in hs] for cat, hs in hubs(example_graph(), top=2).items() if cat in ("Drug", "Condition")}
    {'Condition': ['chronic pain', 'ptsd'], 'Drug': ['ketamine']}
    """
    categories = _choices("category", category, CATEGORIES) if category else None
    index = _index(graph)
    by_category: dict[str, list[Hub]] = defaultdict(list)
    for concept in graph.concepts.values():
        if categories and concept.category not in categories:
            continue
        edges = index.adjacency.get(concept.id, [])
        if not edges:
            continue
        claim_ids = {e.claim_id: e.support for e in edges}
        by_category[concept.category].append(Hub(
            concept,
            claims=len(claim_ids),
            neighbors=len({e.neighbor for e in edges}),
            support=sum(claim_ids.values()),
            sources=len(graph.concept_sources.get(concept.id, ())),
        ))
    return {
        cat: sorted(by_category[cat], key=lambda h: (-h.claims, -h.support, -h.neighbors, h.concept.label))[:top]
        for cat in CATEGORIES
        if by_category.get(cat)
    }


def stats(graph: EvidenceGraph) -> dict[str, Any]:
    """Counts that describe a graph: sizes, concepts per category, claims per predicate and qualifier.

    >>> s = stats(example_graph())
    >>> s["claims"], s["claims_by_polarity"], s["cited_claims"], s["contradictions"]
    (13, {'affirmed': 12, 'negated': 1}, 1, 3)
    """
    claim_list = list(graph.claims.values())
    index = _index(graph)
    linked = [n for n in index.undirected if index.undirected.degree(n)]
    import networkx as nx

    components = nx.number_connected_components(index.undirected.subgraph(linked)) if linked else 0
    evidence_rows = [e for c in claim_list for e in c.evidence]
    return {
        "sources": len(graph.sources),
        "concepts": len(graph.concepts),
        "claims": len(claim_list),
        "evidence": len(evidence_rows),
        "concepts_by_category": {cat: n for cat in CATEGORIES if (n := sum(1 for c in graph.concepts.values() if c.category == cat))},
        "claims_by_predicate": {p: n for p in PREDICATES if (n := sum(1 for c in claim_list if c.predicate == p))},
        "claims_by_polarity": {p: n for p in POLARITIES if (n := sum(1 for c in claim_list if c.polarity == p))},
        "claims_by_certainty": {p: n for p in CERTAINTIES if (n := sum(1 for c in claim_list if c.certainty == p))},
        "cited_claims": sum(1 for c in claim_list if c.cited),
        "unattributed_claims": sum(1 for c in claim_list if not c.cited and UNATTRIBUTED in c.attributions),
        "multi_source_claims": sum(1 for c in claim_list if c.support > 1),
        "claims_with_quantity": sum(1 for c in claim_list if c.quantities),
        "studies": sum(1 for c in graph.concepts.values() if c.category == "Study"),
        "linked_concepts": len(linked),
        "isolated_concepts": len(graph.concepts) - len(linked),
        "components": components,
        "contradictions": len(contradictions(graph)),
        "evidence_per_source": dict(sorted(Counter(e.source_id for e in evidence_rows).items())),
    }
