"""A small hand-made graph (3 sources, 13 claims) for the examples and tests.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

from collections import defaultdict

from graph.evidence_graph import EvidenceGraph
from graph.model import UNATTRIBUTED, Claim, Concept, Evidence, Source

__all__ = ["example_graph"]




def example_graph() -> EvidenceGraph:
    """A small hand-made graph in the spirit of the seed articles (for docs and tests).

    Three sources, eleven concepts (one cited study and its organization), and claims
    that include a negated one, a hedged one, "studies have shown" ones, and one
    definition stated with two different durations.

    >>> g = example_graph()
    >>> g
    <EvidenceGraph 3 sources, 11 concepts, 13 claims>
    >>> sorted({e.attribution for c in g.claims.values() for e in c.evidence})
    ['', 'hopkins_ketamine_study', 'unattributed']
    """
    S_PAIN_PTSD, S_KET_PTSD, S_KET_PAIN = "pain-and-ptsd", "ketamine-for-ptsd", "ketamine-for-pain"
    texts: dict[str, list[tuple[str, str]]] = {  # source -> [(section, sentence)]
        S_PAIN_PTSD: [
            ("", "Chronic pain and PTSD are two commonly co-existing conditions."),
            ("", "An estimated 15-35% of people with chronic pain also struggle with PTSD."),
            ("What is Chronic Pain?", "Chronic pain is a persistent pain that lasts for more than three months."),
            ("The Link", "Currently, there is no clear evidence to suggest that chronic pain can directly lead to PTSD."),
            ("The Link", "Research suggests that chronic pain caused by a traumatic event can trigger the onset of PTSD."),
            ("The Link", "They share risk factors, such as exposure to traumatic events."),
            ("Ketamine", "Ketamine infusion therapy may be an effective solution for chronic pain."),
        ],
        S_KET_PTSD: [
            ("Treatment", "Ketamine therapy is an effective treatment option for PTSD."),
            ("Treatment", "Studies have shown that ketamine can rapidly reduce symptoms of PTSD."),
            ("Treatment", "Ketamine works by blocking NMDA receptors in the brain."),
            ("Biology", "Studies have shown that people with PTSD have lower levels of serotonin."),
            ("Trauma", "Trauma is the most significant risk factor for PTSD."),
        ],
        S_KET_PAIN: [
            ("What Is Chronic Pain?", "Chronic pain is defined as pain that lasts for more than 12 weeks."),
            ("Research", "A Johns Hopkins study found that ketamine infusions relieve chronic pain."),
            ("Research", "Ketamine blocks the NMDA receptor and reduces central sensitization."),
            ("Research", "Chronic pain can lead to depression."),
            ("Research", "Ketamine may ease depression."),
        ],
    }
    titles = {
        S_PAIN_PTSD: "Can Chronic Pain Cause PTSD?",
        S_KET_PTSD: "What Causes PTSD and How Ketamine Can Help",
        S_KET_PAIN: "How Can Ketamine Help Manage Chronic Pain?",
    }
    sources, spans = [], {}
    for sid, rows in texts.items():
        text, offset = "", 0
        for section, sentence in rows:
            spans[sentence] = (sid, offset, offset + len(sentence), section)
            text += sentence + "\n"
            offset = len(text)
        sources.append(Source(sid, text, title=titles[sid], kind="blog"))

    def ev(sentence: str, certainty: str = "asserted", attribution: str = "", quantity: str = "") -> Evidence:
        sid, start, end, section = spans[sentence]
        return Evidence(sid, sentence, start, end, section, certainty=certainty, attribution=attribution, quantity=quantity)

    concepts = [
        Concept("ketamine", "ketamine", "Drug", synonyms=("ketamine infusion", "ketamine therapy")),
        Concept("ptsd", "ptsd", "Condition", synonyms=("PTSD", "post-traumatic stress disorder"), display="PTSD"),
        Concept("chronic_pain", "chronic pain", "Condition", synonyms=("persistent pain",)),
        Concept("pain", "pain", "Condition"),
        Concept("depression", "depression", "Condition"),
        Concept("nmda_receptor", "nmda receptor", "Molecule", synonyms=("NMDA", "nmda receptors"), display="NMDA receptor"),
        Concept("serotonin", "serotonin", "Molecule"),
        Concept("central_sensitization", "central sensitization", "Mechanism"),
        Concept("traumatic_event_exposure", "traumatic event exposure", "RiskFactor", synonyms=("trauma",)),
        Concept("hopkins_ketamine_study", "johns hopkins study on ketamine infusions", "Study"),
        Concept("johns_hopkins", "johns hopkins school of medicine", "Organization"),
    ]
    study = "hopkins_ketamine_study"
    claims = [
        Claim("ketamine", "treats", "ptsd", evidence=(
            ev("Ketamine therapy is an effective treatment option for PTSD."),
            ev("Studies have shown that ketamine can rapidly reduce symptoms of PTSD.", attribution=UNATTRIBUTED),
        )),
        Claim("ketamine", "treats", "chronic_pain", evidence=(
            ev("A Johns Hopkins study found that ketamine infusions relieve chronic pain.", attribution=study),
            ev("Ketamine infusion therapy may be an effective solution for chronic pain.", certainty="hedged"),
        )),
        Claim("ketamine", "treats", "depression", evidence=(ev("Ketamine may ease depression.", certainty="hedged"),)),
        Claim("ketamine", "inhibits", "nmda_receptor", evidence=(
            ev("Ketamine works by blocking NMDA receptors in the brain."),
            ev("Ketamine blocks the NMDA receptor and reduces central sensitization."),
        )),
        Claim("ketamine", "inhibits", "central_sensitization", evidence=(
            ev("Ketamine blocks the NMDA receptor and reduces central sensitization."),
        )),
        Claim("chronic_pain", "co_occurs_with", "ptsd", evidence=(
            ev("Chronic pain and PTSD are two commonly co-existing conditions."),
            ev("An estimated 15-35% of people with chronic pain also struggle with PTSD.", quantity="15-35%"),
        )),
        Claim("chronic_pain", "causes", "ptsd", "negated", evidence=(
            ev("Currently, there is no clear evidence to suggest that chronic pain can directly lead to PTSD."),
        )),
        Claim("chronic_pain", "causes", "ptsd", evidence=(
            ev("Research suggests that chronic pain caused by a traumatic event can trigger the onset of PTSD.",
               certainty="hedged", attribution=UNATTRIBUTED),
        )),
        Claim("chronic_pain", "causes", "depression", evidence=(ev("Chronic pain can lead to depression."),)),
        Claim("chronic_pain", "subclass_of", "pain", evidence=(
            ev("Chronic pain is a persistent pain that lasts for more than three months.", quantity="more than three months"),
            ev("Chronic pain is defined as pain that lasts for more than 12 weeks.", quantity="more than 12 weeks"),
        )),
        Claim("traumatic_event_exposure", "risk_factor_for", "ptsd", evidence=(
            ev("They share risk factors, such as exposure to traumatic events."),
            ev("Trauma is the most significant risk factor for PTSD."),
        )),
        Claim("traumatic_event_exposure", "risk_factor_for", "chronic_pain", evidence=(
            ev("They share risk factors, such as exposure to traumatic events."),
        )),
        Claim("ptsd", "inhibits", "serotonin", evidence=(
            ev("Studies have shown that people with PTSD have lower levels of serotonin.", attribution=UNATTRIBUTED),
        )),
    ]
    concept_sources: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        for e in claim.evidence:
            concept_sources[claim.subject].add(e.source_id)
            concept_sources[claim.object].add(e.source_id)
    concept_sources[study].add(S_KET_PAIN)
    concept_sources["johns_hopkins"].add(S_KET_PAIN)
    return EvidenceGraph(
        sources=sources,
        concepts=concepts,
        claims=claims,
        study_links=[(study, "johns_hopkins")],
        findings={study: "ketamine infusions relieve chronic pain"},
        concept_sources=concept_sources,
        concept_mentions={cid: len(srcs) for cid, srcs in concept_sources.items()},
    )
