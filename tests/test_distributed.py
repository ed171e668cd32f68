"""Extraction on a Dask cluster, handed over as Parquet, gives the graph of a local build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from graph.assemble import assemble
from graph.distributed import MANIFEST, assemble_parquet, extract_to_parquet, read_parquet_extractions
from graph.errors import BuildNotFoundError
from graph.export import get_writer
from graph.parallel import extract_all
from graph.sources import read_sources
from graph.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate_corpus  # noqa: E402

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def sources_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    for path in (ROOT / "sources").iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    generate_corpus(folder, 25, seed=21)
    return folder


def _same_graph(a, b):
    assert a.sources == b.sources
    assert a.concepts == b.concepts
    assert a.claims == b.claims
    assert a.study_links == b.study_links and a.findings == b.findings
    assert a.concept_sources == b.concept_sources and a.concept_mentions == b.concept_mentions
    assert a.source_mentions == b.source_mentions
    assert sorted(a.nx.edges(keys=True)) == sorted(b.nx.edges(keys=True))


def test_parquet_graph_equals_local_graph(client, sources_dir, tmp_path):
    out = tmp_path / "parquet"
    manifest = extract_to_parquet(sources_dir, out, client, partition_size=4)
    sources, _ = read_sources(sources_dir)
    assert manifest["sources"] == len(sources) == 31
    assert len(manifest["partitions"]) == 8
    assert len(manifest["workers"]) == 2, "both worker processes should have taken tasks"

    local_extractions = extract_all(sources, load_vocabulary())
    assert read_parquet_extractions(out) == local_extractions
    local = assemble(local_extractions)
    remote = assemble_parquet(out)
    _same_graph(remote, local)
    assert local.stats()["claims"] > 0
    get_writer("claims.csv")(local, tmp_path / "local.csv")
    get_writer("claims.csv")(remote, tmp_path / "remote.csv")
    assert (tmp_path / "local.csv").read_bytes() == (tmp_path / "remote.csv").read_bytes()

    claims = pd.read_parquet(out / "claims")
    assert len(claims) == manifest["claims"] == sum(len(c.evidence) for x in local_extractions for c in x.claims)
    assert set(claims["claim_id"]) == set(local.claims)


def test_rerun_with_fewer_sources_drops_stale_partitions(client, sources_dir, tmp_path):
    out = tmp_path / "parquet"
    extract_to_parquet(sources_dir, out, client, partition_size=4)
    small = tmp_path / "small"
    small.mkdir()
    for path in sorted(sources_dir.iterdir())[:5]:
        shutil.copy(path, small / path.name)
    manifest = extract_to_parquet(small, out, client, partition_size=4)
    assert sorted(p.name for p in (out / "extractions").iterdir()) == manifest["partitions"] == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert [x.source.id for x in read_parquet_extractions(out)] == [s.id for s in read_sources(small)[0]]


def test_missing_manifest_is_an_error(tmp_path):
    with pytest.raises(BuildNotFoundError, match=MANIFEST):
        read_parquet_extractions(tmp_path)


def test_assemble_parquet_applies_the_curation_file_as_a_build_does(client, tmp_path):
    """The distributed path and a build give the same curated claims.csv and curation report."""
    import json

    from graph.cli import main
    from graph.model import content_id

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    rejected = content_id("ketamine", "treats", "ptsd", "affirmed")
    (sources / "curation.yaml").write_text(
        f"- action: reject\n  claim: {rejected}\n- action: merge\n  concept: anxiety_disorders\n  into: anxiety\n"
        "- action: accept\n  claim: 0000000000000000\n")
    extract_to_parquet(sources, tmp_path / "parquet", client)
    assert main(["assemble-parquet", "--parquet", str(tmp_path / "parquet"), "--out", str(tmp_path / "a"),
                 "--outputs", "claims.csv,graph.json", "--curation", str(sources / "curation.yaml")]) == 0
    assert main(["build", "--sources", str(sources), "--out", str(tmp_path / "b"), "--outputs", "claims.csv,graph.json",
                 "--curation", str(sources / "curation.yaml"), "--quiet"]) == 0
    assert (tmp_path / "a" / "claims.csv").read_bytes() == (tmp_path / "b" / "claims.csv").read_bytes()
    assert rejected not in (tmp_path / "a" / "claims.csv").read_text()
    reports = [json.loads((tmp_path / x / "build.json").read_text())["curation"] for x in "ab"]
    assert reports[0] == reports[1] and reports[0]["outcomes"] == {"applied": 2, "stale": 1}
