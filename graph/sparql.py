"""Read-only SPARQL over the evidence graph (or any exported RDF file), into rows or a DataFrame.

Queries run on Oxigraph (an in-memory store; much faster than rdflib's engine on large
graphs, see ``benchmarks/bench_rdf.py``). A query can be bounded: ``max_rows`` stops it
past that many rows (rows are read lazily, so memory stays bounded for streaming
queries); ``timeout`` and ``max_memory_mb`` run it in a child process that is killed at
the deadline or dies when its address space outgrows the budget (blocking operators
such as ``ORDER BY`` over a cross product hold their input in memory); either way one
:class:`~graph.errors.QueryError` line says which limit was hit. The ``sparql`` command
uses 30 s, 100,000 rows and 2,048 MB by default. Only queries are allowed: the text is parsed
first, and SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ...) and federated
``SERVICE`` calls are refused with :class:`~graph.errors.QueryError`. The prefixes of the
export (``eg:``, ``biolink:``, ``prov:``, ``skos:``, ``dcterms:``, ``concept:``, ...) are
predeclared, so short queries need no ``PREFIX`` lines.

>>> from graph.evidence_graph import EvidenceGraph
>>> from graph.model import Source, Concept, Claim, Evidence
>>> g = EvidenceGraph([Source("a", "Ketamine eases PTSD.")],
...     [Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition")],
...     [Claim("ketamine", "treats", "ptsd", evidence=(Evidence("a", "Ketamine eases PTSD.", 0, 20),))])
>>> run_sparql(g, "SELECT ?d WHERE { ?d eg:treats concept:ptsd }").rows
[('https://example.org/evidence-graph/concept/ketamine',)]
>>> sparql_frame(g, "SELECT (COUNT(*) AS ?n) WHERE { ?c a eg:Claim }")["n"].tolist()
[1]
>>> run_sparql(g, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", max_rows=10)
Traceback (most recent call last):
...
graph.errors.QueryError: the query gives more than 10 rows (--max-rows 10); narrow it (LIMIT, more specific patterns) or raise --max-rows
>>> run_sparql(g, "DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
graph.errors.QueryError: SPARQL update (DELETE) is not allowed: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError
from graph.namespaces import DEFAULT_BASE, PREFIXES, project_namespaces

__all__ = [
    "QUERIES_DIR",
    "SparqlResult",
    "check_read_only",
    "load_query",
    "example_queries",
    "open_store",
    "run_sparql",
    "sparql_frame",
    "default_prefixes",
    "query_prefixes",
    "query_base",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MAX_MEMORY_MB",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_MEMORY_MB = 2048
_BATCH = 1000

log = logging.getLogger(__name__)

QUERIES_DIR = Path(__file__).parent / "export" / "queries"

_QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def default_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes every query may use without declaring them."""
    return {**PREFIXES, **project_namespaces(base).prefixes}





def query_prefixes(query: str) -> dict[str, str]:
    """The prefixes a query declares itself (its ``PREFIX`` lines), from its parsed prologue.

    >>> query_prefixes("PREFIX concept: <https://kg.example.org/concept/> SELECT * WHERE { ?s ?p ?o }")
    {'concept': 'https://kg.example.org/concept/'}
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        prologue = parseQuery(query)[0]
    except ParseException:
        return {}
    out = {}
    for decl in prologue:
        if getattr(decl, "name", "") == "PrefixDecl":
            out[str(decl.get("prefix") or "")] = str(decl["iri"])
    return out


def query_base(query: str) -> str | None:
    """The data base IRI a query's own ``concept:``/``claim:``/``evidence:``/``source:`` prefixes declare.

    A query written for an export under another base (``export --base``) says so in its PREFIX
    lines; a build folder is then exported under that base, so the query finds its data.

    >>> query_base("PREFIX concept: <https://kg.example.org/pain/concept/> ASK { ?s ?p ?o }")
    'https://kg.example.org/pain/'
    >>> query_base("ASK { ?s ?p ?o }") is None
    True
    """
    bases = set()
    for prefix, namespace in query_prefixes(query).items():
        if prefix in ("concept", "claim", "evidence", "source") and namespace.endswith(prefix + "/"):
            bases.add(namespace[: -len(prefix) - 1])
    if len(bases) != 1:
        return None
    base = bases.pop()
    try:
        project_namespaces(base)
    except Exception:
        return None
    return base


def _walk(node: Any):
    """Every rdflib ``CompValue`` in a parse result."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "asList") and not isinstance(item, str):
            stack.extend(list(item))


def check_read_only(query: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or :class:`QueryError`.

    Decided by parsing the text with rdflib's SPARQL grammar, not by looking for words:
    a string literal or comment containing "DELETE" is fine; an update is refused.

    >>> check_read_only('SELECT ?s WHERE { ?s ?p "DROP ALL" } # INSERT')
    'SELECT'
    >>> check_read_only("INSERT DATA { <http://a> <http://b> <http://c> }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: SPARQL update (INSERT DATA) is not allowed: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not query or not query.strip():
        raise QueryError("empty SPARQL query")
    try:
        parsed = parseQuery(query)
    except ParseException as query_error:
        try:
            update = parseUpdate(query)
        except ParseException:
            raise QueryError(f"SPARQL syntax error: {query_error.msg} (line {query_error.lineno}, column {query_error.col})") from None
        operations = [str(op.name) for op in update.request] if getattr(update, "request", None) else []
        words = {
            "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE",
            "Modify": "DELETE/INSERT", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP",
            "Create": "CREATE", "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
        }
        names = ", ".join(dict.fromkeys(words.get(op, op) for op in operations)) or "UPDATE"
        raise QueryError(f"SPARQL update ({names}) is not allowed: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)") from None
    for comp in _walk(parsed):
        if comp.name == "ServiceGraphPattern":
            raise QueryError("SERVICE (federated query) is not allowed: queries run offline on the local graph only")
    form = next((comp.name for comp in parsed[1:2] if hasattr(comp, "name")), "")
    if form not in _QUERY_FORMS:
        raise QueryError(f"unsupported SPARQL query form {form!r}")
    return _QUERY_FORMS[form]


def example_queries() -> dict[str, tuple[str, str]]:
    """The shipped example queries: ``{name: (first comment line, text)}``.

    >>> "drugs_for_pain_and_ptsd" in example_queries()
    True
    """
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        summary = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), "")
        out[path.stem] = (summary, text)
    return out


def load_query(query_or_file: str) -> str:
    """The query text for a query string, a ``.rq`` file path, or a shipped example's name.

    >>> load_query("drugs_for_pain_and_ptsd").lstrip().startswith("#")
    True
    """
    candidate = query_or_file.strip()
    if "\n" not in candidate and len(candidate) < 4096:
        path = Path(candidate)
        if path.suffix == ".rq" or path.is_file():
            if not path.is_file():
                raise QueryError(f"no query file {candidate!r}")
            return path.read_text(encoding="utf-8")
        shipped = QUERIES_DIR / f"{candidate}.rq"
        if shipped.is_file():
            return shipped.read_text(encoding="utf-8")
    return query_or_file


def open_store(source: Any, base: str = DEFAULT_BASE) -> ox.Store:
    """An Oxigraph store holding the graph: an EvidenceGraph, rdflib.Graph, Store, RDF file or build folder.

    A build folder (its ``graph.sqlite``, else ``graph.json``; or that file) is loaded with
    :func:`graph.load_graph` and exported;
    an RDF file (``.ttl``, ``.nt``, ``.jsonld``) is loaded as it is.
    """
    import rdflib

    from graph.evidence_graph import EvidenceGraph
    from graph.export.rdf import FORMATS, format_for_path, to_oxigraph

    if isinstance(source, ox.Store):
        return source
    if isinstance(source, EvidenceGraph):
        return to_oxigraph(source, base)
    if isinstance(source, rdflib.Graph):
        store = ox.Store()
        store.load(source.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        return store
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir() or path.name == "graph.json" or path.suffix == ".sqlite":
            import graph as graph_api

            return to_oxigraph(graph_api.load_graph(path), base)
        if not path.exists():
            raise QueryError(f"no graph at {path}")
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=FORMATS[format_for_path(path)][0])
        except SyntaxError as error:
            raise QueryError(f"{path}: not valid RDF: {error}") from error
        return store
    raise QueryError(f"cannot run SPARQL over a {type(source).__name__}")


@dataclass
class SparqlResult:
    """Rows of a query: ``columns`` (variable names) and ``rows`` (tuples of Python values).

    IRIs are strings, typed literals Python values (int, float, bool), unbound variables ``None``.
    ``CONSTRUCT``/``DESCRIBE`` give ``subject, predicate, object`` rows; ``ASK`` one ``ask`` row.
    """

    form: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    def frame(self):
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong", "negativeInteger", "nonPositiveInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _too_many(max_rows: int) -> QueryError:
    return QueryError(f"the query gives more than {max_rows:,} rows (--max-rows {max_rows}); narrow it "
                      "(LIMIT, more specific patterns) or raise --max-rows")


def _evaluate(store: ox.Store, text: str, form: str, base: str, max_rows: int | None):
    """Yield ``(columns,)`` then batches of rows; stop with :func:`_too_many` past ``max_rows``."""
    try:
        result = store.query(text, prefixes=default_prefixes(base))
    except SyntaxError as error:
        raise QueryError(f"SPARQL error: {error}") from error
    if form == "ASK":
        yield ["ask"]
        yield [(bool(result),)]
        return
    if form in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        convert = lambda t: (_value(t.subject), _value(t.predicate), _value(t.object))  # noqa: E731
    else:
        columns = [v.value for v in result.variables]
        convert = lambda solution: tuple(_value(solution[name]) for name in columns)  # noqa: E731
    yield columns
    batch: list[tuple] = []
    count = 0
    for item in result:  # lazy: rows are produced as they are read
        count += 1
        if max_rows is not None and count > max_rows:
            raise _too_many(max_rows)
        batch.append(convert(item))
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def run_sparql(source: Any, query: str, *, base: str = DEFAULT_BASE, timeout: float | None = None,
               max_rows: int | None = None, max_memory_mb: int | None = None) -> SparqlResult:
    """Run a read-only SPARQL query over ``source`` (see :func:`open_store`).

    ``query`` is the text, a ``.rq`` path, or the name of a shipped example query.
    ``max_rows``: :class:`QueryError` past that many rows. ``timeout`` (seconds of query
    time, loading not counted) or ``max_memory_mb`` (memory the query may add): the query
    runs in a child process, killed at the deadline or when it outgrows the budget.
    """
    text = load_query(query)
    form = check_read_only(text)
    if timeout is not None or max_memory_mb is not None:
        return _run_bounded(source, text, form, base, timeout, max_rows, max_memory_mb)
    store = open_store(source, base)
    parts = _evaluate(store, text, form, base, max_rows)
    columns = next(parts)
    rows = [row for batch in parts for row in batch]
    return SparqlResult(form, columns, rows)


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _child(conn, source: Any, text: str, form: str, base: str, max_rows: int | None, max_memory_mb: int | None) -> None:
    """The query process: load, report ready, cap its own memory, stream batches back."""
    from graph.errors import GraphError
    import signal

    from graph.parallel import _die_with_parent

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(None)
    try:
        store = open_store(source, base)
        if max_memory_mb is not None:
            import resource

            current = _virtual_size()
            if current is not None:
                limit = current + max_memory_mb * 1024 * 1024
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        conn.send(("ready",))
        # Past here a failing allocation aborts the process with a message of the allocator's: the
        # parent says it in one line instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        for part in _evaluate(store, text, form, base, max_rows):
            conn.send(("rows", part))
        conn.send(("done",))
    except MemoryError:
        conn.send(("memory",))
    except GraphError as error:
        conn.send(("error", str(error)))
    except Exception as error:  # reported as one line by the parent
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def _run_bounded(source: Any, text: str, form: str, base: str, timeout: float | None, max_rows: int | None,
                 max_memory_mb: int | None) -> SparqlResult:
    import multiprocessing
    import threading
    import time

    from graph.errors import GraphError

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context(
        "fork" if "fork" in methods and threading.active_count() == 1 else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, source, text, form, base, max_rows, max_memory_mb),
                              daemon=True)
    process.start()
    sender.close()
    memory_note = f"more than {max_memory_mb:,} MB of memory (--max-memory {max_memory_mb})" if max_memory_mb else "too much memory"
    columns: list[str] | None = None
    rows: list[tuple] = []
    deadline = None
    try:
        while True:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryError(f"the query ran longer than {timeout:g} s (--timeout {timeout:g}); narrow it "
                                     "(LIMIT, more specific patterns) or raise --timeout")
                ready = receiver.poll(min(remaining, 0.25))
            else:
                ready = receiver.poll(0.25)
            if not ready:
                if not process.is_alive() and not receiver.poll(0):
                    raise _died(process, memory_note)
                continue
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                process.join(1)
                raise _died(process, memory_note) from None
            kind = message[0]
            if kind == "ready":
                deadline = None if timeout is None else time.monotonic() + timeout
            elif kind == "rows":
                if columns is None:
                    columns = list(message[1])
                else:
                    rows.extend(message[1])
                    if max_rows is not None and len(rows) > max_rows:
                        raise _too_many(max_rows)
            elif kind == "done":
                break
            elif kind == "memory":
                raise QueryError(f"the query needed {memory_note}; narrow it or raise --max-memory")
            elif kind == "error":
                message_text = message[1]
                raise (QueryError if message_text.startswith(("SPARQL", "the query")) else GraphError)(message_text)
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    return SparqlResult(form, columns or [], rows)


def _died(process, memory_note: str) -> QueryError:
    import signal

    code = process.exitcode
    how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
    return QueryError(f"the query process stopped ({how}); it probably needed {memory_note}")


def sparql_frame(graph_or_path: Any, query: str, *, base: str = DEFAULT_BASE):
    """The rows of a read-only SPARQL query as a pandas DataFrame (one column per variable)."""
    return run_sparql(graph_or_path, query, base=base).frame()


# Short reprs for a query's rows (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(SparqlResult)
