"""Scale commands: ``push`` (RDF to a SPARQL server), ``extract-parquet`` and ``assemble-parquet`` (Dask)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "push",
        help="load the build's RDF into a SPARQL server (Graph Store Protocol)",
        description="Send the build's RDF (Turtle) to a SPARQL 1.1 Graph Store Protocol endpoint: PUT replaces "
        "the named graph (or the default graph), --append POSTs (adds) instead. The Turtle is BUILD/graph.ttl when "
        "the build wrote it (--outputs all, or default,graph.ttl); otherwise it is made from the build's store "
        "(graph.sqlite) into a temporary file, with the base IRI and infores id the build used.",
        epilog="Example: python -m graph push --build build --store http://127.0.0.1:7878/store "
        "--graph https://example.org/evidence-graph",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--build", default="build",
                   help="build folder: its graph.ttl, else its store (default: build)")
    p.add_argument("--file", default=None, help="a Turtle file to send instead of the build's")
    p.add_argument("--store", required=True, help="graph store URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--graph", default=None, metavar="IRI", help="named graph IRI (default: the default graph)")
    p.add_argument("--append", action="store_true", help="add to the graph (POST) instead of replacing it (PUT)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the server (default: 300)")
    p.add_argument("--base", default=None, metavar="IRI",
                   help="base IRI when the Turtle is made from the store (default: the build's, see build.json)")
    p.add_argument("--infores", default=None, metavar="ID",
                   help="infores id when the Turtle is made from the store (default: the build's)")
    p.set_defaults(func=run_push)

    p = subparsers.add_parser(
        "extract-parquet",
        help="extract sources on a Dask cluster into Parquet files",
        description="Extract every source of SOURCES on Dask workers (a local cluster of WORKERS processes, or "
        "the scheduler at --scheduler) and write OUT/extractions/*.parquet, OUT/claims/*.parquet and "
        "OUT/_manifest.json. OUT must be writable by every worker.",
        epilog="Example: python -m graph extract-parquet --sources sources --out parquet --workers 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sources", default="sources", help="folder of articles (default: sources)")
    p.add_argument("--out", default="parquet", help="output folder (default: parquet)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)")
    p.add_argument("--workers", type=int, default=2, help="processes of the local cluster (default: 2)")
    p.add_argument("--partition-size", type=int, default=64, help="sources per task (default: 64)")
    p.add_argument("--vocabulary", default=None, metavar="DIR", help="vocabulary folder (default: the package's)")
    p.set_defaults(func=run_extract_parquet)

    p = subparsers.add_parser(
        "assemble-parquet",
        help="assemble a graph from extract-parquet output and write the outputs",
        description="Read PARQUET (written by extract-parquet), assemble the graph and write the outputs "
        "into OUT, as a build does.",
        epilog="Example: python -m graph assemble-parquet --parquet parquet --out build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--parquet", default="parquet", help="extract-parquet output folder (default: parquet)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--outputs", default=None, metavar="LIST",
                   help="comma-separated outputs, as build --outputs takes them: names, 'default', 'all' "
                        "(default: $GRAPH_OUTPUTS when set, else 'default')")
    p.add_argument("--curation", default=None, metavar="PATH",
                   help="a curation file to apply after assembly, as a build does (e.g. sources/curation.yaml)")
    p.set_defaults(func=run_assemble_parquet)


def run_push(args) -> int:
    import contextlib
    from pathlib import Path

    from graph.buildset import settle
    from graph.push import build_turtle, push_turtle

    with contextlib.ExitStack() as stack:
        if args.file:
            path, made = Path(args.file), False
            if path.parent.is_dir():
                settle(path.parent)  # one build's graph.ttl, never one half swapped
        else:
            path, made = stack.enter_context(build_turtle(args.build, base=args.base, infores=args.infores))
        size = path.stat().st_size if path.is_file() else 0
        status = push_turtle(path, args.store, graph=args.graph, replace=not args.append, timeout=args.timeout)
    target = f"graph <{args.graph}>" if args.graph else "the default graph"
    what = f"the Turtle made from the store of {args.build}" if made else str(path)
    print(f"{'added' if args.append else 'replaced'} {target} with {what} ({size} bytes): HTTP {status}")
    return 0


def run_extract_parquet(args) -> int:
    from dask.distributed import Client, LocalCluster

    from graph.cli import EXIT_OK, EXIT_PARTIAL
    from graph.distributed import extract_to_parquet

    if args.scheduler:
        with Client(args.scheduler) as client:
            manifest = extract_to_parquet(args.sources, args.out, client, vocabulary_dir=args.vocabulary,
                                          partition_size=args.partition_size)
    else:
        with LocalCluster(n_workers=max(1, args.workers), threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=":0") as cluster, Client(cluster) as client:
            manifest = extract_to_parquet(args.sources, args.out, client, vocabulary_dir=args.vocabulary,
                                          partition_size=args.partition_size)
    from graph.cli import clean_line

    for problem in manifest["problems"]:
        kind = "warning" if problem.endswith("(warning)") else "skipped"
        print(clean_line(f"{kind}: {problem}"), file=sys.stderr)
    print(f"extracted {manifest['sources']} sources ({manifest['claims']} claim occurrences) into "
          f"{len(manifest['partitions'])} partition(s) in {args.out}/ in {manifest['seconds']:.2f} s")
    return EXIT_PARTIAL if any(not p.endswith("(warning)") for p in manifest["problems"]) else EXIT_OK


def run_assemble_parquet(args) -> int:
    import time
    from pathlib import Path

    from graph.buildset import preflight
    from graph.cli import EXIT_PARTIAL
    from graph.distributed import assemble_parquet
    from graph.cli import clean_line
    from graph.errors import ExportError
    from graph.export import outputs_from
    from graph.pipeline import write_graph

    started = time.perf_counter()
    try:
        outputs = outputs_from(args.outputs)
    except ExportError as error:
        print(clean_line(f"error: {error}"), file=sys.stderr)
        return 2
    out = Path(args.out)
    preflight(out)  # one line, exit 2, before reading the partitions
    graph = assemble_parquet(args.parquet)
    curation_problems = []
    if args.curation:
        from graph.cli import clean_line
        from graph.curation import curate_graph

        if not Path(args.curation).is_file():
            print(clean_line(f"error: --curation {args.curation}: no such file"), file=sys.stderr)
            return 2
        graph, curation_problems = curate_graph(graph, args.curation)
        for problem in curation_problems:
            line = f"warning: {problem.path}: {problem.reason}" if problem.action == "warning" else f"skipped: {problem}"
            print(clean_line(line), file=sys.stderr)
    result = write_graph(graph, out, outputs=outputs)
    for problem in result.problems:
        print(f"not written: {problem}", file=sys.stderr)
    if result.problems:
        return EXIT_PARTIAL
    print(f"assembled {graph!r} from {args.parquet}/ and wrote {', '.join(outputs)} to {out}/ "
          f"in {time.perf_counter() - started:.2f} s")
    return EXIT_PARTIAL if any(p.action != "warning" for p in curation_problems) else 0
