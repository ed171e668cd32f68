"""``claims.csv`` of a rebuild made from the last build's: the rows of unchanged claims copied as bytes.

A claim's rows in ``claims.csv`` are a function of the claim, its ends' labels and categories,
its belief and the curation marks on it. Asked to (``index``), the writer notes where each
claim's rows start in the file and how long they are, with the file's SHA-256 and the token of
the kept assembly it was written from (:mod:`graph.assembly_state`), in an index file in the
cache. A rebuild given the last build's file and graph (``base``) copies the bytes of every claim
for which none of that changed and writes the others anew, so the file has the bytes of one
written whole (``tests/test_store_update.py`` compares them); a base whose file, index or graph do
not match is ignored and the file written whole.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import logging
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.errors import GraphError
from graph.evidence_graph import EvidenceGraph
from graph.fileio import atomic_write, atomic_write_bytes

__all__ = ["ClaimsBase", "write_claims_indexed"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimsBase:
    """The last build's ``claims.csv``: its file, its index, the kept assembly's token it was written
    from, and that assembly's graph and beliefs."""

    path: Path
    index: Path
    token: str
    graph: EvidenceGraph
    beliefs: Mapping[str, float]


def _read_base(base: ClaimsBase) -> tuple[bytes, dict[str, tuple[int, int]]] | None:
    """The base file's bytes and offsets, when the index is that of this file and of the base's graph."""
    try:
        index = pickle.loads(Path(base.index).read_bytes())
        data = Path(base.path).read_bytes()
    except Exception as error:  # a missing or damaged index only costs writing the file whole
        log.info("no usable index of %s (%s): writing claims.csv whole", base.path, error)
        return None
    if not (isinstance(index, dict) and index.get("token") == base.token
            and index.get("sha256") == hashlib.sha256(data).hexdigest() and isinstance(index.get("offsets"), dict)):
        log.info("%s is not the claims.csv the kept assembly wrote: writing it whole", base.path)
        return None
    return data, index["offsets"]


def write_claims_indexed(graph: EvidenceGraph, path: str | os.PathLike, *, index: str | os.PathLike, token: str,
                         base: ClaimsBase | None = None, columns: tuple[str, ...], cells) -> int:
    """Write ``claims.csv`` claim by claim (``cells(claim)``: its rows' cells), copying from ``base``
    the rows of the claims whose rows cannot have changed; keep the index of the file written at
    ``index`` (with ``token``). The number of claims whose rows were copied."""
    from graph.strength.belief import beliefs_of

    old = _read_base(base) if base is not None else None
    beliefs = beliefs_of(graph)
    marks = graph.curation.claims if getattr(graph, "curation", None) else {}
    if old is not None:
        old_marks = base.graph.curation.claims if getattr(base.graph, "curation", None) else {}
        concepts, old_concepts = graph.concepts, base.graph.concepts
        ends_changed = {cid for cid, c in concepts.items() if (o := old_concepts.get(cid)) is not c and (
            o is None or (o.label, o.category) != (c.label, c.category))}
        data, offsets = old
        view = memoryview(data)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    digest = hashlib.sha256()
    where: dict[str, tuple[int, int]] = {}
    position = copied = 0
    with atomic_write(path, "wb") as out:

        def emit(chunk) -> None:
            nonlocal position
            out.write(chunk)
            digest.update(chunk)
            position += len(chunk)

        writer.writerow(columns)
        emit(buffer.getvalue().encode("utf-8"))
        run: list[int] | None = None  # [start, end] in the base of the claims copied next, in one piece
        run_at = 0  # where that piece goes
        if old is not None:
            old_claims, old_beliefs, no_offsets = base.graph.claims.get, base.beliefs.get, (-1, 0)
            get_offsets = offsets.get
        for cid, claim in graph.claims.items():
            if old is not None and old_claims(cid) is claim and old_beliefs(cid) == beliefs[cid] \
                    and (start_length := get_offsets(cid, no_offsets))[0] >= 0 \
                    and claim.subject not in ends_changed and claim.object not in ends_changed \
                    and (not marks and not old_marks or old_marks.get(cid) == marks.get(cid)):
                start, length = start_length
                if run is None or run[1] != start:
                    if run is not None:
                        emit(view[run[0]:run[1]])
                    run, run_at = [start, start], position
                run[1] = start + length
                where[cid] = (run_at + start - run[0], length)
                copied += 1
                continue
            if run is not None:
                emit(view[run[0]:run[1]])
                run = None
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(cells(claim))
            chunk = buffer.getvalue().encode("utf-8")
            where[cid] = (position, len(chunk))
            emit(chunk)
        if run is not None:
            emit(view[run[0]:run[1]])
    if old is not None:
        log.info("claims.csv: the rows of %d of %d claims copied from the last build's", copied, len(graph.claims))
    record = {"token": token, "sha256": digest.hexdigest(), "offsets": where}
    try:
        atomic_write_bytes(index, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except (OSError, GraphError) as error:
        log.info("the index of %s cannot be kept (%s): the next build writes it whole", path, error)
        with contextlib.suppress(OSError):
            os.unlink(index)
    return copied
