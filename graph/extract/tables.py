"""Claims of a table: a row's first cell names the thing the row is about, a column header
says how each other cell relates to it.

| Medicine      | Type                     | Common side effects    |
|---------------|--------------------------|------------------------|
| Amitriptyline | Tricyclic antidepressant | Dry mouth, drowsiness  |

gives *amitriptyline subclass_of tricyclic antidepressants* and *amitriptyline
has_adverse_effect dry mouth / drowsiness*. Tables come as Markdown rows or from HTML
``<table>`` (read as one ``a | b | c`` line per row, :func:`graph.sources.html_to_text`);
each row is a sentence of its own (:mod:`graph.extract.segment`). Headers are read by the
syntax rules' frame nouns ("side effects", "symptoms", "causes", "treatments"), class nouns
("type", "class") and the use words of ``syntax.yaml`` (``table_use_headers``: "used for",
"uses", "indications").

>>> from graph.extract import extract_source
>>> from graph.model import Source
>>> text = ("| Medicine | Type | Common side effects |\\n|---|---|---|\\n"
...         "| Duloxetine | SNRI | Nausea, headache |\\n")
>>> sorted((c.subject, c.predicate, c.object) for c in extract_source(Source("t", text)).claims)
[('duloxetine', 'has_adverse_effect', 'headache'), ('duloxetine', 'has_adverse_effect', 'nausea'), ('duloxetine', 'subclass_of', 'snris')]
"""

from __future__ import annotations

import re

from graph.extract.relations import Candidate, Ref, SentenceContext, fits
from graph.extract.syntax_rules import SyntaxRules

__all__ = ["table_candidates", "table_rows"]

_WORD = re.compile(r"[a-z][a-z'\-]*")


def _cells(ctx: SentenceContext) -> list[tuple[int, int]]:
    """View spans of a row's cells ("a | b | c"), or [] for a sentence that is no row."""
    if ctx.is_heading or ctx.text.count("|") < 1:
        return []
    spans, pos = [], 0
    for m in re.finditer(r"\|", ctx.text):
        spans.append((ctx.start + pos, ctx.start + m.start()))
        pos = m.end()
    spans.append((ctx.start + pos, ctx.end))
    return spans


def _column(header: str, rules: SyntaxRules) -> tuple[str, str] | None:
    """How a column relates its cells to the row's first cell: (predicate, role of the row's
    thing), or None for a column that says nothing the graph holds ("Dose", "Cost")."""
    words = _WORD.findall(header.lower())
    text = " ".join(words)
    if any(re.search(r"\b" + re.escape(phrase) + r"\b", text) for phrase in rules.table_use_headers):
        return "treats", "subject"
    best = None
    for noun, (predicate, role) in rules.frames.items():
        m = re.search(r"\b" + re.escape(noun) + r"s?\b", text)
        if m and (best is None or m.start() > best[0]):
            best = (m.start(), predicate, role)
    if best is not None:
        return best[1], best[2]
    if any(w.rstrip("s") in rules.class_nouns or w in rules.class_nouns for w in words):
        return "subclass_of", "subject"
    return None


def _tables(contexts: list[SentenceContext]) -> list[tuple[int, list[int]]]:
    """(header, rows) of every table: runs of two rows or more with as many cells."""
    out = []
    k = 0
    while k < len(contexts):
        header = _cells(contexts[k])
        if len(header) < 2:
            k += 1
            continue
        rows = []
        j = k + 1
        while j < len(contexts) and len(_cells(contexts[j])) == len(header):
            rows.append(j)
            j += 1
        if rows:
            out.append((k, rows))
            k = j
        else:
            k += 1
    return out


def table_rows(contexts: list[SentenceContext]) -> set[int]:
    """Indexes of the sentences that are table rows (headers included): no running text, so
    neither the surface rules nor the parser read them."""
    return {i for k, rows in _tables(contexts) for i in (k, *rows)}


def table_candidates(contexts: list[SentenceContext], rules: SyntaxRules) -> list[Candidate]:
    """The candidates of every table of a source, the first row of a table its header."""
    out: list[Candidate] = []
    for k, rows in _tables(contexts):
        header = _cells(contexts[k])
        head = contexts[k]
        columns = [_column(head.text[s - head.start:e - head.start], rules) for s, e in header]
        for r in rows:
            ctx = contexts[r]
            cells = _cells(ctx)
            refs = [[ref for ref in ctx.refs if s <= ref.start and ref.end <= e] for s, e in cells]
            things = refs[0]
            if not things:
                continue
            cue_start, cue_end = cells[0]
            for column, items in zip(columns[1:], refs[1:]):
                if column is None:
                    continue
                predicate, role = column
                for thing in things:
                    for item in items:
                        subject, obj = (thing, item) if role == "subject" else (item, thing)
                        if subject.concept_id != obj.concept_id and fits(predicate, subject.category, obj.category):
                            out.append(Candidate(subject, predicate, obj, cue_start, cue_end,
                                                 head.text.strip().lower()[:40], r))
    return out
