"""Extraction beyond one machine: per-source extraction on Dask, hand-off as Parquet.

The unit of work is the same as in a local build: :func:`graph.extract.extract_source`
of one source with the vocabulary. Here the sources are cut into partitions, each
partition is a Dask task, and each task writes two Parquet files (pyarrow):

- ``extractions/part-NNNNN.parquet``: one row per source (``position``,
  ``source_id``, ``extraction`` = the :func:`graph.codec.to_record` JSON of its
  :class:`~graph.model.SourceExtraction`), which the assembly step reads back
  into model objects, losslessly;
- ``claims/part-NNNNN.parquet``: one row per claim occurrence with the columns of
  ``claims.csv``, for pandas/DuckDB/Spark without assembling.

``_manifest.json`` lists the partitions in source order with the extractor and
vocabulary versions; it is written last, so a folder without it is an unfinished
run. Every file is written atomically (:mod:`graph.fileio`). Workers load the
vocabulary themselves, once per worker process (``load_vocabulary`` is cached),
from ``vocabulary_dir`` (default: the package's data), and every task reports
the version it used: a worker with other data files is an error, not a silent mix.

The output folder must be storage every worker can write (a local folder for a
``LocalCluster``, a shared file system on a real cluster).

>>> from dask.distributed import Client, LocalCluster  # doctest: +SKIP
>>> with LocalCluster(n_workers=2, processes=True) as cluster, Client(cluster) as client:  # doctest: +SKIP
...     extract_to_parquet("sources", "parquet", client)
...     graph = assemble_parquet("parquet")
"""

from __future__ import annotations

import io
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

from graph.codec import from_record, to_record
from graph.errors import BuildNotFoundError, GraphError
from graph.fileio import atomic_write_bytes, atomic_write_text
from graph.model import Source, SourceExtraction

__all__ = [
    "extract_to_parquet",
    "read_parquet_extractions",
    "assemble_parquet",
    "claim_rows",
    "CLAIM_COLUMNS",
    "MANIFEST",
]

log = logging.getLogger(__name__)

MANIFEST = "_manifest.json"
CLAIM_COLUMNS = (
    "claim_id", "subject", "predicate", "object", "polarity", "certainty", "attribution",
    "quantity", "source_id", "sentence", "start", "end", "section",
)  # fmt: skip


def claim_rows(extraction: SourceExtraction) -> list[dict]:
    """One row per claim occurrence of an extraction (concept ids, not labels: no vocabulary needed).

    >>> from graph.model import Claim, Evidence, Source
    >>> ev = Evidence("a", "Ketamine relieves pain.", 0, 23, certainty="hedged")
    >>> x = SourceExtraction(Source("a", "Ketamine relieves pain."), (), (), (), (Claim("ketamine", "treats", "pain", evidence=(ev,)),))
    >>> [(r["subject"], r["predicate"], r["object"], r["certainty"], r["end"]) for r in claim_rows(x)]
    [('ketamine', 'treats', 'pain', 'hedged', 23)]
    """
    rows = []
    for claim in extraction.claims:
        for ev in claim.evidence:
            rows.append(
                {
                    "claim_id": claim.id,
                    "subject": claim.subject,
                    "predicate": claim.predicate,
                    "object": claim.object,
                    "polarity": claim.polarity,
                    "certainty": ev.certainty,
                    "attribution": ev.attribution,
                    "quantity": ev.quantity,
                    "source_id": ev.source_id,
                    "sentence": ev.sentence,
                    "start": ev.start,
                    "end": ev.end,
                    "section": ev.section,
                }
            )
    return rows


def _parquet_bytes(table) -> bytes:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def _extract_partition(
    number: int, first: int, sources: Sequence[Source], out_dir: str, vocabulary_dir: str | None
) -> dict:
    """Dask task: extract a partition of sources, write its two Parquet files, return a summary."""
    import pyarrow as pa

    from graph.extract import EXTRACTOR_VERSION, extract_source
    from graph.vocab import load_vocabulary

    started = time.perf_counter()
    vocabulary = load_vocabulary(vocabulary_dir)
    extractions = [extract_source(source, vocabulary) for source in sources]
    name = f"part-{number:05d}.parquet"
    records = pa.table(
        {
            "position": pa.array(range(first, first + len(extractions)), type=pa.int64()),
            "source_id": pa.array([x.source.id for x in extractions], type=pa.string()),
            "extraction": pa.array(
                [json.dumps(to_record(x), ensure_ascii=False, separators=(",", ":")) for x in extractions],
                type=pa.large_string(),
            ),
        }
    )
    rows = [row for x in extractions for row in claim_rows(x)]
    schema = pa.schema(
        [(c, pa.int64() if c in ("start", "end") else pa.string()) for c in CLAIM_COLUMNS]
    )
    claims = pa.Table.from_pylist(rows, schema=schema)
    atomic_write_bytes(Path(out_dir) / "extractions" / name, _parquet_bytes(records))
    atomic_write_bytes(Path(out_dir) / "claims" / name, _parquet_bytes(claims))
    return {
        "partition": name,
        "sources": len(extractions),
        "claims": len(rows),
        "vocabulary_version": vocabulary.version,
        "extractor_version": str(EXTRACTOR_VERSION),
        "seconds": round(time.perf_counter() - started, 3),
        "pid": os.getpid(),
    }


def extract_to_parquet(
    sources_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    client,
    *,
    vocabulary_dir: str | os.PathLike | None = None,
    partition_size: int = 64,
) -> dict:
    """Read ``sources_dir``, extract every source on the Dask ``client``'s workers, write Parquet to ``out_dir``.

    Returns the manifest (also written to ``out_dir/_manifest.json``): versions,
    partitions in source order, counts and the reader's problems.
    """
    from graph.extract import EXTRACTOR_VERSION
    from graph.sources import read_sources
    from graph.vocab import load_vocabulary

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)  # the folder is unfinished until the new manifest exists
    vocab_arg = str(Path(vocabulary_dir).resolve()) if vocabulary_dir else None
    vocabulary = load_vocabulary(vocab_arg)
    sources, problems = read_sources(sources_dir)
    size = max(1, int(partition_size))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    futures = [
        client.submit(_extract_partition, n, n * size, chunk, str(out.resolve()), vocab_arg, pure=False)
        for n, chunk in enumerate(chunks)
    ]
    summaries = client.gather(futures)
    for summary in summaries:
        if summary["vocabulary_version"] != vocabulary.version or summary["extractor_version"] != str(EXTRACTOR_VERSION):
            raise GraphError(
                f"worker {summary['pid']} extracted {summary['partition']} with extractor "
                f"{summary['extractor_version']} / vocabulary {summary['vocabulary_version']}, "
                f"not {EXTRACTOR_VERSION} / {vocabulary.version}: the workers run other code or data"
            )
    keep = {s["partition"] for s in summaries}
    for folder in ("extractions", "claims"):  # partitions left by an earlier, larger run
        for stale in sorted((out / folder).glob("part-*.parquet")):
            if stale.name not in keep:
                stale.unlink()
    manifest = {
        "format": 1,
        "extractor_version": str(EXTRACTOR_VERSION),
        "vocabulary_version": vocabulary.version,
        "sources": len(sources),
        "claims": sum(s["claims"] for s in summaries),
        "partitions": [s["partition"] for s in summaries],
        "problems": [str(p) for p in problems],
        "seconds": round(time.perf_counter() - started, 3),
        "workers": sorted({s["pid"] for s in summaries}),
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    log.info("extracted %d sources in %d partitions to %s in %.2f s", len(sources), len(chunks), out, manifest["seconds"])
    return manifest


def read_parquet_extractions(directory: str | os.PathLike) -> list[SourceExtraction]:
    """The extractions written by :func:`extract_to_parquet`, in source order."""
    import pyarrow.parquet as pq

    root = Path(directory)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildNotFoundError(f"{root}: no {MANIFEST} (not an extract-parquet output, or an unfinished one)") from None
    except (OSError, json.JSONDecodeError) as error:
        raise BuildNotFoundError(f"{root / MANIFEST}: unreadable ({error})") from None
    rows: list[tuple[int, str]] = []
    for name in manifest["partitions"]:
        table = pq.read_table(root / "extractions" / name, columns=["position", "extraction"])
        rows.extend(zip(table.column("position").to_pylist(), table.column("extraction").to_pylist()))
    rows.sort(key=lambda row: row[0])
    if len(rows) != manifest["sources"]:
        raise BuildNotFoundError(f"{root}: {len(rows)} extractions in the partitions, the manifest says {manifest['sources']}")
    return [from_record(SourceExtraction, json.loads(text)) for _, text in rows]


def assemble_parquet(directory: str | os.PathLike):
    """The :class:`~graph.evidence_graph.EvidenceGraph` of a Parquet extraction folder."""
    from graph.assemble import assemble

    return assemble(read_parquet_extractions(directory))
