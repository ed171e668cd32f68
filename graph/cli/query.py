"""Questions over a built graph: ``concepts``, ``neighbors``, ``path``, ``evidence``, ``claims``,
``search``, ``contradictions``, ``uncited``, ``compare``, ``hubs``, ``stats``.

``concepts``, ``neighbors``, ``path``, ``evidence``, ``claims``, ``search`` and ``stats`` answer from the
store (``graph.sqlite``) of the build in ``--graph DIR`` (default ``build``), reading only
the rows the question needs (:mod:`graph.store`); without a store, and for the other
commands, the whole graph is loaded with :func:`graph.load_graph`. Each asks
:mod:`graph.query` and prints a human-readable table
(default) or ``--format json`` / ``--format csv`` for piping. Errors (unknown concept,
no build) are :class:`~graph.errors.GraphError` subclasses: the frame in
:mod:`graph.cli` prints them as one line and exits with status 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, Iterable

from graph.cli.tables import terminal_width
from graph.errors import QueryError

__all__ = ["register", "COMMANDS"]

COMMANDS = ("concepts", "neighbors", "path", "evidence", "claims", "search", "contradictions", "uncited", "compare", "hubs",
            "stats")


# -- registration ---------------------------------------------------------------------------------


def _parser(subparsers, name: str, help_text: str, description: str, examples: Iterable[str]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name,
        help=help_text,
        description=description,
        epilog="Examples:\n" + "\n".join(f"  {e}" for e in examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--graph", default="build", metavar="DIR",
                   help="build folder holding graph.sqlite (or graph.json), or one of those files (default: build)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="table (default, for reading), json or csv (for piping)")
    return p


def _multi(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def register(subparsers) -> None:
    p = _parser(subparsers, "concepts", "list concepts (filter by text or category)",
                "List the graph's concepts with their category, number of claims, sources and mentions. "
                "QUERY keeps concepts whose label, synonym or id contains it (case-insensitive).",
                ["python -m graph concepts --category Drug", "python -m graph concepts pain --format csv"])
    p.add_argument("query", nargs="?", help="text to look for in labels and synonyms")
    p.add_argument("--category", type=_multi, help="only these categories (comma-separated), e.g. Drug,Therapy")
    p.add_argument("--sort", choices=("claims", "label", "mentions", "category"), default="claims",
                   help="order of the rows (default: claims, most first)")
    p.add_argument("--limit", type=int, default=None, help="show at most N rows")
    p.set_defaults(func=cmd_concepts)

    p = _parser(subparsers, "neighbors", "concepts linked to a concept by claims",
                "Every concept linked to NAME by a claim, best supported first, with the claim's predicate, "
                "direction (out: NAME is the subject; in: it is the object; both: symmetric), polarity, "
                "certainty and support.",
                ["python -m graph neighbors ketamine", "python -m graph neighbors ptsd --direction in --predicate treats",
                 "python -m graph neighbors 'chronic pain' --category Condition --min-support 2"])
    p.add_argument("name", help="concept label, synonym or id (quote names with spaces)")
    p.add_argument("--predicate", type=_multi, help="only these predicates (comma-separated)")
    p.add_argument("--direction", choices=("both", "out", "in"), default="both", help="default: both")
    p.add_argument("--category", type=_multi, help="only neighbours of these categories")
    p.add_argument("--certainty", choices=("asserted", "hedged"), help="only asserted or only hedged claims")
    p.add_argument("--polarity", choices=("affirmed", "negated"), help="only affirmed or only negated claims")
    p.add_argument("--min-support", type=int, default=0,
                   help="claims supported by at least N sources (default 0: also claims that only promotion, advice or "
                        "questions state, shown with support 0)")
    p.add_argument("--narrower", action="store_true",
                   help="also the claims of narrower concepts (vocabulary parents, subclass_of claims), each marked "
                        "with the concept it came via: 'neighbors pain --narrower' includes chronic and neuropathic pain")
    p.set_defaults(func=cmd_neighbors)

    p = _parser(subparsers, "path", "how two concepts are linked, hop by hop with evidence",
                "The best chains of claims from SOURCE to TARGET (claim edges followed in either direction), "
                "each hop with its claim and evidence sentences. Ranking: a hop scores support/(support+1), "
                "x0.7 if only hedged, x0.85 if no named study backs it (x0.25 if negated); a path scores the "
                "product of its hops, so shorter and better-supported paths come first.",
                ["python -m graph path ketamine ptsd", "python -m graph path ketamine ptsd --max-hops 2 --format json",
                 "python -m graph path 'chronic pain' depression --include-negated"])
    p.add_argument("source", help="start concept")
    p.add_argument("target", help="end concept")
    p.add_argument("--max-hops", type=int, default=3, help="longest path, in claims (default 3)")
    p.add_argument("--limit", type=int, default=10, help="number of paths (default 10)")
    p.add_argument("--include-negated", action="store_true", help="also follow negated claims (scored x0.25)")
    p.add_argument("--sentences", type=int, default=2, metavar="N",
                   help="evidence sentences shown per hop in the table (default 2; 0 for all)")
    p.set_defaults(func=cmd_path)

    p = _parser(subparsers, "evidence", "every sentence behind a claim",
                "The evidence of one claim: each sentence with its source, section, character span, "
                "certainty, attribution (study and organization, 'unattributed' for \"studies have shown\") "
                "and quantity. CLAIM_ID may be a unique prefix (4+ characters).",
                ["python -m graph evidence 5bd1fa2bfaf1c8a6", "python -m graph evidence 5bd1 --format json",
                 "python -m graph evidence 5bd1 --limit 0"])
    p.add_argument("claim_id", help="claim id (from claims, neighbors or path) or a unique prefix")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help=f"show the N best sentences (default: {EVIDENCE_SHOWN} in the table, every one with --format "
                        "json or csv; 0 for all); the table says how many there are in all")
    p.set_defaults(func=cmd_evidence)

    p = _parser(subparsers, "claims", "claims matching filters",
                "Claims matching every given filter, best supported first. Occurrence filters (--attribution, "
                "--source, --section, --text, --quantity) need one evidence sentence that passes them all. "
                "Comma-separated values mean any of them.",
                ["python -m graph claims --subject ketamine --predicate treats",
                 "python -m graph claims --attribution unattributed --source can-chronic-pain-cause-ptsd",
                 "python -m graph claims --polarity negated --format csv"])
    p.add_argument("--subject", type=_multi)
    p.add_argument("--object", type=_multi)
    p.add_argument("--concept", type=_multi, help="either end")
    p.add_argument("--predicate", type=_multi)
    p.add_argument("--category", type=_multi, help="category of either end")
    p.add_argument("--subject-category", type=_multi)
    p.add_argument("--object-category", type=_multi)
    p.add_argument("--polarity", choices=("affirmed", "negated"))
    p.add_argument("--certainty", choices=("asserted", "hedged"))
    p.add_argument("--attribution", type=_multi,
                   help="study id or label, 'study' (any named study), 'unattributed' (\"studies have shown\") or "
                        "'none' (the article's own)")
    p.add_argument("--source", type=_multi, help="source id, unique prefix or title")
    p.add_argument("--section", help="section heading contains this text")
    p.add_argument("--text", help="sentence contains this text")
    p.add_argument("--quantity", nargs="?", const=True, default=None,
                   help="with a quantity (optionally containing this text)")
    p.add_argument("--min-support", type=int, default=0,
                   help="at least N supporting sources (default 0: also claims only promotion, advice or questions state)")
    cited = p.add_mutually_exclusive_group()
    cited.add_argument("--cited", dest="cited", action="store_const", const=True, help="backed by a named study")
    cited.add_argument("--uncited", dest="cited", action="store_const", const=False, help="backed by no named study")
    p.add_argument("--limit", type=int, default=None, help="show at most N claims")
    p.set_defaults(func=cmd_claims, cited=None)

    p = _parser(subparsers, "search", "full-text search of the evidence sentences",
                "Every evidence sentence containing all the words of TEXT (stemmed: 'inhibit' also finds "
                "'inhibits'; a trailing * matches a prefix), best match first, each with its claim and source. "
                "--concept keeps the claims about one concept. Needs the build's store (graph.sqlite).",
                ["python -m graph search NMDA --concept ketamine", "python -m graph search 'side effects' --format csv",
                 "python -m graph search 'dissociat*' --limit 5"])
    p.add_argument("text", help="words to find (quote several words)")
    p.add_argument("--concept", help="only claims about this concept (label, synonym or id)")
    p.add_argument("--limit", type=int, default=None, help="show at most N sentences")
    p.set_defaults(func=cmd_search)

    p = _parser(subparsers, "contradictions", "where articles disagree (across articles, or within one)",
                "Two sentences that disagree, side by side, with a verdict (contradicts, qualifies, differs in degree, "
                "equivalent) and why: a claim affirmed in one article and negated in another; asserted in one and only "
                "hedged in another; quantities about the same subject that disagree once units are normalised "
                "(how long a condition lasts by its definition, how long relief lasts, how soon a treatment works, "
                "response rates, doses); whether a treatment's action involves a mechanism. By default pairs from two "
                "different articles (--across); --within SOURCE gives the pairs inside one article (docs/evidence.md).",
                ["python -m graph contradictions",
                 "python -m graph contradictions --within how-can-ketamine-help-manage-chronic-pain",
                 "python -m graph contradictions --verdict contradicts,differs-in-degree --format json"])
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--across", action="store_true", help="pairs from two different articles (the default)")
    scope.add_argument("--within", metavar="SOURCE", help="pairs inside this one article (id, id prefix or title)")
    p.add_argument("--kind", type=_multi,
                   help="polarity, related_predicate, opposite_effect, involvement, quantity, certainty, duration, "
                        "relief_duration, onset, response_rate, dose (comma-separated)")
    p.add_argument("--verdict", type=lambda v: [x.replace("-", " ") for x in _multi(v)],
                   help="contradicts, qualifies, differs-in-degree, equivalent (comma-separated)")
    p.set_defaults(func=cmd_contradictions)

    p = _parser(subparsers, "uncited", "claims backed by no named study, per source",
                "Claims a source makes without naming a study: 'unattributed' (\"studies have shown\", "
                "\"research suggests\") or 'none' (the article's own assertion); cited_elsewhere tells "
                "whether another source names a study for the same claim.",
                ["python -m graph uncited --backing unattributed",
                 "python -m graph uncited --source can-chronic-pain-cause-ptsd --format csv"])
    p.add_argument("--source", help="only this source (id, unique prefix or title)")
    p.add_argument("--backing", choices=("unattributed", "investigated", "none"),
                   help="only one kind of backing (investigated: a named study that only explored the question)")
    p.set_defaults(func=cmd_uncited)

    p = _parser(subparsers, "compare", "claims two sources share, and those only one makes",
                "Compare two sources: claims both make, claims only A or only B makes, and where they disagree.",
                ["python -m graph compare can-chronic-pain-cause-ptsd how-can-ketamine-help-manage-chronic-pain"])
    p.add_argument("a", help="first source (id, unique prefix or title)")
    p.add_argument("b", help="second source")
    p.set_defaults(func=cmd_compare)

    p = _parser(subparsers, "hubs", "the most connected concepts per category",
                "The concepts taking part in the most distinct claims, per category.",
                ["python -m graph hubs --top 5", "python -m graph hubs --category Drug,Condition"])
    p.add_argument("--category", type=_multi, help="only these categories")
    p.add_argument("--top", type=int, default=10, help="concepts per category (default 10)")
    p.set_defaults(func=cmd_hubs)

    p = _parser(subparsers, "stats", "sizes and counts of the graph",
                "Sources, concepts per category, claims per predicate, polarity and certainty, citations, "
                "contradictions, evidence per source, and the share of Condition and Drug concepts grounded "
                "in a real ontology id (MeSH, HP, DOID, ChEBI, ... verified in data the packages ship).",
                ["python -m graph stats", "python -m graph stats --graph build --format json"])
    p.set_defaults(func=cmd_stats)


# -- output -----------------------------------------------------------------------------------


# Sentences ``evidence`` shows in its table unless --limit says otherwise.
EVIDENCE_SHOWN = 20

# From this many claims the loaded graph is frozen out of the cyclic garbage collector.
FREEZE_MIN_CLAIMS = 10_000


def _load(args):
    """The built graph. A large graph lives as long as the process, so its objects are moved out
    of the cyclic collector's reach (``gc.freeze``): on a 50,000-claim graph a full collection in
    the middle of a query would otherwise add seconds. Small graphs are left alone."""
    import gc

    import graph

    loaded = graph.load_graph(args.graph)
    if len(loaded.claims) >= FREEZE_MIN_CLAIMS:
        gc.collect()
        gc.freeze()
    return loaded


def _open_store(args):
    """The build's store (:class:`graph.store.Store`) if it has one, else ``None``."""
    from graph.store import Store, store_path

    path = store_path(args.graph)
    return Store(path) if path is not None else None


def _out(text: str = "") -> None:
    from graph.cli.tables import fit_line

    width = terminal_width()
    sys.stdout.write("\n".join(fit_line(line, width) for line in text.split("\n")) + "\n")


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple, set)):
        return "|".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _table(rows: list[dict], columns: Iterable[str]) -> str:
    """Aligned text no wider than the terminal (:func:`graph.cli.tables.render_table`)."""
    from graph.cli.tables import render_table

    return render_table(rows, columns, terminal_width())


def _write_csv(rows: list[dict], columns: Iterable[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) if isinstance(v, (list, tuple, set, bool)) else v for k, v in row.items()})


def _write_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _emit_rows(args, rows: list[dict], columns: Iterable[str], *, title: str = "", empty: str = "nothing found") -> None:
    columns = list(columns)
    if args.format == "json":
        _write_json(rows)
    elif args.format == "csv":
        _write_csv(rows, columns)
    else:
        if title:
            _out(title)
        _out(_table(rows, columns) if rows else f"({empty})")


def _wrap(text: str, indent: str) -> str:
    from graph.cli.tables import wrap

    return wrap(text, indent, terminal_width())


def _attribution_text(graph, attribution: str) -> str:
    from graph.model import UNATTRIBUTED

    if not attribution:
        return "the article's own statement"
    if attribution == UNATTRIBUTED:
        return 'unattributed ("studies have shown", no study named)'
    study = graph.concepts.get(attribution)
    org = graph.concepts.get(graph.organization_of(attribution))
    text = f"study: {study.label if study else attribution}"
    return text + (f" ({org.label})" if org else "")


def _best_first(evidence) -> list:
    """Evidence in the order a writer wants it (:func:`graph.query.best_first`)."""
    from graph.query import best_first

    return best_first(evidence)


def _belief(graph, claim) -> float:
    from graph.strength.belief import claim_belief

    return round(claim_belief(graph, claim), 3)


def _kind_text(ev) -> str:
    """What a sentence is, e.g. "promotion (not support)" or "study investigates (not backing)"."""
    text = ev.evidence_type or ""
    if text and not ev.supports:
        text += " (not support)"
    if ev.study_role and ev.study_role != "backs":
        text += ("; " if text else "") + f"study {ev.study_role} (not backing)"
    return text


def _evidence_lines(graph, evidence, limit: int = 0, indent: str = "      ") -> list[str]:
    evidence = _best_first(evidence)
    shown = evidence if limit <= 0 else evidence[:limit]
    lines = []
    for ev in shown:
        where = ev.source_id + (f" § {ev.section}" if ev.section else "")
        quals = [ev.certainty, _attribution_text(graph, ev.attribution)]
        if _kind_text(ev):
            quals.insert(0, _kind_text(ev))
        if ev.quantity:
            quals.append(f"quantity: {ev.quantity}")
        lines.append(f"{indent}- {where} [{'; '.join(quals)}]")
        lines.append(_wrap(f'"{ev.sentence}"', indent + "  "))
    if len(evidence) > len(shown):
        lines.append(f"{indent}  (+{len(evidence) - len(shown)} more sentence(s): python -m graph evidence <claim id>)")
    return lines


def _claim_line(graph, claim) -> str:
    return _summary_line(_claim_row(graph, claim))


def _summary_line(row: dict) -> str:
    """One line for a claim from its :func:`graph.query.claim_summary`."""
    cited = "cited" if row["cited"] else "uncited"
    return (f"{row['subject']} {row['predicate']} {row['object']} [{row['polarity']}, {row['certainty']}, "
            f"support {row['support']}, belief {row['belief']:.2f}, {cited}] ({row['claim_id']})")


def _claim_row(graph, claim) -> dict:
    from graph.query import claim_summary

    return claim_summary(graph, claim)


CLAIM_ROW_COLUMNS = ("claim_id", "subject", "predicate", "object", "polarity", "certainty", "support", "cited", "quantities", "sources",
                     "belief")


def _stored_curation(store, claim_ids):
    """The writer's decisions on these claims, from the store (:mod:`graph.curation`)."""
    from graph.curation import read_stored_curation

    return read_stored_curation(store.db, claim_ids)


def _curation_mark(graph, claim) -> str:
    """The writer's last decision on a claim in one line ('accepted by ana on 2026-12-01: ...'), or ''."""
    curation = getattr(graph, "curation", None)
    mark = curation.claim_mark(claim.id) if curation else None
    return mark.text() if mark else ""


# -- commands -------------------------------------------------------------------------------


def _concepts_from_store(args, store) -> list[dict]:
    """The rows of ``concepts`` from the store, filtered, ordered and cut in SQL as far as it can
    (:func:`graph.store.concept_rows`), in the order the DataFrame way gives."""
    from graph.model import CATEGORIES
    from graph.query import _choices
    from graph.store import concept_rows

    cats = _choices("category", args.category, CATEGORIES) if args.category else None
    table = concept_rows(store, sort=args.sort, categories=cats, text=args.query or None, limit=args.limit or None)
    if args.query and not table:
        store.concept_id(args.query)  # raises with suggestions if the name is unknown
    return [{"label": r["label"], "category": r["category"], "claims": r["claims"], "sources": r["n_sources"],
             "mentions": r["mentions"], "synonyms": list(r["synonyms"]), "concept_id": r["concept_id"]} for r in table]


def cmd_concepts(args) -> int:
    store = _open_store(args)
    if store is not None:
        with store:
            rows = _concepts_from_store(args, store)
        _emit_rows(args, rows, ("label", "category", "claims", "sources", "mentions", "synonyms", "concept_id"),
                   title=f"{len(rows)} concept(s)", empty="no concepts")
        return 0
    from graph.frames import concepts_frame
    from graph.query import _choices, _fold, find_concept
    from graph.model import CATEGORIES

    graph = _load(args)
    frame = concepts_frame(graph)
    if args.category:
        cats = _choices("category", args.category, CATEGORIES)
        frame = frame[frame.category.isin(cats)]
    if args.query:
        key = _fold(args.query)
        hit = frame.apply(
            lambda r: key in _fold(r.label) or key in _fold(r.concept_id) or any(key in _fold(s) for s in r.synonyms), axis=1
        ) if len(frame) else frame.label.astype(bool)
        frame = frame[hit]
        if not len(frame):
            find_concept(graph, args.query)  # raises with suggestions if the name is unknown
    order = {"claims": (["claims", "mentions", "label"], [False, False, True]),
             "mentions": (["mentions", "claims", "label"], [False, False, True]),
             "label": (["label"], [True]),
             "category": (["category", "claims", "label"], [True, False, True])}[args.sort]
    frame = frame.sort_values(order[0], ascending=order[1], kind="stable")
    if args.limit:
        frame = frame.head(args.limit)
    rows = [
        {"label": r.label, "category": r.category, "claims": int(r.claims), "sources": int(r.n_sources),
         "mentions": int(r.mentions), "synonyms": list(r.synonyms), "concept_id": r.concept_id}
        for r in frame.itertuples()
    ]
    _emit_rows(args, rows, ("label", "category", "claims", "sources", "mentions", "synonyms", "concept_id"),
               title=f"{len(rows)} concept(s)", empty="no concepts")
    return 0


def cmd_neighbors(args) -> int:
    filters = dict(predicate=args.predicate, direction=args.direction, category=args.category,
                   certainty=args.certainty, polarity=args.polarity, min_support=args.min_support)
    if args.narrower:
        filters["narrower"] = True
    store = _open_store(args)
    if store is not None and not args.narrower:  # the rows from the links table, no evidence read
        from graph.store import neighbor_rows

        with store:
            concept, rows = neighbor_rows(store, args.name, **filters)
    elif store is not None:
        from graph import store as stored

        with store:
            graph, concept, found = stored.neighbors(store, args.name, **filters)
        rows = [dict(n.as_dict(), belief=_belief(graph, n.claim)) for n in found]
    else:
        from graph.query import find_concept, neighbors

        graph = _load(args)
        concept = find_concept(graph, args.name)
        found = neighbors(graph, args.name, **filters)
        rows = [dict(n.as_dict(), belief=_belief(graph, n.claim)) for n in found]
    columns = ("direction", "predicate", "neighbor", "category", "polarity", "certainty", "support", "belief", "cited",
               "claim_id")
    if args.narrower:
        columns = ("via",) + columns
        rows = [dict(r, via=r.get("via", "")) for r in rows]
    _emit_rows(args, rows, columns,
               title=f"{concept.label} ({concept.category}): {len(rows)} neighbour claim(s)", empty="no neighbours")
    return 0


def cmd_path(args) -> int:
    from graph.query import find_concept, paths

    options = dict(max_hops=args.max_hops, skip_negated=not args.include_negated, limit=args.limit)
    store = _open_store(args)
    if store is not None:
        from graph import store as stored

        with store:
            start_id, goal_id = store.concept_id(args.source), store.concept_id(args.target)
            read: list = []
            found = stored.paths(store, start_id, goal_id, graph_out=read, **options)
            graph = read[0]
            start, goal = graph.concepts[start_id], graph.concepts[goal_id]
    else:
        graph = _load(args)
        start, goal = find_concept(graph, args.source), find_concept(graph, args.target)
        found = paths(graph, args.source, args.target, **options)
    if args.format == "json":
        _write_json([p.as_dict(graph) for p in found])
        return 0
    if args.format == "csv":
        rows = []
        for rank, p in enumerate(found, 1):
            for step, hop in enumerate(p.hops, 1):
                for ev in hop.claim.evidence:
                    rows.append({"path": rank, "path_score": round(p.score, 6), "hop": step, "from": hop.start.label,
                                 "predicate": hop.claim.predicate, "to": hop.end.label, "direction": hop.direction,
                                 "claim_id": hop.claim.id, "polarity": hop.claim.polarity, "certainty": ev.certainty,
                                 "support": hop.claim.support, "attribution": ev.attribution, "source_id": ev.source_id,
                                 "section": ev.section, "sentence": ev.sentence})
        _write_csv(rows, ("path", "path_score", "hop", "from", "predicate", "to", "direction", "claim_id", "polarity",
                          "certainty", "support", "attribution", "source_id", "section", "sentence"))
        return 0
    if not found:
        _out(f"no path of at most {args.max_hops} hop(s) links {start.label} to {goal.label}"
             + ("" if args.include_negated else " (negated claims skipped; try --include-negated)"))
        return 0
    _out(f"{len(found)} path(s) from {start.label} to {goal.label} (at most {args.max_hops} hops, best first)")
    for rank, p in enumerate(found, 1):
        _out()
        _out(f"{rank}. {p}    [{p.length} hop(s), score {p.score:.3f}]")
        for hop in p.hops:
            _out(f"   {hop}  ({hop.direction}, hop score {hop.score:.3f})")
            _out(f"     claim {_claim_line(graph, hop.claim)}")
            for line in _evidence_lines(graph, hop.claim.evidence, args.sentences):
                _out(line)
    return 0


def cmd_evidence(args) -> int:
    from graph.query import evidence_page

    limit = args.limit if args.limit is not None else (0 if args.format in ("json", "csv") else EVIDENCE_SHOWN)
    if limit < 0:
        raise QueryError(f"--limit must be 0 (all) or more, not {limit}")
    store = _open_store(args)
    if store is not None:
        from graph import store as stored

        with store:
            page = stored.evidence_page(store, args.claim_id, limit or None)
            curation = _stored_curation(store, [page.claim["claim_id"]])
    else:
        graph = _load(args)
        page = evidence_page(graph, args.claim_id, limit or None)
        curation = getattr(graph, "curation", None)
    claim, rows = page.claim, page.rows  # best first: the sentence worth most to the belief score first
    if args.format in ("json", "csv"):
        data = [r.as_dict() for r in rows]
        if args.format == "json":
            _write_json({"claim": claim, "n_evidence": page.total, "evidence": data})
        else:
            _write_csv(data, data[0].keys() if data else ("claim_id",))
        return 0
    _out(f"claim {_summary_line(claim)}")
    mark = curation.claim_mark(claim["claim_id"]) if curation else None
    if mark:
        _out(f"curation: {mark.text()}")
    shown = f"; the best {len(rows)} shown" if page.more else ""
    _out(f"{page.total} evidence sentence(s){shown}; support {claim['support']} source(s), belief {claim['belief']:.2f}")
    for i, r in enumerate(rows, 1):
        _out()
        _out(f"[{i}] {r.source_id}" + (f' "{r.source_title}"' if r.source_title else "")
             + (f" § {r.section}" if r.section else "") + f" (characters {r.start}-{r.end})")
        who = _attribution_text(page.graph, r.attribution)
        _out(f"    {_kind_text(r) + '; ' if _kind_text(r) else ''}{r.certainty}; {who}"
             + (f"; quantity: {r.quantity}" if r.quantity else ""))
        _out(_wrap(f'"{r.sentence}"', "    "))
    if page.more:
        _out()
        _out(f"(+{page.more} more sentence(s): python -m graph evidence {claim['claim_id']} --limit 0)")
    return 0


def cmd_claims(args) -> int:
    from graph.query import claims

    filters = {
        "subject": args.subject, "object": args.object, "concept": args.concept, "predicate": args.predicate,
        "category": args.category, "subject_category": args.subject_category, "object_category": args.object_category,
        "polarity": args.polarity, "certainty": args.certainty, "source_id": args.source, "section": args.section,
        "sentence": args.text, "quantity": args.quantity, "min_support": args.min_support, "cited": args.cited,
    }
    if args.attribution:
        filters["attribution"] = ["" if a.lower() in ("none", "own") else a for a in args.attribution]
    filters = {k: v for k, v in filters.items() if v is not None}
    store = _open_store(args)
    if store is not None:
        from graph import store as stored

        with store:
            graph, found = stored.claims(store, **filters)
            graph.curation = _stored_curation(store, [c.id for c in found])
    else:
        graph = _load(args)
        found = claims(graph, **filters)
    total = len(found)
    if args.limit:
        found = found[: args.limit]
    rows = [_claim_row(graph, c) for c in found]
    curated = [_curation_mark(graph, c) for c in found]
    columns = CLAIM_ROW_COLUMNS
    if any(curated):  # the writer's decisions (graph.curation), shown when there are any
        for row, mark in zip(rows, curated):
            row["curation"] = mark
        columns = CLAIM_ROW_COLUMNS + ("curation",)
    _emit_rows(args, rows, columns, title=f"{total} claim(s)" + (f", first {len(rows)} shown" if len(rows) < total else ""),
               empty="no claims match")
    return 0


def cmd_search(args) -> int:
    from graph.errors import GraphError
    from graph.store import search

    store = _open_store(args)
    if store is None:
        raise GraphError(f"search needs the build's store: no graph.sqlite in {args.graph}; "
                         f"rebuild with: python build_graph.py --out {args.graph}")
    with store:
        hits = search(store, args.text, concept=args.concept, limit=args.limit)
    rows = [h.as_dict() for h in hits]
    if args.format != "table":
        _emit_rows(args, rows, rows[0].keys() if rows else ("claim_id",))
        return 0
    _out(f"{len(rows)} sentence(s) match {args.text!r}" + (f" about {args.concept}" if args.concept else ""))
    for i, h in enumerate(hits, 1):
        _out()
        _out(f"[{i}] {h.subject} {h.predicate} {h.object} [{h.polarity}, {h.certainty}] ({h.claim_id})")
        _out(f"    {h.source_id}" + (f' "{h.source_title}"' if h.source_title else "")
             + (f" § {h.section}" if h.section else "") + f" (characters {h.start}-{h.end})")
        _out(_wrap(f'"{h.sentence}"', "    "))
    return 0


def cmd_contradictions(args) -> int:
    from graph.strength.disagreements import disagreements

    graph = _load(args)
    found = disagreements(graph, within=args.within, kinds=args.kind, verdicts=args.verdict)
    if args.format == "json":
        _write_json([d.as_dict() for d in found])
        return 0
    if args.format == "csv":
        rows = []
        for n, d in enumerate(found, 1):
            for side_name, side in (("a", d.a), ("b", d.b)):
                rows.append({"n": n, "kind": d.kind, "verdict": d.verdict, "about": d.about, "side": side_name,
                             "says": side.says, "quantity": side.quantity, "certainty": side.certainty,
                             "claim_id": side.claim_id, "source_id": side.source_id, "sentence": side.sentence,
                             "explanation": d.explanation})
        _write_csv(rows, ("n", "kind", "verdict", "about", "side", "says", "quantity", "certainty", "claim_id",
                          "source_id", "sentence", "explanation"))
        return 0
    where = f"within {args.within}" if args.within else "across articles"
    _out(f"{len(found)} disagreement(s) {where}" if found else f"(no disagreements {where})")
    for n, d in enumerate(found, 1):
        _out()
        _out(f"{n}. [{d.kind}] {d.about}: {d.verdict}")
        _out(_wrap(d.explanation, "   "))
        for side_name, side in (("A", d.a), ("B", d.b)):
            title = graph.sources[side.source_id].title if side.source_id in graph.sources else ""
            _out(f"   {side_name}: {side.source_id}" + (f' "{title}"' if title else "") + f" [{side.says}]")
            _out(_wrap(f'"{side.sentence}"', "      "))
    if not args.within and not args.kind and not args.verdict:
        # never silently: say where the disagreements inside one article are
        from collections import Counter

        from graph.strength.disagreements import ANY_ARTICLE

        inside = dict(sorted(Counter(d.a.source_id for d in disagreements(graph, within=ANY_ARTICLE)).items()))
        if inside:
            _out()
            _out("inside single articles (python -m graph contradictions --within SOURCE): "
                 + ", ".join(f"{sid} ({n})" for sid, n in inside.items()))
    return 0


def cmd_uncited(args) -> int:
    from graph.query import uncited

    graph = _load(args)
    found = uncited(graph, args.source, backing=args.backing)
    rows = []
    for u in found:
        s, o = graph.concepts[u.claim.subject], graph.concepts[u.claim.object]
        rows.append({"source_id": u.source_id, "backing": u.backing, "subject": s.label, "predicate": u.claim.predicate,
                     "object": o.label, "polarity": u.claim.polarity, "cited_elsewhere": u.cited_elsewhere,
                     "claim_id": u.claim.id, "sentence": u.evidence[0].sentence,
                     "sentences": [e.sentence for e in u.evidence]})
    if args.format == "json":
        _write_json(rows)
        return 0
    columns = ("source_id", "backing", "subject", "predicate", "object", "polarity", "cited_elsewhere", "claim_id", "sentence")
    n_unattributed = sum(1 for u in found if u.backing == "unattributed")
    n_investigated = sum(1 for u in found if u.backing == "investigated")
    _emit_rows(args, rows, columns,
               title=f"{len(rows)} uncited claim occurrence(s): {n_unattributed} 'unattributed' (\"studies have shown\"), "
                     + (f"{n_investigated} 'investigated' (a named study that reports no result), " if n_investigated else "")
                     + f"{len(rows) - n_unattributed - n_investigated} the article's own",
               empty="every claim names a study")
    return 0


def cmd_compare(args) -> int:
    from graph.query import compare_sources

    graph = _load(args)
    cmp = compare_sources(graph, args.a, args.b)
    if args.format == "json":
        _write_json(cmp.as_dict(graph))
        return 0
    groups = (("shared", cmp.shared), (f"only {cmp.a.id}", cmp.only_a), (f"only {cmp.b.id}", cmp.only_b))
    if args.format == "csv":
        rows = [{"set": name, **_claim_row(graph, c)} for name, items in groups for c in items]
        _write_csv(rows, ("set", *CLAIM_ROW_COLUMNS))
        return 0
    _out(f"A = {cmp.a.id}" + (f' "{cmp.a.title}"' if cmp.a.title else ""))
    _out(f"B = {cmp.b.id}" + (f' "{cmp.b.title}"' if cmp.b.title else ""))
    _out(f"shared {len(cmp.shared)}, only A {len(cmp.only_a)}, only B {len(cmp.only_b)}, "
         f"disagreements {len(cmp.disagreements)}")
    for name, items in groups:
        _out()
        _out(f"{name} ({len(items)}):")
        rows = [_claim_row(graph, c) for c in items]
        _out(_table(rows, ("subject", "predicate", "object", "polarity", "certainty", "support", "claim_id")) if rows else "(none)")
    if cmp.disagreements:
        _out()
        _out("disagreements:")
        for d in cmp.disagreements:
            _out(f"  [{d.kind}] {d.subject.label} / {d.object.label}: {d.verdict}")
            _out(_wrap(d.explanation, "    "))
    return 0


def cmd_hubs(args) -> int:
    from graph.query import hubs

    graph = _load(args)
    found = hubs(graph, category=args.category, top=args.top)
    rows = [h.as_dict() for items in found.values() for h in items]
    _emit_rows(args, rows, ("category", "concept", "claims", "neighbors", "support", "sources"),
               title="most connected concepts per category", empty="no linked concepts")
    return 0


def cmd_stats(args) -> int:
    from graph.query import stats

    store = _open_store(args)
    grounding = None
    if store is not None:
        from graph import store as stored

        with store:
            data = stored.stats(store)
            grounding = stored.grounding(store)
    if grounding is None:
        from graph.export.identifiers import grounding_stats

        graph = _load(args)
        if store is None:
            data = stats(graph)
        grounding = grounding_stats(graph)  # concepts with an id verified in shipped ontology data
    data["grounded_concepts"] = {category: f"{g['grounded']}/{g['concepts']}" for category, g in grounding.items()}
    data["grounded_share"] = {category: g["share"] for category, g in grounding.items()}
    if args.format == "json":
        _write_json(data)
        return 0
    flat = []
    for key, value in data.items():
        if isinstance(value, dict):
            flat.extend({"metric": f"{key}.{k}", "value": v} for k, v in value.items())
        else:
            flat.append({"metric": key, "value": value})
    if args.format == "csv":
        _write_csv(flat, ("metric", "value"))
        return 0
    for key, value in data.items():
        if isinstance(value, dict):
            _out(f"{key}:")
            width = max((len(k) for k in value), default=0)
            for k, v in value.items():
                _out(f"  {k.ljust(width)}  {v}")
        else:
            _out(f"{key}: {value}")
    return 0
