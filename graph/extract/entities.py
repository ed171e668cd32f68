"""Concept mentions: vocabulary matching, abbreviations defined in the text, discovery by head noun.

- Vocabulary terms are matched leftmost-longest with Aho-Corasick over the
  normalized :class:`~graph.extract.textview.TextView` (case-insensitive, typographic
  quotes folded); abbreviations from the vocabulary are matched case-sensitively.
- "long form (ABBR)" in the text makes ABBR a synonym of the long form's concept
  for the rest of the article (Schwartz-Hearst style: the letters of ABBR must be
  the initials, in order, of the long form's words).
- Unlisted conditions, therapies and drug forms are found by their head nouns
  (data: ``graph/vocab/discovery.yaml``): "centralized pain syndromes" becomes a
  discovered Condition "centralized pain syndrome".
- Organizations not in the vocabulary are found by capitalised names ending in an
  organization head word ("University of Chicago Medical Center").

Every mention keeps its surface text and its span in the source text.

>>> from graph.vocab import load_vocabulary
>>> from graph.model import Source
>>> src = Source("s", "Patients with complex regional pain syndrome (CRPS) often have depression. CRPS hurts.")
>>> found = find_mentions(src, load_vocabulary())
>>> sorted({(m.text, m.concept_id) for m in found.mentions})[:2]
[('CRPS', 'complex_regional_pain_syndrome'), ('complex regional pain syndrome', 'complex_regional_pain_syndrome')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from graph.extract.ontology import lay_matches, phenotype_index
from graph.extract.segment import furniture
from graph.extract.textview import TextView
from graph.model import Concept, Mention, slugify
from graph.vocab import Vocabulary, normalize

__all__ = ["FoundMentions", "find_mentions", "term_automaton", "word_spans", "singular"]


@dataclass
class FoundMentions:
    view: TextView
    mentions: list[Mention]
    concepts: dict[str, Concept]
    # view spans of mentions, parallel to ``mentions``: (view_start, view_end)
    view_spans: list[tuple[int, int]] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)


_AUTOMATA: dict[str, tuple] = {}


def term_automaton(vocabulary: Vocabulary):
    """(terms automaton, abbreviations automaton) for a vocabulary, built once per version."""
    cached = _AUTOMATA.get(vocabulary.version)
    if cached is not None:
        return cached
    terms = ahocorasick.Automaton()
    for form, concept_id in vocabulary.terms.items():
        terms.add_word(form, (len(form), concept_id))
    terms.make_automaton()
    abbrevs = None  # an automaton with no words cannot be built
    if vocabulary.abbreviations:
        abbrevs = ahocorasick.Automaton()
        for form, concept_id in vocabulary.abbreviations.items():
            abbrevs.add_word(form, (len(form), concept_id))
        abbrevs.make_automaton()
    _AUTOMATA[vocabulary.version] = (terms, abbrevs)
    return _AUTOMATA[vocabulary.version]


def _left_ok(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "-")


def _right_ok(text: str, end: int) -> bool:
    return end >= len(text) or not text[end].isalnum()


def _leftmost_longest(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, cid in matches:
        if start >= last_end:
            chosen.append((start, end, cid))
            last_end = end
    return chosen


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of words in ``text[start:end]`` (letters, inner hyphens and apostrophes)."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, len(text) if end is None else end)]


_SINGULAR_RULES = (("therapies", "therapy"), ("ies", "y"), ("ses", "sis"), ("s", ""))


def singular(word: str) -> str:
    """A head noun's singular ("syndromes" -> "syndrome"); words that are not plurals stay.

    >>> singular("syndromes"), singular("therapies"), singular("arthritis"), singular("headaches")
    ('syndrome', 'therapy', 'arthritis', 'headache')
    """
    if word.endswith(("ss", "us", "is", "sis", "ics")) or not word.endswith("s"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("aches"):  # headaches, backaches
        return word[:-1]
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


class _Discovery:
    """Head-noun discovery rules compiled from the vocabulary's discovery data."""

    def __init__(self, vocabulary: Vocabulary):
        data = vocabulary.discovery or {}
        self.max_modifiers = int(data.get("max_modifiers", 4))
        self.stop = {normalize(w) for w in data.get("stop_modifiers", [])}
        from graph.extract.cues import compile_cues  # the cue words are stop words too

        self.stop |= compile_cues(vocabulary).cue_words
        self.drug_endings = tuple(data.get("drug_name_endings", []))
        heads: list[tuple[str, str]] = []
        for category, words in (data.get("heads") or {}).items():
            heads.extend((normalize(w), category) for w in words)
        heads.sort(key=lambda h: -len(h[0]))
        self.head_category = dict(heads)
        self.head_re = re.compile(r"\b(" + "|".join(re.escape(h) for h, _ in heads) + r")\b") if heads else None


_DISCOVERY: dict[str, _Discovery] = {}


def _discovery(vocabulary: Vocabulary) -> _Discovery:
    if vocabulary.version not in _DISCOVERY:
        _DISCOVERY[vocabulary.version] = _Discovery(vocabulary)
    return _DISCOVERY[vocabulary.version]


# Heads that name a drug class after the molecule it acts on ("CGRP antagonists", "serotonin agonists").
_ROLE_HEADS = frozenset({"agonist", "agonists", "antagonist", "antagonists", "inhibitor", "inhibitors", "blocker", "blockers"})

# Heads that name an episode of the condition before them rather than a condition of their own.
_EPISODES = frozenset({"attack", "episode", "flare", "flare-up", "bout", "relapse"})
_OF_AFTER = re.compile(r"s?\s+of\s+(?:an?\s+|the\s+|your\s+|their\s+)?")


def _discover(view: TextView, vocabulary: Vocabulary, matched: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """Candidates (view_start, view_end, label, category) for unlisted concepts."""
    rules = _discovery(vocabulary)
    if rules.head_re is None:
        return []
    text = view.text
    found = []
    for m in rules.head_re.finditer(text):
        head_start, head_end = m.span()
        if not _right_ok(text, head_end) or not _left_ok(text, head_start):
            continue
        category = rules.head_category[m.group(1)]
        # Walk back over modifier words.
        start = head_start
        modifiers: list[str] = []
        pos = head_start
        while len(modifiers) < rules.max_modifiers:
            left = text[max(0, pos - 40):pos]
            # (a subtype's letters and digits count as a word: "histamine h2 receptors", "5-ht2a receptors")
            wm = re.search(r"([a-z0-9][a-z0-9'\-]*[a-z0-9])\s$|([a-z])\s$", left)
            if not wm:
                break
            word = wm.group(1) or wm.group(2)
            coded = any(ch.isdigit() for ch in word)
            if coded and not any(ch.isalpha() for ch in word):
                break  # ("two receptors", "in 2019 pumps"): a number is no modifier
            gap = view.original[view.to_original(pos - len(left) + wm.start()):view.to_original(pos)]
            if re.search(r"\n\s*\n|\n\s*(?:#|[-*\u2022]|\d+[.)])\s", gap + " "):
                break  # a heading, a paragraph or a list item ends before the head: not one phrase
            if word in rules.stop or word.endswith("'s") and word[:-2] in rules.stop or (len(word) < 3 and not coded):
                break
            if "-" in word and word.split("-")[0] in rules.stop:  # "best-studied", "first-line", "well-known"
                break
            pos = pos - len(left) + wm.start()
            modifiers.insert(0, word)
            start = pos
        if not modifiers:
            continue
        role = m.group(1).split(" ")[-1] in _ROLE_HEADS
        if category == "Drug" and not modifiers[-1].endswith(rules.drug_endings) and not role:
            continue  # ("CGRP antagonists", "dopamine agonists": named after what they act on, below)
        label_words = modifiers + [" ".join(singular(w) for w in m.group(1).split(" "))]
        label = " ".join(label_words)
        if vocabulary.lookup(label):
            continue  # the vocabulary knows it; its match stands
        found.append((start, head_end, label, category))
    return found


_ORG_TOKEN = r"[A-Z][A-Za-z.&'\-]*"


def _organization_pattern(vocabulary: Vocabulary) -> re.Pattern | None:
    heads = vocabulary.cues.get("organization_heads") or []
    joiners = vocabulary.cues.get("organization_joiners") or []
    if not heads:
        return None
    head = "(?:" + "|".join(re.escape(h) for h in heads) + ")"
    join = "(?:" + "|".join(re.escape(j) for j in joiners) + ")"
    # Capitalised words, containing a head word, possibly "of/for/and" + more capitalised words.
    return re.compile(
        # Spaces only between the words: a name never runs across a line break ("MS.\n\nHealth").
        rf"\b(?:{_ORG_TOKEN}[ \t]+){{0,5}}{head}(?:[ \t]+{join}[ \t]+(?:the[ \t]+)?{_ORG_TOKEN}(?:[ \t]+{_ORG_TOKEN}){{0,4}})*"
    )


_ORG_PATTERNS: dict[str, re.Pattern | None] = {}
_NOT_NAME_STARTS = frozenset({"The", "A", "An", "One", "Research", "Researchers", "Study", "Scientists", "At", "By",
                              "From", "In"})


def _organizations(source_text: str, vocabulary: Vocabulary) -> list[tuple[int, int, str]]:
    """Capitalised organization names found by head word: (start, end, name) in original offsets."""
    if vocabulary.version not in _ORG_PATTERNS:
        _ORG_PATTERNS[vocabulary.version] = _organization_pattern(vocabulary)
    pattern = _ORG_PATTERNS[vocabulary.version]
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(source_text):
        # Word spans inside the match, so the name's offsets hold whatever spaces or line breaks
        # separate its words.
        words = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        # Drop leading sentence-initial words that are not part of a name ("The", "Research").
        while words and words[0][2] in _NOT_NAME_STARTS:
            words = words[1:]
        if len(words) < 2:
            continue
        start, end = m.start() + words[0][0], m.start() + words[-1][1]
        out.append((start, end, " ".join(w for _, _, w in words)))
    return out


_ABBR_DEF = re.compile(r"\(([A-Z][A-Za-z0-9&\-]{1,9})\)")


def _long_form(text_before: str, abbr: str) -> str | None:
    """The words before "(ABBR)" whose initials spell ABBR (Schwartz-Hearst, simplified)."""
    letters = [c.lower() for c in abbr if c.isalpha()]
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", text_before[-150:])
    if not letters or not words:
        return None
    # Split hyphenated words into parts so "post-traumatic" gives p, t.
    need = len(letters)
    for n in range(1, min(len(words), need + 3) + 1):
        candidate = words[-n:]
        initials = []
        for w in candidate:
            parts = [p for p in w.split("-") if p]
            initials.extend(p[0].lower() for p in parts)
        # The abbreviation's letters must appear, in order, among the initials, first letter first.
        if initials and initials[0] == letters[0]:
            it = iter(initials)
            if all(ch in it for ch in letters) and len(candidate) <= need + 2:
                return " ".join(candidate)
    return None


_FORMS: dict[str, re.Pattern | None] = {}


def _grow_drug_forms(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"ketamine infusions", "esketamine nasal spray": a drug followed by a form word is the drug as given."""
    if vocabulary.version not in _FORMS:
        forms = sorted((normalize(f) for f in (vocabulary.discovery or {}).get("drug_forms", [])), key=len, reverse=True)
        _FORMS[vocabulary.version] = re.compile(r"\s+(?:" + "|".join(re.escape(f) for f in forms) + r")\b") if forms else None
    pattern = _FORMS[vocabulary.version]
    if pattern is None:
        return matches
    out: list[tuple[int, int, str]] = []
    skip_until = -1
    for start, end, concept_id in matches:
        if start < skip_until:
            continue
        if vocabulary.concepts.get(concept_id) is not None and vocabulary.concepts[concept_id].category == "Drug":
            m = pattern.match(vtext, end)
            if m:
                end = m.end()
                skip_until = end
        out.append((start, end, concept_id))
    return out


# "gastric and duodenal ulcers", "vertebral, hip and other fractures": modifiers coordinated
# before one head, each naming a kind of its own.
_SHARED_BEFORE = re.compile(r"(?<![\w-])((?:[a-z][a-z\-]*[a-z],\s+)*[a-z][a-z\-]*[a-z]),?\s+(?:and|or)\s+(other\s+)?$")
_ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ar", "ive", "ary", "ful", "ile", "oid", "ent", "ant", "eal")
_SHARED_CATEGORIES = frozenset({"Condition", "Therapy"})


def _shared_heads(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]],
                  concepts: dict[str, Concept]) -> list[tuple[int, int, str]]:
    """"gastric and duodenal ulcers", "acute or chronic pain", "vertebral, hip and other fractures":
    the modifiers coordinated before a condition or therapy each name a kind of their own ("gastric
    ulcer", "vertebral fracture"), a mention on the modifier word. A modifier right before the head
    must look like an adjective (else "sleep and chronic pain" would be "sleep pain"); after "and
    other" any word may be ("hip and other fractures"). A modifier the vocabulary names by itself,
    or a stop word, is not one."""
    rules = _discovery(vocabulary)
    taken = [(s, e) for s, e, _ in matches]
    extra: list[tuple[int, int, str]] = []
    for start, end, concept_id in matches:
        concept = concepts.get(concept_id) or vocabulary.concepts.get(concept_id)
        if concept is None or concept.category not in _SHARED_CATEGORIES:
            continue
        before = _SHARED_BEFORE.search(vtext, max(0, start - 80), start)
        if before is None:
            continue
        words = vtext[start:end].split()
        if before.group(2):
            shared = words
        elif len(words) >= 2 and words[0].endswith(_ADJECTIVE_ENDINGS) and words[0] not in rules.stop:
            shared = words[1:]
        else:
            continue
        head = " ".join(shared[:-1] + [singular(shared[-1])])
        if not before.group(2) and head not in rules.head_category and not vocabulary.lookup(head):
            continue
        for item in re.finditer(r"[a-z][a-z\-]*[a-z]", before.group(1)):
            word, wstart = item.group(0), before.start(1) + item.start()
            if word in rules.stop or len(word) < 3 or vocabulary.lookup(word) or any(s < wstart + len(word) and wstart < e for s, e in taken):
                continue
            label = f"{word} {head}"
            known = vocabulary.lookup(label)
            if not before.group(2) and not word.endswith(_ADJECTIVE_ENDINGS) and not known:
                continue  # ("absence or myoclonic seizures": a noun only where the vocabulary names the kind)
            if not known and head.split()[-1] not in rules.head_category:
                continue
            kind_id = known or slugify(label)
            if not known:
                concepts.setdefault(kind_id, Concept(kind_id, label, concept.category, discovered=True))
            extra.append((wstart, wstart + len(word), kind_id))
    return _leftmost_longest(matches + extra) if extra else matches


_NAMED_BY_KIND: dict[str, tuple[re.Pattern, dict[str, str]] | None] = {}
_NAME_WORD = r"[a-z][a-z0-9'-]*[a-z0-9]"


def _named_by_kind(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]],
                   concepts: dict[str, Concept]) -> list[tuple[int, int, str]]:
    """"an enzyme called xanthine oxidase", "a hormone known as leptin": a name the vocabulary lacks,
    called a kind of thing (``kind_nouns`` in discovery.yaml), is a concept of that thing's category.
    A name of two or three words must end at a punctuation mark (else it is one word: "a chemical
    called adenosine builds up"). (Not "adenosine, a chemical that ...": the word before the comma is
    as often the end of a longer name, "eczema herpeticum, a serious skin infection".)"""
    if vocabulary.version not in _NAMED_BY_KIND:
        kinds = {normalize(k): v for k, v in ((vocabulary.discovery or {}).get("kind_nouns") or {}).items()}
        if kinds:
            nouns = "|".join(sorted((re.escape(k) for k in kinds), key=len, reverse=True))
            called = re.compile(r"\b(?:an?|the)\s+(?:[a-z-]+\s+)?(" + nouns + r")s?\s+(?:called|named|known\s+as)\s+"
                                r"((" + _NAME_WORD + r")(?:\s+" + _NAME_WORD + r"){0,2}?)(?=\s*[,.;:()]|$)|"
                                r"\b(?:an?|the)\s+(?:[a-z-]+\s+)?(" + nouns + r")s?\s+(?:called|named|known\s+as)\s+(" + _NAME_WORD + r")\b")
            _NAMED_BY_KIND[vocabulary.version] = (called, kinds)
        else:
            _NAMED_BY_KIND[vocabulary.version] = None
    compiled = _NAMED_BY_KIND[vocabulary.version]
    if compiled is None:
        return matches
    called, kinds = compiled
    stop = _discovery(vocabulary).stop
    taken = [(s, e) for s, e, _ in matches]
    extra: list[tuple[int, int, str]] = []
    found = [(m.start(2) if m.group(2) else m.start(5), m.group(2) or m.group(5), m.group(1) or m.group(4))
             for m in called.finditer(vtext)]
    for start, name, noun in found:
        end = start + len(name)
        words = name.split()
        if len(words) > 1 and any(w.endswith(("ing", "ed")) for w in words[1:]):  # ("leptin falling.")
            words = words[:1]
            name, end = words[0], start + len(words[0])
        if words[0] in stop or words[-1] in stop or any(s < end and start < e and (s < start or e > end) for s, e in taken):
            continue
        inner = [(s, e) for s, e in taken if start <= s and e <= end]  # ("glycogen" in "glycogen synthase kinase-3")
        known = vocabulary.lookup(name)
        concept_id = known or slugify(name)
        if not known:
            concepts.setdefault(concept_id, Concept(concept_id, name, kinds[noun], discovered=True))
        extra.append((start, end, concept_id))
        taken = [t for t in taken if t not in inner] + [(start, end)]
        matches = [m for m in matches if (m[0], m[1]) not in inner]
    return _leftmost_longest(matches + extra) if extra else matches


_KINDS: dict[str, dict[str, re.Pattern]] = {}
_KIND_MODIFIERS = {"Drug": "drug_modifiers", "Condition": "condition_modifiers"}


def _kinds(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]],
           concepts: dict[str, Concept]) -> list[tuple[int, int, str]]:
    """"thiazide-like diuretics", "sedating antihistamines", "chronic insomnia": a medicine, class or
    condition the vocabulary knows, after a word of ``drug_modifiers`` (how it is given, which kind
    it is) or ``condition_modifiers`` (its course: chronic, episodic), is that narrower kind, a
    concept of its own filed under it."""
    if vocabulary.version not in _KINDS:
        patterns = {}
        for category, key in _KIND_MODIFIERS.items():
            words = sorted((normalize(w) for w in (vocabulary.discovery or {}).get(key, [])), key=len, reverse=True)
            if words:
                patterns[category] = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")\s+$")
        _KINDS[vocabulary.version] = patterns
    patterns = _KINDS[vocabulary.version]
    if not patterns:
        return matches
    out: list[tuple[int, int, str]] = []
    for start, end, concept_id in matches:
        base = concepts.get(concept_id) or vocabulary.concepts.get(concept_id)
        pattern = patterns.get(base.category) if base is not None else None
        m = pattern.search(vtext, max(0, start - 40), start) if pattern is not None else None
        if m is None or (out and out[-1][1] > m.start(1)):
            out.append((start, end, concept_id))
            continue
        said = vtext[start:end]
        # (one name for both numbers: "a thiazide-like diuretic" and "thiazide-like diuretics"; else as
        # written, which is how writers name it: "dihydropyridine CCBs", "simple painkillers")
        named = base.label if base.label in (said, said + "s", said + "es") or said == base.label + "s" else said
        label = f"{m.group(1)} {named}"
        known = vocabulary.lookup(label)
        kind_id = known or slugify(label)
        if not known:
            concepts.setdefault(kind_id, Concept(kind_id, label, base.category, parents=(base.id,), discovered=True))
        out.append((m.start(1), end, kind_id))
    return out


_PROCESSES: dict[str, tuple[re.Pattern, re.Pattern, dict[str, str]] | None] = {}
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")  # between two items of a list


def _processes(vocabulary: Vocabulary):
    """The transport nouns of ``discovery.yaml`` (``transport_nouns``: word -> the name it gives)
    as patterns: one before a molecule ("the reuptake of"), one after it ("serotonin reuptake")."""
    if vocabulary.version not in _PROCESSES:
        nouns = {normalize(str(k)): normalize(str(v)) for k, v in ((vocabulary.discovery or {}).get("transport_nouns") or {}).items()}
        if not nouns:
            _PROCESSES[vocabulary.version] = None
        else:
            words = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
            before = re.compile(r"(?:^|(?<=\W))(" + words + r")(?:\s*\([a-z\- ]+\))?\s+of\s+(?:the\s+|its\s+|their\s+)?$")
            after = re.compile(r"\s+(" + words + r")\b")
            _PROCESSES[vocabulary.version] = (before, after, nouns)
    return _PROCESSES[vocabulary.version]


def _transport(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]],
               concepts: dict[str, Concept]) -> list[tuple[int, int, str]]:
    """"the reuptake of noradrenaline", "serotonin reuptake", "the reuptake of dopamine and
    noradrenaline": a molecule's transport is a Mechanism of its own ("norepinephrine reuptake"),
    not the molecule: a medicine that blocks the reuptake of a messenger raises its level."""
    patterns = _processes(vocabulary)
    if patterns is None:
        return matches
    before, after, nouns = patterns
    drug_nouns = {normalize(str(w)) for w in (vocabulary.discovery or {}).get("drug_process_nouns") or []}
    out: list[tuple[int, int, str]] = []
    carried: str | None = None  # the noun of the previous molecule, for "of A and B"
    for start, end, concept_id in matches:
        concept = concepts.get(concept_id) or vocabulary.concepts.get(concept_id)
        if concept is None or concept.category not in ("Molecule", "Drug"):
            out.append((start, end, concept_id))
            carried = None
            continue
        noun = None
        m = before.search(vtext, max(0, start - 60), start)
        a = after.match(vtext, end)
        if m and (concept.category == "Molecule" or nouns[m.group(1)] in drug_nouns):
            noun, start = nouns[m.group(1)], m.start(1)
        elif a and (concept.category == "Molecule" or nouns[a.group(1)] in drug_nouns):
            noun, end = nouns[a.group(1)], a.end()
        elif carried and out and _LIST_JOIN.fullmatch(vtext, out[-1][1], start) and (
                concept.category == "Molecule" or carried in drug_nouns):
            noun = carried
        if noun is None:
            out.append((start, end, concept_id))
            carried = None
            continue
        named = concept.label.split(" ")
        label = " ".join(named[:-1] + [singular(named[-1]), noun])  # ("red blood cell production")
        known = vocabulary.lookup(label)
        new_id = known if known and vocabulary.concepts[known].category == "Mechanism" else slugify(label)
        if new_id not in vocabulary.concepts:
            concepts.setdefault(new_id, Concept(new_id, label, "Mechanism", discovered=True))
        out.append((start, end, new_id))
        carried = noun
    return out


def _open_vocabulary(vtext: str, vocabulary: Vocabulary, matches: list[tuple[int, int, str]],
                     concepts: dict[str, Concept]) -> list[tuple[int, int, str]]:
    """Conditions the vocabulary lacks: everyday wording ("trouble sleeping") and HPO phenotype
    names ("muscle cramp"), where no vocabulary mention covers any part of them."""
    index = phenotype_index()
    found: list[tuple[int, int, str, str, tuple[str, ...]]] = []
    for start, end, label, category in lay_matches(vtext, vocabulary):
        hp_id = index.lookup(label)
        found.append((start, end, label, category, (hp_id,) if hp_id else ()))
    for start, end, hp_id in index.find(vtext):
        found.append((start, end, index.label[hp_id], "Condition", (hp_id,)))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    taken = [(s, e) for s, e, _ in matches]
    extra: list[tuple[int, int, str]] = []
    dropped: set[tuple[int, int]] = set()
    for start, end, label, category, xrefs in found:
        inside = [(s, e, c) for s, e, c in matches if s < end and e > start and (s, e) not in dropped]
        if len(inside) == 1:
            s0, e0, c0 = inside[0]
            # "resting tremor", "head tremor": a phenotype one word longer than the vocabulary's
            # one-word condition it ends with is that phenotype (unless an earlier find holds it)
            if start < s0 and e0 == end and " " not in vtext[s0:e0] \
                    and (concepts.get(c0) or vocabulary.concepts[c0]).category == "Condition" \
                    and not any(s < end and e > start for s, e, _ in extra):
                dropped.add((s0, e0))
                taken.remove((s0, e0))
        if category == "Drug" and inside and all(
                start <= s and e <= end and (concepts.get(c) or vocabulary.concepts[c]).category == "Molecule" for s, e, c in inside):
            # "sodium bicarbonate": a salt given as a medicine, not the body's sodium
            for s0, e0, _ in inside:
                dropped.add((s0, e0))
                taken.remove((s0, e0))
        if any(s < end and e > start for s, e in taken):
            continue
        known = vocabulary.lookup(label) or vocabulary.lookup(re.sub(r"^feels? ", "feeling ", label))  # ("feel detached")
        concept_id = known or slugify(label)
        if not known:
            concepts.setdefault(concept_id, Concept(concept_id, label, category, xrefs=xrefs, discovered=True))
        extra.append((start, end, concept_id))
        taken.append((start, end))
    matches = [m for m in matches if (m[0], m[1]) not in dropped]
    return _leftmost_longest(matches + extra) if extra else matches


_HP_OF: dict[tuple[str, ...], str | None] = {}  # names -> HP id (the same concepts recur in every source)


def _ground(concepts: dict[str, Concept]) -> None:
    """A Condition whose label or a synonym is an HPO phenotype's name gets its HP id."""
    index = phenotype_index()
    for concept_id, concept in concepts.items():
        if concept.category != "Condition" or any(x.startswith("HP:") for x in concept.xrefs):
            continue
        names = (concept.label, *concept.synonyms)
        if names not in _HP_OF:
            _HP_OF[names] = next((h for h in (index.lookup(n) for n in names) if h), None)
        hp_id = _HP_OF[names]
        if hp_id:
            concepts[concept_id] = concept.replace(xrefs=tuple(sorted({*concept.xrefs, hp_id})))


def find_mentions(source, vocabulary: Vocabulary, view: TextView | None = None) -> FoundMentions:
    """All concept mentions of a source (in text order), and the concepts they refer to."""
    text = source.text
    view = view or TextView(text)
    vtext = view.text
    terms, abbrevs = term_automaton(vocabulary)

    matches: list[tuple[int, int, str]] = []
    for end_index, (length, concept_id) in terms.iter(vtext):
        start = end_index - length + 1
        if _left_ok(vtext, start) and _right_ok(vtext, end_index + 1):
            matches.append((start, end_index + 1, concept_id))
    if abbrevs is not None:
        # Abbreviations are matched case-sensitively on the original text, then moved into view offsets.
        for end_index, (length, concept_id) in abbrevs.iter(text):
            start = end_index - length + 1
            if _left_ok(text, start) and _right_ok(text, end_index + 1):
                vs = view.to_view(start)
                if vtext[vs:vs + length].lower() == text[start:end_index + 1].lower():
                    matches.append((vs, vs + length, concept_id))

    concepts: dict[str, Concept] = {}
    defined: dict[str, str] = {}
    discovered = _discover(view, vocabulary, matches)
    # A discovered phrase wins over shorter vocabulary matches inside it only when those are
    # Condition/Mechanism words ("pain" in "spinal pain"); a drug inside ("ketamine nasal spray")
    # means the vocabulary match stands.
    final: list[tuple[int, int, str]] = []
    inside_drug = {(s, e) for s, e, cid in matches if vocabulary.concepts[cid].category in ("Drug", "Molecule", "Therapy")}
    for start, end, label, category in discovered:
        covered = [(s, e, c) for s, e, c in matches if s < end and e > start]
        if any(e > end or s < start for s, e, c in covered):
            continue
        if any(s == start and e == end for s, e, c in covered):
            continue  # the vocabulary names the whole phrase ("sexual problems"), in whatever number
        if category == "Molecule":
            # a receptor, channel or transporter only when named after a known molecule ("CGRP
            # receptors"), right before it ("the brain's NMDA receptors" is the NMDA receptor)
            if not covered or any(vocabulary.concepts[c].category != "Molecule" for s, e, c in covered):
                continue
            if any(e == end for s, e, c in covered):
                continue  # the head itself is the known molecule ("normal hormone levels"): no name before it
            start = min(s for s, e, c in covered)
            label = view.text[start:end].rsplit(" ", 1)[0] + " " + label.rsplit(" ", 1)[1]
        elif category == "Drug" and label.rsplit(" ", 1)[-1] in _ROLE_HEADS and covered:
            # "CGRP receptor antagonists": a class named after a molecule the vocabulary knows (only
            # that way: "a ketamine antagonist" is no class of its own)
            if any(vocabulary.concepts[c].category not in ("Molecule", "Mechanism") for s, e, c in covered):
                continue
        elif any((s, e) in inside_drug for s, e, c in covered):
            continue
        elif label.rsplit(" ", 1)[-1] in _EPISODES and any(
                s == start and vocabulary.concepts[c].category == "Condition" and not view.text[e:end].strip(" ").count(" ")
                for s, e, c in covered):
            continue  # "cluster headache attacks", "a migraine episode": attacks of the condition named
        elif label.rsplit(" ", 1)[-1] in _EPISODES and (after := _OF_AFTER.match(view.text, end)) and any(
                s == after.end() and vocabulary.concepts[c].category == "Condition" for s, e, c in matches if c in vocabulary.concepts):
            continue  # "painful attacks of gout", "sudden episodes of vertigo": the condition after "of"
        concept_id = slugify(label)
        if concept_id in vocabulary.concepts:
            continue
        concepts.setdefault(concept_id, Concept(concept_id, label, category, discovered=True))
        matches = [m for m in matches if not (m[0] >= start and m[1] <= end)]
        final.append((start, end, concept_id))
    matches = _leftmost_longest(matches + final)
    matches = _open_vocabulary(vtext, vocabulary, matches, concepts)

    # Abbreviations defined in this text: "long form (ABBR)".
    long_forms: dict[str, str] = {}
    for m in _ABBR_DEF.finditer(text):
        abbr = m.group(1)
        if abbr in vocabulary.abbreviations:
            defined[abbr] = vocabulary.abbreviations[abbr]
            continue
        vstart = view.to_view(m.start())
        # The mention ending right before the parenthesis names the concept.
        before = [mm for mm in matches if mm[1] <= vstart and vstart - mm[1] <= 2]
        long_form = _long_form(text[: m.start()], abbr)
        if before and long_form:
            # "Essential tremor (ET)": the abbreviation spells more words than the vocabulary's
            # "tremor"; the long form names a concept of its own, of the word's category
            s0, e0, cid0 = before[-1]
            label = normalize(long_form)
            category = (concepts.get(cid0) or vocabulary.concepts[cid0]).category
            words = label.split()
            if (len(label) > e0 - s0 + 1 and vtext[s0:e0].lower() in label and label.endswith(vtext[s0:e0].lower())
                    and 2 <= len(words) <= 6 and category in ("Condition", "Therapy", "Drug", "Mechanism")
                    and not vocabulary.lookup(label) and slugify(label) not in vocabulary.concepts
                    and words[0] not in _discovery(vocabulary).stop):
                concept_id = slugify(label)
                concepts.setdefault(concept_id, Concept(concept_id, label, category, discovered=True))
                long_forms[label] = concept_id
                defined[abbr] = concept_id
                continue
        if before:
            defined[abbr] = before[-1][2]
            continue
        if long_form:
            concept_id = vocabulary.lookup(long_form)
            if concept_id:
                defined[abbr] = concept_id
    for label, concept_id in long_forms.items():
        # every place the long form is written is a mention of it, not of the word inside it
        spans_of = [(f.start(), f.end()) for f in re.finditer(
            r"(?<![\w-])" + r"[\s-]+".join(re.escape(w) for w in label.split()) + r"(?![\w-])", vtext, re.I)]
        matches = [mm for mm in matches if not any(s <= mm[0] and mm[1] <= e for s, e in spans_of)]
        matches = _leftmost_longest(matches + [(s, e, concept_id) for s, e in spans_of])
    if defined:
        pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(defined, key=len, reverse=True)) + r")(?:s|'s)?\b")
        extra = []
        taken = [(s, e) for s, e, _ in matches]
        for m in pattern.finditer(text):
            vs = view.to_view(m.start())
            ve = vs + (m.end() - m.start())
            if vtext[vs:ve].lower() != m.group(0).lower():
                continue  # removed from the view (the definition itself)
            if any(s < ve and e > vs for s, e in taken):
                continue
            extra.append((vs, ve, defined[m.group(1)]))
        matches = _leftmost_longest(matches + extra)
        for abbr, concept_id in defined.items():
            base = concepts.get(concept_id) or vocabulary.concepts.get(concept_id)
            if base is not None and abbr not in base.synonyms:
                concepts[concept_id] = base.replace(synonyms=tuple(sorted({*base.synonyms, abbr})))

    # Organizations named in the text but not in the vocabulary.
    taken = [(s, e) for s, e, _ in matches]
    page_lines = furniture(text)
    for start, end, name in _organizations(text, vocabulary):
        vs, ve = view.to_view(start), view.to_view(start) + (end - start)
        if any(s <= vs and e >= ve for s, e in taken) or any(s < end and start < e for s, e in page_lines):
            continue  # (a running header's "Community Health Newsletter" is no organization of the text)
        known = vocabulary.lookup(name)
        concept_id = known or slugify(name)
        if not known:
            concepts.setdefault(concept_id, Concept(concept_id, normalize(name), "Organization", discovered=True, display=name))
        matches = [m for m in matches if not (m[0] >= vs and m[1] <= ve)]
        matches = _leftmost_longest(matches + [(vs, ve, concept_id)])
        taken = [(s, e) for s, e, _ in matches]

    matches = _kinds(vtext, vocabulary, matches, concepts)
    matches = _shared_heads(vtext, vocabulary, matches, concepts)
    matches = _named_by_kind(vtext, vocabulary, matches, concepts)
    matches = _grow_drug_forms(vtext, vocabulary, matches)
    matches = _transport(vtext, vocabulary, matches, concepts)
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for vs, ve, concept_id in matches:
        os_, oe = view.to_original(vs), view.end_to_original(ve)
        mentions.append(Mention(concept_id, text[os_:oe], os_, oe, source.id, -1))
        spans.append((vs, ve))
        if concept_id not in concepts:
            concepts[concept_id] = vocabulary.concepts[concept_id]
    _ground(concepts)
    return FoundMentions(view=view, mentions=mentions, concepts=concepts, view_spans=spans, abbreviations=defined)
