"""The curation file (``sources/curation.yaml``): its entries, read with their line numbers, and appended to.

A YAML list; each entry is one decision (see :mod:`graph.curation` for what a build does with
it). Reading never fails as a whole: a bad entry is a one-line :class:`~graph.errors.Problem`
naming the file and line, and a YAML syntax error loses only the entry it sits in. Writing
appends an entry to the text as it is (comments, order and formatting kept), atomically.

>>> decisions, problems = parse_decisions("- action: reject\\n  claim: 6180859989e387a8\\n- action: cure\\n", "c.yaml")
>>> [(d.action, d.line, d.claim) for d in decisions], [str(p) for p in problems]
([('reject', 1, '6180859989e387a8')], ["c.yaml:3: unknown action 'cure' (one of: reject, accept, merge, rename, recategorize, add) (skipped)"])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.errors import Problem
from graph.model import CATEGORIES, CERTAINTIES, POLARITIES, PREDICATES, content_id

__all__ = [
    "CURATION_FILE",
    "ACTIONS",
    "COMMON_KEYS",
    "Decision",
    "parse_decisions",
    "read_decisions",
    "entry_text",
    "append_decision",
]

CURATION_FILE = "curation.yaml"

# action -> (required keys, optional keys); every entry may also carry note, by, at.
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reject": (("claim",), ("subject", "predicate", "object", "polarity")),
    "accept": (("claim",), ("subject", "predicate", "object", "polarity")),
    "merge": (("concept", "into"), ()),
    "rename": (("concept", "label"), ()),
    "recategorize": (("concept", "category"), ()),
    "add": (("subject", "predicate", "object", "source", "quote"),
            ("polarity", "certainty", "study", "subject_category", "object_category")),
}
COMMON_KEYS = ("note", "by", "at")
HEADER = """\
# Curation of the evidence graph: a writer's decisions, applied on every build, in this order.
# Written by `python -m graph curate ...`; edit by hand if you like (one entry per "- action:").
# Keys are claim and concept ids; a decision whose claim or concept is gone is reported as stale
# (python -m graph curate stale) and kept here. See docs/curation.md.
"""



# -- the decisions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One entry of the curation file. Every value is text, as written in the file."""

    action: str
    line: int = 0
    path: str = ""
    claim: str = ""
    subject: str = ""
    predicate: str = ""
    object: str = ""
    polarity: str = ""
    certainty: str = ""
    concept: str = ""
    into: str = ""
    label: str = ""
    category: str = ""
    source: str = ""
    quote: str = ""
    study: str = ""
    subject_category: str = ""
    object_category: str = ""
    note: str = ""
    by: str = ""
    at: str = ""

    @property
    def id(self) -> str:
        """A fingerprint of the entry's content (not its line), stable while the entry is unchanged."""
        return content_id(*(f"{k}={v}" for k, v in self.fields().items()))

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else f"line {self.line}"

    def fields(self) -> dict[str, str]:
        """The entry's keys and values in the order the file writes them (empty ones left out)."""
        required, optional = ACTIONS.get(self.action, ((), ()))
        out = {"action": self.action}
        for key in (*required, *optional, *COMMON_KEYS):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    def target(self) -> str:
        """What the decision is about, in words."""
        if self.action in ("reject", "accept"):
            said = " ".join(x for x in (self.subject, "NOT" if self.polarity == "negated" else "", self.predicate,
                                        self.object) if x)
            return f"claim {self.claim}" + (f" ({said})" if said else "")
        if self.action == "merge":
            return f"concept {self.concept} into {self.into}"
        if self.action == "rename":
            return f"concept {self.concept} as {self.label!r}"
        if self.action == "recategorize":
            return f"concept {self.concept} as {self.category}"
        neg = "NOT " if self.polarity == "negated" else ""
        return f"claim {self.subject} {neg}{self.predicate} {self.object} from {self.source}"


def _check(values: dict[str, str]) -> str:
    """Why an entry's values cannot be a decision ('' when they can)."""
    action = values.get("action", "")
    if not action:
        return "no 'action' (one of: " + ", ".join(ACTIONS) + ")"
    if action not in ACTIONS:
        return f"unknown action {action!r} (one of: {', '.join(ACTIONS)})"
    required, optional = ACTIONS[action]
    unknown = [k for k in values if k != "action" and k not in required + optional + COMMON_KEYS]
    if unknown:
        return f"{action}: unknown key {unknown[0]!r} (known: {', '.join(required + optional + COMMON_KEYS)})"
    missing = [k for k in required if not values.get(k)]
    if missing:
        return f"{action}: no {missing[0]!r} given"
    for key, allowed in (("predicate", PREDICATES), ("polarity", POLARITIES), ("certainty", CERTAINTIES),
                         ("category", CATEGORIES), ("subject_category", CATEGORIES), ("object_category", CATEGORIES)):
        if values.get(key) and values[key] not in allowed:
            return f"{action}: unknown {key} {values[key]!r} (one of: {', '.join(allowed)})"
    if action == "merge" and values["concept"] == values["into"]:
        return "merge: a concept cannot be merged into itself"
    return ""


def _scalar_text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") and node.value in ("", "~", "null", "Null", "NULL") else node.value
    return None


def _entries(root: yaml.Node | None, path: str, offset: int = 0) -> Iterator[tuple[Decision | None, Problem | None]]:
    """Decisions (or problems) from a composed document, one per list item."""
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 + offset
        yield None, Problem(f"{path}:{line}", "the curation file must be a YAML list of decisions ('- action: ...')")
        return
    for item in root.value:
        line = item.start_mark.line + 1 + offset
        where = f"{path}:{line}"
        if not isinstance(item, yaml.MappingNode):
            yield None, Problem(where, "an entry must be a mapping such as 'action: reject' with its keys")
            continue
        values: dict[str, str] = {}
        reason = ""
        for key_node, value_node in item.value:
            key, value = _scalar_text(key_node), _scalar_text(value_node)
            if key is None:
                reason = "a key must be plain text"
            elif key in values:
                reason = f"key {key!r} given twice (line {key_node.start_mark.line + 1 + offset})"
            elif value is None:
                reason = f"{key}: a value must be plain text, not a list or mapping"
            else:
                values[key] = " ".join(value.split()) if key != "quote" else value.strip()
            if reason:
                break
        reason = reason or _check(values)
        if reason:
            yield None, Problem(where, reason)
            continue
        yield Decision(line=line, path=path, **values), None


_ITEM_START = re.compile(r"^-(\s|$)")


def parse_decisions(text: str, path: str = "curation.yaml") -> tuple[list[Decision], list[Problem]]:
    """The decisions of a curation file's text, and a problem for each bad entry (one line each).

    A YAML syntax error loses only the entry it sits in: the file is then read entry by entry
    (each top-level ``- `` starts one).

    >>> decisions, problems = parse_decisions("- action: reject\\n  claim: abc\\n- action: merge\\n  concept: a\\n", "c.yaml")
    >>> [d.action for d in decisions], [str(p) for p in problems]
    (['reject'], ["c.yaml:3: merge: no 'into' given (skipped)"])
    >>> _, problems = parse_decisions("- action: reject\\n  claim: [abc\\n- action: accept\\n  claim: def\\n", "c.yaml")
    >>> [str(p) for p in problems]
    ["c.yaml:1: this entry is not valid YAML (at line 3): expected ',' or ']', but got '<stream end>' (skipped)"]
    """
    decisions: list[Decision] = []
    problems: list[Problem] = []
    try:
        chunks = [(0, yaml.compose(text, Loader=yaml.SafeLoader))]
    except yaml.YAMLError:
        chunks = []
        lines = text.splitlines(keepends=True)
        starts = [i for i, line in enumerate(lines) if _ITEM_START.match(line)] or [0]
        if starts[0] != 0 and any(line.strip() and not line.lstrip().startswith("#") for line in lines[: starts[0]]):
            starts.insert(0, 0)
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            chunk = "".join(lines[start:end])
            try:
                chunks.append((start, yaml.compose(chunk, Loader=yaml.SafeLoader)))
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                problem = " ".join(str(getattr(error, "problem", "") or error).split())
                at = f" (at line {start + mark.line + 1})" if mark is not None else ""
                problems.append(Problem(f"{path}:{start + 1}", f"this entry is not valid YAML{at}: {problem}"))
    for offset, root in chunks:
        for decision, problem in _entries(root, path, offset):
            if decision is not None:
                decisions.append(decision)
            else:
                problems.append(problem)
    problems.sort(key=lambda p: int(p.path.rsplit(":", 1)[1]) if p.path.rsplit(":", 1)[-1].isdigit() else 0)
    return decisions, problems


def read_decisions(path: str | Path) -> tuple[list[Decision], list[Problem]]:
    """The decisions of a curation file; an unreadable file is one problem (and no decision)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return [], [Problem(str(path), f"not UTF-8 text (byte {error.start}); no decision applied")]
    except OSError as error:
        return [], [Problem(str(path), f"cannot be read ({error.strerror or error}); no decision applied")]
    if "\x00" in text:
        return [], [Problem(str(path), "a binary file, not YAML; no decision applied")]
    return parse_decisions(text, str(path))


# -- writing the file ---------------------------------------------------------------------------------


def entry_text(decision: Decision, comment: str = "") -> str:
    """The YAML of one entry, as appended to the file (a comment line above it when given).

    >>> print(entry_text(Decision("reject", claim="6180859989e387a8", note="only 'may'"), "ketamine treats ptsd"), end="")
    # ketamine treats ptsd
    - action: reject
      claim: 6180859989e387a8
      note: only 'may'
    """
    body = yaml.safe_dump([decision.fields()], sort_keys=False, allow_unicode=True, width=100000,
                          default_flow_style=False)
    head = "".join(f"# {line}\n" for line in " ".join(comment.split()).splitlines() if line) if comment else ""
    return head + body


def append_decision(path: str | Path, decision: Decision, comment: str = "") -> int:
    """Append ``decision`` to the curation file (created with a header if missing); its line number.

    The file's text is kept as it is (comments, order, formatting) and the entry added at the
    end; the write is atomic. A file whose top level is not a list is refused.
    """
    from graph.errors import QueryError
    from graph.fileio import atomic_write_text

    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None  # a broken entry elsewhere: appending cannot make it worse, the build reports it
    if root is not None and not isinstance(root, yaml.SequenceNode):
        raise QueryError(f"{path}:{root.start_mark.line + 1}: the curation file must be a YAML list of decisions; "
                         f"not changed")
    if root is not None and isinstance(root, yaml.SequenceNode) and root.flow_style:
        raise QueryError(f"{path}:{root.start_mark.line + 1}: the decisions are a [flow] list; write one "
                         f"'- action: ...' entry per line block to let curate append; not changed")
    if text and not text.endswith("\n"):
        text += "\n"
    entry = entry_text(decision, comment)
    line = text.count("\n") + 1 + (1 if comment else 0)
    atomic_write_text(path, text + entry)
    return line
