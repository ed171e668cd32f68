"""Claims from the dependency tree: arguments by grammatical role, not by word order.

The sentences that can hold a claim (two mentions, or a mention and a cue word) are parsed
with the trained pipeline of :mod:`graph.extract.parse`; a bulleted or numbered list is read
together with its lead-in ("Common side effects include:" + items) as one sentence. Then,
over lemmas and dependency labels, with every word list in ``graph/vocab/syntax.yaml`` and
the relation verbs of ``cues.yaml``:

- **verbs**: subject from ``nsubj`` (passive: the ``agent``), object from ``dobj`` or the
  object of the verb's own preposition ("lead *to* X"; passive: ``nsubjpass``); a verb
  without a subject takes it from the verb it depends on ("can help relieve", coordinated
  verbs), a relative clause from the noun it modifies ("B, which causes C"), a participle
  ("..., resulting in C") from the clause before it: chains give every link;
- **arguments** are every mention in the argument's phrase, so coordination gives one claim
  per item on either side; a class word with examples ("antidepressants such as A and B")
  stands for the examples (the specific item wins), and words such as "symptoms of X" pass
  to X;
- **frames**: "symptoms/side effects/causes/treatments of X include A, B", "A is a common
  sign of X", "people with X often have A", "X is marked by A";
- **class membership**: "A and B are types of Y", "A, a Y", "A (a Y)", "Y such as A",
  "Y include A", "Both are Y";
- **negated advice**: "X is not recommended for Y", "X should be avoided in Y".

Qualifiers (negation, hedges, attribution) are computed for these candidates by the same
code as for the surface rules (:mod:`graph.extract.qualifiers`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from graph.extract.arguments import (UNTYPED, ArgumentWords, argument_words, nominal, phrase_label, phrase_tokens,
                                    generic_name, pick_category, signals_category,
                                    plain_treatment, TREATMENT_CATEGORIES)
from graph.extract.relations import Candidate, Ref, SentenceContext, fits
from graph.model import PREDICATE_CONSTRAINTS, Sentence, slugify
from graph.vocab import Vocabulary

__all__ = ["SyntaxRules", "compile_syntax", "parse_candidates", "list_groups", "NewConcept"]

_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*+•‣◦▪]|\d{1,3}[.)])[ \t]+$")
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "what"})
_PLURAL_PRONOUNS = frozenset({"both", "they", "these", "those", "them"})
_SINGULAR_PRONOUNS = frozenset({"it", "this", "that"})
_ALL_PRONOUNS = _PLURAL_PRONOUNS | _SINGULAR_PRONOUNS
_LIST_PRONOUNS = _PLURAL_PRONOUNS | {"ones", "it", "this"}
_ARG_DEPS_EXCLUDED = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "appos", "mark",
                                "nsubj", "nsubjpass", "aux", "auxpass", "neg", "dative", "npadvmod", "advmod"})
_PREPS_KEPT = frozenset({"of", "as", "including", "like", "especially", "particularly", "notably", "e.g."})
_ADVICE_PASSIVES = frozenset({"recommend", "approve", "prescribe", "use", "indicate", "license", "advise", "offer",
                              "suggest", "give", "consider", "reserve", "try"})
_AVOID = frozenset({"avoid"})
_LACK = frozenset({"low", "lower", "reduced", "deficient", "insufficient", "inadequate", "poor"})
_PLACEHOLDER = "things"


@dataclass(frozen=True)
class SyntaxRules:
    """The compiled rules: relation verbs (lemma -> [(particle, predicates, reverse)]) and word lists."""

    verbs: dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]]
    presentation_verbs: frozenset[str]
    having_verbs: frozenset[str]
    frames: dict[str, tuple[str, str]]
    listing_verbs: frozenset[str]
    class_nouns: frozenset[str]
    pass_through: frozenset[str]
    example_preps: frozenset[str]
    disease_heads: frozenset[str]
    person_nouns: frozenset[str]
    relief_compounds: frozenset[str] = frozenset()
    association_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    presenting_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    prevalence_adjectives: frozenset[str] = frozenset()
    descriptions: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    use_adjectives: frozenset[str] = frozenset()
    nominalisations: dict[str, str] = None  # type: ignore[assignment]
    naming_verbs: frozenset[str] = frozenset()
    improvement_words: frozenset[str] = frozenset()
    onset_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    condition_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    instrument_verbs: frozenset[str] = frozenset()
    helping_verbs: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    benefit_verbs: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    risk_verbs: frozenset[str] = frozenset()
    risk_nouns: frozenset[str] = frozenset()
    attack_nouns: frozenset[str] = frozenset()
    reciprocal_verbs: frozenset[str] = frozenset()
    life_verbs: frozenset[str] = frozenset()
    liability_adjectives: frozenset[str] = frozenset()
    starting_verbs: frozenset[str] = frozenset()
    preventing_verbs: frozenset[str] = frozenset()
    level_adjectives: dict[str, str] = None  # type: ignore[assignment]
    diseases: frozenset[str] = frozenset()


_RULES: dict[str, SyntaxRules] = {}


def compile_syntax(vocabulary: Vocabulary) -> SyntaxRules:
    """The syntax rules of a vocabulary (compiled once per vocabulary version).

    >>> from graph.vocab import load_vocabulary
    >>> rules = compile_syntax(load_vocabulary())
    >>> [p for p in rules.verbs["lead"] if p[0] == "to"][0][1]
    ('has_adverse_effect', 'causes')
    >>> rules.frames["symptom"]
    ('has_symptom', 'subject')
    """
    if vocabulary.version in _RULES:
        return _RULES[vocabulary.version]
    data = vocabulary.syntax or {}
    verbs: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    for group in vocabulary.cues.get("relations") or []:
        predicates = tuple(group["try"])
        for direction in ("forward", "reverse"):
            for phrase in (group.get(direction) or {}).get("verbs") or []:
                words = phrase.lower().split()
                if len(words) > 2 or words[0] in ("be", "help", "also", "often", "make", "play", "have", "put"):
                    continue  # copular and multi-word idioms stay with the surface rules
                particle = words[1] if len(words) == 2 else ""
                entry = (particle, predicates, direction == "reverse")
                if entry not in verbs.setdefault(words[0], []):
                    verbs[words[0]].append(entry)
    frames = {}
    for noun, spec in (data.get("frames") or {}).items():
        frames[str(noun).lower()] = (str(spec["predicate"]), str(spec.get("x", "subject")))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    rules = SyntaxRules(
        verbs={k: tuple(v) for k, v in verbs.items()},
        presentation_verbs=words("presentation_verbs"),
        having_verbs=words("having_verbs"),
        frames=frames,
        listing_verbs=words("listing_verbs"),
        class_nouns=words("class_nouns"),
        pass_through=words("pass_through"),
        example_preps=words("example_preps"),
        disease_heads=words("disease_heads"),
        diseases=words("diseases"),
        person_nouns=frozenset(str(w).lower() for w in vocabulary.cues.get("person_nouns") or []),
        relief_compounds=frozenset(str(w).lower() for w in vocabulary.cues.get("relief_compounds") or []),
        association_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                           for k, v in (data.get("association_verbs") or {}).items()},
        presenting_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                          for k, v in (data.get("presenting_verbs") or {}).items()},
        prevalence_adjectives=words("prevalence_adjectives"),
        descriptions={str(k).lower(): tuple(str(c) for c in v) for k, v in (data.get("descriptions") or {}).items()},
        use_adjectives=words("use_adjectives"),
        nominalisations={str(k).lower(): str(v).lower() for k, v in (data.get("nominalisations") or {}).items()},
        naming_verbs=words("naming_verbs"),
        improvement_words=words("improvement_words"),
        onset_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                     for k, v in (data.get("onset_verbs") or {}).items()},
        helping_verbs=words("helping_verbs"),
        condition_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                         for k, v in (data.get("condition_verbs") or {}).items()},
        instrument_verbs=words("instrument_verbs"),
        event_nouns=words("event_nouns"),
        benefit_verbs={str(k).lower(): frozenset(str(p).lower() for p in v)
                       for k, v in (data.get("benefit_verbs") or {}).items()},
        risk_verbs=words("risk_verbs"),
        risk_nouns=words("risk_nouns"),
        attack_nouns=words("attack_nouns"),
        reciprocal_verbs=words("reciprocal_verbs"),
        life_verbs=words("life_verbs"),
        liability_adjectives=words("liability_adjectives"),
        starting_verbs=words("starting_verbs"),
        preventing_verbs=words("preventing_verbs"),
        level_adjectives={str(k).lower(): str(v) for k, v in (data.get("level_adjectives") or {}).items()},
    )
    _RULES[vocabulary.version] = rules
    return rules


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
    n = len(sentences)
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
        if s.text.rstrip().endswith(":") or (s.is_heading and (frame_words is None or _names_frame(s.text, frame_words))):
            lead = i
    close()
    return out


_FRAME_RES: dict[tuple[str, ...], re.Pattern] = {}


def _names_frame(text: str, frame_words) -> bool:
    key = tuple(frame_words)
    if key not in _FRAME_RES:
        _FRAME_RES[key] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in key) + r")s?\b")
    return bool(_FRAME_RES[key].search(text.lower()))


def _units(source_text: str, sentences, contexts: list[SentenceContext], wanted: set[int], frame_words) -> list[_Unit]:
    units: list[_Unit] = []
    for k in sorted(wanted):
        s = sentences[k]
        units.append(_Unit(s.text.replace("\n", " ").replace("\r", " "), [(0, s.start, len(s.text))], k))
    for lead, items in list_groups(source_text, sentences, frame_words=frame_words):
        # The lead-in is parsed with a placeholder noun where the list stands ("Common side effects
        # include things."); the placeholder then stands for every item's concepts. Items are not
        # parsed as one run-on sentence: a parser reads "are burning pain, swelling" as a verb.
        s = sentences[lead]
        head = s.text.rstrip()
        if head.endswith(":"):
            head = head[:-1].rstrip()
        text = head.replace("\n", " ")
        pieces = [(0, s.start, len(text))]
        if s.is_heading:
            text += " include"
        text += " "
        placeholder = len(text)
        text += _PLACEHOLDER + "."
        item_refs = []
        for k in items:
            ctx = contexts[k]
            # A long item's concepts before its first comma or dash: "changes in skin colour, with ..."
            cut = min([i for i in (ctx.text.find(", "), ctx.text.find(" – "), ctx.text.find(" - ")) if i > 0] or [len(ctx.text)])
            item_refs.extend(r for r in ctx.refs if r.start < ctx.start + cut)
        units.append(_Unit(text, pieces, lead, frozenset(items), placeholder, tuple(item_refs)))
    return units


def _hyphenated(tok) -> str:
    """The whole hyphenated word a token ends ("life-changing" for "changing")."""
    i = tok.i
    while i >= 2 and tok.doc[i - 1].text == "-" and not tok.doc[i - 1].whitespace_ and not tok.doc[i - 2].whitespace_:
        i -= 2
    return tok.doc[i: tok.i + 1].text.lower()


# --- the finder -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewConcept:
    """A concept the parse found in an argument slot (see :mod:`graph.extract.arguments`):
    its label, category, and the mention's original offsets."""

    concept_id: str
    label: str
    category: str
    start: int
    end: int
    sentence: int


# The slots (predicate, 0 subject / 1 object) that take a name saying nothing of itself.
PLAIN_SLOTS = frozenset({("treats", 0)})


class _Arguments:
    """The unlisted noun phrases found in argument slots of one source, by view span."""

    def __init__(self, vocabulary: Vocabulary, view, contexts: list[SentenceContext]):
        self.vocabulary = vocabulary
        self.words: ArgumentWords = argument_words(vocabulary)
        self.view = view
        self.starts = [c.start for c in contexts]
        self.pending: dict[tuple[int, int], tuple[str, str, int, int]] = {}  # span -> label, head, orig start, end
        self.plain: set[tuple[int, int]] = set()  # spans of names that signal no category
        self.used: dict[tuple[int, int], NewConcept] = {}

    def sentence_of(self, vstart: int) -> int:
        return bisect.bisect_right(self.starts, vstart) - 1

    def ref(self, label: str, key: str, head: str, ostart: int, oend: int, category: str = UNTYPED,
            plain: bool = False) -> Ref | None:
        """A mention of the unlisted name ``label`` (merged with others by ``key``, its head in
        the singular): a vocabulary concept if the vocabulary knows the name after all.
        ``plain``: the name says nothing of what it is ("baclofen", "bed rest"); only a slot
        that takes a treatment accepts it (see :meth:`typed`)."""
        vs, ve = self.view.to_view(ostart), self.view.to_view(ostart) + (oend - ostart)
        known = self.vocabulary.lookup(label) or self.vocabulary.lookup(key)
        if known:
            return Ref(vs, ve, known, self.vocabulary.concepts[known].category, self.sentence_of(vs), -1)
        self.pending[(vs, ve)] = (label, head, ostart, oend)
        if plain:
            self.plain.add((vs, ve))
        return Ref(vs, ve, slugify(key), category, self.sentence_of(vs), -1)

    def typed(self, ref: Ref, allowed: frozenset[str], predicate: str = "", role: int = 0) -> Ref | None:
        """The untyped ``ref`` with the category its slot allows (None if none fits)."""
        label, head, _, _ = self.pending[(ref.start, ref.end)]
        if (ref.start, ref.end) in self.plain:
            # A plain name is taken only where the sentence says what it is: what a use is of
            # ("Baclofen is approved for spasticity", "bed rest is not recommended for back
            # pain"). (As a cause, or as what is treated, such names were more often wrong.)
            if (predicate, role) not in PLAIN_SLOTS:
                return None
            category = pick_category(allowed, head, self.words)
            if category is None and allowed <= TREATMENT_CATEGORIES:
                category = plain_treatment(label, self.words)
        else:
            category = pick_category(allowed, head, self.words)
        if category is None:
            return None
        return Ref(ref.start, ref.end, ref.concept_id, category, ref.sentence, -1)

    def record(self, ref: Ref) -> None:
        if ref.category != UNTYPED and (ref.start, ref.end) in self.pending and (ref.start, ref.end) not in self.used:
            label, _, ostart, oend = self.pending[(ref.start, ref.end)]
            self.used[(ref.start, ref.end)] = NewConcept(ref.concept_id, label, ref.category, ostart, oend, ref.sentence)



class _Reader:
    """Rules applied to one parsed unit."""

    def __init__(self, rules: SyntaxRules, doc, unit: _Unit, ref_of_token: dict[int, Ref], heads: dict[int, Ref],
                 categories: dict[str, str], labels: dict[str, str], context: "_Context",
                 arguments: _Arguments | None = None):
        self.rules = rules
        self.arguments = arguments
        self.doc = doc
        self.unit = unit
        self.ref_of_token = ref_of_token  # token index -> ref covering it
        self.heads = heads  # token index -> ref whose head token it is
        self.categories = categories
        self.labels = labels
        self.context = context
        self.placeholder = next((t.i for t in doc if unit.placeholder is not None and t.idx == unit.placeholder), None)
        self.out: list[tuple[Ref, str, Ref, int, bool]] = []  # subject, predicate, object, cue token, negated
        self.repaired: set[int] = set()  # list items taken back from under a modifier (see region)
        self.silenced: set[int] = set()  # cue tokens the parse read as no claim of the surface rules' kind
        # "pain relief", "symptom management": what a treatment acts on, never an effect's object
        self.relieved = [r for i, r in heads.items()
                         if doc[i].dep_ == "compound" and doc[i].head.lemma_.lower() in rules.relief_compounds]

    # -- arguments --------------------------------------------------------------------

    def region(self, tok) -> list[int]:
        """Token indices of the phrase ``tok`` heads (its clauses and other modifiers left out).

        A list the parser hung under a modifier ("loss of interest in most activities,
        tiredness and poor sleep": "tiredness" a conjunct of "activities") is still the
        phrase's: conjuncts after a comma inside a left-out modifier are taken back."""
        out = []
        stack = [tok]
        while stack:
            t = stack.pop()
            out.append(t.i)
            for child in t.children:
                if child.dep_ in _ARG_DEPS_EXCLUDED:
                    continue
                if child.dep_ == "prep" and child.lower_ not in _PREPS_KEPT:
                    taken = [c for c in child.subtree if c.dep_ == "conj" and c.head.dep_ == "pobj"
                             and c.i > 0 and c.doc[c.i - 1].text == "," and c.head.head.i == child.i]
                    self.repaired.update(c.i for c in taken)
                    stack.extend(taken)
                    continue
                stack.append(child)
        return sorted(set(out))

    def refs_in(self, tok) -> list[Ref]:
        """The concepts an argument names: every mention in its phrase, the examples instead of
        their class ("antidepressants such as A and B")."""
        idx = self.region(tok)
        found: list[Ref] = []
        seen: set[tuple[int, int]] = set()
        if self.placeholder is not None and self.placeholder in idx:
            return list(self.unit.item_refs)
        for i in idx:
            ref = self.ref_of_token.get(i)
            if ref is not None and (ref.start, ref.end) not in seen:
                seen.add((ref.start, ref.end))
                found.append(ref)
        if not found and tok.lower_ in _ALL_PRONOUNS:
            return self.pronoun(tok)
        if not found and tok.lemma_.lower() in self.rules.attack_nouns and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            # "Sumatriptan eases an attack": an attack of the section's or article's condition
            return self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
        restrictive = any(c.dep_ in ("relcl", "acl", "prep") for c in tok.children)
        if not found and (tok.lemma_.lower() in self.rules.descriptions or tok.lemma_.lower() in self.rules.event_nouns) \
                and (any(d in ("this", "these", "that", "those") for d in dets) or ("the" in dets and not restrictive)):
            # ("the receptors in your brain that ..." names its own kind, not an earlier one)
            return self.described(tok)
        classes = {(c.start, c.end) for c, _ in self.examples_in(idx, open_names=False)}
        out = []
        for r in found:
            if (r.start, r.end) in classes:
                continue
            named = self.named_instance(r)
            out.extend(named or [r])
        return out

    def args(self, tok, open_slot: bool = False) -> list[Ref]:
        """:meth:`refs_in`, plus unlisted names in the argument's phrase: the phrase itself when
        it names no known concept, and each coordinated item that names none ("nausea, sexual
        problems and anxiety"). Their category is left for the claim's slot to decide."""
        refs = self.refs_in(tok)
        if self.arguments is None or tok.lower_ in _ALL_PRONOUNS or tok.lower_ in _RELATIVE_PRONOUNS:
            return refs
        if self.placeholder is not None and self.placeholder in self.region(tok):
            return refs
        out = list(refs)
        region = self.region(tok)
        # "gepants such as rimegepant and ubrogepant": unlisted examples of a known class count too
        for cls, examples in self.examples_in([i for i in region if i in self.heads], open_names=True):
            out.extend(r for r in examples if r.category == UNTYPED and r not in out)
        members = [tok]
        for i in region:  # the items coordinated with tok (and the ones the parser hung elsewhere)
            t = self.doc[i]
            if t.dep_ == "conj" and nominal(t) and (t.head in members or i in self.repaired):
                members.append(t)
        for member in sorted(members, key=lambda t: t.i):
            tokens = phrase_tokens(member)
            if any(t.i in self.ref_of_token for t in tokens) or (member is tok and refs and len(members) == 1):
                continue
            named = phrase_label(tokens, self.arguments.words)
            if named is None:
                continue
            examples = [o for c in member.children if c.dep_ == "prep" and c.lower_ in ("as", *self.rules.example_preps)
                        for o in c.children if o.dep_ == "pobj"]
            if examples:  # "an anti-sickness medicine such as ondansetron": the examples stand for it
                out.extend(r for o in examples for r in self.args(o))
                continue
            # Alone in its slot, a name must say what it is ("sleepwalking", "liver problems");
            # beside known items of a list ("nausea, blue lips and dizziness") any name will do.
            anchored = len(members) > 1 and (refs or any(m.i in self.ref_of_token for m in members))
            plain = not anchored and not open_slot and not signals_category(member.text, self.arguments.words)
            if plain and member.pos_ != "PROPN" and not any(c.dep_ == "compound" for c in member.children):
                continue  # a lone common noun ("interplay", "alterations") is no treatment's name
            first, last = tokens[0], tokens[-1]
            ostart = self.unit.to_original(first.idx)
            oend = self.unit.to_original(last.idx + len(last.text) - 1)
            if ostart is None or oend is None:
                continue
            ref = self.arguments.ref(*named, member.text, ostart, oend + 1, plain=plain)
            if ref is not None:
                out.append(ref)
        return out

    def named_instance(self, ref: Ref) -> list[Ref]:
        """"a neurotransmitter called glutamate": the named instance stands for the class."""
        head = next((i for i, r in self.heads.items() if r is ref), None)
        if head is None:
            return []
        for child in self.doc[head].children:
            if child.dep_ == "acl" and child.lemma_.lower() in ("call", "name", "know"):
                for o in child.children:
                    if o.dep_ in ("oprd", "attr", "dobj") and o.i in self.heads:
                        return [self.heads[o.i]]
        return []

    def pronoun(self, tok) -> list[Ref]:
        """"..., but it may cause nausea": the subject of an earlier clause of the sentence, else the
        previous sentence's subject (all its coordinated subjects for "both", "they")."""
        for earlier in self.doc[: tok.i]:
            if earlier.dep_ in ("nsubj", "nsubjpass") and earlier.lower_ not in _ALL_PRONOUNS:
                refs = [r for r in self.refs_in(earlier)]
                if refs:
                    return refs if tok.lower_ in _PLURAL_PRONOUNS else refs[:1]
        return self.context.antecedents(self.unit.sentence, tok.lower_ in _PLURAL_PRONOUNS)

    def events(self, verb) -> list[Ref]:
        """"blocking the NMDA receptor": the event, a Mechanism named after its object ("NMDA
        receptor blockade"), one per object named."""
        noun = self.rules.nominalisations.get(verb.lemma_.lower())
        if noun is None or self.arguments is None:
            return []
        out = []
        objects = [c for c in verb.children if c.dep_ == "dobj"] or ([verb.head] if verb.dep_ in ("amod", "compound") else [])
        for obj in objects:
            for r in self.refs_in(obj):
                if r.category not in ("Molecule", "Mechanism"):
                    continue
                label = f"{self.labels.get(r.concept_id) or r.concept_id.replace('_', ' ')} {noun}"
                ostart = self.unit.to_original(min(verb.idx, obj.idx))
                last = max(verb, obj, key=lambda t: t.i)
                oend = self.unit.to_original(last.idx + len(last.text) - 1)
                if ostart is None or oend is None:
                    continue
                ref = self.arguments.ref(label, label, noun, ostart, oend + 1, "Mechanism")
                if ref is not None and ref.category == "Mechanism":
                    out.append(ref)
        return out

    def means(self, verb) -> tuple[list[Ref], bool]:
        """The events a clause names as its means or cause: "by blocking R, X ..." (False), or
        "blocking R reduces ..." (True: the event is the subject itself)."""
        by, subject = [], []
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                by += [r for g in child.children if g.dep_ == "pcomp" for r in self.events(g)]
            elif child.dep_ in ("csubj", "nsubj"):
                # "Blocking R reduces C" (csubj), "blocking NMDA receptors ..." read as a modifier of R
                gerunds = [child] if child.tag_ == "VBG" else [g for g in child.children if g.tag_ == "VBG"]
                subject += [r for g in gerunds for r in self.events(g)]
        return (subject, True) if subject else (by, False)

    def described(self, tok) -> list[Ref]:
        """"The condition is caused by ...", "this drug can cause ...": the last concept of the
        noun's category before it (in the sentence, then the two before), else the topic."""
        categories = self.rules.descriptions.get(tok.lemma_.lower(), ())
        if tok.head.lemma_.lower() in self.rules.naming_verbs:  # "this process is called Y"
            named = [r for c in tok.head.children if c.dep_ in ("oprd", "attr") for r in self.refs_in(c)]
            if named:
                return named
        if not categories:
            return []
        before = [self.ref_of_token[t.i] for t in self.doc[: tok.i] if t.i in self.heads]
        for r in reversed(before):
            if r.category in categories:
                return [r]
        for k in range(self.unit.sentence - 1, max(-1, self.unit.sentence - 5), -1):
            subjects = [r for r in self.context.subjects.get(k, []) if r.category in categories]
            refs = subjects or [r for r in self.context.contexts[k].refs if r.category in categories][-1:]
            if refs:
                return refs[:1]
        return self.context.topic(frozenset(categories), self.unit.sentence)

    def examples_in(self, idx: list[int], open_names: bool = True) -> list[tuple[Ref, list[Ref]]]:
        """(class, examples) for "Y such as A and B", "Y including A", "Y like A" inside a phrase
        (with ``open_names``, unlisted examples too)."""
        out = []
        for i in idx:
            ref = self.heads.get(i)
            if ref is None:
                continue
            tok = self.doc[i]
            for child in tok.children:
                if child.dep_ != "prep":
                    continue
                word = child.lower_
                if any(c.lower_ == "other" for o in child.children for c in o.children):
                    continue  # "tramadol, like other opioids": the other way round (see run)
                if word == "as" and (any(c.lower_ == "such" for c in (*tok.children, *child.children))
                                     or (child.i > 0 and self.doc[child.i - 1].lower_ == "such")):
                    word = "such as"
                if word not in self.rules.example_preps:
                    continue
                objs = [c for c in child.children if c.dep_ == "pobj"]
                framed = tok.lemma_.lower() in self.rules.frames
                examples = [r for o in objs for r in (self.args(o) if open_names else self.refs_in(o))
                            if r.category in (ref.category, UNTYPED) or framed]
                if examples:
                    out.append((ref, examples))
        return out

    def frame_of(self, tok) -> tuple[str, str, list[Ref]] | None:
        """For a frame noun ("symptoms of X", "fibromyalgia symptoms", "side effects of X"):
        (predicate, role of X, X refs); X may be missing (then the list's topic is used)."""
        lemma = tok.lemma_.lower()
        compounds = [c for c in tok.children if c.dep_ in ("compound", "amod")]
        names = [lemma]
        for c in compounds:
            names.insert(0, f"{c.lemma_.lower()} {lemma}")
        spec = None
        for name in names:
            if name in self.rules.frames:
                spec = self.rules.frames[name]
                break
        if spec is None or tok.i in self.ref_of_token:
            return None
        predicate, role = spec
        xs: list[Ref] = []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "in", "with", "from"):
                for o in child.children:
                    if o.dep_ == "pobj":
                        xs.extend(self.args(o))
                        # "symptoms in people with X"
                        for p2 in o.children:
                            if p2.dep_ == "prep" and p2.lower_ == "with":
                                for o2 in p2.children:
                                    if o2.dep_ == "pobj":
                                        xs.extend(self.refs_in(o2))
            elif child.dep_ in ("compound", "poss", "nmod", "amod") and child.i in self.ref_of_token:
                xs.append(self.ref_of_token[child.i])
            elif child.dep_ == "acl" and child.lemma_.lower() in _ADVICE_PASSIVES:
                # "the first medicine offered for X", "a drug approved for X"
                xs.extend(r for p in child.children if p.dep_ == "prep" and p.lower_ in ("for", "in")
                          for o in p.children if o.dep_ == "pobj" for r in self.args(o))
        return predicate, role, xs

    # -- emitting ----------------------------------------------------------------------

    def emit(self, subjects: list[Ref], predicates: tuple[str, ...], objects: list[Ref], cue, negated: bool = False) -> None:
        for s in subjects:
            for o in objects:
                if s.concept_id == o.concept_id or o in self.relieved:
                    continue
                if s.category == UNTYPED and o.category == UNTYPED:
                    continue  # a claim needs one known end
                if "subclass_of" in predicates and self._generic(o):
                    continue  # "duloxetine is a medication" says nothing a writer needs
                for predicate in predicates:
                    s2, o2 = s, o
                    if UNTYPED in (s.category, o.category):
                        known = o if s.category == UNTYPED else s
                        role = 0 if s.category == UNTYPED else 1
                        constraints = PREDICATE_CONSTRAINTS[predicate]
                        if known.category not in constraints[1 - role]:
                            continue
                        allowed = frozenset({known.category}) if predicate == "subclass_of" else constraints[role]
                        typed = self.arguments.typed(s if role == 0 else o, allowed, predicate, role)
                        if typed is None:
                            continue
                        s2, o2 = (typed, o) if role == 0 else (s, typed)
                    if fits(predicate, s2.category, o2.category):
                        self.out.append((s2, predicate, o2, cue.i, negated))
                        break

    def emit_presentations(self, xs: list[Ref], items: list[Ref], cue) -> None:
        """What people with X have, or what is common in them: a symptom of X, or, for a disease
        ("... often have an anxiety disorder"), a condition that co-occurs with X."""
        for item in items:
            label = self.labels.get(item.concept_id, "") or item.concept_id.replace("_", " ")
            disease = bool(set(label.split()) & self.rules.disease_heads) or label in self.rules.diseases
            self.emit(xs, ("co_occurs_with",) if disease else ("has_symptom",), [item], cue)

    def emit_frame(self, frame: tuple[str, str, list[Ref]], items: list[Ref], cue) -> None:
        predicate, role, xs = frame
        if not xs and self.unit.items:  # a list under "Symptoms:" is about the section's or article's topic
            xs = self.context.topic(PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1], self.unit.sentence)
        named = {r.concept_id for r in items}
        xs = [x for x in xs if x.concept_id not in named]
        for x in xs:
            if role == "subject":
                self.emit([x], (predicate,), items, cue)
            else:
                self.emit(items, (predicate,), [x], cue)

    # -- rules -------------------------------------------------------------------------

    def run(self) -> None:
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("NOUN", "PROPN"):
                self.and_others(tok)
                self.misparsed_having(tok, lemma)
            # (a verb the tagger took for a noun: "Patients with X often experience A")
            if tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)
                                               and any(c.dep_ == "dobj" for c in tok.children)):
                self.verb(tok, lemma)
            if tok.i in self.heads:
                for cls, examples in self.examples_in([tok.i]):
                    frame = self.rules.frames.get(lemma)
                    if frame is None and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
                        # "signs of serotonin syndrome, such as agitation": the examples are the signs
                        outer = self.rules.frames.get(tok.head.head.lemma_.lower())
                        if outer and outer[0] != "subclass_of" and outer[1] == "subject":
                            frame = outer
                    if frame and frame[0] != "subclass_of":
                        # "withdrawal symptoms such as sweating": symptoms of the class, not kinds of it
                        self.emit_frame((frame[0], frame[1], [cls]), examples, tok)
                    else:
                        self.emit(examples, ("subclass_of",), [cls], tok)
                self.apposition(tok)
                self.like_others(tok, [self.heads[tok.i]])
            elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("nsubj", "nsubjpass", "attr"):
                # "treatments for X such as A and B", a frame noun with its examples
                frame = self.frame_of(tok)
                if frame:
                    for child in tok.children:
                        if child.dep_ == "prep" and (child.lower_ in self.rules.example_preps or child.lower_ == "as"):
                            items = [r for o in child.children if o.dep_ == "pobj" for r in self.args(o)]
                            self.emit_frame(frame, items, tok)

    def subjects_of(self, verb, depth: int = 0) -> list[Ref]:
        if depth > 4:
            return []
        for child in verb.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and depth > 0):
                # (through an xcomp, a passive's subject does the xcomp: "X is approved to treat Y")
                if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return self.relative_head(verb.head)
                return self.args(child)
            if child.dep_ == "agent":
                return [r for o in child.children if o.dep_ == "pobj" for r in self.args(o)]
            if child.dep_ == "csubj" and child.lemma_.lower() in ("take", "use", "drink", "combine", "stop", "start"):
                # "Taking ibuprofen for a long time can cause ulcers"
                found = [r for o in child.children if o.dep_ == "dobj" for r in self.refs_in(o)]
                if found:
                    return found
        if verb.dep_ == "relcl":
            return self.relative_head(verb.head)
        if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in self.rules.instrument_verbs:
            # "we use X to help ...": X does
            used = [r for c in verb.head.children if c.dep_ == "dobj" for r in self.refs_in(c)]
            if used:
                return used
        if verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(verb.head, depth + 1)
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(verb.head.head, depth + 1)  # "X is (un)likely / able to help Y"
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(verb.head.head, depth + 1)  # "X works by blocking R", "by blocking R, X ..."
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.dep_ == "ROOT":
            # "By blocking R, ketamine disrupts ...", misparsed with the verb as a noun and the
            # drug as its modifier: the treatment named before that verb does the blocking.
            root = verb.head.head
            return [r for c in root.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod")
                    for r in self.refs_in(c) if r.category in ("Drug", "Therapy")]
        if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG":
            # "..., resulting in C": what the clause before did or made
            head = verb.head
            head_predicates = {p for _, ps, _ in self.rules.verbs.get(head.lemma_.lower(), ()) for p in ps}
            if head.pos_ in ("VERB", "AUX") and "increases" in head_predicates:
                for child in head.children:
                    if child.dep_ in ("dobj", "attr"):
                        refs = self.refs_in(child)
                        if refs:
                            return refs
            if head.pos_ in ("VERB", "AUX") and "inhibits" in head_predicates:
                # "A blocks B, leading to C": the blocking leads to C (A and B's blockade), not B
                return self.subjects_of(head, depth + 1) + self.events(head)
            if head.pos_ in ("VERB", "AUX"):
                return self.subjects_of(head, depth + 1)
            return self.refs_in(head)
        return []

    def patients_with(self, noun) -> list[Ref]:
        """"older adults with insomnia": the condition of the people a piece of advice is for."""
        if noun.lower_ not in self.rules.person_nouns and noun.lemma_.lower() not in self.rules.person_nouns:
            return []
        out = [r for p in noun.children if p.dep_ == "prep" and p.lower_ == "with"
               for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)]
        # "patients struggling with X", "people who live with X", "those who have X"
        for v in noun.children:
            if v.dep_ in ("acl", "relcl") and v.lemma_.lower() in self.rules.condition_verbs:
                preps = self.rules.condition_verbs[v.lemma_.lower()]
                for c in v.children:
                    if c.dep_ == "prep" and c.lower_ in preps:
                        out += [r for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o)]
                    elif c.dep_ == "dobj" and not preps:
                        out += self.refs_in(c)
        return [r for r in out if r.category == "Condition"]

    def relative_head(self, noun) -> list[Ref]:
        """What a relative clause is about: its noun, or the noun an apposition renames
        ("pregabalin, a gabapentinoid that reduces glutamate release")."""
        if noun.dep_ == "appos":
            refs = self.refs_in(noun.head) or self.refs_in(noun)
        elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
            # "A and B are anticonvulsants that are used to treat C": A and B are; "It is a
            # condition that causes pain": what "it" is
            refs = [r for c in noun.head.children if c.dep_ == "nsubj" for r in self.refs_in(c)] or self.refs_in(noun)
        else:
            refs = self.refs_in(noun)
        if not refs and noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
            # "by blocking NMDA receptors in the brain, which reduces C": the blocking does
            noun = next((c for c in noun.head.head.children if c.dep_ == "dobj"), noun)
            refs = self.refs_in(noun)
        governor = noun.head
        if noun.dep_ == "dobj" and governor.pos_ == "VERB":
            predicates = {p for _, ps, _ in self.rules.verbs.get(governor.lemma_.lower(), ()) for p in ps}
            if "inhibits" in predicates and "increases" not in predicates:
                # "A blocks B, which reduces C": blocking B is what reduces C, so A is the subject
                # (raising B, which leads to C, makes B the subject: the default)
                return (self.subjects_of(governor) or self.subjects_of(governor.head.head)) + self.events(governor) or refs
        return refs

    def objects_of(self, verb, particle: str) -> list[Ref]:
        out: list[Ref] = []
        for child in verb.children:
            if particle and child.dep_ in ("prep", "prt", "agent") and child.lower_ == particle:
                if child.dep_ == "prt":
                    continue
                out.extend(r for o in child.children if o.dep_ == "pobj" for r in self.args(o))
            elif not particle and child.dep_ in ("dobj", "attr"):
                out.extend(self.args(child))
        if particle and not out and any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
            out.extend(r for c in verb.children if c.dep_ == "dobj" for r in self.refs_in(c))
        return out

    def verb(self, tok, lemma: str) -> None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            tok.tag_ == "VBN" and tok.dep_ == "acl" and any(c.dep_ == "agent" for c in tok.children))  # "pain caused by X"
        negated_advice = False
        # "X is not recommended for Y", "X should be avoided in Y": advice about use, its negation is data.
        if passive and (lemma in _ADVICE_PASSIVES or lemma in _AVOID):
            users = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)]
            targets = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "in", "against", "with", "by")
                       for o in c.children if o.dep_ == "pobj"
                       for r in (self.args(o) if c.lower_ in ("for", "against") else self.refs_in(o)) + self.patients_with(o)]
            targets += [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"  # "prescribed to people with Y"
                        for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            negated_advice = lemma in _AVOID
            if users and not targets and not any(r.category == "Condition" for r in self.ref_of_token.values()) \
                    and not any(c.dep_ in ("xcomp", "advcl", "prep") for c in tok.children):
                # "Strong painkillers are not recommended." in an article or section about X (a
                # purpose or a place named, "prescribed to manage symptoms", is left alone)
                targets = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            if users and targets:
                self.emit(users, ("treats",), targets, tok, negated=negated_advice)
        if lemma in self.rules.presentation_verbs and (passive or tok.dep_ == "acl"):
            xs = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.refs_in(c)]
            if not xs and tok.dep_ == "acl":  # "X is a condition marked by A": X; "a condition marked by A"
                head = tok.head
                xs = self.refs_in(head)
                if head.dep_ == "attr":
                    xs = [r for c in head.head.children if c.dep_ == "nsubj" for r in self.refs_in(c)] or xs
            items = [r for c in tok.children if c.dep_ == "agent" for o in c.children for r in self.args(o)]
            self.emit(xs, ("has_symptom",), items, tok)
            return
        if not passive and lemma in _ADVICE_PASSIVES:
            # "offer X for Y", "For Y, offer X", "Do not offer X for Y", "reserve it for Y"
            users = [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
            targets = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "in")
                       for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o) + self.patients_with(o)]
            targets += [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"  # "we offer X to people with Y"
                        for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if users and targets:
                self.emit(users, ("treats",), targets, tok)
        if passive and lemma in self.rules.naming_verbs:
            # "This process is called Y": what the sentence before described causes Y
            for c in tok.children:
                if c.dep_ == "nsubjpass" and c.lemma_.lower() in self.rules.event_nouns and any(
                        d.lower_ in ("this", "that", "these") for d in c.children):
                    named = [r for o in tok.children if o.dep_ in ("oprd", "attr") for r in self.refs_in(o)]
                    agents = self.context.antecedents(self.unit.sentence, plural=False)
                    self.emit(agents, ("increases", "causes"), named, tok)
        if not passive and lemma not in self.rules.verbs:
            events, is_subject = self.means(tok)  # "X works by blocking R": X brings about the blockade
            if events and not is_subject:
                self.emit(self.subjects_of(tok), ("causes",), events, tok)
        if passive and lemma in self.rules.association_verbs:
            self.association(tok, lemma)
        if not passive and lemma in self.rules.presenting_verbs:
            xs = self.subjects_of(tok)
            items = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.presenting_verbs[lemma]
                     for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            self.emit(xs, ("has_symptom",), items, tok)
        if lemma == "make":
            self.made_likely(tok)
        if not passive and lemma in self.rules.preventing_verbs and any(
                c.dep_ == "prep" and c.lower_ == "from" and any(g.dep_ == "pcomp" for g in c.children) for c in tok.children):
            # "antibodies stop CGRP from attaching to its receptor"
            held = [r for c in tok.children if c.dep_ == "dobj" for r in self.refs_in(c)]
            self.emit(self.subjects_of(tok), ("inhibits",), held, tok)
        if not passive and lemma == "keep" and self.rules.level_adjectives:
            # "chronic stress keeps cortisol levels high"
            for c in tok.children:
                if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") and c.lower_ in self.rules.level_adjectives:
                    kept = [r for d in tok.children if d.dep_ == "dobj" for r in self.refs_in(d)]
                    self.emit(self.subjects_of(tok), (self.rules.level_adjectives[c.lower_],), kept, tok)
        if lemma in ("make", "leave") and not passive:
            # "X may leave you feeling drowsy", "X can make you dizzy": an effect of X
            felt = [self.ref_of_token[t.i] for c in tok.children if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp")
                    for t in c.subtree if t.i in self.heads and self.ref_of_token[t.i].category == "Condition"
                    and not any(a.dep_ == "prep" for a in t.ancestors if a.i > c.i or c.is_ancestor(a))]  # ("sensitive to pain": not pain)
            people = any(c.dep_ in ("dobj", "nsubj") and c.lower_ in ("you", "people", "patients", "them", "some", "many")
                         for h in (tok, *[c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]) for c in h.children)
            if felt and people:
                self.emit(self.subjects_of(tok), ("has_adverse_effect", "causes"), felt, tok)
        if not passive and lemma in self.rules.risk_verbs:
            self.raised_risk(tok)
        if not passive and lemma in self.rules.reciprocal_verbs and any(
                c.dep_ == "dobj" and c.lower_ in ("other", "another") for c in tok.children):
            # "Pain and poor sleep feed each other": each affects the other
            ends = [r for r in self.subjects_of(tok) if r.category == "Condition"]
            for a in ends:
                self.emit([a], ("affects",), [b for b in ends if b.concept_id != a.concept_id], tok)
        if not passive and lemma in self.rules.onset_verbs:  # "it often starts after an injury or surgery"
            preps = self.rules.onset_verbs[lemma]
            causes = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            if not preps:  # "fibromyalgia often follows an infection"
                causes = [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
            self.emit(causes, ("causes",), self.subjects_of(tok), tok)
        if (not passive and lemma in self.rules.helping_verbs
                and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep") for c in tok.children)):
            # "Medicines such as A and B can help." under a "Treatment" heading
            topic = self.context.heading_topic(self.unit.sentence, frozenset({"Condition"}), ("treat", "therap", "manag", "help", "option"))
            self.emit(self.subjects_of(tok), ("treats",), topic, tok)
        if lemma == "affect" and not passive:  # "insomnia affects half of people with chronic pain"
            for c in tok.children:
                if c.dep_ == "dobj":
                    people = [c] + [o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                    for o in p.children if o.dep_ == "pobj"]
                    xs = [r for person in people for r in self.patients_with(person)]
                    self.emit_presentations(xs, self.subjects_of(tok), tok)
        self.like_others(tok, None)
        if lemma == "belong" and not passive:
            # "X belongs to a class of drugs called Y", "X belongs to the triptan family"
            classes = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "to":
                    for o in c.children:
                        if o.dep_ != "pobj":
                            continue
                        found = self.refs_in(o)
                        for t in o.subtree:
                            if t.dep_ in ("oprd", "attr", "dobj") and t.head.lemma_.lower() in self.rules.naming_verbs:
                                found = self.args(t) or found
                        classes += found
            self.emit(self.subjects_of(tok), ("subclass_of",), classes, tok)
        if not passive and (lemma == "help" or any(c.dep_ == "dobj" and c.lemma_.lower() in self.rules.frames
                                                  and self.rules.frames[c.lemma_.lower()][0] == "treats"
                                                  for c in tok.children)):
            # "CBT helps people with insomnia", "X helps with Y", "X has shown benefit in Y", "X offers relief for Y"
            targets = []
            for c in tok.children:
                if c.dep_ == "dobj":
                    frame = self.frame_of(c)
                    targets += self.patients_with(c) + (frame[2] if frame and frame[0] == "treats" else [])
                    if frame and frame[0] == "treats" and not frame[2]:  # "find relief from X" with "from" on the verb
                        targets += [r for p in tok.children if p.dep_ == "prep" and p.lower_ in ("from", "for", "in")
                                    for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o) + self.patients_with(o)]
                        if not targets:  # "patients with X have found relief through Y"
                            targets = self.people_condition(tok)
                    if lemma == "help" and not targets:  # "capsaicin cream may help pain in one area"
                        targets += [r for r in self.refs_in(c) if r.category == "Condition"]
                elif c.dep_ == "prep" and c.lower_ == "with" and lemma == "help":
                    targets += [r for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                elif c.dep_ in ("xcomp", "ccomp") and lemma == "help" and c.lemma_.lower() in self.rules.condition_verbs:
                    # "yoga helps them cope with fibromyalgia"
                    targets += [r for p in c.children if p.dep_ == "prep" and p.lower_ in self.rules.condition_verbs[c.lemma_.lower()]
                                for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
            if targets:
                users = self.subjects_of(tok)
                if not users or self._people_subject(tok):  # "patients find relief from X with Y"
                    users = self.instruments(tok) or users
                self.emit(users, ("treats",), targets, tok)
        if not passive and lemma in self.rules.starting_verbs and (self._people_subject(tok) or any(
                c.dep_ == "nsubj" and c.lemma_.lower() in ("treatment", "therapy", "management") for c in tok.children)):
            # "Doctors usually start with amitriptyline or duloxetine"
            first = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                     for o in c.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy", UNTYPED)]
            if first:
                self.emit(first, ("treats",), self.context.topic(frozenset({"Condition"}), self.unit.sentence), tok)
        if not passive and lemma in self.rules.life_verbs:
            # "we have seen ketamine transform the lives of patients living with X"
            lives = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives")]
            targets = [r for c in lives for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if targets:
                self.emit([r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy")], ("treats",), targets, tok)
        if not passive and lemma in self.rules.benefit_verbs:
            # "people with X may benefit from Y"
            xs = [r for c in tok.children if c.dep_ == "nsubj" for r in self.patients_with(c)]
            ys = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.benefit_verbs[lemma]
                  for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            self.emit(ys, ("treats",), xs, tok)
        if lemma == "be" or lemma in self.rules.listing_verbs:
            self.copula_or_listing(tok, lemma)
        if lemma in self.rules.having_verbs:
            self.having(tok)
        for particle, predicates, reverse in self.rules.verbs.get(lemma, ()):
            if passive:
                objects = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)]
                if not objects and tok.dep_ in ("acl", "relcl"):
                    # "pain caused by an injury"; "X is pain caused by an injury": X
                    objects = self.relative_head(tok.head) if tok.head.dep_ == "attr" else self.refs_in(tok.head)
                subjects = [r for c in tok.children if c.dep_ == "agent" for o in c.children for r in self.args(o)]
                if not subjects and "treats" in predicates:  # "nausea can be reduced with ondansetron"
                    subjects = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                                for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
                if particle and not subjects:
                    continue
            else:
                subjects = self.subjects_of(tok)
                if "treats" in predicates and (self._people_subject(tok) or not any(
                        s.category in ("Drug", "Therapy") for s in subjects)):  # "we treat X with Y"
                    subjects = self.instruments(tok) or subjects
                events, is_subject = self.means(tok)
                if is_subject:  # "blocking R reduces C"
                    subjects = events
                elif events:  # "by blocking R, X reduces C": the blockade reduces C too
                    self.emit(subjects, ("causes",), events, tok)
                    subjects = subjects + events
                objects = self.objects_of(tok, particle)
                if not objects and "treats" in predicates:  # "CBT helps many people with insomnia"
                    objects = [r for c in tok.children if c.dep_ == "dobj" for r in self.patients_with(c)]
            if not subjects or not objects:
                continue
            if reverse:
                subjects, objects = objects, subjects
            self.emit(subjects, predicates, objects, tok)

    def copula_or_listing(self, tok, lemma: str) -> None:
        subjects_tok = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects_tok and tok.dep_ == "xcomp":  # "A is thought to be a key driver of X"
            subjects_tok = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        complements = [c for c in tok.children if c.dep_ in (("attr", "acomp") if lemma == "be" else ("dobj", "attr"))]
        if not subjects_tok or not complements:
            return
        subj = subjects_tok[0]
        frame = self.frame_of(subj)
        if frame is None and subj.lower_ in _LIST_PRONOUNS:
            frame = self.context.frame_before(self.unit.sentence, self.rules)  # "They include:", "The main ones are:"
        if frame and not frame[2] and subj.lower_ not in _LIST_PRONOUNS:
            # "Symptoms may include A and B" in an article or section about X
            predicate, role, _ = frame
            wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
            frame = (predicate, role, self.context.topic(wanted, self.unit.sentence))
        for comp in complements:
            if frame:  # "symptoms of X include A, B and C", "the main causes are A and B"
                # (with X named, the frame says what A, B and C are: "signs of an overdose include
                # pinpoint pupils")
                self.emit_frame(frame, self.args(comp, open_slot=bool(frame[2])), tok)
                continue
            subjects = self.refs_in(subj)
            if lemma == "be" and self.liable(tok, subj, comp):
                continue
            if lemma == "be" and comp.dep_ == "acomp" and comp.lemma_.lower() in self.rules.prevalence_adjectives:
                self.prevalent(tok, self.args(subj), comp)
                continue
            if lemma == "be" and comp.dep_ == "acomp" and (comp.lower_ in self.rules.use_adjectives
                                                          or _hyphenated(comp) in self.rules.use_adjectives):
                # "X is approved for Y", "X is not effective for Y"
                targets = [r for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("for", "in", "against")
                           for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                self.emit(self.args(subj), ("treats",), targets, comp)
                continue
            if lemma != "be":
                # "Opioids include codeine and morphine": the items are kinds of the subject
                if subj.lower_ not in _ALL_PRONOUNS:
                    self.emit(self.args(comp), ("subclass_of",), subjects, tok)
                continue
            if comp.lower_ == "one":  # "is one of the best-supported treatments for X"
                comp = next((o for c in comp.children if c.dep_ == "prep" and c.lower_ == "of"
                             for o in c.children if o.dep_ == "pobj"), comp)
            comp_lemma = comp.lemma_.lower()
            of_objects = [o for c in comp.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
            comp_frame = self.frame_of(comp)
            if comp_frame is not None:
                self.silenced.add(tok.i)  # "X is an alternative to Y", "X is a treatment for Y": not a kind of Y
            if comp_frame and not comp_frame[2] and comp_frame[0] == "treats":
                # "For migraine, triptans are the first choice"
                xs = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                if not xs:  # "X is the first medicine most people with Y are offered"
                    xs = [r for v in comp.children if v.dep_ in ("relcl", "acl")
                          for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "dative", "dobj")
                          for r in self.patients_with(c)]
                if not xs:  # "If you are struggling with X, Y may be the answer"
                    xs = [r for c in tok.children if c.dep_ == "advcl" and c.lemma_.lower() in self.rules.condition_verbs
                          for p in c.children if p.dep_ == "prep" and p.lower_ in self.rules.condition_verbs[c.lemma_.lower()]
                          for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
                if not xs and comp.lemma_.lower() in ("option", "choice", "alternative", "treatment", "therapy"):
                    # "Colchicine is another option." under "Treating gout": the section's condition
                    xs = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
                comp_frame = (comp_frame[0], comp_frame[1], xs)
            if comp_frame and not comp_frame[2] and comp_frame[0] != "treats" and comp.i not in self.ref_of_token:
                # "Diabetes is the most common cause." under a heading about X (or in an article about X)
                predicate, role, _ = comp_frame
                comp_frame = (predicate, role, self.context.topic(
                    PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1], self.unit.sentence))
            if comp_lemma in self.rules.class_nouns and of_objects:  # "A and B are types of Y"
                classes = [r for o in of_objects for r in self.args(o)]
                self.emit(subjects, ("subclass_of",), classes, comp)
            elif comp_frame and comp_frame[2]:  # "A is a common sign of X", "A is a cause of X"
                predicate, role, xs = comp_frame
                subjects = subjects or self.args(subj, open_slot=True)  # the frame says what A is
                if role == "subject":
                    self.emit(xs, (predicate,), subjects, comp)
                else:
                    self.emit(subjects, (predicate,), xs, comp)
            elif comp.i in self.heads:  # "X is a Y"
                self.emit(subjects, ("subclass_of",), self.refs_in(comp), tok)

    def liable(self, tok, subj, comp) -> bool:
        """"People with X are more likely to develop Y", "... are prone to Y", "... are at higher
        risk of Y": X is a risk factor for Y. True when the sentence was read so."""
        if subj.lower_ not in self.rules.person_nouns and subj.lemma_.lower() not in self.rules.person_nouns:
            return False
        xs = [r for p in subj.children if p.dep_ == "prep" and p.lower_ == "with"
              for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)
              if r.category in ("Condition", "RiskFactor")]
        if not xs:
            return False
        ys: list[Ref] = []
        if comp.dep_ == "acomp" and comp.lemma_.lower() in self.rules.liability_adjectives:
            for c in comp.children:
                if c.dep_ in ("xcomp", "advcl"):  # "... likely to develop Y"
                    ys += [r for o in c.children if o.dep_ in ("dobj", "attr") for r in self.args(o)]
                elif c.dep_ == "prep" and c.lower_ == "to":  # "... prone to Y"
                    ys += [r for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
        for c in tok.children:  # "... at higher risk of Y"
            if c.dep_ == "prep" and c.lower_ == "at":
                ys += [r for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in self.rules.risk_nouns
                       for p in o.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
                       for o2 in p.children if o2.dep_ == "pobj" for r in self.args(o2)]
        ys = [y for y in ys if y.category in ("Condition", UNTYPED)]
        if not ys:
            return False
        self.emit(xs, ("risk_factor_for",), ys, comp)
        return True

    def _generic(self, ref: Ref) -> bool:
        """A concept named by a generic word alone ("medication", "treatment", "condition")."""
        return self.arguments is not None and generic_name(self.labels.get(ref.concept_id, ""), self.arguments.words)

    def _people_subject(self, verb) -> bool:
        """Whether the verb's subject is people ("patients", "we", "doctors"), not a treatment."""
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                word = c.lower_
                return (word in self.rules.person_nouns or c.lemma_.lower() in self.rules.person_nouns
                        or word in ("we", "you", "i", "doctors", "doctor", "clinicians", "clinic", "specialists"))
        return False

    def people_condition(self, verb) -> list[Ref]:
        """"Many of our patients with PTSD have found ...": the condition of the people who are
        the verb's subject."""
        out = []
        for c in verb.children:
            if c.dep_ == "nsubj":
                people = [c] + [o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                for o in p.children if o.dep_ == "pobj"]
                out += [r for person in people for r in self.patients_with(person)]
        return out

    def instruments(self, verb) -> list[Ref]:
        """"... with triptans", "... using CBT": what a person treats or is treated with."""
        heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]  # (or hung on the object)
        return [r for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "using", "through", "after")
                for o in c.children if o.dep_ == "pobj" for r in self.args(o)
                if r.category in ("Drug", "Therapy", UNTYPED)]

    def like_others(self, tok, members: list[Ref] | None) -> None:
        """"Tramadol, like other opioids, ...": tramadol is an opioid (the preposition may hang
        on the noun or on the verb, whose subject it then is)."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "like":
                classes = [r for o in child.children if o.dep_ == "pobj" and any(c.lower_ == "other" for c in o.children)
                           for r in self.refs_in(o)]
                if classes:
                    self.emit(members if members is not None else self.subjects_of(tok), ("subclass_of",), classes, child)

    def association(self, tok, lemma: str) -> None:
        """"X is linked to Y", "X has been associated with Y": read by the categories of the ends."""
        xs = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)]
        if any(c.dep_ == "nsubjpass" and any(m.dep_ == "amod" and m.lower_ in _LACK for m in c.children) for c in tok.children):
            xs = [x for x in xs if x.category not in ("Drug", "Therapy")]  # "low vitamin D is linked to X": no effect of a drug
        ys = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.association_verbs[lemma]
              for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
        risky = any(o.lemma_.lower() in self.rules.risk_nouns for c in tok.children if c.dep_ == "prep"
                    for o in c.children if o.dep_ == "pobj")
        for x in xs:
            for y in ys:
                if risky and x.category in ("Condition", "RiskFactor") and y.category == "Condition":
                    self.emit([x], ("risk_factor_for",), [y], tok)  # "X is linked to a higher risk of Y"
                elif x.category == "Condition" and y.category in ("Drug", "Therapy"):
                    self.emit([y], ("has_adverse_effect",), [x], tok)  # "bladder damage has been linked to ketamine"
                elif x.category == "RiskFactor":
                    self.emit([x], ("risk_factor_for",), [y], tok)
                else:
                    self.emit([x], ("has_adverse_effect", "co_occurs_with"), [y], tok)

    def prevalent(self, tok, subjects: list[Ref], comp) -> None:
        """"A is common in people with X" (A a symptom of X); "A is more common in people with X",
        "in X" (X a risk factor for A)."""
        more = any(c.lower_ in ("more", "most") or c.tag_ == "JJR" for c in comp.children) or comp.tag_ == "JJR"
        preps = [c for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "among")]
        preps += [c for p in preps for c in p.conjuncts if c.dep_ in ("prep", "conj") and c.lower_ in ("in", "among")]
        places = [o for c in preps for o in c.children if o.dep_ == "pobj"]
        for place in places:
            xs = self.patients_with(place) or [r for r in self.refs_in(place) if r.category in ("Condition", "RiskFactor")]
            if more:
                self.emit(xs, ("risk_factor_for",), subjects, tok)
                continue
            self.emit_presentations(xs, subjects, tok)

    def raised_risk(self, tok) -> None:
        """"Obesity also raises the risk": a risk named without "of Y" is the risk of the section's
        (or the article's) condition; a drug's raised risk is an adverse effect."""
        for c in tok.children:
            if c.dep_ != "dobj" or c.lower_ not in self.rules.risk_nouns:
                continue
            if any(p.dep_ in ("prep", "acl", "relcl") for p in c.children) or any(
                    p.dep_ == "prep" for p in tok.children):
                continue  # "the risk of falls", "the risk in older adults": named, for the other rules
            conditions = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            for s in self.subjects_of(tok):
                if s.category in ("Drug", "Therapy"):
                    self.emit([s], ("has_adverse_effect",), conditions, tok)
                else:
                    self.emit([s], ("risk_factor_for",), conditions, tok)

    def made_likely(self, tok) -> None:
        """"Obesity makes osteoarthritis more likely": a risk factor; "alcohol makes insomnia
        worse": it acts on it."""
        for comp in tok.children:
            worse = comp.lower_ in ("worse", "severe", "harder") and comp.dep_ in ("ccomp", "oprd", "xcomp", "acomp")
            if worse:
                objects = [r for c in comp.children if c.dep_ == "nsubj" for r in self.args(c)]
                objects += [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
                self.emit(self.subjects_of(tok), ("affects", "increases", "causes"), objects, tok)
            if comp.dep_ in ("ccomp", "oprd", "xcomp", "acomp") and comp.lemma_.lower() in self.rules.prevalence_adjectives:
                objects = [r for c in comp.children if c.dep_ == "nsubj" for r in self.args(c)]
                objects += [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
                subjects = self.subjects_of(tok) or [self.ref_of_token[t.i] for c in tok.children if c.dep_ == "csubj"
                                                     for t in c.subtree if t.i in self.ref_of_token]
                self.emit(subjects, ("risk_factor_for",), objects, tok)

    def having(self, tok) -> None:
        """"people with X often have A": A is a symptom of X (a disease: they co-occur)."""
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            # "people with X", "many patients with X", "two-thirds of people with X"
            persons = [t for t in subj.subtree if t.lower_ in self.rules.person_nouns or t.lemma_.lower() in self.rules.person_nouns]
            xs = [r for person in persons for p in person.children if p.dep_ == "prep" and p.lower_ == "with"
                  for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)]
            items = [r for c in tok.children if c.dep_ in ("dobj",) for r in self.args(c)]
            items += [r for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "with")
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            # "people taking X report A", "patients who use X may notice A": A is an effect of X
            takers = [r for person in persons for v in person.children if v.dep_ in ("acl", "relcl")
                      and v.lemma_.lower() in ("take", "use", "receive", "start", "get", "try", "give", "prescribe", "offer")
                      for o in v.children if o.dep_ == "dobj" for r in self.refs_in(o)]
            takers += [r for person in persons for v in person.children if v.dep_ in ("acl", "relcl")
                       and v.lemma_.lower() in ("treat", "give") for r in self.instruments(v)]
            takers += [r for person in persons for p in person.children if p.dep_ == "prep" and p.lower_ == "on"
                       for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)]
            # "some people feel dizzy after taking X"
            takers += [r for p in tok.children if p.dep_ in ("prep", "advcl") and p.lower_ in ("after", "when", "while")
                       for g in p.children if g.dep_ == "pcomp" and g.lemma_.lower() in ("take", "use", "start", "receive")
                       for o in g.children if o.dep_ == "dobj" for r in self.refs_in(o)]
            if not takers and not xs and persons and tok.dep_ == "advcl":
                # "X is well tolerated, although some patients experience brief nausea"
                takers = [r for r in self.subjects_of(tok.head) if r.category in ("Drug", "Therapy")]
            if takers and not any(c.dep_ == "dobj" for c in tok.children):  # "people feel dizzy after taking X"
                items += [r for c in tok.children if c.dep_ in ("acomp", "oprd", "xcomp") for r in self.refs_in(c)]
            if takers:
                better = [r for c in tok.children if c.dep_ == "dobj"
                          and any(m.lower_ in self.rules.improvement_words for m in c.children) for r in self.refs_in(c)]
                self.emit(takers, ("treats",), better, tok)  # "people taking X report less pain"
                self.emit(takers, ("has_adverse_effect",), [r for r in items if r not in better], tok)
                continue
            self.emit_presentations(xs, items, tok)

    def apposition(self, tok) -> None:
        """"sertraline, an SSRI, ...", "pregabalin (an anticonvulsant)", "A and B, two kinds of Y"."""
        for child in tok.children:
            if child.dep_ != "appos":
                continue
            of_objects = [o for c in child.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
            if child.lemma_.lower() in self.rules.class_nouns and of_objects:
                classes = [r for o in of_objects for r in self.refs_in(o)]
            elif (child.i in self.heads and any(c.lower_ == "both" for c in child.children)
                  and any(c.dep_ == "conj" for c in tok.children)):
                # "Ibuprofen and naproxen, both NSAIDs, ...": each item is one
                members = [tok] + [c for c in tok.children if c.dep_ == "conj"]
                self.emit([r for m in members for r in self.refs_in(m)], ("subclass_of",), [self.heads[child.i]], child)
                continue
            elif (child.i in self.heads and any(c.dep_ in ("det", "nummod") for c in child.children)
                  and not any(c.dep_ in ("cc", "conj") for c in (*tok.children, *child.children))):
                # (a list "A, B, a C and D" is read as an apposition by the parser: not a class)
                classes = [self.heads[child.i]]
            else:
                continue
            self.emit(self.refs_in(tok), ("subclass_of",), classes, child)

    def misparsed_having(self, tok, lemma: str) -> None:
        """"Many people with anxiety experience a racing heart": the small parser reads "anxiety
        experience" as one noun. A having verb tagged as a noun right after "people with X",
        with no determiner of its own, is the verb; what follows it is what they have."""
        if lemma not in self.rules.having_verbs or tok.i == 0 or any(c.dep_ == "det" for c in tok.children):
            return
        words = [t.lower_ for t in self.doc[max(0, tok.i - 6): tok.i]]
        if "with" not in words:
            return
        start = tok.i - len(words) + words.index("with")
        person = self.doc[start - 1] if start > 0 else None
        if person is None or not (person.lower_ in self.rules.person_nouns or person.lemma_.lower() in self.rules.person_nouns):
            return
        xs = [self.ref_of_token[t.i] for t in self.doc[start + 1: tok.i] if t.i in self.heads]
        end = next((t.i for t in self.doc[tok.i + 1:] if t.is_punct and t.text in ".;:"), len(self.doc))
        items = [self.ref_of_token[t.i] for t in self.doc[tok.i + 1: end] if t.i in self.heads]
        if xs and items:
            self.emit_presentations(xs, items, tok)

    def and_others(self, tok) -> None:
        """"tramadol and other opioids", "sleepwalking and other complex sleep behaviours": the
        items before "and other Ys" are Ys."""
        if tok.dep_ != "conj" or not any(c.dep_ == "amod" and c.lower_ == "other" for c in tok.children):
            return
        head = tok.head
        members = [head] + [c for c in head.children if c.dep_ == "conj" and c.i < tok.i]
        items = [r for m in members for r in self.refs_in(m)]
        classes = self.args(tok) if items else []
        self.emit(items, ("subclass_of",), classes, tok)


class _Context:
    """What a unit may need from the rest of the article: antecedents and the topic."""

    def __init__(self, contexts: list[SentenceContext], title_refs: list[Ref]):
        self.contexts = contexts
        counts: Counter = Counter()
        for ctx in contexts:
            for r in ctx.refs:
                counts[(r.concept_id, r.category)] += 1
        for r in title_refs:
            counts[(r.concept_id, r.category)] += 5
        self.counts = counts
        self.subjects: dict[int, list[Ref]] = {}  # sentence -> mentions of its main clause's subject
        self.parsed: set[int] = set()
        self.first: dict[str, Ref] = {}
        for ctx in contexts:
            for r in ctx.refs:
                self.first.setdefault(r.concept_id, r)

    def antecedents(self, sentence: int, plural: bool) -> list[Ref]:
        """The subject of the sentence before, as parsed ("Esketamine acts on ... . It is ..."),
        else its mentions (all of them for "both"/"they", the first otherwise)."""
        for k in range(sentence - 1, max(-1, sentence - 3), -1):
            ctx = self.contexts[k]
            if ctx.is_heading and not ctx.text.rstrip(" *_").endswith("?"):
                continue  # (a question, even set as a heading, names what its answer is about: "What is X?")
            subjects = self.subjects.get(k)
            if subjects:
                return subjects if plural else subjects[:1]
            if k in self.parsed:
                return []  # parsed, but its subject is not clear: the surface rules decide
            refs = [r for r in ctx.refs if r.category not in ("Study", "Organization")]
            if refs:
                if not plural:
                    return refs[:1]
                first_category = refs[0].category
                return [r for r in refs if r.category == first_category]
        return []

    def frame_before(self, sentence: int, rules: SyntaxRules) -> tuple[str, str, list[Ref]] | None:
        """The frame a pronoun lead-in continues: "Most people get side effects. They include: ..."
        or "Q: What are the side effects of opioids? A: The most common ones are: ..."."""
        for k in range(sentence - 1, max(-1, sentence - 3), -1):
            ctx = self.contexts[k]
            words = ctx.text.lower()
            best = None
            for noun, spec in rules.frames.items():
                m = re.search(r"\b" + re.escape(noun) + r"s?\b", words)
                if m and (best is None or m.start() > best[0]):
                    best = (m.start(), spec)
            if best is None:
                continue
            predicate, role = best[1]
            wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
            xs = [r for r in ctx.refs if r.category in wanted][:1]
            return predicate, role, xs or self.topic(wanted, sentence)
        return None

    def heading_topic(self, sentence: int, categories, heading_words: tuple[str, ...]) -> list[Ref]:
        """The topic, but only in a section whose heading speaks of one of ``heading_words``."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading:
                if any(w in ctx.text.lower() for w in heading_words):
                    return self.topic(categories, sentence)
                return []
        return []

    def topic(self, categories, sentence: int) -> list[Ref]:
        """The section heading's concept, else the article's most discussed one, of ``categories``."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading:
                refs = [r for r in ctx.refs if r.category in categories]
                if refs:
                    return refs[:1]
                break
        ranked = [key for key, _ in self.counts.most_common() if key[1] in categories]
        return [self.first[ranked[0][0]]] if ranked else []


# "X is another option", "Y remains the first choice", "Diabetes is the most common cause": a
# frame about the section's condition, worth parsing with a single mention (or none known).
_OPTION = re.compile(r"\b(?:is|are|remains?)\s+(?:[\w-]+\s+){0,3}(?:option|choice|alternative|cause|trigger|"
                     r"symptom|sign|side effect|complication|risk factor)s?\b", re.I)

_ITEM_CUT = re.compile(r",|;|:|\(|\s[–—-]\s|\s(?:with|in|for|that|which|when|where|because|after|before|on|at|from|to|if|so|as|such|or)\s")
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
        ostart = view.to_original(ctx.start + offset)
        oend = view.end_to_original(ctx.start + offset + len(name))
        label = " ".join(words)
        ref = arguments.ref(label, label, words[-1], ostart, oend)
        if ref is not None:
            extra.append(ref)
    if not extra:
        return unit
    return _Unit(unit.text, unit.pieces, unit.sentence, unit.items, unit.placeholder, (*unit.item_refs, *extra))


def parse_candidates(
    source_text: str,
    sentences,
    contexts: list[SentenceContext],
    view,
    categories: dict[str, str],
    labels: dict[str, str],
    vocabulary: Vocabulary,
    title_refs: list[Ref] | None = None,
    new_concepts: list[NewConcept] | None = None,
    discover: bool = True,
    silenced: list[tuple[int, int]] | None = None,
):
    """Candidate claims of one source from the dependency parse of its claim-bearing sentences.

    A generator: it yields the texts it needs parsed, is sent their spaCy ``Doc`` objects
    (in order), and returns the candidates (``parsed = yield from parse_candidates(...)``).

    With ``discover``, unlisted noun phrases in argument slots become concepts
    (:mod:`graph.extract.arguments`); those that some candidate uses are appended to
    ``new_concepts``. ``silenced`` receives (sentence, view offset) of cue words the parse read
    as no claim (the copula of "X is an alternative to Y")."""
    rules = compile_syntax(vocabulary)
    wanted = set()
    # "This process is called Y": one mention, but it names the event before it
    naming = re.compile(r"\b(?:this|that|these)\s+(?:" + "|".join(sorted(rules.event_nouns)) + r")e?s?\b", re.I)
    for ctx in contexts:
        if ctx.is_heading or ctx.text.rstrip().rstrip("\"'”’)").endswith("?"):
            continue
        relation_hits = any(h.cue.kind == "relation" for h in ctx.hits)
        if len(ctx.refs) >= 2 or (ctx.refs and (relation_hits or naming.search(ctx.text))) or _OPTION.search(ctx.text):
            wanted.add(ctx.index)
    units = _units(source_text, sentences, contexts, wanted, tuple(rules.frames))
    if not units:
        return []
    context = _Context(contexts, title_refs or [])
    arguments = _Arguments(vocabulary, view, contexts) if discover else None
    if arguments is not None:
        units = [_with_item_names(u, contexts, view, arguments) if u.items else u for u in units]
    # Every mention, by original offsets, for mapping tokens to mentions.
    all_refs = sorted((r for ctx in contexts for r in ctx.refs), key=lambda r: r.start)
    ref_spans = [(view.to_original(r.start), view.end_to_original(r.end), r) for r in all_refs]
    ref_starts = [s for s, _, _ in ref_spans]
    out: list[Candidate] = []
    seen: set[tuple] = set()
    # The texts go out to whoever drives this generator (one source's, or many sources' at once:
    # graph.extract.extract_sources), and their parses come back in the same order.
    docs = yield [u.text for u in units]
    for unit, doc in zip(units, docs):
        ref_of_token: dict[int, Ref] = {}
        members: dict[tuple[int, int], list] = {}
        for tok in doc:
            o = unit.to_original(tok.idx)
            if o is None:
                continue
            i = bisect.bisect_right(ref_starts, o) - 1
            while i >= 0 and ref_spans[i][1] > o:
                if ref_spans[i][0] <= o:
                    ref = ref_spans[i][2]
                    ref_of_token[tok.i] = ref
                    members.setdefault((ref.start, ref.end), []).append(tok)
                    break
                i -= 1
        heads: dict[int, Ref] = {}
        for toks in members.values():
            inside = {t.i for t in toks}
            for t in toks:
                if t.head.i not in inside or t.head.i == t.i:
                    heads[t.i] = ref_of_token[t.i]
                    break
        reader = _Reader(rules, doc, unit, ref_of_token, heads, categories, labels, context, arguments)
        reader.run()
        if not unit.items:
            context.parsed.add(unit.sentence)
            root_subjects = [r for t in doc if t.dep_ == "ROOT" for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
                             and c.lower_ not in _ALL_PRONOUNS for r in reader.refs_in(c)]
            if root_subjects:
                context.subjects[unit.sentence] = root_subjects
        if silenced is not None and not unit.items:
            for i in reader.silenced:
                o = unit.to_original(doc[i].idx)
                if o is not None:
                    silenced.append((unit.sentence, view.to_view(o)))
        for s, predicate, o, cue_i, negated in reader.out:
            sentence = unit.sentence
            continued = None
            if unit.items:
                ends_in_items = [r.sentence for r in (s, o) if r.sentence in unit.items]
                if not ends_in_items:
                    continue
                sentence, continued = ends_in_items[0], unit.sentence
            key = (s.concept_id, predicate, o.concept_id, sentence)
            if key in seen:
                continue
            seen.add(key)
            cue = doc[cue_i]
            cue_orig = unit.to_original(cue.idx)
            if cue_orig is None:
                cue_orig = sentences[unit.sentence].start
            cue_start = view.to_view(cue_orig)
            if arguments is not None:
                arguments.record(s)
                arguments.record(o)
            out.append(Candidate(s, predicate, o, cue_start, cue_start + len(cue.text), cue.text.lower(), sentence,
                                 continued_from=continued, negated=negated))
    if new_concepts is not None and arguments is not None:
        new_concepts.extend(arguments.used[k] for k in sorted(arguments.used))
    return out
