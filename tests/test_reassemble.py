"""Assembling again only what changed articles touch gives the graph a full assembly gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.assemble import assemble
from graph.model import Source
from graph.parallel import extract_all
from graph.reassemble import contribution_of, reassemble
from graph.sources import read_sources
from graph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
MORE = ROOT / "tests" / "corpus" / "dev" / "sources"


def assert_same_graph(got, want):
    """Every part of two graphs equal, in the same order (the writers write them in that order)."""
    for part in ("sources", "concepts", "claims", "findings", "concept_sources", "concept_mentions", "source_mentions"):
        a, b = getattr(got, part), getattr(want, part)
        assert list(a) == list(b), part
        assert a == b, part
    assert got.study_links == want.study_links
    assert {s: got.organizations_of(s) for s, _ in want.study_links} == {
        s: want.organizations_of(s) for s, _ in want.study_links}


@pytest.fixture(scope="module")
def extractions():
    """Extractions of the seed articles, 24 dev articles, and edited copies of four of them
    (a sentence added, one taken away, the publisher changed), by source id and variant."""
    vocabulary = load_vocabulary()
    seeds, _ = read_sources(ROOT / "sources")
    dev, _ = read_sources(MORE)
    sources = seeds + sorted(dev, key=lambda s: s.id)[:24]
    edited = [
        sources[0].replace(text=sources[0].text + "\nKetamine may cause nausea and dizziness.\n"),
        sources[3].replace(text=sources[3].text.split("\n\n", 1)[-1]),
        sources[7].replace(publisher="Another Publisher"),
        sources[10].replace(text=sources[10].text + "\nA randomized trial at Yale University found that "
                            "ketamine reduced pain in 60 patients with fibromyalgia.\n"),
    ]
    done = extract_all(sources + edited, vocabulary, workers=1)
    first = {x.source.id: x for x in done[:len(sources)]}
    second = {x.source.id: x for x in done[len(sources):]}
    return [x.source.id for x in done[:len(sources)]], first, second


def _check(order, before, after):
    """Assemble ``before`` (source id -> extraction, in ``order``), then reassemble to ``after``
    and compare with a full assembly of ``after``."""
    old = assemble([before[s] for s in order if s in before])
    parts = {s: contribution_of(x, s + str(id(x))) for s, x in before.items()}
    new_order = [s for s in order if s in after]
    fresh = {s: x for s, x in after.items() if before.get(s) is not x}
    gone = {s for s in before if s not in after or after[s] is not before[s]}
    got, new_parts = reassemble(old, parts, new_order, fresh, gone=gone)
    assert_same_graph(got, assemble([after[s] for s in new_order]))
    assert list(new_parts) == new_order
    return old, got


def test_one_article_changed_added_removed(extractions):
    order, first, second = extractions
    before = {s: first[s] for s in order[:-1]}
    after = dict(before)
    after[order[0]] = second[order[0]]  # a sentence added
    del after[order[5]]  # removed
    after[order[-1]] = first[order[-1]]  # added
    old, got = _check(order, before, after)
    # What no change touched is the very object of the last graph.
    untouched = [cid for cid, c in got.claims.items() if old.claims.get(cid) is c]
    assert len(untouched) > len(got.claims) // 2


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_give_a_full_assembly(extractions, seed):
    order, first, second = extractions
    rng = random.Random(seed)
    before = {s: first[s] for s in order if rng.random() < 0.85}
    after = {s: x for s, x in before.items() if rng.random() < 0.9}
    for s in order:
        if s not in before and rng.random() < 0.7:
            after[s] = first[s]
    for s, x in second.items():
        if rng.random() < 0.6:
            after[s] = x
    _check(order, before, after)


def test_a_changed_finding_reannotates_the_claims_citing_the_study(extractions):
    order, first, second = extractions
    # The edited article names a study with a finding: before and after, in either order.
    edited = next(s for s, x in second.items() if x.findings and x.source.text != first[s].source.text)
    before = {s: first[s] for s in order}
    after = dict(before, **{edited: second[edited]})
    _check(order, before, after)
    _check(order, after, before)


def _cites(source_id: str, sentence: str, finding: str | None):
    """An article citing the Yale trial in ``sentence`` (for a claim ketamine treats pain), with
    ``finding`` as the trial's finding when given."""
    from graph.model import Claim, Concept, Evidence, Mention, SourceExtraction

    text = sentence + (" " + finding if finding else "")
    ev = Evidence(source_id, sentence, 0, len(sentence), attribution="study_yale")
    concepts = (Concept("ketamine", "ketamine", "Drug"), Concept("pain", "pain", "Condition"),
                Concept("study_yale", "yale trial", "Study", discovered=True),
                Concept("yale", "yale university", "Organization", discovered=True, synonyms=(source_id,)))
    return SourceExtraction(
        source=Source(source_id, text, publisher=source_id), sentences=(),
        mentions=(Mention("ketamine", "ketamine", 0, 1, source_id, 0),), concepts=concepts,
        claims=(Claim("ketamine", "treats", "pain", evidence=(ev,)),),
        study_links=(("study_yale", "yale"),), findings=((("study_yale", finding),) if finding else ()))


def test_a_changed_finding_reannotates_the_sentences_citing_the_study_in_other_articles():
    said = "In the Yale trial, ketamine for pain in forty patients with fibromyalgia."
    a = _cites("a", "The Yale trial looked at ketamine.", "It says: " + said)
    b = _cites("b", said, "Another finding entirely, about ketamine for pain.")
    order = ["a", "b", "c"]
    before = {"a": a, "b": b}
    # a's finding quotes b's sentence, so b's sentence backs the claim; without a's finding, b's
    # own finding is the trial's and b's sentence only mentions the study.
    after = {"a": _cites("a", "The Yale trial looked at ketamine.", None), "b": b}
    old, got = _check(order, before, after)
    roles = lambda g: {e.source_id: e.study_role for e in g.claims[next(iter(g.claims))].evidence}  # noqa: E731
    assert roles(old)["b"] == "backs" and roles(got)["b"] == "mentions"
    _check(order, after, before)
    # The study's concepts are merged again from the articles listing them (synonyms unioned).
    _, got = _check(order, before, {"b": b, "c": _cites("c", said, None)})
    assert got.concepts["yale"].synonyms == ("b", "c")


def test_everything_removed_and_everything_added(extractions):
    order, first, _ = extractions
    _check(order, {s: first[s] for s in order[:3]}, {s: first[s] for s in order[3:]})
    _check(order, {s: first[s] for s in order}, {})


def test_an_unknown_source_without_extraction_is_an_error(extractions):
    order, first, _ = extractions
    old = assemble([first[s] for s in order[:2]])
    parts = {s: contribution_of(first[s], "") for s in order[:2]}
    with pytest.raises(ValueError, match="no extraction"):
        reassemble(old, parts, order[:3], {}, gone=set())
    assert isinstance(first[order[0]].source, Source)
