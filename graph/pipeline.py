"""The build: read sources -> extract -> assemble -> write outputs, each stage timed.

Bad sources are skipped and reported (never fatal); every output is written
atomically, and an output whose writer fails is reported without stopping the others.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.assemble import assemble
from graph.errors import GraphError, Problem
from graph.evidence_graph import EvidenceGraph
from graph.export import DEFAULT_OUTPUTS, get_writer
from graph.parallel import extract_all
from graph.sources import read_sources
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["BuildResult", "build", "extract_graph"]

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
        if self.problems:
            line += f"; {len(self.problems)} file(s) skipped or not written"
        return line


def extract_graph(
    sources_dir: str | Path,
    *,
    workers: int = 1,
    cache_dir: str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    progress: bool = False,
    timings: dict[str, float] | None = None,
) -> tuple[EvidenceGraph, list[Problem]]:
    """Read, extract and assemble; no files written."""
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    vocabulary = vocabulary or load_vocabulary()
    timings["vocabulary"] = time.perf_counter() - t0
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
    return graph, problems


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
) -> BuildResult:
    """Build the graph from ``sources_dir`` and write ``outputs`` into ``out_dir``."""
    timings: dict[str, float] = {}
    graph, problems = extract_graph(
        sources_dir, workers=workers, cache_dir=cache_dir, vocabulary=vocabulary, progress=progress, timings=timings
    )
    result = BuildResult(graph=graph, problems=problems, timings=timings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in outputs:
        t0 = time.perf_counter()
        path = out / name
        try:
            get_writer(name)(graph, path, **(writer_options or {}).get(name, {}))
        except GraphError as error:
            result.problems.append(Problem(str(path), str(error), "not written"))
            log.error("%s: %s", path, error)
            continue
        finally:
            timings[f"write {name}"] = time.perf_counter() - t0
        result.written[str(path)] = path.stat().st_size
    return result
