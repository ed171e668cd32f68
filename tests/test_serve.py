"""`python -m graph serve`: the real Datasette server over the store, asked over HTTP."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph.export.sqlite import write_sqlite
from graph.serve import QUERIES, TABLE_DOCS, datasette_metadata

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_graph):
    out = tmp_path_factory.mktemp("served")
    write_sqlite(seed_graph, out / "graph.sqlite")
    before = (out / "graph.sqlite").read_bytes()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([PYTHON, "-m", "graph", "serve", "--graph", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
                time.sleep(0.3)
        yield base, seed_graph
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        assert (out / "graph.sqlite").read_bytes() == before, "the server changed the store"


def test_metadata_describes_every_table_and_column(tmp_path, seed_graph):
    write_sqlite(seed_graph, tmp_path / "graph.sqlite")
    db = sqlite3.connect(tmp_path / "graph.sqlite")
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'evidence_fts%' AND name NOT LIKE 'sqlite_%'")]
    assert sorted(tables) == sorted(TABLE_DOCS)
    for table in tables:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        described = TABLE_DOCS[table][1]
        assert columns == list(described), table
        assert all(text.strip() for text in described.values())
    for query in QUERIES.values():  # every canned query runs on a real store
        db.execute(query["sql"], {"concept": "ketamine"}).fetchall()
    assert datasette_metadata()["databases"]["graph"]["tables"]["claims"]["facets"][:3] == ["predicate", "certainty", "polarity"]


def test_canned_query_over_http(server):
    base, g = server
    rows = get(base + "/graph/hedged_treatment_claims.json?_shape=array&_size=max")
    expected = {c.id for c in g.claims.values() if c.predicate == "treats" and c.certainty == "hedged"}
    assert expected and {r["claim_id"] for r in rows} == expected
    rows = get(base + "/graph/concept_evidence.json?_shape=array&_size=max&concept=" + urllib.parse.quote("Ketamine"))
    expected = sum(len(c.evidence) for c in g.claims.values() if "ketamine" in (c.subject, c.object))
    assert len(rows) == expected and all("ketamine" in (r["subject_label"], r["object_label"]) for r in rows)
    rows = get(base + "/graph/claims_no_study_backs.json?_shape=array&_size=max")
    assert {r["claim_id"] for r in rows} == {c.id for c in g.claims.values() if not c.cited}


def test_full_text_search_and_facets_over_http(server):
    base, g = server
    rows = get(base + "/graph/evidence.json?_shape=array&_size=max&_search=NMDA")
    expected = sum(1 for c in g.claims.values() for e in c.evidence if "nmda" in e.sentence.lower())
    assert rows and len(rows) == expected and all("nmda" in r["sentence"].lower() for r in rows)
    data = get(base + "/graph/claims.json?_size=0")
    facets = data["facet_results"]
    assert {"predicate", "certainty", "polarity", "sources"} <= set(facets)
    treats = next(v for v in facets["predicate"]["results"] if v["value"] == "treats")
    assert treats["count"] == sum(1 for c in g.claims.values() if c.predicate == "treats")


def test_the_server_is_read_only(server):
    base, _ = server
    url = base + "/graph.json?sql=" + urllib.parse.quote("DELETE FROM claims")
    with pytest.raises(urllib.error.HTTPError):
        get(url)
    (n,), = [tuple(r.values()) for r in get(base + "/graph.json?_shape=array&sql=" + urllib.parse.quote("SELECT count(*) AS n FROM claims"))]
    assert n > 0


def test_serve_without_a_store_is_a_one_line_error(tmp_path):
    done = subprocess.run([PYTHON, "-m", "graph", "serve", "--graph", str(tmp_path)], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 1 and done.stderr.startswith("error: no graph.sqlite in") and done.stderr.count("\n") == 1
