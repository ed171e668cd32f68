"""The output folder (graph/buildset.py) is generic over writers: any file or folder a writer makes
is staged and swapped as one set, so new outputs (a graph.sqlite, a kgx/ folder) need nothing here."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

import graph
from graph import buildset
from graph.errors import BuildLockedError, OutputFolderError
from graph.export import WRITERS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


def _build(out: Path, files: dict[str, str], folders: dict[str, dict[str, str]]) -> dict:
    with buildset.open_build(out) as folder:
        for name, text in files.items():
            folder.stage(name).write_text(text)
        for name, content in folders.items():
            target = folder.stage(name)
            target.mkdir()
            for file, text in content.items():
                (target / file).write_text(text)
        return folder.commit({"inputs": []})


def test_files_and_folders_are_swapped_as_one_set(tmp_path):
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / "notes.txt").write_text("mine\n")
    first = _build(out, {"graph.sqlite": "db1"}, {"kgx/": {"nodes.tsv": "n1", "edges.tsv": "e1"}})
    assert sorted(first["outputs"]) == ["graph.sqlite", "kgx"]
    assert (out / "kgx" / "nodes.tsv").read_text() == "n1"
    second = _build(out, {"claims.csv": "c2"}, {"kgx": {"nodes.tsv": "n2"}})
    assert sorted(second["outputs"]) == ["claims.csv", "kgx"]
    assert sorted(p.name for p in (out / "kgx").iterdir()) == ["nodes.tsv"], "the folder is replaced whole"
    assert (out / "kgx" / "nodes.tsv").read_text() == "n2"
    assert not (out / "graph.sqlite").exists(), "an output of the previous build only is moved out"
    assert (out / "notes.txt").read_text() == "mine\n", "files no build wrote are never touched"
    assert sorted(p.name for p in out.iterdir()) == [".lock", "build.json", "claims.csv", "kgx", "notes.txt"]
    assert json.loads((out / "build.json").read_text()) == second


def test_an_interrupted_swap_of_a_folder_output_is_finished(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build(out, {"a.csv": "old"}, {"kgx": {"nodes.tsv": "old"}})
    real_rename, calls = os.rename, []

    def interrupted(src, dst):
        real_rename(src, dst)
        calls.append(dst)
        if len(calls) == 1:  # the old kgx/ moved aside, the new one not yet in place
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _build(out, {"a.csv": "new"}, {"kgx": {"nodes.tsv": "new"}})
    monkeypatch.setattr(os, "rename", real_rename)
    assert (out / "kgx" / "nodes.tsv").read_text() == "new" and (out / "a.csv").read_text() == "new"
    assert not (out / buildset.JOURNAL).exists() and not list(out.glob(".staging-*"))


def test_a_second_build_is_locked_out_in_process(tmp_path):
    out = tmp_path / "out"
    with buildset.open_build(out):
        with pytest.raises(BuildLockedError, match="another build"):
            with buildset.open_build(out):
                pass
    with buildset.open_build(out):  # released
        pass


def test_output_names_cannot_leave_the_folder(tmp_path):
    with buildset.open_build(tmp_path / "out") as folder:
        for name in ("../x", ".lock", "build.json", "a/b", ""):
            with pytest.raises(OutputFolderError):
                folder.stage(name)


def test_a_new_writer_of_a_folder_fits_the_build_without_changes(tmp_path, monkeypatch):
    module = tmp_path / "extra_writers_for_test.py"
    module.write_text(textwrap.dedent('''
        def write_kgx(graph, path, **options):
            path.mkdir()
            (path / "nodes.tsv").write_text("\\n".join(sorted(graph.concepts)) + "\\n")

        def write_store(graph, path, **options):
            path.write_text(str(len(graph.claims)))
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(WRITERS, "kgx", "extra_writers_for_test:write_kgx")
    monkeypatch.setitem(WRITERS, "graph.sqlite", "extra_writers_for_test:write_store")
    out = tmp_path / "build"
    result = graph.build(SOURCES, out, outputs=("graph.json", "kgx", "graph.sqlite"))
    assert not [p for p in result.problems if p.action != "warning"]
    manifest = buildset.read_manifest(out)
    assert sorted(manifest["outputs"]) == ["graph.json", "graph.sqlite", "kgx"]
    assert (out / "kgx" / "nodes.tsv").read_text().splitlines() == sorted(result.graph.concepts)
    assert buildset.tree_digest(out / "kgx")["sha256"] == manifest["outputs"]["kgx"]["sha256"]
    assert str(out / "kgx") in result.written
