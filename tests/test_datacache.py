"""The data cache (graph.datacache): tables derived from shipped data, built once and read back
equal to a fresh build; a damaged entry or an unwritable folder costs only the time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import datacache
from graph.datacache import ENV, cached

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def test_built_once_then_read_back(folder):
    calls = []

    def build():
        calls.append(1)
        return {"a": frozenset({"x", "y"})}

    assert cached("t", ["k"], build) == cached("t", ["k"], build) == {"a": frozenset({"x", "y"})}
    assert len(calls) == 1 and len(list(folder.glob("t-*.pkl"))) == 1
    cached("t", ["other key"], build)
    assert len(calls) == 2


def test_a_damaged_entry_is_built_again(folder, caplog):
    cached("t", ["k"], lambda: [1, 2, 3])
    [entry] = folder.glob("t-*.pkl")
    entry.write_bytes(entry.read_bytes()[:10])
    assert cached("t", ["k"], lambda: [1, 2, 3]) == [1, 2, 3]
    assert "damaged" in caplog.text
    assert cached("t", ["k"], lambda: pytest.fail("read back, not built")) == [1, 2, 3]


def test_an_unwritable_folder_only_costs_the_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ENV, str(blocker / "data"))
    assert cached("t", ["k"], lambda: "built") == "built"
    monkeypatch.setenv(ENV, "")  # empty: no cache at all
    assert datacache.cache_dir() is None and cached("t", ["k"], lambda: "again") == "again"


def test_cached_grounding_tables_and_biolink_model_equal_fresh_ones(folder):
    import json

    from graph.export import biolink, identifiers
    from graph.fileio import load_yaml

    script = "from graph.export.identifiers import _tables; from graph.export.biolink import biolink_model; " \
             "_tables(); biolink_model()"
    env = {**os.environ, ENV: str(folder), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env=env)  # writes the entries
    assert {p.name.split("-")[0] for p in folder.glob("*.pkl")} == {"grounding", "biolink"}
    identifiers._tables.cache_clear()
    biolink.biolink_model.cache_clear()
    try:
        assert identifiers._tables() == identifiers._build_tables(identifiers.mesh_table_path())
        model, root = biolink.biolink_model(), biolink.model_dir()
        assert model.classes == load_yaml((root / "schema" / "biolink_model.yaml").read_text(encoding="utf-8"))["classes"]
        assert model.prefix_map == {k: v for k, v in json.loads(
            (root / "prefixmaps" / "biolink_model_prefix_map.json").read_text(encoding="utf-8")).items()
            if isinstance(v, str) and v.startswith("http")}
    finally:
        identifiers._tables.cache_clear()
        biolink.biolink_model.cache_clear()
