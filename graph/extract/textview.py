"""A matching view of a source's text: normalized, with parenthesized abbreviations removed.

"N-methyl-D-aspartate (NMDA) receptors" is matched as "n-methyl-d-aspartate receptors",
so a vocabulary term is found across a defining parenthesis; every span found in the
view maps back to the original text.

>>> view = TextView("The N-methyl-D-aspartate (NMDA)  receptors bind.")
>>> view.text
'the n-methyl-d-aspartate receptors bind.'
>>> i = view.text.index("receptors"); view.original[view.to_original(i):view.to_original(i) + 9]
'receptors'
"""

from __future__ import annotations

import bisect
import re

from graph.extract.segment import furniture
from graph.vocab import normalize

__all__ = ["TextView", "ABBREVIATION_IN_PARENS"]

# "(PTSD)", "(NMDA)", "(IV)": short and with at least one capital letter.
ABBREVIATION_IN_PARENS = re.compile(r"[ \t]*\((?=[^)]*[A-Z])[A-Za-z0-9&/\-]{1,12}\)")
# Runs of white space become one space, line breaks included: sentence boundaries come from the
# segmenter, so a hard-wrapped line ("diabetic\nneuropathy") is matched as running text.
_SPACES = re.compile(r"[ \t\u00a0]*[\r\n][\s\u00a0]*|[ \t\u00a0]{2,}")
_TRAILING_SPACE = re.compile(r"\s*")
# A compound broken after its hyphen at a line end ("post-\ntraumatic") is one word again.
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z]-)[ \t]*\r?\n[ \t]*(?=[a-z])")


class TextView:
    """``text`` is the matching view of ``original``; offsets convert with bisect over kept segments."""

    def __init__(self, original: str):
        self.original = original
        removed: list[tuple[int, int, str]] = []  # (start, end, replacement)
        for m in ABBREVIATION_IN_PARENS.finditer(original):
            removed.append((m.start(), m.end(), ""))
        for start, end in furniture(original):  # page numbers and running headers: not text
            m = _TRAILING_SPACE.match(original, end)
            removed.append((start, m.end() if m else end, ""))
        for m in _HYPHEN_BREAK.finditer(original):
            removed.append((m.start(), m.end(), ""))
        for m in _SPACES.finditer(original):
            if m.group() != " ":
                removed.append((m.start(), m.end(), " "))
        removed.sort()
        pieces: list[str] = []
        # segments: (view_start, original_start) for each kept piece, for offset mapping
        self._view_starts: list[int] = []
        self._orig_starts: list[int] = []
        normalized = normalize(original)
        pos = 0
        view_len = 0
        for start, end, replacement in removed:
            if start < pos:  # overlaps a previous removal
                continue
            if start > pos:
                self._view_starts.append(view_len)
                self._orig_starts.append(pos)
                pieces.append(normalized[pos:start])
                view_len += start - pos
            if replacement:
                self._view_starts.append(view_len)
                self._orig_starts.append(start)
                pieces.append(replacement)
                view_len += len(replacement)
            pos = end
        if pos < len(original):
            self._view_starts.append(view_len)
            self._orig_starts.append(pos)
            pieces.append(normalized[pos:])
            view_len += len(original) - pos
        self.text = "".join(pieces)
        self._identity = not removed

    def to_original(self, view_index: int) -> int:
        """Original offset of a view offset (a start; for an end use :meth:`end_to_original`)."""
        if self._identity:
            return view_index
        i = bisect.bisect_right(self._view_starts, view_index) - 1
        if i < 0:
            return view_index
        return self._orig_starts[i] + (view_index - self._view_starts[i])

    def end_to_original(self, view_end: int) -> int:
        """Original offset just after the character at ``view_end - 1``."""
        if view_end <= 0:
            return 0
        return self.to_original(view_end - 1) + 1

    def to_view(self, original_index: int) -> int:
        """View offset of an original offset (the nearest kept position at or after it)."""
        if self._identity:
            return original_index
        i = bisect.bisect_right(self._orig_starts, original_index) - 1
        if i < 0:
            return 0
        offset = original_index - self._orig_starts[i]
        next_view = self._view_starts[i + 1] if i + 1 < len(self._view_starts) else len(self.text)
        return min(self._view_starts[i] + offset, next_view)
