"""Project settings (base IRI, infores id) for build and export, a query's own PREFIX lines, and
the grounded share that ``stats`` reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import ExportError
from graph.export.identifiers import grounding_stats
from graph.export.settings import DEFAULT_INFORES, load_settings
from graph.namespaces import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "rdf_sample"
BASE = "https://kg.example.org/pain/"


def test_settings_from_own_file_pyproject_table_and_flags(tmp_path):
    assert load_settings(tmp_path) == load_settings()  # nothing there: the defaults
    assert (load_settings().base, load_settings().infores) == (DEFAULT_BASE, DEFAULT_INFORES)
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n[tool.evidence-graph]\nbase = "{BASE}"\ninfores = "infores:pain-kg"\n')
    s = load_settings(tmp_path)
    assert (s.base, s.infores) == (BASE, "infores:pain-kg") and "[tool.evidence-graph]" in s.origin
    (tmp_path / "evidence-graph.toml").write_text('infores = "infores:own-file"\n')  # the own file wins
    assert load_settings(tmp_path).infores == "infores:own-file"
    assert load_settings(tmp_path, base="https://other.example/").base == "https://other.example/"


@pytest.mark.parametrize("text, message", [
    ('base = "not an iri"', "base IRI must be"),
    ('infores = "my graph"', "infores id must look like"),
    ('colour = "blue"', "unknown setting(s) colour"),
    ("base = ", "cannot read settings"),
])
def test_bad_settings_are_one_clear_error(tmp_path, text, message):
    (tmp_path / "evidence-graph.toml").write_text(text + "\n")
    with pytest.raises(ExportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(tmp_path)


def test_build_reads_the_settings_beside_its_sources(tmp_path, capsys):
    sources = tmp_path / "project" / "sources"
    sources.mkdir(parents=True)
    (sources / "a.txt").write_text("Ketamine is an effective treatment for chronic pain.\n\nOpioids can cause addiction.\n")
    (tmp_path / "project" / "evidence-graph.toml").write_text(f'base = "{BASE}"\ninfores = "infores:pain-kg"\n')
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources), "--out", str(out), "--quiet", "--no-cache", "--outputs", "all"]) == 0
    assert f"<{BASE}concept/" in (out / "graph.ttl").read_text()
    edges = [json.loads(line) for line in (out / "kgx" / "edges.jsonl").read_text().splitlines()]
    assert edges and {e["primary_knowledge_source"] for e in edges} == {"infores:pain-kg"}
    assert main(["build", "--sources", str(sources), "--out", str(out), "--quiet", "--no-cache", "--infores", "infores:flag",
                 "--outputs", "all"]) == 0
    assert {json.loads(line)["primary_knowledge_source"] for line in (out / "kgx" / "edges.jsonl").read_text().splitlines()} == {"infores:flag"}


def test_sparql_honours_the_query_s_own_prefixes(tmp_path, capsys):
    query = tmp_path / "q.rq"
    query.write_text(f"PREFIX concept: <{BASE}concept/>\nPREFIX eg: <https://example.org/evidence-graph/vocab#>\n"
                     "SELECT ?d WHERE { ?d eg:treats concept:ptsd }\n")
    # on a build folder: exported under the base the query declares, so it finds the data
    assert main(["sparql", str(query), "--graph", str(SAMPLE), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["d", f"{BASE}concept/ketamine"]
    # on a file exported with --base
    exported = tmp_path / "kg.ttl"
    assert main(["export", "--graph", str(SAMPLE), "--out", str(exported), "--base", BASE]) == 0
    capsys.readouterr()
    assert main(["sparql", str(query), "--graph", str(exported), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["d", f"{BASE}concept/ketamine"]
    # the table shortens IRIs with the query's own prefixes
    assert main(["sparql", str(query), "--graph", str(exported)]) == 0
    assert "concept:ketamine" in capsys.readouterr().out


def test_stats_reports_the_grounded_share(seed_graph, seed_build, capsys):
    _, build = seed_build
    assert main(["stats", "--graph", str(build), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = grounding_stats(seed_graph)
    assert data["grounded_share"] == {c: v["share"] for c, v in expected.items()}
    conditions = [c for c in seed_graph.concepts.values() if c.category == "Condition"]
    assert data["grounded_concepts"]["Condition"].endswith(f"/{len(conditions)}")
    assert 0 < expected["Condition"]["share"] < 1 and 0 < expected["Drug"]["share"] < 1
