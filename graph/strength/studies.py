"""Cited studies as records: what the articles say each study was, did and found.

One :class:`StudyRecord` per Study concept, each field filled only where the text says it
(patterns in ``studies.yaml``): its organization, ``design`` (randomised trial,
observational, review / meta-analysis, case series, survey, unknown), ``population``,
``sample_size``, ``duration``, ``intervention`` and ``outcome`` (the ends of the claims it
backs), ``finding`` (the sentence the article quotes or reports), ``result`` (the finding's
figures: "In half of our patients, relief lasted for up to 3 weeks"), ``role`` (``reports a
result`` when a sentence gives its result, ``investigates`` when the articles only say what
it looked at) and the ``sources`` citing it. Its claims are the claims whose evidence is
attributed to it.

>>> from graph.model import Claim, Concept, Evidence, Source
>>> s = ("A randomized trial of 60 patients with fibromyalgia at Duke University found that "
...      "ketamine reduced pain by 30% over 6 weeks.")
>>> ev = Evidence("a", s, 0, len(s), attribution="study_duke", study_role="backs", quantity="30%")
>>> g = EvidenceGraph([Source("a", s)], [Concept("study_duke", "duke university study on ketamine", "Study"),
...     Concept("ketamine", "ketamine", "Drug"), Concept("pain", "pain", "Condition")],
...     [Claim("ketamine", "treats", "pain", evidence=(ev,))], findings={"study_duke": "ketamine reduced pain by 30%"})
>>> r = study_records(g)[0]
>>> r.design, r.population, r.sample_size, r.duration, r.intervention, r.outcome, r.role
('randomised trial', 'patients with fibromyalgia', '60', '6 weeks', 'ketamine', 'pain', 'reports a result')
>>> r.result
'ketamine reduced pain by 30%'
"""

from __future__ import annotations

import csv
import functools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from graph.errors import QueryError, VocabularyError
from graph.evidence_graph import EvidenceGraph
from graph.fileio import atomic_write, load_yaml
from graph.model import Claim, Evidence

__all__ = ["STUDY_COLUMNS", "DESIGNS", "StudyRecord", "study_records", "record_of", "find_study", "write_studies_csv",
           "design_lookup", "carry_study_records"]

RULES_PATH = Path(__file__).with_name("studies.yaml")
STUDY_COLUMNS = ("study_id", "label", "organization", "design", "population", "sample_size", "duration", "intervention",
                 "outcome", "finding", "result", "sources", "role", "investigates", "claims")
DESIGNS = ("randomised trial", "observational", "review / meta-analysis", "case series", "survey", "unknown")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_FIGURE = re.compile(r"\d|\b(?:half|third|quarter|most|majority|none|all)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“])")


@dataclass(frozen=True)
class StudyRecord:
    study_id: str
    label: str
    organization: str = ""
    design: str = "unknown"
    population: str = ""
    sample_size: str = ""
    duration: str = ""
    intervention: str = ""
    outcome: str = ""
    finding: str = ""
    result: str = ""
    sources: tuple[str, ...] = ()
    role: str = ""  # "reports a result" or "investigates"
    investigates: str = ""  # what the articles say it looked at, when they give no result
    claims: tuple[str, ...] = ()  # ids of the claims attributed to it
    sentences: tuple[Evidence, ...] = field(default=(), compare=False)

    def row(self) -> dict[str, str]:
        # The columns' own values (asdict would first copy every field deeply, sentences included).
        out = {k: getattr(self, k) for k in _FIELD_NAMES if k in STUDY_COLUMNS}
        out["sources"] = "|".join(self.sources)
        out["claims"] = "|".join(self.claims)
        return out


_FIELD_NAMES = tuple(f.name for f in fields(StudyRecord))


@functools.lru_cache(maxsize=2)
def _rules(path: str | Path = RULES_PATH) -> dict[str, Any]:
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
        designs = {name: [re.compile(p, re.IGNORECASE) for p in pats] for name, pats in data["designs"].items()}
        fields = {name: [re.compile(p, re.IGNORECASE) for p in data[name]] for name in ("population", "sample_size", "duration")}
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as error:
        raise VocabularyError(f"cannot read study rules {path}: {error}") from error
    unknown = set(designs) - set(DESIGNS)
    if unknown:
        raise VocabularyError(f"{path}: unknown designs {sorted(unknown)}")
    return {"designs": designs, **fields}


def _first(patterns: Iterable[re.Pattern], texts: Iterable[str]) -> str:
    for text in texts:
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                value = m.group(1) if m.groups() else m.group(0)
                return re.sub(r"^(?:in|among|of|enrolled|recruited|included) (?:\d[\d,]* )?", "", value.strip(),
                              flags=re.IGNORECASE)
    return ""


def _clean(text: str) -> str:
    """A quoted sentence without its quotation marks: 'effects”.' -> 'effects.'"""
    text = text.strip().strip('"“”').strip()
    return re.sub(r'["“”]+(?=[.!?]?$)', "", text).strip()


def _design(texts: list[str]) -> str:
    for name, patterns in _rules()["designs"].items():
        if any(p.search(t) for p in patterns for t in texts):
            return name
    return "unknown"


def _graph_token(graph: EvidenceGraph) -> tuple:
    """What tells a graph's memo (per graph object, below) is still the graph's: its dicts and sizes."""
    return (id(graph.claims), len(graph.claims), id(graph.concepts), len(graph.concepts), len(graph.sources))


# graph -> (token, records): the records are made once per graph (every writer of a build and the
# writers forked from it read them).
_ALL_RECORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def study_records(graph: EvidenceGraph) -> list[StudyRecord]:
    """One record per Study concept of the graph, in id order (made once per graph)."""
    cached = _ALL_RECORDS.get(graph)
    if cached is None or cached[0] != _graph_token(graph):
        cached = _ALL_RECORDS[graph] = (_graph_token(graph), tuple(_study_records(graph)))
    return list(cached[1])


def _cited(graph: EvidenceGraph, wanted: set[str] | None = None) -> dict[str, list[tuple[Claim, Evidence]]]:
    """Study id -> the (claim, sentence) pairs attributed to it (of the studies ``wanted``, or all)."""
    by_study: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim in graph.claims.values():
        for ev in claim.evidence:
            if ev.attribution in graph.concepts and (wanted is None or ev.attribution in wanted) \
                    and graph.concepts[ev.attribution].category == "Study":
                by_study.setdefault(ev.attribution, []).append((claim, ev))
    return by_study


def _study_records(graph: EvidenceGraph) -> list[StudyRecord]:
    by_study = _cited(graph)
    return [_record(graph, sid, concept, by_study.get(sid, [])) for sid, concept in graph.concepts.items()
            if concept.category == "Study"]


def _record(graph: EvidenceGraph, sid: str, concept, cited: list[tuple[Claim, Evidence]]) -> StudyRecord:
    """The record of the study ``sid`` (``concept``), cited in the (claim, sentence) pairs ``cited``."""
    rules = _rules()
    pairs = sorted(cited, key=lambda p: (p[1].source_id, p[1].start, p[0].id))
    backed = [(c, e) for c, e in pairs if e.study_role in ("", "backs")]
    finding = _clean(graph.findings.get(sid, ""))
    sentences = list(dict.fromkeys(e.sentence.translate(_QUOTES) for _, e in pairs))
    texts = sentences + ([finding.translate(_QUOTES)] if finding else [])
    reports = bool(backed)
    org_id = graph.organization_of(sid)
    org = graph.concepts[org_id].label if org_id in graph.concepts else ""
    ends = lambda which: "|".join(dict.fromkeys(  # noqa: E731
        graph.concepts[getattr(c, which)].label for c, _ in backed if getattr(c, which) in graph.concepts
        and (which == "object" or graph.concepts[c.subject].category in ("Drug", "Therapy"))))
    result = ""
    if reports and finding:
        parts = [p.strip() for p in _SENTENCE_END.split(finding) if p.strip()]
        figures = [p for p in parts if _FIGURE.search(p)]
        result = _clean(" ".join(figures))
    if reports and not result:
        result = "|".join(dict.fromkeys(e.quantity for _, e in backed if e.quantity))
    sources = sorted({e.source_id for _, e in pairs} | set(graph.concept_sources.get(sid, ())))
    return StudyRecord(
        study_id=sid, label=concept.label, organization=org, design=_design(texts),
        population=_first(rules["population"], texts), sample_size=_first(rules["sample_size"], texts).replace(",", ""),
        duration=_first(rules["duration"], texts), intervention=ends("subject"), outcome=ends("object"),
        finding=finding if reports else "", result=result, sources=tuple(sources),
        role="reports a result" if reports else ("investigates" if pairs else ""),
        investigates=finding if (finding and not reports) else "",
        claims=tuple(dict.fromkeys(c.id for c, _ in pairs)), sentences=tuple(e for _, e in pairs),
    )


def carry_study_records(graph: EvidenceGraph, previous: EvidenceGraph,
                        records: Iterable[StudyRecord]) -> list[StudyRecord]:
    """The studies' records of ``graph``, as :func:`study_records` makes them, taking ``records``
    (those of the graph ``previous``) for each study nothing of its record changed for: its
    concept, finding, organizations (and their concepts), sources, and the claims citing it
    (compared by identity, then equality) and their ends' concepts. Kept as ``graph``'s memo.

    A rebuild after one changed article makes again only the records it can have changed
    (``graph`` made from ``previous`` by :func:`graph.reassemble.reassemble`)."""
    same = lambda a, b: a is b or a == b  # noqa: E731
    changed_concepts = {cid for cid in graph.concepts.keys() | previous.concepts.keys()
                        if not same(graph.concepts.get(cid), previous.concepts.get(cid))}
    changed_claims = [g.claims[cid] for cid in graph.claims.keys() | previous.claims.keys()
                      if not same(graph.claims.get(cid), previous.claims.get(cid)) for g in (graph, previous)
                      if cid in g.claims]
    if changed_concepts:  # a claim whose end changed: its studies' records name the end
        changed_claims += [c for c in graph.claims.values()
                           if c.subject in changed_concepts or c.object in changed_concepts]
    dirty = {e.attribution for c in changed_claims for e in c.evidence if e.attribution}
    dirty |= changed_concepts
    dirty |= {s for s in graph.findings.keys() | previous.findings.keys()
              if graph.findings.get(s) != previous.findings.get(s)}
    dirty |= {s for s in graph.concept_sources.keys() | previous.concept_sources.keys()
              if not same(graph.concept_sources.get(s), previous.concept_sources.get(s))}
    if graph.study_links != previous.study_links:
        links = set(graph.study_links) ^ set(previous.study_links)
        dirty |= {s for s, _ in links}
    dirty |= {s for s, org in graph.study_links if org in changed_concepts}
    kept = {r.study_id: r for r in records}
    redo = {sid for sid, c in graph.concepts.items() if c.category == "Study" and (sid in dirty or sid not in kept)}
    by_study = _cited(graph, redo) if redo else {}
    out = [_record(graph, sid, concept, by_study.get(sid, [])) if sid in redo else kept[sid]
           for sid, concept in graph.concepts.items() if concept.category == "Study"]
    _ALL_RECORDS[graph] = (_graph_token(graph), tuple(out))
    return out


_RECORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def study_records(graph: EvidenceGraph) -> list[StudyRecord]:
    """One record per Study concept of the graph, in id order (made once per graph)."""
    cached = _ALL_RECORDS.get(graph)
    if cached is None or cached[0] != _graph_token(graph):
        cached = _ALL_RECORDS[graph] = (_graph_token(graph), tuple(_study_records(graph)))
    return list(cached[1])


def _study_records(graph: EvidenceGraph) -> list[StudyRecord]:
    rules = _rules()
    by_study: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim in graph.claims.values():
        for ev in claim.evidence:
            if ev.attribution in graph.concepts and graph.concepts[ev.attribution].category == "Study":
                by_study.setdefault(ev.attribution, []).append((claim, ev))
    out = []
    for sid, concept in graph.concepts.items():
        if concept.category != "Study":
            continue
        pairs = sorted(by_study.get(sid, []), key=lambda p: (p[1].source_id, p[1].start, p[0].id))
        backed = [(c, e) for c, e in pairs if e.study_role in ("", "backs")]
        finding = _clean(graph.findings.get(sid, ""))
        sentences = list(dict.fromkeys(e.sentence.translate(_QUOTES) for _, e in pairs))
        texts = sentences + ([finding.translate(_QUOTES)] if finding else [])
        reports = bool(backed)
        org_id = graph.organization_of(sid)
        org = graph.concepts[org_id].label if org_id in graph.concepts else ""
        ends = lambda which: "|".join(dict.fromkeys(  # noqa: E731
            graph.concepts[getattr(c, which)].label for c, _ in backed if getattr(c, which) in graph.concepts
            and (which == "object" or graph.concepts[c.subject].category in ("Drug", "Therapy"))))
        result = ""
        if reports and finding:
            parts = [p.strip() for p in _SENTENCE_END.split(finding) if p.strip()]
            figures = [p for p in parts if _FIGURE.search(p)]
            result = _clean(" ".join(figures))
        if reports and not result:
            result = "|".join(dict.fromkeys(e.quantity for _, e in backed if e.quantity))
        sources = sorted({e.source_id for _, e in pairs} | set(graph.concept_sources.get(sid, ())))
        out.append(StudyRecord(
            study_id=sid, label=concept.label, organization=org, design=_design(texts),
            population=_first(rules["population"], texts), sample_size=_first(rules["sample_size"], texts).replace(",", ""),
            duration=_first(rules["duration"], texts), intervention=ends("subject"), outcome=ends("object"),
            finding=finding if reports else "", result=result, sources=tuple(sources),
            role="reports a result" if reports else ("investigates" if pairs else ""),
            investigates=finding if (finding and not reports) else "",
            claims=tuple(dict.fromkeys(c.id for c, _ in pairs)), sentences=tuple(e for _, e in pairs),
        ))
    return out


_RECORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def record_of(graph: EvidenceGraph, study_id: str) -> StudyRecord | None:
    """The record of one study of ``graph`` (all records are made once per graph)."""
    cached = _RECORDS.get(graph)
    if cached is None or cached[0] != (len(graph.claims), len(graph.concepts)):
        cached = _RECORDS[graph] = ((len(graph.claims), len(graph.concepts)), {r.study_id: r for r in study_records(graph)})
    return cached[1].get(study_id)


def find_study(graph: EvidenceGraph, name: str) -> StudyRecord:
    """One study's record by id, label or any part of its label or organization (case-insensitive)."""
    records = study_records(graph)
    key = name.strip().lower()
    for test in (lambda r: r.study_id == name or r.label == key,
                 lambda r: key in r.label or key in r.organization.lower() or key in r.study_id):
        found = [r for r in records if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise QueryError(f"study {name!r} is ambiguous: " + "; ".join(r.label for r in found[:6]))
    raise QueryError(f"no study {name!r}; studies: " + "; ".join(r.label for r in records[:8]))


def design_lookup(graph: EvidenceGraph):
    """A ``(study id, sentence) -> design`` function for :func:`graph.strength.belief.belief`: the design
    the backing sentence or the study's finding states (so a claim's belief is the same whichever
    part of the graph is loaded with it)."""

    @functools.lru_cache(maxsize=None)
    def design(study_id: str, sentence: str) -> str:
        return _design([sentence.translate(_QUOTES), graph.findings.get(study_id, "").translate(_QUOTES)])

    return design


def write_studies_csv(graph: EvidenceGraph, path: Path, **options: Any) -> None:
    """``OUT/studies.csv``: one row per cited study (:data:`STUDY_COLUMNS`)."""
    with atomic_write(Path(path)) as handle:
        writer = csv.DictWriter(handle, fieldnames=STUDY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.row() for r in study_records(graph))
