"""Does the belief score rank claims the way the gold does? AUC and a reliability table.

A claim is *right* when the gold of one of its articles holds it (matched as
:mod:`graph.evaluate` matches claims: concepts mapped to gold labels, then
``(subject, predicate, object, polarity)``), *wrong* when the gold of every article
it comes from lacks it; claims from articles without gold are left out. The AUC is
the probability that a right claim has a higher belief than a wrong one (ties count
half): 0.5 is no better than chance.

>>> auc([0.9, 0.8, 0.3, 0.2], [True, True, False, False])
1.0
>>> auc([0.5, 0.5], [True, False])
0.5
>>> [(r.low, r.n, r.right) for r in reliability([0.1, 0.15, 0.9], [False, True, True], bins=2)]
[(0.0, 2, 1), (0.5, 1, 1)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.evidence_graph import EvidenceGraph
from graph.evaluate import Gold, _best_gold_label, _claim_key, _concept_keys, _from_graph, _name_keys, load_gold
from graph.strength.belief import graph_beliefs
from graph.vocab import Vocabulary, load_vocabulary

__all__ = ["ReliabilityRow", "Calibration", "gold_labels", "auc", "reliability", "calibrate", "calibrate_folder"]


@dataclass(frozen=True)
class ReliabilityRow:
    """Claims whose belief falls in [low, high): how many, how many the gold holds, their mean belief."""

    low: float
    high: float
    n: int
    right: int
    mean_belief: float

    @property
    def share_right(self) -> float | None:
        return self.right / self.n if self.n else None


@dataclass
class Calibration:
    right: int
    wrong: int
    auc: float | None
    rows: list[ReliabilityRow]

    def as_dict(self) -> dict[str, Any]:
        return {"right": self.right, "wrong": self.wrong, "auc": None if self.auc is None else round(self.auc, 4),
                "reliability": [dict(asdict(r), share_right=None if r.share_right is None else round(r.share_right, 4))
                                for r in self.rows]}

    def format_table(self) -> str:
        lines = [f"claims in gold {self.right}, not in gold {self.wrong}, AUC "
                 + ("n/a" if self.auc is None else f"{self.auc:.3f}"),
                 "| belief | claims | in gold | share in gold | mean belief |", "|---|---|---|---|---|"]
        for r in self.rows:
            share = "" if r.share_right is None else f"{r.share_right:.2f}"
            lines.append(f"| {r.low:.1f}-{r.high:.1f} | {r.n} | {r.right} | {share} | {r.mean_belief:.2f} |")
        return "\n".join(lines)


def gold_labels(graph: EvidenceGraph, gold: Mapping[str, Gold], vocabulary: Vocabulary | None = None) -> dict[str, bool]:
    """Claim id -> whether the gold of one of its articles holds it (claims of articles without gold left out)."""
    vocabulary = vocabulary or load_vocabulary()
    views = _from_graph(graph, vocabulary)
    mapped: dict[str, dict[str, str]] = {}
    for sid, g in gold.items():
        view = views.get(sid)
        if view is None:
            continue
        gold_keys = {c.label: _name_keys([c.label, *c.aliases], vocabulary) for c in g.concepts}
        mapped[sid] = {cid: _best_gold_label(c, _concept_keys(c, vocabulary), gold_keys) or f"~{c.label}"
                       for cid, c in view.concepts.items()}
    distinct = {sid: g.distinct_claims() for sid, g in gold.items()}
    out: dict[str, bool] = {}
    for cid, claim in graph.claims.items():
        verdicts = []
        for sid in claim.sources:
            if sid not in mapped:
                continue
            names = mapped[sid]
            key = _claim_key(names.get(claim.subject, f"~{claim.subject}"), claim.predicate,
                             names.get(claim.object, f"~{claim.object}"), claim.polarity)
            verdicts.append(key in distinct[sid])
        if verdicts:
            out[cid] = any(verdicts)
    return out


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve (Mann-Whitney): P(score of a right item > score of a wrong one); None without both."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return None
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def reliability(scores: Sequence[float], labels: Sequence[bool], bins: int = 5) -> list[ReliabilityRow]:
    """Claims grouped by belief into ``bins`` equal bins of [0, 1]: a reliability table."""
    rows = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        inside = [(s, y) for s, y in zip(scores, labels) if low <= s < high or (i == bins - 1 and s == 1.0)]
        rows.append(ReliabilityRow(round(low, 4), round(high, 4), len(inside), sum(1 for _, y in inside if y),
                                   round(sum(s for s, _ in inside) / len(inside), 4) if inside else 0.0))
    return rows


def calibrate(graph: EvidenceGraph, gold: Mapping[str, Gold], vocabulary: Vocabulary | None = None,
              bins: int = 5) -> Calibration:
    """AUC and reliability table of the graph's beliefs against the gold."""
    labels = gold_labels(graph, gold, vocabulary)
    beliefs = graph_beliefs(graph)
    ids = sorted(labels)
    scores = [beliefs[i] for i in ids]
    ys = [labels[i] for i in ids]
    return Calibration(sum(ys), len(ys) - sum(ys), auc(scores, ys), reliability(scores, ys, bins))


def calibrate_folder(sources: str | Path, gold_dir: str | Path, bins: int = 5) -> Calibration:
    """Build the graph of ``sources`` and calibrate its beliefs against the gold files of ``gold_dir``."""
    from graph.pipeline import extract_graph

    vocabulary = load_vocabulary()
    graph, _ = extract_graph(Path(sources), vocabulary=vocabulary)
    return calibrate(graph, load_gold(gold_dir), vocabulary, bins)

