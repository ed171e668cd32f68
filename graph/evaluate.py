"""Score extracted concepts and claims against hand-written gold annotations.

Gold files (``tests/gold/<source id>.yaml``, format in ARCHITECTURE.md)::

    source: <source id>
    concepts:
      - {label: ketamine, category: Drug, aliases: [ketamine infusion therapy]}
    claims:
      - {s: ketamine, p: treats, o: ptsd, polarity: affirmed, certainty: hedged, quote: "..."}
    studies:
      - {label: "...", organization: "...", finding: "..."}

How names are matched. Every name gets a set of *keys*: its normalised text
(:func:`graph.vocab.normalize`, hyphens as spaces, with the plural of its last
word) and, when the vocabulary knows it, ``id:<concept id>``. An extracted
concept's keys come from its id, label and synonyms; a gold concept's from its
label and aliases. Two names match when their key sets meet.

- **Concept recall**: a gold concept is found when some concept extracted from
  that source matches it.
- **Claims**: each extracted concept of a source is mapped to the gold concept
  it matches best (same label, then same surface name, then same vocabulary
  id); extracted claims are then rewritten in gold labels, and distinct
  ``(subject, predicate, object, polarity)`` keys are compared as sets per
  source (``co_occurs_with`` either way round). Precision = TP / extracted,
  recall = TP / gold. Several extracted claims that map to one gold key count
  once. A key is *asserted* if any of its occurrences in the source is.
- **Certainty accuracy**: share of matched keys whose certainty agrees.
- **Overall** figures are micro-averages (summed counts over the sources).

>>> from graph.model import Claim, Concept, Evidence
>>> ev = Evidence("a", "Ketamine may relieve PTSD.", 0, 26, certainty="hedged")
>>> g = EvidenceGraph(
...     concepts=[Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition")],
...     claims=[Claim("ketamine", "treats", "ptsd", evidence=(ev,))],
...     concept_sources={"ketamine": ("a",), "ptsd": ("a",)},
... )
>>> gold = {"a": parse_gold({"source": "a",
...     "concepts": [{"label": "ketamine", "category": "Drug"}, {"label": "ptsd", "category": "Condition"},
...                  {"label": "nausea", "category": "Condition"}],
...     "claims": [{"s": "ketamine", "p": "treats", "o": "ptsd", "polarity": "affirmed",
...                 "certainty": "asserted", "quote": "Ketamine may relieve PTSD."},
...                {"s": "ketamine", "p": "has_adverse_effect", "o": "nausea", "polarity": "affirmed",
...                 "certainty": "asserted", "quote": "Ketamine may relieve PTSD."}]})}
>>> no_vocabulary = Vocabulary(concepts={}, terms={}, abbreviations={}, cues={}, version="none")
>>> report = evaluate(g, gold, no_vocabulary)
>>> o = report.overall
>>> (o.true_positives, o.extracted_claims, o.gold_claims, o.precision, o.recall, round(o.f1, 3))
(1, 1, 2, 1.0, 0.5, 0.667)
>>> (o.found_concepts, o.gold_concepts, o.certainty_accuracy)
(2, 3, 0.0)
>>> [row.text() for row in report.sources["a"].false_negatives]
['ketamine has_adverse_effect nausea']
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import GraphError, Problem
from graph.evidence_graph import EvidenceGraph
from graph.model import (
    CATEGORIES,
    CERTAINTIES,
    POLARITIES,
    PREDICATE_CONSTRAINTS,
    PREDICATES,
    SYMMETRIC_PREDICATES,
    UNATTRIBUTED,
    Claim,
    Concept,
    SourceExtraction,
)
from graph.vocab import Vocabulary, load_vocabulary, normalize, plural_forms

__all__ = [
    "GoldConcept",
    "GoldClaim",
    "GoldStudy",
    "Gold",
    "ClaimRow",
    "Scores",
    "SourceResult",
    "EvaluationReport",
    "parse_gold",
    "load_gold",
    "check_gold",
    "evaluate",
    "evaluate_corpus",
    "CORPUS_SPLITS",
]

log = logging.getLogger(__name__)

GOLD_SUFFIXES = (".yaml", ".yml")


# -- gold annotations ---------------------------------------------------------


@dataclass(frozen=True)
class GoldConcept:
    """A concept a careful reader finds in the source, with the surface forms that name it."""

    label: str
    category: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldClaim:
    """One claim a sentence of the source states, with the sentence itself (``quote``)."""

    s: str
    p: str
    o: str
    polarity: str
    certainty: str
    quote: str
    attribution: str = ""
    quantity: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """``(subject, predicate, object, polarity)``, ends sorted for a symmetric predicate."""
        return _claim_key(self.s, self.p, self.o, self.polarity)


@dataclass(frozen=True)
class GoldStudy:
    """A study the source cites, the organization behind it and the finding reported."""

    label: str
    organization: str = ""
    finding: str = ""


@dataclass(frozen=True)
class Gold:
    """The gold annotation of one source."""

    source_id: str
    concepts: tuple[GoldConcept, ...]
    claims: tuple[GoldClaim, ...]
    studies: tuple[GoldStudy, ...] = ()
    path: str = ""
    style: str = ""  # the kind of article (patient leaflet, news report, ...), for figures by style

    def concept(self, label: str) -> GoldConcept | None:
        key = _norm(label)
        return next((c for c in self.concepts if _norm(c.label) == key), None)

    def distinct_claims(self) -> dict[tuple[str, str, str, str], list[GoldClaim]]:
        """Claims grouped by their distinct key, in file order."""
        out: dict[tuple[str, str, str, str], list[GoldClaim]] = {}
        for claim in self.claims:
            out.setdefault(claim.key, []).append(claim)
        return out


def _claim_key(s: str, p: str, o: str, polarity: str) -> tuple[str, str, str, str]:
    if p in SYMMETRIC_PREDICATES and o < s:
        s, o = o, s
    return (s, p, o, polarity)


def _text(value: Any, where: str, name: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise GraphError(f"{where}: missing {name!r}")
        return ""
    if not isinstance(value, (str, int, float)):
        raise GraphError(f"{where}: {name!r} must be text, not {type(value).__name__}")
    return str(value).strip()


def parse_gold(data: Any, path: str = "<gold>") -> Gold:
    """Check and convert one gold document (the parsed YAML) into a :class:`Gold`.

    Raises :class:`~graph.errors.GraphError` naming the file and the item at fault.

    >>> parse_gold({"source": "a", "concepts": [], "claims": [{"s": "x", "p": "heals", "o": "y"}]})
    Traceback (most recent call last):
    ...
    graph.errors.GraphError: <gold> claim 1: unknown predicate 'heals'
    """
    if not isinstance(data, dict):
        raise GraphError(f"{path}: a gold file must be a mapping with source, concepts, claims")
    source_id = _text(data.get("source"), path, "source")
    concepts: list[GoldConcept] = []
    for i, item in enumerate(data.get("concepts") or [], 1):
        where = f"{path} concept {i}"
        if not isinstance(item, dict):
            raise GraphError(f"{where}: expected a mapping, got {item!r}")
        category = _text(item.get("category"), where, "category")
        if category not in CATEGORIES:
            raise GraphError(f"{where}: unknown category {category!r}")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise GraphError(f"{where}: aliases must be a list")
        concepts.append(
            GoldConcept(
                label=_text(item.get("label"), where, "label").lower(),
                category=category,
                aliases=tuple(_text(a, where, "alias") for a in aliases),
            )
        )
    labels = {_norm(c.label) for c in concepts}
    if len(labels) != len(concepts):
        raise GraphError(f"{path}: a concept label is listed twice")
    claims: list[GoldClaim] = []
    for i, item in enumerate(data.get("claims") or [], 1):
        where = f"{path} claim {i}"
        if not isinstance(item, dict):
            raise GraphError(f"{where}: expected a mapping, got {item!r}")
        predicate = _text(item.get("p"), where, "p")
        if predicate not in PREDICATES:
            raise GraphError(f"{where}: unknown predicate {predicate!r}")
        polarity = _text(item.get("polarity"), where, "polarity")
        if polarity not in POLARITIES:
            raise GraphError(f"{where}: polarity must be one of {POLARITIES}, not {polarity!r}")
        certainty = _text(item.get("certainty"), where, "certainty")
        if certainty not in CERTAINTIES:
            raise GraphError(f"{where}: certainty must be one of {CERTAINTIES}, not {certainty!r}")
        subject = _text(item.get("s"), where, "s").lower()
        obj = _text(item.get("o"), where, "o").lower()
        for name in (subject, obj):
            if _norm(name) not in labels:
                raise GraphError(f"{where}: {name!r} is not one of the file's concept labels")
        claims.append(
            GoldClaim(
                s=subject,
                p=predicate,
                o=obj,
                polarity=polarity,
                certainty=certainty,
                quote=_text(item.get("quote"), where, "quote"),
                attribution=_text(item.get("attribution"), where, "attribution", required=False),
                quantity=_text(item.get("quantity"), where, "quantity", required=False),
            )
        )
    studies: list[GoldStudy] = []
    for i, item in enumerate(data.get("studies") or [], 1):
        where = f"{path} study {i}"
        if not isinstance(item, dict):
            raise GraphError(f"{where}: expected a mapping, got {item!r}")
        studies.append(
            GoldStudy(
                label=_text(item.get("label"), where, "label").lower(),
                organization=_text(item.get("organization"), where, "organization", required=False).lower(),
                finding=_text(item.get("finding"), where, "finding", required=False),
            )
        )
    style = _text(data.get("style"), path, "style", required=False).lower()
    return Gold(source_id, tuple(concepts), tuple(claims), tuple(studies), path=str(path), style=style)


def load_gold(directory: str | Path) -> dict[str, Gold]:
    """Read every ``*.yaml``/``*.yml`` gold file of ``directory``, keyed by source id.

    Raises :class:`~graph.errors.GraphError` when the folder is missing, holds no
    gold file, a file is malformed, or two files annotate one source.
    """
    root = Path(directory)
    if not root.is_dir():
        raise GraphError(f"{root}: gold folder not found")
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix in GOLD_SUFFIXES)
    if not files:
        raise GraphError(f"{root}: no gold files (*.yaml) in the folder")
    out: dict[str, Gold] = {}
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise GraphError(f"{path}: cannot read gold file: {error}") from error
        gold = parse_gold(data, str(path))
        if gold.source_id in out:
            raise GraphError(f"{path}: source {gold.source_id!r} is already annotated in {out[gold.source_id].path}")
        out[gold.source_id] = gold
    return dict(sorted(out.items()))


def check_gold(gold: Gold, source_text: str, study_labels: Iterable[str] = ()) -> list[Problem]:
    """Annotation mistakes that parsing cannot see, given the source's text.

    A quote must occur verbatim in the text (a run of white space, such as a hard
    line break, may be written as one space); subject and object categories must
    fit the predicate (SCHEMA.md); an attribution is ``unattributed`` or one of
    the file's study labels. Returns :class:`~graph.errors.Problem` records.

    >>> gold = parse_gold({"source": "a",
    ...     "concepts": [{"label": "ptsd", "category": "Condition"}, {"label": "ketamine", "category": "Drug"}],
    ...     "claims": [{"s": "ptsd", "p": "treats", "o": "ketamine", "polarity": "affirmed",
    ...                 "certainty": "asserted", "quote": "PTSD treats ketamine."}]})
    >>> [p.reason for p in check_gold(gold, "Ketamine treats PTSD.")]  # doctest: +NORMALIZE_WHITESPACE
    ['claim 1: quote not found verbatim in the source: PTSD treats ketamine.',
     'claim 1: treats does not allow Condition -> Drug']
    """
    problems: list[Problem] = []
    where = gold.path or gold.source_id
    categories = {_norm(c.label): c.category for c in gold.concepts}
    studies = {s.label for s in gold.studies} | {s.lower() for s in study_labels}
    flat_text = _SPACES.sub(" ", source_text)
    for i, claim in enumerate(gold.claims, 1):
        if claim.quote not in source_text and _SPACES.sub(" ", claim.quote) not in flat_text:
            problems.append(Problem(where, f"claim {i}: quote not found verbatim in the source: {claim.quote}", "reported"))
        s_cat, o_cat = categories.get(_norm(claim.s)), categories.get(_norm(claim.o))
        if claim.p == "subclass_of":
            if s_cat != o_cat:
                problems.append(Problem(where, f"claim {i}: subclass_of joins {s_cat} -> {o_cat}", "reported"))
        else:
            allowed_s, allowed_o = PREDICATE_CONSTRAINTS[claim.p]
            if s_cat not in allowed_s or o_cat not in allowed_o:
                problems.append(Problem(where, f"claim {i}: {claim.p} does not allow {s_cat} -> {o_cat}", "reported"))
        if claim.attribution and claim.attribution != UNATTRIBUTED and claim.attribution.lower() not in studies:
            problems.append(Problem(where, f"claim {i}: attribution {claim.attribution!r} is no study of the file", "reported"))
    return problems


# -- name matching ------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Normalised surface text: lower case, folded quotes/dashes, hyphens as spaces."""
    return _SPACES.sub(" ", normalize(text).replace("-", " ")).strip()


def _name_keys(names: Iterable[str], vocabulary: Vocabulary) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        key = _norm(name)
        keys.add("n:" + key)
        keys.update("n:" + form for form in plural_forms(key))
        for form in (name, key):
            concept_id = vocabulary.lookup(form)
            if concept_id:
                keys.add("id:" + concept_id)
    return frozenset(keys)


def _concept_keys(concept: Concept, vocabulary: Vocabulary) -> frozenset[str]:
    return _name_keys([concept.label, *concept.synonyms], vocabulary) | {"id:" + concept.id}


# -- what was extracted, per source -------------------------------------------


@dataclass
class _Extracted:
    concepts: dict[str, Concept] = field(default_factory=dict)
    # claim key in concept ids -> (certainties, sentences)
    claims: dict[tuple[str, str, str, str], tuple[set[str], set[str]]] = field(default_factory=dict)
    study_links: set[tuple[str, str]] = field(default_factory=set)

    def add_claim(self, claim: Claim, source_id: str) -> None:
        evidence = [e for e in claim.evidence if e.source_id == source_id]
        if not evidence:
            return
        certainties, sentences = self.claims.setdefault(claim.key, (set(), set()))
        certainties.update(e.certainty for e in evidence)
        sentences.update(e.sentence for e in evidence)


def _from_graph(graph: EvidenceGraph, vocabulary: Vocabulary) -> dict[str, _Extracted]:
    out: dict[str, _Extracted] = {sid: _Extracted() for sid in graph.sources}

    def concept(cid: str) -> Concept | None:
        return graph.concepts.get(cid) or vocabulary.concepts.get(cid)

    for cid, source_ids in graph.concept_sources.items():
        for sid in source_ids:
            if (c := concept(cid)) is not None:
                out.setdefault(sid, _Extracted()).concepts[cid] = c
    for sid, counts in graph.source_mentions.items():
        for cid in counts:
            if (c := concept(cid)) is not None:
                out.setdefault(sid, _Extracted()).concepts[cid] = c
    for claim in graph.claims.values():
        for sid in claim.sources:
            view = out.setdefault(sid, _Extracted())
            view.add_claim(claim, sid)
            for cid in (claim.subject, claim.object):
                if (c := concept(cid)) is not None:
                    view.concepts.setdefault(cid, c)
    for sid, view in out.items():
        view.study_links = {link for link in graph.study_links if link[0] in view.concepts}
    return out


def _from_extractions(extractions: Iterable[SourceExtraction], vocabulary: Vocabulary) -> dict[str, _Extracted]:
    out: dict[str, _Extracted] = {}
    for extraction in extractions:
        sid = extraction.source.id
        view = out.setdefault(sid, _Extracted())
        view.concepts.update({c.id: c for c in extraction.concepts})
        view.study_links.update(extraction.study_links)
        for claim in extraction.claims:
            view.add_claim(claim, sid)
            for cid in (claim.subject, claim.object):
                if cid not in view.concepts and cid in vocabulary.concepts:
                    view.concepts[cid] = vocabulary.concepts[cid]
    return out


# -- results ------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimRow:
    """A claim shown in an error list: in gold labels where the concept maps to one."""

    subject: str
    predicate: str
    object: str
    polarity: str
    certainty: str
    sentences: tuple[str, ...] = ()

    def text(self) -> str:
        neg = "NOT " if self.polarity == "negated" else ""
        return f"{self.subject} {neg}{self.predicate} {self.object}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "polarity": self.polarity,
            "certainty": self.certainty,
            "sentences": list(self.sentences),
        }


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Scores:
    """Counts and the figures derived from them (for one source or summed over all)."""

    gold_concepts: int = 0
    found_concepts: int = 0
    gold_claims: int = 0
    extracted_claims: int = 0
    true_positives: int = 0
    certainty_correct: int = 0
    gold_studies: int = 0
    found_studies: int = 0

    @property
    def false_positive_count(self) -> int:
        return self.extracted_claims - self.true_positives

    @property
    def false_negative_count(self) -> int:
        return self.gold_claims - self.true_positives

    @property
    def precision(self) -> float:
        """TP / extracted; with nothing extracted, 1.0 if there was nothing to find, else 0.0."""
        if self.extracted_claims:
            return self.true_positives / self.extracted_claims
        return 1.0 if not self.gold_claims else 0.0

    @property
    def recall(self) -> float:
        """TP / gold; 1.0 when the gold has no claim."""
        return self.true_positives / self.gold_claims if self.gold_claims else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def concept_recall(self) -> float:
        return self.found_concepts / self.gold_concepts if self.gold_concepts else 1.0

    @property
    def certainty_accuracy(self) -> float | None:
        """Share of matched claims whose certainty agrees with the gold (None: nothing matched)."""
        return _ratio(self.certainty_correct, self.true_positives)

    @property
    def study_recall(self) -> float | None:
        return _ratio(self.found_studies, self.gold_studies)

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(**{name: getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out.update(
            false_positives=self.false_positive_count,
            false_negatives=self.false_negative_count,
            precision=self.precision,
            recall=self.recall,
            f1=self.f1,
            concept_recall=self.concept_recall,
            certainty_accuracy=self.certainty_accuracy,
            study_recall=self.study_recall,
        )
        return out


@dataclass(frozen=True)
class SourceResult:
    """The scores of one source and the items behind them, for inspection."""

    source_id: str
    scores: Scores
    missing_concepts: tuple[str, ...] = ()
    false_positives: tuple[ClaimRow, ...] = ()
    false_negatives: tuple[ClaimRow, ...] = ()
    certainty_errors: tuple[tuple[ClaimRow, str], ...] = ()  # (gold claim, extracted certainty)
    missing_studies: tuple[str, ...] = ()
    in_graph: bool = True
    # per predicate: (gold claims, extracted claims, true positives), distinct keys as in ``scores``
    predicates: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    style: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_id,
            "in_graph": self.in_graph,
            **self.scores.to_dict(),
            "missing_concepts": list(self.missing_concepts),
            "false_positive_claims": [r.to_dict() for r in self.false_positives],
            "false_negative_claims": [r.to_dict() for r in self.false_negatives],
            "certainty_errors": [{**r.to_dict(), "extracted_certainty": c} for r, c in self.certainty_errors],
            "missing_studies": list(self.missing_studies),
            "predicates": {p: dict(zip(("gold", "extracted", "true_positives"), v)) for p, v in self.predicates.items()},
            "style": self.style,
        }


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class EvaluationReport:
    """Per-source results and their micro-averaged total."""

    sources: dict[str, SourceResult]
    unannotated: tuple[str, ...] = ()

    @property
    def overall(self) -> Scores:
        total = Scores()
        for result in self.sources.values():
            total = total + result.scores
        return total

    def by_predicate(self) -> dict[str, tuple[int, int, int]]:
        """(gold, extracted, true positives) per predicate, summed over the sources."""
        out: dict[str, list[int]] = {}
        for result in self.sources.values():
            for predicate, counts in result.predicates.items():
                row = out.setdefault(predicate, [0, 0, 0])
                for i, n in enumerate(counts):
                    row[i] += n
        return {p: tuple(out[p]) for p in PREDICATES if p in out}  # type: ignore[misc]

    def by_style(self) -> dict[str, Scores]:
        """Micro-averaged scores per article style (the gold files' ``style``)."""
        out: dict[str, Scores] = {}
        for result in self.sources.values():
            key = result.style or "unspecified"
            out[key] = out.get(key, Scores()) + result.scores
        return dict(sorted(out.items()))

    def format_summary(self, title: str = "") -> str:
        """Aggregate figures only: overall, per predicate and per style (no per-claim errors)."""
        o = self.overall
        out = [f"== {title}" if title else "== overall",
               f"sources {len(self.sources)}  concepts {o.found_concepts}/{o.gold_concepts} (recall {_fmt(o.concept_recall)})"
               f"  claims gold {o.gold_claims} extracted {o.extracted_claims} TP {o.true_positives}"
               f"  P {_fmt(o.precision)} R {_fmt(o.recall)} F1 {_fmt(o.f1)}  certainty {_fmt(o.certainty_accuracy)}"]
        out.append(f"  {'predicate':<20}{'gold':>6}{'extr':>6}{'TP':>5}{'P':>7}{'R':>7}")
        for predicate, (g, e, tp) in self.by_predicate().items():
            out.append(f"  {predicate:<20}{g:>6}{e:>6}{tp:>5}{_fmt(_ratio(tp, e)):>7}{_fmt(_ratio(tp, g)):>7}")
        styles = self.by_style()
        if len(styles) > 1 or "unspecified" not in styles:
            out.append(f"  {'style':<20}{'n':>6}{'P':>7}{'R':>7}{'F1':>7}")
            for style, sc in styles.items():
                n = sum(1 for r in self.sources.values() if (r.style or "unspecified") == style)
                out.append(f"  {style:<20}{n:>6}{_fmt(sc.precision):>7}{_fmt(sc.recall):>7}{_fmt(sc.f1):>7}")
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_dict(),
            "predicates": {p: dict(zip(("gold", "extracted", "true_positives"), v))
                           for p, v in self.by_predicate().items()},
            "styles": {k: v.to_dict() for k, v in self.by_style().items()},
            "sources": {sid: r.to_dict() for sid, r in self.sources.items()},
            "unannotated_sources": list(self.unannotated),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def format_table(self, show_errors: bool = False) -> str:
        """A plain-text table: one row per source and an overall (micro-averaged) row."""
        header = ("source", "concepts", "c.rec", "gold", "extr", "TP", "P", "R", "F1", "cert", "studies")
        rows = []
        for sid, result in self.sources.items():
            rows.append(self._row(sid + ("" if result.in_graph else " (not in graph)"), result.scores))
        rows.append(self._row("OVERALL", self.overall))
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple) -> str:
            return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

        out = [line(header), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in rows[:-1]]
        out += ["  ".join("-" * w for w in widths), line(rows[-1])]
        out.append("concepts = found/gold; gold/extr = distinct claims; cert = certainty accuracy on matched claims")
        if self.unannotated:
            out.append("sources without gold (not scored): " + ", ".join(self.unannotated))
        if show_errors:
            for sid, result in self.sources.items():
                out.append("")
                out.append(f"== {sid}")
                if result.missing_concepts:
                    out.append("  missing concepts: " + ", ".join(result.missing_concepts))
                for row in result.false_negatives:
                    out.append(f"  FN  {row.text()}  [{row.certainty}]")
                    out.extend(f"        \u201c{s}\u201d" for s in row.sentences[:1])
                for row in result.false_positives:
                    out.append(f"  FP  {row.text()}  [{row.certainty}]")
                    out.extend(f"        \u201c{s}\u201d" for s in row.sentences[:1])
                for row, got in result.certainty_errors:
                    out.append(f"  CERT {row.text()}: gold {row.certainty}, extracted {got}")
                if result.missing_studies:
                    out.append("  missing studies: " + "; ".join(result.missing_studies))
        return "\n".join(out)

    @staticmethod
    def _row(name: str, s: Scores) -> tuple:
        studies = f"{s.found_studies}/{s.gold_studies}" if s.gold_studies else "-"
        return (
            name,
            f"{s.found_concepts}/{s.gold_concepts}",
            _fmt(s.concept_recall),
            s.gold_claims,
            s.extracted_claims,
            s.true_positives,
            _fmt(s.precision),
            _fmt(s.recall),
            _fmt(s.f1),
            _fmt(s.certainty_accuracy),
            studies,
        )


# -- scoring ------------------------------------------------------------------


def _best_gold_label(concept: Concept, keys: frozenset[str], gold_keys: Mapping[str, frozenset[str]]) -> str | None:
    """The gold label an extracted concept stands for: same label, then same name, then same vocabulary id."""
    label = _norm(concept.label)
    best: tuple[int, str] | None = None
    for gold_label, g_keys in gold_keys.items():
        shared = keys & g_keys
        if not shared:
            continue
        if _norm(gold_label) == label:
            rank = 3
        elif any(k.startswith("n:") for k in shared):
            rank = 2
        else:
            rank = 1
        if best is None or (rank, _invert(gold_label)) > (best[0], _invert(best[1])):
            best = (rank, gold_label)
    return best[1] if best else None


def _invert(text: str) -> tuple[int, ...]:
    # Larger for alphabetically earlier labels, so max() breaks ties by label order.
    return tuple(-ord(ch) for ch in text)


def _score_source(gold: Gold, view: _Extracted | None, vocabulary: Vocabulary) -> SourceResult:
    view = view or _Extracted()
    gold_keys = {c.label: _name_keys([c.label, *c.aliases], vocabulary) for c in gold.concepts}
    concept_keys = {cid: _concept_keys(c, vocabulary) for cid, c in view.concepts.items()}

    # Concept recall: any extracted concept whose names meet the gold concept's names.
    all_extracted = frozenset().union(*concept_keys.values()) if concept_keys else frozenset()
    missing = tuple(c.label for c in gold.concepts if not (gold_keys[c.label] & all_extracted))

    # Extracted concept id -> gold label (or the concept's own label, marked, when it maps to none).
    mapped: dict[str, str] = {}
    for cid, concept in view.concepts.items():
        mapped[cid] = _best_gold_label(concept, concept_keys[cid], gold_keys) or f"~{concept.label}"

    extracted: dict[tuple[str, str, str, str], tuple[set[str], set[str]]] = {}
    for (s, p, o, polarity), (certainties, sentences) in view.claims.items():
        key = _claim_key(mapped.get(s, f"~{s}"), p, mapped.get(o, f"~{o}"), polarity)
        c_set, s_set = extracted.setdefault(key, (set(), set()))
        c_set.update(certainties)
        s_set.update(sentences)

    gold_claims = gold.distinct_claims()
    matched = [k for k in gold_claims if k in extracted]
    certainty_errors = []
    correct = 0
    for key in matched:
        gold_certainty = _combined([c.certainty for c in gold_claims[key]])
        got = _combined(extracted[key][0])
        if gold_certainty == got:
            correct += 1
        else:
            certainty_errors.append((_gold_row(key, gold_claims[key]), got))

    def ext_row(key: tuple[str, str, str, str]) -> ClaimRow:
        certainties, sentences = extracted[key]
        s, p, o, polarity = key
        return ClaimRow(s.lstrip("~"), p, o.lstrip("~"), polarity, _combined(certainties), tuple(sorted(sentences)))

    found_studies, missing_studies = _score_studies(gold, view, concept_keys, vocabulary)
    predicates: dict[str, tuple[int, int, int]] = {}
    for predicate in PREDICATES:
        g = sum(1 for k in gold_claims if k[1] == predicate)
        e = sum(1 for k in extracted if k[1] == predicate)
        if g or e:
            predicates[predicate] = (g, e, sum(1 for k in matched if k[1] == predicate))
    scores = Scores(
        gold_concepts=len(gold.concepts),
        found_concepts=len(gold.concepts) - len(missing),
        gold_claims=len(gold_claims),
        extracted_claims=len(extracted),
        true_positives=len(matched),
        certainty_correct=correct,
        gold_studies=len(gold.studies),
        found_studies=found_studies,
    )
    return SourceResult(
        source_id=gold.source_id,
        scores=scores,
        missing_concepts=missing,
        false_positives=tuple(ext_row(k) for k in sorted(extracted) if k not in gold_claims),
        false_negatives=tuple(_gold_row(k, v) for k, v in gold_claims.items() if k not in extracted),
        certainty_errors=tuple(certainty_errors),
        missing_studies=missing_studies,
        predicates=predicates,
        style=gold.style,
    )


def _score_studies(
    gold: Gold, view: _Extracted, concept_keys: Mapping[str, frozenset[str]], vocabulary: Vocabulary
) -> tuple[int, tuple[str, ...]]:
    """A gold study is found when an extracted Study of the source has its label or its organization."""
    studies = {cid: c for cid, c in view.concepts.items() if c.category == "Study"}
    organization_of: dict[str, set[str]] = {}
    for study_id, org_id in view.study_links:
        organization_of.setdefault(study_id, set()).add(org_id)
    found, missing = 0, []
    for study in gold.studies:
        label_keys = _name_keys([study.label], vocabulary)
        org_keys = _name_keys([study.organization], vocabulary) if study.organization else frozenset()
        hit = False
        for cid in studies:
            if label_keys & concept_keys[cid]:
                hit = True
            for org_id in organization_of.get(cid, ()):
                org = view.concepts.get(org_id) or vocabulary.concepts.get(org_id)
                keys = _concept_keys(org, vocabulary) if org else frozenset({"id:" + org_id})
                if org_keys & keys:
                    hit = True
        if hit:
            found += 1
        else:
            missing.append(study.label)
    return found, tuple(missing)


def _combined(certainties: Iterable[str]) -> str:
    """``asserted`` if any occurrence asserts the claim, else ``hedged`` (as :attr:`Claim.certainty`)."""
    return "asserted" if "asserted" in set(certainties) else "hedged"


def _gold_row(key: tuple[str, str, str, str], claims: list[GoldClaim]) -> ClaimRow:
    s, p, o, polarity = key
    return ClaimRow(s, p, o, polarity, _combined(c.certainty for c in claims), tuple(dict.fromkeys(c.quote for c in claims)))


def evaluate(
    graph_or_extractions: EvidenceGraph | Iterable[SourceExtraction],
    gold: Mapping[str, Gold],
    vocabulary: Vocabulary | None = None,
) -> EvaluationReport:
    """Score an :class:`EvidenceGraph` (or per-source extractions) against gold annotations.

    Only sources with a gold file are scored; a gold source the graph lacks
    scores zero (all its gold claims are false negatives).
    """
    if vocabulary is None:
        vocabulary = load_vocabulary()
    if isinstance(graph_or_extractions, EvidenceGraph):
        views = _from_graph(graph_or_extractions, vocabulary)
    else:
        views = _from_extractions(graph_or_extractions, vocabulary)
    results = {}
    for source_id, annotation in sorted(gold.items()):
        result = _score_source(annotation, views.get(source_id), vocabulary)
        if source_id not in views:
            log.warning("gold source %s is not in the evaluated graph", source_id)
            result = SourceResult(**{**result.__dict__, "in_graph": False})
        results[source_id] = result
    unannotated = tuple(sorted(set(views) - set(gold)))
    return EvaluationReport(results, unannotated)


# The splits of an evaluation corpus (tests/corpus/<split>/{sources,gold}): ``dev`` to tune on,
# ``test`` written, annotated and frozen first (only its aggregate figures are looked at), and
# ``holdout``, written and annotated later by someone who never ran the extractor on it, frozen
# the same way: a second unseen measure after the test split's figures had been watched a long time.
CORPUS_SPLITS = ("dev", "test", "holdout")


def evaluate_corpus(
    corpus_dir: str | Path, splits: Iterable[str] = CORPUS_SPLITS, vocabulary: Vocabulary | None = None
) -> dict[str, EvaluationReport]:
    """Build and score each split of a corpus folder; ``{split: report}``.

    Each split is ``CORPUS/<split>/sources`` (articles) and ``CORPUS/<split>/gold``.
    Raises :class:`~graph.errors.GraphError` for a missing split folder.
    """
    from graph.pipeline import extract_graph

    vocabulary = vocabulary or load_vocabulary()
    root = Path(corpus_dir)
    out: dict[str, EvaluationReport] = {}
    for split in splits:
        sources, gold_dir = root / split / "sources", root / split / "gold"
        if not sources.is_dir():
            raise GraphError(f"{sources}: split folder not found")
        gold = load_gold(gold_dir)
        graph, _problems = extract_graph(sources, vocabulary=vocabulary, curation=False)  # the extractor alone
        out[split] = evaluate(graph, gold, vocabulary)
    return out
