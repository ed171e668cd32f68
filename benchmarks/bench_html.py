#!/usr/bin/env python3
"""How fast does the page become interactive, and stay responsive, as the graph grows?

Builds synthetic evidence graphs from model objects (200, 2,000 and 10,000
concepts by default, about two claims per concept, evidence from a pool of
sources), writes each page (uncapped, and with the default ``max_nodes`` cap),
opens it in headless Debian Chromium and prints a table:

- ``write s``: Python time to select, lay out and write the page;
- ``MB``: the page's size;
- ``interactive ms``: navigation start to the first drawn frame with every
  handler attached (``window.evidenceGraph.readyAt``);
- ``frame ms``: median time of a full redraw (what each pan or zoom step costs);
- ``filter ms``: un-ticking "hedged" until the next frame is drawn;
- ``focus ms``: search-and-focus of a concept (centre, select, open its evidence panel) until drawn.

Usage: ``.venv/bin/python benchmarks/bench_html.py [--sizes 200,2000,10000] [--keep DIR]``
(sizes comma- or space-separated; without ``--keep`` the pages go to a temporary folder removed at the end)
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.evidence_graph import EvidenceGraph  # noqa: E402
from graph.model import PREDICATE_CONSTRAINTS, Claim, Concept, Evidence, Source  # noqa: E402
from graph.render.html import DEFAULT_MAX_NODES, write_html  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHARES = {"Condition": 0.35, "Drug": 0.14, "Therapy": 0.10, "Mechanism": 0.12, "Molecule": 0.12,
          "RiskFactor": 0.08, "Study": 0.06, "Organization": 0.03}
CLAIM_PREDICATES = [p for p in PREDICATE_CONSTRAINTS if p != "subclass_of"]


def synthetic_graph(n: int, seed: int = 1) -> EvidenceGraph:
    """About ``n`` concepts and ``2n`` claims with a skewed (hub-heavy) degree distribution."""
    rng = random.Random(seed)
    concepts: list[Concept] = []
    by_category: dict[str, list[str]] = {}
    for category, share in SHARES.items():
        for i in range(max(1, round(n * share))):
            cid = f"{category.lower()}_{i}"
            concepts.append(Concept(cid, f"{category.lower()} {i}", category, synonyms=(f"{category[:3].lower()}-{i} syndrome",)))
            by_category.setdefault(category, []).append(cid)
    weights = {c: [1.0 / (i + 1) ** 0.8 for i in range(len(ids))] for c, ids in by_category.items()}
    sources = [Source(f"s{k}", "...", title=f"Synthetic article {k}", url=f"https://example.org/{k}") for k in range(max(20, n // 10))]
    studies = by_category["Study"]
    claims: dict[str, Claim] = {}
    attempts = 0
    while len(claims) < 2 * n and attempts < 20 * n:
        attempts += 1
        predicate = rng.choice(CLAIM_PREDICATES)
        subj_cats, obj_cats = PREDICATE_CONSTRAINTS[predicate]
        subj_cat = rng.choice(sorted(subj_cats))
        obj_cat = rng.choice(sorted(obj_cats))
        subject = rng.choices(by_category[subj_cat], weights[subj_cat])[0]
        obj = rng.choices(by_category[obj_cat], weights[obj_cat])[0]
        if subject == obj:
            continue
        hedged = rng.random() < 0.3
        attribution = rng.choice(studies) if rng.random() < 0.2 else ("unattributed" if rng.random() < 0.2 else "")
        evidence = tuple(
            Evidence(src.id, f"{subject} {predicate.replace('_', ' ')} {obj}, as the article explains in one sentence.",
                     0, 60, section="Findings", certainty="hedged" if hedged else "asserted", attribution=attribution)
            for src in rng.sample(sources, min(len(sources), 1 + int(rng.expovariate(1.2))))
        )
        claim = Claim(subject, predicate, obj, "negated" if rng.random() < 0.08 else "affirmed", evidence=evidence)
        claims[claim.id] = claims[claim.id].merge(claim) if claim.id in claims else claim
    links = [(s, rng.choice(by_category["Organization"])) for s in studies]
    mentioned = {c.id: tuple(sorted({e.source_id for cl in claims.values() if c.id in (cl.subject, cl.object) for e in cl.evidence})[:5]) for c in concepts}
    return EvidenceGraph(sources=sources, concepts=concepts, claims=claims.values(), study_links=links, concept_sources=mentioned)


MEASURE_JS = """async () => {
  const api = window.evidenceGraph, net = api.network;
  const drawn = () => new Promise(r => net.once('afterDrawing', r));
  const frames = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now(); const d = drawn();
    net.moveTo({scale: net.getScale() * (i % 2 ? 1.25 : 0.8)}); await d; frames.push(performance.now() - t);
  }
  frames.sort((a, b) => a - b);
  let t = performance.now(); let d = drawn();
  document.querySelector('#filter-certainty input[value="hedged"]').click(); await d;
  const filter = performance.now() - t;
  document.querySelector('#filter-certainty input[value="hedged"]').click(); await drawn();
  const hub = api.data.nodes.reduce((a, b) => (b.degree > a.degree ? b : a)).id;
  t = performance.now(); d = drawn(); api.focusConcept(hub); await d;
  const focus = performance.now() - t;
  return {ready: api.readyAt, frame: frames[2], filter: filter, focus: focus};
}"""


def measure(browser, path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    blocked = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else (blocked.append(r.request.url), r.abort()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), timeout=300_000)
    page.wait_for_function("window.evidenceGraph && window.evidenceGraph.ready", timeout=300_000, polling=50)
    result = page.evaluate(MEASURE_JS)
    context.close()
    if errors or blocked:
        raise RuntimeError(f"page errors {errors} / blocked requests {blocked}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["200,2000,10000"],
                        help="graph sizes in concepts, comma- or space-separated (default: 200,2000,10000)")
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(n) for item in args.sizes for n in item.split(",") if n.strip()]
    except ValueError:
        parser.error(f"--sizes takes whole numbers, comma- or space-separated, not {' '.join(args.sizes)!r}")
    from playwright.sync_api import sync_playwright

    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="bench_html_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for n in args.sizes:
            g = synthetic_graph(n)
            variants = [("all", None)] + ([(f"cap {DEFAULT_MAX_NODES}", DEFAULT_MAX_NODES)] if len(g.concepts) > DEFAULT_MAX_NODES else [])
            for name, cap in variants:
                path = out_dir / f"graph-{n}-{name.replace(' ', '')}.html"
                t = time.perf_counter()
                write_html(g, path, max_nodes=cap)
                write_s = time.perf_counter() - t
                m = measure(browser, path)
                shown = min(len(g.concepts), cap or len(g.concepts))
                rows.append((len(g.concepts), len(g.claims), name, shown, write_s, path.stat().st_size / 1e6,
                             m["ready"], m["frame"], m["filter"], m["focus"]))
                print(f"... {n} {name}: interactive {m['ready']:.0f} ms", file=sys.stderr, flush=True)
        browser.close()
    header = ("concepts", "claims", "page", "drawn", "write s", "MB", "interactive ms", "frame ms", "filter ms", "focus ms")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print(f"| {r[0]:,} | {r[1]:,} | {r[2]} | {r[3]:,} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.0f} | {r[7]:.0f} | {r[8]:.0f} | {r[9]:.0f} |")
    if args.keep:
        print(f"(pages in {out_dir})")
    else:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
