"""Checks of the vocabulary data files (graph/vocab/concepts/*.yaml, graph/vocab/spelling.yaml).

The loader keeps the first definition of a surface form silently, so these tests read
the YAML themselves and expand every term with ``graph.vocab.expand_term`` to find
forms that would name two concepts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from graph.model import CATEGORIES
from graph.vocab import DATA_DIR, expand_term, load_vocabulary, normalize

CONCEPT_FILES = sorted((DATA_DIR / "concepts").glob("*.yaml"))

MINIMUM_PER_CATEGORY = {
    "Condition": 150,
    "Drug": 80,
    "Therapy": 50,
    "Mechanism": 40,
    "Molecule": 40,
    "RiskFactor": 25,
    "Organization": 30,
    "Study": 8,
}

# Prefixes an xref may use, and the shape of the local identifier for each.
XREF_PATTERNS = {
    "MESH": re.compile(r"^[CD]\d{6}(\d{3})?$"),
    "CHEBI": re.compile(r"^\d+$"),
    "DOID": re.compile(r"^\d+$"),
    "MONDO": re.compile(r"^\d{7}$"),
    "HP": re.compile(r"^\d{7}$"),
    "GO": re.compile(r"^\d{7}$"),
    "NCIT": re.compile(r"^C\d+$"),
    "UMLS": re.compile(r"^C\d{7}$"),
    "DRUGBANK": re.compile(r"^DB\d{5}$"),
}

# Common English words (and words that are only safe as case-sensitive short forms)
# that must never be a case-insensitive surface form of any concept.
FORBIDDEN_TERMS = {
    "who", "act", "sad", "add", "nice", "ms", "ra", "va", "ace", "ed", "pt", "ma",
    "rest", "care", "sleep", "help", "use", "abuse", "combat", "change", "changes",
    "treatment", "treatments", "therapy", "therapies", "drug", "drugs", "condition",
    "conditions", "disorder", "symptom", "symptoms", "health", "mental health",
    "medicine", "support", "activity", "operation", "attack", "fits", "weed", "molly",
    "disaster", "shock", "focus", "energy", "mood", "brain", "body", "nerve", "nerves",
    "effect", "effects", "side effects", "risk", "study", "research", "patients",
}

# Words that contain fragments of the spelling pairs but are not spelling variants:
# the rules must leave them alone (bare "haem/hem", "ped/paed", "ise/ize",
# "oestr/estr" or "faec/fec" pairs would corrupt them).
SENTINEL_WORDS = [
    "exercise", "disease", "chemotherapy", "chemical", "restricted", "restraint",
    "developed", "speed", "effect", "infection", "systemic", "epidemic", "academic",
    "parameter", "noise", "seizure", "otherwise", "promise", "anthem", "hemp",
    "therapy", "treatment", "orchestra", "pediment", "moderate", "hemisphere",
    "raised", "exercising", "compromised", "promising", "collaboration", "managing",
]


def _rules() -> list[tuple[str, str]]:
    data = yaml.safe_load((DATA_DIR / "spelling.yaml").read_text(encoding="utf-8")) or {}
    return [(normalize(a), normalize(b)) for a, b in data.get("variants", [])]


def _entries() -> list[tuple[Path, dict, str]]:
    """Every concept entry with its file and effective category."""
    out = []
    for path in CONCEPT_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("concepts") or []:
            out.append((path, entry, entry.get("category", data.get("category"))))
    return out


def _label(entry: dict) -> str:
    return re.sub(r"\s+", " ", normalize(str(entry["label"])).strip())


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def rules():
    return _rules()


def test_every_file_is_a_mapping_with_concepts():
    assert CONCEPT_FILES, "no vocabulary files"
    for path in CONCEPT_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data.get("concepts"), path.name
        for entry in data["concepts"]:
            assert set(entry) <= {"label", "display", "synonyms", "abbreviations", "xrefs", "parents", "category", "description", "no_plural"}, (path.name, entry)
            for key in ("synonyms", "abbreviations", "xrefs", "parents"):
                assert isinstance(entry.get(key, []), list), (path.name, entry["label"], key)


def test_category_counts(vocab):
    counts = vocab.counts()
    assert len(vocab) >= 300
    for category, minimum in MINIMUM_PER_CATEGORY.items():
        assert counts[category] >= minimum, (category, counts[category], minimum)
    assert set(counts) == set(CATEGORIES)


def test_labels_unique_lower_case_and_american(rules):
    seen: dict[str, str] = {}
    for path, entry, category in _entries():
        label = _label(entry)
        assert category in CATEGORIES, (path.name, label, category)
        assert str(entry["label"]) == label, f"{path.name}: label {entry['label']!r} is not normalized lower case"
        assert label not in seen, f"{label!r} defined in {seen.get(label)} and {path.name}"
        seen[label] = path.name
        for british, _american in rules:
            assert british not in label, f"{path.name}: label {label!r} uses the British form {british!r}"


def test_no_surface_form_names_two_concepts(rules):
    owner: dict[str, set[str]] = defaultdict(set)
    for _path, entry, _category in _entries():
        label = _label(entry)
        for term in [entry["label"], *(entry.get("synonyms") or [])]:
            for form in expand_term(str(term), rules):
                owner[form].add(label)
    collisions = {form: sorted(labels) for form, labels in owner.items() if len(labels) > 1}
    assert not collisions, collisions


def test_abbreviations_are_unique_and_do_not_shadow_terms(rules):
    forms: dict[str, set[str]] = defaultdict(set)
    terms: dict[str, str] = {}
    for _path, entry, _category in _entries():
        for term in [entry["label"], *(entry.get("synonyms") or [])]:
            for form in expand_term(str(term), rules):
                terms[form] = _label(entry)
    for _path, entry, _category in _entries():
        label = _label(entry)
        for abbr in entry.get("abbreviations") or []:
            abbr = str(abbr)
            assert abbr.strip() == abbr and " " not in abbr, (label, abbr)
            assert any(ch.isupper() for ch in abbr), f"{label}: abbreviation {abbr!r} has no capital letter"
            for form in (abbr, abbr + "s"):
                forms[form].add(label)
            other = terms.get(normalize(abbr))
            assert other in (None, label), f"abbreviation {abbr!r} of {label!r} is also a term of {other!r}"
    clashes = {form: sorted(labels) for form, labels in forms.items() if len(labels) > 1}
    assert not clashes, clashes


def test_no_common_word_is_a_term(vocab):
    found = sorted(FORBIDDEN_TERMS & set(vocab.terms))
    assert not found, found


def test_parents_resolve_within_category_without_cycles(vocab):
    by_id = vocab.concepts
    for concept in by_id.values():
        for parent in concept.parents:
            assert parent in by_id, (concept.label, parent)
            assert parent != concept.id, concept.label
            assert by_id[parent].category == concept.category, (concept.label, by_id[parent].label)
    for concept in by_id.values():
        seen, stack = set(), list(concept.parents)
        while stack:
            current = stack.pop()
            assert current != concept.id, f"parent cycle through {concept.label!r}"
            if current not in seen:
                seen.add(current)
                stack.extend(by_id[current].parents)
    # parents named in the YAML resolve through the loader's lookup too
    for path, entry, _category in _entries():
        for parent in entry.get("parents") or []:
            assert vocab.lookup(str(parent)) is not None, (path.name, entry["label"], parent)


def test_xrefs_are_curies_with_known_prefixes(vocab):
    used: dict[str, str] = {}
    total = 0
    for concept in vocab.concepts.values():
        for xref in concept.xrefs:
            prefix, sep, local = xref.partition(":")
            assert sep and prefix in XREF_PATTERNS, (concept.label, xref)
            assert XREF_PATTERNS[prefix].match(local), (concept.label, xref)
            assert xref not in used, f"{xref} on both {used[xref]!r} and {concept.label!r}"
            used[xref] = concept.label
            total += 1
    assert total >= 40


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("anaesthetic", "anesthetic"),
        ("Anaesthetics", "anesthetic"),
        ("dissociative anaesthetic", "dissociative anesthetic"),
        ("general anaesthesia", "general anesthesia"),
        ("cognitive behavioural therapy", "cognitive behavioral therapy"),
        ("Cognitive-Behavioural Therapy", "cognitive behavioral therapy"),
        ("dialectical behaviour therapy", "dialectical behavior therapy"),
        ("addictive behaviours", "addiction"),
        ("counselling", "psychological counseling"),
        ("pain signalling", "pain signal transmission"),
        ("World Health Organisation", "world health organization"),
        ("central sensitisation", "central sensitization"),
        ("catastrophising", "pain catastrophizing"),
        ("sleep apnoea", "sleep apnea"),
        ("oedema", "swelling"),
        ("diarrhoea", "diarrhea"),
        ("oestrogen", "estrogen"),
        ("tumours", "cancer"),
        ("sickle cell anaemia", "sickle cell disease"),
        ("posttraumatic stress disorder", "ptsd"),
        ("post traumatic stress disorder", "ptsd"),
    ],
)
def test_spelling_and_hyphen_variants_name_the_same_concept(vocab, variant, canonical):
    assert vocab.lookup(canonical) is not None, canonical
    assert vocab.lookup(variant) == vocab.lookup(canonical), variant


def test_spelling_rules_do_not_corrupt_other_words(rules):
    for word in SENTINEL_WORDS:
        forms = expand_term(word, rules)
        from graph.vocab import plural_forms

        expected = {word, *plural_forms(word)}
        assert forms == expected, (word, sorted(forms - expected))


def test_spelling_pairs_are_well_formed(rules):
    assert len(rules) >= 30
    for british, american in rules:
        assert british != american and british and american
        assert british.strip() == british and american.strip() == american


@pytest.mark.parametrize(
    ("form", "label"),
    [
        # plurals the loader does not derive (-tion, -ment, -ure, -ance nouns)
        ("hallucinations", "hallucinations"),
        ("hallucination", "hallucinations"),
        ("antidepressant medications", "antidepressants"),
        ("pain medications", "pain medication"),
        ("pain relievers", "pain medication"),
        ("seizures", "seizures"),
        ("suicidal ideations", "suicidal ideation"),
        ("sleep disturbances", "sleep disorders"),
        ("addictions", "addiction"),
        ("ketamine treatments", "ketamine"),
        ("anti-anxiety medications", "anti-anxiety medication"),
        ("opioid", "opioids"),
        ("SSRIs", "ssris"),
        ("NSAIDs", "nsaids"),
        ("nerve blocks", "nerve block"),
        ("NMDA receptors", "nmda receptor"),
        ("anxiety disorder", "anxiety disorders"),
    ],
)
def test_number_variants(vocab, form, label):
    assert vocab.lookup(form) == vocab.lookup(label) is not None, form


@pytest.mark.parametrize(
    ("form", "label"),
    [
        ("ketamine infusion therapy", "ketamine"),
        ("IV ketamine", "ketamine"),
        ("intravenous ketamine", "ketamine"),
        ("ketamine infusions", "ketamine"),
        ("ketamine therapy", "ketamine"),
        ("Spravato", "esketamine"),
        ("esketamine nasal spray", "esketamine"),
        ("PTSD", "ptsd"),
        ("CBT", "cognitive behavioral therapy"),
        ("EMDR", "emdr"),
        ("FDA", "food and drug administration"),
        ("WHO", "world health organization"),
        ("exposure to traumatic events", "traumatic event exposure"),
        ("trauma", "traumatic event exposure"),
        ("family history", "genetic predisposition"),
        ("genetics", "genetic predisposition"),
        ("n-methyl-d-aspartate receptor", "nmda receptor"),
        ("noradrenaline", "norepinephrine"),
        ("high blood pressure", "high blood pressure"),
        ("hypertension", "high blood pressure"),
    ],
)
def test_key_surface_forms(vocab, form, label):
    assert vocab.lookup(form) == vocab.lookup(label) is not None, form


def test_categories_of_key_concepts(vocab):
    expected = {
        "ketamine": "Drug",
        "ptsd": "Condition",
        "chronic pain": "Condition",
        "tolerance": "Condition",
        "trauma": "RiskFactor",
        "synaptogenesis": "Mechanism",
        "stress response": "Mechanism",
        "nmda receptor": "Molecule",
        "cortisol": "Molecule",
        "exercise": "Therapy",
        "surgery": "Therapy",
        "johns hopkins school of medicine": "Organization",
        "STAR*D": "Study",
    }
    for name, category in expected.items():
        concept_id = vocab.lookup(name)
        assert concept_id is not None, name
        assert vocab.concepts[concept_id].category == category, name
    # case-sensitive short forms do not fire on the lower-case English word
    for word in ("who", "act", "sad", "nice", "ms"):
        assert vocab.lookup(word) is None, word


def test_a_plural_class_name_is_found_in_the_singular(vocab):
    # "angiotensin II receptor blocker" names the class "angiotensin receptor blockers" lists in the plural
    assert vocab.terms.get("angiotensin ii receptor blocker") == "angiotensin_receptor_blockers"
