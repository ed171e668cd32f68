"""Tables derived from the data that packages ship, kept on disk between processes.

Some tables every build needs are a pure function of data files the installed packages ship
and of this program's code, never of the articles: the grounding tables of
:mod:`graph.export.identifiers` (gilda's MeSH mappings and the Human Phenotype Ontology's
phenotype names from ``hpo3``: loading the ontology and walking its terms takes seconds) and
the parsed Biolink model (half a megabyte of YAML). Built afresh, they cost every build that
writes the store or an RDF or KGX export, cold or after one changed article, the same seconds;
:func:`cached` builds one once and then reads it back (a pickle) in a fraction of that.

An entry's name carries a hash of what it was built from: the caller's key (package
versions, file sizes and times) and every Python source file of this package, so a changed
package or a changed line of code builds it again. Entries are written atomically; one that
cannot be read is built again, and a folder that cannot be written only costs the time.

Where: ``$EVIDENCE_GRAPH_DATA_CACHE`` when set (empty: no cache), else
``$XDG_CACHE_HOME/evidence-graph/data`` (``~/.cache/evidence-graph/data``). Like the
extraction cache, the folder is trusted as much as the code (pickles): it is written only by
this program.

>>> import tempfile, os
>>> os.environ[ENV] = tempfile.mkdtemp()
>>> calls = []
>>> def squares():
...     calls.append(1)
...     return {n: n * n for n in range(5)}
>>> cached("squares", ["v1"], squares) == cached("squares", ["v1"], squares) == {0: 0, 1: 1, 2: 4, 3: 9, 4: 16}
True
>>> len(calls)
1
>>> _ = cached("squares", ["v2"], squares); len(calls)
2
>>> del os.environ[ENV]
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import GraphError
from graph.fileio import atomic_write_bytes

__all__ = ["ENV", "cache_dir", "cached", "code_fingerprint"]

log = logging.getLogger(__name__)

ENV = "EVIDENCE_GRAPH_DATA_CACHE"

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder of derived tables, or ``None`` when ``$EVIDENCE_GRAPH_DATA_CACHE`` is set empty."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evidence-graph" / "data"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every Python source file of the ``graph`` package (names and bytes)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cached(name: str, key: Iterable[Any], build: Callable[[], T]) -> T:
    """``build()``, read from the data cache when an entry of ``name`` and ``key`` is there, else
    built and stored. ``key`` names what the table is built from beyond this package's code
    (package versions, data files' sizes and times), as strings."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256("\0".join([code_fingerprint(), *map(str, key)]).encode("utf-8")).hexdigest()[:24]
    path = folder / f"{name}-{digest}.pkl"
    try:
        return pickle.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged entry can raise almost anything: it is built again
        log.warning("data cache entry %s is damaged (%s: %s): building it again", path, type(error).__name__, error)
    value = build()
    try:
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except (OSError, GraphError) as error:
        log.info("data cache entry %s cannot be written (%s): built again next time", path, error)
    return value


def package_version(name: str) -> str:
    """The installed version of a distribution, or ``"none"``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def file_stamp(path: str | os.PathLike) -> str:
    """A data file's path, size and modification time, as part of a key."""
    stat = os.stat(path)
    return f"{os.fspath(path)}:{stat.st_size}:{stat.st_mtime_ns}"
