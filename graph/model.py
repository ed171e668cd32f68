"""The data model: small frozen dataclasses moved through the stages.

readers -> :class:`Source` -> :class:`Sentence` -> :class:`Mention` ->
:class:`Claim` (with :class:`Evidence`) -> assembly -> outputs.

Ids are derived from content with SHA-1 (never Python's ``hash()``), so the same
claim found in two articles gets the same id and the evidence adds up.

>>> ev = Evidence(source_id="a", sentence="Ketamine relieves pain.", start=0, end=23)
>>> c1 = Claim("ketamine", "treats", "pain", evidence=(ev,))
>>> c2 = Claim("ketamine", "treats", "pain", evidence=(ev.replace(source_id="b"),))
>>> c1.id == c2.id
True
>>> merged = c1.merge(c2)
>>> merged.support, len(merged.evidence)
(2, 2)
>>> Claim("ptsd", "co_occurs_with", "chronic_pain", evidence=(ev,)).subject
'chronic_pain'
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CATEGORIES",
    "PREDICATES",
    "SYMMETRIC_PREDICATES",
    "POLARITIES",
    "CERTAINTIES",
    "UNATTRIBUTED",
    "PREDICATE_CONSTRAINTS",
    "content_id",
    "slugify",
    "Source",
    "Sentence",
    "Concept",
    "Mention",
    "Evidence",
    "Claim",
    "SourceExtraction",
]

CATEGORIES: tuple[str, ...] = (
    "Condition",
    "Drug",
    "Therapy",
    "Mechanism",
    "Molecule",
    "RiskFactor",
    "Study",
    "Organization",
)

PREDICATES: tuple[str, ...] = (
    "treats",
    "causes",
    "risk_factor_for",
    "co_occurs_with",
    "has_adverse_effect",
    "inhibits",
    "increases",
    "modulates",
    "affects",
    "has_symptom",
    "subclass_of",
)

SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"co_occurs_with"})
POLARITIES: tuple[str, ...] = ("affirmed", "negated")
CERTAINTIES: tuple[str, ...] = ("asserted", "hedged")
UNATTRIBUTED = "unattributed"

_ANY = frozenset({"Condition", "Drug", "Therapy", "Mechanism", "Molecule", "RiskFactor"})
# (allowed subject categories, allowed object categories), from SCHEMA.md.
# subclass_of is checked separately: subject and object share a category.
PREDICATE_CONSTRAINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "treats": (frozenset({"Drug", "Therapy"}), frozenset({"Condition"})),
    "causes": (_ANY, frozenset({"Condition", "Mechanism"})),
    "risk_factor_for": (frozenset({"RiskFactor", "Condition"}), frozenset({"Condition"})),
    "co_occurs_with": (frozenset({"Condition"}), frozenset({"Condition"})),
    "has_adverse_effect": (frozenset({"Drug", "Therapy"}), frozenset({"Condition"})),
    "inhibits": (_ANY, frozenset({"Molecule", "Mechanism"})),
    "increases": (_ANY, frozenset({"Molecule", "Mechanism"})),
    "modulates": (_ANY, frozenset({"Molecule", "Mechanism"})),
    "affects": (frozenset({"Condition"}), frozenset({"Mechanism", "Condition"})),
    "has_symptom": (frozenset({"Condition"}), frozenset({"Condition"})),
    "subclass_of": (frozenset(CATEGORIES), frozenset(CATEGORIES)),
}


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from content: SHA-1 of the parts joined by a unit separator.

    >>> content_id("ketamine", "treats", "ptsd", "affirmed")
    '6180859989e387a8'
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(label: str, max_length: int = 80) -> str:
    """A concept id from a label: ASCII, lower case, underscores; long labels get a hash tail.

    >>> slugify("Post-traumatic stress disorder")
    'post_traumatic_stress_disorder'
    >>> slugify("Ménière's disease")
    'meniere_s_disease'
    >>> len(slugify("x" * 500)) <= 80
    True
    """
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_DROP.sub("_", ascii_text.lower()).strip("_") or "concept_" + content_id(label, length=8)
    if len(slug) > max_length:
        slug = slug[: max_length - 9].rstrip("_") + "_" + content_id(label, length=8)
    return slug


class _Replaceable:
    def replace(self, **changes: Any):
        """A copy with some fields changed (the instance itself is frozen)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Source(_Replaceable):
    """One article: its id (from the file name), metadata from front matter, and its text.

    ``text`` is the article body (front matter removed, HTML turned into text);
    every character offset in the package points into it.
    """

    id: str
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    kind: str = ""
    path: str = ""
    date: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def metadata(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "kind": self.kind,
            "path": self.path,
            "date": self.date,
        }


@dataclass(frozen=True)
class Sentence(_Replaceable):
    """A sentence of a source with its character span and its section heading."""

    source_id: str
    index: int
    start: int
    end: int
    text: str
    section: str = ""
    paragraph: int = 0
    is_heading: bool = False


@dataclass(frozen=True)
class Concept(_Replaceable):
    """A node of the graph. ``label`` is the lower-case canonical name."""

    id: str
    label: str
    category: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    discovered: bool = False
    display: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r} for concept {self.label!r}")

    @property
    def name(self) -> str:
        """The label as a writer would show it ("PTSD" rather than "ptsd")."""
        return self.display or self.label


@dataclass(frozen=True)
class Mention(_Replaceable):
    """A concept found in a source: the concept id beside the surface text and its span."""

    concept_id: str
    text: str
    start: int
    end: int
    source_id: str
    sentence_index: int


@dataclass(frozen=True)
class Evidence(_Replaceable):
    """One occurrence of a claim: the sentence it comes from and how it was stated.

    ``start``/``end`` is the sentence's span in the source text. ``subject_span``
    and ``object_span`` are the mentions' spans in the source text (``None`` when
    the argument was resolved from an earlier sentence, e.g. a pronoun).
    ``attribution`` is a Study concept id, ``"unattributed"`` or ``""``.
    """

    source_id: str
    sentence: str
    start: int
    end: int
    section: str = ""
    certainty: str = "asserted"
    attribution: str = ""
    quantity: str = ""
    subject_text: str = ""
    object_text: str = ""
    subject_span: tuple[int, int] | None = None
    object_span: tuple[int, int] | None = None
    cue: str = ""
    # What the sentence is and whether it counts (graph.strength.evidence_types): set at assembly.
    evidence_type: str = ""
    study_role: str = ""
    supports: bool = True

    def __post_init__(self) -> None:
        if self.certainty not in CERTAINTIES:
            raise ValueError(f"certainty must be one of {CERTAINTIES}, not {self.certainty!r}")

    @property
    def cited(self) -> bool:
        """Backed by a named study reporting a result (not "studies have shown", not the article
        alone, not a study that only explored the question: ``study_role`` ``investigates``/``mentions``)."""
        return bool(self.attribution) and self.attribution != UNATTRIBUTED and self.study_role in ("", "backs")

    def sort_key(self) -> tuple:
        return (self.source_id, self.start, self.end, self.cue, self.subject_span or (-1, -1), self.object_span or (-1, -1))


@dataclass(frozen=True)
class Claim(_Replaceable):
    """subject -predicate-> object with a polarity, and the evidence behind it.

    A claim cannot exist without evidence. For a symmetric predicate
    (``co_occurs_with``) the two ends are stored in sorted order, so "A with B"
    and "B with A" are one claim.
    """

    subject: str
    predicate: str
    object: str
    polarity: str = "affirmed"
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.predicate not in PREDICATES:
            raise ValueError(f"unknown predicate {self.predicate!r}")
        if self.polarity not in POLARITIES:
            raise ValueError(f"polarity must be one of {POLARITIES}, not {self.polarity!r}")
        if not self.evidence:
            raise ValueError(f"claim {self.subject} {self.predicate} {self.object} has no evidence")
        if self.predicate in SYMMETRIC_PREDICATES and self.object < self.subject:
            subject, obj = self.object, self.subject
            object.__setattr__(self, "subject", subject)
            object.__setattr__(self, "object", obj)
            object.__setattr__(
                self,
                "evidence",
                tuple(
                    e.replace(
                        subject_text=e.object_text,
                        object_text=e.subject_text,
                        subject_span=e.object_span,
                        object_span=e.subject_span,
                    )
                    for e in self.evidence
                ),
            )
        # Evidence in a canonical order, so equal inputs give equal outputs; one occurrence per
        # sentence ("PTSD, or post-traumatic stress disorder, ..." names the subject twice in one
        # sentence: one row, the first mention's spans).
        ordered = sorted(set(self.evidence), key=Evidence.sort_key)
        seen: set[tuple[str, int, int]] = set()
        unique = []
        for ev in ordered:
            where = (ev.source_id, ev.start, ev.end)
            if where not in seen:
                seen.add(where)
                unique.append(ev)
        object.__setattr__(self, "evidence", tuple(unique))

    @functools.cached_property
    def id(self) -> str:
        # Cached in the instance's __dict__ (frozen dataclasses allow it; equality uses fields only).
        return content_id(self.subject, self.predicate, self.object, self.polarity)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.subject, self.predicate, self.object, self.polarity)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({e.source_id for e in self.evidence}))

    @property
    def support(self) -> int:
        """Number of distinct sources that make the claim in a sentence that counts as support
        (not a call to action, a question or advice: ``Evidence.supports``)."""
        return len({e.source_id for e in self.evidence if e.supports})

    @property
    def certainty(self) -> str:
        """``asserted`` if any occurrence asserts it, else ``hedged``."""
        return "asserted" if any(e.certainty == "asserted" for e in self.evidence) else "hedged"

    @property
    def attributions(self) -> tuple[str, ...]:
        return tuple(sorted({e.attribution for e in self.evidence}))

    @property
    def cited(self) -> bool:
        return any(e.cited for e in self.evidence)

    @property
    def quantities(self) -> tuple[str, ...]:
        return tuple(sorted({e.quantity for e in self.evidence if e.quantity}))

    def merge(self, other: "Claim") -> "Claim":
        if other.key != self.key:
            raise ValueError("only equal claims (subject, predicate, object, polarity) merge")
        return self.replace(evidence=self.evidence + other.evidence)


@dataclass(frozen=True)
class SourceExtraction(_Replaceable):
    """Everything extracted from one source: a pure function of source text and vocabulary.

    ``concepts`` holds the concepts this source needs beyond the vocabulary
    (discovered conditions/therapies, studies, organizations) and the
    vocabulary concepts it mentions; ``study_links`` holds
    ``(study_id, organization_id)`` pairs; ``findings`` maps a study id to the
    finding the article reports for it.
    """

    source: Source
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    concepts: tuple[Concept, ...]
    claims: tuple[Claim, ...]
    study_links: tuple[tuple[str, str], ...] = ()
    findings: tuple[tuple[str, str], ...] = ()


# Short reprs for the data model (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(Source, Sentence, Concept, Mention, Evidence, Claim, SourceExtraction)
