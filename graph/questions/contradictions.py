"""Where claims disagree: affirmed vs negated, related or opposite predicates, one claim's quantities.
(Disagreements between articles, sentence by sentence: :mod:`graph.strength.disagreements`.)

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable

from graph.errors import QueryError
from graph.evidence_graph import EvidenceGraph
from graph.model import SYMMETRIC_PREDICATES, Claim, Evidence
from graph.questions.index import _fold
from graph.questions.quantities import compare_quantities, parse_quantity
from graph.questions.records import Contradiction, ContradictionSide

__all__ = ["PREDICATE_FAMILIES", "PREDICATE_IMPLIES", "OPPOSITE_PREDICATES", "contradictions"]


# Predicates close in meaning: "A p1 B" affirmed beside "A p2 B" negated is worth a look.
PREDICATE_FAMILIES: dict[str, frozenset[str]] = {
    "causal": frozenset({"causes", "risk_factor_for", "affects", "has_symptom"}),
    "regulation": frozenset({"inhibits", "increases", "modulates", "affects"}),
}

# "A p1 B" implies "A p2 B" (p1 -> the weaker p2s). Affirming the stronger and negating the weaker
# disagrees; affirming the weaker and negating the stronger ("a risk factor, not a direct cause") is
# compatible.
PREDICATE_IMPLIES: dict[str, frozenset[str]] = {
    "causes": frozenset({"risk_factor_for", "affects"}),
    "inhibits": frozenset({"modulates", "affects"}),
    "increases": frozenset({"modulates", "affects"}),
    "modulates": frozenset({"affects"}),
}

# Predicates that disagree when both are affirmed for the same subject and object.
OPPOSITE_PREDICATES: frozenset[frozenset[str]] = frozenset({frozenset({"increases", "inhibits"})})




def _related(p1: str, p2: str) -> bool:
    return (
        any(p1 in family and p2 in family for family in PREDICATE_FAMILIES.values())
        or p2 in PREDICATE_IMPLIES.get(p1, ())
        or p1 in PREDICATE_IMPLIES.get(p2, ())
    )


def _polarity_verdict(graph: EvidenceGraph, affirmed: Claim, negated: Claim, kind: str) -> tuple[str, str]:
    s, o = graph.concepts[affirmed.subject].label, graph.concepts[affirmed.object].label
    srcs_a, srcs_n = set(affirmed.sources), set(negated.sources)
    one_source = srcs_a == srcs_n and len(srcs_a) == 1
    hedged = [side for side, c in (("affirmation", affirmed), ("negation", negated)) if c.certainty == "hedged"]
    if kind == "related_predicate" and affirmed.predicate in PREDICATE_IMPLIES.get(negated.predicate, ()):
        return "compatible", (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while the stronger "
            f"'{s} {negated.predicate} {o}' is negated ({', '.join(sorted(srcs_n))}): {negated.predicate} implies "
            f"{affirmed.predicate}, not the reverse, so both can hold (e.g. a risk factor that is not a direct cause); "
            f"not a contradiction, but the two sentences belong together."
        )
    if kind == "cross_predicate":
        return "hint", (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while '{s} {negated.predicate} {o}' "
            f"is negated ({', '.join(sorted(srcs_n))}). Different, unrelated predicates: both can be true, so this is "
            f"not a contradiction, only a pair worth reading together."
        )
    if kind == "polarity":
        what = f"'{s} {affirmed.predicate} {o}' is affirmed in {', '.join(sorted(srcs_a))} and negated in {', '.join(sorted(srcs_n))}"
    else:
        what = (
            f"'{s} {affirmed.predicate} {o}' is affirmed ({', '.join(sorted(srcs_a))}) while "
            f"'{s} {negated.predicate} {o}' is negated ({', '.join(sorted(srcs_n))})"
        )
        what += f" ({affirmed.predicate} and {negated.predicate} are related predicates)"
    if one_source and hedged:
        return "qualification", (
            f"{what}. Both come from the same article and the {' and '.join(hedged)} is hedged: the article nuances its "
            f"own statement (e.g. no evidence of a direct effect, but a possible one in some cases) rather than "
            f"contradicting itself; check the wording before reporting either side alone."
        )
    if hedged:
        return "tension", f"{what}. The {' and '.join(hedged)} is hedged, so this is a tension rather than a flat contradiction."
    if one_source:
        return "contradiction", f"{what}. Both sides are asserted in the same article."
    return "contradiction", f"{what}. Both sides are asserted."


def contradictions(graph: EvidenceGraph, *, kinds: Iterable[str] | None = None) -> list[Contradiction]:
    """Where the sources (or one source) disagree, each with both sides and their evidence.

    Looks for, over every subject/object pair (either order for symmetric predicates):
    affirmed vs negated with the same predicate (``polarity``), with related predicates
    (``related_predicate``, see :data:`PREDICATE_FAMILIES`) or with any other predicate
    (``cross_predicate``); affirmed ``increases`` vs affirmed ``inhibits``
    (``opposite_effect``); and one claim stated with different quantities
    (``quantity``: durations and percentages are normalised and compared, the verdict
    says whether they truly differ; two free-text quantities are reported as
    ``incomparable``, a duration beside a percentage is not reported, as they measure
    different things). See :class:`Contradiction` for verdicts.

    >>> for c in contradictions(example_graph()):
    ...     print(c.kind, c.subject.label, c.object.label, c.verdict)
    polarity chronic pain ptsd qualification
    cross_predicate chronic pain ptsd hint
    quantity chronic pain pain equivalent
    """
    allowed = set(kinds) if kinds else None
    known = {"polarity", "related_predicate", "cross_predicate", "opposite_effect", "quantity"}
    if allowed and allowed - known:
        raise QueryError(f"unknown contradiction kind {sorted(allowed - known)[0]!r}; one of: {', '.join(sorted(known))}")
    out: list[Contradiction] = []
    by_pair: dict[frozenset[str], list[Claim]] = defaultdict(list)
    for claim in graph.claims.values():
        by_pair[frozenset((claim.subject, claim.object))].append(claim)

    def same_direction(c1: Claim, c2: Claim) -> bool:
        if c1.predicate in SYMMETRIC_PREDICATES or c2.predicate in SYMMETRIC_PREDICATES:
            return True
        return c1.subject == c2.subject and c1.object == c2.object

    for pair_claims in by_pair.values():
        if len(pair_claims) < 2:
            continue
        affirmed = [c for c in pair_claims if c.polarity == "affirmed"]
        negated = [c for c in pair_claims if c.polarity == "negated"]
        for a in affirmed:
            for n in negated:
                if not same_direction(a, n):
                    continue
                if a.predicate == n.predicate:
                    kind = "polarity"
                elif _related(a.predicate, n.predicate):
                    kind = "related_predicate"
                else:
                    kind = "cross_predicate"
                verdict, why = _polarity_verdict(graph, a, n, kind)
                out.append(Contradiction(kind, verdict, graph.concepts[a.subject], graph.concepts[a.object],
                                         ContradictionSide(a, a.evidence), ContradictionSide(n, n.evidence), why))
        for a, b in itertools.combinations(affirmed, 2):
            if frozenset((a.predicate, b.predicate)) in OPPOSITE_PREDICATES and same_direction(a, b):
                s, o = graph.concepts[a.subject], graph.concepts[a.object]
                verdict = "tension" if "hedged" in (a.certainty, b.certainty) else "contradiction"
                why = (f"'{s.label} {a.predicate} {o.label}' ({', '.join(a.sources)}) and "
                       f"'{s.label} {b.predicate} {o.label}' ({', '.join(b.sources)}) are both affirmed but point in opposite directions.")
                out.append(Contradiction("opposite_effect", verdict, s, o, ContradictionSide(a, a.evidence), ContradictionSide(b, b.evidence), why))
    for claim in graph.claims.values():
        by_quantity: dict[str, list[Evidence]] = defaultdict(list)
        for ev in claim.evidence:
            if ev.quantity:
                by_quantity[_fold(ev.quantity)].append(ev)
        if len(by_quantity) < 2:
            continue
        groups = sorted(by_quantity.values(), key=lambda evs: (evs[0].source_id, evs[0].start))
        for ga, gb in itertools.combinations(groups, 2):
            qa, qb = parse_quantity(ga[0].quantity), parse_quantity(gb[0].quantity)
            if (qa is None) != (qb is None) or (qa and qb and qa.kind != qb.kind):
                continue  # a percentage and a duration (or free text) measure different things
            verdict, why = compare_quantities(ga[0].quantity, gb[0].quantity)
            out.append(Contradiction(
                "quantity", verdict, graph.concepts[claim.subject], graph.concepts[claim.object],
                ContradictionSide(claim, tuple(ga), ga[0].quantity), ContradictionSide(claim, tuple(gb), gb[0].quantity), why,
            ))
    order = {"polarity": 0, "related_predicate": 1, "opposite_effect": 2, "cross_predicate": 3, "quantity": 4}
    out.sort(key=lambda c: (order[c.kind], c.subject.label, c.object.label, c.a.claim.id, c.b.claim.id, c.a.quantity, c.b.quantity))
    if allowed:
        out = [c for c in out if c.kind in allowed]
    return out


# Names the doctests above use, bound late (they import this module).
from graph.questions.example import example_graph  # noqa: E402
