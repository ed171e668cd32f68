"""The query commands: in-process through graph.cli.main (capsys) and as `python -m graph` subprocesses."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.cli import build_parser, main
from graph.cli.query import COMMANDS
from graph.export.graphfile import write_graph_json
from graph.query import example_graph

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """These tests check what the tables say; a wide terminal keeps each cell on one line
    (tests/test_cli_terminal.py checks that tables fit a narrow one)."""
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> str:
    """A build folder holding the hand-made example graph's graph.json."""
    out = tmp_path_factory.mktemp("example-build")
    write_graph_json(example_graph(), out / "graph.json")
    return str(out)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> str:
    """The seed sources built once per session into a folder (lead: move to tests/conftest.py to share)."""
    out = tmp_path_factory.mktemp("seed-build")
    result = graph.build(ROOT / "sources", out, outputs=("graph.json",))
    if not result.graph.claims:
        pytest.skip("the extractor produces no claims yet; seed command tests run once it does")
    return str(out)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_subprocess(*argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([PYTHON, "-m", "graph", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


# -- registration and help ----------------------------------------------------------------------


def test_every_query_command_is_registered_with_an_example():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        assert name in sub.choices
        help_text = sub.choices[name].format_help()
        assert "Example" in help_text and f"python -m graph {name}" in help_text
        assert "--graph" in help_text and "--format" in help_text


def test_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as info:
        main(["path", "--help"])
    assert info.value.code == 0
    assert "python -m graph path ketamine ptsd" in capsys.readouterr().out


# -- each command, in process ---------------------------------------------------------------------


def test_concepts(capsys, built):
    status, out, _ = run(capsys, "concepts", "--graph", built)
    assert status == 0
    assert out.splitlines()[0] == "11 concept(s)"
    assert out.splitlines()[1].split() == ["label", "category", "claims", "sources", "mentions", "synonyms", "concept_id"]
    status, out, _ = run(capsys, "concepts", "pain", "--graph", built, "--format", "json")
    assert status == 0
    assert {r["label"] for r in json.loads(out)} == {"chronic pain", "pain"}
    status, out, _ = run(capsys, "concepts", "--category", "Drug,Molecule", "--graph", built, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["category"] for r in rows} == {"Drug", "Molecule"} and len(rows) == 3


def test_neighbors(capsys, built):
    status, out, _ = run(capsys, "neighbors", "ketamine", "--graph", built)
    assert status == 0
    assert out.startswith("ketamine (Drug): 5 neighbour claim(s)")
    assert "nmda receptor" in out and "treats" in out
    status, out, _ = run(capsys, "neighbors", "PTSD", "--direction", "in", "--predicate", "treats", "--graph", built, "--format", "json")
    assert [(r["neighbor"], r["direction"]) for r in json.loads(out)] == [("ketamine", "in")]


def test_path_table_lists_direct_claim_and_two_hop_routes_with_evidence(capsys, built):
    status, out, _ = run(capsys, "path", "ketamine", "ptsd", "--graph", built)
    assert status == 0
    blocks = out.split("\n\n")
    assert blocks[0].startswith("6 path(s) from ketamine to ptsd")
    assert blocks[1].startswith("1. ketamine -treats-> ptsd    [1 hop(s)")
    assert '"Ketamine therapy is an effective treatment option for PTSD."' in blocks[1]
    # ranked by belief: the two-hop routes through chronic pain follow the direct claim
    symmetric = next(b for b in blocks[2:] if "<-co_occurs_with->" in b.splitlines()[0])
    assert "2 hop(s)" in symmetric and "(symmetric" in symmetric
    assert "study: johns hopkins study on ketamine infusions (johns hopkins school of medicine)" in symmetric


def test_path_json_and_csv(capsys, built):
    status, out, _ = run(capsys, "path", "ketamine", "ptsd", "--max-hops", "2", "--graph", built, "--format", "json")
    data = json.loads(out)
    assert status == 0 and [p["hops"] for p in data] == [1, 2, 2]
    step = data[0]["steps"][0]
    assert (step["from"], step["to"], step["direction"], step["claim"]["predicate"]) == ("ketamine", "ptsd", "forward", "treats")
    assert step["evidence"][0]["sentence"]
    status, out, _ = run(capsys, "path", "ketamine", "ptsd", "--max-hops", "1", "--graph", built, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["path"] for r in rows} == {"1"} and len(rows) == 2  # one row per evidence sentence of the one hop


def test_path_with_no_route_says_so(capsys, built):
    status, out, _ = run(capsys, "path", "nmda receptor", "pain", "--max-hops", "2", "--graph", built)
    assert status == 0 and out.startswith("no path of at most 2 hop(s) links nmda receptor to pain")


def test_evidence(capsys, built):
    claim = next(c for c in example_graph().claims.values() if c.subject == "ketamine" and c.object == "chronic_pain")
    status, out, _ = run(capsys, "evidence", claim.id[:6], "--graph", built)
    assert status == 0
    assert out.startswith(f"claim ketamine treats chronic pain [affirmed, asserted, support 2, belief 0.76, cited] ({claim.id})")
    assert '"How Can Ketamine Help Manage Chronic Pain?"' in out and "§ Research" in out
    assert "study: johns hopkins study on ketamine infusions (johns hopkins school of medicine)" in out
    status, out, _ = run(capsys, "evidence", claim.id, "--graph", built, "--format", "json")
    data = json.loads(out)
    assert data["claim"]["claim_id"] == claim.id and len(data["evidence"]) == 2
    assert {r["organization"] for r in data["evidence"]} == {"johns hopkins school of medicine", ""}


def test_claims(capsys, built):
    status, out, _ = run(capsys, "claims", "--subject", "ketamine", "--predicate", "treats", "--graph", built, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and {r["object"] for r in rows} == {"ptsd", "chronic pain", "depression"}
    status, out, _ = run(capsys, "claims", "--attribution", "unattributed", "--graph", built)
    assert out.splitlines()[0] == "3 claim(s)"
    status, out, _ = run(capsys, "claims", "--attribution", "none", "--source", "ketamine-for-pain", "--uncited",
                         "--graph", built, "--format", "json")
    assert {(r["subject"], r["object"]) for r in json.loads(out)} == {
        ("ketamine", "nmda receptor"), ("ketamine", "central sensitization"), ("chronic pain", "depression"),
        ("ketamine", "depression"), ("chronic pain", "pain")}
    status, out, _ = run(capsys, "claims", "--quantity", "weeks", "--graph", built, "--format", "json")
    assert [r["quantities"] for r in json.loads(out)] == [["more than 12 weeks", "more than three months"]]
    status, out, _ = run(capsys, "claims", "--polarity", "negated", "--limit", "1", "--graph", built)
    assert "chronic pain  causes" in out.replace("  ", "  ")


def test_contradictions(capsys, built):
    status, out, _ = run(capsys, "contradictions", "--graph", built)
    assert status == 0
    assert out.startswith("2 disagreement(s) across articles")
    assert "[duration] how long chronic pain lasts (its definition): equivalent" in out
    assert "[certainty] ketamine treats chronic pain: qualifies" in out
    assert "more than 12 weeks" in out and "more than three months" in out
    assert "inside single articles" in out and "pain-and-ptsd (1)" in out
    status, out, _ = run(capsys, "contradictions", "--within", "pain-and-ptsd", "--graph", built)
    assert "[polarity] chronic pain causes ptsd: qualifies" in out and "directly lead to" in out
    status, out, _ = run(capsys, "contradictions", "--kind", "duration", "--graph", built, "--format", "json")
    [item] = json.loads(out)
    assert {item["a"]["quantity"], item["b"]["quantity"]} == {"more than three months", "more than 12 weeks"}
    assert item["verdict"] == "equivalent" and item["a"]["sentence"] and item["b"]["sentence"]
    status, out, _ = run(capsys, "contradictions", "--graph", built, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["side"] for r in rows} == {"a", "b"} and {r["n"] for r in rows} == {"1", "2"}


def test_uncited(capsys, built):
    status, out, _ = run(capsys, "uncited", "--backing", "unattributed", "--graph", built, "--format", "json")
    rows = json.loads(out)
    assert status == 0 and len(rows) == 3 and {r["backing"] for r in rows} == {"unattributed"}
    assert any(r["sentence"].startswith("Studies have shown") for r in rows)
    status, out, _ = run(capsys, "uncited", "--source", "pain-and-ptsd", "--graph", built)
    assert "1 'unattributed'" in out.splitlines()[0]


def test_compare(capsys, built):
    status, out, _ = run(capsys, "compare", "pain-and-ptsd", "ketamine-for-pain", "--graph", built)
    assert status == 0
    assert "shared 2, only A 5, only B 4, disagreements 1" in out
    status, out, _ = run(capsys, "compare", "pain-and-ptsd", "ketamine-for-pain", "--graph", built, "--format", "json")
    data = json.loads(out)
    assert (len(data["shared"]), len(data["only_a"]), len(data["only_b"])) == (2, 5, 4)


def test_hubs_and_stats(capsys, built):
    status, out, _ = run(capsys, "hubs", "--category", "drug", "--graph", built, "--format", "json")
    assert status == 0 and [r["concept"] for r in json.loads(out)] == ["ketamine"]
    status, out, _ = run(capsys, "stats", "--graph", built)
    assert status == 0 and "claims: 13" in out and "claims_by_predicate:" in out
    status, out, _ = run(capsys, "stats", "--graph", built, "--format", "json")
    assert json.loads(out)["sources"] == 3


# -- errors: one line, non-zero, no traceback ------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["neighbors", "ketamin"], "error: no concept named 'ketamin'; did you mean 'ketamine'"),
    (["path", "ketamine", "unicorn"], "error: no concept named 'unicorn'"),
    (["evidence", "ffffffffffff"], "error: no claim with id 'ffffffffffff'"),
    (["claims", "--predicate", "cures"], "error: unknown predicate 'cures'"),
    (["compare", "pain-and-ptsd", "nowhere"], "error: no source 'nowhere'"),
])
def test_errors_are_one_line_with_status_1(capsys, built, argv, message):
    status, out, err = run(capsys, *argv, "--graph", built)
    assert status == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_missing_build_is_a_one_line_error(capsys, tmp_path):
    status, _, err = run(capsys, "stats", "--graph", str(tmp_path / "nothing"))
    assert status == 1 and err.startswith("error: ") and err.count("\n") == 1 and "graph.json" in err


# -- as a subprocess ---------------------------------------------------------------------------------


def test_subprocess_path_json_and_errors(built):
    done = run_subprocess("path", "ketamine", "ptsd", "--graph", built, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["path"] == "ketamine -treats-> ptsd"
    done = run_subprocess("neighbors", "unicorn", "--graph", built)
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "no concept named 'unicorn'" in done.stderr


# -- the seed build ------------------------------------------------------------------------------------


def test_seed_path_ketamine_ptsd(capsys, seed_build):
    status, out, _ = run(capsys, "path", "ketamine", "ptsd", "--graph", seed_build, "--format", "json")
    paths = json.loads(out)
    assert status == 0
    direct = [p for p in paths if p["hops"] == 1 and p["steps"][0]["claim"]["predicate"] == "treats"]
    assert direct and direct[0]["steps"][0]["evidence"]
    assert any(p["hops"] == 2 and all(s["evidence"] for s in p["steps"]) for p in paths)


@pytest.mark.parametrize("argv", [
    ["contradictions"], ["stats"], ["concepts", "--limit", "5"], ["neighbors", "ketamine"],
    ["claims", "--subject", "ketamine"], ["hubs"], ["compare", "can-chronic-pain-cause-ptsd", "how-can-ketamine"],
])
def test_seed_commands_in_process(capsys, seed_build, argv):
    status, out, err = run(capsys, *argv, "--graph", seed_build)
    assert status == 0 and out.strip() and err == ""


def test_seed_contradictions_and_uncited_as_subprocess(seed_build):
    done = run_subprocess("contradictions", "--graph", seed_build, "--format", "json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert any(c["kind"] == "relief_duration" and c["verdict"] == "differs in degree" for c in found)
    assert all(c["explanation"] and c["a"]["sentence"] and c["b"]["sentence"] and c["a"]["source_id"] != c["b"]["source_id"]
               for c in found)
    done = run_subprocess("uncited", "--backing", "unattributed", "--graph", seed_build, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert any("studies have shown" in r["sentence"].lower() for r in json.loads(done.stdout))
