"""Evidence knowledge graph of health articles.

The public API::

    import graph
    g = graph.build_graph("sources")      # read, extract, assemble (no files written)
    g = graph.load_graph("build")         # a built graph (build/graph.sqlite, else build/graph.json)
    result = graph.build("sources", "build")   # the whole build: the store, the tables, the page
    graph.build("sources", "build", outputs=graph.export.ALL_OUTPUTS)  # and graph.json, RDF, KGX

See :mod:`graph.query` for questions over the graph and :mod:`graph.frames` for DataFrames.
"""

from __future__ import annotations

import logging
from pathlib import Path

from typing import TYPE_CHECKING, Any

from graph.errors import GraphError

if TYPE_CHECKING:
    from graph.evidence_graph import EvidenceGraph
    from graph.pipeline import BuildResult, build

__all__ = ["EvidenceGraph", "BuildResult", "GraphError", "build", "build_graph", "load_graph"]

log = logging.getLogger(__name__)

# Imported on first use, so that `python -m graph stats` does not pay for networkx and the
# extraction pipeline it never touches.
_LAZY = {"EvidenceGraph": "graph.evidence_graph", "BuildResult": "graph.pipeline", "build": "graph.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def build_graph(sources_dir: str | Path = "sources", *, workers: int = 1, cache_dir: str | Path | None = None,
                curation: str | Path | None | bool = None) -> EvidenceGraph:
    """Read, extract and assemble the sources of a folder into an :class:`EvidenceGraph`, and apply
    the writer's decisions (``SOURCES/curation.yaml`` when it exists; ``curation=False`` for none,
    or a path; see :mod:`graph.curation`).

    Skipped sources are logged as warnings; use :func:`build` to get them as records.
    """
    from graph.pipeline import extract_graph

    graph, problems = extract_graph(sources_dir, workers=workers, cache_dir=cache_dir, curation=curation)
    for problem in problems:
        log.warning("%s", problem)
    return graph


def load_graph(path: str | Path = "build") -> EvidenceGraph:
    """Load a whole built graph: a build folder (its store ``graph.sqlite``, else its ``graph.json``),
    a ``graph.sqlite`` store or a ``graph.json`` file.

    A build that is installing its outputs right now is waited for, and one that was
    killed while doing so is finished first (:func:`graph.buildset.settle`).
    """
    from graph.buildset import settle
    from graph.export.graphfile import read_graph_json
    from graph.export.sqlite import read_sqlite

    path = Path(path)
    folder = path if (path.is_dir() or not path.suffix) else path.parent
    if folder.is_dir():
        settle(folder)
    if path.suffix == ".sqlite":
        return read_sqlite(path)
    if path.is_dir() or not path.suffix:
        if (path / "graph.sqlite").is_file():
            return read_sqlite(path / "graph.sqlite")
        return read_graph_json(path / "graph.json")
    return read_graph_json(path)
