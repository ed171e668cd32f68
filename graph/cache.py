"""Extraction cache: one file per source, keyed by content and by the extractor's version.

An entry's key is the SHA-256 of

- the extractor's version (:data:`graph.extract.EXTRACTOR_VERSION`),
- the vocabulary's version (a hash of its data files, :attr:`Vocabulary.version`),
- the source's metadata (id, title, publisher, url, kind, path, date) and its text,

so an edited article misses (only that article is extracted again) and a changed
vocabulary or extractor misses everywhere. Entries live under a folder named after
the versions (``CACHE/x<extractor>-v<vocabulary>-m<model>-f<format>/ab/abcdef....pkl.z``),
so :meth:`ExtractionCache.prune` can drop every entry of older versions at once.

An entry is the pickled :class:`~graph.model.SourceExtraction` (zlib level 1):
decoding one is 10-50x faster than rebuilding it through
:func:`graph.codec.from_record`, which matters because a warm rebuild decodes
every entry. A concept of the vocabulary (most of an article's concepts) is pickled as a
reference to it (``persistent_id``) and read back as the vocabulary's own object: the
vocabulary is that of the entry's folder, so the reference always means the same concept,
and decoding skips rebuilding a hundred concepts per article (assembly then merges them by
identity). Entries written before hold whole concepts and read the same. Pickles are tied to the model's classes, so the folder name also
carries a hash of ``graph/model.py``. Like any pickle, a cache folder is trusted
as much as the code: it is written only by the build; do not load a cache
folder someone else gave you.

Every entry is written atomically (:func:`graph.fileio.atomic_write_bytes`): a
killed build leaves complete entries and at most some stray temporary files,
never a half-written entry. An entry that cannot be read or decoded, or whose
stored key differs from its name, is logged, counted as ``corrupt``, and
extracted again (the new entry replaces it).

>>> import tempfile
>>> from graph.model import Source, SourceExtraction
>>> from graph.vocab import load_vocabulary
>>> cache = ExtractionCache(tempfile.mkdtemp(), load_vocabulary())
>>> source = Source("a", "Ketamine relieves pain.")
>>> cache.get(source) is None
True
>>> cache.put(source, SourceExtraction(source, (), (), (), ()))
>>> cache.get(source).source == source
True
>>> cache.get(source.replace(text="Ketamine relieves PTSD.")) is None
True
>>> (cache.stats.hits, cache.stats.misses, cache.stats.written)
(1, 2, 1)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import GraphError
from graph.fileio import atomic_write, atomic_write_bytes
from graph import model
from graph.model import Concept, Source, SourceExtraction
from graph.vocab import Vocabulary

__all__ = ["ExtractionCache", "CacheStats", "source_key", "cache_namespace", "CACHE_FORMAT", "load_annotations",
           "save_annotations", "ANNOTATIONS"]

log = logging.getLogger(__name__)

# Bump when the layout of an entry changes (not the extraction: that is EXTRACTOR_VERSION).
CACHE_FORMAT = "2"


@dataclass
class CacheStats:
    """Counts of one build's cache use."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    written: int = 0

    def add(self, other: "CacheStats") -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.corrupt += other.corrupt
        self.written += other.written

    def __str__(self) -> str:
        return f"{self.hits} hit(s), {self.misses} miss(es), {self.corrupt} corrupt, {self.written} written"


def _extractor_version() -> str:
    """The extractor's code version and the spaCy pipeline's name and version (a different
    parser gives different claims, so it keys other entries)."""
    from graph import extract
    from graph.extract.parse import model_name

    return f"{extract.EXTRACTOR_VERSION}+{_model_version(model_name())}"


@functools.lru_cache(maxsize=4)
def _model_version(name: str) -> str:
    """:func:`graph.extract.parse.model_version` of the pipeline ``name``, read back from the data
    cache (:mod:`graph.datacache`) while the pipeline's package and spaCy are the ones it was read
    from: loading a pipeline to read its name and version takes seconds, and a rebuild needs the
    version (the cache key) before it knows whether any article is to be extracted at all."""
    from graph.datacache import cached, package_version
    from graph.extract.parse import model_version

    stamp = _model_stamp(name)
    if stamp is None:
        return model_version(name)
    return cached("model-version", [name, stamp, package_version("spacy")], lambda: model_version(name))


def _model_stamp(name: str) -> str | None:
    """The paths, sizes and times of a pipeline's ``meta.json`` files (``None`` when not found:
    the version is then read from the loaded pipeline every time)."""
    import importlib.util

    from graph.datacache import file_stamp

    try:
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
    elif Path(name).is_dir():
        folder = Path(name)
    else:
        return None
    metas = sorted(folder.rglob("meta.json"))
    return ";".join(file_stamp(m) for m in metas) if metas else None


@functools.lru_cache(maxsize=1)
def model_fingerprint() -> str:
    """A hash of the data model's source (``graph/model.py``): entries are pickled model objects,
    so a changed model invalidates them.

    >>> len(model_fingerprint())
    8
    """
    return hashlib.sha256(Path(model.__file__).read_bytes()).hexdigest()[:8]


def cache_namespace(vocabulary_version: str, extractor_version: str | None = None) -> str:
    """The folder name of one extractor/vocabulary/model version.

    >>> cache_namespace("abc", "0.1").startswith("x0.1-vabc-m")
    True
    """
    version = _extractor_version() if extractor_version is None else extractor_version
    safe = "".join(ch if ch.isalnum() or ch in "._" else "_" for ch in version)[:64]
    return f"x{safe}-v{vocabulary_version}-m{model_fingerprint()}-f{CACHE_FORMAT}"


def source_key(source: Source, vocabulary_version: str, extractor_version: str | None = None) -> str:
    """SHA-256 of the versions, the source's metadata and its text.

    >>> s = Source("a", "text", title="T")
    >>> source_key(s, "v1", "1") == source_key(s, "v1", "1")
    True
    >>> len({source_key(s, "v1", "1"), source_key(s, "v2", "1"), source_key(s, "v1", "2"),
    ...      source_key(s.replace(text="text."), "v1", "1"), source_key(s.replace(title="U"), "v1", "1")})
    5
    """
    version = _extractor_version() if extractor_version is None else extractor_version
    digest = hashlib.sha256()
    header = json.dumps([CACHE_FORMAT, version, vocabulary_version, source.metadata()], sort_keys=True)
    digest.update(header.encode("utf-8"))
    digest.update(b"\0")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _Pickler(pickle.Pickler):
    """A pickler that writes the vocabulary's concepts as references (``("vocabulary", id)``)."""

    def __init__(self, file, concepts: dict[str, Concept] | None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.concepts = concepts or {}

    def persistent_id(self, obj):
        if type(obj) is Concept:
            known = self.concepts.get(obj.id)
            if known is not None and (known is obj or known == obj):
                return ("vocabulary", obj.id)
        return None


class _Unpickler(pickle.Unpickler):
    """Reads what :class:`_Pickler` wrote: a reference is the vocabulary's own concept."""

    def __init__(self, file, concepts: dict[str, Concept] | None):
        super().__init__(file)
        self.concepts = concepts or {}

    def persistent_load(self, pid):
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "vocabulary" and pid[1] in self.concepts:
            return self.concepts[pid[1]]
        raise pickle.UnpicklingError(f"reference to a concept this vocabulary lacks: {pid!r}")


def encode_extraction(extraction: SourceExtraction, key: str, concepts: dict[str, Concept] | None = None) -> bytes:
    """The bytes of a cache entry: the key and the extraction, pickled (the vocabulary's
    ``concepts`` as references) and zlib-compressed."""
    buffer = io.BytesIO()
    _Pickler(buffer, concepts).dump({"key": key, "extraction": extraction})
    return zlib.compress(buffer.getvalue(), 1)


def decode_extraction(data: bytes, key: str, concepts: dict[str, Concept] | None = None) -> SourceExtraction:
    """The extraction of a cache entry; ``ValueError`` if it is damaged or not the entry of ``key``
    (or refers to a concept ``concepts``, the vocabulary's, lacks)."""
    try:
        payload = _Unpickler(io.BytesIO(zlib.decompress(data)), concepts).load()
    except Exception as error:  # a damaged pickle can raise almost anything; it is only a cache miss
        raise ValueError(f"unreadable entry ({type(error).__name__}: {error})") from error
    if not isinstance(payload, dict) or payload.get("key") != key:
        raise ValueError("entry holds another key")
    extraction = payload.get("extraction")
    if not isinstance(extraction, SourceExtraction):
        raise ValueError("entry holds no extraction")
    return extraction


class ExtractionCache:
    """A folder of extraction results, one atomic file per (source content, versions)."""

    def __init__(self, directory: str | os.PathLike, vocabulary: Vocabulary | str, extractor_version: str | None = None):
        self.root = Path(directory)
        self.vocabulary_version = vocabulary if isinstance(vocabulary, str) else vocabulary.version
        # Given only a version, entries are written with whole concepts, and one holding references is a miss.
        self.concepts = None if isinstance(vocabulary, str) else vocabulary.concepts
        self.extractor_version = _extractor_version() if extractor_version is None else str(extractor_version)
        self.namespace = cache_namespace(self.vocabulary_version, self.extractor_version)
        self.directory = self.root / self.namespace
        self.stats = CacheStats()

    def key(self, source: Source) -> str:
        return source_key(source, self.vocabulary_version, self.extractor_version)

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pkl.z"

    def get(self, source: Source) -> SourceExtraction | None:
        """The cached extraction of ``source``, or ``None`` (a miss; a damaged entry is logged)."""
        key = self.key(source)
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError as error:
            log.warning("cache entry %s for source %r cannot be read (%s): extracting again", path, source.id, error)
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        try:
            extraction = decode_extraction(data, key, self.concepts)
            if extraction.source != source:
                raise ValueError("entry holds another source")
        except ValueError as error:
            log.warning("cache entry %s for source %r is damaged (%s): extracting again", path, source.id, error)
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return extraction

    def put(self, source: Source, extraction: SourceExtraction) -> None:
        """Store the extraction of ``source`` (atomically: the entry is complete or absent)."""
        # No fsync: a killed build leaves no partial entry either way (rename), and an entry lost
        # to a power cut is only extracted again.
        path = self.path(self.key(source))
        try:
            atomic_write_bytes(path, encode_extraction(extraction, self.key(source), self.concepts), durable=False)
        except (OSError, GraphError) as error:  # e.g. a folder where the entry should be: the build goes on
            log.warning("cache entry %s for source %r cannot be written (%s): not cached", path, source.id, error)
            return
        self.stats.written += 1

    def entries(self) -> list[Path]:
        """The entry files of the current versions."""
        return sorted(self.directory.glob("??/*.pkl.z")) if self.directory.exists() else []

    def prune(self) -> list[str]:
        """Delete the folders of other extractor/vocabulary versions; return their names.

        Only folders that look like cache namespaces are touched.
        """
        removed = []
        if not self.root.exists():
            return removed
        for child in sorted(self.root.iterdir()):
            if child.is_dir() and child.name != self.namespace and child.name.startswith("x") and "-v" in child.name:
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child.name)
        return removed


# -- annotations kept between builds ------------------------------------------------------

#: The folder of the cache that keeps evidence sentences' annotations (one file per rules fingerprint).
ANNOTATIONS = "annotations"


class _Deflating:
    """A file-like writer that zlib-compresses (level 1) what it is given into ``handle``: the bytes of
    ``zlib.compress(data, 1)`` of all of it, without holding it. :meth:`close` ends the stream."""

    def __init__(self, handle) -> None:
        self.handle, self.deflate = handle, zlib.compressobj(1)

    def write(self, data) -> int:
        self.handle.write(self.deflate.compress(data))
        return len(data)

    def close(self) -> None:
        self.handle.write(self.deflate.flush())


class _Inflating:
    r"""A file-like reader of what :class:`_Deflating` wrote (``read`` and ``readline``, as ``pickle.load``
    asks for them), decompressing ``handle`` a block at a time. A stream cut short is an ``EOFError``
    (from the pickle), one that is not zlib a ``zlib.error``.

    >>> import io
    >>> data = b"evidence\n" * 1000
    >>> reader = _Inflating(io.BytesIO(zlib.compress(data, 1)))
    >>> reader.readline() + reader.read(5) + reader.read() == data
    True
    """

    BLOCK = 1 << 16

    def __init__(self, handle) -> None:
        self.handle, self.inflate, self.buffer = handle, zlib.decompressobj(), bytearray()

    def _fill(self, size: int, line: bool = False) -> None:
        while (len(self.buffer) < size or size < 0 or (line and b"\n" not in self.buffer)) \
                and not self.inflate.eof:
            block = self.handle.read(self.BLOCK)
            if not block:
                break
            self.buffer += self.inflate.decompress(block)
            if line and b"\n" in self.buffer and size < 0:
                break

    def read(self, size: int = -1) -> bytes:
        self._fill(size)
        if size < 0:
            size = len(self.buffer)
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def readline(self) -> bytes:
        self._fill(-1, line=True)
        end = self.buffer.find(b"\n")
        size = len(self.buffer) if end < 0 else end + 1
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data


def _annotations_path(root: str | os.PathLike, fingerprint: str) -> Path:
    return Path(root) / ANNOTATIONS / f"{fingerprint}.pkl.z"


def load_annotations(root: str | os.PathLike, fingerprint: str | None = None):
    """The annotations of evidence sentences an earlier build of this cache computed
    (:class:`graph.strength.evidence_types.Annotations`), filed under the rules' ``fingerprint``
    (:func:`~graph.strength.evidence_types.rules_fingerprint`): none when the rules or the
    classifier's code changed since, or the file cannot be read (logged; it is only work lost).

    Assembly annotates every evidence sentence of every article with regular expressions (the
    type of a sentence, a cited study's role in it): after one changed article, all but that
    article's sentences are found here instead.
    """
    from graph.strength.evidence_types import Annotations, rules_fingerprint

    fingerprint = fingerprint or rules_fingerprint()
    path = _annotations_path(root, fingerprint)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return Annotations()
    except OSError as error:
        log.warning("annotation cache %s cannot be read (%s): annotating again", path, error)
        return Annotations()
    try:
        # Decompressed and decoded as it is read: a sentence per evidence sentence of the collection
        # (~100 MB at 10,000 articles) is never held as one block of bytes beside the objects.
        with handle:
            payload = pickle.load(_Inflating(handle))
        if not (isinstance(payload, dict) and payload.get("fingerprint") == fingerprint
                and isinstance(payload.get("types"), dict) and isinstance(payload.get("roles"), dict)):
            raise ValueError("not the annotations of these rules")
    except Exception as error:  # a damaged pickle can raise almost anything; it is only work lost
        log.warning("annotation cache %s is damaged (%s): annotating again", path, error)
        return Annotations()
    return Annotations(payload["types"], payload["roles"])


def save_annotations(root: str | os.PathLike, memo, fingerprint: str | None = None) -> bool:
    """Keep what ``memo`` holds for the next build, if this build computed anything or left
    entries unused (then only the entries this build looked up are kept, so the file follows the
    articles instead of growing with every edit); files of other fingerprints are removed.
    Atomic; a folder that cannot be written only costs the next build the time. Whether written."""
    from graph.strength.evidence_types import rules_fingerprint

    fingerprint = fingerprint or rules_fingerprint()
    if not memo.computed and len(memo.types) == len(memo.seen_types) and len(memo.roles) == len(memo.seen_roles):
        return False
    path = _annotations_path(root, fingerprint)
    types = {s: memo.types[s] for s in memo.seen_types}
    roles = {k: memo.roles[k] for k in memo.seen_roles}
    try:
        # Pickled and compressed into the file as it goes (not through two copies in memory, at the
        # end of assembly, when the build's process holds the most).
        with atomic_write(path, "wb", durable=False) as handle:
            deflating = _Deflating(handle)
            pickle.dump({"fingerprint": fingerprint, "types": types, "roles": roles}, deflating,
                        protocol=pickle.HIGHEST_PROTOCOL)
            deflating.close()
    except (OSError, GraphError) as error:
        log.warning("annotation cache %s cannot be written (%s): not kept", path, error)
        return False
    for other in path.parent.glob("*.pkl.z"):
        if other.name != path.name:
            with contextlib.suppress(OSError):
                other.unlink()
    return True
