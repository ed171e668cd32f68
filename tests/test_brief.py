"""The evidence brief: content checked against the articles' own text and front matter."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

import graph
from graph.brief import brief, rank_key, strength_words
from graph.cli import main
from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source

ROOT = Path(__file__).resolve().parents[1]
# Front matter a writer's copy of two seeds gets (the seeds themselves have no URL or date), and a sentence
# with Markdown's special characters in it.
EXTRA_FRONT_MATTER = {
    "what-causes-ptsd-and-how-ketamine-can-help": "url: https://example.org/ptsd_ketamine?a=1&b=2\ndate: 2024-03-01\n",
    "can-chronic-pain-cause-ptsd": "url: https://example.com/chronic-pain-ptsd\npublisher: Example *Clinic*\n",
}
PLAIN = "Ketamine therapy is an effective treatment option for PTSD."
MARKED = "Ketamine therapy is an *effective* treatment option for PTSD [1] & <more>."


@pytest.fixture(scope="module")
def writer_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("brief")
    sources = base / "sources"
    shutil.copytree(ROOT / "sources", sources)
    for source_id, extra in EXTRA_FRONT_MATTER.items():
        path = sources / f"{source_id}.txt"
        text = path.read_text()
        assert text.startswith("---\n")
        text = "---\n" + extra + text[4:]
        if PLAIN in text:
            text = text.replace(PLAIN, MARKED)
        path.write_text(text)
    out = base / "build"
    assert main(["build", "--sources", str(sources), "--out", str(out), "--quiet"]) == 0
    return sources, out


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text()
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), text


def _unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_brief_ketamine_ptsd_quotes_occur_in_their_sources_with_title_and_url(writer_build, tmp_path, capsys):
    sources, out = writer_build
    md_path, html_path = tmp_path / "brief.md", tmp_path / "brief.html"
    assert main(["brief", "ketamine", "ptsd", "--graph", str(out), "--out", str(md_path), "--html", str(html_path)]) == 0
    md = md_path.read_text()
    capsys.readouterr()
    assert main(["brief", "ketamine", "PTSD", "--graph", str(out)]) == 0
    assert capsys.readouterr().out == md  # stdout is the same Markdown

    meta = {p.stem: _front_matter(p) for p in sources.glob("*.txt")}
    by_title = {fm["title"]: sid for sid, (fm, _) in meta.items()}

    # Every quote, as cited, occurs in the text of the article its citation names.
    lines = md.splitlines()
    quotes: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        if line.startswith("> ") and not line.startswith("> — "):
            cite = next(l for l in lines[i + 1:] if l.startswith("> — "))
            quotes.append((line[2:], re.match(r"> — \*(.+?)\*", cite).group(1)))
        for quote, title in re.findall(r"“(.+?)” — \*(.+?)\*", line):
            quotes.append((quote, title))
    assert len(quotes) >= 5
    for quote, title in quotes:
        source_id = by_title[_unescape(title)]
        assert _norm(_unescape(quote)) in _norm(meta[source_id][1]), (quote, source_id)

    # Every source listed has its title, and its URL where the front matter has one.
    listed = [l for l in lines[lines.index("## Sources") + 1:] if l.startswith("- ")]
    assert listed
    for line in listed:
        source_id = re.search(r"\(`([^`]+)`\)$", line).group(1)
        fm = meta[source_id][0]
        assert f"*{fm['title']}*" in _unescape(line)
        if fm.get("url"):
            assert f"<{fm['url']}>" in line
        if fm.get("publisher"):
            assert fm["publisher"] in _unescape(line)
    assert {re.search(r"\(`([^`]+)`\)$", l).group(1) for l in listed} >= set(EXTRA_FRONT_MATTER)

    # The claims are those between the two, best first, each with its strength in words.
    g = graph.load_graph(out)
    between = [c for c in g.claims.values() if {c.subject, c.object} == {"ketamine", "ptsd"}]
    headings = [l for l in lines if re.match(r"### \d+\. ", l)]
    assert len(headings) == len(between) >= 1
    best = min(between, key=lambda c: rank_key(g, c))
    assert f"*{strength_words(g, best)}*" in _unescape(md)
    assert f"{best.support} independent articles" in strength_words(g, best)


def test_article_text_is_escaped_in_markdown_and_html(writer_build, tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    sources, out = writer_build
    made = brief(graph.load_graph(out), "ketamine", "ptsd")
    md = made.markdown()
    assert MARKED not in md and r"\*effective\* treatment option for PTSD \[1\] \& \<more\>" in md
    rendered = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<em>effective</em>" not in rendered and "<more>" not in rendered
    assert html.escape(MARKED, quote=False) in rendered  # shown as the article wrote it
    assert "<em>Clinic</em>" not in rendered and "Example *Clinic*" in rendered
    page = made.html()
    assert html.escape(MARKED, quote=False) in page and "<more>" not in page
    assert not re.search(r"<script|<link|src=|@import", page)
    assert re.findall(r'href="([^"]+)"', page) and all(
        h in ("https://example.org/ptsd_ketamine?a=1&amp;b=2", "https://example.com/chronic-pain-ptsd")
        for h in re.findall(r'href="([^"]+)"', page))


def _graph(*claims: Claim, sources: list[Source]) -> EvidenceGraph:
    concepts = {c.subject for c in claims} | {c.object for c in claims}
    concepts = [Concept(c, c, "Drug" if c == "ketamine" else "Condition") for c in sorted(concepts)]
    return EvidenceGraph(sources=sources, concepts=concepts + [Concept("yale_study", "yale study", "Study")],
                         claims=claims)


def test_strength_words_and_ranking():
    sources = [Source("a", "x", publisher="Nova"), Source("b", "x", publisher="Nova"),
               Source("c", "x", url="https://www.other.org/p"), Source("d", "x")]

    def ev(source: str, certainty: str = "asserted", attribution: str = "") -> Evidence:
        return Evidence(source, "s", 0, 1, certainty=certainty, attribution=attribution)

    same_publisher = Claim("ketamine", "treats", "pain", evidence=(ev("a"), ev("b")))
    independent = Claim("ketamine", "treats", "ptsd", evidence=(ev("a"), ev("c", attribution="yale_study"), ev("d")))
    hedged = Claim("ketamine", "treats", "ocd", evidence=(ev("d", "hedged"),))
    unattributed = Claim("ketamine", "treats", "sud", evidence=(ev("a", "hedged", "unattributed"), ev("c")))
    g = _graph(same_publisher, independent, hedged, unattributed, sources=sources)
    assert strength_words(g, same_publisher) == "asserted in 2 articles from 1 publisher, no study named"
    assert strength_words(g, independent) == "asserted in 3 independent articles, one citing a named study (yale study)"
    assert strength_words(g, hedged) == "hedged in 1 article, no study named"
    assert strength_words(g, unattributed) == (
        "asserted in 1 and hedged in 1 of 2 independent articles, one saying studies show it without naming one")
    order = sorted(g.claims.values(), key=lambda c: rank_key(g, c))
    assert [c.object for c in order] == ["ptsd", "sud", "pain", "ocd"]
    made = brief(g, "ketamine")
    assert [i.claim.object for i in made.claims] == ["ptsd", "sud", "pain", "ocd"]
    assert [i.claim.object for i in made.unbacked] == ["sud", "pain", "ocd"]
    assert "## How they are linked" not in made.markdown()
