"""Did you mean ...? Close names for a mistyped command, option, concept or source.

A name that matches nothing gets the closest candidates: those it begins (an
abbreviation such as ``--max-hop``, which is never taken silently), then those
:mod:`difflib` finds close. A concept name the graph lacks but the package vocabulary
knows (a brand or synonym, ``spravato``) is read through the vocabulary: the concept
it names and that concept's broader concepts that the graph does hold.

>>> close_matches("neighbours", ["neighbors", "concepts", "path"])
['neighbors']
>>> close_matches("--max-hop", ["--max-hops", "--limit", "--format"])
['--max-hops']
>>> close_matches("zzz", ["path", "stats"])
[]
>>> source_miss("nova", ["pain-and-ptsd", "ketamine-for-pain"])
"no source 'nova' (an id, a unique id prefix, or a title or part of one); the sources are: ketamine-for-pain, pain-and-ptsd"
>>> source_miss("pain-and-pstd", ["pain-and-ptsd", "ketamine-for-pain"])
"no source 'pain-and-pstd' (...); did you mean 'pain-and-ptsd'? the sources are: ketamine-for-pain, pain-and-ptsd"
"""

from __future__ import annotations

import difflib
import logging
from typing import Iterable, Mapping

__all__ = ["close_matches", "vocabulary_reading", "source_miss", "SOURCES_LISTED"]

log = logging.getLogger(__name__)

# A miss lists every source id up to this many; beyond, the closest ones and the count.
SOURCES_LISTED = 12


def close_matches(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` candidates close to ``word``: those starting with it first, then by similarity."""
    candidates = list(dict.fromkeys(candidates))
    found = [c for c in candidates if word and c.startswith(word) and c != word]
    if found:  # an abbreviation: what it abbreviates
        return sorted(found, key=len)[:n]
    for c in difflib.get_close_matches(word, candidates, n=n * 2, cutoff=cutoff):
        if c not in found:
            found.append(c)
    return found[:n]


def vocabulary_reading(name: str, in_graph: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """How the package vocabulary reads ``name`` when the graph lacks that concept.

    Returns the vocabulary concept's label and the labels of its broader concepts found in
    the graph (``in_graph`` maps concept ids to labels), or ``None`` when the vocabulary
    does not know the name or the graph has the concept.

    >>> vocabulary_reading("spravato", {"ketamine": "ketamine"})
    ('esketamine', [])
    >>> vocabulary_reading("spravato", {"esketamine": "esketamine"}) is None
    True
    """
    try:
        from graph.vocab import load_vocabulary

        vocabulary = load_vocabulary()
        concept_id = vocabulary.lookup(name)
    except Exception as error:  # noqa: BLE001 - a broken vocabulary must not break an error message
        log.debug("vocabulary lookup of %r failed: %s", name, error)
        return None
    if not concept_id or concept_id in in_graph or concept_id not in vocabulary.concepts:
        return None
    concept = vocabulary.concepts[concept_id]
    broader, seen, frontier = [], set(), list(concept.parents)
    while frontier:  # the nearest ancestors the graph holds
        parent = frontier.pop(0)
        if parent in seen:
            continue
        seen.add(parent)
        if parent in in_graph:
            broader.append(in_graph[parent])
        elif parent in vocabulary.concepts:
            frontier.extend(vocabulary.concepts[parent].parents)
    return concept.display or concept.label, broader


def source_miss(name: str, source_ids: Iterable[str]) -> str:
    """The message for a source name that matches nothing: the closest ids, and the source ids."""
    ids = sorted(source_ids)
    if not ids:
        return f"no source {name!r}; the graph has no sources"
    close = close_matches(name, ids, n=3, cutoff=0.6)
    hint = ("; did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ";"
    shown = ids[:SOURCES_LISTED]
    more = f" and {len(ids) - len(shown)} more" if len(ids) > len(shown) else ""
    return (f"no source {name!r} (an id, a unique id prefix, or a title or part of one){hint} "
            "the sources are: " + ", ".join(shown) + more)
