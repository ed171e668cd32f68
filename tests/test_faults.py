"""Regression tests for issue 13 ("Nothing lost, nothing leaked"): one test (or more) per row of the
issue's table, each named after the fault. Builds run as real subprocesses; the kill tests send real
signals to real processes and look at the processes and files that are left."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEEDS = sorted(SOURCES.glob("*.txt"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OUTPUTS_FAST = "graph.json,claims.csv,concepts.csv"
# Every output (files and the kgx/ folder): the sets these tests kill, swap and compare.
ALL = ("--outputs", "all")


# -- helpers --------------------------------------------------------------------------------------


def cli(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=kw.pop("cwd", ROOT), **kw)


def _default_sigint() -> None:
    # A shell runs background jobs with SIGINT ignored, and an ignored signal stays ignored across exec:
    # give the build the SIGINT of a terminal's foreground command, as a user pressing Ctrl-C has.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str) -> subprocess.Popen:
    """A build (or any command) in its own session, so signals sent to it reach no one else."""
    return subprocess.Popen([sys.executable, "-m", "graph", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, start_new_session=True, preexec_fn=_default_sigint)


def seed_copies(folder: Path, copies: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for path in SEEDS:
            shutil.copy(path, folder / (f"{n}-{path.name}" if copies > 1 else path.name))
    return folder


def snapshot(out: Path) -> dict[str, str]:
    """SHA-256 of every visible entry of a build folder (folders by their files)."""
    result = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            result[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".tmp")
                  or p.name == ".swap.json")


def assert_one_set(out: Path) -> None:
    """Every output in OUT is the one its build.json names: one build's set."""
    from graph.buildset import tree_digest

    manifest = json.loads((out / "build.json").read_text())
    for name, digest in manifest["outputs"].items():
        assert tree_digest(out / name)["sha256"] == digest["sha256"], f"{name} is not from the build of build.json"


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie (a dead child its new parent has not reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_for(condition, timeout: float = 120, step: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """A complete build of the seeds (every output: --outputs all), made once; copy it before changing it."""
    out = tmp_path_factory.mktemp("good") / "build"
    run = cli("build", "--sources", str(SOURCES), "--out", str(out), "--quiet", *ALL)
    assert run.returncode == 0, run.stderr
    return out


def copy_build(good: Path, target: Path) -> Path:
    shutil.copytree(good, target, ignore=shutil.ignore_patterns(".lock"))
    return target


# -- row: an impossible date in front matter -------------------------------------------------------


def _dated_sources(folder: Path) -> Path:
    seed_copies(folder)
    (folder / "bad-date.md").write_text("---\ntitle: Bad date\ndate: 2024-13-45\n---\nKetamine relieves pain.\n")
    (folder / "bad-reviewed.md").write_text(
        "---\ntitle: Bad review\nhistory:\n  reviewed: 2024-02-30\n---\nKetamine relieves pain.\n")
    return folder


def test_impossible_date_in_any_front_matter_key_skips_only_that_file(tmp_path):
    src = _dated_sources(tmp_path / "src")
    run = cli("build", "--sources", str(src), "--out", str(tmp_path / "out"), "--outputs", OUTPUTS_FAST)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    for name, value in (("bad-date.md", "2024-13-45"), ("bad-reviewed.md", "2024-02-30")):
        line = next(line for line in run.stderr.splitlines() if name in line)
        assert "impossible date" in line and value in line and "line " in line, line
    graph_file = json.loads((tmp_path / "out" / "graph.json").read_text())
    assert sorted(s["id"] for s in graph_file["sources"]) == sorted(p.stem for p in SEEDS)


def test_impossible_date_in_front_matter_skips_only_that_file_in_extract_parquet(tmp_path):
    pytest.importorskip("dask.distributed")
    src = _dated_sources(tmp_path / "src")
    run = cli("extract-parquet", "--sources", str(src), "--out", str(tmp_path / "pq"), "--workers", "1")
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    assert "bad-date.md" in run.stderr and "bad-reviewed.md" in run.stderr
    manifest = json.loads((tmp_path / "pq" / "_manifest.json").read_text())
    assert manifest["sources"] == len(SEEDS)


# -- row: a symlink in sources/ to a file outside it ----------------------------------------------


def test_symlink_to_a_file_outside_sources_is_skipped_and_reported(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRETMARKER7731:/root:/bin/bash\nKetamine relieves pain in SECRETMARKER7731.\n")
    src = seed_copies(tmp_path / "src")
    os.symlink(secret, src / "passwd.txt")
    inside = src / "sub"
    inside.mkdir()
    os.symlink(src / SEEDS[0].name, inside / "linked-inside.txt")  # a link within the folder is read
    run = cli("build", "--sources", str(src), "--out", str(tmp_path / "out"), *ALL)
    assert run.returncode == 3, run.stderr
    line = next(line for line in run.stderr.splitlines() if "passwd.txt" in line)
    assert "outside the sources folder" in line
    for name in ("graph.json", "graph.ttl", "graph.html", "claims.csv", "concepts.csv"):
        assert "SECRETMARKER7731" not in (tmp_path / "out" / name).read_text(), name
    ids = {s["id"] for s in json.loads((tmp_path / "out" / "graph.json").read_text())["sources"]}
    assert "linked-inside" in ids and "passwd" not in ids


# -- row: a build killed with SIGKILL while writing outputs ---------------------------------------


def test_build_killed_with_sigkill_while_writing_outputs_leaves_the_previous_set_whole(good_build, tmp_path):
    out = copy_build(good_build, tmp_path / "build")
    before = snapshot(out)
    src = seed_copies(tmp_path / "src", copies=4)  # a different input: the new set would differ
    for attempt in range(3):
        build = start("build", "--sources", str(src), "--out", str(out), "--no-cache", *ALL)

        def writing():
            stagings = [p for p in out.glob(".staging-*") if p.is_dir()]
            return stagings and any(True for _ in stagings[0].iterdir())

        caught = wait_for(writing, timeout=300)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        if caught and list(out.glob(".staging-*")):
            break  # killed while it was writing into its staging folder
    else:
        pytest.fail("the build was never caught writing its outputs")
    assert build.returncode == -signal.SIGKILL
    assert snapshot(out) == before, "the previous set is whole"
    assert_one_set(out)
    stale = leftovers(out)
    assert stale, "the killed build's staging folder is there until the next start"
    # The next build removes what the killed one left, and installs a whole new set.
    run = cli("build", "--sources", str(src), "--out", str(out), "--no-cache", "--quiet", *ALL)
    assert run.returncode == 0, run.stderr
    assert leftovers(out) == []
    assert_one_set(out)
    assert snapshot(out) != before


# A build that kills itself (a real SIGKILL) right after the second of its outputs was renamed
# into OUT: the moment no signal from outside can be timed to hit.
_SWAP_KILLER = r"""
import os, signal, sys
OUT = os.path.abspath(sys.argv[2])
args = ["build", "--sources", sys.argv[1], "--out", sys.argv[2], "--no-cache", "--quiet", "--outputs", "all"]
real_replace, done = os.replace, []
def replace(src, dst, *a, **kw):
    real_replace(src, dst, *a, **kw)
    if os.path.dirname(os.path.abspath(dst)) == OUT and ".staging-" in str(src):
        done.append(dst)
        if len(done) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from graph.cli import main
sys.exit(main(args))
"""


def test_build_killed_with_sigkill_while_swapping_is_finished_by_the_next_reader(good_build, tmp_path):
    import graph

    out = copy_build(good_build, tmp_path / "build")
    before = snapshot(out)
    src = seed_copies(tmp_path / "src", copies=2)
    run = subprocess.run([sys.executable, "-c", _SWAP_KILLER, str(src), str(out)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert (out / ".swap.json").exists(), "killed in the middle of the swap"
    now = snapshot(out)
    assert now != before and any(now[k] == before[k] for k in before if k != "build.json"), "the folder is mixed"
    loaded = graph.load_graph(out)  # a reader finishes the swap before reading
    assert leftovers(out) == []
    assert_one_set(out)
    assert len(loaded.sources) == 2 * len(SEEDS)


def test_stale_temporaries_are_removed_at_the_next_start(good_build, tmp_path):
    """What killed processes leave (a 4 MB .graph.ttl.*.tmp, a staging folder, cache temporaries) goes
    at the next build's start; files nobody's build wrote stay."""
    out = copy_build(good_build, tmp_path / "build")
    (out / ".graph.ttl.k2j3h4x9.tmp").write_bytes(b"@prefix half" * 350_000)
    (out / ".staging-abc123").mkdir()
    (out / ".staging-abc123" / "graph.json").write_text("{")
    (out / "my-notes.txt").write_text("mine\n")
    cache = tmp_path / "cache"
    run = cli("build", "--sources", str(SOURCES), "--out", str(out), "--cache", str(cache), "--quiet")
    assert run.returncode == 0, run.stderr
    entry_dir = next(cache.glob("*/??"))
    stray = entry_dir / ".0123abcd.pkl.z.q8w7e6r5.tmp"
    stray.write_bytes(b"half an entry")
    run = cli("build", "--sources", str(SOURCES), "--out", str(out), "--cache", str(cache), "--quiet")
    assert run.returncode == 0, run.stderr
    assert leftovers(out) == [] and not stray.exists()
    assert (out / "my-notes.txt").read_text() == "mine\n"
    assert_one_set(out)


# -- row: a --workers 2 build killed (SIGKILL, SIGTERM, SIGINT) ------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_parallel_build_killed_leaves_no_worker_processes(tmp_path, signum):
    src = seed_copies(tmp_path / "src", copies=6)
    out = tmp_path / "out"
    build = start("build", "--sources", str(src), "--out", str(out), "--workers", "2", "--no-cache")
    workers = wait_for(lambda: (lambda c: c if len(c) >= 2 else None)(children(build.pid)), timeout=300)
    assert workers, "the build never started its two workers"
    os.kill(build.pid, signum)
    build.wait(timeout=60)
    gone = wait_for(lambda: not any(running(pid) for pid in workers), timeout=15, step=0.05)
    assert gone, f"workers still running after the build died by {signum.name}: {[p for p in workers if running(p)]}"
    if signum != signal.SIGKILL:  # the build ran its clean-up: exit status, no staging folder
        assert build.returncode == {signal.SIGTERM: 143, signal.SIGINT: 130}[signum], build.stderr.read()
        assert leftovers(out) == []
        assert "Traceback" not in build.stderr.read()


# -- row: two builds into one --out ----------------------------------------------------------------


def test_two_builds_into_one_out_the_second_is_refused(tmp_path):
    src = seed_copies(tmp_path / "src", copies=8)
    out = tmp_path / "out"
    first = start("build", "--sources", str(src), "--out", str(out), "--no-cache", "--quiet", *ALL)
    assert wait_for(lambda: (out / ".lock").exists() and (out / ".lock").read_text() == str(first.pid), timeout=300)
    second = cli("build", "--sources", str(SOURCES), "--out", str(out), "--no-cache")
    assert second.returncode == 2
    line = one_error_line(second.stderr)
    assert "another build" in line and str(first.pid) in line and str(out) in line
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert_one_set(out)
    assert len(json.loads((out / "graph.json").read_text())["sources"]) == 8 * len(SEEDS)
    again = cli("build", "--sources", str(SOURCES), "--out", str(out), "--outputs", OUTPUTS_FAST, "--quiet")
    assert again.returncode == 0, again.stderr  # the lock went with the first build


# -- row: --out a file / not writable / cache not writable: one line, exit 2, before extraction ----

# A missing spaCy pipeline is reported (exit 2) before extraction too, but after the folders are
# checked: a run that names the folder proves the folder check came first.
NO_MODEL = ("--model", "no_such_pipeline_for_this_test")


def _unwritable_dir(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    if not Path("/sys/fs").is_dir():
        pytest.skip("running as root and no read-only /sys to write into")
    return Path("/sys/fs")  # not writable, even by root


@pytest.mark.parametrize("case", ["out-is-a-file", "out-not-writable", "cache-not-writable", "cache-is-a-file"])
def test_unusable_out_or_cache_is_one_line_exit_2_before_extraction(tmp_path, case):
    out, cache = tmp_path / "out", None
    if case == "out-is-a-file":
        out.write_text("my notes\n")
    elif case == "out-not-writable":
        out = _unwritable_dir(tmp_path) / "build"
    elif case == "cache-not-writable":
        cache = _unwritable_dir(tmp_path) / "cache"
    else:
        cache = tmp_path / "cache-file"
        cache.write_text("x")
    args = ["build", "--sources", str(SOURCES), "--out", str(out), *NO_MODEL]
    if cache:
        args += ["--cache", str(cache)]
    run = cli(*args)
    assert run.returncode == 2
    line = one_error_line(run.stderr)
    assert ("cache folder" if cache else "output folder") in line and "pipeline" not in line, line
    if case == "out-is-a-file":
        assert out.read_text() == "my notes\n"


@pytest.mark.parametrize("where", ["equal", "inside"])
def test_out_equal_to_or_inside_sources_is_refused(tmp_path, where):
    src = seed_copies(tmp_path / "src")
    out = src if where == "equal" else src / "build"
    run = cli("build", "--sources", str(src), "--out", str(out), *NO_MODEL)
    assert run.returncode == 2
    line = one_error_line(run.stderr)
    assert "sources folder" in line and "own outputs" in line
    assert sorted(p.name for p in src.iterdir()) == sorted(p.name for p in SEEDS)


# -- row: sources empty, or every file bad ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["empty", "all-bad"])
def test_empty_or_all_bad_sources_do_not_replace_a_good_build(good_build, tmp_path, kind):
    out = copy_build(good_build, tmp_path / "build")
    before = snapshot(out)
    src = tmp_path / "src"
    src.mkdir()
    if kind == "all-bad":
        (src / "empty.txt").write_text("")
        (src / "bad.md").write_text("---\ndate: 2024-13-45\n---\nText.\n")
    run = cli("build", "--sources", str(src), "--out", str(out))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    error = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and "--allow-empty" in error[0] and "kept" in error[0]
    if kind == "all-bad":
        assert "empty.txt" in run.stderr and "bad.md" in run.stderr
    assert snapshot(out) == before
    allowed = cli("build", "--sources", str(src), "--out", str(out), "--allow-empty", *ALL)
    assert allowed.returncode in (0, 3), allowed.stderr
    assert json.loads((out / "graph.json").read_text())["sources"] == []
    assert_one_set(out)


# -- row: a directory where a cache entry should be ------------------------------------------------


def test_directory_where_a_cache_entry_should_be_is_not_fatal(tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--sources", str(SOURCES), "--out", str(out), "--outputs", OUTPUTS_FAST, "--quiet")
    assert run.returncode == 0, run.stderr
    before = snapshot(out)
    entries = sorted((out / ".cache").glob("*/??/*.pkl.z"))
    assert len(entries) == len(SEEDS)
    for entry in entries[:2]:
        entry.unlink()
        entry.mkdir()
        (entry / "keep.txt").write_text("a user's file in the way\n")
    again = cli("build", "--sources", str(SOURCES), "--out", str(out), "--outputs", OUTPUTS_FAST)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "IsADirectoryError" not in again.stderr
    assert snapshot(out) == before
    assert all((entry / "keep.txt").exists() for entry in entries[:2])


# -- row: sparql over a cross product --------------------------------------------------------------

CROSS = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"


def test_sparql_cross_product_stops_at_the_row_cap(good_build):
    run = cli("sparql", CROSS, "--graph", str(good_build), timeout=300)
    assert run.returncode == 1 and run.stdout == ""
    line = one_error_line(run.stderr)
    assert "more than 100,000 rows" in line and "--max-rows" in line


def test_sparql_cross_product_stops_at_the_timeout(good_build):
    run = cli("sparql", f"SELECT (COUNT(*) AS ?n) WHERE {{?a ?b ?c . ?d ?e ?f . ?g ?h ?i}}", "--graph",
              str(good_build), "--timeout", "2", timeout=300)
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert "longer than 2 s" in line and "--timeout" in line


def test_sparql_cross_product_stops_at_the_memory_cap(good_build):
    run = cli("sparql", CROSS + " ORDER BY ?i ?a", "--graph", str(good_build), "--max-memory", "200",
              "--timeout", "600", timeout=900)
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert "200 MB" in line and "--max-memory" in line


def test_sparql_within_the_limits_still_answers(good_build):
    run = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?c a eg:Claim }", "--graph", str(good_build), "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["n"] > 0


# -- row: an article whose title or text holds terminal escape sequences ---------------------------

ESCAPES = ("\x1b]0;PWNED\x07", "\x1b[2J", "\x1b]8;;http://evil.example\x1b\\", "\x9b31m", "\u202e")
HOSTILE = ("{0}Ketamine{1} news\n\nKetamine relieves chronic pain{2} in many patients{3}. Ketamine is an anesthetic "
           "that doctors have used for decades in hospitals and clinics{4}. Exposure therapy treats PTSD in many "
           "veterans who have been through combat and other traumatic events. Chronic pain often co-exists with "
           "depression and anxiety in adults who live with it for years.\n").format(*ESCAPES)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    src = seed_copies(root / "src")
    (src / "esc.txt").write_text(HOSTILE, encoding="utf-8")
    run = cli("build", "--sources", str(src), "--out", str(root / "out"), "--outputs", OUTPUTS_FAST)
    assert run.returncode == 0, run.stderr
    return root / "out"


def _no_control(text: str) -> None:
    bad = re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert not bad, f"control characters reach the terminal: {bad!r}"


def test_terminal_escape_sequences_from_articles_are_not_replayed(hostile_build):
    claims = cli("claims", "--graph", str(hostile_build), "--source", "esc", "--format", "json")
    data = json.loads(claims.stdout)
    assert data
    claim_id = next(c["claim_id"] for c in data if "esc" in c["sources"])
    runs = {
        "evidence": cli("evidence", claim_id, "--graph", str(hostile_build)),
        "compare": cli("compare", "esc", SEEDS[0].stem, "--graph", str(hostile_build)),
        "claims": cli("claims", "--graph", str(hostile_build), "--source", "esc"),
        "sparql": cli("sparql", "SELECT ?t WHERE { ?s dcterms:title ?t }", "--graph", str(hostile_build)),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr)
        _no_control(run.stdout)
        _no_control(run.stderr)
    assert "Ketamine" in runs["evidence"].stdout and "\ufffd" in runs["evidence"].stdout
    assert "PWNED" not in runs["evidence"].stdout  # a window-title sequence goes whole, payload included
    # JSON keeps the data exactly, escaped as JSON requires.
    evidence = json.loads(cli("evidence", claim_id, "--graph", str(hostile_build), "--format", "json").stdout)
    assert any(e["source_title"] == HOSTILE.split("\n")[0] for e in evidence["evidence"])
    raw = cli("evidence", claim_id, "--graph", str(hostile_build), "--format", "json").stdout
    _no_control(raw)


# -- row: render --out naming a directory ----------------------------------------------------------


def test_render_out_naming_a_directory_is_one_line(good_build, tmp_path):
    run = cli("render", "--build", str(good_build), "--out", str(tmp_path))
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert str(tmp_path) in line and "folder" in line
    assert list(tmp_path.iterdir()) == []


# -- row: a javascript: URL in front matter --------------------------------------------------------


def test_javascript_or_data_url_in_front_matter_is_dropped_with_a_warning(tmp_path):
    src = seed_copies(tmp_path / "src")
    (src / "js-url.md").write_text("---\ntitle: JS\nurl: javascript:alert(1)\n---\nKetamine relieves chronic pain.\n")
    (src / "data-url.md").write_text("---\ntitle: Data\nurl: 'data:text/html,<script>alert(1)</script>'\n---\n"
                                     "Ketamine relieves chronic pain.\n")
    out = tmp_path / "out"
    run = cli("build", "--sources", str(src), "--out", str(out), *ALL)
    assert run.returncode == 0, run.stderr
    for name in ("js-url.md", "data-url.md"):
        line = next(line for line in run.stderr.splitlines() if name in line)
        assert line.startswith("warning:") and "dropped" in line
    sources = {s["id"]: s for s in json.loads((out / "graph.json").read_text())["sources"]}
    assert sources["js-url"]["url"] == "" and sources["data-url"]["url"] == ""
    turtle = (out / "graph.ttl").read_text()
    assert "javascript:" not in turtle and "data:text/html" not in turtle


# -- row: the page's CSP ---------------------------------------------------------------------------


def _csp(page: str) -> dict[str, list[str]]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in content.split(";")) if d}


def test_page_csp_allows_its_scripts_by_hash_and_no_unsafe_inline(good_build):
    from graph.render.html import script_hash

    page = (good_build / "graph.html").read_text()
    csp = _csp(page)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["script-src-attr"] == ["'none'"]
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 2
    assert sorted(csp["script-src"]) == sorted(script_hash(s) for s in scripts)
    assert re.search(r'<script type="application/json" id="graph-data">', page)


def test_page_csp_stops_an_injected_inline_handler(good_build, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/system-deps.sh")
    page_text = (good_build / "graph.html").read_text()
    injected = ('<img src="data:," onerror="window.__handlerRan = 1">'
                '<div id="bait" onclick="window.__clickRan = 1">bait</div>'
                '<script>window.__scriptRan = 1</script>')
    hostile = tmp_path / "hostile.html"
    hostile.write_text(page_text.replace("<body>", "<body>" + injected, 1))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            console = []
            page.on("console", lambda m: console.append(m.text))
            page.goto(hostile.resolve().as_uri())
            page.wait_for_function("window.evidenceGraph && window.evidenceGraph.ready", timeout=30_000)
            page.dispatch_event("#bait", "click")
            page.wait_for_timeout(200)
            ran = page.evaluate("[window.__handlerRan, window.__clickRan, window.__scriptRan]")
        finally:
            browser.close()
    assert ran == [None, None, None], "an injected handler or script ran"
    assert any("Content Security Policy" in text for text in console), console


# -- row: make test on a machine without Chromium or rapper ----------------------------------------


def test_system_deps_script_names_missing_packages_in_one_line(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "id"):
        os.symlink(shutil.which(tool), bin_dir / tool)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    run = subprocess.run([str(bin_dir / "bash"), str(ROOT / "scripts" / "system-deps.sh"), "--check"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert "chromium" in line and "raptor2-utils" in line and "apt-get install" in line


def test_system_deps_script_is_what_make_test_and_ci_run():
    present = subprocess.run([str(ROOT / "scripts" / "system-deps.sh"), "--check"], capture_output=True, text=True)
    assert present.returncode == 0 and present.stderr == "", "chromium and rapper are installed here"
    dry = subprocess.run(["make", "-n", "test"], capture_output=True, text=True, cwd=ROOT)
    assert dry.returncode == 0, dry.stderr
    assert "scripts/system-deps.sh" in dry.stdout
    ci = "\n".join(line for line in (ROOT / ".ci" / "run").read_text().splitlines() if not line.lstrip().startswith("#"))
    assert "scripts/system-deps.sh" in ci and "apt-get" not in ci and "playwright install" not in ci
