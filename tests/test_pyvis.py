"""graph.render.to_pyvis: a pyvis Network drawn as the page draws, whose HTML works offline.

The seed graph's network is written with pyvis's own ``write_html`` and opened in Debian's
Chromium (Playwright) with every non-file request blocked.
"""

from __future__ import annotations

import html.parser
import os
import re
from pathlib import Path

import pytest
from pyvis.network import Network

import graph
from graph.render import to_pyvis
from graph.render.html import CATEGORY_STYLE, NEGATED_COLOR, PREDICATE_COLORS, VENDOR_DIR, select_subgraph

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def seed_graph():
    return graph.build_graph(ROOT / "sources")


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_network_looks_like_the_page(seed_graph):
    net = to_pyvis(seed_graph)
    assert isinstance(net, Network)
    with_claims = {end for c in seed_graph.claims.values() for end in (c.subject, c.object)}
    ids = {n["id"] for n in net.nodes}
    assert with_claims <= ids and len(to_pyvis(seed_graph, unlinked=True).nodes) == len(seed_graph.concepts)
    for node in net.nodes:
        color, shape, _ = CATEGORY_STYLE[seed_graph.concepts[node["id"]].category]
        assert node["shape"] == shape and node["color"]["background"] == color
        assert node["title"].startswith(seed_graph.concepts[node["id"]].name)
    edges = {e["id"]: e for e in net.edges}
    for cid, claim in seed_graph.claims.items():
        edge = edges[cid]
        expected = NEGATED_COLOR if claim.polarity == "negated" else PREDICATE_COLORS[claim.predicate]
        assert edge["color"]["color"] == expected
        assert bool(edge["dashes"]) == (claim.certainty == "hedged")
        assert edge["width"] == min(8.0, max(1.0, 1 + 1.5 * (claim.support - 1)))
        assert (edge.get("label") == "✗") == (claim.polarity == "negated")
    # The pyvis API still works on it.
    net.toggle_physics(True)
    net.toggle_hide_edges_on_drag(True)
    assert net.options.physics.enabled is True


def test_focus_and_depth(seed_graph):
    net = to_pyvis(seed_graph, focus="ketamine", depth=1)
    ketamine = graph.query.find_concept(seed_graph, "ketamine").id
    ids = {n["id"] for n in net.nodes}
    assert ketamine in ids and ids <= set(select_subgraph(seed_graph, focus="ketamine", depth=1).concept_ids)
    assert len(ids) < len(to_pyvis(seed_graph).nodes)


def test_hover_text_is_escaped(tmp_path):
    g = graph.build_graph(ROOT / "tests" / "data" / "xss")
    net = to_pyvis(g, unlinked=True)
    titles = [x["title"] for x in net.nodes + net.edges]
    assert not [t for t in titles if "<" in t or ">" in t]
    assert any("&lt;" in t for t in titles), "the hostile sources put markup into some hover text"


def test_seed_network_writes_an_offline_page_that_renders(seed_graph, tmp_path):
    net = to_pyvis(seed_graph)
    path = tmp_path / "pyvis.html"
    net.write_html(str(path))
    page = path.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    linked = [a.get("src") or a.get("href") for t, a in parser.tags if a.get("src") or a.get("href")]
    assert not [u for u in linked if re.match(r"(https?:)?//", u)]
    # Outside vis-network's own code (licence strings, the SVG namespace), no "http" at all.
    assert "http" not in page.replace((VENDOR_DIR / "vis-network.min.js").read_text(encoding="utf-8"), "")

    from playwright.sync_api import sync_playwright

    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1200, "height": 800})
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            def route(r):
                requests.append(r.request.url)
                r.continue_() if r.request.url.startswith("file:") else r.abort()

            tab.route("**/*", route)
            tab.goto(path.as_uri())
            tab.wait_for_function("typeof network !== 'undefined' && network.body", timeout=30_000)
            drawn = tab.evaluate("Object.keys(network.body.nodes).length")
            data_nodes = tab.evaluate("network.body.data.nodes.length")
            colour = tab.evaluate("(id) => network.body.data.nodes.get(id).color.background", "ketamine")
            (tmp_path / "shot").mkdir()
            tab.screenshot(path=str(tmp_path / "shot" / "pyvis.png"))
        finally:
            browser.close()
    assert drawn == data_nodes == len(net.nodes)
    assert colour == CATEGORY_STYLE["Drug"][0]
    assert errors == []
    assert requests == [path.as_uri()]
