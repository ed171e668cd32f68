"""What the reliability guarantees cost, and what a runaway query is held to; prints a table.

Usage::

    python benchmarks/bench_reliability.py --sizes 100,1000 --workers 2

For each corpus size (``benchmarks/corpus.py``), in a fresh process:

1. a cold build with :func:`graph.build` (staging folder, lock, manifest): the time of
   the writers, and of the swap (the outputs' SHA-256 for ``build.json``, the journal,
   the renames) as a share of the whole build;
2. a warm rebuild (every source from the cache): the same figures, where the swap
   weighs most;
3. the SPARQL cross product ``SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}`` with
   the ``sparql`` command's limits (30 s, 100,000 rows, 2,048 MB): how long until it is
   stopped, which limit stopped it, and the query process's peak memory
   (``ru_maxrss`` of the children), against the parent's.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CROSS = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"


def measure(size: int, workers: int, root: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import generate_corpus

    import graph
    from graph.export import ALL_OUTPUTS

    sources = root / f"corpus-{size}"
    generate_corpus(sources, size)
    out = root / f"build-{size}"
    figures: dict = {"size": size}
    for run in ("cold", "warm"):
        started = time.perf_counter()
        # every output (a folder one too), as the published figures were measured
        result = graph.build(sources, out, workers=workers, cache_dir=out / ".cache", outputs=ALL_OUTPUTS)
        total = time.perf_counter() - started
        writers = sum(v for k, v in result.timings.items() if k.startswith("write "))
        figures[run] = {"total_s": round(total, 2), "writers_s": round(writers, 2),
                        "swap_s": round(result.timings["swap"], 3),
                        "swap_share": round(result.timings["swap"] / total, 4)}
    figures["outputs_mb"] = round(sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 1e6, 1)
    return figures


def query(out: Path) -> dict:
    """The cross product under the command's limits, in a process that ran nothing else."""
    from graph.errors import QueryError
    from graph.sparql import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, run_sparql

    started = time.perf_counter()
    try:
        run_sparql(str(out), CROSS, timeout=DEFAULT_TIMEOUT, max_rows=DEFAULT_MAX_ROWS, max_memory_mb=DEFAULT_MAX_MEMORY_MB)
        stopped = "not stopped"
    except QueryError as error:
        text = str(error)
        stopped = "rows" if "--max-rows" in text else "timeout" if "--timeout" in text else "memory"
    return {
        "stopped_by": stopped,
        "seconds": round(time.perf_counter() - started, 2),
        "query_process_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "parent_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.workers, Path(args.root))))
        return
    if args.query is not None:
        print(json.dumps(query(Path(args.query))))
        return
    rows = []
    with tempfile.TemporaryDirectory() as root:
        for size in [int(s) for s in args.sizes.split(",")]:
            run = subprocess.run([sys.executable, __file__, "--child", str(size), "--workers", str(args.workers),
                                  "--root", root], capture_output=True, text=True, check=True)
            row = json.loads(run.stdout.strip().splitlines()[-1])
            # Extraction workers are children too: the query's peak is read in a process that ran no pool.
            run = subprocess.run([sys.executable, __file__, "--query", str(Path(root) / f"build-{size}")],
                                 capture_output=True, text=True, check=True)
            row["query"] = json.loads(run.stdout.strip().splitlines()[-1])
            rows.append(row)
    print(f"{'sources':>8} {'run':>5} {'total s':>8} {'writers s':>9} {'swap s':>7} {'swap %':>7} {'outputs MB':>10}")
    for row in rows:
        for name in ("cold", "warm"):
            f = row[name]
            print(f"{row['size']:>8} {name:>5} {f['total_s']:>8} {f['writers_s']:>9} {f['swap_s']:>7} "
                  f"{100 * f['swap_share']:>6.1f}% {row['outputs_mb']:>10}")
    print()
    print(f"{'sources':>8} {'stopped by':>10} {'after s':>8} {'query process MB':>16} {'parent MB':>9}")
    for row in rows:
        q = row["query"]
        print(f"{row['size']:>8} {q['stopped_by']:>10} {q['seconds']:>8} {q['query_process_peak_mb']:>16} {q['parent_peak_mb']:>9}")


if __name__ == "__main__":
    main()
