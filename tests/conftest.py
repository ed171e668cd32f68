"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

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
    """A full build of sources/ into a temporary folder: (BuildResult, out_dir)."""
    import graph

    out = tmp_path_factory.mktemp("build")
    result = graph.build(SOURCES, out)
    return result, out
