"""The loading commands docs/rdf.md shows are run as written, on the seed build.

Each fenced block after the marker comment ``the commands of this block are run by
tests/test_docs_rdf.py`` is run line by line with bash, in a folder holding the seed build as
``build/`` and this checkout's ``tools/``, ``.venv`` and ``.kgx-venv``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- the commands of this block are run by tests/test_docs_rdf.py -->"


def documented_blocks() -> list[list[str]]:
    text = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(re.escape(MARKER) + r"\n```bash\n(.*?)```", text, re.S):
        blocks.append([line for line in match.group(1).splitlines() if line.strip() and not line.startswith("#")])
    return blocks


@pytest.fixture(scope="module")
def workdir(seed_build, tmp_path_factory) -> Path:
    _, build = seed_build
    work = tmp_path_factory.mktemp("docs")
    shutil.copytree(build, work / "build", ignore=shutil.ignore_patterns(".cache"))
    for name in ("tools", ".venv", ".kgx-venv"):
        (work / name).symlink_to(ROOT / name)
    return work


def _run(workdir: Path, line: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", "-c", line], cwd=workdir, env=env, capture_output=True, text=True, timeout=1200)


def test_the_docs_mark_both_loading_blocks():
    blocks = documented_blocks()
    assert len(blocks) == 2
    assert any("kgx_offline.py" in line and "validate" in line for line in blocks[0])
    assert any("oxigraph load" in line for line in blocks[1])


def test_kgx_commands_of_the_docs(workdir, seed_graph):
    for line in documented_blocks()[0]:
        done = _run(workdir, line)
        assert done.returncode == 0, f"{line}\n{done.stderr[-3000:]}"
    assert json.loads((workdir / "kgx-report.json").read_text()) == {}
    edges = (workdir / "merged_edges.jsonl").read_text().splitlines()
    assert len(edges) == len(seed_graph.claims)


def test_triple_store_commands_of_the_docs(workdir, seed_graph):
    outputs = []
    for line in documented_blocks()[1]:
        done = _run(workdir, line)
        assert done.returncode == 0, f"{line}\n{done.stderr[-3000:]}"
        outputs.append(done.stdout + done.stderr)
    query_output = next(o for line, o in zip(documented_blocks()[1], outputs) if "oxigraph query" in line)
    assert query_output.split() == ["claims", str(len(seed_graph.claims))]
    assert any("returned" in o and "triples" in o for o in outputs)  # rapper's count
