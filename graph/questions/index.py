"""The per-graph index (names, adjacency), built once per graph and shared by the questions.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import gc
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from graph.evidence_graph import EvidenceGraph
from graph.model import SYMMETRIC_PREDICATES, Claim, Concept
from graph.vocab import normalize
from graph.questions.scoring import _belief_score, _claim_facts, _score

__all__ = ["concept_names", "claim_edges", "index_from_edges", "edge_order"]




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


def edge_order(edge: _Edge) -> tuple[float, str, str]:
    """The order of a concept's adjacency list: best hop first, then by neighbour, then by claim id."""
    return -edge.score, edge.neighbor, edge.claim_id


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
        edges.sort(key=edge_order)
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
