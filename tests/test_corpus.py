"""The evaluation corpus (tests/corpus): every gold file is valid against its article, and
``evaluate --corpus`` prints aggregates for every split and the frozen splits' errors never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import main
from graph.evaluate import check_gold, load_gold
from graph.sources import read_sources

CORPUS = Path(__file__).parent / "corpus"
SPLITS = ("dev", "test", "holdout")


@pytest.mark.parametrize("split", SPLITS)
def test_every_corpus_gold_file_is_valid_against_its_article(split):
    gold = load_gold(CORPUS / split / "gold")
    sources, problems = read_sources(CORPUS / split / "sources")
    assert problems == []
    by_id = {s.id: s for s in sources}
    assert set(gold) == set(by_id)
    for source_id, annotation in gold.items():
        assert annotation.style, source_id
        assert check_gold(annotation, by_id[source_id].text) == [], source_id


def test_the_corpus_has_enough_articles_and_styles():
    styles = {g.style for split in SPLITS for g in load_gold(CORPUS / split / "gold").values()}
    count = sum(len(load_gold(CORPUS / split / "gold")) for split in SPLITS)
    assert count >= 25 and len(styles) >= 8


def test_evaluate_corpus_prints_aggregates_and_only_dev_errors(capsys):
    assert main(["evaluate", "--corpus", str(CORPUS), "--show-errors"]) == 0
    out = capsys.readouterr().out
    assert "== dev split" in out and "== test split" in out and "== holdout split" in out
    assert "has_symptom" in out and "bulleted page" in out
    test_part = out[out.index("== test split"):]  # (holdout comes after test)
    assert "== holdout split" in test_part
    assert "  FN  " not in test_part and "  FP  " not in test_part
    assert "  FN  " in out[:out.index("== test split")]


def test_evaluate_corpus_json_keeps_the_test_split_to_aggregates(capsys):
    assert main(["evaluate", "--corpus", str(CORPUS), "--split", "test", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"test"}
    assert "sources" not in data["test"]
    assert 0 < data["test"]["overall"]["f1"] < 1
    assert "has_symptom" in data["test"]["predicates"]
