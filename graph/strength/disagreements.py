"""Where articles disagree, each disagreement with its two sentences side by side and a verdict.

Verdicts: ``contradicts`` (cannot both hold: a claim affirmed in one article and negated in
another, both asserted; quantities whose ranges do not meet), ``qualifies`` (one side narrows
or doubts the other: affirmed vs negated with one side hedged, asserted in one article and only
hedged in another, a weaker predicate affirmed beside a stronger one negated), ``differs in
degree`` (quantities of the same thing that overlap but differ: "up to 3 weeks" vs "weeks to
several months") and ``equivalent`` (the same bound in other units: "more than three months"
vs "more than 12 weeks").

Three sources of disagreements:

- claims (:func:`graph.query.contradictions`): polarity, related or opposite predicates,
  quantities of one claim; split into pairs of sentences;
- certainty: the same claim asserted in one article and only hedged in another (sentences that
  do not count as support, such as promotion, are left out);
- attributes (``disagreements.yaml``): quantities the articles' sentences state about a subject,
  read from the text (how long a condition lasts by its definition, how long relief lasts, how
  soon a treatment works, response rates, doses), with units normalised (durations in days,
  doses in mg or mg/kg, percentages).

``scope``: by default only pairs from two different articles (``across``); ``within=SOURCE``
gives the pairs inside one article instead.

>>> interval("more than three months")[:2] == (365.25 / 4, float("inf"))
True
>>> interval("weeks to several months")[:2]  # several: 3 to 9
(7.0, 273.9375)
>>> verdict(interval("more than three months"), interval("more than 12 weeks"))
'equivalent'
>>> verdict(interval("up to 3 weeks"), interval("weeks to several months"))
'differs in degree'
>>> verdict(interval("within a few hours"), interval("after 3 months"))
'contradicts'
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.fileio import load_yaml
from graph.errors import QueryError, VocabularyError
from graph.evidence_graph import EvidenceGraph
from graph.model import Evidence
from graph.strength.evidence_types import evidence_type

__all__ = ["VERDICTS", "KINDS", "ANY_ARTICLE", "Side", "Disagreement", "interval", "verdict", "attribute_statements",
           "involvement_statements", "disagreements"]

VERDICTS = ("contradicts", "qualifies", "differs in degree", "equivalent")
RULES_PATH = Path(__file__).with_name("disagreements.yaml")
INF = math.inf

_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
# A bare plural unit ("weeks") spans from one of it to one of the next unit.
_NEXT = {"minute": 1 / 24, "hour": 1.0, "day": 7.0, "week": 365.25 / 12, "month": 365.25, "year": INF}
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20, "thirty": 30}
_VAGUE = {"a few": (2, 5), "few": (2, 5), "a couple of": (2, 3), "several": (3, 9), "many": (5, 20)}
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_VAGUE_RE = "|".join(sorted(_VAGUE, key=len, reverse=True))
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
_PREFIX = (r"(?:(?:more than|longer than|over|at least|up to|less than|fewer than|within|about|around|approximately|"
           r"roughly|nearly|just|only|as little as|as long as|even)\s+)*")
_ATOM = rf"(?:(?:{_NUM})(?:\s*(?:-|to)\s*(?:{_NUM}))?\s*-?\s*|(?:{_VAGUE_RE})\s+)?{_UNIT}\b"
DURATION = rf"{_PREFIX}{_ATOM}(?:(?:\s*,\s*(?:or\s+|and\s+)?(?:even\s+)?|\s+(?:to|or|and)\s+(?:even\s+)?){_PREFIX}{_ATOM})*"
PERCENT = (r"(?:(?:about|around|approximately|nearly|almost|more than|over|less than|up to)\s+)?"
           r"(?:\d+(?:\.\d+)?\s*(?:-|to)\s*\d+(?:\.\d+)?\s*(?:%|percent)|\d+(?:\.\d+)?\s*(?:%|percent)|half|a third|one third|"
           r"two thirds|a quarter|three quarters|one in \w+)")
DOSE = r"\d+(?:\.\d+)?\s*(?:-|to)?\s*(?:\d+(?:\.\d+)?\s*)?(?:mg/kg|mcg/kg|µg/kg|mg|mcg|µg|g)\b"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


# -- quantities as intervals ---------------------------------------------------------------------


def _num(text: str) -> float:
    text = text.strip().lower()
    return float(_WORDS[text]) if text in _WORDS else float(text)


def _atom_interval(text: str) -> tuple[float, float] | None:
    m = re.search(rf"(?:(?P<a>{_NUM})(?:\s*(?:-|to)\s*(?P<b>{_NUM}))?\s*-?\s*|(?P<v>{_VAGUE_RE})\s+)?(?P<u>{_UNIT})\b", text)
    if not m:
        return None
    unit = m["u"].rstrip("s")
    days = _UNIT_DAYS[unit]
    if m["a"]:
        lo = _num(m["a"]) * days
        hi = _num(m["b"]) * days if m["b"] else lo
    elif m["v"]:
        lo, hi = (n * days for n in _VAGUE[m["v"]])
    elif m["u"].endswith("s"):  # "weeks": a week or more, under a month
        lo, hi = days, _NEXT[unit]
    else:  # "month" alone
        lo = hi = days
    return lo, hi


@functools.lru_cache(maxsize=4096)
def interval(text: str) -> tuple[float, float, str] | None:
    """A quantity as ``(low, high, kind)``: durations in days, percentages, doses in mg or mg/kg.

    Lists and ranges ("weeks, months, or even years", "weeks to several months") span their
    parts; "more than", "at least" open the top, "up to", "within", "less than" the bottom.
    """
    t = " ".join(text.translate(_QUOTES).lower().split())
    dose = re.fullmatch(r"(?P<a>\d+(?:\.\d+)?)\s*(?:-|to)?\s*(?P<b>\d+(?:\.\d+)?)?\s*(?P<u>mg/kg|mcg/kg|µg/kg|mg|mcg|µg|g)", t)
    if dose:
        factor, kind = {"mg/kg": (1, "mg/kg"), "mcg/kg": (0.001, "mg/kg"), "µg/kg": (0.001, "mg/kg"), "mg": (1, "mg"),
                        "mcg": (0.001, "mg"), "µg": (0.001, "mg"), "g": (1000, "mg")}[dose["u"]]
        lo = float(dose["a"]) * factor
        return lo, (float(dose["b"]) * factor if dose["b"] else lo), kind
    if re.search(_UNIT, t):
        parts = [p for p in (_atom_interval(a.group(0)) for a in re.finditer(_ATOM, t)) if p]
        if not parts:
            return None
        lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
        if re.match(r"(?:(?:just|only|even)\s+)*(?:more than|longer than|over|at least|as long as)\b", t):
            hi = INF
        elif re.match(r"(?:(?:just|only|even)\s+)*(?:up to|within|less than|fewer than)\b", t):
            lo = 0.0
        elif re.match(r"(?:about|around|approximately|roughly|nearly)\b", t):
            lo, hi = lo * 0.9, hi * 1.1
        return lo, hi, "days"
    from graph.query import parse_quantity  # the percentages of the claims' quantities, read the same way

    q = parse_quantity(t)
    if q is None or q.kind != "percent":
        return None
    lo, hi = q.low, q.high
    if q.comparator in (">", ">="):
        hi = 100.0
    elif q.comparator in ("<", "<="):
        lo = 0.0
    return lo, hi, "%"


def _close(x: float, y: float, tolerance: float) -> bool:
    if x == y:
        return True
    if math.isinf(x) or math.isinf(y):
        return False
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def verdict(a: tuple[float, float, str] | None, b: tuple[float, float, str] | None, tolerance: float = 0.10) -> str | None:
    """``equivalent`` (both bounds within ``tolerance``), ``contradicts`` (ranges apart) or ``differs in degree``;
    None when the two cannot be compared (different kinds)."""
    if a is None or b is None or a[2] != b[2]:
        return None
    if _close(a[0], b[0], tolerance) and _close(a[1], b[1], tolerance):
        return "equivalent"
    if (a[1] < b[0] and not _close(a[1], b[0], tolerance)) or (b[1] < a[0] and not _close(b[1], a[0], tolerance)):
        return "contradicts"
    return "differs in degree"


def _describe(q: tuple[float, float, str] | None) -> str:
    if q is None:
        return "?"
    lo, hi, kind = q

    def fmt(x: float) -> str:
        if kind != "days":
            return f"{x:g}{'%' if kind == '%' else ' ' + kind}"
        if x >= 60:
            value, unit = (x / (365.25 / 12), "month") if x < 730 else (x / 365.25, "year")
        elif x >= 14:
            value, unit = x / 7, "week"
        else:
            value, unit = (x, "day") if x >= 1 else (x * 24, "hour")
        return f"{value:.3g} {unit}" + ("" if f"{value:.3g}" == "1" else "s")

    if math.isinf(hi):
        return f"{fmt(lo)} or more"
    if lo == 0:
        return f"up to {fmt(hi)}"
    return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"


# -- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: a sentence of one article, and what it says."""

    source_id: str
    sentence: str
    start: int
    end: int
    says: str  # the claim or the quantity, in words
    quantity: str = ""
    certainty: str = ""
    claim_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "sentence": self.sentence, "start": self.start, "end": self.end,
                "says": self.says, "quantity": self.quantity, "certainty": self.certainty, "claim_id": self.claim_id}


@dataclass(frozen=True)
class Disagreement:
    """Two sentences that disagree about ``about``, with a verdict and why."""

    kind: str
    verdict: str
    about: str
    a: Side
    b: Side
    explanation: str

    @property
    def across(self) -> bool:
        return self.a.source_id != self.b.source_id

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "verdict": self.verdict, "about": self.about, "explanation": self.explanation,
                "a": self.a.as_dict(), "b": self.b.as_dict()}


KINDS = ("polarity", "related_predicate", "opposite_effect", "involvement", "quantity", "certainty", "duration",
         "relief_duration", "onset", "response_rate", "dose")


@functools.lru_cache(maxsize=2)
def _rules(path: str | Path = RULES_PATH) -> dict[str, Any]:
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
        attributes = {}
        for name, spec in data["attributes"].items():
            pattern = spec["pattern"].replace("{duration}", DURATION).replace("{percent}", PERCENT).replace("{dose}", DOSE)
            attributes[name] = dict(spec, regex=re.compile(pattern, re.IGNORECASE))
            if spec["subject"] not in ("defined_at_start", "treatment"):
                raise VocabularyError(f"{path}: attribute {name}: subject must be defined_at_start or treatment")
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as error:
        raise VocabularyError(f"cannot read disagreement rules {path}: {error}") from error
    involvement = data.get("involvement")
    if involvement:
        try:
            involvement = dict(involvement, negative_re=re.compile(involvement["negative"], re.IGNORECASE),
                               positive_re=re.compile(involvement["positive"], re.IGNORECASE),
                               generic=frozenset(involvement.get("generic_words") or ()))
        except (KeyError, re.error) as error:
            raise VocabularyError(f"{path}: involvement: {error}") from error
    return {"tolerance": float(data.get("tolerance", 0.10)), "attributes": attributes, "involvement": involvement}


# -- attributes read from the text ---------------------------------------------------------------


@dataclass(frozen=True)
class _Statement:
    attribute: str
    subject: str
    source_id: str
    sentence: str
    start: int
    end: int
    quantity: str
    value: tuple[float, float, str]


def _names_regex(graph: EvidenceGraph, categories: Iterable[str]) -> tuple[re.Pattern | None, dict[str, str]]:
    from graph.query import _fold, concept_names

    wanted = set(categories)
    names = {n: cid for n, cid in concept_names(c for c in graph.concepts.values() if c.category in wanted).items()
             if len(n) >= 3}
    if not names:
        return None, {}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), names


def attribute_statements(graph: EvidenceGraph, source_ids: Iterable[str] | None = None) -> list[_Statement]:
    """Every quantity the articles' sentences state about a subject (rules in ``disagreements.yaml``)."""
    from graph.extract.segment import segment
    from graph.query import _fold

    rules = _rules()
    regexes = {}
    for name, spec in rules["attributes"].items():
        key = tuple(sorted(spec["categories"]))
        if key not in regexes:
            regexes[key] = _names_regex(graph, key)
    out: list[_Statement] = []
    wanted = set(source_ids) if source_ids is not None else None
    for sid, source in graph.sources.items():
        if (wanted is not None and sid not in wanted) or not source.text:
            continue
        sentences = [s for s in segment(source) if not s.is_heading]
        mentions = graph.source_mentions.get(sid, {})
        for i, sent in enumerate(sentences):
            text = sent.text.translate(_QUOTES)
            folded = _fold(text)
            for name, spec in rules["attributes"].items():
                m = spec["regex"].search(text)
                if not m:
                    continue
                if spec.get("sentence_types") and evidence_type(sent.text) not in spec["sentence_types"]:
                    continue
                names_re, names = regexes[tuple(sorted(spec["categories"]))]
                if names_re is None:
                    continue
                subject = ""
                if spec["subject"] == "defined_at_start":
                    hit = names_re.match(folded)
                    if hit and re.match(r"\s*(?:,|\(|is\b|are\b|can be\b|refers\b|means\b)", folded[hit.end():]):
                        subject = names[hit.group(0)]
                else:
                    hit = names_re.search(folded)
                    if hit is None and i and sentences[i - 1].paragraph == sent.paragraph:
                        hit = names_re.search(_fold(sentences[i - 1].text))
                    if hit is not None:
                        subject = names[hit.group(0)]
                    else:
                        ranked = sorted(((n, cid) for cid, n in mentions.items()
                                         if cid in graph.concepts and graph.concepts[cid].category in spec["categories"]),
                                        key=lambda x: (-x[0], x[1]))
                        subject = ranked[0][1] if ranked else ""
                value = interval(m["q"])
                if subject and value is not None:
                    out.append(_Statement(name, subject, sid, sent.text, sent.start, sent.end, m["q"].strip(), value))
    return out


def _target_key(label: str, generic: frozenset[str]) -> str:
    """"opioid system" and "opioids" -> "opioid": the name without generic words, singular."""
    words = [w for w in re.split(r"[\s-]+", label.lower()) if w and w not in generic]
    return " ".join(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words)


@dataclass(frozen=True)
class _Involvement:
    subject: str
    target: str  # the target key
    target_label: str
    involves: bool
    hedged: bool
    source_id: str
    sentence: str
    start: int
    end: int
    words: str


def involvement_statements(graph: EvidenceGraph, source_ids: Iterable[str] | None = None) -> list[_Involvement]:
    """Sentences saying a treatment's action does, or does not, involve a mechanism or molecule."""
    from graph.extract.segment import segment
    from graph.query import _fold

    spec = _rules()["involvement"]
    if not spec:
        return []
    subjects_re, subject_names = _names_regex(graph, spec["subject_categories"])
    targets_re, target_names = _names_regex(graph, spec["target_categories"])
    if subjects_re is None or targets_re is None:
        return []
    wanted = set(source_ids) if source_ids is not None else None
    out = []
    for sid, source in graph.sources.items():
        if (wanted is not None and sid not in wanted) or not source.text:
            continue
        sentences = [s for s in segment(source) if not s.is_heading]
        for i, sent in enumerate(sentences):
            folded = _fold(sent.text)
            hit = subjects_re.search(folded)
            if hit is None and i and sentences[i - 1].paragraph == sent.paragraph:
                hit = subjects_re.search(_fold(sentences[i - 1].text))
            if hit is None:
                continue
            subject = subject_names[hit.group(0)]
            for target in targets_re.finditer(folded):
                target_id = target_names[target.group(0)]
                if target_id == subject:
                    continue
                before = folded[max(0, target.start() - 80):target.start()]
                if spec["negative_re"].search(before):
                    involves = False
                elif spec["positive_re"].search(before):
                    involves = True
                else:
                    continue
                label = graph.concepts[target_id].label
                out.append(_Involvement(subject, _target_key(label, spec["generic"]), label, involves,
                                        evidence_type(sent.text) == "hedge", sid, sent.text, sent.start, sent.end,
                                        folded[max(0, target.start() - 40):target.end()].strip()))
    return out


def _from_involvement(graph: EvidenceGraph, within: str | None) -> list[Disagreement]:
    spec = _rules()["involvement"]
    if not spec:
        return []
    groups: dict[tuple[str, str], list[_Involvement]] = defaultdict(list)
    for st in involvement_statements(graph, [within] if within and within != ANY_ARTICLE else None):
        groups[(st.subject, st.target)].append(st)
    out = []
    for (subject, target), items in sorted(groups.items()):
        yes = [s for s in items if s.involves]
        no = [s for s in items if not s.involves]
        seen = set()
        for a, b in itertools.product(yes, no):
            if not _in_scope(a.source_id, b.source_id, within) or (a.source_id, b.source_id) in seen:
                continue
            seen.add((a.source_id, b.source_id))
            label = graph.concepts[subject].label
            about = spec["describe"].format(subject=label, target=target)
            hedged = [x for x, s in (("the first", a), ("the second", b)) if s.hedged]
            v = "qualifies" if hedged else "contradicts"
            why = (f"one sentence says {label}'s action involves {a.target_label} ('{a.words}'), the other that it does "
                   f"not ('{b.words}')" + (f"; {' and '.join(hedged)} is hedged, so it qualifies rather than refutes."
                                          if hedged else "."))
            out.append(Disagreement("involvement", v, about,
                                    Side(a.source_id, a.sentence, a.start, a.end, f"involves {a.target_label}",
                                         certainty="hedged" if a.hedged else "asserted"),
                                    Side(b.source_id, b.sentence, b.start, b.end, f"does not involve {b.target_label}",
                                         certainty="hedged" if b.hedged else "asserted"), why))
    return out


# -- disagreements ---------------------------------------------------------------------------------

_VERDICT_OF = {"contradiction": "contradicts", "tension": "qualifies", "qualification": "qualifies",
               "compatible": "qualifies"}


#: ``within=ANY_ARTICLE``: the pairs inside any one article (all articles in one pass).
ANY_ARTICLE = "*"


def _in_scope(a: str, b: str, within: str | None) -> bool:
    if within == ANY_ARTICLE:
        return a == b
    return a == b == within if within else a != b


def _claim_text(graph: EvidenceGraph, claim) -> str:
    s, o = graph.concepts[claim.subject].label, graph.concepts[claim.object].label
    return f"{s} {'NOT ' if claim.polarity == 'negated' else ''}{claim.predicate.replace('_', ' ')} {o}"


def _side(graph: EvidenceGraph, claim, ev: Evidence, quantity: str = "") -> Side:
    return Side(ev.source_id, ev.sentence, ev.start, ev.end, _claim_text(graph, claim), quantity or ev.quantity,
                ev.certainty, claim.id)


def _from_claims(graph: EvidenceGraph, within: str | None, tolerance: float) -> list[Disagreement]:
    from graph.query import contradictions

    out = []
    for c in contradictions(graph):
        if c.kind == "cross_predicate":  # unrelated predicates: both can hold, not a disagreement
            continue
        seen: set[tuple[str, str]] = set()
        for ea, eb in itertools.product(c.a.evidence, c.b.evidence):
            pair = (ea.source_id, eb.source_id)
            if not _in_scope(*pair, within) or pair in seen or (ea.start, ea.source_id) == (eb.start, eb.source_id):
                continue
            seen.add(pair)
            if c.kind == "quantity":
                qa, qb = interval(ea.quantity), interval(eb.quantity)
                v = verdict(qa, qb, tolerance)
                if v is None:
                    continue
                why = (f"{ea.quantity!r} ({_describe(qa)}) vs {eb.quantity!r} ({_describe(qb)}): "
                       + {"equivalent": "the same bound in other units.",
                          "contradicts": "the ranges do not meet.",
                          "differs in degree": "the ranges overlap but are not the same."}[v])
            elif c.kind in ("polarity", "related_predicate", "opposite_effect"):
                hedged = "hedged" in (ea.certainty, eb.certainty)
                v = "qualifies" if hedged or c.verdict == "compatible" else "contradicts"
                why = c.explanation
            else:
                v, why = _VERDICT_OF.get(c.verdict, "qualifies"), c.explanation
            out.append(Disagreement(c.kind, v, _claim_text(graph, c.a.claim), _side(graph, c.a.claim, ea, c.a.quantity),
                                    _side(graph, c.b.claim, eb, c.b.quantity), why))
    return out


def _from_certainty(graph: EvidenceGraph, within: str | None) -> list[Disagreement]:
    """The same claim asserted in one article and only hedged in another: the hedge qualifies it."""
    if within:
        return []
    out = []
    for claim in graph.claims.values():
        per_source: dict[str, list[Evidence]] = defaultdict(list)
        for ev in claim.evidence:
            if ev.supports:
                per_source[ev.source_id].append(ev)
        asserted = {s: [e for e in evs if e.certainty == "asserted"] for s, evs in per_source.items()}
        asserting = sorted(s for s, evs in asserted.items() if evs)
        hedging = sorted(s for s, evs in asserted.items() if not evs)
        if not asserting:
            continue
        for sid in hedging:
            ea, eb = asserted[asserting[0]][0], per_source[sid][0]
            out.append(Disagreement(
                "certainty", "qualifies", _claim_text(graph, claim), _side(graph, claim, ea), _side(graph, claim, eb),
                f"{asserting[0]} states it as fact; {sid} only hedges it: state it no more firmly than the weaker "
                f"source allows, or say who states it how."))
    return out


def _from_attributes(graph: EvidenceGraph, within: str | None, tolerance: float) -> list[Disagreement]:
    rules = _rules()
    statements = attribute_statements(graph, [within] if within and within != ANY_ARTICLE else None)
    groups: dict[tuple[str, str], list[_Statement]] = defaultdict(list)
    for s in statements:
        groups[(s.attribute, s.subject)].append(s)
    out = []
    for (attribute, subject), items in sorted(groups.items()):
        items = list({(s.source_id, s.start, s.quantity): s for s in items}.values())
        for a, b in itertools.combinations(sorted(items, key=lambda s: (s.source_id, s.start)), 2):
            if not _in_scope(a.source_id, b.source_id, within) or (a.source_id, a.start) == (b.source_id, b.start):
                continue
            v = verdict(a.value, b.value, tolerance)
            if v is None:
                continue
            label = graph.concepts[subject].label
            about = rules["attributes"][attribute]["describe"].format(subject=label)
            why = (f"{a.quantity!r} ({_describe(a.value)}) vs {b.quantity!r} ({_describe(b.value)}): "
                   + {"equivalent": "the same bound in other units; not a real disagreement.",
                      "contradicts": "the ranges do not meet: the articles cannot both be right.",
                      "differs in degree": "the ranges overlap but differ; say which source gives which figure."}[v])
            side = lambda s: Side(s.source_id, s.sentence, s.start, s.end, f"{about}: {s.quantity}", s.quantity)  # noqa: E731
            out.append(Disagreement(attribute, v, about, side(a), side(b), why))
    return out


# Listed first what a writer must resolve: opposite statements, then different figures, then hedges.
_VERDICT_ORDER = {"contradicts": 0, "differs in degree": 1, "qualifies": 2, "equivalent": 3}


def disagreements(graph: EvidenceGraph, *, within: str | None = None, kinds: Iterable[str] | None = None,
                  verdicts: Iterable[str] | None = None) -> list[Disagreement]:
    """Disagreements across articles (default) or, with ``within`` (a source id), inside one article
    (``within=ANY_ARTICLE``: inside any one article, every article in one pass).

    Ordered by verdict (``contradicts``, ``differs in degree``, ``qualifies``, ``equivalent``), then kind and
    what they are about.
    """
    from graph.query import find_source

    kinds = set(kinds or ())
    unknown = kinds - set(KINDS)
    if unknown:
        raise QueryError(f"unknown disagreement kind {sorted(unknown)[0]!r}; one of: {', '.join(KINDS)}")
    verdicts = set(verdicts or ())
    if verdicts - set(VERDICTS):
        raise QueryError(f"unknown verdict {sorted(verdicts - set(VERDICTS))[0]!r}; one of: {', '.join(VERDICTS)}")
    source = within if within == ANY_ARTICLE else find_source(graph, within).id if within else None
    tolerance = _rules()["tolerance"]
    attributes = _from_attributes(graph, source, tolerance)
    covered = {frozenset(((d.a.source_id, d.a.start), (d.b.source_id, d.b.start))) for d in attributes}
    from_claims = [d for d in _from_claims(graph, source, tolerance)  # a quantity already read as an attribute once
                   if not (d.kind == "quantity" and frozenset(((d.a.source_id, d.a.start), (d.b.source_id, d.b.start))) in covered)]
    found = from_claims + _from_certainty(graph, source) + attributes + _from_involvement(graph, source)
    found = [d for d in found if (not kinds or d.kind in kinds) and (not verdicts or d.verdict in verdicts)]
    unique = {(d.kind, d.about, d.a.source_id, d.a.start, d.b.source_id, d.b.start): d for d in found}
    return sorted(unique.values(), key=lambda d: (_VERDICT_ORDER[d.verdict], KINDS.index(d.kind), d.about,
                                                 d.a.source_id, d.a.start, d.b.source_id, d.b.start))
