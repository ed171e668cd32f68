"""Assembly: many :class:`~graph.model.SourceExtraction` in, one :class:`EvidenceGraph` out.

Equal claims (same subject, predicate, object, polarity) from several sentences
or sources merge into one claim whose evidence adds up; concepts found in several
sources merge their synonyms; studies keep their organization and finding.

>>> from graph.model import Source, Concept, Claim, Evidence, Mention, SourceExtraction
>>> def one(source_id):
...     ev = Evidence(source_id, "Ketamine eases pain.", 0, 20)
...     return SourceExtraction(
...         source=Source(source_id, "Ketamine eases pain."), sentences=(),
...         mentions=(Mention("ketamine", "Ketamine", 0, 8, source_id, 0),),
...         concepts=(Concept("ketamine", "ketamine", "Drug"), Concept("pain", "pain", "Condition")),
...         claims=(Claim("ketamine", "treats", "pain", evidence=(ev,)),))
>>> g = assemble([one("a"), one("b")])
>>> [(c.support, len(c.evidence)) for c in g.claims.values()]
[(2, 2)]
>>> g.concept_sources["ketamine"]
('a', 'b')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Source, SourceExtraction
from graph.strength.evidence_types import Annotations, annotate_claims

__all__ = ["AssemblyInput", "assemble", "assembly_input", "merge_concepts", "merge_claims"]


@dataclass(frozen=True)
class AssemblyInput:
    """What assembly reads of one :class:`SourceExtraction`: all of it but its sentences (their
    number) and its mentions (how often each concept is mentioned, in the order first mentioned).

    A build holds every article's extraction until the graph is assembled; the sentences and the
    mentions are most of an extraction's memory (at 1,000 articles, ~80 of ~170 MB) and assembly
    needs only these figures of them, so a build keeps this instead, made as each extraction
    arrives (:func:`graph.parallel.extract_all`'s ``keep``). Assembled, it gives the very graph of
    the extraction (tested).
    """

    source: Source
    sentences: int  # the extraction's number of sentences
    mention_counts: Counter  # concept id -> mentions, in the order of the first mention
    concepts: tuple[Concept, ...]
    claims: tuple[Claim, ...]
    study_links: tuple[tuple[str, str], ...] = ()
    findings: tuple[tuple[str, str], ...] = ()


def assembly_input(x: SourceExtraction | AssemblyInput) -> AssemblyInput:
    """The :class:`AssemblyInput` of an extraction (one already made is returned as it is).

    >>> from graph.model import Mention
    >>> x = SourceExtraction(Source("a", "Ketamine."), (), (Mention("ketamine", "Ketamine", 0, 8, "a", 0),), (), ())
    >>> assembly_input(x).mention_counts, assembly_input(x).sentences
    (Counter({'ketamine': 1}), 0)
    """
    if isinstance(x, AssemblyInput):
        return x
    return AssemblyInput(x.source, len(x.sentences), Counter(m.concept_id for m in x.mentions), tuple(x.concepts),
                         tuple(x.claims), tuple(x.study_links), tuple(x.findings))


def merge_concepts(concepts: Iterable[Concept]) -> dict[str, Concept]:
    """One concept per id; synonyms and xrefs are unioned, a vocabulary entry beats a discovered one."""
    merged: dict[str, Concept] = {}
    for concept in concepts:
        known = merged.get(concept.id)
        if known is None:
            merged[concept.id] = concept
            continue
        if known is concept or known == concept:
            continue  # the same vocabulary concept, found again in another source
        base, other = (known, concept) if (not known.discovered or concept.discovered) else (concept, known)
        merged[concept.id] = base.replace(
            synonyms=tuple(sorted(set(base.synonyms) | set(other.synonyms))),
            xrefs=tuple(sorted(set(base.xrefs) | set(other.xrefs))),
            discovered=base.discovered and other.discovered,
        )
    return merged


def merge_claims(claims: Iterable[Claim]) -> dict[str, Claim]:
    """Claims keyed by id, equal claims merged (their evidence adds up)."""
    # Evidence is gathered first and each claim built once: merging pairwise re-sorts the
    # evidence every time, which is quadratic for a claim many sources make.
    first: dict[str, Claim] = {}
    evidence: dict[str, list] = {}
    for claim in claims:
        if claim.id not in first:
            first[claim.id] = claim
            evidence[claim.id] = list(claim.evidence)
        else:
            evidence[claim.id].extend(claim.evidence)
    return {cid: (c if len(evidence[cid]) == len(c.evidence) else c.replace(evidence=tuple(evidence[cid])))
            for cid, c in first.items()}


def assemble(extractions: Iterable[SourceExtraction | AssemblyInput],
             annotations: Annotations | None = None) -> EvidenceGraph:
    """Build the evidence graph from per-source extractions (or their :class:`AssemblyInput`).

    ``annotations``: evidence sentences' annotations already computed (an earlier build's, see
    :func:`graph.cache.load_annotations`); the graph is the same with or without them."""
    extractions = [assembly_input(x) for x in extractions]
    concepts = merge_concepts(c for x in extractions for c in x.concepts)
    findings: dict[str, str] = {}
    for x in extractions:
        for study_id, finding in x.findings:
            findings.setdefault(study_id, finding)
    # What each evidence sentence is, and whether a cited study backs or only investigates.
    claims = merge_claims(annotate_claims((c for x in extractions for c in x.claims), findings, annotations))
    concept_sources: dict[str, set[str]] = defaultdict(set)
    source_mentions: dict[str, Counter] = {}
    for x in extractions:
        counts = Counter(x.mention_counts)
        source_mentions[x.source.id] = counts
        for concept_id in counts:
            concept_sources[concept_id].add(x.source.id)
        for claim in x.claims:
            concept_sources[claim.subject].add(x.source.id)
            concept_sources[claim.object].add(x.source.id)
        for study_id, org_id in x.study_links:
            concept_sources[study_id].add(x.source.id)
            concept_sources[org_id].add(x.source.id)
        for study_id, _ in x.findings:  # a study named without an organization ("the BRIGHTWAY trial")
            concept_sources[study_id].add(x.source.id)
    concept_mentions = Counter()
    for counts in source_mentions.values():
        concept_mentions.update(counts)
    return EvidenceGraph(
        sources=[x.source for x in extractions],
        concepts=concepts.values(),
        claims=claims.values(),
        study_links=[link for x in extractions for link in x.study_links],
        findings=findings,
        concept_sources=concept_sources,
        concept_mentions=concept_mentions,
        source_mentions=source_mentions,
    )
