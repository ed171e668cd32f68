"""pandas DataFrames of an :class:`~graph.evidence_graph.EvidenceGraph`, ready for a notebook.

- :func:`concepts_frame`: one row per concept;
- :func:`claims_frame`: one row per distinct claim (subject, predicate, object, polarity);
- :func:`evidence_frame`: one row per evidence sentence, with the ``claims.csv`` columns
  of ARCHITECTURE.md plus ``source_title``, ``subject_id``, ``object_id``, ``study``,
  ``organization``;
- :func:`sources_frame`: one row per source.

``subject``/``object`` hold canonical concept labels, the ids are in ``subject_id`` and
``object_id``. Columns whose values are fixed by SCHEMA.md (categories, predicate,
polarity, certainty) are pandas categoricals over the full schema list, so
``value_counts()`` shows zeros and group-bys keep a stable order. Multi-valued cells
(sources, attributions, quantities, synonyms) are tuples: use ``DataFrame.explode``.

>>> from graph.query import example_graph
>>> g = example_graph()
>>> claims = claims_frame(g)
>>> claims.loc[claims.predicate == "treats", ["subject", "object", "support", "certainty"]].to_string(index=False)
' subject       object  support certainty\\nketamine chronic pain        2  asserted\\nketamine   depression        1    hedged\\nketamine         ptsd        1  asserted'
>>> evidence_frame(g).groupby("source_id").size().to_dict()
{'ketamine-for-pain': 6, 'ketamine-for-ptsd': 5, 'pain-and-ptsd': 8}
>>> str(claims.predicate.dtype)
'category'
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from graph.evidence_graph import EvidenceGraph
from graph.export.tables import claim_row
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, UNATTRIBUTED

__all__ = [
    "CATEGORY_DTYPE",
    "PREDICATE_DTYPE",
    "POLARITY_DTYPE",
    "CERTAINTY_DTYPE",
    "EVIDENCE_COLUMNS",
    "CLAIMS_COLUMNS",
    "CONCEPTS_COLUMNS",
    "SOURCES_COLUMNS",
    "concepts_frame",
    "claims_frame",
    "evidence_frame",
    "sources_frame",
]

CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES))
PREDICATE_DTYPE = pd.CategoricalDtype(list(PREDICATES))
POLARITY_DTYPE = pd.CategoricalDtype(list(POLARITIES))
CERTAINTY_DTYPE = pd.CategoricalDtype(list(CERTAINTIES))

# claims.csv columns (ARCHITECTURE.md), then the extras of the frame.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "claim_id", "subject", "subject_category", "predicate", "object", "object_category",
    "polarity", "certainty", "attribution", "quantity", "source_id", "sentence", "start", "end", "section",
    "evidence_type", "study_role", "belief",
    "curation", "curation_note",
    "source_title", "subject_id", "object_id", "study", "organization",
)
CLAIMS_COLUMNS: tuple[str, ...] = (
    "claim_id", "subject", "subject_category", "predicate", "object", "object_category",
    "polarity", "certainty", "support", "sources", "attributions", "cited", "quantities", "n_evidence",
    "subject_id", "object_id", "belief",
)
CONCEPTS_COLUMNS: tuple[str, ...] = (
    "concept_id", "label", "name", "category", "synonyms", "xrefs", "parents", "discovered",
    "sources", "n_sources", "mentions", "claims", "organization", "finding",
)
SOURCES_COLUMNS: tuple[str, ...] = (
    "source_id", "title", "publisher", "url", "kind", "date", "path", "n_chars",
    "claims", "evidence", "cited_evidence", "unattributed_evidence", "concepts",
)

_DTYPES = {
    "category": CATEGORY_DTYPE,
    "subject_category": CATEGORY_DTYPE,
    "object_category": CATEGORY_DTYPE,
    "predicate": PREDICATE_DTYPE,
    "polarity": POLARITY_DTYPE,
    "certainty": CERTAINTY_DTYPE,
    "start": "int64",
    "end": "int64",
    "support": "int64",
    "n_evidence": "int64",
    "n_sources": "int64",
    "mentions": "int64",
    "claims": "int64",
    "n_chars": "int64",
    "evidence": "int64",
    "cited_evidence": "int64",
    "unattributed_evidence": "int64",
    "concepts": "int64",
    "cited": "bool",
    "discovered": "bool",
}


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in _DTYPES:
            frame[column] = frame[column].astype(_DTYPES[column])
        elif frame[column].dtype == object and not len(frame):
            frame[column] = frame[column].astype(object)
    return frame


def concepts_frame(graph: EvidenceGraph) -> pd.DataFrame:
    """One row per concept: id, label, display name, category, synonyms, sources, mentions,
    number of distinct claims, and for a study its organization and finding.

    >>> from graph.query import example_graph
    >>> f = concepts_frame(example_graph())
    >>> f.set_index("label").loc["johns hopkins study on ketamine infusions", ["category", "organization"]].tolist()
    ['Study', 'johns hopkins school of medicine']
    >>> int(f.category.value_counts()["Molecule"])
    2
    """
    degree = graph.claim_counts()
    rows = []
    for concept in graph.concepts.values():
        org_id = graph.organization_of(concept.id) if concept.category == "Study" else ""
        org = graph.concepts.get(org_id)
        sources = graph.concept_sources.get(concept.id, ())
        rows.append({
            "concept_id": concept.id,
            "label": concept.label,
            "name": concept.name,
            "category": concept.category,
            "synonyms": tuple(concept.synonyms),
            "xrefs": tuple(concept.xrefs),
            "parents": tuple(concept.parents),
            "discovered": concept.discovered,
            "sources": tuple(sources),
            "n_sources": len(sources),
            "mentions": graph.concept_mentions.get(concept.id, 0),
            "claims": degree.get(concept.id, 0),
            "organization": org.label if org else org_id,
            "finding": graph.findings.get(concept.id, ""),
        })
    return _frame(rows, CONCEPTS_COLUMNS)


def claims_frame(graph: EvidenceGraph) -> pd.DataFrame:
    """One row per distinct claim, with its support (sources), attributions, quantities.

    ``certainty`` is ``asserted`` if any occurrence asserts the claim; ``cited`` is
    true if any occurrence names a study.

    >>> from graph.query import example_graph
    >>> f = claims_frame(example_graph())
    >>> f[f.polarity == "negated"][["subject", "predicate", "object", "n_evidence"]].values.tolist()
    [['chronic pain', 'causes', 'ptsd', 1]]
    """
    from graph.strength.belief import graph_beliefs

    beliefs = graph_beliefs(graph)
    rows = []
    for claim in graph.claims.values():
        subject, obj = graph.concepts[claim.subject], graph.concepts[claim.object]
        rows.append({
            "claim_id": claim.id,
            "subject": subject.label,
            "subject_category": subject.category,
            "predicate": claim.predicate,
            "object": obj.label,
            "object_category": obj.category,
            "polarity": claim.polarity,
            "certainty": claim.certainty,
            "support": claim.support,
            "sources": claim.sources,
            "attributions": claim.attributions,
            "cited": claim.cited,
            "quantities": claim.quantities,
            "n_evidence": len(claim.evidence),
            "subject_id": claim.subject,
            "object_id": claim.object,
            "belief": beliefs[claim.id],
        })
    return _frame(rows, CLAIMS_COLUMNS)


def evidence_frame(graph: EvidenceGraph) -> pd.DataFrame:
    """One row per evidence sentence: the ``claims.csv`` columns plus source title, ids,
    and the study and organization labels behind an attributed sentence.

    >>> from graph.query import example_graph
    >>> f = evidence_frame(example_graph())
    >>> list(f.columns[:15]) == ["claim_id", "subject", "subject_category", "predicate", "object",
    ...     "object_category", "polarity", "certainty", "attribution", "quantity", "source_id",
    ...     "sentence", "start", "end", "section"]
    True
    >>> f.loc[f.study != "", ["source_title", "organization"]].values.tolist()
    [['How Can Ketamine Help Manage Chronic Pain?', 'johns hopkins school of medicine']]
    """
    from graph.strength.belief import graph_beliefs

    beliefs = graph_beliefs(graph)
    rows = []
    study_labels: dict[str, tuple[str, str]] = {}
    for claim in graph.claims.values():
        for ev in claim.evidence:
            if ev.attribution not in study_labels:
                study_labels[ev.attribution] = _study(graph, ev.attribution)
            study, org = study_labels[ev.attribution]
            source = graph.sources.get(ev.source_id)
            row = claim_row(graph, claim, ev, beliefs[claim.id])  # the claims.csv columns, then what a notebook also wants
            row.update(source_title=source.title if source else "", subject_id=claim.subject,
                       object_id=claim.object, study=study, organization=org)
            rows.append(row)
    return _frame(rows, EVIDENCE_COLUMNS)


def _study(graph: EvidenceGraph, attribution: str) -> tuple[str, str]:
    if not attribution or attribution == UNATTRIBUTED:
        return "", ""
    study = graph.concepts.get(attribution)
    org_id = graph.organization_of(attribution)
    org = graph.concepts.get(org_id)
    return (study.label if study else attribution), (org.label if org else org_id)


def sources_frame(graph: EvidenceGraph) -> pd.DataFrame:
    """One row per source: metadata, text length, distinct claims and evidence sentences
    (of which citing a named study / "studies have shown"), concepts mentioned.

    >>> from graph.query import example_graph
    >>> sources_frame(example_graph())[["source_id", "claims", "evidence", "unattributed_evidence"]].values.tolist()
    [['ketamine-for-pain', 6, 6, 0], ['ketamine-for-ptsd', 4, 5, 2], ['pain-and-ptsd', 7, 8, 1]]
    """
    claims_in: dict[str, set[str]] = defaultdict(set)
    evidence_in: Counter = Counter()
    cited_in: Counter = Counter()
    unattributed_in: Counter = Counter()
    concepts_in: dict[str, set[str]] = defaultdict(set)
    for claim in graph.claims.values():
        for ev in claim.evidence:
            claims_in[ev.source_id].add(claim.id)
            evidence_in[ev.source_id] += 1
            cited_in[ev.source_id] += ev.cited
            unattributed_in[ev.source_id] += ev.attribution == UNATTRIBUTED
    for concept_id, source_ids in graph.concept_sources.items():
        for sid in source_ids:
            concepts_in[sid].add(concept_id)
    for sid, counts in graph.source_mentions.items():
        concepts_in[sid].update(counts)
    rows = []
    for source in graph.sources.values():
        rows.append({
            "source_id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "kind": source.kind,
            "date": source.date,
            "path": source.path,
            "n_chars": len(source.text),
            "claims": len(claims_in.get(source.id, ())),
            "evidence": evidence_in.get(source.id, 0),
            "cited_evidence": cited_in.get(source.id, 0),
            "unattributed_evidence": unattributed_in.get(source.id, 0),
            "concepts": len(concepts_in.get(source.id, ())),
        })
    return _frame(rows, SOURCES_COLUMNS)
