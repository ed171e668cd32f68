"""The last build's store brought up to date: only the rows of what changed are written again.

A rebuild after one changed article changes a few hundred rows of a store of hundreds of
thousands. :func:`update_sqlite` copies the last build's ``graph.sqlite`` (checking, while it
copies, that the file is the one the last build wrote: its SHA-256), and in that copy, in one
transaction, deletes and inserts the rows of

- the sources that changed, were added or removed, and their ``mentions``;
- the claims whose object changed (identity first, then equality: :mod:`graph.reassemble`
  keeps the objects no change touched), with their ``evidence`` and its full-text index, and
  the ``links`` and ``nodes`` of their ends; a claim whose belief or ends' labels changed gets
  its row again, one whose place in the canonical order moved its ``position``;
- in the small tables (concepts and their names, studies, findings, study records, curation),
  every row that differs from the stored one (made whole, compared row by row);
- ``meta``: the contradictions counted again over the pairs of concepts the changed claims link,
  the components and the grounding figures again, and the SQL counts of ``stats``.

Every row comes from the code that writes a store whole (:class:`~graph.export.sqlite.StoreRows`),
and every key of a row is a function of its content (evidence ids too: :func:`evidence_key`), so
the updated store holds exactly the rows of one written whole (``tests/test_store_update.py``
compares them table by table). Its bytes differ (SQLite places rows by the order of the writes,
and the full-text index keeps its segments): a store's equality is that of its rows.

When nothing a row shows changed, the copy is the last build's store, bytes and all. The copy is
renamed over the target only when complete, as :func:`~graph.export.sqlite.write_sqlite` does; a
base that is not what it should be (another file, another format) gives ``False`` and the caller
writes the store whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export.sqlite import FORMAT, FORMAT_VERSION, _INSERTS, StoreRows, _umask, components

__all__ = ["StoreBase", "update_sqlite"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreBase:
    """A store a build may update rather than write whole: its file, the SHA-256 the last build's
    manifest gives it, the graph it was written from and that graph's beliefs."""

    path: Path
    sha256: str
    graph: EvidenceGraph
    beliefs: Mapping[str, float]


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b


def _copy(source: Path, target: str, sha256: str) -> bool:
    """Copy ``source`` to ``target`` (in the kernel); whether the copy's SHA-256 is ``sha256``."""
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() == sha256


def _sync(db: sqlite3.Connection, table: str, keys: int, rows: Iterable[tuple]) -> int:
    """Make ``table`` hold exactly ``rows`` (its first ``keys`` columns its primary key): the rows
    that differ from the stored ones are deleted and inserted. The number of rows changed."""
    columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    key_columns = columns[:keys]
    stored = {row[:keys]: row for row in db.execute(f"SELECT {', '.join(_quoted(c) for c in columns)} FROM {table}")}
    wanted = {tuple(row[:keys]): tuple(row) for row in rows}
    gone = [key for key in stored if key not in wanted]
    changed = [row for key, row in wanted.items() if stored.get(key) != row]
    where = " AND ".join(f"{_quoted(c)} = ?" for c in key_columns)
    db.executemany(f"DELETE FROM {table} WHERE {where}", gone + [row[:keys] for row in changed if row[:keys] in stored])
    db.executemany(_INSERTS[table], changed)
    return len(gone) + len(changed)


def _sync_some(db: sqlite3.Connection, table: str, key: str, wanted: set[str], rows: Iterable[tuple]) -> int:
    """Make the rows of ``table`` whose primary key ``key`` is among ``wanted`` exactly ``rows`` (those of
    ``wanted`` that should be there). The number of rows changed."""
    columns = ", ".join(_quoted(r[1]) for r in db.execute(f"PRAGMA table_info({table})"))
    ids = sorted(wanted)
    stored = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        stored.update((row[0], row) for row in db.execute(
            f"SELECT {columns} FROM {table} WHERE {key} IN ({', '.join('?' * len(chunk))})", chunk))
    rows = {row[0]: tuple(row) for row in rows}
    changed = [row for k, row in rows.items() if stored.get(k) != row]
    gone = [k for k in stored if k not in rows]
    replaced = [r[0] for r in changed if r[0] in stored]
    db.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(k,) for k in gone + replaced])
    db.executemany(_INSERTS[table], changed)
    return len(changed) + len(gone)


def _counted(claim) -> list[str]:
    """The concepts whose ``n_claims`` counts ``claim`` (:meth:`EvidenceGraph.claim_counts`)."""
    from graph.model import UNATTRIBUTED

    ends = [claim.subject] + ([claim.object] if claim.object != claim.subject else [])
    return ends + sorted({e.attribution for e in claim.evidence if e.attribution and e.attribution != UNATTRIBUTED})


def _quoted(column: str) -> str:
    return f'"{column}"'


def _contradictions(graph: EvidenceGraph, pairs: set[frozenset[str]]) -> int:
    """The number of contradictions between the claims of the pairs of concepts ``pairs``
    (:func:`graph.query.contradictions` looks at the claims of one pair at a time)."""
    from graph.query import contradictions

    claims = {cid: c for cid, c in graph.claims.items() if frozenset((c.subject, c.object)) in pairs}
    part = EvidenceGraph.from_parts(
        sources=graph.sources, concepts=graph.concepts, claims=claims, study_links=graph.study_links,
        findings=graph.findings, concept_sources=graph.concept_sources, concept_mentions=graph.concept_mentions,
        source_mentions=graph.source_mentions, curation=getattr(graph, "curation", None))
    return len(contradictions(part))


def _apply(db: sqlite3.Connection, old: EvidenceGraph, new: EvidenceGraph,
           beliefs: Mapping[str, float]) -> dict[str, int]:
    """Bring the store of ``old`` (whose claims' beliefs are ``beliefs``) up to ``new``; the number
    of rows written, by table."""
    rows = StoreRows(new)
    done: dict[str, int] = {}

    # Sources.
    dirty_sources = {sid for sid in old.sources.keys() | new.sources.keys()
                     if not _same(old.sources.get(sid), new.sources.get(sid))}
    db.executemany("DELETE FROM sources WHERE source_id = ?", [(sid,) for sid in sorted(dirty_sources)])
    db.executemany(_INSERTS["sources"], [rows.source(new.sources[sid]) for sid in sorted(dirty_sources)
                                         if sid in new.sources])
    done["sources"] = len(dirty_sources)

    # Claims, their evidence (and its full-text index).
    old_claim = old.claims.get
    changed = {cid for cid, c in new.claims.items() if (o := old_claim(cid)) is not c and o != c}
    changed |= old.claims.keys() - new.claims.keys()
    # The rows of the other claims hold what they had (the store was written from ``old``), but
    # for their belief, their ends' labels (when a concept changed) and their place in the order.
    positions = {cid: i for i, cid in enumerate(old.claims)}
    relabelled = {cid for cid in old.concepts.keys() | new.concepts.keys()
                  if not _same(old.concepts.get(cid), new.concepts.get(cid))
                  and _label(old, cid) != _label(new, cid)}
    rewrite, moved, rescored = [], [], set()
    for position, claim in enumerate(new.claims.values()):
        if claim.id in changed:
            rewrite.append(rows.claim(claim, position))
            continue
        if beliefs.get(claim.id) != rows.beliefs[claim.id]:
            rescored.add(claim.id)
            rewrite.append(rows.claim(claim, position))
        elif relabelled and (claim.subject in relabelled or claim.object in relabelled):
            rewrite.append(rows.claim(claim, position))
        elif positions[claim.id] != position:
            moved.append((position, claim.id))
    db.executemany("DELETE FROM claims WHERE claim_id = ?",
                   [(cid,) for cid in sorted(changed - new.claims.keys())] + [(row[0],) for row in rewrite])
    db.executemany(_INSERTS["claims"], rewrite)
    db.executemany("UPDATE claims SET position = ? WHERE claim_id = ?", moved)
    done["claims"] = len(rewrite) + len(moved) + len(changed - new.claims.keys())

    old_evidence = []
    for cid in sorted(changed & old.claims.keys()):
        old_evidence += db.execute("SELECT evidence_id, sentence FROM evidence WHERE claim_id = ?", (cid,)).fetchall()
    db.executemany("INSERT INTO evidence_fts (evidence_fts, rowid, sentence) VALUES ('delete', ?, ?)", old_evidence)
    db.executemany("DELETE FROM evidence WHERE evidence_id = ?", [(eid,) for eid, _ in old_evidence])
    new_evidence = rows.evidence(new.claims[cid] for cid in sorted(changed & new.claims.keys()))
    db.executemany(_INSERTS["evidence"], new_evidence)
    db.executemany("INSERT INTO evidence_fts (rowid, sentence) VALUES (?, ?)", [(r[0], r[3]) for r in new_evidence])
    done["evidence"] = len(old_evidence) + len(new_evidence)

    # The path search's adjacency of every concept a changed or rescored claim links.
    nodes = {end for cid in changed | rescored for g in (old, new) if cid in g.claims
             for end in (g.claims[cid].subject, g.claims[cid].object)}
    db.executemany("DELETE FROM links WHERE node = ?", [(n,) for n in sorted(nodes)])
    db.executemany("DELETE FROM nodes WHERE node = ?", [(n,) for n in sorted(nodes)])
    links, heads = rows.links(nodes)
    db.executemany(_INSERTS["links"], links)
    db.executemany(_INSERTS["nodes"], heads)
    done["links"] = len(links)

    # Mentions of every source whose mentions or concepts' sources changed.
    mentioned = set(dirty_sources)
    mentioned |= {sid for sid in old.source_mentions.keys() | new.source_mentions.keys()
                  if not _same(old.source_mentions.get(sid), new.source_mentions.get(sid))}
    for cid in old.concept_sources.keys() | new.concept_sources.keys():
        a, b = old.concept_sources.get(cid, ()), new.concept_sources.get(cid, ())
        if not _same(a, b):
            mentioned |= set(a) ^ set(b)
    db.executemany("DELETE FROM mentions WHERE source_id = ?", [(sid,) for sid in sorted(mentioned)])
    mention_rows = rows.mentions(mentioned)
    db.executemany(_INSERTS["mentions"], mention_rows)
    done["mentions"] = len(mention_rows)

    # Concepts: the rows of those whose concept, sources, mentions, claims, study links or finding
    # changed; their claim counts are the stored ones plus what the changed claims add and take.
    changed_concepts = {cid for cid in old.concepts.keys() | new.concepts.keys()
                        if not _same(old.concepts.get(cid), new.concepts.get(cid))}
    counts: dict[str, int] = {}
    for g, step in ((old, -1), (new, 1)):
        for cid in changed:
            if cid in g.claims:
                for concept_id in _counted(g.claims[cid]):
                    counts[concept_id] = counts.get(concept_id, 0) + step
    touched = changed_concepts | set(counts)
    touched |= {cid for cid in old.concept_sources.keys() | new.concept_sources.keys()
                if not _same(old.concept_sources.get(cid), new.concept_sources.get(cid))}
    touched |= {cid for cid in old.concept_mentions.keys() | new.concept_mentions.keys()
                if old.concept_mentions.get(cid) != new.concept_mentions.get(cid)}
    touched |= {s for s in old.findings.keys() | new.findings.keys() if old.findings.get(s) != new.findings.get(s)}
    touched |= {s for s, _ in set(old.study_links) ^ set(new.study_links)}
    if touched:
        stored_counts = dict(db.execute(f"SELECT concept_id, n_claims FROM concepts WHERE concept_id IN "
                                        f"(SELECT value FROM json_each(?))", (json.dumps(sorted(touched)),)))
        done["concepts"] = _sync_some(db, "concepts", "concept_id", touched, (
            rows.concept(new.concepts[cid], stored_counts.get(cid, 0) + counts.get(cid, 0))
            for cid in sorted(touched) if cid in new.concepts))

    # The small tables, made whole and compared (the names only when a concept changed).
    concepts_changed = bool(changed_concepts)
    curation_rows, mark_rows = rows.curation()
    for table, keys, table_rows in (("concept_names", 1, rows.names() if concepts_changed else None),
                                    ("studies", 2, new.study_links), ("findings", 1, new.findings.items()),
                                    ("study_records", 1, rows.study_records()), ("curation", 1, curation_rows),
                                    ("curation_marks", 3, mark_rows)):
        if table_rows is not None:
            done[table] = _sync(db, table, keys, table_rows)

    # meta: the whole-graph figures, counted again over what changed.
    figures = dict(db.execute("SELECT key, value FROM meta"))
    whole = json.loads(figures["whole_graph"])
    pairs = {frozenset((g.claims[cid].subject, g.claims[cid].object)) for cid in changed for g in (old, new)
             if cid in g.claims}
    if pairs:
        whole["contradictions"] += _contradictions(new, pairs) - _contradictions(old, pairs)
    if new.claims.keys() != old.claims.keys():  # a claim's ends are its id's: the same ids, the same components
        whole["components"] = components((c.subject, c.object) for c in new.claims.values() if c.subject != c.object)
    meta = {"format": FORMAT, "format_version": str(FORMAT_VERSION), "whole_graph": json.dumps(whole)}
    if concepts_changed:
        from graph.export.identifiers import grounding_stats

        meta["grounding"] = json.dumps(grounding_stats(new), sort_keys=True)
    else:
        meta["grounding"] = figures["grounding"]
    curation = getattr(new, "curation", None)
    if curation:
        meta["curation"] = json.dumps({"path": curation.path, "sha256": curation.sha256}, sort_keys=True)
    db.execute("DELETE FROM meta")
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    from graph.store import count_stats  # the store's reader; imported here (it imports the writer)

    db.execute("INSERT INTO meta VALUES ('stats', ?)", (json.dumps(count_stats(db)),))
    return done


def _same_dict(a: Mapping, b: Mapping) -> bool:
    return a is b or (a.keys() == b.keys() and all((x := a[k]) is v or x == v for k, v in b.items()))


def unchanged(old: EvidenceGraph, new: EvidenceGraph, old_beliefs: Mapping[str, float]) -> bool:
    """Whether the store of ``new`` holds exactly the rows of the store of ``old`` (whose beliefs
    were ``old_beliefs``): nothing changed that a row shows."""
    from graph.curation import store_rows
    from graph.strength.belief import beliefs_of

    return (all(_same_dict(getattr(old, part), getattr(new, part)) for part in (
        "sources", "claims", "concepts", "findings", "concept_sources", "concept_mentions", "source_mentions"))
        and old.study_links == new.study_links and store_rows(old) == store_rows(new)
        and _same_dict(old_beliefs, beliefs_of(new)))


def _label(graph: EvidenceGraph, concept_id: str) -> str:
    concept = graph.concepts.get(concept_id)
    return concept.label if concept else concept_id


def update_sqlite(graph: EvidenceGraph, path: str | os.PathLike, base: StoreBase) -> bool:
    """Write the store of ``graph`` at ``path`` by updating a copy of ``base`` (see the module's
    docstring); ``False``, with nothing written, when ``base`` is not the store it names (its
    digest or format differ). A failure while updating is an :class:`ExportError`, the target
    untouched."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        if not _copy(Path(base.path), tmp_name, base.sha256):
            log.info("%s is not the store the last build wrote: writing the store whole", base.path)
            os.unlink(tmp_name)
            return False
        db = sqlite3.connect(tmp_name, isolation_level=None)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('format', 'format_version')"))
            if meta != {"format": FORMAT, "format_version": str(FORMAT_VERSION)}:
                log.info("%s is a store of another format: writing the store whole", base.path)
                db.close()
                os.unlink(tmp_name)
                return False
            if unchanged(base.graph, graph, base.beliefs):
                done = {}  # the last build's store as it is: the same bytes
            else:
                # A copy renamed over the target only when complete: no journal needed.
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                db.execute("BEGIN")
                done = _apply(db, base.graph, graph, base.beliefs)
                db.execute("COMMIT")
                db.execute("ANALYZE")
        finally:
            db.close()
        log.info("store updated in place: %s", ", ".join(f"{n} {table}" for table, n in done.items() if n)
                 or "nothing changed")
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
        return True
    except sqlite3.Error as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise ExportError(f"could not write {target}: {error}") from error
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
