"""What each evidence sentence is, and whether a cited study backs the claim or only looks at it.

Every evidence sentence gets one *type* (rules in ``evidence_types.yaml``, see
docs/evidence.md): ``finding`` (reports a result: "a study found", numbers, "patients
reported"), ``assertion`` (states it as fact), ``hedge`` ("may", "suggests"),
``definition`` (what something is, its history, what a study looked at), ``advice``
("talk to your doctor", "not considered a first line intervention"), ``promotion`` (a
call to action, sales words) or ``question``. The type is the sentence's; a claim's own
certainty in it stays in ``Evidence.certainty``.

Promotion, advice and questions never count towards a claim's support; a definition
counts only for what it defines, not for a treatment or harm claim
(``counts_as_support`` in the YAML).

A sentence attributed to a named study gets a *study role*: ``backs`` when the study
reports a result ("found", "showed", "concluded", ... or the sentence is part of the
study's quoted finding), ``investigates`` when it only looks at the question
("explored", "is investigating", "will test", "aims to"), ``mentions`` otherwise.
Only ``backs`` makes the claim study-backed (:attr:`graph.model.Evidence.cited`).

>>> evidence_type("To learn more, reach out to our clinic today.")
'promotion'
>>> evidence_type("Can ketamine help with chronic pain?")
'question'
>>> evidence_type("A trial of 60 patients found that 40% had less pain.")
'finding'
>>> evidence_type("Ketamine may ease depression.")
'hedge'
>>> evidence_type("Neuropathic pain refers to pain caused by nerve damage.")
'definition'
>>> evidence_type("Ketamine blocks NMDA receptors.")
'assertion'
>>> counts_as_support("definition", "treats"), counts_as_support("definition", "subclass_of")
(False, True)
>>> study_role("A study by Yale researchers explored the use of ketamine for pain.")
'investigates'
>>> study_role("Researchers at Yale found that ketamine eased pain.")
'backs'
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.fileio import load_yaml
from graph.errors import VocabularyError
from graph.model import PREDICATES, UNATTRIBUTED, Claim, Evidence

__all__ = [
    "EVIDENCE_TYPES",
    "NOT_SUPPORT",
    "STUDY_ROLES",
    "RULES_PATH",
    "TypeRules",
    "load_rules",
    "evidence_type",
    "counts_as_support",
    "study_role",
    "annotate_evidence",
    "annotate_claims",
    "Annotations",
    "rules_fingerprint",
    "TypeEvaluation",
    "evaluate_types",
    "read_labelled",
]

EVIDENCE_TYPES: tuple[str, ...] = ("finding", "assertion", "hedge", "definition", "advice", "promotion", "question")
#: Types that never count as support, whatever the predicate.
NOT_SUPPORT: frozenset[str] = frozenset({"advice", "promotion", "question"})
STUDY_ROLES: tuple[str, ...] = ("backs", "investigates", "mentions")
RULES_PATH = Path(__file__).with_name("evidence_types.yaml")

_QUESTION_CLAUSE = re.compile(
    r"\b(?:whether|if)\b.*?(?=[,;]|\band (?:found|showed|concluded|reported|observed)\b|$)", re.IGNORECASE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class TypeRules:
    """The compiled rules: per type its patterns and vetoes, the order, and what counts as support."""

    order: tuple[str, ...]
    patterns: Mapping[str, tuple[re.Pattern, ...]]
    unless: Mapping[str, tuple[re.Pattern, ...]]
    support: Mapping[str, frozenset[str]]
    result_verbs: tuple[re.Pattern, ...]
    investigate_verbs: tuple[re.Pattern, ...]


def _compile(where: str, items: Iterable[str]) -> tuple[re.Pattern, ...]:
    """The patterns of one list, checked one by one, then joined into one alternation (one search
    per list instead of one per pattern: the classifier runs on every evidence sentence)."""
    items = list(items or ())
    for item in items:
        try:
            re.compile(item, re.IGNORECASE)
        except re.error as error:
            raise VocabularyError(f"{RULES_PATH.name}: bad pattern in {where}: {item!r} ({error})") from error
    if not items:
        return ()
    return (re.compile("|".join(f"(?:{item})" for item in items), re.IGNORECASE),)


@functools.lru_cache(maxsize=4)
def load_rules(path: str | Path = RULES_PATH) -> TypeRules:
    """Read and check ``evidence_types.yaml`` (cached)."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise VocabularyError(f"cannot read {path}: {error}") from error
    types = data.get("types") or {}
    order = tuple(data.get("order") or ())
    unknown = (set(order) | set(types)) - set(EVIDENCE_TYPES)
    if unknown or "assertion" in order:
        raise VocabularyError(f"{path}: unknown or misplaced types {sorted(unknown | ({'assertion'} & set(order)))}")
    support: dict[str, frozenset[str]] = {}
    for name in EVIDENCE_TYPES:
        value = (data.get("counts_as_support") or {}).get(name, "none" if name in NOT_SUPPORT else "all")
        if value == "all":
            support[name] = frozenset(PREDICATES)
        elif value == "none":
            support[name] = frozenset()
        else:
            bad = set(value) - set(PREDICATES)
            if bad:
                raise VocabularyError(f"{path}: counts_as_support.{name}: unknown predicates {sorted(bad)}")
            support[name] = frozenset(value)
    for name in NOT_SUPPORT:
        if support[name]:
            raise VocabularyError(f"{path}: {name} sentences never count as support")
    roles = data.get("study_roles") or {}
    return TypeRules(
        order=order,
        patterns={t: _compile(f"types.{t}.patterns", (types.get(t) or {}).get("patterns")) for t in order},
        unless={t: _compile(f"types.{t}.unless", (types.get(t) or {}).get("unless")) for t in order},
        support=support,
        result_verbs=_compile("study_roles.backs", roles.get("backs")),
        investigate_verbs=_compile("study_roles.investigates", roles.get("investigates")),
    )


@functools.lru_cache(maxsize=65536)
def evidence_type(sentence: str) -> str:
    """The type of one sentence (see the module docstring); ``assertion`` when no rule matches."""
    rules = load_rules()
    text = sentence.translate(_QUOTES).strip()
    for name in rules.order:
        if any(p.search(text) for p in rules.patterns[name]) and not any(p.search(text) for p in rules.unless[name]):
            return name
    return "assertion"


def counts_as_support(kind: str, predicate: str) -> bool:
    """Whether a sentence of type ``kind`` counts towards the support of a ``predicate`` claim.

    An unknown or empty type (evidence built before types existed) counts.
    """
    allowed = load_rules().support.get(kind)
    return True if allowed is None else predicate in allowed


@functools.lru_cache(maxsize=16384)
def study_role(sentence: str, finding: str = "") -> str:
    """What a named study does in a sentence attributed to it: ``backs``, ``investigates`` or ``mentions``.

    ``finding`` is the study's finding as the article quotes it: a sentence that is part of
    it (a quotation running over two sentences) backs the claim.
    """
    rules = load_rules()
    text = sentence.translate(_QUOTES)
    # "investigating whether ketamine eases migraine": a verb in the question asked is no result
    asked = _QUESTION_CLAUSE.sub(" ", text)
    if any(p.search(asked) for p in rules.result_verbs):
        return "backs"
    core = text.strip().strip('"').strip()
    if finding and len(core) > 20 and core in finding.translate(_QUOTES):
        return "backs"
    if any(p.search(text) for p in rules.investigate_verbs):
        return "investigates"
    return "mentions"


def rules_fingerprint(path: str | Path = RULES_PATH) -> str:
    """A hash of what an annotation is a function of: the rules file and this module's code.

    Annotations kept between builds (:class:`graph.cache.AnnotationMemo`) are filed under it, so
    a changed rule or a changed line of the classifier annotates every sentence again.

    >>> len(rules_fingerprint())
    16
    """
    digest = hashlib.sha256()
    for file in (Path(path), Path(__file__)):
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


class Annotations:
    """Annotations already computed: ``types`` (sentence -> type) and ``roles`` ((sentence, the
    study's finding) -> study role), looked up before the rules run; what is computed is added.

    ``used`` counts the lookups answered by the entries given (an earlier build's), ``computed``
    the entries made here by running the rules.

    >>> memo = Annotations({"Ketamine eases pain.": "assertion"})
    >>> memo.type_of("Ketamine may ease depression."), memo.type_of("Ketamine may ease depression.")
    ('hedge', 'hedge')
    >>> memo.type_of("Ketamine eases pain."), memo.computed, memo.used
    ('assertion', 1, 1)
    """

    def __init__(self, types: dict[str, str] | None = None, roles: dict[tuple[str, str], str] | None = None):
        self.types = types if types is not None else {}
        self.roles = roles if roles is not None else {}
        self.used = 0
        self.computed = 0
        # What this build looked up: the entries worth keeping for the next one.
        self.seen_types: set[str] = set()
        self.seen_roles: set[tuple[str, str]] = set()
        self._made: set = set()  # the entries computed here

    def type_of(self, sentence: str) -> str:
        self.seen_types.add(sentence)
        kind = self.types.get(sentence)
        if kind is None:
            kind = self.types[sentence] = evidence_type(sentence)
            self._made.add(sentence)
            self.computed += 1
        elif sentence not in self._made:
            self.used += 1
        return kind

    def role_of(self, sentence: str, finding: str) -> str:
        key = (sentence, finding)
        self.seen_roles.add(key)
        role = self.roles.get(key)
        if role is None:
            role = self.roles[key] = study_role(sentence, finding)
            self._made.add(key)
            self.computed += 1
        elif key not in self._made:
            self.used += 1
        return role


def annotate_evidence(ev: Evidence, predicate: str, findings: Mapping[str, str] | None = None,
                      memo: Annotations | None = None) -> Evidence:
    """``ev`` with its ``evidence_type``, ``supports`` and (for a named study) ``study_role`` set.

    ``memo``: annotations already computed (the result is the same with or without it)."""
    kind = memo.type_of(ev.sentence) if memo is not None else evidence_type(ev.sentence)
    role = ""
    if ev.attribution and ev.attribution != UNATTRIBUTED:
        finding = (findings or {}).get(ev.attribution, "")
        role = memo.role_of(ev.sentence, finding) if memo is not None else study_role(ev.sentence, finding)
    supports = counts_as_support(kind, predicate)
    if ev.evidence_type == kind and ev.study_role == role and ev.supports == supports:
        return ev
    return _with_fields(ev, evidence_type=kind, study_role=role, supports=supports)


def _with_fields(obj, **changes):
    """``obj.replace(**changes)`` without running ``__init__`` and its checks again: for a change
    that keeps a valid object valid (run on every evidence sentence and claim of a build, where
    ``dataclasses.replace`` took seconds). The copy has the same fields as ``obj.replace`` gives."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def annotate_claims(claims: Iterable[Claim], findings: Mapping[str, str] | None = None,
                    memo: Annotations | None = None) -> list[Claim]:
    """The claims with every evidence sentence annotated (:func:`annotate_evidence`; ``memo``:
    annotations already computed, see :class:`Annotations`)."""
    out = []
    for claim in claims:
        evidence = tuple(annotate_evidence(e, claim.predicate, findings, memo) for e in claim.evidence)
        # The annotated sentences keep their places: the claim's evidence was put in order and
        # made one sentence per (source, span) when it was made, and annotating changes neither.
        out.append(claim if evidence == claim.evidence else _with_fields(claim, evidence=evidence))
    return out


# -- accuracy against hand labels -------------------------------------------------------------------


@dataclass
class TypeEvaluation:
    """Accuracy of :func:`evidence_type` on labelled sentences, with the confusion counts."""

    total: int = 0
    correct: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> n
    by_origin: dict[str, tuple[int, int]] = field(default_factory=dict)  # origin -> (correct, total)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def per_type(self) -> dict[str, dict[str, float]]:
        """Precision and recall of each type."""
        out = {}
        for t in EVIDENCE_TYPES:
            tp = self.confusion[(t, t)]
            predicted = sum(n for (g, p), n in self.confusion.items() if p == t)
            gold = sum(n for (g, p), n in self.confusion.items() if g == t)
            out[t] = {"gold": gold, "precision": tp / predicted if predicted else 0.0, "recall": tp / gold if gold else 0.0}
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct": self.correct, "accuracy": round(self.accuracy, 4),
                "by_origin": {k: {"correct": c, "total": n} for k, (c, n) in sorted(self.by_origin.items())},
                "per_type": {t: {k: round(v, 4) for k, v in d.items()} for t, d in self.per_type().items()}}


def read_labelled(path: str | Path) -> list[dict[str, str]]:
    """Rows ``origin, evidence_type, sentence`` of a hand-labelled CSV (tests/data/evidence_types.csv)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bad = [r["evidence_type"] for r in rows if r["evidence_type"] not in EVIDENCE_TYPES]
    if bad:
        raise VocabularyError(f"{path}: unknown evidence types {sorted(set(bad))}")
    return rows


def evaluate_types(rows: Iterable[Mapping[str, str]]) -> TypeEvaluation:
    """Compare :func:`evidence_type` with hand labels (``own`` sentences vs the seeds' in ``by_origin``).

    >>> e = evaluate_types([{"origin": "own", "evidence_type": "question", "sentence": "Why?"},
    ...                     {"origin": "own", "evidence_type": "hedge", "sentence": "It works."}])
    >>> e.correct, e.total, e.accuracy
    (1, 2, 0.5)
    """
    out = TypeEvaluation()
    origins: dict[str, list[int]] = {}
    for row in rows:
        predicted = evidence_type(row["sentence"])
        ok = predicted == row["evidence_type"]
        out.total += 1
        out.correct += ok
        out.confusion[(row["evidence_type"], predicted)] += 1
        group = "own" if row.get("origin") == "own" else "seeds"
        tally = origins.setdefault(group, [0, 0])
        tally[0] += ok
        tally[1] += 1
    out.by_origin = {k: (v[0], v[1]) for k, v in origins.items()}
    return out
