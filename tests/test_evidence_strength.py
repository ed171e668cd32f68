"""Strength of evidence (issue 11): one row per claim and sentence, what each sentence is, what a
cited study did, the belief score and its check against the gold."""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter

import pytest

from graph.errors import VocabularyError
from graph.evaluate import load_gold
from graph.evidence_graph import EvidenceGraph
from graph.model import Claim, Concept, Evidence, Source
from graph.strength import belief as B
from graph.strength.calibration import auc, calibrate, reliability
from graph.strength.evidence_types import (EVIDENCE_TYPES, counts_as_support, evaluate_types, evidence_type, load_rules,
                                           read_labelled, study_role)

from conftest import GOLD, ROOT

LABELLED = ROOT / "tests" / "data" / "evidence_types.csv"

# -- one row per claim and sentence -------------------------------------------------------------


def test_two_mentions_in_one_sentence_make_one_evidence_row():
    text = "PTSD, or post-traumatic stress disorder, is an anxiety disorder."
    first = Evidence("a", text, 0, len(text), subject_text="PTSD", subject_span=(0, 4))
    second = first.replace(subject_text="post-traumatic stress disorder", subject_span=(9, 39))
    claim = Claim("ptsd", "subclass_of", "anxiety_disorders", evidence=(second, first))
    assert claim.evidence == (first,)  # the first mention's spans, whatever the order given
    other_sentence = first.replace(start=100, end=100 + len(text))
    assert len(Claim("ptsd", "subclass_of", "anxiety_disorders", evidence=(first, other_sentence)).evidence) == 2


def test_claims_csv_and_store_have_no_duplicate_row(seed_build):
    _, out = seed_build
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = Counter((r["claim_id"], r["source_id"], r["start"], r["end"]) for r in rows)
    assert rows and max(keys.values()) == 1
    db = sqlite3.connect(out / "graph.sqlite")
    dupes = db.execute('SELECT count(*) FROM (SELECT claim_id, source_id, start, "end", count(*) n FROM evidence '
                       'GROUP BY 1, 2, 3, 4 HAVING n > 1)').fetchone()[0]
    assert dupes == 0


# -- evidence types ------------------------------------------------------------------------------

# Written for these tests (not in the labelled file), one or more per type.
OWN = {
    "finding": ["In the trial, 58% of the ketamine group were pain-free at six weeks.",
                "Researchers at Oxford found that the spray cut relapse in half.",
                "Patients reported fewer migraine days after the third session."],
    "assertion": ["Ketamine blocks glutamate receptors.", "Long-term opioid use causes tolerance."],
    "hedge": ["Magnesium might ease nerve pain.", "Ketamine is believed to reset brain circuits.",
              "Early results suggest a role for inflammation."],
    "definition": ["Hyperalgesia is defined as an increased response to painful stimuli.",
                   "Sciatica refers to pain along the sciatic nerve."],
    "advice": ["Talk to your doctor before combining ketamine with other sedatives.",
               "Ketamine is not considered a first-line treatment for back pain.",
               "You should not eat for six hours before an infusion."],
    "promotion": ["Call us today to book your first session.", "Ketamine is a revolutionary cure for depression.",
                  "To learn more, reach out to our friendly team."],
    "question": ["Is ketamine addictive?", "What does an infusion feel like?"],
}


@pytest.mark.parametrize("kind", EVIDENCE_TYPES)
def test_each_evidence_type_from_new_sentences(kind):
    for sentence in OWN[kind]:
        assert evidence_type(sentence) == kind, sentence


def test_promotion_questions_and_advice_never_count_as_support():
    for kind in ("promotion", "question", "advice"):
        assert not any(counts_as_support(kind, p) for p in ("treats", "causes", "subclass_of"))
    assert counts_as_support("definition", "subclass_of") and not counts_as_support("definition", "treats")
    assert counts_as_support("finding", "treats") and counts_as_support("", "treats")


def test_the_classifier_keeps_its_accuracy_on_the_labelled_sentences():
    rows = read_labelled(LABELLED)
    assert len(rows) >= 150 and {r["evidence_type"] for r in rows} == set(EVIDENCE_TYPES)
    result = evaluate_types(rows)
    assert result.accuracy >= 0.90, result.as_dict()
    held_out = evaluate_types([r for r in rows if r["origin"] == "held-out"])
    assert held_out.total >= 30 and held_out.accuracy >= 0.65, held_out.as_dict()


def test_broken_rules_are_one_error(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("order: [question]\ntypes:\n  question:\n    patterns: ['(']\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="bad pattern"):
        load_rules(bad)
    bad.write_text("order: [promotion]\ntypes: {}\ncounts_as_support: {promotion: all}\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="never count"):
        load_rules(bad)


# -- what a study did ----------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, role", [
    ("A study by Yale researchers explored the use of ketamine for chronic pain.", "investigates"),
    ("Researchers at Stanford are investigating whether ketamine eases migraine.", "investigates"),
    ("A Mayo Clinic trial will test ketamine in older adults.", "investigates"),
    ("The Harvard study aims to compare ketamine with ECT.", "investigates"),
    ("A Yale study found that ketamine reduced suicidal thoughts.", "backs"),
    ("The Oxford trial showed fewer relapses with esketamine.", "backs"),
    ("In the Duke study, ketamine was associated with lower pain scores.", "backs"),
    ("The Chicago study reduced opioid use by 30%.", "backs"),
    ("The Columbia study was published in 2020.", "mentions"),
])
def test_a_study_backs_a_claim_only_through_a_result_verb(sentence, role):
    assert study_role(sentence) == role


def test_a_quoted_finding_that_runs_on_backs_the_claim():
    finding = "in patients with severe pain, ketamine may improve relief. Side effects were minimal."
    assert study_role("Side effects were minimal.", finding) == "backs"
    assert study_role("Side effects were minimal.") == "mentions"


def test_seeds_promotion_and_not_first_line_are_not_support_and_hopkins_does_not_back(seed_graph):
    claim = next(c for c in seed_graph.claims.values()
                 if (c.subject, c.predicate, c.object) == ("ketamine", "treats", "chronic_pain"))
    by_text = {e.sentence: e for e in claim.evidence}
    call = next(e for s, e in by_text.items() if "reach out" in s)
    first_line = next(e for s, e in by_text.items() if "first line" in s)
    hopkins = next(e for s, e in by_text.items() if "Johns Hopkins" in s)
    assert (call.evidence_type, call.supports) == ("promotion", False)
    assert (first_line.evidence_type, first_line.supports) == ("advice", False)
    assert hopkins.study_role == "investigates" and not hopkins.cited and not claim.cited
    assert claim.support == len({e.source_id for e in claim.evidence if e.supports}) < len(claim.sources)
    for c in seed_graph.claims.values():  # nowhere does a promotion, a question or advice count
        for e in c.evidence:
            assert e.evidence_type in EVIDENCE_TYPES
            if e.evidence_type in ("promotion", "question", "advice"):
                assert not e.supports
    chicago = [e for c in seed_graph.claims.values() for e in c.evidence if "University of Chicago" in e.sentence]
    assert chicago and all(e.study_role == "backs" and e.cited for e in chicago)


def test_types_and_roles_reach_csv_store_and_cli(seed_build, capsys):
    from graph.cli import main

    _, out = seed_build
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["evidence_type"] for r in rows} <= set(EVIDENCE_TYPES) and "promotion" in {r["evidence_type"] for r in rows}
    assert {r["study_role"] for r in rows} >= {"investigates", "backs"}
    assert all(0.0 <= float(r["belief"]) < 1.0 for r in rows)
    db = sqlite3.connect(out / "graph.sqlite")
    assert db.execute("SELECT count(*) FROM evidence WHERE evidence_type = 'promotion' AND supports").fetchone()[0] == 0
    claim_id = next(r["claim_id"] for r in rows if (r["subject"], r["predicate"], r["object"]) == ("ketamine", "treats", "chronic pain"))
    assert main(["evidence", claim_id, "--limit", "0", "--graph", str(out)]) == 0
    text = capsys.readouterr().out
    assert "promotion (not support)" in text and "study investigates (not backing)" in text and "belief 0." in text
    assert main(["neighbors", "ketamine", "--predicate", "treats", "--graph", str(out), "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "belief" in header.split(",")


# -- belief ---------------------------------------------------------------------------------------


def _ev(source, kind="assertion", **kw):
    return Evidence(source, "x", 0, 1, evidence_type=kind, supports=kw.pop("supports", kind not in ("promotion", "advice", "question")), **kw)


def test_belief_formula_on_hand_made_claims():
    p = B.load_parameters()
    one = Claim("a", "treats", "b", evidence=(_ev("s1"),))
    assert B.belief(one) == pytest.approx((1 - p.systematic_error) * p.type_prior["assertion"], abs=1e-6)
    # two publishers: independent chances
    two = Claim("a", "treats", "b", evidence=(_ev("s1"), _ev("s2", "finding")))
    expected = (1 - p.systematic_error) * (1 - (1 - p.type_prior["assertion"]) * (1 - p.type_prior["finding"]))
    assert B.belief(two) == pytest.approx(expected, abs=1e-6)
    # the same two articles from one publisher count once: the best sentence
    assert B.belief(two, {"s1": "Clinic", "s2": "clinic "}) == pytest.approx(
        (1 - p.systematic_error) * p.type_prior["finding"], abs=1e-6)
    # hedged, unattributed research, a named study by design
    hedged = Claim("a", "treats", "b", evidence=(_ev("s1", "hedge", certainty="hedged"),))
    assert B.belief(hedged) == pytest.approx((1 - p.systematic_error) * p.type_prior["hedge"] * p.hedged, abs=1e-6)
    unattributed = Claim("a", "treats", "b", evidence=(_ev("s1", "hedge", certainty="hedged", attribution="unattributed"),))
    assert B.belief(unattributed) == pytest.approx((1 - p.systematic_error) * p.unattributed, abs=1e-6)
    study = Claim("a", "treats", "b", evidence=(_ev("s1", "finding", attribution="study_x", study_role="backs"),))
    assert B.belief(study, design_of=lambda s, sentence: "randomised trial") == pytest.approx(
        (1 - p.systematic_error) * p.study_design["randomised trial"], abs=1e-6)
    explored = Claim("a", "treats", "b", evidence=(_ev("s1", "definition", attribution="study_x", study_role="investigates"),))
    assert B.belief(explored) == pytest.approx((1 - p.systematic_error) * p.type_prior["definition"], abs=1e-6)
    # promotion alone: no support, belief 0
    sales = Claim("a", "treats", "b", evidence=(_ev("s1", "promotion"), _ev("s2", "question")))
    assert sales.support == 0 and B.belief(sales) == 0.0
    # more independent support never lowers belief
    assert B.belief(two) > B.belief(one) > B.belief(hedged)


def test_belief_parameters_are_checked(tmp_path):
    bad = tmp_path / "belief.yaml"
    bad.write_text("type_prior: {assertion: 1.5}\nhedged: 0.7\nunattributed: 0.5\nstudy_design: {unknown: 0.7}\n"
                   "systematic_error: 0.05\n", encoding="utf-8")
    with pytest.raises(VocabularyError):
        B.load_parameters(bad)


def test_auc_and_reliability_on_hand_made_scores():
    assert auc([0.9, 0.1], [True, False]) == 1.0
    assert auc([0.1, 0.9], [True, False]) == 0.0
    assert auc([0.3], [True]) is None
    rows = reliability([0.05, 0.5, 0.55, 0.95], [False, True, False, True], bins=2)
    assert [(r.n, r.right) for r in rows] == [(1, 0), (3, 2)]


def test_belief_against_the_seed_gold_is_computed(seed_graph):
    result = calibrate(seed_graph, load_gold(GOLD))
    assert result.right > 100 and result.wrong > 5
    assert result.auc is not None and 0.0 <= result.auc <= 1.0
    assert sum(r.n for r in result.rows) == result.right + result.wrong


def test_graph_beliefs_use_the_sources_publishers():
    ev = lambda s: Evidence(s, "Ketamine eases pain.", 0, 20, evidence_type="assertion")  # noqa: E731
    claim = Claim("ketamine", "treats", "pain", evidence=(ev("a"), ev("b")))
    concepts = [Concept("ketamine", "ketamine", "Drug"), Concept("pain", "pain", "Condition")]
    same = EvidenceGraph([Source("a", "t", publisher="Clinic"), Source("b", "t", publisher="Clinic")], concepts, [claim])
    different = EvidenceGraph([Source("a", "t", publisher="Clinic"), Source("b", "t", publisher="Other")], concepts, [claim])
    assert B.graph_beliefs(same)[claim.id] < B.graph_beliefs(different)[claim.id]


# -- disagreements across articles ------------------------------------------------------------------

from graph.strength.disagreements import disagreements, interval, verdict  # noqa: E402


def test_seed_disagreements_across_articles(seed_graph):
    found = disagreements(seed_graph)
    assert found and all(d.a.source_id != d.b.source_id for d in found)

    def pair(kind, qa, qb):
        return [d for d in found if d.kind == kind and {d.a.quantity, d.b.quantity} == {qa, qb}]

    [duration] = pair("duration", "more than three months", "weeks, months, or even years")
    assert duration.verdict == "differs in degree" and "chronic pain" in duration.about
    assert {"Chronic pain is a persistent, nagging pain that lasts for more than three months.",
            "Chronic pain is characterized by persistent discomfort that lasts for weeks, months, or even years."} \
        == {duration.a.sentence, duration.b.sentence}
    [relief] = pair("relief_duration", "up to 3 weeks", "weeks to several months")
    assert relief.verdict == "differs in degree" and "ketamine" in relief.about
    [same] = pair("duration", "more than three months", "more than 12 weeks")
    assert same.verdict == "equivalent"
    # the opioid system: both sentences are in one article, so only --within lists them
    [opioid] = disagreements(seed_graph, within="how-can-ketamine-help-manage-chronic-pain", kinds=["involvement"])
    assert opioid.verdict == "qualifies" and "opioid" in opioid.about
    assert {"involves endogenous opioid system", "does not involve opioids"} == {opioid.a.says, opioid.b.says}


def test_disagreements_on_hand_made_articles():
    texts = {
        "a": "Ketamine relieves migraine. Relief lasted for up to 2 weeks. The usual dose is 0.5 mg/kg. "
             "About 60% of patients had relief.",
        "b": "Ketamine does not relieve migraine. Relief lasted for at least 6 months. The usual dose is 500 mcg/kg. "
             "Nearly 20% of patients had relief.",
        "c": "Ketamine may relieve migraine.",
    }
    sources = [Source(k, v, title=k.upper()) for k, v in texts.items()]
    concepts = [Concept("ketamine", "ketamine", "Drug"), Concept("migraine", "migraine", "Condition")]
    ev = lambda s, certainty="asserted": Evidence(s, texts[s].split(".")[0] + ".", 0, len(texts[s].split(".")[0]) + 1,  # noqa: E731
                                                  certainty=certainty, evidence_type="assertion")
    claims = [Claim("ketamine", "treats", "migraine", evidence=(ev("a"), ev("c", "hedged"))),
              Claim("ketamine", "treats", "migraine", "negated", evidence=(ev("b"),))]
    g = EvidenceGraph(sources, concepts, claims, source_mentions={s: {"ketamine": 1} for s in texts})
    found = {(d.kind, d.a.source_id, d.b.source_id): d.verdict for d in disagreements(g)}
    assert found[("polarity", "a", "b")] == "contradicts"  # both asserted
    assert found[("polarity", "c", "b")] == "qualifies"  # one side hedged
    assert found[("certainty", "a", "c")] == "qualifies"
    assert found[("relief_duration", "a", "b")] == "contradicts"  # up to 2 weeks vs 6 months or more
    assert found[("dose", "a", "b")] == "equivalent"  # 0.5 mg/kg = 500 mcg/kg
    assert found[("response_rate", "a", "b")] == "contradicts"
    assert disagreements(g, within="a") == []
    with pytest.raises(Exception, match="unknown disagreement kind"):
        disagreements(g, kinds=["nonsense"])


@pytest.mark.parametrize("a, b, expected", [
    ("more than three months", "more than 12 weeks", "equivalent"),
    ("more than three months", "weeks, months, or even years", "differs in degree"),
    ("up to 3 weeks", "weeks to several months", "differs in degree"),
    ("within a few hours", "after 3 months", "contradicts"),
    ("2 mg", "2000 mcg", "equivalent"),
    ("50%", "half", "equivalent"),
    ("15-35%", "70%", "contradicts"),
    ("3 weeks", "50%", None),
])
def test_quantities_are_compared_with_units_normalised(a, b, expected):
    assert verdict(interval(a), interval(b)) == expected


# -- studies, roll-up, belief-check from the command line ---------------------------------------------


def test_studies_records_csv_store_and_command(seed_build, capsys):
    from graph.cli import main

    _, out = seed_build
    with (out / "studies.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["organization"]: r for r in csv.DictReader(handle)}
    chicago = rows["university of chicago medical center"]
    assert chicago["design"] == "case series" and chicago["role"] == "reports a result"
    assert chicago["population"] == "patients with severe refractory pain of multiple etiologies"
    assert chicago["result"] == "In half of our patients, relief lasted for up to 3 weeks with minimal side effects."
    assert "subanesthetic ketamine infusions may improve" in chicago["finding"]
    hopkins = rows["johns hopkins school of medicine"]
    assert hopkins["role"] == "investigates" and hopkins["finding"] == "" and "growing use" in hopkins["investigates"]
    db = sqlite3.connect(out / "graph.sqlite")
    assert db.execute("SELECT design FROM study_records WHERE organization LIKE '%chicago%'").fetchone() == ("case series",)
    assert main(["studies", "--graph", str(out)]) == 0
    assert "case series" in capsys.readouterr().out
    assert main(["studies", "chicago", "--graph", str(out)]) == 0
    text = capsys.readouterr().out
    assert "design: case series" in text and "result: In half of our patients" in text and "the study backs" in text
    assert main(["studies", "hopkins", "--graph", str(out), "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["role"] == "investigates" and {c["study_role"][0] for c in data["claims"]} == {"investigates"}


def test_neighbors_narrower_rolls_up_and_says_via(seed_build, capsys):
    from graph.cli import main

    _, out = seed_build
    for where in (str(out), str(out / "graph.json")):  # from the store and from the whole graph alike
        assert main(["neighbors", "pain", "--narrower", "--graph", where, "--format", "csv"]) == 0
        rows = list(csv.DictReader(__import__("io").StringIO(capsys.readouterr().out)))
        vias = {r["via"] for r in rows}
        assert {"", "chronic pain", "chronic pain > neuropathic pain"} <= vias
        assert not any(r["via"] and r["predicate"] == "subclass_of" and r["neighbor"] in ("pain", "chronic pain")
                       for r in rows)
    assert main(["neighbors", "pain", "--graph", str(out), "--format", "csv"]) == 0
    assert "via" not in capsys.readouterr().out.splitlines()[0]  # without --narrower nothing rolls up


def test_belief_check_command(capsys):
    from graph.cli import main

    assert main(["belief-check", "--sources", str(ROOT / "sources"), "--gold", str(GOLD), "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["right"] + data["wrong"] == sum(r["n"] for r in data["reliability"]) and 0 <= data["auc"] <= 1


def test_uncited_names_the_claims_a_study_only_investigated(seed_graph):
    from graph.query import uncited

    found = uncited(seed_graph, backing="investigated")
    assert {(u.claim.subject, u.claim.predicate, u.claim.object) for u in found} >= {("ketamine", "treats", "chronic_pain")}
    assert all(any("Johns Hopkins" in e.sentence or e.study_role == "investigates" for e in u.evidence) for u in found)
