"""Which concepts are narrower than a concept: the roll-up of answers to broader concepts.

A concept is narrower than ``X`` when its vocabulary ``parents`` name ``X`` or an affirmed
claim says it is a ``subclass_of`` ``X``, directly or through other narrower concepts
("neuropathic pain" -> "chronic pain" -> "pain"). Every rolled-up answer says through which
narrower concept it came (never silently).

>>> from graph.query import example_graph
>>> narrower(example_graph(), "pain")
{'chronic_pain': ('chronic_pain',)}
"""

from __future__ import annotations

from collections import deque

from graph.evidence_graph import EvidenceGraph

__all__ = ["children", "narrower"]


def children(graph: EvidenceGraph, concept_id: str) -> list[str]:
    """The concepts directly under ``concept_id`` (vocabulary parents and affirmed ``subclass_of`` claims), sorted."""
    out = {c.id for c in graph.concepts.values() if concept_id in c.parents}
    out |= {c.subject for c in graph.claims.values()
            if c.predicate == "subclass_of" and c.object == concept_id and c.polarity == "affirmed"}
    out.discard(concept_id)
    return sorted(out)


def narrower(graph: EvidenceGraph, concept_id: str) -> dict[str, tuple[str, ...]]:
    """Every concept under ``concept_id`` -> the chain of concepts from just under it down to that one."""
    by_parent: dict[str, set[str]] = {}
    for c in graph.concepts.values():
        for parent in c.parents:
            by_parent.setdefault(parent, set()).add(c.id)
    for c in graph.claims.values():
        if c.predicate == "subclass_of" and c.polarity == "affirmed" and c.subject != c.object:
            by_parent.setdefault(c.object, set()).add(c.subject)
    found: dict[str, tuple[str, ...]] = {}
    queue = deque([(concept_id, ())])
    while queue:
        node, chain = queue.popleft()
        for child in sorted(by_parent.get(node, ())):
            if child == concept_id or child in found:
                continue
            found[child] = chain + (child,)
            queue.append((child, found[child]))
    return found
