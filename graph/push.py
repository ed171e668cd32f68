"""Load the RDF of a build into a SPARQL server with the SPARQL 1.1 Graph Store Protocol.

The protocol (https://www.w3.org/TR/sparql11-http-rdf-update/) is plain HTTP on a
graph store URL (Oxigraph: ``http://HOST:PORT/store``; Fuseki:
``http://HOST:PORT/DATASET/data``; GraphDB: ``.../repositories/ID/rdf-graphs/service``):

- ``PUT  STORE?graph=URI`` with a Turtle body replaces the named graph ``URI``;
- ``POST STORE?graph=URI`` adds the triples to it;
- ``?default`` instead of ``?graph=URI`` targets the default graph.

Only the standard library (``urllib``) is used. The server is the user's choice;
nothing here runs unless asked (``python -m graph push``).

A build writes ``graph.ttl`` only on request (``--outputs all``); :func:`build_turtle`
gives the build's own ``graph.ttl`` when that build wrote one, and otherwise writes the
Turtle of the build's store into a temporary file, with the base IRI and infores id the
build recorded in its manifest.

>>> store_url("http://127.0.0.1:7878/store", "http://example.org/g 1")
'http://127.0.0.1:7878/store?graph=http%3A%2F%2Fexample.org%2Fg%201'
>>> store_url("http://127.0.0.1:7878/store", None)
'http://127.0.0.1:7878/store?default'
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

from graph.errors import BuildNotFoundError, ExportError, QueryError

__all__ = ["store_url", "push_turtle", "sparql_select", "build_turtle", "TURTLE"]

log = logging.getLogger(__name__)

TURTLE = "text/turtle"


def _check_url(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise ExportError(f"{url!r}: the graph store must be an http(s) URL")


def store_url(store: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of ``graph`` (a named graph IRI) or of the default graph."""
    _check_url(store)
    separator = "&" if "?" in store else "?"
    if graph:
        return f"{store}{separator}graph={urllib.parse.quote(graph, safe='')}"
    return f"{store}{separator}default"


def push_turtle(
    turtle: str | os.PathLike | bytes,
    store: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    timeout: float = 300.0,
) -> int:
    """Send a Turtle file (a path, or the bytes themselves) to a graph store; return the HTTP status.

    ``replace=True`` uses PUT (the graph's old triples go), else POST (added).
    Errors (no file, server unreachable, HTTP error) raise
    :class:`~graph.errors.BuildNotFoundError` or :class:`~graph.errors.ExportError`.
    """
    url = store_url(store, graph)
    method = "PUT" if replace else "POST"
    handle = None
    if isinstance(turtle, bytes):
        body, length = turtle, len(turtle)
    else:
        path = Path(turtle)
        if not path.is_file():
            raise BuildNotFoundError(f"{path}: no Turtle file to push (build first: python build_graph.py --out DIR)")
        handle = path.open("rb")
        body, length = handle, path.stat().st_size
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": TURTLE, "Content-Length": str(length)}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip()
        raise ExportError(f"{method} {url}: HTTP {error.code} {error.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ExportError(f"{method} {url}: cannot reach the graph store ({reason})") from None
    finally:
        if handle is not None:
            handle.close()
    log.info("%s %s: %d bytes of Turtle, HTTP %d", method, url, length, status)
    return status


def _build_wrote_turtle(folder: Path) -> bool:
    """Whether ``folder/graph.ttl`` is an output of the build now in ``folder``.

    With a manifest, only when the manifest lists it (a graph.ttl the build did not write, e.g.
    one ``export`` left there before the last build, may be older than the store); without one
    (a folder not made by a build of this version), whenever the file is there.
    """
    from graph.buildset import read_manifest

    turtle = folder / "graph.ttl"
    if not turtle.is_file():
        return False
    manifest = read_manifest(folder)
    if manifest is None:
        return True
    outputs = manifest.get("outputs")
    return isinstance(outputs, dict) and "graph.ttl" in outputs


@contextlib.contextmanager
def build_turtle(folder: str | os.PathLike, *, base: str | None = None,
                 infores: str | None = None) -> Iterator[tuple[Path, bool]]:
    """The Turtle of the build in ``folder``: ``(path, made)``.

    ``folder/graph.ttl`` when the build wrote it (``made`` false); else the graph is read
    from the build's store (:func:`graph.load_graph`) and written as Turtle into a temporary
    file, removed when the block ends (``made`` true). ``base``/``infores`` default to what
    the build recorded in ``build.json``, else the defaults. No built graph at all:
    :class:`~graph.errors.BuildNotFoundError`.
    """
    from graph.buildset import read_manifest, settle

    folder = Path(folder)
    if folder.is_dir():
        settle(folder)  # one build's files, never one half swapped
    if _build_wrote_turtle(folder):
        yield folder / "graph.ttl", False
        return
    if not (folder / "graph.sqlite").is_file() and not (folder / "graph.json").is_file():
        raise BuildNotFoundError(f"{folder}: no Turtle file to push and no built graph to make one from "
                                 "(build first: python build_graph.py --out DIR)")
    import graph as graph_api
    from graph.export.rdf import write_turtle

    recorded = (read_manifest(folder) or {}).get("export_settings")
    recorded = recorded if isinstance(recorded, dict) else {}
    options = {key: value for key, value in (("base", base or recorded.get("base")),
                                             ("infores", infores or recorded.get("infores"))) if isinstance(value, str)}
    evidence_graph = graph_api.load_graph(folder)
    with tempfile.TemporaryDirectory(prefix="evidence-graph-push-") as scratch:
        path = Path(scratch) / "graph.ttl"
        write_turtle(evidence_graph, path, **options)
        log.info("%s: no graph.ttl from this build; wrote the Turtle of its store (%d bytes)", folder, path.stat().st_size)
        yield path, True


def sparql_select(endpoint: str, query: str, *, timeout: float = 60.0) -> list[dict[str, str]]:
    """Run a SELECT query on a SPARQL endpoint (protocol GET); one dict per row, variable -> value."""
    _check_url(endpoint)
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip()
        raise QueryError(f"SPARQL query to {endpoint} failed: HTTP {error.code}: {detail}") from None
    except (urllib.error.URLError, OSError, json.JSONDecodeError) as error:
        raise QueryError(f"SPARQL query to {endpoint} failed: {getattr(error, 'reason', error)}") from None
    return [{name: cell["value"] for name, cell in row.items()} for row in data["results"]["bindings"]]
