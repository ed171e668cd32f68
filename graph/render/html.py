"""The interactive page: one self-contained, offline HTML file of the evidence graph.

Everything the page needs is inline: the vendored vis-network library
(``vendor/``, copied from the pyvis wheel), the page's own script and styles
(``page.js``, ``page.css``) and the graph data. No URL is fetched, and a
Content-Security-Policy in the page forbids it.

Article text reaches the page only as JSON inside ``<script type="application/json">``
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (:func:`script_json`); the
page's script builds the DOM with ``textContent`` only. The Content-Security-Policy
allows the page's two scripts by their SHA-256 (:func:`script_hash`) and no other
script: no ``'unsafe-inline'``, so an injected inline handler cannot run.

The layout is computed here, seeded, so the same graph always gives the same
picture (and the same bytes): each connected component is laid out with
``networkx.spring_layout(seed=...)`` (a large component: its best-connected
nodes first, the rest placed around their neighbours) and the components are
packed side by side; the page disables physics.

A large graph is cut to its most supported part (``max_nodes``); the page says
so and gives the ``render --focus`` command that shows the rest.

>>> from graph.model import Concept, Claim, Evidence, Source
>>> from graph.evidence_graph import EvidenceGraph
>>> ev = Evidence("a", "Ketamine may relieve PTSD </script>.", 0, 35, certainty="hedged")
>>> g = EvidenceGraph(
...     sources=[Source("a", "...", title="A <b>title</b>")],
...     concepts=[Concept("ketamine", "ketamine", "Drug"),
...               Concept("ptsd", "ptsd", "Condition", synonyms=("post-traumatic stress disorder",), display="PTSD")],
...     claims=[Claim("ketamine", "treats", "ptsd", evidence=(ev,))])
>>> page = render_html(g)
>>> block = page.split('id="graph-data">')[1].split("</script>")[0]
>>> "<" in block, "</script>." in page, "<b>title" in page
(False, False, False)
>>> [e["text"] for c in json.loads(block)["claims"].values() for e in c["evidence"]]
['Ketamine may relieve PTSD </script>.']
>>> data = page_data(g)
>>> [n["label"] for n in data["nodes"]], data["edges"][0]["certainty"]
(['ketamine', 'PTSD'], 'hedged')
>>> find_concept_id(g, "Post-Traumatic Stress Disorder")
'ptsd'
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import importlib
import json
import logging
import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import ConceptNotFoundError, ExportError, QueryError
from graph.evidence_graph import EvidenceGraph
from graph.fileio import atomic_write_text
from graph.model import CATEGORIES, PREDICATES, SYMMETRIC_PREDICATES, UNATTRIBUTED

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_MAX_CLAIMS",
    "CATEGORY_STYLE",
    "PREDICATE_COLORS",
    "NEGATED_COLOR",
    "Selection",
    "script_json",
    "script_hash",
    "find_concept_id",
    "select_subgraph",
    "layout_positions",
    "page_data",
    "render_html",
    "write_html",
]

log = logging.getLogger(__name__)

ASSET_DIR = Path(__file__).parent
VENDOR_DIR = ASSET_DIR / "vendor"

# Beyond this many concepts the page shows the most supported part only
# (see benchmarks/bench_html.py for the time-to-interactive measurements).
DEFAULT_MAX_NODES = 1500
# Redrawing is driven by edges as much as by nodes: a hub-heavy graph keeps its best-supported claims.
DEFAULT_MAX_CLAIMS = 4000
# Components up to this size get a full spring layout; larger ones a skeleton layout.
_SPRING_LIMIT = 400
_LAYOUT_SEED = 42

# Category -> (colour, vis-network shape, legend symbol).
CATEGORY_STYLE: dict[str, tuple[str, str, str]] = {
    "Condition": ("#e15759", "dot", "●"),
    "Drug": ("#4e79a7", "diamond", "◆"),
    "Therapy": ("#59a14f", "square", "■"),
    "Mechanism": ("#f28e2b", "triangle", "▲"),
    "Molecule": ("#76b7b2", "hexagon", "⬢"),
    "RiskFactor": ("#c9a227", "triangleDown", "▼"),
    "Study": ("#b07aa1", "star", "★"),
    "Organization": ("#9c755f", "box", "▭"),
}
PREDICATE_COLORS: dict[str, str] = {
    "treats": "#2e7d32",
    "causes": "#ef6c00",
    "risk_factor_for": "#b8860b",
    "co_occurs_with": "#6d4c41",
    "has_adverse_effect": "#ad1457",
    "inhibits": "#1565c0",
    "increases": "#00897b",
    "modulates": "#5e35b1",
    "affects": "#546e7a",
    "has_symptom": "#827717",
    "subclass_of": "#9e9e9e",
}
NEGATED_COLOR = "#d50000"
LINK_COLOR = "#b0b0b0"  # study -> claim subject ("backs"), study -> organization
assert set(CATEGORY_STYLE) == set(CATEGORIES) and set(PREDICATE_COLORS) == set(PREDICATES)

_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``.

    ``<``, ``>``, ``&``, U+2028 and U+2029 become ``\\uXXXX`` escapes, so no
    text can close the script element or open a comment; ``JSON.parse`` gives
    the original strings back.

    >>> script_json({"t": "</script><img src=x onerror=alert(1)>&\\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e\\\\u0026\\\\u2028"}'
    >>> json.loads(script_json(["<&>"])) == ["<&>"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


# -- concept lookup ----------------------------------------------------------

_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‑": "-", "‐": "-", "_": " ", "-": " "})


def _fold(text: str) -> str:
    return " ".join(text.translate(_FOLD).casefold().split())


def find_concept_id(graph: EvidenceGraph, name: str) -> str:
    """The id of the concept called ``name`` (id, label, display name or synonym; case-insensitive).

    Uses the query module's ``find_concept`` when there is one; raises
    :class:`~graph.errors.ConceptNotFoundError` with close names otherwise.

    >>> from graph.model import Concept
    >>> g = EvidenceGraph(concepts=[Concept("ptsd", "ptsd", "Condition", synonyms=("post-traumatic stress disorder",))])
    >>> find_concept_id(g, "PTSD"), find_concept_id(g, "Post-Traumatic Stress Disorder")
    ('ptsd', 'ptsd')
    >>> find_concept_id(g, "ptsdd")
    Traceback (most recent call last):
    ...
    graph.errors.ConceptNotFoundError: no concept named 'ptsdd'...
    """
    try:
        finder = importlib.import_module("graph.query").find_concept
    except (ImportError, AttributeError):
        finder = None
    if finder is not None:
        found = finder(graph, name)
        return found if isinstance(found, str) else found.id
    wanted = _fold(name)
    names: dict[str, str] = {}
    for concept in graph.concepts.values():
        for term in (concept.id, concept.label, concept.name, *concept.synonyms):
            names.setdefault(_fold(term), concept.id)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.75)
    raise ConceptNotFoundError(name, [graph.concepts[names[c]].label for c in close])


# -- which part of the graph to draw -----------------------------------------


@dataclass
class Selection:
    """The concepts and claims a page shows, and why some are left out."""

    concept_ids: list[str]
    claim_ids: list[str]
    total_concepts: int
    total_claims: int
    capped: bool = False
    max_nodes: int | None = None
    focus: str = ""
    depth: int = 0
    min_support: int = 1
    predicates: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def _claim_neighbours(graph: EvidenceGraph, claim_ids: list[str]) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for cid in claim_ids:
        claim = graph.claims[cid]
        neighbours[claim.subject].add(claim.object)
        neighbours[claim.object].add(claim.subject)
        for study in claim.attributions:
            if study in graph.concepts:
                neighbours[study].add(claim.subject)
                neighbours[claim.subject].add(study)
    for study, org in graph.study_links:
        neighbours[study].add(org)
        neighbours[org].add(study)
    return neighbours


def select_subgraph(
    graph: EvidenceGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    min_support: int = 0,
    predicates: list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    max_claims: int | None = DEFAULT_MAX_CLAIMS,
) -> Selection:
    """Choose what to draw: filters, an optional neighbourhood of ``focus``, then the node cap.

    A claim is kept when its predicate is among ``predicates`` (all when empty)
    and it has at least ``min_support`` sources. With ``focus``, concepts within
    ``depth`` steps of it (over kept claims, study and organization links) are kept.
    Over ``max_nodes`` concepts, those with the most support (the sum of the
    support of their claims) are kept, the focus concept always; over ``max_claims``
    claims among them, the best-supported claims.

    >>> from graph.model import Concept, Claim, Evidence
    >>> ev = lambda s: Evidence(s, "x", 0, 1)
    >>> g = EvidenceGraph(concepts=[Concept(c, c, "Condition") for c in "abcd"],
    ...     claims=[Claim("a", "causes", "b", evidence=(ev("s1"), ev("s2"))), Claim("b", "causes", "c", evidence=(ev("s1"),)),
    ...             Claim("c", "causes", "d", evidence=(ev("s1"),))])
    >>> select_subgraph(g, focus="a", depth=2).concept_ids
    ['a', 'b', 'c']
    >>> s = select_subgraph(g, max_nodes=2); s.concept_ids, s.capped
    (['a', 'b'], True)
    >>> select_subgraph(g, min_support=2).claim_ids == [Claim("a", "causes", "b", evidence=(ev("s"),)).id]
    True
    """
    predicates = tuple(predicates or ())
    unknown = [p for p in predicates if p not in PREDICATES]
    if unknown:
        raise QueryError(f"unknown predicate {unknown[0]!r}; known: {', '.join(PREDICATES)}")
    if depth < 0 or min_support < 0 or (max_nodes is not None and max_nodes < 1):
        raise QueryError("depth must be >= 0, min-support >= 0 and max-nodes >= 1")
    support = {cid: claim.support for cid, claim in graph.claims.items()}  # a property counted anew at each use
    claim_ids = [
        cid
        for cid, claim in graph.claims.items()
        if (not predicates or claim.predicate in predicates) and support[cid] >= min_support
    ]
    filtered = bool(predicates) or min_support > 1
    selection = Selection([], [], len(graph.concepts), len(graph.claims), max_nodes=max_nodes,
                          depth=depth, min_support=min_support, predicates=predicates)
    if focus:
        neighbours = _claim_neighbours(graph, claim_ids)
        focus_id = find_concept_id(graph, focus)
        selection.focus = focus_id
        keep = {focus_id}
        frontier = [focus_id]
        for _ in range(depth):
            frontier = sorted({n for f in frontier for n in neighbours.get(f, ())} - keep)
            keep.update(frontier)
            if not frontier:
                break
    elif filtered:
        keep = {end for cid in claim_ids for end in (graph.claims[cid].subject, graph.claims[cid].object)}
        keep |= {s for cid in claim_ids for s in graph.claims[cid].attributions if s in graph.concepts}
        keep |= {org for s, org in graph.study_links if s in keep and org in graph.concepts}
    else:
        keep = set(graph.concepts)

    if max_nodes is not None and len(keep) > max_nodes:
        score: dict[str, int] = defaultdict(int)
        for cid in claim_ids:
            claim = graph.claims[cid]
            for end in {claim.subject, claim.object, *(e.attribution for e in claim.evidence)}:  # ends, attributions
                score[end] += support[cid]
        for study, org in graph.study_links:
            score[org] += score.get(study, 0)
        ranked = sorted(keep, key=lambda c: (c != selection.focus, -score.get(c, 0),
                                             -graph.concept_mentions.get(c, 0), c))
        selection.capped = True
        dropped = len(keep) - max_nodes
        keep = set(ranked[:max_nodes])
        selection.notes.append(f"{dropped} less supported concepts left out")
    selection.concept_ids = [c for c in graph.concepts if c in keep]
    selection.claim_ids = [
        cid for cid in claim_ids if graph.claims[cid].subject in keep and graph.claims[cid].object in keep
    ]
    if max_claims is not None and len(selection.claim_ids) > max_claims:
        best = sorted(selection.claim_ids, key=lambda cid: (-support[cid],
                                                            -len(graph.claims[cid].evidence), cid))[:max_claims]
        chosen = set(best)
        selection.notes.append(f"{len(selection.claim_ids) - max_claims} less supported claims left out")
        selection.claim_ids = [cid for cid in selection.claim_ids if cid in chosen]
        selection.capped = True
    return selection


# -- layout ------------------------------------------------------------------


def _component_layout(g: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions in pixels for one connected component, centred on (0, 0)."""
    n = g.number_of_nodes()
    nodes = list(g.nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    radius = 100.0 * math.sqrt(n)
    if n <= _SPRING_LIMIT:
        pos = nx.spring_layout(g, seed=seed, iterations=80 if n < 150 else 50)
        return {k: (float(x) * radius * 1.35, float(y) * radius) for k, (x, y) in pos.items()}  # screens are wide
    # Skeleton: the best-connected nodes get a spring layout; the others are
    # placed in rings around the neighbour through which a breadth-first walk reaches them.
    by_degree = sorted(nodes, key=lambda v: (-g.degree(v), v))
    skeleton = by_degree[:_SPRING_LIMIT]
    # The skeleton as a graph of its own, its nodes in the component's order: a subgraph view of
    # fewer than half the nodes iterates them in the order of a set (of strings, so in a different
    # order in every process), and the spring layout's start depends on the order of the nodes.
    keep = set(skeleton)
    core = nx.Graph()
    core.add_nodes_from(v for v in g.nodes if v in keep)
    core.add_edges_from((u, v) for u, v in g.edges if u in keep and v in keep)
    pos_s = nx.spring_layout(core, seed=seed, iterations=50)
    placed = {k: (float(x) * radius, float(y) * radius) for k, (x, y) in pos_s.items()}
    queue = deque(skeleton)
    while queue:
        anchor = queue.popleft()
        children = sorted(v for v in g.neighbors(anchor) if v not in placed)
        if not children:
            continue
        ax, ay = placed[anchor]
        base = math.atan2(ay, ax) if (ax or ay) else 0.0  # open the ring away from the centre
        ring = 40.0 + 6.0 * math.sqrt(len(children))
        for j, child in enumerate(children):
            angle = base + (j / len(children) - 0.5) * math.pi * 1.6
            r = ring * (1.0 + 0.35 * (j % 3))
            placed[child] = (ax + r * math.cos(angle), ay + r * math.sin(angle))
            queue.append(child)
    return placed


def layout_positions(nodes: list[str], edges: list[tuple[str, str]], seed: int = _LAYOUT_SEED) -> dict[str, tuple[int, int]]:
    """Deterministic integer positions: each component laid out, then packed in shelves.

    >>> pos = layout_positions(["a", "b", "c", "d"], [("a", "b"), ("b", "c")])
    >>> pos == layout_positions(["a", "b", "c", "d"], [("a", "b"), ("b", "c")])
    True
    >>> sorted(pos)
    ['a', 'b', 'c', 'd']
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v in edges if u != v)
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    singletons = [c[0] for c in components if len(c) == 1]
    boxes = []
    for comp in (c for c in components if len(c) > 1):
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in g.subgraph(comp).edges))
        pos = _component_layout(sub, seed)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 160.0, max(ys) - min(ys) + 120.0))
    total_area = sum(w * h for _, _, _, w, h in boxes)
    shelf_width = max([boxes[0][3] if boxes else 0.0, math.sqrt(total_area) * 1.2, 800.0])
    out: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for pos, min_x, min_y, w, h in boxes:
        if x > 0 and x + w > shelf_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + px - min_x), round(y + py - min_y))
        x += w
        row_height = max(row_height, h)
    # Concepts without any link: a compact grid below the rest.
    y += row_height
    columns = max(1, int(shelf_width // 150))
    for i, node in enumerate(singletons):
        out[node] = (round((i % columns) * 150), round(y + (i // columns) * 70))
    return out


# -- page data ---------------------------------------------------------------


def _source_entry(source) -> dict[str, str]:
    url = source.url if _SAFE_URL.match(source.url or "") else ""
    return {"title": source.title or source.id, "url": url, "publisher": source.publisher, "kind": source.kind,
            "date": source.date}


def page_data(graph: EvidenceGraph, selection: Selection | None = None, *, seed: int = _LAYOUT_SEED,
              layout_cache: str | Path | None = None) -> dict[str, Any]:
    """The JSON the page script reads: styles, nodes with positions, edges, claims with evidence, sources.

    ``layout_cache``: a file where the last layout is kept and read back for the same drawing
    (:mod:`graph.render.layout_cache`)."""
    if selection is None:
        selection = select_subgraph(graph, max_nodes=None)
    keep = set(selection.concept_ids)
    claims = [graph.claims[cid] for cid in selection.claim_ids]

    edges: list[dict[str, Any]] = []
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    degree: dict[str, int] = defaultdict(int)

    def curve(u: str, v: str) -> dict[str, Any]:
        pair = (u, v) if u <= v else (v, u)
        k = pair_count[pair]
        pair_count[pair] += 1
        if k == 0:
            return {}
        return {"curve": round((0.18 * ((k + 1) // 2)) * (1 if k % 2 else -1), 2)}

    for claim in claims:
        degree[claim.subject] += 1
        degree[claim.object] += 1
        edges.append({
            "id": claim.id, "kind": "claim", "from": claim.subject, "to": claim.object,
            "predicate": claim.predicate, "polarity": claim.polarity, "certainty": claim.certainty,
            "support": claim.support, "cited": claim.cited,
            "symmetric": claim.predicate in SYMMETRIC_PREDICATES, **curve(claim.subject, claim.object),
        })
    backs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for claim in claims:
        for study in claim.attributions:
            if study in keep and study != claim.subject:
                backs[(study, claim.subject)].append(claim.id)
    for (study, subject), claim_ids in sorted(backs.items()):
        degree[study] += 1
        degree[subject] += 1
        edges.append({"id": f"backs:{study}:{subject}", "kind": "backs", "from": study, "to": subject,
                      "claims": claim_ids, **curve(study, subject)})
    for study, org in graph.study_links:
        if study in keep and org in keep:
            degree[study] += 1
            degree[org] += 1
            edges.append({"id": f"conducted_by:{study}:{org}", "kind": "conducted_by", "from": study, "to": org,
                          **curve(study, org)})

    links = [(e["from"], e["to"]) for e in edges]
    if layout_cache is not None:
        from graph.render.layout_cache import cached_layout

        positions = cached_layout(layout_cache, selection.concept_ids, links, seed,
                                  lambda nodes, pairs, seed: layout_positions(nodes, pairs, seed=seed))
    else:
        positions = layout_positions(selection.concept_ids, links, seed=seed)
    # broader concepts of each concept (vocabulary parents, affirmed subclass_of claims): the evidence map's roll-up
    broader: dict[str, set[str]] = {}
    for claim in graph.claims.values():
        if claim.predicate == "subclass_of" and claim.polarity == "affirmed" and claim.subject != claim.object:
            broader.setdefault(claim.subject, set()).add(claim.object)
    nodes = []
    for cid in selection.concept_ids:
        concept = graph.concepts[cid]
        x, y = positions[cid]
        node = {
            "id": cid, "label": concept.name, "category": concept.category,
            "synonyms": [s for s in concept.synonyms if s != concept.name],
            "x": x, "y": y, "degree": degree.get(cid, 0),
            "sources": list(graph.concept_sources.get(cid, ())), "mentions": graph.concept_mentions.get(cid, 0),
        }
        concept_marks = graph.curation.concepts.get(cid) if getattr(graph, "curation", None) else None
        if concept_marks:
            node["curation"] = [m.text() for m in concept_marks]
        ups = sorted((set(concept.parents) | broader.get(cid, set())) & keep - {cid})
        if ups:
            node["broader"] = ups
        if concept.category == "Study":
            node["finding"] = graph.findings.get(cid, "")
            node["organization"] = graph.organization_of(cid)
            from graph.strength.studies import record_of  # what the articles say of it (docs/evidence.md)

            record = record_of(graph, cid)
            if record is not None:
                node["study"] = {k: getattr(record, k) for k in ("design", "population", "sample_size", "duration",
                                                                 "result", "role", "investigates")}
                node["finding"] = record.finding
        nodes.append(node)

    source_ids: set[str] = set()
    claim_data: dict[str, Any] = {}
    studies: set[str] = set()
    from graph.strength.belief import beliefs_of, evidence_probability

    beliefs = beliefs_of(graph)  # counted once per graph (the store and the tables read them too)
    for claim in claims:
        evidence = []
        # the evidence panel shows the sentence worth most to the belief score first
        for ev in sorted(claim.evidence, key=lambda e: -evidence_probability(e)):
            source_ids.add(ev.source_id)
            if ev.attribution and ev.attribution != UNATTRIBUTED:
                studies.add(ev.attribution)
            evidence.append({"source": ev.source_id, "text": ev.sentence, "section": ev.section,
                             "certainty": ev.certainty, "attribution": ev.attribution, "quantity": ev.quantity,
                             "type": ev.evidence_type, "role": ev.study_role, "supports": ev.supports})
            if ev.cue == "curated":  # a sentence a writer added (graph.curation)
                evidence[-1]["curated"] = True
        claim_data[claim.id] = {"s": claim.subject, "p": claim.predicate, "o": claim.object,
                                "polarity": claim.polarity, "certainty": claim.certainty,
                                "support": claim.support, "cited": claim.cited, "evidence": evidence,
                                "belief": beliefs[claim.id]}
        mark = graph.curation.claim_mark(claim.id) if getattr(graph, "curation", None) else None
        if mark is not None:  # the writer's last decision on it: a mark and the note
            claim_data[claim.id]["curation"] = {"action": mark.action, "text": mark.text()}
    for node in nodes:
        source_ids.update(node["sources"])
    concept_names = {cid: graph.concepts[cid].name for cid in selection.concept_ids}
    study_data = {}
    for sid in sorted(studies | {c for c in keep if graph.concepts[c].category == "Study"}):
        concept = graph.concepts.get(sid)
        org = graph.organization_of(sid)
        study_data[sid] = {
            "name": concept.name if concept else sid,
            "organization": graph.concepts[org].name if org in graph.concepts else "",
            "finding": graph.findings.get(sid, ""),
        }
    notes = list(selection.notes)
    shown = f"{len(nodes)} of {selection.total_concepts} concepts, {len(claims)} of {selection.total_claims} claims"
    return {
        "meta": {
            "shown": shown, "capped": selection.capped, "max_nodes": selection.max_nodes,
            "focus": concept_names.get(selection.focus, ""), "depth": selection.depth,
            "min_support": selection.min_support, "predicates": list(selection.predicates), "notes": notes,
            "large": len(nodes) > 1000,
        },
        "categories": [{"name": c, "color": CATEGORY_STYLE[c][0], "shape": CATEGORY_STYLE[c][1],
                        "symbol": CATEGORY_STYLE[c][2]} for c in CATEGORIES],
        "predicates": [{"name": p, "color": PREDICATE_COLORS[p]} for p in PREDICATES],
        "negated_color": NEGATED_COLOR,
        "link_color": LINK_COLOR,
        "nodes": nodes,
        "edges": edges,
        "claims": claim_data,
        "names": concept_names,
        "studies": study_data,
        "sources": {sid: _source_entry(graph.sources[sid]) for sid in sorted(source_ids) if sid in graph.sources},
    }


# -- the page ----------------------------------------------------------------


def script_hash(text: str) -> str:
    """The CSP source expression allowing exactly the inline script ``text`` (its SHA-256).

    The page's Content-Security-Policy allows its two scripts by hash and nothing else:
    no ``'unsafe-inline'``, so an inline handler (``onerror=...``) or a script element
    that found its way into the page would not run.

    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    # An inline script or style ends at the first "</script" / "</style"; none may occur inside.
    if re.search(re.escape(closing), text, re.IGNORECASE):
        raise ExportError(f"{path.name} contains {closing!r} and cannot be inlined")
    return text


def _notice(selection: Selection) -> str:
    if selection.capped:
        return (
            f"This page shows the most supported part of the graph: {len(selection.concept_ids):,} of "
            f"{selection.total_concepts:,} concepts and {len(selection.claim_ids):,} of {selection.total_claims:,} "
            "claims; the whole graph is too large to stay "
            "responsive in a browser. To see the rest around one concept, run: "
            "python -m graph render --focus CONCEPT --depth 2 --out focus.html"
        )
    return ""


def _build_page(
    graph: EvidenceGraph,
    *,
    title: str = "Evidence graph",
    focus: str | None = None,
    depth: int = 1,
    min_support: int = 0,
    predicates: list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    max_claims: int | None = DEFAULT_MAX_CLAIMS,
    seed: int = _LAYOUT_SEED,
    layout_cache: str | Path | None = None,
) -> tuple[str, Selection, str]:
    selection = select_subgraph(graph, focus=focus, depth=depth, min_support=min_support,
                                predicates=predicates, max_nodes=max_nodes, max_claims=max_claims)
    data = page_data(graph, selection, seed=seed, layout_cache=layout_cache)
    data["meta"]["notice"] = _notice(selection)
    subtitle = data["meta"]["shown"]
    if selection.focus:
        subtitle = f"around {data['meta']['focus']} (depth {depth}) · " + subtitle
    scripts = {
        "VIS_JS": _asset(VENDOR_DIR / "vis-network.min.js", "</script"),
        "PAGE_JS": _asset(ASSET_DIR / "page.js", "</script"),
    }
    parts = {
        **scripts,
        "SCRIPT_HASHES": " ".join(script_hash(text) for text in scripts.values()),
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "VIS_CSS": _asset(VENDOR_DIR / "vis-network.css", "</style"),
        "PAGE_CSS": _asset(ASSET_DIR / "page.css", "</style"),
        "DATA": script_json(data),
    }
    template = (ASSET_DIR / "page.html").read_text(encoding="utf-8")
    # One pass: text put in is never scanned for placeholders again.
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)
    return page, selection, data["meta"]["notice"]


def render_html(graph: EvidenceGraph, **options: Any) -> str:
    """The page as a string (see :func:`write_html` for the options)."""
    return _build_page(graph, **options)[0]


def write_html(graph: EvidenceGraph, path: Path | str, **options: Any) -> None:
    """Write the self-contained interactive page to ``path`` (atomically).

    Options: ``title``; ``focus`` (a concept name) with ``depth`` (steps, default 1);
    ``min_support`` (sources per claim, default 1); ``predicates`` (keep only these);
    ``max_nodes`` (default :data:`DEFAULT_MAX_NODES`; ``None`` for no cap); ``max_claims``
    (default :data:`DEFAULT_MAX_CLAIMS`; ``None`` for no cap); ``seed`` (layout); ``layout_cache``
    (a file where a build keeps the layout for the next page that draws the same concepts and links).
    """
    page, _selection, notice = _build_page(graph, **options)
    atomic_write_text(path, page)
    if notice:
        log.warning("%s: %s", Path(path).name, notice)
    log.info("wrote %s (%.1f MB)", path, len(page.encode("utf-8")) / 1e6)


# Short reprs for what a page shows (graph.reprs): one line, never the whole article.
from graph.reprs import install as _install_reprs  # noqa: E402

_install_reprs(Selection)
