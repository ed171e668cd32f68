"""The store (``graph.sqlite``): the whole graph in SQLite, a writer and a reader, tested by round trip.

One table per kind of record, with the indexes the questions need and an FTS5
full-text index over the evidence sentences:

- ``sources``: one row per article (metadata and text);
- ``concepts``: one row per concept (lists as JSON arrays), with its number of
  sources, mentions and claims (``n_claims``: :meth:`EvidenceGraph.claim_counts`, counted
  once at write time so that listing the busiest concepts reads a few rows of an index),
  and for a study its organization and finding;
- ``concept_names``: every folded name (label, display name, id, synonym) -> concept,
  in the priority :func:`graph.query.find_concept` uses;
- ``claims``: one row per distinct claim with its subject and object (ids and labels),
  predicate, polarity, and the figures derived from its evidence (certainty,
  support, cited, number of sentences, quantities, sources);
- ``evidence``: one row per sentence behind a claim (``evidence_fts`` indexes ``sentence``),
  its ``evidence_id`` a number made from the claim's id and the sentence's source and span
  (:func:`evidence_key`), not from its place among the rows;
- ``studies``: one row per (study, organization) link, and a study's finding;
- ``mentions``: per source and concept, how often the source mentions it
  (``count`` NULL when the concept belongs to the source without being named in it);
- ``links``: the path search's adjacency, two rows per claim (one per end; one for a claim of
  a concept with itself): from ``node`` to ``neighbor`` along ``claim_id``, with the hop score
  and the figures the search reads, numbered best hop first per node (``rank``: score
  descending, then neighbour, then claim id, the order of :func:`graph.query.index_from_edges`);
- ``nodes``: per concept that takes part in a claim, its number of ``links`` rows (``degree``)
  and its best hop score (``best``);
- ``meta``: the format, its version, the figures of ``stats`` that need the whole graph
  (``whole_graph``: connected components and contradictions), and every figure of ``stats``,
  counted in SQL once the rows are in (``stats``).

The file is written into a temporary file beside the target, in one transaction,
and renamed over it: readers see the old store or the new one, never a mix.
Rows go in a fixed order, so equal graphs give equal bytes. Every key of a row is a function
of the row's content and every table with a primary key is clustered by it (``WITHOUT ROWID``;
``evidence`` by its id), so a table's rows, and the order a query without ``ORDER BY`` reads
them in, depend only on the graph, not on the order of the writes: a store updated row by row
holds the rows of one written whole.

>>> import tempfile, pathlib
>>> from graph.query import example_graph
>>> g = example_graph()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.sqlite"
>>> write_sqlite(g, path)
>>> back = read_sqlite(path)
>>> back.claims == g.claims and back.concepts == g.concepts and back.sources == g.sources
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from graph.errors import BuildNotFoundError, ExportError, GraphError
from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "SCHEMA",
    "TABLES",
    "write_sqlite",
    "read_sqlite",
    "components",
    "connect",
    "claim_from_rows",
    "concept_from_row",
    "source_from_row",
]

log = logging.getLogger(__name__)

FORMAT = "evidence-graph-store"
FORMAT_VERSION = 4  # 3: links and nodes (the path search's adjacency); 4: concepts.n_claims

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sources (
    source_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE concepts (
    concept_id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    category TEXT NOT NULL,
    display TEXT NOT NULL,
    description TEXT NOT NULL,
    discovered INTEGER NOT NULL,
    synonyms TEXT NOT NULL,
    xrefs TEXT NOT NULL,
    parents TEXT NOT NULL,
    n_sources INTEGER NOT NULL,
    mentions INTEGER,
    organization_id TEXT NOT NULL,
    finding TEXT NOT NULL,
    n_claims INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE concept_names (
    name TEXT PRIMARY KEY,
    concept_id TEXT NOT NULL REFERENCES concepts (concept_id)
) WITHOUT ROWID;
CREATE TABLE claims (
    claim_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL REFERENCES concepts (concept_id),
    subject_label TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL REFERENCES concepts (concept_id),
    object_label TEXT NOT NULL,
    polarity TEXT NOT NULL,
    certainty TEXT NOT NULL,
    support INTEGER NOT NULL,
    cited INTEGER NOT NULL,
    n_evidence INTEGER NOT NULL,
    quantities TEXT NOT NULL,
    sources TEXT NOT NULL,
    score REAL NOT NULL,
    position INTEGER NOT NULL,
    belief REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE evidence (
    evidence_id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (claim_id),
    source_id TEXT NOT NULL REFERENCES sources (source_id),
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    section TEXT NOT NULL,
    certainty TEXT NOT NULL,
    attribution TEXT NOT NULL,
    quantity TEXT NOT NULL,
    subject_text TEXT NOT NULL,
    object_text TEXT NOT NULL,
    subject_start INTEGER,
    subject_end INTEGER,
    object_start INTEGER,
    object_end INTEGER,
    cue TEXT NOT NULL,
    evidence_type TEXT NOT NULL,
    study_role TEXT NOT NULL,
    supports INTEGER NOT NULL
);
CREATE TABLE studies (
    study_id TEXT NOT NULL REFERENCES concepts (concept_id),
    organization_id TEXT NOT NULL REFERENCES concepts (concept_id),
    PRIMARY KEY (study_id, organization_id)
) WITHOUT ROWID;
CREATE TABLE findings (
    study_id TEXT PRIMARY KEY REFERENCES concepts (concept_id),
    finding TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE study_records (
    study_id TEXT PRIMARY KEY REFERENCES concepts (concept_id),
    label TEXT NOT NULL,
    organization TEXT NOT NULL,
    design TEXT NOT NULL,
    population TEXT NOT NULL,
    sample_size TEXT NOT NULL,
    duration TEXT NOT NULL,
    intervention TEXT NOT NULL,
    outcome TEXT NOT NULL,
    finding TEXT NOT NULL,
    result TEXT NOT NULL,
    sources TEXT NOT NULL,
    role TEXT NOT NULL,
    investigates TEXT NOT NULL,
    claims TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE mentions (
    source_id TEXT NOT NULL REFERENCES sources (source_id),
    concept_id TEXT NOT NULL REFERENCES concepts (concept_id),
    count INTEGER,
    listed INTEGER NOT NULL,
    PRIMARY KEY (source_id, concept_id)
) WITHOUT ROWID;
CREATE TABLE curation (
    position INTEGER PRIMARY KEY,
    decision_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL,
    note TEXT NOT NULL,
    curator TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE curation_marks (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    curator TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    PRIMARY KEY (kind, id, position)
) WITHOUT ROWID;
CREATE TABLE links (
    node TEXT NOT NULL,
    rank INTEGER NOT NULL,
    neighbor TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    score REAL NOT NULL,
    polarity TEXT NOT NULL,
    support INTEGER NOT NULL,
    certainty TEXT NOT NULL,
    PRIMARY KEY (node, rank)
) WITHOUT ROWID;
CREATE TABLE nodes (
    node TEXT PRIMARY KEY,
    degree INTEGER NOT NULL,
    best REAL NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE evidence_fts USING fts5 (
    sentence, content='evidence', content_rowid='evidence_id', tokenize='porter unicode61'
);
"""

# Created after the rows are in (faster than keeping them up to date row by row).
INDEXES = """
CREATE INDEX concepts_label ON concepts (label);
CREATE INDEX concepts_category ON concepts (category);
CREATE INDEX concepts_by_claims ON concepts (n_claims DESC, coalesce(mentions, 0) DESC, label, concept_id);
CREATE INDEX claims_subject ON claims (subject, predicate);
CREATE INDEX claims_object ON claims (object, predicate);
CREATE INDEX claims_predicate ON claims (predicate, certainty, polarity);
CREATE INDEX evidence_claim ON evidence (claim_id);
CREATE INDEX evidence_source ON evidence (source_id);
CREATE INDEX evidence_attribution ON evidence (attribution);
CREATE INDEX mentions_concept ON mentions (concept_id);
"""

TABLES = ("meta", "sources", "concepts", "concept_names", "claims", "evidence", "studies", "findings", "mentions",
          "curation", "curation_marks", "study_records", "links", "nodes")

_EVIDENCE_COLUMNS = (
    "claim_id, source_id, sentence, start, \"end\", section, certainty, attribution, quantity, "
    "subject_text, object_text, subject_start, subject_end, object_start, object_end, cue, "
    "evidence_type, study_role, supports"
)


def _json(values: Iterable[str]) -> str:
    return orjson.dumps(list(values)).decode("utf-8")


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (None, None) if span is None else (span[0], span[1])


def evidence_key(claim_id: str, ev: Evidence) -> int:
    """The ``evidence_id`` of one sentence behind a claim: a 63-bit number from the claim's id and
    the sentence's source and span (unique per claim: :class:`~graph.model.Claim` keeps one
    occurrence per span), so it does not depend on the other rows: a store updated in place
    numbers its rows as one written whole.

    >>> evidence_key("6180859989e387a8", Evidence("a", "Ketamine eases pain.", 0, 20))
    9208484223904604883
    """
    text = f"{claim_id}\x1f{ev.source_id}\x1f{ev.start}\x1f{ev.end}"
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") >> 1


class StoreRows:
    """The store's rows of one graph, table by table: all of them (a store written whole) or those
    of some keys (a store updated in place, :mod:`graph.export.store_update`); the same code makes
    both, so an updated store holds the rows of one written whole."""

    def __init__(self, graph: EvidenceGraph):
        from graph.strength.belief import beliefs_of

        self.graph = graph
        self.beliefs = beliefs_of(graph)
        self._facts: dict[str, tuple[int, str, bool]] = {}

    def facts(self, claim: Claim) -> tuple[int, str, bool]:
        """(support, certainty, cited) of a claim."""
        from graph.query import _claim_facts

        known = self._facts.get(claim.id)
        if known is None:
            known = self._facts[claim.id] = _claim_facts(claim)
        return known

    def source(self, s: Source) -> tuple:
        return (s.id, s.title, s.publisher, s.url, s.kind, s.date, s.path, s.sha256, s.text)

    def concept(self, c: Concept, n_claims: int) -> tuple:
        """The row of concept ``c``, in ``n_claims`` claims (:meth:`EvidenceGraph.claim_counts`)."""
        graph = self.graph
        study = c.category == "Study"
        return (c.id, c.label, c.category, c.display, c.description, int(c.discovered), _json(c.synonyms),
                _json(c.xrefs), _json(c.parents), len(graph.concept_sources.get(c.id, ())),
                graph.concept_mentions.get(c.id), graph.organization_of(c.id) if study else "",
                graph.findings.get(c.id, "") if study else "", n_claims)

    def concepts(self) -> Iterator[tuple]:
        claim_counts = self.graph.claim_counts()
        for c in self.graph.concepts.values():
            yield self.concept(c, claim_counts.get(c.id, 0))

    def names(self) -> list[tuple[str, str]]:
        from graph.query import concept_names

        return sorted(concept_names(self.graph.concepts.values()).items())

    def claim(self, c: Claim, position: int) -> tuple:
        from graph.query import _belief_score as hop

        s, o = self.graph.concepts.get(c.subject), self.graph.concepts.get(c.object)
        sources = sorted({e.source_id for e in c.evidence})
        quantities = sorted({e.quantity for e in c.evidence if e.quantity})
        support, certainty, cited = self.facts(c)
        belief = self.beliefs[c.id]
        return (c.id, c.subject, s.label if s else c.subject, c.predicate, c.object, o.label if o else c.object,
                c.polarity, certainty, support, int(cited), len(c.evidence), _json(quantities),
                _json(sources), hop(belief, c.polarity), position, belief)

    def claims(self) -> Iterator[tuple]:
        """Every claim's row, in the table's order (by id), made as it is read (the claims are
        sorted, not their rows: a store of half a million claims does not hold every row at once)."""
        order = sorted(range(len(self.graph.claims)), key=list(self.graph.claims).__getitem__)
        claims = list(self.graph.claims.values())
        for position in order:
            yield self.claim(claims[position], position)

    def evidence(self, claims: Iterable[Claim]) -> list[tuple]:
        """The evidence rows of ``claims``, in the table's order (by :func:`evidence_key`); two
        sentences given one key is an :class:`ExportError`."""
        return list(self.evidence_rows(claims))

    def evidence_rows(self, claims: Iterable[Claim]) -> Iterator[tuple]:
        """The rows of :meth:`evidence`, made one at a time as they are read: only the keys and the
        order are held (a 20-column row per sentence of the whole graph would be hundreds of MB)."""
        owners: list[Claim] = []
        sentences: list[Evidence] = []
        keys: list[int] = []
        for c in claims:
            for e in c.evidence:
                owners.append(c)
                sentences.append(e)
                keys.append(evidence_key(c.id, e))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        last = None
        for i in order:
            key, c, e = keys[i], owners[i], sentences[i]
            if last is not None and keys[last] == key:
                raise ExportError(f"two evidence sentences share the id {key} (claims {owners[last].id} and {c.id}); "
                                  "please report it")
            last = i
            yield (key, c.id, e.source_id, e.sentence, e.start, e.end, e.section, e.certainty,
                   e.attribution, e.quantity, e.subject_text, e.object_text, *_span(e.subject_span),
                   *_span(e.object_span), e.cue, e.evidence_type, e.study_role, int(e.supports))

    def study_records(self) -> Iterator[tuple]:
        from graph.strength.studies import STUDY_COLUMNS, study_records as records

        for record in records(self.graph):
            row = record.row()
            yield tuple(row[c] for c in STUDY_COLUMNS)

    def mentions(self, source_ids: Iterable[str] | None = None) -> list[list]:
        """The mention rows of the sources ``source_ids`` (all: ``None``), in the table's order."""
        return list(self.mention_rows(source_ids))

    def mention_rows(self, source_ids: Iterable[str] | None = None) -> Iterator[list]:
        """The rows of :meth:`mentions`, made source by source as they are read: ``[source, concept,
        count (None when the concept is listed for the source without being named in it), listed]``,
        by source then concept."""
        graph = self.graph
        wanted = None if source_ids is None else set(source_ids)
        listed: dict[str, list[str]] = {}  # source -> the concepts listed for it
        for cid, sids in graph.concept_sources.items():
            for sid in sids if wanted is None else wanted.intersection(sids):
                listed.setdefault(sid, []).append(cid)
        counted = graph.source_mentions
        for sid in sorted({*(s for s in counted if wanted is None or s in wanted), *listed}):
            counts = counted.get(sid, {})
            listing = set(listed.pop(sid, ()))
            for cid in sorted(listing.union(counts)):
                yield [sid, cid, counts.get(cid), 1 if cid in listing else 0] if cid in counts else [sid, cid, None, 1]

    def links(self, nodes: Iterable[str] | None = None) -> tuple[list[tuple], list[tuple]]:
        """The path search's adjacency (graph.query.claim_edges) of the concepts ``nodes`` (all:
        ``None``): their ``links`` rows, each node's edges in graph.query.edge_order, numbered, and
        their ``nodes`` rows; nodes in id order."""
        wanted = None if nodes is None else set(nodes)
        heads: list[tuple] = []
        links = list(self._link_rows(self._adjacency(wanted), heads))
        return links, heads

    def _adjacency(self, wanted: set[str] | None) -> dict[str, list]:
        """Concept -> its edges (graph.query.claim_edges) of the claims with an end in ``wanted`` (all: ``None``)."""
        from graph.query import _belief_score as hop, claim_edges

        adjacency: dict[str, list] = {}
        for c in self.graph.claims.values():
            if wanted is not None and c.subject not in wanted and c.object not in wanted:
                continue
            support, certainty, cited = self.facts(c)
            for node, edge in claim_edges(c.id, c.subject, c.object, c.predicate, c.polarity, support, certainty,
                                          cited, score=hop(self.beliefs[c.id], c.polarity)):
                if wanted is None or node in wanted:
                    adjacency.setdefault(node, []).append(edge)
        return adjacency

    def link_rows(self) -> tuple[Iterator[tuple], list[tuple]]:
        """The ``links`` rows of every concept as :meth:`links` gives them, made node by node as they are
        read (each node's edges let go once its rows are made), and the list of ``nodes`` rows they
        fill as they go (whole once the rows are read)."""
        heads: list[tuple] = []
        return self._link_rows(None, heads), heads

    def _link_rows(self, adjacency: dict[str, list] | None, heads: list[tuple]) -> Iterator[tuple]:
        from graph.query import edge_order

        if adjacency is None:
            adjacency = self._adjacency(None)
        for node in sorted(adjacency):
            edges = adjacency.pop(node)
            edges.sort(key=edge_order)
            yield from ((node, rank, e.neighbor, e.claim_id, e.direction, e.score, e.polarity, e.support, e.certainty)
                        for rank, e in enumerate(edges))
            heads.append((node, len(edges), edges[0].score))

    def curation(self) -> tuple[list[tuple], list[tuple]]:
        from graph.curation import store_rows

        return store_rows(self.graph)

    def tables(self) -> Iterator[tuple[str, Iterable[tuple]]]:
        """Every table's rows but ``meta``'s, table by table in the order they are inserted: (table,
        its rows). Each table's rows are made when it is reached and read as they are made (the
        store of 10,000 articles has over a million ``links`` rows and half a million claims: held
        all at once beside the graph, their tuples came to hundreds of MB)."""
        graph = self.graph
        curation_rows, mark_rows = self.curation()
        yield "curation", curation_rows
        yield "curation_marks", mark_rows
        yield "sources", (self.source(s) for s in graph.sources.values())
        yield "concepts", self.concepts()
        yield "concept_names", self.names()
        yield "claims", self.claims()
        yield "evidence", self.evidence_rows(graph.claims.values())
        yield "studies", graph.study_links
        yield "findings", graph.findings.items()
        yield "mentions", self.mention_rows()
        yield "study_records", self.study_records()
        links, heads = self.link_rows()
        yield "links", links
        yield "nodes", heads
        self._facts.clear()  # counted for the claims' and the links' rows; nothing after them needs it

    def meta(self) -> dict[str, str]:
        """``meta`` but its ``stats`` (counted in SQL once the rows are in: :func:`graph.store.count_stats`)."""
        from graph.export.identifiers import grounding_stats

        graph = self.graph
        meta = {"format": FORMAT, "format_version": str(FORMAT_VERSION), "whole_graph": _whole_graph_figures(graph),
                "grounding": json.dumps(grounding_stats(graph), sort_keys=True)}
        curation = getattr(graph, "curation", None)
        if curation:
            meta["curation"] = json.dumps({"path": curation.path, "sha256": curation.sha256}, sort_keys=True)
        return meta


_INSERTS = {
    "sources": "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "concepts": "INSERT INTO concepts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "concept_names": "INSERT INTO concept_names VALUES (?, ?)",
    "claims": "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "evidence": f"INSERT INTO evidence (evidence_id, {_EVIDENCE_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "studies": "INSERT INTO studies VALUES (?, ?)",
    "findings": "INSERT INTO findings VALUES (?, ?)",
    "mentions": "INSERT INTO mentions VALUES (?, ?, ?, ?)",
    "curation": "INSERT INTO curation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "curation_marks": "INSERT INTO curation_marks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "study_records": "INSERT INTO study_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "links": "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "nodes": "INSERT INTO nodes VALUES (?, ?, ?)",
}


def components(pairs: Iterable[tuple[str, str]]) -> int:
    """The number of connected components of the graph of ``pairs`` (union-find, no networkx).

    >>> components([("a", "b"), ("b", "c"), ("d", "e")])
    2
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return sum(1 for x in parent if parent[x] == x)


def _whole_graph_figures(graph: EvidenceGraph) -> str:
    """The figures of ``stats`` that need the whole graph at once: disagreements and components."""
    from graph.query import contradictions

    pairs = ((c.subject, c.object) for c in graph.claims.values() if c.subject != c.object)
    return json.dumps({"components": components(pairs), "contradictions": len(contradictions(graph))})


def write_sqlite(graph: EvidenceGraph, path: Path, *, base: Any = None, **options: Any) -> None:
    """Write the store atomically: a temporary file beside ``path``, one transaction, then a rename.

    The figures of :func:`graph.query.stats` that need the whole graph at once (connected
    components, contradictions) are counted from the graph, the others in SQL once the rows
    are in; all are kept in ``meta``, so ``stats`` reads one row. ``base``: the last build's
    store (a :class:`graph.export.store_update.StoreBase`), updated in place of writing the
    store whole when it is what it says. Unknown ``options`` are ignored.
    """
    if base is not None:
        from graph.export.store_update import update_sqlite

        if update_sqlite(graph, path, base):
            return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp_name, isolation_level=None)
        try:
            # A fresh file that is renamed only when complete: no journal needed.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA page_size = 8192")
            db.executescript(SCHEMA)
            db.execute("BEGIN")
            rows = StoreRows(graph)
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(rows.meta().items()))
            for table, table_rows in rows.tables():
                db.executemany(_INSERTS[table], table_rows)
            for statement in INDEXES.strip().splitlines():
                db.execute(statement)
            from graph.store import count_stats  # the store's reader; imported here (it imports this module)

            db.execute("INSERT INTO meta VALUES ('stats', ?)", (json.dumps(count_stats(db)),))
            db.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild')")
            db.execute("COMMIT")
            db.execute("ANALYZE")
        finally:
            db.close()
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
    except sqlite3.Error as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise ExportError(f"could not write {target}: {error}") from error
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Open a store read-only (its format checked); a missing or foreign file is a :class:`GraphError`."""
    path = Path(path)
    if not path.is_file():
        raise BuildNotFoundError(
            f"no store at {path}; build one with: python build_graph.py --sources sources --out {path.parent}")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('format', 'format_version')"))
    except sqlite3.Error as error:
        raise GraphError(f"{path}: not a readable graph store ({error})") from error
    if meta.get("format") == FORMAT and meta.get("format_version") != str(FORMAT_VERSION):
        db.close()
        raise GraphError(f"{path}: a store of format version {meta.get('format_version')}, written by another version; "
                         f"this one reads format {FORMAT_VERSION}: rebuild it (python build_graph.py --sources SOURCES "
                         f"--out {path.parent})")
    if meta.get("format") != FORMAT:
        db.close()
        raise GraphError(f"{path}: not a graph store of format version {FORMAT_VERSION}; rebuild it")
    return db


def source_from_row(row: tuple, *, with_text: bool = True) -> Source:
    """A :class:`Source` from a ``sources`` row (``source_id, title, publisher, url, kind, date, path[, sha256, text]``)."""
    sid, title, publisher, url, kind, date, spath = row[:7]
    text = row[8] if with_text and len(row) > 8 else ""
    return Source(sid, text, title=title, publisher=publisher, url=url, kind=kind, path=spath, date=date)


CONCEPT_SELECT = ("SELECT concept_id, label, category, display, description, discovered, synonyms, xrefs, parents, "
                  "mentions, organization_id, finding FROM concepts")


def concept_from_row(row: tuple) -> Concept:
    """A :class:`Concept` from a row of :data:`CONCEPT_SELECT`."""
    cid, label, category, display, description, discovered, synonyms, xrefs, parents = row[:9]
    return Concept(cid, label, category, tuple(json.loads(synonyms)), tuple(json.loads(xrefs)),
                   tuple(json.loads(parents)), bool(discovered), display, description)


EVIDENCE_SELECT = f"SELECT {_EVIDENCE_COLUMNS} FROM evidence"
CLAIM_SELECT = "SELECT claim_id, subject, predicate, object, polarity FROM claims"


def evidence_from_row(row: tuple) -> Evidence:
    """An :class:`Evidence` from a row of ``EVIDENCE_SELECT``."""
    (_, source_id, sentence, start, end, section, certainty, attribution, quantity, subject_text, object_text,
     s_start, s_end, o_start, o_end, cue, evidence_type, study_role, supports) = row
    return Evidence(source_id, sentence, start, end, section, certainty, attribution, quantity, subject_text,
                    object_text, None if s_start is None else (s_start, s_end),
                    None if o_start is None else (o_start, o_end), cue, evidence_type, study_role, bool(supports))


def claim_from_rows(claim_row: tuple, evidence_rows: Iterable[tuple]) -> Claim:
    """A :class:`Claim` from a row of ``CLAIM_SELECT`` and its rows of ``EVIDENCE_SELECT``."""
    _, subject, predicate, obj, polarity = claim_row
    claim = Claim.__new__(Claim)
    # The stored claim is already canonical (symmetric ends sorted, evidence sorted): set the
    # fields directly rather than re-running __post_init__'s normalisation on every claim.
    evidence = tuple(sorted((evidence_from_row(r) for r in evidence_rows), key=Evidence.sort_key))
    for name, value in (("subject", subject), ("predicate", predicate), ("object", obj), ("polarity", polarity),
                        ("evidence", evidence)):
        object.__setattr__(claim, name, value)
    if not evidence:
        raise GraphError(f"claim {claim_row[0]} has no evidence in the store")
    return claim


def read_claims(db: sqlite3.Connection, where: str = "", params: Iterable[Any] = ()) -> list[Claim]:
    """Claims (with all their evidence) whose ``claims`` row matches ``where`` (an SQL condition)."""
    condition = f" WHERE {where}" if where else ""
    rows = db.execute(f"{CLAIM_SELECT}{condition} ORDER BY position", tuple(params)).fetchall()
    if not rows:
        return []
    by_claim: dict[str, list[tuple]] = {r[0]: [] for r in rows}
    if len(rows) > 500 or not where:
        ev_rows = db.execute(
            f"{EVIDENCE_SELECT} WHERE claim_id IN (SELECT claim_id FROM claims{condition})", tuple(params))
    else:
        marks = ",".join("?" * len(rows))
        ev_rows = db.execute(f"{EVIDENCE_SELECT} WHERE claim_id IN ({marks})", [r[0] for r in rows])
    for row in ev_rows:
        by_claim[row[0]].append(row)
    return [claim_from_rows(r, by_claim[r[0]]) for r in rows]


def read_sqlite(path: Path) -> EvidenceGraph:
    """Load the whole graph from a store written by :func:`write_sqlite`."""
    db = connect(path)
    try:
        sources = [source_from_row(r) for r in db.execute(
            "SELECT source_id, title, publisher, url, kind, date, path, sha256, text FROM sources")]
        concept_rows = db.execute(CONCEPT_SELECT).fetchall()
        concepts = [concept_from_row(r) for r in concept_rows]
        concept_mentions = {r[0]: r[9] for r in concept_rows if r[9] is not None}
        claims = read_claims(db)
        study_links = db.execute("SELECT study_id, organization_id FROM studies").fetchall()
        findings = dict(db.execute("SELECT study_id, finding FROM findings"))
        concept_sources: dict[str, list[str]] = {}
        source_mentions: dict[str, dict[str, int]] = {}
        for sid, cid, count, listed in db.execute("SELECT source_id, concept_id, count, listed FROM mentions"):
            if listed:
                concept_sources.setdefault(cid, []).append(sid)
            if count is not None:
                source_mentions.setdefault(sid, {})[cid] = count
        from graph.curation import read_stored_curation

        curation = read_stored_curation(db)
    except sqlite3.Error as error:
        raise GraphError(f"{path}: not a readable graph store ({error})") from error
    finally:
        db.close()
    return EvidenceGraph(
        curation=curation,
        sources=sources,
        concepts=concepts,
        claims=claims,
        study_links=study_links,
        findings=findings,
        concept_sources=concept_sources,
        concept_mentions=concept_mentions,
        source_mentions=source_mentions,
    )
