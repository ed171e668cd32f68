"""An evidence brief to write from: what the articles say about a concept, or between two, best first.

:func:`brief` gathers the claims about concept A (or between A and B), ranks them with
:func:`rank_key`, says how strong each is with :func:`strength_words`, and keeps the quotes with
their article's title, publisher, date and URL, where the sources disagree
(:func:`graph.query.contradictions`) and which claims no named study backs. The
:class:`Brief` renders as Markdown (:meth:`Brief.markdown`) to paste into a draft, or as a
standalone HTML page (:meth:`Brief.html`, no external resource). Article text is escaped in
both: a ``*`` or ``<`` in an article stays a character.

The ranking and the wording are one small function each, so a better measure of belief can
replace :func:`rank_key` without touching the rest.

>>> from graph.query import example_graph
>>> b = brief(example_graph(), "ketamine", "ptsd")
>>> [c.claim.predicate for c in b.claims]
['treats']
>>> b.claims[0].strength
'asserted in 1 article, saying studies show it without naming one'
>>> print(b.markdown().splitlines()[0])
# Evidence brief: ketamine and PTSD
"""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from graph.evidence_graph import EvidenceGraph
from graph.model import UNATTRIBUTED, Claim, Concept, Evidence, Source

__all__ = ["Brief", "BriefClaim", "brief", "rank_key", "strength_words", "publisher_of", "escape_markdown"]

# How many quotes a claim shows (the best first); the rest are counted.
QUOTES_PER_CLAIM = 3
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def publisher_of(source: Source | None, source_id: str = "") -> str:
    """Who published an article: its ``publisher``, else its URL's host, else its id (its own publisher).

    >>> publisher_of(Source("a", "x", publisher="Nova Health"))
    'Nova Health'
    >>> publisher_of(Source("b", "x", url="https://www.example.org/post"))
    'example.org'
    >>> publisher_of(None, "c")
    'c'
    """
    if source is None:
        return source_id
    if source.publisher.strip():
        return " ".join(source.publisher.split())
    host = urlsplit(source.url).hostname or "" if source.url else ""
    return host.removeprefix("www.") or source.id


def _by_source(claim: Claim) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = defaultdict(list)
    for ev in claim.evidence:
        out[ev.source_id].append(ev)
    return out


def _facts(graph: EvidenceGraph, claim: Claim) -> dict[str, int]:
    """Per-article counts a claim's strength rests on."""
    by_source = _by_source(claim)
    publishers = {publisher_of(graph.sources.get(sid), sid) for sid in by_source}
    return {
        "articles": len(by_source),
        "publishers": len(publishers),
        "asserted": sum(any(e.certainty == "asserted" for e in evs) for evs in by_source.values()),
        "cited": sum(any(e.cited for e in evs) for evs in by_source.values()),
        "unattributed": sum(not any(e.cited for e in evs) and any(e.attribution == UNATTRIBUTED for e in evs)
                            for evs in by_source.values()),
    }


def rank_key(graph: EvidenceGraph, claim: Claim) -> tuple:
    """The order of a brief, best first: the claim's belief (docs/evidence.md), then independent
    publishers, articles citing a named study, articles asserting it, articles, affirmed before
    negated, sentences; the id breaks ties.

    >>> from graph.query import example_graph
    >>> g = example_graph()
    >>> best = min(g.claims.values(), key=lambda c: rank_key(g, c))
    >>> g.concepts[best.subject].label, best.predicate, g.concepts[best.object].label
    ('ketamine', 'treats', 'chronic pain')
    """
    from graph.strength.belief import claim_belief

    f = _facts(graph, claim)
    return (-round(claim_belief(graph, claim), 6), -f["publishers"], -f["cited"], -f["asserted"], -f["articles"],
            claim.polarity != "affirmed",
            -len(claim.evidence), claim.id)


def _n(k: int, word: str) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{k} {word}{'' if k == 1 else 's'}"


def _count(k: int, n: int) -> str:
    if n == 1:
        return ""
    if k == n:
        return "all " if n > 2 else "both "
    return _NUMBERS.get(k, str(k)) + " "


def strength_words(graph: EvidenceGraph, claim: Claim) -> str:
    """How strong a claim is, in words a writer can reuse.

    ``asserted in 3 independent articles, one citing a named study (...)``; ``hedged in 1
    article, no study named``. Independent articles are articles of distinct publishers.

    >>> from graph.query import example_graph
    >>> g = example_graph()
    >>> strength_words(g, g.claims[next(c.id for c in g.claims.values() if c.predicate == "treats" and c.object == "chronic_pain")])
    'asserted in 1 and hedged in 1 of 2 independent articles, one citing a named study (johns hopkins study on ketamine infusions)'
    """
    f = _facts(graph, claim)
    n, pubs = f["articles"], f["publishers"]
    if n == 1:
        articles = "1 article"
    elif pubs == n:
        articles = f"{n} independent articles"
    else:
        articles = f"{n} articles from {pubs} publisher{'s' if pubs != 1 else ''}"
    if f["asserted"] == n:
        head = f"asserted in {articles}"
    elif f["asserted"] == 0:
        head = f"hedged in {articles}"
    else:
        head = f"asserted in {f['asserted']} and hedged in {n - f['asserted']} of {articles}"
    if claim.polarity == "negated":
        head = "denied: " + head
    if f["cited"]:
        studies = sorted({graph.concepts[e.attribution].name if e.attribution in graph.concepts else e.attribution
                          for e in claim.evidence if e.cited})
        backing = f"{_count(f['cited'], n)}citing a named study ({'; '.join(studies)})"
    elif f["unattributed"]:
        backing = f"{_count(f['unattributed'], n)}saying studies show it without naming one"
    else:
        backing = "no study named"
    return f"{head}, {backing}"


def _best_evidence(evidence) -> list[Evidence]:
    """One sentence per article first (a named study, then asserted), then the rest."""
    ordered = sorted(evidence, key=lambda e: (not e.cited, e.certainty != "asserted", e.source_id, e.start))
    seen: set[str] = set()
    first, rest = [], []
    for ev in ordered:
        (rest if ev.source_id in seen else first).append(ev)
        seen.add(ev.source_id)
    return first + rest


@dataclass(frozen=True)
class BriefClaim:
    """One claim of a brief: the claim, its strength in words, its quotes best first, the writer's mark."""

    claim: Claim
    said: str
    strength: str
    quotes: tuple[Evidence, ...]
    curation: str = ""

    def __repr__(self) -> str:
        return f"<BriefClaim {self.said!r}: {self.strength}>"


@dataclass
class Brief:
    """An evidence brief (see :func:`brief`); :meth:`markdown` and :meth:`html` render it."""

    graph: EvidenceGraph
    a: Concept
    b: Concept | None
    claims: list[BriefClaim] = field(default_factory=list)
    disagreements: list = field(default_factory=list)
    unbacked: list[BriefClaim] = field(default_factory=list)
    links: list = field(default_factory=list)  # indirect paths from a to b (graph.query.Path), best first

    def __repr__(self) -> str:
        return f"<Brief {self.title!r}: {len(self.claims)} claims, {len(self.disagreements)} disagreements>"

    @property
    def title(self) -> str:
        return f"Evidence brief: {self.a.name}" + (f" and {self.b.name}" if self.b else "")

    def sources(self) -> list[Source]:
        """Every article a quote of the brief comes from, in order of first use."""
        ids: dict[str, None] = {}
        for item in self.claims:
            for ev in item.quotes[:QUOTES_PER_CLAIM]:
                ids.setdefault(ev.source_id)
        for path in self.links:
            for hop in path.hops:
                ids.setdefault(_best_evidence(hop.claim.evidence)[0].source_id)
        for c in self.disagreements:
            for ev in c.a.evidence[:1] + c.b.evidence[:1]:
                ids.setdefault(ev.source_id)
        return [self.graph.sources[sid] for sid in ids if sid in self.graph.sources]

    def _summary(self) -> str:
        n_sources = len({ev.source_id for item in self.claims for ev in item.claim.evidence})
        about = f"between {self.a.name} and {self.b.name}" if self.b else f"about {self.a.name}"
        return (f"{_n(len(self.claims), 'claim')} {about} from {_n(n_sources, 'article')}, best supported first; "
                f"{_n(len(self.disagreements), 'disagreement')}; {_n(len(self.unbacked), 'claim')} no named study backs.")

    def _cite(self, source_id: str) -> dict[str, str]:
        s = self.graph.sources.get(source_id)
        if s is None:
            return {"title": source_id, "publisher": "", "date": "", "url": "", "id": source_id}
        url = s.url if re.match(r"^https?://", s.url or "", re.I) else ""
        return {"title": s.title or s.id, "publisher": s.publisher, "date": s.date, "url": url, "id": s.id}

    # -- Markdown ------------------------------------------------------------------------------------

    def markdown(self) -> str:
        """The brief as Markdown (CommonMark); article text escaped."""
        md = escape_markdown
        out = [f"# {md(self.title)}", "", md(self._summary()), ""]
        out += ["## Claims, best supported first", ""]
        if not self.claims:
            out += ["No claim " + ("links the two." if self.b else "about it."), ""]
        for n, item in enumerate(self.claims, 1):
            out += [f"### {n}. {md(item.said)}", "", f"*{md(item.strength)}*  ", f"claim `{item.claim.id}`", ""]
            if item.curation:
                out += [f"Curation: {md(item.curation)}", ""]
            for ev in item.quotes[:QUOTES_PER_CLAIM]:
                out += [f"> {md(ev.sentence)}", ">", f"> — {self._md_cite(ev)}", ""]
            more = len(item.quotes) - QUOTES_PER_CLAIM
            if more > 0:
                out += [f"({_n(more, 'more sentence')}: `python -m graph evidence {item.claim.id}`)", ""]
        if self.b is not None:
            out += ["## How they are linked through other concepts", ""]
            if not self.links:
                out += ["No chain of two claims links them.", ""]
            for n, path in enumerate(self.links, 1):
                out += [f"{n}. {md(_path_words(self.graph, path))}"]
                for hop in path.hops:
                    ev = _best_evidence(hop.claim.evidence)[0]
                    out += [f"   - {md(_said(self.graph, hop.claim))}, {md(strength_words(self.graph, hop.claim))}: "
                            f"“{md(ev.sentence)}” — {self._md_cite(ev)}"]
            out += [""]
        out += ["## Where the sources disagree", ""]
        if not self.disagreements:
            out += ["No disagreement found.", ""]
        for c in self.disagreements:
            out += [f"- **{md(c.kind.replace('_', ' '))}** ({md(c.verdict)}): {md(c.explanation)}"]
            for side in (c.a, c.b):
                said = _said(self.graph, side.claim)
                ev = side.evidence[0] if side.evidence else None
                quote = f": “{md(ev.sentence)}” — {self._md_cite(ev)}" if ev else ""
                out.append(f"  - {md(said)}{quote}")
        out += ["", "## What no named study backs", ""]
        if not self.unbacked:
            out += ["Every claim above cites a named study in at least one article.", ""]
        for item in self.unbacked:
            out.append(f"- {md(item.said)}: {md(item.strength)}")
        out += ["", "## Sources", ""]
        for s in self.sources():
            cite = self._cite(s.id)
            parts = [f"*{md(cite['title'])}*"] + [md(cite[k]) for k in ("publisher", "date") if cite[k]]
            line = f"- {', '.join(parts)}"
            if cite["url"]:
                line += f". <{_md_url(cite['url'])}>"
            out.append(line + f" (`{s.id}`)")
        return "\n".join(out).rstrip() + "\n"

    def _md_cite(self, ev: Evidence) -> str:
        md = escape_markdown
        cite = self._cite(ev.source_id)
        parts = [f"*{md(cite['title'])}*"] + [md(cite[k]) for k in ("publisher", "date") if cite[k]]
        text = ", ".join(parts)
        if ev.section:
            text += f", section “{md(ev.section)}”"
        if cite["url"]:
            text += f". <{_md_url(cite['url'])}>"
        return text

    # -- HTML ----------------------------------------------------------------------------------------

    def html(self) -> str:
        """The same brief as a standalone HTML page (inline style, no script, no external resource)."""
        e = html_lib.escape
        body = [f"<h1>{e(self.title)}</h1>", f"<p>{e(self._summary())}</p>", "<h2>Claims, best supported first</h2>"]
        if not self.claims:
            body.append("<p>No claim " + ("links the two." if self.b else "about it.") + "</p>")
        for n, item in enumerate(self.claims, 1):
            body.append(f'<section class="claim"><h3>{n}. {e(item.said)}</h3>')
            body.append(f'<p class="strength"><em>{e(item.strength)}</em><br><code>claim {e(item.claim.id)}</code></p>')
            if item.curation:
                body.append(f'<p class="curation">Curation: {e(item.curation)}</p>')
            for ev in item.quotes[:QUOTES_PER_CLAIM]:
                body.append(f"<blockquote><p>{e(ev.sentence)}</p><footer>— {self._html_cite(ev)}</footer></blockquote>")
            more = len(item.quotes) - QUOTES_PER_CLAIM
            if more > 0:
                body.append(f"<p>({_n(more, 'more sentence')}: <code>python -m graph evidence {e(item.claim.id)}</code>)</p>")
            body.append("</section>")
        if self.b is not None:
            body.append("<h2>How they are linked through other concepts</h2>")
            if not self.links:
                body.append("<p>No chain of two claims links them.</p>")
            else:
                body.append("<ol>")
                for path in self.links:
                    hops = []
                    for hop in path.hops:
                        ev = _best_evidence(hop.claim.evidence)[0]
                        hops.append(f"<li>{e(_said(self.graph, hop.claim))}, {e(strength_words(self.graph, hop.claim))}: "
                                    f"“{e(ev.sentence)}” — {self._html_cite(ev)}</li>")
                    body.append(f"<li>{e(_path_words(self.graph, path))}<ul>{''.join(hops)}</ul></li>")
                body.append("</ol>")
        body.append("<h2>Where the sources disagree</h2>")
        if not self.disagreements:
            body.append("<p>No disagreement found.</p>")
        else:
            body.append("<ul>")
            for c in self.disagreements:
                sides = []
                for side in (c.a, c.b):
                    ev = side.evidence[0] if side.evidence else None
                    quote = f": “{e(ev.sentence)}” — {self._html_cite(ev)}" if ev else ""
                    sides.append(f"<li>{e(_said(self.graph, side.claim))}{quote}</li>")
                body.append(f"<li><strong>{e(c.kind.replace('_', ' '))}</strong> ({e(c.verdict)}): "
                            f"{e(c.explanation)}<ul>{''.join(sides)}</ul></li>")
            body.append("</ul>")
        body.append("<h2>What no named study backs</h2>")
        if not self.unbacked:
            body.append("<p>Every claim above cites a named study in at least one article.</p>")
        else:
            body.append("<ul>" + "".join(f"<li>{e(i.said)}: {e(i.strength)}</li>" for i in self.unbacked) + "</ul>")
        body.append("<h2>Sources</h2><ul>")
        for s in self.sources():
            cite = self._cite(s.id)
            parts = [f"<cite>{e(cite['title'])}</cite>"] + [e(cite[k]) for k in ("publisher", "date") if cite[k]]
            link = f'. <a href="{e(cite["url"])}">{e(cite["url"])}</a>' if cite["url"] else ""
            body.append(f"<li>{', '.join(parts)}{link} (<code>{e(s.id)}</code>)</li>")
        body.append("</ul>")
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"<title>{e(self.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n"
        )

    def _html_cite(self, ev: Evidence) -> str:
        e = html_lib.escape
        cite = self._cite(ev.source_id)
        text = ", ".join([f"<cite>{e(cite['title'])}</cite>"] + [e(cite[k]) for k in ("publisher", "date") if cite[k]])
        if ev.section:
            text += f", section “{e(ev.section)}”"
        if cite["url"]:
            text += f'. <a href="{e(cite["url"])}">{e(cite["url"])}</a>'
        return text


_CSS = ("body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}"
        "blockquote{border-left:3px solid #bbb;margin:.6em 0;padding:.1em 1em;color:#333}"
        "blockquote footer{font-size:.9em;color:#555}.strength{margin:.2em 0}.curation{color:#2e7d32}"
        "code{font-size:.85em;color:#666}")

# Inline markup: emphasis, code, links (brackets), HTML and autolinks, entities, GFM strike-through and tables.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_MD_LINE_START = re.compile(r"^(\d+)([.)])")


def escape_markdown(text: str) -> str:
    """Article text made inert in Markdown: punctuation that could start markup is backslash-escaped
    (CommonMark lets any ASCII punctuation be escaped), white space folded to single spaces.

    >>> escape_markdown("Use *only* <b>2</b> [doses] & rest_now (daily)")
    'Use \\\\*only\\\\* \\\\<b\\\\>2\\\\</b\\\\> \\\\[doses\\\\] \\\\& rest\\\\_now (daily)'
    >>> escape_markdown("1. first")
    '1\\\\. first'
    """
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    if text.startswith(("-", "=", "#", "+")):  # a list item, a heading underline, a heading
        text = "\\" + text
    return text


def _md_url(url: str) -> str:
    """A URL inside ``<...>``: characters that would end or break the autolink are percent-encoded."""
    return "".join(f"%{ord(ch):02X}" if ch in "<> \\" or ord(ch) < 33 else ch for ch in url)


def _path_words(graph: EvidenceGraph, path) -> str:
    """``ketamine –treats→ chronic pain –risk factor for→ PTSD``."""
    text = path.hops[0].start.name
    for hop in path.hops:
        verb = hop.claim.predicate.replace("_", " ") + (" (negated)" if hop.claim.polarity == "negated" else "")
        arrow = {"forward": f"–{verb}→", "backward": f"←{verb}–"}.get(hop.direction, f"↔{verb}↔")
        text += f" {arrow} {hop.end.name}"
    return text


def _said(graph: EvidenceGraph, claim: Claim) -> str:
    def name(cid: str) -> str:
        concept = graph.concepts.get(cid)
        return concept.name if concept else cid

    neg = "does not " if claim.polarity == "negated" else ""
    verb = claim.predicate.replace("_", " ")
    if neg:
        verb = {"treats": "treat", "causes": "cause", "inhibits": "inhibit", "increases": "increase",
                "modulates": "modulate", "affects": "affect", "co_occurs_with": "co-occur with",
                "has_adverse_effect": "have adverse effect", "has_symptom": "have symptom",
                "risk_factor_for": "be a risk factor for", "subclass_of": "be a subclass of"}.get(claim.predicate, verb)
    elif claim.predicate == "risk_factor_for":
        verb = "is a risk factor for"
    elif claim.predicate == "subclass_of":
        verb = "is a kind of"
    elif claim.predicate == "co_occurs_with":
        verb = "co-occurs with"
    elif claim.predicate == "has_adverse_effect":
        verb = "has the adverse effect"
    return f"{name(claim.subject)} {neg}{verb} {name(claim.object)}"


def brief(graph: EvidenceGraph, a: str, b: str | None = None, *, links: int = 3) -> Brief:
    """The evidence brief about concept ``a``, or between ``a`` and ``b`` (names, synonyms or ids).

    Between two concepts, the brief also gives the ``links`` best chains of two claims through a
    third concept (:func:`graph.query.paths`), each hop with its strength and best quote.

    Raises :class:`~graph.errors.ConceptNotFoundError` (with suggestions) for an unknown name.
    """
    from graph.query import contradictions, find_concept, paths

    first = find_concept(graph, a)
    second = find_concept(graph, b) if b else None
    ends = {first.id} | ({second.id} if second else set())

    def wanted(claim: Claim) -> bool:
        if second is None:
            return first.id in (claim.subject, claim.object)
        return {claim.subject, claim.object} == ends

    chosen = sorted((c for c in graph.claims.values() if wanted(c)), key=lambda c: rank_key(graph, c))
    curation = getattr(graph, "curation", None)

    def item(claim: Claim) -> BriefClaim:
        mark = curation.claim_mark(claim.id) if curation else None
        return BriefClaim(claim, _said(graph, claim), strength_words(graph, claim),
                          tuple(_best_evidence(claim.evidence)), mark.text() if mark else "")

    items = [item(c) for c in chosen]
    ids = {c.id for c in chosen}
    disagreements = [c for c in contradictions(graph) if c.a.claim.id in ids or c.b.claim.id in ids]
    unbacked = [i for i in items if not i.claim.cited and i.claim.polarity == "affirmed"]
    chains = []
    if second is not None and links > 0:
        chains = [p for p in paths(graph, first.id, second.id, max_hops=2, limit=links + 5) if p.length == 2][:links]
    return Brief(graph, first, second, items, disagreements, unbacked, chains)
