"""Generate a realistic corpus of health articles for benchmarks and scale tests.

How the articles are made
-------------------------
Each article has front matter (title, publisher, url, kind) and about 5 KB of
body text: a title line, then sections, each a heading and paragraphs. Sentences
come from :data:`TEMPLATES`, about 50 patterns modelled on the sentences health
articles use (treatments, side effects "such as A, B and C", mechanisms, hedges,
negations "no evidence that", "studies have shown", named studies "A study by
researchers at ORG found ...", definitions, prevalence figures, risk factors,
co-occurrence, advice). Their slots are filled with concepts of the project's
vocabulary (:func:`graph.vocab.load_vocabulary`: concepts per category, written
as their label, display name or one of their synonyms); categories the vocabulary
does not fill yet fall back to a short list of common terms. Each article picks
its own topic (a drug or therapy and a condition) and draws the rest with a
``random.Random`` seeded by (corpus seed, article number), so the concepts and
claims differ between articles and the same arguments give byte-identical files.

A second style, :func:`real_style_corpus`, repeats the project's own articles
(``tests/corpus/*/sources``: ten publishers' styles, Markdown, text and HTML) with new
ids and one closing line that differs per copy.

Command line::

    python benchmarks/corpus.py --count 1000 --out /tmp/corpus-1000 [--seed 7]
    python benchmarks/corpus.py --count 1000 --out /tmp/real-1000 --style real
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.fileio import atomic_write_text  # noqa: E402

__all__ = ["TEMPLATES", "HEADINGS", "generate_article", "generate_corpus", "term_pools"]

log = logging.getLogger("benchmarks.corpus")

TARGET_BYTES = 5000

# Slots: {drug} {drug2} {therapy} {topic} (the article's drug or therapy), {cond} {cond2}
# {main} (the article's condition), {se1} {se2} {se3} (conditions as side effects),
# {mech} {mol} {mol2} {risk} {org} {pct} {pct2} {n} {weeks} {year}.
TEMPLATES: tuple[str, ...] = (
    # treatment
    "{topic} is increasingly used to treat {main}.",
    "{topic} relieves the symptoms of {main} in many patients.",
    "For people with {main}, {topic} can reduce symptoms within {weeks} weeks.",
    "{drug} is effective for {cond} when other medications have failed.",
    "{therapy} helps patients manage {cond} over the long term.",
    "Doctors often prescribe {drug} for {cond}.",
    "{therapy} is a first-line treatment for {cond}.",
    "Combining {topic} with {therapy} may improve outcomes for {main}.",
    "{drug} has been approved to treat {cond} in adults.",
    # side effects and dependence
    "Common side effects of {topic} include {se1}, {se2} and {se3}.",
    "{drug} can cause side effects such as {se1}, {se2}, and {se3}.",
    "Some patients report {se1} after taking {drug}.",
    "Long-term use of {drug} carries a risk of dependence and {se1}.",
    "{topic} rarely leads to {se1}, although {se2} is sometimes reported.",
    # mechanisms
    "{drug} blocks the {mol}, which reduces {mech}.",
    "{topic} is thought to increase {mol2} levels in the brain.",
    "By acting on the {mol}, {drug} promotes {mech}.",
    "{cond} alters {mech} and makes the nervous system more sensitive.",
    "{drug} modulates {mol} signalling in key brain regions.",
    "Researchers believe {topic} enhances {mech}, which may explain its rapid effect.",
    "{mol} plays a central role in {mech}.",
    # hedges
    "{topic} may help people whose {main} has not responded to other treatments.",
    "{drug} might reduce {cond} in some patients.",
    "It is possible that {therapy} could ease {cond}.",
    "Early results suggest that {topic} may relieve {main}.",
    # negations
    "There is no evidence that {drug} causes {cond}.",
    "Currently, there is no clear evidence to suggest that {cond} can directly lead to {cond2}.",
    "{topic} does not cause {se1} in most patients.",
    "Studies found no link between {drug} and {cond}.",
    # attribution
    "Studies have shown that {topic} reduces symptoms of {main}.",
    "Research suggests that {cond} can trigger {cond2}.",
    "A study by researchers at {org} found that {topic} reduced {main} in {pct} of participants.",
    "In a {year} trial at {org}, {drug} relieved {cond} within {weeks} weeks.",
    "According to {org}, {therapy} is effective for {cond}.",
    "A review by {org} concluded that {drug} can cause {se1}.",
    # definitions
    "{main} is a condition that affects millions of people worldwide.",
    "{cond}, or long-lasting {cond2}, is common after injury.",
    "{drug} is a medication originally developed as an anaesthetic.",
    "{therapy} is a form of treatment delivered over several sessions.",
    # risk factors, co-occurrence, symptoms, prevalence
    "{risk} is a risk factor for {cond}.",
    "{risk} makes people more vulnerable to {main}.",
    "{main} and {cond} often co-occur, and each can worsen the other.",
    "An estimated {pct} of people with {main} also struggle with {cond}.",
    "Symptoms of {main} include {se1}, {se2} and {se3}.",
    "{cond} can lead to {cond2} if it is left untreated.",
    "About {n} patients were followed for {weeks} weeks.",
    # advice and filler that carries no claim
    "Talk to your doctor before starting any new treatment.",
    "Every patient responds differently, so a treatment plan should be tailored.",
    "Infusions are given in a clinic under medical supervision.",
    "Our team can answer your questions about {topic}.",
)

HEADINGS: tuple[str, ...] = (
    "What is {main}?",
    "How does {topic} work?",
    "Side effects of {topic}",
    "The link between {main} and {cond}",
    "What the research says",
    "Risks and safety",
    "Who is a good candidate for {topic}?",
    "Treatment options for {main}",
    "Frequently asked questions",
    "The bottom line",
)

TITLES: tuple[str, ...] = (
    "Can {topic} help with {main}?",
    "{topic} for {main}: what you need to know",
    "How {topic} treats {main}",
    "{main} and {cond}: causes and treatment",
    "Is {topic} safe? Side effects and risks",
)

# Used only for a category the vocabulary does not fill yet (at least 3 terms needed).
FALLBACK: dict[str, tuple[str, ...]] = {
    "Drug": ("ketamine", "esketamine", "lidocaine", "morphine", "gabapentin", "opioids", "antidepressants", "ibuprofen"),
    "Therapy": ("cognitive behavioral therapy", "exposure therapy", "physical therapy", "acupuncture", "exercise", "infusion therapy"),
    "Condition": (
        "chronic pain", "PTSD", "depression", "anxiety", "fibromyalgia", "migraine", "insomnia", "nausea",
        "dizziness", "hallucinations", "neuropathic pain", "substance abuse", "headache", "high blood pressure",
    ),
    "Mechanism": ("synaptic plasticity", "synaptogenesis", "inflammation", "stress response", "pain signal transmission", "central sensitization"),
    "Molecule": ("NMDA receptor", "glutamate", "GABA", "serotonin", "norepinephrine", "dopamine", "BDNF"),
    "RiskFactor": ("traumatic event exposure", "genetic predisposition", "military combat", "childhood trauma", "smoking"),
    "Organization": ("Johns Hopkins School of Medicine", "Yale University", "the FDA", "the Mayo Clinic", "Harvard Medical School"),
}
CITIES = ("Boston", "Oxford", "Toronto", "Melbourne", "Chicago", "Leeds", "Seattle", "Utrecht", "Denver", "Glasgow")
PUBLISHERS = ("Pain Relief Clinic", "Mind Health Journal", "Infusion Center Blog", "Wellness Today", "Clinical Notes")


def term_pools(vocabulary=None) -> dict[str, list[list[str]]]:
    """Surface forms per category: for each concept, its display/label and synonyms.

    >>> pools = term_pools()
    >>> all(len(pools[c]) >= 3 for c in ("Drug", "Therapy", "Condition", "Mechanism", "Molecule", "RiskFactor", "Organization"))
    True
    """
    if vocabulary is None:
        from graph.vocab import load_vocabulary

        vocabulary = load_vocabulary()
    pools: dict[str, list[list[str]]] = {}
    for concept in vocabulary.concepts.values():
        forms = [concept.name] + [s for s in concept.synonyms if s and s != concept.label]
        pools.setdefault(concept.category, []).append(forms)
    for category, terms in FALLBACK.items():
        if len(pools.get(category, ())) < 3:
            log.info("vocabulary has fewer than 3 %s concepts: using the generator's fallback terms", category)
            pools.setdefault(category, []).extend([t] for t in terms)
    for forms in pools.values():
        forms.sort()
    return {category: sorted(terms) for category, terms in sorted(pools.items())}


def _term(rng: random.Random, pool: list[list[str]]) -> str:
    forms = rng.choice(pool)
    return forms[0] if len(forms) == 1 or rng.random() < 0.6 else rng.choice(forms[1:])


def _capitalize(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


def _slots(rng: random.Random, pools: dict[str, list[list[str]]], topic: str, main: str) -> dict[str, str]:
    conditions = pools["Condition"]
    orgs = pools.get("Organization", [])
    org = _term(rng, orgs) if orgs and rng.random() < 0.6 else f"the University of {rng.choice(CITIES)}"
    return {
        "topic": topic,
        "main": main,
        "drug": _term(rng, pools["Drug"]),
        "drug2": _term(rng, pools["Drug"]),
        "therapy": _term(rng, pools["Therapy"]),
        "cond": _term(rng, conditions),
        "cond2": _term(rng, conditions),
        "se1": _term(rng, conditions),
        "se2": _term(rng, conditions),
        "se3": _term(rng, conditions),
        "mech": _term(rng, pools["Mechanism"]),
        "mol": _term(rng, pools["Molecule"]),
        "mol2": _term(rng, pools["Molecule"]),
        "risk": _term(rng, pools["RiskFactor"]),
        "org": org,
        "pct": f"{rng.randint(5, 60)}%",
        "pct2": f"{rng.randint(5, 60)}-{rng.randint(61, 90)}%",
        "n": str(rng.randint(20, 2000)),
        "weeks": str(rng.randint(1, 12)),
        "year": str(rng.randint(1995, 2024)),
    }


def generate_article(number: int, seed: int = 0, pools: dict[str, list[list[str]]] | None = None) -> tuple[str, str]:
    """(file name, file text) of article ``number``; the same arguments give the same text.

    >>> name, text = generate_article(3, seed=1)
    >>> name, text.startswith("---\\ntitle: ")
    ('article-000003.md', True)
    >>> generate_article(3, seed=1) == (name, text)
    True
    >>> generate_article(4, seed=1)[1] != text
    True
    >>> 4000 < len(text.encode()) < 7000
    True
    """
    pools = pools or term_pools()
    rng = random.Random(f"{seed}:{number}")
    topic = _term(rng, pools["Drug"] if rng.random() < 0.6 else pools["Therapy"])
    main = _term(rng, pools["Condition"])
    title = _capitalize(rng.choice(TITLES).format(**_slots(rng, pools, topic, main)))
    publisher = rng.choice(PUBLISHERS)
    slug = f"article-{number:06d}"
    header = (
        f"---\ntitle: {json.dumps(title)}\npublisher: {publisher}\n"
        f"url: https://example.org/{slug}\nkind: {rng.choice(('blog', 'clinic', 'news'))}\n---\n\n{title}\n\n"
    )
    parts = [header]
    size = len(header)
    headings = list(HEADINGS)
    rng.shuffle(headings)
    used: set[str] = set()
    while size < TARGET_BYTES:
        heading = _capitalize(headings.pop().format(**_slots(rng, pools, topic, main))) if headings else "More information"
        block = [heading, ""]
        for _ in range(rng.randint(1, 3)):
            sentences = []
            for _ in range(rng.randint(3, 6)):
                for _attempt in range(3):  # an article rarely says the same sentence twice
                    sentence = _capitalize(rng.choice(TEMPLATES).format(**_slots(rng, pools, topic, main)))
                    if sentence not in used:
                        break
                used.add(sentence)
                sentences.append(sentence)
            block += [" ".join(sentences), ""]
        text = "\n".join(block) + "\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
    return f"{slug}.md", "".join(parts)


def generate_corpus(out_dir: str | Path, count: int, seed: int = 0, vocabulary=None) -> list[Path]:
    """Write ``count`` articles into ``out_dir`` (created); return their paths.

    Files already there with the right content are left untouched, so an
    existing corpus is reused at no cost.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pools = term_pools(vocabulary)
    paths = []
    for number in range(count):
        name, text = generate_article(number, seed, pools)
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
        paths.append(path)
    return paths


REAL_ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def real_articles(root: str | Path = REAL_ARTICLES) -> list[Path]:
    """The project's own articles (``tests/corpus/*/sources``), written in ten publishers' styles."""
    return sorted(p for p in Path(root).glob("*/sources/*") if p.suffix in (".md", ".txt", ".html"))


def vary_article(text: str, suffix: str, number: int) -> str:
    r"""The article with one closing line naming its copy, so every copy has its own text (and cache key).

    >>> vary_article("# T\n\nBody.\n", ".md", 7).endswith("item 7 of the collection.\n")
    True
    >>> "item 3 of" in vary_article("<html><body><p>x</p></body></html>", ".html", 3).split("</body>")[0]
    True
    """
    line = f"Reviewed again for the archive as item {number} of the collection."
    if suffix == ".html":
        at = text.lower().rfind("</body>")
        paragraph = f"<p>{line}</p>\n"
        return text[:at] + paragraph + text[at:] if at >= 0 else text + paragraph
    return text.rstrip("\n") + "\n\n" + line + "\n"


def real_style_corpus(out_dir: str | Path, count: int, root: str | Path = REAL_ARTICLES) -> list[Path]:
    """Write ``count`` articles made from the project's own articles, repeated round-robin with new ids
    (``<name>-<number>``) and a closing line that differs per copy (see :func:`vary_article`).

    Unlike :func:`generate_corpus` (dense, vocabulary-made sentences), these are real
    articles: their headings, lists, HTML, front matter and prose as publishers write them.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    originals = [(p, p.read_text(encoding="utf-8")) for p in real_articles(root)]
    if not originals:
        raise FileNotFoundError(f"no articles under {root}/*/sources")
    paths = []
    for number in range(count):
        source, text = originals[number % len(originals)]
        path = out / f"{source.stem}-{number:05d}{source.suffix}"
        varied = vary_article(text, source.suffix, number)
        if not path.exists() or path.read_text(encoding="utf-8") != varied:
            atomic_write_text(path, varied)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description="Generate a corpus of realistic health articles.")
    parser.add_argument("--count", type=int, required=True, help="number of articles")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--style", choices=("generated", "real"), default="generated",
                        help="generated: composed from the vocabulary (default); real: the project's own articles "
                             "(tests/corpus) repeated with new ids")
    args = parser.parse_args(argv)
    if args.style == "real":
        paths = real_style_corpus(args.out, args.count)
    else:
        paths = generate_corpus(args.out, args.count, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
