"""How firmly a claim can be stated: the ``studies`` and ``belief-check`` commands (docs/evidence.md, docs/cli.md).

``studies`` lists the cited studies with what the articles say of each (design, population,
finding, result); ``studies NAME`` shows one study with everything: its fields, the claims
attributed to it (backed, or only investigated) and every sentence the articles write of it.
"""

from __future__ import annotations

import argparse
import sqlite3

from graph.cli.query import _belief, _emit_rows, _load, _open_store, _out, _parser, _wrap, _write_json

__all__ = ["register"]

_LIST_COLUMNS = ("label", "organization", "design", "role", "population", "result", "sources", "study_id")


def register(subparsers) -> None:
    p = _parser(subparsers, "studies", "cited studies: design, population, finding, result",
                "List the studies the articles cite, each with what the articles say of it (organization, design, "
                "population, sample size, duration, intervention, outcome, finding, result, citing articles), each "
                "field only where a sentence says it. With NAME (any part of a study's label or organization): "
                "that study with its claims and every sentence about it. A study 'investigates' when the articles "
                "only say what it looked at ('explored', 'aims to'): it backs no claim.",
                ["python -m graph studies", "python -m graph studies chicago",
                 "python -m graph studies 'johns hopkins' --format json"])
    p.add_argument("name", nargs="?", help="a study's id, label, or part of its label or organization")
    p.set_defaults(func=cmd_studies)

    p = subparsers.add_parser(
        "belief-check", help="how well the belief score ranks claims the gold holds above wrong ones (AUC)",
        description="Build the articles of --sources, then compare each claim's belief with the gold files of "
                    "--gold: the AUC (probability that a claim the gold holds has a higher belief than one it lacks; "
                    "0.5 is chance) and a reliability table (claims per belief bin, share in gold). docs/evidence.md.",
        epilog="Example: python -m graph belief-check --sources sources --gold tests/gold",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sources", required=True, metavar="DIR", help="the articles")
    p.add_argument("--gold", required=True, metavar="DIR", help="their gold files (*.yaml)")
    p.add_argument("--bins", type=int, default=5, help="belief bins of the reliability table (default 5)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_belief_check)


def _records(args):
    """(graph or None, records): from the store's study_records table when there is one."""
    from graph.strength.studies import STUDY_COLUMNS, StudyRecord, study_records

    store = _open_store(args)
    if store is not None:
        with store:
            try:
                rows = store.db.execute(f"SELECT {', '.join(STUDY_COLUMNS)} FROM study_records ORDER BY study_id").fetchall()
            except sqlite3.Error:
                rows = None
        if rows is not None:
            records = []
            for row in rows:
                data = dict(zip(STUDY_COLUMNS, row))
                data["sources"] = tuple(s for s in data["sources"].split("|") if s)
                data["claims"] = tuple(c for c in data["claims"].split("|") if c)
                records.append(StudyRecord(**data))
            return None, records
    graph = _load(args)
    return graph, study_records(graph)


def _pick(records, name: str):
    from graph.errors import QueryError

    key = name.strip().lower()
    for test in (lambda r: r.study_id == name or r.label == key,
                 lambda r: key in r.label or key in r.organization.lower() or key in r.study_id):
        found = [r for r in records if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise QueryError(f"study {name!r} is ambiguous: " + "; ".join(r.label for r in found[:6]))
    raise QueryError(f"no study {name!r}; studies: " + ("; ".join(r.label for r in records[:8]) or "none"))


def cmd_studies(args) -> int:
    graph, records = _records(args)
    if not args.name:
        rows = [dict(r.row(), sources=list(r.sources)) for r in records]
        _emit_rows(args, rows, _LIST_COLUMNS, title=f"{len(rows)} cited stud{'y' if len(rows) == 1 else 'ies'}",
                   empty="no cited studies")
        return 0
    record = _pick(records, args.name)
    if graph is None or record.claims and not all(c in graph.claims for c in record.claims):
        store = _open_store(args)
        if store is not None:
            with store:
                claims = store.claims(f"claim_id IN ({','.join('?' * len(record.claims))})", list(record.claims)) \
                    if record.claims else []
                graph = store.subgraph(claims, [record.study_id])
        else:
            graph = _load(args)
    claims = [graph.claims[c] for c in record.claims if c in graph.claims]
    sentences = sorted({(e.source_id, e.start): e for c in claims for e in c.evidence
                        if e.attribution == record.study_id}.values(), key=lambda e: (e.source_id, e.start))
    fields = {k: v for k, v in record.row().items() if k not in ("claims",)}
    if args.format in ("json", "csv"):
        claim_rows = [{"claim_id": c.id, "subject": graph.concepts[c.subject].label, "predicate": c.predicate,
                       "object": graph.concepts[c.object].label, "polarity": c.polarity, "belief": _belief(graph, c),
                       "study_role": sorted({e.study_role for e in c.evidence if e.attribution == record.study_id})}
                      for c in claims]
        if args.format == "json":
            _write_json({**fields, "sources": list(record.sources), "claims": claim_rows,
                         "sentences": [{"source_id": e.source_id, "sentence": e.sentence, "study_role": e.study_role,
                                        "evidence_type": e.evidence_type} for e in sentences]})
        else:
            _emit_rows(args, [fields], tuple(fields))
        return 0
    _out(f"{record.label}")
    for key in ("organization", "design", "role", "population", "sample_size", "duration", "intervention", "outcome",
                "finding", "result", "investigates"):
        value = fields.get(key)
        if value:
            _out(_wrap(f"{key.replace('_', ' ')}: {value}", "  ").replace("  ", "", 1) if len(value) > 60
                 else f"{key.replace('_', ' ')}: {value}")
    _out(f"cited by: {', '.join(record.sources) or '-'}")
    _out()
    _out(f"{len(claims)} claim(s) attributed to it:")
    for c in claims:
        roles = sorted({e.study_role for e in c.evidence if e.attribution == record.study_id})
        how = "backs" if "backs" in roles else "investigates, does not back" if "investigates" in roles else "mentions"
        _out(f"  {graph.concepts[c.subject].label} {c.predicate} {graph.concepts[c.object].label}"
             f" [{c.polarity}; the study {how}; belief {_belief(graph, c):.2f}] ({c.id})")
    _out()
    _out(f"{len(sentences)} sentence(s) about it:")
    for e in sentences:
        _out(f"  - {e.source_id} [{e.evidence_type or 'sentence'}; study {e.study_role or '-'}]")
        _out(_wrap(f'"{e.sentence}"', "    "))
    return 0


def cmd_belief_check(args) -> int:
    from graph.strength.calibration import calibrate_folder

    result = calibrate_folder(args.sources, args.gold, bins=args.bins)
    if args.format == "json":
        _write_json(result.as_dict())
    else:
        _out(result.format_table())
    return 0
