"""What the last build assembled, kept beside the extraction cache for the next build.

A rebuild after one changed article would otherwise read every other article's extraction back
from the cache and assemble the whole graph again (seconds at 1,000 articles). Instead, a build
keeps its graph and what each article brought to it (:class:`~graph.reassemble.Contribution`) in
one file, and the next build assembles again only what the changed, added and removed articles
touch (:func:`graph.reassemble.reassemble`)::

    CACHE/assembly/<fingerprint>.pkl            the state, whole: graph before and after curation,
                                                each article's contribution, beliefs, study records
    CACHE/assembly/<fingerprint>.<token>.delta  what the build that started from state <token> changed
    CACHE/assembly/<fingerprint>.store          which store was written from the last state (JSON)
    CACHE/assembly/<fingerprint>.claims         where each claim's rows lie in the claims.csv written from it
    CACHE/assembly/<fingerprint>.layout         the last page's layout and what it was computed from

A build that started from a kept state keeps its own as a delta against it (a few hundred
kilobytes instead of tens of megabytes, :mod:`graph.assembly_journal`); loading applies the
deltas to the last whole copy in order, and every few builds the state is written whole again.

The fingerprint hashes the cache's namespace (extractor, vocabulary, parser and model versions)
and this package's code and rule files, so a changed line of code or a changed rule assembles
everything again (and the file of the old fingerprint is removed). The state is a pickle, as
trusted as the cache (only the build writes it); one that cannot be read is logged and the build
assembles everything, as without it. It is written atomically, after the graph it holds was
assembled, by whichever process has the time (the build's writers run side by side).

The ``.store`` file links the state to the store a build wrote from its final graph: the
state's token and the SHA-256 the build's manifest gives its ``graph.sqlite``. The next build
updates a copy of that store in place of writing it whole only when the link, the manifest and
the file's own digest agree (:mod:`graph.export.store_update`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import GraphError
from graph.evidence_graph import EvidenceGraph
from graph.fileio import atomic_write, atomic_write_bytes
from graph.reassemble import Contribution

__all__ = ["AssemblyState", "STATE_FOLDER", "fingerprint", "load_state", "save_state", "link_store", "linked_store",
           "claims_index", "page_layout"]

log = logging.getLogger(__name__)

STATE_FOLDER = "assembly"
_FORMAT = 1


@dataclass
class AssemblyState:
    """One build's assembly: enough for the next build to assemble only what changed."""

    order: list[str]  # the articles' ids in the build's order
    contributions: dict[str, Contribution]  # source id -> what it brought (with its cache key)
    graph: EvidenceGraph  # the assembled graph, before curation
    final: EvidenceGraph  # after curation (the graph the outputs were written from)
    beliefs: dict[str, float] | None = None  # claim id -> belief, of ``final`` (graph.strength.belief)
    records: tuple | None = None  # the studies' records of ``final`` (graph.strength.studies)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    journal: int = 0  # deltas applied since the last full copy (graph.assembly_journal)
    journal_bytes: int = 0  # their size
    base_bytes: int = 0  # the size of the last full copy

    def keys(self) -> dict[str, str]:
        return {sid: part.key for sid, part in self.contributions.items()}


@functools.lru_cache(maxsize=8)
def fingerprint(namespace: str) -> str:
    """A hash of the extraction cache's ``namespace`` and of this package's code and rule files."""
    from graph.datacache import code_fingerprint

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{_FORMAT}\0{namespace}\0{code_fingerprint()}\0".encode("utf-8"))
    for path in sorted(root.glob("strength/*.yaml")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _path(cache_dir: str | os.PathLike, namespace: str, suffix: str = ".pkl") -> Path:
    return Path(cache_dir) / STATE_FOLDER / f"{fingerprint(namespace)}{suffix}"


def _light(graph: EvidenceGraph) -> EvidenceGraph:
    """The graph's parts without what is derived on use (the networkx view)."""
    return EvidenceGraph.from_parts(
        sources=graph.sources, concepts=graph.concepts, claims=graph.claims, study_links=graph.study_links,
        findings=graph.findings, concept_sources=graph.concept_sources, concept_mentions=graph.concept_mentions,
        source_mentions=graph.source_mentions, curation=getattr(graph, "curation", None))


def _delta_path(cache_dir: str | os.PathLike, namespace: str, parent: str) -> Path:
    return _path(cache_dir, namespace, f".{parent}.delta")


def load_state(cache_dir: str | os.PathLike, namespace: str) -> AssemblyState | None:
    """The state the last build of this cache kept for ``namespace`` (and this code), or ``None``:
    the last full copy, and the deltas kept since applied in order (:mod:`graph.assembly_journal`)."""
    from graph.assembly_journal import Delta, apply_deltas

    path = _path(cache_dir, namespace)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("assembly state %s cannot be read (%s): assembling every article", path, error)
        return None
    # Read from the file as it is decoded, not into memory first (hundreds of MB at 10,000 articles,
    # beside the objects they decode into).
    try:
        with handle:
            size = os.fstat(handle.fileno()).st_size
            state = pickle.load(handle)
        if not isinstance(state, AssemblyState) or not isinstance(state.graph, EvidenceGraph):
            raise ValueError("not an assembly state")
        if state.final is None:  # kept once when curation changed nothing
            state.final = state.graph
        state.journal, state.journal_bytes, state.base_bytes = 0, 0, size
    except OSError as error:
        log.warning("assembly state %s cannot be read (%s): assembling every article", path, error)
        return None
    except Exception as error:  # a damaged pickle can raise almost anything; it is only work lost
        log.warning("assembly state %s is damaged (%s): assembling every article", path, error)
        return None
    deltas, token, journal_bytes = [], state.token, 0
    while True:
        delta_path = _delta_path(cache_dir, namespace, token)
        try:
            data = delta_path.read_bytes()
            delta = pickle.loads(data)
            if not isinstance(delta, Delta) or delta.parent != token:
                raise ValueError("not a delta of this assembly state")
        except FileNotFoundError:
            break
        except Exception as error:  # the state before it is whole: only that build's work is lost
            log.warning("assembly state delta %s is damaged (%s): starting from the state before it", delta_path, error)
            break
        deltas.append(delta)
        token, journal_bytes = delta.token, journal_bytes + len(data)
    base_bytes = state.base_bytes
    try:
        state = apply_deltas(state, deltas)
    except Exception as error:  # pragma: no cover - deltas this code wrote apply
        log.warning("assembly state deltas in %s do not apply (%s): assembling every article", path.parent, error)
        return None
    state.journal, state.journal_bytes, state.base_bytes = len(deltas), journal_bytes, base_bytes
    return state


def save_state(cache_dir: str | os.PathLike, namespace: str, state: AssemblyState,
               previous: AssemblyState | None = None) -> bool:
    """Keep ``state`` for the next build (atomically): as a delta against ``previous`` (the state the
    build started from, as :func:`load_state` gave it) while the deltas that follow the last full
    copy are few and small (:func:`graph.assembly_journal.whole_next`), else whole (the deltas and
    the states of other fingerprints removed). A folder that cannot be written only costs the next
    build the time. Whether written."""
    from graph.assembly_journal import MAX_DELTA_SHARE, state_delta, whole_next

    path = _path(cache_dir, namespace)
    if not whole_next(previous) and path.is_file():
        target = _delta_path(cache_dir, namespace, previous.token)
        try:
            data = pickle.dumps(state_delta(previous, state), protocol=pickle.HIGHEST_PROTOCOL)
            if previous.journal_bytes + len(data) <= MAX_DELTA_SHARE * previous.base_bytes:
                atomic_write_bytes(target, data, durable=False)
                return True
        except (OSError, GraphError, pickle.PicklingError, RecursionError) as error:
            log.warning("assembly state delta %s cannot be written (%s): keeping the state whole", target, error)
    light = AssemblyState(state.order, state.contributions, _light(state.graph),
                          _light(state.final) if state.final is not state.graph else None,  # type: ignore[arg-type]
                          state.beliefs, state.records, state.token)
    try:
        # Pickled into the file as it goes, not into memory first (the state of 10,000 articles is
        # hundreds of MB, in the process that also holds the graph).
        with atomic_write(path, "wb", durable=False) as handle:
            pickle.dump(light, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, GraphError, pickle.PicklingError, RecursionError) as error:
        log.warning("assembly state %s cannot be written (%s): the next build assembles every article", path, error)
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    for other in path.parent.iterdir():
        ours = other.name.split(".", 1)[0] == path.stem
        if not other.name.startswith(".") and (other.suffix == ".delta" or (
                not ours and other.suffix in (".pkl", ".store", ".claims", ".layout"))):
            with contextlib.suppress(OSError):
                other.unlink()
    return True


def claims_index(cache_dir: str | os.PathLike, namespace: str) -> Path:
    """Where the build's ``claims.csv`` writer keeps the index of the file it wrote
    (:mod:`graph.export.claims_update`)."""
    return _path(cache_dir, namespace, ".claims")


def page_layout(cache_dir: str | os.PathLike, namespace: str) -> Path:
    """Where the build's page keeps its layout (:mod:`graph.render.layout_cache`)."""
    return _path(cache_dir, namespace, ".layout")


def link_store(cache_dir: str | os.PathLike, namespace: str, token: str | None, sha256: str | None) -> None:
    """Record that the store whose SHA-256 is ``sha256`` was written from the state ``token``
    (``None`` for either: no store can be updated from the state)."""
    path = _path(cache_dir, namespace, ".store")
    if not (token and sha256):
        with contextlib.suppress(OSError):
            path.unlink()
        return
    try:
        atomic_write_bytes(path, json.dumps({"token": token, "sha256": sha256}).encode("utf-8"), durable=False)
    except (OSError, GraphError) as error:
        log.info("store link %s cannot be written (%s): the next build writes the store whole", path, error)


def linked_store(cache_dir: str | os.PathLike, namespace: str, token: str) -> str | None:
    """The SHA-256 of the store written from the state ``token``, or ``None``."""
    try:
        link = json.loads(_path(cache_dir, namespace, ".store").read_bytes())
    except (OSError, ValueError):
        return None
    if isinstance(link, dict) and link.get("token") == token and isinstance(link.get("sha256"), str):
        return link["sha256"]
    return None
