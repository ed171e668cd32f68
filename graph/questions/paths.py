"""How are two concepts linked? The best paths of claims, by an exact branch-and-bound search.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import heapq
import itertools

from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph

from graph.questions.index import _Edge, _Index, _index
from graph.questions.names import find_concept
from graph.questions.records import Hop, Path

__all__ = ["paths", "materialize_paths", "ranked_paths"]


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


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
