"""Which claims, and on what evidence: every sentence behind a claim, and claims filtered by any
``claims.csv`` column.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, UNATTRIBUTED, Claim, Evidence
from graph.questions.index import _fold
from graph.questions.names import _as_set, _choices, find_concept, find_source, resolve_claim
from graph.questions.records import EvidenceRow, _claim_dict

__all__ = ["ANY_STUDY", "CLAIM_FILTERS", "EvidencePage", "best_first", "claim_summary", "evidence", "evidence_page", "claims"]


# Values of the ``attribution`` filter meaning "any named study" (backing or only investigating).
ANY_STUDY: frozenset[str] = frozenset({"study", "studies", "any study", "named study"})


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
    return _rows_of(graph, claim, claim.evidence)


def best_first(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence in the order a writer wants it: the sentence worth most to the belief score first
    (:func:`graph.strength.belief.evidence_probability`), then a named study, then asserted, then
    by source and position (a stable sort of the claim's own order)."""
    from graph.strength.belief import evidence_probability, load_parameters

    params = load_parameters()
    return sorted(evidence, key=lambda e: (-evidence_probability(e, params=params), not e.cited,
                                           e.certainty != "asserted", e.source_id, e.start))


def claim_summary(graph: EvidenceGraph, claim: Claim) -> dict[str, Any]:
    """A claim as a writer reads it: labels of its ends, predicate, polarity, certainty, support,
    cited, quantities, sources and belief (rounded to 3 places)."""
    from graph.strength.belief import claim_belief

    out = _claim_dict(graph, claim)
    sources = out.pop("sources")  # (quantities before sources, as the CSV columns run)
    out.update(quantities=list(claim.quantities), sources=sources, belief=round(claim_belief(graph, claim), 3))
    return out


@dataclass
class EvidencePage:
    """The first sentences behind a claim, best first (:func:`best_first`), and how many there are.

    ``claim``: :func:`claim_summary` of the claim; ``rows``: at most the limit asked for;
    ``total``: every sentence behind the claim; ``graph``: a graph holding the claim's ends and
    the shown sentences' sources, studies and organizations.
    """

    claim: dict[str, Any]
    total: int
    rows: list[EvidenceRow] = field(default_factory=list)
    graph: EvidenceGraph | None = None

    @property
    def more(self) -> int:
        """How many sentences are not in ``rows``."""
        return self.total - len(self.rows)


def evidence_page(graph: EvidenceGraph, claim_id: str, limit: int | None = None) -> EvidencePage:
    """The claim's sentences best first, at most ``limit`` of them (``None`` or 0: all), with the total.

    >>> g = example_graph()
    >>> [claim] = [c for c in g.claims.values() if c.object == "chronic_pain" and c.predicate == "treats"]
    >>> page = evidence_page(g, claim.id, limit=1)
    >>> (page.total, page.more, page.rows[0].certainty, page.claim["support"])
    (2, 1, 'asserted', 2)
    """
    claim = resolve_claim(graph, claim_id)
    order = best_first(claim.evidence)
    shown = order[:limit] if limit else order
    return EvidencePage(claim_summary(graph, claim), len(claim.evidence), _rows_of(graph, claim, shown), graph)


def _rows_of(graph: EvidenceGraph, claim: Claim, shown: list[Evidence]) -> list[EvidenceRow]:
    """The :class:`EvidenceRow` of each of ``shown`` (sentences of ``claim``), in that order."""
    rows = []
    for ev in shown:
        source = graph.sources.get(ev.source_id)
        study, org = _study_labels(graph, ev.attribution)
        rows.append(EvidenceRow(
            claim_id=claim.id, source_id=ev.source_id, source_title=source.title if source else "",
            sentence=ev.sentence, start=ev.start, end=ev.end, section=ev.section, certainty=ev.certainty,
            attribution=ev.attribution, study=study, organization=org, quantity=ev.quantity, cue=ev.cue,
            evidence_type=ev.evidence_type, study_role=ev.study_role, supports=ev.supports))
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


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
