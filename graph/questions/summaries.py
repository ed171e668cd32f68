"""Overviews: claims no study backs per source, two sources side by side, hubs, and the graph's figures.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, UNATTRIBUTED, Evidence
from graph.questions.index import _index
from graph.questions.names import _choices, find_source
from graph.questions.claims import _rank_claims
from graph.questions.contradictions import contradictions
from graph.questions.records import Hub, SourceComparison, UncitedClaim, _claim_dict
from graph.strength.evidence_types import EVIDENCE_TYPES

__all__ = ["uncited", "compare_sources", "hubs", "stats"]




def uncited(graph: EvidenceGraph, source_id: str | None = None, *, backing: str | None = None) -> list[UncitedClaim]:
    """Claims that a source makes without naming a study, per source.

    ``backing`` is ``unattributed`` (the source says "studies have shown" or "research
    suggests" without naming one), ``investigated`` (it names a study that only looked at the
    question: "explored", "aims to"; docs/evidence.md) or ``none`` (the article's own
    assertion); give ``backing=`` to keep one kind. ``source_id`` may be an id, a unique prefix or a title.

    >>> for u in uncited(example_graph(), backing="unattributed"):
    ...     print(u.source_id, u.claim.subject, u.claim.predicate, u.claim.object)
    ketamine-for-ptsd ketamine treats ptsd
    ketamine-for-ptsd ptsd inhibits serotonin
    pain-and-ptsd chronic_pain causes ptsd
    """
    if backing is not None and backing not in (UNATTRIBUTED, "investigated", "none"):
        raise QueryError(f"backing must be 'unattributed', 'investigated' or 'none', not {backing!r}")
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
            if any(e.attribution == UNATTRIBUTED for e in evs):
                kind = UNATTRIBUTED
            elif any(e.attribution for e in evs):  # a named study that reports no result for it
                kind = "investigated"
            else:
                kind = "none"
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
        "evidence_by_type": {t: n for t in EVIDENCE_TYPES if (n := sum(1 for e in evidence_rows if e.evidence_type == t))},
        "evidence_not_support": sum(1 for e in evidence_rows if not e.supports),
    }


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
