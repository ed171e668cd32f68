"""Benchmark RDF export (each engine) and SPARQL (rdflib versus Oxigraph) on a synthetic graph.

Builds an EvidenceGraph of ``--claims`` claims (default 50,000) from model objects,
then times:

- export, for each engine of ``--engines`` (``graph.export.rdf.ENGINES``: ``text``, the default
  writer, Turtle and N-Triples written as text; ``oxigraph``, Oxigraph's serialisers; ``rdflib``,
  a whole Graph then rdflib's serialisers): building the triples and writing Turtle / N-Triples,
  in triples per second; the JSON-LD writer and the KGX folder once;
- SPARQL: loading the graph into the engine's store and running two example queries
  (hedged treatment claims with their quotes; drugs that treat both chronic pain and PTSD),
  and parsing the Turtle file (skipped with ``--export-only``).

Prints one table, then triples per second by engine. Run:
  .venv/bin/python benchmarks/bench_rdf.py [--claims 50000] [--engines text,oxigraph,rdflib] [--skip-rdflib] [--export-only]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from graph.evidence_graph import EvidenceGraph  # noqa: E402
from graph.export.kgx import write_kgx  # noqa: E402
from graph.export.rdf import ENGINES, iter_triples, to_oxigraph, to_rdflib, write_rdf  # noqa: E402
from graph.model import CATEGORIES, PREDICATE_CONSTRAINTS, Claim, Concept, Evidence, Source  # noqa: E402
from graph.sparql import default_prefixes, example_queries  # noqa: E402

CATEGORY_WEIGHTS = {"Condition": 5, "Drug": 3, "Therapy": 2, "Mechanism": 2, "Molecule": 2, "RiskFactor": 1, "Study": 1, "Organization": 1}


def synthetic_graph(n_claims: int, seed: int = 7) -> EvidenceGraph:
    """A graph with ``n_claims`` distinct claims, 1-3 evidence each, over ~n/20 concepts."""
    rng = random.Random(seed)
    n_sources = max(10, n_claims // 250)
    sources = [Source(f"article-{i:05d}", "x" * 2000, title=f"Article {i} on pain & \"PTSD\"", publisher="Synthetic Press", url=f"https://example.com/a/{i}", kind="blog") for i in range(n_sources)]
    concepts: list[Concept] = [Concept("chronic_pain", "chronic pain", "Condition"), Concept("ptsd", "ptsd", "Condition", display="PTSD")]
    n_concepts = max(50, n_claims // 20)
    for i in range(n_concepts):
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        concepts.append(Concept(f"{category.lower()}_{i}", f"{category.lower()} {i}", category, synonyms=(f"syn {i}",), xrefs=("MESH:D%06d" % i,) if i % 3 == 0 else ()))
    by_category: dict[str, list[Concept]] = {c: [] for c in CATEGORIES}
    for concept in concepts:
        by_category[concept.category].append(concept)
    studies = by_category["Study"]
    claims: dict[tuple, Claim] = {}
    predicates = [p for p in PREDICATE_CONSTRAINTS if p != "subclass_of"]
    while len(claims) < n_claims:
        predicate = rng.choice(predicates)
        subjects, objects = PREDICATE_CONSTRAINTS[predicate]
        s = rng.choice(by_category[rng.choice(sorted(subjects))] or concepts)
        o = rng.choice(by_category[rng.choice(sorted(objects))] or concepts)
        if s.id == o.id:
            continue
        polarity = "negated" if rng.random() < 0.1 else "affirmed"
        evidence = []
        for _ in range(rng.randint(1, 3)):
            start = rng.randrange(0, 1900)
            attribution = rng.choice(["", "", "unattributed", rng.choice(studies).id if studies else ""])
            evidence.append(
                Evidence(
                    rng.choice(sources).id, f"{s.label} may {predicate} {o.label} in <some> \"patients\" ({start}).",
                    start, start + 60, section="Results", certainty=rng.choice(["asserted", "hedged"]),
                    attribution=attribution, subject_span=(start, start + 5), object_span=(start + 20, start + 30),
                )
            )
        claim = Claim(s.id, predicate, o.id, polarity, evidence=tuple(evidence))
        claims[claim.key] = claims[claim.key].merge(claim) if claim.key in claims else claim
    for drug in by_category["Drug"][:25]:  # some drugs treat both, so the example query has rows
        for target in ("chronic_pain", "ptsd"):
            claim = Claim(drug.id, "treats", target, evidence=(Evidence(sources[0].id, f"{drug.label} treats {target}.", 0, 30),))
            claims.setdefault(claim.key, claim)
    links = [(s.id, by_category["Organization"][i % len(by_category["Organization"])].id) for i, s in enumerate(studies)] if by_category["Organization"] else []
    return EvidenceGraph(sources, concepts, claims.values(), study_links=links)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"export engines to time, comma-separated (default: {','.join(ENGINES)})")
    parser.add_argument("--skip-rdflib", action="store_true",
                        help="leave rdflib out: its export engine and its SPARQL (minutes at 50,000 claims)")
    parser.add_argument("--export-only", action="store_true", help="time the exports only (no KGX, store, queries or parsing)")
    args = parser.parse_args(argv)
    args.engines = [e for e in args.engines.split(",") if e and not (args.skip_rdflib and e == "rdflib")]
    unknown = [e for e in args.engines if e not in ENGINES]
    if unknown or not args.engines:
        parser.error(f"--engines: choose among {', '.join(ENGINES)}")

    seconds, graph = timed(lambda: synthetic_graph(args.claims))
    stats = graph.stats()
    n_triples = sum(1 for _ in iter_triples(graph))
    print(f"synthetic graph: {stats['claims']:,} claims, {stats['evidence']:,} evidence, {stats['concepts']:,} concepts, "
          f"{stats['sources']} sources -> {n_triples:,} triples (built in {seconds:.1f} s)", flush=True)
    queries = example_queries()
    hedged, both = queries["hedged_treatment_claims"][1], queries["drugs_for_pain_and_ptsd"][1]
    rows: list[tuple[str, str, float, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench_rdf_"))
    try:
        _measure(args, graph, tmp, rows, hedged, both, n_triples)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # 0.5-1 GB of files at 50,000 claims

    print()
    print(f"{'engine':<9} {'step':<26} {'seconds':>8}  note")
    print(f"{'-' * 9} {'-' * 26} {'-' * 8}  {'-' * 20}")
    for engine, step, seconds, note in rows:
        print(f"{engine:<9} {step:<26} {seconds:>8.2f}  {note}")
    print()
    print(f"triples/s ({n_triples:,} triples, build + write)")
    print(f"{'engine':<9} {'turtle':>10} {'ntriples':>10}")
    rates = {(engine, step): n_triples / seconds for engine, step, seconds, _ in rows if step.startswith("export ")}
    for engine in args.engines:
        print(f"{engine:<9} " + " ".join(f"{rates.get((engine, 'export ' + fmt), 0):>10,.0f}" for fmt in ("turtle", "ntriples")))
    return 0


def _measure(args, graph, tmp: Path, rows: list, hedged: str, both: str, n_triples: int) -> None:

    # -- export, by engine (each builds its triples with iter_triples and writes them)
    turtle = None
    for engine in args.engines:
        for fmt, ext in (("turtle", "ttl"), ("ntriples", "nt")):
            out = tmp / f"{engine}.{ext}"
            t, _ = timed(lambda: write_rdf(graph, out, fmt, engine=engine))
            rows.append((engine, f"export {fmt}", t, f"{out.stat().st_size / 1e6:.0f} MB, {n_triples / t:,.0f} triples/s"))
            print(rows[-1], flush=True)
            if fmt == "turtle" and turtle is None:
                turtle = out  # parsed below
            else:
                out.unlink()  # 0.5-1 GB of files at 50,000 claims
    if args.export_only:
        return
    out = tmp / "graph.jsonld"
    t, _ = timed(lambda: write_rdf(graph, out, "jsonld"))
    rows.append(("project", "export jsonld", t, f"{out.stat().st_size / 1e6:.0f} MB, {n_triples / t:,.0f} triples/s"))
    out.unlink()
    print(rows[-1], flush=True)
    t, _ = timed(lambda: write_kgx(graph, tmp / "kgx"))
    size = sum(p.stat().st_size for p in (tmp / "kgx").iterdir())
    rows.append(("kgx", "export kgx (TSV + JSONL)", t, f"{size / 1e6:.0f} MB, grounding included"))
    print(rows[-1], flush=True)

    # -- SPARQL with Oxigraph (what the project uses)
    t, store = timed(lambda: to_oxigraph(graph))
    rows.append(("oxigraph", "load into store", t, f"{len(store):,} triples"))
    prefixes = default_prefixes()
    t, result = timed(lambda: list(store.query(hedged, prefixes=prefixes)))
    rows.append(("oxigraph", "query hedged treatments", t, f"{len(result):,} rows"))
    ox_hedged = len(result)
    t, result = timed(lambda: list(store.query(both, prefixes=prefixes)))
    rows.append(("oxigraph", "query drugs pain+PTSD", t, f"{len(result):,} rows"))
    t, _ = timed(lambda: ox.Store().bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE))
    rows.append(("oxigraph", "parse Turtle file", t, ""))
    print(rows[-1], flush=True)

    # -- SPARQL with rdflib
    if not args.skip_rdflib:
        t, g = timed(lambda: to_rdflib(graph))
        rows.append(("rdflib", "build Graph", t, f"{len(g):,} triples"))
        print(rows[-1], flush=True)
        ns = {k: rdflib.Namespace(v) for k, v in prefixes.items()}
        t, result = timed(lambda: list(g.query(hedged, initNs=ns)))
        rows.append(("rdflib", "query hedged treatments", t, f"{len(result):,} rows"))
        assert len(result) == ox_hedged, "engines disagree"
        print(rows[-1], flush=True)
        t, result = timed(lambda: list(g.query(both, initNs=ns)))
        rows.append(("rdflib", "query drugs pain+PTSD", t, f"{len(result):,} rows"))
        print(rows[-1], flush=True)
        t, _ = timed(lambda: rdflib.Graph().parse(turtle, format="turtle"))
        rows.append(("rdflib", "parse Turtle file", t, ""))


if __name__ == "__main__":
    sys.exit(main())
