"""KGX export: the graph as Biolink nodes and edges for KGX pipelines (``OUT/kgx/``).

Writes a folder with the same graph twice, as KGX TSV and KGX JSON Lines, plus the prefixes
it uses:

- ``nodes.tsv``, ``edges.tsv``: KGX TSV (lists joined with ``|``; whitespace in text is
  folded to single spaces and ``|`` inside a text becomes ``/``, since TSV cannot hold them;
  ``negated`` is written only when true, as KGX reads any non-empty cell of a boolean slot as true);
- ``nodes.jsonl``, ``edges.jsonl``: KGX JSON Lines, one object per line, text exactly as quoted;
- ``prefixes.json``: a JSON-LD ``@context`` with every prefix the ids use (Biolink's own prefix
  map, and the local prefixes under the base IRI).

**Nodes**: every concept (``id`` its grounded CURIE or ``evidencegraph:<concept id>``, see
:mod:`graph.export.identifiers`; ``category`` its Biolink class; ``name``, ``synonym``,
``xref``, ``iri``, ``description``, ``provided_by``) and every article
(``evidencegraph.source:<id>``, a ``biolink:Article``).

**Edges**: one per claim, ``id`` and ``key`` ``evidencegraph.claim:<claim id>``: the claim
id includes the polarity, so an affirmed and a negated claim about the same pair stay two
edges (KGX keys edges by subject-predicate-object unless a ``key`` is given). Each edge has a
Biolink predicate fitting its nodes' categories (:func:`graph.export.biolink.claim_predicate`),
``negated``, ``knowledge_level`` / ``agent_type`` (``knowledge_assertion`` /
``text_mining_agent``), ``primary_knowledge_source`` (the infores id), ``publications`` (the
articles), ``supporting_text`` (the evidence sentences), ``has_supporting_studies`` (named
studies reporting a result), the qualifiers of ``inhibits``/``increases``, and the project's own ``claim_predicate``,
``polarity``, ``certainty``, ``support``, ``cited`` and ``belief`` (docs/evidence.md).

>>> import tempfile, pathlib, json
>>> from graph.evidence_graph import EvidenceGraph
>>> from graph.model import Source, Concept, Claim, Evidence
>>> text = "Ketamine may relieve PTSD."
>>> g = EvidenceGraph([Source("a", text, title="A")],
...     [Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition", display="PTSD")],
...     [Claim("ketamine", "treats", "ptsd", evidence=(Evidence("a", text, 0, 26, certainty="hedged"),))])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "kgx"
>>> write_kgx(g, out)
>>> sorted(p.name for p in out.iterdir())
['edges.jsonl', 'edges.tsv', 'nodes.jsonl', 'nodes.tsv', 'prefixes.json']
>>> edge = json.loads((out / "edges.jsonl").read_text())
>>> edge["subject"], edge["predicate"], edge["negated"]
('CHEBI:6121', 'biolink:treats_or_applied_or_studied_to_treat', False)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from graph.errors import ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export.biolink import biolink_model, claim_predicate
from graph.export.identifiers import LOCAL_PREFIX, ground, local_prefixes
from graph.export.settings import DEFAULT_INFORES
from graph.model import Claim, Source
from graph.strength.belief import beliefs_of, claim_belief
from graph.namespaces import AGENT_TYPE, DEFAULT_BASE, KNOWLEDGE_LEVEL, PREDICATE_QUALIFIERS, project_namespaces, safe_local_name

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "FILES", "kgx_records", "write_kgx", "source_curie", "claim_curie"]

NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "iri", "provided_by")
EDGE_COLUMNS = (
    "id", "key", "subject", "predicate", "object", "category", "negated", "knowledge_level", "agent_type",
    "primary_knowledge_source", "publications", "supporting_text", "has_supporting_studies",
    "qualified_predicate", "object_direction_qualifier",
    "claim_predicate", "polarity", "certainty", "support", "cited", "belief",
)
_LIST_COLUMNS = {"category", "synonym", "xref", "provided_by", "publications", "supporting_text", "has_supporting_studies"}
FILES = ("nodes.tsv", "edges.tsv", "nodes.jsonl", "edges.jsonl", "prefixes.json")


def source_curie(source_id: str) -> str:
    """The node id of an article."""
    return f"{LOCAL_PREFIX}.source:{_local(source_id)}"


def claim_curie(claim_id: str) -> str:
    """The edge id (and key) of a claim."""
    return f"{LOCAL_PREFIX}.claim:{_local(claim_id)}"


def _local(text: str) -> str:
    return safe_local_name(text)


def _node_id(graph: EvidenceGraph, concept_id: str) -> str:
    concept = graph.concepts.get(concept_id)
    if concept is None:
        raise ExportError(f"claim refers to unknown concept {concept_id!r}")
    return ground(concept).curie


def kgx_records(graph: EvidenceGraph, base: str = DEFAULT_BASE, infores: str = DEFAULT_INFORES) -> tuple[list[dict], list[dict]]:
    """The KGX node and edge records (dicts with only the properties that have a value), in a fixed order."""
    ns = project_namespaces(base)
    nodes: dict[str, dict[str, Any]] = {}
    groundings = {cid: ground(c) for cid, c in graph.concepts.items()}
    for concept_id, concept in graph.concepts.items():
        g = groundings[concept_id]
        record = {
            "id": g.curie,
            "category": list(g.categories),
            "name": concept.name,
            "description": concept.description,
            "synonym": sorted({s for s in concept.synonyms if s.lower() != concept.name.lower()}),
            "xref": [i for i in g.ids if i != g.curie],
            "iri": str(ns.concept(concept_id)),
            "provided_by": [infores],
        }
        if g.curie in nodes:  # two concepts grounded to one id: one node, names kept as synonyms
            merged = nodes[g.curie]
            merged["synonym"] = sorted(set(merged["synonym"]) | set(record["synonym"]) | {concept.name})
            merged["xref"] = sorted(set(merged["xref"]) | set(record["xref"]))
            continue
        nodes[g.curie] = record
    for source in graph.sources.values():
        nodes[source_curie(source.id)] = _article(source, str(ns.source(source.id)), infores)
    beliefs = beliefs_of(graph)
    edges = [_edge(graph, claim, groundings, infores, beliefs) for claim in graph.claims.values()]
    return [_compact(n) for n in nodes.values()], [_compact(e) for e in edges]


def _article(source: Source, iri: str, infores: str) -> dict[str, Any]:
    return {
        "id": source_curie(source.id),
        "category": ["biolink:Article"],
        "name": source.title or source.id,
        "description": f"{source.publisher}, {source.date}".strip(", ") if (source.publisher or source.date) else "",
        "xref": [source.url] if source.url else [],
        "iri": iri,
        "provided_by": [infores],
    }


def _edge(graph: EvidenceGraph, claim: Claim, groundings: dict, infores: str, beliefs=None) -> dict[str, Any]:
    subject, obj = groundings.get(claim.subject), groundings.get(claim.object)
    if subject is None or obj is None:
        raise ExportError(f"claim {claim.id} refers to an unknown concept")
    # a study that only investigated the question does not support the claim (graph.strength)
    studies = sorted({e.attribution for e in claim.evidence if e.cited and e.attribution in groundings})
    record: dict[str, Any] = {
        "id": claim_curie(claim.id),
        "key": claim_curie(claim.id),
        "subject": subject.curie,
        "predicate": claim_predicate(claim.predicate, subject.categories, obj.categories),
        "object": obj.curie,
        "category": ["biolink:Association"],
        "negated": claim.polarity == "negated",
        "knowledge_level": KNOWLEDGE_LEVEL,
        "agent_type": AGENT_TYPE,
        "primary_knowledge_source": infores,
        "publications": [source_curie(s) for s in claim.sources],
        "supporting_text": list(dict.fromkeys(e.sentence for e in claim.evidence)),
        "has_supporting_studies": [groundings[s].curie for s in studies],
        "claim_predicate": claim.predicate,
        "polarity": claim.polarity,
        "certainty": claim.certainty,
        "support": claim.support,
        "cited": claim.cited,
        "belief": beliefs[claim.id] if beliefs is not None and claim.id in beliefs else claim_belief(graph, claim),  # docs/evidence.md
    }
    if claim.predicate in PREDICATE_QUALIFIERS:
        qualified, direction = PREDICATE_QUALIFIERS[claim.predicate]
        record["qualified_predicate"] = "biolink:" + str(qualified).rsplit("/", 1)[-1]
        record["object_direction_qualifier"] = direction
    return record


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", [], None)}


def _tsv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    text = str(value)
    # Already one line with single spaces (the common case): as it is. Every character str.split()
    # splits on, but the space, is unprintable, so this text is what the join below would give.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _tsv(records: list[dict], columns: tuple[str, ...]) -> str:
    lines = ["\t".join(columns)]
    for record in records:
        cells = []
        for column in columns:
            value = record.get(column, "")
            if column == "negated" and value is False:
                value = ""  # KGX reads any non-empty TSV cell of a boolean slot as true
            if isinstance(value, list):
                cells.append("|".join(_tsv_text(v).replace("|", "/") for v in value))
            else:
                cells.append(_tsv_text(value).replace("|", "/") if column not in ("id", "key") else _tsv_text(value))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


# One encoder for every record (json.dumps with a non-default option makes a new one per call); the same text.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=False)


def _jsonl(records: list[dict]) -> str:
    encode = _JSON.encode
    return "".join(encode(r) + "\n" for r in records)


def _prefixes(nodes: list[dict], edges: list[dict], base: str) -> dict[str, str]:
    used = {"biolink"}
    for record in [*nodes, *edges]:
        for key in ("id", "subject", "object", "predicate", "primary_knowledge_source"):
            if key in record and ":" in record[key]:
                used.add(record[key].split(":", 1)[0])
        for key in ("category", "xref", "publications", "has_supporting_studies"):
            for value in record.get(key, ()):
                if ":" in value and not value.startswith("http"):
                    used.add(value.split(":", 1)[0])
    known = {**biolink_model().prefix_map, **local_prefixes(base)}  # infores: no shipped map expands it
    return {prefix: known[prefix] for prefix in sorted(used) if prefix in known}


def write_kgx(graph: EvidenceGraph, path: Path, *, base: str = DEFAULT_BASE, infores: str = DEFAULT_INFORES, **options) -> None:
    """Writer of ``kgx/`` (a folder): KGX TSV and JSON Lines nodes and edges, and ``prefixes.json``.

    The folder is written beside the target and renamed into place, so ``path`` is always
    either the previous export or the complete new one. Unknown ``options`` are ignored
    (writer protocol).
    """
    from graph.export.settings import load_settings

    load_settings(base=base, infores=infores)  # checks both
    target = Path(path)
    nodes, edges = kgx_records(graph, base, infores)
    files = {
        "nodes.tsv": _tsv(nodes, NODE_COLUMNS),
        "edges.tsv": _tsv(edges, EDGE_COLUMNS),
        "nodes.jsonl": _jsonl(nodes),
        "edges.jsonl": _jsonl(edges),
        "prefixes.json": json.dumps({"@context": _prefixes(nodes, edges, base)}, indent=1, ensure_ascii=False) + "\n",
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not target.is_dir():
            raise ExportError(f"{target} exists and is not a folder")
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            for name, text in files.items():
                with open(staging / name, "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(staging, 0o777 & ~_umask())
            old = None
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
                os.rmdir(old)
                os.replace(target, old)
            os.replace(staging, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            with contextlib.suppress(OSError):
                shutil.rmtree(staging)
            raise
    except OSError as error:
        raise ExportError(f"could not write {target}: {error}") from error


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
