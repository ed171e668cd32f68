"""KGX export: one edge per claim, Biolink categories and predicates, and the real KGX on it.

The KGX tests run KGX 2.6 in its own environment (``.kgx-venv``, made by ``tools/kgx_env.sh``,
which ``make test`` runs first; the fixture runs it too, a no-op once installed) through
``tools/kgx_offline.py``, which points KGX at the Biolink model the biolink-model package
ships and refuses network access.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from graph.cli import main
from graph.export import get_writer
from graph.export.kgx import write_kgx
from graph.export.biolink import claim_predicate
from graph.model import PREDICATE_CONSTRAINTS
from graph.namespaces import CATEGORY_CLASSES

ROOT = Path(__file__).resolve().parents[1]
KGX_PYTHON = ROOT / ".kgx-venv" / "bin" / "python"


@pytest.fixture(scope="module")
def seed_kgx(seed_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kgx") / "kgx"
    write_kgx(seed_graph, out)
    return out


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- the export itself ------------------------------------------------------------------------


def test_one_edge_per_claim_keyed_by_the_claim_id(seed_graph, seed_kgx):
    edges = _jsonl(seed_kgx / "edges.jsonl")
    nodes = {n["id"]: n for n in _jsonl(seed_kgx / "nodes.jsonl")}
    assert len(edges) == len(seed_graph.claims)
    assert sorted(e["id"].split(":", 1)[1] for e in edges) == sorted(seed_graph.claims)
    assert all(e["key"] == e["id"] for e in edges)
    by_id = {e["id"].split(":", 1)[1]: e for e in edges}
    for claim_id, claim in seed_graph.claims.items():
        edge = by_id[claim_id]
        assert edge["negated"] is (claim.polarity == "negated")
        assert edge["subject"] in nodes and edge["object"] in nodes
        assert edge["knowledge_level"] == "knowledge_assertion" and edge["agent_type"] == "text_mining_agent"
        assert edge["primary_knowledge_source"] == "infores:evidence-graph"
        assert edge["supporting_text"] == list(dict.fromkeys(e.sentence for e in claim.evidence))
        assert len(edge["publications"]) == len(claim.sources)  # every article, supporting or not
    # the affirmed and the negated claim about one pair stay two edges
    spo = [(e["subject"], e["predicate"], e["object"]) for e in edges]
    negated = [e for e in edges if e["negated"]]
    assert negated and any(spo.count((e["subject"], e["predicate"], e["object"])) == 2 for e in negated)
    for node in nodes.values():
        assert node["category"] and all(c.startswith("biolink:") for c in node["category"])
        assert ":" in node["id"] and " " not in node["id"]


def test_tsv_and_jsonl_hold_the_same_graph(seed_kgx):
    import csv

    with open(seed_kgx / "edges.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    edges = _jsonl(seed_kgx / "edges.jsonl")
    assert [(r["id"], r["subject"], r["predicate"], r["object"]) for r in rows] == [(e["id"], e["subject"], e["predicate"], e["object"]) for e in edges]
    assert [r["negated"] for r in rows] == ["True" if e["negated"] else "" for e in edges]
    prefixes = json.loads((seed_kgx / "prefixes.json").read_text())["@context"]
    assert prefixes["MESH"] == "http://id.nlm.nih.gov/mesh/"  # the Biolink prefix map, not identifiers.org
    used = {e[k].split(":", 1)[0] for e in edges for k in ("subject", "object", "predicate")}
    assert used <= set(prefixes)


def test_export_is_deterministic_atomic_and_registered(seed_graph, seed_kgx, tmp_path):
    out = tmp_path / "kgx"
    get_writer("kgx")(seed_graph, out)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    get_writer("kgx")(seed_graph, out)  # over an existing export
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert first == {p.name: p.read_bytes() for p in seed_kgx.iterdir()}
    assert [p.name for p in tmp_path.iterdir()] == ["kgx"]  # no staging folder left behind


def test_cli_export_kgx_with_settings(tmp_path, seed_build, monkeypatch, capsys):
    _, build = seed_build
    (tmp_path / "evidence-graph.toml").write_text('base = "https://kg.example.org/pain/"\ninfores = "infores:example-pain-kg"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--graph", str(build), "--format", "kgx", "--out", "kgx"]) == 0
    edge = _jsonl(tmp_path / "kgx" / "edges.jsonl")[0]
    assert edge["primary_knowledge_source"] == "infores:example-pain-kg"
    node = _jsonl(tmp_path / "kgx" / "nodes.jsonl")[0]
    assert node["iri"].startswith("https://kg.example.org/pain/concept/")
    assert main(["export", "--graph", str(build), "--format", "kgx", "--out", "kgx2", "--infores", "not an id"]) == 1
    assert "infores id must look like" in capsys.readouterr().err
    assert (build / "kgx" / "edges.jsonl").is_file()  # the build writes OUT/kgx/


# -- Biolink domain and range, read from the biolink-model package ----------------------------------


def _model() -> dict:
    spec = importlib.util.find_spec("biolink_model")
    root = Path(list(spec.submodule_search_locations)[0])
    return yaml.safe_load((root / "schema" / "biolink_model.yaml").read_text(encoding="utf-8"))


def _camel(name: str) -> str:
    return "biolink:" + "".join(w[:1].upper() + w[1:] for w in name.split())


def _checker():
    model = _model()
    classes, slots = model["classes"], model["slots"]

    def ancestors(curie):
        name = next(n for n in classes if _camel(n) == curie)
        seen, stack = set(), [name]
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack += [classes[n].get("is_a")] if classes[n].get("is_a") else []
                stack += classes[n].get("mixins") or []
        return {_camel(n) for n in seen}

    def inherited(predicate, key):
        name = predicate.split(":", 1)[1].replace("_", " ")
        assert name in slots, predicate
        while name:
            if slots[name].get(key):
                return _camel(slots[name][key])
            name = slots[name].get("is_a")
        return "biolink:NamedThing"

    def fits(predicate, subject_categories, object_categories):
        return any(inherited(predicate, "domain") in ancestors(c) for c in subject_categories) and any(
            inherited(predicate, "range") in ancestors(c) for c in object_categories)

    return fits, classes


def test_every_claim_predicate_fits_its_categories_by_the_biolink_model(seed_kgx):
    fits, classes = _checker()
    nodes = {n["id"]: n for n in _jsonl(seed_kgx / "nodes.jsonl")}
    concrete = {_camel(n) for n, d in classes.items() if not d.get("mixin") and not d.get("abstract")}
    for node in nodes.values():
        assert set(node["category"]) <= concrete, node
    for edge in _jsonl(seed_kgx / "edges.jsonl"):
        assert fits(edge["predicate"], nodes[edge["subject"]]["category"], nodes[edge["object"]]["category"]), edge["id"]


@pytest.mark.parametrize("predicate", sorted(PREDICATE_CONSTRAINTS))
def test_every_allowed_category_pair_gets_a_fitting_predicate(predicate):
    fits, _ = _checker()
    variants = {category: ["biolink:" + str(cls).rsplit("/", 1)[-1]]
                for category, cls in CATEGORY_CLASSES.items()}
    variants["Condition"] += ["biolink:Disease", "biolink:PhenotypicFeature"]
    variants["Molecule"] += ["biolink:Protein"]
    subjects, objects = PREDICATE_CONSTRAINTS[predicate]
    for s in subjects:
        for o in objects:
            for s_class in variants[s]:
                for o_class in variants[o]:
                    chosen = claim_predicate(predicate, [s_class], [o_class])
                    assert fits(chosen, [s_class], [o_class]), (predicate, s_class, o_class, chosen)
    # therapies treat within the treats predicate's domain (ChemicalOrDrugOrTreatment), not by fallback
    if predicate == "treats":
        assert claim_predicate("treats", ["biolink:Treatment"], ["biolink:Disease"]) == "biolink:treats_or_applied_or_studied_to_treat"


# -- the real KGX ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kgx_python() -> Path:
    done = subprocess.run(["bash", str(ROOT / "tools" / "kgx_env.sh")], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"tools/kgx_env.sh failed:\n{done.stdout}\n{done.stderr}"
    return KGX_PYTHON


def _kgx(kgx_python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(kgx_python), str(ROOT / "tools" / "kgx_offline.py"), *args],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("fmt", ["tsv", "jsonl"])
def test_kgx_validate_finds_no_error_in_the_seed_export(kgx_python, seed_kgx, tmp_path, fmt):
    report = tmp_path / "report.json"
    done = _kgx(kgx_python, "--prefixes", str(seed_kgx / "prefixes.json"), "validate", "-i", fmt, "-o", str(report),
                str(seed_kgx / f"nodes.{fmt}"), str(seed_kgx / f"edges.{fmt}"))
    assert "Biolink model 4.4.6" in done.stderr
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(report.read_text()) == {}


def test_kgx_validate_reports_a_broken_copy(kgx_python, seed_kgx, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(seed_kgx, broken)
    lines = (broken / "edges.tsv").read_text().split("\n")
    header = lines[0].split("\t")
    cells = lines[1].split("\t")
    cells[header.index("predicate")] = "biolink:cures_everything"  # not a Biolink predicate
    lines[1] = "\t".join(cells)
    (broken / "edges.tsv").write_text("\n".join(lines))
    report = tmp_path / "report.json"
    done = _kgx(kgx_python, "validate", "-i", "tsv", "-o", str(report), str(broken / "nodes.tsv"), str(broken / "edges.tsv"))
    assert done.returncode == 1
    errors = json.loads(report.read_text())["ERROR"]
    assert "INVALID_EDGE_PREDICATE" in errors
    # without the export's declared prefixes the local ids are reported, nothing else
    assert set(errors) == {"INVALID_EDGE_PREDICATE", "INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}


def test_kgx_transform_keeps_one_edge_per_claim_with_categories(kgx_python, seed_graph, seed_kgx, tmp_path):
    done = _kgx(kgx_python, "--prefixes", str(seed_kgx / "prefixes.json"), "transform", "-i", "tsv", "-f", "jsonl",
                "-o", str(tmp_path / "merged"), str(seed_kgx / "nodes.tsv"), str(seed_kgx / "edges.tsv"))
    assert done.returncode == 0, done.stderr[-3000:]
    edges = _jsonl(tmp_path / "merged_edges.jsonl")
    nodes = _jsonl(tmp_path / "merged_nodes.jsonl")
    assert len(edges) == len(seed_graph.claims)
    assert sum(1 for e in edges if e.get("negated") is True) == sum(1 for c in seed_graph.claims.values() if c.polarity == "negated")
    assert len(nodes) == len(_jsonl(seed_kgx / "nodes.jsonl"))
    assert all(n["category"] and n["category"] != ["biolink:NamedThing"] for n in nodes)
