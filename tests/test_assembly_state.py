"""The kept assembly: written whole, then as deltas; read back as the state the last build had."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

import graph
from graph import assembly_journal
from graph.assembly_state import STATE_FOLDER, load_state
from graph.cache import ExtractionCache
from graph.vocab import load_vocabulary
from tests.test_reassemble import assert_same_graph
from tests.test_store_update import assert_same_outputs

ROOT = Path(__file__).resolve().parent.parent
MORE = ROOT / "tests" / "corpus" / "dev" / "sources"


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", folder)
    for path in sorted(p for p in MORE.iterdir() if p.suffix in (".txt", ".md"))[:6]:
        shutil.copy(path, folder / path.name)
    return folder


def _kept(cache: Path):
    return load_state(cache, ExtractionCache(cache, load_vocabulary()).namespace)


def _files(cache: Path, suffix: str) -> list[str]:
    return sorted(p.name for p in (cache / STATE_FOLDER).iterdir() if p.name.endswith(suffix))


def _change(sources: Path, i: int) -> None:
    path = sorted(sources.glob("*.txt"))[i % 5]
    path.write_text(path.read_text(encoding="utf-8") + f"\nKetamine may ease pain within {i + 2} hours.\n",
                    encoding="utf-8")


def test_a_state_kept_as_deltas_reads_back_as_the_last_builds(sources, tmp_path, monkeypatch):
    monkeypatch.setattr(assembly_journal, "MAX_DELTAS", 2)  # and the share of the size never reached first
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache)
    assert _files(cache, ".delta") == [] and len(_files(cache, ".pkl")) == 1
    whole = (cache / STATE_FOLDER / _files(cache, ".pkl")[0]).stat().st_size
    for i in range(4):
        _change(sources, i)
        result = graph.build(sources, out, cache_dir=cache)
        assert result.counts["reassembled"] == 1
        kept = _kept(cache)
        # two deltas on the whole copy, then the state whole again (and the deltas gone), and so on
        assert kept.journal == [1, 2, 0, 1][i] and len(_files(cache, ".delta")) == kept.journal
        assert_same_graph(kept.final, result.graph)
        assert_same_graph(kept.graph, result.graph)  # no curation: the same graph
        assert list(kept.contributions) == kept.order and len(kept.order) == 12
        from graph.strength.belief import beliefs_of
        from graph.strength.studies import study_records

        assert kept.beliefs == dict(beliefs_of(result.graph))
        assert list(kept.records) == study_records(result.graph)
    assert all((cache / STATE_FOLDER / name).stat().st_size < whole / 5 for name in _files(cache, ".delta"))
    graph.build(sources, tmp_path / "cold", cache_dir=tmp_path / "fresh")
    assert_same_outputs(out, tmp_path / "cold")


def test_a_damaged_delta_is_logged_and_the_state_before_it_used(sources, tmp_path, caplog):
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache)
    _change(sources, 0)
    graph.build(sources, out, cache_dir=cache)
    (delta,) = _files(cache, ".delta")
    (cache / STATE_FOLDER / delta).write_bytes(b"not a pickle")
    _change(sources, 1)
    with caplog.at_level(logging.WARNING):
        again = graph.build(sources, out, cache_dir=cache)
    assert "is damaged" in caplog.text and again.counts["reassembled"] == 1
    graph.build(sources, tmp_path / "cold", cache_dir=tmp_path / "fresh")
    assert_same_outputs(out, tmp_path / "cold")


def test_a_curated_build_keeps_both_graphs(sources, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = graph.build(sources, out, cache_dir=cache)
    concept = next(c for c in first.graph.concepts.values() if c.category == "Drug" and not c.discovered)
    (sources / "curation.yaml").write_text(f"- action: rename\n  concept: {concept.id}\n  label: Renamed\n",
                                           encoding="utf-8")
    graph.build(sources, out, cache_dir=cache)
    _change(sources, 2)
    result = graph.build(sources, out, cache_dir=cache)
    kept = _kept(cache)
    assert kept.journal == 2 and kept.final is not kept.graph
    assert_same_graph(kept.final, result.graph)
    assert kept.graph.concepts[concept.id].label == concept.label and kept.final.concepts[concept.id].label == "renamed"
    assert kept.final.curation.summary() == {"applied": 1}


def test_deltas_that_add_up_to_a_share_of_the_state_make_it_whole_again(sources, tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "out"
    graph.build(sources, out, cache_dir=cache)
    _change(sources, 0)
    graph.build(sources, out, cache_dir=cache)
    assert _kept(cache).journal == 1
    monkeypatch.setattr(assembly_journal, "MAX_DELTA_SHARE", 1e-9)  # any delta is too large now
    _change(sources, 1)
    graph.build(sources, out, cache_dir=cache)
    assert _kept(cache).journal == 0 and _files(cache, ".delta") == []


def test_a_chain_of_deltas_with_curation_coming_and_going_reads_back_as_the_last_build(sources, tmp_path, monkeypatch):
    from graph.strength.belief import beliefs_of
    from graph.strength.studies import study_records

    monkeypatch.setattr(assembly_journal, "MAX_DELTA_SHARE", 100.0)  # a small corpus: deltas are large beside it

    cache, out = tmp_path / "cache", tmp_path / "out"
    first = graph.build(sources, out, cache_dir=cache)
    concept = next(c for c in first.graph.concepts.values() if c.category == "Drug" and not c.discovered)
    for i in range(6):
        _change(sources, i)
        if i == 1:
            (sources / "curation.yaml").write_text(f"- action: rename\n  concept: {concept.id}\n  label: Renamed\n",
                                                   encoding="utf-8")
        if i == 4:
            (sources / "curation.yaml").unlink()
        result = graph.build(sources, out, cache_dir=cache)
        kept = _kept(cache)
        assert kept.journal == i + 1
        assert_same_graph(kept.final, result.graph)
        assert (kept.final is kept.graph) == (i not in (1, 2, 3))
        assert kept.beliefs == dict(beliefs_of(result.graph)) and list(kept.records) == study_records(result.graph)
    graph.build(sources, tmp_path / "cold", cache_dir=tmp_path / "fresh")
    assert_same_outputs(out, tmp_path / "cold")
