"""Plain text as mail and PDF copies leave it: quote markers and words broken at a line end.

Two repairs made when a ``.txt`` or ``.md`` article is read (:func:`graph.sources.read_source`),
before any offset is taken, so every later stage (segmentation, matching, the parser, the
evidence shown to a writer) sees running text:

- **Mail quoting.** Lines that start with ``>`` markers (a forwarded newsletter, a quoted
  reply, a markdown block quote) lose the markers; the text inside is the article's.
- **Words broken at a line end.** Text copied from a PDF or a typeset page breaks long words
  with a hyphen at the end of a line ("neur-" / "algia"). The pieces are joined again when the
  document itself shows the joined word, or shows no sign of a hyphenated compound: the
  hyphenated form written elsewhere, a first part such as "long", "self" or "non", a second
  part such as "term", "based" or "free", or both parts used as words of their own
  elsewhere. A compound so broken ("long-" / "term") keeps its hyphen (the matching view
  reads it as one word, see :mod:`graph.extract.textview`).

>>> print(unquote("> Shingles can leave nerve pain.\\n>\\n> > Quoted twice.\\nPlain line."))
Shingles can leave nerve pain.
<BLANKLINE>
Quoted twice.
Plain line.
>>> print(join_broken_words("Postherpetic neur-\\nalgia can last for months; the long-\\nterm outlook is good."))
Postherpetic neuralgia
can last for months; the long-
term outlook is good.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["unquote", "join_broken_words", "repair_plain_text"]

# A line's quote markers: ">", "> >", ">>" (with the space after them).
_QUOTE = re.compile(r"^[ \t]*>(?:[ \t]?>)*[ \t]?", re.M)
# A word broken after its hyphen at a line end, the next line (after any indent) going on in lower case.
_BROKEN = re.compile(r"(?<![A-Za-z-])([A-Za-z]{1,30})-[ \t]*\n([ \t]*)([a-z][a-z]{0,30})(?![A-Za-z-])([,.;:!?)\]]*)[ \t]?")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")

# First and second parts that make hyphenated compounds in health writing ("long-term",
# "self-care", "non-drug", "evidence-based", "drug-free", "first-line", "tension-type").
# (Not "re", "pre", "co", "post", "over", "off": "re-duce", "pre-scribed", "of-fered" are how
# typesetting breaks ordinary words.)
COMPOUND_FIRST = frozenset("""
    anti counter cross double early evidence first full high late life long low multi
    mid non part second self semi short single small third two three four five six well
    whole wide year day week month age dose side
    """.split())
COMPOUND_SECOND = frozenset("""
    based free term line related type induced like care up down dose risk level
    time aged old year day week month hour minute long wide specific friendly acting
    dependent resistant controlled blind reported
    """.split())


def unquote(text: str) -> str:
    """The text without the ``>`` quote markers at the start of its lines (see the module)."""
    if ">" not in text:
        return text
    return _QUOTE.sub("", text)


def join_broken_words(text: str) -> str:
    """The text with words broken by a hyphen at a line end joined again (see the module).

    The joined word takes the place of the first piece, and the line break follows it, so the
    lines keep their number and roughly their length.

    >>> join_broken_words("The treat-\\nment works and is drug-\\nfree. Treatment helps.")
    'The treatment\\nworks and is drug-\\nfree. Treatment helps.'
    >>> join_broken_words("an anti-\\ninflammatory drug")  # a compound first part keeps its hyphen
    'an anti-\\ninflammatory drug'
    """
    if "-\n" not in text and "- \n" not in text:
        return text
    words = Counter(_WORD.findall(text.lower()))
    broken = Counter(piece for m in _BROKEN.finditer(text) for piece in (m.group(1).lower(), m.group(3).lower()))
    # Hyphenated words written on one line somewhere in the text, and every word used whole
    # (the pieces of the broken words themselves not counted)
    hyphenated_elsewhere = {w for w in words if "-" in w}
    known = {w for w, n in words.items() if n > broken[w]}
    for w in hyphenated_elsewhere:
        known.update(w.split("-"))

    def joined(m: re.Match) -> str:
        left, indent, right = m.group(1), m.group(2), m.group(3)
        lo, ro = left.lower(), right.lower()
        hyphenated, whole = f"{lo}-{ro}", lo + ro
        if hyphenated in hyphenated_elsewhere:
            return m.group(0)
        if whole not in known and (lo in COMPOUND_FIRST or ro in COMPOUND_SECOND
                                   or (len(lo) > 2 and len(ro) > 2 and lo in known and ro in known)):
            return m.group(0)
        return f"{left}{right}{m.group(4)}\n{indent}"

    return _BROKEN.sub(joined, text)


def repair_plain_text(text: str) -> str:
    """:func:`unquote` then :func:`join_broken_words`: what the reader does to a ``.txt``/``.md`` body."""
    return join_broken_words(unquote(text))
