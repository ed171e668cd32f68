"""Text that fits the terminal: tables (with ``rich``) and long lines wrapped to its width.

The width is the terminal's: ``COLUMNS`` when set, else the terminal's own, else
:data:`DEFAULT_WIDTH` (output to a file or a pipe); ``--format json|csv`` never passes
through here. A table's columns share the width: identifiers (``claim_id``, ...) are
never cut, short fields are cut with "…", and text (labels, sentences, lists) wraps
inside its column. Markup in article text is shown as text (cells are ``rich.text.Text``).

>>> rows = [{"claim_id": "5bd1fa2bfaf1c8a6", "subject": "ketamine", "predicate": "treats",
...          "sentence": "Ketamine can reduce symptoms of PTSD within hours. " * 3, "support": 3}]
>>> text = render_table(rows, ["claim_id", "subject", "predicate", "sentence", "support"], width=60)
>>> max(len(line) for line in text.splitlines()) <= 60
True
>>> print(text)
claim_id          subject   predicate  support
----------------  --------  ---------  -------
    sentence (under each row)
5bd1fa2bfaf1c8a6  ketamine  treats           3
    Ketamine can reduce symptoms of PTSD within hours. Ketamine can
    reduce symptoms of PTSD within hours. Ketamine can reduce symptoms
    of PTSD within hours.
>>> print(render_table(rows, ["claim_id", "subject", "predicate", "support"], width=40))
claim_id          subj…  predi…  support
----------------  -----  ------  -------
5bd1fa2bfaf1c8a6  ketam  treats        3
                  ine
>>> print(fit_line("    - source § a long section heading; " * 3, width=40))
    - source § a long section heading; -
      source § a long section heading; -
      source § a long section heading;
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from typing import Any, Iterable

__all__ = ["DEFAULT_WIDTH", "STACK_BELOW", "MIN_WIDTH", "CELL_WIDTH", "terminal_width", "render_table", "fit_line", "wrap"]

# Width when the output is not a terminal and COLUMNS is not set.
DEFAULT_WIDTH = 100
# Narrower than this, tables are laid out for this width anyway (a terminal so narrow wraps them).
MIN_WIDTH = 40
# Widest cell before it is cut with "…" (whole text in json/csv).
CELL_WIDTH = 70

# Columns never cut (identifiers a writer copies into the next command) ...
_KEEP_WHOLE = {"claim_id", "concept_id", "id", "metric"}
# ... columns whose text wraps inside the column, on at most this many lines; the others are cut with "…"
# (a source id too: commands take a unique prefix of one).
_WRAPS = {"sentence": 3, "sentences": 3, "explanation": 3, "synonyms": 2, "sources": 3, "quantities": 2, "label": 2,
          "subject": 2, "object": 2, "neighbor": 2, "concept": 2, "title": 2, "section": 2, "value": 2, "text": 3,
          "from": 2, "to": 2, "quote": 3, "treatment": 2, "condition": 2}
_CUT_MIN = {"source_id": 18}
# A long text squeezed below this many columns goes under its row instead.
STACK_BELOW = 28
_STACK = {"sentence", "sentences", "explanation", "text", "sources", "quote"}


def terminal_width() -> int:
    """Columns to fit: ``COLUMNS``, else the terminal's width, else :data:`DEFAULT_WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _clip(text: str, width: int = CELL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _widths(natural: list[int], minimum: list[int], available: int) -> list[int]:
    """Column widths summing to at most ``available``: the widest columns give way first, none below its minimum.

    >>> _widths([16, 8, 60, 40], [16, 4, 8, 8], 70)
    [16, 8, 23, 23]
    """
    widths = list(natural)
    excess = sum(widths) - available
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not shrinkable:
            break
        top = max(widths[i] for i in shrinkable)
        widest = [i for i in shrinkable if widths[i] == top]
        runner_up = max([widths[i] for i in shrinkable if widths[i] < top] + [max(minimum[i] for i in widest)])
        step = min(top - runner_up, -(-excess // len(widest))) or 1
        for i in widest:
            cut = min(step, widths[i] - minimum[i], excess)
            widths[i] -= cut
            excess -= cut
            if excess <= 0:
                break
    return widths


def _lines(text: str, width: int, most: int) -> str:
    """``text`` wrapped to ``width`` on at most ``most`` lines, the last ending in "…" when cut.

    >>> print(_lines("ketamine treats chronic pain and depression", 12, 2))
    ketamine
    treats…
    """
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


def _allocate(names: list[str], natural: list[int], numeric: list[bool], width: int,
              words: list[int] | None = None) -> list[int]:
    """Column widths for a table of ``width`` columns (two spaces between columns).

    ``words``: the longest word of each column; a text column is first kept wide enough for
    it (no word broken), then, if the table still does not fit, squeezed further.
    """
    available = width - 2 * (len(names) - 1)
    words = words or [0] * len(names)
    for wrap_min, cut_min, keep in ((12, 8, True), (8, 6, True), (5, 4, True), (3, 3, False)):  # roomiest that fits
        whole_words = wrap_min == 12
        minimum = [natural[i] if (keep and (name in _KEEP_WHOLE or numeric[i]))
                   else min(natural[i], max(wrap_min, min(words[i], 20) if whole_words else 0)) if name in _WRAPS
                   else min(natural[i], max(cut_min, _CUT_MIN.get(name, 0) if keep else 0))
                   for i, name in enumerate(names)]
        if sum(minimum) <= available:
            break
    return _widths(natural, minimum, available)


def _plain(text: str) -> bool:
    """Whether every character of ``text`` takes one terminal cell and is printed as it is, as ``rich``
    measures and prints it (then :func:`_render_plain` lays the table out exactly as ``rich`` does)."""
    if text.isascii():
        return text.isprintable()
    from rich.cells import get_character_cell_size

    return all(c.isprintable() and get_character_cell_size(c) == 1 for c in text if not (c.isascii() and c.isprintable()))


def _render_plain(names: list[str], cells: list[list[str]], numeric: list[bool], widths: list[int],
                  header: bool) -> list[str]:
    """The lines :func:`_render` prints with ``rich``, laid out without it, for cells of one-cell
    characters in columns that fit the width: each column padded to its width (numbers on the
    right), a cell too long cut with "…", a wrapping cell on its lines, two spaces between
    columns, a row as tall as its tallest cell."""
    limits = [_WRAPS.get(name, 1) if not numeric[i] else 1 for i, name in enumerate(names)]
    pads = [str.rjust if numeric[i] else str.ljust for i in range(len(names))]
    blanks = [" " * w for w in widths]
    columns = range(len(names))

    def fitted(text: str, i: int) -> str:
        w = widths[i]
        if len(text) > w:
            text = text[: w - 1] + "…"
        return pads[i](text, w)

    seen: dict[tuple[str, int], list[str]] = {}  # a label repeated down the column is wrapped once

    def wrapped(text: str, i: int) -> list[str]:
        lines = seen.get((text, i))
        if lines is None:
            lines = seen[text, i] = _lines(text, widths[i], limits[i]).split("\n")
        return lines

    def row_lines(values: list[str], is_header: bool) -> list[str]:
        # A cell's text is one line unless it wraps and is wider than its column (the cells are
        # clipped: single spaces, none at either end, so textwrap leaves a text that fits as it is).
        if is_header or all(limits[i] == 1 or len(values[i]) <= widths[i] for i in columns):
            return ["  ".join([fitted(values[i], i) for i in columns]).rstrip()]
        parts = [wrapped(values[i], i) if limits[i] > 1 else [values[i]] for i in columns]
        height = max(len(p) for p in parts)
        return ["  ".join([fitted(parts[i][k], i) if k < len(parts[i]) else blanks[i] for i in columns]).rstrip()
                for k in range(height)]

    lines = row_lines(list(names), True) if header else []
    for r in cells:
        lines.extend(row_lines(r, False))
    if header:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _render(names: list[str], cells: list[list[str]], numeric: list[bool], widths: list[int], width: int,
            header: bool) -> list[str]:
    """Lines of a table laid out by ``rich`` in the given column widths (by :func:`_render_plain`,
    the same lines without ``rich``'s cost, when the columns fit and every character is plain)."""
    if sum(widths) + 2 * (len(widths) - 1) <= width and _plain("".join(names) + "".join("".join(r) for r in cells)):
        return _render_plain(names, cells, numeric, widths, header)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), header_style="", show_header=header)
    for i, name in enumerate(names):
        wraps = name in _WRAPS and not numeric[i]
        table.add_column(Text(name, no_wrap=True, overflow="ellipsis"), width=widths[i], no_wrap=not wraps,
                         overflow="fold" if wraps else "ellipsis", justify="right" if numeric[i] else "left")
    limits = [_WRAPS.get(name, 1) if not numeric[i] else 1 for i, name in enumerate(names)]
    for r in cells:
        table.add_row(*(Text(_lines(value, widths[i], limits[i]) if limits[i] > 1 else value) for i, value in enumerate(r)))
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False, force_jupyter=False,
                      force_interactive=False, markup=False, emoji=False, highlight=False, no_color=True,
                      legacy_windows=False, soft_wrap=False)
    console.print(table, crop=True)
    lines = [line.rstrip() for line in out.getvalue().rstrip("\n").split("\n")]
    if header:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def render_table(rows: list[dict], columns: Iterable[str], width: int | None = None) -> str:
    """``rows`` as an aligned table no wider than ``width``: strings left, numbers right.

    When the columns leave a long text (a sentence, a list of sources) fewer than
    :data:`STACK_BELOW` columns, that text is printed under its row, across the width.
    """
    columns = list(columns)
    width = width or terminal_width()
    if rows:  # a column empty in every row says nothing: left out (json and csv keep it)
        columns = [c for c in columns if any(_cell(r.get(c)) for r in rows)] or columns
    cells = [[_clip(value) if type(value) is str else _clip(_cell(value)) for value in map(row.get, columns)]
             for row in rows]
    numeric = [bool(rows) and all(isinstance(r.get(n), (int, float)) and not isinstance(r.get(n), bool) for r in rows)
               for n in columns]
    # A long header over short values (cited_elsewhere: yes/no) may be cut to 10 characters.
    natural = [max([min(len(name), 10)] + [len(r[i]) for r in cells]) for i, name in enumerate(columns)]
    words = [max([len(w) for r in cells for w in r[i].split()] + [0]) for i in range(len(columns))]
    widths = _allocate(columns, natural, numeric, width, words)
    long = [i for i, name in enumerate(columns) if name in _STACK and widths[i] < min(STACK_BELOW, natural[i])]
    if not long or len(long) == len(columns):
        return "\n".join(_render(columns, cells, numeric, widths, width, header=True))
    short = [i for i in range(len(columns)) if i not in long]
    names = [columns[i] for i in short]
    widths = _allocate(names, [natural[i] for i in short], [numeric[i] for i in short], width, [words[i] for i in short])
    flags = [numeric[i] for i in short]
    lines = _render(names, [], flags, widths, width, header=True)
    lines.append("    " + ", ".join(columns[i] for i in long) + " (under each row)")
    for row, r in zip(rows, cells):
        lines.extend(_render(names, [[r[i] for i in short]], flags, widths, width, header=False))
        for i in long:
            text = _lines(" ".join(_cell(row.get(columns[i])).split()), width - 4, _WRAPS.get(columns[i], 2))
            lines.extend("    " + line for line in text.split("\n") if line)
    return "\n".join(lines)


def wrap(text: str, indent: str = "", width: int | None = None) -> str:
    """``text`` on lines of at most ``width`` columns, the first indented by ``indent``, the rest by two more."""
    width = width or terminal_width()
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_on_hyphens=False) or indent.rstrip()


def fit_line(line: str, width: int | None = None) -> str:
    """One printed line, wrapped (under its own indentation) when wider than ``width``."""
    width = width or terminal_width()
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    return textwrap.fill(line.strip(), width=width, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_on_hyphens=False, break_long_words=True)
