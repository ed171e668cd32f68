"""Curation: a writer's decisions, kept in a plain YAML file and applied on every build.

This module applies the decisions and says what the outputs show; reading and appending the
file is :mod:`graph.curation_file` (its names are re-exported here).

The file (``sources/curation.yaml`` by default) is a YAML list; each entry is one decision,
applied in file order to the assembled graph, after assembly and before any output:

``reject``
    a claim (by id, with its subject, predicate, object and polarity as a second key) leaves
    the graph; the decision, its note and the claim it removed are kept in the report.
``accept``
    a claim is marked as checked by a writer (a rejected one comes back).
``merge``
    a concept is folded into another: its claims, mentions and synonyms move over.
``rename``
    a concept gets a new label (its id, and so its claims' ids, stay).
``recategorize``
    a concept gets another category.
``add``
    a claim the extractor missed, with a quote that must occur in the named source's text.

Every entry may carry ``note`` (why), ``by`` (who) and ``at`` (when, ISO 8601). Keys are
content-based ids (a claim id is a hash of subject, predicate, object and polarity; a
concept id is its slug), so a decision outlives re-extraction. A decision whose claim,
concept, source or quote is no longer in the build is **stale**: reported (build log,
``build.json``, ``curate stale``), never dropped, and left in the file. A malformed entry is a
one-line problem naming the file and line, and is skipped; the rest of the file applies.

>>> from graph.query import example_graph
>>> g = example_graph()
>>> text = '''
... - action: reject
...   claim: 6180859989e387a8
...   note: the article only says it may help
... - action: merge
...   concept: pain
...   into: chronic_pain
... - action: reject
...   claim: 0000000000000000
... '''
>>> decisions, problems = parse_decisions(text, "curation.yaml")
>>> [(d.action, d.line) for d in decisions], problems
([('reject', 2), ('merge', 5), ('reject', 8)], [])
>>> curated = apply_curation(g, decisions, path="curation.yaml")
>>> "6180859989e387a8" in curated.claims, "pain" in curated.concepts
(False, False)
>>> [(o.line, o.status) for o in curated.curation.outcomes]
[(2, 'applied'), (5, 'applied'), (8, 'stale')]
>>> curated.curation.stale[0].detail
'no claim 0000000000000000 in this build'
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.curation_file import (ACTIONS, CURATION_FILE, Decision, append_decision, entry_text, parse_decisions,
                                 read_decisions)
from graph.errors import Problem
from graph.evidence_graph import EvidenceGraph
from graph.model import SYMMETRIC_PREDICATES, Claim, Concept, Evidence, content_id, slugify

__all__ = [
    "CURATION_FILE",
    "ACTIONS",
    "Decision",
    "Mark",
    "Outcome",
    "Curation",
    "parse_decisions",
    "read_decisions",
    "apply_curation",
    "curate_graph",
    "find_quote",
    "entry_text",
    "append_decision",
    "curation_of",
    "store_rows",
    "read_stored_curation",
]

log = logging.getLogger(__name__)

# The past tense a mark shows.
MARK_ACTIONS = {"reject": "rejected", "accept": "accepted", "merge": "merged", "rename": "renamed",
                "recategorize": "recategorized", "add": "added"}
# The cue of an evidence sentence a writer added.
CURATED_CUE = "curated"

# -- what the outputs show ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A decision as the outputs show it on a claim or a concept: what, who, when, why."""

    action: str  # past tense: accepted, rejected, added, merged, renamed, recategorized
    note: str = ""
    by: str = ""
    at: str = ""
    detail: str = ""
    decision: str = ""  # the decision's id

    def text(self) -> str:
        """One line: ``accepted by ana on 2026-12-01: checked against the trial``.

        >>> Mark("accepted", "checked", "ana", "2026-12-01T10:00:00Z").text()
        'accepted by ana on 2026-12-01: checked'
        """
        out = self.action + (f" ({self.detail})" if self.detail else "")
        if self.by:
            out += f" by {self.by}"
        if self.at:
            out += f" on {self.at[:10]}"
        return out + (f": {self.note}" if self.note else "")


@dataclass(frozen=True)
class Outcome:
    """What the build did with one decision: ``applied``, ``stale`` (its target is gone),
    ``superseded`` (a later decision on the same claim overrides it) or ``invalid`` (a bad entry)."""

    decision: str
    line: int
    action: str
    target: str
    status: str
    detail: str = ""
    note: str = ""
    by: str = ""
    at: str = ""

    def text(self, path: str = "") -> str:
        where = f"{path}:{self.line}" if path else f"line {self.line}"
        if not self.action:
            return f"{where}: invalid entry: {self.detail}"
        return f"{where}: {self.action} {self.target}: {self.status}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Curation:
    """The curation a graph went through: marks on claims and concepts, and every decision's outcome."""

    path: str = ""
    sha256: str = ""
    claims: dict[str, tuple[Mark, ...]] = field(default_factory=dict)
    concepts: dict[str, tuple[Mark, ...]] = field(default_factory=dict)
    outcomes: tuple[Outcome, ...] = ()

    @property
    def stale(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "stale"]

    def __bool__(self) -> bool:
        return bool(self.outcomes or self.claims or self.concepts)

    def claim_mark(self, claim_id: str) -> Mark | None:
        """The mark a claim shows (its last decision), or ``None``."""
        marks = self.claims.get(claim_id)
        return marks[-1] if marks else None

    def summary(self) -> dict[str, int]:
        return dict(sorted(Counter(o.status for o in self.outcomes).items()))

    def as_record(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "claims": {k: [dataclasses.asdict(m) for m in v] for k, v in sorted(self.claims.items())},
            "concepts": {k: [dataclasses.asdict(m) for m in v] for k, v in sorted(self.concepts.items())},
            "outcomes": [dataclasses.asdict(o) for o in self.outcomes],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> "Curation":
        if not record:
            return cls()
        return cls(
            path=record.get("path", ""),
            sha256=record.get("sha256", ""),
            claims={k: tuple(Mark(**m) for m in v) for k, v in record.get("claims", {}).items()},
            concepts={k: tuple(Mark(**m) for m in v) for k, v in record.get("concepts", {}).items()},
            outcomes=tuple(Outcome(**o) for o in record.get("outcomes", ())),
        )


def curation_of(graph: EvidenceGraph) -> Curation:
    """The curation a graph carries (an empty one for a graph never curated)."""
    return getattr(graph, "curation", None) or Curation()


# -- applying the decisions ---------------------------------------------------------------------------


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text``, white space matched loosely (line breaks, runs of spaces).

    >>> find_quote("Ketamine may\\nhelp  with pain.", "may help with pain")
    (9, 28)
    >>> find_quote("Ketamine may help.", "may cure") is None
    True
    """
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (found.start(), found.end()) if found else None


class _State:
    """The graph's parts, changed decision by decision."""

    def __init__(self, graph: EvidenceGraph):
        self.graph = graph
        self.concepts: dict[str, Concept] = dict(graph.concepts)
        self.claims: dict[str, Claim] = dict(graph.claims)
        self.rejected: dict[str, Claim] = {}
        self.alias: dict[str, str] = {}
        self.concept_sources = {k: set(v) for k, v in graph.concept_sources.items()}
        self.concept_mentions = Counter(graph.concept_mentions)
        self.source_mentions = {k: Counter(v) for k, v in graph.source_mentions.items()}
        self.study_links = list(graph.study_links)
        self.findings = dict(graph.findings)
        self.claim_marks: dict[str, list[Mark]] = defaultdict(list)
        self.concept_marks: dict[str, list[Mark]] = defaultdict(list)
        self.last_on_claim: dict[str, int] = {}
        self.restored = ""  # the id a rejected claim had, when the last decision restored it

    def concept_id(self, value: str) -> str | None:
        cid = value
        seen = set()
        while cid in self.alias and cid not in seen:
            seen.add(cid)
            cid = self.alias[cid]
        if cid in self.concepts:
            return cid
        slug = slugify(value)
        return self.concept_id(slug) if slug != value else None

    def claim_key_id(self, d: Decision) -> str | None:
        """The id of the claim a decision names by subject, predicate, object and polarity (after merges)."""
        if not (d.subject and d.predicate and d.object):
            return None
        s, o = self.concept_id(d.subject), self.concept_id(d.object)
        if s is None or o is None:
            return None
        if d.predicate in SYMMETRIC_PREDICATES and o < s:
            s, o = o, s
        return content_id(s, d.predicate, o, d.polarity or "affirmed")

    def put(self, claim: Claim) -> str:
        known = self.claims.get(claim.id)
        self.claims[claim.id] = claim if known is None else known.merge(claim)
        return claim.id

    def result(self, curation: Curation) -> EvidenceGraph:
        return EvidenceGraph(
            sources=self.graph.sources.values(), concepts=self.concepts.values(), claims=self.claims.values(),
            study_links=[(s, o) for s, o in self.study_links if s in self.concepts and o in self.concepts],
            findings=self.findings, concept_sources=self.concept_sources, concept_mentions=dict(self.concept_mentions),
            source_mentions=self.source_mentions, curation=curation,
        )


def _mark(d: Decision, detail: str = "") -> Mark:
    return Mark(MARK_ACTIONS[d.action], d.note, d.by, d.at, detail, d.id)


def _claim_said(state: _State, claim: Claim) -> str:
    def name(cid: str) -> str:
        return state.concepts[cid].label if cid in state.concepts else cid

    neg = "NOT " if claim.polarity == "negated" else ""
    return f"{name(claim.subject)} {neg}{claim.predicate} {name(claim.object)}"


def _reject_or_accept(state: _State, d: Decision) -> tuple[str, str, str | None]:
    cid = d.claim if (d.claim in state.claims or d.claim in state.rejected) else state.claim_key_id(d)
    if cid is not None and cid not in state.claims and cid not in state.rejected:
        cid = None
    if cid is None:
        return "stale", f"no claim {d.claim} in this build", None
    if d.action == "reject":
        if cid in state.rejected:
            return "applied", "already rejected", cid
        claim = state.claims.pop(cid)
        state.rejected[cid] = claim
        detail = _claim_said(state, claim) + (f"; its id is now {cid}" if cid != d.claim else "")
        return "applied", detail, cid
    claim = state.claims.get(cid)
    if claim is None:
        claim = state.rejected.pop(cid)
        state.restored = cid
        # Concepts merged since the rejection: the restored claim follows them.
        s, o = state.concept_id(claim.subject) or claim.subject, state.concept_id(claim.object) or claim.object
        if s == o:
            return "stale", f"the two ends of claim {cid} have been merged into one concept", None
        evidence = tuple(e.replace(attribution=state.concept_id(e.attribution) or e.attribution) if e.cited else e
                         for e in claim.evidence)
        claim = Claim(s, claim.predicate, o, claim.polarity, evidence)
        cid = state.put(claim)
        return "applied", _claim_said(state, claim) + "; restored after a rejection", cid
    return "applied", _claim_said(state, claim) + (f"; its id is now {cid}" if cid != d.claim else ""), cid


def _merge(state: _State, d: Decision) -> tuple[str, str, str | None]:
    gone, into = state.concept_id(d.concept), state.concept_id(d.into)
    if gone is None:
        return "stale", f"no concept {d.concept} in this build", None
    if into is None:
        return "stale", f"no concept {d.into} in this build", None
    if gone == into:
        return "applied", f"{d.concept} is already {into}", None
    old, target = state.concepts.pop(gone), state.concepts[into]
    names = {old.label, old.display, *old.synonyms} - {"", target.label}
    state.concepts[into] = target.replace(synonyms=tuple(sorted(set(target.synonyms) | names)),
                                          xrefs=tuple(sorted(set(target.xrefs) | set(old.xrefs))))
    state.alias[gone] = into
    for cid, concept in list(state.concepts.items()):
        if gone in concept.parents:
            parents = tuple(dict.fromkeys(into if p == gone else p for p in concept.parents if (into if p == gone else p) != cid))
            state.concepts[cid] = concept.replace(parents=parents)
    moved = dropped = 0
    for cid, claim in list(state.claims.items()):
        touches = gone in (claim.subject, claim.object)
        cites = any(e.attribution == gone for e in claim.evidence)
        if not (touches or cites):
            continue
        del state.claims[cid]
        s = into if claim.subject == gone else claim.subject
        o = into if claim.object == gone else claim.object
        if s == o:
            dropped += 1
            continue
        evidence = tuple(e.replace(attribution=into) if e.attribution == gone else e for e in claim.evidence)
        new_id = state.put(Claim(s, claim.predicate, o, claim.polarity, evidence))
        if cid in state.claim_marks and new_id != cid:
            state.claim_marks[new_id].extend(state.claim_marks.pop(cid))
        if cid in state.last_on_claim and new_id != cid:
            state.last_on_claim[new_id] = state.last_on_claim.pop(cid)
        moved += 1
    state.concept_sources.setdefault(into, set()).update(state.concept_sources.pop(gone, set()))
    state.concept_mentions[into] += state.concept_mentions.pop(gone, 0)
    for counts in state.source_mentions.values():
        if gone in counts:
            counts[into] += counts.pop(gone)
    state.study_links = sorted({(into if s == gone else s, into if o == gone else o) for s, o in state.study_links})
    if gone in state.findings:
        state.findings.setdefault(into, state.findings.pop(gone))
    state.concept_marks[into].extend(state.concept_marks.pop(gone, []))
    detail = f"{old.label} into {target.label}: {moved} claim(s) moved"
    if dropped:
        detail += f", {dropped} claim(s) between the two dropped"
    return "applied", detail, into


def _rename(state: _State, d: Decision) -> tuple[str, str, str | None]:
    cid = state.concept_id(d.concept)
    if cid is None:
        return "stale", f"no concept {d.concept} in this build", None
    concept = state.concepts[cid]
    label = d.label.lower()
    synonyms = set(concept.synonyms) | ({concept.label, concept.display} - {"", label, d.label})
    state.concepts[cid] = concept.replace(label=label, display=d.label if d.label != label else "",
                                          synonyms=tuple(sorted(synonyms - {label})))
    return "applied", f"was {concept.name!r}", cid


def _recategorize(state: _State, d: Decision) -> tuple[str, str, str | None]:
    cid = state.concept_id(d.concept)
    if cid is None:
        return "stale", f"no concept {d.concept} in this build", None
    concept = state.concepts[cid]
    state.concepts[cid] = concept.replace(category=d.category)
    return "applied", f"was {concept.category}", cid


def _add(state: _State, d: Decision) -> tuple[str, str, str | None]:
    source = state.graph.sources.get(d.source)
    if source is None:
        return "stale", f"no source {d.source} in this build", None
    span = find_quote(source.text, d.quote)
    if span is None:
        return "stale", f"the quote is not in the text of {d.source} (has the article changed?)", None
    ends = []
    for name, category in ((d.subject, d.subject_category), (d.object, d.object_category)):
        cid = state.concept_id(name)
        if cid is None and category:
            cid = slugify(name)
            state.concepts[cid] = Concept(cid, name.lower(), category, display=name if name != name.lower() else "")
        if cid is None:
            return "stale", f"no concept {name} in this build (give its category to create it)", None
        ends.append(cid)
    study = ""
    if d.study:
        study = state.concept_id(d.study) or ""
        if not study:
            return "stale", f"no study {d.study} in this build", None
    start, end = span
    section = next((e.section for c in state.graph.claims.values() for e in c.evidence
                    if e.source_id == source.id and e.start <= start < e.end), "")
    evidence = Evidence(source.id, " ".join(source.text[start:end].split()), start, end, section,
                        certainty=d.certainty or "asserted", attribution=study, cue=CURATED_CUE)
    claim = Claim(ends[0], d.predicate, ends[1], d.polarity or "affirmed", (evidence,))
    known = state.claims.get(claim.id)
    if known is not None and any(e.source_id == source.id and e.start <= start and end <= e.end for e in known.evidence):
        return "applied", _claim_said(state, claim) + "; already extracted from this sentence, nothing added", claim.id
    existed = known is not None
    cid = state.put(claim)
    for end_id in ends:
        state.concept_sources.setdefault(end_id, set()).add(source.id)
    return "applied", _claim_said(state, claim) + ("; added to an extracted claim" if existed else ""), cid


_HANDLERS = {"reject": _reject_or_accept, "accept": _reject_or_accept, "merge": _merge, "rename": _rename,
             "recategorize": _recategorize, "add": _add}


def apply_curation(graph: EvidenceGraph, decisions: Iterable[Decision], *, path: str = "", sha256: str = "",
                   problems: Iterable[Problem] = ()) -> EvidenceGraph:
    """A new graph: ``decisions`` applied in order to ``graph``, with :class:`Curation` as ``.curation``.

    ``problems`` (bad entries found when reading the file) are kept as ``invalid`` outcomes.
    """
    state = _State(graph)
    outcomes: list[Outcome] = []
    for problem in problems:
        line = problem.path.rsplit(":", 1)[-1]
        outcomes.append(Outcome("", int(line) if line.isdigit() else 0, "", "", "invalid", problem.reason))
    for d in decisions:
        state.restored = ""
        status, detail, target = _HANDLERS[d.action](state, d)
        index = len(outcomes)
        outcomes.append(Outcome(d.id, d.line, d.action, d.target(), status, detail, d.note, d.by, d.at))
        if status != "applied" or target is None:
            continue
        if d.action in ("reject", "accept", "add"):
            previous = state.last_on_claim.get(state.restored or target)
            if previous is not None and d.action != "add":
                old = outcomes[previous]
                outcomes[previous] = dataclasses.replace(old, status="superseded",
                                                         detail=f"{old.detail}; overridden by line {d.line}")
            if d.action != "add":
                state.last_on_claim[target] = index
            mark = _mark(d)
            if d.action == "add" and detail.endswith("nothing added"):  # the extractor had it: a confirmation
                mark = dataclasses.replace(mark, action="accepted", detail="as added")
            state.claim_marks[target].append(mark)
        else:
            state.concept_marks[target].append(_mark(d, detail))
    outcomes.sort(key=lambda o: o.line)
    curation = Curation(
        path=path, sha256=sha256,
        claims={k: tuple(v) for k, v in sorted(state.claim_marks.items()) if v},
        concepts={k: tuple(v) for k, v in sorted(state.concept_marks.items()) if v and k in state.concepts},
        outcomes=tuple(outcomes),
    )
    return state.result(curation)


def curate_graph(graph: EvidenceGraph, path: str | Path) -> tuple[EvidenceGraph, list[Problem]]:
    """Apply the curation file at ``path`` to ``graph``: (curated graph, problems to report).

    Bad entries are problems (``skipped``); stale decisions are warnings. A missing file
    changes nothing.
    """
    path = Path(path)
    if not path.is_file():
        return graph, []
    decisions, problems = read_decisions(path)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = ""
    curated = apply_curation(graph, decisions, path=str(path), sha256=sha, problems=problems)
    report = list(problems)
    for outcome in curated.curation.stale:
        report.append(Problem(f"{path}:{outcome.line}",
                              f"{outcome.action} {outcome.target}: stale, {outcome.detail}; kept in the file", "warning"))
    summary = curated.curation.summary()
    if summary:
        log.info("curation %s: %s", path, ", ".join(f"{n} {status}" for status, n in summary.items()))
    return curated, report


# -- the store ----------------------------------------------------------------------------------------


def store_rows(graph: EvidenceGraph) -> tuple[list[tuple], list[tuple]]:
    """The rows of the store's ``curation`` (one per decision) and ``curation_marks`` tables."""
    curation = curation_of(graph)
    decisions = [(i, o.decision, o.line, o.action, o.target, o.status, o.detail, o.note, o.by, o.at)
                 for i, o in enumerate(curation.outcomes)]
    marks = [(kind, key, i, m.action, m.note, m.by, m.at, m.detail, m.decision)
             for kind, table in (("claim", curation.claims), ("concept", curation.concepts))
             for key, ms in sorted(table.items()) for i, m in enumerate(ms)]
    return decisions, marks


def read_stored_curation(db: Any, claim_ids: Iterable[str] | None = None) -> Curation | None:
    """The curation kept in a store (``None`` if it holds none, or predates curation).

    With ``claim_ids``, only those claims' marks are read (the concepts' marks and the
    outcomes always are).
    """
    import json
    import sqlite3

    try:
        meta = db.execute("SELECT value FROM meta WHERE key = 'curation'").fetchall()
        outcomes = db.execute("SELECT decision_id, line, action, target, status, detail, note, curator, at "
                              "FROM curation ORDER BY position").fetchall()
        if claim_ids is None:
            rows = db.execute("SELECT kind, id, action, note, curator, at, detail, decision_id FROM curation_marks "
                              "ORDER BY kind, id, position").fetchall()
        else:
            ids = sorted(set(claim_ids))
            rows = db.execute("SELECT kind, id, action, note, curator, at, detail, decision_id FROM curation_marks "
                              "WHERE kind = 'concept' ORDER BY kind, id, position").fetchall()
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                rows += db.execute("SELECT kind, id, action, note, curator, at, detail, decision_id FROM curation_marks "
                                   f"WHERE kind = 'claim' AND id IN ({','.join('?' * len(chunk))}) "
                                   "ORDER BY kind, id, position", chunk).fetchall()
    except sqlite3.OperationalError:
        return None  # a store written before curation existed
    if not meta and not outcomes and not rows:
        return None
    where = json.loads(meta[0][0]) if meta else {}
    claims: dict[str, list[Mark]] = defaultdict(list)
    concepts: dict[str, list[Mark]] = defaultdict(list)
    for kind, key, action, note, by, at, detail, decision in rows:
        (claims if kind == "claim" else concepts)[key].append(Mark(action, note, by, at, detail, decision))
    return Curation(path=where.get("path", ""), sha256=where.get("sha256", ""),
                    claims={k: tuple(v) for k, v in claims.items()}, concepts={k: tuple(v) for k, v in concepts.items()},
                    outcomes=tuple(Outcome(*row) for row in outcomes))
