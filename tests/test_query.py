"""graph.query: the Python API over an EvidenceGraph (hand-made graphs, random graphs, the seed sources)."""

from __future__ import annotations

import doctest
import itertools
import math
import random
from pathlib import Path

import networkx as nx
import pytest

import graph
import graph.query as q
from graph.errors import ClaimNotFoundError, ConceptNotFoundError, QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import UNATTRIBUTED, Claim, Concept, Evidence, Source

ROOT = Path(__file__).resolve().parents[1]


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def g() -> EvidenceGraph:
    return q.example_graph()


@pytest.fixture(scope="session")
def seed_graph() -> EvidenceGraph:
    """The seed sources, built once per session (lead: move to tests/conftest.py to share)."""
    built = graph.build_graph(ROOT / "sources")
    if not built.claims:
        pytest.skip("the extractor produces no claims yet; seed query tests run once it does")
    return built


def _evidence_graph(sources: dict[str, list[str]], concepts: list[tuple[str, str]], claims: list[tuple]) -> EvidenceGraph:
    """A graph from short specs: claims are (subject, predicate, object, polarity, [(source, sentence, certainty,
    attribution, quantity), ...])."""
    src_objs, spans = [], {}
    for sid, sentences in sources.items():
        text = ""
        for sentence in sentences:
            spans[(sid, sentence)] = (len(text), len(text) + len(sentence))
            text += sentence + " "
        src_objs.append(Source(sid, text, title=sid.replace("-", " ").title()))
    claim_objs = []
    for s, p, o, pol, evs in claims:
        evidence = tuple(
            Evidence(sid, sentence, *spans[(sid, sentence)], certainty=cert, attribution=attr, quantity=qty)
            for sid, sentence, cert, attr, qty in evs
        )
        claim_objs.append(Claim(s, p, o, pol, evidence=evidence))
    return EvidenceGraph(src_objs, [Concept(cid, cid.replace("_", " "), cat) for cid, cat in concepts], claim_objs)


# -- doctests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("module_name", ["graph.query", "graph.frames", "graph.cli.query"])
def test_doctests_of_the_query_modules_pass(module_name):
    import importlib

    import pkgutil

    import graph.questions

    names = [module_name]
    if module_name == "graph.query":  # graph.query re-exports the modules of graph/questions/, split by question
        names += [f"graph.questions.{m.name}" for m in pkgutil.iter_modules(graph.questions.__path__)]
    failed = attempted = 0
    for name in names:
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        failed += result.failed
        attempted += result.attempted
    assert failed == 0
    if module_name != "graph.cli.query":
        assert attempted >= 10


# -- find_concept --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ptsd", "ptsd"),
        ("PTSD", "ptsd"),
        ("Post-Traumatic Stress Disorder", "ptsd"),
        ("post\u2011traumatic stress disorder", "ptsd"),  # non-breaking hyphen, folded by graph.vocab.normalize
        ("  Chronic   PAIN ", "chronic_pain"),
        ("chronic_pain", "chronic_pain"),
        ("persistent pain", "chronic_pain"),
        ("NMDA receptor", "nmda_receptor"),
        ("ketamine therapy", "ketamine"),
    ],
)
def test_find_concept_by_label_synonym_display_and_id(g, name, expected):
    assert q.find_concept(g, name).id == expected


def test_find_concept_unknown_name_suggests_close_labels(g):
    with pytest.raises(ConceptNotFoundError) as info:
        q.find_concept(g, "ketamin")
    assert info.value.suggestions[0] == "ketamine"
    assert "did you mean 'ketamine'" in str(info.value)
    with pytest.raises(ConceptNotFoundError) as info:
        q.find_concept(g, "hopkins")
    assert any("hopkins" in s for s in info.value.suggestions)
    with pytest.raises(ConceptNotFoundError) as info:
        q.find_concept(g, "zzzzqqq")
    assert info.value.suggestions == ()


# -- neighbors ----------------------------------------------------------------------------------


def test_neighbors_directions_and_symmetric_claims(g):
    out = {(n.predicate, n.concept.id) for n in q.neighbors(g, "chronic pain", direction="out")}
    inn = {(n.predicate, n.concept.id) for n in q.neighbors(g, "chronic pain", direction="in")}
    both = {(n.predicate, n.concept.id) for n in q.neighbors(g, "chronic pain")}
    assert ("causes", "depression") in out and ("causes", "depression") not in inn
    assert ("treats", "ketamine") in inn and ("treats", "ketamine") not in out
    # co_occurs_with is symmetric: listed whatever the direction asked, marked "both"
    assert ("co_occurs_with", "ptsd") in out and ("co_occurs_with", "ptsd") in inn
    assert [n.direction for n in q.neighbors(g, "ptsd", predicate="co_occurs_with")] == ["both"]
    assert both == out | inn


def test_neighbors_filters(g):
    assert [n.concept.id for n in q.neighbors(g, "ketamine", category="drug")] == []
    assert {n.concept.id for n in q.neighbors(g, "ketamine", category=["Molecule", "Mechanism"])} == {
        "nmda_receptor", "central_sensitization"}
    assert [n.concept.id for n in q.neighbors(g, "ketamine", certainty="hedged")] == ["depression"]
    negated = q.neighbors(g, "ptsd", polarity="negated")
    assert [(n.predicate, n.concept.id, n.direction) for n in negated] == [("causes", "chronic_pain", "in")]
    assert {n.concept.id for n in q.neighbors(g, "ketamine", min_support=2)} == {"chronic_pain", "nmda_receptor"}
    ranked = q.neighbors(g, "ketamine")
    assert [n.claim.support for n in ranked] == sorted((n.claim.support for n in ranked), reverse=True)


@pytest.mark.parametrize("kwargs", [{"predicate": "cures"}, {"direction": "sideways"}, {"category": "Gene"}, {"polarity": "maybe"}])
def test_neighbors_rejects_unknown_filter_values(g, kwargs):
    with pytest.raises(QueryError):
        q.neighbors(g, "ketamine", **kwargs)


# -- paths ----------------------------------------------------------------------------------------


def test_path_ketamine_ptsd_direct_claim_first_then_two_hop_routes(g):
    found = q.paths(g, "ketamine", "PTSD")
    assert found[0].length == 1
    hop = found[0].hops[0]
    assert (hop.claim.predicate, hop.direction, hop.start.id, hop.end.id) == ("treats", "forward", "ketamine", "ptsd")
    two_hops = [p for p in found if p.length == 2]
    assert {p.hops[0].end.id for p in two_hops} == {"chronic_pain"}
    assert {p.hops[1].claim.predicate for p in two_hops} == {"co_occurs_with", "causes"}
    for p in found:
        assert p.concepts[0].id == "ketamine" and p.concepts[-1].id == "ptsd"
        assert len({c.id for c in p.concepts}) == len(p.concepts)  # simple paths
        for h in p.hops:
            assert h.claim.evidence and all(e.sentence for e in h.claim.evidence)
            assert {h.start.id, h.end.id} == {h.claim.subject, h.claim.object}
            assert h.direction == ("symmetric" if h.claim.predicate == "co_occurs_with"
                                   else "forward" if h.start.id == h.claim.subject else "backward")
    scores = [(round(-p.score, 12), p.length) for p in found]
    assert scores == sorted(scores)
    assert math.isclose(found[0].score, q.hop_score(hop.claim))


def test_path_traverses_claims_backwards_and_says_so(g):
    [p] = q.paths(g, "serotonin", "traumatic event exposure", max_hops=2)
    assert [h.direction for h in p.hops] == ["backward", "backward"]
    assert str(p) == "serotonin <-inhibits- ptsd <-risk_factor_for- traumatic event exposure"


def test_path_skips_negated_claims_unless_asked(g):
    def uses_negated(found):
        return any(h.claim.polarity == "negated" for p in found for h in p.hops)

    assert not uses_negated(q.paths(g, "chronic pain", "ptsd", limit=None))
    with_negated = q.paths(g, "chronic pain", "ptsd", skip_negated=False, limit=None)
    assert uses_negated(with_negated)
    negated_direct = next(p for p in with_negated if p.length == 1 and p.hops[0].claim.polarity == "negated")
    affirmed_direct = [p for p in with_negated if p.length == 1 and p.hops[0].claim.polarity == "affirmed"]
    assert all(p.score > negated_direct.score for p in affirmed_direct)


def test_path_limits_and_errors(g):
    assert all(p.length == 1 for p in q.paths(g, "ketamine", "ptsd", max_hops=1))
    assert len(q.paths(g, "ketamine", "ptsd", limit=2)) == 2
    assert q.paths(g, "nmda receptor", "pain", max_hops=2) == []
    with pytest.raises(QueryError):
        q.paths(g, "ptsd", "PTSD")
    with pytest.raises(QueryError):
        q.paths(g, "ketamine", "ptsd", max_hops=0)
    with pytest.raises(ConceptNotFoundError):
        q.paths(g, "ketamine", "unicorn")


def _random_graph(seed: int, n_concepts: int, n_claims: int) -> EvidenceGraph:
    rng = random.Random(seed)
    cats = ["Condition", "Drug", "Mechanism", "Molecule"]
    concepts = [(f"c{i}", cats[i % 4]) for i in range(n_concepts)]
    sources = {f"s{i}": [f"Sentence {i}-{j}." for j in range(40)] for i in range(4)}
    claims, seen = [], set()
    while len(claims) < n_claims:
        s, o = rng.sample(range(n_concepts), 2)
        p = rng.choice(["causes", "affects", "co_occurs_with", "modulates"])
        pol = "negated" if rng.random() < 0.1 else "affirmed"
        key = (min(s, o), max(s, o)) if p == "co_occurs_with" else (s, o)
        if (key, p, pol) in seen:
            continue
        seen.add((key, p, pol))
        evs = []
        for sid in rng.sample(sorted(sources), rng.randint(1, 3)):
            evs.append((sid, rng.choice(sources[sid]), rng.choice(["asserted", "asserted", "hedged"]),
                        rng.choice(["", "", UNATTRIBUTED]), ""))
        claims.append((f"c{s}", p, f"c{o}", pol, evs))
    return _evidence_graph(sources, concepts, claims)


def _brute_force_paths(graph_: EvidenceGraph, s: str, t: str, max_hops: int, skip_negated: bool):
    """Every simple path by networkx, expanded to one path per choice of claim at each hop."""
    undirected = nx.MultiGraph()
    undirected.add_nodes_from(graph_.concepts)
    for claim in graph_.claims.values():
        if skip_negated and claim.polarity == "negated":
            continue
        undirected.add_edge(claim.subject, claim.object, key=claim.id, claim=claim)
    out = []
    for nodes in nx.all_simple_paths(nx.Graph(undirected), s, t, cutoff=max_hops):
        options = [[d["claim"] for d in undirected.get_edge_data(a, b).values()] for a, b in zip(nodes, nodes[1:])]
        for chosen in itertools.product(*options):
            out.append((tuple(c.id for c in chosen), math.prod(q.hop_score(c) for c in chosen)))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paths_equal_networkx_all_simple_paths_ranked(seed):
    rg = _random_graph(seed, n_concepts=40, n_claims=160)
    rng = random.Random(seed)
    for _ in range(4):
        s, t = rng.sample(sorted(rg.concepts), 2)
        for skip in (True, False):
            expected = _brute_force_paths(rg, s, t, 3, skip)
            every = q.paths(rg, s, t, max_hops=3, skip_negated=skip, limit=None)
            assert sorted(p.claim_ids for p in every) == sorted(ids for ids, _ in expected)
            best = q.paths(rg, s, t, max_hops=3, skip_negated=skip, limit=7)
            ranked = sorted(((-round(score, 12), len(ids)) for ids, score in expected))[:7]
            assert [p.length for p in best] == [hops for _, hops in ranked]
            assert all(math.isclose(p.score, -score, rel_tol=1e-9) for p, (score, _) in zip(best, ranked))
            assert best == q.paths(rg, s, t, max_hops=3, skip_negated=skip, limit=7)  # deterministic


# -- evidence and claims --------------------------------------------------------------------------


def test_evidence_rows_carry_source_study_and_organization(g):
    [claim] = q.claims(g, subject="ketamine", object="chronic pain")
    rows = q.evidence(g, claim.id)
    assert len(rows) == len(claim.evidence) == 2
    cited = next(r for r in rows if r.attribution == "hopkins_ketamine_study")
    assert cited.study == "johns hopkins study on ketamine infusions"
    assert cited.organization == "johns hopkins school of medicine"
    assert cited.source_title == "How Can Ketamine Help Manage Chronic Pain?"
    source = g.sources[cited.source_id]
    assert source.text[cited.start:cited.end] == cited.sentence
    hedged = next(r for r in rows if r.certainty == "hedged")
    assert (hedged.study, hedged.organization, hedged.section) == ("", "", "Ketamine")
    assert q.evidence(g, claim.id[:5]) == rows


def test_evidence_unknown_claim_raises(g):
    with pytest.raises(ClaimNotFoundError):
        q.evidence(g, "0000000000000000")


def test_claims_filters_by_claims_csv_columns(g):
    ids = lambda cs: {(c.subject, c.predicate, c.object, c.polarity) for c in cs}  # noqa: E731
    assert ids(q.claims(g, predicate="treats", object_category="Condition", certainty="asserted")) == {
        ("ketamine", "treats", "ptsd", "affirmed"), ("ketamine", "treats", "chronic_pain", "affirmed")}
    assert ids(q.claims(g, polarity="negated")) == {("chronic_pain", "causes", "ptsd", "negated")}
    assert ids(q.claims(g, categories="RiskFactor")) == {
        ("traumatic_event_exposure", "risk_factor_for", "ptsd", "affirmed"),
        ("traumatic_event_exposure", "risk_factor_for", "chronic_pain", "affirmed")}
    assert ids(q.claims(g, attribution="johns hopkins study on ketamine infusions")) == {
        ("ketamine", "treats", "chronic_pain", "affirmed")}
    assert ids(q.claims(g, cited=True)) == ids(q.claims(g, attribution="hopkins_ketamine_study"))
    assert len(q.claims(g, cited=False)) == len(g.claims) - 1
    assert ids(q.claims(g, quantity="weeks")) == {("chronic_pain", "subclass_of", "pain", "affirmed")}
    assert ids(q.claims(g, quantity=True)) == {("chronic_pain", "subclass_of", "pain", "affirmed"),
                                               ("chronic_pain", "co_occurs_with", "ptsd", "affirmed")}
    assert ids(q.claims(g, section="the link", polarity="affirmed")) == {
        ("chronic_pain", "causes", "ptsd", "affirmed"),
        ("traumatic_event_exposure", "risk_factor_for", "ptsd", "affirmed"),
        ("traumatic_event_exposure", "risk_factor_for", "chronic_pain", "affirmed")}
    assert ids(q.claims(g, sentence="NMDA", subject_category="Drug")) == {
        ("ketamine", "inhibits", "nmda_receptor", "affirmed"), ("ketamine", "inhibits", "central_sensitization", "affirmed")}
    assert all(c.support >= 2 for c in q.claims(g, min_support=2)) and q.claims(g, min_support=2)
    assert ids(q.claims(g, concept="serotonin")) == {("ptsd", "inhibits", "serotonin", "affirmed")}
    assert ids(q.claims(g, source_id="Can Chronic Pain Cause PTSD?", predicate=["treats", "subclass_of"])) == {
        ("ketamine", "treats", "chronic_pain", "affirmed"), ("chronic_pain", "subclass_of", "pain", "affirmed")}


def test_claims_occurrence_filters_must_hold_in_one_sentence(g):
    # ketamine treats chronic pain: cited in ketamine-for-pain, the article's own (hedged) in pain-and-ptsd.
    own = q.claims(g, subject="ketamine", object="chronic pain", attribution="")
    assert len(own) == 1
    assert q.claims(g, subject="ketamine", object="chronic pain", attribution="", source_id="ketamine-for-pain") == []
    assert q.claims(g, subject="ketamine", object="chronic pain", attribution="none", source_id="pain-and-ptsd") == own


@pytest.mark.parametrize("filters, error", [
    ({"colour": "red"}, QueryError), ({"predicate": "cures"}, QueryError), ({"subject": "unicorn"}, ConceptNotFoundError),
    ({"source_id": "nowhere"}, QueryError), ({"attribution": "ketamine"}, QueryError)])
def test_claims_bad_filters_raise(g, filters, error):
    with pytest.raises(error):
        q.claims(g, **filters)


# -- quantities and contradictions -------------------------------------------------------------


@pytest.mark.parametrize("text, kind, low, high, cmp", [
    ("more than three months", "duration", 91.3125, 91.3125, ">"),
    ("more than 12 weeks", "duration", 84, 84, ">"),
    ("3-6 months", "duration", 91.3125, 182.625, "range"),
    ("between 2 and 4 weeks", "duration", 14, 28, "range"),
    ("up to 3 weeks", "duration", 21, 21, "<="),
    ("six months or more", "duration", 182.625, 182.625, ">="),
    ("15-35%", "percent", 15, 35, "range"),
    ("about 60 percent", "percent", 60, 60, "~"),
    ("half of patients", "percent", 50, 50, "~"),
    ("one in four people", "percent", 25, 25, "~"),
])
def test_parse_quantity(text, kind, low, high, cmp):
    got = q.parse_quantity(text)
    assert (got.kind, got.comparator) == (kind, cmp)
    assert math.isclose(got.low, low) and math.isclose(got.high, high)


@pytest.mark.parametrize("a, b, verdict", [
    ("more than three months", "more than 12 weeks", "equivalent"),
    ("more than 3 months", "longer than three months", "equivalent"),
    ("more than 3 months", "more than 6 months", "differs"),
    ("more than 3 months", "less than 3 months", "differs"),
    ("15-35%", "15 to 35 percent", "equivalent"),
    ("15-35%", "30%", "overlap"),
    ("15-35%", "60%", "differs"),
    ("within hours of the first infusion", "rapidly", "incomparable"),
])
def test_compare_quantities(a, b, verdict):
    got, why = q.compare_quantities(a, b)
    assert got == verdict
    assert a in why and b in why


def test_example_contradictions_cover_polarity_cross_predicate_and_quantity(g):
    found = q.contradictions(g)
    kinds = [(c.kind, c.subject.id, c.object.id, c.verdict) for c in found]
    assert kinds == [
        ("polarity", "chronic_pain", "ptsd", "qualification"),
        ("cross_predicate", "chronic_pain", "ptsd", "hint"),
        ("quantity", "chronic_pain", "pain", "equivalent"),
    ]
    polarity, _, quantity = found
    assert {polarity.a.claim.polarity, polarity.b.claim.polarity} == {"affirmed", "negated"}
    assert polarity.a.evidence and polarity.b.evidence
    assert "same article" in polarity.explanation and "hedged" in polarity.explanation
    assert {quantity.a.quantity, quantity.b.quantity} == {"more than three months", "more than 12 weeks"}
    assert "13 weeks" in quantity.explanation and "84 days" in quantity.explanation
    assert quantity.sources == ("ketamine-for-pain", "pain-and-ptsd")
    assert [c.kind for c in q.contradictions(g, kinds=["quantity"])] == ["quantity"]
    with pytest.raises(QueryError):
        q.contradictions(g, kinds=["nonsense"])


def test_contradictions_between_sources_verdicts():
    E = lambda sid, text, cert="asserted", qty="": (sid, text, cert, "", qty)  # noqa: E731
    sources = {"a": ["Opioids cause addiction.", "X boosts serotonin.", "Stress is a risk factor for PTSD.",
                     "Pain lasts more than 3 months.", "Opioids may cause constipation.", "Stress causes insomnia."],
               "b": ["Opioids do not cause addiction.", "X blocks serotonin.", "Stress does not cause PTSD.",
                     "Pain lasts more than 6 months.", "Opioids do not cause constipation.",
                     "Stress is not a risk factor for insomnia."]}
    concepts = [("opioids", "Drug"), ("addiction", "Condition"), ("x", "Drug"), ("serotonin", "Molecule"),
                ("stress", "RiskFactor"), ("ptsd", "Condition"), ("pain", "Condition"), ("chronic_pain", "Condition"),
                ("constipation", "Condition"), ("insomnia", "Condition")]
    claims = [
        ("opioids", "causes", "addiction", "affirmed", [E("a", "Opioids cause addiction.")]),
        ("opioids", "causes", "addiction", "negated", [E("b", "Opioids do not cause addiction.")]),
        ("x", "increases", "serotonin", "affirmed", [E("a", "X boosts serotonin.")]),
        ("x", "inhibits", "serotonin", "affirmed", [E("b", "X blocks serotonin.")]),
        ("stress", "risk_factor_for", "ptsd", "affirmed", [E("a", "Stress is a risk factor for PTSD.")]),
        ("stress", "causes", "ptsd", "negated", [E("b", "Stress does not cause PTSD.")]),
        ("chronic_pain", "subclass_of", "pain", "affirmed", [E("a", "Pain lasts more than 3 months.", qty="more than 3 months"),
                                                             E("b", "Pain lasts more than 6 months.", qty="more than 6 months")]),
        ("opioids", "causes", "constipation", "affirmed", [E("a", "Opioids may cause constipation.", "hedged")]),
        ("opioids", "causes", "constipation", "negated", [E("b", "Opioids do not cause constipation.")]),
        ("stress", "causes", "insomnia", "affirmed", [E("a", "Stress causes insomnia.")]),
        ("stress", "risk_factor_for", "insomnia", "negated", [E("b", "Stress is not a risk factor for insomnia.")]),
    ]
    cg = _evidence_graph(sources, concepts, claims)
    found = {(c.kind, c.subject.id, c.object.id): c for c in q.contradictions(cg)}
    assert found[("polarity", "opioids", "addiction")].verdict == "contradiction"
    assert found[("polarity", "opioids", "constipation")].verdict == "tension"
    assert found[("opposite_effect", "x", "serotonin")].verdict == "contradiction"
    # a risk factor (affirmed) that is not a direct cause (negated): compatible
    weaker = found[("related_predicate", "stress", "ptsd")]
    assert (weaker.a.claim.predicate, weaker.b.claim.predicate, weaker.verdict) == ("risk_factor_for", "causes", "compatible")
    # a cause (affirmed) that is not a risk factor (negated): the stronger claim implies the denied one
    stronger = found[("related_predicate", "stress", "insomnia")]
    assert (stronger.a.claim.predicate, stronger.b.claim.predicate, stronger.verdict) == (
        "causes", "risk_factor_for", "contradiction")
    assert found[("quantity", "chronic_pain", "pain")].verdict == "differs"
    assert len(found) == 6
    cmp = q.compare_sources(cg, "a", "b")
    assert len(cmp.disagreements) == 6 and cmp.shared == (cg.claims[claims_id(cg, "chronic_pain", "subclass_of")],)


def claims_id(cg, subject, predicate):
    return next(c.id for c in cg.claims.values() if c.subject == subject and c.predicate == predicate)


# -- uncited, compare, hubs, stats ---------------------------------------------------------------


def test_uncited_lists_studies_have_shown_claims_per_source(g):
    rows = q.uncited(g)
    unattributed = [u for u in rows if u.backing == "unattributed"]
    assert {(u.source_id, u.claim.subject, u.claim.object) for u in unattributed} == {
        ("ketamine-for-ptsd", "ketamine", "ptsd"), ("ketamine-for-ptsd", "ptsd", "serotonin"),
        ("pain-and-ptsd", "chronic_pain", "ptsd")}
    assert all(any(e.attribution == UNATTRIBUTED for e in u.evidence) for u in unattributed)
    assert all(not e.cited for u in rows for e in u.evidence)
    # the hedged pain-and-ptsd sentence about ketamine and chronic pain cites nothing, but another source does
    elsewhere = [u for u in rows if u.claim.object == "chronic_pain" and u.claim.subject == "ketamine"]
    assert [(u.source_id, u.backing, u.cited_elsewhere) for u in elsewhere] == [("pain-and-ptsd", "none", True)]
    assert all(u.source_id == "ketamine-for-ptsd" for u in q.uncited(g, "ketamine-for-ptsd"))
    assert {u.backing for u in q.uncited(g, backing="none")} == {"none"}
    with pytest.raises(QueryError):
        q.uncited(g, "no-such-source")


def test_compare_sources(g):
    cmp = q.compare_sources(g, "pain-and-ptsd", "ketamine-for-pain")
    in_a = {c.id for c in g.claims.values() if "pain-and-ptsd" in c.sources}
    in_b = {c.id for c in g.claims.values() if "ketamine-for-pain" in c.sources}
    assert {c.id for c in cmp.shared} == in_a & in_b
    assert {c.id for c in cmp.only_a} == in_a - in_b
    assert {c.id for c in cmp.only_b} == in_b - in_a
    with pytest.raises(QueryError):
        q.compare_sources(g, "pain-and-ptsd", "Can Chronic Pain Cause PTSD?")


def test_hubs_and_stats(g):
    top = q.hubs(g, top=1)
    assert top["Drug"][0].concept.id == "ketamine"
    assert top["Drug"][0].claims == len(q.neighbors(g, "ketamine"))
    assert set(q.hubs(g, category="Molecule")) == {"Molecule"}
    s = q.stats(g)
    assert (s["sources"], s["concepts"], s["claims"]) == (3, 11, 13)
    assert s["evidence"] == sum(len(c.evidence) for c in g.claims.values())
    assert sum(s["claims_by_predicate"].values()) == s["claims"]
    assert s["unattributed_claims"] == 3  # ketamine-ptsd, ptsd-serotonin, chronic pain causes ptsd
    assert s["isolated_concepts"] == 2  # the study and its organization take part in no claim


# -- the seed sources (the real build) ---------------------------------------------------------------


def test_seed_path_ketamine_ptsd_has_direct_treats_claim_and_two_hop_routes(seed_graph):
    found = q.paths(seed_graph, "ketamine", "ptsd", limit=20)
    direct = [p for p in found if p.length == 1 and p.hops[0].claim.predicate == "treats"]
    assert direct, [str(p) for p in found]
    assert direct[0].hops[0].direction == "forward"
    assert any(p.length == 2 for p in found)
    for p in found:
        for hop in p.hops:
            assert hop.claim.evidence
            for ev in hop.claim.evidence:
                assert ev.source_id in seed_graph.sources and ev.sentence.strip()


def test_seed_contradictions_chronic_pain_definitions_and_causation(seed_graph):
    found = q.contradictions(seed_graph)
    pain = q.find_concept(seed_graph, "chronic pain").id
    ptsd = q.find_concept(seed_graph, "ptsd").id
    causation = [c for c in found if c.kind == "polarity" and c.subject.id == pain and c.object.id == ptsd
                 and c.a.claim.predicate == "causes"]
    assert causation, [str(c) for c in found]
    sentences = " ".join(e.sentence for c in causation for e in c.a.evidence + c.b.evidence)
    assert "directly lead to PTSD" in sentences
    durations = [c for c in found if c.kind == "quantity" and c.subject.id == pain]
    assert durations, [str(c) for c in found]
    texts = {c.a.quantity.lower() for c in durations} | {c.b.quantity.lower() for c in durations}
    assert any("month" in t for t in texts) and any("week" in t for t in texts)
    assert all(c.explanation for c in durations)


def test_seed_uncited_lists_studies_have_shown_claims(seed_graph):
    rows = q.uncited(seed_graph, backing="unattributed")
    sentences = [e.sentence for u in rows for e in u.evidence]
    assert any("studies have shown" in s.lower() for s in sentences), sentences
    assert all(not u.claim.cited or u.cited_elsewhere for u in rows)
