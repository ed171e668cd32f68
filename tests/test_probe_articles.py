"""The probe articles (tests/probes/README.md): the extractor keeps its figure on them."""

from __future__ import annotations

from pathlib import Path

from graph.extract import extract_sources
from graph.sources import read_source

PROBES = Path(__file__).resolve().parent / "probes"


def expected(path: Path) -> set[tuple[str, str, str, str]]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) >= 3:
            out.add((words[0], words[1], words[2], "negated" if len(words) > 3 else "affirmed"))
    return out


def test_probe_articles_keep_their_f1():
    articles = sorted(p for p in PROBES.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
    assert len(articles) == 14
    sources = [read_source(p) for p in articles]
    tp = extracted = gold = 0
    for path, extraction in zip(articles, extract_sources(sources)):
        want = expected(path.with_suffix(".expected"))
        got = {(c.subject, c.predicate, c.object, c.polarity) for c in extraction.claims}
        tp, extracted, gold = tp + len(want & got), extracted + len(got), gold + len(want)
    f1 = 2 * tp / (extracted + gold)
    assert f1 >= 0.62, (tp, extracted, gold, round(f1, 3))
