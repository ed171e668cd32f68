"""``curate``: record a writer's decisions in the curation file, list them, find the stale ones.

Each decision command checks its claim, concept, source or quote against the build's store
(``--graph``), then appends one entry to the curation file (``SOURCES/curation.yaml`` unless
``--curation``), keeping the file's comments and order. The next build applies it
(:mod:`graph.curation`).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]

EXAMPLES = {
    "reject": ["python -m graph curate reject 6180 --note \"the articles only say it may help; no trial named\""],
    "accept": ["python -m graph curate accept 6180859989e387a8 --note \"checked against the trial\""],
    "merge": ["python -m graph curate merge 'anxiety disorders' anxiety --note \"same thing for our readers\""],
    "rename": ["python -m graph curate rename ptsd 'Post-traumatic stress disorder (PTSD)'"],
    "recategorize": ["python -m graph curate recategorize 'pain perception' Condition"],
    "add": ["python -m graph curate add ketamine treats 'refractory pain' --source ketamine-therapy-for-chronic-pain "
            "--quote \"in patients with severe refractory pain of multiple etiologies, subanesthetic ketamine infusions "
            "may improve [pain relief]\" --certainty hedged --note \"the extractor missed the quoted finding\""],
    "list": ["python -m graph curate list", "python -m graph curate list --format json"],
    "stale": ["python -m graph curate stale"],
}


def _common(p: argparse.ArgumentParser, *, writes: bool) -> None:
    p.add_argument("--sources", default="sources", metavar="DIR", help="the sources folder (default: sources)")
    p.add_argument("--curation", default=None, metavar="PATH",
                   help="the curation file (default: SOURCES/curation.yaml)")
    p.add_argument("--graph", default="build", metavar="DIR",
                   help="build folder whose store names the claims and concepts (default: build)")
    if writes:
        p.add_argument("--note", default="", help="why: kept with the decision and shown wherever it shows")
        p.add_argument("--by", default=None, metavar="NAME",
                       help="who decides (default: $EVIDENCE_GRAPH_CURATOR, else the login name)")
        p.add_argument("--at", default=None, metavar="TIME", help="when, ISO 8601 (default: now, UTC)")


def _sub(subparsers, name: str, help_text: str, description: str, *, writes: bool = True) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help=help_text, description=description,
                              epilog="Example:\n" + "\n".join(f"  {e}" for e in EXAMPLES[name]),
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(p, writes=writes)
    return p


def register(subparsers) -> None:
    top = subparsers.add_parser(
        "curate", help="record a writer's decisions (reject, accept, merge, rename, recategorize, add)",
        description="Record decisions about claims and concepts in the curation file (sources/curation.yaml), "
                    "a plain YAML list applied on every build, in order, after assembly. Keys are claim and "
                    "concept ids, so decisions outlive re-extraction; one whose claim or concept is gone is "
                    "reported as stale and kept. Every command checks its arguments against the build "
                    "(--graph) and appends one entry; rebuild to apply it.",
        epilog="Examples:\n" + "\n".join(f"  {e}" for name in EXAMPLES for e in EXAMPLES[name][:1]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="curate_command", metavar="ACTION")
    top.set_defaults(func=lambda args: (top.print_help(), 2)[1])

    p = _sub(sub, "reject", "take a wrong claim out of the graph",
             "Reject a claim: the next build leaves it out of every output (the decision, its note and the "
             "claim stay in the curation file and the store's curation table). CLAIM is an id or a unique "
             "prefix (from claims, neighbors, path, evidence).")
    p.add_argument("claim", help="claim id or unique prefix")
    p.set_defaults(func=cmd_claim, action="reject")

    p = _sub(sub, "accept", "mark a claim as checked",
             "Accept a claim: it shows as accepted (with your note) in claims, evidence, claims.csv, the page "
             "and the RDF. Accepting a rejected claim brings it back.")
    p.add_argument("claim", help="claim id or unique prefix (a rejected claim's id works too)")
    p.set_defaults(func=cmd_claim, action="accept")

    p = _sub(sub, "merge", "fold one concept into another",
             "Merge CONCEPT into INTO: its claims, mentions, synonyms and ids move over; claims between the "
             "two are dropped.")
    p.add_argument("concept", help="the concept that goes (label, synonym or id)")
    p.add_argument("into", help="the concept that stays")
    p.set_defaults(func=cmd_concept, action="merge")

    p = _sub(sub, "rename", "give a concept another label",
             "Rename a concept: LABEL becomes its label (lower case) and display name (as typed); the old "
             "label becomes a synonym; its id and its claims' ids stay.")
    p.add_argument("concept", help="label, synonym or id")
    p.add_argument("label", help="the new label")
    p.set_defaults(func=cmd_concept, action="rename")

    from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES

    p = _sub(sub, "recategorize", "give a concept another category",
             f"Recategorize a concept: CATEGORY is one of {', '.join(CATEGORIES)}.")
    p.add_argument("concept", help="label, synonym or id")
    p.add_argument("category", choices=CATEGORIES, metavar="CATEGORY")
    p.set_defaults(func=cmd_concept, action="recategorize")

    p = _sub(sub, "add", "add a claim the extractor missed, with its quote",
             "Add a claim SUBJECT PREDICATE OBJECT backed by QUOTE, which must occur in the text of source "
             "ID (white space may differ). A concept the build lacks is created when its category is given.")
    p.add_argument("subject", help="subject concept (label, synonym or id)")
    p.add_argument("predicate", choices=PREDICATES, metavar="PREDICATE", help=", ".join(PREDICATES))
    p.add_argument("object", help="object concept")
    p.add_argument("--source", required=True, metavar="ID", help="the article (id, unique prefix or title)")
    p.add_argument("--quote", required=True, help="the sentence or words that make the claim, as in the article")
    p.add_argument("--polarity", choices=POLARITIES, default="affirmed")
    p.add_argument("--certainty", choices=CERTAINTIES, default="asserted")
    p.add_argument("--study", default="", help="a Study concept the article names behind it")
    p.add_argument("--subject-category", choices=CATEGORIES, default="", metavar="CATEGORY",
                   help="create the subject with this category if the build has no such concept")
    p.add_argument("--object-category", choices=CATEGORIES, default="", metavar="CATEGORY",
                   help="create the object with this category if the build has no such concept")
    p.set_defaults(func=cmd_add, action="add")

    p = _sub(sub, "list", "every decision with what the last build did with it",
             "Every entry of the curation file in order, with its status in the last build: applied, stale, "
             "superseded, invalid, or 'not built yet'; entries that cannot be read are listed with their "
             "line and reason.", writes=False)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_list, stale_only=False)

    p = _sub(sub, "stale", "decisions whose claim or concept the last build no longer has",
             "The decisions the last build could not apply because their claim, concept, source or quote is "
             "gone (an article changed, the extractor changed). They stay in the file; edit or delete them by "
             "hand.", writes=False)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_list, stale_only=True)


# -- helpers -----------------------------------------------------------------------------------------


def _path(args):
    from pathlib import Path

    from graph.curation import CURATION_FILE

    return Path(args.curation) if args.curation else Path(args.sources) / CURATION_FILE


def _store(args):
    from graph.errors import BuildNotFoundError
    from graph.store import Store, store_path

    path = store_path(args.graph)
    if path is None:
        raise BuildNotFoundError(f"no build in {args.graph} to check the decision against; build first: "
                                 f"python build_graph.py --sources {args.sources} --out {args.graph}")
    return Store(path)


def _who(args) -> tuple[str, str]:
    import datetime
    import getpass
    import os

    by = args.by or os.environ.get("EVIDENCE_GRAPH_CURATOR") or ""
    if not by:
        try:
            by = getpass.getuser()
        except Exception:  # no login name (a container without a passwd entry)
            by = "unknown"
    at = args.at or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return " ".join(by.split()), at


def _write(args, decision, comment: str) -> int:
    import dataclasses

    from graph.curation import append_decision

    by, at = _who(args)
    decision = dataclasses.replace(decision, note=" ".join(args.note.split()), by=by, at=at)
    path = _path(args)
    line = append_decision(path, decision, comment)
    print(f"{path}:{line}: {decision.action} {decision.target()}")
    print(f"rebuild to apply: python build_graph.py --sources {args.sources} --out {args.graph}"
          + (f" --curation {args.curation}" if args.curation else ""))
    return 0


def _claim_words(store, claim_id: str) -> tuple[str, str, str, str, str, str] | None:
    rows = store._rows("SELECT subject, predicate, object, polarity, subject_label, object_label FROM claims "
                       "WHERE claim_id = ?", (claim_id,))
    return rows[0] if rows else None


def _rejected_claim(store, prefix: str) -> tuple[str, str] | None:
    """(claim id, target words) of a claim the build left out by a reject decision, from a prefix."""
    rows = store._rows("SELECT m.id, c.target FROM curation_marks m JOIN curation c ON c.decision_id = m.decision_id "
                       "WHERE m.kind = 'claim' AND m.action = 'rejected' AND m.id >= ? AND m.id < ?",
                       (prefix, prefix + "\U0010ffff")) if len(prefix) >= 4 else []
    ids = sorted({r[0] for r in rows})
    return (ids[0], rows[0][1]) if len(ids) == 1 else None


# -- commands ----------------------------------------------------------------------------------------


def cmd_claim(args) -> int:
    from graph.curation import Decision
    from graph.errors import ClaimNotFoundError

    with _store(args) as store:
        try:
            cid = store.claim_id(args.claim)
        except ClaimNotFoundError:
            rejected = _rejected_claim(store, args.claim.strip()) if args.action == "accept" else None
            if rejected is None:
                raise
            cid, target = rejected
            prior = next((d for d in _file_decisions(args) if d.action == "reject" and d.claim == cid), None)
            decision = Decision("accept", claim=cid, subject=prior.subject if prior else "",
                                predicate=prior.predicate if prior else "", object=prior.object if prior else "",
                                polarity=prior.polarity if prior else "")
            return _write(args, decision, f"accept (restore): {target}")
        subject, predicate, obj, polarity, s_label, o_label = _claim_words(store, cid)
    decision = Decision(args.action, claim=cid, subject=subject, predicate=predicate, object=obj, polarity=polarity)
    neg = "NOT " if polarity == "negated" else ""
    return _write(args, decision, f"{args.action}: {s_label} {neg}{predicate} {o_label}")


def _file_decisions(args) -> list:
    from graph.curation import read_decisions

    path = _path(args)
    return read_decisions(path)[0] if path.is_file() else []


def cmd_concept(args) -> int:
    from graph.curation import Decision

    with _store(args) as store:
        concept = store.concepts([store.concept_id(args.concept)])
        concept = next(iter(concept.values()))
        if args.action == "merge":
            into = next(iter(store.concepts([store.concept_id(args.into)]).values()))
            if into.id == concept.id:
                from graph.errors import QueryError

                raise QueryError(f"{args.concept!r} and {args.into!r} are the same concept ({concept.id})")
            decision = Decision("merge", concept=concept.id, into=into.id)
            comment = f"merge: {concept.label} into {into.label}"
        elif args.action == "rename":
            decision = Decision("rename", concept=concept.id, label=" ".join(args.label.split()))
            comment = f"rename: {concept.label} -> {decision.label}"
        else:
            decision = Decision("recategorize", concept=concept.id, category=args.category)
            comment = f"recategorize: {concept.label} ({concept.category} -> {args.category})"
    return _write(args, decision, comment)


def _concept_or_new(store, name: str, category: str):
    from graph.errors import ConceptNotFoundError

    try:
        return store.concept_id(name)
    except ConceptNotFoundError as error:
        if not category:
            raise ConceptNotFoundError(error.name, error.suggestions) from None
        return " ".join(name.split())


def cmd_add(args) -> int:
    from graph.curation import Decision, find_quote
    from graph.errors import QueryError

    with _store(args) as store:
        subject = _concept_or_new(store, args.subject, args.subject_category)
        obj = _concept_or_new(store, args.object, args.object_category)
        source_id = store.source_id(args.source)
        (text,), = store._rows("SELECT text FROM sources WHERE source_id = ?", (source_id,))
        if find_quote(text, args.quote) is None:
            raise QueryError(f"the quote does not occur in the text of {source_id}; copy it from the article "
                             f"(white space may differ, words may not)")
        study = ""
        if args.study:
            study = store.concept_id(args.study)
            category = store.concepts([study])[study].category
            if category != "Study":
                raise QueryError(f"{args.study!r} is a {category}, not a Study")
    decision = Decision("add", subject=subject, predicate=args.predicate, object=obj, source=source_id,
                        quote=" ".join(args.quote.split()),
                        polarity="" if args.polarity == "affirmed" else args.polarity,
                        certainty="" if args.certainty == "asserted" else args.certainty, study=study,
                        subject_category=args.subject_category if subject == " ".join(args.subject.split()) else "",
                        object_category=args.object_category if obj == " ".join(args.object.split()) else "")
    neg = "NOT " if args.polarity == "negated" else ""
    return _write(args, decision, f"add: {subject} {neg}{args.predicate} {obj}")


def cmd_list(args) -> int:
    import hashlib

    from graph.cli.query import _emit_rows
    from graph.curation import read_decisions, read_stored_curation
    from graph.store import store_path

    path = _path(args)
    if not path.is_file():
        print(f"(no curation file at {path})")
        return 0
    decisions, problems = read_decisions(path)
    built = None
    store = store_path(args.graph)
    if store is not None:
        from graph.store import Store

        with Store(store) as opened:
            built = read_stored_curation(opened.db)
    by_id = {o.decision: o for o in (built.outcomes if built else ())}
    rows = []
    for d in decisions:
        outcome = by_id.get(d.id)
        rows.append({"line": d.line, "action": d.action, "target": d.target(),
                     "status": outcome.status if outcome else "not built yet",
                     "detail": outcome.detail if outcome else "", "note": d.note, "by": d.by, "at": d.at})
    for p in problems:
        line = p.path.rsplit(":", 1)[-1]
        rows.append({"line": int(line) if line.isdigit() else 0, "action": "", "target": "", "status": "invalid",
                     "detail": p.reason, "note": "", "by": "", "at": ""})
    rows.sort(key=lambda r: r["line"])
    if args.stale_only:
        rows = [r for r in rows if r["status"] in ("stale", "invalid")]
    title = f"{path}: {len(decisions)} decision(s)"
    if built is None:
        title += f"; no build in {args.graph} has applied it yet"
    elif built.sha256 != hashlib.sha256(path.read_bytes()).hexdigest():
        title += f"; changed since the build in {args.graph} (rebuild to apply)"
    columns = ("line", "action", "target", "status", "detail", "note", "by", "at")
    _emit_rows(args, rows, columns, title=title, empty="no stale decision" if args.stale_only else "no decision")
    return 0
