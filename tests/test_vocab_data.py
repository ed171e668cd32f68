"""The vocabulary's data reads as written: no YAML scalar that parses to something else, no
preferred label that is also an alternative label (SKOS forbids it), no duplicate id.

YAML flow lists split on commas and read bare numbers, dates and yes/no as non-strings:
``synonyms: [ecstasy, 3,4-methylenedioxymethamphetamine]`` gave MDMA the synonym ``3``.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from graph.model import slugify
from graph.vocab import DATA_DIR, load_vocabulary, normalize

CONCEPT_FILES = sorted((DATA_DIR / "concepts").glob("*.yaml"))
TEXT_FIELDS = ("label", "display", "description")
LIST_FIELDS = ("synonyms", "abbreviations", "xrefs", "parents")


def _entries():
    for path in CONCEPT_FILES:
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("concepts") or []:
            yield path.name, entry


def _problems(entries) -> list[str]:
    problems = []
    for name, entry in entries:
        label = entry.get("label")
        for field in TEXT_FIELDS:
            if field in entry and not isinstance(entry[field], str):
                problems.append(f"{name}: {label!r} {field} {entry[field]!r} is a {type(entry[field]).__name__}, not text")
        for field in LIST_FIELDS:
            for value in entry.get(field) or []:
                if not isinstance(value, str):
                    problems.append(f"{name}: {label!r} {field} item {value!r} is a {type(value).__name__}, not text (quote it)")
                elif not any(ch.isalpha() for ch in value):
                    problems.append(f"{name}: {label!r} {field} item {value!r} has no letter (a split or cut value?)")
        if isinstance(label, str):
            own = normalize(label).strip()
            for synonym in entry.get("synonyms") or []:
                if isinstance(synonym, str) and normalize(synonym).strip() == own:
                    problems.append(f"{name}: {label!r} lists its own label as a synonym (SKOS: prefLabel = altLabel)")
    return problems


def test_no_value_parses_to_something_else_and_no_label_repeats_as_synonym():
    assert _problems(_entries()) == []


def test_the_check_catches_the_mdma_case_and_a_repeated_label():
    entries = [("x.yaml", yaml.safe_load("label: mdma\nsynonyms: [ecstasy, 3,4-methylenedioxymethamphetamine]")),
               ("x.yaml", {"label": "mood regulation", "synonyms": ["Mood regulation"]}),
               ("x.yaml", yaml.safe_load("label: no\nsynonyms: [2024-01-01]"))]
    problems = _problems(entries)
    assert any("item 3 is a int" in p for p in problems)
    assert any("lists its own label" in p for p in problems)
    assert any("label False is a bool" in p for p in problems) and any("date" in p for p in problems)


def test_no_duplicate_ids_and_loaded_concepts_keep_labels_apart():
    ids = Counter(slugify(normalize(str(entry["label"])).strip()) for _, entry in _entries())
    assert [i for i, n in ids.items() if n > 1] == []
    vocab = load_vocabulary()
    mdma = vocab.concepts["mdma"]
    assert "3,4-methylenedioxymethamphetamine" in mdma.synonyms and "3" not in mdma.synonyms
    assert vocab.lookup("3") is None
    for concept in vocab.concepts.values():
        assert concept.label not in concept.synonyms, concept.id


@pytest.mark.parametrize("text", ["3", "4-methylenedioxymethamphetamine"])
def test_fragments_of_the_mdma_name_name_nothing(text):
    assert load_vocabulary().lookup(text) is None
