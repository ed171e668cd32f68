"""The one loader of the package's data files: concept vocabulary, spelling variants, cue words.

Data files (all YAML, in this folder):

- ``concepts/*.yaml``: one file per area of the field, each
  ``{category: Drug, concepts: [{label, synonyms, abbreviations, xrefs, parents, display, no_plural}]}``;
  ``category`` may also be given per concept.
- ``spelling.yaml``: British/American and hyphenation variants, applied to every term.
- ``cues.yaml``: predicate cue words, negation/hedge/attribution cues, quantity patterns.
- ``discovery.yaml``: head nouns and stop words for concepts the vocabulary does not list.

Plurals and spelling variants are generated here, so the data lists each concept
once in its base form. Abbreviations are matched case-sensitively ("PTSD" but not
"ptsd"-inside-a-word, "ADD" but never "add").

>>> vocab = load_vocabulary()
>>> vocab.lookup("Anaesthetics") == vocab.lookup("anesthetic")
True
>>> vocab.concepts[vocab.lookup("PTSD")].category
'Condition'
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.fileio import load_yaml
from graph.errors import VocabularyError
from graph.model import CATEGORIES, Concept, slugify

__all__ = ["Vocabulary", "load_vocabulary", "normalize", "plural_forms", "DATA_DIR"]

DATA_DIR = Path(__file__).parent
# Bump when the loader's expansion rules change: it is part of the cache key.
LOADER_VERSION = "3"

_CHAR_MAP = str.maketrans({"’": "'", "‘": "'", "‛": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-", "‐": "-", "\u00a0": " "})


def normalize(text: str) -> str:
    """Lower-case and fold typographic quotes/dashes, keeping the length (offsets stay valid).

    >>> normalize("Post‑Traumatic’s")
    "post-traumatic's"
    """
    folded = text.translate(_CHAR_MAP)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # rare characters whose lower case has another length
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)
    return lowered


# Mass nouns and already-plural forms get no generated plural ("arthritis", "pain", "opioids").
_NO_PLURAL = re.compile(r"(?:itis|osis|sis|ss|us|ics|ia|pain|ness|ism|ing|ogy|ea|s)$")
_ES = re.compile(r"(?:s|x|z|ch|sh)$")


# Plural endings of agent and class nouns whose singular is the word less its "s" ("blockers",
# "inhibitors", "agonists", "antidepressants", "analgesics").
_PLURAL_AGENT_ENDINGS = ("ers", "ors", "ists", "ants", "ents", "ics")


def plural_forms(term: str) -> list[str]:
    """Plural forms of a term's last word (none for mass nouns and -itis/-osis words).

    >>> plural_forms("nmda receptor"), plural_forms("therapy"), plural_forms("arthritis")
    (['nmda receptors'], ['therapies'], [])
    """
    words = term.split(" ")
    last = words[-1]
    if len(last) < 3 or not last.isalpha() or _NO_PLURAL.search(last):
        return []
    if last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif _ES.search(last):
        plural = last + "es"
    else:
        plural = last + "s"
    return [" ".join(words[:-1] + [plural])]


@dataclass(frozen=True)
class Vocabulary:
    """Concepts of the field and every surface form that names them."""

    concepts: dict[str, Concept]
    terms: dict[str, str]  # normalized surface form -> concept id
    abbreviations: dict[str, str]  # exact-case short form -> concept id
    cues: dict[str, Any]
    version: str
    discovery: dict[str, Any] = field(default_factory=dict)
    by_label: dict[str, str] = field(default_factory=dict)
    syntax: dict[str, Any] = field(default_factory=dict)  # rules of the dependency relation finder

    def lookup(self, name: str) -> str | None:
        """The concept id for a label, synonym or abbreviation (any spelling variant), or None."""
        if name in self.abbreviations:
            return self.abbreviations[name]
        key = normalize(name).strip()
        return self.terms.get(key) or self.by_label.get(key)

    def __len__(self) -> int:
        return len(self.concepts)

    def counts(self) -> dict[str, int]:
        """Number of concepts per category."""
        out = {c: 0 for c in CATEGORIES}
        for concept in self.concepts.values():
            out[concept.category] += 1
        return out


def _read_yaml(path: Path) -> Any:
    import yaml  # here, not at the top: a question that only folds names (normalize) needs no YAML

    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: cannot read vocabulary file: {error}") from error


def _check_scalars(data: Any, path: Path, where: str = "") -> None:
    """YAML reads bare no/on/yes/true as booleans: in cue and discovery lists that is a data error."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_scalars(value, path, f"{where}/{key}")
    elif isinstance(data, list):
        for value in data:
            _check_scalars(value, path, where)
    elif isinstance(data, bool) or data is None:
        raise VocabularyError(f"{path}: {where}: {data!r} is not a word; quote it (YAML reads no/on/yes as booleans)")


def _spelling_variants(term: str, rules: list[tuple[str, str]]) -> set[str]:
    variants = {term}
    for a, b in rules:
        for v in list(variants):
            if a in v:
                variants.add(v.replace(a, b))
            if b in v:
                variants.add(v.replace(b, a))
    for v in list(variants):
        if "-" in v:
            variants.add(v.replace("-", " "))
            variants.add(v.replace("-", ""))
    return variants


def expand_term(term: str, rules: list[tuple[str, str]], plurals: bool = True) -> set[str]:
    """Every normalized surface form of a term: spelling variants and (unless ``plurals`` is off) their plurals."""
    base = normalize(term).strip()
    base = re.sub(r"\s+", " ", base)
    forms = set()
    for variant in _spelling_variants(base, rules):
        forms.add(variant)
        if plurals:
            forms.update(plural_forms(variant))
    return {f for f in forms if f}


@functools.lru_cache(maxsize=4)
def load_vocabulary(directory: str | None = None) -> Vocabulary:
    """Load and expand the vocabulary from ``directory`` (default: the package's data)."""
    root = Path(directory) if directory else DATA_DIR
    files = sorted((root / "concepts").glob("*.yaml"))
    if not files:
        raise VocabularyError(f"{root / 'concepts'}: no vocabulary files")
    digest = hashlib.sha256(LOADER_VERSION.encode())
    spelling_path = root / "spelling.yaml"
    cues_path = root / "cues.yaml"
    discovery_path = root / "discovery.yaml"
    syntax_path = root / "syntax.yaml"
    if not syntax_path.exists():
        syntax_path = DATA_DIR / "syntax.yaml"  # a custom vocabulary folder may leave the parse rules out
    for path in [*files, spelling_path, cues_path, discovery_path, syntax_path, root / "segmentation.yaml"]:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    spelling = _read_yaml(spelling_path) if spelling_path.exists() else {}
    rules = [(normalize(a), normalize(b)) for a, b in (spelling or {}).get("variants", [])]
    cues = _read_yaml(cues_path) if cues_path.exists() else {}
    discovery = _read_yaml(discovery_path) if discovery_path.exists() else {}
    _check_scalars(cues or {}, cues_path)
    _check_scalars(discovery or {}, discovery_path)
    syntax = _read_yaml(syntax_path) or {}
    _check_scalars(syntax, syntax_path)

    concepts: dict[str, Concept] = {}
    terms: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    by_label: dict[str, str] = {}
    pending_parents: list[tuple[str, list[str], Path]] = []
    for path in files:
        data = _read_yaml(path) or {}
        default_category = data.get("category")
        for entry in data.get("concepts") or []:
            if not isinstance(entry, dict) or not entry.get("label"):
                raise VocabularyError(f"{path}: every concept needs a label: {entry!r}")
            label = re.sub(r"\s+", " ", normalize(str(entry["label"])).strip())
            category = entry.get("category", default_category)
            if category not in CATEGORIES:
                raise VocabularyError(f"{path}: concept {label!r} has unknown category {category!r}")
            concept_id = slugify(label)
            if concept_id in concepts:
                raise VocabularyError(f"{path}: concept {label!r} is defined twice")
            synonyms = [str(s) for s in entry.get("synonyms") or []]
            abbrevs = [str(a) for a in entry.get("abbreviations") or []]
            concepts[concept_id] = Concept(
                id=concept_id,
                label=label,
                category=category,
                synonyms=tuple(sorted({normalize(s).strip() for s in synonyms} | set(abbrevs))),
                xrefs=tuple(str(x) for x in entry.get("xrefs") or []),
                display=str(entry.get("display") or ""),
                description=str(entry.get("description") or ""),
            )
            by_label[label] = concept_id
            if entry.get("parents"):
                pending_parents.append((concept_id, [str(p) for p in entry["parents"]], path))
            for term in [label, *synonyms]:
                for form in expand_term(term, rules, plurals=not entry.get("no_plural")):
                    # The first definition wins; a label always beats another concept's synonym.
                    if form not in terms or form == label:
                        terms[form] = concept_id
            for abbr in abbrevs:
                for form in (abbr, abbr + "s", abbr + "'s"):
                    abbreviations.setdefault(form, concept_id)
    # Singulars of plural multi-word names ("angiotensin ii receptor blockers" -> "... blocker"),
    # where no concept already owns the singular: a writer names one drug of a class as often.
    for form, concept_id in list(terms.items()):
        words = form.split(" ")
        if len(words) >= 2 and words[-1].endswith(_PLURAL_AGENT_ENDINGS):
            terms.setdefault(" ".join(words[:-1] + [words[-1][:-1]]), concept_id)
    for concept_id, parents, path in pending_parents:
        resolved = []
        for parent in parents:
            parent_id = by_label.get(normalize(parent).strip()) or terms.get(normalize(parent).strip())
            if parent_id is None:
                raise VocabularyError(f"{path}: parent {parent!r} of {concepts[concept_id].label!r} is not in the vocabulary")
            resolved.append(parent_id)
        concepts[concept_id] = concepts[concept_id].replace(parents=tuple(resolved))
    return Vocabulary(
        concepts=concepts,
        terms=terms,
        abbreviations=abbreviations,
        cues=cues or {},
        version=digest.hexdigest()[:16],
        by_label=by_label,
        discovery=discovery or {},
        syntax=syntax,
    )
