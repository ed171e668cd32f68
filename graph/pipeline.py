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

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import buildset
from graph.assemble import assemble
from graph.errors import EmptyBuildError, GraphError, Problem
from graph.evidence_graph import EvidenceGraph
from graph.export import DEFAULT_OUTPUTS, WRITERS, get_writer
from graph.parallel import extract_all
from graph.sources import read_sources
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["BuildResult", "build", "extract_graph", "write_graph"]

log = logging.getLogger(__name__)

# Below this many sources a progress bar is noise.
PROGRESS_MIN_SOURCES = 20


@dataclass
class BuildResult:
    graph: EvidenceGraph
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)  # output path -> bytes

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
) -> tuple[EvidenceGraph, list[Problem]]:
    """Read, extract, assemble and apply the curation file; no files written.

    ``curation`` is the curation file (:mod:`graph.curation`): ``None`` for
    ``SOURCES/curation.yaml`` when it exists, ``False`` for none.
    """
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    vocabulary = vocabulary or load_vocabulary()
    timings["vocabulary"] = timings.get("vocabulary", 0.0) + time.perf_counter() - t0
    t0 = time.perf_counter()
    sources, problems = read_sources(sources_dir)
    timings["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    bar = None
    if progress and len(sources) >= PROGRESS_MIN_SOURCES:
        from tqdm import tqdm

        bar = tqdm(total=len(sources), unit="source", desc="extract", leave=False)
    try:
        extractions = extract_all(
            sources, vocabulary, workers=workers, cache_dir=cache_dir, progress=bar.update if bar else None,
            problems=problems,
        )
    finally:
        if bar:
            bar.close()
    timings["extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    graph = assemble(extractions)
    timings["assemble"] = time.perf_counter() - t0

    if curation is not False:
        from graph.curation import CURATION_FILE, curate_graph

        t0 = time.perf_counter()
        graph, curation_problems = curate_graph(graph, Path(sources_dir) / CURATION_FILE if curation in (None, True) else curation)
        problems.extend(curation_problems)
        timings["curate"] = time.perf_counter() - t0
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

    Raises :class:`~graph.errors.OutputFolderError` before any work when ``out_dir`` or
    ``cache_dir`` cannot be used (or another build holds ``out_dir``), and
    :class:`~graph.errors.EmptyBuildError` (the earlier build kept) when no source
    could be read and ``out_dir`` holds a build, unless ``allow_empty``. ``curation``: see
    :func:`extract_graph`; the decisions' outcomes go into ``build.json``.
    """
    timings: dict[str, float] = {}
    out = Path(out_dir)
    with buildset.open_build(out, sources=sources_dir, cache=cache_dir, legacy_outputs=WRITERS) as folder, \
            buildset.cache_lock(cache_dir):
        t0 = time.perf_counter()
        vocabulary = vocabulary or load_vocabulary()
        timings["vocabulary"] = time.perf_counter() - t0
        graph, problems = extract_graph(
            sources_dir, workers=workers, cache_dir=cache_dir, vocabulary=vocabulary, progress=progress, timings=timings,
            curation=curation,
        )
        if not graph.sources and not allow_empty and folder.has_previous_build():
            raise EmptyBuildError(
                f"no source could be read from {sources_dir} ({len(problems)} file(s) skipped); the earlier build in "
                f"{out} was kept (pass --allow-empty to replace it with an empty graph)",
                problems,
            )
        result = BuildResult(graph=graph, problems=problems, timings=timings)
        if not graph.sources:
            log.warning("no source could be read from %s: writing an empty graph", sources_dir)
        _write_outputs(folder, graph, result, outputs, writer_options, _versions(vocabulary))
    return result


def _write_outputs(folder: buildset.OutputFolder, graph: EvidenceGraph, result: BuildResult, outputs: tuple[str, ...],
                   writer_options: dict[str, dict] | None, versions: dict[str, str]) -> None:
    """Every writer into the staging folder, then the swap."""
    out = folder.out
    written: list[str] = []
    for name in outputs:
        t0 = time.perf_counter()
        try:
            path = folder.stage(name)
            get_writer(name)(graph, path, **(writer_options or {}).get(name, {}))
        except GraphError as error:
            result.problems.append(Problem(str(out / name), str(error), "not written"))
            log.error("%s: %s", out / name, error)
            if name.rstrip("/") and "/" not in name.rstrip("/") and not name.startswith("."):
                folder.drop(name)
            continue
        finally:
            result.timings[f"write {name}"] = time.perf_counter() - t0
        written.append(name)
    t0 = time.perf_counter()
    record = {"inputs": _input_records(graph), "versions": versions}
    curation = getattr(graph, "curation", None)
    if curation:
        record["curation"] = {"path": curation.path, "sha256": curation.sha256, "outcomes": curation.summary(),
                              "stale": [o.text(curation.path) for o in curation.stale],
                              "invalid": [o.text(curation.path) for o in curation.outcomes if o.status == "invalid"]}
    manifest = folder.commit(record)
    result.timings["swap"] = time.perf_counter() - t0
    for name in written:
        result.written[str(out / name)] = manifest["outputs"].get(name, {}).get("bytes", 0)


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
        _write_outputs(folder, graph, result, outputs, writer_options, _versions(vocabulary or load_vocabulary()))
    return result


# Short reprs for a build (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(BuildResult)
