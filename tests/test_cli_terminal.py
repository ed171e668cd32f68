"""The command line fits a terminal: the real CLI in subprocesses on the seed build.

Tables keep within ``COLUMNS``; ``--format json|csv`` is the same whatever the width; an
unknown command, option, choice, concept or source gets a one-line error with a
suggestion; options are never abbreviated.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-terminal")
    graph.build(ROOT / "sources", out, outputs=("graph.sqlite", "graph.json", "graph.ttl"))
    return out


def cli(*argv: str, columns: int | None = 100) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([PYTHON, "-m", "graph", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def table_commands(seed: Path) -> list[list[str]]:
    g = graph.load_graph(seed)
    claim = max(g.claims.values(), key=lambda c: len(c.evidence))
    a, b = sorted(g.sources)[:2]
    build = ["--graph", str(seed)]
    return [
        ["concepts", *build], ["neighbors", "ketamine", *build], ["path", "ketamine", "ptsd", *build],
        ["evidence", claim.id, *build], ["claims", *build], ["search", "pain", *build], ["contradictions", *build],
        ["uncited", *build], ["compare", a, b, *build], ["hubs", *build], ["stats", *build], ["queries"],
        ["sparql", "hedged_treatment_claims", "--graph", str(seed / "graph.ttl")],
    ]


@pytest.mark.parametrize("columns", [100, 60])
def test_every_table_command_fits_the_terminal(seed, columns):
    commands = table_commands(seed)
    if columns == 60:
        commands = [c for c in commands if c[0] in ("claims", "uncited", "concepts", "path", "sparql")]
    for argv in commands:
        done = cli(*argv, columns=columns)
        assert done.returncode == 0, (argv, done.stderr)
        lines = done.stdout.splitlines()
        assert len(lines) > 2, argv
        widest = max(lines, key=len)
        assert len(widest) <= columns, (argv, widest)


def test_tables_keep_what_matters(seed):
    # Identifiers are never cut: each claim id of `claims` is printed whole.
    g = graph.load_graph(seed)
    out = cli("claims", "--graph", str(seed)).stdout
    assert all(cid in out for cid in g.claims)
    # A long sentence goes under its row rather than into a sliver of a column.
    out = cli("uncited", "--graph", str(seed)).stdout
    assert "sentence (under each row)" in out
    under = [line for line in out.splitlines() if line.startswith("    ") and not line.startswith("     ")
             and "(under each row)" not in line]
    assert under and len(under[0].strip()) > 80  # the width of the terminal, not of a column


def test_json_and_csv_do_not_depend_on_the_width(seed):
    for fmt in ("json", "csv"):
        narrow = cli("claims", "--graph", str(seed), "--format", fmt, columns=40)
        wide = cli("claims", "--graph", str(seed), "--format", fmt, columns=None)
        assert narrow.returncode == 0 and narrow.stdout == wide.stdout
        assert max(len(line) for line in narrow.stdout.splitlines()) > 40
    rows = list(csv.DictReader(io.StringIO(narrow.stdout)))
    assert len(rows) == len(graph.load_graph(seed).claims)
    assert len(json.loads(wide.stdout if fmt == "json" else cli("claims", "--graph", str(seed), "--format", "json").stdout)) == len(rows)


@pytest.mark.parametrize("argv, expected", [
    (["neighbours", "ketamine"], "unknown command 'neighbours'; did you mean 'neighbors'?"),
    (["contradiction"], "did you mean 'contradictions'?"),
    (["path", "ketamine", "ptsd", "--max-hop", "2"], "unknown option '--max-hop'; did you mean '--max-hops'?"),
    (["claims", "--predicat", "treats"], "unknown option '--predicat'; did you mean '--predicate'?"),
    (["neighbors", "ketamine", "--direction", "inn"], "invalid choice 'inn'; did you mean 'in'?"),
    (["render", "--focu", "ketamine"], "did you mean '--focus'?"),
])
def test_typos_get_a_suggestion_in_one_line(seed, argv, expected):
    done = cli(*argv, "--graph", str(seed))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "usage:" not in done.stderr
    assert expected in done.stderr, done.stderr


def test_no_parser_takes_abbreviations():
    parser = build_parser()
    parsers = [parser] + [p for a in parser._actions if isinstance(a, argparse._SubParsersAction) for p in a.choices.values()]
    assert len(parsers) > 15 and all(p.allow_abbrev is False for p in parsers)


def test_concept_names_suggest_through_synonyms_and_the_vocabulary(seed):
    done = cli("neighbors", "spravato", "--graph", str(seed))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "the vocabulary reads it as 'esketamine'" in done.stderr and "'ketamine'" in done.stderr
    done = cli("neighbors", "post traumatc stress disorder", "--graph", str(seed))
    assert done.returncode == 1 and "did you mean" in done.stderr and "'ptsd'" in done.stderr
    done = cli("neighbors", "Post-Traumatic Stress Disorder", "--graph", str(seed))  # a synonym is a name
    assert done.returncode == 0 and done.stdout.startswith("ptsd (Condition)")


def test_compare_lists_the_sources_on_a_miss_and_takes_titles(seed):
    g = graph.load_graph(seed)
    done = cli("compare", "nova", "360", "--graph", str(seed))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert all(sid in done.stderr for sid in g.sources)
    a, b = sorted(g.sources.values(), key=lambda s: s.id)[:2]
    done = cli("compare", a.title, b.title.upper(), "--graph", str(seed))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"A = {a.id}") and f"B = {b.id}" in done.stdout
