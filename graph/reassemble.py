"""The assembled graph after some articles changed: only what they touch is assembled again.

:func:`graph.assemble.assemble` builds the graph from every article's extraction. After one
article changed, almost all of that work would give what the last build gave: this module
starts from the last build's graph (before curation) and what each article brought to it
(:class:`Contribution`), takes out the changed and removed articles' part, puts in the changed
and added articles' extractions, and assembles again only

- the claims those articles make or made (their evidence from the other articles kept as it
  was, theirs annotated anew), and every claim citing a study whose finding changed (its
  sentences' study roles are read against the finding);
- the concepts those articles list or listed (merged again from every article that lists
  them, in the articles' order, as assembly merges them);
- the studies' findings (the first article's, in order), the concepts' sources and mention
  counts, the studies' organizations.

The result equals what :func:`~graph.assemble.assemble` gives for the same extractions
(``tests/test_reassemble.py`` compares them on real articles); objects no change touched are
the very objects of the last graph, so what differs between the two graphs is found by identity
(:mod:`graph.graphdiff`).

>>> from graph.model import Source, Concept, Claim, Evidence, Mention, SourceExtraction
>>> def one(source_id, text="Ketamine eases pain."):
...     ev = Evidence(source_id, text, 0, len(text))
...     return SourceExtraction(
...         source=Source(source_id, text), sentences=(),
...         mentions=(Mention("ketamine", "Ketamine", 0, 8, source_id, 0),),
...         concepts=(Concept("ketamine", "ketamine", "Drug"), Concept("pain", "pain", "Condition")),
...         claims=(Claim("ketamine", "treats", "pain", evidence=(ev,)),))
>>> from graph.assemble import assemble
>>> before = [one("a"), one("b")]
>>> graph = assemble(before)
>>> parts = {x.source.id: contribution_of(x, "key-" + x.source.id) for x in before}
>>> after, _ = reassemble(graph, parts, ["a", "b", "c"], {"c": one("c")}, gone=set())
>>> [(c.support, len(c.evidence)) for c in after.claims.values()]
[(3, 3)]
>>> after.claims == assemble(before + [one("c")]).claims
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.assemble import AssemblyInput, assembly_input, merge_concepts
from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, SourceExtraction
from graph.strength.evidence_types import Annotations, annotate_claims, annotate_evidence

__all__ = ["Contribution", "contribution_of", "reassemble"]


@dataclass(frozen=True)
class Contribution:
    """What one article brought to the assembled graph (besides its source and mention counts,
    which the graph keeps): enough to take it out again and to merge again what it shares."""

    key: str  # its extraction cache key (content and versions): a new key means a changed article
    concepts: tuple[Concept, ...]  # the concepts its extraction lists, in its order
    claims: tuple[str, ...]  # the ids of its claims
    concept_sources: tuple[str, ...]  # the concepts it is a source of (concept_sources)
    study_links: tuple[tuple[str, str], ...]
    findings: tuple[tuple[str, str], ...]
    sentences: int = 0  # its number of sentences


def contribution_of(x: SourceExtraction | AssemblyInput, key: str) -> Contribution:
    """What the extraction ``x`` (or its :class:`~graph.assemble.AssemblyInput`) brings to a graph
    (as :func:`graph.assemble.assemble` counts it)."""
    x = assembly_input(x)
    sources: set[str] = set(x.mention_counts)
    for claim in x.claims:
        sources.add(claim.subject)
        sources.add(claim.object)
    for study_id, org_id in x.study_links:
        sources.add(study_id)
        sources.add(org_id)
    for study_id, _ in x.findings:
        sources.add(study_id)
    return Contribution(key=key, concepts=tuple(x.concepts), claims=tuple(sorted({c.id for c in x.claims})),
                        concept_sources=tuple(sorted(sources)), study_links=tuple(x.study_links),
                        findings=tuple(x.findings), sentences=x.sentences)


def _kept(old: dict, new: dict) -> dict:
    """``new`` with each value equal to ``old``'s for its key replaced by ``old``'s object (so that
    what did not change keeps its identity)."""
    for key, value in new.items():
        known = old.get(key)
        if known is not None and known is not value and known == value:
            new[key] = known
    return new


def reassemble(
    previous: EvidenceGraph,
    contributions: Mapping[str, Contribution],
    order: Iterable[str],
    fresh: Mapping[str, SourceExtraction | AssemblyInput],
    *,
    gone: set[str],
    keys: Mapping[str, str] | None = None,
    annotations: Annotations | None = None,
) -> tuple[EvidenceGraph, dict[str, Contribution]]:
    """The graph of the articles ``order`` (their ids, in the build's order), from ``previous``
    (the last build's graph before curation) and its ``contributions``, with the articles of
    ``gone`` (changed or removed) taken out and the extractions ``fresh`` (changed or added:
    source id -> extraction) put in; and the contributions of the new graph.

    ``keys`` gives the fresh articles' cache keys (kept in their contributions); ``annotations``
    the memo the new evidence sentences are annotated with (:class:`Annotations`).
    """
    order = list(order)
    fresh = {sid: assembly_input(x) for sid, x in fresh.items()}
    position = {sid: i for i, sid in enumerate(order)}
    keys = keys or {}
    # Every article whose part is taken out: the changed (``gone``, and any fresh one) and the removed.
    known = set(previous.sources) | set(contributions)
    out = (set(gone) | set(fresh) | (set(previous.sources) - set(position))) & known
    old_parts = {sid: contributions[sid] for sid in out if sid in contributions}
    parts = {sid: part for sid, part in contributions.items() if sid not in out and sid in position}
    for sid, x in fresh.items():
        parts[sid] = contribution_of(x, keys.get(sid, ""))
    missing = [sid for sid in order if sid not in parts]
    if missing:
        raise ValueError(f"no extraction nor contribution for source(s) {missing[:5]}")

    # Concepts: each one an article that changed lists (or listed) is merged again from every article listing it.
    touched = {c.id for part in old_parts.values() for c in part.concepts}
    touched |= {c.id for x in fresh.values() for c in x.concepts}
    merged = merge_concepts(c for sid in order for c in parts[sid].concepts if c.id in touched)
    concepts = dict(previous.concepts)
    for cid in touched:
        if cid in merged:
            known = concepts.get(cid)
            same = known is not None and (known is merged[cid] or known == merged[cid])
            concepts[cid] = known if same else merged[cid]
        else:
            concepts.pop(cid, None)

    # Findings: the first article's, in order.
    studies = {s for part in old_parts.values() for s, _ in part.findings}
    studies |= {s for x in fresh.values() for s, _ in x.findings}
    findings = dict(previous.findings)
    if studies:
        first: dict[str, str] = {}
        for sid in order:
            for study_id, finding in parts[sid].findings:
                if study_id in studies:
                    first.setdefault(study_id, finding)
        for study_id in studies:
            if study_id in first:
                findings[study_id] = first[study_id]
            else:
                findings.pop(study_id, None)
    changed_findings = {s for s in studies if findings.get(s) != previous.findings.get(s)}

    # Claims: those the articles make or made, and those citing a study whose finding changed.
    memo = annotations if annotations is not None else Annotations()
    new_evidence: dict[str, list[Evidence]] = {}
    first_claim: dict[str, Claim] = {}
    for claim in annotate_claims((c for sid in order if sid in fresh for c in fresh[sid].claims), findings, memo):
        new_evidence.setdefault(claim.id, []).extend(claim.evidence)
        first_claim.setdefault(claim.id, claim)
    touched_claims = {cid for part in old_parts.values() for cid in part.claims} | set(new_evidence)
    if changed_findings:
        touched_claims |= {cid for cid, c in previous.claims.items()
                           if any(e.attribution in changed_findings for e in c.evidence)}
    updated: dict[str, Claim | None] = {}
    for cid in touched_claims:
        old = previous.claims.get(cid)
        evidence: list[Evidence] = []
        if old is not None:
            for e in old.evidence:
                if e.source_id in out:
                    continue
                if changed_findings and e.attribution in changed_findings:
                    e = annotate_evidence(e, old.predicate, findings, memo)
                evidence.append(e)
        evidence.extend(new_evidence.get(cid, ()))
        if not evidence:
            updated[cid] = None
            continue
        base = old if old is not None else first_claim[cid]
        claim = base.replace(evidence=tuple(evidence))
        if old is not None and claim == old:
            claim = old
        for end in (claim.subject, claim.object):
            if end not in concepts:
                raise ValueError(f"claim {claim.id} refers to unknown concept {end!r}")
        updated[cid] = claim
    if any(cid not in previous.claims for cid, c in updated.items() if c is not None) or any(
            c is None for c in updated.values()):
        kept = [c for cid, c in previous.claims.items() if cid not in updated]
        kept += [c for c in updated.values() if c is not None]
        claims = {c.id: c for c in sorted(kept, key=lambda c: (c.key, c.id))}
    else:
        claims = {cid: (updated[cid] if cid in updated else c) for cid, c in previous.claims.items()}

    # Sources, their mentions, the concepts' sources and mention counts, the studies' organizations.
    sources = {sid: s for sid, s in previous.sources.items() if sid not in out}
    source_mentions = {sid: m for sid, m in previous.source_mentions.items() if sid not in out}
    concept_mentions = Counter(previous.concept_mentions)
    for sid in out:
        concept_mentions.subtract(previous.source_mentions.get(sid, {}))
    for sid, x in fresh.items():
        sources[sid] = x.source
        counts = Counter(x.mention_counts)
        source_mentions[sid] = dict(sorted(counts.items()))
        concept_mentions.update(counts)
    concept_mentions = {cid: n for cid, n in sorted(concept_mentions.items()) if n > 0}
    reached = {cid for part in old_parts.values() for cid in part.concept_sources}
    reached |= {cid for sid in fresh for cid in parts[sid].concept_sources}
    concept_sources = dict(previous.concept_sources)
    if reached:
        listing: dict[str, set[str]] = {cid: set() for cid in reached}
        for sid in order:
            for cid in parts[sid].concept_sources:
                if cid in listing:
                    listing[cid].add(sid)
        for cid, ids in listing.items():
            if ids:
                concept_sources[cid] = tuple(sorted(ids))
            else:
                concept_sources.pop(cid, None)
    study_links = tuple(sorted({link for part in parts.values() for link in part.study_links}))

    graph = EvidenceGraph.from_parts(
        sources=dict(sorted(sources.items())),
        concepts=concepts if concepts.keys() == previous.concepts.keys() else dict(sorted(concepts.items())),
        claims=claims,
        study_links=study_links,
        findings=dict(sorted(findings.items())),
        concept_sources=dict(sorted(concept_sources.items())),
        concept_mentions=concept_mentions,
        source_mentions=dict(sorted(source_mentions.items())),
    )
    return graph, {sid: parts[sid] for sid in order}
