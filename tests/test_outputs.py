"""`--outputs` chooses what a build writes: by default the store, the tables and the page; `all`,
`default,NAME`, names, or `$GRAPH_OUTPUTS` when the flag is not given. A build that writes fewer
outputs than the one before it leaves none of the earlier ones behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.buildset import read_manifest, tree_digest
from graph.cli import EXIT_USAGE, main
from graph.errors import ExportError
from graph.export import ALL_OUTPUTS, DEFAULT_OUTPUTS, OUTPUTS_ENV, WRITERS, outputs_from, parse_outputs

from conftest import SOURCES

DEFAULT = {"graph.sqlite", "claims.csv", "concepts.csv", "studies.csv", "graph.html"}


@pytest.fixture(autouse=True)
def _no_outputs_setting(monkeypatch):
    monkeypatch.delenv(OUTPUTS_ENV, raising=False)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def build(out: Path, cache: Path, *flags: str) -> int:
    return main(["build", "--sources", str(SOURCES), "--out", str(out), "--cache", str(cache), "--quiet", *flags])


def entries(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if not p.name.startswith(".")}


def assert_one_set(out: Path, names: set[str]) -> None:
    """OUT holds exactly ``names`` and build.json, each output the one build.json names."""
    manifest = read_manifest(out)
    assert set(manifest["outputs"]) == names
    assert entries(out) == names | {"build.json"}
    for name, digest in manifest["outputs"].items():
        assert tree_digest(out / name)["sha256"] == digest["sha256"], name


def test_the_names_a_list_means():
    assert set(DEFAULT_OUTPUTS) == DEFAULT
    assert parse_outputs("default") == DEFAULT_OUTPUTS
    assert set(parse_outputs("all")) == DEFAULT | {"graph.json", "graph.ttl", "kgx"}
    assert set(ALL_OUTPUTS) == set(WRITERS) - {"graph.jsonld", "graph.nt"}  # the other RDF syntaxes by name only
    assert parse_outputs("default,graph.ttl,kgx/") == (*DEFAULT_OUTPUTS, "graph.ttl", "kgx")
    assert parse_outputs(" graph.ttl , claims.csv,graph.ttl,, ") == ("graph.ttl", "claims.csv")
    assert parse_outputs("all,graph.nt")[-1] == "graph.nt" and parse_outputs("ALL") == ALL_OUTPUTS
    assert outputs_from(None, {}) == DEFAULT_OUTPUTS
    assert outputs_from(None, {OUTPUTS_ENV: " "}) == DEFAULT_OUTPUTS
    assert outputs_from(None, {OUTPUTS_ENV: "default,kgx"}) == (*DEFAULT_OUTPUTS, "kgx")
    assert outputs_from("claims.csv", {OUTPUTS_ENV: "all"}) == ("claims.csv",)
    with pytest.raises(ExportError, match=r"^--outputs: unknown output 'graph\.pdf'; known: default, all, claims\.csv"):
        parse_outputs("default,graph.pdf")
    with pytest.raises(ExportError, match=r"names no output"):
        parse_outputs(" , ")
    with pytest.raises(ExportError, match=r"^\$GRAPH_OUTPUTS: unknown output 'rdf'"):
        outputs_from(None, {OUTPUTS_ENV: "rdf"})


def test_a_default_build_writes_the_store_the_tables_and_the_page(tmp_path, cache):
    out = tmp_path / "out"
    assert build(out, cache) == 0
    assert_one_set(out, DEFAULT)
    import graph

    assert len(graph.load_graph(out).sources) == len(list(SOURCES.glob("*.txt")))  # from the store


def test_all_and_additions_to_the_default(tmp_path, cache):
    assert build(tmp_path / "all", cache, "--outputs", "all") == 0
    assert_one_set(tmp_path / "all", set(ALL_OUTPUTS))
    assert (tmp_path / "all" / "kgx" / "edges.jsonl").is_file()
    assert build(tmp_path / "ttl", cache, "--outputs", "default,graph.ttl") == 0
    assert_one_set(tmp_path / "ttl", DEFAULT | {"graph.ttl"})
    assert (tmp_path / "ttl" / "graph.ttl").read_bytes() == (tmp_path / "all" / "graph.ttl").read_bytes()


def test_graph_outputs_chooses_when_the_flag_is_not_given(tmp_path, cache, monkeypatch):
    monkeypatch.setenv(OUTPUTS_ENV, "default,graph.ttl,kgx")
    assert build(tmp_path / "env", cache) == 0
    assert_one_set(tmp_path / "env", DEFAULT | {"graph.ttl", "kgx"})
    assert build(tmp_path / "flag", cache, "--outputs", "claims.csv") == 0  # the flag wins
    assert_one_set(tmp_path / "flag", {"claims.csv"})


@pytest.mark.parametrize("flags, env, named", [
    (("--outputs", "default,graph.pdf"), None, "--outputs: unknown output 'graph.pdf'"),
    (("--outputs", "graph.turtle,kgx,csv"), None, "--outputs: unknown outputs 'graph.turtle', 'csv'"),
    ((), "graph.ttl,rdf", "$GRAPH_OUTPUTS: unknown output 'rdf'"),
])
def test_an_unknown_output_is_one_line_before_any_work(tmp_path, cache, capsys, monkeypatch, flags, env, named):
    if env is not None:
        monkeypatch.setenv(OUTPUTS_ENV, env)
    out = tmp_path / "out"
    assert build(out, cache, *flags) == EXIT_USAGE
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    assert lines[0].startswith(f"error: {named}; known: default, all, ")
    assert all(name in lines[0] for name in WRITERS)
    assert not out.exists(), "nothing was done"


def test_no_output_of_an_earlier_build_with_more_outputs_is_left_behind(tmp_path, cache):
    out = tmp_path / "out"
    assert build(out, cache, "--outputs", "all,graph.nt") == 0
    (out / "notes.txt").write_text("mine\n")  # not a build's: stays
    assert entries(out) == set(ALL_OUTPUTS) | {"graph.nt", "build.json", "notes.txt"}
    assert build(out, cache) == 0
    assert entries(out) == DEFAULT | {"build.json", "notes.txt"}, "graph.json, graph.ttl, graph.nt, kgx/ went"
    assert set(read_manifest(out)["outputs"]) == DEFAULT
    assert build(out, cache, "--outputs", "graph.ttl,claims.csv") == 0
    assert entries(out) == {"graph.ttl", "claims.csv", "build.json", "notes.txt"}
    assert (out / "notes.txt").read_text() == "mine\n"


def test_outputs_of_a_build_without_a_manifest_are_not_left_behind(tmp_path, cache):
    """A folder built before manifests existed: its outputs go when a build replaces it, other files stay."""
    out = tmp_path / "out"
    assert build(out, cache, "--outputs", "all") == 0
    (out / "build.json").unlink()
    (out / "notes.txt").write_text("mine\n")
    assert build(out, cache, "--outputs", "default") == 0
    assert entries(out) == DEFAULT | {"build.json", "notes.txt"}
    assert set(read_manifest(out)["outputs"]) == DEFAULT


def test_a_file_export_left_in_the_build_folder_is_not_the_build_s(tmp_path, cache):
    """`export` writing into the build folder makes no build output: a later build does not list it."""
    out = tmp_path / "out"
    assert build(out, cache) == 0
    assert main(["export", "--graph", str(out), "--format", "turtle"]) == 0
    assert (out / "graph.ttl").is_file() and "graph.ttl" not in read_manifest(out)["outputs"]
    assert build(out, cache) == 0
    assert "graph.ttl" not in read_manifest(out)["outputs"]


def test_commands_read_a_default_build(tmp_path, cache, capsys):
    """render, sparql, export, validate and evaluate on a build without graph.json or graph.ttl."""
    out = tmp_path / "out"
    assert build(out, cache) == 0
    capsys.readouterr()
    assert main(["render", "--build", str(out), "--out", str(tmp_path / "page.html")]) == 0
    assert (tmp_path / "page.html").stat().st_size > 10_000
    capsys.readouterr()
    assert main(["sparql", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a biolink:Association }", "--graph", str(out),
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert int(next(iter(rows[0].values()))) > 10
    assert main(["sparql", "ASK { ?s ?p ?o }", "--graph", str(out / "graph.sqlite")]) == 0
    assert main(["export", "--graph", str(out), "--format", "kgx", "--out", str(tmp_path / "kgx")]) == 0
    assert (tmp_path / "kgx" / "nodes.tsv").is_file()
    assert main(["validate", "--graph", str(out)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--graph", str(out)]) == 0
    assert "c.rec" in capsys.readouterr().out  # concept recall per source
    assert entries(out) == DEFAULT | {"build.json"}, "reading wrote nothing into the build folder"


def test_assemble_parquet_takes_the_same_list(tmp_path, capsys):
    assert main(["assemble-parquet", "--parquet", str(tmp_path / "none"), "--out", str(tmp_path / "o"),
                 "--outputs", "default,nope"]) == EXIT_USAGE
    assert "unknown output 'nope'" in capsys.readouterr().err


def test_the_help_names_the_default_and_the_setting(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "'default' (graph.sqlite, claims.csv, concepts.csv, studies.csv, graph.html)" in text
    assert "$GRAPH_OUTPUTS" in text and "--outputs all" in text
