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

# Each question lives in a module of graph/questions/ named by it; this module re-exports every
# name (public and the few private helpers other modules use), so ``graph.query`` stays the one
# place to import from.
from graph.errors import ClaimNotFoundError, ConceptNotFoundError, QueryError  # noqa: F401
from graph.evidence_graph import EvidenceGraph  # noqa: F401
from graph.model import (  # noqa: F401  (the names graph.query always offered)
    CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, SYMMETRIC_PREDICATES, UNATTRIBUTED, Claim, Concept, Evidence, Source)
from graph.vocab import normalize  # noqa: F401
from graph.questions.claims import (  # noqa: F401
    ANY_STUDY, CLAIM_FILTERS, EvidencePage, _attribution_ids, _concept_ids, _rank_claims, _rows_of, _study_labels, best_first,
    claim_summary, claims, evidence, evidence_page)
from graph.questions.contradictions import (  # noqa: F401
    OPPOSITE_PREDICATES, PREDICATE_FAMILIES, PREDICATE_IMPLIES, _polarity_verdict, _related, contradictions)
from graph.questions.example import example_graph  # noqa: F401
from graph.questions.index import (  # noqa: F401
    _INDEXES, _Edge, _Index, _build_index, _fold, _index, claim_edges, concept_names, edge_order, index_from_edges)
from graph.questions.names import (  # noqa: F401
    _as_set, _choices, _suggestions, _vocabulary_lookup, find_concept, find_source, resolve_claim)
from graph.questions.neighbours import neighbors  # noqa: F401
from graph.questions.paths import materialize_paths, paths, ranked_paths  # noqa: F401
from graph.questions.quantities import QUANTITY_TOLERANCE, compare_quantities, parse_quantity  # noqa: F401
from graph.questions.records import (  # noqa: F401
    Contradiction, ContradictionSide, EvidenceRow, Hop, Hub, Neighbor, Path, Quantity, SourceComparison, UncitedClaim,
    _claim_dict, _evidence_dict, _fmt)
from graph.questions.scoring import SCORE_WEIGHTS, _belief_score, _claim_facts, _score, hop_score  # noqa: F401
from graph.questions.summaries import compare_sources, hubs, stats, uncited  # noqa: F401

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
    "edge_order",
    "ranked_paths",
    "materialize_paths",
    "find_source",
    "resolve_claim",
    "neighbors",
    "hop_score",
    "paths",
    "evidence",
    "evidence_page",
    "EvidencePage",
    "best_first",
    "claim_summary",
    "claims",
    "parse_quantity",
    "compare_quantities",
    "contradictions",
    "uncited",
    "compare_sources",
    "hubs",
    "stats",
]


# Short reprs for the answers (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(Neighbor, Hop, Path, EvidenceRow, Quantity, ContradictionSide, Contradiction, UncitedClaim,
               SourceComparison, Hub)
