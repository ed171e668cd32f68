"""Split a source's text into sentences: exact character spans, paragraphs and section headings.

:func:`segment` turns :attr:`Source.text <graph.model.Source.text>` into
:class:`~graph.model.Sentence` records. Every record satisfies
``source.text[s.start:s.end] == s.text`` (surrounding whitespace and list or
heading markers are outside the span); ``index`` counts from 0 in text order.

How the text is read, line by line (pure Python and regular expressions; the
numbers are settings in ``graph/vocab/segmentation.yaml``):

- **Blocks** are runs of lines between blank lines (or lines with no letter or digit,
  such as ``---``). Inside a block, lines of running text are joined, so a sentence
  may run over a line break (hard-wrapped text); a line ends its paragraph when it
  ends a sentence and is either long (over ``wrapped_line_max_chars``: one line per
  paragraph, as in most web text) or short (under ``short_line_ratio`` of the
  block's longest line: the last line of a wrapped paragraph), or when it is short,
  has no final punctuation and the next line starts with a capital.
- **Headings**: markdown ``#`` lines, lines wholly in ``**bold**``, and a line that
  stands on its own as a short line (``max_words``, ``max_chars``) starting with a
  capital or digit, with no final ``. ! ; , …`` (a final ``?`` or ``:`` is fine),
  not ending in a word such as "and"/"the", and holding a single sentence. Inside a
  block (no blank line around it, e.g. ``Trauma`` between two paragraphs) the line
  must also have at most ``inline_max_words`` words, start after a finished
  sentence and be followed by a capitalised line; in a hard-wrapped block (3 lines
  or more, all short) it must also be clearly shorter than the wrap width. The
  first line is a heading if it equals the source's title, whatever its length.
  Decisions: "Share Now :" at the end of an article is a (harmless) heading; a
  one-line paragraph "Do you suffer from chronic pain?" is a heading, while
  "Do you suffer from chronic pain? Chronic pain can ..." is not (two sentences).
- A heading is a :class:`Sentence` with ``is_heading=True`` and ``section`` set to its
  own text; every other sentence's ``section`` is the nearest heading above it
  (``""`` before the first heading).
- **List items** (``-``, ``*``, ``+``, ``•``, ``1.``, ``1)``) are never headings, the
  marker is outside the sentence, and a sentence never runs from one item into the
  next; the items of a list share one paragraph.
- **Table rows** (Markdown ``| a | b |``) are one sentence each (the text between the outer
  pipes), never headings; the ``|---|`` separator row has no letter and separates blocks.
- **Paragraphs**: a new ``paragraph`` number starts at each block, at each heading
  and after it, and where a line ends its paragraph (above). Numbers are consecutive
  from 0 over the paragraphs that hold a sentence.
- **Sentences** end at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
  brackets after them) followed by white space and a capital letter, a digit or
  an opening quote/bracket; not after an abbreviation from the data file (e.g.,
  i.e., Dr., vs., etc., U.S., Ph.D., ...), a single capital initial ("J. Smith")
  or a dotted letter run ("U.K."). Decimals ("3.5") never split (no space).
  A quotation holding two sentences is split inside the quotes: ``“... may improve
  [pain relief]. In half of our patients, ...”.`` gives two sentences, split at
  ". In" (the first keeps the opening quote, the second the closing one).

>>> from graph.model import Source
>>> text = "Intro\\n\\nDr. Smith et al. found relief. Ketamine (approx. 3.5 mg) helps!\\nGenetics\\nGenes matter, e.g. COMT. Trials vs. placebo show it."
>>> for s in segment(Source("demo", text)):
...     print(s.index, s.paragraph, s.is_heading, repr(s.section), repr(s.text))
0 0 True 'Intro' 'Intro'
1 1 False 'Intro' 'Dr. Smith et al. found relief.'
2 1 False 'Intro' 'Ketamine (approx. 3.5 mg) helps!'
3 2 True 'Genetics' 'Genetics'
4 3 False 'Genetics' 'Genes matter, e.g. COMT.'
5 3 False 'Genetics' 'Trials vs. placebo show it.'
>>> all(text[s.start:s.end] == s.text for s in segment(Source("demo", text)))
True
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from graph.errors import VocabularyError
from graph.model import Sentence, Source
from graph.vocab import DATA_DIR

__all__ = [
    "segment",
    "split_sentences",
    "is_heading_text",
    "SegmentationRules",
    "load_segmentation_rules",
    "segmentation_version",
    "SEGMENTER_VERSION",
    "RULES_PATH",
]

# Bump when the segmentation rules in code change; segmentation_version() adds the data file's hash.
SEGMENTER_VERSION = "1"
RULES_PATH = DATA_DIR / "segmentation.yaml"


@dataclass(frozen=True)
class SegmentationRules:
    """The data that drives segmentation (from ``graph/vocab/segmentation.yaml``)."""

    abbreviations: frozenset[str]
    max_words: int
    inline_max_words: int
    max_chars: int
    final_punctuation: str
    trailing_words: frozenset[str]
    wrapped_line_max_chars: int
    short_line_ratio: float
    version: str
    number_abbreviations: frozenset[str] = frozenset()


def _string_list(data: dict, key: str, path: Path) -> list[str]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise VocabularyError(f"{path}: {key!r} must be a list of non-empty strings (quote words like 'on', 'no')")
    return [v.strip().lower() for v in values]


@functools.lru_cache(maxsize=4)
def load_segmentation_rules(path: str | None = None) -> SegmentationRules:
    """Read the segmentation data file once (cached); raise VocabularyError if it is malformed.

    >>> rules = load_segmentation_rules()
    >>> "e.g." in rules.abbreviations and "dr." in rules.abbreviations
    True
    """
    file = Path(path) if path else RULES_PATH
    try:
        raw = file.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VocabularyError(f"{file}: cannot read segmentation rules: {error}") from error
    if not isinstance(data, dict):
        raise VocabularyError(f"{file}: segmentation rules must be a mapping")
    heading = data.get("heading") or {}
    if not isinstance(heading, dict):
        raise VocabularyError(f"{file}: 'heading' must be a mapping")
    try:
        rules = SegmentationRules(
            abbreviations=frozenset(_string_list(data, "abbreviations", file)),
            number_abbreviations=frozenset(_string_list(data, "number_abbreviations", file)),
            max_words=int(heading.get("max_words", 12)),
            inline_max_words=int(heading.get("inline_max_words", 8)),
            max_chars=int(heading.get("max_chars", 120)),
            final_punctuation=str(heading.get("final_punctuation", ".!;,…")),
            trailing_words=frozenset(_string_list(heading, "trailing_words", file)),
            wrapped_line_max_chars=int(heading.get("wrapped_line_max_chars", 100)),
            short_line_ratio=float(heading.get("short_line_ratio", 0.6)),
            version=hashlib.sha256(SEGMENTER_VERSION.encode() + b"\0" + raw).hexdigest()[:16],
        )
    except (TypeError, ValueError) as error:
        raise VocabularyError(f"{file}: bad heading setting: {error}") from error
    return rules


def segmentation_version() -> str:
    """A hash of the segmentation code version and data file: part of an extraction cache key.

    >>> len(segmentation_version())
    16
    """
    return load_segmentation_rules().version


# --- sentences -------------------------------------------------------------------------

_OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"
# Sentence-final punctuation with any closing quotes/brackets, followed (lookahead) by
# white space, optional opening quotes/brackets and a word character (group 2).
# A footnote marker set right after the period ("... in five.1 It was", "... scarce.3,4 Trials")
# belongs to the sentence it ends.
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’»)\]]*(?:(?<=[^\d\s][.!?…])\d{1,3}(?:[,–-]\d{1,3})*)?)(?=\s+[\"'“‘«(\[]*(\w))")
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")
_HAS_WORD = re.compile(r"[^\W_]")


def _is_abbreviation(text: str, dot: int, lo: int, rules: SegmentationRules, number_next: bool = False) -> bool:
    """Is the period at ``text[dot]`` the end of an abbreviation (the word before it)? Those of
    ``number_abbreviations`` ("No. 5", "Fig. 2", "Jan. 3") only when a number follows: "A: No.
    Alcohol ..." ends a sentence."""
    j = dot
    while j > lo and not text[j - 1].isspace():
        j -= 1
    token = text[j : dot + 1].lstrip(_OPENERS)
    if len(token) == 2 and token[0].isupper():  # an initial: "J. Smith"
        return True
    lowered = token.lower()
    if number_next and lowered in rules.number_abbreviations:
        return True
    return lowered in rules.abbreviations or _DOTTED.fullmatch(lowered) is not None


def _boundaries(text: str, start: int, end: int, rules: SegmentationRules) -> Iterator[int]:
    """Offsets where a sentence of ``text[start:end]`` ends (after its punctuation and closing quotes)."""
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        following = match.group(2)
        if not (following.isupper() or following.isdigit()):
            continue
        punctuation = match.group(1)
        if punctuation[0] == "." and not punctuation.startswith("..") and _is_abbreviation(
            text, match.start(), begin, rules, following.isdigit()
        ):
            continue
        begin = match.end()
        yield begin


def _sentence_spans(text: str, start: int, end: int, rules: SegmentationRules) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]``, stripped, without empty ones."""
    begin = start
    for boundary in _boundaries(text, start, end, rules):
        yield from _trimmed(text, begin, boundary)
        begin = boundary
    yield from _trimmed(text, begin, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _HAS_WORD.search(text, start, end):
        yield start, end


def split_sentences(text: str, rules: SegmentationRules | None = None) -> list[str]:
    """The sentences of a piece of running text (no heading or paragraph logic).

    >>> split_sentences("It works (see Fig. 2). In the U.S. it is legal. J. Smith agreed.")
    ['It works (see Fig. 2).', 'In the U.S. it is legal.', 'J. Smith agreed.']
    >>> split_sentences('He said “it may improve [pain]. In half of cases, relief lasted”. Then it ended.')
    ['He said “it may improve [pain].', 'In half of cases, relief lasted”.', 'Then it ended.']
    """
    rules = rules or load_segmentation_rules()
    return [text[s:e] for s, e in _sentence_spans(text, 0, len(text), rules)]


# --- headings --------------------------------------------------------------------------

_MD_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*(?:#+[ \t]*)?$")
# List markers: dashes, stars and bullet signs, "o" (word processors' second-level bullet),
# "1." / "1)" / "(1)" / "a)" / "(a)".
LIST_MARKER = r"(?:[-*+•‣◦▪·–—○●■□►▸✓✔o]|\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-h]\))"
_BULLET = re.compile(r"[ \t]*" + LIST_MARKER + r"[ \t]+(?=\S)")
_NUMBERED = re.compile(r"[ \t]*\(?\d{1,3}[.)]")
_BOLD = re.compile(r"[ \t]*(\*\*|__)(\S.*?\S|\S)\1[ \t]*$")
_SENTENCE_END = tuple(".!?:;…\"'”’)]")
_FINAL = tuple(".!?:;…")


def is_heading_text(line: str, rules: SegmentationRules | None = None) -> bool:
    """Could this line, standing alone, be a heading? (Length, capital, final punctuation.)

    >>> [is_heading_text(t) for t in ("What is Chronic Pain?", "Trauma", "Understanding Chronic Pain:")]
    [True, True, True]
    >>> [is_heading_text(t) for t in ("It helps.", "lower case start", "Pain and the", "Stop. Go now")]
    [False, False, False, False]
    """
    rules = rules or load_segmentation_rules()
    line = line.strip()
    if not line or len(line) > rules.max_chars:
        return False
    words = line.split()
    if len(words) > rules.max_words:
        return False
    first = next((ch for ch in line if ch.isalnum()), "")
    if not (first.isupper() or first.isdigit()):
        return False
    bare = line.rstrip(_CLOSERS)
    if not bare or bare[-1] in rules.final_punctuation:
        return False
    last_word = words[-1].strip(_OPENERS + _CLOSERS + ":?").lower()
    if last_word in rules.trailing_words:
        return False
    return next(_boundaries(line, 0, len(line), rules), None) is None  # a single sentence


# --- lines and blocks ------------------------------------------------------------------

# Line kinds
_TEXT, _MD, _ITEM, _ROW = 0, 1, 2, 3
# A Markdown table row: "| Medicine | Type |" (the separator row "|---|---|" has no letter and
# so separates blocks, like any such line).
_ROW_LINE = re.compile(r"\|(.*\|.*)\|[ \t]*$")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(content start, content end) of every line, white space stripped."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        cs, ce = pos, nl
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        yield cs, ce
        pos = nl + 1


def _classify(text: str, cs: int, ce: int) -> tuple[int, int, int]:
    """(kind, content start, content end) of a non-blank line."""
    ch = text[cs]
    if ch == "|":
        m = _ROW_LINE.match(text, cs, ce)
        if m:
            inner_start, inner_end = m.start(1), m.end(1)
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1].isspace():
                inner_end -= 1
            return _ROW, inner_start, inner_end
    if ch == "#":
        m = _MD_HEADING.match(text, cs, ce)
        if m and m.end(1) > m.start(1):
            return _MD, m.start(1), m.end(1)
    elif ch in "-*+•‣◦▪·–—○●■□►▸✓✔o(" or ch.isdigit() or ("a" <= ch <= "h" and text[cs + 1:cs + 2] == ")"):
        m = _BULLET.match(text, cs, ce)
        if m:
            return _ITEM, m.end(), ce
    if ch in "*_":
        m = _BOLD.match(text, cs, ce)
        if m:
            return _TEXT, m.start(2), m.end(2)
    return _TEXT, cs, ce


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- page furniture ------------------------------------------------------------------

# A line that is only a page number: "12", "Page 3", "Page 3 of 10", "3/10", "- 4 -".
_PAGE_NUMBER = re.compile(r"[ \t]*(?:(?:page|p\.)[ \t]*)?\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[ \t]*$"
                          r"|[ \t]*[-–—][ \t]*\d{1,4}[ \t]*[-–—][ \t]*$"
                          # a running header or footer ending in its page number: "Pain Notes   Page 3 of 8"
                          r"|[^.!?\n]{0,60}?[ \t]{2,}(?:page|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[ \t]*$"
                          r"|[^.!?\n]{0,60}?[ \t]*[|•·][ \t]*(?:page|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[ \t]*$", re.I)


@functools.lru_cache(maxsize=8)
def furniture(text: str) -> tuple[tuple[int, int], ...]:
    r"""(start, end) of the lines of ``text`` that are page furniture of a PDF or a printout: a
    page number alone, or a short line (a running header or footer, digits aside) that recurs
    three times or more. Segmentation reads running text across them, the matching view and the
    parser skip them.

    >>> t = "Pain Notes  Page 1\n\nKetamine may ease\n\nPain Notes  Page 2\n\npain.\n\nPain Notes  Page 3\n"
    >>> [t[s:e] for s, e in furniture(t)]
    ['Pain Notes  Page 1', 'Pain Notes  Page 2', 'Pain Notes  Page 3']
    """
    lines = [(cs, ce) for cs, ce in _lines(text) if cs < ce]
    counts: dict[str, int] = {}
    keys = []
    for cs, ce in lines:
        line = text[cs:ce]
        key = re.sub(r"\d+", "#", " ".join(line.split()).casefold()) if ce - cs <= 80 and not line.startswith(("|", "#", "-", "*")) else ""
        keys.append(key)
        if key:
            counts[key] = counts.get(key, 0) + 1
    return tuple((cs, ce) for (cs, ce), key in zip(lines, keys)
                 if _PAGE_NUMBER.match(text, cs, ce) or (key and counts[key] >= 3))


def _furniture_near(text: str, pos: int, starts: set[int]) -> bool:
    """Is the next line of text after ``pos`` (blank lines skipped) page furniture?"""
    m = re.compile(r"\s*").match(text, pos)
    nxt = m.end() if m else pos
    line_start = text.rfind("\n", 0, nxt) + 1
    while line_start < nxt and text[line_start].isspace():
        line_start += 1
    return nxt in starts or line_start in starts


def _indent(text: str, cs: int) -> int:
    """How far the line holding ``cs`` is indented (a bullet's marker counts as its text)."""
    line_start = text.rfind("\n", 0, cs) + 1
    pos = line_start
    while pos < cs and text[pos] in " \t":
        pos += 1
    return pos - line_start


def _blank_before(text: str, cs: int) -> bool:
    """Is there a blank line right before the line starting at ``cs``?"""
    before = text[max(0, cs - 200):cs]
    return bool(re.search(r"\n[ \t]*\n[ \t]*$", before))


def segment(source: Source) -> tuple[Sentence, ...]:
    """The sentences (headings included) of ``source.text``, in text order.

    >>> from graph.model import Source
    >>> s = segment(Source("x", "# Side effects\\n\\n- Nausea. Dizziness\\n- Raised blood pressure"))
    >>> [(x.text, x.is_heading, x.section, x.paragraph) for x in s]  # doctest: +NORMALIZE_WHITESPACE
    [('Side effects', True, 'Side effects', 0), ('Nausea.', False, 'Side effects', 1),
     ('Dizziness', False, 'Side effects', 1), ('Raised blood pressure', False, 'Side effects', 1)]
    """
    rules = load_segmentation_rules()
    text = source.text
    title = _norm(source.title) if source.title else ""
    out: list[Sentence] = []
    state = {"section": "", "paragraph": -1, "new": True}

    def emit(start: int, end: int, heading: bool = False) -> None:
        if heading:
            state["section"] = text[start:end]
            state["new"] = True
        if state["new"]:
            state["paragraph"] += 1
            state["new"] = heading
        out.append(
            Sentence(
                source_id=source.id,
                index=len(out),
                start=start,
                end=end,
                text=text[start:end],
                section=state["section"],
                paragraph=state["paragraph"],
                is_heading=heading,
            )
        )

    def flush(block: list[tuple[int, int, int]]) -> None:
        state["new"] = True
        longest = max(ce - cs for _, cs, ce in block)
        wrapped = longest <= rules.wrapped_line_max_chars and len(block) >= 3
        ratio_limit = rules.short_line_ratio * longest if wrapped else None
        short_limit = rules.short_line_ratio * longest
        unit: tuple[int, int] | None = None  # running text waiting to be split
        unit_kind = _TEXT
        prev_heading = False
        indents = [_indent(text, cs) for _, cs, _ in block]
        least_indent = min(indents)
        for i, (kind, cs, ce) in enumerate(block):
            heading = kind == _MD
            if kind == _TEXT:
                heading = _text_heading(block, i, cs, ce, prev_heading, ratio_limit)
            elif kind == _ITEM and len(block) == 1 and _NUMBERED.match(text, text.rfind("\n", 0, cs) + 1) \
                    and (text[cs:ce].isupper() or is_heading_text(text[cs:ce], rules)):
                # "2. HOW IS IT TREATED?" alone between blank lines: a numbered heading, not a list
                heading = True
            # Does the running text stop before this line? (A line indented deeper than the lines
            # around it starts a paragraph: typeset text whose paragraphs have no blank line between.)
            if unit is not None and (
                heading or kind in (_ITEM, _ROW) or _paragraph_ends(unit[1], cs, short_limit)
                or (kind == _TEXT and unit_kind == _TEXT and indents[i] > least_indent
                    and (indents[i + 1] < indents[i] if i + 1 < len(block) else indents[i - 1] < indents[i]))
            ):
                for s, e in _sentence_spans(text, unit[0], unit[1], rules):
                    emit(s, e)
                unit = None
                if kind == _TEXT and not heading:
                    state["new"] = True  # the line starts a paragraph of its own
            if heading:
                emit(cs, ce, heading=True)
            elif kind == _ROW:  # a table row is one sentence of its own, never a heading
                if _HAS_WORD.search(text, cs, ce):
                    emit(cs, ce)
            elif unit is None:
                unit = (cs, ce)
                unit_kind = kind
            else:
                unit = (unit[0], ce)
            prev_heading = heading
        if unit is not None:
            for s, e in _sentence_spans(text, unit[0], unit[1], rules):
                emit(s, e)

    def _paragraph_ends(prev_end: int, next_start: int, short_limit: float) -> bool:
        """Is the line ending at ``prev_end`` the last of its paragraph (the next line being text)?"""
        line_start = text.rfind("\n", 0, prev_end) + 1
        length = prev_end - line_start
        if text[line_start:prev_end].rstrip(_CLOSERS).endswith(_FINAL):
            # A finished sentence: a paragraph per line, or the short last line of a wrapped paragraph.
            return length > rules.wrapped_line_max_chars or length < short_limit
        # No final punctuation: a short line before a capitalised one is a paragraph without its period.
        if length >= short_limit:
            return False
        first = next((ch for ch in text[next_start : next_start + 40] if ch.isalnum()), "")
        return first.isupper() or first.isdigit()

    def _text_heading(block, i, cs, ce, prev_heading, ratio_limit) -> bool:
        # Cheap context tests first: most lines of running text fail one of them.
        if ratio_limit is not None and ce - cs >= ratio_limit:
            return False
        if ce - cs > rules.max_chars and not (title and i == 0 and not out):
            return False
        if title and i == 0 and not out and _norm(text[cs:ce]) == title:
            return True
        if len(block) > 1:
            if len(text[cs:ce].split()) > rules.inline_max_words:
                return False
            if i > 0 and not prev_heading:
                kind, pcs, pce = block[i - 1]
                if kind != _ITEM and not text[pcs:pce].endswith(_SENTENCE_END):
                    return False
            if i + 1 < len(block):
                kind, ncs, nce = block[i + 1]
                if kind == _TEXT:
                    first = next((ch for ch in text[ncs:nce] if ch.isalnum()), "")
                    if not (first.isupper() or first.isdigit()):
                        return False
        return is_heading_text(text[cs:ce], rules)

    block: list[tuple[int, int, int]] = []
    skipped = {start for start, _ in furniture(text)}
    bridged = False  # page furniture met since the block's last line
    for cs, ce in _lines(text):
        if cs in skipped:
            bridged = bool(block)
            continue
        if cs == ce or not _HAS_WORD.search(text, cs, ce):
            if block and not bridged:
                # (a break may be only the page's: decided at the next line of text)
                if not _furniture_near(text, ce, skipped):
                    flush(block)
                    block = []
            continue
        if block and (bridged or _blank_before(text, cs)):
            # running text goes on across a page break only mid-sentence and into a lower-case line
            # (and a list goes on across a page break: its next item, or the rest of an item)
            kind0, pcs, pce = block[-1]
            if not (bridged and kind0 in (_TEXT, _ITEM) and not text[pcs:pce].rstrip(_CLOSERS).endswith(_FINAL)
                    and text[cs:cs + 1].islower()) \
                    and not (bridged and (kind0 == _ITEM or text[pcs:pce].endswith(":"))
                             and _classify(text, cs, ce)[0] == _ITEM):
                flush(block)
                block = []
        bridged = False
        kind, ks, ke = _classify(text, cs, ce)
        block.append((kind, ks, ke))
    if block:
        flush(block)
    return tuple(out)
