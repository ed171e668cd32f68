"""The assembled graph: model objects plus a ``networkx.MultiDiGraph`` view of them.

Nodes of the MultiDiGraph:

- concepts, keyed by concept id (``kind="concept"``; Study and Organization too),
  with ``label``, ``category``, ``synonyms``, ``xrefs``, ``sources``, ``mentions``;
- sources, keyed ``"source:<id>"`` (``kind="source"``) with their metadata
  (the front matter's ``kind``, e.g. blog, is stored as ``article_kind``).

Edges (the ``kind`` attribute says which):

- ``claim``: subject -> object, key = claim id, one edge per distinct claim
  (subject, predicate, object, polarity), with ``predicate``, ``polarity``,
  ``certainty``, ``support``, ``cited`` and the :class:`~graph.model.Claim` itself
  under ``claim``;
- ``conducted_by``: Study -> Organization;
- ``backs``: Study -> the subject of a claim it backs (``claim_id`` attribute);
- ``mentions``: source -> concept, with the number of mentions.

>>> from graph.model import Concept, Claim, Evidence, Source
>>> g = EvidenceGraph(
...     sources=[Source("a", "Ketamine relieves PTSD.", title="A")],
...     concepts=[Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition")],
...     claims=[Claim("ketamine", "treats", "ptsd", evidence=(Evidence("a", "Ketamine relieves PTSD.", 0, 23),))],
...     concept_sources={"ketamine": ("a",), "ptsd": ("a",)},
...     concept_mentions={"ketamine": 1, "ptsd": 1},
... )
>>> [(s, o, d["predicate"]) for s, o, d in g.claim_edges()]
[('ketamine', 'ptsd', 'treats')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from graph.model import Claim, Concept, Source

__all__ = ["EvidenceGraph", "source_node"]


def source_node(source_id: str) -> str:
    """The node key of a source in the MultiDiGraph."""
    return f"source:{source_id}"


class EvidenceGraph:
    """Concepts, claims and sources, with the networkx graph built from them.

    The model objects are the truth; ``self.nx`` is derived from them (on first use)
    and rebuilt on load, so the graph file only stores model records.
    """

    def __init__(
        self,
        sources: Iterable[Source] = (),
        concepts: Iterable[Concept] = (),
        claims: Iterable[Claim] = (),
        *,
        study_links: Iterable[tuple[str, str]] = (),
        findings: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        concept_sources: Mapping[str, Iterable[str]] | None = None,
        concept_mentions: Mapping[str, int] | None = None,
        source_mentions: Mapping[str, Mapping[str, int]] | None = None,
        curation: Any = None,
    ):
        self.sources: dict[str, Source] = {s.id: s for s in sorted(sources, key=lambda s: s.id)}
        self.concepts: dict[str, Concept] = {c.id: c for c in sorted(concepts, key=lambda c: c.id)}
        self.claims: dict[str, Claim] = {c.id: c for c in sorted(claims, key=lambda c: (c.key, c.id))}
        self.study_links: tuple[tuple[str, str], ...] = tuple(sorted(set(study_links)))
        self._organizations: dict[str, list[str]] = {}
        for study_id, org_id in self.study_links:
            self._organizations.setdefault(study_id, []).append(org_id)
        self.findings: dict[str, str] = dict(sorted(dict(findings).items()))
        self.concept_sources: dict[str, tuple[str, ...]] = {
            cid: tuple(sorted(set(ids))) for cid, ids in sorted((concept_sources or {}).items())
        }
        self.concept_mentions: dict[str, int] = dict(sorted((concept_mentions or {}).items()))
        self.source_mentions: dict[str, dict[str, int]] = {
            sid: dict(sorted(counts.items())) for sid, counts in sorted((source_mentions or {}).items())
        }
        for claim in self.claims.values():
            for end in (claim.subject, claim.object):
                if end not in self.concepts:
                    raise ValueError(f"claim {claim.id} refers to unknown concept {end!r}")
        self._nx: "nx.MultiDiGraph | None" = None
        # The writer's decisions applied to this graph (a :class:`graph.curation.Curation`), or None.
        self.curation = curation

    @classmethod
    def from_parts(
        cls,
        *,
        sources: dict[str, Source],
        concepts: dict[str, Concept],
        claims: dict[str, Claim],
        study_links: tuple[tuple[str, str], ...],
        findings: dict[str, str],
        concept_sources: dict[str, tuple[str, ...]],
        concept_mentions: dict[str, int],
        source_mentions: dict[str, dict[str, int]],
        curation: Any = None,
    ) -> "EvidenceGraph":
        """A graph from parts already in the order and form :meth:`__init__` gives them (dicts
        sorted by key, claims by their key and id, concept sources as sorted tuples, study links
        sorted and unique), taken as they are: no copy, no sorting, no check. For code that keeps
        a graph's parts up to date (:mod:`graph.reassemble`); anything else uses the constructor."""
        graph = cls.__new__(cls)
        graph.sources, graph.concepts, graph.claims = sources, concepts, claims
        graph.study_links = study_links
        graph._organizations = {}
        for study_id, org_id in study_links:
            graph._organizations.setdefault(study_id, []).append(org_id)
        graph.findings, graph.concept_sources = findings, concept_sources
        graph.concept_mentions, graph.source_mentions = concept_mentions, source_mentions
        graph._nx = None
        graph.curation = curation
        return graph

    @property
    def nx(self) -> "nx.MultiDiGraph":
        """The networkx view, built on first use (a question answered from the store never needs it)."""
        if self._nx is None:
            self._nx = self._build_nx()
        return self._nx

    # -- construction -----------------------------------------------------

    def _build_nx(self) -> "nx.MultiDiGraph":
        import networkx as nx

        g = nx.MultiDiGraph()
        for source in self.sources.values():
            meta = source.metadata()
            meta.pop("id")
            meta["article_kind"] = meta.pop("kind")  # `kind` says what sort of node this is
            g.add_node(source_node(source.id), kind="source", source_id=source.id, **meta)
        for concept in self.concepts.values():
            attrs: dict[str, Any] = dict(
                kind="concept",
                label=concept.label,
                name=concept.name,
                category=concept.category,
                synonyms=list(concept.synonyms),
                xrefs=list(concept.xrefs),
                discovered=concept.discovered,
                sources=list(self.concept_sources.get(concept.id, ())),
                mentions=self.concept_mentions.get(concept.id, 0),
            )
            if concept.category == "Study":
                attrs["finding"] = self.findings.get(concept.id, "")
                attrs["organization"] = self.organization_of(concept.id)
            g.add_node(concept.id, **attrs)
        for claim in self.claims.values():
            for end in (claim.subject, claim.object):
                if end not in g:
                    raise ValueError(f"claim {claim.id} refers to unknown concept {end!r}")
            g.add_edge(
                claim.subject,
                claim.object,
                key=claim.id,
                kind="claim",
                claim_id=claim.id,
                predicate=claim.predicate,
                polarity=claim.polarity,
                certainty=claim.certainty,
                support=claim.support,
                cited=claim.cited,
                claim=claim,
            )
            for study_id in claim.attributions:
                if study_id in self.concepts:
                    g.add_edge(study_id, claim.subject, key=f"backs:{claim.id}", kind="backs", claim_id=claim.id)
        for study_id, org_id in self.study_links:
            if study_id in g and org_id in g:
                g.add_edge(study_id, org_id, key="conducted_by", kind="conducted_by")
        for source_id, counts in self.source_mentions.items():
            if source_node(source_id) not in g:
                continue
            for concept_id, count in counts.items():
                if concept_id in g:
                    g.add_edge(source_node(source_id), concept_id, key="mentions", kind="mentions", count=count)
        return g

    # -- access -------------------------------------------------------------

    def concept(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def claim(self, claim_id: str) -> Claim:
        return self.claims[claim_id]

    def claim_edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(subject, object, edge data) for every claim edge, in claim order."""
        for u, v, data in self.nx.edges(data=True):
            if data.get("kind") == "claim":
                yield u, v, data

    def organization_of(self, study_id: str) -> str:
        """The organization concept id of a study, or ``""``."""
        orgs = self._organizations.get(study_id)
        return orgs[0] if orgs else ""

    def organizations_of(self, study_id: str) -> tuple[str, ...]:
        """Every organization concept id linked to a study, in order (a dictionary look-up, not a scan)."""
        return tuple(self._organizations.get(study_id, ()))

    def claim_counts(self) -> dict[str, int]:
        """Concept id -> its number of distinct claims: those it is the subject or object of, and for
        a study those attributed to it (the ``claims`` column of ``concepts``). Concepts in no
        claim are left out."""
        from graph.model import UNATTRIBUTED

        degree: dict[str, int] = {}
        for claim in self.claims.values():
            degree[claim.subject] = degree.get(claim.subject, 0) + 1
            if claim.object != claim.subject:
                degree[claim.object] = degree.get(claim.object, 0) + 1
            for study in {e.attribution for e in claim.evidence if e.attribution and e.attribution != UNATTRIBUTED}:
                degree[study] = degree.get(study, 0) + 1  # a study's claims are those attributed to it
        return degree

    def stats(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "concepts": len(self.concepts),
            "claims": len(self.claims),
            "evidence": sum(len(c.evidence) for c in self.claims.values()),
        }

    def __repr__(self) -> str:
        s = self.stats()
        return f"<EvidenceGraph {s['sources']} sources, {s['concepts']} concepts, {s['claims']} claims>"
