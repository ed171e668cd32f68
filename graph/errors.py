"""The one exception family of the package.

Library code raises these; the command line turns them into one-line messages
and exit codes. Recoverable data problems (a bad source file among good ones)
are not raised one by one: they are collected as :class:`Problem` records and
reported together (see :func:`graph.sources.read_sources`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GraphError",
    "SourceError",
    "VocabularyError",
    "ExtractionError",
    "BuildNotFoundError",
    "ConceptNotFoundError",
    "ClaimNotFoundError",
    "QueryError",
    "ExportError",
    "OutputFolderError",
    "BuildLockedError",
    "EmptyBuildError",
    "Problem",
]


class GraphError(Exception):
    """Base class of every error this package raises on purpose."""


class SourceError(GraphError):
    """A source file cannot be read: empty, binary, not UTF-8, too big, bad front matter."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class VocabularyError(GraphError):
    """A vocabulary or cue-word data file is malformed."""


class ExtractionError(GraphError):
    """The extractor failed on one or more sources (a bug to report; the other sources were extracted)."""


class BuildNotFoundError(GraphError):
    """No built graph where one was expected."""


class ConceptNotFoundError(GraphError):
    """A concept name matches no label or synonym; carries close suggestions."""

    def __init__(self, name: str, suggestions: list[str] | tuple[str, ...] = (), note: str = ""):
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"no concept named {name!r}" + (f" ({note})" if note else "")
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


class ClaimNotFoundError(GraphError):
    """A claim id matches no claim in the graph."""


class QueryError(GraphError):
    """A query (filter, SPARQL, path request) is malformed or not allowed."""


class ExportError(GraphError):
    """An output could not be written."""


class OutputFolderError(GraphError):
    """The output folder (or the cache folder) cannot be used: found before any work is done.

    The command line reports it as one line with exit status 2.
    """


class BuildLockedError(OutputFolderError):
    """Another build holds the lock on the output folder."""


class EmptyBuildError(GraphError):
    """No source could be read, and the output folder holds an earlier build that would be replaced by nothing."""

    def __init__(self, message: str, problems: list | tuple = ()):
        self.problems = list(problems)
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """A recoverable data problem: which file, what is wrong, what was done about it."""

    path: str
    reason: str
    action: str = "skipped"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} ({self.action})"
