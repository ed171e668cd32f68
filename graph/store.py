"""Questions answered from the store (``OUT/graph.sqlite``), reading only the rows they need.

:mod:`graph.query` asks questions of a whole :class:`~graph.evidence_graph.EvidenceGraph`.
On a large build, loading the whole graph costs more than any question, so these
functions read from the store just what a question rests on (the claims about one
concept for its neighbours, one claim for its evidence, for a path search the ``links``
of the concepts the search reaches, then the claims of the paths found) into a small
EvidenceGraph and ask :mod:`graph.query` the same question of it: the answers are those
of the whole graph.

>>> import tempfile, pathlib
>>> from graph.export.sqlite import write_sqlite
>>> from graph import query
>>> g = query.example_graph()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.sqlite"
>>> write_sqlite(g, path)
>>> with Store(path) as store:
...     [str(p) for p in paths(store, "ketamine", "PTSD", limit=2)]
['ketamine -treats-> ptsd', 'ketamine -treats-> chronic pain -causes-> ptsd']
>>> with Store(path) as store:
...     [(hit.source_id, hit.predicate, hit.object) for hit in search(store, "NMDA", concept="ketamine")]
[('ketamine-for-pain', 'inhibits', 'nmda receptor'), ('ketamine-for-pain', 'inhibits', 'central sensitization'), ('ketamine-for-ptsd', 'inhibits', 'nmda receptor')]
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.errors import ClaimNotFoundError, GraphError, QueryError
from graph.evidence_graph import EvidenceGraph
from graph.export.sqlite import CONCEPT_SELECT, concept_from_row, connect, read_claims, source_from_row
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, Claim, Concept, Evidence


class _Query:
    """:mod:`graph.query`, imported on first use: ``neighbors`` (from the links) and ``search`` do not
    need its questions, and importing them all costs a whole-process question about 0.1 s."""

    def __getattr__(self, name: str) -> Any:
        from graph import query as module

        globals()["query"] = module  # later uses find the module itself
        return getattr(module, name)


query: Any = _Query()

__all__ = [
    "STORE_NAME",
    "Store",
    "store_path",
    "SearchHit",
    "stats",
    "neighbors",
    "neighbor_rows",
    "paths",
    "evidence",
    "evidence_page",
    "claims",
    "search",
    "find_concept",
    "concept_table",
    "concept_rows",
    "count_stats",
]

STORE_NAME = "graph.sqlite"


def store_path(where: str | os.PathLike) -> Path | None:
    """The store of a build folder (or a ``.sqlite`` file itself), or ``None`` if there is none.

    >>> store_path("/nonexistent") is None
    True
    """
    from graph.buildset import settle

    where = Path(where)
    folder = where.parent if where.suffix == ".sqlite" else where
    if folder.is_dir():
        settle(folder)  # a build installing its outputs is waited for, a killed one finished first
    if where.suffix == ".sqlite":
        return where if where.is_file() else None
    candidate = where / STORE_NAME
    return candidate if candidate.is_file() else None


class Store:
    """A store opened read-only; use as a context manager (or call :meth:`close`)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.db: sqlite3.Connection = connect(self.path)
        self._near_goal_of = None  # the path index whose goal's neighbours the temporary table holds

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise GraphError(f"{self.path}: {error}") from error

    # -- records ------------------------------------------------------------------------------

    def concepts(self, ids: Iterable[str] | None = None) -> dict[str, Concept]:
        if ids is None:
            rows = self._rows(CONCEPT_SELECT)
        else:
            ids = sorted(set(ids))
            rows = [r for chunk in _chunks(ids) for r in
                    self._rows(f"{CONCEPT_SELECT} WHERE concept_id IN ({_marks(chunk)})", chunk)]
        return {r[0]: concept_from_row(r) for r in rows}

    def sources(self, ids: Iterable[str] | None = None) -> list:
        """Sources without their text (metadata only), all or those of ``ids``."""
        select = "SELECT source_id, title, publisher, url, kind, date, path FROM sources"
        if ids is None:
            rows = self._rows(select)
        else:
            ids = sorted(set(ids))
            rows = [r for chunk in _chunks(ids) for r in self._rows(f"{select} WHERE source_id IN ({_marks(chunk)})", chunk)]
        return [source_from_row(r, with_text=False) for r in rows]

    def claims(self, where: str = "", params: Iterable[Any] = ()) -> list[Claim]:
        """Claims with all their evidence whose ``claims`` row matches the SQL condition ``where``."""
        try:
            return read_claims(self.db, where, params)
        except sqlite3.Error as error:
            raise GraphError(f"{self.path}: {error}") from error

    def subgraph(self, claims: Iterable[Claim], concept_ids: Iterable[str] = (), *, all_sources: bool = False) -> EvidenceGraph:
        """A small EvidenceGraph of ``claims``: their ends, the studies behind them and their
        organizations, the named ``concept_ids``, and the sources of their evidence."""
        claims = list(claims)
        wanted = set(concept_ids)
        source_ids = set()
        for c in claims:
            wanted.update((c.subject, c.object))
            for e in c.evidence:
                source_ids.add(e.source_id)
                if e.attribution and e.attribution != "unattributed":  # backing or only investigating
                    wanted.add(e.attribution)
        studies = list(wanted)
        links = [r for chunk in _chunks(sorted(studies)) for r in
                 self._rows(f"SELECT study_id, organization_id FROM studies WHERE study_id IN ({_marks(chunk)})", chunk)]
        findings = [r for chunk in _chunks(sorted(studies)) for r in
                    self._rows(f"SELECT study_id, finding FROM findings WHERE study_id IN ({_marks(chunk)})", chunk)]
        wanted.update(org for _, org in links)
        concepts = self.concepts(wanted)
        return EvidenceGraph(
            sources=self.sources(None if all_sources else source_ids),
            concepts=concepts.values(),
            claims=claims,
            study_links=links,
            findings=findings,
        )

    def narrower_ids(self, concept_id: str) -> list[str]:
        """Every concept under ``concept_id`` (vocabulary parents, affirmed subclass_of claims), as
        :func:`graph.hierarchy.narrower` finds them, read level by level."""
        found: list[str] = []
        seen = {concept_id}
        level = [concept_id]
        while level:
            nxt = []
            for parent in level:
                rows = self._rows("SELECT concept_id FROM concepts, json_each(concepts.parents) WHERE json_each.value = ?",
                                  (parent,))
                rows += self._rows("SELECT subject FROM claims WHERE predicate = 'subclass_of' AND polarity = 'affirmed' "
                                   "AND object = ?", (parent,))
                for (child,) in rows:
                    if child not in seen:
                        seen.add(child)
                        nxt.append(child)
            found += sorted(nxt)
            level = sorted(nxt)
        return found

    # -- names ------------------------------------------------------------------------------

    def concept_id(self, name: str) -> str:
        """The concept id of a name, read as :func:`graph.query.find_concept` reads it."""
        from graph.questions.index import _fold

        rows = self._rows("SELECT concept_id FROM concept_names WHERE name = ?", (_fold(name),))
        if rows:
            return rows[0][0]
        # Not a stored name: the vocabulary's spelling variants, or an error with suggestions.
        return query.find_concept(EvidenceGraph(concepts=self.concepts().values()), name).id

    def claim_id(self, claim_id: str) -> str:
        """A claim id from an id or a unique prefix of at least 4 characters (as :func:`graph.query.resolve_claim`)."""
        claim_id = str(claim_id).strip()
        if self._rows("SELECT 1 FROM claims WHERE claim_id = ?", (claim_id,)):
            return claim_id
        if len(claim_id) >= 4:
            found = self._rows("SELECT claim_id FROM claims WHERE claim_id >= ? AND claim_id < ? LIMIT 2",
                               (claim_id, claim_id + "\U0010ffff"))
            if len(found) == 1:
                return found[0][0]
            if len(found) > 1:
                (n,), = self._rows("SELECT count(*) FROM claims WHERE claim_id >= ? AND claim_id < ?",
                                   (claim_id, claim_id + "\U0010ffff"))
                raise ClaimNotFoundError(f"claim id prefix {claim_id!r} is ambiguous ({n} claims)")
        raise ClaimNotFoundError(f"no claim with id {claim_id!r}")

    def source_id(self, name: str) -> str:
        """A source id from an id, unique prefix or title (as :func:`graph.query.find_source`)."""
        if self._rows("SELECT 1 FROM sources WHERE source_id = ?", (name,)):
            return name
        return query.find_source(EvidenceGraph(sources=self.sources()), name).id

    # -- the path search's adjacency (the links and nodes tables) ------------------------------

    def path_index(self, start: str | None = None, goal: str | None = None, max_hops: int = 3):
        """The search index of :func:`graph.query.ranked_paths`, read from the ``links`` table (no evidence).

        For paths of at most 3 hops between ``start`` and ``goal``, a :class:`_PathIndex`: the
        links of ``goal`` are read at once, those of any other concept only when the search
        reaches it, best hop first and only as far as the search goes. Otherwise (``max_hops``
        above 3: the search prunes with hop distances over the whole graph) every link is read.
        """
        (n_concepts,), = self._rows("SELECT count(*) FROM concepts")
        (n_claims,), = self._rows("SELECT count(*) FROM claims")
        if start is None or goal is None or max_hops > 3:
            rows = self._iter(f"SELECT node, {_LINK} FROM links ORDER BY node, rank")
            return query.index_from_edges({}, ((r[0], _edge(r[1:])) for r in rows), n_claims, n_concepts)
        return _PathIndex(self, start, goal, max_hops, n_claims, n_concepts)

    def _iter(self, sql: str, params: Iterable[Any] = ()):
        """The rows of a query, fetched a few at a time as they are consumed."""
        try:
            cursor = self.db.execute(sql, tuple(params))
            size = 16
            while rows := cursor.fetchmany(size):
                yield from rows
                size = min(size * 2, 1024)
        except sqlite3.Error as error:
            raise GraphError(f"{self.path}: {error}") from error

    def _stream(self, sql: str, params: Iterable[Any]):
        """Edges of ``links`` rows, read as they are consumed."""
        return map(_edge, self._iter(sql, params))


# The columns of a ``links`` row that make an edge of the path search (graph.query._Edge).
_LINK = "neighbor, claim_id, direction, score, polarity, support, certainty"
_MIRROR = {"forward": "backward", "backward": "forward", "symmetric": "symmetric"}


def _edge(row: tuple, intern=sys.intern):
    """An edge of the path search from the columns :data:`_LINK` of a ``links`` row. The names and
    words are interned: a whole-graph index holds each concept's id once, not once per link."""
    neighbor, claim_id, direction, score, polarity, support, certainty = row
    return query._Edge(intern(neighbor), None, intern(direction), score, claim_id, support, intern(certainty),
                       intern(polarity))


class _PathIndex:
    """The index :func:`graph.query.ranked_paths` searches for one question (paths of at most
    3 hops from ``start`` to ``goal``), answered from the store's ``links`` and ``nodes`` as the
    search asks, so that it takes exactly the turns it takes over the whole graph's index:

    - ``pairs[goal]``: the goal's links, read at once; ``pairs[b][goal]`` from them, seen from ``b``;
    - ``pairs[u][b]`` for another concept ``u``: ``u``'s links to ``b``, read for a run of the
      goal's neighbours at a time (best first: the order the search asks them in);
    - ``adjacency[u]``: ``u``'s links best first (``rank``), read as the search walks them (it
      stops at its bound). For the start of a 3-hop search every link; for any other concept
      only those to the goal's neighbours: with at most 3 hops, the search walks the
      adjacency of a concept other than the start only to complete a path ``u -> b -> goal``
      (``two_hops``), where it skips every other neighbour;
    - ``degrees[u]`` and ``best_incident[u]``: the ``nodes`` row of ``u``.
    """

    def __init__(self, store: Store, start: str, goal: str, max_hops: int, n_claims: int, n_concepts: int) -> None:
        if max_hops > 3:
            raise ValueError("a path index read by need serves searches of at most 3 hops")
        self.store, self.start, self.goal, self.max_hops = store, start, goal, max_hops
        self.n_claims, self.n_concepts, self.names = n_claims, n_concepts, {}
        goal_pairs: dict[str, list] = {}
        self.to_goal: dict[str, list] = {}  # b -> the edges b -> goal, seen from b, best first
        for row in store._rows(f"SELECT {_LINK} FROM links WHERE node = ? ORDER BY rank", (goal,)):
            edge = _edge(row)
            goal_pairs.setdefault(edge.neighbor, []).append(edge)
            if edge.neighbor != goal:
                self.to_goal.setdefault(edge.neighbor, []).append(query._Edge(
                    goal, None, _MIRROR[edge.direction], edge.score, edge.claim_id, edge.support, edge.certainty,
                    edge.polarity))
        # The goal's neighbours in the order the search asks for them (its best edge first).
        self.near = sorted(self.to_goal, key=lambda b: (-self.to_goal[b][0].score, b))
        self.position = {b: i for i, b in enumerate(self.near)}
        self._figures: dict[str, tuple[int, float] | None] = {}
        self._pairs: dict[str, _NodePairs] = {}
        self.pairs = _Pairs(self, goal_pairs)
        self.adjacency = _Adjacency(self)
        self.degrees = _Degrees(self)
        self.best_incident = _BestIncident(self)

    def figures(self, node: str) -> tuple[int, float] | None:
        """(degree, best hop score) of a concept, None when it has no links."""
        if node not in self._figures:
            rows = self.store._rows("SELECT degree, best FROM nodes WHERE node = ?", (node,))
            self._figures[node] = rows[0] if rows else None
        return self._figures[node]

    def node_pairs(self, node: str) -> "_NodePairs":
        found = self._pairs.get(node)
        if found is None:
            found = self._pairs[node] = _NodePairs(self, node)
        return found

    def edges(self, node: str):
        """``node``'s links best first, all of them for the start of a 3-hop search, else those to the goal's neighbours."""
        if node == self.start and self.max_hops == 3:
            return self.store._stream(f"SELECT {_LINK} FROM links WHERE node = ? ORDER BY rank", (node,))
        if not self.near:
            return iter(())
        if self.store._near_goal_of is not self:  # the table may hold another search's
            db = self.store.db
            try:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS path_near_goal (node TEXT PRIMARY KEY) WITHOUT ROWID")
                db.execute("DELETE FROM path_near_goal")
                db.executemany("INSERT INTO path_near_goal VALUES (?)", ((b,) for b in self.near))
            except sqlite3.Error as error:
                raise GraphError(f"{self.store.path}: {error}") from error
            self.store._near_goal_of = self
        # ``+neighbor``: walk the node's links in rank order (streamed), testing each against the table.
        return self.store._stream(f"SELECT {_LINK} FROM links WHERE node = ? "
                                  "AND +neighbor IN (SELECT node FROM temp.path_near_goal) ORDER BY rank", (node,))


class _Pairs:
    """``pairs`` of a :class:`_PathIndex`: concept -> its neighbours' edges (a :class:`_NodePairs`)."""

    def __init__(self, index: _PathIndex, goal_pairs: dict[str, list]) -> None:
        self.index, self.goal_pairs = index, goal_pairs

    def get(self, node: str, default: Any = None):
        return self.goal_pairs if node == self.index.goal else self.index.node_pairs(node)

    __getitem__ = get


class _NodePairs:
    """One concept's neighbours -> its edges to them, best first, read by need."""

    def __init__(self, index: _PathIndex, node: str) -> None:
        self.index, self.node = index, node
        self.known: dict[str, list] = {}
        self.chunk = 32

    def edges_to(self, other: str) -> list:
        index = self.index
        if other == index.goal:
            return index.to_goal.get(self.node, [])
        if other in self.known:
            return self.known[other]
        at = index.position.get(other)
        wanted = [other] if at is None else [b for b in index.near[at:at + self.chunk] if b not in self.known]
        if at is not None:
            self.chunk = min(self.chunk * 2, 512)
        for b in wanted:
            self.known[b] = []
        # (a walk of the node's links in the table's order, each tested against the list, in SQLite)
        rows = index.store._rows(f"SELECT {_LINK} FROM links WHERE node = ? AND neighbor IN ({_marks(wanted)}) "
                                 "ORDER BY rank", (self.node, *wanted))
        for row in rows:
            edge = _edge(row)
            self.known[edge.neighbor].append(edge)
        return self.known[other]

    def get(self, other: str, default: Any = None):
        return self.edges_to(other) or default

    def __contains__(self, other: str) -> bool:
        return bool(self.edges_to(other))

    def __getitem__(self, other: str) -> list:
        edges = self.edges_to(other)
        if not edges:
            raise KeyError(other)
        return edges


class _Adjacency:
    """``adjacency`` of a :class:`_PathIndex` (see :meth:`_PathIndex.edges`)."""

    def __init__(self, index: _PathIndex) -> None:
        self.index = index

    def get(self, node: str, default: Any = None):
        return self.index.edges(node)


class _Degrees:
    """``degrees`` of a :class:`_PathIndex`: a concept's number of adjacency entries in the whole graph."""

    def __init__(self, index: _PathIndex) -> None:
        self.index = index

    def get(self, node: str, default: Any = None) -> int:
        figures = self.index.figures(node)
        return figures[0] if figures else 0


class _BestIncident:
    """``best_incident`` of a :class:`_PathIndex`: a concept's best hop score in the whole graph."""

    def __init__(self, index: _PathIndex) -> None:
        self.index = index

    def get(self, node: str, default: Any = None) -> float:
        figures = self.index.figures(node)
        return figures[1] if figures else default


def _marks(items: list) -> str:
    return ",".join("?" * len(items))


def _chunks(items: list, size: int = 900) -> Iterable[list]:
    """Slices short enough for SQLite's limit on bound parameters."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _named(graph: EvidenceGraph, concept_id: str) -> str:
    """A name that means ``concept_id`` in ``graph`` (its label unless another concept takes it)."""
    concept = graph.concepts[concept_id]
    for name in (concept.label, concept.display, concept.id):
        if name:
            try:
                if query.find_concept(graph, name).id == concept_id:
                    return name
            except GraphError:
                continue
    raise QueryError(f"concept {concept_id!r} has no name of its own in the store")


# -- questions -----------------------------------------------------------------------------------


def find_concept(store: Store, name: str) -> Concept:
    """The concept a name means (see :func:`graph.query.find_concept`)."""
    concept_id = store.concept_id(name)
    return store.concepts([concept_id])[concept_id]


_CONCEPT_ROW = "concept_id, label, category, synonyms, n_sources, coalesce(mentions, 0), n_claims"

# The orders of ``python -m graph concepts --sort``, each ending with the concept id (the order of
# a stable sort from id order). ``claims`` is served by the index ``concepts_by_claims``.
CONCEPT_ORDERS = {
    "claims": "n_claims DESC, coalesce(mentions, 0) DESC, label, concept_id",
    "mentions": "coalesce(mentions, 0) DESC, n_claims DESC, label, concept_id",
    "label": "label, concept_id",
    "category": "CASE category {} ELSE {} END, n_claims DESC, label, concept_id".format(
        " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(CATEGORIES)), len(CATEGORIES)),
}


def _concept_dict(row: tuple) -> dict[str, Any]:
    cid, label, category, synonyms, n_sources, mentions, n_claims = row
    return {"concept_id": cid, "label": label, "category": category, "synonyms": json.loads(synonyms),
            "n_sources": n_sources, "mentions": mentions, "claims": n_claims}


def concept_table(store: Store) -> list[dict[str, Any]]:
    """Every concept with its number of distinct claims, sources and mentions (the columns of
    ``python -m graph concepts``), in id order, as counted when the store was written."""
    return [_concept_dict(r) for r in store._rows(f"SELECT {_CONCEPT_ROW} FROM concepts ORDER BY concept_id")]


def concept_rows(store: Store, *, sort: str = "claims", categories: Iterable[str] | None = None,
                 text: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of ``python -m graph concepts``: concepts of ``categories`` whose label, id or a
    synonym contains ``text`` (folded as :func:`graph.query.find_concept` folds names), in the order
    ``sort`` (a key of :data:`CONCEPT_ORDERS`), at most ``limit``. Read in that order from SQL and
    stopped at the limit: the first 20 of the busiest concepts read 20 rows of an index."""
    if sort not in CONCEPT_ORDERS:
        raise QueryError(f"unknown sort {sort!r}; known: {', '.join(CONCEPT_ORDERS)}")
    sql, params = f"SELECT {_CONCEPT_ROW} FROM concepts", []
    if categories is not None:
        categories = sorted(set(categories))
        sql += f" WHERE category IN ({_marks(categories)})"
        params += categories
    sql += f" ORDER BY {CONCEPT_ORDERS[sort]}"
    if text is None and limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    if text is None:
        return [_concept_dict(r) for r in store._rows(sql, params)]
    key, found = query._fold(text), []
    fold = query._fold
    for row in store._iter(sql, params):
        cid, label, synonyms = row[0], row[1], row[3]
        if key in fold(label) or key in fold(cid) or any(key in fold(s) for s in json.loads(synonyms)):
            found.append(_concept_dict(row))
            if limit and len(found) >= limit:
                break
    return found


def stats(store: Store) -> dict[str, Any]:
    """:func:`graph.query.stats` of the stored graph: counted in SQL when the store was written
    (:func:`count_stats`), or now if the store predates that."""
    rows = store._rows("SELECT value FROM meta WHERE key = 'stats'")
    if rows:
        return json.loads(rows[0][0])
    try:
        return count_stats(store.db)
    except sqlite3.Error as error:
        raise GraphError(f"{store.path}: {error}") from error


def grounding(store: Store) -> dict[str, dict[str, Any]] | None:
    """:func:`graph.export.identifiers.grounding_stats` of the stored graph, as written (None if the
    store predates it)."""
    rows = store._rows("SELECT value FROM meta WHERE key = 'grounding'")
    return json.loads(rows[0][0]) if rows else None


def count_stats(db: sqlite3.Connection) -> dict[str, Any]:
    """:func:`graph.query.stats` from a store's rows, with SQL counts; the connected components and
    contradictions, which need the whole graph, are read from ``meta`` (``whole_graph``)."""
    from graph.model import UNATTRIBUTED
    from graph.strength.evidence_types import EVIDENCE_TYPES

    one = lambda sql, params=(): db.execute(sql, params).fetchone()[0]  # noqa: E731
    rows = db.execute("SELECT value FROM meta WHERE key = 'whole_graph'").fetchall()
    if not rows:
        raise GraphError("the store lacks its whole-graph figures; rebuild it")
    whole = json.loads(rows[0][0])

    def by(table: str, column: str, order: Iterable[str]) -> dict[str, int]:
        counts = dict(db.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}").fetchall())
        return {value: counts[value] for value in order if counts.get(value)}

    n_concepts = one("SELECT count(*) FROM concepts")
    linked = one("SELECT count(*) FROM (SELECT subject FROM claims WHERE subject != object "
                 "UNION SELECT object FROM claims WHERE subject != object)")
    return {
        "sources": one("SELECT count(*) FROM sources"),
        "concepts": n_concepts,
        "claims": one("SELECT count(*) FROM claims"),
        "evidence": one("SELECT count(*) FROM evidence"),
        "concepts_by_category": by("concepts", "category", CATEGORIES),
        "claims_by_predicate": by("claims", "predicate", PREDICATES),
        "claims_by_polarity": by("claims", "polarity", POLARITIES),
        "claims_by_certainty": by("claims", "certainty", CERTAINTIES),
        "cited_claims": one("SELECT count(*) FROM claims WHERE cited"),
        "unattributed_claims": one("SELECT count(*) FROM claims WHERE NOT cited AND claim_id IN "
                                   "(SELECT claim_id FROM evidence WHERE attribution = ?)", (UNATTRIBUTED,)),
        "multi_source_claims": one("SELECT count(*) FROM claims WHERE support > 1"),
        "claims_with_quantity": one("SELECT count(*) FROM claims WHERE quantities != '[]'"),
        "studies": one("SELECT count(*) FROM concepts WHERE category = 'Study'"),
        "linked_concepts": linked,
        "isolated_concepts": n_concepts - linked,
        "components": whole["components"],
        "contradictions": whole["contradictions"],
        "evidence_per_source": dict(db.execute(
            "SELECT source_id, count(*) FROM evidence GROUP BY source_id ORDER BY source_id").fetchall()),
        "evidence_by_type": by("evidence", "evidence_type", EVIDENCE_TYPES),
        "evidence_not_support": one("SELECT count(*) FROM evidence WHERE NOT supports"),
    }


def neighbors(store: Store, name: str, **filters: Any) -> tuple[EvidenceGraph, Concept, list[query.Neighbor]]:
    """:func:`graph.query.neighbors` reading only the claims about the concept: (graph read, concept, neighbours)."""
    concept_id = store.concept_id(name)
    ids = [concept_id] + (store.narrower_ids(concept_id) if filters.get("narrower") else [])
    marks = _marks(ids)
    graph = store.subgraph(store.claims(f"subject IN ({marks}) OR object IN ({marks})", ids + ids), ids)
    return graph, graph.concepts[concept_id], query.neighbors(graph, _named(graph, concept_id), **filters)


_PREDICATE_ORDER = {p: i for i, p in enumerate(PREDICATES)}
_DIRECTION_NAMES = {"forward": "out", "backward": "in", "symmetric": "both"}


def neighbor_rows(store: Store, name: str, *, predicate: Any = None, direction: str = "both", category: Any = None,
                  certainty: str | None = None, polarity: str | None = None,
                  min_support: int = 0) -> tuple[Concept, list[dict[str, Any]]]:
    """The rows of ``python -m graph neighbors`` (without ``--narrower``) from the concept's ``links``
    rows, their claims' rows and their neighbours' rows alone (no evidence read): (concept, rows).

    The rows and their order are those of :func:`neighbors` (:func:`graph.query.neighbors` over the
    claims read whole): a ``links`` row is the adjacency entry of that search (the claim's figures and
    hop score over the whole graph, as written), and ``belief`` is the claim's belief as written."""
    concept_id = store.concept_id(name)
    if direction not in ("both", "out", "in"):
        raise QueryError(f"direction must be both, out or in, not {direction!r}")
    concept = store.concepts([concept_id])[concept_id]
    from graph.questions.names import _choices

    predicates = _choices("predicate", predicate, PREDICATES)
    categories = _choices("category", category, CATEGORIES)
    certainties = _choices("certainty", certainty, CERTAINTIES)
    polarities = _choices("polarity", polarity, POLARITIES)
    kept = []
    for (neighbor, claim_id, edge_direction, score, edge_polarity, support, edge_certainty, claim_predicate,
         claim_polarity, claim_certainty, claim_support, cited, belief, label, other_category) in store._rows(
            "SELECT l.neighbor, l.claim_id, l.direction, l.score, l.polarity, l.support, l.certainty, c.predicate, "
            "c.polarity, c.certainty, c.support, c.cited, c.belief, n.label, n.category FROM links l "
            "JOIN claims c ON c.claim_id = l.claim_id JOIN concepts n ON n.concept_id = l.neighbor "
            "WHERE l.node = ? ORDER BY l.rank", (concept_id,)):
        d = _DIRECTION_NAMES[edge_direction]
        if direction != "both" and d not in (direction, "both"):
            continue
        if predicates and claim_predicate not in predicates:
            continue
        if categories and other_category not in categories:
            continue
        if certainties and edge_certainty not in certainties:
            continue
        if polarities and claim_polarity not in polarities:
            continue
        if support < min_support:
            continue
        key = (-round(score, 9), -support, _PREDICATE_ORDER[claim_predicate], label, claim_id)
        kept.append((key, {"direction": d, "predicate": claim_predicate, "neighbor": label, "category": other_category,
                           "polarity": claim_polarity, "certainty": claim_certainty, "support": claim_support,
                           "cited": bool(cited), "claim_id": claim_id, "belief": round(belief, 3)}))
    kept.sort(key=lambda item: item[0])
    return concept, [row for _, row in kept]


def paths(store: Store, source: str, target: str, *, max_hops: int = 3, skip_negated: bool = True,
          limit: int | None = 10, graph_out: list | None = None) -> list[query.Path]:
    """:func:`graph.query.paths` over the store's ``links``, read as the search reaches each concept
    (:meth:`Store.path_index`); only the claims of the paths found are read whole, with their evidence.

    ``graph_out``, if given, receives the small graph the paths were built from.
    """
    if not isinstance(max_hops, int) or not 1 <= max_hops <= 8:
        raise QueryError(f"max_hops must be between 1 and 8, not {max_hops!r}")
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit!r}")
    start, goal = store.concept_id(source), store.concept_id(target)
    if start == goal:
        raise QueryError(f"source and target are the same concept ({find_concept(store, source).label!r})")
    ranked = query.ranked_paths(store.path_index(start, goal, max_hops), start, goal, max_hops=max_hops,
                                skip_negated=skip_negated, limit=limit)
    claim_ids = sorted({e.claim_id for _, edges in ranked for e in edges})
    found = [c for chunk in _chunks(claim_ids) for c in store.claims(f"claim_id IN ({_marks(chunk)})", chunk)]
    graph = store.subgraph(found, [start, goal])
    if graph_out is not None:
        graph_out.append(graph)
    return query.materialize_paths(graph, start, ranked)


def evidence(store: Store, claim_id: str) -> tuple[EvidenceGraph, Claim, list[query.EvidenceRow]]:
    """:func:`graph.query.evidence` reading one claim: (graph read, claim, rows)."""
    cid = store.claim_id(claim_id)
    graph = store.subgraph(store.claims("claim_id = ?", (cid,)))
    return graph, graph.claims[cid], query.evidence(graph, cid)


# The columns of an evidence row that order a claim's sentences (Evidence.sort_key, then
# graph.query.best_first), without the sentence and its texts.
_ORDER_COLUMNS = ("evidence_id, source_id, start, \"end\", cue, subject_start, subject_end, object_start, object_end, "
                  "certainty, attribution, evidence_type, study_role, supports")


def evidence_page(store: Store, claim_id: str, limit: int | None = None) -> query.EvidencePage:
    """:func:`graph.query.evidence_page` from the store: the claim's figures from its ``claims`` row
    (belief as written, over the whole graph), its sentences ordered from the few columns the order
    needs, and only the ``limit`` first read whole (``None`` or 0: all)."""
    from graph.export.sqlite import EVIDENCE_SELECT, claim_from_rows, evidence_from_row

    cid = store.claim_id(claim_id)
    (subject, subject_label, predicate, obj, object_label, polarity, certainty, support, cited, quantities, sources,
     belief, total), = store._rows(
        "SELECT subject, subject_label, predicate, object, object_label, polarity, certainty, support, cited, "
        "quantities, sources, belief, n_evidence FROM claims WHERE claim_id = ?", (cid,))
    summary = {"claim_id": cid, "subject": subject_label, "predicate": predicate, "object": object_label,
               "polarity": polarity, "certainty": certainty, "support": support, "cited": bool(cited),
               "quantities": json.loads(quantities), "sources": json.loads(sources), "belief": round(belief, 3)}
    stubs = {}
    for (eid, source_id, start, end, cue, s_start, s_end, o_start, o_end, ev_certainty, attribution, evidence_type,
         study_role, supports) in store._rows(f"SELECT {_ORDER_COLUMNS} FROM evidence WHERE claim_id = ? "
                                              "ORDER BY evidence_id", (cid,)):
        stubs[eid] = Evidence(source_id, "", start, end, certainty=ev_certainty, attribution=attribution,
                              subject_span=None if s_start is None else (s_start, s_end),
                              object_span=None if o_start is None else (o_start, o_end), cue=cue,
                              evidence_type=evidence_type, study_role=study_role, supports=bool(supports))
    ids = {id(e): eid for eid, e in stubs.items()}
    order = [ids[id(e)] for e in query.best_first(sorted(stubs.values(), key=Evidence.sort_key))]
    shown = order[:limit] if limit else order
    full = {r[0]: r[1:] for chunk in _chunks(sorted(shown)) for r in store._rows(
        f"SELECT evidence_id, {EVIDENCE_SELECT.removeprefix('SELECT ')} WHERE evidence_id IN ({_marks(chunk)})", chunk)}
    if not full:
        raise GraphError(f"claim {cid} has no evidence in the store")
    claim = claim_from_rows((cid, subject, predicate, obj, polarity), [full[eid] for eid in shown])
    graph = store.subgraph([claim])  # the shown sentences' sources, studies and organizations
    evidence_shown = [evidence_from_row(full[eid]) for eid in shown]
    return query.EvidencePage(summary, total, query._rows_of(graph, claim, evidence_shown), graph)


def claims(store: Store, **filters: Any) -> tuple[EvidenceGraph, list[Claim]]:
    """:func:`graph.query.claims` reading only the claims that can match: (graph read, claims).

    The claim-level filters and the occurrence filters on sources and studies narrow
    the rows read in SQL; :func:`graph.query.claims` then applies every filter exactly.
    """
    unknown = [k for k in filters if k not in query.CLAIM_FILTERS]
    if unknown:
        raise QueryError(f"unknown claim filter {unknown[0]!r}; known: {', '.join(query.CLAIM_FILTERS)}")
    f = {k: v for k, v in filters.items() if v is not None and not (isinstance(v, (list, tuple, set)) and not v)}
    where: list[str] = []
    params: list[Any] = []
    named: set[str] = set()

    def among(column: str, values: Iterable[Any]) -> None:
        values = sorted(values)
        where.append(f"{column} IN ({_marks(values)})")
        params.extend(values)

    for key, column in (("subject", "subject"), ("object", "object"), ("concept", None)):
        if key in f:
            ids = {store.concept_id(str(v)) for v in query._as_set(f[key])}
            named |= ids
            f[key] = sorted(ids)
            if column:
                among(column, ids)
            else:
                values = sorted(ids)
                where.append(f"(subject IN ({_marks(values)}) OR object IN ({_marks(values)}))")
                params.extend(values + values)
    for key, allowed in (("predicate", PREDICATES), ("polarity", POLARITIES), ("certainty", CERTAINTIES)):
        chosen = query._choices(key, f.get(key), allowed)
        if chosen:
            among(key, chosen)
    for key in ("category", "categories", "subject_category", "object_category"):
        query._choices("category", f.get(key), CATEGORIES)  # checked before any rows are read
    if "claim_id" in f:
        ids = {store.claim_id(str(v)) for v in query._as_set(f["claim_id"])}
        f["claim_id"] = sorted(ids)
    if "min_support" in f:
        where.append("support >= ?")
        params.append(int(f["min_support"]))
    if "max_support" in f:
        where.append("support <= ?")
        params.append(int(f["max_support"]))
    cited = f.get("cited")
    if isinstance(cited, str):
        cited = cited.strip().lower() in ("1", "true", "yes", "cited")
    if cited is not None:
        where.append("cited = ?")
        params.append(int(bool(cited)))
    all_sources = "source_id" in f
    if all_sources:
        ids = sorted({store.source_id(str(v)) for v in query._as_set(f["source_id"])})
        f["source_id"] = ids
        where.append(f"claim_id IN (SELECT claim_id FROM evidence WHERE source_id IN ({_marks(ids)}))")
        params.extend(ids)
    if "attribution" in f:
        ids = set()
        for v in query._as_set(f["attribution"]):
            v = "" if v is None else str(v).strip()
            if v.lower() in ("", "none", "own"):
                ids.add("")
            elif v.lower() == query.UNATTRIBUTED:
                ids.add(query.UNATTRIBUTED)
            elif v.lower() in query.ANY_STUDY:  # any named study
                studies = [r[0] for r in store._rows("SELECT concept_id FROM concepts WHERE category = 'Study'")]
                ids.update(studies)
                named.update(studies)
            else:
                concept = find_concept(store, v)
                if concept.category != "Study":
                    raise QueryError(f"attribution {v!r} is a {concept.category}, not a Study")
                ids.add(concept.id)
                named.add(concept.id)
        f["attribution"] = sorted(ids)
        values = sorted(ids)
        where.append(f"claim_id IN (SELECT claim_id FROM evidence WHERE attribution IN ({_marks(values)}))")
        params.extend(values)
    if "claim_id" in f:  # named claims are read whatever else is asked: query.claims resolves their ids
        where, params = [f"claim_id IN ({_marks(f['claim_id'])})"], list(f["claim_id"])
    found = store.claims(" AND ".join(where), params)
    graph = store.subgraph(found, named, all_sources=all_sources)
    for key in ("subject", "object", "concept"):
        if key in f:
            f[key] = [_named(graph, cid) for cid in f[key]]
    return graph, query.claims(graph, **f)


@dataclass(frozen=True)
class SearchHit:
    """An evidence sentence that matches a full-text search, with its claim and source."""

    claim_id: str
    subject: str
    predicate: str
    object: str
    polarity: str
    certainty: str
    source_id: str
    source_title: str
    section: str
    start: int
    end: int
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def fts_query(text: str) -> str:
    """An FTS5 query from plain words: every word must occur (prefix match on a trailing ``*``).

    >>> fts_query('NMDA receptor')
    '"nmda" "receptor"'
    >>> fts_query('keta*')
    '"keta"*'
    """
    terms = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace('"', "")
        star = text[match.end():match.end() + 1] == "*"
        terms.append(f'"{word}"' + ("*" if star else ""))
    if not terms:
        raise QueryError(f"nothing to search for in {text!r}; give one or more words")
    return " ".join(terms)


def search(store: Store, text: str, *, concept: str | None = None, limit: int | None = None) -> list[SearchHit]:
    """Evidence sentences containing every word of ``text`` (stemmed: "inhibit" finds "inhibits"),
    best match first, each with its claim and source; ``concept`` keeps the claims about it.

    The matches are ranked and cut from the few columns the order needs; only the sentences kept
    are then read whole (with their claim's labels and their source's title)."""
    params: list[Any] = [fts_query(text)]
    if concept is None:
        sql = ("SELECT e.evidence_id FROM evidence_fts JOIN evidence e ON e.evidence_id = evidence_fts.rowid "
               "JOIN claims c ON c.claim_id = e.claim_id WHERE evidence_fts MATCH ?")
    else:  # the claims about the concept, from the indexes on subject and object
        concept_id = store.concept_id(concept)
        sql = ("SELECT e.evidence_id FROM evidence_fts JOIN evidence e ON e.evidence_id = evidence_fts.rowid "
               "WHERE evidence_fts MATCH ? AND e.claim_id IN (SELECT claim_id FROM claims WHERE subject = ? "
               "UNION ALL SELECT claim_id FROM claims WHERE object = ?)")
        params += [concept_id, concept_id]
    sql += " ORDER BY evidence_fts.rank, e.source_id, e.start, e.claim_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    order = [r[0] for r in store._rows(sql, params)]
    rows = {r[0]: r[1:] for chunk in _chunks(sorted(order)) for r in store._rows(
        "SELECT e.evidence_id, e.claim_id, c.subject_label, c.predicate, c.object_label, c.polarity, e.certainty, "
        "e.source_id, s.title, e.section, e.start, e.\"end\", e.sentence FROM evidence e "
        "JOIN claims c ON c.claim_id = e.claim_id LEFT JOIN sources s ON s.source_id = e.source_id "
        f"WHERE e.evidence_id IN ({_marks(chunk)})", chunk)}
    return [SearchHit(*r[:7], r[7] or "", *r[8:]) for r in (rows[eid] for eid in order)]


# Short reprs for the store and its hits (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(Store, SearchHit)
