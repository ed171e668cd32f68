"""Claims from cue words and mentions, sentence by sentence.

For every relation cue (a word class from ``cues.yaml``) the subject and object are
looked for on the sides the cue's direction says, within the clause, subject to the
predicate's category constraints (SCHEMA.md). Then:

- coordinated lists give one claim per item ("such as A, B and C"), on either side;
- a participle followed by "by" reads as passive (subject and object swap);
- "By blocking X, ketamine ..." takes the subject after the comma;
- coordinated verbs share their subject ("reduces inflammation and regulates ...");
- pronouns and definite descriptions ("it", "they", "this therapy", "these receptors")
  are resolved to the earlier concept (or coordinated group) of a fitting category;
- "Drug/Therapy for Condition" gives ``treats``; "X is a Y" gives ``subclass_of`` when
  X and Y share a category; effect adjectives ("anti-inflammatory effects") give a
  claim on a fixed object.

Qualifiers (negation, hedging, attribution, quantity) come from
:mod:`graph.extract.qualifiers`; this module only finds the arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.extract.cues import Cue, CueSet
from graph.model import PREDICATE_CONSTRAINTS

__all__ = ["Ref", "Hit", "SentenceContext", "Candidate", "find_candidates", "allowed_categories", "fits"]


@dataclass(frozen=True)
class Ref:
    """A mention as the relation finder sees it: view span, concept and category."""

    start: int
    end: int
    concept_id: str
    category: str
    sentence: int
    index: int  # position in the source's mention list
    resolved_from: tuple[int, int] | None = None  # span of the anaphor, if resolved


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    cue: Cue


@dataclass
class SentenceContext:
    index: int
    start: int  # view offsets
    end: int
    text: str  # the view text of the sentence
    refs: list[Ref]
    hits: list[Hit]
    paragraph: int = 0
    is_heading: bool = False
    groups: list[list[Ref]] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A claim before qualifiers: the arguments, the predicate, and the cue that links them."""

    subject: Ref
    predicate: str
    object: Ref
    cue_start: int
    cue_end: int
    cue: str
    sentence: int
    fixed_object: bool = False
    continued_from: int | None = None  # the sentence that announced the list, for "These include ..."
    negated: bool = False  # the wording itself denies the claim ("X should be avoided in Y")


def fits(predicate: str, subject_category: str, object_category: str) -> bool:
    """Does the pair satisfy the predicate's category constraint?

    >>> fits("treats", "Drug", "Condition"), fits("treats", "Condition", "Drug")
    (True, False)
    >>> fits("subclass_of", "Drug", "Drug"), fits("subclass_of", "Drug", "Condition")
    (True, False)
    """
    if predicate == "subclass_of":
        return subject_category == object_category and subject_category not in ("Study", "Organization")
    subjects, objects = PREDICATE_CONSTRAINTS[predicate]
    return subject_category in subjects and object_category in objects


def allowed_categories(predicates: tuple[str, ...], role: str) -> frozenset[str]:
    """Categories that may fill ``role`` ("subject"/"object") for any of the predicates."""
    out: set[str] = set()
    for predicate in predicates:
        subjects, objects = PREDICATE_CONSTRAINTS[predicate]
        out |= subjects if role == "subject" else objects
    return frozenset(out - {"Study", "Organization"})


_WORDS = re.compile(r"[a-z0-9][a-z0-9'\-]*")


_SINGULAR_APPOSITION = re.compile(r"(?:a|an)\s", re.I)


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


class _Finder:
    def __init__(self, cues: CueSet, contexts: list[SentenceContext], categories: dict[str, str]):
        self.cues = cues
        self.contexts = contexts
        self.categories = categories
        glue_words: set[str] = set(cues.fillers)
        for phrase in cues.conjunctions:
            glue_words.update(_words(phrase))
        self.glue_words = frozenset(glue_words)
        self.separator_words = frozenset(w for p in cues.conjunctions for w in _words(p))
        self.conjunction_words = self.separator_words
        nouns = (cues.anaphora.get("nouns") or {})
        self.anaphor_nouns = {k: tuple(v) for k, v in nouns.items()}
        self.plural_anaphors = frozenset(cues.anaphora.get("plural") or [])
        self._terminators: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
        self._strong = frozenset(cues.strong_terminators)
        self._weak_or_all = frozenset(cues.terminators)
        terms = sorted(self._strong | self._weak_or_all, key=len, reverse=True)
        self._terminator_re = re.compile("|".join(re.escape(t) for t in terms))

    # -- boundaries ---------------------------------------------------------

    def terminators(self, ctx: SentenceContext) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(strong, all) terminator spans of a sentence, as sentence-relative (start, end), found once."""
        cached = self._terminators.get(ctx.index)
        if cached is not None:
            return cached
        text = ctx.text
        spans_all: list[tuple[int, int]] = []
        spans_strong: list[tuple[int, int]] = []
        for m in self._terminator_re.finditer(text):
            term = m.group(0)
            if term in (" who ", " that "):
                before = _words(text[max(0, m.start() - 30):m.start()])
                if before and before[-1] in self.cues.person_nouns:
                    continue  # "relief for people who struggle with X": X is still the object
            if term in self._weak_or_all:
                spans_all.append(m.span())
            if term in self._strong:
                spans_strong.append(m.span())
        result = (spans_strong, spans_all)
        self._terminators[ctx.index] = result
        return result

    def clause_start(self, ctx: SentenceContext, pos: int, strong_only: bool = True) -> int:
        """View offset where the clause containing ``pos`` starts."""
        rel = pos - ctx.start
        spans = self.terminators(ctx)[0 if strong_only else 1]
        best = 0
        for start, end in spans:
            if start + (end - start) <= rel or (start < rel and end <= rel):
                best = max(best, end)
        return ctx.start + best

    def clause_end(self, ctx: SentenceContext, pos: int) -> int:
        rel = pos - ctx.start
        for start, _ in self.terminators(ctx)[1]:
            if start >= rel:
                return ctx.start + start
        return ctx.start + len(ctx.text)

    def glue_ok(self, ctx: SentenceContext, a_end: int, b_start: int) -> bool:
        """Is the text between two mentions only coordination (", and", "such as", fillers)?"""
        if b_start < a_end:
            return False
        glue = ctx.text[a_end - ctx.start:b_start - ctx.start]
        if len(glue) > 60:
            return False
        words = _words(glue)
        if len(words) > 6:
            return False
        if not ("," in glue or "/" in glue or any(w in self.separator_words for w in words)):
            return False
        if any(ch in glue for ch in ";:()."):
            return False
        if all(w in self.glue_words for w in words):
            return True
        # One list item the vocabulary does not know, between commas: ", back problems, ".
        parts = glue.split(",")
        if len(parts) >= 3 and all(all(w in self.glue_words for w in _words(p)) for p in (parts[0], parts[-1])):
            return all(len(_words(p)) <= 3 for p in parts[1:-1])
        return False

    def word_gap(self, ctx: SentenceContext, a: int, b: int) -> int:
        return len(_words(ctx.text[a - ctx.start:b - ctx.start]))

    # -- coordination -------------------------------------------------------

    def has_conjunction(self, ctx: SentenceContext, a_end: int, b_start: int) -> bool:
        words = _words(ctx.text[a_end - ctx.start:b_start - ctx.start])
        return any(w in self.conjunction_words for w in words)

    def list_goes_on(self, ctx: SentenceContext, pos: int) -> bool:
        """"A, B, and biological factors": the list continues past its last concept with and/or."""
        return bool(_LIST_TAIL.match(ctx.text[pos - ctx.start:]))

    def expand_right(self, ctx: SentenceContext, first: Ref, allowed: frozenset[str], limit: int) -> list[Ref]:
        group = [first]
        refs = [r for r in ctx.refs if r.start >= first.end and r.end <= limit and self.usable(ctx, r)]
        last = first
        joined = False
        for ref in refs:
            if not self.glue_ok(ctx, last.end, ref.start):
                break
            joined = joined or self.has_conjunction(ctx, last.end, ref.start)
            if ref.category in allowed:
                group.append(ref)
            elif ref.category != first.category:
                break
            last = ref
        # "A, B" with no "and"/"or"/"such as" anywhere is an apposition, not a list.
        joined = joined or (len(group) > 1 and self.list_goes_on(ctx, group[-1].end))
        group = group if joined else group[:1]
        # "neurotransmitters such as glutamate and GABA": the claim is about the examples.
        if len(group) > 1 and group[1].category == first.category and self.introduces_examples(ctx, first.end, group[1].start):
            group = group[1:]
        return group

    def introduces_examples(self, ctx: SentenceContext, a_end: int, b_start: int) -> bool:
        glue = " " + " ".join(_words(ctx.text[a_end - ctx.start:b_start - ctx.start])) + " "
        return any(f" {phrase} " in glue for phrase in self.cues.list_introducers)

    def expand_left(self, ctx: SentenceContext, first: Ref, allowed: frozenset[str], limit: int) -> list[Ref]:
        group = [first]
        refs = [r for r in ctx.refs if r.end <= first.start and r.start >= limit and self.usable(ctx, r)]
        last = first
        joined = False
        for ref in reversed(refs):
            if not self.glue_ok(ctx, ref.end, last.start):
                break
            joined = joined or self.has_conjunction(ctx, ref.end, last.start)
            if ref.category in allowed:
                group.insert(0, ref)
            elif ref.category != first.category:
                break
            last = ref
        return group if joined else group[-1:]

    # -- which mentions may be arguments ---------------------------------------

    def usable(self, ctx: SentenceContext, ref: Ref) -> bool:
        """Not a compared thing ("than opioids", "unlike acute pain") nor generic ("any medication")."""
        before = ctx.text[max(0, ref.start - ctx.start - 40):ref.start - ctx.start]
        if _THAN.search(before):
            return False
        words = _words(before)
        if words and words[-1] in self.cues.generic_quantifiers:
            # "A, B, or other psychological treatments" names a list item, not any treatment.
            return len(words) >= 2 and words[-2] in self.cues.list_before_generic and words[-1] == "other"
        return True

    # -- anaphora -----------------------------------------------------------

    def anaphor_near(self, ctx: SentenceContext, lo: int, hi: int, last: bool = True) -> Hit | None:
        idioms = [h for h in ctx.hits if h.cue.kind == "anaphor_idiom"]
        hits = [h for h in ctx.hits if h.cue.kind == "anaphor" and h.start >= lo and h.end <= hi
                and not any(i.start <= h.start and h.end <= i.end for i in idioms)]
        if not hits:
            return None
        return hits[-1] if last else hits[0]

    def resolve(self, ctx: SentenceContext, hit: Hit, allowed: frozenset[str]) -> list[list[Ref]]:
        """What an anaphor may refer to, most salient first (each option a concept or a group).

        Salience, not the predicate, picks the referent; the caller keeps the first option
        that fits the predicate. A definite description ("this therapy", "these receptors")
        restricts the categories.
        """
        phrase = hit.cue.phrase
        head = phrase.split()[-1]
        categories: frozenset[str] | None = None
        if head in self.anaphor_nouns:
            categories = frozenset(self.anaphor_nouns[head])
        plural = phrase in self.plural_anaphors or (head in self.anaphor_nouns and head.endswith("s"))

        def ok(ref: Ref) -> bool:
            return (categories is None or ref.category in categories) and ref.category not in ("Study", "Organization")

        here = [r for r in ctx.refs if r.end <= hit.start and ok(r) and self.usable(ctx, r)]
        options: list[list[Ref]] = []
        if phrase in _RELATIVE:
            # A relative pronoun: the nearest fitting mention before it (with the list it ends),
            # then the ones before that.
            lo = self.clause_start(ctx, hit.start)
            options = []
            for r in reversed(here):
                if r.category not in allowed:
                    continue
                head = self.is_a_subject(ctx, r)
                if head is not None and head.category in allowed:
                    group = self.expand_left(ctx, head, allowed, lo)
                else:
                    group = self.expand_left(ctx, r, allowed, lo)
                options.append([_resolved(x, hit) for x in group])
            return options
        window = [c for c in self.contexts if ctx.index - 3 <= c.index < ctx.index and not c.is_heading]
        if plural:
            for group in reversed(ctx.groups):
                if group[-1].end <= hit.start and all(ok(r) for r in group):
                    options.append([_resolved(r, hit) for r in group])
            if here:
                plural_looking = [r for r in here if ctx.text[r.end - ctx.start - 1:r.end - ctx.start] == "s"]
                options.append([_resolved((plural_looking or here)[0], hit)])
            for c in reversed(window):
                for group in reversed(c.groups):
                    if all(ok(r) for r in group):
                        options.append([_resolved(r, hit) for r in group])
            # "NMDA receptors ... By blocking these receptors": a plural can name one concept.
            for c in reversed(window):
                refs = [r for r in c.refs if ok(r) and self.usable(c, r)]
                if refs:
                    options.append([_resolved(refs[-1], hit)])
            return options
        # Singular, in this sentence: the nearest drug or therapy before it ("When ketamine binds
        # to NMDA receptors, it ..."), else the sentence's first mention; then earlier sentences'
        # first (subject-like) mentions.
        if here:
            treatments = [r for r in here if r.category in ("Drug", "Therapy")]
            options.append([_resolved(treatments[-1] if treatments else here[0], hit)])
        for c in reversed(window):
            if _PRONOUN_START.match(c.text):
                continue  # "It is an NMDA antagonist.": that sentence's subject is the same referent
            main = self.main_clause_start(c)
            refs = [r for r in c.refs if ok(r) and self.usable(c, r) and r.start >= main]
            # The antecedent of "it"/"this" is the earlier sentence's subject: a mention near the start
            # of its main clause.
            if refs and self.word_gap(c, main, refs[0].start) <= _SUBJECT_WINDOW:
                options.append([_resolved(refs[0], hit)])
        return options

    def main_clause_start(self, ctx: SentenceContext) -> int:
        """Where the main clause begins, past fronted adjuncts and relative clauses
        ("Unlike SSRIs, which increase serotonin, esketamine acts on ...")."""
        pos = 0
        text = ctx.text
        while True:
            m = _FRONTED.match(text, pos)
            if not m:
                return ctx.start + pos
            comma = text.find(",", m.end())
            if comma < 0:
                return ctx.start + pos
            pos = comma + 1

    def is_a_subject(self, ctx: SentenceContext, ref: Ref) -> Ref | None:
        """For the Y of "X is a Y", X (they are one thing): else None."""
        for h in ctx.hits:
            if h.cue.kind == "relation" and h.cue.predicates == ("subclass_of",) and h.end <= ref.start \
                    and self.word_gap(ctx, h.end, ref.start) <= _IS_A_GAP and h.cue.phrase.startswith(("is ", "are")):
                left = [r for r in ctx.refs if r.end <= h.start and r.category == ref.category]
                if left and self.word_gap(ctx, left[-1].end, h.start) <= 4:
                    return left[-1]
        return None

    def reduced_relative_head(self, ctx: SentenceContext, ref: Ref) -> Ref | None:
        """"chronic pain caused by a traumatic event can trigger ...": the head noun, not the agent."""
        for h in ctx.hits:
            if h.cue.kind == "relation" and h.cue.direction == "reverse" and h.end <= ref.start \
                    and self.word_gap(ctx, h.end, ref.start) <= 2:
                left = [r for r in ctx.refs if r.end <= h.start and self.word_gap(ctx, r.end, h.start) == 0]
                return left[-1] if left else None
        return None

    # -- argument search ----------------------------------------------------

    def left_options(self, ctx: SentenceContext, cue_start: int, allowed: frozenset[str]) -> list[list[Ref]]:
        """Candidate argument groups before a cue, best first: an anaphor closer than any
        fitting mention, else the nearest fitting mention (with its coordinated list), then
        farther ones."""
        lo = self.clause_start(ctx, cue_start)
        near = [r for r in ctx.refs if r.end <= cue_start and r.start >= lo and self.usable(ctx, r)
                and r.category not in ("Study", "Organization")]
        refs = [r for r in near if r.category in allowed]
        if near and near[-1].category in ("Drug", "Therapy") and near[-1].category not in allowed:
            # The nearest agent is a treatment that cannot fill the role: a farther mention is not
            # the subject either ("... opioids for chronic pain, ketamine offers an effect on pain").
            refs = []
        options: list[list[Ref]] = []
        anaphor = self.anaphor_near(ctx, lo, cue_start)
        if anaphor and (not refs or refs[-1].end <= anaphor.start):
            options.extend(self.resolve(ctx, anaphor, allowed))
        seen: set[int] = set()
        for ref in reversed(refs):
            if ref.start in seen:
                continue
            head = self.reduced_relative_head(ctx, ref)
            if head is not None and head.category in allowed and head.start >= lo:
                options.append([head])
            group = self.expand_left(ctx, ref, allowed, lo)
            seen.update(r.start for r in group)
            options.append(group)
        return options

    def right_options(self, ctx: SentenceContext, cue_end: int, allowed: frozenset[str], limit: int | None = None) -> list[list[Ref]]:
        hi = self.clause_end(ctx, cue_end)
        if limit is not None:
            hi = min(hi, limit)
        refs = [r for r in ctx.refs if r.start >= cue_end and r.end <= hi and r.category in allowed
                and self.usable(ctx, r)]
        anaphor = self.anaphor_near(ctx, cue_end, hi, last=False)
        if anaphor and anaphor.start - cue_end <= 3 and (not refs or anaphor.end <= refs[0].start) \
                and anaphor.cue.phrase.split()[-1] in self.anaphor_nouns:
            return self.resolve(ctx, anaphor, allowed)
        if not refs or self.word_gap(ctx, cue_end, refs[0].start) > self.cues.max_gap_words:
            return []
        first = self.named_instance(ctx, refs[0]) or refs[0]
        return [self.expand_right(ctx, first, allowed, hi)]

    def named_instance(self, ctx: SentenceContext, ref: Ref) -> Ref | None:
        """"a neurotransmitter called glutamate": the named instance stands for the class."""
        after = ctx.text[ref.end - ctx.start:]
        m = _CALLED.match(after)
        if not m:
            return None
        return next((r for r in ctx.refs if r.start == ref.end + m.end() and r.category == ref.category), None)


def _resolved(ref: Ref, hit: Hit) -> Ref:
    return Ref(ref.start, ref.end, ref.concept_id, ref.category, ref.sentence, ref.index, (hit.start, hit.end))


_PASSIVE_BY = re.compile(r"^\s+by\s")
_PARTICIPLE_AFTER_COMMA = re.compile(r",\s*(?:[a-z]+ly\s+|further\s+|thus\s+|thereby\s+|also\s+)?$")
_OF_TREATMENT = re.compile(r"^\s+(?:of|from|with|caused by|linked to)\s+(?:the\s+)?")
_SYMPTOMS = re.compile(r"^\s+(?:the\s+|their\s+|its\s+|your\s+)?symptoms\b")
_LIST_ITEM_GAP = re.compile(r"^\s*,\s*(?:and\s+|or\s+)?$")
# "X, a (key|common) Y" / "X – a Y": at most two modifiers between the article and Y.
_APPOSITION = re.compile(r"^\s*[,–—-]\s*(?:a|an|the|another)\s+(?:(?!(?:and|or)\s)[a-z\-]+\s+){0,2}")
_ARTICLE = re.compile(r"^\s*[,–—-]\s*(?:a|an|the|another)\s+")
_MODIFIERS = re.compile(r"(?:(?!(?:and|or)\s)[a-z\-]+\s+){0,2}")
# "A, an X, and B, a Y": appositions of a list's items, not a list of four
_NEXT_APPOSED = re.compile(r"\s*,\s*(?:and|or)\s+[\w-]+(?:\s+[\w-]+){0,2}\s*,\s*(?:a|an|another)\s")
_CALLED = re.compile(r"^\s+(?:called|named|known as|termed)\s+")
_SUBJECT_WINDOW = 10
# Openers of an adjunct or relative clause that precede a sentence's main clause.
_FRONTED = re.compile(r"\s*(?:unlike|while|whilst|although|though|if|when|because|after|before|since|for|in|with|"
                      r"during|as|despite|compared|which|who|whose|where|by|through|once|for example|however|"
                      r"additionally|moreover|furthermore|also|currently|today|ultimately|luckily|fortunately|"
                      r"unfortunately|in fact|of course|instead)\b")
_PRONOUN_START = re.compile(r"^\s*(?:it|its|it's|they|this|these)\b")
# A condition named as whose people a finding is about: "in patients with X", "among adults with X".
_POPULATION_BEFORE = re.compile(r"\b(?:in|among|for)\s+(?:[\w-]+\s+){0,2}(?:patients|people|adults|children|women|men|"
                                r"those|participants|individuals)\s+with\s+(?:[\w-]+\s+){0,2}$", re.I)
_FRONTED_FOR = re.compile(r"^\s*(?:for|in|with)\s+(?:people\s+with\s+|patients\s+with\s+)?[^,]{1,60},")
_RELATIVE = frozenset({"which", "that"})
_LIST_TAIL = re.compile(r"^\s*,?\s*(?:and|or)\s+\w")
_THAN = re.compile(r"\b(?:than|unlike|compared (?:to|with)|versus|vs\.?)\s+(?:[a-z'\-]+\s+){0,3}$")
_BY_START = re.compile(r"^\s*(?:by|through|via)\s*$")
# Between one verb's object and the next verb: "..., and", "and", or a short tail ending in a comma
# ("restoring neuronal connections in the brain, reducing inflammation").
_VERB_COORD = re.compile(r"^(?:[^,.;:]{0,40},\s*(?:and|or)?|\s*(?:and|or|as well as))\s*$")
_IS_A_GAP = 5


def _pairs(predicates: tuple[str, ...], subjects: list[Ref], objects: list[Ref]):
    for s in subjects:
        for o in objects:
            if s.concept_id == o.concept_id:
                continue
            for predicate in predicates:
                if fits(predicate, s.category, o.category):
                    yield s, predicate, o
                    break


def find_candidates(contexts: list[SentenceContext], cues: CueSet, categories: dict[str, str],
                    fixed_objects: dict[str, object]) -> list[Candidate]:
    """Candidate claims for every sentence (headings and questions excluded).

    ``fixed_objects`` maps an effect adjective's target label to a factory
    ``(sentence_index, start, end) -> Ref`` for the vocabulary concept it names.
    """
    finder = _Finder(cues, contexts, categories)
    for ctx in contexts:
        ctx.groups = _coordinated_groups(finder, ctx)
    out: list[Candidate] = []
    dangling: _Dangling | None = None
    for ctx in contexts:
        # Headings name topics and questions ask them: neither asserts a claim.
        if ctx.is_heading or ctx.text.rstrip().rstrip("\"'”’)").endswith("?"):
            dangling = None
            continue
        found, dangling_here = _sentence_candidates(finder, ctx, fixed_objects)
        if dangling is not None:
            found.extend(_continue_list(finder, ctx, dangling))
        dangling = dangling_here
        out.extend(found)
    return out


@dataclass(frozen=True)
class _Dangling:
    """A relation whose object the sentence did not name: "... treats various illnesses."."""

    subjects: tuple[Ref, ...]
    predicates: tuple[str, ...]
    hit: Hit
    sentence: int


def _continue_list(finder: _Finder, ctx: SentenceContext, dangling: _Dangling) -> list[Candidate]:
    """"These include A, B and C." after a dangling relation: one claim per item."""
    text = ctx.text.lstrip()
    offset = len(ctx.text) - len(text)
    for opener in finder.cues.list_continuations:
        if text.startswith(opener + " "):
            allowed = allowed_categories(dangling.predicates, "object")
            options = finder.right_options(ctx, ctx.start + offset + len(opener), allowed)
            if not options:
                return []
            out = []
            for s, predicate, o in _pairs(dangling.predicates, list(dangling.subjects), options[0]):
                out.append(Candidate(s, predicate, o, dangling.hit.start, dangling.hit.end,
                                     finder.contexts[dangling.sentence].text[dangling.hit.start - finder.contexts[dangling.sentence].start:dangling.hit.end - finder.contexts[dangling.sentence].start],
                                     ctx.index, continued_from=dangling.sentence))
            return out
    return []


def _coordinated_groups(finder: _Finder, ctx: SentenceContext) -> list[list[Ref]]:
    """Runs of mentions joined by coordination ("chronic pain and PTSD"), for plural anaphora."""
    groups: list[list[Ref]] = []
    current: list[Ref] = []
    joined = False
    for ref in ctx.refs:
        if current and finder.glue_ok(ctx, current[-1].end, ref.start):
            joined = joined or finder.has_conjunction(ctx, current[-1].end, ref.start)
            if ref.concept_id not in {r.concept_id for r in current}:
                current.append(ref)
            continue
        if len(current) >= 2 and joined:
            groups.append(current)
        current, joined = [ref], False
    if len(current) >= 2 and joined:
        groups.append(current)
    return groups


def _relation_hits(ctx: SentenceContext, determiners: frozenset[str]) -> list[Hit]:
    """Relation cues, leftmost-longest, not overlapping a mention or an anaphor, verbs not used as nouns."""
    hits = [h for h in ctx.hits if h.cue.kind in ("relation", "effect_adjective")]
    hits = [h for h in hits if not any(r.start < h.end and r.end > h.start for r in ctx.refs)]
    anaphors = [h for h in ctx.hits if h.cue.kind == "anaphor"]
    hits = [h for h in hits if not any(a.start < h.end and a.end > h.start for a in anaphors)]

    def used_as_noun(h: Hit) -> bool:
        # "these changes", "an increased sensitivity": a verb or participle after a determiner.
        if not (h.cue.verb or " " not in h.cue.phrase):
            return False
        raw = ctx.text[max(0, h.start - ctx.start - 20):h.start - ctx.start]
        before = _words(raw)
        # "ketamine's influence": a possessive before it makes the word a noun.
        if h.cue.verb and re.search(r"'s\s*$", raw):
            return True
        return bool(before) and before[-1] in determiners

    hits = [h for h in hits if not used_as_noun(h)]
    # "such as an injury" introduces examples; it is not "X as an anesthetic".
    hits = [h for h in hits if not (h.cue.phrase in ("as a", "as an")
                                    and re.search(r"\bsuch\s*$", ctx.text[:h.start - ctx.start]))]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[Hit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
        elif chosen and chosen[-1].start == h.start and chosen[-1].end == h.end and h.cue != chosen[-1].cue:
            chosen.append(h)  # the same phrase in two cue groups
    return chosen


# With no subject in the sentence, the treatment the text is talking about is the subject of
# its side effects ("Side effects include nausea and dizziness."); only for cues that can mean
# nothing but a side effect, not for "contribute to", which may have any cause.
_TREATMENT_PREDICATES = frozenset({"has_adverse_effect"})


def _implicit_treatment(finder: _Finder, ctx: SentenceContext) -> list[Ref]:
    """The treatment the text is about so far: the most-mentioned Drug/Therapy before this sentence
    (the latest one on a tie), as the implicit subject of "Common side effects include ..."."""
    counts: dict[str, int] = {}
    last: dict[str, Ref] = {}
    for c in finder.contexts[:ctx.index]:
        for r in c.refs:
            if r.category in ("Drug", "Therapy") and finder.usable(c, r):
                counts[r.concept_id] = counts.get(r.concept_id, 0) + 1
                last[r.concept_id] = r
    if not counts:
        return []
    best = max(counts, key=lambda k: (counts[k], last[k].start))
    return [last[best]]


def _implicit_condition(finder: _Finder, ctx: SentenceContext) -> list[Ref]:
    """The condition a fronted "For X," names, in this sentence or the previous one of its paragraph:
    "For chronic pain, the goal is ... Treatment may involve A and B."."""
    for c in [ctx] + [c for c in finder.contexts if c.index == ctx.index - 1 and c.paragraph == ctx.paragraph and not c.is_heading]:
        m = _FRONTED_FOR.match(c.text)
        if not m:
            continue
        refs = [r for r in c.refs if r.category == "Condition" and r.end <= c.start + m.end()]
        if refs:
            return refs[:1]
    return []


def _first_fitting(predicates, subject_options, object_options):
    """The first (subjects, objects) combination, in preference order, that gives any claim."""
    for subjects in subject_options:
        for objects in object_options:
            pairs = list(_pairs(predicates, subjects, objects))
            if pairs:
                return subjects, objects, pairs
    return None, None, []


def _sentence_candidates(finder: _Finder, ctx: SentenceContext, fixed_objects) -> tuple[list[Candidate], _Dangling | None]:
    found: dict[tuple, tuple[int, Candidate]] = {}
    previous: tuple[list[Ref], int] | None = None  # (subjects, objects end) of the last relation
    dangling: _Dangling | None = None

    def keep(s: Ref, predicate: str, o: Ref, hit: Hit, fixed: bool = False) -> None:
        candidate = Candidate(s, predicate, o, hit.start, hit.end, ctx.text[hit.start - ctx.start:hit.end - ctx.start],
                              ctx.index, fixed)
        # How tightly the cue hugs one of its arguments: the closest cue wins a pair.
        distance = min(abs(hit.start - s.end), abs(s.start - hit.end), abs(hit.start - o.end), abs(o.start - hit.end))
        key = (s.start, s.concept_id, o.start, o.concept_id)
        if key not in found or distance < found[key][0]:
            found[key] = (distance, candidate)

    relief = _relief_compounds(finder, ctx)
    hits = _relation_hits(ctx, finder.cues.determiners)
    for n, hit in enumerate(hits):
        cue = hit.cue
        predicates = cue.predicates
        next_cue = next((h.start for h in hits[n + 1:] if h.start >= hit.end and h.cue.kind == "relation"), None)
        if cue.kind == "effect_adjective":
            target = fixed_objects.get(cue.value[0])
            if target is None:
                continue
            options = finder.left_options(ctx, hit.start, allowed_categories(predicates, "subject"))
            following = next((r for r in ctx.refs if r.start >= hit.end and finder.word_gap(ctx, hit.end, r.start) == 0), None)
            if following is not None and following.category in ("Drug", "Therapy"):
                options = [[following]]
            subjects, _, pairs = _first_fitting(predicates, options, [[target(ctx.index, hit.start, hit.end)]])
            for s, predicate, o in pairs:
                keep(s, predicate, o, hit, fixed=True)
            continue
        if predicates == ("subclass_of",):
            _is_a(finder, ctx, hit, keep)
            continue
        direction = cue.direction
        after = ctx.text[hit.end - ctx.start:]
        if "affects" in predicates and finder.cues.population_after_affects is not None \
                and finder.cues.population_after_affects.match(after):
            continue  # "affects roughly 30% of people with X": how common, not an effect
        if cue.verb and direction == "forward" and _PASSIVE_BY.match(after) and cue.phrase.endswith(("ed", "en", "wn", "led", "ound")):
            direction = "reverse"
        allowed_s = allowed_categories(predicates, "subject")
        allowed_o = allowed_categories(predicates, "object")
        subject_options: list[list[Ref]] = []
        object_options: list[list[Ref]] = []
        if direction == "forward":
            before = ctx.text[:hit.start - ctx.start]
            if cue.verb and cue.phrase.split()[0].endswith("ing") and _PARTICIPLE_AFTER_COMMA.search(before):
                # ", further exacerbating X": the subject is the main clause's, or nobody named here.
                if not previous:
                    continue
                subject_options = [previous[0]]
                object_options = finder.right_options(ctx, hit.end, allowed_o, next_cue)
                subjects, objects, pairs = _first_fitting(predicates, subject_options, object_options)
                for s_, predicate, o in pairs:
                    keep(s_, predicate, o, hit)
                continue
            if previous and previous[1] <= hit.start and _VERB_COORD.match(ctx.text[previous[1] - ctx.start:hit.start - ctx.start]) \
                    and not any(previous[1] <= r.start < hit.start for r in ctx.refs):
                subject_options = [previous[0]]  # "reduces X, and regulates Y": one subject
            subject_options += finder.left_options(ctx, hit.start, allowed_s)
            object_options = finder.right_options(ctx, hit.end, allowed_o, next_cue)
            if "treats" not in predicates:  # ("produced effects in patients with X": X is who, not what)
                object_options = [opt for opt in object_options
                                  if not _POPULATION_BEFORE.search(ctx.text[:opt[0].start - ctx.start])]
            if _BY_START.match(before.split(",")[-1] if "," in before else before):
                # "By blocking X, ketamine ...": the subject follows the comma.
                comma = ctx.text.find(",", hit.end - ctx.start)
                if comma >= 0:
                    subject_options = [o[:1] for o in finder.right_options(ctx, ctx.start + comma + 1, allowed_s)] + subject_options
            of = _OF_TREATMENT.match(ctx.text[hit.end - ctx.start:])
            if "has_adverse_effect" in predicates and of:
                named = [r for r in ctx.refs if r.start == hit.end + of.end() and r.category in ("Drug", "Therapy")]
                if named:
                    subject_options = [named]
                    object_options = finder.right_options(ctx, named[0].end, allowed_o, next_cue)
            if set(predicates) <= _TREATMENT_PREDICATES and object_options:
                subject_options.append(_implicit_treatment(finder, ctx))
            if "treats" in predicates and not object_options and _SYMPTOMS.match(ctx.text[hit.end - ctx.start:]):
                object_options = [_implicit_condition(finder, ctx)]
        elif direction == "reverse":
            object_options = finder.left_options(ctx, hit.start, allowed_o)
            start = hit.end
            if _PASSIVE_BY.match(after):
                start = hit.end + after.index("by") + 2
            subject_options = finder.right_options(ctx, start, allowed_s, next_cue)
            if "treats" in predicates and subject_options and not object_options:
                object_options = [_implicit_condition(finder, ctx)]
        elif direction in ("pair", "between"):
            allowed = allowed_o
            groups = finder.left_options(ctx, hit.start, allowed) if direction == "pair" else finder.right_options(ctx, hit.end, allowed, next_cue)
            group = groups[0] if groups else []
            if len(group) >= 2:
                for i, a in enumerate(group):
                    for b in group[i + 1:]:
                        if a.concept_id != b.concept_id:
                            for predicate in predicates:
                                if fits(predicate, a.category, b.category):
                                    keep(a, predicate, b, hit)
                                    break
                continue
            # "X co-occurs with Y" written as a pair cue with one side each.
            if direction == "pair":
                subject_options, object_options = groups[:1], finder.right_options(ctx, hit.end, allowed, next_cue)
            else:
                subject_options, object_options = finder.left_options(ctx, hit.start, allowed)[:1], groups[:1]
        subjects, objects, pairs = _first_fitting(predicates, subject_options, object_options)
        made = False
        for s, predicate, o in pairs:
            if (o.start, o.end) in relief and predicate != "treats":
                continue
            if (s.start, s.end) in relief:
                continue
            if direction == "forward" and s.sentence == ctx.index and s.resolved_from is None and s.end <= hit.start \
                    and _LIST_ITEM_GAP.match(ctx.text[s.end - ctx.start:hit.start - ctx.start]):
                continue  # "a dissociative state, altered perception": a list, not a subject and its verb
            keep(s, predicate, o, hit)
            made = True
        if made and direction == "forward":
            previous = (subjects, max(o.end for o in objects))
        elif direction == "forward" and not object_options and subject_options and subject_options[0]:
            fitting = [r for r in subject_options[0] if r.category in allowed_s]
            if fitting:
                dangling = _Dangling(tuple(fitting), predicates, hit, ctx.index)
    _for_pattern(finder, ctx, keep)
    _appositions(finder, ctx, keep)
    _examples(finder, ctx, keep)
    for (start, end), head in relief.items():
        # "ketamine provides pain relief": the treatment is the nearest Drug/Therapy before it.
        if any(c.object.start == start and c.predicate == "treats" for _, c in found.values()):
            continue
        obj = next(r for r in ctx.refs if r.start == start and r.end == end)
        after = re.match(r"^\s+(?:from|with|by|of)\s+", ctx.text[head - ctx.start:])
        options = []
        if after:
            options = finder.right_options(ctx, head + after.end(), frozenset({"Drug", "Therapy"}))[:1]
        weak = finder.clause_start(ctx, start, strong_only=False)
        options += [o for o in finder.left_options(ctx, start, frozenset({"Drug", "Therapy"}))
                    if all((r.resolved_from or (r.start, r.end))[0] >= weak for r in o)]
        _, _, pairs = _first_fitting(("treats",), options, [[obj]])
        for s, predicate, o in pairs:
            keep(s, "treats", o, Hit(end, head, Cue("relation", ctx.text[end - ctx.start:head - ctx.start].strip(), ("treats",), "forward")))
    ordered = [c for _, c in sorted(found.values(), key=lambda dc: (dc[1].cue_start, dc[1].subject.start, dc[1].object.start))]
    return ordered, dangling


def _relief_compounds(finder: _Finder, ctx: SentenceContext) -> dict[tuple[int, int], int]:
    """Condition mentions followed by "relief"/"management"...: span -> end of the compound head."""
    out = {}
    for ref in ctx.refs:
        if ref.category != "Condition":
            continue
        m = re.match(r"\s+([a-z]+)", ctx.text[ref.end - ctx.start:])
        if m and m.group(1) in finder.cues.relief_compounds:
            out[(ref.start, ref.end)] = ref.end + m.end()
    return out


def _is_a(finder: _Finder, ctx: SentenceContext, hit: Hit, keep) -> None:
    """"X is a (kind of) Y", "X ... as an anesthetic and analgesic": X subclass_of Y (one category);
    "X can take many forms, including A and B": A, B subclass_of X."""
    if hit.cue.direction == "reverse":
        objects = [o for o in finder.left_options(ctx, hit.start, frozenset(CATEGORIES_FOR_CLASSES))[:1] for o in o]
        subjects = finder.right_options(ctx, hit.end, frozenset(CATEGORIES_FOR_CLASSES))
        for obj in objects:
            for subject in (subjects[0] if subjects else []):
                if fits("subclass_of", subject.category, obj.category) and subject.concept_id != obj.concept_id:
                    keep(subject, "subclass_of", obj, hit)
        return
    as_phrase = hit.cue.phrase in ("as a", "as an")
    if as_phrase and re.search(r"\bsuch\s*$", ctx.text[:hit.start - ctx.start]):
        return
    right = [r for r in ctx.refs if r.start >= hit.end and finder.word_gap(ctx, hit.end, r.start) <= _IS_A_GAP]
    lo = finder.clause_start(ctx, hit.start)
    left = [r for r in ctx.refs if r.end <= hit.start and r.start >= lo]
    anaphor = finder.anaphor_near(ctx, lo, hit.start)
    if not left and right and anaphor is not None and finder.word_gap(ctx, anaphor.end, hit.start) == 0:
        for option in finder.resolve(ctx, anaphor, frozenset({right[0].category})):
            if option and option[0].category == right[0].category:
                left = option[:1]
                break
    if not right or not left:
        return
    if hit.cue.phrase == "are":  # "Pregabalin and gabapentin are anticonvulsants": the class right after "are"
        right = [r for r in right if finder.word_gap(ctx, hit.end, r.start) == 0]
    for obj in right:
        candidates = [r for r in left if r.category == obj.category and r.concept_id != obj.concept_id]
        if not candidates:
            continue
        subject = candidates[-1]
        if not as_phrase and (subject is not left[-1] or finder.word_gap(ctx, subject.end, hit.start) > 4):
            return
        subjects = finder.expand_left(ctx, subject, frozenset({subject.category}), finder.clause_start(ctx, subject.start))
        if _SINGULAR_APPOSITION.match(hit.cue.phrase) and not ctx.text[subject.end - ctx.start:hit.start - ctx.start].strip(" ,"):
            subjects = [subject]  # "A and B, a type of Y": a singular apposition is B's ("types" would be both)
        for s_ in subjects:
            for o in finder.expand_right(ctx, obj, frozenset({obj.category}), finder.clause_end(ctx, obj.end)):
                if fits("subclass_of", s_.category, o.category) and o.concept_id != s_.concept_id:
                    keep(s_, "subclass_of", o, hit)
        return


CATEGORIES_FOR_CLASSES = ("Condition", "Drug", "Therapy", "Mechanism", "Molecule", "RiskFactor")


def _examples(finder: _Finder, ctx: SentenceContext, keep) -> None:
    """"neurotransmitters such as glutamate and GABA": each example subclass_of the class."""
    for i, a in enumerate(ctx.refs[:-1]):
        b = ctx.refs[i + 1]
        if b.category != a.category or b.concept_id == a.concept_id or not finder.glue_ok(ctx, a.end, b.start):
            continue
        if not finder.introduces_examples(ctx, a.end, b.start):
            continue
        glue = ctx.text[a.end - ctx.start:b.start - ctx.start].strip(" ,").lower()
        if glue == "like" and not ctx.text[a.start - ctx.start:a.end - ctx.start].lower().endswith("s"):
            continue  # "gabapentin, like pregabalin, ...": a peer compared, not a kind of gabapentin
        hit = Hit(a.end, b.start, Cue("relation", ctx.text[a.end - ctx.start:b.start - ctx.start].strip(" ,"), ("subclass_of",), "reverse"))
        for member in finder.expand_right(ctx, b, frozenset({a.category}), finder.clause_end(ctx, b.end)):
            if member.concept_id != a.concept_id and fits("subclass_of", member.category, a.category):
                keep(member, "subclass_of", a, hit)


# What may stand between a list's item and "and"/"or" before its last item: a short phrase of
# the item's own ("a rash across the cheeks and tiredness").
_ITEM_TAIL = re.compile(r"\s*(?:(?:across|on|in|of|around|over|under|behind|at|from)\s+(?:the\s+|your\s+|their\s+)?"
                        r"[\w-]+(?:\s+[\w-]+)?\s*)?(?:,\s*)?(?:or|and)\s")


def _ends_a_list(ctx: SentenceContext, b: Ref) -> bool:
    """Whether ``b`` stands before the "and"/"or" of a list, at most a short phrase of its own between."""
    return bool(_ITEM_TAIL.match(ctx.text[b.end - ctx.start:]))


def _appositions(finder: _Finder, ctx: SentenceContext, keep) -> None:
    """"glutamate, a key neurotransmitter", "a neurotransmitter called glutamate": subclass_of."""
    for a in ctx.refs:
        after = ctx.text[a.end - ctx.start:]
        m = _APPOSITION.match(after)
        if m:
            # (the class right after the article and its modifiers, or a class whose name holds them:
            # "a tricyclic antidepressant")
            lead = a.end + _ARTICLE.match(after).end()
            b = next((r for r in ctx.refs if lead <= r.start <= a.end + m.end()
                      and _MODIFIERS.fullmatch(ctx.text[lead - ctx.start:r.start - ctx.start])), None)
            if b is not None and _ends_a_list(ctx, b) and not _NEXT_APPOSED.match(ctx.text[b.end - ctx.start:]):
                continue  # "after a car accident, an assault or combat": a list, not an apposition
            if b is not None and b.category == a.category and b.concept_id != a.concept_id and fits("subclass_of", a.category, b.category):
                keep(a, "subclass_of", b, Hit(a.end, a.end + m.end(), Cue("relation", m.group(0).strip(), ("subclass_of",), "forward")))
        m = _CALLED.match(after)
        if m:
            b = next((r for r in ctx.refs if r.start == a.end + m.end()), None)
            if b is not None and b.category == a.category and b.concept_id != a.concept_id:
                keep(b, "subclass_of", a, Hit(a.end, a.end + m.end(), Cue("relation", m.group(0).strip(), ("subclass_of",), "reverse")))


def _for_pattern(finder: _Finder, ctx: SentenceContext, keep) -> None:
    """"ketamine infusions for chronic pain" -> treats (no other relation cue in between)."""
    pattern = finder.cues.for_connectors
    if pattern is None:
        return
    max_gap = int(finder.cues.for_pattern.get("max_gap_words", 3))
    relation_spans = None
    for ref in ctx.refs:
        if ref.category not in ("Drug", "Therapy"):
            continue
        m = pattern.match(ctx.text, ref.end - ctx.start)
        if not m:
            continue
        connector = m.group(1)
        pos = ctx.start + m.end()
        hi = finder.clause_end(ctx, pos)
        targets = [r for r in ctx.refs if r.start >= pos and r.end <= hi]
        if not targets or targets[0].category != "Condition" or finder.word_gap(ctx, pos, targets[0].start) > max_gap:
            continue
        if relation_spans is None:
            relation_spans = [(h.start, h.end) for h in ctx.hits if h.cue.kind == "relation"]
        if any(ref.end <= s and e <= targets[0].start for s, e in relation_spans):
            continue
        hit = Hit(ctx.start + m.start(), pos, Cue("relation", connector, ("treats",), "forward"))
        for obj in finder.expand_right(ctx, targets[0], frozenset({"Condition"}), hi):
            keep(ref, "treats", obj, hit)
