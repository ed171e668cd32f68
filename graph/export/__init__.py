"""Every output is a writer with one signature, registered in one dict.

A writer is ``writer(graph: EvidenceGraph, path: pathlib.Path, **options) -> None``
and writes ``path`` atomically (see :mod:`graph.fileio`). :data:`WRITERS` maps an
output file name to the dotted path of its writer; writers are imported on first
use, so a build that does not ask for the page does not import pyvis.

>>> sorted(WRITERS)[:2]
['claims.csv', 'concepts.csv']
>>> callable(get_writer("claims.csv"))
True

What a build writes is chosen with :func:`parse_outputs`: a comma list of output names,
``default`` (:data:`DEFAULT_OUTPUTS`: the store, the CSV tables, the page) and ``all``
(:data:`ALL_OUTPUTS`), as ``build --outputs`` and ``$GRAPH_OUTPUTS`` take them.

>>> parse_outputs("default,graph.ttl,kgx/")
('graph.sqlite', 'claims.csv', 'concepts.csv', 'studies.csv', 'graph.html', 'graph.ttl', 'kgx')
"""

from __future__ import annotations

import importlib
import os
from typing import Callable, Mapping

from graph.errors import ExportError

__all__ = ["WRITERS", "DEFAULT_OUTPUTS", "ALL_OUTPUTS", "OUTPUTS_ENV", "get_writer", "parse_outputs", "outputs_from"]

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

# What a build writes unless told otherwise: the store, the tables, the page. Every other
# output (graph.json, RDF, KGX) can be made from the store later (``export``), and is written
# by a build on request (``--outputs all``, ``--outputs default,graph.ttl``, ``$GRAPH_OUTPUTS``).
DEFAULT_OUTPUTS: tuple[str, ...] = ("graph.sqlite", "claims.csv", "concepts.csv", "studies.csv", "graph.html")

# ``all``: every output except graph.jsonld and graph.nt, which hold the very triples of
# graph.ttl in other syntaxes (ask for them by name, or use ``export --format``).
ALL_OUTPUTS: tuple[str, ...] = (*DEFAULT_OUTPUTS, "graph.json", "graph.ttl", "kgx")

# The outputs of a build run without ``--outputs`` (same syntax); unset or empty: the default.
OUTPUTS_ENV = "GRAPH_OUTPUTS"

_WORDS = {"default": DEFAULT_OUTPUTS, "all": ALL_OUTPUTS}


def parse_outputs(text: str, *, what: str = "--outputs") -> tuple[str, ...]:
    """The output names a comma list means: names, ``default``, ``all``, in order, each once.

    An unknown name, or a list naming nothing, is one :class:`~graph.errors.ExportError`
    naming the known outputs.

    >>> parse_outputs("all") == ALL_OUTPUTS
    True
    >>> parse_outputs("claims.csv, graph.pdf")
    Traceback (most recent call last):
    graph.errors.ExportError: --outputs: unknown output 'graph.pdf'; known: ...
    """
    chosen: list[str] = []
    unknown: list[str] = []
    for item in str(text).split(","):
        name = item.strip()
        if not name:
            continue
        name = name.lower() if name.lower() in _WORDS else name.rstrip("/")
        for one in _WORDS.get(name, (name,)):
            if one not in WRITERS:
                unknown.append(one)
            elif one not in chosen:
                chosen.append(one)
    known = ", ".join(["default", "all", *sorted(WRITERS)])
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise ExportError(f"{what}: unknown output{'s' if len(unknown) > 1 else ''} {names}; known: {known}")
    if not chosen:
        raise ExportError(f"{what}: names no output; known: {known}")
    return tuple(chosen)


def outputs_from(option: str | None, environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The outputs of a build: ``--outputs`` when given, else ``$GRAPH_OUTPUTS`` when set, else the default.

    >>> outputs_from(None, {})  == DEFAULT_OUTPUTS
    True
    >>> outputs_from(None, {"GRAPH_OUTPUTS": "default,graph.ttl"})[-1]
    'graph.ttl'
    >>> outputs_from("claims.csv", {"GRAPH_OUTPUTS": "all"})
    ('claims.csv',)
    """
    if option is not None:
        return parse_outputs(option)
    setting = (os.environ if environ is None else environ).get(OUTPUTS_ENV, "")
    if setting.strip():
        return parse_outputs(setting, what=f"${OUTPUTS_ENV}")
    return DEFAULT_OUTPUTS


def get_writer(name: str) -> Callable:
    """The writer registered for output ``name``."""
    try:
        module_name, func_name = WRITERS[name].split(":")
    except KeyError:
        raise ExportError(f"no writer for {name!r}; known outputs: {', '.join(sorted(WRITERS))}") from None
    return getattr(importlib.import_module(module_name), func_name)
