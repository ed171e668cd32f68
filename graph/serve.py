"""Browsing the store in Datasette: metadata for every table and column, canned queries, facets, search.

``python -m graph serve`` opens ``OUT/graph.sqlite`` read-only (SQLite's immutable
mode: the server never writes, locks or changes the file) in `Datasette
<https://datasette.io>`_ on 127.0.0.1, with:

- a description of every table and column (:data:`TABLE_DOCS`, checked against the
  schema by the tests);
- canned queries (:data:`QUERIES`): hedged treatment claims, claims no study backs,
  and a concept's evidence (by label, synonym or id);
- facets on predicate, certainty, polarity and source;
- full-text search over the evidence sentences (``/graph/evidence?_search=NMDA``).

A rebuild replaces the file by renaming a new one over it; restart ``serve`` to see it.

>>> meta = datasette_metadata()
>>> sorted(meta["databases"]["graph"]["queries"])
['claims_no_study_backs', 'concept_evidence', 'hedged_treatment_claims']
>>> meta["databases"]["graph"]["tables"]["evidence"]["fts_table"]
'evidence_fts'
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from graph.errors import GraphError

__all__ = ["TABLE_DOCS", "QUERIES", "DEFAULT_PORT", "datasette_metadata", "make_datasette", "serve"]

log = logging.getLogger(__name__)

DEFAULT_PORT = 8001

# table -> (description, {column: description})
TABLE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "meta": ("About the store itself.", {
        "key": "format, format_version, whole_graph or stats",
        "value": "its value (whole_graph: the connected components and contradictions of the graph; stats: "
                 "the figures of `python -m graph stats`; both JSON)",
    }),
    "sources": ("The articles, one row each.", {
        "source_id": "the article's id: its file name without the extension",
        "title": "title (front matter, else the first heading or the HTML title)",
        "publisher": "publisher (front matter or the HTML site name)",
        "url": "where the article was published",
        "kind": "kind of article from the front matter (blog, news, ...)",
        "date": "publication date from the front matter",
        "path": "the file it was read from",
        "sha256": "SHA-256 of the article's text (what the extraction cache is keyed by)",
        "text": "the article's text; every character offset points into it",
    }),
    "concepts": ("Every concept of the graph: conditions, drugs, therapies, mechanisms, molecules, risk factors, "
                 "cited studies and organizations.", {
        "concept_id": "the concept's id",
        "label": "lower-case canonical name",
        "category": "Condition, Drug, Therapy, Mechanism, Molecule, RiskFactor, Study or Organization",
        "display": "how to show the name when it differs from the label (PTSD)",
        "description": "a short description, if any",
        "discovered": "1: found in the text by its wording, not in the curated vocabulary",
        "synonyms": "other names (JSON array)",
        "xrefs": "ontology identifiers such as MESH:D007649 (JSON array)",
        "parents": "broader concepts' ids (JSON array)",
        "n_sources": "number of articles that name it or make a claim about it",
        "mentions": "number of times the articles name it",
        "organization_id": "for a study: the organization that ran it",
        "finding": "for a study: what the article reports it found",
        "n_claims": "number of distinct claims it takes part in (for a study: the claims attributed to it)",
    }),
    "concept_names": ("Every name a concept can be asked by (label, display name, id, synonym), folded to lower "
                      "case; a name shared by two concepts belongs to the first.", {
        "name": "the folded name",
        "concept_id": "the concept it names",
    }),
    "claims": ("One row per distinct claim: subject, predicate, object and polarity; its figures come from "
               "the evidence rows.", {
        "claim_id": "the claim's id (a hash of subject, predicate, object, polarity)",
        "subject": "subject concept id",
        "subject_label": "subject concept label",
        "predicate": "treats, causes, risk_factor_for, co_occurs_with, has_adverse_effect, inhibits, increases, "
                     "modulates, affects, has_symptom or subclass_of",
        "object": "object concept id",
        "object_label": "object concept label",
        "polarity": "affirmed or negated ('no evidence that X causes Y')",
        "certainty": "asserted if any sentence asserts it, else hedged ('may help')",
        "support": "number of distinct articles making the claim in a sentence that counts as support "
                   "(not promotion, advice or a question)",
        "cited": "1: at least one sentence names a study that reports a result for it",
        "n_evidence": "number of evidence sentences",
        "quantities": "figures stated with it ('15-35%', 'up to 3 weeks'; JSON array)",
        "sources": "the articles making it (JSON array)",
        "score": "what the claim is worth as a hop of a path and ranks neighbours by: its belief, x0.25 if negated",
        "position": "the claim's place in the graph's canonical order",
        "belief": "how firmly the evidence holds the claim, 0 to 1 (graph/strength/belief.py, docs/evidence.md): "
                  "each supporting sentence's probability by its type, hedging and study; one publisher counts once",
    }),
    "evidence": ("Every sentence behind a claim, with where it stands and how it was stated. Full-text "
                 "searchable.", {
        "evidence_id": "the sentence's id under its claim (a number made from the claim id and the sentence's "
                       "source and span)",
        "claim_id": "the claim this sentence makes",
        "source_id": "the article it is in",
        "sentence": "the sentence as written",
        "start": "character offset of the sentence in the article's text",
        "end": "character offset just after the sentence",
        "section": "the heading of the section it is in",
        "certainty": "asserted or hedged, in this sentence",
        "attribution": "who backs it: a study's concept id, 'unattributed' ('studies have shown'), or empty "
                       "(the article's own statement)",
        "quantity": "a figure stated with it, if any",
        "subject_text": "the subject as written",
        "object_text": "the object as written",
        "subject_start": "character offset of the subject in the article (empty if resolved from an earlier sentence)",
        "subject_end": "character offset just after the subject",
        "object_start": "character offset of the object in the article",
        "object_end": "character offset just after the object",
        "cue": "the words that signalled the relation",
        "evidence_type": "what the sentence is: finding, assertion, hedge, definition, advice, promotion or question "
                         "(docs/evidence.md)",
        "study_role": "for a sentence naming a study: backs (it reports a result), investigates (it only looked "
                      "at the question) or mentions",
        "supports": "1: the sentence counts towards the claim's support (promotion, advice and questions never do; "
                    "a definition only for what it defines)",
    }),
    "studies": ("Which organization ran which cited study.", {
        "study_id": "the study's concept id",
        "organization_id": "the organization's concept id",
    }),
    "findings": ("What an article reports a cited study found.", {
        "study_id": "the study's concept id",
        "finding": "the finding, as written",
    }),
    "mentions": ("Which article names which concept, and how often.", {
        "source_id": "the article",
        "concept_id": "the concept",
        "count": "times the article names it (empty: it takes part in a claim or study link without being named)",
        "listed": "1: counted among the concept's sources",
    }),
    "curation": ("The writer's decisions of the curation file (sources/curation.yaml) and what the build did with "
                 "each.", {
        "position": "order of the decision in the file",
        "decision_id": "a hash of the entry's content",
        "line": "the entry's line in the curation file",
        "action": "reject, accept, merge, rename, recategorize or add",
        "target": "what the decision is about, in words",
        "status": "applied; stale (its claim, concept, source or quote is no longer in the build); superseded "
                  "(a later decision on the same claim overrides it); invalid (a bad entry, skipped)",
        "detail": "what was done, or why not",
        "note": "the writer's reason",
        "curator": "who decided",
        "at": "when (ISO 8601)",
    }),
    "curation_marks": ("The decisions as the outputs show them on claims and concepts.", {
        "kind": "claim or concept",
        "id": "the claim or concept id",
        "position": "order of the marks on it",
        "action": "accepted, rejected, added, merged, renamed or recategorized",
        "note": "the writer's reason",
        "curator": "who decided",
        "at": "when (ISO 8601)",
        "detail": "what was done",
        "decision_id": "the decision (curation.decision_id)",
    }),
    "study_records": ("What the articles say of each cited study, each field only where a sentence says it "
                      "(also OUT/studies.csv; docs/evidence.md).", {
        "study_id": "the study's concept id",
        "label": "the study's label",
        "organization": "the organization that ran it",
        "design": "randomised trial, observational, review / meta-analysis, case series, survey or unknown",
        "population": "who was studied ('patients with severe refractory pain')",
        "sample_size": "how many were studied",
        "duration": "how long the study ran",
        "intervention": "the drugs or therapies of the claims it backs",
        "outcome": "the conditions of the claims it backs",
        "finding": "what the article reports it found (empty when the articles give no result)",
        "result": "the finding's figures ('In half of our patients, relief lasted for up to 3 weeks')",
        "sources": "the articles citing it ('|'-joined)",
        "role": "reports a result, or investigates (the articles only say what it looked at)",
        "investigates": "what it looked at, when the articles give no result",
        "claims": "ids of the claims attributed to it ('|'-joined)",
    }),
    "links": ("The path search's adjacency: each claim seen from each of its ends (one row for a claim of a "
              "concept with itself), numbered best hop first per concept; `python -m graph path` reads it.", {
        "node": "the concept the claim is seen from",
        "rank": "place among the concept's links: best hop score first, then by neighbour, then by claim id",
        "neighbor": "the concept at the other end",
        "claim_id": "the claim",
        "direction": "forward (node is the subject), backward (node is the object) or symmetric (co_occurs_with)",
        "score": "the claim's hop score (claims.score)",
        "polarity": "affirmed or negated",
        "support": "the claim's support (claims.support)",
        "certainty": "the claim's certainty (claims.certainty)",
    }),
    "nodes": ("Per concept that takes part in a claim: how many links it has and its best one.", {
        "node": "the concept",
        "degree": "its number of links (claims with it at either end)",
        "best": "its best hop score",
    }),
}

_CONCEPT_ID = ("(SELECT concept_id FROM concept_names "
               "WHERE name = lower(trim(replace(replace(:concept, '_', ' '), '  ', ' '))))")

QUERIES: dict[str, dict[str, Any]] = {
    "hedged_treatment_claims": {
        "title": "Hedged treatment claims",
        "description": "Treatments that no article asserts outright ('may help', 'could relieve'), best supported first.",
        "sql": "SELECT claim_id, subject_label AS treatment, object_label AS condition, polarity, support, cited, "
               "sources FROM claims WHERE predicate = 'treats' AND certainty = 'hedged' "
               "ORDER BY support DESC, subject_label, object_label",
    },
    "claims_no_study_backs": {
        "title": "Claims no study backs",
        "description": "Claims whose sentences name no study: 'studies have shown' without naming one, or the "
                       "article's own word. Most-repeated first.",
        "sql": "SELECT claim_id, subject_label, predicate, object_label, polarity, certainty, support, sources, "
               "(SELECT count(*) FROM evidence e WHERE e.claim_id = claims.claim_id "
               "AND e.attribution = 'unattributed') AS studies_have_shown "
               "FROM claims WHERE cited = 0 ORDER BY support DESC, subject_label, predicate, object_label",
    },
    "concept_evidence": {
        "title": "A concept's evidence",
        "description": "Every sentence behind every claim about a concept (give its label, a synonym or its id).",
        "sql": "SELECT c.claim_id, c.subject_label, c.predicate, c.object_label, c.polarity, e.certainty, "
               "e.attribution, e.quantity, e.source_id, e.section, e.sentence "
               f"FROM claims c JOIN evidence e ON e.claim_id = c.claim_id "
               f"WHERE c.subject = {_CONCEPT_ID} OR c.object = {_CONCEPT_ID} "
               "ORDER BY c.support DESC, c.claim_id, e.source_id, e.start",
    },
}

_FACETS = {
    "claims": ["predicate", "certainty", "polarity", {"array": "sources"}],
    "evidence": ["certainty", "source_id", "attribution"],
    "concepts": ["category", "discovered"],
}


def datasette_metadata(database: str = "graph") -> dict[str, Any]:
    """Datasette's metadata for a store opened under the name ``database``."""
    tables: dict[str, Any] = {}
    for table, (description, columns) in TABLE_DOCS.items():
        tables[table] = {"description": description, "columns": dict(columns)}
        if table in _FACETS:
            tables[table]["facets"] = _FACETS[table]
    tables["concepts"]["label_column"] = "label"
    tables["sources"]["label_column"] = "title"
    tables["claims"]["sort_desc"] = "support"
    tables["evidence"].update({"fts_table": "evidence_fts", "fts_pk": "evidence_id", "searchmode": "escaped"})
    tables["evidence_fts"] = {"hidden": True}
    return {
        "title": "Evidence graph",
        "description": "Concepts and claims of the health articles, each claim with the sentences it comes from.",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


def make_datasette(store: str | Path):
    """A :class:`datasette.app.Datasette` serving ``store`` read-only (immutable), with the metadata."""
    from datasette.app import Datasette

    from graph.export.sqlite import connect

    store = Path(store)
    connect(store).close()  # a missing or foreign file is one clear error before the server starts
    return Datasette(
        immutables=[str(store)],
        metadata=datasette_metadata(store.stem),
        settings={"sql_time_limit_ms": 5000, "default_page_size": 50, "facet_time_limit_ms": 500,
                  "allow_download": True},
    )


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve ``store`` in Datasette until interrupted."""
    import asyncio

    import uvicorn

    ds = make_datasette(store)
    asyncio.run(ds.invoke_startup())
    log.info("serving %s at http://%s:%d/", store, host, port)
    try:
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
    except OSError as error:
        raise GraphError(f"could not serve on {host}:{port}: {error}") from error
