"""``evaluate``: score the extracted graph against the gold annotations in tests/gold."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["register", "run", "load_evaluated_graph"]

_DESCRIPTION = """\
Compare the concepts and claims extracted from each source with its gold annotation
(GOLD/<source id>.yaml) and print, per source and overall (micro-averaged):
concept recall, claim precision / recall / F1 (subject, predicate, object and
polarity must agree; names are matched through the vocabulary), certainty
accuracy on the matched claims, and studies found.

The graph is loaded from --graph (a built folder: its graph.sqlite, else graph.json) when given,
else built afresh from --sources.

With --corpus DIR, each split of an evaluation corpus (DIR/dev, DIR/test and
DIR/holdout, each with sources/ and gold/) is built and scored, and only aggregate
figures are printed: overall, per predicate and per article style. Per-source rows
and errors (--show-errors) are shown for the dev split only: the test and holdout
splits are frozen, and reading their errors while changing rules would tune the
rules to them."""

_EPILOG = """\
Examples:
  python -m graph evaluate --gold tests/gold --graph build
  python -m graph evaluate --gold tests/gold --sources sources --show-errors
  python -m graph evaluate --graph build --format json > evaluation.json
  python -m graph evaluate --corpus tests/corpus
  python -m graph evaluate --corpus tests/corpus --split dev --show-errors
  python -m graph evaluate --corpus tests/corpus --split holdout"""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="score extraction against gold annotations (precision, recall, F1)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--gold", default="tests/gold", help="folder of gold YAML files (default: tests/gold)")
    p.add_argument("--graph", default=None, metavar="DIR",
                   help="built folder to load (graph.sqlite, else graph.json); without it the graph is built from --sources")
    p.add_argument("--sources", default="sources", help="folder of articles to build from (default: sources)")
    p.add_argument("--show-errors", action="store_true",
                   help="list missing concepts, false positives/negatives and certainty errors per source")
    p.add_argument("--corpus", default=None, metavar="DIR",
                   help="score every split of an evaluation corpus (DIR/<split>/sources and gold); aggregates only")
    p.add_argument("--split", action="append", choices=("dev", "test", "holdout"), default=None,
                   help="with --corpus: only this split (repeatable; default: dev, test and holdout)")
    p.add_argument("--vocab", default=None, metavar="DIR",
                   help="vocabulary folder used to match names (default: the package's vocabulary)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    p.set_defaults(func=run)


def load_evaluated_graph(graph_dir: str | None, sources_dir: str):
    """The graph to evaluate: loaded from ``graph_dir`` if given, else built from ``sources_dir``."""
    import graph as api

    if graph_dir:
        return api.load_graph(Path(graph_dir))
    return api.build_graph(Path(sources_dir), curation=False)  # the extractor's graph: no writer's decisions


def run(args) -> int:
    from graph.cli import EXIT_OK
    from graph.evaluate import evaluate, load_gold
    from graph.vocab import load_vocabulary

    if args.corpus:
        return _run_corpus(args)
    gold = load_gold(args.gold)  # first: a bad gold folder fails before a long build
    vocabulary = load_vocabulary(str(Path(args.vocab).resolve()) if args.vocab else None)
    report = evaluate(load_evaluated_graph(args.graph, args.sources), gold, vocabulary)
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.format_table(show_errors=args.show_errors))
    return EXIT_OK


def _run_corpus(args) -> int:
    import json

    from graph.cli import EXIT_OK
    from graph.evaluate import CORPUS_SPLITS, evaluate_corpus
    from graph.vocab import load_vocabulary

    vocabulary = load_vocabulary(str(Path(args.vocab).resolve()) if args.vocab else None)
    splits = tuple(args.split or CORPUS_SPLITS)
    reports = evaluate_corpus(args.corpus, splits, vocabulary)
    if args.format == "json":
        data = {}
        for split, report in reports.items():
            full = report.to_dict()
            if split != "dev":  # the frozen splits: aggregates only
                full.pop("sources", None)
            data[split] = full
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    blocks = []
    for split, report in reports.items():
        text = report.format_summary(f"{split} split")
        if split == "dev" and args.show_errors:
            text += "\n" + report.format_table(show_errors=True)
        blocks.append(text)
    print("\n\n".join(blocks))
    return EXIT_OK
