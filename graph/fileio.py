"""Atomic file writing: an output is either the old file or the complete new one.

Everything the build writes goes through :func:`atomic_write`, so a crash or a
killed build never leaves a half-written ``claims.csv`` or cache entry behind.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_write(target) as handle:
...     _ = handle.write("complete")
>>> target.read_text()
'complete'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from graph.errors import ExportError

__all__ = ["atomic_write", "atomic_write_text", "atomic_write_bytes", "is_temporary", "load_yaml", "TMP_SUFFIX"]

# A temporary file of :func:`atomic_write` is ``.NAME.RANDOM.tmp`` beside its target.
TMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = "",
                 durable: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success fsync and rename it over ``path``.

    ``newline=""`` by default so the bytes written are the bytes given on every
    platform (the same input gives byte-identical outputs). ``durable=False`` skips
    the fsync: the rename still makes the file all-or-nothing for a killed process,
    only a power cut may lose it (right for a cache that can be recomputed).
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target} is a folder, not a file; give the name of a file to write")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create the folder {target.parent}: {error.strerror or error}") from None
    binary = "b" in mode
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        # mkstemp creates 0600 files; outputs are ordinary files, readable as the umask allows.
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def is_temporary(name: str) -> bool:
    """Whether a file name is one of :func:`atomic_write`'s temporaries (left behind only by a killed process).

    >>> is_temporary(".graph.ttl.k2j3h4.tmp"), is_temporary("graph.ttl"), is_temporary(".lock")
    (True, False, False)
    """
    return name.startswith(".") and name.endswith(TMP_SUFFIX) and name.count(".") >= 3


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_write(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, durable: bool = True) -> None:
    with atomic_write(path, "wb", durable=durable) as handle:
        handle.write(data)


def load_yaml(text: str):
    """YAML text parsed by the safe loader: libyaml's (``CSafeLoader``, about 10x faster) when
    PyYAML was built with it, else the pure-Python one; the two give the same data (the shipped
    vocabulary, rules and the Biolink model were compared). Errors are ``yaml.YAMLError``.

    >>> load_yaml("a: [1, two]")
    {'a': [1, 'two']}
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

