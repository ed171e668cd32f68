"""Text from articles on a terminal: control characters and escape sequences never reach it.

An article's title or sentence may hold terminal escape sequences (clear the screen,
set the window title, plant a hyperlink) or other control characters. Everything the
command line prints goes through :class:`CleanStream`:

- tables and messages (the default): every escape sequence is replaced by one
  ``U+FFFD`` (�) and every other control character (C0 but line feed and tab, DEL,
  C1, and the bidirectional overrides that reorder what is shown) by ``U+FFFD`` too;
- ``--format json``: JSON already escapes C0 characters; DEL, C1 and the bidi
  controls are written as ``\\u`` escapes as well (valid JSON, same data);
- ``--format csv``: the data is written exactly (CSV needs only its quoting) when the
  output goes to a file or a pipe, and cleaned like a table when it goes to a terminal.

>>> clean_text("Ketamine\\x1b]0;pwned\\x07 works\\x1b[2J!\\x9b1m")
'Ketamine� works�!�'
>>> clean_text("two\\nlines\\tand a tab")
'two\\nlines\\tand a tab'
>>> clean_line("a\\nb\\rc")
'a�b�c'
>>> json_escape('"\\x7f\\u202e"')
'"\\\\u007f\\\\u202e"'
"""

from __future__ import annotations

import io
import re
from typing import TextIO

__all__ = ["REPLACEMENT", "clean_text", "clean_line", "json_escape", "CleanStream"]

REPLACEMENT = "\ufffd"

# Escape sequences (ECMA-48): CSI (ESC [ or 0x9b, parameters, intermediates, a final byte),
# OSC/DCS/SOS/PM/APC strings (up to BEL or ST), and two-character ESC sequences.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# Other controls: C0 (the kept ones are removed from the class per use), DEL, C1, and the Unicode
# bidirectional formatting characters (they reorder text on screen: "Trojan source").
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = {keep: re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(32) if chr(c) not in keep) + "\x7f-\x9f" + _BIDI + "]")
    for keep in ("\n\t", "")}
_JSON_UNSAFE = re.compile("[\x7f-\x9f" + _BIDI + "]")


def clean_text(text: str, keep: str = "\n\t") -> str:
    """``text`` with escape sequences and control characters replaced by U+FFFD (``keep`` kept)."""
    text = _SEQUENCE.sub(REPLACEMENT, text)
    pattern = _CONTROL.get(keep)
    if pattern is None:
        pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in keep)
                             + "\x7f-\x9f" + _BIDI + "]")
    return pattern.sub(REPLACEMENT, text)


def clean_line(text: str) -> str:
    """One line for a message: no line breaks, no control characters."""
    return clean_text(text, keep="")


def json_escape(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as ``\\uXXXX`` (they can occur only inside strings)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class CleanStream(io.TextIOBase):
    """A text stream that cleans what is written to it (``mode``: ``"text"``, ``"json"`` or ``"raw"``)."""

    def __init__(self, stream: TextIO, mode: str = "text"):
        self.stream = stream
        self.mode = mode

    def write(self, text: str) -> int:
        if self.mode == "text":
            self.stream.write(clean_text(text))
        elif self.mode == "json":
            self.stream.write(json_escape(text))
        else:
            self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    def __getattr__(self, name: str):
        # Anything else (``buffer`` for a command that writes bytes on purpose, ``reconfigure``, ...)
        # is the wrapped stream's.
        return getattr(self.stream, name)
