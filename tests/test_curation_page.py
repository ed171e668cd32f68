"""The page shows a writer's decisions: a mark and the note on a curated claim, the marks of a merged concept.

Checked in Chromium (Debian's, through Playwright), on the seed graph with a curation applied.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.curation import apply_curation, parse_decisions
from graph.model import content_id
from graph.render.html import write_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ACCEPTED = content_id("ketamine", "treats", "chronic_pain", "affirmed")
REJECTED = content_id("ketamine", "treats", "ptsd", "affirmed")
NOTE = "checked against the <b>Johns Hopkins</b> study"  # markup in a note stays text


@pytest.fixture(scope="module")
def curated_page(tmp_path_factory) -> Path:
    import graph

    g = graph.build_graph(ROOT / "sources")
    assert ACCEPTED in g.claims and REJECTED in g.claims and "anxiety_disorders" in g.concepts
    decisions, problems = parse_decisions(
        f"- action: accept\n  claim: {ACCEPTED}\n  note: '{NOTE}'\n  by: ana\n  at: '2026-12-01T10:00:00Z'\n"
        f"- action: reject\n  claim: {REJECTED}\n  note: only may\n"
        "- action: merge\n  concept: anxiety_disorders\n  into: anxiety\n  by: ana\n", "curation.yaml")
    assert not problems
    path = tmp_path_factory.mktemp("curated") / "graph.html"
    write_html(apply_curation(g, decisions), path)
    return path


def test_page_shows_the_mark_and_the_note(curated_page, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(curated_page.resolve().as_uri())
        page.wait_for_function("window.evidenceGraph && window.evidenceGraph.ready", timeout=30_000)
        assert page.evaluate(f"() => window.evidenceGraph.data.claims['{REJECTED}'] === undefined")
        # Click ketamine as a user would; its panel lists the accepted claim with its mark and note.
        point = page.evaluate("""() => { const n = window.evidenceGraph.network;
            n.focus('ketamine', {scale: 1.4, animation: false});
            const p = n.canvasToDOM(n.getPositions(['ketamine']).ketamine);
            const r = document.getElementById('network').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y}; }""")
        page.mouse.click(point["x"], point["y"])
        card = page.locator(f'[data-claim="{ACCEPTED}"]').first
        card.wait_for(state="visible", timeout=10_000)
        card.scroll_into_view_if_needed()
        assert card.locator(".badge.curated").inner_text() == "✎ accepted"
        assert card.locator(".curation").inner_text() == f"Curation: accepted by ana on 2026-12-01: {NOTE}"
        assert card.locator(".curation b").count() == 0
        page.screenshot(path=str(tmp_path / "curated-claim.png"))
        # The concept that stayed after a merge says so in its panel.
        page.evaluate("() => window.evidenceGraph.network.unselectAll()")
        point = page.evaluate("""() => { const n = window.evidenceGraph.network;
            n.focus('anxiety', {scale: 1.4, animation: false});
            const p = n.canvasToDOM(n.getPositions(['anxiety']).anxiety);
            const r = document.getElementById('network').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y}; }""")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("window.evidenceGraph.panelFor === 'anxiety'", timeout=10_000)
        text = page.locator("#panel .meta.curation").first.inner_text()
        assert text.startswith("Curation: merged (anxiety disorders into anxiety: ") and "by ana" in text
        assert errors == []
        browser.close()
