"""The worked notebook ``notebooks/explore.ipynb``, executed with a real Jupyter kernel.

The kernel runs this interpreter (``sys.executable``): the test writes its own kernel
spec into a temporary folder put first on ``JUPYTER_PATH``, so it works on a fresh
clone after ``pip install -e '.[dev]'`` with no kernel installed anywhere.
The notebook is executed once per test module (in memory; the file is rewritten only
with ``UPDATE_NOTEBOOK=1``, which is how the committed outputs are refreshed),
from ``notebooks/`` as Jupyter would, and its outputs are checked against answers
computed here through the same public API. The interactive map it embeds is opened
in a real browser (Chromium through Playwright) with every network request blocked.
"""

from __future__ import annotations

import html
import html.parser
import json
import os
import struct
import sys
import time
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

import graph
from graph import frames, query
from graph.render.html import select_subgraph

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
IPYNB = NOTEBOOKS / "explore.ipynb"
PAIRED = NOTEBOOKS / "explore.py"
KERNEL_NAME = "evidence-graph-test"
MAX_SECONDS = 60.0
UPDATE_ENV = "UPDATE_NOTEBOOK"  # =1: write the executed notebook back to explore.ipynb
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# -- running the notebook ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory):
    """A kernel spec for this interpreter, found through JUPYTER_PATH for the module's tests."""
    data_dir = tmp_path_factory.mktemp("jupyter")
    spec_dir = data_dir / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (evidence-graph tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, [str(data_dir), os.environ.get("JUPYTER_PATH")])))
        yield KERNEL_NAME


@pytest.fixture(scope="module")
def executed(kernel_name):
    """The notebook after a full run, and how long the run took (seconds)."""
    nb = nbformat.read(IPYNB, as_version=4)
    kernelspec = dict(nb.metadata.get("kernelspec", {}))
    for cell in nb.cells:  # start from a clean notebook: outputs must come from this run
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=120,
        startup_timeout=60,
        allow_errors=False,  # any cell error raises CellExecutionError
        record_timing=False,  # no timestamps: the saved notebook changes only when its content does
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    if os.environ.get(UPDATE_ENV) == "1":  # refresh the committed outputs (see docs/notebook.md)
        nb.metadata["kernelspec"] = kernelspec
        nbformat.write(nb, IPYNB)
    return nb, seconds


@pytest.fixture(scope="module")
def seed_graph():
    return graph.build_graph(ROOT / "sources")


def tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    return cells[0]


def output_data(cell, mime: str) -> list[str]:
    return [o["data"][mime] for o in cell.outputs if "data" in o and mime in o["data"]]


class _Tags(html.parser.HTMLParser):
    """Start tags with their (unescaped) attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(text: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


# -- tests ------------------------------------------------------------------------------------


def test_notebook_runs_cleanly_and_fast(executed):
    nb, seconds = executed
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o["output_type"] == "error"]
    # Nothing on stderr: no warnings or log records for a reader to puzzle over.
    stderr = [o["text"] for c in code for o in c.outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert stderr == []
    assert seconds < MAX_SECONDS, f"the notebook took {seconds:.1f} s to execute"


def test_path_answer_shows_the_evidence_chain(executed, seed_graph):
    nb, _ = executed
    answer = "".join(output_data(tagged(nb, "path-answer"), "text/html"))
    lowered = answer.lower()
    assert "ketamine" in lowered and "ptsd" in lowered
    expected = query.paths(seed_graph, "ketamine", "PTSD", max_hops=3, limit=5)
    assert expected
    for path in expected:
        assert html.escape(str(path)) in answer
    # One quoted sentence per step, each a real evidence sentence of that step's claim.
    assert answer.count("<blockquote>") == sum(p.length for p in expected)
    quotes = [seg.split("&rdquo;")[0] for seg in answer.split("<blockquote>&ldquo;")[1:]]
    steps = [hop for p in expected for hop in p.hops]
    for quote, hop in zip(quotes, steps, strict=True):
        assert html.unescape(quote) in {ev.sentence for ev in hop.claim.evidence}


def test_chart_is_an_inline_png(executed):
    nb, _ = executed
    images = output_data(tagged(nb, "chart"), "image/png")
    assert len(images) == 1
    import base64

    png = base64.b64decode(images[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 300 and height > 300


def test_sparql_frame_lists_multi_source_treatments(executed, seed_graph):
    nb, _ = executed
    cell = tagged(nb, "sparql")
    text = "".join(output_data(cell, "text/plain"))
    assert text and not text.startswith("Empty DataFrame")
    claims = frames.claims_frame(seed_graph)
    wanted = claims[(claims.predicate == "treats") & (claims.polarity == "affirmed") & (claims.support > 1)]
    assert len(wanted)
    table = "".join(output_data(cell, "text/html"))
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == len(wanted)
    for row in wanted.itertuples():
        assert f"<td>{html.escape(row.subject)}</td>\n      <td>{html.escape(row.object)}</td>" in body


def test_subgraph_is_an_inline_self_contained_page(executed, seed_graph, tmp_path):
    nb, _ = executed
    [out] = output_data(tagged(nb, "subgraph"), "text/html")
    frames_ = [attrs for tag, attrs in start_tags(out) if tag == "iframe"]
    assert len(frames_) == 1 and "src" not in frames_[0]
    page = frames_[0]["srcdoc"]
    assert page.lstrip().lower().startswith("<!doctype html")
    tags = start_tags(page)
    assert not [a for t, a in tags if t in ("script", "img", "iframe") and a.get("src")]
    assert not [a for t, a in tags if t == "link" and (a.get("href") or "").startswith(("http:", "https:", "//"))]

    # In a real browser: the map draws exactly the focus selection, fetching nothing.
    from playwright.sync_api import sync_playwright

    host = tmp_path / "output.html"
    host.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{out}</body></html>", encoding="utf-8")
    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1200, "height": 900})
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            def route(r):
                requests.append(r.request.url)
                r.continue_() if r.request.url.startswith("file:") else r.abort()

            tab.route("**/*", route)
            tab.goto(host.as_uri())
            inner = tab.frames[1]
            inner.wait_for_function("window.evidenceGraph && window.evidenceGraph.ready", timeout=30_000)
            drawn = set(inner.evaluate("window.evidenceGraph.nodesView.getIds()"))
        finally:
            browser.close()
    expected = select_subgraph(seed_graph, focus="ketamine", depth=1)
    assert drawn == set(expected.concept_ids)
    assert query.find_concept(seed_graph, "ketamine").id in drawn
    assert errors == []
    assert requests == [host.as_uri()]


def test_paired_script_has_the_same_cells():
    """explore.py (jupytext percent) and explore.ipynb hold the same cells: run `jupytext --sync` after editing."""
    from_py = jupytext.read(PAIRED, fmt="py:percent")
    from_ipynb = jupytext.read(IPYNB)
    cells = lambda nb: [(c.cell_type, c.source.strip()) for c in nb.cells]  # noqa: E731
    assert cells(from_py) == cells(from_ipynb)
    tags = lambda nb: [c.metadata.get("tags", []) for c in nb.cells]  # noqa: E731
    assert tags(from_py) == tags(from_ipynb)
    assert from_ipynb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"


def test_pyvis_cell_shows_an_offline_pyvis_network(executed, seed_graph):
    from graph.render import to_pyvis

    nb, _ = executed
    cell = tagged(nb, "pyvis")
    [out] = output_data(cell, "text/html")
    frames_ = [attrs for tag, attrs in start_tags(out) if tag == "iframe"]
    assert len(frames_) == 1 and "src" not in frames_[0]
    page = frames_[0]["srcdoc"]
    assert "new vis.Network" in page
    assert not [a for t, a in start_tags(page) if (a.get("src") or a.get("href") or "").startswith(("http:", "https:", "//"))]
    printed = "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")
    expected = to_pyvis(seed_graph, focus="ketamine", depth=1)
    assert f"pyvis Network: {len(expected.nodes)} concepts, {len(expected.edges)} links" in printed
