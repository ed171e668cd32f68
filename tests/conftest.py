"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def seed_graph():
    """The EvidenceGraph of the seed articles in sources/ (no files written)."""
    import graph

    return graph.build_graph(SOURCES)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """A full build of sources/ into a temporary folder (every output: ``--outputs all``): (BuildResult, out_dir)."""
    import graph
    from graph.export import ALL_OUTPUTS

    out = tmp_path_factory.mktemp("build")
    result = graph.build(SOURCES, out, outputs=ALL_OUTPUTS)
    return result, out


# A user's choice of outputs for their builds is not the tests' (tests that want one say so).
os.environ.pop("GRAPH_OUTPUTS", None)

# Derived data tables (graph.datacache) go into a folder of this session, not the user's cache.
_DATA_CACHE = tempfile.mkdtemp(prefix="graph-test-datacache-")
os.environ.setdefault("EVIDENCE_GRAPH_DATA_CACHE", _DATA_CACHE)


def pytest_unconfigure(config):
    shutil.rmtree(_DATA_CACHE, ignore_errors=True)

