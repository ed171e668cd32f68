"""Reading source files: front matter, encodings, HTML, bad files collected as Problems."""

from __future__ import annotations

import codecs
import os
import shutil
import socket
from pathlib import Path

import pytest

from graph.errors import Problem, SourceError
from graph.sources import DEFAULT_MAX_BYTES, read_source, read_sources, source_id_for

DATA = Path(__file__).parent / "data" / "sources"
SEEDS = Path(__file__).parent.parent / "sources"

GOOD_IDS = ["article", "clinic-page", "nested-article", "notes", "same-id"]
# file name -> a fragment of the reason its Problem must give
BAD_FILES = {
    "empty.txt": "empty file",
    "whitespace-only.txt": "only white space",
    "binary-file.txt": "binary file",
    "latin1.txt": "not UTF-8",
    "unclosed-front-matter.md": "never closed",
    "invalid-yaml.md": "not valid YAML",
    "list-front-matter.txt": "not a list",
    "only-front-matter.md": "only front matter",
    "bad-field-type.md": "'title' must be text",
    "same-id.txt": "already used by",
    "scan.pdf": "unsupported file type",
}


@pytest.fixture(scope="module")
def fixture_dir():
    return read_sources(DATA)


def test_read_sources_keeps_good_files_in_sorted_order(fixture_dir):
    sources, _ = fixture_dir
    assert [s.id for s in sources] == GOOD_IDS
    assert [Path(s.path).name for s in sources] == ["article.txt", "clinic-page.html", "nested-article.md", "notes.md", "same-id.md"]
    assert all(s.text.strip() and not s.text.startswith("---") for s in sources)


def test_read_sources_reports_one_problem_per_bad_file(fixture_dir):
    _, problems = fixture_dir
    assert all(isinstance(p, Problem) and p.action == "skipped" for p in problems)
    by_name = {Path(p.path).name: p for p in problems}
    assert sorted(by_name) == sorted(BAD_FILES), "one Problem per bad file, none for good or ignored files"
    assert len(problems) == len(BAD_FILES)
    for name, fragment in BAD_FILES.items():
        message = str(by_name[name])
        assert name in message and fragment in message, message


def test_hidden_files_and_readme_are_ignored(fixture_dir):
    sources, problems = fixture_dir
    names = {Path(s.path).name for s in sources} | {Path(p.path).name for p in problems}
    assert ".hidden.txt" not in names and "README.md" not in names
    assert (DATA / ".hidden.txt").exists() and (DATA / "README.md").exists()


def test_duplicate_id_problem_names_both_files(fixture_dir):
    _, problems = fixture_dir
    (dup,) = [p for p in problems if Path(p.path).name == "same-id.txt"]
    assert "same-id.md" in dup.reason and "'same-id'" in dup.reason


def test_problem_reasons_are_specific(fixture_dir):
    _, problems = fixture_dir
    by_name = {Path(p.path).name: p.reason for p in problems}
    assert "0xe9" in by_name["latin1.txt"] and "byte offset 6" in by_name["latin1.txt"]
    assert "line 4" in by_name["invalid-yaml.md"] and "line 3" in by_name["invalid-yaml.md"]
    assert "NUL" in by_name["binary-file.txt"]


def test_seed_sources_read_without_problems():
    sources, problems = read_sources(SEEDS)
    assert problems == []
    assert len(sources) == 6
    for source in sources:
        assert source.id == Path(source.path).stem
        assert source.title and source.kind == "blog"
        assert "seed:" not in source.text and not source.text.startswith("---")
        assert source.text.endswith("\n") and not source.text.startswith("\n")
    by_id = {s.id: s for s in sources}
    assert by_id["what-causes-ptsd-and-how-ketamine-can-help"].publisher == "Nova Health Recovery"
    assert by_id["can-chronic-pain-cause-ptsd"].text.startswith("Can Chronic Pain Cause PTSD?\n\nChronic pain and PTSD")


def test_front_matter_fields():
    source = read_source(DATA / "article.txt")
    assert source.metadata() == {
        "id": "article",
        "title": "Ketamine and Chronic Pain",
        "publisher": "Example Health",
        "url": "https://example-health.example/ketamine-chronic-pain",
        "kind": "blog",
        "path": str(DATA / "article.txt"),
        "date": "2024-03-01",  # a YAML date becomes text
    }
    assert source.text.startswith("Ketamine and Chronic Pain\n\nChronic pain lasts")
    assert "author" not in source.text and "tags" not in source.text


def test_title_from_first_heading_or_line(tmp_path):
    assert read_source(DATA / "notes.md").title == "Esketamine and Depression"
    path = tmp_path / "plain.txt"
    path.write_text("\n\nKetamine in the emergency room\n\nKetamine is used for sedation.\n", encoding="utf-8")
    source = read_source(path)
    assert source.title == "Ketamine in the emergency room"
    assert source.text == "Ketamine in the emergency room\n\nKetamine is used for sedation.\n"


def test_html_main_text_without_boilerplate():
    source = read_source(DATA / "clinic-page.html")
    text = source.text
    for wanted in (
        "Neuropathic pain is caused by damage to the nerves themselves.",
        "Dr. Patel et al. reported that low-dose infusions reduced pain scores by approx. 40%",
        "- Nausea, which usually passes within an hour",
        "Serious side effects are rare when ketamine is given under medical supervision.",
    ):
        assert wanted in text
    for unwanted in (
        "Our Services", "Meet the Team", "Book an Appointment", "Copyright", "Privacy policy", "cookies",
        "Related posts", "SCRIPT_IN_BODY_MARKER", "FOOTER_SCRIPT_MARKER", "dataLayer", "hidden-style-marker",
        "<", "&amp;",
    ):
        assert unwanted not in text, unwanted
    # Headings sit on lines of their own with blank lines around; paragraphs are separated by blank lines.
    assert "\n\n## How does ketamine help?\n\n" in text
    assert "\n\n## Possible side effects\n\n" in text
    assert text.startswith("# Ketamine for Nerve Pain\n\n")
    assert "boosters.\n\n## Possible" in text
    # Metadata from the page itself.
    assert source.title == "Ketamine for Nerve Pain"
    assert source.publisher == "Riverside Pain Clinic"
    assert source.url == "https://riverside-pain.example/blog/ketamine-nerve-pain"
    assert source.date == "2023-09-14"


def test_html_reading_never_touches_the_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("network access while reading a source")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    source = read_source(DATA / "clinic-page.html")
    assert "NMDA receptor" in source.text


def test_html_front_matter_wins_over_page_metadata(tmp_path):
    page = (DATA / "clinic-page.html").read_text(encoding="utf-8")
    path = tmp_path / "Clinic Page (copy).htm"
    path.write_text("---\ntitle: My Own Title\npublisher: Someone Else\nkind: clinic\n---\n" + page, encoding="utf-8")
    source = read_source(path)
    assert (source.id, source.title, source.publisher, source.kind) == ("clinic-page-copy", "My Own Title", "Someone Else", "clinic")
    assert source.url == "https://riverside-pain.example/blog/ketamine-nerve-pain"  # not in front matter: from the page
    assert "Neuropathic pain" in source.text and "title:" not in source.text


def test_html_without_main_text_is_a_problem(tmp_path):
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(SourceError, match="no main text"):
        read_source(path)


def test_crlf_and_bom(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(codecs.BOM_UTF8 + "---\r\ntitle: Café\r\n---\r\n\r\nKetamine eases pain.\r\nIt is fast.\rOld Mac line.\r\n".encode("utf-8"))
    source = read_source(path)
    assert source.title == "Café"
    assert source.text == "Ketamine eases pain.\nIt is fast.\nOld Mac line.\n"
    assert "\ufeff" not in source.text and "\r" not in source.text


def test_oversize_file(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Ketamine eases pain. " * (DEFAULT_MAX_BYTES // 21 + 1))
    size = path.stat().st_size
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert f"{size:,} bytes" in info.value.reason and f"{DEFAULT_MAX_BYTES:,} bytes" in info.value.reason
    small = tmp_path / "small.txt"
    small.write_text("Ketamine eases pain in many patients.", encoding="utf-8")
    with pytest.raises(SourceError, match="larger than the limit of 10 bytes"):
        read_source(small, max_bytes=10)
    sources, problems = read_sources(tmp_path, max_bytes=1000)
    assert [s.id for s in sources] == ["small"]
    assert [Path(p.path).name for p in problems] == ["huge.txt"] and "larger than the limit" in problems[0].reason


def test_binary_without_nul_bytes_and_utf16(tmp_path):
    control = tmp_path / "control.txt"
    control.write_bytes(bytes(range(1, 9)) * 50 + b"some text")
    with pytest.raises(SourceError, match="binary file"):
        read_source(control)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Ketamine eases pain.".encode("utf-16"))
    with pytest.raises(SourceError, match="UTF-16"):
        read_source(utf16)


def test_not_utf8_says_where(tmp_path):
    path = tmp_path / "cp1252.md"
    path.write_bytes(b"# Title\n\nKetamine \x93works\x94 well.\n")
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert "0x93" in info.value.reason and "byte offset 18" in info.value.reason and "line 3, column 10" in info.value.reason
    assert info.value.path == str(path) and str(path) in str(info.value)


@pytest.mark.parametrize(
    "front, fragment",
    [
        ("title: [a, b]\n", "'title' must be text, not a list"),
        ("kind: {a: 1}\n", "'kind' must be text, not a mapping"),
        ("publisher: yes\n", "'publisher' must be text, not true/false"),
        ("just a string\n", "not a single str value"),
        ("title: 'unclosed\n", "quoted scalar on line 2"),
        ("a: b\n  c: d\n", "not valid YAML at line 3"),
    ],
)
def test_bad_front_matter(tmp_path, front, fragment):
    path = tmp_path / "bad.md"
    path.write_text("---\n" + front + "---\nKetamine eases pain.\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert fragment in info.value.reason, info.value.reason


def test_tolerant_front_matter(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text("---\ntitle: 1984\nurl:\nseed: 000_x.txt\n42: answer\nextra: [1, 2]\n---\nKetamine eases pain.\n", encoding="utf-8")
    source = read_source(path)
    assert (source.title, source.url, source.text) == ("1984", "", "Ketamine eases pain.\n")
    empty = tmp_path / "empty-front.md"
    empty.write_text("---\n---\nKetamine eases pain.\n", encoding="utf-8")
    assert read_source(empty).title == "Ketamine eases pain."
    rule = tmp_path / "rule.md"  # a "---" later in the text is not front matter
    rule.write_text("Ketamine eases pain.\n\n---\n\nMore text.\n", encoding="utf-8")
    assert read_source(rule).text == "Ketamine eases pain.\n\n---\n\nMore text.\n"


def test_source_id_from_name_not_content(tmp_path):
    a, b = tmp_path / "First Article.txt", tmp_path / "second_article.md"
    a.write_text("Same words.", encoding="utf-8")
    b.write_text("Same words.", encoding="utf-8")
    assert (read_source(a).id, read_source(b).id) == ("first-article", "second_article")
    a.write_text("Different words now.", encoding="utf-8")
    assert read_source(a).id == "first-article"
    assert source_id_for("Ketamine (2023) – Ménière's?.HTML") == "ketamine-2023-meniere-s"
    assert source_id_for("???.txt").startswith("source-") and source_id_for("???.txt") == source_id_for("???.txt")


def test_missing_or_wrong_paths(tmp_path):
    with pytest.raises(SourceError, match="no such directory"):
        read_sources(tmp_path / "nope")
    file = tmp_path / "file.txt"
    file.write_text("Ketamine.", encoding="utf-8")
    with pytest.raises(SourceError, match="not a directory"):
        read_sources(file)
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(tmp_path / "folder.txt")
    with pytest.raises(SourceError, match="not a source file type"):
        read_source(tmp_path / "notes.docx")


def test_broken_link_is_a_problem_not_a_crash(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ketamine eases pain.", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    sources, problems = read_sources(tmp_path)
    assert [s.id for s in sources] == ["good"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [("broken.txt", "no such file")]


def test_file_that_cannot_be_opened(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)  # a link to itself: every open fails (also for root)
    with pytest.raises(SourceError, match="cannot read file: Too many levels of symbolic links"):
        read_source(loop)
    sources, problems = read_sources(tmp_path)
    assert sources == [] and [Path(p.path).name for p in problems] == ["loop.txt"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Ketamine eases pain.", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(SourceError, match="cannot read file"):
            read_source(path)
    finally:
        path.chmod(0o644)


def test_read_sources_is_deterministic_and_recursive(tmp_path):
    shutil.copytree(DATA, tmp_path / "copy")
    first = read_sources(tmp_path / "copy")
    second = read_sources(tmp_path / "copy")
    assert [s.metadata() | {"path": ""} for s in first[0]] == [s.metadata() | {"path": ""} for s in second[0]]
    assert [s.text for s in first[0]] == [s.text for s in read_sources(DATA)[0]]
    assert "nested-article" in [s.id for s in first[0]]
    (tmp_path / "copy" / ".git").mkdir()
    (tmp_path / "copy" / ".git" / "config.txt").write_text("not an article", encoding="utf-8")
    assert [s.id for s in read_sources(tmp_path / "copy")[0]] == GOOD_IDS
