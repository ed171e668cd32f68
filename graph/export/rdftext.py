"""Turtle and N-Triples written as text, triple by triple: the default engine of :func:`~graph.export.rdf.write_rdf`.

No RDF library and no store: :func:`~graph.export.rdf.iter_triples` builds each term
directly as its text through a term factory of this module (:class:`NTriplesTerms`,
:class:`TurtleTerms`), and :class:`TextSerializer` writes the triples in the order given,
in chunks, so memory does not grow with the graph (only the IRIs of concepts, sources and
the vocabulary are cached).

The text is the one Oxigraph's serialisers write for the same triples (the engine this one
replaced; ``tests/test_rdf_stream.py`` compares the bytes), except for an IRI whose local part
would end with an escaped ``.``: Oxigraph writes ``concept:dot\\.``, which rdflib cannot parse;
this engine writes the full ``<IRI>``.

- literals: ``"..."`` with the canonical N-Triples escapes (``\\"`` ``\\\\`` ``\\b`` ``\\t``
  ``\\n`` ``\\f`` ``\\r``, ``\\uXXXX`` for the other characters U+0000-U+001F, U+007F and the
  non-characters U+FFFE/U+FFFF); everything else, emoji included, as UTF-8. Text literals carry
  ``@en``; in Turtle ``xsd:integer``, ``xsd:boolean`` and ``xsd:decimal`` values are written bare
  (``51``, ``true``, ``0.427500``) when their lexical form allows it;
- IRIs: ``<...>``; an IRI that is not absolute, holds a character IRIREF forbids (space, ``<``,
  ``>``, ``"``, ``{``, ``}``, ``|``, ``^``, backquote, backslash, controls) or a ``%`` not followed
  by two hex digits is refused with :class:`~graph.errors.ExportError` (data IRIs are minted
  percent-encoded, so only a broken vocabulary or curation id can get there);
- Turtle: ``@prefix`` lines (longest namespace first), a prefixed name when the rest of the
  IRI is a valid ``PN_LOCAL`` once the characters the grammar lets a local name escape are
  escaped (``concept:a\\%20b``, ``concept:\\-x``), else the full ``<IRI>``; ``a`` for
  ``rdf:type``; consecutive triples of one subject joined with ``;`` and of one predicate with ``,``.

>>> import io
>>> serializer = TextSerializer("turtle", {"ex": "http://example.org/"})
>>> t = serializer.terms
>>> out = io.StringIO()
>>> s, a = t.iri("http://example.org/s"), t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
>>> serializer.write([t.triple(s, a, t.iri("http://example.org/C")),
...                   t.triple(s, t.iri("http://example.org/says"), t.lang('a "quote"\\n'))], out)
2
>>> print(out.getvalue().expandtabs(4), end="")  # a tab before a predicate that follows ';'
@prefix ex: <http://example.org/> .
ex:s a ex:C ;
    ex:says "a \\"quote\\"\\n"@en .
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import IO

from graph.errors import ExportError

__all__ = ["TextSerializer", "NTriplesTerms", "TurtleTerms", "TEXT_FORMATS",
           "escape_string", "check_iri", "escape_local_name", "prefix_order"]

log = logging.getLogger(__name__)

#: The formats this engine writes (JSON-LD has its own writer in :mod:`graph.export.rdf`).
TEXT_FORMATS = ("turtle", "ntriples")

LANGUAGE = "en"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# -- literals ---------------------------------------------------------------------------

_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
for _code in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]:
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04X}")
_NEEDS_ESCAPE = re.compile("[" + "".join(f"\\u{ord(c):04x}" for c in sorted(_ESCAPES)) + "]")
_search_escape = _NEEDS_ESCAPE.search
_sub_escape = _NEEDS_ESCAPE.sub


def _escape_match(match: re.Match, _escapes=_ESCAPES) -> str:
    return _escapes[match.group()]


def escape_string(value: str) -> str:
    """The inside of a quoted literal (N-Triples and Turtle ``STRING_LITERAL_QUOTE``).

    >>> escape_string('say "hi"\\\\ \\x00 \\t 😀')
    'say \\\\"hi\\\\"\\\\\\\\ \\\\u0000 \\\\t 😀'
    """
    if _search_escape(value) is None:
        return value
    return _sub_escape(_escape_match, value)


# -- IRIs -------------------------------------------------------------------------------

# IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>'; and a '%' must start a percent-encoding.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]|%(?![0-9A-Fa-f]{2})')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def check_iri(value: str) -> str:
    """``value`` if it can be written as an IRIREF of an absolute IRI, else :class:`ExportError`.

    >>> check_iri("https://example.org/concept/a%20b")
    'https://example.org/concept/a%20b'
    >>> check_iri("https://example.org/a b")
    Traceback (most recent call last):
    ...
    graph.errors.ExportError: not a valid IRI for RDF (' ' at 21): 'https://example.org/a b'
    """
    bad = _BAD_IRI.search(value)
    if bad is not None:
        raise ExportError(f"not a valid IRI for RDF ({bad.group()[:1]!r} at {bad.start()}): {value!r}")
    if _SCHEME.match(value) is None:
        raise ExportError(f"not an absolute IRI (no scheme): {value!r}")
    return value


# PN_CHARS_BASE, PN_CHARS_U and PN_CHARS of the Turtle grammar.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
# PN_LOCAL without escapes: (PN_CHARS_U | ':' | [0-9]) ((PN_CHARS | '.' | ':')* (PN_CHARS | ':'))?
_PLAIN_LOCAL = re.compile(f"[{_PN_CHARS_U}:0-9](?:[{_PN_CHARS}.:]*[{_PN_CHARS}:])?")
_FIRST = re.compile(f"[{_PN_CHARS_U}:0-9]")
_LATER = re.compile(f"[{_PN_CHARS}:]")
#: PN_LOCAL_ESC: the characters a local name may hold escaped with a backslash.
_LOCAL_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")


def escape_local_name(local: str) -> str | None:
    """``local`` as the local part of a prefixed name (``PN_LOCAL``), with a backslash before the
    characters that may only stand there escaped; ``None`` if it cannot be one.

    >>> escape_local_name("ketamine"), escape_local_name("a%20b"), escape_local_name("-x."), escape_local_name("a b")
    ('ketamine', 'a\\\\%20b', '\\\\-x\\\\.', None)
    """
    if _PLAIN_LOCAL.fullmatch(local):
        return local
    if not local:
        return None
    out = []
    last = len(local) - 1
    for index, char in enumerate(local):
        if (_FIRST if index == 0 else _LATER).match(char) or (char == "." and 0 < index < last):
            out.append(char)
        elif char in _LOCAL_ESCAPABLE:
            out.append("\\" + char)
        else:
            return None
    return "".join(out)


# -- term factories ---------------------------------------------------------------------
# The protocol of graph.export.rdf.iter_triples: iri, text, lang, integer, boolean, decimal,
# any_uri, datetime, triple. Here every term is its text.


class NTriplesTerms:
    """Terms as N-Triples text; a triple is the tuple ``(subject, predicate, object)`` of texts."""

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}
        datatypes = ("integer", "boolean", "decimal", "anyURI", "dateTime")
        self._typed = {name: self._iri_text(_XSD + name) for name in datatypes}

    def _iri_text(self, value: str) -> str:
        return "<" + check_iri(value) + ">"

    def iri(self, value: str) -> str:
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = self._iri_text(value)
        return term

    def uncached_iri(self, value: str) -> str:
        """An IRI used by a few triples only (a claim, an evidence node): not kept."""
        term = self._iris.get(value)
        return self._iri_text(value) if term is None else term

    def text(self, value: str) -> str:
        if _search_escape(value) is None:
            return '"' + value + '"'
        return '"' + _sub_escape(_escape_match, value) + '"'

    def lang(self, value: str) -> str:
        if _search_escape(value) is None:
            return '"' + value + '"@' + LANGUAGE
        return '"' + _sub_escape(_escape_match, value) + '"@' + LANGUAGE

    def _typed_literal(self, lexical: str, datatype: str) -> str:
        return '"' + escape_string(lexical) + '"^^' + self._typed[datatype]

    def integer(self, value: int) -> str:
        return self._typed_literal(str(int(value)), "integer")

    def boolean(self, value: bool) -> str:
        return self._typed_literal("true" if value else "false", "boolean")

    def decimal(self, value: float) -> str:
        return self._typed_literal(f"{float(value):.6f}", "decimal")

    def any_uri(self, value: str) -> str:
        return self._typed_literal(value, "anyURI")

    def datetime(self, value: str) -> str:
        return self._typed_literal(value, "dateTime")

    @staticmethod
    def triple(s: str, p: str, o: str) -> tuple[str, str, str]:
        return (s, p, o)


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


class TurtleTerms(NTriplesTerms):
    """Terms as Turtle text: prefixed names where the grammar allows, bare numbers and booleans."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.prefixes = prefix_order(prefixes or {})
        super().__init__()
        self._true, self._false = "true", "false"

    def _iri_text(self, value: str) -> str:
        check_iri(value)
        for name, namespace in self.prefixes:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if not local:
                    return name + ":"
                escaped = escape_local_name(local)
                # A final escaped '.' is valid PN_LOCAL, but rdflib's parser (7.x) refuses it: the full IRI then.
                if escaped is not None and not escaped.endswith("\\."):
                    return name + ":" + escaped
        return "<" + value + ">"

    def integer(self, value: int) -> str:
        return str(int(value))

    def boolean(self, value: bool) -> str:
        return self._true if value else self._false

    def decimal(self, value: float) -> str:
        lexical = f"{float(value):.6f}"
        return lexical if _DECIMAL.fullmatch(lexical) else self._typed_literal(lexical, "decimal")


def prefix_order(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """The prefixes in the order they are declared and tried: longest namespace first, then by name.

    >>> prefix_order({"b": "http://x.org/", "a": "http://x.org/y/", "c": "http://z.org/"})
    [('a', 'http://x.org/y/'), ('b', 'http://x.org/'), ('c', 'http://z.org/')]
    """
    for name, namespace in prefixes.items():
        if not re.fullmatch(f"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?", name):
            raise ExportError(f"not a valid Turtle prefix name: {name!r}")
        check_iri(namespace)
    return sorted(sorted(prefixes.items()), key=lambda item: -len(item[1]))


# -- the writer -------------------------------------------------------------------------

_CHUNK = 4096  # pieces of text per write


class TextSerializer:
    """Writes triples made by :attr:`terms` as Turtle or N-Triples to a text handle, as they come.

    ``prefixes`` (Turtle only) maps prefix names to namespaces.
    """

    def __init__(self, format: str, prefixes: dict[str, str] | None = None) -> None:
        if format not in TEXT_FORMATS:
            raise ExportError(f"the text engine writes {' and '.join(TEXT_FORMATS)}, not {format!r}")
        self.format = format
        self.terms: NTriplesTerms = TurtleTerms(prefixes) if format == "turtle" else NTriplesTerms()

    def write(self, triples: Iterable[tuple[str, str, str]], handle: IO[str]) -> int:
        """Write every triple to ``handle`` (opened for text, UTF-8); the number of triples written."""
        if self.format == "turtle":
            return self._write_turtle(triples, handle)
        return self._write_ntriples(triples, handle)

    def _write_ntriples(self, triples, handle) -> int:
        out: list[str] = []
        append, write, join = out.append, handle.write, "".join
        count = 0
        for count, (s, p, o) in enumerate(triples, 1):
            append(f"{s} {p} {o} .\n")
            if not count % _CHUNK:
                write(join(out))
                out.clear()
        write(join(out))
        return count

    def _write_turtle(self, triples, handle) -> int:
        terms = self.terms
        rdf_type = terms.iri(_RDF_TYPE)
        out: list[str] = []
        append, write, join = out.append, handle.write, "".join
        subject = predicate = None
        count = 0
        for count, (s, p, o) in enumerate(triples, 1):
            if s == subject:
                if p == predicate:
                    append(" , " + o)
                else:
                    predicate = p
                    append(f" ;\n\t{'a' if p == rdf_type else p} {o}")
            else:
                if subject is None:
                    append("".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in terms.prefixes))
                else:
                    append(" .\n")
                subject, predicate = s, p
                append(f"{s} {'a' if p == rdf_type else p} {o}")
            if not count % _CHUNK:
                write(join(out))
                out.clear()
        if subject is not None:
            append(" .\n")
        write(join(out))
        return count
