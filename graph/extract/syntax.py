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

The reader is split by question: :mod:`graph.extract.syntax_rules` (the rules as data),
:mod:`graph.extract.parse_units` (what is parsed), :mod:`graph.extract.slots` (unlisted
names in argument slots), :mod:`graph.extract.roles` (who plays which role) and
:mod:`graph.extract.constructions` (one reading per construction); this module holds the
verb and copula readings, the article context and :func:`parse_candidates`.

Qualifiers (negation, hedges, attribution) are computed for these candidates by the same
code as for the surface rules (:mod:`graph.extract.qualifiers`).
"""

from __future__ import annotations

import bisect
import re

from graph.extract.arguments import UNTYPED, generic_name
from graph.extract.context import ArticleContext
from graph.extract.questions import answered_questions, as_statement, is_question
from graph.extract.relations import Candidate, Ref, SentenceContext, fits
from graph.model import PREDICATE_CONSTRAINTS
from graph.vocab import Vocabulary
from graph.extract.syntax_rules import (_ALL_PRONOUNS, _GETTING_BETTER, _LIST_PRONOUNS, _ADVICE_PASSIVES, _AVOID, _NEEDED, _hyphenated,
                                        SyntaxRules, compile_syntax)
from graph.extract.constructions import _PLACEBOS, _REPORTING, Constructions
from graph.extract.parse_units import _ADVICE, _HELPS_LEAD, _OPTION, _USE_LEAD, _USE_NEGATED, _Unit, _units, _with_item_names, list_groups, \
    misread_names, misread_verbs, with_stand_ins
from graph.extract.roles import Roles
from graph.extract.slots import NewConcept, _Arguments

__all__ = ["SyntaxRules", "compile_syntax", "parse_candidates", "list_groups", "NewConcept"]


# A list's lead-in that says its items help (or do not): "What helps:", "Things that can help:".


# Words of a section heading about treatment ("Treatment", "Medicines", "What helps", "Managing
# your pain", "Relief options"): under it, a treatment with no condition named is for the section's
# (or the article's) condition.
_TREATMENT_HEADINGS = ("treat", "therap", "manag", "option", "care", "help", "medic", "drug", "relie", "remed",
                       "prescri", "what works", "self-help")

# "What is X used for?", "When are they prescribed?", "Who can take it?": a question about a use
_USE_QUESTION = re.compile(r"\b(?:used|prescribed|given|taken|recommended|offered|suitable|approved)\b[^?]*\?\W*$", re.I)

# A pronoun may stand for a claim's other end: "Doctors also prescribe it for OCD".
_PRONOUN = re.compile(r"\b(?:it|they|them)\b", re.I)
# "Dizziness may limit its use": one mention, and the treatment it is an effect of named before
# "Nausea is common", "Sexual problems can happen": one mention, its drug or condition the section's
_PREVALENT = re.compile(r"\b(?:common|uncommon|rare|frequent|happens?|happened|occurs?|occurred)\b", re.I)
# "You may feel drowsy during the infusion / afterwards": one mention, an effect of the page's treatment
_SESSION = re.compile(r"\b(?:(?:during|after|following)\s+(?:the|each|your|an?|every)\s+(?:infusion|injection|session|treatment|dose|procedure)s?|afterwards?)\b", re.I)
_LIMITED_USE = re.compile(r"\b(?:limit|restrict|preclude|curtail|hamper)\w*\s+(?:its|their)\b", re.I)
# A use statement may leave its condition unsaid: "X is often tried first", "X has shown promise".
_USE = re.compile(r"\b(?:approved|cleared|authori[sz]ed|licensed|tried|prescribed|recommended|offered|needed|required|refer|promise|promising|effective|helps?|helped|"
                  # ("Doctors often prescribe X", "We usually start X", "your GP may suggest X": a use, its giver the subject)
                  r"prescribes?|prescribing|offers?|offering|suggests?|suggesting|recommends?|recommending|considers?|try|tries|trying|"
                  r"starts?|starting|switch|switches|switching|adds?|added|adding|evidence|"
                  r"results?|relief|improve\w*|benefit\w*|success\w*|reduction)\b", re.I)


_PEOPLE_PRONOUNS = frozenset({"you", "i", "we", "he", "she"})
# "You may also feel a tingling sensation" (under "Symptoms"): one mention, but what people feel
_PEOPLE_FEEL = re.compile(r"\b(?:you|people|patients|many|some|most)\s+(?:(?:may|might|can|could|often|also|usually|sometimes)\s+)*"
                          r"(?:feel|notice|experience|get|develop)\b", re.I)
_REPORTED = frozenset({"report", "observe", "note", "record", "see"})


# A list's lead-in about the side effects of medicines ("Side effects of IBS medicines can include:").
_SIDE_EFFECT_LEAD = re.compile(r"\b(?:side[- ]effects?|adverse (?:effects?|events?|reactions?)|unwanted effects?)\b", re.I)


class _Reader(Roles, Constructions):
    """Rules applied to one parsed unit: the verb and copula readings here, argument roles in
:class:`~graph.extract.roles.Roles`, single constructions in
:class:`~graph.extract.constructions.Constructions`."""

    def __init__(self, rules: SyntaxRules, doc, unit: _Unit, ref_of_token: dict[int, Ref], heads: dict[int, Ref],
                 categories: dict[str, str], labels: dict[str, str], context: ArticleContext,
                 arguments: _Arguments | None = None, tokens: list | None = None):
        self.rules = rules
        self.arguments = arguments
        self.doc = doc
        self.tokens = tokens if tokens is not None else list(doc)  # (one Token object per token: spaCy makes a new one at every doc[i])
        self.unit = unit
        self.ref_of_token = ref_of_token  # token index -> ref covering it
        self.heads = heads  # token index -> ref whose head token it is
        self.categories = categories
        self.labels = labels
        self.context = context
        self.placeholder = None if unit.placeholder is None else next(
            (t.i for t in self.tokens if t.idx == unit.placeholder), None)
        self.out: list[tuple[Ref, str, Ref, int, bool]] = []  # subject, predicate, object, cue token, negated
        self.repaired: set[int] = set()  # list items taken back from under a modifier (see region)
        self.silenced: set[int] = set()  # cue tokens the parse read as no claim of the surface rules' kind
        self.given_by_people: list[Ref] = []  # "We often start amitriptyline": what people give, the sentence's topic
        self.misplaced: set[int] = set()  # appositions the parser hung on a verb as its second object
        # "pain relief", "symptom management": what a treatment acts on, never an effect's object
        self.relieved = [r for i, r in heads.items()
                         if self.tokens[i].dep_ == "compound" and self.tokens[i].head.lemma_.lower() in rules.relief_compounds]

    def emit(self, subjects: list[Ref], predicates: tuple[str, ...], objects: list[Ref], cue, negated: bool = False) -> None:
        if negated and _in_condition_clause(cue):
            return  # "X is tried when stimulants have not worked": a circumstance, not a denial
        for s in subjects:
            for o in objects:
                if s.concept_id == o.concept_id or o in self.relieved:
                    continue
                if s.category == UNTYPED and o.category == UNTYPED:
                    continue  # a claim needs one known end
                if "subclass_of" in predicates and self._generic(o):
                    continue  # "duloxetine is a medication" says nothing a writer needs
                changed = self._amount_change(o) if "causes" in predicates else None
                ordered = predicates
                if ("causes" in predicates or "has_adverse_effect" in predicates) and s.concept_id in self.rules.substances:
                    # "attacks are triggered by alcohol", "alcohol increases drowsiness": what alcohol or
                    # caffeine brings on is caused by it, not a side effect of a medicine
                    ordered = ("causes",) + tuple(p for p in predicates if p not in ("causes", "has_adverse_effect"))
                for predicate in ((changed,) if changed else ordered):
                    if predicate == "has_adverse_effect" and "increases" in predicates and cue.lemma_.lower() in _RAISING \
                            and any(t.lemma_.lower() in _GETTING_BETTER for c in cue.children if c.dep_ == "dobj" for t in c.subtree):
                        self.silenced.add(cue.i)  # (nor may the surface rules read it so)
                        continue  # "increase the chances of managing both conditions" does no harm
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
                    if predicate == "treats" and s2.category == "Molecule" and self.arguments is not None:
                        # "Iron treats anaemia caused by CKD": the substance given as a medicine
                        s2 = self._as_supplement(s2)
                    if fits(predicate, s2.category, o2.category):
                        self.out.append((s2, predicate, o2, cue.i, negated))
                        if predicate == "has_symptom" and not negated:
                            self.context.symptoms.add(o2.concept_id)
                        used_for = self.use_class(o2) if predicate == "subclass_of" and not negated else None
                        if used_for is not None and fits("treats", s2.category, "Condition"):
                            # "Stimulants are the main ADHD medicines": a kind of ADHD medicine treats ADHD
                            self.out.append((s2, "treats", used_for, cue.i, False))
                        # "reduces the release of glutamate": the object's "release of" is read
                        # here, not as a relation of its own between word-order neighbours
                        self.silenced.update(c.i for c in cue.children if c.dep_ in ("dobj", "nsubjpass")
                                             and c.lemma_.lower() in self.rules.pass_through)
                        break

    def _as_supplement(self, ref: Ref) -> Ref:
        """A body substance named as a treatment ("iron", "calcium"): the vocabulary's supplement of
        it ("iron supplements"), as a mention at its place; the substance itself if there is none."""
        label = self.labels.get(ref.concept_id) or ref.concept_id.replace("_", " ")
        vocabulary = self.arguments.vocabulary
        given = vocabulary.lookup(f"{label} supplements")
        if given is None or vocabulary.concepts[given].category != "Drug":
            return ref
        return Ref(ref.start, ref.end, given, "Drug", ref.sentence, -1)

    def use_class(self, ref: Ref) -> Ref | None:
        """The condition a class of medicines is named after ("ADHD medication", "diabetes drugs"),
        as a mention at the class's place; None for other classes."""
        condition = self.rules.use_classes.get(ref.concept_id)
        return None if condition is None else Ref(ref.start, ref.end, condition, "Condition", ref.sentence, -1)

    def _amount_change(self, ref: Ref) -> str | None:
        """"leads to more melatonin": the predicate a cause verb's molecule or process object
        takes from the amount word before it (``amount_adjectives``), or None."""
        if ref.category not in ("Molecule", "Mechanism", "Condition") or not self.rules.amount_adjectives:
            return None
        for i, r in self.heads.items():
            if r is ref:
                for c in self.tokens[i].children:
                    if c.dep_ == "amod" and c.i < i and c.lower_ in self.rules.amount_adjectives \
                            and self.ref_of_token.get(c.i) is not r:  # ("low mood", "reduced mobility": the name itself)
                        change = self.rules.amount_adjectives[c.lower_]
                        if ref.category == "Condition":  # "X led to fewer panic attacks": X treats them
                            return "treats" if change == "inhibits" else None
                        return change
        return None

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

    def _names_condition(self) -> bool:
        """Whether the sentence names a condition it is about (one after "without", "other than" or
        "except" only excludes people: "For adults without diabetes, offer X" is still about the topic)."""
        excluded = {t.i for p in self.tokens if p.lower_ in ("without", "except") for t in p.subtree}
        return any(r.category == "Condition" for i, r in self.ref_of_token.items() if i not in excluded)

    def run(self) -> None:
        if self.unit.items:
            self.what_helps()
            self.used_for()
        self.read_tokens()
        if self.unit.item_owners and (_SIDE_EFFECT_LEAD.search(self.unit.text)
                                      or (self.context.heading_frame(self.unit.sentence, self.rules) or ("",))[0] == "has_adverse_effect"):
            # "Side effects can include: - heartburn with peppermint oil": each item's own medicine
            for drugs, conditions in self.unit.item_owners:
                self.emit(list(drugs), ("has_adverse_effect",), list(conditions), self.tokens[0])
        if self.unit.items and not self.out and self.unit.item_refs:
            # "These happen in more than 1 in 100 people:" over a list, under "Common side effects":
            # a lead-in that says nothing the parse can read leaves the list to its section's frame
            frame = self.context.heading_frame(self.unit.sentence, self.rules)
            if frame:
                self.emit_frame(frame, list(self.unit.item_refs), self.tokens[0])
        if not self.unit.items and not self.out and not any(t.pos_ in ("VERB", "AUX") for t in self.tokens if t.dep_ == "ROOT") \
                and self.unit.sentence > 0 and self.context.contexts[self.unit.sentence - 1].text.rstrip(" *_").endswith("?"):
            # "What are the symptoms?" answered "Sneezing, a runny nose and itchy eyes.": a
            # verbless answer lists what the question's frame asks for
            frame = self.context.frame_before(self.unit.sentence, self.rules)
            question = self.context.contexts[self.unit.sentence - 1]
            if frame is None and _USE_QUESTION.search(question.text):
                # "What is X used for?" answered "Mainly for severe short-term pain.": what it treats
                # ("When are they used?" on a page about one drug or class: what the page is about)
                def treatments(refs):
                    return [r for r in refs if r.category in ("Drug", "Therapy")]
                users = treatments(question.refs) or treatments(self.context.title_topic(True)) or \
                    treatments(self.context.antecedents(self.unit.sentence - 1, True))
                frame = ("treats", "subject", users)
            if frame:
                items = list({r.concept_id: r for r in self.ref_of_token.values()}.values())
                self.emit_frame(frame, items, self.tokens[0])

    def read_tokens(self) -> None:
        for tok in self.tokens:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("NOUN", "PROPN"):
                self.seen_in(tok)
                self.and_others(tok)
                self.misparsed_having(tok, lemma)
                self.kinds_after_colon(tok, lemma)
                if tok.lower_ in _PLACEBOS:
                    self.against_placebo(tok)
                if lemma in self.rules.frames or (tok.i > 0 and f"{self.tokens[tok.i - 1].lemma_.lower()} {lemma}" in self.rules.frames):
                    self.frame_items(tok)
            # (a verb the tagger took for a noun: "Patients with X often experience A")
            if tok.dep_ in ("aux", "auxpass"):
                pass  # ("can", "may", "is" before a verb: no argument hangs on them)
            elif tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)
                                                 and any(c.dep_ == "dobj" for c in tok.children)):
                self.verb(tok, lemma)
            if tok.i not in self.ref_of_token and tok.pos_ in ("NOUN", "PROPN") and self.arguments is not None \
                    and any(c.dep_ == "appos" for c in tok.children):
                self.apposition(tok)  # "Clomipramine, a tricyclic antidepressant": a name the vocabulary lacks
            if tok.i in self.heads:
                for cls, examples in self.examples_in([tok.i]):
                    frame = self.rules.frames.get(lemma)
                    if frame is None and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
                        # "signs of serotonin syndrome, such as agitation": the examples are the signs
                        outer = self.rules.frames.get(tok.head.head.lemma_.lower())
                        if outer and outer[0] != "subclass_of" and outer[1] == "subject":
                            frame = outer
                    if frame is None and self._generic(cls) and cls.category in ("Drug", "Therapy"):
                        frame = ("treats", "object")  # "pharmacotherapies for X, including A and B"
                    if frame and frame[0] == "treats" and self._generic(cls):
                        # "medicines for X, including A and B": the generic class word is a frame
                        # noun; A and B treat X (or, with no X named, the article's condition)
                        xs = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "against")
                              for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)
                              if r.category == "Condition"]
                        if not xs and not self._negated_context(tok) and self._use_context(tok):
                            xs = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
                        self.emit_frame((frame[0], frame[1], xs), examples, tok)
                    elif frame and frame[0] != "subclass_of":
                        # "withdrawal symptoms such as sweating": symptoms of the class, not kinds of it
                        self.emit_frame((frame[0], frame[1], [cls]), examples, tok)
                    else:
                        self.emit(examples, ("subclass_of",), [cls], tok)
                self.apposition(tok)
                self.purpose(tok)
                self.condition_from(tok)
                self.like_others(tok, [self.heads[tok.i]])
            elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "attr" and not (
                    tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in self.rules.listing_verbs):
                # "treatments for X such as A and B", a frame noun with its examples
                frame = self.frame_of(tok)
                if frame and not frame[2] and frame[0] == "treats" and not self._negated_context(tok) and self._use_context(tok):
                    # "when standard treatments such as A and B have not worked", in an article
                    # about X: the examples are treatments of X (not "people who had no success with
                    # treatments such as A", which may be another condition's)
                    frame = (frame[0], frame[1], self.context.topic(
                        PREDICATE_CONSTRAINTS[frame[0]][0 if frame[1] == "subject" else 1], self.unit.sentence))
                if frame and not frame[2] and frame[1] == "subject" and tok.dep_ == "dobj" \
                        and tok.head.lemma_.lower() in self.rules.risk_carrying_verbs:
                    # "SCS carries some risks, such as infection": the subject's
                    frame = (frame[0], frame[1], [r for r in self.subjects_of(tok.head) if r.category != "Condition"])
                if frame:
                    for child in tok.children:
                        if child.dep_ == "prep" and (child.lower_ in self.rules.example_preps or child.lower_ == "as"):
                            # ("such as bloating, cramping and X": a gerund item the parser makes a clause)
                            items = [r for o in child.children if o.dep_ in ("pobj", "pcomp") for r in self.args(o)]
                            self.emit_frame(frame, items, tok)

    def _misplaced_appositions(self, verb, kids: list) -> list:
        """"... may lower the chance of X, a long-lasting nerve pain that ...": the parser hangs
        the apposition on a verb that already has its object. A second object after ", a" is an
        apposition of the noun before the comma (X a kind of it), not the verb's object."""
        objects = [c for c in kids if c.dep_ == "dobj"]
        if len(objects) < 2:
            return kids
        out = list(kids)
        for d in objects[1:]:
            edge = d.left_edge.i
            if edge < 2 or d.doc[edge - 1].text != "," or d.doc[edge].lower_ not in ("a", "an"):
                continue
            out.remove(d)
            self.misplaced.add(d.i)
            named = d.doc[edge - 2]
            if named.i in self.heads and d.i in self.heads:
                self.emit([self.heads[named.i]], ("subclass_of",), [self.heads[d.i]], d)
        return out

    def _use_context(self, tok) -> bool:
        """Whether the clause of a treatment word with its examples speaks of their use ("include",
        "work", "are prescribed", "try"), not of something else they do ("some medicines, such as
        A, can make it worse")."""
        verb = tok.head
        while verb.dep_ in ("prep", "pobj", "conj", "appos", "dobj", "nsubj", "nsubjpass", "attr") and verb.head.i != verb.i:
            verb = verb.head
        return verb.lemma_.lower() in self.rules.use_verbs

    def _negated_context(self, tok) -> bool:
        """A noun inside a negated clause other than as its subject: "people who have not had
        success with treatments such as A" (A may be another condition's treatment)."""
        return any(any(c.dep_ == "neg" for c in a.children) for a in tok.ancestors
                   if not (a.i == tok.head.i and tok.dep_ in ("nsubj", "nsubjpass")))

    def _condition_clause(self, clause) -> bool:
        """"if medicine is needed", "when other treatments have not worked", "because they have fewer
        side effects": a clause that says when or why, not what for."""
        return any(m.dep_ == "mark" and m.lower_ in ("if", "when", "unless", "before", "after", "once", "until",
                                                     "because", "since", "although", "though", "while")
                   for m in clause.children)

    def _as_use(self, prep) -> bool:
        """"(considered) as an alternative for patients who cannot tolerate ...": a use, its
        condition unsaid."""
        return prep.lower_ == "as" and any(o.dep_ == "pobj" and self.rules.frames.get(o.lemma_.lower(), ("",))[0] == "treats"
                                           for o in prep.children)

    def _use_or_place(self, prep) -> bool:
        """"for use", "in the UK", "for short periods": a preposition that names no concept and no
        patients (so no purpose or population)."""
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        return bool(objects) and not any(t.i in self.ref_of_token or t.lower_ in self.rules.person_nouns
                                         or t.lemma_.lower() in self.rules.person_nouns for o in objects for t in o.subtree)

    def implicit_condition(self) -> list[Ref]:
        """The condition a use statement leaves unsaid ("X is approved for use in the US", "X is
        often tried first", "X has shown promise") when its sentence names none: the section's
        (or the article's) condition."""
        topic = self.context.named_topic(frozenset({"Condition"}), self.unit.sentence)
        for i, r in self.ref_of_token.items():
            if r.category != "Condition":
                continue
            if _in_condition_clause(self.tokens[i]) and topic and all(
                    _last_word(r.concept_id) == _last_word(t.concept_id) for t in topic):
                continue  # "If the tremor gets in the way, your doctor may suggest X" about essential tremor
            return []
        return topic

    def what_helps(self) -> None:
        """"What helps:" or "Things that may help:" over a list, in an article or section about X:
        the items treat X ("What doesn't help:": they do not)."""
        m = _HELPS_LEAD.match(self.unit.text)
        if not m:
            return
        items = [r for r in self.unit.item_refs if r.category in ("Drug", "Therapy")]
        conditions = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        cue = next((t for t in self.tokens if t.lemma_.lower() == "help"), self.tokens[0])
        self.emit(items, ("treats",), conditions, cue, negated=bool(m.group(1)))

    def used_for(self) -> None:
        """"When it is used:" or "Uses" over a list, in an article or section about a medicine or
        therapy: it treats the listed conditions."""
        lead = self.context.contexts[self.unit.sentence].text  # (the lead-in as written, not as parsed)
        if not self.unit.items or not _USE_LEAD.match(lead):
            return
        conditions = [r for r in self.unit.item_refs if r.category == "Condition"]
        items = {id(r) for r in self.unit.item_refs}  # ("When opioids can help": the lead's own treatment)
        users = [r for r in self.ref_of_token.values() if id(r) not in items and r.category in ("Drug", "Therapy")]
        users = list({r.concept_id: r for r in users}.values()) or self.context.topic(frozenset({"Drug", "Therapy"}), self.unit.sentence)
        self.emit(users, ("treats",), conditions, self.tokens[0], negated=bool(_USE_NEGATED.search(lead)))

    def verb(self, tok, lemma: str) -> None:
        kids = list(tok.children)  # (spaCy makes new Token objects at every walk over them)
        if any(c.dep_ == "neg" for c in kids) and _in_condition_clause(tok):
            self.silenced.add(tok.i)  # "when stimulants have not worked": no denial, for the surface rules either
            return
        kids = self._misplaced_appositions(tok, kids)
        if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in kids):
            # "The main symptoms are wheezing, breathlessness and coughing", parsed as a progressive
            # verb: a frame subject lists its items
            subj = next((c for c in kids if c.dep_ == "nsubj"), None)
            frame = self.frame_of(subj) if subj is not None else None
            if frame is not None:
                items = list({id(r): r for t in [tok] + [c for c in kids if c.dep_ == "conj"] for u in t.subtree
                              if (r := self.ref_of_token.get(u.i)) is not None}.values())
                if not frame[2]:
                    frame = (frame[0], frame[1], self.context.topic(
                        PREDICATE_CONSTRAINTS[frame[0]][0 if frame[1] == "subject" else 1], self.unit.sentence))
                self.emit_frame(frame, items, tok)
                return
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in kids) \
                and any(c.dep_ == "neg" for c in kids):
            return  # "If these do not work, ...": a condition, not a statement that they do not
        self.limited_use(tok, lemma)
        self.said_of_subject(tok)
        if lemma in ("happen", "occur", "appear") and not any(c.dep_ == "prep" and c.lower_ in ("in", "with", "after", "among")
                                                              for c in kids):
            # "Sexual problems can happen." under "Side effects": the section's drug has them
            self.section_has([r for c in kids if c.dep_ in ("nsubj", "nsubjpass") for r in self.args(c)], tok)
        self.acts_as(tok, lemma)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) or (
            tok.tag_ == "VBN" and tok.dep_ == "acl" and any(c.dep_ == "agent" for c in kids))  # "pain caused by X"
        negated_advice = False
        # "X is not recommended for Y", "X should be avoided in Y": advice about use, its negation is data.
        # "a dopamine agonist used for Y", "medicines prescribed for Y": a reduced relative is a passive
        reduced = (not passive and tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma in _ADVICE_PASSIVES
                   and not any(c.dep_ == "dobj" for c in kids))
        if (passive or reduced) and (lemma in _ADVICE_PASSIVES or lemma in _AVOID or lemma in _NEEDED):
            users = [r for c in kids if c.dep_ == "nsubjpass" for r in self.args(c)]
            if reduced:
                users = [r for r in self.relative_head(tok.head) if r.category in ("Drug", "Therapy", UNTYPED)]
            if not users and self._people_subject(tok):  # "You may be offered physiotherapy"
                users = [r for c in kids if c.dep_ == "dobj" for r in self.args(c)
                         if r.category in ("Drug", "Therapy", UNTYPED)]
            if not users and lemma == "refer" and self._people_subject(tok):
                # "you may be referred to a specialist for phototherapy or tablets such as ciclosporin"
                fors = [c for c in kids if c.dep_ == "prep" and c.lower_ == "for"]
                fors += [p for c in kids if c.dep_ == "prep" and c.lower_ == "to" for o in c.children if o.dep_ == "pobj"
                         for p in o.children if p.dep_ == "prep" and p.lower_ == "for"]  # ("to a specialist for X")
                users = [r for c in fors for o in c.children if o.dep_ == "pobj"
                         for r in self.args(o) if r.category in ("Drug", "Therapy")]
            targets = [r for c in kids if c.dep_ == "prep" and c.lower_ in ("for", "in", "against", "with", "by")
                       for o in c.children if o.dep_ == "pobj"
                       for r in (self.args(o) if c.lower_ in ("for", "against") else self.refs_in(o)) + self.patients_with(o)]
            targets += [r for c in kids if c.dep_ == "prep" and c.lower_ in ("at", "in")  # "used at low doses for Y"
                        for d in c.children if d.dep_ == "pobj" and d.lemma_.lower() in ("dose", "dos", "doses", "amount", "amounts")
                        for p in d.children if p.dep_ == "prep" and p.lower_ == "for"
                        for o in p.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
            targets += [r for d in kids if d.dep_ == "dobj" and d.lemma_.lower() == "label"  # "used off-label for Y"
                        for c in d.children if c.dep_ == "prep" and c.lower_ == "for"
                        for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
            targets += [r for c in kids if c.dep_ == "prep" and c.lower_ == "to"  # "prescribed to people with Y"
                        for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if lemma == "refer":  # (referred *for* a treatment: that is no condition)
                targets = [r for r in targets if r.category == "Condition"]
            if users and not targets:  # "If your eczema is severe, you may be offered / referred for Y"
                targets = [r for c in kids if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "when")
                                                                       for m in c.subtree)
                           for t in c.subtree if (r := self.heads.get(t.i)) is not None and r.category == "Condition"]
            negated_advice = lemma in _AVOID
            if users and not targets and not self._names_condition() \
                    and not any((c.dep_ == "xcomp") or (c.dep_ == "advcl" and not self._condition_clause(c))
                                or (c.dep_ == "prep" and not self._use_or_place(c) and not self._as_use(c)) for c in kids):
                # "Strong painkillers are not recommended." in an article or section about X (a
                # purpose or a place named, "prescribed to manage symptoms", is left alone)
                targets = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            if users and targets:
                self.emit(users, ("treats",), targets, tok, negated=negated_advice)
        if passive and lemma in _REPORTED and not any(c.dep_ in ("agent", "prep") for c in kids):
            # "Nausea and dizziness were also reported." after a sentence about what a trial gave:
            # effects of that drug or therapy
            effects = [r for c in kids if c.dep_ == "nsubjpass" for r in self.args(c) if r.category == "Condition"]
            if effects and not any(r.category in ("Drug", "Therapy") for r in self.ref_of_token.values()):
                users = [r for r in self.context.antecedents(self.unit.sentence, plural=True, title=False)
                         if r.category in ("Drug", "Therapy")]
                for k in range(self.unit.sentence - 1, max(-1, self.unit.sentence - 3), -1):
                    if users:
                        break
                    users = list({r.concept_id: r for r in self.context.contexts[k].refs
                                  if r.category in ("Drug", "Therapy")}.values())
                self.emit(users, ("has_adverse_effect",), effects, tok)
        if not passive and lemma in _AVOID and tok.dep_ == "ROOT" and not any(c.dep_ == "nsubj" and c.lower_ not in ("you", "we")
                                                                          for c in kids):
            # "Avoid opioids for chronic low back pain": advice against their use
            # (not "Avoid alcohol": a substance to avoid is a risk, no treatment denied)
            users = [r for c in kids if c.dep_ == "dobj" for r in self.args(c) if r.category in ("Drug", "Therapy", UNTYPED)
                     and r.concept_id not in self.rules.substances]
            targets = [r for h in (tok, *[c for c in kids if c.dep_ == "dobj"]) for c in h.children
                       if c.dep_ == "prep" and c.lower_ in ("for", "in", "with", "during")
                       for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)
                       if r.category == "Condition"]
            if users and not targets and not self._names_condition():  # under a heading about treatment only
                targets = self.context.heading_topic(self.unit.sentence, frozenset({"Condition"}), _TREATMENT_HEADINGS)
            self.emit(users, ("treats",), targets, tok, negated=True)
        if lemma in self.rules.presentation_verbs and (passive or tok.dep_ == "acl"):
            xs = [r for c in kids if c.dep_ == "nsubjpass" for r in self.refs_in(c)]
            if not xs and tok.dep_ == "acl":  # "X is a condition marked by A": X; "a condition marked by A"
                head = tok.head
                xs = self.refs_in(head)
                if head.dep_ == "attr":
                    xs = [r for c in head.head.children if c.dep_ == "nsubj" for r in self.refs_in(c)] or xs
            items = [r for c in kids if c.dep_ == "agent" for o in c.children for r in self.args(o)]
            self.emit(xs, ("has_symptom",), items, tok)
            return
        if not passive and lemma in _ADVICE_PASSIVES:
            # "offer X for Y", "For Y, offer X", "Do not offer X for Y", "reserve it for Y"
            users = [r for c in kids if c.dep_ == "dobj" for r in self.args(c)]
            if lemma == "refer":  # "your GP might refer you for steroid injections"
                users = [r for c in kids if c.dep_ == "prep" and c.lower_ in ("for", "to")
                         for o in c.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy")]
            targets = [r for c in kids if c.dep_ == "prep" and c.lower_ in ("for", "in")
                       for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o) + self.patients_with(o)
                       if lemma != "refer" or r.category == "Condition"]
            targets += [r for c in kids if c.dep_ in ("prep", "dative") and c.lower_ == "to"  # "we offer X to people with Y"
                        for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if not targets:  # "Consider a group exercise programme for people with Y": hung on the object
                targets = [r for d in kids if d.dep_ == "dobj" for c in d.children if c.dep_ == "prep"
                           and c.lower_ == "for" for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if not targets:  # "Do not offer opioids such as morphine or oxycodone for long-term pain": hung on an example
                targets = [r for d in kids if d.dep_ == "dobj" for c in d.subtree if c.dep_ == "prep" and c.lower_ == "for"
                           and c.head.i != d.i for o in c.children if o.dep_ == "pobj"
                           for r in self.args(o) + self.patients_with(o) if r.category == "Condition"]
            if not targets:  # "Offer X as first-line monotherapy for Y": hung on what X is offered as
                targets = [r for c in kids if c.dep_ == "prep" and c.lower_ == "as" for o in c.children if o.dep_ == "pobj"
                           for p in o.children if p.dep_ == "prep" and p.lower_ in ("for", "in")
                           for x in p.children if x.dep_ == "pobj" for r in self.refs_in(x) + self.patients_with(x)
                           if r.category == "Condition"]
            if not targets:  # "If first-line treatment is unsuccessful for Y, consider X": the condition of the if-clause
                targets = [r for c in kids if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "when", "where")
                                                                        for m in c.children)
                           for t in c.subtree if t.dep_ == "pobj" and t.head.lower_ in ("for", "with", "in")
                           for r in self.refs_in(t) + self.patients_with(t) if r.category == "Condition"]
            # ("Other medicines your doctor may suggest:", a heading read with two subjects, the
            # medicines and the doctor)
            people = self._people_subject(tok) or len([c for c in kids if c.dep_ == "nsubj"]) > 1 and any(
                c.dep_ == "nsubj" and (c.lower_ in self.rules.person_nouns or c.lemma_.lower() in ("doctor", "gp", "nurse", "pharmacist"))
                for c in kids)
            if lemma == "try" and users and not targets and not self._names_condition() and not any(
                    c.dep_ in ("nsubj", "nsubjpass") and not c.lower_ in ("you", "we") for c in kids):
                # "Instead, try:" over a list: what to try for the article's condition
                targets = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            if users and not targets and tok.dep_ == "ROOT" and (people or not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in kids)) \
                    and not self._names_condition():
                # an instruction with no condition named ("Offer NSAIDs at the lowest dose") under a
                # heading about X, in a guideline about X
                targets = self.context.heading_topic(self.unit.sentence, frozenset({"Condition"}),
                                                     _TREATMENT_HEADINGS)
            if users and targets:
                self.emit(users, ("treats",), targets, tok)
        if not passive and lemma in self.rules.showing_verbs:
            # "Naltrexone has shown promise", "X offers real hope": a use, for the condition unsaid
            for c in kids:
                frame = self.rules.frames.get(c.lemma_.lower()) if c.dep_ == "dobj" else None
                if frame == ("treats", "object") and not any(p.dep_ == "prep" and p.lower_ in ("for", "against", "in")
                                                              and any(o.i in self.ref_of_token for o in p.subtree)
                                                              for h in (c, tok) for p in h.children):
                    self.emit([r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy")], ("treats",),
                              self.implicit_condition(), c)
        if passive and lemma in self.rules.naming_verbs:
            # "This process is called Y": what the sentence before described causes Y
            for c in kids:
                if c.dep_ == "nsubjpass" and c.lemma_.lower() in self.rules.event_nouns and any(
                        d.lower_ in ("this", "that", "these") for d in c.children):
                    named = [r for o in kids if o.dep_ in ("oprd", "attr") for r in self.refs_in(o)]
                    agents = self.context.antecedents(self.unit.sentence, plural=False)
                    self.emit(agents, ("increases", "causes"), named, tok)
        if not passive and lemma not in self.rules.verbs:
            events, is_subject = self.means(tok)  # "X works by blocking R": X brings about the blockade
            if events and not is_subject:
                self.emit(self.subjects_of(tok), ("causes",), events, tok)
        if passive and lemma in _REPORTING:
            self.reported_with(tok)
        if not passive and lemma in ("affect", "occur", "happen", "trouble", "bother"):
            self.befell(tok, lemma)
        if passive and lemma in self.rules.association_verbs:
            self.association(tok, lemma)
        if not passive and lemma in self.rules.presenting_verbs:
            xs = self.subjects_of(tok)
            items = [r for c in kids if c.dep_ == "prep" and c.lower_ in self.rules.presenting_verbs[lemma]
                     for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            self.emit(xs, ("has_symptom",), items, tok)
        if lemma == "make":
            self.made_likely(tok)
        if not passive:
            self.if_you_have(tok, lemma)
        if not passive and lemma in ("bring", "give", "provide", "offer") and any(
                c.dep_ == "dobj" and c.lemma_.lower() == "relief" and not any(p.dep_ == "prep" for p in c.children)
                for c in kids) and not any(c.dep_ in ("prep", "dative") and c.lower_ in ("for", "from", "to") for c in kids):
            # "Ibuprofen can bring modest relief" in an article or section about Y: relief of Y
            self.emit([r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy")], ("treats",),
                      self.context.topic(frozenset({"Condition"}), self.unit.sentence), tok)
        if not passive and lemma in self.rules.preventing_verbs and any(
                c.dep_ == "prep" and c.lower_ == "from" and any(g.dep_ == "pcomp" for g in c.children) for c in kids):
            # "antibodies stop CGRP from attaching to its receptor"
            held = [r for c in kids if c.dep_ == "dobj" for r in self.refs_in(c)]
            self.emit(self.subjects_of(tok), ("inhibits",), held, tok)
        if not passive and lemma in self.rules.role_verbs:
            self.role_in(tok, lemma)
        if (not passive and lemma in self.rules.taking_verbs) or (passive and lemma in self.rules.instrument_verbs):
            self.taken_by(tok, passive)
        if lemma in self.rules.unsaid_use_verbs:
            self.unsaid_use(tok, passive)
        if not passive and lemma in self.rules.level_change_verbs and not any(c.dep_ == "dobj" for c in kids):
            self.level_change(tok, self.rules.level_change_verbs[lemma])
        if not passive and lemma == "keep" and self.rules.level_adjectives:
            # "chronic stress keeps cortisol levels high"
            for c in kids:
                if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") and c.lower_ in self.rules.level_adjectives:
                    kept = [r for d in kids if d.dep_ == "dobj" for r in self.refs_in(d)]
                    self.emit(self.subjects_of(tok), (self.rules.level_adjectives[c.lower_],), kept, tok)
        if lemma in ("make", "leave") and not passive:
            # "X may leave you feeling drowsy", "X can make you dizzy": an effect of X
            felt = [self.ref_of_token[t.i] for c in kids if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp")
                    and c.lemma_.lower() not in self.rules.prevalence_adjectives  # ("makes you more likely to get Y": a risk)
                    for t in c.subtree if t.i in self.heads and self.ref_of_token[t.i].category == "Condition"
                    and not any(a.dep_ == "prep" for a in t.ancestors if a.i > c.i or c.is_ancestor(a))]  # ("sensitive to pain": not pain)
            people = any(c.dep_ in ("dobj", "nsubj") and c.lower_ in ("you", "people", "patients", "them", "some", "many")
                         for h in (tok, *[c for c in kids if c.dep_ in ("ccomp", "xcomp")]) for c in h.children)
            if felt and people:
                self.emit(self.subjects_of(tok), ("has_adverse_effect", "causes"), felt, tok)
        if not passive and lemma in self.rules.risk_verbs:
            self.raised_risk(tok)
        if not passive and (lemma in self.rules.risk_verbs or lemma in self.rules.risk_holding_verbs):
            self.named_risk(tok, lemma)
        if not passive and lemma in self.rules.reciprocal_verbs and any(
                c.dep_ == "dobj" and c.lower_ in ("other", "another") for c in kids):
            # "Pain and poor sleep feed each other": each affects the other
            ends = [r for r in self.subjects_of(tok) if r.category == "Condition"]
            for a in ends:
                self.emit([a], ("affects",), [b for b in ends if b.concept_id != a.concept_id], tok)
        if not passive and lemma in self.rules.onset_verbs:  # "it often starts after an injury or surgery"
            preps = self.rules.onset_verbs[lemma]
            causes = [r for c in kids if c.dep_ == "prep" and c.lower_ in preps
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            if not preps:  # "fibromyalgia often follows an infection"
                causes = [r for c in kids if c.dep_ == "dobj" for r in self.args(c)]
            # "Gout happens when uric acid builds up in the joints": the clause's subject
            # (the words between "when" and the clause's verb: the small parser often reads the
            # verb of "when a herniated disc presses on ..." as a noun)
            for c in kids:
                mark = next((m for m in c.children if m.dep_ in ("mark", "advmod") and m.i < c.i
                             and m.lower_ in self.rules.onset_marks), None) if c.dep_ == "advcl" else None
                if mark is not None and not any(n.dep_ == "neg" for n in c.children):
                    causes += list({id(r): r for i in range(mark.i + 1, c.i)
                                    if (r := self.ref_of_token.get(i)) is not None}.values())
            self.emit(causes, ("causes",), [r for r in self.subjects_of(tok) if r.category == "Condition"], tok)
        if (not passive and lemma in self.rules.helping_verbs
                and not any(c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and not self._use_or_place(c))
                            for c in kids)):  # ("help in the long term": a time, no purpose)
            # "Medicines such as A and B can help." under a "Treatment" heading (elsewhere, the condition
            # the section or the title names: "A: Usually not. They rarely help in the long term.")
            topic = self.context.heading_topic(self.unit.sentence, frozenset({"Condition"}), _TREATMENT_HEADINGS) \
                or self.context.named_topic(frozenset({"Condition"}), self.unit.sentence)
            self.emit(self.subjects_of(tok), ("treats",), topic, tok)
        if lemma == "affect" and not passive:  # "insomnia affects half of people with chronic pain"
            for c in kids:
                if c.dep_ == "dobj":
                    people = [c] + [o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                    for o in p.children if o.dep_ == "pobj"]
                    xs = [r for person in people for r in self.patients_with(person)]
                    self.emit_presentations(xs, self.subjects_of(tok), tok)
        self.like_others(tok, None)
        if lemma == "belong" and not passive:
            # "X belongs to a class of drugs called Y", "X belongs to the triptan family"
            classes = []
            for c in kids:
                if c.dep_ == "prep" and c.lower_ == "to":
                    for o in c.children:
                        if o.dep_ != "pobj":
                            continue
                        found = self.refs_in(o)
                        if not found and o.lemma_.lower() in self.rules.class_nouns and any(
                                d.dep_ == "det" and d.lower_ in ("this", "that", "the", "these") for d in o.children):
                            # "A, B and C all belong to this group": the class the sentence before is about
                            members = {r.concept_id for r in self.subjects_of(tok)}
                            found = [r for r in self.context.antecedents(self.unit.sentence, False)
                                     if r.concept_id not in members]
                        for t in o.subtree:
                            if t.dep_ in ("oprd", "attr", "dobj") and t.head.lemma_.lower() in self.rules.naming_verbs:
                                found = self.args(t) or found
                        classes += found
            self.emit(self.subjects_of(tok), ("subclass_of",), classes, tok)
        if not passive and (lemma == "help" or any(c.dep_ == "dobj" and c.lemma_.lower() in self.rules.frames
                                                  and self.rules.frames[c.lemma_.lower()][0] == "treats"
                                                  for c in kids)):
            # "CBT helps people with insomnia", "X helps with Y", "X has shown benefit in Y", "X offers relief for Y"
            targets = []
            for c in kids:
                if c.dep_ == "dobj":
                    frame = self.frame_of(c)
                    targets += self.patients_with(c) + (frame[2] if frame and frame[0] == "treats" else [])
                    if frame and frame[0] == "treats" and not frame[2]:  # "find relief from X" with "from" on the verb
                        targets += [r for p in kids if p.dep_ == "prep" and p.lower_ in ("from", "for", "in")
                                    for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o) + self.patients_with(o)]
                        if not targets:  # "patients with X have found relief through Y"
                            targets = self.people_condition(tok)
                    if lemma == "help" and not targets:  # "capsaicin cream may help pain in one area"
                        targets += [r for r in self.refs_in(c) if r.category == "Condition"]
                elif c.dep_ == "prep" and c.lower_ in ("with", "for") and lemma == "help":
                    # "X may help with Y"; "For Y, X may also help"
                    targets += [r for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                elif c.dep_ in ("xcomp", "ccomp") and lemma == "help" and any(s.dep_ == "nsubj" for s in c.children):
                    # "X has helped thousands of patients with Y get back to work"
                    targets += [r for s in c.children if s.dep_ == "nsubj" for r in self.patients_with(s)]
                    if c.lemma_.lower() in self.rules.condition_verbs:
                        targets += [r for p in c.children if p.dep_ == "prep" and p.lower_ in self.rules.condition_verbs[c.lemma_.lower()]
                                    for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
                elif c.dep_ in ("xcomp", "ccomp") and lemma == "help" and c.lemma_.lower() in self.rules.condition_verbs:
                    # "yoga helps them cope with fibromyalgia"
                    targets += [r for p in c.children if p.dep_ == "prep" and p.lower_ in self.rules.condition_verbs[c.lemma_.lower()]
                                for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
            given = [r for r in targets if r.category in ("Drug", "Therapy")]
            if given and (self._people_subject(tok) or self.people_condition(tok)):
                # "Some people with migraine get relief from ibuprofen": what gives the relief treats
                # the people's condition
                targets = [r for r in targets if r.category == "Condition"] or self.people_condition(tok)
                self.emit(given, ("treats",), targets, tok)
            elif targets:
                users = self.subjects_of(tok)
                if not users or self._people_subject(tok):  # "patients find relief from X with Y"
                    users = self.instruments(tok) or users
                self.emit(users, ("treats",), targets, tok)
        if not passive and lemma in self.rules.starting_verbs and (self._people_subject(tok) or any(
                c.dep_ == "nsubj" and c.lemma_.lower() in ("treatment", "therapy", "management") for c in kids)):
            # "Doctors usually start with amitriptyline or duloxetine"
            first = [r for c in kids if c.dep_ == "prep" and c.lower_ == "with"
                     for o in c.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy", UNTYPED)]
            if first:
                self.emit(first, ("treats",), self.context.topic(frozenset({"Condition"}), self.unit.sentence), tok)
        if not passive and lemma in self.rules.life_verbs:
            # "we have seen ketamine transform the lives of patients living with X"
            lives = [c for c in kids if c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives")]
            targets = [r for c in lives for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj" for r in self.patients_with(o)]
            if targets:
                self.emit([r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy")], ("treats",), targets, tok)
        if not passive and lemma in self.rules.benefit_verbs:
            # "people with X may benefit from Y"
            xs = [r for c in kids if c.dep_ == "nsubj" for r in self.patients_with(c)]
            if lemma == "respond":  # "gout responds well to colchicine"
                xs += [r for c in kids if c.dep_ == "nsubj" for r in self.refs_in(c) if r.category == "Condition"]
            ys = [r for c in kids if c.dep_ == "prep" and c.lower_ in self.rules.benefit_verbs[lemma]
                  for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
            self.emit(ys, ("treats",), xs, tok)
        if not passive and lemma in ("be", "find", "see", "report", "observe", "record", "show", "cause"):
            self.more_with(tok)  # "There were more strokes with X"
        self.let_heal(tok)  # "X helps the ulcer heal", "X is given so that Y can clear"
        self.because_of_risk(tok)  # "X is not recommended ..., because of the risk of Z"
        if lemma == "be" or lemma in self.rules.listing_verbs:
            self.copula_or_listing(tok, lemma)
        elif lemma in self.rules.copula_verbs and not passive:  # "CBT remains the first choice for insomnia"
            self.copula_or_listing(tok, "be")
        if lemma in self.rules.having_verbs:
            self.having(tok)
        if lemma == "have" and not passive:
            self.evidence_behind(tok)
        if lemma == "expect" and not passive:
            self.expected(tok)
        if lemma in ("call", "term", "name") and passive:
            self.called_kind(tok)
        for particle, predicates, reverse in self.rules.verbs.get(lemma, ()):
            if passive and particle and " " not in particle and not any(
                    c.lower_ == particle for c in kids if c.dep_ in ("prt", "prep", "advmod")):
                continue  # ("brought on by" is not "bring down")
            if passive:
                objects = [r for c in kids if c.dep_ == "nsubjpass" for r in self.args(c)]
                if not objects and tok.dep_ in ("acl", "relcl"):
                    # "pain caused by an injury"; "X is pain caused by an injury": X
                    objects = self.relative_head(tok.head) if tok.head.dep_ == "attr" else self.refs_in(tok.head)
                subjects = [r for c in kids if c.dep_ == "agent" for o in c.children for r in self.args(o)]
                if not subjects and objects and any(o.dep_ == "pobj" and o.pos_ == "NOUN" and any(
                        d.dep_ == "det" and d.lower_ == "the" for d in o.children) and any(
                        r.dep_ == "relcl" for r in o.children) for c in kids if c.dep_ == "agent" for o in c.children):
                    # "X is caused by the same virus that causes Y": the agent is named, but as no
                    # concept; the surface rules must not take Y for it
                    self.silenced.add(tok.i)
                if not subjects and "treats" in predicates:  # "nausea can be reduced with ondansetron"
                    subjects = [r for c in kids if c.dep_ == "prep" and c.lower_ == "with"
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
                    objects = [r for c in kids if c.dep_ == "dobj" for r in self.patients_with(c)]
                if not objects and "treats" in predicates and any(
                        t.lemma_.lower() in self.rules.unsaid_condition_nouns for c in kids if c.dep_ == "dobj" for t in c.subtree):
                    objects = self.implicit_condition()  # "CBT seems to reduce the impact of symptoms"
                if not objects and "treats" in predicates and lemma in ("improve", "increase", "raise", "boost") and any(
                        t.lemma_.lower() in self.rules.improvement_nouns for c in kids if c.dep_ == "dobj" for t in c.subtree):
                    # "steroid tablets improve the chance of a full recovery": from the condition unsaid
                    objects = self.implicit_condition()
                    predicates = ("treats",)
                if "treats" in predicates:  # "relieves pain in conditions such as gout and lupus": each of them
                    kinds = [o for h in [tok] + [c for c in kids if c.dep_ in ("dobj", "conj")] for c in h.children
                             if c.dep_ == "prep" and c.lower_ in ("in", "for", "of") for o in c.children
                             if o.dep_ == "pobj" and o.lemma_.lower() in self.rules.descriptions
                             and "Condition" in self.rules.descriptions[o.lemma_.lower()]]
                    objects += [r for o in kinds for e in o.children if e.dep_ == "prep" and e.lower_ in ("as", *self.rules.example_preps)
                                for x in e.children if x.dep_ == "pobj" for r in self.args(x) if r not in objects]
                if "treats" in predicates:
                    # "works well for many people with headaches", "reduced pain in women with fibromyalgia"
                    objects += [r for h in [tok] + [d for d in kids if d.dep_ == "dobj"] for c in h.children
                                if c.dep_ == "prep" and c.lower_ in ("for", "in", "among")
                                for o in c.children if o.dep_ == "pobj" for r in self.patients_with(o) if r not in objects]
                gains = [o for c in kids for o in ([c] if c.dep_ == "dobj" else [
                    g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [])
                    if o.lemma_.lower() in self.rules.improvement_nouns]
                if not reverse and gains and set(predicates) & {"causes", "has_adverse_effect"}:
                    # "X led to improvements in Y", "X resulted in a reduction of Y": X helps with Y
                    predicates = ("treats", "inhibits")
                    objects = [r for g in gains for p in g.children if p.dep_ == "prep" and p.lower_ in ("in", "of", "from", "for")
                               for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
            own = self.ref_of_token.get(tok.i)
            if own is not None:  # "opioids slow your breathing": the verb is part of the concept it names
                objects = [r for r in objects if r.concept_id != own.concept_id]
                if not objects and not passive and not reverse and own.category == "Condition":
                    # "X can slow the heart rate" (bradycardia), "X can raise blood pressure": what a
                    # medicine does that the phrase names as a condition is its adverse effect
                    self.emit([r for r in subjects if r.category in ("Drug", "Therapy")], ("has_adverse_effect",), [own], tok)
            if not subjects or not objects:
                continue
            if reverse:
                subjects, objects = objects, subjects
            self.emit(subjects, predicates, objects, tok)

    def copula_or_listing(self, tok, lemma: str) -> None:
        subjects_tok = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects_tok and lemma == "be":  # "Feeling sick is common": a clause as subject
            subjects_tok = [c for c in tok.children if c.dep_ == "csubj" and c.i in self.ref_of_token]
        if not subjects_tok and tok.dep_ == "xcomp":  # "A is thought to be a key driver of X"
            subjects_tok = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects_tok and tok.dep_ == "conj" and lemma in self.rules.listing_verbs:
            # "Side effects are mild and can include A and B": the subject both verbs share
            subjects_tok = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        complements = [c for c in tok.children if c.dep_ in (("attr", "acomp") if lemma == "be" else ("dobj", "attr"))]
        advice = [c for c in complements if c.tag_ == "VBN" and c.lemma_.lower() in _ADVICE_PASSIVES]
        if lemma == "be" and advice and subjects_tok:
            # "For ongoing anxiety, SSRIs are preferred" (the participle read as an adjective)
            users = [r for c in subjects_tok for r in self.args(c) if r.category in ("Drug", "Therapy", UNTYPED)]
            targets = [r for h in (tok, *advice) for c in h.children if c.dep_ == "prep" and c.lower_ in ("for", "in")
                       for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)
                       if r.category == "Condition"]
            if users and not targets and not self._names_condition():
                targets = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            self.emit(users, ("treats",), targets, advice[0])
        if lemma == "be" and subjects_tok and all(c.lower_ in _PEOPLE_PRONOUNS for c in subjects_tok):
            # "weight loss if you are overweight": what "you" are is no kind of the noun before it
            self.silenced.add(tok.i)
        if subjects_tok and lemma != "be" and lemma in self.rules.listing_verbs:
            # "Things that raise your risk include being overweight, eating too much salt and ...":
            # items that are gerund clauses, which the parser hangs as verbs
            frame = self.frame_of(subjects_tok[0])
            if frame is None and subjects_tok[0].lower_ in _LIST_PRONOUNS:
                frame = self.context.frame_before(self.unit.sentence, self.rules)
            clauses = [c for c in tok.children if c.i > tok.i and c.dep_ in ("xcomp", "advcl", "ccomp", "conj")
                       and (not complements or c.tag_ == "VBG")]
            if frame is not None and clauses:
                items = list({id(r): r for c in clauses for t in c.subtree
                              if (r := self.ref_of_token.get(t.i)) is not None}.values())
                self.emit_frame(frame if frame[2] else (frame[0], frame[1], self.context.topic(
                    PREDICATE_CONSTRAINTS[frame[0]][0 if frame[1] == "subject" else 1], self.unit.sentence)), items, tok)
            if not complements:
                return
        if not subjects_tok or not complements:
            return
        subj = subjects_tok[0]
        if lemma in ("include", "be") and self.says_of_items(subj):
            return  # "Medicines that can cause drowsiness include A and B": the clause's claim is the items'
        frame = self.frame_of(subj)
        if frame is None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl" and not (
                tok.head.dep_ == "pobj" and tok.head.head.lower_ == "of"
                and tok.head.head.head.lemma_.lower() in self.rules.class_nouns):  # ("a family of drugs that includes A")
            frame = self.frame_of(tok.head)  # "its side effects, which include memory loss"
        if frame is None and subj.lower_ in ("they", "these") and subj.i > 0:
            # "Triggers vary from person to person, but they often include A and B": the frame noun
            # the clause before in the sentence was about
            earlier = [t for t in self.tokens[: subj.i] if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")]
            frame = self.frame_of(earlier[-1]) if earlier else None
            if frame is not None:
                subj = earlier[-1]
        # "The most common are A and B": an adjective standing for the noun left out, like "ones"
        elliptical = subj.lower_ in _LIST_PRONOUNS or (subj.pos_ == "ADJ" and subj.dep_ == "nsubj" and any(
            d.dep_ == "det" and d.lower_ == "the" for d in subj.children))
        if frame is None and elliptical and not all(c.dep_ == "acomp" and c.lemma_.lower() in self.rules.prevalence_adjectives
                                                    for c in complements):
            # ("It is more common in women": how common, not a list the sentence before announced)
            frame = self.context.frame_before(self.unit.sentence, self.rules)  # "They include:", "The main ones are:"
        if frame and not frame[2] and not elliptical:
            # "Symptoms may include A and B" in an article or section about X ("Side effects include A"
            # right after a sentence about X)
            predicate, role, _ = frame
            wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
            owners = self.context.owner(wanted, self.unit.sentence)
            if predicate == "has_symptom" and (any(a.lower_ in ("other", "further") for a in subj.children)
                                               or owners and all(r.concept_id in self.context.symptoms for r in owners)):
                # "Fatigue is one of the most common. Other symptoms include A", "Typical symptoms are
                # breathlessness and fatigue. Breathlessness when lying flat is more specific. Signs include
                # A": the symptoms of what the section is about, not of a symptom named before
                owners = self.context.topic(wanted, self.unit.sentence)
            frame = (predicate, role, owners)
        if frame and all(c.dep_ == "acomp" for c in complements) and (items := self.after_colon(tok)) is not None:
            # "Side effects are usually mild: some soreness and swelling where the needle went in"
            self.emit_frame(frame, items, tok)
            return
        for comp in complements:
            if lemma == "be" and self.conditional_risk(tok, subj, comp):  # "Your risk is higher if you smoke"
                continue
            if lemma == "be" and comp.dep_ == "acomp" and comp.lower_ in self.rules.worse_states and any(
                    c.dep_ == "prep" and c.lower_ in ("with", "after", "during") for h in (comp, tok) for c in h.children):
                # "Your tremor may be worse with: caffeine, stress": what makes it worse brings it on
                triggers = [r for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "after", "during")
                            for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
                worse = [r for r in self.args(subj) if r.category == "Condition"]
                if not worse and subj.lower_ in _ALL_PRONOUNS:
                    worse = [r for r in self.pronoun(subj) if r.category == "Condition"]
                if not worse and subj.lemma_.lower() in ("symptom", "sign", "attack", "flare", "episode"):
                    worse = self.context.topic(frozenset({"Condition"}), self.unit.sentence)  # "The symptoms are worse with"
                self.emit(triggers, ("causes",), worse, comp)
                continue
            if frame:  # "symptoms of X include A, B and C", "the main causes are A and B"
                # (with X named, the frame says what A, B and C are: "signs of an overdose include
                # pinpoint pupils")
                items = self.args(comp, open_slot=bool(frame[2]))
                if frame[:2] == ("treats", "object") and frame[2] and lemma == "be" and self.arguments is not None \
                        and subj.lemma_.lower() in self.rules.treatment_frame_nouns:
                    # "The main treatment for Y is X": X is called a treatment, whatever its words
                    self.arguments.called_treatment.update((r.start, r.end) for r in items if r.category == UNTYPED)
                self.emit_frame(frame, items, tok)
                continue
            subjects = self.refs_in(subj)
            if not subjects and subj.lower_ in ("which", "that") and tok.dep_ == "relcl" and self.frame_of(comp) is not None:
                # "numbness or loss of bladder control, which can be signs of X" (a frame, not a class:
                # "which is a type of Y" is left to the surface rules)
                subjects = self.relative_head(tok.head)
            if lemma == "be" and self.liable(tok, subj, comp):
                continue
            if lemma == "be" and comp.dep_ == "acomp" and comp.lower_ in ("typical", "characteristic", "classic", "suggestive"):
                # "Pain on the stairs is typical of X", "... is suggestive of X": a presentation of X
                xs = [r for c in comp.children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
                self.emit(xs, ("has_symptom",), self.args(subj), comp)
                continue
            if lemma == "be" and comp.dep_ == "acomp" and comp.lower_ in ("due", "owing", "attributable", "secondary"):
                # "Most cases of X are due to Y", "X is secondary to Y": Y causes X
                causes = [r for c in comp.children if c.dep_ == "prep" and c.lower_ == "to"
                          for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
                self.emit(causes, ("causes",), self.args(subj), comp)
                continue
            if lemma == "be" and comp.dep_ == "acomp" and comp.lemma_.lower() in self.rules.prevalence_adjectives:
                self.prevalent(tok, self.args(subj), comp)
                continue
            if lemma == "be" and comp.dep_ == "acomp" and (comp.lower_ in self.rules.use_adjectives
                                                          or _hyphenated(comp) in self.rules.use_adjectives):
                # "X is approved for Y", "X is not effective for Y"
                targets = [r for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("for", "in", "against")
                           for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                if not targets:  # "X was as effective as Z for Y": the purpose hung on the comparison
                    targets = [r for c in comp.children if c.dep_ == "prep" and c.lower_ in ("as", "than")
                               for z in c.children if z.dep_ == "pobj" for p in z.children
                               if p.dep_ == "prep" and p.lower_ in ("for", "in") for o in p.children if o.dep_ == "pobj"
                               for r in self.args(o) + self.patients_with(o) if r.category == "Condition"]
                if not targets and comp.lower_ in self.rules.approval_adjectives:  # "X and Y are approved for use in the US"
                    targets = self.implicit_condition()
                self.emit(self.args(subj), ("treats",), targets, comp)
                continue
            if lemma != "be":
                # "Opioids include codeine and morphine": the items are kinds of the subject ("triptans,
                # a family of drugs that includes A and B": of what the relative clause is about)
                relative = subj.lower_ in ("which", "that") and tok.dep_ == "relcl"
                if relative:
                    subjects = self.relative_head(tok.head)
                if subj.lower_ not in _ALL_PRONOUNS or relative:
                    self.emit(self.args(comp), ("subclass_of",), subjects, tok)
                continue
            if comp.lower_ == "one":  # "is one of the best-supported treatments for X"
                comp = next((o for c in comp.children if c.dep_ == "prep" and c.lower_ == "of"
                             for o in c.children if o.dep_ == "pobj"), comp)
                if comp.pos_ == "ADJ" and comp.lemma_.lower() in self.rules.prevalence_adjectives:
                    # "Fatigue is one of the most common" under "Symptoms": one of the section's items
                    heading = self.context.heading_frame(self.unit.sentence, self.rules)
                    if heading is not None and heading[0] in ("has_symptom", "has_adverse_effect"):
                        self.emit_frame(heading, [r for r in self.args(subj) if r.category in ("Condition", UNTYPED)], tok)
                    continue
            comp_lemma = comp.lemma_.lower()
            of_objects = [o for c in comp.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
            comp_frame = self.frame_of(comp)
            if comp_frame is None and comp_lemma in ("thing", "way", "step", "measure", "method") and any(
                    a.dep_ == "amod" and (a.lower_ in self.rules.use_adjectives or a.lower_ in ("best", "good", "simple", "first"))
                    for a in comp.children):
                # "Stretching is one of the most effective things you can do", "X is a good way to ease
                # it": a use, for the condition of the section or article
                comp_frame = ("treats", "object", [])
            if comp_frame is not None:
                self.silenced.add(tok.i)  # "X is an alternative to Y", "X is a treatment for Y": not a kind of Y
            if comp_frame and not comp_frame[2] and comp_frame[0] == "treats":
                # "For migraine, triptans are the first choice"
                xs = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                      for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                if not xs:  # "X is the first thing to try for Y"
                    xs = [r for v in comp.children if v.dep_ in ("relcl", "acl") for c in v.children
                          if c.dep_ == "prep" and c.lower_ == "for"
                          for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)]
                if not xs:  # "X is the first medicine most people with Y are offered"
                    xs = [r for v in comp.children if v.dep_ in ("relcl", "acl")
                          for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "dative", "dobj")
                          for p in [c, *(o for o in c.children if c.dep_ == "dative" and o.dep_ == "pobj")]
                          for r in self.patients_with(p)]  # ("offered to people with Y")
                if not xs:  # "If you are struggling with X, Y may be the answer"
                    xs = [r for c in tok.children if c.dep_ == "advcl" and c.lemma_.lower() in self.rules.condition_verbs
                          for p in c.children if p.dep_ == "prep" and p.lower_ in self.rules.condition_verbs[c.lemma_.lower()]
                          for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
                if not xs and comp.lemma_.lower() in ("option", "choice", "alternative", "treatment", "therapy",
                                                      "thing", "way", "step", "measure", "method"):
                    # "Colchicine is another option." under "Treating gout": the section's condition
                    xs = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
                comp_frame = (comp_frame[0], comp_frame[1], xs)
            if comp_frame and not comp_frame[2] and comp_frame[0] != "treats" and comp.i not in self.ref_of_token:
                # "Diabetes is the most common cause." under a heading about X (or in an article about X)
                predicate, role, _ = comp_frame
                comp_frame = (predicate, role, self.context.topic(
                    PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1], self.unit.sentence,
                    exclude=frozenset(r.concept_id for r in subjects)))  # (never one of the items themselves)
            if comp_lemma in self.rules.class_nouns and of_objects:  # "A and B are types of Y"
                classes = [r for o in of_objects for r in self.args(o)]
                if subjects and {r.concept_id for r in subjects} <= {r.concept_id for r in classes}:
                    # "Plaque psoriasis is a type of psoriasis": the kind is named with its modifiers
                    subjects = self.kind_named(subj, subjects[0]) or subjects
                self.emit(subjects, ("subclass_of",), classes, comp)
            elif comp_frame and comp_frame[2]:  # "A is a common sign of X", "A is a cause of X"
                predicate, role, xs = comp_frame
                subjects = subjects or self.args(subj, open_slot=True)  # the frame says what A is
                if role == "subject":
                    self.emit(xs, (predicate,), subjects, comp)
                else:
                    self.emit(subjects, (predicate,), xs, comp)
            elif comp.i in self.heads and comp.dep_ == "acomp" and comp.pos_ == "ADJ":
                # "Most people with X are restless and agitated": how they are, no kind of anything
                people = self.patients_with(subj)
                if people:
                    self.emit_presentations(people, self.refs_in(comp), comp)
            elif comp.i in self.heads:  # "X is a Y"
                self.emit(subjects, ("subclass_of",), self.refs_in(comp), tok)
                if self.heads[comp.i].category in ("Drug", "Therapy"):
                    # "EMDR is a psychological therapy for PTSD": X is used for Y (not only the class)
                    treated = [r for c in comp.children if c.dep_ == "prep" and c.lower_ in ("for", "against")
                               for o in c.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)
                               if r.category == "Condition"]
                    self.emit([r for r in subjects if r.category in ("Drug", "Therapy")], ("treats",), treated, comp)


# Verbs that raise: a medicine that raises a condition has it as an adverse effect, unless what is
# raised is a chance of getting better ("increase the chances of managing it").
_RAISING = frozenset({"increase", "raise", "elevate", "induce"})

# Names that are generic words, read by the rules as they are ("Treatment reduces ...").
_GENERIC_SUBJECTS = frozenset({"treatment", "therapy", "medication", "medicine", "drug", "option", "it", "they"})


def _last_word(concept_id: str) -> str:
    """The head word of a concept's id, singular ("essential_tremor" -> "tremor")."""
    word = concept_id.rsplit("_", 1)[-1]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _in_condition_clause(tok) -> bool:
    """Whether ``tok``'s clause is a circumstance of another ("when X has not worked", "if it
    does not help")."""
    verb = tok
    while verb.dep_ not in ("advcl", "ROOT") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "if", "once", "until", "unless", "after")
                                        for m in verb.children)


def _repair(doc) -> None:
    """Mend the small pipeline's commonest misparse: a sentence-initial name taken as a compound
    of the verb after it ("Metformin lowers blood sugar": "Metformin" compound of "lowers"). A
    noun is never a compound of a verb; before its verb it is the verb's subject."""
    for tok in doc:
        if tok.dep_ == "compound" and tok.head.pos_ == "VERB" and tok.i < tok.head.i \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children):
            tok.dep_ = "nsubj"
    # "The main symptom is heartburn": a noun after "is" taken for the sentence's verb (its subject a
    # passive one, "is" its auxiliary). A noun is no verb: "is" is the verb and the noun its attribute.
    for noun in [t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN")]:
        auxes = [c for c in noun.children if c.dep_ == "aux" and c.lemma_ == "be" and c.i < noun.i]
        subjects = [c for c in noun.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < noun.i]
        if len(auxes) == 1 and subjects and not any(c.dep_ in ("dobj", "auxpass") for c in noun.children):
            aux = auxes[0]
            aux.head, aux.dep_ = aux, "ROOT"
            for subject in subjects:
                subject.head, subject.dep_ = aux, "nsubj"
            noun.head, noun.dep_ = aux, "attr"
    # "rises with age, high blood pressure and diabetes": a list after a preposition whose second
    # item the parser hangs on the verb (as an adverbial noun) is the rest of the preposition's list.
    for noun in [t for t in doc if t.dep_ in ("npadvmod", "appos") and t.pos_ in ("NOUN", "PROPN")
                 and any(c.dep_ == "cc" for c in t.children)]:
        left = noun.left_edge.i
        if left < 2 or doc[left - 1].text != ",":
            continue
        obj = doc[left - 2]
        while obj.dep_ == "conj" and obj.head.dep_ == "pobj":
            obj = obj.head
        if obj.dep_ == "pobj" and obj.head.dep_ == "prep" and obj.head.head.i == noun.head.i:
            noun.head, noun.dep_ = obj, "conj"
    # "Pregnancy, diabetes, kidney stones and having a catheter also raise the risk": a list of subjects
    # the parser makes the sentence's root, its verb one more item. The verb is the root, the list its subject.
    for noun in [t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN")]:
        verbs = [c for c in noun.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > noun.i
                 and not any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children)]
        if len(verbs) != 1 or not any(c.dep_ in ("conj", "nmod", "appos") or c.dep_ == "cc" for c in noun.children):
            continue
        verb = verbs[0]
        clauses = [c for c in verb.children if c.dep_ == "csubj"]
        verb.head, verb.dep_ = verb, "ROOT"
        noun.head, noun.dep_ = verb, "nsubj"
        for clause in clauses:  # ("and having a catheter": the list's last item)
            clause.head, clause.dep_ = noun, "conj"
    # "characterised by recurrent pain, bloating and altered bowel habit": a gerund after the comma
    # that follows a preposition's object, read as a clause of the verb, is the list's next item (and
    # a participle coordinated with it, its object right after, an adjective of that object).
    for gerund in [t for t in doc if t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp") and t.i >= 2
                   and doc[t.i - 1].text == "," and not any(c.dep_ in ("dobj", "nsubj", "prep", "aux") for c in t.children)]:
        obj = doc[gerund.i - 2]
        while obj.dep_ == "conj" and obj.head.dep_ == "pobj":
            obj = obj.head
        if obj.dep_ != "pobj" or obj.head.dep_ not in ("prep", "agent") or gerund.head.i == obj.i:
            continue
        gerund.head, gerund.dep_, gerund.pos_ = obj, "conj", "NOUN"
        for part in [c for c in gerund.children if c.dep_ == "conj" and c.tag_ in ("VBN", "VBD")]:
            kids = list(part.children)
            if len(kids) == 1 and kids[0].dep_ == "dobj" and kids[0].left_edge.i == part.i + 1:
                noun = kids[0]
                noun.head, noun.dep_ = gerund, "conj"
                part.head, part.dep_ = noun, "amod"
    # "For ongoing anxiety, SSRIs are preferred": the subject after a fronted phrase's comma read
    # as one more item of that phrase ("anxiety, SSRIs"); a verb with no subject gets it back.
    for root in [t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]:
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in root.children):
            continue
        fronted = [c for c in root.children if c.dep_ == "prep" and c.i == 0 and c.lower_ in ("for", "in", "among", "with")]
        for prep in fronted:
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                items = [c for c in obj.children if c.dep_ == "conj" and c.i < root.i and c.left_edge.i > 0
                         and doc[c.left_edge.i - 1].text == "," and not any(d.dep_ == "cc" and d.i < c.i for d in obj.children)]
                if items:
                    items[0].head = root
                    items[0].dep_ = "nsubjpass" if any(c.dep_ == "auxpass" for c in root.children) else "nsubj"


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
    skip: set[int] | frozenset[int] = frozenset(),
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
    # "This medicine can make you drowsy": the description stands for a concept named before
    describing = re.compile(r"\b(?:this|these)\s+(?:" + "|".join(sorted(rules.descriptions)) + r")s?\b", re.I)
    # "The long-term risks include bladder problems and misuse": a frame listing one known item
    listing = re.compile(r"\b(?:" + "|".join(sorted(re.escape(f) for f in rules.frames)) + r")s?\b[^.;:]{0,40}?"
                         r"\b(?:include|includes|included|including|such as|is|are|was|were)\b", re.I)
    # "Q: Can ketamine help PTSD?" answered "A: Yes." (or "Usually not."): the question's claim,
    # affirmed or denied by its answer
    answered = answered_questions(contexts, skip)
    wanted.update(answered)
    for ctx in contexts:
        if ctx.is_heading or ctx.index in skip or is_question(ctx.text):
            continue
        relation_hits = any(h.cue.kind == "relation" for h in ctx.hits)
        if len(ctx.refs) >= 2 or (ctx.refs and (relation_hits or naming.search(ctx.text) or describing.search(ctx.text)
                                                 or _PRONOUN.search(ctx.text)
                                                 or _USE.search(ctx.text) or _LIMITED_USE.search(ctx.text)
                                                 or _PREVALENT.search(ctx.text) or _SESSION.search(ctx.text)
                                                 or _PEOPLE_FEEL.search(ctx.text) or listing.search(ctx.text))) \
                or _OPTION.search(ctx.text) or (ctx.refs and _ADVICE.match(ctx.text)):
            wanted.add(ctx.index)
    units = _units(source_text, sentences, contexts, wanted, tuple(rules.frames))
    if not units:
        return []
    if answered:
        units = [as_statement(u, contexts[u.sentence], view) if u.sentence in answered and not u.items else u
                 for u in units]
    generic_words = frozenset(rules.descriptions) | rules.class_nouns | rules.person_nouns | frozenset(rules.frames) \
        | frozenset(rules.event_nouns) | _GENERIC_SUBJECTS
    context = ArticleContext(contexts, title_refs or [],
                       generic=(lambda r: generic_name(labels.get(r.concept_id, ""), arguments.words)) if discover else None)
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
    # A name the small pipeline fused with its verb ("Memantine blocks NMDA receptors" read as one
    # noun phrase): that sentence once more, with a common drug name in the name's place.
    again = {}
    base_verbs = frozenset(rules.verbs) | rules.having_verbs
    for k, (unit, doc) in enumerate(zip(units, docs)):
        cuts = misread_names(unit, contexts[unit.sentence], view, rules.verbs, generic_words, doc)
        inserts = [] if cuts else misread_verbs(unit, doc, base_verbs)
        if cuts or inserts:
            again[k] = with_stand_ins(unit, cuts, inserts)
    if again:
        redone = yield [u.text for u in again.values()]
        docs = list(docs)
        for k, doc in zip(again, redone):
            units[k], docs[k] = again[k], doc
    for unit, doc in zip(units, docs):
        _repair(doc)
        ref_of_token: dict[int, Ref] = {}
        members: dict[tuple[int, int], list] = {}
        tokens = list(doc)
        for tok in tokens:
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
        reader = _Reader(rules, doc, unit, ref_of_token, heads, categories, labels, context, arguments, tokens)
        reader.run()
        if not unit.items:
            context.parsed.add(unit.sentence)
            root_subjects = [r for t in reader.tokens if t.dep_ == "ROOT" for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
                             and c.lower_ not in _ALL_PRONOUNS for r in reader.refs_in(c)]
            if not root_subjects:  # "It is used to treat X. It works by ...": the pronoun's antecedent carries on
                root_subjects = [r for t in reader.tokens if t.dep_ == "ROOT" for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
                                 and c.lower_ in ("it", "they", "both") for r in reader.pronoun(c)]
            if not root_subjects:  # "We usually start amitriptyline. It is ...": what the people of the sentence gave
                root_subjects = reader.given_by_people
            if not root_subjects:  # "These medicines ... They often cause ...": what the description stood for
                # (the parser may make the description itself the root: "These medicines, which ..., calm ...")
                root_subjects = [r for t in reader.tokens if t.dep_ == "ROOT"
                                 for c in ([t] if t.pos_ == "NOUN" else [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")])
                                 if any(d.dep_ == "det" and d.lower_ in ("this", "these", "that", "those") for d in c.children)
                                 for r in reader.described(c)]
            if root_subjects and all(reader._generic(r) and r.category in ("Drug", "Therapy") for r in root_subjects) and any(
                    t.dep_ == "ROOT" and t.lemma_ == "be" for t in reader.tokens):
                # "The medicine we usually start with is carbamazepine. It works by ...": the named one
                named = [r for t in reader.tokens if t.dep_ == "ROOT" and t.lemma_ == "be" for c in t.children
                         if c.dep_ == "attr" and c.i > t.i for r in reader.refs_in(c)
                         if not reader._generic(r) and r.category in ("Drug", "Therapy")]
                root_subjects = named[:1] or root_subjects
            if root_subjects:
                context.subjects[unit.sentence] = root_subjects
        if silenced is not None:
            for i in reader.silenced:
                o = unit.to_original(doc[i].idx)
                if o is not None:
                    silenced.append((unit.sentence, view.to_view(o)))
        for s, predicate, o, cue_i, negated in reader.out:
            sentence = unit.sentence
            continued = None
            if sentence in answered:  # (the evidence quotes the question and its answer)
                sentence, denied = answered[unit.sentence]
                continued, negated = unit.sentence, negated != denied
                if predicate == "subclass_of" and doc[cue_i].lemma_ != "be":
                    continue  # ("Can NSAIDs such as ibuprofen help? No.": ibuprofen is still one)
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
