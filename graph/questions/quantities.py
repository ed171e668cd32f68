"""Quantities read from free text (durations in days, percentages) and whether two of them differ.

Part of :mod:`graph.query` (which re-exports every name); split by question.
"""

from __future__ import annotations

import re
from graph.questions.index import _fold
from graph.questions.records import Quantity, _fmt

__all__ = ["QUANTITY_TOLERANCE", "parse_quantity", "compare_quantities"]


# Two quantities within this relative difference are "practically the same".
QUANTITY_TOLERANCE = 0.10



_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}
_UNIT_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_COMPARATORS = {
    "more than": ">", "longer than": ">", "over": ">", "greater than": ">", "beyond": ">", "past": ">",
    "at least": ">=", "a minimum of": ">=", "or more": ">=",
    "less than": "<", "fewer than": "<", "under": "<", "shorter than": "<",
    "up to": "<=", "within": "<=", "at most": "<=", "no more than": "<=",
    "about": "~", "around": "~", "approximately": "~", "roughly": "~", "nearly": "~", "almost": "~", "some": "~",
    "between": "range",
}
_CMP = "|".join(sorted((re.escape(k) for k in _COMPARATORS if k != "or more"), key=len, reverse=True))
_DURATION = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s+)?(?P<low>{_NUM})(?:\s*(?:-|to|and)\s*(?P<high>{_NUM}))?\s*"
    r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b(?P<more>\s+or\s+more|\s+or\s+longer)?"
)
_PERCENT = re.compile(
    rf"(?:(?P<cmp>{_CMP})\s+)?(?P<low>\d+(?:\.\d+)?)\s*(?:%|percent)?(?:\s*(?:-|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?:%|percent)"
)
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
              "one quarter": 25.0, "three quarters": 75.0, "a fifth": 20.0, "one fifth": 20.0}
_ONE_IN = re.compile(rf"(?P<cmp>{_CMP})?\s*(?:one|1)\s+(?:in|out of)\s+(?P<n>{_NUM})\b")


def _number(text: str) -> float:
    text = text.strip().lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text.replace(",", "."))


def parse_quantity(text: str) -> Quantity | None:
    """A duration (in days) or a percentage read from free text, or None.

    >>> q = parse_quantity("more than three months")
    >>> q.kind, q.comparator, round(q.low, 1), q.describe()
    ('duration', '>', 91.3, '91.3 days = 13 weeks')
    >>> q = parse_quantity("15-35%")
    >>> q.kind, q.low, q.high
    ('percent', 15.0, 35.0)
    >>> parse_quantity("half of patients").low, parse_quantity("up to 3 weeks").comparator
    (50.0, '<=')
    >>> parse_quantity("several") is None
    True
    """
    if not text:
        return None
    folded = _fold(text)
    m = _DURATION.search(folded)
    if m:
        try:
            low = _number(m["low"])
            high = _number(m["high"]) if m["high"] else low
        except ValueError:
            return None
        unit = m["unit"].rstrip("s")
        cmp = _COMPARATORS.get(m["cmp"] or "", "range" if m["high"] else "=")
        if m["more"]:
            cmp = ">="
        factor = _UNIT_DAYS[unit]
        return Quantity(text, "duration", low * factor, high * factor, cmp, unit)
    m = _PERCENT.search(folded)
    if m:
        low = float(m["low"])
        high = float(m["high"]) if m["high"] else low
        cmp = _COMPARATORS.get(m["cmp"] or "", "range" if m["high"] else "=")
        return Quantity(text, "percent", low, high, cmp, "%")
    for words, value in sorted(_FRACTIONS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{words}\b", folded):
            return Quantity(text, "percent", value, value, "~", "%")
    m = _ONE_IN.search(folded)
    if m:
        try:
            value = 100 / _number(m["n"])
        except (ValueError, ZeroDivisionError):
            return None
        return Quantity(text, "percent", value, value, "~", "%")
    return None


def compare_quantities(a: str, b: str) -> tuple[str, str]:
    """Whether two quantities of the same claim really differ: (verdict, explanation).

    Durations are compared in days (a month is 365.25/12 days); values within
    :data:`QUANTITY_TOLERANCE` (10 %) with the same comparator are ``equivalent``.
    Percent ranges that overlap are ``equivalent`` only if equal, else ``overlap``.

    >>> compare_quantities("more than three months", "more than 12 weeks")[0]
    'equivalent'
    >>> compare_quantities("more than 3 months", "more than 6 months")[0]
    'differs'
    >>> compare_quantities("several weeks", "a while")[0]
    'incomparable'
    """
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None or qb is None or qa.kind != qb.kind:
        return "incomparable", f"{a!r} and {b!r} cannot be compared automatically; read both sentences."
    da, db = f"{a!r} ({qa.describe()})", f"{b!r} ({qb.describe()})"
    if qa.kind == "duration":
        if _cmp_family(qa.comparator) != _cmp_family(qb.comparator):
            return "differs", f"{da} and {db} bound the duration in different ways ({qa.comparator} vs {qb.comparator})."
        va, vb = qa.value, qb.value
        gap = abs(va - vb)
        rel = gap / max(va, vb) if max(va, vb) else 0.0
        if gap < 1e-9:
            return "equivalent", f"{da} and {db} are the same duration written differently."
        if rel <= QUANTITY_TOLERANCE:
            return "equivalent", (
                f"{da} vs {db}: about {_fmt(gap)} days ({rel:.0%}) apart, within {QUANTITY_TOLERANCE:.0%}; "
                f"practically the same threshold written in other units (months rounded to weeks), not a real disagreement."
            )
        return "differs", f"{da} vs {db}: {_fmt(gap)} days ({rel:.0%}) apart; the sources state different values."
    # percentages
    if (qa.low, qa.high) == (qb.low, qb.high):
        return "equivalent", f"{da} and {db} are the same proportion."
    if qa.low <= qb.high and qb.low <= qa.high:
        return "overlap", f"{da} and {db} overlap but are not the same estimate."
    gap = min(abs(qa.low - qb.high), abs(qb.low - qa.high))
    if max(qa.high, qb.high) and gap / max(qa.high, qb.high) <= QUANTITY_TOLERANCE:
        return "equivalent", f"{da} and {db} are within {QUANTITY_TOLERANCE:.0%} of each other."
    return "differs", f"{da} vs {db}: the sources give different proportions."


def _cmp_family(cmp: str) -> str:
    return {">": "min", ">=": "min", "<": "max", "<=": "max"}.get(cmp, "point")
