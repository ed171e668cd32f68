"""Project settings of the exports: the base IRI of the data and the infores id of the graph.

Read from, in order (the first file found wins; flags override it):

1. ``evidence-graph.toml`` (top-level keys), or
2. ``pyproject.toml``'s ``[tool.evidence-graph]`` table,

looked for in the given folders: the build looks beside the sources (the folder holding
``sources/``, then ``sources/`` itself); ``export``, ``sparql`` and ``stats`` look in the
current folder. Keys::

    base = "https://kg.example.org/pain/"     # data IRIs: <base>concept/..., <base>claim/...
    infores = "infores:example-pain-kg"       # primary_knowledge_source of every claim

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "evidence-graph.toml").write_text('base = "https://kg.example.org/pain/"\\n')
>>> s = load_settings(folder)
>>> s.base, s.infores
('https://kg.example.org/pain/', 'infores:evidence-graph')
>>> load_settings(folder, infores="infores:x").infores
'infores:x'
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ExportError
from graph.namespaces import DEFAULT_BASE, project_namespaces

__all__ = ["Settings", "load_settings", "DEFAULT_INFORES", "SETTINGS_FILE"]

#: The infores id unless a setting says otherwise (register your own at the Translator infores catalog).
DEFAULT_INFORES = "infores:evidence-graph"
SETTINGS_FILE = "evidence-graph.toml"
_INFORES_RE = re.compile(r"^infores:[a-z0-9][a-z0-9._-]*$")
_KEYS = {"base", "infores"}


@dataclass(frozen=True)
class Settings:
    """The export settings in force and where they came from (a file, or ``defaults``)."""

    base: str = DEFAULT_BASE
    infores: str = DEFAULT_INFORES
    origin: str = "defaults"

    def writer_options(self) -> dict[str, str]:
        """Options for the RDF and KGX writers."""
        return {"base": self.base, "infores": self.infores}


def _read(folder: Path) -> tuple[dict, str] | None:
    own = folder / SETTINGS_FILE
    if own.is_file():
        return _parse(own), str(own)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = (_parse(pyproject).get("tool") or {}).get("evidence-graph")
        if table is not None:
            if not isinstance(table, dict):
                raise ExportError(f"{pyproject}: [tool.evidence-graph] must be a table")
            return table, f"{pyproject} [tool.evidence-graph]"
    return None


def _parse(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ExportError(f"{path}: cannot read settings: {error}") from error


def load_settings(*folders: str | os.PathLike | None, base: str | None = None, infores: str | None = None) -> Settings:
    """The settings of the first folder that has a settings file, with ``base``/``infores`` flags on top."""
    values: dict = {}
    origin = "defaults"
    for folder in folders:
        if folder is None:
            continue
        found = _read(Path(folder))
        if found:
            values, origin = found
            unknown = sorted(set(values) - _KEYS)
            if unknown:
                raise ExportError(f"{origin}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
            break
    settings = Settings(
        base=base or values.get("base") or DEFAULT_BASE,
        infores=infores or values.get("infores") or DEFAULT_INFORES,
        origin=origin,
    )
    project_namespaces(settings.base)  # raises ExportError on a bad base
    if not isinstance(settings.infores, str) or not _INFORES_RE.match(settings.infores):
        raise ExportError(f"infores id must look like 'infores:my-knowledge-graph', not {settings.infores!r} ({origin})")
    return settings
