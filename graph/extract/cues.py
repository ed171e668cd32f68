"""Cue words compiled from ``graph/vocab/cues.yaml`` into one Aho-Corasick automaton.

Verb lemmas are inflected here (the first word of a phrase: treat, treats, treated,
treating; be -> is/are/was/were/been/being), so the data lists each cue once.

>>> sorted(inflect("lead to"))
['lead to', 'leading to', 'leads to', 'led to']
>>> sorted(inflect("be effective for"))[:3]
['are effective for', 'be effective for', 'been effective for']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from graph.vocab import Vocabulary, normalize, plural_forms

__all__ = ["Cue", "CueSet", "compile_cues", "inflect"]

# Irregular verbs: lemma -> (3rd person, past, past participle, -ing).
IRREGULAR = {
    "be": ("is", "are", "was", "were", "been", "being"),
    "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "go": ("goes", "went", "gone", "going"),
    "lead": ("leads", "led", "leading"),
    "bring": ("brings", "brought", "bringing"),
    "give": ("gives", "gave", "given", "giving"),
    "take": ("takes", "took", "taken", "taking"),
    "make": ("makes", "made", "making"),
    "bind": ("binds", "bound", "binding"),
    "fight": ("fights", "fought", "fighting"),
    "put": ("puts", "putting"),
    "shut": ("shuts", "shutting"),
    "cut": ("cuts", "cutting"),
    "arise": ("arises", "arose", "arisen", "arising"),
    "show": ("shows", "showed", "shown", "showing"),
    "find": ("finds", "found", "finding"),
    "stem": ("stems", "stemmed", "stemming"),
    "upregulate": ("upregulates", "upregulated", "upregulating"),
    "rebalance": ("rebalances", "rebalanced", "rebalancing"),
    "interfere": ("interferes", "interfered", "interfering"),
    "control": ("controls", "controlled", "controlling"),
    "set": ("sets", "setting"),
    "reset": ("resets", "resetting"),
    "rewire": ("rewires", "rewired", "rewiring"),
    "heal": ("heals", "healed", "healing"),
    "work": ("works", "worked", "working"),
    "act": ("acts", "acted", "acting"),
}
_VOWELS = "aeiou"


def _regular(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        third, past, ing = lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    elif lemma.endswith(("s", "x", "z", "ch", "sh")):
        third, past, ing = lemma + "es", lemma + "ed", lemma + "ing"
    elif lemma.endswith("ee"):
        third, past, ing = lemma + "s", lemma + "d", lemma + "ing"
    elif lemma.endswith("e"):
        third, past, ing = lemma + "s", lemma + "d", lemma[:-1] + "ing"
    else:
        third, past, ing = lemma + "s", lemma + "ed", lemma + "ing"
    return third, past, ing


def inflect(phrase: str) -> set[str]:
    """Forms of a verb phrase: its first word inflected, the rest kept."""
    words = normalize(phrase).split()
    if not words:
        return set()
    first, rest = words[0], words[1:]
    forms = {first, *(IRREGULAR.get(first) or _regular(first))}
    out = {" ".join([f, *rest]) for f in forms}
    # "be effective for" also matches without the verb ("effective for") elsewhere; keep verb forms only here.
    return out


@dataclass(frozen=True)
class Cue:
    """One phrase's meaning. ``kind``: relation, negation, negation_back, pseudo, hedge, ...

    For relations, ``predicates`` is the ordered try-list, ``direction`` one of
    forward/reverse/pair/between, and ``verb`` says whether it came from a verb lemma
    (so a participle followed by "by" reads as passive).
    """

    kind: str
    phrase: str
    predicates: tuple[str, ...] = ()
    direction: str = ""
    verb: bool = False
    value: tuple[str, ...] = ()


@dataclass
class CueSet:
    automaton: object
    terminators: tuple[str, ...]
    strong_terminators: tuple[str, ...]
    conjunctions: tuple[str, ...]
    fillers: frozenset[str]
    list_introducers: tuple[str, ...]
    anaphora: dict
    for_pattern: dict
    effect_nouns: frozenset[str]
    quantity_patterns: tuple[str, ...]
    max_gap_words: int
    study: dict
    hedge_not_after: tuple[str, ...]
    relief_compounds: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    generic_quantifiers: frozenset[str] = frozenset()
    list_continuations: tuple[str, ...] = ()
    cue_words: frozenset[str] = frozenset()
    clausal_hedges: frozenset[str] = frozenset()
    modal_hedges: frozenset[str] = frozenset()
    backward_hedges: frozenset[str] = frozenset()  # hedge what precedes them: "its efficacy remains uncertain"
    list_before_generic: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    population_after_affects: object = None
    for_connectors: object = None
    effect_noun_after: object = None


_CACHE: dict[str, CueSet] = {}


def _alternation(prefix: str, words, suffix: str):
    """One compiled pattern for a list of phrases, longest first (so the longest wins)."""
    words = sorted((normalize(w) for w in words), key=len, reverse=True)
    return re.compile(prefix + "|".join(re.escape(w) for w in words) + suffix) if words else None

STRONG = (";", " but ", " however", " although ", " though ", " whereas ", " yet ", " except ", " while ", " whilst ")


def compile_cues(vocabulary: Vocabulary) -> CueSet:
    """The cue set of a vocabulary (compiled once per vocabulary version)."""
    if vocabulary.version in _CACHE:
        return _CACHE[vocabulary.version]
    data = vocabulary.cues
    table: dict[str, list[Cue]] = {}

    def add(phrase: str, cue: Cue) -> None:
        key = normalize(phrase).strip()
        if key:
            table.setdefault(key, [])
            if cue not in table[key]:
                table[key].append(cue)

    for group in data.get("relations") or []:
        predicates = tuple(group["try"])
        for direction in ("forward", "reverse", "pair", "between"):
            spec = group.get(direction) or {}
            for lemma in spec.get("verbs") or []:
                for form in inflect(lemma):
                    add(form, Cue("relation", form, predicates, direction, verb=True))
            for phrase in spec.get("phrases") or []:
                forms = {normalize(phrase)} | set(plural_forms(normalize(phrase)))
                for form in forms:
                    add(form, Cue("relation", form, predicates, direction))
    neg = data.get("negation") or {}
    for phrase in neg.get("forward") or []:
        add(phrase, Cue("negation", phrase))
    for phrase in neg.get("backward") or []:
        add(phrase, Cue("negation_back", phrase))
    for phrase in neg.get("pseudo") or []:
        add(phrase, Cue("pseudo", phrase))
    hedge = data.get("hedge") or {}
    for phrase in [*(hedge.get("triggers") or []), *(hedge.get("backward") or [])]:
        add(phrase, Cue("hedge", phrase))
    for phrase in hedge.get("pseudo") or []:
        add(phrase, Cue("hedge_pseudo", phrase))
    attribution = data.get("attribution") or {}
    for phrase in attribution.get("unattributed") or []:
        add(phrase, Cue("unattributed", phrase))
    for phrase in attribution.get("back_references") or []:
        add(phrase, Cue("study_back_reference", phrase))
    for phrase in attribution.get("study_nouns") or []:
        add(phrase, Cue("study_noun", phrase))
    for phrase in attribution.get("researcher_nouns") or []:
        add(phrase, Cue("researcher_noun", phrase))
    for phrase in attribution.get("finding_verbs") or []:
        add(phrase, Cue("finding_verb", phrase))
    anaphora = data.get("anaphora") or {}
    for phrase in anaphora.get("pronouns") or []:
        add(phrase, Cue("anaphor", phrase))
    for phrase in anaphora.get("idioms") or []:
        add(phrase, Cue("anaphor_idiom", phrase))
    for adjective, (predicate, target) in (data.get("effect_adjectives") or {}).items():
        add(adjective, Cue("effect_adjective", adjective, (predicate,), value=(target,)))

    automaton = ahocorasick.Automaton()
    for key, cues in table.items():
        automaton.add_word(key, (len(key), tuple(cues)))
    automaton.make_automaton()
    coordination = data.get("coordination") or {}
    terminators = tuple(normalize(t) for t in data.get("clause_terminators") or [])
    cue_set = CueSet(
        automaton=automaton,
        terminators=terminators,
        strong_terminators=STRONG,
        conjunctions=tuple(normalize(c) for c in coordination.get("conjunctions") or []),
        fillers=frozenset(normalize(f) for f in coordination.get("fillers") or []),
        list_introducers=tuple(normalize(c) for c in coordination.get("list_introducers") or []),
        anaphora=anaphora,
        for_pattern=data.get("for_pattern") or {},
        effect_nouns=frozenset(data.get("effect_nouns") or []),
        quantity_patterns=tuple((data.get("quantity") or {}).get("patterns") or []),
        max_gap_words=int(data.get("max_gap_words", 12)),
        study=attribution,
        hedge_not_after=tuple(normalize(h) for h in hedge.get("not_after") or []),
        clausal_hedges=frozenset(normalize(h) for h in hedge.get("clausal") or []),
        modal_hedges=frozenset(normalize(h) for h in hedge.get("modal") or []),
        backward_hedges=frozenset(normalize(h) for h in hedge.get("backward") or []),
        list_before_generic=frozenset(normalize(w) for w in data.get("list_before_generic") or []),
        person_nouns=frozenset(normalize(w) for w in data.get("person_nouns") or []),
        for_connectors=_alternation(r"\s+(", (data.get("for_pattern") or {}).get("connectors") or [], r")\s+"),
        effect_noun_after=_alternation(r"\s+(?:", data.get("effect_nouns") or [], r")\b"),
        population_after_affects=re.compile(data["population_after_affects"]) if data.get("population_after_affects") else None,
        relief_compounds=frozenset(normalize(w) for w in data.get("relief_compounds") or []),
        determiners=frozenset(normalize(w) for w in data.get("determiners") or []),
        generic_quantifiers=frozenset(normalize(w) for w in data.get("generic_quantifiers") or []),
        list_continuations=tuple(normalize(w) for w in data.get("list_continuations") or []),
        # Single words that are relation, hedge or negation cues: never modifiers of a discovered concept.
        cue_words=frozenset(k for k, cs in table.items() if " " not in k and k.isalpha()
                            and any(c.kind in ("relation", "hedge", "negation") for c in cs)),
    )
    _CACHE[vocabulary.version] = cue_set
    return cue_set
