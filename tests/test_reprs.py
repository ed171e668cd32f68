"""Every public object a writer meets in Python has a short, useful repr (the seed graph)."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph import query
from graph.reprs import MAX_REPR

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def objects(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seed-reprs")
    result = graph.build(ROOT / "sources", out, outputs=("graph.sqlite",))
    g = result.graph
    from graph.render.html import select_subgraph
    from graph.store import Store, search, store_path

    store = Store(store_path(out))
    claim = max(g.claims.values(), key=lambda c: len(c.evidence))
    path = query.paths(g, "ketamine", "ptsd", max_hops=2)[0]
    a, b = sorted(g.sources)[:2]
    found = {
        "Source": max(g.sources.values(), key=lambda s: len(s.text)), "Concept": query.find_concept(g, "ketamine"),
        "Evidence": claim.evidence[0], "Claim": claim, "EvidenceGraph": g, "Neighbor": query.neighbors(g, "ketamine")[0],
        "Path": path, "Hop": path.hops[0], "EvidenceRow": query.evidence(g, claim.id)[0],
        "UncitedClaim": query.uncited(g)[0], "SourceComparison": query.compare_sources(g, a, b),
        "Hub": next(iter(query.hubs(g).values()))[0], "Store": store, "SearchHit": search(store, "NMDA")[0],
        "Selection": select_subgraph(g), "BuildResult": result,
    }
    contradictions = query.contradictions(g)
    if contradictions:
        found["Contradiction"] = contradictions[0]
        found["ContradictionSide"] = contradictions[0].a
    yield found
    store.close()


def test_reprs_are_short_and_say_what_the_object_is(objects):
    long = {name: len(repr(obj)) for name, obj in objects.items() if len(repr(obj)) > MAX_REPR}
    assert long == {}
    for name, obj in objects.items():
        text = repr(obj)
        assert "\n" not in text and text.startswith(("<" + name, name)), text
    claim, neighbor, path = objects["Claim"], objects["Neighbor"], objects["Path"]
    assert claim.id in repr(claim) and f"{claim.subject} -{claim.predicate}-> {claim.object}" in repr(claim)
    assert neighbor.claim.id in repr(neighbor) and neighbor.concept.id in repr(neighbor)
    assert str(path) in repr(path)
    assert objects["Source"].id in repr(objects["Source"]) and objects["Source"].text not in repr(objects["Source"])
    assert objects["Concept"].synonyms[0] not in repr(objects["Concept"])  # a count, not the list
