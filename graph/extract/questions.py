"""Yes/no questions and their answers: "Q: Do opioids work for fibromyalgia?" answered "A: Usually
not." gives the question's claim, denied by the no.

The small English pipeline reads a question's word order badly ("Can ketamine help PTSD?" tags
"ketamine" as the verb), so a question is handed to the parser as the statement it asks about
(:func:`as_statement`), every word still mapped to its place in the source.
"""

from __future__ import annotations

import dataclasses
import re

from graph.extract.parse_units import _Unit
from graph.extract.relations import SentenceContext

__all__ = ["answered_questions", "as_statement", "is_question"]

# A yes/no question ("Can ketamine help PTSD?", "Q: Do opioids work for fibromyalgia?", "Is CBT effective?")
_YES_NO_QUESTION = re.compile(r"\W*(?:q\W+)?(?:can|could|does|do|did|is|are|will|would|should|may|might)\b", re.I)
_QUESTION_AUX = re.compile(r"^\W*(?:q\W+)?(can|could|does|do|did|will|would|should|may|might|is|are)\b", re.I)
# Its answer, at the start of the next sentence: group 1 when the answer is no
_ANSWER = re.compile(r"\W*(?:a\W+)?(?:(no\b|not usually|usually not|generally not|probably not|not really|rarely|"
                     r"unfortunately,? (?:no|not)|sadly,? (?:no|not))|yes\b|often,? yes|usually,? yes|generally,? yes|"
                     r"in (?:many|most) cases|for (?:many|most) people|it can\b|they can\b|it may\b|they may\b)", re.I)


def is_question(text: str) -> bool:
    """Does the sentence end with a question mark (closing quotes, brackets and bold marks aside)?

    >>> is_question("**Q: Can it help?**"), is_question("It can.")
    (True, False)
    """
    return text.rstrip().rstrip("\"'”’)*_").endswith("?")


def answered_questions(contexts: list[SentenceContext], skip=frozenset()) -> dict[int, tuple[int, bool]]:
    """Yes/no questions answered by the sentence after them: {question: (answer, whether it says no)}.

    A question counts when it names a concept and the next sentence, not a heading, starts with
    a yes or a no ("Yes.", "A: Usually not.", "Often, yes", "It can, if ...").
    """
    out: dict[int, tuple[int, bool]] = {}
    for ctx in contexts:
        if ctx.index in skip or not ctx.refs or not is_question(ctx.text):
            continue
        nxt = contexts[ctx.index + 1] if ctx.index + 1 < len(contexts) else None
        m = _ANSWER.match(nxt.text) if nxt is not None and not nxt.is_heading else None
        if m and _YES_NO_QUESTION.match(ctx.text):
            out[ctx.index] = (nxt.index, m.group(1) is not None)
    return out


def as_statement(unit: _Unit, ctx: SentenceContext, view) -> _Unit:
    """A yes/no question as the statement it asks about, for the parser: "Q: Can ketamine help
    PTSD?" is parsed as "ketamine can help PTSD?" (the auxiliary after the first concept named;
    the small pipeline reads a question's word order badly). The pieces map every word back to
    the source; a question it cannot so turn is left as it is."""
    m = _QUESTION_AUX.match(unit.text)
    if m is None or len(unit.pieces) != 1 or not ctx.refs:
        return unit
    u0, base, length = unit.pieces[0]
    first = ctx.refs[0]
    end = view.end_to_original(first.end) - base  # the first concept's end, in the unit's text
    aux_start = m.end() - len(m.group(1))
    start = m.end()
    while start < len(unit.text) and unit.text[start] == " ":
        start += 1
    if not (start < end < len(unit.text)) or unit.text[end] != " " or end - start > 40:
        return unit
    subject = unit.text[start:end + 1]  # (with the space after it)
    aux = m.group(1).lower()
    text = subject + aux + unit.text[end:]
    q = text.rfind("?")
    if q >= 0:  # (read as a statement to its end)
        text = text[:q] + "." + text[q + 1:]
    pieces = [(0, base + start, len(subject)), (len(subject), base + aux_start, len(aux)),
              (len(subject) + len(aux), base + end, len(unit.text) - end)]
    return dataclasses.replace(unit, text=text, pieces=pieces)
