"""Concepts named only by their place in a claim: open-vocabulary arguments.

The vocabulary, HPO and the head-noun rules of :mod:`graph.extract.entities` miss many names
a writer uses: "ondansetron", "laxatives", "damage to the bladder lining", "blue lips".
When the parse shows such a noun phrase in an argument slot of a relation whose other end
is a known concept ("Zolpidem can cause *sleepwalking*", "Signs of an overdose include
*pinpoint pupils*", "nausea, *blue lips* and dizziness" beside a known item), the phrase
becomes a discovered concept. Its category is not guessed from the word alone: the slot
decides it (the object of "causes" is a Condition, the subject of "treats" a Drug or a
Therapy), with the phrase's head word choosing between the slot's categories.

A phrase never becomes a concept when its head is a generic word ("treatment", "people",
"way"; every word list in ``discovery.yaml``), a pronoun or a number, and a discovered
concept only reaches the graph if a claim uses it.

>>> from graph.vocab import load_vocabulary
>>> words = argument_words(load_vocabulary())
>>> pick_category(frozenset({"Drug", "Therapy"}), "ondansetron", words)
'Drug'
>>> pick_category(frozenset({"Drug", "Therapy"}), "swimming", words)
'Therapy'
>>> pick_category(frozenset({"Condition", "Mechanism"}), "sleepwalking", words)
'Condition'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extract.entities import singular
from graph.vocab import Vocabulary, normalize

__all__ = ["ArgumentWords", "argument_words", "generic_name", "pick_category", "signals_category", "nominal", "phrase_tokens", "phrase_label", "plain_treatment", "UNTYPED",
           "TREATMENT_CATEGORIES"]

# The category of a discovered argument before a claim types it.
UNTYPED = "?"

# Left modifiers kept in a phrase's name ("sexual problems", "blue lips", "next-day drowsiness").
_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "punct", "hmod", "poss"})
# Words a name never starts with.
_LEADING_POS = frozenset({"DET", "PRON", "NUM", "ADP", "CCONJ", "PUNCT", "PART", "ADV", "AUX", "SCONJ", "SYM"})
# "damage to the bladder lining", "loss of bladder control": one prepositional phrase kept.
_RIGHT_PREPS = frozenset({"of", "to"})
_MAX_WORDS = 6
# The categories of a slot that takes a treatment (the subject of "treats").
TREATMENT_CATEGORIES = frozenset({"Drug", "Therapy"})
# Heads of multi-word treatment names that are things done rather than substances.
_CATEGORY_ORDER = ("Condition", "Drug", "Therapy", "Mechanism", "Molecule", "RiskFactor")


@dataclass(frozen=True)
class ArgumentWords:
    """The word lists argument discovery reads (all from the vocabulary's data files)."""

    generic: frozenset[str]  # heads that never name a concept by themselves
    head_category: dict[str, str]  # discovery head nouns -> category
    drug_endings: tuple[str, ...]
    drug_class_prefixes: tuple[str, ...]
    never: frozenset[str]  # heads that never name a concept, even with a modifier ("older adults")
    control: frozenset[str] = frozenset()  # modifiers of a trial's comparison ("a dummy injection")
    name_endings: tuple[str, ...] = ()  # endings of medical words ("-itis", "-algia", "-ness", "-ing")
    body_parts: frozenset[str] = frozenset()  # heads that name a concept only with a modifier ("dry lips")


_WORDS: dict[str, ArgumentWords] = {}


def argument_words(vocabulary: Vocabulary) -> ArgumentWords:
    """The compiled word lists of a vocabulary (once per vocabulary version)."""
    if vocabulary.version in _WORDS:
        return _WORDS[vocabulary.version]
    data = vocabulary.discovery or {}
    syntax = vocabulary.syntax or {}
    generic = {normalize(str(w)) for w in data.get("stop_modifiers") or []}
    generic |= {normalize(str(w)) for w in data.get("generic_heads") or []}
    for key in ("pass_through", "class_nouns"):
        generic |= {normalize(str(w)) for w in syntax.get(key) or []}
    generic |= {normalize(str(w)) for w in syntax.get("frames") or {}}
    generic |= {normalize(str(w)) for w in vocabulary.cues.get("person_nouns") or []}
    heads = {}
    for category, ws in (data.get("heads") or {}).items():
        for w in ws:
            heads[normalize(str(w))] = str(category)
    words = ArgumentWords(
        generic=frozenset(generic),
        head_category=heads,
        drug_endings=tuple(str(w) for w in data.get("drug_name_stems") or []),
        drug_class_prefixes=tuple(str(w) for w in data.get("drug_class_prefixes") or []),
        never=frozenset(normalize(str(w)) for w in data.get("never_names") or []),
        control=frozenset(normalize(str(w)) for w in data.get("control_modifiers") or []),
        name_endings=tuple(str(w) for w in data.get("name_endings") or []),
        body_parts=frozenset(normalize(str(w)) for w in data.get("body_parts") or []),
    )
    _WORDS[vocabulary.version] = words
    return words


def _drug_like(word: str, words: ArgumentWords) -> bool:
    word = word.lower()
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return (len(word) >= 6 and word.endswith(words.drug_endings)) or word.startswith(words.drug_class_prefixes)


def generic_name(label: str, words: ArgumentWords) -> bool:
    """Whether a concept's label is a generic word alone ("medication", "treatments").

    >>> words = argument_words(__import__("graph.vocab").vocab.load_vocabulary())
    >>> generic_name("medications", words), generic_name("sexual problems", words)
    (True, False)
    """
    return bool(label) and " " not in label and (label in words.generic or label.rstrip("s") in words.generic)


def signals_category(head: str, words: ArgumentWords) -> bool:
    """Whether a head word says by itself that it names a concept: a discovery head noun
    ("problems", "syndrome"), a drug-name stem, or a medical word ending ("-itis", "-ness").

    >>> words = argument_words(__import__("graph.vocab").vocab.load_vocabulary())
    >>> signals_category("sleepwalking", words), signals_category("limitations", words)
    (True, False)
    """
    head = head.lower()
    single = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if head in words.head_category or single in words.head_category or _drug_like(head, words):
        return True
    return len(single) >= 6 and single.endswith(words.name_endings)


def pick_category(allowed: frozenset[str], head: str, words: ArgumentWords, gerund: bool = False) -> str | None:
    """The category a slot gives a phrase with head word ``head``: the head's own category
    where the slot allows it, else a drug-like name a Drug, an activity ("swimming") a
    Therapy, and otherwise the slot's first category in a fixed order."""
    head = head.lower()
    own = words.head_category.get(head) or words.head_category.get(head.rstrip("s"))
    if own in allowed:
        return own
    if "Drug" in allowed and _drug_like(head, words):
        return "Drug"
    if allowed == {"RiskFactor", "Condition"}:  # a risk factor's name: a condition only if it says so
        return "Condition" if own == "Condition" or signals_category(head, words) else "RiskFactor"
    if "Therapy" in allowed and (gerund or head.endswith("ing")):
        # (what a cause's slot takes as an activity is a risk factor: "chewing", "heavy drinking")
        return "RiskFactor" if "RiskFactor" in allowed else "Therapy"
    if allowed <= {"Drug", "Therapy"}:
        return None  # a drug or therapy slot takes only a name that says it is one
    for category in _CATEGORY_ORDER:
        if category in allowed and not (category == "Drug" and "Therapy" in allowed):
            return category
    return next(iter(sorted(allowed)), None)


def plain_treatment(label: str, words: ArgumentWords) -> str:
    """The category of a treatment named by a word that says nothing of itself: one word is a
    substance's name ("baclofen", "colchicine"), several words or an activity a therapy ("bed
    rest", "guided self-help", "stretching").

    >>> words = argument_words(__import__("graph.vocab").vocab.load_vocabulary())
    >>> plain_treatment("baclofen", words), plain_treatment("bed rest", words), plain_treatment("stretching", words)
    ('Drug', 'Therapy', 'Therapy')
    """
    if " " in label or "-" in label or label.endswith(("ing", "tion", "ment", "ance", "ence", "ery", "apy")):
        return "Therapy"
    return "Drug"


# Dependencies of a noun phrase's head: an unknown name the tagger took for an adverb or an
# adjective ("such as ondansetron") is still a name in one of these places.
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "appos", "oprd"})


def nominal(tok) -> bool:
    """Whether ``tok`` can head a name: a noun, or an unknown word in a noun's place."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return tok.pos_ in ("ADV", "ADJ", "X") and tok.dep_ in _NOMINAL_DEPS and tok.is_alpha and not tok.is_stop


def phrase_tokens(tok) -> list:
    """The tokens naming the noun phrase ``tok`` heads: its left modifiers, the head, and one
    "of"/"to" phrase after it; determiners and numbers at the left are left out."""
    left = []
    for child in tok.lefts:
        if child.dep_ in _LEFT_DEPS:
            left.extend(child.subtree)
    tokens = sorted({t.i: t for t in [*left, tok]}.values(), key=lambda t: t.i)
    # keep only the contiguous run that ends at the head
    run = [tok]
    for t in reversed(tokens[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    cut = max((k for k, t in enumerate(run[:-1]) if t.dep_ in ("cc", "conj") or t.pos_ == "CCONJ"), default=-1)
    run = run[cut + 1:]  # "A and B work": the name is not "A and B work"
    while run[:-1] and (run[0].pos_ in _LEADING_POS or run[0].dep_ in ("det", "poss", "nummod", "predet")):
        run.pop(0)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in _RIGHT_PREPS and child.i == tok.i + 1:
            objs = [o for o in child.children if o.dep_ == "pobj"]
            if objs:
                inner = phrase_tokens(objs[0])
                if inner and inner[-1].i - tok.i < _MAX_WORDS:
                    between = [t for t in tok.doc[child.i + 1: inner[0].i]]
                    run = [*run, child, *between, *inner]
            break
    return run


def phrase_label(tokens, words: ArgumentWords) -> tuple[str, str] | None:
    """(name, key) for a phrase: its lower-case words as written and, to merge "blue lips" with
    "blue lip", the same with the head in the singular; None when the phrase is not a name (a
    generic head, a pronoun, a number, too long)."""
    if not tokens:
        return None
    head = next((t for t in tokens if t.head.i not in {u.i for u in tokens} or t.head.i == t.i), tokens[-1])
    if not nominal(head) or head.like_num or not head.is_alpha and "-" not in head.text:
        return None
    if normalize(head.text) in words.never or normalize(head.lemma_) in words.never:
        return None
    if any(normalize(t.text) in words.control for t in tokens if t.i <= head.i):
        return None  # "a dummy injection", "sham stimulation": what a trial compares with
    head_word = normalize(head.text)
    if head_word in words.body_parts and not any(t.i < head.i and t.is_alpha and normalize(t.text) not in words.generic
                                                 for t in tokens):
        return None  # "lips" alone names no condition
    if head_word in words.generic or normalize(head.lemma_) in words.generic:
        # a generic head names something only with a modifier of its own ("sexual problems")
        mods = [t for t in tokens if t.i < head.i and normalize(t.text) not in words.generic and t.is_alpha]
        if not mods:
            return None
    # strip generic words at the left edge ("severe nausea" is nausea)
    while len(tokens) > 1 and tokens[0].i < head.i and (normalize(tokens[0].text) in words.generic or tokens[0].pos_ in _LEADING_POS
                                                        or tokens[0].tag_ in ("JJR", "JJS", "RBR", "RBS")):
        # "first-line treatment": a generic word takes the rest of its hyphenated compound with it
        if len(tokens) > 2 and tokens[1].text == "-" and not tokens[0].whitespace_:
            tokens = tokens[2:]
        tokens = tokens[1:]
    if not tokens or tokens[0].i > head.i:
        return None
    if len(tokens) > _MAX_WORDS:
        return None
    if len(tokens) == 1 and words.head_category.get(head_word.rstrip("s")) == "Molecule":
        return None  # "receptors" alone names no receptor
    parts, key_parts = [], []
    for t in tokens:
        word = normalize(t.text)
        space = " " if t.whitespace_ else ""
        parts.append(word + space)
        if t.i == head.i and t.tag_ in ("NNS", "NNPS"):
            word = singular(word)
        key_parts.append(word + space)
    label = "".join(parts).strip()
    if len(label) < 3 or not any(c.isalpha() for c in label):
        return None
    return label, "".join(key_parts).strip()

