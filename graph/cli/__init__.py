"""The command line: a thin layer that turns library errors into messages and exit codes.

Each module of this package registers one group of sub-commands with
``register(subparsers)``; every sub-command's help ends with an example.

Exit statuses: 0 success; 1 an error (one line on stderr, no traceback);
2 a usage error (argparse); 3 the build finished but skipped some sources.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from graph.errors import GraphError

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "EXIT_PARTIAL"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

# Command groups, in the order their commands appear in --help.
COMMAND_MODULES = ("build", "query", "serve", "rdf", "render", "scale", "evaluate")


def _command_module(argv: list[str]) -> str | None:
    """The module of the command ``argv`` names, when it is a question (answered without the
    other groups' imports: rdflib, the page renderer ...), else ``None``."""
    from graph.cli.query import COMMANDS

    words = [a for a in argv if not a.startswith("-")]
    return "query" if words and words[0] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command group, or of the group ``only``."""
    parser = argparse.ArgumentParser(
        prog="python -m graph",
        description="Evidence knowledge graph of health articles: build it, ask it, export it.",
        epilog="Example: python -m graph build --sources sources --out build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(f"graph.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_module(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or EXIT_OK)
    except GraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
