"""What a concept is linked to: its neighbours by claim, best first; narrower concepts roll up on request.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES
from graph.questions.index import _index
from graph.questions.names import _choices, find_concept
from graph.questions.records import Neighbor

__all__ = ["neighbors"]



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


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
