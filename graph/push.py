"""Load the RDF of a build into a SPARQL server with the SPARQL 1.1 Graph Store Protocol.

The protocol (https://www.w3.org/TR/sparql11-http-rdf-update/) is plain HTTP on a
graph store URL (Oxigraph: ``http://HOST:PORT/store``; Fuseki:
``http://HOST:PORT/DATASET/data``; GraphDB: ``.../repositories/ID/rdf-graphs/service``):

- ``PUT  STORE?graph=URI`` with a Turtle body replaces the named graph ``URI``;
- ``POST STORE?graph=URI`` adds the triples to it;
- ``?default`` instead of ``?graph=URI`` targets the default graph.

Only the standard library (``urllib``) is used. The server is the user's choice;
nothing here runs unless asked (``python -m graph push``).

>>> store_url("http://127.0.0.1:7878/store", "http://example.org/g 1")
'http://127.0.0.1:7878/store?graph=http%3A%2F%2Fexample.org%2Fg%201'
>>> store_url("http://127.0.0.1:7878/store", None)
'http://127.0.0.1:7878/store?default'
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from graph.errors import BuildNotFoundError, ExportError, QueryError

__all__ = ["store_url", "push_turtle", "sparql_select", "TURTLE"]

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
