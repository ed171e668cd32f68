#!/usr/bin/env python3
"""Query latency of :mod:`graph.query`: ``paths`` and ``neighbors``, p50/p95, on the seed graph
and on synthetic graphs of 50,000+ claims. Prints a table. Not a timed test.

Usage::

    .venv/bin/python benchmarks/bench_query.py                         # seed + 50,000 claims
    .venv/bin/python benchmarks/bench_query.py --claims 50000 100000 --queries 300 --json /tmp/q.json
    .venv/bin/python benchmarks/bench_query.py --no-seed --claims 2000   # a smoke run, seconds

Synthetic graphs are built from model objects with a fixed seed (``--seed``): one
concept per 8 claims, in a category mix like a health corpus (Condition 38 %, Drug
14 %, Therapy 10 %, Mechanism 12 %, Molecule 12 %, RiskFactor 8 %, Study 4 %,
Organization 2 %), a Zipf-like popularity inside each category (a few hubs such as
"chronic pain" or "ketamine", a long tail), predicates drawn by frequency and within
the category constraints of SCHEMA.md, 5 % negated, 25 % of sentences hedged, 10 %
citing a study, 15 % "studies have shown", 1-3 evidence sentences per claim from a
pool of sources.

Queries: ``paths(a, b, max_hops=3, limit=10)`` between concept pairs drawn by degree
(people ask about popular concepts; hub-to-hub pairs are the expensive case) and
uniformly (the tail); ``neighbors(a)`` for concepts drawn by degree. The first query
on a graph builds a per-graph index (names, adjacency, undirected claim graph); its
cost is reported apart ("index (first query)"), the latency rows are warm. Each query is
timed with ``time.perf_counter``. As the command line does after loading a graph, the
graph's objects are frozen out of the cyclic garbage collector (``gc.freeze``); without
that (``--no-freeze``) a full collection over a 50,000-claim graph can land inside a query
and cost seconds (the max column shows it).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph import query as q  # noqa: E402
from graph.evidence_graph import EvidenceGraph  # noqa: E402
from graph.model import (  # noqa: E402
    PREDICATE_CONSTRAINTS,
    SYMMETRIC_PREDICATES,
    UNATTRIBUTED,
    Claim,
    Concept,
    Evidence,
    Source,
)

CATEGORY_MIX = {
    "Condition": 0.38, "Drug": 0.14, "Therapy": 0.10, "Mechanism": 0.12, "Molecule": 0.12,
    "RiskFactor": 0.08, "Study": 0.04, "Organization": 0.02,
}
PREDICATE_MIX = {
    "treats": 0.20, "causes": 0.18, "risk_factor_for": 0.08, "co_occurs_with": 0.09, "has_adverse_effect": 0.09,
    "inhibits": 0.07, "increases": 0.06, "modulates": 0.06, "affects": 0.08, "has_symptom": 0.07, "subclass_of": 0.02,
}


def synthetic_graph(n_claims: int, seed: int = 11) -> EvidenceGraph:
    """A reproducible graph of ``n_claims`` distinct claims built from model objects."""
    rng = random.Random(seed)
    n_concepts = max(60, n_claims // 8)
    concepts: list[Concept] = []
    by_category: dict[str, list[str]] = defaultdict(list)
    for category, share in CATEGORY_MIX.items():
        for i in range(max(3, round(n_concepts * share))):
            cid = f"{category.lower()}_{i}"
            concepts.append(Concept(cid, f"{category.lower()} {i}", category, synonyms=(f"{category.lower()}-{i}",)))
            by_category[category].append(cid)
    # Zipf-like popularity inside a category: weight 1 / (rank + 1) ** 0.9 (cumulative, computed once)
    cum_weights = {cat: list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(len(ids))))
                   for cat, ids in by_category.items()}

    def pick(categories) -> str:
        cats = sorted(c for c in categories if by_category.get(c))
        cat = rng.choices(cats, weights=[CATEGORY_MIX[c] for c in cats])[0]
        return rng.choices(by_category[cat], cum_weights=cum_weights[cat])[0]

    n_sources = max(6, n_claims // 25)
    source_sentences: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    studies = by_category["Study"]
    evidence_of: dict[tuple[str, str, str, str], list[Evidence]] = {}
    predicates, shares = zip(*PREDICATE_MIX.items())
    while len(evidence_of) < n_claims:
        predicate = rng.choices(predicates, weights=shares)[0]
        subjects, objects = PREDICATE_CONSTRAINTS[predicate]
        subject = pick(subjects - {"Study", "Organization"})
        obj = pick({concepts_by_id_category(subject)} if predicate == "subclass_of" else objects)
        if obj == subject:
            continue
        polarity = "negated" if rng.random() < 0.05 else "affirmed"
        if predicate in SYMMETRIC_PREDICATES and obj < subject:
            subject, obj = obj, subject
        evidence = evidence_of.setdefault((subject, predicate, obj, polarity), [])
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            sid = f"source-{rng.randrange(n_sources):05d}"
            sentences = source_sentences[sid]
            start = sentences[-1][2] + 1 if sentences else 0
            text = f"Sentence {len(sentences)} of {sid} about {subject} and {obj}."
            sentences.append((text, start, start + len(text)))
            r = rng.random()
            attribution = rng.choice(studies) if r < 0.10 else UNATTRIBUTED if r < 0.25 else ""
            evidence.append(Evidence(
                sid, text, start, start + len(text), section=f"Section {rng.randrange(5)}",
                certainty="hedged" if rng.random() < 0.25 else "asserted", attribution=attribution,
                quantity=rng.choice(("more than 3 months", "15-35%", "up to 3 weeks")) if rng.random() < 0.05 else "",
            ))
    claims = [Claim(s, p, o, pol, evidence=tuple(evs)) for (s, p, o, pol), evs in evidence_of.items()]
    sources = [
        Source(sid, " ".join(s for s, _, _ in sentences), title=f"Article {sid}", kind="blog")
        for sid, sentences in sorted(source_sentences.items())
    ]
    orgs = by_category["Organization"]
    links = [(study, orgs[i % len(orgs)]) for i, study in enumerate(studies)]
    return EvidenceGraph(sources, concepts, claims, study_links=links)


def concepts_by_id_category(concept_id: str) -> str:
    """The category of a synthetic concept id (``condition_12`` -> ``Condition``)."""
    prefix = concept_id.rsplit("_", 1)[0]
    return next(c for c in CATEGORY_MIX if c.lower() == prefix)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(g: EvidenceGraph, n_queries: int, seed: int) -> dict[str, dict]:
    """Latencies (ms) of the query kinds on one graph."""
    rng = random.Random(seed)
    t0, c0 = time.perf_counter(), time.process_time()
    q._index(g)  # the per-graph index the first query builds
    index_ms, index_cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    degree = {cid: len(edges) for cid, edges in q._index(g).adjacency.items()}
    linked = sorted(degree)
    by_degree = [degree[c] for c in linked]
    labels = {cid: g.concepts[cid].label for cid in linked}

    def timed(fn) -> tuple[float, float, int]:
        t, c = time.perf_counter(), time.process_time()
        n = len(fn())
        return (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000, n

    results: dict[str, dict] = {"index": {"ms": index_ms, "cpu": index_cpu}}
    kinds = {
        "path, by degree": lambda: rng.choices(linked, weights=by_degree, k=2),
        "path, uniform": lambda: rng.sample(linked, 2),
        "path, top-20 hubs": lambda: rng.sample(sorted(linked, key=lambda c: -degree[c])[:20], 2),
    }
    for name, draw in kinds.items():
        times, cpu, found = [], [], []
        for _ in range(n_queries):
            a, b = draw()
            if a == b:
                continue
            ms, c, n = timed(lambda: q.paths(g, labels[a], labels[b], max_hops=3, limit=10))
            times.append(ms)
            cpu.append(c)
            found.append(n)
        results[name] = {"ms": times, "cpu": cpu, "paths": statistics.mean(found) if found else 0}
    times, cpu, found = [], [], []
    for _ in range(n_queries):
        [a] = rng.choices(linked, weights=by_degree)
        ms, c, n = timed(lambda: q.neighbors(g, labels[a]))
        times.append(ms)
        cpu.append(c)
        found.append(n)
    results["neighbors, by degree"] = {"ms": times, "cpu": cpu, "paths": statistics.mean(found)}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[50_000], help="synthetic graph sizes (claims)")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind (default 200)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-seed", action="store_true", help="skip the seed sources' graph")
    parser.add_argument("--json", metavar="FILE", help="also write the raw numbers")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the graph to the cyclic garbage collector (the CLI freezes it after loading)")
    args = parser.parse_args(argv)

    graphs: list[tuple[str, callable]] = []
    if not args.no_seed:
        def seed_graph():
            import graph

            return graph.build_graph(ROOT / "sources")
        graphs.append(("seed", seed_graph))
    for n in args.claims:
        graphs.append((f"synthetic {n:,}", lambda n=n: synthetic_graph(n, args.seed)))

    rows, raw = [], {}
    for name, make in graphs:
        t0 = time.perf_counter()
        g = make()
        build_s = time.perf_counter() - t0
        if not args.no_freeze:  # as graph/cli/query.py does after loading a graph
            gc.collect()
            gc.freeze()
        s = g.stats()
        print(f"{name}: {s['concepts']:,} concepts, {s['claims']:,} claims, {s['evidence']:,} evidence "
              f"(made in {build_s:.1f} s)", file=sys.stderr)
        result = measure(g, args.queries, args.seed)
        raw[name] = {"stats": s, "build_s": build_s, **result}
        if not args.no_freeze:
            gc.unfreeze()
        for kind, r in result.items():
            if kind == "index":
                rows.append((name, "index (first query)", 1, r["ms"], r["ms"], r["ms"], r["cpu"], r["cpu"], ""))
                continue
            ms, cpu = r["ms"], r["cpu"]
            rows.append((name, kind, len(ms), percentile(ms, 50), percentile(ms, 95), max(ms),
                         percentile(cpu, 50), percentile(cpu, 95), f"{r['paths']:.1f}"))
    try:
        load = "load average %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        load = ""
    print(f"{os.cpu_count()} CPUs, {load}; wall ms = time.perf_counter, cpu ms = time.process_time", file=sys.stderr)

    header = ("graph", "query", "n", "p50 ms", "p95 ms", "max ms", "p50 cpu ms", "p95 cpu ms", "results")
    table = [header] + [
        (g, k, str(n), f"{p50:.2f}", f"{p95:.2f}", f"{mx:.2f}", f"{c50:.2f}", f"{c95:.2f}", res)
        for g, k, n, p50, p95, mx, c50, c95, res in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) if j < 2 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
