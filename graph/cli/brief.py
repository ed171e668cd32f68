"""``brief``: an evidence brief about a concept, or between two, as Markdown (and HTML) to write from."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "brief", help="an evidence brief to write from (Markdown, or HTML)",
        description="Every claim about CONCEPT (or between CONCEPT and OTHER), best supported first, each with "
                    "its strength in words (\"asserted in 3 independent articles, one citing a named study\"; "
                    "\"hedged in 1 article, no study named\"; independent = distinct publishers), its best quotes "
                    "with the article's title, publisher, date and URL; between two concepts, the best chains "
                    "through a third; where the sources disagree; and what no named study backs. Markdown on "
                    "stdout unless --out; --html writes the same brief as a standalone page (no external "
                    "resource). Article text is escaped in both.",
        epilog="Examples:\n  python -m graph brief ketamine ptsd\n"
               "  python -m graph brief ketamine ptsd --out ketamine-ptsd.md --html ketamine-ptsd.html\n"
               "  python -m graph brief 'chronic pain' --graph build",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("concept", help="concept label, synonym or id")
    p.add_argument("other", nargs="?", help="a second concept: only the claims between the two")
    p.add_argument("--graph", default="build", metavar="DIR", help="build folder (default: build)")
    p.add_argument("--out", default=None, metavar="FILE.md", help="write the Markdown here instead of stdout")
    p.add_argument("--html", default=None, metavar="FILE.html", help="also write the brief as an HTML page")
    p.add_argument("--links", type=int, default=3, metavar="N",
                   help="chains through a third concept shown between two concepts (default 3; 0 for none)")
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    import graph
    from graph.brief import brief
    from graph.fileio import atomic_write_text

    for target in (args.out, args.html):
        if target:
            from pathlib import Path

            if Path(target).is_dir():
                from graph.errors import ExportError

                raise ExportError(f"{target} is a folder; give the name of a file to write")
    made = brief(graph.load_graph(args.graph), args.concept, args.other, links=max(0, args.links))
    if args.out:
        atomic_write_text(args.out, made.markdown())
        print(f"wrote {args.out}: {len(made.claims)} claim(s), {len(made.sources())} source(s)", file=sys.stderr)
    else:
        sys.stdout.write(made.markdown())
    if args.html:
        atomic_write_text(args.html, made.html())
        print(f"wrote {args.html}", file=sys.stderr)
    return 0
