"""Read-only SPARQL over the evidence graph (or any exported RDF file), into rows or a DataFrame.

Queries run on Oxigraph (an in-memory store; much faster than rdflib's engine on large
graphs, see ``benchmarks/bench_rdf.py``). Only queries are allowed: the text is parsed
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
]

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

    A build folder (or its ``graph.json``) is loaded with :func:`graph.load_graph` and exported;
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
        if path.is_dir() or path.name == "graph.json":
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


def run_sparql(source: Any, query: str, *, base: str = DEFAULT_BASE) -> SparqlResult:
    """Run a read-only SPARQL query over ``source`` (see :func:`open_store`).

    ``query`` is the text, a ``.rq`` path, or the name of a shipped example query.
    """
    text = load_query(query)
    form = check_read_only(text)
    store = open_store(source, base)
    try:
        result = store.query(text, prefixes=default_prefixes(base))
    except SyntaxError as error:
        raise QueryError(f"SPARQL error: {error}") from error
    if form == "ASK":
        return SparqlResult(form, ["ask"], [(bool(result),)])
    if form in ("CONSTRUCT", "DESCRIBE"):
        rows = [(_value(t.subject), _value(t.predicate), _value(t.object)) for t in result]
        return SparqlResult(form, ["subject", "predicate", "object"], rows)
    columns = [v.value for v in result.variables]
    rows = [tuple(_value(solution[name]) for name in columns) for solution in result]
    return SparqlResult(form, columns, rows)


def sparql_frame(graph_or_path: Any, query: str, *, base: str = DEFAULT_BASE):
    """The rows of a read-only SPARQL query as a pandas DataFrame (one column per variable)."""
    return run_sparql(graph_or_path, query, base=base).frame()
