"""The command line's argument parser: no silent abbreviations, and "did you mean" on a typo.

:class:`Parser` is ``argparse.ArgumentParser`` with ``allow_abbrev=False`` (``--max-hop``
is an error, never taken for ``--max-hops``), and a usage error that is one line naming
the closest command, option or choice, and where to read more, instead of the whole usage.
Sub-command parsers are made with the same class, so every parser behaves so.

>>> parser = Parser(prog="python -m graph")
>>> commands = parser.add_subparsers(dest="command", metavar="COMMAND")
>>> path = commands.add_parser("path")
>>> _ = path.add_argument("--max-hops", type=int)
>>> _ = path.add_argument("--direction", choices=("both", "in", "out"))
>>> parser.usage_message(["neighbours"])
"unknown command 'neighbours'; see: python -m graph --help"
>>> parser.usage_message(["pth"])
"unknown command 'pth'; did you mean 'path'? (see: python -m graph --help)"
>>> parser.usage_message(["path", "--max-hop", "2"])
"unknown option '--max-hop'; did you mean '--max-hops'? (see: python -m graph path --help)"
>>> parser.usage_message(["path", "--direction", "inn"])
"argument --direction: invalid choice 'inn'; did you mean 'in'? (choose from 'both', 'in', 'out')"
"""

from __future__ import annotations

import argparse
import re

from graph.cli.terminal import clean_line
from graph.suggest import close_matches

__all__ = ["Parser", "UsageError"]

_INVALID_CHOICE = re.compile(r"^argument (?P<arg>[^:]+): invalid choice: (?P<value>'.*?'|\S+) \(choose from (?P<choices>.*)\)$")


class UsageError(Exception):
    """A usage error, with the one-line message :class:`Parser` prints."""


class Parser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` without abbreviations and with one-line "did you mean" errors."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_abbrev"] = False
        kwargs.setdefault("exit_on_error", True)
        super().__init__(*args, **kwargs)
        self._raise_usage = False

    # -- which parser an argument list reaches ---------------------------------------------

    def _subcommands(self) -> argparse._SubParsersAction | None:
        return next((a for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)

    def _options(self) -> list[str]:
        return [o for a in self._actions for o in a.option_strings if o.startswith("--")]

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            parser = self
            sub = self._subcommands()
            command = getattr(namespace, sub.dest, None) if sub is not None else None
            if sub is not None and command in sub.choices:
                parser = sub.choices[command]
            parser.error(parser._unrecognized(extras, self._options() if parser is not self else ()))
        return namespace

    def _unrecognized(self, extras: list[str], more_options: tuple[str, ...] | list[str] = ()) -> str:
        first = next((e for e in extras if e.startswith("-")), extras[0])
        if not first.startswith("-"):
            return f"unexpected argument {first!r}; see: {self.prog} --help"
        name = first.split("=", 1)[0]
        close = close_matches(name, self._options() + list(more_options), n=2)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return f"unknown option {name!r}{hint} (see: {self.prog} --help)"

    # -- the message --------------------------------------------------------------------------

    def _improve(self, message: str) -> str:
        if message.startswith("unknown option") or message.startswith("unexpected argument"):
            return message
        m = _INVALID_CHOICE.match(message)
        if m:
            value = m.group("value").strip("'")
            choices = re.findall(r"'([^']*)'", m.group("choices"))
            close = close_matches(value, choices, n=2)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            sub = self._subcommands()
            if sub is not None and m.group("arg") in (sub.metavar, sub.dest):
                see = f" (see: {self.prog} --help)" if close else f"; see: {self.prog} --help"
                return f"unknown command {value!r}{hint}{see}"
            return f"argument {m.group('arg')}: invalid choice {value!r}{hint} (choose from {m.group('choices')})"
        return f"{message} (see: {self.prog} --help)"

    def error(self, message: str):
        text = clean_line(self._improve(message))
        if self._raise_usage:
            raise UsageError(text)
        self.exit(2, f"error: {text}\n")

    def usage_message(self, argv: list[str]) -> str:
        """The one-line usage error ``argv`` gives (for tests and documentation); ``""`` if none."""
        parsers = [self]
        sub = self._subcommands()
        if sub is not None:
            parsers += list(sub.choices.values())
        for p in parsers:
            p._raise_usage = True
        try:
            self.parse_args(argv)
        except UsageError as error:
            return str(error)
        finally:
            for p in parsers:
                p._raise_usage = False
        return ""
