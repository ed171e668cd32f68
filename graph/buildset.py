"""One build, one consistent set of outputs: checks before the work, a lock, a staging folder swapped in last.

An output folder ``OUT`` holds::

    OUT/graph.sqlite, claims.csv, ..., kgx/ the outputs of exactly one build (files or folders)
    OUT/build.json                          that build's manifest, installed last
    OUT/.lock                               locked (``flock``) by the build writing into OUT
    OUT/.staging-XXXX/                      the outputs of the build in progress (never read)
    OUT/.swap.json                          the journal of a swap in progress
    OUT/.cache/                             the extraction cache (by default)

A build (:func:`open_build`, used by :func:`graph.pipeline.build`):

1. :func:`preflight`: ``OUT`` is a folder (or can be made one), is writable, is not
   ``--sources`` nor inside it; the cache folder is writable. Else
   :class:`~graph.errors.OutputFolderError`, before any extraction.
2. the lock on ``OUT/.lock``: a second build into the same folder gets
   :class:`~graph.errors.BuildLockedError` at once. The lock is the kernel's
   (``flock``): a killed build holds nothing.
3. :func:`recover`: a swap a killed build left half done is finished (its journal
   names every move, so replaying it is safe); stale staging folders and temporary
   files are removed.
4. every writer writes into the staging folder: whatever file or folder a writer
   makes at ``STAGING/NAME`` is an output, so a new writer needs nothing here.
5. :meth:`OutputFolder.commit`: the manifest (``build.json``: the inputs' and the
   outputs' SHA-256, the versions) is written into staging, then a journal, then
   every entry is renamed into ``OUT`` (an old folder output is moved aside first,
   since a rename cannot replace a folder), outputs of the previous build that this
   build did not write are moved out (a build that asks for fewer outputs than the
   last one leaves none of the last one's behind), and the journal is removed.

So a build killed before step 5 leaves the previous set whole; one killed during
step 5 leaves a journal that the next build, or the next reader
(:func:`settle`, called by :func:`graph.load_graph`), rolls forward. Files in
``OUT`` that no build wrote (notes, pages from ``render``) are never touched.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
>>> with open_build(out) as folder:
...     _ = folder.stage("a.txt").write_text("one")
...     _ = folder.commit({"inputs": []})
>>> sorted(p.name for p in out.iterdir())
['.lock', 'a.txt', 'build.json']
>>> read_manifest(out)["outputs"]["a.txt"]["sha256"][:12]
'7692c3ad3540'
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from graph.errors import BuildLockedError, GraphError, OutputFolderError
from graph.fileio import atomic_write_bytes, is_temporary

try:  # POSIX; elsewhere builds are not locked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MANIFEST",
    "LOCK",
    "JOURNAL",
    "STAGING_PREFIX",
    "OutputFolder",
    "preflight",
    "open_build",
    "recover",
    "settle",
    "read_manifest",
    "clean_cache_temporaries",
    "cache_lock",
    "tree_digest",
]

log = logging.getLogger(__name__)

MANIFEST = "build.json"
LOCK = ".lock"
JOURNAL = ".swap.json"
STAGING_PREFIX = ".staging-"
_OLD = ".old"  # inside a staging folder: what the swap moved out of OUT
MANIFEST_FORMAT = 1


# -- checks before the work ------------------------------------------------------------


def _writable_folder(folder: Path, what: str) -> None:
    """Create ``folder`` if needed and prove a file can be made in it."""
    if folder.exists() and not folder.is_dir():
        raise OutputFolderError(f"{what} {folder} is a file, not a folder; choose a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFolderError(f"cannot create {what} {folder}: {error.strerror or error}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-check.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputFolderError(f"{what} {folder} is not writable: {error.strerror or error}") from None
    os.close(fd)
    os.unlink(probe)


def preflight(out: str | os.PathLike, *, sources: str | os.PathLike | None = None,
              cache: str | os.PathLike | None = None) -> Path:
    """Check the output and cache folders before any work; return ``OUT`` (created if missing).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> preflight(root / "sources" / "build", sources=root / "sources")
    Traceback (most recent call last):
    graph.errors.OutputFolderError: output folder ... is inside the sources folder ...: the next build would read its own outputs as articles; choose a folder outside it
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"output folder {out} is a file, not a folder; choose a folder")
    if sources is not None:
        src, target = Path(sources).resolve(), out.resolve()
        if target == src or src in target.parents:
            where = "is the sources folder" if target == src else f"is inside the sources folder {sources}"
            raise OutputFolderError(
                f"output folder {out} {where}: the next build would read its own outputs as articles; "
                "choose a folder outside it"
            )
    _writable_folder(out, "output folder")
    if cache is not None:
        _writable_folder(Path(cache), "cache folder")
    return out


# -- the lock --------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path, *, shared: bool = False, what: str = "") -> Iterator[int | None]:
    """Hold ``flock`` on ``path`` (created if missing) without waiting; :class:`BuildLockedError` if taken."""
    if fcntl is None:  # pragma: no cover
        yield None
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise OutputFolderError(f"cannot create the lock file {path}: {error.strerror or error}") from None
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise BuildLockedError(
                f"another build{f' (process {holder})' if holder.isdigit() else ''} is writing into {what or path.parent}; "
                "wait for it to finish or choose another --out"
            ) from None
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield fd
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


@contextlib.contextmanager
def cache_lock(cache: str | os.PathLike | None) -> Iterator[None]:
    """A shared lock on a cache folder for the length of a build; stale temporaries in it are removed
    first when no other build uses the cache (entries are content-addressed and written atomically,
    so builds may share a cache; only the clean-up needs it to themselves)."""
    if cache is None or fcntl is None:
        yield
        return
    root = Path(cache)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            removed = clean_cache_temporaries(root)
            if removed:
                log.info("removed %d stale temporary file(s) from the cache %s", removed, root)
        except BlockingIOError:
            pass  # another build uses this cache now: its temporaries are not stale
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def clean_cache_temporaries(root: str | os.PathLike) -> int:
    """Remove the temporary files a killed build left in a cache folder (two levels under each version folder)."""
    count = 0
    root = Path(root)
    for folder, subfolders, files in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        if depth >= 2:
            subfolders[:] = []
        for name in files:
            if is_temporary(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(folder, name))
                    count += 1
    return count


# -- the swap --------------------------------------------------------------------------


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _move_aside(target: Path, old: Path) -> None:
    old.parent.mkdir(parents=True, exist_ok=True)
    if _exists(old):
        _remove(old)
    os.rename(target, old)


def _apply(out: Path, journal: dict) -> None:
    """Carry out (or finish) the swap a journal describes; safe to run again after an interruption."""
    staging = out / journal["staging"]
    old = staging / _OLD
    for name in journal["retire"]:
        if _exists(out / name):
            _move_aside(out / name, old / name)
    for name in journal["install"]:
        new, target = staging / name, out / name
        if not _exists(new):
            continue  # installed by an earlier run of this journal
        if _exists(target) and (target.is_dir() or new.is_dir()):
            _move_aside(target, old / name)  # a rename replaces a file, not a folder
        os.replace(new, target)
    _fsync_dir(out)


def _finish(out: Path, journal: dict) -> None:
    _apply(out, journal)
    (out / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(out)
    _remove(out / journal["staging"])


def _read_journal(out: Path) -> dict | None:
    try:
        journal = json.loads((out / JOURNAL).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise GraphError(f"{out / JOURNAL}: unreadable swap journal ({error}); remove it and build again") from None
    names = [journal.get("staging", "")] + list(journal.get("install", ())) + list(journal.get("retire", ()))
    if not str(journal.get("staging", "")).startswith(STAGING_PREFIX) or any(
        not isinstance(n, str) or not n or "/" in n or "\\" in n or n in (".", "..") for n in names
    ):
        raise GraphError(f"{out / JOURNAL}: not a swap journal of this program; remove it and build again")
    return journal


def recover(out: str | os.PathLike) -> list[str]:
    """Finish a half-done swap and remove stale staging folders and temporaries; the names removed.

    Call it only while holding the folder's lock (as :func:`open_build` does).
    """
    out = Path(out)
    removed: list[str] = []
    journal = _read_journal(out)
    if journal is not None:
        log.warning("%s: finishing the swap of a build that was interrupted while installing its outputs", out)
        _finish(out, journal)
    for entry in sorted(os.listdir(out)):
        path = out / entry
        if entry.startswith(STAGING_PREFIX) and path.is_dir():
            _remove(path)
            removed.append(entry)
        elif is_temporary(entry):  # a writer's temporary file or folder (``.kgx.XXXX.tmp``)
            _remove(path)
            removed.append(entry)
    if removed:
        log.info("%s: removed what interrupted builds left: %s", out, ", ".join(removed))
    return removed


def settle(out: str | os.PathLike, *, timeout: float = 10.0) -> None:
    """Before reading a build folder: if a swap is in progress, wait for it; if its build died, finish it.

    A reader calling this never sees the outputs of two builds.
    """
    out = Path(out)
    deadline = time.monotonic() + timeout
    while _exists(out / JOURNAL):
        try:
            with _locked(out / LOCK, what=str(out)):
                journal = _read_journal(out)
                if journal is not None:
                    _finish(out, journal)
            return
        except BuildLockedError:
            if time.monotonic() > deadline:
                raise GraphError(f"{out}: a build is still installing its outputs; try again") from None
            time.sleep(0.05)
        except (OutputFolderError, OSError) as error:
            raise GraphError(f"{out}: a build was interrupted while installing its outputs and the folder cannot be "
                             f"repaired here ({error}); run the build again") from None


# -- digests and the manifest ----------------------------------------------------------


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_digest(path: str | os.PathLike) -> dict[str, Any]:
    """``{"sha256", "bytes"}`` of a file, or of a folder (its files' relative paths and digests, in order).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_text("x")
    >>> tree_digest(folder)["bytes"], tree_digest(folder / "a")["sha256"][:8]
    (1, '2d711642')
    """
    path = Path(path)
    if not path.is_dir():
        return {"sha256": _file_digest(path), "bytes": path.stat().st_size}
    digest, size = hashlib.sha256(), 0
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0" + _file_digest(file).encode("ascii") + b"\n")
        size += file.stat().st_size
    return {"sha256": digest.hexdigest(), "bytes": size}


def read_manifest(out: str | os.PathLike) -> dict | None:
    """The ``build.json`` of a build folder, or ``None`` when there is none (or it is unreadable)."""
    try:
        data = json.loads((Path(out) / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class OutputFolder:
    """The output folder of one build in progress: writers write into :meth:`stage`; :meth:`commit` swaps."""

    def __init__(self, out: Path, staging: Path, legacy_outputs: Iterable[str] = ()):
        self.out = out
        self.staging = staging
        self.legacy_outputs = tuple(legacy_outputs)
        self.committed = False

    def stage(self, name: str) -> Path:
        """Where a writer writes the output ``name`` (a file or a folder; ``"kgx/"`` is ``"kgx"``)."""
        name = name.rstrip("/")
        if not name or "/" in name or "\\" in name or name.startswith(".") or name in (MANIFEST, _OLD):
            raise OutputFolderError(f"{name!r} cannot be an output name")
        return self.staging / name

    def drop(self, name: str) -> None:
        """Forget whatever a failed writer left of ``name``."""
        _remove(self.stage(name))

    def previous_outputs(self) -> set[str]:
        """The outputs of the build now in ``OUT``: those its manifest names.

        A folder without a (readable) manifest, written before manifests existed, gives those
        of ``legacy_outputs`` (the registered output names) that are there: a build of this
        program wrote them, and left in place beside this build's set they would pass for its
        outputs (a graph.ttl of a build that wrote RDF, beside a build that did not). Files of
        any other name are never touched, since nothing says they came from a build.
        """
        manifest = read_manifest(self.out)
        if manifest and isinstance(manifest.get("outputs"), dict):
            names = set(manifest["outputs"])
        else:
            names = {n.rstrip("/") for n in self.legacy_outputs if isinstance(n, str) and _exists(self.out / n.rstrip("/"))}
        return {n for n in names if isinstance(n, str) and n and "/" not in n and not n.startswith(".")} - {MANIFEST}

    def has_previous_build(self) -> bool:
        """Whether ``OUT`` holds a build: a manifest, or one of ``legacy_outputs``."""
        return _exists(self.out / MANIFEST) or any(_exists(self.out / name) for name in self.legacy_outputs)

    def commit(self, manifest: dict) -> dict:
        """Write the manifest (``manifest`` plus the outputs' digests) and swap every staged entry into ``OUT``."""
        entries = sorted(n for n in os.listdir(self.staging) if n != _OLD and not is_temporary(n) and n != MANIFEST)
        record = {
            "format": "evidence-graph-build",
            "format_version": MANIFEST_FORMAT,
            **manifest,
            "outputs": {name: tree_digest(self.staging / name) for name in entries},
        }
        atomic_write_bytes(self.staging / MANIFEST, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        journal = {
            "staging": self.staging.name,
            "install": [*entries, MANIFEST],
            "retire": sorted(self.previous_outputs() - set(entries)),
        }
        atomic_write_bytes(self.out / JOURNAL, json.dumps(journal).encode("utf-8"))
        interrupted: BaseException | None = None
        try:
            _apply(self.out, journal)
        except BaseException as error:
            # Interrupted (a signal) or failed half way: the journal is on disk, so finish what it names
            # rather than leave two builds mixed; if even that fails, the next build or reader finishes it.
            interrupted = error
            try:
                _apply(self.out, journal)
            except BaseException:
                raise interrupted from None
        self.committed = True
        (self.out / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(self.out)
        _remove(self.staging)
        if interrupted is not None:
            raise interrupted
        return record

    def discard(self) -> None:
        """Remove the staging folder of a build that did not commit (unless a swap journal still needs it)."""
        if not self.committed and not _exists(self.out / JOURNAL):
            _remove(self.staging)


@contextlib.contextmanager
def open_build(out: str | os.PathLike, *, sources: str | os.PathLike | None = None,
               cache: str | os.PathLike | None = None, legacy_outputs: Iterable[str] = ()) -> Iterator[OutputFolder]:
    """Check, lock and clean ``out``, and give a staging folder; the lock is held until the block ends.

    ``legacy_outputs``: output names whose presence means ``OUT`` holds a build even without a
    manifest (a folder written before manifests existed); used to keep a build from being
    replaced by an empty one.
    """
    out = preflight(out, sources=sources, cache=cache)
    with _locked(out / LOCK, what=str(out)):
        recover(out)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        folder = OutputFolder(out, staging, legacy_outputs)
        try:
            yield folder
        finally:
            folder.discard()
