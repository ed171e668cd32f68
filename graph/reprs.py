"""Short, useful reprs: what an object is, in a line, never the whole article.

The data model's objects hold article text and each other (a ``Neighbor`` holds a
``Concept`` with dozens of synonyms and a ``Claim`` with every evidence sentence), so the
dataclasses' own reprs ran to thousands of characters. :func:`short_repr` shows the fields
that differ from their defaults, text cut to a few words, a nested concept by its id, a
nested claim by its triple, a long collection by its length, and stays under
:data:`MAX_REPR` characters. A few classes have their own one-line summary
(:data:`SUMMARIES`). :func:`install` gives classes this ``__repr__``; the data model and
the query module call it once for their public classes.

>>> from graph.model import Claim, Concept, Evidence, Source
>>> Concept("ptsd", "ptsd", "Condition", synonyms=("post-traumatic stress disorder", "shell shock", "PTSD symptoms", "ptsd"))
Concept('ptsd', 'ptsd', Condition, 4 synonyms)
>>> ev = Evidence("pain-and-ptsd", "Ketamine may reduce PTSD symptoms within hours of the first infusion, a study found.", 0, 84,
...               certainty="hedged", attribution="unattributed")
>>> ev
Evidence('pain-and-ptsd', 'Ketamine may reduce PTSD symptoms within hours of the…', hedged, attribution='unattributed')
>>> Claim("ketamine", "treats", "ptsd", evidence=(ev,))
Claim(ketamine -treats-> ptsd, affirmed, hedged, support 1, 1 sentence, id=...)
>>> Source("pain-and-ptsd", "x" * 5000, title="Can Chronic Pain Cause PTSD?")
Source('pain-and-ptsd', title='Can Chronic Pain Cause PTSD?', 5,000 characters)
>>> len(repr(Source("s", "t", title="x" * 1000))) <= MAX_REPR
True
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

__all__ = ["MAX_REPR", "clip", "short_repr", "install", "SUMMARIES"]

MAX_REPR = 200
_TEXT = 50  # characters of text shown


def clip(text: str, width: int = _TEXT) -> str:
    """``text`` on one line, cut to ``width`` characters with "…".

    >>> clip("a  b\\nc"), clip("abcdef", 4)
    ('a b c', 'abc…')
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(value: Any) -> str:
    """A field's value in a few characters."""
    name = type(value).__name__
    if isinstance(value, str):
        return repr(clip(value))
    if name == "Concept":
        return repr(value.id)
    if name == "Claim":
        return f"<{value.subject} -{value.predicate}-> {value.object}>"
    if name in ("Source", "Evidence"):
        return repr(value.source_id if name == "Evidence" else value.id)
    if isinstance(value, (tuple, list, set, frozenset, dict)):
        items = list(value)
        if not items:
            return "()" if isinstance(value, tuple) else "[]" if isinstance(value, list) else "{}"
        shown = [_value(v) for v in items[:3]]
        if len(items) > 3 or sum(len(s) for s in shown) > 60:
            return f"<{len(items)} {type(value).__name__}>"
        inner = ", ".join(shown)
        if isinstance(value, tuple):
            return f"({inner},)" if len(items) == 1 else f"({inner})"
        return f"[{inner}]"
    if isinstance(value, float):
        return f"{value:.3g}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return f"{name}(…)"
    return clip(repr(value), 40)


def _fit(text: str) -> str:
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 2] + "…)"


def short_repr(obj: Any) -> str:
    """``obj`` in one line of at most :data:`MAX_REPR` characters."""
    summary = SUMMARIES.get(type(obj).__name__)
    if summary is not None:
        return _fit(summary(obj))
    parts = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if not f.repr:
                continue
            value = getattr(obj, f.name)
            default = f.default if f.default is not dataclasses.MISSING else (
                f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
            if default is not dataclasses.MISSING and value == default:
                continue
            parts.append(f"{f.name}={_value(value)}")
    return _fit(f"{type(obj).__name__}(" + ", ".join(parts) + ")")


# -- one-line summaries of the objects a writer meets most ------------------------------------


def _source(s) -> str:
    title = f", title={clip(s.title)!r}" if s.title else ""
    return f"Source({s.id!r}{title}, {len(s.text):,} characters)"


def _concept(c) -> str:
    extra = f", {len(c.synonyms)} synonyms" if c.synonyms else ""
    display = f", display={c.display!r}" if c.display and c.display != c.label else ""
    return f"Concept({c.id!r}, {clip(c.label, 40)!r}, {c.category}{display}{extra})"


def _evidence(e) -> str:
    extra = "".join(f", {k}={v!r}" for k, v in (("attribution", e.attribution), ("quantity", e.quantity)) if v)
    certainty = ", hedged" if e.certainty == "hedged" else ""
    return f"Evidence({e.source_id!r}, {clip(e.sentence, 54)!r}{certainty}{extra})"


def _claim(c) -> str:
    n = len(c.evidence)
    return (f"Claim({c.subject} -{c.predicate}-> {c.object}, {c.polarity}, {c.certainty}, support {c.support}, "
            f"{n} sentence{'s' if n != 1 else ''}, id={c.id})")


def _neighbor(n) -> str:
    c = n.claim
    return (f"Neighbor({n.direction} {c.predicate} {n.concept.id!r}, {c.polarity}, {c.certainty}, "
            f"support {c.support}, claim={c.id})")


def _hop(h) -> str:
    return f"Hop({h}, {h.direction}, score {h.score:.3g}, claim={h.claim.id})"


def _path(p) -> str:
    return f"Path({p}, {len(p.hops)} hop{'s' if len(p.hops) != 1 else ''}, score {p.score:.3g})"


def _comparison(c) -> str:
    return (f"SourceComparison({c.a.id!r} vs {c.b.id!r}: shared {len(c.shared)}, only a {len(c.only_a)}, "
            f"only b {len(c.only_b)}, {len(c.disagreements)} disagreements)")


def _contradiction(c) -> str:
    return f"Contradiction({c.kind}, {c.verdict}: {c.subject.id} / {c.object.id}, claims {c.a.claim.id} vs {c.b.claim.id})"


def _uncited(u) -> str:
    c = u.claim
    return (f"UncitedClaim({u.source_id!r}, {c.subject} -{c.predicate}-> {c.object}, {u.backing}, "
            f"{len(u.evidence)} sentence(s), cited elsewhere: {'yes' if u.cited_elsewhere else 'no'})")


def _evidence_row(r) -> str:
    return f"EvidenceRow({r.source_id!r}, {clip(r.sentence, 54)!r}, {r.certainty}, claim={r.claim_id})"


def _search_hit(h) -> str:
    return f"SearchHit({h.subject} -{h.predicate}-> {h.object}, {h.source_id!r}, {clip(h.sentence, 54)!r})"


SUMMARIES: dict[str, Callable[[Any], str]] = {
    "Source": _source, "Concept": _concept, "Evidence": _evidence, "Claim": _claim, "Neighbor": _neighbor,
    "Hop": _hop, "Path": _path, "SourceComparison": _comparison, "Contradiction": _contradiction,
    "UncitedClaim": _uncited, "EvidenceRow": _evidence_row, "SearchHit": _search_hit, "Store": lambda s: f"Store({str(s.path)!r})",
}


def install(*classes: type) -> None:
    """Give each class the short ``__repr__``."""
    for cls in classes:
        cls.__repr__ = short_repr  # type: ignore[method-assign]
