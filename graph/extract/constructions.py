"""Readings of particular constructions, one method each: associations ("linked to"),
prevalence ("common in people with X"), risks ("raises the risk", "more likely to develop"),
presentations ("people with X have A"), class membership by apposition, "A and other Ys",
"X, like other Ys". A mixin of the reader (:class:`graph.extract.syntax._Reader`)."""

from __future__ import annotations

from graph.extract.arguments import UNTYPED
from graph.extract.relations import Ref
from graph.extract.roles import _INSTANCE_ADVERBS
from graph.extract.syntax_rules import _ALL_PRONOUNS, _EPISODE_NOUNS, _GETTING_BETTER, _LACK, _RELATIVE_PRONOUNS
from graph.model import PREDICATE_CONSTRAINTS

# "better than placebo", "more effective than placebo": words a placebo comparison hangs on
_COMPARATIVES = frozenset({"well", "better", "good", "more", "effective", "superior", "worse", "bad"})
_PLACEBOS = frozenset({"placebo", "placebos", "sham", "dummy"})
# A trial's arms and sessions: "the dienogest group", "a psilocybin session".
_ARMS = frozenset({"group", "arm", "session", "cohort"})
# What a trial reports of its arms: "drowsiness was reported more often in the X group".
_REPORTING = frozenset({"report", "note", "observe", "record", "see", "experience"})
# Verbs of taking a medicine: "people taking X", "those given X".
_TAKING = frozenset({"take", "give", "receive", "use", "start", "prescribe"})

# ("during a relapse" or "a crisis" too: a time in the page's condition)
_DURING_EPISODE = _EPISODE_NOUNS | {"relapse", "crisis"}

__all__ = ["Constructions"]


# "X has the best evidence": what a treatment has behind it
_EVIDENCE_NOUNS = frozenset({"evidence", "support", "backing"})

# What "you" may get, notice or expect after a sentence about a medicine: its effects
_EXPECTING = frozenset({"get", "notice", "experience", "develop", "expect", "have", "feel"})

class Constructions:
    """Construction readings; each emits through the reader's ``emit``."""

    def like_others(self, tok, members: list[Ref] | None) -> None:
        """"Tramadol, like other opioids, ...": tramadol is an opioid (the preposition may hang
        on the noun or on the verb, whose subject it then is)."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "like":
                classes = [r for o in child.children if o.dep_ == "pobj" and any(c.lower_ == "other" for c in o.children)
                           for r in self.refs_in(o)]
                if classes:
                    self.emit(members if members is not None else self.subjects_of(tok), ("subclass_of",), classes, child)

    def condition_from(self, tok) -> None:
        """"nerve damage from shingles", "stomach bleeding from aspirin": a condition named with
        what it comes from; the source causes it (a drug or therapy has it as an adverse effect)."""
        ref = self.heads.get(tok.i)
        if ref is None or ref.category != "Condition":
            return
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                sources = [r for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o)]
                self.emit([r for r in sources if r.category in ("Drug", "Therapy")], ("has_adverse_effect",), [ref], c)
                self.emit([r for r in sources if r.category not in ("Drug", "Therapy")], ("causes",), [ref], c)

    def association(self, tok, lemma: str) -> None:
        """"X is linked to Y", "X has been associated with Y": read by the categories of the ends."""
        xs = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)]
        if tok.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.lower_ in _RELATIVE_PRONOUNS for c in tok.children):
            xs = self.relative_head(tok.head)  # "X causes Y, which has been linked to Z": Y is
        if not xs and tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            xs = self.subjects_of(tok)  # "X affects half of adults and is associated with Y"
        if any(c.dep_ == "nsubjpass" and any(m.dep_ == "amod" and m.lower_ in _LACK for m in c.children) for c in tok.children):
            xs = [x for x in xs if x.category not in ("Drug", "Therapy")]  # "low vitamin D is linked to X": no effect of a drug
        ys = [r for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.association_verbs[lemma]
              for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
        risks = [o for c in tok.children if c.dep_ == "prep" for o in c.children
                 if o.dep_ == "pobj" and o.lemma_.lower() in self.rules.risk_nouns]
        risky = bool(risks)
        if any(m.lower_ in ("lower", "reduced", "decreased", "smaller", "less") for o in risks for m in o.children):
            # "X was associated with a lower risk of Y": a treatment's use against Y; nothing else
            self.emit([x for x in xs if x.category in ("Drug", "Therapy")], ("treats",),
                      [y for y in ys if y.category == "Condition"], tok)
            return
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
        heads = [comp, tok] + [a for a in comp.children if a.dep_ == "advmod"]  # ("frequent early in treatment")
        # ("more common during pregnancy and in people with diabetes": each group)
        # ("... in men than in women, and in people who are overweight": the "in" after "than" too)
        all_preps = [c for h in heads for c in h.children if c.dep_ == "prep"]
        preps = [c for c in all_preps if c.lower_ in ("in", "among", "during")]
        preps += [c for p in all_preps for c in p.conjuncts if c.dep_ in ("prep", "conj") and c.lower_ in ("in", "among", "during")]
        preps += [c for h in heads for c in h.children if c.dep_ == "conj" and c.lower_ in ("in", "among", "during")]
        places = [o for c in preps for o in c.children if o.dep_ == "pobj"]
        if more:  # "X becomes more common with age": older age is a risk factor for X
            aging = [r for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
                     for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o) if r.category == "RiskFactor"]
            self.emit(aging, ("risk_factor_for",), subjects, tok)
        # "Vivid dreams were more frequent with naltrexone", "... common on opioids": an effect of it
        users = [r for h in (comp, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "on", "after")
                 for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o) if r.category in ("Drug", "Therapy")]
        if not users and tok.dep_ in ("advcl", "conj") and any(o.lemma_.lower() in ("treatment", "therapy", "use") for o in places):
            # "X is effective, although nausea is frequent early in treatment": the main clause's X
            users = [r for r in self.subjects_of(tok.head) if r.category in ("Drug", "Therapy")]
        if not users and any(o.lemma_.lower() in self.rules.trial_nouns or o.lemma_.lower() in self.rules.session_nouns
                             for o in places):
            # ("... were common during infusions", "... during treatment sessions": of what is given)
            # "Nausea and vomiting were common in the trial": effects of what the trial gave
            users = self.context.topic(frozenset({"Drug", "Therapy"}), self.unit.sentence, exclude=self.rules.substances)
        if not users:
            # "Nausea was twice as common in the semaglutide group", "... in people taking X": an
            # effect of what that arm of a trial, or those people, took
            users = [r for o in places if o.lemma_.lower() in _ARMS for c in o.children
                     if c.dep_ in ("compound", "amod", "nmod") for r in self.refs_in(c) if r.category in ("Drug", "Therapy")]
            users += [r for o in places for v in o.children if v.dep_ in ("acl", "relcl") and v.lemma_.lower() in _TAKING
                      for c in v.children if c.dep_ in ("dobj", "oprd") for r in self.refs_in(c) if r.category in ("Drug", "Therapy")]
        if users:
            self.emit(users, ("has_adverse_effect",), subjects, tok)
            return
        if not places or all(o.lemma_.lower() in ("week", "day", "month", "start", "beginning") for o in places):
            # "Feeling sick is common in the first few weeks." under "Side effects" (or "Symptoms"):
            # what the section is about has it
            if self.section_has(subjects, tok):
                return
        for place in places:
            xs = self.patients_with(place) or [r for r in self.refs_in(place) if r.category in ("Condition", "RiskFactor")]
            if more and not xs:  # "Gout is more common in men", "... in women and older people"
                xs = [r for t in [place, *place.conjuncts] if (r := self.demographic(t)) is not None]
            if more:
                self.emit(xs, ("risk_factor_for",), subjects, tok)
                continue
            self.emit_presentations(xs, subjects, tok)

    def purpose(self, tok) -> None:
        """"laxatives, such as senna, for constipation" as a list item or a line with no verb: the
        treatment (and the examples it names) treats what it is for."""
        ref = self.heads[tok.i]
        if ref.category not in ("Drug", "Therapy") or not (
                tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT" and tok.head.pos_ in ("NOUN", "PROPN"))):
            return
        if any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in self.tokens):
            return
        xs = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
              for o in c.children if o.dep_ == "pobj" for r in self.args(o) if r.category == "Condition"]
        if xs:
            users = [ref] + [r for _cls, examples in self.examples_in([tok.i]) for r in examples]
            self.emit(users, ("treats",), xs, tok)

    def kind_named(self, noun, base: Ref) -> list[Ref]:
        """"Plaque psoriasis is a type of psoriasis": the subject's modifiers before a known name make
        the kind a concept of its own ("plaque psoriasis"), of the name's category."""
        mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") and c.is_alpha and not c.is_stop]
        if not mods or self.arguments is None:
            return []
        first = min(mods, key=lambda t: t.i)
        start, end = self.unit.to_original(first.idx), self.unit.to_original(noun.idx + len(noun.text) - 1)
        if start is None or end is None:
            return []
        words = " ".join(t.lower_ for t in self.tokens[first.i: noun.i + 1])
        return [self.arguments.ref(words, words, noun.lower_, start, end + 1, base.category)]

    def demographic(self, tok) -> Ref | None:
        """The risk factor a group of people is ("men": male sex), from ``demographic_risks``."""
        label = self.rules.demographic_risks.get(tok.lemma_.lower()) or self.rules.demographic_risks.get(tok.lower_)
        if label is None or self.arguments is None:
            return None
        start = self.unit.to_original(tok.idx)
        if start is None:
            return None
        return self.arguments.ref(label, label, label.rsplit(" ", 1)[-1], start, start + len(tok.text), "RiskFactor")

    def raised_risk(self, tok) -> None:
        """"Obesity also raises the risk": a risk named without "of Y" is the risk of the section's
        (or the article's) condition; a drug's raised risk is an adverse effect."""
        for c in tok.children:
            if c.dep_ != "dobj" or c.lower_ not in self.rules.risk_nouns:
                continue
            if any(p.dep_ in ("prep", "acl", "relcl") for p in c.children) or any(
                    p.dep_ == "prep" for p in tok.children):
                continue  # "the risk of falls", "the risk in older adults": named, for the other rules
            if any(s.dep_ == "nsubj" and s.lower_ in _ALL_PRONOUNS for s in tok.children):
                continue  # "as this may raise your risk": a situation, not a named risk factor
            conditions = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            for s in self.subjects_of(tok):
                if s.category in ("Drug", "Therapy"):
                    self.emit([s], ("has_adverse_effect",), conditions, tok)
                else:
                    self.emit([s], ("risk_factor_for",), conditions, tok)

    def named_risk(self, tok, lemma: str) -> None:
        """"High blood pressure increases your risk of stroke", "smoking doubles the odds of a
        stroke", "people with diabetes have a higher risk of nerve damage": what raises the risk of
        Y (or whose people carry it) is a risk factor for Y; a drug's is an adverse effect."""
        for c in tok.children:
            if c.dep_ != "dobj" or (c.lemma_.lower() not in self.rules.risk_nouns and c.lower_ not in self.rules.risk_nouns):
                continue
            if lemma in self.rules.risk_holding_verbs and not any(
                    m.dep_ in ("amod", "advmod") and m.lower_ in self.rules.raised_risk_adjectives for m in c.children):
                continue  # "everyone has some risk of a fall": no raised risk
            ys: list[Ref] = []
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in ("of", "for"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            ys += self.args(o)
                        elif o.dep_ == "pcomp" and o.lemma_.lower() not in _GETTING_BETTER:  # "the risk of developing Y"
                            # (not "the chances of managing Y")
                            ys += [r for d in o.children if d.dep_ in ("dobj", "attr") for r in self.args(d)]
            if ys:
                # "the risk of A, B and C" with B and C hung on "risk" by the parser: items of the list
                ys += [r for d in c.children if d.dep_ == "conj" and d.lemma_.lower() not in self.rules.risk_nouns
                       for r in self.args(d) if r not in ys]
            ys = [y for y in ys if y.category in ("Condition", UNTYPED)]
            if not ys:
                continue
            xs = self.subjects_of(tok)
            for s in (s for s in tok.children if s.dep_ == "nsubj"):
                xs += self.patients_with(s)  # "people with X have a higher risk of Y"
            for s in (s for s in tok.children if s.dep_ == "csubj"):  # "Having X raises the risk of Y"
                xs += [r for o in s.children if o.dep_ in ("dobj", "attr", "acomp") for r in self.refs_in(o)]
            self.emit(xs, ("has_adverse_effect", "risk_factor_for"), ys, tok)

    def against_placebo(self, tok) -> None:
        """"X worked no better than a placebo for Y", "X was better than placebo at reducing Y", "X
        was not more effective than placebo in Y": a comparison with a placebo says whether X
        treats Y (denied by "no", "not", "did not"). Y is what the comparison is for, else the
        people it was in, else the page's condition."""
        than = tok.head
        if tok.dep_ != "pobj" or than.lower_ != "than" or than.head.lemma_.lower() not in _COMPARATIVES:
            return
        better = than.head
        top = better
        while top.dep_ in ("advmod", "acomp", "amod", "prep", "attr") and top.head.i != top.i and top.pos_ not in ("VERB", "AUX"):
            top = top.head  # "more effective than", "no better than" up to the verb
        if top.pos_ not in ("VERB", "AUX"):
            return
        chain = [better, *[a for a in better.ancestors if a.i != top.i and top.is_ancestor(a)], top]
        negated = any(c.dep_ == "neg" or c.lower_ in ("no", "not", "n't", "never") for h in chain for c in h.children)
        xs = [r for r in self.subjects_of(top) if r.category in ("Drug", "Therapy")]
        if not xs:
            return
        heads = [tok, *chain]
        ys = [r for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in ("for", "against", "in", "at")
              for o in p.children if o.dep_ in ("pobj", "pcomp")
              for r in (self.args(o) + self.patients_with(o) if o.dep_ == "pobj" else
                        [r for d in o.children if d.dep_ in ("dobj", "pobj") for r in self.args(d)])
              if r.category == "Condition"]
        if not ys:
            ys = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        self.emit(xs, ("treats",), ys, better, negated=negated)

    def arm_of(self, noun) -> list[Ref]:
        """The treatment a trial arm or its people had: "the dienogest group", "the escitalopram
        arm", "a psilocybin session", "women taking dienogest", "those on lithium", "dienogest"."""
        own = [r for r in self.refs_in(noun) if r.category in ("Drug", "Therapy")]
        if noun.lemma_.lower() in _ARMS:
            named = [self.ref_of_token[c.i] for c in noun.children if c.dep_ in ("compound", "amod", "nmod")
                     and c.i in self.ref_of_token and self.ref_of_token[c.i].category in ("Drug", "Therapy")]
            named += [r for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "on", "with", "receiving")
                      for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy")]
            return named or own
        people = [noun] + [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        taking = [self.ref_of_token[t.i] for person in people for v in person.children if v.dep_ in ("acl", "relcl")
                  and v.lemma_.lower() in ("take", "use", "receive", "get", "give", "treat", "start")
                  for t in v.subtree if t.i in self.ref_of_token and self.ref_of_token[t.i].category in ("Drug", "Therapy")]
        taking += [r for person in people for p in person.children if p.dep_ == "prep" and p.lower_ == "on"
                   for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy")]
        return taking or own

    def reported_with(self, tok) -> None:
        """A trial's harms: "In the escitalopram group, drowsiness was reported more often", "Low
        mood was reported by 7% of women taking dienogest", "Headache was the most frequent
        complaint after a psilocybin session": what was reported is an adverse effect of what
        that arm or those people took."""
        effects = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c) if r.category == "Condition"]
        if not effects:  # "In the X group, A and B were reported": A and B read as more of the group
            effects = [r for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"
                       for d in o.children if d.dep_ == "conj" for r in self.args(d) if r.category == "Condition"]
        if not effects:
            return
        takers: list[Ref] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "among", "with", "after", "on", "during"):
                takers += [r for o in c.children if o.dep_ == "pobj" for r in self.arm_of(o)]
            elif c.dep_ == "agent":
                takers += [r for o in c.children if o.dep_ == "pobj" for r in self.arm_of(o)]
            elif c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in ("take", "use", "receive"):
                # ("reported by 46 per cent of patients taking X", the participle hung on the verb)
                takers += [r for o in c.children if o.dep_ == "dobj" for r in self.refs_in(o) if r.category in ("Drug", "Therapy")]
        self.emit(list({r.concept_id: r for r in takers}.values()), ("has_adverse_effect",), effects, tok)

    def befell(self, tok, lemma: str) -> None:
        """"Nausea affected 46 per cent of those taking X", "Dizziness occurred in 12% of patients on
        X": what befell the people taking a treatment is its adverse effect."""
        effects = [r for c in tok.children if c.dep_ == "nsubj" for r in self.args(c) if r.category == "Condition"]
        if not effects:
            return
        if lemma == "affect":
            groups = [c for c in tok.children if c.dep_ == "dobj"]
        else:
            groups = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "among") for o in c.children if o.dep_ == "pobj"]
        takers = [r for g in groups for r in self.arm_of(g) if g.lemma_.lower() not in self.rules.person_nouns or any(
            v.dep_ in ("acl", "relcl", "prep") for v in g.children)]
        self.emit(list({r.concept_id: r for r in takers}.values()), ("has_adverse_effect",), effects, tok)

    def more_with(self, tok) -> None:
        """"There were more strokes with rofecoxib than with naproxen", "the trial found more
        falls with zolpidem": what came more often with a medicine is its adverse effect (the one
        after "than" is only the comparison)."""
        objects = [c for c in tok.children if c.dep_ in ("attr", "dobj") and any(
            a.dep_ in ("amod", "advmod") and a.lower_ == "more" for a in c.children)]
        if not objects or (tok.lemma_ == "be" and not any(c.dep_ == "expl" for c in tok.children)):
            return
        withs = [p for h in [tok, *objects, *(c for o in objects for c in o.conjuncts)] for p in h.children
                 if p.dep_ == "prep" and p.lower_ in ("with", "on")]
        users = [r for p in withs for o in p.children if o.dep_ == "pobj" for r in self.args(o)
                 if r.category in ("Drug", "Therapy", UNTYPED)]
        effects = [r for o in objects for r in self.args(o) if r.category in ("Condition", UNTYPED)]
        self.emit(users, ("has_adverse_effect",), effects, tok)

    def because_of_risk(self, tok) -> None:
        """"X is not recommended for people with Y, because of the higher risk of Z", "X is
        stopped because of the risk of Z": the risk the advice about a treatment is given for is
        the treatment's adverse effect."""
        risks = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("because", "due")
                 for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() == "risk"]
        if not risks:
            return
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        givers = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)] if passive else [
            r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
        effects = [r for k in risks for q in k.children if q.dep_ == "prep" and q.lower_ in ("of", "for")
                   for o in q.children if o.dep_ == "pobj" for r in self.args(o)]
        self.emit([r for r in givers if r.category in ("Drug", "Therapy")], ("has_adverse_effect",),
                  [r for r in effects if r.category in ("Condition", UNTYPED)], risks[0])

    def let_heal(self, tok) -> None:
        """"Sucralfate helps stomach ulcers heal", "X allows the rash to clear", "the PPI lowers acid
        so that the ulcer can heal": the treatment that lets a condition get better treats it."""
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        lets = tok.lemma_.lower() in self.rules.letting_verbs and not passive
        givers = [r for c in tok.children if c.dep_ == "nsubjpass" for r in self.args(c)] if passive else self.subjects_of(tok)
        for clause in tok.children:
            if clause.lemma_.lower() not in self.rules.healing_verbs:
                continue
            if not (lets and clause.dep_ in ("ccomp", "xcomp") or clause.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("so", "that") for m in clause.children)):
                continue
            healed = [r for c in clause.children if c.dep_ == "nsubj" for r in self.args(c) if r.category == "Condition"]
            if not healed and lets:  # "allows an ulcer to heal" parsed with the ulcer as the object
                healed = [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c) if r.category == "Condition"]
            self.emit([r for r in givers if r.category in ("Drug", "Therapy", UNTYPED)], ("treats",), healed, clause)

    def made_likely(self, tok) -> None:
        """"Obesity makes osteoarthritis more likely": a risk factor; "alcohol makes insomnia
        worse": it acts on it."""
        for comp in tok.children:
            if comp.dep_ in ("ccomp", "oprd", "xcomp", "acomp") and comp.i in self.ref_of_token \
                    and self.ref_of_token[comp.i].category == "Condition":
                # "This medicine can make you drowsy", "it may make you feel sick"
                self.emit(self.subjects_of(tok), ("has_adverse_effect", "causes"), [self.ref_of_token[comp.i]], tok)
                continue
            if comp.dep_ not in ("ccomp", "oprd", "xcomp", "acomp"):
                continue
            # "make tinnitus seem louder": the state a seeming verb names
            state = next((c for c in comp.children if c.dep_ in ("acomp", "advmod", "oprd")), comp) \
                if comp.lemma_.lower() in ("seem", "feel", "sound", "look", "become", "get") else comp
            degree = {c.lower_ for c in state.children if c.dep_ == "advmod"}
            worse = state.lower_ in self.rules.worse_states or ("more" in degree and state.pos_ == "ADJ"
                                                                 and state.lemma_.lower() not in self.rules.prevalence_adjectives)
            better = state.lower_ in self.rules.better_states or ("less" in degree and state.pos_ == "ADJ"
                                                                   and state.lemma_.lower() not in self.rules.prevalence_adjectives)
            if worse or better:
                if tok.dep_ == "conj" and any(c.dep_ == "dobj" for c in tok.head.children) and any(
                        c.dep_ == "nsubj" and c.lower_ in ("it", "them") for c in comp.children):
                    continue  # ("X can exacerbate pain and make it harder to manage": the first verb said it)
                objects = [r for c in comp.children if c.dep_ == "nsubj"
                           for r in (self.pronoun(c) if c.lower_ in ("it", "them") else self.args(c))]
                objects += [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
                if worse:
                    self.emit(self.subjects_of(tok), ("affects", "increases", "causes"), objects, tok)
                else:  # "Hearing aids can make tinnitus less noticeable", "... pain easier to live with"
                    self.emit([r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy", UNTYPED)], ("treats",),
                              [r for r in objects if r.category == "Condition"], tok)
            if comp.dep_ in ("ccomp", "oprd", "xcomp", "acomp") and comp.lemma_.lower() in self.rules.prevalence_adjectives:
                objects = [r for c in comp.children if c.dep_ == "nsubj" for r in self.args(c)]
                objects += [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c)]
                # "makes you more likely to get Y"
                objects += [r for x in comp.children if x.dep_ == "xcomp" and x.lemma_.lower() in self.rules.having_verbs
                            for o in x.children if o.dep_ in ("dobj", "attr") for r in self.args(o)]
                subjects = self.subjects_of(tok) or [self.ref_of_token[t.i] for c in tok.children if c.dep_ == "csubj"
                                                     for t in c.subtree if t.i in self.ref_of_token]
                if not subjects:  # "Older age, jobs that involve heavy lifting and obesity all make X more likely"
                    subjects = [self.heads[t.i] for t in self.tokens[: tok.i] if t.i in self.heads
                                and self.heads[t.i].category in ("RiskFactor", "Condition")]
                self.emit(subjects, ("risk_factor_for",), objects, tok)

    def role_in(self, tok, lemma: str) -> None:
        """"X plays a role in Y", "chemicals that play a part in Y and Z": X modulates the process
        Y; "a role in the development of Y": X is a risk factor for the condition Y."""
        roles = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in self.rules.role_verbs[lemma]]
        if not roles:
            return
        preps = [c for h in (tok, roles[0]) for c in h.children if c.dep_ == "prep" and c.lower_ == "in"]
        objects, developed = [], []
        for o in (o for p in preps for o in p.children if o.dep_ == "pobj"):
            if o.lemma_.lower() in self.rules.development_nouns:
                developed += [r for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                              for d in p.children if d.dep_ == "pobj" for r in self.args(d)]
            else:
                objects += self.args(o)
        subjects = self.subjects_of(tok)
        if not preps and not any(c.dep_ == "prep" for c in roles[0].children):
            # "Genes are thought to play a part." under "Causes" (or in an article about Y): a share
            # in causing the section's or article's condition
            developed = [r for r in self.context.topic(frozenset({"Condition"}), self.unit.sentence)
                         if r not in subjects]
            self.emit(subjects, ("causes", "risk_factor_for"), developed, roles[0])
            return
        self.emit(subjects, ("modulates",), objects, roles[0])
        self.emit(subjects, ("risk_factor_for", "causes"), developed, roles[0])

    def taken_by(self, tok, passive: bool) -> None:
        """"People with migraine can take ibuprofen", "patients with gout are offered colchicine",
        "X is given to people with Y": what people with a condition take (or are given) treats it."""
        kids = list(tok.children)
        people = [c for c in kids if c.dep_ == ("nsubjpass" if passive else "nsubj")]
        xs = [r for c in people for r in self.patients_with(c) if r.category == "Condition"]
        taken = [c for c in kids if c.dep_ == "dobj"]
        if passive and not xs:  # "X is given to people with Y" ("to" may hang on a noun in between)
            taken = people
            xs = [r for t in tok.subtree if t.dep_ in ("prep", "dative") and t.lower_ in ("to", "for")
                  for o in t.children if o.dep_ == "pobj" for r in self.patients_with(o) if r.category == "Condition"]
        treatments = [r for c in taken for r in self.args(c) if r.category in ("Drug", "Therapy")]
        self.emit(treatments, ("treats",), xs, tok)

    def unsaid_use(self, tok, passive: bool) -> None:
        """"Baclofen or lamotrigine are sometimes added", "we may switch you to oxcarbazepine",
        "doctors often prescribe amitriptyline": a treatment given or chosen, in a sentence that names
        no condition, is given for the section's (or the article's) condition."""
        kids = list(tok.children)
        taken = [c for c in kids if c.dep_ == ("nsubjpass" if passive else "dobj")]
        if passive:  # "you will be offered a course of prednisolone" (a lone name often misread as an adverb)
            taken += [c for c in kids if c.dep_ == "dobj" or (c.dep_ in ("advmod", "npadvmod", "oprd") and c.i in self.heads)]
        taken += [o for c in kids if c.dep_ == "prep" and c.lower_ == "to" and not passive
                  for o in c.children if o.dep_ == "pobj"]  # ("switch to X")
        treatments = [r for c in taken for r in self.given(c) if r.category in ("Drug", "Therapy")]
        if treatments and not passive and tok.dep_ == "ROOT" and self._people_subject(tok):
            self.given_by_people = treatments
        if treatments:
            self.emit(treatments, ("treats",), self.implicit_condition(), tok)

    def called_kind(self, tok) -> None:
        """"Most UTIs affect the bladder and are called cystitis", "When migraine comes with warning
        signs, it is called migraine with aura": what some of X (or X in a circumstance) is called is
        a kind of X. (Plain "X is also called Y" names X again: no claim.)"""
        kids = list(tok.children)
        if not any(c.dep_ == "auxpass" for c in kids):
            return
        named = [r for c in kids if c.dep_ in ("oprd", "attr") for r in self.refs_in(c)]
        subjects = [c for c in kids if c.dep_ == "nsubjpass"]
        if not subjects and tok.dep_ == "conj":
            subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if not named or not subjects:
            return
        subj = subjects[0]
        some = any(c.lower_ in ("most", "some", "many", "several", "certain") for c in subj.children
                   if c.dep_ in ("amod", "det"))
        when = subj.lower_ in ("it", "they") and any(
            c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "if") for m in c.children)
            for c in kids)
        if some:
            kinds_of = self.refs_in(subj)
        elif when:
            kinds_of = [r for r in self.pronoun(subj) if r.category == "Condition"] or [
                self.ref_of_token[t.i] for c in kids if c.dep_ == "advcl" for t in c.subtree
                if t.dep_ == "nsubj" and t.i in self.ref_of_token]
        else:
            return
        self.emit(named, ("subclass_of",), [r for r in kinds_of if r.category == "Condition"], tok)

    def seen_in(self, tok) -> None:
        """"the slowness, stiffness and shuffling walk seen in Parkinson's disease": what is seen in a
        condition is a feature of it."""
        seen = [v for v in tok.children if v.dep_ == "acl" and v.tag_ == "VBN" and v.lemma_.lower() in ("see", "observe", "find")]
        xs = [r for v in seen for p in v.children if p.dep_ == "prep" and p.lower_ == "in"
              for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o) if r.category == "Condition"]
        if xs:
            first = tok
            while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
                first = first.head  # ("the slowness, stiffness and shuffling walk seen in X": every item)
            self.emit(xs, ("has_symptom",), [r for r in self.args(first) if r.category in ("Condition", UNTYPED)], seen[0])

    def evidence_behind(self, tok) -> None:
        """"CBT has the strongest evidence", "X has good evidence for Y": a treatment with evidence
        behind it is used for Y (named, else the section's or article's condition); "X has no
        evidence for Y" denies it. ("little" or "limited" evidence says neither.)"""
        held = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in _EVIDENCE_NOUNS]
        if not held or any(a.lower_ in ("little", "limited", "weak", "less", "mixed", "conflicting", "some")
                           for c in held for a in c.children):
            return
        users = [r for r in self.subjects_of(tok) if r.category in ("Drug", "Therapy")]
        if not users:
            return
        negated = any(a.dep_ == "det" and a.lower_ == "no" for c in held for a in c.children)
        targets = [r for h in (tok, *held) for p in h.children if p.dep_ == "prep" and p.lower_ in ("for", "in")
                   for o in p.children if o.dep_ == "pobj" for r in self.args(o) + self.patients_with(o)
                   if r.category == "Condition"]
        self.emit(users, ("treats",), targets or self.implicit_condition(), held[0], negated=negated)

    def given(self, noun) -> list[Ref]:
        """What a noun given or taken names: "a 10-day course of a steroid called prednisolone" is
        prednisolone (the specific name, through a course or dose, and what a class is called)."""
        if noun.i not in self.heads and noun.lemma_.lower() in ("course", "dose", "prescription", "trial", "supply"):
            inner = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
            if inner:
                return [r for o in inner for r in self.given(o)]
        named = [r for a in noun.children if a.dep_ == "acl" and a.lemma_.lower() in ("call", "name", "know")
                 for o in a.children if o.dep_ in ("oprd", "attr", "dobj") for r in self.refs_in(o)]
        return named or self.args(noun)

    def level_change(self, tok, predicate: str) -> None:
        """"Cortisol levels rise during chronic stress", "CGRP, whose levels surge during a migraine
        attack", "serotonin levels drop in people with depression": the condition or event the
        level changes with raises (or lowers) what the level is of."""
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subjects:
            return
        if subjects[0].lemma_.lower() in self.rules.risk_nouns and predicate == "increases":
            # "Your risk of shingles rises with age": what it rises with is a risk factor for shingles
            ys = [r for p in subjects[0].children if p.dep_ == "prep" and p.lower_ in ("of", "for")
                  for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category == "Condition"]
            ys = ys or self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            xs = [r for p in tok.children if p.dep_ == "prep" and p.lower_ in ("with", "in")
                  for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("RiskFactor", "Condition")]
            self.emit(xs, ("risk_factor_for",), ys, tok)
            return
        if tok.dep_ == "relcl" and any(d.lower_ == "whose" for d in subjects[0].children):
            changed = self.relative_head(tok.head)
        else:
            changed = self.subjects_of(tok)
        changed = [r for r in changed if r.category in ("Molecule", "Mechanism")]
        causes = []
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ in self.rules.level_preps:
                for o in p.children:
                    if o.dep_ == "pobj":
                        causes += self.patients_with(o) or self.args(o)
        self.emit([r for r in causes if r.category != "Molecule"], (predicate,), changed, tok)

    def expected(self, tok) -> None:
        """"Expect some drowsiness or a dry mouth at first" right after a sentence about a medicine:
        its effects (an imperative, "you" unsaid)."""
        if tok.dep_ != "ROOT" or tok.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children):
            return
        items = [r for c in tok.children if c.dep_ == "dobj" for r in self.args(c) if r.category == "Condition"]
        prior = self.context.previous_subjects(frozenset({"Drug", "Therapy"}), self.unit.sentence)
        self.emit(prior, ("has_adverse_effect",), items, tok)

    def having(self, tok) -> None:
        """"people with X often have A": A is a symptom of X (a disease: they co-occur)."""
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in tok.children) and any(
                t.lemma_.lower() in self.rules.prevalence_adjectives or t.lemma_.lower() in self.rules.risk_nouns
                for t in tok.head.subtree if not (t.i == tok.i or tok.is_ancestor(t))):
            return  # "you are more likely to get X if you have A": a condition of the risk, read by the risk rules
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subjects and tok.dep_ == "conj":  # "some people get headaches or feel dizzy"
            subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for subj in subjects:
            # "people with X", "many patients with X", "two-thirds of people with X"
            persons = [t for t in subj.subtree if t.lower_ in self.rules.person_nouns or t.lemma_.lower() in self.rules.person_nouns]
            xs = [r for person in persons for p in person.children if p.dep_ == "prep" and p.lower_ == "with"
                  for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)]
            # ("had a lower risk of Y" is a risk, read by the risk rules, not something they have; "if
            # you have one of these risk factors:" names a frame, not an effect)
            held = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() not in self.rules.risk_nouns]
            if any((f := self.frame_of(t)) is not None and f[0] in ("risk_factor_for", "causes") for c in held for t in c.subtree):
                return
            items = [r for c in held for r in self.args(c)]
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
            if not takers and not xs and (persons or subj.lower_ in ("you", "they", "many", "most", "some")):
                # "During an attack, people often feel a pounding heart": symptoms of the page's condition
                episodes = [p for t in tok.children if t.dep_ == "prep" and t.lower_ in ("during", "in")
                            for p in t.children if p.dep_ == "pobj" and p.lemma_.lower() in _DURING_EPISODE
                            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in p.children)]
                if episodes:
                    xs = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
            if not takers and not xs and (persons or subj.lower_ == "you"):
                # "Some patients feel detached during the infusion", "you may feel drowsy afterwards":
                # an effect of the treatment the page is about
                during = [p for t in tok.subtree if t.dep_ == "prep" and t.lower_ in ("during", "after", "following")
                          for p in t.children if p.dep_ == "pobj" and p.lemma_.lower() in self.rules.session_nouns]
                later = any(t.lower_ in ("afterwards", "afterward") for t in tok.subtree)
                if during or later:
                    takers = [r for p in during for r in self.refs_in(p) if r.category in ("Drug", "Therapy")] \
                        or self.context.named_topic(frozenset({"Drug", "Therapy"}), self.unit.sentence)
                    if not items:
                        items = [r for c in tok.children if c.dep_ in ("acomp", "oprd", "xcomp", "dobj")
                                 for t in [c, *[d for d in c.children if d.dep_ == "conj"]] for r in self.refs_in(t)]
            # "some people feel dizzy after taking X"
            takers += [r for p in tok.children if p.dep_ in ("prep", "advcl") and p.lower_ in ("after", "when", "while")
                       for g in p.children if g.dep_ == "pcomp" and g.lemma_.lower() in ("take", "use", "start", "receive")
                       for o in g.children if o.dep_ == "dobj" for r in self.refs_in(o)]
            # "some people put on weight while taking it"
            while_taking = [g for g in tok.children if g.dep_ == "advcl" and g.lemma_.lower() in ("take", "use", "start", "receive")
                            and any(m.dep_ == "mark" and m.lower_ in ("while", "when", "after", "since") for m in g.children)]
            takers += [r for g in while_taking for o in g.children if o.dep_ == "dobj" for r in self.refs_in(o)]
            if while_taking and not items:
                near = [tok] + [t for c in tok.children if c.dep_ in ("prep", "prt", "acomp") for t in c.subtree]
                items = list({id(r): r for t in near if (r := self.ref_of_token.get(t.i)) is not None
                              and r.category == "Condition"}.values())
            if not takers and not xs and persons and tok.dep_ == "advcl":
                # "X is well tolerated, although some patients experience brief nausea"
                takers = [r for r in self.subjects_of(tok.head) if r.category in ("Drug", "Therapy")]
            gains = [c for c in tok.children if c.dep_ == "dobj" and (c.lemma_.lower() in self.rules.improvement_nouns
                                                                    or c.lemma_.lower() in self.rules.result_nouns)]
            if gains and persons and not takers:
                # "Many of our patients report a 50% reduction in their pain", "patients with X have seen
                # great results": the treatment the article (or its section) is about helps with it
                relieved = [r for g in gains for p in g.children if p.dep_ == "prep" and p.lower_ in ("in", "of", "from", "with")
                            for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category == "Condition"]
                treatment = self.context.named_topic(frozenset({"Drug", "Therapy"}), self.unit.sentence)
                self.emit(treatment, ("treats",), relieved + [x for x in xs if x.category == "Condition"], tok)
                continue
            if takers and not any(c.dep_ == "dobj" for c in tok.children):  # "people feel dizzy after taking X"
                items += [r for c in tok.children if c.dep_ in ("acomp", "oprd", "xcomp") for r in self.refs_in(c)]
            if takers:
                better = [r for c in tok.children if c.dep_ == "dobj"
                          and any(m.lower_ in self.rules.improvement_words for m in c.children) for r in self.refs_in(c)]
                self.emit(takers, ("treats",), better, tok)  # "people taking X report less pain"
                self.emit(takers, ("has_adverse_effect",), [r for r in items if r not in better], tok)
                continue
            if not xs and subj.lower_ == "you" and items and tok.lemma_.lower() in _EXPECTING and tok.dep_ == "ROOT":
                # (not "if you have diabetes": a circumstance)
                # "Amitriptyline is an old antidepressant. You may get some drowsiness at first": effects
                # of the medicine the sentence before was about
                prior = self.context.previous_subjects(frozenset({"Drug", "Therapy"}), self.unit.sentence)
                if prior:
                    self.emit(prior, ("has_adverse_effect",), [r for r in items if r.category == "Condition"], tok)
                    continue
            if not xs and (persons or subj.lower_ in ("you", "some", "many", "most", "others")):
                # "Some people get headaches or feel dizzy." under "Side effects", "You may feel sick"
                # under "Symptoms": what the section is about has them
                frame = self.context.heading_frame(self.unit.sentence, self.rules)
                if frame is None and self.unit.items:
                    # "Symptoms come on slowly. You may notice: - A - B": the frame the sentence before named
                    frame = self.context.frame_before(self.unit.sentence, self.rules)
                if frame and frame[1] == "subject":
                    felt = items + [r for c in tok.children if c.dep_ in ("acomp", "oprd", "xcomp") for r in self.refs_in(c)]
                    felt += [r for v in tok.children if v.dep_ == "conj" and v.lemma_.lower() == "be"  # "... or be sensitive to light"
                             for c in v.children if c.dep_ in ("acomp", "attr") for r in self.refs_in(c)]
                    self.emit_frame(frame, felt, tok)
                    continue
            self.emit_presentations(xs, items, tok)

    def said_of_subject(self, tok) -> None:
        """"Gout tends to run in families": a concept named by a verb phrase ("run in families")
        is said of the verb's subject, with the predicate the rules give its concept."""
        ref = self.ref_of_token.get(tok.i)
        predicates = self.rules.predicate_mentions.get(ref.concept_id) if ref is not None else None
        if predicates is None:
            return
        subjects = self.subjects_of(tok.head if tok.dep_ == "xcomp" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) else tok)
        subjects = [s for s in subjects if s.concept_id != ref.concept_id]
        if predicates[0] == "risk_factor_for":  # the concept is the factor, the subject what it raises
            self.emit([ref], predicates, subjects, tok)
        else:  # "X can raise blood pressure": X has it as an effect
            self.emit(subjects, predicates, [ref], tok)

    def acts_as(self, tok, lemma: str) -> None:
        """"Psilocybin acts as an agonist at the 5-HT2A receptor", "X works as an antagonist of R"."""
        if lemma not in ("act", "work", "function", "serve"):
            return
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "as":
                continue
            for role in prep.children:
                name = " ".join([c.lower_ for c in role.children if c.dep_ in ("amod", "compound")] + [role.lemma_.lower()])
                predicate = self.rules.role_nouns.get(name) or self.rules.role_nouns.get(role.lemma_.lower())
                if role.dep_ != "pobj" or predicate is None:
                    continue
                targets = [r for h in (role, tok) for c in h.children if c.dep_ == "prep" and c.lower_ in ("at", "of", "on", "for")
                           for o in c.children if o.dep_ == "pobj" for r in self.args(o)]
                targets += [r for c in role.children if c.dep_ in ("compound", "amod") and c.i in self.ref_of_token
                            for r in [self.ref_of_token[c.i]]]  # "acts as an NMDA receptor antagonist"
                self.emit(self.subjects_of(tok), (predicate,), targets, tok)

    def if_clauses(self, *heads) -> list:
        """The "if ..." / "when ..." clauses hung on any of ``heads`` ("your risk is higher if you
        smoke", "you're more likely to get X if you are overweight")."""
        return [c for h in heads for c in h.children if c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in ("if", "when") for m in c.children)]

    def if_you_have(self, tok, lemma: str) -> None:
        """"If you have sleep apnoea, you may wake up with a headache": what you feel or notice when
        you have X is a symptom of X (one of the having verbs, its subject "you")."""
        if lemma not in self.rules.having_verbs and lemma != "wake":
            return
        if not any(c.dep_ == "nsubj" and c.lower_ == "you" for c in tok.children):
            return
        clauses = self.if_clauses(tok)
        xs = [r for c in clauses if c.lemma_.lower() in ("have", "get", "develop")
              for o in c.children if o.dep_ == "dobj" for r in self.refs_in(o) if r.category == "Condition"]
        if not xs:
            return
        inside = {t.i for c in clauses for t in c.subtree}
        items = [self.ref_of_token[t.i] for c in tok.children if c.dep_ in ("dobj", "prep", "acomp", "oprd", "prt", "ccomp", "xcomp")
                 and c.i not in inside for t in c.subtree if t.i in self.heads and t.i not in inside
                 and self.ref_of_token[t.i].category == "Condition"]
        if tok.i in self.heads and self.ref_of_token[tok.i].category == "Condition":
            items.insert(0, self.ref_of_token[tok.i])  # ("you might feel sick": the verb's own phrase names it)
        self.emit(xs, ("has_symptom",), list({r.concept_id: r for r in items}.values()), tok)

    def section_has(self, items: list[Ref], cue) -> bool:
        """Under a "Side effects" or "Symptoms" heading, what the section is about has ``items``
        ("Feeling sick is common", "Sexual problems can happen"); True when the heading said so."""
        frame = self.context.heading_frame(self.unit.sentence, self.rules)
        if frame and frame[1] == "subject" and frame[0] in ("has_adverse_effect", "has_symptom"):
            self.emit_frame(frame, items, cue)
            return True
        return False

    def after_colon(self, tok) -> list[Ref] | None:
        """The concepts named after a colon that follows ``tok`` ("... are mild: A and B"), one
        each; None when no colon follows."""
        colon = next((t for t in self.tokens[tok.i + 1:] if t.text == ":"), None)
        if colon is None:
            return None
        items = [self.ref_of_token[t.i] for t in self.tokens[colon.i + 1:] if t.i in self.heads]
        return list({r.concept_id: r for r in items}.values())

    def kinds_after_colon(self, tok, lemma: str) -> None:
        """"There are two main types of arthritis: osteoarthritis and rheumatoid arthritis": the
        items after the colon are kinds of Y; "give a benzodiazepine: buccal midazolam or rectal
        diazepam": of the class named right before the colon."""
        if tok.i in self.heads and tok.i + 1 < len(self.tokens) and self.tokens[tok.i + 1].text == ":" \
                and self.heads[tok.i].category in ("Drug", "Therapy") \
                and (tok.tag_ == "NNS" or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)):
            items = self.after_colon(tok)
            if items:
                self.emit([r for r in items if r.concept_id != self.heads[tok.i].concept_id], ("subclass_of",), [self.heads[tok.i]], tok)
            return
        if lemma not in self.rules.class_nouns:
            return
        classes = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o)]
        items = self.after_colon(tok) if classes else None
        if items is not None:
            self.emit(items, ("subclass_of",), classes[:1], tok)

    def frame_items(self, tok) -> None:
        """A frame noun whose items follow a colon or a "which include" ("Both share the same core
        symptoms: A, B and C", "Ask about typical symptoms, which include A and B"): the items are
        the frame's, for what the noun names (its "of X", the subject of its verb, else the
        article's topic)."""
        if tok.i + 1 >= len(self.tokens) or tok.i in self.ref_of_token:
            return
        frame = self.frame_of(tok)
        if frame is None or frame[0] not in ("has_symptom", "has_adverse_effect"):
            return
        nxt = self.tokens[tok.i + 1]
        if nxt.text == ":" and not any(t.text == ":" for t in self.tokens[:tok.i]):
            items = self.after_colon(tok) or []
        else:
            listing = [v for v in tok.children if v.dep_ == "relcl" and v.lemma_.lower() in ("include", "be")
                       and any(c.lower_ in ("which", "that") for c in v.children)]
            items = list({id(r): r for v in listing for t in v.subtree
                          if (r := self.ref_of_token.get(t.i)) is not None and t.i in self.heads}.values())
        items = [r for r in items if r.category == "Condition"]
        if not items:
            return
        predicate, role, xs = frame
        if not xs and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            xs = self.subjects_of(tok.head)
        wanted = PREDICATE_CONSTRAINTS[predicate][0]
        xs = [r for r in xs if r.category in wanted]
        if not xs and predicate == "has_symptom":
            xs = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        self.emit(xs, (predicate,), [r for r in items if r.concept_id not in {x.concept_id for x in xs}], tok)

    def limited_use(self, tok, lemma: str) -> None:
        """"Fatigue and dizziness may limit its use", "problems such as A restrict the drug's
        long-term use": what limits a treatment's use are its adverse effects."""
        if lemma not in self.rules.limiting_verbs:
            return
        for obj in tok.children:
            if obj.dep_ != "dobj" or obj.lemma_.lower() not in ("use", "usefulness", "usage", "tolerability"):
                continue
            # ("its": not the effects named as the subject, but the treatment before them)
            owners = [r for c in obj.children if c.dep_ == "poss"
                      for r in ([*self.pronoun(c), *self.context.antecedents(self.unit.sentence, c.lower_ == "their")]
                                if c.lower_ in ("its", "their") else self.refs_in(c))]
            owners += [r for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                       for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o)]
            owners = [r for r in owners if r.category in ("Drug", "Therapy")][:1]
            effects = [r for c in tok.children if c.dep_ == "nsubj" for r in self.args(c)]
            if owners and effects:
                self.emit(owners, ("has_adverse_effect",), effects, tok)

    def apposition(self, tok) -> None:
        """"sertraline, an SSRI, ...", "pregabalin (an anticonvulsant)", "A and B, two kinds of Y"."""
        for child in tok.children:
            if child.dep_ != "appos":
                continue
            if any(m.dep_ == "neg" or m.lower_ in ("not", "rather", "unlike") for m in child.children):
                continue  # "a neurological condition, not just a bad headache": no kind of it
            if any(m.dep_ == "advmod" and m.lower_ in _INSTANCE_ADVERBS for m in child.children):
                # "a reliever inhaler, usually salbutamol": the instance is a kind of the class
                self.emit(self.refs_in(child), ("subclass_of",), self.refs_in(tok), child)
                continue
            of_objects = [o for c in child.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
            if child.lemma_.lower() in self.rules.class_nouns and of_objects:
                classes = [r for o in of_objects for r in self.refs_in(o)]
                conjuncts = [c for c in tok.children if c.dep_ == "conj"]
                if conjuncts and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in child.children):
                    # "A and B, a type of Y": a singular apposition is the last item's
                    self.emit(self.refs_in(conjuncts[-1]), ("subclass_of",), classes, child)
                    continue
            elif (child.i in self.heads and any(c.lower_ == "both" for c in child.children)
                  and any(c.dep_ == "conj" for c in tok.children)):
                # "Ibuprofen and naproxen, both NSAIDs, ...": each item is one
                members = [tok] + [c for c in tok.children if c.dep_ == "conj"]
                self.emit([r for m in members for r in self.refs_in(m)], ("subclass_of",), [self.heads[child.i]], child)
                continue
            elif (child.i in self.heads and child.tag_ in ("NNS", "NNPS") and child.left_edge.i > 0
                  and self.tokens[child.left_edge.i - 1].text == "(" and not any(c.dep_ == "det" for c in child.children)):
                # "Paroxetine and citalopram (SSRIs) and venlafaxine (an SNRI)": a plural class in
                # brackets names what the list has named since the last bracket
                if tok.i in self.heads and self.heads[tok.i].concept_id == self.heads[child.i].concept_id:
                    continue  # "water tablets (diuretics)": another name for the same thing
                if tok.i in self.heads and (any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in tok.children)
                                            or any(c.dep_ == "conj" for c in child.children)):
                    # "an SGLT2 inhibitor (dapagliflozin or empagliflozin)": the bracket names its members
                    members = [child, *(c for c in child.conjuncts if c.i > child.i)]
                    self.emit([self.heads[m.i] for m in members if m.i in self.heads], ("subclass_of",), [self.heads[tok.i]], child)
                    continue
                first = tok
                while first.dep_ == "conj":
                    first = first.head
                members = [t for t in [first, *first.conjuncts] if t.i <= tok.i
                           and not any(self.tokens[k].text == ")" for k in range(t.i, tok.i))]
                self.emit([self.heads[m.i] for m in members if m.i in self.heads], ("subclass_of",), [self.heads[child.i]], child)
                continue
            elif (child.i in self.heads and any(c.dep_ == "det" or (c.dep_ == "nummod" and c.is_alpha) for c in child.children)
                  and not any(c.dep_ in ("cc", "conj") for c in (*tok.children, *child.subtree))):
                # (a list "A, B, a C and D" is read as an apposition by the parser: not a class)
                classes = [self.heads[child.i]]
            else:
                continue
            # (a name the vocabulary lacks is a member too: "clomipramine, a tricyclic antidepressant")
            self.emit(self.refs_in(tok) or self.args(tok), ("subclass_of",), classes, child)

    def misparsed_having(self, tok, lemma: str) -> None:
        """"Many people with anxiety experience a racing heart": the small parser reads "anxiety
        experience" as one noun. A having verb tagged as a noun right after "people with X",
        with no determiner of its own, is the verb; what follows it is what they have."""
        if lemma not in self.rules.having_verbs or tok.i == 0 or any(c.dep_ == "det" for c in tok.children):
            return
        words = [t.lower_ for t in self.tokens[max(0, tok.i - 6): tok.i]]
        if "with" not in words:
            return
        start = tok.i - len(words) + words.index("with")
        person = self.tokens[start - 1] if start > 0 else None
        if person is None or not (person.lower_ in self.rules.person_nouns or person.lemma_.lower() in self.rules.person_nouns):
            return
        xs = [self.ref_of_token[t.i] for t in self.tokens[start + 1: tok.i] if t.i in self.heads]
        end = next((t.i for t in self.tokens[tok.i + 1:] if t.is_punct and t.text in ".;:"), len(self.doc))
        items = [self.ref_of_token[t.i] for t in self.tokens[tok.i + 1: end] if t.i in self.heads]
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

    def conditional_risk(self, tok, subj, comp) -> bool:
        """"Your risk (of Y) is higher if you have X or smoke": X is a risk factor for Y (or for
        the section's condition). True when the sentence was read so."""
        # ("Gout is more likely if you have X": the condition itself stands for its risk)
        own = comp.dep_ == "acomp" and comp.lower_ in ("likely", "common") and any(c.lower_ == "more" for c in comp.children) \
            and [r for r in self.refs_in(subj) if r.category == "Condition"]
        if not own and (subj.lemma_.lower() not in self.rules.risk_nouns or comp.dep_ != "acomp"
                        or comp.lower_ not in ("higher", "greater", "increased", "raised", "high")):
            return False
        conditions = self.if_clauses(tok, comp)
        xs = [r for c in conditions for t in c.subtree for r in self.refs_in(t)
              if t.dep_ in ("dobj", "attr", "acomp", "pobj", "conj", "advcl") and r.category in ("Condition", "RiskFactor")]
        xs = list({id(r): r for r in xs}.values())
        if not xs:
            return False
        ys = [r for p in subj.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
              for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category == "Condition"]
        ys = own or ys or self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        self.emit(xs, ("risk_factor_for",), ys, comp)
        return True

    def liable(self, tok, subj, comp) -> bool:
        """"People with X are more likely to develop Y", "... are prone to Y", "... are at higher
        risk of Y": X is a risk factor for Y. True when the sentence was read so."""
        # (the parser may hang the "if" clause on "likely to get Y" rather than on "likely")
        conditions = self.if_clauses(tok, comp, *[c for c in comp.children if c.dep_ in ("xcomp", "advcl")])
        if subj.lower_ not in self.rules.person_nouns and subj.lemma_.lower() not in self.rules.person_nouns \
                and not (subj.lower_ == "you" and conditions) and self.demographic(subj) is None:
            return False
        xs = [r for p in subj.children if p.dep_ == "prep" and p.lower_ == "with"
              for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)
              if r.category in ("Condition", "RiskFactor")]
        # "people who smoke", "obese people", "people who have X"
        xs += [r for r in self.patients_with(subj) if r not in xs]
        xs += [self.ref_of_token[t.i] for v in subj.children if v.dep_ in ("relcl", "acl") for t in v.subtree
               if t.i in self.ref_of_token and self.ref_of_token[t.i].category == "RiskFactor"
               and self.ref_of_token[t.i] not in xs]
        if not xs and (group := self.demographic(subj)) is not None:  # "Men are more likely to get gout"
            xs = [group]
        # "You're more likely to get X if you smoke / are overweight / have Y" (and the list a
        # lead-in "... if you:" stands for)
        xs += [r for c in conditions for t in c.subtree if t.dep_ in ("dobj", "attr", "acomp", "pobj", "ROOT", "advcl", "conj")
               for r in self.refs_in(t) if r.category in ("Condition", "RiskFactor") and r not in xs]
        # ("... if you take water tablets": a medicine that raises the risk has it as an adverse effect)
        given = [r for c in conditions for t in c.subtree if t.dep_ in ("dobj", "pobj", "conj", "appos")
                 for r in self.refs_in(t) if r.category == "Drug" and r.concept_id not in self.rules.substances]
        # "People taking X were 20% less likely to have Y": X guards against Y
        takers = [r for v in subj.children if v.dep_ in ("acl", "relcl") and v.lemma_.lower() in ("take", "use", "receive", "get")
                  for o in v.children if o.dep_ == "dobj" for r in self.refs_in(o) if r.category in ("Drug", "Therapy")]
        if takers and comp.lemma_.lower() in self.rules.liability_adjectives and any(
                m.lower_ in ("less", "fewer") for m in comp.children if m.dep_ == "advmod"):
            ys = [r for c in comp.children if c.dep_ in ("xcomp", "advcl")
                  for o in c.children if o.dep_ in ("dobj", "attr") for r in self.args(o)]
            self.emit(takers, ("treats",), [y for y in ys if y.category in ("Condition", UNTYPED)], comp)
            return bool(ys)
        if not xs and not given:
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
        self.emit(given, ("has_adverse_effect",), ys, comp)
        return True
