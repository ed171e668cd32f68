"""What a claim is worth as a hop of a path or a neighbour: its belief (docs/evidence.md).

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

from graph.evidence_graph import EvidenceGraph
from graph.model import Claim

__all__ = ["SCORE_WEIGHTS", "hop_score"]


# Factors of a hop's score (see the module docstring and :func:`hop_score`).
SCORE_WEIGHTS: dict[str, float] = {
    "hedged": 0.7,  # only hedged occurrences ("may", "suggests")
    "uncited": 0.85,  # no named study behind any occurrence
    "negated": 0.25,  # a negated claim used as a hop (only with skip_negated=False)
}


def hop_score(claim: Claim, graph: EvidenceGraph | None = None) -> float:
    """How much a claim is worth as a hop of a path, in [0, 1): its belief
    (:func:`graph.strength.belief.claim_belief`; with ``graph``, one publisher's articles count
    once), times :data:`SCORE_WEIGHTS` ``negated`` (0.25) for a negated claim.

    >>> from graph.query import claims, example_graph
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
