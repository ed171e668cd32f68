"""`push` loads the build's Turtle into a real SPARQL server (Oxigraph) by the Graph Store Protocol."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib

from graph.cli import main
from graph.errors import BuildNotFoundError, ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export import get_writer
from graph.model import Claim, Concept, Evidence, Source
from graph.push import push_turtle, sparql_select

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
GRAPH_IRI = "https://example.org/evidence-graph/test"
SENTENCE = 'Ketamine relieves "treatment-resistant" PTSD <quickly> & safely.'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.skip("the oxigraph server binary is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "oxigraph did not start"
            time.sleep(0.1)
    yield {"store": f"{base}/store", "query": f"{base}/query"}
    process.terminate()
    process.wait(timeout=10)


def _graph(sentence: str = SENTENCE) -> EvidenceGraph:
    ev = Evidence("a", sentence, 0, len(sentence), section="Treatment", subject_span=(0, 8))
    return EvidenceGraph(
        sources=[Source("a", sentence, title="Article A")],
        concepts=[Concept("ketamine", "ketamine", "Drug"), Concept("ptsd", "ptsd", "Condition", display="PTSD")],
        claims=[Claim("ketamine", "treats", "ptsd", evidence=(ev,))],
        concept_sources={"ketamine": ("a",), "ptsd": ("a",)},
        concept_mentions={"ketamine": 1, "ptsd": 1},
        source_mentions={"a": {"ketamine": 1, "ptsd": 1}},
    )


@pytest.fixture
def turtle(tmp_path) -> Path:
    path = tmp_path / "graph.ttl"
    get_writer("graph.ttl")(_graph(), path)
    return path


def _count(server, graph: str | None = GRAPH_IRI) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(sparql_select(server["query"], f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"])


def _rows_with(server, text: str, graph: str = GRAPH_IRI) -> list[dict]:
    literal = text.replace("\\", "\\\\").replace('"', '\\"')
    return sparql_select(
        server["query"], f'SELECT ?s ?p WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{literal}")) }} }}'
    )


def test_push_puts_the_claims_into_a_named_graph(server, turtle):
    expected = len(rdflib.Graph().parse(turtle, format="turtle"))
    assert push_turtle(turtle, server["store"], graph=GRAPH_IRI) in (200, 201, 204)
    assert _count(server) == expected
    rows = _rows_with(server, SENTENCE)
    assert rows, "the claim's evidence sentence should be in the store"
    # The claim and both concepts are there: look the concept labels up.
    labels = {r["o"] for r in sparql_select(server["query"], f"SELECT ?o WHERE {{ GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o FILTER(isLiteral(?o)) }} }}")}
    assert {"ketamine", "PTSD"} & labels or {"ketamine", "ptsd"} & labels


def test_put_replaces_and_post_appends(server, tmp_path, turtle):
    iri = GRAPH_IRI + "/replace"
    push_turtle(turtle, server["store"], graph=iri)
    second = tmp_path / "second.ttl"
    get_writer("graph.ttl")(_graph("Ketamine relieves PTSD in veterans."), second)
    push_turtle(second, server["store"], graph=iri)  # PUT: the first sentence is gone
    assert not _rows_with(server, SENTENCE, iri) and _rows_with(server, "in veterans", iri)
    push_turtle(turtle, server["store"], graph=iri, replace=False)  # POST: both
    assert _rows_with(server, SENTENCE, iri) and _rows_with(server, "in veterans", iri)


def test_push_to_the_default_graph_by_cli(server, turtle, capsys):
    before = _count(server, None)
    assert main(["push", "--file", str(turtle), "--store", server["store"]]) == 0
    assert "default graph" in capsys.readouterr().out
    assert _count(server, None) > before


def test_errors_are_one_line_messages(server, tmp_path, capsys):
    with pytest.raises(BuildNotFoundError):
        push_turtle(tmp_path / "missing.ttl", server["store"])
    with pytest.raises(ExportError, match="HTTP 400"):
        push_turtle(b"this is not turtle <", server["store"], graph=GRAPH_IRI + "/bad")
    with pytest.raises(ExportError, match="cannot reach"):
        push_turtle(b"", f"http://127.0.0.1:{_free_port()}/store", timeout=5)
    with pytest.raises(ExportError, match="http"):
        push_turtle(b"", "file:///etc/passwd")
    assert main(["push", "--build", str(tmp_path), "--store", server["store"]]) == 1
    assert "no Turtle file" in capsys.readouterr().err


# -- a default build writes no graph.ttl: push makes the Turtle from the store --------------------

BASE = "https://kg.example.org/push-test/"


@pytest.fixture(scope="module")
def default_build(tmp_path_factory) -> Path:
    """A default build (no graph.ttl) of two seed articles, with a project base IRI beside the sources."""
    root = tmp_path_factory.mktemp("project")
    sources = root / "sources"
    sources.mkdir()
    for name in ("can-chronic-pain-cause-ptsd.txt", "what-causes-ptsd-and-how-ketamine-can-help.txt"):
        shutil.copy(Path(__file__).resolve().parent.parent / "sources" / name, sources / name)
    (root / "evidence-graph.toml").write_text(f'base = "{BASE}"\ninfores = "infores:push-test"\n')
    assert main(["build", "--sources", str(sources), "--out", str(root / "build"), "--outputs", "default", "--quiet"]) == 0
    assert not (root / "build" / "graph.ttl").exists()
    assert main(["build", "--sources", str(sources), "--out", str(root / "with-ttl"), "--outputs", "default,graph.ttl",
                 "--quiet"]) == 0
    return root


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_push_on_a_default_build_sends_the_turtle_of_its_store(server, default_build, capsys):
    build, reference = default_build / "build", default_build / "with-ttl" / "graph.ttl"
    before = _names(build)
    iri = GRAPH_IRI + "/default-build"
    assert main(["push", "--build", str(build), "--store", server["store"], "--graph", iri]) == 0
    assert "the Turtle made from the store of" in capsys.readouterr().out
    assert _names(build) == before, "nothing was left in the build folder"
    # the same triples as the graph.ttl a build writes, with the build's base IRI and infores id
    assert _count(server, iri) == len(rdflib.Graph().parse(reference, format="turtle"))
    subjects = sparql_select(server["query"], f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o '
                                              f'FILTER(STRSTARTS(STR(?s), "{BASE}concept/")) }} }}')
    assert int(subjects[0]["n"]) > 0
    assert _rows_with(server, "infores:push-test", iri)


def test_push_sends_the_graph_ttl_the_build_wrote(server, default_build, capsys):
    iri = GRAPH_IRI + "/with-ttl"
    assert main(["push", "--build", str(default_build / "with-ttl"), "--store", server["store"], "--graph", iri]) == 0
    assert str(default_build / "with-ttl" / "graph.ttl") in capsys.readouterr().out
    assert _count(server, iri) == len(rdflib.Graph().parse(default_build / "with-ttl" / "graph.ttl", format="turtle"))


def test_push_ignores_a_graph_ttl_the_build_did_not_write(server, default_build, tmp_path):
    """A graph.ttl in the folder that build.json does not name (an older export) may not match the store."""
    build = tmp_path / "build"
    shutil.copytree(default_build / "build", build, ignore=shutil.ignore_patterns(".cache"))
    (build / "graph.ttl").write_text('<https://example.org/stale> <https://example.org/p> "stale export" .\n')
    iri = GRAPH_IRI + "/stale"
    assert main(["push", "--build", str(build), "--store", server["store"], "--graph", iri]) == 0
    assert not _rows_with(server, "stale export", iri)
    assert _count(server, iri) == len(rdflib.Graph().parse(default_build / "with-ttl" / "graph.ttl", format="turtle"))
