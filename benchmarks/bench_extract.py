"""Extraction with the parser against the parser alone, side by side in one run.

Builds a real-style corpus (the project's own dev and test articles, repeated with new ids
to --articles), then times, on the same sentences:

- ``parse only``: the spaCy pipeline on exactly the sentences the extractor selects;
- ``extract``: the whole extraction of every article (reading excluded), as the build runs it:
  ``extract_sources`` on chunks of ``--batch`` articles, whose sentences are parsed together.

and prints the share of words sent to the parser, words/s of each stage and the ratio
(the issue's goal: extraction at most 1.3x the parse-only time).

    .venv/bin/python benchmarks/bench_extract.py --articles 1000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from graph.extract import extract_source, extract_sources
from graph.extract.parse import load_model
from graph.sources import read_sources
from graph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int):
    sources = []
    for split in ("dev", "test"):
        found, _ = read_sources(ROOT / "tests" / "corpus" / split / "sources")
        sources.extend(found)
    out = []
    i = 0
    while len(out) < n:
        s = sources[i % len(sources)]
        out.append(s.replace(id=f"{s.id}-{i}"))
        i += 1
    return out


def selected_sentences(source, vocabulary) -> list[str]:
    """Exactly the texts the extractor sends to the parser for ``source`` (its claim-bearing
    sentences and list lead-ins), taken from the extraction generator itself."""
    from graph.extract import _extraction

    steps = _extraction(source, vocabulary)
    try:
        return list(next(steps))
    except StopIteration:
        return []


def main() -> None:
    ap = argparse.ArgumentParser(allow_abbrev=False, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=32, help="articles extracted together (default 32)")
    args = ap.parse_args()
    vocabulary = load_vocabulary()
    nlp = load_model()
    sources = corpus(args.articles)
    extract_source(sources[0], vocabulary)  # warm up (model, automata, HPO)
    total_words = sum(len(s.text.split()) for s in sources)
    parsed_words = 0
    parse_s = extract_s = 0.0
    # Side by side, chunk by chunk (parse alone, then extract, of the same articles), so that
    # a machine whose load changes during the run weighs on both alike.
    for i in range(0, len(sources), args.batch):
        chunk = sources[i:i + args.batch]
        selected = [t for s in chunk for t in selected_sentences(s, vocabulary)]
        parsed_words += sum(len(t.split()) for t in selected)
        t0 = time.perf_counter()
        for _ in nlp.pipe(selected, batch_size=64):
            pass
        parse_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        extract_sources(chunk, vocabulary)
        extract_s += time.perf_counter() - t0

    print(f"articles {len(sources)}  words {total_words}  words sent to the parser {parsed_words} "
          f"({parsed_words / total_words:.0%})")
    print(f"parse only   {parse_s:8.2f} s  {parsed_words / parse_s:8.0f} parsed words/s")
    print(f"extract      {extract_s:8.2f} s  {total_words / extract_s:8.0f} article words/s")
    print(f"extract / parse-only = {extract_s / parse_s:.2f} (goal <= 1.3)")


if __name__ == "__main__":
    main()
