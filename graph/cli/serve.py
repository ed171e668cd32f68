"""``serve``: browse the build's store in Datasette."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    from graph.serve import DEFAULT_PORT

    p = subparsers.add_parser(
        "serve",
        help="browse the build's store (graph.sqlite) in Datasette, read-only",
        description="Open OUT/graph.sqlite in Datasette on 127.0.0.1: every table and column described, facets on "
        "predicate, certainty, polarity and source, full-text search of the evidence sentences, and canned queries "
        "(hedged treatment claims, claims no study backs, a concept's evidence). The file is opened immutable: the "
        "server never writes it. Restart it after a rebuild. Ctrl-C stops it.",
        epilog="Examples:\n  python -m graph serve\n  python -m graph serve --graph build --port 8002",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--graph", default="build", metavar="DIR",
                   help="build folder holding graph.sqlite, or the file itself (default: build)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from graph.errors import BuildNotFoundError
    from graph.serve import serve
    from graph.store import store_path

    path = store_path(args.graph)
    if path is None:
        raise BuildNotFoundError(f"no graph.sqlite in {args.graph}; build one with: "
                                 f"python build_graph.py --sources sources --out {Path(args.graph)}")
    print(f"serving {path} at http://{args.host}:{args.port}/ (read-only; Ctrl-C stops)", flush=True)
    serve(path, host=args.host, port=args.port)
    return 0
