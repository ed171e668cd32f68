"""graph.frames: DataFrames of the graph, checked against the model and against claims.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graph
from graph import frames
from graph.evidence_graph import EvidenceGraph
from graph.export.tables import CLAIM_COLUMNS, write_claims_csv
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES
from graph.query import example_graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def g() -> EvidenceGraph:
    return example_graph()


@pytest.fixture(scope="session")
def seed_graph() -> EvidenceGraph:
    """The seed sources, built once per session (lead: move to tests/conftest.py to share)."""
    built = graph.build_graph(ROOT / "sources")
    if not built.claims:
        pytest.skip("the extractor produces no claims yet; seed frame tests run once it does")
    return built


def _check_dtypes(frame: pd.DataFrame) -> None:
    schema = {"category": CATEGORIES, "subject_category": CATEGORIES, "object_category": CATEGORIES,
              "predicate": PREDICATES, "polarity": POLARITIES, "certainty": CERTAINTIES}
    for column, values in schema.items():
        if column in frame:
            assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
            assert list(frame[column].cat.categories) == list(values), column


def test_claims_frame_one_row_per_distinct_claim(g):
    f = frames.claims_frame(g)
    assert list(f.columns) == list(frames.CLAIMS_COLUMNS)
    assert len(f) == len(g.claims) and f.claim_id.is_unique
    _check_dtypes(f)
    for row in f.itertuples():
        claim = g.claims[row.claim_id]
        assert (row.subject, row.object) == (g.concepts[claim.subject].label, g.concepts[claim.object].label)
        assert (row.subject_id, row.object_id) == (claim.subject, claim.object)
        assert row.subject_category == g.concepts[claim.subject].category
        assert (row.support, row.n_evidence, row.cited, row.certainty) == (
            claim.support, len(claim.evidence), claim.cited, claim.certainty)
        assert row.sources == claim.sources and row.attributions == claim.attributions
        assert row.quantities == claim.quantities


def test_evidence_frame_matches_claims_csv(g, tmp_path):
    f = frames.evidence_frame(g)
    assert list(f.columns[: len(CLAIM_COLUMNS)]) == list(CLAIM_COLUMNS)
    assert len(f) == sum(len(c.evidence) for c in g.claims.values())
    _check_dtypes(f)
    assert f.start.dtype == "int64" and f.end.dtype == "int64"
    path = tmp_path / "claims.csv"
    write_claims_csv(g, path)
    csv = pd.read_csv(path, keep_default_na=False, dtype=str)
    mine = f[list(CLAIM_COLUMNS)].astype(str).reset_index(drop=True)
    key = ["claim_id", "source_id", "start", "end"]
    pd.testing.assert_frame_equal(mine.sort_values(key).reset_index(drop=True), csv.sort_values(key).reset_index(drop=True))
    titles = dict(zip(f.source_id, f.source_title))
    assert titles == {sid: s.title for sid, s in g.sources.items()}
    cited = f[f.attribution == "hopkins_ketamine_study"]
    assert cited[["study", "organization"]].values.tolist() == [
        ["johns hopkins study on ketamine infusions", "johns hopkins school of medicine"]]


def test_concepts_and_sources_frames(g):
    c = frames.concepts_frame(g)
    assert list(c.columns) == list(frames.CONCEPTS_COLUMNS)
    assert len(c) == len(g.concepts)
    _check_dtypes(c)
    row = c.set_index("concept_id").loc["ptsd"]
    assert (row["label"], row["name"], row["category"]) == ("ptsd", "PTSD", "Condition")
    assert row.claims == sum(1 for x in g.claims.values() if "ptsd" in (x.subject, x.object))
    assert "post-traumatic stress disorder" in row.synonyms
    s = frames.sources_frame(g)
    assert list(s.columns) == list(frames.SOURCES_COLUMNS)
    assert s.source_id.tolist() == sorted(g.sources)
    ev = frames.evidence_frame(g)
    assert s.set_index("source_id").evidence.to_dict() == ev.groupby("source_id").size().to_dict()
    assert s.set_index("source_id").claims.to_dict() == ev.groupby("source_id").claim_id.nunique().to_dict()
    assert s.n_chars.tolist() == [len(g.sources[i].text) for i in s.source_id]


def test_frames_work_in_notebook_idioms(g):
    claims = frames.claims_frame(g)
    per_predicate = claims.groupby("predicate", observed=False).size()
    assert list(per_predicate.index) == list(PREDICATES)  # every predicate, zeros included
    assert per_predicate["treats"] == 3 and per_predicate["has_symptom"] == 0
    by_source = claims.explode("sources").groupby("sources").size()
    assert by_source.sum() == sum(c.support for c in g.claims.values())
    merged = frames.evidence_frame(g).merge(frames.sources_frame(g), on="source_id")
    assert len(merged) == sum(len(c.evidence) for c in g.claims.values())


def test_empty_graph_gives_typed_empty_frames():
    empty = EvidenceGraph()
    for make, columns in ((frames.claims_frame, frames.CLAIMS_COLUMNS), (frames.evidence_frame, frames.EVIDENCE_COLUMNS),
                          (frames.concepts_frame, frames.CONCEPTS_COLUMNS), (frames.sources_frame, frames.SOURCES_COLUMNS)):
        f = make(empty)
        assert f.empty and list(f.columns) == list(columns)
        _check_dtypes(f)


def test_seed_frames_agree_with_the_graph(seed_graph):
    claims = frames.claims_frame(seed_graph)
    evidence = frames.evidence_frame(seed_graph)
    assert len(claims) == len(seed_graph.claims)
    assert len(evidence) == claims.n_evidence.sum()
    assert set(evidence.source_id) <= set(seed_graph.sources)
    assert (evidence.groupby("claim_id").size().sort_index() == claims.set_index("claim_id").n_evidence.sort_index()).all()
    _check_dtypes(claims)
    _check_dtypes(evidence)
