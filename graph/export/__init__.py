"""Every output is a writer with one signature, registered in one dict.

A writer is ``writer(graph: EvidenceGraph, path: pathlib.Path, **options) -> None``
and writes ``path`` atomically (see :mod:`graph.fileio`). :data:`WRITERS` maps an
output file name to the dotted path of its writer; writers are imported on first
use, so a build that does not ask for the page does not import pyvis.

>>> sorted(WRITERS)[:2]
['claims.csv', 'concepts.csv']
>>> callable(get_writer("claims.csv"))
True
"""

from __future__ import annotations

import importlib
from typing import Callable

from graph.errors import ExportError

__all__ = ["WRITERS", "DEFAULT_OUTPUTS", "get_writer"]

WRITERS: dict[str, str] = {
    "graph.sqlite": "graph.export.sqlite:write_sqlite",
    "claims.csv": "graph.export.tables:write_claims_csv",
    "concepts.csv": "graph.export.tables:write_concepts_csv",
    "graph.json": "graph.export.graphfile:write_graph_json",
    "graph.ttl": "graph.export.rdf:write_turtle",
    "graph.jsonld": "graph.export.rdf:write_jsonld",
    "graph.nt": "graph.export.rdf:write_ntriples",
    "graph.html": "graph.render.html:write_html",
    "kgx": "graph.export.kgx:write_kgx",  # a folder: KGX TSV and JSON Lines nodes/edges
    "studies.csv": "graph.strength.studies:write_studies_csv",  # one row per cited study (docs/evidence.md)
}

# What every build writes.
DEFAULT_OUTPUTS: tuple[str, ...] = ("graph.sqlite", "graph.json", "claims.csv", "concepts.csv", "graph.ttl", "graph.html", "kgx",
                                    "studies.csv")


def get_writer(name: str) -> Callable:
    """The writer registered for output ``name``."""
    try:
        module_name, func_name = WRITERS[name].split(":")
    except KeyError:
        raise ExportError(f"no writer for {name!r}; known outputs: {', '.join(sorted(WRITERS))}") from None
    return getattr(importlib.import_module(module_name), func_name)
