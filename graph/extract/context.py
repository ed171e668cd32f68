"""What a parsed sentence may need from the rest of its article: the subject of the sentence
before (for "it", "they", "these medicines"), whose a frame is when its sentence does not say,
the section's or the article's topic, and the frame a heading or a lead-in names.

The relation reader (:mod:`graph.extract.syntax`) keeps one :class:`ArticleContext` per article
and records in it, sentence by sentence, what each parsed sentence's main subject was.
"""

from __future__ import annotations

import re
from collections import Counter

from graph.extract.relations import Ref, SentenceContext
from graph.extract.syntax_rules import SyntaxRules
from graph.model import PREDICATE_CONSTRAINTS

__all__ = ["ArticleContext"]

# A question about a pronoun ("Q: Does it cause weight gain?") names no antecedent of its own.
_PRONOUN_QUESTION = re.compile(r"\W*(?:q\W+)?(?:(?:what|when|how|why|who|where|which)\s+(?:\w+\s+)?)?"
                               r"(?:does|do|is|are|can|could|will|should|may|might|would|has|have)\s+"
                               r"(?:it|they|this|these)\b", re.I)


class ArticleContext:
    """What a unit may need from the rest of the article: antecedents and the topic."""

    def __init__(self, contexts: list[SentenceContext], title_refs: list[Ref], generic=None):
        self.contexts = contexts
        self.title_refs = title_refs
        self._generic = generic
        self._generic_ids: dict[str, bool] = {}
        counts: Counter = Counter()
        for ctx in contexts:
            for r in ctx.refs:
                counts[(r.concept_id, r.category)] += 1
        for r in title_refs:
            counts[(r.concept_id, r.category)] += 5
        self.counts = counts
        self.ranked = [key for key, _ in counts.most_common()]  # most discussed first
        self.subjects: dict[int, list[Ref]] = {}  # sentence -> mentions of its main clause's subject
        self.symptoms: set[str] = set()  # concepts the sentences read so far named as a symptom of something
        self.parsed: set[int] = set()
        self.first: dict[str, Ref] = {}
        for ctx in contexts:
            for r in ctx.refs:
                self.first.setdefault(r.concept_id, r)

    def generic(self, ref: Ref) -> bool:
        """Is the concept named by a generic word alone ("medicines")? (Memoized per concept.)"""
        if self._generic is None:
            return False
        known = self._generic_ids.get(ref.concept_id)
        if known is None:
            known = self._generic_ids[ref.concept_id] = bool(self._generic(ref))
        return known

    def owner(self, categories, sentence: int) -> list[Ref]:
        """Whose a frame is when its sentence does not say ("Side effects include A and B" right after
        "Pregabalin is another option."): the subject of the sentence before, in the same paragraph,
        when it is of ``categories``; else :meth:`topic`."""
        return self.previous_subjects(categories, sentence) or self.topic(categories, sentence)

    def previous_subjects(self, categories, sentence: int, sole: bool = False) -> list[Ref]:
        """The subject of the sentence before, in the same paragraph, when it is of ``categories``
        and not a generic word; else none (with ``sole``: else the one concept of ``categories`` that
        sentence names, if it names just one)."""
        k = sentence - 1
        if k >= 0 and not self.contexts[k].is_heading and self.contexts[k].paragraph == self.contexts[sentence].paragraph:
            subjects = [r for r in self.subjects.get(k, []) if r.category in categories and not self.generic(r)]
            if subjects or not sole or k in self.parsed:
                return subjects
            named = {r.concept_id: r for r in self.contexts[k].refs if r.category in categories and not self.generic(r)}
            return list(named.values()) if len(named) == 1 else []
        return []

    def antecedents(self, sentence: int, plural: bool, title: bool = True) -> list[Ref]:
        """The subject of the sentence before, as parsed ("Esketamine acts on ... . It is ..."),
        else its mentions (all of them for "both"/"they", the first otherwise)."""
        for k in range(sentence - 1, max(-1, sentence - 3), -1):
            ctx = self.contexts[k]
            if ctx.is_heading and not ctx.text.rstrip(" *_").endswith("?"):
                continue  # (a question, even set as a heading, names what its answer is about: "What is X?")
            if _PRONOUN_QUESTION.match(ctx.text):
                # "Does it cause weight gain?": its "it" is the same one, what the page is about if its
                # title names it, else the one before
                titled = self.title_topic(plural) if title else []
                if titled:
                    return titled
                continue
            subjects = self.subjects.get(k)
            if subjects:
                return subjects if plural else subjects[:1]
            if k in self.parsed:
                return self.title_topic(plural) if title else []  # parsed, subject unclear: the title's concept
            refs = [r for r in ctx.refs if r.category not in ("Study", "Organization")]
            if refs:
                if not plural:
                    return refs[:1]
                first_category = refs[0].category
                return [r for r in refs if r.category == first_category]
        return self.title_topic(plural) if title else []

    def title_topic(self, plural: bool) -> list[Ref]:
        """"It" with no antecedent near: the concept the article's title names (one, unless the
        title names several of one category and the pronoun is plural)."""
        refs = [r for r in self.title_refs if r.category not in ("Study", "Organization")]
        if not refs:
            return []
        return [r for r in refs if r.category == refs[0].category] if plural else refs[:1]

    def frame_before(self, sentence: int, rules: SyntaxRules) -> tuple[str, str, list[Ref]] | None:
        """The frame a pronoun lead-in continues: "Most people get side effects. They include: ..."
        or "Q: What are the side effects of opioids? A: The most common ones are: ..."."""
        for k in range(sentence - 1, max(-1, sentence - 3), -1):
            ctx = self.contexts[k]
            words = ctx.text.lower()
            # a question asks for its first frame noun ("What side effects can X cause?"), a
            # statement leads in with its last ("Most people get side effects. They include:")
            question = words.rstrip(" *_").endswith("?")
            best = None
            for noun, spec in rules.frames.items():
                m = re.search(r"\b" + re.escape(noun) + r"s?\b", words)
                # the last frame noun named, and the longest at one place ("risk factors", not "risk")
                if m is None:
                    continue
                key = (-m.start(), m.end()) if question else (m.start(), m.end())
                if best is None or key > best[0]:
                    best = (key, spec)
            if best is None:
                continue
            predicate, role = best[1]
            wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
            xs = [r for r in ctx.refs if r.category in wanted][:1]
            return predicate, role, xs or self.topic(wanted, sentence)
        return None

    def heading_frame(self, sentence: int, rules: SyntaxRules) -> tuple[str, str, list[Ref]] | None:
        """The frame a section heading names ("Symptoms", "Side effects", "Common triggers"), with
        the section's (or the article's) concept of the category the frame wants; None elsewhere."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading and not ctx.text.rstrip().endswith(":"):
                words = ctx.text.lower()
                best = None
                for noun, spec in rules.frames.items():
                    if spec[0] in ("treats", "subclass_of"):
                        continue
                    m = re.search(r"\b" + re.escape(noun) + r"s?\b", words)
                    if m and (best is None or m.start() > best[0]):
                        best = (m.start(), spec)
                if best is None:
                    return None
                predicate, role = best[1]
                wanted = PREDICATE_CONSTRAINTS[predicate][0 if role == "subject" else 1]
                named = [r for r in ctx.refs if r.category in wanted][:1]
                return predicate, role, named or self.topic(wanted, sentence)
        return None

    def heading_topic(self, sentence: int, categories, heading_words: tuple[str, ...]) -> list[Ref]:
        """The topic, but only in a section whose heading speaks of one of ``heading_words``."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading and not ctx.text.rstrip().endswith(":"):  # (a list's lead-in is no section heading)
                if any(w in ctx.text.lower() for w in heading_words):
                    return self.topic(categories, sentence)
                return []
        return []

    def named_topic(self, categories, sentence: int) -> list[Ref]:
        """The concept the section heading names, else the one the article's title names (when it
        names just one), of ``categories``; none when neither names one."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading and k > 0:
                refs = {r.concept_id: r for r in ctx.refs if r.category in categories}
                if refs:  # ("Treating chronic pain and PTSD" names no one of them)
                    return list(refs.values()) if len(refs) == 1 else []
                break
        titled = {r.concept_id: r for r in self.title_refs if r.category in categories}
        return list(titled.values()) if len(titled) == 1 else []

    def topic(self, categories, sentence: int, exclude: frozenset[str] = frozenset()) -> list[Ref]:
        """The section heading's concept, else the article's most discussed one, of ``categories``
        (leaving out the concept ids in ``exclude``)."""
        for k in range(sentence, -1, -1):
            ctx = self.contexts[k]
            if ctx.is_heading:
                refs = [r for r in ctx.refs if r.category in categories and r.concept_id not in exclude
                        and not self.generic(r)]  # (a heading "Medicines" names no medicine)
                if refs:
                    return refs[:1]
                break
        for concept_id, category in self.ranked:
            if category in categories and concept_id not in exclude and not self.generic(self.first[concept_id]):
                return [self.first[concept_id]]
        return []
