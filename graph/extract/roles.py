"""Who plays which role in a parsed sentence: the concepts an argument names (its phrase, its
list items, the examples of a class, a pronoun's or a description's antecedent), a verb's
subjects and objects (through xcomp, relative clauses, participles, "by"-phrases), the people
with a condition, the instruments of a treatment. A mixin of the reader
(:class:`graph.extract.syntax._Reader`), which holds the parse and the mentions."""

from __future__ import annotations

from graph.extract.entities import singular
from graph.extract.arguments import (UNTYPED, nominal, phrase_label, phrase_tokens, generic_name,
                                     signals_category)
from graph.extract.relations import Ref
from graph.model import PREDICATE_CONSTRAINTS
from graph.extract.syntax_rules import (_PAIR_WORDS, _RELATIVE_PRONOUNS, _PLURAL_PRONOUNS, _ALL_PRONOUNS, _EPISODE_NOUNS,
                                        _ARG_DEPS_EXCLUDED, _PREPS_KEPT, _ADVICE_PASSIVES, _hyphenated)

# "a reliever inhaler, usually salbutamol": an apposition with one of these names an instance.
_INSTANCE_ADVERBS = frozenset({"usually", "typically", "often", "commonly", "mostly", "generally", "normally",
                               "e.g.", "eg", "mainly", "chiefly"})

__all__ = ["Roles"]

# How much of a medicine, not which: "taking too much", "taking more than prescribed".
_AMOUNTS = frozenset({"much", "more", "many", "less", "little", "lot", "dose", "overdose", "extra"})
# Verbs that make a list of medicines one to keep away from ("drugs to avoid", "medicines to stop").
_AVOIDING = frozenset({"avoid", "stop", "withhold"})
# What a cause can be "of" without a condition to name: "a cause of death in Y".
_OUTCOMES = frozenset({"death", "mortality", "disability", "admission", "hospitalisation", "hospitalization"})

# Symptom words that, with "of" and a condition, stand for the condition ("the pain of arthritis").
_OF_CONDITION = frozenset({"pain", "symptom", "discomfort", "ache", "aches"})


# Plural names of what an event acts on, singular in the event's name.
_PLURAL_TARGETS = frozenset({"receptors", "channels", "transporters", "enzymes", "pumps", "hormones", "neurotransmitters"})


def _items_after_comma(prep) -> list:
    """The list items the parser hung under a preposition's object after a comma ("loss of
    interest in most activities, tiredness and poor sleep": "tiredness", "sleep")."""
    return [c for c in prep.subtree if c.dep_ == "conj" and c.head.dep_ == "pobj"
            and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == "," and c.head.head.i == prep.i]


# "these symptoms", "these problems": the conditions listed in the sentence before
_LISTED_NOUNS = frozenset({"symptom", "sign", "problem", "complaint"})


class Roles:
    """Argument finding over one parsed unit (``self.doc``, ``self.ref_of_token``, ``self.heads``)."""

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
                if child.dep_ == "appos" and self._listed_apposition(t, child):
                    stack.append(child)  # "Drowsiness, a dry mouth and constipation": a list, not a renaming
                    tail = self._apposition_tail(child)
                    self.repaired.update(c.i for c in tail)
                    stack.extend(tail)
                    continue
                if child.dep_ == "acl" and child.tag_ == "VBG":
                    # "trouble sleeping and low mood": a noun the parser hung on the gerund is the list's
                    taken = [c for c in child.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
                    self.repaired.update(c.i for c in taken)
                    stack.extend(taken)
                if child.dep_ in _ARG_DEPS_EXCLUDED:
                    continue
                if child.dep_ == "prep" and child.lower_ not in _PREPS_KEPT:
                    taken = _items_after_comma(child)
                    self.repaired.update(c.i for c in taken)
                    stack.extend(taken)
                    continue
                stack.append(child)
        if tok.dep_ in ("dobj", "attr") and out and tok.head.lemma_.lower() in ("include", "be") and tok.pos_ != "PRON":
            # "include pain during sex, heavy periods and X": the parser hung the prepositional phrase
            # on the verb and the list on its object; the items after a comma are the object's list
            end = max(out)
            for child in tok.head.children:
                if child.dep_ == "prep" and child.i == end + 1 and child.lower_ not in _PREPS_KEPT:
                    taken = _items_after_comma(child)
                    taken += [c for t in taken for c in t.children if c.dep_ == "conj"]
                    self.repaired.update(c.i for c in taken)
                    out.extend(c.i for t in taken for c in t.subtree if c.dep_ not in _ARG_DEPS_EXCLUDED or c is t)
        return sorted(set(out))

    def _listed_apposition(self, head, appos) -> bool:
        """Whether an apposition is the parser's reading of a list of conditions ("Drowsiness, a
        dry mouth and constipation are common"): it goes on with "and" or "or", and it and the
        word before it name conditions."""
        def condition(t) -> bool:
            r = self.ref_of_token.get(t.i)
            return r is not None and r.category == "Condition"
        if not any(c.dep_ == "cc" for c in appos.children):
            # "joint pain, a rash across the cheeks and tiredness": the list goes on under the
            # apposition's own phrase; its last item is taken back
            return bool(self._apposition_tail(appos)) and condition(head) and condition(appos)
        return condition(head) and (condition(appos) or any(condition(c) for c in appos.children if c.dep_ == "conj"))

    def listed_by(self, noun) -> list[Ref] | None:
        """The items a generic subject noun is said to include ("Things that can trigger eczema
        include A and B", "Foods that make X worse are A and B"), or None when ``noun`` is not
        such a subject (it names a concept, or its verb lists nothing)."""
        if noun.dep_ != "nsubj" or noun.head.lemma_.lower() not in ("include", "be"):
            return None
        if noun.i in self.ref_of_token and not self._generic(self.ref_of_token[noun.i]):
            return None
        if self.arguments is not None and not generic_name(noun.lower_, self.arguments.words) \
                and noun.lemma_.lower() not in ("thing", "factor", "food", "drink", "medicine", "activity", "trigger"):
            return None
        objects = [c for c in noun.head.children if c.dep_ in ("dobj", "attr") and c.i > noun.i]
        items = [r for o in objects for r in self.args(o)]
        return items or None

    def says_of_items(self, noun) -> bool:
        """Whether a generic subject's relative clause of harm names a concept of its own ("Things
        that can trigger X include A"), so that what it says is said of the items the main verb
        lists (see :meth:`listed_by`), not read as a list of treatments."""
        for clause in noun.children:
            if clause.dep_ == "relcl" and clause.lemma_.lower() in self.rules.harm_verbs and any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which") for c in clause.children):
                named = any(t.i in self.ref_of_token for t in clause.subtree)
                return named and self.listed_by(noun) is not None
        return False

    def _apposition_tail(self, appos) -> list:
        """The conditions coordinated under an apposition's prepositional phrase ("a rash across
        the cheeks and tiredness": "tiredness"), when "and"/"or" joins them there."""
        out = []
        for p in appos.children:
            if p.dep_ != "prep":
                continue
            for o in p.children:
                if o.dep_ == "pobj" and any(c.dep_ == "cc" for c in o.children):
                    out.extend(c for c in o.children if c.dep_ == "conj" and (r := self.ref_of_token.get(c.i)) is not None
                               and r.category == "Condition")
        return out

    def refs_in(self, tok) -> list[Ref]:
        """The concepts an argument names: every mention in its phrase, a class with its examples
        ("antidepressants such as A and B": the sentence says it of the class and of each
        example; a class named by a generic word alone is dropped later)."""
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
        if not found and tok.lower_ in ("that", "which") and tok.dep_ == "dobj" and tok.head.dep_ == "relcl":
            return self.refs_in(tok.head.head)  # "the drowsiness that gabapentin can cause": the drowsiness
        if not found and tok.lower_ in ("that", "which", "who") and tok.dep_ in ("nsubj", "nsubjpass") \
                and tok.head.dep_ == "relcl" and tok.head.head.pos_ == "NOUN" and tok.head.head.dep_ == "pobj" \
                and not self.relative_head(tok.head.head):
            # "cope with emotions that may be associated with X": a relative clause about a noun
            # that names no concept says nothing of the main clause's subject
            return []
        if not found and tok.lower_ in _ALL_PRONOUNS:
            return self.pronoun(tok)
        if not found and (tok.lemma_.lower() in self.rules.attack_nouns or _hyphenated(tok).rstrip("s") in self.rules.attack_nouns) \
                and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            # "Sumatriptan eases an attack": an attack of the section's or article's condition; "most
            # cases of cystitis": of the condition named, even one the vocabulary lacks
            named = [r for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
            return named or self.context.topic(frozenset({"Condition"}), self.unit.sentence)
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "predet")]
        restrictive = any(c.dep_ in ("relcl", "acl", "prep") for c in tok.children)
        if not found and tok.tag_ == "NNS" and tok.lemma_.lower() in _LISTED_NOUNS and any(d in ("these", "those") for d in dets) \
                and not restrictive and self.unit.sentence > 0:
            # "X causes tremor, rigidity and slowness. Levodopa can ease these symptoms": the ones listed
            # before (not what that sentence was about)
            ctx = self.context.contexts[self.unit.sentence - 1]
            owners = {r.concept_id for r in self.context.subjects.get(self.unit.sentence - 1, [])}
            listed = list({r.concept_id: r for r in ctx.refs if r.category == "Condition" and r.concept_id not in owners}.values())
            if len(listed) >= 2 and not ctx.is_heading:
                return listed
        generic_only = bool(found) and all(self._generic(r) for r in found)  # "this medicine": a generic word's mention
        if (not found or generic_only) and (tok.lemma_.lower() in self.rules.descriptions or tok.lemma_.lower() in self.rules.event_nouns) \
                and (any(d in ("this", "these", "that", "those", *_PAIR_WORDS) for d in dets) or ("the" in dets and not restrictive)):
            # ("the receptors in your brain that ..." names its own kind, not an earlier one)
            return self.described(tok)
        if not found and tok.dep_ == "nsubj" and any(d in ("this", "these") for d in dets) and not restrictive \
                and tok.lemma_.lower() not in self.rules.frames and tok.lemma_.lower() not in self.rules.pass_through:
            # "These pulses interrupt pain signals": what the sentence before was about, acting through them
            return self.context.antecedents(self.unit.sentence, "these" in dets, title=False)
        classes: set[tuple[int, int]] = set()
        if tok.i in self.heads and tok.lemma_.lower() in _OF_CONDITION and self.heads[tok.i].category == "Condition":
            # "the pain of OA and RA": the conditions, not a pain of their own
            of = [r for r in found if r is not self.heads[tok.i] and r.category == "Condition"
                  and any(self.ref_of_token.get(t.i) is r for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                          for t in p.subtree)]
            if of:
                classes.add((self.heads[tok.i].start, self.heads[tok.i].end))
        frame = self.rules.frames.get(tok.lemma_.lower())
        if frame is not None and frame[0] == "has_symptom":
            # "withdrawal symptoms such as anxiety": the examples are the symptoms of withdrawal,
            # not what the sentence says of the symptoms
            owners = [self.ref_of_token[c.i] for c in tok.children if c.dep_ in ("compound", "amod", "nmod")
                      and c.i in self.ref_of_token and self.ref_of_token[c.i].category == "Condition"]
            owners += [r for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o) if r.category == "Condition"]
            if owners:
                examples = {t.i for c in tok.children if c.dep_ == "prep" and (c.lower_ in self.rules.example_preps or c.lower_ == "as")
                            for t in c.subtree}
                classes.update((r.start, r.end) for i in examples if (r := self.ref_of_token.get(i)) is not None)
        out = []
        for r in found:
            if (r.start, r.end) in classes:
                continue
            named = self.named_instance(r)
            out.extend(named or [r])
        # "a reliever inhaler, usually salbutamol": the instance stands with its class; so does the
        # drug in brackets after a class ("steroid tablets (prednisolone)")
        for c in tok.children:
            if c.dep_ == "appos" and any(a.dep_ == "advmod" and a.lower_ in _INSTANCE_ADVERBS for a in c.children):
                out.extend(r for r in self.refs_in(c) if r not in out)
        if out and all(r.category == "Drug" for r in out):
            for c in (c for i in idx for c in self.tokens[i].children):
                if c.dep_ == "appos" and c.i > 0 and c.doc[c.i - 1].text == "(":
                    out.extend(r for r in self.refs_in(c) if r.category == "Drug" and r not in out)
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
            t = self.tokens[i]
            if t.dep_ == "conj" and nominal(t) and (t.head in members or i in self.repaired):
                members.append(t)
        # A list one of whose items names itself ("pollen, dust mites and cold air": a compound
        # name) anchors its plain items too, as a known item would.
        # (a compound name anchors only a list of three or more: "a strong safety profile and a
        # growing body of evidence" names nothing)
        named_item = len(members) > 1 and any(
            signals_category(m.text, self.arguments.words) or m.pos_ == "PROPN"
            or (len(members) > 2 and any(c.dep_ == "compound" for c in m.children)) for m in members)
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
            anchored = len(members) > 1 and (refs or named_item or any(m.i in self.ref_of_token for m in members))
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
        for child in self.tokens[head].children:
            if child.dep_ == "acl" and child.lemma_.lower() in ("call", "name", "know"):
                for o in child.children:
                    if o.dep_ in ("oprd", "attr", "dobj") and o.i in self.heads:
                        return [self.heads[o.i]]
        return []

    def pronoun(self, tok) -> list[Ref]:
        """"..., but it may cause nausea": the subject of an earlier clause of the sentence, else the
        previous sentence's subject (all its coordinated subjects for "both", "they")."""
        for earlier in self.tokens[: tok.i]:
            if tok.dep_ not in ("nsubj", "nsubjpass") and earlier.head.i == tok.head.i:
                continue  # "A, B and C can all trigger it": an object is never its own verb's subject
            if earlier.dep_ in ("nsubj", "nsubjpass") and earlier.lower_ not in _ALL_PRONOUNS \
                    and earlier.lemma_.lower() not in self.rules.frames:  # ("its side effect is nausea, and it ...")
                # (a name the vocabulary lacks but the argument finder types counts: "Clomipramine,
                # a tricyclic ..., is effective in OCD, but it causes ...")
                refs = [r for r in self.refs_in(earlier) or self.args(earlier) if r.category not in ("Study", "Organization")]
                if refs:
                    return refs if tok.lower_ in _PLURAL_PRONOUNS else refs[:1]
        # (the title's concept only where no mention of its category comes before the pronoun in its
        # sentence: "..., duloxetine, which can relieve X, although it may cause nausea" is left to
        # the surface rules)
        titled = {r.category for r in self.context.title_topic(False)}
        own_subject = set()
        if tok.dep_ not in ("nsubj", "nsubjpass"):  # (its own verb's subject is never what an object pronoun means)
            own_subject = {t.i for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        first = not any(self.ref_of_token[t.i].category in titled for t in self.tokens[: tok.i]
                        if t.i in self.ref_of_token and t.i not in own_subject)
        return self.context.antecedents(self.unit.sentence, tok.lower_ in _PLURAL_PRONOUNS, title=first)

    def events(self, verb) -> list[Ref]:
        """"blocking the NMDA receptor": the event, a Mechanism named after its object ("NMDA
        receptor blockade"), one per object named. A noun of the event names it too:
        "activation of CB1 receptors" ("CB1 receptor activation")."""
        if self.arguments is None:
            return []
        if verb.pos_ in ("NOUN", "PROPN") and verb.lemma_.lower() in self.rules.event_names:
            noun = verb.lemma_.lower()
            objects = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        else:
            noun = self.rules.nominalisations.get(verb.lemma_.lower())
            if noun is None:
                return []
            objects = [c for c in verb.children if c.dep_ == "dobj"] or ([verb.head] if verb.dep_ in ("amod", "compound") else [])
        out = []
        for obj in objects:
            for r in self.refs_in(obj):
                if r.category not in ("Molecule", "Mechanism"):
                    continue
                named = (self.labels.get(r.concept_id) or r.concept_id.replace('_', ' ')).split(" ")
                if named[-1] in _PLURAL_TARGETS:  # "dopamine receptor stimulation", not "receptors stimulation"
                    named[-1] = named[-1][:-1]
                label = f"{' '.join(named)} {noun}"
                ostart = self.unit.to_original(min(verb.idx, obj.idx))
                last = max(verb, obj, key=lambda t: t.i)
                oend = self.unit.to_original(last.idx + len(last.text) - 1)
                if ostart is None or oend is None:
                    continue
                # (to the end of the object's own mention, so that "inhibiting the reuptake of A and
                # B" gives two events with spans of their own)
                oend = max(oend + 1, self.arguments.view.end_to_original(r.end)) if r.start >= self.arguments.view.to_view(ostart) else oend + 1
                ref = self.arguments.ref(label, label, noun, ostart, oend, "Mechanism")
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
                if child.pos_ in ("NOUN", "PROPN") and child.lemma_.lower() in self.rules.event_names:
                    gerunds = [child]  # "Activation of CB1 receptors reduces C"
                subject += [r for g in gerunds for r in self.events(g)]
        return (subject, True) if subject else (by, False)

    def described(self, tok) -> list[Ref]:
        """"The condition is caused by ...", "this drug can cause ...": the last concept of the
        noun's category before it (in the sentence, then the two before; for a condition, only
        the subject of one of those), else the topic."""
        categories = self.rules.descriptions.get(tok.lemma_.lower(), ())
        if tok.head.lemma_.lower() in self.rules.naming_verbs:  # "this process is called Y"
            named = [r for c in tok.head.children if c.dep_ in ("oprd", "attr") for r in self.refs_in(c)]
            if named:
                return named
        if not categories:
            return []
        # "these medicines" after "Gabapentin and pregabalin.": every one named before
        plural = tok.tag_ == "NNS" and any(c.dep_ == "det" and c.lower_ in ("these", "those") for c in tok.children)
        before = [self.ref_of_token[t.i] for t in self.tokens[: tok.i] if t.i in self.heads]
        if any(c.dep_ in ("det", "predet") and c.lower_ in _PAIR_WORDS for c in tok.children):
            return self.pair(frozenset(categories), before)
        if plural and any(r.category in categories for r in before):
            return list({r.concept_id: r for r in before if r.category in categories}.values())
        for r in reversed(before):
            if r.category in categories:
                return [r]
        for k in range(self.unit.sentence - 1, max(-1, self.unit.sentence - 5), -1):
            subjects = [r for r in self.context.subjects.get(k, []) if r.category in categories]
            if not subjects and categories[0] == "Condition":
                continue  # "the illness" is what a sentence was about, not a symptom it named in passing
            named = [r for r in self.context.contexts[k].refs if r.category in categories]
            refs = subjects or (list({r.concept_id: r for r in named}.values()) if plural else named[-1:])
            if refs:
                return refs if plural else refs[:1]
        return self.context.topic(frozenset(categories), self.unit.sentence)

    def pair(self, categories: frozenset[str], before: list[Ref]) -> list[Ref]:
        """"Both drugs", "either medicine", "neither treatment": the last two concepts of the noun's
        categories named before it, what the sentences before were about first ("Gabapentin is
        ... Amitriptyline is also prescribed. Both drugs can cause drowsiness")."""
        found: dict[str, Ref] = {}
        for r in reversed(before):
            if r.category in categories:
                found.setdefault(r.concept_id, r)
        for k in range(self.unit.sentence - 1, max(-1, self.unit.sentence - 4), -1):
            if len(found) >= 2:
                break
            for r in self.context.subjects.get(k, []):
                if r.category in categories:
                    found.setdefault(r.concept_id, r)
        for k in range(self.unit.sentence - 1, max(-1, self.unit.sentence - 3), -1):
            if len(found) >= 2:
                break
            for r in reversed(self.context.contexts[k].refs):
                if r.category in categories:
                    found.setdefault(r.concept_id, r)
        return list(found.values())[:2] if len(found) >= 2 else []

    def examples_in(self, idx: list[int], open_names: bool = True) -> list[tuple[Ref, list[Ref]]]:
        """(class, examples) for "Y such as A and B", "Y including A", "Y like A" inside a phrase
        (with ``open_names``, unlisted examples too)."""
        out = []
        for i in idx:
            ref = self.heads.get(i)
            if ref is None:
                continue
            tok = self.tokens[i]
            for child in tok.children:
                if child.dep_ != "prep":
                    continue
                word = child.lower_
                if any(c.lower_ == "other" for o in child.children for c in o.children):
                    continue  # "tramadol, like other opioids": the other way round (see run)
                if word == "as" and (any(c.lower_ == "such" for c in (*tok.children, *child.children))
                                     or (child.i > 0 and self.tokens[child.i - 1].lower_ == "such")):
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
        if tok.pos_ == "PROPN" and tok.is_title and lemma not in self.rules.frames and singular(lemma) in self.rules.frames:
            lemma = singular(lemma)  # ("Symptoms of X include ..." with "Symptoms" taken for a name)
        compounds = [c for c in tok.children if c.dep_ in ("compound", "amod")]
        names = [lemma]
        for c in compounds:
            names.insert(0, f"{c.lemma_.lower()} {lemma}")
        spec = None
        for name in names:
            if name in self.rules.frames:
                spec = self.rules.frames[name]
                break
        raising = []
        if spec is None:
            # "things that can increase your risk (of X) include A and B": risk factors, of X or the topic
            raising = [d for v in tok.children if v.dep_ == "relcl" and v.lemma_.lower() in self.rules.risk_verbs
                       for d in v.children if d.dep_ == "dobj" and (d.lemma_.lower() in self.rules.risk_nouns
                                                                    or d.lower_ in self.rules.risk_nouns)]
            if raising:
                spec = ("risk_factor_for", "object")
        if spec is None or (tok.i in self.ref_of_token and not self._generic(self.ref_of_token[tok.i])):
            return None  # ("medicines that have been used include A": a generic word's frame stands)
        if spec[0] == "treats" and any(v.dep_ in ("relcl", "acl") and v.lemma_.lower() in _AVOIDING for v in tok.children):
            return None  # "Drugs to avoid in heart failure include A": no use of A, and no denial either
        predicate, role = spec
        xs: list[Ref] = [r for d in raising for p in d.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
                         for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
        if predicate == "causes" and any(c.dep_ == "prep" and c.lower_ == "of" and o.dep_ == "pobj"
                                         and o.lemma_.lower() in _OUTCOMES and not self.refs_in(o)
                                         for c in tok.children for o in c.children):
            return None  # "a leading cause of death in people with Y": of death, among them (no cause of Y)
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "in", "with", "from"):
                for o in child.children:
                    if o.dep_ == "pobj":
                        xs.extend(self.args(o))
                        # "symptoms in people with X", "an option for people living with X"
                        for p2 in o.children:
                            if p2.dep_ == "prep" and p2.lower_ == "with":
                                for o2 in p2.children:
                                    if o2.dep_ == "pobj":
                                        xs.extend(self.refs_in(o2))
                        xs.extend(r for r in self.patients_with(o) if r not in xs)
            elif child.dep_ in ("compound", "poss", "nmod", "amod") and child.i in self.ref_of_token:
                xs.append(self.ref_of_token[child.i])
            elif child.dep_ == "poss" and child.lower_ in ("its", "their"):
                # "Its most common side effect is nausea", "Discuss its side effects, which include ..."
                wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
                xs.extend(r for r in self.pronoun(child) if r.category in wanted)
            elif child.dep_ == "acl" and child.lemma_.lower() in _ADVICE_PASSIVES:
                # "the first medicine offered for X", "a drug approved for X"
                xs.extend(r for p in child.children if p.dep_ == "prep" and p.lower_ in ("for", "in")
                          for o in p.children if o.dep_ == "pobj" for r in self.args(o))
        return predicate, role, xs

    def subjects_of(self, verb, depth: int = 0) -> list[Ref]:
        if depth > 4:
            return []
        for child in verb.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and depth > 0):
                # (through an xcomp, a passive's subject does the xcomp: "X is approved to treat Y")
                if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    # ("Medicines that can cause drowsiness include A and B": what the clause says of
                    # the generic noun it says of each item the main verb lists)
                    return self.listed_by(verb.head) or self.relative_head(verb.head)
                found = self.args(child)
                if not found and child.lemma_.lower() in ("thing", "factor") and child.tag_ == "NNS":
                    # "Many things can trigger an attack, such as bright lights and alcohol", "Certain
                    # things can make it worse, including soaps and stress": the examples do
                    examples = [r for h in (child, verb, *[c for c in verb.children if c.dep_ in ("dobj", "ccomp")])
                                for p in h.children if p.dep_ == "prep" and (p.lower_ in ("including", "like") or (
                                    p.lower_ == "as" and any(a.lower_ == "such" for a in p.children)))
                                for o in p.children if o.dep_ == "pobj" for r in self.args(o)]
                    if examples:
                        return examples
                if child.lemma_.lower() in _EPISODE_NOUNS and child.tag_ == "NNS" \
                        and not any(c.dep_ in ("prep", "compound", "amod", "poss") for c in child.children) \
                        and all(r.category == "Condition" for r in found):
                    # "Flares often start at night and cause intense pain": the page's condition's
                    topic = self.context.topic(frozenset({"Condition"}), self.unit.sentence)
                    if topic:
                        return topic
                if child.lemma_.lower() in ("treatment", "therapy", "use", "course", "dose", "combination") and \
                        all(self._generic(r) for r in found):
                    # "Treatment with SSRIs led to fewer panic attacks", "Regular use of X ...": X
                    given = [r for p in child.children if p.dep_ == "prep" and p.lower_ in ("with", "of")
                             for o in p.children if o.dep_ == "pobj" for r in self.args(o) if r.category in ("Drug", "Therapy")]
                    if given:
                        return given
                    if not found and child.lemma_.lower() in ("use", "dose") and not any(
                            p.dep_ == "prep" for p in child.children):
                        # "X works quickly, but long-term use can lead to dependence": the use of the
                        # medicine the clause or sentence before was about
                        earlier = [r for t in self.tokens[: child.i] if t.dep_ in ("nsubj", "nsubjpass") and t.head.i != verb.i
                                   for r in (self.pronoun(t) if t.lower_ in _ALL_PRONOUNS else self.refs_in(t))
                                   if r.category in ("Drug", "Therapy")]
                        return earlier or self.context.previous_subjects(frozenset({"Drug", "Therapy"}), self.unit.sentence,
                                                                         sole=True)
                return found
            if child.dep_ == "agent":
                return [r for o in child.children if o.dep_ == "pobj" for r in self.args(o)]
            if child.dep_ == "csubj" and child.lemma_.lower() in ("take", "use", "drink", "combine", "stop", "start"):
                # "Taking ibuprofen for a long time can cause ulcers"
                found = [r for o in child.children if o.dep_ == "dobj" for r in self.refs_in(o)]
                if found:
                    return found
                if not any(o.dep_ == "dobj" and o.lemma_.lower() not in _AMOUNTS for o in child.children):
                    # "Stopping suddenly can cause withdrawal symptoms", "Taking too much can cause Y"
                    # in an article about one drug
                    return self.context.named_topic(frozenset({"Drug", "Therapy"}), self.unit.sentence)
            if child.dep_ == "csubj" and child.lemma_.lower() in ("be", "have"):
                # "Being overweight raises the risk", "Having diabetes damages nerves": what one is or has
                found = [r for o in child.children if o.dep_ in ("acomp", "attr", "dobj") for r in self.refs_in(o)
                         if r.category in ("Condition", "RiskFactor")]
                if found:
                    return found
            if child.dep_ == "csubj":
                # "Wearing supportive shoes helps", "massaging the foot gives quick relief": the
                # treatment the clause names (the gerund itself, or what it does)
                found = [self.ref_of_token[t.i] for t in child.subtree if t.i in self.ref_of_token
                         and self.ref_of_token[t.i].category in ("Drug", "Therapy")]
                if found:
                    return list({r.concept_id: r for r in found}.values())
        if verb.dep_ == "relcl":
            return self.relative_head(verb.head)
        if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in self.rules.instrument_verbs:
            # "we use X to help ...": X does
            used = [r for c in verb.head.children if c.dep_ == "dobj" for r in self.refs_in(c)]
            if used:
                return used
        if verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(verb.head, depth + 1)
        if verb.dep_ == "advcl" and verb.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "X is one of the few drugs approved in the US to treat Y": the purpose is X's
            return self.subjects_of(verb.head, depth + 1)
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(verb.head.head, depth + 1)  # "X is (un)likely / able to help Y"
        if verb.dep_ == "pcomp" and verb.head.lower_ in ("at", "in") and verb.head.head.lemma_ == "be":
            return self.subjects_of(verb.head.head, depth + 1)  # "X was better than placebo at reducing Y"
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
            # "thousands of patients with X", "many of our patients with X"
            people = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                      if o.dep_ == "pobj" and (o.lower_ in self.rules.person_nouns or o.lemma_.lower() in self.rules.person_nouns)]
            out = [r for o in people for r in self.patients_with(o)]
            if people:  # ("with X" hung on "thousands")
                out += [r for p in noun.children if p.dep_ == "prep" and p.lower_ == "with"
                        for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o) if r.category == "Condition"]
            return out
        out = [r for p in noun.children if p.dep_ == "prep" and p.lower_ == "with"
               for o in p.children if o.dep_ == "pobj" for r in self.refs_in(o)]
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        if not out and nxt is not None and nxt.lower_ == "with" and nxt.dep_ == "prep" and nxt.head.i != noun.i:
            # "reduced pain in women with fibromyalgia", the "with" hung on the verb by the parser
            out = [r for o in nxt.children if o.dep_ == "pobj" for r in self.refs_in(o)]
        # "migraine sufferers", "PTSD patients": the condition named before the people
        out += [self.ref_of_token[c.i] for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i in self.ref_of_token]
        # "patients struggling with X", "people who live with X", "those who have X"
        for v in noun.children:
            if v.dep_ in ("acl", "relcl") and v.lemma_.lower() in self.rules.condition_verbs:
                preps = self.rules.condition_verbs[v.lemma_.lower()]
                for c in v.children:
                    if c.dep_ == "prep" and c.lower_ in preps:
                        out += [r for o in c.children if o.dep_ == "pobj" for r in self.refs_in(o)]
                    elif c.dep_ == "dobj" and not preps:
                        out += self.refs_in(c)
            elif v.dep_ == "relcl" and v.lemma_ == "be":  # "people who are overweight"
                out += [r for c in v.children if c.dep_ in ("acomp", "attr") for r in self.refs_in(c)]
        # "women at high risk of fracture": advice for them is to keep the condition away
        # (the "at" hung on the verb by the parser, right after the people, too)
        ats = [p for p in noun.children if p.dep_ == "prep" and p.lower_ == "at"]
        if nxt is not None and nxt.lower_ == "at" and nxt.dep_ == "prep" and nxt.head.i != noun.i:
            ats.append(nxt)
        out += [r for p in ats
                for k in p.children if k.dep_ == "pobj" and k.lemma_.lower() == "risk"
                for q in k.children if q.dep_ == "prep" and q.lower_ in ("of", "for")
                for o in q.children if o.dep_ == "pobj" for r in self.args(o)]
        return [r for r in out if r.category == "Condition"]

    def relative_head(self, noun) -> list[Ref]:
        """What a relative clause is about: its noun, or the noun an apposition renames
        ("pregabalin, a gabapentinoid that reduces glutamate release"; "triptans, a family of drugs that
        includes A": the family's)."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in self.rules.class_nouns \
                and (noun.head.head.dep_ == "appos" and all(self._generic(r) for r in self.refs_in(noun))
                     or noun.head.head.dep_ == "attr" and noun.head.head.head.lemma_ == "be"):
            # ("a family of drugs that ...": the family, and what it renames; "Opioids are a group of
            # strong painkillers that includes A": the group, which is what the subject is)
            noun = noun.head.head
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in ("one", "some", "each", "any") \
                and noun.head.head.dep_ == "attr" and not self.refs_in(noun):
            noun = noun.head.head  # "X is one of the few drugs approved to treat Y": X
        if noun.dep_ == "appos":
            refs = self.refs_in(noun.head) or self.refs_in(noun)
        elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
            # "A and B are anticonvulsants that are used to treat C": A and B are; "It is a
            # condition that causes pain": what "it" is
            subjects = [c for c in noun.head.children if c.dep_ == "nsubj"]
            if noun.head.dep_ == "relcl" and any(c.lower_ in _RELATIVE_PRONOUNS for c in subjects):
                # "X, which are chemicals that play a role in Y": what "which" stands for
                refs = self.relative_head(noun.head.head) or self.refs_in(noun)
            else:
                refs = [r for c in subjects for r in self.refs_in(c)] or self.refs_in(noun)
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
            if child.i in self.misplaced:
                continue  # ("... the chance of X, a nerve pain": not the verb's object)
            if particle and child.dep_ in ("prep", "prt", "agent") and child.lower_ == particle:
                if child.dep_ == "prt":
                    continue
                out.extend(r for o in child.children if o.dep_ == "pobj" for r in self.args(o))
            elif not particle and child.dep_ in ("dobj", "attr"):
                if child.lemma_.lower() in _EPISODE_NOUNS and child.i not in self.ref_of_token \
                        and not any(c.dep_ in ("compound", "poss", "amod") or (c.dep_ == "prep" and c.lower_ == "of")
                                    for c in child.children):
                    # "Many things can trigger an attack, such as ...": one of the page's condition (the
                    # examples hung on it are the subject's)
                    out.extend(self.context.topic(frozenset({"Condition"}), self.unit.sentence))
                    continue
                out.extend(self.args(child))
            elif not particle and child.dep_ == "xcomp" and child.pos_ in ("NOUN", "PROPN") and child.i in self.ref_of_token:
                out.extend(self.args(child))  # "unlikely to help fibromyalgia", the noun taken for a verb's complement
            elif not particle and child.dep_ == "conj" and (child.pos_ in ("NOUN", "PROPN") or child.tag_ == "VBG") and any(
                    c.dep_ == "dobj" for c in verb.children) and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in child.children):
                out.extend(self.args(child))  # "relieves pain and swelling in ...", the second object hung on the verb
            elif particle and child.dep_ == "conj" and child.tag_ == "VBG" and child.i in self.ref_of_token \
                    and self.ref_of_token[child.i].category == "Condition" and any(
                        c.dep_ == "prep" and c.lower_ == particle for c in verb.children) \
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in child.children):
                out.append(self.ref_of_token[child.i])  # "lead to weight gain and feeling cold": a condition's name
        if particle and not out and any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
            out.extend(r for c in verb.children if c.dep_ == "dobj" for r in self.refs_in(c))
        return out

    def _generic(self, ref: Ref) -> bool:
        """A concept named by a generic word alone ("medication", "treatment", "condition")."""
        return self.arguments is not None and generic_name(self.labels.get(ref.concept_id, ""), self.arguments.words)

    def _people_subject(self, verb) -> bool:
        """Whether the verb's subject is people ("patients", "we", "doctors"), not a treatment."""
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                word = c.lower_
                return (word in self.rules.person_nouns or c.lemma_.lower() in self.rules.person_nouns
                        or word in ("we", "you", "i", "doctors", "doctor", "clinicians", "clinic", "specialists", "specialist",
                                    "gp", "gps", "physician", "physicians", "nurse", "nurses", "physiotherapist",
                                    "therapist", "pharmacist", "surgeon", "surgeons", "team", "consultant"))
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
