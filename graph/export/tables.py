"""``claims.csv`` and ``concepts.csv``, with exactly the columns of ARCHITECTURE.md.

Multi-valued cells (synonyms, xrefs, sources) are joined with ``|``.

>>> CLAIM_COLUMNS[:4]
('claim_id', 'subject', 'subject_category', 'predicate')
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from graph.evidence_graph import EvidenceGraph
from graph.fileio import atomic_write
from graph.model import Claim, Evidence

__all__ = ["CLAIM_COLUMNS", "CONCEPT_COLUMNS", "claim_row", "claim_rows", "curation_cells", "concept_rows", "write_claims_csv", "write_concepts_csv",
           "read_table", "JOIN", "FIELD_SIZE_LIMIT"]

# A concept named by every article of a large collection has a ``sources`` cell of megabytes
# (over 131 KB at 10,000 articles), past the csv module's default field limit of 128 KiB.
FIELD_SIZE_LIMIT = 2**31 - 1

CLAIM_COLUMNS = (
    "claim_id", "subject", "subject_category", "predicate", "object", "object_category",
    "polarity", "certainty", "attribution", "quantity", "source_id", "sentence", "start", "end", "section",
    "evidence_type", "study_role", "belief",
    "curation", "curation_note",
)
CONCEPT_COLUMNS = ("concept_id", "label", "category", "synonyms", "xrefs", "sources", "mentions")
JOIN = "|"


def claim_row(graph: EvidenceGraph, claim: Claim, ev: Evidence, belief: float | None = None) -> dict:
    """The ``claims.csv`` row of one occurrence of a claim (labels, not ids, for subject and object)."""
    subject, obj = graph.concepts[claim.subject], graph.concepts[claim.object]
    return {
        "claim_id": claim.id,
        "subject": subject.label,
        "subject_category": subject.category,
        "predicate": claim.predicate,
        "object": obj.label,
        "object_category": obj.category,
        "polarity": claim.polarity,
        "certainty": ev.certainty,
        "attribution": ev.attribution,
        "quantity": ev.quantity,
        "source_id": ev.source_id,
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "section": ev.section,
        "evidence_type": ev.evidence_type,
        "study_role": ev.study_role,
        "belief": "" if belief is None else belief,
        **curation_cells(graph, claim, ev),
    }


def curation_cells(graph: EvidenceGraph, claim: Claim, ev: Evidence) -> dict[str, str]:
    """The ``curation`` and ``curation_note`` cells of one occurrence: ``added`` for a sentence a
    writer added, ``accepted`` for a claim a writer accepted, else empty (see :mod:`graph.curation`)."""
    marks = graph.curation.claims.get(claim.id, ()) if getattr(graph, "curation", None) else ()
    wanted = "added" if ev.cue == "curated" else "accepted"
    for mark in reversed(marks):
        if mark.action == wanted:
            return {"curation": mark.action, "curation_note": mark.text().split(" ", 1)[1] if " " in mark.text() else ""}
    return {"curation": "", "curation_note": ""}


def claim_rows(graph: EvidenceGraph) -> Iterator[dict]:
    """One row per claim occurrence (evidence sentence), in claim then evidence order."""
    from graph.strength.belief import graph_beliefs

    beliefs = graph_beliefs(graph)
    for claim in graph.claims.values():
        for ev in claim.evidence:
            yield claim_row(graph, claim, ev, beliefs[claim.id])


def concept_rows(graph: EvidenceGraph) -> Iterator[dict]:
    for concept in graph.concepts.values():
        yield {
            "concept_id": concept.id,
            "label": concept.label,
            "category": concept.category,
            "synonyms": JOIN.join(concept.synonyms),
            "xrefs": JOIN.join(concept.xrefs),
            "sources": JOIN.join(graph.concept_sources.get(concept.id, ())),
            "mentions": graph.concept_mentions.get(concept.id, 0),
        }


def _write(path: Path, columns: tuple[str, ...], rows: Iterator[dict]) -> None:
    with atomic_write(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _claim_cells(graph: EvidenceGraph, claim: Claim, belief: float, marked: bool) -> Iterator[tuple]:
    """The cells of one claim's rows of :func:`claim_rows`, in :data:`CLAIM_COLUMNS` order, as tuples
    (what the writer needs: no dict per row; ``marked``: whether a curation mark is on the claim)."""
    subject, obj = graph.concepts[claim.subject], graph.concepts[claim.object]
    head = (claim.id, subject.label, subject.category, claim.predicate, obj.label, obj.category, claim.polarity)
    for ev in claim.evidence:
        if marked:
            cells = curation_cells(graph, claim, ev)
            tail = (belief, cells["curation"], cells["curation_note"])
        else:
            tail = (belief, "", "")
        yield (*head, ev.certainty, ev.attribution, ev.quantity, ev.source_id, ev.sentence, ev.start, ev.end,
               ev.section, ev.evidence_type, ev.study_role, *tail)


def write_claims_csv(graph: EvidenceGraph, path: Path, *, index: str | Path | None = None, token: str = "",
                     base=None, **options) -> None:
    """``OUT/claims.csv``. With ``index`` (a file in the build's cache), the writer also keeps where
    each claim's rows lie, and given the last build's file as ``base`` copies the rows of the claims
    that did not change (:mod:`graph.export.claims_update`); the bytes are the same."""
    from graph.strength.belief import beliefs_of

    beliefs = beliefs_of(graph)
    marked = graph.curation.claims if getattr(graph, "curation", None) else {}

    def cells(claim: Claim) -> Iterator[tuple]:
        return _claim_cells(graph, claim, beliefs[claim.id], claim.id in marked)

    if index is not None:
        from graph.export.claims_update import write_claims_indexed

        write_claims_indexed(graph, path, index=index, token=token, base=base, columns=CLAIM_COLUMNS, cells=cells)
        return
    with atomic_write(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CLAIM_COLUMNS)
        for claim in graph.claims.values():
            writer.writerows(cells(claim))


def write_concepts_csv(graph: EvidenceGraph, path: Path, **options) -> None:
    _write(path, CONCEPT_COLUMNS, concept_rows(graph))


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of ``claims.csv`` or ``concepts.csv`` (values as text), whatever a cell's size.

    Python's csv module refuses fields over 128 KiB by default; this reader lifts the
    limit (pandas has none). Outside this package: ``csv.field_size_limit(2**31 - 1)``.
    """
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)
