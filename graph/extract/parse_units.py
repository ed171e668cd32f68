"""What the parser is given: the claim-bearing sentences of an article, a bulleted or numbered
list with its lead-in as one unit ("Common side effects include: - nausea - dizziness" read as
"Common side effects include things." with the placeholder standing for every item), and list
items no vocabulary knows named by their own words."""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from graph.extract.relations import Ref, SentenceContext
from graph.model import Sentence
from graph.extract.syntax_rules import _BULLET_BEFORE, _PLACEHOLDER
from graph.extract.segment import furniture
from graph.extract.slots import _Arguments

__all__ = ["list_groups", "misread_names", "misread_verbs", "with_stand_ins"]

# --- what to parse ----------------------------------------------------------------------


@dataclass
class _Unit:
    """One text given to the parser: a sentence, or a list's lead-in with its items.

    ``pieces`` maps the unit's text back to the source: (unit offset, original offset, length).
    """

    text: str
    pieces: list[tuple[int, int, int]]
    sentence: int  # the sentence whose context gives the qualifiers (the lead-in for a list)
    items: frozenset[int] = frozenset()  # sentence indices of list items (a claim needs one end there)
    placeholder: int | None = None  # offset of the word that stands for the list's items
    item_refs: tuple[Ref, ...] = ()
    # Items that name their own medicines: "heartburn with peppermint oil" -> ((peppermint oil,), (heartburn,))
    item_owners: tuple[tuple[tuple[Ref, ...], tuple[Ref, ...]], ...] = ()

    def to_original(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.pieces, (offset, float("inf"), 0)) - 1
        if i < 0:
            return None
        u, o, n = self.pieces[i]
        return o + (offset - u) if offset - u < n else None


def _is_item(text: str, sentence: Sentence) -> bool:
    return bool(_BULLET_BEFORE.search(text, max(0, sentence.start - 12), sentence.start))


def list_groups(text: str, sentences: list[Sentence] | tuple[Sentence, ...], max_item_words: int = 25,
                frame_words=None) -> list[tuple[int, list[int]]]:
    """(lead-in index, item indices) for every list of short items that follows a lead-in
    ending with a colon, or a heading (one that names a frame such as "Symptoms", when
    ``frame_words`` is given).

    >>> from graph.model import Source
    >>> from graph.extract.segment import segment
    >>> t = "Common side effects include:\\n\\n- nausea\\n- dizziness\\n\\nSee a doctor."
    >>> s = segment(Source("x", t))
    >>> [(s[a].text, [s[i].text for i in items]) for a, items in list_groups(t, s)]
    [('Common side effects include:', ['nausea', 'dizziness'])]
    """
    out: list[tuple[int, list[int]]] = []
    lead: int | None = None
    items: list[int] = []

    def close() -> None:
        short = [k for k in items if len(sentences[k].text.split()) <= max_item_words]
        if lead is not None and short:
            out.append((lead, short))

    for i, s in enumerate(sentences):
        if _is_item(text, s):
            if s.text.rstrip().endswith(":"):  # an item that opens a list of its own ("Symptoms of RA include:")
                close()
                lead, items = i, []
            elif lead is not None:
                items.append(i)
            continue
        close()
        lead, items = None, []
        if s.text.rstrip().endswith(":") or (s.is_heading and (frame_words is None or _names_frame(s.text, frame_words)
                                                                or _HELPS_LEAD.match(s.text) or _USE_LEAD.match(s.text)
                                                                or _CLASS_LEAD.match(s.text))):
            lead = i
    close()
    return out


# "What helps:", "Things that may help:", "Things you can try yourself", "Self-help": a lead-in (or
# heading) over a list of what treats the article's or section's condition.
_HELPS_LEAD = re.compile(r"\s*(?:(?:other\s+)?(?:what|things that|treatments that|what else)\s+(?:(?:can|may|might|could|usually|often|also)\s+)?"
                         r"(?:(does ?n[o']t|do ?n[o']t|won't|will not)\s+)?help"
                         # "Things you can try yourself", "Self-help", "Home remedies", "What you can do"
                         r"|(?:things|something|what)\s+(?:that\s+)?you\s+(?:can|could|might|may)\s+(?:try|do)\b"
                         r"|self[- ](?:help|care)\b|home (?:remedies|treatments?|care)\b|ways to (?:ease|relieve|manage|treat|reduce))", re.I)


# "When it is used", "What they are used for", "Uses", "Used for", "Conditions it treats": a
# heading or lead-in over a list of what the article's (or section's) medicine or therapy treats.
_USE_LEAD = re.compile(r"\s*(?:(?:when|what|why)\s+(?:[\w-]+\s+){1,3}(?:is|are|can|may|might|could)\s+(?:be\s+|also\s+)?"
                       r"(?:used|prescribed|given|recommended|offered|help|work|treat)\b(?:\s+(?:for|with))?|(?:main\s+|common\s+)?uses\b|used\s+(?:for|to\s+treat)\b"
                       r"|(?:conditions|problems|what)\s+(?:it|they)\s+(?:treats?|can\s+treat|helps?\s+with)\b"
                       # "Conditions where opioids work poorly", "Pain that opioids do not help"
                       r"|(?:conditions|problems|pain|illnesses|disorders)\s+(?:where|in\s+which|for\s+which|that|which)\s+(?:[\w-]+\s+){1,3}?"
                       r"(?:(?:do|does|did|can|may|might)(?:\s+not|n't)?\s+)?(?:work|works|help|helps|treat)\b(?:\s+\w+)?"
                       r")\W*$", re.I)
# A use lead that says the medicine does not work ("work poorly", "do not help")
_USE_NEGATED = re.compile(r"\b(?:poorly|badly|not|n't|rarely|little|never)\b", re.I)


# "Types of steroid used", "Common benzodiazepines", "Examples of SSRIs": a heading over a list
# of the kinds of a class.
_CLASS_LEAD = re.compile(r"\s*(?:(?:the\s+)?(?:main|common|other|some|different|commonly used)\s+)?"
                         r"(?:types|kinds|examples|forms|classes|groups)\s+of\s+[\w-]+(?:\s+[\w-]+)?(?:\s+used)?\W*$"
                         r"|\s*(?:main|common|commonly used|widely used|other)\s+[\w-]+s\W*$", re.I)


_FRAME_RES: dict[tuple[str, ...], re.Pattern] = {}


def _names_frame(text: str, frame_words) -> bool:
    key = tuple(frame_words)
    if key not in _FRAME_RES:
        _FRAME_RES[key] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in key) + r")s?\b")
    return bool(_FRAME_RES[key].search(text.lower()))


# A run-in label of an abstract or a structured summary, read as no part of its sentence.
_RUN_IN = re.compile(r"\W*(?:background|objectives?|aims?|purpose|methods?|design|setting|participants|interventions?|"
                     r"results?|findings|conclusions?|interpretation|discussion|introduction|summary|context|importance|"
                     r"key (?:points?|findings)|main outcome measures?|limitations|bottom line)\W*:\W*", re.I)

# A guideline's numbered recommendation: "3.4 Review people under 25 ..." (with its number the
# parser takes the imperative for a name).
_SECTION_NUMBER = re.compile(r"\s*\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=[A-Z])")

_BREAK = re.compile(r"\s*[\r\n]\s*|\s{2,}|(?:(?<=, )|(?<=\())(?P<example>for (?:example|instance))(?=\s+[A-Za-z])")


def _one_line(text: str, start: int, skip: tuple[tuple[int, int], ...] = ()) -> tuple[str, list[tuple[int, int, int]]]:
    """A sentence as the parser should see it: a line break and the indent after it (hard-wrapped,
    PDF-like text) become one space, which the parser would otherwise read as tokens of their own;
    with the pieces that map it back to the source.

    >>> _one_line("low mood,\\n  loss of interest", 10)
    ('low mood, loss of interest', [(0, 10, 9), (9, 19, 1), (10, 22, 16)])

    "For example" before a list's items reads as "such as", which the parser attaches to the class
    noun before it ("two antibiotics, for example amoxicillin and clarithromycin"):

    >>> _one_line("antibiotics, for example amoxicillin", 0)[0]
    'antibiotics, such as amoxicillin'
    """
    for s, e in skip:  # page furniture inside the sentence reads as white space
        if s < start + len(text) and e > start:
            lo, hi = max(s, start) - start, min(e, start + len(text)) - start
            text = text[:lo] + " " * (hi - lo) + text[hi:]
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = length = 0
    for m in _BREAK.finditer(text):
        if m.start() > pos:
            pieces.append((length, start + pos, m.start() - pos))
            out.append(text[pos:m.start()])
            length += m.start() - pos
        said = "such as" if m.group("example") else " "
        pieces.append((length, start + m.start(), len(said)))
        out.append(said)
        length += len(said)
        pos = m.end()
    if pos < len(text):
        pieces.append((length, start + pos, len(text) - pos))
        out.append(text[pos:])
    return "".join(out), pieces


# "... in people with", "... for those who have": a population, not an item, follows
_POPULATION_BEFORE = re.compile(r"\b(?:people|patients|those|adults|children|women|men|someone|anyone|person|you|anybody)"
                                r"\s+(?:with|who\s+(?:have|has|had|already\s+have))\s+(?:[\w-]+\s+){0,2}$", re.I)
_ENDS_WITH_IF = re.compile(r"\b(?:if|when|unless)\s+(?:you|they|he|she|someone|a person|people)$", re.I)


def _units(source_text: str, sentences, contexts: list[SentenceContext], wanted: set[int], frame_words) -> list[_Unit]:
    units: list[_Unit] = []
    for k in sorted(wanted):
        s = sentences[k]
        label = _RUN_IN.match(s.text) or _SECTION_NUMBER.match(s.text)
        skip = label.end() if label and label.end() < len(s.text) else 0  # "Results: X reduced pain ..."
        text, pieces = _one_line(s.text[skip:], s.start + skip, furniture(source_text))
        units.append(_Unit(text, pieces, k))
    for lead, items in list_groups(source_text, sentences, frame_words=frame_words):
        # The lead-in is parsed with a placeholder noun where the list stands ("Common side effects
        # include things."); the placeholder then stands for every item's concepts. Items are not
        # parsed as one run-on sentence: a parser reads "are burning pain, swelling" as a verb.
        s = sentences[lead]
        head = s.text.rstrip()
        if head.endswith(":"):
            head = head[:-1].rstrip()
        text, pieces = _one_line(head, s.start)
        framed = _FRAME_FIRST.match(text) if s.is_heading else None
        if framed and _names_frame(framed.group(1), frame_words):
            # "Signs to look for:", "Symptoms you might notice:": the frame noun is what the list gives
            text = text[:framed.end(1)] + " include"
        elif _ENDS_WITH_IF.search(text):  # "You're more likely to get X if you:" (the items are what you do or have)
            text += " have"
        elif s.is_heading and not _ENDS_WITH_VERB.search(text):  # ("Your doctor may recommend:" has its verb)
            text += " include"
        text += " "
        placeholder = len(text)
        text += _PLACEHOLDER + "."
        item_refs = []
        owners = []
        for k in items:
            ctx = contexts[k]
            owner = _item_owner(ctx)
            if owner is not None:  # "heartburn with peppermint oil": the item says whose effect it is
                owners.append(owner)
                continue
            if _own_purpose(ctx):  # "laxatives for constipation": the item says what it treats, not the lead-in
                continue
            # A long item's concepts before its first comma or dash: "changes in skin colour, with ..."
            cuts = sorted(i for i in (ctx.text.find(", "), ctx.text.find(" – "), ctx.text.find(" - ")) if i > 0)
            cut = cuts[0] if cuts else len(ctx.text)
            if not any(r.start < ctx.start + cut for r in ctx.refs):
                # "sudden, severe pain in a joint, ...": the words before the first comma named nothing
                second = ctx.text.find(", ", cut + 2)
                cut = second if second > 0 else len(ctx.text)
            taken = [r for r in ctx.refs if r.start < ctx.start + cut]
            for r in ctx.refs:  # "Medicines: amitriptyline, duloxetine or pregabalin": the list goes on
                if taken and r.start >= ctx.start + cut and _LIST_GLUE.fullmatch(
                        ctx.text[taken[-1].end - ctx.start:r.start - ctx.start]):
                    taken.append(r)
            # ("raised blood sugar in people with diabetes": the people's condition is no item)
            item_refs.extend(r for r in taken if not _POPULATION_BEFORE.search(ctx.text[:r.start - ctx.start]))
        units.append(_Unit(text, pieces, lead, frozenset(items), placeholder, tuple(item_refs), tuple(owners)))
    return units


# An item that names the medicine of its effect: "heartburn with peppermint oil", "drowsiness if
# you take amitriptyline", "bloating in the first weeks of taking ispaghula husk".
_OWNER_LINK = re.compile(r"[\s)\]]*(?:[\w-]+\s+){0,8}?(?:with|from|on|(?:when|if|after|while)\s+(?:you\s+)?(?:first\s+)?"
                         r"(?:take|use|start|begin|stop|taking|using|starting)(?:\s+too\s+much)?(?:\s+of)?|of\s+taking|after\s+taking|while\s+taking)"
                         r"\s+(?:(?:a|an|the|your|too\s+much|high\s+doses?\s+of|some)\s+)*(?:[\w-]+\s+){0,2}?$", re.I)
# Between two medicines of one item: "with tacrolimus or pimecrolimus".
_OWNER_GLUE = re.compile(r"\s*(?:,|,?\s*(?:and|or|and/or))\s*", re.I)


def _item_owner(ctx: SentenceContext) -> tuple[tuple[Ref, ...], tuple[Ref, ...]] | None:
    """(medicines, conditions) of an item whose conditions come first and whose medicines or
    therapies follow a link word ("with", "if you take"), else None."""
    refs = sorted(ctx.refs, key=lambda r: r.start)
    cut = next((k for k, r in enumerate(refs) if r.category in ("Drug", "Therapy")), None)
    if not cut:
        return None
    conditions, drugs = refs[:cut], refs[cut:]
    if not all(r.category == "Condition" for r in conditions) or not all(r.category in ("Drug", "Therapy") for r in drugs):
        return None
    if not all(_OWNER_GLUE.fullmatch(ctx.text[a.end - ctx.start:b.start - ctx.start]) for a, b in zip(drugs, drugs[1:])):
        return None
    if not _OWNER_LINK.fullmatch(ctx.text[conditions[-1].end - ctx.start:drugs[0].start - ctx.start]):
        return None
    return tuple(drugs), tuple(conditions)


# An item that names what its treatment is for: "laxatives, such as senna, for constipation",
# "antihistamines to ease itching at night".
_PURPOSE_LINK = re.compile(r"[\s,()\w-]{0,60}?\b(?:for|to\s+(?:relieve|ease|treat|help(?:\s+with)?|reduce|calm|"
                           r"control|manage|prevent|soothe|stop))\s+(?:(?:the|your|a|an|any)\s+)?(?:[\w-]+\s+){0,2}?$", re.I)


def _own_purpose(ctx: SentenceContext) -> bool:
    """Whether a list item starts with a treatment and says, after it, which condition it is for."""
    refs = sorted(ctx.refs, key=lambda r: r.start)
    if not refs or refs[0].category not in ("Drug", "Therapy"):
        return False
    target = next((k for k, r in enumerate(refs) if r.category == "Condition"), None)
    if target is None:
        return False
    before = refs[target - 1]
    return bool(_PURPOSE_LINK.fullmatch(ctx.text[before.end - ctx.start:refs[target].start - ctx.start]))


# "X is another option", "Y remains the first choice", "Diabetes is the most common cause": a
# frame about the section's condition, worth parsing with a single mention (or none known).
_OPTION = re.compile(r"\b(?:is|are|remains?)\s+(?:[\w-]+\s+){0,3}(?:option|choice|alternative|cause|trigger|"
                     r"symptom|sign|side effect|complication|risk factor)s?\b"
                     # "Other agents that have been used include A": a list of unlisted names
                     r"|\b(?:agent|medicine|medication|drug|treatment|therapy|therapie|option)s?\b[\w\s,-]{0,40}?\binclude\b"
                     # "Genes are thought to play a part.": a share in causing the section's condition
                     r"|\bplay(?:s|ed|ing)?\s+(?:a|an|some)\s+(?:[\w-]+\s+)?(?:part|role)\s*(?:[.!]|$|,|\s+too\b|\s+as\s+well\b)", re.I)

# A lead-in that ends with its own verb: "Your doctor may recommend:", "What helps:".
_ENDS_WITH_VERB = re.compile(r"\b(?:including|such as|like|e\.g\.|recommends?|suggests?|includes?|are|is|be|try|consider|offers?|helps?|help|prescribes?|"
                             r"use|uses|needs?|avoid|involves?"
                             # (a passive of giving: "You may be offered:", "Sometimes prescribed:")
                             r"|offered|given|prescribed|recommended|suggested|advised|tried"
                             # ("X is more likely if you have:" has its verb too)
                             r"|(?:if|when|unless)\s+(?:you|they|he|she|someone|a person|people)\s+(?:have|has|had|get|gets|are|is)"
                             # (or with the preposition its list completes: "Opioids are not recommended for:")
                             r"|for|with|in|to|from|by|against|as)\s*$", re.I)

# A heading that names a frame noun and then says what to do with it: "Signs to look for",
# "Symptoms you might notice", "Side effects to watch out for".
_FRAME_FIRST = re.compile(r"\W*((?:(?:the|main|common|key|early|warning|possible|other|typical|usual)\s+){0,2}[\w-]+(?:\s+[\w-]+)?)"
                          r"\s+(?:to\s+(?:look|watch|check|ask)|you\s+(?:may|might|could|can)?\s*(?:notice|have|get|see|feel))\b", re.I)

# What may stand between two items of a list inside one list item.
_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*(?:and|or|and/or)|,?\s*(?:such as|like|including|e\.g\.,?))\s*", re.I)

# A guideline's instruction: "Offer NSAIDs at the lowest dose", "Do not offer paracetamol alone".
_ADVICE = re.compile(r"\s*(?:\d+(?:\.\d+)*\s+)?(?:do not |don't |)(?:offer|consider|recommend|prescribe|use|try|give)\b", re.I)

_ITEM_CUT = re.compile(r",|;|:|\(|\s[–—-]\s|\s(?:with|in|for|that|which|when|where|because|after|before|on|at|from|to|if|so|as|such|or)\s")
# An item that starts with a verb completes its lead-in's clause ("... if you: - are pregnant").
_ITEM_VERBS = frozenset({"are", "is", "am", "be", "being", "have", "has", "had", "having", "do", "does", "did", "doing",
                         "get", "gets", "got", "feel", "feels", "take", "takes", "taking", "use", "uses", "using", "work",
                         "live", "lives", "living", "smoke", "drink", "eat", "sit", "spend", "keep", "try", "go"})
_ITEM_LEAD = re.compile(r"^(?:(?:a|an|the|some|any|your|their|its|very|more|less|often|sometimes|usually|mild|severe|sudden|new)\s+)+")


def _with_item_names(unit: _Unit, contexts: list[SentenceContext], view, arguments: _Arguments) -> _Unit:
    """A list item that names no known concept ("- itching", "- blue lips") stands for an
    unlisted one: its words up to the first comma, bracket or clause."""
    extra = []
    for k in sorted(unit.items):
        ctx = contexts[k]
        text = ctx.text
        cut = _ITEM_CUT.search(text)
        head = text[: cut.start() if cut else len(text)].rstrip(" .!")
        lead = _ITEM_LEAD.match(head.lower())
        offset = lead.end() if lead else 0
        name = head[offset:]
        words = name.lower().split()
        if not words or len(words) > 4 or any(r.start < ctx.start + offset + len(name) for r in ctx.refs):
            continue
        if not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
            continue
        if words[-1] in arguments.words.generic or words[-1] in arguments.words.never or words[0] in arguments.words.never:
            continue
        if words[0] in _ITEM_VERBS:
            continue  # "- are pregnant", "- have broken your wrist": what you do or are, no name
        ostart = view.to_original(ctx.start + offset)
        oend = view.end_to_original(ctx.start + offset + len(name))
        label = " ".join(words)
        ref = arguments.ref(label, label, words[-1], ostart, oend)
        if ref is not None:
            extra.append(ref)
    if not extra:
        return unit
    return _Unit(unit.text, unit.pieces, unit.sentence, unit.items, unit.placeholder, (*unit.item_refs, *extra),
                 unit.item_owners)


# --- a name before its verb -------------------------------------------------------------

# The small pipeline often reads "Ketamine blocks NMDA receptors" as one noun phrase ("blocks" a
# noun, like "nerve blocks"); with a common drug name in the name's place it finds the verb (in
# a sample of our own sentences, 12 of 13 against 5 of 13). The word the parser is given for
# the name; the name's own mention still maps to it through the pieces.
_STAND_IN = "Aspirin"

# A word after the would-be verb that says it was a noun after all ("migraine triggers include").
_NOT_AN_OBJECT = frozenset("""include includes included are is was were be been can may might could should would will must
do does did has have had and or but nor vary differ such like as to of in on at for with from by than that which who
""".split())

# Where a word the parser tagged a verb still sits as a noun would ("blocks" a compound of
# "receptors").
_NOUN_DEPS = frozenset({"compound", "amod", "nmod", "nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"})

_NAME_THEN_WORD = re.compile(r"[ \t]+([A-Za-z]+)[ \t]+([\w'-]+)")


def _verb_lemma(word: str) -> str | None:
    """The lemma of a third-person verb form ("blocks" block, "eases" ease, "relieves" relieve,
    "intensifies" intensify, "reaches" reach), or None for a word not so formed."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1]


def _candidates_of(word: str) -> tuple[str, ...]:
    base = _verb_lemma(word)
    if base is None:
        return ()
    out = [base]
    if word.endswith("es"):
        out.append(word[:-2])  # ("reaches", "relaxes")
    return tuple(out)


def misread_names(unit: _Unit, ctx: SentenceContext, view, verb_lemmas, generic_words, doc) -> list[tuple[int, int]]:
    """(start, end) in ``unit``'s text of every concept named just before a verb of
    ``verb_lemmas`` in its third-person form ("Memantine blocks NMDA receptors", "..., and stress
    worsens it") that the parse ``doc`` did not read as a verb. Given to the parser again with a
    common drug name in their place (:func:`with_stand_ins`), such sentences are read right.
    Names that are generic words ("treatment", "the condition") are left alone: the rules read
    those words themselves."""
    if unit.items or unit.placeholder is not None:
        return []
    verbs_at = {t.idx: t for t in doc}
    cuts: list[tuple[int, int]] = []
    for r in ctx.refs:
        ostart, oend = view.to_original(r.start), view.end_to_original(r.end)
        a, b = _to_unit(unit, ostart), _to_unit(unit, oend - 1)
        if a is None or b is None:
            continue
        b += 1
        name = unit.text[a:b].lower()
        if " " not in name and name.rstrip("s") in generic_words:
            continue
        m = _NAME_THEN_WORD.match(unit.text, b)
        if m is None or m.group(2).lower() in _NOT_AN_OBJECT:
            continue
        word = m.group(1)
        if word[0].isupper() and a > 0 or not any(c in verb_lemmas for c in _candidates_of(word.lower())):
            continue
        tok = verbs_at.get(m.start(1))
        if tok is None or tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NOUN_DEPS:
            continue  # (read as a verb already)
        if cuts and a < cuts[-1][1]:
            continue
        cuts.append((a, b))
    return cuts


def misread_verbs(unit: _Unit, doc, verb_lemmas) -> list[int]:
    """Offsets in ``unit``'s text of a verb in its base form that the parse ``doc`` read as a noun
    with no verb left in the sentence ("Some people taking pregabalin notice blurred vision",
    "Opioids slow breathing"). Given to the parser again with "often" before it
    (:func:`with_stand_ins`), such verbs are read as verbs."""
    if unit.items or unit.placeholder is not None or any(t.pos_ in ("VERB", "AUX") for t in doc if t.dep_ == "ROOT"):
        return []
    for t in doc:
        if t.i == 0 or t.i + 1 >= len(doc) or t.pos_ not in ("NOUN", "ADJ") or t.lower_ not in verb_lemmas:
            continue
        before, after = doc[t.i - 1], doc[t.i + 1]
        if before.pos_ in ("NOUN", "PROPN") and not after.is_punct \
                and after.lower_ not in _NOT_AN_OBJECT:
            return [t.idx]
    return []


def with_stand_ins(unit: _Unit, cuts: list[tuple[int, int]], inserts: list[int] = ()) -> _Unit:
    """``unit`` with each span of ``cuts`` given to the parser as :data:`_STAND_IN`, and "often"
    before each offset of ``inserts``."""
    edits = [(a, b, _STAND_IN) for a, b in cuts] + [(i, i, "often ") for i in inserts]
    return _replaced(unit, sorted(edits))


def _to_unit(unit: _Unit, original: int) -> int | None:
    for u, o, n in unit.pieces:
        if o <= original < o + n:
            return u + original - o
    return None


def _replaced(unit: _Unit, edits: list[tuple[int, int, str]]) -> _Unit:
    """``unit`` with each (start, end) of its text replaced by its word (capitalised at the
    unit's start; an empty span is an insertion), the pieces mapping the rest as before and each
    stand-in to where its span began."""
    text = unit.text
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0  # in the old text
    shift = 0  # new offset - old offset
    for a, b, word in edits:
        if a < pos:
            continue
        out.append(text[pos:a])
        for u, o, n in unit.pieces:  # the pieces between pos and a
            lo, hi = max(u, pos), min(u + n, a)
            if lo < hi:
                pieces.append((lo + shift, o + lo - u, hi - lo))
        stand = word if a == 0 else word.lower()
        start = _original(unit, a)
        out.append(stand)
        if start is not None and b > a:
            pieces.append((a + shift, start, min(len(stand), b - a)))
        shift += len(stand) - (b - a)
        pos = b
    out.append(text[pos:])
    for u, o, n in unit.pieces:
        lo, hi = max(u, pos), u + n
        if lo < hi:
            pieces.append((lo + shift, o + lo - u, hi - lo))
    return dataclasses.replace(unit, text="".join(out), pieces=pieces)


def _original(unit: _Unit, offset: int) -> int | None:
    return unit.to_original(offset)
