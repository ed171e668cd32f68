"""The build end to end: outputs, traceability, bad input, atomic and reproducible writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.cli import EXIT_OK, EXIT_PARTIAL, main
from graph.export import ALL_OUTPUTS
from graph.export.tables import CLAIM_COLUMNS, CONCEPT_COLUMNS, read_table
from graph.fileio import atomic_write

from conftest import ROOT, SOURCES

ARCHITECTURE_CLAIM_COLUMNS = (
    "claim_id, subject, subject_category, predicate, object, object_category, polarity, "
    "certainty, attribution, quantity, source_id, sentence, start, end, section, evidence_type, study_role, belief"
)
# Columns added after the documented ones (issue 12: the writer's curation), never before them.
ADDED_CLAIM_COLUMNS = ("curation", "curation_note")
ARCHITECTURE_CONCEPT_COLUMNS = "concept_id, label, category, synonyms, xrefs, sources, mentions"


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    return read_table(path)


def test_tables_read_back_with_cells_past_the_csv_default_limit(tmp_path):
    """A concept named by 30,000 articles: its `sources` cell is about 400 KB."""
    from graph.evidence_graph import EvidenceGraph
    from graph.export.tables import write_concepts_csv
    from graph.model import Concept, Source

    ids = [f"article-{i:05d}" for i in range(30_000)]
    g = EvidenceGraph([Source(i, "Pain.") for i in ids], [Concept("pain", "pain", "Condition")],
                      concept_sources={"pain": ids}, concept_mentions={"pain": 30_000})
    write_concepts_csv(g, tmp_path / "concepts.csv")
    header, rows = read_table(tmp_path / "concepts.csv")
    assert header == list(CONCEPT_COLUMNS) and len(rows[0]["sources"]) > 131_072
    assert rows[0]["sources"].split("|") == ids and rows[0]["mentions"] == "30000"


def test_tables_have_exactly_the_documented_columns(seed_build):
    _, out = seed_build
    header, rows = read_csv(out / "claims.csv")
    documented = [c.strip() for c in ARCHITECTURE_CLAIM_COLUMNS.split(",")]
    assert header == documented + list(ADDED_CLAIM_COLUMNS) == list(CLAIM_COLUMNS)
    assert rows, "the seeds give claims"
    header, rows = read_csv(out / "concepts.csv")
    assert header == [c.strip() for c in ARCHITECTURE_CONCEPT_COLUMNS.split(",")] == list(CONCEPT_COLUMNS)
    categories = {r["category"] for r in rows}
    assert {"Study", "Organization", "Drug", "Condition"} <= categories


def test_every_claim_row_traces_to_its_sentence(seed_build):
    _, out = seed_build
    texts = {s.id: s.text for s in graph.sources.read_sources(SOURCES)[0]}
    _, rows = read_csv(out / "claims.csv")
    for row in rows:
        text = texts[row["source_id"]]
        assert text[int(row["start"]):int(row["end"])] == row["sentence"]
        assert row["polarity"] in ("affirmed", "negated") and row["certainty"] in ("asserted", "hedged")


def test_graph_file_reloads_to_the_same_graph(seed_build, seed_graph):
    result, out = seed_build
    loaded = graph.load_graph(out)
    assert loaded.claims == result.graph.claims == seed_graph.claims
    assert loaded.concepts == result.graph.concepts
    assert loaded.stats() == result.graph.stats()


def test_equal_claims_merge_and_their_evidence_adds_up(seed_graph):
    ketamine_ptsd = [c for c in seed_graph.claims.values() if (c.subject, c.predicate, c.object) == ("ketamine", "treats", "ptsd")]
    assert len(ketamine_ptsd) == 1
    claim = ketamine_ptsd[0]
    assert claim.support == len(claim.sources) >= 2
    assert len(claim.evidence) >= claim.support
    data = seed_graph.nx.get_edge_data("ketamine", "ptsd")[claim.id]
    assert data["support"] == claim.support and data["kind"] == "claim"


def test_same_input_gives_byte_identical_outputs(seed_build, tmp_path):
    _, first = seed_build
    second = tmp_path / "again"
    graph.build(SOURCES, second, outputs=ALL_OUTPUTS)
    for name in ("claims.csv", "concepts.csv", "graph.json", "graph.ttl", "graph.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _bad_sources(folder: Path) -> dict[str, str]:
    """A folder with one good article and one of each kind of bad file; returns name -> expected reason word."""
    folder.mkdir()
    shutil.copy(SOURCES / "what-causes-ptsd-and-how-ketamine-can-help.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "latin1.txt").write_bytes("Caf\xe9 and ketamine relieve pain.".encode("latin-1"))
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nKetamine relieves pain.\n")
    (folder / "unclosed.md").write_text("---\ntitle: No end\nKetamine relieves pain.\n")
    (folder / "more").mkdir()
    (folder / "more" / "good.md").write_text("Ketamine relieves pain.\n")  # same id as good.txt
    return {"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "UTF-8", "broken.md": "front matter",
            "unclosed.md": "front matter", "good.md": "good.txt"}


def test_bad_files_are_named_and_skipped_and_the_rest_builds(tmp_path, capsys):
    expected = _bad_sources(tmp_path / "src")
    out = tmp_path / "out"
    status = main(["build", "--sources", str(tmp_path / "src"), "--out", str(out), "--no-cache"])
    assert status == EXIT_PARTIAL
    err = capsys.readouterr().err
    for name, word in expected.items():
        line = next((l for l in err.splitlines() if name in l), "")
        assert line, f"no message names {name}: {err}"
        assert word.lower() in line.lower(), line
    _, rows = read_csv(out / "claims.csv")
    assert rows and {r["source_id"] for r in rows} == {"good"}
    assert not list(out.glob(".*.tmp")), "no half-written temporary files are left"


def test_build_script_runs_as_a_subprocess_with_its_exit_status(tmp_path):
    _bad_sources(tmp_path / "src")
    run = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--sources", str(tmp_path / "src"),
                          "--out", str(tmp_path / "out"), "--outputs", "claims.csv,concepts.csv,graph.json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == EXIT_PARTIAL, run.stderr
    assert "Traceback" not in run.stderr
    assert "binary.txt" in run.stderr
    assert "1 sources" in run.stdout  # the one-line summary


def test_a_clean_build_exits_zero_and_prints_a_summary(tmp_path, capsys):
    status = main(["build", "--sources", str(SOURCES), "--out", str(tmp_path), "--outputs", "graph.json,claims.csv"])
    assert status == EXIT_OK
    out = capsys.readouterr().out
    assert "6 sources" in out and "claims" in out and " s" in out


def test_missing_sources_folder_is_one_line_error(tmp_path, capsys):
    status = main(["build", "--sources", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert status == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "nope" in err and "\n" not in err


def test_an_unknown_output_is_reported_and_the_others_are_written(tmp_path):
    result = graph.build(SOURCES, tmp_path, outputs=("claims.csv", "graph.pdf"))
    assert (tmp_path / "claims.csv").exists()
    assert any("graph.pdf" in p.path and "no writer" in p.reason for p in result.problems)


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_text("old complete content\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write("half of the new")
            raise RuntimeError("killed mid-write")
    assert target.read_text() == "old complete content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_an_extractor_failure_on_one_source_skips_it_and_keeps_the_others(tmp_path, monkeypatch, capsys):
    import graph.extract as extract

    real = extract._extraction  # one article's extraction, as extract_sources runs it

    def failing(source, vocabulary):
        if source.id == "what-causes-ptsd-and-how-ketamine-can-help":
            raise ValueError("substring not found")
        return real(source, vocabulary)

    monkeypatch.setattr(extract, "_extraction", failing)
    status = main(["build", "--sources", str(SOURCES), "--out", str(tmp_path), "--no-cache",
                   "--outputs", "claims.csv,graph.json"])
    assert status == EXIT_PARTIAL
    err = capsys.readouterr().err
    assert "what-causes-ptsd-and-how-ketamine-can-help" in err and "extraction failed" in err
    _, rows = read_csv(tmp_path / "claims.csv")
    assert {r["source_id"] for r in rows} == {p.stem for p in SOURCES.glob("*.txt")} - {"what-causes-ptsd-and-how-ketamine-can-help"}


def test_an_organization_name_never_spans_a_line_break(tmp_path):
    from graph.model import Source
    from graph.extract import extract_source

    text = "Ketamine eases pain in some patients with MS.\n\nHealth Canada approved it.\n\nA study by the University of Leeds found that ketamine relieves migraine.\n"
    x = extract_source(Source("s", text))
    names = [m.text for m in x.mentions if x.concepts and "\n" in m.text]
    assert names == []
    assert any(c.category == "Organization" and "leeds" in c.label for c in x.concepts)


def test_writers_side_by_side_write_the_bytes_of_writers_one_after_another(seed_build, tmp_path, monkeypatch):
    from graph import pipeline
    from graph.buildset import read_manifest

    result, first = seed_build
    monkeypatch.setattr(pipeline, "PARALLEL_WRITERS_MIN_CLAIMS", 0)  # the seed graph is small: force it
    second = tmp_path / "side-by-side"
    again = graph.build(SOURCES, second, workers=2, outputs=ALL_OUTPUTS)
    assert "write" in again.timings and not any(k.startswith("write ") for k in again.timings)
    assert set(again.writer_seconds) == set(ALL_OUTPUTS)
    assert read_manifest(second)["outputs"] == read_manifest(first)["outputs"]  # every output's SHA-256
    for name in ("claims.csv", "graph.json", "graph.ttl", "graph.html", "graph.sqlite"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # a writer that fails in its process is reported and the others are written, as one after another
    from graph.errors import ExportError
    from graph.export import tables

    def broken(*args, **kwargs):
        raise ExportError("disk full (simulated)")

    monkeypatch.setattr(tables, "write_concepts_csv", broken)
    third = graph.build(SOURCES, tmp_path / "one-fails", workers=2)
    assert [(Path(p.path).name, p.reason, p.action) for p in third.problems if p.action == "not written"] == [
        ("concepts.csv", "disk full (simulated)", "not written")]
    assert not (tmp_path / "one-fails" / "concepts.csv").exists()
    assert (tmp_path / "one-fails" / "claims.csv").read_bytes() == (first / "claims.csv").read_bytes()
