"""RDF commands: ``export``, ``sparql``, ``validate``, ``queries``.

``--graph`` is a build folder (loaded with :func:`graph.load_graph`) or an exported RDF
file (``.ttl``, ``.nt``, ``.jsonld``), read with :func:`graph.export.rdf.read_rdf`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

__all__ = ["register"]

_EXTENSIONS = {"turtle": ".ttl", "jsonld": ".jsonld", "ntriples": ".nt", "kgx": ""}
_TABLE_CELL = 100


def register(subparsers) -> None:
    from graph.namespaces import DEFAULT_BASE
    from graph.sparql import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p = subparsers.add_parser(
        "export",
        help="write the graph as RDF (Turtle, JSON-LD, N-Triples) or KGX (TSV and JSON Lines)",
        description="Write the graph as RDF: claims as reified Biolink associations with their evidence "
        "(quote, article, section, character span), PROV-O provenance and SKOS labels; or as a KGX folder "
        "(nodes and edges, one edge per claim) for Biolink pipelines. The base IRI and infores id come from "
        "evidence-graph.toml or pyproject.toml [tool.evidence-graph] in the current folder, or the flags. "
        "See docs/rdf.md for the mapping.",
        epilog="Example: python -m graph export --graph build --format jsonld --out build/graph.jsonld\n"
        "         python -m graph export --graph build --format kgx --out build/kgx --infores infores:my-kg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--graph", default="build", help="build folder or RDF file (default: build)")
    p.add_argument("--format", choices=sorted(_EXTENSIONS), default="turtle", help="RDF format (default: turtle)")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="output file (default: graph.ttl / graph.jsonld / graph.nt / kgx/ in the build folder)")
    p.add_argument("--base", default=None, metavar="IRI",
                   help=f"base IRI of the data (concepts, claims, evidence, sources) (default: the setting, else {DEFAULT_BASE})")
    p.add_argument("--infores", default=None, metavar="ID",
                   help="infores id of the graph, every claim's primary_knowledge_source (default: the setting, else infores:evidence-graph)")
    p.add_argument("--direct-triples", action=argparse.BooleanOptionalAction, default=True,
                   help="RDF: also write each affirmed claim as a direct triple (subject eg:predicate object); "
                        "--no-direct-triples leaves only the claim nodes (for Biolink/KGX loaders) (default: on)")
    p.set_defaults(func=run_export)

    p = subparsers.add_parser(
        "sparql",
        help="run a read-only SPARQL query over the graph",
        description="Run a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) given as text, a .rq file, or the "
        "name of a shipped example (see the 'queries' command). Updates (INSERT, DELETE, LOAD, CLEAR, DROP, "
        "CREATE, ...) and SERVICE calls are refused. The prefixes eg:, biolink:, prov:, skos:, dcterms:, "
        "schema:, rdf:, rdfs:, xsd:, owl:, concept:, claim:, evidence: and source: are predeclared. "
        "A query running past --timeout, giving more than --max-rows rows or needing more than --max-memory "
        "is stopped with one line saying which, and exit status 1.",
        epilog='Example: python -m graph sparql "SELECT ?drug WHERE { ?drug eg:treats concept:ptsd }" --graph build\n'
        "         python -m graph sparql hedged_treatment_claims --graph build --format csv > hedged.csv\n"
        "         python -m graph sparql big_query.rq --timeout 120 --max-rows 1000000",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", metavar="QUERY_OR_FILE", help="query text, a .rq file, or a shipped query name")
    p.add_argument("--graph", default="build", help="build folder or RDF file (default: build)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    p.add_argument("--base", default=None, metavar="IRI",
                   help="base IRI of the data when exporting a build (default: the base the query's own PREFIX "
                        "concept:/claim:/evidence:/source: declares, else the setting, else " + DEFAULT_BASE + ")")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query running longer than this (default {DEFAULT_TIMEOUT:g}; loading not counted)")
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"stop a query giving more rows than this (default {DEFAULT_MAX_ROWS:,})")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help=f"stop a query needing more memory than this on top of the loaded graph (default {DEFAULT_MAX_MEMORY_MB:,})")
    p.set_defaults(func=run_sparql_command)

    p = subparsers.add_parser(
        "validate",
        help="check the graph's RDF against the SHACL shapes",
        description="Export the graph (or read an RDF file) and validate it with pySHACL against "
        "graph/export/shapes.ttl. Exit status 0 when it conforms, 1 with the report when it does not.",
        epilog="Example: python -m graph validate --graph build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--graph", default="build", help="build folder or RDF file (default: build)")
    p.set_defaults(func=run_validate)

    p = subparsers.add_parser(
        "queries",
        help="list the shipped example SPARQL queries",
        description="List the example queries shipped in graph/export/queries/ (run one by name with 'sparql').",
        epilog="Example: python -m graph queries --show drugs_for_pain_and_ptsd",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--show", metavar="NAME", default=None, help="print the text of one query")
    p.set_defaults(func=run_queries)


def _is_rdf_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in (".ttl", ".nt", ".jsonld") or (path.suffix.lower() == ".json" and path.name != "graph.json" and path.is_file())


def _settle(path: Path) -> None:
    """Wait for (or finish) a build swapping its outputs in the folder of ``path``: one build's files only."""
    from graph.buildset import settle

    folder = path if path.is_dir() else path.parent
    if folder.is_dir():
        settle(folder)


def _load(graph_arg: str):
    """An EvidenceGraph from a build folder / graph.json, or from an exported RDF file."""
    path = Path(graph_arg)
    _settle(path)
    if _is_rdf_file(path):
        from graph.export.rdf import read_rdf

        return read_rdf(path)
    import graph as graph_api

    return graph_api.load_graph(path)


def run_export(args) -> int:
    from graph.export.settings import load_settings

    settings = load_settings(Path.cwd(), base=args.base, infores=args.infores)
    graph = _load(args.graph)
    if args.out:
        out = Path(args.out)
    else:
        folder = Path(args.graph) if Path(args.graph).is_dir() else Path(args.graph).parent
        out = folder / ("kgx" if args.format == "kgx" else f"graph{_EXTENSIONS[args.format]}")
    if args.format == "kgx":
        from graph.export.kgx import write_kgx

        write_kgx(graph, out, base=settings.base, infores=settings.infores)
    else:
        from graph.export.rdf import write_rdf

        write_rdf(graph, out, args.format, base=settings.base, infores=settings.infores, direct_triples=args.direct_triples)
    stats = graph.stats()
    print(f"wrote {out} ({args.format}): {stats['concepts']} concepts, {stats['claims']} claims, {stats['evidence']} evidence")
    return 0


def _short(value, prefixes: list[tuple[str, str]]) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix, namespace in prefixes:
        if text.startswith(namespace) and len(text) > len(namespace):
            text = f"{prefix}:{text[len(namespace):]}"
            break
    text = " ".join(text.split())
    return text if len(text) <= _TABLE_CELL else text[: _TABLE_CELL - 1] + "…"


def _print_table(columns: list[str], rows: list[tuple], prefixes: dict[str, str]) -> None:
    from graph.cli.tables import render_table

    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    cells = [dict(zip(columns, (_short(v, ordered) for v in row))) for row in rows]
    print(render_table(cells, columns))  # fits the terminal's width
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def run_sparql_command(args) -> int:
    from graph.errors import QueryError
    from graph.sparql import check_read_only, default_prefixes, load_query, query_prefixes, run_sparql

    query = load_query(args.query)
    check_read_only(query)  # refuse updates before loading anything
    path = Path(args.graph)
    if not path.exists():
        raise QueryError(f"no graph at {path}; build one with: python build_graph.py --sources sources --out {path}")
    _settle(path)
    if args.timeout <= 0 or args.max_rows <= 0 or args.max_memory <= 0:
        raise QueryError("--timeout, --max-rows and --max-memory must be positive")
    from graph.export.settings import load_settings
    from graph.sparql import query_base

    base = args.base or query_base(query) or load_settings(Path.cwd()).base
    # The graph is loaded in the query's own process, which is killed past the limits.
    result = run_sparql(str(path), query, base=base, timeout=args.timeout, max_rows=args.max_rows,
                        max_memory_mb=args.max_memory)
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    elif args.format == "json":
        json.dump([dict(zip(result.columns, row)) for row in result.rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_table(result.columns, result.rows, {**default_prefixes(base), **query_prefixes(query)})
    return 0


def run_validate(args) -> int:
    from graph.export.rdf import validate_rdf

    path = Path(args.graph)
    conforms, report, _ = validate_rdf(path if _is_rdf_file(path) else _load(args.graph))
    if conforms:
        print(f"{args.graph}: conforms to the SHACL shapes")
        return 0
    print(report)
    print(f"{args.graph}: does NOT conform to the SHACL shapes", file=sys.stderr)
    return 1


def run_queries(args) -> int:
    from graph.errors import QueryError
    from graph.sparql import QUERIES_DIR, example_queries

    queries = example_queries()
    if args.show:
        if args.show not in queries:
            raise QueryError(f"no shipped query {args.show!r}; known: {', '.join(queries)}")
        print(queries[args.show][1], end="")
        return 0
    import textwrap

    from graph.cli.tables import fit_line, terminal_width

    width = max((len(name) for name in queries), default=0)
    for name, (summary, _) in queries.items():  # the summary wrapped in its column, to the terminal's width
        lines = textwrap.wrap(summary, width=max(20, terminal_width() - width - 2)) or [""]
        print("\n".join(f"{(name if i == 0 else '').ljust(width)}  {line}" for i, line in enumerate(lines)))
    print("\n" + fit_line(f"{len(queries)} queries in {QUERIES_DIR}; run one with: python -m graph sparql NAME --graph build"))
    return 0
