"""The answers' records: a neighbour, a hop, a path, an evidence row, a quantity, a disagreement,
an uncited claim, two sources compared, a hub; each with ``as_dict`` for JSON and tables.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source

__all__ = ["Neighbor", "Hop", "Path", "EvidenceRow", "Quantity", "ContradictionSide", "Contradiction", "UncitedClaim", "SourceComparison", "Hub"]




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

    ``backing`` is ``investigated`` when the study it names only looked at the question,
    ``unattributed`` when the source says "studies have shown" without
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


def _fmt(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"
