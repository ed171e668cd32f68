"""The build: read sources -> extract -> assemble -> write outputs, each stage timed.

Bad sources are skipped and reported (never fatal). The output folder is checked
before any work, locked for the length of the build, and receives the outputs as
one set: they are written into a staging folder and swapped in at the end
(:mod:`graph.buildset`), so a killed build leaves the previous set whole. An output
whose writer fails is reported without stopping the others (the previous build's
copy of it is moved out with the rest of that build: the folder never mixes two builds).
A build that read no source does not replace an earlier build unless ``allow_empty``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from graph import buildset
from graph.assemble import assemble
from graph.cache import CacheStats
from graph.errors import EmptyBuildError, GraphError, Problem
from graph.evidence_graph import EvidenceGraph
from graph.export import DEFAULT_OUTPUTS, WRITERS, get_writer
from graph.parallel import extract_all
from graph.proctitle import role, set_role
from graph.sources import read_sources
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["BuildResult", "build", "extract_graph", "write_graph"]

log = logging.getLogger(__name__)

# Below this many sources a progress bar is noise.
PROGRESS_MIN_SOURCES = 20

# From this many claims, a build given two or more workers runs its writers side by side in that
# many forked processes (each writer writes its own file from the same graph). Below it, the
# writers take less than starting the processes would save, and run one after another.
PARALLEL_WRITERS_MIN_CLAIMS = 20_000

# Writers in the order they are handed out when they run side by side: the longest first.
_WRITER_ORDER = (".keep-whole", "graph.sqlite", "graph.ttl", "graph.nt", "graph.jsonld", "kgx", "graph.json", "graph.html",
                 ".keep", "claims.csv", "studies.csv", "concepts.csv")


@dataclass
class BuildResult:
    graph: EvidenceGraph
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)  # output path -> bytes
    # Each writer's own seconds when they ran side by side (``timings`` then has one "write" entry, the wall time).
    writer_seconds: dict[str, float] = field(default_factory=dict)
    sentences: int = 0  # sentences of the sources read (extracted or from the cache)
    counts: dict[str, int] = field(default_factory=dict)  # sentences, cache_hits, cache_misses

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def summary(self) -> str:
        s = self.graph.stats()
        line = (
            f"{s['sources']} sources, {s['concepts']} concepts, {s['claims']} claims "
            f"({s['evidence']} evidence sentences) in {self.seconds:.2f} s"
        )
        failed = [p for p in self.problems if p.action != "warning"]
        if failed:
            line += f"; {len(failed)} file(s) skipped or not written"
        if len(failed) < len(self.problems):
            line += f"; {len(self.problems) - len(failed)} warning(s)"
        return line


def extract_graph(
    sources_dir: str | Path,
    *,
    workers: int = 1,
    cache_dir: str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    progress: bool = False,
    timings: dict[str, float] | None = None,
    curation: str | Path | None | bool = None,
    counts: dict[str, int] | None = None,
    assembly: list | None = None,
    outputs: tuple[str, ...] = (),
    warm=None,
) -> tuple[EvidenceGraph, list[Problem]]:
    """Read, extract, assemble and apply the curation file; no files written.

    ``curation`` is the curation file (:mod:`graph.curation`): ``None`` for
    ``SOURCES/curation.yaml`` when it exists, ``False`` for none. ``counts``, if given, receives
    the number of ``sentences`` of the sources and the extraction cache's ``cache_hits`` and
    ``cache_misses``, and with a cache the evidence annotations found in it
    (``annotations_cached``) and computed (``annotations_computed``, :func:`graph.cache.load_annotations`)
    when the graph was assembled whole, or the articles taken from the last build's kept assembly
    (``kept``, :mod:`graph.rebuild`) when only what changed was assembled again.
    ``assembly``, if given, receives the :class:`graph.rebuild.Assembly` (what the build keeps).
    ``outputs``: the writers a build will run next, imported while worker processes extract.
    ``warm``: a worker process started before the vocabulary was loaded (:mod:`graph.warm_worker`).
    """
    from graph.rebuild import extract_and_assemble

    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    vocabulary = vocabulary or load_vocabulary()
    timings["vocabulary"] = timings.get("vocabulary", 0.0) + time.perf_counter() - t0
    t0 = time.perf_counter()
    set_role("eg:read")
    sources, problems = read_sources(sources_dir)
    timings["read"] = time.perf_counter() - t0

    stats = CacheStats()
    bar = None
    if progress and len(sources) >= PROGRESS_MIN_SOURCES:
        from tqdm import tqdm

        bar = tqdm(total=len(sources), unit="source", desc="extract", leave=False)
    try:
        built = extract_and_assemble(sources, vocabulary, workers=workers, cache_dir=cache_dir,
                                     progress=bar.update if bar else None, problems=problems, stats=stats,
                                     timings=timings, warm=warm,
                                     idle=lambda: [get_writer(name) for name in outputs if name in WRITERS])
    finally:
        if bar:
            bar.close()
    graph = built.graph
    if counts is not None:
        counts.update(cache_hits=stats.hits, cache_misses=stats.misses, **built.counts)

    if curation is not False:
        from graph.curation import CURATION_FILE, curate_graph

        t0 = time.perf_counter()
        set_role("eg:curate")
        graph, curation_problems = curate_graph(graph, Path(sources_dir) / CURATION_FILE if curation in (None, True) else curation)
        problems.extend(curation_problems)
        timings["curate"] = time.perf_counter() - t0
    if built.state is not None:
        built.state.final = graph
    if assembly is not None:
        assembly.append(built)
    return graph, problems


def _input_records(graph: EvidenceGraph) -> list[dict]:
    import hashlib

    return [
        {"source_id": source.id, "sha256": hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest()}
        for source in sorted(graph.sources.values(), key=lambda s: s.id)
    ]


def _versions(vocabulary: Vocabulary) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from graph.cache import _extractor_version

    try:
        package = version("evidence-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        package = "unknown"
    return {"package": package, "extractor": _extractor_version(), "vocabulary": vocabulary.version}


def build(
    sources_dir: str | Path = "sources",
    out_dir: str | Path = "build",
    *,
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS,
    workers: int = 1,
    cache_dir: str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    progress: bool = False,
    writer_options: dict[str, dict] | None = None,
    allow_empty: bool = False,
    curation: str | Path | None | bool = None,
) -> BuildResult:
    """Build the graph from ``sources_dir`` and write ``outputs`` into ``out_dir`` as one set.

    ``outputs``: names of :data:`graph.export.WRITERS` (default :data:`~graph.export.DEFAULT_OUTPUTS`;
    :func:`graph.export.parse_outputs` reads the command line's lists). An output of the build
    already in ``out_dir`` that is not among them is removed with the swap.

    Raises :class:`~graph.errors.OutputFolderError` before any work when ``out_dir`` or
    ``cache_dir`` cannot be used (or another build holds ``out_dir``), and
    :class:`~graph.errors.EmptyBuildError` (the earlier build kept) when no source
    could be read and ``out_dir`` holds a build, unless ``allow_empty``. ``curation``: see
    :func:`extract_graph`; the decisions' outcomes go into ``build.json``.
    """
    timings: dict[str, float] = {}
    out = Path(out_dir)
    with buildset.open_build(out, sources=sources_dir, cache=cache_dir, legacy_outputs=WRITERS) as folder, \
            buildset.cache_lock(cache_dir), role("eg:build"):
        # A worker loading the parser from now on, for the articles a rebuild finds changed.
        from graph.parallel import default_workers
        from graph.warm_worker import WarmWorker

        warm = WarmWorker.start(default_workers() if workers <= 0 else workers) if cache_dir is not None else None
        try:
            t0 = time.perf_counter()
            set_role("eg:vocab")
            vocabulary = vocabulary or load_vocabulary()
            timings["vocabulary"] = time.perf_counter() - t0
            counts: dict[str, int] = {}
            assembly: list = []
            graph, problems = extract_graph(
                sources_dir, workers=workers, cache_dir=cache_dir, vocabulary=vocabulary, progress=progress,
                timings=timings, curation=curation, counts=counts, assembly=assembly, outputs=outputs, warm=warm,
            )
        finally:
            if warm is not None:
                warm.stop()
        if not graph.sources and not allow_empty and folder.has_previous_build():
            raise EmptyBuildError(
                f"no source could be read from {sources_dir} ({len(problems)} file(s) skipped); the earlier build in "
                f"{out} was kept (pass --allow-empty to replace it with an empty graph)",
                problems,
            )
        result = BuildResult(graph=graph, problems=problems, timings=timings, sentences=counts.get("sentences", 0),
                             counts=counts)
        if not graph.sources:
            log.warning("no source could be read from %s: writing an empty graph", sources_dir)
        keep = _Keep(cache_dir, assembly[0]) if cache_dir is not None and assembly[0].state is not None else None
        with _collector_frozen():
            _write_outputs(folder, graph, result, outputs, writer_options, _versions(vocabulary), workers=workers,
                           keep=keep)
    return result


@dataclass
class _Keep:
    """What a build keeps for the next one (:mod:`graph.assembly_state`), and what it kept from the last."""

    cache_dir: str | Path
    assembly: Any  # graph.rebuild.Assembly

    def prepare(self, graph: EvidenceGraph) -> None:
        """What several writers need, made once for all of them (writers forked from this process
        share it): every claim's belief and every study's record, those of the last build taken
        where nothing they depend on changed; kept with the state."""
        from graph.strength.belief import beliefs_of, carry_beliefs
        from graph.strength.studies import carry_study_records, study_records

        previous = self.assembly.previous
        if previous is not None and previous.beliefs is not None:
            beliefs = carry_beliefs(graph, previous.final, previous.beliefs)
        else:
            beliefs = beliefs_of(graph)
        if previous is not None and previous.records is not None:
            records = carry_study_records(graph, previous.final, previous.records)
        else:
            records = study_records(graph)
        self.assembly.state.beliefs = dict(beliefs)
        self.assembly.state.records = tuple(records)

    def store_base(self, out: Path) -> Any:
        """The store in ``out``, when the last build wrote it from the state this build started from
        (a :class:`graph.export.store_update.StoreBase`), else ``None``."""
        from graph.assembly_state import linked_store
        from graph.export.store_update import StoreBase

        previous = self.assembly.previous
        if previous is None or previous.beliefs is None:
            return None
        sha = linked_store(self.cache_dir, self.assembly.namespace, previous.token)
        manifest = buildset.read_manifest(out) or {}
        stored = (manifest.get("outputs") or {}).get("graph.sqlite") or {}
        if not sha or stored.get("sha256") != sha or not (out / "graph.sqlite").is_file():
            return None
        return StoreBase(out / "graph.sqlite", sha, previous.final, previous.beliefs)

    def claims_options(self, out: Path) -> dict[str, Any]:
        """The ``claims.csv`` writer's options: keep the index of the file it writes, and copy the
        unchanged claims' rows from the last build's file when the kept state is that build's."""
        from graph.assembly_state import claims_index
        from graph.export.claims_update import ClaimsBase

        index = claims_index(self.cache_dir, self.assembly.namespace)
        options: dict[str, Any] = {"index": index, "token": self.assembly.state.token}
        previous = self.assembly.previous
        if previous is not None and previous.beliefs is not None and (out / "claims.csv").is_file():
            options["base"] = ClaimsBase(out / "claims.csv", index, previous.token, previous.final, previous.beliefs)
        return options

    def save(self) -> str | None:
        """Keep the state (in whichever process runs it); ``None`` when kept, else why not."""
        from graph.assembly_state import save_state

        return None if save_state(self.cache_dir, self.assembly.namespace, self.assembly.state,
                                  self.assembly.previous) else "not kept"

    def link(self, store_sha256: str | None) -> None:
        """After the swap: which state the store now in the output folder was written from."""
        from graph.assembly_state import link_store

        link_store(self.cache_dir, self.assembly.namespace, self.assembly.state.token if store_sha256 else None,
                   store_sha256)


def _write_outputs(folder: buildset.OutputFolder, graph: EvidenceGraph, result: BuildResult, outputs: tuple[str, ...],
                   writer_options: dict[str, dict] | None, versions: dict[str, str], workers: int = 1,
                   keep: _Keep | None = None) -> None:
    """Every writer into the staging folder (side by side in ``workers`` processes for a large
    graph: :data:`PARALLEL_WRITERS_MIN_CLAIMS`), then the swap. With ``keep``, the state for the
    next build is kept too (beside the writers), and linked to the store once it is swapped in."""
    out = folder.out
    written: list[str] = []
    outcomes: dict[str, tuple[float, str | None]] = {}
    jobs: dict[str, Callable[[], str | None]] = {}
    job = None
    if keep is not None:
        from graph.assembly_journal import whole_next

        t0 = time.perf_counter()
        set_role("eg:prepare")
        keep.prepare(graph)
        result.timings["prepare"] = time.perf_counter() - t0
        # Written whole, the state takes as long as a writer: handed out first.
        job = _KEEP_WHOLE_JOB if whole_next(keep.assembly.previous) else _KEEP_JOB
        jobs[job] = keep.save
        writer_options = dict(writer_options or {})
        base = keep.store_base(out) if "graph.sqlite" in outputs else None
        if base is not None:
            writer_options["graph.sqlite"] = {**writer_options.get("graph.sqlite", {}), "base": base}
        if "claims.csv" in outputs:
            writer_options["claims.csv"] = {**writer_options.get("claims.csv", {}), **keep.claims_options(out)}
        if "graph.html" in outputs:
            from graph.assembly_state import page_layout

            writer_options["graph.html"] = {"layout_cache": page_layout(keep.cache_dir, keep.assembly.namespace),
                                            **writer_options.get("graph.html", {})}
    set_role("eg:write")
    if _side_by_side(graph, outputs, workers):
        t0 = time.perf_counter()
        outcomes = _write_side_by_side(folder, graph, outputs, writer_options or {}, workers, jobs)
        result.timings["write"] = time.perf_counter() - t0
    elif job is not None:
        t0 = time.perf_counter()
        outcomes[job] = (0.0, jobs[job]())
        result.timings["keep"] = time.perf_counter() - t0
    for name in outputs:
        if name in outcomes:
            seconds, error = outcomes[name]
            result.writer_seconds[name] = seconds
        else:
            t0 = time.perf_counter()
            error = None
            try:
                path = folder.stage(name)
                get_writer(name)(graph, path, **(writer_options or {}).get(name, {}))
            except GraphError as failure:
                error = str(failure)
            finally:
                result.timings[f"write {name}"] = time.perf_counter() - t0
        if error is not None:
            result.problems.append(Problem(str(out / name), error, "not written"))
            log.error("%s: %s", out / name, error)
            if name.rstrip("/") and "/" not in name.rstrip("/") and not name.startswith("."):
                folder.drop(name)
            continue
        written.append(name)
    t0 = time.perf_counter()
    set_role("eg:swap")
    record = {"inputs": _input_records(graph), "versions": versions}
    settings = {k: v for k, v in (writer_options or {}).get("graph.ttl", {}).items() if k in ("base", "infores")}
    if settings:  # what RDF made from this build later (push without graph.ttl) uses
        record["export_settings"] = settings
    curation = getattr(graph, "curation", None)
    if curation:
        record["curation"] = {"path": curation.path, "sha256": curation.sha256, "outcomes": curation.summary(),
                              "stale": [o.text(curation.path) for o in curation.stale],
                              "invalid": [o.text(curation.path) for o in curation.outcomes if o.status == "invalid"]}
    manifest = folder.commit(record)
    result.timings["swap"] = time.perf_counter() - t0
    if keep is not None:
        kept = outcomes.get(job, (0.0, "not kept"))[1] is None
        store = manifest["outputs"].get("graph.sqlite", {}).get("sha256") if "graph.sqlite" in written else None
        keep.link(store if kept else None)
        if "keep" not in result.timings:  # kept beside the writers: its own time, as theirs
            result.writer_seconds["keep"] = outcomes.get(job, (0.0, None))[0]
    for name in written:
        result.written[str(out / name)] = manifest["outputs"].get(name, {}).get("bytes", 0)


def _side_by_side(graph: EvidenceGraph, outputs: tuple[str, ...], workers: int) -> bool:
    return (workers is not None and workers >= 2 and len(outputs) >= 2 and len(graph.claims) >= PARALLEL_WRITERS_MIN_CLAIMS
            and "fork" in multiprocessing.get_all_start_methods())


# What forked writer processes inherit: (graph, staging paths, writer options, other jobs).
_FORKED: tuple | None = None

# The job that keeps the build's assembly for the next build (run beside the writers): as a delta,
# or written whole (then as long as a writer, and handed out first).
_KEEP_JOB = ".keep"
_KEEP_WHOLE_JOB = ".keep-whole"


def _write_forked(name: str) -> tuple[str, float, str | None]:
    """Run one writer (or job) in a forked process: (name, seconds, the GraphError's message or None)."""
    graph, paths, options, jobs = _FORKED
    set_role(f"w:{name}")
    t0 = time.perf_counter()
    if name in jobs:
        error = jobs[name]()
        return name, time.perf_counter() - t0, error
    try:
        get_writer(name)(graph, paths[name], **options.get(name, {}))
    except GraphError as error:
        return name, time.perf_counter() - t0, str(error)
    return name, time.perf_counter() - t0, None


def _write_side_by_side(folder: buildset.OutputFolder, graph: EvidenceGraph, outputs: tuple[str, ...],
                        options: dict[str, dict], workers: int,
                        jobs: dict[str, Callable[[], str | None]] | None = None) -> dict[str, tuple[float, str | None]]:
    """Run the writers in ``workers`` forked processes, the longest first; name -> (seconds, error).

    ``jobs``: other work run beside them (name -> a callable returning ``None`` or why it failed).

    Each process inherits the graph (copy on write; frozen out of the cyclic collector by the
    caller, :func:`_collector_frozen`, so that a collection does not copy it) and writes its
    outputs into the staging folder. A writer's :class:`GraphError` comes back as its message;
    any other exception is raised here, as it would be from a writer run in this process.
    """
    global _FORKED
    outcomes: dict[str, tuple[float, str | None]] = {}
    paths = {}
    for name in outputs:
        try:
            paths[name] = folder.stage(name)
        except GraphError as error:
            outcomes[name] = (0.0, str(error))
    jobs = jobs or {}
    rank = {name: i for i, name in enumerate(_WRITER_ORDER)}
    todo = sorted([*paths, *jobs],
                  key=lambda n: (rank.get(n, len(rank)), outputs.index(n) if n in outputs else len(outputs)))
    _FORKED = (graph, paths, options, jobs)
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            for name, seconds, error in pool.map(_write_forked, todo):
                outcomes[name] = (seconds, error)
    finally:
        _FORKED = None
    return outcomes


@contextlib.contextmanager
def _collector_frozen() -> Iterator[None]:
    """The objects alive now (the graph, the vocabulary, the kept state) out of the cyclic
    collector's passes while the outputs are written: each full pass would walk millions of them
    for nothing (none is garbage; the refcount frees them), and a writer forked from this process
    would copy every page it touched. Unfrozen (collected as usual) at the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_graph(
    graph: EvidenceGraph,
    out_dir: str | Path,
    *,
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS,
    writer_options: dict[str, dict] | None = None,
    vocabulary: Vocabulary | None = None,
) -> BuildResult:
    """Write the outputs of an already assembled graph into ``out_dir`` as one set (checked, locked, swapped)."""
    result = BuildResult(graph=graph)
    with buildset.open_build(out_dir, legacy_outputs=WRITERS) as folder:
        with _collector_frozen():
            _write_outputs(folder, graph, result, outputs, writer_options, _versions(vocabulary or load_vocabulary()))
    return result


# Short reprs for a build (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(BuildResult)
