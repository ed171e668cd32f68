"""Curation: a writer's decisions in sources/curation.yaml, applied on every build, kept through rebuilds.

Real builds of a copy of the seed sources, the real `curate` commands, the real outputs
(store, claims.csv, graph.json, RDF, page data, build.json).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import rdflib

import graph
from graph.cli import main
from graph.curation import apply_curation, parse_decisions, read_decisions
from graph.model import content_id

ROOT = Path(__file__).resolve().parents[1]
# A sentence whose claim the extractor misses (checked by _missing_claim before the test relies on it).
OPIOID_SENTENCE = ("Furthermore, research suggests that ketamine’s effects on pain perception may involve interactions "
                 "with the opioid system, opening up possibilities for combination therapies that enhance pain relief "
                 "while minimizing the risk of opioid-related side effects.")
OPIOID_SOURCE = "how-can-ketamine-help-manage-chronic-pain"
KETAMINE_TREATS_PTSD = content_id("ketamine", "treats", "ptsd", "affirmed")


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture()
def workspace(tmp_path, capsys):
    """A copy of the seed sources and a first build of it, with no curation yet."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    out = tmp_path / "build"
    status, _, err = run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    assert status == 0, err
    return sources, out


def _missing_claim(out: Path) -> tuple[str, str, str]:
    """A claim the sentence supports that the extractor did not find (the test is meaningless otherwise)."""
    g = graph.load_graph(out)
    for s, p, o in (("ketamine", "modulates", "endogenous_opioid_system"),):
        if content_id(s, p, o, "affirmed") not in g.claims and s in g.concepts and o in g.concepts:
            return s, p, o
    pytest.fail("every candidate claim of the NMDA sentence is already extracted; pick another")


def test_decisions_hold_across_rebuilds_and_a_stale_one_is_reported(workspace, capsys):
    sources, out = workspace
    curation = sources / "curation.yaml"
    before = graph.load_graph(out)
    assert KETAMINE_TREATS_PTSD in before.claims and "anxiety_disorders" in before.concepts
    anxiety_claims = {c.id for c in before.claims.values() if "anxiety_disorders" in (c.subject, c.object)}
    assert anxiety_claims
    s, p, o = _missing_claim(out)
    common = ["--sources", sources, "--graph", out, "--by", "ana", "--at", "2026-12-01T10:00:00Z"]

    assert run(capsys, "curate", "reject", KETAMINE_TREATS_PTSD[:6], "--note", "only 'may help'", *common)[0] == 0
    assert run(capsys, "curate", "merge", "anxiety disorders", "anxiety", *common)[0] == 0
    status, printed, _ = run(capsys, "curate", "add", s, p, o, "--source", OPIOID_SOURCE, "--quote",
                             OPIOID_SENTENCE.replace(" with the opioid", "\n  with the opioid"), "--note", "missed", *common)
    assert status == 0 and f"{curation}:" in printed
    accepted = next(c.id for c in before.claims.values() if c.subject == "ketamine" and c.object == "chronic_pain"
                    and c.predicate == "treats")
    assert run(capsys, "curate", "accept", accepted, "--note", "checked", *common)[0] == 0
    written = curation.read_text()
    decisions, problems = read_decisions(curation)
    assert [d.action for d in decisions] == ["reject", "merge", "add", "accept"] and not problems

    status, _, err = run(capsys, "build", "--sources", sources, "--out", out, "--quiet", "--outputs", "default,graph.ttl")
    assert status == 0, err
    g = graph.load_graph(out)
    added = content_id(s, p, o, "affirmed")
    assert KETAMINE_TREATS_PTSD not in g.claims
    assert "anxiety_disorders" not in g.concepts and "anxiety disorders" in g.concepts["anxiety"].synonyms
    assert not any("anxiety_disorders" in (c.subject, c.object) for c in g.claims.values())
    ev = g.claims[added].evidence[0]
    assert ev.cue == "curated" and g.sources[OPIOID_SOURCE].text[ev.start:ev.end] == OPIOID_SENTENCE
    assert g.curation.claim_mark(accepted).text() == "accepted by ana on 2026-12-01: checked"
    assert [o.status for o in g.curation.outcomes] == ["applied"] * 4

    # Shown in the CLI, claims.csv, the RDF (PROV) and the page's data.
    status, printed, _ = run(capsys, "evidence", accepted, "--graph", out)
    assert "curation: accepted by ana on 2026-12-01: checked" in printed
    status, printed, _ = run(capsys, "claims", "--subject", s, "--object", o, "--graph", out, "--format", "json")
    assert json.loads(printed)[0]["curation"].startswith("added by ana")
    with (out / "claims.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["curation"] for r in rows if r["claim_id"] == added} == {"added"}
    assert {r["curation"] for r in rows if r["claim_id"] == accepted} == {"accepted"}
    assert not any(r["claim_id"] == KETAMINE_TREATS_PTSD for r in rows)
    rdf = rdflib.Graph().parse(out / "graph.ttl")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    claim_iri = next(rdf.subjects(rdflib.URIRef("http://purl.org/dc/terms/identifier"), rdflib.Literal(accepted)))
    decision = rdf.value(claim_iri, prov.wasInfluencedBy)
    assert str(rdf.value(decision, rdflib.RDFS.comment)) == "checked"
    assert str(rdf.value(rdf.value(decision, prov.wasAttributedTo), rdflib.RDFS.label)) == "ana"
    assert rdf.value(decision, prov.generatedAtTime).toPython().isoformat().startswith("2026-12-01T10:00:00")
    assert any(True for _ in rdf.objects(None, prov.wasInvalidatedBy))
    page = (out / "graph.html").read_text()
    assert "accepted by ana on 2026-12-01: checked" in page

    # Change the article the added quote came from, and rebuild: the add is stale, the rest holds.
    article = sources / f"{OPIOID_SOURCE}.txt"
    article.write_text(article.read_text().replace(OPIOID_SENTENCE, "Ketamine acts on receptors in the brain."))
    status, _, err = run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    assert status == 0, err  # a stale decision is a warning, not a failure
    stale_line = next(d.line for d in decisions if d.action == "add")
    assert f"warning: {curation}:{stale_line}: add claim {s} {p} {o} from {OPIOID_SOURCE}: stale" in err
    assert curation.read_text() == written  # nothing lost: the file is never rewritten by a build
    g = graph.load_graph(out)
    assert added not in g.claims and KETAMINE_TREATS_PTSD not in g.claims and "anxiety_disorders" not in g.concepts
    manifest = json.loads((out / "build.json").read_text())
    assert manifest["curation"]["outcomes"] == {"applied": 3, "stale": 1}
    assert manifest["curation"]["stale"][0].startswith(f"{curation}:{stale_line}: add ")
    status, printed, _ = run(capsys, "curate", "stale", "--sources", sources, "--graph", out, "--format", "csv")
    stale = list(csv.DictReader(printed.splitlines()))
    assert [(int(r["line"]), r["action"], r["status"]) for r in stale] == [(stale_line, "add", "stale")]
    assert "quote is not in the text" in stale[0]["detail"]
    status, printed, _ = run(capsys, "curate", "list", "--sources", sources, "--graph", out, "--format", "json")
    assert [r["status"] for r in json.loads(printed)] == ["applied", "applied", "stale", "applied"]


def test_bad_curation_lines_give_one_line_errors_and_the_build_goes_on(workspace, capsys):
    sources, out = workspace
    curation = sources / "curation.yaml"
    curation.write_text(
        "# decisions\n"                                   # 1
        "- action: reject\n"                              # 2 good
        f"  claim: {KETAMINE_TREATS_PTSD}\n"              # 3
        "- action: cure\n"                                # 4 unknown action
        "  claim: abc\n"                                  # 5
        "- action: merge\n"                               # 6 missing 'into'
        "  concept: anxiety_disorders\n"                  # 7
        "- action: add\n"                                 # 8 unknown predicate
        "  subject: ketamine\n  predicate: cures\n  object: ptsd\n  source: x\n  quote: y\n"
        "- action: recategorize\n"                        # 14 broken YAML
        "  concept: [pain\n"                              # 15
        "  category: Drug\n"                              # 16
        "- just text\n"                                   # 17 not a mapping
        "- action: accept\n"                              # 18 a key twice
        "  claim: a\n  claim: b\n"
        "- action: rename\n"                              # 21 good
        "  concept: ptsd\n  label: Post-traumatic stress disorder\n")
    status, _, err = run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    assert status == 3  # like a skipped source: the build is written, the exit status says something was skipped
    lines = [l for l in err.splitlines() if l.startswith("skipped:")]
    assert [l.split(":")[2] for l in lines] == ["4", "6", "8", "14", "17", "18"]
    assert all(l.startswith(f"skipped: {curation}:") and l.endswith("(skipped)") for l in lines)
    assert "unknown action 'cure'" in lines[0] and "no 'into' given" in lines[1] and "unknown predicate 'cures'" in lines[2]
    assert "not valid YAML" in lines[3] and "must be a mapping" in lines[4] and "given twice" in lines[5]
    g = graph.load_graph(out)
    assert KETAMINE_TREATS_PTSD not in g.claims and g.concepts["ptsd"].name == "Post-traumatic stress disorder"
    assert json.loads((out / "build.json").read_text())["curation"]["outcomes"] == {"applied": 2, "invalid": 6}


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"- action: reject\x00\x00"])
def test_an_unreadable_curation_file_does_not_lose_the_build(workspace, capsys, content):
    sources, out = workspace
    (sources / "curation.yaml").write_bytes(content)
    status, _, err = run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    assert status == 3 and f"skipped: {sources / 'curation.yaml'}: " in err and "no decision applied" in err
    assert len(graph.load_graph(out).claims) > 100


def test_curate_appends_and_keeps_the_writers_comments_and_order(workspace, capsys):
    sources, out = workspace
    curation = sources / "curation.yaml"
    mine = "# Ana's decisions, newest last\n\n- action: rename   # shorter for the web\n  concept: ptsd\n  label: PTSD\n"
    curation.write_text(mine)
    status, printed, _ = run(capsys, "curate", "recategorize", "pain perception", "Condition", "--sources", sources,
                             "--graph", out, "--note", "a symptom here", "--by", "ana")
    assert status == 0
    text = curation.read_text()
    assert text.startswith(mine)
    decisions, problems = read_decisions(curation)
    assert [(d.action, d.line) for d in decisions] == [("rename", 3), ("recategorize", 7)] and not problems
    assert printed.startswith(f"{curation}:7: recategorize concept pain_perception as Condition")
    assert decisions[1].note == "a symptom here" and decisions[1].by == "ana"


def test_curate_checks_its_arguments_against_the_build(workspace, capsys):
    sources, out = workspace
    common = ["--sources", sources, "--graph", out]
    status, _, err = run(capsys, "curate", "add", "ketamine", "treats", "ptsd", "--source", OPIOID_SOURCE,
                         "--quote", "Ketamine cures everything.", *common)
    assert status == 1 and err.count("\n") == 1 and "the quote does not occur in the text of" in err
    status, _, err = run(capsys, "curate", "merge", "ketamin", "anxiety", *common)
    assert status == 1 and "did you mean 'ketamine'" in err
    status, _, err = run(capsys, "curate", "reject", "zzzz9999", *common)
    assert status == 1 and "no claim" in err
    assert not (sources / "curation.yaml").exists()


def test_accepting_a_rejected_claim_restores_it(workspace, capsys):
    sources, out = workspace
    common = ["--sources", sources, "--graph", out, "--by", "ana"]
    run(capsys, "curate", "reject", KETAMINE_TREATS_PTSD, *common)
    run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    assert KETAMINE_TREATS_PTSD not in graph.load_graph(out).claims
    status, printed, _ = run(capsys, "curate", "accept", KETAMINE_TREATS_PTSD[:8], *common)
    assert status == 0 and "accept (restore)" in (sources / "curation.yaml").read_text()
    run(capsys, "build", "--sources", sources, "--out", out, "--quiet")
    g = graph.load_graph(out)
    assert KETAMINE_TREATS_PTSD in g.claims
    assert [o.status for o in g.curation.outcomes] == ["superseded", "applied"]


def test_same_curation_gives_byte_identical_outputs(tmp_path, capsys):
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    (sources / "curation.yaml").write_text(
        f"- action: reject\n  claim: {KETAMINE_TREATS_PTSD}\n  note: x\n  by: ana\n  at: '2026-12-01T10:00:00Z'\n"
        "- action: merge\n  concept: anxiety_disorders\n  into: anxiety\n")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"build{n}"
        assert run(capsys, "build", "--sources", sources, "--out", out, "--quiet", "--workers", str(n), "--outputs", "all")[0] == 0
        outs.append(out)
    for name in ("graph.sqlite", "graph.json", "claims.csv", "graph.ttl", "graph.html", "build.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    # The graph file keeps the curation too.
    from graph.export.graphfile import read_graph_json

    assert read_graph_json(outs[0] / "graph.json").curation.outcomes == graph.load_graph(outs[0]).curation.outcomes


def test_merge_then_reject_by_the_merged_claims_key():
    """A decision keyed by subject/predicate/object finds its claim after a merge changed the claim's id."""
    from graph.query import example_graph

    g = example_graph()
    decisions, problems = parse_decisions(
        "- action: merge\n  concept: depression\n  into: ptsd\n"
        f"- action: reject\n  claim: {content_id('ketamine', 'treats', 'depression', 'affirmed')}\n"
        "  subject: ketamine\n  predicate: treats\n  object: depression\n  polarity: affirmed\n", "c.yaml")
    assert not problems
    merged_away = g.claims[content_id("chronic_pain", "causes", "depression", "affirmed")]
    curated = apply_curation(g, decisions)
    assert [o.status for o in curated.curation.outcomes] == ["applied", "applied"]
    assert KETAMINE_TREATS_PTSD not in curated.claims and "depression" not in curated.concepts
    into = curated.claims[content_id("chronic_pain", "causes", "ptsd", "affirmed")]
    assert set(merged_away.evidence) <= set(into.evidence)


def test_a_claim_restored_after_a_merge_follows_the_merged_concept():
    from graph.query import example_graph

    g = example_graph()
    decisions, problems = parse_decisions(
        f"- action: reject\n  claim: {content_id('ketamine', 'treats', 'depression', 'affirmed')}\n"
        "- action: merge\n  concept: depression\n  into: ptsd\n"
        f"- action: accept\n  claim: {content_id('ketamine', 'treats', 'depression', 'affirmed')}\n", "c.yaml")
    curated = apply_curation(g, decisions)
    assert [o.status for o in curated.curation.outcomes] == ["superseded", "applied", "applied"]
    restored = curated.claims[KETAMINE_TREATS_PTSD]
    assert set(g.claims[content_id("ketamine", "treats", "depression", "affirmed")].evidence) <= set(restored.evidence)
    assert curated.curation.claim_mark(KETAMINE_TREATS_PTSD).action == "accepted"


def test_evaluation_measures_the_extractor_not_the_writers_decisions(tmp_path):
    """A curation file beside the sources does not change what `evaluate` scores."""
    from graph.cli.evaluate import load_evaluated_graph

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    (sources / "curation.yaml").write_text(f"- action: reject\n  claim: {KETAMINE_TREATS_PTSD}\n")
    assert KETAMINE_TREATS_PTSD not in graph.build_graph(sources).claims
    assert KETAMINE_TREATS_PTSD in load_evaluated_graph(None, str(sources)).claims
