"""Messy plain text reads like the clean article (issue "Extraction that works on articles nobody
tuned it for", kind 1 and "Messy real text"): the same short article, written here, is laid out
as mail, PDF and typewriter copies would lay it out, read through the real reader
(:func:`graph.sources.read_source`) and extracted; every layout must give the claims of the clean
one. The layouts are made by code, so a test fails when any one of them loses or adds a claim."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from graph.extract import extract_source
from graph.plaintext import join_broken_words, unquote
from graph.sources import read_source

# (heading, paragraphs or a list) -- an article written for these tests
ARTICLE = [
    ("Trigeminal neuralgia: a newsletter for patients", None),
    (None, "Trigeminal neuralgia is a chronic pain condition that affects the trigeminal nerve. "
           "It causes sudden attacks of severe facial pain, often described as an electric shock."),
    ("Treatment", None),
    (None, "Carbamazepine, an anticonvulsant, is usually the first medicine offered for trigeminal "
           "neuralgia. It can cause dizziness, drowsiness and nausea. For people who cannot take it, "
           "oxcarbazepine may help."),
    (None, "Other options include:"),
    ("-", ["gabapentin, which can ease neuropathic pain",
           "baclofen, a muscle relaxant",
           "microvascular decompression, a kind of surgery, when medicines stop working"]),
    ("Causes", None),
    (None, "Pressure from a blood vessel on the trigeminal nerve is thought to cause most cases. "
           "Multiple sclerosis can also damage the nerve and lead to trigeminal neuralgia."),
]


def layout(width: int | None = None, *, quote: str = "", broken: bool = False, indent: bool = False,
           numbered: bool = False, bullet: str = "-", footer: bool = False, setext: bool = False) -> str:
    lines: list[str] = []
    n = 0
    for heading, body in ARTICLE:
        if heading and body is None:
            if numbered and lines:
                n += 1
                heading = f"{n}. {heading.upper()}"
            lines.append(heading)
            if setext:
                lines.append("=" * len(heading))
            lines.append("")
        elif heading == "-":
            for item in body:
                wrapped = textwrap.wrap(item, (width or 10 ** 6) - 4)
                lines += [f"  {bullet} {wrapped[0]}"] + [f"    {w}" for w in wrapped[1:]]
            lines.append("")
        else:
            wrapped = textwrap.wrap(body, width or 10 ** 6, break_on_hyphens=False,
                                    initial_indent="    " if indent else "")
            lines += wrapped
            if not indent:
                lines.append("")
    if broken:  # a PDF copy: a long word at the start of a line broken onto the line before
        for i in range(len(lines) - 1):
            first = lines[i + 1].split(" ")[0] if lines[i + 1] and not lines[i + 1].startswith(" ") else ""
            if lines[i] and len(first) >= 7 and first.isalpha():
                cut = len(first) // 2
                lines[i] += " " + first[:cut] + "-"
                lines[i + 1] = first[cut:] + lines[i + 1][len(first):]
    if footer:  # a running footer with the page number, twice, one of them inside the list
        at = [i for i, line in enumerate(lines) if line.startswith("  " + bullet)][1]
        lines[at:at] = ["", "Pain Matters newsletter    Page 1 of 2", "\f"]
        lines[8:8] = ["", "Pain Matters newsletter    Page 2 of 2", ""]
    text = "\n".join(quote + line for line in lines) + "\n"
    return text


def claims_of(tmp_path: Path, text: str, name: str = "article.txt") -> set[tuple[str, str, str, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    return {(c.subject, c.predicate, c.object, c.polarity) for c in extract_source(source).claims}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> set[tuple[str, str, str, str]]:
    found = claims_of(tmp_path_factory.mktemp("clean"), layout())
    # (the clean article itself is read as a writer would expect)
    assert ("carbamazepine", "treats", "trigeminal_neuralgia", "affirmed") in found
    assert ("carbamazepine", "has_adverse_effect", "dizziness", "affirmed") in found
    assert ("multiple_sclerosis", "causes", "trigeminal_neuralgia", "affirmed") in found
    return found


@pytest.mark.parametrize("name,options", [
    ("wrapped at 68 columns", dict(width=68)),
    ("wrapped at 44 columns", dict(width=44)),
    ("quoted in a mail", dict(width=66, quote="> ")),
    ("quoted twice", dict(width=60, quote="> > ")),
    ("words broken at line ends", dict(width=60, broken=True)),
    ("paragraphs by indent, no blank lines", dict(width=70, indent=True)),
    ("numbered capital headings", dict(width=72, numbered=True)),
    ("headings underlined", dict(width=72, setext=True)),
    ("bullets as o", dict(width=72, bullet="o")),
    ("bullets as middle dots", dict(width=72, bullet="\u00b7")),
    ("page footers, one inside the list", dict(width=64, footer=True, broken=True)),
])
def test_a_layout_gives_the_claims_of_the_clean_article(tmp_path, clean, name, options):
    found = claims_of(tmp_path, layout(**options))
    assert found == clean, f"{name}: lost {sorted(clean - found)}, added {sorted(found - clean)}"


def test_the_reader_shows_the_mended_text_in_evidence(tmp_path):
    path = tmp_path / "mail.txt"
    path.write_text(layout(width=60, quote="> ", broken=True), encoding="utf-8")
    source = read_source(path)
    assert ">" not in source.text
    x = extract_source(source)
    sentences = [e.sentence for c in x.claims for e in c.evidence]
    assert sentences and not any("-\n" in s or ">" in s for s in sentences)
    assert all(source.text[e.start:e.end] == e.sentence for c in x.claims for e in c.evidence)


@pytest.mark.parametrize("text,expected", [
    ("The treat-\nment works.", "The treatment\nworks."),  # a syllable break
    ("It is a long-\nterm illness.", "It is a long-\nterm illness."),  # a compound's first part
    ("It is drug-\nfree.", "It is drug-\nfree."),  # a compound's second part
    ("Use ice-\npacks; ice packs help and packs of ice too.", "Use ice-\npacks; ice packs help and packs of ice too."),
    ("See the neuro-\nlogist. A neurologist knows.", "See the neurologist.\nA neurologist knows."),
    ("Well-being and well-\nbeing.", "Well-being and well-\nbeing."),  # written hyphenated elsewhere
])
def test_words_broken_at_line_ends(text, expected):
    assert join_broken_words(text) == expected


def test_quote_markers_go_but_a_greater_than_in_text_stays():
    assert unquote("> Pain >3 months\n>> deeper\nA score > 5 is high.") == "Pain >3 months\ndeeper\nA score > 5 is high."
