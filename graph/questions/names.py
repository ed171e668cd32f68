"""Finding things by name: a concept by any synonym, a source by id or title, a claim by id prefix;
and the checks of fixed-vocabulary filter values.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable
from typing import Any

from graph.errors import ClaimNotFoundError, ConceptNotFoundError, QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Source
from graph.questions.index import _Index, _fold, _index

log = logging.getLogger("graph.query")

__all__ = ["find_concept", "find_source", "resolve_claim"]




def find_concept(graph: EvidenceGraph, name: str) -> Concept:
    """The concept named ``name``: its label, display name, id or any synonym, case-insensitively.

    Names are folded with :func:`graph.vocab.normalize` (typographic quotes and dashes,
    case); if nothing matches, the package vocabulary is asked for spelling variants
    and plurals. An unknown name raises :class:`~graph.errors.ConceptNotFoundError`
    carrying the closest labels.

    >>> g = example_graph()
    >>> find_concept(g, "PTSD").id, find_concept(g, "post‑traumatic stress disorder").id
    ('ptsd', 'ptsd')
    >>> find_concept(g, "Chronic  Pain").label
    'chronic pain'
    >>> find_concept(g, "ketamin")
    Traceback (most recent call last):
    graph.errors.ConceptNotFoundError: no concept named 'ketamin'; did you mean 'ketamine'...?
    """
    index = _index(graph)
    key = _fold(name)
    concept_id = index.names.get(key)
    if concept_id is None and key:
        concept_id = _vocabulary_lookup(graph, name)
    if concept_id is None:
        from graph.suggest import vocabulary_reading

        reading = vocabulary_reading(name, {c.id: c.label for c in graph.concepts.values()})
        if reading is None:
            raise ConceptNotFoundError(name, _suggestions(graph, index, key))
        label, broader = reading  # a name the vocabulary knows ("spravato"): its concept, which the graph lacks
        close = [s for s in broader + _suggestions(graph, index, _fold(label)) if s != label]
        raise ConceptNotFoundError(name, list(dict.fromkeys(close))[:5],
                                   note=f"the vocabulary reads it as {label!r}, which no article of this graph mentions")
    return graph.concepts[concept_id]


def _vocabulary_lookup(graph: EvidenceGraph, name: str) -> str | None:
    """The package vocabulary's reading of a name (spelling variants, plurals), if in this graph."""
    try:
        from graph.vocab import load_vocabulary

        concept_id = load_vocabulary().lookup(name)
    except Exception as error:  # noqa: BLE001 - a broken vocabulary must not break a lookup
        log.debug("vocabulary lookup of %r failed: %s", name, error)
        return None
    return concept_id if concept_id in graph.concepts else None


def _suggestions(graph: EvidenceGraph, index: _Index, key: str, n: int = 5) -> list[str]:
    if not key:
        return []
    found: list[str] = []
    for candidate in difflib.get_close_matches(key, list(index.names), n=n * 3, cutoff=0.6):
        label = graph.concepts[index.names[candidate]].label
        if label not in found:
            found.append(label)
    if len(found) < n and len(key) >= 3:  # "hopkins" -> labels containing it
        for candidate, concept_id in index.names.items():
            label = graph.concepts[concept_id].label
            if key in candidate and label not in found:
                found.append(label)
            if len(found) >= n:
                break
    return found[:n]


def find_source(graph: EvidenceGraph, name: str) -> Source:
    """A source by id, unique id prefix, or (case-insensitive) title or unique part of a title.

    >>> find_source(example_graph(), "Can Chronic Pain Cause PTSD?").id
    'pain-and-ptsd'
    >>> find_source(example_graph(), "ketamine-for-pa").id
    'ketamine-for-pain'
    """
    if name in graph.sources:
        return graph.sources[name]
    key = _fold(name)
    for finder in (
        lambda s: s.id.startswith(name),
        lambda s: _fold(s.title) == key,
        lambda s: key and key in _fold(s.title),
    ):
        found = [s for s in graph.sources.values() if finder(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise QueryError(f"source {name!r} is ambiguous: " + ", ".join(s.id for s in found[:6]))
    from graph.suggest import source_miss

    raise QueryError(source_miss(name, graph.sources))


def resolve_claim(graph: EvidenceGraph, claim_id: str) -> Claim:
    """A claim by id or by a unique prefix of at least 4 characters.

    >>> g = example_graph()
    >>> cid = next(iter(g.claims))
    >>> resolve_claim(g, cid[:6]).id == cid
    True
    >>> resolve_claim(g, "nope")
    Traceback (most recent call last):
    graph.errors.ClaimNotFoundError: no claim with id 'nope'
    """
    claim_id = str(claim_id).strip()
    if claim_id in graph.claims:
        return graph.claims[claim_id]
    if len(claim_id) >= 4:
        found = [c for cid, c in graph.claims.items() if cid.startswith(claim_id)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ClaimNotFoundError(f"claim id prefix {claim_id!r} is ambiguous ({len(found)} claims)")
    raise ClaimNotFoundError(f"no claim with id {claim_id!r}")




def _as_set(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (str, bool, int, float)):
        return [value]
    return list(value)


def _choices(name: str, value: Any, allowed: Iterable[str]) -> set[str] | None:
    """Values of a fixed-vocabulary filter, checked and put in their canonical spelling
    ("drug" -> "Drug", "risk factor" -> "RiskFactor", "risk-factor-for" -> "risk_factor_for")."""
    values = _as_set(value)
    if not values:
        return None
    allowed = tuple(allowed)
    canon = {re.sub(r"[\s_-]+", "", a.lower()): a for a in allowed}
    out = set()
    for v in values:
        key = re.sub(r"[\s_-]+", "", str(v).strip().lower())
        if key not in canon:
            raise QueryError(f"unknown {name} {v!r}; one of: {', '.join(allowed)}")
        out.add(canon[key])
    return out


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
