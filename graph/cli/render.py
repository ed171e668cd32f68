"""``render``: write the interactive page of a built graph, whole or around one concept.

Examples::

    python -m graph render                                   # build/graph.sqlite -> build/graph.html
    python -m graph render --focus ketamine --depth 2        # -> build/graph-ketamine.html
    python -m graph render --min-support 2 --predicate treats --predicate causes --out strong.html
"""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.model import PREDICATES, slugify

__all__ = ["register", "run_render", "default_output"]



def default_output(build_dir: Path, focus: str | None) -> Path:
    """Where the page goes without ``--out``: ``graph.html``, or ``graph-<focus>.html`` beside it.

    >>> default_output(Path("build"), None).as_posix(), default_output(Path("build"), "PTSD").as_posix()
    ('build/graph.html', 'build/graph-ptsd.html')
    """
    return build_dir / (f"graph-{slugify(focus)}.html" if focus else "graph.html")


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(subparsers) -> None:
    from graph.render.html import DEFAULT_MAX_CLAIMS, DEFAULT_MAX_NODES

    parser = subparsers.add_parser(
        "render",
        help="write the interactive HTML page (whole graph or around one concept)",
        description="Write a self-contained, offline HTML page of the evidence graph: click a concept or a "
        "claim for its evidence sentences, search by any synonym, filter by category, predicate, certainty "
        "and polarity, and see the drug/therapy x condition evidence map.",
        epilog="Example: python -m graph render --focus ketamine --depth 2 --out ketamine.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--build", default="build", metavar="DIR", help="a built graph: folder with graph.sqlite (or graph.json) (default: build)")
    where.add_argument("--sources", metavar="DIR", help="build the graph from the articles in DIR instead (nothing else is written)")
    parser.add_argument("--out", metavar="FILE", help="the page to write (default: BUILD/graph.html, or BUILD/graph-CONCEPT.html with --focus)")
    parser.add_argument("--focus", metavar="CONCEPT", help="only the concepts around this one (any name or synonym)")
    parser.add_argument("--depth", type=_positive, default=1, metavar="N", help="with --focus: how many steps out (default: 1)")
    parser.add_argument("--min-support", type=_positive, default=0, metavar="N",
                        help="only claims supported by at least N sources (default: 0, every claim; promotion, advice "
                             "and questions are not support)")
    parser.add_argument("--predicate", action="append", choices=PREDICATES, metavar="PREDICATE",
                        help="only claims with this predicate (repeat for several): " + ", ".join(PREDICATES))
    parser.add_argument("--max-nodes", type=_positive, default=DEFAULT_MAX_NODES, metavar="N",
                        help=f"show at most N concepts, the most supported (default: {DEFAULT_MAX_NODES}; 0: no limit)")
    parser.add_argument("--max-claims", type=_positive, default=DEFAULT_MAX_CLAIMS, metavar="N",
                        help=f"show at most N claims, the most supported (default: {DEFAULT_MAX_CLAIMS}; 0: no limit)")
    parser.add_argument("--title", default="Evidence graph", help="the page title")
    parser.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    import graph
    from graph.errors import ExportError
    from graph.render.html import find_concept_id, write_html

    if args.out and Path(args.out).is_dir():  # said before the graph is loaded
        raise ExportError(f"--out {args.out} is a folder, not a file; give the page's file name, "
                          f"e.g. {Path(args.out) / 'page.html'}")
    if args.sources:
        evidence_graph = graph.build_graph(args.sources)
        base = Path("build")
    else:
        base = Path(args.build)
        evidence_graph = graph.load_graph(base)
    focus = find_concept_id(evidence_graph, args.focus) if args.focus else None
    out = Path(args.out) if args.out else default_output(base, focus)
    write_html(
        evidence_graph,
        out,
        title=args.title,
        focus=focus,
        depth=args.depth,
        min_support=max(0, args.min_support),
        predicates=args.predicate,
        max_nodes=args.max_nodes or None,
        max_claims=args.max_claims or None,
    )
    print(out)
    return 0
