"""The command line: a thin layer that turns library errors into messages and exit codes.

Each module of this package registers one group of sub-commands with
``register(subparsers)``; every sub-command's help ends with an example.

Exit statuses: 0 success; 1 an error (one line on stderr, no traceback);
2 a usage error (argparse) or an output folder that cannot be used (found before any
work); 3 the build finished but skipped some sources; 130/143 interrupted by
SIGINT/SIGTERM (a build then removes its staging folder and stops its workers).

Everything printed is cleaned of control characters and escape sequences that article
text may hold (:mod:`graph.cli.terminal`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import signal
import sys
import threading

from graph.cli.parsing import Parser
from graph.cli.terminal import CleanStream, clean_line
from graph.errors import GraphError, OutputFolderError

__all__ = ["main", "build_parser", "clean_line", "EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "EXIT_PARTIAL"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

# Command groups, in the order their commands appear in --help.
COMMAND_MODULES = ("build", "query", "serve", "rdf", "render", "scale", "evaluate", "curate", "brief", "strength")


def _command_module(argv: list[str]) -> str | None:
    """The module of the command ``argv`` names, when it is a question (answered without the
    other groups' imports: rdflib, the page renderer ...), else ``None``."""
    from graph.cli.query import COMMANDS

    words = [a for a in argv if not a.startswith("-")]
    return "query" if words and words[0] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command group, or of the group ``only``."""
    parser = Parser(  # no abbreviated options; "did you mean" on a typo (graph.cli.parsing)
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


class _CleanFormatter(logging.Formatter):
    """Log records name files and quote articles: one clean line each."""

    def format(self, record: logging.LogRecord) -> str:
        return clean_line(super().format(record))


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that ``finally`` blocks run (staging removed, workers stopped)."""


# The signal received, kept: Python drops an exception raised while a finaliser runs ("Exception
# ignored in ..."), so a Ctrl-C landing there would otherwise be lost and the command would
# report success.
_received: list[int] = []


def _terminate(signum, frame) -> None:
    _received.append(signum)
    raise _Terminated()


def _interrupt(signum, frame) -> None:
    _received.append(signum)
    raise KeyboardInterrupt()


@contextlib.contextmanager
def _sigterm_raises():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    previous = signal.signal(signal.SIGTERM, _terminate)
    previous_int = signal.signal(signal.SIGINT, _interrupt)
    try:
        yield
        if _received:  # the exception was swallowed somewhere: the signal still stops the command
            raise _Terminated() if _received[-1] == signal.SIGTERM else KeyboardInterrupt()
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


@contextlib.contextmanager
def _clean_stdout(output_format: str | None):
    """stdout cleaned as :mod:`graph.cli.terminal` says for the command's ``--format``."""
    raw = sys.stdout
    if output_format == "json":
        mode = "json"
    elif output_format == "csv" and not raw.isatty():
        mode = "raw"
    else:
        mode = "text"
    sys.stdout = CleanStream(raw, mode)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout = raw


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_module(argv))
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(_CleanFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, handlers=[handler])
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with _sigterm_raises(), _clean_stdout(getattr(args, "format", None)):
            return int(args.func(args) or EXIT_OK)
    except OutputFolderError as error:
        print(clean_line(f"error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except GraphError as error:
        print(clean_line(f"error: {error}"), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return EXIT_OK
    except OSError as error:  # a file that cannot be read or written: one line, no traceback
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        print(clean_line(f"error: {where}{error.strerror or error}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("terminated", file=sys.stderr)
        return 143
