"""Tests of graph.evaluate and the `evaluate` command, and validation of the gold annotations.

The fixture (tests/data/eval/) is a hand-made gold for three sources and a small
vocabulary; the graph is built here from model objects. Expected scores were
computed by hand (see the comments next to each number).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import yaml

from graph.errors import GraphError
from graph.evaluate import Gold, check_gold, evaluate, load_gold, parse_gold
from graph.evidence_graph import EvidenceGraph
from graph.model import (
    CATEGORIES,
    CERTAINTIES,
    POLARITIES,
    PREDICATES,
    Claim,
    Concept,
    Evidence,
    Source,
    SourceExtraction,
)
from graph.vocab import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
GOLD_DIR = ROOT / "tests" / "gold"
SOURCES_DIR = ROOT / "sources"


def body(path: Path) -> str:
    """The text of a source file without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        assert end > 0, f"{path}: unterminated front matter"
        text = text[end + 5 :]
    return text


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(str(EVAL / "vocab"))


@pytest.fixture(scope="module")
def no_vocab() -> Vocabulary:
    return Vocabulary(concepts={}, terms={}, abbreviations={}, cues={}, version="none")


@pytest.fixture(scope="module")
def gold() -> dict[str, Gold]:
    return load_gold(EVAL / "gold")


def ev(source: str, sentence: str, certainty: str = "asserted") -> Evidence:
    return Evidence(source, sentence, 0, len(sentence), certainty=certainty)


CONCEPTS = [
    Concept("ketamine", "ketamine", "Drug"),
    Concept("ketamine_therapy", "ketamine therapy", "Drug", discovered=True),  # a gold alias of ketamine
    Concept("ptsd", "ptsd", "Condition"),
    Concept("chronic_pain", "chronic pain", "Condition"),
    Concept("nausea", "nausea", "Condition"),
    Concept("headache", "headache", "Condition"),
    Concept("nmda_receptor", "nmda receptor", "Molecule"),
    Concept("major_depressive_disorder", "major depressive disorder", "Condition"),  # gold says "major depression"
    Concept("study_x", "x university study of ketamine", "Study"),
    Concept("x_university", "x university", "Organization"),
]

CLAIMS = [
    # alpha: hedged here, asserted in delta -> alpha's certainty is hedged (gold: asserted) -> certainty error
    Claim("ketamine", "treats", "ptsd", evidence=(ev("alpha", "Ketamine may relieve PTSD.", "hedged"),
                                                  ev("delta", "Ketamine treats PTSD."))),
    # maps to the same gold key as the claim above: counted once
    Claim("ketamine_therapy", "treats", "ptsd", evidence=(ev("alpha", "Ketamine therapy may help PTSD.", "hedged"),)),
    # stored as chronic_pain/ptsd; gold writes ptsd/chronic pain: matches either way round
    Claim("ptsd", "co_occurs_with", "chronic_pain", evidence=(ev("alpha", "Chronic pain and PTSD often co-occur."),)),
    # gold says negated: a false positive, and the gold claim a false negative
    Claim("chronic_pain", "causes", "ptsd", evidence=(ev("alpha", "There is no clear evidence that chronic pain causes PTSD."),)),
    Claim("ketamine", "has_adverse_effect", "nausea", evidence=(ev("alpha", "Some people may experience nausea.", "hedged"),)),
    Claim("ketamine", "treats", "headache", evidence=(ev("alpha", "Ketamine treats headache."),)),  # FP
    # beta only: does not count for alpha, where gold has it
    Claim("ketamine", "inhibits", "nmda_receptor", evidence=(ev("beta", "Ketamine blocks the NMDA receptor."),)),
    Claim("ketamine", "treats", "major_depressive_disorder",
          evidence=(ev("beta", "Ketamine treats major depression, a study by X University found."),)),
]

CONCEPT_SOURCES = {
    "ketamine": ("alpha", "beta", "delta"),
    "ketamine_therapy": ("alpha",),
    "ptsd": ("alpha", "delta"),
    "chronic_pain": ("alpha",),
    "nausea": ("alpha",),
    "headache": ("alpha",),
    "nmda_receptor": ("beta",),
    "major_depressive_disorder": ("beta",),
    "study_x": ("beta",),
    "x_university": ("beta",),
}


def make_graph() -> EvidenceGraph:
    return EvidenceGraph(
        concepts=CONCEPTS,
        claims=CLAIMS,
        concept_sources=CONCEPT_SOURCES,
        study_links=[("study_x", "x_university")],
    )


def make_extractions() -> list[SourceExtraction]:
    """The same content as :func:`make_graph`, as per-source extractions."""
    out = []
    for sid in ("alpha", "beta", "delta"):
        claims = []
        for claim in CLAIMS:
            evidence = tuple(e for e in claim.evidence if e.source_id == sid)
            if evidence:
                claims.append(claim.replace(evidence=evidence))
        concepts = tuple(c for c in CONCEPTS if sid in CONCEPT_SOURCES[c.id])
        links = (("study_x", "x_university"),) if sid == "beta" else ()
        out.append(SourceExtraction(Source(sid, "text"), (), (), concepts, tuple(claims), study_links=links))
    return out


# -- scores computed by hand --------------------------------------------------


def test_per_source_scores(gold, vocab):
    report = evaluate(make_graph(), gold, vocab)
    alpha = report.sources["alpha"].scores
    # gold: 5 distinct claims (treats ptsd twice); extracted: treats ptsd (x2 -> 1), co-occurs, causes (affirmed),
    # nausea, headache = 5; matched: treats ptsd, co-occurs, nausea = 3
    assert (alpha.gold_claims, alpha.extracted_claims, alpha.true_positives) == (5, 5, 3)
    assert alpha.precision == pytest.approx(0.6) and alpha.recall == pytest.approx(0.6)
    assert alpha.f1 == pytest.approx(0.6)
    # concepts found: ketamine, ptsd, chronic pain, nausea; missing depression, nmda receptor, exposure therapy
    assert (alpha.found_concepts, alpha.gold_concepts) == (4, 7)
    assert report.sources["alpha"].missing_concepts == ("depression", "nmda receptor", "exposure therapy")
    # certainty: treats ptsd is asserted in gold (one asserted occurrence), hedged in alpha's evidence
    assert alpha.certainty_accuracy == pytest.approx(2 / 3)

    beta = report.sources["beta"].scores
    # major depression (gold) = major depressive disorder (extracted) only through the vocabulary
    assert (beta.gold_claims, beta.extracted_claims, beta.true_positives) == (1, 2, 1)
    assert beta.precision == pytest.approx(0.5) and beta.recall == pytest.approx(1.0)
    assert beta.f1 == pytest.approx(2 / 3)
    assert (beta.found_concepts, beta.gold_concepts) == (2, 2)
    # the study is found through its organization (the labels differ)
    assert (beta.found_studies, beta.gold_studies) == (1, 1)

    gamma = report.sources["gamma"]
    assert not gamma.in_graph
    assert (gamma.scores.true_positives, gamma.scores.gold_claims, gamma.scores.found_concepts) == (0, 1, 0)
    assert report.unannotated == ("delta",)


def test_overall_is_micro_average(gold, vocab):
    overall = evaluate(make_graph(), gold, vocab).overall
    # claims: gold 5+1+1 = 7, extracted 5+2 = 7, TP 3+1 = 4
    assert (overall.gold_claims, overall.extracted_claims, overall.true_positives) == (7, 7, 4)
    assert overall.precision == pytest.approx(4 / 7)
    assert overall.recall == pytest.approx(4 / 7)
    assert overall.f1 == pytest.approx(4 / 7)
    assert (overall.found_concepts, overall.gold_concepts) == (6, 11)
    assert overall.certainty_accuracy == pytest.approx(3 / 4)


def test_error_lists(gold, vocab):
    alpha = evaluate(make_graph(), gold, vocab).sources["alpha"]
    assert {r.text() for r in alpha.false_negatives} == {
        "chronic pain NOT causes ptsd",
        "ketamine inhibits nmda receptor",
    }
    assert {r.text() for r in alpha.false_positives} == {"chronic pain causes ptsd", "ketamine treats headache"}
    [(row, got)] = alpha.certainty_errors
    assert (row.text(), row.certainty, got) == ("ketamine treats ptsd", "asserted", "hedged")
    negated = next(r for r in alpha.false_negatives if r.polarity == "negated")
    assert negated.sentences == ("There is no clear evidence that chronic pain causes PTSD.",)


def test_vocabulary_is_used_for_matching(gold, no_vocab):
    beta = evaluate(make_graph(), gold, no_vocab).sources["beta"].scores
    assert beta.true_positives == 0 and beta.found_concepts == 1


def test_extractions_score_like_the_graph(gold, vocab):
    from_graph = evaluate(make_graph(), gold, vocab)
    from_extractions = evaluate(make_extractions(), gold, vocab)
    assert from_extractions.to_dict() == from_graph.to_dict()


def test_perfect_extraction_scores_one(vocab):
    annotation = load_gold(EVAL / "gold")["alpha"]
    concepts = [Concept(c.label.replace(" ", "_"), c.label, c.category) for c in annotation.concepts]
    claims = [
        Claim(c.s.replace(" ", "_"), c.p, c.o.replace(" ", "_"), c.polarity, evidence=(ev("alpha", c.quote, c.certainty),))
        for c in annotation.claims
    ]
    graph = EvidenceGraph(concepts=concepts, claims=claims,
                          concept_sources={c.id: ("alpha",) for c in concepts})
    s = evaluate(graph, {"alpha": annotation}, vocab).sources["alpha"].scores
    assert (s.precision, s.recall, s.f1, s.concept_recall, s.certainty_accuracy) == (1.0, 1.0, 1.0, 1.0, 1.0)


def test_outputs(gold, vocab):
    report = evaluate(make_graph(), gold, vocab)
    data = json.loads(report.to_json())
    assert data["overall"]["true_positives"] == 4
    assert data["sources"]["alpha"]["precision"] == pytest.approx(0.6)
    assert data["sources"]["gamma"]["in_graph"] is False
    table = report.format_table()
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["source", "concepts"]
    assert any(line.startswith("alpha ") and "0.60" in line for line in lines)
    assert any(line.startswith("OVERALL") and "0.57" in line for line in lines)
    assert "FN" not in table
    detailed = report.format_table(show_errors=True)
    assert "FN  chronic pain NOT causes ptsd" in detailed
    assert "FP  ketamine treats headache" in detailed


# -- the command --------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    from graph.cli import evaluate as command

    parser = argparse.ArgumentParser(prog="python -m graph")
    command.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_command_on_a_built_folder(tmp_path, capsys):
    from graph.export.graphfile import write_graph_json

    write_graph_json(make_graph(), tmp_path / "graph.json")
    args = _parse(["evaluate", "--gold", str(EVAL / "gold"), "--graph", str(tmp_path),
                   "--vocab", str(EVAL / "vocab"), "--format", "json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["true_positives"] == 4
    assert data["overall"]["f1"] == pytest.approx(4 / 7)

    args = _parse(["evaluate", "--gold", str(EVAL / "gold"), "--graph", str(tmp_path),
                   "--vocab", str(EVAL / "vocab"), "--show-errors"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "OVERALL" in out and "FN  ketamine inhibits nmda receptor" in out


def test_command_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        _parse(["evaluate", "--help"])
    assert "Example" in capsys.readouterr().out


def test_command_rejects_a_missing_gold_folder(tmp_path):
    args = _parse(["evaluate", "--gold", str(tmp_path / "nope"), "--graph", str(tmp_path)])
    with pytest.raises(GraphError, match="gold folder not found"):
        args.func(args)


# -- loading and checking gold ------------------------------------------------


def test_load_gold_errors(tmp_path):
    with pytest.raises(GraphError, match="not found"):
        load_gold(tmp_path / "missing")
    with pytest.raises(GraphError, match="no gold files"):
        load_gold(tmp_path)
    good = (EVAL / "gold" / "gamma.yml").read_text(encoding="utf-8")
    cases = {
        "predicate": (good.replace("p: treats", "p: heals"), "unknown predicate 'heals'"),
        "polarity": (good.replace("polarity: affirmed", "polarity: maybe"), "polarity must be one of"),
        "certainty": (good.replace("certainty: asserted", "certainty: sure"), "certainty must be one of"),
        "concept": (good.replace("o: ptsd", "o: flu"), "'flu' is not one of the file's concept labels"),
        "category": (good.replace("category: Drug", "category: Medicine"), "unknown category"),
        "yaml": ("source: [unclosed", "cannot read gold file"),
    }
    for name, (text, message) in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "x.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(GraphError, match=message) as info:
            load_gold(folder)
        assert "x.yaml" in str(info.value)
    twice = tmp_path / "twice"
    twice.mkdir()
    (twice / "a.yaml").write_text(good, encoding="utf-8")
    (twice / "b.yaml").write_text(good, encoding="utf-8")
    with pytest.raises(GraphError, match="already annotated"):
        load_gold(twice)


def test_check_gold_finds_annotation_mistakes(gold):
    alpha_text = body(EVAL / "sources" / "alpha.txt")
    assert check_gold(gold["alpha"], alpha_text) == []
    assert check_gold(gold["beta"], body(EVAL / "sources" / "beta.txt")) == []
    bad = parse_gold({
        "source": "alpha",
        "concepts": [{"label": "ketamine", "category": "Drug"}, {"label": "ptsd", "category": "Condition"}],
        "claims": [
            {"s": "ketamine", "p": "treats", "o": "ptsd", "polarity": "affirmed", "certainty": "hedged",
             "quote": "Ketamine might relieve PTSD."},  # another word: not verbatim
            {"s": "ptsd", "p": "has_adverse_effect", "o": "ketamine", "polarity": "affirmed",
             "certainty": "asserted", "quote": "Ketamine may relieve PTSD."},
            {"s": "ketamine", "p": "subclass_of", "o": "ptsd", "polarity": "affirmed",
             "certainty": "asserted", "quote": "Ketamine may relieve PTSD.", "attribution": "some study"},
        ],
    })
    reasons = [p.reason for p in check_gold(bad, alpha_text)]
    assert len(reasons) == 4
    assert reasons[0].startswith("claim 1: quote not found verbatim")
    assert reasons[1] == "claim 2: has_adverse_effect does not allow Condition -> Drug"
    assert reasons[2] == "claim 3: subclass_of joins Drug -> Condition"
    assert reasons[3] == "claim 3: attribution 'some study' is no study of the file"


# -- the project's gold annotations -------------------------------------------


def test_every_source_has_a_gold_file():
    sources = {p.stem for p in SOURCES_DIR.iterdir() if p.suffix in (".txt", ".md", ".html")}
    assert sources, "no seed sources"
    assert set(load_gold(GOLD_DIR)) == sources


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_gold_file_is_valid(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    # raw values, so the check does not depend on the loader's own validation
    assert raw["source"] == path.stem
    for claim in raw["claims"]:
        assert claim["p"] in PREDICATES, claim
        assert claim["polarity"] in POLARITIES, claim
        assert claim["certainty"] in CERTAINTIES, claim
        assert set(claim) <= {"s", "p", "o", "polarity", "certainty", "quote", "attribution", "quantity"}, claim
    for concept in raw["concepts"]:
        assert concept["category"] in CATEGORIES, concept
        assert concept["label"] == concept["label"].lower().strip(), concept
    source_file = next(SOURCES_DIR.glob(path.stem + ".*"))
    annotation = parse_gold(raw, str(path))
    problems = check_gold(annotation, body(source_file))
    assert problems == [], "\n".join(map(str, problems))
    assert annotation.claims and annotation.concepts
