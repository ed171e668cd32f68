"""A belief score per claim, in the manner of INDRA's belief engine: a probability-like number
from its evidence.

For each evidence sentence ``e`` that counts as support (``Evidence.supports``)::

    p(e) = type_prior[type(e)] * (hedged if e is hedged else 1)
    p(e) = max(p(e), unattributed)             if e rests on unnamed research ("studies have shown")
    p(e) = max(p(e), study_design[design])     if a named study reports a result for it

Sentences are grouped by publisher (a source without one is its own publisher), so one
publisher's articles count once; a group's probability is its best sentence's::

    belief = (1 - systematic_error) * (1 - prod over groups (1 - p(group)))

A claim no sentence supports (only promotion, advice, questions) has belief 0. The
parameters are data (``belief.yaml``); docs/evidence.md gives the figures against gold.

>>> from graph.model import Claim, Evidence
>>> ev = Evidence("a", "Ketamine eases pain.", 0, 20, evidence_type="assertion")
>>> round(belief(Claim("ketamine", "treats", "pain", evidence=(ev,))), 4)
0.4275
>>> two = (ev, ev.replace(source_id="b"))
>>> round(belief(Claim("ketamine", "treats", "pain", evidence=two)), 4)
0.6626
>>> round(belief(Claim("ketamine", "treats", "pain", evidence=two), publishers={"a": "X", "b": "X"}), 4)
0.4275
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.fileio import load_yaml
from graph.errors import VocabularyError
from graph.model import UNATTRIBUTED, Claim, Evidence
from graph.strength.studies import _graph_token, design_lookup

__all__ = ["BeliefParameters", "PARAMETERS_PATH", "load_parameters", "evidence_probability", "belief", "graph_beliefs",
           "claim_belief", "publishers_of", "beliefs_of", "carry_beliefs"]

PARAMETERS_PATH = Path(__file__).with_name("belief.yaml")


@dataclass(frozen=True)
class BeliefParameters:
    type_prior: Mapping[str, float]
    hedged: float
    unattributed: float
    study_design: Mapping[str, float]
    systematic_error: float


@functools.lru_cache(maxsize=4)
def load_parameters(path: str | Path = PARAMETERS_PATH) -> BeliefParameters:
    """Read and check ``belief.yaml`` (every figure a probability)."""
    try:
        data: dict[str, Any] = load_yaml(Path(path).read_text(encoding="utf-8"))
        params = BeliefParameters(
            type_prior={str(k): float(v) for k, v in data["type_prior"].items()},
            hedged=float(data["hedged"]),
            unattributed=float(data["unattributed"]),
            study_design={str(k): float(v) for k, v in data["study_design"].items()},
            systematic_error=float(data["systematic_error"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise VocabularyError(f"cannot read belief parameters {path}: {error}") from error
    figures = [*params.type_prior.values(), params.hedged, params.unattributed, *params.study_design.values(),
               params.systematic_error]
    if any(not 0.0 <= f <= 1.0 for f in figures) or "unknown" not in params.study_design:
        raise VocabularyError(f"{path}: every parameter must be in [0, 1] and study_design must have 'unknown'")
    return params


def evidence_probability(ev: Evidence, design: str = "unknown", params: BeliefParameters | None = None) -> float:
    """p(e) of one sentence (0 when it does not count as support).

    >>> evidence_probability(Evidence("a", "x", 0, 1, evidence_type="hedge", certainty="hedged"))
    0.2625
    >>> evidence_probability(Evidence("a", "x", 0, 1, evidence_type="finding", attribution="study_x"), "randomised trial")
    0.85
    >>> evidence_probability(Evidence("a", "x", 0, 1, evidence_type="promotion", supports=False))
    0.0
    """
    params = params or load_parameters()
    if not ev.supports:
        return 0.0
    p = params.type_prior.get(ev.evidence_type, params.type_prior.get("", 0.45))
    if ev.certainty == "hedged":
        p *= params.hedged
    if ev.attribution == UNATTRIBUTED:
        p = max(p, params.unattributed)
    elif ev.cited:
        p = max(p, params.study_design.get(design, params.study_design["unknown"]))
    return round(p, 6)


def belief(claim: Claim, publishers: Mapping[str, str] | None = None,
           design_of: Callable[[str], str] | None = None, params: BeliefParameters | None = None) -> float:
    """The claim's belief in [0, 1): see the module docstring.

    ``publishers`` maps a source id to its publisher (sources of one publisher count once);
    ``design_of(study id, sentence)`` gives the design of the study backing a sentence
    (default ``unknown``; :func:`graph_beliefs` uses :func:`graph.strength.studies.design_lookup`).
    """
    params = params or load_parameters()
    publishers = publishers or {}
    best: dict[str, float] = {}
    for ev in claim.evidence:
        design = design_of(ev.attribution, ev.sentence) if (design_of and ev.cited) else "unknown"
        p = evidence_probability(ev, design, params)
        group = (publishers.get(ev.source_id) or "").strip().lower() or "source:" + ev.source_id
        if p > best.get(group, 0.0):
            best[group] = p
    if not best:
        return 0.0
    error = 1.0
    for p in best.values():
        error *= 1.0 - p
    return round((1.0 - params.systematic_error) * (1.0 - error), 6)


def publishers_of(graph) -> dict[str, str]:
    """Source id -> publisher of a graph's sources."""
    return {sid: s.publisher for sid, s in graph.sources.items()}


# graph -> (token, beliefs): counted once per graph (the store, the CSV, RDF and KGX writers all
# need every claim's belief, and writers forked from the build read the parent's).
_BELIEFS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def graph_beliefs(graph) -> dict[str, float]:
    """Claim id -> belief for every claim of an :class:`~graph.evidence_graph.EvidenceGraph`
    (counted once per graph; a new dict each call)."""
    return dict(_graph_beliefs(graph))


def beliefs_of(graph) -> "Mapping[str, float]":
    """Claim id -> belief for every claim of the graph: the graph's own memo, counted on first use
    (read it, do not change it; :func:`graph_beliefs` gives a copy). The exporters that write
    every claim's belief read it, so writers run one after another in one process count it once."""
    return _graph_beliefs(graph)


def _graph_beliefs(graph) -> dict[str, float]:
    cached = _BELIEFS.get(graph)
    if cached is None or cached[0] != _graph_token(graph):
        publishers, design_of, params = publishers_of(graph), design_lookup(graph), load_parameters()
        cached = _BELIEFS[graph] = (_graph_token(graph),
                                    {cid: belief(c, publishers, design_of, params) for cid, c in graph.claims.items()})
    return cached[1]


def carry_beliefs(graph, previous, previous_beliefs: Mapping[str, float]) -> "Mapping[str, float]":
    """Every claim's belief, as :func:`beliefs_of` counts them, taking ``previous_beliefs`` (those
    of the graph ``previous``) for each claim that is the very object of ``previous`` and whose
    sources' publishers and cited studies' findings did not change; kept as ``graph``'s memo.

    A rebuild after one changed article counts again only the beliefs it can have changed
    (``graph`` made from ``previous`` by :func:`graph.reassemble.reassemble`).
    """
    publishers, before = publishers_of(graph), publishers_of(previous)
    moved = {sid for sid, publisher in publishers.items() if before.get(sid, publisher) != publisher}
    found = {s for s in set(graph.findings) | set(previous.findings)
             if graph.findings.get(s) != previous.findings.get(s)}
    design_of, params = design_lookup(graph), load_parameters()
    out: dict[str, float] = {}
    for cid, claim in graph.claims.items():
        known = previous_beliefs.get(cid)
        if known is not None and previous.claims.get(cid) is claim and not (
                (moved or found) and any(e.source_id in moved or e.attribution in found for e in claim.evidence)):
            out[cid] = known
        else:
            out[cid] = belief(claim, publishers, design_of, params)
    _BELIEFS[graph] = (_graph_token(graph), out)
    return out


_CONTEXTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def claim_belief(graph, claim: Claim) -> float:
    """The belief of one claim of ``graph`` (its sources' publishers, its studies' designs;
    both read once per graph)."""
    cached = _BELIEFS.get(graph)
    if cached is not None and graph.claims.get(claim.id) is claim and cached[0] == _graph_token(graph):
        return cached[1][claim.id]
    context = _CONTEXTS.get(graph)
    if context is None or context[0] != len(graph.sources):
        context = _CONTEXTS[graph] = (len(graph.sources), publishers_of(graph), design_lookup(graph))
    return belief(claim, context[1], context[2])
