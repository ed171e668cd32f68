"""Read article files into :class:`~graph.model.Source` records: front matter, encoding, HTML to text.

Supported files: ``.txt`` and ``.md`` (the text as is, but for mail quote markers at line
starts and words a PDF copy broke with a hyphen at a line end: :mod:`graph.plaintext`) and
``.html``/``.htm`` (the main text, found by trafilatura from the markup given; nothing is
ever fetched). Every
file may start with YAML front matter between two ``---`` lines::

    ---
    title: Can Chronic Pain Cause PTSD?
    publisher: Example Clinic
    url: https://example.org/chronic-pain-ptsd
    kind: blog
    date: 2024-03-01
    ---

Known fields (``title``, ``publisher``, ``url``, ``kind``, ``date``) must be text
(numbers and YAML dates are turned into text); other keys are allowed and ignored.
Without a ``title`` the first line of the text is the title (for HTML, the page's
own title first). The source id comes from the file name, never from the content:
the stem in lower case with every run of characters other than ``a-z 0-9 - _``
replaced by ``-``.

``Source.text`` is the body: front matter removed, a UTF-8 byte order mark
removed, line ends turned into ``\\n``, blank lines at the start and white space
at the end removed (the text then ends with one ``\\n``). Every character offset
used later points into it. For HTML the body is rebuilt from trafilatura's XML:
each heading on a line of its own written as a markdown heading (``## How does it
work?``) with blank lines around, paragraphs separated by blank lines, list items
and table rows as ``- `` lines; navigation, footers, scripts and styles are left out.

A file that cannot be used raises :class:`~graph.errors.SourceError` with the
reason: unreadable, empty (or only white space, or only front matter), binary,
UTF-16, not UTF-8 (with the byte offset, line and column), larger than
``max_bytes`` (with both sizes), front matter never closed, front matter that is
not valid YAML (with its line in the file), not a mapping, or a known field that
is not text. :func:`read_sources` collects those as :class:`~graph.errors.Problem`
records instead.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "Ketamine & Pain.md").write_text("---\\ntitle: Ketamine\\nseed: x\\n---\\n\\nKetamine eases pain.\\n")
>>> source = read_source(folder / "Ketamine & Pain.md")
>>> source.id, source.title, source.text
('ketamine-pain', 'Ketamine', 'Ketamine eases pain.\\n')
"""

from __future__ import annotations

import codecs
import datetime
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from graph.errors import Problem, SourceError
from graph.model import Source, content_id
from graph.plaintext import repair_plain_text

__all__ = [
    "read_source",
    "read_sources",
    "source_id_for",
    "split_front_matter",
    "html_to_text",
    "safe_url",
    "SOURCE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm")
TEXT_FIELDS = ("title", "publisher", "url", "kind", "date")
# Files that look like articles but are not in a readable format: reported, not silently ignored.
ARTICLE_LIKE_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".xhtml", ".markdown", ".rst")
# Share of control bytes (other than tab, line feed, form feed, carriage return) above which a file is binary.
BINARY_CONTROL_SHARE = 0.05
TITLE_MAX_CHARS = 150

_ID_DROP = re.compile(r"[^a-z0-9_-]+")
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when installed) on which an impossible date is a YAML error with its line,
    not a ``ValueError`` from deep inside the loader."""


def _construct_timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"impossible date {node.value!r} ({error})", node.start_mark
        ) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_YAML_LOADER = _FrontMatterLoader
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def source_id_for(path: str | Path) -> str:
    """The stable source id of a file: its stem, lower case, safe characters only.

    >>> source_id_for("sources/Can Chronic Pain Cause PTSD?.txt")
    'can-chronic-pain-cause-ptsd'
    >>> source_id_for("Ménière_disease.v2.md"), source_id_for("a.txt") == source_id_for("A.md")
    ('meniere_disease-v2', True)
    """
    stem = Path(path).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = _ID_DROP.sub("-", ascii_stem).strip("-")
    return slug or "source-" + content_id(stem, length=8)


# --- bytes to text ---------------------------------------------------------------------


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 text from bytes (BOM stripped), or a SourceError saying why not."""
    if not data:
        raise SourceError(path, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(path, "text is UTF-16, not UTF-8; save the file as UTF-8")
    if b"\x00" in data:
        raise SourceError(path, "binary file (contains NUL bytes), not text")
    offset = 3 if data.startswith(codecs.BOM_UTF8) else 0
    control_share = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    if control_share > BINARY_CONTROL_SHARE:
        raise SourceError(path, f"binary file ({control_share:.0%} control bytes), not text")
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        at = offset + error.start
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise SourceError(
            path,
            f"not UTF-8 text: invalid byte 0x{data[at]:02x} at byte offset {at} (line {line}, column {column}); "
            "save the file as UTF-8",
        ) from None


def split_front_matter(text: str, path: str | Path = "<text>") -> tuple[dict[str, Any], str, int]:
    """(front matter fields, body, number of lines before the body) of a text with ``\\n`` line ends.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody\\n")
    ({'title': 'A'}, 'Body\\n', 3)
    >>> split_front_matter("No front matter\\n")
    ({}, 'No front matter\\n', 0)
    >>> split_front_matter("---\\n- a\\n- b\\n---\\nBody")
    Traceback (most recent call last):
    graph.errors.SourceError: <text>: front matter must be a mapping of fields (key: value), not a list
    """
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if first_line.rstrip() != "---":
        return {}, text, 0
    closing = _FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise SourceError(path, "front matter opened with '---' on line 1 is never closed (no second '---' line)")
    yaml_text = text[first_end + 1 : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    lines_before = text.count("\n", 0, body_start) if body_start <= len(text) else 0
    try:
        data = yaml.load(yaml_text, Loader=_YAML_LOADER)  # a safe loader (libyaml's when installed)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if mark is not None:
            file_line = mark.line + 2  # the YAML starts on line 2 of the file
            yaml_lines = yaml_text.split("\n")
            shown = yaml_lines[mark.line].strip() if mark.line < len(yaml_lines) else ""
            where = f"line {file_line}" + (f" ({shown[:80]!r})" if shown else "")
        else:
            where = "front matter"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None:
            problem += f" ({context} on line {context_mark.line + 2})"
        raise SourceError(path, f"front matter is not valid YAML at {where}: {problem}") from None
    except Exception as error:  # anything else the loader raises is this file's fault, not the build's
        raise SourceError(path, f"front matter cannot be read: {type(error).__name__}: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        raise SourceError(path, f"front matter must be a mapping of fields (key: value), not {kind}")
    return data, text[body_start:], lines_before


def _field_text(data: dict[str, Any], name: str, path: Path) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, (list, dict, set, tuple)):
        kind = {list: "a list", dict: "a mapping", bool: "true/false"}.get(type(value), type(value).__name__)
        raise SourceError(path, f"front matter field {name!r} must be text, not {kind}")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return " ".join(str(value).split())
    raise SourceError(path, f"front matter field {name!r} must be text, not {type(value).__name__}")


# --- HTML ------------------------------------------------------------------------------


def _inline_text(element, *, skip_children: tuple[str, ...] = ()) -> str:
    """The text of an element of trafilatura's XML, line breaks kept, white space folded."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            elif child.tag not in skip_children and child.tag not in ("graphic",):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = ("".join(parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _xml_blocks(body) -> list[str]:
    blocks: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "head":
            text = " ".join(_inline_text(element).split())
            if text:
                level = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}.get(element.get("rend", ""), 2)
                blocks.append("#" * level + " " + text)
        elif tag == "list":
            items = []
            for item in element.iter("item"):
                text = " ".join(_inline_text(item, skip_children=("list",)).split())
                if text:
                    items.append("- " + text)
            if items:
                blocks.append("\n".join(items))
        elif tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [" ".join(_inline_text(cell).split()) for cell in row if cell.tag == "cell"]
                cells = [c for c in cells if c]
                if cells:
                    rows.append("- " + " | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
        elif tag in ("code", "graphic", "ref"):
            continue
        elif tag == "quote" and len(element) and all(child.tag in ("p", "list", "head") for child in element):
            blocks.extend(_xml_blocks(element))
        else:
            text = _inline_text(element)
            if text:
                blocks.append(text)
    return blocks


def html_to_text(html: str, path: str | Path = "<html>") -> tuple[str, dict[str, str]]:
    """(main text, metadata) of an HTML page, with trafilatura; nothing is fetched.

    The metadata holds ``title``, ``publisher`` (the site name), ``url`` and ``date``
    when the page gives them.

    >>> page = ("<html><head><title>Ketamine</title></head><body><nav>Home | About</nav>"
    ...         "<article><h1>Ketamine and pain</h1><p>Ketamine is an anaesthetic that is now also used, "
    ...         "at low doses, to relieve chronic pain.</p><h2>Side effects</h2><p>Nausea and dizziness "
    ...         "are common, but they are usually mild and pass within an hour.</p></article>"
    ...         "<footer>Copyright 2024</footer></body></html>")
    >>> text, meta = html_to_text(page)
    >>> print(text)
    # Ketamine and pain
    <BLANKLINE>
    Ketamine is an anaesthetic that is now also used, at low doses, to relieve chronic pain.
    <BLANKLINE>
    ## Side effects
    <BLANKLINE>
    Nausea and dizziness are common, but they are usually mild and pass within an hour.
    >>> meta["title"]
    'Ketamine and pain'
    """
    from trafilatura import bare_extraction  # imported here: it is slow to import

    try:
        document = bare_extraction(
            html,
            url=None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as error:  # trafilatura/lxml raise many kinds on broken markup
        raise SourceError(path, f"cannot parse HTML: {error}") from error
    body = getattr(document, "body", None) if document is not None else None
    if body is None:
        raise SourceError(path, "no main text found in the HTML page")
    text = "\n\n".join(_xml_blocks(body))
    if not text.strip():
        raise SourceError(path, "no main text found in the HTML page")
    meta = {
        "title": getattr(document, "title", None) or "",
        "publisher": getattr(document, "sitename", None) or "",
        "url": getattr(document, "url", None) or "",
        "date": getattr(document, "date", None) or "",
    }
    return text, {k: " ".join(str(v).split()) for k, v in meta.items()}


# --- one file --------------------------------------------------------------------------


def _title_from_text(text: str) -> str:
    """The first line of text (a Markdown heading's words; an e-mail's "Subject:" without it)."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip().strip("*_").strip()
        line = re.sub(r"^(?:subject|subj|re|fwd?)\s*:\s*", "", line, flags=re.I)
        if line:
            if len(line) > TITLE_MAX_CHARS:
                line = line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
            return line
    return ""


def safe_url(url: str) -> bool:
    """Whether a source's URL may be kept: an ``http(s)://`` address (never ``javascript:``, ``data:``, ...).

    >>> safe_url("https://example.org/a?b=c"), safe_url("javascript:alert(1)"), safe_url("data:text/html,x")
    (True, False, False)
    >>> safe_url(" JavaScript:alert(1)"), safe_url("example.org/page")
    (False, False)
    """
    return bool(_SAFE_URL.fullmatch(url))


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, warnings: list[Problem] | None = None) -> Source:
    """Read one article file into a :class:`Source`; raise :class:`SourceError` saying why it cannot be used.

    A URL (from front matter or the page) that is not an ``http(s)://`` address is dropped and
    reported as a warning :class:`~graph.errors.Problem` appended to ``warnings`` (and logged).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise SourceError(path, f"not a source file type {suffix or '(none)'!r}; use one of {', '.join(SOURCE_SUFFIXES)}")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except OSError as error:
        raise SourceError(path, f"cannot read file: {error.strerror or error}") from None
    if not path.is_file():
        raise SourceError(path, "not a regular file")
    if size > max_bytes:
        raise SourceError(path, f"file is {size:,} bytes, larger than the limit of {max_bytes:,} bytes")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read file: {error.strerror or error}") from None
    if len(data) > max_bytes:  # grew since stat
        raise SourceError(path, f"file is {len(data):,} bytes, larger than the limit of {max_bytes:,} bytes")
    text = _decode(data, path)
    if not text.strip():
        raise SourceError(path, "file contains only white space")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body, _ = split_front_matter(text, path)
    meta = {name: _field_text(fields, name, path) for name in TEXT_FIELDS}
    extra = sorted(str(k) for k in fields if k not in TEXT_FIELDS)
    if extra:
        log.debug("%s: front matter keys ignored: %s", path, ", ".join(extra))
    if not body.strip():
        raise SourceError(path, "file contains only front matter, no text")
    if suffix in (".html", ".htm"):
        body, page = html_to_text(body, path)
        for name, value in page.items():
            if not meta.get(name) and value:
                meta[name] = value
    else:  # mail quote markers and words broken at a line end (graph.plaintext)
        body = repair_plain_text(body)
    if meta["url"] and not safe_url(meta["url"]):
        shown = meta["url"] if len(meta["url"]) <= 60 else meta["url"][:59] + "…"
        problem = Problem(str(path), f"url {shown!r} is not an http(s):// address; dropped (the article is kept)", "warning")
        if warnings is not None:
            warnings.append(problem)  # the caller reports it
        else:
            log.warning("%s", problem)
        meta["url"] = ""
    body = body.lstrip("\n").rstrip() + "\n"
    if not meta["title"]:
        meta["title"] = _title_from_text(body)
    return Source(
        id=source_id_for(path),
        text=body,
        title=meta["title"],
        publisher=meta["publisher"],
        url=meta["url"],
        kind=meta["kind"],
        path=str(path),
        date=meta["date"],
    )


# --- a folder --------------------------------------------------------------------------


def _ignored(relative: Path) -> bool:
    name = relative.name
    return (
        any(part.startswith(".") for part in relative.parts)
        or Path(name).stem.lower() == "readme"
        or name.endswith("~")
        or name.startswith("~$")
    )


def read_sources(directory: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Source], list[Problem]]:
    """Read every source file under ``directory``; bad files become Problems, never errors.

    The folder is read **recursively** (sub-folders may group articles, e.g. by
    publisher), in sorted order of the path relative to ``directory``. Ignored without
    a word: hidden files and folders (``.name``), README files, editor backups
    (``name~``, ``~$name``). Files with another extension are ignored, except
    article-like formats (``.pdf``, ``.docx``, ...), which are reported as a Problem.
    Two files with the same source id (``a.txt`` and ``A.md``, or the same name in two
    sub-folders): the first in sorted order is kept, the second is reported. A symbolic
    link to a file outside ``directory`` is reported and not read (a link must not pull
    ``/etc/passwd`` into a page meant to be shared). Any error while reading one file
    skips that file with its reason. A URL that is not ``http(s)://`` is dropped with a
    warning Problem (action ``"warning"``; the article is kept).
    A missing directory raises :class:`SourceError`.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Ketamine eases pain.")
    >>> _ = (folder / "a.md").write_text("# Same id")
    >>> _ = (folder / "b.txt").write_bytes(b"")
    >>> sources, problems = read_sources(folder)
    >>> [s.id for s in sources], [p.reason for p in problems]  # doctest: +ELLIPSIS
    (['a'], ["source id 'a' is already used by ...a.md; rename one of the two files", 'empty file'])
    """
    root = Path(directory)
    if not root.exists():
        raise SourceError(root, "no such directory")
    if not root.is_dir():
        raise SourceError(root, "not a directory")
    candidates: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for folder, subfolders, files in os.walk(root, onerror=lambda error: problems.append(
        Problem(str(getattr(error, "filename", root)), f"cannot list folder: {error.strerror or error}", "skipped")
    )):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            relative = path.relative_to(root)
            if _ignored(relative):
                continue
            suffix = path.suffix.lower()
            if suffix in SOURCE_SUFFIXES:
                candidates.append((relative.as_posix(), path))
            elif suffix in ARTICLE_LIKE_SUFFIXES:
                problems.append(Problem(str(path), f"unsupported file type {suffix!r}; convert it to .txt, .md or .html"))
            else:
                log.debug("%s: not a source file, ignored", path)
    candidates.sort()
    sources: list[Source] = []
    owners: dict[str, Path] = {}
    real_root = root.resolve()
    for _, path in candidates:
        if path.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a loop: read_source says what is wrong
                target = real_root
            if target != real_root and real_root not in target.parents:
                problems.append(Problem(str(path), "symbolic link to a file outside the sources folder; not read"))
                continue
        source_id = source_id_for(path)
        if source_id in owners:
            problems.append(
                Problem(str(path), f"source id {source_id!r} is already used by {owners[source_id]}; rename one of the two files")
            )
            continue
        try:
            source = read_source(path, max_bytes=max_bytes, warnings=problems)
        except SourceError as error:
            problems.append(Problem(str(path), error.reason))
            continue
        except Exception as error:  # a fault of this one file (or a reader bug on it): the others still build
            log.debug("reading %s failed", path, exc_info=True)
            problems.append(Problem(str(path), f"cannot be read: {type(error).__name__}: {error}"))
            continue
        owners[source_id] = path
        sources.append(source)
    problems.sort(key=lambda p: p.path)
    for problem in problems:  # returned to the caller, who reports them: logged at INFO only
        log.info("%s", problem)
    log.info("read %d sources from %s (%d skipped)", len(sources), root, len(problems))
    return sources, problems
