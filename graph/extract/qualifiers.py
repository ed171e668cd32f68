"""Claim qualifiers: polarity, certainty and quantity, NegEx/ConText style.

- **Negation**: a forward trigger ("no clear evidence", "does not", "not") negates a
  cue that follows it in the same clause, within a window of words; a backward
  trigger ("... is not supported") negates what precedes it; pseudo triggers
  ("not only", "have not responded", "not entirely clear") block the triggers they
  contain.
- **Hedging**: a hedge trigger (may, might, could, suggests, potential, thought to,
  ...) between the start of the claim's clause and the end of the claim. A
  subordinate clause opened by "although/while/whereas" ends at its comma.
- **Quantity**: percentages, durations, proportions near the claim.
"""

from __future__ import annotations

import re

from graph.extract.cues import CueSet
from graph.extract.relations import Candidate, Hit, SentenceContext

__all__ = ["polarity", "certainty", "quantities", "claim_extent"]

NEGATION_WINDOW_WORDS = 14
_NEXT_VERB_PHRASE = re.compile(r"\b(?:and|or)\s+(?:also\s+)?(?:can|could|may|might|will|would|should|does|do|is|are|has|have|often|may also)\b"
                               # a subordinate clause of its own: "Do not use codeine for headaches because it can cause ..."
                               r"|\b(?:because|since|although|though|whereas|unless)\b")
_SUBORDINATORS = (" although ", " though ", " while ", " whilst ", " whereas ")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")


def claim_extent(c: Candidate) -> tuple[int, int]:
    """View span covering subject, cue and object (anaphora count where they stand in this sentence)."""
    points = [c.cue_start, c.cue_end]
    for ref in (c.subject, c.object):
        if c.fixed_object and ref is c.object:
            continue
        span = ref.resolved_from if ref.resolved_from else (ref.start, ref.end)
        if ref.sentence == c.sentence or ref.resolved_from:
            if ref.resolved_from and ref.sentence != c.sentence and not (span[0] >= 0):
                continue
            points.extend(span)
    return min(points), max(points)


def _in_sentence(ctx: SentenceContext, span: tuple[int, int]) -> bool:
    return ctx.start <= span[0] and span[1] <= ctx.end


def _blocked(hit: Hit, pseudo: list[Hit]) -> bool:
    return any(p.start <= hit.start and hit.end <= p.end for p in pseudo)


def _clause_start(ctx: SentenceContext, cues: CueSet, pos: int) -> int:
    rel = pos - ctx.start
    text = ctx.text
    best, best_term = 0, ""
    for term in cues.strong_terminators:
        i = text.rfind(term, 0, rel)
        if i >= 0 and i + len(term) > best:
            best, best_term = i + len(term), term
    if best_term in _SUBORDINATORS or (best == 0 and text.startswith(tuple(t.strip() + " " for t in _SUBORDINATORS))):
        comma = text.find(",", best, rel)
        if comma >= 0:
            best = comma + 1
    return ctx.start + best


_NOT_AFTER = re.compile(r"(?:n't|\s+not)\b", re.I)


def polarity(ctx: SentenceContext, c: Candidate, cues: CueSet) -> str:
    """``negated`` if a negation trigger scopes over the claim's cue, else ``affirmed``."""
    if c.predicate == "subclass_of" and c.subject.sentence == c.object.sentence and c.subject.start > c.object.start:
        # "Do not offer strong opioids such as morphine": the class named before its member (such as,
        # including, like) is no statement the negation denies; morphine is still an opioid
        return "affirmed"
    if c.predicate == "subclass_of" and (m := _NOT_AFTER.match(ctx.text, c.cue_end - ctx.start)) \
            and c.object.start > c.cue_end and re.fullmatch(r"\s*(?:(?:a|an|the|really|actually|simply|just)\s+)*",
                                                        ctx.text[m.end() - ctx.start:c.object.start - ctx.start]):
        return "negated"  # "Fibromyalgia isn't an autoimmune disease" ("not a strong opioid": still an opioid)
    pseudo = [h for h in ctx.hits if h.cue.kind == "pseudo"]
    lo = _clause_start(ctx, cues, c.cue_start)
    start, end = claim_extent(c)
    # (a negation inside a concept's own name negates nothing: "not drinking enough fluids")
    named = [(r.start, r.end) for r in ctx.refs]
    for h in ctx.hits:
        if h.cue.kind in ("negation", "negation_back") and any(s <= h.start and h.end <= e for s, e in named):
            continue
        if h.cue.kind == "negation" and not _blocked(h, pseudo):
            if lo <= h.start and h.end <= c.cue_end:
                between = ctx.text[h.end - ctx.start:c.cue_start - ctx.start]
                # A comma ends a negation's scope ("without supervision, X can lead to Y"), and so does a
                # second verb phrase ("they do not work well and can cause dependence").
                # Nor does a nearer relation cue with its object ("do not help hypothyroidism caused by X": the
                # negation is the help's; what caused it is not denied).
                nearer = any(r.cue.kind == "relation" and h.start <= r.start and r.end <= c.cue_start  # ("does not cause")
                             and any(r.end <= m.start and m.end <= c.cue_start for m in ctx.refs) for r in ctx.hits)
                if len(_WORD.findall(between)) <= NEGATION_WINDOW_WORDS and not any(t in between for t in (";", ",")) \
                        and not _NEXT_VERB_PHRASE.search(between) and not nearer:
                    return "negated"
        elif h.cue.kind == "negation_back" and not _blocked(h, pseudo):
            if h.start >= end and len(_WORD.findall(ctx.text[end - ctx.start:h.start - ctx.start])) <= 4:
                return "negated"
    return "affirmed"


def certainty(ctx: SentenceContext, c: Candidate, cues: CueSet) -> str:
    """``hedged`` if a hedge scopes over the claim, else ``asserted``.

    A clausal hedge ("research suggests that", "it is likely that", "is thought to")
    and a modal (may, might, could) scope over the rest of their clause; any other
    hedge word (potential, promising) only over a claim it stands inside (between
    subject and object) or just before its cue ("potentially relieve").
    """
    start, end = claim_extent(c)
    lo = _clause_start(ctx, cues, min(start, c.cue_start))
    negations = [h for h in ctx.hits if h.cue.kind == "negation"]
    pseudo = [h for h in ctx.hits if h.cue.kind == "pseudo"]
    hedge_pseudo = [h for h in ctx.hits if h.cue.kind == "hedge_pseudo"]
    for h in ctx.hits:
        if h.cue.kind != "hedge" or not (lo <= h.start and h.end <= end):
            continue
        if _blocked(h, hedge_pseudo):
            continue
        # "no clear evidence to suggest that": the hedge word belongs to the negation.
        if any(0 <= h.start - n.end <= 12 for n in negations if not _blocked(n, pseudo)
               and any(w in n.cue.phrase for w in ("evidence", "proof", "sign"))):
            continue
        if h.cue.phrase in cues.clausal_hedges or ctx.text[h.end - ctx.start:].startswith((" that", " to ")):
            return "hedged"
        if h.start >= start or h.cue.phrase in cues.modal_hedges:
            return "hedged"
        if len(_WORD.findall(ctx.text[h.end - ctx.start:c.cue_start - ctx.start])) <= 3:
            return "hedged"
    # "their efficacy in sciatica remains uncertain": a backward hedge just after the claim.
    for h in ctx.hits:
        if h.cue.kind == "hedge" and h.cue.phrase in cues.backward_hedges and h.start >= end \
                and len(_WORD.findall(ctx.text[end - ctx.start:h.start - ctx.start])) <= 4:
            return "hedged"
    # Pseudo-negations that express uncertainty ("it's not entirely clear how ...") hedge too.
    for h in pseudo:
        if h.cue.phrase.startswith(("not entirely clear", "not fully understood", "not well understood", "not clear how")):
            if lo <= h.start and h.end <= end:
                return "hedged"
    return "asserted"


# Words a quantity pattern may start with that carry no quantity ("for up to 3 weeks").
_LEADING = re.compile(r"^(?:an estimated|estimated|for|lasting|lasts|of)\s+", re.IGNORECASE)

_COMPILED: dict[tuple[str, ...], list[re.Pattern]] = {}
# Every quantity pattern needs a digit or a number word; most sentences have neither.
_MAY_HOLD_QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|half|third|thirds|"
    r"quarter|millions|thousands|hundreds)\b", re.IGNORECASE)


def quantities(sentence_text: str, cues: CueSet) -> list[tuple[int, int, str]]:
    """Quantity spans in a sentence (offsets relative to the sentence), longest first where they overlap.

    >>> from graph.vocab import load_vocabulary
    >>> from graph.extract.cues import compile_cues
    >>> [q for _, _, q in quantities("An estimated 15-35% of people, for up to 3 weeks.", compile_cues(load_vocabulary()))]
    ['15-35%', 'up to 3 weeks']
    """
    if not _MAY_HOLD_QUANTITY.search(sentence_text):
        return []
    patterns = _COMPILED.get(cues.quantity_patterns)
    if patterns is None:
        patterns = [re.compile(p, re.IGNORECASE) for p in cues.quantity_patterns]
        _COMPILED[cues.quantity_patterns] = patterns
    spans: list[tuple[int, int, str]] = []
    for pattern in patterns:
        for m in pattern.finditer(sentence_text):
            if m.end() > m.start() and not any(s <= m.start() and m.end() <= e for s, e, _ in spans):
                spans = [(s, e, t) for s, e, t in spans if not (m.start() <= s and e <= m.end())]
                spans.append((m.start(), m.end(), _LEADING.sub("", m.group(0).strip())))
    spans.sort()
    return spans
