"""What changed in the kept assembly from one build to the next: a small record instead of a full copy.

The kept assembly (:mod:`graph.assembly_state`) is tens of megabytes at 1,000 articles, and
pickling it whole takes a second after every build. After one changed article, almost every
entry of its dictionaries is the very object the last build kept (:mod:`graph.reassemble` keeps
untouched objects), so a build keeps only a :class:`Delta` of its state against the state it
started from: each dictionary's new and changed entries and its removed keys. Loading applies
the deltas to the last full copy in order; once they are many or large (:data:`MAX_DELTAS`,
:data:`MAX_DELTA_SHARE`) the state is written whole again.

>>> from graph.query import example_graph
>>> from graph.assembly_state import AssemblyState
>>> g = example_graph()
>>> old = AssemblyState([], {}, g, g, beliefs={"x": 0.5}, records=())
>>> claims = dict(list(g.claims.items())[1:])
>>> new_graph = type(g).from_parts(sources=g.sources, concepts=g.concepts, claims=claims, study_links=g.study_links,
...     findings=g.findings, concept_sources=g.concept_sources, concept_mentions=g.concept_mentions,
...     source_mentions=g.source_mentions)
>>> new = AssemblyState(old.order, {}, new_graph, new_graph, beliefs={"x": 0.5, "y": 0.25}, records=())
>>> delta = state_delta(old, new)
>>> delta.graph["claims"][1] == [next(iter(g.claims))], delta.beliefs
(True, ({'y': 0.25}, []))
>>> back = apply_delta(old, delta)
>>> back.graph.claims == new.graph.claims and back.final is back.graph and back.beliefs == new.beliefs
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.evidence_graph import EvidenceGraph

__all__ = ["Delta", "MAX_DELTAS", "MAX_DELTA_SHARE", "state_delta", "apply_delta", "apply_deltas", "whole_next"]

# The state is written whole again once this many deltas follow its last full copy, or once they
# add up to this share of its size (each delta read back costs a little at every build's start).
MAX_DELTAS = 32
MAX_DELTA_SHARE = 0.25

# A graph's dictionaries, as EvidenceGraph orders them: by key, the claims by their key and id.
_PARTS = ("sources", "concepts", "claims", "findings", "concept_sources", "concept_mentions", "source_mentions")
_MISSING = object()

Change = tuple[dict, list]  # (new and changed entries, removed keys)


@dataclass
class Delta:
    """One build's state against the state it started from (``parent``, by token)."""

    parent: str
    token: str
    order: list[str]
    graph: dict[str, Change]  # part name -> change, before curation
    graph_links: tuple
    final: dict[str, Change] | None  # after curation; None: the same graph
    final_links: tuple | None
    curation: Any
    contributions: Change
    beliefs: Change | None
    records: Change | None  # by study id


def _change(old: dict, new: dict) -> Change:
    upserts = {}
    for key, value in new.items():
        known = old.get(key, _MISSING)
        if known is not value and (known is _MISSING or known != value):
            upserts[key] = value
    return upserts, [key for key in old.keys() - new.keys()]


def _patched(old: dict, change: Change, order=None) -> dict:
    upserts, removed = change
    if not upserts and not removed:
        return old
    new = dict(old)
    for key in removed:
        new.pop(key, None)
    fresh = any(key not in old for key in upserts)
    new.update(upserts)
    if fresh:  # in the graph's order again
        new = dict(sorted(new.items(), key=order or (lambda item: item[0])))
    return new


def _claim_order(item):
    return (item[1].key, item[0])


def _graph_change(old: EvidenceGraph, new: EvidenceGraph) -> dict[str, Change]:
    return {part: _change(getattr(old, part), getattr(new, part)) for part in _PARTS}


def _apply_graph(old: EvidenceGraph, change: dict[str, Change], links: tuple, curation: Any) -> EvidenceGraph:
    parts = {part: _patched(getattr(old, part), change[part], _claim_order if part == "claims" else None)
             for part in _PARTS}
    return EvidenceGraph.from_parts(study_links=links, curation=curation, **parts)


def _records(records) -> dict:
    return {r.study_id: r for r in records or ()}


def state_delta(previous, state) -> Delta:
    """The delta of ``state`` against ``previous`` (two :class:`~graph.assembly_state.AssemblyState`)."""
    same_final = state.final is state.graph
    return Delta(
        parent=previous.token, token=state.token, order=list(state.order),
        graph=_graph_change(previous.graph, state.graph), graph_links=state.graph.study_links,
        final=None if same_final else _graph_change(previous.final, state.final),
        final_links=None if same_final else state.final.study_links,
        curation=getattr(state.final, "curation", None),
        contributions=_change(previous.contributions, state.contributions),
        beliefs=None if state.beliefs is None else _change(previous.beliefs or {}, state.beliefs),
        records=None if state.records is None else _change(_records(previous.records), _records(state.records)),
    )


def whole_next(previous) -> bool:
    """Whether the state of a build that started from ``previous`` (``None``: from nothing) is to be
    written whole rather than as a delta (:func:`graph.assembly_state.save_state` decides the same,
    and also when the delta turns out too large)."""
    return previous is None or previous.journal >= MAX_DELTAS or \
        previous.journal_bytes > MAX_DELTA_SHARE * previous.base_bytes


def apply_delta(previous, delta: Delta):
    """The state ``delta`` describes, from ``previous`` (the state it was made against; left as it was)."""
    from graph.assembly_state import AssemblyState

    copy = AssemblyState(previous.order, dict(previous.contributions), _copied(previous.graph),
                         previous.final if previous.final is previous.graph else _copied(previous.final),
                         dict(previous.beliefs) if previous.beliefs is not None else None, previous.records,
                         previous.token)
    if previous.final is previous.graph:
        copy.final = copy.graph
    return apply_deltas(copy, [delta])


def _copied(graph: EvidenceGraph) -> EvidenceGraph:
    return EvidenceGraph.from_parts(study_links=graph.study_links, curation=getattr(graph, "curation", None),
                                    **{part: dict(getattr(graph, part)) for part in _PARTS})


def apply_deltas(state, deltas: list[Delta]):
    """The state the last of ``deltas`` describes, from ``state`` and the deltas before it, in order
    (each made against the state the one before describes). ``state`` is used up: its dictionaries
    are changed in place, once, and put in order once at the end."""
    from graph.assembly_state import AssemblyState

    if not deltas:
        return state
    parts = {part: getattr(state.graph, part) for part in _PARTS}
    final = None if state.final is state.graph else {part: getattr(state.final, part) for part in _PARTS}
    unsorted: set[tuple[str, str]] = set()
    beliefs = state.beliefs
    records = _records(state.records) if state.records is not None else None
    contributions, token = state.contributions, state.token

    def patch(which: str, target: dict, change: Change) -> None:
        upserts, removed = change
        for key in removed:
            target.pop(key, None)
        if any(key not in target for key in upserts):
            unsorted.add((which, part))
        target.update(upserts)

    for delta in deltas:
        if delta.parent != token:
            raise ValueError("a delta of another state")
        for part in _PARTS:
            patch("graph", parts[part], delta.graph[part])
        if delta.final is None:
            final = None
        else:
            if final is None:  # curated from here on: the graph's parts as they stand, in order
                final = {part: dict(parts[part]) for part in _PARTS}
                unsorted |= {("final", part) for which, part in unsorted if which == "graph"}
            for part in _PARTS:
                patch("final", final[part], delta.final[part])
        patch("", contributions, delta.contributions)
        if delta.beliefs is not None:
            beliefs = {} if beliefs is None else beliefs
            patch("", beliefs, delta.beliefs)
        if delta.records is not None:
            records = {} if records is None else records
            patch("", records, delta.records)
        token = delta.token
    last = deltas[-1]
    for which, part in unsorted:
        if which in ("graph", "final"):
            target = parts if which == "graph" else final
            if target is not None:
                target[part] = dict(sorted(target[part].items(),
                                           key=_claim_order if part == "claims" else (lambda item: item[0])))
    graph = EvidenceGraph.from_parts(study_links=last.graph_links, curation=getattr(state.graph, "curation", None),
                                     **parts)
    final_graph = graph if final is None else EvidenceGraph.from_parts(
        study_links=last.final_links, curation=last.curation, **final)
    contributions = {sid: contributions[sid] for sid in last.order}
    kept_records = None if last.records is None or records is None else tuple(
        records[sid] for sid in final_graph.concepts if sid in records)
    return AssemblyState(list(last.order), contributions, graph, final_graph, beliefs if last.beliefs is not None
                         else None, kept_records, token)
