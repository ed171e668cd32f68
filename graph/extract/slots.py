"""Unlisted names found in the argument slots of one article, typed by their slot when a
claim uses them (see :mod:`graph.extract.arguments` for the words they are judged by)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from graph.extract.arguments import (UNTYPED, ArgumentWords, argument_words, pick_category, plain_treatment,
                                     TREATMENT_CATEGORIES)
from graph.extract.relations import Ref, SentenceContext
from graph.model import slugify
from graph.vocab import Vocabulary

__all__ = ["NewConcept", "PLAIN_SLOTS"]

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
PLAIN_SLOTS = frozenset({("treats", 0), ("causes", 0), ("risk_factor_for", 0)})


class _Arguments:
    """The unlisted noun phrases found in argument slots of one source, by view span."""

    def __init__(self, vocabulary: Vocabulary, view, contexts: list[SentenceContext]):
        self.vocabulary = vocabulary
        self.words: ArgumentWords = argument_words(vocabulary)
        self.view = view
        self.starts = [c.start for c in contexts]
        self.pending: dict[tuple[int, int], tuple[str, str, int, int]] = {}  # span -> label, head, orig start, end
        self.plain: set[tuple[int, int]] = set()  # spans of names that signal no category
        # spans of names the sentence calls a treatment ("The main treatment for Y is X")
        self.called_treatment: set[tuple[int, int]] = set()
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
            if category is None and (ref.start, ref.end) in self.called_treatment and allowed <= TREATMENT_CATEGORIES:
                # "The main treatment for Y is continuous positive airway pressure": a name the
                # sentence calls a treatment is one, whatever its words
                category = plain_treatment(label, self.words)
            if predicate == "has_adverse_effect" and role == 0 and category == "Therapy" and head.lower().endswith("ing") \
                    and head.lower() not in self.words.head_category:
                return None  # "chewing" brings on an attack; it is no treatment with side effects
        if category is None:
            return None
        return Ref(ref.start, ref.end, ref.concept_id, category, ref.sentence, -1)

    def record(self, ref: Ref) -> None:
        if ref.category != UNTYPED and (ref.start, ref.end) in self.pending and (ref.start, ref.end) not in self.used:
            label, _, ostart, oend = self.pending[(ref.start, ref.end)]
            self.used[(ref.start, ref.end)] = NewConcept(ref.concept_id, label, ref.category, ostart, oend, ref.sentence)
