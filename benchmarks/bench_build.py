"""Benchmark the build per corpus size and per stage; print tables.

Usage::

    python benchmarks/bench_build.py --sizes 100,1000,10000 --workers 2
    python benchmarks/bench_build.py --sizes 20 --workers 2          # a smoke run, seconds
    python benchmarks/bench_build.py --sizes 1000,10000 --style real # the project's own articles, repeated
    python benchmarks/bench_build.py --questions build --repeat 5   # only the questions, of an existing build

For each size the script generates (or reuses) a corpus with
``benchmarks/corpus.py`` (``--style generated``: realistic articles of about 5 KB composed
from the vocabulary and ~50 sentence patterns of health articles; ``--style real``: the
project's own articles in ``tests/corpus``, repeated with new ids; see that module), then
runs, in fresh Python processes so memory peaks do not mix:

1. a cold build, as ``python -m graph build --workers N`` runs it (``graph.pipeline.build``:
   read sources, extract with ``--workers`` processes into an empty extraction cache,
   assemble, then the writers of ``--outputs`` (default ``all``, as every figure in
   benchmarks/README.md was measured: graph.json, graph.ttl and kgx/ too, which a plain
   ``build`` no longer writes; ``--outputs default`` measures a plain build), side by side
   on a large graph, and the swap);
2. a rebuild after one article changed: the same build with the warm cache, in a process of
   its own as a user runs it (``--same-process``: in the cold build's process, its in-process
   caches warm, as this benchmark measured until 2 December 2026, evening);
3. then, from the parent (a small process: a child forked from a big process would report
   the big one's peak memory), the questions a user asks, each as a whole ``python -m graph``
   process answering from the build's store (``stats``, ``neighbors``, ``path``,
   ``evidence``, ``search``), and ``stats`` from ``graph.json`` for comparison: wall time and
   that process's peak memory (``os.wait4``'s ``ru_maxrss``).

The stages are the build's own timings (``BuildResult.timings``; each writer's own seconds from
``BuildResult.writer_seconds`` when the writers ran side by side, "write" their wall time);
"total" is the wall time of the build;
"process" is the wall time of the whole child process (interpreter start and imports included;
with ``--same-process``, the cold build's process holds both builds). Peak memory is ``resource.getrusage`` ``ru_maxrss`` of the
process itself plus the largest of its finished children (the extraction
workers): an upper bound of the true peak. No tracemalloc (it slows Python code
several-fold).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WRITER_STAGE = {
    "graph.sqlite": "store",
    "claims.csv": "csv",
    "concepts.csv": "csv",
    "graph.json": "json",
    "graph.ttl": "rdf",
    "graph.html": "html",
    "kgx": "kgx",
    "studies.csv": "studies",
}


class TreeSampler:
    """Every ``interval`` seconds, the memory of a process and of every process under it, by role.

    The build names its processes after what they do (:mod:`graph.proctitle`: ``eg:extract``,
    ``eg:assemble``, ``eg:write`` for the build's own process as it goes from stage to stage;
    ``eg:extractor``, ``eg:warm``, ``w:graph.sqlite``... for its children), so each sample is put
    under the role its process had then. Kept per role: the largest resident set (``VmRSS``) seen
    in one process, and the largest sum over the processes of the tree at one time, as resident
    sets (shared pages counted in each process) and as proportional sets (``Pss``, shared pages
    split between the processes sharing them: what the machine really held). Per process, the
    kernel's own peak (``VmHWM``, as ``ru_maxrss``: it does not miss a peak between samples). Linux
    only (``/proc``); elsewhere it records nothing. Runs as a thread of the small benchmark
    process, not of the build (a thread there would change how the build starts its workers).
    """

    def __init__(self, pid: int, interval: float = 0.25):
        import threading

        self.pid, self.interval = pid, interval
        self.roles: dict[str, dict[str, float]] = {}  # role -> rss_mb (one process), tree_rss_mb, tree_pss_mb
        self.processes: dict[int, dict] = {}  # pid -> {"roles": [...], "hwm_mb": ...}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _read(path: str) -> str:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = self._read(f"/proc/{entry}/stat")
                if stat:
                    ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                    children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree

    def _sample(self) -> None:
        top_role = None
        tree_rss = tree_pss = 0.0
        seen = []
        for pid in self._tree():
            status = self._read(f"/proc/{pid}/status")
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if "VmRSS" not in fields:
                continue  # a zombie, or gone
            role = self._read(f"/proc/{pid}/comm").strip() or "?"
            rss = int(fields["VmRSS"].split()[0]) / 1024
            hwm = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
            pss = 0.0
            for line in self._read(f"/proc/{pid}/smaps_rollup").splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
            tree_rss += rss
            tree_pss += pss
            if pid == self.pid:
                top_role = role
            info = self.processes.setdefault(pid, {"roles": [], "hwm_mb": 0.0, "rss_mb": 0.0})
            if role not in info["roles"]:
                info["roles"].append(role)
            info["hwm_mb"] = max(info["hwm_mb"], hwm)
            info["rss_mb"] = max(info["rss_mb"], rss)
            at = self.roles.setdefault(role, {"rss_mb": 0.0, "tree_rss_mb": 0.0, "tree_pss_mb": 0.0})
            at["rss_mb"] = max(at["rss_mb"], rss)
            seen.append(role)
        # The tree's sums, under the role of the build's own process (its stage) at that moment.
        if top_role is not None:
            at = self.roles[top_role]
            at["tree_rss_mb"] = max(at["tree_rss_mb"], tree_rss)
            at["tree_pss_mb"] = max(at["tree_pss_mb"], tree_pss)
        self.samples += 1

    def _run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._stop.wait(self.interval):
            self._sample()

    def result(self) -> dict:
        """What was seen: ``roles`` (role -> MB figures), ``processes`` (pid -> roles, peaks), ``samples``."""
        return {"roles": self.roles, "processes": {str(p): v for p, v in self.processes.items()},
                "samples": self.samples, "interval_s": self.interval}


def _maxrss_mb() -> tuple[float, float]:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return self_kb / 1024, children_kb / 1024


def _stages(corpus: Path, out: Path, cache: Path, workers: int, outputs: str = "all") -> dict:
    """One build as ``python -m graph build --outputs OUTPUTS`` runs it (:func:`graph.pipeline.build`,
    writers side by side on a large graph); its stages' timings and counts."""
    from graph.export import parse_outputs
    from graph.pipeline import build

    t0 = time.perf_counter()
    result = build(corpus, out, cache_dir=cache, workers=workers, curation=False, outputs=parse_outputs(outputs))
    wall = time.perf_counter() - t0
    t: dict[str, float] = {}
    writers: dict[str, float] = dict(result.writer_seconds)
    for key, seconds in result.timings.items():
        if key.startswith("write "):
            writers[key[len("write "):]] = seconds
            t["write"] = t.get("write", 0.0) + seconds
        else:
            t[{"vocabulary": "vocab", "curate": "assemble"}.get(key, key)] = t.get(key, 0.0) + seconds
    for name, seconds in writers.items():
        stage = WRITER_STAGE.get(name, name)
        t[stage] = t.get(stage, 0.0) + seconds
    graph = result.graph
    return {
        "timings": t,
        "wall": wall,
        "writers": writers,
        "writer_errors": {Path(p.path).name: p.reason for p in result.problems if p.action == "not written"},
        "sizes": {Path(path).name: size for path, size in result.written.items()},
        "sources": len(graph.sources),
        "problems": len(result.problems),
        "bytes": sum(len(s.text.encode("utf-8")) for s in graph.sources.values()),
        "sentences": result.sentences,
        "claims": len(graph.claims),
        "evidence": sum(len(c.evidence) for c in graph.claims.values()),
        "concepts": len(graph.concepts),
        # hits: articles not extracted again (read back from the cache, or "kept": taken from the last
        # build's kept assembly without reading their entries, graph.rebuild)
        "cache": {"hits": result.counts.get("cache_hits", 0) + result.counts.get("kept", 0),
                  "misses": result.counts.get("cache_misses", 0), "written": result.counts.get("cache_misses", 0),
                  "kept": result.counts.get("kept", 0)},
    }


def _cli(out: Path, argv: list[str], graph_arg: Path | None = None) -> dict:
    """One question as a whole process: wall seconds and the peak memory of that process alone."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "graph", *argv, "--graph", str(graph_arg or out)],
                                stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()[-300:]
    return {"argv": argv, "seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "status": proc.returncode,
            "error": message if proc.returncode else ""}


def questions(out: Path, repeat: int = 1) -> list[dict]:
    """The questions of the CLI benchmark, their arguments read from the store: the drug with the most
    treatment claims, the condition in the most claims, the claim with the most sentences; ``path``
    also from ketamine to PTSD, at 2 hops, as JSON, and between two concepts no claim links; the
    20 concepts in the most claims.

    Each question is asked ``repeat`` times: the median wall time and the largest peak are kept."""
    import sqlite3
    import statistics

    db = sqlite3.connect(f"file:{out / 'graph.sqlite'}?mode=ro", uri=True)
    try:
        drug = db.execute("SELECT subject_label FROM claims WHERE predicate = 'treats' GROUP BY subject "
                          "ORDER BY count(*) DESC, subject LIMIT 1").fetchone()
        condition = db.execute("SELECT label FROM concepts JOIN claims ON object = concept_id WHERE category = 'Condition' "
                               "GROUP BY concept_id ORDER BY count(*) DESC, concept_id LIMIT 1").fetchone()
        claim = db.execute("SELECT claim_id FROM claims ORDER BY n_evidence DESC, claim_id LIMIT 1").fetchone()
        names = {name for (name,) in db.execute("SELECT name FROM concept_names WHERE name IN ('ketamine', 'ptsd')")}
        # a concept no claim names (a concept of its own; no path leads to it)
        lonely = db.execute("SELECT label FROM concepts WHERE concept_id NOT IN (SELECT subject FROM claims) AND "
                            "concept_id NOT IN (SELECT object FROM claims) AND category != 'Study' "
                            "AND label IN (SELECT name FROM concept_names WHERE concept_names.concept_id = concepts.concept_id) "
                            "ORDER BY concept_id LIMIT 1").fetchone()
    finally:
        db.close()
    if not (drug and condition and claim):
        return []
    drug, condition, claim = drug[0], condition[0], claim[0]
    word = drug.split()[0]
    runs = [
        ["stats"], ["neighbors", drug], ["path", drug, condition], ["evidence", claim],
        ["search", word, "--concept", drug, "--limit", "50"],
        ["path", drug, condition, "--max-hops", "2"], ["path", drug, condition, "--format", "json"],
        ["concepts", "--limit", "20"],
    ]
    if names == {"ketamine", "ptsd"}:
        runs.append(["path", "ketamine", "ptsd"])
    if lonely:
        runs.append(["path", drug, lonely[0]])

    def asked(argv: list[str], graph_arg: Path | None = None) -> dict:
        tries = [_cli(out, argv, graph_arg) for _ in range(max(1, repeat))]
        best = dict(tries[0], seconds=statistics.median(t["seconds"] for t in tries),
                    peak_mb=max(t["peak_mb"] for t in tries))
        failed = [t for t in tries if t["status"]]
        return dict(best, status=failed[0]["status"], error=failed[0]["error"]) if failed else best

    results = [asked(argv) for argv in runs]
    if (out / "graph.json").exists():
        whole = asked(["stats"], out / "graph.json")
        whole["argv"] = ["stats", "(graph.json)"]
        results.append(whole)
    return results


def run_one(size: int, corpus: Path, work: Path, workers: int, seed: int, style: str = "generated",
            phase: str = "both", outputs: str = "all") -> dict:
    """The child process: generate the corpus if needed and build cold (``phase`` ``cold``), or
    rebuild after one changed article (``rebuild``, in a process of its own, as a user runs it),
    or both in this process (``both``: what this benchmark measured before 2 December 2026,
    evening; the rebuild then finds the cold build's in-process caches warm)."""
    from benchmarks.corpus import generate_corpus, real_style_corpus

    out: dict = {"size": size, "workers": workers, "style": style, "generate_s": 0.0}
    cache = work / "cache"
    if phase in ("cold", "both"):
        t0 = time.perf_counter()
        if style == "real":
            real_style_corpus(corpus, size)
        else:
            generate_corpus(corpus, size, seed=seed)
        out["generate_s"] = time.perf_counter() - t0
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
        out["cold"] = _stages(corpus, work / "out", cache, workers, outputs)
        out["cold"]["peak_mb"] = _maxrss_mb()
    if phase in ("rebuild", "both"):
        changed = sorted(p for p in corpus.iterdir() if p.suffix in (".md", ".txt", ".html"))[size // 2]
        original = changed.read_text(encoding="utf-8")
        try:
            changed.write_text(original + "\nKetamine may cause nausea, dizziness and headache.\n", encoding="utf-8")
            out["rebuild"] = _stages(corpus, work / "out", cache, workers, outputs)
        finally:
            changed.write_text(original, encoding="utf-8")  # the corpus stays reusable
        out["rebuild"]["peak_mb"] = _maxrss_mb()
    return out


def _total(phase: dict) -> float:
    """The wall time of a build (results before it was recorded: the sum of the stages)."""
    return phase.get("wall") or sum(phase["timings"].values())


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def _questions_table(results: list[dict]) -> str:
    asked = [(r["size"], q) for r in results for q in r.get("cli", [])]
    rows = [[str(size), " ".join(q["argv"]), _fmt(q["seconds"]), f"{q['peak_mb']:.0f}",
             "ok" if q["status"] == 0 else f"exit {q['status']}: {q['error']}"] for size, q in asked]
    return ("Questions, each a whole `python -m graph` process (from the store unless marked)\n\n"
            + _table(["articles", "command", "wall s", "peak MB", "status"], rows))


# Writer columns show each writer's own time; "write" is the wall time of all of them (less than their
# sum when they run side by side); "total" the wall time of the build. "prepare": beliefs and study records
# counted once for every writer; "keep": keeping the assembly for the next build (graph.assembly_state),
# beside the writers.
STAGES = ["read", "vocab", "extract", "assemble", "prepare", "store", "csv", "json", "rdf", "html", "kgx", "studies",
          "keep", "write", "swap"]


def _memory_table(results: list[dict]) -> str:
    """Memory by role (:class:`TreeSampler`): per build, each role's largest resident set in one process,
    and for the stages of the build's own process (``eg:...``) the tree's largest sums then; then each
    process's kernel peak (``VmHWM``) with the roles it had."""
    rows, procs = [], []
    for r in results:
        for phase in ("cold", "rebuild"):
            memory = (r.get(phase) or {}).get("memory")
            if not memory:
                continue
            for name, at in memory["roles"].items():
                stage = at["tree_rss_mb"] > 0
                rows.append([str(r["size"]), phase, name, f"{at['rss_mb']:.0f}",
                             f"{at['tree_rss_mb']:.0f}" if stage else "", f"{at['tree_pss_mb']:.0f}" if stage else ""])
            for pid, info in memory["processes"].items():
                procs.append([str(r["size"]), phase, pid, " > ".join(info["roles"]), f"{info['hwm_mb']:.0f}"])
    if not rows:
        return ""
    return ("Memory by role (sampled every 0.25 s: the largest resident set of one process in that role; for the "
            "build's own stages, the largest sums over all its processes then, resident and proportional)\n\n"
            + _table(["articles", "build", "role", "RSS MB", "tree RSS MB", "tree PSS MB"], rows)
            + "\n\nPeak per process (VmHWM, as ru_maxrss; roles in the order seen)\n\n"
            + _table(["articles", "build", "pid", "roles", "peak MB"], procs))


def report(results: list[dict], questions_only: bool = False) -> str:
    parts = []
    if questions_only:
        return _questions_table(results)
    headers = ["articles", "MB", "sentences", "claims", *[f"{s} s" for s in STAGES], "total s", "process s",
               "extract MB/s", "sentences/s", "peak MB"]
    for phase, title in (("cold", "Cold build (empty cache)"), ("rebuild", "Rebuild after one changed article (warm cache)")):
        rows = []
        for r in results:
            x = r[phase]
            t = x["timings"]
            rows.append(
                [
                    str(x["sources"]),
                    _fmt(x["bytes"] / 1e6, 1),
                    str(x["sentences"]),
                    str(x["claims"]),
                    *[_fmt(t.get(s)) for s in STAGES],
                    _fmt(_total(x)),
                    _fmt(r.get("process_s") if phase == "cold" else x.get("process_s")),
                    _fmt(x["bytes"] / 1e6 / t["extract"], 3) if t["extract"] else "n/a",
                    _fmt(x["sentences"] / t["extract"], 0) if t["extract"] else "n/a",
                    f"{x['peak_mb'][0]:.0f}+{x['peak_mb'][1]:.0f}",
                ]
            )
        parts.append(f"{title}, {results[0]['workers']} worker(s)\n\n" + _table(headers, rows))
    rows = []
    for r in results:
        cold, warm = r["cold"], r["rebuild"]
        ct, wt = _total(cold), _total(warm)
        rows.append([str(r["size"]), _fmt(cold["timings"]["extract"]), _fmt(warm["timings"]["extract"]),
                     f"{warm['cache']['hits']}/{warm['cache']['misses']}", _fmt(ct), _fmt(wt),
                     _fmt(ct / wt, 1) + "x" if wt else "n/a"])
    parts.append("Incremental rebuild\n\n" + _table(
        ["articles", "extract cold s", "extract warm s", "hits/misses", "total cold s", "total warm s", "speed-up"], rows))
    names = sorted({n for r in results for n in r["cold"]["sizes"]})
    rows = [[str(r["size"]), *[_fmt(r["cold"]["sizes"].get(n, 0) / 1e6) if n in r["cold"]["sizes"] else "n/a" for n in names]]
            for r in results]
    if names:
        parts.append("Output sizes (MB)\n\n" + _table(["articles", *names], rows))
    if len(results) > 1:
        rows = []
        for a, b in zip(results, results[1:]):
            ta, tb = _total(a["cold"]), _total(b["cold"])
            rows.append([f"{a['size']} -> {b['size']}", f"{b['size'] / a['size']:.0f}x", f"{tb / ta:.1f}x" if ta else "n/a",
                         f"{b['cold']['timings']['extract'] / a['cold']['timings']['extract']:.1f}x"])
        parts.append("Scaling (cold)\n\n" + _table(["sizes", "work", "total time", "extract time"], rows))
    memory = _memory_table(results)
    if memory:
        parts.append(memory)
    if any(r.get("cli") for r in results):
        parts.append(_questions_table(results))
    errors = {n: e for r in results for n, e in r["cold"]["writer_errors"].items()}
    if errors:
        parts.append("Writers that failed (not timed):\n" + "\n".join(f"  {n}: {e}" for n, e in sorted(errors.items())))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes (default: 100,1000,10000)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (default: 2)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default: 0)")
    parser.add_argument("--corpus-root", default=None,
                        help="where corpora are generated and reused (default: a temporary folder, removed after)")
    parser.add_argument("--json", default=None, metavar="FILE", help="also write the raw results as JSON")
    parser.add_argument("--style", choices=("generated", "real"), default="generated",
                        help="corpus: generated from the vocabulary (default) or the project's own articles repeated")
    parser.add_argument("--outputs", default="all", metavar="LIST",
                        help="what the builds write, as build --outputs takes it (default: all, as the published "
                             "figures were measured; 'default' for a plain build)")
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process CLI questions")
    parser.add_argument("--questions", default=None, metavar="OUT",
                        help="only ask the CLI questions of the build in OUT (no corpus, no build) and print their table")
    parser.add_argument("--repeat", type=int, default=1,
                        help="ask each CLI question this many times; median wall time, largest peak (default: 1)")
    parser.add_argument("--same-process", action="store_true",
                        help="rebuild in the cold build's process (its in-process caches warm), as measured before "
                             "2 December 2026, evening; by default the rebuild is a process of its own, as a user runs it")
    parser.add_argument("--phase", choices=("cold", "rebuild", "both"), default="both", help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--work", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one is not None:
        result = run_one(args.one, Path(args.corpus_root), Path(args.work), args.workers, args.seed, args.style, args.phase,
                         args.outputs)
        print(json.dumps(result))
        return 0

    if args.questions is not None:
        out = Path(args.questions)
        if not (out / "graph.sqlite").is_file():
            parser.error(f"no graph.sqlite in {out}")
        import sqlite3

        db = sqlite3.connect(f"file:{out / 'graph.sqlite'}?mode=ro", uri=True)
        try:
            (n_sources,), = db.execute("SELECT count(*) FROM sources")
            (n_claims,), = db.execute("SELECT count(*) FROM claims")
        finally:
            db.close()
        asked = questions(out, args.repeat)
        print(f"Build {out}: {n_sources} sources, {n_claims} claims; {os.cpu_count()} CPU(s); "
              f"Python {sys.version.split()[0]}; each question asked {max(1, args.repeat)} time(s)\n")
        print(report([{"size": n_sources, "cli": asked}], questions_only=True))
        if args.json:
            Path(args.json).write_text(json.dumps(asked, indent=2) + "\n", encoding="utf-8")
        return 1 if any(q["status"] for q in asked) else 0

    from graph.errors import ExportError
    from graph.export import parse_outputs

    try:
        parse_outputs(args.outputs)  # an unknown name: one line before any corpus is made
    except ExportError as error:
        parser.error(str(error))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    temporary = args.corpus_root is None
    root = Path(args.corpus_root or tempfile.mkdtemp(prefix="graph-bench-"))
    results = []
    failed = []
    try:
        for size in sizes:
            corpus = root / (f"corpus-{size}-seed{args.seed}" if args.style == "generated" else f"real-{size}")
            work = root / f"work-{size}"
            result: dict = {}
            for phase in (("both",) if args.same_process else ("cold", "rebuild")):
                t0 = time.perf_counter()
                with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
                    child = subprocess.Popen(
                        [sys.executable, __file__, "--one", str(size), "--corpus-root", str(corpus), "--work", str(work),
                         "--workers", str(args.workers), "--seed", str(args.seed), "--style", args.style, "--phase", phase,
                         "--outputs", args.outputs],
                        stdout=stdout, stderr=stderr, text=True, cwd=ROOT,
                        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)},
                    )
                    with TreeSampler(child.pid) as sampler:
                        child.wait()
                    stdout.seek(0)
                    stderr.seek(0)
                    child.stdout, child.stderr = stdout.read(), stderr.read()
                if child.returncode:
                    break
                part = json.loads(child.stdout.strip().splitlines()[-1])
                for key in ("cold", "rebuild"):
                    if key in part and (phase == key or phase == "both"):
                        part[key]["memory"] = sampler.result()
                if phase in ("cold", "both"):
                    result = dict(part, process_s=time.perf_counter() - t0 - part["generate_s"])
                if phase == "rebuild":
                    result["rebuild"] = dict(part["rebuild"], process_s=time.perf_counter() - t0)
            if child.returncode:
                sys.stderr.write(child.stderr[-3000:])
                print(f"size {size}: benchmark process failed (exit {child.returncode}); "
                      "the table below has the sizes that finished", file=sys.stderr)
                failed.append(size)
                continue
            # Asked from this small process: a child forked from a big one inherits its peak memory figure.
            store = work / "out" / "graph.sqlite"
            result["cli"] = questions(work / "out", args.repeat) if not args.no_cli and store.exists() else []
            results.append(result)
            if args.json:  # after each size, so a long run that is stopped keeps what it measured
                Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"# {size} articles done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)
    corpus_text = f"generated, seed {args.seed}" if args.style == "generated" else "real-style (tests/corpus repeated)"
    print(f"Corpora: benchmarks/corpus.py, {corpus_text}; {os.cpu_count()} CPU(s); Python {sys.version.split()[0]}\n")
    if results:
        print(report(results))
    if failed:
        print(f"\nFailed sizes: {', '.join(map(str, failed))}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
