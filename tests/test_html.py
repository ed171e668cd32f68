"""The interactive page, checked in a real browser (Debian's Chromium through Playwright).

Every request the page makes is routed: ``file:`` URLs load, anything else is
aborted and recorded, and each test asserts nothing but the page file itself was
requested. Screenshots of the seed graph and of the evidence panel are kept in
``tests/artifacts/``.
"""

from __future__ import annotations

import html.parser
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source
from graph.render.html import PREDICATE_COLORS, find_concept_id, page_data, render_html, select_subgraph, write_html

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
XSS_FLAGS = ["__xss", "__xssTitle", "__xssPublisher", "__xssUrl", "__xssHeading", "__xssImg", "__xssSvg", "__xssBreakout"]


# -- graphs ----------------------------------------------------------------------------


def handmade_graph() -> EvidenceGraph:
    """A small graph in the shape of the seed one, with hostile text in some sentences."""
    sources = [
        Source("pain-ptsd", "...", title="Can Chronic Pain Cause PTSD?", url="https://example.org/pain-ptsd"),
        Source("ketamine-help", "...", title="What Causes PTSD and How Ketamine Can Help"),
        Source("ketamine-pain", "...", title="Ketamine <b onmouseover=\"window.__xss=1\">Therapy</b>", url="javascript:window.__xss=1"),
    ]
    concepts = [
        Concept("ketamine", "ketamine", "Drug", synonyms=("ketamine hydrochloride",)),
        Concept("ptsd", "ptsd", "Condition", synonyms=("post-traumatic stress disorder",), display="PTSD"),
        Concept("chronic_pain", "chronic pain", "Condition"),
        Concept("depression", "depression", "Condition"),
        Concept("nausea", "nausea", "Condition"),
        Concept("nmda_receptor", "nmda receptor", "Molecule", display="NMDA receptor"),
        Concept("neuroplasticity", "neuroplasticity", "Mechanism"),
        Concept("cbt", "cognitive behavioral therapy", "Therapy", synonyms=("CBT",)),
        Concept("trauma", "traumatic event exposure", "RiskFactor"),
        Concept("opioids", "opioids", "Drug"),
        Concept("jh_study", "johns hopkins study", "Study"),
        Concept("jh", "johns hopkins school of medicine", "Organization"),
    ]

    def ev(source, text, **kw):
        return Evidence(source, text, 0, len(text), section=kw.pop("section", "Introduction"), **kw)

    claims = [
        Claim("ketamine", "treats", "ptsd", evidence=(
            ev("ketamine-help", "Ketamine therapy is an effective treatment option for PTSD.", section="Treatment with Ketamine"),
            ev("pain-ptsd", "Ketamine may reduce PTSD symptoms <script>window.__xss=1; alert(1)</script>.", certainty="hedged", attribution="jh_study"))),
        Claim("ketamine", "treats", "chronic_pain", evidence=(
            ev("ketamine-pain", "Ketamine relieves chronic pain."),
            ev("pain-ptsd", "Ketamine eases chronic pain <img src=x onerror=\"window.__xss=1; alert(2)\">."),
            ev("ketamine-help", "Ketamine can reduce pain."))),
        Claim("ketamine", "treats", "depression", evidence=(
            ev("ketamine-pain", "Ketamine might relieve depression.", certainty="hedged", attribution="unattributed"),)),
        Claim("ketamine", "treats", "depression", "negated", evidence=(
            ev("ketamine-pain", "There is no clear evidence that ketamine treats depression long term."),)),
        Claim("ketamine", "has_adverse_effect", "nausea", evidence=(ev("ketamine-pain", "Side effects such as nausea."),)),
        Claim("ketamine", "inhibits", "nmda_receptor", evidence=(ev("ketamine-help", "Ketamine works by blocking NMDA receptors."),)),
        Claim("ketamine", "increases", "neuroplasticity", evidence=(ev("ketamine-help", "Ketamine promotes neuroplasticity."),)),
        Claim("chronic_pain", "co_occurs_with", "ptsd", evidence=(ev("pain-ptsd", "Chronic pain and PTSD often co-occur."),)),
        Claim("trauma", "risk_factor_for", "ptsd", evidence=(ev("ketamine-help", "Trauma is the most significant risk factor for PTSD."),)),
        Claim("cbt", "treats", "ptsd", evidence=(ev("pain-ptsd", "CBT could help with PTSD.", certainty="hedged"),)),
        Claim("opioids", "has_adverse_effect", "nausea", evidence=(ev("ketamine-pain", "Opioids cause nausea."),)),
        Claim("opioids", "treats", "chronic_pain", evidence=(ev("ketamine-pain", "Opioids manage chronic pain."),)),
    ]
    return EvidenceGraph(
        sources=sources, concepts=concepts, claims=claims,
        study_links=[("jh_study", "jh")], findings={"jh_study": "ketamine reduced PTSD symptoms </script><script>window.__xss=1</script>"},
        concept_sources={"ketamine": ("ketamine-help", "ketamine-pain", "pain-ptsd"), "ptsd": ("ketamine-help", "pain-ptsd")},
        concept_mentions={"ketamine": 9, "ptsd": 6},
    )


def chain_graph(n: int) -> EvidenceGraph:
    """n conditions in a chain; claim i has i % 4 + 1 sources."""
    concepts = [Concept(f"c{i:03d}", f"condition {i}", "Condition") for i in range(n)]
    claims = [
        Claim(f"c{i:03d}", "causes", f"c{i + 1:03d}",
              evidence=tuple(Evidence(f"s{k}", f"Condition {i} causes condition {i + 1}.", 0, 10) for k in range(i % 4 + 1)))
        for i in range(n - 1)
    ]
    return EvidenceGraph(sources=[Source(f"s{k}", "...", title=f"Source {k}") for k in range(4)], concepts=concepts, claims=claims)


@pytest.fixture(scope="module")
def seed_graph():
    import graph

    return graph.build_graph(ROOT / "sources")


@pytest.fixture(scope="module")
def seed_page(seed_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "graph.html"
    write_html(seed_graph, path)
    return path


# -- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every non-file request blocked, and what it tried to do."""

    def __init__(self, browser, path: Path, viewport=(1400, 900)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function("window.evidenceGraph && window.evidenceGraph.ready", timeout=30_000)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def click_node(self, node_id: str) -> None:
        """Centre the node, then click it with the mouse like a user."""
        point = self.js(
            """(id) => { const n = window.evidenceGraph.network;
                n.focus(id, {scale: 1.4, animation: false});
                const p = n.canvasToDOM(n.getPositions([id])[id]);
                const r = document.getElementById('network').getBoundingClientRect();
                return {x: r.left + p.x, y: r.top + p.y}; }""",
            node_id,
        )
        self.page.mouse.click(point["x"], point["y"])

    def visible_claims(self) -> list[dict]:
        return self.js("""() => window.evidenceGraph.edgesView.get().filter(e => e.kind === 'claim')
                              .map(e => window.evidenceGraph.data.claims[e.id])""")

    def check_clean(self) -> None:
        """No console errors, no dialog, and nothing requested but the page file."""
        assert self.errors == []
        assert self.dialogs == []
        assert not [u for u in self.requests if u.startswith(("http:", "https:"))]
        assert self.requests == [self.url]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def _open(path: Path, **kw) -> Visit:
        v = Visit(browser, path, **kw)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()


# -- the file itself (no browser) ------------------------------------------------------------


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_is_self_contained_and_data_escaped(tmp_path):
    path = tmp_path / "graph.html"
    write_html(handmade_graph(), path)
    page = path.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    tags = parser.tags
    # Nothing is loaded from elsewhere: no src, no stylesheet link; the only href is the empty data: icon.
    assert not [t for t, a in tags if "src" in a]
    assert [(t, a.get("href")) for t, a in tags if "href" in a] == [("link", "data:,")]
    assert any(t == "meta" and "default-src 'none'" in a.get("content", "") for t, a in tags)
    # Exactly the page's own script elements: the JSON block, vis-network, the page script.
    assert [a.get("type") for t, a in tags if t == "script"] == ["application/json", None, None]
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    assert not set(block) & {"<", ">", "&", "\u2028", "\u2029"}
    data = json.loads(block)
    sentences = [e["text"] for c in data["claims"].values() for e in c["evidence"]]
    assert "Ketamine may reduce PTSD symptoms <script>window.__xss=1; alert(1)</script>." in sentences
    assert data["sources"]["ketamine-pain"]["url"] == ""  # a javascript: URL is never a link
    assert data["sources"]["pain-ptsd"]["url"] == "https://example.org/pain-ptsd"


def test_same_graph_same_page(tmp_path):
    write_html(handmade_graph(), tmp_path / "a.html")
    write_html(handmade_graph(), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    positions = {n["id"]: (n["x"], n["y"]) for n in page_data(handmade_graph())["nodes"]}
    assert len(set(positions.values())) == len(positions)  # no two concepts on one spot


def test_focus_depth_support_and_predicate_selection():
    g = handmade_graph()
    around = select_subgraph(g, focus="post-traumatic stress disorder", depth=1)
    assert around.focus == "ptsd"
    assert set(around.concept_ids) == {"ptsd", "ketamine", "chronic_pain", "trauma", "cbt"}
    assert set(select_subgraph(g, focus="ptsd", depth=2).concept_ids) > set(around.concept_ids)
    supported = select_subgraph(g, min_support=2)
    assert {g.claims[c].key[:3] for c in supported.claim_ids} == {("ketamine", "treats", "ptsd"), ("ketamine", "treats", "chronic_pain")}
    only = select_subgraph(g, predicates=["has_adverse_effect"])
    assert set(only.concept_ids) == {"ketamine", "opioids", "nausea"}


def test_claims_are_capped_to_the_best_supported(tmp_path):
    g = chain_graph(40)
    selection = select_subgraph(g, max_nodes=None, max_claims=5)
    assert len(selection.claim_ids) == 5 and selection.capped
    kept = [g.claims[c].support for c in selection.claim_ids]
    dropped = [c.support for cid, c in g.claims.items() if cid not in selection.claim_ids]
    assert min(kept) >= max(dropped)
    assert any("claims left out" in note for note in selection.notes)


def test_large_graph_is_cut_to_its_most_supported_part(tmp_path, caplog, visit):
    g = chain_graph(40)
    with caplog.at_level(logging.WARNING, logger="graph.render.html"):
        write_html(g, tmp_path / "graph.html", max_nodes=10)
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', (tmp_path / "graph.html").read_text(), re.S).group(1))
    assert len(data["nodes"]) == 10 and data["meta"]["capped"]
    assert "render --focus" in data["meta"]["notice"]
    assert "10 of 40 concepts" in caplog.text
    # The kept concepts are those with the most support behind their claims.
    score = {c: sum(cl.support for cl in g.claims.values() if c in (cl.subject, cl.object)) for c in g.concepts}
    kept = {n["id"] for n in data["nodes"]}
    assert min(score[c] for c in kept) >= max(score[c] for c in set(g.concepts) - kept)
    v = visit(tmp_path / "graph.html")
    assert v.page.locator("#notice").is_visible()
    assert "python -m graph render --focus CONCEPT" in v.page.locator("#notice code").text_content()
    # Concepts left without a claim by the cut are hidden until "Show concepts without claims" is ticked.
    with_claims = {end for e in data["edges"] for end in (e["from"], e["to"])}
    assert set(v.js("window.evidenceGraph.nodesView.getIds()")) == with_claims
    v.page.locator("#show-unlinked").check()
    assert len(v.js("window.evidenceGraph.nodesView.getIds()")) == 10
    v.check_clean()


def test_render_command_writes_a_focused_page(tmp_path):
    from graph.export import get_writer

    build = tmp_path / "build"
    get_writer("graph.json")(handmade_graph(), build / "graph.json")
    out = tmp_path / "focus.html"
    result = subprocess.run(
        [sys.executable, "-m", "graph", "render", "--build", str(build), "--focus", "PTSD", "--depth", "1",
         "--min-support", "1", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', out.read_text(), re.S).group(1))
    assert {n["id"] for n in data["nodes"]} == {"ptsd", "ketamine", "chronic_pain", "trauma", "cbt"}
    assert data["meta"]["focus"] == "PTSD"
    default = subprocess.run([sys.executable, "-m", "graph", "render", "--build", str(build), "--focus", "post-traumatic stress disorder"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert default.returncode == 0 and (build / "graph-ptsd.html").is_file()
    bad = subprocess.run([sys.executable, "-m", "graph", "render", "--build", str(build), "--focus", "no such thing",
                          "--out", str(tmp_path / "x.html")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and bad.stderr.startswith("error: no concept named")
    assert not (tmp_path / "x.html").exists()


# -- in the browser: hand-made graph ----------------------------------------------------------


def test_handmade_page_in_browser(visit, tmp_path):
    path = tmp_path / "graph.html"
    write_html(handmade_graph(), path)
    v = visit(path)
    assert sorted(v.js("window.evidenceGraph.nodesView.getIds()")) == sorted(handmade_graph().concepts)
    # Negated claims are red and marked with a cross; hedged ones dashed.
    edges = {e["id"]: e for e in v.js("window.evidenceGraph.edges.get()")}
    g = handmade_graph()
    negated = next(c for c in g.claims.values() if c.polarity == "negated")
    hedged = next(c for c in g.claims.values() if c.certainty == "hedged" and c.polarity == "affirmed")
    assert edges[negated.id]["label"] == "✗" and edges[negated.id]["color"]["color"] == "#d50000"
    assert edges[hedged.id]["dashes"] and not edges[negated.id]["dashes"]
    # Edge colour by predicate, width by support; node size by connections.
    strong = next(c for c in g.claims.values() if c.key[:3] == ("ketamine", "treats", "chronic_pain"))
    assert edges[strong.id]["color"]["color"] == PREDICATE_COLORS["treats"] != PREDICATE_COLORS["inhibits"]
    assert edges[strong.id]["width"] > edges[hedged.id]["width"]
    sizes = {n["id"]: n["value"] for n in v.js("window.evidenceGraph.nodes.get()")}
    assert sizes["ketamine"] > sizes["ptsd"] > sizes["nausea"]
    # Clicking ketamine lists its claims, hostile text shown as text.
    v.click_node("ketamine")
    panel = v.page.locator("#panel")
    assert panel.is_visible()
    assert v.page.locator("#panel-title").text_content() == "ketamine"
    text = panel.text_content()
    assert "Ketamine may reduce PTSD symptoms <script>window.__xss=1; alert(1)</script>." in text
    assert "johns hopkins study (johns hopkins school of medicine)" in text
    assert v.page.locator("#panel li.ev a.source-title").evaluate_all("els => els.map(a => a.href)") == ["https://example.org/pain-ptsd"] * 2
    assert v.page.locator("#panel img, #panel script, #panel b").count() == 0
    # Hover shows a one-line summary of a node.
    v.js("window.evidenceGraph.network.unselectAll()")
    v.page.locator("#panel-close").click()
    point = v.js("""() => { const n = window.evidenceGraph.network; const p = n.canvasToDOM(n.getPositions(['ptsd']).ptsd);
                    const r = document.getElementById('network').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""")
    v.page.mouse.move(point["x"], point["y"])
    v.page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
    assert v.page.locator("#tooltip").text_content().startswith("PTSD (Condition)")
    assert all(v.js(f"window.{flag}") is None for flag in XSS_FLAGS)
    v.check_clean()


# -- in the browser: the seed graph ------------------------------------------------------------


def test_seed_page_renders_every_node(visit, seed_graph, seed_page):
    v = visit(seed_page)
    drawn = set(v.js("window.evidenceGraph.nodesView.getIds()"))
    with_claims = {end for c in seed_graph.claims.values() for end in (c.subject, c.object)}
    assert with_claims <= drawn < set(seed_graph.concepts)  # concepts without claims wait behind the toggle
    assert v.js("window.evidenceGraph.edgesView.length") >= len(seed_graph.claims)
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))
    v.page.locator("#show-unlinked").check()
    assert set(v.js("window.evidenceGraph.nodesView.getIds()")) == set(seed_graph.concepts)
    v.check_clean()


def test_seed_click_ketamine_shows_evidence_from_two_sources(visit, seed_graph, seed_page):
    v = visit(seed_page)
    ketamine = find_concept_id(seed_graph, "ketamine")
    v.click_node(ketamine)
    v.page.wait_for_selector("#panel:not([hidden])")
    assert v.page.locator("#panel-title").text_content().lower() == "ketamine"
    sentences = v.page.locator("#panel li.ev")
    assert sentences.count() >= 2
    sources = set(sentences.evaluate_all("els => els.map(e => e.dataset.source)"))
    assert len(sources) >= 2
    # each sentence is a real sentence of the graph, shown with its source's title
    evidence = {(e.source_id, e.sentence) for c in seed_graph.claims.values() for e in c.evidence}
    shown = sentences.evaluate_all("els => els.map(e => [e.dataset.source, e.querySelector('q').textContent])")
    assert all(tuple(pair) in evidence for pair in shown)
    titles = {seed_graph.sources[s].title or s for s in sources}
    assert titles <= set(v.page.locator("#panel .source-title").all_text_contents())
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "seed-evidence-panel.png"))
    v.check_clean()


def test_seed_search_finds_ptsd_by_synonym(visit, seed_graph, seed_page):
    v = visit(seed_page)
    ptsd = find_concept_id(seed_graph, "ptsd")
    v.page.locator("#search").fill("post-traumatic stress disorder")
    first = v.page.locator("#search-results li").first
    assert first.get_attribute("data-id") == ptsd
    v.page.locator("#search").press("Enter")
    assert v.js("window.evidenceGraph.network.getSelectedNodes()") == [ptsd]
    assert v.page.locator("#panel-title").text_content() == seed_graph.concepts[ptsd].name
    centre = v.js("window.evidenceGraph.network.getViewPosition()")
    node = v.js(f"window.evidenceGraph.network.getPositions([{json.dumps(ptsd)}])[{json.dumps(ptsd)}]")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    v.check_clean()


def test_seed_filter_hides_hedged_claims(visit, seed_page):
    v = visit(seed_page)
    before = v.visible_claims()
    hedged = [c for c in before if c["certainty"] == "hedged"]
    assert hedged, "the seed articles hedge some claims"
    v.page.locator('#filter-certainty input[value="hedged"]').uncheck()
    after = v.visible_claims()
    assert [c for c in after if c["certainty"] == "hedged"] == []
    assert len(after) == len(before) - len(hedged)
    v.page.locator('#filter-certainty input[value="hedged"]').check()
    assert len(v.visible_claims()) == len(before)
    v.check_clean()


def test_seed_evidence_map(visit, seed_graph, seed_page):
    v = visit(seed_page)
    v.page.locator("#tab-map").click()
    assert v.page.locator("#map-view").is_visible() and not v.page.locator("#graph-view").is_visible()
    ketamine = find_concept_id(seed_graph, "ketamine")
    cells = v.page.locator(f'#map td.cell[data-row="{ketamine}"]')
    assert cells.count() >= 1
    expected = {c.object for c in seed_graph.claims.values()
                if c.subject == ketamine and c.predicate in ("treats", "has_adverse_effect")
                and seed_graph.concepts[c.object].category == "Condition"}
    assert set(cells.evaluate_all("els => els.map(e => e.dataset.col)")) == expected
    cells.first.locator("button").click()
    assert v.page.locator("#panel li.ev").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "seed-evidence-map.png"))
    v.check_clean()


def test_hostile_source_runs_nothing(visit, tmp_path):
    import graph

    g = graph.build_graph(ROOT / "tests" / "data" / "xss")
    assert g.claims, "the hostile sentences must yield claims so their text lands in the page"
    path = tmp_path / "graph.html"
    write_html(g, path)
    v = visit(path)
    panel_text = []
    for concept_id in g.concepts:
        v.click_node(concept_id)
        panel_text.append(v.page.locator("#panel").text_content())
    v.page.locator("#tab-map").click()
    text = "\n".join(panel_text)
    assert "<script>alert(1)</script>" in text or "<img src=x onerror=" in text
    assert v.page.locator("img, svg, iframe, script[src]").count() == 0
    assert v.page.locator('a[href^="javascript"]').count() == 0
    assert all(v.js(f"window.{flag}") is None for flag in XSS_FLAGS)
    v.check_clean()


def test_seed_page_shows_belief_sentence_types_and_the_study_finding_first(visit, seed_graph, seed_page):
    """The evidence card shows belief and what each sentence is; a study's panel leads with its finding."""
    v = visit(seed_page)
    v.click_node(find_concept_id(seed_graph, "ketamine"))
    v.page.wait_for_selector("#panel:not([hidden])")
    badges = v.page.locator("#panel .badge.belief").all_text_contents()
    assert badges and all(b.startswith("belief 0.") for b in badges)
    wheres = " ".join(v.page.locator("#panel li.ev .where").all_text_contents())
    assert "promotion (not support)" in wheres and "the study investigates (not backing)" in wheres
    chicago = next(cid for cid, c in seed_graph.concepts.items() if c.category == "Study" and "chicago" in cid)
    v.page.locator("#panel-close").click()
    v.click_node(chicago)
    v.page.wait_for_selector("#panel:not([hidden])")
    metas = v.page.locator("#panel .meta").all_text_contents()
    first = next(i for i, m in enumerate(metas) if m.startswith("Finding: "))
    assert metas[first + 1].startswith("Result: In half of our patients")
    assert "Design: case series" in metas and not any(m.startswith("Conducted by") for m in metas[:first])
    v.check_clean()


def test_seed_evidence_map_rolls_up_narrower_conditions_and_says_so(visit, seed_graph, seed_page):
    v = visit(seed_page)
    v.page.locator("#tab-map").click()
    v.page.wait_for_selector("#map td.cell")
    before = v.page.locator("#map thead th").all_text_contents()
    assert "chronic pain" in before and v.page.locator("#map-note").text_content().count("Rolled up") == 0
    v.page.locator("#map-rollup").check()
    after = v.page.locator("#map thead th").all_text_contents()
    note = v.page.locator("#map-note").text_content()
    assert "chronic pain" not in after and "pain" in after
    assert "Rolled up: " in note and "chronic pain" in note.split("Rolled up: ", 1)[1]
    v.page.locator("#map-rollup").uncheck()
    assert v.page.locator("#map thead th").all_text_contents() == before
    v.check_clean()


def test_a_large_component_is_laid_out_the_same_in_every_process():
    """The layout of a component past twice the spring layout's limit (its skeleton, the best-connected
    nodes, laid out first) does not depend on the process's string hashing (PYTHONHASHSEED)."""
    code = (
        "import hashlib, json\n"
        "from graph.render.html import _SPRING_LIMIT, layout_positions\n"
        "n = 3 * _SPRING_LIMIT\n"
        "nodes = [f'c{i:04d}' for i in range(n)]\n"
        "edges = [(nodes[i], nodes[(i * 7 + 3) % n]) for i in range(n)] + [(nodes[i], nodes[i + 1]) for i in range(n - 1)]\n"
        "print(hashlib.sha256(json.dumps(sorted(layout_positions(nodes, edges).items())).encode()).hexdigest())\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1, outputs
