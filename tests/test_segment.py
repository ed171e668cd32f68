"""Segmentation: exact sentence offsets, headings and sections, abbreviations, speed."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from graph.errors import VocabularyError
from graph.extract.segment import is_heading_text, load_segmentation_rules, segment, split_sentences
from graph.model import Source
from graph.sources import read_source, read_sources

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "sources"
GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Source]:
    sources, problems = read_sources(SEEDS)
    assert not problems
    return {s.id: s for s in sources}


def check_invariants(source: Source, sentences) -> None:
    assert [s.index for s in sentences] == list(range(len(sentences)))
    section = ""
    previous_paragraph, previous_end = -1, 0
    for s in sentences:
        assert source.text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.source_id == source.id
        assert s.start >= previous_end, "sentences are in text order and do not overlap"
        assert s.paragraph in (previous_paragraph, previous_paragraph + 1), "paragraphs are consecutive"
        if s.is_heading:
            section = s.text
        assert s.section == section
        previous_paragraph, previous_end = s.paragraph, s.end


def test_offsets_exact_on_every_seed_source(seeds):
    assert len(seeds) == 6
    for source in seeds.values():
        sentences = segment(source)
        assert len(sentences) > 20
        check_invariants(source, sentences)
        # Nothing but white space is left between sentences (no text is lost).
        covered = "".join(source.text[s.start : s.end] for s in sentences)
        assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", source.text)


def test_headings_without_blank_lines_around(seeds):
    source = seeds["what-causes-ptsd-and-how-ketamine-can-help"]
    sentences = segment(source)
    headings = [s.text for s in sentences if s.is_heading]
    assert headings == ["Trauma", "Genetics", "Biological Factors", "Treatment with Ketamine", "Final Thoughts"]
    first = sentences[0]
    assert first.text.startswith("Post-traumatic stress disorder (PTSD) is") and first.section == "" and not first.is_heading
    def starting(prefix):
        (found,) = [s for s in sentences if s.text.startswith(prefix)]
        return found

    assert starting("Studies have shown that PTSD tends to run").section == "Genetics"
    assert starting("For example, studies have shown that individuals").section == "Biological Factors"
    assert starting("At Nova Health Recovery, we are here to help").section == "Final Thoughts"
    genetics = next(s for s in sentences if s.text == "Genetics")
    assert source.text[genetics.start - 1] == "\n" and source.text[genetics.end] == "\n"
    # A heading has a paragraph of its own; the text under it starts the next one.
    after = sentences[genetics.index + 1]
    assert after.paragraph == genetics.paragraph + 1 and after.paragraph != sentences[genetics.index - 1].paragraph


def test_headings_ending_with_question_mark_or_colon(seeds):
    chronic = segment(seeds["can-chronic-pain-cause-ptsd"])
    headings = [s.text for s in chronic if s.is_heading]
    assert headings[0] == "Can Chronic Pain Cause PTSD?"  # the title line at the top
    assert {"What is Chronic Pain?", "What is PTSD?", "Final thoughts"} <= set(headings)
    # A short one-line paragraph that is a real sentence is not a heading.
    currently = next(s for s in chronic if s.text.startswith("Currently, there is no clear evidence"))
    assert not currently.is_heading and currently.section == "The Link Between Chronic Pain and PTSD"

    therapy = segment(seeds["ketamine-therapy-for-chronic-pain"])
    headings = [s.text for s in therapy if s.is_heading]
    assert headings == [
        "Understanding Chronic Pain:",
        "Limitations of Traditional Pain Management:",
        "Exploring the Potential of Ketamine:",
        "How Ketamine Therapy Works:",
        "Long-Lasting Effects of Ketamine:",
        "Closing Thoughts:",
    ]
    # A question that starts a paragraph, followed by more text on its line, is a sentence.
    assert therapy[0].text == "Do you or a loved one suffer from chronic pain?"
    assert not therapy[0].is_heading and therapy[0].section == ""
    assert therapy[1].text.startswith("Chronic pain can feel like an endless battle")


def test_sentence_case_headings_and_trailing_share_line(seeds):
    sentences = segment(seeds["ketamine-infusion-therapy-for-chronic-pain-and-depression"])
    assert [s.text for s in sentences if s.is_heading] == [
        "The basics of intravenous ketamine infusion therapy",
        "Ketamine infusion therapy may provide relief when other medications don’t",
        "Ketamine infusion therapy often works faster on pain and depression",
    ]
    assert all(s.section == "" for s in sentences[:5])
    manage = segment(seeds["how-can-ketamine-help-manage-chronic-pain"])
    # Decision: the "Share Now :" widget line is a heading (short, ends with ":"), not a sentence.
    assert manage[-1].text == "Share Now :" and manage[-1].is_heading


def test_quoted_two_sentence_quotation_is_split_at_the_inner_full_stop(seeds):
    sentences = [s.text for s in segment(seeds["ketamine-therapy-for-chronic-pain"])]
    i = next(i for i, t in enumerate(sentences) if t.startswith("Research funded by the University of Chicago"))
    assert sentences[i].endswith("subanesthetic ketamine infusions may improve [pain relief].")
    assert sentences[i + 1] == "In half of our patients, relief lasted for up to 3 weeks with minimal side effects”."
    assert sentences[i + 2].startswith("This study is one of many")


def test_every_gold_quote_lies_in_one_sentence(seeds):
    checked = 0
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        sentences = [s.text for s in segment(seeds[gold["source"]])]
        for claim in gold.get("claims") or []:
            quote = claim.get("quote")
            if quote:
                checked += 1
                assert any(quote in s for s in sentences), (gold["source"], quote)
    assert checked > 100


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Smith treats pain.",
        "Mr. Jones and Mrs. Jones met Prof. Lee.",
        "It is approved in the U.S. Food and Drug Administration lists.",
        "A Ph.D. Student wrote it.",
        "Ketamine vs. Placebo was the comparison.",
        "Some drugs, e.g. Ketamine, act fast.",
        "One drug, i.e. Ketamine, was used.",
        "Sedatives, opioids, etc. Ketamine too.",
        "The study by J. Smith was small.",
        "It rose by 3.5 points.",
        "Dose No. 5 was best.",
        "See Fig. 2 for details.",
        "It lasted approx. 40 minutes.",
        "He lives in St. Louis now.",
        "Smith et al. (2019) found relief.",
        "Research in the U.K. Government labs continued.",
    ],
)
def test_abbreviations_do_not_split(text):
    assert split_sentences(text) == [text]
    (sentence,) = segment(Source("t", text + " Second sentence here."))[:1]
    assert sentence.text == text


def test_sentence_ends_split():
    assert split_sentences("Ketamine works. It is fast! Is it safe? “Yes,” they said. (It is.) 2019 was a good year.") == [
        "Ketamine works.",
        "It is fast!",
        "Is it safe?",
        "“Yes,” they said.",
        "(It is.)",
        "2019 was a good year.",
    ]
    # No split before a lower-case word.
    assert split_sentences("It works in 60 p.c. of cases. so it seems.") == ["It works in 60 p.c. of cases. so it seems."]


def test_markdown_headings_lists_and_bold_headings():
    text = (
        "# Ketamine for pain\n\nIntro text here.\n\n## Side effects ##\n\n"
        "- Nausea. It passes.\n- Dizziness\n* Raised blood pressure\n1. First step\n\n"
        "**Dosing**\nLow doses are used.\n"
    )
    source = Source("md", text)
    sentences = segment(source)
    check_invariants(source, sentences)
    assert [(s.text, s.is_heading) for s in sentences] == [
        ("Ketamine for pain", True),
        ("Intro text here.", False),
        ("Side effects", True),
        ("Nausea.", False),
        ("It passes.", False),
        ("Dizziness", False),
        ("Raised blood pressure", False),
        ("First step", False),
        ("Dosing", True),
        ("Low doses are used.", False),
    ]
    assert {s.section for s in sentences[3:8]} == {"Side effects"}
    assert len({s.paragraph for s in sentences[3:8]}) == 1, "a list is one paragraph"


def test_hard_wrapped_text_segments_like_unwrapped(seeds):
    source = seeds["can-chronic-pain-cause-ptsd"]
    wrapped_text = "\n\n".join(textwrap.fill(p, 66, break_on_hyphens=False) for p in source.text.split("\n\n")) + "\n"
    assert max(len(line) for line in wrapped_text.splitlines()) <= 66
    wrapped = Source(source.id, wrapped_text, title=source.title)
    a, b = segment(source), segment(wrapped)
    check_invariants(wrapped, b)
    assert [(" ".join(s.text.split()), s.is_heading, s.section, s.paragraph) for s in b] == [
        (s.text, s.is_heading, s.section, s.paragraph) for s in a
    ]
    assert any("\n" in s.text for s in b), "wrapped sentences span lines"


def test_title_line_is_a_heading_whatever_its_length():
    title = "A Very Long Title About Ketamine, Chronic Pain, Depression, PTSD and Everything Else We Know Today"
    text = title + "\n\nKetamine eases pain."
    assert not is_heading_text(title)
    sentences = segment(Source("t", text, title=title))
    assert sentences[0].is_heading and sentences[1].section == title
    assert not segment(Source("t", text))[0].is_heading


def test_wrapped_lines_are_not_headings():
    text = (
        "Chronic pain is common. It affects about one adult in five\n"
        "Worldwide and it is often treated with opioids. Ketamine is\n"
        "an alternative that some clinics now offer to their patients.\n"
    )
    sentences = segment(Source("w", text))
    assert not any(s.is_heading for s in sentences)
    assert [s.text.split()[0] for s in sentences] == ["Chronic", "It", "Ketamine"]


def test_empty_and_whitespace_text():
    assert segment(Source("e", "")) == ()
    assert segment(Source("e", "\n \n\t\n---\n")) == ()


def test_crlf_text_offsets():
    text = "Title\r\n\r\nKetamine eases pain. It is fast.\r\n"
    source = Source("c", text)
    sentences = segment(source)
    check_invariants(source, sentences)
    assert [s.text for s in sentences] == ["Title", "Ketamine eases pain.", "It is fast."]


def test_fixture_files_segment(tmp_path):
    article = read_source(ROOT / "tests" / "data" / "sources" / "article.txt")
    sentences = segment(article)
    check_invariants(article, sentences)
    assert [s.text for s in sentences if s.is_heading] == ["Ketamine and Chronic Pain", "Causes", "Treatment Options"]
    html = read_source(ROOT / "tests" / "data" / "sources" / "clinic-page.html")
    sentences = segment(html)
    check_invariants(html, sentences)
    assert [s.text for s in sentences if s.is_heading] == [
        "Ketamine for Nerve Pain", "How does ketamine help?", "Possible side effects"
    ]


def test_malformed_rules_file(tmp_path):
    bad = tmp_path / "segmentation.yaml"
    bad.write_text("abbreviations: [e.g., 3]\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="abbreviations"):
        load_segmentation_rules(str(bad))
    bad.write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="mapping"):
        load_segmentation_rules(str(bad))
    bad.write_text("heading: {max_words: many}\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="bad heading setting"):
        load_segmentation_rules(str(bad))


def test_speed(seeds):
    body = "\n\n".join(s.text for s in seeds.values())
    text = body * max(1, 2_000_000 // len(body))
    source = Source("big", text)
    started = time.process_time()  # CPU time: other processes on the machine do not count
    sentences = segment(source)
    elapsed = time.process_time() - started
    megabytes = len(text.encode("utf-8")) / 1e6
    assert len(sentences) > 10_000
    assert megabytes / elapsed > 2.0, f"{megabytes / elapsed:.1f} MB/s"  # about 10 MB/s on one core
    step = len(sentences) // 1000
    assert all(text[s.start : s.end] == s.text for s in sentences[::step])


def test_numbering_abbreviations_only_hold_before_a_number():
    from graph.extract.segment import segment
    from graph.model import Source
    texts = [s.text for s in segment(Source("t", "A: No. Alcohol makes it worse. See No. 5 for details. Fig. 2 shows it."))]
    assert texts == ["A: No.", "Alcohol makes it worse.", "See No. 5 for details.", "Fig. 2 shows it."]
