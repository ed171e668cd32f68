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
